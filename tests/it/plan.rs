//! `tempo plan` with the real binary: the proposal around events, what does not fit, `why`,
//! bad input, `--apply` into the calendar and a re-plan that moves unworked blocks.

use crate::common::Env;

/// Sunday 22 Nov (NOW) with Monday's meeting and four tasks.
fn setup() -> Env {
    let env = Env::new();
    env.run(&["cal", "add", "Meeting tomorrow 10:00 60m"]);
    for task in [
        "Write report est:90m due:tomorrow_17:00 pri:H",
        "Migrate db est:6h due:mon_13:00",
        "Follow up est:30m depends:1",
        "Read paper est:2h +deep",
    ] {
        let mut args = vec!["add".to_string()];
        args.extend(task.split(' ').map(|w| w.replace('_', " ")));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        env.run(&args);
    }
    env
}

/// Runs `args` with the clock at `now`.
fn at(env: &Env, now: &str, args: &[&str]) -> String {
    let out = env
        .cmd()
        .env("TEMPO_NOW", now)
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn local_hm(t: &serde_json::Value) -> String {
    let t: chrono::DateTime<chrono::Utc> = t.as_str().expect("a time").parse().expect("RFC 3339");
    t.with_timezone(&chrono_tz::Europe::Berlin)
        .format("%a %H:%M")
        .to_string()
}

fn blocks_of(agenda: &serde_json::Value) -> Vec<(String, String, String)> {
    agenda
        .as_array()
        .expect("an array")
        .iter()
        .filter(|i| i["calendar"] == "blocks")
        .map(|i| {
            (
                local_hm(&i["start"]),
                local_hm(&i["end"]),
                i["summary"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn plan_lays_tasks_around_the_meeting_and_says_what_does_not_fit() {
    let env = setup();
    let before = env.snapshot();
    let text = env.run(&["plan", "tomorrow"]);
    assert!(
        text.contains("  09:00–09:50     1  Write report (1/2)"),
        "{text}"
    );
    assert!(
        text.contains("  11:10–11:50     1  Write report (2/2)"),
        "{text}"
    );
    assert!(text.contains("  15:10–15:40     3  Follow up"), "{text}");
    assert!(
        text.contains("     2  Migrate db: needs 6h before Mon 23 Nov 13:00, 1h 40m free"),
        "{text}"
    );
    let p = env.json(&["plan", "tomorrow"]);
    let blocks = p["blocks"].as_array().expect("blocks");
    assert_eq!(blocks.len(), 4, "{p}");
    assert!(
        blocks
            .iter()
            .all(|b| !(local_hm(&b["start"]).as_str() < "Mon 11:10"
                && local_hm(&b["end"]).as_str() > "Mon 09:50")),
        "nothing within the meeting and its buffers: {p}"
    );
    assert_eq!(p["unplaced"][0]["id"], 2);
    assert_eq!(env.snapshot(), before, "a proposal writes nothing");
}

#[test]
fn why_explains_where_a_task_went() {
    let env = setup();
    let text = env.run(&["plan", "why", "3", "tomorrow"]);
    assert!(text.contains("  Mon 23 Nov 15:10–15:40"), "{text}");
    assert!(text.contains("after task 1, which it depends on"), "{text}");
    let text = env.run(&["plan", "why", "2", "tomorrow"]);
    assert!(
        text.contains("Not planned: needs 6h before Mon 23 Nov 13:00"),
        "{text}"
    );
}

#[test]
fn bad_input_is_refused_with_exit_code_2_and_nothing_changed() {
    let env = setup();
    for (args, needle) in [
        (vec!["plan", "someday"], "cannot plan “someday”"),
        (vec!["plan", "2026-11-27..2026-11-24"], "before it starts"),
        (vec!["plan", "2026-11-01"], "is over"),
        (vec!["plan", "2026-11-23..2027-03-01"], "at most 31 days"),
        (vec!["plan", "why", "99"], "no task matches"),
        (vec!["plan", "why", "1", "nowhen"], "cannot plan"),
        (vec!["plan", "--apply", "--bogus"], "--bogus"),
    ] {
        let before = env.snapshot();
        let out = env.cmd().args(&args).output().expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(env.snapshot(), before, "{args:?} changed the database");
    }
    env.run(&["done", "1"]);
    let out = env.cmd().args(["plan", "why", "1"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("only open tasks are planned"));
}

#[test]
fn a_bad_planner_setting_is_refused() {
    let env = setup();
    let config = env.dir.path().join("config.toml");
    std::fs::write(&config, "[planner]\nwork_hours = \"17:00-09:00\"\n").expect("write");
    let out = env
        .cmd()
        .env("TEMPO_CONFIG", &config)
        .args(["plan"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("planner.work_hours"));
}

#[test]
fn apply_writes_blocks_the_agenda_shows_and_a_replan_moves_the_unworked_ones() {
    let env = setup();
    let out = env.run(&["plan", "tomorrow", "--apply"]);
    assert!(
        out.contains("Wrote 4 time blocks (replaced 0 planned earlier)"),
        "{out}"
    );
    let agenda = monday_agenda(&env);
    let row = |a: &str, b: &str, s: &str| (a.to_string(), b.to_string(), s.to_string());
    assert_eq!(
        blocks_of(&agenda),
        vec![
            row("Mon 09:00", "Mon 09:50", "Write report"),
            row("Mon 11:10", "Mon 11:50", "Write report"),
            row("Mon 13:00", "Mon 15:00", "Read paper"),
            row("Mon 15:10", "Mon 15:40", "Follow up"),
        ]
    );
    assert!(
        agenda
            .as_array()
            .expect("items")
            .iter()
            .all(|i| i["calendar"] != "blocks" || i["task"].is_string()),
        "each block is linked to its task: {agenda}"
    );
    // Monday 11:20: the 09:00 block was not worked and moves; the 11:10 one has started and
    // stays, and covers 40 of the report's 90 minutes.
    let out = at(&env, "2026-11-23T10:20:00Z", &["plan", "--apply"]);
    assert!(out.contains("replaced 3 planned earlier"), "{out}");
    let agenda = monday_agenda(&env);
    assert_eq!(
        blocks_of(&agenda),
        vec![
            row("Mon 11:10", "Mon 11:50", "Write report"),
            row("Mon 13:00", "Mon 13:50", "Write report"),
            row("Mon 14:00", "Mon 16:00", "Read paper"),
            row("Mon 16:10", "Mon 16:40", "Follow up"),
        ]
    );
    // At 17:00 the day's blocks are over: the one with time tracked in it was worked and
    // stays; the others were not and move on.
    at(&env, "2026-11-23T12:10:00Z", &["track", "start", "1"]);
    at(&env, "2026-11-23T12:40:00Z", &["track", "stop"]);
    let out = at(&env, "2026-11-23T16:00:00Z", &["plan", "--apply"]);
    assert!(out.contains("replaced 3 planned earlier"), "{out}");
    let agenda = monday_agenda(&env);
    assert_eq!(
        blocks_of(&agenda),
        vec![row("Mon 13:00", "Mon 13:50", "Write report")]
    );
    env.run(&["undo"]);
    let agenda = monday_agenda(&env);
    assert_eq!(
        blocks_of(&agenda).len(),
        4,
        "undo brings the earlier plan back: {agenda}"
    );
}

/// Monday 23 November's events and blocks, as `cal agenda --json` gives them.
fn monday_agenda(env: &Env) -> serde_json::Value {
    env.json(&[
        "cal",
        "agenda",
        "--from",
        "2026-11-23",
        "--days",
        "1",
        "--no-tasks",
    ])
}
