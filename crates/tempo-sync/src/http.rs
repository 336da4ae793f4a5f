//! The HTTP transport every provider shares.
//!
//! Decided once here, so the three providers behave alike:
//! - TLS through rustls (ring), never the platform's OpenSSL;
//! - a connect timeout, a timeout for the response head and one for every
//!   body chunk: a stalled server costs `timeout`, not forever;
//! - a cap on every body: a server that keeps sending is broken or hostile;
//! - transient failures (no connection, a timeout, a dropped body, 429, 5xx)
//!   retried with exponential backoff and jitter, honouring `Retry-After`
//!   up to `max_delay`;
//! - an `observe` hook that sees every response's status and headers before
//!   anything else, where a provider reads its rate-limit headers (and may
//!   turn a 429 into [`SyncError::RateLimited`], which is not retried here).
//!
//! Credentials travel only in headers marked sensitive (or form bodies) and
//! are never formatted into an error or a log line.

use std::time::Duration;

use bytes::Bytes;
use futures_util::StreamExt;
use reqwest::header::HeaderMap;
use reqwest::{RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;

use crate::SyncError;

/// Lists and JSON documents. Strava's 200-activity page is about 400 kB.
pub const JSON_BODY_CAP: usize = 16 * 1024 * 1024;
/// Original activity files: a 24-hour FIT file is about 10 MB.
pub const FILE_BODY_CAP: usize = 64 * 1024 * 1024;
/// Error bodies: only a message is kept.
const ERROR_BODY_CAP: usize = 64 * 1024;
/// A provider's message is shown to the athlete; a page of HTML is not.
const MESSAGE_CHARS: usize = 300;

pub use tempo_net::{RetryPolicy, install_crypto_provider};

/// Where a provider's API is and how patient to be with it.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpConfig {
    /// No trailing slash: `https://www.strava.com/api/v3`.
    pub base_url: String,
    pub timeout: Duration,
    pub retry: RetryPolicy,
    /// Keep cookies between requests (Garmin's sign-in needs them).
    pub cookies: bool,
}

impl HttpConfig {
    pub fn new(base_url: impl Into<String>) -> HttpConfig {
        HttpConfig {
            base_url: base_url.into().trim_end_matches('/').to_owned(),
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::background(),
            cookies: false,
        }
    }

    /// Short timeouts and immediate retries, for tests.
    pub fn for_tests(base_url: impl Into<String>) -> HttpConfig {
        HttpConfig {
            timeout: Duration::from_millis(500),
            // Four tries like the real policy, so fault tests exercise
            // the same number of retries.
            retry: RetryPolicy {
                attempts: 4,
                ..RetryPolicy::immediate()
            },
            ..HttpConfig::new(base_url)
        }
    }
}

/// A response read whole.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    /// The body as `T`; malformed JSON is a protocol error.
    pub fn json<T: DeserializeOwned>(&self, provider: &str) -> Result<T, SyncError> {
        serde_json::from_slice(&self.body).map_err(|e| SyncError::Protocol {
            provider: provider.to_owned(),
            message: format!("malformed JSON: {e}"),
        })
    }
}

/// Sees each response's status and headers first (rate-limit headers).
/// Returning an error ends the call with it, without a retry.
pub trait Observe: Fn(StatusCode, &HeaderMap) -> Result<(), SyncError> + Sync {}
impl<F: Fn(StatusCode, &HeaderMap) -> Result<(), SyncError> + Sync> Observe for F {}

/// An observer that looks at nothing.
pub fn ignore(_: StatusCode, _: &HeaderMap) -> Result<(), SyncError> {
    Ok(())
}

/// The connection to one provider.
#[derive(Debug, Clone)]
pub struct Http {
    client: reqwest::Client,
    /// How errors name the provider ("Strava").
    pub provider: String,
    pub config: HttpConfig,
}

impl Http {
    pub fn new(provider: &str, config: HttpConfig) -> Result<Http, SyncError> {
        install_crypto_provider();
        let mut builder = reqwest::Client::builder()
            .connect_timeout(config.timeout)
            .read_timeout(config.timeout)
            .user_agent(concat!("Tempo/", env!("CARGO_PKG_VERSION")));
        if config.cookies {
            builder = builder.cookie_store(true);
        }
        let client = builder.build().map_err(|e| {
            SyncError::Config(format!("cannot create an HTTP client: {}", chain(&e)))
        })?;
        Ok(Http {
            client,
            provider: provider.to_owned(),
            config,
        })
    }

    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// `path` under the base URL; an absolute URL is used as it is.
    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http://") || path.starts_with("https://") {
            path.to_owned()
        } else {
            format!("{}{path}", self.config.base_url)
        }
    }

    pub fn get(&self, path: &str) -> RequestBuilder {
        self.client.get(self.url(path))
    }

    pub fn post(&self, path: &str) -> RequestBuilder {
        self.client.post(self.url(path))
    }

    /// Sends `build()` until it succeeds or fails for good (module docs),
    /// reading the body whole within `cap` bytes. A non-success status is an
    /// error; 401 is [`SyncError::Unauthorized`].
    pub async fn send(
        &self,
        build: impl Fn() -> RequestBuilder,
        observe: &impl Observe,
        cap: usize,
    ) -> Result<Reply, SyncError> {
        let mut retry = 0;
        loop {
            match self.send_once(build(), observe, cap).await {
                Err(e) if e.is_transient() && retry + 1 < self.config.retry.attempts => {
                    let wait = self.config.retry.delay(retry, retry_after(&e));
                    tracing::warn!(provider = %self.provider, error = %e, ?wait, "retrying");
                    tokio::time::sleep(wait).await;
                    retry += 1;
                }
                other => return other,
            }
        }
    }

    /// [`Http::send`], then the body as JSON.
    pub async fn json<T: DeserializeOwned>(
        &self,
        build: impl Fn() -> RequestBuilder,
        observe: &impl Observe,
    ) -> Result<T, SyncError> {
        let mut retry = 0;
        loop {
            let reply = self.send(&build, observe, JSON_BODY_CAP).await?;
            match reply.json(&self.provider) {
                // A body cut short can still parse as far as it goes: a
                // JSON error on a body shorter than its Content-Length is a
                // dropped connection, worth another try.
                Err(e) if truncated(&reply) && retry + 1 < self.config.retry.attempts => {
                    tracing::warn!(provider = %self.provider, error = %e, "truncated body, retrying");
                    tokio::time::sleep(self.config.retry.delay(retry, None)).await;
                    retry += 1;
                }
                other => return other,
            }
        }
    }

    async fn send_once(
        &self,
        request: RequestBuilder,
        observe: &impl Observe,
        cap: usize,
    ) -> Result<Reply, SyncError> {
        let response = match tokio::time::timeout(self.config.timeout, request.send()).await {
            Err(_) => {
                return Err(self.unreachable(format!(
                    "no answer within {} s",
                    self.config.timeout.as_secs_f64()
                )));
            }
            Ok(Err(e)) => return Err(self.unreachable(chain(&e))),
            Ok(Ok(r)) => r,
        };
        let status = response.status();
        let headers = response.headers().clone();
        observe(status, &headers)?;
        if status.is_success() {
            let body = self.read_capped(response, cap).await?;
            return Ok(Reply {
                status,
                headers,
                body,
            });
        }
        let body = self
            .read_capped(response, ERROR_BODY_CAP)
            .await
            .unwrap_or_default();
        let message = message_of(&body);
        if status == StatusCode::UNAUTHORIZED {
            return Err(SyncError::Unauthorized {
                provider: self.provider.clone(),
                message: if message.is_empty() {
                    "access was refused (401)".into()
                } else {
                    message
                },
            });
        }
        Err(SyncError::Status {
            provider: self.provider.clone(),
            status: status.as_u16(),
            message: match retry_after_header(&headers) {
                Some(after) => format!("{message} (retry after {} s)", after.as_secs()),
                None => message,
            },
        })
    }

    /// The whole body, each chunk within the timeout, at most `cap` bytes.
    async fn read_capped(&self, response: Response, cap: usize) -> Result<Bytes, SyncError> {
        if response.content_length().is_some_and(|n| n > cap as u64) {
            return Err(self.too_large(cap));
        }
        let mut body = Vec::new();
        let mut chunks = response.bytes_stream();
        loop {
            match tokio::time::timeout(self.config.timeout, chunks.next()).await {
                Err(_) => {
                    return Err(self.unreachable(format!(
                        "the answer stalled for {} s",
                        self.config.timeout.as_secs_f64()
                    )));
                }
                Ok(None) => return Ok(Bytes::from(body)),
                Ok(Some(Err(e))) => {
                    return Err(self.unreachable(format!(
                        "the connection dropped mid-answer ({})",
                        chain(&e)
                    )));
                }
                Ok(Some(Ok(chunk))) => {
                    if body.len() + chunk.len() > cap {
                        return Err(self.too_large(cap));
                    }
                    body.extend_from_slice(&chunk);
                }
            }
        }
    }

    pub fn unreachable(&self, message: String) -> SyncError {
        SyncError::Unreachable {
            provider: self.provider.clone(),
            message,
        }
    }

    pub fn protocol(&self, message: impl Into<String>) -> SyncError {
        SyncError::Protocol {
            provider: self.provider.clone(),
            message: message.into(),
        }
    }

    fn too_large(&self, cap: usize) -> SyncError {
        self.protocol(format!(
            "the answer is larger than {} MB",
            cap / 1024 / 1024
        ))
    }
}

fn truncated(reply: &Reply) -> bool {
    reply
        .headers
        .get(reqwest::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .is_some_and(|n| reply.body.len() < n)
}

/// `Retry-After` in seconds (the HTTP-date form is rare in APIs and ignored).
pub fn retry_after_header(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

fn retry_after(e: &SyncError) -> Option<Duration> {
    // send_once appends "(retry after N s)" to a status error's message.
    let SyncError::Status { message, .. } = e else {
        return None;
    };
    let rest = message.rsplit_once("(retry after ")?.1;
    rest.split_once(' ')?
        .0
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

/// The message in an error body: a JSON `message`/`error`/`errors[0]`, or
/// the text itself, shortened. Never the whole HTML page.
pub fn message_of(body: &[u8]) -> String {
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) {
        for key in ["message", "error_description", "error", "detail"] {
            if let Some(s) = v.get(key).and_then(|m| m.as_str()) {
                return shorten(s);
            }
        }
        if let Some(e) = v.get("errors").and_then(|e| e.get(0)) {
            return shorten(&e.to_string());
        }
    }
    let text = String::from_utf8_lossy(body);
    if text.trim_start().starts_with('<') {
        return String::new();
    }
    shorten(text.trim())
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= MESSAGE_CHARS {
        s.to_owned()
    } else {
        let cut: String = s.chars().take(MESSAGE_CHARS).collect();
        format!("{cut}…")
    }
}

pub use tempo_net::error_chain as chain;
