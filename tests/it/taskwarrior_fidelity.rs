//! Taskwarrior data survives Tempo: recurrence words, UDAs, expiry, round trips through the real
//! `task` (installed by scripts/test, run under faketime).

use crate::common::Env;
use crate::common::taskwarrior::task;
use serde_json::Value;

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

const UDAS: &str = "uda.estimate.type=duration\nuda.client.type=string\nuda.size.type=numeric\n";

/// `task export` by UUID, without what Taskwarrior computes on the fly.
fn exported_by_uuid(dir: &std::path::Path) -> std::collections::BTreeMap<String, Value> {
    let all: Value = serde_json::from_str(&task(dir, &["export"])).expect("task export JSON");
    all.as_array()
        .expect("array")
        .iter()
        .map(|t| {
            let mut t = t.clone();
            let o = t.as_object_mut().expect("object");
            o.remove("id");
            o.remove("urgency");
            (o["uuid"].as_str().expect("uuid").to_string(), t)
        })
        .collect()
}

fn taskwarrior_with_everything(d: &std::path::Path) {
    crate::common::taskwarrior::configure(d, UDAS);
    task(
        d,
        &[
            "add",
            "Pay rent",
            "project:Home Stuff",
            "+money",
            "priority:H",
            "due:2026-12-01",
            "estimate:2h",
            "client:acme",
            "size:3",
        ],
    );
    task(
        d,
        &["add", "Offer", "until:2026-12-31T00:00:00", "client:beta"],
    );
    task(
        d,
        &["add", "Later", "wait:2030-01-01", "scheduled:2026-11-25"],
    );
    task(d, &["/Later/", "modify", "depends:1"]);
    task(d, &["/Pay rent/", "annotate", "ask about heating"]);
    task(d, &["add", "Finished"]);
    task(d, &["add", "Started"]);
    task(d, &["add", "Gone"]);
    task(
        d,
        &[
            "add",
            "Standup",
            "due:2026-11-16T09:00:00",
            "recur:weekly",
            "+work",
        ],
    );
    task(d, &["list"]); // Taskwarrior makes the instances
    task(d, &["/Finished/", "done"]);
    task(d, &["/Started/", "start"]);
    task(d, &["/Gone/", "delete"]);
}

#[test]
fn taskwarrior_udas_estimate_expiry_and_odd_projects_are_kept() {
    let tw = tempfile::tempdir().expect("dir");
    let d = tw.path();
    taskwarrior_with_everything(d);
    let env = Env::new();
    let report = import_from(&env, d);
    assert_eq!(report["warnings"], serde_json::json!([]), "{report}");
    let all = env.json(&["list", "status:any"]);
    let rent = by_title(&all, "Pay rent");
    assert_eq!(rent["project"], "Home Stuff");
    assert_eq!(rent["notes"], "");
    assert_eq!(rent["estimate_minutes"], 120);
    assert_eq!(
        rent["fields"],
        serde_json::json!({"client": "acme", "size": "3"})
    );
    let offer = by_title(&all, "Offer");
    assert_eq!(
        offer["fields"]["until"], "2026-12-31T00:00:00+00:00",
        "{offer}"
    );
    // The custom field is shown, filtered on and exported.
    let id = rent["id"].to_string();
    let shown = env.run(&["show", &id]);
    assert!(
        shown.contains("client") && shown.contains("acme"),
        "{shown}"
    );
    let acme = env.json(&["list", "status:any", "client:acme"]);
    assert_eq!(acme.as_array().map(Vec::len), Some(1), "{acme}");
    assert_eq!(acme[0]["title"], "Pay rent");
    let unset = env.json(&["list", "status:any", "client:"]);
    assert!(
        unset
            .as_array()
            .expect("array")
            .iter()
            .all(|t| t["fields"].get("client").is_none())
    );
    let json = env.run(&["export", "json", "client:beta"]);
    assert!(json.contains("\"client\": \"beta\""), "{json}");
    // Importing the same export again changes nothing.
    let again = import_from(&env, d);
    assert_eq!(again["updated"], 0, "{again}");
}

#[test]
fn export_taskwarrior_round_trips_through_the_real_task() {
    let tw = tempfile::tempdir().expect("dir");
    let d = tw.path();
    taskwarrior_with_everything(d);
    let env = Env::new();
    import_from(&env, d);
    let back = tempfile::tempdir().expect("dir");
    let b = back.path();
    crate::common::taskwarrior::configure(b, UDAS);
    let file = b.join("from-tempo.json");
    std::fs::write(&file, env.run(&["export", "taskwarrior"])).expect("write");
    task(b, &["import", file.to_str().expect("utf-8")]);
    let (before, after) = (exported_by_uuid(d), exported_by_uuid(b));
    assert_eq!(before.len(), after.len());
    for (uuid, original) in &before {
        assert_eq!(
            Some(original),
            after.get(uuid),
            "task {uuid} changed on the way"
        );
    }
}

fn standups(env: &Env) -> Vec<(String, String)> {
    let all = env.json(&["list", "status:any"]);
    let mut out: Vec<(String, String)> = all
        .as_array()
        .expect("array")
        .iter()
        .filter(|t| t["title"] == "Standup")
        .map(|t| {
            (
                t["due"].as_str().unwrap_or_default().to_string(),
                t["status"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn completing_an_imported_instance_does_not_duplicate_or_revive_the_next() {
    let tw = tempfile::tempdir().expect("dir");
    let d = tw.path();
    task(
        d,
        &["add", "Standup", "due:2026-11-16T09:00:00", "recur:weekly"],
    );
    task(d, &["list"]);
    let env = Env::new();
    import_from(&env, d);
    let before = standups(&env);
    assert!(
        before.iter().any(|(due, _)| due == "2026-11-23T09:00:00Z"),
        "Taskwarrior made the next instance ahead: {before:?}"
    );
    let first = env.json(&["list", "Standup", "due.before:2026-11-17"]);
    env.run(&["done", &first[0]["id"].to_string()]);
    let after = standups(&env);
    assert_eq!(
        after
            .iter()
            .filter(|(due, _)| due == "2026-11-23T09:00:00Z")
            .count(),
        1,
        "{after:?}"
    );

    // An instance deleted in Taskwarrior stays deleted when the one before is completed here.
    let tw2 = tempfile::tempdir().expect("dir");
    let d2 = tw2.path();
    task(
        d2,
        &["add", "Standup", "due:2026-11-16T09:00:00", "recur:weekly"],
    );
    task(d2, &["list"]);
    task(d2, &["due:2026-11-23T09:00:00", "delete"]);
    let env2 = Env::new();
    import_from(&env2, d2);
    let first = env2.json(&["list", "Standup", "due.before:2026-11-17"]);
    env2.run(&["done", &first[0]["id"].to_string()]);
    let after = standups(&env2);
    assert!(
        !after
            .iter()
            .any(|(due, status)| due == "2026-11-23T09:00:00Z" && status != "cancelled"),
        "{after:?}"
    );
}

#[test]
fn an_hourly_recurrence_is_refused_not_reinterpreted() {
    let env = Env::new();
    env.run(&["add", "seed"]);
    let before = env.snapshot();
    for recur in ["recur:12h", "recur:PT12H", "recur:hourly"] {
        let out = env
            .cmd()
            .args(["add", "Check", "due:tomorrow", recur])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{recur}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("hourly and shorter intervals are not supported"),
            "{err}"
        );
    }
    assert_eq!(env.snapshot(), before);
    // From Taskwarrior: the task arrives, the refusal is a warning naming it.
    let json = r#"[{"uuid":"8c3c1a37-6d6a-4f3e-9b1a-0a6c8d1f2e01","description":"Check","status":"pending","entry":"20261101T100000Z","due":"20261123T090000Z","recur":"1h","parent":"0b6e1f0a-1111-4222-8333-444455556666"}]"#;
    let path = env.dir.path().join("tw.json");
    std::fs::write(&path, json).expect("write");
    let report = env.json(&["import", "taskwarrior", path.to_str().expect("utf-8")]);
    let warning = report["warnings"][0].as_str().unwrap_or_default();
    assert!(
        warning.contains("`1h`") && warning.contains("hourly"),
        "{report}"
    );
}
