//! Goals and periodized running plans, free of IO.
//!
//! - [`model`]: goals, plans, weeks, structured workouts, compliance.
//! - [`goal`]: checks a goal (refuses the impossible, warns about the
//!   unrealistic with a suggestion).
//! - [`generate`]: the deterministic plan generator. Every rule it applies is
//!   a section of the knowledge-base page `plan-generation-rules` (with its
//!   sources), and each week lists the rules that shaped it.
//! - [`adapt`]: matches done activities to planned workouts and proposes
//!   adjusted weeks when workouts are missed, fitness drops or fatigue is
//!   excessive. Nothing changes until the athlete accepts.
//! - [`export`]: ICS calendar, FIT workout files, printable text.

pub mod adapt;
pub mod export;
pub mod generate;
pub mod goal;
pub mod model;

pub use model::*;

/// Why a goal or a plan operation is refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    /// Impossible input: the field and why.
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
}

impl PlanError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        PlanError::Invalid {
            field,
            message: message.into(),
        }
    }
}
