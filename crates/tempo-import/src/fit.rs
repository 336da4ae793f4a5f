//! FIT reader, over the `rustyfit` streaming decoder.
//!
//! - Decodes with the decoder's own checksum off and checks each sequence's CRC
//!   here instead: rustyfit rejects valid files whose 14-byte header carries a
//!   header CRC of 0 (see docs/benchmarks.md). A bad CRC is a warning, not a
//!   failure: the data before it is usually fine, and Garmin's SDK reads it too.
//! - Streams the messages, so a truncated or damaged file keeps everything
//!   before the fault (with a warning) instead of failing whole.
//! - Chained FIT files (several header+data+CRC sequences) are read through.
//! - Compressed-timestamp headers and component expansion (e.g.
//!   `compressed_speed_distance`, `altitude` → `enhanced_altitude`) are done by
//!   the decoder; fields are read by number straight from each message, which
//!   is several times faster than building a typed struct per record.
//! - Developer fields: a developer field whose description maps it to the
//!   native `record.power` field, or that is named like power in watts (Stryd,
//!   older Garmin Connect IQ apps), fills the power channel when the device
//!   recorded none.
//! - A file with several sessions (multisport) gives one activity per session.

use std::collections::{HashMap, HashSet};

use chrono::DateTime;
use rustyfit::profile::mesgdef;
use rustyfit::profile::typedef::{self, MesgNum};
use rustyfit::proto::{Message, Value};
use rustyfit::{Decoder, DecoderEvent as Event, StreamingIterator};
use tempo_domain::activity::{
    Channel, Device, Lap, ParsedActivity, RawSample, Sport, SwimLength, Totals, resample_1hz,
};

use crate::ImportError;

/// Seconds between the Unix epoch and the FIT epoch (1989-12-31T00:00:00Z).
const FIT_EPOCH: i64 = 631_065_600;
/// FIT timestamps below this are "seconds since the device powered on", not dates.
const FIT_MIN_DATE: u32 = 0x1000_0000;

const SEMICIRCLE_TO_DEG: f64 = 180.0 / 2_147_483_648.0;

pub(crate) fn parse(bytes: &[u8]) -> Result<(Vec<ParsedActivity>, Vec<String>), ImportError> {
    let mut warnings = Vec::new();
    check_crcs(bytes, &mut warnings);

    let mut file = FitActivity::default();
    let mut decoder = Decoder::builder().checksum(false).build();
    let mut stream = decoder.stream(bytes);
    let mut messages = 0usize;
    let mut sequences = 0usize;
    while let Some(event) = stream.next() {
        match event {
            Ok(Event::Message(m)) => {
                messages += 1;
                file.message(m);
            }
            Ok(Event::FileHeader(_)) => sequences += 1,
            Ok(_) => {}
            Err(e) => {
                // rustyfit reports a clean end of input as an error only when
                // bytes remain that are not a whole header; a file whose last
                // sequence ended cleanly is fine.
                if messages == 0 {
                    return Err(ImportError::Fit(e.to_string()));
                }
                warnings.push(format!(
                    "the file is truncated or damaged after {messages} messages ({e}); what came before was kept"
                ));
                break;
            }
        }
    }
    if sequences == 0 {
        return Err(ImportError::Fit("no FIT header".into()));
    }
    let activities = file.finish(&mut warnings)?;
    Ok((activities, warnings))
}

/// FIT CRC-16 (the FIT protocol's nibble-table CRC).
fn crc16(mut crc: u16, bytes: &[u8]) -> u16 {
    const TABLE: [u16; 16] = [
        0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800,
        0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
    ];
    for &b in bytes {
        let mut tmp = TABLE[usize::from(crc & 0xF)];
        crc = (crc >> 4) & 0x0FFF;
        crc = crc ^ tmp ^ TABLE[usize::from(b & 0xF)];
        tmp = TABLE[usize::from(crc & 0xF)];
        crc = (crc >> 4) & 0x0FFF;
        crc = crc ^ tmp ^ TABLE[usize::from((b >> 4) & 0xF)];
    }
    crc
}

/// Checks the CRC of every chained sequence. The spec has the file CRC cover
/// the header and the data; some writers cover the data only, so both are
/// accepted.
fn check_crcs(bytes: &[u8], warnings: &mut Vec<String>) {
    let mut at = 0usize;
    while bytes.len() >= at + 12 {
        let header_len = usize::from(bytes[at]);
        if !(header_len == 12 || header_len == 14) || bytes.get(at + 8..at + 12) != Some(b".FIT") {
            return;
        }
        let data_len =
            u32::from_le_bytes([bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]])
                as usize;
        let end = at + header_len + data_len;
        let Some(crc_bytes) = bytes.get(end..end + 2) else {
            return; // truncated: the decoder reports it.
        };
        let found = u16::from_le_bytes([crc_bytes[0], crc_bytes[1]]);
        let whole = crc16(0, &bytes[at..end]);
        let data_only = crc16(0, &bytes[at + header_len..end]);
        if found != whole && found != data_only {
            warnings.push(format!(
                "checksum mismatch (file says {found:#06x}, data gives {whole:#06x}): the file may be damaged"
            ));
        }
        at = end + 2;
    }
}

struct SessionInfo {
    /// FIT time of the session's start.
    start: u32,
    /// FIT `sport` as recorded (18 = multisport summary).
    fit_sport: u8,
    sport: Sport,
    sub_sport: tempo_domain::activity::SubSport,
    totals: Totals,
    pool_length_m: Option<f64>,
}

struct LapInfo {
    start: u32,
    totals: Totals,
}

#[derive(Default)]
struct FitActivity {
    file_type: Option<u8>,
    device: Device,
    /// (absolute FIT time, sample)
    records: Vec<(u32, RawSample)>,
    dev_power: Vec<(u32, f64)>,
    /// (developer_data_index, field number) → this developer field is power.
    dev_power_fields: HashSet<(u8, u8)>,
    timer_stops: Vec<u32>,
    timer_starts: Vec<u32>,
    sessions: Vec<SessionInfo>,
    laps: Vec<LapInfo>,
    lengths: Vec<(u32, SwimLength)>,
    activity_offset: Option<i32>,
    /// Sport from the `sport` message, for files without a session.
    sport: Option<(Sport, tempo_domain::activity::SubSport)>,
}

/// A field's numeric value, or None when it holds FIT's "invalid" sentinel.
fn num(v: &Value) -> Option<f64> {
    match *v {
        Value::Uint8(x) if x != u8::MAX => Some(f64::from(x)),
        Value::Int8(x) if x != i8::MAX => Some(f64::from(x)),
        Value::Uint16(x) if x != u16::MAX => Some(f64::from(x)),
        Value::Int16(x) if x != i16::MAX => Some(f64::from(x)),
        Value::Uint32(x) if x != u32::MAX => Some(f64::from(x)),
        Value::Int32(x) if x != i32::MAX => Some(f64::from(x)),
        Value::Float32(x) if x.is_finite() => Some(f64::from(x)),
        Value::Float64(x) if x.is_finite() => Some(x),
        Value::Uint64(x) if x != u64::MAX => Some(x as f64),
        Value::Int64(x) if x != i64::MAX => Some(x as f64),
        _ => None,
    }
}

fn opt<T: PartialEq>(v: T, invalid: T) -> Option<T> {
    (v != invalid).then_some(v)
}

/// Cadence in FIT is per crank revolution or per stride; Tempo shows running
/// cadence in steps per minute like every running watch does.
fn cadence_factor(sport: Sport) -> f64 {
    match sport {
        Sport::Running | Sport::Walking | Sport::Hiking => 2.0,
        _ => 1.0,
    }
}

macro_rules! summary_totals {
    ($m:expr) => {{
        let m = $m;
        let frac = m.avg_fractional_cadence_scaled().unwrap_or(0.0);
        Totals {
            elapsed_s: m.total_elapsed_time_scaled(),
            timer_s: m.total_timer_time_scaled(),
            moving_s: m.total_moving_time_scaled(),
            distance_m: m.total_distance_scaled(),
            ascent_m: opt(m.total_ascent, u16::MAX).map(f64::from),
            descent_m: opt(m.total_descent, u16::MAX).map(f64::from),
            avg_hr: opt(m.avg_heart_rate, u8::MAX).map(f64::from),
            max_hr: opt(m.max_heart_rate, u8::MAX).map(f64::from),
            avg_speed_mps: m.enhanced_avg_speed_scaled().or(m.avg_speed_scaled()),
            max_speed_mps: m.enhanced_max_speed_scaled().or(m.max_speed_scaled()),
            avg_cadence: opt(m.avg_cadence, u8::MAX).map(|c| f64::from(c) + frac),
            max_cadence: opt(m.max_cadence, u8::MAX).map(f64::from),
            avg_power_w: opt(m.avg_power, u16::MAX).map(f64::from),
            max_power_w: opt(m.max_power, u16::MAX).map(f64::from),
            calories_kcal: opt(m.total_calories, u16::MAX).map(f64::from),
        }
    }};
}

fn scale_cadence(t: &mut Totals, factor: f64) {
    t.avg_cadence = t.avg_cadence.map(|c| c * factor);
    t.max_cadence = t.max_cadence.map(|c| c * factor);
}

impl FitActivity {
    fn message(&mut self, m: &Message) {
        match m.num {
            MesgNum::RECORD => self.record(m),
            MesgNum::EVENT => self.event(m),
            MesgNum::LAP => {
                let lap = mesgdef::Lap::from(m);
                if let Some(start) = opt(lap.start_time.0, u32::MAX) {
                    self.laps.push(LapInfo {
                        start,
                        totals: summary_totals!(&lap),
                    });
                }
            }
            MesgNum::SESSION => {
                let s = mesgdef::Session::from(m);
                let Some(start) = opt(s.start_time.0, u32::MAX) else {
                    return;
                };
                let totals = summary_totals!(&s);
                let (sport, sub_sport) = Sport::from_fit(s.sport.0, s.sub_sport.0);
                self.sessions.push(SessionInfo {
                    start,
                    fit_sport: s.sport.0,
                    sport,
                    sub_sport,
                    totals,
                    pool_length_m: s.pool_length_scaled(),
                });
            }
            MesgNum::LENGTH => {
                let l = mesgdef::Length::from(m);
                let Some(start) = opt(l.start_time.0, u32::MAX) else {
                    return;
                };
                self.lengths.push((
                    start,
                    SwimLength {
                        start_offset_s: 0.0,
                        elapsed_s: l.total_elapsed_time_scaled().unwrap_or(0.0),
                        active: l.length_type.0 == 1,
                        strokes: opt(l.total_strokes, u16::MAX).map(u32::from),
                        stroke: opt(l.swim_stroke.0, u8::MAX).map(|_| l.swim_stroke.to_string()),
                    },
                ));
            }
            MesgNum::ACTIVITY => {
                let a = mesgdef::Activity::from(m);
                if let (Some(utc), Some(local)) = (
                    opt(a.timestamp.0, u32::MAX),
                    opt(a.local_timestamp.0, u32::MAX),
                ) {
                    let off = i64::from(local) - i64::from(utc);
                    // Real offsets are within ±14 h; anything else is a device bug.
                    if off.abs() <= 14 * 3600 {
                        self.activity_offset = Some(off as i32);
                    }
                }
            }
            MesgNum::FILE_ID => {
                let f = mesgdef::FileId::from(m);
                self.file_type = opt(f.r#type.0, u8::MAX);
                if let Some(manu) = opt(f.manufacturer.0, u16::MAX) {
                    self.device.manufacturer = Some(typedef::Manufacturer(manu).to_string());
                    let product = opt(f.product, u16::MAX);
                    // Garmin (1) and Dynastream (13, 15) number products in one list.
                    self.device.product = match (manu, product) {
                        (1 | 13 | 15, Some(p)) => Some(typedef::GarminProduct(p).to_string()),
                        (_, Some(p)) => Some(p.to_string()),
                        (_, None) => None,
                    };
                }
            }
            MesgNum::SPORT => {
                let s = mesgdef::Sport::from(m);
                self.sport = Some(Sport::from_fit(s.sport.0, s.sub_sport.0));
            }
            MesgNum::FIELD_DESCRIPTION => {
                let d = mesgdef::FieldDescription::from(m);
                let name = d
                    .field_name
                    .first()
                    .map(|s| s.to_ascii_lowercase())
                    .unwrap_or_default();
                let units = d
                    .units
                    .first()
                    .map(|s| s.to_ascii_lowercase())
                    .unwrap_or_default();
                let native_power =
                    d.native_mesg_num.0 == MesgNum::RECORD.0 && d.native_field_num == 7;
                let named_power =
                    name.contains("power") && (units.starts_with("watt") || units == "w");
                if native_power || named_power {
                    self.dev_power_fields
                        .insert((d.developer_data_index, d.field_definition_number));
                }
            }
            _ => {}
        }
    }

    fn record(&mut self, m: &Message) {
        let mut ts = None;
        let mut s = RawSample::new(0.0);
        let (mut alt, mut enh_alt, mut speed, mut enh_speed) =
            (f64::NAN, f64::NAN, f64::NAN, f64::NAN);
        let mut frac_cadence = 0.0;
        for f in &m.fields {
            let Some(v) = num(&f.value) else { continue };
            match f.num {
                253 => ts = Some(v as u32),
                0 => s.set(Channel::Latitude, v * SEMICIRCLE_TO_DEG),
                1 => s.set(Channel::Longitude, v * SEMICIRCLE_TO_DEG),
                2 => alt = v / 5.0 - 500.0,
                78 => enh_alt = v / 5.0 - 500.0,
                3 => s.set(Channel::HeartRate, v),
                4 => s.set(Channel::Cadence, v),
                53 => frac_cadence = v / 128.0,
                5 => s.set(Channel::Distance, v / 100.0),
                6 => speed = v / 1000.0,
                73 => enh_speed = v / 1000.0,
                7 => s.set(Channel::Power, v),
                13 => s.set(Channel::Temperature, v),
                _ => {}
            }
        }
        let Some(ts) = ts else { return };
        s.set(
            Channel::Altitude,
            if enh_alt.is_nan() { alt } else { enh_alt },
        );
        s.set(
            Channel::Speed,
            if enh_speed.is_nan() { speed } else { enh_speed },
        );
        let c = s.get(Channel::Cadence);
        if !c.is_nan() {
            s.set(Channel::Cadence, c + frac_cadence);
        }
        // (0, 0) is what some devices write before the GPS has a fix.
        if s.get(Channel::Latitude) == 0.0 && s.get(Channel::Longitude) == 0.0 {
            s.values[Channel::Latitude as usize] = f64::NAN;
            s.values[Channel::Longitude as usize] = f64::NAN;
        }
        if !self.dev_power_fields.is_empty() {
            for d in &m.developer_fields {
                if self
                    .dev_power_fields
                    .contains(&(d.developer_data_index, d.num))
                    && let Some(p) = num(&d.value)
                {
                    self.dev_power.push((ts, p));
                }
            }
        }
        self.records.push((ts, s));
    }

    fn event(&mut self, m: &Message) {
        let e = mesgdef::Event::from(m);
        // event 0 = timer; event_type 0 = start, 1 stop, 4 stop_all, 8/9 stop_disable(_all).
        if e.event.0 != 0 {
            return;
        }
        let Some(ts) = opt(e.timestamp.0, u32::MAX) else {
            return;
        };
        match e.event_type.0 {
            0 => self.timer_starts.push(ts),
            1 | 4 | 8 | 9 => self.timer_stops.push(ts),
            _ => {}
        }
    }

    fn finish(mut self, warnings: &mut Vec<String>) -> Result<Vec<ParsedActivity>, ImportError> {
        // file type 4 = activity. Settings, workouts, courses, monitoring… are not.
        if let Some(t) = self.file_type
            && t != 4
        {
            let kind = typedef::File(t).to_string();
            warnings.insert(
                0,
                format!("this FIT file is a {kind} file, not a recorded activity"),
            );
            return Ok(Vec::new());
        }
        if self.records.is_empty() && self.sessions.is_empty() {
            warnings.insert(0, "the FIT file has no records and no session".into());
            return Ok(Vec::new());
        }
        // Records stamped with device-relative time (before the device knew
        // the date) cannot be placed on the timeline of a dated activity.
        if self.records.iter().any(|(t, _)| *t >= FIT_MIN_DATE) {
            let before = self.records.len();
            self.records.retain(|(t, _)| *t >= FIT_MIN_DATE);
            let dropped = before - self.records.len();
            if dropped > 0 {
                warnings.push(format!(
                    "{dropped} records without a real date were skipped"
                ));
            }
        }
        self.records.sort_by_key(|(t, _)| *t);
        let first_record = self.records.first().map(|(t, _)| *t);
        let first_session = self.sessions.iter().map(|s| s.start).min();
        let t0 = match (first_record, first_session) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) => a,
            (None, Some(b)) => b,
            (None, None) => return Ok(Vec::new()),
        };
        if t0 < FIT_MIN_DATE {
            warnings.insert(
                0,
                "the FIT file has no real date (device time since power-on only)".into(),
            );
            return Ok(Vec::new());
        }

        // Developer power fills the power channel only where the device has none.
        if !self.dev_power.is_empty()
            && !self
                .records
                .iter()
                .any(|(_, s)| !s.get(Channel::Power).is_nan())
        {
            let by_time: HashMap<u32, f64> = self.dev_power.iter().copied().collect();
            for (t, s) in &mut self.records {
                if let Some(p) = by_time.get(t) {
                    s.set(Channel::Power, *p);
                }
            }
        }

        if self.sessions.is_empty() {
            // Some apps write records only; one activity spanning them all.
            let (sport, sub_sport) = self
                .sport
                .unwrap_or((Sport::Other, tempo_domain::activity::SubSport::Generic));
            self.sessions.push(SessionInfo {
                start: t0,
                fit_sport: u8::MAX,
                sport,
                sub_sport,
                totals: Totals::default(),
                pool_length_m: None,
            });
            warnings.push(
                "no session summary in the file: totals are computed from the records only".into(),
            );
        }
        self.sessions.sort_by_key(|s| s.start);
        // A chained file may repeat a session; one activity per start time.
        self.sessions.dedup_by_key(|s| s.start);
        // Some multisport files add a summary session (sport "multisport")
        // spanning the legs; the legs are the activities.
        if self.sessions.len() > 1 {
            self.sessions.retain(|s| s.fit_sport != 18);
        }

        let pauses = self.pauses(t0);
        let single = self.sessions.len() == 1;
        let n_sessions = self.sessions.len();
        let mut out = Vec::with_capacity(n_sessions);
        for (i, session) in self.sessions.iter().enumerate() {
            // Records belong to a session by time; the last session takes any
            // trailing records, a single session takes them all.
            let next_start = self.sessions.get(i + 1).map(|s| s.start);
            let in_session =
                |t: u32| single || (t >= session.start && next_start.is_none_or(|n| t < n));
            let start = if single {
                t0.min(session.start)
            } else {
                session.start
            };
            let factor = cadence_factor(session.sport);
            // Record distance is cumulative over the whole multisport file: a
            // leg's distance starts where the previous leg's records ended.
            let distance_base = if single {
                0.0
            } else {
                self.records
                    .iter()
                    .take_while(|(t, _)| *t < session.start)
                    .map(|(_, s)| s.get(Channel::Distance))
                    .filter(|d| !d.is_nan())
                    .last()
                    .unwrap_or(0.0)
            };
            let raw: Vec<RawSample> = self
                .records
                .iter()
                .filter(|(t, _)| in_session(*t))
                .map(|(t, s)| {
                    let mut s = *s;
                    s.t = f64::from(t - start.min(*t));
                    let c = s.get(Channel::Cadence);
                    if !c.is_nan() {
                        s.values[Channel::Cadence as usize] = c * factor;
                    }
                    let d = s.get(Channel::Distance);
                    if !d.is_nan() {
                        s.values[Channel::Distance as usize] = (d - distance_base).max(0.0);
                    }
                    s
                })
                .collect();
            let offset = f64::from(start - t0);
            let session_pauses: Vec<(f64, f64)> = pauses
                .iter()
                .map(|&(a, b)| (a - offset, b - offset))
                .collect();
            let mut streams = resample_1hz(raw, &session_pauses);
            streams.derive_distance_and_speed();

            let laps = self
                .laps
                .iter()
                .filter(|l| in_session(l.start) && (single || l.start >= session.start))
                .map(|l| {
                    let mut totals = l.totals.clone();
                    scale_cadence(&mut totals, factor);
                    Lap {
                        start_offset_s: f64::from(l.start.saturating_sub(start)),
                        totals,
                    }
                })
                .collect();
            let lengths = self
                .lengths
                .iter()
                .filter(|(t, _)| in_session(*t))
                .map(|(t, l)| SwimLength {
                    start_offset_s: f64::from(t.saturating_sub(start)),
                    ..l.clone()
                })
                .collect();
            let has_summary = session.totals != Totals::default();
            let device_totals = has_summary.then(|| {
                let mut t = session.totals.clone();
                scale_cadence(&mut t, factor);
                t
            });
            let start_time = DateTime::from_timestamp(i64::from(start) + FIT_EPOCH, 0)
                .ok_or_else(|| ImportError::Fit("start time out of range".into()))?;
            out.push(ParsedActivity {
                sport: session.sport,
                sub_sport: session.sub_sport,
                name: None,
                start: start_time,
                utc_offset_s: self.activity_offset,
                device: self.device.clone(),
                device_totals,
                laps,
                lengths,
                pool_length_m: session.pool_length_m,
                streams,
            });
        }
        Ok(out)
    }

    /// Timer stop→start intervals, in seconds from `t0`.
    fn pauses(&self, t0: u32) -> Vec<(f64, f64)> {
        let mut stops = self.timer_stops.clone();
        let mut starts = self.timer_starts.clone();
        stops.sort_unstable();
        starts.sort_unstable();
        let mut out = Vec::new();
        for stop in stops {
            if let Some(&start) = starts.iter().find(|&&s| s > stop) {
                out.push((
                    f64::from(stop.saturating_sub(t0)),
                    f64::from(start.saturating_sub(t0)),
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_of_the_spec_example() {
        // The CRC of a buffer followed by its own CRC (little-endian) is zero.
        let data = b"123456789";
        let c = crc16(0, data);
        let mut with = data.to_vec();
        with.extend_from_slice(&c.to_le_bytes());
        assert_eq!(crc16(0, &with), 0);
        // CRC-16/ARC check value for "123456789".
        assert_eq!(c, 0xBB3D);
    }

    #[test]
    fn invalid_sentinels_are_none() {
        assert_eq!(num(&Value::Uint8(255)), None);
        assert_eq!(num(&Value::Uint16(65535)), None);
        assert_eq!(num(&Value::Int32(i32::MAX)), None);
        assert_eq!(num(&Value::Uint8(150)), Some(150.0));
    }
}
