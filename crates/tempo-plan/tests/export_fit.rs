//! FIT workout export: files written by `workout_fit` decoded back with
//! rustyfit's decoder (which checks both CRCs) and an independent CRC check.

mod export_fixture;

use chrono::{TimeZone, Utc};
use embedded_io_adapters::std::FromStd;
use export_fixture::*;
use rustyfit::Decoder;
use rustyfit::profile::mesgdef;
use rustyfit::profile::typedef::{self, MesgNum};
use tempo_plan::export::fit::{MAX_WORKOUT_NAME_BYTES, workout_fit};
use tempo_plan::{PlanError, Step, StepDuration, StepIntensity, Target, WorkoutKind};

/// FIT's CRC-16 as the SDK computes it (nibble table; FIT protocol
/// document, "CRC"), written here so the check does not rely on the decoder.
fn fit_crc(bytes: &[u8]) -> u16 {
    const T: [u16; 16] = [
        0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800,
        0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
    ];
    let mut crc = 0u16;
    for &b in bytes {
        let tmp = T[usize::from(crc & 0xF)];
        crc = (crc >> 4) & 0x0FFF;
        crc = crc ^ tmp ^ T[usize::from(b & 0xF)];
        let tmp = T[usize::from(crc & 0xF)];
        crc = (crc >> 4) & 0x0FFF;
        crc = crc ^ tmp ^ T[usize::from((b >> 4) & 0xF)];
    }
    crc
}

struct Decoded {
    file_id: mesgdef::FileId,
    workout: mesgdef::Workout,
    steps: Vec<mesgdef::WorkoutStep>,
}

fn decode(bytes: &[u8]) -> Decoded {
    // Header: 14 bytes, ".FIT", data size, header CRC; file CRC at the end.
    assert_eq!(bytes[0], 14, "header size");
    assert_eq!(&bytes[8..12], b".FIT");
    let data_size = u32::from_le_bytes(bytes[4..8].try_into().unwrap()) as usize;
    assert_eq!(data_size + 16, bytes.len(), "data size");
    assert_eq!(
        fit_crc(&bytes[..12]),
        u16::from_le_bytes([bytes[12], bytes[13]]),
        "header CRC"
    );
    let n = bytes.len();
    assert_eq!(
        fit_crc(&bytes[..n - 2]),
        u16::from_le_bytes([bytes[n - 2], bytes[n - 1]]),
        "file CRC"
    );
    // A CRC over the whole file, CRC included, is 0.
    assert_eq!(fit_crc(bytes), 0);

    let mut reader = FromStd::new(std::io::Cursor::new(bytes.to_vec()));
    let fit = Decoder::new()
        .decode(&mut reader)
        .expect("decodes with checksums")
        .expect("one FIT");
    let mut file_id = None;
    let mut workout = None;
    let mut steps = Vec::new();
    for (i, m) in fit.messages.iter().enumerate() {
        match m.num {
            MesgNum::FILE_ID => {
                assert_eq!(i, 0, "file_id comes first");
                file_id = Some(mesgdef::FileId::from(m));
            }
            MesgNum::WORKOUT => {
                assert_eq!(i, 1, "workout comes second");
                workout = Some(mesgdef::Workout::from(m));
            }
            MesgNum::WORKOUT_STEP => steps.push(mesgdef::WorkoutStep::from(m)),
            other => panic!("unexpected message {other}"),
        }
    }
    Decoded {
        file_id: file_id.expect("file_id"),
        workout: workout.expect("workout"),
        steps,
    }
}

fn created() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 3, 1, 12, 0, 0).unwrap()
}

/// FIT time of `created()`: seconds since 1989-12-31T00:00:00Z.
const CREATED_FIT: u32 = 1_709_294_400 - 631_065_600;

#[test]
fn simple_easy_run() {
    let w = easy(d(2024, 3, 5), 45);
    let f = decode(&workout_fit(&w, created()).unwrap());
    assert_eq!(f.file_id.r#type, typedef::File::WORKOUT);
    assert_eq!(f.file_id.r#type.0, 5);
    assert_eq!(f.file_id.manufacturer, typedef::Manufacturer::DEVELOPMENT);
    assert_eq!(f.file_id.time_created.0, CREATED_FIT);
    assert_ne!(f.file_id.serial_number, u32::MAX);
    assert_eq!(f.workout.sport, typedef::Sport::RUNNING);
    assert_eq!(f.workout.num_valid_steps, 1);
    assert_eq!(&*f.workout.wkt_name, "Easy 45 min");
    assert_eq!(f.steps.len(), 1);
    let s = &f.steps[0];
    assert_eq!(s.message_index.0, 0);
    assert_eq!(&*s.wkt_step_name, "45 min easy");
    assert_eq!(s.duration_type, typedef::WktStepDuration::TIME);
    assert_eq!(s.duration_value, 45 * 60 * 1000, "ms");
    assert_eq!(s.target_type, typedef::WktStepTarget::SPEED);
    assert_eq!(s.target_value, 0, "custom range");
    // 6:10 /km = 2.703 m/s, 5:30 /km = 3.030 m/s; × 1000.
    assert_eq!(s.custom_target_value_low, 2703);
    assert_eq!(s.custom_target_value_high, 3030);
    assert_eq!(s.intensity, typedef::Intensity::ACTIVE);
}

#[test]
fn repeats_are_flattened_with_a_repeat_step() {
    let w = threshold(d(2024, 3, 5));
    let f = decode(&workout_fit(&w, created()).unwrap());
    // warm-up, 10 min T, 2 min jog, repeat, cool-down.
    assert_eq!(f.steps.len(), 5);
    assert_eq!(f.workout.num_valid_steps, 5);
    for (i, s) in f.steps.iter().enumerate() {
        assert_eq!(usize::from(s.message_index.0), i);
    }
    let [wu, t, jog, rep, cd] = &f.steps[..] else {
        unreachable!()
    };
    assert_eq!(wu.intensity, typedef::Intensity::WARMUP);
    assert_eq!(wu.duration_value, 900_000);
    assert_eq!(t.intensity, typedef::Intensity::ACTIVE);
    assert_eq!(t.duration_value, 600_000);
    assert_eq!(
        (t.custom_target_value_low, t.custom_target_value_high),
        (3448, 3571)
    );
    assert_eq!(jog.intensity, typedef::Intensity::RECOVERY);
    assert_eq!(jog.target_type, typedef::WktStepTarget::OPEN);
    assert_eq!(
        rep.duration_type,
        typedef::WktStepDuration::REPEAT_UNTIL_STEPS_CMPLT
    );
    assert_eq!(rep.duration_type.0, 6);
    assert_eq!(rep.duration_value, 1, "repeat from the T step");
    assert_eq!(rep.target_value, 3, "three times");
    assert_eq!(rep.intensity.0, u8::MAX, "a repeat step has no intensity");
    assert_eq!(cd.intensity, typedef::Intensity::COOLDOWN);
}

#[test]
fn distance_steps_are_in_centimetres() {
    let w = intervals(d(2024, 3, 9));
    let f = decode(&workout_fit(&w, created()).unwrap());
    assert_eq!(f.steps.len(), 5);
    assert_eq!(f.steps[1].duration_type, typedef::WktStepDuration::DISTANCE);
    assert_eq!(f.steps[1].duration_value, 100_000, "1 km in cm");
    assert_eq!(f.steps[2].duration_value, 40_000, "400 m in cm");
    assert_eq!(f.steps[3].duration_value, 1);
    assert_eq!(f.steps[3].target_value, 5);
}

#[test]
fn nested_repeats_flatten_inner_first() {
    use StepIntensity::*;
    let w = workout(
        d(2024, 3, 9),
        WorkoutKind::Intervals,
        "2 × (3 × 200 m)",
        vec![
            single(Warmup, StepDuration::Seconds(600), Target::None, "warm-up"),
            Step::Repeat {
                count: 2,
                steps: vec![
                    Step::Repeat {
                        count: 3,
                        steps: vec![
                            single(Active, StepDuration::Meters(200), I_PACE, "200 m fast"),
                            single(
                                Recovery,
                                StepDuration::Meters(200),
                                Target::None,
                                "200 m jog",
                            ),
                        ],
                    },
                    single(Rest, StepDuration::Seconds(180), Target::None, "3 min rest"),
                ],
            },
            single(Cooldown, StepDuration::Open, Target::None, "cool-down"),
        ],
        2400,
        6000,
        50.0,
    );
    let f = decode(&workout_fit(&w, created()).unwrap());
    // 0 warm-up, 1 fast, 2 jog, 3 repeat(1, ×3), 4 rest, 5 repeat(1, ×2), 6 cool-down.
    assert_eq!(f.steps.len(), 7);
    assert_eq!(f.workout.num_valid_steps, 7);
    let rep = typedef::WktStepDuration::REPEAT_UNTIL_STEPS_CMPLT;
    assert_eq!(
        (
            f.steps[3].duration_type,
            f.steps[3].duration_value,
            f.steps[3].target_value
        ),
        (rep, 1, 3)
    );
    assert_eq!(f.steps[4].intensity, typedef::Intensity::REST);
    assert_eq!(f.steps[4].duration_value, 180_000);
    assert_eq!(
        (
            f.steps[5].duration_type,
            f.steps[5].duration_value,
            f.steps[5].target_value
        ),
        (rep, 1, 2)
    );
    assert_eq!(f.steps[6].duration_type, typedef::WktStepDuration::OPEN);
    assert_eq!(
        f.steps[6].duration_value,
        u32::MAX,
        "no value for an open step"
    );
    assert_eq!(f.steps[6].intensity, typedef::Intensity::COOLDOWN);
}

#[test]
fn heart_rate_power_and_effort_targets() {
    use StepIntensity::*;
    let w = workout(
        d(2024, 3, 7),
        WorkoutKind::Easy,
        "Targets",
        vec![
            single(
                Active,
                StepDuration::Seconds(1200),
                Target::HeartRate {
                    low_bpm: 140.0,
                    high_bpm: 152.0,
                },
                "HR",
            ),
            single(
                Active,
                StepDuration::Seconds(600),
                Target::Power {
                    low_w: 250.0,
                    high_w: 270.0,
                },
                "power",
            ),
            single(
                Active,
                StepDuration::Seconds(600),
                Target::Effort { rpe: 3.0 },
                "by feel",
            ),
            single(Rest, StepDuration::Seconds(60), Target::None, "rest"),
        ],
        2460,
        7000,
        40.0,
    );
    let f = decode(&workout_fit(&w, created()).unwrap());
    let hr = &f.steps[0];
    assert_eq!(hr.target_type, typedef::WktStepTarget::HEART_RATE);
    assert_eq!(hr.target_value, 0, "custom, not a zone");
    assert_eq!(
        (hr.custom_target_value_low, hr.custom_target_value_high),
        (240, 252),
        "bpm + 100"
    );
    let p = &f.steps[1];
    assert_eq!(p.target_type, typedef::WktStepTarget::POWER);
    assert_eq!(
        (p.custom_target_value_low, p.custom_target_value_high),
        (1250, 1270),
        "W + 1000"
    );
    let e = &f.steps[2];
    assert_eq!(e.target_type, typedef::WktStepTarget::OPEN);
    assert_eq!(&*e.notes, "Effort: RPE 3 of 10");
    assert_eq!(f.steps[3].target_type, typedef::WktStepTarget::OPEN);
    assert_eq!(f.steps[3].intensity, typedef::Intensity::REST);
}

#[test]
fn long_names_are_truncated_on_a_char_boundary() {
    let mut w = easy(d(2024, 3, 5), 30);
    w.title = "Footing très facile en récupération active après la séance de seuil".to_owned();
    let f = decode(&workout_fit(&w, created()).unwrap());
    assert!(f.workout.wkt_name.len() <= MAX_WORKOUT_NAME_BYTES);
    assert!(f.workout.wkt_name.starts_with("Footing très facile"));
    assert!(f.workout.wkt_name.ends_with('…'));
}

#[test]
fn a_workout_without_steps_gets_one_step() {
    let mut w = easy(d(2024, 3, 5), 40);
    w.kind = WorkoutKind::CrossTraining;
    w.title = "Bike 40 min".to_owned();
    w.steps.clear();
    let f = decode(&workout_fit(&w, created()).unwrap());
    assert_eq!(
        f.workout.sport,
        typedef::Sport::GENERIC,
        "cross-training is not recorded as a run"
    );
    assert_eq!(f.steps.len(), 1);
    assert_eq!(f.steps[0].duration_value, 2_400_000);
    assert_eq!(&*f.steps[0].wkt_step_name, "Bike 40 min");
}

#[test]
fn same_input_same_bytes() {
    let w = threshold(d(2024, 3, 5));
    assert_eq!(
        workout_fit(&w, created()).unwrap(),
        workout_fit(&w, created()).unwrap()
    );
    let other = threshold(d(2024, 3, 12));
    assert_ne!(
        decode(&workout_fit(&w, created()).unwrap())
            .file_id
            .serial_number,
        decode(&workout_fit(&other, created()).unwrap())
            .file_id
            .serial_number,
        "two workouts written in the same second still have distinct file ids"
    );
}

#[test]
fn invalid_inputs_are_refused() {
    let mut w = threshold(d(2024, 3, 5));
    w.steps[1] = Step::Repeat {
        count: 0,
        steps: vec![],
    };
    assert!(matches!(
        workout_fit(&w, created()),
        Err(PlanError::Invalid { field: "steps", .. })
    ));

    let w = easy(d(2024, 3, 5), 30);
    let too_early = Utc.with_ymd_and_hms(1995, 1, 1, 0, 0, 0).unwrap();
    assert!(matches!(
        workout_fit(&w, too_early),
        Err(PlanError::Invalid {
            field: "time_created",
            ..
        })
    ));

    let mut w = easy(d(2024, 3, 5), 30);
    w.steps = vec![single(
        StepIntensity::Active,
        StepDuration::Seconds(5_000_000),
        EASY,
        "too long",
    )];
    assert!(
        workout_fit(&w, created()).is_err(),
        "5e9 ms does not fit a uint32"
    );

    let mut w = easy(d(2024, 3, 5), 30);
    w.steps = vec![single(
        StepIntensity::Active,
        StepDuration::Seconds(60),
        Target::Pace {
            low_mps: f64::NAN,
            high_mps: 3.0,
        },
        "bad",
    )];
    assert!(workout_fit(&w, created()).is_err());
}
