//! The provider-neutral conversation and the trait every model implements.

use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

use crate::{CoachError, ProviderKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    System,
    User,
    Assistant,
    /// The result of a tool call, answering the assistant message that asked.
    Tool,
}

/// One message. An assistant message may carry tool calls instead of (or
/// besides) text; a tool message answers one call by its id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub role: Role,
    pub content: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tool_calls: Vec<ToolCall>,
    /// For `Role::Tool`: the id of the call this answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_call_id: Option<String>,
    /// For `Role::Tool`: the tool's name (Gemini matches results by name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_name: Option<String>,
}

impl Message {
    pub fn system(content: impl Into<String>) -> Self {
        Self::plain(Role::System, content)
    }
    pub fn user(content: impl Into<String>) -> Self {
        Self::plain(Role::User, content)
    }
    pub fn assistant(content: impl Into<String>) -> Self {
        Self::plain(Role::Assistant, content)
    }
    pub fn tool_result(call: &ToolCall, content: impl Into<String>) -> Self {
        Message {
            role: Role::Tool,
            content: content.into(),
            tool_calls: Vec::new(),
            tool_call_id: Some(call.id.clone()),
            tool_name: Some(call.name.clone()),
        }
    }
    fn plain(role: Role, content: impl Into<String>) -> Self {
        Message {
            role,
            content: content.into(),
            tool_calls: Vec::new(),
            tool_call_id: None,
            tool_name: None,
        }
    }
}

/// A tool the model may call: a name, what it does, and a JSON Schema for
/// its arguments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolSpec {
    pub name: String,
    pub description: String,
    pub parameters: serde_json::Value,
}

/// A call the model asked for, its arguments parsed from the streamed deltas.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolCall {
    /// The provider's call id (Gemini has none: providers make one up).
    pub id: String,
    pub name: String,
    pub arguments: serde_json::Value,
    /// Opaque provider state to send back with the call, unchanged, in the
    /// next request: Gemini's `thoughtSignature`, without which Gemini 3
    /// refuses the follow-up. Other providers leave it `None` and ignore it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
}

/// One request to a model. `model` is the provider's model name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChatRequest {
    pub model: String,
    pub messages: Vec<Message>,
    /// Empty: the model is not offered tools.
    pub tools: Vec<ToolSpec>,
    pub temperature: Option<f32>,
    pub max_tokens: Option<u32>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub prompt_tokens: u32,
    pub completion_tokens: u32,
    /// True when the server did not report usage and the figures are counted
    /// or estimated by Tempo.
    #[serde(default)]
    pub estimated: bool,
}

impl Usage {
    pub fn add(&mut self, other: Usage) {
        self.prompt_tokens += other.prompt_tokens;
        self.completion_tokens += other.completion_tokens;
        self.estimated |= other.estimated;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FinishReason {
    /// The model finished its answer.
    Stop,
    /// Cut at `max_tokens`.
    Length,
    /// The model wants tool results before it goes on.
    ToolCalls,
    /// The athlete stopped it; `text` holds what came before.
    Cancelled,
}

/// Everything one streaming call produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    pub text: String,
    pub tool_calls: Vec<ToolCall>,
    pub usage: Usage,
    pub finish: FinishReason,
}

/// A model a provider offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelInfo {
    pub id: String,
    /// Human name where the API gives one.
    pub name: Option<String>,
}

/// Called with each piece of text as it streams in.
pub type TokenSink<'a> = &'a (dyn Fn(&str) + Send + Sync);

/// A chat model: a remote API or the local GGUF model.
///
/// `stream` reports text through `on_token` as it arrives and returns the
/// whole completion. Cancelling `cancel` ends the call promptly with
/// `FinishReason::Cancelled` and the text so far (not an error: a stopped
/// answer is kept). Implementations retry transient failures (429, 5xx,
/// timeouts) only before the first token, so a retry never repeats text.
#[async_trait::async_trait]
pub trait ChatModel: Send + Sync + std::fmt::Debug {
    fn provider(&self) -> ProviderKind;
    /// The model name requests go to.
    fn model(&self) -> &str;
    /// Whether requests may carry tools. Small local models get none: the
    /// agent then puts everything in the prompt instead.
    fn supports_tools(&self) -> bool;
    async fn stream(
        &self,
        request: &ChatRequest,
        on_token: TokenSink<'_>,
        cancel: &CancellationToken,
    ) -> Result<Completion, CoachError>;
    /// The models the server offers, where its API lists them.
    async fn models(&self) -> Result<Vec<ModelInfo>, CoachError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_calls_stored_before_signatures_still_read() {
        let call: ToolCall =
            serde_json::from_str(r#"{"id": "call_0", "name": "weekly_load", "arguments": {}}"#)
                .unwrap();
        assert_eq!(call.signature, None);
        // And a call without one is stored as before.
        assert!(
            serde_json::to_value(&call)
                .unwrap()
                .get("signature")
                .is_none()
        );
    }
}
