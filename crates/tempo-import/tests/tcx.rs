//! TCX import through the public API (`tempo_import::parse`), so format
//! detection is exercised too.

mod common;

use chrono::{DateTime, Utc};
use common::{assert_close, assert_column, corpus_file, fixture};
use proptest::prelude::*;
use tempo_domain::activity::{Channel, ParsedActivity, SourceFormat, Sport, SubSport};
use tempo_import::{ImportError, Parsed, parse};

fn only_activity(parsed: &Parsed) -> &ParsedActivity {
    assert_eq!(parsed.format, SourceFormat::Tcx);
    assert_eq!(parsed.activities.len(), 1, "{:?}", parsed.warnings);
    &parsed.activities[0]
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn max(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::MIN, f64::max)
}

/// `tests/fixtures/tcx/run_two_laps.tcx`, by hand:
///
/// | s  | lap | track | HR  | RunCadence | Watts | Distance |
/// |----|-----|-------|-----|------------|-------|----------|
/// | 0  | 1   | 1     | 100 | 80         | 200   | 0        |
/// | 2  | 1   | 1     | 110 | 82         | 220   | 6        |
/// | 4  | 1   | 1     | 120 | 84         | 240   | 12       |
/// | 10 | 1   | 2     | 130 | 86         | 250   | 14       |
/// | 12 | 1   | 2     | 132 | 84         | 260   | 20       |
/// | 13 | 2   | 3     | 140 | 88         | 270   | 22       |
/// | 15 | 2   | 3     | 142 | 90         | 300   | 26       |
/// | –  | 2   | 3     | 150 (no time: skipped)                 |
/// | 17 | 2   | 3     | 144 | 86         | 280   | 30       |
///
/// Lap 1: timer 7 s, 20 m, 3 kcal, HR 115/132, max speed 3.5, LX AvgSpeed 2.9,
/// run cadence 81/86, power 230/260. Lap 2 (from 13 s): timer 4 s, 10 m,
/// 2 kcal, HR 142/144, max speed 4.0, no AvgSpeed, run cadence 88/90, power 283/300.
#[test]
fn tcx_two_laps_two_tracks_and_extensions() {
    let parsed = parse(&fixture("tcx/run_two_laps.tcx")).expect("parses");
    assert_eq!(parsed.warnings, ["1 trackpoint without a time was skipped"]);
    let a = only_activity(&parsed);
    assert_eq!((a.sport, a.sub_sport), (Sport::Running, SubSport::Generic));
    assert_eq!(a.start, utc("2024-03-02T09:00:00Z"));
    // The activity's <Notes> is its name; the first lap's "Felt good" is not.
    assert_eq!(a.name.as_deref(), Some("Intervals in the park"));
    assert_eq!(a.device.product.as_deref(), Some("Forerunner 255"));
    assert_eq!(a.device.manufacturer, None);

    // The pause between the two Tracks of lap 1 (4 s to 10 s) has no sample;
    // lap 2 follows lap 1 by a second, so nothing is missing there.
    let s = &a.streams;
    assert_eq!(s.time_s(), &[0, 1, 2, 3, 4, 10, 11, 12, 13, 14, 15, 16, 17]);
    assert_column(
        "heart rate",
        s.column(Channel::HeartRate),
        &[
            100.0, 105.0, 110.0, 115.0, 120.0, 130.0, 131.0, 132.0, 140.0, 141.0, 142.0, 143.0,
            144.0,
        ],
        1e-9,
    );
    // RunCadence is strides: doubled. The TPX of lap 2 has no prefix.
    assert_column(
        "cadence",
        s.column(Channel::Cadence),
        &[
            160.0, 162.0, 164.0, 166.0, 168.0, 172.0, 170.0, 168.0, 176.0, 178.0, 180.0, 176.0,
            172.0,
        ],
        1e-9,
    );
    assert_column(
        "power",
        s.column(Channel::Power),
        &[
            200.0, 210.0, 220.0, 230.0, 240.0, 250.0, 255.0, 260.0, 270.0, 285.0, 300.0, 290.0,
            280.0,
        ],
        1e-9,
    );
    // The device's distance is kept, not derived from positions.
    assert_column(
        "distance",
        s.column(Channel::Distance),
        &[
            0.0, 3.0, 6.0, 9.0, 12.0, 14.0, 17.0, 20.0, 22.0, 24.0, 26.0, 28.0, 30.0,
        ],
        1e-9,
    );
    assert!(s.has_gps() && s.column(Channel::Altitude).is_some());

    assert_eq!(a.laps.len(), 2);
    let (l1, l2) = (&a.laps[0], &a.laps[1]);
    assert_eq!((l1.start_offset_s, l2.start_offset_s), (0.0, 13.0));
    // Elapsed: to the next lap's start, and to its last trackpoint for the last lap.
    assert_eq!(
        (l1.totals.elapsed_s, l2.totals.elapsed_s),
        (Some(13.0), Some(4.0))
    );
    assert_eq!(
        (l1.totals.timer_s, l2.totals.timer_s),
        (Some(7.0), Some(4.0))
    );
    assert_eq!(
        (l1.totals.distance_m, l2.totals.distance_m),
        (Some(20.0), Some(10.0))
    );
    // LX AvgSpeed when present, else distance over timer time: 10 m / 4 s.
    assert_eq!(
        (l1.totals.avg_speed_mps, l2.totals.avg_speed_mps),
        (Some(2.9), Some(2.5))
    );
    assert_eq!(
        (l1.totals.avg_cadence, l1.totals.max_cadence),
        (Some(162.0), Some(172.0))
    );
    assert_eq!(
        (l2.totals.avg_cadence, l2.totals.max_cadence),
        (Some(176.0), Some(180.0))
    );
    assert_eq!(
        (l1.totals.avg_power_w, l1.totals.max_power_w),
        (Some(230.0), Some(260.0))
    );
    assert_eq!(
        (l2.totals.avg_hr, l2.totals.max_hr),
        (Some(142.0), Some(144.0))
    );
    assert_eq!(l2.totals.calories_kcal, Some(2.0));

    let t = a.device_totals.as_ref().expect("device totals from laps");
    assert_eq!(t.timer_s, Some(11.0));
    assert_eq!(t.distance_m, Some(30.0));
    assert_eq!(t.calories_kcal, Some(5.0));
    assert_eq!(t.elapsed_s, Some(17.0));
    assert_eq!(t.max_hr, Some(144.0));
    assert_eq!(t.max_speed_mps, Some(4.0));
    assert_eq!(t.max_power_w, Some(300.0));
    assert_eq!(t.max_cadence, Some(180.0));
    // Timer-weighted: (115 × 7 + 142 × 4) / 11 = 124.82; (230 × 7 + 283 × 4) / 11 = 249.27;
    // (162 × 7 + 176 × 4) / 11 = 167.09; 30 m / 11 s = 2.727 m/s.
    assert_close("avg hr", t.avg_hr.unwrap_or(f64::NAN), 1373.0 / 11.0, 1e-9);
    assert_close(
        "avg power",
        t.avg_power_w.unwrap_or(f64::NAN),
        2742.0 / 11.0,
        1e-9,
    );
    assert_close(
        "avg cadence",
        t.avg_cadence.unwrap_or(f64::NAN),
        1838.0 / 11.0,
        1e-9,
    );
    assert_close(
        "avg speed",
        t.avg_speed_mps.unwrap_or(f64::NAN),
        30.0 / 11.0,
        1e-9,
    );
    assert_eq!((t.ascent_m, t.descent_m, t.moving_s), (None, None, None));
}

#[test]
fn tcx_laps_without_trackpoints_is_no_activity() {
    match parse(&fixture("tcx/laps_only.tcx")) {
        Err(ImportError::NoActivity(why)) => {
            assert!(why.contains("laps but no recorded trackpoints"), "{why}");
            assert!(why.contains("2024-04-01"), "names the activity: {why}");
        }
        other => panic!("expected NoActivity, got {other:?}"),
    }
}

#[test]
fn tcx_malformed_is_an_xml_error_with_its_place() {
    let doc = "<?xml version=\"1.0\"?>\n<TrainingCenterDatabase>\n<Activities><Activity Sport=\"Running\">\n<Id>2024-01-01T00:00:00Z</Lap>\n";
    match parse(doc.as_bytes()) {
        Err(ImportError::Xml { format, reason }) => {
            assert_eq!(format, "TCX");
            assert!(reason.contains("line 4"), "{reason}");
        }
        other => panic!("expected an XML error, got {other:?}"),
    }
}

#[test]
fn tcx_cut_short_keeps_what_came_before() {
    let text = String::from_utf8(fixture("tcx/run_two_laps.tcx")).expect("UTF-8 fixture");
    // Cut inside the second lap's first trackpoint.
    let cut = text.find("09:00:13.000Z</Time>").unwrap_or(text.len());
    let parsed = parse(&text.as_bytes()[..cut]).expect("what came before the cut is kept");
    let a = only_activity(&parsed);
    assert_eq!(a.streams.time_s(), &[0, 1, 2, 3, 4, 10, 11, 12]);
    assert_eq!(
        a.laps.len(),
        2,
        "the open lap keeps its figures read so far"
    );
    assert!(
        parsed.warnings.iter().any(|w| w.contains("cut short")),
        "{:?}",
        parsed.warnings
    );
}

#[test]
fn tcx_multisport_gives_one_activity_per_leg() {
    let leg = |sport: &str, minute: u32| {
        format!(
            r#"<Activity Sport="{sport}"><Id>2024-05-05T08:{minute:02}:00Z</Id><Lap StartTime="2024-05-05T08:{minute:02}:00Z"><TotalTimeSeconds>2</TotalTimeSeconds><Track>
            <Trackpoint><Time>2024-05-05T08:{minute:02}:00Z</Time><HeartRateBpm><Value>120</Value></HeartRateBpm><Cadence>90</Cadence></Trackpoint>
            <Trackpoint><Time>2024-05-05T08:{minute:02}:02Z</Time><HeartRateBpm><Value>124</Value></HeartRateBpm><Cadence>92</Cadence></Trackpoint>
            </Track></Lap></Activity>"#
        )
    };
    let doc = format!(
        r#"<TrainingCenterDatabase><Activities><MultiSportSession><Id>2024-05-05T08:00:00Z</Id><FirstSport>{}</FirstSport><NextSport>{}</NextSport></MultiSportSession></Activities></TrainingCenterDatabase>"#,
        leg("Biking", 0),
        leg("Running", 30)
    );
    let parsed = parse(doc.as_bytes()).expect("parses");
    let sports: Vec<Sport> = parsed.activities.iter().map(|a| a.sport).collect();
    assert_eq!(sports, [Sport::Cycling, Sport::Running]);
    // `Cadence` is rpm on the bike and strides in the run.
    let cadence = |i: usize| {
        parsed.activities[i]
            .streams
            .column(Channel::Cadence)
            .map(<[f64]>::to_vec)
    };
    assert_eq!(cadence(0), Some(vec![90.0, 91.0, 92.0]));
    assert_eq!(cadence(1), Some(vec![180.0, 182.0, 184.0]));
}

// Real files from the corpus. Figures counted with Python's ElementTree.

#[test]
fn corpus_run_garmin_fenix6() {
    let Some(bytes) = corpus_file("tcx", "20210119_run_garmin_fenix6.tcx") else {
        return;
    };
    let parsed = parse(&bytes).expect("parses");
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let a = only_activity(&parsed);
    assert_eq!(a.sport, Sport::Running);
    assert_eq!(a.start, utc("2021-01-19T23:30:50Z"));
    assert_eq!(a.device.product.as_deref(), Some("fenix 6 Sapphire"));
    // 1 232 trackpoints one second apart, 0 to 1 231 s.
    assert_eq!(a.streams.len(), 1232);
    assert_eq!(a.streams.time_s().last(), Some(&1231));
    // One lap of 5 124.84 m in 1 230.479 s; its distance is the activity's.
    assert_eq!(a.laps.len(), 1);
    let lap = &a.laps[0].totals;
    let t = a.device_totals.as_ref().expect("device totals");
    assert_eq!(lap.distance_m, Some(5124.84));
    assert_eq!(t.distance_m, lap.distance_m);
    assert_eq!(t.timer_s, Some(1230.479));
    assert_eq!(t.calories_kcal, Some(268.0));
    assert_eq!((t.avg_hr, t.max_hr), (Some(157.0), Some(189.0)));
    assert_eq!(t.elapsed_s, Some(1231.0));
    // LX AvgRunCadence 91 and MaxRunCadence 99 strides: 182 and 198 steps.
    assert_eq!((t.avg_cadence, t.max_cadence), (Some(182.0), Some(198.0)));
    // Trackpoint RunCadence: first 0, last 60, at most 99 strides.
    let cad = a.streams.column(Channel::Cadence).expect("cadence");
    assert_eq!((cad[0], cad[cad.len() - 1], max(cad)), (0.0, 120.0, 198.0));
    // The device's cumulative distance ends at 5 124.84 m; heart rate peaks at 189.
    let d = a.streams.column(Channel::Distance).expect("distance");
    assert_close("distance", d[d.len() - 1], 5124.84, 0.01);
    assert_eq!(a.streams.column(Channel::HeartRate).map(max), Some(189.0));
    assert!(a.streams.column(Channel::Power).is_none());
}

#[test]
fn corpus_virtual_ride_with_power() {
    let Some(bytes) = corpus_file("tcx", "20210308_virtual_ride_with_power.tcx") else {
        return;
    };
    let parsed = parse(&bytes).expect("parses");
    let a = only_activity(&parsed);
    assert_eq!(a.sport, Sport::Cycling);
    assert_eq!(a.start, utc("2021-03-08T21:32:20Z"));
    // No <Creator> in this file.
    assert_eq!(a.device.product, None);
    // 1 434 trackpoints, the first a second after <Id>: grid 1..=1434.
    assert_eq!(a.streams.len(), 1434);
    assert_eq!(a.streams.time_s().first(), Some(&1));
    assert_eq!(a.streams.time_s().last(), Some(&1434));
    assert_eq!(a.laps.len(), 1);
    let t = a.device_totals.as_ref().expect("device totals");
    assert_eq!(t.distance_m, a.laps[0].totals.distance_m);
    assert_eq!(t.distance_m, Some(16189.83));
    assert_eq!((t.avg_power_w, t.max_power_w), (Some(210.0), Some(462.0)));
    // Lap <Cadence> 108 rpm, MaxBikeCadence 108: bike cadence is not doubled.
    assert_eq!((t.avg_cadence, t.max_cadence), (Some(108.0), Some(108.0)));
    let power = a.streams.column(Channel::Power).expect("power");
    // Watts on every trackpoint: 216 first, 462 at most, mean 209.598 (≈ AvgWatts 210).
    assert_eq!((power[0], max(power)), (216.0, 462.0));
    let mean = power.iter().sum::<f64>() / power.len() as f64;
    assert_close("mean power", mean, 209.598, 0.001);
    assert_eq!(a.streams.column(Channel::Cadence).map(max), Some(108.0));
}

#[test]
fn corpus_yoga_without_gps() {
    let Some(bytes) = corpus_file("tcx", "20210323_yoga.tcx") else {
        return;
    };
    let parsed = parse(&bytes).expect("parses");
    let a = only_activity(&parsed);
    assert_eq!(a.sport, Sport::Other);
    // 1 170 trackpoints with only a time and a heart rate (and an empty TPX).
    assert_eq!(a.streams.len(), 1170);
    assert_eq!(
        a.streams.channels().collect::<Vec<_>>(),
        [Channel::HeartRate]
    );
    assert!(!a.streams.has_gps());
    let hr = a.streams.column(Channel::HeartRate).expect("heart rate");
    assert_eq!((hr[0], hr[hr.len() - 1], max(hr)), (60.0, 69.0, 93.0));
    let t = a.device_totals.as_ref().expect("device totals");
    assert_eq!(t.timer_s, Some(1169.25));
    assert_eq!(t.distance_m, Some(0.0));
    assert_eq!(t.calories_kcal, Some(33.0));
    assert_eq!((t.avg_hr, t.max_hr), (Some(69.0), Some(93.0)));
    assert_eq!((t.avg_power_w, t.avg_cadence), (None, None));
}

// No panic on any input.

/// Pieces of TCX, so random documents get into activities, laps and trackpoints.
fn tcx_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<Activities>".to_owned()),
        Just("<Activity Sport=\"Running\">".to_owned()),
        Just("</Activity>".to_owned()),
        Just("<Lap StartTime=\"2021-01-01T00:00:00Z\">".to_owned()),
        Just("</Lap>".to_owned()),
        Just("<Track>".to_owned()),
        Just("</Track>".to_owned()),
        Just("<Trackpoint>".to_owned()),
        Just("</Trackpoint>".to_owned()),
        Just("<Trackpoint/>".to_owned()),
        Just("<HeartRateBpm><Value>150</Value></HeartRateBpm>".to_owned()),
        Just(
            "<Extensions><TPX><RunCadence>90</RunCadence><Watts>-1e400</Watts></TPX></Extensions>"
                .to_owned()
        ),
        Just("<Creator><Name>a &amp; b</Name></Creator>".to_owned()),
        "<Id>[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z</Id>",
        "<Time>[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:?[0-9]{2})?</Time>",
        "<(TotalTimeSeconds|DistanceMeters|Calories)>-?[0-9]{1,12}(\\.[0-9]*)?</(TotalTimeSeconds|DistanceMeters|Calories)>",
        "[<>&/\"a-z ]{0,8}",
    ]
}

proptest! {
    #[test]
    fn random_bytes_after_a_tcx_root_do_not_panic(tail in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut bytes = b"<TrainingCenterDatabase>".to_vec();
        bytes.extend(tail);
        let _ = parse(&bytes);
    }

    #[test]
    fn random_tcx_documents_do_not_panic(pieces in proptest::collection::vec(tcx_piece(), 0..64)) {
        let doc = format!("<TrainingCenterDatabase>{}</TrainingCenterDatabase>", pieces.concat());
        if let Ok(parsed) = parse(doc.as_bytes()) {
            for a in &parsed.activities {
                prop_assert!(a.streams.len() >= 2);
            }
        }
    }
}

#[test]
fn every_truncation_of_a_fixture_is_handled() {
    common::assert_truncations_handled("tcx/run_two_laps.tcx");
}

/// Throughput on a large generated file; run with
/// `cargo test --release -p tempo-import --test tcx -- --ignored --nocapture`.
#[test]
#[ignore = "timing, run by hand in release"]
fn throughput_on_a_large_tcx() {
    use std::fmt::Write;
    // 24 hours at 1 Hz in one lap, with every trackpoint field Garmin writes.
    let n = 86_400;
    let mut doc = String::from(
        r#"<?xml version="1.0"?><TrainingCenterDatabase xmlns:ns3="urn:ax"><Activities><Activity Sport="Running"><Id>2024-01-01T00:00:00Z</Id><Lap StartTime="2024-01-01T00:00:00Z"><TotalTimeSeconds>86400</TotalTimeSeconds><Track>"#,
    );
    for i in 0..n {
        let _ = write!(
            doc,
            "\n<Trackpoint><Time>2024-01-01T{:02}:{:02}:{:02}.000Z</Time><Position><LatitudeDegrees>{:.14}</LatitudeDegrees><LongitudeDegrees>{:.14}</LongitudeDegrees></Position><AltitudeMeters>{:.12}</AltitudeMeters><DistanceMeters>{:.1}</DistanceMeters><HeartRateBpm><Value>{}</Value></HeartRateBpm><Extensions><ns3:TPX><ns3:Speed>{:.12}</ns3:Speed><ns3:RunCadence>{}</ns3:RunCadence></ns3:TPX></Extensions></Trackpoint>",
            i / 3600,
            (i / 60) % 60,
            i % 60,
            45.0 + f64::from(i) * 1e-5,
            6.0 + f64::from(i) * 1e-5,
            100.0 + f64::from(i % 100) / 7.0,
            f64::from(i) * 3.0,
            120 + i % 50,
            3.0 + f64::from(i % 10) / 3.0,
            80 + i % 10,
        );
    }
    doc.push_str("</Track></Lap></Activity></Activities></TrainingCenterDatabase>");
    let started = std::time::Instant::now();
    let parsed = parse(doc.as_bytes()).expect("parses");
    let secs = started.elapsed().as_secs_f64();
    let mb = doc.len() as f64 / 1e6;
    eprintln!("{mb:.1} MB in {secs:.3} s: {:.1} MB/s", mb / secs);
    assert_eq!(parsed.activities[0].streams.len(), n as usize);
}
