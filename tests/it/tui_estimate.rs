//! Estimates and energy check-ins in the app, in the real binary under tmux: the detail view
//! of an open task shows the learned estimate, and with `[focus] energy_checkin` a started
//! focus session asks for the energy and records the answer.

use std::time::{Duration, Instant};

use crate::common::tmux::Tmux;
use crate::plan_estimate::two_speed_env;

#[test]
fn the_detail_view_shows_the_estimate_and_a_focus_start_asks_for_energy() {
    let (env, config) = two_speed_env();
    let mut text = std::fs::read_to_string(&config).expect("config");
    text.push_str("[focus]\nenergy_checkin = true\n");
    std::fs::write(&config, text).expect("write config");
    env.run(&["add", "Next slow one", "project:slow", "est:30m"]);
    let expected = env.json(&["--config", &config, "estimate", "25"]);

    let t = Tmux::start_with(&env, &[("TEMPO_CONFIG", config.clone())], 100, 30, "");
    t.wait_for("the task list", |s| s.contains("Next slow one"));
    t.keys(&["Enter"]);
    let screen = t.wait_for("the learned estimate", |s| s.contains("Learned"));
    let line = screen
        .lines()
        .find(|l| l.starts_with("Learned"))
        .expect("a Learned line");
    let minutes = expected["minutes"].as_f64().expect("minutes");
    let shown = tempo::model::duration::format_minutes(minutes.round() as u32);
    assert!(line.contains(&shown), "{line} vs {expected}");
    assert!(screen.contains("project slow: ×"), "{screen}");

    // Escape and a key at once read as Alt+key: wait for the list first.
    t.keys(&["Escape"]);
    t.wait_for("the list again", |s| !s.contains("esc back"));
    t.keys(&["2"]);
    t.wait_for("the focus pane", |s| s.contains("space start"));
    t.keys(&["Space"]);
    t.wait_for("the energy question", |s| s.contains("energy now (1–5)"));
    t.type_text("9");
    t.keys(&["Enter"]);
    t.wait_for("the range error", |s| s.contains("from 1 to 5"));
    t.keys(&["BSpace"]);
    t.type_text("4");
    t.keys(&["Enter"]);
    t.wait_for("the check-in recorded", |s| s.contains("Energy 4 recorded"));
    t.keys(&["q"]);
    let deadline = Instant::now() + Duration::from_secs(5);
    while t.alive() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!t.alive(), "tempo did not quit");
    let energy = env.snapshot_of_table("focus_energy");
    assert!(energy.contains("Integer(4)"), "{energy}");
}
