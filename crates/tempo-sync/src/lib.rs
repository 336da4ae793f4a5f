//! Tempo's sync providers: the remote services an athlete's activities come
//! from, behind one [`Provider`] trait.
//!
//! - [`strava`]: Strava API v3 (OAuth 2 with the loopback redirect of
//!   RFC 8252, activities, streams and laps, its 15-minute and daily rate
//!   limits read from the response headers).
//! - [`intervals`]: intervals.icu (athlete id + API key; activities, their
//!   original FIT files, wellness).
//! - [`garmin`]: Garmin Connect, through the SSO sign-in the open-source
//!   clients use (ticket → OAuth 1 → OAuth 2; MFA); original FIT files and
//!   daily summaries.
//! - [`oauth`]: the one-shot loopback listener that receives an OAuth
//!   redirect on 127.0.0.1.
//! - [`http`]: what every client shares: rustls, a timeout on every request
//!   and every body chunk, a cap on every body, retries with exponential
//!   backoff and jitter on timeouts, 429 and 5xx.
//!
//! Nothing here touches the database or the keychain: the `tempo-api` crate
//! runs the sync engine (cursor, status, dedup, storage) and gives each
//! provider its credentials, receiving refreshed ones through a callback.
//! Base URLs are injected, so tests run against local fakes
//! (`testing`, behind the `test-support` feature).

pub mod download;
pub mod error;
pub mod garmin;
pub mod http;
pub mod intervals;
pub mod oauth;
pub mod provider;
pub mod strava;
#[cfg(feature = "test-support")]
pub mod testing;

pub use error::SyncError;
pub use provider::{
    Fetched, ListPage, Now, Provider, ProviderId, RemoteActivity, SaveCredentials, WellnessDay,
    system_now,
};
