//! TCX (Garmin Training Center Database v2): the reader, and [`write()`] for
//! exports.
//!
//! Each `<Activity>` becomes one activity, multisport sessions included:
//!
//! - the sport comes from the `Sport` attribute ("Running", "Biking", "Other"),
//!   the start from `<Id>`, the device from `<Creator><Name>`, the name from
//!   the first line of the activity's `<Notes>` (where Tempo's own exports
//!   put it; the schema has no name element);
//! - each `<Lap>` keeps the device's figures (timer time, distance, calories,
//!   heart rate, speed, cadence and power from the `LX` extension), and their
//!   combination is the activity's device summary;
//! - trackpoints give position, altitude, the device's own cumulative distance,
//!   heart rate, cadence, and speed and power from the `TPX` extension;
//! - the time between two `<Track>` elements is a pause: nothing is interpolated
//!   across it.
//!
//! Running cadence is written in strides per minute (`RunCadence`, or `Cadence`
//! in a running activity) and stored in steps per minute, so it is doubled.
//! Trackpoints that carry only a time (Garmin writes them at pauses) mark the
//! end of a lap but add no sample: they would punch holes in every channel.

mod write;

pub use write::{TcxActivity, write};

use quick_xml::events::{BytesRef, BytesStart};
use tempo_domain::activity::{
    Channel, Device, Lap, ParsedActivity, RawSample, Sport, SubSport, Totals,
};

use crate::ImportError;
use crate::xml::{self, Handler, MAX_ACTIVITY_SPAN_S, TextBuf, TimedSample};

const FORMAT: &str = "TCX";
const MICROS: f64 = 1_000_000.0;

/// How far before its first trackpoint an activity's `<Id>` may lie and still
/// be taken as its start. Further than that, the `<Id>` is a placeholder or a
/// clock error, and the first trackpoint is the start.
const MAX_ID_LEAD_US: i64 = 24 * 3600 * 1_000_000;

pub(crate) fn parse(bytes: &[u8]) -> Result<(Vec<ParsedActivity>, Vec<String>), ImportError> {
    let doc = xml::prepare(bytes);
    let mut tcx = Tcx::default();
    let damage = xml::read(&doc, "TrainingCenterDatabase", &mut tcx);
    tcx.close_unfinished();
    xml::keep_or_fail(FORMAT, damage, tcx.into_activities(), doc.warning)
}

/// A lap figure as the file writes it (before cadence doubling).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LapField {
    TotalTime,
    Distance,
    MaxSpeed,
    Calories,
    AvgHr,
    MaxHr,
    /// `<Lap><Cadence>`: bike cadence by the schema, strides in some running files.
    Cadence,
    AvgSpeed,
    AvgRunCadence,
    MaxRunCadence,
    MaxBikeCadence,
    AvgWatts,
    MaxWatts,
}

/// What an element is, given its local name and its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Root,
    Activity,
    Id,
    /// The activity's `<Notes>` (not a lap's).
    Notes,
    Creator,
    CreatorName,
    Lap,
    /// `AverageHeartRateBpm` and `MaximumHeartRateBpm`, which wrap a `<Value>`.
    AvgHrBox,
    MaxHrBox,
    LapValue(LapField),
    Track,
    Trackpoint,
    Time,
    Position,
    /// `HeartRateBpm`, which wraps a `<Value>`.
    HrBox,
    Value(Channel),
    /// Trackpoint `<Cadence>`: rpm, or strides in a running activity.
    Cadence,
    /// TPX `<RunCadence>`: always strides.
    RunCadence,
    Courses,
    Other,
}

#[derive(Debug, Default)]
struct LapBuilder {
    /// `StartTime`, which the schema requires but some writers leave out.
    start_us: Option<i64>,
    figures: Vec<(LapField, f64)>,
    /// The first and last trackpoint times in the lap, time-only points included.
    first_point_us: Option<i64>,
    last_point_us: Option<i64>,
}

#[derive(Debug)]
struct ActivityBuilder {
    sport: Sport,
    sub_sport: SubSport,
    id_us: Option<i64>,
    creator: Option<String>,
    notes: Option<String>,
    laps: Vec<LapBuilder>,
    samples: Vec<TimedSample>,
    /// Index in `samples` where each `<Track>` starts.
    tracks: Vec<usize>,
    last_point_us: Option<i64>,
}

#[derive(Debug)]
struct Point {
    us: Option<i64>,
    sample: RawSample,
    cadence: Option<f64>,
    run_cadence: Option<f64>,
}

#[derive(Debug, Default)]
struct Tcx {
    stack: Vec<Tag>,
    text: TextBuf,
    activity: Option<ActivityBuilder>,
    lap: Option<LapBuilder>,
    point: Option<Point>,
    activities: Vec<ActivityBuilder>,
    untimed: usize,
    courses: bool,
}

impl Handler for Tcx {
    fn start(&mut self, e: &BytesStart<'_>) {
        let parent = self.stack.last().copied();
        let local = e.local_name();
        let name = local.as_ref();
        let tag = match (parent, name) {
            (None, "TrainingCenterDatabase") => Tag::Root,
            (Some(Tag::Root), "Courses") => {
                self.courses = true;
                Tag::Courses
            }
            // Under `Activities`, or deeper in a multisport session.
            (Some(p), "Activity") if p != Tag::Courses && self.activity.is_none() => {
                let (sport, sub_sport) = xml::attribute(e, "Sport")
                    .map_or((Sport::Other, SubSport::Generic), |s| Sport::from_label(&s));
                self.activity = Some(ActivityBuilder::new(sport, sub_sport));
                Tag::Activity
            }
            (Some(Tag::Activity), "Id") => Tag::Id,
            (Some(Tag::Activity), "Notes") => {
                self.text.clear();
                Tag::Notes
            }
            (Some(Tag::Activity), "Creator") => Tag::Creator,
            (Some(Tag::Creator), "Name") => {
                self.text.clear();
                Tag::CreatorName
            }
            (Some(Tag::Activity), "Lap") => {
                self.lap = Some(LapBuilder {
                    start_us: xml::attribute(e, "StartTime").and_then(|t| xml::time_us(&t)),
                    ..LapBuilder::default()
                });
                Tag::Lap
            }
            (Some(Tag::Lap), "TotalTimeSeconds") => Tag::LapValue(LapField::TotalTime),
            (Some(Tag::Lap), "DistanceMeters") => Tag::LapValue(LapField::Distance),
            (Some(Tag::Lap), "MaximumSpeed") => Tag::LapValue(LapField::MaxSpeed),
            (Some(Tag::Lap), "Calories") => Tag::LapValue(LapField::Calories),
            (Some(Tag::Lap), "Cadence") => Tag::LapValue(LapField::Cadence),
            (Some(Tag::Lap), "AverageHeartRateBpm") => Tag::AvgHrBox,
            (Some(Tag::Lap), "MaximumHeartRateBpm") => Tag::MaxHrBox,
            (Some(Tag::AvgHrBox), "Value") => Tag::LapValue(LapField::AvgHr),
            (Some(Tag::MaxHrBox), "Value") => Tag::LapValue(LapField::MaxHr),
            (Some(Tag::Lap), "Track") => {
                if let Some(a) = &mut self.activity {
                    a.tracks.push(a.samples.len());
                }
                Tag::Track
            }
            (Some(Tag::Track), "Trackpoint") => {
                self.point = Some(Point {
                    us: None,
                    sample: RawSample::new(0.0),
                    cadence: None,
                    run_cadence: None,
                });
                Tag::Trackpoint
            }
            (Some(Tag::Trackpoint), "Time") => Tag::Time,
            (Some(Tag::Trackpoint), "Position") => Tag::Position,
            (Some(Tag::Position), "LatitudeDegrees") => Tag::Value(Channel::Latitude),
            (Some(Tag::Position), "LongitudeDegrees") => Tag::Value(Channel::Longitude),
            (Some(Tag::Trackpoint), "AltitudeMeters") => Tag::Value(Channel::Altitude),
            (Some(Tag::Trackpoint), "DistanceMeters") => Tag::Value(Channel::Distance),
            (Some(Tag::Trackpoint), "HeartRateBpm") => Tag::HrBox,
            (Some(Tag::HrBox), "Value") => Tag::Value(Channel::HeartRate),
            (Some(Tag::Trackpoint), "Cadence") => Tag::Cadence,
            // Deeper in a trackpoint: the TPX extension, whatever its prefix.
            (_, "Speed") if self.point.is_some() => Tag::Value(Channel::Speed),
            (_, "Watts") if self.point.is_some() => Tag::Value(Channel::Power),
            (_, "RunCadence") if self.point.is_some() => Tag::RunCadence,
            // Deeper in a lap, outside trackpoints: the LX extension.
            (_, _) if self.lap.is_some() && self.point.is_none() => {
                lx_field(name).map_or(Tag::Other, Tag::LapValue)
            }
            _ => Tag::Other,
        };
        self.stack.push(tag);
    }

    fn end(&mut self) {
        let Some(tag) = self.stack.pop() else {
            return;
        };
        match tag {
            Tag::CreatorName => {
                if let Some(a) = &mut self.activity {
                    a.creator = self.text.take();
                }
            }
            Tag::Notes => {
                if let Some(a) = &mut self.activity {
                    a.notes = self.text.take();
                }
            }
            Tag::Trackpoint => self.finish_point(),
            Tag::Lap => {
                if let (Some(lap), Some(a)) = (self.lap.take(), &mut self.activity) {
                    a.laps.push(lap);
                }
            }
            Tag::Activity => {
                if let Some(a) = self.activity.take() {
                    self.activities.push(a);
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        let Some(&tag) = self.stack.last() else {
            return;
        };
        match tag {
            Tag::CreatorName | Tag::Notes => self.text.push(text),
            Tag::Id => {
                if let (Some(a), Some(us)) = (&mut self.activity, xml::time_us(text)) {
                    a.id_us = Some(us);
                }
            }
            Tag::Time => {
                if let (Some(p), Some(us)) = (&mut self.point, xml::time_us(text)) {
                    p.us = Some(us);
                }
            }
            Tag::Value(channel) => {
                if let (Some(p), Some(v)) = (&mut self.point, xml::number(text)) {
                    p.sample.set(channel, v);
                }
            }
            Tag::Cadence => {
                if let Some(p) = &mut self.point {
                    p.cadence = xml::number(text).or(p.cadence);
                }
            }
            Tag::RunCadence => {
                if let Some(p) = &mut self.point {
                    p.run_cadence = xml::number(text).or(p.run_cadence);
                }
            }
            Tag::LapValue(field) => {
                if let (Some(lap), Some(v)) = (&mut self.lap, xml::number(text)) {
                    lap.figures.push((field, v));
                }
            }
            _ => {}
        }
    }

    fn reference(&mut self, r: &BytesRef<'_>) {
        if matches!(self.stack.last(), Some(Tag::CreatorName | Tag::Notes)) {
            self.text.push_ref(r);
        }
    }

    fn depth(&self) -> usize {
        self.stack.len()
    }
}

/// A lap figure from the `LX` extension, by local name.
fn lx_field(name: &str) -> Option<LapField> {
    Some(match name {
        "AvgSpeed" => LapField::AvgSpeed,
        "AvgRunCadence" => LapField::AvgRunCadence,
        "MaxRunCadence" => LapField::MaxRunCadence,
        "MaxBikeCadence" => LapField::MaxBikeCadence,
        "AvgWatts" => LapField::AvgWatts,
        "MaxWatts" => LapField::MaxWatts,
        _ => return None,
    })
}

/// Sports whose cadence devices write in strides per minute (one foot).
fn cadence_in_strides(sport: Sport) -> bool {
    matches!(sport, Sport::Running | Sport::Walking | Sport::Hiking)
}

impl Tcx {
    fn finish_point(&mut self) {
        let (Some(mut point), Some(a)) = (self.point.take(), &mut self.activity) else {
            return;
        };
        let Some(us) = point.us else {
            self.untimed += 1;
            return;
        };
        let cadence = match (point.run_cadence, point.cadence) {
            (Some(strides), _) => Some(strides * 2.0),
            (None, Some(c)) if cadence_in_strides(a.sport) => Some(c * 2.0),
            (None, c) => c,
        };
        if let Some(c) = cadence {
            point.sample.set(Channel::Cadence, c);
        }
        a.last_point_us = a.last_point_us.max(Some(us));
        if let Some(lap) = &mut self.lap {
            lap.first_point_us = Some(lap.first_point_us.map_or(us, |f| f.min(us)));
            lap.last_point_us = lap.last_point_us.max(Some(us));
        }
        if point.sample.values.iter().any(|v| !v.is_nan()) {
            a.samples.push(TimedSample {
                us,
                sample: point.sample,
            });
        }
    }

    /// After damage or a cut: the open trackpoint may be incomplete and is
    /// dropped; the open lap and activity keep what was read.
    fn close_unfinished(&mut self) {
        self.point = None;
        if let (Some(lap), Some(a)) = (self.lap.take(), &mut self.activity) {
            a.laps.push(lap);
        }
        if let Some(a) = self.activity.take() {
            self.activities.push(a);
        }
        self.stack.clear();
    }

    fn into_activities(self) -> (Vec<ParsedActivity>, Vec<String>) {
        let mut activities = Vec::new();
        let mut skipped = Vec::new();
        let found = self.activities.len();
        for a in self.activities {
            match a.build() {
                Ok(activity) => activities.push(activity),
                Err(reason) => skipped.push(reason),
            }
        }
        let mut warnings = Vec::new();
        if found == 0 {
            warnings.push(if self.courses {
                "the TCX holds a course (a planned route), not a recorded activity".to_owned()
            } else {
                "the TCX holds no activity".to_owned()
            });
        }
        warnings.extend(skipped);
        if self.untimed > 0 {
            warnings.push(xml::counted(
                self.untimed,
                "trackpoint without a time was skipped",
                "trackpoints without a time were skipped",
            ));
        }
        (activities, warnings)
    }
}

impl ActivityBuilder {
    fn new(sport: Sport, sub_sport: SubSport) -> ActivityBuilder {
        ActivityBuilder {
            sport,
            sub_sport,
            id_us: None,
            creator: None,
            notes: None,
            laps: Vec::new(),
            samples: Vec::new(),
            tracks: Vec::new(),
            last_point_us: None,
        }
    }

    fn build(self) -> Result<ParsedActivity, String> {
        let label = match self.id_us.and_then(xml::datetime) {
            Some(id) => format!("the TCX activity of {}", id.format("%Y-%m-%d %H:%M UTC")),
            None => "a TCX activity".to_owned(),
        };
        let first = self.samples.iter().map(|s| s.us).min();
        let last = self.samples.iter().map(|s| s.us).max();
        let (Some(first), Some(last)) = (first, last) else {
            return Err(if self.last_point_us.is_some() {
                format!("{label} has trackpoints with a time but no recorded values")
            } else if self.laps.is_empty() {
                format!("{label} has no trackpoints")
            } else {
                format!(
                    "{label} has laps but no recorded trackpoints; Tempo needs the recorded samples to import it"
                )
            });
        };
        if first == last {
            return Err(format!(
                "{label} has a single recorded instant, not an activity"
            ));
        }
        // `<Id>` is the start by definition; the first lap's start is the next
        // best. Either must come before the samples, and not by more than a day.
        let declared = self
            .id_us
            .or_else(|| self.laps.first().and_then(|l| l.start_us));
        let start_us = declared
            .filter(|&d| d <= first && first - d <= MAX_ID_LEAD_US)
            .unwrap_or(first);
        let end_us = self.last_point_us.unwrap_or(last).max(last);
        let span_s = (end_us - start_us) / 1_000_000;
        if span_s > MAX_ACTIVITY_SPAN_S {
            return Err(format!(
                "{label} spans {} days between its first and last trackpoints, more than one activity can; it was skipped",
                span_s / 86_400
            ));
        }
        let Some(start) = xml::datetime(start_us) else {
            return Err(format!("{label} has a start time out of range"));
        };
        let seconds = |us: i64| (us - start_us) as f64 / MICROS;

        let strides = cadence_in_strides(self.sport);
        let laps: Vec<Lap> = self
            .laps
            .iter()
            .enumerate()
            .map(|(i, lap)| {
                let next_start = self.laps.get(i + 1).and_then(LapBuilder::start);
                Lap {
                    start_offset_s: seconds(lap.start().unwrap_or(start_us)),
                    totals: lap.totals(next_start, strides),
                }
            })
            .collect();
        let mut device_totals = combine(laps.iter().map(|l| &l.totals));
        device_totals.elapsed_s = Some(seconds(end_us));

        let mut streams = xml::build_streams(self.samples, &self.tracks, start_us);
        streams.derive_distance_and_speed();
        if streams.len() < 2 {
            return Err(format!(
                "{label} lasts under a second, so it is not a recorded activity"
            ));
        }
        // Notes are free text: a title is their first line (a long comment
        // below it is not part of the name).
        let name = self
            .notes
            .as_deref()
            .and_then(|n| n.lines().map(str::trim).find(|l| !l.is_empty()))
            .map(str::to_owned);
        Ok(ParsedActivity {
            sport: self.sport,
            sub_sport: self.sub_sport,
            name,
            start,
            utc_offset_s: None,
            device: Device {
                manufacturer: None,
                product: self.creator,
            },
            device_totals: (!laps.is_empty()).then_some(device_totals),
            laps,
            lengths: vec![],
            pool_length_m: None,
            streams,
        })
    }
}

impl LapBuilder {
    /// `StartTime`, else the lap's first trackpoint.
    fn start(&self) -> Option<i64> {
        self.start_us.or(self.first_point_us)
    }

    fn get(&self, field: LapField) -> Option<f64> {
        self.figures
            .iter()
            .rev()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| *v)
    }

    /// The lap's figures. Elapsed time runs to the next lap's start, or to the
    /// lap's last trackpoint for the final one.
    fn totals(&self, next_start_us: Option<i64>, strides: bool) -> Totals {
        let timer = self.get(LapField::TotalTime);
        let distance = self.get(LapField::Distance);
        let elapsed = match (self.start(), next_start_us.or(self.last_point_us)) {
            (Some(a), Some(b)) if b >= a => Some((b - a) as f64 / MICROS),
            _ => timer,
        };
        let per_second = |d: f64| timer.filter(|&t| t > 0.0).map(|t| d / t);
        let lap_cadence = self
            .get(LapField::Cadence)
            .map(|c| if strides { c * 2.0 } else { c });
        Totals {
            elapsed_s: elapsed,
            timer_s: timer,
            moving_s: None,
            distance_m: distance,
            ascent_m: None,
            descent_m: None,
            avg_hr: self.get(LapField::AvgHr),
            max_hr: self.get(LapField::MaxHr),
            avg_speed_mps: self
                .get(LapField::AvgSpeed)
                .or_else(|| distance.and_then(per_second)),
            max_speed_mps: self.get(LapField::MaxSpeed),
            avg_cadence: self
                .get(LapField::AvgRunCadence)
                .map(|c| c * 2.0)
                .or(lap_cadence),
            max_cadence: self
                .get(LapField::MaxRunCadence)
                .map(|c| c * 2.0)
                .or(self.get(LapField::MaxBikeCadence)),
            avg_power_w: self.get(LapField::AvgWatts),
            max_power_w: self.get(LapField::MaxWatts),
            calories_kcal: self.get(LapField::Calories),
        }
    }
}

/// The activity's summary from its laps: sums, maxima, and averages weighted by
/// each lap's timer time (an unweighted mean when no lap has a timer time).
/// Elapsed time is left to the caller, which knows the last trackpoint.
fn combine<'a>(laps: impl Iterator<Item = &'a Totals> + Clone) -> Totals {
    let sum = |get: fn(&Totals) -> Option<f64>| laps.clone().filter_map(get).reduce(|a, b| a + b);
    let max = |get: fn(&Totals) -> Option<f64>| laps.clone().filter_map(get).reduce(f64::max);
    let mean = |get: fn(&Totals) -> Option<f64>| {
        let (mut weighted, mut weight, mut plain, mut n) = (0.0, 0.0, 0.0, 0.0);
        for lap in laps.clone() {
            if let Some(v) = get(lap) {
                plain += v;
                n += 1.0;
                if let Some(t) = lap.timer_s.filter(|&t| t > 0.0) {
                    weighted += v * t;
                    weight += t;
                }
            }
        }
        if weight > 0.0 {
            Some(weighted / weight)
        } else {
            (n > 0.0).then(|| plain / n)
        }
    };
    let timer = sum(|t| t.timer_s);
    let distance = sum(|t| t.distance_m);
    Totals {
        elapsed_s: None,
        timer_s: timer,
        moving_s: None,
        distance_m: distance,
        ascent_m: None,
        descent_m: None,
        avg_hr: mean(|t| t.avg_hr),
        max_hr: max(|t| t.max_hr),
        avg_speed_mps: match (distance, timer) {
            (Some(d), Some(t)) if t > 0.0 => Some(d / t),
            _ => None,
        },
        max_speed_mps: max(|t| t.max_speed_mps),
        avg_cadence: mean(|t| t.avg_cadence),
        max_cadence: max(|t| t.max_cadence),
        avg_power_w: mean(|t| t.avg_power_w),
        max_power_w: max(|t| t.max_power_w),
        calories_kcal: sum(|t| t.calories_kcal),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tcx(activity: &str) -> String {
        format!(
            r#"<?xml version="1.0"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities>{activity}</Activities></TrainingCenterDatabase>"#
        )
    }

    #[test]
    fn time_only_trackpoints_end_the_lap_but_add_no_sample() {
        let doc = tcx(
            r#"<Activity Sport="Biking"><Id>2021-01-01T10:00:00Z</Id><Lap StartTime="2021-01-01T10:00:00Z">
            <TotalTimeSeconds>9</TotalTimeSeconds><Track>
            <Trackpoint><Time>2021-01-01T10:00:00Z</Time><HeartRateBpm><Value>100</Value></HeartRateBpm></Trackpoint>
            <Trackpoint><Time>2021-01-01T10:00:02Z</Time><HeartRateBpm><Value>102</Value></HeartRateBpm></Trackpoint>
            <Trackpoint><Time>2021-01-01T10:00:10Z</Time></Trackpoint>
            </Track></Lap></Activity>"#,
        );
        let (acts, _) = parse(doc.as_bytes()).expect("parses");
        let a = &acts[0];
        assert_eq!(a.streams.time_s(), &[0, 1, 2]);
        assert_eq!(a.laps[0].totals.elapsed_s, Some(10.0));
        assert_eq!(
            a.device_totals.as_ref().and_then(|t| t.elapsed_s),
            Some(10.0)
        );
    }

    #[test]
    fn a_placeholder_id_does_not_move_the_start() {
        let doc = tcx(
            r#"<Activity Sport="Running"><Id>1989-12-31T00:00:00Z</Id><Lap StartTime="2021-01-01T10:00:00Z"><Track>
            <Trackpoint><Time>2021-01-01T10:00:00Z</Time><Cadence>80</Cadence></Trackpoint>
            <Trackpoint><Time>2021-01-01T10:00:01Z</Time><Cadence>81</Cadence></Trackpoint>
            </Track></Lap></Activity>"#,
        );
        let (acts, _) = parse(doc.as_bytes()).expect("parses");
        assert_eq!(acts[0].start.to_rfc3339(), "2021-01-01T10:00:00+00:00");
        // `Cadence` in a running activity is strides too.
        assert_eq!(
            acts[0].streams.column(Channel::Cadence),
            Some(&[160.0, 162.0][..])
        );
    }

    #[test]
    fn lap_averages_are_weighted_by_timer_time() {
        let laps = [
            Totals {
                timer_s: Some(100.0),
                avg_hr: Some(100.0),
                max_hr: Some(120.0),
                distance_m: Some(300.0),
                ..Totals::default()
            },
            Totals {
                timer_s: Some(300.0),
                avg_hr: Some(140.0),
                max_hr: Some(160.0),
                distance_m: Some(1000.0),
                ..Totals::default()
            },
        ];
        let t = combine(laps.iter());
        assert_eq!(t.timer_s, Some(400.0));
        assert_eq!(t.avg_hr, Some(130.0));
        assert_eq!(t.max_hr, Some(160.0));
        assert_eq!(t.avg_speed_mps, Some(1300.0 / 400.0));
        assert_eq!(t.avg_power_w, None);
    }

    #[test]
    fn the_name_is_the_first_line_of_the_activity_notes() {
        let doc = tcx(
            r#"<Activity Sport="Other"><Id>2021-01-01T10:00:00Z</Id><Lap StartTime="2021-01-01T10:00:00Z"><Track>
            <Trackpoint><Time>2021-01-01T10:00:00Z</Time><HeartRateBpm><Value>100</Value></HeartRateBpm></Trackpoint>
            <Trackpoint><Time>2021-01-01T10:00:01Z</Time><HeartRateBpm><Value>101</Value></HeartRateBpm></Trackpoint>
            </Track><Notes>a lap's notes are not the name</Notes></Lap>
            <Notes>
              Tom &amp; Jerry &lt;3 &#233;
              felt good, windy</Notes></Activity>"#,
        );
        let (acts, _) = parse(doc.as_bytes()).expect("parses");
        assert_eq!(acts[0].name.as_deref(), Some("Tom & Jerry <3 é"));
    }

    #[test]
    fn courses_are_not_activities() {
        let doc = r#"<TrainingCenterDatabase><Courses><Course><Name>Loop</Name><Track>
            <Trackpoint><Time>2021-01-01T10:00:00Z</Time></Trackpoint></Track></Course></Courses></TrainingCenterDatabase>"#;
        let (acts, warnings) = parse(doc.as_bytes()).expect("well-formed");
        assert!(acts.is_empty());
        assert!(warnings[0].contains("course"), "{warnings:?}");
    }
}
