//! Hand-made plans for the export and adaptation tests (the generator is
//! written separately; these tests do not depend on it).

#![allow(dead_code)] // each test crate uses part of it

use chrono::{Days, NaiveDate, Weekday};
use tempo_plan::{
    Availability, Constraints, Goal, GoalKind, GoalWarning, IntensityStyle, Level, LevelSource,
    Phase, Plan, PlanWeek, Preferences, RuleRef, Step, StepDuration, StepIntensity, Target,
    Thresholds, Workout, WorkoutKind,
};

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

/// Easy pace band of a VDOT-45-ish runner, m/s (6:10–5:30 /km).
pub const EASY: Target = Target::Pace {
    low_mps: 1000.0 / 370.0,
    high_mps: 1000.0 / 330.0,
};
/// Threshold band (4:50–4:40 /km).
pub const T_PACE: Target = Target::Pace {
    low_mps: 1000.0 / 290.0,
    high_mps: 1000.0 / 280.0,
};
/// Interval band (4:20–4:10 /km).
pub const I_PACE: Target = Target::Pace {
    low_mps: 1000.0 / 260.0,
    high_mps: 1000.0 / 250.0,
};

pub fn single(
    intensity: StepIntensity,
    duration: StepDuration,
    target: Target,
    label: &str,
) -> Step {
    Step::Single {
        intensity,
        duration,
        target,
        label: label.to_owned(),
    }
}

pub fn workout(
    date: NaiveDate,
    kind: WorkoutKind,
    title: &str,
    steps: Vec<Step>,
    est_duration_s: u32,
    est_distance_m: u32,
    est_load: f64,
) -> Workout {
    Workout {
        date,
        kind,
        title: title.to_owned(),
        purpose: format!("Purpose of {title}."),
        steps,
        est_duration_s,
        est_distance_m,
        est_load,
    }
}

/// An easy run of `min` minutes at 6:00 /km.
pub fn easy(date: NaiveDate, min: u32) -> Workout {
    workout(
        date,
        WorkoutKind::Easy,
        &format!("Easy {min} min"),
        vec![single(
            StepIntensity::Active,
            StepDuration::Seconds(min * 60),
            EASY,
            &format!("{min} min easy"),
        )],
        min * 60,
        min * 1000 / 6,
        f64::from(min) * 0.9,
    )
}

/// A long run of `min` minutes at 6:00 /km.
pub fn long(date: NaiveDate, min: u32) -> Workout {
    let mut w = easy(date, min);
    w.kind = WorkoutKind::Long;
    w.title = format!("Long run {min} min");
    w
}

/// Threshold 3 × 10 min: 15 min warm-up, 3 × (10 min T, 2 min jog), 10 min
/// cool-down: 61 min, 12 km.
pub fn threshold(date: NaiveDate) -> Workout {
    workout(
        date,
        WorkoutKind::Threshold,
        "Threshold 3 × 10 min",
        vec![
            single(
                StepIntensity::Warmup,
                StepDuration::Seconds(900),
                EASY,
                "15 min easy",
            ),
            Step::Repeat {
                count: 3,
                steps: vec![
                    single(
                        StepIntensity::Active,
                        StepDuration::Seconds(600),
                        T_PACE,
                        "10 min at T pace",
                    ),
                    single(
                        StepIntensity::Recovery,
                        StepDuration::Seconds(120),
                        Target::None,
                        "2 min jog",
                    ),
                ],
            },
            single(
                StepIntensity::Cooldown,
                StepDuration::Seconds(600),
                EASY,
                "10 min easy",
            ),
        ],
        61 * 60,
        12_000,
        80.0,
    )
}

/// Intervals 5 × 1 km: 15 min warm-up, 5 × (1 km I, 400 m jog), 10 min
/// cool-down: 55 min, 11 km.
pub fn intervals(date: NaiveDate) -> Workout {
    workout(
        date,
        WorkoutKind::Intervals,
        "Intervals 5 × 1 km",
        vec![
            single(
                StepIntensity::Warmup,
                StepDuration::Seconds(900),
                EASY,
                "15 min easy",
            ),
            Step::Repeat {
                count: 5,
                steps: vec![
                    single(
                        StepIntensity::Active,
                        StepDuration::Meters(1000),
                        I_PACE,
                        "1 km at I pace",
                    ),
                    single(
                        StepIntensity::Recovery,
                        StepDuration::Meters(400),
                        Target::None,
                        "400 m jog",
                    ),
                ],
            },
            single(
                StepIntensity::Cooldown,
                StepDuration::Seconds(600),
                EASY,
                "10 min easy",
            ),
        ],
        55 * 60,
        11_000,
        75.0,
    )
}

pub fn race(date: NaiveDate) -> Workout {
    workout(
        date,
        WorkoutKind::Race,
        "Race: half marathon",
        vec![single(
            StepIntensity::Active,
            StepDuration::Meters(21_098),
            Target::None,
            "race",
        )],
        6300,
        21_098,
        150.0,
    )
}

pub fn week(
    index: u32,
    start: NaiveDate,
    phase: Phase,
    recovery: bool,
    target_km: f64,
    workouts: Vec<Workout>,
) -> PlanWeek {
    PlanWeek {
        index,
        start,
        phase,
        recovery,
        target_km,
        long_run_km: (target_km * 0.3 * 10.0).round() / 10.0,
        rules: vec![RuleRef {
            rule: "rule-2".to_owned(),
            note: "volume within 10 %".to_owned(),
        }],
        workouts,
    }
}

/// A normal training week: threshold Tue, easy Thu, intervals Sat, long Sun.
pub fn training_week(
    index: u32,
    start: NaiveDate,
    phase: Phase,
    recovery: bool,
    target_km: f64,
) -> PlanWeek {
    let day = |n: u64| start + Days::new(n);
    let easy_min = (target_km * 1.1).round() as u32;
    let long_min = (target_km * 2.0).round() as u32;
    week(
        index,
        start,
        phase,
        recovery,
        target_km,
        vec![
            threshold(day(1)),
            easy(day(3), easy_min),
            intervals(day(5)),
            long(day(6), long_min),
        ],
    )
}

pub fn goal(kind: GoalKind, start: NaiveDate, race_date: Option<NaiveDate>) -> Goal {
    Goal {
        kind,
        start,
        race_date,
        weeks: None,
        target_time_s: Some(5400),
        level: Level {
            source: LevelSource::RecentRace,
            weekly_km: 38.0,
            longest_run_km: 14.0,
            vdot: Some(45.0),
            experience_years: 3.0,
        },
        availability: Availability {
            days: vec![Weekday::Tue, Weekday::Thu, Weekday::Sat, Weekday::Sun],
            long_run_day: Weekday::Sun,
            max_session_min: 75,
            max_long_run_min: 150,
        },
        preferences: Preferences {
            intensity: IntensityStyle::Polarized,
            cross_training: true,
            treadmill: false,
        },
        constraints: Constraints {
            injury_history: false,
            min_rest_days: 2,
        },
    }
}

/// Nine weeks from Mon 2024-03-04 to a half marathon on Sun 2024-05-05:
///
/// | week | start  | phase | km  |
/// |------|--------|-------|-----|
/// | 1    | 03-04  | base  | 40  |
/// | 2    | 03-11  | base  | 44  |
/// | 3    | 03-18  | build | 48  |
/// | 4    | 03-25  | build | 52  |
/// | 5    | 04-01  | build | 39 (recovery) |
/// | 6    | 04-08  | build | 52  |
/// | 7    | 04-15  | peak  | 56  |
/// | 8    | 04-22  | taper | 35  |
/// | 9    | 04-29  | taper | 20, race Sun 05-05 |
pub fn half_plan() -> Plan {
    let start = d(2024, 3, 4);
    let wk = |i: u32| start + Days::new(7 * u64::from(i));
    let mut weeks = vec![
        training_week(0, wk(0), Phase::Base, false, 40.0),
        training_week(1, wk(1), Phase::Base, false, 44.0),
        training_week(2, wk(2), Phase::Build, false, 48.0),
        training_week(3, wk(3), Phase::Build, false, 52.0),
        training_week(4, wk(4), Phase::Build, true, 39.0),
        training_week(5, wk(5), Phase::Build, false, 52.0),
        training_week(6, wk(6), Phase::Peak, false, 56.0),
        training_week(7, wk(7), Phase::Taper, false, 35.0),
    ];
    weeks.push(week(
        8,
        wk(8),
        Phase::Taper,
        false,
        20.0,
        vec![
            threshold(wk(8) + Days::new(1)),
            easy(wk(8) + Days::new(3), 30),
            race(wk(8) + Days::new(6)),
        ],
    ));
    Plan {
        goal: goal(GoalKind::HalfMarathon, start, Some(d(2024, 5, 5))),
        thresholds: Thresholds {
            max_hr: Some(188.0),
            lthr: Some(168.0),
            threshold_pace_s_per_km: Some(285.0),
            ftp_w: None,
        },
        vdot: Some(45.0),
        weeks,
        warnings: vec![GoalWarning {
            code: "volume_jump".to_owned(),
            message: "The plan starts close to your current volume.".to_owned(),
            suggestion: "Keep the first weeks easy.".to_owned(),
        }],
    }
}

/// All workouts of a plan, in date order.
pub fn all_workouts(plan: &Plan) -> Vec<&Workout> {
    let mut v: Vec<&Workout> = plan.weeks.iter().flat_map(|w| &w.workouts).collect();
    v.sort_by_key(|w| w.date);
    v
}
