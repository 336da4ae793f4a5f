//! `tempo goal …` and `tempo plan …`: goals and training plans.

use std::path::PathBuf;

use chrono::{NaiveDate, Weekday};
use clap::{Args, Subcommand};
use tempo_api::plans::{self, PlanFormat, PlanView};
use tempo_api::{AppError, Tempo};
use tempo_plan::{
    Availability, Constraints, Goal, GoalKind, IntensityStyle, Level, LevelSource, Preferences,
};

use crate::output::{emit, fmt_duration, json};

#[derive(Debug, Subcommand)]
pub enum GoalCommand {
    /// Check and store a goal; `tempo plan generate` then builds its plan.
    Set(Box<GoalArgs>),
    /// Every goal, newest first.
    List,
}

#[derive(Debug, Args)]
pub struct GoalArgs {
    /// 5k, 10k, half, marathon, trail or base.
    #[arg(long)]
    kind: String,
    /// Race day (YYYY-MM-DD); not for base building.
    #[arg(long)]
    race_date: Option<NaiveDate>,
    /// First day of the plan (default: next Monday).
    #[arg(long)]
    start: Option<NaiveDate>,
    /// Plan length in weeks (base building).
    #[arg(long)]
    weeks: Option<u32>,
    /// Target time (h:mm:ss or mm:ss); omit to just finish.
    #[arg(long)]
    target: Option<String>,
    /// Trail distance (km) and elevation gain (m).
    #[arg(long)]
    trail_km: Option<f64>,
    #[arg(long)]
    trail_elevation: Option<f64>,
    /// Training days, comma-separated (mon,tue,…).
    #[arg(long, value_delimiter = ',', required = true)]
    days: Vec<String>,
    /// Long-run day (one of --days).
    #[arg(long)]
    long_run_day: String,
    /// Longest session on other days, minutes.
    #[arg(long, default_value_t = 75)]
    max_session_min: u32,
    /// Longest long run, minutes.
    #[arg(long, default_value_t = 150)]
    max_long_run_min: u32,
    /// Take weekly volume, longest run and VDOT from the stored activities.
    #[arg(long, conflicts_with_all = ["weekly_km", "race"])]
    level_from_activities: bool,
    /// Current weekly running volume, km.
    #[arg(long)]
    weekly_km: Option<f64>,
    /// Longest recent run, km.
    #[arg(long)]
    longest_km: Option<f64>,
    /// A recent race: DISTANCE_KM:TIME, e.g. 10:45:00 or 5:19:30.
    #[arg(long)]
    race: Option<String>,
    /// Years of regular running.
    #[arg(long, default_value_t = 1.0)]
    years: f64,
    /// polarized or threshold.
    #[arg(long, default_value = "polarized")]
    intensity: String,
    #[arg(long)]
    cross_training: bool,
    #[arg(long)]
    treadmill: bool,
    /// A past running injury (smaller progression steps).
    #[arg(long)]
    injury: bool,
    /// Minimum days a week without running.
    #[arg(long, default_value_t = 1)]
    rest_days: u32,
    #[arg(long)]
    name: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Generate the plan of a goal (default: the newest) and make it active.
    Generate {
        #[arg(long)]
        goal: Option<i32>,
    },
    /// The active plan (or --id), week by week with compliance.
    Show {
        #[arg(long)]
        id: Option<i32>,
    },
    /// Export the active plan (or --id): ics, json or text to stdout or
    /// --out FILE; fit writes one workout file per session into --out DIR.
    Export {
        #[arg(long)]
        format: String,
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long)]
        id: Option<i32>,
    },
    /// Move a planned workout to another day.
    Move { workout: i32, date: NaiveDate },
    /// Skip a planned workout (--undo to put it back).
    Skip {
        workout: i32,
        #[arg(long)]
        undo: bool,
    },
    /// Check the active plan against what was done; propose an adjustment.
    Adapt,
    /// Accept a proposed adjustment.
    Accept { adjustment: i32 },
    /// Reject a proposed adjustment.
    Reject { adjustment: i32 },
}

fn invalid(field: &str, message: impl Into<String>) -> AppError {
    AppError::invalid(field, message)
}

fn weekday(s: &str) -> Result<Weekday, AppError> {
    s.trim()
        .parse::<Weekday>()
        .map_err(|_| invalid("days", format!("{s:?} is not a day (mon, tue, …)")))
}

/// "h:mm:ss" or "mm:ss" in seconds.
fn clock(s: &str) -> Result<u32, AppError> {
    let parts: Vec<&str> = s.split(':').collect();
    let nums: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
    match nums.as_deref() {
        Some([m, s]) if *s < 60 => Ok(m * 60 + s),
        Some([h, m, s]) if *m < 60 && *s < 60 => Ok(h * 3600 + m * 60 + s),
        _ => Err(invalid(
            "target_time_s",
            format!("{s:?} is not h:mm:ss or mm:ss"),
        )),
    }
}

async fn goal_of(tempo: &Tempo, a: &GoalArgs) -> Result<Goal, AppError> {
    let kind = match a.kind.as_str() {
        "5k" => GoalKind::FiveK,
        "10k" => GoalKind::TenK,
        "half" => GoalKind::HalfMarathon,
        "marathon" => GoalKind::Marathon,
        "trail" => GoalKind::Trail {
            distance_km: a
                .trail_km
                .ok_or_else(|| invalid("kind", "a trail goal needs --trail-km"))?,
            elevation_m: a.trail_elevation.unwrap_or(0.0),
        },
        "base" => GoalKind::BaseBuilding,
        other => {
            return Err(invalid(
                "kind",
                format!("unknown goal {other:?}: use 5k, 10k, half, marathon, trail or base"),
            ));
        }
    };
    let level = if a.level_from_activities {
        plans::level_from_activities(tempo).await?
    } else if let Some(race) = &a.race {
        let (km, time) = race
            .split_once(':')
            .ok_or_else(|| invalid("race", "use DISTANCE_KM:TIME, e.g. 10:45:00"))?;
        let km: f64 = km
            .parse()
            .map_err(|_| invalid("race", format!("{km:?} is not a distance in km")))?;
        let secs = clock(time)?;
        let vdot = plans::vdot(km * 1000.0, f64::from(secs))?;
        Level {
            source: LevelSource::RecentRace,
            weekly_km: a.weekly_km.unwrap_or(0.0),
            longest_run_km: a.longest_km.unwrap_or(0.0),
            vdot: Some(vdot),
            experience_years: a.years,
        }
    } else {
        Level {
            source: LevelSource::Declared,
            weekly_km: a.weekly_km.ok_or_else(|| {
                invalid(
                    "level.weekly_km",
                    "give --weekly-km, --race or --level-from-activities",
                )
            })?,
            longest_run_km: a.longest_km.unwrap_or(0.0),
            vdot: None,
            experience_years: a.years,
        }
    };
    let days = a
        .days
        .iter()
        .map(|d| weekday(d))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Goal {
        kind,
        start: a.start.unwrap_or_else(|| plans::default_start(tempo)),
        race_date: a.race_date,
        weeks: a.weeks,
        target_time_s: a.target.as_deref().map(clock).transpose()?,
        level,
        availability: Availability {
            days,
            long_run_day: weekday(&a.long_run_day)?,
            max_session_min: a.max_session_min,
            max_long_run_min: a.max_long_run_min,
        },
        preferences: Preferences {
            intensity: match a.intensity.as_str() {
                "polarized" => IntensityStyle::Polarized,
                "threshold" => IntensityStyle::Threshold,
                other => {
                    return Err(invalid(
                        "intensity",
                        format!("unknown style {other:?}: use polarized or threshold"),
                    ));
                }
            },
            cross_training: a.cross_training,
            treadmill: a.treadmill,
        },
        constraints: Constraints {
            injury_history: a.injury,
            min_rest_days: a.rest_days,
        },
    })
}

async fn plan_id(tempo: &Tempo, id: Option<i32>) -> Result<i32, AppError> {
    match id {
        Some(id) => Ok(id),
        None => plans::active(tempo).await?.map(|p| p.id).ok_or_else(|| {
            AppError::new(
                tempo_api::ErrorCode::NotFound,
                "there is no active plan: run tempo goal set, then tempo plan generate",
            )
        }),
    }
}

pub async fn goal(tempo: &Tempo, cmd: GoalCommand, as_json: bool) -> Result<(), AppError> {
    match cmd {
        GoalCommand::Set(a) => {
            let goal = goal_of(tempo, &a).await?;
            let g = plans::create_goal(tempo, a.name.clone(), goal).await?;
            if as_json {
                return json(&g);
            }
            let mut text = format!("goal {} stored: {}", g.id, g.name);
            for w in &g.warnings {
                text.push_str(&format!("\nwarning: {} {}", w.message, w.suggestion));
            }
            text.push_str(&format!("\nnext: tempo plan generate --goal {}", g.id));
            emit(&text)
        }
        GoalCommand::List => {
            let goals = plans::goals(tempo).await?;
            if as_json {
                return json(&goals);
            }
            if goals.is_empty() {
                return emit("no goal yet: tempo goal set --kind …");
            }
            let lines: Vec<String> = goals
                .iter()
                .map(|g| format!("{:>4}  {}", g.id, g.name))
                .collect();
            emit(&lines.join("\n"))
        }
    }
}

fn show(p: &PlanView, as_json: bool) -> Result<(), AppError> {
    if as_json {
        return json(p);
    }
    let mut text = format!(
        "plan {} · {}{}",
        p.id,
        p.goal_name,
        p.vdot
            .map(|v| format!(" · VDOT {v:.1}"))
            .unwrap_or_default()
    );
    for w in &p.warnings {
        text.push_str(&format!("\nwarning: {}", w.message));
    }
    for w in &p.weeks {
        text.push_str(&format!(
            "\nweek {:>2} {} {:?}{} · {:.0} km planned, {:.1} km done · load {:.0}/{:.0}",
            w.index + 1,
            w.start,
            w.phase,
            if w.recovery { " (recovery)" } else { "" },
            w.target_km,
            w.done_km,
            w.done_load,
            w.planned_load
        ));
        for pw in p.workouts.iter().filter(|x| x.week_index == w.index) {
            text.push_str(&format!(
                "\n  {:>5} {} {:<40} {:>8} {}",
                pw.id,
                pw.workout.date.format("%a %d"),
                pw.workout.title,
                fmt_duration(Some(f64::from(pw.workout.est_duration_s))),
                pw.status
            ));
        }
    }
    if let Some(a) = &p.pending_adjustment {
        text.push_str(&format!(
            "\nproposed adjustment {} ({}): {}\n  tempo plan accept {} | tempo plan reject {}",
            a.id, a.reason, a.explanation, a.id, a.id
        ));
    }
    emit(&text)
}

pub async fn plan(tempo: &Tempo, cmd: PlanCommand, as_json: bool) -> Result<(), AppError> {
    match cmd {
        PlanCommand::Generate { goal } => {
            let goal = match goal {
                Some(g) => g,
                None => plans::goals(tempo)
                    .await?
                    .first()
                    .map(|g| g.id)
                    .ok_or_else(|| {
                        AppError::new(
                            tempo_api::ErrorCode::NotFound,
                            "there is no goal: run tempo goal set first",
                        )
                    })?,
            };
            show(&plans::generate(tempo, goal).await?, as_json)
        }
        PlanCommand::Show { id } => {
            let id = plan_id(tempo, id).await?;
            show(&plans::view(tempo, i64::from(id)).await?, as_json)
        }
        PlanCommand::Export { format, out, id } => {
            let id = plan_id(tempo, id).await?;
            let format = match format.as_str() {
                "ics" => PlanFormat::Ics,
                "json" => PlanFormat::Json,
                "text" => PlanFormat::Text,
                "fit" => {
                    let dir = out.ok_or_else(|| invalid("out", "--format fit needs --out DIR"))?;
                    let files = plans::export_fit_dir(tempo, id, &dir).await?;
                    return if as_json {
                        json(&files)
                    } else {
                        emit(&format!(
                            "{} workout files in {}",
                            files.len(),
                            dir.display()
                        ))
                    };
                }
                other => {
                    return Err(invalid(
                        "format",
                        format!("unknown format {other:?}: use ics, fit, json or text"),
                    ));
                }
            };
            let text = plans::export(tempo, id, format).await?;
            match out {
                Some(path) => {
                    std::fs::write(&path, text).map_err(|e| {
                        invalid("out", format!("cannot write {}: {e}", path.display()))
                    })?;
                    emit(&format!("written to {}", path.display()))
                }
                None => emit(text.trim_end()),
            }
        }
        PlanCommand::Move { workout, date } => {
            show(&plans::move_workout(tempo, workout, date).await?, as_json)
        }
        PlanCommand::Skip { workout, undo } => {
            show(&plans::skip_workout(tempo, workout, !undo).await?, as_json)
        }
        PlanCommand::Adapt => {
            let a = plans::adapt(tempo).await?;
            if as_json {
                return json(&a);
            }
            match a {
                Some(a) => emit(&format!(
                    "proposed adjustment {} ({}): {}\n  tempo plan accept {} | tempo plan reject {}",
                    a.id, a.reason, a.explanation, a.id, a.id
                )),
                None => emit("the plan is on track: no adjustment proposed"),
            }
        }
        PlanCommand::Accept { adjustment } => {
            show(&plans::decide(tempo, adjustment, true).await?, as_json)
        }
        PlanCommand::Reject { adjustment } => {
            show(&plans::decide(tempo, adjustment, false).await?, as_json)
        }
    }
}
