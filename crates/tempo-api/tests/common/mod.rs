//! Helpers shared by the activity and metrics tests.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use tempo_api::kb::KnowledgeConfig;
use tempo_api::{FixedClock, Tempo, TempoOptions};
use tempo_secrets::MemoryStore;

/// The real device files fetched by `scripts/fetch-test-corpus.sh`, or None to
/// skip locally. On CI a missing corpus fails instead of silently skipping.
pub fn corpus() -> Option<PathBuf> {
    match std::env::var_os("TEMPO_TEST_CORPUS") {
        Some(d) => Some(PathBuf::from(d)),
        None => {
            assert!(
                std::env::var_os("CI").is_none(),
                "TEMPO_TEST_CORPUS is not set on CI (scripts/fetch-test-corpus.sh)"
            );
            eprintln!("skipped: TEMPO_TEST_CORPUS is not set");
            None
        }
    }
}

/// A database file at `path`, with a fixed clock and an in-memory keychain.
pub async fn open(path: &Path) -> Tempo {
    Tempo::open(TempoOptions {
        db_path: path.to_owned(),
        clock: Arc::new(FixedClock(
            Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0)
                .single()
                .expect("time"),
        )),
        secrets: Arc::new(MemoryStore::new()),
        knowledge: KnowledgeConfig::system().expect("knowledge config"),
    })
    .await
    .expect("open")
}
