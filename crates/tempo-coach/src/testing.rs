//! A fake LLM server for tests (feature `test-support`): an HTTP/1.1 server
//! on `127.0.0.1` with a random port that answers from a script and records
//! every request, so the agent and the providers run end to end with no
//! network and no model.
//!
//! ```no_run
//! # async fn demo() {
//! use tempo_coach::testing::{FakeServer, Scripted};
//! use tempo_coach::providers::{connect_with_retry, RetryPolicy};
//!
//! let fake = FakeServer::start().await;
//! fake.push(Scripted::text(["Hel", "lo"]));
//! fake.push(Scripted::tool_call("weekly_load", serde_json::json!({"weeks": 4})));
//! fake.push(Scripted::status(429, r#"{"error":{"message":"slow down"}}"#));
//!
//! let model = connect_with_retry(fake.endpoint(), RetryPolicy::immediate()).unwrap();
//! // … run the agent with `model` …
//! let requests = fake.requests();
//! assert_eq!(requests[0].path, "/v1/chat/completions");
//! assert!(requests[0].header("authorization").is_none());
//! # }
//! ```
//!
//! Each request takes the next scripted response, whatever its path (a
//! model-list call takes one too). [`Scripted::Text`] and
//! [`Scripted::ToolCall`] are streamed in the OpenAI Chat Completions shape
//! (with a usage chunk when the request asks for one, then `[DONE]`);
//! [`Scripted::Raw`] sends any status, headers and body pieces, with pauses,
//! and can end by closing, hanging or dropping the connection, which is how
//! the provider tests play Anthropic and Gemini streams and broken servers.
//! With nothing left in the script the server answers 400 with a message
//! saying so (not a 5xx, which clients would retry).

use std::collections::{BTreeMap, VecDeque};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::Bytes;
use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use http_body_util::{BodyExt, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

use crate::{CancellationToken, Endpoint, ProviderKind};

/// The model name [`FakeServer::endpoint`] uses.
pub const FAKE_MODEL: &str = "fake-model";

/// One scripted answer.
#[derive(Debug, Clone)]
pub enum Scripted {
    /// An OpenAI stream with these text pieces, one chunk each, finishing
    /// with `stop`.
    Text(Vec<String>),
    /// An OpenAI stream with one tool call, its arguments split across two
    /// chunks, finishing with `tool_calls`.
    ToolCall { name: String, arguments: Value },
    /// This status with this body (`application/json`).
    Status(u16, String),
    /// Anything else: see [`RawResponse`].
    Raw(RawResponse),
}

impl Scripted {
    pub fn text<S: Into<String>>(pieces: impl IntoIterator<Item = S>) -> Self {
        Scripted::Text(pieces.into_iter().map(Into::into).collect())
    }

    pub fn tool_call(name: impl Into<String>, arguments: Value) -> Self {
        Scripted::ToolCall {
            name: name.into(),
            arguments,
        }
    }

    pub fn status(code: u16, body: impl Into<String>) -> Self {
        Scripted::Status(code, body.into())
    }

    /// 200 with this JSON document.
    pub fn json(value: &Value) -> Self {
        Scripted::Status(200, value.to_string())
    }

    /// An OpenAI model list (`GET /v1/models`).
    pub fn models<S: Into<String>>(ids: impl IntoIterator<Item = S>) -> Self {
        let data: Vec<Value> = ids
            .into_iter()
            .map(|id| json!({ "id": id.into(), "object": "model", "created": 0, "owned_by": "fake" }))
            .collect();
        Self::json(&json!({ "object": "list", "data": data }))
    }

    /// 200 `text/event-stream` with these body pieces, sent as they are
    /// (include the `data: …\n\n` framing), then the connection closes.
    pub fn sse<S: Into<String>>(pieces: impl IntoIterator<Item = S>) -> Self {
        Scripted::Raw(RawResponse {
            pieces: pieces.into_iter().map(Into::into).collect(),
            ..RawResponse::default()
        })
    }
}

/// A response under full control.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// Wait this long before sending the status line (a server that never
    /// answers).
    pub head_delay: Duration,
    /// Body pieces, each flushed on its own.
    pub pieces: Vec<String>,
    /// Pause between pieces.
    pub gap: Duration,
    pub end: End,
}

impl Default for RawResponse {
    /// 200, `text/event-stream`, no body, closes.
    fn default() -> Self {
        RawResponse {
            status: 200,
            headers: vec![("content-type".into(), "text/event-stream".into())],
            head_delay: Duration::ZERO,
            pieces: Vec::new(),
            gap: Duration::ZERO,
            end: End::Close,
        }
    }
}

/// How a [`RawResponse`] body ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The body ends normally.
    Close,
    /// Nothing more is sent and the connection stays open (until the server
    /// is dropped): a stalled server.
    Hang,
    /// The connection is dropped mid-body.
    Reset,
}

/// A request as the server saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedRequest {
    pub method: String,
    /// Path and query, e.g. `/v1beta/models?pageSize=1000`.
    pub path: String,
    /// Lower-case names. Credentials are replaced: `authorization` becomes
    /// `Bearer [redacted]`, `x-api-key` and `x-goog-api-key` `[redacted]`, so
    /// tests can check a key was sent without the fake holding it.
    pub headers: BTreeMap<String, String>,
    /// The JSON body; `Null` when there was none or it was not JSON.
    pub body: Value,
}

impl RecordedRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }
}

#[derive(Debug, Default)]
struct Shared {
    script: Mutex<VecDeque<Scripted>>,
    requests: Mutex<Vec<RecordedRequest>>,
}

/// The fake server. It stops when dropped.
#[derive(Debug)]
pub struct FakeServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: CancellationToken,
}

/// The name other crates' tests know it by: the scripted answers speak
/// OpenAI's protocol.
pub type FakeOpenAi = FakeServer;

impl FakeServer {
    /// Binds `127.0.0.1:0` and serves in the background of the current
    /// tokio runtime.
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a local port for the fake server");
        let addr = listener.local_addr().expect("local address");
        let shared = Arc::new(Shared::default());
        let stop = CancellationToken::new();
        tokio::spawn(accept_loop(listener, shared.clone(), stop.clone()));
        FakeServer { addr, shared, stop }
    }

    /// Queues the answer to a later request.
    pub fn push(&self, scripted: Scripted) {
        lock(&self.shared.script).push_back(scripted);
    }

    /// `http://127.0.0.1:PORT/v1`: the base URL of an OpenAI-compatible server.
    pub fn base_url(&self) -> String {
        format!("{}/v1", self.root_url())
    }

    /// `http://127.0.0.1:PORT`: the base URL for the Anthropic and Gemini
    /// clients, which add `/v1/…` and `/v1beta/…` themselves.
    pub fn root_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// An OpenAI-compatible endpoint on this server: model [`FAKE_MODEL`],
    /// no key, a 5 s timeout.
    pub fn endpoint(&self) -> Endpoint {
        let mut endpoint =
            Endpoint::new(ProviderKind::OpenaiCompatible, self.base_url(), FAKE_MODEL);
        endpoint.timeout = Duration::from_secs(5);
        endpoint
    }

    /// Every request so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.requests).clone()
    }

    /// Scripted answers not yet used.
    pub fn remaining(&self) -> usize {
        lock(&self.shared.script).len()
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

/// A poisoned lock only means another test thread panicked; the data is
/// still what it was.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

type Body = StreamBody<BoxStream<'static, Result<Frame<Bytes>, std::io::Error>>>;

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>, stop: CancellationToken) {
    loop {
        let (socket, _) = tokio::select! {
            _ = stop.cancelled() => return,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(_) => continue,
            },
        };
        let shared = shared.clone();
        let stop = stop.clone();
        tokio::spawn(async move {
            let for_service = stop.clone();
            let service =
                service_fn(move |request| respond(request, shared.clone(), for_service.clone()));
            let connection = http1::Builder::new().serve_connection(TokioIo::new(socket), service);
            tokio::select! {
                _ = connection => {}
                _ = stop.cancelled() => {}
            }
        });
    }
}

async fn respond(
    request: Request<Incoming>,
    shared: Arc<Shared>,
    stop: CancellationToken,
) -> Result<Response<Body>, Infallible> {
    let recorded = record(request).await;
    let wants_usage = recorded.body["stream_options"]["include_usage"] == json!(true);
    let model = recorded.body["model"]
        .as_str()
        .unwrap_or(FAKE_MODEL)
        .to_owned();
    let prompt_chars = recorded.body["messages"].to_string().len();
    lock(&shared.requests).push(recorded);

    let next = lock(&shared.script).pop_front();
    let raw = match next {
        None => RawResponse {
            status: 400,
            headers: vec![("content-type".into(), "application/json".into())],
            pieces: vec![
                json!({"error": {"message": "the fake server has no scripted response left"}})
                    .to_string(),
            ],
            ..RawResponse::default()
        },
        Some(Scripted::Status(status, body)) => RawResponse {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            pieces: vec![body],
            ..RawResponse::default()
        },
        Some(Scripted::Raw(raw)) => raw,
        Some(Scripted::Text(pieces)) => {
            let chunks = OpenAiStream::new(&model);
            let mut events = vec![chunks.chunk(json!({"role": "assistant", "content": ""}), None)];
            events.extend(
                pieces
                    .iter()
                    .map(|p| chunks.chunk(json!({"content": p}), None)),
            );
            events.push(chunks.chunk(json!({}), Some("stop")));
            if wants_usage {
                events.push(chunks.usage(prompt_chars.div_ceil(4), pieces.len()));
            }
            events.push("data: [DONE]\n\n".into());
            RawResponse {
                pieces: events,
                ..RawResponse::default()
            }
        }
        Some(Scripted::ToolCall { name, arguments }) => {
            let chunks = OpenAiStream::new(&model);
            let arguments = arguments.to_string();
            // Split on a char boundary so clients must join the pieces.
            let middle = (0..=arguments.len() / 2)
                .rev()
                .find(|&i| arguments.is_char_boundary(i))
                .unwrap_or(0);
            let (head, tail) = arguments.split_at(middle);
            let call = |value: Value| json!({"tool_calls": [value]});
            let mut events = vec![
                chunks.chunk(
                    call(json!({"index": 0, "id": "call_fake_0", "type": "function",
                        "function": {"name": name, "arguments": ""}})),
                    None,
                ),
                chunks.chunk(
                    call(json!({"index": 0, "function": {"arguments": head}})),
                    None,
                ),
                chunks.chunk(
                    call(json!({"index": 0, "function": {"arguments": tail}})),
                    None,
                ),
                chunks.chunk(json!({}), Some("tool_calls")),
            ];
            if wants_usage {
                events.push(chunks.usage(prompt_chars.div_ceil(4), arguments.len().div_ceil(4)));
            }
            events.push("data: [DONE]\n\n".into());
            RawResponse {
                pieces: events,
                ..RawResponse::default()
            }
        }
    };
    Ok(build(raw, stop).await)
}

async fn record(request: Request<Incoming>) -> RecordedRequest {
    let method = request.method().to_string();
    let path = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let headers = request
        .headers()
        .iter()
        .map(|(name, value)| {
            let name = name.as_str().to_ascii_lowercase();
            let value = value.to_str().unwrap_or("[not text]");
            let value = match name.as_str() {
                "authorization" if value.starts_with("Bearer ") => "Bearer [redacted]".to_owned(),
                "authorization" | "x-api-key" | "x-goog-api-key" | "api-key" => {
                    "[redacted]".to_owned()
                }
                _ => value.to_owned(),
            };
            (name, value)
        })
        .collect();
    let bytes = request
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    RecordedRequest {
        method,
        path,
        headers,
        body,
    }
}

/// Sends the head after `head_delay`, then the pieces from a task, so the
/// response can pause, hang or break off while the client reads.
async fn build(raw: RawResponse, stop: CancellationToken) -> Response<Body> {
    if !raw.head_delay.is_zero() {
        tokio::select! {
            _ = tokio::time::sleep(raw.head_delay) => {}
            _ = stop.cancelled() => {}
        }
    }
    let (tx, rx) = mpsc::channel::<Result<Frame<Bytes>, std::io::Error>>(16);
    tokio::spawn(async move {
        for (n, piece) in raw.pieces.into_iter().enumerate() {
            if n > 0 && !raw.gap.is_zero() {
                tokio::time::sleep(raw.gap).await;
            }
            if tx.send(Ok(Frame::data(Bytes::from(piece)))).await.is_err() {
                return;
            }
        }
        match raw.end {
            End::Close => {}
            End::Hang => stop.cancelled().await,
            End::Reset => {
                let _ = tx
                    .send(Err(std::io::Error::new(
                        std::io::ErrorKind::ConnectionReset,
                        "scripted reset",
                    )))
                    .await;
            }
        }
        drop(tx);
    });
    let frames = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|frame| (frame, rx))
    })
    .boxed();
    let mut response = Response::builder().status(raw.status);
    for (name, value) in &raw.headers {
        response = response.header(name, value);
    }
    response
        .body(StreamBody::new(frames))
        .unwrap_or_else(|_| Response::new(StreamBody::new(futures_util::stream::empty().boxed())))
}

/// `chat.completion.chunk` events.
struct OpenAiStream {
    model: String,
}

impl OpenAiStream {
    fn new(model: &str) -> Self {
        OpenAiStream {
            model: model.to_owned(),
        }
    }

    fn chunk(&self, delta: Value, finish: Option<&str>) -> String {
        let chunk = json!({
            "id": "chatcmpl-fake",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": self.model,
            "choices": [{"index": 0, "delta": delta, "logprobs": null, "finish_reason": finish}],
            "usage": null,
        });
        format!("data: {chunk}\n\n")
    }

    fn usage(&self, prompt: usize, completion: usize) -> String {
        let chunk = json!({
            "id": "chatcmpl-fake",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": self.model,
            "choices": [],
            "usage": {"prompt_tokens": prompt, "completion_tokens": completion,
                      "total_tokens": prompt + completion},
        });
        format!("data: {chunk}\n\n")
    }
}
