//! The context every use case runs in.

use std::path::PathBuf;
use std::sync::Arc;

use tempo_secrets::SecretStore;
use tempo_storage::Store;

use crate::kb::{Knowledge, KnowledgeConfig};
use crate::{AppError, Clock, paths};

/// How to open a [`Tempo`].
#[derive(Debug)]
pub struct TempoOptions {
    /// The database file (see [`crate::paths::database_path`]).
    pub db_path: PathBuf,
    pub clock: Arc<dyn Clock>,
    pub secrets: Arc<dyn SecretStore>,
    pub knowledge: KnowledgeConfig,
}

impl TempoOptions {
    /// The real world: the system clock and the OS keychain. What the app and
    /// the CLI use; tests build their own options.
    pub fn system(db_path: PathBuf) -> Result<Self, AppError> {
        Ok(TempoOptions {
            db_path,
            clock: Arc::new(crate::SystemClock),
            secrets: Arc::new(tempo_secrets::Keychain::new()),
            knowledge: KnowledgeConfig::system()?,
        })
    }
}

impl KnowledgeConfig {
    /// The installed knowledge base, the user's cache folder, and the embedding
    /// model if one is installed.
    pub fn system() -> Result<Self, AppError> {
        Ok(KnowledgeConfig {
            kb_dir: paths::knowledge_dir(),
            cache_dir: paths::cache_dir()?.join("kb-index"),
            model_dir: paths::embedding_model_dir(),
        })
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
    pub(crate) knowledge: Arc<Knowledge>,
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
            knowledge: Arc::new(Knowledge::new(options.knowledge)),
        })
    }

    /// An in-memory installation, for tests and benchmarks.
    pub async fn in_memory(
        clock: Arc<dyn Clock>,
        secrets: Arc<dyn SecretStore>,
        knowledge: KnowledgeConfig,
    ) -> Result<Tempo, AppError> {
        Ok(Tempo {
            store: Store::open_in_memory().await?,
            clock,
            secrets,
            knowledge: Arc::new(Knowledge::new(knowledge)),
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
