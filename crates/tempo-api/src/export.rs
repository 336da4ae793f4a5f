//! The export bundle: everything the athlete owns, in open formats, for a
//! date range or all of it (data portability), and reading a bundle back.
//!
//! Layout (the bundle's README.md says the same to whoever opens it):
//! - `activities/DATE_ID.tcx`: each activity with streams, written from the
//!   stored 1 Hz streams (Tempo does not keep the original files);
//! - `activities.csv`: one line per activity with its metrics, RPE and notes;
//! - `activities.json`: the same with everything needed to read it back;
//! - `load.csv`: daily load, fitness, fatigue and form;
//! - `thresholds.csv`, `thresholds.json`, `profile.json`;
//! - `plans/plan-ID.json` and `.ics`: each plan with its goal;
//! - `wellness.csv`: daily wellness notes;
//! - `conversations/`: coach conversations as markdown, when there are any.
//!
//! Activities the athlete flagged "exclude from export" are left out, so the
//! same bundle can be shared with a human coach.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tempo_domain::activity::Sport;
use tempo_plan::{Goal, Plan};
use tempo_storage::activities as repo;

use crate::activities::{dto_id, local_day};
use crate::entries::{ActivityEdit, Feedback, ManualActivityInput, WellnessDay};
use crate::profile::{MeasureEntry, MeasureKey, ProfileInput};
use crate::{AppError, ErrorCode, Tempo};

/// Which days to export (inclusive); both open means everything.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ExportRange {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ExportReport {
    /// The bundle folder.
    pub dir: String,
    pub activities: u32,
    /// Left out because the athlete flagged them.
    pub excluded: u32,
    pub files: u32,
    pub bytes: f64,
    pub took_ms: f64,
}

/// What reading a bundle back did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct BundleImport {
    pub activities: u32,
    pub thresholds: u32,
    pub plans: u32,
    pub wellness_days: u32,
}

/// An activity in `activities.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ActivityRecord {
    id: i64,
    /// The TCX file under `activities/`, when the activity has streams.
    file: Option<String>,
    start: DateTime<Utc>,
    utc_offset_s: Option<i32>,
    local_date: NaiveDate,
    sport: String,
    sub_sport: String,
    name: Option<String>,
    description: Option<String>,
    manual: bool,
    counts_for_load: bool,
    duration_s: Option<f64>,
    moving_s: Option<f64>,
    distance_m: Option<f64>,
    ascent_m: Option<f64>,
    avg_hr: Option<f64>,
    max_hr: Option<f64>,
    avg_power_w: Option<f64>,
    load_metric: Option<String>,
    load: Option<f64>,
    rpe: Option<i32>,
    notes: Option<String>,
}

/// A plan in `plans/plan-ID.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct PlanRecord {
    goal_name: String,
    goal: Goal,
    active: bool,
    plan: Plan,
}

const README: &str = include_str!("export_readme.md");

fn io(path: &Path, e: impl std::fmt::Display) -> AppError {
    AppError::new(
        ErrorCode::Storage,
        format!("cannot write {}: {e}", path.display()),
    )
}

fn read_error(path: &Path, e: impl std::fmt::Display) -> AppError {
    AppError::invalid("dir", format!("cannot read {}: {e}", path.display()))
}

/// Counts files and bytes as the bundle is written.
#[derive(Debug)]
struct Bundle {
    dir: PathBuf,
    files: u32,
    bytes: u64,
}

impl Bundle {
    fn write(&mut self, rel: &str, data: &[u8]) -> Result<(), AppError> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        std::fs::write(&path, data).map_err(|e| io(&path, e))?;
        self.files += 1;
        self.bytes += data.len() as u64;
        Ok(())
    }

    fn csv(&mut self, rel: &str, header: &[&str], rows: Vec<Vec<String>>) -> Result<(), AppError> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let map = |e: csv::Error| AppError::internal(format!("csv: {e}"));
        w.write_record(header).map_err(map)?;
        for r in rows {
            w.write_record(&r).map_err(map)?;
        }
        let data = w
            .into_inner()
            .map_err(|e| AppError::internal(e.to_string()))?;
        self.write(rel, &data)
    }

    fn json(&mut self, rel: &str, value: &impl Serialize) -> Result<(), AppError> {
        let data =
            serde_json::to_vec_pretty(value).map_err(|e| AppError::internal(e.to_string()))?;
        self.write(rel, &data)
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn in_range(day: NaiveDate, range: &ExportRange) -> bool {
    range.from.is_none_or(|f| day >= f) && range.to.is_none_or(|t| day <= t)
}

/// Writes the bundle into a new folder `tempo-export-DATE` inside `parent`.
pub async fn bundle(
    tempo: &Tempo,
    range: &ExportRange,
    parent: &Path,
) -> Result<ExportReport, AppError> {
    if let (Some(f), Some(t)) = (range.from, range.to)
        && t < f
    {
        return Err(AppError::invalid("to", "the end is before the start"));
    }
    let started = std::time::Instant::now();
    let today = tempo.clock.today();
    let mut dir = parent.join(format!("tempo-export-{today}"));
    let mut n = 2;
    while dir.exists() {
        dir = parent.join(format!("tempo-export-{today}-{n}"));
        n += 1;
    }
    std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
    let mut b = Bundle {
        dir: dir.clone(),
        files: 0,
        bytes: 0,
    };
    let db = tempo.store.connection();

    // Activities.
    let loads: BTreeMap<i64, (Option<String>, Option<f64>)> = tempo_storage::load::figures(db)
        .await?
        .into_iter()
        .collect();
    let mut records = Vec::new();
    let mut excluded = 0;
    for row in repo::list(db).await?.into_iter().rev() {
        let day = local_day(&row);
        if !in_range(day, range) {
            continue;
        }
        if row.own.exclude_from_export {
            excluded += 1;
            continue;
        }
        let file = if row.sample_count > 0 {
            let detail = repo::get(db, row.id).await?;
            let streams = repo::streams(db, row.id).await?.unwrap_or_default();
            let name = format!("activities/{day}_{}.tcx", row.id);
            let mut data = Vec::new();
            tempo_import::tcx::write(
                &mut data,
                &tempo_import::tcx::TcxActivity {
                    sport: row.sport,
                    start: row.start,
                    name: row.name.as_deref(),
                    device: None,
                    laps: detail.as_ref().map_or(&[][..], |d| d.laps.as_slice()),
                    streams: &streams,
                },
            )
            .map_err(|e| io(&dir.join(&name), e))?;
            b.write(&name, &data)?;
            Some(name)
        } else {
            None
        };
        let (load_metric, load) = loads.get(&row.id).cloned().unwrap_or_default();
        let t = &row.totals;
        records.push(ActivityRecord {
            id: row.id,
            file,
            start: row.start,
            utc_offset_s: row.utc_offset_s,
            local_date: day,
            sport: row.sport.key().to_owned(),
            sub_sport: row.sub_sport.key().to_owned(),
            name: row.name.clone(),
            description: row.own.description.clone(),
            manual: row.own.manual,
            counts_for_load: row.own.counts_for_load,
            duration_s: t.timer_s.or(t.elapsed_s),
            moving_s: t.moving_s,
            distance_m: t.distance_m,
            ascent_m: t.ascent_m,
            avg_hr: t.avg_hr,
            max_hr: t.max_hr,
            avg_power_w: t.avg_power_w,
            load_metric,
            load,
            rpe: row.own.rpe,
            notes: row.own.notes.clone(),
        });
    }
    let rows = records
        .iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                r.start.to_rfc3339(),
                r.local_date.to_string(),
                r.sport.clone(),
                opt(r.name.as_ref()),
                opt(r.duration_s.map(|v| v.round())),
                opt(r.moving_s.map(|v| v.round())),
                opt(r.distance_m.map(|v| v.round())),
                opt(r.ascent_m.map(|v| v.round())),
                opt(r.avg_hr.map(|v| v.round())),
                opt(r.max_hr.map(|v| v.round())),
                opt(r.avg_power_w.map(|v| v.round())),
                opt(r.load_metric.as_ref()),
                opt(r.load),
                opt(r.rpe),
                opt(r.notes.as_ref()),
                opt(r.description.as_ref()),
                r.counts_for_load.to_string(),
                r.manual.to_string(),
                opt(r.file.as_ref()),
            ]
        })
        .collect();
    b.csv(
        "activities.csv",
        &[
            "id",
            "start_utc",
            "local_date",
            "sport",
            "name",
            "duration_s",
            "moving_s",
            "distance_m",
            "ascent_m",
            "avg_hr",
            "max_hr",
            "avg_power_w",
            "load_metric",
            "load",
            "rpe",
            "notes",
            "description",
            "counts_for_load",
            "manual",
            "file",
        ],
        rows,
    )?;
    b.json("activities.json", &records)?;

    // Load series over the exported days (or the whole history).
    let first = records.first().map(|r| r.local_date);
    let from = range.from.or(first);
    if let Some(from) = from {
        let to = range.to.unwrap_or(today);
        let days = crate::metrics::load_series(tempo, Some(from), Some(to)).await?;
        let rows = days
            .iter()
            .map(|d| {
                vec![
                    d.date.to_string(),
                    format!("{:.1}", d.load),
                    format!("{:.1}", d.ctl),
                    format!("{:.1}", d.atl),
                    format!("{:.1}", d.tsb),
                ]
            })
            .collect();
        b.csv("load.csv", &["date", "load", "ctl", "atl", "tsb"], rows)?;
    }

    // Thresholds and profile: the whole history (a value from before the
    // range is the one in force in it).
    let history = crate::profile::history(tempo).await?;
    let rows = history
        .iter()
        .map(|h| {
            vec![
                serde_json::to_value(h.measure)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                h.value.to_string(),
                h.effective.to_string(),
                h.source.clone(),
                h.recorded_at.clone(),
            ]
        })
        .collect();
    b.csv(
        "thresholds.csv",
        &["measure", "value", "effective", "source", "recorded_at"],
        rows,
    )?;
    b.json("thresholds.json", &history)?;
    b.json("profile.json", &crate::profile::get(tempo).await?)?;

    // Plans with their goals.
    let goals: BTreeMap<i32, (String, Goal)> = crate::plans::goals(tempo)
        .await?
        .into_iter()
        .map(|g| (g.id, (g.name, g.goal)))
        .collect();
    for p in crate::plans::list(tempo).await? {
        let overlaps = match (p.start, p.end) {
            (Some(s), Some(e)) => {
                range.from.is_none_or(|f| e >= f) && range.to.is_none_or(|t| s <= t)
            }
            _ => true,
        };
        let Some((goal_name, goal)) = goals.get(&p.goal_id).cloned() else {
            continue;
        };
        if !overlaps {
            continue;
        }
        let json = crate::plans::export(tempo, p.id, crate::plans::PlanFormat::Json).await?;
        let plan: Plan =
            serde_json::from_str(&json).map_err(|e| AppError::internal(e.to_string()))?;
        b.json(
            &format!("plans/plan-{}.json", p.id),
            &PlanRecord {
                goal_name,
                goal,
                active: p.active,
                plan,
            },
        )?;
        let ics = crate::plans::export(tempo, p.id, crate::plans::PlanFormat::Ics).await?;
        b.write(&format!("plans/plan-{}.ics", p.id), ics.as_bytes())?;
    }

    // Wellness.
    let from = range.from.unwrap_or(NaiveDate::MIN);
    let to = range.to.unwrap_or(today);
    let days = crate::entries::wellness(tempo, from, to).await?;
    let rows = days
        .iter()
        .map(|d| {
            vec![
                d.date.to_string(),
                opt(d.sleep_hours),
                opt(d.sleep_quality),
                opt(d.soreness),
                opt(d.mood),
                opt(d.notes.as_ref()),
            ]
        })
        .collect();
    b.csv(
        "wellness.csv",
        &[
            "date",
            "sleep_hours",
            "sleep_quality",
            "soreness",
            "mood",
            "notes",
        ],
        rows,
    )?;
    b.json("wellness.json", &days)?;

    let mut readme = README.replace("{generated}", &tempo.clock.now().to_rfc3339());
    readme = readme.replace(
        "{range}",
        &match (range.from, range.to) {
            (None, None) => "everything".to_owned(),
            (f, t) => format!(
                "{} to {}",
                f.map_or("the start".to_owned(), |d| d.to_string()),
                t.map_or("today".to_owned(), |d| d.to_string())
            ),
        },
    );
    b.write("README.md", readme.as_bytes())?;
    let report = ExportReport {
        dir: dir.display().to_string(),
        activities: records.len() as u32,
        excluded,
        files: b.files,
        bytes: b.bytes as f64,
        took_ms: started.elapsed().as_secs_f64() * 1000.0,
    };
    tracing::info!(dir = %report.dir, activities = report.activities, files = report.files, "exported");
    Ok(report)
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, AppError> {
    let data = std::fs::read(path).map_err(|e| read_error(path, e))?;
    serde_json::from_slice(&data).map_err(|e| read_error(path, e))
}

fn measure_input(m: &MeasureEntry) -> ProfileInput {
    let mut input = ProfileInput {
        effective: Some(m.effective),
        ..ProfileInput::default()
    };
    let v = Some(m.value);
    match m.measure {
        MeasureKey::WeightKg => input.weight_kg = v,
        MeasureKey::HeightCm => input.height_cm = v,
        MeasureKey::MaxHr => input.max_hr = v,
        MeasureKey::RestingHr => input.resting_hr = v,
        MeasureKey::Lthr => input.lthr = v,
        MeasureKey::FtpW => input.ftp_w = v,
        MeasureKey::ThresholdPaceSPerKm => input.threshold_pace_s_per_km = v,
        MeasureKey::VmaKmh => input.vma_kmh = v,
    }
    input
}

/// Reads a bundle back into this installation: profile and thresholds first
/// (the activities' loads depend on them), then the activity files, then
/// each activity's own fields (name, sport, description, RPE, notes), manual
/// entries, plans and wellness. Importing the same bundle twice adds no
/// activity twice.
pub async fn import_bundle(tempo: &Tempo, dir: &Path) -> Result<BundleImport, AppError> {
    let records: Vec<ActivityRecord> = read_json(&dir.join("activities.json"))?;
    let mut report = BundleImport {
        activities: 0,
        thresholds: 0,
        plans: 0,
        wellness_days: 0,
    };

    let profile: crate::profile::ProfileDto = read_json(&dir.join("profile.json"))?;
    crate::profile::update_from(
        tempo,
        ProfileInput {
            name: profile.name,
            sex: profile.sex,
            birth_year: profile.birth_year,
            ..ProfileInput::default()
        },
        "import",
    )
    .await?;
    let history: Vec<MeasureEntry> = read_json(&dir.join("thresholds.json"))?;
    for m in &history {
        crate::profile::update_from(tempo, measure_input(m), &m.source).await?;
        report.thresholds += 1;
    }

    let files: Vec<PathBuf> = records
        .iter()
        .filter_map(|r| r.file.as_ref().map(|f| dir.join(f)))
        .collect();
    if !files.is_empty() {
        let summary = crate::activities::import(
            tempo,
            &files,
            |_| {},
            &crate::activities::CancelFlag::default(),
        )
        .await?;
        if let Some(f) = summary.failed.first() {
            return Err(AppError::invalid(
                "dir",
                format!("{} could not be read: {}", f.file, f.reason),
            ));
        }
    }
    let db = tempo.store.connection();
    for r in &records {
        let id = if r.file.is_some() {
            tempo_storage::own::find_same(db, r.start, r.distance_m, r.duration_s).await?
        } else {
            match tempo_storage::own::find_same(db, r.start, r.distance_m, r.duration_s).await? {
                Some(id) => Some(id),
                None => {
                    let input = ManualActivityInput {
                        sport: r.sport.clone(),
                        start_local: (r.start
                            + chrono::Duration::seconds(i64::from(r.utc_offset_s.unwrap_or(0))))
                        .format("%Y-%m-%dT%H:%M:%S")
                        .to_string(),
                        utc_offset_s: r.utc_offset_s,
                        duration_s: r.duration_s.unwrap_or(0.0),
                        distance_m: r.distance_m,
                        avg_hr: r.avg_hr,
                        max_hr: r.max_hr,
                        name: None,
                        description: None,
                        rpe: None,
                        notes: None,
                    };
                    Some(i64::from(crate::entries::add_manual(tempo, &input).await?))
                }
            }
        };
        let Some(id) = id else {
            return Err(AppError::invalid(
                "dir",
                format!("activity {} of the bundle was not found after import", r.id),
            ));
        };
        let id = dto_id(id);
        let sport = Sport::from_key(&r.sport).map_or("other", |s| s.key());
        crate::entries::edit(
            tempo,
            id,
            &ActivityEdit {
                name: r.name.clone(),
                sport: sport.to_owned(),
                description: r.description.clone(),
                counts_for_load: r.counts_for_load,
                exclude_from_export: false,
            },
        )
        .await?;
        if r.rpe.is_some() || r.notes.is_some() {
            crate::entries::set_activity_feedback(
                tempo,
                id,
                &Feedback {
                    rpe: r.rpe,
                    notes: r.notes.clone(),
                },
            )
            .await?;
        }
        report.activities += 1;
    }

    let plans_dir = dir.join("plans");
    if plans_dir.is_dir() {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&plans_dir)
            .map_err(|e| read_error(&plans_dir, e))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        paths.sort();
        let mut active = None;
        for path in paths {
            let p: PlanRecord = read_json(&path)?;
            let id = crate::plans::import_plan(tempo, &p.goal_name, &p.goal, &p.plan).await?;
            if p.active {
                active = Some(id);
            }
            report.plans += 1;
        }
        if let Some(id) = active {
            crate::plans::activate(tempo, id).await?;
        }
    }

    let wellness = dir.join("wellness.json");
    if wellness.is_file() {
        let days: Vec<WellnessDay> = read_json(&wellness)?;
        for d in &days {
            crate::entries::set_wellness(tempo, d).await?;
            report.wellness_days += 1;
        }
    }
    Ok(report)
}
