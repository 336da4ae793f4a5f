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
pub fn open_state(explicit_db: Option<PathBuf>) -> AppState {
    let tempo = paths::database_path(explicit_db).and_then(|db_path| {
        tauri::async_runtime::block_on(Tempo::open(TempoOptions::system(db_path)))
    });
    if let Err(e) = &tempo {
        tracing::error!(
            code = e.code.as_str(),
            "database unavailable: {}",
            e.message
        );
    }
    AppState { tempo }
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
    let state = open_state(db_arg(std::env::args()));
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_store::Builder::new().build())
        .invoke_handler(builder.invoke_handler())
        .manage(state)
        .setup(move |app| {
            builder.mount_events(app);
            if let Some(window) = app.get_webview_window("main") {
                tracing::debug!(label = window.label(), "main window ready");
            }
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
