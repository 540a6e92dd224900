//! A time entry and the edits an operation may make to its attributes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Where an entry came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    #[default]
    Manual,
    Focus,
    Capture,
    Import,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Manual => "manual",
            Source::Focus => "focus",
            Source::Capture => "capture",
            Source::Import => "import",
        }
    }

    /// Unknown stored values read as `manual` rather than failing a whole report.
    pub fn parse(text: &str) -> Source {
        match text {
            "focus" => Source::Focus,
            "capture" => Source::Capture,
            "import" => Source::Import,
            _ => Source::Manual,
        }
    }
}

/// What an entry is about: everything but its times, id and source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attrs {
    pub task: Option<Uuid>,
    pub project: Option<String>,
    pub client: Option<String>,
    pub tags: Vec<String>,
    /// The activity type (`meeting`, `research`, … from the configured list).
    pub activity: Option<String>,
    pub billable: bool,
    pub note: String,
}

impl Default for Attrs {
    fn default() -> Attrs {
        Attrs {
            task: None,
            project: None,
            client: None,
            tags: Vec::new(),
            activity: None,
            billable: true,
            note: String::new(),
        }
    }
}

/// One recorded stretch of time; `end` is `None` while it runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub id: i64,
    pub start: DateTime<Utc>,
    pub end: Option<DateTime<Utc>>,
    #[serde(flatten)]
    pub attrs: Attrs,
    pub source: Source,
}

impl Entry {
    pub fn is_running(&self) -> bool {
        self.end.is_none()
    }

    /// Seconds so far (a running entry counts up to `now`).
    pub fn seconds(&self, now: DateTime<Utc>) -> i64 {
        (self.end.unwrap_or(now) - self.start).num_seconds().max(0)
    }
}

/// A change to attributes: `None` leaves a field alone, `Some(None)` clears it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AttrEdit {
    pub project: Option<Option<String>>,
    pub client: Option<Option<String>>,
    pub add_tags: Vec<String>,
    pub remove_tags: Vec<String>,
    pub activity: Option<Option<String>>,
    pub billable: Option<bool>,
    pub note: Option<String>,
}

impl AttrEdit {
    pub fn is_empty(&self) -> bool {
        *self == AttrEdit::default()
    }

    pub fn apply(&self, a: &mut Attrs) {
        if let Some(p) = &self.project {
            a.project.clone_from(p);
        }
        if let Some(c) = &self.client {
            a.client.clone_from(c);
        }
        a.tags.retain(|t| !self.remove_tags.contains(t));
        for t in &self.add_tags {
            if !a.tags.contains(t) {
                a.tags.push(t.clone());
            }
        }
        if let Some(t) = &self.activity {
            a.activity.clone_from(t);
        }
        if let Some(b) = self.billable {
            a.billable = b;
        }
        if let Some(n) = &self.note {
            a.note.clone_from(n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_sets_clears_and_moves_tags() {
        let mut a = Attrs {
            project: Some("old".into()),
            tags: vec!["x".into(), "y".into()],
            ..Attrs::default()
        };
        AttrEdit {
            project: Some(None),
            add_tags: vec!["z".into(), "x".into()],
            remove_tags: vec!["y".into()],
            billable: Some(false),
            ..AttrEdit::default()
        }
        .apply(&mut a);
        assert_eq!(a.project, None);
        assert_eq!(a.tags, vec!["x", "z"]);
        assert!(!a.billable);
    }
}
