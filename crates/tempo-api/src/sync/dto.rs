//! What the sync use cases return: typed for the shell (specta) and printed
//! as JSON by the CLI. No field ever holds a secret.

use serde::{Deserialize, Serialize};

/// A provider's account as Tempo knows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct AccountDto {
    /// "strava", "intervals_icu" or "garmin_connect".
    pub provider: String,
    /// "Strava", "intervals.icu", "Garmin Connect".
    pub label: String,
    pub connected: bool,
    /// The athlete's name or id on the provider (not a secret).
    pub account_name: Option<String>,
    /// RFC 3339.
    pub connected_at: Option<String>,
    /// Included in background sync.
    pub enabled: bool,
    /// Garmin's "one-time sync": no token kept after the sync.
    pub one_time: bool,
    /// How far back the first sync goes, in days; `None`: the whole history.
    pub backfill_days: Option<i32>,
    /// "idle", "running", "waiting" (rate limit or retry later), "error"
    /// or "disconnected".
    pub state: String,
    pub last_success_at: Option<String>,
    pub last_attempt_at: Option<String>,
    /// When background sync next runs for this account (or resumes after a
    /// rate-limit wait).
    pub next_run_at: Option<String>,
    pub last_error: Option<SyncErrorDto>,
    /// Set while the provider's rate limit holds requests back.
    pub rate_limited_until: Option<String>,
    /// The whole history has been listed once.
    pub backfill_done: bool,
    /// Activities Tempo holds from this provider.
    pub activities: i32,
    /// Activities listed but not stored yet (the next sync fetches them).
    pub pending: i32,
    /// Activities that failed for good (shown with their reason).
    pub failed: i32,
    /// Activities stored here that the provider no longer lists; never
    /// deleted without the athlete's say.
    pub missing_upstream: i32,
}

/// An error as the status row keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct SyncErrorDto {
    /// The boundary's error codes: "unauthorized", "rate_limited",
    /// "unreachable", "provider_error", "sign_in", "cancelled"…
    pub code: String,
    pub message: String,
    pub at: String,
}

/// Where a running sync stands; sent after every step.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct SyncProgress {
    pub provider: String,
    /// "listing", "fetching", "wellness", "waiting" or "done".
    pub phase: String,
    /// Activities fetched and stored (or found stored) in this run.
    pub fetched: i32,
    /// Activities to fetch, as far as listed so far.
    pub total: i32,
    /// The activity just handled.
    pub current: Option<String>,
    /// Set while waiting for the rate limit: when the next request goes.
    pub waiting_until: Option<String>,
}

/// What one provider's sync did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct SyncSummary {
    pub provider: String,
    /// Activities the provider listed that Tempo had not seen.
    pub listed: i32,
    /// New activities stored.
    pub imported: i32,
    /// Activities Tempo already had from a file or another provider: this
    /// provider was added as a source.
    pub merged: i32,
    /// Already stored from this provider.
    pub duplicates: i32,
    /// Activities that could not be fetched or read (with their reason).
    pub failed: Vec<SyncIssue>,
    /// Wellness days stored.
    pub wellness_days: i32,
    /// The whole history has now been listed.
    pub backfill_done: bool,
    /// The run stopped for the rate limit; it resumes at this time.
    pub rate_limited_until: Option<String>,
    pub cancelled: bool,
    /// The run ended with this error (what was stored stays stored).
    pub error: Option<SyncErrorDto>,
    pub activity_ids: Vec<i32>,
    pub seconds: f64,
}

/// An activity that failed, by the provider's id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct SyncIssue {
    pub remote_id: String,
    pub name: Option<String>,
    pub reason: String,
}

/// Strava: the athlete's own API application (Settings explains how).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct StravaConnectInput {
    pub client_id: String,
    pub client_secret: String,
}

/// intervals.icu: Settings → Developer Settings on intervals.icu.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct IntervalsConnectInput {
    /// "i12345", or "0" for the key's owner.
    pub athlete_id: String,
    pub api_key: String,
}

/// Garmin Connect: used once to sign in, never stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct GarminConnectInput {
    pub username: String,
    pub password: String,
    /// Sync once, then discard the tokens too.
    pub one_time: bool,
}

/// The answer to a Garmin sign-in: connected, or a code is needed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct GarminSignInDto {
    /// "connected" or "mfa_required".
    pub status: String,
    pub account: Option<AccountDto>,
}

/// The account settings the athlete can change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct AccountOptions {
    pub enabled: Option<bool>,
    /// Days of history for the first sync; 0 clears it (whole history).
    pub backfill_days: Option<i32>,
}

/// An activity stored from a provider that no longer lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct MissingUpstreamDto {
    pub provider: String,
    pub remote_id: String,
    pub activity_id: i32,
    pub name: Option<String>,
    pub start: String,
}

/// What the app frame's sync indicator shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct SyncStatusDto {
    /// A sync is running now (background or "sync now").
    pub running: bool,
    pub progress: Option<SyncProgress>,
    /// Connected accounts.
    pub connected: i32,
    /// The soonest next background run among enabled accounts.
    pub next_run_at: Option<String>,
    /// The latest successful sync of any account.
    pub last_success_at: Option<String>,
    /// Accounts whose last sync failed (or that need reconnecting).
    pub errors: i32,
    /// Set while a rate limit holds a sync back.
    pub rate_limited_until: Option<String>,
}

/// A provider's wellness figures for a day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ProviderWellnessDto {
    /// YYYY-MM-DD.
    pub date: String,
    pub provider: String,
    pub resting_hr: Option<f64>,
    /// Overnight HRV (rMSSD), ms.
    pub hrv_ms: Option<f64>,
    pub weight_kg: Option<f64>,
    pub sleep_hours: Option<f64>,
    /// The provider's sleep score (0–100).
    pub sleep_score: Option<f64>,
}
