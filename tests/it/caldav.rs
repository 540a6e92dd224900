//! Two-way CalDAV sync against real servers on 127.0.0.1, each started per test with a temp
//! folder: discovery, first sync both ways, edits and deletes on each side, offline edits,
//! merges and conflicts, an invalid sync token, a server that goes away mid-sync, and a
//! recurring event with an override. The scenarios run against Radicale (bcrypt htpasswd auth)
//! and against Xandikos (no auth; see tests/it/common/xandikos.rs); what needs one particular
//! server is in caldav_single.rs.

use crate::common::Env;
use crate::common::against_each_server;
use crate::common::radicale::{PASSWORD, add_account_args, event, todo};
use crate::common::server::Server;

against_each_server!(
    discovery_first_sync_both_ways_then_edits_and_deletes_on_each_side,
    offline_edits_wait_then_go_up,
    both_sides_editing_merge_by_field_or_end_as_a_conflict_with_nothing_lost,
    an_invalid_sync_token_means_a_full_resync_without_duplicates,
    a_server_gone_mid_sync_loses_nothing_and_the_retry_finishes,
    a_recurring_event_with_an_overridden_occurrence_round_trips,
    calendar_choices_and_a_calendar_deleted_on_the_server,
    an_unreadable_server_item_is_reported_and_never_deleted,
    a_full_resync_of_one_calendar_leaves_the_others_incremental,
);

/// `tempo` on `env` with the account password in `DAV_PW`.
pub(crate) fn tempo(env: &Env, args: &[&str]) -> std::process::Output {
    env.cmd()
        .env("DAV_PW", PASSWORD)
        .args(args)
        .output()
        .expect("runs")
}

pub(crate) fn ok(env: &Env, args: &[&str]) -> String {
    let out = tempo(env, args);
    assert!(
        out.status.success(),
        "tempo {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

pub(crate) fn json(env: &Env, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&ok(env, &all)).expect("JSON")
}

/// Syncs and returns the account's report.
pub(crate) fn sync(env: &Env) -> serde_json::Value {
    let v = json(env, &["sync", "--account", "home"]);
    v[0]["result"].clone()
}

pub(crate) fn add_account(env: &Env, server: &dyn Server) {
    ok(env, &add_account_args(&server.url()));
}

/// (summary, start) of the events in the week from 2026-11-23.
pub(crate) fn events(env: &Env) -> Vec<(String, String)> {
    json(
        env,
        &[
            "cal",
            "agenda",
            "--from",
            "2026-11-23",
            "--days",
            "7",
            "--no-tasks",
        ],
    )
    .as_array()
    .expect("array")
    .iter()
    .map(|i| {
        (
            i["summary"].as_str().unwrap_or("").to_string(),
            i["start"].as_str().unwrap_or("").to_string(),
        )
    })
    .collect()
}

pub(crate) fn task_titles(env: &Env) -> Vec<String> {
    let mut v: Vec<String> = json(env, &["list", "status:any"])
        .as_array()
        .expect("array")
        .iter()
        .map(|t| t["title"].as_str().unwrap_or("").to_string())
        .collect();
    v.sort();
    v
}

pub(crate) fn task_id(env: &Env, title: &str) -> String {
    json(env, &["list", "status:any"])
        .as_array()
        .expect("array")
        .iter()
        .find(|t| t["title"] == title)
        .and_then(|t| t["id"].as_i64())
        .expect("task")
        .to_string()
}

pub(crate) fn summaries_on_server(server: &dyn Server, cal: &str) -> Vec<String> {
    let mut v: Vec<String> = server
        .members(cal)
        .iter()
        .flat_map(|(_, text)| {
            text.lines()
                .filter_map(|l| l.strip_prefix("SUMMARY:"))
                .map(|s| s.trim_end().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    v.sort();
    v
}

/// A calendar "Work" on `server` and an empty database.
pub(crate) fn setup(server: &dyn Server) -> Env {
    server.mkcalendar("work", "Work");
    Env::new()
}

fn discovery_first_sync_both_ways_then_edits_and_deletes_on_each_side(server: &mut dyn Server) {
    let env = setup(server);
    // Another client's items, at names that are not their UIDs.
    server.put(
        "work",
        "x-1.ics",
        &event(
            "ev-dentist",
            "Dentist",
            "20261124T090000Z",
            "X-OTHER-CLIENT:keep me\r\n",
        ),
    );
    server.put("work", "x-2.ics", &todo("todo-milk", "Buy milk", ""));
    ok(&env, &["add", "Pay rent", "due:2026-11-30"]);

    // Discovery from the bare server URL (/.well-known/caldav → principal → home).
    let added = json(&env, &add_account_args(&server.url()));
    assert_eq!(added["home"], server.home());
    assert_eq!(added["calendars"][0][0], "Work");

    let r = sync(&env);
    assert_eq!(
        (r["added"].as_u64(), r["pushed"].as_u64()),
        (Some(2), Some(1)),
        "{r}"
    );
    assert_eq!(
        events(&env),
        vec![("Dentist".to_string(), "2026-11-24T09:00:00Z".to_string())]
    );
    assert_eq!(task_titles(&env), vec!["Buy milk", "Pay rent"]);
    assert_eq!(
        summaries_on_server(server, "work"),
        vec!["Buy milk", "Dentist", "Pay rent"]
    );

    // A second sync with nothing new is one request (the home listing).
    let r = sync(&env);
    assert_eq!(r["requests"], 2, "our own upload moved the token once: {r}");
    let r = sync(&env);
    assert_eq!(
        (r["requests"].as_u64(), r["added"].as_u64()),
        (Some(1), Some(0))
    );

    // Edits on each side.
    ok(&env, &["cal", "edit", "ev-dentist", "loc:Main St"]);
    server.put("work", "x-2.ics", &todo("todo-milk", "Buy oat milk", ""));
    let r = sync(&env);
    assert_eq!(
        (r["updated"].as_u64(), r["pushed"].as_u64()),
        (Some(1), Some(1)),
        "{r}"
    );
    assert_eq!(task_titles(&env), vec!["Buy oat milk", "Pay rent"]);
    let dentist = server.get(&server.href("work", "x-1.ics"));
    assert!(dentist.contains("LOCATION:Main St"), "{dentist}");
    assert!(
        dentist.contains("X-OTHER-CLIENT:keep me"),
        "unknown properties survive"
    );

    // A task done here goes up as COMPLETED.
    ok(&env, &["done", &task_id(&env, "Pay rent")]);
    sync(&env);
    let rent = server
        .members("work")
        .into_iter()
        .find(|(_, t)| t.contains("SUMMARY:Pay rent"))
        .expect("rent on the server");
    assert!(rent.1.contains("STATUS:COMPLETED"), "{}", rent.1);

    // Deletes on each side.
    server.delete(&server.href("work", "x-2.ics"));
    ok(&env, &["cal", "delete", "ev-dentist"]);
    let r = sync(&env);
    assert_eq!(
        (r["removed"].as_u64(), r["deleted"].as_u64()),
        (Some(1), Some(1)),
        "{r}"
    );
    assert_eq!(task_titles(&env), vec!["Pay rent"]);
    assert!(events(&env).is_empty());
    assert_eq!(summaries_on_server(server, "work"), vec!["Pay rent"]);
    // The deleted task can come back with undo, and then goes up again.
    ok(&env, &["undo"]);
    sync(&env);
    assert_eq!(
        summaries_on_server(server, "work"),
        vec!["Buy oat milk", "Pay rent"]
    );
}

fn offline_edits_wait_then_go_up(server: &mut dyn Server) {
    let env = setup(server);
    add_account(&env, server);
    sync(&env);
    server.stop();
    ok(&env, &["add", "Written offline"]);
    ok(
        &env,
        &["cal", "add", "Offline meeting 2026-11-25 10:00 cal:Work"],
    );
    let out = tempo(&env, &["sync", "--account", "home"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot reach 127.0.0.1"), "{err}");
    let accounts = json(&env, &["sync", "list-accounts"]);
    let pending: u64 = accounts[0]["pending"]
        .as_array()
        .expect("pending")
        .iter()
        .map(|p| p["changes"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(pending, 2, "{accounts}");
    assert!(
        accounts[0]["account"]["retry_at"].is_i64(),
        "backs off: {accounts}"
    );
    // The background sync leaves it alone until then, and not for much longer.
    {
        let store = tempo::store::Store::open(&env.db).expect("db");
        let now: chrono::DateTime<chrono::Utc> = crate::common::NOW.parse().expect("now");
        let due = |m: i64| {
            tempo::sync::due(&store, now + chrono::Duration::minutes(m), false).expect("due")
        };
        assert!(due(0).is_empty());
        assert_eq!(
            due(2),
            vec!["home".to_string()],
            "first retry within 30–90 s"
        );
    }

    server.restart();
    let r = sync(&env);
    assert_eq!(r["pushed"], 2);
    assert_eq!(
        summaries_on_server(server, "work"),
        vec!["Offline meeting", "Written offline"]
    );

    // Where a task syncs is shown with it; deleting it here deletes it there.
    let id = task_id(&env, "Written offline");
    let shown = ok(&env, &["show", &id]);
    assert!(shown.contains("Work (CalDAV account home)"), "{shown}");
    ok(&env, &["delete", &id]);
    assert_eq!(sync(&env)["deleted"], 1);
    assert_eq!(summaries_on_server(server, "work"), vec!["Offline meeting"]);
}

fn both_sides_editing_merge_by_field_or_end_as_a_conflict_with_nothing_lost(
    server: &mut dyn Server,
) {
    let env = setup(server);
    server.put(
        "work",
        "lunch.ics",
        &event("ev-lunch", "Lunch", "20261124T110000Z", ""),
    );
    add_account(&env, server);
    sync(&env);

    // Different fields: merged.
    ok(&env, &["cal", "edit", "ev-lunch", "loc:Cafe"]);
    server.put(
        "work",
        "lunch.ics",
        &event("ev-lunch", "Lunch with Ann", "20261124T110000Z", ""),
    );
    let r = sync(&env);
    assert_eq!(r["merged"], 1, "{r}");
    let text = server.get(&server.href("work", "lunch.ics"));
    assert!(
        text.contains("SUMMARY:Lunch with Ann") && text.contains("LOCATION:Cafe"),
        "{text}"
    );
    assert_eq!(events(&env)[0].0, "Lunch with Ann");

    // The same field: a conflict; both versions kept, the local one stays in use.
    ok(&env, &["cal", "edit", "ev-lunch", "Lunch (here)"]);
    server.put(
        "work",
        "lunch.ics",
        &event(
            "ev-lunch",
            "Lunch (there)",
            "20261124T110000Z",
            "LOCATION:Cafe\r\n",
        ),
    );
    let r = sync(&env);
    assert_eq!(r["conflicts"], 1, "{r}");
    assert_eq!(events(&env)[0].0, "Lunch (here)");
    assert!(
        server
            .get(&server.href("work", "lunch.ics"))
            .contains("SUMMARY:Lunch (there)")
    );
    let conflicts = json(&env, &["sync", "conflicts"]);
    assert_eq!(conflicts[0]["fields"], "SUMMARY");
    assert!(
        conflicts[0]["local"]
            .as_str()
            .unwrap_or("")
            .contains("Lunch (here)")
    );
    assert!(
        conflicts[0]["remote"]
            .as_str()
            .unwrap_or("")
            .contains("Lunch (there)")
    );
    // Held until resolved: another sync neither pushes nor overwrites.
    sync(&env);
    assert_eq!(events(&env)[0].0, "Lunch (here)");
    let text = ok(&env, &["sync", "conflicts"]);
    assert!(
        text.contains("SUMMARY=Lunch (here)") && text.contains("SUMMARY=Lunch (there)"),
        "{text}"
    );

    let id = conflicts[0]["id"].as_i64().expect("id").to_string();
    ok(&env, &["sync", "resolve", &id, "--keep", "local"]);
    sync(&env);
    assert!(
        server
            .get(&server.href("work", "lunch.ics"))
            .contains("SUMMARY:Lunch (here)")
    );
    assert_eq!(json(&env, &["sync", "conflicts"]), serde_json::json!([]));

    // A task conflict kept the server's way.
    server.put("work", "t.ics", &todo("todo-call", "Call Bob", ""));
    sync(&env);
    let id = task_id(&env, "Call Bob");
    ok(&env, &["modify", &id, "Call", "Bob", "today"]);
    server.put("work", "t.ics", &todo("todo-call", "Call Bob tomorrow", ""));
    assert_eq!(sync(&env)["conflicts"], 1);
    let c = json(&env, &["sync", "conflicts"]);
    let id = c[0]["id"].as_i64().expect("id").to_string();
    ok(&env, &["sync", "resolve", &id, "--keep", "remote"]);
    assert!(task_titles(&env).contains(&"Call Bob tomorrow".to_string()));
}

fn an_invalid_sync_token_means_a_full_resync_without_duplicates(server: &mut dyn Server) {
    let env = setup(server);
    server.put("work", "a.ics", &event("ev-a", "A", "20261124T090000Z", ""));
    server.put("work", "b.ics", &event("ev-b", "B", "20261125T090000Z", ""));
    add_account(&env, server);
    sync(&env);
    server.delete(&server.href("work", "b.ics"));
    server.put("work", "c.ics", &event("ev-c", "C", "20261126T090000Z", ""));
    let conn = rusqlite::Connection::open(&env.db).expect("db");
    conn.execute(
        "UPDATE remote_calendars SET sync_token = ?1",
        [server.bogus_token()],
    )
    .expect("update");
    drop(conn);
    // Each server says so its own way: Radicale 403, Xandikos 412, both with
    // DAV:valid-sync-token. Either means a full resync.
    let (status, body) = server.sync_from("work", &server.bogus_token());
    assert_eq!(status, server.forgotten_token_status(), "{body}");
    assert!(body.contains("valid-sync-token"), "{body}");
    let r = sync(&env);
    assert_eq!(r["resyncs"], 1, "{r}");
    let names: Vec<String> = events(&env).into_iter().map(|e| e.0).collect();
    assert_eq!(names, vec!["A", "C"]);
}

fn a_server_gone_mid_sync_loses_nothing_and_the_retry_finishes(server: &mut dyn Server) {
    let env = setup(server);
    add_account(&env, server);
    // 120 tasks in one import: enough that the server is stopped mid-upload (each upload takes
    // tens of milliseconds, a Radicale one with its bcrypt check more), few enough to be quick.
    let list: String = (0..120).map(|i| format!("Task {i:03}\n")).collect();
    let file = env.dir.path().join("tasks.txt");
    std::fs::write(&file, list).expect("write the list");
    ok(
        &env,
        &["import", "todotxt", file.to_str().expect("utf-8 path")],
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tempo"))
        .env_clear()
        .env("HOME", env.dir.path())
        .env("TEMPO_DB", &env.db)
        .env("TEMPO_NOW", crate::common::NOW)
        .env("TZ", "Europe/Berlin")
        .env("DAV_PW", PASSWORD)
        .args(["sync", "--account", "home"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    std::thread::sleep(std::time::Duration::from_millis(400));
    server.stop();
    let _ = child.wait();
    assert_eq!(task_titles(&env).len(), 120, "nothing lost locally");
    server.restart();
    let uploaded = summaries_on_server(server, "work").len();
    assert!(
        uploaded < 120,
        "the server was stopped mid-sync ({uploaded} uploaded)"
    );
    // Killed mid-write, Xandikos keeps the calendar's Git lock and answers 423 Locked to
    // every write into it until its admin removes the lock: Tempo names that answer and
    // changes nothing, and the retry afterwards finishes.
    let out = tempo(&env, &["sync", "--account", "home"]);
    if server.clear_stale_locks() {
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.contains("answered 423 Locked (local data unchanged)"),
            "{err}"
        );
        assert_eq!(task_titles(&env).len(), 120);
        sync(&env);
    } else {
        assert!(out.status.success(), "{out:?}");
    }
    let on_server = summaries_on_server(server, "work");
    assert_eq!(on_server.len(), 120, "each task once");
    let mut dedup = on_server.clone();
    dedup.dedup();
    assert_eq!(dedup.len(), 120);
    assert_eq!(sync(&env)["pushed"], 0);
}

fn a_recurring_event_with_an_overridden_occurrence_round_trips(server: &mut dyn Server) {
    let env = setup(server);
    let series = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//other//EN\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:standup\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:Standup\r\nDTSTART;TZID=Europe/Berlin:20261123T093000\r\nDURATION:PT15M\r\nRRULE:FREQ=DAILY;COUNT=5\r\nX-APPLE-TRAVEL:keep\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:standup\r\nDTSTAMP:20261101T000000Z\r\nRECURRENCE-ID;TZID=Europe/Berlin:20261125T093000\r\nSUMMARY:Standup (moved)\r\nDTSTART;TZID=Europe/Berlin:20261125T110000\r\nDURATION:PT15M\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    server.put("work", "series-xyz.ics", series);
    add_account(&env, server);
    sync(&env);
    let got = events(&env);
    assert_eq!(got.len(), 5);
    assert!(got.contains(&(
        "Standup (moved)".to_string(),
        "2026-11-25T10:00:00Z".to_string()
    )));
    // Renaming the whole series here keeps the override and the unknown property there.
    ok(&env, &["cal", "edit", "standup", "Team standup"]);
    assert_eq!(sync(&env)["pushed"], 1);
    let text = server.get(&server.href("work", "series-xyz.ics"));
    assert!(text.contains("SUMMARY:Team standup"), "{text}");
    assert!(
        text.contains("RECURRENCE-ID;TZID=Europe/Berlin:20261125T093000"),
        "{text}"
    );
    assert!(text.contains("X-APPLE-TRAVEL:keep"), "{text}");
    // And a fresh database reading it back sees the same five occurrences.
    let other = Env::new();
    add_account(&other, server);
    sync(&other);
    let again = events(&other);
    assert_eq!(again.len(), 5);
    assert!(again.contains(&(
        "Standup (moved)".to_string(),
        "2026-11-25T10:00:00Z".to_string()
    )));
}

fn calendar_choices_and_a_calendar_deleted_on_the_server(server: &mut dyn Server) {
    let env = setup(server);
    server.mkcalendar("family", "Family");
    server.put(
        "family",
        "f.ics",
        &event("ev-f", "Dinner", "20261124T180000Z", ""),
    );
    server.put("family", "t.ics", &todo("todo-f", "Family chore", ""));
    add_account(&env, server);
    ok(&env, &["sync", "calendar", "Family", "--tasks", "off"]);
    ok(&env, &["sync", "account", "home", "--every", "5"]);
    let accounts = json(&env, &["sync", "list-accounts"]);
    assert_eq!(accounts[0]["account"]["interval_minutes"], 5);
    let out = tempo(&env, &["sync", "account", "nope", "--disable"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no account called “nope”"));
    sync(&env);
    assert_eq!(events(&env)[0].0, "Dinner");
    assert!(!task_titles(&env).contains(&"Family chore".to_string()));

    // Deleted on the server: a clear warning, the local copy kept.
    let c = server.client();
    c.delete(&server.calendar("family"), "*").ok();
    let out = tempo(&env, &["sync", "--account", "home"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("“Family” was deleted on the server"), "{err}");
    assert_eq!(events(&env)[0].0, "Dinner");
}

/// An item Tempo cannot read is reported and left alone on the server, sync after sync.
fn an_unreadable_server_item_is_reported_and_never_deleted(server: &mut dyn Server) {
    let env = setup(server);
    // Every occurrence excluded: nothing Tempo could show.
    let broken = event(
        "ev-broken",
        "Broken",
        "20261124T090000Z",
        "RRULE:FREQ=DAILY;COUNT=1\r\nEXDATE:20261124T090000Z\r\n",
    );
    server.put("work", "broken.ics", &broken);
    server.put(
        "work",
        "fine.ics",
        &event("ev-fine", "Fine", "20261124T090000Z", ""),
    );
    add_account(&env, server);
    let out = tempo(&env, &["sync", "--account", "home"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("warning: home:") && err.contains("ev-broken"),
        "{err}"
    );
    ok(&env, &["cal", "add", "New here 2026-11-25 10:00 cal:Work"]);
    sync(&env);
    sync(&env);
    assert_eq!(
        summaries_on_server(server, "work"),
        vec!["Broken", "Fine", "New here"]
    );
}

/// One calendar's full resync does not make another calendar's incremental listing look
/// complete: items that listing does not mention are not taken for deleted.
fn a_full_resync_of_one_calendar_leaves_the_others_incremental(server: &mut dyn Server) {
    let env = setup(server);
    server.mkcalendar("alpha", "Alpha");
    server.put(
        "alpha",
        "x.ics",
        &event("ev-x", "X", "20261124T080000Z", ""),
    );
    server.put("work", "a.ics", &event("ev-a", "A", "20261124T090000Z", ""));
    add_account(&env, server);
    sync(&env);
    server.put(
        "alpha",
        "y.ics",
        &event("ev-y", "Y", "20261125T080000Z", ""),
    );
    server.put("work", "c.ics", &event("ev-c", "C", "20261126T090000Z", ""));
    let conn = rusqlite::Connection::open(&env.db).expect("db");
    conn.execute(
        "UPDATE remote_calendars SET sync_token = ?1 WHERE href LIKE '%alpha%'",
        [server.bogus_token()],
    )
    .expect("update");
    drop(conn);
    let r = sync(&env);
    assert_eq!(
        (r["resyncs"].as_u64(), r["removed"].as_u64()),
        (Some(1), Some(0)),
        "{r}"
    );
    let mut names: Vec<String> = events(&env).into_iter().map(|e| e.0).collect();
    names.sort();
    assert_eq!(names, vec!["A", "C", "X", "Y"]);
}
