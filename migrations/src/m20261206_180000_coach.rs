//! The coach: its configuration (never a key: keys live in the keychain),
//! conversations and their messages with citations, suggestions, token use,
//! latency and cost.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in [
            // One row: the active provider, per-provider base URL and model,
            // temperature, the local model's path. A JSON document because the
            // shape follows the providers, which change more than the schema.
            r#"CREATE TABLE coach_config (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                json TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )"#,
            r#"CREATE TABLE conversation (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                title TEXT NOT NULL,
                -- What the first question was asked about (an activity, the plan).
                about_json TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )"#,
            // Usage figures are on the assistant's messages: one row per answer,
            // so the usage view is a GROUP BY, and deleting a conversation
            // takes its usage with it (the athlete asked for it to go).
            r#"CREATE TABLE chat_message (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                conversation_id INTEGER NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
                role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
                content TEXT NOT NULL,
                created_at TEXT NOT NULL,
                provider TEXT,
                model TEXT,
                prompt_tokens INTEGER,
                completion_tokens INTEGER,
                tokens_estimated INTEGER NOT NULL DEFAULT 0,
                latency_ms INTEGER,
                first_token_ms INTEGER,
                context_ms INTEGER,
                cost_usd REAL,
                grounded INTEGER NOT NULL DEFAULT 0,
                stopped INTEGER NOT NULL DEFAULT 0,
                language TEXT,
                citations_json TEXT NOT NULL DEFAULT '[]',
                suggestions_json TEXT NOT NULL DEFAULT '[]',
                tools_json TEXT NOT NULL DEFAULT '[]'
            )"#,
            "CREATE INDEX ix_chat_message_conversation ON chat_message (conversation_id, id)",
            "CREATE INDEX ix_chat_message_created ON chat_message (created_at)",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
