//! Profile use cases over a real (temporary) SQLite file, with a fixed clock.

use std::sync::Arc;

use chrono::{NaiveDate, TimeZone, Utc};
use tempo_api::kb::KnowledgeConfig;
use tempo_api::profile::{self, ProfileInput, Sex};
use tempo_api::{ErrorCode, FixedClock, Tempo, TempoOptions};
use tempo_secrets::MemoryStore;

fn clock(y: i32, m: u32, d: u32) -> Arc<FixedClock> {
    Arc::new(FixedClock(
        Utc.with_ymd_and_hms(y, m, d, 9, 0, 0)
            .single()
            .expect("time"),
    ))
}

async fn open(path: &std::path::Path, y: i32, m: u32, d: u32) -> Tempo {
    Tempo::open(TempoOptions {
        db_path: path.to_owned(),
        clock: clock(y, m, d),
        secrets: Arc::new(MemoryStore::new()),
        knowledge: KnowledgeConfig::system().expect("knowledge config"),
        dirs: tempo_api::Dirs::under(path.parent().expect("folder")),
    })
    .await
    .expect("open")
}

#[tokio::test]
async fn update_persists_across_reopen_with_dates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("tempo.db");
    let tempo = open(&path, 2026, 3, 1).await;
    let saved = profile::update(
        &tempo,
        ProfileInput {
            name: Some(" Ada ".into()),
            sex: Some(Sex::Female),
            birth_year: Some(1990),
            max_hr: Some(190.0),
            resting_hr: Some(48.0),
            threshold_pace_s_per_km: Some(255.0),
            ..Default::default()
        },
    )
    .await
    .expect("update");
    assert_eq!(saved.name.as_deref(), Some("Ada"));
    assert_eq!(
        saved.max_hr.expect("max").effective,
        NaiveDate::from_ymd_opt(2026, 3, 1).expect("d")
    );
    tempo.close().await.expect("close");

    // A later day, a new FTP: the old values stay in force, history grows.
    let tempo = open(&path, 2026, 4, 1).await;
    let after = profile::update(
        &tempo,
        ProfileInput {
            ftp_w: Some(260.0),
            ..Default::default()
        },
    )
    .await
    .expect("update");
    assert_eq!(after.max_hr.expect("max").value, 190.0);
    assert_eq!(after.ftp_w.expect("ftp").value, 260.0);
    assert_eq!(after.sex, Some(Sex::Female));
    assert_eq!(profile::history(&tempo).await.expect("history").len(), 4);

    // Saving the form again with unchanged values records nothing new.
    profile::update(
        &tempo,
        ProfileInput {
            max_hr: Some(190.0),
            ftp_w: Some(260.0),
            ..Default::default()
        },
    )
    .await
    .expect("resave");
    assert_eq!(profile::history(&tempo).await.expect("history").len(), 4);
}

#[tokio::test]
async fn invalid_input_names_the_field_and_stores_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tempo = open(&dir.path().join("tempo.db"), 2026, 3, 1).await;
    // A valid weight alongside an absurd max HR: neither may be stored.
    let err = profile::update(
        &tempo,
        ProfileInput {
            weight_kg: Some(70.0),
            max_hr: Some(1900.0),
            ..Default::default()
        },
    )
    .await
    .expect_err("refused");
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(err.field.as_deref(), Some("max_hr"));
    assert!(profile::history(&tempo).await.expect("history").is_empty());

    profile::update(
        &tempo,
        ProfileInput {
            max_hr: Some(110.0),
            ..Default::default()
        },
    )
    .await
    .expect("ok");
    let err = profile::update(
        &tempo,
        ProfileInput {
            resting_hr: Some(115.0),
            ..Default::default()
        },
    )
    .await
    .expect_err("resting above max");
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("resting HR"), "{}", err.message);

    let err = profile::update(
        &tempo,
        ProfileInput {
            effective: NaiveDate::from_ymd_opt(2026, 3, 2),
            lthr: Some(160.0),
            ..Default::default()
        },
    )
    .await
    .expect_err("future");
    assert_eq!(err.field.as_deref(), Some("effective"));
    assert_eq!(profile::history(&tempo).await.expect("history").len(), 1);
}

#[tokio::test]
async fn damaged_database_is_a_clear_error_and_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("tempo.db");
    std::fs::write(&path, b"this is not a database, it is a shopping list").expect("write");
    let err = Tempo::open(TempoOptions {
        db_path: path.clone(),
        clock: clock(2026, 1, 1),
        secrets: Arc::new(MemoryStore::new()),
        knowledge: KnowledgeConfig::system().expect("knowledge config"),
        dirs: tempo_api::Dirs::under(path.parent().expect("folder")),
    })
    .await
    .expect_err("refused");
    assert_eq!(err.code, ErrorCode::DatabaseCorrupt);
    assert!(
        err.message.contains(&path.display().to_string()),
        "{}",
        err.message
    );
    assert!(err.message.contains("Move it aside"), "{}", err.message);
    assert_eq!(
        std::fs::read(&path).expect("read"),
        b"this is not a database, it is a shopping list"
    );
}
