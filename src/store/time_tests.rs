//! Time entries in the store: the version-13 table upgrades in place, one entry runs at a
//! time, and every write is undoable.

use chrono::{DateTime, Duration, Utc};

use super::super::Store;
use crate::time::{Attrs, ClientInfo, Entry, Fix, Rounding, Source};

fn now() -> DateTime<Utc> {
    "2026-11-22T09:30:00Z".parse().expect("valid")
}

fn entry(start: DateTime<Utc>, end: Option<DateTime<Utc>>, project: &str) -> Entry {
    Entry {
        id: 0,
        start,
        end,
        attrs: Attrs {
            project: Some(project.into()),
            tags: vec!["a".into(), "b".into()],
            ..Attrs::default()
        },
        source: Source::Manual,
    }
}

#[test]
fn a_version_13_database_keeps_its_focus_entries() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("tempo.sqlite");
    {
        let store = Store::open_at_version(&path, 13).expect("v13");
        store
            .conn()
            .execute(
                "INSERT INTO time_entries (start, end, task_uuid, source, session_uuid)
                 VALUES (100, 1600, NULL, 'focus', 'abc')",
                [],
            )
            .expect("old row");
    }
    let store = Store::open(&path).expect("upgrade");
    let e = store.time_entry(1).expect("read").expect("kept");
    assert_eq!(
        (e.start.timestamp(), e.end.map(|t| t.timestamp())),
        (100, Some(1600))
    );
    assert_eq!(e.source, Source::Focus);
    assert!(e.attrs.billable);
}

#[test]
fn only_one_entry_runs_and_writes_undo() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("t.sqlite")).expect("open");
    let first = store
        .edit("track start", now(), |tx| {
            tx.put_time_entry(&entry(now(), None, "web"))
        })
        .expect("start");
    let second = store.edit("track start", now(), |tx| {
        tx.put_time_entry(&entry(now() + Duration::minutes(5), None, "web"))
    });
    assert!(second.is_err(), "a second running entry is refused");
    let later = now() + Duration::minutes(30);
    store
        .edit("track start", later, |tx| {
            tx.apply_time_fixes(&[Fix::Span {
                id: first,
                start: now(),
                end: Some(later),
            }])?;
            tx.put_time_entry(&entry(later, None, "home"))
        })
        .expect("switch");
    assert_eq!(
        store
            .running_entry()
            .expect("read")
            .map(|e| e.attrs.project),
        Some(Some("home".into()))
    );
    let undone = store.undo().expect("undo").expect("a step");
    assert_eq!(undone.time_rows, 2);
    let running = store
        .running_entry()
        .expect("read")
        .expect("first runs again");
    assert_eq!((running.id, running.attrs.tags.len()), (first, 2));
}

#[test]
fn overlapping_finds_only_what_overlaps() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("t.sqlite")).expect("open");
    for h in 0..5 {
        let s = now() + Duration::hours(h);
        store
            .edit("add", now(), |tx| {
                tx.put_time_entry(&entry(s, Some(s + Duration::minutes(30)), "p"))
            })
            .expect("add");
    }
    let found = store
        .time_entries_overlapping(
            now() + Duration::minutes(70),
            Some(now() + Duration::minutes(190)),
        )
        .expect("read");
    let ids: Vec<i64> = found.iter().map(|e| e.id).collect();
    assert_eq!(ids, vec![2, 3, 4]);
}

#[test]
fn clients_are_unique_by_name_and_undoable() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("t.sqlite")).expect("open");
    let acme = ClientInfo {
        id: 0,
        name: "Acme".into(),
        rate: Some(9000),
        currency: Some("EUR".into()),
        rounding: Rounding::parse("15m").expect("rule"),
    };
    store
        .edit("client add", now(), |tx| tx.put_client(&acme))
        .expect("add");
    assert!(
        store
            .edit("client add", now(), |tx| tx.put_client(&ClientInfo {
                name: "acme".into(),
                ..acme.clone()
            }))
            .is_err()
    );
    let stored = store.clients().expect("read");
    assert_eq!(stored[0].rounding.step_minutes, 15);
    store.undo().expect("undo");
    assert!(store.clients().expect("read").is_empty());
}
