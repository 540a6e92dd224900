//! todo.txt (<https://github.com/todotxt/todo.txt>) ⇄ tasks.
//!
//! `(A)`/`(B)`/`(C)` map to H/M/L (D–Z to L); the first `+project` is the project, further ones and
//! `@contexts` become tags; `due:`, `t:` (threshold → wait), `rec:` and `uuid:` are understood;
//! other `key:value` pairs stay in the title. A line without `uuid:` gets a UUID derived from its
//! text, so importing the same file twice does not duplicate it.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use uuid::Uuid;

use crate::model::dates::local_instant;
use crate::model::recur::{Recurrence, Rule};
use crate::model::task::{validate_project, validate_tag};
use crate::model::{Priority, Status, Task};

/// Namespace for UUIDs derived from todo.txt lines.
const NAMESPACE: Uuid = Uuid::from_u128(0x6f1d_5c1e_2b7a_4c55_9d0e_7a3b_1c2d_4e5f);

/// Parses one non-empty line. Errors name what was wrong; the caller adds the line number.
pub fn parse_line<Tz: TimeZone>(line: &str, tz: &Tz, now: DateTime<Utc>) -> Result<Task, String> {
    let mut words = line.split_whitespace().peekable();
    let mut t = Task::new("", now);
    if words.peek() == Some(&"x") {
        words.next();
        t.status = Status::Done;
        t.done = Some(now);
        if let Some(d) = words.peek().and_then(|w| day(w)) {
            words.next();
            t.done = Some(local_instant(
                tz,
                d.and_hms_opt(12, 0, 0).unwrap_or_default(),
            ));
        }
    } else if let Some(p) = words.peek().and_then(|w| priority(w)) {
        words.next();
        t.priority = p;
    }
    if let Some(d) = words.peek().and_then(|w| day(w)) {
        words.next();
        t.created = local_instant(tz, d.and_hms_opt(0, 0, 0).unwrap_or_default());
    }
    let mut title = Vec::new();
    let mut explicit_uuid = None;
    for w in words {
        if let Some(p) = w.strip_prefix('+').filter(|p| validate_project(p).is_ok()) {
            if t.project.is_none() {
                t.project = Some(p.to_string());
            } else {
                t.add_tag(p);
            }
            continue;
        }
        if let Some(c) = w.strip_prefix('@').filter(|c| validate_tag(c).is_ok()) {
            t.add_tag(c);
            continue;
        }
        match w.split_once(':') {
            Some(("due", v)) => {
                t.due = Some(local_instant(
                    tz,
                    day(v)
                        .ok_or(format!("due:{v} is not a date (YYYY-MM-DD)"))?
                        .and_hms_opt(23, 59, 59)
                        .unwrap_or_default(),
                ))
            }
            Some(("t", v)) => {
                t.wait = Some(local_instant(
                    tz,
                    day(v)
                        .ok_or(format!("t:{v} is not a date (YYYY-MM-DD)"))?
                        .and_hms_opt(0, 0, 0)
                        .unwrap_or_default(),
                ))
            }
            Some(("pri", v)) if t.status == Status::Done => {
                t.priority = priority(&format!("({v})")).flatten()
            }
            Some(("uuid", v)) => {
                explicit_uuid = Some(Uuid::parse_str(v).map_err(|e| format!("uuid:{v}: {e}"))?)
            }
            Some(("rec", v)) => {
                let rule =
                    Rule::parse(v.trim_start_matches('+')).map_err(|e| format!("rec: {e}"))?;
                let anchor = t.due.ok_or("rec: needs a due: date on the same line")?;
                t.recur = Some(Box::new(Recurrence::new_series(
                    rule,
                    anchor.with_timezone(tz).date_naive(),
                )));
            }
            _ => title.push(w),
        }
    }
    t.title = title.join(" ");
    if t.title.is_empty() {
        return Err("no task text on this line".into());
    }
    if t.status == Status::Pending && t.wait.is_some_and(|w| w > now) {
        t.status = Status::Waiting;
    }
    t.uuid = explicit_uuid.unwrap_or_else(|| Uuid::new_v5(&NAMESPACE, t.title.as_bytes()));
    if let Some(rec) = &mut t.recur {
        rec.series = Uuid::new_v5(&t.uuid, b"series");
    }
    t.modified = now;
    Ok(t)
}

fn day(w: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(w, "%Y-%m-%d").ok()
}

fn priority(w: &str) -> Option<Option<Priority>> {
    let b = w.as_bytes();
    if b.len() == 3 && b[0] == b'(' && b[2] == b')' && b[1].is_ascii_uppercase() {
        return Some(Some(match b[1] {
            b'A' => Priority::H,
            b'B' => Priority::M,
            _ => Priority::L,
        }));
    }
    None
}

/// Formats a task as one todo.txt line (with `uuid:` so a round trip updates in place).
pub fn format_line<Tz: TimeZone>(t: &Task, tz: &Tz) -> String {
    let d = |at: DateTime<Utc>| {
        at.with_timezone(tz)
            .date_naive()
            .format("%Y-%m-%d")
            .to_string()
    };
    let letter = |p: Priority| match p {
        Priority::H => 'A',
        Priority::M => 'B',
        Priority::L => 'C',
    };
    let mut parts: Vec<String> = Vec::new();
    let finished = !t.status.is_open();
    if finished {
        parts.push("x".into());
        parts.push(d(t.done.unwrap_or(t.modified)));
    } else if let Some(p) = t.priority {
        parts.push(format!("({})", letter(p)));
    }
    parts.push(d(t.created));
    parts.push(t.title.clone());
    if let Some(p) = &t.project {
        parts.push(format!("+{p}"));
    }
    parts.extend(t.tags.iter().map(|tag| format!("@{tag}")));
    if let Some(due) = t.due {
        parts.push(format!("due:{}", d(due)));
    }
    if let Some(w) = t.wait {
        parts.push(format!("t:{}", d(w)));
    }
    if let Some(r) = &t.recur {
        parts.push(format!("rec:{}", r.rule));
    }
    if let (true, Some(p)) = (finished, t.priority) {
        parts.push(format!("pri:{}", letter(p)));
    }
    parts.push(format!("uuid:{}", t.uuid));
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-11-22T09:30:00Z".parse().expect("valid")
    }

    #[test]
    fn parses_the_standard_forms() {
        let t = parse_line(
            "(A) 2026-11-01 Call Mom +family @phone due:2026-11-30 note:x",
            &Utc,
            now(),
        )
        .expect("valid");
        assert_eq!(t.priority, Some(Priority::H));
        assert_eq!(t.title, "Call Mom note:x");
        assert_eq!(t.project.as_deref(), Some("family"));
        assert_eq!(t.tags, vec!["phone"]);
        assert_eq!(t.due, Some("2026-11-30T23:59:59Z".parse().expect("valid")));
        assert_eq!(
            t.created.date_naive(),
            NaiveDate::from_ymd_opt(2026, 11, 1).expect("d")
        );
        let done =
            parse_line("x 2026-11-20 2026-11-01 File taxes pri:B", &Utc, now()).expect("valid");
        assert_eq!(done.status, Status::Done);
        assert_eq!(done.priority, Some(Priority::M));
        assert_eq!(
            done.done.map(|d| d.date_naive()),
            NaiveDate::from_ymd_opt(2026, 11, 20)
        );
    }

    #[test]
    fn round_trips() {
        let t = parse_line(
            "(B) 2026-11-01 Water plants +home @garden due:2026-11-30 rec:1w",
            &Utc,
            now(),
        )
        .expect("valid");
        let line = format_line(&t, &Utc);
        let back = parse_line(&line, &Utc, now()).expect("valid");
        assert_eq!(back.uuid, t.uuid);
        assert_eq!(
            (back.title.as_str(), back.priority, back.due, &back.tags),
            (t.title.as_str(), t.priority, t.due, &t.tags)
        );
        assert_eq!(back.recur.map(|r| r.rule), t.recur.map(|r| r.rule));
    }

    #[test]
    fn identity_without_uuid_is_stable() {
        let a = parse_line("Buy milk", &Utc, now()).expect("valid");
        let b = parse_line("(A) Buy milk @shop", &Utc, now()).expect("valid");
        assert_eq!(a.uuid, b.uuid);
    }

    #[test]
    fn errors() {
        assert!(parse_line("x 2026-11-20", &Utc, now()).is_err());
        assert!(
            parse_line("Pay due:tomorrow", &Utc, now())
                .expect_err("bad")
                .contains("due:tomorrow")
        );
        assert!(
            parse_line("Pay rec:1w", &Utc, now())
                .expect_err("bad")
                .contains("needs a due")
        );
    }
}
