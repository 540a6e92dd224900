//! Words that name when: a backfill's span (`9:00-10:30`, `yesterday 14:00 for 45m`,
//! `2026-11-20 9am-noon`), and a report's range (`today`, `week`, `last-week`, `month`).
//! Day words are Tempo's own (`model::dates`), read looking back: `mon` is the last Monday.

use chrono::{DateTime, Datelike, Days, Duration, Months, NaiveDate, TimeZone, Utc};

use super::TimeError;
use crate::model::dates::{When, local_instant, parse_since, parse_time, parse_when};
use crate::model::duration::parse_minutes;

/// A parsed span and the words after it.
pub type SpanAndRest = ((DateTime<Utc>, DateTime<Utc>), Vec<String>);

/// Reads `[DAY…] START-END` or `[DAY…] START for DURATION` from the front of `words`. An end
/// at or before the start is on the next day (`22:00-01:00`).
pub fn parse_span<Tz: TimeZone>(
    words: &[String],
    now: &DateTime<Tz>,
) -> Result<SpanAndRest, TimeError> {
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let Some(i) = lower.iter().position(|w| is_time_range(w) || is_time(w)) else {
        return Err(span_help(&words.join(" ")));
    };
    let day = day_of(&lower[..i], now)?;
    let tz = now.timezone();
    let at = |t| local_instant(&tz, day.and_time(t));
    let (start, end, used) = if let Some((a, b)) = lower[i]
        .split_once('-')
        .filter(|_| is_time_range(&lower[i]))
    {
        let (a, b) = (time(a)?, time(b)?);
        let mut end = at(b);
        if end <= at(a) {
            end = local_instant(&tz, day.succ_opt().unwrap_or(day).and_time(b));
        }
        (at(a), end, i + 1)
    } else if lower.get(i + 1).is_some_and(|w| w == "for") {
        let text = lower
            .get(i + 2)
            .ok_or_else(|| span_help(&words.join(" ")))?;
        let minutes = parse_minutes(text).map_err(TimeError::Invalid)?;
        let start = at(time(&lower[i])?);
        (start, start + Duration::minutes(i64::from(minutes)), i + 3)
    } else {
        return Err(span_help(&words.join(" ")));
    };
    Ok(((start, end), words[used..].to_vec()))
}

fn is_time(w: &str) -> bool {
    parse_time(w).is_some()
}

fn is_time_range(w: &str) -> bool {
    w.split_once('-')
        .is_some_and(|(a, b)| is_time(a) && is_time(b))
}

fn time(w: &str) -> Result<chrono::NaiveTime, TimeError> {
    parse_time(w)
        .ok_or_else(|| TimeError::Invalid(format!("`{w}` is not a time (use 9:00, 14:30, 9am)")))
}

fn day_of<Tz: TimeZone>(words: &[String], now: &DateTime<Tz>) -> Result<NaiveDate, TimeError> {
    if words.is_empty() {
        return Ok(now.date_naive());
    }
    match parse_since(&words.join(" "), now) {
        Ok(When::Day(d)) => Ok(d),
        Ok(When::At(t)) => Ok(t.with_timezone(&now.timezone()).date_naive()),
        Err(e) => Err(TimeError::Invalid(e.to_string())),
    }
}

fn span_help(text: &str) -> TimeError {
    TimeError::Invalid(format!(
        "cannot read a time span in `{text}`; write 9:00-10:30, yesterday 14:00 for 45m, or \
         2026-11-20 9am-noon"
    ))
}

/// The range words `parse_range` reads.
const RANGE_WORDS: [&str; 10] = [
    "today",
    "yesterday",
    "week",
    "last-week",
    "lastweek",
    "month",
    "last-month",
    "lastmonth",
    "year",
    "all",
];

/// The days a range word covers, both ends included (`all`: from `NaiveDate::MIN`).
pub fn parse_range(word: &str, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), TimeError> {
    let word = word.to_ascii_lowercase();
    if !is_range_word(&word) {
        return Err(TimeError::Invalid(format!(
            "`{word}` is not a range; use today, yesterday, week, last-week, month, last-month, \
             year or all, or --from DAY --to DAY"
        )));
    }
    range_days(&word, today).ok_or_else(|| TimeError::Invalid(format!("`{word}` is out of range")))
}

fn range_days(word: &str, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let monday =
        today.checked_sub_days(Days::new(u64::from(today.weekday().num_days_from_monday())))?;
    let first = today.with_day(1)?;
    let last_of = |f: NaiveDate| f.checked_add_months(Months::new(1))?.pred_opt();
    let prev_first = first.checked_sub_months(Months::new(1))?;
    Some(match word {
        "today" => (today, today),
        "yesterday" => (today.pred_opt()?, today.pred_opt()?),
        "week" => (monday, monday.checked_add_days(Days::new(6))?),
        "last-week" | "lastweek" => (monday.checked_sub_days(Days::new(7))?, monday.pred_opt()?),
        "month" => (first, last_of(first)?),
        "last-month" | "lastmonth" => (prev_first, last_of(prev_first)?),
        "year" => (
            today.with_ordinal(1)?,
            NaiveDate::from_ymd_opt(today.year(), 12, 31)?,
        ),
        _ => (NaiveDate::MIN, today.max(NaiveDate::MIN)),
    })
}

/// True for a word `parse_range` reads.
pub fn is_range_word(word: &str) -> bool {
    RANGE_WORDS.contains(&word.to_ascii_lowercase().as_str())
}

/// An instant from date words (`12:30`, `yesterday 14:00`, `2026-11-20T09:00`); a bare time
/// is on `day` (the day of what is being edited).
pub fn instant_on<Tz: TimeZone>(
    text: &str,
    day: NaiveDate,
    now: &DateTime<Tz>,
) -> Result<DateTime<Utc>, TimeError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(TimeError::Invalid("give a time, e.g. 12:30".into()));
    }
    if let Some(t) = parse_time(&text.to_lowercase()) {
        return Ok(local_instant(&now.timezone(), day.and_time(t)));
    }
    match parse_when(text, now).map_err(|e| TimeError::Invalid(e.to_string()))? {
        When::At(t) => Ok(t),
        When::Day(_) => Err(TimeError::Invalid(format!(
            "`{text}` is a day; give a time too (e.g. `{text} 14:00`)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use chrono_tz::Europe::Berlin;

    use super::*;

    fn now() -> DateTime<chrono_tz::Tz> {
        Utc.with_ymd_and_hms(2026, 11, 22, 9, 30, 0)
            .single()
            .expect("valid")
            .with_timezone(&Berlin)
    }

    fn w(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    fn local(d: u32, h: u32, m: u32) -> DateTime<Utc> {
        Berlin
            .with_ymd_and_hms(2026, 11, d, h, m, 0)
            .single()
            .expect("valid")
            .with_timezone(&Utc)
    }

    #[test]
    fn spans_in_each_form() {
        assert_eq!(
            parse_span(&w("9:00-10:30 write"), &now()).expect("span"),
            ((local(22, 9, 0), local(22, 10, 30)), w("write"))
        );
        assert_eq!(
            parse_span(&w("yesterday 14:00 for 45m"), &now())
                .expect("span")
                .0,
            (local(21, 14, 0), local(21, 14, 45))
        );
        assert_eq!(
            parse_span(&w("fri 22:00-01:00"), &now()).expect("span").0,
            (local(20, 22, 0), local(21, 1, 0))
        );
        assert_eq!(
            parse_span(&w("2026-11-02 9am-noon"), &now())
                .expect("span")
                .0,
            (local(2, 9, 0), local(2, 12, 0))
        );
    }

    #[test]
    fn bad_spans_say_what_is_accepted() {
        for bad in [
            "tomorrow-ish",
            "9:00 for",
            "blursday 9:00-10:00",
            "9:00 for parsecs",
        ] {
            assert!(parse_span(&w(bad), &now()).is_err(), "{bad}");
        }
    }

    #[test]
    fn range_words() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
        let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).expect("date");
        assert_eq!(parse_range("week", today), Ok((d(11, 16), d(11, 22))));
        assert_eq!(parse_range("last-week", today), Ok((d(11, 9), d(11, 15))));
        assert_eq!(parse_range("month", today), Ok((d(11, 1), d(11, 30))));
        assert_eq!(parse_range("last-month", today), Ok((d(10, 1), d(10, 31))));
        assert!(parse_range("fortnight", today).is_err());
    }
}
