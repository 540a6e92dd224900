//! An agenda's event occurrences through the kept expansions: a series expanded once for a
//! horizon is read back as an indexed range until its text changes, the local zone changes,
//! or a window reaches past the horizon (then it is expanded again over the wider one).
//!
//! What comes out must be exactly what expanding the text for the window gives: the kept
//! occurrences are the horizon's expansion, cut to the window with the same overlap rule.

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;

use super::Result;
use super::agenda::{Found, overlaps, single};
use crate::ical::{self, Occurrence};
use crate::store::{Expanded, ExpansionKey, Store};

/// Names the expansion rules of this build: a kept expansion from another build is redone.
const EXPANDER: &str = concat!(env!("CARGO_PKG_VERSION"), "+1");

/// Instances one series may expand to in an agenda, as the direct expansion allows.
pub(super) const LIMIT: usize = 100_000;

/// A series with more occurrences in its horizon than this is expanded for each window
/// instead: far below `LIMIT`, so the cut at `LIMIT` never falls inside a horizon.
const MOST_KEPT: usize = 10_000;

/// How far before a window a new horizon starts, and how far after its start it reaches at
/// least: the next days' agendas and reminder passes then read what is kept.
const BEFORE: TimeDelta = TimeDelta::days(7);
const AHEAD: TimeDelta = TimeDelta::days(92);

/// The longest horizon kept; a window longer than this is expanded directly.
const LONGEST: TimeDelta = TimeDelta::days(3 * 366);

/// The occurrences in `[from, to)` of the events `calendar_objects_between` finds for
/// `candidates`, by object in the store's order, and the problems met, as `agenda` reports
/// them. `None` when the window is too long to keep.
pub(super) fn events(
    store: &Store,
    candidates: (i64, i64),
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    tz: Tz,
) -> Result<Option<Found>> {
    // The direct expansion reaches two days past `to`: a candidate found through the day
    // of slack may start after it, and a rule bounded before its own start is invalid.
    let wanted = (from - BEFORE, (to + TimeDelta::days(2)).max(from + AHEAD));
    if wanted.1 - wanted.0 > LONGEST {
        return Ok(None);
    }
    let key = ExpansionKey {
        zone: tz.name(),
        expander: EXPANDER,
    };
    let window = (from.timestamp(), to.timestamp());
    let rows = store.agenda_objects(candidates, window, key)?;
    let mut kept = if rows.iter().any(|r| r.kept.is_some()) {
        store.kept_occurrences(window, key)?
    } else {
        Default::default()
    };
    let mut found = Found::default();
    let mut fresh = Vec::new();
    for r in rows {
        let occurrences = match (r.kept, &r.row.ics, r.row.all_day) {
            (Some(problems), _, _) => {
                found.problems.extend(problems);
                kept.remove(&r.row.id).unwrap_or_default()
            }
            (None, None, Some(all_day)) => single(&r.row, all_day, from, to),
            (None, Some(ics), _) => {
                let horizon = widen(store.kept_window(r.row.id, key)?, wanted);
                let e = ical::expand(ics, horizon.0, horizon.1, tz, LIMIT)?;
                found.problems.extend(e.problems.iter().cloned());
                let inside = e
                    .occurrences
                    .iter()
                    .filter(|o| overlaps(o, from, to))
                    .cloned()
                    .collect();
                if keepable(&e.occurrences) {
                    fresh.push((r.row.id, ics.clone(), horizon, e));
                }
                inside
            }
            (None, None, None) => Vec::new(),
        };
        found.events.push((r.row, occurrences));
    }
    let expanded: Vec<Expanded> = fresh
        .iter()
        .map(|(id, ics, (h0, h1), e)| Expanded {
            object_id: *id,
            ics,
            covers_from: h0.timestamp(),
            covers_to: h1.timestamp(),
            problems: &e.problems,
            occurrences: &e.occurrences,
        })
        .collect();
    // Keeping is an optimisation: a read-only or busy database still gets its agenda.
    if let Err(e) = store.keep_expansions(key, &expanded) {
        tracing::debug!("calendar: expansions not kept: {e}");
    }
    Ok(Some(found))
}

/// The horizon to expand: the kept one grown to take in `wanted`, unless that would make it
/// longer than `LONGEST` (then just `wanted`).
fn widen(
    kept: Option<(i64, i64)>,
    wanted: (DateTime<Utc>, DateTime<Utc>),
) -> (DateTime<Utc>, DateTime<Utc>) {
    let Some((from, to)) = kept else {
        return wanted;
    };
    let (Some(from), Some(to)) = (
        DateTime::from_timestamp(from, 0),
        DateTime::from_timestamp(to, 0),
    ) else {
        return wanted;
    };
    let hull = (from.min(wanted.0), to.max(wanted.1));
    if hull.1 - hull.0 > LONGEST {
        wanted
    } else {
        hull
    }
}

/// Whether an expansion can be kept: not so long that the instance limit could cut it, and
/// each component's text the same on all its occurrences (the store keeps it once per part).
fn keepable(occurrences: &[Occurrence]) -> bool {
    if occurrences.len() > MOST_KEPT {
        return false;
    }
    let mut parts: Vec<&Occurrence> = Vec::new();
    occurrences
        .iter()
        .all(|o| match parts.iter().find(|p| p.part == o.part) {
            Some(p) => p.uid == o.uid && p.summary == o.summary && p.location == o.location,
            None => {
                parts.push(o);
                true
            }
        })
}
