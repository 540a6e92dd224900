//! todo.txt (<https://github.com/todotxt/todo.txt>) → tasks; `todotxt_write` is the other way.
//!
//! `(A)`/`(B)`/`(C)` map to H/M/L; `(D)`–`(Z)` to L, the letter kept in the custom field
//! `todotxt_priority` so it is written back as it was. The first `+project` is the project,
//! further ones and `@contexts` become tags; `due:`, `t:` (threshold → wait), `rec:`,
//! `cancelled:`, `pri:` (on done lines) and `uuid:` are understood, in any order; other
//! `key:value` pairs stay in the title. Dates may be relative as topydo writes them (`due:tod`,
//! `due:mon`, `due:3d`, `due:1m`), resolved at import.
//!
//! Identity: `uuid:` when present, otherwise a UUID derived from the whole line, so two lines
//! are two tasks unless they are the same line, and importing one file twice does not duplicate.
//! A line without a creation date keeps none: the task is marked with `todotxt_created: none`
//! and exported without one.

use chrono::{DateTime, Days, Months, NaiveDate, TimeZone, Utc};
use uuid::Uuid;

use crate::model::dates::{When, local_instant, parse_when};
use crate::model::recur::{Recurrence, Rule, Unit};
use crate::model::task::{validate_project, validate_tag};
use crate::model::{Priority, Status, Task};

pub use super::todotxt_write::{format_line, merge};

/// Namespace for UUIDs derived from todo.txt lines.
const NAMESPACE: Uuid = Uuid::from_u128(0x6f1d_5c1e_2b7a_4c55_9d0e_7a3b_1c2d_4e5f);
/// The priority letter of `(D)`–`(Z)`, which H/M/L cannot hold.
pub const PRIORITY_FIELD: &str = "todotxt_priority";
/// Present (`none`) when the line had no creation date.
pub const CREATED_FIELD: &str = "todotxt_created";

/// Parses one non-empty line. Errors name what was wrong; the caller adds the line number.
pub fn parse_line<Tz: TimeZone>(line: &str, tz: &Tz, now: DateTime<Utc>) -> Result<Task, String> {
    let mut words = line.split_whitespace().peekable();
    let mut t = Task::new("", now);
    let mut letter = read_head(&mut words, &mut t, tz, now);
    let mut title = Vec::new();
    let mut body = Body::default();
    for w in words {
        if !read_project_or_context(&mut t, w)
            && !body.read_pair(&mut t, &mut letter, w, tz, now)?
        {
            title.push(w);
        }
    }
    t.title = title.join(" ");
    if t.title.is_empty() {
        return Err("no task text on this line".into());
    }
    if let Some(l) = letter {
        set_priority(&mut t, l);
    }
    if t.status == Status::Pending && t.wait.is_some_and(|w| w > now) {
        t.status = Status::Waiting;
    }
    t.uuid = body
        .uuid
        .unwrap_or_else(|| Uuid::new_v5(&NAMESPACE, line.trim().as_bytes()));
    if let Some(rule) = body.rec {
        let anchor = t
            .due
            .or(t.wait)
            .ok_or("rec: needs a due: (or t:) date on the same line")?;
        let mut r = Recurrence::new_series(rule, anchor.with_timezone(tz).date_naive());
        r.series = Uuid::new_v5(&t.uuid, b"series");
        t.recur = Some(Box::new(r));
    }
    t.modified = now;
    Ok(t)
}

/// The line's head: `x [DONE-DATE]` or `(A)`, then the creation date when there is one.
/// Returns the priority letter.
fn read_head<'a, Tz: TimeZone>(
    words: &mut std::iter::Peekable<impl Iterator<Item = &'a str>>,
    t: &mut Task,
    tz: &Tz,
    now: DateTime<Utc>,
) -> Option<char> {
    let mut letter = None;
    if words.peek() == Some(&"x") {
        words.next();
        t.status = Status::Done;
        t.done = Some(now);
        if let Some(d) = words.peek().and_then(|w| day(w)) {
            words.next();
            t.done = Some(noon(tz, d));
        }
    } else if let Some(l) = words.peek().and_then(|w| priority_letter(w)) {
        words.next();
        letter = Some(l);
    }
    match words.peek().and_then(|w| day(w)) {
        Some(d) => {
            words.next();
            t.created = local_instant(tz, d.and_hms_opt(0, 0, 0).unwrap_or_default());
        }
        None => {
            t.created = t.done.unwrap_or(now);
            t.fields.insert(CREATED_FIELD.into(), "none".into());
        }
    }
    letter
}

/// `+project` (the first is the project, later ones tags) or `@context` (a tag).
fn read_project_or_context(t: &mut Task, w: &str) -> bool {
    if let Some(p) = w.strip_prefix('+').filter(|p| validate_project(p).is_ok()) {
        if t.project.is_none() {
            t.project = Some(p.to_string());
        } else {
            t.add_tag(p);
        }
        return true;
    }
    if let Some(c) = w.strip_prefix('@').filter(|c| validate_tag(c).is_ok()) {
        t.add_tag(c);
        return true;
    }
    false
}

/// What the `key:value` words say that is kept until the whole line is read.
#[derive(Default)]
struct Body {
    uuid: Option<Uuid>,
    rec: Option<Rule>,
}

impl Body {
    /// Applies one understood `key:value` word; false for any other word (a title word).
    fn read_pair<Tz: TimeZone>(
        &mut self,
        t: &mut Task,
        letter: &mut Option<char>,
        w: &str,
        tz: &Tz,
        now: DateTime<Utc>,
    ) -> Result<bool, String> {
        let local_now = now.with_timezone(tz);
        let at =
            |d: NaiveDate, h, m, s| local_instant(tz, d.and_hms_opt(h, m, s).unwrap_or_default());
        match w.split_once(':') {
            Some(("due", v)) => {
                let d = date_value(v, &local_now).ok_or(format!("due:{v} is not a date"))?;
                t.due = Some(at(d, 23, 59, 59));
            }
            Some(("t", v)) => {
                let d = date_value(v, &local_now).ok_or(format!("t:{v} is not a date"))?;
                t.wait = Some(at(d, 0, 0, 0));
            }
            Some(("pri", v)) if t.status == Status::Done => {
                *letter = priority_letter(&format!("({v})"));
            }
            Some(("cancelled", v)) if t.status.is_open() => {
                let d = day(v).ok_or(format!("cancelled:{v} is not a date (YYYY-MM-DD)"))?;
                t.status = Status::Cancelled;
                t.done = Some(noon(tz, d));
            }
            Some(("uuid", v)) => {
                self.uuid = Some(Uuid::parse_str(v).map_err(|e| format!("uuid:{v}: {e}"))?)
            }
            Some(("rec", v)) => self.rec = Some(parse_rec(v)?),
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// `(A)`/`(B)`/`(C)` are H/M/L; a later letter is L, kept to be written back as it was.
fn set_priority(t: &mut Task, l: char) {
    t.priority = Some(match l {
        'A' => Priority::H,
        'B' => Priority::M,
        _ => Priority::L,
    });
    if l > 'C' {
        t.fields.insert(PRIORITY_FIELD.into(), l.to_string());
    }
}

fn noon<Tz: TimeZone>(tz: &Tz, d: NaiveDate) -> DateTime<Utc> {
    local_instant(tz, d.and_hms_opt(12, 0, 0).unwrap_or_default())
}

fn day(w: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(w, "%Y-%m-%d").ok()
}

/// A date as todo.txt tools write it: `2026-11-30`, or relative like topydo (`tod`, `tom`,
/// `yes`, `3d`, `2w`, `1m` months, `1y`, weekday names).
fn date_value<Tz: TimeZone>(v: &str, now: &DateTime<Tz>) -> Option<NaiveDate> {
    if let Some(d) = day(v) {
        return Some(d);
    }
    let today = now.date_naive();
    let lower = v.to_ascii_lowercase();
    match lower.as_str() {
        "tod" | "today" => return Some(today),
        "tom" | "tomorrow" => return today.checked_add_days(Days::new(1)),
        "yes" | "yesterday" => return today.checked_sub_days(Days::new(1)),
        _ => {}
    }
    if let Some((n, unit)) = count_unit(lower.trim_start_matches('+')) {
        return match unit {
            'd' => today.checked_add_days(Days::new(u64::from(n))),
            'w' => today.checked_add_days(Days::new(7 * u64::from(n))),
            'm' => today.checked_add_months(Months::new(n)),
            'y' => today.checked_add_months(Months::new(n.checked_mul(12)?)),
            _ => None,
        };
    }
    match parse_when(&lower, now).ok()? {
        When::Day(d) => Some(d),
        When::At(at) => Some(at.with_timezone(&now.timezone()).date_naive()),
    }
}

/// `3d` → (3, 'd').
fn count_unit(v: &str) -> Option<(u32, char)> {
    let unit = v.chars().last()?;
    let n: u32 = v.get(..v.len() - unit.len_utf8())?.parse().ok()?;
    Some((n, unit))
}

/// `rec:` as todo.txt tools write it (`[+]N[dwmyb]`: `+` counts from the due date, which is how
/// Tempo's series always count; `b` is business days), or Tempo's own older forms (`1mo`).
fn parse_rec(v: &str) -> Result<Rule, String> {
    let body = v.strip_prefix('+').unwrap_or(v);
    let rule = |every, unit| Rule {
        every,
        unit,
        weekdays: vec![],
        until: None,
    };
    if let Some((n, unit)) = count_unit(body).filter(|(n, _)| (1..=1000).contains(n)) {
        match unit {
            'd' => return Ok(rule(n, Unit::Day)),
            'w' => return Ok(rule(n, Unit::Week)),
            'm' => return Ok(rule(n, Unit::Month)),
            'y' => return Ok(rule(n, Unit::Year)),
            'b' if n == 1 => return Rule::parse("weekdays"),
            'b' => {
                return Err(format!(
                    "rec:{v}: every {n} business days cannot be repeated; only rec:1b (weekdays)"
                ));
            }
            _ => {}
        }
    }
    Rule::parse(body).map_err(|e| format!("rec: {e}"))
}

fn priority_letter(w: &str) -> Option<char> {
    let b = w.as_bytes();
    (b.len() == 3 && b[0] == b'(' && b[2] == b')' && b[1].is_ascii_uppercase())
        .then(|| char::from(b[1]))
}

#[cfg(test)]
mod tests;
