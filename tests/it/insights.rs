//! `tempo insights` and the energy check-in, with the real binary; each session is started and
//! ended at pinned instants (TEMPO_NOW), so nothing depends on the day the tests run.

use std::path::PathBuf;

use crate::common::Env;
use serde_json::Value;

/// A config asking for only two sessions per slot, so a short history shows patterns.
fn config(env: &Env) -> PathBuf {
    let path = env.dir.path().join("insights.toml");
    std::fs::write(
        &path,
        "[insights]\nmin_sessions = 2\ndaily_goal_minutes = 50\n",
    )
    .expect("write config");
    path
}

fn at(env: &Env, now: &str, args: &[&str]) -> std::process::Output {
    env.cmd()
        .env("TEMPO_NOW", now)
        .env("TEMPO_CONFIG", config(env))
        .args(args)
        .output()
        .expect("runs")
}

fn ok(env: &Env, now: &str, args: &[&str]) -> String {
    let out = at(env, now, args);
    assert!(
        out.status.success(),
        "tempo {args:?} at {now}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// A 25-minute session on day `day` of November (UTC hour `hour`), completed or ended by an
/// interruption after 10 minutes, with energy check-ins.
fn session(env: &Env, day: u32, hour: u32, completed: bool, energy: &str) {
    let start = format!("2026-11-{day:02}T{hour:02}:00:00Z");
    ok(
        env,
        &start,
        &["focus", "start", "1", "--minutes", "25", "--energy", energy],
    );
    if completed {
        let end = format!("2026-11-{day:02}T{hour:02}:25:00Z");
        ok(env, &end, &["focus", "stop", "--energy", energy]);
    } else {
        let end = format!("2026-11-{day:02}T{hour:02}:10:00Z");
        ok(env, &end, &["focus", "interrupt", "--external", "--end"]);
    }
}

const NOW: &str = "2026-11-22T09:30:00Z";

fn history(env: &Env) {
    env.run(&["add", "Write report", "project:api", "est:30m"]);
    // Mondays 16 and 9 at 09:00 Berlin (08:00 UTC): always completed, energy 4.
    for day in [9, 16] {
        session(env, day, 8, true, "4");
    }
    // Tuesdays at 15:00 Berlin: interrupted, energy 2.
    for day in [10, 17] {
        session(env, day, 14, false, "2");
    }
}

#[test]
fn best_hours_energy_and_streaks_from_a_history() {
    let env = Env::new();
    history(&env);
    let v: Value = serde_json::from_str(&ok(&env, NOW, &["--json", "insights", "--days", "14"]))
        .expect("JSON");
    assert_eq!(v["from"], "2026-11-09");
    assert_eq!(v["sessions"], 4);
    assert_eq!(v["best_hours_of_week"][0]["label"], "Mon 09:00");
    assert_eq!(v["best_hours_of_week"][0]["completion"]["n"], 2);
    assert_eq!(v["best_hours_of_week"][1]["label"], "Tue 15:00");
    assert_eq!(v["energy"]["checked_in"], 4);
    assert_eq!(v["energy"]["by_start"][0]["band"], "1-2");
    assert_eq!(v["energy"]["by_start"][0]["completion"]["k"], 0);
    assert_eq!(v["energy"]["by_start"][2]["completion"]["k"], 2);
    assert_eq!(v["energy"]["end_after_completed"], 4.0);
    assert!(
        v["energy"]["finding"]
            .as_str()
            .expect("finding")
            .starts_with("Sessions started at energy ≤ 2 complete 100% less often")
    );
    assert_eq!(v["interruptions"]["external"], 2);
    assert_eq!(v["interruptions"]["prone_hours"][0]["label"], "15:00");
    assert_eq!(v["streaks"]["longest_days"], 0);
    // Done now: 70 minutes tracked (2 × 25 + 2 × 10) against a 30-minute estimate.
    ok(&env, NOW, &["done", "1"]);
    let v: Value = serde_json::from_str(&ok(&env, NOW, &["--json", "insights", "--days", "14"]))
        .expect("JSON");
    assert_eq!(v["estimate_accuracy"][0]["group"], "project:api");
    assert_eq!(v["estimate_accuracy"][0]["tasks"], 1);
    let ratio = v["estimate_accuracy"][0]["median_ratio"]
        .as_f64()
        .expect("ratio");
    assert!((ratio - 70.0 / 30.0).abs() < 1e-9, "{ratio}");
    assert_eq!(v["days"][13]["tasks_done"], 1);
    // A one-day window before the history holds nothing, and says so.
    let text = ok(&env, "2026-11-05T12:00:00Z", &["insights", "--days", "1"]);
    assert!(text.contains("0 focus sessions"), "{text}");
    assert!(text.contains("best hours need more history"), "{text}");
}

#[test]
fn the_weekly_review_says_where_the_time_went() {
    let env = Env::new();
    history(&env);
    env.run(&["add", "Fix login", "project:web"]);
    ok(&env, "2026-11-18T10:00:00Z", &["done", "2"]);
    let text = ok(&env, NOW, &["insights", "week"]);
    assert!(
        text.starts_with("Week of Mon 2026-11-16 to Sun 2026-11-22"),
        "{text}"
    );
    assert!(text.contains("Done: 1 tasks\n  2 Fix login"), "{text}");
    // Monday's 25 minutes and Tuesday's 10 on the api task.
    assert!(
        text.contains("Tracked: 0h 35m; focus 0h 35m in 2 sessions"),
        "{text}"
    );
    assert!(text.contains("api"), "{text}");
    let v: Value =
        serde_json::from_str(&ok(&env, NOW, &["--json", "insights", "week"])).expect("JSON");
    assert_eq!(v["by_project"][0]["project"], "api");
    assert_eq!(v["by_project"][0]["minutes"], 35.0);
}

#[test]
fn bad_input_is_refused_with_exit_2_and_changes_nothing() {
    let env = Env::new();
    history(&env);
    ok(&env, NOW, &["focus", "start", "1", "--minutes", "25"]);
    let before = env.snapshot();
    for (args, says) in [
        (
            &["insights", "--days", "0"][..],
            "a window is 1 to 3650 days, not 0",
        ),
        (&["insights", "--days", "4000"][..], "not 4000"),
        (&["insights", "--days", "many"][..], "invalid value 'many'"),
        (
            &["insights", "week", "--days", "3"][..],
            "unexpected argument '--days'",
        ),
        (&["insights", "--days", "3", "week"][..], "leave out --days"),
        (&["insights", "month"][..], "unrecognized subcommand"),
        (&["focus", "stop", "--energy", "6"][..], "6 is not in 1..=5"),
        (&["focus", "stop", "--energy", "0"][..], "0 is not in 1..=5"),
        (
            &["focus", "start", "--energy", "x"][..],
            "invalid value 'x'",
        ),
    ] {
        let out = at(&env, "2026-11-22T09:35:00Z", args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
        assert_eq!(env.snapshot(), before, "{args:?} changed the database");
    }
}

#[test]
fn an_energy_check_in_needs_a_session() {
    let env = Env::new();
    env.run(&["add", "Write report"]);
    let before = env.snapshot();
    let out = at(&env, NOW, &["focus", "stop", "--energy", "3"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(env.snapshot(), before);
}
