//! The boundary error: what the UI and scripts see when something fails.
//!
//! Every crate has its own error enum; here they all become an [`AppError`]
//! with a stable machine-readable [`ErrorCode`] (the UI branches on it, the CLI
//! maps it to an exit code) and a message written for a person.

use serde::{Deserialize, Serialize};
use tempo_domain::DomainError;
use tempo_secrets::SecretError;
use tempo_storage::StorageError;

/// Stable error codes. Adding one is fine; renaming one breaks the UI and scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The input was refused; `field` says which one when known.
    InvalidInput,
    NotFound,
    /// The database file is damaged; the message names it and the way out.
    DatabaseCorrupt,
    /// The database file cannot be opened (permissions, a folder in the way…).
    DatabaseUnreadable,
    /// A newer Tempo wrote the database.
    DatabaseTooNew,
    /// Another database failure.
    Storage,
    /// The OS keychain is unavailable or refused.
    SecretStore,
    /// The settings file could not be read or written.
    Settings,
    /// The knowledge base or its search index could not be loaded.
    Knowledge,
    /// An import finished, but some files could not be read (the summary says which).
    PartialImport,
    /// The same long task is already running (an import); try again after it.
    Busy,
    /// The athlete has not allowed this provider to receive this data yet.
    ConsentRequired,
    /// The coach's model server could not be reached (down, wrong URL, no network).
    Unreachable,
    /// The model provider refused the API key.
    Unauthorized,
    /// The model provider is rate limiting; try again later.
    RateLimited,
    /// The model provider answered with an error or something invalid.
    ProviderError,
    /// Signing in to a provider failed for a reason the athlete can act on
    /// (wrong password, locked account, a sign-in page that changed).
    SignIn,
    /// The local GGUF model could not be loaded or run.
    LocalModel,
    /// The athlete stopped a long task (a model download); what was done is kept.
    Cancelled,
    /// A bug: please report it with the log file.
    Internal,
}

impl ErrorCode {
    /// The snake_case name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::NotFound => "not_found",
            ErrorCode::DatabaseCorrupt => "database_corrupt",
            ErrorCode::DatabaseUnreadable => "database_unreadable",
            ErrorCode::DatabaseTooNew => "database_too_new",
            ErrorCode::Storage => "storage",
            ErrorCode::SecretStore => "secret_store",
            ErrorCode::Settings => "settings",
            ErrorCode::Knowledge => "knowledge",
            ErrorCode::PartialImport => "partial_import",
            ErrorCode::Busy => "busy",
            ErrorCode::ConsentRequired => "consent_required",
            ErrorCode::Unreachable => "unreachable",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::ProviderError => "provider_error",
            ErrorCode::SignIn => "sign_in",
            ErrorCode::LocalModel => "local_model",
            ErrorCode::Cancelled => "cancelled",
            ErrorCode::Internal => "internal",
        }
    }
}

/// `{code, message, field}` at the boundary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    /// The input field the error is about (snake_case, as in the DTOs).
    pub field: Option<String>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError {
            code,
            message: message.into(),
            field: None,
        }
    }

    pub fn internal(message: impl Into<String>) -> Self {
        AppError::new(ErrorCode::Internal, message)
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError {
            code: ErrorCode::InvalidInput,
            message: message.into(),
            field: Some(field.to_owned()),
        }
    }
}

impl From<DomainError> for AppError {
    fn from(e: DomainError) -> Self {
        AppError {
            code: ErrorCode::InvalidInput,
            field: e.field().map(str::to_owned),
            message: e.to_string(),
        }
    }
}

impl From<tempo_plan::PlanError> for AppError {
    fn from(e: tempo_plan::PlanError) -> Self {
        match e {
            tempo_plan::PlanError::Invalid { field, message } => AppError::invalid(field, message),
        }
    }
}

impl From<StorageError> for AppError {
    fn from(e: StorageError) -> Self {
        let code = match &e {
            StorageError::Corrupt { .. } => ErrorCode::DatabaseCorrupt,
            StorageError::Unreadable { .. } => ErrorCode::DatabaseUnreadable,
            StorageError::TooNew { .. } => ErrorCode::DatabaseTooNew,
            StorageError::NotTempo { .. } => ErrorCode::InvalidInput,
            StorageError::Db(_) => ErrorCode::Storage,
        };
        if code == ErrorCode::Storage {
            tracing::error!(error = %e, "storage failure");
        }
        AppError::new(code, e.to_string())
    }
}

impl From<SecretError> for AppError {
    fn from(e: SecretError) -> Self {
        let code = match e {
            SecretError::InvalidKey(_) => ErrorCode::InvalidInput,
            SecretError::Unavailable(_) => ErrorCode::SecretStore,
        };
        AppError::new(code, e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_code_message_field() {
        let e = AppError::invalid("max_hr", "too high");
        let json = serde_json::to_value(&e).expect("json");
        assert_eq!(
            json,
            serde_json::json!({"code": "invalid_input", "message": "too high", "field": "max_hr"})
        );
        for code in [
            ErrorCode::DatabaseCorrupt,
            ErrorCode::Internal,
            ErrorCode::SecretStore,
        ] {
            assert_eq!(serde_json::to_value(code).expect("json"), code.as_str());
        }
    }
}
