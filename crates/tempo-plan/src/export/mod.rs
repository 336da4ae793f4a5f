//! Plans out of Tempo: a calendar, device workouts, paper.

pub mod fit;
pub mod ics;
pub mod text;
