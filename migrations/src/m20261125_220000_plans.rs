//! Goals, plans (one active at a time), their weeks and workouts, proposed
//! adjustments, and reusable plan templates.
//!
//! A workout's structure (steps, targets, estimates) is a JSON document: it
//! is read and written whole, never queried inside. What is queried (date,
//! kind, status, the matched activity) has columns.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in [
            r#"CREATE TABLE goal (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT NOT NULL,
                goal_json TEXT NOT NULL,
                created_at TEXT NOT NULL
            )"#,
            r#"CREATE TABLE plan (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                goal_id INTEGER NOT NULL REFERENCES goal(id) ON DELETE CASCADE,
                active INTEGER NOT NULL DEFAULT 0,
                generated_at TEXT NOT NULL,
                vdot REAL,
                thresholds_json TEXT NOT NULL,
                warnings_json TEXT NOT NULL
            )"#,
            // At most one active plan.
            "CREATE UNIQUE INDEX ux_plan_active ON plan (active) WHERE active = 1",
            r#"CREATE TABLE plan_week (
                plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
                week_index INTEGER NOT NULL,
                start_date TEXT NOT NULL,
                phase TEXT NOT NULL,
                recovery INTEGER NOT NULL,
                target_km REAL NOT NULL,
                long_run_km REAL NOT NULL,
                rules_json TEXT NOT NULL,
                PRIMARY KEY (plan_id, week_index)
            )"#,
            r#"CREATE TABLE planned_workout (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
                week_index INTEGER NOT NULL,
                date TEXT NOT NULL,
                kind TEXT NOT NULL,
                workout_json TEXT NOT NULL,
                skipped INTEGER NOT NULL DEFAULT 0,
                edited INTEGER NOT NULL DEFAULT 0,
                updated_at TEXT NOT NULL
            )"#,
            "CREATE INDEX ix_planned_workout_plan_date ON planned_workout (plan_id, date)",
            r#"CREATE TABLE plan_adjustment (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
                created_at TEXT NOT NULL,
                reason TEXT NOT NULL,
                explanation TEXT NOT NULL,
                weeks_json TEXT NOT NULL,
                status TEXT NOT NULL,
                decided_at TEXT
            )"#,
            r#"CREATE TABLE plan_template (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT NOT NULL UNIQUE,
                goal_json TEXT NOT NULL,
                created_at TEXT NOT NULL
            )"#,
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
