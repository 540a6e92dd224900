//! iCalendar ⇄ Tempo. Parsing, time zone names and the RRULE iterator come from `calcard`;
//! which instances a series has (DTSTART, RRULEs, RDATE, EXDATE, overrides) is decided in
//! `expand`, behind this module's own small types so the rest of Tempo never names calcard.
//!
//! Pure: text in, occurrences out; the caller passes the window and the local zone.

pub mod decode;
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

impl crate::error::Kinded for IcalError {
    fn kind(&self) -> crate::error::ErrorKind {
        crate::error::ErrorKind::BadInput
    }
}
