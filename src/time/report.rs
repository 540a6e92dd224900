//! Report totals over a range of days in one zone: each entry is cut at local midnights (so a
//! 25-hour DST day reports 25 hours) and at the range's ends, billed after its client's
//! rounding rule, and summed by the groups asked for; plus day totals, estimate vs actual per
//! task, and the gaps in working hours.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::TimeError;
use super::billing::{self, Billing, Rate};
use super::entry::Entry;
use super::rounding::RoundingScope;
use crate::model::dates::local_instant;

#[path = "report_gaps.rs"]
mod gaps;
#[path = "report_groups.rs"]
mod groups;

pub use gaps::{Gap, WorkWeek};
pub use groups::{Group, GroupBy};

/// A task as reports name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskInfo {
    pub label: String,
    pub estimate_minutes: Option<u32>,
}

pub struct ReportInput<'a, Tz: TimeZone> {
    pub entries: &'a [Entry],
    /// First and last day of the range, both included.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub now: DateTime<Utc>,
    pub tz: &'a Tz,
    pub billing: &'a Billing,
    pub by: &'a [GroupBy],
    pub tasks: &'a HashMap<Uuid, TaskInfo>,
    pub work: WorkWeek,
}

/// The part of one entry that falls on one day of the range: a CSV row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub entry: i64,
    pub date: NaiveDate,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub running: bool,
    pub seconds: i64,
    /// Billable seconds after rounding (0 when not billable).
    pub billed_seconds: i64,
    pub client: Option<String>,
    pub project: Option<String>,
    pub task: Option<String>,
    pub tags: Vec<String>,
    pub activity: Option<String>,
    pub note: String,
    pub billable: bool,
    pub rate: Option<Rate>,
    /// Cents.
    pub amount: i64,
    #[serde(skip)]
    pub task_uuid: Option<Uuid>,
    #[serde(skip)]
    rounding: super::Rounding,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayTotal {
    pub date: NaiveDate,
    pub seconds: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Estimate {
    pub task: String,
    pub estimate_seconds: i64,
    pub actual_seconds: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub seconds: i64,
    pub billable_seconds: i64,
    pub billed_seconds: i64,
    /// Cents by currency.
    pub amounts: BTreeMap<String, i64>,
    pub groups: Vec<Group>,
    pub days: Vec<DayTotal>,
    pub estimates: Vec<Estimate>,
    pub gaps: Vec<Gap>,
    pub lines: Vec<Line>,
}

/// The first instant of `day` in `tz`.
pub fn day_start<Tz: TimeZone>(tz: &Tz, day: NaiveDate) -> DateTime<Utc> {
    local_instant(tz, day.and_time(NaiveTime::MIN))
}

/// `[from, to]` as instants: from the start of `from` to the start of the day after `to`.
pub fn range_bounds<Tz: TimeZone>(
    tz: &Tz,
    from: NaiveDate,
    to: NaiveDate,
) -> (DateTime<Utc>, DateTime<Utc>) {
    (
        day_start(tz, from),
        day_start(tz, to.succ_opt().unwrap_or(to)),
    )
}

/// Computes the whole report.
pub fn compute<Tz: TimeZone>(input: &ReportInput<'_, Tz>) -> Result<Report, TimeError> {
    if input.to < input.from {
        return Err(TimeError::Invalid(format!(
            "the range ends ({}) before it starts ({})",
            input.to, input.from
        )));
    }
    let mut lines = cut_into_lines(input);
    bill(&mut lines);
    let mut amounts = BTreeMap::new();
    for l in &lines {
        if let Some(r) = &l.rate {
            *amounts.entry(r.currency.clone()).or_insert(0) += l.amount;
        }
    }
    Ok(Report {
        from: input.from,
        to: input.to,
        seconds: lines.iter().map(|l| l.seconds).sum(),
        billable_seconds: lines.iter().filter(|l| l.billable).map(|l| l.seconds).sum(),
        billed_seconds: lines.iter().map(|l| l.billed_seconds).sum(),
        amounts,
        groups: groups::group(&lines, input.by),
        days: day_totals(&lines, input.from, input.to),
        estimates: estimates(&lines, input),
        gaps: gaps::find(&lines, input),
        lines,
    })
}

/// One line per entry per local day, clipped to the range and to now.
fn cut_into_lines<Tz: TimeZone>(input: &ReportInput<'_, Tz>) -> Vec<Line> {
    let (from, to) = range_bounds(input.tz, input.from, input.to);
    let mut lines = Vec::new();
    for e in input.entries {
        let end = e.end.unwrap_or(input.now.max(e.start)).min(to);
        let mut start = e.start.max(from);
        while start < end {
            let day = start.with_timezone(input.tz).date_naive();
            let next = day_start(input.tz, day.succ_opt().unwrap_or(day)).max(start);
            let piece_end = if next > start { next.min(end) } else { end };
            lines.push(line(e, day, start, piece_end, input));
            start = piece_end;
        }
    }
    lines.sort_by_key(|l| (l.start, l.entry));
    lines
}

fn line<Tz: TimeZone>(
    e: &Entry,
    date: NaiveDate,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    input: &ReportInput<'_, Tz>,
) -> Line {
    let a = &e.attrs;
    Line {
        entry: e.id,
        date,
        start,
        end,
        running: e.end.is_none() && end >= input.now,
        seconds: (end - start).num_seconds(),
        billed_seconds: 0,
        client: input.billing.client_name(a),
        project: a.project.clone(),
        task: a.task.map(|t| {
            input
                .tasks
                .get(&t)
                .map_or_else(|| "(deleted task)".to_string(), |i| i.label.clone())
        }),
        tags: a.tags.clone(),
        activity: a.activity.clone(),
        note: a.note.clone(),
        billable: a.billable,
        rate: if a.billable {
            input.billing.rate(a)
        } else {
            None
        },
        amount: 0,
        task_uuid: a.task,
        rounding: input.billing.rounding(a),
    }
}

/// Rounds billable time (per entry, or per day and client) and prices it. The time a rounding
/// adds goes to the last line of its entry or day, so lines always add up to the totals.
fn bill(lines: &mut [Line]) {
    let mut buckets: BTreeMap<(i64, Option<NaiveDate>, Option<String>), Vec<usize>> =
        BTreeMap::new();
    for (i, l) in lines.iter().enumerate().filter(|(_, l)| l.billable) {
        let key = match l.rounding.scope {
            RoundingScope::Entry => (l.entry, None, None),
            RoundingScope::Day => (0, Some(l.date), l.client.clone()),
        };
        buckets.entry(key).or_default().push(i);
    }
    for members in buckets.values() {
        let Some(&last) = members.last() else {
            continue;
        };
        let raw: i64 = members.iter().map(|&i| lines[i].seconds).sum();
        let rounding = lines[last].rounding;
        for &i in members {
            lines[i].billed_seconds = lines[i].seconds;
        }
        lines[last].billed_seconds += rounding.round(raw) - raw;
    }
    for l in lines.iter_mut() {
        if let Some(r) = &l.rate {
            l.amount = billing::amount(l.billed_seconds, r.cents_per_hour);
        }
    }
}

fn day_totals(lines: &[Line], from: NaiveDate, to: NaiveDate) -> Vec<DayTotal> {
    let mut by_day: BTreeMap<NaiveDate, i64> = BTreeMap::new();
    for l in lines {
        *by_day.entry(l.date).or_insert(0) += l.seconds;
    }
    from.iter_days()
        .take_while(|d| *d <= to)
        .map(|date| DayTotal {
            date,
            seconds: by_day.get(&date).copied().unwrap_or(0),
        })
        .collect()
}

fn estimates<Tz: TimeZone>(lines: &[Line], input: &ReportInput<'_, Tz>) -> Vec<Estimate> {
    let mut actual: BTreeMap<Uuid, i64> = BTreeMap::new();
    for l in lines {
        if let Some(t) = l.task_uuid {
            *actual.entry(t).or_insert(0) += l.seconds;
        }
    }
    let mut rows: Vec<Estimate> = actual
        .into_iter()
        .filter_map(|(t, secs)| {
            let info = input.tasks.get(&t)?;
            Some(Estimate {
                task: info.label.clone(),
                estimate_seconds: i64::from(info.estimate_minutes?) * 60,
                actual_seconds: secs,
            })
        })
        .collect();
    rows.sort_by(|a, b| a.task.cmp(&b.task));
    rows
}

/// Monday of the week holding `day`.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - chrono::Days::new(u64::from(day.weekday().num_days_from_monday()))
}

#[cfg(test)]
#[path = "report_tests.rs"]
mod tests;
