//! TCX writer: an activity's laps and 1 Hz streams as a Garmin Training Center
//! Database v2 document.
//!
//! It exists for exports of activities whose original file Tempo did not keep,
//! so what matters is that [`super::parse`] reads back what was written: the
//! same start, time axis (pauses included), positions, altitude, distance,
//! speed, heart rate, cadence and power, sample by sample, and the same laps.
//!
//! What the format cannot carry exactly, by its schema:
//! - heart rate, cadence and power are integers (`unsignedByte`,
//!   `unsignedShort`): values are rounded, so an interpolated 142.5 bpm comes
//!   back as 143;
//! - running cadence is written in strides per minute (`RunCadence`), as
//!   devices do, so an odd step cadence comes back one step per minute off;
//! - the sport is "Running", "Biking" or "Other", so a walk comes back as
//!   "Other"; temperature has no element and is left out.
//!
//! A pause is a gap in the time axis; it is written as the end of one
//! `<Track>` and the start of the next, which is how the reader (and Garmin's
//! devices) tell a pause from a stretch of smart recording.

use std::io::{self, BufWriter, Write};

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use tempo_domain::activity::{Channel, Lap, Sport, Streams, Totals};

const TCX_NS: &str = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2";
const TPX_NS: &str = "http://www.garmin.com/xmlschemas/ActivityExtension/v2";
const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";
const SCHEMA_LOCATION: &str = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2 \
     http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd \
     http://www.garmin.com/xmlschemas/ActivityExtension/v2 \
     http://www.garmin.com/xmlschemas/ActivityExtensionv2.xsd";

/// An activity to write.
#[derive(Debug, Clone, Copy)]
pub struct TcxActivity<'a> {
    pub sport: Sport,
    /// Second 0 of the streams; written as the activity's `<Id>`.
    pub start: DateTime<Utc>,
    /// Written as the activity's `<Notes>`, which the reader takes as its name.
    pub name: Option<&'a str>,
    /// The recording device, written as the `<Creator>`'s name.
    pub device: Option<&'a str>,
    /// The laps as recorded; none gives one lap for the whole activity. A
    /// figure a lap lacks is computed from its part of the streams.
    pub laps: &'a [Lap],
    pub streams: &'a Streams,
}

/// Writes `activity` as a TCX document to `out` (buffered here, so a bare
/// file is fine). Streams without samples give a valid document with an empty
/// lap, which no reader will import as an activity.
pub fn write(out: impl Write, activity: &TcxActivity<'_>) -> io::Result<()> {
    let mut w = Writer::new_with_indent(BufWriter::new(out), b' ', 1);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let root = BytesStart::new("TrainingCenterDatabase").with_attributes([
        ("xmlns", TCX_NS),
        ("xmlns:ns3", TPX_NS),
        ("xmlns:xsi", XSI_NS),
        ("xsi:schemaLocation", SCHEMA_LOCATION),
    ]);
    w.write_event(Event::Start(root))?;
    open(&mut w, "Activities")?;
    let sport = match activity.sport {
        Sport::Running => "Running",
        Sport::Cycling => "Biking",
        _ => "Other",
    };
    w.write_event(Event::Start(
        BytesStart::new("Activity").with_attributes([("Sport", sport)]),
    ))?;
    leaf(&mut w, "Id", &timestamp(activity.start))?;
    let mut f = Fmt::default();
    for span in &lap_spans(activity) {
        write_lap(&mut w, &mut f, activity, span)?;
    }
    if let Some(name) = activity
        .name
        .map(xml_chars)
        .filter(|n| !n.trim().is_empty())
    {
        leaf(&mut w, "Notes", &name)?;
    }
    if let Some(device) = activity
        .device
        .map(xml_chars)
        .filter(|n| !n.trim().is_empty())
    {
        // Device_t requires a unit id, product id and version; Tempo does not
        // know them, and zero is what Garmin's own tools write when unknown.
        w.write_event(Event::Start(
            BytesStart::new("Creator").with_attributes([("xsi:type", "Device_t")]),
        ))?;
        leaf(&mut w, "Name", &device)?;
        leaf(&mut w, "UnitId", "0")?;
        leaf(&mut w, "ProductID", "0")?;
        open(&mut w, "Version")?;
        leaf(&mut w, "VersionMajor", "0")?;
        leaf(&mut w, "VersionMinor", "0")?;
        close(&mut w, "Version")?;
        close(&mut w, "Creator")?;
    }
    close(&mut w, "Activity")?;
    close(&mut w, "Activities")?;
    close(&mut w, "TrainingCenterDatabase")?;
    w.into_inner().flush()
}

/// One lap to write: where it starts (seconds from the start), the figures
/// recorded for it, and the indices of its samples in the streams.
#[derive(Debug)]
struct LapSpan<'a> {
    start_s: f64,
    totals: Option<&'a Totals>,
    samples: std::ops::Range<usize>,
}

/// Each sample goes to the last lap starting at or before it (samples before
/// the first lap go to the first lap, so none is lost).
fn lap_spans<'a>(a: &TcxActivity<'a>) -> Vec<LapSpan<'a>> {
    let time = a.streams.time_s();
    if a.laps.is_empty() {
        return vec![LapSpan {
            start_s: 0.0,
            totals: None,
            samples: 0..time.len(),
        }];
    }
    let mut laps: Vec<&Lap> = a.laps.iter().collect();
    laps.sort_by(|x, y| x.start_offset_s.total_cmp(&y.start_offset_s));
    let first_sample_of = |offset: f64| time.partition_point(|&t| f64::from(t) < offset);
    laps.iter()
        .enumerate()
        .map(|(i, lap)| {
            let lo = if i == 0 {
                0
            } else {
                first_sample_of(lap.start_offset_s)
            };
            let hi = laps
                .get(i + 1)
                .map_or(time.len(), |next| first_sample_of(next.start_offset_s));
            LapSpan {
                start_s: lap.start_offset_s.max(0.0),
                totals: Some(&lap.totals),
                samples: lo..hi.max(lo),
            }
        })
        .collect()
}

/// Sports whose cadence devices write in strides (one foot), as `RunCadence`.
fn foot(sport: Sport) -> bool {
    matches!(sport, Sport::Running | Sport::Walking | Sport::Hiking)
}

fn write_lap<W: Write>(
    w: &mut Writer<W>,
    f: &mut Fmt,
    a: &TcxActivity<'_>,
    span: &LapSpan<'_>,
) -> io::Result<()> {
    let s = a.streams;
    let time = s.time_s();
    let start = a.start + duration_s(span.start_s);
    w.write_event(Event::Start(
        BytesStart::new("Lap").with_attributes([("StartTime", timestamp(start).as_str())]),
    ))?;
    // Our figures for the lap's samples fill what the recorded lap lacks.
    let window = match (time.get(span.samples.start), span.samples.is_empty()) {
        (Some(&from), false) => {
            let to = time[span.samples.end - 1] + 1;
            Totals::from_streams(&s.window(from, to), a.sport)
        }
        _ => Totals::default(),
    };
    let rec = span.totals;
    let get = |pick: fn(&Totals) -> Option<f64>| {
        rec.and_then(pick)
            .filter(|v| v.is_finite())
            .or_else(|| pick(&window).filter(|v| v.is_finite()))
    };
    let strides = foot(a.sport);
    leaf(
        w,
        "TotalTimeSeconds",
        f.fixed(get(|t| t.timer_s).unwrap_or(0.0).max(0.0), 3),
    )?;
    leaf(
        w,
        "DistanceMeters",
        f.fixed(get(|t| t.distance_m).unwrap_or(0.0).max(0.0), 2),
    )?;
    if let Some(v) = get(|t| t.max_speed_mps) {
        leaf(w, "MaximumSpeed", f.fixed(v.max(0.0), 3))?;
    }
    let calories = get(|t| t.calories_kcal).map_or(0, |c| c.round().clamp(0.0, 65_535.0) as u32);
    leaf(w, "Calories", f.int(calories))?;
    if let Some(hr) = get(|t| t.avg_hr).and_then(heart_rate) {
        hr_box(w, f, "AverageHeartRateBpm", hr)?;
    }
    if let Some(hr) = get(|t| t.max_hr).and_then(heart_rate) {
        hr_box(w, f, "MaximumHeartRateBpm", hr)?;
    }
    leaf(w, "Intensity", "Active")?;
    let avg_cadence = get(|t| t.avg_cadence);
    let max_cadence = get(|t| t.max_cadence);
    if !strides && let Some(c) = avg_cadence {
        leaf(w, "Cadence", f.int(cadence(c)))?;
    }
    leaf(w, "TriggerMethod", "Manual")?;

    // One `<Track>` per stretch without a pause.
    let mut i = span.samples.start;
    while i < span.samples.end {
        open(w, "Track")?;
        loop {
            write_point(w, f, a, i, strides)?;
            i += 1;
            if i >= span.samples.end || time[i] - time[i - 1] > 1 {
                break;
            }
        }
        close(w, "Track")?;
    }

    let lx = [
        (
            "AvgSpeed",
            get(|t| t.avg_speed_mps).map(|v| f.fixed(v.max(0.0), 3).to_owned()),
        ),
        (
            "MaxBikeCadence",
            max_cadence
                .filter(|_| !strides)
                .map(|c| cadence(c).to_string()),
        ),
        (
            "AvgRunCadence",
            avg_cadence
                .filter(|_| strides)
                .map(|c| cadence(c / 2.0).to_string()),
        ),
        (
            "MaxRunCadence",
            max_cadence
                .filter(|_| strides)
                .map(|c| cadence(c / 2.0).to_string()),
        ),
        (
            "AvgWatts",
            get(|t| t.avg_power_w).map(|p| watts(p).to_string()),
        ),
        (
            "MaxWatts",
            get(|t| t.max_power_w).map(|p| watts(p).to_string()),
        ),
    ];
    if lx.iter().any(|(_, v)| v.is_some()) {
        open(w, "Extensions")?;
        open(w, "ns3:LX")?;
        for (name, value) in lx {
            if let Some(v) = value {
                leaf(w, &format!("ns3:{name}"), &v)?;
            }
        }
        close(w, "ns3:LX")?;
        close(w, "Extensions")?;
    }
    close(w, "Lap")
}

fn write_point<W: Write>(
    w: &mut Writer<W>,
    f: &mut Fmt,
    a: &TcxActivity<'_>,
    i: usize,
    strides: bool,
) -> io::Result<()> {
    let s = a.streams;
    let value = |c: Channel| s.column(c).map(|v| v[i]).filter(|v| v.is_finite());
    open(w, "Trackpoint")?;
    leaf(
        w,
        "Time",
        &timestamp(a.start + Duration::seconds(i64::from(s.time_s()[i]))),
    )?;
    if let (Some(lat), Some(lon)) = (value(Channel::Latitude), value(Channel::Longitude)) {
        open(w, "Position")?;
        leaf(w, "LatitudeDegrees", f.fixed(lat, 8))?;
        leaf(w, "LongitudeDegrees", f.fixed(lon, 8))?;
        close(w, "Position")?;
    }
    if let Some(v) = value(Channel::Altitude) {
        leaf(w, "AltitudeMeters", f.fixed(v, 2))?;
    }
    if let Some(v) = value(Channel::Distance) {
        leaf(w, "DistanceMeters", f.fixed(v, 2))?;
    }
    if let Some(hr) = value(Channel::HeartRate).and_then(heart_rate) {
        hr_box(w, f, "HeartRateBpm", hr)?;
    }
    let cad = value(Channel::Cadence);
    if !strides && let Some(c) = cad {
        leaf(w, "Cadence", f.int(cadence(c)))?;
    }
    let speed = value(Channel::Speed);
    let run_cadence = cad.filter(|_| strides);
    let power = value(Channel::Power);
    if speed.is_some() || run_cadence.is_some() || power.is_some() {
        open(w, "Extensions")?;
        open(w, "ns3:TPX")?;
        if let Some(v) = speed {
            leaf(w, "ns3:Speed", f.fixed(v.max(0.0), 3))?;
        }
        if let Some(c) = run_cadence {
            leaf(w, "ns3:RunCadence", f.int(cadence(c / 2.0)))?;
        }
        if let Some(p) = power {
            leaf(w, "ns3:Watts", f.int(watts(p)))?;
        }
        close(w, "ns3:TPX")?;
        close(w, "Extensions")?;
    }
    close(w, "Trackpoint")
}

/// `positiveByte` in the schema: 1–255 bpm; zero is "no reading", not a value.
fn heart_rate(bpm: f64) -> Option<u32> {
    let r = bpm.round();
    (r >= 1.0).then(|| r.min(255.0) as u32)
}

/// `CadenceValue_t`: 0–254 per minute.
fn cadence(c: f64) -> u32 {
    c.round().clamp(0.0, 254.0) as u32
}

/// `unsignedShort` watts.
fn watts(p: f64) -> u32 {
    p.round().clamp(0.0, 65_535.0) as u32
}

fn hr_box<W: Write>(w: &mut Writer<W>, f: &mut Fmt, name: &str, bpm: u32) -> io::Result<()> {
    open(w, name)?;
    leaf(w, "Value", f.int(bpm))?;
    close(w, name)
}

fn duration_s(s: f64) -> Duration {
    Duration::microseconds((s * 1e6).round() as i64)
}

/// `xsd:dateTime` in UTC, with a fraction only when there is one.
fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// The characters XML 1.0 allows: control characters other than tab, line
/// feed and carriage return cannot appear in a document even escaped, and a
/// name pasted from elsewhere may hold one.
fn xml_chars(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
                || c >= '\u{10000}'
        })
        .collect()
}

fn open<W: Write>(w: &mut Writer<W>, name: &str) -> io::Result<()> {
    w.write_event(Event::Start(BytesStart::new(name)))
}

fn close<W: Write>(w: &mut Writer<W>, name: &str) -> io::Result<()> {
    w.write_event(Event::End(BytesEnd::new(name)))
}

/// `<name>text</name>`, the text escaped.
fn leaf<W: Write>(w: &mut Writer<W>, name: &str, text: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(text))?;
    Ok(())
}

/// Number formatting into one reused buffer: a long ride has tens of
/// thousands of trackpoints, each with up to ten numbers.
#[derive(Debug, Default)]
struct Fmt {
    buf: String,
}

impl Fmt {
    /// `v` with at most `decimals` decimals, trailing zeros dropped ("45.1",
    /// "12"), and never "-0".
    fn fixed(&mut self, v: f64, decimals: usize) -> &str {
        use std::fmt::Write as _;
        self.buf.clear();
        let _ = write!(self.buf, "{v:.decimals$}");
        if self.buf.contains('.') {
            let keep = self.buf.trim_end_matches('0').trim_end_matches('.').len();
            self.buf.truncate(keep);
        }
        if self.buf == "-0" {
            self.buf.clear();
            self.buf.push('0');
        }
        &self.buf
    }

    fn int(&mut self, v: u32) -> &str {
        use std::fmt::Write as _;
        self.buf.clear();
        let _ = write!(self.buf, "{v}");
        &self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_never_negative_zero() {
        let mut f = Fmt::default();
        assert_eq!(f.fixed(45.0, 8), "45");
        assert_eq!(f.fixed(45.123_456_7, 8), "45.1234567");
        assert_eq!(f.fixed(-0.000_000_001, 8), "0");
        assert_eq!(f.fixed(2.5, 3), "2.5");
        assert_eq!(f.fixed(100.0, 2), "100");
    }

    #[test]
    fn characters_xml_cannot_hold_are_dropped() {
        assert_eq!(xml_chars("a\u{1}b\tc\u{FFFE}é"), "ab\tcé");
    }

    #[test]
    fn schema_ranges() {
        assert_eq!(heart_rate(0.2), None);
        assert_eq!(heart_rate(142.5), Some(143));
        assert_eq!(heart_rate(300.0), Some(255));
        assert_eq!(cadence(-3.0), 0);
        assert_eq!(watts(70_000.0), 65_535);
    }
}
