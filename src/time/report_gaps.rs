//! Gaps: the stretches of working hours on working days (up to now) that no entry covers.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::Serialize;

use super::{Line, ReportInput};
use crate::model::dates::local_instant;

/// Shorter uncovered stretches are not worth reporting.
const MIN_GAP_SECONDS: i64 = 15 * 60;

/// Working days (Monday first) and hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkWeek {
    pub days: [bool; 7],
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl Default for WorkWeek {
    fn default() -> WorkWeek {
        WorkWeek {
            days: [true, true, true, true, true, false, false],
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN),
            end: NaiveTime::from_hms_opt(17, 0, 0).unwrap_or(NaiveTime::MIN),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    pub date: NaiveDate,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub seconds: i64,
}

pub(super) fn find<Tz: TimeZone>(lines: &[Line], input: &ReportInput<'_, Tz>) -> Vec<Gap> {
    let work = input.work;
    let mut gaps = Vec::new();
    let days = input.from.iter_days().take_while(|d| *d <= input.to);
    for day in days.filter(|d| work.days[d.weekday().num_days_from_monday() as usize]) {
        let open = local_instant(input.tz, day.and_time(work.start));
        let close = local_instant(input.tz, day.and_time(work.end)).min(input.now);
        let mut cursor = open;
        let lo = lines.partition_point(|l| l.date < day);
        let hi = lines.partition_point(|l| l.date <= day);
        for l in lines[lo..hi]
            .iter()
            .filter(|l| l.end > open && l.start < close)
        {
            push_gap(&mut gaps, day, cursor, l.start.min(close));
            cursor = cursor.max(l.end);
        }
        push_gap(&mut gaps, day, cursor, close);
    }
    gaps
}

fn push_gap(gaps: &mut Vec<Gap>, date: NaiveDate, start: DateTime<Utc>, end: DateTime<Utc>) {
    let seconds = (end - start).num_seconds();
    if seconds >= MIN_GAP_SECONDS {
        gaps.push(Gap {
            date,
            start,
            end,
            seconds,
        });
    }
}
