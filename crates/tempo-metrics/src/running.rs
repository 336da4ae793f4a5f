//! Running performance: Daniels–Gilbert VDOT and race prediction, Riegel's
//! endurance model, and best efforts over standard distances.

use serde::{Deserialize, Serialize};
use tempo_domain::activity::{Channel, Streams};

use crate::{MetricsError, positive, valid_samples};

/// Oxygen cost of running at `v` metres per minute, ml·kg⁻¹·min⁻¹:
/// VO2 = −4.60 + 0.182258·v + 0.000104·v².
///
/// Source: Daniels & Gilbert 1979, *Oxygen Power*; Daniels' *Running
/// Formula*, 3rd ed. (equations as in `tlgs/vdot` and calcpace's
/// Vo2maxEstimator, reference §2).
pub fn vo2_cost(v_m_per_min: f64) -> f64 {
    -4.60 + 0.182258 * v_m_per_min + 0.000104 * v_m_per_min * v_m_per_min
}

/// Fraction of VO2max sustainable for `t` minutes:
/// 0.8 + 0.1894393·e^(−0.012778·t) + 0.2989558·e^(−0.1932605·t).
///
/// Source: Daniels & Gilbert 1979, *Oxygen Power* (reference §2).
pub fn fraction_vo2max(t_min: f64) -> f64 {
    0.8 + 0.1894393 * (-0.012778 * t_min).exp() + 0.2989558 * (-0.1932605 * t_min).exp()
}

/// VDOT of a race: VO2(v) / %VO2max(t), v = distance / time in m/min.
///
/// Source: Daniels & Gilbert 1979, *Oxygen Power*; Daniels' *Running
/// Formula*, 3rd ed. Valid for efforts of about 5–60 min (calcpace note);
/// outside that the value is returned but extrapolated.
pub fn vdot(distance_m: f64, time_s: f64) -> Result<f64, MetricsError> {
    positive("distance_m", distance_m)?;
    let t_min = positive("time_s", time_s)? / 60.0;
    Ok(vo2_cost(distance_m / t_min) / fraction_vo2max(t_min))
}

/// Race time (seconds) at which a distance gives `vdot`: solves
/// VO2(d/t) / %VO2max(t) = VDOT for t.
///
/// Source: Daniels & Gilbert 1979 equations ([`vdot`]); solved numerically as
/// the reference suggests (goandrace.com). The left side falls strictly as t
/// grows over the bracket searched (running slower costs less oxygen by more
/// than the sustainable fraction falls), so bisection to 1 ms is exact
/// and cannot diverge the way Newton can near the quadratic's minimum.
pub fn predict_time_vdot(distance_m: f64, vdot_value: f64) -> Result<f64, MetricsError> {
    positive("distance_m", distance_m)?;
    positive("vdot", vdot_value)?;
    let f = |t_s: f64| {
        let t_min = t_s / 60.0;
        vo2_cost(distance_m / t_min) / fraction_vo2max(t_min) - vdot_value
    };
    // Bracket: faster than 15 m/s is impossible, slower than ~40 m/min
    // (walking) puts VO2 near the formula's floor; widen until signs differ.
    let mut lo = distance_m / 15.0;
    let mut hi = distance_m / 40.0 * 60.0;
    while f(hi) > 0.0 && hi < 1e7 {
        hi *= 2.0;
    }
    if !(f(lo) > 0.0 && f(hi) <= 0.0) {
        return Err(MetricsError::InvalidParameter {
            name: "vdot",
            value: vdot_value,
            expected: "within the range of running speeds",
        });
    }
    while hi - lo > 1e-3 {
        let mid = 0.5 * (lo + hi);
        if f(mid) > 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok(0.5 * (lo + hi))
}

/// Riegel's prediction: T2 = T1 × (D2/D1)^1.06.
///
/// Source: Riegel 1977, *Runner's World*; Riegel 1981, "Athletic records and
/// human endurance", *American Scientist* (endurance range 3.5–230 min).
pub fn riegel_time(d1_m: f64, t1_s: f64, d2_m: f64) -> Result<f64, MetricsError> {
    riegel_time_with_exponent(d1_m, t1_s, d2_m, 1.06)
}

/// [`riegel_time`] with another exponent (Riegel 1981 fits 1.06 for running;
/// athletes sometimes fit their own).
pub fn riegel_time_with_exponent(
    d1_m: f64,
    t1_s: f64,
    d2_m: f64,
    exponent: f64,
) -> Result<f64, MetricsError> {
    let d1 = positive("d1_m", d1_m)?;
    let t1 = positive("t1_s", t1_s)?;
    let d2 = positive("d2_m", d2_m)?;
    Ok(t1 * (d2 / d1).powf(positive("exponent", exponent)?))
}

/// 400 m, 1 km, 1 mile, 5 km, 10 km, half marathon, marathon (metres).
pub const STANDARD_DISTANCES_M: [f64; 7] = [
    400.0, 1000.0, 1609.344, 5000.0, 10_000.0, 21_097.5, 42_195.0,
];

/// The fastest stretch of an activity covering a distance.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DistanceEffort {
    pub distance_m: f64,
    /// Elapsed seconds, interpolated within a second.
    pub time_s: f64,
    /// Stream time at which the stretch starts (fractional).
    pub start_s: f64,
}

/// Best efforts for [`STANDARD_DISTANCES_M`] covered by the activity.
pub fn best_distance_efforts(streams: &Streams) -> Vec<DistanceEffort> {
    best_distance_efforts_for(streams, &STANDARD_DISTANCES_M)
}

/// The shortest time covering each distance, from the distance and time
/// streams, interpolating linearly between samples.
///
/// Source: the definition of a best effort (shortest time over a distance);
/// no formula reference. Time is *elapsed* on the stream's time axis, pauses
/// included: a stop at a traffic light is part of the clock time of that
/// 5 km, and leaving it out would make an effort look faster than it was.
/// (Distance does not grow during a pause, so a pause never shortens a time.)
///
/// Distance is piecewise linear in time, so the shortest window always has
/// one end on a sample: for each sample as end, the start is found where
/// distance = end − D, and for each sample as start, the end where distance =
/// start + D, both by two pointers in O(n).
pub fn best_distance_efforts_for(streams: &Streams, distances_m: &[f64]) -> Vec<DistanceEffort> {
    let Some(col) = streams.column(Channel::Distance) else {
        return Vec::new();
    };
    let (t, mut d) = valid_samples(streams.time_s(), col);
    // The domain promises non-decreasing distance; enforce it so a glitch
    // cannot make the two pointers walk backwards.
    for i in 1..d.len() {
        d[i] = d[i].max(d[i - 1]);
    }
    let t: Vec<f64> = t.into_iter().map(f64::from).collect();
    distances_m
        .iter()
        .filter_map(|&target| shortest_cover(&t, &d, target))
        .collect()
}

fn shortest_cover(t: &[f64], d: &[f64], target: f64) -> Option<DistanceEffort> {
    let n = d.len();
    if target.is_nan() || target <= 0.0 || n < 2 || d[n - 1] - d[0] < target {
        return None;
    }
    let mut best: Option<(f64, f64)> = None; // (duration, start)
    let mut consider = |start: f64, end: f64| {
        if best.is_none_or(|(b, _)| end - start < b) {
            best = Some((end - start, start));
        }
    };
    // End on sample j: start where distance = d[j] − target, between i and
    // i + 1 with i the last sample at or below it.
    let mut i = 0;
    for j in 0..n {
        let goal = d[j] - target;
        if goal < d[0] {
            continue;
        }
        while i + 1 < n && d[i + 1] <= goal {
            i += 1;
        }
        let start = if d[i] == goal || i + 1 >= n {
            t[i]
        } else {
            t[i] + (goal - d[i]) / (d[i + 1] - d[i]) * (t[i + 1] - t[i])
        };
        consider(start, t[j]);
    }
    // Start on sample i: end where distance = d[i] + target, between j − 1
    // and j with j the first sample at or above it.
    let mut j = 0;
    for i in 0..n {
        let goal = d[i] + target;
        if goal > d[n - 1] {
            break;
        }
        while d[j] < goal {
            j += 1;
        }
        let end = if j == 0 || d[j] == goal {
            t[j]
        } else {
            t[j - 1] + (goal - d[j - 1]) / (d[j] - d[j - 1]) * (t[j] - t[j - 1])
        };
        consider(t[i], end);
    }
    best.map(|(time_s, start_s)| DistanceEffort {
        distance_m: target,
        time_s,
        start_s,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn vdot_published_examples() {
        // 10 km in 40:00: v = 250 m/min.
        // VO2 = −4.60 + 0.182258 × 250 + 0.000104 × 62500 = −4.6 + 45.5645 + 6.5 = 47.4645.
        // %max(40) = 0.8 + 0.1894393 × e^(−0.51112) + 0.2989558 × e^(−7.73042)
        //          = 0.8 + 0.1894393 × 0.599837 + 0.2989558 × 0.000439 = 0.913761.
        // VDOT = 47.4645 / 0.913761 = 51.94 (reference: 51.9).
        assert!(close(vdot(10_000.0, 2400.0).unwrap(), 51.94, 0.01));
        // 5 km in 20:00: same v, %max(20) = 0.8 + 0.1894393 × 0.774545
        //          + 0.2989558 × 0.020960 = 0.952996 → VDOT 47.4645/0.952996 = 49.806.
        assert!(close(vdot(5000.0, 1200.0).unwrap(), 49.806, 0.01));
        assert!(vdot(0.0, 1200.0).is_err());
    }

    #[test]
    fn vdot_prediction_matches_daniels_table() {
        // Daniels' table: VDOT 50 ≈ 19:57 for 5 km. The equations give
        // 1196.0 s = 19:56.0; the table rounds, so within 1.5 s.
        let t = predict_time_vdot(5000.0, 50.0).unwrap();
        assert!(close(t, 1197.0, 1.5), "{t}");
        // Round trip: the time predicted for a VDOT gives that VDOT back.
        let t = predict_time_vdot(10_000.0, 51.944).unwrap();
        assert!(close(t, 2400.0, 0.5), "{t}");
        assert!(close(
            vdot(42_195.0, predict_time_vdot(42_195.0, 45.0).unwrap()).unwrap(),
            45.0,
            1e-4
        ));
    }

    #[test]
    fn riegel_hand_vector() {
        // 5 km in 20:00 → 10 km: 1200 × 2^1.06 = 1200 × 2.084931 = 2501.92 s (41:42).
        assert!(close(
            riegel_time(5000.0, 1200.0, 10_000.0).unwrap(),
            2501.918,
            1e-3
        ));
        // Same distance, same time.
        assert_eq!(riegel_time(5000.0, 1200.0, 5000.0).unwrap(), 1200.0);
        assert!(riegel_time(-1.0, 1200.0, 5000.0).is_err());
    }

    fn streams(time: Vec<u32>, dist: Vec<f64>) -> Streams {
        Streams::from_columns(time, BTreeMap::from([(Channel::Distance, dist)])).unwrap()
    }

    #[test]
    fn best_effort_interpolates_within_a_second() {
        // 3 m/s for 100 s, then 5 m/s for 100 s (d = 300 + 5(t − 100)).
        // Fastest 400 m: all in the 5 m/s part = 400/5 = 80 s. The whole run
        // is 300 + 500 = 800 m, so 1000 m is absent.
        let time: Vec<u32> = (0..=200).collect();
        let dist: Vec<f64> = time
            .iter()
            .map(|&t| {
                if t <= 100 {
                    3.0 * f64::from(t)
                } else {
                    300.0 + 5.0 * f64::from(t - 100)
                }
            })
            .collect();
        let e = best_distance_efforts_for(&streams(time, dist), &[400.0, 500.0, 1000.0]);
        assert_eq!(e.len(), 2);
        assert!(close(e[0].time_s, 80.0, 1e-9));
        // 500 m: the last 100 s at 5 m/s exactly.
        assert!(close(e[1].time_s, 100.0, 1e-9));
        assert!(close(e[1].start_s, 100.0, 1e-9));
        // Within a second: 10 m per second, 25 m takes 2.5 s.
        let time: Vec<u32> = (0..10).collect();
        let dist: Vec<f64> = (0..10).map(|i| 10.0 * f64::from(i)).collect();
        let e = best_distance_efforts_for(&streams(time, dist), &[25.0]);
        assert!(close(e[0].time_s, 2.5, 1e-9));
    }

    #[test]
    fn pauses_count_as_elapsed_time() {
        // 0..=4 at 10 m/s (0..40 m), paused until 60, then 60..=64 at 10 m/s
        // (40..80 m). 80 m needs 0 → 64 = 64 s; 40 m fits either half: 4 s.
        let time: Vec<u32> = (0..5).chain(60..65).collect();
        let dist: Vec<f64> = (0..5)
            .map(|i| 10.0 * f64::from(i))
            .chain((0..5).map(|i| 40.0 + 10.0 * f64::from(i)))
            .collect();
        let e = best_distance_efforts_for(&streams(time, dist), &[40.0, 80.0]);
        assert!(close(e[0].time_s, 4.0, 1e-9));
        assert!(close(e[1].time_s, 64.0, 1e-9));
    }

    proptest! {
        #[test]
        fn predictions_are_monotone_in_distance(
            d1 in 800.0f64..42_195.0,
            extra in 1.0f64..20_000.0,
            v in 30.0f64..80.0,
        ) {
            let d2 = d1 + extra;
            prop_assert!(riegel_time(5000.0, 1200.0, d2).unwrap() > riegel_time(5000.0, 1200.0, d1).unwrap());
            prop_assert!(predict_time_vdot(d2, v).unwrap() > predict_time_vdot(d1, v).unwrap());
            // Higher VDOT, faster.
            prop_assert!(predict_time_vdot(d1, v + 1.0).unwrap() < predict_time_vdot(d1, v).unwrap());
        }

        #[test]
        fn best_effort_time_grows_with_distance(
            steps in prop::collection::vec(0.0f64..8.0, 10..300),
        ) {
            let time: Vec<u32> = (0..steps.len() as u32).collect();
            let mut acc = 0.0;
            let dist: Vec<f64> = steps.iter().map(|s| { acc += s; acc }).collect();
            let total = acc;
            let targets: Vec<f64> = (1..=10).map(|k| total * f64::from(k) / 10.0).collect();
            let e = best_distance_efforts_for(&streams(time, dist), &targets);
            prop_assert!(e.windows(2).all(|w| w[1].time_s >= w[0].time_s - 1e-9));
            // The whole run covers the whole distance in at most its duration.
            if let Some(last) = e.last() {
                prop_assert!(last.time_s <= (steps.len() - 1) as f64 + 1e-9);
            }
        }
    }
}
