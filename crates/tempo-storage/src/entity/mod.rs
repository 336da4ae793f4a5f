//! sea-orm entities, one module per table. Only repositories in this crate use them.

pub mod athlete;
pub mod athlete_measure;
