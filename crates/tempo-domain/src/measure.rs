//! The dated physiological measures of an athlete.

use serde::{Deserialize, Serialize};

use crate::DomainError;

/// A physiological or anthropometric value that changes over time and that
/// training metrics depend on. Stored as one history row per (measure, date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Body mass in kilograms (power-to-weight, running economy).
    WeightKg,
    /// Height in centimetres.
    HeightCm,
    /// Maximum heart rate, beats per minute (%HRmax zones, Banister TRIMP).
    MaxHr,
    /// Resting heart rate, beats per minute (Karvonen / %HRR zones, TRIMP).
    RestingHr,
    /// Lactate threshold heart rate, bpm (Friel zones, hrTSS).
    Lthr,
    /// Functional threshold power in watts (Coggan zones, TSS).
    FtpW,
    /// Threshold running pace in seconds per kilometre (rTSS, Daniels T pace).
    ThresholdPaceSPerKm,
    /// Vitesse maximale aérobie in km/h (VMA sessions, as used in France).
    VmaKmh,
}

/// Plausible bounds for a measure. They are deliberately wide: their job is to
/// catch typos (a max HR of 1900, a weight in pounds typed as kilograms is still
/// plausible and is the athlete's call), not to judge the athlete.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeasureRange {
    pub min: f64,
    pub max: f64,
    pub unit: &'static str,
}

impl Measure {
    /// Every measure, in the order the UI lists them.
    pub const ALL: [Measure; 8] = [
        Measure::WeightKg,
        Measure::HeightCm,
        Measure::MaxHr,
        Measure::RestingHr,
        Measure::Lthr,
        Measure::FtpW,
        Measure::ThresholdPaceSPerKm,
        Measure::VmaKmh,
    ];

    /// The stable key used in the database, the CLI and the bindings.
    pub fn key(self) -> &'static str {
        match self {
            Measure::WeightKg => "weight_kg",
            Measure::HeightCm => "height_cm",
            Measure::MaxHr => "max_hr",
            Measure::RestingHr => "resting_hr",
            Measure::Lthr => "lthr",
            Measure::FtpW => "ftp_w",
            Measure::ThresholdPaceSPerKm => "threshold_pace_s_per_km",
            Measure::VmaKmh => "vma_kmh",
        }
    }

    /// Inverse of [`Measure::key`].
    pub fn from_key(key: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.key() == key)
    }

    pub fn range(self) -> MeasureRange {
        let (min, max, unit) = match self {
            Measure::WeightKg => (25.0, 250.0, "kg"),
            Measure::HeightCm => (100.0, 250.0, "cm"),
            // The highest max HR reliably reported in adults is about 220-230 bpm.
            Measure::MaxHr => (100.0, 240.0, "bpm"),
            // Elite endurance athletes can rest in the high 20s.
            Measure::RestingHr => (25.0, 120.0, "bpm"),
            Measure::Lthr => (80.0, 230.0, "bpm"),
            Measure::FtpW => (30.0, 600.0, "W"),
            // 2:30/km (world-class half marathon) to 15:00/km (brisk walk).
            Measure::ThresholdPaceSPerKm => (150.0, 900.0, "s/km"),
            Measure::VmaKmh => (6.0, 27.0, "km/h"),
        };
        MeasureRange { min, max, unit }
    }

    /// Checks a value against the plausible range; NaN and infinities are refused.
    pub fn validate(self, value: f64) -> Result<f64, DomainError> {
        let r = self.range();
        if !value.is_finite() {
            return Err(DomainError::Invalid {
                field: self.key(),
                reason: "must be a finite number".into(),
            });
        }
        if value < r.min || value > r.max {
            return Err(DomainError::OutOfRange {
                field: self.key(),
                value,
                min: r.min,
                max: r.max,
                unit: r.unit,
            });
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_are_unique() {
        for m in Measure::ALL {
            assert_eq!(Measure::from_key(m.key()), Some(m));
        }
        let mut keys: Vec<_> = Measure::ALL.iter().map(|m| m.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), Measure::ALL.len());
        assert_eq!(Measure::from_key("nope"), None);
    }

    #[test]
    fn range_edges_are_inclusive() {
        assert_eq!(Measure::MaxHr.validate(100.0), Ok(100.0));
        assert_eq!(Measure::MaxHr.validate(240.0), Ok(240.0));
        let err = Measure::MaxHr.validate(1900.0).unwrap_err();
        assert_eq!(err.field(), Some("max_hr"));
        assert_eq!(
            err.to_string(),
            "max_hr must be between 100 and 240 bpm, got 1900"
        );
        assert!(Measure::WeightKg.validate(f64::NAN).is_err());
        assert!(Measure::WeightKg.validate(f64::INFINITY).is_err());
    }
}
