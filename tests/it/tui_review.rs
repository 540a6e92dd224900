//! Reviewing captured suggestions in the real app under tmux: the seed format ingested with
//! `tempo capture ingest`, Friday's suggestions shown in the Time pane beside its tracked
//! time, then approved, corrected, rejected, split and bulk-approved by keys (a correction that does
//! not read refused at its prompt, a bulk approval over time tracked meanwhile refused with
//! nothing changed, the bulk approval undone and done again), and the result
//! read back through `tempo --json time log` and `tempo --json review --all`. Now is Sunday
//! 2026-11-22 10:30 in Berlin.

use crate::common::Env;
use crate::common::tmux::Tmux;

/// `count` signals of `app`, one a minute from `start` (UTC, `YYYY-MM-DDTHH:MM`).
fn signals(start: &str, count: i64, app: &dyn Fn(i64) -> &'static str) -> Vec<String> {
    let t0 = chrono::NaiveDateTime::parse_from_str(start, "%Y-%m-%dT%H:%M").expect("start");
    (0..count)
        .map(|i| {
            let t = t0 + chrono::Duration::minutes(i);
            format!(
                r#"{{"timestamp": "{}Z", "app": "{}", "type": "keyboard", "source_type": "keyboard"}}"#,
                t.format("%Y-%m-%dT%H:%M:%S"),
                app(i)
            )
        })
        .collect()
}

/// Five blocks on Friday 20 November, half an hour apart (Berlin): 09:00 editor, 10:30 mixed
/// browser and chat (needs verification), 11:30 terminal, 12:45 design, 14:00 a call.
fn seed() -> String {
    let mut all = signals("2026-11-20T08:00", 60, &|_| "vscode");
    all.extend(signals("2026-11-20T09:30", 30, &|i| {
        if (i / 2) % 2 == 0 { "firefox" } else { "slack" }
    }));
    all.extend(signals("2026-11-20T10:30", 45, &|_| "kitty"));
    all.extend(signals("2026-11-20T11:45", 30, &|_| "figma"));
    all.extend(signals("2026-11-20T13:00", 40, &|_| "zoom"));
    format!(r#"{{"activity_signals": [{}]}}"#, all.join(", "))
}

fn count(screen: &str, what: &str) -> usize {
    screen.matches(what).count()
}

#[test]
fn approve_correct_reject_split_and_bulk_approve_by_keys() {
    let env = Env::new();
    let path = env.dir.path().join("signals.json");
    std::fs::write(&path, seed()).expect("write");
    let report = env.json(&["capture", "ingest", path.to_str().expect("utf-8")]);
    assert_eq!(report["suggested"], 5, "{report}");

    let t = Tmux::start(&env, 120, 40);
    t.keys(&["4", "h", "h"]);
    t.wait_for("Friday's suggestions", |s| {
        s.contains("Friday 20 November 2026")
            && s.contains("5 pending · R review")
            && s.contains("10:30–10:59")
            && s.contains("⚠")
    });

    // The first pending one is selected; approving it moves on to the next.
    t.keys(&["R"]);
    t.wait_for("the review", |s| s.contains("reviewing · R entries"));
    t.keys(&["y"]);
    t.wait_for("the approval", |s| {
        s.contains("approved, entry 1") && s.contains("4 pending")
    });

    // The mixed one: a correction that does not read stays at its prompt.
    t.keys(&["m"]);
    t.type_text("start:9");
    t.keys(&["Enter"]);
    t.wait_for("the refusal", |s| {
        s.contains("`start:9` is not a correction")
    });
    t.keys(&["Escape"]);
    // Escape then a key at once would read as alt-key: wait for the prompt to close.
    t.wait_for("the prompt closed", |s| !s.contains("correct suggestion"));
    t.keys(&["m"]);
    t.type_text("project:research client:acme");
    t.keys(&["Enter"]);
    t.wait_for("the corrected approval", |s| {
        s.contains("research (acme") && s.contains("approved, entry 2") && s.contains("3 pending")
    });

    t.keys(&["n"]);
    t.wait_for("the rejection", |s| {
        s.contains("— rejected") && s.contains("2 pending")
    });

    // The design block in two at 13:00.
    t.keys(&["/"]);
    t.type_text("13:00");
    t.keys(&["Enter"]);
    t.wait_for("the split", |s| {
        s.contains("12:45–13:00") && s.contains("13:00–13:14") && s.contains("3 pending")
    });

    // Time tracked meanwhile over the last one: the bulk approval fails whole, says why in
    // the status line, and changes nothing.
    env.run(&["track", "add", "2026-11-20", "14:20-15:00", "project:call"]);
    t.wait_for("the tracked entry", |s| s.contains("3  14:20–15:00"));
    let before = env.snapshot_of_table("capture_suggestions");
    t.keys(&["Y"]);
    t.wait_for("the question", |s| s.contains("Approve the 3 confident"));
    t.keys(&["y"]);
    t.wait_for("the clash", |s| {
        s.contains("overlaps time entry 3") && !s.contains("--adjust")
    });
    assert_eq!(env.snapshot_of_table("capture_suggestions"), before);
    assert_eq!(
        env.json(&["time", "log", "all"]).as_array().map(Vec::len),
        Some(3)
    );
    env.run(&["time", "delete", "3"]);
    t.wait_for("the entry gone", |s| !s.contains("3  14:20–15:00"));

    // The day's confident rest, after a question; undone, and approved again.
    t.keys(&["Y"]);
    t.wait_for("the question", |s| {
        s.contains("Approve the 3 confident suggestions of Fri 20 Nov (1:08)?")
    });
    t.keys(&["y"]);
    t.wait_for("the bulk approval", |s| {
        s.contains("0 pending") && count(s, "approved, entry") == 5
    });
    t.keys(&["u"]);
    t.wait_for("the undo", |s| {
        s.contains("3 pending") && count(s, "approved, entry") == 2
    });
    t.keys(&["Y"]);
    t.wait_for("the question again", |s| s.contains("Approve the 3"));
    t.keys(&["y"]);
    t.wait_for("the bulk approval again", |s| s.contains("0 pending"));

    let log = env.json(&["time", "log", "all"]);
    let entries: Vec<(String, String, String, String)> = log
        .as_array()
        .expect("array")
        .iter()
        .map(|e| {
            let text = |v: &serde_json::Value| v.as_str().unwrap_or("-").to_string();
            (
                text(&e["start"]),
                text(&e["end"]),
                text(&e["project"]),
                text(&e["client"]),
            )
        })
        .collect();
    let row = |a: &str, b: &str, p: &str, c: &str| {
        (
            format!("2026-11-20T{a}:00Z"),
            format!("2026-11-20T{b}:00Z"),
            p.to_string(),
            c.to_string(),
        )
    };
    assert_eq!(
        entries,
        vec![
            row("08:00", "08:59", "-", "-"),
            row("09:30", "09:59", "research", "acme"),
            row("11:45", "12:00", "-", "-"),
            row("12:00", "12:14", "-", "-"),
            row("13:00", "13:39", "-", "-"),
        ]
    );
    let all = env.json(&["review", "--all"]);
    let statuses: Vec<&str> = all
        .as_array()
        .expect("array")
        .iter()
        .map(|s| s["status"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(
        statuses,
        [
            "approved", "approved", "rejected", "approved", "approved", "approved"
        ]
    );
    assert_eq!(env.json(&["review"]), serde_json::json!([]));
}
