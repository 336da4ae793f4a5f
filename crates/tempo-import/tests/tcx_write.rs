//! The TCX writer, checked by reading its output back with Tempo's own parser:
//! an export of an activity whose original file was not kept must import as
//! the same activity.

mod common;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use common::corpus_files;
use tempo_domain::activity::{Channel, Lap, ParsedActivity, Sport, Streams, Totals};
use tempo_import::tcx::{TcxActivity, write};
use tempo_import::{ImportError, parse};

/// How far a read-back value may be from the written one, per channel. The
/// defaults are the precision the writer keeps (module docs of `tcx::write`).
#[derive(Debug, Clone, Copy)]
struct Tolerance {
    degrees: f64,
    metres: f64,
    speed: f64,
    hr: f64,
    cadence: f64,
    power: f64,
}

/// What the format keeps of any value: 8 decimals of a degree, centimetres,
/// mm/s, and integers for heart rate, cadence and power (so up to half a
/// unit, and a whole step per minute for a running cadence written in strides).
const FORMAT: Tolerance = Tolerance {
    degrees: 5e-9 + 1e-12,
    metres: 0.005 + 1e-9,
    speed: 0.0005 + 1e-9,
    hr: 0.5,
    cadence: 1.0,
    power: 0.5,
};

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn to_tcx(a: &TcxActivity<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    write(&mut out, a).expect("write to memory");
    out
}

fn read_back(bytes: &[u8]) -> ParsedActivity {
    let parsed = parse(bytes).unwrap_or_else(|e| {
        panic!(
            "the written file does not parse: {e}\n{}",
            String::from_utf8_lossy(bytes)
        )
    });
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert_eq!(parsed.activities.len(), 1);
    parsed.activities.into_iter().next().expect("one activity")
}

/// Sample by sample: same time axis, same channels (temperature has no TCX
/// element), each value within its tolerance, missing where it was missing.
#[track_caller]
fn assert_same_streams(written: &Streams, read: &Streams, tol: Tolerance) {
    assert_eq!(read.time_s(), written.time_s(), "time axis");
    let want: Vec<Channel> = written
        .channels()
        .filter(|c| *c != Channel::Temperature)
        .collect();
    assert_eq!(read.channels().collect::<Vec<_>>(), want, "channels");
    for c in want {
        let t = match c {
            Channel::Latitude | Channel::Longitude => tol.degrees,
            Channel::Altitude | Channel::Distance => tol.metres,
            Channel::Speed => tol.speed,
            Channel::HeartRate => tol.hr,
            Channel::Cadence => tol.cadence,
            Channel::Power => tol.power,
            Channel::Temperature => unreachable!(),
        };
        let (w, r) = (
            written.column(c).expect("written"),
            read.column(c).expect("read"),
        );
        for (i, (a, b)) in w.iter().zip(r).enumerate() {
            let ok = if a.is_nan() {
                b.is_nan()
            } else {
                (a - b).abs() <= t
            };
            assert!(
                ok,
                "{} at sample {i} (t = {} s): wrote {a}, read {b} (± {t})",
                c.key(),
                written.time_s()[i]
            );
        }
    }
}

/// The whole-activity figures that matter for an export: start, duration and
/// distance (within 0.1 %), from the streams.
#[track_caller]
fn assert_same_activity(original: &TcxActivity<'_>, read: &ParsedActivity) {
    assert_eq!(read.start, original.start, "start");
    let (a, b) = (
        Totals::from_streams(original.streams, original.sport),
        read.computed_totals(),
    );
    assert_eq!(b.elapsed_s, a.elapsed_s, "elapsed");
    assert_eq!(b.timer_s, a.timer_s, "timer");
    if let (Some(x), Some(y)) = (a.distance_m, b.distance_m) {
        assert!((x - y).abs() <= 0.001 * x, "distance {x} vs {y}");
    } else {
        assert_eq!(a.distance_m, b.distance_m, "distance");
    }
}

fn streams(time: Vec<u32>, columns: Vec<(Channel, Vec<f64>)>) -> Streams {
    Streams::from_columns(time, columns.into_iter().collect::<BTreeMap<_, _>>())
        .expect("valid streams")
}

/// A loop around a lake at 1 Hz: position on a circle of `radius` metres,
/// distance along it, speed constant between changes.
fn loop_positions(speeds: &[f64], radius: f64) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let (lat0, lon0) = (45.188_5_f64, 5.724_5_f64);
    let m_per_deg_lat = 111_195.0;
    let m_per_deg_lon = m_per_deg_lat * lat0.to_radians().cos();
    let (mut lat, mut lon, mut dist) = (Vec::new(), Vec::new(), Vec::new());
    let mut d = 0.0;
    for (i, v) in speeds.iter().enumerate() {
        if i > 0 {
            d += v;
        }
        let angle = d / radius;
        lat.push(lat0 + radius * angle.sin() / m_per_deg_lat);
        lon.push(lon0 + radius * (1.0 - angle.cos()) / m_per_deg_lon);
        dist.push(d);
    }
    (lat, lon, dist)
}

#[test]
fn a_run_with_two_laps_comes_back_sample_by_sample() {
    let n = 1800u32;
    let time: Vec<u32> = (0..n).collect();
    // Warm-up, then faster: heart rate drifts up; cadence in steps, even
    // (devices count strides), running power from a pod.
    let speed: Vec<f64> = time
        .iter()
        .map(|&t| {
            if t < 900 {
                2.9
            } else {
                3.4 + 0.1 * f64::from(t % 7)
            }
        })
        .collect();
    let (lat, lon, dist) = loop_positions(&speed, 400.0);
    let alt: Vec<f64> = time
        .iter()
        .map(|&t| 212.0 + 8.0 * (f64::from(t) / 120.0).sin())
        .collect();
    let hr: Vec<f64> = time
        .iter()
        .map(|&t| 120.0 + (f64::from(t) / 40.0).floor().min(45.0))
        .collect();
    let cad: Vec<f64> = time
        .iter()
        .map(|&t| {
            if t < 900 {
                166.0
            } else {
                176.0 + 2.0 * f64::from(t % 3)
            }
        })
        .collect();
    let power: Vec<f64> = speed.iter().map(|v| (v * 75.0).round()).collect();
    let s = streams(
        time,
        vec![
            (Channel::Latitude, lat),
            (Channel::Longitude, lon),
            (Channel::Altitude, alt),
            (Channel::Distance, dist.clone()),
            (Channel::Speed, speed),
            (Channel::HeartRate, hr),
            (Channel::Cadence, cad),
            (Channel::Power, power),
        ],
    );
    let laps = [
        Lap {
            start_offset_s: 0.0,
            totals: Totals {
                timer_s: Some(900.0),
                distance_m: Some(dist[900]),
                avg_hr: Some(131.0),
                max_hr: Some(142.0),
                avg_cadence: Some(166.0),
                max_cadence: Some(166.0),
                calories_kcal: Some(180.0),
                ..Totals::default()
            },
        },
        // A lap the device recorded no figures for: ours fill it.
        Lap {
            start_offset_s: 900.0,
            totals: Totals::default(),
        },
    ];
    let activity = TcxActivity {
        sport: Sport::Running,
        start: utc("2026-03-14T07:30:00Z"),
        name: Some("Morning run"),
        device: Some("Forerunner 965"),
        laps: &laps,
        streams: &s,
    };
    let bytes = to_tcx(&activity);
    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
    assert!(text.starts_with(r#"<?xml version="1.0" encoding="UTF-8"?>"#));
    assert!(text.contains(r#"xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2""#));
    assert!(text.contains(r#"xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2""#));
    assert!(text.contains(r#"<Activity Sport="Running">"#));

    let read = read_back(&bytes);
    assert_eq!(read.sport, Sport::Running);
    assert_eq!(read.name.as_deref(), Some("Morning run"));
    assert_eq!(read.device.product.as_deref(), Some("Forerunner 965"));
    assert_same_activity(&activity, &read);
    // Integer heart rate and power, even step cadence: exact.
    let exact = Tolerance {
        hr: 0.0,
        cadence: 0.0,
        power: 0.0,
        ..FORMAT
    };
    assert_same_streams(&s, &read.streams, exact);

    assert_eq!(read.laps.len(), 2);
    assert_eq!(
        read.laps
            .iter()
            .map(|l| l.start_offset_s)
            .collect::<Vec<_>>(),
        [0.0, 900.0]
    );
    let (l1, l2) = (&read.laps[0].totals, &read.laps[1].totals);
    assert_eq!(l1.timer_s, Some(900.0));
    let d1 = l1.distance_m.expect("lap 1 distance");
    assert!((d1 - dist[900]).abs() <= FORMAT.metres, "{d1}");
    assert_eq!((l1.avg_hr, l1.max_hr), (Some(131.0), Some(142.0)));
    assert_eq!((l1.avg_cadence, l1.max_cadence), (Some(166.0), Some(166.0)));
    assert_eq!(l1.calories_kcal, Some(180.0));
    // The second lap's figures are computed from its samples (900..1799).
    let ours = Totals::from_streams(&s.window(900, n), Sport::Running);
    assert_eq!(l2.timer_s, ours.timer_s);
    let d2 = l2.distance_m.expect("lap 2 distance");
    assert!((d2 - ours.distance_m.expect("distance")).abs() < 0.005);
    assert_eq!(l2.max_hr, ours.max_hr);
    assert_eq!(l2.calories_kcal, Some(0.0));
    let p2 = l2.avg_power_w.expect("lap 2 power");
    assert!((p2 - ours.avg_power_w.expect("power")).abs() <= 0.5);
}

#[test]
fn a_ride_with_a_pause_and_a_heart_rate_dropout_comes_back() {
    // 20 min, a 5 min pause, 20 min more; the strap drops out for a minute.
    let time: Vec<u32> = (0..1200).chain(1500..2700).collect();
    let speed: Vec<f64> = time
        .iter()
        .map(|&t| 8.0 + 0.37 * f64::from(t % 11))
        .collect();
    let mut dist = Vec::with_capacity(time.len());
    let mut d = 0.0;
    for (i, v) in speed.iter().enumerate() {
        // No distance covered while paused.
        if i > 0 && time[i] - time[i - 1] == 1 {
            d += v;
        }
        dist.push(d);
    }
    let hr: Vec<f64> = time
        .iter()
        .map(|&t| {
            if (400..460).contains(&t) {
                f64::NAN
            } else {
                135.0 + f64::from(t % 17)
            }
        })
        .collect();
    // Interpolated values from smart recording are fractional.
    let cad: Vec<f64> = time
        .iter()
        .map(|&t| 84.0 + 0.3 * f64::from(t % 19))
        .collect();
    let power: Vec<f64> = time
        .iter()
        .map(|&t| {
            if t % 60 < 3 {
                0.0
            } else {
                180.0 + 0.5 * f64::from(t % 90)
            }
        })
        .collect();
    let s = streams(
        time,
        vec![
            (Channel::Distance, dist),
            (Channel::Speed, speed),
            (Channel::HeartRate, hr),
            (Channel::Cadence, cad),
            (Channel::Power, power),
            // Not in TCX: left out, and nothing else suffers.
            (Channel::Temperature, vec![18.0; 2400]),
        ],
    );
    let activity = TcxActivity {
        sport: Sport::Cycling,
        start: utc("2026-04-02T16:05:30.500Z"),
        name: None,
        device: None,
        laps: &[],
        streams: &s,
    };
    let bytes = to_tcx(&activity);
    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
    assert_eq!(
        text.matches("<Track>").count(),
        2,
        "one track per side of the pause"
    );
    assert_eq!(text.matches("<Lap ").count(), 1);

    let read = read_back(&bytes);
    assert_eq!(read.sport, Sport::Cycling);
    assert_eq!(read.name, None);
    assert_same_activity(&activity, &read);
    // Bike cadence is written in rpm, rounded: half a unit at most.
    let bike = Tolerance {
        cadence: 0.5,
        ..FORMAT
    };
    assert_same_streams(&s, &read.streams, bike);

    // One lap for the whole ride, with our figures.
    assert_eq!(read.laps.len(), 1);
    let lap = &read.laps[0].totals;
    let ours = Totals::from_streams(&s, Sport::Cycling);
    assert_eq!(lap.timer_s, ours.timer_s);
    assert_eq!(read.laps[0].start_offset_s, 0.0);
    let avg = lap.avg_power_w.expect("average power");
    assert!((avg - ours.avg_power_w.expect("power")).abs() <= 0.5);
    assert_eq!(lap.max_hr, ours.max_hr);
}

#[test]
fn names_that_need_escaping_survive() {
    let s = streams(
        vec![0, 1, 2],
        vec![(Channel::HeartRate, vec![100.0, 101.0, 102.0])],
    );
    let name = r#"6×400 <hills> & "sprints" — it's 'fun' é"#;
    let activity = TcxActivity {
        sport: Sport::Strength,
        start: utc("2026-01-01T10:00:00Z"),
        name: Some(name),
        device: Some("Edge <530> & co"),
        laps: &[],
        streams: &s,
    };
    let bytes = to_tcx(&activity);
    let read = read_back(&bytes);
    assert_eq!(read.name.as_deref(), Some(name));
    assert_eq!(read.device.product.as_deref(), Some("Edge <530> & co"));
    // Not Running or Biking: "Other", which is all the schema allows.
    assert_eq!(read.sport, Sport::Other);
    assert_same_streams(&s, &read.streams, FORMAT);

    // A control character cannot be in an XML document at all, even escaped:
    // it is dropped rather than making the file unreadable.
    let activity = TcxActivity {
        name: Some("bell\u{7} lap"),
        ..activity
    };
    let read = read_back(&to_tcx(&activity));
    assert_eq!(read.name.as_deref(), Some("bell lap"));
}

#[test]
fn empty_streams_write_a_document_no_reader_imports() {
    let s = Streams::default();
    let activity = TcxActivity {
        sport: Sport::Running,
        start: utc("2026-01-01T10:00:00Z"),
        name: None,
        device: None,
        laps: &[],
        streams: &s,
    };
    let bytes = to_tcx(&activity);
    assert!(matches!(parse(&bytes), Err(ImportError::NoActivity(_))));
}

/// Real device files: parsed, written, parsed again, each activity must come
/// back the same to the precision of the format.
#[test]
fn corpus_files_round_trip() {
    let Some(files) = corpus_files("tcx") else {
        return;
    };
    for (name, bytes) in files {
        let first = parse(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        for a in &first.activities {
            let activity = TcxActivity {
                sport: a.sport,
                start: a.start,
                name: a.name.as_deref(),
                device: a.device.product.as_deref(),
                laps: &a.laps,
                streams: &a.streams,
            };
            let read = read_back(&to_tcx(&activity));
            assert_eq!(read.sport, a.sport, "{name}");
            assert_eq!(read.device, a.device, "{name}");
            assert_same_activity(&activity, &read);
            assert_same_streams(&a.streams, &read.streams, FORMAT);
            assert_eq!(read.laps.len(), a.laps.len(), "{name}");
            for (x, y) in a.laps.iter().zip(&read.laps) {
                assert_eq!(y.start_offset_s, x.start_offset_s, "{name}");
                assert_eq!(y.totals.timer_s, x.totals.timer_s, "{name}");
                assert_eq!(y.totals.distance_m, x.totals.distance_m, "{name}");
                assert_eq!(y.totals.calories_kcal, x.totals.calories_kcal, "{name}");
                assert_eq!(y.totals.avg_hr, x.totals.avg_hr, "{name}");
                assert_eq!(y.totals.max_hr, x.totals.max_hr, "{name}");
            }
        }
    }
}
