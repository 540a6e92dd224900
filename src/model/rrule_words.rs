//! An RRULE said in words for people: `FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR` is "every weekday",
//! `FREQ=DAILY;UNTIL=20261203` "every day until 3 Dec". Rules the words cannot say exactly
//! (BYMONTHDAY, BYSETPOS, "the 2nd Monday"…) give `None`, and the caller shows the rule.

use chrono::{Datelike, NaiveDate, Weekday};

/// iCalendar's two-letter weekday codes (RFC 5545 BYDAY), shared with the VTODO writer.
pub(crate) const DAYS: [(&str, Weekday); 7] = [
    ("MO", Weekday::Mon),
    ("TU", Weekday::Tue),
    ("WE", Weekday::Wed),
    ("TH", Weekday::Thu),
    ("FR", Weekday::Fri),
    ("SA", Weekday::Sat),
    ("SU", Weekday::Sun),
];

fn day_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The rule in words, or `None` when it says more than the words can; `start` is the first
/// occurrence's local date (an end date in the same year omits the year).
pub fn describe(rrule: &str, start: NaiveDate) -> Option<String> {
    let (mut freq, mut interval, mut days, mut until, mut count) = (None, 1u32, None, None, None);
    for part in rrule.split(';').filter(|p| !p.is_empty()) {
        let (key, value) = part.split_once('=')?;
        match key.to_ascii_uppercase().as_str() {
            "FREQ" => freq = Some(value.to_ascii_uppercase()),
            "INTERVAL" => interval = value.parse().ok().filter(|n| *n > 0)?,
            "BYDAY" => {
                let mut list = Vec::new();
                for code in value.split(',') {
                    let (_, d) = DAYS.iter().find(|(c, _)| c.eq_ignore_ascii_case(code))?;
                    list.push(*d);
                }
                list.sort_by_key(|d| d.num_days_from_monday());
                list.dedup();
                days = Some(list);
            }
            "UNTIL" => until = Some(NaiveDate::parse_from_str(value.get(..8)?, "%Y%m%d").ok()?),
            "COUNT" => count = Some(value.parse::<u32>().ok().filter(|n| *n > 0)?),
            "WKST" => {}
            _ => return None,
        }
    }
    let (unit, units) = match freq?.as_str() {
        "DAILY" => ("day", "days"),
        "WEEKLY" => ("week", "weeks"),
        "MONTHLY" => ("month", "months"),
        "YEARLY" => ("year", "years"),
        _ => return None,
    };
    let every = if interval == 1 {
        format!("every {unit}")
    } else {
        format!("every {interval} {units}")
    };
    let mut text = match days {
        None => every,
        Some(days) if unit == "week" || (unit == "day" && interval == 1) => {
            let weekdays = days.len() == 5 && days.iter().all(|d| d.num_days_from_monday() < 5);
            let names: Vec<&str> = days.iter().map(|d| day_name(*d)).collect();
            match (interval, weekdays, names.as_slice()) {
                (1, true, _) => "every weekday".to_string(),
                (1, _, [one]) => format!("every {one}"),
                (_, true, _) => format!("{every} on weekdays"),
                _ if days.len() == 7 => every,
                _ => format!("{every} on {}", and_list(&names)),
            }
        }
        Some(_) => return None,
    };
    if let Some(u) = until {
        let format = if u.year() == start.year() {
            "%-d %b"
        } else {
            "%-d %b %Y"
        };
        text.push_str(&format!(" until {}", u.format(format)));
    }
    if let Some(n) = count {
        text.push_str(&match n {
            1 => ", once".to_string(),
            n => format!(", {n} times"),
        });
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(rule: &str) -> Option<String> {
        describe(rule, NaiveDate::from_ymd_opt(2026, 11, 22).expect("date"))
    }

    #[test]
    fn common_rules_read_as_words() {
        let cases = [
            ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "every weekday"),
            (
                "FREQ=WEEKLY;BYDAY=MO,WE",
                "every week on Monday and Wednesday",
            ),
            ("FREQ=WEEKLY;BYDAY=MO", "every Monday"),
            ("FREQ=WEEKLY;INTERVAL=2", "every 2 weeks"),
            (
                "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH",
                "every 2 weeks on Tuesday and Thursday",
            ),
            (
                "FREQ=WEEKLY;BYDAY=SA,SU",
                "every week on Saturday and Sunday",
            ),
            ("FREQ=DAILY;UNTIL=20261203", "every day until 3 Dec"),
            (
                "FREQ=DAILY;UNTIL=20270110T225959Z",
                "every day until 10 Jan 2027",
            ),
            ("FREQ=DAILY;COUNT=5", "every day, 5 times"),
            ("FREQ=MONTHLY", "every month"),
            ("FREQ=YEARLY;INTERVAL=3", "every 3 years"),
            (
                "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270131",
                "every Tuesday until 31 Jan 2027",
            ),
        ];
        for (rule, want) in cases {
            assert_eq!(words(rule).as_deref(), Some(want), "{rule}");
        }
    }

    #[test]
    fn what_words_cannot_say_is_none() {
        for rule in [
            "FREQ=MONTHLY;BYDAY=2MO",
            "FREQ=MONTHLY;BYMONTHDAY=15",
            "FREQ=MONTHLY;BYDAY=MO",
            "FREQ=SECONDLY",
            "garbage",
        ] {
            assert_eq!(words(rule), None, "{rule}");
        }
    }
}
