//! A structured workout as a FIT workout file (file type 5) that Garmin
//! devices accept: file_id, workout and workout_step messages.
//!
//! The layout follows the FIT SDK's workout file description
//! (<https://developer.garmin.com/fit/articles/file-types/workout.html>) and
//! the field numbers, scales and enums of the FIT profile as rustyfit 0.11
//! generates them (`profile::mesgdef::{FileId, Workout, WorkoutStep}`,
//! `profile::typedef`, `profile::lookup`):
//!
//! - `file_id` (global 0): `type` (0) = workout (5), `manufacturer` (1) =
//!   development (255), `product` (2) = 0, `serial_number` (3) = a hash of the
//!   workout (so two workouts written in the same second still differ, the
//!   SDK asks the combination to be unique), `time_created` (4).
//! - `workout` (global 26): `sport` (4) = running (1), or generic (0) for a
//!   cross-training session, `num_valid_steps` (6), `wkt_name` (8).
//! - `workout_step` (global 27), one per step, `message_index` (254) from 0:
//!   - `wkt_step_name` (0): the step's label.
//!   - `duration_type` (1) / `duration_value` (2): time (0) in ms (the
//!     `duration_time` sub-field, scale 1000), distance (1) in cm
//!     (`duration_distance`, scale 100), open (5, no value).
//!   - `target_type` (3) / `target_value` (4) / `custom_target_value_low` (5) /
//!     `_high` (6): speed (0) with `custom_target_speed_*` in m/s × 1000,
//!     heart_rate (1) with `custom_target_heart_rate_*` of type `workout_hr`
//!     (0–100 = % max HR, bpm + 100 = absolute, which is what is written),
//!     power (4) with `custom_target_power_*` of type `workout_power`
//!     (0–1000 = % FTP, W + 1000 = absolute, written). `target_value` 0 means
//!     "custom range, not a zone". Effort (RPE) and no target are open (2);
//!     the RPE goes to `notes` (8).
//!   - `intensity` (7): active 0, rest 1, warmup 2, cooldown 3, recovery 4.
//! - A repeat block is written as its steps followed by one step with
//!   `duration_type` = repeat_until_steps_cmplt (6), `duration_value` (the
//!   `duration_step` sub-field) = the message_index of the block's first step
//!   and `target_value` (the `repeat_steps` sub-field) = the number of times
//!   the block is run. A block inside a block is flattened the same way, the
//!   inner repeat step coming before the outer one.
//!
//! rustyfit's [`Encoder`] writes the 14-byte header (with its CRC), the
//! definition and data records and the file CRC; protocol version 1.0 is
//! enough (no developer fields, no 64-bit types) and the most widely read.

use chrono::{DateTime, Utc};
use rustyfit::Encoder;
use rustyfit::profile::mesgdef;
use rustyfit::profile::typedef::{
    self, Intensity, Manufacturer, MessageIndex, WktStepDuration, WktStepTarget,
};
use rustyfit::proto::{FIT, FileHeader, Message, ProtocolVersion};

use crate::{PlanError, Step, StepDuration, StepIntensity, Target, Workout, WorkoutKind};

/// Longest `wkt_name`, in bytes. The profile allows up to 254 (a string
/// field's size is one byte, with the terminating NUL), but devices show a
/// line of about 15 to 30 characters; 40 bytes keeps the title readable in
/// Garmin Connect without sending what no screen shows.
pub const MAX_WORKOUT_NAME_BYTES: usize = 40;
/// Longest `wkt_step_name`, in bytes (same reasoning).
pub const MAX_STEP_NAME_BYTES: usize = 40;
/// Longest `notes`, in bytes.
const MAX_NOTES_BYTES: usize = 80;

/// The FIT bytes of one workout. `time_created` is the FIT file_id time.
///
/// A workout without steps (a cross-training session, say) becomes one
/// active step of its estimated duration (open when there is none), so a
/// device still has something to run.
///
/// Refused ([`PlanError::Invalid`]): `time_created` outside FIT's date range
/// (before 1998-07 the value would read as a device's uptime), an empty or
/// zero-count repeat block, a duration or target that does not fit its
/// field, more than 65 534 steps.
pub fn workout_fit(workout: &Workout, time_created: DateTime<Utc>) -> Result<Vec<u8>, PlanError> {
    let created = typedef::DateTime::from_unix_timestamp(time_created.timestamp());
    if created.0 == u32::MAX || created.0 < typedef::DateTime::MIN.0 {
        return Err(PlanError::invalid(
            "time_created",
            format!("{time_created} is outside the FIT date range (1998 to 2126)"),
        ));
    }

    let mut steps = Vec::new();
    if workout.steps.is_empty() {
        let duration = if workout.est_duration_s > 0 {
            StepDuration::Seconds(workout.est_duration_s)
        } else {
            StepDuration::Open
        };
        let fallback = Step::Single {
            intensity: StepIntensity::Active,
            duration,
            target: Target::None,
            label: workout.title.clone(),
        };
        flatten(std::slice::from_ref(&fallback), &mut steps)?;
    } else {
        flatten(&workout.steps, &mut steps)?;
    }
    // 0xFFFF is message_index's invalid value.
    let num_steps = u16::try_from(steps.len())
        .ok()
        .filter(|&n| n < u16::MAX)
        .ok_or_else(|| {
            PlanError::invalid("steps", format!("{} steps are too many", steps.len()))
        })?;

    let mut file_id = mesgdef::FileId::new();
    file_id.r#type = typedef::File::WORKOUT;
    file_id.manufacturer = Manufacturer::DEVELOPMENT;
    file_id.product = 0;
    file_id.serial_number = serial_number(workout);
    file_id.time_created = created;

    let mut wkt = mesgdef::Workout::new();
    wkt.sport = if workout.kind == WorkoutKind::CrossTraining {
        // A bike or swim session recorded as a run would corrupt the
        // athlete's running load; generic lets the device pick nothing wrong.
        typedef::Sport::GENERIC
    } else {
        typedef::Sport::RUNNING
    };
    wkt.num_valid_steps = num_steps;
    wkt.wkt_name = truncate(&workout.title, MAX_WORKOUT_NAME_BYTES).into();

    let mut messages: Vec<Message> = Vec::with_capacity(steps.len() + 2);
    messages.push(file_id.into());
    messages.push(wkt.into());
    messages.extend(steps.into_iter().map(Message::from));

    let mut fit = FIT {
        file_header: FileHeader {
            protocol_version: ProtocolVersion::V1,
            ..Default::default()
        },
        messages,
        crc: 0,
    };
    let mut out = std::io::Cursor::new(Vec::new());
    Encoder::new()
        .encode(embedded_io_adapters::std::FromStd::new(&mut out), &mut fit)
        .map_err(|e| PlanError::invalid("workout", format!("FIT encoding failed: {e}")))?;
    Ok(out.into_inner())
}

/// Appends the FIT steps of `steps` to `out`, message indices following on.
fn flatten(steps: &[Step], out: &mut Vec<mesgdef::WorkoutStep>) -> Result<(), PlanError> {
    for step in steps {
        match step {
            Step::Single {
                intensity,
                duration,
                target,
                label,
            } => {
                let mut s = mesgdef::WorkoutStep::new();
                s.message_index = message_index(out.len())?;
                s.wkt_step_name = truncate(label, MAX_STEP_NAME_BYTES).into();
                set_duration(&mut s, *duration)?;
                set_target(&mut s, *target)?;
                s.intensity = match intensity {
                    StepIntensity::Warmup => Intensity::WARMUP,
                    StepIntensity::Active => Intensity::ACTIVE,
                    StepIntensity::Recovery => Intensity::RECOVERY,
                    StepIntensity::Rest => Intensity::REST,
                    StepIntensity::Cooldown => Intensity::COOLDOWN,
                };
                out.push(s);
            }
            Step::Repeat { count, steps } => {
                if *count == 0 || steps.is_empty() {
                    return Err(PlanError::invalid(
                        "steps",
                        "a repeat block needs at least one step and a count of 1 or more",
                    ));
                }
                let first = out.len();
                flatten(steps, out)?;
                let mut s = mesgdef::WorkoutStep::new();
                s.message_index = message_index(out.len())?;
                s.duration_type = WktStepDuration::REPEAT_UNTIL_STEPS_CMPLT;
                s.duration_value = first as u32; // < 0xFFFF, checked by message_index
                s.target_value = *count;
                out.push(s);
            }
        }
    }
    Ok(())
}

fn message_index(i: usize) -> Result<MessageIndex, PlanError> {
    u16::try_from(i)
        .ok()
        .filter(|&i| i < u16::MAX)
        .map(MessageIndex)
        .ok_or_else(|| PlanError::invalid("steps", "more than 65 534 steps"))
}

fn set_duration(s: &mut mesgdef::WorkoutStep, d: StepDuration) -> Result<(), PlanError> {
    match d {
        StepDuration::Seconds(secs) => {
            s.duration_type = WktStepDuration::TIME;
            s.duration_value = scaled_u32("duration", secs, 1000)?;
        }
        StepDuration::Meters(m) => {
            s.duration_type = WktStepDuration::DISTANCE;
            s.duration_value = scaled_u32("duration", m, 100)?;
        }
        StepDuration::Open => s.duration_type = WktStepDuration::OPEN,
    }
    Ok(())
}

/// `v × scale`, refusing what overflows or lands on the invalid value.
fn scaled_u32(field: &'static str, v: u32, scale: u32) -> Result<u32, PlanError> {
    v.checked_mul(scale)
        .filter(|&x| x < u32::MAX)
        .ok_or_else(|| PlanError::invalid(field, format!("{v} is too large for a FIT step")))
}

fn set_target(s: &mut mesgdef::WorkoutStep, t: Target) -> Result<(), PlanError> {
    // (type, low, high, offset, scale) for the custom range.
    let custom = match t {
        Target::Pace { low_mps, high_mps } => {
            Some((WktStepTarget::SPEED, low_mps, high_mps, 0.0, 1000.0))
        }
        Target::HeartRate { low_bpm, high_bpm } => {
            Some((WktStepTarget::HEART_RATE, low_bpm, high_bpm, 100.0, 1.0))
        }
        Target::Power { low_w, high_w } => Some((WktStepTarget::POWER, low_w, high_w, 1000.0, 1.0)),
        Target::Effort { rpe } => {
            if rpe.is_finite() {
                s.notes = truncate(
                    &format!("Effort: RPE {} of 10", fmt_num(rpe)),
                    MAX_NOTES_BYTES,
                )
                .into();
            }
            None
        }
        Target::None => None,
    };
    match custom {
        Some((kind, low, high, offset, scale)) => {
            let enc = |v: f64| -> Result<u32, PlanError> {
                let x = (v * scale + offset).round();
                if v.is_finite() && v > 0.0 && x < f64::from(u32::MAX) {
                    Ok(x as u32)
                } else {
                    Err(PlanError::invalid(
                        "target",
                        format!("{v} is not a valid target"),
                    ))
                }
            };
            let (a, b) = (enc(low)?, enc(high)?);
            s.target_type = kind;
            s.target_value = 0; // 0: a custom range rather than a zone number
            s.custom_target_value_low = a.min(b);
            s.custom_target_value_high = a.max(b);
        }
        None => {
            s.target_type = WktStepTarget::OPEN;
            s.target_value = 0;
        }
    }
    Ok(())
}

/// "4", "4.5": an RPE without trailing zeros.
fn fmt_num(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}

/// At most `max` bytes of `s`, cut at a character boundary, with "…" when
/// something was cut. Trailing spaces before the cut are dropped.
fn truncate(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.len() <= max {
        return s.to_owned();
    }
    let ellipsis = "…";
    let mut end = max.saturating_sub(ellipsis.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{ellipsis}", s[..end].trim_end())
}

/// A stable 32-bit hash (FNV-1a) of what identifies the workout, for
/// file_id.serial_number: deterministic across runs and platforms, never 0
/// or the invalid 0xFFFFFFFF.
fn serial_number(w: &Workout) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in w.date.to_string().bytes().chain([0]).chain(w.title.bytes()) {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    match h {
        0 | u32::MAX => 1,
        h => h,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncate_respects_char_boundaries() {
        assert_eq!(truncate("short", 40), "short");
        let long = "Seuil 3 × 10 min à allure T, récupération 2 min";
        let t = truncate(long, 20);
        assert!(t.len() <= 20, "{t}");
        assert!(t.ends_with('…'));
        // "é" and "×" are two bytes: every cut point must still be UTF-8.
        for max in 4..long.len() {
            assert!(truncate(long, max).len() <= max);
        }
    }
}
