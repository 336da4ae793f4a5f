//! The intervals.icu client against the local fake (`testing::intervals`).

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use tempo_sync::intervals::{Intervals, IntervalsCredentials};
use tempo_sync::testing::faults::Fault;
use tempo_sync::testing::intervals::{FakeIntervals, FakeIntervalsOptions};
use tempo_sync::{Fetched, Provider, RemoteActivity, SyncError};

async fn fake() -> (FakeIntervals, Intervals) {
    with(FakeIntervalsOptions::default()).await
}

async fn with(options: FakeIntervalsOptions) -> (FakeIntervals, Intervals) {
    let fake = FakeIntervals::start(options).await;
    let client = Intervals::new(fake.test_config(), fake.credentials()).unwrap();
    (fake, client)
}

/// Every page from `before` back, as the sync engine walks them.
async fn walk(client: &Intervals, after: Option<DateTime<Utc>>) -> Vec<RemoteActivity> {
    let mut out = Vec::new();
    let mut before = None;
    for _ in 0..10_000 {
        let page = client.list(before, after).await.unwrap();
        out.extend(page.items);
        match page.next_before {
            Some(b) => before = Some(b),
            None => return out,
        }
    }
    panic!("the walk did not end");
}

#[tokio::test]
async fn the_key_travels_as_basic_auth_and_verify_names_the_athlete() {
    let (fake, client) = fake().await;
    assert_eq!(client.verify().await.unwrap(), "Test Athlete");
    let auth = fake.requests()[0]
        .header("authorization")
        .unwrap()
        .to_owned();
    // base64("API_KEY:fake-intervals-key")
    assert_eq!(auth, "Basic QVBJX0tFWTpmYWtlLWludGVydmFscy1rZXk=");
}

#[tokio::test]
async fn a_wrong_key_is_unauthorized_with_a_way_forward() {
    let fake = FakeIntervals::start(FakeIntervalsOptions::default()).await;
    let client = Intervals::new(
        fake.test_config(),
        IntervalsCredentials {
            athlete_id: "i4242".into(),
            api_key: "wrong".into(),
        },
    )
    .unwrap();
    let e = client.verify().await.unwrap_err();
    let SyncError::Unauthorized { message, .. } = &e else {
        panic!("{e:?}")
    };
    assert!(message.contains("Developer Settings"), "{message}");
    assert!(!e.to_string().contains("wrong"));
    // Not retried: a refused key stays refused.
    assert_eq!(fake.count("/athlete"), 1);
}

#[tokio::test]
async fn the_whole_history_is_listed_once_across_windows_and_gaps() {
    // 60 activities two days apart, then the fixtures' ones years earlier:
    // gaps of years between them must neither end the walk nor cost a
    // request per empty window.
    let mut options = FakeIntervalsOptions::history(
        60,
        Utc.with_ymd_and_hms(2024, 6, 1, 6, 0, 0).unwrap(),
        Duration::days(2),
    );
    options
        .activities
        .extend(FakeIntervalsOptions::default().activities);
    let (fake, client) = with(options).await;
    let listed = walk(&client, None).await;
    let mut ids: Vec<&str> = listed.iter().map(|a| a.remote_id.as_str()).collect();
    assert_eq!(ids.len(), 63, "{ids:?}");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 63, "an activity was listed twice");
    assert!(
        listed.windows(2).all(|w| w[0].start > w[1].start),
        "newest first"
    );
    assert_eq!(client.skipped_strava_stubs(), 1);
    assert!(!ids.contains(&"88812345"), "the Strava stub is left out");
    assert!(
        fake.count("/athlete/i4242/activities") < 30,
        "{}",
        fake.count("/athlete")
    );

    // Bounded by `after`: only what is newer.
    let after = Utc.with_ymd_and_hms(2024, 5, 1, 0, 0, 0).unwrap();
    let recent = walk(&client, Some(after)).await;
    assert_eq!(recent.len(), 16);
    assert!(recent.iter().all(|a| a.start > after));
}

#[tokio::test]
async fn an_empty_account_ends_at_once() {
    let options = FakeIntervalsOptions {
        activities: Vec::new(),
        ..FakeIntervalsOptions::default()
    };
    let (fake, client) = with(options).await;
    let page = client.list(None, None).await.unwrap();
    assert!(page.items.is_empty() && page.next_before.is_none());
    assert_eq!(fake.count("/athlete/i4242/activities"), 2);
}

#[tokio::test]
async fn an_original_fit_file_is_downloaded_and_parses() {
    let (_fake, client) = fake().await;
    let listed = walk(&client, None).await;
    assert_eq!(listed.len(), 3);
    for activity in &listed {
        let Fetched::File { file_name, bytes } = client.fetch(activity).await.unwrap() else {
            panic!("a file")
        };
        assert!(file_name.ends_with(".fit"), "{file_name}");
        let parsed = tempo_import::parse(&bytes).unwrap();
        assert_eq!(parsed.activities[0].start, activity.start);
    }
}

#[tokio::test]
async fn a_missing_file_is_no_data() {
    let (_fake, client) = fake().await;
    let stub = RemoteActivity {
        remote_id: "88812345".into(),
        start: Utc::now(),
        name: None,
        sport: None,
        distance_m: None,
        elapsed_s: None,
    };
    assert!(matches!(
        client.fetch(&stub).await,
        Err(SyncError::NoData(_))
    ));
}

#[tokio::test]
async fn wellness_is_mapped() {
    let (_fake, client) = fake().await;
    let d = |day| NaiveDate::from_ymd_opt(2024, 3, day).unwrap();
    let days = client.wellness(d(1), d(3)).await.unwrap();
    assert_eq!(days.len(), 2, "an empty day is left out: {days:?}");
    assert_eq!(days[0].date, d(1));
    assert_eq!(days[0].resting_hr, Some(48.0));
    assert_eq!(days[0].hrv_ms, Some(62.5));
    assert_eq!(days[0].weight_kg, Some(70.4));
    assert_eq!(days[0].sleep_s, Some(27000.0));
    assert_eq!(days[0].sleep_score, Some(81.0));
    // No score: the quality (3, average) stands in.
    assert_eq!(days[1].sleep_score, Some(50.0));
    assert_eq!(days[1].hrv_ms, None);
}

#[tokio::test]
async fn a_server_error_then_success_is_retried() {
    let (fake, client) = fake().await;
    fake.inject(Fault::Status(500));
    fake.inject(Fault::Status(503));
    assert_eq!(client.verify().await.unwrap(), "Test Athlete");
    assert_eq!(fake.count("/athlete"), 3);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let (fake, client) = fake().await;
    // for_tests caps waits at 20 ms; Retry-After: 1 is capped to it.
    fake.inject(Fault::TooMany { retry_after_s: 1 });
    let started = std::time::Instant::now();
    client.verify().await.unwrap();
    assert!(started.elapsed() >= std::time::Duration::from_millis(20));
    assert_eq!(fake.count("/athlete"), 2);
}

#[tokio::test]
async fn truncated_malformed_and_stalled_answers_are_errors() {
    let (fake, client) = fake().await;
    for _ in 0..4 {
        fake.inject(Fault::Truncated);
    }
    let e = client.list(None, None).await.unwrap_err();
    assert!(e.is_transient(), "{e:?}");

    fake.inject(Fault::MalformedJson);
    let e = client.verify().await.unwrap_err();
    assert!(matches!(e, SyncError::Protocol { .. }), "{e:?}");

    for _ in 0..4 {
        fake.inject(Fault::Stall(std::time::Duration::from_secs(2)));
    }
    let e = client.verify().await.unwrap_err();
    assert!(matches!(e, SyncError::Unreachable { .. }), "{e:?}");
}

#[tokio::test]
async fn one_truncated_download_is_retried() {
    let (fake, client) = fake().await;
    let first = walk(&client, None).await.remove(0);
    fake.inject(Fault::Truncated);
    let Fetched::File { bytes, .. } = client.fetch(&first).await.unwrap() else {
        panic!()
    };
    assert!(tempo_import::parse(&bytes).is_ok());
}
