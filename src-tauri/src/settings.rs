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

/// Which reminders the athlete wants, and whether they also become OS
/// notifications (the in-app inbox always has them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(default)]
pub struct ReminderSettings {
    pub today_workout: bool,
    pub plan_adjustment: bool,
    pub sync_problem: bool,
    pub weekly_summary: bool,
    pub os_notifications: bool,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        ReminderSettings {
            today_workout: true,
            plan_adjustment: true,
            sync_problem: true,
            weekly_summary: true,
            os_notifications: true,
        }
    }
}

impl ReminderSettings {
    pub fn kinds(&self) -> tempo_api::reminders::ReminderKinds {
        tempo_api::reminders::ReminderKinds {
            today_workout: self.today_workout,
            plan_adjustment: self.plan_adjustment,
            sync_problem: self.sync_problem,
            weekly_summary: self.weekly_summary,
        }
    }
}

/// The user's preferences. Fields added later take their default when an
/// older settings file lacks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(default)]
pub struct Settings {
    pub language: Language,
    pub theme: Theme,
    pub units: Units,
    /// The first-run onboarding was finished or skipped.
    pub onboarded: bool,
    /// The app shows the demo athlete (a separate database).
    pub demo: bool,
    /// Daily automatic backups into the backups folder.
    pub auto_backup: bool,
    /// How many automatic backups to keep.
    pub backup_keep: u32,
    pub reminders: ReminderSettings,
    /// Minutes between background syncs of connected accounts; 0: off.
    pub sync_interval_min: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            language: Language::default(),
            theme: Theme::default(),
            units: Units::default(),
            onboarded: false,
            demo: false,
            auto_backup: true,
            backup_keep: 7,
            reminders: ReminderSettings::default(),
            sync_interval_min: 60,
        }
    }
}

impl Settings {
    /// The background sync interval; `None` when switched off.
    pub fn sync_interval(&self) -> Option<chrono::Duration> {
        (self.sync_interval_min > 0)
            .then(|| chrono::Duration::minutes(i64::from(self.sync_interval_min)))
    }
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
    if !(1..=365).contains(&settings.backup_keep) {
        return Err(AppError::invalid(
            "backup_keep",
            "keep between 1 and 365 automatic backups",
        ));
    }
    if settings.sync_interval_min > 24 * 60 {
        return Err(AppError::invalid(
            "sync_interval_min",
            "sync at least once a day (up to 1,440 minutes), or switch background sync off",
        ));
    }
    let store = app.store(STORE_FILE).map_err(store_error)?;
    store.set(KEY, serde_json::to_value(settings).map_err(store_error)?);
    store.save().map_err(store_error)?;
    Ok(settings)
}

/// The settings file, to erase it with everything else.
pub fn path<R: Runtime>(app: &AppHandle<R>) -> Option<std::path::PathBuf> {
    use tauri::Manager;
    app.path().app_data_dir().ok().map(|d| d.join(STORE_FILE))
}

/// Forgets every setting (erasing everything): the next start is a first run.
pub fn clear<R: Runtime>(app: &AppHandle<R>) -> Result<(), AppError> {
    let store = app.store(STORE_FILE).map_err(store_error)?;
    store.clear();
    store.save().map_err(store_error)
}
