//! Tempo's schema history as sea-orm migrations.
//!
//! Rules, enforced by review and by `tests/schema.rs`:
//! - one module per migration, named `mYYYYMMDD_HHMMSS_what`, listed in order below;
//! - append-only: a migration that has shipped is never edited or removed, a
//!   change to the schema is a new migration;
//! - every migration runs on an empty database and on a database at the previous head.
//!
//! Storage applies these on every open, after checking the file is a healthy
//! SQLite database and that it was not written by a newer Tempo.

pub use sea_orm_migration::prelude::*;

mod m20261125_120000_athlete_profile;
mod m20261125_160000_activities;
mod m20261125_180000_activity_load;
mod m20261125_200000_activity_summary;
mod m20261125_220000_plans;
mod m20261206_120000_own_data;
mod m20261206_180000_coach;
mod m20261206_210000_sync;
mod m20261207_000000_conversation_settings;

/// The migrator applied by `tempo-storage` when a database is opened.
#[derive(Debug)]
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_120000_athlete_profile::Migration),
            Box::new(m20261125_160000_activities::Migration),
            Box::new(m20261125_180000_activity_load::Migration),
            Box::new(m20261125_200000_activity_summary::Migration),
            Box::new(m20261125_220000_plans::Migration),
            Box::new(m20261206_120000_own_data::Migration),
            Box::new(m20261206_180000_coach::Migration),
            Box::new(m20261206_210000_sync::Migration),
            Box::new(m20261207_000000_conversation_settings::Migration),
        ]
    }
}

/// Names of every migration this build knows, oldest first.
pub fn known_migrations() -> Vec<String> {
    Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect()
}
