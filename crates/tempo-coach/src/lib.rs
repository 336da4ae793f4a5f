//! Tempo's coach, without storage or UI: chat models and the agent.
//!
//! - [`chat`]: the provider-neutral conversation (messages, tool specs and
//!   calls, usage) and the [`ChatModel`] trait every provider implements:
//!   one streaming call that reports tokens as they arrive and returns the
//!   whole [`Completion`].
//! - [`providers`]: thin clients over reqwest for OpenAI-compatible servers,
//!   Anthropic's Messages API and Google Gemini (SSE streaming, tool calls,
//!   model discovery), and the in-process GGUF model (llama.cpp).
//! - [`agent`]: one coaching turn: the prompt from the athlete's context and
//!   knowledge passages, a bounded tool loop for models that can call tools,
//!   citations checked against what the model was actually given, and data
//!   changes returned as suggestions, never executed.
//! - [`download`]: fetching a GGUF model (resumable, sha256-checked) and
//!   the catalogue of recommended ones.
//! - [`grounded`]: the answer with no model at all, built from the same
//!   context and passages and labelled as such.
//!
//! The athlete's data reaches this crate as plain values through the
//! [`agent::Toolbox`] trait, implemented by `tempo-api` over the database; so
//! everything here is tested with scripted models and fake servers.

pub mod agent;
pub mod chat;
pub mod download;
mod error;
pub mod grounded;
pub mod lang;
pub mod providers;
#[cfg(feature = "test-support")]
pub mod scripted;
#[cfg(feature = "test-support")]
pub mod testing;

pub use chat::{
    ChatModel, ChatRequest, Completion, FinishReason, Message, ModelInfo, Role, ToolCall, ToolSpec,
    Usage,
};
pub use error::CoachError;
pub use providers::{Endpoint, ProviderKind};
pub use tokio_util::sync::CancellationToken;
