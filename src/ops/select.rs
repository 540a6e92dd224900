//! The tasks a `modify`, `done` or `delete` is about, found from the `Selector` the edge read
//! (`model::selector`). A filter can catch more than meant, so when it selects several tasks
//! the change waits for a confirmation.

use super::Touched;
use crate::model::Task;
use crate::model::selector::Selector;
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

/// The tasks `selector` names (ids and UUID prefixes must each exist); a filter that finds
/// nothing is an error too.
pub(super) fn select(tx: &Tx<'_>, selector: &Selector) -> super::Result<Selected> {
    let tasks = match selector {
        Selector::Filter { filter, text } => {
            let found: Vec<Task> = tx.list(filter)?.into_iter().map(|l| l.task).collect();
            if found.is_empty() {
                return Err(StoreError::NotFound(text.clone()).into());
            }
            found
        }
        Selector::Tasks(refs) => {
            let mut tasks: Vec<Task> = Vec::new();
            for r in refs {
                for l in tx.resolve_ref(r)? {
                    if !tasks.iter().any(|t| t.uuid == l.task.uuid) {
                        tasks.push(l.task);
                    }
                }
            }
            tasks
        }
    };
    Ok(Selected {
        tasks,
        by_filter: selector.by_filter(),
    })
}
