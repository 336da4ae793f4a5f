//! OpenAI's Chat Completions API, and every server that speaks it (Ollama,
//! LM Studio, llama.cpp's server, OpenRouter, Mistral, Groq…).
//!
//! `POST {base}/chat/completions` with `stream: true` answers Server-Sent
//! Events, each a `chat.completion.chunk`: text in `choices[0].delta.content`,
//! tool calls in `choices[0].delta.tool_calls` as pieces keyed by `index`
//! (the id and name come once, the arguments as JSON text in fragments), a
//! `finish_reason` at the end; with `stream_options.include_usage` one more
//! chunk with no choices carries `usage`; `data: [DONE]` closes the stream.
//! A stream closed before `[DONE]` is incomplete.
//!
//! OpenAI's reasoning models (the o-series, `gpt-5`) refuse `max_tokens` and
//! a temperature: they get `max_completion_tokens` instead, chosen by model
//! name.
//!
//! The key is sent as `Authorization: Bearer` only when there is one: local
//! servers take none.

use eventsource_stream::Event;
use reqwest::header::{ACCEPT, AUTHORIZATION};
use serde::Deserialize;
use serde_json::{Value, json};

use super::http::{Answer, Decoder, Flow, PendingCall, RetryPolicy, Transport};
use crate::chat::{
    ChatModel, ChatRequest, Completion, FinishReason, Message, ModelInfo, Role, TokenSink,
};
use crate::{CancellationToken, CoachError, Endpoint, ProviderKind};

/// A client for one model on an OpenAI-compatible server.
#[derive(Debug)]
pub struct OpenAi {
    transport: Transport,
}

impl OpenAi {
    pub fn new(endpoint: Endpoint) -> Result<Self, CoachError> {
        Ok(OpenAi {
            transport: Transport::new(endpoint)?,
        })
    }

    /// Replaces the default retry policy (tests use
    /// [`RetryPolicy::immediate`]).
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.transport.retry = retry;
        self
    }

    fn authorized(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::RequestBuilder, CoachError> {
        Ok(match self.transport.key_header("Bearer ")? {
            Some(value) => request.header(AUTHORIZATION, value),
            None => request,
        })
    }
}

/// The request body: the conversation in OpenAI's message shapes.
pub fn request_body(request: &ChatRequest, model: &str) -> Value {
    let messages: Vec<Value> = request.messages.iter().map(message).collect();
    let mut body = json!({
        "model": model,
        "messages": messages,
        "stream": true,
        "stream_options": { "include_usage": true },
    });
    if !request.tools.is_empty() {
        body["tools"] = request
            .tools
            .iter()
            .map(|t| {
                json!({
                    "type": "function",
                    "function": {
                        "name": t.name,
                        "description": t.description,
                        "parameters": t.parameters,
                    }
                })
            })
            .collect();
    }
    if is_reasoning_model(model) {
        // OpenAI's reasoning models answer 400 to `max_tokens` (their cap,
        // `max_completion_tokens`, also counts the hidden reasoning tokens)
        // and to any temperature but the default: leave it out.
        if let Some(n) = request.max_tokens {
            body["max_completion_tokens"] = json!(n);
        }
    } else {
        // Other models, and the compatible servers (Ollama, LM Studio,
        // llama.cpp, Mistral, Groq…), take the classic pair.
        if let Some(t) = request.temperature {
            body["temperature"] = json!(t);
        }
        if let Some(n) = request.max_tokens {
            body["max_tokens"] = json!(n);
        }
    }
    body
}

/// OpenAI's reasoning families, by model name: the o-series (`o1`, `o3`,
/// `o4-mini`…) and `gpt-5` (`gpt-5-mini`, `gpt-5.1`…), also behind
/// OpenRouter's `openai/` prefix. Dated snapshots (`o3-mini-2025-01-31`)
/// share their family's name.
fn is_reasoning_model(model: &str) -> bool {
    let name = model.trim().to_ascii_lowercase();
    let name = name.strip_prefix("openai/").unwrap_or(&name);
    // The family ends the name or is followed by a separator, so a name that
    // merely starts with the same letters is not taken for one.
    let family = |prefix: &str, separators: &[char]| {
        name.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(separators))
    };
    ["o1", "o3", "o4"].iter().any(|p| family(p, &['-'])) || family("gpt-5", &['-', '.'])
}

fn message(m: &Message) -> Value {
    match m.role {
        Role::System => json!({ "role": "system", "content": m.content }),
        Role::User => json!({ "role": "user", "content": m.content }),
        Role::Assistant if m.tool_calls.is_empty() => {
            json!({ "role": "assistant", "content": m.content })
        }
        Role::Assistant => {
            let calls: Vec<Value> = m
                .tool_calls
                .iter()
                .map(|c| {
                    json!({
                        "id": c.id,
                        "type": "function",
                        // The API takes the arguments as a JSON string.
                        "function": { "name": c.name, "arguments": c.arguments.to_string() },
                    })
                })
                .collect();
            // An assistant turn that only calls tools has null content.
            let content = if m.content.is_empty() {
                Value::Null
            } else {
                json!(m.content)
            };
            json!({ "role": "assistant", "content": content, "tool_calls": calls })
        }
        Role::Tool => json!({
            "role": "tool",
            "tool_call_id": m.tool_call_id.as_deref().unwrap_or_default(),
            "content": m.content,
        }),
    }
}

#[derive(Deserialize)]
struct Chunk {
    #[serde(default)]
    choices: Vec<Choice>,
    usage: Option<WireUsage>,
    /// Some servers (OpenRouter, vLLM) report failures inside the stream.
    error: Option<Value>,
}

#[derive(Deserialize)]
struct Choice {
    #[serde(default)]
    index: u32,
    delta: Option<Delta>,
    finish_reason: Option<String>,
}

#[derive(Deserialize, Default)]
struct Delta {
    content: Option<String>,
    tool_calls: Option<Vec<CallDelta>>,
}

#[derive(Deserialize)]
struct CallDelta {
    index: Option<usize>,
    id: Option<String>,
    function: Option<FunctionDelta>,
}

#[derive(Deserialize)]
struct FunctionDelta {
    name: Option<String>,
    arguments: Option<String>,
}

#[derive(Deserialize)]
struct WireUsage {
    prompt_tokens: Option<u32>,
    completion_tokens: Option<u32>,
}

/// Chunks to the answer. Tool-call pieces are matched to their call by the
/// `index` they carry.
#[derive(Debug, Default)]
pub(crate) struct ChunkDecoder {
    /// `(index on the wire, position in answer.calls)`.
    slots: Vec<(usize, usize)>,
}

impl Decoder for ChunkDecoder {
    fn feed(
        &mut self,
        transport: &Transport,
        event: &Event,
        answer: &mut Answer,
        on_token: TokenSink<'_>,
    ) -> Result<Flow, CoachError> {
        let data = event.data.trim();
        if data == "[DONE]" {
            return Ok(Flow::Done);
        }
        let chunk: Chunk = transport.parse(data)?;
        if let Some(error) = chunk.error {
            let status = error
                .get("code")
                .and_then(Value::as_u64)
                .and_then(|c| u16::try_from(c).ok())
                .unwrap_or(500);
            return Err(transport.stream_error(&error, status));
        }
        if let Some(usage) = chunk.usage {
            answer.prompt_tokens = usage.prompt_tokens.or(answer.prompt_tokens);
            answer.completion_tokens = usage.completion_tokens.or(answer.completion_tokens);
        }
        // Only the first choice is ever asked for (no `n`).
        let Some(choice) = chunk.choices.into_iter().find(|c| c.index == 0) else {
            return Ok(Flow::Continue);
        };
        let delta = choice.delta.unwrap_or_default();
        if let Some(text) = delta.content {
            answer.push_text(&text, on_token);
        }
        for piece in delta.tool_calls.unwrap_or_default() {
            // Servers that leave out `index` send each call whole, or its
            // pieces in a row: a piece with an id starts a call.
            let index = piece
                .index
                .unwrap_or_else(|| match (&piece.id, self.slots.last()) {
                    (None, Some(&(last, _))) => last,
                    _ => self.slots.last().map_or(0, |&(last, _)| last + 1),
                });
            let position = match self.slots.iter().find(|(i, _)| *i == index) {
                Some(&(_, position)) => position,
                None => {
                    answer.calls.push(PendingCall::default());
                    self.slots.push((index, answer.calls.len() - 1));
                    answer.calls.len() - 1
                }
            };
            let call = &mut answer.calls[position];
            if let Some(id) = piece.id.filter(|id| !id.is_empty()) {
                call.id = id;
            }
            if let Some(function) = piece.function {
                if let Some(name) = function.name {
                    call.name.push_str(&name);
                }
                if let Some(arguments) = function.arguments {
                    call.arguments.push_str(&arguments);
                }
            }
        }
        if let Some(reason) = choice.finish_reason {
            answer.finish = Some(match reason.as_str() {
                "length" => FinishReason::Length,
                "tool_calls" | "function_call" => FinishReason::ToolCalls,
                // "stop", "content_filter", and whatever a server invents.
                _ => FinishReason::Stop,
            });
        }
        // Some servers leave call ids out; the agent needs one to answer.
        for (n, call) in answer.calls.iter_mut().enumerate() {
            if call.id.is_empty() && !call.name.is_empty() {
                call.id = format!("call_{n}");
            }
        }
        Ok(Flow::Continue)
    }
}

#[derive(Deserialize)]
struct ModelList {
    data: Vec<ModelEntry>,
}

#[derive(Deserialize)]
struct ModelEntry {
    id: String,
}

#[async_trait::async_trait]
impl ChatModel for OpenAi {
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
            .stream::<ChunkDecoder>(
                request,
                || {
                    self.authorized(
                        self.transport
                            .post("/chat/completions")
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
        let list: ModelList = self
            .transport
            .json(|| self.authorized(self.transport.get("/models")))
            .await?;
        let mut models: Vec<ModelInfo> = list
            .data
            .into_iter()
            .map(|m| ModelInfo {
                id: m.id,
                name: None,
            })
            .collect();
        models.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(models)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasoning_families_by_name() {
        for name in [
            "o1",
            "o1-mini",
            "o3-mini-2025-01-31",
            "o4-mini",
            "gpt-5",
            "gpt-5-mini",
            "gpt-5.1",
            "GPT-5-nano",
            "openai/o3-mini",
            "openai/gpt-5",
        ] {
            assert!(is_reasoning_model(name), "{name}");
        }
        for name in [
            "gpt-4o-mini",
            "gpt-4.1",
            "openai/gpt-oss-20b",
            "qwen2.5:1.5b",
            "llama3.1:8b",
            "mistral-small-latest",
            "o10-local",
            "gpt-50",
            "anthropic/claude-sonnet-4.5",
        ] {
            assert!(!is_reasoning_model(name), "{name}");
        }
    }
}
