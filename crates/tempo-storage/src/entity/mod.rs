//! sea-orm entities, one module per table. Only repositories in this crate use them.

pub mod activity;
pub mod activity_lap;
pub mod activity_source;
pub mod activity_stream;
pub mod athlete;
pub mod athlete_measure;
