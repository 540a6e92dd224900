//! A calendar object is named by its calendar and UID: the same UID in an import, a
//! subscription and a CalDAV calendar is one object in each, and writing one never moves or
//! deletes another (least of all on the server, at the next sync).

use crate::common::Env;
use crate::common::radicale::{PASSWORD, Radicale, add_account_args, event, todo};

fn file(env: &Env, name: &str, text: &str) -> String {
    let path = env.dir.path().join(name);
    std::fs::write(&path, text).expect("write");
    path.to_str().expect("utf-8").to_string()
}

/// (events, to-dos) per calendar name, sorted by name.
fn counts(env: &Env) -> Vec<(String, i64, i64)> {
    env.json(&["cal", "calendars"])
        .as_array()
        .expect("array")
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap_or("").to_string(),
                c["objects"].as_i64().unwrap_or(-1),
                c["todos"].as_i64().unwrap_or(-1),
            )
        })
        .collect()
}

const BOTH: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n\
BEGIN:VEVENT\r\nUID:ev-1\r\nSUMMARY:Standup\r\nDTSTART:20261124T090000Z\r\nDURATION:PT15M\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:ev-2\r\nSUMMARY:Retro\r\nDTSTART:20261125T090000Z\r\nDURATION:PT1H\r\nEND:VEVENT\r\n\
BEGIN:VTODO\r\nUID:todo-1\r\nSUMMARY:Book room\r\nEND:VTODO\r\n\
END:VCALENDAR\r\n";

#[test]
fn importing_into_a_second_calendar_leaves_the_first_whole() {
    let env = Env::new();
    let path = file(&env, "team.ics", BOTH);
    env.run(&["cal", "import", &path, "--calendar", "a"]);
    let b = env.json(&["cal", "import", &path, "--calendar", "b"]);
    assert_eq!(
        (b["added"].as_u64(), b["updated"].as_u64()),
        (Some(2), Some(0)),
        "{b}"
    );
    assert_eq!(
        counts(&env),
        vec![("a".to_string(), 2, 1), ("b".to_string(), 2, 1)]
    );
    // Each calendar's to-do is its own task: two, and each calendar still has its own.
    let tasks = env.json(&["list", "status:any"]);
    assert_eq!(tasks.as_array().expect("array").len(), 2, "{tasks}");
    // Importing into either again changes nothing in either.
    let again = env.json(&["cal", "import", &path, "--calendar", "a"]);
    assert_eq!(
        (again["added"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(2)),
        "{again}"
    );
    assert_eq!(again["tasks"]["unchanged"], 1, "{again}");
    assert_eq!(
        counts(&env),
        vec![("a".to_string(), 2, 1), ("b".to_string(), 2, 1)]
    );
    // A UID in two calendars is named by its id; the UID alone is ambiguous.
    let out = env
        .cmd()
        .args(["cal", "delete", "ev-1"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("several calendars"), "{err}");
}

fn tempo(env: &Env, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = env
        .cmd()
        .env("DAV_PW", PASSWORD)
        .args(&all)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "tempo {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Some commands only print a sentence.
    serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null)
}

fn on_server(server: &Radicale) -> Vec<String> {
    server
        .members("work")
        .iter()
        .filter_map(|(_, t)| {
            t.lines()
                .find_map(|l| l.strip_prefix("SUMMARY:"))
                .map(|s| s.trim_end().to_string())
        })
        .collect()
}

#[test]
fn a_subscription_or_import_with_a_synced_uid_never_deletes_it_on_the_server() {
    let server = Radicale::start();
    server.mkcalendar("work", "Work");
    server.put(
        "work",
        "x-1.ics",
        &event("ev-shared", "Dentist", "20261124T090000Z", ""),
    );
    server.put("work", "x-2.ics", &todo("todo-shared", "Buy milk", ""));
    let env = Env::new();
    tempo(&env, &add_account_args(&server.url()));
    let r = tempo(&env, &["sync", "--account", "home"]);
    assert_eq!(r[0]["result"]["added"], 2, "{r}");

    // A feed and an import carrying the same UID.
    let copy = event("ev-shared", "Dentist (copy)", "20261124T090000Z", "");
    let feed = file(&env, "feed.ics", &copy);
    tempo(&env, &["sync", "add-subscription", "feed", &feed]);
    // The import's to-do becomes a task of its own: the synced one keeps its title.
    let copy = format!(
        "{}{}",
        copy.replace("END:VCALENDAR\r\n", ""),
        todo("todo-shared", "Buy oat milk", "").replace(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//other client//EN\r\n",
            ""
        )
    );
    let import = file(&env, "import.ics", &copy);
    tempo(&env, &["cal", "import", &import, "--calendar", "personal"]);

    let r = tempo(&env, &["sync", "--account", "home"]);
    assert_eq!(
        (
            r[0]["result"]["deleted"].as_u64(),
            r[0]["result"]["pushed"].as_u64()
        ),
        (Some(0), Some(0)),
        "{r}"
    );
    assert_eq!(on_server(&server), vec!["Dentist", "Buy milk"]);
    let work: Vec<(String, i64, i64)> =
        counts(&env).into_iter().filter(|c| c.0 == "Work").collect();
    assert_eq!(work, vec![("Work".to_string(), 1, 1)]);

    // Removing the feed removes its copy only.
    tempo(&env, &["sync", "remove", "feed"]);
    let r = tempo(&env, &["sync", "--account", "home"]);
    assert_eq!(r[0]["result"]["deleted"], 0, "{r}");
    assert_eq!(on_server(&server), vec!["Dentist", "Buy milk"]);
    assert_eq!(
        counts(&env),
        vec![("Work".to_string(), 1, 1), ("personal".to_string(), 1, 1)]
    );
}
