//! The per-activity summary the season views combine: what an activity showed
//! (mean-max curves, best efforts, heart-rate maxima) and the time it spent in
//! each zone of the models in force on its day.
//!
//! Stored as JSON with a format [`VERSION`]: a Tempo that changes what a
//! summary holds bumps it, and [`super::ensure_summaries`] recomputes the old
//! rows from the streams.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tempo_domain::activity::{Channel, Sport, Streams};
use tempo_metrics::curve::{self, CURVE_DURATIONS_S};
use tempo_metrics::{estimate, power, running};
use tempo_storage::summary as repo;

use super::{HeartMetrics, ZoneSet, is_foot};
use crate::AppError;

/// Format of the stored summary.
pub(crate) const VERSION: i32 = 1;

/// Time in each zone of one model, by zone name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ZoneSeconds {
    pub model: String,
    pub zones: Vec<(String, u32)>,
}

/// The best-VDOT stretch of a run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) struct VdotEffort {
    pub vdot: f64,
    pub distance_m: f64,
    pub time_s: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct Summary {
    /// (duration s, W), non-increasing.
    pub power_curve: Vec<(u32, f64)>,
    /// (duration s, m/s), foot sports only.
    pub speed_curve: Vec<(u32, f64)>,
    /// (distance m, elapsed s) for the standard distances, foot sports only.
    pub distance_bests: Vec<(f64, f64)>,
    pub vdot: Option<VdotEffort>,
    /// Highest 5-s mean heart rate.
    pub max_hr: Option<f64>,
    /// LTHR suggested by the activity's hardest 30 min.
    pub lthr: Option<f64>,
    pub hr_zones: Option<ZoneSeconds>,
    pub power_zones: Option<ZoneSeconds>,
    pub pace_zones: Option<ZoneSeconds>,
}

/// Distances from which a best effort gives a VDOT: Daniels' tables start at
/// 1500 m; shorter efforts are too anaerobic for the equations.
const VDOT_MIN_DISTANCE_M: f64 = 1500.0;

fn zone_seconds(set: Option<ZoneSet>) -> Option<ZoneSeconds> {
    set.map(|z| ZoneSeconds {
        model: z.model,
        zones: z.bands.into_iter().map(|b| (b.name, b.seconds)).collect(),
    })
}

/// The summary of an activity, from its streams and the zone times computed
/// with the thresholds in force on its day.
pub(crate) fn compute(
    streams: &Streams,
    sport: Sport,
    heart: Option<&HeartMetrics>,
    power_zones: Option<ZoneSet>,
    pace_zones: Option<ZoneSet>,
) -> Summary {
    let round = super::round;
    let power_curve = curve::power_curve_at(&power::power_samples(streams), &CURVE_DURATIONS_S)
        .into_iter()
        .map(|(d, w)| (d, round(w, 1)))
        .collect();
    let foot = is_foot(sport);
    let (speed_curve, distance_bests) = if foot {
        (
            curve::speed_curve_at(streams, &CURVE_DURATIONS_S)
                .into_iter()
                .map(|(d, v)| (d, round(v, 4)))
                .collect(),
            running::best_distance_efforts(streams)
                .into_iter()
                .map(|e| (e.distance_m, round(e.time_s, 1)))
                .collect::<Vec<_>>(),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let vdot = distance_bests
        .iter()
        .filter(|(d, _)| *d >= VDOT_MIN_DISTANCE_M)
        .filter_map(|&(d, t)| {
            running::vdot(d, t).ok().map(|v| VdotEffort {
                vdot: round(v, 2),
                distance_m: d,
                time_s: t,
            })
        })
        .max_by(|a, b| a.vdot.total_cmp(&b.vdot));
    let hr = streams.column(Channel::HeartRate);
    Summary {
        power_curve,
        speed_curve,
        distance_bests,
        vdot,
        max_hr: hr.and_then(estimate::max_hr_observed).map(|v| round(v, 1)),
        lthr: hr.and_then(estimate::lthr_from_hr).map(|v| round(v, 1)),
        hr_zones: heart.and_then(|h| {
            let model = h.zone_model.clone()?;
            Some(ZoneSeconds {
                model,
                zones: h
                    .zones
                    .iter()
                    .map(|z| (z.name.clone(), z.seconds))
                    .collect(),
            })
        }),
        power_zones: zone_seconds(power_zones),
        pace_zones: zone_seconds(pace_zones),
    }
}

pub(crate) async fn store(
    db: &tempo_storage::DatabaseConnection,
    id: i64,
    day: NaiveDate,
    sport: Sport,
    summary: &Summary,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    let json = serde_json::to_string(summary)
        .map_err(|e| AppError::internal(format!("summary not serialisable: {e}")))?;
    repo::upsert(db, id, day, sport.key(), VERSION, &json, now).await?;
    Ok(())
}

/// A stored summary with its activity and day.
pub(crate) struct Stored {
    pub activity_id: i64,
    pub date: NaiveDate,
    pub sport: Option<Sport>,
    pub summary: Summary,
}

/// The summaries of the activities on days `from..=to`, oldest first. Rows in
/// a format this Tempo cannot read are skipped (they are recomputed by
/// [`super::ensure_summaries`]).
pub(crate) async fn load(
    tempo: &crate::Tempo,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<Stored>, AppError> {
    super::ensure_summaries(tempo).await?;
    let rows = repo::in_range(tempo.store.connection(), from, to).await?;
    Ok(rows
        .into_iter()
        .filter(|r| r.version == VERSION)
        .filter_map(|r| {
            Some(Stored {
                activity_id: r.activity_id,
                date: r.local_date,
                sport: Sport::from_key(&r.sport),
                summary: serde_json::from_str(&r.summary_json).ok()?,
            })
        })
        .collect())
}
