//! The athlete: who they are, and the rules a profile change must obey.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::{DomainError, Measure};

/// Biological sex, used only where published formulas are sex-specific
/// (Banister TRIMP coefficients, some VO2max estimates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Female,
    Male,
}

impl Sex {
    pub fn key(self) -> &'static str {
        match self {
            Sex::Female => "female",
            Sex::Male => "male",
        }
    }

    pub fn from_key(key: &str) -> Option<Sex> {
        match key {
            "female" | "f" | "F" => Some(Sex::Female),
            "male" | "m" | "M" => Some(Sex::Male),
            _ => None,
        }
    }
}

/// The parts of the profile that are not dated measures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AthleteIdentity {
    pub name: Option<String>,
    pub sex: Option<Sex>,
    pub birth_year: Option<i32>,
}

/// A measure's value together with the date from which it applies.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DatedValue {
    pub value: f64,
    pub effective: NaiveDate,
}

/// A change to the profile. `None` leaves a field as it is; measures listed are
/// recorded as new history entries effective on `effective`.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileUpdate {
    pub name: Option<String>,
    pub sex: Option<Sex>,
    pub birth_year: Option<i32>,
    pub measures: BTreeMap<Measure, f64>,
    pub effective: NaiveDate,
}

/// Longest name we accept; anything longer is almost certainly a paste accident.
const MAX_NAME_CHARS: usize = 100;

/// Checks an update on its own and against the measures currently in force
/// (`current`), so that, for example, a resting HR above the max HR is refused
/// whichever of the two was typed last.
///
/// Returns the update with the name trimmed. Errors name the offending field.
pub fn validate_update(
    mut update: ProfileUpdate,
    current: &BTreeMap<Measure, f64>,
    today: NaiveDate,
) -> Result<ProfileUpdate, DomainError> {
    if let Some(name) = update.name.take() {
        let trimmed = name.trim().to_owned();
        if trimmed.is_empty() {
            return Err(DomainError::Invalid {
                field: "name",
                reason: "must not be empty".into(),
            });
        }
        if trimmed.chars().count() > MAX_NAME_CHARS {
            return Err(DomainError::Invalid {
                field: "name",
                reason: format!("must be at most {MAX_NAME_CHARS} characters"),
            });
        }
        update.name = Some(trimmed);
    }
    if let Some(year) = update.birth_year {
        let max = today.year() - 5;
        if !(1900..=max).contains(&year) {
            return Err(DomainError::OutOfRange {
                field: "birth_year",
                value: f64::from(year),
                min: 1900.0,
                max: f64::from(max),
                unit: "",
            });
        }
    }
    if update.effective > today {
        return Err(DomainError::Invalid {
            field: "effective",
            reason: format!("{} is in the future", update.effective),
        });
    }
    for (measure, value) in &update.measures {
        measure.validate(*value)?;
    }

    let after = |m: Measure| update.measures.get(&m).or_else(|| current.get(&m)).copied();
    if let (Some(max), Some(rest)) = (after(Measure::MaxHr), after(Measure::RestingHr))
        && rest >= max
    {
        return Err(DomainError::Inconsistent(format!(
            "resting HR ({rest} bpm) must be below max HR ({max} bpm)"
        )));
    }
    if let (Some(max), Some(lthr)) = (after(Measure::MaxHr), after(Measure::Lthr))
        && lthr >= max
    {
        return Err(DomainError::Inconsistent(format!(
            "LTHR ({lthr} bpm) must be below max HR ({max} bpm)"
        )));
    }
    Ok(update)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn update(measures: &[(Measure, f64)]) -> ProfileUpdate {
        ProfileUpdate {
            name: None,
            sex: None,
            birth_year: None,
            measures: measures.iter().copied().collect(),
            effective: day(2026, 1, 1),
        }
    }

    #[test]
    fn accepts_a_plausible_profile_and_trims_the_name() {
        let mut u = update(&[(Measure::MaxHr, 190.0), (Measure::RestingHr, 48.0)]);
        u.name = Some("  Ada  ".into());
        u.birth_year = Some(1990);
        let ok = validate_update(u, &BTreeMap::new(), day(2026, 6, 1)).expect("valid");
        assert_eq!(ok.name.as_deref(), Some("Ada"));
    }

    #[test]
    fn resting_hr_is_checked_against_the_stored_max() {
        let current = BTreeMap::from([(Measure::MaxHr, 110.0)]);
        let err = validate_update(
            update(&[(Measure::RestingHr, 115.0)]),
            &current,
            day(2026, 6, 1),
        )
        .unwrap_err();
        assert!(err.to_string().contains("resting HR"), "{err}");
    }

    #[test]
    fn future_dates_and_odd_birth_years_are_refused() {
        let mut u = update(&[]);
        u.effective = day(2026, 6, 2);
        assert!(validate_update(u, &BTreeMap::new(), day(2026, 6, 1)).is_err());
        let mut u = update(&[]);
        u.birth_year = Some(2025);
        let err = validate_update(u, &BTreeMap::new(), day(2026, 6, 1)).unwrap_err();
        assert_eq!(err.field(), Some("birth_year"));
    }

    #[test]
    fn empty_name_is_refused() {
        let mut u = update(&[]);
        u.name = Some("   ".into());
        let err = validate_update(u, &BTreeMap::new(), day(2026, 6, 1)).unwrap_err();
        assert_eq!(err.field(), Some("name"));
    }
}
