//! Where Tempo keeps things on each platform. The app and the CLI resolve paths
//! here, so `tempo` and the desktop app share one database by default.
//!
//! | what | Linux | macOS | Windows |
//! |---|---|---|---|
//! | data (database) | `~/.local/share/tempo` | `~/Library/Application Support/app.tempo.Tempo` | `%APPDATA%\tempo\Tempo\data` |
//! | logs | `~/.local/state/tempo/logs` | `~/Library/Application Support/app.tempo.Tempo/logs` | `%LOCALAPPDATA%\tempo\Tempo\data\logs` |

use std::path::PathBuf;

use directories::ProjectDirs;

use crate::{AppError, ErrorCode};

/// Environment variable that overrides the database path (the CLI's `--db` wins over it).
pub const DB_ENV: &str = "TEMPO_DB";
/// Environment variable that overrides the data folder (database, backups, caches).
pub const DATA_DIR_ENV: &str = "TEMPO_DATA_DIR";
/// Database file name inside the data folder.
pub const DB_FILE: &str = "tempo.db";

fn project_dirs() -> Result<ProjectDirs, AppError> {
    ProjectDirs::from("app", "tempo", "Tempo").ok_or_else(|| {
        AppError::new(
            ErrorCode::Internal,
            "cannot find your home folder to store Tempo's data; set TEMPO_DATA_DIR",
        )
    })
}

/// The folder for Tempo's data.
pub fn data_dir() -> Result<PathBuf, AppError> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    Ok(project_dirs()?.data_dir().to_owned())
}

/// The database path: explicit > `TEMPO_DB` > data folder.
pub fn database_path(explicit: Option<PathBuf>) -> Result<PathBuf, AppError> {
    if let Some(path) = explicit {
        return Ok(path);
    }
    if let Some(path) = std::env::var_os(DB_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    Ok(data_dir()?.join(DB_FILE))
}

/// The folder for log files.
pub fn log_dir() -> Result<PathBuf, AppError> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir).join("logs"));
    }
    let dirs = project_dirs()?;
    let base = dirs
        .state_dir()
        .map(|d| d.to_owned())
        .unwrap_or_else(|| dirs.data_local_dir().to_owned());
    Ok(base.join("logs"))
}
