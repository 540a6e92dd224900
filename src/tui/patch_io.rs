//! Keeping the app's tasks current without loading them all again. After one of the app's
//! own operations, only the tasks it wrote (the store keeps their UUIDs) are read back and sent
//! as a `Msg::TaskPatch`. When another process writes, the `task_epoch` counter says whether
//! it wrote tasks (then every task is loaded again) or only other data (a reminder the worker
//! claimed, a subscription refresh: then nothing is loaded).

use uuid::Uuid;

use super::io::Io;
use crate::msg::{Msg, TaskPatch};

/// More tasks than this written at once (an undo of a big import) are loaded whole: one scan
/// beats many lookups by UUID.
const PATCH_LIMIT: usize = 2_000;

/// Where the task counter stood before one of the app's own writes.
pub(crate) struct BeforeWrite {
    epoch: Option<i64>,
}

impl Io {
    pub(crate) fn before_write(&mut self) -> BeforeWrite {
        // Anything written outside an operation (none today) would have been sent already.
        let _ = self.store.take_written();
        BeforeWrite {
            epoch: self.store.tasks_epoch().ok(),
        }
    }

    /// What the write changed in the tasks: a patch of the tasks it wrote, unless another
    /// process wrote tasks in the meantime (the counter moved by more than this connection's
    /// own commits) — then every task is loaded again.
    pub(crate) fn after_write(&mut self, before: BeforeWrite) -> Msg {
        let written = self.store.take_written();
        let after = self.store.tasks_epoch().ok();
        let ours_only = match (before.epoch, after) {
            (Some(b), Some(a)) => self.seen_epoch == Some(b) && a - b == written.commits as i64,
            _ => false,
        };
        if !ours_only || written.tasks.len() > PATCH_LIMIT {
            return self.reload();
        }
        match self.read_back(&written.tasks) {
            Some(patch) => {
                self.seen_epoch = after;
                Msg::TaskPatch(patch)
            }
            None => self.reload(),
        }
    }

    /// After another process wrote: every task again if it wrote tasks, else an empty patch
    /// (the other views still refresh).
    pub(crate) fn refresh(&mut self) -> Msg {
        match self.store.tasks_epoch() {
            Ok(e) if self.seen_epoch == Some(e) => Msg::TaskPatch(TaskPatch::default()),
            _ => self.reload(),
        }
    }

    /// Every task, and the counter they are current with (read first: a write while loading
    /// makes the next look load again, never miss it).
    pub(crate) fn reload(&mut self) -> Msg {
        let epoch = self.store.tasks_epoch().ok();
        match self.store.load_all() {
            Ok(tasks) => {
                self.seen_epoch = epoch;
                Msg::Tasks(tasks)
            }
            Err(e) => {
                self.seen_epoch = None;
                Msg::OpResult(Err(format!("could not load tasks: {e}")))
            }
        }
    }

    /// The tasks as they are now; `None` if one cannot be read.
    fn read_back(&self, uuids: &[Uuid]) -> Option<TaskPatch> {
        let mut patch = TaskPatch::default();
        for uuid in uuids {
            match self.store.task_by_uuid(uuid).ok()? {
                Some(l) => patch.put.push(l),
                None => patch.gone.push(*uuid),
            }
        }
        Some(patch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Change, Status, Task};
    use crate::msg::{Effect, Op};
    use crate::store::Store;

    fn now() -> chrono::DateTime<chrono::Utc> {
        "2026-11-22T09:30:00Z".parse().expect("valid")
    }

    fn put(store: &mut Store, title: &str) {
        let task = Task::new(title, now());
        store
            .edit("add", now(), |tx| tx.apply(Change::Put(Box::new(task))))
            .expect("put");
    }

    fn open(path: &std::path::Path) -> Io {
        let mut store = Store::open(path).expect("open");
        store.track_writes();
        let config = crate::config::Config::default();
        Io::new(
            store,
            super::super::terminal::Input::detached(),
            chrono_tz::UTC,
            &config,
        )
    }

    fn kind(m: &Msg) -> String {
        match m {
            Msg::Tasks(all) => format!("all {}", all.len()),
            Msg::TaskPatch(p) => format!(
                "patch {:?} gone {}",
                p.put
                    .iter()
                    .map(|l| (l.task.id, l.task.status))
                    .collect::<Vec<_>>(),
                p.gone.len()
            ),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn own_edits_send_the_tasks_they_wrote_and_only_other_processes_task_writes_load_all() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("tempo.sqlite");
        let mut other = Store::open(&path).expect("open");
        put(&mut other, "One");
        put(&mut other, "Two");
        let mut io = open(&path);
        assert_eq!(kind(&io.reload()), "all 2");

        // The app's own edit: the task it wrote, read back.
        let msgs = io.run_plain(Effect::Run(Op::Done(2)), now());
        assert_eq!(
            kind(&msgs[1]),
            format!("patch {:?} gone 0", [(2, Status::Done)])
        );
        let msgs = io.run_plain(Effect::Run(Op::Undo), now());
        assert_eq!(
            kind(&msgs[1]),
            format!("patch {:?} gone 0", [(2, Status::Pending)])
        );

        // Another connection writing something else (a claimed reminder) loads no task.
        other
            .claim_reminder("k", "event", 0, 0, "fire", "tui 1", "Standup", "")
            .expect("claim");
        assert_eq!(kind(&io.refresh()), "patch [] gone 0");

        // Another connection writing a task loads them all.
        put(&mut other, "Three");
        assert_eq!(kind(&io.refresh()), "all 3");
        assert_eq!(kind(&io.refresh()), "patch [] gone 0");

        // Its write slipping in before the app's own is not lost either.
        put(&mut other, "Four");
        let msgs = io.run_plain(Effect::Run(Op::Done(1)), now());
        assert_eq!(kind(&msgs[1]), "all 4");
    }
}
