//! Published training formulas over Tempo's 1 Hz streams, free of IO.
//!
//! Every metric here is a formula from the sports-science literature or from
//! the coaching books that popularised it, implemented as written and cited on
//! the function that computes it. The definitions follow the project reference
//! (`shared/reference/apis-and-formulas.md`); where the reference offers several
//! variants (the PMC's EWMA form, the female Banister coefficient), the variant
//! is a parameter rather than a hidden choice, because athletes compare Tempo's
//! numbers with TrainingPeaks' and intervals.icu's.
//!
//! Modules, one per topic:
//! - [`power`]: Coggan's normalized power, IF, VI and TSS; the mean-max curve
//!   and best efforts; Coggan's seven power levels and time in them.
//! - [`load`]: the performance-management chart (CTL, ATL, TSB), ramp rate,
//!   Gabbett's acute:chronic ratio, Foster's monotony and strain.
//! - [`heart`]: Banister and Edwards TRIMP, HRSS, heart-rate zone models and
//!   time in zones.
//! - [`running`]: Daniels–Gilbert VDOT and race prediction, Riegel, best
//!   efforts over standard distances.
//! - [`curve`]: mean-max power and speed curves at fixed durations, to store
//!   per activity and combine over a season.
//! - [`critical`]: critical power / W′ and critical speed / D′ fits, Skiba's
//!   W′ balance.
//! - [`grade`]: running on hills: Minetti's cost of running on a grade, grade
//!   from altitude and distance, grade-adjusted and normalized graded speed
//!   (NGP as a speed), rTSS.
//! - [`pace`]: Daniels' training paces (E, M, T, I, R) for a VDOT, pace zones
//!   and time in them.
//! - [`efficiency`]: Friel's efficiency factor and aerobic decoupling
//!   (Pw:HR, Pa:HR).
//! - [`impulse`]: Banister's fitness–fatigue impulse-response model, fitted
//!   to the athlete's performances.
//! - [`estimate`]: thresholds from the athlete's data: eFTP, observed HRmax,
//!   LTHR by Friel's protocol, critical speed from best efforts.
//!
//! Conventions shared by all modules:
//! - Streams are on a 1 Hz grid whose time axis has gaps for pauses
//!   ([`tempo_domain::activity::Streams`]). A NaN is a missing value (sensor
//!   dropout) and is never read as zero: zero watts is coasting, a dropout is
//!   not knowing.
//! - Functions that take a plain slice treat it as consecutive seconds.
//! - A metric that is undefined on the input (NP of a 10-second ride) is
//!   `None`; a parameter that makes the formula meaningless (FTP of 0 W) is an
//!   error.

pub mod critical;
pub mod curve;
pub mod efficiency;
pub mod estimate;
pub mod grade;
pub mod heart;
pub mod impulse;
pub mod load;
pub mod pace;
pub mod power;
pub mod running;

/// Why a metric cannot be computed with the given parameters.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MetricsError {
    /// A threshold or physiological parameter outside the range where the
    /// formula means anything (a non-positive FTP, HRmax below HRrest…).
    #[error("{name} must be {expected}, got {value}")]
    InvalidParameter {
        name: &'static str,
        value: f64,
        expected: &'static str,
    },
    /// Too few points to fit a model.
    #[error("{0}")]
    NotEnoughData(&'static str),
}

pub(crate) fn positive(name: &'static str, value: f64) -> Result<f64, MetricsError> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(MetricsError::InvalidParameter {
            name,
            value,
            expected: "a positive finite number",
        })
    }
}

/// The finite values of a column with their timestamps: the recorded seconds
/// that actually hold a value.
pub(crate) fn valid_samples(time_s: &[u32], values: &[f64]) -> (Vec<u32>, Vec<f64>) {
    time_s
        .iter()
        .zip(values)
        .filter(|(_, v)| v.is_finite())
        .map(|(t, v)| (*t, *v))
        .unzip()
}
