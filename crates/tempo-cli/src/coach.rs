//! `tempo coach …` and `tempo consent …`: ask the coach (the answer streams
//! to the terminal; Ctrl-C stops it and keeps what came), its
//! conversations, configuration, keys, models and usage.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use tempo_api::coach::{
    self, AskAbout, AskInput, CoachConfigInput, CoachEvent, CoachProvider, Overrides,
    ProviderSetupInput,
};
use tempo_api::kb::KbLang;
use tempo_api::{AppError, Tempo, privacy};
use tempo_coach::CancellationToken;

use crate::output::{emit, json};

#[derive(Debug, Subcommand)]
pub enum CoachCommand {
    /// Ask a question; the answer streams to the terminal.
    Ask(Box<AskArgs>),
    /// Saved conversations.
    #[command(subcommand)]
    Conversations(ConversationsCommand),
    /// Show the coach's configuration (never a key).
    Config,
    /// Set the active provider and one provider's base URL and model.
    Configure(Box<ConfigureArgs>),
    /// Store a provider's API key in the OS keychain, read from an
    /// environment variable (so it is not in the shell history).
    SetKey {
        provider: String,
        #[arg(long, value_name = "VAR")]
        from_env: String,
    },
    /// Delete a provider's API key from the keychain.
    DeleteKey { provider: String },
    /// The models a provider's server offers.
    Models {
        provider: String,
        /// Ask this server instead of the configured one.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Read the API key from this environment variable instead of the keychain.
        #[arg(long, value_name = "VAR")]
        api_key_env: Option<String>,
    },
    /// Tokens, latency and estimated cost per day and provider.
    Usage {
        #[arg(long, default_value_t = 30)]
        days: u32,
    },
    /// First questions suggested from your data.
    Suggest {
        #[arg(long, value_parser = crate::parse_lang, default_value = "en")]
        lang: KbLang,
    },
}

#[derive(Debug, Args)]
pub struct AskArgs {
    /// The question (any language; the answer uses the same one).
    pub question: String,
    /// none (grounded, no model), local, openai, openai_compatible, anthropic, gemini.
    #[arg(long)]
    pub provider: Option<String>,
    /// The server's base URL, e.g. http://localhost:11434/v1 (any
    /// OpenAI-compatible server with --provider openai).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Model name (or a .gguf path with --provider local).
    #[arg(long)]
    pub model: Option<String>,
    /// Read the API key from this environment variable instead of the keychain.
    #[arg(long, value_name = "VAR")]
    pub api_key_env: Option<String>,
    /// Continue this conversation.
    #[arg(long)]
    pub conversation: Option<i32>,
    /// What the question is about: dashboard, plan, activity:ID, workout:ID.
    #[arg(long)]
    pub about: Option<String>,
    /// 0 to 2; kept by the conversation for its next questions.
    #[arg(long)]
    pub temperature: Option<f64>,
    /// The longest answer, in tokens (16 to 32,768); kept by the conversation.
    #[arg(long)]
    pub max_tokens: Option<u32>,
}

#[derive(Debug, Args)]
pub struct ConfigureArgs {
    /// The provider the coach uses from now on.
    #[arg(long)]
    pub active: Option<String>,
    /// The provider whose base URL and model to set (default: --active).
    #[arg(long)]
    pub provider: Option<String>,
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    #[arg(long)]
    pub model: Option<String>,
    #[arg(long)]
    pub temperature: Option<f64>,
    #[arg(long)]
    pub max_tokens: Option<u32>,
    /// The GGUF file of the local model.
    #[arg(long, value_name = "FILE")]
    pub local_model: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum ConversationsCommand {
    /// Conversations, most recent first.
    List {
        /// Only those whose title or messages contain this text.
        #[arg(long)]
        search: Option<String>,
    },
    /// One conversation with its messages.
    Show {
        id: i32,
    },
    /// As markdown, to stdout or --out.
    Export {
        id: i32,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    Rename {
        id: i32,
        title: String,
    },
    /// The temperature and answer length this conversation answers with.
    Settings {
        id: i32,
        #[arg(long)]
        temperature: Option<f64>,
        #[arg(long)]
        max_tokens: Option<u32>,
        /// Back to the coach's defaults (then --temperature/--max-tokens, if given).
        #[arg(long)]
        reset: bool,
    },
    Delete {
        id: i32,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConsentCommand {
    /// What each cloud provider may receive.
    List,
    /// Allow a provider to receive these kinds of data (comma-separated:
    /// profile, thresholds, activity_summaries, activity_streams, rpe_notes,
    /// wellness, plan, strava_activities).
    Grant {
        provider: String,
        #[arg(long, value_delimiter = ',', required = true)]
        fields: Vec<String>,
    },
    /// Withdraw a provider's consent.
    Revoke { provider: String },
}

fn provider(name: &str) -> Result<CoachProvider, AppError> {
    CoachProvider::parse(name).ok_or_else(|| {
        AppError::invalid(
            "provider",
            format!(
                "unknown provider {name:?} (none, local, openai, openai_compatible, anthropic, gemini)"
            ),
        )
    })
}

pub async fn run(tempo: &Tempo, command: CoachCommand, as_json: bool) -> Result<(), AppError> {
    match command {
        CoachCommand::Ask(a) => ask(tempo, *a, as_json).await,
        CoachCommand::Conversations(c) => conversations(tempo, c, as_json).await,
        CoachCommand::Config => show_config(&coach::config(tempo).await?, as_json),
        CoachCommand::Configure(c) => configure(tempo, *c, as_json).await,
        CoachCommand::SetKey {
            provider: p,
            from_env,
        } => {
            let key = from_env_var(&from_env, "from_env")?;
            show_config(
                &coach::set_api_key(tempo, provider(&p)?, Some(&key)).await?,
                as_json,
            )
        }
        CoachCommand::DeleteKey { provider: p } => show_config(
            &coach::set_api_key(tempo, provider(&p)?, None).await?,
            as_json,
        ),
        CoachCommand::Models {
            provider: p,
            base_url,
            api_key_env,
        } => {
            let api_key = api_key_env
                .as_deref()
                .map(|var| from_env_var(var, "api_key_env"))
                .transpose()?;
            let at = coach::ModelsAt { base_url, api_key };
            let models = coach::models(tempo, provider(&p)?, &at).await?;
            if as_json {
                json(&models)
            } else {
                emit(&models.join("\n"))
            }
        }
        CoachCommand::Usage { days } => {
            let u = coach::usage(tempo, days).await?;
            if as_json {
                return json(&u);
            }
            let mut out = format!("last {} days\n", u.days);
            for r in &u.totals {
                out.push_str(&format!(
                    "{:<18} {:<28} {:>5} answers {:>8} in {:>7} out  {:>6} ms avg  {}\n",
                    r.provider.as_str(),
                    r.model,
                    r.requests,
                    r.prompt_tokens,
                    r.completion_tokens,
                    r.avg_latency_ms,
                    r.cost_usd
                        .map(|c| format!("${c:.4}"))
                        .unwrap_or_else(|| "cost unknown".into())
                ));
            }
            emit(out.trim_end())
        }
        CoachCommand::Suggest { lang } => {
            let q = coach::suggested_questions(tempo, lang).await?;
            if as_json {
                json(&q)
            } else {
                emit(&q.join("\n"))
            }
        }
    }
}

/// A secret named on the command line by its environment variable (never
/// the value itself: the shell history keeps arguments); `field` is the
/// option that named it.
fn from_env_var(var: &str, field: &str) -> Result<String, AppError> {
    std::env::var(var).map_err(|_| AppError::invalid(field, format!("${var} is not set")))
}

async fn ask(tempo: &Tempo, a: AskArgs, as_json: bool) -> Result<(), AppError> {
    let about = match a.about.as_deref() {
        Some(s) => Some(AskAbout::parse(s).ok_or_else(|| {
            AppError::invalid("about", "use dashboard, plan, activity:ID or workout:ID")
        })?),
        None => None,
    };
    let input = AskInput {
        question: a.question,
        conversation_id: a.conversation,
        about,
        provider: a.provider.as_deref().map(provider).transpose()?,
        model: a.model,
        temperature: a.temperature,
        max_tokens: a.max_tokens,
    };
    let api_key = a
        .api_key_env
        .as_deref()
        .map(|var| coach::key_from(&from_env_var(var, "api_key_env")?))
        .transpose()?;
    let overrides = Overrides {
        base_url: a.base_url,
        api_key,
    };
    let cancel = CancellationToken::new();
    let stop = cancel.clone();
    let ctrl_c = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            stop.cancel();
        }
    });
    let print = |e: CoachEvent| {
        if as_json {
            return;
        }
        match e {
            CoachEvent::Token { text } => {
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(text.as_bytes());
                let _ = out.flush();
            }
            CoachEvent::Tool { name, .. } => eprintln!("\n· {name}…"),
            CoachEvent::Started { .. } | CoachEvent::Done { .. } => {}
        }
    };
    let answer = coach::ask(tempo, &input, &overrides, &print, &cancel).await;
    ctrl_c.abort();
    let answer = answer?;
    if as_json {
        return json(&answer);
    }
    let mut tail = String::from("\n");
    if answer.stopped {
        tail.push_str("\n[stopped]\n");
    }
    if !answer.citations.is_empty() {
        tail.push_str("\nSources:\n");
        for c in &answer.citations {
            tail.push_str(&format!("  [{}:{}] {}\n", c.kind.as_str(), c.id, c.title));
        }
    }
    let who = if answer.grounded {
        "grounded answer, no model".to_owned()
    } else {
        format!("{} · {}", answer.provider.as_str(), answer.model)
    };
    tail.push_str(&format!(
        "\n{who} · {} + {} tokens · {} ms · conversation {}",
        answer.usage.prompt_tokens,
        answer.usage.completion_tokens,
        answer.latency_ms,
        answer.conversation_id
    ));
    emit(&tail)
}

async fn conversations(
    tempo: &Tempo,
    c: ConversationsCommand,
    as_json: bool,
) -> Result<(), AppError> {
    match c {
        ConversationsCommand::List { search } => {
            let list = coach::conversations(tempo, search.as_deref()).await?;
            if as_json {
                return json(&list);
            }
            let lines: Vec<String> = list
                .iter()
                .map(|c| {
                    format!(
                        "{:>5}  {}  {:>3} messages  {}",
                        c.id,
                        c.updated_at.get(..16).unwrap_or(&c.updated_at),
                        c.message_count,
                        c.title
                    )
                })
                .collect();
            emit(&lines.join("\n"))
        }
        ConversationsCommand::Show { id } => {
            if as_json {
                json(&coach::conversation(tempo, id).await?)
            } else {
                emit(&coach::export_markdown(tempo, id).await?)
            }
        }
        ConversationsCommand::Export { id, out } => {
            let md = coach::export_markdown(tempo, id).await?;
            match out {
                Some(path) => {
                    std::fs::write(&path, md).map_err(|e| {
                        AppError::invalid("out", format!("cannot write {}: {e}", path.display()))
                    })?;
                    if as_json {
                        json(&serde_json::json!({ "path": path }))
                    } else {
                        emit(&format!("wrote {}", path.display()))
                    }
                }
                None if as_json => json(&serde_json::json!({ "markdown": md })),
                None => emit(&md),
            }
        }
        ConversationsCommand::Rename { id, title } => {
            let s = coach::rename(tempo, id, &title).await?;
            if as_json {
                json(&s)
            } else {
                emit(&format!("renamed {id}: {}", s.title))
            }
        }
        ConversationsCommand::Settings {
            id,
            temperature,
            max_tokens,
            reset,
        } => {
            let mut settings = coach::ConversationSettingsInput::default();
            if !reset {
                let c = coach::conversation(tempo, id).await?;
                settings.temperature = c.temperature;
                settings.max_tokens = c.max_tokens;
            }
            settings.temperature = temperature.or(settings.temperature);
            settings.max_tokens = max_tokens.or(settings.max_tokens);
            let s = coach::set_conversation_settings(tempo, id, &settings).await?;
            if as_json {
                json(&s)
            } else {
                let or_default = |v: Option<String>| v.unwrap_or_else(|| "default".into());
                emit(&format!(
                    "{id}: temperature {}, max tokens {}",
                    or_default(s.temperature.map(|t| t.to_string())),
                    or_default(s.max_tokens.map(|n| n.to_string())),
                ))
            }
        }
        ConversationsCommand::Delete { id } => {
            coach::delete(tempo, id).await?;
            if as_json {
                json(&serde_json::json!({ "deleted": id }))
            } else {
                emit(&format!("deleted conversation {id}"))
            }
        }
    }
}

async fn configure(tempo: &Tempo, c: ConfigureArgs, as_json: bool) -> Result<(), AppError> {
    let current = coach::config(tempo).await?;
    let active = match c.active.as_deref() {
        Some(a) => provider(a)?,
        None => current.active,
    };
    let target = match c.provider.as_deref() {
        Some(p) => provider(p)?,
        None => active,
    };
    let providers = current
        .providers
        .iter()
        .map(|p| ProviderSetupInput {
            provider: p.provider,
            base_url: if p.provider == target {
                c.base_url.clone().unwrap_or_else(|| p.base_url.clone())
            } else {
                p.base_url.clone()
            },
            model: if p.provider == target {
                c.model.clone().unwrap_or_else(|| p.model.clone())
            } else {
                p.model.clone()
            },
        })
        .collect();
    let input = CoachConfigInput {
        active,
        temperature: c.temperature.unwrap_or(current.temperature),
        max_tokens: c.max_tokens.unwrap_or(current.max_tokens),
        providers,
        local_model_path: c
            .local_model
            .map(|p| p.display().to_string())
            .or(current.local_model_path),
    };
    show_config(&coach::set_config(tempo, &input).await?, as_json)
}

fn show_config(c: &coach::CoachConfig, as_json: bool) -> Result<(), AppError> {
    if as_json {
        return json(c);
    }
    let mut out = format!(
        "active: {}  temperature {}  max tokens {}\nlocal model: {}\n",
        c.active.as_str(),
        c.temperature,
        c.max_tokens,
        c.local_model_path.as_deref().unwrap_or("-")
    );
    for p in &c.providers {
        out.push_str(&format!(
            "{:<18} {:<40} model {:<24} key {}{}\n",
            p.provider.as_str(),
            p.base_url,
            if p.model.is_empty() { "-" } else { &p.model },
            if p.has_key { "stored" } else { "none" },
            if p.cloud {
                format!("  sends: {}", p.consent_fields.join(", "))
            } else {
                "  (this computer)".into()
            }
        ));
    }
    emit(out.trim_end())
}

pub async fn consent(tempo: &Tempo, c: ConsentCommand, as_json: bool) -> Result<(), AppError> {
    match c {
        ConsentCommand::List => {
            let list = privacy::consents(tempo).await?;
            if as_json {
                return json(&list);
            }
            let lines: Vec<String> = list
                .iter()
                .map(|c| format!("{:<18} {}", c.provider, c.fields.join(", ")))
                .collect();
            if lines.is_empty() {
                emit("no provider may receive your data")
            } else {
                emit(&lines.join("\n"))
            }
        }
        ConsentCommand::Grant { provider, fields } => {
            let c = privacy::grant(tempo, &provider, &fields).await?;
            if as_json {
                json(&c)
            } else {
                emit(&format!(
                    "{} may receive: {}",
                    c.provider,
                    c.fields.join(", ")
                ))
            }
        }
        ConsentCommand::Revoke { provider } => {
            privacy::revoke(tempo, &provider).await?;
            if as_json {
                json(&serde_json::json!({ "revoked": provider }))
            } else {
                emit(&format!("{provider} may no longer receive your data"))
            }
        }
    }
}
