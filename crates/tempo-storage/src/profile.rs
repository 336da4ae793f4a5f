//! The athlete profile repository: identity plus dated measure history.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};
use tempo_domain::{AthleteIdentity, DatedValue, Measure, ProfileUpdate, Sex};

use crate::StorageError;
use crate::entity::{athlete, athlete_measure};

/// The single athlete's row id.
const ATHLETE_ID: i32 = 1;

/// One entry of a measure's history.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureRecord {
    pub measure: Measure,
    pub value: f64,
    pub effective: NaiveDate,
    pub recorded_at: DateTime<Utc>,
    pub source: String,
}

/// The athlete's identity; empty when nothing was ever saved.
pub async fn load_identity(db: &impl ConnectionTrait) -> Result<AthleteIdentity, StorageError> {
    let row = athlete::Entity::find_by_id(ATHLETE_ID).one(db).await?;
    Ok(row
        .map(|r| AthleteIdentity {
            name: r.name,
            sex: r.sex.as_deref().and_then(Sex::from_key),
            birth_year: r.birth_year,
        })
        .unwrap_or_default())
}

/// Applies a validated update in one transaction: either all of it is stored or
/// nothing is. Measures are upserted on (measure, effective date).
pub async fn apply_update(
    db: &DatabaseConnection,
    update: &ProfileUpdate,
    now: DateTime<Utc>,
    source: &str,
) -> Result<(), StorageError> {
    let txn = db.begin().await?;
    if update.name.is_some() || update.sex.is_some() || update.birth_year.is_some() {
        let existing = athlete::Entity::find_by_id(ATHLETE_ID).one(&txn).await?;
        let created_at = existing.as_ref().map_or(now, |r| r.created_at);
        let pick = |new: Option<String>, old: Option<String>| new.or(old);
        let model = athlete::ActiveModel {
            id: Set(ATHLETE_ID),
            name: Set(pick(
                update.name.clone(),
                existing.as_ref().and_then(|r| r.name.clone()),
            )),
            sex: Set(pick(
                update.sex.map(|s| s.key().to_owned()),
                existing.as_ref().and_then(|r| r.sex.clone()),
            )),
            birth_year: Set(update
                .birth_year
                .or(existing.as_ref().and_then(|r| r.birth_year))),
            created_at: Set(created_at),
            updated_at: Set(now),
        };
        athlete::Entity::insert(model)
            .on_conflict(
                OnConflict::column(athlete::Column::Id)
                    .update_columns([
                        athlete::Column::Name,
                        athlete::Column::Sex,
                        athlete::Column::BirthYear,
                        athlete::Column::UpdatedAt,
                    ])
                    .to_owned(),
            )
            .exec(&txn)
            .await?;
    }
    for (measure, value) in &update.measures {
        let model = athlete_measure::ActiveModel {
            measure: Set(measure.key().to_owned()),
            value: Set(*value),
            effective_date: Set(update.effective),
            recorded_at: Set(now),
            source: Set(source.to_owned()),
            ..Default::default()
        };
        athlete_measure::Entity::insert(model)
            .on_conflict(
                OnConflict::columns([
                    athlete_measure::Column::Measure,
                    athlete_measure::Column::EffectiveDate,
                ])
                .update_columns([
                    athlete_measure::Column::Value,
                    athlete_measure::Column::RecordedAt,
                    athlete_measure::Column::Source,
                ])
                .to_owned(),
            )
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// For each measure, the value in force on `on`: the latest entry effective on
/// or before that date.
pub async fn measures_in_force(
    db: &impl ConnectionTrait,
    on: NaiveDate,
) -> Result<BTreeMap<Measure, DatedValue>, StorageError> {
    let rows = athlete_measure::Entity::find()
        .filter(athlete_measure::Column::EffectiveDate.lte(on))
        .order_by_asc(athlete_measure::Column::EffectiveDate)
        .all(db)
        .await?;
    // Ascending order: later entries overwrite earlier ones.
    let mut current = BTreeMap::new();
    for row in rows {
        if let Some(measure) = Measure::from_key(&row.measure) {
            current.insert(
                measure,
                DatedValue {
                    value: row.value,
                    effective: row.effective_date,
                },
            );
        }
    }
    Ok(current)
}

/// Every recorded measure, newest effective date first.
pub async fn measure_history(
    db: &impl ConnectionTrait,
) -> Result<Vec<MeasureRecord>, StorageError> {
    let rows = athlete_measure::Entity::find()
        .order_by_desc(athlete_measure::Column::EffectiveDate)
        .order_by_asc(athlete_measure::Column::Measure)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            Some(MeasureRecord {
                measure: Measure::from_key(&row.measure)?,
                value: row.value,
                effective: row.effective_date,
                recorded_at: row.recorded_at,
                source: row.source,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        day(y, m, d).and_hms_opt(8, 0, 0).expect("time").and_utc()
    }

    fn update(effective: NaiveDate, measures: &[(Measure, f64)]) -> ProfileUpdate {
        ProfileUpdate {
            name: None,
            sex: None,
            birth_year: None,
            measures: measures.iter().copied().collect(),
            effective,
        }
    }

    #[tokio::test]
    async fn history_is_kept_and_the_value_in_force_depends_on_the_date() {
        let store = Store::open_in_memory().await.expect("store");
        let db = store.connection();
        apply_update(
            db,
            &update(day(2024, 1, 1), &[(Measure::FtpW, 250.0)]),
            at(2024, 1, 1),
            "manual",
        )
        .await
        .expect("first");
        apply_update(
            db,
            &update(day(2025, 3, 1), &[(Measure::FtpW, 270.0)]),
            at(2025, 3, 1),
            "manual",
        )
        .await
        .expect("second");

        let mid_2024 = measures_in_force(db, day(2024, 6, 1))
            .await
            .expect("in force");
        assert_eq!(mid_2024[&Measure::FtpW].value, 250.0);
        let now = measures_in_force(db, day(2026, 1, 1))
            .await
            .expect("in force");
        assert_eq!(now[&Measure::FtpW].value, 270.0);
        assert_eq!(now[&Measure::FtpW].effective, day(2025, 3, 1));
        assert!(
            measures_in_force(db, day(2023, 1, 1))
                .await
                .expect("before")
                .is_empty()
        );
        assert_eq!(measure_history(db).await.expect("history").len(), 2);
    }

    #[tokio::test]
    async fn same_day_entry_is_corrected_not_duplicated() {
        let store = Store::open_in_memory().await.expect("store");
        let db = store.connection();
        for hr in [185.0, 190.0] {
            apply_update(
                db,
                &update(day(2026, 1, 1), &[(Measure::MaxHr, hr)]),
                at(2026, 1, 1),
                "manual",
            )
            .await
            .expect("update");
        }
        let history = measure_history(db).await.expect("history");
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].value, 190.0);
    }

    #[tokio::test]
    async fn identity_fields_merge() {
        let store = Store::open_in_memory().await.expect("store");
        let db = store.connection();
        assert_eq!(
            load_identity(db).await.expect("empty"),
            AthleteIdentity::default()
        );
        let mut u = update(day(2026, 1, 1), &[]);
        u.name = Some("Ada".into());
        u.sex = Some(Sex::Female);
        apply_update(db, &u, at(2026, 1, 1), "manual")
            .await
            .expect("first");
        let mut u = update(day(2026, 1, 2), &[]);
        u.birth_year = Some(1990);
        apply_update(db, &u, at(2026, 1, 2), "manual")
            .await
            .expect("second");
        let id = load_identity(db).await.expect("identity");
        assert_eq!(id.name.as_deref(), Some("Ada"));
        assert_eq!(id.sex, Some(Sex::Female));
        assert_eq!(id.birth_year, Some(1990));
    }
}
