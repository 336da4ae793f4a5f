//! What the intervals.icu and Garmin fakes share: every request recorded,
//! and faults queued for the next requests (each request takes one).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// A request as the fake received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The whole request as text (to look for a secret in any part of it).
    pub fn text(&self) -> String {
        let headers: Vec<String> = self
            .headers
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect();
        format!(
            "{} {}?{}\n{}\n\n{}",
            self.method,
            self.path,
            self.query,
            headers.join("\n"),
            String::from_utf8_lossy(&self.body)
        )
    }
}

/// A fault the next request meets.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// This status with a JSON error body.
    Status(u16),
    /// 429 with `Retry-After: seconds`.
    TooMany { retry_after_s: u64 },
    /// 401, as for a refused credential.
    Unauthorized,
    /// No answer for this long, then the normal one.
    Stall(Duration),
    /// The normal answer, cut off halfway through its declared length.
    Truncated,
    /// 200 with broken JSON.
    MalformedJson,
}

/// The recorded requests and the queued faults.
#[derive(Debug, Default)]
pub struct Log {
    requests: Mutex<Vec<Recorded>>,
    faults: Mutex<VecDeque<Fault>>,
}

impl Log {
    pub fn inject(&self, fault: Fault) {
        self.faults.lock().expect("faults").push_back(fault);
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().expect("requests").clone()
    }

    /// Requests whose path starts with `prefix`.
    pub fn count(&self, prefix: &str) -> usize {
        self.requests
            .lock()
            .expect("requests")
            .iter()
            .filter(|r| r.path.starts_with(prefix))
            .count()
    }
}

/// The middleware: records the request, then applies the next fault.
pub async fn apply(State(log): State<Arc<Log>>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, 16 * 1024 * 1024)
        .await
        .unwrap_or_default();
    log.requests.lock().expect("requests").push(Recorded {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().unwrap_or_default().to_owned(),
        headers: parts
            .headers
            .iter()
            .map(|(k, v)| {
                (
                    k.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body: bytes.to_vec(),
    });
    let request = Request::from_parts(parts, Body::from(bytes));
    let fault = log.faults.lock().expect("faults").pop_front();
    match fault {
        None => next.run(request).await,
        Some(Fault::Status(code)) => (
            StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            [(header::CONTENT_TYPE, "application/json")],
            format!(r#"{{"status":{code},"error":"injected fault"}}"#),
        )
            .into_response(),
        Some(Fault::TooMany { retry_after_s }) => (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, retry_after_s.to_string())],
            r#"{"error":"Too Many Requests"}"#,
        )
            .into_response(),
        Some(Fault::Unauthorized) => (
            StatusCode::UNAUTHORIZED,
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"status":401,"error":"Unauthorized"}"#,
        )
            .into_response(),
        Some(Fault::Stall(wait)) => {
            tokio::time::sleep(wait).await;
            next.run(request).await
        }
        Some(Fault::MalformedJson) => (
            [(header::CONTENT_TYPE, "application/json")],
            r#"[{"id": "i1", "start_date": "#,
        )
            .into_response(),
        Some(Fault::Truncated) => {
            let response = next.run(request).await;
            let (mut parts, body) = response.into_parts();
            let full = axum::body::to_bytes(body, usize::MAX)
                .await
                .unwrap_or_default();
            let half = Bytes::copy_from_slice(&full[..full.len() / 2]);
            parts
                .headers
                .insert(header::CONTENT_LENGTH, HeaderValue::from(full.len().max(2)));
            // The stream ends with an error: the server drops the connection
            // short of the declared length.
            let chunks: Vec<Result<Bytes, std::io::Error>> =
                vec![Ok(half), Err(std::io::Error::other("injected truncation"))];
            Response::from_parts(parts, Body::from_stream(futures_util::stream::iter(chunks)))
        }
    }
}

/// A fixture file of this crate's `tests/fixtures/`.
pub fn fixture(path: &str) -> Vec<u8> {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    std::fs::read(&full).unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", full.display()))
}

/// The real device FIT files of `tests/fixtures/fit/` with their start
/// times: distinct files, so they are distinct activities to a content-hash
/// dedup.
pub fn fit_files() -> Vec<(&'static str, chrono::DateTime<chrono::Utc>, Vec<u8>)> {
    [
        ("hrv-activity.fit", 1_644_252_472),
        ("garmin-fenix-5-bike.fit", 1_497_283_762),
        ("Activity.fit", 1_334_006_546),
    ]
    .into_iter()
    .map(|(name, start)| {
        (
            name,
            chrono::DateTime::from_timestamp(start, 0).unwrap_or_default(),
            fixture(&format!("fit/{name}")),
        )
    })
    .collect()
}

/// A small GPX recording starting at `start`: a distinct file for each
/// start, for generated histories longer than the FIT fixtures.
pub fn gpx_at(start: chrono::DateTime<chrono::Utc>) -> Vec<u8> {
    let mut points = String::new();
    for i in 0..30i64 {
        let t = start + chrono::Duration::seconds(i);
        points.push_str(&format!(
            r#"<trkpt lat="{:.6}" lon="7.000000"><time>{}</time></trkpt>"#,
            46.0 + i as f64 * 0.00003,
            t.format("%Y-%m-%dT%H:%M:%SZ")
        ));
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="Tempo fake" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>Run</name><type>running</type><trkseg>{points}</trkseg></trk></gpx>"#
    )
    .into_bytes()
}
