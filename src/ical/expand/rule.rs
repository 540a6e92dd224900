//! The instants one RRULE generates, in wall-clock time of the series' zone.
//!
//! calcard's rule iterator is reached only through `ICalendar::expand_dates`, so each rule is
//! expanded on a calendar of its own holding just a DTSTART and that rule; everything else
//! (DTSTART as an occurrence, RDATE, EXDATE, overrides) is decided by the caller. Three
//! things are prepared here because calcard gets them wrong or slow:
//! - A rule with both COUNT and UNTIL (which RFC 5545 forbids) ends at its UNTIL.
//! - UNTIL in UTC is compared by calcard as a wall-clock time; it is converted to the
//!   series' wall clock first, so an UNTIL equal to the last instance keeps that instance.
//! - An open-ended rule is started near the window instead of at DTSTART (shifted by whole
//!   periods, with the parts DTSTART implied written out), so a series from 2007 still
//!   reaches 2026 within the instance limit.

use calcard::common::PartialDateTime;
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarDay, ICalendarEntry,
    ICalendarFrequency, ICalendarMonth, ICalendarProperty, ICalendarRecurrenceRule, ICalendarValue,
    ICalendarWeekday,
};
use chrono::{
    DateTime, Datelike, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike, Utc,
};

use super::zone::Zone;

/// Wall-clock starts of `rule` for a series starting at `start` (a DATE when `!timed`) in
/// `zone`, from about `from` up to `to`, at most `limit` of them.
pub(super) fn starts(
    rule: &ICalendarRecurrenceRule,
    start: NaiveDateTime,
    timed: bool,
    zone: &Zone,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    limit: usize,
) -> Result<Vec<NaiveDateTime>, String> {
    let mut rule = rule.clone();
    // COUNT and UNTIL must not both be given; a producer that writes both means the UNTIL
    // (Confluence writes `COUNT=-1`, "no count", which calcard reads as COUNT=1).
    if rule.until.is_some() {
        rule.count = None;
    }
    if let Some(until) = rule.until.as_ref().and_then(PartialDateTime::to_date_time) {
        let wall = match until.offset {
            Some(offset) => zone.wall((until.date_time - offset).and_utc()),
            // A DATE UNTIL on a timed series includes that whole day.
            None if timed && !rule.until.as_ref().is_some_and(PartialDateTime::has_time) => until
                .date_time
                .date()
                .and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default()),
            None => until.date_time,
        };
        rule.until = Some(partial(wall, true));
    }
    let mut first = start;
    if rule.count.is_none() {
        let wall_from = from.naive_utc() - TimeDelta::days(2);
        if let Some(shifted) = shift(&mut rule, start, wall_from) {
            first = shifted;
        }
        if rule.until.is_none() {
            // calcard has no window: without an end it would run to the limit.
            rule.until = Some(partial(to.naive_utc() + TimeDelta::days(2), true));
        }
    }
    // A rule ending before its start (written so, or a window before the series) adds
    // nothing; calcard would call the rule invalid, yet DTSTART still occurs.
    let ends = rule.until.as_ref().and_then(PartialDateTime::to_date_time);
    if ends.is_some_and(|u| u.date_time < first) {
        return Ok(Vec::new());
    }
    let entry = |name, value| ICalendarEntry {
        name,
        params: Vec::new(),
        values: vec![value],
    };
    let cal = ICalendar {
        components: vec![ICalendarComponent {
            component_type: ICalendarComponentType::VEvent,
            entries: vec![
                entry(
                    ICalendarProperty::Dtstart,
                    ICalendarValue::PartialDateTime(Box::new(partial(first, timed))),
                ),
                entry(
                    ICalendarProperty::Rrule,
                    ICalendarValue::RecurrenceRule(Box::new(rule)),
                ),
            ],
            component_ids: Vec::new(),
        }],
    };
    let out = cal.expand_dates(zone.for_rules(), limit);
    if let Some(e) = out.errors.first() {
        use calcard::icalendar::dates::CalendarErrorType as E;
        return Err(match &e.error {
            E::RRule(r) => format!("its repetition rule (RRULE) is not valid: {r:?}"),
            other => format!("its start (DTSTART) cannot be repeated: {other:?}"),
        });
    }
    let mut starts: Vec<NaiveDateTime> = out.events.iter().map(|e| e.start.naive_local()).collect();
    starts.sort_unstable();
    starts.dedup();
    Ok(starts)
}

fn partial(t: NaiveDateTime, timed: bool) -> PartialDateTime {
    let small = |v: u32| u8::try_from(v).unwrap_or(0);
    PartialDateTime {
        year: u16::try_from(t.year()).ok(),
        month: Some(small(t.month())),
        day: Some(small(t.day())),
        hour: timed.then(|| small(t.hour())),
        minute: timed.then(|| small(t.minute())),
        second: timed.then(|| small(t.second())),
        ..PartialDateTime::default()
    }
}

/// Moves the rule's start forward by whole periods to shortly before `target`, writing out
/// the day parts the original DTSTART implied so the moved start generates the same
/// instances. Returns the new start, or None when no move is needed or possible.
fn shift(
    rule: &mut ICalendarRecurrenceRule,
    start: NaiveDateTime,
    target: NaiveDateTime,
) -> Option<NaiveDateTime> {
    if target <= start {
        return None;
    }
    let interval = i64::from(rule.interval.unwrap_or(1).max(1));
    let fixed = |unit: TimeDelta| -> Option<NaiveDateTime> {
        let step = unit.checked_mul(i32::try_from(interval).ok()?)?;
        let periods = (target - start).num_seconds() / step.num_seconds().max(1);
        let k = i32::try_from(periods.saturating_sub(1)).ok()?;
        (k > 0).then(|| start + step * k)
    };
    let no_day_parts = rule.byweekno.is_empty()
        && rule.byyearday.is_empty()
        && rule.bymonthday.is_empty()
        && rule.byday.is_empty();
    match rule.freq {
        ICalendarFrequency::Secondly => fixed(TimeDelta::seconds(1)),
        ICalendarFrequency::Minutely => fixed(TimeDelta::minutes(1)),
        ICalendarFrequency::Hourly => fixed(TimeDelta::hours(1)),
        ICalendarFrequency::Daily => fixed(TimeDelta::days(1)),
        ICalendarFrequency::Weekly => {
            if rule.byday.is_empty() {
                rule.byday.push(ICalendarDay {
                    ordwk: None,
                    weekday: weekday(start.date()),
                });
            }
            fixed(TimeDelta::weeks(1))
        }
        ICalendarFrequency::Monthly | ICalendarFrequency::Yearly => {
            let yearly = rule.freq == ICalendarFrequency::Yearly;
            if no_day_parts {
                rule.bymonthday.push(i8::try_from(start.day()).ok()?);
                if yearly && rule.bymonth.is_empty() {
                    rule.bymonth.push(ICalendarMonth::new(
                        u8::try_from(start.month()).ok()?,
                        false,
                    ));
                }
            }
            let months = |d: NaiveDateTime| i64::from(d.year()) * 12 + i64::from(d.month0());
            let unit = if yearly { 12 * interval } else { interval };
            let k = ((months(target) - months(start)) / unit).saturating_sub(1);
            if k <= 0 {
                return None;
            }
            // The first day of the month keeps every later day of it reachable.
            let first_day = start.with_day(1)?;
            let moved = first_day.checked_add_months(Months::new(u32::try_from(k * unit).ok()?))?;
            // BYDAY in a YEARLY rule without BYMONTH is relative to the year: start in January.
            if yearly {
                moved.with_month(1)
            } else {
                Some(moved)
            }
        }
    }
}

fn weekday(d: NaiveDate) -> ICalendarWeekday {
    use chrono::Weekday as W;
    match d.weekday() {
        W::Mon => ICalendarWeekday::Monday,
        W::Tue => ICalendarWeekday::Tuesday,
        W::Wed => ICalendarWeekday::Wednesday,
        W::Thu => ICalendarWeekday::Thursday,
        W::Fri => ICalendarWeekday::Friday,
        W::Sat => ICalendarWeekday::Saturday,
        W::Sun => ICalendarWeekday::Sunday,
    }
}
