//! Where the data came from, erasing one provider's data, and the athlete's
//! consent to send data to cloud providers.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, FromQueryResult, Statement, TransactionTrait};

use crate::StorageError;

/// The provider key of activities entered by hand (they have no source row).
pub const MANUAL: &str = "manual";

/// How many activities each provider brought.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct ProviderCount {
    pub provider: String,
    /// Activities with at least one source from this provider.
    pub activities: i64,
    /// Of those, the ones whose shown data comes from it (erasing the provider
    /// removes these whole).
    pub primary: i64,
}

/// Every provider with activities, manual entries included.
pub async fn provider_counts(db: &DatabaseConnection) -> Result<Vec<ProviderCount>, StorageError> {
    Ok(ProviderCount::find_by_statement(Statement::from_string(
        db.get_database_backend(),
        "SELECT origin AS provider, COUNT(DISTINCT activity_id) AS activities, \
           COUNT(DISTINCT CASE WHEN is_primary = 1 THEN activity_id END) AS \"primary\" \
         FROM activity_source GROUP BY origin \
         UNION ALL \
         SELECT 'manual', COUNT(*), COUNT(*) FROM activity WHERE manual = 1 HAVING COUNT(*) > 0 \
         ORDER BY provider",
    ))
    .all(db)
    .await?)
}

/// What erasing a provider removes: the activities whose shown data came from
/// it (their streams are that provider's), and its source records on the
/// activities another source shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ProviderErasure {
    pub activities: i64,
    pub sources: i64,
}

const ACTIVITIES_OF: &str =
    "SELECT DISTINCT activity_id FROM activity_source WHERE origin = ?1 AND is_primary = 1";

/// Counts what [`erase_provider`] would remove.
pub async fn preview_erase_provider(
    db: &impl ConnectionTrait,
    provider: &str,
) -> Result<ProviderErasure, StorageError> {
    #[derive(FromQueryResult)]
    struct Counts {
        activities: i64,
        sources: i64,
    }
    let sql = if provider == MANUAL {
        "SELECT (SELECT COUNT(*) FROM activity WHERE manual = 1 AND ?1 = ?1) AS activities, 0 AS sources"
            .to_owned()
    } else {
        format!(
            "SELECT (SELECT COUNT(*) FROM ({ACTIVITIES_OF})) AS activities, \
             (SELECT COUNT(*) FROM activity_source WHERE origin = ?1 \
               AND activity_id NOT IN ({ACTIVITIES_OF})) AS sources"
        )
    };
    let c = Counts::find_by_statement(Statement::from_sql_and_values(
        db.get_database_backend(),
        sql,
        [provider.into()],
    ))
    .one(db)
    .await?;
    Ok(
        c.map_or_else(ProviderErasure::default, |c| ProviderErasure {
            activities: c.activities,
            sources: c.sources,
        }),
    )
}

/// Erases everything one provider brought, in one transaction (see
/// [`ProviderErasure`]). Deleting an activity takes its streams, laps, load,
/// summary and other sources with it (foreign keys cascade).
pub async fn erase_provider(
    db: &DatabaseConnection,
    provider: &str,
) -> Result<ProviderErasure, StorageError> {
    let txn = db.begin().await?;
    let counts = preview_erase_provider(&txn, provider).await?;
    let backend = txn.get_database_backend();
    if provider == MANUAL {
        txn.execute_raw(Statement::from_string(
            backend,
            "DELETE FROM activity WHERE manual = 1",
        ))
        .await?;
    } else {
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            format!("DELETE FROM activity WHERE id IN ({ACTIVITIES_OF})"),
            [provider.into()],
        ))
        .await?;
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "DELETE FROM activity_source WHERE origin = ?1",
            [provider.into()],
        ))
        .await?;
        // A sync provider's queue and wellness go with its activities.
        crate::sync::forget_provider(&txn, provider).await?;
    }
    txn.commit().await?;
    Ok(counts)
}

/// A cloud provider the athlete allowed to receive some fields.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct ConsentRow {
    pub provider: String,
    pub fields_json: String,
    pub granted_at: String,
}

pub async fn consents(db: &impl ConnectionTrait) -> Result<Vec<ConsentRow>, StorageError> {
    Ok(ConsentRow::find_by_statement(Statement::from_string(
        db.get_database_backend(),
        "SELECT provider, fields_json, granted_at FROM consent ORDER BY provider",
    ))
    .all(db)
    .await?)
}

/// Records (or replaces) a provider's consent.
pub async fn grant(
    db: &impl ConnectionTrait,
    provider: &str,
    fields_json: &str,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        "INSERT INTO consent (provider, fields_json, granted_at) VALUES (?, ?, ?) \
         ON CONFLICT (provider) DO UPDATE SET fields_json = excluded.fields_json, \
         granted_at = excluded.granted_at",
        [provider.into(), fields_json.into(), now.to_rfc3339().into()],
    ))
    .await?;
    Ok(())
}

/// Withdraws a provider's consent. False when there was none.
pub async fn revoke(db: &impl ConnectionTrait, provider: &str) -> Result<bool, StorageError> {
    let res = db
        .execute_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "DELETE FROM consent WHERE provider = ?",
            [provider.into()],
        ))
        .await?;
    Ok(res.rows_affected() > 0)
}
