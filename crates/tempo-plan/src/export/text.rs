//! The plan as plain text, to print or paste.
//!
//! Layout (every line ends with `\n`, nothing depends on the clock or the
//! locale, so the same plan always gives the same text):
//!
//! ```text
//! Tempo training plan: Marathon
//! Race: Sun 13 Oct 2024 · target 3:30:00
//! Plan: Mon 03 Jun 2024 to Sun 13 Oct 2024 · 19 weeks · 95 workouts
//! Starting from: 40.0 km a week, longest run 16.0 km
//! Paces from VDOT 45.0: easy 5:35–6:41 /km · marathon …
//! Thresholds: threshold pace 4:40 /km · LTHR 165 bpm
//! Warnings:
//!   ! <message>
//!     → <suggestion>
//!
//! Week 1 (Mon 03 Jun) · base · 40.0 km · long run 16.0 km
//!   rule-2: volume +8 % (cap 10 %)
//!   Tue 04 Jun · Threshold 3 × 10 min · 1 h 05 min · 12.5 km
//!       Warm-up 15 min @ 5:35–6:41 /km — 15 min easy
//!       3 ×
//!         Active 10 min @ 4:36–4:44 /km — 10 min at T pace
//!         Recovery 2 min — jog
//! ```
//!
//! The formatting helpers are shared with the ICS export (the event
//! descriptions list the same steps).

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::{GoalKind, Phase, Plan, Step, StepDuration, StepIntensity, Target, Thresholds};

/// Week by week, each workout with its steps and targets (pace in min/km).
pub fn text(plan: &Plan) -> String {
    let mut out = String::new();
    header(plan, &mut out);
    for week in &plan.weeks {
        out.push('\n');
        let mut line = format!(
            "Week {} ({}) · {} · {} km · long run {} km",
            week.index + 1,
            week.start.format("%a %d %b"),
            phase_label(week.phase),
            fmt_km1(week.target_km),
            fmt_km1(week.long_run_km),
        );
        if week.recovery {
            line.push_str(" · recovery week");
        }
        push_line(&mut out, 0, &line);
        for rule in &week.rules {
            push_line(&mut out, 2, &format!("{}: {}", rule.rule, rule.note));
        }
        for w in &week.workouts {
            push_line(&mut out, 2, &workout_line(w));
            for l in step_lines(&w.steps) {
                push_line(&mut out, 6, &l);
            }
        }
    }
    out
}

fn header(plan: &Plan, out: &mut String) {
    let goal = &plan.goal;
    push_line(
        out,
        0,
        &format!("Tempo training plan: {}", goal_label(goal.kind)),
    );
    if let Some(race) = goal.race_date {
        let target = goal
            .target_time_s
            .map(|t| format!("target {}", fmt_clock(t)))
            .unwrap_or_else(|| "goal: finish".to_owned());
        push_line(
            out,
            0,
            &format!("Race: {} · {target}", race.format("%a %d %b %Y")),
        );
    }
    if let Some(first) = plan.weeks.first() {
        let end = plan_end(plan).unwrap_or(first.start);
        let n_workouts: usize = plan.weeks.iter().map(|w| w.workouts.len()).sum();
        push_line(
            out,
            0,
            &format!(
                "Plan: {} to {} · {} weeks · {} workouts",
                first.start.format("%a %d %b %Y"),
                end.format("%a %d %b %Y"),
                plan.weeks.len(),
                n_workouts
            ),
        );
    }
    push_line(
        out,
        0,
        &format!(
            "Starting from: {} km a week, longest run {} km",
            fmt_km1(goal.level.weekly_km),
            fmt_km1(goal.level.longest_run_km)
        ),
    );
    match plan.vdot {
        Some(vdot) => {
            let paces = tempo_metrics::pace::daniels_paces(vdot)
                .map(|p| {
                    format!(
                        ": easy {}–{} /km · marathon {} /km · threshold {} /km · interval {} /km · repetition {} /km",
                        fmt_pace(p.easy_fast_mps),
                        fmt_pace(p.easy_slow_mps),
                        fmt_pace(p.marathon_mps),
                        fmt_pace(p.threshold_mps),
                        fmt_pace(p.interval_mps),
                        fmt_pace(p.repetition_mps),
                    )
                })
                .unwrap_or_default();
            push_line(out, 0, &format!("Paces from VDOT {vdot:.1}{paces}"));
        }
        None => push_line(out, 0, "No VDOT: targets by heart rate or effort"),
    }
    if let Some(t) = thresholds_line(&plan.thresholds) {
        push_line(out, 0, &t);
    }
    if !plan.warnings.is_empty() {
        push_line(out, 0, "Warnings:");
        for w in &plan.warnings {
            push_line(out, 2, &format!("! {}", w.message));
            if !w.suggestion.is_empty() {
                push_line(out, 4, &format!("→ {}", w.suggestion));
            }
        }
    }
}

fn thresholds_line(t: &Thresholds) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(p) = t
        .threshold_pace_s_per_km
        .filter(|p| p.is_finite() && *p > 0.0)
    {
        parts.push(format!("threshold pace {} /km", fmt_min_sec(p)));
    }
    if let Some(v) = t.lthr {
        parts.push(format!("LTHR {v:.0} bpm"));
    }
    if let Some(v) = t.max_hr {
        parts.push(format!("max HR {v:.0} bpm"));
    }
    if let Some(v) = t.ftp_w {
        parts.push(format!("FTP {v:.0} W"));
    }
    (!parts.is_empty()).then(|| format!("Thresholds: {}", parts.join(" · ")))
}

/// The race day, else the last day of the last week.
fn plan_end(plan: &Plan) -> Option<NaiveDate> {
    plan.goal
        .race_date
        .or_else(|| plan.weeks.last().map(|w| w.start + chrono::Days::new(6)))
}

fn push_line(out: &mut String, indent: usize, line: &str) {
    let _ = writeln!(out, "{:indent$}{line}", "");
}

/// "Tue 04 Jun · Threshold 3 × 10 min · 1 h 05 min · 12.5 km".
pub(crate) fn workout_line(w: &crate::Workout) -> String {
    let mut line = format!("{} · {}", w.date.format("%a %d %b"), w.title);
    if w.est_duration_s > 0 {
        let _ = write!(line, " · {}", fmt_total(w.est_duration_s));
    }
    if w.est_distance_m > 0 {
        let _ = write!(
            line,
            " · {} km",
            fmt_km1(f64::from(w.est_distance_m) / 1000.0)
        );
    }
    line
}

/// One line per step, repeat blocks as "N ×" with their steps indented by
/// two more spaces.
pub(crate) fn step_lines(steps: &[Step]) -> Vec<String> {
    let mut lines = Vec::new();
    push_steps(steps, 0, &mut lines);
    lines
}

fn push_steps(steps: &[Step], depth: usize, lines: &mut Vec<String>) {
    for step in steps {
        match step {
            Step::Single {
                intensity,
                duration,
                target,
                label,
            } => {
                let mut l = format!(
                    "{:w$}{} {}",
                    "",
                    intensity_label(*intensity),
                    fmt_duration(*duration),
                    w = depth * 2
                );
                let t = fmt_target(*target);
                if !t.is_empty() {
                    let _ = write!(l, " @ {t}");
                }
                if !label.is_empty() {
                    let _ = write!(l, " — {label}");
                }
                lines.push(l);
            }
            Step::Repeat { count, steps } => {
                lines.push(format!("{:w$}{count} ×", "", w = depth * 2));
                push_steps(steps, depth + 1, lines);
            }
        }
    }
}

pub(crate) fn goal_label(kind: GoalKind) -> String {
    match kind {
        GoalKind::FiveK => "5 km".to_owned(),
        GoalKind::TenK => "10 km".to_owned(),
        GoalKind::HalfMarathon => "Half marathon".to_owned(),
        GoalKind::Marathon => "Marathon".to_owned(),
        GoalKind::Trail {
            distance_km,
            elevation_m,
        } => format!("Trail {} km, {elevation_m:.0} m D+", fmt_km1(distance_km)),
        GoalKind::BaseBuilding => "Base building".to_owned(),
    }
}

fn phase_label(p: Phase) -> &'static str {
    match p {
        Phase::Base => "base",
        Phase::Build => "build",
        Phase::Peak => "peak",
        Phase::Taper => "taper",
    }
}

fn intensity_label(i: StepIntensity) -> &'static str {
    match i {
        StepIntensity::Warmup => "Warm-up",
        StepIntensity::Active => "Active",
        StepIntensity::Recovery => "Recovery",
        StepIntensity::Rest => "Rest",
        StepIntensity::Cooldown => "Cool-down",
    }
}

/// "4:30–4:45 /km", "140–150 bpm", "250–270 W", "RPE 3", or "" for none.
pub(crate) fn fmt_target(t: Target) -> String {
    match t {
        // The faster bound (higher speed, lower min/km) first.
        Target::Pace { low_mps, high_mps } => {
            let (fast, slow) = (fmt_pace(high_mps), fmt_pace(low_mps));
            if fast == slow {
                format!("{fast} /km")
            } else {
                format!("{fast}–{slow} /km")
            }
        }
        Target::HeartRate { low_bpm, high_bpm } => range(low_bpm, high_bpm, "bpm"),
        Target::Power { low_w, high_w } => range(low_w, high_w, "W"),
        Target::Effort { rpe } => format!("RPE {}", trim_num(rpe, 1)),
        Target::None => String::new(),
    }
}

fn range(low: f64, high: f64, unit: &str) -> String {
    let (l, h) = (format!("{low:.0}"), format!("{high:.0}"));
    if l == h {
        format!("{l} {unit}")
    } else {
        format!("{l}–{h} {unit}")
    }
}

/// A speed as a pace, "m:ss" per km; "?" for a speed that is not one.
pub(crate) fn fmt_pace(mps: f64) -> String {
    if mps.is_finite() && mps > 0.0 {
        fmt_min_sec(1000.0 / mps)
    } else {
        "?".to_owned()
    }
}

/// Seconds as "m:ss", rounded to the second.
fn fmt_min_sec(s: f64) -> String {
    let s = s.round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// A step's duration: "45 s", "15 min", "2 min 30 s", "1 h 30 min", "400 m",
/// "1.6 km", "until lap".
pub(crate) fn fmt_duration(d: StepDuration) -> String {
    match d {
        StepDuration::Seconds(s) if s < 60 => format!("{s} s"),
        StepDuration::Seconds(s) if s % 60 != 0 => format!("{} min {} s", s / 60, s % 60),
        StepDuration::Seconds(s) => fmt_total(s),
        StepDuration::Meters(m) if m < 1000 => format!("{m} m"),
        StepDuration::Meters(m) => format!("{} km", trim_num(f64::from(m) / 1000.0, 2)),
        StepDuration::Open => "until lap".to_owned(),
    }
}

/// A session's length in whole minutes: "45 min", "1 h 05 min".
pub(crate) fn fmt_total(s: u32) -> String {
    let min = (s + 30) / 60;
    if min < 60 {
        format!("{min} min")
    } else {
        format!("{} h {:02} min", min / 60, min % 60)
    }
}

/// Seconds as "h:mm:ss" (a race time).
fn fmt_clock(s: u32) -> String {
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// Kilometres with one decimal.
pub(crate) fn fmt_km1(km: f64) -> String {
    format!("{km:.1}")
}

/// At most `decimals` decimals, without trailing zeros: 1.6, 1, 1.25.
fn trim_num(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}
