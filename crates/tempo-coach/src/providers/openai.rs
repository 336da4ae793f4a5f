//! Placeholder until the client lands (same change set).

use crate::chat::{ChatModel, ChatRequest, Completion, ModelInfo, TokenSink};
use crate::{CancellationToken, CoachError, Endpoint, ProviderKind};

#[derive(Debug)]
pub struct OpenAi {
    endpoint: Endpoint,
}

impl OpenAi {
    pub fn new(endpoint: Endpoint) -> Result<Self, CoachError> {
        Ok(OpenAi { endpoint })
    }
}

#[async_trait::async_trait]
impl ChatModel for OpenAi {
    fn provider(&self) -> ProviderKind {
        self.endpoint.kind
    }
    fn model(&self) -> &str {
        &self.endpoint.model
    }
    fn supports_tools(&self) -> bool {
        true
    }
    async fn stream(
        &self,
        _request: &ChatRequest,
        _on_token: TokenSink<'_>,
        _cancel: &CancellationToken,
    ) -> Result<Completion, CoachError> {
        Err(CoachError::Config("not built yet".into()))
    }
    async fn models(&self) -> Result<Vec<ModelInfo>, CoachError> {
        Ok(Vec::new())
    }
}
