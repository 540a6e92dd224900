//! Token requests (RFC 6749 §5): the device grant's polling (RFC 8628 §3.4–3.5) and the
//! refresh grant, with the OAuth error codes each one acts on.

use std::time::Duration;

use super::http::{self, text};
use crate::sync::dav::{DavError, basic_auth};

/// The registered client: its id and, for a confidential client, its secret (read from the
/// person's command at the moment it is needed, never stored).
#[derive(Clone)]
pub struct OAuthClient {
    pub id: String,
    pub secret: Option<String>,
}

impl OAuthClient {
    /// `client_secret_basic` when there is a secret (RFC 6749 §2.3.1: both parts form-encoded).
    pub(crate) fn basic(&self) -> Option<String> {
        self.secret.as_ref().map(|s| {
            let enc = |v: &str| form_urlencoded(v);
            basic_auth(&enc(&self.id), &enc(s))
        })
    }
}

fn form_urlencoded(v: &str) -> String {
    percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// What a token endpoint gave.
pub struct Tokens {
    pub access: String,
    pub refresh: Option<String>,
    /// Seconds the access token lives.
    pub expires_in: u64,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tokens(…)")
    }
}

/// What a device authorization request gave: what the person needs, and what we poll with.
pub struct DeviceCode {
    pub verification_uri: String,
    pub verification_uri_complete: Option<String>,
    pub user_code: String,
    device_code: String,
    pub interval: u64,
    pub expires_in: u64,
}

/// Starts the device grant (RFC 8628 §3.1).
pub fn start_device(
    agent: &ureq::Agent,
    endpoint: &str,
    client: &OAuthClient,
    scopes: &str,
) -> Result<DeviceCode, DavError> {
    let mut form = vec![("client_id", client.id.as_str())];
    if !scopes.is_empty() {
        form.push(("scope", scopes));
    }
    let (status, v) = http::post_form(agent, endpoint, &form, client.basic().as_deref())?;
    if status != 200 {
        return Err(refused(endpoint, status, &v));
    }
    let need = |k: &str| {
        text(&v, k).ok_or_else(|| http::failed(endpoint, format!("no {k} in its answer"), false))
    };
    Ok(DeviceCode {
        verification_uri: need("verification_uri")?,
        verification_uri_complete: text(&v, "verification_uri_complete"),
        user_code: need("user_code")?,
        device_code: need("device_code")?,
        // RFC 8628 §3.2: 5 seconds when the server does not say.
        interval: v.get("interval").and_then(|i| i.as_u64()).unwrap_or(5),
        expires_in: v.get("expires_in").and_then(|i| i.as_u64()).unwrap_or(600),
    })
}

/// Polls the token endpoint at the server's interval until the person approves or refuses
/// (RFC 8628 §3.5): `authorization_pending` waits, `slow_down` adds 5 seconds to the interval.
pub fn poll_device(
    agent: &ureq::Agent,
    token_endpoint: &str,
    client: &OAuthClient,
    code: &DeviceCode,
    sleep: &mut dyn FnMut(Duration),
) -> Result<Tokens, DavError> {
    let mut interval = code.interval;
    let mut waited = 0;
    let form = [
        ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
        ("device_code", code.device_code.as_str()),
        ("client_id", client.id.as_str()),
    ];
    loop {
        if waited >= code.expires_in {
            return Err(http::failed(
                token_endpoint,
                "the code expired before it was approved; run the command again",
                false,
            ));
        }
        sleep(Duration::from_secs(interval));
        waited += interval;
        let (status, v) = http::post_form(agent, token_endpoint, &form, client.basic().as_deref())?;
        if status == 200 {
            return tokens(token_endpoint, &v);
        }
        match text(&v, "error").as_deref() {
            Some("authorization_pending") => {}
            Some("slow_down") => interval += 5,
            Some("access_denied") => {
                return Err(http::failed(
                    token_endpoint,
                    "the sign-in was refused",
                    false,
                ));
            }
            Some("expired_token") => {
                return Err(http::failed(
                    token_endpoint,
                    "the code expired before it was approved; run the command again",
                    false,
                ));
            }
            _ => return Err(refused(token_endpoint, status, &v)),
        }
    }
}

/// Trades a refresh token for a new access token (and, with rotation, a new refresh token).
/// `invalid_grant` (revoked, expired) is `DavError::SignIn`: only signing in again helps.
pub fn refresh(
    agent: &ureq::Agent,
    token_endpoint: &str,
    client: &OAuthClient,
    refresh_token: &str,
    account: &str,
) -> Result<Tokens, DavError> {
    let form = [
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token),
        ("client_id", client.id.as_str()),
    ];
    let (status, v) = http::post_form(agent, token_endpoint, &form, client.basic().as_deref())?;
    if status == 200 {
        return tokens(token_endpoint, &v);
    }
    if text(&v, "error").as_deref() == Some("invalid_grant") {
        return Err(DavError::SignIn(account.to_string()));
    }
    Err(refused(token_endpoint, status, &v))
}

/// A token endpoint's answer to a code exchange: the tokens, or why not.
pub(crate) fn token_answer(
    endpoint: &str,
    status: u16,
    v: &serde_json::Value,
) -> Result<Tokens, DavError> {
    if status == 200 {
        return tokens(endpoint, v);
    }
    Err(refused(endpoint, status, v))
}

fn tokens(endpoint: &str, v: &serde_json::Value) -> Result<Tokens, DavError> {
    let access = text(v, "access_token")
        .ok_or_else(|| http::failed(endpoint, "no access_token in its answer", false))?;
    Ok(Tokens {
        access,
        refresh: text(v, "refresh_token"),
        expires_in: v.get("expires_in").and_then(|i| i.as_u64()).unwrap_or(300),
    })
}

/// An OAuth error answer in words: its code and description (these never hold a token).
fn refused(endpoint: &str, status: u16, v: &serde_json::Value) -> DavError {
    let code = text(v, "error").unwrap_or_else(|| format!("HTTP {status}"));
    let why = match text(v, "error_description") {
        Some(d) => format!("{code}: {d}"),
        None => code,
    };
    http::failed(endpoint, why, status >= 500)
}
