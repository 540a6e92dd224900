//! Occurrences of the events in an iCalendar text within a window.
//!
//! Recurring events expand in their own zone (a weekly 09:00 Europe/Berlin meeting stays at
//! 09:00 local across DST changes); an overridden occurrence (RECURRENCE-ID) replaces the one it
//! overrides; EXDATEs remove, RDATEs add. Each occurrence is identified by its series UID and
//! its original start, so the same occurrence always has the same identity.

use std::collections::HashSet;

use calcard::icalendar::{ICalendarComponent, ICalendarProperty};
use chrono::{DateTime, Utc};

use super::IcalError;
pub use crate::model::occurrence::Occurrence;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Expansion {
    /// Sorted by start, then UID.
    pub occurrences: Vec<Occurrence>,
    /// Components that could not be read, with the reason.
    pub problems: Vec<String>,
}

/// Expands every VEVENT of `ics` and keeps the occurrences that overlap `[from, to)`. Floating
/// times and all-day dates are read in `local`. Each series (UID) is expanded on its own with
/// at most `limit` instances, so no series can use up another's share.
pub fn expand(
    ics: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    local: chrono_tz::Tz,
    limit: usize,
) -> Result<Expansion, IcalError> {
    let objects = super::split(ics);
    if objects.objects.is_empty() && !ics.to_ascii_uppercase().contains("BEGIN:VCALENDAR") {
        return Err(IcalError("no BEGIN:VCALENDAR".into()));
    }
    let mut out = Expansion {
        occurrences: Vec::new(),
        problems: objects.problems,
    };
    let mut seen = HashSet::new();
    let window = series::Window {
        from,
        to,
        local,
        limit,
    };
    for object in objects.objects.iter().filter(|o| o.kind == "VEVENT") {
        series::expand_object(&object.to_calendar(), &window, &mut out, &mut seen);
    }
    out.occurrences
        .sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.uid.cmp(&b.uid)));
    Ok(out)
}

fn text(comp: &ICalendarComponent, prop: ICalendarProperty) -> Option<String> {
    comp.property(&prop)
        .and_then(|p| p.values.first())
        .and_then(|v| v.as_text())
        .map(str::to_string)
}

mod rule;
mod series;
mod zone;

#[cfg(test)]
mod corpus_tests;
#[cfg(test)]
mod fidelity_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod zone_tests;
