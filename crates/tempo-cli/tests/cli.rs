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

/// Real device files from the test corpus (scripts/fetch-test-corpus.sh).
fn corpus_fit(name: &str) -> Option<std::path::PathBuf> {
    match std::env::var_os("TEMPO_TEST_CORPUS") {
        Some(d) => Some(Path::new(&d).join("fit").join(name)),
        None => {
            assert!(
                std::env::var_os("CI").is_none(),
                "TEMPO_TEST_CORPUS is not set on CI"
            );
            eprintln!("skipped: TEMPO_TEST_CORPUS is not set");
            None
        }
    }
}

#[test]
fn import_then_list_and_show_as_json() {
    let Some(ride) = corpus_fit("hrv-activity.fit") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let junk = dir.path().join("junk.fit");
    std::fs::write(&junk, b"not a fit file").expect("write");
    let ride = ride.to_str().expect("utf-8 path");
    let out = tempo(
        dir.path(),
        &["import", ride, junk.to_str().expect("path"), "--json"],
    );
    // Some files failed: exit 6, and the JSON summary says which and why.
    assert_eq!(
        out.status.code(),
        Some(6),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = json(&out);
    assert_eq!(summary["imported"], 1);
    assert_eq!(summary["failed"][0]["file"], junk.to_str().expect("path"));
    assert!(
        summary["failed"][0]["reason"]
            .as_str()
            .expect("reason")
            .contains("not an activity file")
    );

    // Again, the ride alone: a duplicate, exit 0.
    let again = tempo(dir.path(), &["import", ride, "--json"]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(json(&again)["duplicates"], 1);

    let list = json(&tempo(
        dir.path(),
        &["activities", "list", "--sport", "cycling", "--json"],
    ));
    assert_eq!(list["totals"]["count"], 1);
    let id = list["activities"][0]["id"].as_i64().expect("id");
    // Garmin's SDK reads total_distance 6873.6 m from this file.
    assert_eq!(list["activities"][0]["totals"]["distance_m"], 6873.6);

    let show = json(&tempo(
        dir.path(),
        &["activities", "show", &id.to_string(), "--streams", "--json"],
    ));
    assert_eq!(show["laps"].as_array().expect("laps").len(), 15);
    let n = show["sample_count"].as_u64().expect("count");
    assert_eq!(
        show["streams"]["time_s"].as_array().expect("time").len() as u64,
        n
    );
    assert_eq!(
        show["streams"]["power"].as_array().expect("power").len() as u64,
        n
    );

    let del = tempo(dir.path(), &["activities", "delete", &id.to_string()]);
    assert_eq!(del.status.code(), Some(0));
    let gone = tempo(
        dir.path(),
        &["activities", "show", &id.to_string(), "--json"],
    );
    assert_eq!(gone.status.code(), Some(3));
    let err: serde_json::Value = serde_json::from_slice(&gone.stderr).expect("json error");
    assert_eq!(err["error"]["code"], "not_found");
}

#[test]
fn metrics_use_the_thresholds_in_force_on_the_activity_date() {
    let Some(ride) = corpus_fit("hrv-activity.fit") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let out = tempo(
        dir.path(),
        &["import", ride.to_str().expect("path"), "--json"],
    );
    assert_eq!(out.status.code(), Some(0));
    let id =
        json(&tempo(dir.path(), &["activities", "list", "--json"]))["activities"][0]["id"].clone();
    let id = id.to_string();

    // An FTP recorded today does not apply to a 2022 ride.
    assert_eq!(
        tempo(dir.path(), &["profile", "set", "--ftp", "250"])
            .status
            .code(),
        Some(0)
    );
    let m = json(&tempo(dir.path(), &["metrics", "activity", &id, "--json"]));
    assert_eq!(m["thresholds"]["on"], "2022-02-07");
    assert!(m["thresholds"]["ftp_w"].is_null());
    assert!(m["power"]["tss"].is_null());
    assert!(m["power"]["normalized_w"].as_f64().expect("NP") > 0.0);

    // Dated before the ride, it does.
    let set = tempo(
        dir.path(),
        &[
            "profile",
            "set",
            "--ftp",
            "250",
            "--effective",
            "2022-01-01",
        ],
    );
    assert_eq!(
        set.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
    let m = json(&tempo(dir.path(), &["metrics", "activity", &id, "--json"]));
    assert_eq!(m["thresholds"]["ftp_w"]["value"], 250.0);
    assert_eq!(m["load"]["metric"], "tss");
    assert!(m["power"]["tss"].as_f64().expect("TSS") > 0.0);
}

#[test]
fn load_series_and_recompute_as_json() {
    let Some(ride) = corpus_fit("hrv-activity.fit") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let set = tempo(
        dir.path(),
        &[
            "profile",
            "set",
            "--ftp",
            "200",
            "--effective",
            "2022-01-01",
        ],
    );
    assert_eq!(set.status.code(), Some(0));
    // Imported after the FTP: the load is stored at import.
    assert_eq!(
        tempo(dir.path(), &["import", ride.to_str().expect("path")])
            .status
            .code(),
        Some(0)
    );
    let days = json(&tempo(
        dir.path(),
        &[
            "metrics",
            "load",
            "--from",
            "2022-02-07",
            "--to",
            "2022-02-08",
            "--json",
        ],
    ));
    let days = days.as_array().expect("days");
    assert_eq!(days.len(), 2);
    assert_eq!(days[0]["date"], "2022-02-07");
    assert!(days[0]["load"].as_f64().expect("load") > 0.0);
    assert_eq!(days[1]["load"], 0.0);
    let r = json(&tempo(dir.path(), &["metrics", "recompute", "--json"]));
    assert_eq!(r["activities"], 1);
    let bad = tempo(
        dir.path(),
        &[
            "metrics",
            "load",
            "--from",
            "2022-02-08",
            "--to",
            "2022-02-01",
        ],
    );
    assert_eq!(bad.status.code(), Some(3));
}

#[test]
fn season_views_estimates_and_predictions_as_json() {
    let Some(ride) = corpus_fit("hrv-activity.fit") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let set = tempo(
        dir.path(),
        &[
            "profile",
            "set",
            "--max-hr",
            "190",
            "--effective",
            "2022-01-01",
        ],
    );
    assert_eq!(set.status.code(), Some(0));
    assert_eq!(
        tempo(dir.path(), &["import", ride.to_str().expect("path")])
            .status
            .code(),
        Some(0)
    );
    let run = |args: &[&str]| {
        let mut all = args.to_vec();
        all.push("--json");
        json(&tempo(dir.path(), &all))
    };
    // Two ranges, two curves: the ride's year has a power curve, 2021 none.
    let curves = run(&[
        "metrics",
        "curve",
        "--kind",
        "power",
        "--range",
        "2022-01-01..2022-12-31",
        "--range",
        "2021-01-01..2021-12-31",
    ]);
    let points = curves[0]["points"].as_array().expect("points");
    assert_eq!(points[0]["duration_s"], 1);
    // A ride of just over 15 minutes: the stored durations from 1 s to 15 min.
    assert_eq!(points.len(), 20);
    assert_eq!(points[19]["duration_s"], 900);
    assert!(
        points
            .windows(2)
            .all(|w| w[0]["value"].as_f64() >= w[1]["value"].as_f64())
    );
    assert_eq!(curves[1]["points"].as_array().map(Vec::len), Some(0));

    let zones = run(&[
        "metrics",
        "zones",
        "--from",
        "2022-02-01",
        "--to",
        "2022-02-28",
    ]);
    assert_eq!(zones[0]["kind"], "heart");
    assert_eq!(zones[0]["model"], "percent_hrmax");

    let weeks = run(&[
        "metrics",
        "volume",
        "--from",
        "2022-02-07",
        "--to",
        "2022-02-07",
    ]);
    assert_eq!(weeks[0]["start"], "2022-02-07");
    assert_eq!(weeks[0]["activities"], 1);
    assert_eq!(weeks[0]["by_sport"][0]["sport"], "cycling");

    // A 2022 ride says nothing about fitness today: the notes say so.
    let p = run(&["metrics", "predict"]);
    assert!(p["vdot"].is_null());
    assert!(!p["notes"].as_array().expect("notes").is_empty());
    assert!(
        run(&["metrics", "estimates"])
            .as_array()
            .expect("list")
            .is_empty()
    );
    assert_eq!(run(&["metrics", "fitness-model"])["performance"], "vdot");
    // The load model: shown, changed, refused when fatigue is not shorter.
    assert_eq!(run(&["metrics", "load-model"])["ctl_days"], 42.0);
    let changed = run(&[
        "metrics",
        "load-model",
        "--ctl-days",
        "28",
        "--form",
        "exponential",
    ]);
    assert_eq!(
        (changed["ctl_days"].as_f64(), changed["atl_days"].as_f64()),
        (Some(28.0), Some(7.0))
    );
    assert_eq!(run(&["metrics", "load-model"])["form"], "exponential");
    let bad = tempo(dir.path(), &["metrics", "load-model", "--atl-days", "30"]);
    assert_eq!(bad.status.code(), Some(3));
    assert!(run(&["metrics", "status"])["date"].is_string());

    let accepted = run(&["metrics", "accept", "max_hr", "186"]);
    assert_eq!(accepted["max_hr"]["value"], 186.0);
    // Weight is not estimated: invalid input (exit 3); an unknown measure is a
    // usage error (exit 2), as is a malformed range.
    let weight = tempo(dir.path(), &["metrics", "accept", "weight_kg", "70"]);
    assert_eq!(weight.status.code(), Some(3));
    let bogus = tempo(dir.path(), &["metrics", "accept", "vo2", "70"]);
    assert_eq!(bogus.status.code(), Some(2));
    let range = tempo(
        dir.path(),
        &["metrics", "curve", "--range", "2022-13-01..2022-12-31"],
    );
    assert_eq!(range.status.code(), Some(2));
}

#[test]
fn goal_set_then_plan_generate_show_and_export() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The race is about 12 weeks after the default start (next Monday).
    let race = (chrono::Local::now().date_naive() + chrono::Days::new(90)).to_string();
    let set = tempo(
        dir.path(),
        &[
            "goal",
            "set",
            "--kind",
            "10k",
            "--race-date",
            &race,
            "--days",
            "tue,thu,sat,sun",
            "--long-run-day",
            "sun",
            "--race",
            "10:48:00",
            "--weekly-km",
            "25",
            "--longest-km",
            "10",
            "--json",
        ],
    );
    assert_eq!(
        set.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
    let goal = json(&set);
    assert_eq!(
        goal["goal"]["level"]["vdot"].as_f64().map(f64::round),
        Some(42.0)
    );
    let plan = json(&tempo(dir.path(), &["plan", "generate", "--json"]));
    assert!(plan["active"].as_bool().expect("active"));
    let workouts = plan["workouts"].as_array().expect("workouts");
    assert_eq!(
        workouts.last().expect("race")["workout"]["date"],
        race.as_str()
    );
    let shown = json(&tempo(dir.path(), &["plan", "show", "--json"]));
    assert_eq!(shown["id"], plan["id"]);
    let ics = tempo(dir.path(), &["plan", "export", "--format", "ics"]);
    assert_eq!(ics.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&ics.stdout).starts_with("BEGIN:VCALENDAR"));
    let out = dir.path().join("fit");
    let fit = json(&tempo(
        dir.path(),
        &[
            "plan",
            "export",
            "--format",
            "fit",
            "--out",
            out.to_str().expect("path"),
            "--json",
        ],
    ));
    assert_eq!(fit.as_array().map(Vec::len), Some(workouts.len()));
    // Refused input: exit 3 with the field; an unknown format too.
    let bad = tempo(
        dir.path(),
        &[
            "goal",
            "set",
            "--kind",
            "10k",
            "--race-date",
            &race,
            "--days",
            "tue",
            "--long-run-day",
            "sun",
            "--weekly-km",
            "20",
        ],
    );
    assert_eq!(bad.status.code(), Some(3));
    let fmt = tempo(dir.path(), &["plan", "export", "--format", "pdf"]);
    assert_eq!(fmt.status.code(), Some(3));
}

/// `tempo coach ask --provider openai --base-url` against an OpenAI-compatible
/// server on this computer with no key: the answer streams to stdout, or
/// comes as one JSON object; the conversation keeps the temperature and
/// answer length it was asked with.
#[tokio::test(flavor = "multi_thread")]
async fn coach_ask_works_with_any_openai_compatible_server_and_no_key() {
    use tempo_coach::testing::{FakeOpenAi, Scripted};
    let dir = tempfile::tempdir().expect("tempdir");
    let fake = FakeOpenAi::start().await;
    fake.push(Scripted::text(["Easy ", "run ", "tomorrow."]));
    fake.push(Scripted::text(["Then ", "rest."]));
    // The binary blocks; the fake server needs this runtime meanwhile.
    let run = |args: &[&str]| {
        let data = dir.path().to_owned();
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            tempo(&data, &args)
        })
    };
    let base = fake.base_url();
    let ask = |question: &str, extra: &[&str]| {
        let mut args = vec![
            "coach",
            "ask",
            question,
            "--provider",
            "openai",
            "--base-url",
            &base,
            "--model",
            "qwen2.5:1.5b",
        ];
        args.extend_from_slice(extra);
        run(&args)
    };
    let succeeded = |out: &Output| {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };

    let out = ask(
        "What should I do tomorrow?",
        &["--temperature", "0.2", "--max-tokens", "200", "--json"],
    )
    .await
    .expect("join");
    succeeded(&out);
    let a = json(&out);
    assert_eq!(a["answer"], "Easy run tomorrow.");
    assert_eq!(a["provider"], "openai");
    assert_eq!(a["model"], "qwen2.5:1.5b");
    assert!(a["usage"]["prompt_tokens"].as_u64().expect("prompt tokens") > 0);
    assert!(a["usage"]["completion_tokens"].as_u64().is_some());
    assert!(a["latency_ms"].as_u64().is_some());
    assert!(a["citations"].is_array());
    let id = a["conversation_id"].as_i64().expect("conversation id");
    let first = &fake.requests()[0];
    assert!(first.header("authorization").is_none(), "no key, no header");
    assert_eq!(first.body["model"], "qwen2.5:1.5b");
    assert_eq!(first.body["max_tokens"], 200);

    // Without --json the answer streams as text; the conversation's
    // settings carry over.
    let id_arg = id.to_string();
    let out = ask("And after?", &["--conversation", &id_arg])
        .await
        .expect("join");
    succeeded(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Then rest."));
    let second = &fake.requests()[1];
    assert_eq!(second.body["max_tokens"], 200);
    assert!((second.body["temperature"].as_f64().expect("temperature") - 0.2).abs() < 1e-6);

    let set = run(&[
        "coach",
        "conversations",
        "settings",
        &id_arg,
        "--max-tokens",
        "64",
        "--json",
    ])
    .await
    .expect("join");
    succeeded(&set);
    let s = json(&set);
    assert_eq!(s["max_tokens"], 64);
    assert!((s["temperature"].as_f64().expect("kept") - 0.2).abs() < 1e-6);
    let bad = run(&[
        "coach",
        "conversations",
        "settings",
        &id_arg,
        "--temperature",
        "3",
    ])
    .await
    .expect("join");
    assert_eq!(bad.status.code(), Some(3), "refused input");
    assert!(String::from_utf8_lossy(&bad.stderr).contains("temperature"));
}
