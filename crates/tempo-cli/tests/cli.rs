//! The `tempo` binary as a script sees it: stdout JSON, stderr errors, exit codes.

use std::path::Path;
use std::process::{Command, Output};

fn tempo(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tempo"))
        .args(args)
        // Keep logs and the default database inside the test's folder.
        .env("TEMPO_DATA_DIR", data)
        .env_remove("TEMPO_DB")
        .output()
        .expect("run tempo")
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

#[test]
fn profile_set_then_show_round_trips_through_the_default_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let set = tempo(
        dir.path(),
        &[
            "profile",
            "set",
            "--max-hr",
            "190",
            "--threshold-pace",
            "4:15",
            "--json",
        ],
    );
    assert!(
        set.status.success(),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
    assert_eq!(json(&set)["max_hr"]["value"], 190.0);

    let show = tempo(dir.path(), &["profile", "show", "--json"]);
    assert!(show.status.success());
    let profile = json(&show);
    assert_eq!(profile["max_hr"]["value"], 190.0);
    assert_eq!(profile["threshold_pace_s_per_km"]["value"], 255.0);
    // The default database lives in the data folder, where the app looks too.
    assert!(dir.path().join("tempo.db").is_file());

    let diag = json(&tempo(dir.path(), &["diagnostics", "--json"]));
    assert_eq!(
        diag["database_path"],
        dir.path().join("tempo.db").display().to_string()
    );
}

#[test]
fn explicit_db_flag_wins() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("elsewhere.db");
    let db = db.to_str().expect("utf8 path");
    assert!(
        tempo(dir.path(), &["--db", db, "profile", "set", "--name", "Ada"])
            .status
            .success()
    );
    let shown = json(&tempo(
        dir.path(),
        &["profile", "show", "--json", "--db", db],
    ));
    assert_eq!(shown["name"], "Ada");
    assert!(!dir.path().join("tempo.db").exists());
}

#[test]
fn refused_input_exits_3_with_a_json_error_and_stores_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = tempo(
        dir.path(),
        &[
            "profile", "set", "--max-hr", "1900", "--weight", "70", "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).expect("stderr JSON");
    assert_eq!(err["error"]["code"], "invalid_input");
    assert_eq!(err["error"]["field"], "max_hr");
    let history = json(&tempo(dir.path(), &["profile", "history", "--json"]));
    assert_eq!(history, serde_json::json!([]));

    let bad_pace = tempo(dir.path(), &["profile", "set", "--threshold-pace", "4:75"]);
    assert_eq!(bad_pace.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&bad_pace.stderr).contains("threshold_pace"));
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_eq!(
        tempo(dir.path(), &["profile", "set", "--max-hr", "lots"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        tempo(dir.path(), &["no-such-command"]).status.code(),
        Some(2)
    );
}

#[test]
fn damaged_database_exits_4_naming_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("tempo.db");
    std::fs::write(&db, "not a database").expect("write");
    let out = tempo(dir.path(), &["profile", "show"]);
    assert_eq!(out.status.code(), Some(4));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("database_corrupt"), "{stderr}");
    assert!(stderr.contains(&db.display().to_string()), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&db).expect("read"),
        "not a database"
    );
}
