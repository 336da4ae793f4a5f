//! The vocabulary of goals and plans, shared by the generator, adaptation,
//! exports, storage and the UI (through the api crate's DTOs, which mirror
//! these types).

use chrono::{NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// What the athlete trains for.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum GoalKind {
    FiveK,
    TenK,
    HalfMarathon,
    Marathon,
    /// A trail or ultra race: its distance and positive elevation.
    Trail {
        distance_km: f64,
        elevation_m: f64,
    },
    /// No race: build aerobic base ("get fitter").
    BaseBuilding,
}

impl GoalKind {
    /// Race distance in metres; None for base building.
    pub fn distance_m(self) -> Option<f64> {
        match self {
            GoalKind::FiveK => Some(5000.0),
            GoalKind::TenK => Some(10_000.0),
            GoalKind::HalfMarathon => Some(21_097.5),
            GoalKind::Marathon => Some(42_195.0),
            GoalKind::Trail { distance_km, .. } => Some(distance_km * 1000.0),
            GoalKind::BaseBuilding => None,
        }
    }
}

/// How the athlete's current level is known.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum LevelSource {
    /// A recent race or time trial the athlete entered.
    RecentRace,
    /// Typical weekly volume and longest run the athlete entered.
    Declared,
    /// Derived from imported activities.
    Activities,
}

/// Where the athlete starts from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Level {
    pub source: LevelSource,
    /// Current weekly running volume, km (the plan starts from here).
    pub weekly_km: f64,
    /// Longest run of the last few weeks, km.
    pub longest_run_km: f64,
    /// Current VDOT (from a recent race or the activities); paces need it.
    pub vdot: Option<f64>,
    /// Years of regular running; under 1 counts as a beginner.
    pub experience_years: f64,
}

/// The days the athlete can train and for how long.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Availability {
    /// Days a session may be scheduled on (2 to 7 of them).
    pub days: Vec<Weekday>,
    /// The day of the long run; one of `days`.
    pub long_run_day: Weekday,
    /// Longest session on a weekday other than the long-run day, minutes.
    pub max_session_min: u32,
    /// Longest long run, minutes.
    pub max_long_run_min: u32,
}

/// How the athlete likes to train.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum IntensityStyle {
    /// About 80 % easy, the rest threshold and above (Seiler).
    Polarized,
    /// More threshold work, less at VO2max.
    Threshold,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Preferences {
    pub intensity: IntensityStyle,
    /// Cross-training (bike, swim) may replace an easy run.
    pub cross_training: bool,
    /// Workouts may be run on a treadmill (targets by pace, not HR).
    pub treadmill: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Constraints {
    /// A past running injury: smaller progression steps.
    pub injury_history: bool,
    /// At least this many days a week without running (1 to 5).
    pub min_rest_days: u32,
}

/// What the athlete asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Goal {
    pub kind: GoalKind,
    /// The first day of the plan (a Monday or not: the plan starts that day).
    pub start: NaiveDate,
    /// The race day; None for base building, which uses `weeks`.
    pub race_date: Option<NaiveDate>,
    /// Plan length in weeks when there is no race date.
    pub weeks: Option<u32>,
    /// Target finish time in seconds; None = "finish".
    pub target_time_s: Option<u32>,
    pub level: Level,
    pub availability: Availability,
    pub preferences: Preferences,
    pub constraints: Constraints,
}

/// The athlete's thresholds the targets are built from (what is known).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Thresholds {
    pub max_hr: Option<f64>,
    pub lthr: Option<f64>,
    /// Threshold pace, s/km.
    pub threshold_pace_s_per_km: Option<f64>,
    pub ftp_w: Option<f64>,
}

/// A warning about a goal: realistic or not, and what to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct GoalWarning {
    /// Stable key: "target_beyond_vdot", "too_few_weeks", "volume_jump",
    /// "long_run_cap", "few_days", "no_vdot".
    pub code: String,
    /// Why, in English (the UI translates `code`).
    pub message: String,
    /// What to do instead, in English.
    pub suggestion: String,
}

/// Periodization phases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Base,
    Build,
    Peak,
    Taper,
}

/// A rule of `knowledge_base/*/plan-generation-rules.md` that shaped a week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RuleRef {
    /// "rule-1" … "rule-9": the section of the knowledge page.
    pub rule: String,
    /// How it applied this week, in English ("volume +8 % (cap 10 %)").
    pub note: String,
}

/// The kinds of sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum WorkoutKind {
    Easy,
    Recovery,
    Long,
    LongProgression,
    Strides,
    Hills,
    Threshold,
    Intervals,
    RacePace,
    Race,
    CrossTraining,
}

/// How long a step lasts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case", tag = "type", content = "value")]
pub enum StepDuration {
    Seconds(u32),
    Meters(u32),
    /// Until the athlete presses lap.
    Open,
}

/// What a step aims at. Speeds in m/s (low = slower bound).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Target {
    Pace {
        low_mps: f64,
        high_mps: f64,
    },
    HeartRate {
        low_bpm: f64,
        high_bpm: f64,
    },
    Power {
        low_w: f64,
        high_w: f64,
    },
    /// Run by feel (no threshold known): an RPE on the CR10 scale.
    Effort {
        rpe: f64,
    },
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum StepIntensity {
    Warmup,
    Active,
    Recovery,
    Rest,
    Cooldown,
}

/// One step of a structured workout, or a block of steps repeated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Step {
    Single {
        intensity: StepIntensity,
        duration: StepDuration,
        target: Target,
        /// Short label ("10 min easy", "1 km at T pace").
        label: String,
    },
    Repeat {
        count: u32,
        steps: Vec<Step>,
    },
}

/// One planned session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Workout {
    pub date: NaiveDate,
    pub kind: WorkoutKind,
    /// Short English title ("Threshold 3 × 10 min"); the UI may translate `kind`.
    pub title: String,
    /// One-paragraph purpose of the session.
    pub purpose: String,
    pub steps: Vec<Step>,
    pub est_duration_s: u32,
    pub est_distance_m: u32,
    /// Estimated load, TSS-like (rTSS of the targets; an hour at threshold = 100).
    pub est_load: f64,
}

/// One week of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanWeek {
    /// 0-based.
    pub index: u32,
    pub start: NaiveDate,
    pub phase: Phase,
    pub recovery: bool,
    pub target_km: f64,
    pub long_run_km: f64,
    pub rules: Vec<RuleRef>,
    pub workouts: Vec<Workout>,
}

/// A generated plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Plan {
    pub goal: Goal,
    /// The thresholds the targets were built from.
    pub thresholds: Thresholds,
    /// VDOT the paces come from (None: targets by effort or HR).
    pub vdot: Option<f64>,
    pub weeks: Vec<PlanWeek>,
    pub warnings: Vec<GoalWarning>,
}

/// A done activity, as adaptation sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DoneActivity {
    pub id: i64,
    pub date: NaiveDate,
    /// Running, walking or hiking counts as running; others as cross-training.
    pub running: bool,
    pub duration_s: f64,
    pub distance_m: f64,
    pub load: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Completion {
    /// Not due yet.
    Planned,
    Completed,
    /// Done, but under 75 % (or over 125 %) of the planned duration.
    Partial,
    Missed,
    Skipped,
}

/// How a planned workout went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Compliance {
    pub date: NaiveDate,
    pub status: Completion,
    pub activity_id: Option<i64>,
    /// Done duration / planned duration, when done.
    pub duration_ratio: Option<f64>,
}

/// What the athlete's recent state says, for adaptation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FormState {
    pub today: NaiveDate,
    pub ctl: f64,
    /// CTL 14 days ago.
    pub ctl_14d_ago: f64,
    pub tsb: f64,
}

/// A proposed change to the coming weeks; applied only if accepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Adjustment {
    /// Stable key: "missed_workouts", "fitness_drop", "excessive_fatigue".
    pub reason: String,
    /// Why, in English.
    pub explanation: String,
    /// The weeks as they would become (same indices as in the plan).
    pub weeks: Vec<PlanWeek>,
}
