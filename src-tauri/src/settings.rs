//! Typed settings over tauri-plugin-store (`settings.json` in the app data folder).
//!
//! Only preferences live here: never secrets (keychain) and never training data
//! (SQLite). A value the store cannot parse falls back to the default for that
//! whole record, with a warning in the log, rather than blocking the app.

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::StoreExt;
use tempo_api::{AppError, ErrorCode};

pub const STORE_FILE: &str = "settings.json";
const KEY: &str = "settings";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// Follow the operating system's language.
    #[default]
    System,
    En,
    Fr,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Units {
    #[default]
    Metric,
    Imperial,
}

/// The user's preferences.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Settings {
    pub language: Language,
    pub theme: Theme,
    pub units: Units,
}

fn store_error(e: impl std::fmt::Display) -> AppError {
    AppError::new(
        ErrorCode::Settings,
        format!("cannot use the settings file: {e}"),
    )
}

pub fn load<R: Runtime>(app: &AppHandle<R>) -> Result<Settings, AppError> {
    let store = app.store(STORE_FILE).map_err(store_error)?;
    Ok(match store.get(KEY) {
        None => Settings::default(),
        Some(value) => serde_json::from_value(value).unwrap_or_else(|e| {
            tracing::warn!("unreadable settings, using defaults: {e}");
            Settings::default()
        }),
    })
}

pub fn save<R: Runtime>(app: &AppHandle<R>, settings: Settings) -> Result<Settings, AppError> {
    let store = app.store(STORE_FILE).map_err(store_error)?;
    store.set(KEY, serde_json::to_value(settings).map_err(store_error)?);
    store.save().map_err(store_error)?;
    Ok(settings)
}
