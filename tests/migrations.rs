//! A database written by the first schema upgrades in place to the latest, with data intact.

mod common;

use common::Env;

#[test]
fn first_schema_upgrades_with_data_intact() {
    let env = Env::new();
    let conn = rusqlite::Connection::open(&env.db).expect("create");
    conn.execute_batch(include_str!("fixtures/schema_v1.sql"))
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
