//! Tempo's desktop shell: glue between the web UI and `tempo-api`.
//!
//! Rules (see ARCHITECTURE.md): a command parses its input, calls one `tempo-api`
//! function and returns its DTO or `AppError`. No business logic lives here;
//! only things that exist because there is a window do: the settings store, the
//! webview, window state.

pub mod commands;
mod settings;

use std::path::PathBuf;

use tauri::Manager;
use tempo_api::{AppError, Tempo, TempoOptions, paths};

pub use commands::specta_builder;
pub use settings::{Language, Settings, Theme, Units};

/// What every command can reach. The database may have failed to open: the
/// error is kept so every command returns it and the UI shows the way out
/// instead of the app failing to start.
#[derive(Debug)]
pub struct AppState {
    pub tempo: Result<Tempo, AppError>,
    /// The running import's cancel flag; one import at a time.
    pub import: std::sync::Mutex<Option<tempo_api::activities::CancelFlag>>,
}

impl AppState {
    pub fn tempo(&self) -> Result<&Tempo, AppError> {
        self.tempo.as_ref().map_err(Clone::clone)
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

/// Opens the database the CLI would open, with the real clock and keychain.
/// `kb_dir` overrides where the knowledge base is read from (the app's bundled
/// resources).
pub fn open_state(explicit_db: Option<PathBuf>, kb_dir: Option<PathBuf>) -> AppState {
    let tempo = paths::database_path(explicit_db).and_then(|db_path| {
        let mut options = TempoOptions::system(db_path)?;
        if let Some(dir) = kb_dir {
            options.knowledge.kb_dir = dir;
        }
        tauri::async_runtime::block_on(Tempo::open(options))
    });
    if let Err(e) = &tempo {
        tracing::error!(
            code = e.code.as_str(),
            "database unavailable: {}",
            e.message
        );
    }
    AppState {
        tempo,
        import: std::sync::Mutex::new(None),
    }
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
            let state = open_state(db, kb_dir);
            if let Ok(tempo) = &state.tempo {
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
