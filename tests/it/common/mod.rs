//! Helpers for driving the real binary on a temp database with a pinned clock and zone.

pub(crate) mod aw;
pub(crate) mod fake_dav;
pub(crate) mod oauth;
pub(crate) mod radicale;
pub(crate) mod server;
pub(crate) mod taskwarrior;
pub(crate) mod timewarrior;
pub(crate) mod tmux;
pub(crate) use server::against_each_server;
pub(crate) mod xandikos;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// Sunday 2026-11-22 10:30 in Berlin.
pub(crate) const NOW: &str = "2026-11-22T09:30:00Z";

/// `NOW` as `faketime`'s start stamp (the clock then runs on from it): a peer that reads the
/// real clock sees the same day as Tempo. The stamp is in UTC; run the peer with `TZ=UTC`.
pub(crate) fn faketime_stamp() -> String {
    let t = chrono::DateTime::parse_from_rfc3339(NOW).expect("NOW is RFC 3339");
    format!("@{}", t.format("%Y-%m-%d %H:%M:%S"))
}

/// A controlled clock for the app and the daemon: `TEMPO_NOW=file:PATH` makes Tempo read "now"
/// from this file, so a test moves time forward by rewriting it instead of sleeping.
pub(crate) struct ClockFile {
    path: PathBuf,
    now: std::cell::Cell<chrono::DateTime<chrono::Utc>>,
}

impl ClockFile {
    /// A clock file in `env`'s directory, starting at `NOW`.
    pub(crate) fn new(env: &Env) -> ClockFile {
        let clock = ClockFile {
            path: env.dir.path().join("clock"),
            now: std::cell::Cell::new(NOW.parse().expect("NOW is RFC 3339")),
        };
        clock.write();
        clock
    }

    /// The value for `TEMPO_NOW`.
    pub(crate) fn env_value(&self) -> String {
        format!("file:{}", self.path.display())
    }

    pub(crate) fn advance(&self, seconds: i64) {
        self.now
            .set(self.now.get() + chrono::Duration::seconds(seconds));
        self.write();
    }

    /// Written whole and renamed into place, so a reader never sees half an instant.
    fn write(&self) {
        let tmp = self.path.with_extension("tmp");
        std::fs::write(&tmp, self.now.get().to_rfc3339()).expect("write the clock");
        std::fs::rename(&tmp, &self.path).expect("move the clock into place");
    }
}

pub(crate) struct Env {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) db: PathBuf,
}

impl Env {
    pub(crate) fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("tempo.sqlite");
        Env { dir, db }
    }

    /// `tempo` with this env's database, a fixed clock, Berlin time and an isolated HOME.
    pub(crate) fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("tempo").expect("binary built");
        c.env_clear()
            .env("HOME", self.dir.path())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("TEMPO_DB", &self.db)
            .env("TEMPO_NOW", NOW)
            .env("TZ", "Europe/Berlin");
        // Under the date-bomb check (scripts/test-clock-ahead) Tempo's wall clock is shifted
        // like the test's and its other children (a certificate made "now" is valid for it).
        for var in ["LD_PRELOAD", "FAKETIME", "FAKETIME_DONT_FAKE_MONOTONIC"] {
            if let Some(v) = std::env::var_os(var) {
                c.env(var, v);
            }
        }
        c
    }

    pub(crate) fn run(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().expect("runs");
        assert!(
            out.status.success(),
            "tempo {args:?} failed: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    }

    pub(crate) fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        serde_json::from_str(&self.run(&all)).expect("valid JSON")
    }

    /// Every row of every table, as text: equal snapshots mean an untouched database.
    pub(crate) fn snapshot(&self) -> String {
        snapshot(&self.db)
    }

    /// One table's rows, as text.
    pub(crate) fn snapshot_of_table(&self, table: &str) -> String {
        let all = snapshot(&self.db);
        let head = format!("[{table}]\n");
        let start = all.find(&head).expect("table in the snapshot");
        let rest = &all[start + head.len()..];
        // An empty table is followed at once by the next table's head.
        if rest.starts_with('[') {
            return String::new();
        }
        rest[..rest.find("\n[").map_or(rest.len(), |i| i + 1)].to_string()
    }
}

/// Runs a command that must fail with exit 2 (bad input), say `says` without panicking, and
/// leave the database as it was.
pub(crate) fn refused(env: &Env, args: &[&str], says: &str) {
    let before = env.snapshot();
    let out = env.cmd().args(args).output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "tempo {args:?}: {stderr}");
    assert!(
        stderr.contains(says),
        "tempo {args:?} should say `{says}`: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        env.snapshot(),
        before,
        "tempo {args:?} changed the database"
    );
}

pub(crate) fn snapshot(db: &Path) -> String {
    if !db.exists() {
        return String::new();
    }
    let conn = rusqlite::Connection::open(db).expect("open");
    let mut out = String::new();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("names");
    for table in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\""))
            .expect("prepare");
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).map(|v| format!("{v:?}"))))
                    .collect();
                Ok(cells.join("|"))
            })
            .expect("rows");
        out.push_str(&format!("[{table}]\n"));
        for row in rows {
            out.push_str(&row.expect("row"));
            out.push('\n');
        }
    }
    out
}

/// Runs `tests/support/ical_check.py` (Python's `icalendar`, an independent parser) with
/// `args` and returns its JSON.
pub(crate) fn python_icalendar(args: &[&str]) -> serde_json::Value {
    let out = std::process::Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/ical_check.py"))
        .args(args)
        .output()
        .expect("python3 runs (scripts/test installs it)");
    assert!(
        out.status.success(),
        "Python's icalendar failed (scripts/test installs it: pip install icalendar): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON from ical_check.py")
}

/// Runs `tests/support/todotxt_check.py` (Python's `pytodotxt`, an independent todo.txt parser)
/// on `file` and returns its JSON; fails loudly when pytodotxt is missing.
pub(crate) fn python_todotxt(file: &Path) -> serde_json::Value {
    let out = std::process::Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/todotxt_check.py"))
        .arg(file)
        .output()
        .expect("python3 runs (scripts/test installs it)");
    assert!(
        out.status.success(),
        "pytodotxt failed (scripts/test installs it: pip install pytodotxt): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON from todotxt_check.py")
}

/// Waits (up to 20 s) until `child`, a server, accepts connections on loopback `port`; if it
/// ends first, fails with what it printed on stderr.
pub(crate) fn wait_listening(child: &mut std::process::Child, port: u16, what: &str) {
    use std::io::Read;
    use std::time::{Duration, Instant};
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect((std::net::Ipv4Addr::LOCALHOST, port)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            let mut err = String::new();
            let _ = child.stderr.take().map(|mut e| e.read_to_string(&mut err));
            panic!("{what} ended ({status}) before listening: {err}");
        }
        assert!(Instant::now() < deadline, "{what} never listened");
        std::thread::sleep(Duration::from_millis(20));
    }
}
