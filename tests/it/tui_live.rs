//! The running app follows what other processes write to its database: their tasks show up
//! within a second, with the counts right.

use std::time::{Duration, Instant};

use crate::common::Env;
use crate::common::tmux::Tmux;

/// Waits (polling the pane) until `pred` holds, and says how long that took after `since`.
fn seen_after(t: &Tmux, since: Instant, what: &str, pred: impl Fn(&str) -> bool) -> Duration {
    t.wait_up_to(5, what, pred);
    since.elapsed()
}

#[test]
fn tasks_another_process_adds_and_completes_show_up_within_a_second() {
    let env = Env::new();
    env.cmd()
        .args(["add", "Water the plants"])
        .assert()
        .success();
    let t = Tmux::start(&env, 100, 30);
    t.wait_for("the list", |s| {
        s.contains("Water the plants") && s.contains("1 of 1 tasks")
    });

    env.cmd()
        .args(["add", "Added elsewhere", "pri:H"])
        .assert()
        .success();
    let took = seen_after(&t, Instant::now(), "the added task", |s| {
        s.contains("Added elsewhere") && s.contains("2 of 2 tasks")
    });
    assert!(took < Duration::from_secs(1), "the add took {took:?}");

    env.cmd().args(["done", "1"]).assert().success();
    let took = seen_after(&t, Instant::now(), "the completed task gone", |s| {
        !s.contains("Water the plants") && s.contains("1 of 2 tasks")
    });
    assert!(took < Duration::from_secs(1), "the done took {took:?}");

    // The app's own edit right after another process's is not lost either.
    env.cmd().args(["add", "Third one"]).assert().success();
    t.keys(&["d"]);
    let screen = t.wait_for("both changes", |s| {
        s.contains("Third one") && s.contains("Completed task")
    });
    assert!(screen.contains("of 3 tasks"), "{screen}");
}
