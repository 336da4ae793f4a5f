//! Metric speed on realistic inputs: NP, the full and the stored (sampled)
//! mean-max curves, NGP and time in zones of a 6-hour activity at 1 Hz
//! (21,600 samples); the PMC and the impulse-response fit over ten years of
//! daily loads (3,653 days). The stored curves are computed once per activity
//! at import; the PMC and the fit are recomputed when a view opens.
//! `CARGO_TARGET_DIR=/work/target-metrics cargo bench -p tempo-metrics`

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use divan::{Bencher, black_box};
use tempo_domain::activity::{Channel, Streams};
use tempo_metrics::curve::{CURVE_DURATIONS_S, power_curve_at, speed_curve_at};
use tempo_metrics::grade::normalized_graded_speed;
use tempo_metrics::impulse::{ImpulseResponse, fit_impulse_response};
use tempo_metrics::load::{PmcConfig, PmcState, pmc};
use tempo_metrics::pace::{PaceZones, time_in_pace_zones};
use tempo_metrics::power::{mean_max_curve, normalized_power};

fn six_hour_ride() -> Vec<f64> {
    (0..6 * 3600)
        .map(|i| {
            let t = f64::from(i);
            // Steady base, 20 s surges and a few sprints, as on a group ride.
            let sprint = if i % 1800 < 12 { 600.0 } else { 0.0 };
            (210.0 + 70.0 * (t / 20.0).sin() + 30.0 * (t / 700.0).cos() + sprint).max(0.0)
        })
        .collect()
}

fn ten_years_of_loads() -> BTreeMap<NaiveDate, f64> {
    let start = NaiveDate::from_ymd_opt(2016, 1, 1).expect("date");
    (0..3653u32)
        .filter(|d| d % 7 != 0) // one rest day a week, filled with 0
        .map(|d| {
            let load = 40.0 + 60.0 * (f64::from(d) / 9.0).sin().abs();
            (start + Days::new(u64::from(d)), load)
        })
        .collect()
}

#[divan::bench]
fn normalized_power_6h(b: Bencher) {
    let p = six_hour_ride();
    b.bench(|| normalized_power(black_box(&p)));
}

#[divan::bench(sample_count = 10)]
fn mean_max_curve_6h(b: Bencher) {
    let p = six_hour_ride();
    b.bench(|| mean_max_curve(black_box(&p), p.len()));
}

#[divan::bench]
fn pmc_10_years(b: Bencher) {
    let loads = ten_years_of_loads();
    let cfg = PmcConfig::default();
    b.bench(|| pmc(black_box(&loads), PmcState::default(), &cfg, None));
}

/// A 6-hour hilly run at 1 Hz: distance, speed and altitude.
fn six_hour_run() -> Streams {
    let n = 6 * 3600;
    let speed: Vec<f64> = (0..n)
        .map(|i| 3.0 + 0.4 * (f64::from(i) / 300.0).sin())
        .collect();
    let mut d = 0.0;
    let distance: Vec<f64> = speed
        .iter()
        .map(|v| {
            d += v;
            d
        })
        .collect();
    let altitude: Vec<f64> = distance
        .iter()
        .map(|x| 200.0 + 80.0 * (x / 2000.0).sin())
        .collect();
    Streams::from_columns(
        (0..n).collect(),
        BTreeMap::from([
            (Channel::Speed, speed),
            (Channel::Distance, distance),
            (Channel::Altitude, altitude),
        ]),
    )
    .expect("streams")
}

#[divan::bench]
fn stored_power_curve_6h(b: Bencher) {
    let p = six_hour_ride();
    b.bench(|| power_curve_at(black_box(&p), &CURVE_DURATIONS_S));
}

#[divan::bench]
fn stored_speed_curve_6h(b: Bencher) {
    let s = six_hour_run();
    b.bench(|| speed_curve_at(black_box(&s), &CURVE_DURATIONS_S));
}

#[divan::bench]
fn normalized_graded_pace_6h(b: Bencher) {
    let s = six_hour_run();
    b.bench(|| normalized_graded_speed(black_box(&s)));
}

#[divan::bench]
fn time_in_pace_zones_6h(b: Bencher) {
    let s = six_hour_run();
    let zones = PaceZones::daniels(50.0).expect("zones");
    b.bench(|| time_in_pace_zones(black_box(&s), &zones));
}

#[divan::bench(sample_count = 10)]
fn impulse_fit_10_years(b: Bencher) {
    let loads: Vec<f64> = ten_years_of_loads().values().copied().collect();
    let truth = ImpulseResponse {
        p0: 45.0,
        k1: 0.1,
        k2: 0.2,
        tau1: 42.0,
        tau2: 7.0,
    };
    // A performance every fortnight.
    let perf: Vec<(usize, f64)> = (30..loads.len())
        .step_by(14)
        .map(|d| (d, truth.predict(&loads, d)))
        .collect();
    b.bench(|| fit_impulse_response(black_box(&loads), &perf));
}

fn main() {
    divan::main();
}
