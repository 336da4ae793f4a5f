//! What the app does on its own while it runs: the daily automatic backup,
//! background sync of connected accounts (each on its own schedule: the
//! interval in the settings, a rate limit's end, a retry after a failure),
//! and the reminders (inbox items, and OS notifications when switched on).

use std::time::Duration;

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::AppState;
use crate::settings;

/// How often the app looks for due backups, syncs and reminders (Strava's
/// rate-limit windows are 15 minutes too).
const TICK: Duration = Duration::from_secs(5 * 60);

pub fn start<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        // Let the first screen render before doing any work.
        tokio::time::sleep(Duration::from_secs(20)).await;
        loop {
            tick(&app).await;
            tokio::time::sleep(TICK).await;
        }
    });
}

async fn tick<R: Runtime>(app: &AppHandle<R>) {
    let Ok(s) = settings::load(app) else {
        return;
    };
    let state = app.state::<AppState>();
    let Ok(tempo) = state.tempo() else {
        return;
    };
    // The demo athlete is not worth backing up.
    if s.auto_backup && !s.demo {
        match tempo_api::backup::auto(&tempo, s.backup_keep, chrono::Duration::hours(24)).await {
            Ok(Some(b)) => tracing::info!(path = %b.path, "automatic backup"),
            Ok(None) => {}
            Err(e) => tracing::warn!("automatic backup failed: {}", e.message),
        }
    }
    if let Some(interval) = s.sync_interval().filter(|_| !s.demo) {
        let request = tempo_api::sync::SyncRequest {
            interval: Some(interval),
            due_only: true,
            ..Default::default()
        };
        match crate::sync::run(&state, &tempo, &request, |_| {}).await {
            Ok(runs) => {
                for r in runs.iter().filter(|r| r.imported > 0) {
                    tracing::info!(provider = %r.provider, imported = r.imported, "background sync");
                }
            }
            // "Sync now" is running: it does the same work.
            Err(e) if e.code == tempo_api::ErrorCode::Busy => {}
            Err(e) => tracing::warn!("background sync failed: {}", e.message),
        }
    }
    let lang = crate::own::reminder_language(s.language);
    match tempo_api::reminders::refresh(&tempo, s.reminders.kinds(), lang).await {
        Ok(new) if s.reminders.os_notifications => {
            for r in new {
                if let Err(e) = app
                    .notification()
                    .builder()
                    .title(&r.title)
                    .body(&r.body)
                    .show()
                {
                    // No notification daemon (a bare X session, CI): the
                    // inbox still has it.
                    tracing::debug!("notification not shown: {e}");
                }
            }
        }
        Ok(_) => {}
        Err(e) => tracing::warn!("reminders not refreshed: {}", e.message),
    }
}
