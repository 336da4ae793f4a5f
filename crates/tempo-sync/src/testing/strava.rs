//! A fake Strava for tests: the token endpoint and the three API endpoints
//! Tempo uses, on 127.0.0.1.
//!
//! Answers are built from the recorded shapes in
//! `tests/fixtures/strava/` (every field Strava sends, not only those Tempo
//! reads), filled with a generated history: one activity a day, runs with a
//! ride every fifth day and a trail run now and then, and one manual entry
//! without streams. Like Strava it sends the rate-limit headers on every API
//! answer, counts requests per 15-minute window and per day (by its clock,
//! which the client under test shares through [`FakeStrava::now`]), answers
//! 429 over the limit and remembers that it had to. Access tokens expire and
//! refresh tokens rotate. Faults are queued by tests, and every request is
//! recorded (path and query; never a token).

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Method, Response, Uri};
use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{Value, json};

use crate::Now;
use crate::http::HttpConfig;
use crate::strava::{StravaConfig, StravaCredentials};

const ACTIVITIES: &str = include_str!("../../tests/fixtures/strava/activities_page.json");
const STREAMS: &str = include_str!("../../tests/fixtures/strava/streams.json");
const LAPS: &str = include_str!("../../tests/fixtures/strava/laps.json");
const TOKEN: &str = include_str!("../../tests/fixtures/strava/token.json");
const REFRESH: &str = include_str!("../../tests/fixtures/strava/refresh.json");
const ERROR: &str = include_str!("../../tests/fixtures/strava/error.json");

/// What a test sets up.
#[derive(Debug, Clone)]
pub struct FakeStravaOptions {
    /// Generated activities, one a day back from `newest`.
    pub activities: usize,
    /// The read limits (`X-ReadRateLimit-Limit`); the overall limits are
    /// reported at twice these, as Strava's defaults are.
    pub limit_15min: u32,
    pub limit_daily: u32,
    /// Access token lifetime (Strava: six hours).
    pub token_ttl: Duration,
    /// The start of the newest generated activity.
    pub newest: DateTime<Utc>,
    /// The fake's clock at start.
    pub clock: DateTime<Utc>,
}

impl Default for FakeStravaOptions {
    fn default() -> Self {
        FakeStravaOptions {
            activities: 30,
            limit_15min: 100,
            limit_daily: 1000,
            token_ttl: Duration::from_secs(6 * 3600),
            newest: "2024-06-01T06:30:00Z".parse().unwrap_or_default(),
            clock: "2024-06-01T12:05:00Z".parse().unwrap_or_default(),
        }
    }
}

/// Something going wrong with the next matching API request.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// This status with a Strava-shaped error body.
    Status(u16),
    /// 401 as for a revoked or unknown token.
    Unauthorized,
    /// Wait this long before answering normally.
    Stall(Duration),
    /// Send half the body, then drop the connection.
    Truncated,
    /// 200 with a body that is not JSON.
    MalformedJson,
}

/// One upstream activity.
#[derive(Debug, Clone, PartialEq)]
pub struct FakeActivity {
    pub id: i64,
    pub start: DateTime<Utc>,
    pub name: String,
    /// Strava's `sport_type`: "Run", "TrailRun", "Ride"…
    pub sport_type: String,
    pub distance_m: f64,
    pub elapsed_s: u32,
    /// A manual entry: no streams (404), no laps.
    pub manual: bool,
}

impl FakeActivity {
    fn speed(&self) -> f64 {
        self.distance_m / f64::from(self.elapsed_s.max(1))
    }

    fn is_ride(&self) -> bool {
        self.sport_type.ends_with("Ride")
    }
}

fn generate(n: usize, newest: DateTime<Utc>) -> Vec<FakeActivity> {
    (0..n)
        .map(|i| {
            let k = i as i64;
            let (sport, speed, distance) = match i {
                _ if i % 5 == 2 => ("Ride", 7.5, 20_000.0 + (k * 911 % 15_000) as f64),
                _ if i % 11 == 7 => ("TrailRun", 2.6, 6_000.0 + (k * 173 % 2_000) as f64),
                _ => ("Run", 3.2, 5_000.0 + (k * 137 % 3_000) as f64),
            };
            FakeActivity {
                id: 11_000_000_000 + k * 1_013,
                start: newest - TimeDelta::days(k) - TimeDelta::minutes(k * 37 % 90),
                name: format!("{sport} {}", i + 1),
                sport_type: sport.into(),
                distance_m: distance,
                elapsed_s: (distance / speed).round() as u32,
                manual: i == 3,
            }
        })
        .collect()
}

#[derive(Debug)]
struct Inner {
    options: FakeStravaOptions,
    clock: DateTime<Utc>,
    /// Newest first.
    activities: Vec<FakeActivity>,
    access: HashMap<String, i64>,
    refresh: HashSet<String>,
    issued: u32,
    /// The 15-minute window and day the counts belong to.
    window_start: DateTime<Utc>,
    in_window: u32,
    today: u32,
    max_in_window: u32,
    exceeded: bool,
    requests: Vec<String>,
    faults: Vec<(Option<String>, Fault, u32)>,
}

impl Inner {
    fn issue(&mut self) -> (String, String, i64) {
        self.issued += 1;
        let access = format!("fake-access-token-{:04}", self.issued);
        let refresh = format!("fake-refresh-token-{:04}", self.issued);
        let expires_at = self.clock.timestamp() + self.options.token_ttl.as_secs() as i64;
        self.access.insert(access.clone(), expires_at);
        self.refresh.insert(refresh.clone());
        (access, refresh, expires_at)
    }

    /// New counts once the clock enters another window (and another day).
    fn roll(&mut self) {
        let quarter = quarter_start(self.clock);
        if quarter != self.window_start {
            if quarter.date_naive() != self.window_start.date_naive() {
                self.today = 0;
            }
            self.window_start = quarter;
            self.in_window = 0;
        }
    }

    fn take_fault(&mut self, path: &str) -> Option<Fault> {
        let i = self
            .faults
            .iter()
            .position(|(on, _, _)| on.as_deref().is_none_or(|p| path.contains(p)))?;
        let fault = self.faults[i].1.clone();
        self.faults[i].2 -= 1;
        if self.faults[i].2 == 0 {
            self.faults.remove(i);
        }
        Some(fault)
    }

    fn rate_headers(&self) -> Vec<(&'static str, String)> {
        let (l15, ld) = (self.options.limit_15min, self.options.limit_daily);
        let usage = format!("{},{}", self.in_window, self.today);
        vec![
            ("X-RateLimit-Limit", format!("{},{}", l15 * 2, ld * 2)),
            ("X-RateLimit-Usage", usage.clone()),
            ("X-ReadRateLimit-Limit", format!("{l15},{ld}")),
            ("X-ReadRateLimit-Usage", usage),
        ]
    }
}

fn quarter_start(t: DateTime<Utc>) -> DateTime<Utc> {
    crate::strava::next_quarter_hour(t) - TimeDelta::minutes(15)
}

fn lock(m: &Mutex<Inner>) -> std::sync::MutexGuard<'_, Inner> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A running fake; stops when dropped.
#[derive(Debug)]
pub struct FakeStrava {
    addr: SocketAddr,
    inner: Arc<Mutex<Inner>>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for FakeStrava {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl FakeStrava {
    pub const CLIENT_ID: &'static str = "4242";
    pub const CLIENT_SECRET: &'static str = "fake-client-secret-0f0f";
    /// The authorization code the fake's consent "page" hands out.
    pub const CODE: &'static str = "fake-authorization-code";

    pub async fn start(options: FakeStravaOptions) -> FakeStrava {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .expect("bind the fake Strava");
        let addr = listener.local_addr().expect("fake Strava address");
        let inner = Arc::new(Mutex::new(Inner {
            activities: generate(options.activities, options.newest),
            clock: options.clock,
            window_start: quarter_start(options.clock),
            options,
            access: HashMap::new(),
            refresh: HashSet::new(),
            issued: 0,
            in_window: 0,
            today: 0,
            max_in_window: 0,
            exceeded: false,
            requests: Vec::new(),
            faults: Vec::new(),
        }));
        let app = Router::new().fallback(handle).with_state(inner.clone());
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeStrava {
            addr,
            inner,
            server,
        }
    }

    pub fn oauth_base(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn api_base(&self) -> String {
        format!("http://{}/api/v3", self.addr)
    }

    /// Short timeouts, immediate retries, pages of 10.
    pub fn test_config(&self) -> StravaConfig {
        StravaConfig {
            api: HttpConfig::for_tests(self.api_base()),
            oauth_base: self.oauth_base(),
            per_page: 10,
        }
    }

    /// The fake's clock, for the client under test.
    pub fn now(&self) -> Now {
        let inner = self.inner.clone();
        Arc::new(move || lock(&inner).clock)
    }

    pub fn time(&self) -> DateTime<Utc> {
        lock(&self.inner).clock
    }

    pub fn set_time(&self, t: DateTime<Utc>) {
        lock(&self.inner).clock = t;
    }

    pub fn advance(&self, by: Duration) {
        let mut inner = lock(&self.inner);
        inner.clock += TimeDelta::from_std(by).unwrap_or_default();
    }

    /// A connection as a completed sign-in leaves it, with tokens the fake
    /// accepts.
    pub fn credentials(&self) -> StravaCredentials {
        let (access, refresh, expires_at) = lock(&self.inner).issue();
        StravaCredentials {
            client_id: Self::CLIENT_ID.into(),
            client_secret: Self::CLIENT_SECRET.into(),
            access_token: access,
            refresh_token: refresh,
            expires_at,
            athlete_id: Some(134_815),
            athlete_name: Some("John Applestrava".into()),
            scope: crate::strava::SCOPE.into(),
        }
    }

    /// Every access token stops working (as when Strava expires one early).
    pub fn expire_access_tokens(&self) {
        lock(&self.inner).access.clear();
    }

    /// The athlete revoked Tempo's access: no token works, no refresh either.
    pub fn revoke(&self) {
        let mut inner = lock(&self.inner);
        inner.access.clear();
        inner.refresh.clear();
    }

    /// A new 15-minute window, whatever the clock says.
    pub fn reset_window(&self) {
        lock(&self.inner).in_window = 0;
    }

    /// A new day.
    pub fn reset_day(&self) {
        let mut inner = lock(&self.inner);
        inner.in_window = 0;
        inner.today = 0;
    }

    pub fn requests_in_window(&self) -> u32 {
        lock(&self.inner).in_window
    }

    pub fn requests_today(&self) -> u32 {
        lock(&self.inner).today
    }

    /// The most API requests any window saw.
    pub fn max_in_window(&self) -> u32 {
        lock(&self.inner).max_in_window
    }

    /// Whether a request ever arrived over a limit (and got a 429).
    pub fn limit_exceeded(&self) -> bool {
        lock(&self.inner).exceeded
    }

    /// `fault` for the next `count` API requests.
    pub fn fail_next(&self, fault: Fault, count: u32) {
        if count > 0 {
            lock(&self.inner).faults.push((None, fault, count));
        }
    }

    /// `fault` for the next `count` API requests whose path contains `path`.
    pub fn fail_next_on(&self, path: &str, fault: Fault, count: u32) {
        if count > 0 {
            lock(&self.inner)
                .faults
                .push((Some(path.to_owned()), fault, count));
        }
    }

    /// Every request so far: "GET /api/v3/…?query" or "POST /oauth/token
    /// grant_type=…".
    pub fn requests(&self) -> Vec<String> {
        lock(&self.inner).requests.clone()
    }

    /// The upstream history, newest first.
    pub fn activities(&self) -> Vec<FakeActivity> {
        lock(&self.inner).activities.clone()
    }

    pub fn add_activity(&self, activity: FakeActivity) {
        let mut inner = lock(&self.inner);
        inner.activities.push(activity);
        inner.activities.sort_by_key(|a| std::cmp::Reverse(a.start));
    }

    pub fn delete_activity(&self, id: i64) {
        lock(&self.inner).activities.retain(|a| a.id != id);
    }
}

fn template(text: &str) -> Value {
    serde_json::from_str(text).expect("a valid fixture")
}

fn first(v: Value) -> Value {
    v.as_array()
        .and_then(|a| a.first())
        .cloned()
        .unwrap_or(Value::Null)
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn reply(status: u16, headers: &[(&'static str, String)], body: Body) -> Response<Body> {
    let mut builder = Response::builder()
        .status(status)
        .header("content-type", "application/json; charset=utf-8");
    for (k, v) in headers {
        builder = builder.header(*k, v);
    }
    builder.body(body).unwrap_or_default()
}

fn error_body(message: &str, resource: &str, field: &str, code: &str) -> Body {
    Body::from(
        json!({"message": message, "errors": [{"resource": resource, "field": field, "code": code}]})
            .to_string(),
    )
}

fn params(query: &str) -> HashMap<String, String> {
    reqwest::Url::parse(&format!("http://x/?{query}"))
        .map(|u| u.query_pairs().into_owned().collect())
        .unwrap_or_default()
}

async fn handle(
    State(inner): State<Arc<Mutex<Inner>>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response<Body> {
    let path = uri.path().to_owned();
    if method == Method::POST && path == "/oauth/token" {
        let form = params(&String::from_utf8_lossy(&body));
        let mut inner = lock(&inner);
        let grant = form.get("grant_type").cloned().unwrap_or_default();
        inner
            .requests
            .push(format!("POST /oauth/token grant_type={grant}"));
        return token(&mut inner, &form);
    }
    if method != Method::GET || !path.starts_with("/api/v3/") {
        return reply(
            404,
            &[],
            error_body("Record Not Found", "resource", "path", "invalid"),
        );
    }
    let (response, stall, truncate) = {
        let mut inner = lock(&inner);
        inner.requests.push(match uri.query() {
            Some(q) => format!("GET {path}?{q}"),
            None => format!("GET {path}"),
        });
        inner.roll();
        inner.in_window += 1;
        inner.today += 1;
        inner.max_in_window = inner.max_in_window.max(inner.in_window);
        let rate = inner.rate_headers();
        if inner.in_window > inner.options.limit_15min || inner.today > inner.options.limit_daily {
            inner.exceeded = true;
            return reply(
                429,
                &rate,
                error_body(
                    "Rate Limit Exceeded",
                    "Application",
                    "rate limit",
                    "exceeded",
                ),
            );
        }
        let mut stall = None;
        let mut truncate = false;
        match inner.take_fault(&path) {
            Some(Fault::Status(s)) => {
                return reply(s, &rate, error_body("Server Error", "Server", "", "error"));
            }
            Some(Fault::Unauthorized) => return reply(401, &rate, Body::from(ERROR)),
            Some(Fault::MalformedJson) => {
                return reply(200, &rate, Body::from("{\"id\": 1, \"name\": [unclosed"));
            }
            Some(Fault::Stall(d)) => stall = Some(d),
            Some(Fault::Truncated) => truncate = true,
            None => {}
        }
        let bearer = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        let now = inner.clock.timestamp();
        if inner.access.get(bearer).is_none_or(|exp| *exp <= now) {
            return reply(401, &rate, Body::from(ERROR));
        }
        let (status, value) = route(&inner, &path, &params(uri.query().unwrap_or("")));
        (reply_value(status, &rate, value), stall, truncate)
    };
    if let Some(d) = stall {
        tokio::time::sleep(d).await;
    }
    if truncate {
        let (parts, body) = response.into_parts();
        let bytes = axum::body::to_bytes(body, usize::MAX)
            .await
            .unwrap_or_default();
        let half = bytes.slice(..bytes.len() / 2);
        let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
            Ok(half),
            Err(std::io::Error::other("connection dropped by the fake")),
        ];
        return Response::from_parts(parts, Body::from_stream(futures_util::stream::iter(chunks)));
    }
    response
}

fn reply_value(status: u16, rate: &[(&'static str, String)], value: Value) -> Response<Body> {
    reply(status, rate, Body::from(value.to_string()))
}

fn token(inner: &mut Inner, form: &HashMap<String, String>) -> Response<Body> {
    let field = |k: &str| form.get(k).map(String::as_str).unwrap_or_default();
    if field("client_id") != FakeStrava::CLIENT_ID
        || field("client_secret") != FakeStrava::CLIENT_SECRET
    {
        return reply(
            401,
            &[],
            error_body("Bad Request", "Application", "client_id", "invalid"),
        );
    }
    match field("grant_type") {
        "authorization_code" if field("code") == FakeStrava::CODE => {
            let (access, refresh, expires_at) = inner.issue();
            let mut v = template(TOKEN);
            v["access_token"] = json!(access);
            v["refresh_token"] = json!(refresh);
            v["expires_at"] = json!(expires_at);
            v["expires_in"] = json!(expires_at - inner.clock.timestamp());
            reply_value(200, &[], v)
        }
        "authorization_code" => reply(
            400,
            &[],
            error_body("Bad Request", "AuthorizationCode", "code", "invalid"),
        ),
        "refresh_token" if inner.refresh.remove(field("refresh_token")) => {
            // Rotation: the old refresh token is spent.
            let (access, refresh, expires_at) = inner.issue();
            let mut v = template(REFRESH);
            v["access_token"] = json!(access);
            v["refresh_token"] = json!(refresh);
            v["expires_at"] = json!(expires_at);
            v["expires_in"] = json!(expires_at - inner.clock.timestamp());
            reply_value(200, &[], v)
        }
        _ => reply(
            400,
            &[],
            error_body("Bad Request", "RefreshToken", "refresh_token", "invalid"),
        ),
    }
}

fn route(inner: &Inner, path: &str, query: &HashMap<String, String>) -> (u16, Value) {
    let rest = path.trim_start_matches("/api/v3");
    if rest == "/athlete/activities" {
        return (200, list(inner, query));
    }
    let parts: Vec<&str> = rest.trim_start_matches('/').split('/').collect();
    let not_found = (
        404,
        json!({"message": "Record Not Found", "errors": [{"resource": "Activity", "field": "id", "code": "invalid"}]}),
    );
    let ["activities", id, what] = parts.as_slice() else {
        return not_found;
    };
    let Some(a) = id
        .parse::<i64>()
        .ok()
        .and_then(|id| inner.activities.iter().find(|a| a.id == id))
    else {
        return not_found;
    };
    match *what {
        "streams" if !a.manual => (200, streams(a)),
        "laps" => (200, laps(a)),
        _ => not_found,
    }
}

fn list(inner: &Inner, query: &HashMap<String, String>) -> Value {
    let num = |k: &str| query.get(k).and_then(|v| v.parse::<i64>().ok());
    let per_page = num("per_page").unwrap_or(30).clamp(1, 200) as usize;
    let page = num("page").unwrap_or(1).max(1) as usize;
    let mut matching: Vec<&FakeActivity> = inner
        .activities
        .iter()
        .filter(|a| num("before").is_none_or(|b| a.start.timestamp() < b))
        .filter(|a| num("after").is_none_or(|b| a.start.timestamp() > b))
        .collect();
    // Strava answers oldest first when only `after` is given.
    if num("after").is_some() && num("before").is_none() {
        matching.reverse();
    }
    let shape = first(template(ACTIVITIES));
    Value::Array(
        matching
            .into_iter()
            .skip((page - 1) * per_page)
            .take(per_page)
            .map(|a| summary(&shape, a))
            .collect(),
    )
}

fn summary(shape: &Value, a: &FakeActivity) -> Value {
    let mut v = shape.clone();
    let ride = a.is_ride();
    v["id"] = json!(a.id);
    v["name"] = json!(a.name);
    v["distance"] = json!(a.distance_m);
    v["moving_time"] = json!(a.elapsed_s);
    v["elapsed_time"] = json!(a.elapsed_s);
    v["type"] = json!(if ride { "Ride" } else { "Run" });
    v["sport_type"] = json!(a.sport_type);
    v["start_date"] = json!(rfc3339(a.start));
    v["start_date_local"] = json!(rfc3339(a.start + TimeDelta::hours(2)).trim_end_matches('Z'));
    v["timezone"] = json!("(GMT+01:00) Europe/Paris");
    v["utc_offset"] = json!(7200);
    v["manual"] = json!(a.manual);
    v["trainer"] = json!(false);
    v["average_speed"] = json!(a.speed());
    v["external_id"] = json!(format!("garmin_push_{}", a.id));
    v["upload_id"] = if a.manual {
        Value::Null
    } else {
        json!(a.id + 7)
    };
    v["has_heartrate"] = json!(!a.manual);
    v["device_watts"] = json!(ride);
    if !ride && let Some(o) = v.as_object_mut() {
        for k in [
            "average_watts",
            "weighted_average_watts",
            "max_watts",
            "kilojoules",
        ] {
            o.remove(k);
        }
    }
    v
}

/// Streams for a generated activity: one sample a second, a steady pace.
fn streams(a: &FakeActivity) -> Value {
    let n = a.elapsed_s as usize + 1;
    let speed = a.speed();
    let ride = a.is_ride();
    let shape = template(STREAMS)["time"].clone();
    let series = |data: Vec<Value>| {
        let mut s = shape.clone();
        s["original_size"] = json!(data.len());
        s["data"] = Value::Array(data);
        s
    };
    let t = |i: usize| i as f64;
    let mut out = serde_json::Map::new();
    out.insert("time".into(), series((0..n).map(|i| json!(i)).collect()));
    out.insert(
        "latlng".into(),
        series(
            (0..n)
                .map(|i| json!([48.85 + speed * t(i) / 111_195.0, 2.35]))
                .collect(),
        ),
    );
    out.insert(
        "distance".into(),
        series((0..n).map(|i| json!(speed * t(i))).collect()),
    );
    out.insert(
        "altitude".into(),
        series(
            (0..n)
                .map(|i| json!(35.0 + (t(i) / 120.0).sin() * 8.0))
                .collect(),
        ),
    );
    out.insert(
        "velocity_smooth".into(),
        series((0..n).map(|_| json!(speed)).collect()),
    );
    out.insert(
        "heartrate".into(),
        series((0..n).map(|i| json!(120 + (i * 40 / n) as i64)).collect()),
    );
    out.insert(
        "cadence".into(),
        series((0..n).map(|_| json!(if ride { 88 } else { 86 })).collect()),
    );
    if ride {
        out.insert(
            "watts".into(),
            series((0..n).map(|i| json!(200 + (i % 30) as i64)).collect()),
        );
    }
    out.insert("temp".into(), series((0..n).map(|_| json!(19)).collect()));
    out.insert(
        "moving".into(),
        series((0..n).map(|_| json!(true)).collect()),
    );
    out.insert(
        "grade_smooth".into(),
        series((0..n).map(|_| json!(0.0)).collect()),
    );
    Value::Object(out)
}

/// Two laps, halves of the activity.
fn laps(a: &FakeActivity) -> Value {
    if a.manual {
        return json!([]);
    }
    let shape = first(template(LAPS));
    let half = a.elapsed_s / 2;
    let spans = [(0, half), (half, a.elapsed_s)];
    Value::Array(
        spans
            .iter()
            .enumerate()
            .map(|(i, &(from, to))| {
                let mut v = shape.clone();
                let start = a.start + TimeDelta::seconds(i64::from(from));
                v["id"] = json!(a.id * 10 + i as i64);
                v["name"] = json!(format!("Lap {}", i + 1));
                v["activity"]["id"] = json!(a.id);
                v["athlete"]["id"] = json!(134_815);
                v["elapsed_time"] = json!(to - from);
                v["moving_time"] = json!(to - from);
                v["start_date"] = json!(rfc3339(start));
                v["start_date_local"] =
                    json!(rfc3339(start + TimeDelta::hours(2)).trim_end_matches('Z'));
                v["distance"] = json!(a.speed() * f64::from(to - from));
                v["start_index"] = json!(from);
                v["end_index"] = json!(to);
                v["average_speed"] = json!(a.speed());
                v["max_speed"] = json!(a.speed());
                v["average_cadence"] = json!(if a.is_ride() { 88 } else { 86 });
                v["device_watts"] = json!(a.is_ride());
                v["average_watts"] = if a.is_ride() {
                    json!(214.5)
                } else {
                    Value::Null
                };
                v["average_heartrate"] = json!(130.0 + 20.0 * i as f64);
                v["max_heartrate"] = json!(150 + 10 * i);
                v["lap_index"] = json!(i + 1);
                v["split"] = json!(i + 1);
                v
            })
            .collect(),
    )
}
