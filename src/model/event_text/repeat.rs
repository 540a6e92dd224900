//! The repeat words of the event syntax: `every …` (units, intervals, weekday names),
//! `daily`/`weekly`/…, `until DATE` and `N times`, read into an RRULE value.

use chrono::{DateTime, TimeZone};

use super::{EventText, EventTextError, date_phrase, err, misread};
use crate::model::dates::{When, weekday};

const BYDAY: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// The repeat words: `every …`, `weekly` and the like, `until DATE`, `N times`.
pub(super) fn rule_words<Tz: TimeZone>(
    words: &[String],
    out: &mut EventText,
    title: &mut Vec<String>,
    now: &DateTime<Tz>,
) -> Result<Option<usize>, EventTextError> {
    let lower = words[0].to_lowercase();
    if let Some(rule) = frequency(&lower) {
        out.rrule = Some(rule.to_string());
        return Ok(Some(1));
    }
    match lower.as_str() {
        "every" => {
            let (rule, used) = every(&words[1..])?;
            out.rrule = Some(rule);
            Ok(Some(1 + used))
        }
        "until" if out.rrule.is_some() => {
            let (when, used) = date_phrase(&words[1..], now).ok_or_else(|| {
                let typo = words.get(1).and_then(|w| misread::misread(w));
                err(typo
                    .unwrap_or_else(|| "`until` needs a date: until 2026-12-31, until fri".into()))
            })?;
            let day = match when {
                When::Day(d) => d,
                When::At(t) => t.with_timezone(&now.timezone()).date_naive(),
            };
            let rule = out.rrule.take().unwrap_or_default();
            out.rrule = Some(format!("{rule};UNTIL={}", day.format("%Y%m%d")));
            Ok(Some(1 + used))
        }
        "times" if out.rrule.is_some() => {
            let Some(n) = title.last().and_then(|t| t.parse::<u32>().ok()) else {
                return Ok(None);
            };
            title.pop();
            let rule = out.rrule.take().unwrap_or_default();
            out.rrule = Some(format!("{rule};COUNT={n}"));
            Ok(Some(1))
        }
        _ => Ok(None),
    }
}

/// The single-word frequencies.
fn frequency(lower: &str) -> Option<&'static str> {
    Some(match lower {
        "daily" => "FREQ=DAILY",
        "weekly" => "FREQ=WEEKLY",
        "monthly" => "FREQ=MONTHLY",
        "fortnightly" => "FREQ=WEEKLY;INTERVAL=2",
        "yearly" | "annually" => "FREQ=YEARLY",
        _ => return None,
    })
}

/// Reads the words after `every` (the index points past it); returns the rule and how many
/// words it used.
/// Reads the words after `every` (the index points past it); returns the rule and how many
/// words it used.
fn every(words: &[String]) -> Result<(String, usize), EventTextError> {
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let first = lower.first().ok_or_else(|| {
        err("`every` needs what follows it: every day, every weekday, every mon,wed, every 2 weeks")
    })?;
    let unit = |w: &str| -> Option<&'static str> {
        Some(match w.trim_end_matches('s') {
            "day" => "DAILY",
            "week" => "WEEKLY",
            "month" => "MONTHLY",
            "year" => "YEARLY",
            _ => return None,
        })
    };
    if let Ok(n) = first.parse::<u32>() {
        let u = lower.get(1).and_then(|w| unit(w)).ok_or_else(|| {
            err(format!(
                "`every {n}` needs a unit: every {n} days, weeks, months or years"
            ))
        })?;
        if n == 0 {
            return Err(err("`every 0 …` never happens; use a number from 1"));
        }
        return Ok((format!("FREQ={u};INTERVAL={n}"), 2));
    }
    match first.as_str() {
        "weekday" | "weekdays" => return Ok(("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR".into(), 1)),
        "weekend" | "weekends" => return Ok(("FREQ=WEEKLY;BYDAY=SA,SU".into(), 1)),
        "other" => {
            let u = lower
                .get(1)
                .and_then(|w| unit(w))
                .ok_or_else(|| err("`every other` needs a unit: every other week"))?;
            return Ok((format!("FREQ={u};INTERVAL=2"), 2));
        }
        w => {
            if let Some(u) = unit(w) {
                return Ok((format!("FREQ={u}"), 1));
            }
        }
    }
    weekday_names(&lower, first)
}

/// Weekday names: `mon,wed`, `mon and wed`, `tuesday`.
fn weekday_names(lower: &[String], first: &str) -> Result<(String, usize), EventTextError> {
    let mut days = Vec::new();
    let mut used = 0;
    for w in lower {
        if w == "and" && !days.is_empty() {
            used += 1;
            continue;
        }
        let names: Vec<&str> = w.split(',').filter(|p| !p.is_empty()).collect();
        let parsed: Option<Vec<_>> = names.iter().map(|n| weekday(n)).collect();
        match parsed {
            Some(ds) if !ds.is_empty() => {
                days.extend(
                    ds.into_iter()
                        .map(|d| BYDAY[d.num_days_from_monday() as usize]),
                );
                used += 1;
            }
            _ => break,
        }
    }
    if days.is_empty() {
        return Err(err(format!(
            "cannot read `every {first}`: use every day, weekday, weekend, week, month, year, \
             every 2 weeks, every other week, or weekday names (every mon,wed)"
        )));
    }
    days.dedup();
    Ok((format!("FREQ=WEEKLY;BYDAY={}", days.join(",")), used))
}
