//! What the app does on its own while it runs: the daily automatic backup and
//! the reminders (inbox items, and OS notifications when switched on).

use std::time::Duration;

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::AppState;
use crate::settings;

/// How often the app looks for due backups and reminders.
const TICK: Duration = Duration::from_secs(15 * 60);

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
