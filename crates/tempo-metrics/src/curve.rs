//! Mean-max curves at a fixed set of durations, small enough to store per
//! activity and to combine over a season.
//!
//! The full curve ([`crate::power::mean_max_curve`]) has one point per second
//! and costs O(n × d): fine for one activity on screen, too much to keep for
//! thousands. A season's curve is the point-wise maximum of its activities'
//! curves, so storing each activity's curve at the durations a chart shows
//! (roughly log-spaced, 1 s to 6 h) makes a season curve a scan of small rows,
//! and each stored curve costs O(n) per duration to compute.

use tempo_domain::activity::{Channel, Streams};

use crate::power::{best_window_sum, prefix_sums};
use crate::valid_samples;

/// Durations of the stored curves, in seconds: dense where the curve bends
/// (sprints, the 2–20 min critical-power range, 6 min for the VMA), sparse
/// over hours.
pub const CURVE_DURATIONS_S: [u32; 29] = [
    1, 2, 3, 5, 8, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 360, 420, 600, 900, 1200, 1800,
    2400, 3600, 5400, 7200, 10_800, 14_400, 21_600,
];

/// Best mean power over each duration (recorded seconds with a power value,
/// as [`crate::power::mean_max_curve`] counts them), as `(duration, watts)`
/// for the durations the activity covers.
///
/// Source: Coggan & Allen's mean-maximal power curve, sampled. The envelope
/// (having held P for d′ > d seconds shows P can be held for d) is taken over
/// the sampled durations, so each value is at least the best window of exactly
/// that length and at most the full curve's value.
pub fn power_curve_at(power: &[f64], durations_s: &[u32]) -> Vec<(u32, f64)> {
    let p: Vec<f64> = power.iter().copied().filter(|v| v.is_finite()).collect();
    let prefix = prefix_sums(&p);
    let n = p.len();
    let mut curve: Vec<(u32, f64)> = durations_s
        .iter()
        .filter(|&&d| d >= 1 && d as usize <= n)
        .map(|&d| (d, best_window_sum(&prefix, d as usize) / f64::from(d)))
        .collect();
    envelope(&mut curve);
    curve
}

/// Best mean speed (m/s) over each duration of *elapsed* time, from the
/// distance stream, as `(duration, m/s)` for the durations the activity spans.
///
/// Elapsed, like the distance best efforts ([`crate::running`]): a stop is part
/// of the clock time of a stretch. For each sample as the start, the end is the
/// last sample at most `d` seconds later; at 1 Hz without pauses this is the
/// exact window, across a pause it can only under-count, never invent speed.
pub fn speed_curve_at(streams: &Streams, durations_s: &[u32]) -> Vec<(u32, f64)> {
    let Some(col) = streams.column(Channel::Distance) else {
        return Vec::new();
    };
    let (t, mut d) = valid_samples(streams.time_s(), col);
    if t.len() < 2 {
        return Vec::new();
    }
    for i in 1..d.len() {
        d[i] = d[i].max(d[i - 1]);
    }
    let span = t[t.len() - 1] - t[0];
    let mut curve: Vec<(u32, f64)> = durations_s
        .iter()
        .filter(|&&w| w >= 1 && w <= span)
        .map(|&w| {
            let mut j = 0;
            let mut best = 0.0f64;
            for i in 0..t.len() {
                j = j.max(i);
                while j + 1 < t.len() && t[j + 1] - t[i] <= w {
                    j += 1;
                }
                best = best.max(d[j] - d[i]);
            }
            (w, best / f64::from(w))
        })
        .collect();
    envelope(&mut curve);
    curve
}

/// Makes a curve non-increasing in duration: `v(d) = max over d′ ≥ d of v(d′)`.
fn envelope(curve: &mut [(u32, f64)]) {
    for i in (0..curve.len().saturating_sub(1)).rev() {
        curve[i].1 = curve[i].1.max(curve[i + 1].1);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use tempo_domain::activity::Streams;

    use super::*;
    use crate::power::mean_max_curve;

    #[test]
    fn power_curve_matches_the_full_curve_where_the_window_is_monotone() {
        // 10 s at 300 W, then 20 s at 100 W: best 5 s = 300, best 10 s = 300,
        // best 20 s = (10·300 + 10·100)/20 = 200, best 30 s = (3000+2000)/30.
        let mut p = vec![300.0; 10];
        p.extend(vec![100.0; 20]);
        let c = power_curve_at(&p, &[5, 10, 20, 30, 60]);
        assert_eq!(c.len(), 4, "60 s is longer than the ride");
        let full = mean_max_curve(&p, 30);
        for (d, w) in &c {
            assert!((w - full[*d as usize - 1]).abs() < 1e-9, "{d}: {w}");
        }
        assert!((c[2].1 - 200.0).abs() < 1e-9);
        assert!((c[3].1 - 5000.0 / 30.0).abs() < 1e-9);
    }

    #[test]
    fn power_curve_skips_dropouts() {
        // A NaN is not zero watts: the 2 s best is 200, not 100.
        let c = power_curve_at(&[200.0, f64::NAN, 200.0], &[2]);
        assert_eq!(c, vec![(2, 200.0)]);
    }

    #[test]
    fn speed_curve_reads_elapsed_time() {
        // 4 m/s for 100 s, a 50 s stop (gap in the time axis), 4 m/s for 100 s.
        let mut t: Vec<u32> = (0..=100).collect();
        t.extend(150..=250);
        let d: Vec<f64> = t
            .iter()
            .map(|&s| {
                if s <= 100 {
                    4.0 * f64::from(s)
                } else {
                    400.0 + 4.0 * f64::from(s - 150)
                }
            })
            .collect();
        let s = Streams::from_columns(t, BTreeMap::from([(Channel::Distance, d)])).unwrap();
        let c = speed_curve_at(&s, &[60, 100, 200, 250]);
        assert_eq!(c[0], (60, 4.0));
        assert_eq!(c[1], (100, 4.0));
        // The whole 250 s: 800 m, 3.2 m/s.
        assert!((c[3].1 - 3.2).abs() < 1e-9);
        // Every 200 s window straddles the stop and covers 600 m (3 m/s), but
        // covering 800 m in 250 s shows 3.2 m/s can be held for 200 s: the
        // envelope, as on a power-duration curve.
        assert_eq!(speed_curve_at(&s, &[200])[0], (200, 3.0));
        assert!((c[2].1 - 3.2).abs() < 1e-9, "{:?}", c[2]);
    }

    proptest! {
        #[test]
        fn stored_curves_are_non_increasing(
            p in proptest::collection::vec(0.0f64..1500.0, 1..400),
        ) {
            let c = power_curve_at(&p, &CURVE_DURATIONS_S);
            for w in c.windows(2) {
                prop_assert!(w[0].0 < w[1].0);
                prop_assert!(w[0].1 >= w[1].1);
            }
            // Bounded above by the full curve's value at the same duration.
            let full = mean_max_curve(&p, 400);
            for (d, v) in &c {
                prop_assert!(*v <= full[*d as usize - 1] + 1e-9);
            }
        }
    }
}
