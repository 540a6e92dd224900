//! The Time pane in the real binary under tmux, on a clock the test moves: start, stop,
//! backfill, edit and split by keys, a backfill that does not parse refused at its prompt,
//! and the result read back through `tempo time log --json`.

use crate::common::tmux::Tmux;
use crate::common::{ClockFile, Env};

/// `tempo time log --json` at the test's clock: (start, end, project, tags, note) per entry.
fn log(env: &Env, clock: &ClockFile) -> Vec<(String, String, String, String, String)> {
    let out = env
        .cmd()
        .env("TEMPO_NOW", clock.env_value())
        .args(["--json", "time", "log", "all"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let all: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("-").to_string();
    all.as_array()
        .expect("array")
        .iter()
        .map(|e| {
            let tags: Vec<String> = e["tags"]
                .as_array()
                .map(|a| a.iter().map(text).collect())
                .unwrap_or_default();
            (
                text(&e["start"]),
                text(&e["end"]),
                text(&e["project"]),
                tags.join(","),
                text(&e["note"]),
            )
        })
        .collect()
}

fn row(
    start: &str,
    end: &str,
    project: &str,
    tags: &str,
    note: &str,
) -> (String, String, String, String, String) {
    let s = |t: &str| t.to_string();
    (s(start), s(end), s(project), s(tags), s(note))
}

#[test]
fn start_stop_backfill_edit_and_split_by_keys() {
    let env = Env::new();
    let clock = ClockFile::new(&env);
    // 09:30 UTC is 10:30 in Berlin.
    let t = Tmux::start_with(&env, &[("TEMPO_NOW", clock.env_value())], 100, 30, "-time");
    t.keys(&["4"]);
    t.wait_for("the empty day", |s| {
        s.contains("Sunday 22 November 2026") && s.contains("Nothing tracked this day")
    });

    t.keys(&["s"]);
    t.type_text("project:web Landing page");
    t.keys(&["Enter"]);
    t.wait_for("the running entry", |s| {
        s.contains("10:30–now") && s.contains("⏱ 0:00 web")
    });
    clock.advance(25 * 60);
    t.wait_for("it grows with the clock", |s| s.contains("⏱ 0:25 web"));
    t.keys(&["Space"]);
    t.wait_for("the stop", |s| {
        s.contains("10:30–10:55") && !s.contains("⏱")
    });

    // A backfill that does not parse stays at its prompt and changes nothing.
    t.keys(&["a"]);
    t.type_text("soon project:admin");
    t.keys(&["Enter"]);
    t.wait_for("the error", |s| s.contains("cannot read a time span"));
    t.keys(&["Escape"]);
    assert_eq!(log(&env, &clock).len(), 1);

    t.keys(&["a"]);
    t.type_text("8:00-9:30 project:admin +mail Inbox");
    t.keys(&["Enter"]);
    t.wait_for("the backfill", |s| s.contains("08:00–09:30"));
    // The new entry is selected: change it.
    t.keys(&["e"]);
    t.type_text("end:9:45 project:mail");
    t.keys(&["Enter"]);
    t.wait_for("the edit", |s| {
        s.contains("08:00–09:45") && s.contains("mail +mail")
    });
    t.keys(&["j", "/"]);
    t.type_text("10:40");
    t.keys(&["Enter"]);
    t.wait_for("the split", |s| {
        s.contains("10:30–10:40") && s.contains("10:40–10:55")
    });

    assert_eq!(
        log(&env, &clock),
        vec![
            row(
                "2026-11-22T07:00:00Z",
                "2026-11-22T08:45:00Z",
                "mail",
                "mail",
                "Inbox"
            ),
            row(
                "2026-11-22T09:30:00Z",
                "2026-11-22T09:40:00Z",
                "web",
                "",
                "Landing page"
            ),
            row(
                "2026-11-22T09:40:00Z",
                "2026-11-22T09:55:00Z",
                "web",
                "",
                "Landing page"
            ),
        ]
    );
}
