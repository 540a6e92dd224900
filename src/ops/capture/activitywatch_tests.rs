//! Pulls from a fake aw-server into a real store.

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::json;

use super::*;
use crate::interop::activitywatch::fake::FakeAw;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("instant")
        .with_timezone(&Utc)
}

fn now() -> DateTime<Utc> {
    at("2026-11-22T09:30:00Z")
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("t.sqlite")).expect("open");
    (dir, store)
}

/// Forty minutes in the editor from 08:00, a minute per event, and an unknown bucket.
fn server() -> FakeAw {
    let mut aw = FakeAw::default();
    aw.bucket("win", "currentwindow", "aw-watcher-window");
    aw.bucket("input", "os.hid.input", "aw-watcher-input");
    for m in 0..40 {
        let t = at("2026-11-22T08:00:00Z") + TimeDelta::minutes(m);
        aw.event(
            "win",
            &t.to_rfc3339(),
            60.0,
            json!({"app": "code", "title": "main.rs"}),
        );
    }
    aw
}

#[test]
fn a_pull_stores_signals_and_cursors_and_suggests() {
    let (_dir, mut store) = store();
    let cfg = CaptureConfig::default();
    let aw = server();
    let p = pull_activitywatch(&mut store, &cfg, &aw, None, now()).expect("pull");
    assert_eq!((p.buckets, p.events, p.signals), (1, 40, 40));
    assert_eq!(p.skipped_buckets, ["input"]);
    assert_eq!(p.url, "http://127.0.0.1:5600");
    let ingest = p.ingest.as_ref().expect("an ingest");
    assert_eq!(
        (ingest.stored, ingest.source.as_str()),
        (40, "activitywatch")
    );
    assert_eq!(p.suggested, 1);
    assert_eq!(
        store.capture_state("aw:win").expect("state").as_deref(),
        Some("2026-11-22T08:40:00.000Z")
    );
    let pending = crate::ops::capture::pending(&mut store, &cfg, false, now()).expect("queue");
    assert_eq!(pending.len(), 1);
    assert_eq!(
        (pending[0].start, pending[0].end),
        (at("2026-11-22T08:00:00Z"), at("2026-11-22T08:40:00Z"))
    );
}

#[test]
fn a_second_pull_reads_from_the_cursor_and_adds_nothing() {
    let (_dir, mut store) = store();
    let cfg = CaptureConfig::default();
    let mut aw = server();
    pull_activitywatch(&mut store, &cfg, &aw, None, now()).expect("first");
    let again = pull_activitywatch(&mut store, &cfg, &aw, None, now()).expect("again");
    assert_eq!((again.events, again.signals, again.suggested), (0, 0, 0));
    assert!(again.ingest.is_none());
    aw.event(
        "win",
        "2026-11-22T09:00:00Z",
        600.0,
        json!({"app": "mutt", "title": "Inbox"}),
    );
    let third = pull_activitywatch(&mut store, &cfg, &aw, None, now()).expect("third");
    assert_eq!((third.events, third.signals, third.suggested), (1, 1, 1));
    let asked = aw.asked.borrow();
    let last = asked.last().expect("asked");
    assert_eq!(last.1, at("2026-11-22T08:40:00Z"));
}

#[test]
fn an_unreachable_server_changes_nothing() {
    let (dir, mut store) = store();
    let cfg = CaptureConfig::default();
    let mut aw = server();
    aw.down = true;
    let before = crate::store::Store::open(&dir.path().join("t.sqlite"))
        .expect("open")
        .capture_signal_stats()
        .expect("stats");
    let e = pull_activitywatch(&mut store, &cfg, &aw, None, now()).expect_err("down");
    assert_eq!(
        crate::error::Kinded::kind(&e),
        crate::error::ErrorKind::Transient
    );
    assert!(e.to_string().contains("http://127.0.0.1:5600"), "{e}");
    assert_eq!(store.capture_signal_stats().expect("stats"), before);
    assert_eq!(store.capture_state("aw:win").expect("state"), None);
}

#[test]
fn since_in_the_future_is_refused() {
    let (_dir, mut store) = store();
    let cfg = CaptureConfig::default();
    let aw = server();
    let since = Some(now() + TimeDelta::hours(1));
    let e = pull_activitywatch(&mut store, &cfg, &aw, since, now()).expect_err("future");
    assert_eq!(
        crate::error::Kinded::kind(&e),
        crate::error::ErrorKind::BadInput
    );
    assert!(aw.asked.borrow().is_empty());
}
