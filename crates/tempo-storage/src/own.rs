//! What the athlete writes themselves: activities entered by hand, edits that
//! win over every source, RPE and notes, and daily wellness notes.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    FromQueryResult, QueryFilter, Set, Statement, Value,
};
use tempo_domain::activity::Totals;

use crate::StorageError;
use crate::activities::{AthleteEdits, SAME_START_S, same_activity};
use crate::entity::activity;

/// An activity entered by hand (a session without a device).
#[derive(Debug, Clone, PartialEq)]
pub struct ManualActivity {
    pub sport: String,
    pub start: DateTime<Utc>,
    pub utc_offset_s: Option<i32>,
    pub duration_s: f64,
    pub distance_m: Option<f64>,
    pub avg_hr: Option<f64>,
    pub max_hr: Option<f64>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub rpe: Option<i32>,
    pub notes: Option<String>,
}

/// An activity already stored that is the same session as one starting at
/// `start` with this distance and duration (see [`same_activity`]).
pub async fn find_same(
    db: &DatabaseConnection,
    start: DateTime<Utc>,
    distance_m: Option<f64>,
    elapsed_s: Option<f64>,
) -> Result<Option<i64>, StorageError> {
    let t = start.timestamp();
    let candidates = activity::Entity::find()
        .filter(activity::Column::StartEpochS.between(t - SAME_START_S, t + SAME_START_S))
        .all(db)
        .await?;
    Ok(candidates
        .into_iter()
        .find(|c| same_activity(c.distance_m, c.elapsed_s, distance_m, elapsed_s))
        .map(|c| c.id))
}

/// Stores a manual activity; its totals are what the athlete typed.
pub async fn insert_manual(
    db: &DatabaseConnection,
    m: &ManualActivity,
    now: DateTime<Utc>,
) -> Result<i64, StorageError> {
    let speed = m
        .distance_m
        .filter(|d| *d > 0.0 && m.duration_s > 0.0)
        .map(|d| d / m.duration_s);
    let totals = Totals {
        elapsed_s: Some(m.duration_s),
        timer_s: Some(m.duration_s),
        moving_s: Some(m.duration_s),
        distance_m: m.distance_m,
        avg_hr: m.avg_hr,
        max_hr: m.max_hr,
        avg_speed_mps: speed,
        ..Totals::default()
    };
    let model = activity::ActiveModel {
        sport: Set(m.sport.clone()),
        sub_sport: Set("generic".to_owned()),
        name: Set(m.name.clone()),
        start_utc: Set(m.start),
        start_epoch_s: Set(m.start.timestamp()),
        utc_offset_s: Set(m.utc_offset_s),
        elapsed_s: Set(Some(m.duration_s)),
        timer_s: Set(Some(m.duration_s)),
        moving_s: Set(Some(m.duration_s)),
        distance_m: Set(m.distance_m),
        ascent_m: Set(None),
        avg_hr: Set(m.avg_hr),
        max_hr: Set(m.max_hr),
        avg_speed_mps: Set(speed),
        avg_power_w: Set(None),
        calories_kcal: Set(None),
        device_manufacturer: Set(None),
        device_product: Set(None),
        device_totals_json: Set(None),
        computed_totals_json: Set(serde_json::to_string(&totals).unwrap_or_else(|_| "{}".into())),
        disagreements_json: Set("[]".into()),
        lengths_json: Set("[]".into()),
        pool_length_m: Set(None),
        has_gps: Set(false),
        sample_count: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        description: Set(m.description.clone()),
        rpe: Set(m.rpe),
        notes: Set(m.notes.clone()),
        counts_for_load: Set(true),
        exclude_from_export: Set(false),
        manual: Set(true),
        edits_json: Set("{}".into()),
        ..Default::default()
    };
    Ok(activity::Entity::insert(model)
        .exec(db)
        .await?
        .last_insert_id)
}

/// The athlete's edit of an activity's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub name: Option<String>,
    pub sport: String,
    pub description: Option<String>,
    pub counts_for_load: bool,
    pub exclude_from_export: bool,
}

/// Applies an edit. A field whose value changes is remembered as the
/// athlete's, so a later re-import or sync cannot undo it. False when there is
/// no such activity.
pub async fn edit(
    db: &DatabaseConnection,
    id: i64,
    e: &Edit,
    now: DateTime<Utc>,
) -> Result<bool, StorageError> {
    let Some(current) = activity::Entity::find_by_id(id).one(db).await? else {
        return Ok(false);
    };
    let mut edits: AthleteEdits = serde_json::from_str(&current.edits_json).unwrap_or_default();
    if e.name != current.name {
        // An empty string records "the athlete cleared the name".
        edits.name = Some(e.name.clone().unwrap_or_default());
    }
    if e.sport != current.sport {
        edits.sport = Some(e.sport.clone());
    }
    if e.description != current.description {
        edits.description = Some(e.description.clone().unwrap_or_default());
    }
    if e.counts_for_load != current.counts_for_load {
        edits.counts_for_load = Some(e.counts_for_load);
    }
    activity::ActiveModel {
        id: Set(id),
        name: Set(e.name.clone()),
        sport: Set(e.sport.clone()),
        description: Set(e.description.clone()),
        counts_for_load: Set(e.counts_for_load),
        exclude_from_export: Set(e.exclude_from_export),
        edits_json: Set(serde_json::to_string(&edits).unwrap_or_else(|_| "{}".into())),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(true)
}

/// Sets an activity's RPE and notes. False when there is no such activity.
pub async fn set_feedback(
    db: &DatabaseConnection,
    id: i64,
    rpe: Option<i32>,
    notes: Option<String>,
    now: DateTime<Utc>,
) -> Result<bool, StorageError> {
    let res = activity::Entity::update_many()
        .col_expr(activity::Column::Rpe, rpe.into())
        .col_expr(activity::Column::Notes, notes.into())
        .col_expr(activity::Column::UpdatedAt, now.into())
        .filter(activity::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(res.rows_affected > 0)
}

/// What the load figure needs beyond the streams.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadInputs {
    /// The stored sport (the athlete's, when edited).
    pub sport: String,
    pub rpe: Option<i32>,
    pub counts_for_load: bool,
    pub manual: bool,
    /// Timer time, else elapsed time.
    pub duration_s: Option<f64>,
    pub avg_hr: Option<f64>,
}

pub async fn load_inputs(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<Option<LoadInputs>, StorageError> {
    Ok(activity::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|m| LoadInputs {
            sport: m.sport,
            rpe: m.rpe,
            counts_for_load: m.counts_for_load,
            manual: m.manual,
            duration_s: m.timer_s.or(m.elapsed_s),
            avg_hr: m.avg_hr,
        }))
}

/// A day's wellness notes (1–5 scales).
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct WellnessRow {
    pub date: String,
    pub sleep_hours: Option<f64>,
    pub sleep_quality: Option<i32>,
    pub soreness: Option<i32>,
    pub mood: Option<i32>,
    pub notes: Option<String>,
}

impl WellnessRow {
    fn is_empty(&self) -> bool {
        self.sleep_hours.is_none()
            && self.sleep_quality.is_none()
            && self.soreness.is_none()
            && self.mood.is_none()
            && self.notes.is_none()
    }
}

/// The wellness notes between two days, inclusive, oldest first.
pub async fn wellness(
    db: &impl ConnectionTrait,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<WellnessRow>, StorageError> {
    Ok(
        WellnessRow::find_by_statement(Statement::from_sql_and_values(
            db.get_database_backend(),
            "SELECT date, sleep_hours, sleep_quality, soreness, mood, notes FROM wellness_day \
         WHERE date BETWEEN ? AND ? ORDER BY date",
            [from.to_string().into(), to.to_string().into()],
        ))
        .all(db)
        .await?,
    )
}

/// Stores a day's notes; a day with nothing left is removed.
pub async fn set_wellness(
    db: &impl ConnectionTrait,
    row: &WellnessRow,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    let backend = db.get_database_backend();
    if row.is_empty() {
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            "DELETE FROM wellness_day WHERE date = ?",
            [row.date.clone().into()],
        ))
        .await?;
        return Ok(());
    }
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        "INSERT INTO wellness_day (date, sleep_hours, sleep_quality, soreness, mood, notes, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (date) DO UPDATE SET \
         sleep_hours = excluded.sleep_hours, sleep_quality = excluded.sleep_quality, \
         soreness = excluded.soreness, mood = excluded.mood, notes = excluded.notes, \
         updated_at = excluded.updated_at",
        [
            row.date.clone().into(),
            row.sleep_hours.into(),
            row.sleep_quality.into(),
            row.soreness.into(),
            row.mood.into(),
            row.notes.clone().into(),
            Value::from(now.to_rfc3339()),
        ],
    ))
    .await?;
    Ok(())
}
