//! The planner in the app, in the real binary under tmux: the calendar's day view of Monday,
//! `P` shows the plan as ghost blocks, Enter writes it, and `cal agenda --json` finds the
//! blocks afterwards.

use std::time::{Duration, Instant};

use crate::common::Env;
use crate::common::tmux::Tmux;

/// (summary, start) of Monday 23 November's agenda items.
fn monday(env: &Env) -> Vec<(String, String)> {
    let items = env.json(&["cal", "agenda", "--from", "2026-11-23", "--days", "1"]);
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("-").to_string();
    items
        .as_array()
        .expect("array")
        .iter()
        .map(|i| (text(&i["summary"]), text(&i["start"])))
        .collect()
}

#[test]
fn p_plans_monday_and_enter_writes_the_blocks() {
    let env = Env::new();
    env.run(&["add", "Write report", "est:90m"]);
    env.run(&["add", "Call bank", "est:30m"]);
    assert!(monday(&env).is_empty());

    let t = Tmux::start(&env, 100, 30);
    t.wait_for("the task list", |s| s.contains("Write report"));
    // The pinned now is a Sunday: plan the Monday after it, in its day view.
    t.keys(&["3"]);
    t.wait_for("the month", |s| s.contains("November 2026"));
    t.keys(&["l", "Enter"]);
    t.wait_for("Monday's day view", |s| {
        s.contains("Monday 23 November 2026")
    });
    t.keys(&["P"]);
    let screen = t.wait_for("the ghost blocks", |s| {
        s.contains("Plan 1/2") && s.contains("┆Write report") && s.contains("┆Call bank")
    });
    assert!(screen.contains("Enter accept"), "{screen}");
    assert!(monday(&env).is_empty(), "a proposal writes nothing");

    t.keys(&["Enter"]);
    t.wait_for("the blocks written", |s| s.contains("Planned 2 blocks"));
    t.keys(&["q"]);
    let deadline = Instant::now() + Duration::from_secs(5);
    while t.alive() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!t.alive(), "tempo did not quit");

    let got = monday(&env);
    let titles: Vec<&str> = got.iter().map(|(s, _)| s.as_str()).collect();
    assert!(
        titles.contains(&"Write report") && titles.contains(&"Call bank"),
        "{got:?}"
    );
    assert!(
        got.iter().all(|(_, start)| start.starts_with("2026-11-23")),
        "{got:?}"
    );
}
