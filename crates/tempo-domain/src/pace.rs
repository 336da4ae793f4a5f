//! Running pace as people write it ("4:15" per km) and as we store it (seconds).

use crate::DomainError;

/// Parses `M:SS` or `MM:SS` (minutes and seconds per kilometre) into seconds.
/// Plain seconds (`"255"`) are accepted too, for scripts.
pub fn parse_pace(text: &str) -> Result<f64, DomainError> {
    let invalid = |reason: &str| DomainError::Invalid {
        field: "threshold_pace_s_per_km",
        reason: format!("{reason} (expected minutes:seconds per km, e.g. 4:15), got {text:?}"),
    };
    let text = text.trim();
    let text = text.strip_suffix("/km").unwrap_or(text).trim();
    match text.split_once(':') {
        None => text
            .parse::<f64>()
            .ok()
            .filter(|s| s.is_finite() && *s > 0.0)
            .ok_or_else(|| invalid("not a pace")),
        Some((m, s)) => {
            let minutes: u32 = m.parse().map_err(|_| invalid("minutes are not a number"))?;
            if s.len() != 2 {
                return Err(invalid("seconds need two digits"));
            }
            let seconds: u32 = s.parse().map_err(|_| invalid("seconds are not a number"))?;
            if seconds >= 60 {
                return Err(invalid("seconds must be below 60"));
            }
            Ok(f64::from(minutes * 60 + seconds))
        }
    }
}

/// Formats seconds per km as `M:SS`, rounding to the nearest second.
pub fn format_pace(seconds_per_km: f64) -> String {
    let total = seconds_per_km.round().max(0.0) as u64;
    format!("{}:{:02}", total / 60, total % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_common_forms() {
        assert_eq!(parse_pace("4:15"), Ok(255.0));
        assert_eq!(parse_pace(" 10:05 /km"), Ok(605.0));
        assert_eq!(parse_pace("255"), Ok(255.0));
    }

    #[test]
    fn refuses_nonsense() {
        for bad in ["", "4:75", "4:5", "a:bc", "-3", "4:15:00"] {
            assert!(parse_pace(bad).is_err(), "{bad:?} should be refused");
        }
    }

    proptest! {
        #[test]
        fn format_then_parse_round_trips(secs in 1u32..3600) {
            let text = format_pace(f64::from(secs));
            prop_assert_eq!(parse_pace(&text), Ok(f64::from(secs)));
        }
    }
}
