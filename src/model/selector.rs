//! Which tasks a command is about, read once where it was typed (the CLI's arguments, the
//! app's `:` line) so the operations get a typed value and never read text again.
//!
//! A [`TaskRef`] names tasks exactly: ids (`12`, `3,5`, `10-14`) or a UUID prefix. A
//! [`Selector`] is what `modify`, `done` and `delete` take: references when every word is
//! one, else all the words as one filter (joined with spaces, so `"project:work +next"`
//! quoted or not is the same filter), open tasks unless it names a status.

use std::fmt;

use chrono::{DateTime, TimeZone};
use uuid::Uuid;

use super::filter::{self, Filter, FilterError, parse_id_list, uuid_prefix};
use crate::error::{ErrorKind, Kinded};

/// Text that names no tasks: every variant is bad input (exit 2, nothing changed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelectorError {
    /// A word that looks like ids or a UUID prefix and is neither.
    #[error("{0}")]
    NotAReference(String),
    #[error("name the tasks: ids (12, 3,5, 10-14), a UUID prefix or a filter")]
    Empty,
    #[error(transparent)]
    Filter(#[from] FilterError),
}

impl Kinded for SelectorError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::BadInput
    }
}

/// Tasks named exactly, with the text that named them (errors and undo steps quote it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskRef {
    /// `12`, `3,5`, `10-14`. An all-digit word of four or more digits that is no task's id is
    /// tried as a UUID prefix (one in 40 eight-digit prefixes is all digits).
    Ids { ids: Vec<i64>, text: String },
    /// The first characters of a UUID, lowercase.
    Uuid { prefix: String, text: String },
}

impl TaskRef {
    /// One task by its id.
    pub fn id(id: i64) -> TaskRef {
        TaskRef::Ids {
            ids: vec![id],
            text: id.to_string(),
        }
    }

    /// A task by its whole UUID.
    pub fn uuid(uuid: Uuid) -> TaskRef {
        let text = uuid.to_string();
        TaskRef::Uuid {
            prefix: text.clone(),
            text,
        }
    }

    /// Reads one word: a whole UUID; else digits, commas and dashes are ids, anything else a
    /// UUID prefix.
    pub fn parse(word: &str) -> Result<TaskRef, SelectorError> {
        let text = word.trim();
        // A UUID can be all digits and dashes, which would otherwise read as an id range.
        if text.len() == 36
            && let Ok(uuid) = Uuid::parse_str(text)
        {
            return Ok(TaskRef::Uuid {
                prefix: uuid.to_string(),
                text: text.to_string(),
            });
        }
        let id_like = text
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '-');
        if id_like && !text.is_empty() {
            let ids = parse_id_list(text).ok_or_else(|| {
                SelectorError::NotAReference(format!(
                    "`{text}` is not a task id or id list (e.g. 12, 3,5 or 10-14)"
                ))
            })?;
            return Ok(TaskRef::Ids {
                ids,
                text: text.to_string(),
            });
        }
        let prefix = uuid_prefix(text).ok_or_else(|| {
            SelectorError::NotAReference(format!(
                "`{text}` is not a task id or UUID prefix (ids are numbers like 12; UUID \
                 prefixes have at least 4 hex digits)"
            ))
        })?;
        Ok(TaskRef::Uuid {
            prefix,
            text: text.to_string(),
        })
    }

    /// Reads each word (the first that names nothing is the error).
    pub fn parse_all(words: &[String]) -> Result<Vec<TaskRef>, SelectorError> {
        words.iter().map(|w| TaskRef::parse(w)).collect()
    }

    /// The text as typed (trimmed).
    pub fn text(&self) -> &str {
        match self {
            TaskRef::Ids { text, .. } | TaskRef::Uuid { text, .. } => text,
        }
    }
}

impl fmt::Display for TaskRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text())
    }
}

/// True when a word names tasks exactly: `12`, `3,5`, `10-14`, or a UUID prefix with a letter or
/// a dash in it (an all-digit word is an id; other words are read as a filter).
fn names_tasks(word: &str) -> bool {
    parse_id_list(word).is_some()
        || uuid_prefix(word).is_some_and(|p| p.chars().any(|c| c.is_ascii_alphabetic() || c == '-'))
}

/// The tasks a `modify`, `done` or `delete` is about.
#[derive(Debug, Clone, PartialEq)]
pub enum Selector {
    /// Every word names tasks exactly.
    Tasks(Vec<TaskRef>),
    /// The words as one filter, with the text it was read from. A filter can catch more than
    /// meant, so a change to several tasks it chose waits for a confirmation.
    Filter { filter: Filter, text: String },
}

impl Selector {
    /// One task by its id (the app's keys act on the task under the cursor).
    pub fn id(id: i64) -> Selector {
        Selector::Tasks(vec![TaskRef::id(id)])
    }

    /// References when every word is one, else all the words as one filter, read at `now`
    /// (relative dates) and limited to open tasks unless it names a status.
    pub fn parse<Tz: TimeZone>(
        words: &[String],
        now: &DateTime<Tz>,
    ) -> Result<Selector, SelectorError> {
        if words.iter().all(|w| names_tasks(w.trim())) && !words.is_empty() {
            return TaskRef::parse_all(words).map(Selector::Tasks);
        }
        let text = words.join(" ");
        if text.trim().is_empty() {
            return Err(SelectorError::Empty);
        }
        let filter = filter::parse(&text, now)?.with_default_status();
        Ok(Selector::Filter { filter, text })
    }

    /// Whether a filter chose the tasks (rather than ids or UUIDs).
    pub fn by_filter(&self) -> bool {
        matches!(self, Selector::Filter { .. })
    }
}

/// The words it was read from, joined with spaces (an undo step's description quotes them).
impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Selector::Tasks(refs) => {
                let words: Vec<&str> = refs.iter().map(TaskRef::text).collect();
                f.write_str(&words.join(" "))
            }
            Selector::Filter { text, .. } => f.write_str(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<chrono::Utc> {
        DateTime::parse_from_rfc3339("2026-11-22T09:30:00Z")
            .expect("instant")
            .to_utc()
    }

    fn words(w: &[&str]) -> Vec<String> {
        w.iter().map(|s| s.to_string()).collect()
    }

    fn parse(w: &[&str]) -> Result<Selector, SelectorError> {
        Selector::parse(&words(w), &now())
    }

    #[test]
    fn ids_ranges_and_uuid_prefixes_name_tasks_exactly() {
        let sel = parse(&["3,5", "10-12", "ab12cd"]).expect("references");
        assert_eq!(
            sel,
            Selector::Tasks(vec![
                TaskRef::Ids {
                    ids: vec![3, 5],
                    text: "3,5".into()
                },
                TaskRef::Ids {
                    ids: vec![10, 11, 12],
                    text: "10-12".into()
                },
                TaskRef::Uuid {
                    prefix: "ab12cd".into(),
                    text: "ab12cd".into()
                },
            ])
        );
        assert!(!sel.by_filter());
        assert_eq!(sel.to_string(), "3,5 10-12 ab12cd");
        assert_eq!(Selector::id(7), parse(&["7"]).expect("an id"));
        let upper = TaskRef::parse(" AB12-CD ").expect("a prefix");
        assert_eq!(
            upper,
            TaskRef::Uuid {
                prefix: "ab12-cd".into(),
                text: "AB12-CD".into()
            }
        );
    }

    #[test]
    fn anything_else_is_one_filter_over_open_tasks() {
        let sel = parse(&["project:work", "+next"]).expect("a filter");
        let Selector::Filter { filter, text } = &sel else {
            panic!("a filter: {sel:?}")
        };
        assert_eq!(text, "project:work +next");
        assert!(filter.selects_status());
        assert_eq!(parse(&["project:work +next"]), Ok(sel.clone()));
        // A word that names tasks beside one that does not: all of it is the filter.
        assert!(parse(&["12", "+next"]).expect("a filter").by_filter());
        // A filter that names a status keeps it (no "open tasks" added).
        let Ok(Selector::Filter { filter, .. }) = parse(&["status:done"]) else {
            panic!("a filter")
        };
        assert_eq!(
            filter,
            filter::parse("status:done", &now()).expect("parses")
        );
    }

    #[test]
    fn text_that_names_nothing_says_why() {
        assert_eq!(parse(&[]), Err(SelectorError::Empty));
        assert_eq!(parse(&["  "]), Err(SelectorError::Empty));
        let e = parse(&["due:someday"]).expect_err("not a date");
        assert!(matches!(e, SelectorError::Filter(_)), "{e:?}");
        assert_eq!(e.kind(), ErrorKind::BadInput);
        // `+5` reads as an id list but is no id: the reference's own error.
        let e = parse(&["+5"]).expect_err("not a reference");
        assert_eq!(
            e.to_string(),
            "`+5` is not a task id or UUID prefix (ids are numbers like 12; UUID prefixes have \
             at least 4 hex digits)"
        );
        let e = TaskRef::parse("5-3").expect_err("a backwards range");
        assert_eq!(
            e.to_string(),
            "`5-3` is not a task id or id list (e.g. 12, 3,5 or 10-14)"
        );
        assert!(TaskRef::parse("zz").is_err());
        // A whole UUID of digits and dashes is a UUID, not a broken id range.
        let digits = "12345678-1234-4234-8234-123456789012";
        let uuid = Uuid::parse_str(digits).expect("a UUID");
        assert_eq!(TaskRef::parse(digits), Ok(TaskRef::uuid(uuid)));
        assert!(TaskRef::parse("").is_err());
    }
}
