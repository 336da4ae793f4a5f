//! One week: which days run, the long run, the quality sessions and the
//! easy runs (rules 4, 5, 6 and 9 of `plan-generation-rules`).

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::paces::{Paces, Zone};
use super::workouts::{self, Budget, Built, Quality};
use crate::{GoalKind, IntensityStyle, Phase, WorkoutKind};

/// One run per 4 km of weekly volume: volume decides how many of the
/// available days are used (four 5 km runs for a 20 km week rather than six
/// 3 km jogs), with at least two runs when both last [`MIN_EASY_MIN`]
/// minutes ("frequency before duration", knowledge page
/// `beginners-progression`).
const KM_PER_RUN: f64 = 4.0;

/// An easy run shorter than this is not scheduled (the day becomes a rest
/// day and its volume goes to the other runs); nor are runs planned that
/// would be shorter.
const MIN_EASY_MIN: u32 = 15;

/// No run (long runs included) is shorter than this.
const MIN_RUN_MIN: u32 = 10;

/// Rule 6: the long run is at most 30 % of the week (Daniels 2014). With
/// fewer than four runs the share is raised to an even split (1/3, 1/2):
/// below that another run would have to be longer than the long run.
const LONG_SHARE: f64 = 0.30;

/// Rule 6 share for `runs` runs a week.
pub(super) fn long_share(runs: u32) -> f64 {
    LONG_SHARE.max(1.0 / f64::from(runs.max(1)))
}

/// Rule 5, Daniels' (2014) limits per session as a fraction of the week's
/// volume and in km: T 10 %; I 8 % or 10 km; R 5 % or 8 km; race pace by
/// distance (5 km like I; 10 km 10 % or 10 km; half 15 % or 15 km; marathon
/// M 20 % or 29 km, knowledge page `training-for-marathon`).
pub(super) fn daniels_limit_km(q: Quality, kind: GoalKind, week_km: f64) -> f64 {
    match q {
        Quality::Threshold | Quality::HillThreshold => 0.10 * week_km,
        Quality::Intervals | Quality::HillRepeats => (0.08 * week_km).min(10.0),
        Quality::Repetitions | Quality::HillSprints => (0.05 * week_km).min(8.0),
        Quality::RacePace | Quality::Sharpener | Quality::LongProgression => match kind {
            GoalKind::FiveK => (0.08 * week_km).min(10.0),
            GoalKind::TenK => (0.10 * week_km).min(10.0),
            GoalKind::HalfMarathon => (0.15 * week_km).min(15.0),
            _ => (0.20 * week_km).min(29.0),
        },
    }
}

/// What does not change from week to week.
#[derive(Debug, Clone)]
pub(super) struct Ctx {
    pub p: Paces,
    pub kind: GoalKind,
    pub start: NaiveDate,
    /// Training days, Monday first, without duplicates.
    pub days: Vec<Weekday>,
    pub long_day: Weekday,
    /// Rule 9: rest days a week (at least 1, 2 for beginners).
    pub rest_days: u32,
    /// Most runs a week: the days available less the rest days.
    pub max_runs: u32,
    pub session_cap_s: f64,
    /// Rule 6: min(max_long_run_min, 150 or 180 min).
    pub long_cap_min: f64,
    /// The long run the plan builds towards (km).
    pub long_target_km: f64,
    pub beginner: bool,
    pub experienced: bool,
    pub style: IntensityStyle,
    /// Km of an easy run of max_session_min, and of the longest long run
    /// (both as built: jogged warm-ups included), set by [`Ctx::calibrate`].
    pub session_max_km: f64,
    pub long_max_km: f64,
}

impl Ctx {
    /// Measures the longest runs the time available allows.
    pub(super) fn calibrate(&mut self) {
        let d = self.start;
        let sess_min = (self.session_cap_s / 60.0).floor() as u32;
        self.session_max_km = workouts::easy_run(&self.p, d, sess_min, 0, false).km();
        let long_min = self.long_cap_min.floor() as u32;
        self.long_max_km = workouts::long_run(&self.p, d, long_min, None, self.kind)
            .km()
            .min(self.long_target_km);
    }

    /// Rule 4: at least 80 % of running time easy (Seiler 2010), 75 % for
    /// the threshold style.
    pub(super) fn easy_share_min(&self) -> f64 {
        match self.style {
            IntensityStyle::Polarized => 0.80,
            IntensityStyle::Threshold => 0.75,
        }
    }

    /// Long-run cap in km (time cap as built, and the target).
    pub(super) fn long_cap_km(&self) -> f64 {
        self.long_max_km
    }

    /// Runs for a week of `km` (rule 9 caps them at `max`): one run per
    /// [`KM_PER_RUN`] km and per [`MIN_EASY_MIN`] minutes at easy pace,
    /// whichever gives fewer, at least one; more when the time available
    /// per session cannot hold the week otherwise.
    ///
    /// `frequency_km` is the volume that sets the frequency (the loading
    /// level in lighter weeks), `km` the week's: runs stay at least
    /// [`MIN_EASY_MIN`] minutes long (with 10 % margin for the slower
    /// jogged warm-ups).
    pub(super) fn runs_for(&self, km: f64, frequency_km: f64, max: u32) -> u32 {
        let max = max.max(1);
        let minutes = |km: f64| km * 1000.0 / self.p.easy_mps() / 60.0;
        let f_km = frequency_km.max(km);
        let by_km = (f_km / KM_PER_RUN).floor();
        let by_time = (minutes(f_km) / f64::from(MIN_EASY_MIN)).floor();
        let short = (0.9 * minutes(km) / f64::from(MIN_EASY_MIN)).floor();
        let mut k = (by_km.max(by_time.min(2.0)).min(by_time).min(short).max(1.0) as u32).min(max);
        while k < max && self.capacity_for(k) < km {
            k += 1;
        }
        k
    }

    /// The most volume `k` runs can hold (km): the long run at its cap plus
    /// the others at max_session_min, and no more than rule 6's share
    /// allows the long run to be. 2 % is left for rounding.
    pub(super) fn capacity_for(&self, k: u32) -> f64 {
        let k = k.max(1);
        let others = f64::from(k - 1) * self.session_max_km * 0.98;
        let by_long = self.long_cap_km() + others;
        let share = long_share(k);
        let by_share = if share < 1.0 {
            others / (1.0 - share)
        } else {
            by_long
        };
        by_long.min(by_share).max(0.0)
    }

    /// [`Ctx::capacity_for`] with every run the athlete may do.
    pub(super) fn capacity_km(&self) -> f64 {
        self.capacity_for(self.max_runs)
    }
}

/// What the schedule decided for a week.
#[derive(Debug, Clone, Copy)]
pub(super) struct Spec {
    pub monday: NaiveDate,
    pub phase: Phase,
    pub recovery: bool,
    /// 0-based week within its phase.
    pub phase_week: u32,
    /// Planned running volume (km; in race week, without the race).
    pub km: f64,
    /// The volume that sets how many days run: the loading level in
    /// recovery weeks and 80 % of peak in the taper (rule 7: frequency
    /// drops by 20 % at most), so lighter weeks have shorter runs rather
    /// than fewer.
    pub runs_km: f64,
    /// Longest the long run may be this week (rule 6 progression).
    pub long_limit_km: f64,
    pub race: Option<NaiveDate>,
    /// The previous week ended with a quality day (no quality on Monday).
    pub blocked_monday: bool,
    /// The race when it falls on the Monday after this week (no quality
    /// session on Sunday).
    pub race_next_monday: Option<NaiveDate>,
    /// Scales quality work down until rule 4 holds.
    pub scale: f64,
}

/// A quality session as the rule notes describe it.
#[derive(Debug, Clone)]
pub(super) struct QualityNote {
    pub date: NaiveDate,
    pub q: Quality,
    /// Work km (at the session's pace) and Daniels' limit.
    pub work_km: f64,
    pub limit_km: f64,
}

/// A built week.
#[derive(Debug, Clone)]
pub(super) struct Week {
    pub workouts: Vec<Built>,
    /// Running km, race excluded.
    pub km: f64,
    pub long_km: f64,
    pub long_min: f64,
    /// The long-run caps of this week: 30 % share (km) and minutes.
    pub long_share_km: f64,
    pub runs: u32,
    pub quality: Vec<QualityNote>,
    pub easy_share: f64,
    pub rest_dates: Vec<NaiveDate>,
    /// A quality session or the race on Sunday.
    pub sunday_quality: bool,
}

fn wd(d: Weekday) -> i64 {
    i64::from(d.num_days_from_monday())
}

/// Pairs of consecutive weekdays in a set (Monday first).
fn adjacent_pairs(set: &[Weekday]) -> usize {
    set.windows(2).filter(|w| wd(w[1]) - wd(w[0]) == 1).count()
}

fn min_gap(set: &[Weekday]) -> i64 {
    set.windows(2)
        .map(|w| wd(w[1]) - wd(w[0]))
        .min()
        .unwrap_or(7)
}

/// All subsets of `from` of size `k` (in order), as index masks.
fn subsets(n: usize, k: usize) -> impl Iterator<Item = Vec<usize>> {
    (0u32..(1 << n))
        .filter(move |m| m.count_ones() as usize == k)
        .map(move |m| (0..n).filter(|i| m & (1 << i) != 0).collect())
}

/// The `k` running days: always `must` when given, fewest consecutive days,
/// then the widest smallest gap, then the first in weekday order.
fn choose_days(cand: &[Weekday], k: usize, must: Option<Weekday>) -> Vec<Weekday> {
    let k = k.min(cand.len());
    let mut best: Option<(usize, i64, Vec<Weekday>)> = None;
    for idx in subsets(cand.len(), k) {
        let set: Vec<Weekday> = idx.iter().map(|&i| cand[i]).collect();
        if must.is_some_and(|m| !set.contains(&m)) {
            continue;
        }
        let score = (adjacent_pairs(&set), -min_gap(&set));
        if best.as_ref().is_none_or(|b| score < (b.0, b.1)) {
            best = Some((score.0, score.1, set));
        }
    }
    best.map(|b| b.2).unwrap_or_default()
}

/// Quality days: `n` of `cand`, never two on consecutive days nor next to a
/// `fixed` quality day (a long progression, the race, last week's Sunday);
/// preferring days away from the long run, then the widest spacing.
fn choose_quality_days(
    cand: &[NaiveDate],
    n: usize,
    fixed: &[NaiveDate],
    long: Option<NaiveDate>,
) -> Option<Vec<NaiveDate>> {
    let adjacent = |a: NaiveDate, b: NaiveDate| (a - b).num_days().abs() <= 1;
    let mut best: Option<((usize, i64), Vec<NaiveDate>)> = None;
    for idx in subsets(cand.len(), n) {
        let set: Vec<NaiveDate> = idx.iter().map(|&i| cand[i]).collect();
        let ok = set.windows(2).all(|w| !adjacent(w[0], w[1]))
            && set.iter().all(|d| fixed.iter().all(|f| !adjacent(*d, *f)));
        if !ok {
            continue;
        }
        let near_long = long.map_or(0, |l| set.iter().filter(|d| adjacent(**d, l)).count());
        let gap = set
            .windows(2)
            .map(|w| (w[1] - w[0]).num_days())
            .min()
            .unwrap_or(7);
        let score = (near_long, -gap);
        if best.as_ref().is_none_or(|b| score < b.0) {
            best = Some((score, set));
        }
    }
    best.map(|b| b.1)
}

/// The quality sessions of a week in priority order (rule 5): base strides
/// and hills; build threshold and intervals; peak race pace and threshold;
/// goal-specific weights (5–10 km more intervals, marathon long progression
/// and marathon pace, trails climbing); base building hills only.
fn quality_list(ctx: &Ctx, spec: &Spec, runs: u32) -> Vec<Quality> {
    use GoalKind as K;
    use Quality::*;
    if spec.race.is_some() {
        return match ctx.kind {
            K::Trail { .. } => vec![],
            _ => vec![Sharpener],
        };
    }
    let thr = ctx.style == IntensityStyle::Threshold;
    let list: Vec<Quality> = match (spec.phase, ctx.kind) {
        (Phase::Base, _) | (_, K::BaseBuilding) => {
            if ctx.beginner {
                vec![]
            } else {
                vec![HillSprints]
            }
        }
        (Phase::Build, K::FiveK | K::TenK) if thr => vec![Threshold, Intervals, Repetitions],
        (Phase::Build, K::FiveK | K::TenK) => vec![Intervals, Threshold, Repetitions],
        (Phase::Build, K::HalfMarathon | K::Marathon) if thr => {
            vec![Threshold, RacePace, Intervals]
        }
        (Phase::Build, K::HalfMarathon | K::Marathon) => vec![Threshold, Intervals, RacePace],
        (Phase::Build, K::Trail { .. }) => vec![HillRepeats, Threshold, Intervals],
        (Phase::Peak, K::FiveK) => vec![RacePace, Intervals, Threshold],
        (Phase::Peak, K::TenK) => vec![RacePace, Threshold, Intervals],
        (Phase::Peak, K::HalfMarathon) => vec![RacePace, Threshold, LongProgression],
        (Phase::Peak, K::Marathon) => vec![LongProgression, Threshold, RacePace],
        (Phase::Peak, K::Trail { .. }) => vec![HillThreshold, Threshold, HillRepeats],
        (Phase::Taper, K::Trail { .. }) => vec![HillThreshold, Threshold],
        (Phase::Taper, K::FiveK) => vec![RacePace, Intervals],
        (Phase::Taper, _) => vec![RacePace, Threshold],
    };
    let q_max = if ctx.beginner {
        1
    } else if ctx.experienced && runs >= 6 {
        3
    } else if runs >= 4 {
        2
    } else {
        1
    };
    let n = match spec.phase {
        _ if spec.recovery => 1,
        Phase::Base => 1,
        Phase::Taper => q_max.min(2),
        _ => q_max,
    }
    .min(list.len());
    if n == 1 && list.len() >= 2 {
        // One session a week: alternate the first two so both qualities
        // are trained.
        return vec![list[spec.phase_week as usize % 2]];
    }
    list.into_iter().take(n).collect()
}

/// Preferred rep length (s) by phase: threshold reps grow from 6 to 15 min
/// and become a 20 min tempo in the peak; intervals 3–4 min in build,
/// 3 min in peak, 2:30 in taper; hills 1:30–3 min.
fn rep_s(q: Quality, spec: &Spec) -> f64 {
    let w = f64::from(spec.phase_week);
    let taper = spec.phase == Phase::Taper;
    match q {
        Quality::Threshold if spec.recovery || taper => 360.0,
        Quality::Threshold if spec.phase == Phase::Peak => {
            if spec.phase_week >= 1 {
                1200.0
            } else {
                900.0
            }
        }
        Quality::Threshold => {
            [360.0, 480.0, 600.0, 600.0, 720.0, 900.0][(spec.phase_week as usize).min(5)]
        }
        Quality::Intervals if taper => 150.0,
        Quality::Intervals if spec.phase == Phase::Peak => 180.0,
        Quality::Intervals => (180.0 + 15.0 * w).min(240.0),
        Quality::HillRepeats => (90.0 + 15.0 * w).min(180.0),
        Quality::HillThreshold => (360.0 + 60.0 * w).min(600.0),
        Quality::RacePace => (900.0 + 180.0 * w).min(1500.0),
        _ => 180.0,
    }
}

/// Builds one week.
pub(super) fn build(ctx: &Ctx, spec: &Spec) -> Week {
    let (week, chosen) = build_with(ctx, spec, u32::MAX);
    // An easy day too short to keep was dropped and its volume could not all
    // go to the long run (rule 6's share of fewer runs): the same week
    // planned on one day fewer may carry more of the volume (the quality
    // session and the long run each take a larger share). Keep the week
    // closer to the planned volume; a tie keeps the first.
    let training = week
        .workouts
        .iter()
        .filter(|b| b.workout.kind != WorkoutKind::Race)
        .count() as u32;
    if chosen > 1 && training < chosen && spec.race.is_none() {
        let (fewer, _) = build_with(ctx, spec, chosen - 1);
        if (spec.km - fewer.km).abs() + 1e-9 < (spec.km - week.km).abs() {
            return fewer;
        }
    }
    week
}

/// The week on at most `max_days` running days; also returns the number of
/// days chosen before any was dropped.
fn build_with(ctx: &Ctx, spec: &Spec, max_days: u32) -> (Week, u32) {
    let p = &ctx.p;
    let e = p.easy_mps();
    let sunday = spec.monday + Duration::days(6);
    let date_of = |d: Weekday| spec.monday + Duration::days(wd(d));
    let race = spec.race;

    // Rule 9: at most 7 − rest days with running; in race week the race is
    // one of them and nothing runs after it.
    let cand: Vec<Weekday> = ctx
        .days
        .iter()
        .copied()
        .filter(|d| race.is_none_or(|r| date_of(*d) < r))
        .collect();
    let max_runs = if race.is_some() {
        ctx.max_runs.min(7 - ctx.rest_days - 1)
    } else {
        ctx.max_runs
    };
    let k = if race.is_some() && spec.km <= 0.0 {
        0
    } else {
        ctx.runs_for(spec.km, spec.runs_km, max_runs)
            .min(cand.len() as u32)
            .min(max_days)
    };
    let has_long_day = race.is_none() && cand.contains(&ctx.long_day);
    let chosen = choose_days(&cand, k as usize, has_long_day.then_some(ctx.long_day));
    let runs = chosen.len() as u32;
    let long_date = has_long_day.then(|| date_of(ctx.long_day));

    // Quality kinds and days.
    let mut list = quality_list(ctx, spec, runs);
    let mut fixed: Vec<NaiveDate> = race.into_iter().collect();
    if spec.blocked_monday {
        fixed.push(spec.monday - Duration::days(1));
    }
    fixed.extend(spec.race_next_monday);
    let others: Vec<NaiveDate> = chosen
        .iter()
        .map(|d| date_of(*d))
        .filter(|d| Some(*d) != long_date && *d >= ctx.start)
        .filter(|d| race.is_none_or(|r| *d <= r - Duration::days(2)))
        .collect();
    let mut q_days: Vec<(NaiveDate, Quality)> = Vec::new();
    let mut progression = false;
    loop {
        let lp = list.contains(&Quality::LongProgression)
            && long_date.is_some_and(|l| {
                l >= ctx.start && fixed.iter().all(|f| (*f - l).num_days().abs() > 1)
            });
        let rest: Vec<Quality> = list
            .iter()
            .copied()
            .filter(|q| *q != Quality::LongProgression)
            .collect();
        let mut fx = fixed.clone();
        if lp {
            fx.extend(long_date);
        }
        if let Some(days) = choose_quality_days(&others, rest.len(), &fx, long_date) {
            q_days = days.into_iter().zip(rest).collect();
            progression = lp;
            break;
        }
        if list.pop().is_none() {
            break;
        }
    }

    // Rule 4: the hard time the week can hold.
    let week_s = spec.km * 1000.0 / e;
    let stride_runs = match spec.phase {
        Phase::Base if !spec.recovery && race.is_none() => 2,
        _ => 1,
    };
    let strides_each = (4 + spec.phase_week / 2).clamp(4, 8);
    let strides_hard = f64::from(stride_runs * strides_each * 20);
    let n_hard = q_days.len() + usize::from(progression);
    let hard_budget = ((1.0 - ctx.easy_share_min()) * week_s * 0.92 - strides_hard).max(0.0);
    let hard_each = if n_hard > 0 {
        hard_budget / n_hard as f64
    } else {
        0.0
    };

    // Rule 6: the long run.
    let share_km = long_share(runs) * spec.km;
    // The progression limit never makes the long run shorter than an even
    // share of the week.
    let long_for = |runs: u32| {
        spec.long_limit_km
            .max(spec.km / f64::from(runs.max(1)))
            .min(long_share(runs) * spec.km)
            .min(ctx.long_cap_km())
            .max(0.0)
    };
    let long_km = if long_date.is_some() {
        long_for(runs)
    } else {
        0.0
    };
    let make_long = |target_km: f64| {
        let d = long_date?;
        let finish_for = |minutes: u32| {
            progression.then(|| {
                // Last quarter at goal pace, within Daniels' limit and rule 4.
                let limit_s = daniels_limit_km(Quality::LongProgression, ctx.kind, spec.km)
                    * 1000.0
                    / p.ground_mps(Zone::Race);
                let s = (0.25 * f64::from(minutes) * 60.0)
                    .min(limit_s)
                    .min(hard_each)
                    * spec.scale;
                ((s / 300.0).floor() as u32) * 300
            })
        };
        fit_minutes(target_km, ctx.long_cap_min.floor() as u32, e, |m| {
            workouts::long_run(p, d, m, finish_for(m), ctx.kind)
        })
    };
    let long_built = make_long(long_km);
    let long_actual = long_built.as_ref().map_or(0.0, Built::km);

    // Quality sessions, then easy runs with what is left.
    let non_long = runs.saturating_sub(u32::from(long_built.is_some())).max(1);
    let day_km = ((spec.km - long_actual) / f64::from(non_long)).max(0.0);
    let mut day_target = day_km;
    let (quality, easy_dates, easy_min) = loop {
        let mut built: Vec<(NaiveDate, Quality, Built, f64)> = Vec::new();
        let mut easy_dates: Vec<NaiveDate> = chosen
            .iter()
            .map(|d| date_of(*d))
            .filter(|d| Some(*d) != long_date || long_built.is_none())
            .collect();
        for (date, q) in &q_days {
            let zone_speed = match q {
                Quality::Threshold => p.ground_mps(Zone::Threshold),
                Quality::HillThreshold => p.effort_mps(Zone::HillThreshold),
                Quality::Intervals => p.ground_mps(Zone::Interval),
                Quality::HillRepeats => p.effort_mps(Zone::HillRepeat),
                Quality::Repetitions | Quality::HillSprints => p.ground_mps(Zone::Repetition),
                _ => p.ground_mps(Zone::Race),
            };
            let limit_km = daniels_limit_km(*q, ctx.kind, spec.km);
            let mut work_s = (limit_km * 1000.0 / zone_speed).min(hard_each) * spec.scale;
            if *q == Quality::Sharpener {
                // A sharpener is short: 8–15 min of race pace.
                work_s = work_s.min(match ctx.kind {
                    GoalKind::FiveK | GoalKind::TenK => 600.0,
                    GoalKind::HalfMarathon => 720.0,
                    _ => 900.0,
                });
            }
            let budget = Budget {
                work_s,
                max_total_s: ctx.session_cap_s,
                fill_s: 0.0,
                rep_s: rep_s(*q, spec),
                sprints: 4 + spec.phase_week.min(6),
            };
            if let Some(b) = fit_quality(p, *date, *q, budget, day_target, ctx.kind) {
                easy_dates.retain(|d| d != date);
                built.push((*date, *q, b, limit_km));
            }
        }
        let q_km: f64 = built.iter().map(|b| b.2.km()).sum();
        let left = spec.km - long_actual - q_km;
        if left < -1e-6 {
            // The quality sessions' warm-ups took more than their share:
            // first shorten them, then drop the last session.
            if day_target > 0.0 && !built.is_empty() {
                // Shorten each session by its share of the excess (and
                // 100 m, so that this ends).
                day_target = (day_target + left / built.len() as f64 - 0.1).max(0.0);
                continue;
            }
            if q_days.pop().is_some() {
                continue;
            }
        }
        let run_dates: Vec<NaiveDate> = chosen.iter().map(|d| date_of(*d)).collect();
        let (dates, m) = easy_runs(left.max(0.0), easy_dates, &run_dates, e, ctx.session_cap_s);
        break (built, dates, m);
    };

    // Strides on the easy runs (the last ones before the race in race week,
    // the ones furthest from quality days otherwise).
    let mut all: Vec<Built> = Vec::new();
    let mut stride_dates: Vec<NaiveDate> = Vec::new();
    if easy_min >= 25 {
        let mut order = easy_dates.clone();
        if race.is_some() {
            order.reverse();
        }
        stride_dates = order.into_iter().take(stride_runs as usize).collect();
    }
    let easy_each_km = if easy_dates.is_empty() {
        0.0
    } else {
        (spec.km - long_actual - quality.iter().map(|b| b.2.km()).sum::<f64>())
            / easy_dates.len() as f64
    };
    for d in &easy_dates {
        let n = if stride_dates.contains(d) {
            strides_each
        } else {
            0
        };
        let recovery_run = spec.recovery && n == 0 && easy_min <= 40;
        let cap = (ctx.session_cap_s / 60.0).floor() as u32;
        if let Some(b) = fit_minutes(easy_each_km, cap, e, |m| {
            workouts::easy_run(p, *d, m, n, recovery_run)
        }) {
            all.push(b);
        }
    }
    // An easy day dropped as too short leaves its volume to the long run,
    // within the long run's limits for the runs that remain.
    let kept = all.len() as u32 + u32::from(long_built.is_some()) + quality.len() as u32;
    let mut long_built = long_built;
    if kept < runs
        && let Some(long) = &long_built
    {
        let total = long.km()
            + all
                .iter()
                .chain(quality.iter().map(|q| &q.2))
                .map(Built::km)
                .sum::<f64>();
        let target = long_for(kept).min(long.km() + (spec.km - total).max(0.0));
        if target > long.km() + 0.2
            && let Some(b) = make_long(target)
        {
            long_built = Some(b);
        }
    }
    all.extend(long_built);
    let mut notes = Vec::new();
    for (date, q, b, limit) in quality {
        let work_km = work_km(&b);
        notes.push(QualityNote {
            date,
            q,
            work_km,
            limit_km: limit,
        });
        all.push(b);
    }
    // Rule 6 on the week as built: when volume was lost elsewhere (an easy
    // day too short to keep), the long run is shortened to stay within its
    // share of what remains.
    // The share of the runs actually kept (an easy day may have gone).
    let share = long_share(all.len() as u32);
    if share < 1.0
        && let Some(i) = all.iter().position(|b| is_long(b.workout.kind))
    {
        let total: f64 = all.iter().map(Built::km).sum();
        let long = all[i].km();
        if long > share * total + 1e-9 {
            match make_long(share * (total - long) / (1.0 - share)) {
                Some(b) => all[i] = b,
                None => {
                    all.remove(i);
                }
            }
        }
    }
    if progression
        && let Some(l) = all
            .iter()
            .find(|b| b.workout.kind == WorkoutKind::LongProgression)
    {
        notes.push(QualityNote {
            date: l.workout.date,
            q: Quality::LongProgression,
            work_km: work_km(l),
            limit_km: daniels_limit_km(Quality::LongProgression, ctx.kind, spec.km),
        });
    }
    if let (Some(r), Some(d)) = (race, p.race_m) {
        all.push(workouts::race(p, r, ctx.kind, d));
    }
    // The first week may start mid-week: nothing before the start.
    all.retain(|b| b.workout.date >= ctx.start && b.workout.date <= sunday);
    notes.retain(|n| n.date >= ctx.start);
    all.sort_by_key(|b| b.workout.date);
    notes.sort_by_key(|n| n.date);

    let training: Vec<&Built> = all
        .iter()
        .filter(|b| b.workout.kind != WorkoutKind::Race)
        .collect();
    let km = training.iter().map(|b| b.meters).sum::<f64>() / 1000.0;
    let secs: f64 = training.iter().map(|b| b.secs).sum();
    let hard: f64 = training.iter().map(|b| b.hard_s).sum();
    let easy_share = if secs > 0.0 { 1.0 - hard / secs } else { 1.0 };
    let long = all.iter().find(|b| {
        matches!(
            b.workout.kind,
            WorkoutKind::Long | WorkoutKind::LongProgression
        )
    });
    let run_dates: Vec<NaiveDate> = all.iter().map(|b| b.workout.date).collect();
    let rest_dates = (0..7)
        .map(|i| spec.monday + Duration::days(i))
        .filter(|d| !run_dates.contains(d))
        .collect();
    let sunday_quality = all
        .iter()
        .any(|b| b.workout.date == sunday && is_quality(b.workout.kind));
    let week = Week {
        km,
        long_km: long.map_or(0.0, |b| b.km()),
        long_min: long.map_or(0.0, |b| b.secs / 60.0),
        long_share_km: share_km,
        runs: run_dates.len() as u32,
        quality: notes,
        easy_share,
        rest_dates,
        sunday_quality,
        workouts: all,
    };
    (week, runs)
}

/// Rule 5's quality sessions (plus the race and a goal-pace long run):
/// never on consecutive days.
pub(super) fn is_quality(kind: WorkoutKind) -> bool {
    matches!(
        kind,
        WorkoutKind::Threshold
            | WorkoutKind::Intervals
            | WorkoutKind::RacePace
            | WorkoutKind::Hills
            | WorkoutKind::LongProgression
            | WorkoutKind::Race
    )
}

/// A quality session of about `target_km` (its warm-up, cool-down and easy
/// running adjusted over a few builds, since the steps' speeds differ), or
/// None when not even a minimal one fits.
fn fit_quality(
    p: &Paces,
    date: NaiveDate,
    q: Quality,
    budget: Budget,
    target_km: f64,
    kind: GoalKind,
) -> Option<Built> {
    let e = p.easy_mps();
    let mut fill = target_km * 1000.0 / e;
    let mut out = workouts::quality(
        p,
        date,
        q,
        Budget {
            fill_s: fill,
            ..budget
        },
        kind,
    )?;
    for _ in 0..6 {
        let diff = target_km - out.km();
        if diff.abs() < 0.05 || (diff > 0.0 && out.secs >= budget.max_total_s - 60.0) {
            break;
        }
        fill += diff * 1000.0 / e;
        match workouts::quality(
            p,
            date,
            q,
            Budget {
                fill_s: fill,
                ..budget
            },
            kind,
        ) {
            Some(b) => out = b,
            None => break,
        }
    }
    Some(out)
}

fn is_long(kind: WorkoutKind) -> bool {
    matches!(kind, WorkoutKind::Long | WorkoutKind::LongProgression)
}

/// Km covered in the hard steps of a session.
fn work_km(b: &Built) -> f64 {
    b.hard_m / 1000.0
}

/// Easy runs for `left_km` over `dates`: equal shares in whole minutes,
/// within `cap_s`; a share under [`MIN_EASY_MIN`] drops the easy day next to
/// the most other runs (it becomes a rest day). Returns the days kept and
/// the minutes of each run.
fn easy_runs(
    left_km: f64,
    mut dates: Vec<NaiveDate>,
    runs: &[NaiveDate],
    e: f64,
    cap_s: f64,
) -> (Vec<NaiveDate>, u32) {
    while !dates.is_empty() {
        let each = left_km / dates.len() as f64 * 1000.0 / e / 60.0;
        let m = each.floor().min((cap_s / 60.0).floor()).max(0.0) as u32;
        if m >= MIN_EASY_MIN {
            return (dates, m);
        }
        let crowd = |d: &NaiveDate| {
            runs.iter()
                .filter(|o| (**o - *d).num_days().abs() == 1)
                .count()
        };
        let (i, _) = dates
            .iter()
            .enumerate()
            .max_by_key(|(i, d)| (crowd(d), *i))
            .expect("not empty");
        dates.remove(i);
    }
    (dates, 0)
}

/// The longest run of whole minutes (at most `max_min`) that `build` makes
/// no longer than `km`: the steps' own speeds decide (jogged warm-ups are
/// slower than easy pace), so the week adds up to its planned volume
/// without exceeding it. None under [`MIN_RUN_MIN`] minutes.
fn fit_minutes(km: f64, max_min: u32, e: f64, build: impl Fn(u32) -> Built) -> Option<Built> {
    let fits = |b: &Built| b.km() <= km + 1e-9;
    let mut m = ((km * 1000.0 / e / 60.0).floor() as u32).min(max_min);
    let mut best = None;
    while m >= MIN_RUN_MIN {
        let b = build(m);
        if fits(&b) {
            best = Some(b);
            break;
        }
        m -= 1;
    }
    let mut best = best?;
    while m < max_min {
        let b = build(m + 1);
        if !fits(&b) {
            break;
        }
        m += 1;
        best = b;
    }
    Some(best)
}

/// Weekday abbreviation for notes.
pub(super) fn day_abbr(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "Mon",
        Weekday::Tue => "Tue",
        Weekday::Wed => "Wed",
        Weekday::Thu => "Thu",
        Weekday::Fri => "Fri",
        Weekday::Sat => "Sat",
        Weekday::Sun => "Sun",
    }
}
