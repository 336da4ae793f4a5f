//! The coach's configuration, conversations and messages, and where
//! activities came from (the Strava rule).

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, FromQueryResult, Statement, TransactionTrait};

use crate::StorageError;

/// `activity_source.origin` of activities fetched through Strava's API (the
/// sync engine writes it). Strava's bulk export is `strava_export`: the
/// athlete's own download, with no API terms attached.
pub const STRAVA_API: &str = "strava";

/// The configuration document, if one was saved.
pub async fn config(db: &DatabaseConnection) -> Result<Option<String>, StorageError> {
    #[derive(FromQueryResult)]
    struct Row {
        json: String,
    }
    Ok(Row::find_by_statement(Statement::from_string(
        db.get_database_backend(),
        "SELECT json FROM coach_config WHERE id = 1",
    ))
    .one(db)
    .await?
    .map(|r| r.json))
}

pub async fn set_config(
    db: &DatabaseConnection,
    json: &str,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        "INSERT INTO coach_config (id, json, updated_at) VALUES (1, ?1, ?2) \
         ON CONFLICT (id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at",
        [json.into(), now.to_rfc3339().into()],
    ))
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct ConversationRow {
    pub id: i64,
    pub title: String,
    pub about_json: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub message_count: i64,
    /// Of the last answer.
    pub provider: Option<String>,
    pub model: Option<String>,
    /// The conversation's own settings; NULL: the coach's default.
    pub temperature: Option<f64>,
    pub max_tokens: Option<i64>,
}

const CONVERSATION_COLUMNS: &str = "c.id, c.title, c.about_json, c.created_at, c.updated_at, \
    c.temperature, c.max_tokens, \
    (SELECT COUNT(*) FROM chat_message m WHERE m.conversation_id = c.id) AS message_count, \
    (SELECT provider FROM chat_message m WHERE m.conversation_id = c.id AND m.role = 'assistant' \
      ORDER BY m.id DESC LIMIT 1) AS provider, \
    (SELECT model FROM chat_message m WHERE m.conversation_id = c.id AND m.role = 'assistant' \
      ORDER BY m.id DESC LIMIT 1) AS model";

/// Conversations, most recent first; `search` matches titles and message
/// text (case-insensitive for ASCII, as SQLite's LIKE).
pub async fn conversations(
    db: &DatabaseConnection,
    search: Option<&str>,
) -> Result<Vec<ConversationRow>, StorageError> {
    let (filter, values) = match search.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => {
            let pattern = format!(
                "%{}%",
                s.replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            );
            (
                "WHERE c.title LIKE ?1 ESCAPE '\\' OR EXISTS (SELECT 1 FROM chat_message m \
                 WHERE m.conversation_id = c.id AND m.content LIKE ?1 ESCAPE '\\')",
                vec![pattern.into()],
            )
        }
        None => ("", vec![]),
    };
    Ok(ConversationRow::find_by_statement(Statement::from_sql_and_values(
        db.get_database_backend(),
        format!(
            "SELECT {CONVERSATION_COLUMNS} FROM conversation c {filter} ORDER BY c.updated_at DESC, c.id DESC"
        ),
        values,
    ))
    .all(db)
    .await?)
}

pub async fn conversation(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<Option<ConversationRow>, StorageError> {
    Ok(
        ConversationRow::find_by_statement(Statement::from_sql_and_values(
            db.get_database_backend(),
            format!("SELECT {CONVERSATION_COLUMNS} FROM conversation c WHERE c.id = ?1"),
            [id.into()],
        ))
        .one(db)
        .await?,
    )
}

/// A conversation's own sampling settings; `None`: the coach's default.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ConversationSettings {
    pub temperature: Option<f64>,
    pub max_tokens: Option<i64>,
}

pub async fn create_conversation(
    db: &DatabaseConnection,
    title: &str,
    about_json: Option<&str>,
    settings: ConversationSettings,
    now: DateTime<Utc>,
) -> Result<i64, StorageError> {
    let now = now.to_rfc3339();
    let res = db
        .execute_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "INSERT INTO conversation (title, about_json, temperature, max_tokens, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            [
                title.into(),
                about_json.map(str::to_owned).into(),
                settings.temperature.into(),
                settings.max_tokens.into(),
                now.into(),
            ],
        ))
        .await?;
    Ok(res.last_insert_id() as i64)
}

/// Replaces the settings a conversation answers with; returns whether the
/// conversation exists.
pub async fn set_conversation_settings(
    db: &DatabaseConnection,
    id: i64,
    settings: ConversationSettings,
) -> Result<bool, StorageError> {
    let res = db
        .execute_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "UPDATE conversation SET temperature = ?2, max_tokens = ?3 WHERE id = ?1",
            [
                id.into(),
                settings.temperature.into(),
                settings.max_tokens.into(),
            ],
        ))
        .await?;
    Ok(res.rows_affected() == 1)
}

/// Returns whether the conversation exists.
pub async fn rename_conversation(
    db: &DatabaseConnection,
    id: i64,
    title: &str,
) -> Result<bool, StorageError> {
    let res = db
        .execute_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "UPDATE conversation SET title = ?2 WHERE id = ?1",
            [id.into(), title.into()],
        ))
        .await?;
    Ok(res.rows_affected() == 1)
}

/// Deletes the conversation and its messages; returns whether it existed.
pub async fn delete_conversation(db: &DatabaseConnection, id: i64) -> Result<bool, StorageError> {
    let res = db
        .execute_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "DELETE FROM conversation WHERE id = ?1",
            [id.into()],
        ))
        .await?;
    Ok(res.rows_affected() == 1)
}

/// One message as stored. JSON columns are the api crate's DTOs.
#[derive(Debug, Clone, PartialEq, Default, FromQueryResult)]
pub struct MessageRow {
    pub id: i64,
    pub conversation_id: i64,
    pub role: String,
    pub content: String,
    pub created_at: String,
    pub provider: Option<String>,
    pub model: Option<String>,
    pub prompt_tokens: Option<i64>,
    pub completion_tokens: Option<i64>,
    pub tokens_estimated: bool,
    pub latency_ms: Option<i64>,
    pub first_token_ms: Option<i64>,
    pub context_ms: Option<i64>,
    pub cost_usd: Option<f64>,
    pub grounded: bool,
    pub stopped: bool,
    pub language: Option<String>,
    pub citations_json: String,
    pub suggestions_json: String,
    pub tools_json: String,
}

const MESSAGE_COLUMNS: &str = "id, conversation_id, role, content, created_at, provider, model, \
    prompt_tokens, completion_tokens, tokens_estimated, latency_ms, first_token_ms, context_ms, \
    cost_usd, grounded, stopped, language, citations_json, suggestions_json, tools_json";

pub async fn messages(
    db: &impl ConnectionTrait,
    conversation_id: i64,
) -> Result<Vec<MessageRow>, StorageError> {
    Ok(
        MessageRow::find_by_statement(Statement::from_sql_and_values(
            db.get_database_backend(),
            format!(
                "SELECT {MESSAGE_COLUMNS} FROM chat_message WHERE conversation_id = ?1 ORDER BY id"
            ),
            [conversation_id.into()],
        ))
        .all(db)
        .await?,
    )
}

pub async fn message(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<Option<MessageRow>, StorageError> {
    Ok(
        MessageRow::find_by_statement(Statement::from_sql_and_values(
            db.get_database_backend(),
            format!("SELECT {MESSAGE_COLUMNS} FROM chat_message WHERE id = ?1"),
            [id.into()],
        ))
        .one(db)
        .await?,
    )
}

/// Appends a message (its `id` is ignored) and touches the conversation.
pub async fn add_message(db: &DatabaseConnection, m: &MessageRow) -> Result<i64, StorageError> {
    let txn = db.begin().await?;
    let res = txn
        .execute_raw(Statement::from_sql_and_values(
            txn.get_database_backend(),
            "INSERT INTO chat_message (conversation_id, role, content, created_at, provider, model, \
               prompt_tokens, completion_tokens, tokens_estimated, latency_ms, first_token_ms, \
               context_ms, cost_usd, grounded, stopped, language, citations_json, \
               suggestions_json, tools_json) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
            [
                m.conversation_id.into(),
                m.role.clone().into(),
                m.content.clone().into(),
                m.created_at.clone().into(),
                m.provider.clone().into(),
                m.model.clone().into(),
                m.prompt_tokens.into(),
                m.completion_tokens.into(),
                m.tokens_estimated.into(),
                m.latency_ms.into(),
                m.first_token_ms.into(),
                m.context_ms.into(),
                m.cost_usd.into(),
                m.grounded.into(),
                m.stopped.into(),
                m.language.clone().into(),
                m.citations_json.clone().into(),
                m.suggestions_json.clone().into(),
                m.tools_json.clone().into(),
            ],
        ))
        .await?;
    let id = res.last_insert_id() as i64;
    txn.execute_raw(Statement::from_sql_and_values(
        txn.get_database_backend(),
        "UPDATE conversation SET updated_at = ?2 WHERE id = ?1",
        [m.conversation_id.into(), m.created_at.clone().into()],
    ))
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Deletes one message (an answer being regenerated).
pub async fn delete_message(db: &DatabaseConnection, id: i64) -> Result<bool, StorageError> {
    let res = db
        .execute_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "DELETE FROM chat_message WHERE id = ?1",
            [id.into()],
        ))
        .await?;
    Ok(res.rows_affected() == 1)
}

pub async fn set_suggestions(
    db: &DatabaseConnection,
    message_id: i64,
    json: &str,
) -> Result<(), StorageError> {
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        "UPDATE chat_message SET suggestions_json = ?2 WHERE id = ?1",
        [message_id.into(), json.into()],
    ))
    .await?;
    Ok(())
}

/// The answers written since `since` (RFC 3339), for the usage view.
pub async fn answers_since(
    db: &DatabaseConnection,
    since: &str,
) -> Result<Vec<MessageRow>, StorageError> {
    Ok(
        MessageRow::find_by_statement(Statement::from_sql_and_values(
            db.get_database_backend(),
            format!(
                "SELECT {MESSAGE_COLUMNS} FROM chat_message \
             WHERE role = 'assistant' AND created_at >= ?1 ORDER BY created_at"
            ),
            [since.into()],
        ))
        .all(db)
        .await?,
    )
}

/// Of these activities, the ones whose every source is Strava's API (and
/// that were not entered by hand): their data may not go to a cloud model
/// without the athlete's opt-in.
pub async fn strava_api_only(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<Vec<i64>, StorageError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    #[derive(FromQueryResult)]
    struct Row {
        id: i64,
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    Ok(Row::find_by_statement(Statement::from_sql_and_values(
        db.get_database_backend(),
        format!(
            "SELECT a.id FROM activity a WHERE a.id IN ({list}) AND a.manual = 0 \
             AND EXISTS (SELECT 1 FROM activity_source s WHERE s.activity_id = a.id AND s.origin = ?1) \
             AND NOT EXISTS (SELECT 1 FROM activity_source s WHERE s.activity_id = a.id AND s.origin <> ?1)"
        ),
        [STRAVA_API.into()],
    ))
    .all(db)
    .await?
    .into_iter()
    .map(|r| r.id)
    .collect())
}

/// Each activity's description (a column only edits and sources write).
pub async fn descriptions(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<Vec<(i64, String)>, StorageError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    #[derive(FromQueryResult)]
    struct Row {
        id: i64,
        description: String,
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    Ok(Row::find_by_statement(Statement::from_string(
        db.get_database_backend(),
        format!(
            "SELECT id, description FROM activity WHERE id IN ({list}) \
             AND description IS NOT NULL AND description <> ''"
        ),
    ))
    .all(db)
    .await?
    .into_iter()
    .map(|r| (r.id, r.description))
    .collect())
}
