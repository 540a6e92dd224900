//! Sync recovering from what goes wrong between Tempo and a server: an answer too large to
//! hold, an upload that reached the server while its record here did not, and a calendar
//! deleted and re-created at the same URL.

use crate::common::Env;
use crate::common::fake_dav::{FakeDav, Script};
use crate::common::radicale::{PASSWORD as SERVER_PASSWORD, add_account_args, event};
use crate::common::server::Server;

// Against both real servers; the other scenarios script a fake server (tests/it/common/fake_dav.rs).
crate::common::against_each_server!(
    an_upload_that_reached_the_server_unrecorded_is_no_conflict,
    a_calendar_deleted_and_recreated_at_its_url_is_listed_again_in_full,
);

const PASSWORD: &str = "hunter2-secret";

/// `tempo` with the fake server's password in `DAV_PW`.
fn tempo(env: &Env, args: &[&str]) -> std::process::Output {
    env.cmd()
        .env("DAV_PW", PASSWORD)
        .args(args)
        .output()
        .expect("runs")
}

/// `tempo --json ARGS` against a real server, which must succeed.
fn json(env: &Env, args: &[&str]) -> serde_json::Value {
    let out = env
        .cmd()
        .env("DAV_PW", SERVER_PASSWORD)
        .arg("--json")
        .args(args)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{args:?}: {}", text(&out));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn sync(env: &Env) -> serde_json::Value {
    json(env, &["sync", "--account", "home"])[0]["result"].clone()
}

/// Summaries of the events in the week from 2026-11-23.
fn events(env: &Env) -> Vec<String> {
    let args = [
        "cal",
        "agenda",
        "--from",
        "2026-11-23",
        "--days",
        "7",
        "--no-tasks",
    ];
    json(env, &args)
        .as_array()
        .expect("array")
        .iter()
        .map(|i| i["summary"].as_str().unwrap_or("").to_string())
        .collect()
}

fn db(env: &Env) -> rusqlite::Connection {
    rusqlite::Connection::open(&env.db).expect("db")
}

/// An event's text as Tempo keeps (and sent) it, and its UID.
fn local_text(env: &Env, summary: &str) -> (String, String) {
    db(env)
        .query_row(
            "SELECT uid, ics FROM calendar_objects WHERE summary = ?1",
            [summary],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("event")
}

/// `text` as a server may write it back: folding undone, the properties in reverse order,
/// every start and end in UTC spelt `;TZID=Etc/UTC:…Z`, a new DTSTAMP, its own PRODID.
fn reserialised(text: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for l in text.lines() {
        match l.strip_prefix(' ') {
            Some(more) => lines.last_mut().expect("a line").push_str(more),
            None => lines.push(l.to_string()),
        }
    }
    let begin = lines
        .iter()
        .position(|l| l == "BEGIN:VEVENT")
        .expect("VEVENT");
    let end = lines.iter().position(|l| l == "END:VEVENT").expect("END");
    let nested = lines[begin + 1..end]
        .iter()
        .position(|l| l.starts_with("BEGIN:"))
        .map_or(end, |i| begin + 1 + i);
    lines[begin + 1..nested].reverse();
    let mut out = String::new();
    // Only the event's own times: a VTIMEZONE's STANDARD/DAYLIGHT onsets stay as they are.
    let in_event = |i: usize| i > begin && i < end;
    for (i, l) in lines.into_iter().enumerate() {
        let l = if l.starts_with("DTSTAMP") {
            "DTSTAMP:20261129T120000Z".to_string()
        } else if l.starts_with("PRODID") {
            "PRODID:-//Radicale//NONSGML Radicale Server//EN".to_string()
        } else {
            match l.split_once(':') {
                Some((name, value))
                    if in_event(i)
                        && (name.starts_with("DTSTART") || name.starts_with("DTEND")) =>
                {
                    format!(
                        "{};TZID=Etc/UTC:{}",
                        &name[..name.find(';').unwrap_or(name.len())],
                        as_utc(name, value)
                    )
                }
                _ => l,
            }
        };
        out.push_str(&l);
        out.push_str("\r\n");
    }
    out
}

/// A date-time value (UTC, or in the zone its TZID names) as UTC, `…Z`.
fn as_utc(name: &str, value: &str) -> String {
    use chrono::TimeZone;
    let Some(local) = value.strip_suffix('Z').map(str::to_string) else {
        let zone: chrono_tz::Tz = name
            .split_once("TZID=")
            .map(|(_, z)| z.parse().expect("a zone"))
            .unwrap_or(chrono_tz::UTC);
        let t = chrono::NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").expect("time");
        let utc = zone.from_local_datetime(&t).single().expect("unambiguous");
        return utc.naive_utc().format("%Y%m%dT%H%M%SZ").to_string();
    };
    format!("{local}Z")
}

/// The state a kill between an upload and its record leaves: on the server, not agreed here.
fn forget_upload(env: &Env, uid: &str) {
    db(env)
        .execute("DELETE FROM remote_objects WHERE uid = ?1", [uid])
        .expect("delete");
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn a_multistatus_over_the_limit_is_refused_with_the_limit_named() {
    let dav = FakeDav::start(Script {
        principal: "/ann/".into(),
        home: "/ann/cals/".into(),
        calendars: vec![("/ann/cals/work/".into(), "Work".into())],
        sync_token: "tok-1".into(),
        listing_padding: 65 << 20,
        ..Script::default()
    });
    let env = Env::new();
    env.run(&["add", "Existing task"]);
    let before = env.snapshot();
    let url = format!("{}ann/", dav.url());
    let out = tempo(&env, &add_account_args(&url));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("larger than 64 MiB"), "{said}");
    assert_eq!(env.snapshot(), before, "nothing added");
}

fn an_upload_that_reached_the_server_unrecorded_is_no_conflict(server: &mut dyn Server) {
    server.mkcalendar("work", "Work");
    let env = Env::new();
    json(&env, &add_account_args(&server.url()));
    json(&env, &["cal", "add", "Planning 2026-11-24 10:00 cal:Work"]);
    json(&env, &["cal", "add", "Review 2026-11-25 10:00 cal:Work"]);
    assert_eq!(sync(&env)["pushed"], 2);

    // Radicale holds what was sent, as another server re-serialises it; the records of both
    // uploads are lost, and one of them was also renamed on the server meanwhile.
    let (uid, sent) = local_text(&env, "Planning");
    server.put("work", &format!("{uid}.ics"), &reserialised(&sent));
    forget_upload(&env, &uid);
    let stored = server.get(&server.href("work", &format!("{uid}.ics")));
    assert!(
        stored.contains("DTSTART;TZID=Etc/UTC:20261124T090000Z"),
        "{stored}"
    );
    let (other, sent) = local_text(&env, "Review");
    let renamed = reserialised(&sent).replace("SUMMARY:Review", "SUMMARY:Review (moved)");
    server.put("work", &format!("{other}.ics"), &renamed);
    forget_upload(&env, &other);

    let r = sync(&env);
    assert_eq!(r["conflicts"], 1, "only the renamed one: {r}");
    assert_eq!(r["pushed"], 0, "{r}");
    assert_eq!(events(&env), vec!["Planning", "Review"]);
    assert_eq!(server.members("work").len(), 2, "nothing duplicated");

    // The real conflict names its field, with both values.
    let c = json(&env, &["sync", "conflicts"]);
    assert_eq!(c[0]["fields"], "SUMMARY", "{c}");
    let out = env
        .cmd()
        .args(["sync", "conflicts"])
        .output()
        .expect("runs");
    let said = text(&out);
    assert!(
        said.contains("SUMMARY=Review  ") || said.contains("SUMMARY=Review\n"),
        "{said}"
    );
    assert!(said.contains("SUMMARY=Review (moved)"), "{said}");
    assert!(!said.contains("=(none)"), "{said}");

    // The agreed one is in step: an edit goes up over the server's copy.
    json(&env, &["cal", "edit", &uid, "Planning (v2)"]);
    let r = sync(&env);
    assert_eq!(r["pushed"], 1, "{r}");
    assert_eq!(r["conflicts"], 0, "{r}");
    let on_server = server.get(&server.href("work", &format!("{uid}.ics")));
    assert!(on_server.contains("SUMMARY:Planning (v2)"), "{on_server}");
    assert_eq!(server.members("work").len(), 2);
}

fn a_calendar_deleted_and_recreated_at_its_url_is_listed_again_in_full(server: &mut dyn Server) {
    server.mkcalendar("work", "Work");
    server.put(
        "work",
        "a.ics",
        &event("ev-a", "Old A", "20261124T090000Z", ""),
    );
    let env = Env::new();
    json(&env, &add_account_args(&server.url()));
    sync(&env);
    assert_eq!(events(&env), vec!["Old A"]);

    // Deleted and made again at the same URL, with one new item.
    server
        .client()
        .delete(&server.calendar("work"), "*")
        .expect("DELETE");
    server.mkcalendar("work", "Work");
    server.put(
        "work",
        "b.ics",
        &event("ev-b", "New B", "20261125T090000Z", ""),
    );
    let r = sync(&env);
    assert_eq!(events(&env), vec!["New B"], "{r}");
    let accounts = json(&env, &["sync", "list-accounts"]);
    assert!(!accounts.to_string().contains("Old A"), "{accounts}");
    let r = sync(&env);
    assert_eq!(r["pushed"], 0, "{r}");
    assert_eq!(events(&env), vec!["New B"]);
    assert_eq!(server.members("work").len(), 1);
}

/// A server with counter sync tokens that, like sabre/dav, accepts a token of the calendar
/// that stood at the same URL before and lists only what the new one received.
fn counter_server(token: u32, items: &[(&str, &str)]) -> Script {
    Script {
        principal: "/ann/".into(),
        home: "/ann/cals/".into(),
        calendars: vec![("/ann/cals/work/".into(), "Work".into())],
        sync_token: format!("http://sabre.io/ns/sync/{token}"),
        items: items
            .iter()
            .map(|(uid, summary)| {
                (
                    format!("/ann/cals/work/{uid}.ics"),
                    format!("\"{uid}-{token}\""),
                    event(uid, summary, "20261124T090000Z", ""),
                )
            })
            .collect(),
        ..Script::default()
    }
}

fn fake_sync(env: &Env) -> serde_json::Value {
    let out = tempo(env, &["--json", "sync", "--account", "home"]);
    assert!(out.status.success(), "sync failed: {}", text(&out));
    serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("JSON")[0]["result"].clone()
}

fn add_fake_account(env: &Env, dav: &FakeDav) {
    let url = format!("{}ann/", dav.url());
    let args = [
        "sync",
        "add-account",
        "home",
        &url,
        "--user",
        "ann",
        "--password-env",
        "DAV_PW",
    ];
    let out = tempo(env, &args);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn a_replaced_calendar_whose_token_went_back_is_listed_in_full() {
    let dav = FakeDav::start(counter_server(7, &[("ev-a", "Old A"), ("ev-c", "Old C")]));
    let env = Env::new();
    add_fake_account(&env, &dav);
    fake_sync(&env);
    assert_eq!(events(&env), vec!["Old A", "Old C"]);
    *dav.script.lock().expect("lock") = counter_server(2, &[("ev-b", "New B")]);
    let r = fake_sync(&env);
    assert_eq!(r["resyncs"], 1, "{r}");
    assert_eq!(events(&env), vec!["New B"], "{r}");
}

#[test]
fn a_known_item_gone_from_a_replaced_calendar_means_a_full_listing() {
    let dav = FakeDav::start(counter_server(7, &[("ev-a", "Old A"), ("ev-c", "Old C")]));
    let env = Env::new();
    add_fake_account(&env, &dav);
    fake_sync(&env);
    // The new calendar's counter has already passed the old one's: only the 404 tells.
    *dav.script.lock().expect("lock") = counter_server(9, &[("ev-b", "New B")]);
    let out = tempo(&env, &["cal", "edit", "ev-a", "Old A (edited)"]);
    assert!(out.status.success(), "{}", text(&out));
    let r = fake_sync(&env);
    assert_eq!(r["resyncs"], 1, "{r}");
    assert_eq!(r["pushed"], 1, "the edited one goes up again: {r}");
    assert!(
        r["problems"]
            .to_string()
            .contains("deleted on the server but changed here"),
        "{r}"
    );
    assert_eq!(events(&env), vec!["Old A (edited)", "New B"], "{r}");
    let puts: Vec<String> = dav
        .requests()
        .into_iter()
        .filter(|q| q.method == "PUT")
        .map(|q| q.path)
        .collect();
    assert_eq!(
        puts.last().map(String::as_str),
        Some("/ann/cals/work/ev-a.ics"),
        "{puts:?}"
    );
}
