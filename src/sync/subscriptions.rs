//! Calendar subscriptions: a read-only calendar kept equal to an .ics file or URL. A refresh
//! updates changed events, adds new ones and removes the ones the source no longer has — but
//! only after the whole source was fetched and read: a failed or partial fetch changes nothing.

use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::ical;
use crate::store::Store;
use crate::sync::{Result, SyncError, usage};

/// Larger sources are refused rather than read into memory.
const MAX_BYTES: u64 = 64 << 20;

/// A source that could not be fetched for a reason outside the command (the network, TLS,
/// the server): not the person's input, and worth trying again later.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Unavailable(pub String);

impl crate::error::Kinded for Unavailable {
    fn kind(&self) -> crate::error::ErrorKind {
        crate::error::ErrorKind::Transient
    }
}

fn unavailable(msg: String) -> SyncError {
    Unavailable(msg).into()
}

/// Reads a source: `http(s)://` and `webcal://` URLs, `file://` URLs or plain paths.
pub fn fetch(source: &str, ca_file: Option<&std::path::Path>) -> Result<String> {
    let url = match source.strip_prefix("webcal://") {
        Some(rest) => format!("https://{rest}"),
        None => source.to_string(),
    };
    if url.starts_with("http://") || url.starts_with("https://") {
        return fetch_http(&url, ca_file);
    }
    let path = url.strip_prefix("file://").unwrap_or(&url);
    std::fs::read_to_string(path).map_err(|e| usage(format!("cannot read {path}: {e}")))
}

fn fetch_http(url: &str, ca_file: Option<&std::path::Path>) -> Result<String> {
    // Errors name the URL; a password in it (from an older version) is not shown.
    let shown = crate::sync::dav::href::redact(url);
    let mut config = ureq::Agent::config_builder();
    if url.starts_with("https://") {
        config = config.tls_config(crate::sync::dav::tls::config(ca_file).map_err(usage)?);
    }
    let agent: ureq::Agent = config
        .timeout_global(Some(Duration::from_secs(30)))
        .http_status_as_error(false)
        .build()
        .into();
    let mut resp = agent.get(url).call().map_err(|e| match e {
        ureq::Error::Io(io) => unavailable(format!("cannot reach {shown}: {io}")),
        ureq::Error::HostNotFound => unavailable(format!("cannot reach {shown}: host not found")),
        ureq::Error::ConnectionFailed => {
            unavailable(format!("cannot reach {shown}: connection refused"))
        }
        ureq::Error::Timeout(_) => unavailable(format!("cannot reach {shown}: timed out")),
        other => unavailable(format!(
            "fetching {shown} failed: {}",
            crate::sync::dav::href::redact_text(&other.to_string())
        )),
    })?;
    let status = resp.status();
    if !status.is_success() {
        let text = format!(
            "{shown} answered {} {}",
            status.as_u16(),
            status.canonical_reason().unwrap_or("")
        );
        // A server error is the server's; a 404 or 403 is most likely a wrong URL.
        return Err(if status.is_server_error() || status.as_u16() == 429 {
            unavailable(text)
        } else {
            usage(text)
        });
    }
    resp.body_mut()
        .with_config()
        .limit(MAX_BYTES)
        .read_to_string()
        .map_err(|e| unavailable(format!("reading {shown} failed part way: {e}")))
}

/// What a refresh did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Refreshed {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub removed: usize,
    /// Components the source had that could not be read (kept as they were, if known).
    pub skipped: usize,
}

/// Adds a subscription and fetches it once. A source that is wrong (not iCalendar, an HTTP
/// 404, a missing file) is refused; one that is only unreachable now is added all the same,
/// and the failed first refresh is the error returned.
pub fn subscribe(
    store: &mut Store,
    calendar: &str,
    source: &str,
    (refresh_minutes, ca_file): (u32, Option<&str>),
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<Refreshed> {
    crate::sync::dav::href::refuse_userinfo(source).map_err(usage)?;
    let text = match fetch(source, ca_file.map(std::path::Path::new)) {
        Ok(text) => text,
        // Offline now is no reason not to subscribe: it is added, and the failed first
        // refresh is reported (exit 1) and logged like any later one.
        Err(e @ SyncError::Unavailable(_)) => {
            store.add_subscription(calendar, source, refresh_minutes)?;
            store.set_subscription_ca_file(calendar, ca_file)?;
            store.record_sync(calendar, now.timestamp(), (0, 0, 0), &e.to_string())?;
            return Err(SyncError::FirstRefresh {
                calendar: calendar.to_string(),
                source: Box::new(e),
            });
        }
        Err(e) => return Err(e),
    };
    check(&text, source)?;
    store.add_subscription(calendar, source, refresh_minutes)?;
    store.set_subscription_ca_file(calendar, ca_file)?;
    apply(store, calendar, &text, tz, now)
}

fn check(text: &str, source: &str) -> Result<()> {
    if !text.to_ascii_uppercase().contains("BEGIN:VCALENDAR") {
        return Err(usage(format!(
            "{source} is not an iCalendar file (no BEGIN:VCALENDAR)"
        )));
    }
    Ok(())
}

/// Fetches one subscription and brings its calendar up to date; the outcome goes to the sync
/// log either way.
pub fn refresh(store: &mut Store, calendar: &str, tz: Tz, now: DateTime<Utc>) -> Result<Refreshed> {
    let sub = store
        .subscription(calendar)?
        .ok_or_else(|| usage(format!("no subscription called “{calendar}”")))?;
    let ca = store.subscription_ca_file(calendar)?;
    let result = fetch(&sub.source, super::trust::path(ca.as_ref())).and_then(|text| {
        check(&text, &sub.source)?;
        apply(store, calendar, &text, tz, now)
    });
    match &result {
        Ok(r) => store.record_sync(
            calendar,
            now.timestamp(),
            (r.added, r.updated, r.removed),
            "",
        )?,
        Err(e) => store.record_sync(calendar, now.timestamp(), (0, 0, 0), &e.to_string())?,
    }
    result
}

/// The subscriptions whose refresh interval has passed (all when `force`).
pub fn due(store: &Store, now: DateTime<Utc>, force: bool) -> Result<Vec<String>> {
    Ok(store
        .subscriptions()?
        .into_iter()
        .filter(|s| {
            force
                || s.last_sync
                    .is_none_or(|t| now.timestamp() - t >= s.refresh_minutes * 60)
        })
        .map(|s| s.calendar)
        .collect())
}

fn apply(
    store: &mut Store,
    calendar: &str,
    text: &str,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<Refreshed> {
    let split = ical::split(text);
    let mut out = Refreshed {
        skipped: split.problems.len(),
        ..Refreshed::default()
    };
    let mut objects = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for object in split.objects.iter().filter(|o| o.kind == "VEVENT") {
        seen.insert(object.uid.clone());
        match crate::ops::calendar::stored_event(object, tz) {
            Ok(o) => objects.push(o),
            Err(_) => out.skipped += 1,
        }
    }
    let id = store
        .calendar(calendar)?
        .map(|c| c.id)
        .ok_or_else(|| usage(format!("no calendar called “{calendar}”")))?;
    let w = store.put_calendar_objects(id, &objects, now.timestamp())?;
    (out.added, out.updated, out.unchanged) = (w.added, w.updated, w.unchanged);
    // Removed at the source: every UID the source no longer lists (one it lists but could
    // not read this time is kept as it was).
    for uid in store.calendar_uids(calendar)? {
        if !seen.contains(&uid) && store.delete_calendar_object(id, &uid)? {
            out.removed += 1;
        }
    }
    Ok(out)
}
