//! The two-parameter critical-power model and W′ balance.
//!
//! Monod & Scherrer's model: work = CP·t + W′ (equivalently P(t) = W′/t + CP).
//! Above CP the athlete spends a finite reserve W′; below it they recover.
//! The same linear model with distance for work gives critical speed and D′.

use serde::{Deserialize, Serialize};

use crate::{MetricsError, positive};

/// Durations the fit uses by default when reading a mean-max curve: 2, 3, 5,
/// 10, 15 and 20 min. The 2–20 min range is typical practice, not sourced in
/// the reference: shorter efforts are limited by other systems, longer ones by
/// fatigue the two-parameter model ignores.
pub const CP_FIT_DURATIONS_S: [usize; 6] = [120, 180, 300, 600, 900, 1200];

/// A least-squares fit of work = critical × t + capacity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CriticalFit {
    /// CP in watts, or CS in m/s: the slope.
    pub critical: f64,
    /// W′ in joules, or D′ in metres: the intercept.
    pub capacity: f64,
    /// Standard error of the slope; `None` with only two points (an exact
    /// line through two points says nothing about its own uncertainty).
    pub critical_se: Option<f64>,
    /// Standard error of the intercept; `None` with two points.
    pub capacity_se: Option<f64>,
    /// Coefficient of determination of the work–time regression.
    pub r_squared: f64,
    pub points: usize,
}

/// Ordinary least squares of work on time with the textbook standard errors:
/// s² = SSE/(n − 2), SE(slope) = s/√Sxx, SE(intercept) = s·√(1/n + t̄²/Sxx).
fn fit_work_time(points: &[(f64, f64)]) -> Result<CriticalFit, MetricsError> {
    if points.len() < 2 {
        return Err(MetricsError::NotEnoughData(
            "at least two efforts are needed",
        ));
    }
    for &(t, w) in points {
        positive("duration", t)?;
        positive("work", w)?;
    }
    let n = points.len() as f64;
    let tm = points.iter().map(|p| p.0).sum::<f64>() / n;
    let wm = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - tm).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - tm) * (p.1 - wm)).sum();
    let syy: f64 = points.iter().map(|p| (p.1 - wm).powi(2)).sum();
    if sxx <= 0.0 {
        return Err(MetricsError::NotEnoughData(
            "efforts must have different durations",
        ));
    }
    let slope = sxy / sxx;
    let intercept = wm - slope * tm;
    let sse: f64 = points
        .iter()
        .map(|p| (p.1 - (slope * p.0 + intercept)).powi(2))
        .sum();
    let (critical_se, capacity_se) = if points.len() > 2 {
        let s = (sse / (n - 2.0)).sqrt();
        (
            Some(s / sxx.sqrt()),
            Some(s * (1.0 / n + tm * tm / sxx).sqrt()),
        )
    } else {
        (None, None)
    };
    Ok(CriticalFit {
        critical: slope,
        capacity: intercept,
        critical_se,
        capacity_se,
        r_squared: if syy > 0.0 { 1.0 - sse / syy } else { 1.0 },
        points: points.len(),
    })
}

/// Critical power and W′ from (duration s, mean power W) efforts, by least
/// squares on the linear work–time model work = CP·t + W′.
///
/// Source: Monod & Scherrer 1965, "The work capacity of a synergic muscular
/// group", *Ergonomics* 8:329–338 (two-parameter model as in reference §2).
/// Fitting work on time (rather than power on 1/t) is the linear form the
/// reference gives; both are common and weigh the points differently.
pub fn critical_power(efforts: &[(f64, f64)]) -> Result<CriticalFit, MetricsError> {
    let work: Vec<(f64, f64)> = efforts.iter().map(|&(t, p)| (t, p * t)).collect();
    fit_work_time(&work)
}

/// [`critical_power`] on a mean-max curve (index = duration − 1, as from
/// [`crate::power::mean_max_curve`]) at the given durations; durations beyond
/// the curve are skipped.
pub fn critical_power_from_curve(
    curve: &[f64],
    durations_s: &[usize],
) -> Result<CriticalFit, MetricsError> {
    let pts: Vec<(f64, f64)> = durations_s
        .iter()
        .filter(|&&d| d >= 1 && d <= curve.len())
        .map(|&d| (d as f64, curve[d - 1]))
        .collect();
    critical_power(&pts)
}

/// Critical speed (m/s) and D′ (m) from (distance m, time s) best efforts:
/// distance = CS·t + D′ by least squares.
///
/// Source: the Monod & Scherrer 1965 two-parameter model applied to running
/// (reference §2: "the same model applies to critical speed with D′").
pub fn critical_speed(efforts: &[(f64, f64)]) -> Result<CriticalFit, MetricsError> {
    let pts: Vec<(f64, f64)> = efforts.iter().map(|&(d, t)| (t, d)).collect();
    fit_work_time(&pts)
}

/// W′ balance over an activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WBalance {
    /// Joules left at each sample (same length as the input).
    pub balance_j: Vec<f64>,
    /// The lowest balance reached.
    pub min_j: f64,
    /// Stream time of the lowest balance (the first, if reached twice).
    pub min_at_s: u32,
    /// The recovery time constant used (integral form only; `None` for the
    /// differential form, which has none).
    pub tau_s: Option<f64>,
}

fn check_wbal(time_s: &[u32], power: &[f64], cp: f64, w_prime: f64) -> Result<(), MetricsError> {
    positive("cp", cp)?;
    positive("w_prime", w_prime)?;
    if time_s.len() != power.len() {
        return Err(MetricsError::InvalidParameter {
            name: "power",
            value: power.len() as f64,
            expected: "as long as the time axis",
        });
    }
    Ok(())
}

fn finish(time_s: &[u32], balance_j: Vec<f64>, tau_s: Option<f64>, w_prime: f64) -> WBalance {
    let (mut min_j, mut min_at_s) = (w_prime, time_s.first().copied().unwrap_or(0));
    for (t, b) in time_s.iter().zip(&balance_j) {
        if *b < min_j {
            (min_j, min_at_s) = (*b, *t);
        }
    }
    WBalance {
        balance_j,
        min_j,
        min_at_s,
        tau_s,
    }
}

/// W′ balance, integral form: W′bal(t) = W′ − Σ_{u ≤ t} W′exp(u)·e^(−(t−u)/τ),
/// with W′exp(u) = max(0, P(u) − CP) joules per second and
/// τ = 546·e^(−0.01·D_CP) + 316 s, D_CP = CP − mean power of the samples
/// below CP.
///
/// Source: Skiba, Chidnok, Vanhatalo & Jones 2012, "Modeling the expenditure
/// and reconstitution of work capacity above critical power", *Med Sci Sports
/// Exerc* 44(8):1526–1532 (form as in `faweigend/pypermod`
/// wbal_int_agent_skiba.py, reference §2).
///
/// The sum is kept as a running value decayed by e^(−Δt/τ) per step, which is
/// the same sum in O(n). Δt is measured on the time axis, so recovery goes on
/// through a pause (the athlete is resting); NaN power spends nothing. When no
/// sample is below CP, D_CP is taken as 0 (τ = 862 s, the slowest recovery):
/// the conservative choice, and nothing recovers at below-CP power then anyway.
pub fn w_prime_balance(
    time_s: &[u32],
    power: &[f64],
    cp: f64,
    w_prime: f64,
) -> Result<WBalance, MetricsError> {
    check_wbal(time_s, power, cp, w_prime)?;
    let below: Vec<f64> = power.iter().copied().filter(|p| *p < cp).collect();
    let d_cp = if below.is_empty() {
        0.0
    } else {
        cp - below.iter().sum::<f64>() / below.len() as f64
    };
    let tau = 546.0 * (-0.01 * d_cp).exp() + 316.0;
    let mut spent = 0.0;
    let mut prev: Option<u32> = None;
    let balance = time_s
        .iter()
        .zip(power)
        .map(|(&t, &p)| {
            if let Some(pt) = prev {
                spent *= (-f64::from(t - pt) / tau).exp();
            }
            prev = Some(t);
            if p.is_finite() {
                spent += (p - cp).max(0.0);
            }
            w_prime - spent
        })
        .collect();
    Ok(finish(time_s, balance, Some(tau), w_prime))
}

/// W′ balance, differential form, one step per second:
/// above CP, W′bal ← W′bal − (P − CP)·Δt; at or below CP,
/// W′bal ← W′ − (W′ − W′bal)·e^(−(CP − P)·Δt / W′).
///
/// Source: Skiba, Fulford, Clarke & Skiba 2015, "Intramuscular determinants of
/// the ability to recover work capacity above critical power", *Eur J Appl
/// Physiol* 115(4):703–713, as cited by pypermod's `CpAgentSkiba2015`. The
/// reference gives the paper as MSSE and asks to verify the equation against
/// it, which was not possible here. A pause of g seconds counts as g − 1
/// seconds at 0 W (recovery); a NaN sample counts as 0 W.
pub fn w_prime_balance_differential(
    time_s: &[u32],
    power: &[f64],
    cp: f64,
    w_prime: f64,
) -> Result<WBalance, MetricsError> {
    check_wbal(time_s, power, cp, w_prime)?;
    let recover =
        |bal: f64, p: f64, dt: f64| w_prime - (w_prime - bal) * (-(cp - p) * dt / w_prime).exp();
    let mut bal = w_prime;
    let mut prev: Option<u32> = None;
    let balance = time_s
        .iter()
        .zip(power)
        .map(|(&t, &p)| {
            if let Some(pt) = prev
                && t - pt > 1
            {
                bal = recover(bal, 0.0, f64::from(t - pt - 1));
            }
            prev = Some(t);
            let p = if p.is_finite() { p } else { 0.0 };
            bal = if p > cp {
                bal - (p - cp)
            } else {
                recover(bal, p, 1.0)
            };
            bal
        })
        .collect();
    Ok(finish(time_s, balance, None, w_prime))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn exact_points_give_cp_and_w_prime() {
        // CP 250 W, W′ 20 kJ: P(t) = 20000/t + 250 → 180 s: 361.11 W,
        // 300 s: 316.67 W, 720 s: 277.78 W. The fit is exact, SE 0.
        let pts: Vec<(f64, f64)> = [180.0, 300.0, 720.0]
            .iter()
            .map(|&t| (t, 20_000.0 / t + 250.0))
            .collect();
        let f = critical_power(&pts).unwrap();
        assert!(close(f.critical, 250.0, 1e-9) && close(f.capacity, 20_000.0, 1e-6));
        assert!(f.critical_se.unwrap() < 1e-6 && close(f.r_squared, 1.0, 1e-12));
        // Two points: a line, no standard error.
        let f2 = critical_power(&pts[..2]).unwrap();
        assert!(close(f2.critical, 250.0, 1e-9));
        assert_eq!(f2.critical_se, None);
        assert!(critical_power(&pts[..1]).is_err());
        assert!(critical_power(&[(300.0, 300.0), (300.0, 310.0)]).is_err());
    }

    #[test]
    fn noisy_points_standard_errors() {
        // Work = 250 t + 20000 + e, t = 100, 200, 300, e = +10, −20, +10.
        // e sums to 0 and is orthogonal to t − t̄ = (−100, 0, 100), so the fit is
        // still CP 250, W′ 20000. SSE = 100 + 400 + 100 = 600, s² = 600/(3 − 2),
        // Sxx = 20000: SE(CP) = √(600/20000) = √0.03 = 0.173205;
        // SE(W′) = √600 × √(1/3 + 200²/20000) = √(600 × 7/3) = √1400 = 37.4166.
        let work = [(100.0, 45_010.0), (200.0, 69_980.0), (300.0, 95_010.0)];
        let pts: Vec<(f64, f64)> = work.iter().map(|&(t, w)| (t, w / t)).collect();
        let f = critical_power(&pts).unwrap();
        assert!(close(f.critical, 250.0, 1e-9));
        assert!(close(f.capacity, 20_000.0, 1e-6));
        assert!(close(f.critical_se.unwrap(), 0.173_205, 1e-6));
        assert!(close(f.capacity_se.unwrap(), 37.416_6, 1e-4));
    }

    #[test]
    fn critical_speed_hand_vector() {
        // CS 4 m/s, D′ 200 m: 1200 m in 250 s, 3000 m in 700 s, 5000 m in 1200 s
        // (4 × 250 + 200 = 1200, 4 × 700 + 200 = 3000, 4 × 1200 + 200 = 5000).
        let f = critical_speed(&[(1200.0, 250.0), (3000.0, 700.0), (5000.0, 1200.0)]).unwrap();
        assert!(close(f.critical, 4.0, 1e-12) && close(f.capacity, 200.0, 1e-9));
    }

    #[test]
    fn cp_from_a_model_curve() {
        // A curve that is exactly P(d) = 15000/d + 300 recovers CP 300, W′ 15 kJ.
        let curve: Vec<f64> = (1..=1200)
            .map(|d| 15_000.0 / f64::from(d) + 300.0)
            .collect();
        let f = critical_power_from_curve(&curve, &CP_FIT_DURATIONS_S).unwrap();
        assert_eq!(f.points, 6);
        assert!(close(f.critical, 300.0, 1e-9) && close(f.capacity, 15_000.0, 1e-6));
    }

    #[test]
    fn w_prime_balance_integral_hand_vector() {
        // CP 200, W′ 20000; 10 s at 300 W then 10 s at 100 W.
        // D_CP = 200 − 100 = 100 → τ = 546 e^(−1) + 316 = 200.862 + 316 = 516.862 s.
        // r = e^(−1/τ) = 0.998067. At t = 9: spent = 100 × (1 − r¹⁰)/(1 − r)
        // = 100 × 9.913467 = 991.347 → W′bal = 19008.653 (the minimum).
        // At t = 19: spent × r¹⁰ = 991.347 × 0.980838 = 972.351 → 19027.649.
        let time: Vec<u32> = (0..20).collect();
        let mut p = vec![300.0; 10];
        p.extend([100.0; 10]);
        let w = w_prime_balance(&time, &p, 200.0, 20_000.0).unwrap();
        let tau = 546.0 * (-1.0f64).exp() + 316.0;
        assert!(close(w.tau_s.unwrap(), tau, 1e-9) && close(tau, 516.862, 1e-3));
        let r = (-1.0 / tau).exp();
        let spent9 = 100.0 * (1.0 - r.powi(10)) / (1.0 - r);
        assert!(close(spent9, 991.347, 1e-3));
        assert!(close(w.min_j, 20_000.0 - spent9, 1e-9));
        assert_eq!(w.min_at_s, 9);
        assert!(close(w.balance_j[19], 20_000.0 - spent9 * r.powi(10), 1e-9));
        assert!(close(w.balance_j[19], 19_027.649, 1e-3));
    }

    #[test]
    fn w_prime_balance_differential_hand_vector() {
        // CP 200, W′ 20000: 10 s at 300 W spends 10 × 100 = 1000 → 19000.
        // 1 s at 100 W: 20000 − 1000 × e^(−100/20000) = 20000 − 995.012 = 19004.988.
        // Then the next sample is at t = 20 after one at t = 10: the 9 missing
        // seconds count as 9 s at 0 W: deficit 995.012 × e^(−200·9/20000)
        // = 995.012 × 0.913931 = 909.373, then 1 s at 100 W:
        // 909.373 × e^(−0.005) = 904.837 → 19095.163.
        let time: Vec<u32> = (0..11).chain([20]).collect();
        let mut p = vec![300.0; 10];
        p.extend([100.0, 100.0]);
        let w = w_prime_balance_differential(&time, &p, 200.0, 20_000.0).unwrap();
        assert!(close(w.balance_j[9], 19_000.0, 1e-9));
        assert!(close(w.balance_j[10], 19_004.988, 1e-3));
        assert!(close(w.balance_j[11], 19_095.163, 1e-3));
        assert_eq!((w.min_j, w.min_at_s), (19_000.0, 9));
    }

    proptest! {
        #[test]
        fn w_prime_balance_stays_at_most_w_prime_and_min_is_the_minimum(
            p in prop::collection::vec(0.0f64..800.0, 1..400),
        ) {
            let time: Vec<u32> = (0..p.len() as u32).collect();
            for w in [
                w_prime_balance(&time, &p, 250.0, 20_000.0).unwrap(),
                w_prime_balance_differential(&time, &p, 250.0, 20_000.0).unwrap(),
            ] {
                prop_assert!(w.balance_j.iter().all(|b| *b <= 20_000.0 + 1e-9));
                let m = w.balance_j.iter().copied().fold(f64::INFINITY, f64::min);
                prop_assert!(close(w.min_j, m.min(20_000.0), 1e-9));
            }
        }
    }
}
