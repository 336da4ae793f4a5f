//! Structured workouts: warm-up, work (repeat blocks for intervals), recovery
//! steps, cool-down, with estimates consistent with the steps.
//!
//! Every step's duration and distance come from one speed
//! ([`Paces::ground_mps`]): a step given in seconds covers seconds × speed,
//! a step given in metres lasts metres / speed. In pace mode that speed is
//! the middle of the step's pace target, so the estimates can be recomputed
//! from the steps alone. The load is rTSS-like: Σ hours × IF² × 100 with
//! IF = the step's (flat-equivalent) speed / Daniels' threshold speed, so an
//! hour at T pace is 100.
//!
//! Session contents follow the knowledge pages `tempo-and-threshold-sessions`
//! (Daniels' cruise intervals, 1 min rest per 5 min of T), `vo2max-intervals`
//! (3–5 min at I pace, jog recovery equal to the rep), `race-pace-work`,
//! `hill-training` (Hudson's 8–12 s hill sprints, hill repeats), `strides`
//! (20 s relaxed, 60 s jog) and `long-runs` (progression finish).

use chrono::NaiveDate;

use super::paces::{Mode, Paces, Zone, fmt_pace};
use crate::{GoalKind, Step, StepDuration, StepIntensity, Workout, WorkoutKind};

/// A workout with what the week planner needs to know about it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Built {
    pub workout: Workout,
    /// Seconds not easy (rule 4: time at M pace or faster, hills, strides).
    pub hard_s: f64,
    /// Metres covered in those seconds.
    pub hard_m: f64,
    /// Exact (unrounded) duration and distance.
    pub secs: f64,
    pub meters: f64,
}

impl Built {
    pub(super) fn km(&self) -> f64 {
        self.meters / 1000.0
    }
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Dur {
    Secs(u32),
    Meters(u32),
}

/// Accumulates steps and their estimates.
#[derive(Debug)]
pub(super) struct Builder<'a> {
    p: &'a Paces,
    steps: Vec<Step>,
    secs: f64,
    meters: f64,
    load: f64,
    hard_s: f64,
    hard_m: f64,
}

impl<'a> Builder<'a> {
    pub(super) fn new(p: &'a Paces) -> Builder<'a> {
        Builder {
            p,
            steps: Vec::new(),
            secs: 0.0,
            meters: 0.0,
            load: 0.0,
            hard_s: 0.0,
            hard_m: 0.0,
        }
    }

    pub(super) fn step(&mut self, intensity: StepIntensity, zone: Zone, dur: Dur, label: String) {
        let v = self.p.ground_mps(zone);
        let (secs, meters, duration) = match dur {
            Dur::Secs(s) => (f64::from(s), f64::from(s) * v, StepDuration::Seconds(s)),
            Dur::Meters(m) => (f64::from(m) / v, f64::from(m), StepDuration::Meters(m)),
        };
        if secs <= 0.0 {
            return;
        }
        let intensity_factor = self.p.effort_mps(zone) / self.p.threshold_mps();
        self.secs += secs;
        self.meters += meters;
        self.load += secs / 3600.0 * intensity_factor * intensity_factor * 100.0;
        if !zone.is_easy() {
            self.hard_s += secs;
            self.hard_m += meters;
        }
        self.steps.push(Step::Single {
            intensity,
            duration,
            target: self.p.target(zone),
            label,
        });
    }

    /// `count` × the steps `f` adds.
    pub(super) fn repeat(&mut self, count: u32, f: impl FnOnce(&mut Builder<'a>)) {
        if count == 0 {
            return;
        }
        let mut inner = Builder::new(self.p);
        f(&mut inner);
        let c = f64::from(count);
        self.secs += c * inner.secs;
        self.meters += c * inner.meters;
        self.load += c * inner.load;
        self.hard_s += c * inner.hard_s;
        self.hard_m += c * inner.hard_m;
        self.steps.push(Step::Repeat {
            count,
            steps: inner.steps,
        });
    }

    pub(super) fn secs(&self) -> f64 {
        self.secs
    }

    pub(super) fn finish(
        self,
        date: NaiveDate,
        kind: WorkoutKind,
        title: String,
        purpose: &str,
    ) -> Built {
        Built {
            workout: Workout {
                date,
                kind,
                title,
                purpose: purpose.to_string(),
                steps: self.steps,
                est_duration_s: self.secs.round() as u32,
                est_distance_m: self.meters.round() as u32,
                est_load: (self.load * 10.0).round() / 10.0,
            },
            hard_s: self.hard_s,
            hard_m: self.hard_m,
            secs: self.secs,
            meters: self.meters,
        }
    }
}

fn min_label(s: u32) -> String {
    if s.is_multiple_of(60) {
        format!("{} min", s / 60)
    } else if s < 60 {
        format!("{s} s")
    } else {
        format!("{}:{:02} min", s / 60, s % 60)
    }
}

fn dist_label(m: u32) -> String {
    if m >= 1000 && m.is_multiple_of(1000) {
        format!("{} km", m / 1000)
    } else if m >= 1000 && m.is_multiple_of(100) {
        format!("{:.1} km", f64::from(m) / 1000.0)
    } else {
        format!("{m} m")
    }
}

fn dur_label(d: Dur) -> String {
    match d {
        Dur::Secs(s) => min_label(s),
        Dur::Meters(m) => dist_label(m),
    }
}

/// Rounds seconds down to a multiple of `to`.
fn floor_to(s: f64, to: u32) -> u32 {
    ((s / f64::from(to)).floor().max(0.0) as u32) * to
}

const STRIDE_S: u32 = 20;
const STRIDE_JOG_S: u32 = 60;

/// Time taken by `n` strides with their jogs.
pub(super) fn strides_s(n: u32) -> u32 {
    n * (STRIDE_S + STRIDE_JOG_S)
}

/// An easy run of `minutes` (warm-up, easy running, optional strides,
/// cool-down). Easy, conversational (rule 4).
pub(super) fn easy_run(
    p: &Paces,
    date: NaiveDate,
    minutes: u32,
    strides: u32,
    recovery: bool,
) -> Built {
    let total = minutes * 60;
    let wu = if minutes >= 40 { 600 } else { 300 };
    let cd = 300;
    let st = strides_s(strides);
    let main = total.saturating_sub(wu + cd + st);
    let mut b = Builder::new(p);
    b.step(
        StepIntensity::Warmup,
        Zone::Jog,
        Dur::Secs(wu),
        format!("{} easy jog", min_label(wu)),
    );
    b.step(
        StepIntensity::Active,
        Zone::Easy,
        Dur::Secs(main),
        format!("{} easy", min_label(main)),
    );
    if strides > 0 {
        b.repeat(strides, |r| {
            r.step(
                StepIntensity::Active,
                Zone::Strides,
                Dur::Secs(STRIDE_S),
                "20 s stride, fast and relaxed".into(),
            );
            r.step(
                StepIntensity::Recovery,
                Zone::Jog,
                Dur::Secs(STRIDE_JOG_S),
                "60 s easy jog".into(),
            );
        });
    }
    b.step(
        StepIntensity::Cooldown,
        Zone::Jog,
        Dur::Secs(cd),
        format!("{} easy jog", min_label(cd)),
    );
    let (kind, title, purpose) = match (recovery, strides) {
        (true, _) => (
            WorkoutKind::Recovery,
            format!("Recovery run {minutes} min"),
            "A short, very easy run that adds volume without adding fatigue; keep it conversational.",
        ),
        (false, 0) => (
            WorkoutKind::Easy,
            format!("Easy run {minutes} min"),
            "Easy, conversational running builds the aerobic base that carries everything else \
             (about 80 % of running time is easy, Seiler 2010).",
        ),
        (false, n) => (
            WorkoutKind::Strides,
            format!("Easy run {minutes} min + {n} strides"),
            "Easy running with short, relaxed strides near the end to keep leg speed and good \
             form at almost no cost (Daniels' R-type running).",
        ),
    };
    b.finish(date, kind, title, purpose)
}

/// A long run of `minutes` at easy pace, optionally finishing with
/// `finish` seconds at goal race pace (marathon or half).
pub(super) fn long_run(
    p: &Paces,
    date: NaiveDate,
    minutes: u32,
    finish: Option<u32>,
    goal: GoalKind,
) -> Built {
    let trail = matches!(goal, GoalKind::Trail { .. });
    let total = minutes * 60;
    let wu = floor_to(f64::from(600.min(total / 4)), 60);
    let cd = floor_to(f64::from(300.min(total / 6)), 60);
    let mut b = Builder::new(p);
    b.step(
        StepIntensity::Warmup,
        Zone::Jog,
        Dur::Secs(wu),
        format!("{} easy jog", min_label(wu)),
    );
    match finish {
        Some(fin) if fin > 0 && fin + wu + cd < total => {
            let zone = Zone::Race;
            let main = total - wu - cd - fin;
            b.step(
                StepIntensity::Active,
                Zone::Easy,
                Dur::Secs(main),
                format!("{} easy", min_label(main)),
            );
            let what = match (goal, p.mode == Mode::Pace) {
                (GoalKind::Marathon, true) => "marathon pace",
                (GoalKind::Marathon, false) => "marathon effort",
                (GoalKind::HalfMarathon, true) => "half-marathon pace",
                (GoalKind::HalfMarathon, false) => "half-marathon effort",
                (_, true) => "race pace",
                (_, false) => "race effort",
            };
            let dur = if p.mode == Mode::Pace {
                // Whole 500 m in pace mode: easier to follow on a watch.
                let m = (f64::from(fin) * p.ground_mps(zone) / 500.0).floor() as u32 * 500;
                Dur::Meters(m.max(500))
            } else {
                Dur::Secs(fin)
            };
            b.step(
                StepIntensity::Active,
                zone,
                dur,
                format!("{} at {what}", dur_label(dur)),
            );
            b.step(
                StepIntensity::Cooldown,
                Zone::Jog,
                Dur::Secs(cd),
                format!("{} easy jog", min_label(cd)),
            );
            let fin_label = dur_label(dur);
            return b.finish(
                date,
                WorkoutKind::LongProgression,
                format!("Long run {minutes} min, last {fin_label} at {what}"),
                "A long run that finishes at goal pace on tired legs: the most race-specific \
                 endurance session (Pfitzinger & Douglas 2009). Run the first part easy.",
            );
        }
        _ => {
            let main = total.saturating_sub(wu + cd);
            b.step(
                StepIntensity::Active,
                Zone::Easy,
                Dur::Secs(main),
                format!("{} easy", min_label(main)),
            );
            b.step(
                StepIntensity::Cooldown,
                Zone::Jog,
                Dur::Secs(cd),
                format!("{} easy jog", min_label(cd)),
            );
        }
    }
    let (title, purpose) = if trail {
        (
            format!("Long trail run {minutes} min"),
            "Time on feet at easy effort, on hilly terrain like the race's; hike the steep \
             climbs and practise fuelling (knowledge page trail-and-ultra).",
        )
    } else {
        (
            format!("Long run {minutes} min"),
            "The week's long run at easy pace: muscle endurance, fuel use and durability. Easy \
             enough to finish feeling you could go on.",
        )
    };
    b.finish(date, WorkoutKind::Long, title, purpose)
}

/// The quality sessions of rule 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Quality {
    /// Easy running with short steep hill sprints (base phase).
    HillSprints,
    /// 1–3 min uphill at 3–5 km effort (trail build).
    HillRepeats,
    /// 6–10 min climbs at threshold effort (trail peak and taper).
    HillThreshold,
    Threshold,
    Intervals,
    Repetitions,
    RacePace,
    /// The long run with a goal-pace finish.
    LongProgression,
    /// Race week: a short race-pace session to stay sharp.
    Sharpener,
}

impl Quality {
    pub(super) fn name(self) -> &'static str {
        match self {
            Quality::HillSprints => "hill sprints",
            Quality::HillRepeats => "hill repeats",
            Quality::HillThreshold => "threshold climbs",
            Quality::Threshold => "threshold",
            Quality::Intervals => "intervals",
            Quality::Repetitions => "repetitions",
            Quality::RacePace => "race pace",
            Quality::LongProgression => "long progression",
            Quality::Sharpener => "race-pace sharpener",
        }
    }
}

/// What a quality session may use.
#[derive(Debug, Clone, Copy)]
pub(super) struct Budget {
    /// Seconds of work (the hard part) allowed by Daniels' limit and rule 4.
    pub work_s: f64,
    /// The whole session at most (max_session_min).
    pub max_total_s: f64,
    /// The session's share of the week's volume, in seconds: warm-up and
    /// cool-down grow towards it (within 20 and 15 min).
    pub fill_s: f64,
    /// Preferred rep length, seconds of running.
    pub rep_s: f64,
    /// Hill sprints this week (base progression).
    pub sprints: u32,
}

/// A main set: `count` × (work, recovery).
#[derive(Debug, Clone, Copy)]
struct Set {
    count: u32,
    work: Dur,
    work_zone: Zone,
    rec_s: u32,
    rec_zone: Zone,
}

impl Set {
    fn secs(&self, p: &Paces) -> f64 {
        let w = match self.work {
            Dur::Secs(s) => f64::from(s),
            Dur::Meters(m) => f64::from(m) / p.ground_mps(self.work_zone),
        };
        // A repeat block ends with its recovery, like most watches run it.
        let rec = if self.count > 1 {
            f64::from(self.rec_s)
        } else {
            0.0
        };
        f64::from(self.count) * (w + rec)
    }
}

/// Rep durations offered, seconds (whole minutes from 2 min up).
const REP_SECS: [u32; 13] = [
    60, 90, 120, 150, 180, 240, 300, 360, 480, 600, 720, 900, 1200,
];
/// Rep distances offered in pace mode, metres.
const REP_METERS: [u32; 12] = [
    200, 300, 400, 600, 800, 1000, 1200, 1600, 2000, 3000, 4000, 5000,
];

/// A set of reps fitting `work_s`: the longest standard rep not longer than
/// about `pref_s` (15 % slack for distances) that still gives `min` reps,
/// at most `max` of them. Distances in pace mode when `by_distance`.
#[allow(clippy::too_many_arguments)]
fn rep_set(
    p: &Paces,
    zone: Zone,
    work_s: f64,
    pref_s: f64,
    min: u32,
    max: u32,
    rec: impl Fn(f64) -> u32,
    by_distance: bool,
) -> Option<Set> {
    let v = p.ground_mps(zone);
    let options: Vec<(Dur, f64)> = if by_distance && p.mode == Mode::Pace {
        REP_METERS
            .iter()
            .map(|m| (Dur::Meters(*m), f64::from(*m) / v))
            .filter(|(_, s)| *s <= pref_s * 1.15)
            .rev()
            .collect()
    } else {
        REP_SECS
            .iter()
            .map(|s| (Dur::Secs(*s), f64::from(*s)))
            .filter(|(_, s)| *s <= pref_s + 1e-9)
            .rev()
            .collect()
    };
    options.into_iter().find_map(|(work, secs)| {
        let count = ((work_s / secs).floor() as u32).min(max);
        (count >= min).then(|| Set {
            count,
            work,
            work_zone: zone,
            rec_s: rec(secs),
            rec_zone: Zone::Jog,
        })
    })
}

/// Recovery jog of `f` × the rep, in whole 15 s, at least 60 s.
fn jog(f: f64) -> impl Fn(f64) -> u32 {
    move |secs| floor_to(secs * f, 15).max(60)
}

/// Builds a quality session, or None when not even a minimal one fits the
/// budget (the week planner then schedules an easy run instead).
pub(super) fn quality(
    p: &Paces,
    date: NaiveDate,
    q: Quality,
    budget: Budget,
    goal: GoalKind,
) -> Option<Built> {
    let short = budget.max_total_s < 50.0 * 60.0;
    let (mut wu, mut cd) = if short {
        (600u32, 300u32)
    } else {
        (900u32, 600u32)
    };
    let room = budget.max_total_s - f64::from(wu + cd);
    let work_s = budget.work_s.min(room);
    if q == Quality::HillSprints {
        return hill_sprints(p, date, budget);
    }
    let set = match q {
        Quality::Threshold => {
            // Cruise intervals (1 min jog per 5 min of T, Daniels 2014), or a
            // continuous tempo when the budget covers 20 min in one rep.
            // Daniels keeps a steady tempo run to about 20 min; more T work
            // is split into cruise intervals of up to 15 min.
            if budget.rep_s >= 1200.0 && (1200.0..1560.0).contains(&work_s) {
                let s = floor_to(work_s, 300);
                Some(Set {
                    count: 1,
                    work: Dur::Secs(s),
                    work_zone: Zone::Threshold,
                    rec_s: 0,
                    rec_zone: Zone::Jog,
                })
            } else {
                rep_set(
                    p,
                    Zone::Threshold,
                    work_s,
                    budget.rep_s.min(900.0),
                    2,
                    6,
                    jog(0.2),
                    false,
                )
            }
        }
        Quality::Intervals => rep_set(
            p,
            Zone::Interval,
            work_s,
            budget.rep_s,
            3,
            8,
            jog(1.0),
            true,
        ),
        Quality::Repetitions => rep_set(p, Zone::Repetition, work_s, 90.0, 4, 10, jog(2.0), true),
        Quality::HillRepeats => rep_set(
            p,
            Zone::HillRepeat,
            work_s,
            budget.rep_s,
            4,
            10,
            jog(1.0),
            false,
        ),
        Quality::HillThreshold => rep_set(
            p,
            Zone::HillThreshold,
            work_s,
            budget.rep_s,
            2,
            5,
            jog(0.6),
            false,
        ),
        Quality::RacePace | Quality::Sharpener => {
            race_set(p, goal, work_s, budget.rep_s, q == Quality::Sharpener)
        }
        Quality::LongProgression | Quality::HillSprints => None,
    }?;
    // Jogs between reps are run, and count towards the room.
    let mut secs = set.secs(p);
    if secs > room {
        return None;
    }
    // Longer warm-up and cool-down carry the session's share of the week.
    let mut extra = (budget.fill_s - secs - f64::from(wu + cd)).max(0.0);
    extra = extra.min(budget.max_total_s - secs - f64::from(wu + cd));
    let add_wu = floor_to((extra * 0.6).min(f64::from(1200 - wu.min(1200))), 60);
    wu += add_wu;
    let add_cd = floor_to(
        (extra - f64::from(add_wu)).min(f64::from(900 - cd.min(900))),
        60,
    );
    cd += add_cd;
    // Beyond that, easy running before the main set (few running days and
    // a large volume: the session carries its share of the week).
    let easy = floor_to(extra - f64::from(add_wu + add_cd), 60);
    secs += f64::from(wu + cd + easy);
    debug_assert!(secs <= budget.max_total_s + 1e-6);

    let mut b = Builder::new(p);
    b.step(
        StepIntensity::Warmup,
        Zone::Easy,
        Dur::Secs(wu),
        format!("{} easy", min_label(wu)),
    );
    b.step(
        StepIntensity::Active,
        Zone::Easy,
        Dur::Secs(easy),
        format!("{} easy", min_label(easy)),
    );
    let by_pace = p.mode == Mode::Pace;
    let zone_name = match (set.work_zone, by_pace) {
        (Zone::Threshold, true) => "T pace",
        (Zone::Threshold, false) => "threshold effort",
        (Zone::Interval, true) => "I pace",
        (Zone::Interval, false) => "interval effort (3–5 km race effort)",
        (Zone::Repetition, true) => "R pace",
        (Zone::Repetition, false) => "fast, relaxed (mile effort)",
        (Zone::Race, true) => "race pace",
        (Zone::Race, false) => "race effort",
        (Zone::HillRepeat, _) => "hard uphill (3–5 km effort)",
        (Zone::HillThreshold, _) => "threshold effort uphill",
        _ => "pace",
    };
    let rec_label = match set.work_zone {
        Zone::HillRepeat | Zone::HillThreshold => "jog back down",
        _ => "easy jog",
    };
    let work_label = format!("{} at {zone_name}", dur_label(set.work));
    if set.count == 1 {
        b.step(
            StepIntensity::Active,
            set.work_zone,
            set.work,
            work_label.clone(),
        );
    } else {
        b.repeat(set.count, |r| {
            r.step(
                StepIntensity::Active,
                set.work_zone,
                set.work,
                work_label.clone(),
            );
            r.step(
                StepIntensity::Recovery,
                set.rec_zone,
                Dur::Secs(set.rec_s),
                format!("{} {rec_label}", min_label(set.rec_s)),
            );
        });
    }
    b.step(
        StepIntensity::Cooldown,
        Zone::Jog,
        Dur::Secs(cd),
        format!("{} easy jog", min_label(cd)),
    );

    let reps = if set.count == 1 {
        dur_label(set.work)
    } else {
        format!("{} × {}", set.count, dur_label(set.work))
    };
    let (kind, title, purpose) = match q {
        Quality::Threshold if set.count == 1 => (
            WorkoutKind::Threshold,
            format!("Tempo run {reps}"),
            "Continuous running at threshold (T) pace, comfortably hard: raises the pace you can \
             hold for about an hour (Daniels 2014). Never race it.",
        ),
        Quality::Threshold => (
            WorkoutKind::Threshold,
            format!("Threshold {reps}"),
            "Cruise intervals at threshold (T) pace with short jogs: a large stimulus to the \
             lactate threshold for a moderate cost (Daniels 2014).",
        ),
        Quality::Intervals => (
            WorkoutKind::Intervals,
            format!("Intervals {reps}"),
            "VO2max intervals at I pace (about 3–5 km race pace) with equal jog recoveries: \
             time near VO2max raises the aerobic ceiling (Daniels 2014; Billat 2001).",
        ),
        Quality::Repetitions => (
            WorkoutKind::Intervals,
            format!("Repetitions {reps}"),
            "Short, fast repetitions at R pace with full recovery: speed and economy, not \
             fatigue (Daniels 2014).",
        ),
        Quality::HillRepeats => (
            WorkoutKind::Hills,
            format!("Hill repeats {reps}"),
            "Hard uphill repeats with the jog down as recovery: VO2max stimulus and climbing \
             strength with less impact (Barnes et al. 2013).",
        ),
        Quality::HillThreshold => (
            WorkoutKind::Hills,
            format!("Threshold climbs {reps}"),
            "Sustained climbs at threshold effort: the strength-endurance trail races ask for \
             (knowledge page trail-and-ultra). Hike if the grade is steep.",
        ),
        Quality::RacePace => (
            WorkoutKind::RacePace,
            format!("Race pace {reps}"),
            "Goal-pace running to rehearse the race's rhythm and effort; paces are never \
             faster than current fitness allows (rule 8).",
        ),
        Quality::Sharpener => (
            WorkoutKind::RacePace,
            format!("Race-week sharpener {reps}"),
            "A short race-pace session in race week: keeps intensity while volume drops \
             (Mujika & Padilla 2003; Bosquet et al. 2007).",
        ),
        Quality::LongProgression | Quality::HillSprints => unreachable!("handled above"),
    };
    Some(b.finish(date, kind, title, purpose))
}

/// Race-pace sets per distance (knowledge page `race-pace-work`): 5 km
/// 1 km reps with 2:30 jog; 10 km 2 km reps with 2 min jog; half 3–5 km
/// reps with 3 min jog; marathon a continuous block (two when over 40 min).
/// Sharpeners are 400 m (5–10 km), 1 km (half) or 2 km (marathon) reps.
/// Shorter reps when the budget is small.
fn race_set(p: &Paces, goal: GoalKind, work_s: f64, rep_pref_s: f64, sharp: bool) -> Option<Set> {
    let v = p.ground_mps(Zone::Race);
    if goal == GoalKind::Marathon && !sharp {
        // Continuous marathon-pace block, whole km, at least 3 km.
        let km = (work_s * v / 1000.0).floor();
        if km < 3.0 {
            return None;
        }
        let two = work_s > 2400.0;
        let per = if two { (km / 2.0).floor() } else { km };
        let work = if p.mode == Mode::Pace {
            Dur::Meters(per as u32 * 1000)
        } else {
            Dur::Secs(floor_to(per * 1000.0 / v, 60))
        };
        return Some(Set {
            count: if two { 2 } else { 1 },
            work,
            work_zone: Zone::Race,
            rec_s: 300,
            rec_zone: Zone::Jog,
        });
    }
    let (rep_m, rec_s, min, max): (f64, u32, u32, u32) = match (goal, sharp) {
        (GoalKind::FiveK, false) => (1000.0, 150, 3, 6),
        (GoalKind::TenK, false) => (2000.0, 120, 2, 5),
        (GoalKind::HalfMarathon, false) => (
            (rep_pref_s * v / 1000.0).round().clamp(3.0, 5.0) * 1000.0,
            180,
            2,
            3,
        ),
        (GoalKind::FiveK | GoalKind::TenK, true) => (400.0, 120, 3, 6),
        (GoalKind::HalfMarathon, true) => (1000.0, 120, 2, 4),
        (GoalKind::Marathon, true) => (2000.0, 180, 1, 2),
        // Trails and base building have no race-pace sessions.
        _ => return None,
    };
    rep_set(
        p,
        Zone::Race,
        work_s,
        rep_m / v,
        min,
        max,
        move |_| rec_s,
        true,
    )
}

/// Hudson's hill sprints: easy running, then `sprints` × (10 s steep
/// sprint, 2 min walk back), then a short jog. Power and resilience at
/// almost no aerobic cost (knowledge page `hill-training`).
fn hill_sprints(p: &Paces, date: NaiveDate, budget: Budget) -> Option<Built> {
    // Sprints and their walks take at most a fifth of the session, so that
    // a short session still carries its easy running.
    let by_time = (0.2 * budget.max_total_s / 130.0).floor() as u32;
    let sprints = budget.sprints.min(by_time).clamp(4, 10);
    let block = f64::from(sprints * (10 + 120));
    let cd = 300u32;
    let total = budget.fill_s.min(budget.max_total_s);
    let easy = floor_to(total - block - f64::from(cd), 60);
    if easy < 900 {
        return None;
    }
    let mut b = Builder::new(p);
    b.step(
        StepIntensity::Warmup,
        Zone::Easy,
        Dur::Secs(easy),
        format!("{} easy", min_label(easy)),
    );
    b.repeat(sprints, |r| {
        r.step(
            StepIntensity::Active,
            Zone::HillSprint,
            Dur::Secs(10),
            "10 s hill sprint, steep grade, near-maximal".into(),
        );
        r.step(
            StepIntensity::Rest,
            Zone::Walk,
            Dur::Secs(120),
            "2 min walk back down".into(),
        );
    });
    b.step(
        StepIntensity::Cooldown,
        Zone::Jog,
        Dur::Secs(cd),
        format!("{} easy jog", min_label(cd)),
    );
    let minutes = (b.secs() / 60.0).round();
    Some(b.finish(
        date,
        WorkoutKind::Hills,
        format!("Hill sprints {sprints} × 10 s in an easy {minutes:.0} min run"),
        "Short, steep hill sprints with full recovery after easy running: strength and power for \
         the base phase with little fatigue (Hudson; knowledge page hill-training).",
    ))
}

/// The race itself: warm-up jog, the race distance at race pace (effort on
/// trails), cool-down jog.
pub(super) fn race(p: &Paces, date: NaiveDate, goal: GoalKind, distance_m: f64) -> Built {
    let mut b = Builder::new(p);
    let trail = matches!(goal, GoalKind::Trail { .. });
    let long = distance_m > 25_000.0;
    let wu = if long { 300 } else { 900 };
    b.step(
        StepIntensity::Warmup,
        Zone::Jog,
        Dur::Secs(wu),
        format!("{} easy jog", min_label(wu)),
    );
    let d = distance_m.round() as u32;
    let label = if trail {
        format!("{} at steady race effort", dist_label(d))
    } else if p.mode == Mode::Pace {
        format!("{} at race pace ({})", dist_label(d), fmt_pace(p.race_mps))
    } else {
        format!("{} at race effort", dist_label(d))
    };
    b.step(StepIntensity::Active, Zone::Race, Dur::Meters(d), label);
    b.step(
        StepIntensity::Cooldown,
        Zone::Jog,
        Dur::Secs(600),
        "10 min easy jog or walk".into(),
    );
    b.finish(
        date,
        WorkoutKind::Race,
        format!("Race: {}", crate::goal::distance_name(goal)),
        "Race day. Start no faster than goal pace, settle in, and save the effort for the last \
         third.",
    )
}
