//! The task pane's state: every loaded task (kept in display order, so a filter pass reads
//! memory front to back), the filter, the selection and the
//! scroll window. Pure; the view draws only the rows inside the window.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use uuid::Uuid;

use crate::model::filter::{self, Filter, Subject};
use crate::model::urgency::{UrgencyCoefficients, urgency};
use crate::model::{ListedTask, Status};
pub use crate::view_state::SortMode;

/// A task as the pane holds it: the task and its urgency now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item<'a> {
    pub listed: &'a ListedTask,
    pub urgency: f64,
}

/// One line of the list: a project heading (when grouping) or a task (index into `items`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowRef {
    Heading(u32),
    Task(u32),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Detail {
    pub uuid: Uuid,
    pub scroll: u16,
    pub history: Option<Vec<(DateTime<Utc>, String)>>,
    /// The calendar it syncs through, once loaded.
    pub source: Option<String>,
    /// The learned estimate of an open task, once computed.
    pub estimate: Option<Box<crate::planner::estimate::Estimate>>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TasksPane {
    /// Every loaded task, in display order, with its urgency and (once needed) its
    /// `filter::search_text` in parallel vectors: loading takes the store's vector as it is.
    tasks: Vec<ListedTask>,
    urgency: Vec<f64>,
    search: Vec<Box<str>>,
    /// The last fuzzy query and what it matched: a longer query can only match a subset.
    fuzzy_cache: Option<(String, Vec<u32>)>,
    /// What the list shows, in order.
    pub rows: Vec<RowRef>,
    /// How many tasks match (headings excluded).
    pub matching: usize,
    pub selected: usize,
    pub offset: usize,
    pub filter_text: String,
    pub filter_error: Option<String>,
    pub fuzzy: bool,
    pub sort: SortMode,
    pub group: bool,
    pub loaded: bool,
    pub detail: Option<Detail>,
}

impl TasksPane {
    /// Replaces the tasks, keeping the selection on the same task when it still shows.
    pub fn load(
        &mut self,
        tasks: Vec<ListedTask>,
        now: DateTime<Utc>,
        tz: &Tz,
        c: &UrgencyCoefficients,
    ) {
        let keep = self.selected_uuid();
        self.urgency = urgencies(&tasks, now, c);
        self.tasks = tasks;
        self.search = Vec::new();
        self.rows.clear();
        self.loaded = true;
        self.resort(now, tz);
        if let Some(uuid) = keep {
            self.select_uuid(&uuid);
        }
    }

    pub fn resort(&mut self, now: DateTime<Utc>, tz: &Tz) {
        let keep = self.selected_uuid();
        if self.sort == SortMode::Title {
            self.ensure_search_text();
        }
        // Sort a compact all-integer key per task (strings replaced by their rank), then move
        // each task once: far cheaper than comparing and swapping whole tasks.
        let group = self.group;
        let sort = self.sort;
        let projects = ranks(self.tasks.iter().map(|l| l.task.project.as_deref()));
        let titles = match sort {
            SortMode::Title => ranks(self.search.iter().map(|s| Some(&**s))),
            _ => Vec::new(),
        };
        let mut keys: Vec<(SortKey, u32)> = (0..self.tasks.len())
            .map(|i| {
                let title = titles.get(i).copied().unwrap_or(0);
                let key = SortKey::of(
                    &self.tasks[i],
                    self.urgency[i],
                    sort,
                    group,
                    projects[i],
                    title,
                );
                (key, i as u32)
            })
            .collect();
        keys.sort_unstable();
        let order: Vec<u32> = keys.into_iter().map(|(_, i)| i).collect();
        let (tasks, urgency, search) = (&mut self.tasks, &mut self.urgency, &mut self.search);
        permute_in_place(order, |a, b| {
            tasks.swap(a, b);
            urgency.swap(a, b);
            if !search.is_empty() {
                search.swap(a, b);
            }
        });
        self.fuzzy_cache = None;
        self.rows.clear();
        self.refilter(now, tz);
        if let Some(uuid) = keep {
            self.select_uuid(&uuid);
        }
    }

    /// Computes the lowercased search text of every task, once, when a filter or sort first
    /// needs it (start-up does not pay for it).
    fn ensure_search_text(&mut self) {
        if self.search.len() != self.tasks.len() {
            self.search = self
                .tasks
                .iter()
                .map(|l| filter::search_text(&l.task).into_boxed_str())
                .collect();
        }
    }

    /// Applies `filter_text` (or the fuzzy query). A filter that does not parse leaves the
    /// previous result on screen and sets `filter_error`.
    pub fn refilter(&mut self, now: DateTime<Utc>, tz: &Tz) {
        let keep = self.selected_index();
        let visible: Vec<u32> = if self.fuzzy {
            self.filter_error = None;
            self.fuzzy_matches(now)
        } else {
            match filter::parse(&self.filter_text, &now.with_timezone(tz)) {
                Ok(f) => {
                    self.filter_error = None;
                    if f.has_words() {
                        self.ensure_search_text();
                    }
                    let f: Filter = f.with_default_status();
                    (0..self.tasks.len() as u32)
                        .filter(|i| {
                            let l = &self.tasks[*i as usize];
                            f.matches_subject(&Subject {
                                task: &l.task,
                                blocked: l.links.blocked,
                                text: self.search.get(*i as usize).map(|s| &**s),
                            })
                        })
                        .collect()
                }
                Err(e) => {
                    self.filter_error = Some(e.to_string());
                    return;
                }
            }
        };
        self.matching = visible.len();
        self.rows = self.with_headings(visible);
        self.selected = 0;
        if let Some(index) = keep
            && let Some(pos) = self.rows.iter().position(|r| *r == RowRef::Task(index))
        {
            self.selected = pos;
        }
        self.snap_to_task(true);
    }

    fn fuzzy_matches(&mut self, now: DateTime<Utc>) -> Vec<u32> {
        let query = self.filter_text.trim().to_string();
        let items = &self.tasks;
        let open = |i: &u32| {
            let s = items[*i as usize].task.effective_status(now);
            matches!(s, Status::Pending | Status::Started)
        };
        if query.is_empty() {
            self.fuzzy_cache = None;
            return (0..items.len() as u32).filter(open).collect();
        }
        // Typing on narrows: every match of "abc" is among the matches of "ab".
        let candidates: Vec<u32> = match self.fuzzy_cache.take() {
            Some((previous, matched)) if query.starts_with(&previous) => matched,
            _ => (0..items.len() as u32).filter(open).collect(),
        };
        let pattern = Pattern::parse(&query, CaseMatching::Smart, Normalization::Smart);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut buf = Vec::new();
        let mut scored: Vec<(u32, u32)> = candidates
            .into_iter()
            .filter_map(|i| {
                let t = &items[i as usize].task;
                pattern
                    .score(Utf32Str::new(&t.title, &mut buf), &mut matcher)
                    .map(|s| (s, i))
            })
            .collect();
        let mut matched: Vec<u32> = scored.iter().map(|(_, i)| *i).collect();
        matched.sort_unstable();
        self.fuzzy_cache = Some((query, matched));
        // Stable: equal scores keep the display order.
        scored.sort_by_key(|s| (std::cmp::Reverse(s.0), s.1));
        scored.into_iter().map(|(_, i)| i).collect()
    }

    fn with_headings(&self, visible: Vec<u32>) -> Vec<RowRef> {
        if !self.group {
            return visible.into_iter().map(RowRef::Task).collect();
        }
        let mut rows = Vec::with_capacity(visible.len() + 16);
        let mut last: Option<&Option<String>> = None;
        for i in visible {
            let project = &self.tasks[i as usize].task.project;
            if last != Some(project) {
                rows.push(RowRef::Heading(i));
                last = Some(project);
            }
            rows.push(RowRef::Task(i));
        }
        rows
    }

    pub fn selected_item(&self) -> Option<Item<'_>> {
        match self.rows.get(self.selected) {
            Some(RowRef::Task(i)) => Some(self.item(*i)),
            _ => None,
        }
    }

    pub fn len(&self) -> usize {
        self.tasks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }

    /// The task at display index `i` (an index from `rows`).
    pub fn item(&self, i: u32) -> Item<'_> {
        Item {
            listed: &self.tasks[i as usize],
            urgency: self.urgency[i as usize],
        }
    }

    pub fn items(&self) -> impl Iterator<Item = Item<'_>> {
        (0..self.tasks.len() as u32).map(|i| self.item(i))
    }

    fn selected_index(&self) -> Option<u32> {
        match self.rows.get(self.selected) {
            Some(RowRef::Task(i)) => Some(*i),
            _ => None,
        }
    }

    fn selected_uuid(&self) -> Option<Uuid> {
        self.selected_item().map(|i| i.listed.task.uuid)
    }

    pub fn item_by_uuid(&self, uuid: &Uuid) -> Option<Item<'_>> {
        self.items().find(|i| i.listed.task.uuid == *uuid)
    }

    fn select_uuid(&mut self, uuid: &Uuid) {
        if let Some(pos) = self.rows.iter().position(|r| match r {
            RowRef::Task(i) => self.tasks[*i as usize].task.uuid == *uuid,
            RowRef::Heading(_) => false,
        }) {
            self.selected = pos;
        }
    }

    /// Moves the selection by `delta` rows, skipping headings, clamped to the list.
    pub fn move_by(&mut self, delta: isize) {
        if self.rows.is_empty() {
            return;
        }
        let last = self.rows.len() - 1;
        self.selected = (self.selected as isize + delta).clamp(0, last as isize) as usize;
        self.snap_to_task(delta >= 0);
    }

    pub fn move_to_end(&mut self, end: bool) {
        self.selected = if end {
            self.rows.len().saturating_sub(1)
        } else {
            0
        };
        self.snap_to_task(!end);
    }

    /// If a heading is selected, steps to the nearest task in `forward` direction (or back).
    fn snap_to_task(&mut self, forward: bool) {
        if self.rows.is_empty() {
            self.selected = 0;
            return;
        }
        self.selected = self.selected.min(self.rows.len() - 1);
        let is_task = |r: &RowRef| matches!(r, RowRef::Task(_));
        if is_task(&self.rows[self.selected]) {
            return;
        }
        let ahead = self.rows[self.selected..]
            .iter()
            .position(is_task)
            .map(|p| self.selected + p);
        let behind = self.rows[..self.selected].iter().rposition(is_task);
        self.selected = if forward {
            ahead.or(behind)
        } else {
            behind.or(ahead)
        }
        .unwrap_or(0);
    }

    /// Keeps the selection inside a window of `height` rows.
    pub fn scroll_into_view(&mut self, height: usize) {
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        let max_offset = self.rows.len().saturating_sub(height);
        self.offset = self.offset.min(max_offset);
    }
}

fn urgencies(tasks: &[ListedTask], now: DateTime<Utc>, c: &UrgencyCoefficients) -> Vec<f64> {
    tasks
        .iter()
        .map(|l| urgency(&l.task, l.links, now, c))
        .collect()
}

/// What tasks are ordered by: group, then the mode's key, then urgency and id (unique, so an
/// unstable sort is deterministic). Strings enter as ranks, so comparing is comparing integers.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct SortKey {
    group: u32,
    missing: bool,
    number: i64,
    urgency: std::cmp::Reverse<i64>,
    id: i64,
}

impl SortKey {
    fn of(
        l: &ListedTask,
        urgency: f64,
        sort: SortMode,
        group: bool,
        project_rank: u32,
        title_rank: u32,
    ) -> SortKey {
        let t = &l.task;
        let (missing, number) = match sort {
            SortMode::Urgency => (false, 0),
            SortMode::Due => (t.due.is_none(), t.due.map_or(0, |d| d.timestamp())),
            SortMode::Priority => (t.priority.is_none(), -(t.priority.map_or(0, |p| p as i64))),
            SortMode::Created => (false, -t.created.timestamp()),
            SortMode::Project => (false, i64::from(project_rank)),
            SortMode::Title => (false, i64::from(title_rank)),
        };
        SortKey {
            group: if group { project_rank } else { 0 },
            missing,
            number,
            urgency: std::cmp::Reverse(total_order(urgency)),
            id: t.id,
        }
    }
}

/// The rank of each value among the distinct values (`None` ranks last).
fn ranks<'a>(values: impl Iterator<Item = Option<&'a str>> + Clone) -> Vec<u32> {
    let distinct: std::collections::HashSet<&str> = values.clone().flatten().collect();
    let mut sorted: Vec<&str> = distinct.into_iter().collect();
    sorted.sort_unstable();
    let rank: std::collections::HashMap<&str, u32> = sorted
        .iter()
        .enumerate()
        .map(|(r, v)| (*v, r as u32))
        .collect();
    values
        .map(|v| v.and_then(|v| rank.get(v).copied()).unwrap_or(u32::MAX))
        .collect()
}

/// Applies a permutation by following its cycles: afterwards position `k` holds what was at
/// `order[k]`. `swap` exchanges two positions (of every parallel vector), so nothing is copied
/// into a second vector.
fn permute_in_place(mut order: Vec<u32>, mut swap: impl FnMut(usize, usize)) {
    for start in 0..order.len() {
        let mut k = start;
        while order[k] as usize != start {
            let next = order[k] as usize;
            swap(k, next);
            order[k] = k as u32;
            k = next;
        }
        order[k] = k as u32;
    }
}

/// An integer that orders like `f64::total_cmp`.
fn total_order(x: f64) -> i64 {
    let bits = x.to_bits() as i64;
    bits ^ (((bits >> 63) as u64) >> 1) as i64
}

#[cfg(test)]
mod permutation_tests {
    use super::permute_in_place;

    #[test]
    fn applies_any_permutation() {
        let mut v = vec!['a', 'b', 'c', 'd', 'e'];
        permute_in_place(vec![3, 0, 4, 1, 2], |a, b| v.swap(a, b));
        assert_eq!(v, vec!['d', 'a', 'e', 'b', 'c']);
        let mut w: Vec<u32> = (0..50).collect();
        let order: Vec<u32> = (0..50).map(|i| (i * 7) % 50).collect();
        permute_in_place(order.clone(), |a, b| w.swap(a, b));
        assert_eq!(w, order);
    }
}
