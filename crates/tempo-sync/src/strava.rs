//! Strava API v3: connecting an account, listing activities and fetching
//! their streams and laps.
//!
//! - **Sign-in**: OAuth 2 authorization code through the loopback redirect
//!   ([`connect`]). Tempo asks for `read,activity:read_all` and checks what
//!   the athlete actually ticked: without `activity:read_all` private
//!   activities would silently be missing.
//! - **Tokens**: access tokens live six hours. A token within five minutes
//!   of expiry is refreshed before use, and a 401 triggers one refresh and
//!   one retry. Strava may rotate the refresh token on every refresh, so the
//!   new credentials go through [`SaveCredentials`] *before* the new token is
//!   used: a crash after a refresh must not leave the keychain holding a
//!   refresh token Strava no longer accepts.
//! - **Rate limits**: Strava reports its limits and the usage so far in
//!   every response (`X-RateLimit-*` overall, `X-ReadRateLimit-*` for reads,
//!   each "15-minute,daily"). The numbers differ between apps and have
//!   changed over the years, so none is hard-coded: the last reported ones
//!   are kept, and a request that would reach a limit is not sent at all
//!   ([`SyncError::RateLimited`] until the window resets at :00/:15/:30/:45
//!   or at midnight UTC). Requests over the limit still count against the
//!   daily budget on Strava's side, which is why the client stops one short
//!   rather than learning from a 429.
//! - **Listing**: `/athlete/activities` newest first, paged by `before`.
//!   `after` is applied here rather than sent: API users report that Strava
//!   answers oldest first when `after` is given, and a page of the oldest
//!   activities cannot be walked newest first without losing some. Filtering
//!   here costs nothing more: the page that crosses `after` ends the walk.
//! - **Data**: Strava does not hand out the uploaded file, so an activity is
//!   rebuilt from its streams and laps ([`Fetched::Parsed`]). Strava's run
//!   cadence is per leg (strides); Tempo stores steps per minute, as the FIT
//!   importer does, so it is doubled for runs, walks and hikes.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use chrono::{DateTime, NaiveTime, TimeDelta, Timelike, Utc};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tempo_domain::activity::{
    Channel, Device, Lap, ParsedActivity, RawSample, Sport, SubSport, Totals, resample_1hz,
};
use tokio_util::sync::CancellationToken;

use crate::http::{Http, HttpConfig};
use crate::oauth::{Loopback, random_state};
use crate::{
    Fetched, ListPage, Now, Provider, ProviderId, RemoteActivity, SaveCredentials, SyncError,
};

pub const API_BASE: &str = "https://www.strava.com/api/v3";
pub const OAUTH_BASE: &str = "https://www.strava.com";
/// What Tempo asks for: the profile and every activity, private ones included.
pub const SCOPE: &str = "read,activity:read_all";
/// The scope without which the history would be incomplete.
const REQUIRED_SCOPE: &str = "activity:read_all";
/// A token this close to expiry is refreshed before use, so that it cannot
/// expire between the check and Strava reading it.
const REFRESH_MARGIN_S: i64 = 5 * 60;
/// The streams Tempo keeps or derives from.
const STREAM_KEYS: &str = "time,latlng,distance,altitude,heartrate,cadence,watts,temp,moving,grade_smooth,velocity_smooth";
const RECONNECT: &str = "reconnect Strava in Settings → Accounts";
const LABEL: &str = "Strava";

/// A Strava connection, stored by the caller in the OS keychain as JSON.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StravaCredentials {
    /// The athlete's own API application (Strava gives one per account).
    pub client_id: String,
    pub client_secret: String,
    pub access_token: String,
    pub refresh_token: String,
    /// When the access token expires, epoch seconds.
    pub expires_at: i64,
    pub athlete_id: Option<i64>,
    pub athlete_name: Option<String>,
    /// The scopes the athlete granted, comma-separated.
    pub scope: String,
}

impl std::fmt::Debug for StravaCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StravaCredentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("access_token", &"<redacted>")
            .field("refresh_token", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .field("athlete_id", &self.athlete_id)
            .field("athlete_name", &self.athlete_name)
            .field("scope", &self.scope)
            .finish()
    }
}

/// Where Strava is (tests point both bases at a local fake).
#[derive(Debug, Clone, PartialEq)]
pub struct StravaConfig {
    /// `https://www.strava.com/api/v3`, with timeouts and retries.
    pub api: HttpConfig,
    /// `https://www.strava.com`: the authorize page and the token endpoint.
    pub oauth_base: String,
    /// Activities per list page: 1 to 200 (Strava's maximum).
    pub per_page: u32,
}

impl Default for StravaConfig {
    fn default() -> Self {
        StravaConfig {
            api: HttpConfig::new(API_BASE),
            oauth_base: OAUTH_BASE.to_owned(),
            per_page: 100,
        }
    }
}

impl StravaConfig {
    fn token_url(&self) -> String {
        format!("{}/oauth/token", self.oauth_base.trim_end_matches('/'))
    }
}

/// The page the athlete's browser opens to grant access.
pub fn authorize_url(
    config: &StravaConfig,
    client_id: &str,
    redirect_uri: &str,
    state: &str,
) -> Result<String, SyncError> {
    let base = format!(
        "{}/oauth/authorize",
        config.oauth_base.trim_end_matches('/')
    );
    reqwest::Url::parse_with_params(
        &base,
        [
            ("client_id", client_id),
            ("redirect_uri", redirect_uri),
            ("response_type", "code"),
            ("approval_prompt", "auto"),
            ("scope", SCOPE),
            ("state", state),
        ],
    )
    .map(String::from)
    .map_err(|e| SyncError::Config(format!("invalid Strava address {base:?}: {e}")))
}

/// The token endpoint's answer (both grants; `athlete` only for a code).
#[derive(Deserialize)]
struct TokenReply {
    access_token: String,
    refresh_token: Option<String>,
    expires_at: Option<i64>,
    expires_in: Option<i64>,
    athlete: Option<Athlete>,
}

#[derive(Deserialize)]
struct Athlete {
    id: Option<i64>,
    firstname: Option<String>,
    lastname: Option<String>,
}

fn sign_in(message: impl Into<String>) -> SyncError {
    SyncError::SignIn {
        provider: LABEL.into(),
        message: message.into(),
    }
}

fn reconnect(why: &str) -> SyncError {
    SyncError::Unauthorized {
        provider: LABEL.into(),
        message: format!("{why}; {RECONNECT}"),
    }
}

/// Connects an account: opens Strava's consent page through `open_browser`,
/// receives the redirect on 127.0.0.1, checks the granted scope and
/// exchanges the code for tokens.
pub async fn connect(
    config: &StravaConfig,
    client_id: &str,
    client_secret: &str,
    open_browser: impl FnOnce(&str) -> Result<(), SyncError>,
    timeout: Duration,
    cancel: &CancellationToken,
    now: Now,
) -> Result<StravaCredentials, SyncError> {
    let client_id = client_id.trim();
    let client_secret = client_secret.trim();
    if client_id.is_empty() || client_secret.is_empty() {
        return Err(SyncError::Config(
            "enter the client ID and client secret of your Strava API application".into(),
        ));
    }
    let http = Http::new(LABEL, config.api.clone())?;
    let loopback = Loopback::bind(ProviderId::Strava).await?;
    let state = random_state()?;
    open_browser(&authorize_url(
        config,
        client_id,
        &loopback.redirect_uri(),
        &state,
    )?)?;
    let answer = loopback.wait(&state, timeout, cancel).await?;
    let scope = answer.scope.clone().unwrap_or_default();
    if !scope.split(',').any(|s| s.trim() == REQUIRED_SCOPE) {
        return Err(sign_in(
            "Tempo needs to read all your activities: connect again and keep \
             \"View data about your private activities\" ticked",
        ));
    }
    let url = config.token_url();
    let form = [
        ("client_id", client_id),
        ("client_secret", client_secret),
        ("code", answer.code.as_str()),
        ("grant_type", "authorization_code"),
    ];
    let exchange = http.json::<TokenReply>(|| http.post(&url).form(&form), &crate::http::ignore);
    let reply = tokio::select! {
        () = cancel.cancelled() => return Err(SyncError::Cancelled),
        reply = exchange => reply,
    }
    .map_err(|e| match e {
        SyncError::Unauthorized { .. }
        | SyncError::Status {
            status: 400..=403, ..
        } => sign_in(
            "Strava refused the sign-in; check the client ID and secret of your API application",
        ),
        other => other,
    })?;
    let athlete = reply.athlete.as_ref();
    let name = athlete.and_then(|a| {
        let parts: Vec<&str> = [a.firstname.as_deref(), a.lastname.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    });
    Ok(StravaCredentials {
        client_id: client_id.to_owned(),
        client_secret: client_secret.to_owned(),
        expires_at: expiry(&reply, &now),
        refresh_token: reply
            .refresh_token
            .clone()
            .ok_or_else(|| http.protocol("the token answer has no refresh token"))?,
        access_token: reply.access_token,
        athlete_id: athlete.and_then(|a| a.id),
        athlete_name: name,
        scope,
    })
}

fn expiry(reply: &TokenReply, now: &Now) -> i64 {
    reply
        .expires_at
        .or_else(|| reply.expires_in.map(|s| now().timestamp() + s))
        // Strava documents six hours; assume less rather than more.
        .unwrap_or_else(|| now().timestamp() + 3600)
}

/// One rate-limit pair as Strava reports it: (15 minutes, daily).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Window {
    limit: (u32, u32),
    usage: (u32, u32),
}

fn pair(headers: &HeaderMap, name: &str) -> Option<(u32, u32)> {
    let text = headers.get(name)?.to_str().ok()?;
    let (a, b) = text.split_once(',')?;
    Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
}

/// What Strava last said about its limits, and when.
#[derive(Debug, Default)]
struct Budget {
    overall: Option<Window>,
    read: Option<Window>,
    seen_at: Option<DateTime<Utc>>,
    /// Set by a 429: nothing is sent before it.
    blocked_until: Option<DateTime<Utc>>,
}

/// The next :00/:15/:30/:45 after `t`.
pub fn next_quarter_hour(t: DateTime<Utc>) -> DateTime<Utc> {
    let start = t
        .with_minute(t.minute() - t.minute() % 15)
        .and_then(|t| t.with_second(0))
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(t);
    start + TimeDelta::minutes(15)
}

/// The next midnight UTC after `t`.
pub fn next_midnight(t: DateTime<Utc>) -> DateTime<Utc> {
    (t.date_naive() + TimeDelta::days(1))
        .and_time(NaiveTime::MIN)
        .and_utc()
}

impl Budget {
    fn record(&mut self, headers: &HeaderMap, now: DateTime<Utc>) {
        let window = |limit: &str, usage: &str| {
            Some(Window {
                limit: pair(headers, limit)?,
                usage: pair(headers, usage)?,
            })
        };
        let overall = window("x-ratelimit-limit", "x-ratelimit-usage");
        let read = window("x-readratelimit-limit", "x-readratelimit-usage");
        if overall.is_some() || read.is_some() {
            self.overall = overall.or(self.overall);
            self.read = read.or(self.read);
            self.seen_at = Some(now);
        }
    }

    /// When the next request may go, if not now. The margin of one request
    /// leaves room for a request another client of the same app has in
    /// flight; usage from a window that has since reset counts as zero.
    fn blocked(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let mut until = self.blocked_until.filter(|u| *u > now);
        let Some(seen) = self.seen_at else {
            return until;
        };
        let same_quarter = next_quarter_hour(seen) > now;
        let same_day = next_midnight(seen) > now;
        for w in [self.overall, self.read].into_iter().flatten() {
            let used_15 = if same_quarter { w.usage.0 } else { 0 };
            let used_day = if same_day { w.usage.1 } else { 0 };
            if w.limit.0 > 0 && used_15 + 1 >= w.limit.0 {
                until = until.max(Some(next_quarter_hour(now)));
            }
            if w.limit.1 > 0 && used_day + 1 >= w.limit.1 {
                until = until.max(Some(next_midnight(now)));
            }
        }
        until
    }

    /// After a 429: the daily window when its usage is at the limit, the
    /// 15-minute one otherwise.
    fn refused(&mut self, now: DateTime<Utc>) -> DateTime<Utc> {
        let daily = [self.overall, self.read]
            .into_iter()
            .flatten()
            .any(|w| w.limit.1 > 0 && w.usage.1 >= w.limit.1);
        let until = if daily {
            next_midnight(now)
        } else {
            next_quarter_hour(now)
        };
        self.blocked_until = Some(until);
        until
    }
}

/// A connected Strava account.
pub struct Strava {
    http: Http,
    config: StravaConfig,
    /// Behind an async lock: one refresh at a time, and requests wait for it.
    credentials: tokio::sync::Mutex<StravaCredentials>,
    budget: Mutex<Budget>,
    save: SaveCredentials,
    now: Now,
}

impl std::fmt::Debug for Strava {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Strava")
            .field("config", &self.config)
            .field("budget", &self.budget)
            .finish_non_exhaustive()
    }
}

fn rate_limited(until: DateTime<Utc>) -> SyncError {
    SyncError::RateLimited {
        provider: LABEL.into(),
        until,
    }
}

impl Strava {
    pub fn new(
        config: StravaConfig,
        credentials: StravaCredentials,
        save: SaveCredentials,
        now: Now,
    ) -> Result<Strava, SyncError> {
        if credentials.refresh_token.is_empty() {
            return Err(reconnect("no Strava refresh token is stored"));
        }
        Ok(Strava {
            http: Http::new(LABEL, config.api.clone())?,
            config,
            credentials: tokio::sync::Mutex::new(credentials),
            budget: Mutex::new(Budget::default()),
            save,
            now,
        })
    }

    /// The credentials as they are now (after any refresh).
    pub async fn credentials(&self) -> StravaCredentials {
        self.credentials.lock().await.clone()
    }

    fn budget(&self) -> std::sync::MutexGuard<'_, Budget> {
        self.budget.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Reads the rate-limit headers of every response; turns a 429 into
    /// [`SyncError::RateLimited`], and stops retries of a failed request
    /// once the budget is spent.
    fn observe(&self, status: StatusCode, headers: &HeaderMap) -> Result<(), SyncError> {
        let now = (self.now)();
        let mut budget = self.budget();
        budget.record(headers, now);
        if status == StatusCode::TOO_MANY_REQUESTS {
            return Err(rate_limited(budget.refused(now)));
        }
        if status.is_server_error()
            && let Some(until) = budget.blocked(now)
        {
            return Err(rate_limited(until));
        }
        Ok(())
    }

    /// A valid access token, refreshed first when close to expiry.
    async fn access_token(&self) -> Result<String, SyncError> {
        let mut credentials = self.credentials.lock().await;
        if credentials.expires_at - (self.now)().timestamp() < REFRESH_MARGIN_S {
            self.refresh(&mut credentials).await?;
        }
        Ok(credentials.access_token.clone())
    }

    /// After a 401 with `refused`: refreshes, unless another request has
    /// already replaced that token.
    async fn token_after_401(&self, refused: &str) -> Result<String, SyncError> {
        let mut credentials = self.credentials.lock().await;
        if credentials.access_token == refused {
            self.refresh(&mut credentials).await?;
        }
        Ok(credentials.access_token.clone())
    }

    async fn refresh(&self, credentials: &mut StravaCredentials) -> Result<(), SyncError> {
        let url = self.config.token_url();
        let form = [
            ("client_id", credentials.client_id.as_str()),
            ("client_secret", credentials.client_secret.as_str()),
            ("grant_type", "refresh_token"),
            ("refresh_token", credentials.refresh_token.as_str()),
        ];
        let reply: TokenReply = self
            .http
            .json(|| self.http.post(&url).form(&form), &crate::http::ignore)
            .await
            .map_err(|e| match e {
                SyncError::Unauthorized { .. }
                | SyncError::Status {
                    status: 400..=403, ..
                } => reconnect("Strava no longer accepts Tempo's access"),
                other => other,
            })?;
        let mut next = credentials.clone();
        next.expires_at = expiry(&reply, &self.now);
        next.access_token = reply.access_token;
        if let Some(rotated) = reply.refresh_token {
            next.refresh_token = rotated;
        }
        let json = serde_json::to_string(&next)
            .map_err(|e| SyncError::Config(format!("cannot save the Strava connection: {e}")))?;
        // Stored before use (module docs).
        (self.save)(&json)?;
        *credentials = next;
        tracing::info!("Strava access token refreshed");
        Ok(())
    }

    /// GET under the API base, within the rate limit, refreshing once on 401.
    async fn get<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T, SyncError> {
        let token = self.access_token().await?;
        match self.get_with(path, query, &token).await {
            Err(SyncError::Unauthorized { .. }) => {
                let token = self.token_after_401(&token).await?;
                self.get_with(path, query, &token)
                    .await
                    .map_err(|e| match e {
                        SyncError::Unauthorized { .. } => {
                            reconnect("Strava refused a freshly refreshed token")
                        }
                        other => other,
                    })
            }
            other => other,
        }
    }

    async fn get_with<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
        token: &str,
    ) -> Result<T, SyncError> {
        if let Some(until) = self.budget().blocked((self.now)()) {
            return Err(rate_limited(until));
        }
        let observe = |status: StatusCode, headers: &HeaderMap| self.observe(status, headers);
        self.http
            .json(
                || self.http.get(path).query(query).bearer_auth(token),
                &observe,
            )
            .await
    }
}

/// `/athlete/activities` items: the fields Tempo reads of a SummaryActivity.
#[derive(Deserialize)]
struct SummaryActivity {
    id: i64,
    name: Option<String>,
    sport_type: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    start_date: DateTime<Utc>,
    distance: Option<f64>,
    elapsed_time: Option<f64>,
}

/// `/activities/{id}/laps` items.
#[derive(Deserialize)]
struct StravaLap {
    start_date: Option<DateTime<Utc>>,
    start_index: Option<usize>,
    elapsed_time: Option<f64>,
    moving_time: Option<f64>,
    distance: Option<f64>,
    total_elevation_gain: Option<f64>,
    average_speed: Option<f64>,
    max_speed: Option<f64>,
    average_heartrate: Option<f64>,
    max_heartrate: Option<f64>,
    average_cadence: Option<f64>,
    average_watts: Option<f64>,
}

/// Strava's `sport_type` (or the older `type`) as Tempo's sport.
pub fn sport_of(sport_type: &str) -> (Sport, SubSport) {
    match sport_type {
        "Run" => (Sport::Running, SubSport::Generic),
        "TrailRun" => (Sport::Running, SubSport::Trail),
        "VirtualRun" => (Sport::Running, SubSport::Virtual),
        "Ride" | "EBikeRide" | "Velomobile" | "Handcycle" => (Sport::Cycling, SubSport::Generic),
        "VirtualRide" => (Sport::Cycling, SubSport::Virtual),
        "GravelRide" => (Sport::Cycling, SubSport::Gravel),
        "MountainBikeRide" | "EMountainBikeRide" => (Sport::Cycling, SubSport::Mountain),
        "Swim" => (Sport::Swimming, SubSport::Generic),
        "Walk" => (Sport::Walking, SubSport::Generic),
        "Hike" => (Sport::Hiking, SubSport::Generic),
        "Rowing" | "VirtualRow" => (Sport::Rowing, SubSport::Generic),
        "NordicSki" | "BackcountrySki" => (Sport::CrossCountrySkiing, SubSport::Generic),
        "WeightTraining" => (Sport::Strength, SubSport::Generic),
        _ => (Sport::Other, SubSport::Generic),
    }
}

/// Strava counts strides for runs; Tempo stores steps (module docs).
fn cadence_factor(sport: Sport) -> f64 {
    match sport {
        Sport::Running | Sport::Walking | Sport::Hiking => 2.0,
        _ => 1.0,
    }
}

fn remote(a: SummaryActivity) -> RemoteActivity {
    RemoteActivity {
        remote_id: a.id.to_string(),
        start: a.start_date,
        name: a.name,
        sport: a.sport_type.or(a.kind),
        distance_m: a.distance,
        elapsed_s: a.elapsed_time,
    }
}

/// One stream's `data` from a `key_by_type=true` answer.
fn stream<'a>(streams: &'a Value, key: &str) -> Option<&'a [Value]> {
    streams.get(key)?.get("data")?.as_array().map(Vec::as_slice)
}

/// The samples of a streams answer on Tempo's 1 Hz grid. Empty when there is
/// no time stream to place them on.
fn samples(streams: &Value, cadence_factor: f64) -> Vec<RawSample> {
    let Some(time) = stream(streams, "time") else {
        return Vec::new();
    };
    let number = |key: &str, i: usize| {
        stream(streams, key)
            .and_then(|d| d.get(i))
            .and_then(Value::as_f64)
            .unwrap_or(f64::NAN)
    };
    let latlng = stream(streams, "latlng");
    time.iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let mut s = RawSample::new(t.as_f64()?);
            if let Some(p) = latlng.and_then(|l| l.get(i)).and_then(Value::as_array)
                && let (Some(lat), Some(lon)) = (
                    p.first().and_then(Value::as_f64),
                    p.get(1).and_then(Value::as_f64),
                )
            {
                s.set(Channel::Latitude, lat);
                s.set(Channel::Longitude, lon);
            }
            s.set(Channel::Distance, number("distance", i));
            s.set(Channel::Altitude, number("altitude", i));
            s.set(Channel::Speed, number("velocity_smooth", i));
            s.set(Channel::HeartRate, number("heartrate", i));
            s.set(Channel::Cadence, number("cadence", i) * cadence_factor);
            s.set(Channel::Power, number("watts", i));
            s.set(Channel::Temperature, number("temp", i));
            Some(s)
        })
        .collect()
}

fn lap(l: StravaLap, activity_start: DateTime<Utc>, time: &[Value], factor: f64) -> Lap {
    // The lap's first sample is exact; its start_date is whole seconds and
    // off by the pauses Strava does not count the same way.
    let offset = l
        .start_index
        .and_then(|i| time.get(i))
        .and_then(Value::as_f64)
        .or_else(|| {
            l.start_date
                .map(|d| (d - activity_start).num_milliseconds() as f64 / 1000.0)
        })
        .unwrap_or(0.0)
        .max(0.0);
    Lap {
        start_offset_s: offset,
        totals: Totals {
            elapsed_s: l.elapsed_time,
            moving_s: l.moving_time,
            distance_m: l.distance,
            ascent_m: l.total_elevation_gain,
            avg_hr: l.average_heartrate,
            max_hr: l.max_heartrate,
            avg_speed_mps: l.average_speed,
            max_speed_mps: l.max_speed,
            avg_cadence: l.average_cadence.map(|c| c * factor),
            avg_power_w: l.average_watts,
            ..Totals::default()
        },
    }
}

impl Provider for Strava {
    fn id(&self) -> ProviderId {
        ProviderId::Strava
    }

    async fn list(
        &self,
        before: Option<DateTime<Utc>>,
        after: Option<DateTime<Utc>>,
    ) -> Result<ListPage, SyncError> {
        let per_page = self.config.per_page.clamp(1, 200);
        let mut query = vec![("page", "1".to_owned()), ("per_page", per_page.to_string())];
        if let Some(before) = before {
            query.push(("before", before.timestamp().to_string()));
        }
        let page: Vec<SummaryActivity> = self.get("/athlete/activities", &query).await?;
        let full = page.len() >= per_page as usize;
        let mut items: Vec<RemoteActivity> = page.into_iter().map(remote).collect();
        items.sort_by(|a, b| b.start.cmp(&a.start).then(b.remote_id.cmp(&a.remote_id)));
        let (newest, oldest) = (
            items.first().map(|a| a.start),
            items.last().map(|a| a.start),
        );
        let past_after = after.is_some_and(|after| oldest.is_some_and(|o| o <= after));
        if let Some(after) = after {
            items.retain(|a| a.start > after);
        }
        let next_before = match (full && !past_after, newest, oldest) {
            // Strava's `before` is exclusive and whole seconds: the next page
            // starts a second after the oldest one, so another activity in
            // that same second is not lost (the engine drops the repeat).
            // A page all in one second moves past it, or it would come back.
            (true, Some(newest), Some(oldest)) if newest.timestamp() != oldest.timestamp() => {
                Some(oldest + TimeDelta::seconds(1))
            }
            (true, _, Some(oldest)) => Some(oldest),
            _ => None,
        };
        Ok(ListPage { items, next_before })
    }

    async fn fetch(&self, activity: &RemoteActivity) -> Result<Fetched, SyncError> {
        let id = activity.remote_id.as_str();
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(SyncError::Config(format!(
                "not a Strava activity id: {id:?}"
            )));
        }
        let (sport, sub_sport) = sport_of(activity.sport.as_deref().unwrap_or(""));
        let factor = cadence_factor(sport);
        let streams: Value = match self
            .get(
                &format!("/activities/{id}/streams"),
                &[
                    ("keys", STREAM_KEYS.to_owned()),
                    ("key_by_type", "true".to_owned()),
                ],
            )
            .await
        {
            // A manual entry has no streams: Strava answers 404 or nothing.
            Err(SyncError::Status { status: 404, .. }) => Value::Null,
            other => other?,
        };
        let raw = samples(&streams, factor);
        let laps = if raw.is_empty() {
            Vec::new()
        } else {
            let laps: Vec<StravaLap> = self.get(&format!("/activities/{id}/laps"), &[]).await?;
            let time = stream(&streams, "time").unwrap_or_default();
            laps.into_iter()
                .map(|l| lap(l, activity.start, time, factor))
                .collect()
        };
        let mut streams = resample_1hz(raw, &[]);
        streams.derive_distance_and_speed();
        let device_totals = Totals {
            elapsed_s: activity.elapsed_s,
            distance_m: activity.distance_m,
            ..Totals::default()
        };
        Ok(Fetched::Parsed(Box::new(ParsedActivity {
            sport,
            sub_sport,
            name: activity.name.clone(),
            start: activity.start,
            utc_offset_s: None,
            device: Device::default(),
            device_totals: (device_totals != Totals::default()).then_some(device_totals),
            laps,
            lengths: Vec::new(),
            pool_length_m: None,
            streams,
        })))
    }

    fn next_request_at(&self) -> Option<DateTime<Utc>> {
        self.budget().blocked((self.now)())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn windows_end_at_the_quarter_hour_and_midnight() {
        assert_eq!(
            next_quarter_hour(t("2024-06-01T10:14:59Z")),
            t("2024-06-01T10:15:00Z")
        );
        assert_eq!(
            next_quarter_hour(t("2024-06-01T10:15:00Z")),
            t("2024-06-01T10:30:00Z")
        );
        assert_eq!(
            next_quarter_hour(t("2024-06-01T23:50:00Z")),
            t("2024-06-02T00:00:00Z")
        );
        assert_eq!(
            next_midnight(t("2024-06-01T23:59:59Z")),
            t("2024-06-02T00:00:00Z")
        );
    }

    #[test]
    fn budget_stops_one_short_and_resets_with_the_window() {
        let mut headers = HeaderMap::new();
        headers.insert("x-ratelimit-limit", "10,100".parse().unwrap());
        headers.insert("x-ratelimit-usage", "8,50".parse().unwrap());
        let mut b = Budget::default();
        let now = t("2024-06-01T10:05:00Z");
        b.record(&headers, now);
        assert_eq!(b.blocked(now), None);
        headers.insert("x-ratelimit-usage", "9,51".parse().unwrap());
        b.record(&headers, now);
        assert_eq!(b.blocked(now), Some(t("2024-06-01T10:15:00Z")));
        assert_eq!(b.blocked(t("2024-06-01T10:15:00Z")), None);
        headers.insert("x-ratelimit-usage", "1,99".parse().unwrap());
        b.record(&headers, now);
        assert_eq!(b.blocked(now), Some(t("2024-06-02T00:00:00Z")));
        assert_eq!(b.blocked(t("2024-06-02T00:00:00Z")), None);
    }

    #[test]
    fn sports() {
        assert_eq!(sport_of("TrailRun"), (Sport::Running, SubSport::Trail));
        assert_eq!(sport_of("GravelRide"), (Sport::Cycling, SubSport::Gravel));
        assert_eq!(sport_of("Kitesurf"), (Sport::Other, SubSport::Generic));
    }

    #[test]
    fn credentials_debug_hides_secrets() {
        let c = StravaCredentials {
            client_id: "1".into(),
            client_secret: "s3cret".into(),
            access_token: "acc3ss".into(),
            refresh_token: "r3fresh".into(),
            expires_at: 0,
            athlete_id: None,
            athlete_name: None,
            scope: SCOPE.into(),
        };
        let text = format!("{c:?}");
        for secret in ["s3cret", "acc3ss", "r3fresh"] {
            assert!(!text.contains(secret));
        }
    }
}
