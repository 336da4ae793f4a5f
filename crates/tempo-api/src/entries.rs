//! What the athlete enters themselves: sessions without a device, edits of an
//! activity, RPE and notes (on activities and planned workouts), and daily
//! wellness notes. Each change that moves the training load recomputes it.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use tempo_domain::activity::Sport;
use tempo_storage::own::{self as repo, Edit, ManualActivity, WellnessRow};

use crate::activities::{ActivityDetailDto, dto_id, not_found};
use crate::{AppError, ErrorCode, Tempo};

/// An activity entered by hand. `start_local` is the athlete's local time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ManualActivityInput {
    /// A sport key: "running", "cycling", "swimming", "walking", "hiking",
    /// "rowing", "cross_country_skiing", "strength" or "other".
    pub sport: String,
    /// "YYYY-MM-DDTHH:MM" (seconds optional).
    pub start_local: String,
    /// Local time minus UTC at the start, in seconds; UTC when absent.
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

/// The athlete's own values for an activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ActivityEdit {
    pub name: Option<String>,
    pub sport: String,
    pub description: Option<String>,
    /// Whether the activity adds to training load (CTL/ATL).
    pub counts_for_load: bool,
    /// Left out of export bundles shared with a coach.
    pub exclude_from_export: bool,
}

/// Rating of perceived exertion (CR10, 0–10) and free notes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Feedback {
    pub rpe: Option<i32>,
    pub notes: Option<String>,
}

/// Daily wellness notes entered by the athlete (1–5 scales: 5 is the best
/// sleep, the most soreness, the best mood).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct WellnessDay {
    pub date: NaiveDate,
    pub sleep_hours: Option<f64>,
    pub sleep_quality: Option<i32>,
    pub soreness: Option<i32>,
    pub mood: Option<i32>,
    pub notes: Option<String>,
}

const MAX_TEXT: usize = 10_000;

/// Trims a text; empty is none; refuses one too long to be a note.
fn text(field: &str, value: Option<&str>) -> Result<Option<String>, AppError> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if v.chars().count() > MAX_TEXT {
        return Err(AppError::invalid(
            field,
            format!("{field} is longer than {MAX_TEXT} characters"),
        ));
    }
    Ok(Some(v.to_owned()))
}

fn sport(value: &str) -> Result<Sport, AppError> {
    Sport::from_key(value)
        .filter(|s| *s != Sport::Transition)
        .ok_or_else(|| {
            AppError::invalid(
                "sport",
                format!(
                    "unknown sport {value:?}: use running, cycling, swimming, walking, hiking, \
                     rowing, cross_country_skiing, strength or other"
                ),
            )
        })
}

fn rpe(value: Option<i32>) -> Result<Option<i32>, AppError> {
    match value {
        Some(v) if !(0..=10).contains(&v) => Err(AppError::invalid(
            "rpe",
            format!("RPE is on the CR10 scale, 0 to 10 (got {v})"),
        )),
        v => Ok(v),
    }
}

fn scale(field: &str, value: Option<i32>) -> Result<Option<i32>, AppError> {
    match value {
        Some(v) if !(1..=5).contains(&v) => Err(AppError::invalid(
            field,
            format!("{field} is on a 1–5 scale (got {v})"),
        )),
        v => Ok(v),
    }
}

fn heart_rate(field: &str, value: Option<f64>) -> Result<Option<f64>, AppError> {
    match value {
        Some(v) if !v.is_finite() || !(25.0..=250.0).contains(&v) => Err(AppError::invalid(
            field,
            format!("a heart rate is between 25 and 250 bpm (got {v})"),
        )),
        v => Ok(v),
    }
}

fn parse_local(value: &str) -> Result<NaiveDateTime, AppError> {
    let v = value.trim();
    NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M"))
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M"))
        .map_err(|_| {
            AppError::invalid(
                "start_local",
                format!("{value:?} is not a date and time such as 2026-12-06T07:30"),
            )
        })
}

/// Checks a manual entry and turns it into what storage keeps.
pub(crate) fn manual_activity(
    input: &ManualActivityInput,
    now: DateTime<Utc>,
) -> Result<ManualActivity, AppError> {
    let sport = sport(&input.sport)?;
    let offset = input.utc_offset_s.unwrap_or(0);
    if offset.abs() > 14 * 3600 {
        return Err(AppError::invalid(
            "utc_offset_s",
            format!("a UTC offset is within ±14 h (got {offset} s)"),
        ));
    }
    let local = parse_local(&input.start_local)?;
    let start = Utc.from_utc_datetime(&(local - chrono::Duration::seconds(i64::from(offset))));
    if start > now + chrono::Duration::minutes(5) {
        return Err(AppError::invalid(
            "start_local",
            "the start is in the future: enter sessions you have done",
        ));
    }
    let d = input.duration_s;
    if !d.is_finite() || d <= 0.0 || d > 48.0 * 3600.0 {
        return Err(AppError::invalid(
            "duration_s",
            "the duration is more than 0 and at most 48 hours",
        ));
    }
    let distance_m = match input.distance_m {
        Some(m) if !m.is_finite() || m < 0.0 => {
            return Err(AppError::invalid(
                "distance_m",
                "the distance is a positive number of metres",
            ));
        }
        // Faster than 100 km/h is a typo (metres for kilometres…), not a session.
        Some(m) if m / d > 100.0 / 3.6 => {
            return Err(AppError::invalid(
                "distance_m",
                format!(
                    "{:.1} km in {:.0} min is faster than 100 km/h: check the distance and the duration",
                    m / 1000.0,
                    d / 60.0
                ),
            ));
        }
        Some(0.0) => None,
        m => m,
    };
    let avg_hr = heart_rate("avg_hr", input.avg_hr)?;
    let max_hr = heart_rate("max_hr", input.max_hr)?;
    if let (Some(a), Some(m)) = (avg_hr, max_hr)
        && m < a
    {
        return Err(AppError::invalid(
            "max_hr",
            "the maximum heart rate is below the average",
        ));
    }
    Ok(ManualActivity {
        sport: sport.key().to_owned(),
        start,
        utc_offset_s: input.utc_offset_s,
        duration_s: d,
        distance_m,
        avg_hr,
        max_hr,
        name: text("name", input.name.as_deref())?,
        description: text("description", input.description.as_deref())?,
        rpe: rpe(input.rpe)?,
        notes: text("notes", input.notes.as_deref())?,
    })
}

/// Adds an activity entered by hand and computes its load; returns its id.
/// Refused when the same session is already stored (from a file or by hand).
pub async fn add_manual(tempo: &Tempo, input: &ManualActivityInput) -> Result<i32, AppError> {
    let now = tempo.clock.now();
    let m = manual_activity(input, now)?;
    let db = tempo.store.connection();
    if let Some(id) = repo::find_same(db, m.start, m.distance_m, Some(m.duration_s)).await? {
        return Err(AppError::invalid(
            "start_local",
            format!("this session is already stored as activity {id}"),
        ));
    }
    let id = repo::insert_manual(db, &m, now).await?;
    crate::metrics::refresh(tempo, id).await?;
    tracing::info!(id, sport = %m.sport, "manual activity added");
    Ok(dto_id(id))
}

/// Applies the athlete's edit; the edited fields keep their values through
/// later re-imports and syncs. Recomputes the load (sport and "counts for
/// load" change it).
pub async fn edit(tempo: &Tempo, id: i32, e: &ActivityEdit) -> Result<ActivityDetailDto, AppError> {
    // A multisport transition keeps its sport (it cannot be chosen otherwise).
    let current = crate::activities::get(tempo, id).await?;
    let sport = if e.sport == current.summary.sport {
        e.sport.clone()
    } else {
        sport(&e.sport)?.key().to_owned()
    };
    let edit = Edit {
        name: text("name", e.name.as_deref())?,
        sport,
        description: text("description", e.description.as_deref())?,
        counts_for_load: e.counts_for_load,
        exclude_from_export: e.exclude_from_export,
    };
    let db = tempo.store.connection();
    if !repo::edit(db, i64::from(id), &edit, tempo.clock.now()).await? {
        return Err(not_found(id));
    }
    crate::metrics::refresh(tempo, i64::from(id)).await?;
    crate::activities::get(tempo, id).await
}

fn feedback(f: &Feedback) -> Result<Feedback, AppError> {
    Ok(Feedback {
        rpe: rpe(f.rpe)?,
        notes: text("notes", f.notes.as_deref())?,
    })
}

/// Sets an activity's RPE and notes. RPE can become its load (session-RPE,
/// for activities with no heart rate or power), so the load is recomputed.
pub async fn set_activity_feedback(
    tempo: &Tempo,
    id: i32,
    f: &Feedback,
) -> Result<Feedback, AppError> {
    let f = feedback(f)?;
    let db = tempo.store.connection();
    if !repo::set_feedback(db, i64::from(id), f.rpe, f.notes.clone(), tempo.clock.now()).await? {
        return Err(not_found(id));
    }
    crate::metrics::refresh(tempo, i64::from(id)).await?;
    Ok(f)
}

/// Sets a planned workout's RPE and notes.
pub async fn set_workout_feedback(
    tempo: &Tempo,
    workout_id: i32,
    f: &Feedback,
) -> Result<Feedback, AppError> {
    let f = feedback(f)?;
    let found = tempo_storage::plans::set_workout_feedback(
        tempo.store.connection(),
        i64::from(workout_id),
        f.rpe,
        f.notes.clone(),
    )
    .await?;
    if !found {
        return Err(AppError::new(
            ErrorCode::NotFound,
            format!("there is no planned workout {workout_id}"),
        ));
    }
    Ok(f)
}

/// Wellness notes between two days, inclusive.
pub async fn wellness(
    tempo: &Tempo,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<WellnessDay>, AppError> {
    if to < from {
        return Err(AppError::invalid("to", "the end is before the start"));
    }
    let rows = repo::wellness(tempo.store.connection(), from, to).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(WellnessDay {
                date: r.date.parse().ok()?,
                sleep_hours: r.sleep_hours,
                sleep_quality: r.sleep_quality,
                soreness: r.soreness,
                mood: r.mood,
                notes: r.notes,
            })
        })
        .collect())
}

/// Stores a day's wellness notes (all empty removes the day).
pub async fn set_wellness(tempo: &Tempo, day: &WellnessDay) -> Result<WellnessDay, AppError> {
    if day.date > tempo.clock.today() {
        return Err(AppError::invalid(
            "date",
            "wellness notes are for today or past days",
        ));
    }
    let sleep_hours = match day.sleep_hours {
        Some(h) if !h.is_finite() || !(0.0..=24.0).contains(&h) => {
            return Err(AppError::invalid("sleep_hours", "sleep is 0 to 24 hours"));
        }
        h => h,
    };
    let clean = WellnessDay {
        date: day.date,
        sleep_hours,
        sleep_quality: scale("sleep_quality", day.sleep_quality)?,
        soreness: scale("soreness", day.soreness)?,
        mood: scale("mood", day.mood)?,
        notes: text("notes", day.notes.as_deref())?,
    };
    repo::set_wellness(
        tempo.store.connection(),
        &WellnessRow {
            date: clean.date.to_string(),
            sleep_hours: clean.sleep_hours,
            sleep_quality: clean.sleep_quality,
            soreness: clean.soreness,
            mood: clean.mood,
            notes: clean.notes.clone(),
        },
        tempo.clock.now(),
    )
    .await?;
    Ok(clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ManualActivityInput {
        ManualActivityInput {
            sport: "running".into(),
            start_local: "2026-11-24T07:30".into(),
            utc_offset_s: Some(3600),
            duration_s: 3600.0,
            distance_m: Some(10_000.0),
            avg_hr: Some(150.0),
            max_hr: Some(172.0),
            name: Some("  Easy run ".into()),
            description: None,
            rpe: Some(4),
            notes: Some(String::new()),
        }
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap()
    }

    #[test]
    fn local_start_becomes_utc_and_text_is_trimmed() {
        let m = manual_activity(&input(), now()).expect("valid");
        assert_eq!(
            m.start,
            Utc.with_ymd_and_hms(2026, 11, 24, 6, 30, 0).unwrap()
        );
        assert_eq!(m.name.as_deref(), Some("Easy run"));
        assert_eq!(m.notes, None);
    }

    #[test]
    fn bad_input_names_its_field() {
        type Change = Box<dyn Fn(&mut ManualActivityInput)>;
        let cases: Vec<(&str, Change)> = vec![
            ("sport", Box::new(|i| i.sport = "quidditch".into())),
            (
                "start_local",
                Box::new(|i| i.start_local = "yesterday".into()),
            ),
            (
                "start_local",
                Box::new(|i| i.start_local = "2026-11-26T07:00".into()),
            ),
            ("duration_s", Box::new(|i| i.duration_s = 0.0)),
            ("duration_s", Box::new(|i| i.duration_s = f64::NAN)),
            ("distance_m", Box::new(|i| i.distance_m = Some(-1.0))),
            ("distance_m", Box::new(|i| i.distance_m = Some(200_000.0))),
            ("avg_hr", Box::new(|i| i.avg_hr = Some(300.0))),
            ("max_hr", Box::new(|i| i.max_hr = Some(140.0))),
            ("rpe", Box::new(|i| i.rpe = Some(11))),
            (
                "utc_offset_s",
                Box::new(|i| i.utc_offset_s = Some(20 * 3600)),
            ),
        ];
        for (field, change) in cases {
            let mut i = input();
            change(&mut i);
            let err = manual_activity(&i, now()).expect_err(field);
            assert_eq!(err.code, ErrorCode::InvalidInput);
            assert_eq!(err.field.as_deref(), Some(field), "{}", err.message);
        }
    }
}
