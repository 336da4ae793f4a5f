//! Per-activity summaries for the dashboard and the fitness estimates, and the
//! versioned fits of the athlete's fitness-fatigue model.
//!
//! `activity_summary` holds what the season views combine (mean-max curves,
//! best efforts, time in zones, heart-rate maxima) so that a dashboard over
//! years reads small rows instead of decoding every stream. The summary is a
//! JSON document with a format `version`: a newer Tempo recomputes the rows
//! whose version it does not know, instead of needing a migration per field.
//!
//! `metrics_setting` holds the athlete's choices about how metrics are
//! computed (the fitness/fatigue time constants), in the database rather than
//! the app's settings so the CLI computes the same series as the app.
//!
//! `fitness_model_fit` is append-only: each re-fit of the impulse-response
//! model is a new row, so the athlete can see how the model's error against
//! later results evolves.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in [
            r#"CREATE TABLE activity_summary (
                activity_id INTEGER PRIMARY KEY REFERENCES activity(id) ON DELETE CASCADE,
                local_date TEXT NOT NULL,
                sport TEXT NOT NULL,
                version INTEGER NOT NULL,
                summary TEXT NOT NULL,
                computed_at TEXT NOT NULL
            )"#,
            "CREATE INDEX ix_activity_summary_date ON activity_summary (local_date)",
            r#"CREATE TABLE metrics_setting (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )"#,
            r#"CREATE TABLE fitness_model_fit (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                performance TEXT NOT NULL,
                fitted_at TEXT NOT NULL,
                through_date TEXT NOT NULL,
                points INTEGER NOT NULL,
                p0 REAL NOT NULL,
                k1 REAL NOT NULL,
                k2 REAL NOT NULL,
                tau1 REAL NOT NULL,
                tau2 REAL NOT NULL,
                rmse REAL NOT NULL
            )"#,
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
