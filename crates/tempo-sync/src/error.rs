//! The sync crate's error. Messages are written for the athlete and never
//! carry a token, key or password.

use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SyncError {
    /// The credentials were refused (revoked access, a wrong API key, an
    /// expired refresh token): the athlete must connect again.
    #[error("{provider} refused the credentials: {message}")]
    Unauthorized { provider: String, message: String },
    /// The provider's request budget is spent; nothing is sent before `until`.
    #[error("{provider}'s rate limit is reached: the next request is at {until}")]
    RateLimited {
        provider: String,
        until: DateTime<Utc>,
    },
    /// No connection, or no answer in time.
    #[error("cannot reach {provider}: {message}")]
    Unreachable { provider: String, message: String },
    /// The provider answered with an error status.
    #[error("{provider} answered {status}: {message}")]
    Status {
        provider: String,
        status: u16,
        message: String,
    },
    /// An answer that is not what the API documents: malformed JSON, a
    /// truncated or oversized body.
    #[error("unexpected answer from {provider}: {message}")]
    Protocol { provider: String, message: String },
    /// Signing in failed for a reason the athlete can act on (a wrong
    /// password, a locked account, a sign-in page that changed).
    #[error("{provider} sign-in failed: {message}")]
    SignIn { provider: String, message: String },
    /// The activity exists but has nothing Tempo can store (a manual entry
    /// without streams, a file the provider no longer has).
    #[error("{0}")]
    NoData(String),
    /// A setting is missing or invalid (no client id, a bad base URL).
    #[error("{0}")]
    Config(String),
    #[error("cancelled")]
    Cancelled,
}

impl SyncError {
    /// Worth another try soon: timeouts, dropped connections, 429 and 5xx,
    /// truncated bodies.
    pub fn is_transient(&self) -> bool {
        match self {
            SyncError::Unreachable { .. } => true,
            SyncError::Status { status, .. } => *status == 429 || *status >= 500,
            _ => false,
        }
    }

    /// Short machine-readable kind, for the status row and the UI.
    pub fn kind(&self) -> &'static str {
        match self {
            SyncError::Unauthorized { .. } => "unauthorized",
            SyncError::RateLimited { .. } => "rate_limited",
            SyncError::Unreachable { .. } => "unreachable",
            SyncError::Status { .. } => "provider_error",
            SyncError::Protocol { .. } => "provider_error",
            SyncError::SignIn { .. } => "sign_in",
            SyncError::NoData(_) => "no_data",
            SyncError::Config(_) => "invalid_input",
            SyncError::Cancelled => "cancelled",
        }
    }
}
