//! The filter language shared by the CLI and the TUI: `project:work +next due.before:fri`,
//! `(pri:H or overdue) and not +someday`, free words, parentheses.
//!
//! Parsing resolves dates against an injected "now", so a parsed `Filter` is plain data: the store
//! compiles it to SQL and `Filter::matches` evaluates the same tree in memory (the TUI's live
//! filtering, and the tests that check both agree).

mod parse;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::task::{Priority, Status, Task};

pub(crate) use parse::levenshtein;
pub use parse::{FilterError, MAX_NESTING, nearest, parse, parse_id_list};

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    All,
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Pred(Pred),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateField {
    Due,
    Scheduled,
    Wait,
    Created,
    Modified,
    Done,
}

impl DateField {
    pub fn get(self, t: &Task) -> Option<DateTime<Utc>> {
        match self {
            DateField::Due => t.due,
            DateField::Scheduled => t.scheduled,
            DateField::Wait => t.wait,
            DateField::Created => Some(t.created),
            DateField::Modified => Some(t.modified),
            DateField::Done => t.done,
        }
    }
}

/// A comparison on a date field; bounds are instants, `[from, to)` for `Within`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateCmp {
    Before(DateTime<Utc>),
    After(DateTime<Utc>),
    Within(DateTime<Utc>, DateTime<Utc>),
    Unset,
    Set,
}

impl DateCmp {
    pub fn test(self, value: Option<DateTime<Utc>>) -> bool {
        match (self, value) {
            (DateCmp::Unset, v) => v.is_none(),
            (DateCmp::Set, v) => v.is_some(),
            (DateCmp::Before(b), Some(v)) => v < b,
            (DateCmp::After(a), Some(v)) => v >= a,
            (DateCmp::Within(from, to), Some(v)) => from <= v && v < to,
            (_, None) => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Pred {
    /// The project or any sub-project (`work` matches `work` and `work.api`); `None`: no project.
    Project(Option<String>),
    Tag(String),
    Status(Vec<Status>),
    Priority(Vec<Option<Priority>>),
    Date(DateField, DateCmp),
    Overdue,
    Blocked,
    Active,
    Id(Vec<i64>),
    UuidPrefix(String),
    /// Case-insensitive substring of the title or the notes (stored lowercased).
    Word(String),
    /// A custom field equal to a value (`client:acme`); `None`: the task has no such field.
    Field(String, Option<String>),
}

/// A parsed filter: the expression plus the instant it was resolved against.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    pub expr: Expr,
    pub now: DateTime<Utc>,
}

impl Filter {
    pub fn all(now: DateTime<Utc>) -> Filter {
        Filter {
            expr: Expr::All,
            now,
        }
    }

    /// True when the user said which statuses (or which ids) they want; otherwise lists show only
    /// actionable tasks.
    pub fn selects_status(&self) -> bool {
        fn walk(e: &Expr) -> bool {
            match e {
                Expr::All => false,
                Expr::And(a, b) | Expr::Or(a, b) => walk(a) || walk(b),
                Expr::Not(a) => walk(a),
                Expr::Pred(p) => matches!(
                    p,
                    Pred::Status(_)
                        | Pred::Id(_)
                        | Pred::UuidPrefix(_)
                        | Pred::Date(DateField::Done, _)
                ),
            }
        }
        walk(&self.expr)
    }

    /// True when the filter has free words (which search titles and notes).
    pub fn has_words(&self) -> bool {
        fn walk(e: &Expr) -> bool {
            match e {
                Expr::All => false,
                Expr::And(a, b) | Expr::Or(a, b) => walk(a) || walk(b),
                Expr::Not(a) => walk(a),
                Expr::Pred(p) => matches!(p, Pred::Word(_)),
            }
        }
        walk(&self.expr)
    }

    /// Adds the default "actionable tasks only" condition unless a status was named.
    pub fn with_default_status(self) -> Filter {
        if self.selects_status() {
            return self;
        }
        let open = Expr::Pred(Pred::Status(vec![Status::Pending, Status::Started]));
        let expr = match self.expr {
            Expr::All => open,
            e => Expr::And(Box::new(open), Box::new(e)),
        };
        Filter { expr, ..self }
    }

    /// Evaluates the filter on one task. `is_blocked` answers for dependencies, which live in
    /// other tasks.
    pub fn matches(&self, t: &Task, is_blocked: &dyn Fn(&Task) -> bool) -> bool {
        self.matches_subject(&Subject {
            task: t,
            blocked: is_blocked(t),
            text: None,
        })
    }

    /// Evaluates the filter on a prepared subject (the TUI keeps `text` precomputed so typing
    /// a word does not lowercase every task on every key).
    pub fn matches_subject(&self, s: &Subject<'_>) -> bool {
        eval(&self.expr, s, self.now)
    }
}

/// A task as the evaluator sees it.
pub struct Subject<'a> {
    pub task: &'a Task,
    pub blocked: bool,
    /// `search_text(task)`, if already computed.
    pub text: Option<&'a str>,
}

/// The lowercased title and notes that free words are searched in, joined by a NUL (which no
/// filter word contains, so a word cannot match across the join).
pub fn search_text(t: &Task) -> String {
    let mut s = t.title.to_lowercase();
    s.push('\0');
    s.push_str(&t.notes.to_lowercase());
    s
}

fn eval(e: &Expr, s: &Subject<'_>, now: DateTime<Utc>) -> bool {
    match e {
        Expr::All => true,
        Expr::And(a, b) => eval(a, s, now) && eval(b, s, now),
        Expr::Or(a, b) => eval(a, s, now) || eval(b, s, now),
        Expr::Not(a) => !eval(a, s, now),
        Expr::Pred(p) => eval_pred(p, s, now),
    }
}

fn eval_pred(p: &Pred, s: &Subject<'_>, now: DateTime<Utc>) -> bool {
    let t = s.task;
    match p {
        Pred::Project(None) => t.project.is_none(),
        Pred::Project(Some(name)) => t.project.as_deref().is_some_and(|p| {
            p == name
                || (p.starts_with(name.as_str()) && p.as_bytes().get(name.len()) == Some(&b'.'))
        }),
        Pred::Tag(tag) => t.has_tag(tag),
        Pred::Status(set) => set.contains(&t.effective_status(now)),
        Pred::Priority(set) => set.contains(&t.priority),
        Pred::Date(field, cmp) => cmp.test(field.get(t)),
        Pred::Overdue => t.is_overdue(now),
        Pred::Blocked => s.blocked,
        Pred::Active => t.status == Status::Started,
        Pred::Id(ids) => ids.contains(&t.id),
        Pred::UuidPrefix(prefix) => t.uuid.to_string().starts_with(prefix.as_str()),
        Pred::Field(name, value) => t.fields.get(name) == value.as_ref(),
        Pred::Word(w) => match s.text {
            Some(text) => text.contains(w.as_str()),
            None => t.title.to_lowercase().contains(w) || t.notes.to_lowercase().contains(w),
        },
    }
}

/// Parses a UUID prefix of at least 4 hex digits (dashes allowed).
pub fn uuid_prefix(s: &str) -> Option<String> {
    let s = s.to_ascii_lowercase();
    let ok = s.len() >= 4 && s.len() <= 36 && s.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    if !ok {
        return None;
    }
    if s.len() == 36 {
        return Uuid::parse_str(&s).ok().map(|u| u.to_string());
    }
    Some(s)
}

#[cfg(test)]
mod tests;
