//! Reshaping planned workouts for an adjustment: scaling a session, turning a
//! quality session into an easy run. Pure functions of the plan.

use crate::export::text::{fmt_duration, fmt_total};
use crate::{
    Plan, PlanWeek, RuleRef, Step, StepDuration, StepIntensity, Target, Workout, WorkoutKind,
};

/// Sessions that are "quality" in the sense of rule 5 of the knowledge page
/// (threshold, intervals, race-pace runs, hills). Strides are an easy run
/// with a few short accelerations and stay easy.
pub(super) fn is_quality(kind: WorkoutKind) -> bool {
    matches!(
        kind,
        WorkoutKind::Threshold
            | WorkoutKind::Intervals
            | WorkoutKind::RacePace
            | WorkoutKind::Hills
    )
}

/// Easy running or rest-like sessions, for counting missed "non-easy" ones.
pub(super) fn is_easy(kind: WorkoutKind) -> bool {
    matches!(
        kind,
        WorkoutKind::Easy
            | WorkoutKind::Recovery
            | WorkoutKind::Strides
            | WorkoutKind::CrossTraining
    )
}

/// What an easy run looks like in this plan, taken from the plan's own easy
/// runs so a converted session has the target the generator chose (pace on a
/// treadmill, HR or effort otherwise).
#[derive(Debug, Clone, Copy)]
pub(super) struct EasyModel {
    target: Target,
    /// Average easy speed, m/s.
    mps: Option<f64>,
    /// Load per hour of easy running.
    load_per_h: f64,
}

/// Load of an hour at an intensity factor of 0.75, the middle of easy running
/// (rTSS = hours × IF² × 100), when the plan has no easy run to learn from.
const DEFAULT_EASY_LOAD_PER_H: f64 = 56.25;
/// RPE (CR10) of easy running, when the plan has no easy target.
const DEFAULT_EASY_RPE: f64 = 3.0;

impl EasyModel {
    pub(super) fn of(plan: &Plan) -> Self {
        let all = || plan.weeks.iter().flat_map(|w| &w.workouts);
        let easy = || all().filter(|w| w.kind == WorkoutKind::Easy);
        // The target of the first easy run, else of a recovery or long run.
        let target = easy()
            .chain(all().filter(|w| matches!(w.kind, WorkoutKind::Recovery | WorkoutKind::Long)))
            .find_map(|w| first_active_target(&w.steps))
            .unwrap_or(Target::Effort {
                rpe: DEFAULT_EASY_RPE,
            });
        let (mut dist, mut dur, mut load) = (0.0, 0.0, 0.0);
        for w in easy().filter(|w| w.est_duration_s > 0) {
            dur += f64::from(w.est_duration_s);
            dist += f64::from(w.est_distance_m);
            load += w.est_load;
        }
        let mps = (dur > 0.0 && dist > 0.0).then(|| dist / dur);
        let load_per_h = if dur > 0.0 && load > 0.0 {
            load / (dur / 3600.0)
        } else {
            DEFAULT_EASY_LOAD_PER_H
        };
        EasyModel {
            target,
            mps,
            load_per_h,
        }
    }
}

fn first_active_target(steps: &[Step]) -> Option<Target> {
    steps.iter().find_map(|s| match s {
        Step::Single {
            intensity: StepIntensity::Active,
            target,
            ..
        } => Some(*target),
        Step::Single { .. } => None,
        Step::Repeat { steps, .. } => first_active_target(steps),
    })
}

/// `w` as an easy run (or an easy long run when `kind` is Long) of
/// `factor` × its planned duration, rounded to the minute.
pub(super) fn to_easy(
    w: &Workout,
    kind: WorkoutKind,
    factor: f64,
    easy: &EasyModel,
    why: &str,
) -> Workout {
    let planned_s = if w.est_duration_s > 0 {
        f64::from(w.est_duration_s)
    } else {
        match easy.mps {
            Some(v) if w.est_distance_m > 0 => f64::from(w.est_distance_m) / v,
            _ => 1800.0,
        }
    };
    let secs = ((planned_s * factor / 60.0).round().max(1.0) * 60.0) as u32;
    let distance_m = match easy.mps {
        Some(v) => (f64::from(secs) * v).round() as u32,
        None => (f64::from(w.est_distance_m) * factor).round() as u32,
    };
    let (name, label) = if kind == WorkoutKind::Long {
        ("Long run", "easy long run")
    } else {
        ("Easy run", "easy")
    };
    Workout {
        date: w.date,
        kind,
        title: format!("{name} {}", fmt_total(secs)),
        purpose: format!("Easy running in place of \"{}\": {why}", w.title),
        steps: vec![Step::Single {
            intensity: StepIntensity::Active,
            duration: StepDuration::Seconds(secs),
            target: easy.target,
            label: format!("{} {label}", fmt_total(secs)),
        }],
        est_duration_s: secs,
        est_distance_m: distance_m,
        est_load: round2(easy.load_per_h * f64::from(secs) / 3600.0),
    }
}

/// `w` with every step's duration or distance times `factor` (repeat counts
/// unchanged), and its estimates scaled to match: when all steps are timed,
/// the new duration is the sum of the (rounded) steps and distance and load
/// follow by the same ratio; otherwise all three are times `factor`.
/// Durations and distances in the title and labels that name a changed step
/// or the whole session ("10 min", "1 km", "1 h 30 min", "90 min") are
/// rewritten; a title that names none gets " (shortened)".
pub(super) fn scale_workout(w: &Workout, factor: f64, why: &str) -> Workout {
    if (factor - 1.0).abs() < 1e-9 {
        return w.clone();
    }
    let mut renames: Vec<(String, String)> = Vec::new();
    let steps = scale_steps(&w.steps, factor, &mut renames);
    let ratio = match (timed_seconds(&w.steps), timed_seconds(&steps)) {
        (Some(old), Some(new)) if old > 0 => f64::from(new) / f64::from(old),
        _ => factor,
    };
    let est_duration_s = (f64::from(w.est_duration_s) * ratio).round() as u32;
    push_renames(
        &mut renames,
        StepDuration::Seconds(w.est_duration_s),
        StepDuration::Seconds(est_duration_s),
    );
    let mut title = replace_tokens(&w.title, &renames);
    if title == w.title {
        title.push_str(" (shortened)");
    }
    Workout {
        date: w.date,
        kind: w.kind,
        title,
        purpose: format!(
            "{} Shortened to {:.0} %: {why}",
            w.purpose.trim_end(),
            ratio * 100.0
        )
        .trim_start()
        .to_owned(),
        steps,
        est_duration_s,
        est_distance_m: (f64::from(w.est_distance_m) * ratio).round() as u32,
        est_load: round2(w.est_load * ratio),
    }
}

/// Total seconds of the steps, repeats expanded; None if any step is not
/// timed (a distance or an open step).
fn timed_seconds(steps: &[Step]) -> Option<u32> {
    steps.iter().try_fold(0u32, |acc, s| match s {
        Step::Single {
            duration: StepDuration::Seconds(x),
            ..
        } => acc.checked_add(*x),
        Step::Single { .. } => None,
        Step::Repeat { count, steps } => acc.checked_add(count.checked_mul(timed_seconds(steps)?)?),
    })
}

fn scale_steps(steps: &[Step], factor: f64, renames: &mut Vec<(String, String)>) -> Vec<Step> {
    steps
        .iter()
        .map(|s| match s {
            Step::Single {
                intensity,
                duration,
                target,
                label,
            } => {
                let scaled = scale_duration(*duration, factor);
                let mut mine = Vec::new();
                push_renames(&mut mine, *duration, scaled);
                let label = replace_tokens(label, &mine);
                for r in mine {
                    if !renames.iter().any(|(o, _)| *o == r.0) {
                        renames.push(r);
                    }
                }
                Step::Single {
                    intensity: *intensity,
                    duration: scaled,
                    target: *target,
                    label,
                }
            }
            Step::Repeat { count, steps } => Step::Repeat {
                count: *count,
                steps: scale_steps(steps, factor, renames),
            },
        })
        .collect()
}

/// The ways a title or label may write `old`, each with `new` written the
/// same way: Tempo's own format ("1 h 30 min", "1.5 km", "400 m"), plain
/// minutes ("90 min") and plain metres ("1000 m").
fn push_renames(out: &mut Vec<(String, String)>, old: StepDuration, new: StepDuration) {
    if old == new {
        return;
    }
    let mut add = |o: String, n: String| {
        if o != n && !out.iter().any(|(x, _)| *x == o) {
            out.push((o, n));
        }
    };
    add(fmt_duration(old), fmt_duration(new));
    match (old, new) {
        (StepDuration::Seconds(o), StepDuration::Seconds(n)) if o % 60 == 0 => {
            let n_min = (f64::from(n) / 60.0).round();
            add(format!("{} min", o / 60), format!("{n_min} min"));
            add(fmt_total(o), fmt_total(n));
        }
        (StepDuration::Meters(o), StepDuration::Meters(n)) => {
            add(format!("{o} m"), format!("{n} m"))
        }
        _ => {}
    }
}

/// Rounded so the result reads well on a watch: to the minute from 10
/// minutes, to 5 s below; to 100 m from 2 km, to 10 m below.
fn scale_duration(d: StepDuration, factor: f64) -> StepDuration {
    match d {
        StepDuration::Seconds(s) => {
            let x = f64::from(s) * factor;
            let step = if x >= 600.0 { 60.0 } else { 5.0 };
            StepDuration::Seconds(((x / step).round().max(1.0) * step) as u32)
        }
        StepDuration::Meters(m) => {
            let x = f64::from(m) * factor;
            let step = if x >= 2000.0 { 100.0 } else { 10.0 };
            StepDuration::Meters(((x / step).round().max(1.0) * step) as u32)
        }
        StepDuration::Open => StepDuration::Open,
    }
}

/// Replaces, in one left-to-right pass (so a replacement is never replaced
/// again), whole-token occurrences of each `old` by its `new`, the longest
/// `old` first: a token is not preceded by a digit, '.' or ':' and not
/// followed by a letter or digit, so "5 min" does not hit "45 min" and "5 m"
/// does not hit "5 min".
fn replace_tokens(s: &str, pairs: &[(String, String)]) -> String {
    let mut pairs: Vec<&(String, String)> = pairs.iter().filter(|(o, _)| !o.is_empty()).collect();
    pairs.sort_by_key(|(o, _)| std::cmp::Reverse(o.len()));
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    'scan: while let Some(c) = s[i..].chars().next() {
        let before_ok = !s[..i]
            .chars()
            .next_back()
            .is_some_and(|p| p.is_ascii_digit() || p == '.' || p == ':');
        if before_ok {
            for (old, new) in &pairs {
                let after_ok = s[i..].starts_with(old.as_str())
                    && !s[i + old.len()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric);
                if after_ok {
                    out.push_str(new);
                    i += old.len();
                    continue 'scan;
                }
            }
        }
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// `week` with its volumes times `factor`, its workouts as given, and a note
/// of why in its rules.
pub(super) fn reshape_week(
    week: &PlanWeek,
    factor: f64,
    workouts: Vec<Workout>,
    recovery: bool,
    rule: RuleRef,
) -> PlanWeek {
    let mut rules = week.rules.clone();
    rules.push(rule);
    PlanWeek {
        index: week.index,
        start: week.start,
        phase: week.phase,
        recovery,
        target_km: round1(week.target_km * factor),
        long_run_km: round1(week.long_run_km * factor),
        rules,
        workouts,
    }
}

pub(super) fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_replace_whole_quantities_only() {
        let r = |s: &str, o: &str, n: &str| replace_tokens(s, &[(o.to_owned(), n.to_owned())]);
        assert_eq!(r("Easy 45 min", "5 min", "4 min"), "Easy 45 min");
        assert_eq!(r("3 × 10 min at T", "10 min", "7 min"), "3 × 7 min at T");
        assert_eq!(r("5 min easy", "5 m", "4 m"), "5 min easy");
        assert_eq!(r("1.5 km then 5 km", "5 km", "4 km"), "1.5 km then 4 km");
        // One pass: 15 → 11 and 11 → 8 do not chain.
        let pairs = [
            ("15 min".to_owned(), "11 min".to_owned()),
            ("11 min".to_owned(), "8 min".to_owned()),
        ];
        assert_eq!(replace_tokens("15 min + 11 min", &pairs), "11 min + 8 min");
    }

    #[test]
    fn durations_round_to_readable_values() {
        assert_eq!(
            scale_duration(StepDuration::Seconds(2700), 0.7),
            StepDuration::Seconds(1860)
        );
        assert_eq!(
            scale_duration(StepDuration::Seconds(90), 0.7),
            StepDuration::Seconds(65)
        );
        assert_eq!(
            scale_duration(StepDuration::Meters(1000), 0.7),
            StepDuration::Meters(700)
        );
        assert_eq!(
            scale_duration(StepDuration::Meters(16_000), 0.7),
            StepDuration::Meters(11_200)
        );
        assert_eq!(scale_duration(StepDuration::Open, 0.5), StepDuration::Open);
    }
}
