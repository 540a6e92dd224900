//! Plain data and pure rules: tasks, dates, filters, recurrence, urgency, edits as data.
//!
//! Nothing here touches SQLite, the terminal, threads or the clock: "now" is always a parameter.

pub mod change;
pub mod dates;
pub mod duration;
pub mod event_text;
pub mod filter;
pub mod focus;
pub mod focus_stats;
pub mod mods;
pub mod occurrence;
pub mod recur;
pub mod reminder;
pub mod rrule_words;
pub mod selector;
pub mod task;
pub mod urgency;

pub use change::Change;
pub use task::{Annotation, ListedTask, Priority, Status, Task};
