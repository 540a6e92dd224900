//! Natural-language dates: `tomorrow 15:00`, `fri 9am`, `in 2w`, `eom`, ISO forms.
//!
//! Pure: the caller passes "now" in the zone the words are meant in, so tests pin both the clock
//! and the zone. Weeks start on Monday.
//!
//! What the relative weekday words mean (documented in the README too):
//! - `fri` is the coming Friday: 1 to 7 days ahead, never today (today is `today`).
//! - `next fri` is the Friday of next week (the week that starts on the coming Monday). On a
//!   Sunday `fri` and `next fri` are therefore the same day; on a Monday they are 4 and 11 days
//!   ahead.
//! - On the past side of a range (`--since`, `--from`: `parse_since`) a weekday looks back
//!   instead: `mon` is the most recent Monday, today if today is a Monday, so `--since mon` is
//!   "this week so far".

use chrono::{
    DateTime, Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc,
};
use chrono::{Duration, Weekday};

/// A parsed date: either a whole day (its meaning depends on the field: a due day ends at
/// 23:59:59, a wait day starts at 00:00) or an exact instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Day(NaiveDate),
    At(DateTime<Utc>),
}

impl When {
    /// First instant of the day, or the instant itself.
    pub fn start<Tz: TimeZone>(self, tz: &Tz) -> DateTime<Utc> {
        match self {
            When::Day(d) => local_instant(tz, d.and_time(NaiveTime::MIN)),
            When::At(t) => t,
        }
    }

    /// Last second of the day, or the instant itself.
    pub fn end<Tz: TimeZone>(self, tz: &Tz) -> DateTime<Utc> {
        match self {
            When::Day(d) => local_instant(tz, d.and_time(end_of_day_time())),
            When::At(t) => t,
        }
    }

    /// The half-open interval `[from, to)` this value covers: a whole day, or one second.
    pub fn span<Tz: TimeZone>(self, tz: &Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        match self {
            When::Day(d) => {
                let next = d.succ_opt().unwrap_or(d);
                (
                    local_instant(tz, d.and_time(NaiveTime::MIN)),
                    local_instant(tz, next.and_time(NaiveTime::MIN)),
                )
            }
            When::At(t) => (t, t + Duration::seconds(1)),
        }
    }
}

/// The accepted forms, quoted in every date error.
pub const ACCEPTED_FORMS: &str = "now, today, tomorrow, yesterday, a weekday (fri, friday), \
next fri, eod, eow, eom, eoy, sow, som, soy, in 3d / in 2w / in 2h / in 30min / in 1mo / in 1y \
(also +3d), 2026-12-01, 2026-12-01T14:30, 2026-12-01 14:30, a time alone (15:00, 9am, 9:30pm, \
noon), or a day and a time (tomorrow 15:00, fri 9am)";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot read `{input}` as a date{detail}; accepted forms: {ACCEPTED_FORMS}")]
pub struct DateError {
    pub input: String,
    detail: String,
}

impl crate::error::Kinded for DateError {
    fn kind(&self) -> crate::error::ErrorKind {
        crate::error::ErrorKind::BadInput
    }
}

impl DateError {
    fn new(input: &str, detail: &str) -> Self {
        let detail = if detail.is_empty() {
            String::new()
        } else {
            format!(" ({detail})")
        };
        DateError {
            input: input.to_string(),
            detail,
        }
    }
}

/// Parses `input` relative to `now`, interpreting wall-clock words in `now`'s zone.
pub fn parse_when<Tz: TimeZone>(input: &str, now: &DateTime<Tz>) -> Result<When, DateError> {
    let text = input.trim().to_lowercase();
    if text.is_empty() {
        return Err(DateError::new(input, "empty"));
    }
    let tz = now.timezone();
    let today = now.date_naive();
    let words: Vec<&str> = text.split_whitespace().collect();

    if let Some(when) = parse_relative(&words, now) {
        return Ok(when);
    }
    if let Some(at) = parse_iso_instant(&text) {
        return Ok(When::At(at));
    }
    if let Some(at) = parse_local_iso(&text.to_uppercase(), &tz) {
        return Ok(When::At(at));
    }
    if let Some(word) = parse_anchor(&text, now) {
        return Ok(word);
    }
    // "DAY TIME", "DAY@TIME", "DAY", or "TIME".
    let (day_words, time_word) = split_day_and_time(&text);
    let day = match day_words.as_deref() {
        Some(d) => Some(parse_day(d, today).ok_or_else(|| {
            let hint = d
                .split_whitespace()
                .find_map(|w| suggestion(w).map(|s| format!("{w} → {s}?")));
            DateError::new(input, hint.as_deref().unwrap_or(""))
        })?),
        None => None,
    };
    let time = match time_word.as_deref() {
        Some(t) => Some(
            parse_time(t).ok_or_else(|| DateError::new(input, &format!("`{t}` is not a time")))?,
        ),
        None => None,
    };
    match (day, time) {
        (Some(d), None) => Ok(When::Day(d)),
        (Some(d), Some(t)) => Ok(When::At(local_instant(&tz, d.and_time(t)))),
        (None, Some(t)) => Ok(When::At(local_instant(&tz, today.and_time(t)))),
        (None, None) => Err(DateError::new(input, "")),
    }
}

/// Like `parse_when`, for the start of a range that looks back (`--since`, `--from`): a weekday,
/// alone or with a time (`mon 9am`), is the most recent one, today included.
pub fn parse_since<Tz: TimeZone>(input: &str, now: &DateTime<Tz>) -> Result<When, DateError> {
    let text = input.trim().to_lowercase();
    let (day, time) = split_day_and_time(&text);
    let Some(wd) = day.as_deref().and_then(weekday) else {
        return parse_when(input, now);
    };
    let today = now.date_naive();
    let back = (7 + today.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
    let date = today - Days::new(u64::from(back));
    let dated = match time {
        Some(t) => format!("{date} {t}"),
        None => date.to_string(),
    };
    parse_when(&dated, now).map_err(|_| DateError::new(input, ""))
}

/// True for a date word that cannot stand alone and takes the next word: `in` (3d), `next` (fri).
pub fn needs_next_word(word: &str) -> bool {
    word.eq_ignore_ascii_case("in") || word.eq_ignore_ascii_case("next")
}

/// Converts a local wall-clock time to UTC. An ambiguous time (DST fall-back) takes the earlier
/// instant; a skipped one (spring-forward gap) moves forward by the gap, as clocks do.
pub fn local_instant<Tz: TimeZone>(tz: &Tz, naive: NaiveDateTime) -> DateTime<Utc> {
    if let Some(t) = tz.from_local_datetime(&naive).earliest() {
        return t.with_timezone(&Utc);
    }
    // In a gap: read the wall time with the offset in force just before it (02:30 in a
    // 02:00→03:00 jump becomes 03:30), which is what a clock that jumped would show.
    for hours in 1..=3 {
        if let Some(before) = tz
            .from_local_datetime(&(naive - Duration::hours(hours)))
            .earliest()
        {
            let offset = before.offset().fix();
            return Utc.from_utc_datetime(
                &(naive - Duration::seconds(i64::from(offset.local_minus_utc()))),
            );
        }
    }
    Utc.from_utc_datetime(&naive)
}

fn end_of_day_time() -> NaiveTime {
    NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN)
}

fn parse_relative<Tz: TimeZone>(words: &[&str], now: &DateTime<Tz>) -> Option<When> {
    let rest: String = match words {
        ["in", rest @ ..] if !rest.is_empty() => rest.concat(),
        [single] if single.starts_with('+') => single[1..].to_string(),
        _ => return None,
    };
    let split = rest.find(|c: char| !c.is_ascii_digit())?;
    let (digits, unit) = rest.split_at(split);
    let n: u32 = digits.parse().ok()?;
    let today = now.date_naive();
    let utc_now = now.with_timezone(&Utc);
    let when = match unit {
        "min" | "mins" | "minute" | "minutes" | "m" => {
            When::At(utc_now + Duration::minutes(i64::from(n)))
        }
        "h" | "hr" | "hrs" | "hour" | "hours" => When::At(utc_now + Duration::hours(i64::from(n))),
        "d" | "day" | "days" => When::Day(today.checked_add_days(Days::new(u64::from(n)))?),
        "w" | "wk" | "wks" | "week" | "weeks" => {
            When::Day(today.checked_add_days(Days::new(7 * u64::from(n)))?)
        }
        "mo" | "mon" | "month" | "months" => When::Day(today.checked_add_months(Months::new(n))?),
        "y" | "yr" | "year" | "years" => {
            When::Day(today.checked_add_months(Months::new(n.checked_mul(12)?))?)
        }
        _ => return None,
    };
    Some(when)
}

/// Words that name an instant rather than a day: `now`, `eod`, `sow`, …
fn parse_anchor<Tz: TimeZone>(text: &str, now: &DateTime<Tz>) -> Option<When> {
    let tz = now.timezone();
    let today = now.date_naive();
    let start = |d: NaiveDate| When::At(local_instant(&tz, d.and_time(NaiveTime::MIN)));
    let end = |d: NaiveDate| When::At(local_instant(&tz, d.and_time(end_of_day_time())));
    let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    let first_of_month = today.with_day(1)?;
    let first_of_year = NaiveDate::from_ymd_opt(today.year(), 1, 1)?;
    Some(match text {
        "now" => When::At(now.with_timezone(&Utc)),
        "sod" => start(today),
        "eod" => end(today),
        "sow" => start(monday),
        "eow" => end(monday + Days::new(6)),
        "som" => start(first_of_month),
        "eom" => end(first_of_month
            .checked_add_months(Months::new(1))?
            .pred_opt()?),
        "soy" => start(first_of_year),
        "eoy" => end(NaiveDate::from_ymd_opt(today.year(), 12, 31)?),
        _ => return None,
    })
}

/// Splits off a trailing time word: `tomorrow 15:00`, `fri@9am`, `next fri 9am`.
fn split_day_and_time(text: &str) -> (Option<String>, Option<String>) {
    if let Some((day, time)) = text.split_once('@') {
        return (Some(day.trim().to_string()), Some(time.trim().to_string()));
    }
    // An ISO date-time written with a space.
    let words: Vec<&str> = text.split_whitespace().collect();
    if let Some((last, head)) = words.split_last() {
        if !head.is_empty() && looks_like_time(last) {
            return (Some(head.join(" ")), Some((*last).to_string()));
        }
        if head.is_empty() && looks_like_time(last) && parse_time(last).is_some() {
            return (None, Some((*last).to_string()));
        }
    }
    (Some(text.to_string()), None)
}

fn looks_like_time(word: &str) -> bool {
    word == "noon"
        || word == "midnight"
        || word.contains(':')
        || ((word.ends_with("am") || word.ends_with("pm"))
            && word[..word.len() - 2]
                .chars()
                .all(|c| c.is_ascii_digit() || c == ':')
            && word.len() > 2)
}

fn parse_day(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    match text {
        "today" => return Some(today),
        "tomorrow" | "tom" => return today.succ_opt(),
        "yesterday" => return today.pred_opt(),
        _ => {}
    }
    if let Some(name) = text.strip_prefix("next ") {
        let wd = weekday(name.trim())?;
        let next_monday = today + Days::new(u64::from(7 - today.weekday().num_days_from_monday()));
        return Some(next_monday + Days::new(u64::from(wd.num_days_from_monday())));
    }
    if let Some(wd) = weekday(text) {
        let ahead = (7 + wd.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
        let ahead = if ahead == 0 { 7 } else { ahead };
        return Some(today + Days::new(u64::from(ahead)));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// Day and time words long enough that a near miss is a typo rather than another word
/// (`noon`/`moon` or `mon`/`man` are too close to tell).
const TYPO_WORDS: [&str; 11] = [
    "today",
    "tomorrow",
    "yesterday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "midnight",
];

/// The day word `word` is most likely a typo of (`tomorow` → `tomorrow`), if any. Short
/// words must be one edit away, longer ones two, so ordinary words (`monkey`) pass.
pub fn suggestion(word: &str) -> Option<&'static str> {
    let w = word.to_lowercase();
    // `Fridays`, `Thursday's`: the word itself, not a typo of it.
    let stem = w
        .trim_end_matches("'s")
        .trim_end_matches("’s")
        .trim_end_matches('s');
    if w.chars().count() < 4 || TYPO_WORDS.iter().any(|c| *c == w || *c == stem) {
        return None;
    }
    TYPO_WORDS
        .iter()
        .map(|c| (crate::model::filter::levenshtein(&w, c), *c))
        .filter(|(d, c)| *d <= if c.len() <= 6 { 1 } else { 2 })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

pub(crate) fn weekday(name: &str) -> Option<Weekday> {
    Some(match name {
        "mon" | "monday" => Weekday::Mon,
        "tue" | "tues" | "tuesday" => Weekday::Tue,
        "wed" | "wednesday" => Weekday::Wed,
        "thu" | "thur" | "thurs" | "thursday" => Weekday::Thu,
        "fri" | "friday" => Weekday::Fri,
        "sat" | "saturday" => Weekday::Sat,
        "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// `15:00`, `15:00:30`, `9am`, `9:30pm`, `noon`, `midnight`.
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    match text {
        "noon" => return NaiveTime::from_hms_opt(12, 0, 0),
        "midnight" => return Some(NaiveTime::MIN),
        _ => {}
    }
    let (clock, meridiem) = if let Some(c) = text.strip_suffix("am") {
        (c, Some(false))
    } else if let Some(c) = text.strip_suffix("pm") {
        (c, Some(true))
    } else {
        (text, None)
    };
    let mut parts = clock.split(':');
    let hour: u32 = parse_digits(parts.next()?, 1, 2)?;
    let minute: u32 = parts.next().map_or(Some(0), |m| parse_digits(m, 2, 2))?;
    let second: u32 = parts.next().map_or(Some(0), |s| parse_digits(s, 2, 2))?;
    if parts.next().is_some() || (meridiem.is_none() && !clock.contains(':')) {
        return None;
    }
    let hour = match meridiem {
        Some(pm) if (1..=12).contains(&hour) => hour % 12 + if pm { 12 } else { 0 },
        Some(_) => return None,
        None => hour,
    };
    NaiveTime::from_hms_opt(hour, minute, second)
}

fn parse_digits(s: &str, min: usize, max: usize) -> Option<u32> {
    if s.len() < min || s.len() > max || !s.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `2026-12-01T14:30`, `2026-12-01T14:30:00Z`, `2026-12-01T14:30+01:00` (a `T` is required; a
/// space-separated form goes through the day + time path, in the local zone).
fn parse_iso_instant(text: &str) -> Option<DateTime<Utc>> {
    if !text.contains('t') {
        return None;
    }
    let upper = text.to_uppercase();
    if let Ok(t) = DateTime::parse_from_rfc3339(&upper) {
        return Some(t.with_timezone(&Utc));
    }
    for fmt in ["%Y-%m-%dT%H:%M%:z", "%Y-%m-%dT%H:%MZ"] {
        if let Ok(t) = DateTime::parse_from_str(&upper.replace('Z', "+00:00"), fmt) {
            return Some(t.with_timezone(&Utc));
        }
    }
    None
}

/// ISO date-times without an offset, read in the local zone.
fn parse_local_iso<Tz: TimeZone>(text: &str, tz: &Tz) -> Option<DateTime<Utc>> {
    for fmt in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"] {
        if let Ok(n) = NaiveDateTime::parse_from_str(text, fmt) {
            return Some(local_instant(tz, n));
        }
    }
    None
}

/// "in 2d", "3h ago", "now": the coarsest unit that keeps two significant steps.
pub fn relative(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (at - now).num_seconds();
    let abs = secs.unsigned_abs();
    let text = match abs {
        0..60 => return "now".into(),
        60..3600 => format!("{}m", abs / 60),
        3600..172_800 => format!("{}h", abs / 3600),
        172_800..1_209_600 => format!("{}d", abs / 86_400),
        1_209_600..5_184_000 => format!("{}w", abs / 604_800),
        5_184_000..63_072_000 => format!("{}mo", abs / 2_592_000),
        _ => format!("{}y", abs / 31_536_000),
    };
    if secs >= 0 {
        format!("in {text}")
    } else {
        format!("{text} ago")
    }
}

#[cfg(test)]
mod tests;
