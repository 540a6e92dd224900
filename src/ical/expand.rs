//! Occurrences of the events in an iCalendar text within a window.
//!
//! Recurring events expand in their own zone (a weekly 09:00 Europe/Berlin meeting stays at
//! 09:00 local across DST changes); an overridden occurrence (RECURRENCE-ID) replaces the one it
//! overrides; EXDATEs remove, RDATEs add. Each occurrence is identified by its series UID and
//! its original start, so the same occurrence always has the same identity.

use std::collections::HashSet;

use calcard::common::timezone::Tz as CalTz;
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarParameterName,
    ICalendarProperty,
};
use chrono::{DateTime, TimeZone, Utc};

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
    for object in objects.objects.iter().filter(|o| o.kind == "VEVENT") {
        expand_object(
            &object.to_calendar(),
            from,
            to,
            local,
            limit,
            &mut out,
            &mut seen,
        );
    }
    out.occurrences
        .sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.uid.cmp(&b.uid)));
    Ok(out)
}

fn expand_object(
    ics: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    local: chrono_tz::Tz,
    limit: usize,
    out: &mut Expansion,
    seen: &mut HashSet<String>,
) {
    let bounded = bound_open_rules(ics, to);
    let cal = match ICalendar::parse(&bounded) {
        Ok(cal) => cal,
        Err(e) => {
            out.problems.push(format!("unreadable event: {e:?}"));
            return;
        }
    };
    // calcard 0.3 expands a recurring event whose DTSTART is in UTC ("…Z") as if it were a
    // floating time in the default zone. Expanding once with the local zone and once with UTC,
    // and taking each event from the pass that matches how its DTSTART is written, is correct
    // for both (the test `utc_recurrences_stay_in_utc` pins this).
    let utc_start = |id: u32| cal.components.get(id as usize).is_some_and(starts_in_utc);
    let events = cal
        .components
        .iter()
        .filter(|c| c.component_type == ICalendarComponentType::VEvent);
    let (mut any_utc, mut any_local) = (false, false);
    for c in events {
        if starts_in_utc(c) {
            any_utc = true;
        } else {
            any_local = true;
        }
    }
    // Each pass costs a full expansion; skip the one no component needs.
    let pass = |zone: chrono_tz::Tz, needed: bool| {
        if needed {
            cal.expand_dates(CalTz::Tz(zone), limit)
        } else {
            cal.expand_dates(CalTz::Tz(zone), 0)
        }
    };
    let in_local = pass(local, any_local);
    let in_utc = pass(chrono_tz::UTC, any_utc);
    for e in &in_local.errors {
        let uid = cal
            .components
            .get(e.comp_id as usize)
            .and_then(|c| c.uid())
            .unwrap_or("(no UID)");
        use calcard::icalendar::dates::CalendarErrorType as E;
        let why = match &e.error {
            E::MissingDtStart => "its start (DTSTART) is missing or unreadable".to_string(),
            E::InvalidDtStart => "its start (DTSTART) is not a valid date or time".to_string(),
            E::InvalidDtEnd => "its end (DTEND) is not a valid date or time".to_string(),
            E::InvalidDuration => "its DURATION is not valid".to_string(),
            E::RRule(r) => format!("its repetition rule (RRULE) is not valid: {r:?}"),
        };
        out.problems.push(format!("event {uid}: {why}"));
    }
    let events = in_local
        .events
        .into_iter()
        .filter(|e| !utc_start(e.comp_id))
        .chain(in_utc.events.into_iter().filter(|e| utc_start(e.comp_id)));
    for e in events {
        let Some(comp) = cal.components.get(e.comp_id as usize) else {
            continue;
        };
        if comp.component_type != ICalendarComponentType::VEvent {
            continue;
        }
        let (start, end) = e.timestamps();
        let (Some(start), Some(end)) = (
            Utc.timestamp_opt(start, 0).single(),
            Utc.timestamp_opt(end, 0).single(),
        ) else {
            continue;
        };
        // Overlap with the window; a zero-length event at `from` counts.
        if start >= to || (end <= from && start < from) {
            continue;
        }
        let occurrence = Occurrence {
            uid: comp.uid().unwrap_or_default().to_string(),
            summary: text(comp, ICalendarProperty::Summary).unwrap_or_default(),
            location: text(comp, ICalendarProperty::Location),
            start,
            end: end.max(start),
            all_day: is_all_day(comp),
            recurring: comp.is_recurrent_or_override(),
            part: cal.components[..e.comp_id as usize]
                .iter()
                .filter(|c| c.component_type == ICalendarComponentType::VEvent)
                .count(),
        };
        // Sub-daily rules across a spring-forward gap can yield one instant twice.
        if seen.insert(occurrence.key()) {
            out.occurrences.push(occurrence);
        }
    }
}

/// Gives every RRULE without COUNT or UNTIL an UNTIL at the window's end (and drops SEQUENCE,
/// see below). calcard has no
/// window: it generates instances up to its limit, so one open-ended series would use up the
/// limit and starve the rest. Only the text handed to the parser changes, never what is stored.
fn bound_open_rules(ics: &str, to: DateTime<Utc>) -> String {
    let unfolded = super::lines::unfold(ics);
    let lines: Vec<&str> = unfolded.iter().map(String::as_str).collect();
    let mut out = String::with_capacity(ics.len() + 64);
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].eq_ignore_ascii_case("BEGIN:VEVENT") {
            out.push_str(lines[i]);
            out.push_str("\r\n");
            i += 1;
            continue;
        }
        let end = (i..lines.len())
            .find(|&j| lines[j].eq_ignore_ascii_case("END:VEVENT"))
            .unwrap_or(lines.len() - 1);
        let component = &lines[i..=end];
        let all_day = component.iter().any(|l| {
            let u = l.to_ascii_uppercase();
            u.starts_with("DTSTART")
                && u.split(':')
                    .next()
                    .is_some_and(|h| h.contains("VALUE=DATE") && !h.contains("VALUE=DATE-TIME"))
        });
        let until = if all_day {
            to.format("%Y%m%d").to_string()
        } else {
            to.format("%Y%m%dT%H%M%SZ").to_string()
        };
        for l in component {
            let u = l.to_ascii_uppercase();
            // calcard 0.3 applies an override only when its SEQUENCE equals the master's,
            // yet overrides routinely carry their own (Google, Outlook, any edit of one
            // occurrence): the master's instance would show next to its replacement.
            // SEQUENCE plays no part in which instances exist, so the parser never sees it.
            if u.starts_with("SEQUENCE:") || u.starts_with("SEQUENCE;") {
                continue;
            }
            out.push_str(l);
            if u.starts_with("RRULE") && !u.contains("COUNT=") && !u.contains("UNTIL=") {
                out.push_str(";UNTIL=");
                out.push_str(&until);
            }
            out.push_str("\r\n");
        }
        i = end + 1;
    }
    out
}

fn text(comp: &ICalendarComponent, prop: ICalendarProperty) -> Option<String> {
    comp.property(&prop)
        .and_then(|p| p.values.first())
        .and_then(|v| v.as_text())
        .map(str::to_string)
}

/// DTSTART written in UTC (`…Z`) or with an explicit offset, without a TZID.
fn starts_in_utc(comp: &ICalendarComponent) -> bool {
    comp.property(&ICalendarProperty::Dtstart).is_some_and(|p| {
        let explicit = p
            .values
            .first()
            .and_then(|v| v.as_partial_date_time())
            .is_some_and(|d| d.tz_hour.is_some());
        let tzid = p
            .params
            .iter()
            .any(|param| param.name == ICalendarParameterName::Tzid);
        explicit && !tzid
    })
}

/// DTSTART given as a DATE (no time of day).
fn is_all_day(comp: &ICalendarComponent) -> bool {
    comp.property(&ICalendarProperty::Dtstart)
        .and_then(|p| p.values.first())
        .and_then(|v| v.as_partial_date_time())
        .is_some_and(|d| d.hour.is_none())
}

#[cfg(test)]
mod tests;
