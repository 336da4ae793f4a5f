//! intervals.icu: an athlete id and a personal API key, activities with
//! their original files, and wellness days.
//!
//! - Auth is HTTP Basic with the user name `API_KEY` and the key as password
//!   (a Bearer header with a key is refused: Bearer is for OAuth apps).
//! - `GET /athlete/{id}/activities?oldest=&newest=` lists by *local* date,
//!   newest first, with no paging: the history is walked backwards in
//!   windows of `chunk_days` (one window per [`ListPage`]), each asked a day
//!   wider on both sides and then cut exactly by the UTC start, so an
//!   activity is listed once whatever its time zone.
//! - "Nothing older" is decided by asking, not guessed from a run of empty
//!   windows (a year off running must not end a backfill): when a window is
//!   empty, one request for the newest activity older than it
//!   (`oldest=1970-01-01&limit=…`) either jumps the walk to it or, finding
//!   none, ends the history. A full backfill therefore ends after at most
//!   one request per non-empty window plus one per gap.
//! - Activities intervals.icu only holds as Strava stubs (`source: STRAVA`,
//!   no file) cannot be downloaded through its API (Strava's terms): they are
//!   left out of the list, counted in [`Intervals::skipped_strava_stubs`] and
//!   logged with the reason. Connect Strava itself to get them.
//! - `GET /activity/{id}/file` is the file as it was uploaded (FIT, GPX or
//!   TCX, often gzipped), passed on as it is for `tempo-import`.

use std::sync::atomic::{AtomicUsize, Ordering};

use base64::Engine;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use reqwest::RequestBuilder;
use reqwest::header::{AUTHORIZATION, HeaderValue};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::http::{FILE_BODY_CAP, Http, HttpConfig, ignore};
use crate::provider::{Fetched, ListPage, Provider, ProviderId, RemoteActivity, WellnessDay};
use crate::{SyncError, download};

pub const BASE_URL: &str = "https://intervals.icu/api/v1";
const PROVIDER: &str = "intervals.icu";
/// Where the athlete finds the key, for error messages.
const KEY_HINT: &str = "copy the API key again from intervals.icu → Settings → Developer Settings";
/// How many activities the "anything older?" request asks for: a few more
/// than one, because its date window overlaps the window just listed.
const PROBE_LIMIT: usize = 20;

/// What the athlete pastes into Tempo. The key is a password: never logged.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntervalsCredentials {
    /// "i12345", or "0" for the owner of the key.
    pub athlete_id: String,
    pub api_key: String,
}

impl std::fmt::Debug for IntervalsCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IntervalsCredentials")
            .field("athlete_id", &self.athlete_id)
            .field("api_key", &"[redacted]")
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct IntervalsConfig {
    pub api: HttpConfig,
    /// The width of one listing window. 90 days is a few hundred activities
    /// at most: one answer of a few hundred kB.
    pub chunk_days: u32,
}

impl Default for IntervalsConfig {
    fn default() -> Self {
        IntervalsConfig {
            api: HttpConfig::new(BASE_URL),
            chunk_days: 90,
        }
    }
}

/// The intervals.icu client.
#[derive(Debug)]
pub struct Intervals {
    http: Http,
    athlete_id: String,
    /// `Basic base64("API_KEY:" + key)`, marked sensitive.
    auth: HeaderValue,
    chunk_days: i64,
    skipped_stubs: AtomicUsize,
}

/// An activity as the list describes it. Fields absent from a stub are
/// optional.
#[derive(Debug, Deserialize)]
struct ActivityJson {
    id: Value,
    start_date: Option<String>,
    start_date_local: Option<String>,
    name: Option<String>,
    #[serde(rename = "type")]
    sport: Option<String>,
    distance: Option<f64>,
    elapsed_time: Option<f64>,
    source: Option<String>,
    file_type: Option<String>,
}

impl ActivityJson {
    fn id(&self) -> String {
        match &self.id {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }

    /// `start_date` is UTC; the local time is only a fallback (off by the
    /// athlete's offset, still inside the widened window).
    fn start(&self) -> Option<DateTime<Utc>> {
        if let Some(s) = &self.start_date
            && let Ok(t) = DateTime::parse_from_rfc3339(s)
        {
            return Some(t.with_timezone(&Utc));
        }
        let local = self.start_date_local.as_deref()?;
        NaiveDateTime::parse_from_str(local.trim_end_matches('Z'), "%Y-%m-%dT%H:%M:%S")
            .ok()
            .map(|t| t.and_utc())
    }

    /// A Strava activity intervals.icu shows but may not hand out.
    fn is_strava_stub(&self) -> bool {
        self.source
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("STRAVA"))
            && self.file_type.is_none()
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WellnessJson {
    /// The date, "YYYY-MM-DD".
    id: String,
    #[serde(rename = "restingHR")]
    resting_hr: Option<f64>,
    hrv: Option<f64>,
    weight: Option<f64>,
    sleep_secs: Option<f64>,
    sleep_score: Option<f64>,
    /// 1 (great) to 4 (poor).
    sleep_quality: Option<f64>,
}

impl Intervals {
    pub fn new(
        config: IntervalsConfig,
        creds: IntervalsCredentials,
    ) -> Result<Intervals, SyncError> {
        let key = creds.api_key.trim();
        if key.is_empty() {
            return Err(SyncError::Config(format!(
                "no intervals.icu API key: {KEY_HINT}"
            )));
        }
        let encoded = base64::engine::general_purpose::STANDARD.encode(format!("API_KEY:{key}"));
        let mut auth = HeaderValue::from_str(&format!("Basic {encoded}"))
            .map_err(|_| SyncError::Config("the API key holds invalid characters".into()))?;
        auth.set_sensitive(true);
        let athlete_id = match creds.athlete_id.trim() {
            "" => "0".to_owned(),
            id => id.to_owned(),
        };
        Ok(Intervals {
            http: Http::new(PROVIDER, config.api)?,
            athlete_id,
            auth,
            chunk_days: i64::from(config.chunk_days.max(1)),
            skipped_stubs: AtomicUsize::new(0),
        })
    }

    fn get(&self, path: &str) -> RequestBuilder {
        self.http.get(path).header(AUTHORIZATION, self.auth.clone())
    }

    /// A refused key says where to get a new one.
    fn explain(e: SyncError) -> SyncError {
        match e {
            SyncError::Unauthorized { provider, .. }
            | SyncError::Status {
                provider,
                status: 403,
                ..
            } => SyncError::Unauthorized {
                provider,
                message: format!("the API key or athlete id was refused: {KEY_HINT}"),
            },
            other => other,
        }
    }

    /// Checks the credentials; the athlete's name on success.
    pub async fn verify(&self) -> Result<String, SyncError> {
        let path = format!("/athlete/{}", self.athlete_id);
        let athlete: Value = self
            .http
            .json(|| self.get(&path), &ignore)
            .await
            .map_err(Self::explain)?;
        Ok(athlete
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned())
    }

    /// Strava stubs left out of the lists so far (module docs).
    pub fn skipped_strava_stubs(&self) -> usize {
        self.skipped_stubs.load(Ordering::Relaxed)
    }

    async fn activities(
        &self,
        oldest: NaiveDate,
        newest: NaiveDate,
        limit: Option<usize>,
    ) -> Result<Vec<ActivityJson>, SyncError> {
        let path = format!("/athlete/{}/activities", self.athlete_id);
        let mut query = vec![
            ("oldest", oldest.to_string()),
            ("newest", newest.to_string()),
        ];
        if let Some(limit) = limit {
            query.push(("limit", limit.to_string()));
        }
        self.http
            .json(|| self.get(&path).query(&query), &ignore)
            .await
            .map_err(Self::explain)
    }

    /// The start of the newest activity before `before` (and after
    /// `after`), if any.
    async fn newest_before(
        &self,
        before: DateTime<Utc>,
        after: Option<DateTime<Utc>>,
    ) -> Result<Option<DateTime<Utc>>, SyncError> {
        let oldest = after.map_or(NaiveDate::MIN, |a| a.date_naive() - Duration::days(1));
        let oldest = oldest.max(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default());
        let found = self
            .activities(
                oldest,
                before.date_naive() + Duration::days(1),
                Some(PROBE_LIMIT),
            )
            .await?;
        Ok(found
            .iter()
            .filter_map(ActivityJson::start)
            .filter(|s| *s < before && after.is_none_or(|a| *s > a))
            .max())
    }
}

impl Provider for Intervals {
    fn id(&self) -> ProviderId {
        ProviderId::IntervalsIcu
    }

    async fn list(
        &self,
        before: Option<DateTime<Utc>>,
        after: Option<DateTime<Utc>>,
    ) -> Result<ListPage, SyncError> {
        // A day ahead of now: a watch whose clock runs ahead still counts.
        let mut end = before.unwrap_or_else(|| Utc::now() + Duration::days(1));
        loop {
            if after.is_some_and(|a| end <= a) {
                return Ok(ListPage::default());
            }
            let mut start = end - Duration::days(self.chunk_days);
            let last = match after {
                Some(a) if start <= a => {
                    start = a;
                    true
                }
                _ => false,
            };
            let raw = self
                .activities(
                    start.date_naive() - Duration::days(1),
                    end.date_naive() + Duration::days(1),
                    None,
                )
                .await?;
            let mut in_window = 0;
            let mut items = Vec::new();
            for a in raw {
                let Some(s) = a.start() else { continue };
                // [start, end): the next window starts where this one ended.
                if s < start || s >= end || after.is_some_and(|a| s <= a) {
                    continue;
                }
                in_window += 1;
                if a.is_strava_stub() {
                    self.skipped_stubs.fetch_add(1, Ordering::Relaxed);
                    tracing::info!(
                        id = %a.id(),
                        "skipped: intervals.icu holds this Strava activity without its file and may not hand it out; connect Strava to sync it"
                    );
                    continue;
                }
                items.push(RemoteActivity {
                    remote_id: a.id(),
                    start: s,
                    name: a.name,
                    sport: a.sport,
                    distance_m: a.distance,
                    elapsed_s: a.elapsed_time,
                });
            }
            items.sort_by_key(|a| std::cmp::Reverse(a.start));
            if in_window > 0 || last {
                return Ok(ListPage {
                    items,
                    next_before: (!last).then_some(start),
                });
            }
            // An empty window: jump to the next older activity, or stop.
            match self.newest_before(start, after).await? {
                Some(older) => end = older + Duration::seconds(1),
                None => return Ok(ListPage::default()),
            }
        }
    }

    async fn fetch(&self, activity: &RemoteActivity) -> Result<Fetched, SyncError> {
        let path = format!("/activity/{}/file", activity.remote_id);
        let reply = self
            .http
            .send(|| self.get(&path), &ignore, FILE_BODY_CAP)
            .await
            .map_err(|e| match Self::explain(e) {
                SyncError::Status {
                    status: 404 | 422, ..
                } => SyncError::NoData(format!(
                    "intervals.icu has no file for activity {} (an entry without a recording, or one imported from Strava)",
                    activity.remote_id
                )),
                other => other,
            })?;
        let gzipped = reply.body.starts_with(&[0x1f, 0x8b]);
        let fallback = content_disposition_name(&reply.headers).unwrap_or_else(|| {
            format!(
                "{}.fit{}",
                activity.remote_id,
                if gzipped { ".gz" } else { "" }
            )
        });
        let (file_name, bytes) =
            download::activity_file(PROVIDER, reply.body.to_vec(), fallback, FILE_BODY_CAP)?;
        Ok(Fetched::File { file_name, bytes })
    }

    async fn wellness(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<WellnessDay>, SyncError> {
        let path = format!("/athlete/{}/wellness", self.athlete_id);
        let query = [("oldest", from.to_string()), ("newest", to.to_string())];
        let days: Vec<WellnessJson> = self
            .http
            .json(|| self.get(&path).query(&query), &ignore)
            .await
            .map_err(Self::explain)?;
        let mut out: Vec<WellnessDay> = days
            .into_iter()
            .filter_map(|d| {
                let date = NaiveDate::parse_from_str(d.id.get(..10)?, "%Y-%m-%d").ok()?;
                let day = WellnessDay {
                    date,
                    resting_hr: d.resting_hr.filter(|v| *v > 0.0),
                    hrv_ms: d.hrv.filter(|v| *v > 0.0),
                    weight_kg: d.weight.filter(|v| *v > 0.0),
                    sleep_s: d.sleep_secs.filter(|v| *v > 0.0),
                    sleep_score: d
                        .sleep_score
                        .or_else(|| d.sleep_quality.and_then(quality_score)),
                };
                let empty = WellnessDay {
                    date,
                    ..WellnessDay::default()
                };
                (date >= from && date <= to && day != empty).then_some(day)
            })
            .collect();
        out.sort_by_key(|d| d.date);
        Ok(out)
    }
}

/// intervals.icu's sleep quality (1 great, 2 good, 3 average, 4 poor) on the
/// 0–100 scale of a sleep score, so both kinds of source read alike.
fn quality_score(quality: f64) -> Option<f64> {
    match quality.round() as i64 {
        1 => Some(100.0),
        2 => Some(75.0),
        3 => Some(50.0),
        4 => Some(25.0),
        _ => None,
    }
}

/// `filename="x.fit"` from a Content-Disposition header, its path dropped.
fn content_disposition_name(headers: &reqwest::header::HeaderMap) -> Option<String> {
    let value = headers
        .get(reqwest::header::CONTENT_DISPOSITION)?
        .to_str()
        .ok()?;
    let name = value.split(';').find_map(|part| {
        part.trim()
            .strip_prefix("filename=")
            .map(|n| n.trim_matches('"').to_owned())
    })?;
    let name = name.rsplit(['/', '\\']).next()?.to_owned();
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_redacted() {
        let creds = IntervalsCredentials {
            athlete_id: "i1".into(),
            api_key: "secret-key".into(),
        };
        assert!(!format!("{creds:?}").contains("secret-key"));
        let client = Intervals::new(IntervalsConfig::default(), creds).unwrap();
        assert!(!format!("{client:?}").contains("secret-key"));
    }

    #[test]
    fn sleep_quality_maps_to_a_score() {
        assert_eq!(quality_score(1.0), Some(100.0));
        assert_eq!(quality_score(4.0), Some(25.0));
        assert_eq!(quality_score(9.0), None);
    }

    #[test]
    fn a_stub_is_a_strava_activity_without_a_file() {
        let stub: ActivityJson = serde_json::from_str(
            r#"{"id":"123","start_date_local":"2024-01-01T08:00:00","type":"Run","source":"STRAVA","_note":"STRAVA activities are not available via the API"}"#,
        )
        .unwrap();
        assert!(stub.is_strava_stub());
        assert_eq!(
            stub.start().unwrap().to_rfc3339(),
            "2024-01-01T08:00:00+00:00"
        );
        let file: ActivityJson = serde_json::from_str(
            r#"{"id":"i9","start_date":"2024-01-01T07:00:00Z","source":"GARMIN_CONNECT","file_type":"fit"}"#,
        )
        .unwrap();
        assert!(!file.is_strava_stub());
    }
}
