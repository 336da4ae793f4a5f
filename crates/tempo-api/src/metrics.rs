//! Training metrics of one activity, with the athlete's thresholds in force on
//! its date.
//!
//! Which load figure stands for the activity (for the fitness/fatigue series
//! to come) follows a documented order: power TSS when there is power and an
//! FTP, else HRSS when there is heart rate with max and resting HR, else
//! Edwards TRIMP when there is heart rate and a max HR. The formulas and their
//! sources are in `tempo-metrics`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tempo_domain::activity::{Channel, Sport, Streams};
use tempo_domain::{Measure, Sex};
use tempo_metrics::heart::{self, BanisterCoefficients, FrielSport, HrZones};
use tempo_metrics::power;
use tempo_metrics::running;
use tempo_storage::activities as repo;
use tempo_storage::load as load_repo;
use tempo_storage::profile as profile_repo;

use crate::{AppError, Tempo};

/// A threshold and the date it took effect.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ThresholdUsed {
    pub value: f64,
    pub effective: NaiveDate,
}

/// The thresholds the metrics were computed with: those in force on the
/// activity's date, not today's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ThresholdsUsed {
    pub on: Option<NaiveDate>,
    pub max_hr: Option<ThresholdUsed>,
    pub resting_hr: Option<ThresholdUsed>,
    pub lthr: Option<ThresholdUsed>,
    pub ftp_w: Option<ThresholdUsed>,
    /// Male or female Banister TRIMP coefficients (male when not set).
    pub sex: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct PowerMetrics {
    pub average_w: f64,
    pub normalized_w: f64,
    /// Present with an FTP.
    pub intensity_factor: Option<f64>,
    pub variability_index: Option<f64>,
    /// Present with an FTP.
    pub tss: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ZoneTime {
    /// "Z1"…, or the model's name for the band below its first zone.
    pub name: String,
    /// None for the band below the first zone.
    pub low_bpm: Option<f64>,
    /// None for the open top zone.
    pub high_bpm: Option<f64>,
    pub seconds: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct HeartMetrics {
    /// Banister TRIMP; needs max and resting HR.
    pub banister_trimp: Option<f64>,
    /// Edwards TRIMP; needs max HR.
    pub edwards_trimp: Option<f64>,
    /// Heart-rate stress score (an hour at LTHR = 100); needs max and resting HR.
    pub hrss: Option<f64>,
    /// "friel_lthr" with an LTHR, else "percent_hrmax" (Edwards' five zones).
    pub zone_model: Option<String>,
    pub zones: Vec<ZoneTime>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct PowerBest {
    pub duration_s: u32,
    pub average_w: f64,
    pub start_s: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct DistanceBest {
    pub distance_m: f64,
    pub time_s: f64,
    pub start_s: f64,
}

/// The figure that stands for the activity's training load.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct LoadFigure {
    /// "tss", "hrss" or "edwards_trimp".
    pub metric: String,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ActivityMetrics {
    pub activity_id: i32,
    pub thresholds: ThresholdsUsed,
    pub power: Option<PowerMetrics>,
    pub heart: Option<HeartMetrics>,
    pub power_bests: Vec<PowerBest>,
    /// Running, walking and hiking only.
    pub distance_bests: Vec<DistanceBest>,
    pub load: Option<LoadFigure>,
    /// Why a metric is missing ("no FTP recorded on 2024-03-02: no TSS").
    pub notes: Vec<String>,
}

fn round(v: f64, digits: i32) -> f64 {
    let k = 10f64.powi(digits);
    // `+ 0.0` turns a rounded −0.0 into 0.0 (JSON and tables print "-0").
    (v * k).round() / k + 0.0
}

/// The athlete's side of the metrics: thresholds in force on a day, and the
/// sex for the TRIMP coefficients.
struct Athlete {
    thresholds: ThresholdsUsed,
    sex: Sex,
}

async fn athlete_on(
    db: &tempo_storage::DatabaseConnection,
    day: NaiveDate,
) -> Result<Athlete, AppError> {
    let measures = profile_repo::measures_in_force(db, day).await?;
    let identity = profile_repo::load_identity(db).await?;
    let used = |m: Measure| {
        measures.get(&m).map(|d| ThresholdUsed {
            value: d.value,
            effective: d.effective,
        })
    };
    Ok(Athlete {
        thresholds: ThresholdsUsed {
            on: Some(day),
            max_hr: used(Measure::MaxHr),
            resting_hr: used(Measure::RestingHr),
            lthr: used(Measure::Lthr),
            ftp_w: used(Measure::FtpW),
            sex: identity.sex.map(|s| s.key().to_owned()),
        },
        sex: identity.sex.unwrap_or(Sex::Male),
    })
}

/// Power metrics: NP needs 30 s of power; IF and TSS need an FTP.
fn power_metrics(streams: &Streams, a: &Athlete, notes: &mut Vec<String>) -> Option<PowerMetrics> {
    let samples = power::power_samples(streams);
    let np = power::normalized_power(&samples)?;
    let avg = power::average_power(&samples)?;
    let ftp = a.thresholds.ftp_w.map(|t| t.value);
    if ftp.is_none() {
        let day = a.thresholds.on.map(|d| d.to_string()).unwrap_or_default();
        notes.push(format!(
            "no FTP recorded on {day}: no intensity factor or TSS"
        ));
    }
    // TSS counts the seconds with a power value (as PowerSummary does).
    let seconds = samples.iter().filter(|v| v.is_finite()).count() as f64;
    let intensity = ftp.and_then(|f| power::intensity_factor(np, f).ok());
    let tss = ftp.and_then(|f| power::tss(seconds, np, f).ok());
    Some(PowerMetrics {
        average_w: round(avg, 1),
        normalized_w: round(np, 1),
        intensity_factor: intensity.map(|v| round(v, 3)),
        variability_index: power::variability_index(np, avg).map(|v| round(v, 3)),
        tss: tss.map(|v| round(v, 1)),
    })
}

/// Heart-rate metrics and time in zones.
fn heart_metrics(
    streams: &Streams,
    sport: Sport,
    a: &Athlete,
    notes: &mut Vec<String>,
) -> Option<HeartMetrics> {
    let hr = streams.column(Channel::HeartRate)?;
    let t = &a.thresholds;
    let max = t.max_hr.map(|t| t.value);
    let rest = t.resting_hr.map(|t| t.value);
    let lthr = t.lthr.map(|t| t.value);
    let k = BanisterCoefficients::for_sex(a.sex);
    let (banister, hrss) = match (max, rest) {
        (Some(max), Some(rest)) => (
            heart::banister_trimp(hr, rest, max, k)
                .ok()
                .map(|v| round(v, 1)),
            heart::hrss(hr, rest, max, lthr, k)
                .ok()
                .map(|v| round(v, 1)),
        ),
        _ => {
            let day = t.on.map(|d| d.to_string()).unwrap_or_default();
            notes.push(format!(
                "no max and resting HR recorded on {day}: no Banister TRIMP or HRSS"
            ));
            (None, None)
        }
    };
    let edwards = max
        .and_then(|m| heart::edwards_trimp(hr, m).ok())
        .map(|v| round(v, 1));
    let friel = match sport {
        Sport::Cycling => FrielSport::Bike,
        _ => FrielSport::Run,
    };
    let zones = match (lthr, max) {
        (Some(l), _) => HrZones::friel(l, friel).ok().map(|z| ("friel_lthr", z)),
        (None, Some(m)) => HrZones::edwards(m).ok().map(|z| ("percent_hrmax", z)),
        (None, None) => None,
    };
    let (zone_model, zones) = match zones {
        Some((name, z)) => {
            let times = heart::time_in_zones(hr, &z);
            let b = &z.lower_bounds_bpm;
            // Zone i spans [b[i-1], b[i]); zone 0 is below b[0].
            let rows = times
                .iter()
                .zip(&z.names)
                .enumerate()
                .map(|(i, (s, name))| ZoneTime {
                    name: name.clone(),
                    low_bpm: i.checked_sub(1).map(|j| round(b[j], 1)),
                    high_bpm: b.get(i).map(|x| round(*x, 1)),
                    seconds: *s,
                })
                .collect();
            (Some(name.to_owned()), rows)
        }
        None => (None, Vec::new()),
    };
    Some(HeartMetrics {
        banister_trimp: banister,
        edwards_trimp: edwards,
        hrss,
        zone_model,
        zones,
    })
}

/// Metrics of one activity.
pub async fn activity(tempo: &Tempo, id: i32) -> Result<ActivityMetrics, AppError> {
    let db = tempo.store.connection();
    let detail = repo::get(db, i64::from(id))
        .await?
        .ok_or_else(|| crate::activities::not_found(id))?;
    let streams = repo::streams(db, i64::from(id)).await?.unwrap_or_default();
    let sport = detail.row.sport;
    let athlete = athlete_on(db, crate::activities::local_day(&detail.row)).await?;
    let mut notes = Vec::new();
    let power = power_metrics(&streams, &athlete, &mut notes);
    let heart = heart_metrics(&streams, sport, &athlete, &mut notes);

    let power_bests = power::best_efforts(&streams)
        .into_iter()
        .map(|e| PowerBest {
            duration_s: e.duration_s,
            average_w: round(e.average_w, 1),
            start_s: e.start_s,
        })
        .collect();
    let distance_bests = if matches!(sport, Sport::Running | Sport::Walking | Sport::Hiking) {
        running::best_distance_efforts(&streams)
            .into_iter()
            .map(|e| DistanceBest {
                distance_m: e.distance_m,
                time_s: round(e.time_s, 1),
                start_s: round(e.start_s, 1),
            })
            .collect()
    } else {
        Vec::new()
    };

    let load = load_of(power.as_ref(), heart.as_ref());
    Ok(ActivityMetrics {
        activity_id: id,
        thresholds: athlete.thresholds,
        power,
        heart,
        power_bests,
        distance_bests,
        load,
        notes,
    })
}

/// The documented order: TSS, else HRSS, else Edwards TRIMP.
fn load_of(power: Option<&PowerMetrics>, heart: Option<&HeartMetrics>) -> Option<LoadFigure> {
    power
        .and_then(|p| p.tss)
        .map(|v| ("tss", v))
        .or_else(|| heart.and_then(|h| h.hrss).map(|v| ("hrss", v)))
        .or_else(|| {
            heart
                .and_then(|h| h.edwards_trimp)
                .map(|v| ("edwards_trimp", v))
        })
        .map(|(metric, value)| LoadFigure {
            metric: metric.to_owned(),
            value,
        })
}

/// Computes and stores one activity's load figure from its streams: only what
/// the figure needs (no best efforts), with the thresholds in force on `day`.
pub(crate) async fn store_load(
    tempo: &Tempo,
    id: i64,
    day: NaiveDate,
    sport: Sport,
    streams: &Streams,
) -> Result<(), AppError> {
    let db = tempo.store.connection();
    let athlete = athlete_on(db, day).await?;
    let mut notes = Vec::new();
    let power = power_metrics(streams, &athlete, &mut notes);
    let heart = heart_metrics(streams, sport, &athlete, &mut notes);
    let load = load_of(power.as_ref(), heart.as_ref());
    let figure = load.as_ref().map(|l| (l.metric.as_str(), l.value));
    load_repo::upsert(db, id, day, figure, tempo.clock.now()).await?;
    Ok(())
}

/// Recomputes and stores one stored activity's load figure (when the
/// thresholds in force on its day changed).
pub async fn refresh_load(tempo: &Tempo, id: i64) -> Result<(), AppError> {
    let db = tempo.store.connection();
    let Some(detail) = repo::get(db, id).await? else {
        return Ok(());
    };
    let streams = repo::streams(db, id).await?.unwrap_or_default();
    let day = crate::activities::local_day(&detail.row);
    store_load(tempo, id, day, detail.row.sport, &streams).await
}

/// Recomputes the load of every activity on or after `from` (a threshold
/// effective from that day changed). Returns how many were recomputed.
pub async fn refresh_loads_since(tempo: &Tempo, from: NaiveDate) -> Result<u32, AppError> {
    let ids = load_repo::activity_ids_since(tempo.store.connection(), from).await?;
    for id in &ids {
        refresh_load(tempo, *id).await?;
    }
    Ok(ids.len() as u32)
}

/// What a full recompute did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Recomputed {
    pub activities: u32,
    pub seconds: f64,
}

/// Recomputes every activity's load figure.
pub async fn recompute(tempo: &Tempo) -> Result<Recomputed, AppError> {
    let started = std::time::Instant::now();
    let ids = load_repo::all_activity_ids(tempo.store.connection()).await?;
    for id in &ids {
        refresh_load(tempo, *id).await?;
    }
    Ok(Recomputed {
        activities: ids.len() as u32,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// One day of the fitness/fatigue series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct LoadDay {
    pub date: NaiveDate,
    /// Sum of the day's activity loads.
    pub load: f64,
    /// Fitness: 42-day exponentially weighted average of the daily load.
    pub ctl: f64,
    /// Fatigue: 7-day exponentially weighted average.
    pub atl: f64,
    /// Form: yesterday's CTL − ATL.
    pub tsb: f64,
    /// CTL change over the last 7 days.
    pub ramp_7d: Option<f64>,
}

/// The fitness/fatigue/form series between two days (inclusive). The series
/// always starts at the first day with a load, so `from` only trims the output.
pub async fn load_series(
    tempo: &Tempo,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<LoadDay>, AppError> {
    if let (Some(a), Some(b)) = (from, to)
        && a > b
    {
        return Err(AppError::invalid(
            "from",
            "the start date is after the end date",
        ));
    }
    let daily = load_repo::daily(tempo.store.connection()).await?;
    let loads: std::collections::BTreeMap<NaiveDate, f64> = daily.into_iter().collect();
    let through = Some(to.unwrap_or_else(|| tempo.clock.today()));
    let days = tempo_metrics::load::pmc(
        &loads,
        tempo_metrics::load::PmcState::default(),
        &tempo_metrics::load::PmcConfig::default(),
        through,
    );
    Ok(days
        .into_iter()
        .filter(|d| from.is_none_or(|f| d.date >= f) && to.is_none_or(|t| d.date <= t))
        .map(|d| LoadDay {
            date: d.date,
            load: round(d.load, 1),
            ctl: round(d.ctl, 2),
            atl: round(d.atl, 2),
            tsb: round(d.tsb, 2),
            ramp_7d: d.ramp_7d.map(|r| round(r, 2)),
        })
        .collect())
}
