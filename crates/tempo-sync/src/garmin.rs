//! Garmin Connect through the sign-in the open-source clients use (see
//! [`sso`] for the flow, and `docs` of the reference: fragile, optional and
//! consented; file import stays the way that always works).
//!
//! After sign-in the client holds an OAuth 1 token (about a year) and an
//! OAuth 2 access token (about a day). When the access token expires, or
//! the API refuses it, the OAuth 1 token is exchanged for a new one, which
//! is handed to [`SaveCredentials`] before it is used.
//!
//! - `list`: `/activitylist-service/activities/search/activities`, newest
//!   first, `start`/`limit` with `startDate`/`endDate` (local dates, asked a
//!   day wider and then cut by the UTC start). A full page's oldest start is
//!   the next page's `before`; a short page is the last one.
//! - `fetch`: `/download-service/files/activity/{id}`, a zip holding the
//!   original FIT file.
//! - `wellness`: per day, the daily summary (resting HR), sleep (duration,
//!   score) and HRV (last night's average); weight for the whole range. A
//!   day without one of them (404, 204) is a `None`, not an error.

pub mod oauth1;
mod sso;

use std::time::Duration;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::{Mutex, OnceCell};

use crate::http::{FILE_BODY_CAP, Http, HttpConfig, JSON_BODY_CAP, Reply, RetryPolicy, ignore};
use crate::provider::{
    Fetched, ListPage, Now, Provider, ProviderId, RemoteActivity, SaveCredentials, WellnessDay,
};
use crate::{SyncError, download};

pub use oauth1::Consumer;
pub use sso::{MfaChallenge, SignInStep, sign_in};

const PROVIDER: &str = "Garmin Connect";
/// The access token is renewed this long before it expires, so a request
/// never leaves with one about to lapse.
const EXPIRY_MARGIN_S: i64 = 60;

/// Where Garmin is, and how patient to be with it.
#[derive(Debug, Clone, PartialEq)]
pub struct GarminConfig {
    /// `https://sso.garmin.com` (no trailing slash).
    pub sso_base: String,
    /// `https://connectapi.garmin.com`.
    pub connect_base: String,
    /// The JSON `{consumer_key, consumer_secret}` garth publishes.
    pub consumer_url: String,
    pub timeout: Duration,
    pub retry: RetryPolicy,
    /// Activities per list page (Garmin's own pages hold up to 100).
    pub page_size: u32,
}

impl Default for GarminConfig {
    fn default() -> Self {
        GarminConfig {
            sso_base: "https://sso.garmin.com".into(),
            connect_base: "https://connectapi.garmin.com".into(),
            consumer_url: "https://thegarth.s3.amazonaws.com/oauth_consumer.json".into(),
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::background(),
            page_size: 100,
        }
    }
}

impl GarminConfig {
    fn http(&self, base: &str) -> HttpConfig {
        HttpConfig {
            timeout: self.timeout,
            retry: self.retry,
            ..HttpConfig::new(base)
        }
    }
}

/// What a sign-in leaves: stored in the keychain as JSON.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct GarminTokens {
    pub oauth1_token: String,
    pub oauth1_secret: String,
    /// Sent along with each exchange when the account uses MFA.
    pub mfa_token: Option<String>,
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub expires_at: DateTime<Utc>,
    /// The account's public name, which the wellness endpoints take.
    pub display_name: Option<String>,
}

impl std::fmt::Debug for GarminTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GarminTokens")
            .field("oauth1_token", &"[redacted]")
            .field("oauth1_secret", &"[redacted]")
            .field("mfa_token", &self.mfa_token.as_ref().map(|_| "[redacted]"))
            .field("access_token", &"[redacted]")
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "[redacted]"),
            )
            .field("expires_at", &self.expires_at)
            .field("display_name", &self.display_name)
            .finish()
    }
}

impl GarminTokens {
    fn new(oauth1: sso::OAuth1, oauth2: sso::OAuth2Json, now: DateTime<Utc>) -> GarminTokens {
        GarminTokens {
            oauth1_token: oauth1.token,
            oauth1_secret: oauth1.secret,
            mfa_token: oauth1.mfa_token,
            access_token: oauth2.access_token,
            refresh_token: oauth2.refresh_token,
            expires_at: now + chrono::Duration::seconds(oauth2.expires_in.max(0)),
            display_name: None,
        }
    }

    fn oauth1(&self) -> sso::OAuth1 {
        sso::OAuth1 {
            token: self.oauth1_token.clone(),
            secret: self.oauth1_secret.clone(),
            mfa_token: self.mfa_token.clone(),
        }
    }
}

/// The account's display name (`/userprofile-service/socialProfile`).
async fn display_name(
    config: &GarminConfig,
    http: &Http,
    access: &str,
) -> Result<String, SyncError> {
    let url = format!("{}/userprofile-service/socialProfile", config.connect_base);
    let profile: Value = http
        .json(|| http.get(&url).bearer_auth(access), &ignore)
        .await?;
    profile
        .get("displayName")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| http.protocol("the profile has no displayName"))
}

/// The Garmin Connect client.
pub struct Garmin {
    config: GarminConfig,
    http: Http,
    tokens: Mutex<GarminTokens>,
    save: SaveCredentials,
    now: Now,
    consumer: OnceCell<Consumer>,
}

impl std::fmt::Debug for Garmin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Garmin")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ActivityJson {
    activity_id: Value,
    activity_name: Option<String>,
    #[serde(rename = "startTimeGMT")]
    start_time_gmt: Option<String>,
    activity_type: Option<ActivityType>,
    distance: Option<f64>,
    elapsed_duration: Option<f64>,
    duration: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ActivityType {
    type_key: Option<String>,
}

impl ActivityJson {
    fn start(&self) -> Option<DateTime<Utc>> {
        NaiveDateTime::parse_from_str(self.start_time_gmt.as_deref()?, "%Y-%m-%d %H:%M:%S")
            .ok()
            .map(|t| t.and_utc())
    }
}

impl Garmin {
    pub fn new(
        config: GarminConfig,
        tokens: GarminTokens,
        save: SaveCredentials,
        now: Now,
    ) -> Result<Garmin, SyncError> {
        Ok(Garmin {
            http: Http::new(PROVIDER, config.http(&config.connect_base))?,
            config,
            tokens: Mutex::new(tokens),
            save,
            now,
            consumer: OnceCell::new(),
        })
    }

    /// The tokens as they are now (after any renewal).
    pub async fn tokens(&self) -> GarminTokens {
        self.tokens.lock().await.clone()
    }

    /// A valid access token, renewed first when it has expired or `force`.
    async fn access_token(&self, force: bool) -> Result<String, SyncError> {
        let mut tokens = self.tokens.lock().await;
        let now = (self.now)();
        if !force && now + chrono::Duration::seconds(EXPIRY_MARGIN_S) < tokens.expires_at {
            return Ok(tokens.access_token.clone());
        }
        let consumer = self
            .consumer
            .get_or_try_init(|| sso::consumer(&self.config, &self.http))
            .await?;
        let oauth2 = sso::exchange(
            &self.config,
            &self.http,
            consumer,
            &tokens.oauth1(),
            now.timestamp(),
        )
        .await
        .map_err(|e| match e {
            SyncError::Unauthorized { provider, .. } => SyncError::Unauthorized {
                provider,
                message: "Garmin no longer accepts Tempo's sign-in: sign in to Garmin Connect again (Settings → Connections)".into(),
            },
            other => other,
        })?;
        let mut renewed = GarminTokens::new(tokens.oauth1(), oauth2, now);
        renewed.display_name = tokens.display_name.clone();
        let json = serde_json::to_string(&renewed)
            .map_err(|e| SyncError::Config(format!("cannot serialise the tokens: {e}")))?;
        // Stored before use: a crash after this point loses nothing.
        (self.save)(&json)?;
        *tokens = renewed;
        tracing::info!("Garmin access token renewed");
        Ok(tokens.access_token.clone())
    }

    /// An authenticated GET; a refused token is renewed once and retried.
    async fn get(
        &self,
        path: &str,
        query: &[(&str, String)],
        cap: usize,
    ) -> Result<Reply, SyncError> {
        let send = |token: String| async move {
            self.http
                .send(
                    || self.http.get(path).query(query).bearer_auth(&token),
                    &ignore,
                    cap,
                )
                .await
        };
        match send(self.access_token(false).await?).await {
            Err(SyncError::Unauthorized { .. }) => {
                send(self.access_token(true).await?)
                    .await
                    .map_err(|e| match e {
                        SyncError::Unauthorized { provider, .. } => SyncError::Unauthorized {
                            provider,
                            message: "Garmin refused the renewed token: sign in to Garmin Connect again (Settings → Connections)".into(),
                        },
                        other => other,
                    })
            }
            other => other,
        }
    }

    /// A JSON document, or `None` for a day Garmin has nothing for (404,
    /// 204, an empty body, `null`).
    async fn optional_json(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<Option<Value>, SyncError> {
        match self.get(path, query, JSON_BODY_CAP).await {
            Ok(reply) if reply.body.iter().all(u8::is_ascii_whitespace) => Ok(None),
            Ok(reply) => Ok(Some(reply.json::<Value>(PROVIDER)?).filter(|v| !v.is_null())),
            Err(SyncError::Status { status: 404, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn display_name(&self) -> Result<String, SyncError> {
        if let Some(name) = self.tokens.lock().await.display_name.clone() {
            return Ok(name);
        }
        let access = self.access_token(false).await?;
        let name = display_name(&self.config, &self.http, &access).await?;
        self.tokens.lock().await.display_name = Some(name.clone());
        Ok(name)
    }
}

fn number(v: &Value, pointer: &str) -> Option<f64> {
    v.pointer(pointer)
        .and_then(Value::as_f64)
        .filter(|x| *x > 0.0)
}

/// A weight entry's day: `calendarDate` is a date string or epoch ms.
fn weight_date(entry: &Value) -> Option<NaiveDate> {
    match entry.get("calendarDate").or_else(|| entry.get("date"))? {
        Value::String(s) => NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok(),
        Value::Number(n) => DateTime::from_timestamp_millis(n.as_i64()?).map(|t| t.date_naive()),
        _ => None,
    }
}

impl Provider for Garmin {
    fn id(&self) -> ProviderId {
        ProviderId::GarminConnect
    }

    async fn list(
        &self,
        before: Option<DateTime<Utc>>,
        after: Option<DateTime<Utc>>,
    ) -> Result<ListPage, SyncError> {
        let day = chrono::Duration::days(1);
        let end = before.unwrap_or_else(|| (self.now)() + day);
        let start = after.map_or_else(
            || NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default(),
            |a| a.date_naive() - day,
        );
        let limit = self.config.page_size.max(1);
        let query = [
            ("start", "0".to_owned()),
            ("limit", limit.to_string()),
            ("startDate", start.to_string()),
            ("endDate", (end.date_naive() + day).to_string()),
        ];
        let reply = self
            .get(
                "/activitylist-service/activities/search/activities",
                &query,
                JSON_BODY_CAP,
            )
            .await?;
        let raw: Vec<ActivityJson> = reply.json(PROVIDER)?;
        let full = raw.len() >= limit as usize;
        let oldest = raw.iter().filter_map(ActivityJson::start).min();
        let mut items: Vec<RemoteActivity> = raw
            .into_iter()
            .filter_map(|a| {
                let s = a.start()?;
                (s < end && after.is_none_or(|x| s > x)).then(|| RemoteActivity {
                    remote_id: match &a.activity_id {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    },
                    start: s,
                    name: a.activity_name,
                    sport: a.activity_type.and_then(|t| t.type_key),
                    distance_m: a.distance,
                    elapsed_s: a.elapsed_duration.or(a.duration),
                })
            })
            .collect();
        items.sort_by_key(|a| std::cmp::Reverse(a.start));
        // A full page may have more behind it; older than its oldest start.
        let next_before = match oldest {
            Some(o) if full && after.is_none_or(|a| o > a) => Some(o.min(end)),
            _ => None,
        };
        Ok(ListPage { items, next_before })
    }

    async fn fetch(&self, activity: &RemoteActivity) -> Result<Fetched, SyncError> {
        let path = format!("/download-service/files/activity/{}", activity.remote_id);
        let reply = self
            .get(&path, &[], FILE_BODY_CAP)
            .await
            .map_err(|e| match e {
                SyncError::Status { status: 404, .. } => SyncError::NoData(format!(
                    "Garmin Connect has no original file for activity {} (a manual entry?)",
                    activity.remote_id
                )),
                other => other,
            })?;
        let (file_name, bytes) = download::activity_file(
            PROVIDER,
            reply.body.to_vec(),
            format!("{}.fit", activity.remote_id),
            FILE_BODY_CAP,
        )?;
        Ok(Fetched::File { file_name, bytes })
    }

    async fn wellness(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<WellnessDay>, SyncError> {
        if to < from {
            return Ok(Vec::new());
        }
        let name = self.display_name().await?;
        let weights = self
            .optional_json(
                "/weight-service/weight/dateRange",
                &[("startDate", from.to_string()), ("endDate", to.to_string())],
            )
            .await?;
        let weight_list: Vec<Value> = weights
            .as_ref()
            .and_then(|w| w.get("dateWeightList"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut out = Vec::new();
        for date in from.iter_days().take_while(|d| *d <= to) {
            let d = date.to_string();
            let summary = self
                .optional_json(
                    &format!("/usersummary-service/usersummary/daily/{name}"),
                    &[("calendarDate", d.clone())],
                )
                .await?;
            let sleep = self
                .optional_json(
                    &format!("/wellness-service/wellness/dailySleepData/{name}"),
                    &[("date", d.clone()), ("nonSleepBufferMinutes", "60".into())],
                )
                .await?;
            let hrv = self
                .optional_json(&format!("/hrv-service/hrv/{d}"), &[])
                .await?;
            let weight_g = weight_list
                .iter()
                .filter(|w| weight_date(w) == Some(date))
                .filter_map(|w| number(w, "/weight"))
                .next_back();
            let day = WellnessDay {
                date,
                resting_hr: summary
                    .as_ref()
                    .and_then(|s| number(s, "/restingHeartRate")),
                hrv_ms: hrv
                    .as_ref()
                    .and_then(|h| number(h, "/hrvSummary/lastNightAvg")),
                weight_kg: weight_g.map(|g| g / 1000.0),
                sleep_s: sleep
                    .as_ref()
                    .and_then(|s| number(s, "/dailySleepDTO/sleepTimeSeconds")),
                sleep_score: sleep
                    .as_ref()
                    .and_then(|s| number(s, "/dailySleepDTO/sleepScores/overall/value")),
            };
            if day
                != (WellnessDay {
                    date,
                    ..WellnessDay::default()
                })
            {
                out.push(day);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_redacted() {
        let t = GarminTokens {
            oauth1_token: "o1".into(),
            oauth1_secret: "o1-secret".into(),
            mfa_token: Some("mfa-secret".into()),
            access_token: "access-secret".into(),
            refresh_token: Some("refresh-secret".into()),
            expires_at: DateTime::UNIX_EPOCH,
            display_name: Some("runner".into()),
        };
        let shown = format!("{t:?}");
        for value in [
            "\"o1\"",
            "o1-secret",
            "mfa-secret",
            "access-secret",
            "refresh-secret",
        ] {
            assert!(!shown.contains(value), "{shown}");
        }
        assert!(shown.contains("runner"));
    }

    #[test]
    fn weight_days_read_both_forms() {
        let s: Value = serde_json::json!({"calendarDate": "2024-03-02"});
        let ms: Value = serde_json::json!({"date": 1709337600000i64});
        assert_eq!(weight_date(&s), NaiveDate::from_ymd_opt(2024, 3, 2));
        assert_eq!(weight_date(&ms), NaiveDate::from_ymd_opt(2024, 3, 2));
    }
}
