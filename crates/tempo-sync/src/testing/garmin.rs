//! A fake Garmin: the SSO pages (cookies, `_csrf`, MFA, a locked account, a
//! changed page), the consumer key download, the OAuth 1 service (which
//! checks each request's HMAC-SHA1 signature) and the Connect API endpoints
//! the client uses, all on one address.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::NaiveDate;
use serde_json::Value;

use super::faults::{self, Fault, Log, Recorded};
use crate::garmin::GarminConfig;
use crate::garmin::oauth1;
use crate::http::RetryPolicy;

/// The day the wellness fixtures describe.
pub const WELLNESS_DAY: &str = "2024-03-01";

#[derive(Debug, Clone)]
pub struct FakeGarminOptions {
    pub username: String,
    pub password: String,
    pub mfa_required: bool,
    pub mfa_code: String,
    pub locked: bool,
    /// The sign-in page without its `_csrf` field.
    pub page_changed: bool,
    /// The OAuth 2 tokens' lifetime.
    pub expires_in: i64,
    /// Listed activities (JSON) with the FIT file each download zips.
    pub activities: Vec<(Value, Vec<u8>)>,
}

impl Default for FakeGarminOptions {
    fn default() -> Self {
        let listed: Vec<Value> =
            serde_json::from_slice(&faults::fixture("garmin/activities.json")).expect("fixture");
        let activities = listed
            .into_iter()
            .zip(faults::fit_files())
            .map(|(json, (_, _, bytes))| (json, bytes))
            .collect();
        FakeGarminOptions {
            username: "runner@example.invalid".into(),
            password: "correct horse battery staple".into(),
            mfa_required: false,
            mfa_code: "123456".into(),
            locked: false,
            page_changed: false,
            expires_in: 3599,
            activities,
        }
    }
}

#[derive(Debug, Default)]
struct Tokens {
    /// The access token the API takes now.
    access: String,
    exchanges: usize,
}

#[derive(Debug)]
struct Shared {
    options: FakeGarminOptions,
    addr: SocketAddr,
    tokens: Mutex<Tokens>,
}

/// A running fake; it stops when dropped.
#[derive(Debug)]
pub struct FakeGarmin {
    pub addr: SocketAddr,
    log: Arc<Log>,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeGarmin {
    fn drop(&mut self) {
        self.task.abort();
    }
}

const CONSUMER_KEY: &str = "fake-consumer-key";
const CONSUMER_SECRET: &str = "fake-consumer-secret";
const OAUTH1_SECRET: &str = "fake-oauth1-secret";
const CSRF_SIGNIN: &str = "F0E1D2C3B4A5-csrf-signin";
const CSRF_MFA: &str = "A1B2C3-csrf-mfa";
const TICKET: &str = "ST-0123456-FakeTicketValue-cas";
const COOKIE: &str = "GARMIN-SSO-FAKE=1";

impl FakeGarmin {
    pub async fn start(options: FakeGarminOptions) -> FakeGarmin {
        let log = Arc::new(Log::default());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the fake");
        let addr = listener.local_addr().expect("address");
        let shared = Arc::new(Shared {
            options,
            addr,
            tokens: Mutex::new(Tokens::default()),
        });
        let app = Router::new()
            .route("/sso/embed", get(embed))
            .route("/sso/signin", get(signin_form).post(signin))
            .route("/sso/verifyMFA/loginEnterMfaCode", post(mfa))
            .route("/oauth_consumer.json", get(consumer))
            .route("/oauth-service/oauth/preauthorized", get(preauthorized))
            .route("/oauth-service/oauth/exchange/user/2.0", post(exchange))
            .route("/userprofile-service/socialProfile", get(profile))
            .route(
                "/activitylist-service/activities/search/activities",
                get(activities),
            )
            .route("/download-service/files/activity/{id}", get(download))
            .route(
                "/usersummary-service/usersummary/daily/{name}",
                get(summary),
            )
            .route(
                "/wellness-service/wellness/dailySleepData/{name}",
                get(sleep),
            )
            .route("/hrv-service/hrv/{date}", get(hrv))
            .route("/weight-service/weight/dateRange", get(weight))
            .with_state(shared.clone())
            .layer(axum::middleware::from_fn_with_state(
                log.clone(),
                faults::apply,
            ));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeGarmin {
            addr,
            log,
            shared,
            task,
        }
    }

    pub fn test_config(&self) -> GarminConfig {
        let base = format!("http://{}", self.addr);
        GarminConfig {
            sso_base: base.clone(),
            connect_base: base.clone(),
            consumer_url: format!("{base}/oauth_consumer.json"),
            timeout: std::time::Duration::from_millis(500),
            retry: RetryPolicy::immediate(),
            page_size: 2,
        }
    }

    pub fn username(&self) -> &str {
        &self.shared.options.username
    }

    pub fn password(&self) -> &str {
        &self.shared.options.password
    }

    /// OAuth 1 → 2 exchanges so far.
    pub fn exchanges(&self) -> usize {
        self.shared.tokens.lock().expect("tokens").exchanges
    }

    pub fn inject(&self, fault: Fault) {
        self.log.inject(fault);
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.log.requests()
    }

    pub fn count(&self, prefix: &str) -> usize {
        self.log.count(prefix)
    }
}

fn page(name: &str) -> String {
    String::from_utf8(faults::fixture(&format!("garmin/{name}"))).expect("UTF-8 fixture")
}

fn has_cookie(headers: &HeaderMap) -> bool {
    headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.contains(COOKIE))
}

async fn embed() -> Response {
    (
        [(header::SET_COOKIE, format!("{COOKIE}; Path=/"))],
        Html("<html><head><title>GARMIN SSO</title></head></html>"),
    )
        .into_response()
}

async fn signin_form(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    if !has_cookie(&headers) {
        return (StatusCode::FORBIDDEN, "no session").into_response();
    }
    if shared.options.page_changed {
        return Html(page("sso-changed.html")).into_response();
    }
    Html(page("sso-signin.html")).into_response()
}

fn form_field<'a>(form: &'a [(String, String)], name: &str) -> &'a str {
    form.iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

async fn signin(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let o = &shared.options;
    if !has_cookie(&headers) || form_field(&form, "_csrf") != CSRF_SIGNIN {
        return (StatusCode::FORBIDDEN, "bad session").into_response();
    }
    if o.locked {
        return Html(page("sso-locked.html")).into_response();
    }
    if form_field(&form, "username") != o.username || form_field(&form, "password") != o.password {
        let html = page("sso-signin.html").replace(
            "<!--STATUS-->",
            r#"<div id="status" class="error">Invalid sign in. (Passwords are case sensitive.)</div>"#,
        );
        return Html(html).into_response();
    }
    if o.mfa_required {
        return Html(page("sso-mfa.html")).into_response();
    }
    Html(page("sso-success.html")).into_response()
}

async fn mfa(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    if !has_cookie(&headers) || form_field(&form, "_csrf") != CSRF_MFA {
        return (StatusCode::FORBIDDEN, "bad session").into_response();
    }
    if form_field(&form, "mfa-code") != shared.options.mfa_code {
        let html = page("sso-mfa.html").replace(
            "<!--STATUS-->",
            r#"<div class="error">Invalid code. Please try again.</div>"#,
        );
        return Html(html).into_response();
    }
    Html(page("sso-success.html")).into_response()
}

async fn consumer() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        page("oauth-consumer.json"),
    )
        .into_response()
}

/// Checks an OAuth 1 signature as the real service would.
fn signed(
    shared: &Shared,
    method: &str,
    path: &str,
    headers: &HeaderMap,
    params: &[(String, String)],
    token_secret: &str,
) -> bool {
    let Some(fields) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(oauth1::parse_authorization)
    else {
        return false;
    };
    let Some(sig) = fields
        .iter()
        .find(|(k, _)| k == "oauth_signature")
        .map(|f| f.1.clone())
    else {
        return false;
    };
    if !fields.contains(&("oauth_consumer_key".into(), CONSUMER_KEY.into())) {
        return false;
    }
    let all: Vec<(String, String)> = fields
        .iter()
        .filter(|(k, _)| k != "oauth_signature")
        .chain(params)
        .cloned()
        .collect();
    let url = format!("http://{}{path}", shared.addr);
    oauth1::signature(method, &url, &all, CONSUMER_SECRET, token_secret) == sig
}

fn refused() -> Response {
    (StatusCode::UNAUTHORIZED, r#"{"message":"Unauthorized"}"#).into_response()
}

async fn preauthorized(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let path = "/oauth-service/oauth/preauthorized";
    if !signed(&shared, "GET", path, &headers, &query, "") || form_field(&query, "ticket") != TICKET
    {
        return refused();
    }
    page("oauth1-preauthorized.txt").into_response()
}

async fn exchange(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let path = "/oauth-service/oauth/exchange/user/2.0";
    if !signed(&shared, "POST", path, &headers, &form, OAUTH1_SECRET) {
        return refused();
    }
    let mut tokens = shared.tokens.lock().expect("tokens");
    tokens.exchanges += 1;
    tokens.access = format!("fake-access-{}", tokens.exchanges);
    let mut body: Value = serde_json::from_str(&page("oauth2-exchange.json")).expect("fixture");
    body["access_token"] = Value::from(tokens.access.clone());
    body["expires_in"] = Value::from(shared.options.expires_in);
    axum::Json(body).into_response()
}

fn bearer_ok(shared: &Shared, headers: &HeaderMap) -> bool {
    let access = shared.tokens.lock().expect("tokens").access.clone();
    !access.is_empty()
        && headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            == Some(&format!("Bearer {access}"))
}

fn json_fixture(name: &str) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], page(name)).into_response()
}

async fn profile(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    if !bearer_ok(&shared, &headers) {
        return refused();
    }
    json_fixture("social-profile.json")
}

async fn activities(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    if !bearer_ok(&shared, &headers) {
        return refused();
    }
    let date = |name: &str| NaiveDate::parse_from_str(form_field(&query, name), "%Y-%m-%d").ok();
    let start: usize = form_field(&query, "start").parse().unwrap_or(0);
    let limit: usize = form_field(&query, "limit").parse().unwrap_or(20);
    let (from, to) = (
        date("startDate").unwrap_or(NaiveDate::MIN),
        date("endDate").unwrap_or(NaiveDate::MAX),
    );
    let mut found: Vec<&Value> = shared
        .options
        .activities
        .iter()
        .map(|(json, _)| json)
        .filter(|a| {
            a.get("startTimeLocal")
                .and_then(Value::as_str)
                .and_then(|s| NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok())
                .is_some_and(|d| (from..=to).contains(&d))
        })
        .collect();
    found.sort_by_key(|a| {
        std::cmp::Reverse(
            a.get("startTimeGMT")
                .and_then(Value::as_str)
                .map(str::to_owned),
        )
    });
    let page: Vec<Value> = found.into_iter().skip(start).take(limit).cloned().collect();
    axum::Json(page).into_response()
}

async fn download(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if !bearer_ok(&shared, &headers) {
        return refused();
    }
    let found = shared
        .options
        .activities
        .iter()
        .find(|(json, _)| json.get("activityId").map(Value::to_string).as_deref() == Some(&id));
    let Some((_, fit)) = found else {
        return (StatusCode::NOT_FOUND, "").into_response();
    };
    let mut out = std::io::Cursor::new(Vec::new());
    {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(&mut out);
        zip.start_file(
            format!("{id}_ACTIVITY.fit"),
            zip::write::SimpleFileOptions::default(),
        )
        .expect("zip");
        zip.write_all(fit).expect("zip");
        zip.finish().expect("zip");
    }
    (
        [(header::CONTENT_TYPE, "application/x-zip-compressed")],
        out.into_inner(),
    )
        .into_response()
}

async fn summary(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    if !bearer_ok(&shared, &headers) {
        return refused();
    }
    if form_field(&query, "calendarDate") != WELLNESS_DAY {
        return (StatusCode::NOT_FOUND, "").into_response();
    }
    json_fixture("daily-summary.json")
}

async fn sleep(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    if !bearer_ok(&shared, &headers) {
        return refused();
    }
    if form_field(&query, "date") != WELLNESS_DAY {
        return axum::Json(serde_json::json!({"dailySleepDTO": {"sleepTimeSeconds": null}}))
            .into_response();
    }
    json_fixture("sleep.json")
}

async fn hrv(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(date): Path<String>,
) -> Response {
    if !bearer_ok(&shared, &headers) {
        return refused();
    }
    if date != WELLNESS_DAY {
        return StatusCode::NO_CONTENT.into_response();
    }
    json_fixture("hrv.json")
}

async fn weight(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    if !bearer_ok(&shared, &headers) {
        return refused();
    }
    json_fixture("weight.json")
}
