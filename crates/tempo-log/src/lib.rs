//! Tempo's tracing setup, shared by the desktop app and the CLI.
//!
//! Events go to stderr (for a terminal or a bug report) and to a daily-rotated
//! file in the platform log folder (`tempo.YYYY-MM-DD.log`, the last
//! [`KEEP_FILES`] kept), so a user can attach logs without a terminal.
//! `TEMPO_LOG` overrides the filter with the usual `EnvFilter` syntax.
//!
//! Secrets never reach these sinks because they are never formatted: they travel
//! as `secrecy::SecretString` (see `tempo-secrets`), and a test in `tests/`
//! checks the log file after exercising the secret store.

use std::path::{Path, PathBuf};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt;
use tracing_subscriber::prelude::*;

/// Log files kept before the oldest is deleted.
pub const KEEP_FILES: usize = 7;
/// File name prefix of the log files.
pub const FILE_PREFIX: &str = "tempo";

#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("cannot create the log folder {}: {source}", path.display())]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot start the log file writer: {0}")]
    Appender(String),
    #[error("invalid log filter {0:?}")]
    Filter(String),
    #[error("logging was already set up in this process")]
    AlreadySet,
}

/// How verbose each sink is.
#[derive(Debug, Clone)]
pub struct LogConfig {
    /// Folder for the rotating log files; `None` logs to stderr only.
    pub dir: Option<PathBuf>,
    /// Filter for stderr (e.g. `warn` for the CLI so stdout JSON stays clean
    /// and the terminal quiet, `info` for the app).
    pub stderr_filter: String,
    /// Filter for the file.
    pub file_filter: String,
}

/// Keeps the background file writer alive; drop it last to flush the file.
#[derive(Debug)]
#[must_use = "dropping the guard stops the log file writer"]
pub struct LogGuard {
    _file: Option<WorkerGuard>,
    /// The folder the file sink writes to.
    pub dir: Option<PathBuf>,
}

/// Installs the global subscriber. Call once, at start-up.
pub fn init(config: &LogConfig) -> Result<LogGuard, LogError> {
    let env = std::env::var("TEMPO_LOG").ok();
    let filter = |default: &str| {
        let spec = env.as_deref().unwrap_or(default);
        EnvFilter::try_new(spec).map_err(|_| LogError::Filter(spec.to_owned()))
    };
    let stderr_layer = fmt::layer()
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_filter(filter(&config.stderr_filter)?);

    let (file_layer, guard) = match &config.dir {
        Some(dir) => {
            let (writer, guard) = tracing_appender::non_blocking(file_appender(dir)?);
            let layer = fmt::layer()
                .with_writer(writer)
                .with_ansi(false)
                .with_filter(filter(&config.file_filter)?);
            (Some(layer), Some(guard))
        }
        None => (None, None),
    };
    tracing_subscriber::registry()
        .with(stderr_layer)
        .with(file_layer)
        .try_init()
        .map_err(|_| LogError::AlreadySet)?;
    Ok(LogGuard {
        _file: guard,
        dir: config.dir.clone(),
    })
}

fn file_appender(dir: &Path) -> Result<RollingFileAppender, LogError> {
    std::fs::create_dir_all(dir).map_err(|source| LogError::Folder {
        path: dir.to_owned(),
        source,
    })?;
    RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(FILE_PREFIX)
        .filename_suffix("log")
        .max_log_files(KEEP_FILES)
        .build(dir)
        .map_err(|e| LogError::Appender(e.to_string()))
}
