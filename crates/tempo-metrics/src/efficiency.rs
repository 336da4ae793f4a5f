//! Aerobic efficiency after Friel: the efficiency factor (output per
//! heartbeat) and aerobic decoupling (how much that ratio drifts between the
//! first and second half of a steady session: Pw:HR for power, Pa:HR for
//! pace).
//!
//! Both are generic over the output: the caller passes power (W) for cycling
//! or speed for running. For running, TrainingPeaks and Friel express speed
//! in metres per minute, which puts EF around 1–2 ([`running_efficiency_factor`]
//! converts from m/s). Decoupling is a percentage, so its unit cancels.

use serde::{Deserialize, Serialize};

/// Least paired data (seconds with both an output and a heart rate) for
/// [`aerobic_decoupling`]: 20 minutes. Friel reads decoupling from steady
/// sessions of an hour or more (and under 5 % as aerobically fit); below
/// ~20 minutes the drift is dominated by the heart rate's own rise at the
/// start, so the number would be noise.
pub const DECOUPLING_MIN_PAIRED_S: usize = 1200;

/// Efficiency factor: output / average heart rate.
///
/// Source: Friel, *The Cyclist's Training Bible* / TrainingPeaks' "efficiency
/// factor": NP / average HR for cycling, NGP / average HR for running with NGP
/// in m/min (TrainingPeaks' convention, also accepted in yd/min). The caller
/// chooses the output (normalized power, or normalized graded speed in m/min,
/// see [`running_efficiency_factor`]). `None` when the heart rate is not a
/// positive finite number or the output is negative or not finite.
pub fn efficiency_factor(output: f64, average_hr: f64) -> Option<f64> {
    (output.is_finite() && output >= 0.0 && average_hr.is_finite() && average_hr > 0.0)
        .then(|| output / average_hr)
}

/// [`efficiency_factor`] for running from a speed in m/s (e.g.
/// [`crate::grade::normalized_graded_speed`]), converted to m/min as
/// TrainingPeaks and Friel use: 3 m/s at 150 bpm is 180/150 = 1.2.
pub fn running_efficiency_factor(speed_mps: f64, average_hr: f64) -> Option<f64> {
    efficiency_factor(speed_mps * 60.0, average_hr)
}

/// Output-to-heart-rate ratios of the two halves of a session and their
/// drift.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Decoupling {
    /// Mean output / mean HR over the first half of the paired seconds.
    pub first_half_ratio: f64,
    /// The same over the second half.
    pub second_half_ratio: f64,
    /// (first − second) / first × 100. Positive when the heart rate drifted up
    /// (or the output down) for the same effort; under 5 % is Friel's mark of
    /// aerobic fitness.
    pub percent: f64,
}

/// Aerobic decoupling (Friel's Pw:HR for power, Pa:HR for pace) of aligned
/// output and heart-rate series.
///
/// Source: Friel, *The Triathlete's Training Bible* / *The Cyclist's Training
/// Bible* (aerobic decoupling; also TrainingPeaks' Pw:HR and Pa:HR). The
/// seconds where both output and heart rate are finite and positive are
/// split into two halves by count (the first ⌊n/2⌋ and the rest), and each
/// half's ratio is mean(output) / mean(HR). Seconds with output 0 (stopped,
/// coasting) are left out: they say nothing about the output a heartbeat buys.
/// TrainingPeaks is often described as using NP (NGP) per half rather than
/// the mean; the mean over moving seconds is Friel's plain description and is
/// what this computes, so expect small differences on variable sessions.
///
/// The slices are read index by index as the same seconds; a longer one's
/// tail is ignored. `None` with fewer than [`DECOUPLING_MIN_PAIRED_S`] paired
/// seconds.
pub fn aerobic_decoupling(output: &[f64], hr: &[f64]) -> Option<Decoupling> {
    let pairs: Vec<(f64, f64)> = output
        .iter()
        .zip(hr)
        .filter(|(o, h)| o.is_finite() && **o > 0.0 && h.is_finite() && **h > 0.0)
        .map(|(o, h)| (*o, *h))
        .collect();
    if pairs.len() < DECOUPLING_MIN_PAIRED_S {
        return None;
    }
    // mean(o)/mean(h) over the same seconds is Σo/Σh.
    let ratio = |s: &[(f64, f64)]| {
        let (o, h) = s
            .iter()
            .fold((0.0, 0.0), |(so, sh), (o, h)| (so + o, sh + h));
        o / h
    };
    let (first, second) = pairs.split_at(pairs.len() / 2);
    let (r1, r2) = (ratio(first), ratio(second));
    Some(Decoupling {
        first_half_ratio: r1,
        second_half_ratio: r2,
        percent: (r1 - r2) / r1 * 100.0,
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn efficiency_factor_hand_vectors() {
        // Cycling: NP 200 W at 140 bpm → 200/140 = 1.428571.
        assert!(close(
            efficiency_factor(200.0, 140.0).unwrap(),
            1.428_571,
            1e-6
        ));
        // Running: 3 m/s = 180 m/min at 150 bpm → 1.2.
        assert!(close(
            running_efficiency_factor(3.0, 150.0).unwrap(),
            1.2,
            1e-12
        ));
        assert_eq!(efficiency_factor(200.0, 0.0), None);
        assert_eq!(efficiency_factor(f64::NAN, 140.0), None);
    }

    #[test]
    fn decoupling_hand_vector() {
        // 20 min steady at 200 W: 10 min at 140 bpm, then 10 min at 147 bpm.
        // Ratios 200/140 = 1.428571 and 200/147 = 1.360544;
        // percent = (1 − 140/147) × 100 = 7/147 × 100 = 4.7619 (under 5 %).
        let p = vec![200.0; 1200];
        let mut hr = vec![140.0; 600];
        hr.extend([147.0; 600]);
        let d = aerobic_decoupling(&p, &hr).unwrap();
        assert!(close(d.first_half_ratio, 1.428_571, 1e-6));
        assert!(close(d.second_half_ratio, 1.360_544, 1e-6));
        assert!(close(d.percent, 4.761_905, 1e-6));
    }

    #[test]
    fn decoupling_pairs_only_moving_seconds_with_both_readings() {
        // 1200 good seconds (first 600 at 250 W/150 bpm, then 250 W/160 bpm)
        // plus, interleaved, seconds that do not pair: a NaN HR, 0 W
        // (coasting), a NaN power. Only the 1200 count, split 600/600:
        // percent = (1 − 150/160) × 100 = 6.25.
        let mut p = Vec::new();
        let mut hr = Vec::new();
        for i in 0..1200 {
            p.push(250.0);
            hr.push(if i < 600 { 150.0 } else { 160.0 });
            if i % 100 == 0 {
                p.extend([250.0, 0.0, f64::NAN]);
                hr.extend([f64::NAN, 120.0, 150.0]);
            }
        }
        let d = aerobic_decoupling(&p, &hr).unwrap();
        assert!(close(d.percent, 6.25, 1e-9));
        // 1199 paired seconds: not enough.
        assert_eq!(aerobic_decoupling(&p[1..], &hr[1..]), None);
    }

    proptest! {
        #[test]
        fn decoupling_ignores_scale_and_is_zero_for_a_constant_ratio(
            hr in prop::collection::vec(100.0f64..190.0, 1200..2000),
            k in 0.5f64..3.0,
            scale in 0.1f64..100.0,
        ) {
            // Output proportional to HR: both halves have ratio k, 0 %.
            let out: Vec<f64> = hr.iter().map(|h| k * h).collect();
            let d = aerobic_decoupling(&out, &hr).unwrap();
            prop_assert!(close(d.first_half_ratio, k, 1e-9));
            prop_assert!(close(d.percent, 0.0, 1e-9));
            // Changing the output's unit changes the ratios, not the percent.
            let wavy: Vec<f64> = hr.iter().enumerate().map(|(i, h)| h * (1.0 + (i as f64 / 50.0).sin() / 4.0)).collect();
            let scaled: Vec<f64> = wavy.iter().map(|o| o * scale).collect();
            let a = aerobic_decoupling(&wavy, &hr).unwrap();
            let b = aerobic_decoupling(&scaled, &hr).unwrap();
            prop_assert!(close(a.percent, b.percent, 1e-9));
        }
    }
}
