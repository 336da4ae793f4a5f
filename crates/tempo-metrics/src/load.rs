//! Training load over days: the performance-management chart (CTL, ATL, TSB),
//! ramp rate, Gabbett's acute:chronic workload ratio, and Foster's monotony
//! and strain.
//!
//! The PMC is Coggan's, after Banister's impulse-response model: fitness (CTL)
//! and fatigue (ATL) are exponentially weighted averages of daily load with
//! time constants of 42 and 7 days. Two EWMA forms are in use and give results
//! about ±1 apart (forum.intervals.icu, "calculate needed training load",
//! post 18), so the form is a setting ([`EwmaForm`]) and the default is the
//! classic Coggan/TrainingPeaks one, [`EwmaForm::Linear`].
//!
//! Incremental use: [`PmcState::advance`] moves the state by one day, so a
//! stored state for yesterday plus today's load gives today's values without
//! re-reading the history.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{MetricsError, positive};

/// How a day's load enters an exponentially weighted average with time
/// constant τ (days). Both from forum.intervals.icu/t/…/5788/18.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EwmaForm {
    /// Variant A, λ = 1/τ: `X_t = X_{t−1} + (L_t − X_{t−1}) / τ`. The form of
    /// Coggan's PMC as TrainingPeaks publishes it. After one day of load 100
    /// from 0 with τ = 42: 100/42 = 2.381.
    #[default]
    Linear,
    /// Variant B, λ = 1 − e^(−1/τ): `X_t = X_{t−1}·e^(−1/τ) + L_t·(1 − e^(−1/τ))`,
    /// the discretised Banister exponential. After one day of load 100 from 0
    /// with τ = 42: 100·(1 − e^(−1/42)) = 2.353 (2.35283).
    Exponential,
}

impl EwmaForm {
    /// The weight λ of the new day's load for time constant `tau_days`.
    pub fn weight(self, tau_days: f64) -> f64 {
        match self {
            EwmaForm::Linear => 1.0 / tau_days,
            EwmaForm::Exponential => 1.0 - (-1.0 / tau_days).exp(),
        }
    }
}

/// PMC time constants and EWMA form.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PmcConfig {
    /// Chronic (fitness) time constant, days. Coggan: 42.
    pub ctl_days: f64,
    /// Acute (fatigue) time constant, days. Coggan: 7.
    pub atl_days: f64,
    pub form: EwmaForm,
}

impl Default for PmcConfig {
    fn default() -> Self {
        PmcConfig {
            ctl_days: 42.0,
            atl_days: 7.0,
            form: EwmaForm::Linear,
        }
    }
}

impl PmcConfig {
    /// A configuration with checked time constants. With the linear form a
    /// constant below 1 day would overshoot (weight > 1), so both must be ≥ 1.
    pub fn new(ctl_days: f64, atl_days: f64, form: EwmaForm) -> Result<PmcConfig, MetricsError> {
        for (name, v) in [("ctl_days", ctl_days), ("atl_days", atl_days)] {
            if !(v.is_finite() && v >= 1.0) {
                return Err(MetricsError::InvalidParameter {
                    name,
                    value: v,
                    expected: "at least 1 day",
                });
            }
        }
        Ok(PmcConfig {
            ctl_days,
            atl_days,
            form,
        })
    }
}

/// Fitness and fatigue at the end of a day.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct PmcState {
    pub ctl: f64,
    pub atl: f64,
}

impl PmcState {
    /// The state at the end of the next day, given that day's load.
    ///
    /// Source: Coggan's Performance Manager (after Banister et al. 1975,
    /// *Aust J Sports Med* 7:170–176), in the form chosen by `config.form`.
    /// A non-finite or negative load counts as 0: a day without a usable
    /// score is a rest day, not a hole in the chart.
    pub fn advance(self, load: f64, config: &PmcConfig) -> PmcState {
        let load = if load.is_finite() { load.max(0.0) } else { 0.0 };
        let step = |x: f64, tau: f64| x + (load - x) * config.form.weight(tau);
        PmcState {
            ctl: step(self.ctl, config.ctl_days),
            atl: step(self.atl, config.atl_days),
        }
    }

    /// CTL − ATL of this state. As [`PmcDay::tsb`] shows, the form *for* a
    /// day is this value for the day before.
    pub fn balance(&self) -> f64 {
        self.ctl - self.atl
    }
}

/// One day of the performance-management chart.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PmcDay {
    pub date: NaiveDate,
    /// The day's load (0 for a day without activity).
    pub load: f64,
    /// Fitness at the end of the day.
    pub ctl: f64,
    /// Fatigue at the end of the day.
    pub atl: f64,
    /// Training stress balance (form) *going into* the day: yesterday's
    /// CTL − ATL, the convention TrainingPeaks displays
    /// (thedistancecollective.com, "TrainingPeaks metrics"). It answers "how
    /// fresh was I when I started today's session", which today's own load
    /// must not change.
    pub tsb: f64,
    /// Ramp rate: CTL now minus CTL seven days earlier (the seed counts as the
    /// day before the first). Friel suggests ~5–8 per week at most
    /// (GoldenCheetah glossary).
    pub ramp_7d: Option<f64>,
}

/// Daily loads from `first` key to `through` (or the last key) with every
/// missing day filled with 0. Empty when the map is empty.
pub fn fill_days(
    loads: &BTreeMap<NaiveDate, f64>,
    through: Option<NaiveDate>,
) -> Vec<(NaiveDate, f64)> {
    let (Some((&first, _)), Some((&last, _))) = (loads.first_key_value(), loads.last_key_value())
    else {
        return Vec::new();
    };
    let last = through.map_or(last, |t| t.max(last));
    first
        .iter_days()
        .take_while(|d| *d <= last)
        .map(|d| (d, loads.get(&d).copied().unwrap_or(0.0)))
        .collect()
}

/// The PMC over a date → load map, from its first date through `through` (or
/// its last date), missing days counted as rest (load 0), starting from
/// `seed` (the state at the end of the day before the first date; zero when
/// the whole history is given).
///
/// Source: Coggan's Performance Manager after Banister's impulse-response
/// model; EWMA forms from forum.intervals.icu/t/…/5788/18 (see [`EwmaForm`]).
pub fn pmc(
    loads: &BTreeMap<NaiveDate, f64>,
    seed: PmcState,
    config: &PmcConfig,
    through: Option<NaiveDate>,
) -> Vec<PmcDay> {
    let days = fill_days(loads, through);
    let mut ctl_history = Vec::with_capacity(days.len() + 1);
    ctl_history.push(seed.ctl);
    let mut state = seed;
    days.into_iter()
        .enumerate()
        .map(|(i, (date, load))| {
            let tsb = state.balance();
            state = state.advance(load, config);
            ctl_history.push(state.ctl);
            // ctl_history[0] is the seed (day −1), so day i is at i + 1 and
            // seven days earlier at i − 6.
            let ramp_7d = (i >= 6).then(|| state.ctl - ctl_history[i - 6]);
            PmcDay {
                date,
                load: if load.is_finite() { load.max(0.0) } else { 0.0 },
                ctl: state.ctl,
                atl: state.atl,
                tsb,
                ramp_7d,
            }
        })
        .collect()
}

/// Acute:chronic workload ratio on the last 28 days of a gap-free daily load
/// series (last element = today): mean of the last 7 days / mean of the last
/// 28 days (rolling averages, the acute window included in the chronic one).
///
/// Source: Gabbett's ACWR as described at atp-zone (reference §2): 0.8–1.3 is
/// the "sweet spot", above 1.5 injury risk rises. `None` with fewer than 28
/// days or a chronic load of 0. The EWMA variant (Williams et al. 2017) is not
/// in the reference and not implemented.
pub fn acwr(daily_loads: &[f64]) -> Option<f64> {
    if daily_loads.len() < 28 {
        return None;
    }
    let tail = &daily_loads[daily_loads.len() - 28..];
    let chronic = tail.iter().sum::<f64>() / 28.0;
    let acute = tail[21..].iter().sum::<f64>() / 7.0;
    (chronic > 0.0).then(|| acute / chronic)
}

/// Foster's monotony and strain for one week.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WeekStrain {
    /// Sum of the seven daily loads.
    pub weekly_load: f64,
    /// Mean daily load / standard deviation of the daily loads. `None` when
    /// every day has the same load (SD 0: the ratio is unbounded).
    pub monotony: Option<f64>,
    /// Weekly load × monotony.
    pub strain: Option<f64>,
}

/// Training monotony (mean / SD of the week's daily loads, rest days as 0) and
/// strain (weekly load × monotony).
///
/// Source: Foster 1998, "Monitoring training in athletes with reference to
/// overtraining syndrome", *Med Sci Sports Exerc* 30(7):1164–1168. The
/// reference file only cites Foster's session-RPE load, not these two; the SD
/// here is the population SD (divide by 7), as the week is the whole
/// population rather than a sample of one (implementations differ; with the
/// sample SD monotony is √(6/7) ≈ 0.926 times this).
pub fn foster_week(daily_loads: &[f64; 7]) -> WeekStrain {
    let weekly_load: f64 = daily_loads.iter().sum();
    let mean = weekly_load / 7.0;
    let var = daily_loads.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 7.0;
    let sd = var.sqrt();
    // Relative threshold: floating-point noise on equal loads is not variation.
    let monotony = (sd > 1e-12 * mean.abs().max(1.0)).then(|| mean / sd);
    WeekStrain {
        weekly_load,
        monotony,
        strain: monotony.map(|m| weekly_load * m),
    }
}

/// Session-RPE load: CR10 RPE × minutes.
///
/// Source: Foster's session-RPE method (fellrnr TRIMP page, reference §2).
pub fn session_rpe_load(rpe_cr10: f64, minutes: f64) -> Result<f64, MetricsError> {
    if !(0.0..=10.0).contains(&rpe_cr10) {
        return Err(MetricsError::InvalidParameter {
            name: "rpe",
            value: rpe_cr10,
            expected: "between 0 and 10 (CR10)",
        });
    }
    Ok(rpe_cr10 * positive("minutes", minutes)?)
}

#[cfg(test)]
mod tests {
    use chrono::Days;
    use proptest::prelude::*;

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn one_day_of_100_from_zero() {
        let lin = PmcState::default().advance(100.0, &PmcConfig::default());
        // Variant A: CTL = 0 + (100 − 0)/42 = 2.380952; ATL = 100/7 = 14.285714.
        assert!(close(lin.ctl, 100.0 / 42.0, 1e-12));
        assert!(close(lin.atl, 100.0 / 7.0, 1e-12));
        let exp_cfg = PmcConfig::new(42.0, 7.0, EwmaForm::Exponential).unwrap();
        let exp = PmcState::default().advance(100.0, &exp_cfg);
        // Variant B: 100·(1 − e^(−1/42)) = 100 × 0.0235283 = 2.35283;
        // ATL 100·(1 − e^(−1/7)) = 100 × 0.133122 = 13.3122.
        assert!(close(exp.ctl, 2.352_83, 1e-5));
        assert!(close(exp.atl, 13.312_2, 1e-4));
    }

    #[test]
    fn two_days_and_a_gap() {
        // Loads 100 on 1 Jan, nothing on 2 Jan, 50 on 3 Jan (variant A).
        // Day 1: CTL 100/42 = 2.380952, ATL 100/7 = 14.285714, TSB 0.
        // Day 2: CTL 2.380952 × 41/42 = 2.324263, ATL 14.285714 × 6/7 = 12.244898,
        //        TSB (day 1) 2.380952 − 14.285714 = −11.904762.
        // Day 3: CTL 2.324263 + (50 − 2.324263)/42 = 3.459400,
        //        ATL 12.244898 + (50 − 12.244898)/7 = 17.638484,
        //        TSB (day 2) 2.324263 − 12.244898 = −9.920635.
        let loads = BTreeMap::from([(d(2026, 1, 1), 100.0), (d(2026, 1, 3), 50.0)]);
        let days = pmc(&loads, PmcState::default(), &PmcConfig::default(), None);
        assert_eq!(days.len(), 3);
        assert_eq!(days[1].load, 0.0);
        assert!(close(days[0].tsb, 0.0, 1e-12));
        assert!(close(days[1].ctl, 2.324_263, 1e-6));
        assert!(close(days[1].atl, 12.244_898, 1e-6));
        assert!(close(days[1].tsb, -11.904_762, 1e-6));
        assert!(close(days[2].ctl, 3.459_400, 1e-6));
        assert!(close(days[2].atl, 17.638_484, 1e-6));
        assert!(close(days[2].tsb, -9.920_635, 1e-6));
        // Extending through 10 Jan adds rest days.
        let ext = pmc(
            &loads,
            PmcState::default(),
            &PmcConfig::default(),
            Some(d(2026, 1, 10)),
        );
        assert_eq!(ext.len(), 10);
        assert_eq!(ext.last().unwrap().date, d(2026, 1, 10));
    }

    #[test]
    fn steady_load_converges_and_ramp_is_weekly_ctl_change() {
        // 100 every day for 7 days from 0 (variant A):
        // CTL_7 = 100·(1 − (41/42)^7) = 100 × (1 − 0.844777) = 15.5223,
        // so the ramp on day 7 (vs the seed, 0) is 15.5223.
        let loads: BTreeMap<_, _> = (0..7).map(|i| (d(2026, 3, 1 + i), 100.0)).collect();
        let days = pmc(&loads, PmcState::default(), &PmcConfig::default(), None);
        assert!(days[..6].iter().all(|x| x.ramp_7d.is_none()));
        let expected = 100.0 * (1.0 - (41.0f64 / 42.0).powi(7));
        assert!(close(days[6].ctl, expected, 1e-9));
        assert!(close(days[6].ramp_7d.unwrap(), expected, 1e-9));
        assert!(close(expected, 15.5223, 1e-4));
        // Years of the same load converge on it.
        let mut s = PmcState::default();
        for _ in 0..3650 {
            s = s.advance(80.0, &PmcConfig::default());
        }
        assert!(close(s.ctl, 80.0, 1e-9) && close(s.atl, 80.0, 1e-9));
    }

    #[test]
    fn acwr_hand_vector() {
        // 21 days at 50 then 7 days at 100: chronic = (21×50 + 7×100)/28 =
        // 1750/28 = 62.5, acute = 100, ratio 1.6 (above the 1.5 risk line).
        let mut l = vec![50.0; 21];
        l.extend([100.0; 7]);
        assert!(close(acwr(&l).unwrap(), 1.6, 1e-12));
        assert_eq!(acwr(&l[1..]), None);
        assert_eq!(acwr(&[0.0; 28]), None);
    }

    #[test]
    fn foster_hand_vector() {
        // Loads 100,0,100,0,100,0,100: sum 400, mean 57.142857,
        // deviations 42.857 (×4) and −57.143 (×3):
        // var = (4 × 1836.7347 + 3 × 3265.3061)/7 = 17142.857/7 = 2448.9796,
        // SD 49.487166, monotony 57.142857/49.487166 = 1.154701 (= 2/√3),
        // strain 400 × 1.154701 = 461.880.
        let w = foster_week(&[100.0, 0.0, 100.0, 0.0, 100.0, 0.0, 100.0]);
        assert_eq!(w.weekly_load, 400.0);
        assert!(close(w.monotony.unwrap(), 1.154_701, 1e-6));
        assert!(close(w.strain.unwrap(), 461.880, 1e-3));
        // Every day alike: SD 0, monotony unbounded.
        assert_eq!(foster_week(&[60.0; 7]).monotony, None);
        assert_eq!(session_rpe_load(7.0, 60.0).unwrap(), 420.0);
        assert!(session_rpe_load(11.0, 60.0).is_err());
    }

    proptest! {
        #[test]
        fn tsb_is_previous_days_ctl_minus_atl(
            loads in prop::collection::vec(0.0f64..400.0, 1..120),
            exponential in any::<bool>(),
            seed_ctl in 0.0f64..150.0,
            seed_atl in 0.0f64..200.0,
        ) {
            let form = if exponential { EwmaForm::Exponential } else { EwmaForm::Linear };
            let cfg = PmcConfig::new(42.0, 7.0, form).unwrap();
            let map: BTreeMap<_, _> = loads
                .iter()
                .enumerate()
                .map(|(i, l)| (d(2020, 1, 1) + Days::new(i as u64), *l))
                .collect();
            let seed = PmcState { ctl: seed_ctl, atl: seed_atl };
            let days = pmc(&map, seed, &cfg, None);
            prop_assert_eq!(days.len(), loads.len());
            prop_assert!(close(days[0].tsb, seed_ctl - seed_atl, 1e-9));
            for w in days.windows(2) {
                prop_assert!(close(w[1].tsb, w[0].ctl - w[0].atl, 1e-9));
            }
            // Incremental: advancing day by day gives the same chart.
            let mut s = seed;
            for (day, l) in days.iter().zip(&loads) {
                s = s.advance(*l, &cfg);
                prop_assert_eq!(s.ctl, day.ctl);
                prop_assert_eq!(s.atl, day.atl);
            }
        }
    }
}
