//! Heart-rate load and zones: Banister and Edwards TRIMP, HR-based stress
//! scores, zone models (%HRmax, Karvonen %HRR, Friel %LTHR) and time in zones.
//!
//! Heart-rate slices are consecutive recorded seconds (1 Hz); a NaN is a
//! second without a reading and adds neither time nor load.

use serde::{Deserialize, Serialize};
use tempo_domain::Sex;

use crate::{MetricsError, positive};

/// The `a` and `b` of Banister's weighting `a·e^(b·HRr)`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BanisterCoefficients {
    pub a: f64,
    pub b: f64,
}

impl BanisterCoefficients {
    /// Men: a = 0.64, b = 1.92. Women: a = 0.86, b = 1.67, the values of
    /// intervals.icu and most implementations. The reference notes that
    /// fellrnr/veohtu use a = 0.64 for women too; pass
    /// `BanisterCoefficients { a: 0.64, b: 1.67 }` to match them.
    pub fn for_sex(sex: Sex) -> BanisterCoefficients {
        match sex {
            Sex::Male => BanisterCoefficients { a: 0.64, b: 1.92 },
            Sex::Female => BanisterCoefficients { a: 0.86, b: 1.67 },
        }
    }
}

fn check_hr(hr_rest: f64, hr_max: f64) -> Result<(), MetricsError> {
    positive("hr_rest", hr_rest)?;
    if !(hr_max.is_finite() && hr_max > hr_rest) {
        return Err(MetricsError::InvalidParameter {
            name: "hr_max",
            value: hr_max,
            expected: "above resting heart rate",
        });
    }
    Ok(())
}

/// Heart-rate reserve fraction HRr = (HR − HRrest)/(HRmax − HRrest), clamped
/// to [0, 1]: a reading below rest is no load (not negative load), and one
/// above the recorded max would otherwise grow exponentially from a stale
/// HRmax.
fn hr_reserve(hr: f64, hr_rest: f64, hr_max: f64) -> f64 {
    ((hr - hr_rest) / (hr_max - hr_rest)).clamp(0.0, 1.0)
}

/// Banister's exponential TRIMP: Σ Δt (min) × HRr × a·e^(b·HRr), one term per
/// second with a reading (Δt = 1/60 min), HRr clamped to [0, 1].
///
/// Source: Banister, Calvert, Savage & Bach 1975, "A systems model of training
/// for athletic performance", *Aust J Sports Med* 7:170–176; Banister 1991,
/// *Modeling Elite Athletic Performance*. Coefficients from
/// [`BanisterCoefficients::for_sex`].
pub fn banister_trimp(
    hr: &[f64],
    hr_rest: f64,
    hr_max: f64,
    k: BanisterCoefficients,
) -> Result<f64, MetricsError> {
    check_hr(hr_rest, hr_max)?;
    Ok(hr
        .iter()
        .filter(|h| h.is_finite())
        .map(|&h| {
            let r = hr_reserve(h, hr_rest, hr_max);
            r * k.a * (k.b * r).exp() / 60.0
        })
        .sum())
}

/// Heart-rate stress score as Elevate defines it: HRSS = TRIMP / TRIMP(60 min
/// at LTHR) × 100, so an hour at threshold scores 100 like an hour at FTP.
///
/// Source: reference §2 "hrTSS", approximation (a), `thomaschampagne/elevate`.
/// TrainingPeaks' own hrTSS is not published; this is *not* claimed to match
/// it. `lthr` defaults to HRrest + 0.85·(HRmax − HRrest) as in Elevate. The
/// reference writes the ratio without the × 100; the scale is Elevate's, which
/// puts it on the TSS scale.
pub fn hrss(
    hr: &[f64],
    hr_rest: f64,
    hr_max: f64,
    lthr: Option<f64>,
    k: BanisterCoefficients,
) -> Result<f64, MetricsError> {
    check_hr(hr_rest, hr_max)?;
    let lthr = lthr.unwrap_or(hr_rest + 0.85 * (hr_max - hr_rest));
    let r = hr_reserve(lthr, hr_rest, hr_max);
    let hour_at_threshold = 60.0 * r * k.a * (k.b * r).exp();
    if hour_at_threshold <= 0.0 {
        return Err(MetricsError::InvalidParameter {
            name: "lthr",
            value: lthr,
            expected: "above resting heart rate",
        });
    }
    Ok(banister_trimp(hr, hr_rest, hr_max, k)? / hour_at_threshold * 100.0)
}

/// hrTSS from heart-rate reserve: hours × (HRR_avg / HRR_thr)² × 100, with
/// HRR_avg = (avg HR − HRrest)/(HRmax − HRrest) and HRR_thr defaulting to 0.83.
///
/// Source: reference §2 "hrTSS", approximation (b), pacelore.com "TSS three
/// ways". Like [`hrss`], an approximation of TrainingPeaks' unpublished hrTSS.
pub fn hrr_tss(
    duration_s: f64,
    avg_hr: f64,
    hr_rest: f64,
    hr_max: f64,
    threshold_hrr: Option<f64>,
) -> Result<f64, MetricsError> {
    check_hr(hr_rest, hr_max)?;
    let thr = positive("threshold_hrr", threshold_hrr.unwrap_or(0.83))?;
    let r = hr_reserve(avg_hr, hr_rest, hr_max);
    Ok(duration_s / 3600.0 * (r / thr).powi(2) * 100.0)
}

/// Karvonen target heart rate: (HRmax − HRrest) × intensity + HRrest.
///
/// Source: Karvonen, Kentala & Mustala 1957 (via the ACSM Guidelines, reference
/// §2; original not retrieved).
pub fn karvonen_target_hr(hr_rest: f64, hr_max: f64, intensity: f64) -> Result<f64, MetricsError> {
    check_hr(hr_rest, hr_max)?;
    Ok((hr_max - hr_rest) * intensity + hr_rest)
}

/// Which of Friel's LTHR tables to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FrielSport {
    Run,
    Bike,
}

/// A heart-rate zone model: zone `i` spans `[lower_bounds_bpm[i−1],
/// lower_bounds_bpm[i])`; zone 0 is everything below the first bound and the
/// last zone everything from the last bound up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HrZones {
    /// One name per zone (`lower_bounds_bpm.len() + 1` of them).
    pub names: Vec<String>,
    /// Strictly increasing, in bpm.
    pub lower_bounds_bpm: Vec<f64>,
}

impl HrZones {
    fn new(names: Vec<String>, lower_bounds_bpm: Vec<f64>) -> Result<HrZones, MetricsError> {
        let increasing = lower_bounds_bpm.windows(2).all(|w| w[1] > w[0]);
        if let Some(bad) = lower_bounds_bpm
            .iter()
            .find(|b| !b.is_finite())
            .or_else(|| (!increasing).then_some(&lower_bounds_bpm[0]))
        {
            return Err(MetricsError::InvalidParameter {
                name: "zone bounds",
                value: *bad,
                expected: "finite and strictly increasing",
            });
        }
        Ok(HrZones {
            names,
            lower_bounds_bpm,
        })
    }

    fn numbered(bounds: Vec<f64>, below: &str) -> Result<HrZones, MetricsError> {
        let mut names = vec![below.to_string()];
        names.extend((1..=bounds.len()).map(|i| format!("Z{i}")));
        HrZones::new(names, bounds)
    }

    /// Zones at fractions of HRmax, e.g. `[0.5, 0.6, 0.7, 0.8, 0.9]`. Zone 0 is
    /// "below Z1".
    pub fn percent_hrmax(hr_max: f64, fractions: &[f64]) -> Result<HrZones, MetricsError> {
        positive("hr_max", hr_max)?;
        HrZones::numbered(fractions.iter().map(|f| f * hr_max).collect(), "below Z1")
    }

    /// Edwards' five %HRmax zones: 50–60, 60–70, 70–80, 80–90, 90–100 %
    /// (Edwards 1993, *The Heart Rate Monitor Book*), plus zone 0 below 50 %.
    /// Readings above HRmax fall in Z5.
    pub fn edwards(hr_max: f64) -> Result<HrZones, MetricsError> {
        HrZones::percent_hrmax(hr_max, &[0.5, 0.6, 0.7, 0.8, 0.9])
    }

    /// Karvonen zones at fractions of heart-rate reserve: bound =
    /// (HRmax − HRrest) × fraction + HRrest (see [`karvonen_target_hr`]). The
    /// reference gives no standard %HRR bands, so the caller chooses them.
    pub fn karvonen(hr_rest: f64, hr_max: f64, fractions: &[f64]) -> Result<HrZones, MetricsError> {
        check_hr(hr_rest, hr_max)?;
        let bounds = fractions
            .iter()
            .map(|f| (hr_max - hr_rest) * f + hr_rest)
            .collect();
        HrZones::numbered(bounds, "below Z1")
    }

    /// Friel's seven LTHR zones (Z1, Z2, Z3, Z4, Z5a, Z5b, Z5c).
    ///
    /// Source: Friel, *The Triathlete's Training Bible*, as reproduced at
    /// athleticimprovementcenter.com (reference §2). The table lists whole
    /// percentages with inclusive ranges (run Z2 = 85–89, Z5b = 103–106,
    /// Z5c = "> 106"), so each zone is read as starting at its first listed
    /// percentage and running to the next zone's: Z5c starts at 107 % (the
    /// table leaves 106–107 % unassigned on a continuous scale).
    pub fn friel(lthr: f64, sport: FrielSport) -> Result<HrZones, MetricsError> {
        positive("lthr", lthr)?;
        let pct: [f64; 6] = match sport {
            FrielSport::Run => [85.0, 90.0, 95.0, 100.0, 103.0, 107.0],
            FrielSport::Bike => [81.0, 90.0, 94.0, 100.0, 103.0, 107.0],
        };
        let names = ["Z1", "Z2", "Z3", "Z4", "Z5a", "Z5b", "Z5c"]
            .map(String::from)
            .to_vec();
        HrZones::new(names, pct.iter().map(|p| p / 100.0 * lthr).collect())
    }

    pub fn len(&self) -> usize {
        self.lower_bounds_bpm.len() + 1
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    /// The zone index of a reading, `None` for NaN.
    pub fn zone_of(&self, hr: f64) -> Option<usize> {
        (!hr.is_nan()).then(|| self.lower_bounds_bpm.partition_point(|&b| b <= hr))
    }
}

/// Seconds spent in each zone (index as in [`HrZones`]). Every second with a
/// reading lands in exactly one zone, so the sum is the number of readings.
///
/// Source: the zone models above; time in zone is Edwards' building block
/// (Edwards 1993, *The Heart Rate Monitor Book*).
pub fn time_in_zones(hr: &[f64], zones: &HrZones) -> Vec<u32> {
    let mut secs = vec![0u32; zones.len()];
    for z in hr.iter().filter_map(|&h| zones.zone_of(h)) {
        secs[z] += 1;
    }
    secs
}

/// Edwards' TRIMP: Σ minutes in zone × zone number, for the five %HRmax zones
/// 50–60 … 90–100 % weighted 1…5; time below 50 % counts 0, above HRmax 5.
///
/// Source: Edwards 1993, *The Heart Rate Monitor Book* (atp-zone.com,
/// trainingimpulse.com, reference §2).
pub fn edwards_trimp(hr: &[f64], hr_max: f64) -> Result<f64, MetricsError> {
    let zones = HrZones::edwards(hr_max)?;
    Ok(time_in_zones(hr, &zones)
        .iter()
        .enumerate()
        .map(|(z, s)| z as f64 * f64::from(*s) / 60.0)
        .sum())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn banister_hour_at_half_reserve() {
        // Rest 50, max 190, HR 120 → HRr = 70/140 = 0.5, 3600 s = 60 min.
        // Men:   60 × 0.5 × 0.64 × e^(1.92 × 0.5) = 19.2 × e^0.96 = 19.2 × 2.611696 = 50.1446.
        // Women: 60 × 0.5 × 0.86 × e^(1.67 × 0.5) = 25.8 × e^0.835 = 25.8 × 2.304814 = 59.4642.
        let hr = vec![120.0; 3600];
        let m = banister_trimp(&hr, 50.0, 190.0, BanisterCoefficients::for_sex(Sex::Male)).unwrap();
        let f =
            banister_trimp(&hr, 50.0, 190.0, BanisterCoefficients::for_sex(Sex::Female)).unwrap();
        assert!(close(m, 50.1446, 1e-3), "{m}");
        assert!(close(f, 59.4642, 1e-3), "{f}");
        // Below rest is no load; NaN is no time.
        let low = banister_trimp(
            &[40.0, f64::NAN],
            50.0,
            190.0,
            BanisterCoefficients::for_sex(Sex::Male),
        );
        assert_eq!(low.unwrap(), 0.0);
        assert!(
            banister_trimp(&hr, 190.0, 50.0, BanisterCoefficients::for_sex(Sex::Male)).is_err()
        );
    }

    #[test]
    fn edwards_hand_vector() {
        // HRmax 200: 10 min at 110 (55 % → ×1), 20 min at 150 (75 % → ×3),
        // 5 min at 185 (92.5 % → ×5), 5 min at 90 (45 % → ×0), 1 min at 210
        // (above max → ×5): 10 + 60 + 25 + 0 + 5 = 100.
        let mut hr = vec![110.0; 600];
        hr.extend(vec![150.0; 1200]);
        hr.extend(vec![185.0; 300]);
        hr.extend(vec![90.0; 300]);
        hr.extend(vec![210.0; 60]);
        assert!(close(edwards_trimp(&hr, 200.0).unwrap(), 100.0, 1e-9));
        // Boundaries: exactly 60 % (120 bpm) is zone 2.
        assert!(close(
            edwards_trimp(&[120.0; 60], 200.0).unwrap(),
            2.0,
            1e-12
        ));
    }

    #[test]
    fn hrss_hour_at_threshold_is_100() {
        // By definition: TRIMP(60 min at LTHR) / TRIMP(60 min at LTHR) × 100.
        let k = BanisterCoefficients::for_sex(Sex::Male);
        let hr = vec![170.0; 3600];
        assert!(close(
            hrss(&hr, 50.0, 190.0, Some(170.0), k).unwrap(),
            100.0,
            1e-9
        ));
        // Default LTHR = 50 + 0.85 × 140 = 169; 30 min there → 50.
        assert!(close(
            hrss(&[169.0; 1800], 50.0, 190.0, None, k).unwrap(),
            50.0,
            1e-9
        ));
        // hrr_tss: 1 h at avg 166.2: HRR = 116.2/140 = 0.83 → 100;
        // 2 h at 120: HRR 0.5 → 2 × (0.5/0.83)² × 100 = 72.58.
        assert!(close(
            hrr_tss(3600.0, 166.2, 50.0, 190.0, None).unwrap(),
            100.0,
            1e-9
        ));
        assert!(close(
            hrr_tss(7200.0, 120.0, 50.0, 190.0, None).unwrap(),
            72.5794,
            1e-4
        ));
    }

    #[test]
    fn zone_models() {
        // Karvonen: rest 50, max 190, 70 % → 140 × 0.7 + 50 = 148.
        assert!(close(
            karvonen_target_hr(50.0, 190.0, 0.7).unwrap(),
            148.0,
            1e-12
        ));
        let k = HrZones::karvonen(50.0, 190.0, &[0.6, 0.7]).unwrap();
        assert_eq!(k.lower_bounds_bpm, vec![134.0, 148.0]);
        assert_eq!(
            (k.zone_of(133.9), k.zone_of(134.0), k.zone_of(148.0)),
            (Some(0), Some(1), Some(2))
        );
        // Friel run, LTHR 170: bounds 144.5, 153, 161.5, 170, 175.1, 181.9.
        let f = HrZones::friel(170.0, FrielSport::Run).unwrap();
        let b = &f.lower_bounds_bpm;
        assert!(close(b[0], 144.5, 1e-9) && close(b[4], 175.1, 1e-9) && close(b[5], 181.9, 1e-9));
        assert_eq!(f.zone_of(144.0), Some(0)); // Z1
        assert_eq!(f.zone_of(145.0), Some(1)); // Z2
        assert_eq!(f.zone_of(181.0), Some(5)); // Z5b
        assert_eq!(f.zone_of(182.0), Some(6)); // Z5c
        assert_eq!(f.names[6], "Z5c");
        // Friel bike, LTHR 160: Z2 from 0.81 × 160 = 129.6, Z4 from 0.94 × 160 = 150.4
        // (probed just above each bound: 0.81 × 160 is 129.600…02 in binary).
        let fb = HrZones::friel(160.0, FrielSport::Bike).unwrap();
        assert_eq!(
            (fb.zone_of(129.5), fb.zone_of(129.61), fb.zone_of(150.41)),
            (Some(0), Some(1), Some(3))
        );
        assert!(HrZones::percent_hrmax(190.0, &[0.7, 0.6]).is_err());
        // Time in zones: [100, NaN, 150, 150, 200] with Edwards at 200:
        // 100 = 50 % → Z1, 150 = 75 % → Z3, 200 = 100 % → Z5.
        let t = time_in_zones(
            &[100.0, f64::NAN, 150.0, 150.0, 200.0],
            &HrZones::edwards(200.0).unwrap(),
        );
        assert_eq!(t, vec![0, 1, 0, 2, 0, 1]);
    }

    proptest! {
        #[test]
        fn time_in_zones_sums_to_seconds_with_a_reading(
            hr in prop::collection::vec(prop_oneof![Just(f64::NAN), 30.0f64..230.0], 0..500),
            lthr in 120.0f64..190.0,
        ) {
            let readings = hr.iter().filter(|h| !h.is_nan()).count() as u32;
            for zones in [
                HrZones::friel(lthr, FrielSport::Run).unwrap(),
                HrZones::friel(lthr, FrielSport::Bike).unwrap(),
                HrZones::edwards(lthr + 20.0).unwrap(),
                HrZones::karvonen(50.0, lthr + 20.0, &[0.5, 0.6, 0.7, 0.8, 0.9]).unwrap(),
            ] {
                let t = time_in_zones(&hr, &zones);
                prop_assert_eq!(t.len(), zones.names.len());
                prop_assert_eq!(t.iter().sum::<u32>(), readings);
            }
        }

        #[test]
        fn banister_trimp_grows_with_heart_rate(a in 60.0f64..180.0, d in 0.1f64..20.0) {
            let k = BanisterCoefficients::for_sex(Sex::Female);
            let lo = banister_trimp(&[a; 60], 50.0, 200.0, k).unwrap();
            let hi = banister_trimp(&[a + d; 60], 50.0, 200.0, k).unwrap();
            prop_assert!(hi > lo);
        }
    }
}
