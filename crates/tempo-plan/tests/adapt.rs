//! Compliance and adjustment proposals on hand-made plans.

mod export_fixture;

use chrono::{Days, NaiveDate};
use export_fixture::*;
use tempo_plan::adapt::{compliance, propose};
use tempo_plan::{
    Completion, Compliance, DoneActivity, FormState, Phase, Plan, Step, StepDuration, Workout,
    WorkoutKind,
};

fn run(id: i64, date: NaiveDate, duration_s: f64, distance_m: f64) -> DoneActivity {
    DoneActivity {
        id,
        date,
        running: true,
        duration_s,
        distance_m,
        load: None,
    }
}

fn bike(id: i64, date: NaiveDate, duration_s: f64) -> DoneActivity {
    DoneActivity {
        running: false,
        ..run(id, date, duration_s, 20_000.0)
    }
}

/// Activities doing every workout before `until` exactly, except on `skip`.
fn done_as_planned(plan: &Plan, until: NaiveDate, skip: &[NaiveDate]) -> Vec<DoneActivity> {
    all_workouts(plan)
        .into_iter()
        .filter(|w| w.date < until && !skip.contains(&w.date))
        .enumerate()
        .map(|(i, w)| {
            run(
                i as i64 + 1,
                w.date,
                f64::from(w.est_duration_s),
                f64::from(w.est_distance_m),
            )
        })
        .collect()
}

fn form(today: NaiveDate, ctl: f64, ctl_14d_ago: f64, tsb: f64) -> FormState {
    FormState {
        today,
        ctl,
        ctl_14d_ago,
        tsb,
    }
}

/// Wednesday of week 3 (2024-03-18 to 03-24); the coming week is week 4.
fn today() -> NaiveDate {
    d(2024, 3, 20)
}

fn on_track(plan: &Plan) -> Vec<Compliance> {
    compliance(plan, &done_as_planned(plan, today(), &[]), today())
}

// ---------------------------------------------------------------- compliance

#[test]
fn statuses_by_date_and_duration() {
    let plan = half_plan();
    let w = all_workouts(&plan);
    // Week 1: Tue threshold 61 min, Thu easy 44 min, Sat intervals 55 min, Sun long 80 min.
    let done = vec![
        run(1, w[0].date, 61.0 * 60.0, 12_000.0), // 100 %: completed
        run(2, w[1].date, 44.0 * 60.0 * 0.5, 0.0), // 50 %: partial
        // w[2] nothing: missed
        run(3, w[3].date, 80.0 * 60.0 * 1.3, 0.0), // 130 %: partial (too long)
    ];
    let today = w[3].date; // Sunday of week 1: the long run is due today
    let c = compliance(&plan, &done, today);
    assert_eq!(c.len(), w.len());
    assert_eq!(c[0].status, Completion::Completed);
    assert_eq!(c[0].activity_id, Some(1));
    assert_eq!(c[0].duration_ratio, Some(1.0));
    assert_eq!(c[1].status, Completion::Partial);
    assert_eq!(c[1].duration_ratio, Some(0.5));
    assert_eq!(c[2].status, Completion::Missed);
    assert_eq!(c[2].activity_id, None);
    assert_eq!(c[3].status, Completion::Partial, "done today, 130 %");
    assert!(c[4..].iter().all(|x| x.status == Completion::Planned));
    for (x, w) in c.iter().zip(&w) {
        assert_eq!(x.date, w.date, "date order");
    }

    // Nothing done and due today: still planned.
    let c = compliance(&plan, &[], today);
    assert_eq!(c[3].status, Completion::Planned);
    assert_eq!(c[2].status, Completion::Missed);
}

#[test]
fn bounds_of_the_completed_range() {
    let plan = half_plan();
    let w = all_workouts(&plan)[0]; // 61 min
    let at = |ratio: f64| {
        let a = run(1, w.date, 3660.0 * ratio, 0.0);
        compliance(&plan, &[a], w.date)[0].status
    };
    assert_eq!(at(0.75), Completion::Completed);
    assert_eq!(at(1.25), Completion::Completed);
    assert_eq!(at(0.74), Completion::Partial);
    assert_eq!(at(1.26), Completion::Partial);
}

#[test]
fn sport_matters() {
    let plan = half_plan();
    let w = all_workouts(&plan);
    // A ride does not complete a run.
    let c = compliance(&plan, &[bike(1, w[0].date, 3660.0)], w[1].date);
    assert_eq!(c[0].status, Completion::Missed);

    // A cross-training session takes a ride, and prefers it to a run.
    let mut plan = half_plan();
    let day = plan.weeks[0].workouts[1].date;
    plan.weeks[0].workouts[1].kind = WorkoutKind::CrossTraining;
    let acts = [run(1, day, 44.0 * 60.0, 8000.0), bike(2, day, 30.0 * 60.0)];
    let c = compliance(&plan, &acts, day + Days::new(1));
    assert_eq!(c[1].activity_id, Some(2));
    assert_eq!(c[1].status, Completion::Partial, "30 of 44 min");
    // With only a run that day, the run counts.
    let c = compliance(&plan, &acts[..1], day + Days::new(1));
    assert_eq!(c[1].activity_id, Some(1));
    assert_eq!(c[1].status, Completion::Completed);
}

#[test]
fn several_workouts_and_activities_on_one_day_pair_by_duration() {
    let mut plan = half_plan();
    let day = plan.weeks[0].workouts[1].date; // Thu: easy 44 min
    plan.weeks[0].workouts.insert(2, easy(day, 20)); // and a 20 min shake-out
    // Listed in the "wrong" order: the 21 min run goes with the 20 min one.
    let acts = [
        run(7, day, 21.0 * 60.0, 3500.0),
        run(8, day, 45.0 * 60.0, 7500.0),
    ];
    let c = compliance(&plan, &acts, day + Days::new(1));
    assert_eq!((c[1].activity_id, c[2].activity_id), (Some(8), Some(7)));
    assert!(c[1..3].iter().all(|x| x.status == Completion::Completed));

    // One activity for two workouts: the closer one gets it, the other is missed.
    let c = compliance(&plan, &acts[..1], day + Days::new(1));
    assert_eq!(c[2].activity_id, Some(7));
    assert_eq!(c[1].status, Completion::Missed);

    // The result does not depend on the activities' order.
    let rev = [acts[1].clone(), acts[0].clone()];
    assert_eq!(compliance(&plan, &acts, day), compliance(&plan, &rev, day));
}

#[test]
fn distance_when_the_duration_is_unknown_and_races_match() {
    let mut plan = half_plan();
    plan.weeks[0].workouts[0].est_duration_s = 0; // 12 km planned, duration unknown
    let day = plan.weeks[0].workouts[0].date;
    let c = compliance(&plan, &[run(1, day, 3000.0, 11_000.0)], day);
    assert_eq!(c[0].status, Completion::Completed, "11 of 12 km");
    assert_eq!(c[0].duration_ratio, None);
    let c = compliance(&plan, &[run(1, day, 3000.0, 6_000.0)], day);
    assert_eq!(c[0].status, Completion::Partial, "6 of 12 km");

    let plan = half_plan();
    let race_day = d(2024, 5, 5);
    let c = compliance(
        &plan,
        &[run(9, race_day, 6100.0, 21_100.0)],
        race_day + Days::new(1),
    );
    let last = c.last().unwrap();
    assert_eq!(
        (last.date, last.status, last.activity_id),
        (race_day, Completion::Completed, Some(9))
    );
}

// ---------------------------------------------------------------- propose

#[test]
fn no_proposal_when_on_track() {
    let plan = half_plan();
    let c = on_track(&plan);
    assert!(
        c.iter()
            .filter(|x| x.date < today())
            .all(|x| x.status == Completion::Completed)
    );
    assert_eq!(propose(&plan, &c, &form(today(), 50.0, 48.0, -12.0)), None);
    // Productive fatigue (TSB −25) and a small CTL dip are fine too.
    assert_eq!(propose(&plan, &c, &form(today(), 45.0, 50.0, -25.0)), None);
    // Two missed easy runs are not enough.
    let skip = [d(2024, 3, 14), d(2024, 3, 21)];
    let c = compliance(&plan, &done_as_planned(&plan, today(), &skip), today());
    assert_eq!(propose(&plan, &c, &form(today(), 50.0, 48.0, -12.0)), None);
}

/// Total planned seconds of a workout's steps (repeats expanded), distance
/// steps not counted.
fn step_seconds(steps: &[Step]) -> u32 {
    steps
        .iter()
        .map(|s| match s {
            Step::Single {
                duration: StepDuration::Seconds(x),
                ..
            } => *x,
            Step::Single { .. } => 0,
            Step::Repeat { count, steps } => count * step_seconds(steps),
        })
        .sum()
}

#[test]
fn excessive_fatigue_brings_a_recovery_week_forward() {
    let plan = half_plan();
    let c = on_track(&plan);
    let adj = propose(&plan, &c, &form(today(), 55.0, 50.0, -34.5)).expect("proposal");
    assert_eq!(adj.reason, "excessive_fatigue");
    assert!(adj.explanation.contains("-34.5"), "{}", adj.explanation);
    assert!(adj.explanation.contains("-30"), "{}", adj.explanation);
    assert!(adj.explanation.contains("week 4"), "{}", adj.explanation);
    assert_eq!(adj.weeks.len(), 1);
    let (old, new) = (&plan.weeks[3], &adj.weeks[0]);
    assert_eq!(new.index, 3);
    assert!(new.start > today());
    assert!(new.recovery);
    assert_eq!(new.target_km, 36.4, "70 % of 52 km");
    assert_eq!(
        new.long_run_km,
        (old.long_run_km * 0.7 * 10.0).round() / 10.0
    );
    assert_eq!(new.rules.last().unwrap().rule, "rule-3");
    assert_eq!(new.workouts.len(), old.workouts.len());
    // One quality session left, the first (threshold), shortened.
    let quality: Vec<&Workout> = new
        .workouts
        .iter()
        .filter(|w| w.kind != WorkoutKind::Easy && w.kind != WorkoutKind::Long)
        .collect();
    assert_eq!(quality.len(), 1);
    let t = quality[0];
    assert_eq!(t.kind, WorkoutKind::Threshold);
    assert_eq!(t.title, "Threshold 3 × 7 min");
    // 15 → 11 min (to the minute from 10 min), 10 → 7 min, 2 min → 85 s (to 5 s).
    assert_eq!(step_seconds(&t.steps), 11 * 60 + 3 * (7 * 60 + 85) + 7 * 60);
    // Estimates follow the rounded steps.
    assert_eq!(t.est_duration_s, step_seconds(&t.steps));
    let ratio = f64::from(t.est_duration_s) / 3660.0;
    assert_eq!(t.est_distance_m, (12_000.0 * ratio).round() as u32);
    assert!((t.est_load - 80.0 * ratio).abs() < 0.01);
    let Step::Single { label, .. } = &t.steps[0] else {
        panic!()
    };
    assert_eq!(label, "11 min easy");
    // The intervals became an easy run of 70 % of their duration.
    let sat = &new.workouts[2];
    assert_eq!(sat.kind, WorkoutKind::Easy);
    assert_eq!(sat.est_duration_s, 39 * 60);
    assert_eq!(sat.date, old.workouts[2].date);
    assert_eq!(sat.steps.len(), 1);
    // The long run is shorter, its title follows.
    let sun = &new.workouts[3];
    assert_eq!(sun.kind, WorkoutKind::Long);
    assert_eq!(sun.title, "Long run 73 min");
    assert_eq!(step_seconds(&sun.steps), sun.est_duration_s);
    // Pure.
    assert_eq!(
        Some(adj.clone()),
        propose(&plan, &c, &form(today(), 55.0, 50.0, -34.5))
    );
}

#[test]
fn fatigue_before_a_planned_recovery_week_only_removes_quality() {
    let plan = half_plan();
    let today = d(2024, 3, 27); // the coming week (5) is a planned recovery week
    let c = compliance(&plan, &done_as_planned(&plan, today, &[]), today);
    let adj = propose(&plan, &c, &form(today, 55.0, 50.0, -31.0)).expect("proposal");
    let (old, new) = (&plan.weeks[4], &adj.weeks[0]);
    assert_eq!((new.index, new.target_km, new.recovery), (4, 39.0, true));
    assert_eq!(
        new.workouts[0], old.workouts[0],
        "the threshold stays as it was"
    );
    assert_eq!(new.workouts[2].kind, WorkoutKind::Easy);
    assert_eq!(
        new.workouts[2].est_duration_s,
        old.workouts[2].est_duration_s
    );
    assert_eq!(new.workouts[3], old.workouts[3]);
    assert!(
        adj.explanation.contains(
            "1 session turned into easy running, one quality session kept: Threshold 3 × 10 min."
        ),
        "{}",
        adj.explanation
    );

    // Nothing left to change in a recovery week with one quality session.
    let mut plan = plan;
    plan.weeks[4].workouts.remove(2);
    let c = compliance(&plan, &done_as_planned(&plan, today, &[]), today);
    assert_eq!(propose(&plan, &c, &form(today, 55.0, 50.0, -31.0)), None);
}

#[test]
fn fatigue_leaves_the_taper_and_race_alone() {
    let plan = half_plan();
    let today = d(2024, 4, 24); // in the first taper week: the coming week holds the race
    let c = compliance(&plan, &done_as_planned(&plan, today, &[]), today);
    assert_eq!(propose(&plan, &c, &form(today, 55.0, 55.0, -40.0)), None);
    // After the last week starts, nothing is left to change.
    let today = d(2024, 5, 1);
    assert_eq!(propose(&plan, &[], &form(today, 55.0, 55.0, -40.0)), None);
}

#[test]
fn missed_workouts_are_not_made_up() {
    let plan = half_plan();
    // Missed: Sat 03-16 intervals (week 2) and Tue 03-19 threshold (week 3).
    let skip = [d(2024, 3, 16), d(2024, 3, 19)];
    let c = compliance(&plan, &done_as_planned(&plan, today(), &skip), today());
    assert_eq!(
        c.iter().filter(|x| x.status == Completion::Missed).count(),
        2
    );
    let adj = propose(&plan, &c, &form(today(), 50.0, 50.0, -10.0)).expect("proposal");
    assert_eq!(adj.reason, "missed_workouts");
    assert!(
        adj.explanation
            .starts_with("2 planned workouts were missed"),
        "{}",
        adj.explanation
    );
    assert!(
        adj.explanation.contains("44.0 km of week 2"),
        "{}",
        adj.explanation
    );

    // Week 2 (3 of 4 done) is the last completed week: week 4 repeats its
    // 44 km, the recovery week keeps its share, week 6 returns to 44 and
    // week 7 adds 10 %. The taper weeks are untouched.
    let km: Vec<(u32, f64)> = adj.weeks.iter().map(|w| (w.index, w.target_km)).collect();
    assert_eq!(km, vec![(3, 44.0), (4, 33.0), (5, 44.0), (6, 48.4)]);
    assert!(
        adj.weeks
            .iter()
            .all(|w| w.start > today() && w.phase != Phase::Taper)
    );
    assert!(adj.weeks[1].recovery && !adj.weeks[0].recovery);
    for new in &adj.weeks {
        let old = &plan.weeks[new.index as usize];
        let f = new.target_km / old.target_km;
        assert_eq!(new.workouts.len(), old.workouts.len());
        for (n, o) in new.workouts.iter().zip(&old.workouts) {
            // Same sessions, scaled: kind and date kept, estimates scaled by
            // the week's factor (within the steps' rounding), distance and
            // load by the same ratio as the duration.
            assert_eq!((n.kind, n.date), (o.kind, o.date));
            let r = f64::from(n.est_duration_s) / f64::from(o.est_duration_s);
            assert!((r - f).abs() < 0.03, "{r} vs {f}");
            let rd = f64::from(n.est_distance_m) / f64::from(o.est_distance_m);
            assert!((rd - r).abs() < 0.001, "{rd} vs {r}");
            assert!((n.est_load - o.est_load * r).abs() < 0.01);
            if matches!(
                n.kind,
                WorkoutKind::Easy | WorkoutKind::Long | WorkoutKind::Threshold
            ) {
                assert_eq!(n.est_duration_s, step_seconds(&n.steps), "{}", n.title);
            }
        }
        assert!(
            new.rules
                .last()
                .unwrap()
                .note
                .starts_with("after missed workouts")
        );
    }
    // Never more than +10 % from one non-recovery week to the next.
    let levels: Vec<f64> = adj
        .weeks
        .iter()
        .filter(|w| !w.recovery)
        .map(|w| w.target_km)
        .collect();
    for pair in levels.windows(2) {
        assert!(pair[1] <= pair[0] * 1.1 + 1e-9, "{levels:?}");
    }
}

#[test]
fn three_missed_easy_sessions_also_trigger() {
    let mut plan = half_plan();
    // Week 3 gets an extra easy run on Monday and one today (Wednesday).
    let wk = &mut plan.weeks[2];
    wk.workouts.insert(0, easy(wk.start, 30));
    wk.workouts.insert(2, easy(wk.start + Days::new(2), 30));
    let form = form(today(), 50.0, 50.0, -10.0);

    // Three missed easy runs in the 14 days (Thu 03-07, Thu 03-14, Mon 03-18).
    let skip = [d(2024, 3, 7), d(2024, 3, 14), d(2024, 3, 18)];
    let c = compliance(&plan, &done_as_planned(&plan, today(), &skip), today());
    let adj = propose(&plan, &c, &form).expect("3 missed easy runs");
    assert_eq!(adj.reason, "missed_workouts");
    assert!(
        adj.explanation
            .starts_with("3 planned workouts were missed"),
        "{}",
        adj.explanation
    );
    assert!(
        adj.explanation.contains("(0 of them"),
        "{}",
        adj.explanation
    );

    // Two are not enough…
    let skip = [d(2024, 3, 14), d(2024, 3, 18)];
    let c = compliance(&plan, &done_as_planned(&plan, today(), &skip), today());
    assert_eq!(propose(&plan, &c, &form), None, "2 missed easy runs");

    // …but today's run, marked skipped by the athlete, makes three.
    let mut c = c;
    let i = c.iter().position(|x| x.date == today()).unwrap();
    assert_eq!(c[i].status, Completion::Planned);
    c[i].status = Completion::Skipped;
    let adj = propose(&plan, &c, &form).expect("2 missed + 1 skipped");
    assert_eq!(adj.reason, "missed_workouts");
}

#[test]
fn misses_older_than_14_days_do_not_count() {
    let plan = half_plan();
    // Tue 03-05 threshold (15 days before today) and Sat 03-16 intervals.
    let skip = [d(2024, 3, 5), d(2024, 3, 16)];
    let c = compliance(&plan, &done_as_planned(&plan, today(), &skip), today());
    assert_eq!(propose(&plan, &c, &form(today(), 50.0, 50.0, -10.0)), None);
}

#[test]
fn fitness_drop_means_easy_reduced_weeks() {
    let plan = half_plan();
    // Ten days off, 03-10 to 03-19: week 1 (3 of 4 done) is the last completed.
    let skip: Vec<NaiveDate> = (10..=19).map(|day| d(2024, 3, day)).collect();
    let c = compliance(&plan, &done_as_planned(&plan, today(), &skip), today());

    // CTL −20 %: one week at 70 %, easy only; then back to week 1's 40 km and
    // +10 % a week (the recovery week keeps its share: 39 × 40/52 = 30).
    let adj = propose(&plan, &c, &form(today(), 40.0, 50.0, 5.0)).expect("proposal");
    assert_eq!(adj.reason, "fitness_drop", "before missed_workouts");
    assert!(
        adj.explanation.contains("from 50.0 to 40.0"),
        "{}",
        adj.explanation
    );
    assert!(adj.explanation.contains("20 %"), "{}", adj.explanation);
    assert!(
        adj.explanation.contains("the 40.0 km of week 1"),
        "{}",
        adj.explanation
    );
    let km: Vec<(u32, f64)> = adj.weeks.iter().map(|w| (w.index, w.target_km)).collect();
    assert_eq!(km, vec![(3, 36.4), (4, 30.0), (5, 40.0), (6, 44.0)]);
    let w = &adj.weeks[0];
    assert!(w.recovery);
    assert!(
        w.workouts
            .iter()
            .all(|x| matches!(x.kind, WorkoutKind::Easy | WorkoutKind::Long))
    );
    let total: u32 = w.workouts.iter().map(|x| x.est_duration_s).sum();
    let planned: u32 = plan.weeks[3]
        .workouts
        .iter()
        .map(|x| x.est_duration_s)
        .sum();
    assert!((f64::from(total) / f64::from(planned) - 0.7).abs() < 0.01);
    // The rebuilt weeks keep their sessions, scaled.
    assert_eq!(adj.weeks[2].workouts[0].kind, WorkoutKind::Threshold);
    assert!(
        adj.weeks
            .iter()
            .all(|w| w.start > today() && w.phase != Phase::Taper)
    );

    // CTL −32 %: two easy weeks, 50 % then 70 %, then the rebuild.
    let adj = propose(&plan, &c, &form(today(), 34.0, 50.0, 8.0)).expect("proposal");
    let km: Vec<(u32, f64)> = adj.weeks.iter().map(|w| (w.index, w.target_km)).collect();
    assert_eq!(km, vec![(3, 26.0), (4, 27.3), (5, 40.0), (6, 44.0)]);
    assert!(
        adj.explanation
            .contains("the coming two weeks run easy only"),
        "{}",
        adj.explanation
    );
    assert!(adj.weeks[..2].iter().all(|w| {
        w.workouts
            .iter()
            .all(|x| matches!(x.kind, WorkoutKind::Easy | WorkoutKind::Long))
    }));
}

#[test]
fn fatigue_comes_first() {
    let plan = half_plan();
    let skip = [d(2024, 3, 16), d(2024, 3, 19)];
    let c = compliance(&plan, &done_as_planned(&plan, today(), &skip), today());
    let adj = propose(&plan, &c, &form(today(), 50.0, 50.0, -31.0)).unwrap();
    assert_eq!(adj.reason, "excessive_fatigue");
    let adj = propose(&plan, &c, &form(today(), 40.0, 50.0, 0.0)).unwrap();
    assert_eq!(adj.reason, "fitness_drop");
}
