//! Importing a calendar to-do: which task it stands for, and which failures skip it.
//!
//! An object is named by its calendar and UID, so the same UID in two calendars is two to-dos:
//! each gets its own task, and writing one (an import) never changes the task another
//! calendar, perhaps a synced one, holds.

use uuid::Uuid;

use super::Result;
use crate::store::Store;

/// The task for a to-do `uid` new to calendar `calendar_id`: the task the UID names (a UUID
/// UID, as `cal export --tasks` writes, or one derived from it) unless a to-do in another
/// calendar holds that task already; then one derived from the calendar and the UID.
pub(super) fn todo_task(store: &Store, calendar_id: i64, uid: &str) -> Result<Uuid> {
    let named =
        Uuid::parse_str(uid).unwrap_or_else(|_| Uuid::new_v5(&Uuid::NAMESPACE_URL, uid.as_bytes()));
    let held_elsewhere = store
        .calendar_todo_for_task(&named.to_string())?
        .is_some_and(|row| row.calendar_id != calendar_id);
    Ok(if held_elsewhere {
        Uuid::new_v5(
            &Uuid::NAMESPACE_URL,
            format!("calendar:{calendar_id}:{uid}").as_bytes(),
        )
    } else {
        named
    })
}

/// Whether a to-do's import failed for something in the to-do (skipped and reported, the
/// rest imports) rather than in the database (the whole import fails and is rolled back).
pub(super) fn is_problem(e: &crate::ops::Error) -> bool {
    matches!(
        e,
        crate::ops::Error::Usage(_)
            | crate::ops::Error::Store(crate::store::StoreError::Invalid(_))
    )
}
