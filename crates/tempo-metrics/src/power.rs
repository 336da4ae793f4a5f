//! Cycling power metrics after Coggan & Allen, *Training and Racing with a
//! Power Meter*: normalized power, intensity factor, variability index, TSS,
//! the mean-max (power-duration) curve, and Coggan's seven power levels with
//! time in each.
//!
//! **Gaps and dropouts.** All windows run over *recorded seconds that hold a
//! power value*, concatenated: a pause (a gap in the time axis) and a NaN
//! (dropout) are both skipped, so a 30 s window may straddle a café stop. The
//! alternatives are worse: filling a pause with zeros would drag NP and the
//! curve down for time the athlete was not riding, and restarting the window
//! after every pause would throw away up to 29 s of riding around each stop.
//! Zero watts *are* kept: coasting is riding, and it is what makes NP exceed
//! average power.

use serde::{Deserialize, Serialize};
use tempo_domain::activity::{Channel, Streams};

use crate::{MetricsError, positive, valid_samples};

/// Length of Coggan's rolling window, in samples (seconds at 1 Hz). The 30 s
/// window is the standard one; the reference notes it is not quoted verbatim
/// in its sources.
pub const NP_WINDOW_S: usize = 30;

/// The best-effort durations shown by default: 5 s, 15 s, 30 s, 1, 5, 10, 20,
/// 30 and 60 min.
pub const STANDARD_DURATIONS_S: [u32; 9] = [5, 15, 30, 60, 300, 600, 1200, 1800, 3600];

/// The power samples of an activity: recorded seconds holding a finite value,
/// in order. This is the series every function of this module works on.
pub fn power_samples(streams: &Streams) -> Vec<f64> {
    streams
        .column(Channel::Power)
        .map(|p| p.iter().copied().filter(|v| v.is_finite()).collect())
        .unwrap_or_default()
}

/// Mean of the finite values, `None` if there are none.
pub fn average_power(power: &[f64]) -> Option<f64> {
    let (sum, n) = power
        .iter()
        .filter(|v| v.is_finite())
        .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// Normalized power: NP = (mean((30 s rolling mean of P)⁴))^(1/4).
///
/// Source: Coggan & Allen, *Training and Racing with a Power Meter* (as
/// summarised at pacelore.com, "TSS three ways"). The rolling mean is taken
/// over [`NP_WINDOW_S`] consecutive samples; only full windows are averaged
/// (the first value is the mean of samples 1–30), as in Coggan's description
/// and GoldenCheetah. NaNs are skipped (see the module docs on gaps). `None`
/// when fewer than 30 samples hold a value: a window cannot be filled.
///
/// NP ≥ average power holds for the rolling means (power-mean inequality) but
/// not always for the raw average: full windows give the first and last 29
/// seconds less weight, so a ride whose only effort is in its first seconds
/// can have NP slightly below average power (tested).
pub fn normalized_power(power: &[f64]) -> Option<f64> {
    let p: Vec<f64> = power.iter().copied().filter(|v| v.is_finite()).collect();
    if p.len() < NP_WINDOW_S {
        return None;
    }
    // Running window sum; re-summed every window would be 30× slower. Drift
    // from the subtract/add is ~1e-12 W over a day's ride, far below display.
    let w = NP_WINDOW_S as f64;
    let mut sum: f64 = p[..NP_WINDOW_S].iter().sum();
    let mut acc = (sum / w).powi(4);
    for i in NP_WINDOW_S..p.len() {
        sum += p[i] - p[i - NP_WINDOW_S];
        acc += (sum / w).powi(4);
    }
    let n = (p.len() - NP_WINDOW_S + 1) as f64;
    Some((acc / n).powf(0.25))
}

/// Intensity factor: IF = NP / FTP.
///
/// Source: Coggan & Allen, *Training and Racing with a Power Meter*.
pub fn intensity_factor(np: f64, ftp: f64) -> Result<f64, MetricsError> {
    Ok(np / positive("ftp", ftp)?)
}

/// Variability index: VI = NP / average power. 1.0 for a steady ride; above
/// ~1.05 the ride was stochastic (Coggan & Allen, *Training and Racing with a
/// Power Meter*). `None` when the average is not positive.
pub fn variability_index(np: f64, average: f64) -> Option<f64> {
    (average > 0.0).then(|| np / average)
}

/// Training Stress Score: TSS = (t_s × NP × IF) / (FTP × 3600) × 100, which is
/// hours × IF² × 100, so one hour at FTP scores 100.
///
/// Source: Coggan & Allen, *Training and Racing with a Power Meter* (formula
/// as given at pacelore.com, "TSS three ways"). `duration_s` is the time the
/// NP was computed over: [`PowerSummary`] uses the number of power samples.
pub fn tss(duration_s: f64, np: f64, ftp: f64) -> Result<f64, MetricsError> {
    let if_ = intensity_factor(np, ftp)?;
    Ok(duration_s * np * if_ / (ftp * 3600.0) * 100.0)
}

/// The Coggan metrics of one activity at one FTP.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PowerSummary {
    /// Seconds with a power value.
    pub duration_s: u32,
    pub average_w: f64,
    pub normalized_w: f64,
    pub intensity_factor: f64,
    pub variability_index: Option<f64>,
    pub tss: f64,
}

impl PowerSummary {
    /// All Coggan metrics of a power series (see [`normalized_power`], [`tss`]).
    /// `Ok(None)` when the series is too short for NP.
    pub fn compute(power: &[f64], ftp: f64) -> Result<Option<PowerSummary>, MetricsError> {
        positive("ftp", ftp)?;
        let Some(np) = normalized_power(power) else {
            return Ok(None);
        };
        let avg = average_power(power).unwrap_or(0.0);
        let n = power.iter().filter(|v| v.is_finite()).count();
        Ok(Some(PowerSummary {
            duration_s: u32::try_from(n).unwrap_or(u32::MAX),
            average_w: avg,
            normalized_w: np,
            intensity_factor: intensity_factor(np, ftp)?,
            variability_index: variability_index(np, avg),
            tss: tss(n as f64, np, ftp)?,
        }))
    }

    /// [`PowerSummary::compute`] on the streams' power column.
    pub fn from_streams(streams: &Streams, ftp: f64) -> Result<Option<PowerSummary>, MetricsError> {
        PowerSummary::compute(&power_samples(streams), ftp)
    }
}

/// The best average over every window of exactly `d` samples, for `d` in
/// `1..=max_duration` (index `d − 1`), *without* the envelope that
/// [`mean_max_curve`] applies. Not necessarily monotone: for [10, 0, 10] it is
/// [10, 5, 6.67].
pub fn mean_max_windows(power: &[f64], max_duration: usize) -> Vec<f64> {
    let p: Vec<f64> = power.iter().copied().filter(|v| v.is_finite()).collect();
    let n = p.len();
    let max_d = max_duration.min(n);
    // Prefix sums turn each window into one subtraction; the double loop is
    // O(n × max_d) but branch-free and auto-vectorised (see the bench).
    let prefix = prefix_sums(&p);
    (1..=max_d)
        .map(|d| best_window_sum(&prefix, d) / d as f64)
        .collect()
}

/// `[0, p₀, p₀+p₁, …]`: the sum of any window is one subtraction.
pub(crate) fn prefix_sums(values: &[f64]) -> Vec<f64> {
    let mut prefix = Vec::with_capacity(values.len() + 1);
    prefix.push(0.0);
    let mut s = 0.0;
    for v in values {
        s += v;
        prefix.push(s);
    }
    prefix
}

/// The largest `prefix[i + d] − prefix[i]`: the best sum over `d` consecutive
/// samples, given the prefix sums (`prefix[0] = 0`, length n + 1 ≥ d + 1).
///
/// Eight independent running maxima, merged at the end: each lane is an
/// ordinary compare, so the loop vectorises (a single `f64::max` fold cannot,
/// because reordering it would change which NaN wins; there are no NaN here).
pub(crate) fn best_window_sum(prefix: &[f64], d: usize) -> f64 {
    const LANES: usize = 8;
    let hi = &prefix[d..];
    let lo = &prefix[..prefix.len() - d];
    let mut best = [f64::NEG_INFINITY; LANES];
    let (hi_chunks, lo_chunks) = (hi.chunks_exact(LANES), lo.chunks_exact(LANES));
    let (hi_rest, lo_rest) = (hi_chunks.remainder(), lo_chunks.remainder());
    for (h, l) in hi_chunks.zip(lo_chunks) {
        for k in 0..LANES {
            let v = h[k] - l[k];
            best[k] = if v > best[k] { v } else { best[k] };
        }
    }
    let mut out = best.into_iter().fold(f64::NEG_INFINITY, f64::max);
    for (h, l) in hi_rest.iter().zip(lo_rest) {
        out = out.max(h - l);
    }
    out
}

/// Mean-max (power-duration) curve: for each duration `d` = 1…`max_duration`
/// seconds (index `d − 1`), the best power the athlete showed they can hold
/// for `d` seconds, over recorded seconds only (see the module docs).
///
/// Source: the mean-maximal power curve of Coggan & Allen, *Training and
/// Racing with a Power Meter*; it is the input of the critical-power model
/// (Monod & Scherrer 1965, see [`crate::critical`]).
///
/// The best *window* of exactly `d` seconds is not monotone in `d` (a
/// [10, 0, 10] ride has a best 2 s of 5 W but a best 3 s of 6.67 W). Having
/// held 6.67 W for 3 s shows 6.67 W can be held for 2 s, so the curve is the
/// upper envelope `curve(d) = max over d' ≥ d of window(d')`, which is
/// non-increasing as a power-duration curve must be, and equals the raw window
/// maximum wherever that is already monotone. The curve is shorter than
/// `max_duration` when the ride is.
pub fn mean_max_curve(power: &[f64], max_duration: usize) -> Vec<f64> {
    let mut curve = mean_max_windows(power, max_duration);
    for i in (0..curve.len().saturating_sub(1)).rev() {
        curve[i] = curve[i].max(curve[i + 1]);
    }
    curve
}

/// One best effort: the window of exactly `duration_s` recorded seconds with
/// the highest average power.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PowerEffort {
    pub duration_s: u32,
    pub average_w: f64,
    /// Stream time (seconds from the start) of the window's first second.
    pub start_s: u32,
    /// Stream time of the window's last second; `end_s − start_s + 1` exceeds
    /// `duration_s` when the window straddles a pause.
    pub end_s: u32,
}

/// Best efforts for the [`STANDARD_DURATIONS_S`] that fit in the activity.
///
/// Source: the same mean-maximal windows as [`mean_max_curve`] (Coggan &
/// Allen, *Training and Racing with a Power Meter*), located in the stream so
/// they can be highlighted. These are raw windows, not the envelope: an
/// effort is a real stretch of the ride.
pub fn best_efforts(streams: &Streams) -> Vec<PowerEffort> {
    best_efforts_for(streams, &STANDARD_DURATIONS_S)
}

/// [`best_efforts`] for chosen durations (in seconds); durations longer than
/// the ride are left out.
pub fn best_efforts_for(streams: &Streams, durations_s: &[u32]) -> Vec<PowerEffort> {
    let Some(col) = streams.column(Channel::Power) else {
        return Vec::new();
    };
    let (t, p) = valid_samples(streams.time_s(), col);
    let prefix = prefix_sums(&p);
    durations_s
        .iter()
        .filter_map(|&d| {
            let du = d as usize;
            if du == 0 || du > p.len() {
                return None;
            }
            // The first of equal windows wins: the earliest occurrence.
            let mut best = (f64::NEG_INFINITY, 0usize);
            for i in 0..=p.len() - du {
                let sum = prefix[i + du] - prefix[i];
                if sum > best.0 {
                    best = (sum, i);
                }
            }
            Some(PowerEffort {
                duration_s: d,
                average_w: best.0 / f64::from(d),
                start_s: t[best.1],
                end_s: t[best.1 + du - 1],
            })
        })
        .collect()
}

/// Coggan's level boundaries in % of FTP: the upper end of levels 1–6
/// (active recovery ≤ 55 %, endurance 56–75, tempo 76–90, threshold 91–105,
/// VO2max 106–120, anaerobic 121–150, neuromuscular > 150).
pub const COGGAN_LEVEL_BOUNDS_PCT: [f64; 6] = [55.0, 75.0, 90.0, 105.0, 120.0, 150.0];

/// A power zone model. Zone 0 is everything up to and including
/// `lower_bounds_w[0]`; zone `i` is `(lower_bounds_w[i−1], lower_bounds_w[i]]`;
/// the last zone is everything above the last bound.
///
/// A bound belongs to the zone *below* it (unlike [`crate::heart::HrZones`],
/// whose bounds belong to the zone above), because Coggan's table lists each
/// level with an inclusive upper end in whole percent: 75 % is still
/// "endurance (56–75 %)", 76 % is tempo. On a continuous scale that makes
/// exactly 55 % active recovery and anything above it endurance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PowerZones {
    /// One name per zone (`lower_bounds_w.len() + 1` of them).
    pub names: Vec<String>,
    /// Strictly increasing, in watts. Despite the name (kept parallel to
    /// [`crate::heart::HrZones`]), each value is the exclusive lower edge of
    /// zone `i + 1` and the inclusive upper edge of zone `i`.
    pub lower_bounds_w: Vec<f64>,
}

impl PowerZones {
    /// Coggan's seven power levels at an FTP: bounds at 55, 75, 90, 105, 120
    /// and 150 % of FTP ([`COGGAN_LEVEL_BOUNDS_PCT`]), zones named
    /// "Z1 Active recovery" … "Z7 Neuromuscular".
    ///
    /// Source: Coggan & Allen, *Training and Racing with a Power Meter*
    /// (the levels table, in % of FTP: ≤ 55, 56–75, 76–90, 91–105, 106–120,
    /// 121–150, above 150). Bounds are computed as FTP × pct / 100 so that round
    /// FTPs give round watts (0.55 × 200 is 110.00000000000001 in binary,
    /// 200 × 55 / 100 is 110).
    pub fn coggan(ftp: f64) -> Result<PowerZones, MetricsError> {
        positive("ftp", ftp)?;
        let names = [
            "Z1 Active recovery",
            "Z2 Endurance",
            "Z3 Tempo",
            "Z4 Threshold",
            "Z5 VO2max",
            "Z6 Anaerobic",
            "Z7 Neuromuscular",
        ]
        .map(String::from)
        .to_vec();
        let lower_bounds_w = COGGAN_LEVEL_BOUNDS_PCT
            .iter()
            .map(|pct| ftp * pct / 100.0)
            .collect();
        Ok(PowerZones {
            names,
            lower_bounds_w,
        })
    }

    pub fn len(&self) -> usize {
        self.lower_bounds_w.len() + 1
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    /// The zone index of a power reading (0 = Z1), `None` for NaN. Negative
    /// readings (a meter glitch) fall in the lowest zone.
    pub fn zone_of(&self, watts: f64) -> Option<usize> {
        (!watts.is_nan()).then(|| self.lower_bounds_w.partition_point(|&b| b < watts))
    }
}

/// Seconds spent in each power zone (index as in [`PowerZones`]), over the
/// finite samples: every such second lands in exactly one zone, so the sum is
/// the number of finite samples. Zero watts (coasting) counts, in Z1.
///
/// Source: Coggan's levels ([`PowerZones::coggan`]); time in zone as in
/// [`crate::heart::time_in_zones`].
pub fn time_in_power_zones(power: &[f64], zones: &PowerZones) -> Vec<u32> {
    let mut secs = vec![0u32; zones.len()];
    for z in power
        .iter()
        .filter(|p| p.is_finite())
        .filter_map(|&p| zones.zone_of(p))
    {
        secs[z] += 1;
    }
    secs
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
    fn constant_hour_at_200w_with_ftp_250() {
        // NP of a constant series is the constant: every rolling mean is 200,
        // (200⁴)^(1/4) = 200. IF = 200/250 = 0.8.
        // TSS = 3600 × 200 × 0.8 / (250 × 3600) × 100 = 160/250 × 100 = 64.
        let p = vec![200.0; 3600];
        let s = PowerSummary::compute(&p, 250.0).unwrap().unwrap();
        assert!(close(s.normalized_w, 200.0, 1e-9));
        assert!(close(s.intensity_factor, 0.8, 1e-12));
        assert!(close(s.tss, 64.0, 1e-9));
        assert_eq!(s.variability_index, Some(1.0));
        assert_eq!(s.duration_s, 3600);
    }

    #[test]
    fn one_hour_at_ftp_is_100_tss() {
        // hours × IF² × 100 = 1 × 1 × 100.
        assert!(close(tss(3600.0, 250.0, 250.0).unwrap(), 100.0, 1e-12));
        // 30 min at IF 1.2: 0.5 × 1.44 × 100 = 72.
        assert!(close(tss(1800.0, 300.0, 250.0).unwrap(), 72.0, 1e-9));
    }

    #[test]
    fn np_of_alternating_blocks() {
        // 60 s at 300 W then 60 s at 100 W (120 samples, 91 full windows).
        // Windows 1..=31 (start 0..30) are all 300 W, except the window
        // starting at 30 still only covers 30..59 → 300. Start s in 0..=30:
        // all-300 (31 windows). Start s in 31..=59: (60−s)×300 + (s−30)×100
        // over 30 → 300 − (s−30)×200/30. Start 60..=90: 100 (31 windows).
        // Σ rolling⁴ = 31×300⁴ + 31×100⁴ + Σ_{k=1}^{29} (300 − 20k/3)⁴.
        let mut p = vec![300.0; 60];
        p.extend(vec![100.0; 60]);
        let mut acc = 31.0 * 300f64.powi(4) + 31.0 * 100f64.powi(4);
        for k in 1..=29 {
            acc += (300.0 - 20.0 * f64::from(k) / 3.0).powi(4);
        }
        let expected = (acc / 91.0).powf(0.25);
        let np = normalized_power(&p).unwrap();
        assert!(close(np, expected, 1e-9), "{np} vs {expected}");
        // Evaluated: 244.04 W, well above the 200 W average.
        assert!(close(np, 244.04, 0.01), "{np}");
        assert!(close(
            variability_index(np, average_power(&p).unwrap()).unwrap(),
            np / 200.0,
            1e-12
        ));
    }

    #[test]
    fn np_needs_a_full_window_and_skips_dropouts() {
        assert_eq!(normalized_power(&[200.0; 29]), None);
        assert!(normalized_power(&[200.0; 30]).is_some());
        // A NaN is skipped, not read as 0 W: NP stays 200.
        let mut p = vec![200.0; 40];
        p[10] = f64::NAN;
        assert!(close(normalized_power(&p).unwrap(), 200.0, 1e-9));
        assert!(PowerSummary::compute(&p, 0.0).is_err());
    }

    #[test]
    fn np_can_fall_below_average_power_at_the_edges() {
        // Why the NP ≥ average property is tested on padded rides: with full
        // windows only, the first and last 29 samples weigh less. [1000, 0×30]
        // has windows [1000 + 0×29]/30 = 33.33 and 0, so
        // NP = (33.33⁴ / 2)^(1/4) = 33.33 × 0.8409 = 28.03,
        // while the average is 1000/31 = 32.26.
        let mut p = vec![1000.0];
        p.extend([0.0; 30]);
        let np = normalized_power(&p).unwrap();
        assert!(close(np, 1000.0 / 30.0 * 0.5f64.powf(0.25), 1e-9));
        assert!(np < average_power(&p).unwrap());
    }

    #[test]
    fn mean_max_hand_vectors() {
        // [10, 0, 10]: windows 1 s → 10, 2 s → max(5, 5) = 5, 3 s → 20/3.
        let raw = mean_max_windows(&[10.0, 0.0, 10.0], 5);
        assert_eq!(raw.len(), 3);
        assert!(close(raw[1], 5.0, 1e-12) && close(raw[2], 20.0 / 3.0, 1e-12));
        // The envelope lifts 2 s to 20/3: held for 3 s means held for 2 s.
        let c = mean_max_curve(&[10.0, 0.0, 10.0], 5);
        assert!(close(c[0], 10.0, 1e-12));
        assert!(close(c[1], 20.0 / 3.0, 1e-12));
        assert!(close(c[2], 20.0 / 3.0, 1e-12));
        // [100, 400, 300, 0]: 1 s → 400; 2 s → (400+300)/2 = 350;
        // 3 s → (100+400+300)/3 = 266.67; 4 s → 800/4 = 200.
        let c = mean_max_curve(&[100.0, 400.0, 300.0, 0.0], 4);
        assert!(close(c[0], 400.0, 1e-12));
        assert!(close(c[1], 350.0, 1e-12));
        assert!(close(c[2], 800.0 / 3.0, 1e-12));
        assert!(close(c[3], 200.0, 1e-12));
    }

    #[test]
    fn best_efforts_skip_pauses_and_report_stream_times() {
        // 0..=9 at 100 W, pause, 100..=109 at 300 W except 105 at 500 W.
        let mut time: Vec<u32> = (0..10).collect();
        time.extend(100..110);
        let mut p = vec![100.0; 10];
        p.extend(vec![300.0; 10]);
        p[15] = 500.0;
        let s = Streams::from_columns(time, BTreeMap::from([(Channel::Power, p)])).unwrap();
        let e = best_efforts_for(&s, &[1, 5, 15, 60]);
        assert_eq!(e.len(), 3, "60 s does not fit in 20 recorded seconds");
        // 1 s: 500 W at t = 105.
        assert_eq!(
            (e[0].average_w, e[0].start_s, e[0].end_s),
            (500.0, 105, 105)
        );
        // 5 s: the first window holding the 500 is 101..=105: (4×300+500)/5 = 340.
        assert_eq!(
            (e[1].average_w, e[1].start_s, e[1].end_s),
            (340.0, 101, 105)
        );
        // 15 s: the last 15 samples, 5..=9 and 100..=109 across the pause:
        // (5×100 + 9×300 + 500)/15 = 3700/15 = 246.67.
        assert!(close(e[2].average_w, 3700.0 / 15.0, 1e-9));
        assert_eq!((e[2].start_s, e[2].end_s), (5, 109));
    }

    #[test]
    fn coggan_levels_at_250_w() {
        // FTP 250: bounds 250 × 55/100 = 137.5, 187.5, 225, 262.5, 300, 375.
        let z = PowerZones::coggan(250.0).unwrap();
        assert_eq!(
            z.lower_bounds_w,
            vec![137.5, 187.5, 225.0, 262.5, 300.0, 375.0]
        );
        assert_eq!(z.len(), 7);
        assert_eq!(z.names[0], "Z1 Active recovery");
        assert_eq!(z.names[6], "Z7 Neuromuscular");
        // A bound belongs to the level below: 137.5 W (55 %) is Z1, 187.5 W
        // (75 %) is still Z2, 375 W (150 %) Z6, 375.1 W Z7.
        assert_eq!(z.zone_of(137.5), Some(0));
        assert_eq!(z.zone_of(137.6), Some(1));
        assert_eq!(z.zone_of(187.5), Some(1));
        assert_eq!(z.zone_of(375.0), Some(5));
        assert_eq!(z.zone_of(375.1), Some(6));
        assert_eq!(z.zone_of(0.0), Some(0));
        assert_eq!(z.zone_of(f64::NAN), None);
        // Round FTP, round watts: 200 × 55/100 = 110 exactly, so 110 W is Z1.
        assert_eq!(PowerZones::coggan(200.0).unwrap().zone_of(110.0), Some(0));
        assert!(PowerZones::coggan(0.0).is_err());
        // [0, NaN, 200, 250, 250, 400] at FTP 250: 0 → Z1, 200 (80 %) → Z3,
        // 250 (100 %) → Z4 twice, 400 (160 %) → Z7; the NaN is no time.
        let t = time_in_power_zones(&[0.0, f64::NAN, 200.0, 250.0, 250.0, 400.0], &z);
        assert_eq!(t, vec![1, 0, 1, 2, 0, 0, 1]);
    }

    proptest! {
        #[test]
        fn time_in_power_zones_sums_to_finite_samples(
            p in prop::collection::vec(
                prop_oneof![Just(f64::NAN), Just(f64::INFINITY), 0.0f64..1500.0],
                0..500,
            ),
            ftp in 100.0f64..450.0,
        ) {
            let zones = PowerZones::coggan(ftp).unwrap();
            let t = time_in_power_zones(&p, &zones);
            prop_assert_eq!(t.len(), zones.names.len());
            let finite = p.iter().filter(|v| v.is_finite()).count() as u32;
            prop_assert_eq!(t.iter().sum::<u32>(), finite);
        }

        #[test]
        fn np_is_at_least_the_mean_of_its_rolling_averages(
            p in prop::collection::vec(0.0f64..1500.0, 30..400),
        ) {
            // Power-mean inequality: a 4-mean is at least the arithmetic mean
            // of the same values (the rolling 30 s means).
            let np = normalized_power(&p).unwrap();
            let rolling: Vec<f64> = p.windows(NP_WINDOW_S).map(|w| w.iter().sum::<f64>() / 30.0).collect();
            let rolling_mean = rolling.iter().sum::<f64>() / rolling.len() as f64;
            prop_assert!(np + 1e-9 >= rolling_mean);
        }

        #[test]
        fn np_is_at_least_average_power_for_a_padded_ride(
            p in prop::collection::vec(0.0f64..1500.0, 1..400),
        ) {
            // With 29 s of the ride's own average on each side, the full
            // windows weight every original sample equally, so NP ≥ average
            // power holds exactly (power-mean inequality).
            let avg = average_power(&p).unwrap();
            let mut q = vec![avg; NP_WINDOW_S - 1];
            q.extend(&p);
            q.extend(vec![avg; NP_WINDOW_S - 1]);
            let np = normalized_power(&q).unwrap();
            prop_assert!(np + 1e-9 * avg.max(1.0) >= average_power(&q).unwrap());
            prop_assert!(np + 1e-9 * avg.max(1.0) >= avg);
        }

        #[test]
        fn mean_max_curve_is_non_increasing_and_bounds_the_windows(
            p in prop::collection::vec(0.0f64..1500.0, 1..300),
        ) {
            let c = mean_max_curve(&p, 400);
            let raw = mean_max_windows(&p, 400);
            prop_assert_eq!(c.len(), p.len());
            prop_assert!(c.windows(2).all(|w| w[1] <= w[0]));
            prop_assert!(c.iter().zip(&raw).all(|(c, r)| c >= r));
            let max = p.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            prop_assert!(close(c[0], max, 1e-9));
            let avg = average_power(&p).unwrap();
            prop_assert!(close(*c.last().unwrap(), avg, 1e-6));
        }
    }
}
