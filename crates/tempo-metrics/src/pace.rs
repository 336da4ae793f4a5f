//! Daniels' training paces and pace zones: the speed a given oxygen uptake
//! buys (the inverse of the Daniels–Gilbert cost curve), the five training
//! intensities of *Daniels' Running Formula* (E, M, T, I, R) for a VDOT, pace
//! zones built on them, and time in those zones.
//!
//! Everything is a speed in m/s, like the streams; a pace in s/km is
//! 1000 / speed (formatting lives in `tempo_domain::pace`). Speeds rather than
//! paces because zones and averages behave linearly in speed: a stopped second
//! has speed 0 and an infinite pace.
//!
//! **How the paces are derived.** Daniels' tables are computed from the same
//! Daniels–Gilbert equations as VDOT ([`crate::running`]): each intensity is a
//! fraction of VDOT read as an oxygen uptake, turned back into a speed with
//! [`speed_for_vo2`]. The fractions are the book's where it gives one and
//! were checked against published table rows (see [`daniels_paces`]).

use serde::{Deserialize, Serialize};
use tempo_domain::activity::{Channel, Streams};

use crate::running::predict_time_vdot;
use crate::{MetricsError, positive};

/// Easy (E) running: 59–74 % of VO2max, the range *Daniels' Running Formula*
/// (3rd ed., ch. 4) gives for E runs.
pub const EASY_VO2_FRACTIONS: [f64; 2] = [0.59, 0.74];

/// Threshold (T): 88 % of VDOT. Daniels describes T as ~83–88 % of VO2max
/// for well-trained runners; 88 % is the fraction that reproduces his tables
/// (VDOT 50 → 4:15/km, VDOT 49 → 4:19/km, VDOT 45 → 7:27/mile = 4:38/km).
pub const THRESHOLD_VO2_FRACTION: f64 = 0.88;

/// Interval (I): 97.5 % of VDOT. Daniels' I pace is "about VO2max pace"
/// (95–100 %); 97.5 % reproduces his tables (VDOT 50 → 3:55/km, VDOT 49 →
/// 3:59/km).
pub const INTERVAL_VO2_FRACTION: f64 = 0.975;

/// Repetition (R) pace is I pace minus this many seconds per 400 m, the rule
/// *Daniels' Running Formula* gives for R ("about 6 seconds per 400 faster
/// than I pace").
pub const REPETITION_GAIN_S_PER_400M: f64 = 6.0;

/// Speed (m/s) at which running costs `vo2` ml·kg⁻¹·min⁻¹: the positive root of
/// Daniels & Gilbert's VO2 = −4.60 + 0.182258·v + 0.000104·v² (v in m/min),
/// divided by 60.
///
/// Source: Daniels & Gilbert 1979, *Oxygen Power* (the cost curve of
/// [`crate::running::vo2_cost`], reference §2). The root is written as
/// v = 2c / (b + √(b² + 4ac)), c = VO2 + 4.60, which is the usual
/// (−b + √(b² + 4ac)) / 2a without its cancellation for small c. The curve
/// is the cost of running only for v ≥ 0, so a `vo2` below −4.60 (or NaN) has
/// no speed and gives NaN.
pub fn speed_for_vo2(vo2: f64) -> f64 {
    const A: f64 = 0.000104;
    const B: f64 = 0.182258;
    let c = vo2 + 4.60;
    if c.is_nan() || c < 0.0 {
        return f64::NAN;
    }
    2.0 * c / (B + (B * B + 4.0 * A * c).sqrt()) / 60.0
}

/// Daniels' training speeds for one VDOT, in m/s.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrainingPaces {
    /// Slow end of the E band (59 % of VDOT).
    pub easy_slow_mps: f64,
    /// Fast end of the E band (74 % of VDOT).
    pub easy_fast_mps: f64,
    /// Predicted marathon speed.
    pub marathon_mps: f64,
    pub threshold_mps: f64,
    pub interval_mps: f64,
    pub repetition_mps: f64,
}

/// The E, M, T, I and R training speeds for a VDOT.
///
/// Source: Daniels, *Daniels' Running Formula*, 3rd ed. (2014), ch. 4–5, on the
/// Daniels & Gilbert 1979 equations (reference §2). How each is computed:
/// - **E**: the speeds costing 59 % and 74 % of VDOT ([`EASY_VO2_FRACTIONS`]).
/// - **M**: 42 195 m / [`predict_time_vdot`]`(42 195, vdot)`, Daniels'
///   marathon prediction (3:10:49 at VDOT 50 in his table 3.1).
/// - **T**: the speed costing 88 % of VDOT ([`THRESHOLD_VO2_FRACTION`]).
/// - **I**: the speed costing 97.5 % of VDOT ([`INTERVAL_VO2_FRACTION`]).
/// - **R**: I pace minus 6 s per 400 m ([`REPETITION_GAIN_S_PER_400M`]).
///
/// Agreement with Daniels' tables (tested, 3 s/km tolerance): VDOT 50 gives
/// M 4:31.3, T 4:15.2, I 3:54.9 and R 3:39.9 per km against the table's
/// 4:31, 4:15, 3:55 and ≈ 3:38 (the marathon row, 3:10:49, is quoted at
/// r/artc "Dissecting Daniels"; the T, I and R figures are the commonly
/// quoted table values, not checked against a printed copy here). E comes
/// out as 4:53–5:52 per km, which contains the ≈ 5:00–5:30 the table gives.
/// VDOT 49 (2nd-ed. table as quoted at fit360.blogspot.com) gives T 4:19.4
/// (table 4:20), I 3:58.7 (3:59), R 89.5 s per 400 (1:29) and M 7:24/mile
/// (7:24); VDOT 45 (masterstriathlon.blogspot.com) gives T 7:27 and M 7:57
/// per mile, as the table. The 2nd edition's single E pace (VDOT 49 8:40/mile
/// = 5:23/km, VDOT 45 9:16/mile) falls inside the E band.
pub fn daniels_paces(vdot: f64) -> Result<TrainingPaces, MetricsError> {
    positive("vdot", vdot)?;
    let marathon_s = predict_time_vdot(42_195.0, vdot)?;
    let interval_mps = speed_for_vo2(INTERVAL_VO2_FRACTION * vdot);
    let r400_s = 400.0 / interval_mps - REPETITION_GAIN_S_PER_400M;
    if !(r400_s.is_finite() && r400_s > 0.0) {
        return Err(MetricsError::InvalidParameter {
            name: "vdot",
            value: vdot,
            expected: "within the range of running speeds",
        });
    }
    Ok(TrainingPaces {
        easy_slow_mps: speed_for_vo2(EASY_VO2_FRACTIONS[0] * vdot),
        easy_fast_mps: speed_for_vo2(EASY_VO2_FRACTIONS[1] * vdot),
        marathon_mps: 42_195.0 / marathon_s,
        threshold_mps: speed_for_vo2(THRESHOLD_VO2_FRACTION * vdot),
        interval_mps,
        repetition_mps: 400.0 / r400_s,
    })
}

/// A pace zone model: zone `i` spans `[lower_bounds_mps[i−1],
/// lower_bounds_mps[i])` in m/s; zone 0 is everything slower than the first
/// bound (standing still included) and the last zone everything from the
/// last bound up. Same convention as [`crate::heart::HrZones`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaceZones {
    /// One name per zone (`lower_bounds_mps.len() + 1` of them).
    pub names: Vec<String>,
    /// Strictly increasing speeds, m/s.
    pub lower_bounds_mps: Vec<f64>,
}

impl PaceZones {
    /// Six zones from Daniels' paces ([`daniels_paces`]): "below E", "E",
    /// "M", "T", "I", "R".
    ///
    /// E starts at the slow edge of the E band (59 % of VDOT): anything
    /// slower is recovery jogging or walking. Every other boundary is the
    /// midpoint, in speed, between the two paces it separates: E/M between
    /// the fast edge of E and M, then M/T, T/I and I/R. Daniels gives paces,
    /// not bands, for M, T, I and R, so a midpoint is the least arbitrary way
    /// to file a second run between them; midpoints in speed rather than in
    /// s/km differ by under 1 s/km at these spacings.
    pub fn daniels(vdot: f64) -> Result<PaceZones, MetricsError> {
        let p = daniels_paces(vdot)?;
        let mid = |a: f64, b: f64| 0.5 * (a + b);
        let lower_bounds_mps = vec![
            p.easy_slow_mps,
            mid(p.easy_fast_mps, p.marathon_mps),
            mid(p.marathon_mps, p.threshold_mps),
            mid(p.threshold_mps, p.interval_mps),
            mid(p.interval_mps, p.repetition_mps),
        ];
        if !lower_bounds_mps.windows(2).all(|w| w[1] > w[0]) {
            return Err(MetricsError::InvalidParameter {
                name: "vdot",
                value: vdot,
                expected: "a VDOT whose training paces are in order",
            });
        }
        let names = ["below E", "E", "M", "T", "I", "R"]
            .map(String::from)
            .to_vec();
        Ok(PaceZones {
            names,
            lower_bounds_mps,
        })
    }

    pub fn len(&self) -> usize {
        self.lower_bounds_mps.len() + 1
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    /// The zone index of a speed (m/s); `None` when it is not finite (a
    /// missing reading). Zero and negative speeds are zone 0.
    pub fn zone_of(&self, speed_mps: f64) -> Option<usize> {
        speed_mps
            .is_finite()
            .then(|| self.lower_bounds_mps.partition_point(|&b| b <= speed_mps))
    }
}

/// The speed of each recorded second (m/s), aligned to `streams.time_s()`:
/// the Speed column when there is one, otherwise the distance gained since
/// the previous second. The derived speed is NaN on the first second and on
/// the first second after a pause (the gap's distance is not one second's),
/// and a distance that goes backwards (a glitch) reads as 0 m/s. `None`
/// without Speed or Distance.
pub fn speed_series(streams: &Streams) -> Option<Vec<f64>> {
    if let Some(speed) = streams.column(Channel::Speed) {
        return Some(speed.to_vec());
    }
    let d = streams.column(Channel::Distance)?;
    let t = streams.time_s();
    Some(
        (0..d.len())
            .map(|i| {
                if i == 0 || t[i] - t[i - 1] != 1 {
                    return f64::NAN;
                }
                let v = d[i] - d[i - 1];
                if v.is_nan() { f64::NAN } else { v.max(0.0) }
            })
            .collect(),
    )
}

/// Seconds spent in each pace zone (index as in [`PaceZones`]), over the
/// seconds with a finite speed ([`speed_series`]): every such second lands in
/// exactly one zone, stopped seconds (speed 0) in the lowest, so the sum is
/// the number of seconds with a speed reading. All zeros without a speed or
/// distance stream.
///
/// Source: Daniels' intensities ([`PaceZones::daniels`]); time in zone as in
/// [`crate::heart::time_in_zones`].
pub fn time_in_pace_zones(streams: &Streams, zones: &PaceZones) -> Vec<u32> {
    let mut secs = vec![0u32; zones.len()];
    for z in speed_series(streams)
        .unwrap_or_default()
        .iter()
        .filter_map(|&v| zones.zone_of(v))
    {
        secs[z] += 1;
    }
    secs
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;
    use crate::running::vo2_cost;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    /// Seconds per km of a speed in m/s.
    fn s_per_km(v: f64) -> f64 {
        1000.0 / v
    }

    /// Seconds per km of a pace in seconds per mile.
    fn per_mile(s: f64) -> f64 {
        s / 1.609_344
    }

    #[test]
    fn speed_for_vo2_hand_vector() {
        // VO2 44 (88 % of VDOT 50): c = 48.6,
        // b² + 4ac = 0.033218 + 0.0202176 = 0.0534356, √ = 0.231162,
        // v = (0.231162 − 0.182258)/0.000208 = 235.12 m/min = 3.9186 m/s,
        // 1000/235.12 = 4.2532 min/km = 4:15.2.
        let v = speed_for_vo2(44.0);
        assert!(close(v * 60.0, 235.12, 0.01), "{v}");
        assert!(close(vo2_cost(v * 60.0), 44.0, 1e-9));
        // Standing still costs −4.60 in this curve; below that, no speed.
        assert_eq!(speed_for_vo2(-4.60), 0.0);
        assert!(speed_for_vo2(-5.0).is_nan());
        assert!(speed_for_vo2(f64::NAN).is_nan());
    }

    #[test]
    fn vdot_50_matches_daniels_table() {
        // Table, per km: M 4:31 (marathon 3:10:49 / 42.195), T 4:15,
        // I 3:55, R ≈ 3:38. Tolerance 3 s/km.
        let p = daniels_paces(50.0).unwrap();
        assert!(close(s_per_km(p.marathon_mps), 271.0, 3.0));
        assert!(close(s_per_km(p.threshold_mps), 255.0, 3.0));
        assert!(close(s_per_km(p.interval_mps), 235.0, 3.0));
        assert!(close(s_per_km(p.repetition_mps), 219.0, 3.0));
        // The computed values (for the record): M 4:31.3, T 4:15.2, I 3:54.9,
        // R = 400/v_I − 6 = 93.96 − 6 = 87.96 s per 400 → 219.9 s/km.
        assert!(close(s_per_km(p.threshold_mps), 255.2, 0.1));
        assert!(close(s_per_km(p.interval_mps), 234.9, 0.1));
        assert!(close(s_per_km(p.repetition_mps), 219.9, 0.1));
        // E: 74 % → VO2 37, v = 204.41 m/min → 4:53.5/km; 59 % → VO2 29.5,
        // v = 170.51 m/min → 5:51.9/km. The 5:00–5:30 region is inside.
        assert!(close(s_per_km(p.easy_fast_mps), 293.5, 0.2));
        assert!(close(s_per_km(p.easy_slow_mps), 351.9, 0.2));
        assert!(s_per_km(p.easy_fast_mps) < 300.0 && s_per_km(p.easy_slow_mps) > 330.0);
    }

    #[test]
    fn vdot_49_and_45_match_published_rows() {
        // VDOT 49, 2nd-ed. table as quoted at fit360.blogspot.com: E 8:40/mi,
        // M 7:24/mi, T 4:20/km, I 3:59/km, R 1:29 per 400.
        let p = daniels_paces(49.0).unwrap();
        assert!(close(s_per_km(p.threshold_mps), 260.0, 3.0));
        assert!(close(s_per_km(p.interval_mps), 239.0, 3.0));
        assert!(close(400.0 / p.repetition_mps, 89.0, 1.0));
        assert!(close(s_per_km(p.marathon_mps), per_mile(444.0), 3.0));
        let e = per_mile(520.0);
        assert!(s_per_km(p.easy_fast_mps) < e && e < s_per_km(p.easy_slow_mps));
        // VDOT 45 (masterstriathlon.blogspot.com): E 9:16, M 7:57, T 7:27 per mile.
        let p = daniels_paces(45.0).unwrap();
        assert!(close(s_per_km(p.threshold_mps), per_mile(447.0), 3.0));
        assert!(close(s_per_km(p.marathon_mps), per_mile(477.0), 3.0));
        let e = per_mile(556.0);
        assert!(s_per_km(p.easy_fast_mps) < e && e < s_per_km(p.easy_slow_mps));
        assert!(daniels_paces(0.0).is_err());
        assert!(daniels_paces(f64::NAN).is_err());
    }

    #[test]
    fn daniels_zones_and_time_in_zones() {
        let p = daniels_paces(50.0).unwrap();
        let z = PaceZones::daniels(50.0).unwrap();
        assert_eq!(z.names, vec!["below E", "E", "M", "T", "I", "R"]);
        assert_eq!(z.lower_bounds_mps[0], p.easy_slow_mps);
        // E/M boundary: midpoint of 3.4068 (E fast) and 3.6885 (M) m/s.
        assert!(close(
            z.lower_bounds_mps[1],
            0.5 * (p.easy_fast_mps + p.marathon_mps),
            1e-12
        ));
        // Each pace is in its own zone, and a bound belongs to the zone above.
        assert_eq!(z.zone_of(p.easy_slow_mps), Some(1));
        assert_eq!(z.zone_of(p.marathon_mps), Some(2));
        assert_eq!(z.zone_of(p.threshold_mps), Some(3));
        assert_eq!(z.zone_of(p.interval_mps), Some(4));
        assert_eq!(z.zone_of(p.repetition_mps), Some(5));
        assert_eq!(z.zone_of(0.0), Some(0));
        assert_eq!(z.zone_of(f64::NAN), None);
        // Speed column [0, NaN, 3.0, 3.9, 3.9, 6.0]: 0 → below E,
        // 3.0 m/s (5:33/km) → E, 3.9 (4:16/km, near T 3.918) → T, 6.0 → R.
        let s = Streams::from_columns(
            (0..6).collect(),
            BTreeMap::from([(Channel::Speed, vec![0.0, f64::NAN, 3.0, 3.9, 3.9, 6.0])]),
        )
        .unwrap();
        assert_eq!(time_in_pace_zones(&s, &z), vec![1, 1, 0, 2, 0, 1]);
    }

    #[test]
    fn speed_from_distance_when_no_speed_column() {
        // Distance 0, 3, 6, 6 at t = 0..=3, then 20 at t = 10 (after a pause):
        // speeds NaN (first), 3, 3, 0 (stopped), NaN (after the gap).
        let s = Streams::from_columns(
            vec![0, 1, 2, 3, 10],
            BTreeMap::from([(Channel::Distance, vec![0.0, 3.0, 6.0, 6.0, 20.0])]),
        )
        .unwrap();
        let v = speed_series(&s).unwrap();
        assert!(v[0].is_nan() && v[4].is_nan());
        assert_eq!(&v[1..4], &[3.0, 3.0, 0.0]);
        let z = PaceZones::daniels(50.0).unwrap();
        // 3 m/s twice in E, the stop below E: 3 seconds with a speed.
        assert_eq!(time_in_pace_zones(&s, &z), vec![1, 2, 0, 0, 0, 0]);
        let empty = Streams::from_columns(vec![0], BTreeMap::new()).unwrap();
        assert_eq!(speed_series(&empty), None);
        assert_eq!(time_in_pace_zones(&empty, &z), vec![0; 6]);
    }

    proptest! {
        #[test]
        fn speed_for_vo2_inverts_vo2_cost(v in 0.0f64..12.0) {
            // Round trip through the cost curve, m/s → VO2 → m/s.
            prop_assert!(close(speed_for_vo2(vo2_cost(v * 60.0)), v, 1e-9));
        }

        #[test]
        fn daniels_paces_are_in_order(vdot in 30.0f64..85.0) {
            let p = daniels_paces(vdot).unwrap();
            prop_assert!(p.easy_slow_mps < p.easy_fast_mps);
            prop_assert!(p.easy_fast_mps < p.marathon_mps);
            prop_assert!(p.marathon_mps < p.threshold_mps);
            prop_assert!(p.threshold_mps < p.interval_mps);
            prop_assert!(p.interval_mps < p.repetition_mps);
            prop_assert!(PaceZones::daniels(vdot).is_ok());
        }

        #[test]
        fn time_in_pace_zones_sums_to_seconds_with_a_speed(
            speed in prop::collection::vec(
                prop_oneof![Just(f64::NAN), Just(0.0), 0.0f64..9.0],
                1..400,
            ),
            vdot in 30.0f64..85.0,
        ) {
            let n = speed.len() as u32;
            let readings = speed.iter().filter(|v| v.is_finite()).count() as u32;
            let zones = PaceZones::daniels(vdot).unwrap();
            let s = Streams::from_columns((0..n).collect(), BTreeMap::from([(Channel::Speed, speed)]))
                .unwrap();
            let t = time_in_pace_zones(&s, &zones);
            prop_assert_eq!(t.len(), zones.names.len());
            prop_assert_eq!(t.iter().sum::<u32>(), readings);
        }
    }
}
