//! Running on hills: Minetti's energy cost of running on a slope, grade from
//! the altitude and distance streams, grade-adjusted speed, normalized graded
//! speed (the speed form of TrainingPeaks' NGP) and rTSS.
//!
//! Grade adjustment scales each second's speed by how much more (uphill) or
//! less (moderately downhill) energy a metre costs on that slope than on the
//! flat, so an hour of hill running and an hour on the flat at the same effort
//! score alike. TrainingPeaks' own grade curve is proprietary (reference §2);
//! this module uses Minetti's published one, so its NGP is *not* claimed to
//! match TrainingPeaks' to the second.
//!
//! Speeds are m/s; grades are fractions (0.1 = 10 %, rise over horizontal
//! distance as the devices' distance is, near enough, horizontal).

use tempo_domain::activity::{Channel, Streams};

use crate::pace::speed_series;
use crate::power::normalized_power;
use crate::{MetricsError, positive};

/// The steepest grade (either way) Minetti et al. measured: the polynomial is
/// a fit over −0.45…+0.45 and is not extrapolated beyond it.
pub const MINETTI_GRADE_LIMIT: f64 = 0.45;

/// Half-width of the distance window over which grade is measured, metres.
/// Each sample's grade is the elevation change between the nearest samples at
/// least this far behind and ahead of it, over the distance between them, so
/// the window spans ≥ 20 m of travel. Over 20 m, ±0.2 m of barometric noise is
/// ±1 % of grade; over one second (3 m) it would be ±13 %.
pub const GRADE_HALF_WINDOW_M: f64 = 10.0;

/// Energy cost of running on a grade, J·kg⁻¹·m⁻¹:
/// C(i) = 155.4i⁵ − 30.4i⁴ − 43.3i³ + 46.3i² + 19.5i + 3.6.
///
/// Source: Minetti, Moia, Roi, Susta & Ferretti 2002, "Energy cost of walking
/// and running at extreme uphill and downhill slopes", *J Appl Physiol*
/// 93:1039–1046 (the running polynomial, fitted over grades −0.45…+0.45).
/// `grade` is a fraction and is clamped to ±[`MINETTI_GRADE_LIMIT`]; a NaN
/// grade (unknown) costs the flat C(0) = 3.6. The cost is lowest, 1.78, at
/// −0.18: steeper downhill costs more again (braking), 4.03 at −0.45.
pub fn minetti_cost(grade: f64) -> f64 {
    let i = if grade.is_nan() {
        0.0
    } else {
        grade.clamp(-MINETTI_GRADE_LIMIT, MINETTI_GRADE_LIMIT)
    };
    ((((155.4 * i - 30.4) * i - 43.3) * i + 46.3) * i + 19.5) * i + 3.6
}

/// Grade (fraction) at each recorded second, aligned to `streams.time_s()`,
/// from the Altitude and Distance columns; `None` without both.
///
/// Each sample's grade is (altitude ahead − altitude behind) / (distance
/// between them), taking the nearest samples at least
/// [`GRADE_HALF_WINDOW_M`] behind and ahead in distance (or the first/last
/// sample at the ends of the activity). This is the slope of the chord over
/// ~20 m of travel: exact on a constant grade, smoothed over altitude noise,
/// and independent of speed (a window in seconds would average over 20 m
/// when jogging and 100 m when descending fast). The window is in distance,
/// so it reaches across pauses and stops: a stopped second gets the grade of
/// where the athlete stands.
///
/// The grade is 0 where the window covers less than [`GRADE_HALF_WINDOW_M`]
/// of distance (distance not advancing: a treadmill, an activity shorter than
/// 10 m), where a ratio would be altitude noise over almost nothing. It is
/// NaN (missing) on seconds without an altitude or distance value. Distance is
/// read as non-decreasing (a backwards glitch is held at the previous value).
/// The grade is not clamped; [`minetti_cost`] clamps.
pub fn grade_series(streams: &Streams) -> Option<Vec<f64>> {
    let alt = streams.column(Channel::Altitude)?;
    let dist = streams.column(Channel::Distance)?;
    let idx: Vec<usize> = (0..alt.len())
        .filter(|&i| alt[i].is_finite() && dist[i].is_finite())
        .collect();
    let a: Vec<f64> = idx.iter().map(|&i| alt[i]).collect();
    let mut d: Vec<f64> = idx.iter().map(|&i| dist[i]).collect();
    for k in 1..d.len() {
        d[k] = d[k].max(d[k - 1]);
    }
    let h = GRADE_HALF_WINDOW_M;
    let mut out = vec![f64::NAN; alt.len()];
    // Two pointers, both non-decreasing as k grows (distance is): O(n).
    let (mut lo, mut hi) = (0usize, 0usize);
    for k in 0..d.len() {
        // lo: the last sample at least h behind d[k], or the first sample.
        while lo < k && d[k] - d[lo + 1] >= h {
            lo += 1;
        }
        // hi: the first sample at least h ahead of d[k], or the last sample.
        hi = hi.max(k);
        while hi + 1 < d.len() && d[hi] - d[k] < h {
            hi += 1;
        }
        let span = d[hi] - d[lo];
        out[idx[k]] = if span >= h {
            (a[hi] - a[lo]) / span
        } else {
            0.0
        };
    }
    Some(out)
}

/// Grade-adjusted speed of each recorded second (m/s), aligned to
/// `streams.time_s()`: speed × C(grade) / C(0) with Minetti's C
/// ([`minetti_cost`]) and the grade of [`grade_series`], i.e. the flat speed
/// that would cost the same energy per second. Speed comes from
/// [`speed_series`] (the Speed column, or derived from distance). Without an
/// altitude stream every grade is 0 and this is the plain speed. NaN where the
/// speed is missing; `None` without speed or distance.
///
/// Source: Minetti et al. 2002, *J Appl Physiol* 93:1039–1046 (cost of running
/// on a grade); equal-energy speed is the definition of grade-adjusted pace.
pub fn grade_adjusted_speed(streams: &Streams) -> Option<Vec<f64>> {
    let speed = speed_series(streams)?;
    let grade = grade_series(streams);
    let flat = minetti_cost(0.0);
    Some(
        speed
            .iter()
            .enumerate()
            .map(|(i, &v)| {
                let g = grade.as_ref().map_or(0.0, |g| g[i]);
                v * minetti_cost(g) / flat
            })
            .collect(),
    )
}

/// Normalized graded speed (m/s): Coggan's normalisation applied to
/// grade-adjusted speed, (mean((30 s rolling mean of GAS)⁴))^(1/4).
///
/// Source: the NGP of TrainingPeaks (reference §2, "rTSS with NGP": pace
/// adjusted for grade, then normalised), built from Minetti et al. 2002 for
/// the grade adjustment ([`grade_adjusted_speed`]) and Coggan & Allen's NP for
/// the normalisation: it is [`normalized_power`] run on the grade-adjusted
/// speeds, so gaps and NaNs are handled exactly as for power (missing seconds
/// skipped, never read as 0; stopped seconds, speed 0, kept). Without altitude
/// this is plain normalized speed. `None` with fewer than 30 seconds holding a
/// speed.
pub fn normalized_graded_speed(streams: &Streams) -> Option<f64> {
    normalized_power(&grade_adjusted_speed(streams)?)
}

/// Running TSS: rTSS = hours × IF² × 100 with IF = NGP speed / threshold
/// speed (functional threshold pace as a speed), so an hour at threshold
/// scores 100.
///
/// Source: TrainingPeaks' rTSS as given in reference §2 (slowtwitch forum
/// thread 682825; me-create.com): IF is a ratio of *speeds*, not of min/km.
/// `duration_s` is the time the NGP was computed over; `ngs` and
/// `threshold_speed` in the same unit (m/s).
pub fn rtss(duration_s: f64, ngs: f64, threshold_speed: f64) -> Result<f64, MetricsError> {
    let if_ = ngs / positive("threshold_speed", threshold_speed)?;
    Ok(duration_s / 3600.0 * if_ * if_ * 100.0)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    fn streams(columns: Vec<(Channel, Vec<f64>)>) -> Streams {
        let n = columns[0].1.len() as u32;
        Streams::from_columns((0..n).collect(), columns.into_iter().collect()).unwrap()
    }

    #[test]
    fn minetti_hand_vectors() {
        // Flat: 3.6 J/kg/m.
        assert_eq!(minetti_cost(0.0), 3.6);
        // +10 %: 155.4e-5 − 30.4e-4 − 43.3e-3 + 46.3e-2 + 1.95 + 3.6
        //      = 0.001554 − 0.00304 − 0.0433 + 0.463 + 1.95 + 3.6 = 5.968214.
        assert!(close(minetti_cost(0.1), 5.968_214, 1e-9));
        // −20 %: −0.049728 − 0.04864 + 0.3464 + 1.852 − 3.9 + 3.6 = 1.800032,
        // half the flat cost (the minimum, 1.7813, is at −0.181).
        assert!(close(minetti_cost(-0.2), 1.800_032, 1e-9));
        // +45 %: 2.867567 − 1.246590 − 3.945713 + 9.375750 + 8.775 + 3.6
        //      = 19.426015; steeper is clamped to it.
        assert!(close(minetti_cost(0.45), 19.426_015, 1e-6));
        assert_eq!(minetti_cost(0.9), minetti_cost(0.45));
        assert_eq!(minetti_cost(-3.0), minetti_cost(-0.45));
        // Unknown grade counts as flat.
        assert_eq!(minetti_cost(f64::NAN), 3.6);
    }

    #[test]
    fn grade_of_a_constant_slope_and_a_kink() {
        // 3 m/s for 21 s (d = 3t), altitude 0.1 × d: grade 0.1 everywhere,
        // ends included (one-sided windows on a straight line).
        let d: Vec<f64> = (0..21).map(|t| 3.0 * f64::from(t)).collect();
        let a: Vec<f64> = d.iter().map(|x| 0.1 * x).collect();
        let s = streams(vec![(Channel::Distance, d.clone()), (Channel::Altitude, a)]);
        let g = grade_series(&s).unwrap();
        assert!(g.iter().all(|g| close(*g, 0.1, 1e-12)), "{g:?}");
        // Flat to 30 m, then 10 %: altitude max(0, 0.1 × (d − 30)).
        // At t = 10 (d = 30) the window runs from d = 18 (t = 6, the last
        // sample ≥ 10 m behind) to d = 42 (t = 14, the first ≥ 10 m ahead):
        // (1.2 − 0)/24 = 0.05. At t = 3 (d = 9): from d = 0 (no sample 10 m
        // behind) to d = 21: flat, 0. At t = 20 (d = 60): 48 → 60 (the end):
        // (3.0 − 1.8)/12 = 0.1.
        let a: Vec<f64> = d.iter().map(|x| (0.1 * (x - 30.0)).max(0.0)).collect();
        let s = streams(vec![(Channel::Distance, d), (Channel::Altitude, a)]);
        let g = grade_series(&s).unwrap();
        assert!(close(g[10], 0.05, 1e-12));
        assert_eq!(g[3], 0.0);
        assert!(close(g[20], 0.1, 1e-12));
    }

    #[test]
    fn grade_is_zero_without_travel_and_nan_without_data() {
        // Standing still on a drifting barometer: no distance, grade 0.
        let s = streams(vec![
            (Channel::Distance, vec![5.0; 10]),
            (Channel::Altitude, (0..10).map(f64::from).collect()),
        ]);
        assert!(grade_series(&s).unwrap().iter().all(|g| *g == 0.0));
        // A missing altitude is a missing grade; the rest still computes.
        let d: Vec<f64> = (0..10).map(|t| 4.0 * f64::from(t)).collect();
        let mut a: Vec<f64> = d.iter().map(|x| -0.05 * x).collect();
        a[4] = f64::NAN;
        let s = streams(vec![(Channel::Distance, d.clone()), (Channel::Altitude, a)]);
        let g = grade_series(&s).unwrap();
        assert!(g[4].is_nan());
        assert!(close(g[5], -0.05, 1e-12));
        // No altitude column: no grade.
        assert_eq!(grade_series(&streams(vec![(Channel::Distance, d)])), None);
    }

    #[test]
    fn ngs_flat_and_uphill() {
        // 120 s at 3 m/s on the flat: every rolling mean is 3, NGS 3.
        let flat = streams(vec![
            (Channel::Speed, vec![3.0; 120]),
            (
                Channel::Distance,
                (0..120).map(|t| 3.0 * f64::from(t)).collect(),
            ),
            (Channel::Altitude, vec![100.0; 120]),
        ]);
        assert!(close(normalized_graded_speed(&flat).unwrap(), 3.0, 1e-12));
        // The same at a constant 10 %: GAS = 3 × 5.968214/3.6 = 3 × 1.657837
        // = 4.973512 m/s, every second, so NGS = 4.973512.
        let d: Vec<f64> = (0..120).map(|t| 3.0 * f64::from(t)).collect();
        let hill = streams(vec![
            (Channel::Speed, vec![3.0; 120]),
            (Channel::Altitude, d.iter().map(|x| 0.1 * x).collect()),
            (Channel::Distance, d),
        ]);
        assert!(close(
            normalized_graded_speed(&hill).unwrap(),
            4.973_512,
            1e-6
        ));
        // Speed only (treadmill): plain normalized speed.
        let tm = streams(vec![(Channel::Speed, vec![3.5; 60])]);
        assert!(close(normalized_graded_speed(&tm).unwrap(), 3.5, 1e-12));
        // Under 30 s of speed: undefined.
        let short = streams(vec![(Channel::Speed, vec![3.0; 29])]);
        assert_eq!(normalized_graded_speed(&short), None);
        // Distance only, 3 m per second for 31 s: 30 derived speeds of 3.
        let donly = streams(vec![(
            Channel::Distance,
            (0..31).map(|t| 3.0 * f64::from(t)).collect(),
        )]);
        assert!(close(normalized_graded_speed(&donly).unwrap(), 3.0, 1e-12));
    }

    #[test]
    fn ngs_skips_dropouts_like_np() {
        // 60 s at 4 m/s then 60 s at 2 m/s, with a dropout in each: the NaNs
        // are skipped, leaving 59 + 59 seconds. Same as NP on those values.
        let mut v = vec![4.0; 60];
        v.extend([2.0; 60]);
        v[10] = f64::NAN;
        v[100] = f64::NAN;
        let s = streams(vec![(Channel::Speed, v.clone())]);
        let kept: Vec<f64> = v.into_iter().filter(|x| x.is_finite()).collect();
        assert_eq!(normalized_graded_speed(&s), normalized_power(&kept));
    }

    #[test]
    fn rtss_hand_vectors() {
        // One hour at threshold: 1 × 1² × 100 = 100.
        assert!(close(rtss(3600.0, 4.0, 4.0).unwrap(), 100.0, 1e-12));
        // 45 min at NGS 3.6 against threshold 4.0 m/s (4:10/km):
        // IF 0.9, 0.75 × 0.81 × 100 = 60.75.
        assert!(close(rtss(2700.0, 3.6, 4.0).unwrap(), 60.75, 1e-9));
        assert!(rtss(3600.0, 3.0, 0.0).is_err());
    }

    proptest! {
        #[test]
        fn grade_of_any_straight_slope_is_that_slope(
            steps in prop::collection::vec(0.0f64..8.0, 2..200),
            slope in -0.4f64..0.4,
        ) {
            let mut acc = 0.0;
            let d: Vec<f64> = steps.iter().map(|s| { acc += s; acc }).collect();
            let a: Vec<f64> = d.iter().map(|x| 50.0 + slope * x).collect();
            let total = d[d.len() - 1] - d[0];
            let s = streams(vec![(Channel::Distance, d), (Channel::Altitude, a)]);
            for g in grade_series(&s).unwrap() {
                if total >= GRADE_HALF_WINDOW_M {
                    prop_assert!(close(g, slope, 1e-9), "{} vs {}", g, slope);
                } else {
                    prop_assert_eq!(g, 0.0);
                }
            }
        }

        #[test]
        fn cost_is_positive_and_flat_gas_is_speed(
            grade in -1.0f64..1.0,
            v in prop::collection::vec(0.0f64..7.0, 30..200),
        ) {
            // The polynomial's minimum over ±0.45 is 1.7813 (at −0.181).
            prop_assert!(minetti_cost(grade) >= 1.78);
            // No altitude: the grade-adjusted speed is the speed.
            let s = streams(vec![(Channel::Speed, v.clone())]);
            let gas = grade_adjusted_speed(&s).unwrap();
            prop_assert!(gas.iter().zip(&v).all(|(g, v)| close(*g, *v, 1e-12)));
        }
    }
}
