//! Training metrics: one activity's, the season views the dashboard draws,
//! and the fitness estimates and predictions.
//!
//! Which load figure stands for an activity in the fitness/fatigue series
//! follows a documented order: power TSS when there is power and an FTP, else
//! rTSS for a run with a threshold pace, else HRSS when there is heart rate
//! with max and resting HR, else Edwards TRIMP when there is heart rate and a
//! max HR. The formulas and their sources are in `tempo-metrics`.
//!
//! Every activity has a stored load figure and a stored [summary] (mean-max
//! curves, best efforts, time in zones), both computed at import from the
//! streams in memory and recomputed when the thresholds in force on its day
//! change; the season views ([trends]) and the estimates ([fitness]) read
//! those rows and never decode streams.

mod fitness;
mod summary;
mod trends;

pub(crate) use trends::activity_days;

pub use fitness::{
    CriticalFitDto, EffortRef, FitnessModel, ModelFit, PerformancePoint, Predictions,
    RacePrediction, ThresholdEstimate, TrainingPacesDto, accept_estimate, estimates, fitness_model,
    predict,
};
pub use trends::{
    CurveKind, CurvePoint, DateRange, MeanMaxCurve, Period, SportVolume, TrainingStatus,
    VolumePeriod, ZoneDistribution, ZoneTotal, mean_max, status, volume, zone_distribution,
};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tempo_domain::activity::{Channel, Sport, Streams};
use tempo_domain::{Measure, Sex};
use tempo_metrics::heart::{self, BanisterCoefficients, FrielSport, HrZones};
use tempo_metrics::{efficiency, grade, pace, power, running};
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
    pub threshold_pace_s_per_km: Option<ThresholdUsed>,
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
    /// The same time in every zone model the thresholds allow, the primary
    /// one first: "friel_lthr" (LTHR), "percent_hrmax" (max HR) and
    /// "karvonen_hrr" (max and resting HR, 50/60/70/80/90 % of the reserve).
    pub zone_models: Vec<HeartZoneSet>,
}

/// Time in the zones of one heart-rate zone model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct HeartZoneSet {
    pub model: String,
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

/// Running metrics from the grade-adjusted pace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct RunningMetrics {
    /// Normalized graded pace as a speed (m/s): pace adjusted for the slope
    /// with Minetti's cost of running, then normalised like NP.
    pub normalized_graded_speed_mps: f64,
    /// NGP / threshold pace (as speeds); present with a threshold pace.
    pub intensity_factor: Option<f64>,
    /// Running TSS: an hour at threshold pace = 100.
    pub rtss: Option<f64>,
}

/// One band of a power or pace zone model and the time spent in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Band {
    pub name: String,
    /// Watts or m/s; None for the bottom band.
    pub low: Option<f64>,
    /// None for the open top band.
    pub high: Option<f64>,
    pub seconds: u32,
}

/// Time in the zones of one model ("coggan" power zones, "daniels" pace zones).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ZoneSet {
    pub model: String,
    pub bands: Vec<Band>,
}

/// Output per heartbeat, and how it drifted from the first half to the second.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Efficiency {
    /// "power" (NP / average HR) or "pace" (NGP in m/min / average HR).
    pub basis: String,
    pub factor: f64,
    /// Aerobic decoupling (Pw:HR or Pa:HR), percent; under 5 % means the
    /// effort was aerobically sustainable. Needs 20 min of paired data.
    pub decoupling_percent: Option<f64>,
}

/// W′ balance through the activity, with the critical-power fit it used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct WBalanceSummary {
    pub cp_w: f64,
    pub w_prime_j: f64,
    pub min_j: f64,
    pub min_at_s: u32,
    /// The fit comes from the mean-max power of these days.
    pub fit_from: NaiveDate,
    pub fit_to: NaiveDate,
}

/// The figure that stands for the activity's training load.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct LoadFigure {
    /// "tss", "rtss", "hrss" or "edwards_trimp".
    pub metric: String,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ActivityMetrics {
    pub activity_id: i32,
    pub thresholds: ThresholdsUsed,
    pub power: Option<PowerMetrics>,
    pub heart: Option<HeartMetrics>,
    /// Running, walking and hiking with distance.
    pub running: Option<RunningMetrics>,
    pub efficiency: Option<Efficiency>,
    /// Coggan's seven levels; needs an FTP.
    pub power_zones: Option<ZoneSet>,
    /// Daniels' zones from the threshold pace; runs only.
    pub pace_zones: Option<ZoneSet>,
    pub w_balance: Option<WBalanceSummary>,
    pub power_bests: Vec<PowerBest>,
    /// Running, walking and hiking only.
    pub distance_bests: Vec<DistanceBest>,
    pub load: Option<LoadFigure>,
    /// Why a metric is missing ("no FTP recorded on 2024-03-02: no TSS").
    pub notes: Vec<String>,
}

pub(crate) fn round(v: f64, digits: i32) -> f64 {
    let k = 10f64.powi(digits);
    // `+ 0.0` turns a rounded −0.0 into 0.0 (JSON and tables print "-0").
    (v * k).round() / k + 0.0
}

/// The athlete's side of the metrics: thresholds in force on a day, and the
/// sex for the TRIMP coefficients.
pub(crate) struct Athlete {
    thresholds: ThresholdsUsed,
    sex: Sex,
}

pub(crate) async fn athlete_on(
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
            threshold_pace_s_per_km: used(Measure::ThresholdPaceSPerKm),
            sex: identity.sex.map(|s| s.key().to_owned()),
        },
        sex: identity.sex.unwrap_or(Sex::Male),
    })
}

/// Karvonen bands: 50, 60, 70, 80 and 90 % of the heart-rate reserve (the
/// ACSM intensity ranges; the reference gives no standard bands).
const KARVONEN_FRACTIONS: [f64; 5] = [0.5, 0.6, 0.7, 0.8, 0.9];

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
    // Every model the thresholds allow, the primary one (Friel's, then
    // %HRmax) first.
    let mut models: Vec<(&str, HrZones)> = Vec::new();
    if let Some(z) = lthr.and_then(|l| HrZones::friel(l, friel).ok()) {
        models.push(("friel_lthr", z));
    }
    if let Some(z) = max.and_then(|m| HrZones::edwards(m).ok()) {
        models.push(("percent_hrmax", z));
    }
    if let (Some(m), Some(r)) = (max, rest)
        && let Ok(z) = HrZones::karvonen(r, m, &KARVONEN_FRACTIONS)
    {
        models.push(("karvonen_hrr", z));
    }
    let zone_models: Vec<HeartZoneSet> = models
        .iter()
        .map(|(name, z)| {
            let times = heart::time_in_zones(hr, z);
            let rows = bands(&z.names, &z.lower_bounds_bpm, &times, 1)
                .into_iter()
                .map(|b| ZoneTime {
                    name: b.name,
                    low_bpm: b.low,
                    high_bpm: b.high,
                    seconds: b.seconds,
                })
                .collect();
            HeartZoneSet {
                model: (*name).to_owned(),
                zones: rows,
            }
        })
        .collect();
    let (zone_model, zones) = zone_models.first().map_or((None, Vec::new()), |m| {
        (Some(m.model.clone()), m.zones.clone())
    });
    Some(HeartMetrics {
        banister_trimp: banister,
        edwards_trimp: edwards,
        hrss,
        zone_model,
        zones,
        zone_models,
    })
}

fn is_foot(sport: Sport) -> bool {
    matches!(sport, Sport::Running | Sport::Walking | Sport::Hiking)
}

/// NGP, and with a threshold pace, IF and rTSS (runs only).
fn running_metrics(
    streams: &Streams,
    sport: Sport,
    a: &Athlete,
    notes: &mut Vec<String>,
) -> Option<RunningMetrics> {
    if sport != Sport::Running {
        return None;
    }
    let ngs = grade::normalized_graded_speed(streams)?;
    let threshold = a
        .thresholds
        .threshold_pace_s_per_km
        .map(|t| 1000.0 / t.value);
    if threshold.is_none() {
        let day = a.thresholds.on.map(|d| d.to_string()).unwrap_or_default();
        notes.push(format!("no threshold pace recorded on {day}: no rTSS"));
    }
    // rTSS counts the seconds moving, as TSS counts the seconds with power.
    let seconds = moving_seconds(streams);
    Some(RunningMetrics {
        normalized_graded_speed_mps: round(ngs, 3),
        intensity_factor: threshold.map(|t| round(ngs / t, 3)),
        rtss: threshold
            .and_then(|t| grade::rtss(seconds, ngs, t).ok())
            .map(|v| round(v, 1)),
    })
}

/// Seconds with a speed above a slow walk (0.5 m/s): the moving time the
/// pace metrics are about.
fn moving_seconds(streams: &Streams) -> f64 {
    streams
        .column(Channel::Speed)
        .map(|v| v.iter().filter(|x| **x > 0.5).count() as f64)
        .unwrap_or(0.0)
}

/// Bands from a zone model's boundaries: zone 0 lies below `bounds[0]` and
/// zone i spans `[bounds[i−1], bounds[i])`, the last one open (the convention
/// of every zone model in `tempo-metrics`).
fn bands(names: &[String], bounds: &[f64], seconds: &[u32], digits: i32) -> Vec<Band> {
    names
        .iter()
        .enumerate()
        .map(|(i, name)| Band {
            name: name.clone(),
            low: i
                .checked_sub(1)
                .and_then(|j| bounds.get(j))
                .map(|v| round(*v, digits)),
            high: bounds.get(i).map(|v| round(*v, digits)),
            seconds: seconds.get(i).copied().unwrap_or(0),
        })
        .collect()
}

fn power_zone_set(streams: &Streams, a: &Athlete) -> Option<ZoneSet> {
    let ftp = a.thresholds.ftp_w?.value;
    let samples = power::power_samples(streams);
    if samples.is_empty() {
        return None;
    }
    let zones = power::PowerZones::coggan(ftp).ok()?;
    let secs = power::time_in_power_zones(&samples, &zones);
    Some(ZoneSet {
        model: "coggan".into(),
        bands: bands(&zones.names, &zones.lower_bounds_w, &secs, 0),
    })
}

/// The VDOT whose Daniels threshold pace is the athlete's threshold pace, so
/// pace zones follow the measure the athlete keeps. Daniels' T pace rises
/// strictly with VDOT, so bisection finds it.
pub(crate) fn vdot_for_threshold_speed(speed_mps: f64) -> Option<f64> {
    let t = |v: f64| pace::daniels_paces(v).ok().map(|p| p.threshold_mps);
    let (mut lo, mut hi) = (15.0, 95.0);
    if !(t(lo)? <= speed_mps && speed_mps <= t(hi)?) {
        return None;
    }
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if t(mid)? < speed_mps {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(0.5 * (lo + hi))
}

fn pace_zone_set(streams: &Streams, sport: Sport, a: &Athlete) -> Option<ZoneSet> {
    if sport != Sport::Running {
        return None;
    }
    streams.column(Channel::Speed)?;
    let speed = 1000.0 / a.thresholds.threshold_pace_s_per_km?.value;
    let zones = pace::PaceZones::daniels(vdot_for_threshold_speed(speed)?).ok()?;
    let secs = pace::time_in_pace_zones(streams, &zones);
    Some(ZoneSet {
        model: "daniels".into(),
        bands: bands(&zones.names, &zones.lower_bounds_mps, &secs, 3),
    })
}

/// Efficiency factor and decoupling: power for rides with power, pace for runs.
fn efficiency_of(
    streams: &Streams,
    sport: Sport,
    power: Option<&PowerMetrics>,
    running: Option<&RunningMetrics>,
) -> Option<Efficiency> {
    let hr = streams.column(Channel::HeartRate)?;
    let finite: Vec<f64> = hr.iter().copied().filter(|v| v.is_finite()).collect();
    if finite.is_empty() {
        return None;
    }
    let avg_hr = finite.iter().sum::<f64>() / finite.len() as f64;
    let (basis, output, series) =
        if let (Some(p), Some(col)) = (power, streams.column(Channel::Power)) {
            ("power", p.normalized_w, col)
        } else if let (Some(r), Some(col), true) =
            (running, streams.column(Channel::Speed), is_foot(sport))
        {
            // m/min, the unit Friel's running EF is quoted in.
            ("pace", r.normalized_graded_speed_mps * 60.0, col)
        } else {
            return None;
        };
    let factor = efficiency::efficiency_factor(output, avg_hr)?;
    let decoupling = efficiency::aerobic_decoupling(series, hr).map(|d| round(d.percent, 1));
    Some(Efficiency {
        basis: basis.into(),
        factor: round(factor, 3),
        decoupling_percent: decoupling,
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
    let day = crate::activities::local_day(&detail.row);
    let athlete = athlete_on(db, day).await?;
    let mut notes = Vec::new();
    let power = power_metrics(&streams, &athlete, &mut notes);
    let heart = heart_metrics(&streams, sport, &athlete, &mut notes);
    let running = running_metrics(&streams, sport, &athlete, &mut notes);
    let efficiency = efficiency_of(&streams, sport, power.as_ref(), running.as_ref());
    let power_zones = power_zone_set(&streams, &athlete);
    let pace_zones = pace_zone_set(&streams, sport, &athlete);
    let w_balance = if power.is_some() {
        let wbal = fitness::w_balance(tempo, &streams, day).await?;
        match &wbal {
            None => notes.push(
                "no critical-power fit from the 90 days up to this ride: no W′ balance".to_owned(),
            ),
            // The model cannot spend more than W′: going below zero means
            // the fitted CP or W′ is lower than what this ride showed.
            Some(w) if w.min_j < 0.0 => notes.push(format!(
                "W′ balance fell to {:.1} kJ: the critical-power fit (CP {:.0} W, W′ {:.1} kJ) underestimates this ride",
                w.min_j / 1000.0,
                w.cp_w,
                w.w_prime_j / 1000.0
            )),
            Some(_) => {}
        }
        wbal
    } else {
        None
    };

    let power_bests = power::best_efforts(&streams)
        .into_iter()
        .map(|e| PowerBest {
            duration_s: e.duration_s,
            average_w: round(e.average_w, 1),
            start_s: e.start_s,
        })
        .collect();
    let distance_bests = if is_foot(sport) {
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

    let inputs = tempo_storage::own::load_inputs(db, i64::from(id)).await?;
    let load = load_of(power.as_ref(), running.as_ref(), heart.as_ref()).or_else(|| {
        inputs
            .as_ref()
            .and_then(|i| last_resort_load(i, &streams, &athlete))
    });
    if inputs.as_ref().is_some_and(|i| !i.counts_for_load) {
        notes.push("the athlete excluded this activity from training load".to_owned());
    }
    Ok(ActivityMetrics {
        activity_id: id,
        thresholds: athlete.thresholds,
        power,
        heart,
        running,
        efficiency,
        power_zones,
        pace_zones,
        w_balance,
        power_bests,
        distance_bests,
        load,
        notes,
    })
}

/// The documented order: TSS, else rTSS, else HRSS, else Edwards TRIMP (then
/// [`last_resort_load`] for activities without streams).
fn load_of(
    power: Option<&PowerMetrics>,
    running: Option<&RunningMetrics>,
    heart: Option<&HeartMetrics>,
) -> Option<LoadFigure> {
    power
        .and_then(|p| p.tss)
        .map(|v| ("tss", v))
        .or_else(|| running.and_then(|r| r.rtss).map(|v| ("rtss", v)))
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

/// The load of an activity without streams to compute one from: HRSS from
/// the average heart rate over the duration (Banister's TRIMP was defined on
/// the session's average HR) for a manual entry, else Foster's session-RPE
/// (CR10 × minutes). Session-RPE is on its own scale (an hour at RPE 7 is 420
/// against ~100 TSS), which is why it comes last.
fn last_resort_load(
    i: &tempo_storage::own::LoadInputs,
    streams: &Streams,
    athlete: &Athlete,
) -> Option<LoadFigure> {
    let duration = i.duration_s.filter(|d| *d > 0.0)?;
    let t = &athlete.thresholds;
    if streams.is_empty()
        && let (Some(avg), Some(max), Some(rest)) = (
            i.avg_hr,
            t.max_hr.map(|v| v.value),
            t.resting_hr.map(|v| v.value),
        )
    {
        let series = vec![avg; duration.round() as usize];
        let k = BanisterCoefficients::for_sex(athlete.sex);
        if let Ok(v) = heart::hrss(&series, rest, max, t.lthr.map(|v| v.value), k) {
            return Some(LoadFigure {
                metric: "hrss".to_owned(),
                value: round(v, 1),
            });
        }
    }
    let rpe = i.rpe?;
    tempo_metrics::load::session_rpe_load(f64::from(rpe), duration / 60.0)
        .ok()
        .map(|v| LoadFigure {
            metric: "session_rpe".to_owned(),
            value: round(v, 1),
        })
}

/// Computes and stores one activity's load figure and summary from its
/// streams, with the thresholds in force on `day`: only what those need (no
/// best-effort positions, no W′ balance).
pub(crate) async fn store_metrics(
    tempo: &Tempo,
    id: i64,
    day: NaiveDate,
    sport: Sport,
    streams: &Streams,
) -> Result<(), AppError> {
    let db = tempo.store.connection();
    let inputs = tempo_storage::own::load_inputs(db, id).await?;
    // The stored sport is the athlete's when they edited it.
    let sport = inputs
        .as_ref()
        .and_then(|i| Sport::from_key(&i.sport))
        .unwrap_or(sport);
    let athlete = athlete_on(db, day).await?;
    let mut notes = Vec::new();
    let power = power_metrics(streams, &athlete, &mut notes);
    let heart = heart_metrics(streams, sport, &athlete, &mut notes);
    let running = running_metrics(streams, sport, &athlete, &mut notes);
    let load = load_of(power.as_ref(), running.as_ref(), heart.as_ref()).or_else(|| {
        inputs
            .as_ref()
            .and_then(|i| last_resort_load(i, streams, &athlete))
    });
    let figure = match &inputs {
        // Still a row: the day is known, the activity just adds nothing.
        Some(i) if !i.counts_for_load => None,
        _ => load.as_ref().map(|l| (l.metric.as_str(), l.value)),
    };
    let now = tempo.clock.now();
    load_repo::upsert(db, id, day, figure, now).await?;
    let summary = summary::compute(
        streams,
        sport,
        heart.as_ref(),
        power_zone_set(streams, &athlete),
        pace_zone_set(streams, sport, &athlete),
    );
    summary::store(db, id, day, sport, &summary, now).await
}

/// Recomputes and stores one stored activity's load figure and summary (when
/// the thresholds in force on its day changed, or the summary format did).
pub async fn refresh(tempo: &Tempo, id: i64) -> Result<(), AppError> {
    let db = tempo.store.connection();
    let Some(detail) = repo::get(db, id).await? else {
        return Ok(());
    };
    let streams = repo::streams(db, id).await?.unwrap_or_default();
    let day = crate::activities::local_day(&detail.row);
    store_metrics(tempo, id, day, detail.row.sport, &streams).await
}

/// Recomputes the metrics of every activity on or after `from` (a threshold
/// effective from that day changed). Returns how many were recomputed.
pub async fn refresh_since(tempo: &Tempo, from: NaiveDate) -> Result<u32, AppError> {
    let ids = load_repo::activity_ids_since(tempo.store.connection(), from).await?;
    for id in &ids {
        refresh(tempo, *id).await?;
    }
    Ok(ids.len() as u32)
}

/// Computes the summaries an older Tempo did not store (or stored in an
/// older format). Cheap when there are none; the season views call it first.
pub(crate) async fn ensure_summaries(tempo: &Tempo) -> Result<(), AppError> {
    let ids =
        tempo_storage::summary::ids_not_at_version(tempo.store.connection(), summary::VERSION)
            .await?;
    if !ids.is_empty() {
        tracing::info!(activities = ids.len(), "computing activity summaries");
    }
    for id in ids {
        refresh(tempo, id).await?;
    }
    Ok(())
}

/// What a full recompute did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Recomputed {
    pub activities: u32,
    pub seconds: f64,
}

/// Recomputes every activity's load figure and summary.
pub async fn recompute(tempo: &Tempo) -> Result<Recomputed, AppError> {
    let started = std::time::Instant::now();
    let ids = load_repo::all_activity_ids(tempo.store.connection()).await?;
    for id in &ids {
        refresh(tempo, *id).await?;
    }
    Ok(Recomputed {
        activities: ids.len() as u32,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// How fitness and fatigue average the daily loads: the time constants and
/// the form of the exponentially weighted average.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct LoadModel {
    /// Fitness (CTL) time constant in days; Coggan's default is 42.
    pub ctl_days: f64,
    /// Fatigue (ATL) time constant in days; Coggan's default is 7.
    pub atl_days: f64,
    /// "linear" (λ = 1/τ, TrainingPeaks' PMC) or "exponential"
    /// (λ = 1 − e^(−1/τ), the discretised Banister model).
    pub form: String,
}

impl Default for LoadModel {
    fn default() -> Self {
        LoadModel {
            ctl_days: 42.0,
            atl_days: 7.0,
            form: "linear".into(),
        }
    }
}

impl LoadModel {
    fn config(&self) -> Result<tempo_metrics::load::PmcConfig, AppError> {
        use tempo_metrics::load::{EwmaForm, PmcConfig};
        let form = match self.form.as_str() {
            "linear" => EwmaForm::Linear,
            "exponential" => EwmaForm::Exponential,
            other => {
                return Err(AppError::invalid(
                    "form",
                    format!("unknown average {other:?}: use linear or exponential"),
                ));
            }
        };
        for (field, v) in [("ctl_days", self.ctl_days), ("atl_days", self.atl_days)] {
            if !(v.is_finite() && (1.0..=365.0).contains(&v)) {
                return Err(AppError::invalid(
                    field,
                    format!("a time constant must be between 1 and 365 days, not {v}"),
                ));
            }
        }
        if self.atl_days >= self.ctl_days {
            return Err(AppError::invalid(
                "atl_days",
                "fatigue must average over fewer days than fitness",
            ));
        }
        PmcConfig::new(self.ctl_days, self.atl_days, form)
            .map_err(|e| AppError::invalid("ctl_days", e.to_string()))
    }
}

const LOAD_MODEL_KEY: &str = "load_model";

/// The load model in use (Coggan's 42/7 linear one until the athlete changes it).
pub async fn load_model(tempo: &Tempo) -> Result<LoadModel, AppError> {
    let stored = tempo_storage::summary::setting(tempo.store.connection(), LOAD_MODEL_KEY).await?;
    // A value this Tempo cannot read falls back to the default rather than
    // breaking every chart.
    Ok(stored
        .and_then(|json| serde_json::from_str::<LoadModel>(&json).ok())
        .filter(|m| m.config().is_ok())
        .unwrap_or_default())
}

/// Changes the load model, after checking it; the series use it at once.
pub async fn set_load_model(tempo: &Tempo, model: LoadModel) -> Result<LoadModel, AppError> {
    model.config()?;
    let json = serde_json::to_string(&model)
        .map_err(|e| AppError::internal(format!("load model not serialisable: {e}")))?;
    tempo_storage::summary::set_setting(
        tempo.store.connection(),
        LOAD_MODEL_KEY,
        &json,
        tempo.clock.now(),
    )
    .await?;
    tracing::info!(ctl = model.ctl_days, atl = model.atl_days, form = %model.form, "load model changed");
    Ok(model)
}

/// One day of the fitness/fatigue series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct LoadDay {
    pub date: NaiveDate,
    /// Sum of the day's activity loads.
    pub load: f64,
    /// Fitness: exponentially weighted average of the daily load over the
    /// load model's `ctl_days` (42 by default).
    pub ctl: f64,
    /// Fatigue: the same over `atl_days` (7 by default).
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
    let config = load_model(tempo).await?.config()?;
    let days = tempo_metrics::load::pmc(
        &loads,
        tempo_metrics::load::PmcState::default(),
        &config,
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
