//! What Tempo uploads, read back from real servers (Radicale and Xandikos, each scenario run
//! against both) and by Python's `icalendar`: a zoned event carries its VTIMEZONE and a
//! raised SEQUENCE once moved; a to-do goes up with a whole due day as a DATE, its project
//! and its recurrence, and they survive the round trip; a to-do another client marks in
//! progress starts with a start time. Radicale adds a missing VTIMEZONE on its own, so what
//! Tempo itself sends is checked on a scripted server.

use crate::common::fake_dav::{FakeDav, Script};
use crate::common::radicale::{PASSWORD, add_account_args, todo};
use crate::common::server::Server;
use crate::common::{Env, python_icalendar};

fn ok(env: &Env, args: &[&str]) -> String {
    let out = env
        .cmd()
        .env("DAV_PW", PASSWORD)
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "tempo {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn json(env: &Env, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&ok(env, &all)).expect("JSON")
}

fn sync(env: &Env) -> serde_json::Value {
    json(env, &["sync", "--account", "home"])[0]["result"].clone()
}

/// The server's text of the member whose text contains `needle`.
fn on_server(server: &dyn Server, needle: &str) -> String {
    server
        .members("work")
        .into_iter()
        .map(|(_, t)| t)
        .find(|t| t.contains(needle))
        .unwrap_or_else(|| panic!("no member with {needle}"))
}

/// Lines ending in `\n` alone, whichever way the server ends them.
fn plain(text: &str) -> String {
    text.replace("\r\n", "\n")
}

fn task(env: &Env, title: &str) -> serde_json::Value {
    json(env, &["list", "status:any"])
        .as_array()
        .expect("array")
        .iter()
        .find(|t| t["title"] == title)
        .cloned()
        .unwrap_or_else(|| panic!("no task {title}"))
}

crate::common::against_each_server!(uploads_are_complete_for_other_clients_and_come_back_the_same);

fn uploads_are_complete_for_other_clients_and_come_back_the_same(server: &mut dyn Server) {
    server.mkcalendar("work", "Work");
    let env = Env::new();
    ok(&env, &add_account_args(&server.url()));
    ok(
        &env,
        &["cal", "add", "Design review 2026-11-25 10:00 cal:Work"],
    );
    ok(
        &env,
        &[
            "add",
            "Pay rent",
            "due:2026-11-30",
            "project:home.money",
            "+bills",
            "recur:monthly",
        ],
    );
    let r = sync(&env);
    assert_eq!(r["pushed"], 2, "{r}");

    let review = plain(&on_server(server, "SUMMARY:Design review"));
    assert!(review.contains("TZID=Europe/Berlin"), "{review}");
    assert!(
        review.contains("BEGIN:VTIMEZONE\nTZID:Europe/Berlin\n"),
        "{review}"
    );
    let rent = on_server(server, "SUMMARY:Pay rent");
    for line in [
        "DUE;VALUE=DATE:20261130\n",
        "X-TEMPO-PROJECT:home.money\n",
        "CATEGORIES:bills\n",
        "RRULE:FREQ=MONTHLY\n",
    ] {
        assert!(plain(&rent).contains(line), "{line} in {rent}");
    }

    // Moved here: a new revision for the clients that go by SEQUENCE.
    let key = review
        .lines()
        .find_map(|l| l.strip_prefix("UID:"))
        .expect("uid")
        .trim()
        .to_string();
    ok(&env, &["cal", "edit", &key, "11:00"]);
    let r = sync(&env);
    assert_eq!(r["pushed"], 1, "{r}");
    let moved = plain(&on_server(server, "SUMMARY:Design review"));
    assert!(moved.contains("SEQUENCE:1\n"), "{moved}");
    assert!(moved.contains("T110000"), "{moved}");
    let r = sync(&env);
    assert_eq!(r["pushed"], 0, "sent once, then clean: {r}");

    // An independent parser reads each object as the server holds it, zones and all.
    let dir = tempfile::tempdir().expect("temp dir");
    for (n, (_, text)) in server.members("work").into_iter().enumerate() {
        let file = dir.path().join(format!("{n}.ics"));
        std::fs::write(&file, &text).expect("write");
        let read = python_icalendar(&["components", &file.to_string_lossy()]);
        let c = &read["components"][0];
        assert_eq!(c["errors"], serde_json::json!([]), "{read}");
        if c["summary"] == "Design review" {
            assert_eq!(
                read["timezones"],
                serde_json::json!(["Europe/Berlin"]),
                "{read}"
            );
            assert_eq!(c["start"], "2026-11-25T10:00:00Z", "{c}");
        } else {
            assert_eq!(c["due"], "2026-11-30", "a date, not a time: {c}");
            assert_eq!(c["rrule"], "FREQ=MONTHLY", "{c}");
        }
    }

    // Another client renames the to-do: project, tags and recurrence come back unmixed.
    let renamed = rent.replace("SUMMARY:Pay rent", "SUMMARY:Pay the rent");
    let href = server
        .members("work")
        .into_iter()
        .find(|(_, t)| t.contains("SUMMARY:Pay rent"))
        .map(|(h, _)| h)
        .expect("href");
    let file = href.rsplit('/').next().expect("file").to_string();
    server.put("work", &file, &renamed);
    // And marks another one in progress.
    server.put(
        "work",
        "other.ics",
        &todo(
            "todo-report",
            "Write report",
            "LAST-MODIFIED:20261121T150000Z\r\n",
        )
        .replace("STATUS:NEEDS-ACTION", "STATUS:IN-PROCESS"),
    );
    let r = sync(&env);
    assert_eq!(
        (r["added"].as_u64(), r["updated"].as_u64()),
        (Some(1), Some(1)),
        "{r}"
    );
    let t = task(&env, "Pay the rent");
    assert_eq!(t["project"], "home.money", "{t}");
    assert_eq!(t["tags"], serde_json::json!(["bills"]), "{t}");
    assert!(t["recur"].is_object(), "{t}");
    assert_eq!(t["due"], "2026-11-30T22:59:59Z", "{t}");
    let report = task(&env, "Write report");
    assert_eq!(report["status"], "started", "{report}");
    assert_eq!(report["started"], "2026-11-21T15:00:00Z", "{report}");
    // Nothing to send back: what came down is what is here.
    let r = sync(&env);
    assert_eq!(r["pushed"], 0, "{r}");
}

#[test]
fn a_zoned_event_is_sent_with_its_vtimezone() {
    let dav = FakeDav::start(Script {
        principal: "/ann/".into(),
        home: "/ann/cals/".into(),
        calendars: vec![("/ann/cals/work/".into(), "Work".into())],
        sync_token: "tok-1".into(),
        ..Script::default()
    });
    let env = Env::new();
    let url = format!("{}ann/", dav.url());
    ok(&env, &add_account_args(&url));
    ok(
        &env,
        &["cal", "add", "Design review 2026-11-25 10:00 cal:Work"],
    );
    let r = sync(&env);
    assert_eq!(r["pushed"], 1, "{r}");
    let sent = dav
        .requests()
        .into_iter()
        .find(|q| q.method == "PUT")
        .expect("a PUT")
        .body;
    assert!(
        sent.contains("DTSTART;TZID=Europe/Berlin:20261125T100000"),
        "{sent}"
    );
    assert_eq!(sent.matches("BEGIN:VTIMEZONE").count(), 1, "{sent}");
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("sent.ics");
    std::fs::write(&file, &sent).expect("write");
    let read = python_icalendar(&["components", &file.to_string_lossy()]);
    assert_eq!(
        read["timezones"],
        serde_json::json!(["Europe/Berlin"]),
        "{read}"
    );
    assert_eq!(
        read["components"][0]["errors"],
        serde_json::json!([]),
        "{read}"
    );
    assert_eq!(
        read["components"][0]["start"], "2026-11-25T09:00:00Z",
        "{read}"
    );
}
