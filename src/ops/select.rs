//! Which tasks a `modify`, `done` or `delete` is about: ids and UUID prefixes name tasks
//! exactly; anything else is a filter, read like `tempo list` reads its words (the words joined
//! with spaces, so `"project:work +next"` quoted or not is the same filter). A filter can catch
//! more than meant, so when it selects several tasks the change waits for a confirmation.

use chrono::{DateTime, TimeZone};

use super::Touched;
use crate::model::Task;
use crate::model::filter::{self, parse_id_list, uuid_prefix};
use crate::store::{StoreError, Tx};

/// A change to several tasks chosen by a filter (or a delete of several) was not confirmed.
#[derive(Debug, thiserror::Error)]
#[error("this would {verb} {} tasks ({}); add --yes to confirm", tasks.len(), id_list(tasks))]
pub struct Unconfirmed {
    /// "modify", "complete", "delete".
    pub verb: &'static str,
    pub tasks: Vec<Touched>,
}

/// Nobody confirmed: the command as given asks for too much (exit 2, nothing changed).
impl crate::error::Kinded for Unconfirmed {
    fn kind(&self) -> crate::error::ErrorKind {
        crate::error::ErrorKind::BadInput
    }
}

/// `2, 5, 7`, or the first ten and a count of the rest.
fn id_list(tasks: &[Touched]) -> String {
    let mut ids: Vec<String> = tasks.iter().take(10).map(|t| t.id.to_string()).collect();
    if tasks.len() > 10 {
        ids.push(format!("and {} more", tasks.len() - 10));
    }
    ids.join(", ")
}

/// The tasks the words select, and whether a filter chose them.
pub(super) struct Selected {
    pub(super) tasks: Vec<Task>,
    pub(super) by_filter: bool,
}

impl Selected {
    /// Refuses (changing nothing) when several tasks were selected in a way that needs a
    /// confirmation and none was given.
    pub(super) fn confirm(
        self,
        verb: &'static str,
        confirmed: bool,
        even_by_id: bool,
    ) -> Result<Vec<Task>, Unconfirmed> {
        if self.tasks.len() > 1 && !confirmed && (self.by_filter || even_by_id) {
            return Err(Unconfirmed {
                verb,
                tasks: self.tasks.iter().map(Touched::from).collect(),
            });
        }
        Ok(self.tasks)
    }
}

/// True when a word names tasks exactly: `12`, `3,5`, `10-14`, or a UUID prefix with a letter or
/// a dash in it (an all-digit word is an id).
pub(super) fn names_tasks(word: &str) -> bool {
    parse_id_list(word).is_some()
        || uuid_prefix(word).is_some_and(|p| p.chars().any(|c| c.is_ascii_alphabetic() || c == '-'))
}

/// Resolves every word as an id when each names tasks, else reads them all as one filter (open
/// tasks unless it names a status). Nothing found is an error.
pub(super) fn select<Tz: TimeZone>(
    tx: &Tx<'_>,
    words: &[String],
    now: &DateTime<Tz>,
) -> super::Result<Selected> {
    let by_filter = !words.iter().all(|w| names_tasks(w.trim()));
    let tasks = if by_filter {
        let text = words.join(" ");
        if text.trim().is_empty() {
            return Err(super::usage(
                "name the tasks: ids (12, 3,5, 10-14), a UUID prefix or a filter",
            ));
        }
        let filter = filter::parse(&text, now)?.with_default_status();
        let found: Vec<Task> = tx.list(&filter)?.into_iter().map(|l| l.task).collect();
        if found.is_empty() {
            return Err(StoreError::NotFound(text).into());
        }
        found
    } else {
        let mut tasks: Vec<Task> = Vec::new();
        for sel in words {
            for l in tx.resolve(sel)? {
                if !tasks.iter().any(|t| t.uuid == l.task.uuid) {
                    tasks.push(l.task);
                }
            }
        }
        tasks
    };
    Ok(Selected { tasks, by_filter })
}
