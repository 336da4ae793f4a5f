//! `tempo`: Tempo from the command line.
//!
//! Every subcommand calls the same `tempo-api` function the desktop app calls,
//! on the same database by default, so a script can check any figure the app
//! shows. `--json` prints the DTO exactly as the app receives it.
//!
//! Exit codes (stable, for scripts): 0 success; 1 unexpected failure; 2 usage
//! error (bad flags); 3 invalid input (the value was refused); 4 the database
//! cannot be used (damaged, unreadable, from a newer Tempo); 5 keychain,
//! settings or knowledge base unavailable; 6 an import finished but some files
//! could not be read (the summary lists them); 7 the coach's model failed
//! (unreachable, key refused, rate limited, an invalid answer, the local
//! model). Errors go to stderr, as `{"error": {code, message,
//! field}}` with `--json`.

mod coach;
mod output;
mod own;
mod plan;
mod sync;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use tempo_api::activities;
use tempo_api::kb::{self, KbLang};
use tempo_api::profile::{self, MeasureKey, ProfileInput, Sex};
use tempo_api::{AppError, ErrorCode, Tempo, TempoOptions, diagnostics, metrics, paths};

#[derive(Debug, Parser)]
#[command(
    name = "tempo",
    version,
    about = "Tempo, a local-first training coach, from the command line"
)]
struct Cli {
    /// Database file (default: the app's, in the platform data folder; or $TEMPO_DB).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Print machine-readable JSON on stdout.
    #[arg(long, global = true)]
    json: bool,
    /// More log output on stderr (-v info, -vv debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The athlete profile and its dated measures.
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Versions, database path and size, log folder.
    Diagnostics,
    /// The sports-science knowledge base: search it, read a page, rebuild its index.
    #[command(subcommand)]
    Kb(KbCommand),
    /// Import activity files (FIT, GPX, TCX, .gz), folders and Garmin or Strava
    /// account exports (.zip). Re-importing is a no-op.
    Import {
        /// Files, folders or zip archives.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Stored activities.
    #[command(subcommand)]
    Activities(ActivitiesCommand),
    /// Training metrics.
    #[command(subcommand)]
    Metrics(MetricsCommand),
    /// Goals: the race or aim a plan is built for.
    #[command(subcommand)]
    Goal(plan::GoalCommand),
    /// Training plans: generate, show, export, adapt.
    #[command(subcommand)]
    Plan(plan::PlanCommand),
    /// Back up the database, list backups, restore one.
    #[command(subcommand)]
    Backup(own::BackupCommand),
    /// Erase everything one provider brought (--provider), or everything
    /// Tempo stored (--all): database, backups, caches, logs, keychain.
    Erase {
        /// file, garmin_export, strava_export, manual…
        #[arg(long, conflicts_with = "all")]
        provider: Option<String>,
        #[arg(long)]
        all: bool,
        /// Also delete downloaded models (with --all).
        #[arg(long, requires = "all")]
        models: bool,
        /// Confirm (without it, prints what would go and exits with code 3).
        #[arg(long)]
        yes: bool,
    },
    /// Rate of perceived exertion (CR10) and notes.
    #[command(subcommand)]
    Rpe(own::RpeCommand),
    /// Daily wellness notes: sleep, soreness, mood.
    #[command(subcommand)]
    Wellness(own::WellnessCommand),
    /// The reminders inbox.
    #[command(subcommand)]
    Reminders(own::RemindersCommand),
    /// Export everything (or a date range) as an open bundle: TCX, CSV,
    /// JSON, ICS, with a README; written to a new folder inside --out.
    Export {
        #[arg(long)]
        from: Option<NaiveDate>,
        #[arg(long)]
        to: Option<NaiveDate>,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Read an export bundle back (into a fresh database, say).
    ImportBundle { dir: PathBuf },
    /// The coach: ask a question, conversations, providers, keys, usage.
    #[command(subcommand)]
    Coach(coach::CoachCommand),
    /// What each cloud provider may receive (consent).
    #[command(subcommand)]
    Consent(coach::ConsentCommand),
    /// Provider accounts (Strava, intervals.icu, Garmin Connect): list,
    /// connect, disconnect.
    #[command(subcommand)]
    Accounts(sync::AccountsCommand),
    /// Sync connected accounts (or one): new activities, then the history
    /// not fetched yet, then wellness. Ctrl-C stops; the next sync resumes.
    Sync(sync::SyncArgs),
}

#[derive(Debug, Subcommand)]
enum MetricsCommand {
    /// One activity's metrics (power, heart rate, zones, best efforts, load),
    /// with the thresholds in force on its date.
    Activity { id: i32 },
    /// Daily load with fitness (CTL), fatigue (ATL) and form (TSB).
    Load {
        /// From this day (YYYY-MM-DD).
        #[arg(long)]
        from: Option<NaiveDate>,
        /// Up to this day (default: today).
        #[arg(long)]
        to: Option<NaiveDate>,
    },
    /// Recompute every activity's stored load figure and summary.
    Recompute,
    /// VDOT, race predictions (Daniels and Riegel), training paces, and
    /// critical power/speed fits from the last 90 days.
    Predict,
    /// Thresholds the data suggests (max HR, LTHR, FTP, threshold pace, VMA).
    Estimates,
    /// Record a suggested threshold in the profile, effective today.
    Accept {
        /// max_hr, lthr, ftp_w, threshold_pace_s_per_km or vma_kmh.
        #[arg(value_parser = parse_measure)]
        measure: MeasureKey,
        value: f64,
    },
    /// Today's form, ramp, acute:chronic ratio, monotony and strain.
    Status,
    /// Volume and load per week or month, by sport.
    Volume {
        #[arg(long, value_parser = parse_period, default_value = "week")]
        period: metrics::Period,
        #[arg(long)]
        from: Option<NaiveDate>,
        #[arg(long)]
        to: Option<NaiveDate>,
    },
    /// Mean-max curve (best power or pace per duration) for date ranges.
    Curve {
        #[arg(long, value_parser = parse_curve_kind, default_value = "power")]
        kind: metrics::CurveKind,
        /// FROM..TO (YYYY-MM-DD..YYYY-MM-DD); repeat to compare seasons.
        #[arg(long = "range", value_parser = parse_range, required = true)]
        ranges: Vec<metrics::DateRange>,
    },
    /// Time in zones summed over a range (default: the last 28 days).
    Zones {
        #[arg(long)]
        from: Option<NaiveDate>,
        #[arg(long)]
        to: Option<NaiveDate>,
    },
    /// The fitness-fatigue (impulse-response) model fitted to hard runs, with
    /// every fit's error.
    FitnessModel,
    /// Show, or change with any flag, how fitness and fatigue average the
    /// daily loads.
    LoadModel {
        /// Fitness (CTL) time constant, days (default 42).
        #[arg(long)]
        ctl_days: Option<f64>,
        /// Fatigue (ATL) time constant, days (default 7).
        #[arg(long)]
        atl_days: Option<f64>,
        /// linear (TrainingPeaks) or exponential (Banister).
        #[arg(long)]
        form: Option<String>,
    },
}

fn parse_measure(s: &str) -> Result<MeasureKey, String> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).map_err(|_| {
        format!(
            "unknown measure {s:?}: use max_hr, lthr, ftp_w, threshold_pace_s_per_km or vma_kmh"
        )
    })
}

fn parse_period(s: &str) -> Result<metrics::Period, String> {
    match s {
        "week" => Ok(metrics::Period::Week),
        "month" => Ok(metrics::Period::Month),
        _ => Err(format!("unknown period {s:?}: use week or month")),
    }
}

fn parse_curve_kind(s: &str) -> Result<metrics::CurveKind, String> {
    match s {
        "power" => Ok(metrics::CurveKind::Power),
        "pace" => Ok(metrics::CurveKind::Pace),
        _ => Err(format!("unknown curve {s:?}: use power or pace")),
    }
}

fn parse_range(s: &str) -> Result<metrics::DateRange, String> {
    let (a, b) = s
        .split_once("..")
        .ok_or_else(|| format!("{s:?} is not FROM..TO"))?;
    let day = |x: &str| {
        x.parse::<NaiveDate>()
            .map_err(|_| format!("{x:?} is not a date (YYYY-MM-DD)"))
    };
    Ok(metrics::DateRange {
        from: day(a)?,
        to: day(b)?,
    })
}

#[derive(Debug, Subcommand)]
enum ActivitiesCommand {
    /// List activities, newest first, with totals for the listed set.
    List {
        /// Only these sports (running, cycling, swimming…); repeat or comma-separate.
        #[arg(long, value_delimiter = ',')]
        sport: Vec<String>,
        /// From this day (YYYY-MM-DD, inclusive).
        #[arg(long)]
        from: Option<NaiveDate>,
        /// Up to this day (YYYY-MM-DD, inclusive).
        #[arg(long)]
        to: Option<NaiveDate>,
        /// Words to look for in the name, sport or device.
        #[arg(long)]
        text: Option<String>,
    },
    /// One activity: both sets of totals, laps, sources; --streams adds the 1 Hz streams.
    Show {
        id: i32,
        #[arg(long)]
        streams: bool,
    },
    /// Delete an activity with its laps, streams and sources.
    Delete { id: i32 },
    /// Add a session without a device (sport, start, duration…).
    Add(Box<own::AddArgs>),
    /// Edit an activity's name, sport, description, load and export flags; the
    /// edit wins over later re-imports.
    Edit(Box<own::EditArgs>),
}

#[derive(Debug, Subcommand)]
enum KbCommand {
    /// Hybrid (keyword + meaning) search; prints the best passages.
    Search {
        /// The question or words to look for, in English or French.
        query: String,
        /// How many passages (1 to 50).
        #[arg(long, default_value_t = tempo_api::kb::DEFAULT_HITS)]
        k: u32,
        /// The question's language (en or fr); favours pages written in it.
        #[arg(long, value_parser = parse_lang)]
        lang: Option<KbLang>,
    },
    /// Print one page (markdown) by id.
    Show { page_id: String },
    /// List every page.
    List,
    /// Rebuild the search index from the pages.
    Reindex,
}

fn parse_lang(text: &str) -> Result<KbLang, String> {
    match text {
        "en" => Ok(KbLang::En),
        "fr" => Ok(KbLang::Fr),
        _ => Err(format!("expected en or fr, got {text:?}")),
    }
}

#[derive(Debug, Subcommand)]
enum ProfileCommand {
    /// Show the profile as of today.
    Show,
    /// Change the profile; each measure given becomes a new dated history entry.
    Set(SetArgs),
    /// Every recorded measure, newest first.
    History,
}

#[derive(Debug, Args)]
struct SetArgs {
    #[arg(long)]
    name: Option<String>,
    /// female or male (used by sex-specific formulas such as Banister TRIMP).
    #[arg(long, value_parser = parse_sex)]
    sex: Option<Sex>,
    #[arg(long)]
    birth_year: Option<i32>,
    /// Body mass in kg.
    #[arg(long, value_name = "KG")]
    weight: Option<f64>,
    /// Height in cm.
    #[arg(long, value_name = "CM")]
    height: Option<f64>,
    /// Maximum heart rate, bpm.
    #[arg(long, value_name = "BPM")]
    max_hr: Option<f64>,
    /// Resting heart rate, bpm.
    #[arg(long, value_name = "BPM")]
    resting_hr: Option<f64>,
    /// Lactate threshold heart rate, bpm.
    #[arg(long, value_name = "BPM")]
    lthr: Option<f64>,
    /// Functional threshold power, W.
    #[arg(long, value_name = "W")]
    ftp: Option<f64>,
    /// Threshold pace per km, as M:SS (e.g. 4:15).
    #[arg(long, value_name = "M:SS")]
    threshold_pace: Option<String>,
    /// VMA (maximal aerobic speed), km/h.
    #[arg(long, value_name = "KMH")]
    vma: Option<f64>,
    /// Date from which the new values apply (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    effective: Option<NaiveDate>,
}

fn parse_sex(text: &str) -> Result<Sex, String> {
    match tempo_domain::Sex::from_key(text) {
        Some(s) => Ok(s.into()),
        None => Err(format!("expected female or male, got {text:?}")),
    }
}

impl SetArgs {
    fn into_input(self) -> Result<ProfileInput, AppError> {
        let threshold_pace_s_per_km = self
            .threshold_pace
            .as_deref()
            .map(tempo_domain::parse_pace)
            .transpose()?;
        Ok(ProfileInput {
            name: self.name,
            sex: self.sex,
            birth_year: self.birth_year,
            weight_kg: self.weight,
            height_cm: self.height,
            max_hr: self.max_hr,
            resting_hr: self.resting_hr,
            lthr: self.lthr,
            ftp_w: self.ftp,
            threshold_pace_s_per_km,
            vma_kmh: self.vma,
            effective: self.effective,
        })
    }

    fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.sex.is_none()
            && self.birth_year.is_none()
            && self.weight.is_none()
            && self.height.is_none()
            && self.max_hr.is_none()
            && self.resting_hr.is_none()
            && self.lthr.is_none()
            && self.ftp.is_none()
            && self.threshold_pace.is_none()
            && self.vma.is_none()
    }
}

fn exit_code(code: ErrorCode) -> u8 {
    match code {
        ErrorCode::InvalidInput | ErrorCode::NotFound => 3,
        ErrorCode::DatabaseCorrupt | ErrorCode::DatabaseUnreadable | ErrorCode::DatabaseTooNew => 4,
        ErrorCode::SecretStore
        | ErrorCode::Settings
        | ErrorCode::Knowledge
        | ErrorCode::ConsentRequired => 5,
        ErrorCode::PartialImport => 6,
        // The coach's model: unreachable, refused, limited or broken.
        ErrorCode::Unreachable
        | ErrorCode::Unauthorized
        | ErrorCode::RateLimited
        | ErrorCode::ProviderError
        | ErrorCode::SignIn
        | ErrorCode::LocalModel => 7,
        ErrorCode::Storage | ErrorCode::Busy | ErrorCode::Cancelled | ErrorCode::Internal => 1,
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stderr_filter = match cli.verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let _log = tempo_log::init(&tempo_log::LogConfig {
        dir: paths::log_dir().ok(),
        stderr_filter: stderr_filter.into(),
        file_filter: "info".into(),
    })
    .map_err(|e| eprintln!("warning: logging disabled: {e}"))
    .ok();

    let json = cli.json;
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(execute(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            output::error(&e, json);
            ExitCode::from(exit_code(e.code))
        }
    }
}

/// What to do, with every flag already validated (before the database is opened).
#[derive(Debug)]
enum Action {
    ProfileShow,
    ProfileSet(ProfileInput),
    ProfileHistory,
    Diagnostics,
    Kb(KbCommand),
    Import(Vec<PathBuf>),
    Activities(ActivitiesCommand),
    Metrics(MetricsCommand),
    Goal(plan::GoalCommand),
    Plan(plan::PlanCommand),
    Backup(own::BackupCommand),
    Erase {
        provider: Option<String>,
        all: bool,
        models: bool,
        yes: bool,
    },
    Rpe(own::RpeCommand),
    Wellness(own::WellnessCommand),
    Reminders(own::RemindersCommand),
    Export(tempo_api::export::ExportRange, PathBuf),
    ImportBundle(PathBuf),
    Coach(coach::CoachCommand),
    Consent(coach::ConsentCommand),
    Accounts(sync::AccountsCommand),
    Sync(sync::SyncArgs),
}

fn action(command: Command) -> Result<Action, AppError> {
    Ok(match command {
        Command::Profile(ProfileCommand::Show) => Action::ProfileShow,
        Command::Profile(ProfileCommand::History) => Action::ProfileHistory,
        Command::Diagnostics => Action::Diagnostics,
        Command::Kb(kb) => Action::Kb(kb),
        Command::Import { paths } => Action::Import(paths),
        Command::Activities(a) => Action::Activities(a),
        Command::Metrics(m) => Action::Metrics(m),
        Command::Goal(g) => Action::Goal(g),
        Command::Plan(p) => Action::Plan(p),
        Command::Backup(b) => Action::Backup(b),
        Command::Erase {
            provider,
            all,
            models,
            yes,
        } => Action::Erase {
            provider,
            all,
            models,
            yes,
        },
        Command::Rpe(r) => Action::Rpe(r),
        Command::Wellness(w) => Action::Wellness(w),
        Command::Reminders(r) => Action::Reminders(r),
        Command::Export { from, to, out } => {
            Action::Export(tempo_api::export::ExportRange { from, to }, out)
        }
        Command::ImportBundle { dir } => Action::ImportBundle(dir),
        Command::Coach(c) => Action::Coach(c),
        Command::Consent(c) => Action::Consent(c),
        Command::Accounts(a) => Action::Accounts(a),
        Command::Sync(s) => Action::Sync(s),
        Command::Profile(ProfileCommand::Set(args)) => {
            if args.is_empty() {
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    "nothing to set: give at least one of --name, --sex, --birth-year, --weight, --height, --max-hr, --resting-hr, --lthr, --ftp, --threshold-pace, --vma",
                ));
            }
            Action::ProfileSet(args.into_input()?)
        }
    })
}

async fn execute(cli: Cli) -> Result<(), AppError> {
    let action = action(cli.command)?;
    let tempo = Tempo::open(TempoOptions::system(paths::database_path(cli.db)?)?).await?;
    let json = cli.json;
    // Commands that replace or remove the database itself.
    let action = match action {
        Action::Backup(b) => {
            let result = own::backup(tempo, b, json).await;
            return match result {
                Ok(tempo) => tempo.close().await,
                Err(e) => Err(e),
            };
        }
        Action::Erase {
            provider,
            all,
            models,
            yes,
        } => {
            return match own::erase_cmd(tempo, provider, all, yes, models, json).await? {
                Some(tempo) => tempo.close().await,
                None => Ok(()),
            };
        }
        other => other,
    };
    let result = match action {
        Action::ProfileShow => output::profile(&profile::get(&tempo).await?, json),
        Action::ProfileSet(input) => output::profile(&profile::update(&tempo, input).await?, json),
        Action::ProfileHistory => output::history(&profile::history(&tempo).await?, json),
        Action::Diagnostics => output::diagnostics(&diagnostics::report(&tempo, None).await?, json),
        Action::Kb(KbCommand::Search { query, k, lang }) => {
            output::kb_search(&kb::search(&tempo, &query, Some(k), lang).await?, json)
        }
        Action::Kb(KbCommand::Show { page_id }) => {
            output::kb_page(&kb::page(&tempo, &page_id).await?, json)
        }
        Action::Kb(KbCommand::List) => output::kb_pages(&kb::pages(&tempo).await?, json),
        Action::Kb(KbCommand::Reindex) => output::kb_index(&kb::reindex(&tempo).await?, json),
        Action::Import(paths) => {
            let bar = output::ProgressBar::new();
            let summary = activities::import(
                &tempo,
                &paths,
                |p| bar.update(p),
                &activities::CancelFlag::default(),
            )
            .await?;
            bar.finish();
            output::import_summary(&summary, json).and_then(|()| {
                if summary.failed.is_empty() {
                    Ok(())
                } else {
                    Err(AppError::new(
                        ErrorCode::PartialImport,
                        format!("{} file(s) could not be imported", summary.failed.len()),
                    ))
                }
            })
        }
        Action::Activities(ActivitiesCommand::List {
            sport,
            from,
            to,
            text,
        }) => {
            let filter = activities::ActivityFilter {
                sports: (!sport.is_empty()).then_some(sport),
                from,
                to,
                text,
            };
            output::activity_list(&activities::list(&tempo, &filter).await?, json)
        }
        Action::Activities(ActivitiesCommand::Show { id, streams }) => {
            let detail = activities::get(&tempo, id).await?;
            let streams = if streams {
                Some(activities::streams(&tempo, id).await?)
            } else {
                None
            };
            output::activity_detail(&detail, streams.as_ref(), json)
        }
        Action::Metrics(MetricsCommand::Activity { id }) => {
            output::activity_metrics(&metrics::activity(&tempo, id).await?, json)
        }
        Action::Metrics(MetricsCommand::Load { from, to }) => {
            output::load_series(&metrics::load_series(&tempo, from, to).await?, json)
        }
        Action::Metrics(MetricsCommand::Recompute) => {
            output::recomputed(&metrics::recompute(&tempo).await?, json)
        }
        Action::Metrics(MetricsCommand::Predict) => {
            output::predictions(&metrics::predict(&tempo).await?, json)
        }
        Action::Metrics(MetricsCommand::Estimates) => {
            output::estimates(&metrics::estimates(&tempo).await?, json)
        }
        Action::Metrics(MetricsCommand::Accept { measure, value }) => output::profile(
            &metrics::accept_estimate(&tempo, measure, value).await?,
            json,
        ),
        Action::Metrics(MetricsCommand::Status) => {
            output::training_status(&metrics::status(&tempo).await?, json)
        }
        Action::Metrics(MetricsCommand::Volume { period, from, to }) => {
            output::volume(&metrics::volume(&tempo, from, to, period).await?, json)
        }
        Action::Metrics(MetricsCommand::Curve { kind, ranges }) => {
            output::curves(kind, &metrics::mean_max(&tempo, kind, &ranges).await?, json)
        }
        Action::Metrics(MetricsCommand::Zones { from, to }) => {
            output::zones(&metrics::zone_distribution(&tempo, from, to).await?, json)
        }
        Action::Metrics(MetricsCommand::FitnessModel) => {
            output::fitness_model(&metrics::fitness_model(&tempo).await?, json)
        }
        Action::Metrics(MetricsCommand::LoadModel {
            ctl_days,
            atl_days,
            form,
        }) => {
            let current = metrics::load_model(&tempo).await?;
            let model = if ctl_days.is_none() && atl_days.is_none() && form.is_none() {
                current
            } else {
                metrics::set_load_model(
                    &tempo,
                    metrics::LoadModel {
                        ctl_days: ctl_days.unwrap_or(current.ctl_days),
                        atl_days: atl_days.unwrap_or(current.atl_days),
                        form: form.unwrap_or(current.form),
                    },
                )
                .await?
            };
            output::load_model(&model, json)
        }
        Action::Goal(g) => plan::goal(&tempo, g, json).await,
        Action::Plan(p) => plan::plan(&tempo, p, json).await,
        Action::Activities(ActivitiesCommand::Delete { id }) => {
            activities::delete(&tempo, id).await?;
            output::deleted(id, json)
        }
        Action::Activities(ActivitiesCommand::Add(a)) => own::add(&tempo, *a, json).await,
        Action::Activities(ActivitiesCommand::Edit(e)) => own::edit(&tempo, *e, json).await,
        Action::Rpe(r) => own::rpe(&tempo, r, json).await,
        Action::Wellness(w) => own::wellness(&tempo, w, json).await,
        Action::Reminders(r) => own::reminders_cmd(&tempo, r, json).await,
        Action::Export(range, out) => {
            std::fs::create_dir_all(&out).map_err(|e| {
                AppError::invalid("out", format!("cannot create {}: {e}", out.display()))
            })?;
            let r = tempo_api::export::bundle(&tempo, &range, &out).await?;
            if json {
                output::json(&r)
            } else {
                output::emit(&format!(
                    "exported {} activities ({} excluded) to {}: {} files, {:.1} MB in {:.1} s",
                    r.activities,
                    r.excluded,
                    r.dir,
                    r.files,
                    r.bytes / 1e6,
                    r.took_ms / 1000.0
                ))
            }
        }
        Action::ImportBundle(dir) => {
            let r = tempo_api::export::import_bundle(&tempo, &dir).await?;
            if json {
                output::json(&r)
            } else {
                output::emit(&format!(
                    "read back {} activities, {} thresholds, {} plans, {} wellness days",
                    r.activities, r.thresholds, r.plans, r.wellness_days
                ))
            }
        }
        Action::Coach(c) => coach::run(&tempo, c, json).await,
        Action::Consent(c) => coach::consent(&tempo, c, json).await,
        Action::Accounts(a) => sync::accounts(&tempo, a, json).await,
        Action::Sync(s) => sync::sync_cmd(&tempo, s, json).await,
        Action::Backup(_) | Action::Erase { .. } => unreachable!("handled above"),
    };
    tempo.close().await?;
    result
}
