//! The sync engine against local fakes of Strava, intervals.icu and Garmin
//! Connect (`tempo-sync`'s `test-support`): never the internet.
//!
//! What is proved: the OAuth loopback connects end to end and the tokens go
//! to the keychain only; full history arrives once; later syncs are
//! incremental; an interrupted sync resumes; faults cause retries and never
//! duplicates or losses; rate limits are honoured (the fake counts requests
//! per window); activities from files and from two providers are one
//! activity; an activity deleted upstream is flagged, not deleted;
//! disconnecting deletes the secrets; secrets never reach the database or
//! the logs.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tempo_api::activities::{self, ActivityFilter, CancelFlag};
use tempo_api::sync::{
    self, GarminConnectInput, IntervalsConnectInput, StravaConnectInput, SyncEndpoints,
    SyncRequest, SyncSummary,
};
use tempo_api::{ErrorCode, Tempo};
use tempo_sync::ProviderId;
use tempo_sync::testing::faults;
use tempo_sync::testing::garmin::{FakeGarmin, FakeGarminOptions};
use tempo_sync::testing::intervals::{FakeIntervals, FakeIntervalsOptions};
use tempo_sync::testing::strava::{FakeActivity, FakeStrava, FakeStravaOptions, Fault};

struct Setup {
    _dir: tempfile::TempDir,
    db: PathBuf,
    tempo: Tempo,
}

async fn setup() -> Setup {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("tempo.db");
    let tempo = common::open_keyword_only(&db).await;
    Setup {
        _dir: dir,
        db,
        tempo,
    }
}

fn point_at(tempo: &Tempo, strava: Option<&FakeStrava>) {
    let mut e = SyncEndpoints {
        consent_timeout: Duration::from_secs(10),
        ..SyncEndpoints::default()
    };
    if let Some(s) = strava {
        e.strava = s.test_config();
        e.now = Some(s.now());
    }
    tempo.set_sync_endpoints(e);
}

/// Plays the browser: follows the consent page's redirect to the loopback
/// listener with the fake's code and the state Tempo sent.
fn browser(scope: &'static str) -> impl FnOnce(&str) -> Result<(), tempo_api::AppError> {
    move |url: &str| {
        let parsed = reqwest::Url::parse(url).expect("authorize URL");
        let q: std::collections::HashMap<String, String> =
            parsed.query_pairs().into_owned().collect();
        assert_eq!(q["response_type"], "code");
        assert!(q["scope"].contains("activity:read_all"), "{url}");
        let redirect = q["redirect_uri"].clone();
        assert!(redirect.starts_with("http://127.0.0.1:"), "{redirect}");
        let state = q["state"].clone();
        tokio::spawn(async move {
            let url = format!(
                "{redirect}?state={state}&code={}&scope={scope}",
                FakeStrava::CODE
            );
            let _ = reqwest::get(url).await;
        });
        Ok(())
    }
}

async fn connect_strava(tempo: &Tempo) {
    let account = sync::connect_strava(
        tempo,
        &StravaConnectInput {
            client_id: FakeStrava::CLIENT_ID.into(),
            client_secret: FakeStrava::CLIENT_SECRET.into(),
        },
        browser("read,activity:read_all"),
        &tokio_util::sync::CancellationToken::new(),
    )
    .await
    .expect("connect Strava");
    assert!(account.connected);
}

async fn run(tempo: &Tempo, p: ProviderId) -> SyncSummary {
    run_with(tempo, p, &CancelFlag::default(), |_| {}).await
}

async fn run_with(
    tempo: &Tempo,
    p: ProviderId,
    cancel: &CancelFlag,
    progress: impl Fn(&sync::SyncProgress) + Send + Sync,
) -> SyncSummary {
    let request = SyncRequest {
        provider: Some(p),
        interval: Some(chrono::Duration::minutes(60)),
        ..Default::default()
    };
    let mut runs = sync::sync(tempo, &request, progress, cancel)
        .await
        .expect("sync");
    assert_eq!(runs.len(), 1);
    runs.remove(0)
}

async fn count(tempo: &Tempo) -> u32 {
    activities::list(tempo, &ActivityFilter::default())
        .await
        .expect("list")
        .totals
        .count
}

fn file_bytes(path: &Path) -> Vec<u8> {
    let mut all = std::fs::read(path).unwrap_or_default();
    let wal = path.with_extension("db-wal");
    all.extend(std::fs::read(wal).unwrap_or_default());
    all
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn strava_connects_through_the_loopback_and_syncs_the_whole_history_once() {
    let fake = FakeStrava::start(FakeStravaOptions {
        activities: 35,
        ..Default::default()
    })
    .await;
    let s = setup().await;
    point_at(&s.tempo, Some(&fake));
    connect_strava(&s.tempo).await;
    assert_eq!(
        s.tempo.secrets().keys().expect("keys"),
        vec!["sync.strava".to_owned()]
    );

    let first = run(&s.tempo, ProviderId::Strava).await;
    assert!(first.error.is_none(), "{:?}", first.error);
    assert_eq!(first.listed, 35);
    // One manual entry without streams is stored from its summary.
    assert_eq!(first.imported, 35, "{:?}", first.failed);
    assert!(first.backfill_done);
    assert_eq!(count(&s.tempo).await, 35);

    // Newest first: the first activity fetched is the newest.
    let fetches: Vec<String> = fake
        .requests()
        .into_iter()
        .filter(|r| r.contains("/streams"))
        .collect();
    let newest = fake
        .activities()
        .iter()
        .map(|a| a.start)
        .max()
        .expect("one");
    let newest_id = fake
        .activities()
        .iter()
        .find(|a| a.start == newest)
        .expect("newest")
        .id;
    assert!(
        fetches[0].contains(&format!("/activities/{newest_id}/")),
        "{fetches:?}"
    );

    // Again: incremental, nothing new, nothing fetched twice.
    let before = fake.requests().len();
    let second = run(&s.tempo, ProviderId::Strava).await;
    assert_eq!((second.listed, second.imported), (0, 0));
    assert_eq!(count(&s.tempo).await, 35);
    let again: Vec<String> = fake.requests()[before..].to_vec();
    assert!(again.iter().all(|r| !r.contains("/streams")), "{again:?}");

    // A new activity upstream arrives on the next sync.
    fake.add_activity(FakeActivity {
        id: 99_001,
        start: newest + chrono::Duration::hours(30),
        name: "Evening run".into(),
        sport_type: "Run".into(),
        distance_m: 8_000.0,
        elapsed_s: 2_500,
        manual: false,
    });
    let third = run(&s.tempo, ProviderId::Strava).await;
    assert_eq!((third.listed, third.imported), (1, 1));
    assert_eq!(count(&s.tempo).await, 36);

    // Deleted upstream: flagged, never deleted without the athlete.
    fake.delete_activity(newest_id);
    run(&s.tempo, ProviderId::Strava).await;
    assert_eq!(count(&s.tempo).await, 36);
    let missing = sync::missing_upstream(&s.tempo, None)
        .await
        .expect("missing");
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].remote_id, newest_id.to_string());
    let account = sync::account(&s.tempo, ProviderId::Strava)
        .await
        .expect("account");
    assert_eq!(account.missing_upstream, 1);
    sync::resolve_missing(&s.tempo, ProviderId::Strava, &missing[0].remote_id, true)
        .await
        .expect("delete it here too");
    assert_eq!(count(&s.tempo).await, 35);
    assert!(
        sync::missing_upstream(&s.tempo, None)
            .await
            .expect("missing")
            .is_empty()
    );

    // The status row.
    let account = sync::account(&s.tempo, ProviderId::Strava)
        .await
        .expect("account");
    assert_eq!(account.state, "idle");
    assert!(account.last_success_at.is_some() && account.next_run_at.is_some());
    assert_eq!(account.pending, 0);
}

#[tokio::test]
async fn the_loopback_refuses_a_consent_without_private_activities() {
    let fake = FakeStrava::start(FakeStravaOptions::default()).await;
    let s = setup().await;
    point_at(&s.tempo, Some(&fake));
    let e = sync::connect_strava(
        &s.tempo,
        &StravaConnectInput {
            client_id: FakeStrava::CLIENT_ID.into(),
            client_secret: FakeStrava::CLIENT_SECRET.into(),
        },
        browser("read,activity:read"),
        &tokio_util::sync::CancellationToken::new(),
    )
    .await
    .expect_err("refused");
    assert_eq!(e.code, ErrorCode::SignIn, "{e:?}");
    assert!(e.message.contains("private"), "{}", e.message);
    assert!(s.tempo.secrets().keys().expect("keys").is_empty());
    // Bad input never reaches the browser.
    let e = sync::connect_strava(
        &s.tempo,
        &StravaConnectInput {
            client_id: "my app".into(),
            client_secret: "x".into(),
        },
        |_| panic!("no browser for bad input"),
        &tokio_util::sync::CancellationToken::new(),
    )
    .await
    .expect_err("bad id");
    assert_eq!(e.field.as_deref(), Some("client_id"));
}

#[tokio::test]
async fn an_interrupted_sync_resumes_without_duplicates_or_losses() {
    let fake = FakeStrava::start(FakeStravaOptions {
        activities: 30,
        ..Default::default()
    })
    .await;
    let s = setup().await;
    point_at(&s.tempo, Some(&fake));
    connect_strava(&s.tempo).await;

    // The athlete quits after 7 activities.
    let cancel = CancelFlag::default();
    let stop = cancel.clone();
    let first = run_with(&s.tempo, ProviderId::Strava, &cancel, move |p| {
        if p.fetched >= 7 {
            stop.cancel();
        }
    })
    .await;
    assert!(first.cancelled);
    assert_eq!(first.imported, 7);
    assert!(!first.backfill_done);
    let account = sync::account(&s.tempo, ProviderId::Strava)
        .await
        .expect("account");
    assert!(account.pending > 0, "{account:?}");

    // A fresh context on the same database and keychain (the app restarted).
    let path = s.db.clone();
    let secrets = s.tempo.secrets().clone();
    s.tempo.clone().close().await.expect("close");
    let tempo = Tempo::open(tempo_api::TempoOptions {
        db_path: path.clone(),
        clock: Arc::new(tempo_api::FixedClock(
            chrono::DateTime::parse_from_rfc3339("2026-11-25T10:00:00Z")
                .expect("time")
                .with_timezone(&chrono::Utc),
        )),
        secrets,
        knowledge: tempo_api::kb::KnowledgeConfig {
            kb_dir: tempo_api::paths::knowledge_dir(),
            cache_dir: path.parent().expect("dir").join("kb-index"),
            model_dir: None,
        },
        dirs: tempo_api::Dirs::under(path.parent().expect("dir")),
    })
    .await
    .expect("reopen");
    point_at(&tempo, Some(&fake));
    let second = run(&tempo, ProviderId::Strava).await;
    assert!(second.error.is_none(), "{:?}", second.error);
    assert_eq!(first.imported + second.imported, 30);
    assert_eq!(count(&tempo).await, 30);
    // No activity's streams were fetched twice.
    let mut streams: Vec<String> = fake
        .requests()
        .into_iter()
        .filter(|r| r.contains("/streams"))
        .map(|r| r.split('?').next().unwrap_or_default().to_owned())
        .collect();
    let n = streams.len();
    streams.sort();
    streams.dedup();
    assert_eq!(streams.len(), n, "an activity was fetched twice");
}

#[tokio::test]
async fn faults_are_retried_and_never_lose_or_duplicate() {
    let fake = FakeStrava::start(FakeStravaOptions {
        activities: 20,
        ..Default::default()
    })
    .await;
    let s = setup().await;
    point_at(&s.tempo, Some(&fake));
    connect_strava(&s.tempo).await;
    fake.fail_next_on("/athlete/activities", Fault::Status(500), 2);
    fake.fail_next_on("/streams", Fault::Truncated, 1);
    fake.fail_next_on("/laps", Fault::Status(503), 1);
    fake.fail_next_on("/streams", Fault::Stall(Duration::from_secs(2)), 1);
    let first = run(&s.tempo, ProviderId::Strava).await;
    assert!(first.error.is_none(), "{:?}", first.error);
    assert_eq!(first.imported, 20, "{:?}", first.failed);

    // Malformed JSON for one activity: it fails alone, and the next sync
    // fetches it again.
    fake.add_activity(FakeActivity {
        id: 77_001,
        start: fake.activities()[0].start + chrono::Duration::days(2),
        name: "Tempo run".into(),
        sport_type: "Run".into(),
        distance_m: 10_000.0,
        elapsed_s: 2_700,
        manual: false,
    });
    fake.fail_next_on("/streams", Fault::MalformedJson, 1);
    let second = run(&s.tempo, ProviderId::Strava).await;
    assert_eq!(second.failed.len(), 1, "{second:?}");
    assert_eq!(second.failed[0].remote_id, "77001");
    assert!(
        second.failed[0].reason.contains("JSON"),
        "{:?}",
        second.failed
    );
    let third = run(&s.tempo, ProviderId::Strava).await;
    assert_eq!((third.imported, third.failed.len()), (1, 0));
    assert_eq!(count(&s.tempo).await, 21);

    // A revoked token: the run stops with `unauthorized`, nothing is lost,
    // and background sync does not hammer (no next run until reconnect).
    fake.revoke();
    fake.expire_access_tokens();
    let fourth = run(&s.tempo, ProviderId::Strava).await;
    assert_eq!(
        fourth.error.as_ref().map(|e| e.code.as_str()),
        Some("unauthorized")
    );
    let account = sync::account(&s.tempo, ProviderId::Strava)
        .await
        .expect("account");
    assert_eq!(account.state, "error");
    assert!(account.next_run_at.is_none());
    assert_eq!(count(&s.tempo).await, 21);
}

#[tokio::test]
async fn strava_rate_limits_are_honoured_and_the_sync_resumes_after_the_window() {
    let fake = FakeStrava::start(FakeStravaOptions {
        activities: 12,
        limit_15min: 10,
        limit_daily: 1000,
        ..Default::default()
    })
    .await;
    let s = setup().await;
    point_at(&s.tempo, Some(&fake));
    connect_strava(&s.tempo).await;

    let mut total = 0;
    let mut waits = 0;
    for _ in 0..10 {
        let r = run(&s.tempo, ProviderId::Strava).await;
        total += r.imported;
        match &r.rate_limited_until {
            Some(until) => {
                waits += 1;
                let account = sync::account(&s.tempo, ProviderId::Strava)
                    .await
                    .expect("account");
                assert_eq!(account.state, "waiting");
                assert_eq!(account.next_run_at.as_ref(), Some(until));
                // The next quarter hour.
                let until = chrono::DateTime::parse_from_rfc3339(until).expect("time");
                assert_eq!(until.timestamp() % 900, 0);
                assert!(until.timestamp() > fake.time().timestamp());
                fake.set_time(until.with_timezone(&chrono::Utc) + chrono::Duration::seconds(1));
                fake.reset_window();
            }
            None => break,
        }
    }
    assert!(
        waits >= 2,
        "12 activities cost about 25 requests: {waits} waits"
    );
    assert_eq!(total, 12);
    assert_eq!(count(&s.tempo).await, 12);
    assert!(!fake.limit_exceeded(), "a request went over the limit");
    assert!(fake.max_in_window() <= 10);
}

fn intervals_endpoints(tempo: &Tempo, fake: &FakeIntervals) {
    tempo.set_sync_endpoints(SyncEndpoints {
        intervals: fake.test_config(),
        ..SyncEndpoints::default()
    });
}

#[tokio::test]
async fn intervals_files_merge_with_imported_files_and_wellness_is_stored() {
    let fake = FakeIntervals::start(FakeIntervalsOptions::default()).await;
    let s = setup().await;
    intervals_endpoints(&s.tempo, &fake);

    // One of the three FIT files was imported from disk before.
    let dir = tempfile::tempdir().expect("dir");
    let (name, _, bytes) = faults::fit_files().remove(0);
    let file = dir.path().join(name);
    std::fs::File::create(&file)
        .and_then(|mut f| f.write_all(&bytes))
        .expect("write");
    activities::import(&s.tempo, &[file], |_| {}, &CancelFlag::default())
        .await
        .expect("import");
    assert_eq!(count(&s.tempo).await, 1);

    // A wrong key is refused and nothing is stored.
    let e = sync::connect_intervals(
        &s.tempo,
        &IntervalsConnectInput {
            athlete_id: "i4242".into(),
            api_key: "wrong".into(),
        },
    )
    .await
    .expect_err("wrong key");
    assert_eq!(e.code, ErrorCode::Unauthorized);
    assert!(s.tempo.secrets().keys().expect("keys").is_empty());

    let creds = fake.credentials();
    sync::connect_intervals(
        &s.tempo,
        &IntervalsConnectInput {
            athlete_id: creds.athlete_id.clone(),
            api_key: creds.api_key.clone(),
        },
    )
    .await
    .expect("connect");
    // From the day of the recorded wellness fixture (the CLI's --since).
    let r = sync::sync(
        &s.tempo,
        &SyncRequest {
            provider: Some(ProviderId::IntervalsIcu),
            since: chrono::NaiveDate::from_ymd_opt(2012, 1, 1),
            ..Default::default()
        },
        |_| {},
        &CancelFlag::default(),
    )
    .await
    .expect("sync")
    .remove(0);
    assert!(r.error.is_none(), "{:?}", r.error);
    // Three files, one of them already here: two new, one duplicate.
    assert_eq!((r.imported, r.duplicates), (2, 1), "{r:?}");
    assert_eq!(count(&s.tempo).await, 3);
    // The fixture's third day holds nothing and is not stored.
    assert_eq!(r.wellness_days, 2, "{r:?}");
    let days = sync::provider_wellness(
        &s.tempo,
        chrono::NaiveDate::from_ymd_opt(2024, 3, 1).expect("day"),
        chrono::NaiveDate::from_ymd_opt(2024, 3, 3).expect("day"),
    )
    .await
    .expect("wellness");
    assert_eq!(days.len(), 2);
    assert!(days.iter().all(|d| d.provider == "intervals_icu"));
    assert!(
        days.iter()
            .any(|d| d.resting_hr.is_some() && d.hrv_ms.is_some()),
        "{days:?}"
    );
    let again = run(&s.tempo, ProviderId::IntervalsIcu).await;
    assert_eq!(again.imported, 0);
    assert_eq!(count(&s.tempo).await, 3);
}

#[tokio::test]
async fn garmin_mfa_sign_in_then_a_one_time_sync_keeps_no_token() {
    let fake = FakeGarmin::start(FakeGarminOptions {
        mfa_required: true,
        ..Default::default()
    })
    .await;
    let s = setup().await;
    s.tempo.set_sync_endpoints(SyncEndpoints {
        garmin: fake.test_config(),
        ..SyncEndpoints::default()
    });
    let input = GarminConnectInput {
        username: fake.username().into(),
        password: fake.password().into(),
        one_time: true,
    };
    let step = sync::connect_garmin(&s.tempo, &input)
        .await
        .expect("sign in");
    assert_eq!(step.status, "mfa_required");
    let e = sync::garmin_mfa(&s.tempo, "000000")
        .await
        .expect_err("wrong code");
    assert_eq!(e.code, ErrorCode::SignIn);
    let account = sync::garmin_mfa(&s.tempo, "123456")
        .await
        .expect("right code");
    assert!(account.connected && account.one_time);
    // One-time: nothing in the keychain, ever.
    assert!(s.tempo.secrets().keys().expect("keys").is_empty());

    let r = run(&s.tempo, ProviderId::GarminConnect).await;
    assert!(r.error.is_none(), "{:?}", r.error);
    assert_eq!(r.imported, 3, "{r:?}");
    let account = sync::account(&s.tempo, ProviderId::GarminConnect)
        .await
        .expect("account");
    assert!(!account.connected, "a one-time sync leaves no connection");
    assert!(s.tempo.secrets().keys().expect("keys").is_empty());
    let e = sync::sync(
        &s.tempo,
        &SyncRequest {
            provider: Some(ProviderId::GarminConnect),
            ..Default::default()
        },
        |_| {},
        &CancelFlag::default(),
    )
    .await
    .expect_err("not connected any more");
    assert_eq!(e.code, ErrorCode::InvalidInput);

    // The password went in the sign-in form only.
    let requests = fake.requests();
    let with_password = requests
        .iter()
        .filter(|r| r.text().contains("horse") || r.query.contains("horse"))
        .count();
    assert_eq!(with_password, 1);
}

#[tokio::test]
async fn garmin_sign_in_failures_are_actionable() {
    for (opts, words) in [
        (
            FakeGarminOptions {
                locked: true,
                ..Default::default()
            },
            "locked",
        ),
        (
            FakeGarminOptions {
                page_changed: true,
                ..Default::default()
            },
            "file import",
        ),
    ] {
        let fake = FakeGarmin::start(opts).await;
        let s = setup().await;
        s.tempo.set_sync_endpoints(SyncEndpoints {
            garmin: fake.test_config(),
            ..SyncEndpoints::default()
        });
        let e = sync::connect_garmin(
            &s.tempo,
            &GarminConnectInput {
                username: fake.username().into(),
                password: fake.password().into(),
                one_time: false,
            },
        )
        .await
        .expect_err("refused");
        assert_eq!(e.code, ErrorCode::SignIn);
        assert!(e.message.contains(words), "{}", e.message);
        assert!(!e.message.contains(fake.password()));
    }
}

#[tokio::test]
async fn the_same_activity_from_two_providers_is_one_activity() {
    // Garmin and intervals.icu serve the same three FIT files.
    let garmin = FakeGarmin::start(FakeGarminOptions::default()).await;
    let intervals = FakeIntervals::start(FakeIntervalsOptions::default()).await;
    let s = setup().await;
    s.tempo.set_sync_endpoints(SyncEndpoints {
        garmin: garmin.test_config(),
        intervals: intervals.test_config(),
        ..SyncEndpoints::default()
    });
    sync::connect_garmin(
        &s.tempo,
        &GarminConnectInput {
            username: garmin.username().into(),
            password: garmin.password().into(),
            one_time: false,
        },
    )
    .await
    .expect("garmin");
    let c = intervals.credentials();
    sync::connect_intervals(
        &s.tempo,
        &IntervalsConnectInput {
            athlete_id: c.athlete_id,
            api_key: c.api_key,
        },
    )
    .await
    .expect("intervals");
    let runs = sync::sync(
        &s.tempo,
        &SyncRequest::default(),
        |_| {},
        &CancelFlag::default(),
    )
    .await
    .expect("sync all");
    assert_eq!(runs.len(), 2);
    let imported: i32 = runs.iter().map(|r| r.imported).sum();
    assert_eq!(imported, 3, "{runs:?}");
    assert_eq!(count(&s.tempo).await, 3);
    // Each activity lists both sources.
    let list = activities::list(&s.tempo, &ActivityFilter::default())
        .await
        .expect("list");
    let detail = activities::get(&s.tempo, list.activities[0].id)
        .await
        .expect("detail");
    let origins: Vec<&str> = detail.sources.iter().map(|s| s.origin.as_str()).collect();
    assert!(
        origins.contains(&"garmin_connect") && origins.contains(&"intervals_icu"),
        "{origins:?}"
    );

    // Disconnecting deletes the secrets, keeps the activities.
    sync::disconnect(&s.tempo, ProviderId::GarminConnect)
        .await
        .expect("disconnect");
    assert_eq!(
        s.tempo.secrets().keys().expect("keys"),
        vec!["sync.intervals_icu".to_owned()]
    );
    assert_eq!(count(&s.tempo).await, 3);
}

/// A log writer that keeps everything in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn secrets_never_reach_the_database_or_the_logs() {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let fake = FakeStrava::start(FakeStravaOptions {
        activities: 5,
        ..Default::default()
    })
    .await;
    let s = setup().await;
    point_at(&s.tempo, Some(&fake));
    connect_strava(&s.tempo).await;
    // Force a token refresh during the sync, so rotated tokens exist too.
    fake.expire_access_tokens();
    let r = run(&s.tempo, ProviderId::Strava).await;
    assert_eq!(r.imported, 5, "{r:?}");
    let json = s
        .tempo
        .secrets()
        .get("sync.strava")
        .expect("keychain")
        .expect("stored");
    let creds: tempo_sync::strava::StravaCredentials =
        serde_json::from_str(secrecy::ExposeSecret::expose_secret(&json)).expect("creds");
    let secrets = [
        FakeStrava::CLIENT_SECRET.to_owned(),
        creds.access_token.clone(),
        creds.refresh_token.clone(),
    ];
    let db = file_bytes(&s.db);
    let logged = logs.0.lock().expect("lock").clone();
    assert!(!logged.is_empty(), "the logs were captured");
    for secret in &secrets {
        assert!(!contains(&db, secret), "a secret is in the database");
        assert!(!contains(&logged, secret), "a secret is in the logs");
    }
    // Accounts as the UI sees them carry no secret either.
    let dto =
        serde_json::to_string(&sync::accounts(&s.tempo).await.expect("accounts")).expect("json");
    for secret in &secrets {
        assert!(!dto.contains(secret.as_str()));
    }
}

#[tokio::test]
async fn erasing_a_provider_removes_its_activities_and_disconnects_it() {
    let fake = FakeStrava::start(FakeStravaOptions {
        activities: 4,
        ..Default::default()
    })
    .await;
    let s = setup().await;
    point_at(&s.tempo, Some(&fake));
    connect_strava(&s.tempo).await;
    assert_eq!(run(&s.tempo, ProviderId::Strava).await.imported, 4);
    let report = tempo_api::erase::erase_provider(&s.tempo, "strava")
        .await
        .expect("erase");
    assert_eq!(report.activities_deleted, 4);
    assert_eq!(count(&s.tempo).await, 0);
    assert!(s.tempo.secrets().keys().expect("keys").is_empty());
    let account = sync::account(&s.tempo, ProviderId::Strava)
        .await
        .expect("account");
    assert!(!account.connected);
    assert_eq!((account.pending, account.activities), (0, 0));
}

/// Strava's API agreement, end to end: what the sync engine stores from
/// Strava's API reaches a cloud model only after the athlete's opt-in, while
/// the same session also imported from a file carries no such limit.
#[tokio::test]
async fn strava_synced_activities_reach_a_cloud_coach_only_after_the_opt_in() {
    use tempo_api::coach::{self, AskInput};
    use tempo_coach::testing::{FakeOpenAi, Scripted as Reply};
    use tempo_coach::{CancellationToken, ProviderKind};

    let newest: chrono::DateTime<chrono::Utc> = "2026-11-24T06:30:00Z".parse().expect("time");
    let fake = FakeStrava::start(FakeStravaOptions {
        activities: 3,
        newest,
        ..Default::default()
    })
    .await;
    // The fake's clock and Tempo's (see `common`) agree: the morning after.
    fake.set_time("2026-11-25T09:00:00Z".parse().expect("time"));
    let s = setup().await;
    point_at(&s.tempo, Some(&fake));

    // The newest Strava run was also recorded to a file and imported first:
    // 5,000 m in 1,563 s, like the fake's.
    let dir = tempfile::tempdir().expect("dir");
    let gpx = common::write_gpx(
        dir.path(),
        "Morning run from the watch",
        "running",
        newest,
        &[common::Stretch::run(1563, 3.2, 150.0)],
    );
    activities::import(&s.tempo, &[gpx], |_| {}, &CancelFlag::default())
        .await
        .expect("import");
    connect_strava(&s.tempo).await;
    let summary = run(&s.tempo, ProviderId::Strava).await;
    assert!(summary.error.is_none(), "{:?}", summary.error);
    assert_eq!(
        count(&s.tempo).await,
        3,
        "the watch's run and Strava's are one"
    );

    let list = activities::list(&s.tempo, &ActivityFilter::default())
        .await
        .expect("list");
    let id_of = |name: &str| {
        list.activities
            .iter()
            .find(|a| a.name.as_deref() == Some(name))
            .map(|a| a.id)
            .unwrap_or_else(|| panic!("{name} in {:?}", list.activities))
    };
    let (run2, ride3) = (id_of("Run 2"), id_of("Ride 3"));
    let merged = list
        .activities
        .iter()
        .map(|a| a.id)
        .find(|id| ![run2, ride3].contains(id))
        .expect("the merged run");
    let origins = |id: i32| {
        let s = &s.tempo;
        async move {
            let mut o: Vec<String> = activities::get(s, id)
                .await
                .expect("detail")
                .sources
                .into_iter()
                .map(|src| src.origin)
                .collect();
            o.sort();
            o
        }
    };
    assert_eq!(origins(merged).await, ["file", "strava"]);
    assert_eq!(origins(run2).await, ["strava"]);

    // A cloud model with consent to activity summaries, and no Strava opt-in.
    tempo_api::privacy::grant(&s.tempo, "openai", &["activity_summaries".into()])
        .await
        .expect("consent");
    let llm = FakeOpenAi::start().await;
    let ask = |question: &'static str| {
        let mut endpoint = llm.endpoint();
        // The fake listens on loopback; the coach treats it as the cloud.
        endpoint.kind = ProviderKind::Openai;
        let model = tempo_coach::providers::connect(endpoint).expect("model");
        let tempo = &s.tempo;
        async move {
            coach::ask_using(
                tempo,
                &AskInput::question(question),
                model,
                true,
                &|_| {},
                &CancellationToken::new(),
            )
            .await
            .expect("answer")
        }
    };
    let marker = |id: i32| format!("activity:{id}]");

    llm.push(Reply::text(["Steady ", "week."]));
    ask("How was my week?").await;
    let body = llm.requests().last().expect("a request").body.to_string();
    assert!(body.contains(&marker(merged)), "{body}");
    for (id, name) in [(run2, "Run 2"), (ride3, "Ride 3")] {
        assert!(!body.contains(&marker(id)), "{name} was sent: {body}");
        assert!(!body.contains(name), "{name} was sent: {body}");
    }

    // With the opt-in, they go too.
    tempo_api::privacy::grant(
        &s.tempo,
        "openai",
        &["activity_summaries".into(), coach::STRAVA_FIELD.to_owned()],
    )
    .await
    .expect("opt-in");
    llm.push(Reply::text(["Busy ", "week."]));
    ask("How was my week?").await;
    let body = llm.requests().last().expect("a request").body.to_string();
    for id in [merged, run2, ride3] {
        assert!(body.contains(&marker(id)), "{id} missing: {body}");
    }
}
