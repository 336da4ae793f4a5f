//! Tempo's desktop shell: glue between the web UI and `tempo-api`.
//!
//! Rules (see ARCHITECTURE.md): a command parses its input, calls one `tempo-api`
//! function and returns its DTO or `AppError`. No business logic lives here;
//! only things that exist because there is a window do: the settings store, the
//! webview, window state.

mod background;
mod coach;
pub mod commands;
mod own;
mod settings;
mod sync;

use std::path::PathBuf;

use tauri::Manager;
use tempo_api::{AppError, Tempo, TempoOptions, paths};

pub use commands::specta_builder;
pub use settings::{Language, ReminderSettings, Settings, Theme, Units};

/// What every command can reach. The database may have failed to open: the
/// error is kept so every command returns it and the UI shows the way out
/// instead of the app failing to start.
///
/// The installation behind it can change while the app runs (a restore, the
/// demo athlete, erasing everything), so commands take a clone of the current
/// one for each call.
#[derive(Debug)]
pub struct AppState {
    tempo: std::sync::RwLock<Result<Tempo, AppError>>,
    /// How the athlete's own database is found (`--db`, else the default).
    explicit_db: Option<PathBuf>,
    kb_dir: Option<PathBuf>,
    /// The running import's cancel flag; one import at a time.
    pub import: std::sync::Mutex<Option<tempo_api::activities::CancelFlag>>,
    /// The answer being written, for `coach_stop`; one at a time.
    pub coach: coach::OneTask,
    /// The model being downloaded, for `coach_cancel_download`.
    pub download: coach::OneTask,
    /// The running sync's cancel flag ("sync now" or background); one at a time.
    pub sync: std::sync::Mutex<Option<tempo_api::activities::CancelFlag>>,
    /// A Strava sign-in waiting for the browser, for `account_connect_cancel`.
    pub connect: coach::OneTask,
}

impl AppState {
    /// The installation in use now.
    pub fn tempo(&self) -> Result<Tempo, AppError> {
        self.tempo
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Takes the installation out (for a restore or an erasure, which close
    /// it); commands meanwhile get `busy`.
    pub fn take(&self, why: &str) -> Result<Tempo, AppError> {
        let mut slot = self
            .tempo
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let busy = Err(AppError::new(tempo_api::ErrorCode::Busy, why));
        std::mem::replace(&mut *slot, busy)
    }

    /// Puts an installation (or the error opening one gave) in place.
    pub fn set(&self, tempo: Result<Tempo, AppError>) {
        *self
            .tempo
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = tempo;
    }

    /// The athlete's own database file.
    pub fn own_db_path(&self) -> Result<PathBuf, AppError> {
        paths::database_path(self.explicit_db.clone())
    }

    /// The demo athlete's database: beside the athlete's own, never mixed.
    pub fn demo_db_path(&self) -> Result<PathBuf, AppError> {
        let own = self.own_db_path()?;
        Ok(own.with_file_name("tempo-demo.db"))
    }

    /// Opens the database at `path` with the real clock and keychain.
    pub fn open(&self, path: PathBuf) -> Result<Tempo, AppError> {
        let mut options = TempoOptions::system(path)?;
        if let Some(dir) = &self.kb_dir {
            options.knowledge.kb_dir = dir.clone();
        }
        tauri::async_runtime::block_on(Tempo::open(options))
    }

    /// Same as [`AppState::open`], for async callers.
    pub async fn open_async(&self, path: PathBuf) -> Result<Tempo, AppError> {
        let mut options = TempoOptions::system(path)?;
        if let Some(dir) = &self.kb_dir {
            options.knowledge.kb_dir = dir.clone();
        }
        Tempo::open(options).await
    }
}

/// `--db PATH` or `--db=PATH` on the command line, if given.
fn db_arg(args: impl Iterator<Item = String>) -> Option<PathBuf> {
    let mut args = args.skip(1);
    while let Some(arg) = args.next() {
        if arg == "--db" {
            return args.next().map(PathBuf::from);
        }
        if let Some(path) = arg.strip_prefix("--db=") {
            return Some(PathBuf::from(path));
        }
    }
    None
}

/// Opens the database the CLI would open (or the demo athlete's, when the
/// app was showing it), with the real clock and keychain. `kb_dir` overrides
/// where the knowledge base is read from (the app's bundled resources).
pub fn open_state(explicit_db: Option<PathBuf>, kb_dir: Option<PathBuf>, demo: bool) -> AppState {
    let state = AppState {
        tempo: std::sync::RwLock::new(Err(AppError::internal("not opened yet"))),
        explicit_db,
        kb_dir,
        import: std::sync::Mutex::new(None),
        coach: coach::OneTask::default(),
        download: coach::OneTask::default(),
        sync: std::sync::Mutex::new(None),
        connect: coach::OneTask::default(),
    };
    let path = if demo {
        state.demo_db_path()
    } else {
        state.own_db_path()
    };
    let tempo = path.and_then(|p| state.open(p));
    if let Err(e) = &tempo {
        tracing::error!(
            code = e.code.as_str(),
            "database unavailable: {}",
            e.message
        );
    }
    state.set(tempo);
    state
}

/// Starts the app.
pub fn run() {
    let log_dir = paths::log_dir().ok();
    let _log = tempo_log::init(&tempo_log::LogConfig {
        dir: log_dir,
        stderr_filter: "info".into(),
        file_filter: "info,tempo=debug".into(),
    })
    .map_err(|e| eprintln!("logging disabled: {e}"))
    .ok();
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "Tempo starting");

    let builder = specta_builder();
    let db = db_arg(std::env::args());
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            // The knowledge base ships as a bundle resource (beside the binary in
            // development builds, in Contents/Resources on macOS…).
            let kb_dir = app
                .path()
                .resource_dir()
                .ok()
                .map(|dir| dir.join("knowledge_base"))
                .filter(|dir| dir.is_dir());
            let demo = settings::load(app.handle())
                .map(|s| s.demo)
                .unwrap_or(false);
            let state = open_state(db, kb_dir, demo);
            if let Ok(tempo) = &state.tempo() {
                // Open (or build, on first start) the search index in the
                // background so the first search is instant.
                let tempo = tempo.clone();
                tauri::async_runtime::spawn(async move {
                    match tempo_api::kb::warm_up(&tempo).await {
                        Ok(info) => tracing::info!(
                            pages = info.pages,
                            chunks = info.chunks,
                            took_ms = info.took_ms,
                            "knowledge base ready"
                        ),
                        Err(e) => tracing::warn!("knowledge base unavailable: {}", e.message),
                    }
                });
            }
            app.manage(state);
            background::start(app.handle().clone());
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        tracing::error!("Tempo stopped with an error: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::db_arg;
    use std::path::PathBuf;

    fn args(list: &[&str]) -> impl Iterator<Item = String> {
        list.iter()
            .map(|s| (*s).to_owned())
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn db_arg_forms() {
        assert_eq!(
            db_arg(args(&["app", "--db", "/x.db"])),
            Some(PathBuf::from("/x.db"))
        );
        assert_eq!(
            db_arg(args(&["app", "--db=/y.db"])),
            Some(PathBuf::from("/y.db"))
        );
        assert_eq!(db_arg(args(&["app"])), None);
    }
}
