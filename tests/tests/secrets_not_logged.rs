//! A known secret goes through the secret store and the api while logging is
//! at its most verbose, including a careless `?debug` of the secret value; the
//! log file and stderr sink must name the key but never contain the value.
//!
//! Its own test binary: the global tracing subscriber can be set once per process.

use std::sync::Arc;

use secrecy::SecretString;
use tempo_api::coach::{self, AskInput, CoachProvider};
use tempo_api::profile::{self, ProfileInput};
use tempo_api::{SystemClock, Tempo};
use tempo_secrets::{ExposeSecret, MemoryStore, SecretStore};

const SECRET: &str = "tok_live_9f8e7d6c5b4a-never-log-me";
const COACH_KEY: &str = "sk-proj-coach0123456789abcdef";

#[tokio::test]
async fn a_known_secret_never_reaches_the_log() {
    let dir = tempfile::tempdir().expect("tempdir");
    let logs = dir.path().join("logs");
    let guard = tempo_log::init(&tempo_log::LogConfig {
        dir: Some(logs.clone()),
        stderr_filter: "off".into(),
        file_filter: "trace".into(),
    })
    .expect("logging");

    let store = Arc::new(MemoryStore::new());
    let secret = SecretString::from(SECRET);
    store.put("strava.refresh_token", &secret).expect("put");
    let read = store
        .get("strava.refresh_token")
        .expect("get")
        .expect("present");
    assert_eq!(read.expose_secret(), SECRET);
    // What a careless developer might write; SecretString must redact it.
    tracing::debug!(token = ?read, "refreshed token");
    tracing::info!(store = ?store, "secret store state");

    // The api with tracing at trace level, including sqlx's statements.
    let tempo = Tempo::in_memory(
        Arc::new(SystemClock),
        store.clone(),
        // Keyword search only: the coach's question below needs passages,
        // not the minutes it takes to embed the corpus in a debug build.
        tempo_api::kb::KnowledgeConfig {
            kb_dir: tempo_api::paths::knowledge_dir(),
            cache_dir: dir.path().join("kb-index"),
            model_dir: None,
        },
    )
    .await
    .expect("tempo");
    profile::update(
        &tempo,
        ProfileInput {
            max_hr: Some(188.0),
            ..Default::default()
        },
    )
    .await
    .expect("update");
    store.delete("strava.refresh_token").expect("delete");

    // The coach's API key: stored through the api, sent to a model server
    // that refuses it and echoes it back in its error, which is logged.
    let fake = tempo_coach::testing::FakeOpenAi::start().await;
    fake.push(tempo_coach::testing::Scripted::status(
        401,
        format!(r#"{{"error":{{"message":"Incorrect API key provided: {COACH_KEY}"}}}}"#),
    ));
    coach::set_api_key(&tempo, CoachProvider::Openai, Some(COACH_KEY))
        .await
        .expect("store the key");
    let e = coach::ask(
        &tempo,
        &AskInput {
            provider: Some(CoachProvider::Openai),
            model: Some("gpt-4o-mini".into()),
            ..AskInput::question("How was my week?")
        },
        &coach::Overrides {
            base_url: Some(fake.base_url()),
            api_key: None,
        },
        &|_| {},
        &tempo_coach::CancellationToken::new(),
    )
    .await
    .expect_err("the key is refused");
    assert_eq!(e.code, tempo_api::ErrorCode::Unauthorized);
    assert!(!e.message.contains(COACH_KEY), "{}", e.message);
    assert_eq!(
        fake.requests()[0].header("authorization"),
        Some("Bearer [redacted]"),
        "the key was sent"
    );
    let config = serde_json::to_string(&coach::config(&tempo).await.expect("config")).unwrap();
    assert!(!config.contains(COACH_KEY), "the key reached a DTO");
    drop(guard); // flushes the non-blocking writer

    let mut text = String::new();
    for entry in std::fs::read_dir(&logs).expect("log dir") {
        text += &std::fs::read_to_string(entry.expect("entry").path()).expect("read log");
    }
    assert!(
        text.contains("strava.refresh_token"),
        "the log captured nothing:\n{text}"
    );
    assert!(
        text.contains("profile updated"),
        "api events missing:\n{text}"
    );
    assert!(
        !text.contains(SECRET),
        "secret leaked into the log:\n{text}"
    );
    assert!(
        !text.contains("never-log-me"),
        "part of the secret leaked:\n{text}"
    );
    assert!(
        text.contains("coach model failure"),
        "the coach's failure was not logged:\n{text}"
    );
    assert!(!text.contains(COACH_KEY), "the coach's key leaked:\n{text}");
}
