//! Activities: what an import produces and what storage keeps.
//!
//! An activity has a header (sport, start, device), two sets of totals (the
//! device's own session summary, when the file has one, and ours, computed from
//! the streams), laps, optional pool-swim lengths, and 1 Hz streams.
//!
//! Why two sets of totals: devices compute moving time, ascent or average power
//! with their own rules and sometimes from data the file does not carry, so their
//! figures are the ones the athlete saw on the wrist. Ours are reproducible from
//! the stored streams. [`Totals::disagreements`] names the figures that differ by
//! more than a tolerance so the UI can show both instead of silently picking one.

mod sport;
mod streams;
mod totals;

pub use sport::{Sport, SubSport};
pub use streams::{
    Channel, MAX_INTERPOLATION_GAP_S, RawSample, Streams, StreamsError, haversine_m, resample_1hz,
};
pub use totals::{Disagreement, Totals};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The file format an activity came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    Fit,
    Gpx,
    Tcx,
    /// Data a provider's API sent with no file behind it (Strava's streams
    /// and laps).
    Api,
}

impl SourceFormat {
    pub fn key(self) -> &'static str {
        match self {
            SourceFormat::Fit => "fit",
            SourceFormat::Gpx => "gpx",
            SourceFormat::Tcx => "tcx",
            SourceFormat::Api => "api",
        }
    }

    pub fn from_key(key: &str) -> Option<SourceFormat> {
        match key {
            "fit" => Some(SourceFormat::Fit),
            "gpx" => Some(SourceFormat::Gpx),
            "tcx" => Some(SourceFormat::Tcx),
            "api" => Some(SourceFormat::Api),
            _ => None,
        }
    }

    /// How much a format usually carries; breaks ties when the same activity
    /// arrives from two sources (FIT has laps, device totals and all sensors).
    pub fn richness(self) -> u32 {
        match self {
            SourceFormat::Fit => 3,
            SourceFormat::Tcx => 2,
            SourceFormat::Api => 0,
            SourceFormat::Gpx => 1,
        }
    }
}

/// The recording device, as the file names it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    /// "garmin", "wahoo_fitness", "zwift"… as the FIT profile spells it, or the
    /// GPX `creator` attribute.
    pub manufacturer: Option<String>,
    /// "fenix5", "edge_520"… or a product number when the profile has no name.
    pub product: Option<String>,
}

/// One lap (or split) as the file records it, with our figures for the same span.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Lap {
    /// Seconds from the activity's start to the lap's start.
    pub start_offset_s: f64,
    /// The device's figures for the lap; GPX has no laps, TCX and FIT do.
    pub totals: Totals,
}

/// A pool-swim length (FIT `length` message).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SwimLength {
    pub start_offset_s: f64,
    pub elapsed_s: f64,
    /// False for rest "lengths" (idle time at the wall).
    pub active: bool,
    pub strokes: Option<u32>,
    /// "freestyle", "breaststroke"… as the FIT profile spells it.
    pub stroke: Option<String>,
}

/// An activity as a parser produces it, before storage gives it an id.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedActivity {
    pub sport: Sport,
    pub sub_sport: SubSport,
    /// A name from the file (GPX/TCX `name`, Strava export title), if any.
    pub name: Option<String>,
    pub start: DateTime<Utc>,
    /// Local time minus UTC at the start, when the file says (FIT `activity.local_timestamp`).
    pub utc_offset_s: Option<i32>,
    pub device: Device,
    /// The device's session summary, when the file has one (FIT session, TCX laps summed).
    pub device_totals: Option<Totals>,
    pub laps: Vec<Lap>,
    pub lengths: Vec<SwimLength>,
    /// Pool length in metres for pool swims.
    pub pool_length_m: Option<f64>,
    pub streams: Streams,
}

impl ParsedActivity {
    /// Our own totals, from the streams.
    pub fn computed_totals(&self) -> Totals {
        let mut t = Totals::from_streams(&self.streams, self.sport);
        if t.calories_kcal.is_none() {
            // Calories cannot be derived from streams without a model; keep the
            // device's so the computed set is not misleadingly empty.
            t.calories_kcal = self.device_totals.as_ref().and_then(|d| d.calories_kcal);
        }
        t
    }

    /// A score of how much this source carries, to keep the richer copy of an
    /// activity that arrives twice: number of stream channels, then laps, then format.
    pub fn richness(&self, format: SourceFormat) -> u32 {
        let channels = self.streams.channels().count() as u32;
        let samples = u32::from(!self.streams.is_empty());
        channels * 100 + samples * 50 + u32::from(!self.laps.is_empty()) * 10 + format.richness()
    }
}
