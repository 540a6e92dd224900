//! iCalendar ⇄ Tempo. Parsing and recurrence expansion are delegated to `calcard` (which
//! resolves Windows and custom time zones and handles RRULE/EXDATE/RDATE/RECURRENCE-ID), behind
//! this module's own small types so the rest of Tempo never names it.
//!
//! Pure: text in, occurrences out; the caller passes the window and the local zone.

pub mod event;
mod expand;
pub mod export;
pub mod lines;
pub mod merge;
pub mod outgoing;
mod split;
pub mod todo;
pub mod todo_rule;

pub use expand::{Expansion, Occurrence, expand};
pub use lines::Component;
pub use split::{CalendarObject, Split, object, split};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an iCalendar file: {0}")]
pub struct IcalError(pub String);
