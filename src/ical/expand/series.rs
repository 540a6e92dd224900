//! One object (the components sharing a UID) to occurrences, following RFC 5545 §3.8.5:
//! the instances of a master are its DTSTART, every RRULE's and every RDATE's, less its
//! EXDATEs; an override (RECURRENCE-ID) replaces the instance at the same instant, and with
//! RANGE=THISANDFUTURE moves the later ones too. Components without RECURRENCE-ID are
//! separate events even when they share a UID.

use std::collections::HashSet;

use calcard::common::PartialDateTime;
use calcard::common::timezone::Tz as CalTz;
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarEntry, ICalendarParameterName,
    ICalendarPeriod, ICalendarProperty, ICalendarRecurrenceRule, ICalendarValue,
};
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, Utc};

use super::zone::{Zone, Zones};
use super::{Expansion, Occurrence, rule};

/// What the caller asked for.
pub(super) struct Window {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub local: chrono_tz::Tz,
    pub limit: usize,
}

/// A date or date-time value: its wall clock, whether it has a time, its zone, its instant.
#[derive(Debug, Clone)]
struct When {
    naive: NaiveDateTime,
    /// The day as written, which a DATE-valued counterpart matches (a UTC RECURRENCE-ID at
    /// midnight names that day even where the series' zone is still on the day before).
    day: NaiveDate,
    timed: bool,
    zone: Zone,
    at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy)]
enum Length {
    Exact(TimeDelta),
    /// Whole days of wall clock (an all-day event keeps its midnights across DST).
    Days(i64),
}

impl Length {
    fn end(self, start: &When) -> DateTime<Utc> {
        match self {
            Length::Exact(d) => start.at + d,
            Length::Days(n) => (start.zone)
                .localize(start.naive + TimeDelta::days(n))
                .unwrap_or(start.at + TimeDelta::days(n)),
        }
    }

    fn span(self) -> TimeDelta {
        match self {
            Length::Exact(d) => d,
            Length::Days(n) => TimeDelta::days(n + 1),
        }
    }
}

struct Instance {
    start: When,
    end: DateTime<Utc>,
}

struct Override<'a> {
    comp: &'a ICalendarComponent,
    part: usize,
    rid: When,
    future: bool,
    start: When,
    end: DateTime<Utc>,
}

impl Override<'_> {
    /// The same instant, or the same day when either side is a DATE (Outlook writes a
    /// DATE-TIME RECURRENCE-ID at midnight of another zone for all-day series).
    fn replaces(&self, i: &When) -> bool {
        self.rid.at == i.at || ((!self.rid.timed || !i.timed) && self.rid.day == i.day)
    }
}

pub(super) fn expand_object(
    ics: &str,
    w: &Window,
    out: &mut Expansion,
    seen: &mut HashSet<String>,
) {
    let cal = match ICalendar::parse(ics) {
        Ok(cal) => cal,
        Err(e) => {
            out.problems.push(format!("unreadable event: {e:?}"));
            return;
        }
    };
    let resolver = Zones::new(&cal, w.local);
    let events: Vec<(usize, &ICalendarComponent)> = cal
        .components
        .iter()
        .filter(|c| c.component_type == ICalendarComponentType::VEvent)
        .enumerate()
        .collect();
    let mut overrides = Vec::new();
    let mut masters = Vec::new();
    for &(part, comp) in &events {
        match entry(comp, ICalendarProperty::RecurrenceId) {
            Some(rid) => {
                if let Some(o) = read_override(comp, part, rid, &resolver) {
                    overrides.push(o);
                }
            }
            None => masters.push((part, comp)),
        }
    }
    // `original` is the instance's start before any override moved it (its RECURRENCE-ID).
    let mut emit = |comp: &ICalendarComponent,
                    part,
                    original: DateTime<Utc>,
                    start: &When,
                    end: DateTime<Utc>,
                    recurring| {
        // Overlap with the window; a zero-length event at `from` counts.
        if start.at >= w.to || (end <= w.from && start.at < w.from) {
            return;
        }
        let occurrence = Occurrence {
            uid: comp.uid().unwrap_or_default().to_string(),
            summary: super::text(comp, ICalendarProperty::Summary).unwrap_or_default(),
            location: super::text(comp, ICalendarProperty::Location),
            start: start.at,
            end: end.max(start.at),
            all_day: !start.timed,
            recurring,
            part,
        };
        // Sub-daily rules across a spring-forward gap can yield one instant twice; an
        // override moved onto another instance's time is a second occurrence there.
        if seen.insert(format!("{}#{}", occurrence.key(), original.timestamp())) {
            out.occurrences.push(occurrence);
        }
    };
    let mut problems = Vec::new();
    for (part, comp) in masters {
        let uid = comp.uid().unwrap_or("(no UID)");
        let instances = match instances(comp, &resolver, &overrides, w) {
            Ok(i) => i,
            Err(why) => {
                problems.push(format!("event {uid}: {why}"));
                continue;
            }
        };
        let recurring =
            rules(comp).next().is_some() || entry(comp, ICalendarProperty::Rdate).is_some();
        for i in instances {
            if overrides.iter().any(|o| o.replaces(&i.start)) {
                continue;
            }
            let future = overrides
                .iter()
                .filter(|o| o.future && o.rid.at < i.start.at)
                .max_by_key(|o| o.rid.at);
            match future {
                Some(o) => {
                    let at = i.start.at + (o.start.at - o.rid.at);
                    let start = When {
                        at,
                        ..i.start.clone()
                    };
                    let end = at + (o.end - o.start.at);
                    emit(o.comp, o.part, i.start.at, &start, end, true);
                }
                None => emit(comp, part, i.start.at, &i.start, i.end, recurring),
            }
        }
    }
    for o in &overrides {
        emit(o.comp, o.part, o.rid.at, &o.start, o.end, true);
    }
    out.problems.extend(problems);
}

/// The master's instances near the window, EXDATEs removed, at most `limit`.
fn instances(
    comp: &ICalendarComponent,
    resolver: &Zones,
    overrides: &[Override],
    w: &Window,
) -> Result<Vec<Instance>, String> {
    let (dtstart, value) = entry(comp, ICalendarProperty::Dtstart)
        .and_then(|e| Some((e, date_value(e)?)))
        .ok_or("its start (DTSTART) is missing or unreadable")?;
    let start = when(dtstart, value, resolver, None)
        .ok_or("its start (DTSTART) is not a valid date or time")?;
    let tzid = dtstart.tz_id();
    let length = length(comp, &start, resolver, tzid)?;
    let moved = overrides
        .iter()
        .filter(|o| o.future)
        .map(|o| (o.start.at - o.rid.at).abs())
        .max()
        .unwrap_or_default();
    let from = w.from - length.span() - moved;
    let to = w.to + moved;
    let mut all = vec![Instance {
        end: length.end(&start),
        start: start.clone(),
    }];
    for e in rules(comp) {
        let Some(ICalendarValue::RecurrenceRule(r)) = e.values.first() else {
            return Err("its repetition rule (RRULE) is not valid".into());
        };
        let r: &ICalendarRecurrenceRule = r;
        for naive in rule::starts(r, start.naive, start.timed, &start.zone, from, to, w.limit)? {
            if let Some(at) = start.zone.localize(naive) {
                let s = When {
                    naive,
                    day: naive.date(),
                    at,
                    ..start.clone()
                };
                all.push(Instance {
                    end: length.end(&s),
                    start: s,
                });
            }
        }
    }
    for e in comp
        .entries
        .iter()
        .filter(|e| e.name == ICalendarProperty::Rdate)
    {
        for v in &e.values {
            match v {
                ICalendarValue::PartialDateTime(p) => {
                    if let Some(s) = when(e, p, resolver, tzid) {
                        all.push(Instance {
                            end: length.end(&s),
                            start: s,
                        });
                    }
                }
                ICalendarValue::Period(ICalendarPeriod::Range { start: s, end }) => {
                    if let (Some(s), Some(end)) =
                        (when(e, s, resolver, tzid), when(e, end, resolver, tzid))
                    {
                        all.push(Instance {
                            start: s,
                            end: end.at,
                        });
                    }
                }
                ICalendarValue::Period(ICalendarPeriod::Duration { start: s, duration }) => {
                    if let Some(s) = when(e, s, resolver, tzid)
                        && let Some(end) = duration
                            .to_time_delta()
                            .and_then(|d| s.at.checked_add_signed(d))
                    {
                        all.push(Instance { end, start: s });
                    }
                }
                _ => {}
            }
        }
    }
    let mut excluded = Vec::new();
    for e in comp
        .entries
        .iter()
        .filter(|e| e.name == ICalendarProperty::Exdate)
    {
        for v in &e.values {
            if let ICalendarValue::PartialDateTime(p) = v
                && let Some(x) = when(e, p, resolver, tzid)
            {
                excluded.push(x);
            }
        }
    }
    all.sort_by_key(|i| i.start.at);
    all.dedup_by_key(|i| i.start.at);
    // A DATE EXDATE removes that day's instance even from a timed series.
    all.retain(|i| {
        !excluded
            .iter()
            .any(|x| x.at == i.start.at || ((!x.timed || !i.start.timed) && x.day == i.start.day))
    });
    all.truncate(w.limit.max(1));
    Ok(all)
}

/// How long each instance lasts: DTEND or DURATION; without either a timed event takes no
/// time and an all-day one its day (RFC 5545 §3.6.1).
fn length(
    comp: &ICalendarComponent,
    start: &When,
    resolver: &Zones,
    tzid: Option<&str>,
) -> Result<Length, String> {
    if let Some(e) = entry(comp, ICalendarProperty::Dtend) {
        let end = date_value(e)
            .and_then(|v| when(e, v, resolver, tzid))
            .ok_or("its end (DTEND) is not a valid date or time")?;
        return Ok(if start.timed {
            Length::Exact((end.at - start.at).max(TimeDelta::zero()))
        } else {
            Length::Days((end.naive.date() - start.naive.date()).num_days().max(0))
        });
    }
    if let Some(e) = entry(comp, ICalendarProperty::Duration) {
        let d = match e.values.first() {
            Some(ICalendarValue::Duration(d)) => d.to_time_delta(),
            _ => None,
        }
        .ok_or("its DURATION is not valid")?
        .max(TimeDelta::zero());
        if d > longest() {
            return Err("its DURATION is longer than any calendar".into());
        }
        let whole_days = d.num_seconds() % 86_400 == 0;
        return Ok(if !start.timed && whole_days {
            Length::Days(d.num_days())
        } else {
            Length::Exact(d)
        });
    }
    Ok(if start.timed {
        Length::Exact(TimeDelta::zero())
    } else {
        Length::Days(1)
    })
}

/// Ten thousand years: no event lasts longer, and the arithmetic on instants stays in range.
fn longest() -> TimeDelta {
    TimeDelta::days(366 * 10_000)
}

/// The RRULEs that say something: an empty `RRULE:` (calendarlabs.com writes one on every
/// one-off holiday) is no rule, not an invalid one.
fn rules(comp: &ICalendarComponent) -> impl Iterator<Item = &ICalendarEntry> {
    comp.entries.iter().filter(|e| {
        e.name == ICalendarProperty::Rrule
            && !e
                .values
                .iter()
                .all(|v| v.as_text().is_some_and(|t| t.trim().is_empty()))
    })
}

fn read_override<'a>(
    comp: &'a ICalendarComponent,
    part: usize,
    rid: &ICalendarEntry,
    resolver: &Zones,
) -> Option<Override<'a>> {
    let dtstart = entry(comp, ICalendarProperty::Dtstart);
    let tzid = dtstart.and_then(ICalendarEntry::tz_id);
    let rid_when = when(rid, date_value(rid)?, resolver, tzid)?;
    let future = rid
        .parameters(&ICalendarParameterName::Range)
        .next()
        .is_some();
    let start = dtstart
        .and_then(|e| when(e, date_value(e)?, resolver, None))
        .unwrap_or_else(|| rid_when.clone());
    let end = length(comp, &start, resolver, tzid)
        .map(|l| l.end(&start))
        .unwrap_or(start.at);
    Some(Override {
        comp,
        part,
        rid: rid_when,
        future,
        start,
        end,
    })
}

fn entry(comp: &ICalendarComponent, name: ICalendarProperty) -> Option<&ICalendarEntry> {
    comp.entries.iter().find(|e| e.name == name)
}

fn date_value(e: &ICalendarEntry) -> Option<&PartialDateTime> {
    match e.values.first() {
        Some(ICalendarValue::PartialDateTime(p)) => Some(p),
        _ => None,
    }
}

/// Reads a value in its own zone: its UTC offset, else its TZID, else `fallback` (the
/// DTSTART's TZID, for EXDATE/RDATE/RECURRENCE-ID written without one), else the calendar's
/// X-WR-TIMEZONE, else the local zone.
/// A DATE is a day in the local zone unless it names one.
fn when(
    e: &ICalendarEntry,
    value: &PartialDateTime,
    resolver: &Zones,
    fallback: Option<&str>,
) -> Option<When> {
    let dt = value.to_date_time()?;
    let timed = value.has_time();
    let zone = match dt.offset {
        // Google writes `DTSTART;TZID=US/Pacific:20020126`: that zone's midnight.
        _ if !timed => resolver.of_day(e.tz_id()),
        Some(o) if o.local_minus_utc() == 0 => resolver.of_utc(),
        Some(o) => Zone::Known(CalTz::Fixed(o)),
        None => resolver.resolve(e.tz_id().or(fallback)),
    };
    let at = match dt.offset {
        Some(o) if timed => (dt.date_time - o).and_utc(),
        _ => zone.localize(dt.date_time)?,
    };
    let naive = match dt.offset {
        Some(_) if timed => zone.wall(at),
        _ => dt.date_time,
    };
    Some(When {
        naive,
        day: dt.date_time.date(),
        timed,
        zone,
        at,
    })
}
