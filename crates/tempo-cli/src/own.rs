//! `tempo backup …`, `tempo erase …`, `tempo rpe …`, `tempo wellness …`,
//! `tempo reminders …`, and adding or editing activities by hand.

use std::path::PathBuf;

use chrono::{Local, NaiveDate, Offset, TimeZone};
use clap::{Args, Subcommand};
use tempo_api::entries::{self, ActivityEdit, Feedback, ManualActivityInput, WellnessDay};
use tempo_api::reminders::{self, ReminderKinds};
use tempo_api::{AppError, ErrorCode, Tempo, activities, backup, erase};

use crate::output::{emit, json};

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Back the database up (consistent while the app runs), into the
    /// backups folder or to --out.
    Create {
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// The backups in the backups folder, newest first.
    List,
    /// Restore a backup: checked and migrated first; the current database is
    /// backed up before it is replaced.
    Restore {
        file: PathBuf,
        /// Confirm replacing the current data.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum RpeCommand {
    /// Set an activity's RPE (CR10, 0–10), and optionally its notes.
    Set {
        activity_id: i32,
        value: i32,
        #[arg(long)]
        notes: Option<String>,
    },
    /// Set a planned workout's RPE instead.
    Workout {
        workout_id: i32,
        value: i32,
        #[arg(long)]
        notes: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum WellnessCommand {
    /// Record a day's wellness (1–5 scales); unset fields are cleared.
    Set {
        /// The day (default: today).
        #[arg(long)]
        date: Option<NaiveDate>,
        #[arg(long)]
        sleep_hours: Option<f64>,
        #[arg(long)]
        sleep_quality: Option<i32>,
        #[arg(long)]
        soreness: Option<i32>,
        #[arg(long)]
        mood: Option<i32>,
        #[arg(long)]
        notes: Option<String>,
    },
    /// Days between two dates (default: the last 7 days).
    List {
        #[arg(long)]
        from: Option<NaiveDate>,
        #[arg(long)]
        to: Option<NaiveDate>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RemindersCommand {
    /// Create the reminders now due, print the new ones.
    Refresh {
        /// en or fr.
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// The inbox, newest first.
    List,
    /// Mark every reminder read.
    Read,
}

/// `tempo activities add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// running, cycling, swimming, walking, hiking, rowing, cross_country_skiing, strength, other.
    #[arg(long)]
    sport: String,
    /// Local start, YYYY-MM-DDTHH:MM.
    #[arg(long)]
    start: String,
    /// Duration, h:mm:ss or minutes.
    #[arg(long)]
    duration: String,
    /// Distance in km.
    #[arg(long)]
    distance_km: Option<f64>,
    #[arg(long)]
    avg_hr: Option<f64>,
    #[arg(long)]
    max_hr: Option<f64>,
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    description: Option<String>,
    /// CR10, 0–10.
    #[arg(long)]
    rpe: Option<i32>,
    #[arg(long)]
    notes: Option<String>,
}

/// `tempo activities edit`: only the fields given change.
#[derive(Debug, Args)]
pub struct EditArgs {
    id: i32,
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    sport: Option<String>,
    #[arg(long)]
    description: Option<String>,
    /// Whether it adds to training load (true/false).
    #[arg(long)]
    counts_for_load: Option<bool>,
    /// Leave it out of export bundles (true/false).
    #[arg(long)]
    exclude_from_export: Option<bool>,
}

/// "1:02:03", "45:00" or "45" (minutes).
fn parse_duration(s: &str) -> Result<f64, AppError> {
    let parts: Vec<&str> = s.trim().split(':').collect();
    let nums: Option<Vec<f64>> = parts.iter().map(|p| p.parse::<f64>().ok()).collect();
    let bad = || {
        AppError::invalid(
            "duration_s",
            format!("{s:?} is not a duration (h:mm:ss, mm:ss or minutes)"),
        )
    };
    let nums = nums.ok_or_else(bad)?;
    Ok(match nums.as_slice() {
        [m] => m * 60.0,
        [m, s] => m * 60.0 + s,
        [h, m, s] => h * 3600.0 + m * 60.0 + s,
        _ => return Err(bad()),
    })
}

/// The machine's UTC offset at a local time (the CLI runs where the athlete is).
fn local_offset(start: &str) -> Option<i32> {
    let naive = chrono::NaiveDateTime::parse_from_str(start.trim(), "%Y-%m-%dT%H:%M").ok()?;
    Local
        .from_local_datetime(&naive)
        .earliest()
        .map(|t| t.offset().fix().local_minus_utc())
}

pub async fn add(tempo: &Tempo, a: AddArgs, as_json: bool) -> Result<(), AppError> {
    let input = ManualActivityInput {
        utc_offset_s: local_offset(&a.start),
        sport: a.sport,
        start_local: a.start,
        duration_s: parse_duration(&a.duration)?,
        distance_m: a.distance_km.map(|km| km * 1000.0),
        avg_hr: a.avg_hr,
        max_hr: a.max_hr,
        name: a.name,
        description: a.description,
        rpe: a.rpe,
        notes: a.notes,
    };
    let id = entries::add_manual(tempo, &input).await?;
    let detail = activities::get(tempo, id).await?;
    if as_json {
        return json(&detail);
    }
    emit(&format!("added activity {id}"))
}

pub async fn edit(tempo: &Tempo, e: EditArgs, as_json: bool) -> Result<(), AppError> {
    let current = activities::get(tempo, e.id).await?;
    let edit = ActivityEdit {
        name: e.name.or(current.summary.name),
        sport: e.sport.unwrap_or(current.summary.sport),
        description: e.description.or(current.description),
        counts_for_load: e.counts_for_load.unwrap_or(current.counts_for_load),
        exclude_from_export: e.exclude_from_export.unwrap_or(current.exclude_from_export),
    };
    let detail = entries::edit(tempo, e.id, &edit).await?;
    if as_json {
        return json(&detail);
    }
    emit(&format!(
        "activity {}: edited {}",
        e.id,
        if detail.edited.is_empty() {
            "nothing".to_owned()
        } else {
            detail.edited.join(", ")
        }
    ))
}

pub async fn rpe(tempo: &Tempo, c: RpeCommand, as_json: bool) -> Result<(), AppError> {
    let (label, f) = match c {
        RpeCommand::Set {
            activity_id,
            value,
            notes,
        } => {
            // Keep the notes already there unless new ones are given.
            let notes = match notes {
                Some(n) => Some(n),
                None => activities::get(tempo, activity_id).await?.notes,
            };
            let f = Feedback {
                rpe: Some(value),
                notes,
            };
            (
                format!("activity {activity_id}"),
                entries::set_activity_feedback(tempo, activity_id, &f).await?,
            )
        }
        RpeCommand::Workout {
            workout_id,
            value,
            notes,
        } => (
            format!("planned workout {workout_id}"),
            entries::set_workout_feedback(
                tempo,
                workout_id,
                &Feedback {
                    rpe: Some(value),
                    notes,
                },
            )
            .await?,
        ),
    };
    if as_json {
        return json(&f);
    }
    emit(&format!("{label}: RPE {}", f.rpe.unwrap_or_default()))
}

pub async fn wellness(tempo: &Tempo, c: WellnessCommand, as_json: bool) -> Result<(), AppError> {
    let today = tempo.clock().today();
    let days = match c {
        WellnessCommand::Set {
            date,
            sleep_hours,
            sleep_quality,
            soreness,
            mood,
            notes,
        } => vec![
            entries::set_wellness(
                tempo,
                &WellnessDay {
                    date: date.unwrap_or(today),
                    sleep_hours,
                    sleep_quality,
                    soreness,
                    mood,
                    notes,
                },
            )
            .await?,
        ],
        WellnessCommand::List { from, to } => {
            let to = to.unwrap_or(today);
            let from = from.unwrap_or(to - chrono::Days::new(6));
            entries::wellness(tempo, from, to).await?
        }
    };
    if as_json {
        return json(&days);
    }
    let opt = |v: Option<i32>| v.map_or("-".to_owned(), |v| v.to_string());
    let mut out = String::from("date        sleep  quality  soreness  mood  notes\n");
    for d in &days {
        out.push_str(&format!(
            "{}  {:>5}  {:>7}  {:>8}  {:>4}  {}\n",
            d.date,
            d.sleep_hours.map_or("-".to_owned(), |h| format!("{h:.1}")),
            opt(d.sleep_quality),
            opt(d.soreness),
            opt(d.mood),
            d.notes.as_deref().unwrap_or("")
        ));
    }
    emit(out.trim_end())
}

pub async fn backup(tempo: Tempo, c: BackupCommand, as_json: bool) -> Result<Tempo, AppError> {
    match c {
        BackupCommand::Create { out } => {
            let b = backup::create(&tempo, out.as_deref()).await?;
            if as_json {
                json(&b)?;
            } else {
                emit(&format!(
                    "backed up to {} ({:.1} MB)",
                    b.path,
                    b.size_bytes / 1e6
                ))?;
            }
            Ok(tempo)
        }
        BackupCommand::List => {
            let list = backup::list(&tempo)?;
            if as_json {
                json(&list)?;
            } else {
                let mut out = format!("{}\n", list.dir);
                for b in &list.backups {
                    out.push_str(&format!(
                        "{}  {:<11}  {:>8.1} MB  {}\n",
                        b.created_at,
                        b.kind,
                        b.size_bytes / 1e6,
                        b.file_name
                    ));
                }
                if list.backups.is_empty() {
                    out.push_str("no backups yet\n");
                }
                emit(out.trim_end())?;
            }
            Ok(tempo)
        }
        BackupCommand::Restore { file, yes } => {
            if !yes {
                return Err(AppError::invalid(
                    "yes",
                    "restoring replaces the current data (it is backed up first): add --yes to confirm",
                ));
            }
            let (tempo, report) = backup::restore(tempo, &file).await?;
            if as_json {
                json(&report)?;
            } else {
                emit(&format!(
                    "restored {} ({} activities{}); the data it replaced is in {}",
                    report.restored_from,
                    report.activities,
                    if report.migrated {
                        ", brought up to date"
                    } else {
                        ""
                    },
                    report.safety_backup.path
                ))?;
            }
            Ok(tempo)
        }
    }
}

/// `tempo erase`: returns the installation when it still exists.
pub async fn erase_cmd(
    tempo: Tempo,
    provider: Option<String>,
    all: bool,
    yes: bool,
    models: bool,
    as_json: bool,
) -> Result<Option<Tempo>, AppError> {
    match (provider, all) {
        (Some(p), false) => {
            if !yes {
                let preview = erase::preview(&tempo, Some(&p)).await?;
                return Err(AppError::invalid(
                    "yes",
                    format!(
                        "this erases: {}. Add --yes to confirm",
                        preview.items.join("; ")
                    ),
                ));
            }
            let r = erase::erase_provider(&tempo, &p).await?;
            if as_json {
                json(&r)?;
            } else {
                emit(&format!(
                    "erased {} activities and {} source records from {p}",
                    r.activities_deleted, r.sources_removed
                ))?;
            }
            Ok(Some(tempo))
        }
        (None, true) => {
            if !yes {
                let preview = erase::preview(&tempo, None).await?;
                return Err(AppError::invalid(
                    "yes",
                    format!(
                        "this erases everything: {}. Add --yes to confirm",
                        preview.items.join("; ")
                    ),
                ));
            }
            let r = erase::erase_all(tempo, models, &[]).await?;
            if as_json {
                json(&r)?;
            } else {
                emit(&format!(
                    "erased {} paths and {} keychain entries{}",
                    r.removed.len(),
                    r.keychain_entries,
                    if r.left.is_empty() {
                        String::new()
                    } else {
                        format!("; could not remove: {}", r.left.join(", "))
                    }
                ))?;
            }
            Ok(None)
        }
        _ => Err(AppError::new(
            ErrorCode::InvalidInput,
            "give either --provider NAME or --all",
        )),
    }
}

pub async fn reminders_cmd(
    tempo: &Tempo,
    c: RemindersCommand,
    as_json: bool,
) -> Result<(), AppError> {
    let items = match c {
        RemindersCommand::Refresh { lang } => {
            reminders::refresh(tempo, ReminderKinds::default(), &lang).await?
        }
        RemindersCommand::List => reminders::inbox(tempo).await?.items,
        RemindersCommand::Read => {
            reminders::mark_read(tempo, &[]).await?;
            Vec::new()
        }
    };
    if as_json {
        return json(&items);
    }
    let mut out = String::new();
    for r in &items {
        out.push_str(&format!(
            "{} {}  {}\n    {}\n",
            if r.read { " " } else { "•" },
            r.created_at,
            r.title,
            r.body
        ));
    }
    emit(out.trim_end())
}
