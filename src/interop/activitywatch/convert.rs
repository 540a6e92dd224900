//! ActivityWatch buckets and events → capture signals (pure: parsed JSON in, signals out).
//!
//! Which bucket type gives which signal:
//! - `currentwindow` (`data.app`, `data.title`) → a `window` signal of that app and title;
//! - `afkstatus` (`data.status`) → an `afk` signal for an "afk" event; "not-afk" events say
//!   nothing the other buckets do not, so they give none;
//! - `app.editor.activity` (`data.file`, `data.project`, `data.language`) → an `editor`
//!   signal: the app is the editor named by the bucket's client (`aw-watcher-vim` → `vim`),
//!   the title the file, the cwd the project;
//! - `web.tab.current` (`data.url`, `data.title`, `data.incognito`) → a `web` signal; the app
//!   is the browser named in the bucket id (`aw-watcher-web-firefox_host` → `firefox`).
//!   Incognito tabs are dropped: a private window is private here too.
//!
//! Other bucket types are skipped whole. Reads are incremental from a cursor: an event that
//! began before it gives only its part after it, so time read once is not read again when a
//! watcher's heartbeat has since stretched the event.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::capture::{Signal, SignalType};

/// The `source_type` of every signal from ActivityWatch.
pub const SOURCE_TYPE: &str = "activitywatch";

/// A bucket as `GET /api/0/buckets/` lists it (fields beyond these are ignored).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Bucket {
    #[serde(default)]
    pub id: String,
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default)]
    pub client: String,
    #[serde(default)]
    pub hostname: String,
}

/// What a bucket records, from its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BucketKind {
    Window,
    Afk,
    Editor,
    Web,
}

impl BucketKind {
    /// The kind of a bucket type, `None` for one this version does not read.
    pub fn of(kind: &str) -> Option<BucketKind> {
        match kind {
            "currentwindow" => Some(BucketKind::Window),
            "afkstatus" => Some(BucketKind::Afk),
            "app.editor.activity" => Some(BucketKind::Editor),
            "web.tab.current" => Some(BucketKind::Web),
            _ => None,
        }
    }
}

/// One event as `GET /api/0/buckets/ID/events` answers it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Event {
    #[serde(default)]
    pub id: Option<i64>,
    pub timestamp: String,
    /// Seconds.
    #[serde(default)]
    pub duration: f64,
    #[serde(default)]
    pub data: Map<String, Value>,
}

/// Reads the bucket listing (an object keyed by bucket id), in id order.
pub fn parse_buckets(text: &str) -> Result<Vec<Bucket>, String> {
    let map: BTreeMap<String, Bucket> = serde_json::from_str(text).map_err(|e| e.to_string())?;
    Ok(map
        .into_iter()
        .map(|(id, mut b)| {
            b.id = id;
            b
        })
        .collect())
}

/// Reads an event list.
pub fn parse_events(text: &str) -> Result<Vec<Event>, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// What one bucket's events gave.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Converted {
    pub signals: Vec<Signal>,
    /// Events read (after the cursor), whether or not they gave a signal.
    pub events: usize,
    /// Events that could not be read (no time, a negative or absurd duration, no app).
    pub unreadable: usize,
    /// The latest end of an event read: the bucket's next cursor.
    pub last_end: Option<DateTime<Utc>>,
}

/// The signals of `bucket`'s events from `from` on. An event ending at or before `from` was
/// read before and is left out; one starting before it is cut to start there.
pub fn convert(bucket: &Bucket, events: &[Event], from: Option<DateTime<Utc>>) -> Converted {
    let mut out = Converted::default();
    let Some(kind) = BucketKind::of(&bucket.kind) else {
        return out;
    };
    for event in events {
        let Some((start, length)) = span(event) else {
            out.unreadable += 1;
            continue;
        };
        let end = start + length;
        let start = match from {
            Some(from) if start < from => {
                if end <= from {
                    continue;
                }
                from
            }
            _ => start,
        };
        out.events += 1;
        out.last_end = Some(out.last_end.map_or(end, |e| e.max(end)));
        match signal(bucket, kind, &event.data, start) {
            Made::Signal(mut s) => {
                s.duration = Some(end - start);
                out.signals.push(*s);
            }
            Made::Unreadable => out.unreadable += 1,
            Made::Nothing => {}
        }
    }
    out
}

/// An event's start and length; `None` when either cannot be read.
fn span(event: &Event) -> Option<(DateTime<Utc>, TimeDelta)> {
    let start = instant(&event.timestamp)?;
    let secs = event.duration;
    // NaN is in no range, so it is refused here too.
    if !(0.0..=crate::capture::MAX_SIGNAL_DURATION_SECS).contains(&secs) {
        return None;
    }
    Some((
        start,
        TimeDelta::milliseconds((secs * 1000.0).round() as i64),
    ))
}

/// aw-server writes RFC 3339 with an offset; older versions wrote naive UTC.
pub(super) fn instant(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|n| n.and_utc())
}

/// What one event's data gives.
enum Made {
    Signal(Box<Signal>),
    /// Nothing, by design (a not-afk span, an incognito tab).
    Nothing,
    /// The data lacks what the bucket type promises.
    Unreadable,
}

/// A non-empty text field of an event's data.
fn text(data: &Map<String, Value>, key: &str) -> Option<String> {
    data.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn signal(bucket: &Bucket, kind: BucketKind, data: &Map<String, Value>, at: DateTime<Utc>) -> Made {
    if kind == BucketKind::Web && data.get("incognito").and_then(Value::as_bool) == Some(true) {
        return Made::Nothing;
    }
    // The one field each type cannot do without.
    let key = match kind {
        BucketKind::Window => "app",
        BucketKind::Afk => "status",
        BucketKind::Editor => "file",
        BucketKind::Web => "url",
    };
    let Some(main) = text(data, key) else {
        return Made::Unreadable;
    };
    let new = |app: &str, kind| Signal::new(at, app, kind, SOURCE_TYPE);
    Made::Signal(Box::new(match kind {
        BucketKind::Window => Signal {
            title: text(data, "title"),
            ..new(&main, SignalType::Window)
        },
        BucketKind::Afk => match main.as_str() {
            "afk" => new("afk", SignalType::Afk),
            "not-afk" => return Made::Nothing,
            _ => return Made::Unreadable,
        },
        BucketKind::Editor => Signal {
            title: Some(main),
            cwd: text(data, "project"),
            ..new(&editor_name(&bucket.client), SignalType::Editor)
        },
        BucketKind::Web => Signal {
            url: Some(main),
            title: text(data, "title"),
            ..new(&browser_name(&bucket.id), SignalType::Web)
        },
    }))
}

/// The editor an editor watcher reports for: its client without the `aw-watcher-` prefix.
fn editor_name(client: &str) -> String {
    let name = client.trim();
    let name = name.strip_prefix("aw-watcher-").unwrap_or(name);
    if name.is_empty() {
        "editor".into()
    } else {
        name.to_string()
    }
}

/// The browser of a web watcher's bucket, `aw-watcher-web-firefox_host` → `firefox`.
fn browser_name(bucket_id: &str) -> String {
    bucket_id
        .strip_prefix("aw-watcher-web-")
        .map(|rest| rest.split('_').next().unwrap_or(rest))
        .filter(|b| !b.is_empty())
        .unwrap_or("browser")
        .to_string()
}

#[cfg(test)]
#[path = "convert_tests.rs"]
mod tests;
