//! GPX import through the public API (`tempo_import::parse`), so format
//! detection is exercised too.
//!
//! Distances below are worked out by hand with the haversine formula on the
//! domain's Earth radius (6 371 008.8 m): 0.0001° of latitude is
//! 6 371 008.8 × 0.0001 × π/180 = 11.1195 m, whatever the longitude.

mod common;

use chrono::{DateTime, Utc};
use common::{assert_close, assert_column, corpus_file, corpus_files, fixture};
use proptest::prelude::*;
use tempo_domain::activity::{Channel, ParsedActivity, SourceFormat, Sport};
use tempo_import::{ImportError, Parsed, parse};

fn only_activity(parsed: &Parsed) -> &ParsedActivity {
    assert_eq!(parsed.format, SourceFormat::Gpx);
    assert_eq!(parsed.activities.len(), 1, "{:?}", parsed.warnings);
    &parsed.activities[0]
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn last_distance(a: &ParsedActivity) -> f64 {
    a.streams
        .column(Channel::Distance)
        .and_then(|d| d.last().copied())
        .unwrap_or(f64::NAN)
}

#[test]
fn gpx_1_0_with_speed_offsets_and_fractional_times() {
    let parsed = parse(&fixture("gpx/gpx10_speed.gpx")).expect("parses");
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let a = only_activity(&parsed);
    // 12:00:02+02:00 is 10:00:02Z; 10:00:04.500Z is fractional; the last time
    // has no zone and is read as UTC: points at 0, 2, 4.5 and 6 s.
    assert_eq!(a.start, utc("2020-05-01T10:00:00Z"));
    assert_eq!(a.streams.time_s(), &[0, 1, 2, 3, 4, 5, 6]);
    // The track has no name: the file's (GPX 1.0 `<gpx><name>`) is used.
    assert_eq!(a.name.as_deref(), Some("Lunch ride"));
    assert_eq!(a.sport, Sport::Other);
    assert_eq!(a.device.manufacturer.as_deref(), Some("eTrex Legend"));
    assert_eq!(a.device.product, None);
    assert!(a.device_totals.is_none() && a.laps.is_empty() && a.utc_offset_s.is_none());
    // Speed is the file's, not derived: 4.0 m/s at 2 s to 5.0 at 4.5 s gives
    // 4.0 + 1.0 × (1/2.5) = 4.4 at 3 s and 4.8 at 4 s.
    assert_column(
        "speed",
        a.streams.column(Channel::Speed),
        &[3.0, 3.5, 4.0, 4.4, 4.8, 5.0, 5.0],
        1e-9,
    );
    // 104 m at 4.5 s to 106 m at 6 s: 104 + 2 × (0.5/1.5) at 5 s.
    assert_column(
        "altitude",
        a.streams.column(Channel::Altitude),
        &[100.0, 101.0, 102.0, 102.8, 103.6, 104.0 + 2.0 / 3.0, 106.0],
        1e-9,
    );
    // Due north by 0.0006°: 6 × 11.1195 = 66.717 m.
    assert_close("distance", last_distance(a), 66.717, 0.01);
}

#[test]
fn gpx_1_1_track_point_extension_v2_and_power() {
    let parsed = parse(&fixture("gpx/tpx_v2_power.gpx")).expect("parses");
    assert_eq!(parsed.warnings, ["1 trackpoint without a time was skipped"]);
    let a = only_activity(&parsed);
    assert_eq!(
        a.name.as_deref(),
        Some("Morning Run"),
        "the track's name wins over the file's"
    );
    assert_eq!(a.sport, Sport::Running);
    assert_eq!(a.device.manufacturer.as_deref(), Some("StravaGPX Android"));
    // Points at 0, 4 and 5 s (the untimed one is skipped).
    assert_eq!(a.streams.time_s(), &[0, 1, 2, 3, 4, 5]);
    // 120 bpm at 0 s to 140 at 4 s, linearly.
    assert_column(
        "heart rate",
        a.streams.column(Channel::HeartRate),
        &[120.0, 125.0, 130.0, 135.0, 140.0, 141.0],
        1e-9,
    );
    // Running cadence is strides (85, 89, 90) stored as steps: doubled.
    assert_column(
        "cadence",
        a.streams.column(Channel::Cadence),
        &[170.0, 172.0, 174.0, 176.0, 178.0, 180.0],
        1e-9,
    );
    assert_column(
        "temperature",
        a.streams.column(Channel::Temperature),
        &[18.5, 18.375, 18.25, 18.125, 18.0, 18.0],
        1e-9,
    );
    // `<power>` (Strava) at 0 s, `PowerInWatts` (gpxpx) at 4 and 5 s.
    assert_column(
        "power",
        a.streams.column(Channel::Power),
        &[200.0, 210.0, 220.0, 230.0, 240.0, 250.0],
        1e-9,
    );
    // TrackPointExtension v2 speed is kept rather than derived.
    assert_column(
        "speed",
        a.streams.column(Channel::Speed),
        &[2.5, 2.75, 3.0, 3.25, 3.5, 3.6],
        1e-9,
    );
    // Due north from 48.8500° to 48.8505°: 5 × 11.1195 = 55.598 m.
    assert_close("distance", last_distance(a), 55.598, 0.01);
}

#[test]
fn gpx_segments_are_pauses() {
    let parsed = parse(&fixture("gpx/two_segments.gpx")).expect("parses");
    let a = only_activity(&parsed);
    assert_eq!(a.sport, Sport::Cycling);
    // The first segment ends at 3 s, the second starts at 10 s: a 7 s gap short
    // enough to be interpolated, were it not a segment boundary.
    assert_eq!(a.streams.time_s(), &[0, 1, 2, 3, 10, 11, 12]);
    assert_column(
        "heart rate",
        a.streams.column(Channel::HeartRate),
        &[100.0, 101.0, 102.0, 103.0, 90.0, 95.0, 99.0],
        1e-9,
    );
    // Cycling cadence is rpm, kept as is.
    assert_column(
        "cadence",
        a.streams.column(Channel::Cadence),
        &[80.0, 82.0, 84.0, 86.0, 0.0, 70.0, 88.0],
        1e-9,
    );
    // Within each segment, due north: 3 × 11.1195 = 33.359 m, then 2 × 11.1195 = 22.239 m.
    let d = a
        .streams
        .column(Channel::Distance)
        .expect("derived distance");
    assert_close("first segment", d[3] - d[0], 33.359, 0.01);
    assert_close("second segment", d[6] - d[4], 22.239, 0.01);
}

#[test]
fn gpx_route_only_is_no_activity() {
    match parse(&fixture("gpx/route_only.gpx")) {
        Err(ImportError::NoActivity(why)) => {
            assert_eq!(
                why,
                "the GPX holds a route without timestamps, not a recorded activity"
            );
        }
        other => panic!("expected NoActivity, got {other:?}"),
    }
}

#[test]
fn gpx_with_bom_crlf_and_no_declaration() {
    let bytes = fixture("gpx/bom_no_declaration.gpx");
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF<gpx"),
        "the fixture keeps its BOM"
    );
    let parsed = parse(&bytes).expect("parses");
    let a = only_activity(&parsed);
    assert_eq!(a.name.as_deref(), Some("BOM, no declaration, CRLF"));
    assert_eq!(a.start, utc("2021-02-03T07:00:00Z"));
    assert_eq!(a.streams.time_s(), &[0, 1, 2]);
    assert_close("distance", last_distance(a), 11.1195, 0.001);
}

#[test]
fn gpx_malformed_is_an_xml_error_with_its_place() {
    match parse(&fixture("gpx/malformed.gpx")) {
        Err(ImportError::Xml { format, reason }) => {
            assert_eq!(format, "GPX");
            // `</metadata>` closes `<name>` on line 3.
            assert!(reason.contains("line 3"), "{reason}");
            assert!(reason.contains("metadata"), "{reason}");
        }
        other => panic!("expected an XML error, got {other:?}"),
    }
}

#[test]
fn gpx_cut_short_keeps_what_came_before() {
    let bytes = fixture("gpx/tpx_v2_power.gpx");
    let text = String::from_utf8(bytes).expect("UTF-8 fixture");
    // Cut inside the last point, at 5 s: the points at 0 and 4 s remain.
    let cut = text.rfind("<trkpt").map_or(text.len(), |i| i + 20);
    let parsed = parse(&text.as_bytes()[..cut]).expect("what came before the cut is kept");
    let a = only_activity(&parsed);
    assert_eq!(a.streams.time_s(), &[0, 1, 2, 3, 4]);
    assert!(
        parsed.warnings.iter().any(|w| w.contains("cut short")),
        "{:?}",
        parsed.warnings
    );
}

#[test]
fn gpx_track_with_all_points_at_one_instant_is_no_activity() {
    let doc = r#"<gpx><trk><name>Day 01</name><trkseg>
        <trkpt lat="1" lon="2"><time>2019-08-12T23:45:00Z</time></trkpt>
        <trkpt lat="1.001" lon="2"><time>2019-08-12T23:45:00Z</time></trkpt>
        </trkseg></trk></gpx>"#;
    match parse(doc.as_bytes()) {
        Err(ImportError::NoActivity(why)) => assert!(why.contains("“Day 01”"), "{why}"),
        other => panic!("expected NoActivity, got {other:?}"),
    }
}

#[test]
fn gpx_points_out_of_order_are_sorted() {
    let doc = r#"<gpx><trk><trkseg>
        <trkpt lat="1" lon="2"><time>2020-01-01T00:00:02Z</time><ele>12</ele></trkpt>
        <trkpt lat="1" lon="2"><time>2020-01-01T00:00:00Z</time><ele>10</ele></trkpt>
        <trkpt lat="1" lon="2"><time>2020-01-01T00:00:04Z</time><ele>14</ele></trkpt>
        </trkseg></trk></gpx>"#;
    let parsed = parse(doc.as_bytes()).expect("parses");
    let a = only_activity(&parsed);
    // The start is the earliest time, not the first point's.
    assert_eq!(a.start, utc("2020-01-01T00:00:00Z"));
    assert_column(
        "altitude",
        a.streams.column(Channel::Altitude),
        &[10.0, 11.0, 12.0, 13.0, 14.0],
        1e-9,
    );
}

// Real files from the corpus.

#[test]
fn corpus_garmin_activity() {
    let Some(bytes) = corpus_file("gpx", "garmin-activity.gpx") else {
        return;
    };
    let parsed = parse(&bytes).expect("parses");
    let a = only_activity(&parsed);
    // Counted with ElementTree: 988 timed trkpts in one segment, 14:46:35 to
    // 16:18:13 (5 498 s), no gap over 15 s, so every second 0..=5498 is on the grid.
    assert_eq!(a.start, utc("2017-07-29T14:46:35Z"));
    assert_eq!(a.streams.len(), 5499);
    assert_eq!(a.streams.time_s().last(), Some(&5498));
    assert_eq!(a.name.as_deref(), Some("casual stroll"));
    assert_eq!(a.sport, Sport::Running);
    assert_eq!(a.device.manufacturer.as_deref(), Some("Garmin Connect"));
    // Every point has `ns3:hr`: first 74, last 147, highest 171.
    let hr = a.streams.column(Channel::HeartRate).expect("heart rate");
    assert_eq!((hr[0], hr[hr.len() - 1]), (74.0, 147.0));
    assert_eq!(hr.iter().copied().fold(f64::MIN, f64::max), 171.0);
    // `ns3:cad` 79 and at most 122 strides per minute in a run: 158 and 244 steps.
    let cad = a.streams.column(Channel::Cadence).expect("cadence");
    assert_eq!(cad[0], 158.0);
    assert_eq!(cad.iter().copied().fold(f64::MIN, f64::max), 244.0);
    // Haversine over consecutive points (all ≤ 15 s apart), in Python: 12 821.200 m.
    assert_close("distance", last_distance(a), 12_821.2, 1.0);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
}

#[test]
fn corpus_wahoo_example() {
    let Some(bytes) = corpus_file("gpx", "wahoo_example.gpx") else {
        return;
    };
    let parsed = parse(&bytes).expect("parses");
    let a = only_activity(&parsed);
    // Three points one second apart, all at the same place, each with an empty `<ele/>`.
    assert_eq!(a.streams.time_s(), &[0, 1, 2]);
    assert_eq!(a.start, utc("2022-04-24T20:54:33Z"));
    assert!(a.streams.column(Channel::Altitude).is_none());
    assert!(
        a.streams.column(Channel::HeartRate).is_none(),
        "the file has no heart rate"
    );
    assert_eq!(last_distance(a), 0.0);
    assert_eq!(a.name.as_deref(), Some("04/24/22"));
    assert_eq!(
        a.device.manufacturer.as_deref(),
        Some("http://ridewithgps.com/")
    );
}

#[test]
fn corpus_garmin_with_extensions() {
    let Some(bytes) = corpus_file("gpx", "garmin_with_extensions.gpx") else {
        return;
    };
    let parsed = parse(&bytes).expect("parses");
    let a = only_activity(&parsed);
    // Counted with ElementTree: 3 540 timed points in two segments, 04:31:11 to
    // 14:41:35 (36 624 s). Gridding them by definition (each point's second, the
    // seconds of gaps ≤ 15 s, none inside the 347–349 s segment pause) gives 31 664 seconds.
    assert_eq!(a.start, utc("2019-05-01T04:31:11Z"));
    assert_eq!(a.streams.len(), 31_664);
    assert_eq!(a.streams.time_s().last(), Some(&36_624));
    let t = a.streams.time_s();
    assert!(
        t.contains(&347) && !t.contains(&348) && t.contains(&349),
        "segment pause"
    );
    // The extensions here are track display colours: no sensor data.
    assert!(a.streams.column(Channel::HeartRate).is_none());
    assert!(a.streams.column(Channel::Altitude).is_some());
    assert_eq!(a.sport, Sport::Other, "no <type>");
    assert_eq!(a.device.manufacturer.as_deref(), Some("GPSMAP 64s"));
    // Haversine over consecutive points ≤ 15 s apart within each segment (no
    // distance across the pause between segments), in Python: 17 428.951 m.
    assert_close("distance", last_distance(a), 17_428.951, 0.01);
}

#[test]
fn corpus_every_gpx_parses_or_says_why() {
    let Some(files) = corpus_files("gpx") else {
        return;
    };
    for (name, bytes) in files {
        match parse(&bytes) {
            Ok(parsed) => {
                assert!(!parsed.activities.is_empty(), "{name}");
                for a in &parsed.activities {
                    assert!(a.streams.len() >= 2, "{name}: {} samples", a.streams.len());
                }
            }
            Err(ImportError::NoActivity(why)) => assert!(!why.is_empty(), "{name}"),
            Err(e) => panic!("{name}: {e}"),
        }
    }
}

#[test]
fn corpus_routes_and_plans_are_named_as_such() {
    for (name, want) in [
        ("strava_route_example.gpx", "route without timestamps"),
        (
            "ecology-trail-and-lovers-lane-loop.gpx",
            "route without timestamps",
        ),
        (
            "viking_with_route_extensions.gpx",
            "route without timestamps",
        ),
    ] {
        let Some(bytes) = corpus_file("gpx", name) else {
            return;
        };
        match parse(&bytes) {
            Err(ImportError::NoActivity(why)) => assert!(why.contains(want), "{name}: {why}"),
            other => panic!("{name}: expected NoActivity, got {other:?}"),
        }
    }
}

#[test]
fn corpus_caltopo_keeps_the_track_with_a_duration() {
    let Some(bytes) = corpus_file("gpx", "caltopo-export.gpx") else {
        return;
    };
    let parsed = parse(&bytes).expect("parses");
    // "Day 01" has its three points at one instant; "Day 02" runs 16:51 to 21:46.
    let a = only_activity(&parsed);
    assert_eq!(a.name.as_deref(), Some("Day 02"));
    assert_eq!(a.start, utc("2019-08-13T16:51:00Z"));
    assert!(
        parsed.warnings.iter().any(|w| w.contains("“Day 01”")),
        "{:?}",
        parsed.warnings
    );
}

// No panic on any input.

/// Pieces of GPX, so random documents get past the root and into tracks.
fn gpx_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<trk>".to_owned()),
        Just("</trk>".to_owned()),
        Just("<trkseg>".to_owned()),
        Just("</trkseg>".to_owned()),
        Just("<trkpt lat=\"45.1\" lon=\"6.2\">".to_owned()),
        Just("<trkpt lat=\"x\">".to_owned()),
        Just("</trkpt>".to_owned()),
        Just("<trkpt/>".to_owned()),
        Just("<extensions><hr>150</hr><cad>90</cad><power>1e308</power></extensions>".to_owned()),
        Just("<type>running</type>".to_owned()),
        Just("<name>a &amp; b &#x1F600; &bogus;</name>".to_owned()),
        "<time>[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:?[0-9]{2})?</time>",
        "<ele>-?[0-9]{1,12}(\\.[0-9]*)?</ele>",
        "[<>&/\"a-z ]{0,8}",
    ]
}

proptest! {
    #[test]
    fn random_bytes_after_a_gpx_root_do_not_panic(tail in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut bytes = b"<gpx>".to_vec();
        bytes.extend(tail);
        let _ = parse(&bytes);
    }

    #[test]
    fn random_gpx_documents_do_not_panic(pieces in proptest::collection::vec(gpx_piece(), 0..64)) {
        let doc = format!("<gpx>{}</gpx>", pieces.concat());
        if let Ok(parsed) = parse(doc.as_bytes()) {
            for a in &parsed.activities {
                prop_assert!(a.streams.len() >= 2);
            }
        }
    }
}

#[test]
fn every_truncation_of_a_fixture_is_handled() {
    common::assert_truncations_handled("gpx/tpx_v2_power.gpx");
}

/// Throughput on a large generated file; run with
/// `cargo test --release -p tempo-import --test gpx -- --ignored --nocapture`.
#[test]
#[ignore = "timing, run by hand in release"]
fn throughput_on_a_large_gpx() {
    use std::fmt::Write;
    // 24 hours at 1 Hz with heart rate, cadence, temperature and power.
    let n = 86_400;
    let mut doc = String::from(
        r#"<?xml version="1.0"?><gpx version="1.1" creator="bench" xmlns:gpxtpx="urn:tpx"><trk><type>running</type><trkseg>"#,
    );
    for i in 0..n {
        let _ = write!(
            doc,
            "\n<trkpt lat=\"{:.7}\" lon=\"{:.7}\"><ele>{:.1}</ele><time>2024-01-01T{:02}:{:02}:{:02}.000Z</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:atemp>21</gpxtpx:atemp><gpxtpx:hr>{}</gpxtpx:hr><gpxtpx:cad>{}</gpxtpx:cad></gpxtpx:TrackPointExtension><power>{}</power></extensions></trkpt>",
            45.0 + f64::from(i) * 1e-5,
            6.0 + f64::from(i) * 1e-5,
            100.0 + f64::from(i % 100),
            i / 3600,
            (i / 60) % 60,
            i % 60,
            120 + i % 50,
            80 + i % 10,
            200 + i % 100,
        );
    }
    doc.push_str("</trkseg></trk></gpx>");
    let started = std::time::Instant::now();
    let parsed = parse(doc.as_bytes()).expect("parses");
    let secs = started.elapsed().as_secs_f64();
    let mb = doc.len() as f64 / 1e6;
    eprintln!("{mb:.1} MB in {secs:.3} s: {:.1} MB/s", mb / secs);
    assert_eq!(parsed.activities[0].streams.len(), n as usize);
}
