//! Signing in through a browser (RFC 8252): the authorization code comes back to a one-shot
//! server on 127.0.0.1 at a free port, bound to this sign-in by a random `state`, and the
//! code is only worth anything with the PKCE verifier that never left this process (RFC 7636).

use std::time::Duration;

use base64::Engine as _;
use sha2::{Digest, Sha256};

use super::grant::{OAuthClient, Tokens};
use super::http;
use crate::sync::dav::DavError;

/// How long the person has to finish in the browser.
const WAIT: Duration = Duration::from_secs(300);

/// A PKCE verifier (64 unreserved characters) and its S256 challenge.
pub fn pkce() -> (String, String) {
    let verifier = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    (verifier.clone(), challenge(&verifier))
}

/// `BASE64URL(SHA256(verifier))` without padding (RFC 7636 §4.2).
pub fn challenge(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn enc(v: &str) -> String {
    percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The authorization request URL: what the browser opens. It carries no secret.
pub fn authorization_url(
    endpoint: &str,
    client_id: &str,
    (redirect, scopes): (&str, &str),
    (state, challenge): (&str, &str),
) -> String {
    let sep = if endpoint.contains('?') { '&' } else { '?' };
    format!(
        "{endpoint}{sep}response_type=code&client_id={}&redirect_uri={}&scope={}&state={}&code_challenge={}&code_challenge_method=S256",
        enc(client_id),
        enc(redirect),
        enc(scopes),
        enc(state),
        enc(challenge)
    )
}

/// Waits for the browser to come back with a code for `state`; anything else fails the
/// sign-in (a wrong `state` may be another site's request: nothing of it is used).
pub fn wait_for_code(
    server: &tiny_http::Server,
    state: &str,
    wait: Duration,
) -> Result<String, DavError> {
    let deadline = std::time::Instant::now() + wait;
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let req = match server.recv_timeout(left) {
            Ok(Some(r)) => r,
            Ok(None) => {
                return Err(local(
                    "no answer from the browser in time; run the command again",
                ));
            }
            Err(e) => return Err(local(format!("the sign-in page server failed: {e}"))),
        };
        let query = req.url().split_once('?').map(|(_, q)| q.to_string());
        let Some(query) = query else {
            let _ = req.respond(tiny_http::Response::from_string("").with_status_code(404));
            continue;
        };
        let params: Vec<(String, String)> = query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.to_string(), decode(v)))
            .collect();
        let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        let (page, result) = if get("state").as_deref() != Some(state) {
            (
                "This sign-in was not started here.",
                Err(local(
                    "the browser came back with another sign-in's state; nothing was used",
                )),
            )
        } else if let Some(e) = get("error") {
            (
                "The sign-in was refused.",
                Err(local(format!("the sign-in was refused: {e}"))),
            )
        } else if let Some(code) = get("code") {
            ("Signed in to Tempo. You can close this tab.", Ok(code))
        } else {
            (
                "No code came back.",
                Err(local("the browser came back without a code")),
            )
        };
        let _ = req.respond(tiny_http::Response::from_string(page));
        return result;
    }
}

fn decode(v: &str) -> String {
    percent_encoding::percent_decode_str(&v.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

fn local(why: impl Into<String>) -> DavError {
    DavError::OAuth {
        host: "127.0.0.1".into(),
        why: why.into(),
        transient: false,
    }
}

/// The whole browser sign-in: `show` gets the URL to open.
pub fn sign_in(
    agent: &ureq::Agent,
    (authorization_endpoint, token_endpoint): (&str, &str),
    client: &OAuthClient,
    scopes: &str,
    show: &mut dyn FnMut(&str),
) -> Result<Tokens, DavError> {
    let server = tiny_http::Server::http("127.0.0.1:0")
        .map_err(|e| local(format!("cannot listen on 127.0.0.1: {e}")))?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .ok_or_else(|| local("no loopback port"))?;
    let redirect = format!("http://127.0.0.1:{port}/");
    let state = uuid::Uuid::new_v4().simple().to_string();
    let (verifier, challenge) = pkce();
    show(&authorization_url(
        authorization_endpoint,
        &client.id,
        (&redirect, scopes),
        (&state, &challenge),
    ));
    let code = wait_for_code(&server, &state, WAIT)?;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", redirect.as_str()),
        ("client_id", client.id.as_str()),
        ("code_verifier", verifier.as_str()),
    ];
    let (status, v) = http::post_form(agent, token_endpoint, &form, client.basic().as_deref())?;
    super::grant::token_answer(token_endpoint, status, &v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pkce_challenge_is_rfc_7636s_s256() {
        // RFC 7636 appendix B.
        assert_eq!(
            challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        let (v, c) = pkce();
        assert_eq!(v.len(), 64);
        assert_eq!(c, challenge(&v));
        assert_ne!(pkce().0, v, "a new verifier each time");
    }

    #[test]
    fn the_authorization_url_asks_for_a_code_with_pkce_and_state() {
        let url = authorization_url(
            "https://accounts.google.com/o/oauth2/v2/auth",
            "id.apps",
            (
                "http://127.0.0.1:5000/",
                "https://www.googleapis.com/auth/calendar",
            ),
            ("st", "ch"),
        );
        assert_eq!(
            url,
            "https://accounts.google.com/o/oauth2/v2/auth?response_type=code&client_id=id%2Eapps&redirect_uri=http%3A%2F%2F127%2E0%2E0%2E1%3A5000%2F&scope=https%3A%2F%2Fwww%2Egoogleapis%2Ecom%2Fauth%2Fcalendar&state=st&code_challenge=ch&code_challenge_method=S256"
        );
    }

    fn answer(path: &str) -> Result<String, DavError> {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("listen");
        let addr = server.server_addr().to_ip().expect("ip");
        let path = path.to_string();
        let browser = std::thread::spawn(move || {
            // A stray request first (a favicon), then the redirect.
            let _ = ureq::get(&format!("http://{addr}/favicon.ico")).call();
            ureq::get(&format!("http://{addr}{path}"))
                .call()
                .map(|_| ())
        });
        let got = wait_for_code(&server, "good-state", Duration::from_secs(10));
        let _ = browser.join();
        got
    }

    #[test]
    fn only_a_code_with_this_sign_ins_state_is_taken() {
        assert_eq!(
            answer("/?state=good-state&code=c%2F1").expect("code"),
            "c/1"
        );
        let forged = answer("/?state=other&code=c1").expect_err("refused");
        assert!(
            forged.to_string().contains("another sign-in's state"),
            "{forged}"
        );
        let denied = answer("/?state=good-state&error=access_denied").expect_err("refused");
        assert!(denied.to_string().contains("access_denied"), "{denied}");
    }
}
