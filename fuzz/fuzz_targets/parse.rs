//! Any bytes through the importer's entry point: format detection, gzip, FIT,
//! GPX and TCX. It must return Ok or Err, never panic, hang or blow memory.
//! Run: `cargo fuzz run parse fuzz/corpus/parse` (see fuzz/README.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = tempo_import::parse(data);
});
