//! Season views and fitness estimates over generated runs: weekly volume and
//! Foster's monotony, time in zones summed over activities, mean-max curves
//! per range, VDOT predictions checked against Daniels' published table,
//! threshold estimates and their acceptance, and the versioned
//! fitness-fatigue model. The clock is fixed at 2026-11-25 09:00 UTC.

mod common;

use chrono::{NaiveDate, TimeZone, Utc};
use common::Stretch;
use tempo_api::activities::{self, ActivityFilter, CancelFlag};
use tempo_api::metrics::{self, CurveKind, DateRange, Period};
use tempo_api::profile::{self, MeasureKey, ProfileInput};
use tempo_api::{ErrorCode, Tempo};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// Imports generated activities; returns their ids in the order given.
async fn import(
    tempo: &Tempo,
    dir: &std::path::Path,
    runs: &[(&str, NaiveDate, Vec<Stretch>)],
) -> Vec<i32> {
    let paths: Vec<_> = runs
        .iter()
        .map(|(name, d, stretches)| {
            let start = Utc.from_utc_datetime(&d.and_hms_opt(7, 0, 0).expect("time"));
            common::write_gpx(dir, name, "running", start, stretches)
        })
        .collect();
    let summary = activities::import(tempo, &paths, |_| {}, &CancelFlag::default())
        .await
        .expect("import");
    assert!(summary.failed.is_empty(), "{:?}", summary.failed);
    let list = activities::list(tempo, &ActivityFilter::default())
        .await
        .expect("list");
    runs.iter()
        .map(|(name, _, _)| {
            list.activities
                .iter()
                .find(|a| a.name.as_deref() == Some(name))
                .expect("imported")
                .id
        })
        .collect()
}

async fn athlete(tempo: &Tempo, max_hr: f64) {
    profile::update(
        tempo,
        ProfileInput {
            max_hr: Some(max_hr),
            resting_hr: Some(50.0),
            effective: Some(day(2020, 1, 1)),
            ..Default::default()
        },
    )
    .await
    .expect("profile");
}

/// 10 min warm-up at 3 m/s, then 5 km in exactly 20:00, 5 min cool-down.
fn five_k_in_20() -> Vec<Stretch> {
    vec![
        Stretch::run(600, 3.0, 140.0),
        Stretch::run(1200, 5000.0 / 1200.0, 172.0),
        Stretch::run(300, 2.5, 130.0),
    ]
}

#[tokio::test]
async fn predictions_use_the_last_90_days_and_match_daniels_tables() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tempo = common::open(&dir.path().join("tempo.db")).await;
    import(
        &tempo,
        dir.path(),
        &[
            ("5k", day(2026, 11, 10), five_k_in_20()),
            // Faster, but 6 months ago: outside the window.
            ("old", day(2026, 5, 1), vec![Stretch::run(1000, 5.0, 175.0)]),
        ],
    )
    .await;
    let p = metrics::predict(&tempo).await.expect("predict");
    assert_eq!((p.from, p.to), (day(2026, 8, 28), day(2026, 11, 25)));
    // Daniels–Gilbert: 5 km in 20:00 is VDOT 49.8 (the table gives 19:57 for 50).
    let vdot = p.vdot.expect("vdot");
    assert!((vdot - 49.8).abs() < 0.05, "{vdot}");
    let effort = p.vdot_effort.as_ref().expect("effort");
    assert_eq!(effort.distance_m, 5000.0);
    assert!((effort.time_s - 1200.0).abs() < 1.0, "{}", effort.time_s);
    // Daniels' table: 10 km in 41:21 at VDOT 50 and 42:04 at VDOT 49.
    let ten = p
        .races
        .iter()
        .find(|r| r.distance_m == 10_000.0)
        .expect("10k");
    let t = ten.vdot_time_s.expect("vdot time");
    assert!((2481.0..=2524.0).contains(&t), "{t}");
    // Riegel from the same effort: 1200 × 2^1.06 = 2501.9 s.
    let r = ten.riegel_time_s.expect("riegel");
    assert!((r - 2502.0).abs() <= 2.0, "{r}");
    assert_eq!(p.races.len(), 4);
    // Daniels' table at VDOT 50: T 4:15/km, I 3:55/km; 49.8 is a hair slower.
    let paces = p.paces.as_ref().expect("paces");
    assert!(
        (255.0..=259.0).contains(&paces.threshold_s_per_km),
        "{paces:?}"
    );
    assert!(
        (235.0..=239.0).contains(&paces.interval_s_per_km),
        "{paces:?}"
    );
    assert!(paces.easy_slow_s_per_km > paces.easy_fast_s_per_km);
    assert!(paces.easy_fast_s_per_km > paces.marathon_s_per_km);
    assert!(paces.marathon_s_per_km > paces.threshold_s_per_km);
    // No power at all: the critical-power fit says why it is missing.
    assert!(p.critical_power.is_none());
    assert!(
        p.notes.iter().any(|n| n.contains("critical power")),
        "{:?}",
        p.notes
    );
}

#[tokio::test]
async fn critical_speed_is_the_least_squares_line_of_the_season_curve() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tempo = common::open(&dir.path().join("tempo.db")).await;
    // Three efforts of different lengths, each between easy jogging.
    let effort = |secs: u32, v: f64| {
        vec![
            Stretch::run(300, 2.5, 130.0),
            Stretch::run(secs, v, 175.0),
            Stretch::run(300, 2.5, 130.0),
        ]
    };
    import(
        &tempo,
        dir.path(),
        &[
            ("3min", day(2026, 11, 1), effort(180, 5.2)),
            ("10min", day(2026, 11, 5), effort(600, 4.5)),
            ("20min", day(2026, 11, 9), effort(1200, 4.2)),
        ],
    )
    .await;
    let p = metrics::predict(&tempo).await.expect("predict");
    let cs = p.critical_speed.as_ref().expect("critical speed");
    // The independent computation: ordinary least squares of distance on
    // time over the 2–20 min points of the season's pace curve.
    let curve = metrics::mean_max(
        &tempo,
        CurveKind::Pace,
        &[DateRange {
            from: p.from,
            to: p.to,
        }],
    )
    .await
    .expect("curve");
    let pts: Vec<(f64, f64)> = curve[0]
        .points
        .iter()
        .filter(|c| [120, 180, 300, 600, 900, 1200].contains(&c.duration_s))
        .map(|c| (f64::from(c.duration_s), c.value * f64::from(c.duration_s)))
        .collect();
    assert_eq!(pts.len(), 6);
    let n = pts.len() as f64;
    let tm = pts.iter().map(|p| p.0).sum::<f64>() / n;
    let dm = pts.iter().map(|p| p.1).sum::<f64>() / n;
    let sxy: f64 = pts.iter().map(|p| (p.0 - tm) * (p.1 - dm)).sum();
    let sxx: f64 = pts.iter().map(|p| (p.0 - tm).powi(2)).sum();
    let slope = sxy / sxx;
    assert!(
        (cs.critical - slope).abs() < 2e-3,
        "{} vs {slope}",
        cs.critical
    );
    assert!((cs.capacity - (dm - slope * tm)).abs() < 1.0);
    assert_eq!(cs.points, 6);
    assert!(cs.critical_se.is_some());
    // Slower than the 3-min effort, faster than the 20-min one's 4.2 m/s
    // would be without D′: a plausible critical speed.
    assert!((3.8..4.3).contains(&cs.critical), "{}", cs.critical);
    // And it is offered as a threshold pace.
    let est = metrics::estimates(&tempo).await.expect("estimates");
    let pace = est
        .iter()
        .find(|e| e.measure == MeasureKey::ThresholdPaceSPerKm)
        .expect("threshold pace estimate");
    assert_eq!(pace.value, (1000.0 / cs.critical).round());
}

#[tokio::test]
async fn season_pace_curves_compare_ranges_and_name_the_activity() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tempo = common::open(&dir.path().join("tempo.db")).await;
    let ids = import(
        &tempo,
        dir.path(),
        &[
            (
                "spring",
                day(2026, 4, 1),
                vec![Stretch::run(900, 4.0, 160.0)],
            ),
            (
                "autumn",
                day(2026, 10, 1),
                vec![Stretch::run(900, 3.5, 160.0)],
            ),
        ],
    )
    .await;
    let curves = metrics::mean_max(
        &tempo,
        CurveKind::Pace,
        &[
            DateRange {
                from: day(2026, 1, 1),
                to: day(2026, 6, 30),
            },
            DateRange {
                from: day(2026, 7, 1),
                to: day(2026, 12, 31),
            },
        ],
    )
    .await
    .expect("curves");
    assert_eq!(curves.len(), 2);
    let at =
        |c: &metrics::MeanMaxCurve, d: u32| c.points.iter().find(|p| p.duration_s == d).cloned();
    let spring = at(&curves[0], 600).expect("10 min");
    let autumn = at(&curves[1], 600).expect("10 min");
    assert!((spring.value - 4.0).abs() < 0.01, "{}", spring.value);
    assert!((autumn.value - 3.5).abs() < 0.01, "{}", autumn.value);
    assert_eq!((spring.activity_id, spring.date), (ids[0], day(2026, 4, 1)));
    // 900 s of running: no 20-minute point.
    assert!(at(&curves[0], 1200).is_none());
    for c in &curves {
        for w in c.points.windows(2) {
            assert!(w[0].value >= w[1].value, "non-increasing");
        }
    }
    // No power in either range.
    let power = metrics::mean_max(
        &tempo,
        CurveKind::Power,
        &[DateRange {
            from: day(2026, 1, 1),
            to: day(2026, 12, 31),
        }],
    )
    .await
    .expect("power");
    assert!(power[0].points.is_empty());
    // A reversed range is refused with a clear error.
    let err = metrics::mean_max(
        &tempo,
        CurveKind::Power,
        &[DateRange {
            from: day(2026, 12, 31),
            to: day(2026, 1, 1),
        }],
    )
    .await
    .expect_err("reversed");
    assert_eq!(err.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn weekly_volume_status_and_zone_distribution_add_up() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tempo = common::open(&dir.path().join("tempo.db")).await;
    athlete(&tempo, 190.0).await;
    let ids = import(
        &tempo,
        dir.path(),
        &[
            // Weeks of 2026-11-09, 11-16 (empty) and 11-23 (today's).
            ("a", day(2026, 11, 10), vec![Stretch::run(1800, 3.0, 140.0)]),
            ("b", day(2026, 11, 23), vec![Stretch::run(2400, 3.2, 150.0)]),
            ("c", day(2026, 11, 25), vec![Stretch::run(1200, 3.5, 165.0)]),
        ],
    )
    .await;
    let mut loads = Vec::new();
    for id in &ids {
        let m = metrics::activity(&tempo, *id).await.expect("metrics");
        loads.push(m.load.expect("load").value);
    }
    let weeks = metrics::volume(&tempo, Some(day(2026, 11, 11)), None, Period::Week)
        .await
        .expect("volume");
    let starts: Vec<NaiveDate> = weeks.iter().map(|w| w.start).collect();
    assert_eq!(
        starts,
        [day(2026, 11, 9), day(2026, 11, 16), day(2026, 11, 23)]
    );
    assert_eq!(
        weeks.iter().map(|w| w.activities).collect::<Vec<_>>(),
        [1, 0, 2]
    );
    assert_eq!(weeks[2].end, day(2026, 11, 29));
    assert!(
        (weeks[0].distance_m - 5400.0).abs() < 15.0,
        "{}",
        weeks[0].distance_m
    );
    assert!(
        (weeks[2].moving_s - 3600.0).abs() < 3.0,
        "{}",
        weeks[2].moving_s
    );
    assert!((weeks[2].load - (loads[1] + loads[2])).abs() < 0.15);
    assert_eq!(weeks[2].by_sport.len(), 1);
    assert_eq!(weeks[2].by_sport[0].sport, "running");
    // Foster: loads on Monday and Wednesday, rest otherwise.
    let week = [loads[1], 0.0, loads[2], 0.0, 0.0, 0.0, 0.0];
    let mean = week.iter().sum::<f64>() / 7.0;
    let sd = (week.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 7.0).sqrt();
    let monotony = weeks[2].monotony.expect("monotony");
    assert!(
        (monotony - mean / sd).abs() < 0.01,
        "{monotony} vs {}",
        mean / sd
    );
    assert!(weeks[1].monotony.is_none(), "an empty week has no monotony");

    let months = metrics::volume(&tempo, Some(day(2026, 10, 5)), None, Period::Month)
        .await
        .expect("months");
    assert_eq!(
        months.iter().map(|m| m.start).collect::<Vec<_>>(),
        [day(2026, 10, 1), day(2026, 11, 1)]
    );
    assert_eq!(months[1].activities, 3);

    let status = metrics::status(&tempo).await.expect("status");
    assert_eq!(status.date, day(2026, 11, 25));
    assert_eq!(status.last_7_days.activities, 2);
    assert!((status.tsb - (status.ctl - status.atl)).abs() < 10.0);
    // Acute (7 d) over chronic (28 d) daily means, every load in the window.
    let acute = (loads[1] + loads[2]) / 7.0;
    let chronic = (loads[0] + loads[1] + loads[2]) / 28.0;
    let acwr = status.acwr.expect("acwr");
    assert!(
        (acwr - acute / chronic).abs() < 0.01,
        "{acwr} vs {}",
        acute / chronic
    );

    // Time in heart-rate zones: %HRmax zones (max HR only), summed per zone.
    let zones = metrics::zone_distribution(&tempo, Some(day(2026, 11, 1)), None)
        .await
        .expect("zones");
    let heart = zones.iter().find(|z| z.kind == "heart").expect("heart");
    assert_eq!(heart.model, "percent_hrmax");
    assert_eq!(heart.activities, 3);
    let mut expected = vec![0u32; heart.zones.len()];
    for id in &ids {
        let m = metrics::activity(&tempo, *id).await.expect("metrics");
        for (i, z) in m.heart.expect("heart").zones.iter().enumerate() {
            expected[i] += z.seconds;
        }
    }
    assert_eq!(
        heart.zones.iter().map(|z| z.seconds).collect::<Vec<_>>(),
        expected
    );
    let total: u32 = expected.iter().sum();
    assert!((5400..=5403).contains(&total), "{total}");
}

#[tokio::test]
async fn estimates_are_offered_and_accepted_into_the_profile() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tempo = common::open(&dir.path().join("tempo.db")).await;
    athlete(&tempo, 180.0).await;
    let ids = import(
        &tempo,
        dir.path(),
        &[(
            "hard",
            day(2026, 11, 20),
            vec![
                Stretch::run(600, 3.0, 140.0),
                Stretch::run(1800, 4.0, 168.0),
                Stretch::run(10, 5.0, 186.0),
                Stretch::run(300, 2.5, 130.0),
            ],
        )],
    )
    .await;
    let est = metrics::estimates(&tempo).await.expect("estimates");
    let max = est
        .iter()
        .find(|e| e.measure == MeasureKey::MaxHr)
        .expect("max hr");
    assert_eq!((max.value, max.current), (186.0, Some(180.0)));
    assert_eq!(max.activity_id, Some(ids[0]));
    assert_eq!((max.method.as_str(), max.window_days), ("max_hr_5s", 365));
    // Friel: the last 20 min of the hardest 30 min.
    let lthr = est
        .iter()
        .find(|e| e.measure == MeasureKey::Lthr)
        .expect("lthr");
    assert!((168.0..=169.0).contains(&lthr.value), "{}", lthr.value);
    // VMA: the best 6 minutes, as a demi-Cooper: 4 m/s = 14.4 km/h.
    let vma = est
        .iter()
        .find(|e| e.measure == MeasureKey::VmaKmh)
        .expect("vma");
    assert!((vma.value - 14.4).abs() < 0.2, "{}", vma.value);

    let p = metrics::accept_estimate(&tempo, MeasureKey::MaxHr, max.value)
        .await
        .expect("accept");
    let in_force = p.max_hr.expect("max hr");
    assert_eq!(
        (in_force.value, in_force.effective),
        (186.0, day(2026, 11, 25))
    );
    let history = profile::history(&tempo).await.expect("history");
    assert_eq!(history[0].source, "estimate");
    let est = metrics::estimates(&tempo).await.expect("estimates");
    assert!(
        !est.iter().any(|e| e.measure == MeasureKey::MaxHr),
        "accepted"
    );
    // A max HR above anything observed is not "corrected" downwards: an
    // observed maximum is only a lower bound.
    metrics::accept_estimate(&tempo, MeasureKey::MaxHr, 195.0)
        .await
        .expect("higher");
    let est = metrics::estimates(&tempo).await.expect("estimates");
    assert!(
        !est.iter().any(|e| e.measure == MeasureKey::MaxHr),
        "not lowered"
    );
    // Weight is not estimated; an absurd value is refused by the profile rules.
    let err = metrics::accept_estimate(&tempo, MeasureKey::WeightKg, 70.0)
        .await
        .expect_err("weight");
    assert_eq!(err.code, ErrorCode::InvalidInput);
    let err = metrics::accept_estimate(&tempo, MeasureKey::MaxHr, 1900.0)
        .await
        .expect_err("typo");
    assert_eq!(err.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn the_fitness_model_is_refitted_and_versioned_as_results_arrive() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tempo = common::open(&dir.path().join("tempo.db")).await;
    athlete(&tempo, 190.0).await;
    // Training every other day, with a hard 5 km each fortnight that gets
    // a little faster.
    let mut runs = Vec::new();
    let names: Vec<String> = (0..60).map(|i| format!("r{i}")).collect();
    for (i, name) in names.iter().enumerate() {
        let d = day(2026, 7, 1) + chrono::Days::new(2 * i as u64);
        let stretches = if i % 7 == 6 {
            let v = 4.0 + 0.02 * (i / 7) as f64;
            vec![
                Stretch::run(600, 3.0, 140.0),
                Stretch::run((5000.0 / v) as u32, v, 172.0),
            ]
        } else {
            vec![Stretch::run(2400, 3.0, 145.0)]
        };
        runs.push((name.as_str(), d, stretches));
    }
    let (first, later) = runs.split_at(55);
    import(&tempo, dir.path(), first).await;
    let m = metrics::fitness_model(&tempo).await.expect("model");
    assert_eq!(m.performance, "vdot");
    assert!(m.points.len() >= 7, "{} performances", m.points.len());
    assert_eq!(m.fits.len(), 1, "{:?}", m.notes);
    let fit = &m.fits[0];
    assert_eq!(fit.points as usize, m.points.len());
    assert!(fit.rmse.is_finite() && fit.rmse >= 0.0);
    assert!(fit.tau1 > fit.tau2);
    assert_eq!(fit.later_points, 0);
    assert!(m.points.iter().all(|p| p.predicted.is_some()));
    // Asking again without new results does not refit.
    let again = metrics::fitness_model(&tempo).await.expect("model");
    assert_eq!(again.fits.len(), 1);
    // A new hard run arrives: a second version, and the first one's error on
    // the result it never saw is tracked.
    import(&tempo, dir.path(), later).await;
    let m = metrics::fitness_model(&tempo).await.expect("model");
    assert_eq!(m.fits.len(), 2);
    assert!(m.fits[1].version > m.fits[0].version);
    assert!(m.fits[0].later_points >= 1);
    assert!(m.fits[0].later_rmse.is_some());
    assert_eq!(m.fits[1].later_points, 0);
}

#[tokio::test]
async fn runs_get_rtss_and_pace_zones_and_rides_get_power_zones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tempo = common::open(&dir.path().join("tempo.db")).await;
    profile::update(
        &tempo,
        ProfileInput {
            ftp_w: Some(200.0),
            threshold_pace_s_per_km: Some(300.0),
            effective: Some(day(2020, 1, 1)),
            ..Default::default()
        },
    )
    .await
    .expect("profile");
    let run = import(
        &tempo,
        dir.path(),
        &[(
            "flat",
            day(2026, 11, 20),
            vec![Stretch::run(1800, 3.0, 150.0)],
        )],
    )
    .await[0];
    let m = metrics::activity(&tempo, run).await.expect("metrics");
    let r = m.running.as_ref().expect("running");
    // Flat and steady: NGP is the speed. IF = 3.0 / (1000/300) = 0.9, and
    // rTSS = 0.5 h × 0.9² × 100 = 40.5.
    assert!((r.normalized_graded_speed_mps - 3.0).abs() < 0.01, "{r:?}");
    assert!(
        (r.intensity_factor.expect("if") - 0.9).abs() < 0.005,
        "{r:?}"
    );
    assert!((r.rtss.expect("rtss") - 40.5).abs() < 0.3, "{r:?}");
    assert_eq!(m.load.as_ref().map(|l| l.metric.as_str()), Some("rtss"));
    let pace = m.pace_zones.as_ref().expect("pace zones");
    assert_eq!(pace.model, "daniels");
    assert_eq!(pace.bands[0].low, None, "the bottom band is open below");
    assert_eq!(
        pace.bands.last().and_then(|b| b.high),
        None,
        "the top band is open above"
    );
    for w in pace.bands.windows(2) {
        assert_eq!(w[0].high, w[1].low, "bands are contiguous");
    }
    let total: u32 = pace.bands.iter().map(|b| b.seconds).sum();
    assert!((1800..=1801).contains(&total), "{total}");

    let start = Utc.from_utc_datetime(&day(2026, 11, 21).and_hms_opt(7, 0, 0).expect("time"));
    let ride = common::write_gpx(
        dir.path(),
        "ride",
        "cycling",
        start,
        &[
            Stretch {
                seconds: 1200,
                speed_mps: 8.0,
                hr: 130.0,
                watts: 150.0,
            },
            Stretch {
                seconds: 600,
                speed_mps: 9.0,
                hr: 160.0,
                watts: 250.0,
            },
        ],
    );
    activities::import(&tempo, &[ride], |_| {}, &CancelFlag::default())
        .await
        .expect("import");
    let list = activities::list(&tempo, &ActivityFilter::default())
        .await
        .expect("list");
    let id = list
        .activities
        .iter()
        .find(|a| a.name.as_deref() == Some("ride"))
        .expect("ride")
        .id;
    let m = metrics::activity(&tempo, id).await.expect("metrics");
    let zones = m.power_zones.as_ref().expect("power zones");
    assert_eq!(zones.model, "coggan");
    // Coggan at FTP 200: 110, 150, 180, 210, 240 and 300 W. 150 W is the top
    // of Z2 ("56–75 %"), 250 W is in Z6 (121–150 %).
    let bounds: Vec<Option<f64>> = zones.bands.iter().map(|b| b.high).collect();
    assert_eq!(
        bounds,
        [
            Some(110.0),
            Some(150.0),
            Some(180.0),
            Some(210.0),
            Some(240.0),
            Some(300.0),
            None
        ]
    );
    let secs: Vec<u32> = zones.bands.iter().map(|b| b.seconds).collect();
    assert!((1200..=1201).contains(&secs[1]), "{secs:?}");
    assert_eq!(secs[5], 600, "{secs:?}");
    assert_eq!(secs.iter().sum::<u32>(), secs[1] + secs[5]);
    // Power beats pace and heart rate in the load order.
    assert_eq!(m.load.as_ref().map(|l| l.metric.as_str()), Some("tss"));
    // Efficiency from power: NP / average HR.
    let e = m.efficiency.as_ref().expect("efficiency");
    assert_eq!(e.basis, "power");
    let np = m.power.as_ref().expect("power").normalized_w;
    assert!(
        (e.factor - np / 140.0).abs() < 0.02,
        "{} vs {}",
        e.factor,
        np / 140.0
    );
}

#[tokio::test]
async fn the_load_model_is_stored_checked_and_used_by_the_series() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tempo = common::open(&dir.path().join("tempo.db")).await;
    athlete(&tempo, 190.0).await;
    let id = import(
        &tempo,
        dir.path(),
        &[(
            "one",
            day(2026, 11, 20),
            vec![Stretch::run(3600, 3.0, 150.0)],
        )],
    )
    .await[0];
    let load = metrics::activity(&tempo, id)
        .await
        .expect("metrics")
        .load
        .expect("load")
        .value;
    let ctl_on_the_day = |tempo: &Tempo| {
        let tempo = tempo.clone();
        async move {
            metrics::load_series(&tempo, Some(day(2026, 11, 20)), Some(day(2026, 11, 20)))
                .await
                .expect("series")[0]
                .ctl
        }
    };
    assert_eq!(
        metrics::load_model(&tempo).await.expect("model"),
        metrics::LoadModel::default()
    );
    // Linear, τ = 42: one day of load L from zero gives L/42.
    assert!((ctl_on_the_day(&tempo).await - load / 42.0).abs() < 0.01);
    metrics::set_load_model(
        &tempo,
        metrics::LoadModel {
            ctl_days: 28.0,
            atl_days: 7.0,
            form: "exponential".into(),
        },
    )
    .await
    .expect("set");
    // Exponential, τ = 28: L·(1 − e^(−1/28)).
    let expected = load * (1.0 - (-1.0f64 / 28.0).exp());
    assert!((ctl_on_the_day(&tempo).await - expected).abs() < 0.01);
    for bad in [
        metrics::LoadModel {
            ctl_days: 7.0,
            atl_days: 7.0,
            form: "linear".into(),
        },
        metrics::LoadModel {
            ctl_days: 0.5,
            atl_days: 0.2,
            form: "linear".into(),
        },
        metrics::LoadModel {
            ctl_days: 42.0,
            atl_days: 7.0,
            form: "weekly".into(),
        },
    ] {
        let err = metrics::set_load_model(&tempo, bad)
            .await
            .expect_err("refused");
        assert_eq!(err.code, ErrorCode::InvalidInput);
    }
    // The refused changes left the stored model alone.
    assert_eq!(
        metrics::load_model(&tempo).await.expect("model").ctl_days,
        28.0
    );
}

#[tokio::test]
async fn every_heart_rate_zone_model_the_thresholds_allow_is_offered() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tempo = common::open(&dir.path().join("tempo.db")).await;
    profile::update(
        &tempo,
        ProfileInput {
            max_hr: Some(190.0),
            resting_hr: Some(50.0),
            lthr: Some(170.0),
            effective: Some(day(2020, 1, 1)),
            ..Default::default()
        },
    )
    .await
    .expect("profile");
    let id = import(
        &tempo,
        dir.path(),
        &[(
            "z",
            day(2026, 11, 20),
            vec![Stretch::run(600, 3.0, 140.0), Stretch::run(600, 3.5, 162.0)],
        )],
    )
    .await[0];
    let heart = metrics::activity(&tempo, id)
        .await
        .expect("metrics")
        .heart
        .expect("heart");
    let names: Vec<&str> = heart.zone_models.iter().map(|m| m.model.as_str()).collect();
    assert_eq!(names, ["friel_lthr", "percent_hrmax", "karvonen_hrr"]);
    assert_eq!(heart.zone_model.as_deref(), Some("friel_lthr"));
    assert_eq!(heart.zones, heart.zone_models[0].zones);
    // Karvonen: 70 % of the reserve is 50 + 0.7 × 140 = 148 bpm, 80 % is 162:
    // 140 bpm is in Z2 (60–70 %), 162 bpm starts Z4.
    let k = &heart.zone_models[2].zones;
    assert_eq!(k[3].low_bpm, Some(148.0));
    assert_eq!(k[4].low_bpm, Some(162.0));
    assert!((600..=601).contains(&k[2].seconds), "{k:?}");
    assert_eq!(k[4].seconds, 600);
    for m in &heart.zone_models {
        let total: u32 = m.zones.iter().map(|z| z.seconds).sum();
        assert!((1200..=1201).contains(&total), "{}: {total}", m.model);
    }
}
