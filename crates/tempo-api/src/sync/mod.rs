//! Sync with Strava, intervals.icu and Garmin Connect: connecting accounts,
//! and the engine that keeps an athlete's history complete and current.
//!
//! The engine is the same for every provider (the clients are in
//! `tempo-sync`, behind its `Provider` trait). One run:
//! 1. **Incremental listing** (once the account has synced before): the
//!    activities started after the newest one listed, with a 30-day
//!    overlap, so late uploads and deletions upstream are seen too.
//! 2. **Fetching** what the queue holds, newest first: every activity
//!    listed and not yet stored, this run's or an interrupted run's.
//! 3. **Backfill**, page by page from now back to the window's start (the
//!    whole history by default), fetching each page before listing the
//!    next: recent data is usable at once, and the cursor saved after each
//!    page lets a sync stopped by a quit, a crash or a rate limit resume
//!    where it was.
//! 4. **Wellness** days, where the provider has them.
//!
//! Every activity goes through the importer's storage and dedup: the same
//! activity from a file, an export or another provider becomes one
//! activity with several sources. An activity a provider stops listing is
//! flagged, never deleted without the athlete's say. Credentials are read
//! from and written to the OS keychain only (`sync.<provider>` entries);
//! the database keeps the cursor and status, never a token.

pub mod dto;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use tempo_domain::activity::{ParsedActivity, SourceFormat};
use tempo_storage::activities::{self as repo, NewSource, Origin, Stored};
use tempo_storage::sync::{self as store, AccountRow, Listed, ts};
use tempo_sync::garmin::{self, GarminConfig, GarminTokens, MfaChallenge, SignInStep};
use tempo_sync::intervals::{Intervals, IntervalsConfig, IntervalsCredentials};
use tempo_sync::strava::{self, Strava, StravaConfig, StravaCredentials};
use tempo_sync::{Fetched, Now, Provider, ProviderId, RemoteActivity, SaveCredentials, SyncError};
use tokio_util::sync::CancellationToken;

pub use dto::*;

use crate::activities::CancelFlag;
use crate::{AppError, ErrorCode, Tempo};

/// Incremental listings reach this far behind the newest activity listed:
/// activities uploaded late, and deletions upstream, are seen.
const OVERLAP_DAYS: i64 = 30;
/// Wellness days asked for on a first run; later runs ask from two days
/// before the last success (late sleep scores), within the same depth.
/// Garmin answers a day per request, so this stays small.
const WELLNESS_DAYS: i64 = 30;
/// After a failed run, background sync waits this long before trying again
/// (doubling with each failure up to the interval).
const ERROR_RETRY: chrono::Duration = chrono::Duration::minutes(15);

/// Where the providers are. Tests and the end-to-end suite point them at
/// local fakes; the defaults are the real services.
#[derive(Clone)]
pub struct SyncEndpoints {
    pub strava: StravaConfig,
    pub intervals: IntervalsConfig,
    pub garmin: GarminConfig,
    /// How long Strava's consent may take in the browser.
    pub consent_timeout: Duration,
    /// The providers' clock (rate-limit windows, token expiry); the
    /// context's clock when `None`.
    pub now: Option<Now>,
}

impl std::fmt::Debug for SyncEndpoints {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncEndpoints")
            .field("strava", &self.strava)
            .field("intervals", &self.intervals)
            .field("garmin", &self.garmin)
            .finish_non_exhaustive()
    }
}

impl Default for SyncEndpoints {
    fn default() -> Self {
        SyncEndpoints {
            strava: StravaConfig::default(),
            intervals: IntervalsConfig::default(),
            garmin: GarminConfig::default(),
            consent_timeout: Duration::from_secs(5 * 60),
            now: None,
        }
    }
}

impl SyncEndpoints {
    /// The real services, unless `TEMPO_SYNC_STRAVA_URL`,
    /// `TEMPO_SYNC_INTERVALS_URL` or `TEMPO_SYNC_GARMIN_URL` name another
    /// server (one base URL each: the end-to-end suite's fakes serve every
    /// path of a provider under it).
    pub fn from_env() -> SyncEndpoints {
        let mut e = SyncEndpoints::default();
        let var = |name: &str| {
            std::env::var(name)
                .ok()
                .map(|v| v.trim().trim_end_matches('/').to_owned())
                .filter(|v| !v.is_empty())
        };
        if let Some(url) = var("TEMPO_SYNC_STRAVA_URL") {
            e.strava.api.base_url = format!("{url}/api/v3");
            e.strava.oauth_base = url;
        }
        if let Some(url) = var("TEMPO_SYNC_INTERVALS_URL") {
            e.intervals.api.base_url = format!("{url}/api/v1");
        }
        if let Some(url) = var("TEMPO_SYNC_GARMIN_URL") {
            e.garmin.sso_base.clone_from(&url);
            e.garmin.connect_base.clone_from(&url);
            e.garmin.consumer_url = format!("{url}/oauth_consumer.json");
        }
        e
    }
}

/// A Garmin sign-in waiting for its MFA code.
struct PendingMfa {
    challenge: Box<MfaChallenge>,
    one_time: bool,
}

/// Sync state that lives as long as the context: the endpoints, the one
/// running sync's progress, a Garmin sign-in waiting for its code, and
/// one-time Garmin tokens (never written anywhere).
#[derive(Default)]
pub(crate) struct SyncRuntime {
    endpoints: Mutex<Option<SyncEndpoints>>,
    progress: Mutex<Option<SyncProgress>>,
    running: tokio::sync::Mutex<()>,
    mfa: tokio::sync::Mutex<Option<PendingMfa>>,
    one_time_garmin: Mutex<Option<GarminTokens>>,
}

impl std::fmt::Debug for SyncRuntime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncRuntime").finish_non_exhaustive()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Tempo {
    /// Points the sync providers somewhere else (tests, the e2e fakes).
    pub fn set_sync_endpoints(&self, endpoints: SyncEndpoints) {
        *lock(&self.sync.endpoints) = Some(endpoints);
    }

    fn sync_endpoints(&self) -> SyncEndpoints {
        lock(&self.sync.endpoints)
            .get_or_insert_with(SyncEndpoints::from_env)
            .clone()
    }

    fn provider_now(&self, e: &SyncEndpoints) -> Now {
        match &e.now {
            Some(now) => now.clone(),
            None => {
                let clock = self.clock.clone();
                Arc::new(move || clock.now())
            }
        }
    }
}

// ---- errors ----

impl From<SyncError> for AppError {
    fn from(e: SyncError) -> Self {
        let code = match &e {
            SyncError::Unauthorized { .. } => ErrorCode::Unauthorized,
            SyncError::RateLimited { .. } => ErrorCode::RateLimited,
            SyncError::Unreachable { .. } => ErrorCode::Unreachable,
            SyncError::Status { .. } | SyncError::Protocol { .. } | SyncError::NoData(_) => {
                ErrorCode::ProviderError
            }
            SyncError::SignIn { .. } => ErrorCode::SignIn,
            SyncError::Config(_) => ErrorCode::InvalidInput,
            SyncError::Cancelled => ErrorCode::Cancelled,
        };
        AppError::new(code, e.to_string())
    }
}

/// The provider a CLI or UI argument names.
pub fn provider_of(name: &str) -> Result<ProviderId, AppError> {
    ProviderId::from_key(name.trim()).ok_or_else(|| {
        AppError::invalid(
            "provider",
            format!("unknown provider {name:?}: use strava, intervals_icu or garmin_connect"),
        )
    })
}

// ---- credentials (keychain only) ----

fn secret_key(p: ProviderId) -> String {
    format!("sync.{}", p.key())
}

fn read_secret<T: serde::de::DeserializeOwned>(
    tempo: &Tempo,
    p: ProviderId,
) -> Result<T, AppError> {
    let Some(json) = tempo.secrets.get(&secret_key(p))? else {
        return Err(AppError::new(
            ErrorCode::Unauthorized,
            format!(
                "{} is not connected (no credentials in the keychain): connect it in Settings → Accounts",
                p.label()
            ),
        ));
    };
    serde_json::from_str(json.expose_secret()).map_err(|_| {
        AppError::new(
            ErrorCode::Unauthorized,
            format!(
                "the stored {} credentials are unreadable: connect it again",
                p.label()
            ),
        )
    })
}

fn write_secret<T: serde::Serialize>(tempo: &Tempo, p: ProviderId, v: &T) -> Result<(), AppError> {
    let json = serde_json::to_string(v)
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("cannot encode: {e}")))?;
    tempo
        .secrets
        .put(&secret_key(p), &SecretString::from(json))?;
    Ok(())
}

/// Stores refreshed credentials in the keychain (one-time Garmin tokens in
/// memory only) before the provider uses them.
fn saver(tempo: &Tempo, p: ProviderId, one_time: bool) -> SaveCredentials {
    let secrets = tempo.secrets.clone();
    let runtime = tempo.sync.clone();
    Arc::new(move |json: &str| {
        if one_time {
            if let Ok(t) = serde_json::from_str::<GarminTokens>(json) {
                *lock(&runtime.one_time_garmin) = Some(t);
            }
            return Ok(());
        }
        secrets
            .put(&secret_key(p), &SecretString::from(json.to_owned()))
            .map_err(|e| SyncError::Config(format!("cannot store the new credentials: {e}")))
    })
}

// ---- accounts ----

async fn account_row(tempo: &Tempo, p: ProviderId) -> Result<AccountRow, AppError> {
    Ok(store::account(tempo.store.connection(), p.key())
        .await?
        .unwrap_or_else(|| AccountRow::new(p.key())))
}

async fn save_row(tempo: &Tempo, row: &AccountRow) -> Result<(), AppError> {
    store::save_account(tempo.store.connection(), row, tempo.clock.now()).await?;
    Ok(())
}

async fn account_dto(
    tempo: &Tempo,
    p: ProviderId,
    row: &AccountRow,
) -> Result<AccountDto, AppError> {
    let counts = store::counts(tempo.store.connection(), p.key()).await?;
    let running = lock(&tempo.sync.progress)
        .as_ref()
        .is_some_and(|g| g.provider == p.key());
    let state = if running {
        "running".to_owned()
    } else if !row.connected {
        "disconnected".to_owned()
    } else {
        row.state.clone()
    };
    let n = |v: i64| i32::try_from(v).unwrap_or(i32::MAX);
    Ok(AccountDto {
        provider: p.key().to_owned(),
        label: p.label().to_owned(),
        connected: row.connected,
        account_name: row.account_name.clone(),
        connected_at: row.connected_at.clone(),
        enabled: row.enabled,
        one_time: row.one_time,
        backfill_days: row.backfill_days,
        state,
        last_success_at: row.last_success_at.clone(),
        last_attempt_at: row.last_attempt_at.clone(),
        next_run_at: row
            .next_run_at
            .clone()
            .filter(|_| row.connected && row.enabled),
        last_error: match (&row.last_error_code, &row.last_error_message) {
            (Some(code), Some(message)) => Some(SyncErrorDto {
                code: code.clone(),
                message: message.clone(),
                at: row.last_error_at.clone().unwrap_or_default(),
            }),
            _ => None,
        },
        rate_limited_until: row
            .rate_limited_until
            .clone()
            .filter(|u| *u > ts(tempo.clock.now())),
        backfill_done: row.backfill_done,
        activities: n(counts.activities),
        pending: n(counts.pending),
        failed: n(counts.failed),
        missing_upstream: n(counts.missing_upstream),
    })
}

/// The three providers' accounts, connected or not.
pub async fn accounts(tempo: &Tempo) -> Result<Vec<AccountDto>, AppError> {
    let mut out = Vec::new();
    for p in ProviderId::ALL {
        let row = account_row(tempo, p).await?;
        out.push(account_dto(tempo, p, &row).await?);
    }
    Ok(out)
}

pub async fn account(tempo: &Tempo, p: ProviderId) -> Result<AccountDto, AppError> {
    let row = account_row(tempo, p).await?;
    account_dto(tempo, p, &row).await
}

/// Marks an account connected (its credentials are in the keychain).
async fn connected(
    tempo: &Tempo,
    p: ProviderId,
    name: Option<String>,
    one_time: bool,
) -> Result<AccountDto, AppError> {
    let now = tempo.clock.now();
    let mut row = account_row(tempo, p).await?;
    row.connected = true;
    row.account_name = name;
    row.connected_at = Some(ts(now));
    row.one_time = one_time;
    row.state = "idle".into();
    row.next_run_at = Some(ts(now));
    row.last_error_code = None;
    row.last_error_message = None;
    row.last_error_at = None;
    row.rate_limited_until = None;
    save_row(tempo, &row).await?;
    tracing::info!(provider = p.key(), "account connected");
    account_dto(tempo, p, &row).await
}

/// Connects Strava with the athlete's own API application: `open_browser`
/// shows Strava's consent page; the redirect comes back to a one-shot
/// listener on 127.0.0.1.
pub async fn connect_strava(
    tempo: &Tempo,
    input: &StravaConnectInput,
    open_browser: impl FnOnce(&str) -> Result<(), AppError>,
    cancel: &CancellationToken,
) -> Result<AccountDto, AppError> {
    if !input.client_id.trim().chars().all(|c| c.is_ascii_digit())
        || input.client_id.trim().is_empty()
    {
        return Err(AppError::invalid(
            "client_id",
            "the client ID is the number on strava.com/settings/api",
        ));
    }
    if input.client_secret.trim().is_empty() {
        return Err(AppError::invalid(
            "client_secret",
            "paste the client secret from strava.com/settings/api",
        ));
    }
    let e = tempo.sync_endpoints();
    let creds = strava::connect(
        &e.strava,
        &input.client_id,
        &input.client_secret,
        |url| open_browser(url).map_err(|err| SyncError::Config(err.message)),
        e.consent_timeout,
        cancel,
        tempo.provider_now(&e),
    )
    .await?;
    write_secret(tempo, ProviderId::Strava, &creds)?;
    let name = creds
        .athlete_name
        .clone()
        .or_else(|| creds.athlete_id.map(|id| format!("athlete {id}")));
    connected(tempo, ProviderId::Strava, name, false).await
}

/// Connects intervals.icu: the key is checked with one request first.
pub async fn connect_intervals(
    tempo: &Tempo,
    input: &IntervalsConnectInput,
) -> Result<AccountDto, AppError> {
    let athlete_id = input.athlete_id.trim();
    let valid_id = athlete_id == "0"
        || (athlete_id.len() > 1
            && athlete_id.starts_with('i')
            && athlete_id[1..].chars().all(|c| c.is_ascii_digit()));
    if !valid_id {
        return Err(AppError::invalid(
            "athlete_id",
            "the athlete ID looks like i12345 (or 0 for the key's owner)",
        ));
    }
    if input.api_key.trim().is_empty() {
        return Err(AppError::invalid(
            "api_key",
            "paste the API key from intervals.icu → Settings → Developer Settings",
        ));
    }
    let creds = IntervalsCredentials {
        athlete_id: athlete_id.to_owned(),
        api_key: input.api_key.trim().to_owned(),
    };
    let client = Intervals::new(tempo.sync_endpoints().intervals, creds.clone())?;
    let name = client.verify().await?;
    write_secret(tempo, ProviderId::IntervalsIcu, &creds)?;
    connected(tempo, ProviderId::IntervalsIcu, Some(name), false).await
}

async fn garmin_connected(
    tempo: &Tempo,
    tokens: GarminTokens,
    one_time: bool,
) -> Result<AccountDto, AppError> {
    let name = tokens.display_name.clone();
    if one_time {
        // Kept in memory for the one sync, never in the keychain.
        *lock(&tempo.sync.one_time_garmin) = Some(tokens);
    } else {
        write_secret(tempo, ProviderId::GarminConnect, &tokens)?;
    }
    connected(tempo, ProviderId::GarminConnect, name, one_time).await
}

/// Signs in to Garmin Connect. The password is used for this sign-in only:
/// it is never stored, logged or returned.
pub async fn connect_garmin(
    tempo: &Tempo,
    input: &GarminConnectInput,
) -> Result<GarminSignInDto, AppError> {
    if input.username.trim().is_empty() {
        return Err(AppError::invalid(
            "username",
            "enter your Garmin Connect email",
        ));
    }
    if input.password.is_empty() {
        return Err(AppError::invalid(
            "password",
            "enter your Garmin Connect password",
        ));
    }
    let e = tempo.sync_endpoints();
    match garmin::sign_in(&e.garmin, input.username.trim(), &input.password).await? {
        SignInStep::Done(tokens) => Ok(GarminSignInDto {
            status: "connected".into(),
            account: Some(garmin_connected(tempo, tokens, input.one_time).await?),
        }),
        SignInStep::NeedsMfa(challenge) => {
            *tempo.sync.mfa.lock().await = Some(PendingMfa {
                challenge,
                one_time: input.one_time,
            });
            Ok(GarminSignInDto {
                status: "mfa_required".into(),
                account: None,
            })
        }
    }
}

/// Finishes a Garmin sign-in with the code Garmin sent. A wrong code can be
/// followed by another.
pub async fn garmin_mfa(tempo: &Tempo, code: &str) -> Result<AccountDto, AppError> {
    let mut pending = tempo.sync.mfa.lock().await;
    let Some(p) = pending.as_mut() else {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            "no Garmin sign-in is waiting for a code: sign in again",
        ));
    };
    let tokens = p.challenge.submit(code).await?;
    let one_time = p.one_time;
    *pending = None;
    drop(pending);
    garmin_connected(tempo, tokens, one_time).await
}

/// Disconnects an account: its secrets leave the keychain; its activities
/// stay (Settings → Data erases them).
pub async fn disconnect(tempo: &Tempo, p: ProviderId) -> Result<AccountDto, AppError> {
    forget_credentials(tempo, p).await?;
    let mut row = account_row(tempo, p).await?;
    row.connected = false;
    row.state = "disconnected".into();
    row.next_run_at = None;
    row.rate_limited_until = None;
    save_row(tempo, &row).await?;
    tracing::info!(provider = p.key(), "account disconnected, secrets deleted");
    account_dto(tempo, p, &row).await
}

/// Deletes an account's secrets and any sign-in in progress (erasure).
pub(crate) async fn forget_credentials(tempo: &Tempo, p: ProviderId) -> Result<(), AppError> {
    tempo.secrets.delete(&secret_key(p))?;
    if p == ProviderId::GarminConnect {
        *lock(&tempo.sync.one_time_garmin) = None;
        *tempo.sync.mfa.lock().await = None;
    }
    Ok(())
}

/// Changes an account's settings.
pub async fn set_options(
    tempo: &Tempo,
    p: ProviderId,
    options: &AccountOptions,
) -> Result<AccountDto, AppError> {
    let mut row = account_row(tempo, p).await?;
    if let Some(enabled) = options.enabled {
        row.enabled = enabled;
    }
    if let Some(days) = options.backfill_days {
        if !(0..=36_500).contains(&days) {
            return Err(AppError::invalid(
                "backfill_days",
                "the history window is 0 (all) to 36,500 days",
            ));
        }
        let new = (days > 0).then_some(days);
        // A longer window than the one the backfill finished with reopens it.
        if row.backfill_done && (new.is_none() || new > row.backfill_days) {
            row.backfill_done = false;
        }
        row.backfill_days = new;
    }
    save_row(tempo, &row).await?;
    account_dto(tempo, p, &row).await
}

// ---- the engine ----

/// What to sync.
#[derive(Debug, Clone, Default)]
pub struct SyncRequest {
    /// One provider, or every connected and enabled account.
    pub provider: Option<ProviderId>,
    /// Re-list from this day (the CLI's `--since`), whatever the cursor says.
    pub since: Option<NaiveDate>,
    /// The background interval: a successful run schedules the next one
    /// this far ahead. `None`: no next run is scheduled.
    pub interval: Option<chrono::Duration>,
    /// Only accounts whose next run is due (background sync).
    pub due_only: bool,
}

/// Runs a sync (module docs). One at a time: a second call while one runs
/// gets `busy`.
pub async fn sync(
    tempo: &Tempo,
    request: &SyncRequest,
    progress: impl Fn(&SyncProgress) + Send + Sync,
    cancel: &CancelFlag,
) -> Result<Vec<SyncSummary>, AppError> {
    let Ok(_running) = tempo.sync.running.try_lock() else {
        return Err(AppError::new(
            ErrorCode::Busy,
            "a sync is already running: wait for it or cancel it",
        ));
    };
    let now = tempo.clock.now();
    let mut targets = Vec::new();
    for p in ProviderId::ALL {
        if request.provider.is_some_and(|r| r != p) {
            continue;
        }
        let row = account_row(tempo, p).await?;
        if !row.connected {
            if request.provider.is_some() {
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    format!(
                        "{} is not connected: connect it in Settings → Accounts",
                        p.label()
                    ),
                ));
            }
            continue;
        }
        let due = row
            .next_run_at
            .as_deref()
            .is_none_or(|t| t <= ts(now).as_str());
        if request.due_only && (!row.enabled || !due) {
            continue;
        }
        if request.provider.is_none() && !request.due_only && !row.enabled {
            continue;
        }
        targets.push((p, row));
    }
    let mut out = Vec::new();
    for (p, row) in targets {
        if cancel.is_cancelled() {
            break;
        }
        let summary = run_one(tempo, p, row, request, &progress, cancel).await;
        *lock(&tempo.sync.progress) = None;
        out.push(summary?);
    }
    Ok(out)
}

async fn run_one(
    tempo: &Tempo,
    p: ProviderId,
    mut row: AccountRow,
    request: &SyncRequest,
    progress: &(impl Fn(&SyncProgress) + Send + Sync),
    cancel: &CancelFlag,
) -> Result<SyncSummary, AppError> {
    let started = Instant::now();
    let now = tempo.clock.now();
    row.state = "running".into();
    row.last_attempt_at = Some(ts(now));
    save_row(tempo, &row).await?;
    let e = tempo.sync_endpoints();
    let clock = tempo.provider_now(&e);
    let mut run = Run {
        tempo,
        provider: p,
        summary: SyncSummary {
            provider: p.key().to_owned(),
            ..Default::default()
        },
        progress: SyncProgress {
            provider: p.key().to_owned(),
            phase: "listing".into(),
            ..Default::default()
        },
        report: progress,
        cancel,
    };
    let one_time = row.one_time;
    let result = match p {
        ProviderId::Strava => match read_secret::<StravaCredentials>(tempo, p) {
            Ok(c) => match Strava::new(e.strava.clone(), c, saver(tempo, p, false), clock) {
                Ok(client) => run.go(&client, &mut row, request).await,
                Err(err) => Err(err.into()),
            },
            Err(err) => Err(err),
        },
        ProviderId::IntervalsIcu => match read_secret::<IntervalsCredentials>(tempo, p) {
            Ok(c) => match Intervals::new(e.intervals.clone(), c) {
                Ok(client) => run.go(&client, &mut row, request).await,
                Err(err) => Err(err.into()),
            },
            Err(err) => Err(err),
        },
        ProviderId::GarminConnect => {
            let tokens = if one_time {
                lock(&tempo.sync.one_time_garmin).clone().ok_or_else(|| {
                    AppError::new(
                        ErrorCode::Unauthorized,
                        "the one-time Garmin sign-in has been used: sign in again",
                    )
                })
            } else {
                read_secret::<GarminTokens>(tempo, p)
            };
            match tokens {
                Ok(t) => {
                    match garmin::Garmin::new(e.garmin.clone(), t, saver(tempo, p, one_time), clock)
                    {
                        Ok(client) => run.go(&client, &mut row, request).await,
                        Err(err) => Err(err.into()),
                    }
                }
                Err(err) => Err(err),
            }
        }
    };
    let mut summary = run.summary;
    let now = tempo.clock.now();
    row.rate_limited_until = None;
    match result {
        Ok(()) if summary.cancelled => {
            row.state = "idle".into();
        }
        Ok(()) => {
            row.state = "idle".into();
            row.last_success_at = Some(ts(now));
            row.last_error_code = None;
            row.last_error_message = None;
            row.last_error_at = None;
            row.next_run_at = request.interval.map(|i| ts(now + i));
        }
        Err(err) if err.code == ErrorCode::RateLimited => {
            let until = summary.rate_limited_until.clone();
            row.state = "waiting".into();
            row.rate_limited_until.clone_from(&until);
            row.next_run_at = until;
        }
        Err(err) => {
            tracing::warn!(
                provider = p.key(),
                code = err.code.as_str(),
                "sync failed: {}",
                err.message
            );
            row.state = "error".into();
            row.last_error_code = Some(err.code.as_str().to_owned());
            row.last_error_message = Some(err.message.clone());
            row.last_error_at = Some(ts(now));
            // Background sync tries again later, unless only the athlete
            // can fix it (reconnecting).
            row.next_run_at = (err.code != ErrorCode::Unauthorized).then(|| {
                let wait = request
                    .interval
                    .map_or(ERROR_RETRY, |i| i.min(ERROR_RETRY * 4));
                ts(now + wait)
            });
            summary.error = Some(SyncErrorDto {
                code: err.code.as_str().to_owned(),
                message: err.message,
                at: ts(now),
            });
        }
    }
    summary.backfill_done = row.backfill_done;
    // A one-time Garmin sync keeps nothing once done (or failed for good).
    if one_time && row.state != "waiting" && !summary.cancelled {
        *lock(&tempo.sync.one_time_garmin) = None;
        row.connected = false;
        row.state = "disconnected".into();
        row.next_run_at = None;
    }
    save_row(tempo, &row).await?;
    summary.seconds = started.elapsed().as_secs_f64();
    let mut done = run.progress.clone();
    done.phase = "done".into();
    progress(&done);
    tracing::info!(
        provider = p.key(),
        imported = summary.imported,
        merged = summary.merged,
        failed = summary.failed.len(),
        seconds = summary.seconds,
        "sync finished"
    );
    Ok(summary)
}

/// One provider's run.
struct Run<'a, F: Fn(&SyncProgress) + Send + Sync> {
    tempo: &'a Tempo,
    provider: ProviderId,
    summary: SyncSummary,
    progress: SyncProgress,
    report: &'a F,
    cancel: &'a CancelFlag,
}

/// A provider error that ends the run (as opposed to one activity's).
fn ends_run(e: &SyncError) -> bool {
    matches!(
        e,
        SyncError::Unauthorized { .. }
            | SyncError::RateLimited { .. }
            | SyncError::Unreachable { .. }
            | SyncError::Cancelled
    ) || matches!(e, SyncError::Status { status, .. } if *status == 429 || *status >= 500)
}

fn parse_ts(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

impl<F: Fn(&SyncProgress) + Send + Sync> Run<'_, F> {
    fn emit(&self) {
        *lock(&self.tempo.sync.progress) = Some(self.progress.clone());
        (self.report)(&self.progress);
    }

    fn key(&self) -> &'static str {
        self.provider.key()
    }

    /// A provider error as the run's end: a rate limit is remembered with
    /// the time it lifts.
    fn fail(&mut self, e: SyncError) -> AppError {
        if let SyncError::RateLimited { until, .. } = &e {
            self.summary.rate_limited_until = Some(ts(*until));
            self.progress.phase = "waiting".into();
            self.progress.waiting_until = Some(ts(*until));
            self.emit();
        }
        e.into()
    }

    async fn go(
        &mut self,
        client: &impl Provider,
        row: &mut AccountRow,
        request: &SyncRequest,
    ) -> Result<(), AppError> {
        let now = self.tempo.clock.now();
        self.emit();
        // 1. What is new since the last run (or since `--since`).
        let incremental_from = match request.since {
            Some(day) => Some(day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()),
            None => row
                .newest_start
                .as_deref()
                .and_then(parse_ts)
                .map(|t| t - chrono::Duration::days(OVERLAP_DAYS)),
        };
        if let Some(after) = incremental_from {
            let mut listed_ids = Vec::new();
            let mut before = None;
            loop {
                if self.cancel.is_cancelled() {
                    self.summary.cancelled = true;
                    return Ok(());
                }
                let page = match client.list(before, Some(after)).await {
                    Ok(p) => p,
                    Err(e) => return Err(self.fail(e)),
                };
                listed_ids.extend(page.items.iter().map(|i| i.remote_id.clone()));
                self.record(&page.items, row).await?;
                match page.next_before {
                    Some(b) if b > after => before = Some(b),
                    _ => break,
                }
            }
            // A complete listing of (after, now]: what it lacks was deleted
            // (or made private) upstream.
            store::flag_missing(
                self.tempo.store.connection(),
                self.key(),
                after,
                now,
                &listed_ids,
            )
            .await?;
            save_row(self.tempo, row).await?;
        }
        // 2. What an earlier run listed and did not store.
        self.fetch_queue(client).await?;
        if self.summary.cancelled {
            return Ok(());
        }
        // 3. The backfill, newest first, a page at a time.
        let window_start = row
            .backfill_days
            .map(|d| now - chrono::Duration::days(i64::from(d)));
        while !row.backfill_done {
            if self.cancel.is_cancelled() {
                self.summary.cancelled = true;
                return Ok(());
            }
            self.progress.phase = "listing".into();
            self.emit();
            let before = row.backfill_before.as_deref().and_then(parse_ts);
            let page = match client.list(before, window_start).await {
                Ok(p) => p,
                Err(e) => return Err(self.fail(e)),
            };
            self.record(&page.items, row).await?;
            match page.next_before {
                Some(b) if window_start.is_none_or(|w| b > w) && before.is_none_or(|o| b < o) => {
                    row.backfill_before = Some(ts(b));
                }
                _ => row.backfill_done = true,
            }
            save_row(self.tempo, row).await?;
            self.fetch_queue(client).await?;
            if self.summary.cancelled {
                return Ok(());
            }
        }
        // 4. Wellness.
        self.progress.phase = "wellness".into();
        self.emit();
        let today = self.tempo.clock.today();
        let deepest = today - chrono::Duration::days(WELLNESS_DAYS);
        let from = request.since.unwrap_or_else(|| {
            row.last_success_at
                .as_deref()
                .and_then(parse_ts)
                .map_or(deepest, |t| {
                    (t.date_naive() - chrono::Duration::days(2)).max(deepest)
                })
        });
        match client.wellness(from, today).await {
            Ok(days) => {
                let rows: Vec<store::WellnessRow> = days
                    .iter()
                    .map(|d| store::WellnessRow {
                        date: d.date.to_string(),
                        provider: self.key().to_owned(),
                        resting_hr: d.resting_hr,
                        hrv_ms: d.hrv_ms,
                        weight_kg: d.weight_kg,
                        sleep_s: d.sleep_s,
                        sleep_score: d.sleep_score,
                    })
                    .collect();
                store::save_wellness(self.tempo.store.connection(), &rows, self.tempo.clock.now())
                    .await?;
                self.summary.wellness_days = rows.len() as i32;
            }
            Err(e) if ends_run(&e) => return Err(self.fail(e)),
            Err(e) => self.summary.failed.push(SyncIssue {
                remote_id: "wellness".into(),
                name: None,
                reason: e.to_string(),
            }),
        }
        Ok(())
    }

    /// Queues a listed page and moves the newest-start cursor.
    async fn record(
        &mut self,
        items: &[RemoteActivity],
        row: &mut AccountRow,
    ) -> Result<(), AppError> {
        let listed: Vec<Listed> = items
            .iter()
            .map(|i| Listed {
                remote_id: i.remote_id.clone(),
                start: i.start,
                name: i.name.clone(),
                sport: i.sport.clone(),
                distance_m: i.distance_m,
                elapsed_s: i.elapsed_s,
            })
            .collect();
        let new = store::record_listed(
            self.tempo.store.connection(),
            self.key(),
            &listed,
            self.tempo.clock.now(),
        )
        .await?;
        self.summary.listed += new as i32;
        if let Some(newest) = items.iter().map(|i| ts(i.start)).max()
            && row.newest_start.as_ref().is_none_or(|n| newest > *n)
        {
            row.newest_start = Some(newest);
        }
        self.progress.total = self.progress.fetched
            + store::count_to_fetch(self.tempo.store.connection(), self.key()).await? as i32;
        self.emit();
        Ok(())
    }

    /// Fetches and stores every queued activity, newest first, each once
    /// per run (a failing one is tried again on the next run).
    async fn fetch_queue(&mut self, client: &impl Provider) -> Result<(), AppError> {
        let db = self.tempo.store.connection();
        let queue = store::to_fetch(db, self.key(), u32::MAX).await?;
        self.progress.phase = "fetching".into();
        self.progress.total = self.progress.fetched + queue.len() as i32;
        self.emit();
        for item in queue {
            if self.cancel.is_cancelled() {
                self.summary.cancelled = true;
                return Ok(());
            }
            let remote = RemoteActivity {
                remote_id: item.remote_id.clone(),
                start: parse_ts(&item.start_utc).unwrap_or_default(),
                name: item.name.clone(),
                sport: item.sport.clone(),
                distance_m: item.distance_m,
                elapsed_s: item.elapsed_s,
            };
            self.progress.current = item.name.clone().or_else(|| Some(item.remote_id.clone()));
            let now = self.tempo.clock.now();
            // One record per outcome; only a failure is reported (a
            // skipped activity has nothing to store, by the provider's word).
            let (state, id, reason) = match client.fetch(&remote).await {
                Ok(fetched) => match self.store(&remote, fetched).await {
                    Ok(id) => ("stored", id, None),
                    Err(reason) => ("failed", None, Some(reason)),
                },
                Err(SyncError::NoData(reason)) => ("skipped", None, Some(reason)),
                Err(e) if ends_run(&e) => return Err(self.fail(e)),
                Err(e) => ("failed", None, Some(e.to_string())),
            };
            store::mark(
                db,
                self.key(),
                &item.remote_id,
                state,
                id,
                reason.as_deref(),
                now,
            )
            .await?;
            if state == "failed" {
                self.summary.failed.push(SyncIssue {
                    remote_id: item.remote_id.clone(),
                    name: item.name.clone(),
                    reason: reason.unwrap_or_default(),
                });
            }
            self.progress.fetched += 1;
            self.emit();
        }
        Ok(())
    }

    /// Stores what a provider sent through the importer's dedup. Returns
    /// the activity it is (new or already stored), or why it cannot be read.
    async fn store(
        &mut self,
        remote: &RemoteActivity,
        fetched: Fetched,
    ) -> Result<Option<i64>, String> {
        let (activities, hash, format, file_name, size) = match fetched {
            Fetched::Parsed(a) => {
                // No file: the provider's id is the content's identity, so a
                // re-sync is a duplicate, never a second copy.
                let hash = hex(&Sha256::digest(
                    format!("{}:{}", self.key(), remote.remote_id).as_bytes(),
                ));
                let name = format!("{}:{}", self.key(), remote.remote_id);
                (vec![*a], hash, SourceFormat::Api, name, 0)
            }
            Fetched::File { file_name, bytes } => {
                let size = bytes.len() as i64;
                let parsed = tokio::task::spawn_blocking(move || {
                    let inner =
                        if tempo_import::detect(&bytes) == Some(tempo_import::Detected::Gzip) {
                            tempo_import::gunzip(&bytes)?
                        } else {
                            bytes
                        };
                    let hash = tempo_import::content_hash(&inner);
                    tempo_import::parse(&inner).map(|p| (hash, p))
                })
                .await
                .map_err(|e| format!("Tempo failed to read this file: {e}"))?
                .map_err(|e| e.to_string())?;
                let (hash, parsed) = parsed;
                (parsed.activities, hash, parsed.format, file_name, size)
            }
        };
        let db = self.tempo.store.connection();
        let single = activities.len() == 1;
        let mut first = None;
        for (i, mut activity) in activities.into_iter().enumerate() {
            if single && activity.name.is_none() {
                activity.name.clone_from(&remote.name);
            }
            let source = NewSource {
                content_sha256: hash.clone(),
                session_index: i as i32,
                format,
                origin: Origin::Sync(self.key()),
                file_name: file_name.clone(),
                size_bytes: size,
            };
            let stored = repo::store(db, &activity, &source, self.tempo.clock.now())
                .await
                .map_err(|e| e.to_string())?;
            let id = match stored {
                Stored::New(id) => {
                    self.summary.imported += 1;
                    self.summary
                        .activity_ids
                        .push(i32::try_from(id).unwrap_or(i32::MAX));
                    self.metrics(id, &activity).await;
                    id
                }
                Stored::Merged { id, replaced } => {
                    self.summary.merged += 1;
                    if replaced {
                        self.metrics(id, &activity).await;
                    }
                    id
                }
                Stored::Duplicate(id) => {
                    self.summary.duplicates += 1;
                    id
                }
            };
            first.get_or_insert(id);
        }
        Ok(first)
    }

    async fn metrics(&mut self, id: i64, activity: &ParsedActivity) {
        let offset = chrono::Duration::seconds(i64::from(activity.utc_offset_s.unwrap_or(0)));
        let day = (activity.start + offset).date_naive();
        if let Err(e) =
            crate::metrics::store_metrics(self.tempo, id, day, activity.sport, &activity.streams)
                .await
        {
            tracing::warn!(id, error = %e.message, "training load not computed for a synced activity");
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

// ---- status, missing upstream ----

/// What the app frame's indicator shows.
pub async fn status(tempo: &Tempo) -> Result<SyncStatusDto, AppError> {
    let rows = store::accounts(tempo.store.connection()).await?;
    let now = ts(tempo.clock.now());
    let connected: Vec<&AccountRow> = rows.iter().filter(|r| r.connected).collect();
    let progress = lock(&tempo.sync.progress).clone();
    Ok(SyncStatusDto {
        running: progress.is_some(),
        progress,
        connected: connected.len() as i32,
        next_run_at: connected
            .iter()
            .filter(|r| r.enabled)
            .filter_map(|r| r.next_run_at.clone())
            .min(),
        last_success_at: connected
            .iter()
            .filter_map(|r| r.last_success_at.clone())
            .max(),
        errors: connected.iter().filter(|r| r.state == "error").count() as i32,
        rate_limited_until: connected
            .iter()
            .filter_map(|r| r.rate_limited_until.clone())
            .filter(|u| *u > now)
            .min(),
    })
}

/// Activities stored from a provider that it no longer lists.
pub async fn missing_upstream(
    tempo: &Tempo,
    provider: Option<ProviderId>,
) -> Result<Vec<MissingUpstreamDto>, AppError> {
    let rows =
        store::missing_upstream(tempo.store.connection(), provider.map(ProviderId::key)).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(MissingUpstreamDto {
                provider: r.provider,
                remote_id: r.remote_id,
                activity_id: i32::try_from(r.activity_id?).ok()?,
                name: r.name,
                start: r.start_utc,
            })
        })
        .collect())
}

/// The athlete's answer for an activity missing upstream: keep it in Tempo
/// (it is no longer flagged) or delete it here too.
pub async fn resolve_missing(
    tempo: &Tempo,
    p: ProviderId,
    remote_id: &str,
    delete_local: bool,
) -> Result<(), AppError> {
    let missing = missing_upstream(tempo, Some(p)).await?;
    let Some(item) = missing.iter().find(|m| m.remote_id == remote_id) else {
        return Err(AppError::new(
            ErrorCode::NotFound,
            format!(
                "no activity from {} is missing upstream with id {remote_id}",
                p.label()
            ),
        ));
    };
    if delete_local {
        crate::activities::delete(tempo, item.activity_id).await?;
    }
    store::keep_missing(tempo.store.connection(), p.key(), remote_id).await?;
    Ok(())
}

/// Providers' wellness figures (resting HR, HRV, weight, sleep) between two
/// days, inclusive, oldest first.
pub async fn provider_wellness(
    tempo: &Tempo,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<ProviderWellnessDto>, AppError> {
    if to < from {
        return Err(AppError::invalid(
            "to",
            "the end date is before the start date",
        ));
    }
    let round = |v: Option<f64>, k: f64| v.map(|x| (x * k).round() / k);
    Ok(store::wellness(tempo.store.connection(), from, to)
        .await?
        .into_iter()
        .map(|r| ProviderWellnessDto {
            date: r.date,
            provider: r.provider,
            resting_hr: round(r.resting_hr, 1.0),
            hrv_ms: round(r.hrv_ms, 10.0),
            weight_kg: round(r.weight_kg, 10.0),
            sleep_hours: round(r.sleep_s.map(|s| s / 3600.0), 100.0),
            sleep_score: round(r.sleep_score, 1.0),
        })
        .collect())
}
