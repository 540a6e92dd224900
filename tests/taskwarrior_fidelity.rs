//! Taskwarrior data survives Tempo: recurrence words, UDAs, expiry, round trips through the real
//! `task` (installed by scripts/test, run under faketime).

mod common;
#[path = "common/taskwarrior.rs"]
mod taskwarrior;

use common::Env;
use serde_json::Value;
use taskwarrior::task;

fn by_title<'a>(tasks: &'a Value, title: &str) -> &'a Value {
    tasks
        .as_array()
        .expect("array")
        .iter()
        .find(|t| t["title"] == title)
        .unwrap_or_else(|| panic!("no task {title} in {tasks}"))
}

fn import_from(env: &Env, dir: &std::path::Path) -> Value {
    let export = dir.join("export.json");
    std::fs::write(&export, task(dir, &["export"])).expect("write export");
    env.json(&["import", "taskwarrior", export.to_str().expect("utf-8")])
}

#[test]
fn taskwarrior_recurrence_words_keep_their_period() {
    let tw = tempfile::tempdir().expect("dir");
    let d = tw.path();
    for (title, recur) in [
        ("Rent", "month"),
        ("Taxes", "quarterly"),
        ("Review", "2q"),
        ("Checkup", "biannual"),
        ("Sync", "fortnight"),
        ("Backup", "P1M"),
    ] {
        task(
            d,
            &["add", title, "due:2026-12-01", &format!("recur:{recur}")],
        );
    }
    task(d, &["list"]);
    let env = Env::new();
    import_from(&env, d);
    let all = env.json(&["list", "status:any"]);
    for (title, every, unit) in [
        ("Rent", 1, "month"),
        ("Taxes", 3, "month"),
        ("Review", 6, "month"),
        ("Checkup", 2, "year"),
        ("Sync", 2, "week"),
        ("Backup", 1, "month"),
    ] {
        let rule = &by_title(&all, title)["recur"]["rule"];
        assert_eq!(
            (rule["every"].as_i64(), rule["unit"].as_str()),
            (Some(every), Some(unit)),
            "{title}: {rule}"
        );
        assert_eq!(rule["weekdays"], serde_json::json!([]), "{title}");
    }
    // Tempo's own words mean the same.
    env.run(&["add", "Pay", "due:2026-12-01", "recur:month"]);
    let pay = by_title(&env.json(&["list"]), "Pay").clone();
    assert_eq!(pay["recur"]["rule"]["unit"], "month", "{pay}");
}
