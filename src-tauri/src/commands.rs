//! The commands the UI calls. Each is a few lines: get the context, call the api.

use tauri::{AppHandle, Manager, Runtime, State};
use tempo_api::diagnostics::{Diagnostics, ShellInfo};
use tempo_api::kb::{self, KbLang, KbPage, KbPageSummary, KbSearchResult};
use tempo_api::profile::{MeasureEntry, ProfileDto, ProfileInput};
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
    profile::get(state.tempo()?).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_profile(
    state: State<'_, AppState>,
    input: ProfileInput,
) -> Result<ProfileDto, AppError> {
    profile::update(state.tempo()?, input).await
}

#[tauri::command]
#[specta::specta]
pub async fn profile_history(state: State<'_, AppState>) -> Result<Vec<MeasureEntry>, AppError> {
    profile::history(state.tempo()?).await
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
    diagnostics::report(state.tempo()?, Some(shell)).await
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
    settings: Settings,
) -> Result<Settings, AppError> {
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
    kb::search(state.tempo()?, &query, k, lang).await
}

#[tauri::command]
#[specta::specta]
pub async fn kb_page(state: State<'_, AppState>, id: String) -> Result<KbPage, AppError> {
    kb::page(state.tempo()?, &id).await
}

#[tauri::command]
#[specta::specta]
pub async fn kb_pages(state: State<'_, AppState>) -> Result<Vec<KbPageSummary>, AppError> {
    kb::pages(state.tempo()?).await
}
