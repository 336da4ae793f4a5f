//! Anthropic's Messages API.
//!
//! `POST {base}/v1/messages` with `stream: true`, the key in `x-api-key` and
//! `anthropic-version: 2023-06-01`. The system prompt is a top-level string;
//! turns alternate user/assistant and hold content blocks: the assistant's
//! `tool_use` blocks are answered by `tool_result` blocks in the next user
//! turn (so consecutive tool results, and a user message after them, merge
//! into one user turn, results first).
//!
//! The stream is named events: `message_start` (input token count),
//! `content_block_start` / `content_block_delta` / `content_block_stop` for
//! each text or tool-use block (tool input arrives as `input_json_delta`
//! fragments), `message_delta` (stop reason, output token count),
//! `message_stop` (the end), `ping`, and `error` (e.g. `overloaded_error`,
//! which is retried when no text has been shown yet).

use eventsource_stream::Event;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, HeaderMap};
use serde::Deserialize;
use serde_json::{Value, json};

use super::http::{Answer, Decoder, Flow, PendingCall, RetryPolicy, Transport};
use crate::chat::{ChatModel, ChatRequest, Completion, FinishReason, ModelInfo, Role, TokenSink};
use crate::{CancellationToken, CoachError, Endpoint, ProviderKind};

/// The API version every request is written against.
pub const API_VERSION: &str = "2023-06-01";
/// `max_tokens` is required by the API; this is used when the request has none.
pub const DEFAULT_MAX_TOKENS: u32 = 1024;
/// Model-list pages followed at most (1,000 models a page).
const MAX_PAGES: usize = 10;

/// A client for one Claude model.
#[derive(Debug)]
pub struct Anthropic {
    transport: Transport,
}

impl Anthropic {
    pub fn new(endpoint: Endpoint) -> Result<Self, CoachError> {
        Ok(Anthropic {
            transport: Transport::new(endpoint)?,
        })
    }

    /// Replaces the default retry policy (tests use
    /// [`RetryPolicy::immediate`]).
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.transport.retry = retry;
        self
    }

    fn headed(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::RequestBuilder, CoachError> {
        let request = request.header("anthropic-version", API_VERSION);
        Ok(match self.transport.key_header("")? {
            Some(key) => request.header("x-api-key", key),
            None => request,
        })
    }
}

/// The request body: system prompt on top, turns of content blocks.
pub fn request_body(request: &ChatRequest, model: &str) -> Value {
    let system: Vec<&str> = request
        .messages
        .iter()
        .filter(|m| m.role == Role::System && !m.content.trim().is_empty())
        .map(|m| m.content.as_str())
        .collect();

    // (role, blocks), consecutive same-role turns merged.
    let mut turns: Vec<(&str, Vec<Value>)> = Vec::new();
    for m in &request.messages {
        let (role, blocks) = match m.role {
            Role::System => continue,
            Role::User => ("user", text_block(&m.content).into_iter().collect()),
            Role::Tool => (
                "user",
                vec![json!({
                    "type": "tool_result",
                    "tool_use_id": m.tool_call_id.as_deref().unwrap_or_default(),
                    "content": m.content,
                })],
            ),
            Role::Assistant => {
                let mut blocks: Vec<Value> = text_block(&m.content).into_iter().collect();
                blocks.extend(m.tool_calls.iter().map(|c| {
                    json!({
                        "type": "tool_use",
                        "id": c.id,
                        "name": c.name,
                        // `input` must be an object.
                        "input": if c.arguments.is_object() { c.arguments.clone() } else { json!({}) },
                    })
                }));
                ("assistant", blocks)
            }
        };
        // Empty turns are rejected by the API.
        if blocks.is_empty() {
            continue;
        }
        match turns.last_mut() {
            Some((last, existing)) if *last == role => existing.extend(blocks),
            _ => turns.push((role, blocks)),
        }
    }
    let messages: Vec<Value> = turns
        .into_iter()
        .map(|(role, mut blocks)| {
            // Tool results must open the user turn that carries them.
            blocks.sort_by_key(|b| b["type"] != "tool_result");
            json!({ "role": role, "content": blocks })
        })
        .collect();

    let mut body = json!({
        "model": model,
        "max_tokens": request.max_tokens.unwrap_or(DEFAULT_MAX_TOKENS),
        "messages": messages,
        "stream": true,
    });
    if !system.is_empty() {
        body["system"] = json!(system.join("\n\n"));
    }
    if !request.tools.is_empty() {
        body["tools"] = request
            .tools
            .iter()
            .map(|t| {
                json!({
                    "name": t.name,
                    "description": t.description,
                    "input_schema": t.parameters,
                })
            })
            .collect();
    }
    if let Some(t) = request.temperature {
        body["temperature"] = json!(t);
    }
    body
}

fn text_block(text: &str) -> Option<Value> {
    (!text.is_empty()).then(|| json!({ "type": "text", "text": text }))
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum StreamEvent {
    MessageStart {
        message: StartMessage,
    },
    ContentBlockStart {
        index: usize,
        content_block: Block,
    },
    ContentBlockDelta {
        index: usize,
        delta: BlockDelta,
    },
    ContentBlockStop {},
    MessageDelta {
        delta: MessageDeltaBody,
        usage: Option<WireUsage>,
    },
    MessageStop {},
    Ping {},
    Error {
        error: ErrorBody,
    },
    /// Event types added after this client was written.
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct StartMessage {
    usage: Option<WireUsage>,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Block {
    Text {
        #[serde(default)]
        text: String,
    },
    ToolUse {
        id: String,
        name: String,
        #[serde(default)]
        input: Value,
    },
    /// Thinking, server tools…: not part of the answer.
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum BlockDelta {
    TextDelta {
        text: String,
    },
    InputJsonDelta {
        partial_json: String,
    },
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct MessageDeltaBody {
    stop_reason: Option<String>,
}

#[derive(Deserialize)]
struct WireUsage {
    input_tokens: Option<u32>,
    output_tokens: Option<u32>,
    cache_creation_input_tokens: Option<u32>,
    cache_read_input_tokens: Option<u32>,
}

impl WireUsage {
    /// Cached prompt tokens are reported apart; the prompt is all of them.
    fn prompt(&self) -> Option<u32> {
        self.input_tokens.map(|n| {
            n + self.cache_creation_input_tokens.unwrap_or(0)
                + self.cache_read_input_tokens.unwrap_or(0)
        })
    }
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(rename = "type")]
    kind: String,
}

/// Events to the answer; tool-use blocks are tracked by their block index.
#[derive(Debug, Default)]
pub(crate) struct EventDecoder {
    /// `(block index, position in answer.calls)`.
    tool_blocks: Vec<(usize, usize)>,
}

impl Decoder for EventDecoder {
    fn feed(
        &mut self,
        transport: &Transport,
        event: &Event,
        answer: &mut Answer,
        on_token: TokenSink<'_>,
    ) -> Result<Flow, CoachError> {
        match transport.parse::<StreamEvent>(&event.data)? {
            StreamEvent::MessageStart { message } => {
                if let Some(usage) = message.usage {
                    answer.prompt_tokens = usage.prompt().or(answer.prompt_tokens);
                }
            }
            StreamEvent::ContentBlockStart {
                index,
                content_block,
            } => match content_block {
                Block::Text { text } => answer.push_text(&text, on_token),
                Block::ToolUse { id, name, input } => {
                    answer.calls.push(PendingCall {
                        id,
                        name,
                        arguments: String::new(),
                        // Normally `{}` with the input streamed after; kept
                        // if a server sends it whole here instead.
                        parsed: input
                            .as_object()
                            .filter(|o| !o.is_empty())
                            .map(|_| input.clone()),
                        signature: None,
                    });
                    self.tool_blocks.push((index, answer.calls.len() - 1));
                }
                Block::Other => {}
            },
            StreamEvent::ContentBlockDelta { index, delta } => match delta {
                BlockDelta::TextDelta { text } => answer.push_text(&text, on_token),
                BlockDelta::InputJsonDelta { partial_json } => {
                    let Some(&(_, position)) = self.tool_blocks.iter().find(|(i, _)| *i == index)
                    else {
                        return Err(transport.protocol(format!(
                            "tool input for block {index}, which is not a tool call"
                        )));
                    };
                    let call = &mut answer.calls[position];
                    call.arguments.push_str(&partial_json);
                    call.parsed = None;
                }
                BlockDelta::Other => {}
            },
            StreamEvent::MessageDelta { delta, usage } => {
                if let Some(usage) = usage {
                    answer.prompt_tokens = usage.prompt().or(answer.prompt_tokens);
                    answer.completion_tokens = usage.output_tokens.or(answer.completion_tokens);
                }
                if let Some(reason) = delta.stop_reason {
                    answer.finish = Some(match reason.as_str() {
                        "max_tokens" => FinishReason::Length,
                        "tool_use" => FinishReason::ToolCalls,
                        // end_turn, stop_sequence, refusal, pause_turn…
                        _ => FinishReason::Stop,
                    });
                }
            }
            StreamEvent::MessageStop {} => return Ok(Flow::Done),
            StreamEvent::Error { error } => {
                // The same error types the API answers with HTTP statuses;
                // mapped to those so overloads and rate limits are retried
                // like their HTTP forms (before the first token only).
                let status = match error.kind.as_str() {
                    "overloaded_error" => 529,
                    "rate_limit_error" => 429,
                    "authentication_error" => 401,
                    "permission_error" => 403,
                    "not_found_error" => 404,
                    "invalid_request_error" => 400,
                    "request_too_large" => 413,
                    _ => 500,
                };
                let status =
                    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                return Err(transport.status_error(
                    status,
                    &HeaderMap::new(),
                    event.data.as_bytes(),
                    None,
                ));
            }
            StreamEvent::ContentBlockStop {} | StreamEvent::Ping {} | StreamEvent::Other => {}
        }
        Ok(Flow::Continue)
    }
}

#[derive(Deserialize)]
struct ModelPage {
    data: Vec<ModelEntry>,
    #[serde(default)]
    has_more: bool,
    last_id: Option<String>,
}

#[derive(Deserialize)]
struct ModelEntry {
    id: String,
    display_name: Option<String>,
}

#[async_trait::async_trait]
impl ChatModel for Anthropic {
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
        let body = request_body(request, self.transport.model_for(request));
        self.transport
            .stream::<EventDecoder>(
                request,
                || {
                    self.headed(
                        self.transport
                            .post("/v1/messages")
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
        let mut after: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let page: ModelPage = self
                .transport
                .json(|| {
                    let mut query = vec![("limit", "1000")];
                    if let Some(id) = &after {
                        query.push(("after_id", id.as_str()));
                    }
                    self.headed(self.transport.get_with("/v1/models", &query)?)
                })
                .await?;
            models.extend(page.data.into_iter().map(|m| ModelInfo {
                id: m.id,
                name: m.display_name,
            }));
            match page.last_id {
                Some(last) if page.has_more => after = Some(last),
                _ => break,
            }
        }
        Ok(models)
    }
}
