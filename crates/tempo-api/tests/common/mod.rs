//! Helpers shared by the activity and metrics tests.
// Each test binary uses a subset of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use tempo_api::kb::KnowledgeConfig;
use tempo_api::{FixedClock, Tempo, TempoOptions};
use tempo_secrets::MemoryStore;

/// The real device files fetched by `scripts/fetch-test-corpus.sh`, or None to
/// skip locally. On CI a missing corpus fails instead of silently skipping.
pub fn corpus() -> Option<PathBuf> {
    match std::env::var_os("TEMPO_TEST_CORPUS") {
        Some(d) => Some(PathBuf::from(d)),
        None => {
            assert!(
                std::env::var_os("CI").is_none(),
                "TEMPO_TEST_CORPUS is not set on CI (scripts/fetch-test-corpus.sh)"
            );
            eprintln!("skipped: TEMPO_TEST_CORPUS is not set");
            None
        }
    }
}

/// A database file at `path`, with a fixed clock and an in-memory keychain.
pub async fn open(path: &Path) -> Tempo {
    open_with(path, KnowledgeConfig::system().expect("knowledge config")).await
}

/// The same, searching the knowledge base by keywords only, with its index
/// beside the database: seconds to build, where embedding every chunk takes
/// minutes in a debug build. For tests about something else than search.
pub async fn open_keyword_only(path: &Path) -> Tempo {
    let folder = path.parent().expect("folder");
    open_with(
        path,
        KnowledgeConfig {
            kb_dir: tempo_api::paths::knowledge_dir(),
            cache_dir: folder.join("kb-index"),
            model_dir: None,
        },
    )
    .await
}

async fn open_with(path: &Path, knowledge: KnowledgeConfig) -> Tempo {
    Tempo::open(TempoOptions {
        db_path: path.to_owned(),
        clock: Arc::new(FixedClock(
            Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0)
                .single()
                .expect("time"),
        )),
        secrets: Arc::new(MemoryStore::new()),
        knowledge,
        dirs: tempo_api::Dirs::under(path.parent().expect("folder")),
    })
    .await
    .expect("open")
}

/// One steady stretch of a generated run: seconds, speed (m/s), heart rate,
/// and power (W; NaN for none).
#[derive(Debug, Clone, Copy)]
pub struct Stretch {
    pub seconds: u32,
    pub speed_mps: f64,
    pub hr: f64,
    pub watts: f64,
}

impl Stretch {
    pub fn run(seconds: u32, speed_mps: f64, hr: f64) -> Stretch {
        Stretch {
            seconds,
            speed_mps,
            hr,
            watts: f64::NAN,
        }
    }
}

/// Writes a 1 Hz GPX activity heading north along a meridian (so distance is
/// the latitude change: 1° = 111,195 m on the mean-radius sphere), flat, with
/// heart rate and optional power, and returns its path.
pub fn write_gpx(
    dir: &Path,
    name: &str,
    sport: &str,
    start: chrono::DateTime<Utc>,
    stretches: &[Stretch],
) -> PathBuf {
    use std::fmt::Write;
    let mut doc = format!(
        r#"<?xml version="1.0"?><gpx version="1.1" creator="tempo-test" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"><trk><name>{name}</name><type>{sport}</type><trkseg>"#
    );
    let (mut t, mut lat) = (0i64, 45.0f64);
    let point = |doc: &mut String, t: i64, lat: f64, s: &Stretch| {
        let time = (start + chrono::Duration::seconds(t)).format("%Y-%m-%dT%H:%M:%SZ");
        let power = if s.watts.is_finite() {
            format!("<power>{:.0}</power>", s.watts)
        } else {
            String::new()
        };
        let _ = write!(
            doc,
            "\n<trkpt lat=\"{lat:.8}\" lon=\"6.0\"><ele>100.0</ele><time>{time}</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{:.0}</gpxtpx:hr></gpxtpx:TrackPointExtension>{power}</extensions></trkpt>",
            s.hr
        );
    };
    if let Some(first) = stretches.first() {
        point(&mut doc, t, lat, first);
    }
    for s in stretches {
        for _ in 0..s.seconds {
            t += 1;
            lat += s.speed_mps / 111_195.0;
            point(&mut doc, t, lat, s);
        }
    }
    doc.push_str("</trkseg></trk></gpx>");
    let path = dir.join(format!("{name}.gpx"));
    std::fs::write(&path, doc).expect("write gpx");
    path
}

/// A half marathon on Sunday 2027-02-21, training from Monday 2026-11-23 on
/// four days (the plans and own-data tests).
pub fn half() -> tempo_plan::Goal {
    use chrono::{NaiveDate, Weekday};
    use tempo_plan::{
        Availability, Constraints, Goal, GoalKind, IntensityStyle, Level, LevelSource, Preferences,
    };
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
    Goal {
        kind: GoalKind::HalfMarathon,
        start: day(2026, 11, 23),
        race_date: Some(day(2027, 2, 21)),
        weeks: None,
        target_time_s: None,
        level: Level {
            source: LevelSource::Declared,
            weekly_km: 30.0,
            longest_run_km: 12.0,
            vdot: Some(45.0),
            experience_years: 3.0,
        },
        availability: Availability {
            days: vec![Weekday::Tue, Weekday::Wed, Weekday::Fri, Weekday::Sun],
            long_run_day: Weekday::Sun,
            max_session_min: 75,
            max_long_run_min: 150,
        },
        preferences: Preferences {
            intensity: IntensityStyle::Polarized,
            cross_training: false,
            treadmill: false,
        },
        constraints: Constraints {
            injury_history: false,
            min_rest_days: 1,
        },
    }
}
