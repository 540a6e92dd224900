use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use proptest::prelude::*;

use super::*;
use crate::model::filter::parse;
use crate::model::recur::{Recurrence, Rule};
use crate::model::{Annotation, Change, Priority, Status, Task};

fn now() -> DateTime<Utc> {
    "2026-11-22T09:30:00Z".parse().expect("valid")
}

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("tempo.sqlite")).expect("open");
    (dir, store)
}

fn put(store: &mut Store, task: Task) -> i64 {
    store
        .edit("add", now(), |tx| tx.apply(Change::Put(Box::new(task))))
        .expect("put")
}

fn full_task() -> Task {
    let mut t = Task::new("Write the report", now() - Duration::days(3));
    t.notes = "Übersicht: include Q4 numbers".into();
    t.project = Some("work.api".into());
    t.add_tag("next");
    t.add_tag("deep");
    t.priority = Some(Priority::H);
    t.due = Some(now() + Duration::days(2));
    t.scheduled = Some(now());
    t.estimate_minutes = Some(90);
    t.annotations.push(Annotation {
        at: now(),
        text: "talked to Ann".into(),
    });
    t.recur = Some(Box::new(Recurrence::new_series(
        Rule::parse("weekly").expect("rule"),
        t.due.expect("due").date_naive(),
    )));
    t
}

#[test]
fn opens_with_wal_and_latest_schema() {
    let (_dir, store) = temp_store();
    assert_eq!(store.schema_version().expect("version"), migrations::LATEST);
    let mode: String = store
        .conn()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("pragma");
    assert_eq!(mode, "wal");
    let fk: i64 = store
        .conn()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .expect("pragma");
    assert_eq!(fk, 1);
}

#[test]
fn refuses_a_newer_database() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("db.sqlite");
    drop(Store::open(&path).expect("open"));
    let conn = rusqlite::Connection::open(&path).expect("raw open");
    conn.pragma_update(None, "user_version", 99).expect("bump");
    drop(conn);
    let err = Store::open(&path).err().expect("must refuse");
    assert!(
        matches!(err, StoreError::NewerSchema { found: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("upgrade tempo"));
}

#[test]
fn not_a_database_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("notes.txt");
    std::fs::write(
        &path,
        "this is not sqlite, just text that is long enough to matter ".repeat(40),
    )
    .expect("write");
    let err = Store::open(&path).err().expect("must fail");
    assert!(
        err.to_string().contains("cannot open the database"),
        "{err}"
    );
}

#[test]
fn tasks_round_trip() {
    let (_dir, mut store) = temp_store();
    let task = full_task();
    let id = put(&mut store, task.clone());
    assert_eq!(id, 1);
    let got = store
        .task_by_uuid(&task.uuid)
        .expect("read")
        .expect("exists");
    assert_eq!(got.task, Task { id, ..task });
}

#[test]
fn undo_goes_back_several_levels() {
    let (_dir, mut store) = temp_store();
    let t = Task::new("first", now());
    let uuid = t.uuid;
    put(&mut store, t);
    let mut edited = store
        .task_by_uuid(&uuid)
        .expect("read")
        .expect("exists")
        .task;
    edited.title = "second".into();
    put(&mut store, edited.clone());
    store
        .edit("delete", now(), |tx| tx.apply(Change::Delete(uuid)))
        .expect("delete");
    assert!(store.task_by_uuid(&uuid).expect("read").is_none());

    let undone = store.undo().expect("undo").expect("something to undo");
    assert_eq!(undone.description, "delete");
    assert_eq!(
        store.task_by_uuid(&uuid).expect("read").expect("back").task,
        edited
    );
    store.undo().expect("undo").expect("edit");
    assert_eq!(
        store
            .task_by_uuid(&uuid)
            .expect("read")
            .expect("back")
            .task
            .title,
        "first"
    );
    store.undo().expect("undo").expect("add");
    assert!(store.task_by_uuid(&uuid).expect("read").is_none());
    assert_eq!(store.undo().expect("undo"), None);
}

#[test]
fn a_failed_edit_writes_nothing() {
    let (_dir, mut store) = temp_store();
    let t = Task::new("kept", now());
    let result: Result<(), StoreError> = store.edit("two", now(), |tx| {
        tx.apply(Change::Put(Box::new(t.clone())))?;
        Err(StoreError::Invalid("boom".into()))
    });
    assert!(result.is_err());
    assert_eq!(store.task_count().expect("count"), 0);
    assert!(store.undo_history(10).expect("history").is_empty());
}

#[test]
fn undo_levels_are_capped() {
    let (_dir, mut store) = temp_store();
    store.set_undo_levels(3);
    for i in 0..5 {
        put(&mut store, Task::new(format!("t{i}"), now()));
    }
    assert_eq!(store.undo_history(100).expect("history").len(), 3);
}

#[test]
fn dependency_and_parent_cycles_are_refused() {
    let (_dir, mut store) = temp_store();
    let a = Task::new("a", now());
    let mut b = Task::new("b", now());
    b.depends = vec![a.uuid];
    put(&mut store, a.clone());
    put(&mut store, b.clone());
    let mut a2 = a.clone();
    a2.depends = vec![b.uuid];
    let err = store
        .edit("dep", now(), |tx| tx.apply(Change::Put(Box::new(a2))))
        .expect_err("cycle");
    assert!(err.to_string().contains("cycle"), "{err}");
    // Named by short id and title, never by UUID.
    let b_id = store
        .task_by_uuid(&b.uuid)
        .expect("read")
        .expect("b")
        .task
        .id;
    assert!(
        err.to_string()
            .contains(&format!("task {b_id} “b” already depends on task")),
        "{err}"
    );
    assert!(!err.to_string().contains(&b.uuid.to_string()), "{err}");

    let mut child = Task::new("child", now());
    child.parent = Some(a.uuid);
    put(&mut store, child.clone());
    let mut a3 = store.task_by_uuid(&a.uuid).expect("read").expect("a").task;
    a3.parent = Some(child.uuid);
    let err = store
        .edit("parent", now(), |tx| tx.apply(Change::Put(Box::new(a3))))
        .expect_err("cycle");
    assert!(err.to_string().contains("parent cycle"), "{err}");
}

#[test]
fn links_are_computed() {
    let (_dir, mut store) = temp_store();
    let a = Task::new("a", now());
    let mut b = Task::new("b", now());
    b.depends = vec![a.uuid];
    put(&mut store, a.clone());
    put(&mut store, b.clone());
    let la = store.task_by_uuid(&a.uuid).expect("read").expect("a");
    let lb = store.task_by_uuid(&b.uuid).expect("read").expect("b");
    assert!(la.links.blocking && !la.links.blocked);
    assert!(lb.links.blocked && !lb.links.blocking);
}

#[test]
fn selectors() {
    let (_dir, mut store) = temp_store();
    let a = Task::new("a", now());
    put(&mut store, a.clone());
    put(&mut store, Task::new("b", now()));
    put(&mut store, Task::new("c", now()));
    assert_eq!(store.resolve("2").expect("id").len(), 1);
    assert_eq!(store.resolve("1-3").expect("range").len(), 3);
    assert!(matches!(store.resolve("9"), Err(StoreError::NotFound(_))));
    let prefix = &a.uuid.to_string()[..8];
    assert_eq!(store.resolve(prefix).expect("prefix")[0].task.uuid, a.uuid);
    assert!(matches!(store.resolve("zz"), Err(StoreError::Invalid(_))));
}

#[test]
fn an_all_digit_uuid_prefix_still_resolves() {
    let (_dir, mut store) = temp_store();
    let mut t = Task::new("digits", now());
    t.uuid = uuid::Uuid::parse_str("12345678-9abc-4def-8123-456789abcdef").expect("valid");
    put(&mut store, t.clone());
    assert_eq!(
        store.resolve("12345678").expect("prefix")[0].task.uuid,
        t.uuid
    );
    assert_eq!(store.resolve("1").expect("id")[0].task.uuid, t.uuid);
    assert!(matches!(
        store.resolve("99999999"),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn deleted_ids_are_never_reused() {
    let (_dir, mut store) = temp_store();
    let t = Task::new("a", now());
    put(&mut store, t.clone());
    store
        .edit("delete", now(), |tx| tx.apply(Change::Delete(t.uuid)))
        .expect("delete");
    assert_eq!(put(&mut store, Task::new("b", now())), 2);
}

#[test]
fn load_all_equals_per_row_reads() {
    let (_dir, mut store) = temp_store();
    let a = full_task();
    let mut b = Task::new("b", now());
    b.depends = vec![a.uuid];
    b.add_tag("z");
    put(&mut store, a);
    put(&mut store, b);
    put(&mut store, Task::new("c", now()));
    let filtered = store
        .list(&crate::model::filter::Filter::all(now()))
        .expect("list");
    assert_eq!(store.load_all().expect("load"), filtered);
}

// --- SQL and in-memory filters agree -------------------------------------------------------

fn arb_task() -> impl Strategy<Value = Task> {
    let projects = prop::sample::select(vec![
        None,
        Some("work"),
        Some("work.api"),
        Some("workshop"),
        Some("home"),
    ]);
    let tags = prop::collection::vec(prop::sample::select(vec!["next", "bug", "home"]), 0..3);
    let status = prop::sample::select(Status::ALL.to_vec());
    let pri = prop::sample::select(vec![
        None,
        Some(Priority::H),
        Some(Priority::M),
        Some(Priority::L),
    ]);
    let offset = prop::option::of(-10i64..10);
    let title = prop::sample::select(vec!["Fix bug", "Write Report", "Ärger melden", "call"]);
    let client = prop::sample::select(vec![None, Some("acme"), Some("beta")]);
    (
        projects,
        tags,
        status,
        pri,
        offset.clone(),
        offset,
        title,
        client,
    )
        .prop_map(|(p, tags, s, pri, due, wait, title, client)| {
            let mut t = Task::new(title, now() - Duration::days(5));
            t.project = p.map(str::to_string);
            for tag in tags {
                t.add_tag(tag);
            }
            t.status = s;
            t.priority = pri;
            t.due = due.map(|d| now() + Duration::hours(d * 13));
            t.wait = wait.map(|d| now() + Duration::hours(d * 7));
            if let Some(c) = client {
                t.fields.insert("client".into(), c.into());
            }
            t
        })
}

fn arb_filter() -> impl Strategy<Value = String> {
    let atom = prop::sample::select(vec![
        "project:work",
        "project:work.api",
        "project:",
        "+next",
        "-bug",
        "status:pending",
        "status:waiting",
        "status:open",
        "status:done,cancelled",
        "pri:H",
        "pri:none,L",
        "due.before:tomorrow",
        "due.after:today",
        "due:today",
        "due:none",
        "overdue",
        "active",
        "blocked",
        "bug",
        "ärger",
        "wait.before:now",
        "id:1-3",
        "client:acme",
        "client:",
    ]);
    let leaf = atom.prop_map(str::to_string);
    leaf.prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} {b}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} or {b})")),
            inner.prop_map(|a| format!("not ({a})")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn sql_agrees_with_memory(tasks in prop::collection::vec(arb_task(), 1..12), filters in prop::collection::vec(arb_filter(), 1..6)) {
        let (_dir, mut store) = temp_store();
        // Task 0 blocks the others sometimes: gives `blocked` something to find.
        let first = tasks[0].uuid;
        for (i, mut t) in tasks.into_iter().enumerate() {
            if i % 3 == 2 { t.depends = vec![first]; }
            put(&mut store, t);
        }
        let local_now = Berlin.from_utc_datetime(&now().naive_utc());
        let everything = store.list(&crate::model::filter::Filter::all(now())).expect("all");
        for input in filters {
            let filter = parse(&input, &local_now).expect("valid filter");
            let from_sql: Vec<i64> = store.list(&filter).expect("list").iter().map(|l| l.task.id).collect();
            let in_memory: Vec<i64> = everything
                .iter()
                .filter(|l| filter.matches(&l.task, &|_| l.links.blocked))
                .map(|l| l.task.id)
                .collect();
            prop_assert_eq!(from_sql, in_memory, "filter {}", input);
        }
    }
}

#[test]
fn an_upgrade_and_an_import_give_the_planner_statistics() {
    // The row count the planner believes `tasks` has (0 when never sampled with rows in it).
    let sampled = |store: &Store| -> i64 {
        store
            .conn()
            .query_row(
                "SELECT stat FROM sqlite_stat1 WHERE idx = 'tasks_by_status'",
                [],
                |r| r.get::<_, String>(0),
            )
            .ok()
            .and_then(|s| s.split(' ').next()?.parse().ok())
            .unwrap_or(0)
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("tempo.sqlite");
    let mut old = Store::open_at_version(&path, migrations::LATEST - 1).expect("old schema");
    for _ in 0..20 {
        put(&mut old, full_task_unique());
    }
    drop(old);
    let upgraded = Store::open(&path).expect("upgrade");
    assert_eq!(sampled(&upgraded), 20, "the upgrade analysed the tables");

    let (_dir, mut fresh) = temp_store();
    for _ in 0..20 {
        put(&mut fresh, full_task_unique());
    }
    assert_eq!(sampled(&fresh), 0, "sampled while empty");
    fresh.refresh_statistics().expect("refresh");
    assert_eq!(sampled(&fresh), 20);
}

fn full_task_unique() -> Task {
    let mut t = full_task();
    t.uuid = uuid::Uuid::new_v4();
    t.recur = None;
    t
}
