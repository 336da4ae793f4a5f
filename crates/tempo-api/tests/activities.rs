//! Importing activities end to end: files, folders, gzip, exports, bad input,
//! de-duplication, then reading and deleting — over a real SQLite file.
//!
//! Real device files come from the test corpus (`scripts/fetch-test-corpus.sh`,
//! `TEMPO_TEST_CORPUS`); small edge-case files are written by the tests.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tempo_api::activities::{self, ActivityFilter, CancelFlag, ImportProgress, ImportSummary};
use tempo_api::{ErrorCode, Tempo};

async fn import(tempo: &Tempo, paths: &[PathBuf]) -> (ImportSummary, Vec<ImportProgress>) {
    let seen = Mutex::new(Vec::new());
    let s = activities::import(
        tempo,
        paths,
        |p| seen.lock().expect("lock").push(p.clone()),
        &CancelFlag::default(),
    )
    .await
    .expect("import");
    (s, seen.into_inner().expect("lock"))
}

fn copy(src: &Path, dir: &Path, name: &str) -> PathBuf {
    let to = dir.join(name);
    std::fs::copy(src, &to).expect("copy");
    to
}

#[tokio::test]
async fn a_folder_of_real_files_imports_once_and_reports_the_rest() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let tempo = common::open(&tmp.path().join("tempo.db")).await;
    let folder = corpus.join("fit");
    let files = std::fs::read_dir(&folder).expect("corpus").count() as u32;

    let (first, progress) = import(&tempo, std::slice::from_ref(&folder)).await;
    // Activity.fit, garmin-fenix-5-bike.fit, hrv-activity.fit: one each; the
    // multisport file: five legs. Settings, workouts, weight, monitoring and the
    // session-less DeveloperData.fit are refused with a reason.
    assert_eq!(first.imported, 8, "{first:#?}");
    assert_eq!(first.files, files);
    assert_eq!(first.failed.len() as u32, files - 4, "{:#?}", first.failed);
    assert!(
        first
            .failed
            .iter()
            .all(|f| f.reason.contains("no activity")),
        "{:#?}",
        first.failed
    );
    assert!(
        first
            .failed
            .iter()
            .any(|f| f.file.ends_with("Settings.fit") && f.reason.contains("settings"))
    );
    // Progress went file by file up to the total.
    let last = progress.last().expect("progress");
    assert_eq!((last.done, last.total), (files, files));
    assert!(progress.windows(2).all(|w| w[0].done <= w[1].done));

    let list = activities::list(&tempo, &ActivityFilter::default())
        .await
        .expect("list");
    assert_eq!(list.activities.len(), 8);
    assert_eq!(list.totals.count, 8);

    // Again: nothing new, every activity file is a duplicate.
    let (again, _) = import(&tempo, &[folder]).await;
    assert_eq!(
        (again.imported, again.merged, again.duplicates),
        (0, 0, 4),
        "{again:#?}"
    );
    assert_eq!(
        activities::list(&tempo, &ActivityFilter::default())
            .await
            .expect("list")
            .activities
            .len(),
        8
    );
    tempo.close().await.expect("close");
}

#[tokio::test]
async fn detail_streams_filters_and_delete() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let tempo = common::open(&tmp.path().join("tempo.db")).await;
    let (s, _) = import(
        &tempo,
        &[
            corpus.join("fit/hrv-activity.fit"),
            corpus.join("fit/garmin-fenix-5-bike.fit"),
        ],
    )
    .await;
    assert_eq!(s.imported, 2);

    let rides = ActivityFilter {
        sports: Some(vec!["cycling".into()]),
        ..Default::default()
    };
    assert_eq!(
        activities::list(&tempo, &rides)
            .await
            .expect("list")
            .activities
            .len(),
        2
    );
    let runs = ActivityFilter {
        sports: Some(vec!["running".into()]),
        ..Default::default()
    };
    assert!(
        activities::list(&tempo, &runs)
            .await
            .expect("list")
            .activities
            .is_empty()
    );
    let text = ActivityFilter {
        text: Some("EDGE_530".into()),
        ..Default::default()
    };
    let found = activities::list(&tempo, &text).await.expect("list");
    assert_eq!(found.activities.len(), 1);
    let bad = ActivityFilter {
        sports: Some(vec!["curling".into()]),
        ..Default::default()
    };
    assert_eq!(
        activities::list(&tempo, &bad).await.unwrap_err().code,
        ErrorCode::InvalidInput
    );

    let id = found.activities[0].id;
    let d = activities::get(&tempo, id).await.expect("detail");
    assert_eq!(d.laps.len(), 15);
    let device = d.device_totals.as_ref().expect("device totals");
    // Garmin's SDK: total_distance 6873.6 m, avg HR 156 (tests/reference).
    assert_eq!(device.distance_m, Some(6873.6));
    assert_eq!(device.avg_hr, Some(156.0));
    assert_eq!(d.sources.len(), 1);
    assert!(d.sources[0].primary);

    let st = activities::streams(&tempo, id).await.expect("streams");
    assert_eq!(st.time_s.len() as u32, d.sample_count);
    let hr = st.heart_rate.as_ref().expect("HR");
    assert_eq!(hr.len(), st.time_s.len());
    assert!(st.lat.is_none(), "indoor ride: no position");
    let mean = hr.iter().flatten().map(|x| f64::from(*x)).sum::<f64>()
        / hr.iter().flatten().count() as f64;
    assert!(
        (mean - 156.0).abs() < 2.0,
        "mean HR from the stored streams {mean}"
    );

    activities::delete(&tempo, id).await.expect("delete");
    assert_eq!(
        activities::get(&tempo, id).await.unwrap_err().code,
        ErrorCode::NotFound
    );
    assert_eq!(
        activities::streams(&tempo, id).await.unwrap_err().code,
        ErrorCode::NotFound
    );
    assert_eq!(
        activities::delete(&tempo, id).await.unwrap_err().code,
        ErrorCode::NotFound
    );
    // The source went with it: importing the file again brings it back.
    let (s, _) = import(&tempo, &[corpus.join("fit/hrv-activity.fit")]).await;
    assert_eq!(s.imported, 1);
    tempo.close().await.expect("close");
}

/// A GPX of the same ride, as another service would export it.
fn gpx_copy_of(tempo_fit: &[u8]) -> String {
    let p = tempo_import::parse(tempo_fit).expect("parse");
    let a = &p.activities[0];
    let lat = a
        .streams
        .column(tempo_domain::activity::Channel::Latitude)
        .expect("lat");
    let lon = a
        .streams
        .column(tempo_domain::activity::Channel::Longitude)
        .expect("lon");
    let mut gpx = String::from(
        r#"<?xml version="1.0"?><gpx version="1.1" creator="Strava" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>Morning Ride</name><type>cycling</type><trkseg>"#,
    );
    for (i, t) in a.streams.time_s().iter().enumerate() {
        if lat[i].is_nan() {
            continue;
        }
        let when = a.start + chrono::Duration::seconds(i64::from(*t));
        gpx.push_str(&format!(
            r#"<trkpt lat="{:.7}" lon="{:.7}"><time>{}</time></trkpt>"#,
            lat[i],
            lon[i],
            when.format("%Y-%m-%dT%H:%M:%SZ")
        ));
    }
    gpx.push_str("</trkseg></trk></gpx>");
    gpx
}

#[tokio::test]
async fn the_same_ride_from_two_sources_is_one_activity_with_the_richer_data() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let fit_path = corpus.join("fit/garmin-fenix-5-bike.fit");
    let fit = std::fs::read(&fit_path).expect("fit");
    let tmp = tempfile::tempdir().expect("tempdir");
    let gpx_path = tmp.path().join("Morning_Ride.gpx");
    std::fs::write(&gpx_path, gpx_copy_of(&fit)).expect("write gpx");

    // GPX first, then the FIT: the FIT's data replaces the GPX's, the title stays.
    let tempo = common::open(&tmp.path().join("a.db")).await;
    let (s, _) = import(&tempo, std::slice::from_ref(&gpx_path)).await;
    assert_eq!(s.imported, 1, "{s:#?}");
    let (s, _) = import(&tempo, std::slice::from_ref(&fit_path)).await;
    assert_eq!((s.imported, s.merged), (0, 1), "{s:#?}");
    let list = activities::list(&tempo, &ActivityFilter::default())
        .await
        .expect("list");
    assert_eq!(list.activities.len(), 1);
    let d = activities::get(&tempo, list.activities[0].id)
        .await
        .expect("detail");
    assert_eq!(d.summary.name.as_deref(), Some("Morning Ride"));
    assert_eq!(d.sources.len(), 2);
    assert_eq!(
        d.sources
            .iter()
            .find(|s| s.primary)
            .map(|s| s.format.as_str()),
        Some("fit")
    );
    assert!(
        d.device_totals.is_some(),
        "the FIT's session summary is shown"
    );
    let st = activities::streams(&tempo, d.summary.id)
        .await
        .expect("streams");
    assert!(st.heart_rate.is_some(), "HR came with the FIT");
    tempo.close().await.expect("close");

    // FIT first, then the GPX: the GPX is remembered, the FIT stays shown.
    let tempo = common::open(&tmp.path().join("b.db")).await;
    import(&tempo, std::slice::from_ref(&fit_path)).await;
    let (s, _) = import(&tempo, &[gpx_path]).await;
    assert_eq!((s.imported, s.merged), (0, 1));
    let list = activities::list(&tempo, &ActivityFilter::default())
        .await
        .expect("list");
    let d = activities::get(&tempo, list.activities[0].id)
        .await
        .expect("detail");
    assert_eq!(
        d.sources
            .iter()
            .find(|s| s.primary)
            .map(|s| s.format.as_str()),
        Some("fit")
    );
    // The poorer copy still gave the activity its title.
    assert_eq!(d.summary.name.as_deref(), Some("Morning Ride"));
    tempo.close().await.expect("close");
}

#[tokio::test]
async fn gzip_and_exports_and_bad_files_in_one_batch() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("batch");
    std::fs::create_dir(&dir).expect("mkdir");
    let fit = std::fs::read(corpus.join("fit/hrv-activity.fit")).expect("fit");

    // A Strava account export: activities.csv + a gzipped FIT.
    let export = dir.join("export_12345.zip");
    {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&export).expect("zip"));
        let opts = zip::write::SimpleFileOptions::default();
        zip.start_file("activities.csv", opts).expect("csv");
        zip.write_all(b"Activity ID,Activity Date,Activity Name,Activity Type,Filename\n42,\"Feb 7, 2022, 4:47:52 PM\",Zwift tempo,Virtual Ride,activities/42.fit.gz\n").expect("csv");
        zip.start_file("activities/42.fit.gz", opts)
            .expect("member");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&fit).expect("gz");
        zip.write_all(&gz.finish().expect("gz")).expect("member");
        zip.start_file("profile.csv", opts).expect("other");
        zip.write_all(b"not an activity").expect("other");
        zip.finish().expect("zip");
    }
    // The plain file too (same content: a duplicate of the export's copy).
    copy(&corpus.join("fit/hrv-activity.fit"), &dir, "ride.fit");
    // Bad files: truncated to its header, empty, not an activity, random bytes.
    std::fs::write(dir.join("header-only.fit"), &fit[..14]).expect("write");
    std::fs::write(dir.join("empty.gpx"), b"").expect("write");
    std::fs::write(dir.join("notes.tcx"), b"<html>hello</html>").expect("write");
    std::fs::write(
        dir.join("noise.fit"),
        (0..5000u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<_>>(),
    )
    .expect("write");
    std::fs::write(
        dir.join("broken.gpx"),
        b"<gpx><trk><trkseg><trkpt lat=\"1\" lon=\"2\"><time>2020-01-01T00:00:00Z</time>",
    )
    .expect("write");
    std::fs::write(dir.join("README.txt"), b"ignored: not an activity name").expect("write");

    let tempo = common::open(&tmp.path().join("tempo.db")).await;
    let (s, _) = import(&tempo, &[dir]).await;
    assert_eq!(s.imported, 1, "{s:#?}");
    assert_eq!(s.duplicates, 1, "{s:#?}");
    let reasons: Vec<(String, String)> = s
        .failed
        .iter()
        .map(|f| {
            (
                Path::new(&f.file)
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                f.reason.clone(),
            )
        })
        .collect();
    assert_eq!(reasons.len(), 5, "{reasons:#?}");
    let reason = |name: &str| {
        &reasons
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{name}"))
            .1
    };
    assert!(reason("empty.gpx").contains("empty"));
    assert!(reason("notes.tcx").contains("not an activity file"));
    assert!(reason("noise.fit").contains("not an activity file"));
    assert!(
        reason("header-only.fit").contains("FIT"),
        "{}",
        reason("header-only.fit")
    );
    assert!(
        reason("broken.gpx").contains("GPX"),
        "{}",
        reason("broken.gpx")
    );

    let list = activities::list(&tempo, &ActivityFilter::default())
        .await
        .expect("list");
    let d = activities::get(&tempo, list.activities[0].id)
        .await
        .expect("detail");
    assert_eq!(d.summary.name.as_deref(), Some("Zwift tempo"));
    assert!(
        d.sources
            .iter()
            .any(|s| s.origin == "strava_export" && s.file_name.contains("activities/42.fit.gz"))
    );
    tempo.close().await.expect("close");
}

#[tokio::test]
async fn cancelling_stops_between_files_and_keeps_whole_activities() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let tempo = common::open(&tmp.path().join("tempo.db")).await;
    let cancel = CancelFlag::default();
    let c = cancel.clone();
    // Cancel as soon as the first file is done.
    let s = activities::import(
        &tempo,
        &[corpus.join("fit")],
        move |p| {
            if p.done >= 1 {
                c.cancel()
            }
        },
        &cancel,
    )
    .await
    .expect("import");
    assert!(s.cancelled, "{s:#?}");
    assert!(s.files < 13);
    // Whatever was stored is whole: every listed activity opens with its streams.
    for a in activities::list(&tempo, &ActivityFilter::default())
        .await
        .expect("list")
        .activities
    {
        let d = activities::get(&tempo, a.id).await.expect("detail");
        let st = activities::streams(&tempo, a.id).await.expect("streams");
        assert_eq!(st.time_s.len() as u32, d.sample_count);
    }
    tempo.close().await.expect("close");
}

#[tokio::test]
async fn stored_streams_are_smaller_than_the_fit_files() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let tempo = common::open(&tmp.path().join("tempo.db")).await;
    import(&tempo, &[corpus.join("fit")]).await;
    let (streams, sources) = activities::storage_sizes(&tempo).await.expect("sizes");
    assert!(sources > 0);
    assert!(
        streams * 2 < sources,
        "streams {streams} B vs FIT {sources} B"
    );
    tempo.close().await.expect("close");
}

#[tokio::test]
async fn nothing_to_import_is_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let tempo = common::open(&tmp.path().join("tempo.db")).await;
    let e = activities::import(&tempo, &[], |_| {}, &CancelFlag::default())
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    let (s, _) = import(&tempo, &[tmp.path().join("missing.fit")]).await;
    assert_eq!(s.failed.len(), 1);
    assert!(s.failed[0].reason.contains("cannot read"), "{:?}", s.failed);
    tempo.close().await.expect("close");
}
