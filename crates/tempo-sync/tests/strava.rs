//! The Strava client against the fake Strava: sign-in through the loopback,
//! token refresh and rotation, paging, streams and laps, faults and the rate
//! limits. Nothing here leaves 127.0.0.1.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use tempo_domain::activity::{Channel, Sport, SubSport};
use tempo_sync::strava::{
    self, Strava, StravaConfig, StravaCredentials, next_midnight, next_quarter_hour,
};
use tempo_sync::testing::strava::{FakeStrava, FakeStravaOptions, Fault};
use tempo_sync::{Fetched, Provider, RemoteActivity, SaveCredentials, SyncError};
use tokio_util::sync::CancellationToken;

/// What the save callback received, newest last.
type Saved = Arc<Mutex<Vec<String>>>;

fn saver() -> (SaveCredentials, Saved) {
    let saved: Saved = Arc::default();
    let sink = saved.clone();
    let save: SaveCredentials = Arc::new(move |json: &str| {
        sink.lock().unwrap().push(json.to_owned());
        Ok(())
    });
    (save, saved)
}

async fn fake(options: FakeStravaOptions) -> FakeStrava {
    FakeStrava::start(options).await
}

fn client(fake: &FakeStrava, config: StravaConfig, credentials: StravaCredentials) -> Strava {
    let (save, _) = saver();
    Strava::new(config, credentials, save, fake.now()).unwrap()
}

fn api_requests(fake: &FakeStrava, part: &str) -> usize {
    fake.requests()
        .iter()
        .filter(|r| r.starts_with("GET ") && r.contains(part))
        .count()
}

fn refreshes(fake: &FakeStrava) -> usize {
    fake.requests()
        .iter()
        .filter(|r| r.contains("grant_type=refresh_token"))
        .count()
}

/// Plays the browser: reads the redirect URI and state from the authorize
/// URL and follows the redirect with `query` (where `{state}` is replaced).
fn browser(query: &'static str) -> impl FnOnce(&str) -> Result<(), SyncError> {
    move |url: &str| {
        let url = reqwest::Url::parse(url).unwrap();
        let get = |k: &str| {
            url.query_pairs()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.into_owned())
                .unwrap()
        };
        assert_eq!(get("scope"), "read,activity:read_all");
        assert_eq!(get("response_type"), "code");
        assert_eq!(get("approval_prompt"), "auto");
        let redirect = get("redirect_uri");
        let state = get("state");
        tokio::spawn(async move {
            tempo_sync::http::install_crypto_provider();
            let http = reqwest::Client::new();
            // A stray request first, as browsers make.
            let root = redirect.trim_end_matches("/callback");
            let favicon = http
                .get(format!("{root}/favicon.ico"))
                .send()
                .await
                .unwrap();
            assert_eq!(favicon.status(), 404);
            let page = http
                .get(format!("{redirect}?{}", query.replace("{state}", &state)))
                .send()
                .await
                .unwrap();
            page.text().await.unwrap()
        });
        Ok(())
    }
}

async fn connect(
    fake: &FakeStrava,
    open: impl FnOnce(&str) -> Result<(), SyncError>,
    timeout: Duration,
) -> Result<StravaCredentials, SyncError> {
    strava::connect(
        &fake.test_config(),
        FakeStrava::CLIENT_ID,
        FakeStrava::CLIENT_SECRET,
        open,
        timeout,
        &CancellationToken::new(),
        fake.now(),
    )
    .await
}

const SECONDS: Duration = Duration::from_secs(5);

#[tokio::test]
async fn sign_in_through_the_loopback_exchanges_the_code() {
    let fake = fake(FakeStravaOptions::default()).await;
    let credentials = connect(
        &fake,
        browser("state={state}&code=fake-authorization-code&scope=read,activity:read_all"),
        SECONDS,
    )
    .await
    .unwrap();
    assert_eq!(credentials.athlete_id, Some(134_815));
    assert_eq!(
        credentials.athlete_name.as_deref(),
        Some("John Applestrava")
    );
    assert_eq!(credentials.scope, "read,activity:read_all");
    assert!(credentials.expires_at > fake.time().timestamp());
    assert_eq!(
        fake.requests(),
        ["POST /oauth/token grant_type=authorization_code"]
    );
    // The tokens work.
    let strava = client(&fake, fake.test_config(), credentials);
    assert!(!strava.list(None, None).await.unwrap().items.is_empty());
}

fn sign_in_error(result: Result<StravaCredentials, SyncError>) -> String {
    match result {
        Err(SyncError::SignIn { message, .. }) => message,
        other => panic!("expected a sign-in error, got {other:?}"),
    }
}

#[tokio::test]
async fn sign_in_refuses_a_foreign_state() {
    let fake = fake(FakeStravaOptions::default()).await;
    let message = sign_in_error(
        connect(
            &fake,
            browser("state=forged&code=fake-authorization-code&scope=read,activity:read_all"),
            SECONDS,
        )
        .await,
    );
    assert!(message.contains("did not match (state)"), "{message}");
    assert!(fake.requests().is_empty(), "no code exchanged");
}

#[tokio::test]
async fn sign_in_reports_declined_access() {
    let fake = fake(FakeStravaOptions::default()).await;
    let message =
        sign_in_error(connect(&fake, browser("state={state}&error=access_denied"), SECONDS).await);
    assert!(
        message.contains("you declined access on Strava"),
        "{message}"
    );
}

#[tokio::test]
async fn sign_in_times_out_without_a_redirect() {
    let fake = fake(FakeStravaOptions::default()).await;
    let message = sign_in_error(connect(&fake, |_: &str| Ok(()), Duration::from_millis(200)).await);
    assert!(message.contains("no answer from the browser"), "{message}");
}

#[tokio::test]
async fn sign_in_can_be_cancelled() {
    let fake = fake(FakeStravaOptions::default()).await;
    let cancel = CancellationToken::new();
    cancel.cancel();
    let result = strava::connect(
        &fake.test_config(),
        FakeStrava::CLIENT_ID,
        FakeStrava::CLIENT_SECRET,
        |_: &str| Ok(()),
        SECONDS,
        &cancel,
        fake.now(),
    )
    .await;
    assert_eq!(result.unwrap_err(), SyncError::Cancelled);
}

#[tokio::test]
async fn sign_in_without_private_activities_is_refused() {
    let fake = fake(FakeStravaOptions::default()).await;
    let message = sign_in_error(
        connect(
            &fake,
            browser("state={state}&code=fake-authorization-code&scope=read,activity:read"),
            SECONDS,
        )
        .await,
    );
    assert!(
        message.contains("View data about your private activities"),
        "{message}"
    );
    assert!(fake.requests().is_empty(), "no code exchanged");
}

#[tokio::test]
async fn a_token_close_to_expiry_is_refreshed_and_saved_first() {
    let fake = fake(FakeStravaOptions::default()).await;
    let mut credentials = fake.credentials();
    let old_refresh = credentials.refresh_token.clone();
    credentials.expires_at = fake.time().timestamp() + 60;
    let (save, saved) = saver();
    let strava = Strava::new(fake.test_config(), credentials, save, fake.now()).unwrap();
    strava.list(None, None).await.unwrap();
    assert_eq!(refreshes(&fake), 1);
    // Saved before the first API request went out.
    assert!(fake.requests()[0].contains("grant_type=refresh_token"));
    let saved = saved.lock().unwrap().clone();
    assert_eq!(saved.len(), 1);
    let stored: StravaCredentials = serde_json::from_str(&saved[0]).unwrap();
    assert_ne!(
        stored.refresh_token, old_refresh,
        "the rotated token is kept"
    );
    assert_eq!(stored, strava.credentials().await);
    assert!(stored.expires_at > fake.time().timestamp() + 3600);
    // A fresh token is not refreshed again.
    strava.list(None, None).await.unwrap();
    assert_eq!(refreshes(&fake), 1);
}

#[tokio::test]
async fn a_refused_token_is_refreshed_once_and_the_request_retried() {
    let fake = fake(FakeStravaOptions::default()).await;
    let strava = client(&fake, fake.test_config(), fake.credentials());
    fake.expire_access_tokens();
    let page = strava.list(None, None).await.unwrap();
    assert_eq!(page.items.len(), 10);
    assert_eq!(refreshes(&fake), 1);
    assert_eq!(api_requests(&fake, "/athlete/activities"), 2);

    // A token refused again right after a refresh is not refreshed in a loop.
    fake.fail_next(Fault::Unauthorized, 2);
    let err = strava.list(None, None).await.unwrap_err();
    assert_eq!(err.kind(), "unauthorized");
    assert_eq!(refreshes(&fake), 2);
    assert_eq!(api_requests(&fake, "/athlete/activities"), 4);
}

#[tokio::test]
async fn a_refused_refresh_asks_to_reconnect() {
    let fake = fake(FakeStravaOptions::default()).await;
    let strava = client(&fake, fake.test_config(), fake.credentials());
    fake.revoke();
    match strava.list(None, None).await {
        Err(SyncError::Unauthorized { message, .. }) => {
            assert!(
                message.contains("reconnect Strava in Settings → Accounts"),
                "{message}"
            );
        }
        other => panic!("expected Unauthorized, got {other:?}"),
    }
    assert_eq!(refreshes(&fake), 1);
}

async fn walk(strava: &Strava, after: Option<DateTime<Utc>>) -> (Vec<RemoteActivity>, usize) {
    let mut all = Vec::new();
    let mut before = None;
    let mut pages = 0;
    loop {
        let page = strava.list(before, after).await.unwrap();
        pages += 1;
        assert!(
            page.items.windows(2).all(|w| w[0].start >= w[1].start),
            "newest first"
        );
        all.extend(page.items);
        match page.next_before {
            Some(b) => before = Some(b),
            None => return (all, pages),
        }
        assert!(pages < 100, "the walk must end");
    }
}

#[tokio::test]
async fn listing_walks_the_whole_history_once() {
    let fake = fake(FakeStravaOptions {
        activities: 35,
        ..FakeStravaOptions::default()
    })
    .await;
    let strava = client(&fake, fake.test_config(), fake.credentials());
    let (items, pages) = walk(&strava, None).await;
    let mut seen = HashSet::new();
    // The engine drops the repeat at each page boundary (overlap by 1 s).
    let unique: Vec<&RemoteActivity> = items
        .iter()
        .filter(|a| seen.insert(a.remote_id.clone()))
        .collect();
    let upstream: Vec<String> = fake.activities().iter().map(|a| a.id.to_string()).collect();
    let listed: Vec<String> = unique.iter().map(|a| a.remote_id.clone()).collect();
    assert_eq!(listed, upstream, "complete, newest first");
    assert!(
        items.len() - unique.len() < pages,
        "at most one repeat a page"
    );
    let first = &unique[0];
    assert_eq!(first.sport.as_deref(), Some("Run"));
    assert!(first.distance_m.unwrap() > 1000.0);
    assert!(first.elapsed_s.unwrap() > 0.0);
    assert_eq!(first.start, fake.activities()[0].start);
    for r in fake
        .requests()
        .iter()
        .filter(|r| r.contains("/athlete/activities"))
    {
        assert!(r.contains("per_page=10") && r.contains("page=1"), "{r}");
    }

    // An increment: only what started after the cursor, in one request.
    let cursor = fake.activities()[4].start;
    let before_count = api_requests(&fake, "/athlete/activities");
    let (recent, pages) = walk(&strava, Some(cursor)).await;
    assert_eq!(pages, 1);
    assert_eq!(recent.len(), 4);
    assert_eq!(api_requests(&fake, "/athlete/activities"), before_count + 1);
}

#[tokio::test]
async fn activities_added_and_deleted_upstream_show_in_the_list() {
    let fake = fake(FakeStravaOptions {
        activities: 3,
        ..FakeStravaOptions::default()
    })
    .await;
    let strava = client(&fake, fake.test_config(), fake.credentials());
    let mut added = fake.activities()[0].clone();
    added.id = 99;
    added.start += TimeDelta::hours(3);
    fake.add_activity(added);
    fake.delete_activity(fake.activities()[2].id);
    let page = strava.list(None, None).await.unwrap();
    let ids: Vec<&str> = page.items.iter().map(|a| a.remote_id.as_str()).collect();
    assert_eq!(ids.len(), 3);
    assert_eq!(ids[0], "99");
    assert_eq!(page.next_before, None);
}

fn parsed(f: Fetched) -> Box<tempo_domain::activity::ParsedActivity> {
    match f {
        Fetched::Parsed(p) => p,
        Fetched::File { .. } => panic!("Strava has no files"),
    }
}

#[tokio::test]
async fn streams_and_laps_become_an_activity() {
    let fake = fake(FakeStravaOptions::default()).await;
    let strava = client(&fake, fake.test_config(), fake.credentials());
    let page = strava.list(None, None).await.unwrap();

    let run = &page.items[0];
    let upstream = &fake.activities()[0];
    let a = parsed(strava.fetch(run).await.unwrap());
    assert_eq!((a.sport, a.sub_sport), (Sport::Running, SubSport::Generic));
    assert_eq!(a.start, run.start);
    assert_eq!(a.name, run.name);
    assert_eq!(a.streams.len(), upstream.elapsed_s as usize + 1);
    for c in [
        Channel::Latitude,
        Channel::Longitude,
        Channel::Altitude,
        Channel::Distance,
        Channel::Speed,
        Channel::HeartRate,
        Channel::Cadence,
        Channel::Temperature,
    ] {
        assert!(a.streams.column(c).is_some(), "{c:?}");
    }
    assert!(a.streams.column(Channel::Power).is_none());
    // Strava's strides per minute, stored as steps.
    assert_eq!(a.streams.column(Channel::Cadence).unwrap()[10], 172.0);
    assert_eq!(a.laps.len(), 2);
    assert_eq!(a.laps[0].start_offset_s, 0.0);
    assert_eq!(a.laps[1].start_offset_s, f64::from(upstream.elapsed_s / 2));
    assert_eq!(a.laps[1].totals.avg_cadence, Some(172.0));
    assert_eq!(a.laps[1].totals.max_hr, Some(160.0));
    let device = a.device_totals.as_ref().unwrap();
    assert_eq!(device.distance_m, Some(upstream.distance_m));
    let computed = a.computed_totals();
    assert!((computed.distance_m.unwrap() - upstream.distance_m).abs() < 5.0);

    let ride = page
        .items
        .iter()
        .find(|a| a.sport.as_deref() == Some("Ride"))
        .unwrap();
    let r = parsed(strava.fetch(ride).await.unwrap());
    assert_eq!(r.sport, Sport::Cycling);
    assert!(r.streams.column(Channel::Power).is_some());
    assert_eq!(r.streams.column(Channel::Cadence).unwrap()[0], 88.0);
    assert_eq!(r.laps[0].totals.avg_power_w, Some(214.5));
}

#[tokio::test]
async fn a_manual_entry_has_totals_and_no_streams() {
    let fake = fake(FakeStravaOptions::default()).await;
    let strava = client(&fake, fake.test_config(), fake.credentials());
    let page = strava.list(None, None).await.unwrap();
    let manual_id = fake.activities().iter().find(|a| a.manual).unwrap().id;
    let manual = page
        .items
        .iter()
        .find(|a| a.remote_id == manual_id.to_string())
        .unwrap();
    let laps_before = api_requests(&fake, "/laps");
    let a = parsed(strava.fetch(manual).await.unwrap());
    assert!(a.streams.is_empty());
    assert!(a.laps.is_empty());
    assert_eq!(a.device_totals.unwrap().distance_m, manual.distance_m);
    assert_eq!(
        api_requests(&fake, "/laps"),
        laps_before,
        "no laps asked for"
    );
}

#[tokio::test]
async fn a_server_error_is_retried() {
    let fake = fake(FakeStravaOptions::default()).await;
    let strava = client(&fake, fake.test_config(), fake.credentials());
    fake.fail_next(Fault::Status(500), 1);
    assert_eq!(strava.list(None, None).await.unwrap().items.len(), 10);
    assert_eq!(api_requests(&fake, "/athlete/activities"), 2);
    assert_eq!(fake.requests_in_window(), 2, "both count against the limit");
}

#[tokio::test]
async fn truncated_and_malformed_answers_are_errors_not_panics() {
    let fake = fake(FakeStravaOptions::default()).await;
    let strava = client(&fake, fake.test_config(), fake.credentials());
    let page = strava.list(None, None).await.unwrap();

    fake.fail_next_on("/streams", Fault::Truncated, 1);
    parsed(strava.fetch(&page.items[0]).await.unwrap());
    assert_eq!(
        api_requests(&fake, "/streams"),
        2,
        "a dropped answer is retried"
    );

    fake.fail_next_on("/streams", Fault::MalformedJson, 1);
    let err = strava.fetch(&page.items[0]).await.unwrap_err();
    assert!(matches!(err, SyncError::Protocol { .. }), "{err:?}");
    assert_eq!(
        api_requests(&fake, "/streams"),
        3,
        "malformed JSON is not retried"
    );

    fake.fail_next(Fault::Truncated, 10);
    let err = strava.list(None, None).await.unwrap_err();
    assert!(matches!(err, SyncError::Unreachable { .. }), "{err:?}");
}

#[tokio::test]
async fn a_stalled_server_is_unreachable_after_the_timeout() {
    let fake = fake(FakeStravaOptions::default()).await;
    let mut config = fake.test_config();
    config.api.timeout = Duration::from_millis(150);
    let strava = client(&fake, config, fake.credentials());
    fake.fail_next(Fault::Stall(Duration::from_secs(2)), 10);
    let started = std::time::Instant::now();
    let err = strava.list(None, None).await.unwrap_err();
    assert!(matches!(err, SyncError::Unreachable { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn a_429_is_rate_limited_and_not_retried() {
    let fake = fake(FakeStravaOptions::default()).await;
    let strava = client(&fake, fake.test_config(), fake.credentials());
    fake.fail_next(Fault::Status(429), 5);
    let err = strava.list(None, None).await.unwrap_err();
    let until = next_quarter_hour(fake.time());
    assert_eq!(
        err,
        SyncError::RateLimited {
            provider: "Strava".into(),
            until
        }
    );
    assert_eq!(api_requests(&fake, "/athlete/activities"), 1);
    assert_eq!(strava.next_request_at(), Some(until));
    // Nothing is sent before then.
    assert!(strava.list(None, None).await.is_err());
    assert_eq!(api_requests(&fake, "/athlete/activities"), 1);
}

/// Lists and fetches until the first error.
async fn sync_until_stopped(strava: &Strava) -> (usize, SyncError) {
    let mut fetched = 0;
    let mut before = None;
    loop {
        let page = match strava.list(before, None).await {
            Ok(p) => p,
            Err(e) => return (fetched, e),
        };
        for a in &page.items {
            match strava.fetch(a).await {
                Ok(_) => fetched += 1,
                Err(e) => return (fetched, e),
            }
        }
        before = page.next_before;
        if before.is_none() {
            panic!("the whole history fit in the budget");
        }
    }
}

#[tokio::test]
async fn the_15_minute_limit_is_never_exceeded() {
    let fake = fake(FakeStravaOptions {
        limit_15min: 10,
        ..FakeStravaOptions::default()
    })
    .await;
    let strava = client(&fake, fake.test_config(), fake.credentials());
    let (fetched, err) = sync_until_stopped(&strava).await;
    let until = next_quarter_hour(fake.time());
    assert_eq!(
        err,
        SyncError::RateLimited {
            provider: "Strava".into(),
            until
        }
    );
    assert!(fetched >= 3, "{fetched}");
    assert!(fake.max_in_window() <= 10, "{}", fake.max_in_window());
    assert!(!fake.limit_exceeded(), "never a 429");
    assert_eq!(strava.next_request_at(), Some(until));

    // A new window: the sync goes on.
    fake.set_time(until + TimeDelta::seconds(1));
    fake.reset_window();
    assert_eq!(strava.next_request_at(), None);
    let (more, err) = sync_until_stopped(&strava).await;
    assert!(more >= 3);
    assert!(matches!(err, SyncError::RateLimited { .. }));
    assert!(!fake.limit_exceeded());
}

#[tokio::test]
async fn the_daily_limit_waits_for_midnight() {
    let fake = fake(FakeStravaOptions {
        limit_15min: 100,
        limit_daily: 6,
        ..FakeStravaOptions::default()
    })
    .await;
    let strava = client(&fake, fake.test_config(), fake.credentials());
    let (_, err) = sync_until_stopped(&strava).await;
    let until = next_midnight(fake.time());
    assert_eq!(
        err,
        SyncError::RateLimited {
            provider: "Strava".into(),
            until
        }
    );
    assert!(fake.requests_today() <= 6);
    assert!(!fake.limit_exceeded());
    // The next quarter hour does not help.
    fake.set_time(next_quarter_hour(fake.time()));
    assert_eq!(strava.next_request_at(), Some(until));
    fake.set_time(until);
    assert_eq!(strava.next_request_at(), None);
    strava.list(None, None).await.unwrap();
}

#[tokio::test]
async fn secrets_never_show_in_debug_output_or_errors() {
    let fake = fake(FakeStravaOptions::default()).await;
    let credentials = fake.credentials();
    let secrets = [
        credentials.client_secret.clone(),
        credentials.access_token.clone(),
        credentials.refresh_token.clone(),
    ];
    let strava = client(&fake, fake.test_config(), credentials.clone());
    fake.revoke();
    let err = strava.list(None, None).await.unwrap_err();
    fake.fail_next(Fault::Status(500), 10);
    let server = client(&fake, fake.test_config(), fake.credentials())
        .list(None, None)
        .await
        .unwrap_err();
    let texts = [
        format!("{credentials:?}"),
        format!("{strava:?}"),
        format!("{err:?} {err}"),
        format!("{server:?} {server}"),
    ];
    for text in &texts {
        for secret in &secrets {
            assert!(!text.contains(secret.as_str()), "{text}");
        }
        assert!(!text.contains("fake-access-token"), "{text}");
        assert!(!text.contains("fake-refresh-token"), "{text}");
    }
}
