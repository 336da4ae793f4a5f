//! Activities, their sources, laps and compressed 1 Hz streams.
//!
//! Written as SQL: Tempo's database is SQLite only, and the partial index and
//! `ON DELETE CASCADE` read more plainly here than through the builder.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in [
            // The figures shown in lists and totals are columns (sortable,
            // summable in SQL); both full sets of totals are JSON beside them.
            r#"CREATE TABLE activity (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                sport TEXT NOT NULL,
                sub_sport TEXT NOT NULL,
                name TEXT,
                start_utc TEXT NOT NULL,
                start_epoch_s INTEGER NOT NULL,
                utc_offset_s INTEGER,
                elapsed_s REAL,
                timer_s REAL,
                moving_s REAL,
                distance_m REAL,
                ascent_m REAL,
                avg_hr REAL,
                max_hr REAL,
                avg_speed_mps REAL,
                avg_power_w REAL,
                calories_kcal REAL,
                device_manufacturer TEXT,
                device_product TEXT,
                device_totals_json TEXT,
                computed_totals_json TEXT NOT NULL,
                disagreements_json TEXT NOT NULL DEFAULT '[]',
                lengths_json TEXT NOT NULL DEFAULT '[]',
                pool_length_m REAL,
                has_gps INTEGER NOT NULL DEFAULT 0,
                sample_count INTEGER NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )"#,
            "CREATE INDEX ix_activity_start ON activity (start_epoch_s)",
            "CREATE INDEX ix_activity_sport_start ON activity (sport, start_epoch_s)",
            // Every file an activity was read from. The content hash makes a
            // re-import a no-op (the same bytes found at another place, such as
            // inside an export, are remembered as one more source); `is_primary`
            // marks the copy whose data is shown.
            r#"CREATE TABLE activity_source (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
                content_sha256 TEXT NOT NULL,
                session_index INTEGER NOT NULL DEFAULT 0,
                format TEXT NOT NULL,
                origin TEXT NOT NULL,
                file_name TEXT NOT NULL,
                size_bytes INTEGER NOT NULL,
                richness INTEGER NOT NULL,
                is_primary INTEGER NOT NULL,
                imported_at TEXT NOT NULL
            )"#,
            "CREATE UNIQUE INDEX ux_activity_source_hash ON activity_source (content_sha256, session_index, file_name)",
            "CREATE INDEX ix_activity_source_activity ON activity_source (activity_id)",
            r#"CREATE TABLE activity_lap (
                activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
                lap_index INTEGER NOT NULL,
                start_offset_s REAL NOT NULL,
                totals_json TEXT NOT NULL,
                PRIMARY KEY (activity_id, lap_index)
            )"#,
            // One row per activity: all channels in one compressed blob, read
            // whole when the activity is opened (see tempo-storage's `streams`).
            r#"CREATE TABLE activity_stream (
                activity_id INTEGER PRIMARY KEY REFERENCES activity(id) ON DELETE CASCADE,
                codec INTEGER NOT NULL,
                sample_count INTEGER NOT NULL,
                data BLOB NOT NULL
            )"#,
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
