//! The coach's use cases: configuration, asking (with streaming), the
//! conversations and their usage.
//!
//! `tempo-coach` knows models and the agent; this module gives it the
//! athlete: it resolves which model answers (or none: the grounded answer),
//! checks consent for cloud providers, assembles the athlete's context and
//! the knowledge passages (leaving out what the athlete did not allow, and
//! Strava-API-only activities unless they opted in), offers the read-only
//! tools, and stores every question and answer with its citations, token
//! use, latency and cost.

mod ask;
mod context;
mod models;
mod pricing;

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use tempo_coach::{CoachError, ProviderKind};
use tempo_storage::coach as repo;

use crate::{AppError, ErrorCode, Tempo};

pub use ask::{Overrides, ask, ask_using, regenerate};
pub use context::{STRAVA_FIELD, suggested_questions};
pub use models::{DownloadProgress, RecommendedModel, download_model, recommended_models};

/// Who answers, as the UI and the CLI name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CoachProvider {
    None,
    Local,
    Openai,
    OpenaiCompatible,
    Anthropic,
    Gemini,
}

impl CoachProvider {
    pub const ALL: [CoachProvider; 6] = [
        CoachProvider::None,
        CoachProvider::Local,
        CoachProvider::Openai,
        CoachProvider::OpenaiCompatible,
        CoachProvider::Anthropic,
        CoachProvider::Gemini,
    ];

    pub fn kind(self) -> ProviderKind {
        match self {
            CoachProvider::None => ProviderKind::None,
            CoachProvider::Local => ProviderKind::Local,
            CoachProvider::Openai => ProviderKind::Openai,
            CoachProvider::OpenaiCompatible => ProviderKind::OpenaiCompatible,
            CoachProvider::Anthropic => ProviderKind::Anthropic,
            CoachProvider::Gemini => ProviderKind::Gemini,
        }
    }

    pub fn as_str(self) -> &'static str {
        self.kind().as_str()
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// Where its API key is kept in the keychain.
    fn secret_key(self) -> String {
        format!("coach.{}.api_key", self.as_str())
    }
}

/// One provider's setup as the UI shows it. Never the key: only whether one
/// is stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ProviderSetup {
    pub provider: CoachProvider,
    pub base_url: String,
    pub model: String,
    pub has_key: bool,
    /// Requests leave this computer.
    pub cloud: bool,
    /// Fields the athlete allowed this provider to receive.
    pub consent_fields: Vec<String>,
    /// Strava-API-only activities may be sent (the athlete opted in).
    pub strava_opt_in: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct CoachConfig {
    pub active: CoachProvider,
    pub temperature: f64,
    pub max_tokens: u32,
    pub providers: Vec<ProviderSetup>,
    pub local_model_path: Option<String>,
    pub local_model_ready: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ProviderSetupInput {
    pub provider: CoachProvider,
    pub base_url: String,
    pub model: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct CoachConfigInput {
    pub active: CoachProvider,
    pub temperature: f64,
    pub max_tokens: u32,
    pub providers: Vec<ProviderSetupInput>,
    pub local_model_path: Option<String>,
}

/// The stored document (`coach_config`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Stored {
    active: CoachProvider,
    temperature: f64,
    max_tokens: u32,
    /// Base URL and model per remote provider.
    providers: BTreeMap<String, (String, String)>,
    local_model_path: Option<String>,
}

impl Default for Stored {
    fn default() -> Self {
        Stored {
            // The grounded answer: a fresh install's chat is never a dead end.
            active: CoachProvider::None,
            temperature: 0.4,
            max_tokens: 900,
            providers: BTreeMap::new(),
            local_model_path: None,
        }
    }
}

impl Stored {
    fn base_url(&self, p: CoachProvider) -> String {
        self.providers
            .get(p.as_str())
            .map(|(u, _)| u.clone())
            .filter(|u| !u.is_empty())
            .or_else(|| p.kind().default_base_url().map(str::to_owned))
            .unwrap_or_default()
    }
    fn model(&self, p: CoachProvider) -> String {
        self.providers
            .get(p.as_str())
            .map(|(_, m)| m.clone())
            .unwrap_or_default()
    }
}

async fn stored(tempo: &Tempo) -> Result<Stored, AppError> {
    match repo::config(tempo.store.connection()).await? {
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| AppError::internal(format!("the coach's settings are unreadable: {e}"))),
        None => Ok(Stored::default()),
    }
}

fn api_key(tempo: &Tempo, p: CoachProvider) -> Result<Option<SecretString>, AppError> {
    Ok(tempo.secrets.get(&p.secret_key())?)
}

/// The key if the keychain can say; none when the keychain is unavailable
/// (a desktop session without Secret Service), so the settings still show
/// and a model server on this computer still answers.
fn api_key_if_reachable(tempo: &Tempo, p: CoachProvider) -> Option<SecretString> {
    match api_key(tempo, p) {
        Ok(k) => k,
        Err(e) => {
            tracing::debug!(provider = p.as_str(), "keychain unavailable: {}", e.message);
            None
        }
    }
}

/// The coach's configuration.
pub async fn config(tempo: &Tempo) -> Result<CoachConfig, AppError> {
    let s = stored(tempo).await?;
    let consents = crate::privacy::consents(tempo).await?;
    let mut providers = Vec::new();
    for p in CoachProvider::ALL
        .into_iter()
        .filter(|p| p.kind().is_remote())
    {
        let base_url = s.base_url(p);
        let fields = consents
            .iter()
            .find(|c| c.provider == p.as_str())
            .map(|c| c.fields.clone())
            .unwrap_or_default();
        providers.push(ProviderSetup {
            provider: p,
            cloud: !tempo_coach::providers::is_loopback_url(&base_url),
            base_url,
            model: s.model(p),
            has_key: api_key_if_reachable(tempo, p).is_some(),
            strava_opt_in: fields.iter().any(|f| f == STRAVA_FIELD),
            consent_fields: fields,
        });
    }
    let local_model_ready = s
        .local_model_path
        .as_deref()
        .is_some_and(|p| looks_like_gguf(std::path::Path::new(p)));
    Ok(CoachConfig {
        active: s.active,
        temperature: s.temperature,
        max_tokens: s.max_tokens,
        providers,
        local_model_path: s.local_model_path,
        local_model_ready,
    })
}

/// A GGUF file starts with the magic `GGUF`.
fn looks_like_gguf(path: &std::path::Path) -> bool {
    use std::io::Read;
    let mut magic = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok()
        && &magic == b"GGUF"
}

fn check_url(field: &str, url: &str) -> Result<(), AppError> {
    let ok = (url.starts_with("http://") || url.starts_with("https://"))
        && url.len() > "http://".len()
        && !url.contains(char::is_whitespace);
    if ok {
        Ok(())
    } else {
        Err(AppError::invalid(
            field,
            format!("{url:?} is not an http(s) address, e.g. http://localhost:11434/v1"),
        ))
    }
}

/// The sampling settings every provider accepts (OpenAI and Gemini take a
/// temperature up to 2, Anthropic up to 1: the client clamps for it).
pub(crate) fn check_sampling(
    temperature: Option<f64>,
    max_tokens: Option<u32>,
) -> Result<(), AppError> {
    if let Some(t) = temperature
        && !(0.0..=2.0).contains(&t)
    {
        return Err(AppError::invalid(
            "temperature",
            "the temperature is between 0 and 2",
        ));
    }
    if let Some(n) = max_tokens
        && !(16..=32_768).contains(&n)
    {
        return Err(AppError::invalid(
            "max_tokens",
            "the answer length is between 16 and 32,768 tokens",
        ));
    }
    Ok(())
}

/// A base URL as typed: trimmed, without a trailing slash, checked; none
/// when empty (the provider's default address).
fn typed_base_url(raw: &str) -> Result<Option<String>, AppError> {
    let url = raw.trim().trim_end_matches('/');
    if url.is_empty() {
        return Ok(None);
    }
    check_url("base_url", url)?;
    Ok(Some(url.to_owned()))
}

/// Saves the configuration; validates everything first.
pub async fn set_config(tempo: &Tempo, input: &CoachConfigInput) -> Result<CoachConfig, AppError> {
    check_sampling(Some(input.temperature), Some(input.max_tokens))?;
    let mut s = stored(tempo).await?;
    for p in &input.providers {
        if !p.provider.kind().is_remote() {
            continue;
        }
        let url = typed_base_url(&p.base_url)?.unwrap_or_default();
        s.providers.insert(
            p.provider.as_str().to_owned(),
            (url, p.model.trim().to_owned()),
        );
    }
    let path = input
        .local_model_path
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    if let Some(p) = path
        && !looks_like_gguf(std::path::Path::new(p))
    {
        return Err(AppError::invalid(
            "local_model_path",
            format!("{p} is not a GGUF model file"),
        ));
    }
    s.local_model_path = path.map(str::to_owned);
    if input.active == CoachProvider::Local && s.local_model_path.is_none() {
        return Err(AppError::invalid(
            "local_model_path",
            "choose a GGUF model file (or download one) before making the local model the coach",
        ));
    }
    s.active = input.active;
    s.temperature = input.temperature;
    s.max_tokens = input.max_tokens;
    save(tempo, &s).await?;
    config(tempo).await
}

async fn save(tempo: &Tempo, s: &Stored) -> Result<(), AppError> {
    let json = serde_json::to_string(s).map_err(|e| AppError::internal(e.to_string()))?;
    repo::set_config(tempo.store.connection(), &json, tempo.clock.now()).await?;
    Ok(())
}

/// Stores (or with `None` deletes) a provider's API key in the keychain.
pub async fn set_api_key(
    tempo: &Tempo,
    provider: CoachProvider,
    key: Option<&str>,
) -> Result<CoachConfig, AppError> {
    if !provider.kind().is_remote() {
        return Err(AppError::invalid(
            "provider",
            format!("{} takes no API key", provider.as_str()),
        ));
    }
    match key.map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => {
            if k.len() > 512 || k.contains(char::is_whitespace) {
                return Err(AppError::invalid(
                    "key",
                    "that does not look like an API key (spaces, or too long)",
                ));
            }
            tempo
                .secrets
                .put(&provider.secret_key(), &SecretString::from(k.to_owned()))?;
        }
        None => {
            tempo.secrets.delete(&provider.secret_key())?;
        }
    }
    config(tempo).await
}

/// The models a provider's server offers.
/// Where to ask for the model list: what the athlete is typing in Settings,
/// before saving it. Empty or absent: what is saved.
#[derive(Clone, Default, Deserialize, specta::Type)]
pub struct ModelsAt {
    pub base_url: Option<String>,
    pub api_key: Option<String>,
}

/// Never the key: a `?at` in a log line must not leak it.
impl std::fmt::Debug for ModelsAt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModelsAt")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

/// The models a provider's server offers.
pub async fn models(
    tempo: &Tempo,
    provider: CoachProvider,
    at: &ModelsAt,
) -> Result<Vec<String>, AppError> {
    let s = stored(tempo).await?;
    if provider == CoachProvider::Local {
        return Ok(s.local_model_path.into_iter().collect());
    }
    if provider == CoachProvider::None {
        return Ok(Vec::new());
    }
    let base_url = at
        .base_url
        .as_deref()
        .map(typed_base_url)
        .transpose()?
        .flatten()
        .unwrap_or_else(|| s.base_url(provider));
    let mut endpoint = tempo_coach::Endpoint::new(provider.kind(), base_url, "list");
    endpoint.api_key = match at.api_key.as_deref().filter(|k| !k.trim().is_empty()) {
        Some(key) => Some(key_from(key)?),
        None if endpoint.is_cloud() => api_key(tempo, provider)?,
        None => api_key_if_reachable(tempo, provider),
    };
    endpoint.timeout = std::time::Duration::from_secs(15);
    let client = tempo_coach::providers::connect(endpoint).map_err(from_coach)?;
    let mut ids: Vec<String> = client
        .models()
        .await
        .map_err(from_coach)?
        .into_iter()
        .map(|m| m.id)
        .collect();
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// A model failure as the UI can branch on it.
pub(crate) fn from_coach(e: CoachError) -> AppError {
    let code = match &e {
        CoachError::Unauthorized { .. } => ErrorCode::Unauthorized,
        CoachError::RateLimited { .. } => ErrorCode::RateLimited,
        CoachError::Unreachable { .. } => ErrorCode::Unreachable,
        CoachError::Http { .. } | CoachError::Protocol { .. } | CoachError::UnknownModel { .. } => {
            ErrorCode::ProviderError
        }
        CoachError::Local(_) => ErrorCode::LocalModel,
        CoachError::Config(_) => ErrorCode::InvalidInput,
        CoachError::Io(_) => ErrorCode::Internal,
    };
    tracing::warn!(error = %e, "coach model failure");
    AppError::new(code, e.to_string())
}

/// A citation on an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CitationKind {
    Knowledge,
    Activity,
    Plan,
    Workout,
    Metric,
}

impl CitationKind {
    /// The snake_case name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            CitationKind::Knowledge => "knowledge",
            CitationKind::Activity => "activity",
            CitationKind::Plan => "plan",
            CitationKind::Workout => "workout",
            CitationKind::Metric => "metric",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Citation {
    pub kind: CitationKind,
    pub id: String,
    pub title: String,
    pub detail: Option<String>,
}

impl From<tempo_coach::agent::Source> for Citation {
    fn from(s: tempo_coach::agent::Source) -> Self {
        use tempo_coach::agent::SourceKind as K;
        Citation {
            kind: match s.kind {
                K::Knowledge => CitationKind::Knowledge,
                K::Activity => CitationKind::Activity,
                K::Plan => CitationKind::Plan,
                K::Workout => CitationKind::Workout,
                K::Metric => CitationKind::Metric,
            },
            id: s.id,
            title: s.title,
            detail: s.detail,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionStatus {
    Pending,
    Applied,
    Dismissed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Suggestion {
    pub id: String,
    /// "move_workout" or "skip_workout".
    pub kind: String,
    pub workout_id: i32,
    pub title: String,
    pub from: String,
    pub to: Option<String>,
    pub reason: String,
    pub status: SuggestionStatus,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct TokenUsage {
    pub prompt_tokens: u32,
    pub completion_tokens: u32,
    pub estimated: bool,
}

/// What the question was asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AskAbout {
    Dashboard,
    Plan,
    Activity { id: i32 },
    Workout { id: i32 },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct AskInput {
    pub question: String,
    pub conversation_id: Option<i32>,
    pub about: Option<AskAbout>,
    pub provider: Option<CoachProvider>,
    pub model: Option<String>,
    /// The conversation answers with these from now on (they are saved on
    /// it); `None`: what the conversation has, else the coach's default.
    pub temperature: Option<f64>,
    pub max_tokens: Option<u32>,
}

impl AskInput {
    pub fn question(text: impl Into<String>) -> Self {
        AskInput {
            question: text.into(),
            conversation_id: None,
            about: None,
            provider: None,
            model: None,
            temperature: None,
            max_tokens: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct CoachAnswer {
    pub conversation_id: i32,
    pub message_id: i32,
    pub answer: String,
    pub citations: Vec<Citation>,
    pub suggestions: Vec<Suggestion>,
    pub usage: TokenUsage,
    pub provider: CoachProvider,
    pub model: String,
    pub latency_ms: u32,
    pub first_token_ms: Option<u32>,
    pub context_ms: u32,
    pub cost_usd: Option<f64>,
    pub grounded: bool,
    pub stopped: bool,
    pub language: String,
}

/// What a streaming answer reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum CoachEvent {
    Started {
        conversation_id: i32,
        provider: CoachProvider,
        model: String,
        grounded: bool,
    },
    Token {
        text: String,
    },
    Tool {
        name: String,
        detail: String,
    },
    Done {
        answer: CoachAnswer,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ConversationSummary {
    pub id: i32,
    pub title: String,
    pub created_at: String,
    pub updated_at: String,
    pub message_count: u32,
    pub provider: Option<CoachProvider>,
    pub model: Option<String>,
    /// The conversation's own settings; `None`: the coach's default.
    pub temperature: Option<f64>,
    pub max_tokens: Option<u32>,
}

/// A conversation's own temperature and answer length; `None` returns a
/// setting to the coach's default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ConversationSettingsInput {
    pub temperature: Option<f64>,
    pub max_tokens: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ChatMessage {
    pub id: i32,
    /// "user" or "assistant".
    pub role: String,
    pub content: String,
    pub created_at: String,
    pub citations: Vec<Citation>,
    pub suggestions: Vec<Suggestion>,
    pub usage: Option<TokenUsage>,
    pub provider: Option<CoachProvider>,
    pub model: Option<String>,
    pub latency_ms: Option<u32>,
    pub cost_usd: Option<f64>,
    pub grounded: bool,
    pub stopped: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Conversation {
    pub id: i32,
    pub title: String,
    pub created_at: String,
    pub updated_at: String,
    pub temperature: Option<f64>,
    pub max_tokens: Option<u32>,
    pub messages: Vec<ChatMessage>,
}

fn summary(r: repo::ConversationRow) -> ConversationSummary {
    ConversationSummary {
        id: narrow(r.id),
        title: r.title,
        created_at: r.created_at,
        updated_at: r.updated_at,
        message_count: r.message_count as u32,
        provider: r.provider.as_deref().and_then(CoachProvider::parse),
        model: r.model,
        temperature: r.temperature,
        max_tokens: stored_tokens(r.max_tokens),
    }
}

fn message(r: repo::MessageRow) -> ChatMessage {
    let usage = r.prompt_tokens.map(|p| TokenUsage {
        prompt_tokens: p as u32,
        completion_tokens: r.completion_tokens.unwrap_or(0) as u32,
        estimated: r.tokens_estimated,
    });
    ChatMessage {
        id: narrow(r.id),
        citations: serde_json::from_str(&r.citations_json).unwrap_or_default(),
        suggestions: serde_json::from_str(&r.suggestions_json).unwrap_or_default(),
        usage,
        provider: r.provider.as_deref().and_then(CoachProvider::parse),
        model: r.model,
        latency_ms: r.latency_ms.map(|l| l as u32),
        cost_usd: r.cost_usd,
        grounded: r.grounded,
        stopped: r.stopped,
        role: r.role,
        content: r.content,
        created_at: r.created_at,
    }
}

/// An answer length as stored (SQLite integers are i64).
pub(crate) fn stored_tokens(n: Option<i64>) -> Option<u32> {
    n.and_then(|n| u32::try_from(n).ok())
}

/// A rowid as the DTOs carry it: TypeScript numbers hold ids exactly, and
/// no athlete writes two billion messages.
pub(crate) fn narrow(id: i64) -> i32 {
    i32::try_from(id).unwrap_or(i32::MAX)
}

fn no_conversation(id: i32) -> AppError {
    AppError::new(
        ErrorCode::NotFound,
        format!("there is no conversation {id}"),
    )
}

/// Conversations, most recent first; `search` matches titles and messages.
pub async fn conversations(
    tempo: &Tempo,
    search: Option<&str>,
) -> Result<Vec<ConversationSummary>, AppError> {
    Ok(repo::conversations(tempo.store.connection(), search)
        .await?
        .into_iter()
        .map(summary)
        .collect())
}

pub async fn conversation(tempo: &Tempo, id: i32) -> Result<Conversation, AppError> {
    let db = tempo.store.connection();
    let c = repo::conversation(db, i64::from(id))
        .await?
        .ok_or_else(|| no_conversation(id))?;
    Ok(Conversation {
        id: narrow(c.id),
        title: c.title,
        created_at: c.created_at,
        updated_at: c.updated_at,
        temperature: c.temperature,
        max_tokens: stored_tokens(c.max_tokens),
        messages: repo::messages(db, i64::from(id))
            .await?
            .into_iter()
            .map(message)
            .collect(),
    })
}

pub async fn rename(tempo: &Tempo, id: i32, title: &str) -> Result<ConversationSummary, AppError> {
    let title = title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        return Err(AppError::invalid(
            "title",
            "a title has 1 to 200 characters",
        ));
    }
    let db = tempo.store.connection();
    if !repo::rename_conversation(db, i64::from(id), title).await? {
        return Err(no_conversation(id));
    }
    summary_of(tempo, id).await
}

/// The conversation's summary after a change to it.
async fn summary_of(tempo: &Tempo, id: i32) -> Result<ConversationSummary, AppError> {
    Ok(summary(
        repo::conversation(tempo.store.connection(), i64::from(id))
            .await?
            .ok_or_else(|| no_conversation(id))?,
    ))
}

/// Sets the temperature and answer length the conversation answers with
/// (the next question, a regenerated answer).
pub async fn set_conversation_settings(
    tempo: &Tempo,
    id: i32,
    input: &ConversationSettingsInput,
) -> Result<ConversationSummary, AppError> {
    check_sampling(input.temperature, input.max_tokens)?;
    let db = tempo.store.connection();
    let settings = repo::ConversationSettings {
        temperature: input.temperature,
        max_tokens: input.max_tokens.map(i64::from),
    };
    if !repo::set_conversation_settings(db, i64::from(id), settings).await? {
        return Err(no_conversation(id));
    }
    summary_of(tempo, id).await
}

pub async fn delete(tempo: &Tempo, id: i32) -> Result<(), AppError> {
    if repo::delete_conversation(tempo.store.connection(), i64::from(id)).await? {
        Ok(())
    } else {
        Err(no_conversation(id))
    }
}

/// The conversation as markdown: questions, answers, their sources and
/// who wrote them.
pub async fn export_markdown(tempo: &Tempo, id: i32) -> Result<String, AppError> {
    let c = conversation(tempo, id).await?;
    let mut md = format!("# {}\n\n_{}_\n\n", c.title, c.created_at);
    for m in &c.messages {
        if m.role == "user" {
            md.push_str(&format!("## Q: {}\n\n", m.content.trim()));
            continue;
        }
        md.push_str(m.content.trim());
        md.push_str("\n\n");
        if !m.citations.is_empty() {
            md.push_str("Sources:\n");
            for s in &m.citations {
                md.push_str(&format!("- {} `{}`: {}\n", s.kind.as_str(), s.id, s.title));
            }
            md.push('\n');
        }
        let by = match (&m.provider, &m.model) {
            (Some(CoachProvider::None), _) | (None, _) => "grounded answer, no model".to_owned(),
            (Some(p), Some(model)) => format!("{} · {model}", p.as_str()),
            (Some(p), None) => p.as_str().to_owned(),
        };
        let usage = m
            .usage
            .map(|u| format!(" · {} + {} tokens", u.prompt_tokens, u.completion_tokens))
            .unwrap_or_default();
        let stopped = if m.stopped { " · stopped" } else { "" };
        md.push_str(&format!("_{by}{usage}{stopped}_\n\n---\n\n"));
    }
    Ok(md)
}

/// Applies or dismisses one of an answer's suggestions. Applying calls the
/// plan's own use case, with its checks.
pub async fn decide_suggestion(
    tempo: &Tempo,
    message_id: i32,
    suggestion_id: &str,
    apply: bool,
) -> Result<Suggestion, AppError> {
    let db = tempo.store.connection();
    let m = repo::message(db, i64::from(message_id))
        .await?
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                format!("there is no message {message_id}"),
            )
        })?;
    let mut list: Vec<Suggestion> = serde_json::from_str(&m.suggestions_json).unwrap_or_default();
    let s = list
        .iter_mut()
        .find(|s| s.id == suggestion_id)
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                format!("message {message_id} has no suggestion {suggestion_id}"),
            )
        })?;
    if s.status != SuggestionStatus::Pending {
        return Err(AppError::invalid(
            "suggestion_id",
            "this suggestion was already decided",
        ));
    }
    if apply {
        let id = s.workout_id;
        match s.kind.as_str() {
            "move_workout" => {
                let to = s
                    .to
                    .as_deref()
                    .and_then(|d| d.parse::<NaiveDate>().ok())
                    .ok_or_else(|| AppError::invalid("to", "the suggestion has no valid date"))?;
                crate::plans::move_workout(tempo, id, to).await?;
            }
            "skip_workout" => {
                crate::plans::skip_workout(tempo, id, true).await?;
            }
            other => {
                return Err(AppError::invalid(
                    "kind",
                    format!("unknown suggestion {other}"),
                ));
            }
        }
        s.status = SuggestionStatus::Applied;
    } else {
        s.status = SuggestionStatus::Dismissed;
    }
    let decided = s.clone();
    let json = serde_json::to_string(&list).map_err(|e| AppError::internal(e.to_string()))?;
    repo::set_suggestions(db, i64::from(message_id), &json).await?;
    Ok(decided)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct UsageRow {
    /// The UTC day of the answers.
    pub day: String,
    pub provider: CoachProvider,
    pub model: String,
    pub requests: u32,
    pub prompt_tokens: u32,
    pub completion_tokens: u32,
    pub avg_latency_ms: u32,
    /// None when no price is known for the model.
    pub cost_usd: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct UsageReport {
    pub days: u32,
    /// Per day, provider and model, oldest first.
    pub rows: Vec<UsageRow>,
    /// Per provider and model over the whole period (`day` is the first day).
    pub totals: Vec<UsageRow>,
}

/// Tokens, latency and estimated cost of the answers of the last `days` days.
pub async fn usage(tempo: &Tempo, days: u32) -> Result<UsageReport, AppError> {
    if !(1..=3650).contains(&days) {
        return Err(AppError::invalid("days", "days is between 1 and 3650"));
    }
    let first = tempo.clock.now().date_naive() - Days::new(u64::from(days) - 1);
    let since = format!("{first}T00:00:00");
    let answers = repo::answers_since(tempo.store.connection(), &since).await?;
    // (day, provider, model) → (requests, prompt, completion, latency sum, cost)
    type Acc = (u32, u32, u32, u64, Option<f64>);
    let mut per_day: BTreeMap<(String, String, String), Acc> = BTreeMap::new();
    let mut totals: BTreeMap<(String, String), Acc> = BTreeMap::new();
    let add = |acc: &mut Acc, m: &repo::MessageRow| {
        acc.0 += 1;
        acc.1 += m.prompt_tokens.unwrap_or(0) as u32;
        acc.2 += m.completion_tokens.unwrap_or(0) as u32;
        acc.3 += m.latency_ms.unwrap_or(0) as u64;
        // A sum only when every answer has a known price.
        acc.4 = match (acc.4, m.cost_usd) {
            (Some(a), Some(c)) => Some(a + c),
            _ => None,
        };
    };
    for m in &answers {
        let provider = m.provider.clone().unwrap_or_else(|| "none".into());
        let model = m.model.clone().unwrap_or_default();
        let day = m.created_at.get(..10).unwrap_or_default().to_owned();
        add(
            per_day
                .entry((day, provider.clone(), model.clone()))
                .or_insert((0, 0, 0, 0, Some(0.0))),
            m,
        );
        add(
            totals
                .entry((provider, model))
                .or_insert((0, 0, 0, 0, Some(0.0))),
            m,
        );
    }
    let row = |day: String, provider: &str, model: String, a: Acc| UsageRow {
        day,
        provider: CoachProvider::parse(provider).unwrap_or(CoachProvider::None),
        model,
        requests: a.0,
        prompt_tokens: a.1,
        completion_tokens: a.2,
        avg_latency_ms: (a.3 / u64::from(a.0.max(1))) as u32,
        cost_usd: a.4,
    };
    Ok(UsageReport {
        days,
        rows: per_day
            .into_iter()
            .map(|((d, p, m), a)| row(d, &p, m, a))
            .collect(),
        totals: totals
            .into_iter()
            .map(|((p, m), a)| row(first.to_string(), &p, m, a))
            .collect(),
    })
}

/// The key for the CLI's `--api-key-env`, checked like a stored one.
pub fn key_from(value: &str) -> Result<SecretString, AppError> {
    let v = value.trim();
    if v.is_empty() || v.contains(char::is_whitespace) {
        return Err(AppError::invalid(
            "api_key",
            "the API key is empty or has spaces",
        ));
    }
    Ok(SecretString::from(v.to_owned()))
}

/// Whether a key is set, without exposing it.
pub(crate) fn has_secret(s: &Option<SecretString>) -> bool {
    s.as_ref().is_some_and(|k| !k.expose_secret().is_empty())
}
