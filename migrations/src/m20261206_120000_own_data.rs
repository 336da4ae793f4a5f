//! The athlete's own data beside what files and providers bring: edits that
//! win over a source's values, manual entries, RPE and notes, daily wellness,
//! consent to send data to cloud providers, and the reminders inbox.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in [
            // Columns a source never writes: only the athlete does.
            "ALTER TABLE activity ADD COLUMN description TEXT",
            "ALTER TABLE activity ADD COLUMN rpe INTEGER",
            "ALTER TABLE activity ADD COLUMN notes TEXT",
            "ALTER TABLE activity ADD COLUMN counts_for_load INTEGER NOT NULL DEFAULT 1",
            "ALTER TABLE activity ADD COLUMN exclude_from_export INTEGER NOT NULL DEFAULT 0",
            // Entered by hand: no source file; a file of the same session later
            // merges into it (the file's data wins, the athlete's edits stay).
            "ALTER TABLE activity ADD COLUMN manual INTEGER NOT NULL DEFAULT 0",
            // The athlete's values for fields a source also writes (name,
            // sport): re-applied whenever a richer source replaces the data.
            "ALTER TABLE activity ADD COLUMN edits_json TEXT NOT NULL DEFAULT '{}'",
            "ALTER TABLE planned_workout ADD COLUMN rpe INTEGER",
            "ALTER TABLE planned_workout ADD COLUMN notes TEXT",
            // Scales are 1–5; NULL is "not said".
            r#"CREATE TABLE wellness_day (
                date TEXT PRIMARY KEY,
                sleep_hours REAL,
                sleep_quality INTEGER,
                soreness INTEGER,
                mood INTEGER,
                notes TEXT,
                updated_at TEXT NOT NULL
            )"#,
            // One row per cloud provider the athlete allowed to receive the
            // listed fields; revoking deletes it.
            r#"CREATE TABLE consent (
                provider TEXT PRIMARY KEY,
                fields_json TEXT NOT NULL,
                granted_at TEXT NOT NULL
            )"#,
            // `dedup_key` makes creating a due reminder idempotent ("today's
            // workout" once per day, one per pending adjustment…).
            r#"CREATE TABLE reminder (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                kind TEXT NOT NULL,
                dedup_key TEXT NOT NULL UNIQUE,
                title TEXT NOT NULL,
                body TEXT NOT NULL,
                link TEXT,
                created_at TEXT NOT NULL,
                read_at TEXT
            )"#,
            "CREATE INDEX ix_reminder_created ON reminder (created_at)",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
