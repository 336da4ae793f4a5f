//! Properties of generated plans over many goals (proptest), and unit tests
//! of `goal::check`'s refusals and warnings.
//!
//! Each property is a rule of the knowledge-base page
//! `plan-generation-rules`, checked on the plan as the athlete sees it
//! (`target_km`, the workouts and their steps), not on the generator's
//! internals.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use proptest::prelude::*;
use tempo_metrics::pace::daniels_paces;
use tempo_metrics::running;
use tempo_plan::generate::generate;
use tempo_plan::goal::check;
use tempo_plan::{
    Availability, Constraints, Goal, GoalKind, IntensityStyle, Level, LevelSource, Phase, Plan,
    PlanError, Preferences, Step, StepDuration, StepIntensity, Target, Thresholds, Workout,
    WorkoutKind,
};

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Rounding slack for volumes shown to 0.1 km.
const KM_SLACK: f64 = 0.1;

fn is_quality(k: WorkoutKind) -> bool {
    matches!(
        k,
        WorkoutKind::Threshold
            | WorkoutKind::Intervals
            | WorkoutKind::RacePace
            | WorkoutKind::Hills
            | WorkoutKind::LongProgression
            | WorkoutKind::Race
    )
}

fn is_long(k: WorkoutKind) -> bool {
    matches!(k, WorkoutKind::Long | WorkoutKind::LongProgression)
}

fn beginner(g: &Goal) -> bool {
    g.level.experience_years < 1.0
}

fn careful(g: &Goal) -> bool {
    beginner(g) || g.constraints.injury_history
}

fn mid(t: &Target) -> Option<f64> {
    match t {
        Target::Pace { low_mps, high_mps } => Some(0.5 * (low_mps + high_mps)),
        _ => None,
    }
}

/// (seconds known from the steps, metres known, whether every step's
/// duration could be recomputed).
fn step_totals(steps: &[Step]) -> (f64, f64, bool) {
    let mut secs = 0.0;
    let mut meters = 0.0;
    let mut complete = true;
    for s in steps {
        match s {
            Step::Single {
                duration, target, ..
            } => match (duration, mid(target)) {
                (StepDuration::Seconds(s), v) => {
                    secs += f64::from(*s);
                    match v {
                        Some(v) => meters += f64::from(*s) * v,
                        None => complete = false,
                    }
                }
                (StepDuration::Meters(m), Some(v)) => {
                    secs += f64::from(*m) / v;
                    meters += f64::from(*m);
                }
                _ => complete = false,
            },
            Step::Repeat { count, steps } => {
                let (s, m, c) = step_totals(steps);
                secs += f64::from(*count) * s;
                meters += f64::from(*count) * m;
                complete &= c;
            }
        }
    }
    (secs, meters, complete)
}

fn count_steps(steps: &[Step]) -> f64 {
    steps
        .iter()
        .map(|s| match s {
            Step::Single { .. } => 1.0,
            Step::Repeat { count, steps } => f64::from(*count) * count_steps(steps),
        })
        .sum()
}

/// Hard seconds of a workout for rule 4, from its targets: a pace target
/// faster than the top of Daniels' E band, or an effort of RPE 5 or more.
fn hard_secs(steps: &[Step], e_fast: f64) -> (f64, f64) {
    let mut hard = 0.0;
    let mut all = 0.0;
    for s in steps {
        match s {
            Step::Single {
                duration, target, ..
            } => {
                let secs = match (duration, mid(target)) {
                    (StepDuration::Seconds(s), _) => f64::from(*s),
                    (StepDuration::Meters(m), Some(v)) => f64::from(*m) / v,
                    _ => 0.0,
                };
                all += secs;
                let is_hard = match target {
                    Target::Pace { high_mps, .. } => *high_mps > e_fast + 1e-9,
                    Target::Effort { rpe } => *rpe >= 5.0,
                    _ => false,
                };
                if is_hard {
                    hard += secs;
                }
            }
            Step::Repeat { count, steps } => {
                let (h, a) = hard_secs(steps, e_fast);
                hard += f64::from(*count) * h;
                all += f64::from(*count) * a;
            }
        }
    }
    (hard, all)
}

fn workouts(plan: &Plan) -> impl Iterator<Item = &Workout> {
    plan.weeks.iter().flat_map(|w| w.workouts.iter())
}

fn monday_of(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

/// Every property of a plan, with messages naming the week.
fn check_plan(goal: &Goal, th: &Thresholds, plan: &Plan) -> Result<(), TestCaseError> {
    let n = plan.weeks.len();
    let first_monday = monday_of(goal.start);
    let partial_first = goal.start != first_monday;
    let pct = if careful(goal) { 0.07 } else { 0.10 };

    // Plan length matches the dates.
    match goal.race_date {
        Some(race) if goal.kind != GoalKind::BaseBuilding => {
            let want = ((monday_of(race) - first_monday).num_days() / 7 + 1) as usize;
            prop_assert_eq!(n, want, "calendar weeks to the race");
            let last = workouts(plan).last().expect("workouts");
            prop_assert_eq!(last.kind, WorkoutKind::Race);
            prop_assert_eq!(last.date, race);
            prop_assert_eq!(
                workouts(plan)
                    .filter(|w| w.kind == WorkoutKind::Race)
                    .count(),
                1
            );
        }
        _ => {
            prop_assert_eq!(n as u32, goal.weeks.unwrap());
            prop_assert!(workouts(plan).all(|w| w.kind != WorkoutKind::Race));
        }
    }
    for (i, w) in plan.weeks.iter().enumerate() {
        prop_assert_eq!(w.index as usize, i);
        prop_assert_eq!(w.start, first_monday + Duration::weeks(i as i64));
        prop_assert_eq!(w.start.weekday(), Weekday::Mon);
    }

    // Rule 2 and 3: no loading week above +pct (and +8 km) over the last
    // non-recovery week; recovery weeks at most 75 % of it.
    let mut reference: Option<f64> = None;
    let mut peak = 0.0f64;
    for (i, w) in plan.weeks.iter().enumerate() {
        let loading = w.phase != Phase::Taper;
        if let Some(r) = reference
            && loading
        {
            if w.recovery {
                prop_assert!(
                    w.target_km <= 0.75 * r + KM_SLACK,
                    "week {i}: recovery {} km after {r} km",
                    w.target_km
                );
            } else {
                prop_assert!(
                    w.target_km <= r * (1.0 + pct) + KM_SLACK && w.target_km <= r + 8.0 + KM_SLACK,
                    "week {i}: {} km after {r} km (limit {pct})",
                    w.target_km
                );
            }
        }
        if loading && !w.recovery {
            reference = Some(if i == 0 && partial_first {
                // A partial first week counts at the athlete's volume.
                w.target_km.max(goal.level.weekly_km.max(5.0))
            } else {
                w.target_km
            });
            if !(i == 0 && partial_first) {
                peak = peak.max(w.target_km);
            }
        }
    }

    // Volume does not drift down: a loading week keeps at least 85 % of the
    // loading week before it (the plan never plans a cut outside recovery
    // and taper weeks; 15 % covers whole-minute rounding, a short easy day
    // dropped, or a hill session replacing an easy run in a week already at
    // the limit of the time available).
    for i in 1..n {
        let (a, b) = (&plan.weeks[i - 1], &plan.weeks[i]);
        let loading = |w: &tempo_plan::PlanWeek| w.phase != Phase::Taper && !w.recovery;
        if loading(a) && loading(b) && !(i == 1 && partial_first) {
            prop_assert!(
                b.target_km >= 0.85 * a.target_km - KM_SLACK,
                "week {i}: {} km after {} km",
                b.target_km,
                a.target_km
            );
        }
    }

    // Recovery weeks occur in plans of 8 weeks or more.
    if n >= 8 {
        prop_assert!(plan.weeks.iter().any(|w| w.recovery), "no recovery week");
    }

    // Rule 7: taper weeks below the peak, falling.
    let taper: Vec<f64> = plan
        .weeks
        .iter()
        .filter(|w| w.phase == Phase::Taper)
        .map(|w| w.target_km)
        .collect();
    if goal.kind != GoalKind::BaseBuilding && peak > 0.0 {
        prop_assert!(!taper.is_empty(), "race plan without taper");
        for t in &taper {
            prop_assert!(
                *t < peak + 1e-9 || *t == 0.0,
                "taper {t} km vs peak {peak} km"
            );
        }
        prop_assert!(
            taper.windows(2).all(|w| w[1] <= w[0] + KM_SLACK),
            "taper not falling: {taper:?}"
        );
    }

    let rest_min = goal
        .constraints
        .min_rest_days
        .max(1)
        .max(if beginner(goal) { 2 } else { 1 });
    let long_rule_min = match goal.kind {
        GoalKind::Marathon => 180.0,
        GoalKind::Trail { distance_km, .. } if distance_km >= 42.0 => 180.0,
        _ => 150.0,
    };
    let long_cap_s = (f64::from(goal.availability.max_long_run_min)).min(long_rule_min) * 60.0;
    let paces = plan.vdot.map(|v| daniels_paces(v).unwrap());
    let easy_min = match goal.preferences.intensity {
        IntensityStyle::Polarized => 0.80,
        IntensityStyle::Threshold => 0.75,
    };

    for (i, w) in plan.weeks.iter().enumerate() {
        let sunday = w.start + Duration::days(6);
        // Workouts in the week, from the start, in date order.
        for wo in &w.workouts {
            prop_assert!(
                wo.date >= w.start && wo.date <= sunday,
                "week {i}: {} outside",
                wo.date
            );
            prop_assert!(
                wo.date >= goal.start,
                "week {i}: {} before the start",
                wo.date
            );
        }
        prop_assert!(
            w.workouts.windows(2).all(|p| p[0].date < p[1].date),
            "one session a day"
        );

        // Sessions only on declared days, within max_session_min (except
        // the long run and the race).
        for wo in &w.workouts {
            if wo.kind == WorkoutKind::Race {
                continue;
            }
            prop_assert!(
                goal.availability.days.contains(&wo.date.weekday()),
                "week {i}: {} is not a training day",
                wo.date
            );
            if is_long(wo.kind) {
                prop_assert_eq!(wo.date.weekday(), goal.availability.long_run_day);
                prop_assert!(
                    f64::from(wo.est_duration_s) <= long_cap_s + 1.0,
                    "week {i}: long run {} s over {long_cap_s} s",
                    wo.est_duration_s
                );
            } else {
                prop_assert!(
                    wo.est_duration_s <= goal.availability.max_session_min * 60 + 1,
                    "week {i}: {} s session over max_session_min",
                    wo.est_duration_s
                );
            }
        }

        // Rule 9: rest days.
        let run_days = w.workouts.len() as u32;
        prop_assert!(
            7 - run_days >= rest_min,
            "week {i}: {run_days} running days"
        );

        // Volume is what the workouts add up to (race excluded).
        let training: Vec<&Workout> = w
            .workouts
            .iter()
            .filter(|wo| wo.kind != WorkoutKind::Race)
            .collect();
        let km: f64 = training
            .iter()
            .map(|wo| f64::from(wo.est_distance_m))
            .sum::<f64>()
            / 1000.0;
        prop_assert!(
            (km - w.target_km).abs() <= 0.06 + 0.001 * training.len() as f64,
            "week {i}: {km} vs {}",
            w.target_km
        );

        // Rule 6: the long run within 30 % of the week (an even share with
        // fewer than 4 runs), full weeks only.
        if let Some(long) = w.workouts.iter().find(|wo| is_long(wo.kind)) {
            prop_assert!((f64::from(long.est_distance_m) / 1000.0 - w.long_run_km).abs() <= 0.051);
            let share = 0.30f64.max(1.0 / training.len() as f64);
            if !(i == 0 && partial_first) {
                prop_assert!(
                    f64::from(long.est_distance_m) / 1000.0 <= share * km + 0.05,
                    "week {i}: long run {} m in {km} km ({} runs)",
                    long.est_distance_m,
                    training.len()
                );
            }
        }

        // Rule 4 (pace plans): easy share of running time.
        if let Some(p) = paces {
            let (mut hard, mut all) = (0.0, 0.0);
            for wo in &training {
                let (h, a) = hard_secs(&wo.steps, p.easy_fast_mps);
                hard += h;
                all += a;
            }
            if all > 0.0 {
                prop_assert!(
                    1.0 - hard / all >= easy_min - 0.02,
                    "week {i}: easy share {:.3}",
                    1.0 - hard / all
                );
            }
        }

        // Each week cites its rules.
        let rules: Vec<&str> = w.rules.iter().map(|r| r.rule.as_str()).collect();
        for r in ["rule-1", "rule-4", "rule-5", "rule-6", "rule-8", "rule-9"] {
            prop_assert!(rules.contains(&r), "week {i} lacks {r}: {rules:?}");
        }
        prop_assert!(
            rules
                .iter()
                .any(|r| ["rule-2", "rule-3", "rule-7"].contains(r)),
            "week {i}: no volume rule"
        );
        prop_assert!(w.rules.iter().all(|r| !r.note.is_empty()));
    }

    // Rule 5: never two quality sessions on consecutive days.
    let quality: Vec<NaiveDate> = workouts(plan)
        .filter(|w| is_quality(w.kind))
        .map(|w| w.date)
        .collect();
    for pair in quality.windows(2) {
        prop_assert!(
            (pair[1] - pair[0]).num_days() > 1,
            "quality on {} and {}",
            pair[0],
            pair[1]
        );
    }

    // Structured workouts with estimates consistent with their steps.
    for wo in workouts(plan) {
        prop_assert!(!wo.title.is_empty() && !wo.purpose.is_empty());
        let first = &wo.steps[0];
        let last = wo.steps.last().unwrap();
        prop_assert!(
            matches!(
                first,
                Step::Single {
                    intensity: StepIntensity::Warmup,
                    ..
                }
            ),
            "{}: no warm-up",
            wo.title
        );
        prop_assert!(
            matches!(
                last,
                Step::Single {
                    intensity: StepIntensity::Cooldown,
                    ..
                }
            ),
            "{}: no cool-down",
            wo.title
        );
        let (secs, meters, complete) = step_totals(&wo.steps);
        let steps = count_steps(&wo.steps);
        {
            // Every duration is known from the steps (seconds, or metres at
            // the middle of a pace target).
            if complete {
                prop_assert!(
                    (f64::from(wo.est_duration_s) - secs).abs() <= 1.0 + 0.01 * steps,
                    "{} {}: {} s vs steps {secs}",
                    wo.date,
                    wo.title,
                    wo.est_duration_s
                );
                prop_assert!(
                    (f64::from(wo.est_distance_m) - meters).abs() <= 1.0 + 0.01 * steps,
                    "{}: {} m vs steps {meters}",
                    wo.title,
                    wo.est_distance_m
                );
            }
        }
        prop_assert!(wo.est_duration_s > 0 && wo.est_distance_m > 0);
        prop_assert!(wo.est_load.is_finite() && wo.est_load > 0.0);
        // rTSS-like load: an hour at threshold is 100, easy running less,
        // so load per hour stays between 20 and 130 (the race may be hard).
        let per_hour = wo.est_load / (f64::from(wo.est_duration_s) / 3600.0);
        prop_assert!(
            (20.0..=130.0).contains(&per_hour),
            "{}: {per_hour} per hour",
            wo.title
        );
        if let (Some(p), true) = (paces, complete) {
            // IF² × 100 per hour, IF = speed / threshold speed.
            let load = load_of(&wo.steps, p.threshold_mps);
            if let Some(load) = load {
                prop_assert!(
                    (wo.est_load - load).abs() <= 0.1 + 0.005 * load,
                    "{}: load {} vs {load}",
                    wo.title,
                    wo.est_load
                );
            }
        }
    }
    let _ = th;
    Ok(())
}

/// Load from the steps when every target is a pace.
fn load_of(steps: &[Step], t_mps: f64) -> Option<f64> {
    let mut load = 0.0;
    for s in steps {
        match s {
            Step::Single {
                duration, target, ..
            } => {
                let v = mid(target)?;
                let secs = match duration {
                    StepDuration::Seconds(s) => f64::from(*s),
                    StepDuration::Meters(m) => f64::from(*m) / v,
                    StepDuration::Open => return None,
                };
                load += secs / 3600.0 * (v / t_mps).powi(2) * 100.0;
            }
            Step::Repeat { count, steps } => load += f64::from(*count) * load_of(steps, t_mps)?,
        }
    }
    Some(load)
}

fn kind_strategy() -> impl Strategy<Value = GoalKind> {
    prop_oneof![
        Just(GoalKind::FiveK),
        Just(GoalKind::TenK),
        Just(GoalKind::HalfMarathon),
        Just(GoalKind::Marathon),
        (10.0f64..120.0, 0.0f64..5000.0).prop_map(|(distance_km, elevation_m)| GoalKind::Trail {
            distance_km,
            elevation_m
        }),
        Just(GoalKind::BaseBuilding),
    ]
}

/// Days (2–7 of them), the long-run day among them, and rest days that fit.
fn days_strategy() -> impl Strategy<Value = (Vec<Weekday>, Weekday, u32)> {
    prop::sample::subsequence(WEEKDAYS.to_vec(), 2..=7).prop_flat_map(|days| {
        let n = days.len();
        (Just(days), 0..n, 0..=(7 - n as u32).min(5))
            .prop_map(|(days, l, rest)| (days.clone(), days[l], rest))
    })
}

prop_compose! {
    fn goal_strategy()(
        kind in kind_strategy(),
        weeks in 4u32..=30,
        start_offset in 0i64..7,
        race_weekday in 0i64..7,
        (days, long_day, rest) in days_strategy(),
        weekly_km in 5.0f64..100.0,
        longest_frac in 0.0f64..0.6,
        vdot in prop::option::of(30.0f64..70.0),
        experience_years in 0.0f64..10.0,
        injury_history in any::<bool>(),
        max_session_min in 30u32..150,
        max_long_run_min in 45u32..240,
        threshold_style in any::<bool>(),
        treadmill in any::<bool>(),
        target_factor in prop::option::of(0.93f64..1.2),
    ) -> Goal {
        let start = date(2026, 1, 5) + Duration::days(start_offset);
        let race_date = (kind != GoalKind::BaseBuilding).then(|| {
            let r = monday_of(start) + Duration::weeks(i64::from(weeks) - 1) + Duration::days(race_weekday);
            // At least 7 days after the start (goal::check's minimum).
            if (r - start).num_days() < 7 { r + Duration::weeks(1) } else { r }
        });
        let target_time_s = match (target_factor, vdot, kind) {
            (Some(f), Some(v), GoalKind::FiveK | GoalKind::TenK | GoalKind::HalfMarathon | GoalKind::Marathon) => {
                let d = kind.distance_m().unwrap();
                Some((running::predict_time_vdot(d, v).unwrap() * f) as u32)
            }
            _ => None,
        };
        Goal {
            kind,
            start,
            race_date,
            weeks: (kind == GoalKind::BaseBuilding).then_some(weeks),
            target_time_s,
            level: Level {
                source: LevelSource::Declared,
                weekly_km,
                longest_run_km: weekly_km * longest_frac,
                vdot,
                experience_years,
            },
            availability: Availability { days, long_run_day: long_day, max_session_min, max_long_run_min },
            preferences: Preferences {
                intensity: if threshold_style { IntensityStyle::Threshold } else { IntensityStyle::Polarized },
                cross_training: false,
                treadmill,
            },
            constraints: Constraints { injury_history, min_rest_days: rest },
        }
    }
}

fn thresholds_strategy() -> impl Strategy<Value = Thresholds> {
    (
        prop::option::of(160.0f64..205.0),
        prop::option::of(140.0f64..185.0),
        prop::option::of(200.0f64..420.0),
    )
        .prop_map(|(max_hr, lthr, t)| Thresholds {
            max_hr,
            lthr,
            threshold_pace_s_per_km: t,
            ftp_w: None,
        })
}

/// 400 cases unless PROPTEST_CASES says otherwise (run thousands when
/// changing the generator).
fn config() -> ProptestConfig {
    let mut c = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = 400;
    }
    c
}

proptest! {
    #![proptest_config(config())]

    /// Every rule holds on every plan, and generation is deterministic.
    #[test]
    fn plans_follow_the_rules(goal in goal_strategy(), th in thresholds_strategy()) {
        let today = goal.start;
        let plan = generate(&goal, &th, today).expect("valid goal");
        check_plan(&goal, &th, &plan).map_err(|e| {
            TestCaseError::fail(format!("{e}\ncase: {}", serde_json::to_string(&(&goal, &th)).unwrap()))
        })?;
        prop_assert_eq!(&plan, &generate(&goal, &th, today).unwrap());
        // The plan carries goal::check's warnings; a VDOT derived from the
        // threshold pace removes "no_vdot".
        let checked = check(&goal, today).unwrap();
        if goal.level.vdot.is_some() || plan.vdot.is_none() {
            prop_assert_eq!(&plan.warnings, &checked);
        } else {
            prop_assert!(plan.warnings.iter().all(|w| w.code != "no_vdot"));
        }
    }

    /// Targets follow what is known: pace from a VDOT; heart rate from LTHR
    /// or HRmax without one (not on a treadmill); effort otherwise.
    #[test]
    fn targets_follow_what_is_known(goal in goal_strategy(), th in thresholds_strategy()) {
        let plan = generate(&goal, &th, goal.start).unwrap();
        let targets: Vec<Target> = workouts(&plan)
            .flat_map(|w| w.steps.iter())
            .filter_map(|s| match s { Step::Single { target, .. } => Some(*target), _ => None })
            .collect();
        let has_pace = targets.iter().any(|t| matches!(t, Target::Pace { .. }));
        let has_hr = targets.iter().any(|t| matches!(t, Target::HeartRate { .. }));
        if plan.vdot.is_some() {
            prop_assert!(has_pace && !has_hr);
        } else if !goal.preferences.treadmill && (th.lthr.is_some() || th.max_hr.is_some()) {
            prop_assert!(has_hr && !has_pace);
        } else {
            prop_assert!(!has_hr && !has_pace);
        }
    }
}

// ---------------------------------------------------------------------------
// goal::check
// ---------------------------------------------------------------------------

fn base_goal() -> Goal {
    Goal {
        kind: GoalKind::TenK,
        start: date(2026, 1, 5),
        race_date: Some(date(2026, 3, 29)),
        weeks: None,
        target_time_s: None,
        level: Level {
            source: LevelSource::Declared,
            weekly_km: 30.0,
            longest_run_km: 10.0,
            vdot: Some(45.0),
            experience_years: 3.0,
        },
        availability: Availability {
            days: vec![Weekday::Tue, Weekday::Thu, Weekday::Sat, Weekday::Sun],
            long_run_day: Weekday::Sun,
            max_session_min: 75,
            max_long_run_min: 120,
        },
        preferences: Preferences {
            intensity: IntensityStyle::Polarized,
            cross_training: false,
            treadmill: false,
        },
        constraints: Constraints {
            injury_history: false,
            min_rest_days: 1,
        },
    }
}

const TODAY: NaiveDate = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();

fn refused(g: &Goal) -> &'static str {
    match check(g, TODAY) {
        Err(PlanError::Invalid { field, .. }) => field,
        Ok(w) => panic!("accepted with warnings {w:?}"),
    }
}

fn codes(g: &Goal) -> Vec<String> {
    check(g, TODAY)
        .unwrap()
        .into_iter()
        .map(|w| w.code)
        .collect()
}

#[test]
fn a_sound_goal_has_no_warning() {
    assert_eq!(codes(&base_goal()), Vec::<String>::new());
}

#[test]
fn refuses_bad_dates() {
    let mut g = base_goal();
    g.race_date = None;
    assert_eq!(refused(&g), "race_date");
    g.race_date = Some(date(2026, 1, 1));
    assert_eq!(refused(&g), "race_date", "race in the past");
    // A plan that started a month ago (regenerated while it runs).
    g.start = date(2025, 12, 1);
    g.race_date = Some(date(2026, 1, 10));
    assert!(check(&g, TODAY).is_ok(), "start a month ago");
    let mut g = base_goal();
    g.race_date = Some(date(2026, 1, 4) + Duration::days(7));
    assert_eq!(refused(&g), "race_date", "race 6 days after start");
    g.race_date = Some(date(2027, 1, 18));
    assert_eq!(refused(&g), "race_date", "more than 52 weeks");
    g.race_date = Some(date(2026, 1, 12));
    assert!(check(&g, TODAY).is_ok(), "7 days is enough");
    let mut g = base_goal();
    g.start = date(2027, 3, 1);
    g.race_date = Some(date(2027, 6, 1));
    assert_eq!(refused(&g), "start", "more than a year ahead");
}

#[test]
fn refuses_bad_weeks_for_base_building() {
    let mut g = base_goal();
    g.kind = GoalKind::BaseBuilding;
    g.race_date = None;
    g.weeks = None;
    assert_eq!(refused(&g), "weeks");
    g.weeks = Some(1);
    assert_eq!(refused(&g), "weeks");
    g.weeks = Some(53);
    assert_eq!(refused(&g), "weeks");
    g.weeks = Some(2);
    assert!(check(&g, TODAY).is_ok());
    g.weeks = Some(52);
    assert!(check(&g, TODAY).is_ok());
    // Started 8 weeks ago, 8 weeks long: over.
    g.start = date(2025, 11, 10);
    g.weeks = Some(8);
    assert_eq!(refused(&g), "start");
    g.weeks = Some(9);
    assert!(check(&g, TODAY).is_ok());
}

#[test]
fn refuses_bad_days() {
    let mut g = base_goal();
    g.availability.days = vec![Weekday::Sun];
    assert_eq!(refused(&g), "availability.days");
    g.availability.days = vec![Weekday::Sun, Weekday::Tue, Weekday::Sun];
    assert_eq!(refused(&g), "availability.days", "duplicate");
    g.availability.days = WEEKDAYS.iter().chain(&[Weekday::Mon]).copied().collect();
    assert_eq!(refused(&g), "availability.days", "8 days");
    let mut g = base_goal();
    g.availability.long_run_day = Weekday::Mon;
    assert_eq!(refused(&g), "availability.long_run_day");
    let mut g = base_goal();
    g.availability.max_session_min = 10;
    assert_eq!(refused(&g), "availability.max_session_min");
    g.availability.max_session_min = 400;
    assert_eq!(refused(&g), "availability.max_session_min");
    let mut g = base_goal();
    g.availability.max_long_run_min = 20;
    assert_eq!(refused(&g), "availability.max_long_run_min");
    let mut g = base_goal();
    g.constraints.min_rest_days = 4;
    assert_eq!(
        refused(&g),
        "constraints.min_rest_days",
        "4 days + 4 rest days"
    );
    g.constraints.min_rest_days = 3;
    assert!(check(&g, TODAY).is_ok());
    g.constraints.min_rest_days = 6;
    assert_eq!(refused(&g), "constraints.min_rest_days");
}

#[test]
fn refuses_bad_volumes() {
    for (set, field) in [
        (
            (|g: &mut Goal| g.level.weekly_km = -1.0) as fn(&mut Goal),
            "level.weekly_km",
        ),
        (|g| g.level.weekly_km = f64::NAN, "level.weekly_km"),
        (|g| g.level.weekly_km = f64::INFINITY, "level.weekly_km"),
        (|g| g.level.longest_run_km = -0.5, "level.longest_run_km"),
        (
            |g| g.level.longest_run_km = f64::NAN,
            "level.longest_run_km",
        ),
        (|g| g.level.vdot = Some(f64::NAN), "level.vdot"),
        (|g| g.level.vdot = Some(5.0), "level.vdot"),
        (
            |g| g.level.experience_years = -1.0,
            "level.experience_years",
        ),
    ] {
        let mut g = base_goal();
        set(&mut g);
        assert_eq!(refused(&g), field);
    }
}

#[test]
fn refuses_trails_out_of_range() {
    for (d, e) in [
        (4.0, 100.0),
        (251.0, 100.0),
        (50.0, -1.0),
        (50.0, 15_001.0),
        (f64::NAN, 0.0),
    ] {
        let mut g = base_goal();
        g.kind = GoalKind::Trail {
            distance_km: d,
            elevation_m: e,
        };
        assert_eq!(refused(&g), "kind", "{d} km +{e} m");
    }
    let mut g = base_goal();
    g.kind = GoalKind::Trail {
        distance_km: 30.0,
        elevation_m: 1500.0,
    };
    assert!(check(&g, TODAY).is_ok());
}

#[test]
fn refuses_impossible_targets() {
    // 95 % of the world records: 5 km 12:35.36 → 11:57.6, 10 km 26:11 →
    // 24:52.5, half 56:42 → 53:51.9, marathon 2:00:35 → 1:54:33.
    for (kind, too_fast, possible) in [
        (GoalKind::FiveK, 717, 718),
        (GoalKind::TenK, 1492, 1493),
        (GoalKind::HalfMarathon, 3231, 3232),
        (GoalKind::Marathon, 6873, 6874),
    ] {
        let mut g = base_goal();
        g.kind = kind;
        g.level.vdot = None;
        g.target_time_s = Some(too_fast);
        assert_eq!(refused(&g), "target_time_s", "{kind:?} in {too_fast} s");
        g.target_time_s = Some(possible);
        assert!(check(&g, TODAY).is_ok(), "{kind:?} in {possible} s");
    }
    let mut g = base_goal();
    g.target_time_s = Some(0);
    assert_eq!(refused(&g), "target_time_s");
    // Slower than 20 min/km is not a running target.
    g.target_time_s = Some(10 * 1200 + 1);
    assert_eq!(refused(&g), "target_time_s");
    // Base building ignores a target.
    let mut g = base_goal();
    g.kind = GoalKind::BaseBuilding;
    g.race_date = None;
    g.weeks = Some(8);
    g.target_time_s = Some(1);
    assert!(check(&g, TODAY).is_ok());
}

#[test]
fn warns_target_beyond_vdot_with_the_realistic_time() {
    let mut g = base_goal();
    // VDOT 45 predicts about 45:16 for 10 km; 40:00 needs about VDOT 52.
    g.target_time_s = Some(40 * 60);
    let w = check(&g, TODAY).unwrap();
    assert_eq!(w[0].code, "target_beyond_vdot");
    let predicted = running::predict_time_vdot(10_000.0, 45.0).unwrap().round() as u64;
    let realistic = format!("{}:{:02}", predicted / 60, predicted % 60);
    assert!(
        w[0].suggestion.contains(&realistic),
        "{} lacks {realistic}",
        w[0].suggestion
    );
    // Within 3 VDOT points: no warning (44:00 needs about VDOT 46.3).
    g.target_time_s = Some(44 * 60);
    assert_eq!(codes(&g), Vec::<String>::new());
    // No VDOT: no target warning, but "no_vdot".
    g.level.vdot = None;
    g.target_time_s = Some(40 * 60);
    assert_eq!(codes(&g), vec!["no_vdot"]);
}

#[test]
fn warns_too_few_weeks_per_distance() {
    for (kind, min_weeks) in [
        (GoalKind::FiveK, 6),
        (GoalKind::TenK, 6),
        (GoalKind::HalfMarathon, 8),
        (GoalKind::Marathon, 12),
    ] {
        let mut g = base_goal();
        g.kind = kind;
        g.level.weekly_km = 80.0;
        g.availability.max_long_run_min = 180;
        // Race on the Sunday of week `min_weeks`, then a week earlier.
        g.race_date = Some(date(2026, 1, 4) + Duration::weeks(min_weeks));
        assert!(
            !codes(&g).contains(&"too_few_weeks".to_string()),
            "{kind:?}"
        );
        g.race_date = Some(date(2026, 1, 4) + Duration::weeks(min_weeks - 1));
        assert!(codes(&g).contains(&"too_few_weeks".to_string()), "{kind:?}");
    }
}

#[test]
fn warns_volume_jump_long_run_cap_few_days() {
    let mut g = base_goal();
    g.kind = GoalKind::Marathon;
    g.level.weekly_km = 15.0;
    g.race_date = Some(date(2026, 4, 26));
    g.availability.max_long_run_min = 120;
    g.availability.days = vec![Weekday::Wed, Weekday::Sun];
    let c = codes(&g);
    assert_eq!(c, vec!["volume_jump", "long_run_cap", "few_days"]);
    let w = check(&g, TODAY).unwrap();
    assert!(w[1].suggestion.contains("150 min"), "{}", w[1].suggestion);
    // 45 km a week reaches a marathon's floor in 16 weeks.
    g.level.weekly_km = 45.0;
    assert!(!codes(&g).contains(&"volume_jump".to_string()));
}

#[test]
fn generate_refuses_what_check_refuses() {
    let mut g = base_goal();
    g.availability.long_run_day = Weekday::Mon;
    let err = generate(&g, &Thresholds::default(), TODAY).unwrap_err();
    assert!(matches!(
        err,
        PlanError::Invalid {
            field: "availability.long_run_day",
            ..
        }
    ));
}

#[test]
fn generate_derives_vdot_from_threshold_pace() {
    let mut g = base_goal();
    g.level.vdot = None;
    let th = Thresholds {
        // Daniels' T pace for VDOT 45: 4:38/km.
        threshold_pace_s_per_km: Some(278.0),
        ..Thresholds::default()
    };
    let plan = generate(&g, &th, TODAY).unwrap();
    let v = plan.vdot.expect("derived VDOT");
    assert!((v - 45.0).abs() < 0.3, "{v}");
    assert!(plan.warnings.iter().all(|w| w.code != "no_vdot"));
    // Without it, "no_vdot" and effort targets.
    let plan = generate(&g, &Thresholds::default(), TODAY).unwrap();
    assert!(plan.vdot.is_none());
    assert!(plan.warnings.iter().any(|w| w.code == "no_vdot"));
}

#[test]
fn partial_first_week_and_midweek_race() {
    let mut g = base_goal();
    g.start = date(2026, 1, 8); // a Thursday
    g.race_date = Some(date(2026, 3, 4)); // a Wednesday
    g.availability.days = vec![
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Thu,
        Weekday::Sat,
        Weekday::Sun,
    ];
    let plan = generate(&g, &Thresholds::default(), TODAY).unwrap();
    assert_eq!(plan.weeks[0].start, date(2026, 1, 5));
    assert!(plan.weeks[0].workouts.iter().all(|w| w.date >= g.start));
    let last = plan.weeks.last().unwrap();
    assert_eq!(last.workouts.last().unwrap().kind, WorkoutKind::Race);
    assert_eq!(last.workouts.last().unwrap().date, date(2026, 3, 4));
    check_plan(&g, &Thresholds::default(), &plan).unwrap();
}
