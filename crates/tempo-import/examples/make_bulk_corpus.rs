//! Writes N distinct FIT activities for the bulk-import benchmark, by shifting
//! the dates of real FIT files: each copy moves every timestamp by a whole
//! number of days, so it is a different activity to de-duplication but the
//! same recording to the decoder (same sensors, same size, same messages).
//!
//! `cargo run --release -p tempo-import --example make_bulk_corpus -- SRC_DIR OUT_DIR N`

use embedded_io_adapters::std::FromStd;
use rustyfit::proto::Value;
use rustyfit::{Decoder, Encoder};

/// FIT fields holding a `date_time`: field 253 (timestamp) everywhere, plus
/// `start_time` (2) of session, lap, length (18, 19, 101) and
/// `local_timestamp` (5) of activity (34), `time_created` (4) of file_id (0).
fn is_date_field(mesg: u16, field: u8) -> bool {
    field == 253
        || (field == 2 && matches!(mesg, 18 | 19 | 101))
        || (field == 5 && mesg == 34)
        || (field == 4 && mesg == 0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, src, out, n] = args.as_slice() else {
        eprintln!("usage: make_bulk_corpus SRC_DIR OUT_DIR N");
        std::process::exit(2);
    };
    let n: usize = n.parse().expect("N");
    let mut sources = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(src)
        .expect("src")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    paths.sort();
    for path in paths {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        // Only files Tempo imports as activities make sense here.
        // rustyfit's whole-file decoder (used to rewrite the copies) stops at
        // the first damaged message; skip the files it cannot take whole.
        let whole = Decoder::builder()
            .checksum(false)
            .build()
            .decode(bytes.as_slice());
        if tempo_import::parse(&bytes).is_err() || !matches!(whole, Ok(Some(_))) {
            continue;
        }
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        sources.push((stem, bytes));
    }
    assert!(!sources.is_empty(), "no usable FIT activity in {src}");
    std::fs::create_dir_all(out).expect("out dir");
    let mut written = 0u64;
    for i in 0..n {
        let (stem, bytes) = &sources[i % sources.len()];
        // rustyfit's FIT is not Clone: decode a fresh copy each time.
        let mut dec = Decoder::builder().checksum(false).build();
        let Ok(Some(mut fit)) = dec.decode(bytes.as_slice()) else {
            continue;
        };
        let shift = 86_400 * (1 + i as u32);
        for m in &mut fit.messages {
            // The compressed-timestamp header bit would make the encoder drop the
            // now-explicit timestamp; write every message with a normal header.
            m.header &= 0x0F;
            for f in &mut m.fields {
                if is_date_field(m.num.0, f.num)
                    && let Value::Uint32(t) = &mut f.value
                    && *t != u32::MAX
                    && *t >= 0x1000_0000
                {
                    *t -= shift;
                }
            }
        }
        let path = std::path::Path::new(out).join(format!("{stem}-{i:05}.fit"));
        let file = std::fs::File::create(&path).expect("create");
        let mut w = FromStd::new(std::io::BufWriter::new(file));
        Encoder::new().encode(&mut w, &mut fit).expect("encode");
        drop(w);
        written += std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    }
    eprintln!(
        "{n} files, {:.1} MB, from {} sources",
        written as f64 / 1e6,
        sources.len()
    );
}
