//! Backups of the whole database, and restoring one.
//!
//! A backup is `VACUUM INTO` a new file: consistent while the app writes, and
//! compact. Secrets are never in it (they live in the keychain). Automatic
//! backups go to the backups folder, keeping the newest N; a restore first
//! backs up the current database there, so it can itself be undone.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use tempo_storage::Store;

use crate::{AppError, ErrorCode, Tempo};

/// A backup file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct BackupInfo {
    pub path: String,
    pub file_name: String,
    /// When it was taken (RFC 3339, UTC).
    pub created_at: String,
    pub size_bytes: f64,
    /// "manual", "auto" or "pre_restore".
    pub kind: String,
}

/// The backups folder and what it holds, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct BackupList {
    pub dir: String,
    pub backups: Vec<BackupInfo>,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct RestoreReport {
    pub restored_from: String,
    /// The database as it was just before, to undo the restore.
    pub safety_backup: BackupInfo,
    pub activities: u32,
    /// The backup came from an older Tempo and was brought up to date.
    pub migrated: bool,
}

/// Why a backup was taken; part of its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupKind {
    Manual,
    Auto,
    PreRestore,
}

impl BackupKind {
    fn key(self) -> &'static str {
        match self {
            BackupKind::Manual => "manual",
            BackupKind::Auto => "auto",
            BackupKind::PreRestore => "pre_restore",
        }
    }

    fn from_key(key: &str) -> Option<Self> {
        [BackupKind::Manual, BackupKind::Auto, BackupKind::PreRestore]
            .into_iter()
            .find(|k| k.key() == key)
    }
}

const STAMP: &str = "%Y%m%d-%H%M%S";

/// `tempo-<kind>-<UTC stamp>.db`: sortable, and the list needs no database.
fn file_name(kind: BackupKind, at: DateTime<Utc>) -> String {
    format!("tempo-{}-{}.db", kind.key(), at.format(STAMP))
}

fn parse_name(name: &str) -> Option<(BackupKind, DateTime<Utc>)> {
    let rest = name.strip_prefix("tempo-")?.strip_suffix(".db")?;
    let (kind, stamp) = rest.rsplit_once('-').and_then(|(head, time)| {
        let (kind, date) = head.rsplit_once('-')?;
        Some((kind, format!("{date}-{time}")))
    })?;
    let at = NaiveDateTime::parse_from_str(&stamp, STAMP).ok()?.and_utc();
    Some((BackupKind::from_key(kind)?, at))
}

fn io_error(path: &Path, e: impl std::fmt::Display) -> AppError {
    AppError::new(
        ErrorCode::Storage,
        format!("cannot write {}: {e}", path.display()),
    )
}

fn info(path: &Path, kind: BackupKind, at: DateTime<Utc>, size: u64) -> BackupInfo {
    BackupInfo {
        path: path.display().to_string(),
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        created_at: at.to_rfc3339(),
        size_bytes: size as f64,
        kind: kind.key().to_owned(),
    }
}

/// Backs the database up to `dest` (a new file the athlete chose), or into
/// the backups folder when `dest` is None. Written beside the destination
/// first and renamed, so a failed backup never leaves a half file that looks
/// like a good one.
pub async fn create(tempo: &Tempo, dest: Option<&Path>) -> Result<BackupInfo, AppError> {
    match dest {
        Some(path) => write(tempo, path, BackupKind::Manual).await,
        None => into_folder(tempo, BackupKind::Manual).await,
    }
}

async fn into_folder(tempo: &Tempo, kind: BackupKind) -> Result<BackupInfo, AppError> {
    let dir = tempo.dirs()?.backups();
    std::fs::create_dir_all(&dir).map_err(|e| io_error(&dir, e))?;
    let mut at = tempo.clock.now();
    // Two backups in the same second (a restore right after a backup) get
    // distinct names rather than overwriting.
    while dir.join(file_name(kind, at)).exists() {
        at += chrono::Duration::seconds(1);
    }
    write(tempo, &dir.join(file_name(kind, at)), kind).await
}

async fn write(tempo: &Tempo, dest: &Path, kind: BackupKind) -> Result<BackupInfo, AppError> {
    if dest.is_dir() {
        return Err(AppError::invalid(
            "path",
            format!("{} is a folder: choose a file name", dest.display()),
        ));
    }
    let partial = PathBuf::from(format!("{}.partial", dest.display()));
    let _ = std::fs::remove_file(&partial);
    let started = std::time::Instant::now();
    let size = tempo.store.backup_to(&partial).await?;
    std::fs::rename(&partial, dest).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        io_error(dest, e)
    })?;
    tracing::info!(
        path = %dest.display(),
        bytes = size,
        took_ms = started.elapsed().as_millis() as u64,
        "database backed up"
    );
    Ok(info(dest, kind, tempo.clock.now(), size))
}

/// The backups in the backups folder, newest first.
pub fn list(tempo: &Tempo) -> Result<BackupList, AppError> {
    let dir = tempo.dirs()?.backups();
    let mut backups: Vec<BackupInfo> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let (kind, at) = parse_name(&name)?;
                let size = e.metadata().ok()?.len();
                Some(info(&e.path(), kind, at, size))
            })
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(io_error(&dir, e)),
    };
    backups.sort_by(|a, b| {
        b.created_at
            .cmp(&a.created_at)
            .then(b.file_name.cmp(&a.file_name))
    });
    Ok(BackupList {
        dir: dir.display().to_string(),
        backups,
    })
}

/// The scheduled backup: takes one when the newest automatic backup is older
/// than `every` (or there is none), then keeps the newest `keep` automatic
/// ones. Manual and pre-restore backups are never pruned.
pub async fn auto(
    tempo: &Tempo,
    keep: u32,
    every: chrono::Duration,
) -> Result<Option<BackupInfo>, AppError> {
    let now = tempo.clock.now();
    let autos = |list: &BackupList| -> Vec<BackupInfo> {
        list.backups
            .iter()
            .filter(|b| b.kind == BackupKind::Auto.key())
            .cloned()
            .collect()
    };
    let newest = autos(&list(tempo)?)
        .first()
        .and_then(|b| DateTime::parse_from_rfc3339(&b.created_at).ok())
        .map(|t| t.with_timezone(&Utc));
    let taken = match newest {
        Some(t) if now - t < every => None,
        _ => Some(into_folder(tempo, BackupKind::Auto).await?),
    };
    for old in autos(&list(tempo)?).iter().skip(keep.max(1) as usize) {
        if let Err(e) = std::fs::remove_file(&old.path) {
            tracing::warn!(path = %old.path, "old backup not removed: {e}");
        }
    }
    Ok(taken)
}

/// Restores the database from a backup file and returns the reopened
/// installation. The file is checked (a healthy Tempo database, not from a
/// newer Tempo) and migrated on a copy before anything changes; the current
/// database is then backed up into the backups folder; only then is it
/// replaced. A refused file changes nothing.
pub async fn restore(tempo: Tempo, from: &Path) -> Result<(Tempo, RestoreReport), AppError> {
    let db_path = tempo
        .database_path()
        .ok_or_else(|| AppError::invalid("path", "an in-memory database cannot be restored"))?
        .to_owned();
    let (staging, facts) = stage(&db_path, from).await?;
    let safety = match into_folder(&tempo, BackupKind::PreRestore).await {
        Ok(b) => b,
        Err(e) => {
            remove_db_files(&staging);
            return Err(e);
        }
    };
    let Tempo {
        store,
        clock,
        secrets,
        knowledge,
        dirs,
        sync,
    } = tempo;
    store.close().await?;
    swap(&staging, &db_path)?;
    let tempo = Tempo {
        store: Store::open(&db_path).await?,
        clock,
        secrets,
        knowledge: Arc::clone(&knowledge),
        dirs,
        sync,
    };
    Ok((tempo, report(from, safety, &facts)))
}

/// Restores when the current database cannot even be opened (it is damaged:
/// the time a backup matters most). The damaged files are kept, byte for
/// byte, as the pre-restore backup.
pub async fn restore_unopened(
    options: crate::TempoOptions,
    from: &Path,
) -> Result<(Tempo, RestoreReport), AppError> {
    let db_path = options.db_path.clone();
    let (staging, facts) = stage(&db_path, from).await?;
    let dir = options.dirs.backups();
    std::fs::create_dir_all(&dir).map_err(|e| io_error(&dir, e))?;
    let now = options.clock.now();
    let kept = dir.join(file_name(BackupKind::PreRestore, now));
    let mut size = 0;
    if db_path.exists() {
        size = std::fs::copy(&db_path, &kept).map_err(|e| io_error(&kept, e))?;
        for suffix in ["-wal", "-shm"] {
            let side = PathBuf::from(format!("{}{suffix}", db_path.display()));
            if side.exists() {
                let _ = std::fs::copy(&side, format!("{}{suffix}", kept.display()));
            }
        }
    }
    let safety = info(&kept, BackupKind::PreRestore, now, size);
    swap(&staging, &db_path)?;
    let tempo = Tempo::open(options).await?;
    Ok((tempo, report(from, safety, &facts)))
}

fn report(from: &Path, safety: BackupInfo, facts: &tempo_storage::BackupFacts) -> RestoreReport {
    tracing::info!(from = %from.display(), safety = %safety.path, "database restored");
    RestoreReport {
        restored_from: from.display().to_string(),
        safety_backup: safety,
        activities: u32::try_from(facts.activities).unwrap_or(u32::MAX),
        migrated: facts.pending > 0,
    }
}

/// Checks the backup and stages a migrated copy beside the database (same
/// filesystem, so the final rename is atomic).
async fn stage(
    db_path: &Path,
    from: &Path,
) -> Result<(PathBuf, tempo_storage::BackupFacts), AppError> {
    if from == db_path {
        return Err(AppError::invalid(
            "path",
            "this is the database in use: choose a backup file",
        ));
    }
    let facts = Store::check_backup(from).await?;
    let staging = PathBuf::from(format!("{}.restoring", db_path.display()));
    remove_db_files(&staging);
    std::fs::copy(from, &staging).map_err(|e| io_error(&staging, e))?;
    match Store::open(&staging).await {
        Ok(store) => store.close().await?,
        Err(e) => {
            remove_db_files(&staging);
            return Err(e.into());
        }
    }
    Ok((staging, facts))
}

/// Puts the staged copy in place of the (closed) database.
fn swap(staging: &Path, db_path: &Path) -> Result<(), AppError> {
    // The old database's WAL must not be replayed onto the restored file.
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db_path.display()));
    }
    std::fs::rename(staging, db_path).map_err(|e| io_error(db_path, e))?;
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", staging.display()));
    }
    Ok(())
}

/// Removes a database file and its WAL and shared-memory files, if present.
pub fn remove_db_files(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn file_names_round_trip() {
        let at = Utc.with_ymd_and_hms(2026, 12, 6, 14, 5, 9).unwrap();
        for kind in [BackupKind::Manual, BackupKind::Auto, BackupKind::PreRestore] {
            let name = file_name(kind, at);
            assert_eq!(parse_name(&name), Some((kind, at)), "{name}");
        }
        assert_eq!(parse_name("tempo.db"), None);
        assert_eq!(parse_name("tempo-weird-20261206-140509.db"), None);
    }
}
