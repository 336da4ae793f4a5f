//! Checking a goal before a plan is built from it, and what a goal implies
//! for the plan (distance profiles, calendar, phases, progression bounds).
//!
//! [`check`] refuses input no plan can honour (a race in the past, a
//! long-run day that is not a training day, a 5 km target faster than the
//! world record…) and warns, with a suggestion, about goals that are
//! possible but unrealistic (a target far beyond the current VDOT, too few
//! weeks, a volume the bounded progression cannot reach…).
//!
//! The constants and helpers below marked `pub(crate)` are shared with the
//! generator ([`crate::generate`]) so that a warning and the plan it warns
//! about are computed from the same numbers. Every rule is a section of the
//! knowledge-base page `plan-generation-rules` ("rule-1" … "rule-9").

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use tempo_metrics::running;

use crate::{Goal, GoalKind, GoalWarning, Phase, PlanError};

/// Under this many years of regular running an athlete is a beginner
/// (model: "under 1 counts as a beginner"): smaller steps, a recovery week
/// every third week (rule 2, rule 3) and two rest days (rule 9).
pub(crate) const BEGINNER_YEARS: f64 = 1.0;

/// From this many years an athlete counts as experienced: up to three
/// quality sessions a week (rule 5, "2 to 3 for experienced runners").
pub(crate) const EXPERIENCED_YEARS: f64 = 3.0;

/// The plan never starts below this weekly volume (km): two runs of 2.5 km,
/// the run-walk volume of the last weeks of a couch-to-5K programme
/// (knowledge page `beginners-progression`). Below it the generator would
/// schedule runs too short to be sessions.
pub(crate) const MIN_START_KM: f64 = 5.0;

/// VDOT values accepted from the level (Daniels' tables run from 30 to 85;
/// 20–90 leaves room for walkers and for the very best).
pub(crate) const VDOT_RANGE: (f64, f64) = (20.0, 90.0);

/// A target-implied VDOT more than this many points above the current one
/// draws "target_beyond_vdot". Daniels (2014) raises VDOT by about one point
/// after several weeks of consistent training (rule 8); three points is about
/// 5–7 % of a recreational VDOT, more than a plan's worth of improvement.
pub(crate) const TARGET_VDOT_MARGIN: f64 = 3.0;

/// World records used to refuse impossible targets (seconds): 5000 m
/// 12:35.36 (J. Cheptegei, 2020), 10 000 m 26:11.00 (Cheptegei, 2020), half
/// marathon 56:42 (J. Kiplimo, 2025), marathon 2:00:35 (K. Kiptum, 2023).
/// A target faster than [`RECORD_FACTOR`] × the record is refused.
const WORLD_RECORD_S: [(f64, f64); 4] = [
    (5000.0, 755.36),
    (10_000.0, 1571.0),
    (21_097.5, 3402.0),
    (42_195.0, 7235.0),
];

/// A target faster than 95 % of the world record is impossible.
const RECORD_FACTOR: f64 = 0.95;

/// A road target slower than 20 min/km (3 km/h, a slow walk) is not a
/// running target; on trails 20 min per effort-km (ITRA effort-km = km +
/// climb/100) is slower than the cut-offs of the longest mountain ultras
/// (UTMB: about 10 min per effort-km).
const SLOWEST_S_PER_KM: f64 = 1200.0;

/// Trail races accepted: 5–250 km, 0–15 000 m of climbing.
const TRAIL_KM: (f64, f64) = (5.0, 250.0);
const TRAIL_ELEVATION_M: (f64, f64) = (0.0, 15_000.0);

/// Bounds of the entered level and availability: beyond them the input is a
/// typo, not an athlete.
const MAX_WEEKLY_KM: f64 = 300.0;
const MAX_LONGEST_KM: f64 = 150.0;
const MAX_EXPERIENCE_YEARS: f64 = 80.0;
const SESSION_MIN: (u32, u32) = (20, 300);
const LONG_RUN_MIN: (u32, u32) = (30, 600);
/// The model allows 1 to 5 rest days; 0 is read as "no preference" (rule 9
/// still gives one).
const MAX_REST_DAYS: u32 = 5;
/// A plan lasts 2 to 52 weeks.
const PLAN_WEEKS: (u32, u32) = (2, 52);

/// What a goal distance asks of a plan. Peak volumes and long runs are the
/// practical ranges of the knowledge pages `training-for-5k-10k`,
/// `training-for-half-marathon`, `training-for-marathon` (Pfitzinger &
/// Douglas 2009; Daniels 2014) and `trail-and-ultra`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Profile {
    /// Fewer calendar weeks draw "too_few_weeks".
    pub min_weeks: u32,
    /// Taper length in weeks before shortening for short plans (rule 7).
    pub taper_weeks: u32,
    /// Peak weekly volume the plan aims at (km) for a beginner, an
    /// intermediate and an experienced runner; never below the current
    /// volume.
    pub peak_km: [f64; 3],
    /// Below this reachable peak (km/week) the goal draws "volume_jump".
    pub floor_km: f64,
    /// The distance's usual longest run (minutes): a long-run cap below it
    /// draws "long_run_cap".
    pub usual_long_min: u32,
    /// The long run the plan builds towards (minutes and km, whichever is
    /// shorter).
    pub long_target_min: f64,
    pub long_target_km: f64,
    /// Rule 6's absolute cap: 150 min, 180 min for the marathon and ultras.
    pub long_rule_cap_min: f64,
}

/// ITRA effort-km of a trail race: km + metres of climbing / 100.
pub(crate) fn effort_km(kind: GoalKind) -> Option<f64> {
    match kind {
        GoalKind::Trail {
            distance_km,
            elevation_m,
        } => Some(distance_km + elevation_m / 100.0),
        _ => None,
    }
}

/// The profile of a goal kind (see [`Profile`] for the sources).
pub(crate) fn profile(kind: GoalKind) -> Profile {
    match kind {
        GoalKind::FiveK => Profile {
            min_weeks: 6,
            taper_weeks: 1,
            peak_km: [25.0, 35.0, 50.0],
            floor_km: 15.0,
            usual_long_min: 60,
            long_target_min: 75.0,
            long_target_km: 14.0,
            long_rule_cap_min: 150.0,
        },
        GoalKind::TenK => Profile {
            min_weeks: 6,
            taper_weeks: 1,
            peak_km: [30.0, 45.0, 60.0],
            floor_km: 20.0,
            usual_long_min: 70,
            long_target_min: 90.0,
            long_target_km: 18.0,
            long_rule_cap_min: 150.0,
        },
        GoalKind::HalfMarathon => Profile {
            min_weeks: 8,
            taper_weeks: 2,
            peak_km: [35.0, 50.0, 70.0],
            floor_km: 30.0,
            usual_long_min: 90,
            long_target_min: 120.0,
            long_target_km: 22.0,
            long_rule_cap_min: 150.0,
        },
        GoalKind::Marathon => Profile {
            min_weeks: 12,
            taper_weeks: 3,
            peak_km: [45.0, 65.0, 85.0],
            floor_km: 40.0,
            usual_long_min: 150,
            long_target_min: 180.0,
            long_target_km: 35.0,
            long_rule_cap_min: 180.0,
        },
        GoalKind::Trail { distance_km, .. } => {
            let e = effort_km(kind).unwrap_or(distance_km);
            // Intermediate peak grows with the effort-km of the race: about
            // 45 km/week for a 30 effort-km race, 70 for 80 (a 50 km with
            // 3000 m), capped at 100.
            let mid = (30.0 + 0.5 * e).clamp(40.0, 100.0);
            let (min_weeks, taper_weeks, usual, target) = if e < 30.0 {
                (8, 1, 90, 120.0)
            } else if e < 60.0 {
                (12, 2, 120, 150.0)
            } else if e < 100.0 {
                (16, 3, 150, 180.0)
            } else {
                (20, 3, 180, 180.0)
            };
            Profile {
                min_weeks,
                taper_weeks,
                peak_km: [0.75 * mid, mid, (1.25 * mid).min(120.0)],
                floor_km: 0.6 * mid,
                usual_long_min: usual,
                long_target_min: target,
                long_target_km: (0.6 * distance_km).clamp(12.0, 40.0),
                long_rule_cap_min: if distance_km >= 42.0 { 180.0 } else { 150.0 },
            }
        }
        GoalKind::BaseBuilding => Profile {
            min_weeks: PLAN_WEEKS.0,
            taper_weeks: 0,
            peak_km: [20.0, 35.0, 50.0],
            floor_km: 0.0,
            usual_long_min: 0,
            long_target_min: 90.0,
            long_target_km: 18.0,
            long_rule_cap_min: 150.0,
        },
    }
}

/// Under [`BEGINNER_YEARS`].
pub(crate) fn is_beginner(goal: &Goal) -> bool {
    goal.level.experience_years < BEGINNER_YEARS
}

/// At least [`EXPERIENCED_YEARS`].
pub(crate) fn is_experienced(goal: &Goal) -> bool {
    goal.level.experience_years >= EXPERIENCED_YEARS
}

/// 0 beginner, 1 intermediate, 2 experienced: the index into
/// [`Profile::peak_km`].
pub(crate) fn level_index(goal: &Goal) -> usize {
    if is_beginner(goal) {
        0
    } else if is_experienced(goal) {
        2
    } else {
        1
    }
}

/// Rule 2 and rule 3 bounds for a goal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Progression {
    /// Largest week-to-week increase as a fraction (0.10; 0.07 for
    /// beginners and after an injury).
    pub max_increase: f64,
    /// Largest increase in km, whatever the volume.
    pub max_increase_km: f64,
    /// A recovery week every this many weeks (4; 3 for beginners and after
    /// an injury).
    pub recovery_every: u32,
    /// Volume of a recovery week as a fraction of the week before.
    pub recovery_fraction: f64,
}

/// Rule 2: about 10 % a week at most and never more than 8 km (so that a
/// 90 km runner does not add 9 km in a step); beginners and runners with an
/// injury history take 7 % steps, the conservative end suggested by Nielsen
/// et al. 2014 and Buist et al. 2008. Rule 3: a recovery week at 75 % every
/// fourth week, every third for beginners and after an injury (the 2:1 cycle
/// of Bompa & Haff 2009).
pub(crate) fn progression(goal: &Goal) -> Progression {
    let careful = is_beginner(goal) || goal.constraints.injury_history;
    Progression {
        max_increase: if careful { 0.07 } else { 0.10 },
        max_increase_km: 8.0,
        recovery_every: if careful { 3 } else { 4 },
        recovery_fraction: 0.75,
    }
}

/// The Monday of the week containing `d`.
pub(crate) fn monday_of(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

/// Calendar weeks (Monday to Sunday) of the plan: from the week containing
/// `start` to the race week, or `weeks` for base building. None when the
/// dates or weeks are missing.
pub(crate) fn plan_weeks(goal: &Goal) -> Option<u32> {
    if goal.kind == GoalKind::BaseBuilding {
        return goal.weeks;
    }
    let race = goal.race_date?;
    let days = (monday_of(race) - monday_of(goal.start)).num_days();
    (days >= 0).then(|| (days / 7 + 1) as u32)
}

/// Taper weeks (rule 7): the profile's length, shortened in short plans so
/// that at least three weeks in four are training: 1 week up to 7 weeks,
/// 2 up to 11, 3 beyond.
pub(crate) fn taper_weeks(kind: GoalKind, n: u32) -> u32 {
    profile(kind).taper_weeks.min((n / 4).max(1))
}

/// Phases per week (rule 1): taper fixed first by distance (rule 7), then a
/// peak of 1–3 weeks, build and base sharing the rest. Base is shortened
/// first: a plan with at most 4 weeks left after peak and taper has no base
/// (the athlete's own running is the base); longer plans give build 45 % of
/// them (at least 4 weeks) and base the larger rest, as in Daniels' (2014)
/// four phases of up to six weeks. Base building is all base.
pub(crate) fn phases(kind: GoalKind, n: u32) -> Vec<Phase> {
    if kind == GoalKind::BaseBuilding {
        return vec![Phase::Base; n as usize];
    }
    let taper = taper_weeks(kind, n);
    let m = n - taper;
    let peak = match m {
        14.. => 3,
        6.. => 2,
        3.. => 1,
        _ => 0,
    };
    let rest = m - peak;
    let build = if rest <= 4 {
        rest
    } else {
        4.max((0.45 * f64::from(rest)).round() as u32)
    };
    let base = rest - build;
    let mut out = Vec::with_capacity(n as usize);
    out.extend(std::iter::repeat_n(Phase::Base, base as usize));
    out.extend(std::iter::repeat_n(Phase::Build, build as usize));
    out.extend(std::iter::repeat_n(Phase::Peak, peak as usize));
    out.extend(std::iter::repeat_n(Phase::Taper, taper as usize));
    out
}

/// Recovery weeks (rule 3): every `every`-th week counted from the start
/// (the first possible is week `every`), never in the first week, the peak,
/// the taper or the last week before the taper. A recovery that would fall
/// in the peak (or on the last loading week) is taken one week earlier when
/// at least two loading weeks separate it from the previous one, so the
/// peak is not interrupted and the gap stays at most `every` weeks.
pub(crate) fn recovery_weeks(phases: &[Phase], every: u32) -> Vec<bool> {
    let loading = phases.iter().filter(|p| **p != Phase::Taper).count();
    let blocked = |i: usize| i + 1 >= loading || phases[i] == Phase::Peak;
    let mut out = vec![false; phases.len()];
    let mut since = 0u32;
    for (i, slot) in out.iter_mut().enumerate().take(loading) {
        let due = since + 1 >= every;
        let early = since >= 2 && since + 2 >= every && i + 1 < loading && blocked(i + 1);
        if i > 0 && !blocked(i) && (due || early) {
            *slot = true;
            since = 0;
        } else {
            since += 1;
        }
    }
    out
}

/// Starting volume: the athlete's, never under [`MIN_START_KM`].
pub(crate) fn start_km(goal: &Goal) -> f64 {
    goal.level.weekly_km.max(MIN_START_KM)
}

/// The peak the plan aims at: the profile's for the athlete's level, never
/// below the current volume (the plan does not cut a runner's volume to
/// fit a shorter race).
pub(crate) fn desired_peak_km(goal: &Goal) -> f64 {
    profile(goal.kind).peak_km[level_index(goal)].max(start_km(goal))
}

/// The highest weekly volume rule 2 and rule 3 allow before the taper, from
/// the current volume (ignoring the time available per session, which the
/// generator adds).
pub(crate) fn reachable_km(goal: &Goal, n: u32) -> f64 {
    let p = progression(goal);
    let ph = phases(goal.kind, n);
    let rec = recovery_weeks(&ph, p.recovery_every);
    let mut level = start_km(goal);
    let mut best = level;
    let mut after_recovery = false;
    for (i, phase) in ph.iter().enumerate() {
        if *phase == Phase::Taper || i == 0 {
            continue;
        }
        if rec[i] {
            after_recovery = true;
            continue;
        }
        if !after_recovery {
            level += (level * p.max_increase).min(p.max_increase_km);
        }
        after_recovery = false;
        best = best.max(level);
    }
    best
}

/// "H:MM:SS" or "M:SS".
pub(crate) fn fmt_time(secs: f64) -> String {
    let s = secs.round().max(0.0) as u64;
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// A short English name of the goal distance.
pub(crate) fn distance_name(kind: GoalKind) -> String {
    match kind {
        GoalKind::FiveK => "5 km".into(),
        GoalKind::TenK => "10 km".into(),
        GoalKind::HalfMarathon => "half marathon".into(),
        GoalKind::Marathon => "marathon".into(),
        GoalKind::Trail {
            distance_km,
            elevation_m,
        } => format!("{distance_km:.0} km trail (+{elevation_m:.0} m)"),
        GoalKind::BaseBuilding => "base building".into(),
    }
}

fn finite_in(field: &'static str, v: f64, lo: f64, hi: f64, what: &str) -> Result<(), PlanError> {
    if v.is_finite() && (lo..=hi).contains(&v) {
        Ok(())
    } else {
        Err(PlanError::invalid(
            field,
            format!("{what} must be between {lo} and {hi} (got {v})"),
        ))
    }
}

/// Refuses impossible goals (race in the past, no training day, long-run day
/// not among the days…) and returns warnings for unrealistic ones (target far
/// beyond the current VDOT, too few weeks for the distance, volume too low…),
/// each with a suggestion.
///
/// Refused (field named as in the model):
/// - `race_date`: missing for a race, in the past, less than 7 days after
///   `start`, or more than 52 calendar weeks after it;
/// - `weeks`: missing for base building, or outside 2–52;
/// - `start`: more than 52 weeks after `today`, or (base building) so early
///   that the whole plan is over (a past start is otherwise accepted: a
///   stored goal is checked again while its plan runs);
/// - `kind`: a trail race outside 5–250 km or 0–15 000 m of climbing;
/// - `availability.days`: fewer than 2 or more than 7 days, or a day twice;
/// - `availability.long_run_day`: not one of the days;
/// - `availability.max_session_min`: outside 20–300 min;
/// - `availability.max_long_run_min`: outside 30–600 min;
/// - `constraints.min_rest_days`: over 5, or days + rest days over 7;
/// - `level.weekly_km` (0–300), `level.longest_run_km` (0–150),
///   `level.vdot` (20–90), `level.experience_years` (0–80): not finite or out
///   of range;
/// - `target_time_s`: zero, faster than 95 % of the world record (12:37 for
///   5 km, 24:52 for 10 km, 53:52 for the half, 1:54:33 for the marathon;
///   for trails 95 % of the marathon record stretched to the effort-km by
///   Riegel's formula), or slower than 20 min/km (20 min per effort-km on
///   trails).
///
/// Warnings, in this order: "target_beyond_vdot", "too_few_weeks",
/// "volume_jump", "long_run_cap", "few_days", "no_vdot". A target time for
/// base building is ignored (there is no race to time).
pub fn check(goal: &Goal, today: NaiveDate) -> Result<Vec<GoalWarning>, PlanError> {
    check_with_vdot(goal, today, goal.level.vdot)
}

/// [`check`] with the VDOT the plan will use: the generator derives one from
/// the threshold pace when the level has none, and then neither warns
/// "no_vdot" nor skips "target_beyond_vdot".
pub(crate) fn check_with_vdot(
    goal: &Goal,
    today: NaiveDate,
    vdot: Option<f64>,
) -> Result<Vec<GoalWarning>, PlanError> {
    refuse(goal, today)?;
    let n = plan_weeks(goal).unwrap_or(0);
    let prof = profile(goal.kind);
    let mut warnings = Vec::new();
    let warn = |code: &str, message: String, suggestion: String| GoalWarning {
        code: code.into(),
        message,
        suggestion,
    };

    // Target beyond the current VDOT (rule 8: paces from current fitness).
    // Trails are left out: climbing makes a road VDOT prediction meaningless.
    if let (Some(target), Some(v), Some(d)) = (goal.target_time_s, vdot, goal.kind.distance_m())
        && !matches!(goal.kind, GoalKind::Trail { .. })
        && let Ok(needed) = running::vdot(d, f64::from(target))
        && needed > v + TARGET_VDOT_MARGIN
    {
        let realistic = running::predict_time_vdot(d, v)
            .map(fmt_time)
            .unwrap_or_default();
        warnings.push(warn(
            "target_beyond_vdot",
            format!(
                "A {} in {} needs a VDOT of about {needed:.1}; your current VDOT is {v:.1}.",
                distance_name(goal.kind),
                fmt_time(f64::from(target)),
            ),
            format!(
                "Aim for about {realistic}, the time your current VDOT predicts, and revise the \
                 target after a tune-up race."
            ),
        ));
    }

    if goal.kind != GoalKind::BaseBuilding && n < prof.min_weeks {
        warnings.push(warn(
            "too_few_weeks",
            format!(
                "{n} weeks is short for a {}: plans usually need at least {}.",
                distance_name(goal.kind),
                prof.min_weeks
            ),
            "Choose a later race, or run this one as a training run at a comfortable effort."
                .into(),
        ));
    }

    // "Much more" than reachable: 10 % short of the distance's floor.
    let reachable = reachable_km(goal, n);
    if reachable < 0.9 * prof.floor_km {
        warnings.push(warn(
            "volume_jump",
            format!(
                "A {} needs about {:.0} km a week; from {:.0} km the safe progression reaches \
                 about {reachable:.0} km in {n} weeks.",
                distance_name(goal.kind),
                prof.floor_km,
                goal.level.weekly_km,
            ),
            "Choose a later race or a shorter distance; the plan keeps to the safe limits and \
             the race may be better run as a training run."
                .into(),
        ));
    }

    if prof.usual_long_min > 0 && goal.availability.max_long_run_min < prof.usual_long_min {
        warnings.push(warn(
            "long_run_cap",
            format!(
                "Long runs are capped at {} min; a {} usually needs long runs of about {} min.",
                goal.availability.max_long_run_min,
                distance_name(goal.kind),
                prof.usual_long_min
            ),
            format!(
                "Allow at least {} min on {} for the long run.",
                prof.usual_long_min,
                weekday_name(goal.availability.long_run_day)
            ),
        ));
    }

    if goal.availability.days.len() == 2 {
        warnings.push(warn(
            "few_days",
            "Two running days a week limit both volume and quality.".into(),
            "Add a third day, even a short easy run, if you can.".into(),
        ));
    }

    if vdot.is_none() {
        warnings.push(warn(
            "no_vdot",
            "No recent race or VDOT: paces cannot be computed, so targets are by heart rate or \
             effort."
                .into(),
            "Enter a recent race or run a 5 km time trial to get training paces.".into(),
        ));
    }
    Ok(warnings)
}

/// English weekday name.
pub(crate) fn weekday_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// The fastest and slowest target accepted for a race goal, seconds.
fn target_bounds(kind: GoalKind) -> Option<(f64, f64)> {
    let d = kind.distance_m()?;
    if let Some(e) = effort_km(kind) {
        // Riegel (1981) from the marathon record to the effort distance.
        let fastest = running::riegel_time(42_195.0, WORLD_RECORD_S[3].1, e * 1000.0).ok()?;
        return Some((RECORD_FACTOR * fastest, SLOWEST_S_PER_KM * e));
    }
    let record = WORLD_RECORD_S.iter().find(|(m, _)| (*m - d).abs() < 1.0)?.1;
    Some((RECORD_FACTOR * record, SLOWEST_S_PER_KM * d / 1000.0))
}

fn refuse(goal: &Goal, today: NaiveDate) -> Result<(), PlanError> {
    // A start in the past is accepted: a stored goal is checked again (and
    // its plan regenerated) while the plan runs. Only a plan already over
    // is refused (below, by the race date or the weeks).
    if goal.start > today + Duration::weeks(i64::from(PLAN_WEEKS.1)) {
        return Err(PlanError::invalid(
            "start",
            "the plan cannot start more than 52 weeks from today",
        ));
    }

    match goal.kind {
        GoalKind::BaseBuilding => match goal.weeks {
            None => {
                return Err(PlanError::invalid(
                    "weeks",
                    "a base-building plan needs a number of weeks",
                ));
            }
            Some(w) if !(PLAN_WEEKS.0..=PLAN_WEEKS.1).contains(&w) => {
                return Err(PlanError::invalid(
                    "weeks",
                    format!("a plan lasts 2 to 52 weeks (got {w})"),
                ));
            }
            Some(w) if monday_of(goal.start) + Duration::weeks(i64::from(w)) <= today => {
                return Err(PlanError::invalid(
                    "start",
                    format!("a {w}-week plan from {} is already over", goal.start),
                ));
            }
            Some(_) => {}
        },
        kind => {
            if let GoalKind::Trail {
                distance_km,
                elevation_m,
            } = kind
            {
                finite_in(
                    "kind",
                    distance_km,
                    TRAIL_KM.0,
                    TRAIL_KM.1,
                    "trail distance (km)",
                )?;
                finite_in(
                    "kind",
                    elevation_m,
                    TRAIL_ELEVATION_M.0,
                    TRAIL_ELEVATION_M.1,
                    "trail elevation (m)",
                )?;
            }
            let Some(race) = goal.race_date else {
                return Err(PlanError::invalid(
                    "race_date",
                    "a race goal needs a race date",
                ));
            };
            if race < today {
                return Err(PlanError::invalid(
                    "race_date",
                    format!("the race date {race} is in the past"),
                ));
            }
            if (race - goal.start).num_days() < 7 {
                return Err(PlanError::invalid(
                    "race_date",
                    "the race must be at least 7 days after the plan starts",
                ));
            }
            if plan_weeks(goal).is_some_and(|n| n > PLAN_WEEKS.1) {
                return Err(PlanError::invalid(
                    "race_date",
                    "the race is more than 52 weeks after the start",
                ));
            }
        }
    }

    let a = &goal.availability;
    let n_days = a.days.len();
    if !(2..=7).contains(&n_days) {
        return Err(PlanError::invalid(
            "availability.days",
            format!("choose 2 to 7 training days (got {n_days})"),
        ));
    }
    for (i, d) in a.days.iter().enumerate() {
        if a.days[..i].contains(d) {
            return Err(PlanError::invalid(
                "availability.days",
                format!("{} is listed twice", weekday_name(*d)),
            ));
        }
    }
    if !a.days.contains(&a.long_run_day) {
        return Err(PlanError::invalid(
            "availability.long_run_day",
            format!(
                "the long-run day ({}) is not one of the training days",
                weekday_name(a.long_run_day)
            ),
        ));
    }
    if !(SESSION_MIN.0..=SESSION_MIN.1).contains(&a.max_session_min) {
        return Err(PlanError::invalid(
            "availability.max_session_min",
            format!(
                "sessions must be allowed {} to {} min (got {})",
                SESSION_MIN.0, SESSION_MIN.1, a.max_session_min
            ),
        ));
    }
    if !(LONG_RUN_MIN.0..=LONG_RUN_MIN.1).contains(&a.max_long_run_min) {
        return Err(PlanError::invalid(
            "availability.max_long_run_min",
            format!(
                "the long run must be allowed {} to {} min (got {})",
                LONG_RUN_MIN.0, LONG_RUN_MIN.1, a.max_long_run_min
            ),
        ));
    }
    let rest = goal.constraints.min_rest_days;
    if rest > MAX_REST_DAYS {
        return Err(PlanError::invalid(
            "constraints.min_rest_days",
            format!("at most {MAX_REST_DAYS} rest days a week (got {rest})"),
        ));
    }
    if n_days as u32 + rest > 7 {
        return Err(PlanError::invalid(
            "constraints.min_rest_days",
            format!("{n_days} training days and {rest} rest days do not fit in a week"),
        ));
    }

    let l = &goal.level;
    finite_in(
        "level.weekly_km",
        l.weekly_km,
        0.0,
        MAX_WEEKLY_KM,
        "weekly volume (km)",
    )?;
    finite_in(
        "level.longest_run_km",
        l.longest_run_km,
        0.0,
        MAX_LONGEST_KM,
        "longest run (km)",
    )?;
    if let Some(v) = l.vdot {
        finite_in("level.vdot", v, VDOT_RANGE.0, VDOT_RANGE.1, "VDOT")?;
    }
    finite_in(
        "level.experience_years",
        l.experience_years,
        0.0,
        MAX_EXPERIENCE_YEARS,
        "years of running",
    )?;

    if let Some(t) = goal.target_time_s
        && goal.kind != GoalKind::BaseBuilding
    {
        let t = f64::from(t);
        if let Some((fastest, slowest)) = target_bounds(goal.kind) {
            if t < fastest {
                return Err(PlanError::invalid(
                    "target_time_s",
                    format!(
                        "{} for a {} is faster than 95 % of the world record ({})",
                        fmt_time(t),
                        distance_name(goal.kind),
                        fmt_time(fastest)
                    ),
                ));
            }
            if t > slowest {
                return Err(PlanError::invalid(
                    "target_time_s",
                    format!(
                        "{} for a {} is slower than walking pace (limit {})",
                        fmt_time(t),
                        distance_name(goal.kind),
                        fmt_time(slowest)
                    ),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(kind: GoalKind, n: u32) -> [usize; 4] {
        let p = phases(kind, n);
        assert_eq!(p.len(), n as usize);
        // Phases come in order.
        assert!(p.windows(2).all(|w| (w[0] as u8) <= (w[1] as u8)));
        [Phase::Base, Phase::Build, Phase::Peak, Phase::Taper]
            .map(|ph| p.iter().filter(|x| **x == ph).count())
    }

    #[test]
    fn phases_by_plan_length() {
        // Taper by distance (rule 7), shortened in short plans.
        assert_eq!(layout(GoalKind::Marathon, 16), [6, 5, 2, 3]);
        assert_eq!(layout(GoalKind::Marathon, 24), [10, 8, 3, 3]);
        assert_eq!(layout(GoalKind::Marathon, 8), [0, 4, 2, 2]);
        assert_eq!(layout(GoalKind::HalfMarathon, 12), [4, 4, 2, 2]);
        assert_eq!(layout(GoalKind::TenK, 8), [1, 4, 2, 1]);
        assert_eq!(layout(GoalKind::FiveK, 4), [0, 2, 1, 1]);
        assert_eq!(layout(GoalKind::FiveK, 2), [0, 1, 0, 1]);
        // Base shortened first: with at most 4 weeks left, no base.
        assert_eq!(layout(GoalKind::TenK, 7), [0, 4, 2, 1]);
        assert_eq!(layout(GoalKind::BaseBuilding, 10), [10, 0, 0, 0]);
    }

    #[test]
    fn recovery_every_fourth_or_third_week() {
        let marathon = phases(GoalKind::Marathon, 16);
        let rec: Vec<usize> = recovery_weeks(&marathon, 4)
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.then_some(i))
            .collect();
        // Weeks 4 and 8, then week 11 (not the first peak week 12).
        assert_eq!(rec, vec![3, 7, 10]);
        let careful: Vec<usize> = recovery_weeks(&marathon, 3)
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.then_some(i))
            .collect();
        assert_eq!(careful, vec![2, 5, 8]);
        // Never in the taper, the peak or the last loading week.
        for n in 2..=52 {
            for kind in [GoalKind::FiveK, GoalKind::Marathon, GoalKind::BaseBuilding] {
                let ph = phases(kind, n);
                let loading = ph.iter().filter(|p| **p != Phase::Taper).count();
                for every in [3, 4] {
                    let r = recovery_weeks(&ph, every);
                    for (i, is) in r.iter().enumerate() {
                        if *is {
                            assert!(
                                i > 0 && i + 1 < loading && ph[i] != Phase::Peak,
                                "{kind:?} {n} {i}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn reachable_volume_follows_the_bounds() {
        let goal = |weekly_km: f64, years: f64| Goal {
            kind: GoalKind::Marathon,
            start: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
            race_date: NaiveDate::from_ymd_opt(2026, 4, 26),
            weeks: None,
            target_time_s: None,
            level: crate::Level {
                source: crate::LevelSource::Declared,
                weekly_km,
                longest_run_km: 10.0,
                vdot: None,
                experience_years: years,
            },
            availability: crate::Availability {
                days: vec![Weekday::Tue, Weekday::Thu, Weekday::Sun],
                long_run_day: Weekday::Sun,
                max_session_min: 60,
                max_long_run_min: 150,
            },
            preferences: crate::Preferences {
                intensity: crate::IntensityStyle::Polarized,
                cross_training: false,
                treadmill: false,
            },
            constraints: crate::Constraints {
                injury_history: false,
                min_rest_days: 1,
            },
        };
        // 16 weeks: 13 loading weeks, the first at the current volume,
        // recovery weeks 4, 8 and 11 each followed by a week back at the
        // previous level: 6 increases of 10 %, 20 × 1.1^6 = 35.4 km.
        let g = goal(20.0, 5.0);
        assert_eq!(plan_weeks(&g), Some(16));
        assert!((reachable_km(&g, 16) - 20.0 * 1.1f64.powi(6)).abs() < 1e-9);
        // +8 km a week at most: from 100 km, 6 steps of 8 km.
        assert!((reachable_km(&goal(100.0, 5.0), 16) - 148.0).abs() < 1e-9);
        // Beginners: 7 % steps, a recovery every third week (weeks 3, 6,
        // 9), again 6 increases.
        let b = goal(20.0, 0.5);
        assert!((reachable_km(&b, 16) - 20.0 * 1.07f64.powi(6)).abs() < 1e-9);
        // Below the minimum start volume, the plan starts at 5 km.
        assert!(reachable_km(&goal(0.0, 0.5), 16) > MIN_START_KM);
    }

    #[test]
    fn formats_times() {
        assert_eq!(fmt_time(2700.0), "45:00");
        assert_eq!(fmt_time(12_600.4), "3:30:00");
        assert_eq!(
            monday_of(NaiveDate::from_ymd_opt(2026, 1, 11).unwrap()),
            NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()
        );
    }
}
