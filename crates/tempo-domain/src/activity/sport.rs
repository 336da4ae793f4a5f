//! Sports Tempo distinguishes, and the mapping from the names files use.

use serde::{Deserialize, Serialize};

/// The sport of an activity. Running and cycling get full metric support; the
/// others are kept so an import never loses an activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sport {
    Running,
    Cycling,
    Swimming,
    Walking,
    Hiking,
    Rowing,
    CrossCountrySkiing,
    Strength,
    /// A multisport transition (T1/T2).
    Transition,
    Other,
}

/// Where or how the sport was done. `Generic` when the file does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubSport {
    Generic,
    Road,
    Trail,
    Track,
    Treadmill,
    Mountain,
    Gravel,
    /// A trainer or smart trainer, no GPS.
    Indoor,
    /// Zwift and the like: a trainer with a virtual course.
    Virtual,
    Pool,
    OpenWater,
}

impl Sport {
    pub const ALL: [Sport; 10] = [
        Sport::Running,
        Sport::Cycling,
        Sport::Swimming,
        Sport::Walking,
        Sport::Hiking,
        Sport::Rowing,
        Sport::CrossCountrySkiing,
        Sport::Strength,
        Sport::Transition,
        Sport::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Sport::Running => "running",
            Sport::Cycling => "cycling",
            Sport::Swimming => "swimming",
            Sport::Walking => "walking",
            Sport::Hiking => "hiking",
            Sport::Rowing => "rowing",
            Sport::CrossCountrySkiing => "cross_country_skiing",
            Sport::Strength => "strength",
            Sport::Transition => "transition",
            Sport::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<Sport> {
        Sport::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Maps a sport name as GPX `<type>`, TCX `Sport=` or Strava's export spell
    /// it ("Run", "Biking", "VirtualRide", "running", "cycling"…).
    pub fn from_label(label: &str) -> (Sport, SubSport) {
        let l: String = label
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match l.as_str() {
            "run" | "running" | "9" => (Sport::Running, SubSport::Generic),
            "trailrun" | "trailrunning" => (Sport::Running, SubSport::Trail),
            "virtualrun" | "treadmill" | "treadmillrunning" => {
                (Sport::Running, SubSport::Treadmill)
            }
            "ride" | "biking" | "cycling" | "bike" | "roadbiking" | "roadcycling" | "1" => {
                (Sport::Cycling, SubSport::Generic)
            }
            "virtualride" | "virtualcycling" => (Sport::Cycling, SubSport::Virtual),
            "indoorcycling" | "indoorride" => (Sport::Cycling, SubSport::Indoor),
            "mountainbikeride" | "mountainbiking" | "mtb" => (Sport::Cycling, SubSport::Mountain),
            "gravelride" | "gravelcycling" => (Sport::Cycling, SubSport::Gravel),
            "swim" | "swimming" | "lapswimming" => (Sport::Swimming, SubSport::Generic),
            "openwaterswimming" => (Sport::Swimming, SubSport::OpenWater),
            "walk" | "walking" => (Sport::Walking, SubSport::Generic),
            "hike" | "hiking" => (Sport::Hiking, SubSport::Generic),
            "rowing" | "indoorrowing" => (Sport::Rowing, SubSport::Generic),
            "nordicski" | "crosscountryskiing" | "backcountryski" => {
                (Sport::CrossCountrySkiing, SubSport::Generic)
            }
            "weighttraining" | "strengthtraining" | "workout" => {
                (Sport::Strength, SubSport::Generic)
            }
            _ => (Sport::Other, SubSport::Generic),
        }
    }

    /// Maps FIT `sport` and `sub_sport` enum values (FIT profile `Sport`, `SubSport`).
    pub fn from_fit(sport: u8, sub_sport: u8) -> (Sport, SubSport) {
        let s = match sport {
            1 => Sport::Running,
            2 => Sport::Cycling,
            3 => Sport::Transition,
            5 => Sport::Swimming,
            11 => Sport::Walking,
            12 => Sport::CrossCountrySkiing,
            15 => Sport::Rowing,
            17 => Sport::Hiking,
            10 if sub_sport == 20 => Sport::Strength, // training / strength_training
            4 if sub_sport == 20 => Sport::Strength,  // fitness_equipment / strength_training
            4 if sub_sport == 14 => Sport::Rowing,    // fitness_equipment / indoor_rowing
            4 if sub_sport == 6 => Sport::Cycling,    // fitness_equipment / indoor_cycling
            _ => Sport::Other,
        };
        let sub = match sub_sport {
            1 => SubSport::Treadmill,
            2 => SubSport::Road, // street
            3 => SubSport::Trail,
            4 => SubSport::Track,
            5 | 6 => SubSport::Indoor, // spin, indoor_cycling
            7 | 10 => SubSport::Road,  // road, recumbent
            8 => SubSport::Mountain,
            17 => SubSport::Pool, // lap_swimming
            18 => SubSport::OpenWater,
            46 => SubSport::Gravel,  // gravel_cycling
            58 => SubSport::Virtual, // virtual_activity
            _ => SubSport::Generic,
        };
        (s, sub)
    }
}

impl SubSport {
    pub const ALL: [SubSport; 11] = [
        SubSport::Generic,
        SubSport::Road,
        SubSport::Trail,
        SubSport::Track,
        SubSport::Treadmill,
        SubSport::Mountain,
        SubSport::Gravel,
        SubSport::Indoor,
        SubSport::Virtual,
        SubSport::Pool,
        SubSport::OpenWater,
    ];

    pub fn key(self) -> &'static str {
        match self {
            SubSport::Generic => "generic",
            SubSport::Road => "road",
            SubSport::Trail => "trail",
            SubSport::Track => "track",
            SubSport::Treadmill => "treadmill",
            SubSport::Mountain => "mountain",
            SubSport::Gravel => "gravel",
            SubSport::Indoor => "indoor",
            SubSport::Virtual => "virtual",
            SubSport::Pool => "pool",
            SubSport::OpenWater => "open_water",
        }
    }

    pub fn from_key(key: &str) -> Option<SubSport> {
        SubSport::ALL.into_iter().find(|s| s.key() == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for s in Sport::ALL {
            assert_eq!(Sport::from_key(s.key()), Some(s));
        }
        for s in SubSport::ALL {
            assert_eq!(SubSport::from_key(s.key()), Some(s));
        }
    }

    #[test]
    fn labels_from_strava_tcx_and_gpx() {
        assert_eq!(Sport::from_label("Run").0, Sport::Running);
        assert_eq!(Sport::from_label("Biking").0, Sport::Cycling);
        assert_eq!(
            Sport::from_label("VirtualRide"),
            (Sport::Cycling, SubSport::Virtual)
        );
        assert_eq!(
            Sport::from_label("Trail Run"),
            (Sport::Running, SubSport::Trail)
        );
        assert_eq!(Sport::from_label("Kitesurf").0, Sport::Other);
    }

    #[test]
    fn fit_enums() {
        assert_eq!(Sport::from_fit(1, 1), (Sport::Running, SubSport::Treadmill));
        assert_eq!(Sport::from_fit(2, 58), (Sport::Cycling, SubSport::Virtual));
        assert_eq!(Sport::from_fit(2, 6), (Sport::Cycling, SubSport::Indoor));
        assert_eq!(Sport::from_fit(5, 17), (Sport::Swimming, SubSport::Pool));
        assert_eq!(Sport::from_fit(200, 0), (Sport::Other, SubSport::Generic));
    }
}
