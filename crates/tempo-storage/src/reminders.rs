//! The in-app inbox of reminders. Creating one is idempotent on its key, so
//! the check that finds what is due can run as often as it likes.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult, Statement, Value};

use crate::StorageError;

#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct ReminderRow {
    pub id: i64,
    pub kind: String,
    pub dedup_key: String,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
    pub created_at: String,
    pub read_at: Option<String>,
}

/// A reminder to create.
#[derive(Debug, Clone, PartialEq)]
pub struct NewReminder {
    pub kind: String,
    /// One reminder per key, ever ("today_workout:2026-12-06").
    pub dedup_key: String,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
}

/// Creates the reminder unless one with its key exists; returns the new row.
pub async fn insert_if_new(
    db: &impl ConnectionTrait,
    r: &NewReminder,
    now: DateTime<Utc>,
) -> Result<Option<ReminderRow>, StorageError> {
    let backend = db.get_database_backend();
    let res = db
        .execute_raw(Statement::from_sql_and_values(
            backend,
            "INSERT INTO reminder (kind, dedup_key, title, body, link, created_at) \
             VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING",
            [
                r.kind.clone().into(),
                r.dedup_key.clone().into(),
                r.title.clone().into(),
                r.body.clone().into(),
                r.link.clone().into(),
                Value::from(now.to_rfc3339()),
            ],
        ))
        .await?;
    if res.rows_affected() == 0 {
        return Ok(None);
    }
    Ok(
        ReminderRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            "SELECT id, kind, dedup_key, title, body, link, created_at, read_at FROM reminder \
         WHERE dedup_key = ?",
            [r.dedup_key.clone().into()],
        ))
        .one(db)
        .await?,
    )
}

/// The newest reminders first.
pub async fn list(db: &impl ConnectionTrait, limit: u32) -> Result<Vec<ReminderRow>, StorageError> {
    Ok(
        ReminderRow::find_by_statement(Statement::from_sql_and_values(
            db.get_database_backend(),
            "SELECT id, kind, dedup_key, title, body, link, created_at, read_at FROM reminder \
         ORDER BY created_at DESC, id DESC LIMIT ?",
            [i64::from(limit).into()],
        ))
        .all(db)
        .await?,
    )
}

pub async fn unread(db: &impl ConnectionTrait) -> Result<i64, StorageError> {
    #[derive(FromQueryResult)]
    struct N {
        n: i64,
    }
    Ok(N::find_by_statement(Statement::from_string(
        db.get_database_backend(),
        "SELECT COUNT(*) AS n FROM reminder WHERE read_at IS NULL",
    ))
    .one(db)
    .await?
    .map_or(0, |n| n.n))
}

/// Marks reminders read (an empty list marks them all).
pub async fn mark_read(
    db: &impl ConnectionTrait,
    ids: &[i64],
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    let backend = db.get_database_backend();
    if ids.is_empty() {
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            "UPDATE reminder SET read_at = ? WHERE read_at IS NULL",
            [now.to_rfc3339().into()],
        ))
        .await?;
        return Ok(());
    }
    for id in ids {
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            "UPDATE reminder SET read_at = ? WHERE id = ? AND read_at IS NULL",
            [now.to_rfc3339().into(), (*id).into()],
        ))
        .await?;
    }
    Ok(())
}
