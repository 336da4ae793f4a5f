use std::time::Duration;

/// What can go wrong talking to a model. Each variant carries what the
/// athlete (or the retry logic) needs to act on it.
#[derive(Debug, thiserror::Error)]
pub enum CoachError {
    /// The server refused the key (401/403).
    #[error("{provider} refused the API key: {message}")]
    Unauthorized { provider: String, message: String },
    /// 429 after the retries: too many requests or quota exhausted.
    #[error("{provider} is rate limiting requests{}: {message}", retry_hint(.retry_after))]
    RateLimited {
        provider: String,
        retry_after: Option<Duration>,
        message: String,
    },
    /// Any other HTTP error status (5xx after the retries, 400, 404…).
    #[error("{provider} answered HTTP {status}: {message}")]
    Http {
        provider: String,
        status: u16,
        message: String,
    },
    /// No connection, or no byte within the timeout.
    #[error("could not reach {provider} at {url}: {message}")]
    Unreachable {
        provider: String,
        url: String,
        message: String,
    },
    /// The server sent something that is not the protocol: malformed JSON, a
    /// stream that ended before its final event, a body over the size limit.
    #[error("{provider} sent an invalid response: {message}")]
    Protocol { provider: String, message: String },
    /// The model name is not known to the server.
    #[error("{provider} has no model named {model:?}")]
    UnknownModel { provider: String, model: String },
    /// The local GGUF model could not be loaded or run.
    #[error("local model: {0}")]
    Local(String),
    /// The configuration is incomplete (no model, no key where one is needed…).
    #[error("{0}")]
    Config(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

fn retry_hint(after: &Option<Duration>) -> String {
    match after {
        Some(d) => format!(" (retry in {} s)", d.as_secs().max(1)),
        None => String::new(),
    }
}

impl CoachError {
    /// Worth retrying the same request (before any token was shown).
    pub fn is_transient(&self) -> bool {
        match self {
            CoachError::RateLimited { .. } | CoachError::Unreachable { .. } => true,
            CoachError::Http { status, .. } => *status >= 500,
            _ => false,
        }
    }
}
