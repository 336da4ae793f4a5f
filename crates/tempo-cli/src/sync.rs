//! `tempo accounts …` and `tempo sync …`: connect and disconnect provider
//! accounts, and sync them from scripts or a terminal. Secrets are read
//! from environment variables (never arguments, which the shell history and
//! `ps` show); Garmin's MFA code is read from standard input.

use std::io::BufRead;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use tempo_api::activities::CancelFlag;
use tempo_api::sync::{
    self, AccountDto, GarminConnectInput, IntervalsConnectInput, StravaConnectInput, SyncRequest,
    SyncSummary,
};
use tempo_api::{AppError, ErrorCode, Tempo};
use tokio_util::sync::CancellationToken;

use crate::output::{emit, json};

#[derive(Debug, Subcommand)]
pub enum AccountsCommand {
    /// Every provider's account: connected or not, last sync, errors.
    List,
    /// Connect an account (credentials go to the OS keychain only).
    #[command(subcommand)]
    Connect(ConnectCommand),
    /// Disconnect an account: its secrets leave the keychain, its
    /// activities stay (`tempo erase --provider` removes them).
    Disconnect { provider: String },
    /// Wellness figures synced accounts sent (resting HR, HRV, weight,
    /// sleep), by day (default: the last 30 days).
    Wellness {
        #[arg(long)]
        from: Option<NaiveDate>,
        #[arg(long)]
        to: Option<NaiveDate>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConnectCommand {
    /// Strava, with your own API application (strava.com/settings/api,
    /// "Authorization Callback Domain" 127.0.0.1): opens the browser.
    Strava {
        #[arg(long)]
        client_id: String,
        /// The environment variable holding the client secret.
        #[arg(long, value_name = "VAR")]
        secret_from_env: String,
    },
    /// intervals.icu: athlete id and API key (Settings → Developer Settings).
    Intervals {
        #[arg(long)]
        athlete_id: String,
        /// The environment variable holding the API key.
        #[arg(long, value_name = "VAR")]
        key_from_env: String,
    },
    /// Garmin Connect: signs in once; the password is never stored.
    Garmin {
        #[arg(long)]
        username: String,
        /// The environment variable holding the password.
        #[arg(long, value_name = "VAR")]
        password_from_env: String,
        /// Sync once now and keep no token afterwards.
        #[arg(long)]
        one_time: bool,
    },
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// strava, intervals_icu or garmin_connect (default: every connected
    /// and enabled account).
    pub provider: Option<String>,
    /// List again from this day (YYYY-MM-DD), whatever was synced before.
    #[arg(long)]
    pub since: Option<NaiveDate>,
}

fn env_secret(var: &str, what: &str) -> Result<String, AppError> {
    std::env::var(var)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("the environment variable {var} (the {what}) is not set"),
            )
        })
}

fn describe(a: &AccountDto) -> String {
    let mut line = format!("{:<15} {:<12}", a.label, a.state);
    if let Some(name) = &a.account_name {
        line.push_str(&format!(" {name}"));
    }
    if a.connected {
        line.push_str(&format!(
            "  {} activities, {} pending",
            a.activities, a.pending
        ));
        if let Some(t) = &a.last_success_at {
            line.push_str(&format!(", last sync {t}"));
        }
        if let Some(t) = &a.rate_limited_until {
            line.push_str(&format!(", rate limited until {t}"));
        }
        if a.missing_upstream > 0 {
            line.push_str(&format!(", {} missing upstream", a.missing_upstream));
        }
    }
    if let Some(e) = &a.last_error {
        line.push_str(&format!("\n  last error ({}): {}", e.code, e.message));
    }
    line
}

pub async fn accounts(tempo: &Tempo, cmd: AccountsCommand, as_json: bool) -> Result<(), AppError> {
    let account = match cmd {
        AccountsCommand::List => {
            let all = sync::accounts(tempo).await?;
            if as_json {
                return json(&all);
            }
            let lines: Vec<String> = all.iter().map(describe).collect();
            return emit(&lines.join("\n"));
        }
        AccountsCommand::Wellness { from, to } => {
            let to = to.unwrap_or_else(|| tempo.clock().today());
            let from = from.unwrap_or(to - chrono::Duration::days(30));
            let days = sync::provider_wellness(tempo, from, to).await?;
            if as_json {
                return json(&days);
            }
            let opt =
                |v: Option<f64>, unit: &str| v.map_or("-".to_owned(), |x| format!("{x}{unit}"));
            let mut lines = vec![format!(
                "{:<10}  {:<15} {:>8} {:>8} {:>8} {:>8} {:>6}",
                "date", "provider", "rest HR", "HRV", "weight", "sleep", "score"
            )];
            for d in &days {
                lines.push(format!(
                    "{:<10}  {:<15} {:>8} {:>8} {:>8} {:>8} {:>6}",
                    d.date,
                    d.provider,
                    opt(d.resting_hr, ""),
                    opt(d.hrv_ms, " ms"),
                    opt(d.weight_kg, " kg"),
                    opt(d.sleep_hours, " h"),
                    opt(d.sleep_score, "")
                ));
            }
            if days.is_empty() {
                lines.push(format!("no wellness figures from {from} to {to}"));
            }
            return emit(&lines.join("\n"));
        }
        AccountsCommand::Disconnect { provider } => {
            sync::disconnect(tempo, sync::provider_of(&provider)?).await?
        }
        AccountsCommand::Connect(ConnectCommand::Strava {
            client_id,
            secret_from_env,
        }) => {
            let input = StravaConnectInput {
                client_id,
                client_secret: env_secret(&secret_from_env, "Strava client secret")?,
            };
            let cancel = CancellationToken::new();
            let stop = cancel.clone();
            let ctrl_c = tokio::spawn(async move {
                if tokio::signal::ctrl_c().await.is_ok() {
                    stop.cancel();
                }
            });
            let result = sync::connect_strava(
                tempo,
                &input,
                |url| {
                    eprintln!("Opening Strava in your browser. If it does not open, visit:\n{url}");
                    if let Err(e) = webbrowser::open(url) {
                        eprintln!("(cannot open a browser: {e})");
                    }
                    Ok(())
                },
                &cancel,
            )
            .await;
            ctrl_c.abort();
            result?
        }
        AccountsCommand::Connect(ConnectCommand::Intervals {
            athlete_id,
            key_from_env,
        }) => {
            let input = IntervalsConnectInput {
                athlete_id,
                api_key: env_secret(&key_from_env, "intervals.icu API key")?,
            };
            sync::connect_intervals(tempo, &input).await?
        }
        AccountsCommand::Connect(ConnectCommand::Garmin {
            username,
            password_from_env,
            one_time,
        }) => {
            let input = GarminConnectInput {
                username,
                password: env_secret(&password_from_env, "Garmin password")?,
                one_time,
            };
            let answer = sync::connect_garmin(tempo, &input).await?;
            let account = match answer.account {
                Some(a) => a,
                None => {
                    eprintln!("Garmin sent a verification code: type it and press Enter.");
                    let mut code = String::new();
                    std::io::stdin()
                        .lock()
                        .read_line(&mut code)
                        .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
                    sync::garmin_mfa(tempo, code.trim()).await?
                }
            };
            if one_time {
                // The tokens live in this process only: sync now or never.
                let runs = run(tempo, Some(sync::provider_of("garmin_connect")?), None).await?;
                return print_runs(&runs, as_json);
            }
            account
        }
    };
    if as_json {
        json(&account)
    } else {
        emit(&describe(&account))
    }
}

async fn run(
    tempo: &Tempo,
    provider: Option<tempo_sync::ProviderId>,
    since: Option<NaiveDate>,
) -> Result<Vec<SyncSummary>, AppError> {
    let cancel = CancelFlag::default();
    let stop = cancel.clone();
    let ctrl_c = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            stop.cancel();
        }
    });
    let request = SyncRequest {
        provider,
        since,
        ..Default::default()
    };
    let result = sync::sync(
        tempo,
        &request,
        |p| {
            if p.phase == "waiting" {
                if let Some(t) = &p.waiting_until {
                    eprintln!(
                        "{}: rate limit reached, the next request is at {t}",
                        p.provider
                    );
                }
            } else if p.phase == "fetching" && p.total > 0 {
                eprint!("\r{}: {} / {}   ", p.provider, p.fetched, p.total);
            }
        },
        &cancel,
    )
    .await;
    ctrl_c.abort();
    eprintln!();
    result
}

fn print_runs(runs: &[SyncSummary], as_json: bool) -> Result<(), AppError> {
    if as_json {
        return json(&runs);
    }
    let mut lines = Vec::new();
    for r in runs {
        let mut line = format!(
            "{}: {} new, {} merged, {} already stored, {} failed, {} wellness days ({:.1} s)",
            r.provider,
            r.imported,
            r.merged,
            r.duplicates,
            r.failed.len(),
            r.wellness_days,
            r.seconds
        );
        if let Some(t) = &r.rate_limited_until {
            line.push_str(&format!("\n  rate limit reached: resumes at {t}"));
        }
        if r.cancelled {
            line.push_str("\n  cancelled: what was stored stays, the next sync resumes");
        }
        if let Some(e) = &r.error {
            line.push_str(&format!("\n  error ({}): {}", e.code, e.message));
        }
        for f in &r.failed {
            line.push_str(&format!(
                "\n  {} {}: {}",
                f.remote_id,
                f.name.as_deref().unwrap_or(""),
                f.reason
            ));
        }
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push("no connected account to sync (tempo accounts connect …)".into());
    }
    emit(&lines.join("\n"))
}

/// `tempo sync`: the runs' summaries; a run that ended in an error makes
/// the command fail with that error's exit code (after printing them all).
pub async fn sync_cmd(tempo: &Tempo, args: SyncArgs, as_json: bool) -> Result<(), AppError> {
    let provider = args
        .provider
        .as_deref()
        .map(sync::provider_of)
        .transpose()?;
    let runs = run(tempo, provider, args.since).await?;
    print_runs(&runs, as_json)?;
    match runs.iter().find_map(|r| r.error.clone()) {
        Some(e) => Err(AppError::new(
            serde_json::from_value(serde_json::Value::String(e.code))
                .unwrap_or(ErrorCode::Internal),
            e.message,
        )),
        None => Ok(()),
    }
}
