//! The athlete's own data through the use cases: manual entries, edits that
//! survive re-imports, RPE as the load of last resort, wellness, consent,
//! reminders, backup and restore, erasure, and the export bundle read back
//! into a fresh database. The clock is fixed at Wednesday 2026-11-25 09:00 UTC.

mod common;

use std::path::Path;
use std::sync::Arc;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use common::{Stretch, half};
use tempo_api::activities::{self, CancelFlag};
use tempo_api::entries::{self, ActivityEdit, Feedback, ManualActivityInput, WellnessDay};
use tempo_api::export::{self, ExportRange};
use tempo_api::profile::{self, ProfileInput};
use tempo_api::{ErrorCode, Tempo, backup, erase, metrics, privacy, reminders};
use tempo_secrets::{SecretStore, SecretString};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

async fn open(dir: &Path) -> Tempo {
    common::open(&dir.join("tempo.db")).await
}

async fn import(tempo: &Tempo, paths: &[std::path::PathBuf]) -> activities::ImportSummary {
    activities::import(tempo, paths, |_| {}, &CancelFlag::default())
        .await
        .expect("import")
}

async fn thresholds(tempo: &Tempo) {
    profile::update(
        tempo,
        ProfileInput {
            sex: Some(profile::Sex::Female),
            max_hr: Some(190.0),
            resting_hr: Some(50.0),
            lthr: Some(172.0),
            effective: Some(day(2020, 1, 1)),
            ..ProfileInput::default()
        },
    )
    .await
    .expect("thresholds");
}

fn manual(start_local: &str, minutes: f64) -> ManualActivityInput {
    ManualActivityInput {
        sport: "strength".into(),
        start_local: start_local.into(),
        utc_offset_s: Some(0),
        duration_s: minutes * 60.0,
        distance_m: None,
        avg_hr: None,
        max_hr: None,
        name: Some("Gym".into()),
        description: None,
        rpe: Some(6),
        notes: Some("legs".into()),
    }
}

async fn load_on(tempo: &Tempo, d: NaiveDate) -> f64 {
    metrics::load_series(tempo, Some(d), Some(d))
        .await
        .expect("series")
        .first()
        .map_or(0.0, |x| x.load)
}

#[tokio::test]
async fn manual_entries_count_by_session_rpe_and_edits_survive_reimport() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tempo = open(dir.path()).await;
    thresholds(&tempo).await;

    // No heart rate, no power: RPE × minutes (Foster) is the load.
    let id = entries::add_manual(&tempo, &manual("2026-11-20T18:00", 45.0))
        .await
        .expect("added");
    let m = metrics::activity(&tempo, id).await.expect("metrics");
    let load = m.load.expect("a load");
    assert_eq!(load.metric, "session_rpe");
    assert!((load.value - 6.0 * 45.0).abs() < 1e-9, "{}", load.value);
    assert!((load_on(&tempo, day(2026, 11, 20)).await - 270.0).abs() < 1e-9);
    // The same session again is refused, naming the stored one.
    let err = entries::add_manual(&tempo, &manual("2026-11-20T18:00", 45.0))
        .await
        .expect_err("duplicate");
    assert!(err.message.contains(&id.to_string()), "{}", err.message);

    // A manual run with an average HR gets HRSS from it.
    let mut run = manual("2026-11-21T08:00", 60.0);
    run.sport = "running".into();
    run.distance_m = Some(10_000.0);
    run.avg_hr = Some(150.0);
    run.rpe = None;
    let run_id = entries::add_manual(&tempo, &run).await.expect("run");
    let load = metrics::activity(&tempo, run_id)
        .await
        .expect("metrics")
        .load
        .expect("load");
    assert_eq!(load.metric, "hrss");
    assert!(load.value > 40.0 && load.value < 120.0, "{}", load.value);

    // An imported run, then the athlete's edit, then a richer copy of the
    // same session: the edit wins, the data is the new file's.
    let start = Utc.with_ymd_and_hms(2026, 11, 22, 7, 0, 0).unwrap();
    let gpx = common::write_gpx(
        dir.path(),
        "Morning Run",
        "running",
        start,
        &[Stretch::run(1800, 3.0, 150.0)],
    );
    let summary = import(&tempo, &[gpx]).await;
    let gpx_id = summary.activity_ids[0];
    let edited = entries::edit(
        &tempo,
        gpx_id,
        &ActivityEdit {
            name: Some("Tempo with Léa".into()),
            sport: "running".into(),
            description: Some("felt strong".into()),
            counts_for_load: false,
            exclude_from_export: true,
        },
    )
    .await
    .expect("edit");
    assert_eq!(edited.edited, ["name", "description", "counts_for_load"]);
    assert_eq!(
        load_on(&tempo, day(2026, 11, 22)).await,
        0.0,
        "excluded from load"
    );
    entries::set_activity_feedback(
        &tempo,
        gpx_id,
        &Feedback {
            rpe: Some(7),
            notes: Some("windy".into()),
        },
    )
    .await
    .expect("feedback");
    // Same session, with power: richer, so its data replaces the GPX's.
    let richer = common::write_gpx(
        dir.path(),
        "Run from the watch",
        "running",
        start + Duration::seconds(20),
        &[Stretch {
            seconds: 1800,
            speed_mps: 3.0,
            hr: 150.0,
            watts: 250.0,
        }],
    );
    let again = import(&tempo, &[richer]).await;
    assert_eq!(again.merged, 1, "{again:?}");
    let d = activities::get(&tempo, gpx_id).await.expect("detail");
    assert_eq!(d.summary.name.as_deref(), Some("Tempo with Léa"));
    assert_eq!(d.description.as_deref(), Some("felt strong"));
    assert_eq!(d.summary.rpe, Some(7));
    assert_eq!(d.notes.as_deref(), Some("windy"));
    assert!(!d.counts_for_load && d.exclude_from_export);
    assert_eq!(d.sources.len(), 2);
    assert_eq!(load_on(&tempo, day(2026, 11, 22)).await, 0.0);

    // Bad input names its field; nothing changes.
    let err = entries::set_activity_feedback(
        &tempo,
        gpx_id,
        &Feedback {
            rpe: Some(12),
            notes: None,
        },
    )
    .await
    .expect_err("refused");
    assert_eq!(err.field.as_deref(), Some("rpe"));
    assert_eq!(
        activities::get(&tempo, gpx_id).await.unwrap().summary.rpe,
        Some(7)
    );
    let err = entries::edit(
        &tempo,
        9999,
        &ActivityEdit {
            name: None,
            sport: "running".into(),
            description: None,
            counts_for_load: true,
            exclude_from_export: false,
        },
    )
    .await
    .expect_err("missing");
    assert_eq!(err.code, ErrorCode::NotFound);
    // A transition cannot be chosen, but one keeps its sport through an edit
    // (an export bundle's read-back edits every activity).
    let err = entries::edit(
        &tempo,
        gpx_id,
        &ActivityEdit {
            name: None,
            sport: "transition".into(),
            description: None,
            counts_for_load: true,
            exclude_from_export: false,
        },
    )
    .await
    .expect_err("not a choice");
    assert_eq!(err.field.as_deref(), Some("sport"));
}

#[tokio::test]
async fn wellness_consent_and_reminders() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tempo = open(dir.path()).await;
    let today = day(2026, 11, 25);
    let d = WellnessDay {
        date: today,
        sleep_hours: Some(7.5),
        sleep_quality: Some(4),
        soreness: Some(2),
        mood: Some(5),
        notes: Some(" rested ".into()),
    };
    entries::set_wellness(&tempo, &d).await.expect("set");
    let got = entries::wellness(&tempo, today, today).await.expect("get");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].notes.as_deref(), Some("rested"));
    let mut bad = d.clone();
    bad.mood = Some(6);
    assert_eq!(
        entries::set_wellness(&tempo, &bad)
            .await
            .expect_err("scale")
            .field
            .as_deref(),
        Some("mood")
    );
    bad = d.clone();
    bad.date = day(2026, 11, 26);
    assert!(
        entries::set_wellness(&tempo, &bad).await.is_err(),
        "future day"
    );

    // Consent: nothing is allowed until granted; revoking takes it back.
    let err = privacy::require(&tempo, "anthropic", &["activity_summaries"])
        .await
        .expect_err("no consent yet");
    assert_eq!(err.code, ErrorCode::ConsentRequired);
    privacy::grant(
        &tempo,
        "anthropic",
        &["activity_summaries".into(), "profile".into()],
    )
    .await
    .expect("grant");
    privacy::require(&tempo, "anthropic", &["profile"])
        .await
        .expect("allowed");
    let err = privacy::require(&tempo, "anthropic", &["profile", "wellness"])
        .await
        .expect_err("not this field");
    assert!(err.message.contains("wellness"), "{}", err.message);
    assert!(
        privacy::grant(&tempo, "ollama", &["profile".into()])
            .await
            .is_err()
    );
    assert!(
        privacy::grant(&tempo, "gemini", &["passwords".into()])
            .await
            .is_err()
    );
    privacy::revoke(&tempo, "anthropic").await.expect("revoke");
    assert!(
        privacy::require(&tempo, "anthropic", &["profile"])
            .await
            .is_err()
    );

    // Reminders: last week's summary once, whatever the number of checks.
    let gpx = common::write_gpx(
        dir.path(),
        "Last week",
        "running",
        Utc.with_ymd_and_hms(2026, 11, 18, 7, 0, 0).unwrap(),
        &[Stretch::run(1200, 3.0, 150.0)],
    );
    import(&tempo, &[gpx]).await;
    let kinds = reminders::ReminderKinds::default();
    let new = reminders::refresh(&tempo, kinds, "fr")
        .await
        .expect("refresh");
    assert_eq!(new.len(), 1, "{new:?}");
    assert_eq!(new[0].kind, "weekly_summary");
    assert!(new[0].body.contains("1 séances, 3.6 km"), "{}", new[0].body);
    assert!(
        reminders::refresh(&tempo, kinds, "en")
            .await
            .expect("again")
            .is_empty()
    );
    let inbox = reminders::inbox(&tempo).await.expect("inbox");
    assert_eq!(inbox.unread, 1);
    reminders::mark_read(&tempo, &[inbox.items[0].id])
        .await
        .expect("read");
    assert_eq!(reminders::inbox(&tempo).await.expect("inbox").unread, 0);
    // Switched off: nothing is created.
    let off = reminders::ReminderKinds {
        weekly_summary: false,
        ..kinds
    };
    let dir2 = tempfile::tempdir().expect("tempdir");
    let other = open(dir2.path()).await;
    assert!(
        reminders::refresh(&other, off, "en")
            .await
            .expect("off")
            .is_empty()
    );
}

async fn count_rows(path: &Path) -> i64 {
    let t = tempo_storage::Store::open(path).await.expect("open copy");
    let n = tempo_storage::activities::list(t.connection())
        .await
        .expect("list")
        .len();
    t.close().await.expect("close");
    n as i64
}

#[tokio::test]
async fn backup_while_writing_restore_and_refusals() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tempo = open(dir.path()).await;
    // A writer adding manual sessions while the backup runs.
    let writer = {
        let tempo = tempo.clone();
        tokio::spawn(async move {
            for i in 0..60u32 {
                let start = format!("2026-10-{:02}T{:02}:00", 1 + i / 3, 6 + (i % 3) * 4);
                entries::add_manual(&tempo, &manual(&start, 30.0))
                    .await
                    .expect("write");
            }
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(30)).await;
    let before = activities::list(&tempo, &Default::default())
        .await
        .unwrap()
        .activities
        .len();
    let b = backup::create(&tempo, None).await.expect("backup");
    let after = activities::list(&tempo, &Default::default())
        .await
        .unwrap()
        .activities
        .len();
    writer.await.expect("writer");
    let in_backup = count_rows(Path::new(&b.path)).await as usize;
    assert!(
        before <= in_backup && in_backup <= after,
        "{before} ≤ {in_backup} ≤ {after}"
    );
    assert_eq!(b.kind, "manual");
    assert_eq!(backup::list(&tempo).expect("list").backups.len(), 1);

    // Restore round trip: the 60 sessions are replaced by what the backup held.
    let (tempo, report) = backup::restore(tempo, Path::new(&b.path))
        .await
        .expect("restore");
    assert_eq!(report.activities as usize, in_backup);
    assert!(!report.migrated);
    assert_eq!(
        activities::list(&tempo, &Default::default())
            .await
            .unwrap()
            .activities
            .len(),
        in_backup
    );
    // The data it replaced is in the safety backup: restoring that undoes it.
    assert_eq!(count_rows(Path::new(&report.safety_backup.path)).await, 60);
    let (tempo, undo) = backup::restore(tempo, Path::new(&report.safety_backup.path))
        .await
        .expect("undo");
    assert_eq!(undo.activities, 60);

    // Refused, and nothing changes: garbage, a damaged copy, a foreign SQLite
    // file, a backup from a newer Tempo.
    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, vec![7u8; 8192]).unwrap();
    let damaged = dir.path().join("damaged.db");
    let mut bytes = std::fs::read(&b.path).unwrap();
    let n = bytes.len();
    for x in bytes[n / 2..].iter_mut() {
        *x = 0x5A;
    }
    std::fs::write(&damaged, bytes).unwrap();
    let foreign = dir.path().join("foreign.db");
    {
        let s = tempo_storage::Store::open(&dir.path().join("scratch.db"))
            .await
            .unwrap();
        use sea_orm::ConnectionTrait;
        s.connection()
            .execute_unprepared(&format!(
                "ATTACH DATABASE '{}' AS f; CREATE TABLE f.recipes (name TEXT); DETACH DATABASE f;",
                foreign.display()
            ))
            .await
            .unwrap();
        s.close().await.unwrap();
    }
    let newer = dir.path().join("newer.db");
    std::fs::copy(&b.path, &newer).unwrap();
    {
        let s = tempo_storage::Store::open(&newer).await.unwrap();
        use sea_orm::ConnectionTrait;
        s.connection()
            .execute_unprepared(
                "INSERT INTO seaql_migrations (version, applied_at) VALUES ('m20991231_000000_future', 0)",
            )
            .await
            .unwrap();
        s.close().await.unwrap();
    }
    let db_before = std::fs::read(dir.path().join("tempo.db")).unwrap();
    let mut tempo = tempo;
    for (path, code) in [
        (&garbage, ErrorCode::DatabaseCorrupt),
        (&damaged, ErrorCode::DatabaseCorrupt),
        (&foreign, ErrorCode::InvalidInput),
        (&newer, ErrorCode::DatabaseTooNew),
    ] {
        let err = backup::restore(tempo.clone(), path)
            .await
            .expect_err("refused");
        assert_eq!(err.code, code, "{}: {}", path.display(), err.message);
        assert!(
            err.message.contains(&path.display().to_string()),
            "{}",
            err.message
        );
        // Still usable, same data.
        assert_eq!(
            activities::list(&tempo, &Default::default())
                .await
                .unwrap()
                .activities
                .len(),
            60
        );
        tempo = tempo.clone();
    }
    tempo.close().await.unwrap();
    assert_eq!(
        std::fs::read(dir.path().join("tempo.db")).unwrap().len(),
        db_before.len()
    );
    assert!(!dir.path().join("tempo.db.restoring").exists());
}

#[tokio::test]
async fn a_damaged_database_can_be_restored_without_opening_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tempo = open(dir.path()).await;
    entries::add_manual(&tempo, &manual("2026-11-01T07:00", 30.0))
        .await
        .unwrap();
    let b = backup::create(&tempo, Some(&dir.path().join("mine.db")))
        .await
        .unwrap();
    tempo.close().await.unwrap();
    let db = dir.path().join("tempo.db");
    std::fs::write(&db, b"shopping list").unwrap();
    let options = tempo_api::TempoOptions {
        db_path: db.clone(),
        clock: Arc::new(tempo_api::FixedClock(
            Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap(),
        )),
        secrets: Arc::new(tempo_secrets::MemoryStore::new()),
        knowledge: tempo_api::kb::KnowledgeConfig::system().unwrap(),
        dirs: tempo_api::Dirs::under(dir.path()),
    };
    let (tempo, report) = backup::restore_unopened(options, Path::new(&b.path))
        .await
        .expect("restored");
    assert_eq!(report.activities, 1);
    assert_eq!(
        std::fs::read(&report.safety_backup.path).unwrap(),
        b"shopping list",
        "the damaged file is kept as it was"
    );
    assert_eq!(
        activities::list(&tempo, &Default::default())
            .await
            .unwrap()
            .activities
            .len(),
        1
    );
}

fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.filter_map(Result::ok) {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p.display().to_string());
            }
        }
    }
    out
}

#[tokio::test]
async fn erase_a_provider_then_everything() {
    let root = tempfile::tempdir().expect("tempdir");
    let data = root.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let secrets = Arc::new(tempo_secrets::MemoryStore::new());
    let tempo = Tempo::open(tempo_api::TempoOptions {
        db_path: data.join("tempo.db"),
        clock: Arc::new(tempo_api::FixedClock(
            Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap(),
        )),
        secrets: secrets.clone(),
        knowledge: tempo_api::kb::KnowledgeConfig::system().unwrap(),
        dirs: tempo_api::Dirs::under(&data),
    })
    .await
    .expect("open");
    let gpx = common::write_gpx(
        root.path(),
        "Run",
        "running",
        Utc.with_ymd_and_hms(2026, 11, 20, 7, 0, 0).unwrap(),
        &[Stretch::run(600, 3.0, 150.0)],
    );
    import(&tempo, &[gpx]).await;
    entries::add_manual(&tempo, &manual("2026-11-21T07:00", 30.0))
        .await
        .unwrap();
    let providers = erase::providers(&tempo).await.unwrap();
    let names: Vec<_> = providers.iter().map(|p| p.provider.as_str()).collect();
    assert_eq!(names, ["file", "manual"]);
    let preview = erase::preview(&tempo, Some("file")).await.unwrap();
    assert_eq!(preview.activities, 1);
    let r = erase::erase_provider(&tempo, "file").await.unwrap();
    assert_eq!(r.activities_deleted, 1);
    let left = activities::list(&tempo, &Default::default())
        .await
        .unwrap()
        .activities;
    assert_eq!(left.len(), 1);
    assert!(left[0].manual);
    assert_eq!(
        erase::erase_provider(&tempo, "strava")
            .await
            .unwrap_err()
            .code,
        ErrorCode::InvalidInput
    );

    // Everything: database, backups, caches, logs, keychain; models only on request.
    secrets
        .put("strava.refresh_token", &SecretString::from("r"))
        .unwrap();
    secrets
        .put("openai.api_key", &SecretString::from("k"))
        .unwrap();
    backup::create(&tempo, None).await.unwrap();
    std::fs::create_dir_all(data.join("cache/kb-index")).unwrap();
    std::fs::write(data.join("cache/kb-index/meta.json"), "{}").unwrap();
    std::fs::create_dir_all(data.join("logs")).unwrap();
    std::fs::write(data.join("logs/tempo.log"), "log").unwrap();
    std::fs::create_dir_all(data.join("models/qwen")).unwrap();
    std::fs::write(data.join("models/qwen/model.gguf"), "weights").unwrap();
    std::fs::write(data.join("tempo-demo.db"), "demo").unwrap();
    let settings = root.path().join("settings.json");
    std::fs::write(&settings, "{}").unwrap();
    let report = erase::erase_all(tempo, false, std::slice::from_ref(&settings))
        .await
        .expect("erase");
    assert_eq!(report.keychain_entries, 2);
    assert!(report.left.is_empty(), "{:?}", report.left);
    assert!(secrets.keys().is_empty());
    assert_eq!(
        files_under(&data),
        [data.join("models/qwen/model.gguf").display().to_string()]
    );
    assert!(!settings.exists());

    // With models: nothing at all is left, not even the folder.
    let tempo = common::open(&data.join("tempo.db")).await;
    erase::erase_all(tempo, true, &[])
        .await
        .expect("erase with models");
    assert!(!data.exists(), "left: {:?}", files_under(&data));
}

/// Three years of generated runs, with edits, RPE, a manual entry, dated
/// thresholds and a plan: export, then read the bundle into a fresh database.
#[tokio::test]
async fn export_bundle_reads_back_into_a_fresh_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tempo = open(dir.path()).await;
    thresholds(&tempo).await;
    profile::update(
        &tempo,
        ProfileInput {
            lthr: Some(175.0),
            effective: Some(day(2025, 3, 1)),
            ..ProfileInput::default()
        },
    )
    .await
    .unwrap();
    let files_dir = dir.path().join("gen");
    std::fs::create_dir_all(&files_dir).unwrap();
    let mut paths = Vec::new();
    let first = Utc.with_ymd_and_hms(2023, 12, 1, 7, 0, 0).unwrap();
    for i in 0..137 {
        let start = first + Duration::days(8 * i);
        let speed = 2.8 + (i % 5) as f64 * 0.1;
        paths.push(common::write_gpx(
            &files_dir,
            &format!("run-{i}"),
            "running",
            start,
            &[
                Stretch::run(600, speed, 140.0 + (i % 7) as f64),
                Stretch::run(300, speed + 0.4, 165.0),
            ],
        ));
    }
    let s = import(&tempo, &paths).await;
    assert_eq!(s.imported, 137, "{s:?}");
    let ids = s.activity_ids.clone();
    entries::edit(
        &tempo,
        ids[3],
        &ActivityEdit {
            name: Some("Race: Corrida « de Noël »".into()),
            sport: "running".into(),
            description: Some("PB, 2nd in age group".into()),
            counts_for_load: true,
            exclude_from_export: false,
        },
    )
    .await
    .unwrap();
    entries::set_activity_feedback(
        &tempo,
        ids[10],
        &Feedback {
            rpe: Some(8),
            notes: Some("hot, \"heavy\" legs".into()),
        },
    )
    .await
    .unwrap();
    entries::edit(
        &tempo,
        ids[20],
        &ActivityEdit {
            name: Some("private".into()),
            sport: "running".into(),
            description: None,
            counts_for_load: true,
            exclude_from_export: true,
        },
    )
    .await
    .unwrap();
    entries::add_manual(&tempo, &manual("2026-11-10T18:30", 50.0))
        .await
        .unwrap();
    entries::set_wellness(
        &tempo,
        &WellnessDay {
            date: day(2026, 11, 24),
            sleep_hours: Some(6.5),
            sleep_quality: Some(3),
            soreness: Some(4),
            mood: Some(3),
            notes: None,
        },
    )
    .await
    .unwrap();

    let plan = tempo_api::plans::create_plan(&tempo, Some("Spring half".into()), half())
        .await
        .expect("plan");

    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let report = export::bundle(&tempo, &ExportRange::default(), &out)
        .await
        .expect("export");
    assert_eq!(report.activities, 137, "136 runs + 1 manual, 1 excluded");
    assert_eq!(report.excluded, 1);
    let bundle = Path::new(&report.dir);
    for f in [
        "README.md",
        "activities.csv",
        "activities.json",
        "load.csv",
        "thresholds.csv",
        "profile.json",
        "wellness.csv",
    ] {
        assert!(bundle.join(f).is_file(), "{f} missing");
    }
    let csv = std::fs::read_to_string(bundle.join("activities.csv")).unwrap();
    assert!(csv.contains("\"hot, \"\"heavy\"\" legs\""), "CSV quoting");
    assert!(!csv.contains("private"));

    // A range keeps only its days.
    let some = export::bundle(
        &tempo,
        &ExportRange {
            from: Some(day(2026, 1, 1)),
            to: Some(day(2026, 6, 30)),
        },
        &out,
    )
    .await
    .unwrap();
    assert!(
        some.activities > 15 && some.activities < 30,
        "{}",
        some.activities
    );

    let dir2 = tempfile::tempdir().expect("tempdir");
    let fresh = open(dir2.path()).await;
    let back = export::import_bundle(&fresh, bundle)
        .await
        .expect("import bundle");
    assert_eq!(back.activities, 137);
    assert_eq!(back.wellness_days, 1);

    // Same activities (but the excluded one), thresholds and load.
    let a = activities::list(&tempo, &Default::default())
        .await
        .unwrap()
        .activities;
    let b = activities::list(&fresh, &Default::default())
        .await
        .unwrap()
        .activities;
    let a: Vec<_> = a.iter().filter(|x| x.id != ids[20]).collect();
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.start, y.start);
        assert_eq!(x.sport, y.sport);
        assert_eq!(x.name, y.name);
        assert_eq!(x.rpe, y.rpe);
        let (dx, dy) = (
            x.totals.distance_m.unwrap_or(0.0),
            y.totals.distance_m.unwrap_or(0.0),
        );
        assert!((dx - dy).abs() <= 0.001 * dx.max(1.0), "{dx} vs {dy}");
        assert_eq!(x.totals.elapsed_s, y.totals.elapsed_s);
    }
    let race = b
        .iter()
        .find(|x| x.name.as_deref() == Some("Race: Corrida « de Noël »"))
        .expect("edited name");
    let race = activities::get(&fresh, race.id).await.unwrap();
    assert_eq!(race.description.as_deref(), Some("PB, 2nd in age group"));
    let h1 = profile::history(&tempo).await.unwrap();
    let h2 = profile::history(&fresh).await.unwrap();
    let key = |h: &Vec<profile::MeasureEntry>| -> Vec<_> {
        let mut v: Vec<_> = h
            .iter()
            .map(|m| (format!("{:?}", m.measure), m.value.to_bits(), m.effective))
            .collect();
        v.sort();
        v
    };
    assert_eq!(key(&h1), key(&h2));
    let p2 = tempo_api::plans::active(&fresh)
        .await
        .unwrap()
        .expect("active plan");
    assert_eq!(p2.goal_name, "Spring half");
    let dates = |p: &tempo_api::plans::PlanView| -> Vec<_> {
        p.workouts
            .iter()
            .map(|w| (w.workout.date, w.workout.title.clone()))
            .collect()
    };
    assert_eq!(dates(&plan), dates(&p2));
    let l1 = metrics::load_series(&tempo, Some(day(2026, 1, 1)), None)
        .await
        .unwrap();
    let l2 = metrics::load_series(&fresh, Some(day(2026, 1, 1)), None)
        .await
        .unwrap();
    let ctl = |l: &[metrics::LoadDay]| l.last().map(|d| d.ctl).unwrap_or_default();
    // The excluded run is missing from the fresh one; it is months old.
    assert!(
        (ctl(&l1) - ctl(&l2)).abs() < 0.05 * ctl(&l1).max(1.0),
        "{} vs {}",
        ctl(&l1),
        ctl(&l2)
    );
}
