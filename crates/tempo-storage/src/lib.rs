//! Tempo's local database.
//!
//! - [`Store::open`] opens (or creates) the SQLite file safely: it refuses files
//!   that are not healthy SQLite databases or that a newer Tempo wrote, and it
//!   never recreates a file it could not read. Then it applies the migrations.
//! - `entity` holds the sea-orm entities, one module per table.
//! - Repositories (`profile`, …) are plain async functions over a connection;
//!   they speak `tempo-domain` types so callers never see sea-orm.

pub mod activities;
pub mod coach;
mod entity;
pub mod load;
mod open;
pub mod own;
pub mod plans;
pub mod privacy;
pub mod profile;
pub mod reminders;
pub mod streams;
pub mod summary;
pub mod sync;

use std::path::{Path, PathBuf};

pub use open::{BackupFacts, Store};
pub use sea_orm::DatabaseConnection;

/// Everything that can go wrong between Tempo and its database file.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The file exists but is not a usable SQLite database.
    #[error(
        "the database file {} is damaged ({reason}). Tempo has not changed it. Move it aside (or restore a backup) and start Tempo again to create a new, empty database at that path",
        path.display()
    )]
    Corrupt { path: PathBuf, reason: String },
    /// The file or its folder cannot be read or written (permissions, a folder in the way…).
    #[error(
        "cannot open the database file {}: {reason}. Check that it exists, is a file, and that you may read and write it (or pass another path with --db / TEMPO_DB)",
        path.display()
    )]
    Unreadable { path: PathBuf, reason: String },
    /// The database has migrations this build does not know: a newer Tempo wrote it.
    #[error(
        "the database file {} was written by a newer version of Tempo (unknown schema steps: {unknown}). Update Tempo, or open another database with --db / TEMPO_DB",
        path.display()
    )]
    TooNew { path: PathBuf, unknown: String },
    /// A SQLite file that is not a Tempo database (or backup).
    #[error("{} is not a Tempo database or backup ({reason}). Nothing was changed", path.display())]
    NotTempo { path: PathBuf, reason: String },
    /// Any other database failure.
    #[error("database error: {0}")]
    Db(#[from] sea_orm::DbErr),
}

impl StorageError {
    pub(crate) fn unreadable(path: &Path, reason: impl ToString) -> Self {
        StorageError::Unreadable {
            path: path.to_owned(),
            reason: reason.to_string(),
        }
    }

    pub(crate) fn corrupt(path: &Path, reason: impl ToString) -> Self {
        StorageError::Corrupt {
            path: path.to_owned(),
            reason: reason.to_string(),
        }
    }
}
