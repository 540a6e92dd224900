//! The capture endpoint of `tempo daemon` over real HTTP on 127.0.0.1: the real daemon on a
//! free port (waited for, not slept for), its token from the 0600 file, the seed format in,
//! the review queue out, an approval becoming a time entry; and every refusal (401, 413, 400,
//! 404, 405, 409, 429) leaving the database as it was.

use std::io::Read;
use std::net::{Ipv4Addr, TcpListener};
use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};

use crate::common::{ClockFile, Env, NOW};

/// Six minutes of typing in one repository, an hour before `NOW`: one suggestion, which needs
/// verification (no rule matches it).
const SEED: &str = r#"{"activity_signals": [
  {"timestamp": "2026-11-22T08:00:00Z", "app": "vscode", "type": "keyboard", "source_type": "keyboard", "repository": "tempo"},
  {"timestamp": "2026-11-22T08:02:00Z", "app": "vscode", "type": "keyboard", "source_type": "keyboard", "repository": "tempo"},
  {"timestamp": "2026-11-22T08:04:00Z", "app": "vscode", "type": "mouse_click", "source_type": "mouse", "repository": "tempo"},
  {"timestamp": "2026-11-22T08:06:00Z", "app": "vscode", "type": "keyboard", "source_type": "keyboard", "repository": "tempo"}
 ], "idle_threshold_minutes": 5, "max_merge_idle_minutes": 10}"#;

struct Daemon {
    child: Child,
    port: u16,
    token: String,
    agent: ureq::Agent,
}

fn free_port() -> u16 {
    let l = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("a free port");
    l.local_addr().expect("address").port()
}

impl Daemon {
    /// `tempo daemon` with the endpoint on, `extra` appended to its `[capture]` section.
    fn start(env: &Env, now: &str, extra: &str) -> Daemon {
        let port = free_port();
        let config = env.dir.path().join("config.toml");
        std::fs::write(
            &config,
            format!("[capture]\nendpoint = true\nendpoint_port = {port}\n{extra}"),
        )
        .expect("config");
        let mut child = Command::new(env!("CARGO_BIN_EXE_tempo"))
            .arg("daemon")
            .env_clear()
            .env("HOME", env.dir.path())
            .env("TEMPO_DB", &env.db)
            .env("TEMPO_CONFIG", &config)
            .env("TEMPO_LOG", env.dir.path().join("tempo.log"))
            .env("TEMPO_NOW", now)
            .env("TZ", "Europe/Berlin")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("daemon starts");
        crate::common::wait_listening(&mut child, port, "the daemon");
        let token = std::fs::read_to_string(env.dir.path().join("api-token")).expect("token");
        Daemon {
            child,
            port,
            token: token.trim().to_string(),
            agent: ureq::Agent::config_builder()
                .http_status_as_error(false)
                .build()
                .into(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Method, path, body (None: none), token (None: no Authorization header).
    fn call(&self, method: &str, path: &str, body: Option<&[u8]>, token: Option<&str>) -> Answer {
        let mut req = ureq::http::Request::builder()
            .method(method)
            .uri(self.url(path));
        if let Some(t) = token {
            req = req.header("Authorization", format!("Bearer {t}"));
        }
        let req = req
            .body(body.map(<[u8]>::to_vec).unwrap_or_default())
            .expect("request");
        let mut resp = self.agent.run(req).expect("an answer");
        let status = resp.status().as_u16();
        let text = resp.body_mut().read_to_string().expect("body");
        Answer {
            status,
            body: serde_json::from_str(&text).expect("JSON body"),
        }
    }

    fn with_token(&self, method: &str, path: &str, body: Option<&[u8]>) -> Answer {
        self.call(method, path, body, Some(&self.token))
    }

    /// Stops it (SIGTERM) and returns what it printed.
    fn stop(mut self) -> String {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill");
        let mut out = String::new();
        let _ = self
            .child
            .stdout
            .take()
            .map(|mut o| o.read_to_string(&mut out));
        let _ = self
            .child
            .stderr
            .take()
            .map(|mut e| e.read_to_string(&mut out));
        let status = self.child.wait().expect("ends");
        assert_eq!(status.code(), Some(0), "{out}");
        out
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Answer {
    status: u16,
    body: Value,
}

impl Answer {
    fn error(&self) -> (u16, &str, &str) {
        (
            self.status,
            self.body["error"]["kind"].as_str().unwrap_or_default(),
            self.body["error"]["message"].as_str().unwrap_or_default(),
        )
    }
}

const INGEST: &str = "/api/v1/time-entries/ingest";
const PENDING: &str = "/api/v1/time-entries/pending-review";

#[test]
fn without_the_right_token_nothing_is_stored_and_the_token_stays_private() {
    let env = Env::new();
    let d = Daemon::start(&env, NOW, "");
    let before = env.snapshot();
    for token in [None, Some("wrong"), Some("")] {
        let a = d.call("POST", INGEST, Some(SEED.as_bytes()), token);
        assert_eq!(a.error().0, 401, "{token:?}: {a:?}");
        assert_eq!(a.error().1, "unauthorized");
        assert!(!a.body.to_string().contains(&d.token));
    }
    assert_eq!(d.call("GET", PENDING, None, None).status, 401);
    assert_eq!(env.snapshot(), before);

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(env.dir.path().join("api-token")).expect("token file");
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    }
    assert_eq!(env.run(&["capture", "token"]).trim(), d.token);
    let token = d.token.clone();
    let out = d.stop();
    assert!(
        out.contains("capture endpoint on http://127.0.0.1:"),
        "{out}"
    );
    assert!(!out.contains(&token), "{out}");
    let log = std::fs::read_to_string(env.dir.path().join("tempo.log")).unwrap_or_default();
    assert!(!log.contains(&token), "{log}");
}

#[test]
fn a_ten_megabyte_body_gets_413_and_nothing_is_stored() {
    let env = Env::new();
    let d = Daemon::start(&env, NOW, "");
    let before = env.snapshot();
    let mut big = br#"{"activity_signals": ["#.to_vec();
    big.resize(10 << 20, b' ');
    let a = d.with_token("POST", INGEST, Some(&big));
    assert_eq!(a.error().0, 413, "{a:?}");
    assert_eq!(a.error().1, "too_large");
    assert!(a.error().2.contains("1048576"), "{a:?}");
    assert_eq!(env.snapshot(), before);
    // The daemon goes on answering.
    assert_eq!(d.with_token("GET", PENDING, None).status, 200);
    d.stop();
}

#[test]
fn the_seed_format_is_ingested_reviewed_and_approved_over_http() {
    let env = Env::new();
    let d = Daemon::start(&env, NOW, "");
    let a = d.with_token("POST", INGEST, Some(SEED.as_bytes()));
    assert_eq!(a.status, 201, "{a:?}");
    let id = a.body["id"].as_str().expect("an ingest id").to_string();
    assert_eq!(
        (a.body["received"].clone(), a.body["suggested"].clone()),
        (json!(4), json!(1))
    );

    let status = d.with_token("GET", &format!("{INGEST}/{id}"), None);
    assert_eq!(status.status, 200, "{status:?}");
    assert_eq!(status.body, a.body);
    let suggestion = status.body["created"][0]
        .as_str()
        .expect("created id")
        .to_string();
    let verify = &status.body["needs_verification"][0];
    assert_eq!(verify["id"], json!(suggestion));
    assert!(
        verify["reasons"].to_string().contains("no_rule_matched"),
        "{verify}"
    );

    let queue = d.with_token("GET", PENDING, None);
    assert_eq!(queue.status, 200);
    let ids: Vec<&str> = queue
        .body
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|s| s["id"].as_str())
        .collect();
    assert_eq!(ids, vec![suggestion.as_str()]);

    let patch = json!({"status": "approved", "project": "tempo", "client": "acme",
                       "activity_type": "dev", "notes": "from the endpoint"});
    let path = format!("/api/v1/time-entries/{suggestion}");
    let a = d.with_token("PATCH", &path, Some(patch.to_string().as_bytes()));
    assert_eq!(a.status, 200, "{a:?}");
    assert_eq!(a.body["suggestion"]["status"], json!("approved"));

    let entries = env.json(&["time", "log"]);
    let entries = entries.as_array().expect("entries");
    assert_eq!(entries.len(), 1, "{entries:?}");
    let e = &entries[0];
    assert_eq!(
        (
            &e["source"],
            &e["project"],
            &e["client"],
            &e["activity"],
            &e["note"]
        ),
        (
            &json!("capture"),
            &json!("tempo"),
            &json!("acme"),
            &json!("dev"),
            &json!("from the endpoint")
        )
    );
    assert_eq!(
        (&e["start"], &e["end"]),
        (
            &json!("2026-11-22T08:00:00Z"),
            &json!("2026-11-22T08:06:00Z")
        )
    );
    assert_eq!(d.with_token("GET", PENDING, None).body, json!([]));

    // Decided once only; unknown ids and routes are told apart from wrong methods.
    let before = env.snapshot();
    let again = d.with_token("PATCH", &path, Some(br#"{"status": "rejected"}"#));
    assert_eq!(again.error().0, 409, "{again:?}");
    let unknown = format!("/api/v1/time-entries/{}", uuid::Uuid::nil());
    let a = d.with_token("PATCH", &unknown, Some(br#"{"status": "approved"}"#));
    assert_eq!(a.error().0, 404, "{a:?}");
    let a = d.with_token("GET", &format!("{INGEST}/{}", uuid::Uuid::nil()), None);
    assert_eq!(a.error().0, 404, "{a:?}");
    assert_eq!(
        d.with_token("GET", "/api/v1/nothing-here", None).error().1,
        "not_found"
    );
    assert_eq!(d.with_token("DELETE", INGEST, None).error().0, 405);
    assert_eq!(env.snapshot(), before);
    d.stop();
}

#[test]
fn bad_input_gets_400_naming_the_field_and_changes_nothing() {
    let env = Env::new();
    let d = Daemon::start(&env, NOW, "");
    d.with_token("POST", INGEST, Some(SEED.as_bytes()));
    let before = env.snapshot();
    let bad_time = br#"{"activity_signals": [{"timestamp": "yesterday", "app": "vim", "type": "keyboard", "source_type": "keyboard"}]}"#;
    let a = d.with_token("POST", INGEST, Some(bad_time));
    assert_eq!(a.error().0, 400, "{a:?}");
    assert_eq!(a.error().1, "bad_input");
    assert!(
        a.error().2.contains("activity_signals[0].timestamp"),
        "{a:?}"
    );
    let no_app = br#"{"activity_signals": [{"timestamp": "2026-11-22T08:00:00Z", "type": "keyboard", "source_type": "keyboard"}]}"#;
    let a = d.with_token("POST", INGEST, Some(no_app));
    assert!(a.error().2.contains("activity_signals[0].app"), "{a:?}");
    let a = d.with_token("POST", INGEST, Some(b"{\"activity_signals\": ["));
    assert_eq!(a.error().0, 400);
    assert!(a.error().2.contains("not valid JSON"), "{a:?}");
    let queue = d.with_token("GET", PENDING, None);
    let id = queue.body[0]["id"].as_str().expect("pending").to_string();
    let path = format!("/api/v1/time-entries/{id}");
    let a = d.with_token(
        "PATCH",
        &path,
        Some(br#"{"status": "approved", "project": 7}"#),
    );
    assert_eq!(a.error().0, 400, "{a:?}");
    assert!(a.error().2.starts_with("project:"), "{a:?}");
    let a = d.with_token(
        "PATCH",
        "/api/v1/time-entries/not-an-id",
        Some(br#"{"status": "approved"}"#),
    );
    assert_eq!(a.error().0, 400, "{a:?}");
    assert_eq!(env.snapshot(), before);
    d.stop();
}

#[test]
fn past_the_rate_limit_requests_get_429_until_time_refills_it() {
    let env = Env::new();
    let clock = ClockFile::new(&env);
    let d = Daemon::start(
        &env,
        &clock.env_value(),
        "endpoint_requests_per_minute = 3\n",
    );
    for _ in 0..5 {
        assert_eq!(d.call("GET", PENDING, None, Some("guess")).status, 401);
    }
    for _ in 0..3 {
        assert_eq!(d.with_token("GET", PENDING, None).status, 200);
    }
    let a = d.with_token("GET", PENDING, None);
    assert_eq!(a.error().0, 429, "{a:?}");
    assert_eq!(a.error().1, "rate_limited");
    // Callers without the token get 401, and do not count against the owner's minute.
    assert_eq!(d.call("GET", PENDING, None, None).status, 401);
    // One request's worth of the minute later, one more gets through.
    clock.advance(20);
    assert_eq!(d.with_token("GET", PENDING, None).status, 200);
    assert_eq!(d.with_token("GET", PENDING, None).status, 429);
    d.stop();
}

#[test]
fn an_endpoint_host_other_than_loopback_is_refused_with_exit_2() {
    let env = Env::new();
    let config = env.dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[capture]\nendpoint = true\nendpoint_host = \"0.0.0.0\"\n",
    )
    .expect("config");
    let out = env
        .cmd()
        .env("TEMPO_CONFIG", &config)
        .arg("daemon")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("capture.endpoint_host"), "{err}");
    assert!(!env.dir.path().join("api-token").exists());
}

#[test]
fn a_port_in_use_stops_the_daemon_with_the_address_named() {
    let env = Env::new();
    let taken = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("a port");
    let port = taken.local_addr().expect("address").port();
    let config = env.dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!("[capture]\nendpoint = true\nendpoint_port = {port}\n"),
    )
    .expect("config");
    let out = env
        .cmd()
        .env("TEMPO_CONFIG", &config)
        .arg("daemon")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{err}"
    );
}
