//! Task recurrence: every N days/weeks/months/years, optionally on given weekdays, until a date.
//!
//! Occurrences are computed from the series anchor (its first date), never from the previous
//! instance, so month-end dates do not drift (Jan 31 → Feb 28 → Mar 31). Each instance's UUID is
//! derived from the series UUID and its occurrence date, so an instance can never exist twice.

use std::fmt;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Day,
    Week,
    Month,
    Year,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub every: u32,
    pub unit: Unit,
    /// Days of the week the task falls on (only for day and week units); empty means any.
    #[serde(default)]
    pub weekdays: Vec<Weekday>,
    pub until: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recurrence {
    pub series: Uuid,
    /// The series' first occurrence date, from which all others are counted.
    pub anchor: NaiveDate,
    pub rule: Rule,
}

const MAX_EVERY: u32 = 1000;
const WEEKDAYS: [(&str, Weekday); 7] = [
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
];

impl Rule {
    /// Parses `daily`, `weekly`, `monthly`, `yearly`, `weekdays`, `biweekly`, `3d`, `2w`,
    /// `1mo`, `1y`, `mon,wed,fri` (weekly on those days), or `2w:mon,thu`.
    pub fn parse(input: &str) -> Result<Rule, String> {
        let text = input.trim().to_ascii_lowercase();
        let err = || {
            format!(
                "cannot read recurrence `{input}`: use daily, weekly, monthly, yearly, weekdays, \
                 biweekly, Nd/Nw/Nmo/Ny (e.g. 3d, 2w), a weekday list (mon,wed,fri) or 2w:mon,thu"
            )
        };
        let rule = |every, unit, weekdays| Rule {
            every,
            unit,
            weekdays,
            until: None,
        };
        let named = named_rule(&text);
        if let Some(r) = named {
            return Ok(r);
        }
        if let Some(r) = parse_iso8601(&text) {
            return r.map_err(|why| format!("cannot read recurrence `{input}`: {why}"));
        }
        if is_sub_daily(&text) {
            return Err(format!(
                "cannot read recurrence `{input}`: task recurrence is by days, weeks, months \
                 or years; hourly and shorter intervals are not supported"
            ));
        }
        let (interval, days) = match text.split_once(':') {
            Some((i, d)) => (Some(i), Some(d)),
            None if text.starts_with(|c: char| c.is_ascii_digit()) => (Some(text.as_str()), None),
            None => (None, Some(text.as_str())),
        };
        let (every, unit) = match interval {
            Some(i) => parse_interval(i).ok_or_else(err)?,
            None => (1, Unit::Week),
        };
        let weekdays = match days {
            Some(d) => parse_weekdays(d).ok_or_else(err)?,
            None => vec![],
        };
        if !weekdays.is_empty() && !matches!(unit, Unit::Day | Unit::Week) {
            return Err(format!(
                "cannot read recurrence `{input}`: weekdays go with day or week intervals"
            ));
        }
        Ok(rule(every, unit, weekdays))
    }

    /// The first occurrence strictly after `current`, counted from `anchor`; `None` past `until`.
    pub fn next_after(&self, anchor: NaiveDate, current: NaiveDate) -> Option<NaiveDate> {
        let next = match (self.unit, self.weekdays.is_empty()) {
            (Unit::Day, true) => step_days(anchor, current, u64::from(self.every)),
            (Unit::Week, true) => step_days(anchor, current, 7 * u64::from(self.every)),
            (Unit::Month, _) => step_months(anchor, current, self.every),
            (Unit::Year, _) => step_months(anchor, current, self.every.checked_mul(12)?),
            (Unit::Day, false) => self.scan(current, |d| {
                (d - anchor).num_days().rem_euclid(i64::from(self.every)) == 0
            }),
            (Unit::Week, false) => {
                let anchor_monday = monday_of(anchor);
                self.scan(current, |d| {
                    ((monday_of(d) - anchor_monday).num_days() / 7)
                        .rem_euclid(i64::from(self.every))
                        == 0
                })
            }
        }?;
        match self.until {
            Some(until) if next > until => None,
            _ => Some(next),
        }
    }

    fn scan(&self, current: NaiveDate, in_cycle: impl Fn(NaiveDate) -> bool) -> Option<NaiveDate> {
        let limit = 7 * 7 * u64::from(self.every) + 7;
        (1..=limit)
            .filter_map(|i| current.checked_add_days(Days::new(i)))
            .find(|d| self.weekdays.contains(&d.weekday()) && in_cycle(*d))
    }
}

impl fmt::Display for Rule {
    /// The canonical form, which `Rule::parse` reads back (until is shown separately).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            Unit::Day => "d",
            Unit::Week => "w",
            Unit::Month => "mo",
            Unit::Year => "y",
        };
        write!(f, "{}{unit}", self.every)?;
        if !self.weekdays.is_empty() {
            let names: Vec<&str> = WEEKDAYS
                .iter()
                .filter(|(_, w)| self.weekdays.contains(w))
                .map(|(n, _)| *n)
                .collect();
            write!(f, ":{}", names.join(","))?;
        }
        Ok(())
    }
}

impl Recurrence {
    /// Starts a new series whose first occurrence is `anchor`.
    pub fn new_series(rule: Rule, anchor: NaiveDate) -> Recurrence {
        Recurrence {
            series: Uuid::new_v4(),
            anchor,
            rule,
        }
    }

    /// The identity of the instance that falls on `date`.
    pub fn instance_uuid(&self, date: NaiveDate) -> Uuid {
        Uuid::new_v5(&self.series, date.format("%Y-%m-%d").to_string().as_bytes())
    }
}

fn parse_interval(text: &str) -> Option<(u32, Unit)> {
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (digits, unit) = text.split_at(split);
    let every: u32 = if digits.is_empty() {
        1
    } else {
        digits.parse().ok()?
    };
    if every == 0 || every > MAX_EVERY {
        return None;
    }
    let unit = match unit {
        "d" | "day" | "days" => Unit::Day,
        "w" | "wk" | "week" | "weeks" => Unit::Week,
        "mo" | "mos" | "month" | "months" => Unit::Month,
        "y" | "yr" | "yrs" | "year" | "years" => Unit::Year,
        // Taskwarrior's quarters (`2q` is every six months).
        "q" | "qtr" | "qtrs" | "quarter" | "quarters" => {
            return Some((every.checked_mul(3)?, Unit::Month));
        }
        _ => return None,
    };
    Some((every, unit))
}

/// ISO 8601 durations of whole days, weeks, months or years (`P1D`, `P2W`, `P3M`, `P1Y`).
/// `None` when the text is not ISO 8601 at all; `Some(Err)` for a form we cannot represent.
fn parse_iso8601(text: &str) -> Option<Result<Rule, String>> {
    let body = text.strip_prefix('p')?;
    if body.contains('t') {
        return Some(Err(
            "task recurrence is by days, weeks, months or years; hourly and shorter intervals \
             are not supported"
                .into(),
        ));
    }
    let split = body.find(|c: char| !c.is_ascii_digit())?;
    let (digits, unit) = body.split_at(split);
    let every: u32 = digits.parse().ok()?;
    let unit = match unit {
        "d" => Unit::Day,
        "w" => Unit::Week,
        "m" => Unit::Month,
        "y" => Unit::Year,
        _ => {
            return Some(Err(
                "only one unit is supported in an ISO 8601 recurrence (P1D, P2W, P3M, P1Y)".into(),
            ));
        }
    };
    if every == 0 || every > MAX_EVERY {
        return Some(Err(format!("the interval must be 1 to {MAX_EVERY}")));
    }
    Some(Ok(Rule {
        every,
        unit,
        weekdays: vec![],
        until: None,
    }))
}

/// Taskwarrior's hourly, minute and second periods (`hourly`, `1h`, `12hrs`, `30min`, `10s`).
fn is_sub_daily(text: &str) -> bool {
    let unit = text.trim_start_matches(|c: char| c.is_ascii_digit());
    matches!(
        unit,
        "hourly"
            | "h"
            | "hr"
            | "hrs"
            | "hour"
            | "hours"
            | "min"
            | "mins"
            | "minute"
            | "minutes"
            | "s"
            | "sec"
            | "secs"
            | "second"
            | "seconds"
    )
}

fn parse_weekdays(text: &str) -> Option<Vec<Weekday>> {
    const FULL: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let mut days = Vec::new();
    for name in text.split(',') {
        let name = name.trim();
        // Whole names only: `month` must not read as `mon`.
        let key = FULL
            .iter()
            .find(|f| name.len() >= 3 && f.starts_with(name))
            .and_then(|f| f.get(..3))?;
        let (_, wd) = WEEKDAYS.iter().find(|(n, _)| *n == key)?;
        if !days.contains(wd) {
            days.push(*wd);
        }
    }
    days.sort_by_key(|d| d.num_days_from_monday());
    (!days.is_empty()).then_some(days)
}

fn monday_of(d: NaiveDate) -> NaiveDate {
    d - Days::new(u64::from(d.weekday().num_days_from_monday()))
}

fn step_days(anchor: NaiveDate, current: NaiveDate, step: u64) -> Option<NaiveDate> {
    let since = (current - anchor).num_days();
    let k = if since < 0 {
        0
    } else {
        since as u64 / step + 1
    };
    anchor.checked_add_days(Days::new(k.checked_mul(step)?))
}

fn step_months(anchor: NaiveDate, current: NaiveDate, step: u32) -> Option<NaiveDate> {
    let months_between =
        (current.year() - anchor.year()) * 12 + current.month() as i32 - anchor.month() as i32;
    let mut k = (months_between.max(0) as u32 / step).saturating_sub(1);
    loop {
        let candidate = anchor.checked_add_months(Months::new(k.checked_mul(step)?))?;
        if candidate > current {
            return Some(candidate);
        }
        k += 1;
    }
}

/// The named rules: `daily`, `weekly`, `biweekly`, `quarterly`, `weekdays`, … (Taskwarrior's
/// words included).
fn named_rule(text: &str) -> Option<Rule> {
    let rule = |every, unit, weekdays| Rule {
        every,
        unit,
        weekdays,
        until: None,
    };
    match text {
        "daily" | "day" | "days" => Some(rule(1, Unit::Day, vec![])),
        "weekly" | "week" | "weeks" | "wk" => Some(rule(1, Unit::Week, vec![])),
        "biweekly" | "fortnightly" | "fortnight" => Some(rule(2, Unit::Week, vec![])),
        "monthly" | "month" | "months" | "mo" => Some(rule(1, Unit::Month, vec![])),
        "bimonthly" => Some(rule(2, Unit::Month, vec![])),
        "quarterly" | "qtr" => Some(rule(3, Unit::Month, vec![])),
        "semiannual" => Some(rule(6, Unit::Month, vec![])),
        "yearly" | "annually" | "annual" | "year" | "years" | "yr" => {
            Some(rule(1, Unit::Year, vec![]))
        }
        // Taskwarrior reads both as every two years (not twice a year).
        "biannual" | "biyearly" => Some(rule(2, Unit::Year, vec![])),
        "weekdays" => Some(rule(
            1,
            Unit::Day,
            WEEKDAYS[..5].iter().map(|w| w.1).collect(),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
