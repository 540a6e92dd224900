//! Events typed in one line: `Standup tomorrow 9:30 15m every weekday loc:"Room 4"`.
//!
//! The first date phrase is the start (`tomorrow 9:30`, `fri 14:00`, `2026-12-01`; a day
//! without a time makes an all-day event); `9:30-10:15` gives start and end; a duration
//! (`15m`, `1h30m`, `for 2h`) the length; `every …` (or `daily`, `weekly`, …) the repetition,
//! optionally `until DATE` or `N times`; `loc:`, `cal:`, `remind:` and `notes:` the rest
//! (quote a value with spaces: `loc:"Room 4"`; `notes:` takes every word up to the next key).
//! Everything else is the title.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone};

use super::dates::{When, local_instant, parse_time, parse_when};
use super::duration::parse_minutes;

mod misread;
mod repeat;

use repeat::rule_words;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventText {
    pub title: String,
    pub when: Option<When>,
    /// An explicit end time on the start's day (`9:30-10:15`).
    pub until_time: Option<NaiveTime>,
    pub minutes: Option<u32>,
    /// An RRULE value.
    pub rrule: Option<String>,
    pub location: Option<String>,
    pub calendar: Option<String>,
    pub notes: Option<String>,
    /// Minutes before the start; `remind:none` gives an empty list.
    pub reminders: Option<Vec<u32>>,
    /// The start was a time of day alone (`14:00`): today for a new event, the same day for
    /// an edit.
    pub time_only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct EventTextError(pub String);

impl crate::error::Kinded for EventTextError {
    fn kind(&self) -> crate::error::ErrorKind {
        crate::error::ErrorKind::BadInput
    }
}

fn err(msg: impl Into<String>) -> EventTextError {
    EventTextError(msg.into())
}

/// A duration word needs a unit (`15m`, `2h`), so a bare number stays in the title.
fn duration_word(word: &str) -> Option<u32> {
    word.chars()
        .any(|c| c.is_ascii_alphabetic())
        .then(|| parse_minutes(word).ok())
        .flatten()
}

/// Parses the words of `tempo cal add` (and the TUI's add prompt) relative to `now`.
pub fn parse<Tz: TimeZone>(
    words: &[String],
    now: &DateTime<Tz>,
) -> Result<EventText, EventTextError> {
    let out = parse_with(words, now, true)?;
    // `tomorrow 9:00` alone: the date was taken for the title.
    let only_a_date = out.when.is_none() && parse_when(&out.title, now).is_ok();
    if out.title.trim().is_empty() || only_a_date {
        return Err(err(
            "an event needs a title: tempo cal add Standup tomorrow 9:30 15m",
        ));
    }
    Ok(out)
}

impl EventText {
    /// A time alone (`Lunch 12:30`) or no date at all (`Dentist`: all day) falls on `day`: the
    /// day selected in the calendar pane.
    pub fn fall_on<Tz: TimeZone>(&mut self, day: NaiveDate, tz: &Tz) {
        match self.when {
            Some(When::At(t)) if self.time_only => {
                let time = t.with_timezone(tz).time();
                self.when = Some(When::At(local_instant(tz, day.and_time(time))));
            }
            None => self.when = Some(When::Day(day)),
            _ => {}
        }
    }
}

/// Parses the words of `tempo block TASK WHEN [LENGTH]` (and the app's block prompt): a start
/// and a length, no title (the block takes its task's). A time alone falls on `day` when one
/// is given (the calendar pane's selected day).
pub fn parse_block<Tz: TimeZone>(
    words: &[String],
    day: Option<NaiveDate>,
    now: &DateTime<Tz>,
) -> Result<EventText, EventTextError> {
    let mut text = parse_changes(words, now)?;
    if !text.title.trim().is_empty() {
        return Err(err(format!(
            "cannot read `{}` as a time: block TASK WHEN [LENGTH], e.g. tempo block 12 tomorrow 14:00 90m",
            text.title
        )));
    }
    if let (Some(day), Some(_)) = (day, text.when) {
        text.fall_on(day, &now.timezone());
    }
    if matches!(text.when, Some(When::Day(_))) {
        return Err(err(
            "a block needs a time of day: tempo block 12 tomorrow 14:00 90m",
        ));
    }
    Ok(text)
}

/// Parses the words of `tempo cal edit`: like `parse`, but every part is optional and a
/// date may come first (`fri 10:00`, `14:00 30m`, `New title loc:Café`).
pub fn parse_changes<Tz: TimeZone>(
    words: &[String],
    now: &DateTime<Tz>,
) -> Result<EventText, EventTextError> {
    parse_with(words, now, false)
}

/// Splits at whitespace outside "double quotes", keeping the quotes (the key parser trims
/// them). Apostrophes are left alone: they are far likelier in a title (`Ann's party`) than as
/// quotes.
fn split_outside_quotes(w: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in w.chars() {
        if c == '"' {
            quoted = !quoted;
        }
        if c.is_whitespace() && !quoted {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn parse_with<Tz: TimeZone>(
    words: &[String],
    now: &DateTime<Tz>,
    title_first: bool,
) -> Result<EventText, EventTextError> {
    let words = rejoin(words);
    let mut out = EventText::default();
    let mut title = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let rest = &words[i..];
        // Nothing but the title may come before the title when it comes first (`cal add`).
        let may_start = !title.is_empty() || !title_first;
        let used = match key_value(rest, &mut out)? {
            Some(n) => n,
            None => match rule_words(rest, &mut out, &mut title, now)? {
                Some(n) => n,
                None => match when_words(rest, &mut out, may_start, now) {
                    Some(n) => n,
                    None => {
                        if let Some(why) = misread::misread(&rest[0]) {
                            return Err(err(why));
                        }
                        title.push(rest[0].clone());
                        1
                    }
                },
            },
        };
        i += used;
    }
    out.title = title.join(" ");
    Ok(out)
}

/// One argument may hold the whole line (`tempo cal add "Standup tomorrow 9:30"`), but a
/// quoted `loc:"Room 4"` stays one word.
fn rejoin(words: &[String]) -> Vec<String> {
    let keeps_spaces = |w: &str| {
        w.split_once(':').is_some_and(|(k, _)| {
            matches!(
                k.to_lowercase().as_str(),
                "loc" | "location" | "cal" | "calendar" | "notes"
            )
        })
    };
    words
        .iter()
        .flat_map(|w| {
            if keeps_spaces(w) {
                vec![w.clone()]
            } else {
                split_outside_quotes(w)
            }
        })
        .collect()
}

/// `loc:…`, `cal:…`, `remind:…`, `notes:…` (whose value runs on until the next key): the
/// words used, if `words` starts with one.
fn key_value(words: &[String], out: &mut EventText) -> Result<Option<usize>, EventTextError> {
    let Some((key, value)) = words[0].split_once(':') else {
        return Ok(None);
    };
    let key = key.to_lowercase();
    let known = matches!(
        key.as_str(),
        "loc" | "location" | "cal" | "calendar" | "remind" | "notes"
    );
    if value.is_empty() || !known {
        return Ok(None);
    }
    let mut value = value.to_string();
    let mut used = 1;
    while key == "notes"
        && let Some(next) = words.get(used).filter(|n| !n.contains(':'))
    {
        value.push(' ');
        value.push_str(next);
        used += 1;
    }
    let value = value.trim_matches('"').to_string();
    match key.as_str() {
        "loc" | "location" => out.location = Some(value),
        "cal" | "calendar" => out.calendar = Some(value),
        "notes" => out.notes = Some(value),
        _ => out.reminders = Some(reminders(&value)?),
    }
    Ok(Some(used))
}

/// The start and length words: `for 45m`, `at 9:30`, `on fri`, `45m`, `9:30-10:15`, a date
/// phrase (`tomorrow 9:30`, with a range after a day).
fn when_words<Tz: TimeZone>(
    words: &[String],
    out: &mut EventText,
    may_start: bool,
    now: &DateTime<Tz>,
) -> Option<usize> {
    let lower = words[0].to_lowercase();
    match lower.as_str() {
        "for" => {
            if let Some(m) = words.get(1).and_then(|n| duration_word(n)) {
                out.minutes = Some(m);
                return Some(2);
            }
        }
        "at" | "on" if out.when.is_none() && may_start => {
            if let Some((when, used)) = date_phrase(&words[1..], now) {
                out.time_only = used == 1
                    && words
                        .get(1)
                        .is_some_and(|w| parse_time(&w.to_lowercase()).is_some());
                out.when = Some(when);
                return Some(1 + used);
            }
        }
        _ => {}
    }
    if out.minutes.is_none()
        && may_start
        && let Some(m) = duration_word(&words[0])
    {
        out.minutes = Some(m);
        return Some(1);
    }
    if out.when.is_some() || !may_start {
        return None;
    }
    start_words(words, &lower, out, now)
}

/// A time range (`9:30-10:15`) or a date phrase, with a range after a day
/// (`tomorrow 9:30-10:15`).
fn start_words<Tz: TimeZone>(
    words: &[String],
    lower: &str,
    out: &mut EventText,
    now: &DateTime<Tz>,
) -> Option<usize> {
    if let Some((start, end)) = time_range(lower) {
        out.when = Some(at_time(out.when, start, now));
        out.until_time = Some(end);
        out.time_only = true;
        return Some(1);
    }
    let (when, used) = date_phrase(words, now)?;
    if let When::Day(d) = when
        && let Some((start, end)) = words.get(used).and_then(|w| time_range(&w.to_lowercase()))
    {
        out.when = Some(at_time(Some(When::Day(d)), start, now));
        out.until_time = Some(end);
        return Some(used + 1);
    }
    out.time_only = used == 1 && parse_time(lower).is_some();
    out.when = Some(when);
    Some(used)
}

fn at_time<Tz: TimeZone>(day: Option<When>, time: NaiveTime, now: &DateTime<Tz>) -> When {
    let d = match day {
        Some(When::Day(d)) => d,
        Some(When::At(t)) => t.with_timezone(&now.timezone()).date_naive(),
        None => now.date_naive(),
    };
    When::At(super::dates::local_instant(
        &now.timezone(),
        d.and_time(time),
    ))
}

/// `9:30-10:15`, `9am-11am`.
fn time_range(word: &str) -> Option<(NaiveTime, NaiveTime)> {
    let (a, b) = word.split_once('-')?;
    Some((parse_time(a)?, parse_time(b)?))
}

/// The longest date phrase (up to three words) at the start of `words`.
fn date_phrase<Tz: TimeZone>(words: &[String], now: &DateTime<Tz>) -> Option<(When, usize)> {
    for n in (1..=words.len().min(3)).rev() {
        let phrase = words[..n].join(" ");
        // A lone number or duration is not a date here ("3 people", "15m").
        if n == 1 && (phrase.parse::<u32>().is_ok() || duration_word(&phrase).is_some()) {
            continue;
        }
        if let Ok(w) = parse_when(&phrase, now) {
            return Some((w, n));
        }
    }
    None
}

fn reminders(value: &str) -> Result<Vec<u32>, EventTextError> {
    if value.eq_ignore_ascii_case("none") {
        return Ok(Vec::new());
    }
    value
        .split(',')
        .map(|v| parse_minutes(v).map_err(|e| err(format!("remind: {e}"))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, Utc};

    fn now() -> DateTime<chrono_tz::Tz> {
        // Sunday 22 November 2026, 10:30 in Berlin.
        Utc.with_ymd_and_hms(2026, 11, 22, 9, 30, 0)
            .single()
            .expect("valid")
            .with_timezone(&chrono_tz::Europe::Berlin)
    }

    fn p(text: &str) -> EventText {
        let words: Vec<String> = text.split(' ').map(str::to_string).collect();
        parse(&words, &now()).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn at(h: u32, m: u32, day: u32) -> When {
        When::At(
            chrono_tz::Europe::Berlin
                .with_ymd_and_hms(2026, 11, day, h, m, 0)
                .single()
                .expect("valid")
                .with_timezone(&Utc),
        )
    }

    #[test]
    fn the_issue_example() {
        let e = p("Standup tomorrow 9:30 15m every weekday");
        assert_eq!(e.title, "Standup");
        assert_eq!(e.when, Some(at(9, 30, 23)));
        assert_eq!(e.minutes, Some(15));
        assert_eq!(e.rrule.as_deref(), Some("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"));
    }

    #[test]
    fn ranges_days_and_attributes() {
        let e = p("Review with Ann fri 14:00-15:30 loc:Room4 cal:work remind:10m,1h");
        assert_eq!(e.title, "Review with Ann");
        assert_eq!(e.when, Some(at(14, 0, 27)));
        assert_eq!(e.until_time, NaiveTime::from_hms_opt(15, 30, 0));
        assert_eq!(e.location.as_deref(), Some("Room4"));
        assert_eq!(e.calendar.as_deref(), Some("work"));
        assert_eq!(e.reminders, Some(vec![10, 60]));

        let e = p("Holiday 2026-12-24");
        assert_eq!(
            e.when,
            Some(When::Day(
                NaiveDate::from_ymd_opt(2026, 12, 24).expect("valid")
            ))
        );
        let e = p("Lunch at noon for 45m");
        assert_eq!(
            (e.title.as_str(), e.when, e.minutes),
            ("Lunch", Some(at(12, 0, 22)), Some(45))
        );
    }

    #[test]
    fn a_whole_line_in_one_argument_keeps_quoted_values_whole() {
        let line = vec![r#"Dentist 15:00 45m loc:"Main St" Ann's"#.to_string()];
        let e = parse(&line, &now()).expect("valid");
        assert_eq!(e.title, "Dentist Ann's");
        assert_eq!(e.location.as_deref(), Some("Main St"));
        assert_eq!(e.minutes, Some(45));
    }

    #[test]
    fn repetition_forms() {
        assert_eq!(
            p("Gym mon 7:00 every mon and thu").rrule.as_deref(),
            Some("FREQ=WEEKLY;BYDAY=MO,TH")
        );
        assert_eq!(p("Rent every month").rrule.as_deref(), Some("FREQ=MONTHLY"));
        assert_eq!(
            p("Sync every 2 weeks").rrule.as_deref(),
            Some("FREQ=WEEKLY;INTERVAL=2")
        );
        assert_eq!(
            p("Sync every other week").rrule.as_deref(),
            Some("FREQ=WEEKLY;INTERVAL=2")
        );
        assert_eq!(
            p("Class tue 18:00 weekly 10 times").rrule.as_deref(),
            Some("FREQ=WEEKLY;COUNT=10")
        );
        assert_eq!(
            p("Class tue 18:00 every tue until 2027-01-31")
                .rrule
                .as_deref(),
            Some("FREQ=WEEKLY;BYDAY=TU;UNTIL=20270131")
        );
    }

    #[test]
    fn numbers_stay_in_the_title() {
        let e = p("Meet 3 people tomorrow 10:00");
        assert_eq!(e.title, "Meet 3 people");
    }

    #[test]
    fn bad_input_says_what_is_wrong() {
        let w = |t: &str| t.split(' ').map(str::to_string).collect::<Vec<_>>();
        for (text, needle) in [
            ("cal:work", "needs a title"),
            ("Gym every", "needs what follows"),
            ("Gym every blue", "cannot read `every blue`"),
            ("Gym every 0 days", "never happens"),
            ("Gym remind:soon", "remind:"),
            (
                "Gym every day until fridy",
                "`fridy` is not a date (fridy → friday?)",
            ),
            (
                "Gym every day until 2026-02-30",
                "`2026-02-30` is not a date",
            ),
        ] {
            let e = parse(&w(text), &now()).expect_err(text);
            assert!(e.0.contains(needle), "{text}: {e}");
        }
    }
}
