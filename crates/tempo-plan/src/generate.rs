//! The plan generator.
//!
//! Deterministic: the same goal, thresholds and day give the same plan. It
//! follows the knowledge-base page `plan-generation-rules` and lists, week
//! by week, the rules that shaped the week with how they applied:
//!
//! - **rule-1** phases sized to the weeks available ([`goal::phases`]:
//!   taper by distance first, a 1–3 week peak, build, and base shortened
//!   first in short plans; Bompa & Haff 2009, Issurin 2010, Daniels 2014);
//! - **rule-2** volume: at most +10 % (+7 % for beginners and after an
//!   injury) and +8 km a week over the last non-recovery week, back to the
//!   previous level after a recovery week ([`goal::progression`]; Buist et
//!   al. 2008, Nielsen et al. 2014, Gabbett 2016), up to a peak per distance
//!   and level ([`goal::Profile::peak_km`]) and to what the time available
//!   can hold;
//! - **rule-3** a recovery week at 75 % every 4th week (3rd for beginners
//!   and after an injury; Bompa & Haff 2009, Meeusen et al. 2013);
//! - **rule-4** at least 80 % of running time easy (75 % for the threshold
//!   style; Seiler 2010, Esteve-Lanao et al. 2007);
//! - **rule-5** 1–2 quality sessions (up to 3 for experienced runners with
//!   six runs), never on consecutive days, sized by Daniels' (2014) limits;
//! - **rule-6** the long run ≤ 30 % of the week, ≤ max_long_run_min and
//!   ≤ 150 min (180 for the marathon and ultras);
//! - **rule-7** taper by distance, volume falling progressively to 40–60 %
//!   of peak with intensity kept (Mujika & Padilla 2003, Bosquet et al.
//!   2007, Smyth & Lawlor 2021, Pfitzinger & Douglas 2009);
//! - **rule-8** paces from the current VDOT (Daniels & Gilbert 1979,
//!   Daniels 2014), or heart rate / effort without one;
//! - **rule-9** at least max(1, min_rest_days) rest days, 2 for beginners.

mod paces;
mod week;
mod workouts;

use chrono::{Datelike, Duration, NaiveDate};

use crate::goal::{self, monday_of};
use crate::{Goal, GoalKind, Phase, Plan, PlanError, PlanWeek, RuleRef, Thresholds};
use paces::{Mode, Paces, fmt_pace};
use week::{Ctx, Spec, day_abbr};

/// Rule 7: volume of each taper week as a fraction of the peak, by taper
/// length. One week (5–10 km): 60 %. Two (half): 75 %, 50 %. Three
/// (marathon): 80 %, 60 %, 40 % — the "75–80 %, 60 %, 40 %" of Pfitzinger
/// & Douglas (2009) and the 41–60 % cut of Bosquet et al. (2007) by race
/// week. Race-week volume excludes the race.
const TAPER_FRACTIONS: [&[f64]; 3] = [&[0.6], &[0.75, 0.5], &[0.8, 0.6, 0.4]];

/// Rule 6 / knowledge page `long-runs`: the long run grows by at most 2 km
/// a week ("10–15 minutes or 1–3 km every week or two").
const LONG_STEP_KM: f64 = 2.0;

/// Builds the plan for a checked goal. Deterministic: the same goal and
/// thresholds give the same plan.
///
/// Calls [`goal::check`] first (with the VDOT derived from the threshold
/// pace when the level has none) and puts its warnings in the plan. Weeks
/// run Monday to Sunday from the week containing `goal.start` (no workout
/// before it) to the race week (the race on `race_date`) or for `weeks`
/// weeks. A week's `target_km` is the sum of its workouts' distances, the
/// race excluded (rule 7's taper fractions are of the training around it);
/// `long_run_km` is 0 without a long run (race week).
pub fn generate(goal: &Goal, thresholds: &Thresholds, today: NaiveDate) -> Result<Plan, PlanError> {
    let p = Paces::new(goal, thresholds);
    let vdot = p.known.then_some(p.vdot);
    let warnings = goal::check_with_vdot(goal, today, vdot)?;
    let n =
        goal::plan_weeks(goal).ok_or_else(|| PlanError::invalid("race_date", "no plan length"))?;
    let phases = goal::phases(goal.kind, n);
    let prog = goal::progression(goal);
    let recovery = goal::recovery_weeks(&phases, prog.recovery_every);
    let prof = goal::profile(goal.kind);
    let taper_len = phases.iter().filter(|p| **p == Phase::Taper).count();

    let mut days = goal.availability.days.clone();
    days.sort_by_key(|d| d.num_days_from_monday());
    days.dedup();
    let beginner = goal::is_beginner(goal);
    let rest_days = goal
        .constraints
        .min_rest_days
        .max(1)
        .max(if beginner { 2 } else { 1 });
    let mut ctx = Ctx {
        p,
        kind: goal.kind,
        start: goal.start,
        max_runs: (days.len() as u32).min(7 - rest_days),
        days,
        long_day: goal.availability.long_run_day,
        rest_days,
        session_cap_s: f64::from(goal.availability.max_session_min) * 60.0,
        long_cap_min: f64::from(goal.availability.max_long_run_min).min(prof.long_rule_cap_min),
        long_target_km: prof
            .long_target_km
            .min(prof.long_target_min * 60.0 * p.easy_mps() / 1000.0),
        beginner,
        experienced: goal::is_experienced(goal),
        style: goal.preferences.intensity,
        session_max_km: 0.0,
        long_max_km: 0.0,
    };
    ctx.calibrate();
    let capacity = ctx.capacity_km();
    let desired = goal::desired_peak_km(goal).min(capacity);
    let start_km = goal::start_km(goal).min(capacity);

    let first_monday = monday_of(goal.start);
    let partial_first = goal.start != first_monday;
    // Progression state: the last non-recovery week's volume and long run.
    let mut level = start_km;
    // Peak volume and long run: of the full loading weeks as built (the
    // taper is a fraction of what was run, not of what was planned).
    let mut peak = 0.0f64;
    let mut long_ref = if goal.level.longest_run_km > 0.0 {
        goal.level.longest_run_km
    } else {
        0.3 * start_km
    };
    let mut long_peak = 0.0f64;
    let mut after_recovery = false;
    let mut blocked_monday = false;
    let mut phase_week = 0u32;
    let mut weeks = Vec::with_capacity(n as usize);

    for i in 0..n as usize {
        let monday = first_monday + Duration::weeks(i as i64);
        let phase = phases[i];
        if i > 0 && phases[i - 1] != phase {
            phase_week = 0;
        }
        let phase_len = phases.iter().filter(|p| **p == phase).count();
        let rec = recovery[i];
        let race = (i + 1 == n as usize).then_some(goal.race_date).flatten();
        let race = race.filter(|_| goal.kind != GoalKind::BaseBuilding);
        let peak_now = if peak > 0.0 { peak } else { level };
        let taper_pos = (phase == Phase::Taper).then_some(phase_week as usize);

        let mut notes: Vec<RuleRef> = Vec::new();
        let note = |notes: &mut Vec<RuleRef>, rule: &str, text: String| {
            notes.push(RuleRef {
                rule: rule.into(),
                note: text,
            })
        };
        let layout = if i == 0 {
            format!(" ({})", layout_text(&phases))
        } else {
            String::new()
        };
        note(
            &mut notes,
            "rule-1",
            format!(
                "{} phase, week {} of {}{layout}",
                phase_name(phase),
                phase_week + 1,
                phase_len
            ),
        );

        // Rule 2, 3, 7: the volume of the week.
        let (km, long_limit) = if let Some(t) = taper_pos {
            let frac = TAPER_FRACTIONS[taper_len - 1][t];
            let days_before =
                race.map_or(1.0, |r| f64::from(r.weekday().num_days_from_monday()) / 6.0);
            let long_km = if long_peak > 0.0 { long_peak } else { long_ref };
            (frac * peak_now * days_before, frac * long_km)
        } else if rec {
            (
                prog.recovery_fraction * level,
                prog.recovery_fraction * long_ref,
            )
        } else if i == 0 {
            (start_km, long_ref)
        } else if after_recovery || level >= desired {
            (level, long_ref + LONG_STEP_KM)
        } else {
            let inc = (level * prog.max_increase).min(prog.max_increase_km);
            ((level + inc).min(desired), long_ref + LONG_STEP_KM)
        };

        // Rule 4: shrink the quality work until the easy share holds.
        let mut scale = 1.0;
        let built = loop {
            let spec = Spec {
                monday,
                phase,
                recovery: rec,
                phase_week,
                km,
                runs_km: if taper_pos.is_some() {
                    0.8 * peak_now
                } else if rec {
                    level
                } else {
                    km
                },
                long_limit_km: long_limit,
                race,
                blocked_monday,
                race_next_monday: goal.race_date.filter(|r| {
                    i + 2 == n as usize
                        && goal.kind != GoalKind::BaseBuilding
                        && r.weekday() == chrono::Weekday::Mon
                }),
                scale,
            };
            let w = week::build(&ctx, &spec);
            if w.easy_share + 1e-9 >= ctx.easy_share_min() || scale < 0.3 {
                break w;
            }
            scale *= 0.85;
        };

        if let Some(t) = taper_pos {
            let frac = TAPER_FRACTIONS[taper_len - 1][t];
            let text = if race.is_some() {
                format!(
                    "race week, taper week {} of {taper_len}: {:.0} % of peak ({peak_now:.1} km) before \
                     the race, intensity kept",
                    t + 1,
                    frac * 100.0
                )
            } else {
                format!(
                    "taper week {} of {taper_len}: {:.0} % of peak ({peak_now:.1} km), intensity kept",
                    t + 1,
                    frac * 100.0
                )
            };
            note(&mut notes, "rule-7", text);
        } else if rec {
            note(
                &mut notes,
                "rule-3",
                format!(
                    "recovery week: {:.0} % of last week ({level:.1} → {:.1} km), long run shortened",
                    prog.recovery_fraction * 100.0,
                    built.km
                ),
            );
        } else {
            let cap_text = format!(
                "limit +{:.0} % and +{:.0} km",
                prog.max_increase * 100.0,
                prog.max_increase_km
            );
            let text = if i == 0 {
                let capped = if start_km + 1e-9 < goal::start_km(goal) {
                    " (capped by the time available)"
                } else {
                    ""
                };
                let partial = if partial_first {
                    ", partial first week"
                } else {
                    ""
                };
                format!("start at the current volume, {start_km:.1} km{capped}{partial}")
            } else if after_recovery {
                format!(
                    "back to {:.1} km, the level before the recovery week",
                    built.km
                )
            } else if built.km <= level + 0.05 {
                format!(
                    "volume held at {:.1} km (peak target {desired:.1} km)",
                    built.km
                )
            } else {
                format!(
                    "volume {level:.1} → {:.1} km (+{:.1} %, {cap_text})",
                    built.km,
                    (built.km / level - 1.0) * 100.0
                )
            };
            note(&mut notes, "rule-2", text);
            if i == 0 {
                note(
                    &mut notes,
                    "rule-3",
                    format!(
                        "a recovery week at {:.0} % every {} weeks",
                        prog.recovery_fraction * 100.0,
                        prog.recovery_every
                    ),
                );
            }
        }
        note(
            &mut notes,
            "rule-4",
            format!(
                "easy running {:.0} % of running time (target ≥ {:.0} %)",
                built.easy_share * 100.0,
                ctx.easy_share_min() * 100.0
            ),
        );
        note(&mut notes, "rule-5", quality_text(&built));
        note(
            &mut notes,
            "rule-6",
            long_text(&ctx, &built, race.is_some()),
        );
        note(&mut notes, "rule-8", pace_text(&ctx.p));
        let rest: Vec<&str> = built.rest_dates.iter().map(|d| day_abbr(*d)).collect();
        note(
            &mut notes,
            "rule-9",
            format!(
                "rest days: {} (at least {})",
                rest.join(", "),
                ctx.rest_days
            ),
        );

        if taper_pos.is_none() && !rec {
            level = if i == 0 && partial_first {
                km
            } else {
                built.km
            };
            if !(i == 0 && partial_first) {
                peak = peak.max(built.km);
            }
            if built.long_km > 0.0 && !(i == 0 && partial_first) {
                long_ref = built.long_km;
                long_peak = long_peak.max(long_ref);
            } else if i == 0 {
                long_ref = long_ref.min(long_limit);
            }
        }
        after_recovery = rec;
        blocked_monday = built.sunday_quality;
        phase_week += 1;

        weeks.push(PlanWeek {
            index: i as u32,
            start: monday,
            phase,
            recovery: rec,
            target_km: round1(built.km),
            long_run_km: round1(built.long_km),
            rules: notes,
            workouts: built.workouts.into_iter().map(|b| b.workout).collect(),
        });
    }

    Ok(Plan {
        goal: goal.clone(),
        thresholds: *thresholds,
        vdot,
        weeks,
        warnings,
    })
}

fn round1(x: f64) -> f64 {
    // + 0.0 turns the −0.0 of an empty sum into 0.0.
    (x * 10.0).round() / 10.0 + 0.0
}

fn phase_name(p: Phase) -> &'static str {
    match p {
        Phase::Base => "base",
        Phase::Build => "build",
        Phase::Peak => "peak",
        Phase::Taper => "taper",
    }
}

/// "plan: 6 base, 5 build, 2 peak, 3 taper weeks".
fn layout_text(phases: &[Phase]) -> String {
    let parts: Vec<String> = [Phase::Base, Phase::Build, Phase::Peak, Phase::Taper]
        .iter()
        .filter_map(|ph| {
            let c = phases.iter().filter(|p| *p == ph).count();
            (c > 0).then(|| format!("{c} {}", phase_name(*ph)))
        })
        .collect();
    format!("plan: {} weeks", parts.join(", "))
}

fn quality_text(w: &week::Week) -> String {
    if w.quality.is_empty() {
        return "no quality session this week: easy running and strides".into();
    }
    let items: Vec<String> = w
        .quality
        .iter()
        .map(|q| {
            format!(
                "{} {} {:.1} km (limit {:.1} km)",
                day_abbr(q.date),
                q.q.name(),
                q.work_km,
                q.limit_km
            )
        })
        .collect();
    let n = w.quality.len();
    let s = if n == 1 { "" } else { "s" };
    format!(
        "{n} quality session{s}, never on consecutive days: {}",
        items.join(", ")
    )
}

fn long_text(ctx: &Ctx, w: &week::Week, race_week: bool) -> String {
    if race_week {
        return "no long run in race week".into();
    }
    if w.long_km <= 0.0 {
        return "no long run this week".into();
    }
    format!(
        "long run {:.1} km / {:.0} min: ≤ {:.0} % of the week ({:.1} km), ≤ {:.0} min",
        w.long_km,
        w.long_min,
        week::long_share(w.runs) * 100.0,
        w.long_share_km,
        ctx.long_cap_min
    )
}

fn pace_text(p: &Paces) -> String {
    let d = &p.daniels;
    match p.mode {
        Mode::Pace => format!(
            "paces from VDOT {:.1}: E {}–{}, M {}, T {}, I {}, R {}",
            p.vdot,
            fmt_pace(d.easy_slow_mps).trim_end_matches("/km"),
            fmt_pace(d.easy_fast_mps),
            fmt_pace(d.marathon_mps),
            fmt_pace(d.threshold_mps),
            fmt_pace(d.interval_mps),
            fmt_pace(d.repetition_mps)
        ),
        Mode::Lthr(l) => {
            format!("no VDOT: heart-rate targets from LTHR {l:.0} bpm (Friel's run zones)")
        }
        Mode::HrMax(m) => format!("no VDOT: heart-rate targets from HRmax {m:.0} bpm"),
        Mode::Effort => "no VDOT and no heart-rate threshold: targets by effort (RPE, CR10)".into(),
    }
}
