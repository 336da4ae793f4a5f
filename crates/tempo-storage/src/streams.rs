//! The on-disk codec for 1 Hz streams.
//!
//! Layout (codec 1), then compressed whole with zstd:
//! - sample count, then the time axis as varint deltas (mostly 1s: a pause is
//!   one larger delta);
//! - per channel: its tag, the presence as alternating run lengths (present,
//!   missing, present…), then the present values as fixed-point integers,
//!   delta-encoded and zigzag-varint packed.
//!
//! Why: consecutive samples differ little (a heart rate moves by a beat, a
//! position by a few metres), so deltas are tiny and compress to almost
//! nothing; measured on real FIT files this is about 0.16x the FIT size
//! (docs/benchmarks.md). One blob per activity means opening an activity is one
//! row read and one decompression, well under a millisecond for a 6-hour ride.

use std::collections::BTreeMap;

use tempo_domain::activity::{Channel, Streams};

/// The codec version written today. Readers keep every older version.
pub const CODEC: i32 = 1;
const ZSTD_LEVEL: i32 = 6;

/// Fixed-point scale per channel: the stored integer is `round(value * scale)`.
/// Chosen finer than any device records (1e-7° is 1 cm of latitude).
fn scale(c: Channel) -> f64 {
    match c {
        Channel::Latitude | Channel::Longitude => 1e7,
        Channel::Altitude => 10.0,
        Channel::Distance => 100.0,
        Channel::Speed => 1000.0,
        Channel::Cadence | Channel::Temperature => 10.0,
        Channel::HeartRate | Channel::Power => 1.0,
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    #[error("unknown stream codec {0}")]
    UnknownCodec(i32),
    #[error("damaged stream data: {0}")]
    Damaged(&'static str),
    #[error("stream decompression failed: {0}")]
    Zstd(String),
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

struct Reader<'a> {
    buf: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn varint(&mut self) -> Result<u64, CodecError> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = *self
                .buf
                .get(self.at)
                .ok_or(CodecError::Damaged("truncated"))?;
            self.at += 1;
            if shift > 63 {
                return Err(CodecError::Damaged("varint too long"));
            }
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
            shift += 7;
        }
    }

    fn byte(&mut self) -> Result<u8, CodecError> {
        let b = *self
            .buf
            .get(self.at)
            .ok_or(CodecError::Damaged("truncated"))?;
        self.at += 1;
        Ok(b)
    }
}

/// Encodes streams into a compressed blob.
pub fn encode(s: &Streams) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() * 4);
    put_varint(&mut out, s.len() as u64);
    let mut prev = 0u32;
    for &t in s.time_s() {
        put_varint(&mut out, u64::from(t - prev));
        prev = t;
    }
    for (c, values) in s.columns() {
        out.push(c.tag());
        // Presence runs, starting with a (possibly empty) present run.
        let mut present = true;
        let mut run = 0u64;
        for v in values {
            if v.is_nan() != present {
                run += 1;
            } else {
                put_varint(&mut out, run);
                present = !present;
                run = 1;
            }
        }
        put_varint(&mut out, run);
        let k = scale(c);
        let mut prev = 0i64;
        for v in values.iter().filter(|v| !v.is_nan()) {
            let q = (v * k).round() as i64;
            put_varint(&mut out, zigzag(q - prev));
            prev = q;
        }
    }
    zstd::bulk::compress(&out, ZSTD_LEVEL).unwrap_or_else(|_| {
        // zstd only fails on invalid parameters; the level is a constant.
        unreachable!("zstd level {ZSTD_LEVEL} is valid")
    })
}

/// Decodes a blob written by [`encode`] (any known codec version).
pub fn decode(codec: i32, blob: &[u8], sample_count: usize) -> Result<Streams, CodecError> {
    if codec != 1 {
        return Err(CodecError::UnknownCodec(codec));
    }
    // The raw size is bounded by the sample count: at most 10 bytes per value.
    let cap = (sample_count + 1) * 10 * (Channel::ALL.len() + 2) + 64;
    let raw = zstd::bulk::decompress(blob, cap).map_err(|e| CodecError::Zstd(e.to_string()))?;
    let mut r = Reader { buf: &raw, at: 0 };
    let n = usize::try_from(r.varint()?).map_err(|_| CodecError::Damaged("count"))?;
    if n != sample_count {
        return Err(CodecError::Damaged("sample count mismatch"));
    }
    let mut time = Vec::with_capacity(n);
    let mut t = 0u64;
    for _ in 0..n {
        t += r.varint()?;
        time.push(u32::try_from(t).map_err(|_| CodecError::Damaged("time"))?);
    }
    let mut columns = BTreeMap::new();
    while r.at < raw.len() {
        let c = Channel::from_tag(r.byte()?).ok_or(CodecError::Damaged("channel"))?;
        let mut mask = Vec::with_capacity(n);
        let mut present = true;
        while mask.len() < n {
            let run = usize::try_from(r.varint()?).map_err(|_| CodecError::Damaged("run"))?;
            if run > n - mask.len() {
                return Err(CodecError::Damaged("run"));
            }
            mask.extend(std::iter::repeat_n(present, run));
            present = !present;
        }
        let k = scale(c);
        let mut prev = 0i64;
        let mut values = Vec::with_capacity(n);
        for p in mask {
            if p {
                prev += unzigzag(r.varint()?);
                values.push(prev as f64 / k);
            } else {
                values.push(f64::NAN);
            }
        }
        columns.insert(c, values);
    }
    Streams::from_columns(time, columns).map_err(|_| CodecError::Damaged("invariants"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Streams {
        let time: Vec<u32> = (0..500).chain(900..1200).collect();
        let n = time.len();
        let mut cols = BTreeMap::new();
        cols.insert(
            Channel::HeartRate,
            (0..n).map(|i| 120.0 + (i % 17) as f64).collect(),
        );
        cols.insert(
            Channel::Latitude,
            (0..n)
                .map(|i| {
                    if i % 50 == 7 {
                        f64::NAN
                    } else {
                        45.123_456_7 + i as f64 * 1e-5
                    }
                })
                .collect(),
        );
        cols.insert(
            Channel::Speed,
            (0..n).map(|i| 3.0 + (i as f64 * 0.01).sin()).collect(),
        );
        let mut power = vec![f64::NAN; n];
        power[10..20].fill(250.0);
        cols.insert(Channel::Power, power);
        Streams::from_columns(time, cols).unwrap()
    }

    #[test]
    fn round_trips_within_fixed_point_precision() {
        let s = sample();
        let blob = encode(&s);
        let back = decode(CODEC, &blob, s.len()).unwrap();
        assert_eq!(back.time_s(), s.time_s());
        assert_eq!(
            back.channels().collect::<Vec<_>>(),
            s.channels().collect::<Vec<_>>()
        );
        for (c, v) in s.columns() {
            let w = back.column(c).unwrap();
            for (a, b) in v.iter().zip(w) {
                assert_eq!(a.is_nan(), b.is_nan(), "{c:?}");
                if !a.is_nan() {
                    assert!((a - b).abs() <= 0.5 / scale(c) + 1e-12, "{c:?}: {a} vs {b}");
                }
            }
        }
    }

    #[test]
    fn empty_streams_round_trip() {
        let s = Streams::default();
        assert_eq!(decode(CODEC, &encode(&s), 0).unwrap(), s);
    }

    #[test]
    fn damaged_blobs_are_errors_not_panics() {
        let blob = encode(&sample());
        assert!(decode(CODEC, &blob[..blob.len() / 2], 800).is_err());
        assert!(decode(CODEC, &blob, 799).is_err());
        assert!(decode(2, &blob, 800).is_err());
        let raw = zstd::bulk::compress(&[5, 1, 1, 1, 1, 1, 9, 0], 1).unwrap();
        assert!(decode(CODEC, &raw, 5).is_err());
    }
}
