//! What an activity download holds: the file as the provider stored it, or a
//! zip around it (Garmin always zips; intervals.icu passes on what was
//! uploaded, which can be a zip). `tempo-import` reads FIT, GPX, TCX and
//! their gzip, so only the zip is opened here: a gzipped file is passed on
//! as it is and hashed by its content there.

use std::io::Read;

use crate::SyncError;

/// The extensions `tempo-import` reads, gzipped or not.
const ACTIVITY_EXTENSIONS: [&str; 6] = [".fit", ".gpx", ".tcx", ".fit.gz", ".gpx.gz", ".tcx.gz"];

/// A zip archive starts with a local file header.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// The activity file in `bytes`: the first activity file of a zip, or the
/// bytes themselves. `file_name` names the bytes when they are not a zip.
pub fn activity_file(
    provider: &str,
    bytes: Vec<u8>,
    file_name: String,
    cap: usize,
) -> Result<(String, Vec<u8>), SyncError> {
    if bytes.is_empty() {
        return Err(SyncError::NoData(format!(
            "{provider} sent an empty file for this activity"
        )));
    }
    if !is_zip(&bytes) {
        return Ok((file_name, bytes));
    }
    let protocol = |message: String| SyncError::Protocol {
        provider: provider.to_owned(),
        message,
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| protocol(format!("the download is a damaged zip: {e}")))?;
    let index = (0..archive.len())
        .find(|&i| {
            archive
                .name_for_index(i)
                .and_then(Result::ok)
                .is_some_and(|name| {
                    let lower = name.to_ascii_lowercase();
                    ACTIVITY_EXTENSIONS.iter().any(|ext| lower.ends_with(ext))
                })
        })
        .ok_or_else(|| {
            SyncError::NoData(format!(
                "the file {provider} sent holds no FIT, GPX or TCX file"
            ))
        })?;
    let entry = archive
        .by_index(index)
        .map_err(|e| protocol(format!("the download is a damaged zip: {e}")))?;
    let name = entry
        .enclosed_name()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or(file_name);
    // The declared size can lie (a zip bomb): the read itself is capped.
    let mut out = Vec::new();
    entry
        .take(cap as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| protocol(format!("the download is a damaged zip: {e}")))?;
    if out.len() > cap {
        return Err(protocol(format!(
            "the file in the download is larger than {} MB",
            cap / 1024 / 1024
        )));
    }
    Ok((name, out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut writer = zip::ZipWriter::new(&mut out);
        for (name, bytes) in entries {
            writer
                .start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            writer.write_all(bytes).unwrap();
        }
        writer.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn the_activity_file_is_taken_out_of_a_zip() {
        let zip = zip_of(&[("readme.txt", b"x"), ("123_ACTIVITY.fit", b"fit bytes")]);
        let (name, bytes) = activity_file("Garmin", zip, "123.fit".into(), 1024).unwrap();
        assert_eq!(name, "123_ACTIVITY.fit");
        assert_eq!(bytes, b"fit bytes");
    }

    #[test]
    fn other_bytes_pass_as_they_are() {
        let gz = vec![0x1f, 0x8b, 8, 0];
        let (name, bytes) = activity_file("x", gz.clone(), "a.fit.gz".into(), 1024).unwrap();
        assert_eq!((name.as_str(), bytes), ("a.fit.gz", gz));
    }

    #[test]
    fn a_zip_without_an_activity_or_over_the_cap_is_refused() {
        let zip = zip_of(&[("readme.txt", b"x")]);
        assert!(matches!(
            activity_file("x", zip, "a".into(), 1024),
            Err(SyncError::NoData(_))
        ));
        let zip = zip_of(&[("a.fit", &[0u8; 2048])]);
        assert!(matches!(
            activity_file("x", zip, "a".into(), 1024),
            Err(SyncError::Protocol { .. })
        ));
        assert!(matches!(
            activity_file("x", Vec::new(), "a".into(), 1024),
            Err(SyncError::NoData(_))
        ));
    }
}
