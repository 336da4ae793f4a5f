//! Metric speed on realistic inputs: NP and the full mean-max curve of a
//! 6-hour ride at 1 Hz (21,600 samples), and the PMC over ten years of daily
//! loads (3,653 days). The curve is computed once per activity at import and
//! cached; the PMC is recomputed when the chart opens.
//! `CARGO_TARGET_DIR=/work/target-metrics cargo bench -p tempo-metrics`

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use divan::{Bencher, black_box};
use tempo_metrics::load::{PmcConfig, PmcState, pmc};
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

fn main() {
    divan::main();
}
