//! What is stored where, what is sent to whom, and the athlete's consent
//! before health data first goes to a cloud provider.
//!
//! Consent is per provider and per field: the coach (or anything else that
//! sends data off the machine) calls [`require`] with the fields it is about
//! to send, and gets `consent_required` until the athlete allowed them.

use std::path::Path;

use serde::{Deserialize, Serialize};
use tempo_storage::privacy as repo;

use crate::{AppError, ErrorCode, Tempo};

/// The kinds of data a cloud provider could receive.
pub const CONSENT_FIELDS: [&str; 8] = [
    "profile",
    "thresholds",
    "activity_summaries",
    "activity_streams",
    "rpe_notes",
    "wellness",
    "plan",
    // Activities that came only from Strava's API: a separate opt-in, since
    // Strava's API agreement lets an app show them only to their owner.
    "strava_activities",
];

/// Providers that run off the athlete's machine. A local model, an Ollama or
/// LM Studio server on this computer, and the grounded mode need no consent.
pub const CLOUD_PROVIDERS: [&str; 4] = ["openai", "anthropic", "gemini", "openai_compatible"];

/// A place Tempo stores something.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct StoredWhere {
    /// "database", "backups", "search_index", "models", "logs", "settings" or "keychain".
    pub what: String,
    pub path: String,
}

/// A provider the athlete allowed to receive some fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Consent {
    pub provider: String,
    pub fields: Vec<String>,
    pub granted_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct PrivacyOverview {
    pub stores: Vec<StoredWhere>,
    pub consents: Vec<Consent>,
    pub consent_fields: Vec<String>,
    pub cloud_providers: Vec<String>,
}

fn stored(what: &str, path: impl AsRef<Path>) -> StoredWhere {
    StoredWhere {
        what: what.to_owned(),
        path: path.as_ref().display().to_string(),
    }
}

/// Where everything is; `settings` is the shell's settings file, if any.
pub async fn overview(tempo: &Tempo, settings: Option<&Path>) -> Result<PrivacyOverview, AppError> {
    let mut stores = Vec::new();
    if let Some(db) = tempo.database_path() {
        stores.push(stored("database", db));
    }
    if let Ok(dirs) = tempo.dirs() {
        stores.push(stored("backups", dirs.backups()));
        stores.push(stored("search_index", dirs.cache.join("kb-index")));
        stores.push(stored("models", dirs.models()));
        stores.push(stored("logs", &dirs.logs));
    }
    if let Some(s) = settings {
        stores.push(stored("settings", s));
    }
    stores.push(stored(
        "keychain",
        format!("system keychain, service {}", tempo_secrets::SERVICE),
    ));
    Ok(PrivacyOverview {
        stores,
        consents: consents(tempo).await?,
        consent_fields: CONSENT_FIELDS.iter().map(|f| (*f).to_owned()).collect(),
        cloud_providers: CLOUD_PROVIDERS.iter().map(|p| (*p).to_owned()).collect(),
    })
}

pub async fn consents(tempo: &Tempo) -> Result<Vec<Consent>, AppError> {
    Ok(repo::consents(tempo.store.connection())
        .await?
        .into_iter()
        .map(|r| Consent {
            provider: r.provider,
            fields: serde_json::from_str(&r.fields_json).unwrap_or_default(),
            granted_at: r.granted_at,
        })
        .collect())
}

fn cloud_provider(provider: &str) -> Result<(), AppError> {
    if CLOUD_PROVIDERS.contains(&provider) {
        Ok(())
    } else {
        Err(AppError::invalid(
            "provider",
            format!(
                "{provider:?} is not a cloud provider (one of {})",
                CLOUD_PROVIDERS.join(", ")
            ),
        ))
    }
}

/// Records that the athlete allows `provider` to receive `fields`
/// (replacing an earlier choice).
pub async fn grant(tempo: &Tempo, provider: &str, fields: &[String]) -> Result<Consent, AppError> {
    cloud_provider(provider)?;
    if fields.is_empty() {
        return Err(AppError::invalid(
            "fields",
            "choose at least one kind of data, or revoke the consent instead",
        ));
    }
    let mut clean: Vec<String> = Vec::new();
    for f in fields {
        if !CONSENT_FIELDS.contains(&f.as_str()) {
            return Err(AppError::invalid(
                "fields",
                format!(
                    "unknown kind of data {f:?} (one of {})",
                    CONSENT_FIELDS.join(", ")
                ),
            ));
        }
        if !clean.contains(f) {
            clean.push(f.clone());
        }
    }
    let json = serde_json::to_string(&clean).map_err(|e| AppError::internal(e.to_string()))?;
    repo::grant(tempo.store.connection(), provider, &json, tempo.clock.now()).await?;
    tracing::info!(provider, fields = ?clean, "consent granted");
    consents(tempo)
        .await?
        .into_iter()
        .find(|c| c.provider == provider)
        .ok_or_else(|| AppError::internal("the consent was not stored"))
}

/// Withdraws a provider's consent; nothing more is sent to it.
pub async fn revoke(tempo: &Tempo, provider: &str) -> Result<(), AppError> {
    if !repo::revoke(tempo.store.connection(), provider).await? {
        return Err(AppError::new(
            ErrorCode::NotFound,
            format!("{provider} has no consent to revoke"),
        ));
    }
    tracing::info!(provider, "consent revoked");
    Ok(())
}

/// Ok when the athlete allowed `provider` to receive every one of `fields`;
/// otherwise `consent_required`, naming what is missing.
pub async fn require(tempo: &Tempo, provider: &str, fields: &[&str]) -> Result<(), AppError> {
    let granted = consents(tempo)
        .await?
        .into_iter()
        .find(|c| c.provider == provider)
        .map(|c| c.fields)
        .unwrap_or_default();
    let missing: Vec<&str> = fields
        .iter()
        .copied()
        .filter(|f| !granted.iter().any(|g| g == f))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut err = AppError::new(
        ErrorCode::ConsentRequired,
        format!(
            "{provider} may not receive your {} until you allow it (Settings → Privacy)",
            missing.join(", ")
        ),
    );
    err.field = Some("provider".to_owned());
    Err(err)
}
