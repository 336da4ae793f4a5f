//! The sync repository: each provider account's cursor and status, the queue
//! of activities providers listed, and providers' wellness figures.
//!
//! The queue (`sync_item`) is what makes a sync resumable and idempotent: an
//! activity is recorded when listed, then marked stored with the activity it
//! became. A sync that stops (quit, crash, rate limit) leaves `pending` rows
//! the next one fetches first; a re-listed activity is never queued twice.
//! Dates are RFC 3339 text, which sorts as time for UTC values.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, FromQueryResult, Statement, TransactionTrait, Value,
};

use crate::StorageError;

/// How many times a failing activity is tried (one per sync) before it is
/// left alone until the athlete asks again.
pub const MAX_ATTEMPTS: i32 = 3;

pub fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A provider account's row.
#[derive(Debug, Clone, PartialEq, Default, FromQueryResult)]
pub struct AccountRow {
    pub provider: String,
    pub connected: bool,
    pub account_name: Option<String>,
    pub connected_at: Option<String>,
    pub enabled: bool,
    pub one_time: bool,
    pub backfill_days: Option<i32>,
    pub backfill_before: Option<String>,
    pub backfill_done: bool,
    pub newest_start: Option<String>,
    pub state: String,
    pub last_attempt_at: Option<String>,
    pub last_success_at: Option<String>,
    pub next_run_at: Option<String>,
    pub rate_limited_until: Option<String>,
    pub last_error_code: Option<String>,
    pub last_error_message: Option<String>,
    pub last_error_at: Option<String>,
}

impl AccountRow {
    pub fn new(provider: &str) -> AccountRow {
        AccountRow {
            provider: provider.to_owned(),
            enabled: true,
            state: "idle".into(),
            ..Default::default()
        }
    }
}

const ACCOUNT_COLUMNS: &str = "provider, connected, account_name, connected_at, enabled, one_time, \
     backfill_days, backfill_before, backfill_done, newest_start, state, last_attempt_at, \
     last_success_at, next_run_at, rate_limited_until, last_error_code, last_error_message, \
     last_error_at";

pub async fn accounts(db: &impl ConnectionTrait) -> Result<Vec<AccountRow>, StorageError> {
    Ok(AccountRow::find_by_statement(Statement::from_string(
        db.get_database_backend(),
        format!("SELECT {ACCOUNT_COLUMNS} FROM sync_account ORDER BY provider"),
    ))
    .all(db)
    .await?)
}

pub async fn account(
    db: &impl ConnectionTrait,
    provider: &str,
) -> Result<Option<AccountRow>, StorageError> {
    Ok(
        AccountRow::find_by_statement(Statement::from_sql_and_values(
            db.get_database_backend(),
            format!("SELECT {ACCOUNT_COLUMNS} FROM sync_account WHERE provider = ?"),
            [provider.into()],
        ))
        .one(db)
        .await?,
    )
}

/// Writes the whole row (insert or replace).
pub async fn save_account(
    db: &impl ConnectionTrait,
    a: &AccountRow,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    let values: Vec<Value> = vec![
        a.provider.clone().into(),
        a.connected.into(),
        a.account_name.clone().into(),
        a.connected_at.clone().into(),
        a.enabled.into(),
        a.one_time.into(),
        a.backfill_days.into(),
        a.backfill_before.clone().into(),
        a.backfill_done.into(),
        a.newest_start.clone().into(),
        a.state.clone().into(),
        a.last_attempt_at.clone().into(),
        a.last_success_at.clone().into(),
        a.next_run_at.clone().into(),
        a.rate_limited_until.clone().into(),
        a.last_error_code.clone().into(),
        a.last_error_message.clone().into(),
        a.last_error_at.clone().into(),
        ts(now).into(),
    ];
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        format!(
            "INSERT OR REPLACE INTO sync_account ({ACCOUNT_COLUMNS}, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        ),
        values,
    ))
    .await?;
    Ok(())
}

/// An activity as listed, to queue.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    pub remote_id: String,
    pub start: DateTime<Utc>,
    pub name: Option<String>,
    pub sport: Option<String>,
    pub distance_m: Option<f64>,
    pub elapsed_s: Option<f64>,
}

/// Queues listed activities not seen before; a re-listed one is left as it
/// is (and no longer counts as missing upstream). Returns how many were new.
pub async fn record_listed(
    db: &DatabaseConnection,
    provider: &str,
    items: &[Listed],
    now: DateTime<Utc>,
) -> Result<u32, StorageError> {
    let txn = db.begin().await?;
    let backend = txn.get_database_backend();
    let mut new = 0;
    for i in items {
        let seen = txn
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                "SELECT 1 AS n FROM sync_item WHERE provider = ? AND remote_id = ?",
                [provider.into(), i.remote_id.clone().into()],
            ))
            .await?
            .is_some();
        if seen {
            txn.execute_raw(Statement::from_sql_and_values(
                backend,
                "UPDATE sync_item SET missing_upstream = 0 WHERE provider = ? AND remote_id = ?",
                [provider.into(), i.remote_id.clone().into()],
            ))
            .await?;
            continue;
        }
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "INSERT INTO sync_item (provider, remote_id, start_utc, name, sport, distance_m, \
             elapsed_s, state, listed_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
            [
                provider.into(),
                i.remote_id.clone().into(),
                ts(i.start).into(),
                i.name.clone().into(),
                i.sport.clone().into(),
                i.distance_m.into(),
                i.elapsed_s.into(),
                ts(now).into(),
                ts(now).into(),
            ],
        ))
        .await?;
        new += 1;
    }
    txn.commit().await?;
    Ok(new)
}

/// A queued activity.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct ItemRow {
    pub provider: String,
    pub remote_id: String,
    pub start_utc: String,
    pub name: Option<String>,
    pub sport: Option<String>,
    pub distance_m: Option<f64>,
    pub elapsed_s: Option<f64>,
    pub state: String,
    pub activity_id: Option<i64>,
    pub attempts: i32,
    pub last_error: Option<String>,
}

const ITEM_COLUMNS: &str = "provider, remote_id, start_utc, name, sport, distance_m, elapsed_s, \
     state, activity_id, attempts, last_error";

/// Activities to fetch, newest first: pending ones, and failed ones with
/// tries left.
pub async fn to_fetch(
    db: &impl ConnectionTrait,
    provider: &str,
    limit: u32,
) -> Result<Vec<ItemRow>, StorageError> {
    Ok(ItemRow::find_by_statement(Statement::from_sql_and_values(
        db.get_database_backend(),
        format!(
            "SELECT {ITEM_COLUMNS} FROM sync_item WHERE provider = ? \
             AND (state = 'pending' OR (state = 'failed' AND attempts < ?)) \
             ORDER BY start_utc DESC LIMIT ?"
        ),
        [provider.into(), MAX_ATTEMPTS.into(), limit.into()],
    ))
    .all(db)
    .await?)
}

/// How many activities wait to be fetched.
pub async fn count_to_fetch(
    db: &impl ConnectionTrait,
    provider: &str,
) -> Result<i64, StorageError> {
    count(
        db,
        "SELECT COUNT(*) AS n FROM sync_item WHERE provider = ? \
         AND (state = 'pending' OR (state = 'failed' AND attempts < ?))",
        vec![provider.into(), MAX_ATTEMPTS.into()],
    )
    .await
}

/// Records what fetching an activity gave.
pub async fn mark(
    db: &impl ConnectionTrait,
    provider: &str,
    remote_id: &str,
    state: &str,
    activity_id: Option<i64>,
    error: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        "UPDATE sync_item SET state = ?, activity_id = COALESCE(?, activity_id), last_error = ?, \
         attempts = attempts + (CASE WHEN ? = 'failed' THEN 1 ELSE 0 END), updated_at = ? \
         WHERE provider = ? AND remote_id = ?",
        [
            state.into(),
            activity_id.into(),
            error.map(str::to_owned).into(),
            state.into(),
            ts(now).into(),
            provider.into(),
            remote_id.into(),
        ],
    ))
    .await?;
    Ok(())
}

/// Flags stored activities that started in [`from`, `to`] but were not in
/// a complete listing of that span (`listed`), and clears the flag of those
/// that were. Returns how many are flagged now in that span.
pub async fn flag_missing(
    db: &DatabaseConnection,
    provider: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    listed: &[String],
) -> Result<i64, StorageError> {
    let txn = db.begin().await?;
    let backend = txn.get_database_backend();
    let rows = ItemRow::find_by_statement(Statement::from_sql_and_values(
        backend,
        format!(
            "SELECT {ITEM_COLUMNS} FROM sync_item WHERE provider = ? AND state = 'stored' \
             AND start_utc >= ? AND start_utc <= ?"
        ),
        [provider.into(), ts(from).into(), ts(to).into()],
    ))
    .all(&txn)
    .await?;
    let mut flagged = 0;
    for r in rows {
        let missing = !listed.contains(&r.remote_id);
        flagged += i64::from(missing);
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "UPDATE sync_item SET missing_upstream = ? WHERE provider = ? AND remote_id = ?",
            [missing.into(), provider.into(), r.remote_id.into()],
        ))
        .await?;
    }
    txn.commit().await?;
    Ok(flagged)
}

/// Stored activities a provider no longer lists, newest first.
pub async fn missing_upstream(
    db: &impl ConnectionTrait,
    provider: Option<&str>,
) -> Result<Vec<ItemRow>, StorageError> {
    let (filter, values): (&str, Vec<Value>) = match provider {
        Some(p) => ("AND provider = ?", vec![p.into()]),
        None => ("", vec![]),
    };
    Ok(ItemRow::find_by_statement(Statement::from_sql_and_values(
        db.get_database_backend(),
        format!(
            "SELECT {ITEM_COLUMNS} FROM sync_item WHERE missing_upstream = 1 \
             AND activity_id IS NOT NULL {filter} ORDER BY start_utc DESC"
        ),
        values,
    ))
    .all(db)
    .await?)
}

/// The athlete kept a missing activity: it is no longer flagged (nor
/// flagged again: the item is forgotten as a provider record).
pub async fn keep_missing(
    db: &impl ConnectionTrait,
    provider: &str,
    remote_id: &str,
) -> Result<bool, StorageError> {
    let r = db
        .execute_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "UPDATE sync_item SET missing_upstream = 0, state = 'skipped' \
             WHERE provider = ? AND remote_id = ? AND missing_upstream = 1",
            [provider.into(), remote_id.into()],
        ))
        .await?;
    Ok(r.rows_affected() > 0)
}

/// An account's figures for its status row.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Counts {
    /// Activities with a source from this provider.
    pub activities: i64,
    pub pending: i64,
    pub failed: i64,
    pub missing_upstream: i64,
}

async fn count(
    db: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> Result<i64, StorageError> {
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            sql,
            values,
        ))
        .await?;
    Ok(match row {
        Some(r) => r.try_get::<i64>("", "n")?,
        None => 0,
    })
}

pub async fn counts(db: &impl ConnectionTrait, provider: &str) -> Result<Counts, StorageError> {
    Ok(Counts {
        activities: count(
            db,
            "SELECT COUNT(DISTINCT activity_id) AS n FROM activity_source WHERE origin = ?",
            vec![provider.into()],
        )
        .await?,
        pending: count_to_fetch(db, provider).await?,
        failed: count(
            db,
            "SELECT COUNT(*) AS n FROM sync_item WHERE provider = ? AND state = 'failed' \
             AND attempts >= ?",
            vec![provider.into(), MAX_ATTEMPTS.into()],
        )
        .await?,
        missing_upstream: count(
            db,
            "SELECT COUNT(*) AS n FROM sync_item WHERE provider = ? AND missing_upstream = 1 \
             AND activity_id IS NOT NULL",
            vec![provider.into()],
        )
        .await?,
    })
}

/// A provider's figures for a day.
#[derive(Debug, Clone, PartialEq, Default, FromQueryResult)]
pub struct WellnessRow {
    pub date: String,
    pub provider: String,
    pub resting_hr: Option<f64>,
    pub hrv_ms: Option<f64>,
    pub weight_kg: Option<f64>,
    pub sleep_s: Option<f64>,
    pub sleep_score: Option<f64>,
}

/// Stores a provider's days (a day sent again replaces the earlier figures).
pub async fn save_wellness(
    db: &DatabaseConnection,
    rows: &[WellnessRow],
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    let txn = db.begin().await?;
    for r in rows {
        txn.execute_raw(Statement::from_sql_and_values(
            txn.get_database_backend(),
            "INSERT OR REPLACE INTO provider_wellness (date, provider, resting_hr, hrv_ms, \
             weight_kg, sleep_s, sleep_score, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                r.date.clone().into(),
                r.provider.clone().into(),
                r.resting_hr.into(),
                r.hrv_ms.into(),
                r.weight_kg.into(),
                r.sleep_s.into(),
                r.sleep_score.into(),
                ts(now).into(),
            ],
        ))
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Providers' figures between two days, inclusive, oldest first.
pub async fn wellness(
    db: &impl ConnectionTrait,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<WellnessRow>, StorageError> {
    Ok(
        WellnessRow::find_by_statement(Statement::from_sql_and_values(
            db.get_database_backend(),
            "SELECT date, provider, resting_hr, hrv_ms, weight_kg, sleep_s, sleep_score \
         FROM provider_wellness WHERE date BETWEEN ? AND ? ORDER BY date, provider",
            [from.to_string().into(), to.to_string().into()],
        ))
        .all(db)
        .await?,
    )
}

/// Forgets everything sync knows of a provider (its account row, queue and
/// wellness), for erasure. The activities are erased by the caller.
pub async fn forget_provider(
    db: &impl ConnectionTrait,
    provider: &str,
) -> Result<(), StorageError> {
    for sql in [
        "DELETE FROM sync_item WHERE provider = ?",
        "DELETE FROM sync_account WHERE provider = ?",
        "DELETE FROM provider_wellness WHERE provider = ?",
    ] {
        db.execute_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            sql,
            [provider.into()],
        ))
        .await?;
    }
    Ok(())
}
