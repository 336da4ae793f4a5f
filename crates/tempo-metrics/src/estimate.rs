//! Threshold estimates from the athlete's own data: eFTP from the power curve,
//! maximum heart rate and LTHR from heart-rate recordings, and critical speed
//! from best efforts.
//!
//! Each estimate is a published test protocol applied to data that was not
//! necessarily recorded as that test, so each says what it read: the
//! heart-rate ones have a `*_window` form giving where in the recording the
//! value came from, and the critical-speed fit reports the efforts it used
//! ([`CriticalFit::points`]). Whether an activity *was* a maximal effort is
//! for the caller to decide (a race, a tagged test); an easy ride gives an
//! easy number.
//!
//! Heart-rate slices are consecutive recorded seconds, NaN where there is no
//! reading (as in [`crate::heart`]).

use serde::{Deserialize, Serialize};

use crate::MetricsError;
use crate::critical::{CriticalFit, critical_speed};

/// Allen & Coggan's 20-minute test: FTP ≈ 95 % of the best 20-min power.
pub const EFTP_FRACTION: f64 = 0.95;

/// Duration of the test effort read from the curve, seconds.
pub const EFTP_TEST_DURATION_S: usize = 1200;

/// Heart-rate readings outside this range (bpm) are treated as artefacts by
/// the estimates here: below 100 is not a maximal or threshold effort (or is a
/// strap losing contact), above 230 is beyond any recorded human maximum
/// (interference, cadence lock).
pub const PLAUSIBLE_HR_BPM: (f64, f64) = (100.0, 230.0);

/// Window of the maximum-HR estimate: 5 s.
pub const MAX_HR_WINDOW_S: usize = 5;

/// Friel's LTHR test: a 30-min all-out effort …
pub const LTHR_EFFORT_S: usize = 1800;

/// … of which the last 20 min are averaged.
pub const LTHR_MEASURED_S: usize = 1200;

/// Best efforts used for critical speed: 2 to 20 min, as for critical power
/// ([`crate::critical::CP_FIT_DURATIONS_S`]). Shorter efforts lean on
/// anaerobic capacity beyond D′ and longer ones on fatigue, neither of which
/// the two-parameter model has; 2–20 min is typical practice (reference §2:
/// "not sourced here").
pub const CS_EFFORT_RANGE_S: (f64, f64) = (120.0, 1200.0);

/// eFTP: 95 % of the best 20-min power of a mean-max curve (index =
/// duration − 1, as from [`crate::power::mean_max_curve`]).
///
/// Source: Allen & Coggan, *Training and Racing with a Power Meter*, the
/// 20-minute test (FTP ≈ 0.95 × 20-min mean power). The curve's 20-min value
/// is the best 20 min of the rides it covers, so this is only an FTP
/// estimate when one of them held a maximal 20 min. Not a critical-power
/// fit; that is [`crate::critical::critical_power_from_curve`]. `None` when
/// the curve is shorter than 20 min or its 20-min value is not a positive
/// number.
pub fn eftp_from_curve(curve: &[f64]) -> Option<f64> {
    eftp_from_best_20min(*curve.get(EFTP_TEST_DURATION_S - 1)?)
}

/// eFTP from the best 20-min mean power itself (a season's stored curves
/// keep that one point): 95 % of it, as [`eftp_from_curve`].
pub fn eftp_from_best_20min(watts: f64) -> Option<f64> {
    (watts.is_finite() && watts > 0.0).then_some(EFTP_FRACTION * watts)
}

/// A heart-rate estimate and where it was read.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HrWindow {
    /// The estimate, bpm.
    pub bpm: f64,
    /// Index in the slice of the first reading used.
    pub start: usize,
    /// Index one past the last reading used. Readings left out (NaN, outside
    /// [`PLAUSIBLE_HR_BPM`]) are skipped, so `end − start` can exceed the
    /// number of readings averaged.
    pub end: usize,
}

/// The plausible readings with their indices.
fn plausible(hr: &[f64]) -> (Vec<usize>, Vec<f64>) {
    let (lo, hi) = PLAUSIBLE_HR_BPM;
    hr.iter()
        .enumerate()
        .filter(|(_, h)| (lo..=hi).contains(*h))
        .map(|(i, h)| (i, *h))
        .unzip()
}

/// Start (in `v`) and sum of the first best window of `w` values.
fn best_window(v: &[f64], w: usize) -> Option<(usize, f64)> {
    if w == 0 || v.len() < w {
        return None;
    }
    let mut sum: f64 = v[..w].iter().sum();
    let mut best = (0, sum);
    for i in w..v.len() {
        sum += v[i] - v[i - w];
        if sum > best.1 {
            best = (i + 1 - w, sum);
        }
    }
    Some(best)
}

/// [`max_hr_observed`] with where it was read.
pub fn max_hr_window(hr: &[f64]) -> Option<HrWindow> {
    let (idx, v) = plausible(hr);
    let (s, sum) = best_window(&v, MAX_HR_WINDOW_S)?;
    Some(HrWindow {
        bpm: sum / MAX_HR_WINDOW_S as f64,
        start: idx[s],
        end: idx[s + MAX_HR_WINDOW_S - 1] + 1,
    })
}

/// Highest heart rate sustained for 5 s: the best 5-s rolling mean of the
/// plausible readings ([`PLAUSIBLE_HR_BPM`]).
///
/// Source: the definition of HRmax as the highest heart rate reached (the
/// reference notes 220 − age is only an estimate, §2 "Karvonen"). A single
/// sample is not trusted because chest straps and optical sensors produce
/// one- or two-second spikes (static, cadence lock) that a real heart cannot
/// sustain; a 5-s mean needs the rate to be held, and costs a true peak at
/// most a beat or two. Readings outside the plausible range are skipped (and
/// windows run over the remaining readings, like power windows over
/// dropouts). `None` with fewer than 5 plausible readings.
pub fn max_hr_observed(hr: &[f64]) -> Option<f64> {
    max_hr_window(hr).map(|w| w.bpm)
}

/// [`lthr_from_hr`] with where the 20 measured minutes were read.
pub fn lthr_window(hr: &[f64]) -> Option<HrWindow> {
    let (idx, v) = plausible(hr);
    let (s, _) = best_window(&v, LTHR_EFFORT_S)?;
    let from = s + LTHR_EFFORT_S - LTHR_MEASURED_S;
    let to = s + LTHR_EFFORT_S;
    let sum: f64 = v[from..to].iter().sum();
    Some(HrWindow {
        bpm: sum / LTHR_MEASURED_S as f64,
        start: idx[from],
        end: idx[to - 1] + 1,
    })
}

/// LTHR by Friel's protocol applied to a recording: the average heart rate
/// over the last 20 minutes of the hardest 30 minutes.
///
/// Source: Friel, *The Triathlete's Training Bible* (LTHR test: a 30-min solo
/// all-out time trial, LTHR = average HR of its last 20 min; reference §2,
/// athleticimprovementcenter.com). The 30-min window with the highest mean
/// heart rate stands in for the time trial, and its last 20 min are
/// averaged, skipping the first 10 min while the heart rate is still rising
/// as the protocol does. The window is chosen by its 30-min mean, not by its
/// last 20 min: choosing by the last 20 min is just the best 20-min heart
/// rate, which over-reads LTHR whenever the hardest effort lasted under 30
/// min. Readings outside [`PLAUSIBLE_HR_BPM`] are skipped. The value is LTHR
/// only if the activity held a maximal ~30 min (a race, a test); otherwise it
/// is a lower bound. `None` with under 30 minutes of plausible readings.
pub fn lthr_from_hr(hr: &[f64]) -> Option<f64> {
    lthr_window(hr).map(|w| w.bpm)
}

/// Critical speed and D′ from (distance m, time s) best efforts, using those
/// that lasted 2–20 min ([`CS_EFFORT_RANGE_S`], inclusive); the fit's `points`
/// says how many were used.
///
/// Source: the two-parameter model of Monod & Scherrer 1965 applied to
/// running ([`crate::critical::critical_speed`], reference §2). Efforts
/// outside the range, or with a non-finite distance or time, are left out;
/// `NotEnoughData` when fewer than two efforts remain.
pub fn critical_speed_from_bests(bests: &[(f64, f64)]) -> Result<CriticalFit, MetricsError> {
    let (lo, hi) = CS_EFFORT_RANGE_S;
    let kept: Vec<(f64, f64)> = bests
        .iter()
        .copied()
        .filter(|(d, t)| d.is_finite() && (lo..=hi).contains(t))
        .collect();
    critical_speed(&kept)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn eftp_is_95_percent_of_20_minutes() {
        // Curve with 300 W at 20 min: 0.95 × 300 = 285.
        let mut curve = vec![400.0; 1200];
        curve[1199] = 300.0;
        assert!(close(eftp_from_curve(&curve).unwrap(), 285.0, 1e-9));
        // A longer curve reads the 20-min point, not the end.
        curve.extend([250.0; 600]);
        assert!(close(eftp_from_curve(&curve).unwrap(), 285.0, 1e-9));
        assert_eq!(eftp_from_curve(&curve[..1199]), None);
        assert_eq!(eftp_from_curve(&[0.0; 1200]), None);
    }

    #[test]
    fn max_hr_ignores_spikes_and_artefacts() {
        // 150 bpm, a one-second 199 spike, an artefact of 250 (skipped),
        // then 185, 186, 187, 188, 189 and back to 150.
        // Best 5 s: (185 + 186 + 187 + 188 + 189)/5 = 187, not 199 or 250.
        // The spike window (199 + 4 × 150)/5 = 159.8 loses.
        let mut hr = vec![150.0; 10];
        hr.extend([199.0, 150.0, 250.0, 185.0, 186.0, 187.0, 188.0, 189.0]);
        hr.extend([150.0; 10]);
        let w = max_hr_window(&hr).unwrap();
        assert!(close(w.bpm, 187.0, 1e-12));
        assert_eq!((w.start, w.end), (13, 18));
        // A NaN and an artefact inside a window are skipped: the 5 readings
        // 180, 182, (NaN), (240), 184, 186, 188 average 184.
        let hr = [150.0, 180.0, 182.0, f64::NAN, 240.0, 184.0, 186.0, 188.0];
        let w = max_hr_window(&hr).unwrap();
        assert!(close(w.bpm, 184.0, 1e-12));
        assert_eq!((w.start, w.end), (1, 8));
        assert_eq!(max_hr_observed(&[180.0; 4]), None);
        assert_eq!(max_hr_observed(&[90.0; 100]), None);
    }

    #[test]
    fn lthr_from_a_time_trial() {
        // 10 min warm-up at 120, a 30-min TT (10 min at 160, 20 min at 170),
        // 10 min cool-down at 110. The best 30-min window is the TT itself
        // (mean (600 × 160 + 1200 × 170)/1800 = 166.67; sliding either way
        // swaps TT seconds for 120s or 110s), so LTHR = 170.
        let mut hr = vec![120.0; 600];
        hr.extend([160.0; 600]);
        hr.extend([170.0; 1200]);
        hr.extend([110.0; 600]);
        let w = lthr_window(&hr).unwrap();
        assert!(close(w.bpm, 170.0, 1e-9));
        assert_eq!((w.start, w.end), (1200, 2400));
        // Chosen by the 30-min mean, not the last 20 min: 30 min at 140,
        // 15 min at 180, 30 min at 160. The best 30 min is the 15 min at 180
        // plus the 15 min at 160 after it (mean 170; 140s before would lower
        // it), and its last 20 min are 5 min at 180 + 15 min at 160:
        // (300 × 180 + 900 × 160)/1200 = 165. The best 20-min mean would
        // have been (900 × 180 + 300 × 160)/1200 = 175.
        let mut hr = vec![140.0; 1800];
        hr.extend([180.0; 900]);
        hr.extend([160.0; 1800]);
        let w = lthr_window(&hr).unwrap();
        assert!(close(w.bpm, 165.0, 1e-9));
        assert_eq!((w.start, w.end), (2400, 3600));
        assert_eq!(lthr_from_hr(&[170.0; 1799]), None);
    }

    #[test]
    fn critical_speed_uses_2_to_20_minute_efforts() {
        // CS 4 m/s, D′ 200 m: 1200 m in 250 s, 3000 m in 700 s, 5000 m in
        // 1200 s (4t + 200). A 400 m in 70 s (too short) and a half marathon
        // in 5400 s (too long) do not fit the line and are left out.
        let bests = [
            (400.0, 70.0),
            (1200.0, 250.0),
            (3000.0, 700.0),
            (5000.0, 1200.0),
            (21_097.5, 5400.0),
        ];
        let f = critical_speed_from_bests(&bests).unwrap();
        assert_eq!(f.points, 3);
        assert!(close(f.critical, 4.0, 1e-12) && close(f.capacity, 200.0, 1e-9));
        // 119 s is out, 120 s in.
        assert!(critical_speed_from_bests(&[(500.0, 119.0), (3000.0, 700.0)]).is_err());
        assert!(critical_speed_from_bests(&[(680.0, 120.0), (3000.0, 700.0)]).is_ok());
    }

    proptest! {
        #[test]
        fn hr_estimates_are_bounded_by_the_plausible_readings(
            hr in prop::collection::vec(prop_oneof![Just(f64::NAN), 40.0f64..260.0], 0..2500),
        ) {
            let (_, v) = plausible(&hr);
            let max = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            match max_hr_observed(&hr) {
                Some(m) => prop_assert!(m <= max + 1e-9 && m >= PLAUSIBLE_HR_BPM.0),
                None => prop_assert!(v.len() < MAX_HR_WINDOW_S),
            }
            match lthr_from_hr(&hr) {
                // A 20-min mean is at most the best 5-s mean.
                Some(l) => prop_assert!(l <= max_hr_observed(&hr).unwrap() + 1e-9),
                None => prop_assert!(v.len() < LTHR_EFFORT_S),
            }
        }
    }
}
