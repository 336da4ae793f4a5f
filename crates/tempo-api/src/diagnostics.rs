//! The "About / Diagnostics" report: what a bug report needs.

use serde::{Deserialize, Serialize};
use tempo_storage::Store;

use crate::{AppError, Tempo, paths};

/// Facts only the shell knows (the CLI leaves them out).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ShellInfo {
    pub tauri_version: String,
    pub webview_version: Option<String>,
    pub settings_path: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Diagnostics {
    pub app_version: String,
    pub os: String,
    pub arch: String,
    pub sqlite_version: String,
    /// The newest migration this build applies.
    pub schema_version: String,
    pub database_path: String,
    /// Database file plus its WAL, in bytes.
    pub database_size_bytes: f64,
    pub log_dir: String,
    pub shell: Option<ShellInfo>,
}

pub async fn report(tempo: &Tempo, shell: Option<ShellInfo>) -> Result<Diagnostics, AppError> {
    let path = tempo.database_path();
    let size = path.map_or(0, |p| {
        // SQLite names the WAL by appending "-wal" to the database file name.
        let mut wal = p.as_os_str().to_owned();
        wal.push("-wal");
        [p.to_owned(), wal.into()]
            .iter()
            .filter_map(|f| std::fs::metadata(f).ok())
            .map(|m| m.len())
            .sum()
    });
    Ok(Diagnostics {
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        os: std::env::consts::OS.to_owned(),
        arch: std::env::consts::ARCH.to_owned(),
        sqlite_version: tempo.store.sqlite_version().await?,
        schema_version: Store::schema_version(),
        database_path: path.map_or_else(|| ":memory:".to_owned(), |p| p.display().to_string()),
        database_size_bytes: size as f64,
        log_dir: paths::log_dir()?.display().to_string(),
        shell,
    })
}
