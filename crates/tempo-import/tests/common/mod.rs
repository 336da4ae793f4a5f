//! Helpers shared by the GPX and TCX integration tests: hand-written fixtures
//! from the repository, real device files from the external test corpus.
//!
//! The corpus (files from public crates.io test suites, fetched by
//! `scripts/fetch-test-corpus.sh`) is not in the repository. Its tests skip when
//! `TEMPO_TEST_CORPUS` is unset, except on CI, where a missing corpus would
//! silently turn them into no-ops and so fails loudly instead.

// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// A hand-written fixture under `tests/fixtures/`.
pub fn fixture(path: &str) -> Vec<u8> {
    let full = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    std::fs::read(&full).unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", full.display()))
}

/// The corpus folder for one format (`gpx`, `tcx`), or `None` to skip.
pub fn corpus_dir(format: &str) -> Option<PathBuf> {
    let on_ci = std::env::var_os("CI").is_some();
    let Some(root) = std::env::var_os("TEMPO_TEST_CORPUS") else {
        assert!(
            !on_ci,
            "TEMPO_TEST_CORPUS is not set on CI: run scripts/fetch-test-corpus.sh and export the folder it prints"
        );
        eprintln!(
            "skipped: TEMPO_TEST_CORPUS is not set (scripts/fetch-test-corpus.sh fetches the corpus)"
        );
        return None;
    };
    let dir = PathBuf::from(root).join(format);
    if !dir.is_dir() {
        assert!(
            !on_ci,
            "the test corpus has no {} folder on CI",
            dir.display()
        );
        eprintln!("skipped: {} does not exist", dir.display());
        return None;
    }
    Some(dir)
}

/// One corpus file, or `None` to skip. A corpus that is present but lacks a
/// pinned file is a broken corpus, not a reason to skip.
pub fn corpus_file(format: &str, name: &str) -> Option<Vec<u8>> {
    let path = corpus_dir(format)?.join(name);
    Some(std::fs::read(&path).unwrap_or_else(|e| panic!("corpus file {}: {e}", path.display())))
}

/// Every corpus file of a format with its name, sorted, or `None` to skip.
pub fn corpus_files(format: &str) -> Option<Vec<(String, Vec<u8>)>> {
    let dir = corpus_dir(format)?;
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == format))
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (name, bytes)
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(!files.is_empty(), "no .{format} file in {}", dir.display());
    Some(files)
}

/// Asserts `a` is within `tol` of `b`, naming the figure when it is not.
#[track_caller]
pub fn assert_close(what: &str, a: f64, b: f64, tol: f64) {
    assert!(
        (a - b).abs() <= tol,
        "{what}: got {a}, expected {b} ± {tol}"
    );
}

/// Asserts a stream column equals the expected values, each within `tol`.
#[track_caller]
pub fn assert_column(what: &str, got: Option<&[f64]>, want: &[f64], tol: f64) {
    let got = got.unwrap_or_else(|| panic!("{what}: no such column"));
    assert_eq!(got.len(), want.len(), "{what}: {got:?} vs {want:?}");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() <= tol,
            "{what}[{i}]: got {g}, expected {w} ({got:?})"
        );
    }
}

/// Cuts a fixture at every 7th byte: each cut must parse to activities with at
/// least two samples, or be refused with a reason, never panic.
pub fn assert_truncations_handled(name: &str) {
    use tempo_import::ImportError;
    let bytes = fixture(name);
    for cut in (0..bytes.len()).step_by(7) {
        match tempo_import::parse(&bytes[..cut]) {
            Ok(parsed) => assert!(
                parsed.activities.iter().all(|a| a.streams.len() >= 2),
                "{name} cut at {cut}"
            ),
            Err(
                ImportError::Empty
                | ImportError::UnknownFormat
                | ImportError::Xml { .. }
                | ImportError::NoActivity(_),
            ) => {}
            Err(e) => panic!("{name} cut at {cut}: unexpected {e:?}"),
        }
    }
}
