//! The OAuth redirect for a desktop app: RFC 8252's loopback interface
//! redirection.
//!
//! A desktop app cannot keep a client secret from its user, nor receive a
//! redirect on a public URL; RFC 8252 §7.3 has it listen on 127.0.0.1 on a
//! port the OS picks and register `http://127.0.0.1/...` with the provider
//! (Strava accepts any port for a `localhost`/`127.0.0.1` callback domain).
//!
//! [`Loopback`] accepts exactly one valid redirect and then closes: stray
//! requests (the browser's `/favicon.ico`) are answered 404 and ignored, a
//! redirect whose `state` is not ours is refused (it may be a forged one,
//! RFC 6749 §10.12), and nothing waits forever: a timeout and a cancel token
//! bound the wait. The request parser reads one request head, which is all a
//! browser sends for a GET: a full HTTP server would be weight for nothing.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;

use crate::{ProviderId, SyncError};

/// A browser's request head is a few hundred bytes; anything beyond this is
/// not a browser following a redirect.
const MAX_HEAD: usize = 16 * 1024;
/// How long one connection may take to send its request: a connection that
/// opens and says nothing must not hold up the real redirect.
const READ_TIMEOUT: Duration = Duration::from_secs(5);

const DONE_PAGE: &str = "<!doctype html><meta charset=utf-8><title>Tempo</title>\
<body style=\"font-family:system-ui;margin:3em\"><h1>Connected</h1>\
<p>You can close this tab and return to Tempo.</p>";
const FAILED_PAGE: &str = "<!doctype html><meta charset=utf-8><title>Tempo</title>\
<body style=\"font-family:system-ui;margin:3em\"><h1>Not connected</h1>\
<p>Tempo did not get access. You can close this tab and return to Tempo to try again.</p>";

/// What the provider's redirect carried. `code` is a short-lived secret: it
/// is redacted from `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct AuthCode {
    pub code: String,
    /// The scopes the athlete accepted (comma-separated, as Strava sends
    /// them), when the provider says.
    pub scope: Option<String>,
}

impl std::fmt::Debug for AuthCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthCode")
            .field("code", &"<redacted>")
            .field("scope", &self.scope)
            .finish()
    }
}

/// An unguessable `state` for one sign-in: 32 bytes from the OS CSPRNG, as
/// hex.
pub fn random_state() -> Result<String, SyncError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| SyncError::Config(format!("no system randomness for the sign-in: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// A listener on 127.0.0.1 waiting for one OAuth redirect (module docs).
#[derive(Debug)]
pub struct Loopback {
    listener: TcpListener,
    port: u16,
    provider: ProviderId,
}

impl Loopback {
    /// Listens on 127.0.0.1 on a port the OS picks. Never on all interfaces:
    /// the code must not be reachable from the network.
    pub async fn bind(provider: ProviderId) -> Result<Loopback, SyncError> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.map_err(|e| {
            SyncError::Config(format!("cannot listen on 127.0.0.1 for the sign-in: {e}"))
        })?;
        let port = listener
            .local_addr()
            .map_err(|e| SyncError::Config(format!("cannot listen for the sign-in: {e}")))?
            .port();
        Ok(Loopback {
            listener,
            port,
            provider,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Where the provider sends the browser back.
    pub fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}/callback", self.port)
    }

    fn sign_in(&self, message: impl Into<String>) -> SyncError {
        SyncError::SignIn {
            provider: self.provider.label().to_owned(),
            message: message.into(),
        }
    }

    /// Waits for the redirect to `/callback` and answers the browser. Takes
    /// `self`: the listener is closed when this returns, whatever the outcome.
    pub async fn wait(
        self,
        expected_state: &str,
        timeout: Duration,
        cancel: &CancellationToken,
    ) -> Result<AuthCode, SyncError> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let accepted = tokio::select! {
                () = cancel.cancelled() => return Err(SyncError::Cancelled),
                () = tokio::time::sleep_until(deadline) => {
                    return Err(self.sign_in(format!(
                        "no answer from the browser within {} minutes; connect again to retry",
                        (timeout.as_secs() / 60).max(1)
                    )));
                }
                accepted = self.listener.accept() => accepted,
            };
            // A failed accept (a connection reset before we took it) is the
            // browser's problem, not the sign-in's.
            let Ok((stream, _)) = accepted else { continue };
            if let Some(outcome) = self.answer(stream, expected_state).await {
                return outcome;
            }
        }
    }

    /// Reads one request and answers it. `None` for a request that is not
    /// the redirect (keep waiting).
    async fn answer(
        &self,
        mut stream: TcpStream,
        expected_state: &str,
    ) -> Option<Result<AuthCode, SyncError>> {
        let head = match tokio::time::timeout(READ_TIMEOUT, read_head(&mut stream)).await {
            Ok(Some(head)) => head,
            _ => return None,
        };
        let Some(target) = request_target(&head) else {
            respond(&mut stream, 400, "Bad Request", "").await;
            return None;
        };
        let Ok(url) = reqwest::Url::parse(&format!("http://127.0.0.1{target}")) else {
            respond(&mut stream, 400, "Bad Request", "").await;
            return None;
        };
        if url.path() != "/callback" {
            respond(&mut stream, 404, "Not Found", "").await;
            return None;
        }
        let param = |name: &str| {
            url.query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        if param("state").as_deref() != Some(expected_state) {
            respond(&mut stream, 400, "Bad Request", FAILED_PAGE).await;
            return Some(Err(self.sign_in(
                "the sign-in answer did not match (state); connect again to retry",
            )));
        }
        if let Some(error) = param("error") {
            respond(&mut stream, 200, "OK", FAILED_PAGE).await;
            let label = self.provider.label();
            let message = if error == "access_denied" {
                format!("you declined access on {label}")
            } else {
                // The provider's own code, not free text: short and safe to show.
                let code: String = error.chars().take(60).collect();
                format!("{label} answered the sign-in with an error ({code})")
            };
            return Some(Err(self.sign_in(message)));
        }
        let Some(code) = param("code").filter(|c| !c.is_empty()) else {
            respond(&mut stream, 400, "Bad Request", FAILED_PAGE).await;
            return Some(Err(
                self.sign_in("the sign-in answer carried no authorisation code")
            ));
        };
        respond(&mut stream, 200, "OK", DONE_PAGE).await;
        Some(Ok(AuthCode {
            code,
            scope: param("scope"),
        }))
    }
}

/// Bytes up to the blank line that ends the head; `None` for a connection
/// that closes first or sends too much.
async fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 || head.len() + n > MAX_HEAD {
            return None;
        }
        head.extend_from_slice(&buf[..n]);
    }
    String::from_utf8(head).ok()
}

/// The target of a `GET <target> HTTP/1.x` request line.
fn request_target(head: &str) -> Option<&str> {
    let line = head.lines().next()?;
    let mut parts = line.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    (method == "GET" && target.starts_with('/') && version.starts_with("HTTP/1.")).then_some(target)
}

async fn respond(stream: &mut TcpStream, status: u16, reason: &str, body: &str) {
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\n\
         Content-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    // The browser may be gone already; the outcome does not depend on it.
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_line() {
        assert_eq!(
            request_target("GET /callback?code=a HTTP/1.1\r\nHost: x\r\n\r\n"),
            Some("/callback?code=a")
        );
        assert_eq!(request_target("POST /callback HTTP/1.1\r\n\r\n"), None);
        assert_eq!(request_target("GET http://evil/ HTTP/1.1\r\n\r\n"), None);
    }

    #[test]
    fn states_are_long_and_distinct() {
        let a = random_state().unwrap();
        let b = random_state().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
    }
}
