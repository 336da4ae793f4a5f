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

/// Environment variable naming the knowledge-base folder.
pub const KB_DIR_ENV: &str = "TEMPO_KB_DIR";
/// Environment variable naming the all-MiniLM-L6-v2 model folder.
pub const EMBEDDING_MODEL_ENV: &str = "TEMPO_EMBEDDING_MODEL";
/// Where a downloaded embedding model goes, inside the data folder.
pub const EMBEDDING_MODEL_SUBDIR: &str = "models/all-MiniLM-L6-v2";

/// The folder for rebuildable caches (the search index…).
pub fn cache_dir() -> Result<PathBuf, AppError> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir).join("cache"));
    }
    Ok(project_dirs()?.cache_dir().to_owned())
}

/// The knowledge-base folder: `TEMPO_KB_DIR`, else the one shipped beside the
/// executable, else the source tree's (a development build run from the repo).
/// The desktop app passes its bundled resource folder instead.
pub fn knowledge_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(KB_DIR_ENV).filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    let beside_exe = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|d| d.join("knowledge_base")));
    match beside_exe {
        Some(dir) if dir.is_dir() => dir,
        _ => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../knowledge_base")),
    }
}

/// The embedding model folder, if one is installed: `TEMPO_EMBEDDING_MODEL`,
/// else `models/all-MiniLM-L6-v2` in the data folder when it holds the weights.
pub fn embedding_model_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(EMBEDDING_MODEL_ENV).filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let dir = data_dir().ok()?.join(EMBEDDING_MODEL_SUBDIR);
    dir.join("model.safetensors").is_file().then_some(dir)
}
