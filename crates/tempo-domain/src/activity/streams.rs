//! Per-second streams: one column per channel over a shared time axis.
//!
//! Devices record either every second or "smart" (every 1–10 s, when something
//! changes). Tempo stores everything at 1 Hz so charts, best efforts and
//! mean-max curves work on one grid. [`resample_1hz`] fills the seconds between
//! two close samples by linear interpolation, and leaves the seconds of a pause
//! (timer stopped, or a gap longer than [`MAX_INTERPOLATION_GAP_S`]) out of the
//! time axis: no data is invented where the athlete was not recording.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The longest gap between two samples that is filled by interpolation. Smart
/// recording writes at least every ~8 s while moving; anything longer is a pause
/// (auto-pause without a timer event, a lost sensor, a GPX track gap).
pub const MAX_INTERPOLATION_GAP_S: f64 = 15.0;

/// A measured quantity sampled over time. Units are SI or customary per channel:
/// degrees, metres, m/s, bpm, per minute, watts, °C.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Latitude,
    Longitude,
    /// Metres above sea level.
    Altitude,
    /// Metres since the start, non-decreasing.
    Distance,
    /// Metres per second.
    Speed,
    /// Beats per minute.
    HeartRate,
    /// Revolutions per minute for cycling; steps per minute for running (FIT and
    /// TCX record strides, the importer doubles them).
    Cadence,
    /// Watts.
    Power,
    /// Degrees Celsius.
    Temperature,
}

impl Channel {
    pub const ALL: [Channel; 9] = [
        Channel::Latitude,
        Channel::Longitude,
        Channel::Altitude,
        Channel::Distance,
        Channel::Speed,
        Channel::HeartRate,
        Channel::Cadence,
        Channel::Power,
        Channel::Temperature,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Channel::Latitude => "lat",
            Channel::Longitude => "lon",
            Channel::Altitude => "altitude",
            Channel::Distance => "distance",
            Channel::Speed => "speed",
            Channel::HeartRate => "heart_rate",
            Channel::Cadence => "cadence",
            Channel::Power => "power",
            Channel::Temperature => "temperature",
        }
    }

    pub fn from_key(key: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.key() == key)
    }

    /// Stable one-byte tag, used by the storage codec.
    pub fn tag(self) -> u8 {
        self as u8
    }

    pub fn from_tag(tag: u8) -> Option<Channel> {
        Channel::ALL.get(usize::from(tag)).copied()
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// One sample before resampling: seconds from the activity start (may be
/// fractional) and a value per channel, NaN where the sample lacks it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RawSample {
    pub t: f64,
    pub values: [f64; 9],
}

impl RawSample {
    pub fn new(t: f64) -> RawSample {
        RawSample {
            t,
            values: [f64::NAN; 9],
        }
    }

    pub fn set(&mut self, channel: Channel, value: f64) {
        if value.is_finite() {
            self.values[channel.index()] = value;
        }
    }

    pub fn get(&self, channel: Channel) -> f64 {
        self.values[channel.index()]
    }
}

/// Streams on a 1 Hz grid. `time_s` is strictly increasing (gaps are pauses);
/// every column has the same length, with NaN where a value is missing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Streams {
    time_s: Vec<u32>,
    columns: BTreeMap<Channel, Vec<f64>>,
}

/// Why a set of columns cannot be streams.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StreamsError {
    #[error("column {channel} has {len} values for {expected} timestamps")]
    Length {
        channel: &'static str,
        len: usize,
        expected: usize,
    },
    #[error("timestamps must be strictly increasing (at index {0})")]
    NotIncreasing(usize),
}

impl Streams {
    /// Builds streams from columns, checking the invariants. Columns that hold
    /// no value at all are dropped.
    pub fn from_columns(
        time_s: Vec<u32>,
        columns: BTreeMap<Channel, Vec<f64>>,
    ) -> Result<Streams, StreamsError> {
        if let Some(i) = time_s.windows(2).position(|w| w[1] <= w[0]) {
            return Err(StreamsError::NotIncreasing(i + 1));
        }
        for (c, v) in &columns {
            if v.len() != time_s.len() {
                return Err(StreamsError::Length {
                    channel: c.key(),
                    len: v.len(),
                    expected: time_s.len(),
                });
            }
        }
        let columns = columns
            .into_iter()
            .filter(|(_, v)| v.iter().any(|x| !x.is_nan()))
            .collect();
        Ok(Streams { time_s, columns })
    }

    pub fn len(&self) -> usize {
        self.time_s.len()
    }

    pub fn is_empty(&self) -> bool {
        self.time_s.is_empty()
    }

    pub fn time_s(&self) -> &[u32] {
        &self.time_s
    }

    pub fn column(&self, channel: Channel) -> Option<&[f64]> {
        self.columns.get(&channel).map(Vec::as_slice)
    }

    pub fn channels(&self) -> impl Iterator<Item = Channel> + '_ {
        self.columns.keys().copied()
    }

    pub fn columns(&self) -> impl Iterator<Item = (Channel, &[f64])> + '_ {
        self.columns.iter().map(|(c, v)| (*c, v.as_slice()))
    }

    pub fn has_gps(&self) -> bool {
        self.columns.contains_key(&Channel::Latitude)
            && self.columns.contains_key(&Channel::Longitude)
    }

    /// The part of the streams with `from_s <= t < to_s`, rebased to start at 0.
    /// Used to split a multisport file into one activity per leg.
    pub fn window(&self, from_s: u32, to_s: u32) -> Streams {
        let lo = self.time_s.partition_point(|&t| t < from_s);
        let hi = self.time_s.partition_point(|&t| t < to_s);
        let time_s = self.time_s[lo..hi].iter().map(|t| t - from_s).collect();
        let mut columns: BTreeMap<Channel, Vec<f64>> = self
            .columns
            .iter()
            .map(|(c, v)| (*c, v[lo..hi].to_vec()))
            .collect();
        // Distance restarts at each leg.
        if let Some(d) = columns.get_mut(&Channel::Distance)
            && let Some(first) = d.iter().copied().find(|x| !x.is_nan())
        {
            d.iter_mut().for_each(|x| *x -= first);
        }
        Streams::from_columns(time_s, columns).unwrap_or_default()
    }

    /// Adds distance and speed from GPS positions when the file did not record
    /// them (most GPX files). Distance does not grow across pauses.
    pub fn derive_distance_and_speed(&mut self) {
        if !self.has_gps() {
            return;
        }
        let lat = &self.columns[&Channel::Latitude];
        let lon = &self.columns[&Channel::Longitude];
        if !self.columns.contains_key(&Channel::Distance) {
            let mut dist = Vec::with_capacity(lat.len());
            let mut total = 0.0;
            let mut last: Option<(f64, f64, u32)> = None;
            for ((&la, &lo), &t) in lat.iter().zip(lon).zip(&self.time_s) {
                if la.is_finite() && lo.is_finite() {
                    // Only consecutive seconds: a gap in the time axis is a
                    // pause, and moving while paused is not distance covered.
                    if let Some((plat, plon, pt)) = last
                        && t - pt == 1
                    {
                        total += haversine_m(plat, plon, la, lo);
                    }
                    last = Some((la, lo, t));
                }
                dist.push(total);
            }
            self.columns.insert(Channel::Distance, dist);
        }
        if !self.columns.contains_key(&Channel::Speed) {
            let d = &self.columns[&Channel::Distance];
            // Centred difference over ±2 s smooths GPS jitter without lagging.
            let n = d.len();
            let speed = (0..n)
                .map(|i| {
                    let lo = i.saturating_sub(2);
                    let hi = (i + 2).min(n.saturating_sub(1));
                    let dt = f64::from(self.time_s[hi]) - f64::from(self.time_s[lo]);
                    if hi > lo && dt > 0.0 && dt <= 4.0 && d[hi].is_finite() && d[lo].is_finite() {
                        (d[hi] - d[lo]) / dt
                    } else {
                        f64::NAN
                    }
                })
                .collect();
            self.columns.insert(Channel::Speed, speed);
        }
    }
}

/// Great-circle distance in metres (mean Earth radius 6,371,008.8 m, IUGG).
pub fn haversine_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    const R: f64 = 6_371_008.8;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * R * a.sqrt().asin()
}

/// Resamples raw samples (sorted or not) onto a 1 Hz grid of whole seconds.
///
/// - A sample that falls exactly on a second is kept as is (when several fall
///   in the same second, the last one wins, as in the file).
/// - A second between two samples at most [`MAX_INTERPOLATION_GAP_S`] apart gets
///   each channel interpolated linearly when both neighbours have it.
/// - A second inside a pause (`pauses`, `[start, end)` in seconds from the start)
///   or inside a longer gap gets no sample at all.
pub fn resample_1hz(mut raw: Vec<RawSample>, pauses: &[(f64, f64)]) -> Streams {
    raw.retain(|s| s.t.is_finite() && s.t >= 0.0);
    raw.sort_by(|a, b| a.t.total_cmp(&b.t));
    let Some(last) = raw.last() else {
        return Streams::default();
    };
    let present: Vec<Channel> = Channel::ALL
        .into_iter()
        .filter(|c| raw.iter().any(|s| !s.get(*c).is_nan()))
        .collect();
    let cap = raw
        .len()
        .max((last.t - raw[0].t).min(200_000.0) as usize + 1);
    let mut time_s = Vec::with_capacity(cap);
    let mut cols: Vec<Vec<f64>> = present.iter().map(|_| Vec::with_capacity(cap)).collect();
    let in_pause = |t: f64| pauses.iter().any(|&(a, b)| t > a && t < b);

    // Walk the gaps between consecutive samples, not every second of the
    // timeline: a file with a days-long gap must not cost a loop per second.
    let mut emit = |s: u32, a: &RawSample, b: Option<&RawSample>| {
        time_s.push(s);
        for (k, c) in present.iter().enumerate() {
            let va = a.get(*c);
            cols[k].push(match b {
                None => va,
                Some(b) => {
                    let vb = b.get(*c);
                    let w = (f64::from(s) - a.t) / (b.t - a.t);
                    if va.is_nan() || vb.is_nan() {
                        f64::NAN
                    } else {
                        va + (vb - va) * w
                    }
                }
            });
        }
    };
    let mut next_second = raw[0].t.ceil() as u32;
    for (i, a) in raw.iter().enumerate() {
        let b = raw.get(i + 1);
        // Seconds in [a.t, b.t): the one equal to a.t is a hit, the others lie
        // between a and b. Samples with the same time: the last one wins.
        if b.is_some_and(|b| b.t == a.t) {
            continue;
        }
        if f64::from(next_second) == a.t {
            emit(next_second, a, None);
            next_second += 1;
        }
        let Some(b) = b else { break };
        if b.t - a.t > MAX_INTERPOLATION_GAP_S {
            next_second = b.t.ceil() as u32;
            continue;
        }
        while f64::from(next_second) < b.t {
            let sf = f64::from(next_second);
            if sf > a.t && !in_pause(sf) {
                emit(next_second, a, Some(b));
            }
            next_second += 1;
        }
    }
    let columns = present.into_iter().zip(cols).collect();
    Streams::from_columns(time_s, columns).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(t: f64, hr: f64) -> RawSample {
        let mut s = RawSample::new(t);
        s.set(Channel::HeartRate, hr);
        s
    }

    #[test]
    fn smart_recording_is_interpolated() {
        let s = resample_1hz(vec![sample(0.0, 100.0), sample(4.0, 140.0)], &[]);
        assert_eq!(s.time_s(), &[0, 1, 2, 3, 4]);
        assert_eq!(
            s.column(Channel::HeartRate).unwrap(),
            &[100.0, 110.0, 120.0, 130.0, 140.0]
        );
    }

    #[test]
    fn pauses_and_long_gaps_are_left_out() {
        let raw = vec![
            sample(0.0, 100.0),
            sample(1.0, 101.0),
            sample(60.0, 120.0),
            sample(61.0, 121.0),
        ];
        let s = resample_1hz(raw.clone(), &[]);
        assert_eq!(s.time_s(), &[0, 1, 60, 61]);
        let raw = vec![sample(0.0, 100.0), sample(5.0, 105.0)];
        let s = resample_1hz(raw, &[(1.5, 4.5)]);
        assert_eq!(s.time_s(), &[0, 1, 5]);
    }

    #[test]
    fn a_days_long_gap_is_skipped_not_walked() {
        let s = resample_1hz(
            vec![
                sample(0.0, 100.0),
                sample(1e9, 120.0),
                sample(1e9 + 2.0, 122.0),
            ],
            &[],
        );
        assert_eq!(
            s.time_s(),
            &[0, 1_000_000_000, 1_000_000_001, 1_000_000_002]
        );
    }

    #[test]
    fn sub_second_samples_keep_the_last_of_each_second() {
        let raw = vec![
            sample(0.0, 100.0),
            sample(0.5, 150.0),
            sample(1.0, 110.0),
            sample(1.5, 170.0),
            sample(2.0, 120.0),
        ];
        let s = resample_1hz(raw, &[]);
        assert_eq!(
            s.column(Channel::HeartRate).unwrap(),
            &[100.0, 110.0, 120.0]
        );
    }

    #[test]
    fn missing_neighbours_stay_missing() {
        let mut a = sample(0.0, 100.0);
        a.set(Channel::Power, 200.0);
        let b = sample(2.0, 102.0);
        let s = resample_1hz(vec![a, b], &[]);
        assert!(s.column(Channel::Power).unwrap()[1].is_nan());
        assert_eq!(s.column(Channel::HeartRate).unwrap()[1], 101.0);
    }

    #[test]
    fn distance_from_gps() {
        let mut raw = Vec::new();
        for i in 0..=10 {
            let mut s = RawSample::new(f64::from(i));
            // 0.0001° of latitude ≈ 11.1 m.
            s.set(Channel::Latitude, 45.0 + 0.0001 * f64::from(i));
            s.set(Channel::Longitude, 5.0);
            raw.push(s);
        }
        let mut s = resample_1hz(raw, &[]);
        s.derive_distance_and_speed();
        let d = s.column(Channel::Distance).unwrap();
        assert!((d[10] - 111.2).abs() < 0.5, "{}", d[10]);
        let v = s.column(Channel::Speed).unwrap();
        assert!((v[5] - 11.12).abs() < 0.05, "{}", v[5]);
    }

    #[test]
    fn window_rebases_time_and_distance() {
        let mut raw = Vec::new();
        for i in 0..10 {
            let mut s = RawSample::new(f64::from(i));
            s.set(Channel::Distance, 10.0 * f64::from(i));
            raw.push(s);
        }
        let s = resample_1hz(raw, &[]).window(4, 8);
        assert_eq!(s.time_s(), &[0, 1, 2, 3]);
        assert_eq!(
            s.column(Channel::Distance).unwrap(),
            &[0.0, 10.0, 20.0, 30.0]
        );
    }

    #[test]
    fn invariants_are_checked() {
        assert!(Streams::from_columns(vec![0, 0], BTreeMap::new()).is_err());
        let cols = BTreeMap::from([(Channel::Power, vec![1.0])]);
        assert!(Streams::from_columns(vec![0, 1], cols).is_err());
    }
}
