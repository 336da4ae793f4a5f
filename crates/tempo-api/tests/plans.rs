//! Goals and plans through the use cases: a refused goal stores nothing, a
//! plan is generated and active, an imported run completes its workout,
//! edits stick, an adjustment changes nothing until accepted, exports decode,
//! templates move to new dates. The clock is fixed at Wednesday 2026-11-25.

mod common;

use chrono::{Datelike, NaiveDate, TimeZone, Utc, Weekday};
use common::{Stretch, half};
use tempo_api::activities::{self, CancelFlag};
use tempo_api::plans::{self, PlanFormat};
use tempo_api::{ErrorCode, Tempo};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

async fn open(dir: &std::path::Path) -> Tempo {
    common::open(&dir.join("tempo.db")).await
}

#[tokio::test]
async fn a_refused_goal_names_its_field_and_stores_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tempo = open(dir.path()).await;
    let mut goal = half();
    goal.availability.long_run_day = Weekday::Sat; // not a training day
    let err = plans::create_plan(&tempo, None, goal)
        .await
        .expect_err("refused");
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(err.field.as_deref(), Some("availability.long_run_day"));
    let mut goal = half();
    goal.race_date = Some(day(2026, 11, 1)); // in the past
    let err = plans::create_plan(&tempo, None, goal)
        .await
        .expect_err("refused");
    assert_eq!(err.field.as_deref(), Some("race_date"));
    assert!(plans::goals(&tempo).await.expect("goals").is_empty());
    assert!(plans::active(&tempo).await.expect("active").is_none());
}

#[tokio::test]
async fn a_generated_plan_is_active_and_follows_the_activities_done() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tempo = open(dir.path()).await;
    let plan = plans::create_plan(&tempo, Some("Spring half".into()), half())
        .await
        .expect("plan");
    assert!(plan.active);
    assert_eq!(plan.goal_name, "Spring half");
    assert_eq!(plan.weeks.first().map(|w| w.start), Some(day(2026, 11, 23)));
    let last = plan.workouts.last().expect("workouts");
    assert_eq!(last.workout.date, day(2027, 2, 21));
    assert_eq!(last.workout.kind, tempo_plan::WorkoutKind::Race);
    // Sessions only on the declared days.
    for w in &plan.workouts {
        assert!(
            half().availability.days.contains(&w.workout.date.weekday()),
            "{} on {}",
            w.workout.title,
            w.workout.date
        );
    }
    // Tuesday 2026-11-24 is past: its workout is missed until a run arrives.
    let tuesday = plan
        .workouts
        .iter()
        .find(|w| w.workout.date == day(2026, 11, 24))
        .expect("a Tuesday workout");
    assert_eq!(tuesday.status, "missed");
    // Run it (same duration, any pace): it becomes completed.
    let start = Utc.from_utc_datetime(&day(2026, 11, 24).and_hms_opt(7, 0, 0).expect("time"));
    let gpx = common::write_gpx(
        dir.path(),
        "tuesday",
        "running",
        start,
        &[Stretch::run(tuesday.workout.est_duration_s, 3.0, 145.0)],
    );
    activities::import(&tempo, &[gpx], |_| {}, &CancelFlag::default())
        .await
        .expect("import");
    let plan = plans::active(&tempo).await.expect("active").expect("plan");
    let tuesday = plan
        .workouts
        .iter()
        .find(|w| w.id == tuesday.id)
        .expect("same workout");
    assert_eq!(tuesday.status, "completed", "{tuesday:?}");
    assert!(tuesday.activity_id.is_some());
    let week = &plan.weeks[0];
    assert!(week.done_km > 0.0);
    assert_eq!(week.compliance, Some(1.0));
    // Future workouts are planned.
    assert!(
        plan.workouts
            .iter()
            .filter(|w| w.workout.date > day(2026, 11, 25))
            .all(|w| w.status == "planned")
    );

    // A second plan becomes the active one; the first can come back.
    let second = plans::create_plan(&tempo, None, half())
        .await
        .expect("second");
    assert!(second.active);
    assert!(
        !plans::view(&tempo, i64::from(plan.id))
            .await
            .expect("first")
            .active
    );
    let list = plans::list(&tempo).await.expect("list");
    assert_eq!(list.iter().filter(|p| p.active).count(), 1);
    plans::activate(&tempo, plan.id).await.expect("activate");
    assert_eq!(
        plans::active(&tempo).await.expect("active").map(|p| p.id),
        Some(plan.id)
    );
}

#[tokio::test]
async fn edits_stick_and_bad_edits_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tempo = open(dir.path()).await;
    let plan = plans::create_plan(&tempo, None, half())
        .await
        .expect("plan");
    let w = plan
        .workouts
        .iter()
        .find(|w| w.workout.date > day(2026, 12, 1))
        .expect("a future workout")
        .clone();
    let to = w.workout.date.succ_opt().expect("next day");
    let moved = plans::move_workout(&tempo, w.id, to).await.expect("move");
    let m = moved.workouts.iter().find(|x| x.id == w.id).expect("moved");
    assert_eq!(m.workout.date, to);
    assert!(m.edited);
    let skipped = plans::skip_workout(&tempo, w.id, true).await.expect("skip");
    assert_eq!(
        skipped
            .workouts
            .iter()
            .find(|x| x.id == w.id)
            .map(|x| x.status.as_str()),
        Some("skipped")
    );
    let err = plans::move_workout(&tempo, w.id, day(2030, 1, 1))
        .await
        .expect_err("outside the plan");
    assert_eq!(err.code, ErrorCode::InvalidInput);
    let mut replaced = w.workout.clone();
    replaced.title = "  ".into();
    let err = plans::replace_workout(&tempo, w.id, replaced)
        .await
        .expect_err("no title");
    assert_eq!(err.field.as_deref(), Some("title"));
    let err = plans::move_workout(&tempo, 999_999, to)
        .await
        .expect_err("unknown");
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[tokio::test]
async fn missed_workouts_propose_an_adjustment_that_waits_for_the_athlete() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tempo = open(dir.path()).await;
    // Started a week before today: Tue 17 … Tue 24 missed, nothing done.
    let mut goal = half();
    goal.start = day(2026, 11, 18);
    let plan = plans::create_plan(&tempo, None, goal).await.expect("plan");
    let missed = plan
        .workouts
        .iter()
        .filter(|w| w.status == "missed")
        .count();
    assert!(missed >= 3, "{missed} missed");
    let proposal = plans::adapt(&tempo)
        .await
        .expect("adapt")
        .expect("a proposal");
    assert_eq!(proposal.reason, "missed_workouts");
    assert!(!proposal.weeks.is_empty());
    // Nothing changed yet, and asking again returns the same proposal.
    let unchanged = plans::active(&tempo).await.expect("active").expect("plan");
    assert_eq!(unchanged.workouts, plan.workouts);
    assert_eq!(
        plans::adapt(&tempo).await.expect("again").map(|a| a.id),
        Some(proposal.id)
    );
    // Rejected: still unchanged. A new proposal can then be made and accepted.
    let after = plans::decide(&tempo, proposal.id, false)
        .await
        .expect("reject");
    assert_eq!(after.workouts, plan.workouts);
    assert!(after.pending_adjustment.is_none());
    let again = plans::adapt(&tempo)
        .await
        .expect("adapt")
        .expect("proposal");
    let accepted = plans::decide(&tempo, again.id, true).await.expect("accept");
    let changed: Vec<u32> = again.weeks.iter().map(|w| w.index).collect();
    for w in &again.weeks {
        let stored = &accepted.weeks[w.index as usize];
        assert_eq!(stored.target_km, w.target_km, "week {}", w.index);
    }
    assert!(accepted.weeks.iter().any(|w| changed.contains(&w.index)));
    let err = plans::decide(&tempo, again.id, true)
        .await
        .expect_err("decided");
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[tokio::test]
async fn exports_and_templates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tempo = open(dir.path()).await;
    let plan = plans::create_plan(&tempo, None, half())
        .await
        .expect("plan");
    let ics = plans::export(&tempo, plan.id, PlanFormat::Ics)
        .await
        .expect("ics");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), plan.workouts.len());
    let json = plans::export(&tempo, plan.id, PlanFormat::Json)
        .await
        .expect("json");
    let back: tempo_plan::Plan = serde_json::from_str(&json).expect("plan JSON");
    assert_eq!(back.weeks.len(), plan.weeks.len());
    let text = plans::export(&tempo, plan.id, PlanFormat::Text)
        .await
        .expect("text");
    assert!(text.contains(&plan.workouts[0].workout.title));

    let out = dir.path().join("fit");
    let files = plans::export_fit_dir(&tempo, plan.id, &out)
        .await
        .expect("fit");
    assert_eq!(files.len(), plan.workouts.len());
    for f in &files {
        let bytes = std::fs::read(f).expect("read");
        // A FIT file: 14-byte header with ".FIT" at offset 8.
        assert_eq!(&bytes[8..12], b".FIT", "{f}");
    }

    let t = plans::save_template(&tempo, plan.id, "Half, 4 days".into())
        .await
        .expect("template");
    assert_eq!(plans::templates(&tempo).await.expect("list").len(), 1);
    let moved = plans::goal_from_template(&tempo, t.id, day(2027, 3, 1))
        .await
        .expect("from template");
    assert_eq!(moved.start, day(2027, 3, 1));
    // The race keeps its distance from the start: 90 days.
    assert_eq!(moved.race_date, Some(day(2027, 5, 30)));
    let err = plans::save_template(&tempo, plan.id, " ".into())
        .await
        .expect_err("no name");
    assert_eq!(err.field.as_deref(), Some("name"));
}

#[tokio::test]
async fn the_goal_check_uses_the_threshold_pace_in_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tempo = open(dir.path()).await;
    let mut goal = half();
    goal.level.vdot = None;
    let codes = |w: Vec<tempo_plan::GoalWarning>| w.into_iter().map(|w| w.code).collect::<Vec<_>>();
    let before = plans::check_goal(&tempo, &goal).await.expect("check");
    assert!(codes(before).contains(&"no_vdot".to_owned()));
    tempo_api::profile::update(
        &tempo,
        tempo_api::profile::ProfileInput {
            threshold_pace_s_per_km: Some(280.0),
            ..Default::default()
        },
    )
    .await
    .expect("profile");
    let after = plans::check_goal(&tempo, &goal).await.expect("check");
    assert!(!codes(after).contains(&"no_vdot".to_owned()));
    let plan = plans::create_plan(&tempo, None, goal).await.expect("plan");
    assert!(plan.vdot.is_some());
}
