//! The task record and the pure rules that change it (complete, start, stop).
//!
//! Relations to other tasks (parent, dependencies, the recurrence series) are by UUID, so imports
//! may refer to tasks that arrive later and exports mean the same thing on another machine.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::recur::Recurrence;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pending,
    Started,
    Waiting,
    Done,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Pending,
        Status::Started,
        Status::Waiting,
        Status::Done,
        Status::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Started => "started",
            Status::Waiting => "waiting",
            Status::Done => "done",
            Status::Cancelled => "cancelled",
        }
    }

    /// Not finished: pending, started or waiting.
    pub fn is_open(self) -> bool {
        matches!(self, Status::Pending | Status::Started | Status::Waiting)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        // The stored spelling first: no allocation on the hot path of loading.
        match s {
            "pending" => return Ok(Status::Pending),
            "started" => return Ok(Status::Started),
            "waiting" => return Ok(Status::Waiting),
            "done" => return Ok(Status::Done),
            "cancelled" => return Ok(Status::Cancelled),
            _ => {}
        }
        match s.to_ascii_lowercase().as_str() {
            "pending" => Ok(Status::Pending),
            "started" | "active" => Ok(Status::Started),
            "waiting" => Ok(Status::Waiting),
            "done" | "completed" => Ok(Status::Done),
            "cancelled" | "canceled" | "deleted" => Ok(Status::Cancelled),
            _ => Err(format!(
                "unknown status `{s}` (use pending, started, waiting, done or cancelled)"
            )),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Priority {
    L,
    M,
    H,
}

impl Priority {
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::H => "H",
            Priority::M => "M",
            Priority::L => "L",
        }
    }

    /// H → M → L → none → H, for a one-key cycle.
    pub fn cycle(p: Option<Priority>) -> Option<Priority> {
        match p {
            Some(Priority::H) => Some(Priority::M),
            Some(Priority::M) => Some(Priority::L),
            Some(Priority::L) => None,
            None => Some(Priority::H),
        }
    }

    /// Parses H/M/L (any case, or high/medium/low); `none` or empty is `Ok(None)`.
    pub fn parse_opt(s: &str) -> Result<Option<Priority>, String> {
        match s {
            "H" => return Ok(Some(Priority::H)),
            "M" => return Ok(Some(Priority::M)),
            "L" => return Ok(Some(Priority::L)),
            _ => {}
        }
        match s.to_ascii_lowercase().as_str() {
            "h" | "high" => Ok(Some(Priority::H)),
            "m" | "medium" | "med" => Ok(Some(Priority::M)),
            "l" | "low" => Ok(Some(Priority::L)),
            "" | "none" => Ok(None),
            _ => Err(format!("unknown priority `{s}` (use H, M, L or none)")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    pub at: DateTime<Utc>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    /// Short stable id people type; assigned by the store (0 before the first save).
    pub id: i64,
    pub uuid: Uuid,
    pub title: String,
    #[serde(default)]
    pub notes: String,
    pub project: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub priority: Option<Priority>,
    pub status: Status,
    pub due: Option<DateTime<Utc>>,
    pub scheduled: Option<DateTime<Utc>>,
    pub wait: Option<DateTime<Utc>>,
    pub estimate_minutes: Option<u32>,
    pub parent: Option<Uuid>,
    #[serde(default)]
    pub depends: Vec<Uuid>,
    #[serde(default)]
    pub annotations: Vec<Annotation>,
    /// Boxed: most tasks do not recur, and the TUI holds every task in memory.
    pub recur: Option<Box<Recurrence>>,
    pub created: DateTime<Utc>,
    pub modified: DateTime<Utc>,
    pub started: Option<DateTime<Utc>>,
    pub done: Option<DateTime<Utc>>,
    /// Custom fields (Taskwarrior UDAs and the like), by name; kept and exported as given.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
}

impl Task {
    pub fn new(title: impl Into<String>, now: DateTime<Utc>) -> Task {
        Task {
            id: 0,
            uuid: Uuid::new_v4(),
            title: title.into(),
            notes: String::new(),
            project: None,
            tags: Vec::new(),
            priority: None,
            status: Status::Pending,
            due: None,
            scheduled: None,
            wait: None,
            estimate_minutes: None,
            parent: None,
            depends: Vec::new(),
            annotations: Vec::new(),
            recur: None,
            created: now,
            modified: now,
            started: None,
            done: None,
            fields: BTreeMap::new(),
        }
    }

    /// The status as of `now`: a task waiting until a date that has passed is pending again.
    pub fn effective_status(&self, now: DateTime<Utc>) -> Status {
        match (self.status, self.wait) {
            (Status::Waiting, Some(until)) if until <= now => Status::Pending,
            (s, _) => s,
        }
    }

    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.status.is_open() && self.due.is_some_and(|d| d < now)
    }

    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }

    /// Adds a tag once, keeping the list sorted so equal tasks compare equal.
    pub fn add_tag(&mut self, tag: &str) {
        if let Err(pos) = self.tags.binary_search_by(|t| t.as_str().cmp(tag)) {
            self.tags.insert(pos, tag.to_string());
        }
    }

    pub fn remove_tag(&mut self, tag: &str) {
        self.tags.retain(|t| t != tag);
    }

    /// Marks the task done. Completing a finished task is refused by the caller, not here.
    pub fn complete(&mut self, now: DateTime<Utc>) {
        self.status = Status::Done;
        self.done = Some(now);
        self.started = None;
        self.modified = now;
    }

    pub fn start(&mut self, now: DateTime<Utc>) {
        self.status = Status::Started;
        self.started = Some(now);
        self.modified = now;
    }

    pub fn stop(&mut self, now: DateTime<Utc>) {
        self.status = Status::Pending;
        self.started = None;
        self.modified = now;
    }
}

/// A task with the facts about it that live in other rows (its dependents and dependencies).
#[derive(Debug, Clone, PartialEq)]
pub struct ListedTask {
    pub task: Task,
    pub links: super::urgency::Links,
}

/// Text for a one-line display or a line-based format: a line break shows as `↵`, a tab as a
/// space and any other control character as `�`, so one task is always one line. The stored
/// text is unchanged.
pub fn one_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.replace("\r\n", "\n")
            .chars()
            .map(|c| match c {
                '\n' | '\r' => '↵',
                '\t' => ' ',
                c if c.is_control() => '\u{fffd}',
                c => c,
            })
            .collect(),
    )
}

/// Checks a project name: dotted segments of letters, digits, `-` and `_`.
pub fn validate_project(name: &str) -> Result<(), String> {
    let ok_segment = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    };
    if name.split('.').all(ok_segment) {
        Ok(())
    } else {
        Err(format!(
            "invalid project `{name}`: use dotted names of letters, digits, `-` and `_` (e.g. work.client-a)"
        ))
    }
}

/// Checks a tag: no whitespace, no leading `+`/`-`, not empty.
pub fn validate_tag(tag: &str) -> Result<(), String> {
    if tag.is_empty()
        || tag.starts_with(['+', '-'])
        || tag
            .chars()
            .any(|c| c.is_whitespace() || c == ',' || c == '(' || c == ')')
    {
        Err(format!(
            "invalid tag `{tag}`: tags are single words without spaces, commas or parentheses"
        ))
    } else {
        Ok(())
    }
}
