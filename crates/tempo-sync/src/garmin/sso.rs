//! Garmin's SSO sign-in, the flow of the open-source clients (garth):
//!
//! 1. `GET {sso}/sso/embed` sets the session cookies;
//! 2. `GET {sso}/sso/signin` is the form, with its `_csrf` token;
//! 3. `POST {sso}/sso/signin` with the email, password and token answers a
//!    page titled "Success" holding `embed?ticket=ST-…`, or an MFA form;
//! 4. (MFA) `POST {sso}/sso/verifyMFA/loginEnterMfaCode` with the code;
//! 5. `GET {connectapi}/oauth-service/oauth/preauthorized?ticket=…`, signed
//!    with the downloaded consumer key, answers an OAuth 1 token (a year);
//! 6. `POST {connectapi}/oauth-service/oauth/exchange/user/2.0`, signed with
//!    it, answers the OAuth 2 token the API takes (about a day).
//!
//! The password is sent in step 3 only, as a form body: it is kept in no
//! struct, no log line and no error. The credentials POST is not retried: a
//! second try of a refused password would count towards Garmin's lock-out.
//! Everything read from the pages is found by plain text search, and a page
//! that lacks it is reported as a changed page, with file import as the way
//! forward.

use reqwest::header::{REFERER, USER_AGENT};
use serde::Deserialize;

use super::oauth1::{self, Consumer};
use super::{GarminConfig, GarminTokens, PROVIDER};
use crate::SyncError;
use crate::http::{Http, JSON_BODY_CAP, ignore};

/// The user agent of Garmin's Android app, which the OAuth service expects.
pub const MOBILE_AGENT: &str = "com.garmin.android.apps.connectmobile";

/// Where a sign-in stands after the password.
#[derive(Debug)]
pub enum SignInStep {
    Done(GarminTokens),
    /// Garmin sent a code (email or app): ask the athlete, then
    /// [`MfaChallenge::submit`].
    NeedsMfa(Box<MfaChallenge>),
}

/// A sign-in waiting for its MFA code. It holds the SSO cookie session (not
/// the password), so the UI can keep it between two calls.
#[derive(Debug)]
pub struct MfaChallenge {
    session: Session,
    csrf: String,
}

/// The two connections a sign-in uses; the SSO one keeps cookies.
#[derive(Debug, Clone)]
struct Session {
    config: GarminConfig,
    sso: Http,
    connect: Http,
}

pub(super) fn sign_in_error(message: impl Into<String>) -> SyncError {
    SyncError::SignIn {
        provider: PROVIDER.into(),
        message: message.into(),
    }
}

fn changed(what: &str) -> SyncError {
    sign_in_error(format!(
        "Garmin's sign-in page changed (Tempo could not find the {what}): use file import (Settings → Data) meanwhile"
    ))
}

/// Transport errors during sign-in, in the athlete's words where they can act.
fn explain(e: SyncError) -> SyncError {
    match e {
        SyncError::Status { status: 429, .. } | SyncError::RateLimited { .. } => sign_in_error(
            "Garmin is refusing sign-ins for now (too many requests): wait an hour or two, then try again",
        ),
        other => other,
    }
}

/// Signs in with an email and password (module docs).
pub async fn sign_in(
    config: &GarminConfig,
    username: &str,
    password: &str,
) -> Result<SignInStep, SyncError> {
    if username.trim().is_empty() || password.is_empty() {
        return Err(sign_in_error(
            "enter the email address and password of the Garmin account",
        ));
    }
    let session = Session::new(config)?;
    let params = session.signin_params();
    let embed_params = [
        ("id", "gauth-widget".to_owned()),
        ("embedWidget", "true".to_owned()),
        ("gauthHost", format!("{}/sso", session.config.sso_base)),
    ];
    session
        .sso
        .send(
            || session.sso.get("/sso/embed").query(&embed_params),
            &ignore,
            JSON_BODY_CAP,
        )
        .await
        .map_err(explain)?;
    let form = session
        .sso
        .send(
            || session.sso.get("/sso/signin").query(&params),
            &ignore,
            JSON_BODY_CAP,
        )
        .await
        .map_err(explain)?;
    let csrf =
        find_csrf(&text(&form.body)).ok_or_else(|| changed("sign-in form's security token"))?;

    let mut once = session.sso.clone();
    once.config.retry.attempts = 1;
    let signin_url = session.sso.url("/sso/signin");
    let answer = once
        .send(
            || {
                once.post("/sso/signin")
                    .query(&params)
                    .header(REFERER, &signin_url)
                    .form(&[
                        ("username", username.trim()),
                        ("password", password),
                        ("embed", "true"),
                        ("_csrf", csrf.as_str()),
                    ])
            },
            &ignore,
            JSON_BODY_CAP,
        )
        .await
        .map_err(|e| match e {
            SyncError::Unauthorized { .. } => wrong_credentials(),
            other => explain(other),
        })?;
    let html = text(&answer.body);
    match page(&html)? {
        Page::Success(ticket) => Ok(SignInStep::Done(session.complete(&ticket).await?)),
        Page::Mfa(csrf) => Ok(SignInStep::NeedsMfa(Box::new(MfaChallenge {
            session,
            csrf,
        }))),
        Page::Refused => Err(refusal(&html)),
    }
}

impl MfaChallenge {
    /// Sends the code. A wrong code leaves the challenge usable for another.
    pub async fn submit(&mut self, code: &str) -> Result<GarminTokens, SyncError> {
        let code = code.trim();
        if code.is_empty() {
            return Err(sign_in_error("enter the code Garmin sent"));
        }
        let s = &self.session;
        let params = s.signin_params();
        let referer = s.sso.url("/sso/signin");
        let mut once = s.sso.clone();
        once.config.retry.attempts = 1;
        let csrf = self.csrf.clone();
        let answer = once
            .send(
                || {
                    once.post("/sso/verifyMFA/loginEnterMfaCode")
                        .query(&params)
                        .header(REFERER, &referer)
                        .form(&[
                            ("mfa-code", code),
                            ("embed", "true"),
                            ("_csrf", csrf.as_str()),
                            ("fromPage", "setupEnterMfaCode"),
                        ])
                },
                &ignore,
                JSON_BODY_CAP,
            )
            .await
            .map_err(explain)?;
        let html = text(&answer.body);
        match page(&html)? {
            Page::Success(ticket) => s.complete(&ticket).await,
            Page::Mfa(csrf) => {
                self.csrf = csrf;
                Err(sign_in_error(
                    "the code is wrong or has expired: enter the latest code Garmin sent",
                ))
            }
            Page::Refused => Err(refusal(&html)),
        }
    }
}

fn wrong_credentials() -> SyncError {
    sign_in_error(
        "Garmin did not accept this email address and password: check them by signing in at connect.garmin.com",
    )
}

fn refusal(html: &str) -> SyncError {
    if html.to_ascii_lowercase().contains("locked") {
        sign_in_error(
            "Garmin has locked this account after too many attempts: unlock it at connect.garmin.com (resetting the password does), then sign in again",
        )
    } else {
        wrong_credentials()
    }
}

enum Page {
    Success(String),
    Mfa(String),
    Refused,
}

fn page(html: &str) -> Result<Page, SyncError> {
    let title = find_title(html).ok_or_else(|| changed("page title"))?;
    if title.trim() == "Success" {
        let ticket = find_ticket(html).ok_or_else(|| changed("sign-in ticket"))?;
        Ok(Page::Success(ticket))
    } else if title.contains("MFA") {
        let csrf = find_csrf(html).ok_or_else(|| changed("MFA form's security token"))?;
        Ok(Page::Mfa(csrf))
    } else {
        Ok(Page::Refused)
    }
}

fn text(body: &[u8]) -> String {
    String::from_utf8_lossy(body).into_owned()
}

/// `name="_csrf" value="…"`.
pub(crate) fn find_csrf(html: &str) -> Option<String> {
    let at = html.find(r#"name="_csrf""#)?;
    let rest = html[at + r#"name="_csrf""#.len()..].trim_start();
    let value = rest.strip_prefix(r#"value=""#)?;
    let value = &value[..value.find('"')?];
    (!value.is_empty()).then(|| value.to_owned())
}

fn find_title(html: &str) -> Option<String> {
    let start = html.find("<title>")? + "<title>".len();
    let len = html[start..].find("</title>")?;
    Some(html[start..start + len].to_owned())
}

/// `embed?ticket=ST-…"`.
fn find_ticket(html: &str) -> Option<String> {
    let start = html.find("embed?ticket=")? + "embed?ticket=".len();
    let len = html[start..].find('"')?;
    let ticket = &html[start..start + len];
    (!ticket.is_empty()).then(|| ticket.to_owned())
}

/// The OAuth 2 answer of the exchange.
#[derive(Deserialize)]
pub(super) struct OAuth2Json {
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub expires_in: i64,
}

/// The OAuth 1 token of `preauthorized`.
pub(super) struct OAuth1 {
    pub token: String,
    pub secret: String,
    pub mfa_token: Option<String>,
}

/// The downloaded consumer key and secret.
pub(super) async fn consumer(config: &GarminConfig, http: &Http) -> Result<Consumer, SyncError> {
    http.json(|| http.get(&config.consumer_url), &ignore)
        .await
        .map_err(|e| match e {
            SyncError::Protocol { .. } => changed("OAuth consumer key (its download is malformed)"),
            other => other,
        })
}

/// Step 6, also how the provider renews its access token.
pub(super) async fn exchange(
    config: &GarminConfig,
    http: &Http,
    consumer: &Consumer,
    oauth1: &OAuth1,
    timestamp: i64,
) -> Result<OAuth2Json, SyncError> {
    let url = format!(
        "{}/oauth-service/oauth/exchange/user/2.0",
        config.connect_base
    );
    let form: Vec<(String, String)> = oauth1
        .mfa_token
        .iter()
        .map(|t| ("mfa_token".to_owned(), t.clone()))
        .collect();
    http.json(
        || {
            let auth = oauth1::authorization(
                "POST",
                &url,
                &form,
                consumer,
                Some((&oauth1.token, &oauth1.secret)),
                timestamp,
            );
            http.post(&url)
                .header(USER_AGENT, MOBILE_AGENT)
                .header(reqwest::header::AUTHORIZATION, sensitive(&auth))
                .form(&form)
        },
        &ignore,
    )
    .await
}

pub(super) fn sensitive(value: &str) -> reqwest::header::HeaderValue {
    let mut v = reqwest::header::HeaderValue::from_str(value)
        .unwrap_or_else(|_| reqwest::header::HeaderValue::from_static(""));
    v.set_sensitive(true);
    v
}

/// `a=b&c=d`, percent- and plus-decoded.
fn parse_form(body: &str) -> Vec<(String, String)> {
    body.trim()
        .split('&')
        .filter_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            let decode = |s: &str| {
                percent_encoding::percent_decode_str(&s.replace('+', " "))
                    .decode_utf8_lossy()
                    .into_owned()
            };
            Some((decode(k), decode(v)))
        })
        .collect()
}

impl Session {
    fn new(config: &GarminConfig) -> Result<Session, SyncError> {
        let mut sso = config.http(&config.sso_base);
        sso.cookies = true;
        Ok(Session {
            config: config.clone(),
            sso: Http::new(PROVIDER, sso)?,
            connect: Http::new(PROVIDER, config.http(&config.connect_base))?,
        })
    }

    fn signin_params(&self) -> Vec<(&'static str, String)> {
        let sso = format!("{}/sso", self.config.sso_base);
        let embed = format!("{sso}/embed");
        vec![
            ("id", "gauth-widget".to_owned()),
            ("embedWidget", "true".to_owned()),
            ("gauthHost", embed.clone()),
            ("service", embed.clone()),
            ("source", embed.clone()),
            ("redirectAfterAccountLoginUrl", embed.clone()),
            ("redirectAfterAccountCreationUrl", embed),
        ]
    }

    /// Steps 5 and 6, then the display name the wellness endpoints need.
    async fn complete(&self, ticket: &str) -> Result<GarminTokens, SyncError> {
        let consumer = consumer(&self.config, &self.connect)
            .await
            .map_err(explain)?;
        let url = format!(
            "{}/oauth-service/oauth/preauthorized",
            self.config.connect_base
        );
        let query = vec![
            ("ticket".to_owned(), ticket.to_owned()),
            (
                "login-url".to_owned(),
                format!("{}/sso/embed", self.config.sso_base),
            ),
            ("accepts-mfa-tokens".to_owned(), "true".to_owned()),
        ];
        let now = chrono::Utc::now();
        let reply = self
            .connect
            .send(
                || {
                    let auth =
                        oauth1::authorization("GET", &url, &query, &consumer, None, now.timestamp());
                    self.connect
                        .get(&url)
                        .query(&query)
                        .header(USER_AGENT, MOBILE_AGENT)
                        .header(reqwest::header::AUTHORIZATION, sensitive(&auth))
                },
                &ignore,
                JSON_BODY_CAP,
            )
            .await
            .map_err(|e| match e {
                SyncError::Unauthorized { .. } => sign_in_error(
                    "Garmin refused Tempo's sign-in token (it may have changed how the open-source clients sign in): use file import (Settings → Data) meanwhile",
                ),
                other => explain(other),
            })?;
        let fields = parse_form(&text(&reply.body));
        let field = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .filter(|v| !v.is_empty())
        };
        let oauth1 = OAuth1 {
            token: field("oauth_token").ok_or_else(|| changed("OAuth 1 token"))?,
            secret: field("oauth_token_secret").ok_or_else(|| changed("OAuth 1 token"))?,
            mfa_token: field("mfa_token"),
        };
        let oauth2 = exchange(
            &self.config,
            &self.connect,
            &consumer,
            &oauth1,
            now.timestamp(),
        )
        .await
        .map_err(explain)?;
        let mut tokens = GarminTokens::new(oauth1, oauth2, now);
        tokens.display_name =
            super::display_name(&self.config, &self.connect, &tokens.access_token)
                .await
                .ok();
        Ok(tokens)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_read_by_text_search() {
        let html = r#"<title>GARMIN</title><input type="hidden" name="_csrf"  value="ABC-1" />"#;
        assert_eq!(find_csrf(html).as_deref(), Some("ABC-1"));
        assert_eq!(find_title(html).as_deref(), Some("GARMIN"));
        let ok = r#"<title>Success</title><script>var u = "https://sso.garmin.com/sso/embed?ticket=ST-1-x-cas";</script>"#;
        assert_eq!(find_ticket(ok).as_deref(), Some("ST-1-x-cas"));
        assert!(find_csrf("<form></form>").is_none());
    }

    #[test]
    fn a_form_answer_is_decoded() {
        let f = parse_form("oauth_token=a%2Bb&oauth_token_secret=c+d&mfa_token=");
        assert_eq!(f[0], ("oauth_token".into(), "a+b".into()));
        assert_eq!(f[1], ("oauth_token_secret".into(), "c d".into()));
    }
}
