//! Prints what Tempo reads from activity files, one JSON line per file:
//! `cargo run --release -p tempo-import --example inspect -- FILE...`.
//! A debugging aid for comparing against other decoders.

use tempo_domain::activity::Channel;

fn main() {
    for path in std::env::args().skip(1) {
        let name = std::path::Path::new(&path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                println!(
                    "{}",
                    serde_json::json!({"file": name, "error": e.to_string()})
                );
                continue;
            }
        };
        let t = std::time::Instant::now();
        let out = match tempo_import::parse(&bytes) {
            Ok(p) => {
                let acts: Vec<_> = p
                    .activities
                    .iter()
                    .map(|a| {
                        let channels: Vec<_> = a.streams.channels().map(Channel::key).collect();
                        serde_json::json!({
                            "sport": a.sport, "sub_sport": a.sub_sport, "start": a.start.timestamp(),
                            "utc_offset_s": a.utc_offset_s, "device": a.device,
                            "samples": a.streams.len(), "channels": channels,
                            "laps": a.laps.len(), "lengths": a.lengths.len(),
                            "device_totals": a.device_totals, "computed": a.computed_totals(),
                        })
                    })
                    .collect();
                serde_json::json!({"file": name, "activities": acts, "warnings": p.warnings, "ms": t.elapsed().as_secs_f64() * 1e3})
            }
            Err(e) => serde_json::json!({"file": name, "error": e.to_string()}),
        };
        println!("{out}");
    }
}
