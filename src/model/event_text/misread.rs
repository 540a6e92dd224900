//! Words of an event line that were meant as a date, a time or a length but do not read as
//! one (`tomorow`, `2026-02-30`, `25:00`, `-2h`). Left alone they would quietly become part
//! of the title and the event would land on the wrong day, so they are errors instead.

use crate::model::dates::suggestion;
use crate::model::duration::parse_minutes;

/// Why `word`, about to become a title word, looks like a mistyped date, time or length.
pub(super) fn misread(word: &str) -> Option<String> {
    let lower = word.to_lowercase();
    if let Some(s) = suggestion(&lower) {
        return Some(format!("`{word}` is not a date ({lower} → {s}?)"));
    }
    let clock = |w: &str| looks_like_clock(w) && crate::model::dates::parse_time(w).is_none();
    if clock(&lower)
        || lower.split_once('-').is_some_and(|(a, b)| {
            looks_like_clock(a) && looks_like_clock(b) && (clock(a) || clock(b))
        })
    {
        return Some(format!(
            "`{word}` is not a time of day (use 00:00 to 23:59, 9am, 9:30pm, or a range 9:30-10:15)"
        ));
    }
    if looks_like_iso_date(&lower) {
        return Some(format!(
            "`{word}` is not a date (no such day; use YYYY-MM-DD, e.g. 2026-12-01)"
        ));
    }
    if looks_like_length(&lower) && parse_minutes(lower.trim_start_matches('+')).is_err() {
        return Some(format!(
            "`{word}` is not a length (use a positive duration: 45m, 1h30m, 2h, up to 100000m)"
        ));
    }
    None
}

/// `25:00`, `9:75`, `13pm`: hours of one or two digits, then minutes (and seconds) of two,
/// or an am/pm. `1:1` (a meeting) and `16:9` (a ratio) are not times.
fn looks_like_clock(w: &str) -> bool {
    let (clock, meridiem) = match w.strip_suffix("am").or_else(|| w.strip_suffix("pm")) {
        Some(c) => (c, true),
        None => (w, false),
    };
    let digits =
        |p: &str, lens: &[usize]| lens.contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit());
    let mut parts = clock.split(':');
    let hours = parts.next().is_some_and(|h| digits(h, &[1, 2]));
    let rest: Vec<&str> = parts.collect();
    hours
        && rest.len() <= 2
        && rest.iter().all(|p| digits(p, &[2]))
        && (meridiem || !rest.is_empty())
}

/// `2026-02-30`, `2026-13-01T10:00`: four digits, a dash, digits, a dash, digits.
fn looks_like_iso_date(w: &str) -> bool {
    let date = w.split('t').next().unwrap_or(w);
    let parts: Vec<&str> = date.split('-').collect();
    parts.len() == 3
        && parts[0].len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// `-2h`, `0m`, `1x5h`: a number (maybe signed) with duration units.
fn looks_like_length(w: &str) -> bool {
    let body = w.trim_start_matches(['-', '+']);
    if !body.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let units: Vec<&str> = body
        .split(|c: char| c.is_ascii_digit() || c == '.')
        .filter(|u| !u.is_empty())
        .collect();
    !units.is_empty()
        && units.iter().all(|u| {
            matches!(
                *u,
                "m" | "min"
                    | "mins"
                    | "minute"
                    | "minutes"
                    | "h"
                    | "hr"
                    | "hrs"
                    | "hour"
                    | "hours"
                    | "d"
                    | "day"
                    | "days"
            )
        })
}

#[cfg(test)]
mod tests {
    use super::misread;

    #[test]
    fn near_misses_are_named() {
        for (word, needle) in [
            ("tomorow", "tomorow → tomorrow?"),
            ("25:00", "not a time"),
            ("9:75", "not a time"),
            ("13pm", "not a time"),
            ("10:00-25:00", "not a time"),
            ("2026-02-30", "not a date"),
            ("2026-13-01T10:00", "not a date"),
            ("-2h", "not a length"),
            ("0m", "not a length"),
        ] {
            let got = misread(word).unwrap_or_default();
            assert!(got.contains(needle), "{word}: {got}");
        }
    }

    #[test]
    fn ordinary_title_words_pass() {
        for word in [
            "Meeting", "3", "2nd", "monkey", "Re:", "http://x", "1-2", "ann's", "5k",
        ] {
            assert_eq!(misread(word), None, "{word}");
        }
    }
}
