//! `tempo focus status --watch`: a line per change and per second of a running timer (on a
//! controlled clock), nothing while nothing moves, the end when its reader goes away; and the
//! waybar format on a real terminal under tmux.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

use crate::common::tmux::Tmux;
use crate::common::{ClockFile, Env};

fn focus(env: &Env, clock: &ClockFile, args: &[&str]) {
    let out = env
        .cmd()
        .env("TEMPO_NOW", clock.env_value())
        .arg("focus")
        .args(args)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{out:?}");
}

#[test]
fn waybar_lines_follow_the_timer_and_the_watch_ends_with_its_reader() {
    let env = Env::new();
    env.run(&["add", "Deep work"]);
    let clock = ClockFile::new(&env);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tempo"))
        .env_clear()
        .env("HOME", env.dir.path())
        .env("TEMPO_DB", &env.db)
        .env("TZ", "Europe/Berlin")
        .env("TEMPO_NOW", clock.env_value())
        .args(["focus", "status", "--watch", "--format", "waybar"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("watch starts");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, lines) = mpsc::channel::<String>();
    // Reads the five lines this test expects, then closes its end of the pipe.
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok).take(5) {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    let next = || -> Value {
        let line = lines
            .recv_timeout(Duration::from_secs(10))
            .expect("a line within 10 s");
        serde_json::from_str(&line).expect("one JSON object a line")
    };
    assert_eq!(next()["class"], "idle");
    focus(&env, &clock, &["start", "1", "--minutes", "25"]);
    let running = next();
    assert_eq!(
        (running["class"].clone(), running["text"].clone()),
        ("running".into(), "25:00".into()),
        "{running}"
    );
    assert!(
        running["tooltip"]
            .as_str()
            .is_some_and(|t| t.contains("Deep work"))
    );
    clock.advance(1);
    assert_eq!(next()["text"], "24:59");
    focus(&env, &clock, &["pause"]);
    assert_eq!(next()["class"], "paused");
    clock.advance(30);
    assert!(
        lines.recv_timeout(Duration::from_millis(2500)).is_err(),
        "a paused timer prints nothing"
    );
    focus(&env, &clock, &["stop"]);
    assert_eq!(next()["class"], "idle");

    // The reader has gone; the next change ends the watch, quietly and with status 0.
    reader.join().expect("reader");
    focus(&env, &clock, &["start", "1"]);
    let (done_tx, done) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done_tx.send(child.wait());
    });
    let status = done
        .recv_timeout(Duration::from_secs(10))
        .expect("the watch ends within 10 s")
        .expect("status");
    assert!(status.success(), "{status}");
}

#[test]
fn the_waybar_format_under_tmux() {
    let env = Env::new();
    env.run(&["add", "Deep work"]);
    let clock = ClockFile::new(&env);
    let name = env
        .dir
        .path()
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("x")
        .to_string();
    let tmux = Tmux {
        socket: format!("tempo-test-{}-{name}-watch", std::process::id()),
    };
    let command = format!(
        "env HOME={home} TEMPO_DB={db} TZ=Europe/Berlin TEMPO_NOW={now} {bin} focus status --watch --format waybar",
        home = env.dir.path().display(),
        db = env.db.display(),
        now = clock.env_value(),
        bin = env!("CARGO_BIN_EXE_tempo"),
    );
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "t",
        "-x",
        "120",
        "-y",
        "10",
        &command,
    ]);
    tmux.wait_for("the idle line", |s| s.contains(r#""class":"idle""#));
    focus(&env, &clock, &["start", "1", "--minutes", "25"]);
    tmux.wait_for("the running line", |s| s.contains(r#""text":"25:00""#));
    clock.advance(1);
    tmux.wait_for("a tick", |s| s.contains(r#""text":"24:59""#));
    focus(&env, &clock, &["pause"]);
    tmux.wait_for("the pause", |s| s.contains(r#""class":"paused""#));
    focus(&env, &clock, &["stop"]);
    let screen = tmux.wait_for("the end", |s| s.matches(r#""class":"idle""#).count() == 2);
    // One line per change and per tick: idle, started, a tick, paused, idle.
    let lines = screen.lines().filter(|l| !l.trim().is_empty()).count();
    assert_eq!(lines, 5, "{screen}");
}
