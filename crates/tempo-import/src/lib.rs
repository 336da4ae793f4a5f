//! Activity files in, [`ParsedActivity`] values out.
//!
//! - [`detect`] tells the format from the first bytes, not the extension: a
//!   `.fit` that is really a GPX, or a Strava `.fit.gz`, is read correctly.
//! - [`parse`] reads one file's bytes (FIT, GPX, TCX, or any of them gzipped).
//!   It keeps what it could read of a damaged file and says what it skipped in
//!   [`Parsed::warnings`]; it returns an error only when nothing usable is left.
//! - [`tcx::write`] writes an activity as TCX, for exports of activities whose
//!   original file was not kept; [`parse`] reads back what it wrote, to the
//!   precision the format allows.
//! - [`archive`] walks folders and zip exports (Garmin Connect and Strava account
//!   exports included) into a list of [`archive::Item`]s to parse.
//!
//! Nothing here touches the database: the `tempo-api` crate decides what to
//! store, so parsers stay pure, fast to test and safe to fuzz.

pub mod archive;
mod fit;
mod gpx;
pub mod tcx;
mod xml;

use std::io::Read;

use tempo_domain::activity::{ParsedActivity, SourceFormat};

/// The largest file Tempo reads, after decompression. A 24-hour FIT file is
/// about 10 MB and a 24-hour GPX about 60 MB; anything past this is not an
/// activity, and reading it whole could exhaust memory (a gzip bomb).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected {
    Activity(SourceFormat),
    Gzip,
    Zip,
}

/// The activities read from one file, and what had to be skipped.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub format: SourceFormat,
    /// Usually one; a multisport FIT file gives one per leg, a GPX one per track.
    pub activities: Vec<ParsedActivity>,
    /// Problems that cost some data but not the activity ("truncated after
    /// 1,204 records", "3 trackpoints without a time skipped").
    pub warnings: Vec<String>,
}

/// Why a file could not be read. Messages are written for the athlete.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImportError {
    #[error("the file is empty")]
    Empty,
    #[error("not an activity file (expected FIT, GPX or TCX, possibly gzipped)")]
    UnknownFormat,
    #[error("the file is larger than {} MB once decompressed", MAX_FILE_BYTES / 1024 / 1024)]
    TooLarge,
    #[error("damaged gzip data: {0}")]
    Gzip(String),
    #[error("damaged FIT file: {0}")]
    Fit(String),
    #[error("malformed {format} file: {reason}")]
    Xml {
        format: &'static str,
        reason: String,
    },
    /// The file is readable but holds no activity (a FIT settings or workout
    /// file, a GPX route without times…).
    #[error("no activity in this file: {0}")]
    NoActivity(String),
    #[error("damaged zip archive: {0}")]
    Zip(String),
    #[error("cannot read the file: {0}")]
    Io(String),
}

/// Tells the format from content. XML is told apart by its root element, so a
/// GPX saved as `.xml` or a TCX without a declaration are both recognised.
pub fn detect(bytes: &[u8]) -> Option<Detected> {
    if bytes.len() >= 12 && (bytes[0] == 12 || bytes[0] == 14) && &bytes[8..12] == b".FIT" {
        return Some(Detected::Activity(SourceFormat::Fit));
    }
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Some(Detected::Gzip);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Some(Detected::Zip);
    }
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head);
    // Skip the declaration, comments and a BOM; look for the first element name.
    let mut rest = head.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("<?") {
            rest = r.split_once("?>")?.1;
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = r.split_once("-->")?.1;
        } else if let Some(r) = rest.strip_prefix('<') {
            let name: String = r
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
                .collect();
            let local = name.rsplit(':').next().unwrap_or("");
            return match local {
                "gpx" => Some(Detected::Activity(SourceFormat::Gpx)),
                "TrainingCenterDatabase" => Some(Detected::Activity(SourceFormat::Tcx)),
                _ => None,
            };
        } else {
            return None;
        }
    }
}

/// Reads one activity file (FIT, GPX, TCX, or gzip of one of them).
pub fn parse(bytes: &[u8]) -> Result<Parsed, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge);
    }
    match detect(bytes) {
        Some(Detected::Gzip) => {
            let inner = gunzip(bytes)?;
            if matches!(detect(&inner), Some(Detected::Gzip | Detected::Zip)) {
                return Err(ImportError::UnknownFormat);
            }
            parse(&inner)
        }
        Some(Detected::Activity(format)) => {
            let (activities, warnings) = match format {
                SourceFormat::Fit => decode_guarded(bytes)?,
                SourceFormat::Gpx => gpx::parse(bytes)?,
                SourceFormat::Tcx => tcx::parse(bytes)?,
                // `detect` never names a file API data.
                SourceFormat::Api => return Err(ImportError::UnknownFormat),
            };
            if activities.is_empty() {
                return Err(ImportError::NoActivity(
                    warnings
                        .first()
                        .cloned()
                        .unwrap_or_else(|| "no recorded samples".into()),
                ));
            }
            Ok(Parsed {
                format,
                activities,
                warnings,
            })
        }
        Some(Detected::Zip) | None => Err(ImportError::UnknownFormat),
    }
}

/// FIT decoding runs third-party code over untrusted bytes. Fuzzing found an
/// input on which rustyfit 0.11 overflows an integer in its accumulator (a
/// panic where overflow checks are on, a wrap where they are off): one bad file
/// must be reported as that file's failure, never take down an import.
fn decode_guarded(bytes: &[u8]) -> Result<(Vec<ParsedActivity>, Vec<String>), ImportError> {
    std::panic::catch_unwind(|| fit::parse(bytes)).unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into());
        tracing::warn!(reason = %why, "the FIT decoder failed");
        Err(ImportError::Fit(format!(
            "the decoder failed on this file ({why})"
        )))
    })
}

/// Decompresses gzip data, refusing to grow past [`MAX_FILE_BYTES`].
pub fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, ImportError> {
    let mut out = Vec::with_capacity(bytes.len() * 4);
    flate2::read::MultiGzDecoder::new(bytes)
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| ImportError::Gzip(e.to_string()))?;
    if out.len() as u64 > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge);
    }
    if out.is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(out)
}

/// SHA-256 of a file's content, hex. Sources are identified by the hash of the
/// decompressed bytes, so `a.fit` and `a.fit.gz` are the same source.
pub fn content_hash(bytes: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
