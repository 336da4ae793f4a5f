//! Summary figures of an activity or a lap, and how ours are computed.

use serde::{Deserialize, Serialize};

use super::{Channel, Sport, Streams};

/// Summary figures. Every field is optional: a file may lack a sensor, and a
/// device summary may leave a figure out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    /// Start to end, pauses included.
    pub elapsed_s: Option<f64>,
    /// Time the timer ran (pauses excluded).
    pub timer_s: Option<f64>,
    /// Time actually moving.
    pub moving_s: Option<f64>,
    pub distance_m: Option<f64>,
    pub ascent_m: Option<f64>,
    pub descent_m: Option<f64>,
    pub avg_hr: Option<f64>,
    pub max_hr: Option<f64>,
    pub avg_speed_mps: Option<f64>,
    pub max_speed_mps: Option<f64>,
    pub avg_cadence: Option<f64>,
    pub max_cadence: Option<f64>,
    pub avg_power_w: Option<f64>,
    pub max_power_w: Option<f64>,
    pub calories_kcal: Option<f64>,
}

/// A figure on which the device and our computation disagree beyond tolerance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Disagreement {
    pub field: &'static str,
    pub device: f64,
    pub computed: f64,
}

/// Speed below which an athlete is standing still, per sport (m/s). Walking
/// pace is ~1.2 m/s, so 0.5 catches real stops without dropping slow climbs.
fn moving_threshold(sport: Sport) -> f64 {
    match sport {
        Sport::Cycling => 1.0,
        Sport::Swimming => 0.1,
        _ => 0.5,
    }
}

/// Altitude must move this far from the last turning point before a climb or a
/// descent counts: barometric and GPS altitude jitter by a metre or two, and
/// summing that noise inflates ascent badly on flat courses.
const ASCENT_HYSTERESIS_M: f64 = 3.0;

impl Totals {
    /// Our figures from 1 Hz streams.
    ///
    /// - elapsed: first to last sample; timer: seconds with a sample;
    /// - moving: seconds at or above a per-sport speed threshold (timer time when
    ///   there is no speed, e.g. a trainer without a speed sensor);
    /// - average speed: distance / timer time, as FIT devices define it;
    /// - average cadence leaves out zeros (coasting), average power keeps them,
    ///   the defaults of Garmin devices.
    pub fn from_streams(s: &Streams, sport: Sport) -> Totals {
        let mut t = Totals::default();
        let time = s.time_s();
        let (Some(first), Some(last)) = (time.first(), time.last()) else {
            return t;
        };
        t.elapsed_s = Some(f64::from(last - first));
        // Each sample stands for the second that ends at it; the first stands for itself.
        let timer = time.windows(2).filter(|w| w[1] - w[0] == 1).count() as f64;
        t.timer_s = Some(timer);

        if let Some(d) = s.column(Channel::Distance) {
            let lo = d.iter().copied().find(|x| !x.is_nan());
            let hi = d.iter().rev().copied().find(|x| !x.is_nan());
            if let (Some(lo), Some(hi)) = (lo, hi) {
                // Device distance counts from the start of the activity, and the
                // first sample may come a second or two after it with some
                // distance already covered: then the last value is the total.
                let d = if lo >= 0.0 { hi } else { hi - lo }.max(0.0);
                t.distance_m = Some(d);
                if timer > 0.0 {
                    t.avg_speed_mps = Some(d / timer);
                }
            }
        }
        if let Some(v) = s.column(Channel::Speed) {
            let thr = moving_threshold(sport);
            let moving = time
                .windows(2)
                .zip(v.windows(2))
                .filter(|(w, vs)| w[1] - w[0] == 1 && vs[1] >= thr)
                .count();
            t.moving_s = Some(moving as f64);
            t.max_speed_mps = max(v);
        } else {
            t.moving_s = Some(timer);
        }
        if let Some(alt) = s.column(Channel::Altitude) {
            let (up, down) = ascent_descent(alt);
            t.ascent_m = Some(up);
            t.descent_m = Some(down);
        }
        if let Some(hr) = s.column(Channel::HeartRate) {
            t.avg_hr = mean(hr.iter().copied().filter(|x| *x > 0.0));
            t.max_hr = max(hr);
        }
        if let Some(c) = s.column(Channel::Cadence) {
            t.avg_cadence = mean(c.iter().copied().filter(|x| *x > 0.0));
            t.max_cadence = max(c);
        }
        if let Some(p) = s.column(Channel::Power) {
            t.avg_power_w = mean(p.iter().copied());
            t.max_power_w = max(p);
        }
        t
    }

    /// The figures that differ beyond tolerance between the device's summary and
    /// ours. Tolerances are wide enough for the known differences in method
    /// (smart recording, auto-pause rules) and narrow enough to catch a wrong unit
    /// or a lost half of a file.
    pub fn disagreements(device: &Totals, computed: &Totals) -> Vec<Disagreement> {
        type Get = fn(&Totals) -> Option<f64>;
        // (field, getter, absolute tolerance, relative tolerance)
        let checks: [(&'static str, Get, f64, f64); 11] = [
            ("elapsed_s", |t| t.elapsed_s, 10.0, 0.02),
            ("timer_s", |t| t.timer_s, 10.0, 0.02),
            ("distance_m", |t| t.distance_m, 20.0, 0.02),
            ("ascent_m", |t| t.ascent_m, 15.0, 0.25),
            ("descent_m", |t| t.descent_m, 15.0, 0.25),
            ("avg_hr", |t| t.avg_hr, 3.0, 0.0),
            ("max_hr", |t| t.max_hr, 3.0, 0.0),
            ("avg_speed_mps", |t| t.avg_speed_mps, 0.05, 0.03),
            ("avg_cadence", |t| t.avg_cadence, 3.0, 0.03),
            ("avg_power_w", |t| t.avg_power_w, 5.0, 0.05),
            ("max_power_w", |t| t.max_power_w, 10.0, 0.05),
        ];
        checks
            .into_iter()
            .filter_map(|(field, get, abs, rel)| {
                let (d, c) = (get(device)?, get(computed)?);
                ((d - c).abs() > abs + rel * d.abs()).then_some(Disagreement {
                    field,
                    device: d,
                    computed: c,
                })
            })
            .collect()
    }

    /// The figure to show: the device's when it has one, else ours.
    pub fn preferring(device: Option<&Totals>, computed: &Totals) -> Totals {
        let Some(d) = device else {
            return computed.clone();
        };
        Totals {
            elapsed_s: d.elapsed_s.or(computed.elapsed_s),
            timer_s: d.timer_s.or(computed.timer_s),
            moving_s: d.moving_s.or(computed.moving_s),
            distance_m: d.distance_m.or(computed.distance_m),
            ascent_m: d.ascent_m.or(computed.ascent_m),
            descent_m: d.descent_m.or(computed.descent_m),
            avg_hr: d.avg_hr.or(computed.avg_hr),
            max_hr: d.max_hr.or(computed.max_hr),
            avg_speed_mps: d.avg_speed_mps.or(computed.avg_speed_mps),
            max_speed_mps: d.max_speed_mps.or(computed.max_speed_mps),
            avg_cadence: d.avg_cadence.or(computed.avg_cadence),
            max_cadence: d.max_cadence.or(computed.max_cadence),
            avg_power_w: d.avg_power_w.or(computed.avg_power_w),
            max_power_w: d.max_power_w.or(computed.max_power_w),
            calories_kcal: d.calories_kcal.or(computed.calories_kcal),
        }
    }
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values
        .filter(|x| !x.is_nan())
        .fold((0.0, 0u64), |(s, n), x| (s + x, n + 1));
    (n > 0).then(|| sum / n as f64)
}

fn max(values: &[f64]) -> Option<f64> {
    values
        .iter()
        .copied()
        .filter(|x| !x.is_nan())
        .reduce(f64::max)
}

fn ascent_descent(alt: &[f64]) -> (f64, f64) {
    let mut up = 0.0;
    let mut down = 0.0;
    let mut anchor: Option<f64> = None;
    for &a in alt.iter().filter(|x| !x.is_nan()) {
        match anchor {
            None => anchor = Some(a),
            Some(p) if a - p >= ASCENT_HYSTERESIS_M => {
                up += a - p;
                anchor = Some(a);
            }
            Some(p) if p - a >= ASCENT_HYSTERESIS_M => {
                down += p - a;
                anchor = Some(a);
            }
            _ => {}
        }
    }
    (up, down)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn streams(n: u32, speed: f64, hr: f64) -> Streams {
        let time: Vec<u32> = (0..n).collect();
        let cols = BTreeMap::from([
            (
                Channel::Distance,
                time.iter().map(|t| f64::from(*t) * speed).collect(),
            ),
            (Channel::Speed, vec![speed; n as usize]),
            (Channel::HeartRate, vec![hr; n as usize]),
            (
                Channel::Altitude,
                time.iter().map(|t| f64::from(*t % 20)).collect(),
            ),
        ]);
        Streams::from_columns(time, cols).unwrap()
    }

    #[test]
    fn totals_from_steady_run() {
        let t = Totals::from_streams(&streams(601, 3.0, 150.0), Sport::Running);
        assert_eq!(t.elapsed_s, Some(600.0));
        assert_eq!(t.timer_s, Some(600.0));
        assert_eq!(t.moving_s, Some(600.0));
        assert_eq!(t.distance_m, Some(1800.0));
        assert_eq!(t.avg_speed_mps, Some(3.0));
        assert_eq!(t.avg_hr, Some(150.0));
        // A sawtooth 0..19 m repeated 30 times: 30 climbs of 19 m minus the first partial.
        let up = t.ascent_m.unwrap();
        assert!((540.0..=570.0).contains(&up), "{up}");
    }

    #[test]
    fn standing_still_is_not_moving() {
        let t = Totals::from_streams(&streams(101, 0.2, 90.0), Sport::Running);
        assert_eq!(t.moving_s, Some(0.0));
        assert_eq!(t.timer_s, Some(100.0));
    }

    #[test]
    fn altitude_noise_is_not_climbing() {
        let alt: Vec<f64> = (0..1000)
            .map(|i| 100.0 + if i % 2 == 0 { 1.0 } else { -1.0 })
            .collect();
        assert_eq!(ascent_descent(&alt), (0.0, 0.0));
    }

    #[test]
    fn disagreements_beyond_tolerance_only() {
        let device = Totals {
            distance_m: Some(10_000.0),
            avg_hr: Some(150.0),
            ..Default::default()
        };
        let close = Totals {
            distance_m: Some(10_150.0),
            avg_hr: Some(152.0),
            ..Default::default()
        };
        assert!(Totals::disagreements(&device, &close).is_empty());
        let far = Totals {
            distance_m: Some(5_000.0),
            avg_hr: Some(160.0),
            ..Default::default()
        };
        let d = Totals::disagreements(&device, &far);
        assert_eq!(
            d.iter().map(|d| d.field).collect::<Vec<_>>(),
            ["distance_m", "avg_hr"]
        );
    }
}
