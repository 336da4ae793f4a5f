//! A fake intervals.icu (`/api/v1`): the athlete, the activity list by
//! local date with `limit`, original files, wellness. Requests without the
//! right Basic credentials get 401, as the real API answers them.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

use super::faults::{self, Fault, Log, Recorded};
use crate::http::HttpConfig;
use crate::intervals::{IntervalsConfig, IntervalsCredentials};

/// One activity the fake lists, and its file (`None` for a Strava stub).
#[derive(Debug, Clone)]
pub struct FakeActivity {
    pub json: Value,
    pub start: DateTime<Utc>,
    pub file: Option<Vec<u8>>,
}

#[derive(Debug, Clone)]
pub struct FakeIntervalsOptions {
    pub athlete_id: String,
    pub api_key: String,
    pub activities: Vec<FakeActivity>,
    /// The `/wellness` answer (all days; filtered by date).
    pub wellness: Vec<Value>,
}

impl Default for FakeIntervalsOptions {
    /// The recorded fixtures: three activities with real FIT files and one
    /// Strava stub, three wellness days.
    fn default() -> Self {
        let listed: Vec<Value> =
            serde_json::from_slice(&faults::fixture("intervals/activities.json")).expect("fixture");
        let mut files = faults::fit_files().into_iter();
        let activities = listed
            .into_iter()
            .map(|json| {
                let start = start_of(&json);
                let file = json
                    .get("file_type")
                    .map(|_| files.next().expect("a FIT file").2);
                FakeActivity { json, start, file }
            })
            .collect();
        FakeIntervalsOptions {
            athlete_id: "i4242".into(),
            api_key: "fake-intervals-key".into(),
            activities,
            wellness: serde_json::from_slice(&faults::fixture("intervals/wellness.json"))
                .expect("fixture"),
        }
    }
}

fn start_of(json: &Value) -> DateTime<Utc> {
    json.get("start_date")
        .and_then(Value::as_str)
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&Utc))
        .or_else(|| {
            let local = json.get("start_date_local")?.as_str()?;
            chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M:%S")
                .ok()
                .map(|t| t.and_utc())
        })
        .unwrap_or_default()
}

impl FakeIntervalsOptions {
    /// `n` activities, the newest at `newest`, one every `every`, each with
    /// its own GPX file.
    pub fn history(n: usize, newest: DateTime<Utc>, every: chrono::Duration) -> Self {
        let activities = (0..n)
            .map(|i| {
                let start = newest - every * i as i32;
                FakeActivity {
                    json: json!({
                        "id": format!("i{}", 5000 + i),
                        "start_date": start.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                        "start_date_local": start.format("%Y-%m-%dT%H:%M:%S").to_string(),
                        "type": "Run",
                        "name": format!("Run {i}"),
                        "source": "UPLOAD",
                        "file_type": "gpx",
                        "distance": 100.0,
                        "elapsed_time": 29,
                    }),
                    start,
                    file: Some(faults::gpx_at(start)),
                }
            })
            .collect();
        FakeIntervalsOptions {
            activities,
            ..FakeIntervalsOptions::default()
        }
    }
}

struct Shared {
    options: FakeIntervalsOptions,
}

/// A running fake; it stops when dropped.
#[derive(Debug)]
pub struct FakeIntervals {
    pub addr: SocketAddr,
    log: Arc<Log>,
    options: FakeIntervalsOptions,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeIntervals {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeIntervals {
    pub async fn start(options: FakeIntervalsOptions) -> FakeIntervals {
        let log = Arc::new(Log::default());
        let shared = Arc::new(Shared {
            options: options.clone(),
        });
        let app = Router::new()
            .route("/api/v1/athlete/{id}", get(athlete))
            .route("/api/v1/athlete/{id}/activities", get(activities))
            .route("/api/v1/athlete/{id}/wellness", get(wellness))
            .route("/api/v1/activity/{id}/file", get(file))
            .with_state(shared.clone())
            .layer(axum::middleware::from_fn_with_state(
                log.clone(),
                faults::apply,
            ));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the fake");
        let addr = listener.local_addr().expect("address");
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeIntervals {
            addr,
            log,
            options,
            task,
        }
    }

    /// The client's configuration for this fake: short timeouts, immediate
    /// retries, 30-day windows.
    pub fn test_config(&self) -> IntervalsConfig {
        IntervalsConfig {
            api: HttpConfig::for_tests(format!("http://{}/api/v1", self.addr)),
            chunk_days: 30,
        }
    }

    /// The credentials the fake accepts.
    pub fn credentials(&self) -> IntervalsCredentials {
        IntervalsCredentials {
            athlete_id: self.options.athlete_id.clone(),
            api_key: self.options.api_key.clone(),
        }
    }

    pub fn inject(&self, fault: Fault) {
        self.log.inject(fault);
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.log.requests()
    }

    /// Requests whose path (after `/api/v1`) starts with `prefix`.
    pub fn count(&self, prefix: &str) -> usize {
        self.log.count(&format!("/api/v1{prefix}"))
    }
}

fn refused() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        [(header::CONTENT_TYPE, "application/json")],
        r#"{"status":401,"error":"Unauthorized"}"#,
    )
        .into_response()
}

/// The Basic header and the athlete id, checked as the real API does: the
/// refusal, if any.
fn check(shared: &Shared, headers: &HeaderMap, athlete: Option<&str>) -> Option<Response> {
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD
            .encode(format!("API_KEY:{}", shared.options.api_key))
    );
    if headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        != Some(&expected)
    {
        return Some(refused());
    }
    match athlete {
        Some(id) if id != "0" && id != shared.options.athlete_id => {
            Some((StatusCode::FORBIDDEN, r#"{"error":"Access denied"}"#).into_response())
        }
        _ => None,
    }
}

#[derive(Deserialize)]
struct Range {
    oldest: Option<NaiveDate>,
    newest: Option<NaiveDate>,
    limit: Option<usize>,
}

async fn athlete(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = check(&shared, &headers, Some(&id)) {
        return r;
    }
    let mut body: Value =
        serde_json::from_slice(&faults::fixture("intervals/athlete.json")).expect("fixture");
    body["id"] = json!(shared.options.athlete_id);
    axum::Json(body).into_response()
}

/// The local date of an activity, as the real API filters by it.
fn local_date(a: &FakeActivity) -> NaiveDate {
    a.json
        .get("start_date_local")
        .and_then(Value::as_str)
        .and_then(|s| NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok())
        .unwrap_or_else(|| a.start.date_naive())
}

async fn activities(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Query(range): Query<Range>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = check(&shared, &headers, Some(&id)) {
        return r;
    }
    let Some(oldest) = range.oldest else {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            r#"{"error":"oldest is required"}"#,
        )
            .into_response();
    };
    let newest = range.newest.unwrap_or(NaiveDate::MAX);
    let mut found: Vec<&FakeActivity> = shared
        .options
        .activities
        .iter()
        .filter(|a| (oldest..=newest).contains(&local_date(a)))
        .collect();
    found.sort_by_key(|a| std::cmp::Reverse(a.start));
    found.truncate(range.limit.unwrap_or(usize::MAX));
    axum::Json(
        found
            .into_iter()
            .map(|a| a.json.clone())
            .collect::<Vec<_>>(),
    )
    .into_response()
}

async fn wellness(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Query(range): Query<Range>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = check(&shared, &headers, Some(&id)) {
        return r;
    }
    let (oldest, newest) = (
        range.oldest.unwrap_or(NaiveDate::MIN),
        range.newest.unwrap_or(NaiveDate::MAX),
    );
    let days: Vec<Value> = shared
        .options
        .wellness
        .iter()
        .filter(|d| {
            d.get("id")
                .and_then(Value::as_str)
                .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
                .is_some_and(|date| (oldest..=newest).contains(&date))
        })
        .cloned()
        .collect();
    axum::Json(days).into_response()
}

async fn file(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = check(&shared, &headers, None) {
        return r;
    }
    let found = shared
        .options
        .activities
        .iter()
        .find(|a| a.json.get("id").and_then(Value::as_str) == Some(id.as_str()));
    let ext = found
        .and_then(|a| a.json.get("file_type")?.as_str())
        .unwrap_or("fit")
        .to_owned();
    match found.and_then(|a| a.file.clone()) {
        Some(bytes) => (
            [
                (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{id}.{ext}\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, r#"{"error":"Activity not found"}"#).into_response(),
    }
}
