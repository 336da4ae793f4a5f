//! Following the plan: what was done, and adjustments to propose.
//!
//! Both functions are pure and deterministic: the same plan, activities,
//! compliance and form give the same result, whatever their input order.
//!
//! [`compliance`] pairs each planned workout with at most one activity of the
//! same day. [`propose`] looks at that compliance and the athlete's form and
//! may propose new versions of the weeks after today, following the section
//! "Adapting the plan when life happens" of the knowledge page
//! `plan-generation-rules` and the page `return-after-break-or-illness`:
//!
//! 1. `excessive_fatigue`: TSB below [`TSB_FATIGUE`] → the next week becomes
//!    a recovery week ("if warning signs of overreaching appear, the next
//!    week becomes a recovery week").
//! 2. `fitness_drop`: CTL down more than [`CTL_DROP`] in 14 days → reduced,
//!    easy-only weeks ("after illness or a break … reduced volume, easy
//!    running first").
//! 3. `missed_workouts`: several missed sessions in 14 days → no catching up
//!    ("missed volume is not made up later"): the coming week repeats the
//!    last completed week's volume and later weeks build back within rule 2.
//!
//! They are checked in that order and the first that calls for a change wins:
//! fatigue is the most urgent, and a fitness drop usually comes with missed
//! workouts but calls for the more cautious answer. The race and the taper
//! are never changed, and neither is any week that has started.

mod reshape;

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use self::reshape::{EasyModel, is_easy, is_quality, reshape_week, round1, scale_workout, to_easy};
use crate::{
    Adjustment, Completion, Compliance, DoneActivity, FormState, Phase, Plan, PlanWeek, RuleRef,
    Workout, WorkoutKind,
};

/// Done duration within this fraction of the planned one counts as completed
/// (75 % to 125 %); outside it, as partial.
pub const COMPLETED_RANGE: (f64, f64) = (0.75, 1.25);

/// TSB below which fatigue is excessive. Coggan's Performance Manager
/// guidance, as TrainingPeaks and the knowledge page `ctl-atl-tsb` give it:
/// −10 to −30 is the productive training zone, below about −30 is very high
/// fatigue with injury, illness and overreaching risk if it lasts. The
/// figure holds for TSS-scaled loads, which is what Tempo computes.
pub const TSB_FATIGUE: f64 = -30.0;

/// A relative CTL drop over 14 days above which fitness has dropped. With
/// CTL's 42-day time constant, 15 % is about a week without training
/// (e^(−7/42) ≈ 0.85): the "break of more than a few days" of the knowledge
/// page.
pub const CTL_DROP: f64 = 0.15;

/// A relative CTL drop above which the break is treated as the 3-to-4-week
/// row of the return-to-training table: 25 % means almost nothing was done
/// in the whole 14 days (the most CTL can fall in 14 days is e^(−14/42) ≈
/// 28 %), on top of whatever came before.
pub const CTL_DROP_SEVERE: f64 = 0.25;

/// Volume of a recovery week: rule 3 says 70 to 80 % of the previous week;
/// the lower end, since fatigue is already excessive.
const RECOVERY_FACTOR: f64 = 0.70;

/// The return-to-training table of `return-after-break-or-illness`: after
/// one to two weeks off, a first week at 60 to 75 % of the previous volume,
/// easy or with strides; after three to four weeks, about 50 % and easy only
/// for one to two weeks.
const RETURN_MILD: &[f64] = &[0.70];
const RETURN_SEVERE: &[f64] = &[0.50, 0.70];

/// How far back missed workouts are counted (today included, for a workout
/// the athlete has already marked skipped).
const MISSED_WINDOW_DAYS: u64 = 14;
/// Missed sessions other than easy runs (quality, long runs, races) that
/// trigger `missed_workouts`.
const MISSED_HARD: usize = 2;
/// Missed sessions of any kind that trigger `missed_workouts`.
const MISSED_ANY: usize = 3;
/// Largest week-to-week volume increase when building back (rule 2).
const MAX_WEEKLY_INCREASE: f64 = 0.10;
/// Share of a week's workouts done (completed or partial) for it to count as
/// completed, when looking for the level to repeat.
const WEEK_DONE_SHARE: f64 = 0.75;

/// How each workout of the plan went, given the activities done.
///
/// One entry per workout, in date order (workouts of one day in the plan's
/// order; for a plan whose weeks and workouts are in date order, as the
/// generator makes them, that is the plan's order).
///
/// - Each workout is paired with at most one activity of the same date, and
///   each activity with at most one workout. A running workout takes running
///   activities only; a cross-training workout takes any activity, a
///   non-running one first. With several workouts or activities on a day,
///   pairs are taken best first: a matching sport, then the closest duration
///   (the smallest |ln(done / planned)|), then plan order and activity id.
/// - Paired: Completed when the done duration is 75 % to 125 % of the
///   planned one (or the distance, when either duration is unknown), Partial
///   otherwise. Races are matched like any workout.
/// - Not paired: Missed before `today`, Planned from `today` on.
///
/// `Skipped` is never returned: the athlete marks a workout skipped, and the
/// caller (the api, from storage) applies that mark over this result.
pub fn compliance(plan: &Plan, done: &[DoneActivity], today: NaiveDate) -> Vec<Compliance> {
    let workouts = dated_workouts(plan);
    let mut by_date: BTreeMap<NaiveDate, Vec<&DoneActivity>> = BTreeMap::new();
    for a in done {
        by_date.entry(a.date).or_default().push(a);
    }
    for acts in by_date.values_mut() {
        acts.sort_by_key(|a| a.id); // independent of the input order
    }

    let mut out = Vec::with_capacity(workouts.len());
    for day in workouts.chunk_by(|a, b| a.date == b.date) {
        let acts = by_date.get(&day[0].date).map(Vec::as_slice).unwrap_or(&[]);
        let pairs = pair_day(day, acts);
        for (w, a) in day.iter().zip(pairs) {
            out.push(match a.map(|k| acts[k]) {
                Some(a) => done_status(w, a),
                None => Compliance {
                    date: w.date,
                    status: if w.date < today {
                        Completion::Missed
                    } else {
                        Completion::Planned
                    },
                    activity_id: None,
                    duration_ratio: None,
                },
            });
        }
    }
    out
}

/// The plan's workouts sorted by date, stable within a day.
fn dated_workouts(plan: &Plan) -> Vec<&Workout> {
    let mut v: Vec<&Workout> = plan.weeks.iter().flat_map(|w| &w.workouts).collect();
    v.sort_by_key(|w| w.date);
    v
}

/// For each workout of one day, the index of its activity in `acts`.
fn pair_day(day: &[&Workout], acts: &[&DoneActivity]) -> Vec<Option<usize>> {
    // (sport mismatch, cost, workout, activity). Taking the pairs greedily in
    // this order pairs as many as possible: only cross-training workouts
    // accept both kinds, and they take running activities last.
    let mut cands: Vec<(bool, f64, usize, usize)> = Vec::new();
    for (wi, w) in day.iter().enumerate() {
        let cross = w.kind == WorkoutKind::CrossTraining;
        for (ai, a) in acts.iter().enumerate() {
            if a.running || cross {
                cands.push((cross && a.running, match_cost(w, a), wi, ai));
            }
        }
    }
    cands.sort_by(|x, y| {
        x.0.cmp(&y.0)
            .then(x.1.total_cmp(&y.1))
            .then(x.2.cmp(&y.2))
            .then(x.3.cmp(&y.3))
    });
    let mut pairs = vec![None; day.len()];
    let mut taken = vec![false; acts.len()];
    for (_, _, wi, ai) in cands {
        if pairs[wi].is_none() && !taken[ai] {
            pairs[wi] = Some(ai);
            taken[ai] = true;
        }
    }
    pairs
}

/// Done over planned duration, when both are known.
fn duration_ratio(w: &Workout, a: &DoneActivity) -> Option<f64> {
    (w.est_duration_s > 0 && a.duration_s.is_finite() && a.duration_s > 0.0)
        .then(|| a.duration_s / f64::from(w.est_duration_s))
}

/// Done over planned distance, when both are known.
fn distance_ratio(w: &Workout, a: &DoneActivity) -> Option<f64> {
    (w.est_distance_m > 0 && a.distance_m.is_finite() && a.distance_m > 0.0)
        .then(|| a.distance_m / f64::from(w.est_distance_m))
}

fn match_cost(w: &Workout, a: &DoneActivity) -> f64 {
    match duration_ratio(w, a).or_else(|| distance_ratio(w, a)) {
        Some(r) => r.ln().abs(),
        None => 0.0,
    }
}

fn done_status(w: &Workout, a: &DoneActivity) -> Compliance {
    let duration_ratio = duration_ratio(w, a);
    let ratio = duration_ratio.or_else(|| distance_ratio(w, a));
    let completed = ratio.is_none_or(|r| (COMPLETED_RANGE.0..=COMPLETED_RANGE.1).contains(&r));
    Compliance {
        date: w.date,
        status: if completed {
            Completion::Completed
        } else {
            Completion::Partial
        },
        activity_id: Some(a.id),
        duration_ratio,
    }
}

/// An adjustment of the weeks after `state.today`, when the compliance or the
/// form calls for one.
///
/// `compliance` is [`compliance`]'s result with the caller's `Skipped` marks
/// applied; its entries are paired with the workouts by date, in date order,
/// like [`compliance`] lists them. Skipped workouts count as missed here:
/// whatever the reason, the training was not done.
///
/// Only weeks starting after `state.today` change, never a taper week or a
/// week holding a race. The returned weeks are the changed ones only, each
/// with its plan index, the workouts as they would become and a rule note
/// saying why. `None` when nothing calls for a change, or when the change
/// called for is already in the plan.
pub fn propose(plan: &Plan, compliance: &[Compliance], state: &FormState) -> Option<Adjustment> {
    let coming = plan.weeks.iter().position(|w| w.start > state.today)?;
    let easy = EasyModel::of(plan);
    excessive_fatigue(plan, state, coming, &easy)
        .or_else(|| fitness_drop(plan, compliance, state, coming, &easy))
        .or_else(|| missed_workouts(plan, compliance, state, coming))
}

/// Taper weeks and race weeks are kept as planned.
fn protected(w: &PlanWeek) -> bool {
    w.phase == Phase::Taper || w.workouts.iter().any(|x| x.kind == WorkoutKind::Race)
}

fn week_name(w: &PlanWeek) -> String {
    format!("week {} (from {})", w.index + 1, w.start.format("%a %d %b"))
}

fn excessive_fatigue(
    plan: &Plan,
    state: &FormState,
    coming: usize,
    easy: &EasyModel,
) -> Option<Adjustment> {
    // NaN compares false: no proposal on an unknown TSB.
    let fatigued = state.tsb < TSB_FATIGUE;
    if !fatigued {
        return None;
    }
    let week = &plan.weeks[coming];
    // The taper already cuts volume by 40 to 60 %, and the race stays.
    if protected(week) {
        return None;
    }
    // A planned recovery week keeps its volume; only its quality changes.
    let factor = if week.recovery { 1.0 } else { RECOVERY_FACTOR };
    let why = format!(
        "recovery week brought forward, form (TSB) at {:.1}, below {TSB_FATIGUE:.0}.",
        state.tsb
    );
    // The one quality session kept (shortened): the week's first.
    let kept = week
        .workouts
        .iter()
        .enumerate()
        .filter(|(_, w)| is_quality(w.kind))
        .min_by_key(|(i, w)| (w.date, *i))
        .map(|(i, _)| i);
    let workouts: Vec<Workout> = week
        .workouts
        .iter()
        .enumerate()
        .map(|(i, w)| match w.kind {
            k if is_quality(k) && Some(i) != kept => {
                to_easy(w, WorkoutKind::Easy, factor, easy, &why)
            }
            WorkoutKind::LongProgression => to_easy(w, WorkoutKind::Long, factor, easy, &why),
            _ => scale_workout(w, factor, &why),
        })
        .collect();
    let note = format!(
        "recovery week (TSB {:.1} < {TSB_FATIGUE:.0}): {:.1} km instead of {:.1} km, one short quality session",
        state.tsb,
        round1(week.target_km * factor),
        week.target_km
    );
    let converted = week
        .workouts
        .iter()
        .zip(&workouts)
        .filter(|(old, new)| old.kind != new.kind)
        .count();
    let new = reshape_week(week, factor, workouts, true, rule("rule-3", note));
    // The rule note alone is no change.
    if new.workouts == week.workouts && new.target_km == week.target_km && week.recovery {
        return None;
    }
    let mut explanation = format!(
        "Your form (TSB) is {:.1}, below {TSB_FATIGUE:.0}: fatigue this deep, if it lasts, raises the risk of \
         injury, illness and overreaching. So {} becomes a recovery week: {:.1} km instead of {:.1} km",
        state.tsb,
        week_name(week),
        new.target_km,
        week.target_km,
    );
    if converted > 0 {
        explanation.push_str(&format!(
            ", {converted} session{} turned into easy running",
            if converted == 1 { "" } else { "s" }
        ));
    }
    if let Some(i) = kept {
        explanation.push_str(&format!(
            ", one quality session kept{}: {}",
            if factor < 1.0 { " and shortened" } else { "" },
            new.workouts[i].title
        ));
    }
    explanation.push_str(". The weeks after it stay as planned.");
    Some(Adjustment {
        reason: "excessive_fatigue".to_owned(),
        explanation,
        weeks: vec![new],
    })
}

fn fitness_drop(
    plan: &Plan,
    compliance: &[Compliance],
    state: &FormState,
    coming: usize,
    easy: &EasyModel,
) -> Option<Adjustment> {
    if !(state.ctl_14d_ago > 0.0 && state.ctl.is_finite()) {
        return None;
    }
    let drop = 1.0 - state.ctl / state.ctl_14d_ago;
    let dropped = drop > CTL_DROP; // false for NaN
    if !dropped {
        return None;
    }
    let severe = drop > CTL_DROP_SEVERE;
    let factors = if severe { RETURN_SEVERE } else { RETURN_MILD };
    let why = format!(
        "easy return after fitness (CTL) fell {:.0} % in 14 days.",
        drop * 100.0
    );
    let mut weeks = Vec::new();
    let mut parts = Vec::new();
    for (week, &f) in plan.weeks[coming..].iter().zip(factors) {
        if protected(week) {
            break;
        }
        let workouts = week
            .workouts
            .iter()
            .map(|w| match w.kind {
                k if is_quality(k) => to_easy(w, WorkoutKind::Easy, f, easy, &why),
                // Strides are fine after a short break, not after a long one.
                WorkoutKind::Strides if severe => to_easy(w, WorkoutKind::Easy, f, easy, &why),
                WorkoutKind::LongProgression => to_easy(w, WorkoutKind::Long, f, easy, &why),
                _ => scale_workout(w, f, &why),
            })
            .collect();
        let note = format!(
            "return after a break (CTL down {:.0} % in 14 days): {:.0} % of the planned volume, easy running only",
            drop * 100.0,
            f * 100.0
        );
        weeks.push(reshape_week(week, f, workouts, true, rule("rule-2", note)));
        parts.push(format!(
            "{} at {:.0} % ({:.1} km instead of {:.1} km)",
            week_name(week),
            f * 100.0,
            round1(week.target_km * f),
            week.target_km
        ));
    }
    if weeks.is_empty() {
        return None;
    }
    // Then back to the level trained before the break, and rule 2 from there
    // (a reduced week is followed by a return to the previous level, as after
    // a recovery week, not by the plan's higher figures at once).
    let statuses = paired_statuses(plan, compliance);
    let (base, base_from) = last_completed_level(plan, &statuses, state.today, coming);
    let rebuilt = rebuild(
        plan,
        coming + weeks.len(),
        base,
        "building back after a break: at most 10 % more a week.",
        "building back after a break",
    );
    let mut explanation = format!(
        "Your fitness (CTL) fell from {:.1} to {:.1} in 14 days ({:.0} % less), as after an illness or a break. \
         Following the return-to-training rules, {} easy only{}: {}.",
        state.ctl_14d_ago,
        state.ctl,
        drop * 100.0,
        if weeks.len() == 1 {
            "the coming week runs"
        } else {
            "the coming two weeks run"
        },
        if severe { "" } else { " (strides allowed)" },
        parts.join(", then ")
    );
    if rebuilt.is_empty() {
        explanation.push_str(" The plan then resumes as planned;");
    } else {
        explanation.push_str(&format!(
            " Then the plan returns to {base_from} and builds back by at most 10 % a week: {};",
            describe(&rebuilt, plan)
        ));
    }
    explanation.push_str(" the taper and the race are unchanged.");
    weeks.extend(rebuilt);
    Some(Adjustment {
        reason: "fitness_drop".to_owned(),
        explanation,
        weeks,
    })
}

fn missed_workouts(
    plan: &Plan,
    compliance: &[Compliance],
    state: &FormState,
    coming: usize,
) -> Option<Adjustment> {
    let today = state.today;
    let from = today.checked_sub_days(Days::new(MISSED_WINDOW_DAYS))?;
    let statuses = paired_statuses(plan, compliance);
    let not_done =
        |s: Option<Completion>| matches!(s, Some(Completion::Missed | Completion::Skipped));
    let missed: Vec<&Workout> = statuses
        .iter()
        // Today counts too: a workout can be marked skipped before its day ends.
        .filter(|(w, s)| w.date >= from && w.date <= today && not_done(*s))
        .map(|(w, _)| *w)
        .collect();
    let hard = missed.iter().filter(|w| !is_easy(w.kind)).count();
    if hard < MISSED_HARD && missed.len() < MISSED_ANY {
        return None;
    }
    let (base, base_from) = last_completed_level(plan, &statuses, today, coming);
    let weeks = rebuild(
        plan,
        coming,
        base,
        "missed training is not made up; volume builds back by at most 10 % a week.",
        "after missed workouts",
    );
    if weeks.is_empty() {
        return None;
    }
    let explanation = format!(
        "{} planned workouts were missed in the last 14 days ({} of them quality sessions, long runs or races). \
         Missed training is not made up: {} repeats {}, and the following weeks build back by at most 10 % a week: \
         {}. The taper and the race are unchanged.",
        missed.len(),
        hard,
        week_name(&plan.weeks[coming]),
        base_from,
        describe(&weeks, plan)
    );
    Some(Adjustment {
        reason: "missed_workouts".to_owned(),
        explanation,
        weeks,
    })
}

/// The volume of the last elapsed week before `coming` whose workouts were
/// mostly done (completed or partial), with a phrase naming it; else the
/// volume the athlete started the plan from.
fn last_completed_level(
    plan: &Plan,
    statuses: &[(&Workout, Option<Completion>)],
    today: NaiveDate,
    coming: usize,
) -> (f64, String) {
    let elapsed = |w: &PlanWeek| {
        w.start
            .checked_add_days(Days::new(7))
            .is_some_and(|end| end <= today)
    };
    let done_share = |w: &PlanWeek| {
        let end = w.start.checked_add_days(Days::new(7))?;
        let (n, done) = statuses
            .iter()
            .filter(|(x, _)| x.date >= w.start && x.date < end)
            .fold((0usize, 0usize), |(n, d), (_, s)| {
                let done = matches!(s, Some(Completion::Completed | Completion::Partial));
                (n + 1, d + usize::from(done))
            });
        (n > 0).then(|| done as f64 / n as f64)
    };
    let last_done = plan.weeks[..coming]
        .iter()
        .rev()
        .filter(|w| elapsed(w))
        .find(|w| done_share(w).is_some_and(|s| s >= WEEK_DONE_SHARE));
    match last_done {
        Some(w) => (
            w.target_km,
            format!(
                "the {:.1} km of week {}, the last week completed",
                w.target_km,
                w.index + 1
            ),
        ),
        None => (
            plan.goal.level.weekly_km,
            format!(
                "the {:.1} km a week you started the plan from",
                plan.goal.level.weekly_km
            ),
        ),
    }
}

/// Rule 2 applied from `base` to the weeks from `from` on, up to the first
/// taper or race week: the first non-recovery week holds `base`, each later
/// one adds at most 10 %, a recovery week keeps the
/// share of the level it had in the plan and the week after it returns to the
/// level before adding more. A week is never raised above the plan; the weeks
/// returned are those that change, with their workouts scaled alike.
fn rebuild(plan: &Plan, from: usize, base: f64, why: &str, note_prefix: &str) -> Vec<PlanWeek> {
    let mut level = base;
    let mut grow = false;
    let mut planned_level = plan.weeks[..from.min(plan.weeks.len())]
        .iter()
        .rev()
        .find(|w| !w.recovery)
        .map_or(base, |w| w.target_km);
    let mut out = Vec::new();
    for week in plan.weeks.iter().skip(from) {
        if protected(week) {
            break;
        }
        let f = if week.recovery {
            grow = false;
            if planned_level > 0.0 {
                (level / planned_level).min(1.0)
            } else {
                1.0
            }
        } else {
            let cap = if grow {
                level * (1.0 + MAX_WEEKLY_INCREASE)
            } else {
                level
            };
            let new_km = week.target_km.min(cap);
            planned_level = week.target_km;
            level = new_km;
            grow = true;
            if week.target_km > 0.0 {
                new_km / week.target_km
            } else {
                1.0
            }
        };
        if f >= 0.995 {
            continue; // on the plan (within rounding)
        }
        let workouts = week
            .workouts
            .iter()
            .map(|w| scale_workout(w, f, why))
            .collect();
        let note = format!(
            "{note_prefix}: {:.1} km instead of {:.1} km (at most +10 % a week)",
            round1(week.target_km * f),
            week.target_km
        );
        out.push(reshape_week(
            week,
            f,
            workouts,
            week.recovery,
            rule("rule-2", note),
        ));
    }
    out
}

/// "week 4 44.0 km (was 52.0), week 5 …".
fn describe(weeks: &[PlanWeek], plan: &Plan) -> String {
    weeks
        .iter()
        .map(|w| {
            let was = plan
                .weeks
                .iter()
                .find(|x| x.index == w.index)
                .map_or(w.target_km, |x| x.target_km);
            format!(
                "week {} {:.1} km (was {:.1})",
                w.index + 1,
                w.target_km,
                was
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Each workout (date order) with its compliance status: the k-th entry of
/// a date in `compliance` goes with the k-th workout of that date.
fn paired_statuses<'a>(
    plan: &'a Plan,
    compliance: &[Compliance],
) -> Vec<(&'a Workout, Option<Completion>)> {
    let mut by_date: BTreeMap<NaiveDate, Vec<Completion>> = BTreeMap::new();
    for c in compliance {
        by_date.entry(c.date).or_default().push(c.status);
    }
    let mut seen: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    dated_workouts(plan)
        .into_iter()
        .map(|w| {
            let k = seen.entry(w.date).or_insert(0);
            let s = by_date.get(&w.date).and_then(|v| v.get(*k)).copied();
            *k += 1;
            (w, s)
        })
        .collect()
}

fn rule(rule: &str, note: String) -> RuleRef {
    RuleRef {
        rule: rule.to_owned(),
        note,
    }
}
