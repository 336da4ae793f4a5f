//! The three remote clients against a fake server replaying recorded-shape
//! fixtures (`tests/fixtures/{openai,anthropic,gemini}`): streaming text and
//! tool calls, usage, request bodies, error statuses, retries, broken and
//! stalled streams, cancellation and model lists. No network.
//!
//! Each fixture is served cut into small pieces so events also arrive split
//! across reads, as they do from real servers.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use secrecy::SecretString;
use serde_json::{Value, json};
use tempo_coach::agent::{self, ToolOutcome, Toolbox, TurnInput};
use tempo_coach::lang::Lang;
use tempo_coach::providers::{RetryPolicy, connect_with_retry};
use tempo_coach::testing::{End, FakeServer, RawResponse, Scripted};
use tempo_coach::{
    CancellationToken, ChatModel, ChatRequest, CoachError, Completion, Endpoint, FinishReason,
    Message, ProviderKind, ToolCall, ToolSpec,
};

const TEXT: &str = "Easy runs build the base.";

#[derive(Debug, Clone, Copy)]
enum Proto {
    OpenAi,
    Anthropic,
    Gemini,
}

impl Proto {
    fn dir(self) -> &'static str {
        match self {
            Proto::OpenAi => "openai",
            Proto::Anthropic => "anthropic",
            Proto::Gemini => "gemini",
        }
    }

    fn kind(self) -> ProviderKind {
        match self {
            Proto::OpenAi => ProviderKind::OpenaiCompatible,
            Proto::Anthropic => ProviderKind::Anthropic,
            Proto::Gemini => ProviderKind::Gemini,
        }
    }

    fn model(self, fake: &FakeServer, timeout: Duration, key: Option<&str>) -> Arc<dyn ChatModel> {
        let base = match self {
            Proto::OpenAi => fake.base_url(),
            _ => fake.root_url(),
        };
        let mut endpoint = Endpoint::new(self.kind(), base, "test-model")
            .with_key(key.map(|k| SecretString::from(k.to_owned())));
        endpoint.timeout = timeout;
        connect_with_retry(endpoint, RetryPolicy::immediate()).unwrap()
    }

    fn fixture(self, name: &str) -> String {
        let path = format!(
            "{}/tests/fixtures/{}/{name}",
            env!("CARGO_MANIFEST_DIR"),
            self.dir()
        );
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// The fixture's SSE body served in 13-byte pieces.
    fn sse(self, name: &str) -> Scripted {
        Scripted::Raw(RawResponse {
            pieces: pieces(&self.fixture(name), 13),
            ..RawResponse::default()
        })
    }

    /// The fixture's events up to (not including) the `n`th, then `end`.
    fn sse_cut(self, name: &str, n: usize, end: End) -> Scripted {
        let body = self.fixture(name).replace("\r\n", "\n");
        let events: Vec<String> = body
            .split("\n\n")
            .filter(|e| !e.trim().is_empty())
            .take(n)
            .map(|e| format!("{e}\n\n"))
            .collect();
        Scripted::Raw(RawResponse {
            pieces: events,
            end,
            gap: Duration::from_millis(5),
            ..RawResponse::default()
        })
    }

    /// How many events of `text.sse` carry the first two text pieces.
    fn events_for_two_tokens(self) -> usize {
        match self {
            Proto::OpenAi => 3,
            Proto::Anthropic => 5,
            Proto::Gemini => 2,
        }
    }

    fn error(self, status: u16, name: &str) -> Scripted {
        Scripted::status(status, self.fixture(name))
    }
}

fn pieces(text: &str, size: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let mut at = size.min(rest.len());
        while !rest.is_char_boundary(at) {
            at += 1;
        }
        out.push(rest[..at].to_owned());
        rest = &rest[at..];
    }
    out
}

const TIMEOUT: Duration = Duration::from_secs(5);

fn conversation() -> ChatRequest {
    let call = ToolCall {
        id: "call_1".into(),
        name: "weekly_load".into(),
        arguments: json!({"weeks": 4}),
        signature: None,
    };
    let mut assistant = Message::assistant("");
    assistant.tool_calls = vec![call.clone()];
    ChatRequest {
        model: "test-model".into(),
        messages: vec![
            Message::system("You are a running coach."),
            Message::system("Answer briefly."),
            Message::user("How was my week?"),
            assistant,
            Message::tool_result(&call, r#"{"km": 42}"#),
            Message::user("And the week before?"),
        ],
        tools: vec![ToolSpec {
            name: "weekly_load".into(),
            description: "Training load per week".into(),
            parameters: json!({"type": "object", "properties": {"weeks": {"type": "integer"}}}),
        }],
        temperature: Some(0.2),
        max_tokens: Some(300),
    }
}

fn simple() -> ChatRequest {
    ChatRequest {
        model: "test-model".into(),
        messages: vec![Message::user("How was my week?")],
        tools: Vec::new(),
        temperature: None,
        max_tokens: None,
    }
}

/// Runs one call, collecting the tokens; `cancel_after` cancels once that
/// many tokens have arrived.
async fn run(
    model: &dyn ChatModel,
    request: &ChatRequest,
    cancel_after: Option<usize>,
) -> (Result<Completion, CoachError>, Vec<String>) {
    let tokens = Mutex::new(Vec::new());
    let cancel = CancellationToken::new();
    let sink = |piece: &str| {
        let mut tokens = tokens.lock().unwrap();
        tokens.push(piece.to_owned());
        if cancel_after.is_some_and(|n| tokens.len() >= n) {
            cancel.cancel();
        }
    };
    let result = model.stream(request, &sink, &cancel).await;
    (result, tokens.into_inner().unwrap())
}

// ---- the same behaviour from every protocol ----

async fn streams_text(p: Proto) {
    let fake = FakeServer::start().await;
    fake.push(p.sse("text.sse"));
    let model = p.model(&fake, TIMEOUT, Some("sk-test"));
    let (result, tokens) = run(model.as_ref(), &simple(), None).await;
    let completion = result.unwrap();
    assert_eq!(tokens, ["Easy", " runs", " build the", " base."]);
    assert_eq!(completion.text, tokens.concat());
    assert_eq!(completion.text, TEXT);
    assert_eq!(completion.finish, FinishReason::Stop);
    assert!(completion.tool_calls.is_empty());
    assert_eq!(completion.usage.prompt_tokens, 42);
    assert_eq!(completion.usage.completion_tokens, 7);
    assert!(!completion.usage.estimated);
}

async fn assembles_tool_calls(p: Proto) {
    let fake = FakeServer::start().await;
    fake.push(p.sse("tool_call.sse"));
    let model = p.model(&fake, TIMEOUT, Some("sk-test"));
    let (result, _) = run(model.as_ref(), &conversation(), None).await;
    let completion = result.unwrap();
    assert_eq!(completion.finish, FinishReason::ToolCalls);
    let call = &completion.tool_calls[0];
    assert_eq!(call.name, "weekly_load");
    assert_eq!(call.arguments, json!({"weeks": 4, "sport": "run"}));
    assert!(!call.id.is_empty());
    assert_eq!(completion.usage.prompt_tokens, 42);
}

async fn error_body_gives_its_message(p: Proto) {
    let fake = FakeServer::start().await;
    fake.push(p.error(400, "error_400.json"));
    let model = p.model(&fake, TIMEOUT, Some("sk-test"));
    let (result, _) = run(model.as_ref(), &simple(), None).await;
    let expected: Value = serde_json::from_str(&p.fixture("error_400.json")).unwrap();
    let expected = expected["error"]["message"].as_str().unwrap();
    match result {
        Err(CoachError::Http {
            status: 400,
            message,
            ..
        }) => assert_eq!(message, expected),
        other => panic!("{other:?}"),
    }
    assert_eq!(fake.requests().len(), 1, "a 400 is not retried");
}

async fn unauthorized(p: Proto) {
    let fake = FakeServer::start().await;
    fake.push(p.error(401, "error_401.json"));
    let model = p.model(&fake, TIMEOUT, Some("sk-test-secret-7890"));
    let (result, _) = run(model.as_ref(), &simple(), None).await;
    let error = result.unwrap_err();
    assert!(
        matches!(error, CoachError::Unauthorized { .. }),
        "{error:?}"
    );
    assert!(!error.to_string().contains("sk-test-secret"));
    assert_eq!(fake.requests().len(), 1);
}

async fn unknown_model(p: Proto) {
    let fake = FakeServer::start().await;
    fake.push(p.error(404, "error_404_model.json"));
    let model = p.model(&fake, TIMEOUT, Some("sk-test"));
    let (result, _) = run(model.as_ref(), &simple(), None).await;
    match result {
        Err(CoachError::UnknownModel { model, .. }) => assert_eq!(model, "test-model"),
        other => panic!("{other:?}"),
    }
}

async fn retries_429_honouring_retry_after(p: Proto) {
    let fake = FakeServer::start().await;
    fake.push(Scripted::Raw(RawResponse {
        status: 429,
        headers: vec![
            ("content-type".into(), "application/json".into()),
            ("retry-after".into(), "1".into()),
        ],
        pieces: vec![p.fixture("error_429.json")],
        ..RawResponse::default()
    }));
    fake.push(p.sse("text.sse"));
    let model = p.model(&fake, TIMEOUT, Some("sk-test"));
    let started = Instant::now();
    let (result, tokens) = run(model.as_ref(), &simple(), None).await;
    assert_eq!(result.unwrap().text, TEXT);
    assert_eq!(tokens.concat(), TEXT, "no text repeated by the retry");
    assert_eq!(fake.requests().len(), 2);
    // Retry-After (1 s) is capped by the test policy's 20 ms.
    assert!(started.elapsed() < Duration::from_secs(1));
}

async fn rate_limit_outlasting_retries(p: Proto) {
    let fake = FakeServer::start().await;
    for _ in 0..3 {
        fake.push(Scripted::Raw(RawResponse {
            status: 429,
            headers: vec![("retry-after".into(), "7".into())],
            pieces: vec![p.fixture("error_429.json")],
            ..RawResponse::default()
        }));
    }
    let model = p.model(&fake, TIMEOUT, Some("sk-test"));
    let (result, _) = run(model.as_ref(), &simple(), None).await;
    match result {
        Err(CoachError::RateLimited {
            retry_after,
            message,
            ..
        }) => {
            assert_eq!(retry_after, Some(Duration::from_secs(7)));
            assert!(!message.is_empty());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(fake.requests().len(), 3, "three attempts in all");
}

async fn retries_5xx(p: Proto) {
    let fake = FakeServer::start().await;
    fake.push(p.error(500, "error_500.json"));
    fake.push(p.sse("text.sse"));
    let model = p.model(&fake, TIMEOUT, Some("sk-test"));
    let (result, _) = run(model.as_ref(), &simple(), None).await;
    assert_eq!(result.unwrap().text, TEXT);
    let requests = fake.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, requests[1].body, "the same request again");
}

async fn disconnect_mid_stream(p: Proto) {
    for end in [End::Close, End::Reset] {
        let fake = FakeServer::start().await;
        fake.push(p.sse_cut("text.sse", p.events_for_two_tokens(), end));
        let model = p.model(&fake, TIMEOUT, Some("sk-test"));
        let (result, tokens) = run(model.as_ref(), &simple(), None).await;
        match result {
            Err(CoachError::Protocol { message, .. }) => {
                assert!(
                    message.contains("ended before the answer was complete"),
                    "{message}"
                );
            }
            other => panic!("{end:?}: {other:?}"),
        }
        assert!(!tokens.is_empty(), "text had been shown");
        assert_eq!(
            fake.requests().len(),
            1,
            "{end:?}: never retried after text"
        );
    }
}

async fn malformed_json(p: Proto) {
    let fake = FakeServer::start().await;
    let broken = match p {
        Proto::Anthropic => {
            "event: content_block_delta\ndata: {\"type\": \"content_block_delta\", \"index\": 0,\n\n"
        }
        _ => "data: {\"choices\": [{\"delta\": {\"content\": \"Easy\"\n\n",
    };
    fake.push(Scripted::sse([broken]));
    let model = p.model(&fake, TIMEOUT, Some("sk-test"));
    let (result, _) = run(model.as_ref(), &simple(), None).await;
    assert!(
        matches!(result, Err(CoachError::Protocol { .. })),
        "{result:?}"
    );
}

async fn stalled_server(p: Proto) {
    let short = Duration::from_millis(300);
    // Silent after the first events…
    let fake = FakeServer::start().await;
    fake.push(p.sse_cut("text.sse", p.events_for_two_tokens(), End::Hang));
    let model = p.model(&fake, short, Some("sk-test"));
    let started = Instant::now();
    let (result, _) = run(model.as_ref(), &simple(), None).await;
    assert!(
        matches!(result, Err(CoachError::Unreachable { .. })),
        "{result:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(3));

    // …or before any answer at all (retried, then given up).
    let fake = FakeServer::start().await;
    for _ in 0..3 {
        fake.push(Scripted::Raw(RawResponse {
            head_delay: Duration::from_secs(30),
            ..RawResponse::default()
        }));
    }
    let model = p.model(&fake, short, Some("sk-test"));
    let started = Instant::now();
    let (result, _) = run(model.as_ref(), &simple(), None).await;
    assert!(
        matches!(result, Err(CoachError::Unreachable { .. })),
        "{result:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(fake.requests().len(), 3);
}

async fn cancel_mid_stream(p: Proto) {
    let fake = FakeServer::start().await;
    // Two text pieces, then the server goes quiet, far longer than the test.
    fake.push(p.sse_cut("text.sse", p.events_for_two_tokens(), End::Hang));
    let model = p.model(&fake, Duration::from_secs(30), Some("sk-test"));
    let started = Instant::now();
    let (result, tokens) = run(model.as_ref(), &simple(), Some(2)).await;
    let completion = result.unwrap();
    assert_eq!(completion.finish, FinishReason::Cancelled);
    assert_eq!(completion.text, "Easy runs");
    assert_eq!(tokens.concat(), completion.text);
    assert!(completion.tool_calls.is_empty());
    assert!(started.elapsed() < Duration::from_secs(2));
}

async fn refused_connection(p: Proto) {
    // A port nobody listens on: bind, note it, close it.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let base = format!("http://127.0.0.1:{port}");
    let mut endpoint = Endpoint::new(p.kind(), base, "test-model")
        .with_key(Some(SecretString::from("sk-never-shown".to_owned())));
    endpoint.timeout = Duration::from_secs(2);
    let model = connect_with_retry(endpoint, RetryPolicy::immediate()).unwrap();
    let (result, _) = run(model.as_ref(), &simple(), None).await;
    let error = result.unwrap_err();
    assert!(matches!(error, CoachError::Unreachable { .. }), "{error:?}");
    assert!(!format!("{error} {error:?}").contains("sk-never-shown"));
}

macro_rules! for_each_protocol {
    ($($case:ident),* $(,)?) => {
        mod openai {
            $(#[tokio::test] async fn $case() { super::$case(super::Proto::OpenAi).await })*
        }
        mod anthropic {
            $(#[tokio::test] async fn $case() { super::$case(super::Proto::Anthropic).await })*
        }
        mod gemini {
            $(#[tokio::test] async fn $case() { super::$case(super::Proto::Gemini).await })*
        }
    };
}

for_each_protocol!(
    streams_text,
    assembles_tool_calls,
    error_body_gives_its_message,
    unauthorized,
    unknown_model,
    retries_429_honouring_retry_after,
    rate_limit_outlasting_retries,
    retries_5xx,
    disconnect_mid_stream,
    malformed_json,
    stalled_server,
    cancel_mid_stream,
    refused_connection,
);

// ---- OpenAI-compatible ----

#[tokio::test]
async fn openai_request_shape() {
    let fake = FakeServer::start().await;
    fake.push(Proto::OpenAi.sse("text.sse"));
    let model = Proto::OpenAi.model(&fake, TIMEOUT, None);
    run(model.as_ref(), &conversation(), None).await.0.unwrap();
    let request = &fake.requests()[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/v1/chat/completions");
    assert!(
        request.header("authorization").is_none(),
        "no key, no header"
    );
    let body = &request.body;
    assert_eq!(body["model"], "test-model");
    assert_eq!(body["stream"], true);
    assert_eq!(body["stream_options"], json!({"include_usage": true}));
    assert_eq!(body["max_tokens"], 300);
    assert!((body["temperature"].as_f64().unwrap() - 0.2).abs() < 1e-6);
    let messages = body["messages"].as_array().unwrap();
    assert_eq!(
        messages[0],
        json!({"role": "system", "content": "You are a running coach."})
    );
    assert_eq!(
        messages[2],
        json!({"role": "user", "content": "How was my week?"})
    );
    assert_eq!(
        messages[3],
        json!({"role": "assistant", "content": null, "tool_calls": [
            {"id": "call_1", "type": "function",
             "function": {"name": "weekly_load", "arguments": "{\"weeks\":4}"}}]})
    );
    assert_eq!(
        messages[4],
        json!({"role": "tool", "tool_call_id": "call_1", "content": "{\"km\": 42}"})
    );
    assert_eq!(
        body["tools"],
        json!([{"type": "function", "function": {
            "name": "weekly_load", "description": "Training load per week",
            "parameters": {"type": "object", "properties": {"weeks": {"type": "integer"}}}}}])
    );

    // With a key: a bearer header, and no tools field without tools.
    let fake = FakeServer::start().await;
    fake.push(Proto::OpenAi.sse("text.sse"));
    let model = Proto::OpenAi.model(&fake, TIMEOUT, Some("sk-test"));
    run(model.as_ref(), &simple(), None).await.0.unwrap();
    let request = &fake.requests()[0];
    assert_eq!(request.header("authorization"), Some("Bearer [redacted]"));
    assert!(request.body.get("tools").is_none());
    assert!(request.body.get("max_tokens").is_none());
}

#[tokio::test]
async fn openai_reasoning_models_take_max_completion_tokens() {
    // o-series and gpt-5 refuse `max_tokens` and a temperature; every other
    // model, and every other server, keeps the classic pair.
    for (name, kind, reasoning) in [
        ("gpt-5-mini", ProviderKind::Openai, true),
        ("o3-mini", ProviderKind::Openai, true),
        ("openai/o4-mini", ProviderKind::OpenaiCompatible, true),
        ("gpt-4o-mini", ProviderKind::Openai, false),
        ("qwen2.5:1.5b", ProviderKind::OpenaiCompatible, false),
    ] {
        let fake = FakeServer::start().await;
        fake.push(Proto::OpenAi.sse("text.sse"));
        let mut endpoint = Endpoint::new(kind, fake.base_url(), name);
        endpoint.timeout = TIMEOUT;
        let model = connect_with_retry(endpoint, RetryPolicy::immediate()).unwrap();
        let request = ChatRequest {
            model: name.into(),
            ..conversation()
        };
        run(model.as_ref(), &request, None).await.0.unwrap();
        let body = &fake.requests()[0].body;
        assert_eq!(body["model"], name);
        if reasoning {
            assert_eq!(body["max_completion_tokens"], 300, "{name}");
            assert!(body.get("max_tokens").is_none(), "{name}: {body}");
            assert!(body.get("temperature").is_none(), "{name}: {body}");
        } else {
            assert_eq!(body["max_tokens"], 300, "{name}");
            assert!((body["temperature"].as_f64().unwrap() - 0.2).abs() < 1e-6);
            assert!(
                body.get("max_completion_tokens").is_none(),
                "{name}: {body}"
            );
        }
    }
}

#[tokio::test]
async fn openai_parallel_tool_calls_by_index() {
    let fake = FakeServer::start().await;
    fake.push(Proto::OpenAi.sse("tool_call.sse"));
    let model = Proto::OpenAi.model(&fake, TIMEOUT, None);
    let completion = run(model.as_ref(), &conversation(), None).await.0.unwrap();
    assert_eq!(completion.tool_calls.len(), 2);
    assert_eq!(completion.tool_calls[0].id, "call_DdmO9pD3xa9XTPNJ32zg2hcA");
    assert_eq!(completion.tool_calls[1].id, "call_ABCxyz789");
    assert_eq!(completion.tool_calls[1].name, "recent_sessions");
    assert_eq!(completion.tool_calls[1].arguments, json!({"days": 7}));
}

#[tokio::test]
async fn openai_usage_estimated_when_not_sent() {
    let fake = FakeServer::start().await;
    fake.push(Proto::OpenAi.sse("text_no_usage.sse"));
    let model = Proto::OpenAi.model(&fake, TIMEOUT, None);
    let completion = run(model.as_ref(), &simple(), None).await.0.unwrap();
    assert!(completion.usage.estimated);
    // 25 characters of answer, about four a token.
    assert_eq!(completion.usage.completion_tokens, 7);
    assert_eq!(completion.usage.prompt_tokens, 4);
}

#[tokio::test]
async fn openai_invalid_tool_arguments_are_a_protocol_error() {
    let chunk = |delta: Value, finish: Value| {
        format!(
            "data: {}\n\n",
            json!({"choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})
        )
    };
    let fake = FakeServer::start().await;
    fake.push(Scripted::sse([
        chunk(
            json!({"tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                "function": {"name": "weekly_load", "arguments": "{\"weeks\": "}}]}),
            Value::Null,
        ),
        chunk(json!({}), json!("tool_calls")),
        "data: [DONE]\n\n".to_owned(),
    ]));
    let model = Proto::OpenAi.model(&fake, TIMEOUT, None);
    let (result, _) = run(model.as_ref(), &simple(), None).await;
    assert!(
        matches!(result, Err(CoachError::Protocol { .. })),
        "{result:?}"
    );
}

#[tokio::test]
async fn openai_models() {
    let fake = FakeServer::start().await;
    fake.push(Scripted::status(200, Proto::OpenAi.fixture("models.json")));
    let model = Proto::OpenAi.model(&fake, TIMEOUT, Some("sk-test"));
    let models = model.models().await.unwrap();
    let ids: Vec<&str> = models.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["gpt-4.1", "gpt-4o-mini", "text-embedding-3-small"]);
    let request = &fake.requests()[0];
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("GET", "/v1/models")
    );
    assert_eq!(request.header("authorization"), Some("Bearer [redacted]"));
}

#[tokio::test]
async fn openai_body_over_the_cap_is_refused() {
    let fake = FakeServer::start().await;
    // A model list over 2 MiB.
    let big = format!(
        r#"{{"data": [{{"id": "{}"}}]}}"#,
        "x".repeat(3 * 1024 * 1024)
    );
    fake.push(Scripted::status(200, big));
    let model = Proto::OpenAi.model(&fake, TIMEOUT, None);
    let result = model.models().await;
    assert!(
        matches!(result, Err(CoachError::Protocol { .. })),
        "{result:?}"
    );
}

#[tokio::test]
async fn fake_server_scripts_drive_the_client() {
    // The scripted OpenAI answers other crates' tests rely on.
    let fake = FakeServer::start().await;
    fake.push(Scripted::text(["Hel", "lo"]));
    fake.push(Scripted::tool_call(
        "weekly_load",
        json!({"weeks": 4, "note": "é"}),
    ));
    fake.push(Scripted::status(
        429,
        r#"{"error": {"message": "slow down"}}"#,
    ));
    fake.push(Scripted::status(
        429,
        r#"{"error": {"message": "slow down"}}"#,
    ));
    fake.push(Scripted::status(
        429,
        r#"{"error": {"message": "slow down"}}"#,
    ));
    fake.push(Scripted::models(["a", "b"]));
    let model = connect_with_retry(fake.endpoint(), RetryPolicy::immediate()).unwrap();

    let (result, tokens) = run(model.as_ref(), &simple(), None).await;
    let text = result.unwrap();
    assert_eq!(tokens, ["Hel", "lo"]);
    assert_eq!(text.text, "Hello");
    assert!(!text.usage.estimated);

    let call = run(model.as_ref(), &simple(), None).await.0.unwrap();
    assert_eq!(call.finish, FinishReason::ToolCalls);
    assert_eq!(
        call.tool_calls[0].arguments,
        json!({"weeks": 4, "note": "é"})
    );

    match run(model.as_ref(), &simple(), None).await.0 {
        Err(CoachError::RateLimited { message, .. }) => assert_eq!(message, "slow down"),
        other => panic!("{other:?}"),
    }
    assert_eq!(model.models().await.unwrap().len(), 2);
    assert_eq!(fake.remaining(), 0);
    // An empty script answers 400, which is not retried.
    assert!(matches!(
        run(model.as_ref(), &simple(), None).await.0,
        Err(CoachError::Http { status: 400, .. })
    ));
    assert_eq!(fake.requests().len(), 7);
    // The request names its model; the endpoint's is the fallback.
    assert_eq!(fake.requests()[0].body["model"], "test-model");
}

// ---- Anthropic ----

#[tokio::test]
async fn anthropic_request_shape() {
    let fake = FakeServer::start().await;
    fake.push(Proto::Anthropic.sse("text.sse"));
    let model = Proto::Anthropic.model(&fake, TIMEOUT, Some("sk-ant-test"));
    run(model.as_ref(), &conversation(), None).await.0.unwrap();
    let request = &fake.requests()[0];
    assert_eq!(request.path, "/v1/messages");
    assert_eq!(request.header("x-api-key"), Some("[redacted]"));
    assert_eq!(request.header("anthropic-version"), Some("2023-06-01"));
    assert!(request.header("authorization").is_none());
    let body = &request.body;
    assert_eq!(
        body["system"],
        "You are a running coach.\n\nAnswer briefly."
    );
    assert_eq!(body["max_tokens"], 300);
    assert_eq!(body["stream"], true);
    assert_eq!(
        body["messages"],
        json!([
            {"role": "user", "content": [{"type": "text", "text": "How was my week?"}]},
            {"role": "assistant", "content": [
                {"type": "tool_use", "id": "call_1", "name": "weekly_load", "input": {"weeks": 4}}]},
            {"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": "call_1", "content": "{\"km\": 42}"},
                {"type": "text", "text": "And the week before?"}]},
        ])
    );
    assert_eq!(
        body["tools"],
        json!([{"name": "weekly_load", "description": "Training load per week",
            "input_schema": {"type": "object", "properties": {"weeks": {"type": "integer"}}}}])
    );

    // max_tokens is required: a default when the request has none.
    let fake = FakeServer::start().await;
    fake.push(Proto::Anthropic.sse("text.sse"));
    let model = Proto::Anthropic.model(&fake, TIMEOUT, Some("sk-ant-test"));
    run(model.as_ref(), &simple(), None).await.0.unwrap();
    let body = &fake.requests()[0].body;
    assert_eq!(body["max_tokens"], 1024);
    assert!(body.get("system").is_none() && body.get("tools").is_none());
}

#[tokio::test]
async fn anthropic_merges_consecutive_tool_results() {
    let first = ToolCall {
        id: "toolu_a".into(),
        name: "weekly_load".into(),
        arguments: json!({}),
        signature: None,
    };
    let second = ToolCall {
        id: "toolu_b".into(),
        name: "recent_sessions".into(),
        arguments: json!({"days": 7}),
        signature: None,
    };
    let mut assistant = Message::assistant("Checking.");
    assistant.tool_calls = vec![first.clone(), second.clone()];
    let request = ChatRequest {
        messages: vec![
            Message::user("Load?"),
            assistant,
            Message::tool_result(&first, "a"),
            Message::tool_result(&second, "b"),
        ],
        ..simple()
    };
    let body = tempo_coach::providers::anthropic::request_body(&request, "m");
    assert_eq!(body["messages"].as_array().unwrap().len(), 3);
    assert_eq!(
        body["messages"][1]["content"][0],
        json!({"type": "text", "text": "Checking."})
    );
    assert_eq!(
        body["messages"][2],
        json!({"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": "toolu_a", "content": "a"},
            {"type": "tool_result", "tool_use_id": "toolu_b", "content": "b"}]})
    );
}

#[tokio::test]
async fn anthropic_overloaded_event_is_retried_before_the_first_token() {
    let fake = FakeServer::start().await;
    fake.push(Proto::Anthropic.sse("overloaded.sse"));
    fake.push(Proto::Anthropic.sse("text.sse"));
    let model = Proto::Anthropic.model(&fake, TIMEOUT, Some("sk-ant-test"));
    let (result, tokens) = run(model.as_ref(), &simple(), None).await;
    assert_eq!(result.unwrap().text, TEXT);
    assert_eq!(tokens.concat(), TEXT);
    assert_eq!(fake.requests().len(), 2);
}

#[tokio::test]
async fn anthropic_overloaded_event_after_text_is_not_retried() {
    let fake = FakeServer::start().await;
    fake.push(Proto::Anthropic.sse("overloaded_after_text.sse"));
    fake.push(Proto::Anthropic.sse("text.sse"));
    let model = Proto::Anthropic.model(&fake, TIMEOUT, Some("sk-ant-test"));
    let (result, tokens) = run(model.as_ref(), &simple(), None).await;
    match result {
        Err(CoachError::Http {
            status: 529,
            message,
            ..
        }) => assert_eq!(message, "Overloaded"),
        other => panic!("{other:?}"),
    }
    assert_eq!(tokens, ["Easy"]);
    assert_eq!(fake.requests().len(), 1);
}

#[tokio::test]
async fn anthropic_models_follow_pages() {
    let fake = FakeServer::start().await;
    fake.push(Scripted::status(
        200,
        Proto::Anthropic.fixture("models_page1.json"),
    ));
    fake.push(Scripted::status(
        200,
        Proto::Anthropic.fixture("models_page2.json"),
    ));
    let model = Proto::Anthropic.model(&fake, TIMEOUT, Some("sk-ant-test"));
    let models = model.models().await.unwrap();
    assert_eq!(models.len(), 3);
    assert_eq!(models[0].id, "claude-sonnet-4-5-20250929");
    assert_eq!(models[0].name.as_deref(), Some("Claude Sonnet 4.5"));
    let requests = fake.requests();
    assert_eq!(requests[0].path, "/v1/models?limit=1000");
    assert_eq!(
        requests[1].path,
        "/v1/models?limit=1000&after_id=claude-haiku-4-5-20251001"
    );
    assert_eq!(requests[1].header("anthropic-version"), Some("2023-06-01"));
}

// ---- Gemini ----

#[tokio::test]
async fn gemini_request_shape() {
    let fake = FakeServer::start().await;
    fake.push(Proto::Gemini.sse("text.sse"));
    let model = Proto::Gemini.model(&fake, TIMEOUT, Some("AIza-test"));
    run(model.as_ref(), &conversation(), None).await.0.unwrap();
    let request = &fake.requests()[0];
    assert_eq!(
        request.path,
        "/v1beta/models/test-model:streamGenerateContent?alt=sse"
    );
    assert_eq!(request.header("x-goog-api-key"), Some("[redacted]"));
    assert!(!request.path.contains("key="));
    let body = &request.body;
    assert_eq!(
        body["systemInstruction"],
        json!({"parts": [{"text": "You are a running coach.\n\nAnswer briefly."}]})
    );
    assert_eq!(
        body["contents"],
        json!([
            {"role": "user", "parts": [{"text": "How was my week?"}]},
            {"role": "model", "parts": [{"functionCall": {"name": "weekly_load", "args": {"weeks": 4}}}]},
            {"role": "user", "parts": [
                {"functionResponse": {"name": "weekly_load", "response": {"km": 42}}},
                {"text": "And the week before?"}]},
        ])
    );
    assert_eq!(
        body["tools"],
        json!([{"functionDeclarations": [{"name": "weekly_load",
            "description": "Training load per week",
            "parameters": {"type": "object", "properties": {"weeks": {"type": "integer"}}}}]}])
    );
    assert_eq!(body["generationConfig"]["maxOutputTokens"], 300);
    assert!((body["generationConfig"]["temperature"].as_f64().unwrap() - 0.2).abs() < 1e-6);
}

/// The `thoughtSignature` of the fixture's first event's first part.
fn first_signature(fixture: &str) -> String {
    let body = Proto::Gemini.fixture(fixture);
    let data = body
        .lines()
        .find_map(|l| l.strip_prefix("data: "))
        .expect("an event");
    let event: Value = serde_json::from_str(data).unwrap();
    event["candidates"][0]["content"]["parts"][0]["thoughtSignature"]
        .as_str()
        .expect("a signed first part")
        .to_owned()
}

#[tokio::test]
async fn gemini_names_its_calls_and_keeps_their_thought_signatures() {
    let fake = FakeServer::start().await;
    fake.push(Proto::Gemini.sse("tool_call.sse"));
    let model = Proto::Gemini.model(&fake, TIMEOUT, Some("AIza-test"));
    let completion = run(model.as_ref(), &conversation(), None).await.0.unwrap();
    let ids: Vec<&str> = completion
        .tool_calls
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(ids, ["call_0", "call_1"]);
    assert_eq!(completion.tool_calls[1].arguments, json!({"days": 7}));
    assert_eq!(completion.usage.completion_tokens, 7);
    let signatures: Vec<Option<&str>> = completion
        .tool_calls
        .iter()
        .map(|c| c.signature.as_deref())
        .collect();
    // Of parallel calls, only the first is signed.
    assert_eq!(
        signatures,
        [Some(first_signature("tool_call.sse").as_str()), None]
    );
}

/// Answers the calls in the Gemini fixtures.
struct Load;

#[async_trait::async_trait]
impl Toolbox for Load {
    fn specs(&self) -> Vec<ToolSpec> {
        ["weekly_load", "recent_sessions"]
            .into_iter()
            .map(|name| ToolSpec {
                name: name.into(),
                description: name.into(),
                parameters: json!({"type": "object"}),
            })
            .collect()
    }
    async fn call(&self, name: &str, _arguments: &Value) -> ToolOutcome {
        ToolOutcome {
            content: json!({ "tool": name, "km": 42 }),
            ..ToolOutcome::default()
        }
    }
}

#[tokio::test]
async fn gemini_agent_sends_thought_signatures_back() {
    // Step 1: two parallel calls, the first signed; step 2: one call with
    // its own signature; then the answer.
    let fake = FakeServer::start().await;
    fake.push(Proto::Gemini.sse("tool_call.sse"));
    fake.push(Proto::Gemini.sse("tool_call_next_step.sse"));
    fake.push(Proto::Gemini.sse("text.sse"));
    let model = Proto::Gemini.model(&fake, TIMEOUT, Some("AIza-test"));
    let input = TurnInput {
        question: "How was my week?".into(),
        language: Lang::En,
        history: Vec::new(),
        context: Vec::new(),
        passages: Vec::new(),
        today: "2026-01-05".into(),
        temperature: None,
        max_tokens: None,
    };
    let output = agent::run(
        model.as_ref(),
        &Load,
        input,
        &|_| {},
        &CancellationToken::new(),
    )
    .await
    .unwrap();
    assert_eq!(output.answer, TEXT);
    let requests = fake.requests();
    assert_eq!(requests.len(), 3);
    let model_turns = |n: usize| -> Vec<Value> {
        requests[n].body["contents"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["role"] == "model")
            .map(|c| c["parts"].clone())
            .collect()
    };
    let step_1 = json!([
        {"functionCall": {"name": "weekly_load", "args": {"weeks": 4, "sport": "run"}},
         "thoughtSignature": first_signature("tool_call.sse")},
        {"functionCall": {"name": "recent_sessions", "args": {"days": 7}}},
    ]);
    let step_2 = json!([
        {"functionCall": {"name": "weekly_load", "args": {"weeks": 8}},
         "thoughtSignature": first_signature("tool_call_next_step.sse")},
    ]);
    let last = model_turns(2);
    assert_eq!(last, [step_1, step_2]);
    // The first step went back the same way in the request before.
    assert_eq!(model_turns(1), last[..1]);
}

#[tokio::test]
async fn gemini_invalid_key_is_unauthorized() {
    let fake = FakeServer::start().await;
    fake.push(Proto::Gemini.error(400, "error_key_invalid.json"));
    let model = Proto::Gemini.model(&fake, TIMEOUT, Some("AIza-test"));
    let (result, _) = run(model.as_ref(), &simple(), None).await;
    assert!(
        matches!(result, Err(CoachError::Unauthorized { .. })),
        "{result:?}"
    );
}

#[tokio::test]
async fn gemini_stream_without_finish_reason_is_incomplete() {
    let fake = FakeServer::start().await;
    // All the text, but the last chunk (with the finish reason) never comes.
    fake.push(Proto::Gemini.sse_cut("text.sse", 3, End::Close));
    let model = Proto::Gemini.model(&fake, TIMEOUT, Some("AIza-test"));
    let (result, _) = run(model.as_ref(), &simple(), None).await;
    assert!(
        matches!(result, Err(CoachError::Protocol { .. })),
        "{result:?}"
    );
}

#[tokio::test]
async fn gemini_models_follow_pages() {
    let fake = FakeServer::start().await;
    fake.push(Scripted::status(
        200,
        Proto::Gemini.fixture("models_page1.json"),
    ));
    fake.push(Scripted::status(
        200,
        Proto::Gemini.fixture("models_page2.json"),
    ));
    let model = Proto::Gemini.model(&fake, TIMEOUT, Some("AIza-test"));
    let models = model.models().await.unwrap();
    let found: Vec<(&str, Option<&str>)> = models
        .iter()
        .map(|m| (m.id.as_str(), m.name.as_deref()))
        .collect();
    // The embedding model cannot generate content: left out.
    assert_eq!(
        found,
        [
            ("gemini-2.5-flash", Some("Gemini 2.5 Flash")),
            ("gemini-2.5-pro", Some("Gemini 2.5 Pro")),
        ]
    );
    let requests = fake.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].path, "/v1beta/models?pageSize=1000");
    assert_eq!(
        requests[1].path,
        "/v1beta/models?pageSize=1000&pageToken=Ch1tb2RlbHMvdGV4dC1lbWJlZGRpbmctMDA0%2F%2B%3D%3D"
    );
    assert_eq!(requests[1].header("x-goog-api-key"), Some("[redacted]"));
}
