//! The token requests against a scripted token endpoint on 127.0.0.1: what is polled how
//! often, what each OAuth error does, and what a refresh keeps.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::grant::*;
use crate::sync::dav::DavError;

/// Answers each request with the next scripted (status, JSON) and records each form sent.
fn server(script: Vec<(u16, &'static str)>) -> (String, Arc<Mutex<Vec<String>>>) {
    let srv = tiny_http::Server::http("127.0.0.1:0").expect("listen");
    let url = format!("http://{}/token", srv.server_addr());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for (status, body) in script {
            let Ok(mut req) = srv.recv() else { return };
            let mut form = String::new();
            let _ = req.as_reader().read_to_string(&mut form);
            log.lock().expect("lock").push(form);
            let resp = tiny_http::Response::from_string(body).with_status_code(status);
            let _ = req.respond(resp);
        }
    });
    (url, seen)
}

fn public() -> OAuthClient {
    OAuthClient {
        id: "tempo".into(),
        secret: None,
    }
}

fn agent() -> ureq::Agent {
    super::http::agent().expect("agent")
}

#[test]
fn the_device_grant_polls_at_the_interval_and_slows_down_when_told() {
    let (url, seen) = server(vec![
        (
            200,
            r#"{"device_code":"dc","user_code":"ABCD-EFGH","verification_uri":"https://a.example/device","interval":2,"expires_in":600}"#,
        ),
        (400, r#"{"error":"authorization_pending"}"#),
        (400, r#"{"error":"slow_down"}"#),
        (400, r#"{"error":"authorization_pending"}"#),
        (
            200,
            r#"{"access_token":"at","refresh_token":"rt","expires_in":60,"token_type":"Bearer"}"#,
        ),
    ]);
    let code = start_device(&agent(), &url, &public(), "openid offline_access").expect("code");
    assert_eq!(code.user_code, "ABCD-EFGH");
    let mut waits = Vec::new();
    let t = poll_device(&agent(), &url, &public(), &code, &mut |d| waits.push(d)).expect("tokens");
    assert_eq!(
        waits,
        [2, 2, 7, 7].map(Duration::from_secs),
        "the interval, then 5 s more after slow_down"
    );
    assert_eq!(
        (t.access.as_str(), t.refresh.as_deref()),
        ("at", Some("rt"))
    );
    let forms = seen.lock().expect("lock");
    assert!(
        forms[0].contains("scope=openid+offline_access"),
        "{forms:?}"
    );
    assert!(forms[1].contains("device_code=dc"), "{forms:?}");
}

#[test]
fn a_refused_device_sign_in_stops_polling() {
    let (url, _) = server(vec![
        (
            200,
            r#"{"device_code":"dc","user_code":"U","verification_uri":"https://a.example/d"}"#,
        ),
        (400, r#"{"error":"access_denied"}"#),
    ]);
    let code = start_device(&agent(), &url, &public(), "").expect("code");
    assert_eq!(code.interval, 5, "RFC 8628's default");
    let mut polls = 0;
    let e =
        poll_device(&agent(), &url, &public(), &code, &mut |_| polls += 1).expect_err("refused");
    assert_eq!(polls, 1);
    assert!(e.to_string().contains("refused"), "{e}");
}

#[test]
fn a_refresh_refused_as_invalid_grant_asks_to_sign_in_and_names_no_token() {
    let (url, _) = server(vec![(
        400,
        r#"{"error":"invalid_grant","error_description":"grant request is invalid"}"#,
    )]);
    let e =
        refresh(&agent(), &url, &public(), "secret-refresh-token", "work").expect_err("refused");
    assert_eq!(e, DavError::SignIn("work".into()));
    assert_eq!(e.to_string(), "sign in again: tempo sync login work");
}

#[test]
fn a_refresh_returns_the_rotated_refresh_token() {
    let (url, seen) = server(vec![(
        200,
        r#"{"access_token":"at2","refresh_token":"rt2","expires_in":30}"#,
    )]);
    let confidential = OAuthClient {
        id: "tempo".into(),
        secret: Some("s3cret".into()),
    };
    let t = refresh(&agent(), &url, &confidential, "rt1", "work").expect("tokens");
    assert_eq!(
        (t.access.as_str(), t.refresh.as_deref(), t.expires_in),
        ("at2", Some("rt2"), 30)
    );
    let forms = seen.lock().expect("lock");
    assert!(forms[0].contains("grant_type=refresh_token"), "{forms:?}");
    assert!(
        !forms[0].contains("s3cret"),
        "the secret goes in the header: {forms:?}"
    );
}

#[test]
fn a_server_error_while_refreshing_is_transient_and_not_a_sign_out() {
    let (url, _) = server(vec![(503, r#"{"error":"temporarily_unavailable"}"#)]);
    let e = refresh(&agent(), &url, &public(), "rt", "work").expect_err("fails");
    assert!(
        matches!(
            e,
            DavError::OAuth {
                transient: true,
                ..
            }
        ),
        "{e:?}"
    );
}
