//! GPX reader (GPX 1.0 and 1.1).
//!
//! A GPX file is a recorded activity only when its track points carry times:
//! routes (`<rte>`), waypoints and time-less tracks are plans, and are reported
//! as such rather than imported. Each `<trk>` with at least two distinct times
//! becomes one activity:
//!
//! - position from `lat`/`lon`, altitude from `<ele>`, speed from the GPX 1.0
//!   `<speed>` element;
//! - sensors from `<extensions>`, matched by local name whatever the namespace
//!   prefix: Garmin TrackPointExtension v1/v2 (`hr`, `cad`, `atemp`, v2 `speed`),
//!   power as `<power>` (Strava, Wahoo) or `PowerInWatts` (gpxpx), and the
//!   Cluetrust names (`heartrate`, `cadence`, `temp`);
//! - each `<trkseg>` boundary is a pause: nothing is interpolated across it;
//! - running, walking and hiking cadence is recorded in strides per minute and
//!   stored in steps per minute, so it is doubled.
//!
//! GPX has no laps and no device summary; distance and speed, when the file
//! lacks them, are derived from positions after resampling.

use quick_xml::events::{BytesRef, BytesStart};
use tempo_domain::activity::{
    Channel, Device, ParsedActivity, RawSample, Sport, Streams, SubSport,
};

use crate::ImportError;
use crate::xml::{self, Handler, MAX_ACTIVITY_SPAN_S, TextBuf, TimedSample};

const FORMAT: &str = "GPX";

/// The first warning when a well-formed GPX holds nothing recorded; the caller
/// turns it into the `NoActivity` message.
const ROUTE_ONLY: &str = "the GPX holds a route without timestamps, not a recorded activity";
const WAYPOINTS_ONLY: &str = "the GPX holds only waypoints, not a recorded activity";
const NO_TRACK: &str = "the GPX holds no track";

pub(crate) fn parse(bytes: &[u8]) -> Result<(Vec<ParsedActivity>, Vec<String>), ImportError> {
    let doc = xml::prepare(bytes);
    let mut gpx = Gpx::default();
    let damage = xml::read(&doc, "gpx", &mut gpx);
    gpx.close_unfinished();
    xml::keep_or_fail(FORMAT, damage, gpx.into_activities(), doc.warning)
}

/// What an element is, given its local name and its parent. Anything Tempo does
/// not read is `Other`, so its text is ignored without comparing names again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Gpx,
    Metadata,
    /// `<name>` of the file (GPX 1.0 puts it under `<gpx>`, 1.1 under `<metadata>`) or of a track.
    Name,
    Trk,
    /// `<trk><type>`: the sport label.
    Type,
    Trkseg,
    Trkpt,
    Rte,
    /// A value of the open track point.
    Value(Channel),
    Time,
    Other,
}

/// A `<trk>` being read.
#[derive(Debug, Default)]
struct Track {
    name: Option<String>,
    sport_label: Option<String>,
    samples: Vec<TimedSample>,
    /// Index in `samples` where each `<trkseg>` starts.
    segments: Vec<usize>,
    /// Every `<trkpt>`, timed or not.
    points: usize,
}

/// A `<trkpt>` being read.
#[derive(Debug)]
struct Point {
    us: Option<i64>,
    unreadable_time: bool,
    sample: RawSample,
}

#[derive(Debug, Default)]
struct Gpx {
    stack: Vec<Tag>,
    creator: Option<String>,
    file_name: Option<String>,
    text: TextBuf,
    track: Option<Track>,
    point: Option<Point>,
    tracks: Vec<Track>,
    /// Track points without a time (or with one that cannot be read), over the file.
    untimed: usize,
    unreadable_times: usize,
    route_points: usize,
    waypoints: usize,
}

impl Handler for Gpx {
    fn start(&mut self, e: &BytesStart<'_>) {
        let parent = self.stack.last().copied();
        let local = e.local_name();
        let name = local.as_ref();
        let tag = match (parent, name) {
            (None, "gpx") => {
                self.creator = xml::attribute(e, "creator")
                    .map(|c| c.trim().to_owned())
                    .filter(|c| !c.is_empty());
                Tag::Gpx
            }
            (Some(Tag::Gpx), "metadata") => Tag::Metadata,
            (Some(Tag::Gpx | Tag::Metadata | Tag::Trk), "name") => {
                self.text.clear();
                Tag::Name
            }
            (Some(Tag::Gpx), "trk") => {
                self.track = Some(Track::default());
                Tag::Trk
            }
            (Some(Tag::Trk), "type") => {
                self.text.clear();
                Tag::Type
            }
            (Some(Tag::Trk), "trkseg") => {
                if let Some(track) = &mut self.track {
                    track.segments.push(track.samples.len());
                }
                Tag::Trkseg
            }
            (Some(Tag::Trkseg), "trkpt") => {
                self.point = Some(Point::new(e));
                Tag::Trkpt
            }
            (Some(Tag::Trkpt), "time") => Tag::Time,
            (Some(Tag::Trkpt), "ele") => Tag::Value(Channel::Altitude),
            (Some(Tag::Gpx), "rte") => Tag::Rte,
            (Some(Tag::Rte), "rtept") => {
                self.route_points += 1;
                Tag::Other
            }
            (Some(Tag::Gpx), "wpt") => {
                self.waypoints += 1;
                Tag::Other
            }
            // Anything deeper in a point: the GPX 1.0 `<speed>` or an extension.
            _ if self.point.is_some() => point_value(name).map_or(Tag::Other, Tag::Value),
            _ => Tag::Other,
        };
        self.stack.push(tag);
    }

    fn end(&mut self) {
        let Some(tag) = self.stack.pop() else {
            return;
        };
        match tag {
            Tag::Name => {
                let name = self.text.take();
                match (self.stack.last(), &mut self.track) {
                    (Some(Tag::Trk), Some(track)) => track.name = name,
                    _ => self.file_name = self.file_name.take().or(name),
                }
            }
            Tag::Type => {
                if let Some(track) = &mut self.track {
                    track.sport_label = self.text.take();
                }
            }
            Tag::Trkpt => self.finish_point(),
            Tag::Trk => {
                if let Some(track) = self.track.take() {
                    self.tracks.push(track);
                }
            }
            _ => {}
        }
    }

    fn reference(&mut self, r: &BytesRef<'_>) {
        if matches!(self.stack.last(), Some(Tag::Name | Tag::Type)) {
            self.text.push_ref(r);
        }
    }

    fn depth(&self) -> usize {
        self.stack.len()
    }

    fn text(&mut self, text: &str) {
        match self.stack.last() {
            Some(Tag::Name | Tag::Type) => self.text.push(text),
            Some(Tag::Time) => {
                if let Some(point) = &mut self.point {
                    match xml::time_us(text) {
                        Some(us) => point.us = Some(us),
                        None => point.unreadable_time |= !text.trim().is_empty(),
                    }
                }
            }
            Some(Tag::Value(channel)) => {
                if let (Some(point), Some(v)) = (&mut self.point, xml::number(text)) {
                    point.sample.set(*channel, v);
                }
            }
            _ => {}
        }
    }
}

impl Gpx {
    fn finish_point(&mut self) {
        let (Some(point), Some(track)) = (self.point.take(), &mut self.track) else {
            return;
        };
        track.points += 1;
        match point.us {
            Some(us) => track.samples.push(TimedSample {
                us,
                sample: point.sample,
            }),
            None => {
                self.untimed += 1;
                self.unreadable_times += usize::from(point.unreadable_time);
            }
        }
    }

    /// After damage or a cut: the open point may be incomplete and is dropped;
    /// the open track keeps the points read so far.
    fn close_unfinished(&mut self) {
        self.point = None;
        if let Some(track) = self.track.take() {
            self.tracks.push(track);
        }
        self.stack.clear();
    }

    fn into_activities(self) -> (Vec<ParsedActivity>, Vec<String>) {
        let device = Device {
            manufacturer: self.creator,
            product: None,
        };
        let mut activities = Vec::new();
        let mut skipped = Vec::new();
        for track in self.tracks {
            match activity(track, &device, self.file_name.as_deref()) {
                Ok(a) => activities.push(a),
                Err(Some(reason)) => skipped.push(reason),
                // A track without times is a route; the summary below says so once.
                Err(None) => {}
            }
        }
        let mut warnings = Vec::new();
        if activities.is_empty() && skipped.is_empty() {
            warnings.push(
                if self.untimed > 0 || self.route_points > 0 {
                    ROUTE_ONLY
                } else if self.waypoints > 0 {
                    WAYPOINTS_ONLY
                } else {
                    NO_TRACK
                }
                .to_owned(),
            );
        }
        warnings.extend(skipped);
        if !activities.is_empty() && self.untimed > 0 {
            let mut w = xml::counted(
                self.untimed,
                "trackpoint without a time was skipped",
                "trackpoints without a time were skipped",
            );
            if self.unreadable_times > 0 {
                w.push_str(&format!(
                    " ({} had a time that could not be read)",
                    self.unreadable_times
                ));
            }
            warnings.push(w);
        }
        (activities, warnings)
    }
}

impl Point {
    fn new(e: &BytesStart<'_>) -> Point {
        let mut sample = RawSample::new(0.0);
        let lat = xml::attribute(e, "lat").and_then(|v| xml::number(&v));
        let lon = xml::attribute(e, "lon").and_then(|v| xml::number(&v));
        // A position is kept only whole and on the globe; a point without one
        // still carries its time and sensors.
        if let (Some(lat), Some(lon)) = (lat, lon)
            && (-90.0..=90.0).contains(&lat)
            && (-180.0..=180.0).contains(&lon)
        {
            sample.set(Channel::Latitude, lat);
            sample.set(Channel::Longitude, lon);
        }
        Point {
            us: None,
            unreadable_time: false,
            sample,
        }
    }
}

/// The channel of an element inside a track point, by local name, any case.
fn point_value(name: &str) -> Option<Channel> {
    let is = |names: &[&str]| names.iter().any(|n| name.eq_ignore_ascii_case(n));
    if is(&["hr", "heartrate"]) {
        Some(Channel::HeartRate)
    } else if is(&["cad", "cadence"]) {
        Some(Channel::Cadence)
    } else if is(&["power", "PowerInWatts", "watts"]) {
        Some(Channel::Power)
    } else if is(&["speed"]) {
        Some(Channel::Speed)
    } else if is(&["atemp", "temp"]) {
        Some(Channel::Temperature)
    } else {
        None
    }
}

/// Sports whose cadence devices write in strides per minute (one foot).
fn cadence_in_strides(sport: Sport) -> bool {
    matches!(sport, Sport::Running | Sport::Walking | Sport::Hiking)
}

/// One track as an activity, or why not: `Err(None)` for a track without
/// times (a route), `Err(Some(reason))` otherwise.
fn activity(
    track: Track,
    device: &Device,
    file_name: Option<&str>,
) -> Result<ParsedActivity, Option<String>> {
    let label = match &track.name {
        Some(name) => format!("the GPX track “{name}”"),
        None => "a GPX track".to_owned(),
    };
    if track.samples.is_empty() {
        return if track.points == 0 {
            Err(Some(format!("{label} has no points")))
        } else {
            Err(None)
        };
    }
    let first = track.samples.iter().map(|s| s.us).min().unwrap_or(0);
    let last = track.samples.iter().map(|s| s.us).max().unwrap_or(0);
    if last == first {
        return Err(Some(format!(
            "{label} has all its timed points at the same instant, so it is not a recorded activity"
        )));
    }
    let span_s = (last - first) / 1_000_000;
    if span_s > MAX_ACTIVITY_SPAN_S {
        return Err(Some(format!(
            "{label} spans {} days between its first and last time stamps, more than one activity can; it was skipped",
            span_s / 86_400
        )));
    }
    let Some(start) = xml::datetime(first) else {
        return Err(Some(format!("{label} has a start time out of range")));
    };
    let (sport, sub_sport) = track
        .sport_label
        .as_deref()
        .map_or((Sport::Other, SubSport::Generic), Sport::from_label);
    let mut samples = track.samples;
    if cadence_in_strides(sport) {
        for s in &mut samples {
            let cad = s.sample.get(Channel::Cadence);
            s.sample.set(Channel::Cadence, cad * 2.0);
        }
    }
    let mut streams: Streams = xml::build_streams(samples, &track.segments, first);
    streams.derive_distance_and_speed();
    if streams.len() < 2 {
        return Err(Some(format!(
            "{label} lasts under a second, so it is not a recorded activity"
        )));
    }
    Ok(ParsedActivity {
        sport,
        sub_sport,
        name: track.name.or_else(|| file_name.map(str::to_owned)),
        start,
        utc_offset_s: None,
        device: device.clone(),
        device_totals: None,
        laps: vec![],
        lengths: vec![],
        pool_length_m: None,
        streams,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gpx(body: &str) -> String {
        format!(
            r#"<?xml version="1.0"?><gpx version="1.1" creator="Test" xmlns:g="urn:x">{body}</gpx>"#
        )
    }

    #[test]
    fn names_with_entities_keep_their_spaces() {
        let doc = gpx(
            "<metadata><name>Tom &amp; Jerry &#233;</name></metadata><trk><trkseg>\
             <trkpt lat=\"1\" lon=\"2\"><time>2020-01-01T00:00:00Z</time></trkpt>\
             <trkpt lat=\"1\" lon=\"2\"><time>2020-01-01T00:00:02Z</time></trkpt>\
             </trkseg></trk>",
        );
        let (acts, _) = parse(doc.as_bytes()).expect("parses");
        assert_eq!(acts[0].name.as_deref(), Some("Tom & Jerry é"));
        assert_eq!(acts[0].device.manufacturer.as_deref(), Some("Test"));
    }

    #[test]
    fn a_latin1_file_is_read_with_a_warning() {
        let mut doc = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><gpx><trk><name>Cr\xeate</name><trkseg>".to_vec();
        doc.extend_from_slice(
            b"<trkpt lat=\"1\" lon=\"2\"><time>2020-01-01T00:00:00Z</time></trkpt>\
              <trkpt lat=\"1\" lon=\"2\"><time>2020-01-01T00:00:01Z</time></trkpt></trkseg></trk></gpx>",
        );
        let (acts, warnings) = parse(&doc).expect("parses");
        assert_eq!(acts[0].name.as_deref(), Some("Crête"));
        assert!(
            warnings.iter().any(|w| w.contains("Latin-1")),
            "{warnings:?}"
        );
    }

    #[test]
    fn damage_is_placed_in_the_file_as_given() {
        // The BOM counts in the byte offset, not in the column.
        let err = parse("\u{feff}<gpx><trk></gpx>".as_bytes()).expect_err("mismatched");
        let ImportError::Xml { reason, .. } = err else {
            panic!("{err:?}");
        };
        assert!(
            reason.ends_with("at line 1, column 11 (byte 13)"),
            "{reason}"
        );
    }

    #[test]
    fn extension_names_are_matched_in_any_namespace_and_case() {
        let doc = gpx("<trk><type>cycling</type><trkseg>\
             <trkpt lat=\"1\" lon=\"2\"><time>2020-01-01T00:00:00Z</time><extensions>\
             <g:PowerExtension><g:PowerInWatts>200</g:PowerInWatts></g:PowerExtension>\
             <gpxdata:heartrate>120</gpxdata:heartrate><CAD>80</CAD></extensions></trkpt>\
             <trkpt lat=\"1\" lon=\"2\"><time>2020-01-01T00:00:01Z</time><extensions>\
             <power>210</power><hr>121</hr><cadence>81</cadence></extensions></trkpt>\
             </trkseg></trk>");
        let (acts, warnings) = parse(doc.as_bytes()).expect("parses");
        assert!(warnings.is_empty(), "{warnings:?}");
        let s = &acts[0].streams;
        assert_eq!(s.column(Channel::Power), Some(&[200.0, 210.0][..]));
        assert_eq!(s.column(Channel::HeartRate), Some(&[120.0, 121.0][..]));
        // Cycling cadence is kept in rpm.
        assert_eq!(s.column(Channel::Cadence), Some(&[80.0, 81.0][..]));
    }

    #[test]
    fn a_track_spanning_years_is_refused_not_allocated() {
        let doc = gpx("<trk><trkseg>\
             <trkpt lat=\"1\" lon=\"2\"><time>1990-01-01T00:00:00Z</time></trkpt>\
             <trkpt lat=\"1\" lon=\"2\"><time>2020-01-01T00:00:00Z</time></trkpt>\
             </trkseg></trk>");
        let (acts, warnings) = parse(doc.as_bytes()).expect("well-formed");
        assert!(acts.is_empty());
        assert!(warnings[0].contains("days"), "{warnings:?}");
    }

    #[test]
    fn out_of_range_positions_are_dropped_but_the_point_kept() {
        let doc = gpx("<trk><trkseg>\
             <trkpt lat=\"91\" lon=\"2\"><time>2020-01-01T00:00:00Z</time><ele>5</ele></trkpt>\
             <trkpt lat=\"1\" lon=\"2\"><time>2020-01-01T00:00:01Z</time><ele>6</ele></trkpt>\
             </trkseg></trk>");
        let (acts, _) = parse(doc.as_bytes()).expect("parses");
        let s = &acts[0].streams;
        assert_eq!(s.column(Channel::Altitude), Some(&[5.0, 6.0][..]));
        assert!(
            s.column(Channel::Latitude)
                .is_some_and(|lat| lat[0].is_nan() && lat[1] == 1.0)
        );
    }

    #[test]
    fn a_cut_file_keeps_the_points_before_the_cut() {
        let doc = gpx("<trk><trkseg>\
             <trkpt lat=\"1\" lon=\"2\"><time>2020-01-01T00:00:00Z</time></trkpt>\
             <trkpt lat=\"1\" lon=\"2\"><time>2020-01-01T00:00:03Z</time></trkpt>\
             <trkpt lat=\"1\" lon=\"2\"><time>2020-01-01T00:00:04Z</time><ele>1");
        let cut = doc.trim_end_matches("</gpx>");
        let (acts, warnings) = parse(cut.as_bytes()).expect("salvaged");
        assert_eq!(acts[0].streams.time_s(), &[0, 1, 2, 3]);
        assert!(warnings[0].contains("cut short"), "{warnings:?}");
    }
}
