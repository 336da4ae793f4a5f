//! Use cases for the athlete profile.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tempo_domain::{DatedValue as DomainDated, Measure, ProfileUpdate, Sex as DomainSex};
use tempo_storage::profile as repo;

use crate::{AppError, Tempo};

/// Biological sex (used only by sex-specific formulas such as Banister TRIMP).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Female,
    Male,
}

impl From<Sex> for DomainSex {
    fn from(s: Sex) -> Self {
        match s {
            Sex::Female => DomainSex::Female,
            Sex::Male => DomainSex::Male,
        }
    }
}

impl From<DomainSex> for Sex {
    fn from(s: DomainSex) -> Self {
        match s {
            DomainSex::Female => Sex::Female,
            DomainSex::Male => Sex::Male,
        }
    }
}

/// A measure's value and the date from which it applies (`YYYY-MM-DD`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct DatedValue {
    pub value: f64,
    pub effective: NaiveDate,
}

impl From<DomainDated> for DatedValue {
    fn from(d: DomainDated) -> Self {
        DatedValue {
            value: d.value,
            effective: d.effective,
        }
    }
}

/// The athlete as of today: identity plus the value in force of each measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ProfileDto {
    pub name: Option<String>,
    pub sex: Option<Sex>,
    pub birth_year: Option<i32>,
    pub weight_kg: Option<DatedValue>,
    pub height_cm: Option<DatedValue>,
    pub max_hr: Option<DatedValue>,
    pub resting_hr: Option<DatedValue>,
    pub lthr: Option<DatedValue>,
    pub ftp_w: Option<DatedValue>,
    pub threshold_pace_s_per_km: Option<DatedValue>,
    pub vma_kmh: Option<DatedValue>,
}

/// A change to the profile. `null` leaves a field unchanged; each measure given
/// is recorded as a new history entry effective on `effective` (default today).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(default)]
pub struct ProfileInput {
    pub name: Option<String>,
    pub sex: Option<Sex>,
    pub birth_year: Option<i32>,
    pub weight_kg: Option<f64>,
    pub height_cm: Option<f64>,
    pub max_hr: Option<f64>,
    pub resting_hr: Option<f64>,
    pub lthr: Option<f64>,
    pub ftp_w: Option<f64>,
    pub threshold_pace_s_per_km: Option<f64>,
    pub vma_kmh: Option<f64>,
    pub effective: Option<NaiveDate>,
}

impl ProfileInput {
    fn measures(&self) -> BTreeMap<Measure, f64> {
        [
            (Measure::WeightKg, self.weight_kg),
            (Measure::HeightCm, self.height_cm),
            (Measure::MaxHr, self.max_hr),
            (Measure::RestingHr, self.resting_hr),
            (Measure::Lthr, self.lthr),
            (Measure::FtpW, self.ftp_w),
            (Measure::ThresholdPaceSPerKm, self.threshold_pace_s_per_km),
            (Measure::VmaKmh, self.vma_kmh),
        ]
        .into_iter()
        .filter_map(|(m, v)| Some((m, v?)))
        .collect()
    }
}

/// Which measure a history entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKey {
    WeightKg,
    HeightCm,
    MaxHr,
    RestingHr,
    Lthr,
    FtpW,
    ThresholdPaceSPerKm,
    VmaKmh,
}

impl From<Measure> for MeasureKey {
    fn from(m: Measure) -> Self {
        match m {
            Measure::WeightKg => MeasureKey::WeightKg,
            Measure::HeightCm => MeasureKey::HeightCm,
            Measure::MaxHr => MeasureKey::MaxHr,
            Measure::RestingHr => MeasureKey::RestingHr,
            Measure::Lthr => MeasureKey::Lthr,
            Measure::FtpW => MeasureKey::FtpW,
            Measure::ThresholdPaceSPerKm => MeasureKey::ThresholdPaceSPerKm,
            Measure::VmaKmh => MeasureKey::VmaKmh,
        }
    }
}

/// One entry of the measure history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct MeasureEntry {
    pub measure: MeasureKey,
    pub value: f64,
    pub effective: NaiveDate,
    /// When it was recorded (RFC 3339, UTC).
    pub recorded_at: String,
    /// Where it came from: `manual` for values the athlete typed.
    pub source: String,
}

/// The profile as of today.
pub async fn get(tempo: &Tempo) -> Result<ProfileDto, AppError> {
    let db = tempo.store.connection();
    let identity = repo::load_identity(db).await?;
    let mut current = repo::measures_in_force(db, tempo.clock.today()).await?;
    let mut take = |m: Measure| current.remove(&m).map(DatedValue::from);
    Ok(ProfileDto {
        name: identity.name,
        sex: identity.sex.map(Sex::from),
        birth_year: identity.birth_year,
        weight_kg: take(Measure::WeightKg),
        height_cm: take(Measure::HeightCm),
        max_hr: take(Measure::MaxHr),
        resting_hr: take(Measure::RestingHr),
        lthr: take(Measure::Lthr),
        ftp_w: take(Measure::FtpW),
        threshold_pace_s_per_km: take(Measure::ThresholdPaceSPerKm),
        vma_kmh: take(Measure::VmaKmh),
    })
}

/// Validates and stores a profile change (all of it or nothing), then returns
/// the profile as of today.
pub async fn update(tempo: &Tempo, input: ProfileInput) -> Result<ProfileDto, AppError> {
    update_from(tempo, input, "manual").await
}

/// [`update`], recording where the values came from (`manual`, `estimate`).
pub(crate) async fn update_from(
    tempo: &Tempo,
    input: ProfileInput,
    source: &str,
) -> Result<ProfileDto, AppError> {
    let today = tempo.clock.today();
    let effective = input.effective.unwrap_or(today);
    let db = tempo.store.connection();
    // Consistency rules (resting < max…) apply to the values in force on the
    // effective date, so back-dated entries are checked against their own era.
    let current: BTreeMap<Measure, f64> = repo::measures_in_force(db, effective)
        .await?
        .into_iter()
        .map(|(m, d)| (m, d.value))
        .collect();
    // A form sends every field; re-sending the value already in force is not a
    // new measurement and must not grow the history.
    let mut measures = input.measures();
    measures.retain(|m, v| current.get(m) != Some(v));
    let update = tempo_domain::validate_update(
        ProfileUpdate {
            name: input.name.clone(),
            sex: input.sex.map(Into::into),
            birth_year: input.birth_year,
            measures,
            effective,
        },
        &current,
        today,
    )?;
    let sex_before = repo::load_identity(db).await?.sex;
    repo::apply_update(db, &update, tempo.clock.now(), source).await?;
    tracing::info!(
        measures = update.measures.len(),
        %effective,
        "profile updated"
    );
    // Training loads use the thresholds in force on each activity's day (and
    // the sex-specific TRIMP coefficients): recompute the ones this touches.
    // The profile is saved either way: a failure here is logged, and
    // `tempo metrics recompute` repairs the loads.
    let refreshed = if update.sex.is_some() && update.sex != sex_before {
        crate::metrics::recompute(tempo).await.map(|_| ())
    } else if !update.measures.is_empty() {
        crate::metrics::refresh_since(tempo, effective)
            .await
            .map(|_| ())
    } else {
        Ok(())
    };
    if let Err(e) = refreshed {
        tracing::warn!(error = %e.message, "training loads not refreshed after a profile change");
    }
    get(tempo).await
}

/// Every recorded measure, newest first.
pub async fn history(tempo: &Tempo) -> Result<Vec<MeasureEntry>, AppError> {
    let rows = repo::measure_history(tempo.store.connection()).await?;
    Ok(rows
        .into_iter()
        .map(|r| MeasureEntry {
            measure: r.measure.into(),
            value: r.value,
            effective: r.effective,
            recorded_at: r.recorded_at.to_rfc3339(),
            source: r.source,
        })
        .collect())
}
