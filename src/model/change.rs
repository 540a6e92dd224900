//! Edits as data. Every mutation of the store is a list of `Change`s applied in one transaction;
//! the store records each one's before-image, which is what makes undo possible.

use uuid::Uuid;

use super::task::Task;

#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Insert or replace the whole task (matched by UUID).
    Put(Box<Task>),
    /// Remove the task with this UUID.
    Delete(Uuid),
}
