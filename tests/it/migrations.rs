//! A database written by the first schema upgrades in place to the latest, with data intact.

use crate::common::Env;

#[test]
fn first_schema_upgrades_with_data_intact() {
    let env = Env::new();
    let conn = rusqlite::Connection::open(&env.db).expect("create");
    conn.execute_batch(include_str!("../fixtures/schema_v1.sql"))
        .expect("v1 schema");
    drop(conn);

    let all = env.json(&["list", "status:any", "--sort", "id"]);
    let tasks = all.as_array().expect("array");
    assert_eq!(tasks.len(), 3);
    let passport = &tasks[0];
    assert_eq!(passport["title"], "Renew passport");
    assert_eq!(passport["notes"], "bring photos");
    assert_eq!(passport["tags"], serde_json::json!(["errand", "next"]));
    assert_eq!(passport["priority"], "H");
    assert_eq!(passport["estimate_minutes"], 45);
    assert_eq!(passport["annotations"][0]["text"], "photo booth on Main St");
    assert_eq!(
        passport["depends"][0],
        "22222222-2222-4222-8222-222222222222"
    );
    assert_eq!(passport["blocked"], true);
    assert_eq!(tasks[1]["status"], "started");
    assert_eq!(tasks[1]["parent"], "11111111-1111-4111-8111-111111111111");
    assert_eq!(tasks[2]["status"], "done");

    let conn = rusqlite::Connection::open(&env.db).expect("reopen");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, tempo::store::migrations::LATEST);
    drop(conn);

    // The upgraded database is fully usable: new ids continue after the old ones, undo works.
    env.run(&["add", "after upgrade"]);
    assert_eq!(env.json(&["show", "4"])["title"], "after upgrade");
    env.run(&["undo"]);
    assert_eq!(
        env.json(&["list", "status:any"])
            .as_array()
            .expect("array")
            .len(),
        3
    );
}

#[test]
fn every_intermediate_version_upgrades() {
    for start in 0..tempo::store::migrations::LATEST {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("db.sqlite");
        drop(tempo::store::Store::open_at_version(&path, start).expect("old version"));
        let store = tempo::store::Store::open(&path).expect("upgrade");
        assert_eq!(
            store.schema_version().expect("version"),
            tempo::store::migrations::LATEST
        );
    }
}

/// Calendar objects written by schema 6 (no ids, no cached fields) upgrade, get ids, and
/// still show on the agenda: their fields are read from the text until they are written again.
#[test]
fn version_6_calendar_objects_upgrade_and_stay_visible() {
    let env = Env::new();
    drop(tempo::store::Store::open_at_version(&env.db, 6).expect("v6"));
    let conn = rusqlite::Connection::open(&env.db).expect("open");
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:old@example\r\nSUMMARY:Dentist\r\nLOCATION:Main St\r\nDTSTART;TZID=Europe/Berlin:20261124T090000\r\nDTEND;TZID=Europe/Berlin:20261124T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    conn.execute_batch(&format!(
        "INSERT INTO calendars (name) VALUES ('home');
         INSERT INTO calendar_objects (uid, calendar_id, ics, summary, first_start, last_end, recurring)
         VALUES ('old@example', 1, '{ics}', 'Dentist', 1795507200, 1795510800, 0);"
    ))
    .expect("v6 rows");
    drop(conn);

    let items = env.json(&["cal", "agenda", "--from", "2026-11-24", "--days", "1"]);
    assert_eq!(items[0]["summary"], "Dentist");
    assert_eq!(items[0]["location"], "Main St");
    assert_eq!(items[0]["start"], "2026-11-24T08:00:00Z");
    assert_eq!(items[0]["calendar"], "home");
    let listed = env.json(&["cal", "list"]);
    assert_eq!(listed[0]["id"], 1);
    // Importing the same text again fills in the cached fields (an update, not a duplicate).
    let file = env.dir.path().join("again.ics");
    std::fs::write(&file, ics).expect("write");
    let report = env.json(&[
        "cal",
        "import",
        file.to_str().expect("utf-8"),
        "--calendar",
        "home",
    ]);
    assert_eq!(
        (report["added"].as_u64(), report["updated"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(env.json(&["cal", "list"])[0]["all_day"], false);
}

/// Version 10 knew an object by its UID alone; upgraded, the same UID may live in several
/// calendars, and the rows, their ids, the id sequence and the sync records are kept.
#[test]
fn version_10_objects_upgrade_to_one_per_calendar_and_uid() {
    let env = Env::new();
    drop(tempo::store::Store::open_at_version(&env.db, 10).expect("v10"));
    let conn = rusqlite::Connection::open(&env.db).expect("open");
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:shared@example\r\nSUMMARY:Dentist\r\nDTSTART:20261124T090000Z\r\nDTEND:20261124T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    conn.execute_batch(&format!(
        "INSERT INTO calendars (name) VALUES ('work');
         INSERT INTO calendar_objects (id, uid, calendar_id, ics, summary, first_start, last_end, all_day)
         VALUES (7, 'shared@example', 1, '{ics}', 'Dentist', 1795510800, 1795514400, 0);
         UPDATE sqlite_sequence SET seq = 9 WHERE name = 'calendar_objects';
         INSERT INTO remote_objects (uid, calendar_id, href, etag, base)
         VALUES ('shared@example', 1, '/ann/work/x.ics', '\"e1\"', '{ics}');
         INSERT INTO sync_conflicts (uid, calendar_id, at, fields, local, remote, remote_etag)
         VALUES ('shared@example', 1, 0, 'summary', '{ics}', '{ics}', '\"e2\"');"
    ))
    .expect("v10 rows");
    drop(conn);

    let file = env.dir.path().join("copy.ics");
    std::fs::write(&file, ics).expect("write");
    let path = file.to_str().expect("utf-8");
    let report = env.json(&["cal", "import", path, "--calendar", "home"]);
    assert_eq!(report["added"], 1, "{report}");
    let listed = env.json(&["cal", "list"]);
    let rows: Vec<(i64, String)> = listed
        .as_array()
        .expect("array")
        .iter()
        .map(|r| {
            (
                r["id"].as_i64().unwrap_or(0),
                r["calendar"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    // The old row keeps its id; the new one continues after the old sequence, not after 7.
    assert_eq!(
        rows,
        vec![(7, "work".to_string()), (10, "home".to_string())]
    );

    let conn = rusqlite::Connection::open(&env.db).expect("reopen");
    let kept: (i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM remote_objects), (SELECT count(*) FROM sync_conflicts)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("counts");
    assert_eq!(kept, (1, 1));
    // The same UID in one calendar is still one object.
    let twice = conn.execute(
        "INSERT INTO calendar_objects (uid, calendar_id, ics, first_start) VALUES ('shared@example', 1, '', 0)",
        [],
    );
    assert!(twice.is_err());
}
