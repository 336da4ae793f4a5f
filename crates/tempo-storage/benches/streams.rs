//! Stream codec speed on a 6-hour ride at 1 Hz (21,600 samples, 9 channels):
//! decoding is what opening an activity costs before charting it.
//! `cargo bench -p tempo-storage --bench streams`

use std::collections::BTreeMap;

use tempo_domain::activity::{Channel, Streams};
use tempo_storage::streams::{CODEC, decode, encode};

fn six_hour_ride() -> Streams {
    let n = 6 * 3600;
    let time: Vec<u32> = (0..n).collect();
    let f = |g: &dyn Fn(f64) -> f64| (0..n).map(|i| g(f64::from(i))).collect::<Vec<f64>>();
    let cols = BTreeMap::from([
        (Channel::Latitude, f(&|t| 45.0 + 0.3 * (t / 4000.0).sin())),
        (Channel::Longitude, f(&|t| 5.0 + 0.3 * (t / 4000.0).cos())),
        (
            Channel::Altitude,
            f(&|t| 400.0 + 300.0 * (t / 1800.0).sin()),
        ),
        (Channel::Distance, f(&|t| t * 8.3)),
        (Channel::Speed, f(&|t| 8.3 + 2.0 * (t / 60.0).sin())),
        (
            Channel::HeartRate,
            f(&|t| (140.0 + 15.0 * (t / 300.0).sin()).round()),
        ),
        (
            Channel::Cadence,
            f(&|t| (88.0 + 6.0 * (t / 45.0).sin()).round()),
        ),
        (
            Channel::Power,
            f(&|t| (220.0 + 80.0 * (t / 20.0).sin()).round()),
        ),
        (Channel::Temperature, f(&|t| (18.0 + t / 3600.0).round())),
    ]);
    Streams::from_columns(time, cols).expect("streams")
}

fn main() {
    divan::main();
}

#[divan::bench]
fn decode_six_hour_ride(bencher: divan::Bencher) {
    let s = six_hour_ride();
    let blob = encode(&s);
    bencher.bench(|| decode(CODEC, divan::black_box(&blob), s.len()).expect("decode"));
}

#[divan::bench]
fn encode_six_hour_ride(bencher: divan::Bencher) {
    let s = six_hour_ride();
    bencher.bench(|| encode(divan::black_box(&s)));
}
