//! Which zone a TZID names. In order: what calcard resolves (IANA and Windows names, a
//! VTIMEZONE carrying X-LIC-LOCATION or an Exchange zone id); an IANA name behind a vendor
//! prefix or with another separator (`/freeassociation.sourceforge.net/Europe/Berlin`,
//! `US-Eastern`, `Europe_London`); else the file's own VTIMEZONE, whose STANDARD/DAYLIGHT
//! observances (DTSTART, RRULE, RDATE) are evaluated into the offsets they describe
//! (Lotus Notes' `Western/Central Europe`). Only a TZID that is none of these falls back to
//! the local zone.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Arc, Mutex, OnceLock};

use calcard::common::PartialDateTime;
use calcard::common::timezone::Tz as CalTz;
use calcard::icalendar::timezone::TzResolver;
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarProperty, ICalendarValue,
};
use chrono::offset::LocalResult;
use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeDelta, TimeZone, Utc};

use super::rule;

/// A zone: one calcard knows, or the offsets a VTIMEZONE defines.
#[derive(Debug, Clone)]
pub(super) enum Zone {
    Known(CalTz),
    Rules(Arc<Offsets>),
}

/// UTC offsets from each onset on (seconds since the epoch, seconds east of UTC), sorted;
/// `initial` holds before the first.
#[derive(Debug)]
pub(super) struct Offsets {
    onsets: Vec<(i64, i32)>,
    initial: i32,
}

impl Offsets {
    fn at(&self, t: i64) -> i32 {
        match self.onsets.partition_point(|o| o.0 <= t) {
            0 => self.initial,
            i => self.onsets[i - 1].1,
        }
    }
}

impl Zone {
    /// A wall-clock time: the earlier of a repeated hour, and a time in a spring-forward gap
    /// moved past it (RFC 5545 §3.3.5).
    pub(super) fn localize(&self, naive: NaiveDateTime) -> Option<DateTime<Utc>> {
        match self {
            Zone::Known(zone) => {
                let zone = match zone {
                    CalTz::Floating => CalTz::UTC,
                    z => *z,
                };
                match zone.from_local_datetime(&naive) {
                    LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => {
                        Some(t.with_timezone(&Utc))
                    }
                    LocalResult::None => zone
                        .from_local_datetime(&(naive + TimeDelta::hours(1)))
                        .earliest()
                        .map(|t| t.with_timezone(&Utc)),
                }
            }
            Zone::Rules(o) => {
                let guess = naive.and_utc().timestamp();
                let before = o.at(guess - 86_400);
                let mut candidates = [before, o.at(guess), o.at(guess + 86_400)];
                // A larger offset is an earlier instant: the first reading of a repeated hour.
                candidates.sort_unstable_by(|a, b| b.cmp(a));
                let t = candidates
                    .iter()
                    .map(|&off| guess - i64::from(off))
                    .find(|&t| i64::from(o.at(t)) == guess - t)
                    .unwrap_or(guess - i64::from(before));
                DateTime::from_timestamp(t, 0)
            }
        }
    }

    /// The wall clock of this zone at `t`.
    pub(super) fn wall(&self, t: DateTime<Utc>) -> NaiveDateTime {
        match self {
            Zone::Known(CalTz::Floating) => t.naive_utc(),
            Zone::Known(zone) => zone.from_utc_datetime(&t.naive_utc()).naive_local(),
            Zone::Rules(o) => t.naive_utc() + TimeDelta::seconds(i64::from(o.at(t.timestamp()))),
        }
    }

    /// The zone calcard iterates a rule in: wall-clock (floating) time for a VTIMEZONE's own.
    pub(super) fn for_rules(&self) -> CalTz {
        match self {
            Zone::Known(zone) => *zone,
            Zone::Rules(_) => CalTz::Floating,
        }
    }
}

/// The zones of one calendar text.
pub(super) struct Zones<'a> {
    cal: &'a ICalendar,
    resolver: TzResolver<&'a str>,
    local: CalTz,
    /// Where times without a zone are: the calendar's X-WR-TIMEZONE, else the local zone.
    floating: CalTz,
    /// The calendar's X-WR-TIMEZONE, if it names a zone.
    calendar: Option<CalTz>,
}

impl<'a> Zones<'a> {
    pub(super) fn new(cal: &'a ICalendar, local: chrono_tz::Tz) -> Self {
        let resolver = cal.build_tz_resolver();
        let calendar = cal
            .components
            .iter()
            .filter(|c| c.component_type == ICalendarComponentType::VCalendar)
            .flat_map(|c| &c.entries)
            .find(|e| {
                matches!(&e.name, ICalendarProperty::Other(n) if n.eq_ignore_ascii_case("X-WR-TIMEZONE"))
            })
            .and_then(|e| e.values.first()?.as_text())
            .and_then(|id| resolver.resolve(id).or_else(|| by_name(id)));
        Zones {
            cal,
            resolver,
            local: CalTz::Tz(local),
            floating: calendar.unwrap_or(CalTz::Tz(local)),
            calendar,
        }
    }

    /// The zone a UTC time repeats in. Google writes a series' DTSTART in UTC and means the
    /// wall clock of the calendar's X-WR-TIMEZONE (09:00 stays 09:00 across DST there).
    pub(super) fn of_utc(&self) -> Zone {
        Zone::Known(self.calendar.unwrap_or(CalTz::UTC))
    }

    /// The zone of a whole day: the one it names, else the local zone.
    pub(super) fn of_day(&self, tzid: Option<&str>) -> Zone {
        match tzid {
            Some(_) => self.resolve(tzid),
            None => Zone::Known(self.local),
        }
    }

    pub(super) fn resolve(&self, tzid: Option<&str>) -> Zone {
        let Some(id) = tzid else {
            return Zone::Known(self.floating);
        };
        if let Some(z) = self.resolver.resolve(id).or_else(|| by_name(id)) {
            return Zone::Known(z);
        }
        self.vtimezone(id)
            .and_then(offsets)
            .map_or(Zone::Known(self.local), Zone::Rules)
    }

    fn vtimezone(&self, id: &str) -> Option<Vec<&'a ICalendarComponent>> {
        let tz = self.cal.components.iter().find(|c| {
            c.component_type == ICalendarComponentType::VTimezone
                && c.entries.iter().any(|e| {
                    e.name == ICalendarProperty::Tzid
                        && e.values.first().and_then(ICalendarValue::as_text) == Some(id)
                })
        })?;
        Some(
            tz.component_ids
                .iter()
                .filter_map(|&i| self.cal.components.get(i as usize))
                .filter(|c| {
                    matches!(
                        c.component_type,
                        ICalendarComponentType::Standard | ICalendarComponentType::Daylight
                    )
                })
                .collect(),
        )
    }
}

/// An IANA name inside a TZID that is not one as written.
fn by_name(id: &str) -> Option<CalTz> {
    let id = id.trim().trim_matches('"');
    let parse = |s: &str| chrono_tz::Tz::from_str(s).ok().map(CalTz::Tz);
    let parts: Vec<&str> = id.split('/').collect();
    (1..parts.len())
        .find_map(|i| parse(&parts[i..].join("/")))
        .or_else(|| parse(&id.replacen('-', "/", 1)))
        .or_else(|| parse(&id.replacen('_', "/", 1)))
}

/// The offsets a VTIMEZONE's observances define, from 1900 to 2100; the same definition
/// (as in every event of one file) is evaluated once.
fn offsets(observances: Vec<&ICalendarComponent>) -> Option<Arc<Offsets>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<Offsets>>>> = OnceLock::new();
    let key = format!("{observances:?}");
    let cache = CACHE.get_or_init(Default::default);
    if let Some(o) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Some(o);
    }
    let year = |y| {
        DateTime::from_timestamp(
            chrono::NaiveDate::from_ymd_opt(y, 1, 1)?
                .and_hms_opt(0, 0, 0)?
                .and_utc()
                .timestamp(),
            0,
        )
    };
    let (from, to) = (year(1900)?, year(2100)?);
    let mut onsets = Vec::new();
    // The earliest onset, with the offset in force before it.
    let mut earliest: Option<(i64, i32)> = None;
    for ob in observances {
        let value = |name: ICalendarProperty| {
            ob.entries
                .iter()
                .find(|e| e.name == name)
                .and_then(|e| e.values.first())
        };
        let (
            Some(ICalendarValue::PartialDateTime(start)),
            Some(ICalendarValue::PartialDateTime(off_from)),
            Some(ICalendarValue::PartialDateTime(off_to)),
        ) = (
            value(ICalendarProperty::Dtstart),
            value(ICalendarProperty::Tzoffsetfrom),
            value(ICalendarProperty::Tzoffsetto),
        )
        else {
            continue;
        };
        let (Some(start), Some(off_from), Some(off_to)) =
            (start.to_date_time(), seconds(off_from), seconds(off_to))
        else {
            continue;
        };
        let start = start.date_time;
        let onset =
            |local: NaiveDateTime| (local.and_utc().timestamp() - i64::from(off_from), off_to);
        onsets.push(onset(start));
        let first = onset(start).0;
        if earliest.is_none_or(|e| first < e.0) {
            earliest = Some((first, off_from));
        }
        let wall_before = Zone::Known(CalTz::Fixed(FixedOffset::east_opt(off_from)?));
        for e in &ob.entries {
            match (&e.name, e.values.first()) {
                (ICalendarProperty::Rrule, Some(ICalendarValue::RecurrenceRule(r))) => {
                    let starts = rule::starts(r, start, true, &wall_before, from, to, 1000)
                        .unwrap_or_default();
                    onsets.extend(starts.into_iter().map(onset));
                }
                (ICalendarProperty::Rdate, _) => {
                    for v in &e.values {
                        if let ICalendarValue::PartialDateTime(p) = v
                            && let Some(d) = p.to_date_time()
                        {
                            onsets.push(onset(d.date_time));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    onsets.sort_unstable();
    let initial = earliest?.1;
    let o = Arc::new(Offsets { onsets, initial });
    if let Ok(mut c) = cache.lock() {
        c.insert(key, o.clone());
    }
    Some(o)
}

/// A UTC offset value (`+0100`, `-0430`) in seconds east.
fn seconds(p: &PartialDateTime) -> Option<i32> {
    let s = i32::from(p.tz_hour?) * 3600 + i32::from(p.tz_minute.unwrap_or(0)) * 60;
    Some(if p.tz_minus { -s } else { s })
}
