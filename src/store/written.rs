//! What a reader that keeps every task in memory (the app) needs to stay current without
//! loading them all again: which tasks its own connection wrote, and whether anyone else wrote
//! tasks since it last looked (the `task_epoch` counter, raised by every command that writes
//! a task, from any process).

use rusqlite::Connection;
use uuid::Uuid;

use super::{Store, StoreError, Tx};

/// What this connection wrote since it was last asked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// Tasks added, changed, deleted or put back by undo.
    pub tasks: Vec<Uuid>,
    /// Committed transactions that wrote tasks: each raised `task_epoch` by one.
    pub commits: u64,
}

impl Store {
    /// From now on, remembers which tasks this connection writes (see `take_written`).
    pub fn track_writes(&mut self) {
        self.written.get_or_insert_with(Written::default);
    }

    /// What was written since the last call, each task once, in the order first written;
    /// nothing unless `track_writes` was called.
    pub fn take_written(&mut self) -> Written {
        let Some(all) = &mut self.written else {
            return Written::default();
        };
        let mut w = std::mem::take(all);
        let mut seen = std::collections::HashSet::new();
        w.tasks.retain(|u| seen.insert(*u));
        w
    }

    /// Raised by every command that writes tasks, from any process: an unchanged value means
    /// no task changed.
    pub fn tasks_epoch(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn()
            .query_row("SELECT n FROM task_epoch", [], |r| r.get(0))?)
    }
}

impl Tx<'_> {
    /// Notes that this transaction writes task `uuid`.
    pub(super) fn wrote_task(&mut self, uuid: Uuid) {
        self.tasks_written = true;
        if let Some(w) = &mut self.written {
            w.push(uuid);
        }
    }
}

/// Inside the writing transaction: tells readers that tasks changed.
pub(super) fn bump_epoch(conn: &Connection) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE task_epoch SET n = n + 1")?
        .execute([])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Change, Task};

    fn now() -> chrono::DateTime<chrono::Utc> {
        "2026-11-22T09:30:00Z".parse().expect("valid")
    }

    fn put(store: &mut Store, task: &Task) {
        store
            .edit("put", now(), |tx| {
                tx.apply(Change::Put(Box::new(task.clone())))
            })
            .expect("put");
    }

    #[test]
    fn the_store_names_the_tasks_it_wrote_and_counts_its_commits() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("tempo.sqlite");
        let mut store = Store::open(&path).expect("open");
        let a = Task::new("A", now());
        put(&mut store, &a);
        // Not tracked yet: nothing is kept.
        assert_eq!(store.take_written(), Written::default());
        let epoch = store.tasks_epoch().expect("epoch");
        assert_eq!(epoch, 1);

        store.track_writes();
        let b = Task::new("B", now());
        put(&mut store, &b);
        let mut a2 = a.clone();
        a2.title = "A, renamed".into();
        store
            .edit("two", now(), |tx| {
                tx.apply(Change::Put(Box::new(a2.clone())))?;
                tx.apply(Change::Put(Box::new(a2.clone())))?;
                tx.apply(Change::Delete(b.uuid))
            })
            .expect("edit");
        let w = store.take_written();
        assert_eq!(w.tasks, vec![b.uuid, a.uuid]);
        assert_eq!(w.commits, 2);
        assert_eq!(store.tasks_epoch().expect("epoch"), epoch + 2);

        // A failed edit writes nothing and says so.
        let failed: Result<(), StoreError> = store.edit("fails", now(), |tx| {
            tx.apply(Change::Put(Box::new(Task::new("C", now()))))?;
            Err(StoreError::Invalid("no".into()))
        });
        assert!(failed.is_err());
        assert_eq!(store.take_written(), Written::default());

        // Undo writes back what the step wrote.
        store.undo().expect("undo");
        assert_eq!(
            store.take_written(),
            Written {
                tasks: vec![b.uuid, a.uuid],
                commits: 1
            }
        );
        assert_eq!(store.tasks_epoch().expect("epoch"), epoch + 3);

        // Another connection's task write raises the counter this one reads.
        let mut other = Store::open(&path).expect("open again");
        put(&mut other, &Task::new("D", now()));
        assert_eq!(store.tasks_epoch().expect("epoch"), epoch + 4);
        assert_eq!(store.take_written(), Written::default());
    }
}
