//! A task's recurrence ⇄ a VTODO's RRULE. Only rules Tempo can hold are read (FREQ with
//! INTERVAL, BYDAY without ordinals for daily and weekly rules, UNTIL); any other RRULE reads
//! as none, and the writer then leaves the original line untouched.

use chrono::NaiveDate;

use crate::model::recur::{Rule, Unit};
use crate::model::rrule_words::DAYS;

/// The RRULE value for `rule`; `until` writes the end day in the form DTSTART/DUE use (a DATE
/// for whole-day to-dos, a UTC date-time otherwise, as RFC 5545 requires).
pub fn to_rrule(rule: &Rule, until: impl Fn(NaiveDate) -> String) -> String {
    let freq = match rule.unit {
        Unit::Day => "DAILY",
        Unit::Week => "WEEKLY",
        Unit::Month => "MONTHLY",
        Unit::Year => "YEARLY",
    };
    let mut out = format!("FREQ={freq}");
    if rule.every > 1 {
        out.push_str(&format!(";INTERVAL={}", rule.every));
    }
    if !rule.weekdays.is_empty() {
        let days: Vec<&str> = rule
            .weekdays
            .iter()
            .filter_map(|w| DAYS.iter().find(|(_, d)| d == w).map(|(n, _)| *n))
            .collect();
        out.push_str(&format!(";BYDAY={}", days.join(",")));
    }
    if let Some(u) = rule.until {
        out.push_str(&format!(";UNTIL={}", until(u)));
    }
    out
}

/// The rule an RRULE value states, if Tempo can hold it. UNTIL is read as its (UTC or
/// floating) calendar day.
pub fn from_rrule(value: &str) -> Option<Rule> {
    let mut unit = None;
    let mut every = 1;
    let mut weekdays = Vec::new();
    let mut until = None;
    for part in value.trim().split(';').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=')?;
        match k.trim().to_ascii_uppercase().as_str() {
            "FREQ" => {
                unit = Some(match v.trim().to_ascii_uppercase().as_str() {
                    "DAILY" => Unit::Day,
                    "WEEKLY" => Unit::Week,
                    "MONTHLY" => Unit::Month,
                    "YEARLY" => Unit::Year,
                    _ => return None,
                });
            }
            "INTERVAL" => every = v.trim().parse::<u32>().ok().filter(|n| *n > 0)?,
            "BYDAY" => {
                for d in v.split(',') {
                    let d = d.trim().to_ascii_uppercase();
                    weekdays.push(DAYS.iter().find(|(n, _)| *n == d).map(|(_, w)| *w)?);
                }
            }
            "UNTIL" => {
                let day = v.trim().get(..8)?;
                until = Some(NaiveDate::parse_from_str(day, "%Y%m%d").ok()?);
            }
            "WKST" => {}
            _ => return None,
        }
    }
    let unit = unit?;
    if !weekdays.is_empty() && !matches!(unit, Unit::Day | Unit::Week) {
        return None;
    }
    Some(Rule {
        every,
        unit,
        weekdays,
        until,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_round_trip_and_unknown_ones_read_as_none() {
        let rule = Rule::parse("2w:mon,thu").expect("rule");
        let mut with_end = rule.clone();
        with_end.until = NaiveDate::from_ymd_opt(2027, 6, 1);
        let text = to_rrule(&with_end, |d| d.format("%Y%m%d").to_string());
        assert_eq!(text, "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;UNTIL=20270601");
        assert_eq!(from_rrule(&text), Some(with_end));
        assert_eq!(
            from_rrule("FREQ=MONTHLY;UNTIL=20270601T215959Z").map(|r| r.until),
            Some(NaiveDate::from_ymd_opt(2027, 6, 1))
        );
        assert_eq!(from_rrule("FREQ=MONTHLY;BYDAY=-1FR"), None);
        assert_eq!(from_rrule("FREQ=DAILY;COUNT=5"), None);
        assert_eq!(from_rrule("FREQ=HOURLY"), None);
    }
}
