//! What the athlete's recent best efforts say about their fitness: VDOT and
//! race predictions (Daniels–Gilbert and Riegel side by side), Daniels
//! training paces, critical power and critical speed fits, threshold
//! estimates to accept into the profile, and a personal fitness-fatigue
//! (impulse-response) model whose fits are versioned with their error.
//!
//! Everything reads the stored activity summaries of a trailing window
//! ([`WINDOW_DAYS`]): fitness is what the athlete showed recently, not their
//! lifetime best.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use tempo_domain::activity::{Channel, Sport, Streams};
use tempo_metrics::critical::{self, CP_FIT_DURATIONS_S, CriticalFit};
use tempo_metrics::{estimate, impulse, pace, running};
use tempo_storage::load as load_repo;
use tempo_storage::summary as repo;

use super::summary::{self, Stored};
use super::{WBalanceSummary, round};
use crate::activities::dto_id;
use crate::profile::{MeasureKey, ProfileDto, ProfileInput};
use crate::{AppError, Tempo};

/// Trailing window of the fitness estimates, in days.
pub const WINDOW_DAYS: u64 = 90;
/// Window for the max HR estimate: a true maximum is rarely reached, so look
/// back a year.
const MAX_HR_WINDOW_DAYS: u64 = 365;

/// A stretch of an activity that an estimate comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct EffortRef {
    pub activity_id: i32,
    pub date: NaiveDate,
    pub distance_m: f64,
    pub time_s: f64,
}

/// A race time predicted two ways.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct RacePrediction {
    pub name: String,
    pub distance_m: f64,
    /// Daniels–Gilbert: the time at which this distance gives the VDOT.
    pub vdot_time_s: Option<f64>,
    /// Riegel: T₂ = T₁·(D₂/D₁)^1.06 from the VDOT effort.
    pub riegel_time_s: Option<f64>,
}

/// Daniels' training paces, in seconds per kilometre.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct TrainingPacesDto {
    pub easy_slow_s_per_km: f64,
    pub easy_fast_s_per_km: f64,
    pub marathon_s_per_km: f64,
    pub threshold_s_per_km: f64,
    pub interval_s_per_km: f64,
    pub repetition_s_per_km: f64,
}

/// A two-parameter fit (CP and W′ in W and J, or CS and D′ in m/s and m) with
/// its standard errors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct CriticalFitDto {
    pub critical: f64,
    pub capacity: f64,
    pub critical_se: Option<f64>,
    pub capacity_se: Option<f64>,
    pub r_squared: f64,
    pub points: u32,
}

impl From<CriticalFit> for CriticalFitDto {
    fn from(f: CriticalFit) -> Self {
        CriticalFitDto {
            critical: round(f.critical, 3),
            capacity: round(f.capacity, 1),
            critical_se: f.critical_se.map(|v| round(v, 3)),
            capacity_se: f.capacity_se.map(|v| round(v, 1)),
            r_squared: round(f.r_squared, 4),
            points: f.points as u32,
        }
    }
}

/// Fitness estimates from the last [`WINDOW_DAYS`] days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Predictions {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub vdot: Option<f64>,
    pub vdot_effort: Option<EffortRef>,
    /// 5 km, 10 km, half marathon, marathon.
    pub races: Vec<RacePrediction>,
    pub paces: Option<TrainingPacesDto>,
    /// Critical speed (m/s) and D′ (m) from the 2–20 min pace curve.
    pub critical_speed: Option<CriticalFitDto>,
    /// Critical power (W) and W′ (J) from the 2–20 min power curve.
    pub critical_power: Option<CriticalFitDto>,
    /// Why something is missing.
    pub notes: Vec<String>,
}

const RACES: [(&str, f64); 4] = [
    ("5 km", 5000.0),
    ("10 km", 10_000.0),
    ("Half marathon", 21_097.5),
    ("Marathon", 42_195.0),
];

fn s_per_km(speed_mps: f64) -> f64 {
    round(1000.0 / speed_mps, 1)
}

/// The best VDOT effort among the summaries.
fn best_vdot(rows: &[Stored]) -> Option<(f64, EffortRef)> {
    rows.iter()
        .filter_map(|r| {
            let v = r.summary.vdot?;
            Some((
                v.vdot,
                EffortRef {
                    activity_id: dto_id(r.activity_id),
                    date: r.date,
                    distance_m: v.distance_m,
                    time_s: v.time_s,
                },
            ))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
}

/// The point-wise best of the summaries' curves at the CP fit durations.
fn season_curve(rows: &[Stored], pick: impl Fn(&Stored) -> &[(u32, f64)]) -> Vec<(f64, f64)> {
    CP_FIT_DURATIONS_S
        .iter()
        .filter_map(|&d| {
            let best = rows
                .iter()
                .filter_map(|r| {
                    pick(r)
                        .iter()
                        .find(|(dd, _)| *dd as usize == d)
                        .map(|(_, v)| *v)
                })
                .fold(f64::NEG_INFINITY, f64::max);
            (best.is_finite() && best > 0.0).then_some((d as f64, best))
        })
        .collect()
}

fn critical_power_fit(rows: &[Stored]) -> Option<CriticalFit> {
    let pts = season_curve(rows, |r| &r.summary.power_curve);
    critical::critical_power(&pts)
        .ok()
        .filter(|f| f.critical > 0.0 && f.capacity > 0.0)
}

fn critical_speed_fit(rows: &[Stored]) -> Option<CriticalFit> {
    // (distance, time) pairs: speed × duration covered in that duration.
    let pts: Vec<(f64, f64)> = season_curve(rows, |r| &r.summary.speed_curve)
        .into_iter()
        .map(|(t, v)| (v * t, t))
        .collect();
    critical::critical_speed(&pts)
        .ok()
        .filter(|f| f.critical > 0.0 && f.capacity > 0.0)
}

/// VDOT, race predictions, paces and critical power/speed from the last
/// [`WINDOW_DAYS`] days.
pub async fn predict(tempo: &Tempo) -> Result<Predictions, AppError> {
    let to = tempo.clock.today();
    let from = to - Days::new(WINDOW_DAYS - 1);
    let rows = summary::load(tempo, Some(from), Some(to)).await?;
    let mut notes = Vec::new();
    let vdot = best_vdot(&rows);
    if vdot.is_none() {
        notes.push(format!(
            "no run of 1500 m or more since {from}: no VDOT, predictions or paces"
        ));
    }
    let races = vdot
        .as_ref()
        .map(|(v, e)| {
            RACES
                .iter()
                .map(|&(name, d)| RacePrediction {
                    name: name.into(),
                    distance_m: d,
                    vdot_time_s: running::predict_time_vdot(d, *v).ok().map(|t| round(t, 0)),
                    riegel_time_s: running::riegel_time(e.distance_m, e.time_s, d)
                        .ok()
                        .map(|t| round(t, 0)),
                })
                .collect()
        })
        .unwrap_or_default();
    let paces = vdot
        .as_ref()
        .and_then(|(v, _)| pace::daniels_paces(*v).ok())
        .map(|p| TrainingPacesDto {
            easy_slow_s_per_km: s_per_km(p.easy_slow_mps),
            easy_fast_s_per_km: s_per_km(p.easy_fast_mps),
            marathon_s_per_km: s_per_km(p.marathon_mps),
            threshold_s_per_km: s_per_km(p.threshold_mps),
            interval_s_per_km: s_per_km(p.interval_mps),
            repetition_s_per_km: s_per_km(p.repetition_mps),
        });
    let critical_speed = critical_speed_fit(&rows);
    if critical_speed.is_none() {
        notes.push(format!(
            "no 2–20 min running efforts since {from} to fit a critical speed"
        ));
    }
    let critical_power = critical_power_fit(&rows);
    if critical_power.is_none() {
        notes.push(format!(
            "no 2–20 min power efforts since {from} to fit a critical power"
        ));
    }
    Ok(Predictions {
        from,
        to,
        vdot: vdot.as_ref().map(|(v, _)| round(*v, 1)),
        vdot_effort: vdot.map(|(_, e)| e),
        races,
        paces,
        critical_speed: critical_speed.map(Into::into),
        critical_power: critical_power.map(Into::into),
        notes,
    })
}

/// W′ balance of an activity with the critical-power fit of the
/// [`WINDOW_DAYS`] days up to its day (itself included: a ride can show the
/// athlete is fitter than the fit said, and W′bal must not go far negative).
pub(crate) async fn w_balance(
    tempo: &Tempo,
    streams: &Streams,
    day: NaiveDate,
) -> Result<Option<WBalanceSummary>, AppError> {
    let Some(power_col) = streams.column(Channel::Power) else {
        return Ok(None);
    };
    let from = day - Days::new(WINDOW_DAYS - 1);
    let rows = summary::load(tempo, Some(from), Some(day)).await?;
    let Some(fit) = critical_power_fit(&rows) else {
        return Ok(None);
    };
    let Ok(w) = critical::w_prime_balance(streams.time_s(), power_col, fit.critical, fit.capacity)
    else {
        return Ok(None);
    };
    Ok(Some(WBalanceSummary {
        cp_w: round(fit.critical, 1),
        w_prime_j: round(fit.capacity, 0),
        min_j: round(w.min_j, 0),
        min_at_s: w.min_at_s,
        fit_from: from,
        fit_to: day,
    }))
}

/// A threshold the data suggests, to accept into the profile or not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ThresholdEstimate {
    pub measure: MeasureKey,
    pub value: f64,
    /// The value in force today, to compare.
    pub current: Option<f64>,
    /// How it was estimated, as a stable key the UI translates:
    /// "max_hr_5s", "friel_lthr", "eftp_20min", "critical_speed" or
    /// "best_6min_speed".
    pub method: String,
    /// The trailing window the estimate looked at, in days.
    pub window_days: u32,
    /// How it was estimated, in one English sentence (for the CLI and logs).
    pub basis: String,
    /// The activity it comes from, when one activity decides it.
    pub activity_id: Option<i32>,
    pub date: NaiveDate,
}

/// The summary with the highest value of `f`, and that value.
fn best_of(rows: &[Stored], f: impl Fn(&Stored) -> Option<f64>) -> Option<(f64, &Stored)> {
    rows.iter()
        .filter_map(|r| Some((f(r)?, r)))
        .max_by(|a, b| a.0.total_cmp(&b.0))
}

/// Estimates of max HR, LTHR, FTP, threshold pace and VMA from the data.
/// Only estimates that differ from the value in force are listed, and a max
/// HR only when it is higher.
pub async fn estimates(tempo: &Tempo) -> Result<Vec<ThresholdEstimate>, AppError> {
    let today = tempo.clock.today();
    let from = today - Days::new(WINDOW_DAYS - 1);
    let year = summary::load(
        tempo,
        Some(today - Days::new(MAX_HR_WINDOW_DAYS - 1)),
        Some(today),
    )
    .await?;
    // Summaries come oldest first: the recent window is a suffix of the year.
    let recent = &year[year.partition_point(|r| r.date < from)..];
    let profile = crate::profile::get(tempo).await?;

    let at = |curve: &[(u32, f64)], d: u32| curve.iter().find(|p| p.0 == d).map(|p| p.1);
    let estimate = |measure,
                    method: &str,
                    window: u64,
                    value,
                    current,
                    basis: String,
                    from: Option<&Stored>| {
        ThresholdEstimate {
            measure,
            method: method.into(),
            window_days: window as u32,
            value,
            current,
            basis,
            activity_id: from.map(|r| dto_id(r.activity_id)),
            date: from.map_or(today, |r| r.date),
        }
    };
    let mut out = Vec::new();
    // An observed maximum is a lower bound of the true one: it is offered only
    // when it exceeds the max HR in force.
    if let Some((v, r)) = best_of(&year, |r| r.summary.max_hr)
        && profile.max_hr.is_none_or(|m| v.round() > m.value)
    {
        out.push(estimate(
            MeasureKey::MaxHr,
            "max_hr_5s",
            MAX_HR_WINDOW_DAYS,
            v.round(),
            profile.max_hr.map(|d| d.value),
            format!("highest 5-second heart rate in the last {MAX_HR_WINDOW_DAYS} days"),
            Some(r),
        ));
    }
    if let Some((v, r)) = best_of(recent, |r| r.summary.lthr) {
        out.push(estimate(
            MeasureKey::Lthr,
            "friel_lthr",
            WINDOW_DAYS,
            v.round(),
            profile.lthr.map(|d| d.value),
            format!(
                "average of the last 20 min of the hardest 30 min in the last {WINDOW_DAYS} days (Friel)"
            ),
            Some(r),
        ));
    }
    if let Some((w, r)) = best_of(recent, |r| at(&r.summary.power_curve, 1200))
        && let Some(ftp) = estimate::eftp_from_best_20min(w)
    {
        out.push(estimate(
            MeasureKey::FtpW,
            "eftp_20min",
            WINDOW_DAYS,
            ftp.round(),
            profile.ftp_w.map(|d| d.value),
            format!("95 % of the best 20-minute power in the last {WINDOW_DAYS} days"),
            Some(r),
        ));
    }
    // Critical speed stands for the threshold pace: the fastest pace held
    // without drifting towards exhaustion, the same boundary LT2 marks.
    if let Some(cs) = critical_speed_fit(recent) {
        out.push(estimate(
            MeasureKey::ThresholdPaceSPerKm,
            "critical_speed",
            WINDOW_DAYS,
            (1000.0 / cs.critical).round(),
            profile.threshold_pace_s_per_km.map(|d| d.value),
            format!(
                "critical speed fitted to the best 2–20 min efforts of the last {WINDOW_DAYS} days"
            ),
            None,
        ));
    }
    if let Some((v, r)) = best_of(recent, |r| at(&r.summary.speed_curve, 360)) {
        out.push(estimate(
            MeasureKey::VmaKmh,
            "best_6min_speed",
            WINDOW_DAYS,
            round(v * 3.6, 1),
            profile.vma_kmh.map(|d| d.value),
            format!("best 6-minute speed in the last {WINDOW_DAYS} days (the demi-Cooper test)"),
            Some(r),
        ));
    }
    out.retain(|e| e.current != Some(e.value));
    Ok(out)
}

/// Records an estimate in the profile, effective today (the loads of today's
/// activities are recomputed, as with any profile change).
pub async fn accept_estimate(
    tempo: &Tempo,
    measure: MeasureKey,
    value: f64,
) -> Result<ProfileDto, AppError> {
    let mut input = ProfileInput::default();
    let slot = match measure {
        MeasureKey::MaxHr => &mut input.max_hr,
        MeasureKey::Lthr => &mut input.lthr,
        MeasureKey::FtpW => &mut input.ftp_w,
        MeasureKey::ThresholdPaceSPerKm => &mut input.threshold_pace_s_per_km,
        MeasureKey::VmaKmh => &mut input.vma_kmh,
        MeasureKey::RestingHr => &mut input.resting_hr,
        MeasureKey::WeightKg | MeasureKey::HeightCm => {
            return Err(AppError::invalid(
                "measure",
                "Tempo does not estimate this measure",
            ));
        }
    };
    *slot = Some(value);
    crate::profile::update_from(tempo, input, "estimate").await
}

/// One performance the fitness-fatigue model is fitted to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct PerformancePoint {
    pub date: NaiveDate,
    /// VDOT of the activity's best effort.
    pub value: f64,
    pub activity_id: i32,
    /// What the latest fit predicts for that day.
    pub predicted: Option<f64>,
}

/// One version of the fitted model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ModelFit {
    pub version: i32,
    pub fitted_at: String,
    /// The last performance day the fit saw.
    pub through: NaiveDate,
    pub points: u32,
    pub p0: f64,
    pub k1: f64,
    pub k2: f64,
    pub tau1: f64,
    pub tau2: f64,
    /// Root-mean-square error on the performances it was fitted to.
    pub rmse: f64,
    /// Performances after `through`, which the fit never saw…
    pub later_points: u32,
    /// …and its error on them: when this grows past `rmse`, the model drifts.
    pub later_rmse: Option<f64>,
}

/// The athlete's fitness-fatigue model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct FitnessModel {
    /// What a performance is: "vdot".
    pub performance: String,
    pub points: Vec<PerformancePoint>,
    /// Every fit, oldest first; the last is in use.
    pub fits: Vec<ModelFit>,
    pub notes: Vec<String>,
}

/// A run counts as a performance when its best effort's VDOT is within this
/// fraction of the best of the previous [`WINDOW_DAYS`] days: an easy run says
/// nothing about what the athlete could do that day.
const PERFORMANCE_FRACTION: f64 = 0.92;
const MIN_POINTS: usize = 5;

/// Hard runs as performances, oldest first.
fn performances(rows: &[Stored]) -> Vec<(NaiveDate, f64, i64)> {
    let runs: Vec<(NaiveDate, f64, i64)> = rows
        .iter()
        .filter(|r| r.sport == Some(Sport::Running))
        .filter_map(|r| Some((r.date, r.summary.vdot?.vdot, r.activity_id)))
        .collect();
    runs.iter()
        .filter(|(date, v, _)| {
            let since = *date - Days::new(WINDOW_DAYS);
            let prior = runs
                .iter()
                .filter(|(d, _, _)| since <= *d && d < date)
                .map(|(_, v, _)| *v)
                .fold(f64::NEG_INFINITY, f64::max);
            !prior.is_finite() || *v >= PERFORMANCE_FRACTION * prior
        })
        .copied()
        .collect()
}

/// The fitness-fatigue model fitted to the athlete's hard runs, re-fitted
/// (as a new version) when performances newer than the last fit exist.
pub async fn fitness_model(tempo: &Tempo) -> Result<FitnessModel, AppError> {
    const PERFORMANCE: &str = "vdot";
    let db = tempo.store.connection();
    let rows = summary::load(tempo, None, None).await?;
    let perf = performances(&rows);
    let daily = load_repo::daily(db).await?;
    let mut notes = Vec::new();
    let first_day = match (daily.first(), perf.first()) {
        (Some((d, _)), Some((p, _, _))) => Some((*d).min(*p)),
        (None, Some((p, _, _))) => Some(*p),
        _ => None,
    };
    let index = |d: NaiveDate| first_day.map_or(0, |f| (d - f).num_days().max(0) as usize);
    let last_day = perf.last().map(|p| p.0);
    let mut loads = vec![0.0; last_day.map_or(0, |d| index(d) + 1)];
    for (d, l) in &daily {
        if let Some(slot) = loads.get_mut(index(*d)) {
            *slot += l;
        }
    }
    let points: Vec<(usize, f64)> = perf.iter().map(|(d, v, _)| (index(*d), *v)).collect();

    let mut fits = repo::fits(db, PERFORMANCE).await?;
    let latest_through = fits
        .last()
        .and_then(|f| f.through_date.parse::<NaiveDate>().ok());
    if let Some(last) = last_day
        && latest_through.is_none_or(|t| last > t)
    {
        if perf.len() < MIN_POINTS {
            notes.push(format!(
                "{} hard runs so far: the model needs {MIN_POINTS}",
                perf.len()
            ));
        } else {
            match impulse::fit_impulse_response(&loads, &points) {
                Ok(fit) => {
                    let row = repo::FitRow {
                        id: 0,
                        performance: PERFORMANCE.into(),
                        fitted_at: tempo.clock.now().to_rfc3339(),
                        through_date: last.to_string(),
                        points: perf.len() as i64,
                        p0: fit.model.p0,
                        k1: fit.model.k1,
                        k2: fit.model.k2,
                        tau1: fit.model.tau1,
                        tau2: fit.model.tau2,
                        rmse: fit.rmse,
                    };
                    repo::insert_fit(db, &row).await?;
                    fits = repo::fits(db, PERFORMANCE).await?;
                }
                Err(e) => notes.push(format!("the model could not be fitted: {e}")),
            }
        }
    }

    let model_of = |f: &repo::FitRow| impulse::ImpulseResponse {
        p0: f.p0,
        k1: f.k1,
        k2: f.k2,
        tau1: f.tau1,
        tau2: f.tau2,
    };
    let current = fits.last().map(model_of);
    let out_fits = fits
        .iter()
        .filter_map(|f| {
            let through: NaiveDate = f.through_date.parse().ok()?;
            let later: Vec<(usize, f64)> = perf
                .iter()
                .filter(|(d, _, _)| *d > through)
                .map(|(d, v, _)| (index(*d), *v))
                .collect();
            Some(ModelFit {
                version: i32::try_from(f.id).unwrap_or(i32::MAX),
                fitted_at: f.fitted_at.clone(),
                through,
                points: f.points as u32,
                p0: round(f.p0, 3),
                k1: round(f.k1, 5),
                k2: round(f.k2, 5),
                tau1: round(f.tau1, 1),
                tau2: round(f.tau2, 1),
                rmse: round(f.rmse, 3),
                later_points: later.len() as u32,
                later_rmse: impulse::rmse(&model_of(f), &loads, &later).map(|v| round(v, 3)),
            })
        })
        .collect();
    Ok(FitnessModel {
        performance: PERFORMANCE.into(),
        points: perf
            .iter()
            .map(|(d, v, id)| PerformancePoint {
                date: *d,
                value: *v,
                activity_id: dto_id(*id),
                predicted: current
                    .as_ref()
                    .map(|m| round(m.predict(&loads, index(*d)), 2)),
            })
            .collect(),
        fits: out_fits,
        notes,
    })
}
