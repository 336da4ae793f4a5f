//! Stored training-load figures, one per activity, and the daily sums the
//! fitness/fatigue series is built from.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, FromQueryResult, Statement, Value};

use crate::StorageError;

/// Inserts or replaces an activity's load figure.
pub async fn upsert(
    db: &impl ConnectionTrait,
    activity_id: i64,
    local_date: NaiveDate,
    figure: Option<(&str, f64)>,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        "INSERT INTO activity_load (activity_id, local_date, metric, value, computed_at) \
         VALUES (?, ?, ?, ?, ?) \
         ON CONFLICT (activity_id) DO UPDATE SET local_date = excluded.local_date, \
         metric = excluded.metric, value = excluded.value, computed_at = excluded.computed_at",
        [
            Value::from(activity_id),
            Value::from(local_date.to_string()),
            Value::from(figure.map(|f| f.0.to_owned())),
            Value::from(figure.map(|f| f.1)),
            Value::from(now.to_rfc3339()),
        ],
    ))
    .await?;
    Ok(())
}

/// Daily sums of the stored figures, oldest first (days without a figure
/// are absent).
pub async fn daily(db: &DatabaseConnection) -> Result<Vec<(NaiveDate, f64)>, StorageError> {
    #[derive(FromQueryResult)]
    struct Day {
        local_date: String,
        total: f64,
    }
    let rows = Day::find_by_statement(Statement::from_string(
        db.get_database_backend(),
        "SELECT local_date, SUM(value) AS total FROM activity_load \
         WHERE value IS NOT NULL GROUP BY local_date ORDER BY local_date",
    ))
    .all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|d| d.local_date.parse().ok().map(|day| (day, d.total)))
        .collect())
}

/// Ids of every activity, for a full recompute.
pub async fn all_activity_ids(db: &DatabaseConnection) -> Result<Vec<i64>, StorageError> {
    ids(db, "SELECT id AS id FROM activity ORDER BY id", []).await
}

/// Ids of the activities whose stored figure is for `from` or later (their
/// thresholds in force may have changed).
pub async fn activity_ids_since(
    db: &DatabaseConnection,
    from: NaiveDate,
) -> Result<Vec<i64>, StorageError> {
    ids(
        db,
        "SELECT activity_id AS id FROM activity_load WHERE local_date >= ? ORDER BY activity_id",
        [Value::from(from.to_string())],
    )
    .await
}

async fn ids<const N: usize>(
    db: &DatabaseConnection,
    sql: &str,
    values: [Value; N],
) -> Result<Vec<i64>, StorageError> {
    #[derive(FromQueryResult)]
    struct Id {
        id: i64,
    }
    Ok(Id::find_by_statement(Statement::from_sql_and_values(
        db.get_database_backend(),
        sql,
        values,
    ))
    .all(db)
    .await?
    .into_iter()
    .map(|r| r.id)
    .collect())
}

/// Every activity's stored load figure: (activity, (metric, value)).
pub async fn figures(
    db: &DatabaseConnection,
) -> Result<Vec<(i64, (Option<String>, Option<f64>))>, StorageError> {
    #[derive(FromQueryResult)]
    struct Figure {
        activity_id: i64,
        metric: Option<String>,
        value: Option<f64>,
    }
    let rows = Figure::find_by_statement(Statement::from_string(
        db.get_database_backend(),
        "SELECT activity_id, metric, value FROM activity_load",
    ))
    .all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|f| (f.activity_id, (f.metric, f.value)))
        .collect())
}
