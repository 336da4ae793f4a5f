//! One training-load figure per activity, for the fitness/fatigue series.
//!
//! Stored rather than recomputed: the series over years of activities must be
//! instant, and a figure only changes when the activity or the athlete's
//! thresholds in force on its day change (both recompute it).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in [
            // `metric` and `value` are NULL when no threshold allows a figure
            // (no FTP, no heart-rate thresholds): the row still records the day.
            r#"CREATE TABLE activity_load (
                activity_id INTEGER PRIMARY KEY REFERENCES activity(id) ON DELETE CASCADE,
                local_date TEXT NOT NULL,
                metric TEXT,
                value REAL,
                computed_at TEXT NOT NULL
            )"#,
            "CREATE INDEX ix_activity_load_date ON activity_load (local_date)",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
