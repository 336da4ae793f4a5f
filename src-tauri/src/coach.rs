//! Commands for the coach: configuration and keys, asking (tokens stream
//! through a `Channel`; `coach_stop` cancels), conversations, usage and the
//! local model's files.

use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use tempo_api::coach::{
    self, AskInput, CoachAnswer, CoachConfig, CoachConfigInput, CoachEvent, CoachProvider,
    Conversation, ConversationSettingsInput, ConversationSummary, DownloadProgress, ModelsAt,
    Overrides, RecommendedModel, Suggestion, UsageReport,
};
use tempo_api::kb::KbLang;
use tempo_api::{AppError, ErrorCode};
use tempo_coach::CancellationToken;

use crate::AppState;

#[tauri::command]
#[specta::specta]
pub async fn coach_config(state: State<'_, AppState>) -> Result<CoachConfig, AppError> {
    coach::config(&state.tempo()?).await
}

#[tauri::command]
#[specta::specta]
pub async fn coach_set_config(
    state: State<'_, AppState>,
    input: CoachConfigInput,
) -> Result<CoachConfig, AppError> {
    coach::set_config(&state.tempo()?, &input).await
}

/// Stores (or with null deletes) a provider's key in the OS keychain. The
/// key never comes back to the UI.
#[tauri::command]
#[specta::specta]
pub async fn coach_set_api_key(
    state: State<'_, AppState>,
    provider: CoachProvider,
    key: Option<String>,
) -> Result<CoachConfig, AppError> {
    coach::set_api_key(&state.tempo()?, provider, key.as_deref()).await
}

#[tauri::command]
#[specta::specta]
pub async fn coach_models(
    state: State<'_, AppState>,
    provider: CoachProvider,
    at: Option<ModelsAt>,
) -> Result<Vec<String>, AppError> {
    coach::models(&state.tempo()?, provider, &at.unwrap_or_default()).await
}

/// A long task of which one runs at a time (an answer, a download), with
/// the cancel token of the one running.
#[derive(Debug, Default)]
pub struct OneTask(std::sync::Mutex<Option<CancellationToken>>);

impl OneTask {
    /// Runs `work` with a fresh cancel token, or refuses with `busy` (and
    /// `busy_message`) while another runs.
    pub async fn run<T, F>(
        &self,
        busy_message: &str,
        work: impl FnOnce(CancellationToken) -> F,
    ) -> Result<T, AppError>
    where
        F: Future<Output = Result<T, AppError>>,
    {
        let cancel = CancellationToken::new();
        {
            let mut running = self
                .0
                .lock()
                .map_err(|_| AppError::internal("task lock poisoned"))?;
            if running.is_some() {
                return Err(AppError::new(ErrorCode::Busy, busy_message));
            }
            *running = Some(cancel.clone());
        }
        let result = work(cancel).await;
        if let Ok(mut running) = self.0.lock() {
            *running = None;
        }
        result
    }

    /// Cancels the running task; whether there was one.
    pub fn cancel(&self) -> Result<bool, AppError> {
        let running = self
            .0
            .lock()
            .map_err(|_| AppError::internal("task lock poisoned"))?;
        Ok(running.as_ref().map(CancellationToken::cancel).is_some())
    }
}

const STILL_ANSWERING: &str = "the coach is still answering; stop it or wait";

/// Asks the coach; tokens, tool steps and the answer stream through
/// `on_event`.
#[tauri::command]
#[specta::specta]
pub async fn coach_ask(
    state: State<'_, AppState>,
    input: AskInput,
    on_event: Channel<CoachEvent>,
) -> Result<CoachAnswer, AppError> {
    let tempo = state.tempo()?;
    state
        .coach
        .run(STILL_ANSWERING, |cancel| async move {
            coach::ask(
                &tempo,
                &input,
                &Overrides::default(),
                &|e| {
                    // A closed window drops the channel; the answer is still stored.
                    let _ = on_event.send(e);
                },
                &cancel,
            )
            .await
        })
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn coach_regenerate(
    state: State<'_, AppState>,
    message_id: i32,
    on_event: Channel<CoachEvent>,
) -> Result<CoachAnswer, AppError> {
    let tempo = state.tempo()?;
    state
        .coach
        .run(STILL_ANSWERING, |cancel| async move {
            coach::regenerate(
                &tempo,
                message_id,
                &|e| {
                    let _ = on_event.send(e);
                },
                &cancel,
            )
            .await
        })
        .await
}

/// Stops the answer being written; it is kept, marked stopped.
#[tauri::command]
#[specta::specta]
pub async fn coach_stop(state: State<'_, AppState>) -> Result<bool, AppError> {
    state.coach.cancel()
}

#[tauri::command]
#[specta::specta]
pub async fn coach_decide_suggestion(
    state: State<'_, AppState>,
    message_id: i32,
    suggestion_id: String,
    apply: bool,
) -> Result<Suggestion, AppError> {
    coach::decide_suggestion(&state.tempo()?, message_id, &suggestion_id, apply).await
}

#[tauri::command]
#[specta::specta]
pub async fn coach_conversations(
    state: State<'_, AppState>,
    search: Option<String>,
) -> Result<Vec<ConversationSummary>, AppError> {
    coach::conversations(&state.tempo()?, search.as_deref()).await
}

#[tauri::command]
#[specta::specta]
pub async fn coach_conversation(
    state: State<'_, AppState>,
    id: i32,
) -> Result<Conversation, AppError> {
    coach::conversation(&state.tempo()?, id).await
}

#[tauri::command]
#[specta::specta]
pub async fn coach_rename_conversation(
    state: State<'_, AppState>,
    id: i32,
    title: String,
) -> Result<ConversationSummary, AppError> {
    coach::rename(&state.tempo()?, id, &title).await
}

#[tauri::command]
#[specta::specta]
pub async fn coach_conversation_settings(
    state: State<'_, AppState>,
    id: i32,
    settings: ConversationSettingsInput,
) -> Result<ConversationSummary, AppError> {
    coach::set_conversation_settings(&state.tempo()?, id, &settings).await
}

#[tauri::command]
#[specta::specta]
pub async fn coach_delete_conversation(
    state: State<'_, AppState>,
    id: i32,
) -> Result<(), AppError> {
    coach::delete(&state.tempo()?, id).await
}

#[tauri::command]
#[specta::specta]
pub async fn coach_export_conversation(
    state: State<'_, AppState>,
    id: i32,
) -> Result<String, AppError> {
    coach::export_markdown(&state.tempo()?, id).await
}

/// Asks where to save the conversation as markdown; none when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn coach_save_conversation<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: i32,
) -> Result<Option<String>, AppError> {
    use tauri_plugin_dialog::DialogExt;
    let md = coach::export_markdown(&state.tempo()?, id).await?;
    let dialog = app
        .dialog()
        .file()
        .add_filter("Markdown", &["md"])
        .set_file_name(format!("tempo-conversation-{id}.md"));
    let picked = tokio::task::spawn_blocking(move || dialog.blocking_save_file())
        .await
        .map_err(|e| AppError::internal(e.to_string()))?;
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    std::fs::write(&path, md)
        .map_err(|e| AppError::invalid("path", format!("cannot write {}: {e}", path.display())))?;
    Ok(Some(path.display().to_string()))
}

#[tauri::command]
#[specta::specta]
pub async fn coach_usage(state: State<'_, AppState>, days: u32) -> Result<UsageReport, AppError> {
    coach::usage(&state.tempo()?, days).await
}

#[tauri::command]
#[specta::specta]
pub async fn coach_suggested_questions(
    state: State<'_, AppState>,
    lang: KbLang,
) -> Result<Vec<String>, AppError> {
    coach::suggested_questions(&state.tempo()?, lang).await
}

#[tauri::command]
#[specta::specta]
pub async fn coach_recommended_models(
    state: State<'_, AppState>,
) -> Result<Vec<RecommendedModel>, AppError> {
    coach::recommended_models(&state.tempo()?)
}

/// Downloads a recommended model (resuming a partial file, checking its
/// sha256) and makes it the local model; returns its path.
#[tauri::command]
#[specta::specta]
pub async fn coach_download_model(
    state: State<'_, AppState>,
    id: String,
    on_progress: Channel<DownloadProgress>,
) -> Result<String, AppError> {
    let tempo = state.tempo()?;
    state
        .download
        .run("a model is already downloading", |cancel| async move {
            coach::download_model(
                &tempo,
                &id,
                &|p| {
                    let _ = on_progress.send(p);
                },
                &cancel,
            )
            .await
        })
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn coach_cancel_download(state: State<'_, AppState>) -> Result<bool, AppError> {
    state.download.cancel()
}

/// The native picker for a `.gguf` file; none when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn coach_choose_model_file<R: Runtime>(
    app: AppHandle<R>,
) -> Result<Option<String>, AppError> {
    use tauri_plugin_dialog::DialogExt;
    let dialog = app.dialog().file().add_filter("GGUF model", &["gguf"]);
    let picked = tokio::task::spawn_blocking(move || dialog.blocking_pick_file())
        .await
        .map_err(|e| AppError::internal(e.to_string()))?;
    Ok(picked
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string()))
}
