//! Folders, zip archives and account exports, flattened into a list of files.
//!
//! - A folder is walked recursively; files whose name does not look like an
//!   activity (`.fit`, `.gpx`, `.tcx`, `.gz`, `.zip`, any case) are passed over
//!   silently, so a folder with notes and photos imports cleanly.
//! - A file named on the command line (or dropped) is always tried, whatever
//!   its name: the format comes from its content.
//! - A zip is opened and its members listed the same way, one level of nested
//!   zips included (Garmin's account export keeps the original files in
//!   `DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_*.zip`).
//! - A Strava account export is a zip with `activities.csv` at its root: its
//!   `Filename` and `Activity Name` columns give each file its title.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Cursor, Read, Seek};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::{Detected, ImportError, MAX_FILE_BYTES, detect};

/// Where an item came from, for provenance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    File,
    GarminExport,
    StravaExport,
}

/// How to get an item's bytes.
#[derive(Debug, Clone)]
pub enum Location {
    Path(PathBuf),
    /// A member of a zip on disk: (zip path, member index).
    ZipMember(PathBuf, usize),
    /// A member of a zip nested in a zip, read into memory once per outer member.
    NestedMember(Arc<Vec<u8>>, usize),
}

/// One file to import.
#[derive(Debug, Clone)]
pub struct Item {
    /// What the athlete sees in progress and error messages: the path, or
    /// `export.zip › activities/123.fit.gz`.
    pub name: String,
    pub origin: Origin,
    pub location: Location,
    /// A title from the export's metadata (Strava's activities.csv).
    pub title: Option<String>,
    /// Compressed or on-disk size, for throughput figures.
    pub size: u64,
}

/// The files found, and the inputs that could not be listed at all.
#[derive(Debug, Default)]
pub struct Listing {
    pub items: Vec<Item>,
    pub failures: Vec<(String, ImportError)>,
}

fn looks_like_activity(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [".fit", ".gpx", ".tcx", ".gz", ".zip"]
        .iter()
        .any(|e| n.ends_with(e))
}

fn io(e: impl std::fmt::Display) -> ImportError {
    ImportError::Io(e.to_string())
}

/// Lists everything to import under `inputs`.
pub fn list(inputs: &[PathBuf]) -> Listing {
    let mut out = Listing::default();
    for input in inputs {
        let meta = match std::fs::metadata(input) {
            Ok(m) => m,
            Err(e) => {
                out.failures.push((input.display().to_string(), io(e)));
                continue;
            }
        };
        if meta.is_dir() {
            walk(input, &mut out);
        } else {
            add_file(input, meta.len(), &mut out);
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Listing) {
    let mut entries: Vec<_> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(Result::ok).collect(),
        Err(e) => {
            out.failures.push((dir.display().to_string(), io(e)));
            return;
        }
    };
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            walk(&path, out);
        } else if looks_like_activity(&e.file_name().to_string_lossy()) {
            let size = e.metadata().map(|m| m.len()).unwrap_or(0);
            add_file(&path, size, out);
        }
    }
}

fn add_file(path: &Path, size: u64, out: &mut Listing) {
    let mut head = [0u8; 4];
    let is_zip = File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .map(|()| detect(&head) == Some(Detected::Zip))
        .unwrap_or(false);
    if is_zip {
        match File::open(path)
            .map_err(io)
            .and_then(|f| list_zip(f, &path.display().to_string(), out))
        {
            Ok(members) => out.items.extend(members.into_iter().map(
                |(name, idx, origin, title, size)| Item {
                    name,
                    origin,
                    location: Location::ZipMember(path.to_owned(), idx),
                    title,
                    size,
                },
            )),
            Err(e) => out.failures.push((path.display().to_string(), e)),
        }
    } else {
        out.items.push(Item {
            name: path.display().to_string(),
            origin: Origin::File,
            location: Location::Path(path.to_owned()),
            title: None,
            size,
        });
    }
}

type Member = (String, usize, Origin, Option<String>, u64);

/// Lists a zip's activity members. Nested zips are expanded here into
/// `out.items` directly (their bytes are held in memory); direct members are
/// returned for the caller to locate.
fn list_zip<R: Read + Seek>(
    reader: R,
    label: &str,
    out: &mut Listing,
) -> Result<Vec<Member>, ImportError> {
    let mut zip = zip::ZipArchive::new(reader).map_err(|e| ImportError::Zip(e.to_string()))?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.into_owned())
        .collect();
    let garmin = names.iter().any(|n| n.starts_with("DI_CONNECT/"));
    let strava_titles = names
        .iter()
        .any(|n| n == "activities.csv")
        .then(|| strava_titles(&mut zip))
        .transpose()?;
    let origin = match (garmin, &strava_titles) {
        (true, _) => Origin::GarminExport,
        (_, Some(_)) => Origin::StravaExport,
        _ => Origin::File,
    };
    let mut members = Vec::new();
    for i in 0..zip.len() {
        let Ok(f) = zip.by_index(i) else { continue };
        let Ok(name) = f.name().map(|n| n.into_owned()) else {
            continue;
        };
        if f.is_dir() || !looks_like_activity(&name) {
            continue;
        }
        let size = f.compressed_size();
        let display = format!("{label} › {name}");
        if name.to_ascii_lowercase().ends_with(".zip") {
            if f.size() > MAX_FILE_BYTES {
                out.failures.push((display, ImportError::TooLarge));
                continue;
            }
            let mut bytes = Vec::with_capacity(f.size() as usize);
            if let Err(e) = f.take(MAX_FILE_BYTES).read_to_end(&mut bytes) {
                out.failures
                    .push((display, ImportError::Zip(e.to_string())));
                continue;
            }
            let bytes = Arc::new(bytes);
            let mut nested = Listing::default();
            match list_zip(Cursor::new(bytes.as_slice()), &display, &mut nested) {
                Ok(inner) => out
                    .items
                    .extend(inner.into_iter().map(|(n, idx, o, title, size)| Item {
                        name: n,
                        origin: if o == Origin::File { origin } else { o },
                        location: Location::NestedMember(bytes.clone(), idx),
                        title,
                        size,
                    })),
                Err(e) => out.failures.push((display, e)),
            }
            // Zips nested two deep are not expanded further: no export does that.
            out.failures.extend(nested.failures);
            continue;
        }
        let title = strava_titles.as_ref().and_then(|t| t.get(&name).cloned());
        members.push((display, i, origin, title, size));
    }
    Ok(members)
}

/// Strava's `activities.csv`: file name → activity title.
fn strava_titles<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
) -> Result<HashMap<String, String>, ImportError> {
    let f = zip
        .by_name("activities.csv")
        .map_err(|e| ImportError::Zip(e.to_string()))?;
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(f.take(MAX_FILE_BYTES));
    let headers = rdr
        .headers()
        .map_err(|e| ImportError::Zip(format!("activities.csv: {e}")))?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(file_col), Some(name_col)) = (col("Filename"), col("Activity Name")) else {
        return Ok(HashMap::new());
    };
    let mut titles = HashMap::new();
    for rec in rdr.records().filter_map(Result::ok) {
        if let (Some(file), Some(title)) = (rec.get(file_col), rec.get(name_col))
            && !file.is_empty()
            && !title.trim().is_empty()
        {
            titles.insert(file.to_owned(), title.trim().to_owned());
        }
    }
    Ok(titles)
}

impl Item {
    /// Reads the item's bytes (still compressed if the file is gzipped),
    /// refusing anything larger than [`MAX_FILE_BYTES`].
    pub fn read(&self) -> Result<Vec<u8>, ImportError> {
        fn read_zip<R: Read + Seek>(r: R, idx: usize) -> Result<Vec<u8>, ImportError> {
            let mut zip = zip::ZipArchive::new(r).map_err(|e| ImportError::Zip(e.to_string()))?;
            let f = zip
                .by_index(idx)
                .map_err(|e| ImportError::Zip(e.to_string()))?;
            if f.size() > MAX_FILE_BYTES {
                return Err(ImportError::TooLarge);
            }
            let mut out = Vec::with_capacity(f.size() as usize);
            f.take(MAX_FILE_BYTES)
                .read_to_end(&mut out)
                .map_err(|e| ImportError::Zip(e.to_string()))?;
            Ok(out)
        }
        match &self.location {
            Location::Path(p) => {
                let f = File::open(p).map_err(io)?;
                let len = f.metadata().map_err(io)?.len();
                if len > MAX_FILE_BYTES {
                    return Err(ImportError::TooLarge);
                }
                let mut out = Vec::with_capacity(len as usize);
                f.take(MAX_FILE_BYTES).read_to_end(&mut out).map_err(io)?;
                Ok(out)
            }
            Location::ZipMember(zip, idx) => read_zip(File::open(zip).map_err(io)?, *idx),
            Location::NestedMember(bytes, idx) => read_zip(Cursor::new(bytes.as_slice()), *idx),
        }
    }
}
