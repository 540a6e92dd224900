//! `tempo capture pull activitywatch` against a real aw-server (testing mode, in-memory
//! storage), fed through its REST API as its watchers feed it: window, AFK and web buckets,
//! pulled into signals and suggestions, incrementally.

use serde_json::{Value, json};

use crate::common::aw::AwServer;
use crate::common::server::free_port;
use crate::common::{ClockFile, Env};

const WINDOW: &str = "aw-watcher-window_test-host";
const AFK: &str = "aw-watcher-afk_test-host";
const WEB: &str = "aw-watcher-web-firefox_test-host";
const INPUT: &str = "aw-watcher-input_test-host";

/// `count` one-minute events of `data` from 08:MM UTC on the pinned day (09:30 UTC is now).
fn minutes(from_minute: u32, count: u32, data: &Value) -> Value {
    (0..count)
        .map(|i| {
            let m = from_minute + i;
            json!({
                "timestamp": format!("2026-11-22T{:02}:{:02}:00Z", 8 + m / 60, m % 60),
                "duration": 60.0,
                "data": data,
            })
        })
        .collect()
}

/// Coding 08:00–08:30, away 08:30–08:45, reading docs in Firefox 08:45–09:00.
fn morning() -> AwServer {
    let aw = AwServer::start();
    aw.create_bucket(WINDOW, "currentwindow", "aw-watcher-window");
    aw.create_bucket(AFK, "afkstatus", "aw-watcher-afk");
    aw.create_bucket(WEB, "web.tab.current", "aw-client-web");
    aw.create_bucket(INPUT, "os.hid.input", "aw-watcher-input");
    aw.post_events(
        WINDOW,
        minutes(0, 30, &json!({"app": "code", "title": "main.rs - tempo"})),
    );
    aw.post_events(
        WINDOW,
        minutes(45, 15, &json!({"app": "firefox", "title": "Docs.rs"})),
    );
    aw.post_events(
        AFK,
        json!([
            {"timestamp": "2026-11-22T08:00:00Z", "duration": 1800.0, "data": {"status": "not-afk"}},
            {"timestamp": "2026-11-22T08:30:00Z", "duration": 900.0, "data": {"status": "afk"}},
            {"timestamp": "2026-11-22T08:45:00Z", "duration": 900.0, "data": {"status": "not-afk"}},
        ]),
    );
    aw.post_events(
        WEB,
        json!([
            {"timestamp": "2026-11-22T08:45:00Z", "duration": 600.0,
             "data": {"url": "https://docs.rs/ureq", "title": "ureq - Docs.rs", "incognito": false}},
            {"timestamp": "2026-11-22T08:55:00Z", "duration": 300.0,
             "data": {"url": "https://private.example/", "title": "Private", "incognito": true}},
        ]),
    );
    aw.post_events(INPUT, minutes(0, 3, &json!({"presses": 10, "clicks": 1})));
    aw
}

fn pull(env: &Env, aw: &AwServer) -> Value {
    env.json(&["capture", "pull", "activitywatch", "--url", &aw.url()])
}

fn signal_count(env: &Env) -> usize {
    env.snapshot_of_table("capture_signals").lines().count()
}

/// The stored signals while a daemon may still be creating the database (0 until it has).
fn signals_so_far(env: &Env) -> i64 {
    rusqlite::Connection::open(&env.db)
        .and_then(|c| c.query_row("SELECT count(*) FROM capture_signals", [], |r| r.get(0)))
        .unwrap_or(0)
}

/// `(kind, app, url)` of every stored signal with a URL or of type afk, in time order.
fn stored_web_and_afk(env: &Env) -> Vec<(String, String, Option<String>)> {
    let conn = rusqlite::Connection::open(&env.db).expect("open");
    let mut stmt = conn
        .prepare(
            "SELECT kind, app, url FROM capture_signals \
             WHERE url IS NOT NULL OR kind = 'afk' ORDER BY ts",
        )
        .expect("prepare");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

#[test]
fn window_afk_and_web_events_become_signals_and_suggestions() {
    let env = Env::new();
    let aw = morning();
    let p = pull(&env, &aw);
    assert_eq!(p["url"], aw.url());
    assert_eq!(p["buckets"], 3, "{p}");
    assert_eq!(p["skipped_buckets"], json!([INPUT]));
    // 45 window events, 3 AFK events, 2 web events; the not-afk and incognito ones give
    // no signal.
    assert_eq!(p["events"], 50, "{p}");
    assert_eq!(p["signals"], 47, "{p}");
    assert_eq!(p["ingest"]["stored"], 47, "{p}");
    assert_eq!(p["ingest"]["source"], "activitywatch");
    assert_eq!(signal_count(&env), 47);
    // Incognito tabs stay out.
    assert_eq!(
        stored_web_and_afk(&env),
        [
            ("afk".into(), "afk".into(), None),
            (
                "web".into(),
                "firefox".into(),
                Some("https://docs.rs/ureq".into())
            ),
        ]
    );

    let review = env.json(&["review"]);
    let spans: Vec<(&str, &str)> = review
        .as_array()
        .expect("a list")
        .iter()
        .map(|s| {
            (
                s["start"].as_str().expect("start"),
                s["end"].as_str().expect("end"),
            )
        })
        .collect();
    // The AFK span ends the coding block; the docs reading is a block of its own.
    assert_eq!(
        spans,
        [
            ("2026-11-22T08:00:00Z", "2026-11-22T08:30:00Z"),
            ("2026-11-22T08:45:00Z", "2026-11-22T09:00:00Z"),
        ],
        "{review:#}"
    );
    assert_eq!(p["suggested"], 2, "{p}");
    assert_eq!(review[0]["evidence"]["apps"][0]["app"], "code");
    let second: Vec<&str> = review[1]["evidence"]["apps"]
        .as_array()
        .expect("apps")
        .iter()
        .map(|a| a["app"].as_str().expect("app"))
        .collect();
    assert!(second.contains(&"firefox"), "{second:?}");
}

#[test]
fn editor_events_name_the_editor_the_file_and_the_project() {
    let env = Env::new();
    let aw = AwServer::start();
    let vim = "aw-watcher-vim_test-host";
    aw.create_bucket(vim, "app.editor.activity", "aw-watcher-vim");
    let data = json!({"file": "/home/ann/tempo/src/lib.rs", "project": "/home/ann/tempo",
                      "language": "rust"});
    aw.post_events(vim, minutes(0, 3, &data));
    let p = pull(&env, &aw);
    assert_eq!(
        (p["buckets"].clone(), p["signals"].clone()),
        (json!(1), json!(3)),
        "{p}"
    );
    let conn = rusqlite::Connection::open(&env.db).expect("open");
    let row: (String, String, String, String, i64) = conn
        .query_row(
            "SELECT kind, app, title, cwd, duration_ms FROM capture_signals ORDER BY ts LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .expect("a signal");
    assert_eq!(
        row,
        (
            "editor".into(),
            "vim".into(),
            "/home/ann/tempo/src/lib.rs".into(),
            "/home/ann/tempo".into(),
            60_000
        )
    );
}

#[test]
fn a_second_pull_adds_nothing_and_later_events_are_picked_up() {
    let env = Env::new();
    let aw = morning();
    pull(&env, &aw);
    let before = env.snapshot_of_table("capture_signals");
    let again = pull(&env, &aw);
    assert_eq!(
        (again["events"].clone(), again["signals"].clone()),
        (json!(0), json!(0))
    );
    assert_eq!(again["ingest"], Value::Null);
    assert_eq!(env.snapshot_of_table("capture_signals"), before);

    aw.post_events(
        WINDOW,
        minutes(65, 10, &json!({"app": "mutt", "title": "Inbox"})),
    );
    let third = pull(&env, &aw);
    assert_eq!(third["events"], 10, "{third}");
    assert_eq!(third["ingest"]["stored"], 10, "{third}");
    assert_eq!(signal_count(&env), 47 + 10);
    let text = env.run(&["capture", "pull", "activitywatch", "--url", &aw.url()]);
    assert!(
        text.contains("Read 3 buckets from http://127.0.0.1:")
            && text.contains("0 new events → 0 signals")
            && text.contains("Nothing new since the last pull.")
            && text.contains(&format!(
                "Skipped 1 bucket of a type Tempo does not read: {INPUT}"
            )),
        "{text}"
    );
}

#[test]
fn since_starts_the_read_where_it_says() {
    let env = Env::new();
    let aw = morning();
    // 09:50 in Berlin is 08:50 UTC: ten minutes of firefox, the web event cut there, and
    // the not-afk and incognito events around them (no signal).
    let p = env.json(&[
        "capture",
        "pull",
        "activitywatch",
        "--url",
        &aw.url(),
        "--since",
        "2026-11-22 09:50",
    ]);
    assert_eq!(p["events"], 13, "{p}");
    assert_eq!(p["signals"], 11, "{p}");
}

#[test]
fn an_unreachable_server_is_named_exits_1_and_changes_nothing() {
    let env = Env::new();
    env.run(&["capture", "status"]);
    let before = env.snapshot();
    let url = format!("http://127.0.0.1:{}", free_port());
    let out = env
        .cmd()
        .args(["capture", "pull", "activitywatch", "--url", &url])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "cannot reach ActivityWatch at {url}: connection refused"
        )),
        "{err}"
    );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn bad_addresses_and_times_exit_2_and_change_nothing() {
    let env = Env::new();
    env.run(&["capture", "status"]);
    let before = env.snapshot();
    let cases: [(&[&str], &str); 4] = [
        (
            &["--url", "localhost:5600"],
            "`localhost:5600` is not the http(s) address of an ActivityWatch server",
        ),
        (
            &["--url", "ftp://127.0.0.1:5600"],
            "is not the http(s) address",
        ),
        (&["--since", "someday"], "someday"),
        (
            &["--url", "http://127.0.0.1:9", "--since", "tomorrow"],
            "is in the future",
        ),
    ];
    for (args, message) in cases {
        let out = env
            .cmd()
            .args(["capture", "pull", "activitywatch"])
            .args(args)
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(message), "{args:?}: {err}");
    }
    assert_eq!(env.snapshot(), before);
}

/// Waits (polling, at most 10 s) until `done` holds; false if it never did.
fn eventually(mut done: impl FnMut() -> bool) -> bool {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !done() {
        if std::time::Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    true
}

#[test]
fn the_daemon_pulls_every_n_minutes_and_outlives_a_vanished_server() {
    let env = Env::new();
    let mut aw = morning();
    let config = env.dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[capture]\nactivitywatch_url = \"{}\"\nactivitywatch_pull_minutes = 5\n",
            aw.url()
        ),
    )
    .expect("write the config");
    let log_file = env.dir.path().join("tempo.log");
    let clock = ClockFile::new(&env);
    let mut daemon = std::process::Command::new(env!("CARGO_BIN_EXE_tempo"))
        .arg("daemon")
        .env_clear()
        .env("HOME", env.dir.path())
        .env("TEMPO_DB", &env.db)
        .env("TEMPO_CONFIG", &config)
        .env("TEMPO_LOG", &log_file)
        .env("TEMPO_NOW", clock.env_value())
        .env("TZ", "Europe/Berlin")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("daemon starts");
    // The first pull comes at start.
    assert!(eventually(|| signals_so_far(&env) == 47), "first pull");
    aw.post_events(
        WINDOW,
        minutes(65, 10, &json!({"app": "mutt", "title": "Inbox"})),
    );
    clock.advance(5 * 60);
    assert!(eventually(|| signals_so_far(&env) == 57), "second pull");
    // A server gone is logged, and the daemon carries on.
    aw.stop();
    clock.advance(5 * 60);
    let log = || std::fs::read_to_string(&log_file).unwrap_or_default();
    assert!(
        eventually(|| log().contains("activitywatch: cannot reach ActivityWatch at")),
        "{}",
        log()
    );
    assert!(
        daemon.try_wait().expect("status").is_none(),
        "still running"
    );
    std::process::Command::new("kill")
        .args(["-TERM", &daemon.id().to_string()])
        .status()
        .expect("kill");
    let out = daemon.wait_with_output().expect("daemon ends");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("ActivityWatch: 50 new events, 47 signals")
            && stdout.contains("ActivityWatch: 10 new events, 10 signals"),
        "{stdout}"
    );
    assert!(
        stderr.contains("every 5 min") && stderr.contains("error: cannot reach ActivityWatch"),
        "{stderr}"
    );
}
