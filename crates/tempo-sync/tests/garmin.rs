//! The Garmin Connect client against the local fake (`testing::garmin`).

use std::sync::{Arc, Mutex};

use chrono::{Duration, NaiveDate, Utc};
use tempo_sync::garmin::{Garmin, GarminTokens, SignInStep, sign_in};
use tempo_sync::testing::garmin::{FakeGarmin, FakeGarminOptions};
use tempo_sync::{Fetched, Provider, SyncError};

async fn signed_in(fake: &FakeGarmin) -> GarminTokens {
    match sign_in(&fake.test_config(), fake.username(), fake.password())
        .await
        .unwrap()
    {
        SignInStep::Done(tokens) => tokens,
        SignInStep::NeedsMfa(_) => panic!("no MFA expected"),
    }
}

fn sign_in_message(e: SyncError) -> String {
    match e {
        SyncError::SignIn { message, .. } => message,
        other => panic!("{other:?}"),
    }
}

/// The password appears in the credentials POST only: not in any other
/// request, nor in `shown` (errors, Debug output).
fn password_only_in_the_sign_in_post(fake: &FakeGarmin, shown: &[String]) {
    let password = fake.password().to_owned();
    let encoded = password.replace(' ', "+");
    for r in fake.requests() {
        let text = r.text();
        let has = text.contains(&password) || text.contains(&encoded);
        assert_eq!(
            has,
            r.method == "POST" && r.path == "/sso/signin",
            "{} {}",
            r.method,
            r.path
        );
    }
    for s in shown {
        assert!(!s.contains(&password) && !s.contains(&encoded), "{s}");
    }
}

#[tokio::test]
async fn sign_in_without_mfa_gives_tokens() {
    let fake = FakeGarmin::start(FakeGarminOptions::default()).await;
    let tokens = signed_in(&fake).await;
    assert_eq!(tokens.oauth1_token, "fake-oauth1-token");
    assert_eq!(tokens.mfa_token.as_deref(), Some("MFA-fake-token"));
    assert_eq!(tokens.access_token, "fake-access-1");
    assert_eq!(tokens.display_name.as_deref(), Some("fake-runner-42"));
    assert!(tokens.expires_at > Utc::now() + Duration::minutes(50));
    // The mfa_token went along with the (signature-checked) exchange.
    let exchange = fake
        .requests()
        .into_iter()
        .find(|r| r.path.ends_with("/exchange/user/2.0"))
        .unwrap();
    assert!(String::from_utf8_lossy(&exchange.body).contains("mfa_token=MFA-fake-token"));
    let shown = format!("{tokens:?}");
    assert!(!shown.contains("fake-access-1") && !shown.contains("fake-oauth1-secret"));
    password_only_in_the_sign_in_post(&fake, &[shown]);
}

#[tokio::test]
async fn mfa_asks_for_a_code_then_gives_tokens_and_a_wrong_code_can_be_retried() {
    let fake = FakeGarmin::start(FakeGarminOptions {
        mfa_required: true,
        ..FakeGarminOptions::default()
    })
    .await;
    let step = sign_in(&fake.test_config(), fake.username(), fake.password())
        .await
        .unwrap();
    let SignInStep::NeedsMfa(mut challenge) = step else {
        panic!("MFA expected")
    };
    // Kept between two UI calls: it must be Send + 'static.
    fn storable<T: Send + 'static>(_: &T) {}
    storable(&challenge);
    let wrong = challenge.submit("000000").await.unwrap_err();
    let message = sign_in_message(wrong.clone());
    assert!(message.contains("code is wrong"), "{message}");
    let tokens = challenge.submit("123456").await.unwrap();
    assert_eq!(tokens.access_token, "fake-access-1");
    password_only_in_the_sign_in_post(
        &fake,
        &[
            wrong.to_string(),
            format!("{challenge:?}"),
            format!("{tokens:?}"),
        ],
    );
}

#[tokio::test]
async fn a_wrong_password_a_locked_account_and_a_changed_page_are_explained() {
    let fake = FakeGarmin::start(FakeGarminOptions::default()).await;
    let e = sign_in(&fake.test_config(), fake.username(), "not the password")
        .await
        .unwrap_err();
    let shown = e.to_string();
    assert!(sign_in_message(e).contains("did not accept"));
    assert!(!shown.contains("not the password"));
    assert_eq!(
        fake.count("/sso/signin"),
        2,
        "the credentials POST is not retried"
    );

    let fake = FakeGarmin::start(FakeGarminOptions {
        locked: true,
        ..FakeGarminOptions::default()
    })
    .await;
    let e = sign_in(&fake.test_config(), fake.username(), fake.password())
        .await
        .unwrap_err();
    let shown = e.to_string();
    assert!(sign_in_message(e).contains("locked"));
    password_only_in_the_sign_in_post(&fake, &[shown]);

    let fake = FakeGarmin::start(FakeGarminOptions {
        page_changed: true,
        ..FakeGarminOptions::default()
    })
    .await;
    let e = sign_in(&fake.test_config(), fake.username(), fake.password())
        .await
        .unwrap_err();
    let message = sign_in_message(e);
    assert!(
        message.contains("page changed") && message.contains("file import"),
        "{message}"
    );
    // The password was never sent: the form could not be read.
    assert!(fake.requests().iter().all(|r| r.method == "GET"));
}

#[tokio::test]
async fn too_many_requests_is_explained() {
    let fake = FakeGarmin::start(FakeGarminOptions::default()).await;
    for _ in 0..4 {
        fake.inject(tempo_sync::testing::faults::Fault::TooMany { retry_after_s: 0 });
    }
    let e = sign_in(&fake.test_config(), fake.username(), fake.password())
        .await
        .unwrap_err();
    assert!(sign_in_message(e).contains("too many requests"));
}

fn saver() -> (tempo_sync::SaveCredentials, Arc<Mutex<Vec<String>>>) {
    let saved = Arc::new(Mutex::new(Vec::new()));
    let into = saved.clone();
    (
        Arc::new(move |json: &str| {
            into.lock().unwrap().push(json.to_owned());
            Ok(())
        }),
        saved,
    )
}

#[tokio::test]
async fn an_expired_token_is_exchanged_again_and_saved_before_use() {
    let fake = FakeGarmin::start(FakeGarminOptions::default()).await;
    let tokens = signed_in(&fake).await;
    let (save, saved) = saver();
    // Two hours later: the one-hour access token has expired.
    let later = Utc::now() + Duration::hours(2);
    let garmin = Garmin::new(fake.test_config(), tokens, save, Arc::new(move || later)).unwrap();
    let page = garmin.list(None, None).await.unwrap();
    assert_eq!(page.items.len(), 2);
    assert_eq!(fake.exchanges(), 2);
    let saved = saved.lock().unwrap().clone();
    assert_eq!(saved.len(), 1);
    let stored: GarminTokens = serde_json::from_str(&saved[0]).unwrap();
    assert_eq!(stored.access_token, "fake-access-2");
    assert_eq!(stored.oauth1_token, "fake-oauth1-token");
    assert_eq!(garmin.tokens().await, stored);
}

#[tokio::test]
async fn a_refused_token_is_renewed_once() {
    let fake = FakeGarmin::start(FakeGarminOptions::default()).await;
    let tokens = signed_in(&fake).await;
    let (save, saved) = saver();
    let garmin = Garmin::new(fake.test_config(), tokens, save, tempo_sync::system_now()).unwrap();
    fake.inject(tempo_sync::testing::faults::Fault::Unauthorized);
    garmin.list(None, None).await.unwrap();
    assert_eq!(fake.exchanges(), 2);
    assert_eq!(saved.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn the_history_is_listed_in_pages_and_each_fit_comes_out_of_its_zip() {
    let fake = FakeGarmin::start(FakeGarminOptions::default()).await;
    let tokens = signed_in(&fake).await;
    let (save, _) = saver();
    let garmin = Garmin::new(fake.test_config(), tokens, save, tempo_sync::system_now()).unwrap();
    let mut all = Vec::new();
    let mut before = None;
    loop {
        let page = garmin.list(before, None).await.unwrap();
        all.extend(page.items);
        match page.next_before {
            Some(b) => before = Some(b),
            None => break,
        }
    }
    let ids: Vec<&str> = all.iter().map(|a| a.remote_id.as_str()).collect();
    assert_eq!(ids, ["90003", "90002", "90001"]);
    assert_eq!(all[0].sport.as_deref(), Some("cycling"));
    for activity in &all {
        let Fetched::File { file_name, bytes } = garmin.fetch(activity).await.unwrap() else {
            panic!("a file")
        };
        assert_eq!(file_name, format!("{}_ACTIVITY.fit", activity.remote_id));
        let parsed = tempo_import::parse(&bytes).unwrap();
        assert_eq!(parsed.activities[0].start, activity.start);
    }
}

#[tokio::test]
async fn wellness_is_mapped_and_missing_days_are_not_errors() {
    let fake = FakeGarmin::start(FakeGarminOptions::default()).await;
    let tokens = signed_in(&fake).await;
    let (save, _) = saver();
    let garmin = Garmin::new(fake.test_config(), tokens, save, tempo_sync::system_now()).unwrap();
    let d = |day| NaiveDate::from_ymd_opt(2024, 3, day).unwrap();
    let days = garmin.wellness(d(1), d(2)).await.unwrap();
    assert_eq!(days.len(), 1, "{days:?}");
    let day = &days[0];
    assert_eq!(day.date, d(1));
    assert_eq!(day.resting_hr, Some(47.0));
    assert_eq!(day.hrv_ms, Some(64.0));
    assert_eq!(day.sleep_s, Some(27600.0));
    assert_eq!(day.sleep_score, Some(83.0));
    assert_eq!(day.weight_kg, Some(70.35));
}
