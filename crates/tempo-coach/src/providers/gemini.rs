//! Google's Gemini API (Generative Language, `v1beta`).
//!
//! `POST {base}/v1beta/models/{model}:streamGenerateContent?alt=sse` with the
//! key in `x-goog-api-key` (never in the URL, where it would reach logs and
//! error messages). Turns are `contents` with role `user` or `model` and
//! `parts`: text, `functionCall {name, args}` from the model, and
//! `functionResponse {name, response}` answering it in a user turn; the
//! system prompt is `systemInstruction`, tools are `functionDeclarations`.
//!
//! Each SSE event is a whole `GenerateContentResponse`: new parts in
//! `candidates[0].content.parts` (function calls arrive whole, without an
//! id, so the client names them `call_0`, `call_1`…), `finishReason` on the
//! last one and `usageMetadata` along the way. There is no final sentinel:
//! the answer is complete once a finish reason has arrived; a stream that
//! closes before that is incomplete.
//!
//! Thinking models put a `thoughtSignature` on a `functionCall` part; it is
//! kept on the [`ToolCall`] and sent back on that call's part in the next
//! request, as Gemini requires for multi-step function calling. Signatures
//! on text parts are not kept: only the calls' are checked.

use eventsource_stream::Event;
use reqwest::header::ACCEPT;
use serde::Deserialize;
use serde_json::{Value, json};

use super::http::{Answer, Decoder, Flow, PendingCall, RetryPolicy, Transport};
use crate::chat::{
    ChatModel, ChatRequest, Completion, FinishReason, ModelInfo, Role, TokenSink, ToolCall,
};
use crate::{CancellationToken, CoachError, Endpoint, ProviderKind};

/// Model-list pages followed at most.
const MAX_PAGES: usize = 20;

/// A client for one Gemini model.
#[derive(Debug)]
pub struct Gemini {
    transport: Transport,
}

impl Gemini {
    pub fn new(endpoint: Endpoint) -> Result<Self, CoachError> {
        Ok(Gemini {
            transport: Transport::new(endpoint)?,
        })
    }

    /// Replaces the default retry policy (tests use
    /// [`RetryPolicy::immediate`]).
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.transport.retry = retry;
        self
    }

    fn keyed(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::RequestBuilder, CoachError> {
        Ok(match self.transport.key_header("")? {
            Some(key) => request.header("x-goog-api-key", key),
            None => request,
        })
    }
}

/// The request body: `contents`, `systemInstruction`, `tools`,
/// `generationConfig`.
pub fn request_body(request: &ChatRequest) -> Value {
    let system: Vec<&str> = request
        .messages
        .iter()
        .filter(|m| m.role == Role::System && !m.content.trim().is_empty())
        .map(|m| m.content.as_str())
        .collect();

    let mut contents: Vec<(&str, Vec<Value>)> = Vec::new();
    for (at, m) in request.messages.iter().enumerate() {
        let (role, parts) = match m.role {
            Role::System => continue,
            Role::User => ("user", text_part(&m.content).into_iter().collect()),
            Role::Assistant => {
                let mut parts: Vec<Value> = text_part(&m.content).into_iter().collect();
                parts.extend(m.tool_calls.iter().map(function_call_part));
                ("model", parts)
            }
            Role::Tool => {
                // Gemini matches results to calls by name: take it from the
                // message, or from the call it answers.
                let name = m.tool_name.clone().unwrap_or_else(|| {
                    request.messages[..at]
                        .iter()
                        .flat_map(|earlier| &earlier.tool_calls)
                        .find(|c| Some(&c.id) == m.tool_call_id.as_ref())
                        .map(|c| c.name.clone())
                        .unwrap_or_default()
                });
                let part = json!({
                    "functionResponse": { "name": name, "response": tool_response(&m.content) }
                });
                ("user", vec![part])
            }
        };
        if parts.is_empty() {
            continue;
        }
        // All results for one turn of calls go back in one user turn.
        match contents.last_mut() {
            Some((last, existing)) if *last == role => existing.extend(parts),
            _ => contents.push((role, parts)),
        }
    }
    let contents: Vec<Value> = contents
        .into_iter()
        .map(|(role, parts)| json!({ "role": role, "parts": parts }))
        .collect();

    let mut body = json!({ "contents": contents });
    if !system.is_empty() {
        body["systemInstruction"] = json!({ "parts": [{ "text": system.join("\n\n") }] });
    }
    if !request.tools.is_empty() {
        let declarations: Vec<Value> = request
            .tools
            .iter()
            .map(|t| {
                json!({
                    "name": t.name,
                    "description": t.description,
                    "parameters": t.parameters,
                })
            })
            .collect();
        body["tools"] = json!([{ "functionDeclarations": declarations }]);
    }
    let mut config = serde_json::Map::new();
    if let Some(t) = request.temperature {
        config.insert("temperature".into(), json!(t));
    }
    if let Some(n) = request.max_tokens {
        config.insert("maxOutputTokens".into(), json!(n));
    }
    if !config.is_empty() {
        body["generationConfig"] = Value::Object(config);
    }
    body
}

/// A call the model made, as it goes back in the model's turn. Its
/// `thoughtSignature` returns on the same part, byte for byte: Gemini 3
/// answers 400 when the first call of a step comes back without it.
fn function_call_part(call: &ToolCall) -> Value {
    let mut part = json!({ "functionCall": { "name": call.name, "args": call.arguments } });
    if let Some(signature) = &call.signature {
        part["thoughtSignature"] = json!(signature);
    }
    part
}

fn text_part(text: &str) -> Option<Value> {
    (!text.is_empty()).then(|| json!({ "text": text }))
}

/// `functionResponse.response` must be an object: a tool's JSON object is
/// passed as is, anything else is wrapped as `{"result": …}`.
fn tool_response(content: &str) -> Value {
    match serde_json::from_str::<Value>(content) {
        Ok(Value::Object(object)) => Value::Object(object),
        Ok(other) => json!({ "result": other }),
        Err(_) => json!({ "result": content }),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Chunk {
    candidates: Option<Vec<Candidate>>,
    usage_metadata: Option<UsageMetadata>,
    prompt_feedback: Option<PromptFeedback>,
    error: Option<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Candidate {
    content: Option<Content>,
    finish_reason: Option<String>,
}

#[derive(Deserialize)]
struct Content {
    parts: Option<Vec<Part>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Part {
    text: Option<String>,
    /// Thought summaries are not the answer.
    #[serde(default)]
    thought: bool,
    function_call: Option<FunctionCall>,
    /// Sits beside `functionCall` (or `text`) on the part, not inside it.
    thought_signature: Option<String>,
}

#[derive(Deserialize)]
struct FunctionCall {
    id: Option<String>,
    name: String,
    #[serde(default)]
    args: Option<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UsageMetadata {
    prompt_token_count: Option<u32>,
    candidates_token_count: Option<u32>,
    /// Thinking tokens are billed as output.
    thoughts_token_count: Option<u32>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PromptFeedback {
    block_reason: Option<String>,
}

/// Responses to the answer. Stateless: each event is a whole response.
#[derive(Debug, Default)]
pub(crate) struct ResponseDecoder;

impl Decoder for ResponseDecoder {
    fn feed(
        &mut self,
        transport: &Transport,
        event: &Event,
        answer: &mut Answer,
        on_token: TokenSink<'_>,
    ) -> Result<Flow, CoachError> {
        let chunk: Chunk = transport.parse(&event.data)?;
        if let Some(error) = chunk.error {
            let status = error
                .get("code")
                .and_then(Value::as_u64)
                .and_then(|c| u16::try_from(c).ok())
                .unwrap_or(500);
            return Err(transport.stream_error(&error, status));
        }
        if let Some(usage) = chunk.usage_metadata {
            answer.prompt_tokens = usage.prompt_token_count.or(answer.prompt_tokens);
            if let Some(out) = usage.candidates_token_count {
                answer.completion_tokens = Some(out + usage.thoughts_token_count.unwrap_or(0));
            }
        }
        if let Some(reason) = chunk.prompt_feedback.and_then(|f| f.block_reason) {
            return Err(transport.protocol(format!("Gemini blocked the prompt ({reason})")));
        }
        let Some(candidate) = chunk.candidates.and_then(|c| c.into_iter().next()) else {
            return Ok(Flow::Continue);
        };
        for part in candidate.content.and_then(|c| c.parts).unwrap_or_default() {
            if let Some(call) = part.function_call {
                let n = answer.calls.len();
                answer.calls.push(PendingCall {
                    id: call.id.unwrap_or_else(|| format!("call_{n}")),
                    name: call.name,
                    arguments: String::new(),
                    parsed: Some(call.args.unwrap_or_else(|| json!({}))),
                    // Only the first of parallel calls carries one.
                    signature: part.thought_signature,
                });
            } else if let Some(text) = part.text
                && !part.thought
            {
                answer.push_text(&text, on_token);
            }
        }
        if let Some(reason) = candidate.finish_reason {
            answer.finish = Some(match reason.as_str() {
                "MAX_TOKENS" => FinishReason::Length,
                "STOP" => FinishReason::Stop,
                // SAFETY, RECITATION, MALFORMED_FUNCTION_CALL…: an answer
                // cut short is kept; no answer at all is an error.
                _ if answer.text.is_empty() && answer.calls.is_empty() => {
                    return Err(
                        transport.protocol(format!("Gemini stopped without an answer ({reason})"))
                    );
                }
                _ => FinishReason::Stop,
            });
        }
        // Usage may still follow the finish reason; read on to the close.
        Ok(Flow::Continue)
    }

    fn complete_without_sentinel(&self, answer: &Answer) -> bool {
        answer.finish.is_some()
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ModelPage {
    #[serde(default)]
    models: Vec<ModelEntry>,
    next_page_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ModelEntry {
    name: String,
    display_name: Option<String>,
    #[serde(default)]
    supported_generation_methods: Vec<String>,
}

#[async_trait::async_trait]
impl ChatModel for Gemini {
    fn provider(&self) -> ProviderKind {
        self.transport.endpoint.kind
    }
    fn model(&self) -> &str {
        &self.transport.endpoint.model
    }
    fn supports_tools(&self) -> bool {
        true
    }
    async fn stream(
        &self,
        request: &ChatRequest,
        on_token: TokenSink<'_>,
        cancel: &CancellationToken,
    ) -> Result<Completion, CoachError> {
        let body = request_body(request);
        let model = self.transport.model_for(request);
        let path = format!(
            "/v1beta/models/{}:streamGenerateContent?alt=sse",
            model.strip_prefix("models/").unwrap_or(model)
        );
        self.transport
            .stream::<ResponseDecoder>(
                request,
                || {
                    self.keyed(
                        self.transport
                            .post(&path)
                            .header(ACCEPT, "text/event-stream")
                            .json(&body),
                    )
                },
                on_token,
                cancel,
            )
            .await
    }
    async fn models(&self) -> Result<Vec<ModelInfo>, CoachError> {
        let mut models = Vec::new();
        let mut token: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let page: ModelPage = self
                .transport
                .json(|| {
                    let mut query = vec![("pageSize", "1000")];
                    if let Some(t) = &token {
                        query.push(("pageToken", t.as_str()));
                    }
                    self.keyed(self.transport.get_with("/v1beta/models", &query)?)
                })
                .await?;
            models.extend(
                page.models
                    .into_iter()
                    // Embedding and other models cannot chat.
                    .filter(|m| {
                        m.supported_generation_methods
                            .iter()
                            .any(|g| g == "generateContent")
                    })
                    .map(|m| ModelInfo {
                        id: m.name.strip_prefix("models/").unwrap_or(&m.name).to_owned(),
                        name: m.display_name,
                    }),
            );
            match page.next_page_token {
                Some(next) if !next.is_empty() => token = Some(next),
                _ => break,
            }
        }
        Ok(models)
    }
}
