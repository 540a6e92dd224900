//! `GET /api/v1/stream` of `tempo serve`: a client sees a focus session start, tick each
//! second of the (controlled) clock, pause and complete, tasks changing, and nothing at all
//! while nothing moves.

use std::io::{BufRead, BufReader, Write};
use std::net::{Ipv4Addr, TcpStream};
use std::time::Duration;

use serde_json::{Value, json};

use crate::api_http::Server;
use crate::common::{ClockFile, Env};

struct Stream {
    reader: BufReader<TcpStream>,
}

impl Stream {
    fn open(s: &Server, token: Option<&str>) -> (Stream, String) {
        let mut tcp = TcpStream::connect((Ipv4Addr::LOCALHOST, s.port)).expect("connects");
        tcp.set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
        write!(
            tcp,
            "GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n{auth}\r\n",
            s.port
        )
        .expect("sent");
        let mut reader = BufReader::new(tcp);
        let mut head = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                break;
            }
            head.push_str(&line);
        }
        (Stream { reader }, head)
    }

    /// The next event (comments skipped), or None when none came in `wait`.
    fn next_within(&mut self, wait: Duration) -> Option<(String, Value)> {
        self.reader
            .get_ref()
            .set_read_timeout(Some(wait))
            .expect("timeout");
        let (mut event, mut data) = (String::new(), String::new());
        loop {
            let mut line = String::new();
            match self.reader.read_line(&mut line) {
                Ok(0) | Err(_) => return None,
                Ok(_) => {}
            }
            let line = line.trim_end_matches('\n');
            if line.is_empty() {
                if !event.is_empty() {
                    return Some((event, serde_json::from_str(&data).expect("JSON data")));
                }
                continue;
            }
            if let Some(e) = line.strip_prefix("event: ") {
                event = e.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                data = d.to_string();
            }
        }
    }

    fn next(&mut self) -> (String, Value) {
        self.next_within(Duration::from_secs(10))
            .expect("an event within 10 s")
    }

    /// The next `focus` event (others, like `changed`, skipped).
    fn focus(&mut self) -> Value {
        loop {
            let (event, data) = self.next();
            if event == "focus" {
                return data;
            }
        }
    }
}

#[test]
fn a_client_sees_a_session_start_tick_pause_and_complete() {
    let env = Env::new();
    env.run(&["add", "Deep work"]);
    let clock = ClockFile::new(&env);
    let s = Server::start(&env, &clock.env_value(), "");
    let (_, head) = Stream::open(&s, None);
    assert!(head.starts_with("HTTP/1.1 401"), "{head}");

    let (mut stream, head) = Stream::open(&s, Some(&s.token));
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.contains("text/event-stream"), "{head}");
    let first = stream.focus();
    assert_eq!(first["active"], Value::Null, "{first}");

    let started = s.api(
        "POST",
        "/api/v1/focus-sessions",
        Some(json!({"task": "1", "planned_minutes": 25})),
    );
    assert_eq!(started.status, 201);
    let running = stream.focus();
    assert_eq!(running["active"]["status"], "running");
    assert_eq!(running["active"]["remaining_seconds"], 1500);
    assert_eq!(running["task"]["title"], "Deep work");

    clock.advance(1);
    assert_eq!(stream.focus()["active"]["remaining_seconds"], 1499);
    clock.advance(1);
    assert_eq!(stream.focus()["active"]["remaining_seconds"], 1498);

    s.api(
        "PATCH",
        "/api/v1/focus-sessions/current",
        Some(json!({"status": "paused"})),
    );
    let paused = stream.focus();
    assert_eq!(paused["active"]["status"], "paused");
    // Paused and the clock still: nothing moves, so nothing is sent (not even the
    // `changed` notice of the pause, which came with its focus event).
    let _ = stream.next_within(Duration::from_millis(1500));
    clock.advance(5);
    assert_eq!(stream.next_within(Duration::from_millis(2500)), None);

    s.api(
        "PATCH",
        "/api/v1/focus-sessions/current",
        Some(json!({"status": "completed"})),
    );
    let done = stream.focus();
    assert_eq!(done["active"], Value::Null);
    assert_eq!(done["acted"]["status"], "completed");

    env.run(&["add", "Another"]);
    loop {
        let (event, data) = stream.next();
        if event == "changed" {
            assert!(data["data_version"].is_i64(), "{data}");
            break;
        }
    }
}
