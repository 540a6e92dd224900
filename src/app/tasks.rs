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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortMode {
    #[default]
    Urgency,
    Due,
    Priority,
    Created,
    Project,
    Title,
}

impl SortMode {
    pub const ALL: [SortMode; 6] = [
        SortMode::Urgency,
        SortMode::Due,
        SortMode::Priority,
        SortMode::Created,
        SortMode::Project,
        SortMode::Title,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SortMode::Urgency => "urgency",
            SortMode::Due => "due",
            SortMode::Priority => "priority",
            SortMode::Created => "created",
            SortMode::Project => "project",
            SortMode::Title => "title",
        }
    }

    pub fn parse(s: &str) -> Option<SortMode> {
        SortMode::ALL.into_iter().find(|m| m.name() == s)
    }

    pub fn next(self) -> SortMode {
        let i = SortMode::ALL.iter().position(|m| *m == self).unwrap_or(0);
        SortMode::ALL[(i + 1) % SortMode::ALL.len()]
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub listed: ListedTask,
    pub urgency: f64,
    /// `filter::search_text`, kept so live filtering does not recompute it per key.
    pub search: Box<str>,
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
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TasksPane {
    pub items: Vec<Item>,
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
        self.items = tasks
            .into_iter()
            .map(|l| {
                let u = urgency(&l.task, l.links, now, c);
                let search = filter::search_text(&l.task).into_boxed_str();
                Item {
                    listed: l,
                    urgency: u,
                    search,
                }
            })
            .collect();
        self.rows.clear();
        self.loaded = true;
        self.resort(now, tz);
        if let Some(uuid) = keep {
            self.select_uuid(&uuid);
        }
    }

    pub fn resort(&mut self, now: DateTime<Utc>, tz: &Tz) {
        let keep = self.selected_uuid();
        let sort = self.sort;
        let group = self.group;
        self.items.sort_by(|a, b| {
            let (ta, tb) = (&a.listed.task, &b.listed.task);
            let by_group = if group {
                none_last(ta.project.as_ref(), tb.project.as_ref())
            } else {
                std::cmp::Ordering::Equal
            };
            by_group
                .then_with(|| match sort {
                    SortMode::Urgency => b.urgency.total_cmp(&a.urgency),
                    SortMode::Due => none_last(ta.due, tb.due),
                    SortMode::Priority => none_last(
                        ta.priority.map(std::cmp::Reverse),
                        tb.priority.map(std::cmp::Reverse),
                    ),
                    SortMode::Created => tb.created.cmp(&ta.created),
                    SortMode::Project => none_last(ta.project.as_ref(), tb.project.as_ref()),
                    // The search text starts with the lowercased title.
                    SortMode::Title => a.search.cmp(&b.search),
                })
                .then_with(|| b.urgency.total_cmp(&a.urgency))
                .then_with(|| ta.id.cmp(&tb.id))
        });
        self.fuzzy_cache = None;
        self.rows.clear();
        self.refilter(now, tz);
        if let Some(uuid) = keep {
            self.select_uuid(&uuid);
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
                    let f: Filter = f.with_default_status();
                    (0..self.items.len() as u32)
                        .filter(|i| {
                            let it = &self.items[*i as usize];
                            f.matches_subject(&Subject {
                                task: &it.listed.task,
                                blocked: it.listed.links.blocked,
                                text: Some(&it.search),
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
        if let Some(index) = keep {
            if let Some(pos) = self.rows.iter().position(|r| *r == RowRef::Task(index)) {
                self.selected = pos;
            }
        }
        self.snap_to_task(true);
    }

    fn fuzzy_matches(&mut self, now: DateTime<Utc>) -> Vec<u32> {
        let query = self.filter_text.trim().to_string();
        let items = &self.items;
        let open = |i: &u32| {
            let s = items[*i as usize].listed.task.effective_status(now);
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
                let t = &items[i as usize].listed.task;
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
            let project = &self.items[i as usize].listed.task.project;
            if last != Some(project) {
                rows.push(RowRef::Heading(i));
                last = Some(project);
            }
            rows.push(RowRef::Task(i));
        }
        rows
    }

    pub fn selected_item(&self) -> Option<&Item> {
        match self.rows.get(self.selected) {
            Some(RowRef::Task(i)) => self.items.get(*i as usize),
            _ => None,
        }
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

    pub fn item_by_uuid(&self, uuid: &Uuid) -> Option<&Item> {
        self.items.iter().find(|i| i.listed.task.uuid == *uuid)
    }

    fn select_uuid(&mut self, uuid: &Uuid) {
        if let Some(pos) = self.rows.iter().position(|r| match r {
            RowRef::Task(i) => self.items[*i as usize].listed.task.uuid == *uuid,
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

fn none_last<T: Ord>(a: Option<T>, b: Option<T>) -> std::cmp::Ordering {
    use std::cmp::Ordering::*;
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Less,
        (None, Some(_)) => Greater,
        (None, None) => Equal,
    }
}
