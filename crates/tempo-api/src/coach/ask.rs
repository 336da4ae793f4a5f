//! Asking the coach: which model answers, what it may see, the turn itself,
//! and storing the question and the answer.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use secrecy::SecretString;
use tempo_coach::agent::{self, NoTools, Toolbox, TurnEvent, TurnInput};
use tempo_coach::lang::{self, Lang};
use tempo_coach::{CancellationToken, ChatModel, FinishReason, Message};
use tempo_storage::coach as repo;

use super::context::{self, Allowed, AthleteTools};
use super::{
    AskAbout, AskInput, Citation, CoachAnswer, CoachEvent, CoachProvider, Stored, Suggestion,
    SuggestionStatus, TokenUsage, from_coach, pricing, stored,
};
use crate::{AppError, ErrorCode, Tempo};

/// Longest question, in characters.
const MAX_QUESTION: usize = 4000;
/// Earlier messages sent with a question.
const HISTORY: usize = 12;
/// Longest earlier answer sent back, in characters.
const HISTORY_CHARS: usize = 1500;

/// What the CLI can set besides the stored configuration.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub base_url: Option<String>,
    pub api_key: Option<SecretString>,
}

/// Who answers this turn.
#[derive(Debug, Clone)]
pub(crate) enum Route {
    Grounded,
    Model {
        model: Arc<dyn ChatModel>,
        provider: CoachProvider,
        /// Requests leave this computer.
        cloud: bool,
    },
}

async fn route(
    tempo: &Tempo,
    s: &Stored,
    input: &AskInput,
    overrides: &Overrides,
) -> Result<Route, AppError> {
    let provider = input.provider.unwrap_or(s.active);
    match provider {
        CoachProvider::None => Ok(Route::Grounded),
        CoachProvider::Local => {
            let path = input
                .model
                .clone()
                .filter(|m| m.ends_with(".gguf"))
                .or(s.local_model_path.clone())
                .ok_or_else(|| {
                    AppError::new(
                        ErrorCode::LocalModel,
                        "no local model is set up: choose a GGUF file or download one in Settings → Coach",
                    )
                })?;
            Ok(Route::Model {
                model: local_model(Path::new(&path)).await?,
                provider,
                cloud: false,
            })
        }
        p => {
            let base_url = overrides.base_url.clone().unwrap_or_else(|| s.base_url(p));
            super::check_url("base_url", &base_url)?;
            let model = input
                .model
                .clone()
                .filter(|m| !m.trim().is_empty())
                .unwrap_or_else(|| s.model(p));
            if model.trim().is_empty() {
                return Err(AppError::invalid(
                    "model",
                    format!("choose a model for {} in Settings → Coach", p.as_str()),
                ));
            }
            let local = tempo_coach::providers::is_loopback_url(&base_url);
            let key = match &overrides.api_key {
                Some(k) => Some(k.clone()),
                // A server on this computer usually needs no key: a keychain
                // that is not there must not stop it.
                None if local => super::api_key_if_reachable(tempo, p),
                None => super::api_key(tempo, p)?,
            };
            let mut endpoint = tempo_coach::Endpoint::new(p.kind(), base_url, model);
            endpoint.api_key = key;
            let cloud = endpoint.is_cloud();
            if cloud
                && p != CoachProvider::OpenaiCompatible
                && !super::has_secret(&endpoint.api_key)
            {
                return Err(AppError::new(
                    ErrorCode::Unauthorized,
                    format!(
                        "{} needs an API key: add it in Settings → Coach",
                        p.as_str()
                    ),
                ));
            }
            Ok(Route::Model {
                model: tempo_coach::providers::connect(endpoint).map_err(from_coach)?,
                provider: p,
                cloud,
            })
        }
    }
}

/// The local model stays loaded between questions (loading takes a second
/// or more); a different file replaces it.
#[cfg(feature = "local")]
async fn local_model(path: &Path) -> Result<Arc<dyn ChatModel>, AppError> {
    use tempo_coach::providers::local::LocalModel;
    static LOADED: tokio::sync::Mutex<Option<(PathBuf, Arc<LocalModel>)>> =
        tokio::sync::Mutex::const_new(None);
    let mut loaded = LOADED.lock().await;
    if let Some((p, m)) = loaded.as_ref()
        && p == path
    {
        return Ok(m.clone());
    }
    let owned = path.to_owned();
    let model = tokio::task::spawn_blocking(move || LocalModel::load(&owned, Default::default()))
        .await
        .map_err(|e| AppError::internal(format!("loading the local model failed: {e}")))?
        .map_err(from_coach)?;
    let model = Arc::new(model);
    *loaded = Some((path.to_owned(), model.clone()));
    Ok(model)
}

#[cfg(not(feature = "local"))]
async fn local_model(path: &Path) -> Result<Arc<dyn ChatModel>, AppError> {
    let _: PathBuf = path.to_owned();
    Err(AppError::new(
        ErrorCode::LocalModel,
        "this build of Tempo has no local model support",
    ))
}

/// Asks the coach. Tokens, tool steps and the final answer go to
/// `on_event`; cancelling keeps the answer so far, marked stopped.
pub async fn ask(
    tempo: &Tempo,
    input: &AskInput,
    overrides: &Overrides,
    on_event: &(dyn Fn(CoachEvent) + Send + Sync),
    cancel: &CancellationToken,
) -> Result<CoachAnswer, AppError> {
    check_question(&input.question)?;
    super::check_sampling(input.temperature, input.max_tokens)?;
    let s = stored(tempo).await?;
    let route = route(tempo, &s, input, overrides).await?;
    turn(tempo, &s, input, None, route, on_event, cancel).await
}

/// Asks with a given model (tests and benchmarks: scripted models).
pub async fn ask_using(
    tempo: &Tempo,
    input: &AskInput,
    model: Arc<dyn ChatModel>,
    cloud: bool,
    on_event: &(dyn Fn(CoachEvent) + Send + Sync),
    cancel: &CancellationToken,
) -> Result<CoachAnswer, AppError> {
    check_question(&input.question)?;
    super::check_sampling(input.temperature, input.max_tokens)?;
    let provider = CoachProvider::ALL
        .into_iter()
        .find(|p| p.kind() == model.provider())
        .unwrap_or(CoachProvider::OpenaiCompatible);
    let route = Route::Model {
        model,
        provider,
        cloud,
    };
    turn(
        tempo,
        &stored(tempo).await?,
        input,
        None,
        route,
        on_event,
        cancel,
    )
    .await
}

/// A new answer to the question before this assistant message, which it
/// replaces.
pub async fn regenerate(
    tempo: &Tempo,
    message_id: i32,
    on_event: &(dyn Fn(CoachEvent) + Send + Sync),
    cancel: &CancellationToken,
) -> Result<CoachAnswer, AppError> {
    let db = tempo.store.connection();
    let m = repo::message(db, i64::from(message_id))
        .await?
        .filter(|m| m.role == "assistant")
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                format!("there is no answer {message_id}"),
            )
        })?;
    let question = repo::messages(db, m.conversation_id)
        .await?
        .into_iter()
        .rfind(|q| q.role == "user" && q.id < m.id)
        .ok_or_else(|| AppError::internal("this answer has no question"))?;
    let mut input = AskInput::question(question.content.clone());
    input.conversation_id = Some(super::narrow(m.conversation_id));
    let s = stored(tempo).await?;
    let route = route(tempo, &s, &input, &Overrides::default()).await?;
    let answer = turn(
        tempo,
        &s,
        &input,
        Some(question.id),
        route,
        on_event,
        cancel,
    )
    .await?;
    // Only once the new answer is stored: a failed regeneration keeps the old one.
    repo::delete_message(db, i64::from(message_id)).await?;
    Ok(answer)
}

fn check_question(q: &str) -> Result<(), AppError> {
    let n = q.trim().chars().count();
    if n == 0 {
        return Err(AppError::invalid(
            "question",
            "type a question for the coach",
        ));
    }
    if n > MAX_QUESTION {
        return Err(AppError::invalid(
            "question",
            format!("the question is too long ({n} characters, at most {MAX_QUESTION})"),
        ));
    }
    Ok(())
}

/// What a cloud provider may receive: its consent, or `consent_required`.
async fn allowed_for(tempo: &Tempo, route: &Route) -> Result<Allowed, AppError> {
    let Route::Model {
        provider,
        cloud: true,
        ..
    } = route
    else {
        return Ok(Allowed::everything());
    };
    let consents = crate::privacy::consents(tempo).await?;
    match consents.iter().find(|c| c.provider == provider.as_str()) {
        Some(c) => Ok(Allowed::only(&c.fields)),
        None => {
            let mut e = AppError::new(
                ErrorCode::ConsentRequired,
                format!(
                    "{} runs off this computer: choose what it may receive first (Settings → Privacy)",
                    provider.as_str()
                ),
            );
            e.field = Some("provider".to_owned());
            Err(e)
        }
    }
}

/// One turn: context, the model (or the grounded answer), storage.
/// `answering` is the stored question being answered again (regenerate).
async fn turn(
    tempo: &Tempo,
    s: &Stored,
    input: &AskInput,
    answering: Option<i64>,
    route: Route,
    on_event: &(dyn Fn(CoachEvent) + Send + Sync),
    cancel: &CancellationToken,
) -> Result<CoachAnswer, AppError> {
    let db = tempo.store.connection();
    let started = Instant::now();
    let allowed = allowed_for(tempo, &route).await?;

    // The conversation so far.
    let mut history = Vec::new();
    let mut about = input.about;
    let mut previous_lang = None;
    // What this question sets, over what the conversation had.
    let mut sampling = repo::ConversationSettings::default();
    if let Some(id) = input.conversation_id.map(i64::from) {
        let c = repo::conversation(db, id).await?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                format!("there is no conversation {id}"),
            )
        })?;
        sampling = repo::ConversationSettings {
            temperature: c.temperature,
            max_tokens: c.max_tokens,
        };
        if about.is_none() {
            about = c
                .about_json
                .as_deref()
                .and_then(|j| serde_json::from_str(j).ok());
        }
        let msgs = repo::messages(db, id).await?;
        let upto = answering.unwrap_or(i64::MAX);
        let earlier: Vec<_> = msgs.into_iter().filter(|m| m.id < upto).collect();
        previous_lang = earlier
            .iter()
            .rev()
            .find_map(|m| m.language.as_deref().and_then(Lang::parse));
        let skip = earlier.len().saturating_sub(HISTORY);
        for m in earlier.into_iter().skip(skip) {
            let content: String = m.content.chars().take(HISTORY_CHARS).collect();
            history.push(if m.role == "user" {
                Message::user(content)
            } else {
                Message::assistant(content)
            });
        }
    }
    let language = lang::detect(&input.question, previous_lang.unwrap_or(Lang::En));
    let changed = input.temperature.is_some() || input.max_tokens.is_some();
    if let Some(t) = input.temperature {
        sampling.temperature = Some(t);
    }
    if let Some(n) = input.max_tokens {
        sampling.max_tokens = Some(i64::from(n));
    }

    let context_started = Instant::now();
    let sections = context::sections(tempo, language, &allowed, about).await?;
    let passages = context::passages(tempo, &input.question, language).await;
    let context_ms = context_started.elapsed().as_millis() as u32;

    // Stored only now that everything checked out.
    let now = tempo.clock.now();
    let (conversation_id, created) = match input.conversation_id {
        Some(id) => {
            if changed {
                repo::set_conversation_settings(db, i64::from(id), sampling).await?;
            }
            (i64::from(id), false)
        }
        None => {
            let title: String = input.question.trim().chars().take(80).collect();
            let about_json = about.map(|a| serde_json::to_string(&a).unwrap_or_default());
            (
                repo::create_conversation(db, &title, about_json.as_deref(), sampling, now).await?,
                true,
            )
        }
    };
    let question_id = match answering {
        // Answering a stored question again: nothing new to store.
        Some(_) => None,
        None => Some(
            repo::add_message(
                db,
                &repo::MessageRow {
                    conversation_id,
                    role: "user".into(),
                    content: input.question.trim().to_owned(),
                    created_at: now.to_rfc3339(),
                    language: Some(language.code().into()),
                    citations_json: "[]".into(),
                    suggestions_json: "[]".into(),
                    tools_json: "[]".into(),
                    ..repo::MessageRow::default()
                },
            )
            .await?,
        ),
    };

    let (provider, model_name) = match &route {
        Route::Grounded => (CoachProvider::None, String::new()),
        Route::Model {
            model, provider, ..
        } => (*provider, model.model().to_owned()),
    };
    on_event(CoachEvent::Started {
        conversation_id: super::narrow(conversation_id),
        provider,
        model: model_name.clone(),
        grounded: matches!(route, Route::Grounded),
    });

    let today = tempo.clock.today().to_string();
    let result = match &route {
        Route::Grounded => {
            let g = tempo_coach::grounded::answer(&input.question, language, &sections, &passages);
            // Streamed by paragraph, so the UI shows it the way it shows a model's.
            for piece in g.text.split_inclusive("\n\n") {
                on_event(CoachEvent::Token {
                    text: piece.to_owned(),
                });
            }
            Ok(Outcome {
                answer: g.text,
                citations: g.citations.into_iter().map(Citation::from).collect(),
                suggestions: Vec::new(),
                usage: TokenUsage::default(),
                first_token_ms: Some(started.elapsed().as_millis() as u32),
                stopped: false,
                tools: Vec::new(),
            })
        }
        Route::Model { model, .. } => {
            let tools = AthleteTools {
                tempo: tempo.clone(),
                allowed: allowed.clone(),
                lang: language,
                has_activities: sections
                    .iter()
                    .any(|s| s.topic == agent::Topic::Recent && !s.facts.is_empty()),
                has_plan: sections
                    .iter()
                    .any(|s| s.topic == agent::Topic::Plan && !s.facts.is_empty()),
            };
            let toolbox: &dyn Toolbox = if model.supports_tools() {
                &tools
            } else {
                &NoTools
            };
            let turn_input = TurnInput {
                question: input.question.trim().to_owned(),
                language,
                history,
                context: sections,
                passages,
                today,
                temperature: Some(sampling.temperature.unwrap_or(s.temperature) as f32),
                max_tokens: Some(super::stored_tokens(sampling.max_tokens).unwrap_or(s.max_tokens)),
            };
            let relay = |e: TurnEvent| match e {
                TurnEvent::Token(text) => on_event(CoachEvent::Token { text }),
                TurnEvent::Tool { name, arguments } => on_event(CoachEvent::Tool {
                    name,
                    detail: arguments,
                }),
            };
            agent::run(model.as_ref(), toolbox, turn_input, &relay, cancel)
                .await
                .map(|out| Outcome {
                    answer: out.answer,
                    citations: out.citations.into_iter().map(Citation::from).collect(),
                    suggestions: out
                        .suggestions
                        .into_iter()
                        .enumerate()
                        .map(|(i, d)| Suggestion {
                            id: format!("s{}", i + 1),
                            kind: d.kind,
                            workout_id: super::narrow(d.workout_id),
                            title: d.title,
                            from: d.from,
                            to: d.to,
                            reason: d.reason,
                            status: SuggestionStatus::Pending,
                        })
                        .collect(),
                    usage: TokenUsage {
                        prompt_tokens: out.usage.prompt_tokens,
                        completion_tokens: out.usage.completion_tokens,
                        estimated: out.usage.estimated,
                    },
                    first_token_ms: out.first_token.map(|d| d.as_millis() as u32),
                    stopped: out.finish == FinishReason::Cancelled,
                    tools: out.tool_calls.into_iter().map(|c| c.name).collect(),
                })
                .map_err(from_coach)
        }
    };
    let out = match result {
        Ok(o) => o,
        Err(e) => {
            // Leave no orphan question: the athlete asks again.
            if created {
                repo::delete_conversation(db, conversation_id).await?;
            } else if let Some(q) = question_id {
                repo::delete_message(db, q).await?;
            }
            return Err(e);
        }
    };

    let latency_ms = started.elapsed().as_millis() as u32;
    let cloud = matches!(route, Route::Model { cloud: true, .. });
    let cost_usd = match &route {
        Route::Grounded => Some(0.0),
        Route::Model { .. } => pricing::cost(
            &model_name,
            !cloud,
            out.usage.prompt_tokens,
            out.usage.completion_tokens,
        ),
    };
    let row = repo::MessageRow {
        conversation_id,
        role: "assistant".into(),
        content: out.answer.clone(),
        created_at: tempo.clock.now().to_rfc3339(),
        provider: Some(provider.as_str().into()),
        model: Some(model_name.clone()).filter(|m| !m.is_empty()),
        prompt_tokens: Some(i64::from(out.usage.prompt_tokens)),
        completion_tokens: Some(i64::from(out.usage.completion_tokens)),
        tokens_estimated: out.usage.estimated,
        latency_ms: Some(i64::from(latency_ms)),
        first_token_ms: out.first_token_ms.map(i64::from),
        context_ms: Some(i64::from(context_ms)),
        cost_usd,
        grounded: matches!(route, Route::Grounded),
        stopped: out.stopped,
        language: Some(language.code().into()),
        citations_json: to_json(&out.citations),
        suggestions_json: to_json(&out.suggestions),
        tools_json: to_json(&out.tools),
        ..repo::MessageRow::default()
    };
    let message_id = repo::add_message(db, &row).await?;
    let answer = CoachAnswer {
        conversation_id: super::narrow(conversation_id),
        message_id: super::narrow(message_id),
        answer: out.answer,
        citations: out.citations,
        suggestions: out.suggestions,
        usage: out.usage,
        provider,
        model: model_name,
        latency_ms,
        first_token_ms: out.first_token_ms,
        context_ms,
        cost_usd,
        grounded: matches!(route, Route::Grounded),
        stopped: out.stopped,
        language: language.code().into(),
    };
    on_event(CoachEvent::Done {
        answer: answer.clone(),
    });
    Ok(answer)
}

struct Outcome {
    answer: String,
    citations: Vec<Citation>,
    suggestions: Vec<Suggestion>,
    usage: TokenUsage,
    first_token_ms: Option<u32>,
    stopped: bool,
    tools: Vec<String>,
}

/// The stored JSON columns (plain DTOs: serialising them cannot fail).
fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

impl AskAbout {
    /// `activity:12`, `workout:3`, `plan`, `dashboard` (the CLI's and the
    /// UI's URL form).
    pub fn parse(s: &str) -> Option<AskAbout> {
        let (kind, id) = s.split_once(':').unwrap_or((s, ""));
        let id = id.parse::<i32>().ok();
        match (kind, id) {
            ("dashboard", _) => Some(AskAbout::Dashboard),
            ("plan", _) => Some(AskAbout::Plan),
            ("activity", Some(id)) => Some(AskAbout::Activity { id }),
            ("workout", Some(id)) => Some(AskAbout::Workout { id }),
            _ => None,
        }
    }
}
