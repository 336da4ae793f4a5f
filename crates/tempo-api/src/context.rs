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
    /// Where backups, caches and logs go.
    pub dirs: Dirs,
}

/// The folders an installation keeps files in besides the database. Backups
/// and downloaded models live in `data`; `cache` is rebuildable (the search
/// index); `logs` holds the log files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dirs {
    pub data: PathBuf,
    pub cache: PathBuf,
    pub logs: PathBuf,
}

impl Dirs {
    /// The platform's folders (see [`crate::paths`]).
    pub fn system() -> Result<Self, AppError> {
        Ok(Dirs {
            data: paths::data_dir()?,
            cache: paths::cache_dir()?,
            logs: paths::log_dir()?,
        })
    }

    /// Everything under one folder: tests, and portable installs.
    pub fn under(root: &std::path::Path) -> Self {
        Dirs {
            data: root.to_owned(),
            cache: root.join("cache"),
            logs: root.join("logs"),
        }
    }

    pub fn backups(&self) -> PathBuf {
        self.data.join("backups")
    }

    pub fn models(&self) -> PathBuf {
        self.data.join("models")
    }
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
            dirs: Dirs::system()?,
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
    pub(crate) secrets: Arc<dyn SecretStore>,
    pub(crate) knowledge: Arc<Knowledge>,
    /// None for an in-memory installation (no backups, no files to erase).
    pub(crate) dirs: Option<Arc<Dirs>>,
    pub(crate) sync: Arc<crate::sync::SyncRuntime>,
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
            dirs: Some(Arc::new(options.dirs)),
            sync: Arc::default(),
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
            dirs: None,
            sync: Arc::default(),
        })
    }

    pub fn database_path(&self) -> Option<&std::path::Path> {
        self.store.path()
    }

    /// The installation's folders; an error for an in-memory one.
    pub fn dirs(&self) -> Result<&Dirs, AppError> {
        self.dirs.as_deref().ok_or_else(|| {
            AppError::new(
                crate::ErrorCode::InvalidInput,
                "this database is in memory: it has no data folder",
            )
        })
    }

    /// The clock this installation runs on.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// The secret store this installation uses.
    pub fn secrets(&self) -> &Arc<dyn SecretStore> {
        &self.secrets
    }

    /// Closes the database cleanly (checkpointing the WAL).
    pub async fn close(self) -> Result<(), AppError> {
        Ok(self.store.close().await?)
    }
}
