//! Activity metrics use the thresholds in force on the activity's date, pick
//! the documented load figure, and agree with their own definitions on a real
//! ride (hrv-activity.fit: Garmin Edge 530 indoor ride of 2022-02-07 with power
//! and heart rate, from the test corpus).

mod common;

use chrono::NaiveDate;
use tempo_api::activities::{self, ActivityFilter, CancelFlag};
use tempo_api::profile::{self, ProfileInput};
use tempo_api::{ErrorCode, Tempo, metrics};

async fn ride(dir: &std::path::Path) -> Option<(Tempo, i32)> {
    let corpus = common::corpus()?;
    let tempo = common::open(&dir.join("tempo.db")).await;
    activities::import(
        &tempo,
        &[corpus.join("fit/hrv-activity.fit")],
        |_| {},
        &CancelFlag::default(),
    )
    .await
    .expect("import");
    let id = activities::list(&tempo, &ActivityFilter::default())
        .await
        .expect("list")
        .activities[0]
        .id;
    Some((tempo, id))
}

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[tokio::test]
async fn thresholds_in_force_on_the_day_drive_power_load() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some((tempo, id)) = ride(dir.path()).await else {
        return;
    };
    // FTP 200 W from 2022-01-01, 300 W from 2023-01-01: the ride (2022-02-07) uses 200.
    for (ftp, on) in [(200.0, day(2022, 1, 1)), (300.0, day(2023, 1, 1))] {
        profile::update(
            &tempo,
            ProfileInput {
                ftp_w: Some(ftp),
                max_hr: Some(190.0),
                resting_hr: Some(50.0),
                effective: on,
                ..Default::default()
            },
        )
        .await
        .expect("profile");
    }
    let m = metrics::activity(&tempo, id).await.expect("metrics");
    assert_eq!(m.thresholds.on, day(2022, 2, 7));
    let ftp = m.thresholds.ftp_w.expect("ftp");
    assert_eq!((ftp.value, Some(ftp.effective)), (200.0, day(2022, 1, 1)));

    let p = m.power.as_ref().expect("power");
    let streams = activities::streams(&tempo, id).await.expect("streams");
    let watts: Vec<f64> = streams
        .power
        .expect("power")
        .iter()
        .flatten()
        .map(|w| f64::from(*w))
        .collect();
    // The average is the plain mean of the stored samples.
    let mean = watts.iter().sum::<f64>() / watts.len() as f64;
    assert!(
        (p.average_w - mean).abs() < 0.05,
        "{} vs {mean}",
        p.average_w
    );
    // Coggan: IF = NP / FTP; TSS = s × NP × IF / (FTP × 3600) × 100.
    let np = p.normalized_w;
    assert!(np >= p.average_w, "NP {np} < average {}", p.average_w);
    assert!((p.intensity_factor.expect("IF") - np / 200.0).abs() < 0.001);
    let tss = watts.len() as f64 * np * (np / 200.0) / (200.0 * 3600.0) * 100.0;
    assert!(
        (p.tss.expect("TSS") - tss).abs() < 0.2,
        "{:?} vs {tss}",
        p.tss
    );
    let load = m.load.as_ref().expect("load");
    assert_eq!(load.metric, "tss");

    // Heart: Edwards' five zones of %HRmax (no LTHR recorded), covering every
    // second with a reading.
    let h = m.heart.as_ref().expect("heart");
    assert_eq!(h.zone_model.as_deref(), Some("percent_hrmax"));
    let hr_seconds = streams.heart_rate.expect("HR").iter().flatten().count() as u32;
    assert_eq!(h.zones.iter().map(|z| z.seconds).sum::<u32>(), hr_seconds);
    assert!(h.banister_trimp.is_some() && h.hrss.is_some() && h.edwards_trimp.is_some());

    // Best efforts are real windows of the ride, best first at short durations.
    let best5 = m
        .power_bests
        .iter()
        .find(|b| b.duration_s == 5)
        .expect("5 s");
    let best60 = m
        .power_bests
        .iter()
        .find(|b| b.duration_s == 60)
        .expect("60 s");
    assert!(best5.average_w >= best60.average_w);
    assert!(m.distance_bests.is_empty(), "a ride has no running bests");
    tempo.close().await.expect("close");
}

#[tokio::test]
async fn without_ftp_the_load_falls_back_to_heart_rate_and_says_why() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some((tempo, id)) = ride(dir.path()).await else {
        return;
    };
    let m = metrics::activity(&tempo, id).await.expect("metrics");
    assert!(m.power.as_ref().is_some_and(|p| p.tss.is_none()));
    assert!(m.load.is_none(), "no thresholds at all: no load figure");
    assert!(
        m.notes
            .iter()
            .any(|n| n.contains("no FTP recorded on 2022-02-07")),
        "{:?}",
        m.notes
    );

    profile::update(
        &tempo,
        ProfileInput {
            max_hr: Some(190.0),
            resting_hr: Some(50.0),
            lthr: Some(170.0),
            effective: day(2022, 1, 1),
            ..Default::default()
        },
    )
    .await
    .expect("profile");
    let m = metrics::activity(&tempo, id).await.expect("metrics");
    assert_eq!(m.load.as_ref().map(|l| l.metric.as_str()), Some("hrss"));
    assert_eq!(
        m.heart.as_ref().and_then(|h| h.zone_model.as_deref()),
        Some("friel_lthr")
    );
    assert_eq!(
        metrics::activity(&tempo, id + 1000).await.unwrap_err().code,
        ErrorCode::NotFound
    );
    tempo.close().await.expect("close");
}

/// Against an independent computation: Garmin's FIT SDK decoding the same file
/// and the definitions written out in Python (`scripts/metrics-reference.py`,
/// output committed in `tests/reference/metrics-hrv-activity.json`).
#[tokio::test]
async fn power_and_zones_agree_with_an_independent_computation() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some((tempo, id)) = ride(dir.path()).await else {
        return;
    };
    let r: serde_json::Value =
        serde_json::from_str(include_str!("reference/metrics-hrv-activity.json"))
            .expect("reference");
    let hr_max = r["hr_max"].as_f64().expect("hr_max");
    profile::update(
        &tempo,
        ProfileInput {
            max_hr: Some(hr_max),
            effective: day(2022, 1, 1),
            ..Default::default()
        },
    )
    .await
    .expect("profile");
    let m = metrics::activity(&tempo, id).await.expect("metrics");
    let p = m.power.as_ref().expect("power");
    let close = |ours: f64, theirs: &serde_json::Value, tol: f64, what: &str| {
        let theirs = theirs.as_f64().expect(what);
        assert!(
            (ours - theirs).abs() <= tol,
            "{what}: ours {ours}, reference {theirs}"
        );
    };
    // The file has one 2-second gap that Tempo fills by interpolation: one
    // extra sample moves the averages by a few tenths of a watt at most.
    close(p.average_w, &r["average_w"], 0.5, "average power");
    close(p.normalized_w, &r["normalized_w"], 1.0, "normalized power");
    for b in &m.power_bests {
        let key = b.duration_s.to_string();
        if !r["best_w"][&key].is_null() {
            let theirs = r["best_w"][&key].as_f64().expect("best");
            close(
                b.average_w,
                &r["best_w"][&key],
                0.01 * theirs,
                &format!("best {key} s"),
            );
        }
    }
    let h = m.heart.as_ref().expect("heart");
    assert_eq!(h.zone_model.as_deref(), Some("percent_hrmax"));
    let theirs: Vec<i64> = r["edwards_zone_seconds"]
        .as_array()
        .expect("zones")
        .iter()
        .map(|v| v.as_i64().expect("seconds"))
        .collect();
    let ours: Vec<i64> = h.zones.iter().map(|z| i64::from(z.seconds)).collect();
    assert_eq!(ours.len(), theirs.len(), "{ours:?} vs {theirs:?}");
    for (o, t) in ours.iter().zip(&theirs) {
        assert!((o - t).abs() <= 2, "zone seconds {ours:?} vs {theirs:?}");
    }
    tempo.close().await.expect("close");
}

/// The stored load figure follows the thresholds in force on the day, and the
/// fitness/fatigue series is built from it with the documented recurrences.
#[tokio::test]
async fn load_series_follows_thresholds_and_deletions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some((tempo, id)) = ride(dir.path()).await else {
        return;
    };
    let ride_day = day(2022, 2, 7).expect("day");
    let series = |from, to| metrics::load_series(&tempo, from, to);

    // No thresholds: the ride has no load figure, so there is no series.
    assert!(
        series(None, day(2022, 2, 10))
            .await
            .expect("series")
            .is_empty()
    );

    // An FTP dated before the ride: its TSS becomes the day's load.
    profile::update(
        &tempo,
        ProfileInput {
            ftp_w: Some(200.0),
            effective: day(2022, 1, 1),
            ..Default::default()
        },
    )
    .await
    .expect("profile");
    let tss = metrics::activity(&tempo, id)
        .await
        .expect("metrics")
        .load
        .expect("load")
        .value;
    let days = series(day(2022, 2, 7), day(2022, 2, 9))
        .await
        .expect("series");
    assert_eq!(
        days.iter().map(|d| d.date).collect::<Vec<_>>(),
        [
            ride_day,
            ride_day.succ_opt().expect("d"),
            day(2022, 2, 9).expect("d")
        ]
    );
    assert_eq!(days[0].load, tss);
    // First day of the series: CTL = load/42, ATL = load/7, TSB = 0 (yesterday's balance).
    assert!((days[0].ctl - tss / 42.0).abs() < 0.01, "{days:?}");
    assert!((days[0].atl - tss / 7.0).abs() < 0.01, "{days:?}");
    assert_eq!(days[0].tsb, 0.0);
    // A rest day: both decay, and form is yesterday's CTL − ATL.
    let (c0, a0) = (tss / 42.0, tss / 7.0);
    assert!((days[1].ctl - c0 * (1.0 - 1.0 / 42.0)).abs() < 0.01);
    assert!((days[1].atl - a0 * (1.0 - 1.0 / 7.0)).abs() < 0.01);
    assert!((days[1].tsb - (days[0].ctl - days[0].atl)).abs() < 0.02);

    // A higher FTP dated after the ride changes nothing for it.
    profile::update(
        &tempo,
        ProfileInput {
            ftp_w: Some(400.0),
            effective: day(2023, 1, 1),
            ..Default::default()
        },
    )
    .await
    .expect("profile");
    assert_eq!(
        series(day(2022, 2, 7), day(2022, 2, 7))
            .await
            .expect("series")[0]
            .load,
        tss
    );
    // Corrected on a date before it: the stored load is recomputed (FTP 250:
    // TSS scales with 1/FTP², 200²/250² = 0.64).
    profile::update(
        &tempo,
        ProfileInput {
            ftp_w: Some(250.0),
            effective: day(2022, 1, 1),
            ..Default::default()
        },
    )
    .await
    .expect("profile");
    let corrected = series(day(2022, 2, 7), day(2022, 2, 7))
        .await
        .expect("series")[0]
        .load;
    assert!(
        (corrected - tss * 0.64).abs() < 0.2,
        "{corrected} vs {}",
        tss * 0.64
    );

    // Deleting the activity removes its load.
    activities::delete(&tempo, id).await.expect("delete");
    assert!(
        series(None, day(2022, 2, 10))
            .await
            .expect("series")
            .is_empty()
    );
    let bad = metrics::load_series(&tempo, day(2022, 2, 10), day(2022, 2, 1))
        .await
        .unwrap_err();
    assert_eq!(bad.code, ErrorCode::InvalidInput);
    tempo.close().await.expect("close");
}
