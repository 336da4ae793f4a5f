//! The demo athlete: an empty database gets half a year of plausible training
//! that every screen can show (volume, loads, thresholds, an active plan with
//! a past), the same in every database, and never on top of real data. The
//! clock is fixed at Wednesday 2026-11-25.

mod common;

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};
use tempo_api::activities::{self, ActivityFilter, ActivityList};
use tempo_api::profile::{self, MeasureKey, ProfileInput};
use tempo_api::{ErrorCode, Tempo, demo, metrics, plans};

async fn open(dir: &std::path::Path, name: &str) -> Tempo {
    common::open(&dir.join(name)).await
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("date")
}

async fn all(tempo: &Tempo) -> ActivityList {
    activities::list(tempo, &ActivityFilter::default())
        .await
        .expect("list")
}

#[tokio::test]
async fn the_demo_athlete_fills_every_screen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tempo = open(dir.path(), "demo.db").await;
    let today = today();
    let report = demo::populate(&tempo, today).await.expect("populate");
    eprintln!("{report:?}");

    // About 26 weeks, up to yesterday, mostly running.
    let list = all(&tempo).await;
    assert!(report.activities > 100, "{}", report.activities);
    assert_eq!(list.totals.count, report.activities);
    assert_eq!(report.runs + report.rides + report.other, report.activities);
    let weeks = (report.to - report.from).num_days() as f64 / 7.0;
    assert!((25.0..=26.5).contains(&weeks), "{weeks} weeks");
    assert!(report.to < today && report.to >= today - Days::new(2));
    let runs_a_week = f64::from(report.runs) / weeks;
    let rides_a_week = f64::from(report.rides) / weeks;
    assert!(
        (4.0..=5.5).contains(&runs_a_week),
        "{runs_a_week} runs a week"
    );
    assert!(
        (1.0..=2.0).contains(&rides_a_week),
        "{rides_a_week} rides a week"
    );
    assert!(report.other > 0);
    let sports: BTreeSet<&str> = list.activities.iter().map(|a| a.sport.as_str()).collect();
    assert_eq!(
        sports,
        BTreeSet::from(["cycling", "running", "strength", "swimming"])
    );
    let run_km: f64 = list
        .activities
        .iter()
        .filter(|a| a.sport == "running")
        .filter_map(|a| a.totals.distance_m)
        .sum::<f64>()
        / 1000.0;
    assert!(
        (25.0..=60.0).contains(&(run_km / weeks)),
        "{} km of running a week",
        run_km / weeks
    );

    // Runs and rides have the streams of a real file; every activity has a
    // training load, and runs use the threshold pace (rTSS), rides the FTP.
    for a in &list.activities {
        let m = metrics::activity(&tempo, a.id).await.expect("metrics");
        let load = m
            .load
            .unwrap_or_else(|| panic!("no load for {:?}: {:?}", a.name, m.notes));
        assert!(load.value > 0.0 && load.value < 400.0, "{load:?}");
        match a.sport.as_str() {
            "running" => {
                assert!(a.has_gps);
                assert_eq!(load.metric, "rtss");
                let pace = 1000.0 / a.totals.avg_speed_mps.expect("speed");
                assert!((230.0..=450.0).contains(&pace), "{pace} s/km");
                let hr = a.totals.avg_hr.expect("heart rate");
                assert!((115.0..=180.0).contains(&hr), "{hr} bpm");
            }
            "cycling" => {
                assert!(a.has_gps);
                assert_eq!(load.metric, "tss");
                let watts = a.totals.avg_power_w.expect("power");
                assert!((90.0..=230.0).contains(&watts), "{watts} W");
            }
            _ => assert!(!a.has_gps),
        }
    }

    // Fitness at today is that of a regular amateur.
    let days = metrics::load_series(&tempo, Some(today), Some(today))
        .await
        .expect("series");
    let ctl = days.last().expect("today").ctl;
    assert!((35.0..=85.0).contains(&ctl), "CTL {ctl}");

    // Thresholds with a history that improves.
    let p = profile::get(&tempo).await.expect("profile");
    assert_eq!(p.name.as_deref(), Some("Demo athlete"));
    let history = profile::history(&tempo).await.expect("history");
    assert_eq!(history.len() as u32, report.measures);
    let mut paces: Vec<(NaiveDate, f64)> = history
        .iter()
        .filter(|e| e.measure == MeasureKey::ThresholdPaceSPerKm)
        .map(|e| (e.effective, e.value))
        .collect();
    paces.sort_by_key(|p| p.0);
    assert!(paces.len() >= 3, "{paces:?}");
    assert!(paces.windows(2).all(|w| w[1].1 < w[0].1), "{paces:?}");
    assert_eq!(
        p.threshold_pace_s_per_km.map(|d| d.value),
        paces.last().map(|p| p.1)
    );
    for key in [
        MeasureKey::FtpW,
        MeasureKey::Lthr,
        MeasureKey::MaxHr,
        MeasureKey::VmaKmh,
    ] {
        assert!(history.iter().any(|e| e.measure == key), "{key:?}");
    }

    // An active half-marathon plan that started before today, with its past
    // workouts done or missed and the rest to come.
    let plan = plans::active(&tempo).await.expect("plan").expect("active");
    assert_eq!(plan.id, report.plan_id);
    assert!(plan.active);
    assert_eq!(plan.goal.kind, tempo_plan::GoalKind::HalfMarathon);
    let race = plan.goal.race_date.expect("race date");
    assert!((63..=77).contains(&(race - today).num_days()), "{race}");
    assert!(plan.weeks.first().is_some_and(|w| w.start < today));
    let status = |s: &str| plan.workouts.iter().filter(|w| w.status == s).count();
    assert!(status("completed") >= 8, "{:?}", plan.workouts);
    assert!(status("missed") >= 1);
    assert!(status("partial") >= 1);
    assert!(status("planned") >= 20);
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
}

#[tokio::test]
async fn populating_twice_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tempo = open(dir.path(), "demo.db").await;
    demo::populate(&tempo, today()).await.expect("populate");
    let before = (
        all(&tempo).await,
        profile::history(&tempo).await.expect("history"),
        plans::list(&tempo).await.expect("plans"),
    );
    let e = demo::populate(&tempo, today())
        .await
        .expect_err("second populate");
    assert_eq!(e.code, ErrorCode::InvalidInput);
    let after = (
        all(&tempo).await,
        profile::history(&tempo).await.expect("history"),
        plans::list(&tempo).await.expect("plans"),
    );
    assert_eq!(before, after);
}

#[tokio::test]
async fn a_database_with_real_data_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tempo = open(dir.path(), "mine.db").await;
    profile::update(
        &tempo,
        ProfileInput {
            max_hr: Some(190.0),
            ..Default::default()
        },
    )
    .await
    .expect("profile");
    let e = demo::populate(&tempo, today())
        .await
        .expect_err("not empty");
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert_eq!(all(&tempo).await.totals.count, 0);
    assert!(plans::list(&tempo).await.expect("plans").is_empty());
}

#[tokio::test]
async fn two_fresh_databases_get_the_same_athlete() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (
        open(dir.path(), "a.db").await,
        open(dir.path(), "b.db").await,
    );
    let ra = demo::populate(&a, today()).await.expect("populate a");
    let rb = demo::populate(&b, today()).await.expect("populate b");
    let (la, lb) = (all(&a).await, all(&b).await);
    assert_eq!(la.totals.count, lb.totals.count);
    assert_eq!(la.totals.distance_m, lb.totals.distance_m);
    assert_eq!(
        (ra.activities, ra.samples, ra.distance_m),
        (rb.activities, rb.samples, rb.distance_m)
    );
    // Activity by activity: same start, sport and figures.
    for (x, y) in la.activities.iter().zip(&lb.activities) {
        assert_eq!((x.start, &x.sport, &x.name), (y.start, &y.sport, &y.name));
        assert_eq!(x.totals, y.totals);
    }
}
