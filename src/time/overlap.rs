//! Entries never overlap. A new or moved span either fits between its neighbours, or is
//! refused naming the first clash, or (with `adjust`) trims the neighbours: one inside the
//! span is deleted, one reaching into it is shortened, one around it is split in two.
//! An open (running) entry reaches to the end of time, so a backfill inside it splits it and
//! its later part keeps running.

use chrono::{DateTime, TimeZone, Utc};

use super::TimeError;
use super::entry::Entry;

/// One change to existing entries that makes room for a span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fix {
    /// The entry keeps its attributes over a new span.
    Span {
        id: i64,
        start: DateTime<Utc>,
        end: Option<DateTime<Utc>>,
    },
    Delete {
        id: i64,
    },
    /// A new entry with `id`'s attributes over the given span (the far part of a split).
    Copy {
        id: i64,
        start: DateTime<Utc>,
        end: Option<DateTime<Utc>>,
    },
}

fn far(end: Option<DateTime<Utc>>) -> DateTime<Utc> {
    end.unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// `start–end` in `tz`, for messages.
pub fn describe<Tz: TimeZone>(tz: &Tz, start: DateTime<Utc>, end: Option<DateTime<Utc>>) -> String
where
    Tz::Offset: std::fmt::Display,
{
    let s = start.with_timezone(tz);
    match end.map(|e| e.with_timezone(tz)) {
        None => format!("{}, running", s.format("%Y-%m-%d %H:%M")),
        Some(e) if e.date_naive() == s.date_naive() => {
            format!("{}–{}", s.format("%Y-%m-%d %H:%M"), e.format("%H:%M"))
        }
        Some(e) => format!(
            "{} – {}",
            s.format("%Y-%m-%d %H:%M"),
            e.format("%Y-%m-%d %H:%M")
        ),
    }
}

/// What must change so that `[start, end)` fits among `existing` (entries in `skip` are the
/// ones being edited and are ignored). Without `adjust` any overlap is an error.
pub fn fit<Tz: TimeZone>(
    existing: &[Entry],
    start: DateTime<Utc>,
    end: Option<DateTime<Utc>>,
    skip: &[i64],
    adjust: bool,
    tz: &Tz,
) -> Result<Vec<Fix>, TimeError>
where
    Tz::Offset: std::fmt::Display,
{
    check_order(start, end, tz)?;
    let mut fixes = Vec::new();
    let mut copies = Vec::new();
    for n in existing.iter().filter(|n| !skip.contains(&n.id)) {
        let (ns, ne) = (n.start, far(n.end));
        if !(ns < far(end) && start < ne) {
            continue;
        }
        if !adjust {
            return Err(TimeError::Clash {
                what: describe(tz, start, end),
                id: n.id,
                span: describe(tz, n.start, n.end),
            });
        }
        let (fix, copy) = trim(n, start, end);
        fixes.push(fix);
        copies.extend(copy);
    }
    fixes.extend(copies);
    Ok(fixes)
}

/// How neighbour `n` makes room for `[start, end)`: deleted when inside it, shortened when
/// reaching into it, split in two (the far part a copy) when around it.
fn trim(n: &Entry, start: DateTime<Utc>, end: Option<DateTime<Utc>>) -> (Fix, Option<Fix>) {
    let (id, ns, ne) = (n.id, n.start, far(n.end));
    if ns >= start && ne <= far(end) {
        return (Fix::Delete { id }, None);
    }
    let head = Fix::Span {
        id,
        start: ns,
        end: Some(start),
    };
    let tail = |id| Fix::Span {
        id,
        start: far(end),
        end: n.end,
    };
    match (ns < start, ne > far(end)) {
        (true, true) => (
            head,
            Some(Fix::Copy {
                id,
                start: far(end),
                end: n.end,
            }),
        ),
        (true, false) => (head, None),
        _ => (tail(id), None),
    }
}

fn check_order<Tz: TimeZone>(
    start: DateTime<Utc>,
    end: Option<DateTime<Utc>>,
    tz: &Tz,
) -> Result<(), TimeError>
where
    Tz::Offset: std::fmt::Display,
{
    match end {
        Some(e) if e <= start => Err(TimeError::EndBeforeStart {
            start: start.with_timezone(tz).format("%Y-%m-%d %H:%M").to_string(),
            end: e.with_timezone(tz).format("%Y-%m-%d %H:%M").to_string(),
        }),
        _ => Ok(()),
    }
}

/// Starting at `at`: the running entry stops there (it must have started before), and the new
/// open span must fit after it.
pub fn start_at<Tz: TimeZone>(
    existing: &[Entry],
    at: DateTime<Utc>,
    adjust: bool,
    tz: &Tz,
) -> Result<Vec<Fix>, TimeError>
where
    Tz::Offset: std::fmt::Display,
{
    let mut fixes = Vec::new();
    let mut skip = Vec::new();
    if let Some(r) = existing.iter().find(|e| e.is_running()) {
        if r.start >= at {
            return Err(TimeError::Invalid(format!(
                "entry {} has been running since {}, after {}",
                r.id,
                describe(tz, r.start, None),
                at.with_timezone(tz).format("%H:%M")
            )));
        }
        fixes.push(Fix::Span {
            id: r.id,
            start: r.start,
            end: Some(at),
        });
        skip.push(r.id);
    }
    fixes.extend(fit(existing, at, None, &skip, adjust, tz)?);
    Ok(fixes)
}

/// Applies fixes to an in-memory list (new copies get ids from `next_id`): the same changes
/// the store makes, for tests and for previews.
pub fn apply(entries: &mut Vec<Entry>, fixes: &[Fix], next_id: &mut i64) {
    for fix in fixes {
        match *fix {
            Fix::Span { id, start, end } => {
                if let Some(e) = entries.iter_mut().find(|e| e.id == id) {
                    e.start = start;
                    e.end = end;
                }
            }
            Fix::Delete { id } => entries.retain(|e| e.id != id),
            Fix::Copy { id, start, end } => {
                if let Some(e) = entries.iter().find(|e| e.id == id) {
                    let copy = Entry {
                        id: *next_id,
                        start,
                        end,
                        ..e.clone()
                    };
                    *next_id += 1;
                    entries.push(copy);
                }
            }
        }
    }
    entries.sort_by_key(|e| (e.start, e.id));
}

#[cfg(test)]
#[path = "overlap_tests.rs"]
mod tests;
