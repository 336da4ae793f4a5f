//! Goals, plans, their weeks and workouts, proposed adjustments, templates.
//!
//! Documents (a goal, a workout's structure, a week's rules) are JSON the api
//! crate reads and writes whole; the columns are what is queried.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, FromQueryResult, Statement, TransactionTrait, Value,
};

use crate::StorageError;

async fn exec<const N: usize>(
    db: &impl ConnectionTrait,
    sql: &str,
    values: [Value; N],
) -> Result<u64, StorageError> {
    Ok(db
        .execute_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            sql,
            values,
        ))
        .await?
        .rows_affected())
}

async fn insert<const N: usize>(
    db: &impl ConnectionTrait,
    sql: &str,
    values: [Value; N],
) -> Result<i64, StorageError> {
    let res = db
        .execute_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            sql,
            values,
        ))
        .await?;
    Ok(res.last_insert_id() as i64)
}

async fn rows<T: FromQueryResult, const N: usize>(
    db: &impl ConnectionTrait,
    sql: &str,
    values: [Value; N],
) -> Result<Vec<T>, StorageError> {
    Ok(T::find_by_statement(Statement::from_sql_and_values(
        db.get_database_backend(),
        sql,
        values,
    ))
    .all(db)
    .await?)
}

fn day(d: NaiveDate) -> Value {
    Value::from(d.to_string())
}

fn time(t: DateTime<Utc>) -> Value {
    Value::from(t.to_rfc3339())
}

/// A stored goal.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct GoalRow {
    pub id: i64,
    pub name: String,
    pub goal_json: String,
    pub created_at: String,
}

pub async fn insert_goal(
    db: &impl ConnectionTrait,
    name: &str,
    goal_json: &str,
    now: DateTime<Utc>,
) -> Result<i64, StorageError> {
    insert(
        db,
        "INSERT INTO goal (name, goal_json, created_at) VALUES (?, ?, ?)",
        [name.into(), goal_json.into(), time(now)],
    )
    .await
}

/// Every goal, newest first.
pub async fn goals(db: &DatabaseConnection) -> Result<Vec<GoalRow>, StorageError> {
    rows(
        db,
        "SELECT id, name, goal_json, created_at FROM goal ORDER BY id DESC",
        [],
    )
    .await
}

pub async fn goal(db: &impl ConnectionTrait, id: i64) -> Result<Option<GoalRow>, StorageError> {
    Ok(rows(
        db,
        "SELECT id, name, goal_json, created_at FROM goal WHERE id = ?",
        [id.into()],
    )
    .await?
    .into_iter()
    .next())
}

/// Deletes a goal and its plans. Returns whether it existed.
pub async fn delete_goal(db: &DatabaseConnection, id: i64) -> Result<bool, StorageError> {
    Ok(exec(db, "DELETE FROM goal WHERE id = ?", [id.into()]).await? > 0)
}

/// A stored plan (its weeks and workouts are read separately).
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct PlanRow {
    pub id: i64,
    pub goal_id: i64,
    pub active: bool,
    pub generated_at: String,
    pub vdot: Option<f64>,
    pub thresholds_json: String,
    pub warnings_json: String,
}

/// A week of a plan.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct WeekRow {
    pub week_index: i64,
    pub start_date: String,
    pub phase: String,
    pub recovery: bool,
    pub target_km: f64,
    pub long_run_km: f64,
    pub rules_json: String,
}

/// A workout of a plan.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct WorkoutRow {
    pub id: i64,
    pub plan_id: i64,
    pub week_index: i64,
    pub date: String,
    pub kind: String,
    pub workout_json: String,
    pub skipped: bool,
    pub edited: bool,
    pub rpe: Option<i32>,
    pub notes: Option<String>,
}

/// A workout to store: (week index, date, kind, JSON).
pub type NewWorkout = (i64, NaiveDate, String, String);

/// A new plan to store.
#[derive(Debug)]
pub struct NewPlan<'a> {
    pub goal_id: i64,
    pub vdot: Option<f64>,
    pub thresholds_json: &'a str,
    pub warnings_json: &'a str,
    pub weeks: &'a [WeekRow],
    pub workouts: &'a [NewWorkout],
}

async fn insert_weeks(
    db: &impl ConnectionTrait,
    plan_id: i64,
    weeks: &[WeekRow],
) -> Result<(), StorageError> {
    for w in weeks {
        exec(
            db,
            "INSERT INTO plan_week (plan_id, week_index, start_date, phase, recovery, target_km, \
             long_run_km, rules_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (plan_id, week_index) DO UPDATE SET start_date = excluded.start_date, \
             phase = excluded.phase, recovery = excluded.recovery, target_km = excluded.target_km, \
             long_run_km = excluded.long_run_km, rules_json = excluded.rules_json",
            [
                plan_id.into(),
                w.week_index.into(),
                w.start_date.clone().into(),
                w.phase.clone().into(),
                w.recovery.into(),
                w.target_km.into(),
                w.long_run_km.into(),
                w.rules_json.clone().into(),
            ],
        )
        .await?;
    }
    Ok(())
}

async fn insert_workouts(
    db: &impl ConnectionTrait,
    plan_id: i64,
    workouts: &[NewWorkout],
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    for (week, date, kind, json) in workouts {
        exec(
            db,
            "INSERT INTO planned_workout (plan_id, week_index, date, kind, workout_json, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?)",
            [
                plan_id.into(),
                (*week).into(),
                day(*date),
                kind.clone().into(),
                json.clone().into(),
                time(now),
            ],
        )
        .await?;
    }
    Ok(())
}

/// Stores a plan with its weeks and workouts in one transaction, and makes
/// it the active plan (the previous active one stays, inactive).
pub async fn insert_plan(
    db: &DatabaseConnection,
    plan: &NewPlan<'_>,
    now: DateTime<Utc>,
) -> Result<i64, StorageError> {
    let txn = db.begin().await?;
    exec(&txn, "UPDATE plan SET active = 0 WHERE active = 1", []).await?;
    let id = insert(
        &txn,
        "INSERT INTO plan (goal_id, active, generated_at, vdot, thresholds_json, warnings_json) \
         VALUES (?, 1, ?, ?, ?, ?)",
        [
            plan.goal_id.into(),
            time(now),
            plan.vdot.into(),
            plan.thresholds_json.into(),
            plan.warnings_json.into(),
        ],
    )
    .await?;
    insert_weeks(&txn, id, plan.weeks).await?;
    insert_workouts(&txn, id, plan.workouts, now).await?;
    txn.commit().await?;
    Ok(id)
}

const PLAN_COLUMNS: &str =
    "id, goal_id, active, generated_at, vdot, thresholds_json, warnings_json";

pub async fn active_plan(db: &DatabaseConnection) -> Result<Option<PlanRow>, StorageError> {
    Ok(rows(
        db,
        &format!("SELECT {PLAN_COLUMNS} FROM plan WHERE active = 1"),
        [],
    )
    .await?
    .into_iter()
    .next())
}

pub async fn plan(db: &impl ConnectionTrait, id: i64) -> Result<Option<PlanRow>, StorageError> {
    Ok(rows(
        db,
        &format!("SELECT {PLAN_COLUMNS} FROM plan WHERE id = ?"),
        [id.into()],
    )
    .await?
    .into_iter()
    .next())
}

/// Every plan, newest first.
pub async fn plans(db: &DatabaseConnection) -> Result<Vec<PlanRow>, StorageError> {
    rows(
        db,
        &format!("SELECT {PLAN_COLUMNS} FROM plan ORDER BY id DESC"),
        [],
    )
    .await
}

/// Makes a plan the active one. Returns whether it exists.
pub async fn activate(db: &DatabaseConnection, id: i64) -> Result<bool, StorageError> {
    let txn = db.begin().await?;
    if plan(&txn, id).await?.is_none() {
        return Ok(false);
    }
    exec(&txn, "UPDATE plan SET active = 0 WHERE active = 1", []).await?;
    exec(&txn, "UPDATE plan SET active = 1 WHERE id = ?", [id.into()]).await?;
    txn.commit().await?;
    Ok(true)
}

pub async fn weeks(db: &DatabaseConnection, plan_id: i64) -> Result<Vec<WeekRow>, StorageError> {
    rows(
        db,
        "SELECT week_index, start_date, phase, recovery, target_km, long_run_km, rules_json \
         FROM plan_week WHERE plan_id = ? ORDER BY week_index",
        [plan_id.into()],
    )
    .await
}

const WORKOUT_COLUMNS: &str =
    "id, plan_id, week_index, date, kind, workout_json, skipped, edited, rpe, notes";

/// A plan's workouts in date order.
pub async fn workouts(
    db: &DatabaseConnection,
    plan_id: i64,
) -> Result<Vec<WorkoutRow>, StorageError> {
    rows(
        db,
        &format!(
            "SELECT {WORKOUT_COLUMNS} FROM planned_workout WHERE plan_id = ? ORDER BY date, id"
        ),
        [plan_id.into()],
    )
    .await
}

pub async fn workout(db: &DatabaseConnection, id: i64) -> Result<Option<WorkoutRow>, StorageError> {
    Ok(rows(
        db,
        &format!("SELECT {WORKOUT_COLUMNS} FROM planned_workout WHERE id = ?"),
        [id.into()],
    )
    .await?
    .into_iter()
    .next())
}

/// Rewrites a workout (moved, replaced, edited or skipped): it is marked as
/// edited so an adjustment never overwrites the athlete's own change.
pub async fn update_workout(
    db: &DatabaseConnection,
    w: &WorkoutRow,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    exec(
        db,
        "UPDATE planned_workout SET week_index = ?, date = ?, kind = ?, workout_json = ?, \
         skipped = ?, edited = 1, updated_at = ? WHERE id = ?",
        [
            w.week_index.into(),
            w.date.clone().into(),
            w.kind.clone().into(),
            w.workout_json.clone().into(),
            w.skipped.into(),
            time(now),
            w.id.into(),
        ],
    )
    .await?;
    Ok(())
}

/// Replaces the given weeks of a plan (an accepted adjustment): their
/// workouts, except those the athlete edited, are deleted and the new ones
/// inserted, in one transaction.
pub async fn replace_weeks(
    db: &DatabaseConnection,
    plan_id: i64,
    weeks: &[WeekRow],
    workouts: &[NewWorkout],
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    let txn = db.begin().await?;
    for w in weeks {
        exec(
            &txn,
            "DELETE FROM planned_workout WHERE plan_id = ? AND week_index = ? AND edited = 0",
            [plan_id.into(), w.week_index.into()],
        )
        .await?;
    }
    insert_weeks(&txn, plan_id, weeks).await?;
    insert_workouts(&txn, plan_id, workouts, now).await?;
    txn.commit().await?;
    Ok(())
}

/// A proposed (or decided) adjustment.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct AdjustmentRow {
    pub id: i64,
    pub plan_id: i64,
    pub created_at: String,
    pub reason: String,
    pub explanation: String,
    pub weeks_json: String,
    pub status: String,
}

pub async fn insert_adjustment(
    db: &DatabaseConnection,
    plan_id: i64,
    reason: &str,
    explanation: &str,
    weeks_json: &str,
    now: DateTime<Utc>,
) -> Result<i64, StorageError> {
    insert(
        db,
        "INSERT INTO plan_adjustment (plan_id, created_at, reason, explanation, weeks_json, status) \
         VALUES (?, ?, ?, ?, ?, 'proposed')",
        [
            plan_id.into(),
            time(now),
            reason.into(),
            explanation.into(),
            weeks_json.into(),
        ],
    )
    .await
}

/// A plan's adjustments, newest first.
pub async fn adjustments(
    db: &DatabaseConnection,
    plan_id: i64,
) -> Result<Vec<AdjustmentRow>, StorageError> {
    rows(
        db,
        "SELECT id, plan_id, created_at, reason, explanation, weeks_json, status \
         FROM plan_adjustment WHERE plan_id = ? ORDER BY id DESC",
        [plan_id.into()],
    )
    .await
}

/// Records the athlete's decision on a proposed adjustment.
pub async fn decide_adjustment(
    db: &DatabaseConnection,
    id: i64,
    status: &str,
    now: DateTime<Utc>,
) -> Result<bool, StorageError> {
    Ok(exec(
        db,
        "UPDATE plan_adjustment SET status = ?, decided_at = ? WHERE id = ? AND status = 'proposed'",
        [status.into(), time(now), id.into()],
    )
    .await?
        > 0)
}

/// A saved plan template: a goal's shape without its dates.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct TemplateRow {
    pub id: i64,
    pub name: String,
    pub goal_json: String,
    pub created_at: String,
}

pub async fn insert_template(
    db: &DatabaseConnection,
    name: &str,
    goal_json: &str,
    now: DateTime<Utc>,
) -> Result<i64, StorageError> {
    insert(
        db,
        "INSERT INTO plan_template (name, goal_json, created_at) VALUES (?, ?, ?) \
         ON CONFLICT (name) DO UPDATE SET goal_json = excluded.goal_json",
        [name.into(), goal_json.into(), time(now)],
    )
    .await
}

pub async fn templates(db: &DatabaseConnection) -> Result<Vec<TemplateRow>, StorageError> {
    rows(
        db,
        "SELECT id, name, goal_json, created_at FROM plan_template ORDER BY name",
        [],
    )
    .await
}

pub async fn template(
    db: &DatabaseConnection,
    id: i64,
) -> Result<Option<TemplateRow>, StorageError> {
    Ok(rows(
        db,
        "SELECT id, name, goal_json, created_at FROM plan_template WHERE id = ?",
        [id.into()],
    )
    .await?
    .into_iter()
    .next())
}

pub async fn delete_template(db: &DatabaseConnection, id: i64) -> Result<bool, StorageError> {
    Ok(exec(db, "DELETE FROM plan_template WHERE id = ?", [id.into()]).await? > 0)
}

/// Sets a planned workout's RPE and notes. False when there is no such workout.
pub async fn set_workout_feedback(
    db: &impl ConnectionTrait,
    id: i64,
    rpe: Option<i32>,
    notes: Option<String>,
) -> Result<bool, StorageError> {
    let res = db
        .execute_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "UPDATE planned_workout SET rpe = ?, notes = ? WHERE id = ?",
            [rpe.into(), notes.into(), id.into()],
        ))
        .await?;
    Ok(res.rows_affected() > 0)
}
