//! Tracking operations on a real store: start/stop/continue, backfills and their clashes,
//! edits, split, join, move, delete, and undo of each.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Europe::Berlin;

use super::*;
use crate::time::words::parse_attrs;

fn now() -> DateTime<Utc> {
    "2026-11-22T09:30:00Z".parse().expect("valid")
}

fn min(m: i64) -> DateTime<Utc> {
    now() + Duration::minutes(m)
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("t.sqlite")).expect("open");
    (dir, store)
}

fn spec(words: &str) -> EntrySpec {
    let words: Vec<String> = words.split_whitespace().map(String::from).collect();
    let (edit, _) = parse_attrs(&words, &[]).expect("words");
    EntrySpec { task: None, edit }
}

#[test]
fn start_stops_the_running_entry_and_continue_copies_it() {
    let (_d, mut s) = store();
    let first = start(&mut s, &spec("project:web +a"), min(0), false, &Berlin).expect("start");
    assert!(first.stopped.is_none());
    let second = start(&mut s, &spec("project:home"), min(30), false, &Berlin).expect("switch");
    assert_eq!(second.stopped.and_then(|e| e.end), Some(min(30)));
    stop(&mut s, min(45), &Berlin).expect("stop");
    assert!(stop(&mut s, min(50), &Berlin).is_err(), "nothing runs");
    let again = resume(&mut s, Some(first.entry.id), min(60), &Berlin).expect("continue");
    assert_eq!(again.entry.attrs.project.as_deref(), Some("web"));
    assert_eq!(again.entry.attrs.tags, vec!["a"]);
}

#[test]
fn a_backfill_clash_is_refused_unless_adjusted() {
    let (_d, mut s) = store();
    add(
        &mut s,
        &spec("project:web"),
        (min(-120), min(-60)),
        false,
        now(),
        &Berlin,
    )
    .expect("add");
    let err = add(
        &mut s,
        &spec("project:x"),
        (min(-90), min(-30)),
        false,
        now(),
        &Berlin,
    )
    .expect_err("clash");
    assert!(err.to_string().contains("overlaps entry 1"), "{err}");
    add(
        &mut s,
        &spec("project:x"),
        (min(-90), min(-30)),
        true,
        now(),
        &Berlin,
    )
    .expect("adjusted");
    let all = log(&s, None, None, &EntryFilter::default()).expect("log");
    let spans: Vec<(i64, DateTime<Utc>, Option<DateTime<Utc>>)> =
        all.iter().map(|e| (e.id, e.start, e.end)).collect();
    assert_eq!(
        spans,
        vec![
            (1, min(-120), Some(min(-90))),
            (2, min(-90), Some(min(-30)))
        ]
    );
    s.undo().expect("undo");
    let all = log(&s, None, None, &EntryFilter::default()).expect("log");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].end, Some(min(-60)));
}

#[test]
fn split_join_move_edit_delete() {
    let (_d, mut s) = store();
    let e = add(
        &mut s,
        &spec("project:web"),
        (min(-120), min(-60)),
        false,
        now(),
        &Berlin,
    )
    .expect("add");
    let (a, b) = split(&mut s, e.id, min(-100), now(), &Berlin).expect("split");
    assert_eq!(
        (a.end, b.start, b.end),
        (Some(min(-100)), min(-100), Some(min(-60)))
    );
    assert!(split(&mut s, a.id, min(-50), now(), &Berlin).is_err());
    let joined = join(&mut s, b.id, a.id, now()).expect("join");
    assert_eq!((joined.start, joined.end), (min(-120), Some(min(-60))));
    let moved = move_to(&mut s, joined.id, min(-300), false, now(), &Berlin).expect("move");
    assert_eq!(moved.end, Some(min(-240)));
    let change = EntryChange {
        edit: spec("+late billable:no").edit,
        ..EntryChange::default()
    };
    let edited = edit(&mut s, moved.id, &change, false, now(), &Berlin).expect("edit");
    assert_eq!(
        (edited.attrs.tags.clone(), edited.attrs.billable),
        (vec!["late".to_string()], false)
    );
    assert!(
        edit(
            &mut s,
            moved.id,
            &EntryChange::default(),
            false,
            now(),
            &Berlin
        )
        .is_err()
    );
    delete(&mut s, moved.id, now()).expect("delete");
    assert!(delete(&mut s, moved.id, now()).is_err());
    s.undo().expect("undo delete");
    assert!(s.time_entry(moved.id).expect("read").is_some());
}

#[test]
fn a_filter_picks_by_project_tag_and_client() {
    let (_d, mut s) = store();
    let client = clients::ClientSpec {
        projects: vec![clients::ProjectRate {
            project: "web".into(),
            rate: None,
        }],
        ..clients::ClientSpec::default()
    };
    clients::add(&mut s, "Acme", &client, now()).expect("client");
    add(
        &mut s,
        &spec("project:web.front +a"),
        (min(-120), min(-60)),
        false,
        now(),
        &Berlin,
    )
    .expect("add");
    add(
        &mut s,
        &spec("project:home"),
        (min(-60), min(-30)),
        false,
        now(),
        &Berlin,
    )
    .expect("add");
    let pick = |words: &str| {
        let f = EntryFilter::from_edit(&spec(words).edit);
        log(&s, None, None, &f).expect("log").len()
    };
    assert_eq!(pick("project:web"), 1);
    assert_eq!(pick("client:acme"), 1);
    assert_eq!(pick("+a"), 1);
    assert_eq!(pick("-a"), 1);
    assert_eq!(pick(""), 2);
}
