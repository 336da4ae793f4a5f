//! Activities: import files and exports, list, open, delete.
//!
//! Import is a pipeline: the inputs are listed first (so progress has a total),
//! then files are read and parsed on worker threads (parsing is CPU work and
//! the parsers are pure) while this task stores each parsed activity in its own
//! transaction. A bad file is reported with its name and reason and the batch
//! goes on; cancelling stops between files and keeps what was stored.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tempo_domain::activity::{Channel, ParsedActivity, Sport, Totals};
use tempo_import::archive::{self, Item};
use tempo_storage::activities::{self as repo, NewSource, Origin, Stored};

use crate::{AppError, ErrorCode, Tempo};

/// A flag the caller sets to stop an import between two files.
#[derive(Debug, Clone, Default)]
pub struct CancelFlag(Arc<AtomicBool>);

impl CancelFlag {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// A file that could not be imported, or imported with a warning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct FileIssue {
    pub file: String,
    pub reason: String,
}

/// Where an import stands; sent after every file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ImportProgress {
    pub done: u32,
    pub total: u32,
    /// The file just finished.
    pub current: Option<String>,
    pub imported: u32,
    pub merged: u32,
    pub duplicates: u32,
    pub failed: u32,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ImportSummary {
    /// Files read (zip members count one each).
    pub files: u32,
    /// New activities.
    pub imported: u32,
    /// Activities already stored from another source (a FIT file and its
    /// Strava copy): the source was added, the richer data kept.
    pub merged: u32,
    /// Files imported before (same content).
    pub duplicates: u32,
    pub failed: Vec<FileIssue>,
    pub warnings: Vec<FileIssue>,
    pub cancelled: bool,
    /// Ids of the new activities.
    pub activity_ids: Vec<i32>,
    /// Bytes read (as stored on disk, compressed or not).
    pub bytes: f64,
    pub seconds: f64,
}

fn import_error_message(e: &tempo_import::ImportError) -> String {
    e.to_string()
}

struct ParsedFile {
    item: Item,
    size: u64,
    result: Result<(String, tempo_import::Parsed), tempo_import::ImportError>,
}

/// Imports files, folders and zip exports. `progress` is called after each file.
pub async fn import(
    tempo: &Tempo,
    inputs: &[PathBuf],
    progress: impl Fn(&ImportProgress) + Send + Sync,
    cancel: &CancelFlag,
) -> Result<ImportSummary, AppError> {
    if inputs.is_empty() {
        return Err(AppError::invalid(
            "paths",
            "give at least one file or folder to import",
        ));
    }
    let started = Instant::now();
    let inputs = inputs.to_vec();
    let listing = tokio::task::spawn_blocking(move || archive::list(&inputs))
        .await
        .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
    let total = (listing.items.len() + listing.failures.len()) as u32;
    let mut summary = ImportSummary::default();
    let mut p = ImportProgress {
        total,
        ..Default::default()
    };
    for (name, e) in listing.failures {
        summary.failed.push(FileIssue {
            file: name.clone(),
            reason: import_error_message(&e),
        });
        p.failed += 1;
        p.done += 1;
        p.current = Some(name);
    }
    progress(&p);

    let (tx, mut rx) = tokio::sync::mpsc::channel::<ParsedFile>(8);
    let items = listing.items;
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 8);
    let cancel_parse = cancel.clone();
    let parser = tokio::task::spawn_blocking(move || {
        let queue = Mutex::new(items.into_iter());
        std::thread::scope(|s| {
            for _ in 0..workers {
                let tx = tx.clone();
                let queue = &queue;
                let cancel = &cancel_parse;
                s.spawn(move || {
                    loop {
                        if cancel.is_cancelled() {
                            return;
                        }
                        let Some(item) = queue.lock().ok().and_then(|mut q| q.next()) else {
                            return;
                        };
                        let (size, result) = match item.read() {
                            Ok(bytes) => {
                                let size = bytes.len() as u64;
                                let inner = if tempo_import::detect(&bytes)
                                    == Some(tempo_import::Detected::Gzip)
                                {
                                    tempo_import::gunzip(&bytes)
                                } else {
                                    Ok(bytes)
                                };
                                (
                                    size,
                                    inner.and_then(|b| {
                                        let hash = tempo_import::content_hash(&b);
                                        // A bug on one file is that file's failure,
                                        // not the end of the whole import.
                                        std::panic::catch_unwind(|| tempo_import::parse(&b))
                                            .unwrap_or_else(|_| {
                                                Err(tempo_import::ImportError::Io(
                                                    "Tempo failed to read this file (a bug: please report it with the log)".into(),
                                                ))
                                            })
                                            .map(|p| (hash, p))
                                    }),
                                )
                            }
                            Err(e) => (0, Err(e)),
                        };
                        if tx.blocking_send(ParsedFile { item, size, result }).is_err() {
                            return;
                        }
                    }
                });
            }
        });
    });

    let db = tempo.store.connection();
    while let Some(file) = rx.recv().await {
        summary.files += 1;
        summary.bytes += file.size as f64;
        p.done += 1;
        p.current = Some(file.item.name.clone());
        match file.result {
            Err(e) => {
                p.failed += 1;
                summary.failed.push(FileIssue {
                    file: file.item.name.clone(),
                    reason: import_error_message(&e),
                });
            }
            Ok((hash, parsed)) => {
                for w in &parsed.warnings {
                    summary.warnings.push(FileIssue {
                        file: file.item.name.clone(),
                        reason: w.clone(),
                    });
                }
                let origin = match file.item.origin {
                    archive::Origin::File => Origin::File,
                    archive::Origin::GarminExport => Origin::GarminExport,
                    archive::Origin::StravaExport => Origin::StravaExport,
                };
                let single = parsed.activities.len() == 1;
                let (mut new, mut merged, mut dup) = (0, 0, 0);
                for (i, mut activity) in parsed.activities.into_iter().enumerate() {
                    if single && activity.name.is_none() {
                        activity.name.clone_from(&file.item.title);
                    }
                    let source = NewSource {
                        content_sha256: hash.clone(),
                        session_index: i as i32,
                        format: parsed.format,
                        origin,
                        file_name: file.item.name.clone(),
                        size_bytes: file.size as i64,
                    };
                    match repo::store(db, &activity, &source, tempo.clock.now()).await? {
                        Stored::New(id) => {
                            new += 1;
                            summary.activity_ids.push(dto_id(id));
                            store_metrics(tempo, id, &activity, &file.item.name, &mut summary)
                                .await;
                        }
                        Stored::Merged { id, replaced } => {
                            merged += 1;
                            if replaced {
                                store_metrics(tempo, id, &activity, &file.item.name, &mut summary)
                                    .await;
                            }
                        }
                        Stored::Duplicate(_) => dup += 1,
                    }
                }
                // A file counts once: new if it brought any new activity.
                if new > 0 {
                    summary.imported += new;
                    p.imported += new;
                } else if merged > 0 {
                    summary.merged += merged;
                    p.merged += merged;
                } else if dup > 0 {
                    summary.duplicates += 1;
                    p.duplicates += 1;
                }
            }
        }
        progress(&p);
        if cancel.is_cancelled() {
            break;
        }
    }
    drop(rx);
    parser
        .await
        .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
    summary.cancelled = cancel.is_cancelled() && p.done < p.total;
    summary.seconds = started.elapsed().as_secs_f64();
    tracing::info!(
        files = summary.files,
        imported = summary.imported,
        merged = summary.merged,
        duplicates = summary.duplicates,
        failed = summary.failed.len(),
        seconds = summary.seconds,
        "import finished"
    );
    Ok(summary)
}

/// Stores the new activity's training load and metrics summary, from the
/// streams in memory (no read back). The activity itself is stored already; a
/// failure here is a warning (`tempo metrics recompute` repairs it), never the
/// end of the import.
async fn store_metrics(
    tempo: &Tempo,
    id: i64,
    activity: &ParsedActivity,
    file: &str,
    summary: &mut ImportSummary,
) {
    let offset = chrono::Duration::seconds(i64::from(activity.utc_offset_s.unwrap_or(0)));
    let day = (activity.start + offset).date_naive();
    if let Err(e) =
        crate::metrics::store_metrics(tempo, id, day, activity.sport, &activity.streams).await
    {
        tracing::warn!(id, error = %e.message, "training load and summary not computed");
        summary.warnings.push(FileIssue {
            file: file.to_owned(),
            reason: format!(
                "its training load and metrics could not be computed ({})",
                e.message
            ),
        });
    }
}

/// Figures of an activity or lap, for display.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct TotalsDto {
    pub elapsed_s: Option<f64>,
    pub timer_s: Option<f64>,
    pub moving_s: Option<f64>,
    pub distance_m: Option<f64>,
    pub ascent_m: Option<f64>,
    pub descent_m: Option<f64>,
    pub avg_hr: Option<f64>,
    pub max_hr: Option<f64>,
    pub avg_speed_mps: Option<f64>,
    pub max_speed_mps: Option<f64>,
    pub avg_cadence: Option<f64>,
    pub max_cadence: Option<f64>,
    pub avg_power_w: Option<f64>,
    pub max_power_w: Option<f64>,
    pub calories_kcal: Option<f64>,
}

impl From<&Totals> for TotalsDto {
    fn from(t: &Totals) -> Self {
        let r = |v: Option<f64>| v.map(|x| (x * 1000.0).round() / 1000.0);
        TotalsDto {
            elapsed_s: r(t.elapsed_s),
            timer_s: r(t.timer_s),
            moving_s: r(t.moving_s),
            distance_m: r(t.distance_m),
            ascent_m: r(t.ascent_m),
            descent_m: r(t.descent_m),
            avg_hr: r(t.avg_hr),
            max_hr: r(t.max_hr),
            avg_speed_mps: r(t.avg_speed_mps),
            max_speed_mps: r(t.max_speed_mps),
            avg_cadence: r(t.avg_cadence),
            max_cadence: r(t.max_cadence),
            avg_power_w: r(t.avg_power_w),
            max_power_w: r(t.max_power_w),
            calories_kcal: r(t.calories_kcal),
        }
    }
}

/// A row of the activity list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ActivitySummaryDto {
    pub id: i32,
    pub sport: String,
    pub sub_sport: String,
    pub name: Option<String>,
    pub start: DateTime<Utc>,
    /// Local time minus UTC at the start, when the file says.
    pub utc_offset_s: Option<i32>,
    pub totals: TotalsDto,
    pub device: Option<String>,
    pub has_gps: bool,
    /// CR10 rating of perceived exertion, when the athlete gave one.
    pub rpe: Option<i32>,
    /// Entered by hand (no file).
    pub manual: bool,
}

/// Filters for the activity list. Dates are inclusive calendar days, local to
/// the activity (its start plus its UTC offset, or UTC when the file has none).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ActivityFilter {
    pub sports: Option<Vec<String>>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Matched case-insensitively against the name, the sport and the device.
    pub text: Option<String>,
}

/// Sums over the filtered activities.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ActivityTotals {
    pub count: u32,
    pub distance_m: f64,
    pub elapsed_s: f64,
    pub moving_s: f64,
    pub ascent_m: f64,
    pub calories_kcal: f64,
}

/// The activity list, newest first, with totals for the filtered set.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ActivityList {
    pub activities: Vec<ActivitySummaryDto>,
    pub totals: ActivityTotals,
}

/// Activity ids are SQLite rowids; TypeScript numbers hold them exactly up to
/// 2^53, and an athlete will not record two billion activities.
pub(crate) fn dto_id(id: i64) -> i32 {
    i32::try_from(id).unwrap_or(i32::MAX)
}

fn device_label(manufacturer: Option<&str>, product: Option<&str>) -> Option<String> {
    match (manufacturer, product) {
        (Some(m), Some(p)) => Some(format!("{m} {p}")),
        (Some(m), None) => Some(m.to_owned()),
        (None, Some(p)) => Some(p.to_owned()),
        (None, None) => None,
    }
}

fn summary_dto(r: &repo::ActivityRow) -> ActivitySummaryDto {
    ActivitySummaryDto {
        id: dto_id(r.id),
        sport: r.sport.key().to_owned(),
        sub_sport: r.sub_sport.key().to_owned(),
        name: r.name.clone(),
        start: r.start,
        utc_offset_s: r.utc_offset_s,
        totals: TotalsDto::from(&r.totals),
        device: device_label(
            r.device_manufacturer.as_deref(),
            r.device_product.as_deref(),
        ),
        has_gps: r.has_gps,
        rpe: r.own.rpe,
        manual: r.own.manual,
    }
}

/// The calendar day the athlete lived the activity on.
pub(crate) fn local_day(r: &repo::ActivityRow) -> NaiveDate {
    (r.start + chrono::Duration::seconds(i64::from(r.utc_offset_s.unwrap_or(0)))).date_naive()
}

/// Lists activities matching `filter`, newest first.
pub async fn list(tempo: &Tempo, filter: &ActivityFilter) -> Result<ActivityList, AppError> {
    if let Some(sports) = &filter.sports
        && let Some(bad) = sports.iter().find(|s| Sport::from_key(s).is_none())
    {
        return Err(AppError::invalid(
            "sports",
            format!("unknown sport {bad:?}"),
        ));
    }
    if let (Some(a), Some(b)) = (filter.from, filter.to)
        && a > b
    {
        return Err(AppError::invalid(
            "from",
            "the start date is after the end date",
        ));
    }
    let rows = repo::list(tempo.store.connection()).await?;
    let text = filter
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase);
    let mut out = ActivityList::default();
    for r in rows.iter().filter(|r| {
        filter
            .sports
            .as_ref()
            .is_none_or(|s| s.iter().any(|s| s == r.sport.key()))
            && filter.from.is_none_or(|d| local_day(r) >= d)
            && filter.to.is_none_or(|d| local_day(r) <= d)
            && text.as_deref().is_none_or(|t| {
                r.name
                    .as_deref()
                    .is_some_and(|n| n.to_lowercase().contains(t))
                    || r.sport.key().contains(t)
                    || device_label(
                        r.device_manufacturer.as_deref(),
                        r.device_product.as_deref(),
                    )
                    .is_some_and(|d| d.to_lowercase().contains(t))
            })
    }) {
        let t = &out.totals;
        out.totals = ActivityTotals {
            count: t.count + 1,
            distance_m: t.distance_m + r.totals.distance_m.unwrap_or(0.0),
            elapsed_s: t.elapsed_s + r.totals.elapsed_s.unwrap_or(0.0),
            moving_s: t.moving_s + r.totals.moving_s.or(r.totals.timer_s).unwrap_or(0.0),
            ascent_m: t.ascent_m + r.totals.ascent_m.unwrap_or(0.0),
            calories_kcal: t.calories_kcal + r.totals.calories_kcal.unwrap_or(0.0),
        };
        out.activities.push(summary_dto(r));
    }
    Ok(out)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct LapDto {
    pub index: u32,
    pub start_offset_s: f64,
    pub totals: TotalsDto,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct SwimLengthDto {
    pub start_offset_s: f64,
    pub elapsed_s: f64,
    pub active: bool,
    pub strokes: Option<u32>,
    pub stroke: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct DisagreementDto {
    pub field: String,
    pub device: f64,
    pub computed: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct SourceDto {
    pub file_name: String,
    pub format: String,
    pub origin: String,
    pub size_bytes: u32,
    /// The source whose data is shown.
    pub primary: bool,
    pub imported_at: DateTime<Utc>,
}

/// One activity with both sets of totals, laps, lengths and sources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ActivityDetailDto {
    pub summary: ActivitySummaryDto,
    pub device_totals: Option<TotalsDto>,
    pub computed_totals: TotalsDto,
    /// Figures on which the device and Tempo disagree beyond tolerance.
    pub disagreements: Vec<DisagreementDto>,
    pub laps: Vec<LapDto>,
    pub lengths: Vec<SwimLengthDto>,
    pub pool_length_m: Option<f64>,
    pub sources: Vec<SourceDto>,
    pub sample_count: u32,
    pub description: Option<String>,
    pub notes: Option<String>,
    /// Whether the activity adds to training load.
    pub counts_for_load: bool,
    pub exclude_from_export: bool,
    /// Fields the athlete edited ("name", "sport", "description",
    /// "counts_for_load"); their values win over every source.
    pub edited: Vec<String>,
}

pub(crate) fn not_found(id: i32) -> AppError {
    AppError::new(ErrorCode::NotFound, format!("there is no activity {id}"))
}

/// One activity.
pub async fn get(tempo: &Tempo, id: i32) -> Result<ActivityDetailDto, AppError> {
    let d = repo::get(tempo.store.connection(), i64::from(id))
        .await?
        .ok_or_else(|| not_found(id))?;
    Ok(ActivityDetailDto {
        summary: summary_dto(&d.row),
        device_totals: d.device_totals.as_ref().map(TotalsDto::from),
        computed_totals: TotalsDto::from(&d.computed_totals),
        disagreements: d
            .disagreements
            .into_iter()
            .map(|x| DisagreementDto {
                field: x.field,
                device: x.device,
                computed: x.computed,
            })
            .collect(),
        laps: d
            .laps
            .iter()
            .enumerate()
            .map(|(i, l)| LapDto {
                index: i as u32,
                start_offset_s: l.start_offset_s,
                totals: TotalsDto::from(&l.totals),
            })
            .collect(),
        lengths: d
            .lengths
            .into_iter()
            .map(|l| SwimLengthDto {
                start_offset_s: l.start_offset_s,
                elapsed_s: l.elapsed_s,
                active: l.active,
                strokes: l.strokes,
                stroke: l.stroke,
            })
            .collect(),
        pool_length_m: d.pool_length_m,
        sources: d
            .sources
            .into_iter()
            .map(|s| SourceDto {
                file_name: s.file_name,
                format: s.format,
                origin: s.origin,
                size_bytes: u32::try_from(s.size_bytes).unwrap_or(u32::MAX),
                primary: s.is_primary,
                imported_at: s.imported_at,
            })
            .collect(),
        sample_count: u32::try_from(d.row.sample_count).unwrap_or(0),
        description: d.row.own.description.clone(),
        notes: d.row.own.notes.clone(),
        counts_for_load: d.row.own.counts_for_load,
        exclude_from_export: d.row.own.exclude_from_export,
        edited: d
            .row
            .own
            .edits
            .fields()
            .into_iter()
            .map(str::to_owned)
            .collect(),
    })
}

/// One activity's 1 Hz streams, column by column; `null` where a sample lacks
/// a value. `time_s` has gaps where the athlete paused.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct StreamsDto {
    pub time_s: Vec<u32>,
    pub lat: Option<Vec<Option<f64>>>,
    pub lon: Option<Vec<Option<f64>>>,
    pub altitude: Option<Vec<Option<f32>>>,
    pub distance: Option<Vec<Option<f32>>>,
    pub speed: Option<Vec<Option<f32>>>,
    pub heart_rate: Option<Vec<Option<f32>>>,
    pub cadence: Option<Vec<Option<f32>>>,
    pub power: Option<Vec<Option<f32>>>,
    pub temperature: Option<Vec<Option<f32>>>,
}

/// One activity's streams.
pub async fn streams(tempo: &Tempo, id: i32) -> Result<StreamsDto, AppError> {
    let s = repo::streams(tempo.store.connection(), i64::from(id))
        .await?
        .ok_or_else(|| not_found(id))?;
    let f32col = |c: Channel| {
        s.column(c).map(|v| {
            v.iter()
                .map(|x| (!x.is_nan()).then_some(*x as f32))
                .collect()
        })
    };
    let f64col = |c: Channel| {
        s.column(c)
            .map(|v| v.iter().map(|x| (!x.is_nan()).then_some(*x)).collect())
    };
    Ok(StreamsDto {
        time_s: s.time_s().to_vec(),
        lat: f64col(Channel::Latitude),
        lon: f64col(Channel::Longitude),
        altitude: f32col(Channel::Altitude),
        distance: f32col(Channel::Distance),
        speed: f32col(Channel::Speed),
        heart_rate: f32col(Channel::HeartRate),
        cadence: f32col(Channel::Cadence),
        power: f32col(Channel::Power),
        temperature: f32col(Channel::Temperature),
    })
}

/// Deletes an activity with its laps, streams and sources.
pub async fn delete(tempo: &Tempo, id: i32) -> Result<(), AppError> {
    if repo::delete(tempo.store.connection(), i64::from(id)).await? {
        tracing::info!(id, "activity deleted");
        Ok(())
    } else {
        Err(not_found(id))
    }
}

/// Stream storage size against the source files' size (bytes), for benchmarks.
pub async fn storage_sizes(tempo: &Tempo) -> Result<(i64, i64), AppError> {
    Ok(repo::storage_sizes(tempo.store.connection()).await?)
}
