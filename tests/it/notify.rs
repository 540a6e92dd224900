//! Reminders end to end: the real binary under a private D-Bus session with a stub
//! notification server that records every `Notify` call; without any session bus; and the
//! TUI and `tempo daemon` running together.

use std::path::Path;
use std::process::Command;

use crate::common::{ClockFile, Env};

/// `seconds` after the suite's `NOW`, as a due date Tempo reads.
fn in_seconds(seconds: i64) -> String {
    let now: chrono::DateTime<chrono::Utc> = crate::common::NOW.parse().expect("NOW");
    (now + chrono::Duration::seconds(seconds))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

fn add_due(env: &Env, title: &str, due: &str) {
    env.run(&["add", title, &format!("due:{due}")]);
}

/// Shell functions for the scripts below: `advance N` moves the controlled clock (`$CLOCK`,
/// at `$START`) N seconds past the start; `wait_lines FILE N` waits (at most 10 s) until FILE
/// has N lines; `settle` gives the processes a few of their 100 ms clock checks, to see that
/// nothing more happens.
const SH_HELPERS: &str = r#"
advance() { date -u -d "$START + $1 seconds" +%Y-%m-%dT%H:%M:%SZ > "$CLOCK.tmp" && mv "$CLOCK.tmp" "$CLOCK"; }
wait_lines() { for i in $(seq 200); do [ "$(cat "$1" 2>/dev/null | wc -l)" -ge "$2" ] && return 0; sleep 0.05; done; echo "timed out waiting for $2 lines in $1"; }
settle() { sleep 1; }
"#;

/// Runs `script` (sh) under `dbus-run-session` after the stub notification server owns its
/// name; returns the script's output and the stub's records (one JSON object per Notify).
fn under_bus(env: &Env, script: &str) -> (String, Vec<serde_json::Value>) {
    let stub_log = env.dir.path().join("notify-calls.jsonl");
    let _ = std::fs::remove_file(&stub_log);
    let stub = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/notification_stub.py");
    let full = format!(
        "{helpers}
         /usr/bin/python3 {stub} {log} & STUB=$!
         for i in $(seq 100); do
           gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
             --method org.freedesktop.DBus.NameHasOwner org.freedesktop.Notifications 2>/dev/null \
             | grep -q true && break
           sleep 0.1
         done
         {script}
         kill $STUB",
        helpers = SH_HELPERS,
        stub = stub.display(),
        log = stub_log.display(),
    );
    let clock = ClockFile::new(env);
    let out = Command::new("dbus-run-session")
        .args(["--", "sh", "-c", &full])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.dir.path())
        .env("TEMPO_DB", &env.db)
        .env("TZ", "Europe/Berlin")
        .env("BIN", env!("CARGO_BIN_EXE_tempo"))
        .env("TEMPO_NOW", clock.env_value())
        .env("CLOCK", clock.env_value().trim_start_matches("file:"))
        .env("START", crate::common::NOW)
        .env("STUBLOG", &stub_log)
        .output()
        .expect("dbus-run-session must be installed (scripts/test installs dbus-daemon)");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let calls = std::fs::read_to_string(&stub_log)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("stub JSON"))
        .collect();
    (text, calls)
}

#[test]
fn the_daemon_delivers_a_due_reminder_once_as_a_desktop_notification() {
    let env = Env::new();
    add_due(&env, "Write report", &in_seconds(3));
    let (out, calls) = under_bus(
        &env,
        "\"$BIN\" daemon & D=$!
         advance 5; wait_lines \"$STUBLOG\" 1; advance 60; settle
         kill -TERM $D; wait $D; echo daemon-exit=$?",
    );
    assert!(out.contains("daemon-exit=0"), "{out}");
    assert_eq!(calls.len(), 1, "{calls:?}\n{out}");
    assert_eq!(calls[0]["summary"], "Due: Write report");
    assert_eq!(calls[0]["app"], "Tempo");
    assert_eq!(calls[0]["urgency"], 2, "critical");
    assert!(
        calls[0]["body"]
            .as_str()
            .is_some_and(|b| b.starts_with("task 1 · due ")),
        "{calls:?}"
    );
    assert!(
        calls[0]["icon"]
            .as_str()
            .is_some_and(|i| i.ends_with("tempo.svg"))
    );
    let log = env.json(&["notify", "log"]);
    assert_eq!(log[0]["delivered_by"], "desktop");
    assert!(
        log[0]["holder"]
            .as_str()
            .is_some_and(|h| h.starts_with("daemon"))
    );
    // `notify test` says which way it went.
    let (out, calls) = under_bus(&env, "\"$BIN\" notify test");
    assert!(out.contains("Sent as a desktop notification"), "{out}");
    assert_eq!(calls.len(), 1);
}

#[test]
fn without_a_session_bus_it_falls_back_to_the_bell_and_says_so_once() {
    let env = Env::new();
    let test = env.cmd().args(["notify", "test"]).output().expect("runs");
    assert_eq!(test.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&test.stdout);
    assert!(stdout.contains("rang the terminal bell"), "{stdout}");
    assert!(stdout.contains("no session bus"), "{stdout}");

    add_due(&env, "First", &in_seconds(2));
    add_due(&env, "Second", &in_seconds(3));
    let log_file = env.dir.path().join("tempo.log");
    let clock = ClockFile::new(&env);
    let daemon = std::process::Command::new(env!("CARGO_BIN_EXE_tempo"))
        .arg("daemon")
        .env_clear()
        .env("HOME", env.dir.path())
        .env("TEMPO_DB", &env.db)
        .env("TEMPO_LOG", &log_file)
        .env("TEMPO_NOW", clock.env_value())
        .env("TZ", "Europe/Berlin")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("daemon starts");
    clock.advance(5);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let delivered = || {
        std::fs::read_to_string(&log_file)
            .unwrap_or_default()
            .matches("delivered ")
            .count()
    };
    while delivered() < 2 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    Command::new("kill")
        .args(["-TERM", &daemon.id().to_string()])
        .status()
        .expect("kill");
    let out = daemon.wait_with_output().expect("daemon ends");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("bell: Due: First") && stdout.contains("bell: Due: Second"),
        "{stdout}"
    );
    let log = std::fs::read_to_string(&log_file).expect("log file");
    assert_eq!(
        log.matches("falling back to the terminal bell").count(),
        1,
        "{log}"
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn the_tui_and_the_daemon_together_notify_once() {
    let env = Env::new();
    add_due(&env, "Only once", &in_seconds(4));
    let script = format!(
        "tmux -L {sock} new-session -d -s t -x 100 -y 30 \
           \"env HOME=$HOME TEMPO_DB=$TEMPO_DB TEMPO_NOW=$TEMPO_NOW TZ=$TZ TERM=xterm-256color $BIN\"
         \"$BIN\" daemon > /dev/null 2>&1 & D=$!
         for i in $(seq 200); do tmux -L {sock} capture-pane -p -t t | grep -q 'Only once' && break; sleep 0.05; done
         advance 6; wait_lines \"$STUBLOG\" 1; advance 60; settle
         tmux -L {sock} send-keys -t t N
         for i in $(seq 200); do tmux -L {sock} capture-pane -p -t t | grep -q 'newest first' && break; sleep 0.05; done
         tmux -L {sock} capture-pane -p -t t > {screen}
         tmux -L {sock} kill-server
         kill -TERM $D; wait $D",
        sock = format!("tempo-notify-{}", std::process::id()),
        screen = env.dir.path().join("screen.txt").display(),
    );
    let (out, calls) = under_bus(&env, &script);
    assert_eq!(calls.len(), 1, "{calls:?}\n{out}");
    assert_eq!(calls[0]["summary"], "Due: Only once");
    let log = env.json(&["notify", "log"]);
    assert_eq!(log.as_array().map(Vec::len), Some(1), "{log}");
    // Whichever delivered, the TUI lists it in its reminder history (N).
    let screen = std::fs::read_to_string(env.dir.path().join("screen.txt")).unwrap_or_default();
    assert!(
        screen.contains("Reminders — newest first") && screen.contains("Due: Only once"),
        "{screen}"
    );
}
