//! Read-only calendar subscriptions from a local file and from an `http://127.0.0.1` URL
//! (Python's http.server): refresh updates changed events, adds new ones and removes deleted
//! ones without duplicates; a failed fetch changes nothing.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use crate::common::Env;

fn ics(events: &[(&str, &str, &str)]) -> String {
    let mut out = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n");
    for (uid, summary, start) in events {
        out.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:{summary}\r\nDTSTART;TZID=Europe/Berlin:{start}\r\nDURATION:PT1H\r\nEND:VEVENT\r\n"
        ));
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

fn summaries(env: &Env) -> Vec<String> {
    let items = env.json(&[
        "cal",
        "agenda",
        "--from",
        "2026-11-23",
        "--days",
        "7",
        "--no-tasks",
    ]);
    items
        .as_array()
        .expect("array")
        .iter()
        .map(|i| i["summary"].as_str().unwrap_or("").to_string())
        .collect()
}

/// Exercises one subscription whose source text is written by `write`.
fn exercise(env: &Env, source: &str, write: &dyn Fn(&str)) {
    write(&ics(&[
        ("a", "Team meeting", "20261123T100000"),
        ("b", "Holiday party", "20261125T180000"),
    ]));
    let added = env.json(&["sync", "add-subscription", "team", source, "--every", "30"]);
    assert_eq!(added["added"], 2);
    assert_eq!(summaries(env), vec!["Team meeting", "Holiday party"]);
    // Read-only: edits are refused, nothing changes.
    let before = env.snapshot();
    let out = env
        .cmd()
        .args(["cal", "delete", "1"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(env.snapshot(), before);

    // The source moves one event, drops another, adds a third.
    write(&ics(&[
        ("a", "Team meeting (moved)", "20261124T110000"),
        ("c", "Retro", "20261126T150000"),
    ]));
    let r = env.json(&["sync"]);
    assert_eq!(r[0]["result"]["added"], 1, "{r}");
    assert_eq!(r[0]["result"]["updated"], 1, "{r}");
    assert_eq!(r[0]["result"]["removed"], 1, "{r}");
    assert_eq!(summaries(env), vec!["Team meeting (moved)", "Retro"]);
    // Again: nothing changes, nothing duplicates.
    let r = env.json(&["sync"]);
    assert_eq!(r[0]["result"]["unchanged"], 2, "{r}");
    assert_eq!(summaries(env).len(), 2);
    let list = env.json(&["sync", "list"]);
    assert_eq!(
        (list[0]["events"].as_i64(), list[0]["last_error"].as_str()),
        (Some(2), Some(""))
    );
}

#[test]
fn a_file_subscription_follows_its_file() {
    let env = Env::new();
    let file = env.dir.path().join("team.ics");
    let f = file.clone();
    exercise(&env, file.to_str().expect("utf-8"), &move |text| {
        std::fs::write(&f, text).expect("write")
    });
    // A source that became unreadable changes nothing and says why.
    std::fs::write(&file, "not a calendar").expect("write");
    let before = env.snapshot_of_table("calendar_objects");
    let out = env.cmd().args(["sync"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an iCalendar file"));
    assert_eq!(env.snapshot_of_table("calendar_objects"), before);
    let log = env.json(&["sync", "log"]);
    assert!(
        log[0]["error"]
            .as_str()
            .is_some_and(|e| e.contains("not an iCalendar file"))
    );
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn an_http_subscription_follows_its_url_and_survives_the_server_going_away() {
    let env = Env::new();
    let root = env.dir.path().join("www");
    std::fs::create_dir_all(&root).expect("dir");
    // Port 0: the server picks a free one and prints it.
    let mut child = Command::new("python3")
        .args(["-u", "-c", "import http.server, functools, sys\nh = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])\ns = http.server.ThreadingHTTPServer(('127.0.0.1', 0), h)\nprint(s.server_address[1], flush=True)\ns.serve_forever()"])
        .arg(&root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 runs");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("port");
    let server = Server(child);
    let url = format!("http://127.0.0.1:{}/team.ics", line.trim());
    let file = root.join("team.ics");
    exercise(&env, &url, &move |text| {
        std::fs::write(&file, text).expect("write")
    });
    // A URL that is not there (404) is refused when subscribing.
    let before = env.snapshot();
    let out = env
        .cmd()
        .args([
            "sync",
            "add-subscription",
            "other",
            &url.replace("team", "missing"),
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(env.snapshot(), before);
    // The server goes away: a clear error, and the events stay.
    drop(server);
    let out = env.cmd().args(["sync"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot reach http://127.0.0.1:"), "{err}");
    assert_eq!(summaries(&env).len(), 2);
    // Subscribing while its host is down: added all the same, the failed first refresh
    // reported (exit 1, not 2: nothing was wrong with the command) and logged.
    let out = env
        .cmd()
        .args([
            "sync",
            "add-subscription",
            "offline",
            &url.replace("team", "later"),
        ])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("subscribed “offline”, but its first refresh failed")
            && err.contains("cannot reach http://127.0.0.1:"),
        "{err}"
    );
    let listed = env.run(&["sync", "list"]);
    assert!(
        listed.contains("offline") && listed.contains("cannot reach"),
        "{listed}"
    );
}
