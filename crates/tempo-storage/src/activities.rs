//! Activities: storing an import (with de-duplication), listing, reading, deleting.
//!
//! De-duplication happens here, inside the same transaction as the insert, so
//! two imports racing cannot both create the activity:
//! 1. a source whose content hash is already stored is a duplicate (a re-import,
//!    or the same file inside an export: then remembered as one more source);
//! 2. otherwise an activity that started within [`SAME_START_S`] and covers the
//!    same distance (see [`same_activity`]) is the same activity from another
//!    source (a FIT file and its Strava export copy): the source is remembered,
//!    and if it is richer its data replaces what is shown;
//! 3. otherwise it is a new activity.
//!
//! Each activity is written in its own transaction: an import stopped halfway
//! leaves only whole activities behind.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use tempo_domain::activity::{
    Lap, ParsedActivity, SourceFormat, Sport, Streams, SubSport, SwimLength, Totals,
};

use crate::StorageError;
use crate::entity::{activity, activity_lap, activity_source, activity_stream};
use crate::streams::{self, CODEC};

/// Two records of one activity start within this many seconds of each other
/// (devices and services round the start differently, or start at the first
/// GPS fix).
pub const SAME_START_S: i64 = 120;

/// Where a source file came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    File,
    GarminExport,
    StravaExport,
}

impl Origin {
    pub fn key(self) -> &'static str {
        match self {
            Origin::File => "file",
            Origin::GarminExport => "garmin_export",
            Origin::StravaExport => "strava_export",
        }
    }
}

/// The file an activity is being stored from.
#[derive(Debug, Clone)]
pub struct NewSource {
    pub content_sha256: String,
    /// Which activity of the file (multisport files hold several).
    pub session_index: i32,
    pub format: SourceFormat,
    pub origin: Origin,
    pub file_name: String,
    pub size_bytes: i64,
}

/// What [`store`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// A new activity.
    New(i64),
    /// This exact file was imported before.
    Duplicate(i64),
    /// Another source of an activity already stored; `replaced` when its data
    /// was richer and is now the data shown.
    Merged { id: i64, replaced: bool },
}

/// A row of the activity list.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityRow {
    pub id: i64,
    pub sport: Sport,
    pub sub_sport: SubSport,
    pub name: Option<String>,
    pub start: DateTime<Utc>,
    pub utc_offset_s: Option<i32>,
    /// The figures shown: the device's where it has them, else ours.
    pub totals: Totals,
    pub device_manufacturer: Option<String>,
    pub device_product: Option<String>,
    pub has_gps: bool,
    pub sample_count: i64,
    /// What only the athlete writes.
    pub own: OwnFields,
}

/// The athlete's own fields of an activity: no source ever writes them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OwnFields {
    pub description: Option<String>,
    /// CR10 rating of perceived exertion.
    pub rpe: Option<i32>,
    pub notes: Option<String>,
    pub counts_for_load: bool,
    pub exclude_from_export: bool,
    /// Entered by hand, with no source file.
    pub manual: bool,
    /// The fields the athlete edited; their values win over every source's.
    pub edits: AthleteEdits,
}

/// The athlete's values for fields a source also writes (`edits_json`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AthleteEdits {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sport: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counts_for_load: Option<bool>,
}

impl AthleteEdits {
    /// The names of the edited fields.
    pub fn fields(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.name.is_some() {
            out.push("name");
        }
        if self.sport.is_some() {
            out.push("sport");
        }
        if self.description.is_some() {
            out.push("description");
        }
        if self.counts_for_load.is_some() {
            out.push("counts_for_load");
        }
        out
    }
}

/// A stored disagreement between the device's figures and ours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredDisagreement {
    pub field: String,
    pub device: f64,
    pub computed: f64,
}

/// A source file of an activity.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceRow {
    pub format: String,
    pub origin: String,
    pub file_name: String,
    pub size_bytes: i64,
    pub is_primary: bool,
    pub content_sha256: String,
    pub imported_at: DateTime<Utc>,
}

/// Everything about one activity but its streams.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityDetail {
    pub row: ActivityRow,
    pub device_totals: Option<Totals>,
    pub computed_totals: Totals,
    pub disagreements: Vec<StoredDisagreement>,
    pub laps: Vec<Lap>,
    pub lengths: Vec<SwimLength>,
    pub pool_length_m: Option<f64>,
    pub sources: Vec<SourceRow>,
}

/// Whether two activities starting close together are the same one: same
/// distance within 3% (or 100 m), or, without distance on either side, same
/// duration within 10% (or a minute).
pub fn same_activity(
    a_dist: Option<f64>,
    a_elapsed: Option<f64>,
    b_dist: Option<f64>,
    b_elapsed: Option<f64>,
) -> bool {
    match (a_dist.filter(|d| *d > 0.0), b_dist.filter(|d| *d > 0.0)) {
        (Some(a), Some(b)) => (a - b).abs() <= 100f64.max(0.03 * a.max(b)),
        (None, None) => match (a_elapsed, b_elapsed) {
            (Some(a), Some(b)) => (a - b).abs() <= 60f64.max(0.10 * a.max(b)),
            _ => true,
        },
        _ => false,
    }
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

fn activity_model(p: &ParsedActivity, now: DateTime<Utc>) -> (activity::ActiveModel, Totals) {
    let computed = p.computed_totals();
    let shown = Totals::preferring(p.device_totals.as_ref(), &computed);
    let disagreements: Vec<StoredDisagreement> = p
        .device_totals
        .as_ref()
        .map(|d| Totals::disagreements(d, &computed))
        .unwrap_or_default()
        .into_iter()
        .map(|d| StoredDisagreement {
            field: d.field.to_owned(),
            device: d.device,
            computed: d.computed,
        })
        .collect();
    let m = activity::ActiveModel {
        sport: Set(p.sport.key().to_owned()),
        sub_sport: Set(p.sub_sport.key().to_owned()),
        name: Set(p.name.clone()),
        start_utc: Set(p.start),
        start_epoch_s: Set(p.start.timestamp()),
        utc_offset_s: Set(p.utc_offset_s),
        elapsed_s: Set(shown.elapsed_s),
        timer_s: Set(shown.timer_s),
        moving_s: Set(shown.moving_s),
        distance_m: Set(shown.distance_m),
        ascent_m: Set(shown.ascent_m),
        avg_hr: Set(shown.avg_hr),
        max_hr: Set(shown.max_hr),
        avg_speed_mps: Set(shown.avg_speed_mps),
        avg_power_w: Set(shown.avg_power_w),
        calories_kcal: Set(shown.calories_kcal),
        device_manufacturer: Set(p.device.manufacturer.clone()),
        device_product: Set(p.device.product.clone()),
        device_totals_json: Set(p.device_totals.as_ref().map(json)),
        computed_totals_json: Set(json(&computed)),
        disagreements_json: Set(json(&disagreements)),
        lengths_json: Set(json(&p.lengths)),
        pool_length_m: Set(p.pool_length_m),
        has_gps: Set(p.streams.has_gps()),
        sample_count: Set(p.streams.len() as i64),
        updated_at: Set(now),
        ..Default::default()
    };
    (m, shown)
}

async fn write_children(
    db: &impl ConnectionTrait,
    id: i64,
    p: &ParsedActivity,
) -> Result<(), StorageError> {
    activity_lap::Entity::delete_many()
        .filter(activity_lap::Column::ActivityId.eq(id))
        .exec(db)
        .await?;
    activity_stream::Entity::delete_many()
        .filter(activity_stream::Column::ActivityId.eq(id))
        .exec(db)
        .await?;
    if !p.laps.is_empty() {
        let laps = p
            .laps
            .iter()
            .enumerate()
            .map(|(i, l)| activity_lap::ActiveModel {
                activity_id: Set(id),
                lap_index: Set(i as i32),
                start_offset_s: Set(l.start_offset_s),
                totals_json: Set(json(&l.totals)),
            });
        activity_lap::Entity::insert_many(laps).exec(db).await?;
    }
    activity_stream::ActiveModel {
        activity_id: Set(id),
        codec: Set(CODEC),
        sample_count: Set(p.streams.len() as i64),
        data: Set(streams::encode(&p.streams)),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Stores one parsed activity from one source, de-duplicating (module docs).
pub async fn store(
    db: &DatabaseConnection,
    parsed: &ParsedActivity,
    source: &NewSource,
    now: DateTime<Utc>,
) -> Result<Stored, StorageError> {
    let txn = db.begin().await?;
    let same_bytes = activity_source::Entity::find()
        .filter(activity_source::Column::ContentSha256.eq(&source.content_sha256))
        .filter(activity_source::Column::SessionIndex.eq(source.session_index))
        .all(&txn)
        .await?;
    if let Some(existing) = same_bytes.first() {
        // The same bytes again: a re-import (same place, a no-op) or the same
        // file found elsewhere, e.g. inside an export, which is remembered as
        // another source and may name an unnamed activity.
        let id = existing.activity_id;
        if !same_bytes.iter().any(|s| s.file_name == source.file_name) {
            insert_source(&txn, id, source, existing.richness, false, now).await?;
        }
        if parsed.name.is_some() {
            activity::Entity::update_many()
                .col_expr(activity::Column::Name, parsed.name.clone().into())
                .col_expr(activity::Column::UpdatedAt, now.into())
                .filter(activity::Column::Id.eq(id))
                .filter(activity::Column::Name.is_null())
                .filter(activity::Column::EditsJson.not_like("%\"name\"%"))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        return Ok(Stored::Duplicate(id));
    }

    let richness = parsed.richness(source.format) as i32;
    let (mut model, shown) = activity_model(parsed, now);
    let start = parsed.start.timestamp();
    let candidates = activity::Entity::find()
        .filter(activity::Column::StartEpochS.between(start - SAME_START_S, start + SAME_START_S))
        .order_by_asc(activity::Column::Id)
        .all(&txn)
        .await?;
    let same = candidates
        .into_iter()
        .find(|c| same_activity(c.distance_m, c.elapsed_s, shown.distance_m, shown.elapsed_s));

    let outcome = if let Some(existing) = same {
        let best = activity_source::Entity::find()
            .filter(activity_source::Column::ActivityId.eq(existing.id))
            .filter(activity_source::Column::IsPrimary.eq(true))
            .one(&txn)
            .await?
            .map_or(0, |s| s.richness);
        let replaced = richness > best;
        if replaced {
            // Keep what the athlete or a richer-named source gave the activity:
            // the athlete's edits always win over the new source's values.
            let edits: AthleteEdits =
                serde_json::from_str(&existing.edits_json).unwrap_or_default();
            if parsed.name.is_none() || edits.name.is_some() {
                model.name = Set(existing.name.clone());
            }
            if edits.sport.is_some() {
                model.sport = Set(existing.sport.clone());
            }
            // A file of a session entered by hand: now it has a source.
            model.manual = Set(false);
            model.id = Set(existing.id);
            model.created_at = Set(existing.created_at);
            model.update(&txn).await?;
            write_children(&txn, existing.id, parsed).await?;
            activity_source::Entity::update_many()
                .col_expr(activity_source::Column::IsPrimary, false.into())
                .filter(activity_source::Column::ActivityId.eq(existing.id))
                .exec(&txn)
                .await?;
        } else if existing.name.is_none()
            && parsed.name.is_some()
            && !existing.edits_json.contains("\"name\"")
        {
            // A poorer copy can still carry the title (Strava's activities.csv).
            activity::ActiveModel {
                id: Set(existing.id),
                name: Set(parsed.name.clone()),
                updated_at: Set(now),
                ..Default::default()
            }
            .update(&txn)
            .await?;
        }
        insert_source(&txn, existing.id, source, richness, replaced, now).await?;
        Stored::Merged {
            id: existing.id,
            replaced,
        }
    } else {
        model.created_at = Set(now);
        let id = activity::Entity::insert(model)
            .exec(&txn)
            .await?
            .last_insert_id;
        write_children(&txn, id, parsed).await?;
        insert_source(&txn, id, source, richness, true, now).await?;
        Stored::New(id)
    };
    txn.commit().await?;
    Ok(outcome)
}

async fn insert_source(
    db: &impl ConnectionTrait,
    activity_id: i64,
    s: &NewSource,
    richness: i32,
    is_primary: bool,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    activity_source::ActiveModel {
        activity_id: Set(activity_id),
        content_sha256: Set(s.content_sha256.clone()),
        session_index: Set(s.session_index),
        format: Set(s.format.key().to_owned()),
        origin: Set(s.origin.key().to_owned()),
        file_name: Set(s.file_name.clone()),
        size_bytes: Set(s.size_bytes),
        richness: Set(richness),
        is_primary: Set(is_primary),
        imported_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

fn row(m: &activity::Model) -> ActivityRow {
    let computed: Totals = serde_json::from_str(&m.computed_totals_json).unwrap_or_default();
    let device: Option<Totals> = m
        .device_totals_json
        .as_deref()
        .and_then(|j| serde_json::from_str(j).ok());
    ActivityRow {
        id: m.id,
        sport: Sport::from_key(&m.sport).unwrap_or(Sport::Other),
        sub_sport: SubSport::from_key(&m.sub_sport).unwrap_or(SubSport::Generic),
        name: m.name.clone(),
        start: m.start_utc,
        utc_offset_s: m.utc_offset_s,
        totals: Totals::preferring(device.as_ref(), &computed),
        device_manufacturer: m.device_manufacturer.clone(),
        device_product: m.device_product.clone(),
        has_gps: m.has_gps,
        sample_count: m.sample_count,
        own: OwnFields {
            description: m.description.clone(),
            rpe: m.rpe,
            notes: m.notes.clone(),
            counts_for_load: m.counts_for_load,
            exclude_from_export: m.exclude_from_export,
            manual: m.manual,
            edits: serde_json::from_str(&m.edits_json).unwrap_or_default(),
        },
    }
}

/// Every activity, newest first. Filtering and sorting of the list happen in
/// the api crate: ten thousand rows are a few milliseconds to read.
pub async fn list(db: &DatabaseConnection) -> Result<Vec<ActivityRow>, StorageError> {
    let models = activity::Entity::find()
        .order_by_desc(activity::Column::StartEpochS)
        .order_by_desc(activity::Column::Id)
        .all(db)
        .await?;
    Ok(models.iter().map(row).collect())
}

/// One activity with laps and sources, or None.
pub async fn get(db: &DatabaseConnection, id: i64) -> Result<Option<ActivityDetail>, StorageError> {
    let Some(m) = activity::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let laps = activity_lap::Entity::find()
        .filter(activity_lap::Column::ActivityId.eq(id))
        .order_by_asc(activity_lap::Column::LapIndex)
        .all(db)
        .await?
        .into_iter()
        .map(|l| Lap {
            start_offset_s: l.start_offset_s,
            totals: serde_json::from_str(&l.totals_json).unwrap_or_default(),
        })
        .collect();
    let sources = activity_source::Entity::find()
        .filter(activity_source::Column::ActivityId.eq(id))
        .order_by_desc(activity_source::Column::IsPrimary)
        .order_by_asc(activity_source::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|s| SourceRow {
            format: s.format,
            origin: s.origin,
            file_name: s.file_name,
            size_bytes: s.size_bytes,
            is_primary: s.is_primary,
            content_sha256: s.content_sha256,
            imported_at: s.imported_at,
        })
        .collect();
    Ok(Some(ActivityDetail {
        row: row(&m),
        device_totals: m
            .device_totals_json
            .as_deref()
            .and_then(|j| serde_json::from_str(j).ok()),
        computed_totals: serde_json::from_str(&m.computed_totals_json).unwrap_or_default(),
        disagreements: serde_json::from_str(&m.disagreements_json).unwrap_or_default(),
        laps,
        lengths: serde_json::from_str(&m.lengths_json).unwrap_or_default(),
        pool_length_m: m.pool_length_m,
        sources,
    }))
}

/// One activity's streams, or None when there is no such activity.
pub async fn streams(db: &DatabaseConnection, id: i64) -> Result<Option<Streams>, StorageError> {
    let Some(s) = activity_stream::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let n = usize::try_from(s.sample_count).unwrap_or(0);
    streams::decode(s.codec, &s.data, n)
        .map(Some)
        .map_err(|e| StorageError::Db(sea_orm::DbErr::Custom(format!("activity {id}: {e}"))))
}

/// Deletes an activity with its laps, streams and sources. False when absent.
pub async fn delete(db: &DatabaseConnection, id: i64) -> Result<bool, StorageError> {
    let res = activity::Entity::delete_by_id(id).exec(db).await?;
    Ok(res.rows_affected > 0)
}

/// Bytes used by stored streams and by the source files shown (each file
/// once, though a multisport file is the source of several activities), for
/// the benchmark and the "at most the FIT size" check.
pub async fn storage_sizes(db: &DatabaseConnection) -> Result<(i64, i64), StorageError> {
    use sea_orm::{FromQueryResult, Statement};
    #[derive(FromQueryResult)]
    struct Sizes {
        streams: Option<i64>,
        sources: Option<i64>,
    }
    let s = Sizes::find_by_statement(Statement::from_string(
        db.get_database_backend(),
        "SELECT (SELECT SUM(LENGTH(data)) FROM activity_stream) AS streams, \
         (SELECT SUM(size_bytes) FROM (SELECT DISTINCT content_sha256, size_bytes \
          FROM activity_source WHERE is_primary = 1)) AS sources",
    ))
    .one(db)
    .await?;
    Ok(s.map_or((0, 0), |s| (s.streams.unwrap_or(0), s.sources.unwrap_or(0))))
}
