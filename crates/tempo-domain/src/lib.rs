//! Tempo's domain model, free of IO.
//!
//! This crate holds the vocabulary every other crate speaks: the athlete, the
//! physiological measures that drive training metrics (max HR, LTHR, FTP,
//! threshold pace, VMA…), and the validation rules that keep them physically
//! plausible. Storage, import, metrics and the UI all depend on it; it depends on
//! nothing of theirs, which keeps it trivially testable.
//!
//! Measures are *dated*: an athlete's FTP in 2023 is not their FTP today, and
//! every metric of an activity must use the values in force on its date. So a
//! measure is never overwritten; a new value is recorded with its effective date.

pub mod activity;
mod measure;
mod pace;
mod profile;

pub use measure::{Measure, MeasureRange};
pub use pace::{format_pace, parse_pace};
pub use profile::{AthleteIdentity, DatedValue, ProfileUpdate, Sex, validate_update};

/// Why a value was refused. Each variant names the field so the UI can show the
/// message next to it and a script can tell which flag was wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DomainError {
    /// A number outside the plausible range for that measure.
    #[error("{field} must be between {min} and {max} {unit}, got {value}")]
    OutOfRange {
        field: &'static str,
        value: f64,
        min: f64,
        max: f64,
        unit: &'static str,
    },
    /// A value that cannot be parsed at all (a pace like "4:75", an empty name…).
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    /// Two values that are each plausible but contradict each other.
    #[error("{0}")]
    Inconsistent(String),
}

impl DomainError {
    /// The field the error is about, when there is one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            DomainError::OutOfRange { field, .. } | DomainError::Invalid { field, .. } => {
                Some(field)
            }
            DomainError::Inconsistent(_) => None,
        }
    }
}
