//! What Tempo's HTTP clients share: the coach's model providers
//! (`tempo-coach`) and the sync providers (`tempo-sync`) each have their own
//! transport, shaped by their protocol (streamed answers, paged lists), but
//! decide these things the same way:
//!
//! - [`install_crypto_provider`]: reqwest is built without a default crypto
//!   provider (its own would pull aws-lc, a C and cmake build); ring, which
//!   sqlx already builds, is installed once for the process;
//! - [`RetryPolicy`]: exponential backoff with jitter, `Retry-After`
//!   honoured up to a ceiling;
//! - [`error_chain`]: an error and its sources on one line (reqwest's own
//!   message says little).

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::Once;
use std::time::Duration;

/// How transient failures (timeouts, 429, 5xx) are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Tries in all, the first included (1: no retry).
    pub attempts: u32,
    /// The first wait; it doubles each retry, plus up to as much again of
    /// jitter so that many clients do not come back in step.
    pub base_delay: Duration,
    /// No wait is longer, `Retry-After` included.
    pub max_delay: Duration,
}

impl RetryPolicy {
    /// While the athlete watches (a coach answer): three tries, no wait
    /// over 20 s; past that the error and its hint serve better than a
    /// silent spinner.
    pub fn interactive() -> Self {
        RetryPolicy {
            attempts: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(20),
        }
    }

    /// In the background (a sync): four tries, waits up to a minute; a run
    /// that still fails is tried again at the next scheduled sync.
    pub fn background() -> Self {
        RetryPolicy {
            attempts: 4,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(60),
        }
    }

    /// Three tries with millisecond waits (`Retry-After` capped too): for
    /// tests against a fake server.
    pub fn immediate() -> Self {
        RetryPolicy {
            attempts: 3,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(20),
        }
    }

    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy {
            attempts: 1,
            ..Self::interactive()
        }
    }

    /// The wait before retry number `retry` (0 for the first retry).
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        let wait = match retry_after {
            Some(after) => after,
            None => self.base_delay.saturating_mul(1 << retry.min(16)) + jitter(self.base_delay),
        };
        wait.min(self.max_delay)
    }
}

/// Up to `max` of randomness, from the std hasher's per-process random keys:
/// jitter needs no cryptographic quality and no extra dependency.
fn jitter(max: Duration) -> Duration {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    max.mul_f64((hasher.finish() % 1_000) as f64 / 1_000.0)
}

/// Installs ring as the process's rustls crypto provider, once; a provider
/// something else installed first is kept.
pub fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// An error and its sources, on one line, each source once.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_with_jitter_and_respect_the_ceiling() {
        let p = RetryPolicy::background();
        for retry in 0..4 {
            let d = p.delay(retry, None);
            let base = p.base_delay * (1 << retry);
            assert!(d >= base && d <= base * 2, "retry {retry}: {d:?}");
        }
        assert_eq!(p.delay(10, None), p.max_delay);
        assert_eq!(
            p.delay(0, Some(Duration::from_secs(7))),
            Duration::from_secs(7)
        );
        assert_eq!(p.delay(0, Some(Duration::from_secs(600))), p.max_delay);
    }

    #[test]
    fn the_chain_names_each_source_once() {
        #[derive(Debug)]
        struct Outer(std::io::Error);
        impl std::fmt::Display for Outer {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "request failed")
            }
        }
        impl std::error::Error for Outer {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let e = Outer(std::io::Error::other("connection refused"));
        assert_eq!(error_chain(&e), "request failed: connection refused");
    }
}
