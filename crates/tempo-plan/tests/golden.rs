//! Golden plans for three canonical athletes, rendered as readable text and
//! compared with the snapshots in `tests/golden/*.txt`.
//!
//! Regenerate after an intended change with
//! `TEMPO_UPDATE_GOLDEN=1 cargo test -p tempo-plan --test golden`, then read
//! the diff: a snapshot is reviewed by eye (volumes, long runs, taper, paces
//! against Daniels' tables), not just accepted.
//!
//! The renderer is local to this test on purpose: the golden files pin the
//! generator, not the text export.

use std::fmt::Write as _;
use std::path::PathBuf;

use chrono::{NaiveDate, Weekday};
use tempo_metrics::running;
use tempo_plan::generate::generate;
use tempo_plan::{
    Availability, Constraints, Goal, GoalKind, IntensityStyle, Level, LevelSource, Plan,
    Preferences, Step, StepDuration, StepIntensity, Target, Thresholds,
};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn pace(mps: f64) -> String {
    let s = (1000.0 / mps).round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

fn hms(secs: u32) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

fn target(t: &Target) -> String {
    match t {
        Target::Pace { low_mps, high_mps } => format!("{}–{}/km", pace(*low_mps), pace(*high_mps)),
        Target::HeartRate { low_bpm, high_bpm } => format!("{low_bpm:.0}–{high_bpm:.0} bpm"),
        Target::Power { low_w, high_w } => format!("{low_w:.0}–{high_w:.0} W"),
        Target::Effort { rpe } => format!("RPE {rpe}"),
        Target::None => "—".into(),
    }
}

fn intensity(i: StepIntensity) -> &'static str {
    match i {
        StepIntensity::Warmup => "warm-up",
        StepIntensity::Active => "work",
        StepIntensity::Recovery => "recover",
        StepIntensity::Rest => "rest",
        StepIntensity::Cooldown => "cool-down",
    }
}

fn render_steps(out: &mut String, steps: &[Step], indent: usize) {
    for s in steps {
        match s {
            Step::Single {
                intensity: i,
                duration,
                target: t,
                label,
            } => {
                let d = match duration {
                    StepDuration::Seconds(s) => hms(*s),
                    StepDuration::Meters(m) => format!("{m} m"),
                    StepDuration::Open => "open".into(),
                };
                writeln!(
                    out,
                    "{:indent$}{:<9} {:>7}  {:<15} {label}",
                    "",
                    intensity(*i),
                    d,
                    target(t)
                )
                .unwrap();
            }
            Step::Repeat { count, steps } => {
                writeln!(out, "{:indent$}{count} ×", "").unwrap();
                render_steps(out, steps, indent + 2);
            }
        }
    }
}

fn render(plan: &Plan) -> String {
    let mut out = String::new();
    let g = &plan.goal;
    writeln!(
        out,
        "Goal: {:?}, start {}, race {:?}, weeks {:?}, target {:?}",
        g.kind,
        g.start,
        g.race_date,
        g.weeks,
        g.target_time_s.map(hms)
    )
    .unwrap();
    writeln!(
        out,
        "Level: {:.1} km/week, longest {:.1} km, VDOT {:?}, {} years; days {:?}, long {:?}",
        g.level.weekly_km,
        g.level.longest_run_km,
        plan.vdot.map(|v| (v * 10.0).round() / 10.0),
        g.level.experience_years,
        g.availability.days,
        g.availability.long_run_day
    )
    .unwrap();
    for w in &plan.warnings {
        writeln!(out, "Warning {}: {} → {}", w.code, w.message, w.suggestion).unwrap();
    }
    let total_km: f64 = plan.weeks.iter().map(|w| w.target_km).sum();
    writeln!(out, "Weeks: {}, total {:.1} km", plan.weeks.len(), total_km).unwrap();
    writeln!(out).unwrap();
    for w in &plan.weeks {
        writeln!(
            out,
            "== Week {} ({}) {:?}{} — {:.1} km, long run {:.1} km",
            w.index + 1,
            w.start,
            w.phase,
            if w.recovery { " (recovery)" } else { "" },
            w.target_km,
            w.long_run_km
        )
        .unwrap();
        for r in &w.rules {
            writeln!(out, "   {}: {}", r.rule, r.note).unwrap();
        }
        for wo in &w.workouts {
            writeln!(
                out,
                "  {} {}  {:?}: {}  [{}, {:.1} km, load {:.1}]",
                wo.date.format("%a"),
                wo.date,
                wo.kind,
                wo.title,
                hms(wo.est_duration_s),
                f64::from(wo.est_distance_m) / 1000.0,
                wo.est_load
            )
            .unwrap();
            render_steps(&mut out, &wo.steps, 6);
        }
        writeln!(out).unwrap();
    }
    out
}

fn check_golden(name: &str, plan: &Plan) {
    let text = render(plan);
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(format!("{name}.txt"));
    if std::env::var_os("TEMPO_UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} missing: run with TEMPO_UPDATE_GOLDEN=1", path.display()));
    if want != text {
        let line = want
            .lines()
            .zip(text.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(want.lines().count().min(text.lines().count()));
        panic!(
            "{name}: plan differs from {} at line {}:\n want: {:?}\n  got: {:?}\n(TEMPO_UPDATE_GOLDEN=1 regenerates)",
            path.display(),
            line + 1,
            want.lines().nth(line),
            text.lines().nth(line)
        );
    }
}

fn prefs() -> Preferences {
    Preferences {
        intensity: IntensityStyle::Polarized,
        cross_training: false,
        treadmill: false,
    }
}

/// (a) A beginner's 10 km in 8 weeks on Tue/Thu/Sun: 15 km a week, longest
/// run 6 km, no VDOT, HRmax 190 (heart-rate targets).
fn beginner_10k() -> (Goal, Thresholds) {
    let goal = Goal {
        kind: GoalKind::TenK,
        start: date(2026, 1, 5),
        race_date: Some(date(2026, 3, 1)),
        weeks: None,
        target_time_s: None,
        level: Level {
            source: LevelSource::Declared,
            weekly_km: 15.0,
            longest_run_km: 6.0,
            vdot: None,
            experience_years: 0.5,
        },
        availability: Availability {
            days: vec![Weekday::Tue, Weekday::Thu, Weekday::Sun],
            long_run_day: Weekday::Sun,
            max_session_min: 60,
            max_long_run_min: 90,
        },
        preferences: prefs(),
        constraints: Constraints {
            injury_history: false,
            min_rest_days: 1,
        },
    };
    let th = Thresholds {
        max_hr: Some(190.0),
        ..Thresholds::default()
    };
    (goal, th)
}

/// (b) A 3:30 marathon in 16 weeks on 5 days: 45 km a week, longest run
/// 18 km, VDOT 45.
fn marathon_330() -> (Goal, Thresholds) {
    let goal = Goal {
        kind: GoalKind::Marathon,
        start: date(2026, 1, 5),
        race_date: Some(date(2026, 4, 26)),
        weeks: None,
        target_time_s: Some(3 * 3600 + 30 * 60),
        level: Level {
            source: LevelSource::Activities,
            weekly_km: 45.0,
            longest_run_km: 18.0,
            vdot: Some(45.0),
            experience_years: 4.0,
        },
        availability: Availability {
            days: vec![
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Sat,
                Weekday::Sun,
            ],
            long_run_day: Weekday::Sun,
            max_session_min: 90,
            max_long_run_min: 180,
        },
        preferences: prefs(),
        constraints: Constraints {
            injury_history: false,
            min_rest_days: 1,
        },
    };
    (goal, Thresholds::default())
}

/// (c) A half marathon from a recent 10 km in 45:00, 12 weeks, 4 days.
fn half_from_10k() -> (Goal, Thresholds) {
    let vdot = running::vdot(10_000.0, 2700.0).unwrap();
    let goal = Goal {
        kind: GoalKind::HalfMarathon,
        start: date(2026, 1, 5),
        race_date: Some(date(2026, 3, 29)),
        weeks: None,
        target_time_s: Some(3600 + 40 * 60),
        level: Level {
            source: LevelSource::RecentRace,
            weekly_km: 30.0,
            longest_run_km: 12.0,
            vdot: Some(vdot),
            experience_years: 2.0,
        },
        availability: Availability {
            days: vec![Weekday::Tue, Weekday::Thu, Weekday::Sat, Weekday::Sun],
            long_run_day: Weekday::Sun,
            max_session_min: 75,
            max_long_run_min: 150,
        },
        preferences: prefs(),
        constraints: Constraints {
            injury_history: false,
            min_rest_days: 1,
        },
    };
    (goal, Thresholds::default())
}

const TODAY: (i32, u32, u32) = (2026, 1, 2);

fn today() -> NaiveDate {
    date(TODAY.0, TODAY.1, TODAY.2)
}

#[test]
fn golden_beginner_10k() {
    let (g, th) = beginner_10k();
    check_golden("beginner_10k", &generate(&g, &th, today()).unwrap());
}

#[test]
fn golden_marathon_330() {
    let (g, th) = marathon_330();
    check_golden("marathon_330", &generate(&g, &th, today()).unwrap());
}

#[test]
fn golden_half_from_10k() {
    let (g, th) = half_from_10k();
    check_golden("half_from_10k", &generate(&g, &th, today()).unwrap());
}

/// The same goal gives the same plan, byte for byte.
#[test]
fn generation_is_deterministic() {
    for (g, th) in [beginner_10k(), marathon_330(), half_from_10k()] {
        let a = generate(&g, &th, today()).unwrap();
        let b = generate(&g, &th, today()).unwrap();
        assert_eq!(a, b);
        assert_eq!(render(&a), render(&b));
    }
}
