//! Inputs that once crashed or hung a parser (found by `fuzz/`), plus the
//! edge cases they stand for. Each must give Ok or Err, never panic.

use std::path::Path;

#[test]
fn every_regression_file_parses_without_panicking() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("regressions folder") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let bytes = std::fs::read(&path).expect("read");
        let _ = tempo_import::parse(&bytes);
        n += 1;
    }
    assert!(n > 0, "no regression files in {}", dir.display());
}

fn regression(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/regressions")
            .join(name),
    )
    .expect("regression file")
}

#[test]
fn what_each_regression_gives() {
    use tempo_import::ImportError;
    // The decoder's own failure is this file's failure, with the reason.
    match tempo_import::parse(&regression("fit-rustyfit-accumulator-overflow.fit")) {
        Err(ImportError::Fit(reason)) => assert!(!reason.is_empty()),
        Ok(p) => assert!(!p.activities.is_empty(), "Ok must mean activities"),
        Err(e) => panic!("unexpected {e:?}"),
    }
    assert!(matches!(
        tempo_import::parse(&regression("gz-of-gz.fit.gz")),
        Err(ImportError::UnknownFormat)
    ));
    for name in [
        "fit-huge-data-size.fit",
        "fit-oversized-definition.fit",
        "fit-undefined-local.fit",
    ] {
        assert!(tempo_import::parse(&regression(name)).is_err(), "{name}");
    }
    assert!(matches!(
        tempo_import::parse(&regression("tcx-no-times.tcx")),
        Err(ImportError::NoActivity(_) | ImportError::Xml { .. })
    ));
    assert!(tempo_import::parse(&regression("gpx-deep-nesting.gpx")).is_err());
}
