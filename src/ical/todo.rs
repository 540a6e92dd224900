//! VTODO ⇄ task fields. Reading takes what Tempo has a place for; writing starts from the
//! VTODO the task came with (if any) so properties Tempo does not know survive a round trip.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::event::stamp;
use super::lines::{Component, Line, escape, unescape};
use super::todo_rule::{from_rrule, to_rrule};
use crate::model::dates::local_instant;
use crate::model::recur::Rule;
use crate::model::task::{Priority, Status, Task, validate_project};

/// Where a task's project travels: a property of Tempo's own, so it never mixes with the
/// tags (which are CATEGORIES) and servers keep it as they keep any X- property.
pub const PROJECT: &str = "X-TEMPO-PROJECT";

/// What a VTODO says, in Tempo's terms.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TodoFields {
    pub uid: String,
    pub summary: String,
    pub description: Option<String>,
    pub due: Option<DateTime<Utc>>,
    pub scheduled: Option<DateTime<Utc>>,
    pub status: Option<Status>,
    pub priority: Option<Priority>,
    pub tags: Vec<String>,
    pub completed: Option<DateTime<Utc>>,
    pub project: Option<String>,
    /// The RRULE, when it is one Tempo can hold.
    pub rule: Option<Rule>,
    /// When the writer last changed it (LAST-MODIFIED, else DTSTAMP).
    pub modified: Option<DateTime<Utc>>,
}

/// A date or date-time property as an instant. A DATE is the day's end for `end_of_day`
/// (a due day) and its start otherwise; floating times and zones we cannot name are read in
/// `local`.
pub fn instant(line: &Line, local: Tz, end_of_day: bool) -> Option<DateTime<Utc>> {
    let v = line.value.trim();
    if v.len() == 8 {
        let d = NaiveDate::parse_from_str(v, "%Y%m%d").ok()?;
        let t = if end_of_day {
            NaiveTime::from_hms_opt(23, 59, 59)?
        } else {
            NaiveTime::MIN
        };
        return Some(local_instant(&local, d.and_time(t)));
    }
    if let Some(utc) = v.strip_suffix('Z').or_else(|| v.strip_suffix('z')) {
        let t = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok()?;
        return Some(Utc.from_utc_datetime(&t));
    }
    let t = NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S").ok()?;
    let zone = line
        .param("TZID")
        .and_then(|id| id.trim_start_matches('/').parse::<Tz>().ok())
        .unwrap_or(local);
    Some(local_instant(&zone, t))
}

pub fn read(c: &Component, local: Tz) -> TodoFields {
    let priority = c
        .get("PRIORITY")
        .and_then(|l| l.value.trim().parse::<u8>().ok())
        .and_then(|p| match p {
            1..=4 => Some(Priority::H),
            5 => Some(Priority::M),
            6..=9 => Some(Priority::L),
            _ => None,
        });
    let status = c
        .get("STATUS")
        .and_then(|l| match l.value.trim().to_ascii_uppercase().as_str() {
            "NEEDS-ACTION" => Some(Status::Pending),
            "IN-PROCESS" => Some(Status::Started),
            "COMPLETED" => Some(Status::Done),
            "CANCELLED" => Some(Status::Cancelled),
            _ => None,
        });
    let tags = c
        .all("CATEGORIES")
        .iter()
        .flat_map(|l| split_list(l.value))
        .map(|t| t.trim().replace(' ', "-"))
        .filter(|t| !t.is_empty())
        .collect();
    TodoFields {
        uid: c.text("UID").unwrap_or_default(),
        summary: c.text("SUMMARY").unwrap_or_default(),
        description: c.text("DESCRIPTION").filter(|d| !d.is_empty()),
        due: c.get("DUE").and_then(|l| instant(&l, local, true)),
        scheduled: c.get("DTSTART").and_then(|l| instant(&l, local, false)),
        status,
        priority,
        tags,
        completed: c.get("COMPLETED").and_then(|l| instant(&l, local, false)),
        project: c
            .text(PROJECT)
            .map(|p| p.trim().to_string())
            .filter(|p| validate_project(p).is_ok()),
        rule: c.get("RRULE").and_then(|l| from_rrule(l.value)),
        modified: c
            .get("LAST-MODIFIED")
            .or_else(|| c.get("DTSTAMP"))
            .and_then(|l| instant(&l, local, false)),
    }
}

/// Whether `due` is a whole due day in `local` (Tempo keeps a day as its last second).
fn whole_day(due: DateTime<Utc>, local: Tz) -> bool {
    due.with_timezone(&local).time() == NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default()
}

fn starts_a_day(at: DateTime<Utc>, local: Tz) -> bool {
    at.with_timezone(&local).time() == NaiveTime::MIN
}

fn day(at: DateTime<Utc>, local: Tz) -> String {
    at.with_timezone(&local).format("%Y%m%d").to_string()
}

/// Splits a TEXT list at unescaped commas, unescaping each item.
fn split_list(value: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut escaped = false;
    for c in value.chars() {
        if escaped {
            current.push('\\');
            current.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == ',' {
            items.push(unescape(&current));
            current.clear();
        } else {
            current.push(c);
        }
    }
    items.push(unescape(&current));
    items
}

/// The task as a VTODO, written over `original` (the VTODO it came from) when there is one.
/// A property whose meaning did not change is left exactly as it was (a due *date* stays a
/// date, PRIORITY:2 stays 2), so other clients see only what was really edited. `local` is
/// the zone the original's floating and date values are read in.
pub fn write(
    task: &Task,
    uid: &str,
    original: Option<Component>,
    now: DateTime<Utc>,
    local: Tz,
) -> Component {
    let before = original.as_ref().map(|c| read(c, local));
    let same = |f: &dyn Fn(&TodoFields) -> bool| before.as_ref().is_some_and(f);
    let mut c = original.unwrap_or_else(|| {
        let mut c = Component::new("VTODO");
        c.push(format!("UID:{}", escape(uid)));
        c.push(format!("CREATED:{}", stamp(task.created)));
        c
    });
    c.set("DTSTAMP", Some(format!("DTSTAMP:{}", stamp(now))));
    c.set(
        "LAST-MODIFIED",
        Some(format!("LAST-MODIFIED:{}", stamp(task.modified))),
    );
    if !same(&|b| b.summary == task.title) {
        c.set_text("SUMMARY", Some(&task.title));
    }
    if !same(&|b| b.description.as_deref().unwrap_or_default() == task.notes) {
        c.set_text("DESCRIPTION", Some(task.notes.as_str()));
    }
    // A whole due day goes up as a DATE (not 23:59:59); DTSTART then must be a DATE too
    // (RFC 5545 §3.8.2.3), so both are rewritten together.
    let dates = task.due.is_some_and(|d| whole_day(d, local))
        && task.scheduled.is_none_or(|s| starts_a_day(s, local));
    let line = |name: &str, at: DateTime<Utc>| {
        if dates {
            format!("{name};VALUE=DATE:{}", day(at, local))
        } else {
            format!("{name}:{}", stamp(at))
        }
    };
    let times_changed = !same(&|b| b.due == task.due && b.scheduled == task.scheduled);
    if times_changed {
        c.set("DUE", task.due.map(|d| line("DUE", d)));
        c.set("DTSTART", task.scheduled.map(|d| line("DTSTART", d)));
    }
    let rule = task.recur.as_ref().map(|r| &r.rule);
    if times_changed && rule.is_some() || !same(&|b| b.rule.as_ref() == rule) {
        let until = |d: NaiveDate| {
            if dates {
                d.format("%Y%m%d").to_string()
            } else {
                let end = d.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default());
                stamp(local_instant(&local, end))
            }
        };
        c.set(
            "RRULE",
            rule.map(|r| format!("RRULE:{}", to_rrule(r, until))),
        );
    }
    if !same(&|b| b.project == task.project) {
        c.set_text(PROJECT, task.project.as_deref());
    }
    let status = match task.status {
        Status::Pending | Status::Waiting => "NEEDS-ACTION",
        Status::Started => "IN-PROCESS",
        Status::Done => "COMPLETED",
        Status::Cancelled => "CANCELLED",
    };
    let pending = matches!(task.status, Status::Pending | Status::Waiting);
    if !same(&|b| match b.status {
        Some(Status::Pending) | None => pending,
        s => s == Some(task.status),
    }) {
        c.set("STATUS", Some(format!("STATUS:{status}")));
    }
    let completed = task.done.filter(|_| task.status == Status::Done);
    if !same(&|b| b.completed == completed) {
        c.set(
            "COMPLETED",
            completed.map(|d| format!("COMPLETED:{}", stamp(d))),
        );
    }
    if !same(&|b| b.priority == task.priority) {
        c.set(
            "PRIORITY",
            task.priority.map(|p| {
                let n = match p {
                    Priority::H => 1,
                    Priority::M => 5,
                    Priority::L => 9,
                };
                format!("PRIORITY:{n}")
            }),
        );
    }
    if !same(&|b| b.tags == task.tags) {
        let categories: Vec<String> = task.tags.iter().map(|t| escape(t)).collect();
        c.set(
            "CATEGORIES",
            (!categories.is_empty()).then(|| format!("CATEGORIES:{}", categories.join(","))),
        );
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_tempo_has_a_place_for() {
        let c = Component::parse(
            "BEGIN:VTODO\r\nUID:t1\r\nSUMMARY:Pay rent\\, June\r\nDUE;VALUE=DATE:20261130\r\nPRIORITY:2\r\nSTATUS:IN-PROCESS\r\nCATEGORIES:home,money\\,bills\r\nX-KEEP:1\r\nEND:VTODO\r\n",
        )
        .expect("todo");
        let f = read(&c, chrono_tz::Europe::Berlin);
        assert_eq!(f.summary, "Pay rent, June");
        assert_eq!(
            f.due.map(|d| d.to_rfc3339()).as_deref(),
            Some("2026-11-30T22:59:59+00:00")
        );
        assert_eq!(f.priority, Some(Priority::H));
        assert_eq!(f.status, Some(Status::Started));
        assert_eq!(f.tags, vec!["home", "money,bills"]);
    }

    #[test]
    fn writing_keeps_unknown_properties() {
        let original =
            Component::parse("BEGIN:VTODO\r\nUID:t1\r\nSUMMARY:Old\r\nX-KEEP:1\r\nEND:VTODO\r\n");
        let now = Utc
            .with_ymd_and_hms(2026, 11, 22, 9, 0, 0)
            .single()
            .expect("valid");
        let mut task = Task::new("New", now);
        task.status = Status::Done;
        task.done = Some(now);
        let text = write(&task, "t1", original, now, chrono_tz::Europe::Berlin).to_text();
        assert!(text.contains("SUMMARY:New\r\n"), "{text}");
        assert!(text.contains("X-KEEP:1\r\n"));
        assert!(
            text.contains("STATUS:COMPLETED\r\nCOMPLETED:20261122T090000Z"),
            "{text}"
        );
    }

    #[test]
    fn unchanged_fields_keep_their_original_form() {
        let tz = chrono_tz::Europe::Berlin;
        let original = Component::parse(
            "BEGIN:VTODO\r\nUID:t1\r\nSUMMARY:Pay rent\r\nDUE;VALUE=DATE:20261130\r\nPRIORITY:2\r\nCATEGORIES:b,a\r\nEND:VTODO\r\n",
        )
        .expect("todo");
        let fields = read(&original, tz);
        let now = Utc
            .with_ymd_and_hms(2026, 11, 22, 9, 0, 0)
            .single()
            .expect("valid");
        let mut task = Task::new("Pay the rent", now);
        task.due = fields.due;
        task.priority = fields.priority;
        task.tags = fields.tags.clone();
        let text = write(&task, "t1", Some(original.clone()), now, tz).to_text();
        assert!(text.contains("SUMMARY:Pay the rent\r\n"), "{text}");
        assert!(text.contains("DUE;VALUE=DATE:20261130\r\n"), "{text}");
        assert!(text.contains("PRIORITY:2\r\n") && text.contains("CATEGORIES:b,a\r\n"));
        assert!(
            !text.contains("STATUS"),
            "no STATUS before, still pending: {text}"
        );
        task.due = fields.due.map(|d| d + chrono::Duration::days(1));
        let text = write(&task, "t1", Some(original), now, tz).to_text();
        assert!(text.contains("DUE;VALUE=DATE:20261201\r\n"), "{text}");
    }

    fn noon() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0)
            .single()
            .expect("valid")
    }

    #[test]
    fn a_whole_due_day_goes_up_as_a_date_and_a_timed_one_as_a_time() {
        let tz = chrono_tz::Europe::Berlin;
        let mut task = Task::new("Pay rent", noon());
        let day = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
        task.due = Some(local_instant(
            &tz,
            day.and_time(NaiveTime::from_hms_opt(23, 59, 59).expect("time")),
        ));
        task.scheduled = Some(local_instant(&tz, day.and_time(NaiveTime::MIN)));
        let text = write(&task, "t1", None, noon(), tz).to_text();
        assert!(text.contains("DUE;VALUE=DATE:20261130\r\n"), "{text}");
        assert!(text.contains("DTSTART;VALUE=DATE:20261130\r\n"), "{text}");
        let back = read(&Component::parse(&text).expect("todo"), tz);
        assert_eq!((back.due, back.scheduled), (task.due, task.scheduled));
        // A due time, or a start at a time, keeps both as date-times (the same value type).
        task.scheduled = task.scheduled.map(|s| s + chrono::Duration::hours(9));
        let text = write(&task, "t1", None, noon(), tz).to_text();
        assert!(text.contains("DUE:20261130T225959Z\r\n"), "{text}");
        assert!(text.contains("DTSTART:20261130T080000Z\r\n"), "{text}");
    }

    #[test]
    fn project_and_recurrence_go_up_and_come_back_apart_from_tags() {
        let tz = chrono_tz::Europe::Berlin;
        let mut task = Task::new("Water plants", noon());
        task.project = Some("home.garden".into());
        task.tags = vec!["garden".into()];
        task.due = Some(local_instant(
            &tz,
            NaiveDate::from_ymd_opt(2026, 11, 23)
                .expect("date")
                .and_time(NaiveTime::from_hms_opt(23, 59, 59).expect("time")),
        ));
        let mut rule = Rule::parse("2w:mon,thu").expect("rule");
        rule.until = NaiveDate::from_ymd_opt(2027, 6, 1);
        task.recur = Some(Box::new(crate::model::recur::Recurrence::new_series(
            rule.clone(),
            NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"),
        )));
        let text = write(&task, "t1", None, noon(), tz).to_text();
        assert!(text.contains("X-TEMPO-PROJECT:home.garden\r\n"), "{text}");
        assert!(text.contains("CATEGORIES:garden\r\n"), "{text}");
        assert!(
            text.contains("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;UNTIL=20270601\r\n"),
            "{text}"
        );
        let back = read(&Component::parse(&text).expect("todo"), tz);
        assert_eq!(back.project.as_deref(), Some("home.garden"));
        assert_eq!(back.tags, vec!["garden"]);
        assert_eq!(back.rule, Some(rule));
        // With a timed due, UNTIL is a UTC date-time (the end of that day here).
        task.due = task.due.map(|d| d - chrono::Duration::hours(3));
        let text = write(&task, "t1", Component::parse(&text), noon(), tz).to_text();
        assert!(text.contains(";UNTIL=20270601T215959Z\r\n"), "{text}");
        // An RRULE Tempo cannot hold stays as it was.
        let original = Component::parse(
            "BEGIN:VTODO\r\nUID:t1\r\nSUMMARY:S\r\nRRULE:FREQ=MONTHLY;BYDAY=-1FR\r\nEND:VTODO\r\n",
        );
        let plain = Task::new("S", noon());
        let text = write(&plain, "t1", original, noon(), tz).to_text();
        assert!(text.contains("RRULE:FREQ=MONTHLY;BYDAY=-1FR\r\n"), "{text}");
    }

    #[test]
    fn the_writers_last_change_is_read() {
        let c = Component::parse(
            "BEGIN:VTODO\r\nUID:t1\r\nDTSTAMP:20261121T080000Z\r\nLAST-MODIFIED:20261120T070000Z\r\nSTATUS:IN-PROCESS\r\nEND:VTODO\r\n",
        )
        .expect("todo");
        let f = read(&c, chrono_tz::Europe::Berlin);
        assert_eq!(
            f.modified.map(|d| d.to_rfc3339()).as_deref(),
            Some("2026-11-20T07:00:00+00:00")
        );
    }
}
