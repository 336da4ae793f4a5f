//! The one trait every provider implements, and the values it trades in.
//!
//! The engine (in `tempo-api`) walks a provider's history in pages, newest
//! first: `list(before, after)` returns activities that started before
//! `before` (now when `None`) and after `after` (the beginning of time when
//! `None`), newest first, with the cursor of the next older page. It then
//! asks `fetch` for each activity it has not stored. A provider never
//! decides what is new: the engine does, from its own records.

use std::future::Future;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tempo_domain::activity::ParsedActivity;

use crate::SyncError;

/// The providers Tempo syncs with. `key` is what the database, the keychain
/// and the CLI call them, and the `origin` of the activities they bring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderId {
    Strava,
    IntervalsIcu,
    GarminConnect,
}

impl ProviderId {
    pub const ALL: [ProviderId; 3] = [
        ProviderId::Strava,
        ProviderId::IntervalsIcu,
        ProviderId::GarminConnect,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ProviderId::Strava => "strava",
            ProviderId::IntervalsIcu => "intervals_icu",
            ProviderId::GarminConnect => "garmin_connect",
        }
    }

    pub fn from_key(key: &str) -> Option<ProviderId> {
        ProviderId::ALL.into_iter().find(|p| {
            p.key() == key
                // The CLI also takes the short names athletes type.
                || matches!(
                    (p, key),
                    (ProviderId::IntervalsIcu, "intervals" | "intervals.icu")
                        | (ProviderId::GarminConnect, "garmin")
                )
        })
    }

    /// The name shown to the athlete.
    pub fn label(self) -> &'static str {
        match self {
            ProviderId::Strava => "Strava",
            ProviderId::IntervalsIcu => "intervals.icu",
            ProviderId::GarminConnect => "Garmin Connect",
        }
    }
}

/// An activity as a provider's list describes it, before its data is fetched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemoteActivity {
    /// The provider's id, as a string (Strava's are 64-bit, intervals.icu's
    /// are "i12345").
    pub remote_id: String,
    pub start: DateTime<Utc>,
    pub name: Option<String>,
    /// The provider's sport name ("Run", "Ride", "running"…), for display.
    pub sport: Option<String>,
    pub distance_m: Option<f64>,
    pub elapsed_s: Option<f64>,
}

/// One page of a provider's history, newest first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListPage {
    pub items: Vec<RemoteActivity>,
    /// Where the next older page starts (its `before`); `None` when there is
    /// nothing older (within `after`).
    pub next_before: Option<DateTime<Utc>>,
}

/// An activity's data, as the provider gives it.
#[derive(Debug, Clone, PartialEq)]
pub enum Fetched {
    /// The original file (FIT, or whatever was uploaded), parsed by
    /// `tempo-import` like an imported file.
    File { file_name: String, bytes: Vec<u8> },
    /// Data with no file behind it (Strava's streams and laps), already
    /// normalised.
    Parsed(Box<ParsedActivity>),
}

/// A day's wellness figures from a provider. Every field is optional: a
/// provider sends what the athlete's devices recorded.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WellnessDay {
    pub date: NaiveDate,
    pub resting_hr: Option<f64>,
    /// Overnight HRV (rMSSD), milliseconds.
    pub hrv_ms: Option<f64>,
    pub weight_kg: Option<f64>,
    pub sleep_s: Option<f64>,
    /// The provider's sleep score or quality, as it reports it (0–100).
    pub sleep_score: Option<f64>,
}

/// Called with a provider's new credentials (as JSON) whenever it refreshes
/// them, so the caller can store them in the keychain before they are used.
pub type SaveCredentials = Arc<dyn Fn(&str) -> Result<(), SyncError> + Send + Sync>;

/// A source of activities.
pub trait Provider: Send + Sync {
    fn id(&self) -> ProviderId;

    /// Activities started in (`after`, `before`), newest first (module docs).
    fn list(
        &self,
        before: Option<DateTime<Utc>>,
        after: Option<DateTime<Utc>>,
    ) -> impl Future<Output = Result<ListPage, SyncError>> + Send;

    /// An activity's data.
    fn fetch(
        &self,
        activity: &RemoteActivity,
    ) -> impl Future<Output = Result<Fetched, SyncError>> + Send;

    /// Wellness days between two dates, inclusive. Providers without
    /// wellness data return nothing.
    fn wellness(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> impl Future<Output = Result<Vec<WellnessDay>, SyncError>> + Send {
        let _ = (from, to);
        async { Ok(Vec::new()) }
    }

    /// When the provider's rate limit next lets a request through, if it is
    /// holding requests back now (shown to the athlete).
    fn next_request_at(&self) -> Option<DateTime<Utc>> {
        None
    }
}

/// The current time, injected (rate-limit windows and token expiry are
/// decided by it, so tests choose the time).
pub type Now = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// The real clock.
pub fn system_now() -> Now {
    Arc::new(Utc::now)
}
