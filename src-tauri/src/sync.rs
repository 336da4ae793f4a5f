//! Commands for sync accounts: connect (Strava's consent in the system
//! browser, intervals.icu's key, Garmin's sign-in and MFA), disconnect,
//! "sync now" with progress on a `Channel`, cancel, and the status the app
//! frame's indicator polls. Background sync runs from `background.rs`.

use tauri::State;
use tauri::ipc::Channel;
use tempo_api::activities::CancelFlag;
use tempo_api::sync::{
    self, AccountDto, AccountOptions, GarminConnectInput, GarminSignInDto, IntervalsConnectInput,
    MissingUpstreamDto, StravaConnectInput, SyncProgress, SyncRequest, SyncStatusDto, SyncSummary,
};
use tempo_api::{AppError, ErrorCode, Tempo};

use crate::AppState;

#[tauri::command]
#[specta::specta]
pub async fn accounts_list(state: State<'_, AppState>) -> Result<Vec<AccountDto>, AppError> {
    sync::accounts(&state.tempo()?).await
}

/// Opens Strava's consent page in the system browser and waits (up to five
/// minutes) for its redirect to 127.0.0.1; `account_connect_cancel` stops
/// the wait.
#[tauri::command]
#[specta::specta]
pub async fn account_connect_strava(
    state: State<'_, AppState>,
    input: StravaConnectInput,
) -> Result<AccountDto, AppError> {
    let tempo = state.tempo()?;
    state
        .connect
        .run("a sign-in is already waiting for the browser", |cancel| async move {
            sync::connect_strava(&tempo, &input, open_browser, &cancel).await
        })
        .await
}

pub fn open_browser(url: &str) -> Result<(), AppError> {
    webbrowser::open(url).map_err(|e| {
        AppError::new(
            ErrorCode::Internal,
            format!("cannot open the browser ({e}); open this address yourself: {url}"),
        )
    })
}

/// Stops a Strava sign-in waiting for the browser; whether one was waiting.
#[tauri::command]
#[specta::specta]
pub async fn account_connect_cancel(state: State<'_, AppState>) -> Result<bool, AppError> {
    state.connect.cancel()
}

#[tauri::command]
#[specta::specta]
pub async fn account_connect_intervals(
    state: State<'_, AppState>,
    input: IntervalsConnectInput,
) -> Result<AccountDto, AppError> {
    sync::connect_intervals(&state.tempo()?, &input).await
}

/// Signs in to Garmin Connect; the password is used for this request only.
#[tauri::command]
#[specta::specta]
pub async fn account_connect_garmin(
    state: State<'_, AppState>,
    input: GarminConnectInput,
) -> Result<GarminSignInDto, AppError> {
    sync::connect_garmin(&state.tempo()?, &input).await
}

#[tauri::command]
#[specta::specta]
pub async fn account_garmin_mfa(
    state: State<'_, AppState>,
    code: String,
) -> Result<AccountDto, AppError> {
    sync::garmin_mfa(&state.tempo()?, &code).await
}

/// Deletes the account's secrets from the keychain; its activities stay.
#[tauri::command]
#[specta::specta]
pub async fn account_disconnect(
    state: State<'_, AppState>,
    provider: String,
) -> Result<AccountDto, AppError> {
    sync::disconnect(&state.tempo()?, sync::provider_of(&provider)?).await
}

#[tauri::command]
#[specta::specta]
pub async fn account_set_options(
    state: State<'_, AppState>,
    provider: String,
    options: AccountOptions,
) -> Result<AccountDto, AppError> {
    sync::set_options(&state.tempo()?, sync::provider_of(&provider)?, &options).await
}

/// Syncs one provider, or every connected and enabled account (`null`),
/// reporting progress on `on_progress`. `sync_cancel` stops it between two
/// activities, keeping what was stored.
#[tauri::command]
#[specta::specta]
pub async fn sync_now(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    provider: Option<String>,
    on_progress: Channel<SyncProgress>,
) -> Result<Vec<SyncSummary>, AppError> {
    let tempo = state.tempo()?;
    let provider = provider.as_deref().map(sync::provider_of).transpose()?;
    let interval = crate::settings::load(&app)
        .ok()
        .and_then(|s| s.sync_interval());
    let request = SyncRequest {
        provider,
        interval,
        ..Default::default()
    };
    run(&state, &tempo, &request, |p| {
        // A closed window drops the channel; the sync goes on.
        let _ = on_progress.send(p.clone());
    })
    .await
}

/// Runs a sync with the shell's cancel slot (shared with background sync).
pub async fn run(
    state: &AppState,
    tempo: &Tempo,
    request: &SyncRequest,
    progress: impl Fn(&SyncProgress) + Send + Sync,
) -> Result<Vec<SyncSummary>, AppError> {
    let cancel = CancelFlag::default();
    {
        let mut running = state
            .sync
            .lock()
            .map_err(|_| AppError::internal("sync lock poisoned"))?;
        if running.is_some() {
            return Err(AppError::new(
                ErrorCode::Busy,
                "a sync is already running: wait for it or cancel it",
            ));
        }
        *running = Some(cancel.clone());
    }
    let result = sync::sync(tempo, request, progress, &cancel).await;
    if let Ok(mut running) = state.sync.lock() {
        *running = None;
    }
    result
}

/// Stops the running sync; whether one was running.
#[tauri::command]
#[specta::specta]
pub async fn sync_cancel(state: State<'_, AppState>) -> Result<bool, AppError> {
    let running = state
        .sync
        .lock()
        .map_err(|_| AppError::internal("sync lock poisoned"))?;
    Ok(running.as_ref().map(CancelFlag::cancel).is_some())
}

#[tauri::command]
#[specta::specta]
pub async fn sync_status(state: State<'_, AppState>) -> Result<SyncStatusDto, AppError> {
    sync::status(&state.tempo()?).await
}

#[tauri::command]
#[specta::specta]
pub async fn sync_missing(
    state: State<'_, AppState>,
    provider: Option<String>,
) -> Result<Vec<MissingUpstreamDto>, AppError> {
    let provider = provider.as_deref().map(sync::provider_of).transpose()?;
    sync::missing_upstream(&state.tempo()?, provider).await
}

/// Keeps (no longer flagged) or deletes an activity its provider no longer
/// lists.
#[tauri::command]
#[specta::specta]
pub async fn sync_resolve_missing(
    state: State<'_, AppState>,
    provider: String,
    remote_id: String,
    delete_local: bool,
) -> Result<(), AppError> {
    sync::resolve_missing(
        &state.tempo()?,
        sync::provider_of(&provider)?,
        &remote_id,
        delete_local,
    )
    .await
}
