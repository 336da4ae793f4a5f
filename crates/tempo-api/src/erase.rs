//! Erasure: everything one provider brought, or everything Tempo stored.
//!
//! Erasing everything removes the database (and its backups), the demo
//! database, caches and the search index, logs, every keychain entry Tempo
//! created and, on request, downloaded models. The shell adds its settings
//! file. Afterwards Tempo starts like a fresh install.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tempo_storage::privacy::{self as repo, MANUAL};

use crate::{AppError, Tempo};

/// Where stored activities came from: "file", "garmin_export",
/// "strava_export", "manual" (and the sync providers when they exist).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ProviderData {
    pub provider: String,
    /// Activities with something from this provider.
    pub activities: u32,
    /// Of those, the ones whose shown data is this provider's: erasing the
    /// provider deletes them (the others only lose that source record).
    pub only_source: u32,
}

/// What an erasure would remove, for the confirmation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ErasePreview {
    /// None for "everything".
    pub provider: Option<String>,
    pub activities: u32,
    pub sources: u32,
    /// What will go, one line each.
    pub items: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct EraseReport {
    pub activities_deleted: u32,
    pub sources_removed: u32,
}

/// What erasing everything removed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct EraseAllReport {
    pub removed: Vec<String>,
    pub keychain_entries: u32,
    /// Paths that could not be removed (a file held open on Windows…).
    pub left: Vec<String>,
}

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Every provider with stored activities.
pub async fn providers(tempo: &Tempo) -> Result<Vec<ProviderData>, AppError> {
    Ok(repo::provider_counts(tempo.store.connection())
        .await?
        .into_iter()
        .map(|c| ProviderData {
            provider: c.provider,
            activities: count(c.activities),
            only_source: count(c.primary),
        })
        .collect())
}

async fn known_provider(tempo: &Tempo, provider: &str) -> Result<(), AppError> {
    let list = providers(tempo).await?;
    if list.iter().any(|p| p.provider == provider) {
        return Ok(());
    }
    let names: Vec<_> = list.iter().map(|p| p.provider.as_str()).collect();
    Err(AppError::invalid(
        "provider",
        format!(
            "no data from {provider:?} is stored (stored: {})",
            if names.is_empty() {
                "nothing".to_owned()
            } else {
                names.join(", ")
            }
        ),
    ))
}

/// What erasing one provider (or, with None, everything) would remove.
pub async fn preview(tempo: &Tempo, provider: Option<&str>) -> Result<ErasePreview, AppError> {
    let db = tempo.store.connection();
    match provider {
        Some(p) => {
            known_provider(tempo, p).await?;
            let c = repo::preview_erase_provider(db, p).await?;
            let mut items = vec![format!(
                "{} activities from {p}, with their streams, laps, loads, RPE and notes",
                c.activities
            )];
            if c.sources > 0 {
                items.push(format!(
                    "{} {p} source records of activities another source shows (those activities stay)",
                    c.sources
                ));
            }
            if p == MANUAL {
                items[0] = format!("{} activities entered by hand", c.activities);
            }
            Ok(ErasePreview {
                provider: Some(p.to_owned()),
                activities: count(c.activities),
                sources: count(c.sources),
                items,
            })
        }
        None => {
            let activities: i64 = providers(tempo)
                .await?
                .iter()
                .map(|p| i64::from(p.only_source))
                .sum();
            let dirs = tempo.dirs()?;
            let mut items = Vec::new();
            if let Some(path) = tempo.database_path() {
                items.push(format!("the database {}", path.display()));
            }
            items.push(format!("backups in {}", dirs.backups().display()));
            items.push(format!(
                "caches and the search index in {}",
                dirs.cache.display()
            ));
            items.push(format!("logs in {}", dirs.logs.display()));
            items.push("the settings".to_owned());
            items.push(format!(
                "{} keychain entries",
                tempo.secrets.keys().map(|k| k.len()).unwrap_or(0)
            ));
            items.push(format!(
                "downloaded models in {} (only if you choose)",
                dirs.models().display()
            ));
            Ok(ErasePreview {
                provider: None,
                activities: count(activities),
                sources: 0,
                items,
            })
        }
    }
}

/// Erases everything one provider brought. The training load series follows
/// (the deleted activities' loads go with them).
pub async fn erase_provider(tempo: &Tempo, provider: &str) -> Result<EraseReport, AppError> {
    known_provider(tempo, provider).await?;
    let c = repo::erase_provider(tempo.store.connection(), provider).await?;
    // A sync account's data is gone with its queue and cursor: it is
    // disconnected too, or its next sync would fetch it all back.
    if let Some(p) = tempo_sync::ProviderId::from_key(provider) {
        crate::sync::forget_credentials(tempo, p).await?;
    }
    tracing::info!(
        provider,
        activities = c.activities,
        sources = c.sources,
        "provider data erased"
    );
    Ok(EraseReport {
        activities_deleted: count(c.activities),
        sources_removed: count(c.sources),
    })
}

fn remove(path: &Path, report: &mut EraseAllReport) {
    let result = if path.is_dir() {
        std::fs::remove_dir_all(path)
    } else if path.exists() {
        std::fs::remove_file(path)
    } else {
        return;
    };
    match result {
        Ok(()) => report.removed.push(path.display().to_string()),
        Err(e) => {
            tracing::warn!(path = %path.display(), "not erased: {e}");
            report.left.push(path.display().to_string());
        }
    }
}

/// Erases everything Tempo stored for this installation (module docs).
/// `also` lists the shell's own files (its settings). Consumes the
/// installation: the database is closed and gone.
pub async fn erase_all(
    tempo: Tempo,
    include_models: bool,
    also: &[PathBuf],
) -> Result<EraseAllReport, AppError> {
    let dirs = tempo.dirs()?.clone();
    let db_path = tempo.database_path().map(Path::to_owned);
    let secrets = std::sync::Arc::clone(&tempo.secrets);
    tempo.store.close().await?;
    erase_files(
        db_path.as_deref(),
        &dirs,
        secrets.as_ref(),
        include_models,
        also,
    )
}

/// Erases everything when the database cannot even be opened (damaged).
pub fn erase_all_unopened(
    options: &crate::TempoOptions,
    include_models: bool,
    also: &[PathBuf],
) -> Result<EraseAllReport, AppError> {
    erase_files(
        Some(&options.db_path),
        &options.dirs,
        options.secrets.as_ref(),
        include_models,
        also,
    )
}

fn erase_files(
    db_path: Option<&Path>,
    dirs: &crate::Dirs,
    secrets: &dyn tempo_secrets::SecretStore,
    include_models: bool,
    also: &[PathBuf],
) -> Result<EraseAllReport, AppError> {
    let mut report = EraseAllReport {
        removed: Vec::new(),
        keychain_entries: secrets.erase_all()?,
        left: Vec::new(),
    };
    if let Some(db) = db_path {
        for suffix in ["", "-wal", "-shm", ".restoring"] {
            remove(
                &PathBuf::from(format!("{}{suffix}", db.display())),
                &mut report,
            );
        }
    }
    remove(&dirs.cache, &mut report);
    remove(&dirs.logs, &mut report);
    // The rest of the data folder (backups, the demo database…), models aside
    // unless asked.
    if let Ok(entries) = std::fs::read_dir(&dirs.data) {
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path == dirs.models() && !include_models {
                continue;
            }
            remove(&path, &mut report);
        }
    }
    for path in also {
        remove(path, &mut report);
    }
    // An empty data folder goes too (fails harmlessly when models stay).
    if std::fs::remove_dir(&dirs.data).is_ok() {
        report.removed.push(dirs.data.display().to_string());
    }
    tracing::info!(
        removed = report.removed.len(),
        left = report.left.len(),
        keychain = report.keychain_entries,
        "everything erased"
    );
    Ok(report)
}
