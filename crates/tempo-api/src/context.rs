//! The context every use case runs in.

use std::path::PathBuf;
use std::sync::Arc;

use tempo_secrets::SecretStore;
use tempo_storage::Store;

use crate::{AppError, Clock};

/// How to open a [`Tempo`].
#[derive(Debug)]
pub struct TempoOptions {
    /// The database file (see [`crate::paths::database_path`]).
    pub db_path: PathBuf,
    pub clock: Arc<dyn Clock>,
    pub secrets: Arc<dyn SecretStore>,
}

impl TempoOptions {
    /// The real world: the system clock and the OS keychain. What the app and
    /// the CLI use; tests build their own options.
    pub fn system(db_path: PathBuf) -> Self {
        TempoOptions {
            db_path,
            clock: Arc::new(crate::SystemClock),
            secrets: Arc::new(tempo_secrets::Keychain::new()),
        }
    }
}

/// An open Tempo installation: the database plus the injected world.
/// Cheap to clone; share one per process.
#[derive(Debug, Clone)]
pub struct Tempo {
    pub(crate) store: Store,
    pub(crate) clock: Arc<dyn Clock>,
    #[allow(dead_code)] // First used by the sync issue (provider tokens).
    pub(crate) secrets: Arc<dyn SecretStore>,
}

impl Tempo {
    /// Opens (creating if needed) and migrates the database. A damaged or
    /// unreadable file is an error naming the path; nothing is recreated.
    pub async fn open(options: TempoOptions) -> Result<Tempo, AppError> {
        let store = Store::open(&options.db_path).await?;
        Ok(Tempo {
            store,
            clock: options.clock,
            secrets: options.secrets,
        })
    }

    /// An in-memory installation, for tests and benchmarks.
    pub async fn in_memory(
        clock: Arc<dyn Clock>,
        secrets: Arc<dyn SecretStore>,
    ) -> Result<Tempo, AppError> {
        Ok(Tempo {
            store: Store::open_in_memory().await?,
            clock,
            secrets,
        })
    }

    pub fn database_path(&self) -> Option<&std::path::Path> {
        self.store.path()
    }

    /// Closes the database cleanly (checkpointing the WAL).
    pub async fn close(self) -> Result<(), AppError> {
        Ok(self.store.close().await?)
    }
}
