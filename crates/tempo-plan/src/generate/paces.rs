//! Training intensities and how a step's target is written (rule 8).
//!
//! Paces come from VDOT with Daniels' (2014) formulas
//! ([`tempo_metrics::pace::daniels_paces`]). Without a VDOT the targets are
//! heart-rate ranges (Friel's run zones from LTHR, or %HRmax) or, with
//! nothing known, an effort on the CR10 scale; the distances and loads are
//! then estimated from an assumed VDOT ([`assumed_vdot`]) so that a week's
//! kilometres still mean something.

use tempo_metrics::pace::{TrainingPaces, daniels_paces};
use tempo_metrics::running::{predict_time_vdot, vo2_cost};

use crate::goal::{VDOT_RANGE, is_beginner, is_experienced};
use crate::{Goal, GoalKind, Target, Thresholds};

/// Daniels' threshold pace is 88 % of VDOT (`tempo_metrics::pace`): a known
/// threshold pace gives VDOT = VO2(v_T) / 0.88.
const THRESHOLD_VO2_FRACTION: f64 = 0.88;

/// Half-width of a pace target: ±3 s/km around Daniels' M, T, I and R paces
/// and race pace (Daniels gives single paces; 3 s/km is about the spread of
/// his tables between neighbouring VDOTs).
const PACE_HALF_WIDTH_S: f64 = 3.0;

/// How targets are written for this plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Mode {
    /// Pace ranges from VDOT.
    Pace,
    /// Heart-rate ranges from LTHR (Friel's run zones).
    Lthr(f64),
    /// Heart-rate ranges from maximal heart rate.
    HrMax(f64),
    /// RPE on the CR10 scale.
    Effort,
}

/// The intensities a step can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Zone {
    /// Recovery jog between repetitions and at the end of a session.
    Jog,
    /// Walk or jog back down a hill.
    Walk,
    /// Daniels' E.
    Easy,
    /// Daniels' T.
    Threshold,
    /// Daniels' I.
    Interval,
    /// Daniels' R.
    Repetition,
    /// Strides: 20 s fast and relaxed, about R pace.
    Strides,
    /// 10 s steep hill sprint (Hudson).
    HillSprint,
    /// 1–3 min uphill at 3–5 km effort.
    HillRepeat,
    /// Long climb at threshold effort.
    HillThreshold,
    /// Goal race pace.
    Race,
}

impl Zone {
    /// Counted as easy for rule 4 (time in zone, below the first threshold).
    pub(super) fn is_easy(self) -> bool {
        matches!(self, Zone::Jog | Zone::Walk | Zone::Easy)
    }
}

/// Speeds (m/s) of one plan, with how its targets are written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Paces {
    pub mode: Mode,
    /// The VDOT the paces come from (known or assumed).
    pub vdot: f64,
    /// True when `vdot` is the athlete's (level or threshold pace).
    pub known: bool,
    pub daniels: TrainingPaces,
    /// Goal race pace (m/s): the goal pace when the target is within current
    /// fitness, otherwise the pace the current VDOT predicts (rule 8: paces
    /// use current fitness, never the goal's).
    pub race_mps: f64,
    /// The race distance (m), None for base building.
    pub race_m: Option<f64>,
    /// Race effort for HR and RPE targets: the Daniels intensity nearest the
    /// race (5 km ≈ I, 10 km between T and I, half ≈ T, marathon = M).
    pub race_kind: GoalKind,
    /// Flat-equivalent distance / distance of the race: ITRA effort-km / km
    /// on trails (the climbing costs), 1 on the road.
    pub race_effort_factor: f64,
}

/// VDOT from a threshold pace (s/km), when it is in the accepted range.
pub(super) fn vdot_from_threshold_pace(s_per_km: f64) -> Option<f64> {
    if !(s_per_km.is_finite() && s_per_km > 0.0) {
        return None;
    }
    let v = vo2_cost(60_000.0 / s_per_km) / THRESHOLD_VO2_FRACTION;
    (VDOT_RANGE.0..=VDOT_RANGE.1).contains(&v).then_some(v)
}

/// The athlete's VDOT: the level's, else from the threshold pace.
pub(super) fn known_vdot(goal: &Goal, th: &Thresholds) -> Option<f64> {
    goal.level.vdot.or_else(|| {
        th.threshold_pace_s_per_km
            .and_then(vdot_from_threshold_pace)
    })
}

/// VDOT assumed for estimates only (distances and loads) when none is known:
/// 30 for a beginner (about a 30-minute 5 km), 35 for an intermediate and 40
/// for an experienced runner. Targets never use it.
pub(super) fn assumed_vdot(goal: &Goal) -> f64 {
    if is_beginner(goal) {
        30.0
    } else if is_experienced(goal) {
        40.0
    } else {
        35.0
    }
}

fn plausible_hr(v: Option<f64>) -> Option<f64> {
    v.filter(|h| h.is_finite() && (100.0..=230.0).contains(h))
}

impl Paces {
    /// The plan's paces and target mode. Pace targets when a VDOT is known;
    /// otherwise heart rate when LTHR or HRmax is known and the athlete does
    /// not run on a treadmill (where a speed is set, not a heart rate);
    /// otherwise effort.
    pub(super) fn new(goal: &Goal, th: &Thresholds) -> Paces {
        let known = known_vdot(goal, th);
        let vdot = known.unwrap_or_else(|| assumed_vdot(goal));
        // The VDOT range is checked, and daniels_paces accepts it.
        let daniels = daniels_paces(vdot)
            .unwrap_or_else(|_| daniels_paces(35.0).expect("VDOT 35 has Daniels paces"));
        let mode = match (known, goal.preferences.treadmill) {
            (Some(_), _) => Mode::Pace,
            (None, false) => match (plausible_hr(th.lthr), plausible_hr(th.max_hr)) {
                (Some(l), _) => Mode::Lthr(l),
                (None, Some(m)) => Mode::HrMax(m),
                (None, None) => Mode::Effort,
            },
            (None, true) => Mode::Effort,
        };
        let race_m = goal.kind.distance_m();
        let race_mps = match race_m {
            Some(d) => {
                let effort_d = crate::goal::effort_km(goal.kind).map_or(d, |e| e * 1000.0);
                let current =
                    predict_time_vdot(effort_d, vdot).map_or(daniels.marathon_mps, |t| d / t);
                match goal.target_time_s {
                    Some(t) if t > 0 => current.min(d / f64::from(t)),
                    _ => current,
                }
            }
            None => daniels.marathon_mps,
        };
        Paces {
            mode,
            vdot,
            known: known.is_some(),
            daniels,
            race_mps,
            race_m,
            race_kind: goal.kind,
            race_effort_factor: match (crate::goal::effort_km(goal.kind), race_m) {
                (Some(e), Some(d)) if d > 0.0 => e * 1000.0 / d,
                _ => 1.0,
            },
        }
    }

    /// Threshold speed: the denominator of the intensity factor.
    pub(super) fn threshold_mps(&self) -> f64 {
        self.daniels.threshold_mps
    }

    fn pace_range(centre_mps: f64, half_width_s: f64) -> (f64, f64) {
        let p = 1000.0 / centre_mps;
        (1000.0 / (p + half_width_s), 1000.0 / (p - half_width_s))
    }

    /// The target of a zone, in this plan's mode.
    pub(super) fn target(&self, zone: Zone) -> Target {
        let d = &self.daniels;
        match self.mode {
            Mode::Pace => {
                let (lo, hi) = match zone {
                    Zone::Jog | Zone::Walk => (0.9 * d.easy_slow_mps, d.easy_slow_mps),
                    Zone::Easy => (d.easy_slow_mps, d.easy_fast_mps),
                    Zone::Threshold => Self::pace_range(d.threshold_mps, PACE_HALF_WIDTH_S),
                    Zone::Interval => Self::pace_range(d.interval_mps, PACE_HALF_WIDTH_S),
                    Zone::Repetition | Zone::Strides => {
                        Self::pace_range(d.repetition_mps, PACE_HALF_WIDTH_S)
                    }
                    // Trail races are run by effort: pace means little there.
                    Zone::Race if matches!(self.race_kind, GoalKind::Trail { .. }) => {
                        return Target::Effort {
                            rpe: self.rpe(zone),
                        };
                    }
                    Zone::Race => Self::pace_range(self.race_mps, PACE_HALF_WIDTH_S),
                    // Pace means little on a hill: run those by effort.
                    Zone::HillSprint | Zone::HillRepeat | Zone::HillThreshold => {
                        return Target::Effort {
                            rpe: self.rpe(zone),
                        };
                    }
                };
                Target::Pace {
                    low_mps: lo,
                    high_mps: hi,
                }
            }
            Mode::Lthr(l) => match self.hr_fraction(zone, true) {
                Some((lo, hi)) => Target::HeartRate {
                    low_bpm: (lo * l).round(),
                    high_bpm: (hi * l).round(),
                },
                None => Target::Effort {
                    rpe: self.rpe(zone),
                },
            },
            Mode::HrMax(m) => match self.hr_fraction(zone, false) {
                Some((lo, hi)) => Target::HeartRate {
                    low_bpm: (lo * m).round(),
                    high_bpm: (hi * m).round(),
                },
                None => Target::Effort {
                    rpe: self.rpe(zone),
                },
            },
            Mode::Effort => Target::Effort {
                rpe: self.rpe(zone),
            },
        }
    }

    /// Heart-rate range as fractions of LTHR (Friel's run zones: Z1 < 85 %,
    /// Z2 85–89 %, Z3 90–94 %, Z4 95–99 %, Z5a 100–102 %, Z5b 103–106 %) or of
    /// HRmax (easy 65–79 %, M 80–87 %, T 88–92 % as in Daniels, I 93–98 %).
    /// None for efforts too short for heart rate to settle (strides, sprints,
    /// repetitions): those are run by effort.
    fn hr_fraction(&self, zone: Zone, lthr: bool) -> Option<(f64, f64)> {
        if zone == Zone::Race {
            // The race effort: 5 km ≈ I, 10 km between T and I, half ≈ T,
            // marathon = M, trails steady (below M: hours of climbing).
            return Some(match (self.race_kind, lthr) {
                (GoalKind::FiveK, true) => (1.00, 1.06),
                (GoalKind::FiveK, false) => (0.93, 0.98),
                (GoalKind::TenK, true) => (1.00, 1.03),
                (GoalKind::TenK, false) => (0.90, 0.94),
                (GoalKind::HalfMarathon, true) => (0.95, 1.00),
                (GoalKind::HalfMarathon, false) => (0.88, 0.92),
                (GoalKind::Marathon, true) => (0.90, 0.94),
                (GoalKind::Marathon, false) => (0.80, 0.87),
                (_, true) => (0.85, 0.92),
                (_, false) => (0.75, 0.85),
            });
        }
        Some(match (zone, lthr) {
            (Zone::Jog | Zone::Walk, true) => (0.70, 0.81),
            (Zone::Jog | Zone::Walk, false) => (0.60, 0.70),
            (Zone::Easy, true) => (0.81, 0.89),
            (Zone::Easy, false) => (0.65, 0.79),
            (Zone::Threshold | Zone::HillThreshold, true) => (0.95, 1.00),
            (Zone::Threshold | Zone::HillThreshold, false) => (0.88, 0.92),
            (Zone::Interval, true) => (1.00, 1.06),
            (Zone::Interval, false) => (0.93, 0.98),
            _ => return None,
        })
    }

    /// Effort on the CR10 scale (knowledge pages: easy 2–3, threshold 6–7,
    /// intervals 8, sprints 9).
    fn rpe(&self, zone: Zone) -> f64 {
        match zone {
            Zone::Walk => 1.0,
            Zone::Jog => 2.0,
            Zone::Easy => 3.0,
            Zone::Threshold | Zone::HillThreshold => 6.5,
            Zone::Interval | Zone::HillRepeat => 8.0,
            Zone::Repetition | Zone::Strides => 8.0,
            Zone::HillSprint => 9.0,
            Zone::Race => match self.race_kind {
                GoalKind::FiveK => 8.0,
                GoalKind::TenK => 7.5,
                GoalKind::HalfMarathon => 6.5,
                GoalKind::Marathon => 5.0,
                GoalKind::Trail { .. } | GoalKind::BaseBuilding => 5.0,
            },
        }
    }

    /// Speed (m/s) the step covers ground at: the middle of the pace target
    /// in pace mode (so a step's duration can be recomputed from its target),
    /// the same from the assumed paces otherwise; uphill efforts are slower
    /// than their flat equivalent.
    pub(super) fn ground_mps(&self, zone: Zone) -> f64 {
        let d = &self.daniels;
        let mid = |(lo, hi): (f64, f64)| 0.5 * (lo + hi);
        match zone {
            Zone::Jog => mid((0.9 * d.easy_slow_mps, d.easy_slow_mps)),
            // Walking back down a steep hill: about 5 km/h.
            Zone::Walk => 1.4,
            Zone::Easy => mid((d.easy_slow_mps, d.easy_fast_mps)),
            Zone::Threshold => mid(Self::pace_range(d.threshold_mps, PACE_HALF_WIDTH_S)),
            Zone::Interval => mid(Self::pace_range(d.interval_mps, PACE_HALF_WIDTH_S)),
            Zone::Repetition | Zone::Strides => {
                mid(Self::pace_range(d.repetition_mps, PACE_HALF_WIDTH_S))
            }
            Zone::Race => mid(Self::pace_range(self.race_mps, PACE_HALF_WIDTH_S)),
            // Uphill on a 6–10 % grade: roughly 60 % of R speed for sprints,
            // 75 % of I speed for repeats, 75 % of T speed for long climbs
            // (Minetti et al. 2002: cost rises steeply with the grade).
            Zone::HillSprint => 0.6 * d.repetition_mps,
            Zone::HillRepeat => 0.75 * d.interval_mps,
            Zone::HillThreshold => 0.75 * d.threshold_mps,
        }
    }

    /// Flat-equivalent speed for the intensity factor: the effort a hill
    /// step is run at, not its ground speed (as grade-adjusted rTSS does).
    pub(super) fn effort_mps(&self, zone: Zone) -> f64 {
        let d = &self.daniels;
        match zone {
            Zone::HillSprint => d.repetition_mps,
            Zone::HillRepeat => d.interval_mps,
            Zone::HillThreshold => d.threshold_mps,
            // Walking costs about what a slow jog does for the load.
            Zone::Walk => 0.8 * d.easy_slow_mps,
            // A trail race's climbing: its effort-km at race speed.
            Zone::Race => self.ground_mps(Zone::Race) * self.race_effort_factor,
            z => self.ground_mps(z),
        }
    }

    /// Easy speed used to turn kilometres into minutes.
    pub(super) fn easy_mps(&self) -> f64 {
        self.ground_mps(Zone::Easy)
    }
}

/// "m:ss/km" of a speed in m/s.
pub(super) fn fmt_pace(mps: f64) -> String {
    let s = (1000.0 / mps).round() as u64;
    format!("{}:{:02}/km", s / 60, s % 60)
}
