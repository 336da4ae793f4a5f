//! Commands for the athlete's own data: manual entries and edits, RPE and
//! wellness, backups, export, erasure, privacy, reminders and the demo.

use std::path::PathBuf;

use chrono::NaiveDate;
use tauri::{AppHandle, Runtime, State};
use tempo_api::activities::ActivityDetailDto;
use tempo_api::backup::{self, BackupInfo, BackupList, RestoreReport};
use tempo_api::entries::{self, ActivityEdit, Feedback, ManualActivityInput, WellnessDay};
use tempo_api::erase::{self, ErasePreview, EraseReport, ProviderData};
use tempo_api::export::{self, ExportRange, ExportReport};
use tempo_api::privacy::{self, Consent, PrivacyOverview};
use tempo_api::reminders::{self, Inbox, Reminder};
use tempo_api::{AppError, ErrorCode};

use crate::AppState;
use crate::settings::{self, Language};

/// Adds an activity entered by hand; returns its id.
#[tauri::command]
#[specta::specta]
pub async fn add_activity(
    state: State<'_, AppState>,
    input: ManualActivityInput,
) -> Result<i32, AppError> {
    entries::add_manual(&state.tempo()?, &input).await
}

/// The athlete's edit of an activity; wins over every provider's value, also
/// after re-imports.
#[tauri::command]
#[specta::specta]
pub async fn edit_activity(
    state: State<'_, AppState>,
    id: i32,
    edit: ActivityEdit,
) -> Result<ActivityDetailDto, AppError> {
    entries::edit(&state.tempo()?, id, &edit).await
}

/// RPE (CR10, 0–10) and notes of an activity.
#[tauri::command]
#[specta::specta]
pub async fn set_activity_feedback(
    state: State<'_, AppState>,
    id: i32,
    feedback: Feedback,
) -> Result<Feedback, AppError> {
    entries::set_activity_feedback(&state.tempo()?, id, &feedback).await
}

/// RPE and notes of a planned workout.
#[tauri::command]
#[specta::specta]
pub async fn set_workout_feedback(
    state: State<'_, AppState>,
    workout_id: i32,
    feedback: Feedback,
) -> Result<Feedback, AppError> {
    entries::set_workout_feedback(&state.tempo()?, workout_id, &feedback).await
}

/// Daily wellness notes between two days (inclusive).
#[tauri::command]
#[specta::specta]
pub async fn wellness_days(
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<WellnessDay>, AppError> {
    entries::wellness(&state.tempo()?, from, to).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_wellness(
    state: State<'_, AppState>,
    day: WellnessDay,
) -> Result<WellnessDay, AppError> {
    entries::set_wellness(&state.tempo()?, &day).await
}

/// Backs up the database into the backups folder now.
#[tauri::command]
#[specta::specta]
pub async fn backup_now(state: State<'_, AppState>) -> Result<BackupInfo, AppError> {
    backup::create(&state.tempo()?, None).await
}

/// Asks where to save, then backs up there; none when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn backup_to_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<BackupInfo>, AppError> {
    use tauri_plugin_dialog::DialogExt;
    let tempo = state.tempo()?;
    let name = format!("tempo-backup-{}.db", tempo.clock().today());
    let dialog = app
        .dialog()
        .file()
        .add_filter("Tempo backup", &["db"])
        .set_file_name(name);
    let picked = tokio::task::spawn_blocking(move || dialog.blocking_save_file())
        .await
        .map_err(|e| AppError::internal(e.to_string()))?;
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    if path.exists() {
        // The dialog already asked to overwrite; VACUUM INTO needs a new file.
        std::fs::remove_file(&path).map_err(|e| {
            AppError::invalid("path", format!("cannot replace {}: {e}", path.display()))
        })?;
    }
    backup::create(&tempo, Some(&path)).await.map(Some)
}

#[tauri::command]
#[specta::specta]
pub async fn list_backups(state: State<'_, AppState>) -> Result<BackupList, AppError> {
    backup::list(&state.tempo()?)
}

/// Asks for a backup file to restore; none when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn choose_backup_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<String>, AppError> {
    use tauri_plugin_dialog::DialogExt;
    let mut dialog = app.dialog().file().add_filter("Tempo backup", &["db"]);
    if let Ok(list) = backup::list(&state.tempo()?) {
        dialog = dialog.set_directory(list.dir);
    }
    let picked = tokio::task::spawn_blocking(move || dialog.blocking_pick_file())
        .await
        .map_err(|e| AppError::internal(e.to_string()))?;
    Ok(picked
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string()))
}

/// Checks, migrates and restores a backup; the current database is backed up
/// first. A refused file changes nothing.
#[tauri::command]
#[specta::specta]
pub async fn restore_backup(
    state: State<'_, AppState>,
    path: String,
) -> Result<RestoreReport, AppError> {
    let from = PathBuf::from(&path);
    let current = state.take("a backup is being restored");
    let tempo = match current {
        Ok(tempo) => tempo,
        // The database could not be opened (damaged): restoring is the way out.
        Err(open_error) if open_error.code != ErrorCode::Busy => {
            let options = state
                .own_db_path()
                .and_then(tempo_api::TempoOptions::system);
            let restored = match options {
                Ok(options) => backup::restore_unopened(options, &from).await,
                Err(e) => Err(e),
            };
            return match restored {
                Ok((tempo, report)) => {
                    state.set(Ok(tempo));
                    Ok(report)
                }
                Err(e) => {
                    state.set(Err(open_error));
                    Err(e)
                }
            };
        }
        Err(busy) => {
            state.set(Err(busy.clone()));
            return Err(busy);
        }
    };
    let db_path = tempo.database_path().map(PathBuf::from);
    match backup::restore(tempo.clone(), &from).await {
        Ok((restored, report)) => {
            state.set(Ok(restored));
            Ok(report)
        }
        Err(e) => {
            // Most refusals come before anything changed and the installation
            // is intact; after it was closed, it is reopened.
            let back = match tempo_api::profile::get(&tempo).await {
                Ok(_) => Ok(tempo),
                Err(_) => match db_path {
                    Some(p) => state.open_async(p).await,
                    None => Err(e.clone()),
                },
            };
            state.set(back);
            Err(e)
        }
    }
}

/// Asks for a folder, then writes the export bundle there; none when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_bundle<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    range: ExportRange,
) -> Result<Option<ExportReport>, AppError> {
    let Some(dir) = crate::commands::pick_folder(&app).await? else {
        return Ok(None);
    };
    export::bundle(&state.tempo()?, &range, &dir)
        .await
        .map(Some)
}

/// Where the stored activities came from, with counts.
#[tauri::command]
#[specta::specta]
pub async fn data_providers(state: State<'_, AppState>) -> Result<Vec<ProviderData>, AppError> {
    erase::providers(&state.tempo()?).await
}

/// What erasing one provider (or, with none, everything) would remove.
#[tauri::command]
#[specta::specta]
pub async fn erase_preview(
    state: State<'_, AppState>,
    provider: Option<String>,
) -> Result<ErasePreview, AppError> {
    erase::preview(&state.tempo()?, provider.as_deref()).await
}

#[tauri::command]
#[specta::specta]
pub async fn erase_provider(
    state: State<'_, AppState>,
    provider: String,
) -> Result<EraseReport, AppError> {
    erase::erase_provider(&state.tempo()?, &provider).await
}

/// Erases everything Tempo stored, then restarts the app as a fresh install.
#[tauri::command]
#[specta::specta]
pub async fn erase_everything<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    include_models: bool,
) -> Result<(), AppError> {
    // The demo database is removed with the data folder; the athlete's own
    // is the one to close if the demo is showing.
    let current = state.take("everything is being erased");
    settings::clear(&app)?;
    let also: Vec<PathBuf> = settings::path(&app).into_iter().collect();
    let report = match current {
        Ok(tempo) => erase::erase_all(tempo, include_models, &also).await?,
        // A database that cannot be opened is erased as files.
        Err(_) => {
            let options = tempo_api::TempoOptions::system(state.own_db_path()?)?;
            erase::erase_all_unopened(&options, include_models, &also)?
        }
    };
    // The athlete's own database when the demo was showing.
    if let Ok(own) = state.own_db_path() {
        backup::remove_db_files(&own);
    }
    tracing::info!(removed = report.removed.len(), "erased; restarting");
    app.restart();
}

/// What is stored where, and the consents given.
#[tauri::command]
#[specta::specta]
pub async fn privacy_overview<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<PrivacyOverview, AppError> {
    privacy::overview(&state.tempo()?, settings::path(&app).as_deref()).await
}

#[tauri::command]
#[specta::specta]
pub async fn grant_consent(
    state: State<'_, AppState>,
    provider: String,
    fields: Vec<String>,
) -> Result<Consent, AppError> {
    privacy::grant(&state.tempo()?, &provider, &fields).await
}

#[tauri::command]
#[specta::specta]
pub async fn revoke_consent(state: State<'_, AppState>, provider: String) -> Result<(), AppError> {
    privacy::revoke(&state.tempo()?, &provider).await
}

/// The in-app inbox, newest first.
#[tauri::command]
#[specta::specta]
pub async fn reminders(state: State<'_, AppState>) -> Result<Inbox, AppError> {
    reminders::inbox(&state.tempo()?).await
}

/// The language reminders are written in.
pub(crate) fn reminder_language(language: Language) -> &'static str {
    match language {
        Language::Fr => "fr",
        Language::En => "en",
        Language::System => {
            let lang = std::env::var("LC_ALL")
                .or_else(|_| std::env::var("LANG"))
                .unwrap_or_default();
            if lang.starts_with("fr") { "fr" } else { "en" }
        }
    }
}

/// Creates the reminders now due (those switched on in the settings);
/// returns the new ones.
#[tauri::command]
#[specta::specta]
pub async fn refresh_reminders<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Vec<Reminder>, AppError> {
    let s = settings::load(&app)?;
    reminders::refresh(
        &state.tempo()?,
        s.reminders.kinds(),
        reminder_language(s.language),
    )
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn mark_reminders_read(
    state: State<'_, AppState>,
    ids: Vec<i32>,
) -> Result<(), AppError> {
    reminders::mark_read(&state.tempo()?, &ids).await
}

/// Switches to the demo athlete (a separate database, created on first use).
#[tauri::command]
#[specta::specta]
pub async fn start_demo<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<(), AppError> {
    let path = state.demo_db_path()?;
    let fresh = !path.exists();
    let demo = state.open_async(path.clone()).await?;
    if fresh {
        let today = demo.clock().today();
        if let Err(e) = tempo_api::demo::populate(&demo, today).await {
            let _ = demo.close().await;
            backup::remove_db_files(&path);
            return Err(e);
        }
    }
    let own = state.take("switching to the demo athlete");
    state.set(Ok(demo));
    if let Ok(own) = own {
        let _ = own.close().await;
    }
    let mut s = settings::load(&app)?;
    s.demo = true;
    settings::save(&app, s)?;
    Ok(())
}

/// Leaves the demo and deletes its database; the athlete's own data is
/// untouched.
#[tauri::command]
#[specta::specta]
pub async fn remove_demo<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<(), AppError> {
    let own_path = state.own_db_path()?;
    let demo_path = state.demo_db_path()?;
    let own = state.open_async(own_path).await;
    let current = state.take("leaving the demo");
    if let Ok(current) = current {
        if current.database_path() == Some(demo_path.as_path()) {
            current.close().await?;
        } else {
            // Not in the demo: keep what was open.
            state.set(Ok(current));
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "the demo is not showing",
            ));
        }
    }
    state.set(own);
    backup::remove_db_files(&demo_path);
    let mut s = settings::load(&app)?;
    s.demo = false;
    settings::save(&app, s)?;
    Ok(())
}
