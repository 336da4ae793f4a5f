//! What the three remote clients share: the reqwest client and its limits,
//! the retry policy, HTTP status → [`CoachError`] mapping, and the streaming
//! loop that turns Server-Sent Events into a [`Completion`].
//!
//! Each protocol only says how one SSE event changes the answer being built
//! (a [`Decoder`]); everything about time, size, cancellation and retries is
//! decided here once, so the three providers behave alike:
//!
//! - a connect timeout and a wait limit for every chunk (`Endpoint::timeout`);
//! - a cap on the bytes of every response body;
//! - transient failures (429, 5xx, no connection) retried with exponential
//!   backoff and jitter, honouring `Retry-After`, but only while no text has
//!   reached the athlete, so a retry never shows the same words twice;
//! - cancellation checked around every await, answering with the text so far.
//!
//! The API key is sent in sensitive headers and never formatted into an error
//! or a log line; provider messages are scrubbed of it in case a server
//! echoes it back.

use std::time::Duration;

use bytes::Bytes;
use eventsource_stream::{Event, EventStreamError, Eventsource};
use futures_util::{Stream, StreamExt};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{RequestBuilder, Response, StatusCode};
use secrecy::ExposeSecret;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::chat::{ChatRequest, Completion, FinishReason, TokenSink, ToolCall, Usage};
use crate::{CancellationToken, CoachError, Endpoint, ProviderKind};

/// A streamed answer may be long, but not this long: a server that keeps
/// sending is broken or hostile.
pub const STREAM_BODY_CAP: usize = 8 * 1024 * 1024;
/// Model lists (one page) and other plain JSON answers.
pub const JSON_BODY_CAP: usize = 2 * 1024 * 1024;
/// Error bodies: only the message is kept.
const ERROR_BODY_CAP: usize = 64 * 1024;
/// Provider messages are shown to the athlete; a page of HTML is not.
const MESSAGE_CHARS: usize = 500;

pub use tempo_net::RetryPolicy;
use tempo_net::install_crypto_provider;

/// The connection to one remote endpoint, shared by a provider's calls.
#[derive(Debug)]
pub(crate) struct Transport {
    client: reqwest::Client,
    /// How errors name the server ("OpenAI", "Anthropic"…).
    pub provider: String,
    pub endpoint: Endpoint,
    pub retry: RetryPolicy,
}

impl Transport {
    pub fn new(endpoint: Endpoint) -> Result<Self, CoachError> {
        install_crypto_provider();
        let client = reqwest::Client::builder()
            .connect_timeout(endpoint.timeout)
            .read_timeout(endpoint.timeout)
            .user_agent(concat!("Tempo/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| {
                CoachError::Config(format!("cannot create an HTTP client: {}", chain(&e)))
            })?;
        Ok(Transport {
            client,
            provider: provider_name(&endpoint),
            endpoint,
            retry: RetryPolicy::interactive(),
        })
    }

    /// The request's model, or the endpoint's when the request names none.
    pub fn model_for<'a>(&'a self, request: &'a ChatRequest) -> &'a str {
        if request.model.trim().is_empty() {
            &self.endpoint.model
        } else {
            &request.model
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.endpoint.base_url)
    }

    pub fn get(&self, path: &str) -> RequestBuilder {
        self.client.get(self.url(path))
    }

    /// GET with query parameters, encoded by `url` (page tokens are opaque).
    pub fn get_with(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<RequestBuilder, CoachError> {
        let mut url = reqwest::Url::parse(&self.url(path)).map_err(|e| {
            CoachError::Config(format!(
                "{} is not a valid URL: {e}",
                display_url(&self.endpoint.base_url)
            ))
        })?;
        if !query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in query {
                pairs.append_pair(name, value);
            }
        }
        Ok(self.client.get(url))
    }

    pub fn post(&self, path: &str) -> RequestBuilder {
        self.client.post(self.url(path))
    }

    /// The key as a header value marked sensitive (kept out of reqwest's
    /// debug output). `None` when no key is configured.
    pub fn key_header(&self, prefix: &str) -> Result<Option<HeaderValue>, CoachError> {
        let Some(key) = &self.endpoint.api_key else {
            return Ok(None);
        };
        let mut value = HeaderValue::from_str(&format!("{prefix}{}", key.expose_secret().trim()))
            .map_err(|_| {
            CoachError::Config(format!(
                "the API key for {} contains characters that cannot be sent",
                self.provider
            ))
        })?;
        value.set_sensitive(true);
        Ok(Some(value))
    }

    /// Sends and waits for the response head, within the timeout. A
    /// non-success status becomes its error, its body read for a message.
    async fn send(
        &self,
        request: RequestBuilder,
        model: Option<&str>,
    ) -> Result<Response, CoachError> {
        let response = match tokio::time::timeout(self.endpoint.timeout, request.send()).await {
            Err(_) => {
                return Err(
                    self.unreachable(format!("no answer within {}", secs(self.endpoint.timeout)))
                );
            }
            Ok(Err(e)) => return Err(self.transport_error(e)),
            Ok(Ok(r)) => r,
        };
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let headers = response.headers().clone();
        // A body that cannot be read still leaves the status to report.
        let body = self
            .read_capped(response, ERROR_BODY_CAP)
            .await
            .unwrap_or_default();
        Err(self.status_error(status, &headers, &body, model))
    }

    /// The whole body, chunk by chunk, each within the timeout, no more than
    /// `cap` bytes.
    async fn read_capped(&self, response: Response, cap: usize) -> Result<Vec<u8>, CoachError> {
        let mut body = Vec::new();
        let mut chunks = response.bytes_stream();
        loop {
            match tokio::time::timeout(self.endpoint.timeout, chunks.next()).await {
                Err(_) => return Err(self.stalled()),
                Ok(None) => return Ok(body),
                Ok(Some(Err(e))) => return Err(self.body_error(e)),
                Ok(Some(Ok(chunk))) => {
                    if body.len() + chunk.len() > cap {
                        return Err(self.too_large(cap));
                    }
                    body.extend_from_slice(&chunk);
                }
            }
        }
    }

    /// GET (or any request) whose answer is one JSON document, with retries.
    pub async fn json<T: DeserializeOwned>(
        &self,
        build: impl Fn() -> Result<RequestBuilder, CoachError>,
    ) -> Result<T, CoachError> {
        let mut retry = 0;
        loop {
            let result = async {
                let response = self.send(build()?, None).await?;
                let body = self.read_capped(response, JSON_BODY_CAP).await?;
                serde_json::from_slice(&body)
                    .map_err(|e| self.protocol(format!("malformed JSON: {e}")))
            }
            .await;
            match result {
                Err(e) if e.is_transient() && retry + 1 < self.retry.attempts => {
                    let wait = self.retry.delay(retry, retry_after_of(&e));
                    tracing::warn!(provider = %self.provider, error = %e, ?wait, "retrying");
                    tokio::time::sleep(wait).await;
                    retry += 1;
                }
                other => return other,
            }
        }
    }

    /// One streaming chat call: sends, decodes SSE events with `D`, retries
    /// transient failures while no text has been shown.
    pub async fn stream<D: Decoder>(
        &self,
        request: &ChatRequest,
        build: impl Fn() -> Result<RequestBuilder, CoachError>,
        on_token: TokenSink<'_>,
        cancel: &CancellationToken,
    ) -> Result<Completion, CoachError> {
        let prompt_chars = prompt_chars(request);
        let mut retry = 0;
        loop {
            let mut answer = Answer::default();
            let result = self
                .stream_once(
                    D::default(),
                    build()?,
                    self.model_for(request),
                    &mut answer,
                    on_token,
                    cancel,
                )
                .await;
            match result {
                Ok(Step::Finished) => return answer.complete(self, prompt_chars),
                Ok(Step::Cancelled) => return Ok(answer.cancelled(prompt_chars)),
                Err(e)
                    if answer.text.is_empty()
                        && e.is_transient()
                        && retry + 1 < self.retry.attempts =>
                {
                    let wait = self.retry.delay(retry, retry_after_of(&e));
                    tracing::warn!(provider = %self.provider, error = %e, ?wait, "retrying before the first token");
                    tokio::select! {
                        biased;
                        _ = cancel.cancelled() => return Ok(Answer::default().cancelled(prompt_chars)),
                        _ = tokio::time::sleep(wait) => {}
                    }
                    retry += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }

    async fn stream_once<D: Decoder>(
        &self,
        mut decoder: D,
        request: RequestBuilder,
        model: &str,
        answer: &mut Answer,
        on_token: TokenSink<'_>,
        cancel: &CancellationToken,
    ) -> Result<Step, CoachError> {
        let response = tokio::select! {
            biased;
            _ = cancel.cancelled() => return Ok(Step::Cancelled),
            r = self.send(request, Some(model)) => r?,
        };
        let mut events = capped(response.bytes_stream(), STREAM_BODY_CAP).eventsource();
        loop {
            let next = tokio::select! {
                biased;
                _ = cancel.cancelled() => return Ok(Step::Cancelled),
                n = tokio::time::timeout(self.endpoint.timeout, events.next()) => n,
            };
            match next {
                Err(_) => return Err(self.stalled()),
                Ok(None) => break,
                Ok(Some(Err(e))) => return Err(self.event_error(e)),
                Ok(Some(Ok(event))) => {
                    if decoder.feed(self, &event, answer, on_token)? == Flow::Done {
                        return Ok(Step::Finished);
                    }
                }
            }
        }
        if decoder.complete_without_sentinel(answer) {
            Ok(Step::Finished)
        } else {
            Err(self.protocol("the stream ended before the answer was complete"))
        }
    }

    // ---- errors ----

    pub fn protocol(&self, message: impl Into<String>) -> CoachError {
        CoachError::Protocol {
            provider: self.provider.clone(),
            message: message.into(),
        }
    }

    /// An event that is not JSON, or not the JSON the protocol describes.
    pub fn parse<T: DeserializeOwned>(&self, data: &str) -> Result<T, CoachError> {
        serde_json::from_str(data).map_err(|e| self.protocol(format!("malformed event: {e}")))
    }

    fn unreachable(&self, message: String) -> CoachError {
        CoachError::Unreachable {
            provider: self.provider.clone(),
            url: display_url(&self.endpoint.base_url),
            message,
        }
    }

    fn stalled(&self) -> CoachError {
        self.unreachable(format!("no data for {}", secs(self.endpoint.timeout)))
    }

    fn too_large(&self, cap: usize) -> CoachError {
        let limit = if cap >= 1024 * 1024 {
            format!("{} MiB", cap / (1024 * 1024))
        } else {
            format!("{} KiB", cap / 1024)
        };
        self.protocol(format!("the response is larger than {limit}"))
    }

    fn transport_error(&self, e: reqwest::Error) -> CoachError {
        let message = if e.is_timeout() {
            format!("no answer within {}", secs(self.endpoint.timeout))
        } else {
            chain(&e.without_url())
        };
        self.unreachable(message)
    }

    /// A failure while reading a body whose head had arrived: a timeout is a
    /// stalled server; anything else is the connection dropped mid-answer.
    fn body_error(&self, e: reqwest::Error) -> CoachError {
        if e.is_timeout() {
            self.stalled()
        } else {
            self.protocol(format!(
                "the stream ended before the answer was complete ({})",
                chain(&e.without_url())
            ))
        }
    }

    fn event_error(&self, e: EventStreamError<BodyError>) -> CoachError {
        match e {
            EventStreamError::Transport(BodyError::TooLarge(cap)) => self.too_large(cap),
            EventStreamError::Transport(BodyError::Read(e)) => self.body_error(e),
            EventStreamError::Utf8(e) => self.protocol(format!("the stream is not UTF-8: {e}")),
            EventStreamError::Parser(e) => self.protocol(format!("not an event stream: {e}")),
        }
    }

    /// 401/403 → Unauthorized, 429 → RateLimited, 404 naming the model →
    /// UnknownModel, anything else → Http with the server's own message.
    pub fn status_error(
        &self,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
        model: Option<&str>,
    ) -> CoachError {
        let message = self.scrub(&error_message(status, body));
        let provider = self.provider.clone();
        // Gemini answers a bad key with 400 INVALID_ARGUMENT, reason
        // API_KEY_INVALID, rather than 401.
        let key_refused = status == StatusCode::BAD_REQUEST
            && String::from_utf8_lossy(body).contains("API_KEY_INVALID");
        match status.as_u16() {
            401 | 403 => CoachError::Unauthorized { provider, message },
            _ if key_refused => CoachError::Unauthorized { provider, message },
            429 => CoachError::RateLimited {
                provider,
                retry_after: retry_after(headers),
                message,
            },
            // A wrong base URL also answers 404, usually without the word.
            404 if model.is_some() && message.to_ascii_lowercase().contains("model") => {
                CoachError::UnknownModel {
                    provider,
                    model: model.unwrap_or_default().to_owned(),
                }
            }
            code => CoachError::Http {
                provider,
                status: code,
                message,
            },
        }
    }

    /// An error the server sent inside the stream (`{"error": {...}}`).
    pub fn stream_error(&self, error: &Value, status: u16) -> CoachError {
        let message = self.scrub(&message_in(error).unwrap_or_else(|| error.to_string()));
        CoachError::Http {
            provider: self.provider.clone(),
            status,
            message: truncate(&message),
        }
    }

    /// Servers echo keys in messages now and then ("Incorrect API key
    /// provided: sk-…"); the key never reaches the athlete's screen or logs.
    fn scrub(&self, message: &str) -> String {
        match &self.endpoint.api_key {
            Some(key) if key.expose_secret().trim().len() >= 4 => {
                message.replace(key.expose_secret().trim(), "[key]")
            }
            _ => message.to_owned(),
        }
    }
}

/// What the loop does after an event.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Flow {
    Continue,
    /// The protocol's final event: stop reading.
    Done,
}

enum Step {
    Finished,
    Cancelled,
}

/// One protocol's reading of its stream. A fresh decoder per attempt.
pub(crate) trait Decoder: Default + Send {
    /// Applies one event to the answer; text pieces go through
    /// [`Answer::push_text`].
    fn feed(
        &mut self,
        transport: &Transport,
        event: &Event,
        answer: &mut Answer,
        on_token: TokenSink<'_>,
    ) -> Result<Flow, CoachError>;

    /// The stream closed without a final event: whether the answer is whole
    /// anyway (Gemini has no sentinel; a finish reason is its end).
    fn complete_without_sentinel(&self, _answer: &Answer) -> bool {
        false
    }
}

/// A tool call being streamed: its arguments arrive as JSON text in pieces
/// (OpenAI, Anthropic) or whole (Gemini).
#[derive(Debug, Default)]
pub(crate) struct PendingCall {
    pub id: String,
    pub name: String,
    pub arguments: String,
    pub parsed: Option<Value>,
    /// Gemini's `thoughtSignature`, kept for [`ToolCall::signature`].
    pub signature: Option<String>,
}

/// The answer being built from a stream.
#[derive(Debug, Default)]
pub(crate) struct Answer {
    pub text: String,
    pub calls: Vec<PendingCall>,
    pub prompt_tokens: Option<u32>,
    pub completion_tokens: Option<u32>,
    pub finish: Option<FinishReason>,
}

impl Answer {
    pub fn push_text(&mut self, piece: &str, on_token: TokenSink<'_>) {
        if !piece.is_empty() {
            on_token(piece);
            self.text.push_str(piece);
        }
    }

    fn usage(&self, prompt_chars: usize) -> Usage {
        let completion_chars = self.text.chars().count()
            + self
                .calls
                .iter()
                .map(|c| c.name.len() + c.arguments.len())
                .sum::<usize>();
        match (self.prompt_tokens, self.completion_tokens) {
            (Some(prompt_tokens), Some(completion_tokens)) => Usage {
                prompt_tokens,
                completion_tokens,
                estimated: false,
            },
            (prompt, completion) => Usage {
                prompt_tokens: prompt.unwrap_or_else(|| estimate_tokens(prompt_chars)),
                completion_tokens: completion.unwrap_or_else(|| estimate_tokens(completion_chars)),
                estimated: true,
            },
        }
    }

    /// A stopped answer keeps its text; half-streamed tool calls are dropped
    /// (nothing should run on the strength of an answer the athlete stopped).
    fn cancelled(self, prompt_chars: usize) -> Completion {
        let usage = self.usage(prompt_chars);
        Completion {
            text: self.text,
            tool_calls: Vec::new(),
            usage,
            finish: FinishReason::Cancelled,
        }
    }

    fn complete(
        self,
        transport: &Transport,
        prompt_chars: usize,
    ) -> Result<Completion, CoachError> {
        let usage = self.usage(prompt_chars);
        let mut tool_calls = Vec::with_capacity(self.calls.len());
        for call in self.calls {
            let arguments = match call.parsed {
                Some(value) => value,
                None if call.arguments.trim().is_empty() => Value::Object(Default::default()),
                None => serde_json::from_str(&call.arguments).map_err(|e| {
                    transport.protocol(format!(
                        "the arguments of the tool call {:?} are not JSON: {e}",
                        call.name
                    ))
                })?,
            };
            if call.name.is_empty() {
                return Err(transport.protocol("a tool call without a name"));
            }
            tool_calls.push(ToolCall {
                id: call.id,
                name: call.name,
                arguments,
                signature: call.signature,
            });
        }
        // Some OpenAI-compatible servers say "stop" after tool calls.
        let finish = match self.finish.unwrap_or(FinishReason::Stop) {
            FinishReason::Stop if !tool_calls.is_empty() => FinishReason::ToolCalls,
            other => other,
        };
        Ok(Completion {
            text: self.text,
            tool_calls,
            usage,
            finish,
        })
    }
}

/// Rough token count where the server gave none: about four characters a
/// token for English text.
pub(crate) fn estimate_tokens(chars: usize) -> u32 {
    u32::try_from(chars.div_ceil(4)).unwrap_or(u32::MAX)
}

fn prompt_chars(request: &ChatRequest) -> usize {
    let messages: usize = request
        .messages
        .iter()
        .map(|m| {
            m.content.chars().count()
                + m.tool_calls
                    .iter()
                    .map(|c| c.name.len() + c.arguments.to_string().len())
                    .sum::<usize>()
        })
        .sum();
    let tools: usize = request
        .tools
        .iter()
        .map(|t| t.name.len() + t.description.chars().count() + t.parameters.to_string().len())
        .sum();
    messages + tools
}

/// Body read errors, and the size cap, as one transport error for the SSE
/// parser to pass through.
#[derive(Debug)]
pub(crate) enum BodyError {
    Read(reqwest::Error),
    TooLarge(usize),
}

/// The byte stream, failing once more than `cap` bytes have come.
fn capped(
    bytes: impl Stream<Item = reqwest::Result<Bytes>>,
    cap: usize,
) -> impl Stream<Item = Result<Bytes, BodyError>> {
    let mut total = 0usize;
    bytes.map(move |chunk| {
        let chunk = chunk.map_err(BodyError::Read)?;
        total += chunk.len();
        if total > cap {
            Err(BodyError::TooLarge(cap))
        } else {
            Ok(chunk)
        }
    })
}

/// The provider's own words from an error body: `error.message` (OpenAI,
/// Anthropic, Gemini), `error` as a string (Ollama), `message` or `detail`
/// (other compatible servers); else the start of the body as text.
fn error_message(status: StatusCode, body: &[u8]) -> String {
    if let Ok(json) = serde_json::from_slice::<Value>(body)
        && let Some(message) = message_in(&json)
    {
        return truncate(&message);
    }
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() || text.starts_with('<') {
        status.canonical_reason().unwrap_or("error").to_owned()
    } else {
        truncate(text)
    }
}

fn message_in(json: &Value) -> Option<String> {
    let candidates = [
        json.pointer("/error/message"),
        json.get("error").filter(|e| e.is_string()),
        json.get("message"),
        json.get("detail"),
        // Gemini wraps errors in an array now and then.
        json.pointer("/0/error/message"),
    ];
    candidates
        .into_iter()
        .flatten()
        .find_map(|v| v.as_str().map(str::to_owned))
        .filter(|m| !m.trim().is_empty())
}

fn truncate(text: &str) -> String {
    match text.char_indices().nth(MESSAGE_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// `retry-after-ms` (OpenAI) or `Retry-After` in seconds.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let number = |name: &str| -> Option<f64> {
        headers
            .get(name)?
            .to_str()
            .ok()?
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0)
    };
    if let Some(ms) = number("retry-after-ms") {
        return Some(Duration::from_secs_f64(ms / 1000.0));
    }
    number("retry-after").map(Duration::from_secs_f64)
}

fn retry_after_of(e: &CoachError) -> Option<Duration> {
    match e {
        CoachError::RateLimited { retry_after, .. } => *retry_after,
        _ => None,
    }
}

/// An error and its causes, one line ("error sending request: connection
/// refused"). Called on errors whose URL has been removed.
fn chain(e: &dyn std::error::Error) -> String {
    tempo_net::error_chain(e)
}

fn secs(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else {
        format!("{} s", d.as_secs())
    }
}

/// The base URL without any user info (`http://user:pw@host` → `http://host`).
fn display_url(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            let host = authority.rsplit('@').next().unwrap_or(authority);
            format!("{scheme}://{host}{path}")
        }
        None => url.to_owned(),
    }
}

fn provider_name(endpoint: &Endpoint) -> String {
    match endpoint.kind {
        ProviderKind::Openai => "OpenAI".to_owned(),
        ProviderKind::Anthropic => "Anthropic".to_owned(),
        ProviderKind::Gemini => "Gemini".to_owned(),
        _ => format!("the server at {}", display_url(&endpoint.base_url)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_waits_grow_and_are_capped() {
        let policy = RetryPolicy::interactive();
        let first = policy.delay(0, None);
        assert!(first >= Duration::from_millis(500) && first <= Duration::from_secs(1));
        let third = policy.delay(2, None);
        assert!(third >= Duration::from_secs(2) && third <= Duration::from_millis(2500));
        assert_eq!(
            policy.delay(0, Some(Duration::from_secs(3))),
            Duration::from_secs(3)
        );
        assert_eq!(
            policy.delay(0, Some(Duration::from_secs(600))),
            Duration::from_secs(20)
        );
    }

    #[test]
    fn messages_come_from_each_providers_error_shape() {
        let s = StatusCode::BAD_REQUEST;
        assert_eq!(
            error_message(s, br#"{"error":{"message":"bad","type":"x"}}"#),
            "bad"
        );
        assert_eq!(
            error_message(s, br#"{"error":"model not found"}"#),
            "model not found"
        );
        assert_eq!(error_message(s, b"<html>oops</html>"), "Bad Request");
        assert_eq!(error_message(s, b"plain words"), "plain words");
    }

    #[test]
    fn user_info_is_not_displayed() {
        assert_eq!(
            display_url("http://u:pw@localhost:1/v1"),
            "http://localhost:1/v1"
        );
        assert_eq!(
            display_url("https://api.openai.com/v1"),
            "https://api.openai.com/v1"
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_milliseconds() {
        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from_static("7"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
        h.insert("retry-after-ms", HeaderValue::from_static("250"));
        assert_eq!(retry_after(&h), Some(Duration::from_millis(250)));
    }
}
