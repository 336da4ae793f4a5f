//! Tempo's use cases, shared by the desktop shell and the `tempo` CLI.
//!
//! Each public function is one thing a user can do ("update my profile",
//! "show diagnostics"). It takes a [`Tempo`] context and plain DTOs, and returns
//! DTOs or an [`AppError`]. The shell and the CLI only parse input, call these,
//! and present the result, so the two can never disagree about a figure.
//!
//! DTOs derive `specta::Type`: the shell exports them to TypeScript, which keeps
//! the UI's types in lockstep with this crate.
//!
//! Everything outside the process is injected through [`Tempo`]: the database
//! path, the clock, the secret store. Tests use a fixed clock, a temp database
//! and an in-memory secret store, and never touch the network or the keychain.

pub mod activities;
pub mod backup;
mod clock;
pub mod coach;
mod context;
pub mod demo;
pub mod diagnostics;
pub mod entries;
pub mod erase;
mod error;
pub mod export;
pub mod kb;
pub mod metrics;
pub mod paths;
pub mod plans;
pub mod privacy;
pub mod profile;
pub mod reminders;
pub mod sync;

pub use clock::{Clock, FixedClock, SystemClock};
pub use context::{Dirs, Tempo, TempoOptions};
pub use error::{AppError, ErrorCode};
