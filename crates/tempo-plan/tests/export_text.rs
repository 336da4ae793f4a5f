//! Printable text export of a hand-made plan.

mod export_fixture;

use chrono::Days;
use export_fixture::*;
use tempo_plan::export::text::text;
use tempo_plan::{Phase, Plan, RuleRef, StepDuration, StepIntensity, Target, WorkoutKind};

/// Two weeks: a build week with every kind of target, and a recovery week.
fn small_plan() -> Plan {
    let mut plan = half_plan();
    let start = plan.weeks[0].start;
    let mut w1 = training_week(0, start, Phase::Build, false, 40.0);
    w1.rules.push(RuleRef {
        rule: "rule-5".to_owned(),
        note: "2 quality sessions, not on consecutive days".to_owned(),
    });
    w1.workouts[1] = workout(
        start + Days::new(3),
        WorkoutKind::Easy,
        "Easy by HR and feel",
        vec![
            single(
                StepIntensity::Active,
                StepDuration::Seconds(1800),
                Target::HeartRate {
                    low_bpm: 128.0,
                    high_bpm: 142.0,
                },
                "30 min easy",
            ),
            single(
                StepIntensity::Active,
                StepDuration::Seconds(90),
                Target::Effort { rpe: 7.5 },
                "strides",
            ),
            single(
                StepIntensity::Active,
                StepDuration::Meters(1500),
                Target::Power {
                    low_w: 230.0,
                    high_w: 250.0,
                },
                "steady",
            ),
            single(StepIntensity::Rest, StepDuration::Open, Target::None, ""),
        ],
        2400,
        7000,
        35.0,
    );
    let mut w2 = training_week(1, start + Days::new(7), Phase::Build, true, 32.0);
    w2.workouts.truncate(1);
    w2.rules.clear();
    plan.weeks = vec![w1, w2];
    plan.goal.race_date = Some(d(2024, 3, 17));
    plan
}

const EXPECTED: &str = "\
Tempo training plan: Half marathon
Race: Sun 17 Mar 2024 · target 1:30:00
Plan: Mon 04 Mar 2024 to Sun 17 Mar 2024 · 2 weeks · 5 workouts
Starting from: 38.0 km a week, longest run 14.0 km
Paces from VDOT 45.0: easy 5:19–6:22 /km · marathon 4:56 /km · threshold 4:38 /km · interval 4:16 /km · repetition 4:01 /km
Thresholds: threshold pace 4:45 /km · LTHR 168 bpm · max HR 188 bpm
Warnings:
  ! The plan starts close to your current volume.
    → Keep the first weeks easy.

Week 1 (Mon 04 Mar) · build · 40.0 km · long run 12.0 km
  rule-2: volume within 10 %
  rule-5: 2 quality sessions, not on consecutive days
  Tue 05 Mar · Threshold 3 × 10 min · 1 h 01 min · 12.0 km
      Warm-up 15 min @ 5:30–6:10 /km — 15 min easy
      3 ×
        Active 10 min @ 4:40–4:50 /km — 10 min at T pace
        Recovery 2 min — 2 min jog
      Cool-down 10 min @ 5:30–6:10 /km — 10 min easy
  Thu 07 Mar · Easy by HR and feel · 40 min · 7.0 km
      Active 30 min @ 128–142 bpm — 30 min easy
      Active 1 min 30 s @ RPE 7.5 — strides
      Active 1.5 km @ 230–250 W — steady
      Rest until lap
  Sat 09 Mar · Intervals 5 × 1 km · 55 min · 11.0 km
      Warm-up 15 min @ 5:30–6:10 /km — 15 min easy
      5 ×
        Active 1 km @ 4:10–4:20 /km — 1 km at I pace
        Recovery 400 m — 400 m jog
      Cool-down 10 min @ 5:30–6:10 /km — 10 min easy
  Sun 10 Mar · Long run 80 min · 1 h 20 min · 13.3 km
      Active 1 h 20 min @ 5:30–6:10 /km — 80 min easy

Week 2 (Mon 11 Mar) · build · 32.0 km · long run 9.6 km · recovery week
  Tue 12 Mar · Threshold 3 × 10 min · 1 h 01 min · 12.0 km
      Warm-up 15 min @ 5:30–6:10 /km — 15 min easy
      3 ×
        Active 10 min @ 4:40–4:50 /km — 10 min at T pace
        Recovery 2 min — 2 min jog
      Cool-down 10 min @ 5:30–6:10 /km — 10 min easy
";

#[test]
fn formats_a_hand_made_plan() {
    let out = text(&small_plan());
    if out != EXPECTED {
        // Line by line, for a readable failure.
        for (i, (a, b)) in out.lines().zip(EXPECTED.lines()).enumerate() {
            assert_eq!(a, b, "line {}", i + 1);
        }
        assert_eq!(out, EXPECTED);
    }
}

#[test]
fn deterministic_and_without_vdot() {
    let plan = small_plan();
    assert_eq!(text(&plan), text(&plan));
    let mut plan = plan;
    plan.vdot = None;
    plan.thresholds = Default::default();
    plan.warnings.clear();
    plan.goal.target_time_s = None;
    let out = text(&plan);
    assert!(out.contains("\nNo VDOT: targets by heart rate or effort\n"));
    assert!(out.contains("Race: Sun 17 Mar 2024 · goal: finish\n"));
    assert!(!out.contains("Thresholds:"));
    assert!(!out.contains("Warnings:"));
}

#[test]
fn every_workout_of_a_full_plan_is_listed() {
    let plan = half_plan();
    let out = text(&plan);
    assert_eq!(out.matches("\nWeek ").count(), plan.weeks.len());
    for w in all_workouts(&plan) {
        assert!(
            out.contains(&format!("  {} · {}", w.date.format("%a %d %b"), w.title)),
            "{}",
            w.title
        );
    }
    assert!(out.contains("Week 9 (Mon 29 Apr) · taper · 20.0 km"));
    assert!(out.contains("Sun 05 May · Race: half marathon · 1 h 45 min · 21.1 km"));
    assert!(out.contains("      Active 21.1 km — race"));
}
