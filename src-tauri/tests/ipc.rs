//! Commands through Tauri's real IPC layer (mock runtime, no window): inputs are
//! deserialized as the UI sends them and errors come back as `{code, message, field}`.

use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};
use tempo_app::commands;

/// The real context (tauri.conf.json and the capability, so a command the
/// window is not granted is refused here as in the app), minus the config's
/// window, which each test creates itself on the mock runtime.
fn context() -> tauri::Context<MockRuntime> {
    let mut context = tauri::generate_context!();
    context.config_mut().app.windows.clear();
    context
}

/// A mock app on the database at `path`, and its "main" window (the label the
/// capability grants our commands to).
fn app_with_db(path: &std::path::Path) -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let app = mock_builder()
        // The window-free commands; the settings ones need the store plugin and a
        // real runtime and are covered end to end.
        .invoke_handler(
            tauri_specta::Builder::<MockRuntime>::new()
                .commands(tauri_specta::collect_commands![
                    commands::check_database,
                    commands::get_profile,
                    commands::update_profile,
                    commands::profile_history,
                ])
                .invoke_handler(),
        )
        .manage(tempo_app::open_state(Some(path.to_owned()), None, false))
        .build(context())
        .expect("mock app");
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("webview");
    (app, webview)
}

fn invoke(webview: &WebviewWindow<MockRuntime>, cmd: &str, body: Value) -> Result<Value, Value> {
    get_ipc_response(
        webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            // The origin the bundled UI is served from on Linux and macOS.
            url: "tauri://localhost".parse().expect("url"),
            body: InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().expect("json body"))
}

#[test]
fn profile_round_trip_and_typed_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_app, main) = app_with_db(&dir.path().join("tempo.db"));

    let saved = invoke(
        &main,
        "update_profile",
        json!({"input": {"name": "Ada", "max_hr": 190}}),
    )
    .expect("update ok");
    assert_eq!(saved["name"], "Ada");
    assert_eq!(saved["max_hr"]["value"], 190.0);

    let err =
        invoke(&main, "update_profile", json!({"input": {"max_hr": 1900}})).expect_err("refused");
    assert_eq!(err["code"], "invalid_input");
    assert_eq!(err["field"], "max_hr");

    let profile = invoke(&main, "get_profile", json!({})).expect("get");
    assert_eq!(
        profile["max_hr"]["value"], 190.0,
        "refused update changed data"
    );
}

#[test]
fn corrupt_database_reaches_the_ui_as_a_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("tempo.db");
    std::fs::write(&path, vec![0x42u8; 8192]).expect("write");
    let (_app, main) = app_with_db(&path);
    let err = invoke(&main, "check_database", json!({})).expect_err("refused");
    assert_eq!(err["code"], "database_corrupt");
    assert!(
        err["message"]
            .as_str()
            .expect("message")
            .contains(&path.display().to_string())
    );
    let err = invoke(&main, "get_profile", json!({})).expect_err("refused");
    assert_eq!(err["code"], "database_corrupt");
    assert_eq!(std::fs::read(&path).expect("read"), vec![0x42u8; 8192]);
}
