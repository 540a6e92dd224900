//! Import of what the real Taskwarrior (`task`, installed by scripts/test) exports.

use crate::common::Env;
use crate::common::taskwarrior::task;
use serde_json::Value;

fn by_title<'a>(tasks: &'a Value, title: &str) -> &'a Value {
    tasks
        .as_array()
        .expect("array")
        .iter()
        .find(|t| t["title"] == title)
        .unwrap_or_else(|| panic!("no task {title}"))
}

#[test]
fn imports_real_task_export_and_reimport_updates_without_duplicates() {
    let tw = tempfile::tempdir().expect("dir");
    let d = tw.path();
    task(
        d,
        &[
            "add",
            "Pay rent",
            "project:home.bills",
            "+money",
            "+next",
            "priority:H",
            "due:2026-12-01",
        ],
    );
    task(
        d,
        &[
            "add",
            "Call landlord",
            "scheduled:2026-11-25",
            "wait:2030-01-01",
        ],
    );
    task(d, &["/Call landlord/", "modify", "depends:1"]);
    task(d, &["/Pay rent/", "annotate", "ask about heating"]);
    task(
        d,
        &["add", "Water plants", "due:2026-11-23", "recur:weekly"],
    );
    task(d, &["add", "Finished thing"]);
    task(d, &["add", "Started one"]);
    task(d, &["add", "Gone"]);
    task(d, &["list"]); // lets Taskwarrior create the recurring instance
    task(d, &["/Finished thing/", "done"]);
    task(d, &["/Started one/", "start"]);
    task(d, &["/Gone/", "delete"]);
    let export = d.join("export.json");
    std::fs::write(&export, task(d, &["export"])).expect("write export");

    let env = Env::new();
    let path = export.to_str().expect("utf-8");
    let report = env.json(&["import", "taskwarrior", path]);
    assert_eq!(report["added"], 6, "{report}");
    assert_eq!(report["skipped_templates"], 1, "{report}");

    let all = env.json(&["list", "status:any"]);
    let rent = by_title(&all, "Pay rent");
    assert_eq!(rent["project"], "home.bills");
    assert_eq!(rent["tags"], serde_json::json!(["money", "next"]));
    assert_eq!(rent["priority"], "H");
    assert_eq!(rent["due"], "2026-12-01T00:00:00Z");
    assert_eq!(rent["annotations"][0]["text"], "ask about heating");
    assert_eq!(rent["blocking"], true);
    let call = by_title(&all, "Call landlord");
    assert_eq!(call["status"], "waiting");
    assert_eq!(call["scheduled"], "2026-11-25T00:00:00Z");
    assert_eq!(call["depends"][0], rent["uuid"]);
    assert_eq!(by_title(&all, "Finished thing")["status"], "done");
    assert_eq!(by_title(&all, "Started one")["status"], "started");
    assert_eq!(by_title(&all, "Gone")["status"], "cancelled");
    let water = by_title(&all, "Water plants");
    assert_eq!(water["recur"]["rule"]["unit"], "week");
    // UUIDs are Taskwarrior's.
    let tw_uuids = task(d, &["_uuids"]);
    assert!(tw_uuids.contains(rent["uuid"].as_str().expect("uuid")));

    // Importing the same export again changes nothing.
    let again = env.json(&["import", "taskwarrior", path]);
    assert_eq!(
        (again["added"].as_i64(), again["unchanged"].as_i64()),
        (Some(0), Some(6)),
        "{again}"
    );
    // An edit in Taskwarrior arrives as an update of the same task, same id.
    task(d, &["/Pay rent/", "modify", "priority:L", "+urgent"]);
    std::fs::write(&export, task(d, &["export"])).expect("write export");
    let third = env.json(&["import", "taskwarrior", path]);
    assert_eq!(third["updated"], 1, "{third}");
    let rent_after = env.json(&["show", &rent["id"].to_string()]);
    assert_eq!(rent_after["priority"], "L");
    assert_eq!(
        rent_after["tags"],
        serde_json::json!(["money", "next", "urgent"])
    );
    assert_eq!(
        env.json(&["list", "status:any"])
            .as_array()
            .expect("array")
            .len(),
        6
    );
    // The whole import is one undo step.
    env.run(&["undo"]);
    assert_eq!(
        env.json(&["show", &rent["id"].to_string()])["priority"],
        "H"
    );
}

#[test]
fn malformed_exports_are_refused_cleanly() {
    let env = Env::new();
    env.run(&["add", "seed"]);
    let bad = env.dir.path().join("bad.json");
    std::fs::write(&bad, "[{\"uuid\": \"x\", oops").expect("write");
    let before = env.snapshot();
    let out = env
        .cmd()
        .args(["import", "taskwarrior", bad.to_str().expect("utf-8")])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not Taskwarrior export JSON"));
    assert_eq!(env.snapshot(), before);
    let out = env
        .cmd()
        .args(["import", "taskwarrior", "/no/such/file.json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /no/such/file.json"));
}
