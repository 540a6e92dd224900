//! What a sync sends for a local change: the text made ready for every client
//! (`ical::outgoing`: its VTIMEZONEs, a raised SEQUENCE) and kept locally as sent, and the
//! to-do fingerprint that tells a task changed here from one already on the server.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::Result;
use super::calendar::stored_event;
use crate::ical::{self, outgoing};
use crate::model::Task;
use crate::store::Store;

/// A to-do fingerprint no task has: pushed at the next sync.
pub(super) const FORCE_PUSH: i64 = i64::MIN;

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
    let h = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let h = h as i64;
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
