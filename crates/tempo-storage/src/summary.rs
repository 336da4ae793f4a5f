//! Per-activity summaries (a versioned JSON document the api crate defines),
//! the rows the volume views add up, the fitness-model fit history, and the
//! metrics settings.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, FromQueryResult, Statement, Value};

use crate::StorageError;

/// Inserts or replaces an activity's summary.
pub async fn upsert(
    db: &impl ConnectionTrait,
    activity_id: i64,
    local_date: NaiveDate,
    sport: &str,
    version: i32,
    summary_json: &str,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        "INSERT INTO activity_summary (activity_id, local_date, sport, version, summary, computed_at) \
         VALUES (?, ?, ?, ?, ?, ?) \
         ON CONFLICT (activity_id) DO UPDATE SET local_date = excluded.local_date, \
         sport = excluded.sport, version = excluded.version, summary = excluded.summary, \
         computed_at = excluded.computed_at",
        [
            Value::from(activity_id),
            Value::from(local_date.to_string()),
            Value::from(sport.to_owned()),
            Value::from(version),
            Value::from(summary_json.to_owned()),
            Value::from(now.to_rfc3339()),
        ],
    ))
    .await?;
    Ok(())
}

/// A stored summary.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryRow {
    pub activity_id: i64,
    pub local_date: NaiveDate,
    pub sport: String,
    pub version: i32,
    pub summary_json: String,
}

/// Summaries of the activities on days `from..=to` (either end open), oldest
/// first.
pub async fn in_range(
    db: &DatabaseConnection,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<SummaryRow>, StorageError> {
    #[derive(FromQueryResult)]
    struct Row {
        activity_id: i64,
        local_date: String,
        sport: String,
        version: i32,
        summary: String,
    }
    let rows = Row::find_by_statement(Statement::from_sql_and_values(
        db.get_database_backend(),
        "SELECT activity_id, local_date, sport, version, summary FROM activity_summary \
         WHERE local_date >= ? AND local_date <= ? ORDER BY local_date, activity_id",
        [
            Value::from(from.map_or_else(|| "0000-01-01".to_owned(), |d| d.to_string())),
            Value::from(to.map_or_else(|| "9999-12-31".to_owned(), |d| d.to_string())),
        ],
    ))
    .all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(SummaryRow {
                activity_id: r.activity_id,
                local_date: r.local_date.parse().ok()?,
                sport: r.sport,
                version: r.version,
                summary_json: r.summary,
            })
        })
        .collect())
}

/// Activities without a summary of `version` (never computed, or computed by
/// an older format).
pub async fn ids_not_at_version(
    db: &DatabaseConnection,
    version: i32,
) -> Result<Vec<i64>, StorageError> {
    #[derive(FromQueryResult)]
    struct Id {
        id: i64,
    }
    Ok(Id::find_by_statement(Statement::from_sql_and_values(
        db.get_database_backend(),
        "SELECT a.id AS id FROM activity a LEFT JOIN activity_summary s ON s.activity_id = a.id \
         WHERE s.version IS NULL OR s.version <> ? ORDER BY a.id",
        [Value::from(version)],
    ))
    .all(db)
    .await?
    .into_iter()
    .map(|r| r.id)
    .collect())
}

/// What the volume views add up, per activity.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct VolumeRow {
    pub id: i64,
    pub sport: String,
    pub start_epoch_s: i64,
    pub utc_offset_s: Option<i32>,
    pub moving_s: Option<f64>,
    pub timer_s: Option<f64>,
    pub distance_m: Option<f64>,
    pub ascent_m: Option<f64>,
    pub load: Option<f64>,
}

/// Every activity with its stored load, oldest first, starting in
/// `from_epoch..to_epoch` (UTC seconds; the caller widens the range by a day
/// on each side and filters on the local day).
pub async fn volume_rows(
    db: &DatabaseConnection,
    from_epoch: i64,
    to_epoch: i64,
) -> Result<Vec<VolumeRow>, StorageError> {
    Ok(VolumeRow::find_by_statement(Statement::from_sql_and_values(
        db.get_database_backend(),
        "SELECT a.id, a.sport, a.start_epoch_s, a.utc_offset_s, a.moving_s, a.timer_s, \
         a.distance_m, a.ascent_m, l.value AS load \
         FROM activity a LEFT JOIN activity_load l ON l.activity_id = a.id \
         WHERE a.start_epoch_s >= ? AND a.start_epoch_s < ? ORDER BY a.start_epoch_s",
        [Value::from(from_epoch), Value::from(to_epoch)],
    ))
    .all(db)
    .await?)
}

/// One stored fit of the fitness-fatigue (impulse-response) model.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct FitRow {
    pub id: i64,
    pub performance: String,
    pub fitted_at: String,
    pub through_date: String,
    pub points: i64,
    pub p0: f64,
    pub k1: f64,
    pub k2: f64,
    pub tau1: f64,
    pub tau2: f64,
    pub rmse: f64,
}

/// Appends a fit; returns its id (the fit's version).
pub async fn insert_fit(db: &impl ConnectionTrait, fit: &FitRow) -> Result<i64, StorageError> {
    let res = db
        .execute_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "INSERT INTO fitness_model_fit (performance, fitted_at, through_date, points, \
             p0, k1, k2, tau1, tau2, rmse) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                Value::from(fit.performance.clone()),
                Value::from(fit.fitted_at.clone()),
                Value::from(fit.through_date.clone()),
                Value::from(fit.points),
                Value::from(fit.p0),
                Value::from(fit.k1),
                Value::from(fit.k2),
                Value::from(fit.tau1),
                Value::from(fit.tau2),
                Value::from(fit.rmse),
            ],
        ))
        .await?;
    Ok(res.last_insert_id() as i64)
}

/// Every fit of a performance measure, oldest first.
pub async fn fits(db: &DatabaseConnection, performance: &str) -> Result<Vec<FitRow>, StorageError> {
    Ok(FitRow::find_by_statement(Statement::from_sql_and_values(
        db.get_database_backend(),
        "SELECT id, performance, fitted_at, through_date, points, p0, k1, k2, tau1, tau2, rmse \
         FROM fitness_model_fit WHERE performance = ? ORDER BY id",
        [Value::from(performance.to_owned())],
    ))
    .all(db)
    .await?)
}

/// A stored metrics setting (JSON), if set.
pub async fn setting(db: &DatabaseConnection, key: &str) -> Result<Option<String>, StorageError> {
    #[derive(FromQueryResult)]
    struct Row {
        value: String,
    }
    Ok(Row::find_by_statement(Statement::from_sql_and_values(
        db.get_database_backend(),
        "SELECT value FROM metrics_setting WHERE key = ?",
        [Value::from(key.to_owned())],
    ))
    .one(db)
    .await?
    .map(|r| r.value))
}

/// Stores a metrics setting (JSON).
pub async fn set_setting(
    db: &impl ConnectionTrait,
    key: &str,
    value: &str,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        "INSERT INTO metrics_setting (key, value, updated_at) VALUES (?, ?, ?) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        [
            Value::from(key.to_owned()),
            Value::from(value.to_owned()),
            Value::from(now.to_rfc3339()),
        ],
    ))
    .await?;
    Ok(())
}
