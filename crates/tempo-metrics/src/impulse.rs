//! Banister's impulse-response (fitness–fatigue) model, fitted to the
//! athlete's own performances.
//!
//! Performance on day t is a baseline plus a fitness term minus a fatigue
//! term, each a sum of the past daily loads decaying exponentially:
//!
//! p(t) = p0 + k1·Σ_{s<t} w(s)·e^(−(t−s)/τ1) − k2·Σ_{s<t} w(s)·e^(−(t−s)/τ2)
//!
//! Coggan's PMC ([`crate::load`]) is this model with the constants fixed
//! (τ1 = 42, τ2 = 7 days, k1 = k2); here they are fitted per athlete, which is
//! what Banister proposed. With loads in TSS and performances on any scale
//! (a test power, a VDOT, a race score), k1 and k2 are in performance units
//! per unit of load.
//!
//! **Day convention.** `daily_loads[s]` is the load of day `s` (0-based) and
//! a performance on day `t` is affected by the loads of days *before* t only
//! (s < t): a test on day t is done before, or as, that day's training, and
//! the same-day load has not had a day to act. This is the discrete form of
//! Morton et al. 1990 and Busso's work (sum to n − 1). Days past the end of
//! `daily_loads` are rest days (load 0), so [`ImpulseResponse::predict`] can
//! look ahead into a taper. A NaN or negative load counts as 0, as in the PMC.
//!
//! Not in the project reference (§2 cites Banister 1975 only for TRIMP and
//! the PMC); sources are given on each item.

use serde::{Deserialize, Serialize};

use crate::MetricsError;

/// The fitness time constants searched, days (inclusive, whole days; then
/// refined to 0.1 day). Published fits fall around 40–50 days, with single
/// athletes from ~20 to ~60 (Morton et al. 1990; Busso et al. 1991).
pub const FITNESS_TAU_DAYS: (u32, u32) = (20, 60);

/// The fatigue time constants searched, days (inclusive, τ2 < τ1). Published
/// fits are mostly 5–15 days.
pub const FATIGUE_TAU_DAYS: (u32, u32) = (3, 20);

/// Fewest performances [`fit_impulse_response`] accepts: one per free
/// parameter (p0, k1, k2, τ1, τ2). More are needed for a fit that means much.
pub const MIN_PERFORMANCES: usize = 5;

/// One athlete's impulse-response model.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ImpulseResponse {
    /// Baseline performance (no training history).
    pub p0: f64,
    /// Fitness gain per unit of load.
    pub k1: f64,
    /// Fatigue gain per unit of load.
    pub k2: f64,
    /// Fitness decay time constant, days.
    pub tau1: f64,
    /// Fatigue decay time constant, days.
    pub tau2: f64,
}

fn clean_load(w: f64) -> f64 {
    if w.is_finite() { w.max(0.0) } else { 0.0 }
}

/// g[t] = Σ_{s<t} w(s)·e^(−(t−s)/τ) for t = 0…len, by the recursion
/// g[t+1] = (g[t] + w(t))·e^(−1/τ): one pass, O(len).
fn impulse_series(loads: &[f64], tau: f64) -> Vec<f64> {
    let r = (-1.0 / tau).exp();
    let mut g = Vec::with_capacity(loads.len() + 1);
    let mut acc = 0.0;
    g.push(acc);
    for &w in loads {
        acc = (acc + clean_load(w)) * r;
        g.push(acc);
    }
    g
}

/// g at any day: past the loads, the last value keeps decaying (rest days).
fn impulse_at(g: &[f64], tau: f64, day: usize) -> f64 {
    let last = g.len() - 1;
    if day <= last {
        g[day]
    } else {
        g[last] * (-((day - last) as f64) / tau).exp()
    }
}

impl ImpulseResponse {
    /// Predicted performance on day `day` (an index into `daily_loads`, or
    /// past its end for a prediction with rest days): p0 + k1·fitness −
    /// k2·fatigue with the loads of days strictly before `day`.
    ///
    /// Source: Banister, Calvert, Savage & Bach 1975, "A systems model of
    /// training for athletic performance", *Aust J Sports Med* 7:170–176;
    /// discrete form as in Morton, Fitz-Clarke & Banister 1990, "Modeling
    /// human performance in running", *J Appl Physiol* 69:1171–1177.
    pub fn predict(&self, daily_loads: &[f64], day: usize) -> f64 {
        let loads = &daily_loads[..day.min(daily_loads.len())];
        let fitness = impulse_at(&impulse_series(loads, self.tau1), self.tau1, day);
        let fatigue = impulse_at(&impulse_series(loads, self.tau2), self.tau2, day);
        self.p0 + self.k1 * fitness - self.k2 * fatigue
    }

    /// [`predict`](Self::predict) for every day 0…`days − 1` in one O(days)
    /// pass, for charting.
    pub fn predict_days(&self, daily_loads: &[f64], days: usize) -> Vec<f64> {
        let g1 = impulse_series(daily_loads, self.tau1);
        let g2 = impulse_series(daily_loads, self.tau2);
        (0..days)
            .map(|t| {
                self.p0 + self.k1 * impulse_at(&g1, self.tau1, t)
                    - self.k2 * impulse_at(&g2, self.tau2, t)
            })
            .collect()
    }
}

/// A fitted model and how well it fits.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ImpulseFit {
    pub model: ImpulseResponse,
    /// Root-mean-square residual over the performances used, in performance
    /// units.
    pub rmse: f64,
    /// Performances used (those with a finite value).
    pub points: usize,
}

/// The finite performances as (day, value).
fn usable(performances: &[(usize, f64)]) -> Vec<(usize, f64)> {
    performances
        .iter()
        .copied()
        .filter(|(_, p)| p.is_finite())
        .collect()
}

/// Fitness (or fatigue) impulse at each performance day for one τ.
fn column(daily_loads: &[f64], performances: &[(usize, f64)], tau: f64) -> Vec<f64> {
    let g = impulse_series(daily_loads, tau);
    performances
        .iter()
        .map(|&(d, _)| impulse_at(&g, tau, d))
        .collect()
}

/// Least squares of y = p0 + k1·a − k2·b subject to k1, k2 ≥ 0, returning
/// (p0, k1, k2, SSE).
///
/// The unconstrained problem is solved on centred columns (p0 drops out; the
/// 2×2 normal equations are far better conditioned than the raw 3×3, as the
/// impulses are large and correlated). The constraint is handled exactly by
/// enumerating the active sets: both free, k2 = 0, k1 = 0, both 0. The
/// problem is convex, so the best *feasible* one of these four solutions is
/// the constrained optimum. Ties keep the first candidate in that order.
fn nonneg_least_squares(y: &[f64], a: &[f64], b: &[f64]) -> (f64, f64, f64, f64) {
    let n = y.len() as f64;
    let mean = |v: &[f64]| v.iter().sum::<f64>() / n;
    let (ym, am, bm) = (mean(y), mean(a), mean(b));
    let (mut saa, mut sbb, mut sab, mut say, mut sby) = (0.0, 0.0, 0.0, 0.0, 0.0);
    let (mut raw_a, mut raw_b) = (0.0, 0.0);
    for ((y, a), b) in y.iter().zip(a).zip(b) {
        let (yc, ac, bc) = (y - ym, a - am, b - bm);
        saa += ac * ac;
        sbb += bc * bc;
        sab += ac * bc;
        say += ac * yc;
        sby += bc * yc;
        raw_a += a * a;
        raw_b += b * b;
    }
    // A column constant over the performance days (to rounding) carries no
    // information apart from p0.
    let a_varies = saa > 1e-18 * raw_a;
    let b_varies = sbb > 1e-18 * raw_b;
    let mut candidates: Vec<(f64, f64)> = Vec::with_capacity(4);
    if a_varies && b_varies {
        let det = saa * sbb - sab * sab;
        if det > 1e-12 * saa * sbb {
            // Coefficients of a and of b; the model's k2 is minus the latter.
            let k1 = (say * sbb - sby * sab) / det;
            let k2 = -(saa * sby - sab * say) / det;
            if k1 >= 0.0 && k2 >= 0.0 {
                candidates.push((k1, k2));
            }
        }
    }
    if a_varies && say >= 0.0 {
        candidates.push((say / saa, 0.0));
    }
    if b_varies && sby <= 0.0 {
        candidates.push((0.0, -sby / sbb));
    }
    candidates.push((0.0, 0.0));
    let sse = |k1: f64, k2: f64| {
        let p0 = ym - k1 * am + k2 * bm;
        let s = y
            .iter()
            .zip(a)
            .zip(b)
            .map(|((y, a), b)| (y - (p0 + k1 * a - k2 * b)).powi(2))
            .sum::<f64>();
        (p0, s)
    };
    let mut best = (0.0, 0.0, 0.0, f64::INFINITY);
    for (k1, k2) in candidates {
        let (p0, s) = sse(k1, k2);
        if s < best.3 {
            best = (p0, k1, k2, s);
        }
    }
    best
}

/// Keeps the fit for (τ1, τ2) if its squared error beats the best so far.
fn consider(
    best: &mut Option<(ImpulseResponse, f64)>,
    y: &[f64],
    (tau1, tau2): (f64, f64),
    a: &[f64],
    b: &[f64],
) {
    let (p0, k1, k2, sse) = nonneg_least_squares(y, a, b);
    if best.is_none_or(|(_, s)| sse < s) {
        let model = ImpulseResponse {
            p0,
            k1,
            k2,
            tau1,
            tau2,
        };
        *best = Some((model, sse));
    }
}

/// Fits p0, k1, k2, τ1 and τ2 to performances (day index into `daily_loads`,
/// performance) by least squares, with k1, k2 ≥ 0.
///
/// Source: the model of Banister et al. 1975 (*Aust J Sports Med*
/// 7:170–176) fitted by least squares to measured performances as in Morton,
/// Fitz-Clarke & Banister 1990 (*J Appl Physiol* 69:1171–1177) and Busso et
/// al. 1991 (*J Appl Physiol* 71:2044–2049).
///
/// Method: for fixed (τ1, τ2) the model is linear in (p0, k1, k2), so it is
/// solved exactly for every pair of whole days τ1 in [`FITNESS_TAU_DAYS`] and
/// τ2 in [`FATIGUE_TAU_DAYS`] with τ2 < τ1 (737 pairs), the best pair is then
/// refined on a 0.1-day grid within ±0.9 day of it (same ranges), and the
/// overall best kept. Each τ's impulses are one recursive pass over the days
/// (no O(days²) double sum): 58 passes (τ = 3…60) for the grid and 38 for the
/// refinement. Negative gains mean nothing physiologically (training that
/// lowers fitness), so k1, k2 ≥ 0 is enforced exactly: when the unconstrained
/// solution has a negative gain, the best fit with that gain at 0 is used
/// instead (see the private `nonneg_least_squares`). With k1 = 0 (or k2 = 0)
/// the reported τ1 (τ2) is whatever the search ended on and means nothing.
///
/// Performances with a non-finite value are missing and skipped. Ties (e.g.
/// all loads 0, where every τ fits equally) keep the first pair searched.
/// `NotEnoughData` with fewer than [`MIN_PERFORMANCES`] usable performances.
pub fn fit_impulse_response(
    daily_loads: &[f64],
    performances: &[(usize, f64)],
) -> Result<ImpulseFit, MetricsError> {
    let perf = usable(performances);
    if perf.len() < MIN_PERFORMANCES {
        return Err(MetricsError::NotEnoughData(
            "at least five performances are needed to fit an impulse-response model",
        ));
    }
    let y: Vec<f64> = perf.iter().map(|p| p.1).collect();
    let (t1_lo, t1_hi) = FITNESS_TAU_DAYS;
    let (t2_lo, t2_hi) = FATIGUE_TAU_DAYS;
    // Impulse columns for every whole-day τ the grid uses, computed once.
    let taus = t2_lo.min(t1_lo)..=t1_hi.max(t2_hi);
    let cols: Vec<Vec<f64>> = taus
        .clone()
        .map(|tau| column(daily_loads, &perf, f64::from(tau)))
        .collect();
    let col = |tau: u32| &cols[(tau - taus.start()) as usize];

    let mut best: Option<(ImpulseResponse, f64)> = None;
    for tau1 in t1_lo..=t1_hi {
        for tau2 in (t2_lo..=t2_hi).filter(|&t2| t2 < tau1) {
            consider(
                &mut best,
                &y,
                (f64::from(tau1), f64::from(tau2)),
                col(tau1),
                col(tau2),
            );
        }
    }
    // Refinement around the best whole-day pair, 0.1-day steps.
    let (grid_best, _) = best.expect("the grid has at least one pair");
    let steps = |centre: f64, lo: u32, hi: u32| -> Vec<f64> {
        (-9..=9)
            .map(|k| centre + 0.1 * f64::from(k))
            .filter(|t| *t >= f64::from(lo) && *t <= f64::from(hi))
            .collect()
    };
    let fine1 = steps(grid_best.tau1, t1_lo, t1_hi);
    let fine2 = steps(grid_best.tau2, t2_lo, t2_hi);
    let fine_cols1: Vec<Vec<f64>> = fine1
        .iter()
        .map(|&t| column(daily_loads, &perf, t))
        .collect();
    let fine_cols2: Vec<Vec<f64>> = fine2
        .iter()
        .map(|&t| column(daily_loads, &perf, t))
        .collect();
    for (tau1, a) in fine1.iter().zip(&fine_cols1) {
        for (tau2, b) in fine2.iter().zip(&fine_cols2) {
            if tau2 < tau1 {
                consider(&mut best, &y, (*tau1, *tau2), a, b);
            }
        }
    }
    let (model, _) = best.expect("set by the grid");
    // The reported error from direct residuals, not the search's sums.
    let rmse = rmse(&model, daily_loads, &perf).unwrap_or(f64::NAN);
    Ok(ImpulseFit {
        model,
        rmse,
        points: perf.len(),
    })
}

/// Root-mean-square error of a model against performances (day, value), e.g.
/// results recorded after the fit, to see whether the model still tracks the
/// athlete. Non-finite performances are skipped; `None` when none is left.
/// O(days + performances).
///
/// Source: the residual of the least-squares fit in [`fit_impulse_response`].
pub fn rmse(
    model: &ImpulseResponse,
    daily_loads: &[f64],
    performances: &[(usize, f64)],
) -> Option<f64> {
    let perf = usable(performances);
    if perf.is_empty() {
        return None;
    }
    let g1 = impulse_series(daily_loads, model.tau1);
    let g2 = impulse_series(daily_loads, model.tau2);
    let sse: f64 = perf
        .iter()
        .map(|&(d, p)| {
            let pred = model.p0 + model.k1 * impulse_at(&g1, model.tau1, d)
                - model.k2 * impulse_at(&g2, model.tau2, d);
            (p - pred).powi(2)
        })
        .sum();
    Some((sse / perf.len() as f64).sqrt())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    /// Direct O(day²)-style sum of the model, for checking the recursion.
    fn naive(m: &ImpulseResponse, loads: &[f64], day: usize) -> f64 {
        let mut p = m.p0;
        for (s, &w) in loads.iter().enumerate().take(day) {
            let w = clean_load(w);
            let lag = (day - s) as f64;
            p += m.k1 * w * (-lag / m.tau1).exp() - m.k2 * w * (-lag / m.tau2).exp();
        }
        p
    }

    /// 300 days of varied training: a rest day a week, a 3-week build and a
    /// recovery week, day-to-day variation from a fixed sequence.
    fn loads() -> Vec<f64> {
        (0..300u32)
            .map(|d| {
                if d % 7 == 6 {
                    return 0.0;
                }
                let block = if (d / 7) % 4 == 3 {
                    0.5
                } else {
                    1.0 + f64::from((d / 7) % 4) * 0.2
                };
                let wiggle = f64::from((d * 37 + 11) % 13) / 12.0;
                block * (40.0 + 80.0 * wiggle)
            })
            .collect()
    }

    fn truth() -> ImpulseResponse {
        ImpulseResponse {
            p0: 250.0,
            k1: 0.1,
            k2: 0.3,
            tau1: 42.0,
            tau2: 7.0,
        }
    }

    #[test]
    fn predict_hand_vector() {
        // Loads [100, 0, 50], τ1 = 40, τ2 = 10, p0 = 10, k1 = 1, k2 = 2.
        // Day 0: nothing before it → p0 = 10 (same-day load does not count).
        // Day 1: fitness 100·e^(−1/40) = 97.530991, fatigue 100·e^(−1/10) = 90.483742
        //        → 10 + 97.530991 − 180.967484 = −73.436493.
        // Day 3: fitness 100·e^(−3/40) + 50·e^(−1/40) = 92.774349 + 48.765495 = 141.539844,
        //        fatigue 100·e^(−0.3) + 50·e^(−0.1) = 74.081822 + 45.241871 = 119.323693
        //        → 10 + 141.539844 − 238.647386 = −87.107542.
        // Day 5 (past the loads, two rest days): each impulse decays further:
        //        fitness 141.539844·e^(−2/40) = 134.636, fatigue 119.323693·e^(−0.2) = 97.694.
        let m = ImpulseResponse {
            p0: 10.0,
            k1: 1.0,
            k2: 2.0,
            tau1: 40.0,
            tau2: 10.0,
        };
        let w = [100.0, 0.0, 50.0];
        assert_eq!(m.predict(&w, 0), 10.0);
        assert!(close(m.predict(&w, 1), -73.436_493, 1e-6));
        assert!(close(m.predict(&w, 3), -87.107_542, 1e-6));
        let f5 = 141.539_844 * (-2.0f64 / 40.0).exp();
        let g5 = 119.323_693 * (-0.2f64).exp();
        assert!(close(m.predict(&w, 5), 10.0 + f5 - 2.0 * g5, 1e-5));
        assert_eq!(
            m.predict_days(&w, 6)
                .iter()
                .map(|p| (p * 1e6).round())
                .collect::<Vec<_>>(),
            (0..6)
                .map(|d| (m.predict(&w, d) * 1e6).round())
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn fit_recovers_a_known_model() {
        // Performances every 4 days from day 20, generated by the model
        // itself: the true (τ1, τ2) = (42, 7) is on the grid and fits
        // exactly, so the search must land on it with near-zero error.
        let w = loads();
        let m = truth();
        let perf: Vec<(usize, f64)> = (20..300)
            .step_by(4)
            .map(|d| (d, m.predict(&w, d)))
            .collect();
        let fit = fit_impulse_response(&w, &perf).unwrap();
        assert_eq!(fit.points, perf.len());
        assert_eq!((fit.model.tau1, fit.model.tau2), (42.0, 7.0), "{fit:?}");
        assert!(close(fit.model.k1, 0.1, 1e-6), "{fit:?}");
        assert!(close(fit.model.k2, 0.3, 1e-6), "{fit:?}");
        assert!(close(fit.model.p0, 250.0, 1e-4), "{fit:?}");
        assert!(fit.rmse < 1e-6, "{}", fit.rmse);
        assert_eq!(rmse(&fit.model, &w, &perf), Some(fit.rmse));
    }

    #[test]
    fn fit_on_noisy_performances_stays_close() {
        // The same performances with ±3 units of deterministic noise (the
        // signal varies by ~±40). The true model is one of the candidates,
        // so the fit's error cannot exceed the noise's own RMS; the time
        // constants land near the truth.
        let w = loads();
        let m = truth();
        let perf: Vec<(usize, f64)> = (20..300)
            .step_by(4)
            .enumerate()
            .map(|(j, d)| (d, m.predict(&w, d) + 3.0 * (j as f64 * 2.3).sin()))
            .collect();
        let noise_rms = rmse(&m, &w, &perf).unwrap();
        let fit = fit_impulse_response(&w, &perf).unwrap();
        assert!(fit.rmse <= noise_rms + 1e-9, "{} > {noise_rms}", fit.rmse);
        // (Observed: τ1 42.1, τ2 7.0, k1 0.0995, k2 0.2991, rmse 2.120 vs
        // the noise's 2.121.)
        assert!(close(fit.model.tau2, 7.0, 1.0), "{fit:?}");
        assert!(close(fit.model.tau1, 42.0, 3.0), "{fit:?}");
        assert!(fit.model.k1 >= 0.0 && fit.model.k2 >= 0.0);
        // Predictions for the next days stay within a unit of the truth.
        for d in [300, 310, 320] {
            assert!(close(fit.model.predict(&w, d), m.predict(&w, d), 1.0));
        }
    }

    #[test]
    fn gains_stay_non_negative() {
        // Performances that *fall* with training: the unconstrained fit would
        // want k1 < 0. The constrained fit explains the fall as fatigue (or
        // not at all), never as negative fitness.
        let w = loads();
        let total = |d: usize| w[..d].iter().sum::<f64>();
        let perf: Vec<(usize, f64)> = (20..300)
            .step_by(5)
            .map(|d| (d, 300.0 - 0.002 * total(d)))
            .collect();
        let fit = fit_impulse_response(&w, &perf).unwrap();
        assert!(fit.model.k1 >= 0.0 && fit.model.k2 >= 0.0, "{fit:?}");
        // Never worse than the flat model (p0 = mean, no gains), which is
        // always one of the candidates.
        let mean = perf.iter().map(|p| p.1).sum::<f64>() / perf.len() as f64;
        let flat = ImpulseResponse {
            p0: mean,
            k1: 0.0,
            k2: 0.0,
            tau1: 42.0,
            tau2: 7.0,
        };
        assert!(fit.rmse <= rmse(&flat, &w, &perf).unwrap() + 1e-9);
        // No training at all: every τ fits the same, gains 0, p0 the mean.
        let zero = vec![0.0; 50];
        let perf: Vec<(usize, f64)> = (0..5).map(|d| (d * 10, 100.0 + d as f64)).collect();
        let fit = fit_impulse_response(&zero, &perf).unwrap();
        assert_eq!((fit.model.k1, fit.model.k2), (0.0, 0.0));
        assert!(close(fit.model.p0, 102.0, 1e-12));
        // RMSE of 100..104 around 102: √((4 + 1 + 0 + 1 + 4)/5) = √2.
        assert!(close(fit.rmse, 2f64.sqrt(), 1e-12));
    }

    #[test]
    fn too_few_performances_is_an_error() {
        let w = loads();
        let perf: Vec<(usize, f64)> =
            vec![(10, 1.0), (20, 2.0), (30, 3.0), (40, 4.0), (50, f64::NAN)];
        assert!(matches!(
            fit_impulse_response(&w, &perf),
            Err(MetricsError::NotEnoughData(_))
        ));
        assert_eq!(rmse(&truth(), &w, &[]), None);
        assert_eq!(rmse(&truth(), &w, &[(3, f64::NAN)]), None);
    }

    proptest! {
        #[test]
        fn recursion_matches_the_direct_sum(
            loads in prop::collection::vec(prop_oneof![Just(f64::NAN), Just(-5.0), 0.0f64..300.0], 0..120),
            day in 0usize..150,
            tau1 in 20.0f64..60.0,
            tau2 in 3.0f64..20.0,
        ) {
            let m = ImpulseResponse { p0: 40.0, k1: 0.08, k2: 0.2, tau1, tau2 };
            let direct = naive(&m, &loads, day);
            prop_assert!(close(m.predict(&loads, day), direct, 1e-9 * direct.abs().max(1.0)));
            let all = m.predict_days(&loads, day + 1);
            prop_assert!(close(all[day], direct, 1e-9 * direct.abs().max(1.0)));
        }
    }
}
