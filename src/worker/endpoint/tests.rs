//! The server's checks over real HTTP on 127.0.0.1, with routes of the test's own (the capture
//! routes are tested against the real daemon in tests/it/capture_http.rs).

use std::io::{Read, Write};
use std::net::IpAddr;

use serde_json::{Value, json};

use super::*;

fn routes() -> Router<State> {
    Router::new(vec![
        Route {
            method: Method::Get,
            pattern: "/api/v1/ping",
            handler: |_, _| Ok(Reply::ok(json!({"pong": true}))),
        },
        Route {
            method: Method::Post,
            pattern: "/api/v1/echo",
            handler: |_, call| Ok(Reply::status(201, json!({"bytes": call.body.len()}))),
        },
    ])
}

fn state(db: &Path) -> State {
    let clock = Clock::fixed("2026-11-22T09:30:00Z".parse().expect("instant"));
    State::open(db, clock, CaptureConfig::default(), chrono_tz::Tz::UTC).expect("opens")
}

struct Running {
    _dir: tempfile::TempDir,
    endpoint: Endpoint,
    token: String,
    agent: ureq::Agent,
}

fn start(max_body_bytes: usize, requests_per_minute: u32) -> Running {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("tempo.sqlite");
    let settings = Settings {
        host: IpAddr::from([127, 0, 0, 1]),
        port: 0,
        max_body_bytes,
        requests_per_minute,
        cors_origins: Vec::new(),
        stream_clients: 0,
    };
    let endpoint = Endpoint::start(&settings, &db, state(&db), routes()).expect("starts");
    let token = std::fs::read_to_string(endpoint.token_file()).expect("token file");
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    Running {
        _dir: dir,
        endpoint,
        token: token.trim().to_string(),
        agent,
    }
}

impl Running {
    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.endpoint.addr())
    }

    fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        let mut r = self.agent.get(self.url(path));
        if let Some(t) = token {
            r = r.header("Authorization", format!("Bearer {t}"));
        }
        let mut resp = r.call().expect("answers");
        let body = resp.body_mut().read_to_string().expect("body");
        (
            resp.status().as_u16(),
            serde_json::from_str(&body).expect("JSON"),
        )
    }

    fn post(&self, path: &str, body: &[u8]) -> (u16, Value) {
        let mut resp = self
            .agent
            .post(self.url(path))
            .header("Authorization", format!("Bearer {}", self.token))
            .send(body)
            .expect("answers");
        let body = resp.body_mut().read_to_string().expect("body");
        (
            resp.status().as_u16(),
            serde_json::from_str(&body).expect("JSON"),
        )
    }
}

fn kind(v: &Value) -> &str {
    v["error"]["kind"].as_str().unwrap_or_default()
}

#[test]
fn the_token_opens_the_door_and_nothing_else_does() {
    let s = start(1024, 100);
    assert_eq!(s.get("/api/v1/ping", Some(&s.token)).0, 200);
    for token in [None, Some("wrong"), Some("")] {
        let (status, body) = s.get("/api/v1/ping", token);
        assert_eq!((status, kind(&body)), (401, "unauthorized"), "{token:?}");
        assert!(!body.to_string().contains(&s.token));
    }
    // Unknown routes are not told apart from known ones without the token.
    assert_eq!(s.get("/nowhere", None).0, 401);
    s.endpoint.stop();
}

#[test]
fn unknown_routes_404_and_wrong_methods_405() {
    let s = start(1024, 100);
    let (status, body) = s.get("/api/v1/nowhere", Some(&s.token));
    assert_eq!((status, kind(&body)), (404, "not_found"));
    let (status, body) = s.get("/api/v1/echo", Some(&s.token));
    assert_eq!((status, kind(&body)), (405, "method_not_allowed"));
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("POST")
    );
    s.endpoint.stop();
}

#[test]
fn bodies_up_to_the_limit_pass_and_larger_ones_get_413() {
    let s = start(2048, 100);
    assert_eq!(
        s.post("/api/v1/echo", &[b'x'; 2048]),
        (201, json!({"bytes": 2048}))
    );
    let (status, body) = s.post("/api/v1/echo", &vec![b'x'; 10 << 20]);
    assert_eq!((status, kind(&body)), (413, "too_large"));
    // The server is still there for the next request.
    assert_eq!(s.get("/api/v1/ping", Some(&s.token)).0, 200);
    s.endpoint.stop();
}

/// A chunked body says nothing of its size up front: it is read up to the limit, then refused.
#[test]
fn a_chunked_body_over_the_limit_is_refused_after_the_limit() {
    let s = start(1024, 100);
    let mut conn = std::net::TcpStream::connect(s.endpoint.addr()).expect("connects");
    let head = format!(
        "POST /api/v1/echo HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {}\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        s.token
    );
    conn.write_all(head.as_bytes()).expect("head");
    for _ in 0..3 {
        conn.write_all(b"200\r\n").expect("chunk size");
        conn.write_all(&[b'y'; 0x200]).expect("chunk");
        conn.write_all(b"\r\n").expect("chunk end");
    }
    conn.write_all(b"0\r\n\r\n").expect("last chunk");
    let mut answer = String::new();
    conn.read_to_string(&mut answer).expect("answer");
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    s.endpoint.stop();
}

#[test]
fn the_rate_limit_answers_429_with_when_to_retry() {
    let s = start(1024, 2);
    for _ in 0..5 {
        assert_eq!(s.get("/api/v1/ping", Some("wrong")).0, 401);
    }
    assert_eq!(s.get("/api/v1/ping", Some(&s.token)).0, 200);
    assert_eq!(s.get("/api/v1/ping", Some(&s.token)).0, 200);
    let resp = s
        .agent
        .get(s.url("/api/v1/ping"))
        .header("Authorization", format!("Bearer {}", s.token))
        .call()
        .expect("answers");
    assert_eq!(resp.status().as_u16(), 429);
    assert_eq!(
        resp.headers()
            .get("Retry-After")
            .and_then(|v| v.to_str().ok()),
        Some("30")
    );
    // Callers without the token are refused as such, and never use up the owner's minute.
    assert_eq!(s.get("/api/v1/ping", None).0, 401);
    s.endpoint.stop();
}

#[test]
fn an_address_in_use_is_a_clear_error() {
    let s = start(1024, 100);
    let settings = Settings {
        host: s.endpoint.addr().ip(),
        port: s.endpoint.addr().port(),
        max_body_bytes: 1024,
        requests_per_minute: 10,
        cors_origins: Vec::new(),
        stream_clients: 0,
    };
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("db");
    let Err(err) = Endpoint::start(&settings, &db, state(&db), routes()) else {
        panic!("a second server on the same port");
    };
    assert!(
        err.to_string().contains(&s.endpoint.addr().to_string()),
        "{err}"
    );
    s.endpoint.stop();
}

/// A declared size far beyond any memory is not answered (see `MOST_DRAINED`), and the
/// server stays up.
#[test]
fn an_absurd_content_length_does_not_bring_the_server_down() {
    let s = start(1024, 100);
    let mut conn = std::net::TcpStream::connect(s.endpoint.addr()).expect("connects");
    let head = format!(
        "POST /api/v1/echo HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {}\r\n\
         Content-Length: 1000000000000000\r\n\r\n",
        s.token
    );
    conn.write_all(head.as_bytes()).expect("head");
    drop(conn);
    assert_eq!(s.get("/api/v1/ping", Some(&s.token)).0, 200);
    s.endpoint.stop();
}

/// A caller that declares a body and never sends it (with or without the token) holds up only
/// its own connection: the next request is answered.
#[test]
fn a_body_that_never_comes_does_not_hold_up_other_requests() {
    let s = start(1 << 20, 100);
    let mut stalled = Vec::new();
    for token in ["wrong", s.token.as_str()] {
        let mut conn = std::net::TcpStream::connect(s.endpoint.addr()).expect("connects");
        let head = format!(
            "POST /api/v1/nowhere HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\n\
             Content-Length: 5000\r\n\r\n"
        );
        conn.write_all(head.as_bytes()).expect("head");
        let mut answer = [0u8; 12];
        conn.read_exact(&mut answer).expect("answer");
        assert!(answer.starts_with(b"HTTP/1.1 40"), "{answer:?}");
        stalled.push(conn);
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(5)))
        .build()
        .into();
    let resp = agent
        .get(s.url("/api/v1/ping"))
        .header("Authorization", format!("Bearer {}", s.token))
        .call()
        .expect("answered while the others wait");
    assert_eq!(resp.status().as_u16(), 200);
    drop(stalled);
    s.endpoint.stop();
}
