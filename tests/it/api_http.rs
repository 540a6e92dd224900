//! The local API of `tempo serve` over real HTTP on 127.0.0.1: tasks and focus sessions through
//! every route, the refusals (no token, a wrong one, a foreign Host, bad input, 404, 409, 413,
//! 429) leaving the database as it was, and a rotated token taking effect at once.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};

use crate::common::{Env, NOW};

pub(crate) struct Server {
    child: Child,
    pub(crate) port: u16,
    pub(crate) token: String,
    agent: ureq::Agent,
}

fn free_port() -> u16 {
    let l = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("a free port");
    l.local_addr().expect("address").port()
}

#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: Value,
}

impl Answer {
    fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or_default()
    }

    /// Refused with `status` and a message saying `says`.
    pub(crate) fn assert_refused(&self, status: u16, says: &str) {
        assert_eq!(self.status, status, "{self:?}");
        let message = self.body["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(says), "{says:?} not in {self:?}");
    }
}

/// A request that must be refused: method, path, body, status, words of the message.
pub(crate) type Refusal<'a> = (&'a str, &'a str, Option<Value>, u16, &'a str);

impl Server {
    /// `tempo serve` on a free port, `extra` appended to its `[api]` section, the clock at
    /// `now` (an instant or `file:PATH`).
    pub(crate) fn start(env: &Env, now: &str, extra: &str) -> Server {
        let port = free_port();
        let args = ["serve", "--port", &port.to_string()].map(str::to_string);
        Server::launch(env, now, &format!("[api]\n{extra}"), &args, port)
    }

    /// `tempo ARGS` with `config`, waited for until it listens on `port`.
    fn launch(env: &Env, now: &str, config_text: &str, args: &[String], port: u16) -> Server {
        let config = env.dir.path().join("config.toml");
        std::fs::write(&config, config_text).expect("config");
        let mut child = Command::new(env!("CARGO_BIN_EXE_tempo"))
            .args(args)
            .env_clear()
            .env("HOME", env.dir.path())
            .env("TEMPO_DB", &env.db)
            .env("TEMPO_CONFIG", &config)
            .env("TEMPO_NOW", now)
            .env("TZ", "Europe/Berlin")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("serve starts");
        crate::common::wait_listening(&mut child, port, "serve");
        let token = std::fs::read_to_string(env.dir.path().join("api-token")).expect("token");
        Server {
            child,
            port,
            token: token.trim().to_string(),
            agent: ureq::Agent::config_builder()
                .http_status_as_error(false)
                .build()
                .into(),
        }
    }

    pub(crate) fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
        token: Option<&str>,
    ) -> Answer {
        let mut req = ureq::http::Request::builder()
            .method(method)
            .uri(format!("http://127.0.0.1:{}{path}", self.port));
        if let Some(t) = token {
            req = req.header("Authorization", format!("Bearer {t}"));
        }
        let body = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
        let req = req.body(body).expect("request");
        let mut resp = self.agent.run(req).expect("an answer");
        let status = resp.status().as_u16();
        let text = resp.body_mut().read_to_string().expect("body");
        Answer {
            status,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
        }
    }

    /// Sends each request, which must be refused and leave `env`'s database as `before`.
    pub(crate) fn refuses_all(&self, env: &Env, before: &str, cases: Vec<Refusal<'_>>) {
        for (method, path, body, status, says) in cases {
            self.api(method, path, body).assert_refused(status, says);
            assert_eq!(
                env.snapshot(),
                before,
                "{method} {path} changed the database"
            );
        }
    }

    pub(crate) fn api(&self, method: &str, path: &str, body: Option<Value>) -> Answer {
        self.call(method, path, body, Some(&self.token))
    }

    /// A request written by hand (for headers a client library sets itself, like Host).
    fn raw(&self, text: &str) -> String {
        let mut s = TcpStream::connect((Ipv4Addr::LOCALHOST, self.port)).expect("connects");
        s.write_all(text.as_bytes()).expect("sent");
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        out
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_daemon_serves_the_whole_api_when_enabled_capture_routes_included() {
    let env = Env::new();
    env.run(&["add", "From the daemon"]);
    let port = free_port();
    // The capture endpoint's own keys are not used when [api] is enabled: one server.
    let config = format!(
        "[api]\nenabled = true\nport = {port}\n[capture]\nendpoint = true\nendpoint_port = 1\n"
    );
    let s = Server::launch(&env, NOW, &config, &["daemon".to_string()], port);
    let tasks = s.api("GET", "/api/v1/tasks", None);
    assert_eq!(tasks.body[0]["title"], "From the daemon", "{tasks:?}");
    let queue = s.api("GET", "/api/v1/time-entries/pending-review", None);
    assert_eq!((queue.status, queue.body.clone()), (200, json!([])));
    assert_eq!(
        s.api("GET", "/api/v1/focus-sessions/current", None).status,
        200
    );
}

#[test]
fn tasks_through_every_route_as_the_command_line_makes_them() {
    let env = Env::new();
    let s = Server::start(&env, NOW, "");
    let a = s.api(
        "POST",
        "/api/v1/tasks",
        Some(json!({"text": "Write report due:tomorrow +work project:acme"})),
    );
    assert_eq!(a.status, 201, "{a:?}");
    assert_eq!(a.body["title"], "Write report");
    assert_eq!(a.body["project"], "acme");
    assert_eq!(a.body["id"], 1);
    s.api(
        "POST",
        "/api/v1/tasks",
        Some(json!({"text": "Buy milk +errand"})),
    );
    let cli: Value = serde_json::from_str(&env.run(&["show", "1", "--json"])).expect("json");
    let got = s.api("GET", "/api/v1/tasks/1", None);
    assert_eq!(got.body["uuid"], cli["uuid"]);
    assert_eq!(got.body["due"], cli["due"]);

    let listed = s.api("GET", "/api/v1/tasks?filter=%2Bwork", None);
    assert_eq!(listed.status, 200);
    let titles: Vec<&str> = listed
        .body
        .as_array()
        .expect("list")
        .iter()
        .map(|t| t["title"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(titles, ["Write report"]);
    assert_eq!(
        s.api("GET", "/api/v1/tasks?limit=1", None)
            .body
            .as_array()
            .map(Vec::len),
        Some(1)
    );

    let m = s.api(
        "PATCH",
        "/api/v1/tasks/2",
        Some(json!({"text": "priority:H"})),
    );
    assert_eq!(
        (m.status, m.body["priority"].clone()),
        (200, json!("H")),
        "{m:?}"
    );
    let d = s.api("POST", "/api/v1/tasks/2/done", None);
    assert_eq!(d.status, 200, "{d:?}");
    assert_eq!(d.body["tasks"][0]["title"], "Buy milk");
    assert!(
        env.run(&["list", "status:completed", "--json"])
            .contains("Buy milk")
    );
    let u = s.api("POST", "/api/v1/undo", None);
    assert_eq!(u.status, 200, "{u:?}");
    assert!(env.run(&["list", "--json"]).contains("Buy milk"));
    let del = s.api("DELETE", "/api/v1/tasks/1", None);
    assert_eq!(del.status, 200, "{del:?}");
    assert_eq!(s.api("GET", "/api/v1/tasks/1", None).status, 404);
}

#[test]
fn refusals_say_why_in_one_shape_and_change_nothing() {
    let env = Env::new();
    env.run(&["add", "Existing task"]);
    let s = Server::start(&env, NOW, "");
    let before = env.snapshot();
    for token in [None, Some("wrong")] {
        let a = s.call("GET", "/api/v1/tasks", None, token);
        assert_eq!((a.status, a.code()), (401, "unauthorized"), "{a:?}");
        let a = s.call("POST", "/api/v1/tasks", Some(json!({"text": "x"})), token);
        assert_eq!(a.status, 401);
    }
    let foreign = s.raw(&format!(
        "GET /api/v1/tasks HTTP/1.1\r\nHost: evil.example:{}\r\nAuthorization: Bearer {}\r\nConnection: close\r\n\r\n",
        s.port, s.token
    ));
    assert!(foreign.starts_with("HTTP/1.1 403"), "{foreign}");
    assert!(foreign.contains(r#""code": "forbidden""#), "{foreign}");
    assert!(!foreign.contains("Existing task"), "{foreign}");
    let local = s.raw(&format!(
        "GET /api/v1/tasks HTTP/1.1\r\nHost: localhost:{}\r\nAuthorization: Bearer {}\r\nConnection: close\r\n\r\n",
        s.port, s.token
    ));
    assert!(local.starts_with("HTTP/1.1 200"), "{local}");

    let bad = [
        ("POST", "/api/v1/tasks", Some(json!({"text": ""})), "text:"),
        (
            "POST",
            "/api/v1/tasks",
            Some(json!({"titel": "x"})),
            "titel:",
        ),
        (
            "POST",
            "/api/v1/tasks",
            Some(json!({"text": "x due:someday-never"})),
            "due",
        ),
        (
            "PATCH",
            "/api/v1/tasks/1",
            Some(json!({"text": "priority:Q"})),
            "priority",
        ),
        (
            "GET",
            "/api/v1/tasks?filter=due.before%3Anonsense",
            None,
            "",
        ),
        ("GET", "/api/v1/tasks?limit=0", None, "limit"),
        (
            "POST",
            "/api/v1/focus-sessions",
            Some(json!({"planned_minutes": 0})),
            "planned_minutes",
        ),
        (
            "POST",
            "/api/v1/focus-sessions",
            Some(json!({"task": "99"})),
            "",
        ),
        (
            "PATCH",
            "/api/v1/focus-sessions/current",
            Some(json!({"status": "sleeping"})),
            "status",
        ),
        (
            "GET",
            "/api/v1/focus-sessions/analytics?days=0",
            None,
            "days",
        ),
    ];
    for (method, path, body, names) in bad {
        let a = s.api(method, path, body.clone());
        assert!(
            matches!(a.status, 400 | 404),
            "{method} {path} {body:?}: {a:?}"
        );
        assert!(
            a.body["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains(names)),
            "{a:?}"
        );
        assert_eq!(a.body["error"]["code"], a.body["error"]["kind"]);
    }
    assert_eq!(s.api("GET", "/api/v1/tasks/42", None).status, 404);
    assert_eq!(s.api("POST", "/api/v1/tasks/42/done", None).status, 404);
    assert_eq!(s.api("GET", "/api/v1/nothing", None).code(), "not_found");
    let conflict = s.api(
        "PATCH",
        "/api/v1/focus-sessions/current",
        Some(json!({"status": "paused"})),
    );
    assert_eq!(
        (conflict.status, conflict.code()),
        (409, "conflict"),
        "{conflict:?}"
    );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_body_over_the_limit_gets_413_and_too_many_requests_429() {
    let env = Env::new();
    let s = Server::start(
        &env,
        NOW,
        "max_body_bytes = 1024\nrequests_per_minute = 4\n",
    );
    let before = env.snapshot();
    let big = json!({"text": "x".repeat(4096)});
    let a = s.api("POST", "/api/v1/tasks", Some(big));
    assert_eq!((a.status, a.code()), (413, "too_large"), "{a:?}");
    for _ in 0..3 {
        assert_eq!(s.api("GET", "/api/v1/tasks", None).status, 200);
    }
    let a = s.api(
        "POST",
        "/api/v1/tasks",
        Some(json!({"text": "one too many"})),
    );
    assert_eq!((a.status, a.code()), (429, "rate_limited"), "{a:?}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_rotated_token_works_at_once_and_the_old_one_no_longer() {
    let env = Env::new();
    let s = Server::start(&env, NOW, "");
    let old = s.token.clone();
    assert_eq!(env.run(&["api", "token"]).trim(), old);
    assert_eq!(env.run(&["capture", "token"]).trim(), old);
    let new = env.run(&["api", "token", "--rotate"]).trim().to_string();
    assert_ne!(new, old);
    assert_eq!(s.call("GET", "/api/v1/tasks", None, Some(&old)).status, 401);
    assert_eq!(s.call("GET", "/api/v1/tasks", None, Some(&new)).status, 200);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(env.dir.path().join("api-token")).expect("token file");
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    }
}

#[test]
fn focus_sessions_start_pause_resume_interrupt_complete_and_analytics() {
    let env = Env::new();
    env.run(&["add", "Deep work"]);
    let s = Server::start(&env, NOW, "");
    let a = s.api(
        "POST",
        "/api/v1/focus-sessions",
        Some(json!({"task": "1", "planned_minutes": 30})),
    );
    assert_eq!(a.status, 201, "{a:?}");
    assert_eq!(a.body["active"]["status"], "running");
    assert_eq!(a.body["active"]["planned_minutes"], 30);
    assert_eq!(a.body["task"]["title"], "Deep work");
    let again = s.api("POST", "/api/v1/focus-sessions", Some(json!({})));
    assert_eq!(again.status, 409, "{again:?}");
    let p = s.api(
        "PATCH",
        "/api/v1/focus-sessions/current",
        Some(json!({"status": "paused"})),
    );
    assert_eq!(p.body["active"]["status"], "paused", "{p:?}");
    let uuid = p.body["active"]["uuid"].as_str().expect("uuid").to_string();
    let r = s.api(
        "PATCH",
        &format!("/api/v1/focus-sessions/{uuid}"),
        Some(json!({
            "status": "running",
            "interruptions": [{"external": true, "note": "phone"}],
        })),
    );
    assert_eq!(r.body["active"]["status"], "running", "{r:?}");
    assert_eq!(
        r.body["active"]["interruptions"].as_array().map(Vec::len),
        Some(1),
        "{r:?}"
    );
    let c = s.api(
        "PATCH",
        "/api/v1/focus-sessions/current",
        Some(json!({"status": "completed", "note": "done"})),
    );
    assert_eq!(c.status, 200, "{c:?}");
    assert_eq!(c.body["active"], Value::Null);
    assert_eq!(c.body["acted"]["status"], "completed");
    let listed = s.api("GET", "/api/v1/focus-sessions?status=completed", None);
    assert_eq!(listed.body.as_array().map(Vec::len), Some(1), "{listed:?}");
    let current = s.api("GET", "/api/v1/focus-sessions/current", None);
    assert_eq!(current.body["active"], Value::Null);
    let stats = s.api("GET", "/api/v1/focus-sessions/analytics?days=7", None);
    assert_eq!(stats.status, 200, "{stats:?}");
    let cli: Value =
        serde_json::from_str(&env.run(&["focus", "stats", "--days", "7", "--json"])).expect("json");
    assert_eq!(stats.body, cli);
}
