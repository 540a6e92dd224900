//! A pull over a fake server: which ranges are asked for and which cursors come back.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::json;

use super::super::fake::FakeAw;
use super::*;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("instant")
        .with_timezone(&Utc)
}

const NOW: &str = "2026-11-22T09:30:00Z";

fn server() -> FakeAw {
    let mut aw = FakeAw::default();
    aw.bucket("win", "currentwindow", "aw-watcher-window");
    aw.bucket("afk", "afkstatus", "aw-watcher-afk");
    aw.bucket("input", "os.hid.input", "aw-watcher-input");
    aw.event("win", "2026-11-22T08:00:00Z", 120.0, json!({"app": "code"}));
    aw.event(
        "win",
        "2026-11-22T08:02:00Z",
        60.0,
        json!({"app": "firefox"}),
    );
    aw.event(
        "afk",
        "2026-11-22T08:03:00Z",
        600.0,
        json!({"status": "afk"}),
    );
    aw.event("input", "2026-11-22T08:00:00Z", 5.0, json!({"presses": 1}));
    aw
}

fn read_all(
    aw: &FakeAw,
    cursors: &BTreeMap<String, String>,
    since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<Read, AwError> {
    read(aw, aw.buckets()?, cursors, since, now)
}

fn cursors(read: &Read) -> BTreeMap<String, String> {
    read.cursors.iter().cloned().collect()
}

#[test]
fn a_first_pull_reads_a_week_of_every_known_bucket_and_skips_the_rest() {
    let aw = server();
    let r = read_all(&aw, &BTreeMap::new(), None, at(NOW)).expect("read");
    assert_eq!((r.buckets, r.events, r.signals.len()), (2, 3, 3));
    assert_eq!(r.skipped_buckets, ["input"]);
    let week_ago = at(NOW) - TimeDelta::days(FIRST_PULL_DAYS);
    assert!(
        aw.asked
            .borrow()
            .iter()
            .all(|(_, s, e)| (*s, *e) == (week_ago, at(NOW)))
    );
    assert_eq!(
        r.cursors,
        [
            ("aw:win".to_string(), "2026-11-22T08:03:00.000Z".to_string()),
            ("aw:afk".to_string(), "2026-11-22T08:13:00.000Z".to_string()),
        ]
    );
}

#[test]
fn the_next_pull_starts_at_the_cursors_and_finds_only_what_is_new() {
    let mut aw = server();
    let first = read_all(&aw, &BTreeMap::new(), None, at(NOW)).expect("read");
    let again = read_all(&aw, &cursors(&first), None, at(NOW)).expect("read");
    assert_eq!((again.events, again.signals.len()), (0, 0));
    assert!(again.cursors.is_empty(), "{:?}", again.cursors);
    aw.event("win", "2026-11-22T08:20:00Z", 30.0, json!({"app": "mutt"}));
    let third = read_all(&aw, &cursors(&first), None, at(NOW)).expect("read");
    assert_eq!(third.signals.len(), 1);
    assert_eq!(third.signals[0].app, "mutt");
    assert_eq!(third.cursors[0].0, "aw:win");
    let asked = aw.asked.borrow();
    assert!(asked.contains(&("win".into(), at("2026-11-22T08:03:00Z"), at(NOW))));
}

#[test]
fn since_overrides_the_start_but_never_moves_a_cursor_back() {
    let aw = server();
    let first = read_all(&aw, &BTreeMap::new(), None, at(NOW)).expect("read");
    let since = at("2026-11-22T08:01:00Z");
    let r = read_all(&aw, &cursors(&first), Some(since), at(NOW)).expect("read");
    // code is cut to its minute after 08:01; firefox and the AFK span come whole.
    assert_eq!(r.signals.len(), 3);
    assert_eq!(r.signals[0].timestamp, since);
    assert_eq!(r.signals[0].duration, Some(TimeDelta::minutes(1)));
    assert!(r.cursors.is_empty(), "{:?}", r.cursors);
    let future = read_all(
        &aw,
        &BTreeMap::new(),
        Some(at("2026-11-23T00:00:00Z")),
        at(NOW),
    );
    assert_eq!(future.expect("read").events, 0);
}

#[test]
fn an_unreachable_server_fails_the_whole_pull() {
    let mut aw = server();
    aw.down = true;
    let e = read_all(&aw, &BTreeMap::new(), None, at(NOW)).expect_err("down");
    assert!(e.to_string().contains("http://127.0.0.1:5600"), "{e}");
}
