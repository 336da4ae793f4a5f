//! A scripted chat model for tests: plays back completions and records
//! every request. Behind the `test-support` feature.

use std::collections::VecDeque;
use std::sync::Mutex;

use crate::chat::TokenSink;
use crate::{
    CancellationToken, ChatModel, ChatRequest, CoachError, Completion, FinishReason, ModelInfo,
    ProviderKind, ToolCall, Usage,
};

/// A model that plays back a script and records every request.
#[derive(Debug)]
pub struct Scripted {
    tools: bool,
    provider: ProviderKind,
    script: Mutex<VecDeque<Completion>>,
    seen: Mutex<Vec<ChatRequest>>,
    /// Repeat the last step forever (a model that never stops calling tools).
    pub repeat_last: bool,
}

impl Scripted {
    pub fn new(tools: bool, steps: Vec<Completion>) -> Self {
        Scripted {
            tools,
            provider: ProviderKind::OpenaiCompatible,
            script: Mutex::new(steps.into()),
            seen: Mutex::new(Vec::new()),
            repeat_last: false,
        }
    }
    /// Reports this provider kind (e.g. `Local` to be treated as on-device).
    pub fn as_provider(mut self, provider: ProviderKind) -> Self {
        self.provider = provider;
        self
    }
    pub fn requests(&self) -> Vec<ChatRequest> {
        self.seen.lock().unwrap().clone()
    }
}

#[async_trait::async_trait]
impl ChatModel for Scripted {
    fn provider(&self) -> ProviderKind {
        self.provider
    }
    fn model(&self) -> &str {
        "scripted"
    }
    fn supports_tools(&self) -> bool {
        self.tools
    }
    async fn stream(
        &self,
        request: &ChatRequest,
        on_token: TokenSink<'_>,
        cancel: &CancellationToken,
    ) -> Result<Completion, CoachError> {
        self.seen.lock().unwrap().push(request.clone());
        let step = {
            let mut s = self.script.lock().unwrap();
            if self.repeat_last && s.len() == 1 {
                s.front().cloned()
            } else {
                s.pop_front()
            }
        }
        .expect("the script ran out");
        let mut text = String::new();
        for word in step.text.split_inclusive(' ') {
            if cancel.is_cancelled() {
                return Ok(Completion {
                    text,
                    finish: FinishReason::Cancelled,
                    ..step
                });
            }
            on_token(word);
            text.push_str(word);
            tokio::task::yield_now().await;
        }
        Ok(step)
    }
    async fn models(&self) -> Result<Vec<ModelInfo>, CoachError> {
        Ok(vec![])
    }
}

/// A completion that answers `text`.
pub fn says(text: &str) -> Completion {
    Completion {
        text: text.into(),
        tool_calls: vec![],
        usage: Usage {
            prompt_tokens: 100,
            completion_tokens: 10,
            estimated: false,
        },
        finish: FinishReason::Stop,
    }
}

/// A completion that calls one tool.
pub fn calls(name: &str, arguments: serde_json::Value) -> Completion {
    Completion {
        text: String::new(),
        tool_calls: vec![ToolCall {
            id: format!("call_{name}"),
            name: name.into(),
            arguments,
            signature: None,
        }],
        usage: Usage {
            prompt_tokens: 80,
            completion_tokens: 5,
            estimated: false,
        },
        finish: FinishReason::ToolCalls,
    }
}
