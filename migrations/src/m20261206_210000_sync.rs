//! Sync with providers: each account's cursor and status, every activity a
//! provider listed (the queue that makes a sync resumable and idempotent),
//! and the wellness figures providers send. Never a token or a key: those
//! live in the OS keychain.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in [
            // One row per provider ever connected; kept after a disconnect
            // (the status and cursor of a reconnected account carry on).
            r#"CREATE TABLE sync_account (
                provider TEXT PRIMARY KEY NOT NULL,
                connected INTEGER NOT NULL DEFAULT 0,
                account_name TEXT,
                connected_at TEXT,
                enabled INTEGER NOT NULL DEFAULT 1,
                one_time INTEGER NOT NULL DEFAULT 0,
                -- Days of history for the first sync; NULL: all of it.
                backfill_days INTEGER,
                -- The backfill walks back from now: where it stopped
                -- (RFC 3339), and whether it reached the end.
                backfill_before TEXT,
                backfill_done INTEGER NOT NULL DEFAULT 0,
                -- The newest start listed: incremental syncs list from here.
                newest_start TEXT,
                state TEXT NOT NULL DEFAULT 'idle',
                last_attempt_at TEXT,
                last_success_at TEXT,
                next_run_at TEXT,
                rate_limited_until TEXT,
                last_error_code TEXT,
                last_error_message TEXT,
                last_error_at TEXT,
                updated_at TEXT NOT NULL
            )"#,
            // Every activity a provider listed, by its id there. `state`:
            // pending (to fetch), stored, failed (after `attempts`), skipped
            // (nothing to store). `missing_upstream`: no longer listed.
            r#"CREATE TABLE sync_item (
                provider TEXT NOT NULL,
                remote_id TEXT NOT NULL,
                start_utc TEXT NOT NULL,
                name TEXT,
                sport TEXT,
                distance_m REAL,
                elapsed_s REAL,
                state TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'stored', 'failed', 'skipped')),
                activity_id INTEGER REFERENCES activity (id) ON DELETE SET NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                last_error TEXT,
                missing_upstream INTEGER NOT NULL DEFAULT 0,
                listed_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (provider, remote_id)
            )"#,
            "CREATE INDEX ix_sync_item_queue ON sync_item (provider, state, start_utc)",
            "CREATE INDEX ix_sync_item_activity ON sync_item (activity_id)",
            // A provider's figures for a day, next to (never over) the
            // athlete's own wellness notes.
            r#"CREATE TABLE provider_wellness (
                date TEXT NOT NULL,
                provider TEXT NOT NULL,
                resting_hr REAL,
                hrv_ms REAL,
                weight_kg REAL,
                sleep_s REAL,
                sleep_score REAL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (date, provider)
            )"#,
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
