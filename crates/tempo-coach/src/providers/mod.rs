//! The chat-model providers. Remote ones are thin clients over reqwest
//! (rustls, a timeout on every request, a cap on every response body); the
//! local one runs a GGUF file in-process through llama.cpp.

use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use crate::{ChatModel, CoachError};

pub use http::RetryPolicy;

pub mod anthropic;
pub mod gemini;
pub(crate) mod http;
#[cfg(feature = "local")]
pub mod local;
pub mod openai;

/// Who answers. The names are stable: they are stored with each message and
/// used as consent keys (`tempo_api::privacy::CLOUD_PROVIDERS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderKind {
    /// No model: the grounded answer.
    None,
    /// The GGUF model in-process.
    Local,
    /// api.openai.com, or any OpenAI-compatible server given a base URL.
    Openai,
    /// A named OpenAI-compatible server (Ollama, LM Studio, llama.cpp server,
    /// OpenRouter, Mistral, Groq…): base URL required, key optional.
    OpenaiCompatible,
    Anthropic,
    Gemini,
}

impl ProviderKind {
    pub const ALL: [ProviderKind; 6] = [
        ProviderKind::None,
        ProviderKind::Local,
        ProviderKind::Openai,
        ProviderKind::OpenaiCompatible,
        ProviderKind::Anthropic,
        ProviderKind::Gemini,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::None => "none",
            ProviderKind::Local => "local",
            ProviderKind::Openai => "openai",
            ProviderKind::OpenaiCompatible => "openai_compatible",
            ProviderKind::Anthropic => "anthropic",
            ProviderKind::Gemini => "gemini",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The provider's public endpoint; `None` where the athlete must give one.
    pub fn default_base_url(self) -> Option<&'static str> {
        match self {
            ProviderKind::Openai => Some("https://api.openai.com/v1"),
            ProviderKind::Anthropic => Some("https://api.anthropic.com"),
            ProviderKind::Gemini => Some("https://generativelanguage.googleapis.com"),
            ProviderKind::OpenaiCompatible => Some("http://localhost:11434/v1"),
            ProviderKind::None | ProviderKind::Local => None,
        }
    }

    /// Remote providers take the same [`Endpoint`]; `None` and `Local` do not.
    pub fn is_remote(self) -> bool {
        !matches!(self, ProviderKind::None | ProviderKind::Local)
    }
}

/// Where a remote model is and how to reach it.
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub kind: ProviderKind,
    /// Base URL without a trailing slash, e.g. `https://api.openai.com/v1`.
    pub base_url: String,
    pub model: String,
    pub api_key: Option<SecretString>,
    /// Connecting, and the wait for each chunk of a stream.
    pub timeout: Duration,
}

impl Endpoint {
    pub fn new(kind: ProviderKind, base_url: impl Into<String>, model: impl Into<String>) -> Self {
        Endpoint {
            kind,
            base_url: base_url.into().trim_end_matches('/').to_owned(),
            model: model.into(),
            api_key: None,
            timeout: Duration::from_secs(60),
        }
    }

    pub fn with_key(mut self, key: Option<SecretString>) -> Self {
        self.api_key = key;
        self
    }

    /// True when requests leave this computer: the host is not loopback. An
    /// Ollama or LM Studio server on `localhost` is local; consent and the
    /// Strava rule apply to everything else.
    pub fn is_cloud(&self) -> bool {
        !is_loopback_url(&self.base_url)
    }
}

/// `http://localhost…`, `http://127.x.x.x…`, `http://[::1]…`.
pub fn is_loopback_url(url: &str) -> bool {
    let rest = url
        .split_once("://")
        .map(|(_, r)| r)
        .unwrap_or(url)
        .split('/')
        .next()
        .unwrap_or("");
    // Strip user info and port.
    let host = rest.rsplit('@').next().unwrap_or(rest);
    let host = if let Some(h) = host.strip_prefix('[') {
        h.split(']').next().unwrap_or("")
    } else {
        host.split(':').next().unwrap_or("")
    };
    let host = host.to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "::1"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// A client for a remote endpoint.
pub fn connect(endpoint: Endpoint) -> Result<Arc<dyn ChatModel>, CoachError> {
    connect_with_retry(endpoint, RetryPolicy::interactive())
}

/// [`connect`] with another retry policy: tests against a fake server use
/// [`RetryPolicy::immediate`] so scripted 429s and 5xx cost no real waits.
pub fn connect_with_retry(
    endpoint: Endpoint,
    retry: RetryPolicy,
) -> Result<Arc<dyn ChatModel>, CoachError> {
    if endpoint.model.trim().is_empty() {
        return Err(CoachError::Config(format!(
            "choose a model for {}",
            endpoint.kind.as_str()
        )));
    }
    match endpoint.kind {
        ProviderKind::Openai | ProviderKind::OpenaiCompatible => {
            Ok(Arc::new(openai::OpenAi::new(endpoint)?.with_retry(retry)))
        }
        ProviderKind::Anthropic => Ok(Arc::new(
            anthropic::Anthropic::new(endpoint)?.with_retry(retry),
        )),
        ProviderKind::Gemini => Ok(Arc::new(gemini::Gemini::new(endpoint)?.with_retry(retry))),
        ProviderKind::None | ProviderKind::Local => Err(CoachError::Config(format!(
            "{} is not a remote provider",
            endpoint.kind.as_str()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts_are_local() {
        for url in [
            "http://localhost:11434/v1",
            "http://127.0.0.1:1234/v1",
            "http://[::1]:8080",
            "http://user:pw@localhost/v1",
        ] {
            assert!(is_loopback_url(url), "{url}");
        }
        for url in [
            "https://api.openai.com/v1",
            "http://192.168.1.10:11434/v1",
            "https://localhost.evil.com/v1",
            "http://127.0.0.1.nip.io/v1",
        ] {
            assert!(!is_loopback_url(url), "{url}");
        }
    }
}
