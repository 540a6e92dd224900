//! Where a local item stands and what a sync sends for it: the classification of a local item
//! against what both sides last agreed on (pure), the to-do fingerprint that tells a task
//! changed here from one already on the server, a task's VTODO text, the text made ready for
//! every client (`ical::outgoing`: its VTIMEZONEs, a raised SEQUENCE) and kept locally as
//! sent, and the safe file name a new item is uploaded under.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::ical::{self, CalendarObject, outgoing};
use crate::model::Task;
use crate::ops::calendar::stored_event;
use crate::store::Store;
use crate::store::{LocalObject, RemoteObject};
use crate::sync::Result;

/// A to-do fingerprint no task has: pushed at the next sync.
pub(crate) const FORCE_PUSH: i64 = i64::MIN;

/// What a task's VTODO says, hashed (FNV-1a, stable across builds): a to-do changed locally
/// when this differs from the one recorded at the last sync. Modified times are not enough:
/// an edit in the same second as a sync would go unnoticed. Project and recurrence count only
/// when set, so tasks without them keep the fingerprint recorded before they were synced.
pub fn fingerprint(t: &Task) -> i64 {
    let mut text = format!(
        "{}\u{1}{}\u{1}{:?}\u{1}{:?}\u{1}{:?}\u{1}{:?}\u{1}{:?}\u{1}{}",
        t.title,
        t.notes,
        t.due.map(|d| d.timestamp()),
        t.scheduled.map(|d| d.timestamp()),
        t.status,
        t.done.map(|d| d.timestamp()),
        t.priority,
        t.tags.join("\u{1}")
    );
    if let Some(p) = &t.project {
        text.push_str(&format!("\u{2}project {p}"));
    }
    if let Some(r) = &t.recur {
        text.push_str(&format!("\u{2}recur {:?}", r.rule));
    }
    let h = crate::fnv::fnv1a(text.as_bytes()) as i64;
    if h == FORCE_PUSH { h + 1 } else { h }
}

/// The text to upload for a changed local object over `base` (the last agreed version). An
/// event whose text had to change is stored as it will be sent, so once uploaded it matches
/// the new base and is clean; a to-do's text is stored by the upload itself.
pub(crate) fn ready_to_send(
    store: &mut Store,
    calendar_id: i64,
    kind: &str,
    text: String,
    base: Option<&str>,
    (tz, now): (Tz, DateTime<Utc>),
) -> Result<String> {
    let Some(ready) = outgoing::prepare(&text, base) else {
        return Ok(text);
    };
    if kind != "VTODO" {
        match ical::object(&ready).map(|o| stored_event(&o, tz)) {
            Some(Ok(row)) => {
                store.put_calendar_objects(calendar_id, &[row], now.timestamp())?;
            }
            // It was stored readably before; should it no longer be, it goes up as it was.
            _ => return Ok(text),
        }
    }
    Ok(ready)
}

/// A UID as a file name: characters other than letters, digits, `-`, `_`, `.` and `@` are
/// percent-encoded.
pub(crate) fn href_safe(uid: &str) -> String {
    uid.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'@' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// A local item's state against what both sides last agreed on.
pub(crate) enum Local {
    /// Not here (never was, or deleted locally).
    Absent,
    /// Here and unchanged since the last sync.
    Clean,
    /// Changed locally: its current text.
    Changed(String),
}

/// How a local object stands against `known` (what both sides last agreed on): an event by
/// its text, a to-do by its task's fingerprint (`task`: the task it stands for, `None` when
/// that is gone, and the to-do with it).
pub(crate) fn classify(
    local: &LocalObject,
    task: Option<&Task>,
    known: Option<&RemoteObject>,
    (now, tz): (DateTime<Utc>, Tz),
) -> Local {
    if local.kind == "VTODO" {
        let Some(task) = task else {
            return Local::Absent;
        };
        let changed = known
            .and_then(|k| k.task_fingerprint)
            .is_none_or(|m| fingerprint(task) != m);
        return if changed {
            Local::Changed(todo_text(task, &local.uid, &local.ics, (now, tz)))
        } else {
            Local::Clean
        };
    }
    match known {
        Some(k) if k.base == local.ics => Local::Clean,
        _ => Local::Changed(local.ics.clone()),
    }
}

/// A task as the VTODO text to send: written over the one kept from the server (`original`,
/// a VCALENDAR; empty for none), so properties Tempo has no field for survive.
pub(crate) fn todo_text(
    task: &Task,
    uid: &str,
    original: &str,
    (now, tz): (DateTime<Utc>, Tz),
) -> String {
    let object = ical::object(original);
    let master = object.as_ref().and_then(CalendarObject::master);
    let todo = ical::todo::write(task, uid, master, now, tz);
    CalendarObject {
        uid: uid.to_string(),
        kind: "VTODO".into(),
        components: vec![todo.to_text()],
        timezones: object.map(|o| o.timezones).unwrap_or_default(),
        line: 0,
    }
    .to_calendar()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(ics: &str) -> LocalObject {
        LocalObject {
            uid: "u1".into(),
            kind: "VEVENT".into(),
            ics: ics.into(),
            task_uuid: None,
        }
    }

    fn agreed(base: &str, task_fingerprint: Option<i64>) -> RemoteObject {
        RemoteObject {
            uid: "u1".into(),
            calendar_id: 1,
            href: "/cal/u1.ics".into(),
            etag: "\"e1\"".into(),
            base: base.into(),
            task_fingerprint,
        }
    }

    #[test]
    fn local_items_are_classified_against_what_both_sides_agreed() {
        let clock = (
            DateTime::from_timestamp(1_795_000_000, 0).expect("now"),
            chrono_tz::Europe::Berlin,
        );
        let same = agreed("TEXT", None);
        assert!(matches!(
            classify(&event("TEXT"), None, Some(&same), clock),
            Local::Clean
        ));
        assert!(matches!(
            classify(&event("EDITED"), None, Some(&same), clock),
            Local::Changed(t) if t == "EDITED"
        ));
        assert!(matches!(
            classify(&event("NEW"), None, None, clock),
            Local::Changed(_)
        ));
        // A to-do whose task is gone; one whose task is as it was sent; one changed since.
        let todo = LocalObject {
            kind: "VTODO".into(),
            ..event("")
        };
        assert!(matches!(
            classify(&todo, None, Some(&same), clock),
            Local::Absent
        ));
        let task = Task::new("Pay rent", clock.0);
        let sent = agreed("", Some(fingerprint(&task)));
        assert!(matches!(
            classify(&todo, Some(&task), Some(&sent), clock),
            Local::Clean
        ));
        let renamed = Task::new("Pay the rent", clock.0);
        assert!(matches!(
            classify(&todo, Some(&renamed), Some(&sent), clock),
            Local::Changed(t) if t.contains("SUMMARY:Pay the rent")
        ));
    }

    #[test]
    fn uids_become_safe_file_names() {
        assert_eq!(href_safe("abc-1@x.org"), "abc-1@x.org");
        assert_eq!(href_safe("a/b c"), "a%2Fb%20c");
    }
}
