//! FIT decoding checked against Garmin's own SDK.
//!
//! `tests/reference/garmin-sdk.json` holds what Garmin's Python FIT SDK
//! (garmin-fit-sdk 21.218.0, via `scripts/fit-reference.py`) decodes from the
//! real device files of the test corpus: session totals, record counts, file
//! types. Our device totals must equal the SDK's, session by session; our
//! streams must hold one sample per second of the recording.

mod common;

use serde_json::Value;
use tempo_domain::activity::{Channel, Sport};

fn reference() -> serde_json::Map<String, Value> {
    serde_json::from_str(include_str!("reference/garmin-sdk.json")).expect("reference JSON")
}

fn close(ours: Option<f64>, sdk: &Value, tol: f64, what: &str, file: &str) {
    match sdk.as_f64() {
        Some(v) => {
            let o = ours.unwrap_or_else(|| panic!("{file}: {what}: SDK has {v}, we have nothing"));
            assert!((o - v).abs() <= tol, "{file}: {what}: ours {o}, SDK {v}");
        }
        None => assert!(
            ours.is_none(),
            "{file}: {what}: SDK has none, we have {ours:?}"
        ),
    }
}

#[test]
fn session_totals_match_garmins_sdk() {
    let Some(dir) = common::corpus_dir("fit") else {
        return;
    };
    let mut checked = 0;
    for (file, r) in reference() {
        let bytes = std::fs::read(dir.join(&file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let sessions = r["sessions"].as_array().expect("sessions");
        let parsed = tempo_import::parse(&bytes);
        if r["file_type"] != "activity" || sessions.is_empty() {
            // Settings, workouts, weight scales, monitoring, and activity files
            // without a session or records: refused with a reason, not imported.
            if let Ok(p) = &parsed {
                assert!(r["record_count"].as_u64().unwrap_or(0) > 0, "{file}: {p:?}");
            } else {
                let e = parsed.unwrap_err().to_string();
                assert!(e.contains("no activity"), "{file}: {e}");
            }
            continue;
        }
        let parsed = parsed.unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(
            parsed.activities.len(),
            sessions.len(),
            "{file}: one activity per session"
        );
        for (a, s) in parsed.activities.iter().zip(sessions) {
            assert_eq!(
                a.start.timestamp(),
                s["start_time"].as_i64().expect("start"),
                "{file}"
            );
            let sport = Sport::from_label(s["sport"].as_str().expect("sport")).0;
            if sport != Sport::Other {
                assert_eq!(a.sport, sport, "{file}");
            }
            let d = a
                .device_totals
                .as_ref()
                .unwrap_or_else(|| panic!("{file}: no device totals"));
            close(d.distance_m, &s["total_distance"], 0.01, "distance", &file);
            close(d.timer_s, &s["total_timer_time"], 0.001, "timer", &file);
            close(
                d.elapsed_s,
                &s["total_elapsed_time"],
                0.001,
                "elapsed",
                &file,
            );
            close(d.avg_hr, &s["avg_heart_rate"], 0.0, "avg HR", &file);
            close(d.max_hr, &s["max_heart_rate"], 0.0, "max HR", &file);
            close(d.avg_speed_mps, &s["avg_speed"], 0.001, "avg speed", &file);
            close(d.max_power_w, &s["max_power"], 0.0, "max power", &file);
            close(
                d.calories_kcal,
                &s["total_calories"],
                0.0,
                "calories",
                &file,
            );
            close(d.ascent_m, &s["total_ascent"], 0.0, "ascent", &file);

            // 1 Hz: one sample per second of timer time (±2 s for the edges),
            // whether the device recorded every second or smart-recorded.
            let timer = s["total_timer_time"].as_f64().expect("timer");
            let n = a.streams.len() as f64;
            assert!(
                (n - timer).abs() <= 2.0 + 0.01 * timer,
                "{file}: {n} samples for {timer} s"
            );
            // Our distance from the streams agrees with the device's.
            let ours = a.computed_totals().distance_m.unwrap_or(0.0);
            let sdk = s["total_distance"].as_f64().unwrap_or(0.0);
            assert!(
                (ours - sdk).abs() <= 20.0 + 0.02 * sdk,
                "{file}: distance {ours} vs {sdk}"
            );
            checked += 1;
        }
        // Channels present in the records are present in the streams.
        let all: Vec<Channel> = parsed
            .activities
            .iter()
            .flat_map(|a| a.streams.channels())
            .collect();
        if r["records_with_heart_rate_unmerged"].as_u64().unwrap_or(0) > 0 {
            assert!(all.contains(&Channel::HeartRate), "{file}: HR lost");
        }
        if r["records_with_power"].as_u64().unwrap_or(0) > 0 {
            assert!(all.contains(&Channel::Power), "{file}: power lost");
        }
        if r["records_with_position"].as_u64().unwrap_or(0) > 0 {
            assert!(all.contains(&Channel::Latitude), "{file}: GPS lost");
        }
        if let Some(off) = r["activity_local_offset_s"].as_i64() {
            assert_eq!(
                parsed.activities[0].utc_offset_s,
                Some(off as i32),
                "{file}"
            );
        }
    }
    // Activity.fit (1), garmin-fenix-5-bike (1), hrv-activity (1), multisport (5).
    assert!(checked >= 8, "only {checked} sessions checked");
}

#[test]
fn multisport_file_gives_one_activity_per_leg() {
    let Some(bytes) = common::corpus_file("fit", "sample_mulitple_header.fit") else {
        return;
    };
    let p = tempo_import::parse(&bytes).expect("parse");
    let sports: Vec<Sport> = p.activities.iter().map(|a| a.sport).collect();
    assert_eq!(
        sports,
        [
            Sport::Swimming,
            Sport::Transition,
            Sport::Cycling,
            Sport::Transition,
            Sport::Running
        ]
    );
    // Legs follow each other and do not overlap.
    for w in p.activities.windows(2) {
        let end =
            w[0].start.timestamp() + w[0].streams.time_s().last().copied().unwrap_or(0) as i64;
        assert!(end <= w[1].start.timestamp(), "legs overlap");
    }
}

#[test]
fn indoor_ride_without_gps_has_power_and_no_position() {
    let Some(bytes) = common::corpus_file("fit", "hrv-activity.fit") else {
        return;
    };
    let a = &tempo_import::parse(&bytes).expect("parse").activities[0];
    assert!(!a.streams.has_gps());
    assert!(a.streams.column(Channel::Power).is_some());
    assert_eq!(a.device.manufacturer.as_deref(), Some("garmin"));
    assert_eq!(a.device.product.as_deref(), Some("edge_530"));
    assert_eq!(a.laps.len(), 15);
}

#[test]
fn damaged_fit_files_keep_what_precedes_the_damage() {
    let Some(bytes) = common::corpus_file("fit", "hrv-activity.fit") else {
        return;
    };
    // Cut in the middle of the records: the first part is kept, with a warning.
    let cut = &bytes[..bytes.len() / 2];
    let p = tempo_import::parse(cut).expect("a truncated file keeps its first half");
    let n = p.activities[0].streams.len();
    assert!(n > 300 && n < 1000, "{n} samples");
    assert!(
        p.warnings.iter().any(|w| w.contains("truncated")),
        "{:?}",
        p.warnings
    );
    // A flipped byte in the data: the CRC says so.
    let mut flipped = bytes.clone();
    let at = flipped.len() - 200;
    flipped[at] ^= 0x01;
    let p = tempo_import::parse(&flipped).expect("still readable");
    assert!(
        p.warnings.iter().any(|w| w.contains("checksum")),
        "{:?}",
        p.warnings
    );
    // Only the header: an error, not a panic.
    assert!(tempo_import::parse(&bytes[..14]).is_err());
    assert!(tempo_import::parse(&bytes[..5]).is_err());
}

#[test]
fn gzipped_fit_reads_like_the_plain_file() {
    use std::io::Write;
    let Some(bytes) = common::corpus_file("fit", "garmin-fenix-5-bike.fit") else {
        return;
    };
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&bytes).expect("gzip");
    let gz = gz.finish().expect("gzip");
    assert_eq!(
        tempo_import::parse(&gz).expect("gz"),
        tempo_import::parse(&bytes).expect("plain")
    );
}

/// A FIT file written here with rustyfit's encoder: a running power meter
/// (Stryd-style) that records power as a developer field described as native
/// `record.power`, and a device that records no power itself.
fn fit_with_developer_power() -> Vec<u8> {
    use rustyfit::Encoder;
    use rustyfit::profile::typedef::{FitBaseType, MesgNum};
    use rustyfit::proto::{
        DeveloperField, FIT, Field, FileHeader, Message, ProtocolVersion, Value,
    };

    let f = |num: u8, base_type: FitBaseType, value: Value| Field {
        num,
        base_type,
        value,
        is_expanded: false,
    };
    let msg = |num: MesgNum, fields: Vec<Field>| Message {
        header: 0,
        num,
        fields,
        developer_fields: Vec::new(),
    };
    // 2024-01-01T00:00:00Z in FIT time (seconds since 1989-12-31T00:00:00Z).
    let t0: u32 = 1_704_067_200 - 631_065_600;
    let mut messages = vec![
        msg(
            MesgNum::FILE_ID,
            vec![f(0, FitBaseType::ENUM, Value::Uint8(4))],
        ),
        msg(
            MesgNum(207),
            vec![f(3, FitBaseType::UINT8, Value::Uint8(0))],
        ),
        msg(
            MesgNum::FIELD_DESCRIPTION,
            vec![
                f(0, FitBaseType::UINT8, Value::Uint8(0)),
                f(1, FitBaseType::UINT8, Value::Uint8(0)),
                f(2, FitBaseType::UINT8, Value::Uint8(FitBaseType::UINT16.0)),
                f(3, FitBaseType::STRING, Value::String("Power".into())),
                f(8, FitBaseType::STRING, Value::String("Watts".into())),
                f(14, FitBaseType::UINT16, Value::Uint16(20)),
                f(15, FitBaseType::UINT8, Value::Uint8(7)),
            ],
        ),
    ];
    for i in 0..60u32 {
        let mut m = msg(
            MesgNum::RECORD,
            vec![
                f(253, FitBaseType::UINT32, Value::Uint32(t0 + i)),
                f(3, FitBaseType::UINT8, Value::Uint8(150)),
                f(5, FitBaseType::UINT32, Value::Uint32(i * 300)), // 3 m/s, in cm
            ],
        );
        m.developer_fields.push(DeveloperField {
            num: 0,
            developer_data_index: 0,
            value: Value::Uint16(250 + (i % 2) as u16 * 10),
        });
        messages.push(m);
    }
    messages.push(msg(
        MesgNum::SESSION,
        vec![
            f(253, FitBaseType::UINT32, Value::Uint32(t0 + 59)),
            f(2, FitBaseType::UINT32, Value::Uint32(t0)),
            f(5, FitBaseType::ENUM, Value::Uint8(1)),
            f(7, FitBaseType::UINT32, Value::Uint32(59_000)),
            f(8, FitBaseType::UINT32, Value::Uint32(59_000)),
            f(9, FitBaseType::UINT32, Value::Uint32(17_700)),
        ],
    ));
    let mut fit = FIT {
        file_header: FileHeader {
            protocol_version: ProtocolVersion::V2,
            ..Default::default()
        },
        messages,
        crc: 0,
    };
    let mut out = std::io::Cursor::new(Vec::new());
    Encoder::new()
        .encode(embedded_io_adapters::std::FromStd::new(&mut out), &mut fit)
        .expect("encode");
    out.into_inner()
}

#[test]
fn developer_power_fills_the_power_channel() {
    let bytes = fit_with_developer_power();
    let p = tempo_import::parse(&bytes).expect("parse");
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let a = &p.activities[0];
    assert_eq!(a.sport, Sport::Running);
    let power = a
        .streams
        .column(Channel::Power)
        .expect("power from the developer field");
    assert_eq!(power.len(), 60);
    assert_eq!(&power[..4], &[250.0, 260.0, 250.0, 260.0]);
    // Average over 60 samples alternating 250/260 W.
    assert_eq!(a.computed_totals().avg_power_w, Some(255.0));
    assert_eq!(
        a.device_totals.as_ref().and_then(|d| d.distance_m),
        Some(177.0)
    );
}
