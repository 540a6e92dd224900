//! Taking in a `TaskPatch` (the tasks an operation wrote, read again) without scoring and
//! sorting every task: the written tasks, and the tasks whose links (blocked, blocking) they
//! change, are written into their slots, scored again, taken out of the display order and put
//! back where they now belong. The result is the same list a full load would give.

use std::cmp::Ordering;

use super::*;
use crate::msg::TaskPatch;

/// A list scored longer ago than this is scored whole again: urgency drifts with time (age,
/// nearing due dates), and one list must not mix scores from far-apart moments.
const RESCORE_AFTER: chrono::TimeDelta = chrono::TimeDelta::seconds(60);

impl TasksPane {
    /// Takes in changed tasks, keeping the selection on the same task when it still shows.
    pub fn apply_patch(
        &mut self,
        patch: TaskPatch,
        now: DateTime<Utc>,
        tz: &Tz,
        c: &UrgencyCoefficients,
    ) {
        if patch.is_empty() || !self.loaded {
            return;
        }
        let keep = self.selected_uuid();
        let moved = self.take_in(patch);
        let stale = self
            .scored_at
            .is_none_or(|t| (now - t).abs() > RESCORE_AFTER);
        self.rows.clear();
        if stale {
            self.urgency = urgencies(&self.tasks, now, c);
            self.scored_at = Some(now);
            self.resort(now, tz);
        } else {
            // Scored when the rest were: one list, one moment.
            let at = self.scored_at.unwrap_or(now);
            for &s in &moved {
                let l = &self.tasks[s as usize];
                self.urgency[s as usize] = urgency(&l.task, l.links, at, c);
            }
            self.reorder(moved);
            self.fuzzy_cache = None;
            self.refilter(now, tz);
        }
        if let Some(uuid) = keep {
            self.select_uuid(&uuid);
        }
    }

    /// Writes the patch into the slots (deleted tasks' slots are freed) and relinks what it
    /// touches; returns the slots whose task or links may have changed, none of them in
    /// `order` any more.
    fn take_in(&mut self, patch: TaskPatch) -> Vec<u32> {
        let mut changed: Vec<Uuid> = patch.put.iter().map(|l| l.task.uuid).collect();
        changed.extend(&patch.gone);
        changed.sort_unstable();
        changed.dedup();
        let (slot_of, mut moved) = self.linked_to(&changed, &patch.put);
        let with_search = !self.search.is_empty();
        for l in patch.put {
            let text = with_search.then(|| filter::search_text(&l.task).into_boxed_str());
            match slot_of.get(&l.task.uuid) {
                Some(&s) => {
                    self.tasks[s as usize] = l;
                    if let Some(text) = text {
                        self.search[s as usize] = text;
                    }
                    moved.push(s);
                }
                None => {
                    moved.push(self.tasks.len() as u32);
                    self.tasks.push(l);
                    self.urgency.push(0.0);
                    if let Some(text) = text {
                        self.search.push(text);
                    }
                }
            }
        }
        let gone: Vec<u32> = patch
            .gone
            .iter()
            .filter_map(|u| slot_of.get(u).copied())
            .collect();
        moved.sort_unstable();
        moved.dedup();
        let mut out = vec![false; self.tasks.len()];
        for &s in moved.iter().chain(&gone) {
            out[s as usize] = true;
        }
        self.order.retain(|s| !out[*s as usize]);
        self.free(gone, &mut moved);
        self.relink(&moved);
        moved
    }

    /// Where the `changed` tasks are now, and the slots of the tasks linked to them (before
    /// the change, or after it: `put`) that are not changed themselves.
    fn linked_to(
        &self,
        changed: &[Uuid],
        put: &[ListedTask],
    ) -> (std::collections::HashMap<Uuid, u32>, Vec<u32>) {
        let is_changed = |u: &Uuid| changed.binary_search(u).is_ok();
        let mut slot_of: std::collections::HashMap<Uuid, u32> = Default::default();
        let mut linked: Vec<Uuid> = put.iter().flat_map(|l| l.task.depends.clone()).collect();
        let mut slots: Vec<u32> = Vec::new();
        for (s, l) in self.tasks.iter().enumerate() {
            if is_changed(&l.task.uuid) {
                slot_of.insert(l.task.uuid, s as u32);
                linked.extend(&l.task.depends);
            } else if l.task.depends.iter().any(is_changed) {
                slots.push(s as u32);
            }
        }
        linked.sort_unstable();
        linked.dedup();
        linked.retain(|u| !is_changed(u));
        if !linked.is_empty() {
            for (s, l) in self.tasks.iter().enumerate() {
                if linked.binary_search(&l.task.uuid).is_ok() {
                    slots.push(s as u32);
                }
            }
        }
        (slot_of, slots)
    }

    /// Frees the deleted tasks' slots (already out of `order`), highest first: the last slot
    /// moves into each, in `order` and in `moved` too.
    fn free(&mut self, mut gone: Vec<u32>, moved: &mut Vec<u32>) {
        let with_search = !self.search.is_empty();
        gone.sort_unstable_by(|a, b| b.cmp(a));
        for s in gone {
            let last = (self.tasks.len() - 1) as u32;
            self.tasks.swap_remove(s as usize);
            self.urgency.swap_remove(s as usize);
            if with_search {
                self.search.swap_remove(s as usize);
            }
            moved.retain(|m| *m != s);
            if last != s {
                for slot in self.order.iter_mut().chain(moved.iter_mut()) {
                    if *slot == last {
                        *slot = s;
                    }
                }
            }
        }
    }

    /// Computes the links of the tasks in `slots` as a full load does: blocked when a task it
    /// depends on is open, blocking when an open task depends on it.
    fn relink(&mut self, slots: &[u32]) {
        let mut deps: Vec<Uuid> = slots
            .iter()
            .flat_map(|s| self.tasks[*s as usize].task.depends.iter().copied())
            .collect();
        deps.sort_unstable();
        deps.dedup();
        let mut open_deps: Vec<Uuid> = Vec::new();
        let mut targets: Vec<Uuid> = slots
            .iter()
            .map(|s| self.tasks[*s as usize].task.uuid)
            .collect();
        targets.sort_unstable();
        let mut blocking: Vec<Uuid> = Vec::new();
        for l in &self.tasks {
            let open = l.task.status.is_open();
            if open && !deps.is_empty() && deps.binary_search(&l.task.uuid).is_ok() {
                open_deps.push(l.task.uuid);
            }
            if open {
                blocking.extend(
                    l.task
                        .depends
                        .iter()
                        .filter(|d| targets.binary_search(d).is_ok()),
                );
            }
        }
        open_deps.sort_unstable();
        blocking.sort_unstable();
        for &s in slots {
            let l = &mut self.tasks[s as usize];
            l.links.blocked = l
                .task
                .depends
                .iter()
                .any(|d| open_deps.binary_search(d).is_ok());
            l.links.blocking = blocking.binary_search(&l.task.uuid).is_ok();
        }
    }

    /// Puts `moved` back into `order` where the sort puts them.
    fn reorder(&mut self, mut moved: Vec<u32>) {
        if self.sort == SortMode::Title {
            self.ensure_search_text();
        }
        moved.sort_by(|a, b| self.compare(*a, *b));
        let mut merged = Vec::with_capacity(self.order.len() + moved.len());
        let mut from = 0;
        for s in moved {
            let at = from
                + self.order[from..].partition_point(|o| self.compare(*o, s) == Ordering::Less);
            merged.extend_from_slice(&self.order[from..at]);
            merged.push(s);
            from = at;
        }
        merged.extend_from_slice(&self.order[from..]);
        self.order = merged;
    }

    /// The order `resort` sorts by (`SortKey`), read from the tasks themselves.
    fn compare(&self, a: u32, b: u32) -> Ordering {
        let (a, b) = (a as usize, b as usize);
        let (x, y) = (&self.tasks[a].task, &self.tasks[b].task);
        let project = || missing_last(x.project.as_deref(), y.project.as_deref());
        let group = if self.group {
            project()
        } else {
            Ordering::Equal
        };
        let mode = || match self.sort {
            SortMode::Urgency => Ordering::Equal,
            SortMode::Due => {
                let key =
                    |t: &crate::model::Task| (t.due.is_none(), t.due.map_or(0, |d| d.timestamp()));
                key(x).cmp(&key(y))
            }
            SortMode::Priority => {
                let key = |t: &crate::model::Task| {
                    (t.priority.is_none(), -(t.priority.map_or(0, |p| p as i64)))
                };
                key(x).cmp(&key(y))
            }
            SortMode::Created => y.created.timestamp().cmp(&x.created.timestamp()),
            SortMode::Project => project(),
            SortMode::Title => self.search[a].cmp(&self.search[b]),
        };
        group
            .then_with(mode)
            .then_with(|| total_order(self.urgency[b]).cmp(&total_order(self.urgency[a])))
            .then(x.id.cmp(&y.id))
    }
}

/// Strings in order, a missing one last (as `ranks` ranks them).
fn missing_last(a: Option<&str>, b: Option<&str>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}
