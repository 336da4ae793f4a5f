//! The demo athlete: fills an empty database with half a year of a plausible
//! runner's training, so every screen has something true-looking to show
//! before the athlete imports anything (and so the app can be shown without
//! anyone's personal data).
//!
//! What [`populate`] writes, all of it derived from `today`:
//! - a profile ("Demo athlete") and a threshold history whose values improve
//!   every few weeks, entered through [`crate::profile::update`] like a
//!   person's;
//! - about 26 weeks of 1 Hz activities: four to five runs a week (easy, long
//!   with a faster finish, intervals, tempo, hilly runs, recovery runs with
//!   strides), one or two rides with power and cadence, and the odd pool swim
//!   or strength session; every fourth week is a recovery week;
//! - a half-marathon goal about ten weeks ahead and its plan, which started
//!   three weeks ago: the activities of those weeks follow its workouts, with
//!   one missed and one cut short, so the plan shows what compliance looks
//!   like.
//!
//! Activities are stored through the same storage call as an import and their
//! metrics computed the same way, so nothing downstream knows they are
//! synthetic except their source's origin, `demo`.
//!
//! The data come from a small seeded generator (SplitMix64, written here so a
//! dependency's algorithm change cannot change the demo) and simple models:
//! speed from a fraction of the threshold pace slowed by the slope, heart
//! rate rising towards a steady state with a lag and drifting up over long
//! efforts, bike speed from power through the usual road-load equation. Two
//! databases populated for the same day hold the same activities.
//!
//! Swims and strength sessions carry a heart-rate stream but no positions:
//! a watch records heart rate there, and without it they would have neither
//! a duration nor a training load.

use std::collections::BTreeMap;
use std::f64::consts::PI;
use std::time::Instant;

use chrono::{Datelike, Days, NaiveDate, TimeZone, Utc, Weekday};
use serde::{Deserialize, Serialize};
use tempo_domain::activity::{
    Channel, Device, Lap, ParsedActivity, SourceFormat, Sport, Streams, SubSport, Totals,
};
use tempo_plan::{
    Availability, Constraints, Goal, GoalKind, IntensityStyle, Level, LevelSource, Preferences,
    Step, StepDuration, StepIntensity, Target, Workout, WorkoutKind,
};
use tempo_storage::activities::{self as repo, NewSource, Origin, Stored};

use crate::profile::{self, ProfileInput, Sex};
use crate::{AppError, ErrorCode, Tempo};

/// What [`populate`] wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct DemoReport {
    pub activities: u32,
    pub runs: u32,
    pub rides: u32,
    /// Swims and strength sessions.
    pub other: u32,
    /// 1 Hz samples over all activities.
    pub samples: u32,
    pub distance_m: f64,
    /// The first and last day with an activity.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Entries in the measure history.
    pub measures: u32,
    pub goal_id: i32,
    pub plan_id: i32,
    pub took_ms: f64,
}

/// Weeks of history before `today`.
const WEEKS: u32 = 26;
/// The plan started this many weeks before the current week.
const PLAN_WEEKS_DONE: u64 = 3;
/// Fixed, so two demo databases are the same.
const SEED: u64 = 0x7E3A_9D41_C0FF_EE26;
/// Where the demo athlete lives and trains: Lyon, France.
const HOME: (f64, f64) = (45.7772, 4.8552);

/// Fills an empty database with the demo athlete (module docs), the history
/// ending the day before `today`. Refused with `invalid_input` when the
/// database holds any activity, measure or goal: the demo must never mix
/// with real data (the app keeps it in a database file of its own).
pub async fn populate(tempo: &Tempo, today: NaiveDate) -> Result<DemoReport, AppError> {
    let started = Instant::now();
    ensure_empty(tempo).await?;

    let this_monday = monday_of(today);
    let first_day = this_monday - Days::new(7 * u64::from(WEEKS));
    let plan_start = this_monday - Days::new(7 * PLAN_WEEKS_DONE);
    let eras = eras(first_day);
    for (i, era) in eras.iter().enumerate() {
        profile::update(tempo, era.input(i == 0, today)).await?;
    }

    // The history before the plan, then the plan built from it (as a person
    // would do: their level is what those weeks show), then the plan's weeks.
    let mut rng = Rng(SEED);
    let mut sessions = Vec::new();
    let mut day = first_day;
    while day < plan_start {
        sessions.extend(history_day(day, first_day, &mut rng));
        day = day + Days::new(1);
    }
    let mut activities: Vec<ParsedActivity> = sessions
        .iter()
        .map(|s| synthesize(s, &eras, &mut rng))
        .collect();

    let goal = goal(today, plan_start, &activities, &eras);
    let plan = crate::plans::create_plan(tempo, Some("Spring half marathon".into()), goal).await?;
    let past: Vec<&Workout> = plan
        .workouts
        .iter()
        .map(|p| &p.workout)
        .filter(|w| w.date < today)
        .collect();
    // The plan's pace targets come from the threshold in force today.
    let plan_mps = plan
        .thresholds
        .threshold_pace_s_per_km
        .map_or_else(|| era_on(&eras, today).threshold_mps(), |p| 1000.0 / p);
    let mut sessions = plan_sessions(&past, plan_mps, &mut rng);
    let mut day = plan_start;
    while day < today {
        sessions.extend(extras_day(day, &sessions, &mut rng));
        day = day + Days::new(1);
    }
    activities.extend(sessions.iter().map(|s| synthesize(s, &eras, &mut rng)));
    activities.sort_by_key(|a| a.start);

    let mut report = DemoReport {
        activities: 0,
        runs: 0,
        rides: 0,
        other: 0,
        samples: 0,
        distance_m: 0.0,
        from: today,
        to: first_day,
        measures: profile::history(tempo).await?.len() as u32,
        goal_id: plan.goal_id,
        plan_id: plan.id,
        took_ms: 0.0,
    };
    let db = tempo.store.connection();
    for a in &activities {
        let day = local_day(a);
        let source = NewSource {
            content_sha256: tempo_import::content_hash(
                format!("tempo demo {} {}", a.start.to_rfc3339(), a.sport.key()).as_bytes(),
            ),
            session_index: 0,
            // No file exists; an export of it would be TCX.
            format: SourceFormat::Tcx,
            origin: Origin::Demo,
            file_name: format!(
                "demo-{}-{}.tcx",
                (a.start + offset(a)).format("%Y-%m-%d-%H%M"),
                a.sport.key()
            ),
            size_bytes: 0,
        };
        let id = match repo::store(db, a, &source, tempo.clock.now()).await? {
            Stored::New(id) => id,
            // Each demo activity has its own start and hash: anything else is a bug.
            other => {
                return Err(AppError::internal(format!(
                    "demo activity of {} stored as {other:?}",
                    a.start
                )));
            }
        };
        crate::metrics::store_metrics(tempo, id, day, a.sport, &a.streams).await?;
        report.activities += 1;
        match a.sport {
            Sport::Running => report.runs += 1,
            Sport::Cycling => report.rides += 1,
            _ => report.other += 1,
        }
        report.samples += a.streams.len() as u32;
        report.distance_m += a
            .device_totals
            .as_ref()
            .and_then(|t| t.distance_m)
            .unwrap_or(0.0);
        report.from = report.from.min(day);
        report.to = report.to.max(day);
    }
    report.distance_m = crate::metrics::round(report.distance_m, 1);
    report.took_ms = started.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(
        activities = report.activities,
        samples = report.samples,
        plan = report.plan_id,
        took_ms = report.took_ms,
        "demo athlete created"
    );
    Ok(report)
}

async fn ensure_empty(tempo: &Tempo) -> Result<(), AppError> {
    let db = tempo.store.connection();
    let what = if !repo::list(db).await?.is_empty() {
        Some("activities")
    } else if !tempo_storage::profile::measure_history(db)
        .await?
        .is_empty()
        || tempo_storage::profile::load_identity(db).await? != Default::default()
    {
        Some("a profile")
    } else if !tempo_storage::plans::goals(db).await?.is_empty() {
        Some("goals")
    } else {
        None
    };
    match what {
        Some(what) => Err(AppError::new(
            ErrorCode::InvalidInput,
            format!(
                "the demo athlete only goes into an empty database, and this one holds {what}; \
                 open a new database for the demo"
            ),
        )),
        None => Ok(()),
    }
}

// ---------------------------------------------------------------------------
// The athlete

/// The thresholds in force from a week of the history on: the athlete gets
/// fitter, so threshold pace, VMA and FTP improve and resting HR drops a
/// little. VMA is about 1.13 × the threshold speed (Daniels' I pace against
/// his T pace), so the two stay consistent.
#[derive(Debug, Clone, Copy)]
struct Era {
    from: NaiveDate,
    max_hr: f64,
    resting_hr: f64,
    lthr: f64,
    ftp_w: f64,
    threshold_pace_s_per_km: f64,
    vma_kmh: f64,
    weight_kg: f64,
}

fn eras(first_day: NaiveDate) -> [Era; 4] {
    // (week, resting HR, LTHR, FTP, threshold pace, VMA, weight)
    const STEPS: [(u64, f64, f64, f64, f64, f64, f64); 4] = [
        (0, 54.0, 169.0, 195.0, 295.0, 13.8, 62.5),
        (8, 52.0, 169.0, 202.0, 288.0, 14.1, 61.8),
        (15, 51.0, 171.0, 208.0, 281.0, 14.5, 61.2),
        (22, 50.0, 171.0, 214.0, 276.0, 14.7, 60.8),
    ];
    STEPS.map(|(week, rest, lthr, ftp, pace, vma, weight)| Era {
        from: first_day + Days::new(7 * week),
        max_hr: 187.0,
        resting_hr: rest,
        lthr,
        ftp_w: ftp,
        threshold_pace_s_per_km: pace,
        vma_kmh: vma,
        weight_kg: weight,
    })
}

impl Era {
    fn input(&self, first: bool, today: NaiveDate) -> ProfileInput {
        ProfileInput {
            name: first.then(|| "Demo athlete".to_owned()),
            sex: first.then_some(Sex::Female),
            birth_year: first.then(|| today.year() - 36),
            height_cm: first.then_some(168.0),
            weight_kg: Some(self.weight_kg),
            max_hr: Some(self.max_hr),
            resting_hr: Some(self.resting_hr),
            lthr: Some(self.lthr),
            ftp_w: Some(self.ftp_w),
            threshold_pace_s_per_km: Some(self.threshold_pace_s_per_km),
            vma_kmh: Some(self.vma_kmh),
            effective: Some(self.from),
        }
    }

    fn threshold_mps(&self) -> f64 {
        1000.0 / self.threshold_pace_s_per_km
    }
}

/// The era in force on `day` (the first one before the history starts).
fn era_on(eras: &[Era; 4], day: NaiveDate) -> Era {
    *eras
        .iter()
        .rev()
        .find(|e| e.from <= day)
        .unwrap_or(&eras[0])
}

// ---------------------------------------------------------------------------
// Sessions: what the athlete does on a day

/// A stretch of a session: moving at an effort (a fraction of the threshold
/// speed for runs, of FTP for rides, of the way from resting HR to LTHR for
/// swims and strength) for a time or a distance, or stopped with the watch
/// paused. Each moving stretch is a lap, unless the session auto-laps.
#[derive(Debug, Clone, Copy)]
enum Seg {
    Time {
        secs: f64,
        effort: f64,
    },
    /// Runs only: interval reps and plan steps given in metres.
    Dist {
        metres: f64,
        effort: f64,
    },
    Stop {
        secs: f64,
    },
}

impl Seg {
    fn moving(&self) -> bool {
        !matches!(self, Seg::Stop { .. })
    }

    /// The first `part` (0–1] of it.
    fn shortened(self, part: f64) -> Seg {
        match self {
            Seg::Time { secs, effort } => Seg::Time {
                secs: secs * part,
                effort,
            },
            Seg::Dist { metres, effort } => Seg::Dist {
                metres: metres * part,
                effort,
            },
            Seg::Stop { secs } => Seg::Stop { secs: secs * part },
        }
    }

    /// Its duration, a distance at `mps` for its effort.
    fn secs(&self, mps: f64) -> f64 {
        match *self {
            Seg::Time { secs, .. } | Seg::Stop { secs } => secs,
            Seg::Dist { metres, effort } => metres / (effort * mps).max(0.5),
        }
    }
}

fn go(minutes: f64, effort: f64) -> Seg {
    Seg::Time {
        secs: minutes * 60.0,
        effort,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// A 2.6 km loop round a park, with a 12 m rise for hill sprints.
    Park,
    /// An 8 km loop along the rivers, flat.
    Rivers,
    /// A 2 km loop with a 75 m climb (about 7 %).
    Hill,
    /// A 31 km rolling loop in the hills west of the city.
    Countryside,
    /// A pool or a gym: no positions.
    Indoors,
}

#[derive(Debug, Clone)]
struct Session {
    day: NaiveDate,
    /// The day whose thresholds the efforts are fractions of: the day
    /// itself, or for a test the day the thresholds it measured took effect.
    fitness_day: NaiveDate,
    /// Local start, minutes after midnight.
    at_min: u32,
    sport: Sport,
    sub_sport: SubSport,
    name: String,
    place: Place,
    segs: Vec<Seg>,
    /// Laps every kilometre (a watch's auto-lap) instead of one per segment.
    auto_lap: bool,
}

impl Session {
    fn run(day: NaiveDate, at_min: u32, name: &str, place: Place, segs: Vec<Seg>) -> Session {
        let auto_lap = segs.iter().filter(|s| s.moving()).count() <= 2;
        Session {
            day,
            fitness_day: day,
            at_min,
            sport: Sport::Running,
            sub_sport: SubSport::Road,
            name: name.to_owned(),
            place,
            segs,
            auto_lap,
        }
    }

    fn ride(day: NaiveDate, at_min: u32, name: &str, segs: Vec<Seg>) -> Session {
        Session {
            day,
            fitness_day: day,
            at_min,
            sport: Sport::Cycling,
            sub_sport: SubSport::Road,
            name: name.to_owned(),
            place: Place::Countryside,
            segs,
            auto_lap: false,
        }
    }

    fn running(&self) -> bool {
        self.sport == Sport::Running
    }
}

fn easy(minutes: f64) -> Vec<Seg> {
    vec![go(minutes, 0.78)]
}

fn long_run(minutes: f64, finish: bool) -> Vec<Seg> {
    if finish {
        vec![go(minutes * 0.8, 0.79), go(minutes * 0.2, 0.88)]
    } else {
        vec![go(minutes, 0.79)]
    }
}

fn with_warmup(main: impl IntoIterator<Item = Seg>) -> Vec<Seg> {
    let mut v = vec![go(15.0, 0.74)];
    v.extend(main);
    v.push(go(10.0, 0.72));
    v
}

fn repeats(n: u32, work: Seg, rest: Seg) -> Vec<Seg> {
    let mut v = Vec::new();
    for i in 0..n {
        v.push(work);
        if i + 1 < n {
            v.push(rest);
        }
    }
    v
}

/// Weeks (from the first) whose Tuesday and Thursday are a run test and an
/// FTP test: the week before each new set of thresholds, which they justify.
const TEST_WEEKS: [u32; 3] = [7, 14, 21];
/// Weeks whose Saturday is a 10 km race: the first week of each new set of
/// thresholds, so race and thresholds tell the same story.
const RACE_WEEKS: [u32; 3] = [8, 15, 22];

/// The sessions of one day before the plan: a weekly pattern (quality on
/// Tuesday, long run on Sunday, rides on Thursday and every other
/// Saturday) that grows over the weeks and is lighter every fourth week,
/// after three weeks of easing back into training; tests before each
/// threshold change and a 10 km race after it.
fn history_day(day: NaiveDate, first_day: NaiveDate, rng: &mut Rng) -> Vec<Session> {
    let week = ((day - first_day).num_days() / 7) as u32;
    let w = f64::from(week);
    let recovery = week % 4 == 3;
    let test = TEST_WEEKS.contains(&week);
    // Tests measure the fitness the next thresholds record.
    let next_monday = monday_of(day) + Days::new(7);
    let morning = 405 + rng.int(0, 40);
    let weekend = 540 + rng.int(0, 40);
    let evening = 1080 + rng.int(0, 30);
    let mut out = Vec::new();
    match day.weekday() {
        Weekday::Mon => match week % 3 {
            0 => out.push(indoor(day, 750, Sport::Swimming, 45.0)),
            1 => out.push(indoor(day, evening, Sport::Strength, 40.0)),
            _ => {}
        },
        Weekday::Tue if test => {
            // The demi-Cooper test: six minutes as fast as possible, run at
            // the speed of VO2max (Daniels' I pace, about 1.13 × T).
            let mut segs = vec![go(20.0, 0.74)];
            segs.extend(repeats(3, go(20.0 / 60.0, 1.1), go(1.0, 0.65)));
            segs.extend([go(3.0, 0.7), go(6.0, 1.13), go(12.0, 0.7)]);
            let mut s = Session::run(day, morning, "VMA test (6 min)", Place::Park, segs);
            s.fitness_day = next_monday;
            out.push(s);
        }
        Weekday::Tue if recovery || week == 0 => {
            let mut segs = easy(35.0);
            segs.extend(repeats(6, go(20.0 / 60.0, 1.2), go(1.0, 0.65)));
            segs.push(go(5.0, 0.74));
            out.push(Session::run(
                day,
                morning,
                "Easy run + strides",
                Place::Park,
                segs,
            ));
        }
        Weekday::Tue => out.push(match week % 3 {
            0 => {
                let (n, m) = if week < 12 { (6, 1000.0) } else { (5, 1200.0) };
                let rep = Seg::Dist {
                    metres: m,
                    effort: 1.08,
                };
                Session::run(
                    day,
                    morning,
                    &format!("Intervals {n} × {m:.0} m"),
                    Place::Park,
                    with_warmup(repeats(n, rep, go(2.5, 0.62))),
                )
            }
            1 => {
                let (n, m) = if week < 12 { (3, 10.0) } else { (2, 16.0) };
                Session::run(
                    day,
                    morning,
                    &format!("Tempo {n} × {m:.0} min"),
                    Place::Rivers,
                    with_warmup(repeats(n, go(m, 1.0), go(2.0, 0.65))),
                )
            }
            _ => Session::run(
                day,
                morning,
                "Hilly run",
                Place::Hill,
                vec![go(50.0 + w * 0.5, 0.82)],
            ),
        }),
        Weekday::Wed => out.push(Session::run(
            day,
            morning,
            "Easy run",
            Place::Park,
            easy(45.0 + w * 0.4 - if recovery { 10.0 } else { 0.0 }),
        )),
        Weekday::Thu if test => {
            // Twenty minutes all out; FTP is 95 % of it (Allen & Coggan).
            let segs = vec![
                go(15.0, 0.6),
                go(5.0, 1.0),
                go(5.0, 0.5),
                go(20.0, 1.05),
                go(15.0, 0.5),
            ];
            let mut s = Session::ride(day, evening, "FTP test (20 min)", segs);
            s.fitness_day = next_monday;
            out.push(s);
        }
        Weekday::Thu => {
            let minutes = if recovery {
                50.0
            } else {
                60.0 + 15.0 * rng.unit()
            };
            out.push(if week.is_multiple_of(2) || recovery {
                Session::ride(day, evening, "Endurance ride", vec![go(minutes, 0.68)])
            } else {
                let mut segs = vec![go(15.0, 0.6)];
                segs.extend(repeats(3, go(12.0, 0.9), go(5.0, 0.55)));
                segs.push(go(10.0, 0.55));
                Session::ride(day, evening, "Sweet spot 3 × 12 min", segs)
            });
        }
        Weekday::Fri if !recovery => out.push(Session::run(
            day,
            morning,
            "Recovery run",
            Place::Park,
            vec![go(32.0 + 6.0 * rng.unit(), 0.72)],
        )),
        Weekday::Sat if RACE_WEEKS.contains(&week) => {
            // 10 km race pace is about 1.02 × threshold speed (Daniels' tables).
            let segs = vec![
                go(12.0, 0.74),
                Seg::Dist {
                    metres: 10_000.0,
                    effort: 1.02,
                },
                go(10.0, 0.7),
            ];
            out.push(Session::run(
                day,
                weekend,
                "10 km race",
                Place::Rivers,
                segs,
            ));
        }
        Weekday::Sat if week % 2 == 1 => out.push(Session::run(
            day,
            weekend,
            "Easy run",
            Place::Rivers,
            easy(40.0),
        )),
        Weekday::Sat => {
            let minutes = if recovery { 90.0 } else { 120.0 + 2.0 * w };
            // Three hard minutes on two climbs (about VO2max power, 1.3 ×
            // FTP) far enough apart to recover, and a café stop halfway on
            // the longer rides.
            let third = minutes / 3.0 - 2.0;
            let mut segs = vec![go(third, 0.65), go(3.0, 1.3), go(third, 0.66)];
            if minutes > 130.0 {
                segs.push(Seg::Stop { secs: 900.0 });
            }
            segs.extend([go(3.0, 1.3), go(third, 0.64)]);
            out.push(Session::ride(day, weekend, "Long ride", segs));
        }
        Weekday::Sun => {
            let minutes = 70.0 + 1.5 * w;
            let minutes = if recovery { minutes * 0.7 } else { minutes };
            let mut segs = long_run(minutes, week.is_multiple_of(2) && !recovery);
            // A stop at a fountain on some long runs: a pause in the file.
            if week % 3 == 1 {
                segs.insert(
                    1,
                    Seg::Stop {
                        secs: 60.0 + 60.0 * rng.unit(),
                    },
                );
            }
            out.push(Session::run(day, weekend, "Long run", Place::Rivers, segs));
        }
        _ => {}
    }
    // Back from a break: the first weeks are shorter.
    let ease = [0.75, 0.85, 0.95]
        .get(week as usize)
        .copied()
        .unwrap_or(1.0);
    for s in &mut out {
        for seg in &mut s.segs {
            if let Seg::Time { secs, .. } = seg {
                *secs *= ease;
            }
        }
    }
    out
}

fn indoor(day: NaiveDate, at_min: u32, sport: Sport, minutes: f64) -> Session {
    let (name, sub_sport, segs) = if sport == Sport::Swimming {
        // 10 × 200 m with 20 s at the wall, between a warm-up and a cool-down.
        let mut segs = vec![go(8.0, 0.55)];
        segs.extend(repeats(10, go(3.4, 0.8), go(1.0 / 3.0, 0.3)));
        let used: f64 = segs.iter().map(|s| s.secs(1.0)).sum();
        segs.push(go((minutes * 60.0 - used).max(120.0) / 60.0, 0.5));
        ("Pool swim", SubSport::Pool, segs)
    } else {
        // Circuits: 45 s of work, 75 s of rest.
        let mut segs = vec![go(8.0, 0.45)];
        let rounds = ((minutes - 8.0) * 60.0 / 120.0) as u32;
        segs.extend(repeats(rounds, go(0.75, 0.7), go(1.25, 0.3)));
        ("Strength", SubSport::Generic, segs)
    };
    Session {
        day,
        fitness_day: day,
        at_min,
        sport,
        sub_sport,
        name: name.to_owned(),
        place: Place::Indoors,
        segs,
        auto_lap: false,
    }
}

/// The plan's workouts done, as the athlete ran them: step by step, at the
/// middle of each target. The first easy run of the plan's second week is
/// missed and that of its third week cut short, so the plan screen shows
/// every status.
fn plan_sessions(workouts: &[&Workout], plan_mps: f64, rng: &mut Rng) -> Vec<Session> {
    let first = workouts.iter().map(|w| w.date).min();
    let week_of = |d: NaiveDate| first.map_or(0, |f| (monday_of(d) - monday_of(f)).num_days() / 7);
    let easy_kind = |k: WorkoutKind| matches!(k, WorkoutKind::Easy | WorkoutKind::Recovery);
    let first_easy_of = |week: i64| {
        workouts
            .iter()
            .position(|w| week_of(w.date) == week && easy_kind(w.kind))
    };
    let missed = first_easy_of(1);
    let cut = first_easy_of(2);
    let mut out = Vec::new();
    for (i, w) in workouts.iter().enumerate() {
        if Some(i) == missed {
            continue;
        }
        let at_min = if matches!(w.date.weekday(), Weekday::Sat | Weekday::Sun) {
            540 + rng.int(0, 40)
        } else {
            405 + rng.int(0, 40)
        };
        let mut s = if w.kind == WorkoutKind::CrossTraining {
            let minutes = f64::from(w.est_duration_s) / 60.0;
            Session::ride(w.date, 1080, "Endurance ride", vec![go(minutes, 0.66)])
        } else {
            let mut segs = Vec::new();
            steps_to_segs(&w.steps, plan_mps, &mut segs);
            // Hill repeats need the hill; a few sprints in an easy run do not.
            let hard_s: f64 = segs
                .iter()
                .filter(|x| matches!(x, Seg::Time { effort, .. } if *effort >= 0.9))
                .map(|x| x.secs(plan_mps))
                .sum();
            let place = match w.kind {
                WorkoutKind::Hills if hard_s >= 480.0 => Place::Hill,
                WorkoutKind::Long | WorkoutKind::LongProgression | WorkoutKind::Threshold => {
                    Place::Rivers
                }
                _ => Place::Park,
            };
            Session::run(w.date, at_min, &w.title, place, segs)
        };
        if Some(i) == cut {
            // Stopped early: a bit over half of the planned time.
            let mut left = 0.55 * s.segs.iter().map(|x| x.secs(plan_mps)).sum::<f64>();
            s.segs = s
                .segs
                .iter()
                .map_while(|seg| {
                    let secs = seg.secs(plan_mps);
                    let part = (left / secs).min(1.0);
                    left -= secs;
                    (part > 0.0).then_some(seg.shortened(part))
                })
                .collect();
        }
        out.push(s);
    }
    out
}

/// A workout's steps as segments, efforts as fractions of the threshold
/// speed the plan's pace targets were built from (`plan_mps`).
fn steps_to_segs(steps: &[Step], plan_mps: f64, out: &mut Vec<Seg>) {
    for step in steps {
        match step {
            Step::Single {
                intensity,
                duration,
                target,
                ..
            } => {
                let effort = match *target {
                    Target::Pace { low_mps, high_mps } => 0.5 * (low_mps + high_mps) / plan_mps,
                    Target::Effort { rpe } => rpe_effort(rpe),
                    // This plan targets paces (the threshold pace is known);
                    // any other target gets the effort of its kind of step.
                    Target::HeartRate { .. } | Target::Power { .. } | Target::None => {
                        match intensity {
                            StepIntensity::Active => 0.95,
                            StepIntensity::Rest => 0.4,
                            _ => 0.76,
                        }
                    }
                };
                out.push(match *duration {
                    StepDuration::Seconds(s) => Seg::Time {
                        secs: f64::from(s),
                        effort,
                    },
                    StepDuration::Meters(m) => Seg::Dist {
                        metres: f64::from(m),
                        effort,
                    },
                    // Until the athlete presses lap: five minutes.
                    StepDuration::Open => Seg::Time {
                        secs: 300.0,
                        effort,
                    },
                });
            }
            Step::Repeat { count, steps } => {
                for _ in 0..*count {
                    steps_to_segs(steps, plan_mps, out);
                }
            }
        }
    }
}

/// A CR10 rating of perceived exertion as a fraction of threshold effort:
/// 3 is easy, 6–7 about threshold, 9 a hard repeat.
fn rpe_effort(rpe: f64) -> f64 {
    (0.55 + 0.065 * rpe).clamp(0.6, 1.2)
}

/// In the plan's weeks, what the plan leaves out: a ride on Friday evening
/// and, on Mondays, the swim or strength session of the history.
fn extras_day(day: NaiveDate, planned: &[Session], rng: &mut Rng) -> Vec<Session> {
    let busy = planned.iter().any(|s| s.day == day && !s.running());
    match day.weekday() {
        Weekday::Fri if !busy => vec![Session::ride(
            day,
            1080 + rng.int(0, 30),
            "Endurance ride",
            vec![go(60.0 + 10.0 * rng.unit(), 0.68)],
        )],
        Weekday::Mon if day.iso_week().week().is_multiple_of(2) => {
            vec![indoor(day, 750, Sport::Swimming, 45.0)]
        }
        Weekday::Mon => vec![indoor(day, 1110, Sport::Strength, 40.0)],
        _ => Vec::new(),
    }
}

/// The half marathon: the Sunday about ten weeks after `today`, a target a
/// little faster than the current threshold predicts, the level measured on
/// the weeks before the plan.
fn goal(today: NaiveDate, start: NaiveDate, history: &[ParsedActivity], eras: &[Era; 4]) -> Goal {
    let ten_weeks = today + Days::new(70);
    let race = ten_weeks + Days::new(u64::from(6 - ten_weeks.weekday().num_days_from_monday()));
    let runs: Vec<(NaiveDate, f64)> = history
        .iter()
        .filter(|a| a.sport == Sport::Running)
        .map(|a| {
            (
                local_day(a),
                a.computed_totals().distance_m.unwrap_or(0.0) / 1000.0,
            )
        })
        .collect();
    let within = |days: u64| {
        let from = start - Days::new(days);
        runs.iter().filter(move |(d, _)| *d >= from && *d < start)
    };
    let weekly_km = within(28).map(|(_, km)| km).sum::<f64>() / 4.0;
    let longest = within(42).map(|(_, km)| *km).fold(0.0, f64::max);
    let era = era_on(eras, today);
    let target = crate::metrics::vdot_for_threshold_speed(era.threshold_mps())
        .and_then(|v| tempo_metrics::running::predict_time_vdot(21_097.5, v).ok())
        // 2 % faster than today's form predicts, to the half minute: an
        // ambitious but realistic target after ten more weeks.
        .map(|t| ((t * 0.98 / 30.0).round() * 30.0) as u32);
    Goal {
        kind: GoalKind::HalfMarathon,
        start,
        race_date: Some(race),
        weeks: None,
        target_time_s: target,
        level: Level {
            source: LevelSource::Activities,
            weekly_km: crate::metrics::round(weekly_km, 1),
            longest_run_km: crate::metrics::round(longest, 1),
            // The plan derives it from the threshold pace in force.
            vdot: None,
            // The persona ran for years before these 26 weeks.
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
            min_rest_days: 1,
        },
    }
}

// ---------------------------------------------------------------------------
// Streams

/// Metres per degree of latitude on the mean-radius sphere.
const M_PER_DEG: f64 = 111_195.0;

/// A closed route, walked by distance: points every few metres with their
/// cumulative distance, so a position is found by arc length.
#[derive(Debug)]
struct Route {
    origin: (f64, f64),
    /// (east m, north m, altitude m) per vertex; the last joins the first.
    points: Vec<(f64, f64, f64)>,
    cumulative: Vec<f64>,
    length: f64,
}

impl Route {
    fn of(place: Place) -> Route {
        // (origin offset east/north m, semi-axes m, wobble, base altitude, climb, rolling)
        let (east, north, a, b, base, climb, rolling) = match place {
            Place::Park | Place::Indoors => (0.0, 0.0, 520.0, 300.0, 170.0, 12.0, 1.5),
            Place::Rivers => (-900.0, -1800.0, 1500.0, 1000.0, 163.0, 0.0, 3.0),
            Place::Hill => (-2100.0, -600.0, 390.0, 240.0, 172.0, 75.0, 0.0),
            Place::Countryside => (-4000.0, 1000.0, 6000.0, 3800.0, 260.0, 190.0, 35.0),
        };
        let n = 720;
        let mut points = Vec::with_capacity(n);
        for i in 0..n {
            let th = 2.0 * PI * i as f64 / n as f64;
            // The wobble keeps the loop from looking drawn with a compass.
            let wobble = 1.0 + 0.06 * (3.0 * th).sin() + 0.03 * (7.0 * th + 1.0).cos();
            let x = east + a * wobble * th.sin();
            let y = north + b * wobble * (1.0 - th.cos());
            // Up one long side, down the other: the slope is steepest where
            // the loop runs along its long axis, so it stays runnable.
            let alt = base + climb * 0.5 * (1.0 + th.sin()) + rolling * (4.0 * th).sin();
            points.push((x, y, alt));
        }
        let mut cumulative = Vec::with_capacity(n + 1);
        let mut total = 0.0;
        cumulative.push(0.0);
        for i in 0..n {
            let (x0, y0, _) = points[i];
            let (x1, y1, _) = points[(i + 1) % n];
            total += (x1 - x0).hypot(y1 - y0);
            cumulative.push(total);
        }
        Route {
            origin: HOME,
            points,
            cumulative,
            length: total,
        }
    }

    /// East, north (m) and altitude at `d` metres along the route.
    fn at(&self, d: f64) -> (f64, f64, f64) {
        let d = d.rem_euclid(self.length);
        let i = self
            .cumulative
            .partition_point(|&c| c <= d)
            .saturating_sub(1);
        let i = i.min(self.points.len() - 1);
        let seg = self.cumulative[i + 1] - self.cumulative[i];
        let w = if seg > 0.0 {
            (d - self.cumulative[i]) / seg
        } else {
            0.0
        };
        let (x0, y0, a0) = self.points[i];
        let (x1, y1, a1) = self.points[(i + 1) % self.points.len()];
        (x0 + (x1 - x0) * w, y0 + (y1 - y0) * w, a0 + (a1 - a0) * w)
    }

    fn grade(&self, d: f64) -> f64 {
        (self.at(d + 10.0).2 - self.at(d - 10.0).2) / 20.0
    }

    fn lat_lon(&self, east: f64, north: f64) -> (f64, f64) {
        let lat = self.origin.0 + north / M_PER_DEG;
        let lon = self.origin.1 + east / (M_PER_DEG * self.origin.0.to_radians().cos());
        (lat, lon)
    }
}

/// Columns being filled, one sample at a time.
#[derive(Debug, Default)]
struct Columns {
    time: Vec<u32>,
    values: BTreeMap<Channel, Vec<f64>>,
}

impl Columns {
    fn push(&mut self, t: u32, values: &[(Channel, f64)]) {
        self.time.push(t);
        for (c, v) in values {
            self.values.entry(*c).or_default().push(*v);
        }
    }

    fn finish(self) -> Streams {
        Streams::from_columns(self.time, self.values).unwrap_or_default()
    }
}

/// Heart rate following its steady state with a lag: faster up than down
/// (about 25 s and 45 s), as measured in step tests.
#[derive(Debug)]
struct Heart {
    bpm: f64,
    rest: f64,
    max: f64,
}

impl Heart {
    fn step(&mut self, target: f64) -> f64 {
        let tau = if target > self.bpm { 25.0 } else { 45.0 };
        self.bpm = (self.bpm + (target - self.bpm) / tau).clamp(self.rest, self.max - 1.0);
        self.bpm
    }

    /// While the watch is paused the heart recovers, unrecorded.
    fn pause(&mut self, secs: f64) {
        let floor = self.rest + 30.0;
        if self.bpm > floor {
            self.bpm = floor + (self.bpm - floor) * (-secs / 60.0).exp();
        }
    }
}

fn synthesize(s: &Session, eras: &[Era; 4], rng: &mut Rng) -> ParsedActivity {
    let era = era_on(eras, s.fitness_day);
    // Day-to-day form: a few percent of pace and a few beats.
    let form = 1.0 + 0.015 * rng.normal();
    let hr_offset = 2.0 * rng.normal();
    let (streams, lap_starts) = match s.sport {
        Sport::Running => run_streams(s, &era, form, hr_offset, rng),
        Sport::Cycling => ride_streams(s, &era, form, hr_offset, rng),
        _ => indoor_streams(s, &era, hr_offset, rng),
    };
    let mut totals = Totals::from_streams(&streams, s.sport);
    totals.calories_kcal = Some(calories(s, &era, &totals, &streams).round());
    if s.sport == Sport::Swimming {
        // The watch counts the lengths: 10 × 200 m and about 500 m of
        // warm-up and cool-down.
        totals.distance_m = Some(2500.0);
    }
    let time = streams.time_s();
    let laps: Vec<Lap> = lap_starts
        .iter()
        .enumerate()
        .map(|(i, &from)| {
            let to = lap_starts
                .get(i + 1)
                .copied()
                .unwrap_or_else(|| time.last().map_or(from, |t| t + 1));
            let mut lap = Totals::from_streams(&streams.window(from, to), s.sport);
            lap.elapsed_s = Some(f64::from(to - from));
            lap.calories_kcal = totals
                .calories_kcal
                .zip(totals.timer_s.filter(|t| *t > 0.0))
                .zip(lap.timer_s)
                .map(|((kcal, all), part)| (kcal * part / all).round());
            Lap {
                start_offset_s: f64::from(from),
                totals: lap,
            }
        })
        .collect();
    let local = s
        .day
        .and_hms_opt(s.at_min / 60, s.at_min % 60, 0)
        .unwrap_or_default();
    let offset_s = paris_offset_s(s.day);
    let start = Utc.from_utc_datetime(&local) - chrono::Duration::seconds(i64::from(offset_s));
    ParsedActivity {
        sport: s.sport,
        sub_sport: s.sub_sport,
        name: Some(s.name.clone()),
        start,
        utc_offset_s: Some(offset_s),
        device: Device {
            manufacturer: Some("tempo".into()),
            product: Some("demo".into()),
        },
        device_totals: Some(totals),
        laps,
        lengths: Vec::new(),
        pool_length_m: (s.sport == Sport::Swimming).then_some(25.0),
        streams,
    }
}

/// Positions with a little GPS wander (a random walk pulled back to the
/// route, about a metre), so the track does not look drawn by a plotter.
#[derive(Debug, Default)]
struct Gps {
    east: f64,
    north: f64,
}

impl Gps {
    fn step(&mut self, rng: &mut Rng) -> (f64, f64) {
        self.east = 0.9 * self.east + 0.45 * rng.normal();
        self.north = 0.9 * self.north + 0.45 * rng.normal();
        (self.east, self.north)
    }
}

/// Where a moving segment ends (a time, a distance) and its effort; None for
/// a pause, which lets the heart recover unrecorded.
fn seg_limits(seg: &Seg, t: u32, d: f64, heart: &mut Heart) -> Option<(f64, u32, f64)> {
    match *seg {
        Seg::Stop { secs } => {
            heart.pause(secs);
            None
        }
        Seg::Time { secs, effort } => Some((effort, t + secs.round() as u32, f64::INFINITY)),
        // Covered whatever the time; four hours bounds a wrong effort.
        Seg::Dist { metres, effort } => Some((effort, t + 4 * 3600, d + metres)),
    }
}

/// The heart rate an effort settles at: from resting HR to LTHR as the
/// effort goes to threshold, then only slowly higher (past threshold, heart
/// rate is close to its ceiling: a 10 km race is run at about 102 % of LTHR).
fn steady_hr(rest: f64, lthr: f64, effort: f64) -> f64 {
    if effort <= 1.0 {
        rest + (lthr - rest) * effort.max(0.3).powf(1.2)
    } else {
        lthr + (lthr - rest) * 0.6 * (effort - 1.0)
    }
}

/// A run: speed is the effort's flat speed, slowed on climbs less than the
/// slope asks (runners push harder uphill, so heart rate rises there), with
/// cardiac drift on long efforts. Returns the streams and the lap starts.
fn run_streams(
    s: &Session,
    era: &Era,
    form: f64,
    hr_offset: f64,
    rng: &mut Rng,
) -> (Streams, Vec<u32>) {
    let route = Route::of(s.place);
    let v_t = era.threshold_mps() * form;
    let mut heart = Heart {
        bpm: era.resting_hr + 25.0,
        rest: era.resting_hr,
        max: era.max_hr,
    };
    let mut gps = Gps::default();
    let mut cols = Columns::default();
    let mut laps = Vec::new();
    let (mut t, mut d, mut moving) = (0u32, 0.0f64, 0.0f64);
    let mut next_km = 1000.0;
    for seg in &s.segs {
        let Some((effort, until_t, until_d)) = seg_limits(seg, t, d, &mut heart) else {
            t += seg.secs(1.0).round() as u32;
            continue;
        };
        if !s.auto_lap || laps.is_empty() {
            laps.push(t);
        }
        while t < until_t && d < until_d {
            let grade = route.grade(d);
            // Metabolic cost rises about 3.5 % per percent of climb and falls
            // less downhill (Minetti et al. 2002, linearised).
            let cost = if grade > 0.0 {
                1.0 + 3.5 * grade
            } else {
                1.0 + 1.8 * grade
            }
            .max(0.75);
            let flat = effort * v_t * (1.0 + 0.02 * rng.normal());
            let v = flat / cost.powf(0.7);
            let felt = v * cost / era.threshold_mps();
            let drift = 0.05 * (moving / 60.0 - 10.0).max(0.0) * felt;
            let steady = steady_hr(era.resting_hr, era.lthr, felt) + drift + hr_offset;
            let hr = heart.step(steady) + 0.7 * rng.normal();
            let (x, y, alt) = route.at(d);
            let (ex, ey) = gps.step(rng);
            let (lat, lon) = route.lat_lon(x + ex, y + ey);
            let cadence = 131.0 + 12.0 * v + 1.5 * rng.normal();
            // At the resolution devices record (and storage keeps), so what is
            // stored is what was generated.
            cols.push(
                t,
                &[
                    (Channel::Latitude, (lat * 1e7).round() / 1e7),
                    (Channel::Longitude, (lon * 1e7).round() / 1e7),
                    (Channel::Altitude, (alt * 10.0).round() / 10.0),
                    (Channel::Distance, (d * 100.0).round() / 100.0),
                    (Channel::Speed, (v * 1000.0).round() / 1000.0),
                    (Channel::HeartRate, hr.round()),
                    (Channel::Cadence, cadence.round()),
                ],
            );
            d += v;
            t += 1;
            moving += 1.0;
            if s.auto_lap && d >= next_km {
                laps.push(t);
                next_km += 1000.0;
            }
        }
    }
    (cols.finish(), laps)
}

/// Air density (kg/m³), drag area (m²), rolling resistance, rider and bike
/// (kg): a rider on the hoods of a road bike.
const RHO: f64 = 1.2;
const CDA: f64 = 0.32;
const CRR: f64 = 0.005;
const MASS: f64 = 70.0;

/// The speed at which `watts` balance drag, rolling and climbing on `grade`
/// (the road-load equation), by bisection: the power is increasing in speed.
fn bike_speed(watts: f64, grade: f64) -> f64 {
    let need = |v: f64| v * (0.5 * RHO * CDA * v * v + MASS * 9.81 * (CRR + grade));
    let (mut lo, mut hi) = (0.0, 25.0);
    for _ in 0..40 {
        let mid = 0.5 * (lo + hi);
        if need(mid) < watts {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo
}

/// A ride: power around the effort's fraction of FTP (more on climbs,
/// coasting on descents), speed from power, cadence that drops uphill, heart
/// rate following the power averaged over half a minute.
fn ride_streams(
    s: &Session,
    era: &Era,
    form: f64,
    hr_offset: f64,
    rng: &mut Rng,
) -> (Streams, Vec<u32>) {
    let route = Route::of(s.place);
    let lthr = era.lthr - 8.0;
    let mut heart = Heart {
        bpm: era.resting_hr + 20.0,
        rest: era.resting_hr,
        max: era.max_hr,
    };
    let mut gps = Gps::default();
    let mut cols = Columns::default();
    let mut laps = Vec::new();
    let (mut t, mut d, mut moving) = (0u32, 0.0f64, 0.0f64);
    let (mut v, mut felt) = (4.0f64, 0.5f64);
    for seg in &s.segs {
        let Some((effort, until_t, until_d)) = seg_limits(seg, t, d, &mut heart) else {
            t += seg.secs(1.0).round() as u32;
            continue;
        };
        laps.push(t);
        while t < until_t && d < until_d {
            let grade = route.grade(d);
            // Coasting down the descents, except when racing the clock.
            let coasting = effort < 0.85 && grade < -0.03 && rng.unit() < 0.75;
            let watts = if coasting {
                0.0
            } else {
                let push = (1.0 + 2.5 * grade).clamp(0.75, 1.35);
                (effort * era.ftp_w * form * push * (1.0 + 0.08 * rng.normal())).max(0.0)
            };
            // Inertia: speed moves a quarter of the way to the balance speed.
            v += (bike_speed(watts, grade).max(2.5) - v) * 0.25;
            felt += (watts / era.ftp_w - felt) / 30.0;
            let drift = 0.04 * (moving / 60.0 - 15.0).max(0.0) * felt;
            let steady = steady_hr(era.resting_hr, lthr, felt) + drift + hr_offset;
            let hr = heart.step(steady) + 0.7 * rng.normal();
            let cadence = if watts > 0.0 {
                (90.0 - 120.0 * grade.max(0.0) + 2.5 * rng.normal()).max(55.0)
            } else {
                0.0
            };
            let (x, y, alt) = route.at(d);
            let (ex, ey) = gps.step(rng);
            let (lat, lon) = route.lat_lon(x + ex, y + ey);
            cols.push(
                t,
                &[
                    (Channel::Latitude, (lat * 1e7).round() / 1e7),
                    (Channel::Longitude, (lon * 1e7).round() / 1e7),
                    (Channel::Altitude, (alt * 10.0).round() / 10.0),
                    (Channel::Distance, (d * 100.0).round() / 100.0),
                    (Channel::Speed, (v * 1000.0).round() / 1000.0),
                    (Channel::HeartRate, hr.round()),
                    (Channel::Cadence, cadence.round()),
                    (Channel::Power, watts.round()),
                ],
            );
            d += v;
            t += 1;
            moving += 1.0;
        }
    }
    (cols.finish(), laps)
}

/// A swim or a strength session: heart rate only, the effort a fraction of
/// the way from resting HR to LTHR.
fn indoor_streams(s: &Session, era: &Era, hr_offset: f64, rng: &mut Rng) -> (Streams, Vec<u32>) {
    let mut heart = Heart {
        bpm: era.resting_hr + 20.0,
        rest: era.resting_hr,
        max: era.max_hr,
    };
    let mut cols = Columns::default();
    let mut t = 0u32;
    for seg in &s.segs {
        // Between sets the watch keeps recording: a stop is rest, not a pause.
        let effort = match *seg {
            Seg::Time { effort, .. } | Seg::Dist { effort, .. } => effort,
            Seg::Stop { .. } => 0.2,
        };
        for _ in 0..seg.secs(1.0).round() as u32 {
            let steady = era.resting_hr + (era.lthr - era.resting_hr) * effort + hr_offset;
            let hr = heart.step(steady) + 0.8 * rng.normal();
            cols.push(t, &[(Channel::HeartRate, hr.round())]);
            t += 1;
        }
    }
    (cols.finish(), vec![0])
}

/// Energy as a watch estimates it: about 1 kcal per kg and km running, the
/// mechanical work in kJ riding (≈ kcal at a 24 % efficiency), by the minute
/// otherwise.
fn calories(s: &Session, era: &Era, totals: &Totals, streams: &Streams) -> f64 {
    let minutes = totals.timer_s.unwrap_or(0.0) / 60.0;
    match s.sport {
        Sport::Running => era.weight_kg * totals.distance_m.unwrap_or(0.0) / 1000.0,
        Sport::Cycling => {
            streams
                .column(Channel::Power)
                .map_or(0.0, |p| p.iter().filter(|w| w.is_finite()).sum::<f64>())
                / 1000.0
        }
        Sport::Swimming => 8.5 * minutes,
        _ => 6.0 * minutes,
    }
}

// ---------------------------------------------------------------------------
// Calendar helpers

fn monday_of(d: NaiveDate) -> NaiveDate {
    d - Days::new(u64::from(d.weekday().num_days_from_monday()))
}

/// Central European time: UTC+2 from the last Sunday of March to the last
/// Sunday of October, UTC+1 otherwise (the EU rule; the switch hour does not
/// matter for activities that start after 6 am).
fn paris_offset_s(day: NaiveDate) -> i32 {
    let last_sunday = |month: u32| {
        let first_next = NaiveDate::from_ymd_opt(day.year(), month + 1, 1).unwrap_or(day);
        let last = first_next - Days::new(1);
        last - Days::new(u64::from(last.weekday().num_days_from_sunday()))
    };
    if day >= last_sunday(3) && day < last_sunday(10) {
        7200
    } else {
        3600
    }
}

fn offset(a: &ParsedActivity) -> chrono::Duration {
    chrono::Duration::seconds(i64::from(a.utc_offset_s.unwrap_or(0)))
}

fn local_day(a: &ParsedActivity) -> NaiveDate {
    (a.start + offset(a)).date_naive()
}

/// SplitMix64 (Steele, Lea & Flood 2014): tiny, fast, and fixed here so the
/// demo does not change with a dependency's version.
#[derive(Debug)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform integer in [lo, hi).
    fn int(&mut self, lo: u32, hi: u32) -> u32 {
        lo + (self.unit() * f64::from(hi - lo)) as u32
    }

    /// About standard normal: the sum of four uniforms, rescaled (no
    /// transcendental functions, so the same on every platform).
    fn normal(&mut self) -> f64 {
        let sum: f64 = (0..4).map(|_| self.unit()).sum();
        (sum - 2.0) * 3f64.sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn summer_time_follows_the_eu_rule() {
        assert_eq!(paris_offset_s(day(2026, 3, 28)), 3600);
        assert_eq!(paris_offset_s(day(2026, 3, 29)), 7200);
        assert_eq!(paris_offset_s(day(2026, 10, 24)), 7200);
        assert_eq!(paris_offset_s(day(2026, 10, 25)), 3600);
    }

    #[test]
    fn routes_close_and_are_walked_by_distance() {
        for place in [Place::Park, Place::Rivers, Place::Hill, Place::Countryside] {
            let r = Route::of(place);
            let (x0, y0, a0) = r.at(0.0);
            let (x1, y1, a1) = r.at(r.length);
            assert!((x0 - x1).abs() < 1e-6 && (y0 - y1).abs() < 1e-6 && (a0 - a1).abs() < 1e-6);
            // Consecutive metres are a metre apart.
            let (xa, ya, _) = r.at(100.0);
            let (xb, yb, _) = r.at(101.0);
            assert!(((xb - xa).hypot(yb - ya) - 1.0).abs() < 0.01, "{place:?}");
        }
        let hill = Route::of(Place::Hill);
        let steepest = (0..200)
            .map(|i| hill.grade(hill.length * f64::from(i) / 200.0))
            .fold(0.0, f64::max);
        assert!((0.05..0.15).contains(&steepest), "{steepest}");
    }

    #[test]
    fn bike_speed_balances_the_power() {
        // About 200 W on the flat is 9–10 m/s for a rider on the hoods.
        let v = bike_speed(200.0, 0.0);
        assert!((8.5..10.5).contains(&v), "{v}");
        let climbing = bike_speed(200.0, 0.06);
        assert!((3.5..5.0).contains(&climbing), "{climbing}");
        assert_eq!(bike_speed(0.0, 0.02), 0.0);
    }

    /// Demo activities have no file: an export writes them as TCX, which
    /// must import as the same activity (to the format's precision).
    #[test]
    fn demo_activities_export_to_tcx_and_back() {
        let eras = eras(day(2026, 5, 25));
        let mut rng = Rng(SEED);
        let sunday = day(2026, 6, 7);
        let mut segs = long_run(50.0, true);
        segs.insert(1, Seg::Stop { secs: 90.0 });
        let sessions = [
            Session::run(sunday, 540, "Long run", Place::Rivers, segs),
            Session::ride(
                sunday,
                1000,
                "Long ride",
                vec![
                    go(40.0, 0.65),
                    Seg::Stop { secs: 600.0 },
                    go(3.0, 1.3),
                    go(30.0, 0.64),
                ],
            ),
        ];
        for s in &sessions {
            let a = synthesize(s, &eras, &mut rng);
            let mut file = Vec::new();
            tempo_import::tcx::write(
                &mut file,
                &tempo_import::tcx::TcxActivity {
                    sport: a.sport,
                    start: a.start,
                    name: a.name.as_deref(),
                    device: a.device.product.as_deref(),
                    laps: &a.laps,
                    streams: &a.streams,
                },
            )
            .expect("write");
            let back = tempo_import::parse(&file)
                .expect("parse")
                .activities
                .remove(0);
            assert_eq!((back.start, back.sport), (a.start, a.sport));
            assert_eq!(back.name, a.name);
            assert_eq!(back.streams.time_s(), a.streams.time_s());
            assert_eq!(back.laps.len(), a.laps.len());
            for (c, want) in a.streams.columns() {
                let got = back.streams.column(c).expect("channel");
                // Running cadence travels in strides: an odd step count is
                // one off. Everything else is at the resolution generated.
                let tol = if c == Channel::Cadence && a.sport == Sport::Running {
                    1.0
                } else {
                    1e-6
                };
                for (w, g) in want.iter().zip(got) {
                    assert!((w - g).abs() <= tol, "{}: {w} vs {g}", c.key());
                }
            }
        }
    }

    #[test]
    fn the_generator_is_fixed() {
        let (mut a, mut b) = (Rng(1), Rng(1));
        let xs: Vec<u64> = (0..5).map(|_| a.next()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next()).collect();
        assert_eq!(xs, ys);
        let mut r = Rng(SEED);
        let mean = (0..10_000).map(|_| r.normal()).sum::<f64>() / 10_000.0;
        assert!(mean.abs() < 0.05, "{mean}");
    }
}
