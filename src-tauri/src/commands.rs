//! The commands the UI calls. Each is a few lines: get the context, call the api.

use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State};
use tempo_api::activities::{
    self, ActivityDetailDto, ActivityFilter, ActivityList, CancelFlag, ImportProgress,
    ImportSummary, StreamsDto,
};
use tempo_api::diagnostics::{Diagnostics, ShellInfo};
use tempo_api::kb::{self, KbLang, KbPage, KbPageSummary, KbSearchResult};
use tempo_api::metrics::{
    self, ActivityMetrics, CurveKind, DateRange, FitnessModel, LoadDay, LoadModel, MeanMaxCurve,
    Period, Predictions, ThresholdEstimate, TrainingStatus, VolumePeriod, ZoneDistribution,
};
use tempo_api::plans::{self, AdjustmentView, PlanFormat, PlanSummary, PlanTemplate, PlanView};
use tempo_api::profile::{MeasureEntry, MeasureKey, ProfileDto, ProfileInput};
use tempo_api::{AppError, diagnostics, profile};

use crate::AppState;
use crate::settings::{self, Settings};

/// All commands, for the invoke handler and the TypeScript bindings.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new().commands(tauri_specta::collect_commands![
        check_database,
        get_profile,
        update_profile,
        profile_history,
        get_diagnostics::<tauri::Wry>,
        get_settings::<tauri::Wry>,
        set_settings::<tauri::Wry>,
        kb_search,
        kb_page,
        kb_pages,
        import_activities,
        cancel_import,
        choose_import_paths::<tauri::Wry>,
        list_activities,
        get_activity,
        activity_streams,
        delete_activity,
        activity_metrics,
        load_series,
        training_status,
        training_volume,
        mean_max_curves,
        zone_distribution,
        fitness_predictions,
        threshold_estimates,
        accept_threshold_estimate,
        fitness_model,
        get_load_model,
        set_load_model,
        plan_level_from_activities,
        check_goal,
        create_plan,
        active_plan,
        list_plans,
        get_plan,
        activate_plan,
        move_planned_workout,
        skip_planned_workout,
        replace_planned_workout,
        adapt_plan,
        decide_plan_adjustment,
        export_plan_file::<tauri::Wry>,
        export_plan_fit::<tauri::Wry>,
        save_plan_template,
        list_plan_templates,
        goal_from_template,
        delete_plan_template,
        delete_goal,
        crate::own::add_activity,
        crate::own::edit_activity,
        crate::own::set_activity_feedback,
        crate::own::set_workout_feedback,
        crate::own::wellness_days,
        crate::own::set_wellness,
        crate::own::backup_now,
        crate::own::backup_to_file::<tauri::Wry>,
        crate::own::list_backups,
        crate::own::choose_backup_file::<tauri::Wry>,
        crate::own::restore_backup,
        crate::own::export_bundle::<tauri::Wry>,
        crate::own::data_providers,
        crate::own::erase_preview,
        crate::own::erase_provider,
        crate::own::erase_everything::<tauri::Wry>,
        crate::own::privacy_overview::<tauri::Wry>,
        crate::own::grant_consent,
        crate::own::revoke_consent,
        crate::own::reminders,
        crate::own::refresh_reminders::<tauri::Wry>,
        crate::own::mark_reminders_read,
        crate::own::start_demo::<tauri::Wry>,
        crate::own::remove_demo::<tauri::Wry>,
        crate::coach::coach_config,
        crate::coach::coach_set_config,
        crate::coach::coach_set_api_key,
        crate::coach::coach_models,
        crate::coach::coach_ask,
        crate::coach::coach_regenerate,
        crate::coach::coach_stop,
        crate::coach::coach_decide_suggestion,
        crate::coach::coach_conversations,
        crate::coach::coach_conversation,
        crate::coach::coach_rename_conversation,
        crate::coach::coach_conversation_settings,
        crate::coach::coach_delete_conversation,
        crate::coach::coach_export_conversation,
        crate::coach::coach_save_conversation::<tauri::Wry>,
        crate::coach::coach_usage,
        crate::coach::coach_suggested_questions,
        crate::coach::coach_recommended_models,
        crate::coach::coach_download_model,
        crate::coach::coach_cancel_download,
        crate::coach::coach_choose_model_file::<tauri::Wry>,
        crate::sync::accounts_list,
        crate::sync::account_connect_strava,
        crate::sync::account_connect_cancel,
        crate::sync::account_connect_intervals,
        crate::sync::account_connect_garmin,
        crate::sync::account_garmin_mfa,
        crate::sync::account_disconnect,
        crate::sync::account_set_options,
        crate::sync::sync_now,
        crate::sync::sync_cancel,
        crate::sync::sync_status,
        crate::sync::sync_missing,
        crate::sync::sync_resolve_missing,
    ])
}

/// Ok when the database opened; otherwise the reason (corrupt, unreadable, too new).
#[tauri::command]
#[specta::specta]
pub async fn check_database(state: State<'_, AppState>) -> Result<(), AppError> {
    state.tempo().map(|_| ())
}

#[tauri::command]
#[specta::specta]
pub async fn get_profile(state: State<'_, AppState>) -> Result<ProfileDto, AppError> {
    profile::get(&state.tempo()?).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_profile(
    state: State<'_, AppState>,
    input: ProfileInput,
) -> Result<ProfileDto, AppError> {
    profile::update(&state.tempo()?, input).await
}

#[tauri::command]
#[specta::specta]
pub async fn profile_history(state: State<'_, AppState>) -> Result<Vec<MeasureEntry>, AppError> {
    profile::history(&state.tempo()?).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_diagnostics<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Diagnostics, AppError> {
    let shell = ShellInfo {
        tauri_version: tauri::VERSION.to_owned(),
        webview_version: tauri::webview_version().ok(),
        settings_path: app
            .path()
            .app_data_dir()
            .ok()
            .map(|d| d.join(settings::STORE_FILE).display().to_string()),
    };
    diagnostics::report(&state.tempo()?, Some(shell)).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_settings<R: Runtime>(app: AppHandle<R>) -> Result<Settings, AppError> {
    settings::load(&app)
}

#[tauri::command]
#[specta::specta]
pub async fn set_settings<R: Runtime>(
    app: AppHandle<R>,
    mut settings: Settings,
) -> Result<Settings, AppError> {
    // Which database is showing belongs to start_demo / remove_demo: a stale
    // copy of the settings in the UI must not flip it.
    settings.demo = settings::load(&app)?.demo;
    settings::save(&app, settings)
}

/// Searches the knowledge base; `k` defaults to 5, `lang` favours pages in that language.
#[tauri::command]
#[specta::specta]
pub async fn kb_search(
    state: State<'_, AppState>,
    query: String,
    k: Option<u32>,
    lang: Option<KbLang>,
) -> Result<KbSearchResult, AppError> {
    kb::search(&state.tempo()?, &query, k, lang).await
}

#[tauri::command]
#[specta::specta]
pub async fn kb_page(state: State<'_, AppState>, id: String) -> Result<KbPage, AppError> {
    kb::page(&state.tempo()?, &id).await
}

#[tauri::command]
#[specta::specta]
pub async fn kb_pages(state: State<'_, AppState>) -> Result<Vec<KbPageSummary>, AppError> {
    kb::pages(&state.tempo()?).await
}

/// Imports files, folders and zip exports, reporting progress on `on_progress`
/// after every file. One import runs at a time; [`cancel_import`] stops it
/// between two files, keeping what was stored.
#[tauri::command]
#[specta::specta]
pub async fn import_activities(
    state: State<'_, AppState>,
    paths: Vec<String>,
    on_progress: Channel<ImportProgress>,
) -> Result<ImportSummary, AppError> {
    let tempo = state.tempo()?;
    let cancel = CancelFlag::default();
    {
        let mut running = state
            .import
            .lock()
            .map_err(|_| AppError::internal("import lock poisoned"))?;
        if running.is_some() {
            return Err(AppError::new(
                tempo_api::ErrorCode::Busy,
                "an import is already running; wait for it or cancel it",
            ));
        }
        *running = Some(cancel.clone());
    }
    let paths: Vec<std::path::PathBuf> = paths.into_iter().map(Into::into).collect();
    let result = activities::import(
        &tempo,
        &paths,
        |p| {
            // A closed window drops the channel; the import itself goes on.
            let _ = on_progress.send(p.clone());
        },
        &cancel,
    )
    .await;
    if let Ok(mut running) = state.import.lock() {
        *running = None;
    }
    result
}

/// Stops the running import, if any. Returns whether one was running.
#[tauri::command]
#[specta::specta]
pub async fn cancel_import(state: State<'_, AppState>) -> Result<bool, AppError> {
    let running = state
        .import
        .lock()
        .map_err(|_| AppError::internal("import lock poisoned"))?;
    Ok(running.as_ref().map(CancelFlag::cancel).is_some())
}

/// Which picker [`choose_import_paths`] opens.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PickKind {
    Files,
    Folder,
}

/// Opens the system file or folder picker and returns the chosen paths (empty
/// when cancelled). Done here rather than from the web view so the web view
/// needs no file-system permission at all.
#[tauri::command]
#[specta::specta]
pub async fn choose_import_paths<R: Runtime>(
    app: AppHandle<R>,
    kind: PickKind,
) -> Result<Vec<String>, AppError> {
    use tauri_plugin_dialog::DialogExt;
    let mut dialog = app.dialog().file();
    // Start where exports land; GTK's default ("Recent") is empty on a new account.
    if let Some(dir) = app
        .path()
        .download_dir()
        .ok()
        .filter(|d| d.is_dir())
        .or_else(|| app.path().home_dir().ok())
    {
        dialog = dialog.set_directory(dir);
    }
    let picked = tokio::task::spawn_blocking(move || match kind {
        PickKind::Folder => dialog
            .blocking_pick_folder()
            .map(|p| vec![p])
            .unwrap_or_default(),
        PickKind::Files => dialog
            .add_filter("Activities", &["fit", "FIT", "gpx", "tcx", "gz", "zip"])
            .blocking_pick_files()
            .unwrap_or_default(),
    })
    .await
    .map_err(|e| AppError::internal(e.to_string()))?;
    Ok(picked
        .into_iter()
        .filter_map(|p| p.into_path().ok())
        .map(|p| p.display().to_string())
        .collect())
}

#[tauri::command]
#[specta::specta]
pub async fn list_activities(
    state: State<'_, AppState>,
    filter: Option<ActivityFilter>,
) -> Result<ActivityList, AppError> {
    activities::list(&state.tempo()?, &filter.unwrap_or_default()).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_activity(
    state: State<'_, AppState>,
    id: i32,
) -> Result<ActivityDetailDto, AppError> {
    activities::get(&state.tempo()?, id).await
}

#[tauri::command]
#[specta::specta]
pub async fn activity_streams(state: State<'_, AppState>, id: i32) -> Result<StreamsDto, AppError> {
    activities::streams(&state.tempo()?, id).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_activity(state: State<'_, AppState>, id: i32) -> Result<(), AppError> {
    activities::delete(&state.tempo()?, id).await
}

/// One activity's training metrics, with the thresholds in force on its date.
#[tauri::command]
#[specta::specta]
pub async fn activity_metrics(
    state: State<'_, AppState>,
    id: i32,
) -> Result<ActivityMetrics, AppError> {
    metrics::activity(&state.tempo()?, id).await
}

/// Daily load with fitness (CTL), fatigue (ATL) and form (TSB) between two
/// days (inclusive; `to` defaults to today).
#[tauri::command]
#[specta::specta]
pub async fn load_series(
    state: State<'_, AppState>,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
) -> Result<Vec<LoadDay>, AppError> {
    metrics::load_series(&state.tempo()?, from, to).await
}

/// Today's fitness, fatigue, form, ramp, acute:chronic ratio, monotony and
/// strain, and the last 7 days' volume.
#[tauri::command]
#[specta::specta]
pub async fn training_status(state: State<'_, AppState>) -> Result<TrainingStatus, AppError> {
    metrics::status(&state.tempo()?).await
}

/// Volume and load per week or month, by sport.
#[tauri::command]
#[specta::specta]
pub async fn training_volume(
    state: State<'_, AppState>,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    period: Period,
) -> Result<Vec<VolumePeriod>, AppError> {
    metrics::volume(&state.tempo()?, from, to, period).await
}

/// Mean-max power or pace curves, one per date range.
#[tauri::command]
#[specta::specta]
pub async fn mean_max_curves(
    state: State<'_, AppState>,
    kind: CurveKind,
    ranges: Vec<DateRange>,
) -> Result<Vec<MeanMaxCurve>, AppError> {
    metrics::mean_max(&state.tempo()?, kind, &ranges).await
}

/// Time in zones summed over a range, per zone model.
#[tauri::command]
#[specta::specta]
pub async fn zone_distribution(
    state: State<'_, AppState>,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
) -> Result<Vec<ZoneDistribution>, AppError> {
    metrics::zone_distribution(&state.tempo()?, from, to).await
}

/// VDOT, race predictions, training paces and critical power/speed.
#[tauri::command]
#[specta::specta]
pub async fn fitness_predictions(state: State<'_, AppState>) -> Result<Predictions, AppError> {
    metrics::predict(&state.tempo()?).await
}

/// Thresholds the data suggests.
#[tauri::command]
#[specta::specta]
pub async fn threshold_estimates(
    state: State<'_, AppState>,
) -> Result<Vec<ThresholdEstimate>, AppError> {
    metrics::estimates(&state.tempo()?).await
}

/// Records a suggested threshold in the profile, effective today.
#[tauri::command]
#[specta::specta]
pub async fn accept_threshold_estimate(
    state: State<'_, AppState>,
    measure: MeasureKey,
    value: f64,
) -> Result<ProfileDto, AppError> {
    metrics::accept_estimate(&state.tempo()?, measure, value).await
}

/// The fitness-fatigue model fitted to hard runs, with every fit's error.
#[tauri::command]
#[specta::specta]
pub async fn fitness_model(state: State<'_, AppState>) -> Result<FitnessModel, AppError> {
    metrics::fitness_model(&state.tempo()?).await
}

/// How fitness and fatigue average the daily loads.
#[tauri::command]
#[specta::specta]
pub async fn get_load_model(state: State<'_, AppState>) -> Result<LoadModel, AppError> {
    metrics::load_model(&state.tempo()?).await
}

/// Changes the load model (checked: 1–365 days, fatigue shorter than fitness).
#[tauri::command]
#[specta::specta]
pub async fn set_load_model(
    state: State<'_, AppState>,
    model: LoadModel,
) -> Result<LoadModel, AppError> {
    metrics::set_load_model(&state.tempo()?, model).await
}

/// The athlete's current level from the stored activities (for the goal form).
#[tauri::command]
#[specta::specta]
pub async fn plan_level_from_activities(
    state: State<'_, AppState>,
) -> Result<tempo_plan::Level, AppError> {
    plans::level_from_activities(&state.tempo()?).await
}

/// Checks a goal: an `invalid_input` error for impossible input, warnings
/// with suggestions for unrealistic goals.
#[tauri::command]
#[specta::specta]
pub async fn check_goal(
    state: State<'_, AppState>,
    goal: tempo_plan::Goal,
) -> Result<Vec<tempo_plan::GoalWarning>, AppError> {
    plans::check_goal(&state.tempo()?, &goal).await
}

/// Stores the goal, generates its plan and makes it the active one.
#[tauri::command]
#[specta::specta]
pub async fn create_plan(
    state: State<'_, AppState>,
    name: Option<String>,
    goal: tempo_plan::Goal,
) -> Result<PlanView, AppError> {
    plans::create_plan(&state.tempo()?, name, goal).await
}

/// The active plan with its compliance, if any.
#[tauri::command]
#[specta::specta]
pub async fn active_plan(state: State<'_, AppState>) -> Result<Option<PlanView>, AppError> {
    plans::active(&state.tempo()?).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_plans(state: State<'_, AppState>) -> Result<Vec<PlanSummary>, AppError> {
    plans::list(&state.tempo()?).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_plan(state: State<'_, AppState>, id: i32) -> Result<PlanView, AppError> {
    plans::view(&state.tempo()?, i64::from(id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn activate_plan(state: State<'_, AppState>, id: i32) -> Result<PlanView, AppError> {
    plans::activate(&state.tempo()?, id).await
}

/// Moves a planned workout to another day of its plan.
#[tauri::command]
#[specta::specta]
pub async fn move_planned_workout(
    state: State<'_, AppState>,
    id: i32,
    date: chrono::NaiveDate,
) -> Result<PlanView, AppError> {
    plans::move_workout(&state.tempo()?, id, date).await
}

#[tauri::command]
#[specta::specta]
pub async fn skip_planned_workout(
    state: State<'_, AppState>,
    id: i32,
    skipped: bool,
) -> Result<PlanView, AppError> {
    plans::skip_workout(&state.tempo()?, id, skipped).await
}

/// Replaces a planned workout with the athlete's edited version.
#[tauri::command]
#[specta::specta]
pub async fn replace_planned_workout(
    state: State<'_, AppState>,
    id: i32,
    workout: tempo_plan::Workout,
) -> Result<PlanView, AppError> {
    plans::replace_workout(&state.tempo()?, id, workout).await
}

/// Checks the active plan against what was done and the form; returns the
/// pending proposal, if one is called for.
#[tauri::command]
#[specta::specta]
pub async fn adapt_plan(state: State<'_, AppState>) -> Result<Option<AdjustmentView>, AppError> {
    plans::adapt(&state.tempo()?).await
}

/// Accepts or rejects a proposed adjustment.
#[tauri::command]
#[specta::specta]
pub async fn decide_plan_adjustment(
    state: State<'_, AppState>,
    id: i32,
    accept: bool,
) -> Result<PlanView, AppError> {
    plans::decide(&state.tempo()?, id, accept).await
}

/// Asks where to save the plan (ICS, JSON or text) and writes it; returns the
/// path, or none when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_plan_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: i32,
    format: PlanFormat,
) -> Result<Option<String>, AppError> {
    use tauri_plugin_dialog::DialogExt;
    let text = plans::export(&state.tempo()?, id, format).await?;
    let (ext, label) = match format {
        PlanFormat::Ics => ("ics", "Calendar"),
        PlanFormat::Json => ("json", "JSON"),
        PlanFormat::Text => ("txt", "Text"),
    };
    let mut dialog = app
        .dialog()
        .file()
        .add_filter(label, &[ext])
        .set_file_name(format!("tempo-plan.{ext}"));
    if let Some(dir) = app.path().document_dir().ok().filter(|d| d.is_dir()) {
        dialog = dialog.set_directory(dir);
    }
    let picked = tokio::task::spawn_blocking(move || dialog.blocking_save_file())
        .await
        .map_err(|e| AppError::internal(e.to_string()))?;
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    std::fs::write(&path, text)
        .map_err(|e| AppError::invalid("path", format!("cannot write {}: {e}", path.display())))?;
    Ok(Some(path.display().to_string()))
}

/// Asks for a folder and writes each workout of the plan there as a FIT
/// workout file; returns the files, or none when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_plan_fit<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: i32,
) -> Result<Option<Vec<String>>, AppError> {
    let Some(dir) = pick_folder(&app).await? else {
        return Ok(None);
    };
    plans::export_fit_dir(&state.tempo()?, id, &dir)
        .await
        .map(Some)
}

#[tauri::command]
#[specta::specta]
pub async fn save_plan_template(
    state: State<'_, AppState>,
    plan_id: i32,
    name: String,
) -> Result<PlanTemplate, AppError> {
    plans::save_template(&state.tempo()?, plan_id, name).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_plan_templates(
    state: State<'_, AppState>,
) -> Result<Vec<PlanTemplate>, AppError> {
    plans::templates(&state.tempo()?).await
}

/// A template's goal moved to start on `start`.
#[tauri::command]
#[specta::specta]
pub async fn goal_from_template(
    state: State<'_, AppState>,
    id: i32,
    start: chrono::NaiveDate,
) -> Result<tempo_plan::Goal, AppError> {
    plans::goal_from_template(&state.tempo()?, id, start).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_plan_template(state: State<'_, AppState>, id: i32) -> Result<(), AppError> {
    plans::delete_template(&state.tempo()?, id).await
}

/// Deletes a goal and its plans.
#[tauri::command]
#[specta::specta]
pub async fn delete_goal(state: State<'_, AppState>, id: i32) -> Result<(), AppError> {
    plans::delete_goal(&state.tempo()?, id).await
}

/// Asks for a folder with the native dialog (off the async runtime, which the
/// dialog would block); none when cancelled.
pub(crate) async fn pick_folder<R: Runtime>(
    app: &AppHandle<R>,
) -> Result<Option<std::path::PathBuf>, AppError> {
    use tauri_plugin_dialog::DialogExt;
    let dialog = app.dialog().file();
    let picked = tokio::task::spawn_blocking(move || dialog.blocking_pick_folder())
        .await
        .map_err(|e| AppError::internal(e.to_string()))?;
    Ok(picked.and_then(|p| p.into_path().ok()))
}
