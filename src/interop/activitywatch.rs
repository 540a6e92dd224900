//! ActivityWatch: a small blocking reader of a running aw-server's REST API (`/api/0/`), and
//! the conversion of its events to capture signals (in [`convert`], pure).
//!
//! Only two requests are used: the bucket listing, and a bucket's events in a time range.
//! aw-server answers the newest `limit` events of a range, so a long range is read in pages
//! backwards in time, each ending where the last began, and events are told apart by id.

mod convert;
#[cfg(test)]
pub mod fake;
mod pull;

use std::collections::HashSet;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};

pub use convert::{
    Bucket, BucketKind, Converted, Event, SOURCE_TYPE, convert, parse_buckets, parse_events,
};

pub use pull::{CURSOR_PREFIX, FIRST_PULL_DAYS, Read, cursor_key, read};

use crate::error::{ErrorKind, Kinded};
use crate::sync::dav::href;

/// Where aw-server listens unless told otherwise.
pub const DEFAULT_URL: &str = "http://127.0.0.1:5600";
/// Events asked for in one request.
pub const PAGE: usize = 5000;
/// More events than this in one bucket for one pull is refused rather than held in memory
/// (a dense week is about 100,000).
pub const MAX_EVENTS: usize = 1_000_000;
const MAX_BYTES: u64 = 256 << 20;

#[derive(Debug, thiserror::Error)]
pub enum AwError {
    #[error(
        "`{0}` is not the http(s) address of an ActivityWatch server (like http://127.0.0.1:5600)"
    )]
    BadUrl(String),
    #[error("cannot reach ActivityWatch at {url}: {why} (is aw-server running?)")]
    Unreachable { url: String, why: String },
    #[error("{url} answered {status} {reason}; is it an ActivityWatch server?")]
    Status {
        url: String,
        status: u16,
        reason: String,
    },
    #[error("{url} did not answer as ActivityWatch does: {why}")]
    BadAnswer { url: String, why: String },
    #[error(
        "bucket {bucket} has more than {MAX_EVENTS} events since {since}; pull a shorter \
         stretch with a later --since"
    )]
    TooMany { bucket: String, since: String },
}

impl Kinded for AwError {
    fn kind(&self) -> ErrorKind {
        match self {
            AwError::BadUrl(_) | AwError::TooMany { .. } => ErrorKind::BadInput,
            AwError::Unreachable { .. } => ErrorKind::Transient,
            AwError::Status { status, .. } if *status >= 500 || *status == 429 => {
                ErrorKind::Transient
            }
            AwError::Status { .. } | AwError::BadAnswer { .. } => ErrorKind::System,
        }
    }
}

/// What a pull reads from: the real server, or a fake in tests.
pub trait Source {
    /// The server's address as it may be shown.
    fn shown(&self) -> &str;
    fn buckets(&self) -> Result<Vec<Bucket>, AwError>;
    /// Every event of `bucket` overlapping `[start, end]`.
    fn events(
        &self,
        bucket: &str,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Vec<Event>, AwError>;
}

pub struct Client {
    agent: ureq::Agent,
    /// The address without a trailing slash; `/api/0/…` goes after it.
    base: String,
    shown: String,
}

impl Client {
    pub fn new(url: &str) -> Result<Client, AwError> {
        let url = url.trim();
        let bad = || AwError::BadUrl(href::redact(url));
        if href::Origin::of(url).is_none()
            || url.contains(['?', '#', ' '])
            || url.parse::<ureq::http::Uri>().is_err()
        {
            return Err(bad());
        }
        let base = url.trim_end_matches('/').to_string();
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_connect(Some(Duration::from_secs(5)))
            .timeout_global(Some(Duration::from_secs(60)))
            .http_status_as_error(false)
            .build()
            .into();
        Ok(Client {
            agent,
            shown: href::redact(&base),
            base,
        })
    }

    fn get(&self, path: &str, query: &[(&str, String)]) -> Result<String, AwError> {
        let url = format!("{}{path}", self.base);
        let mut req = self
            .agent
            .get(&url)
            .header("User-Agent", concat!("tempo/", env!("CARGO_PKG_VERSION")));
        for (k, v) in query {
            req = req.query(*k, v);
        }
        let mut resp = req.call().map_err(|e| self.transport(e))?;
        let status = resp.status();
        if !status.is_success() {
            return Err(AwError::Status {
                url: href::redact(&url),
                status: status.as_u16(),
                reason: status.canonical_reason().unwrap_or("").to_string(),
            });
        }
        resp.body_mut()
            .with_config()
            .limit(MAX_BYTES)
            .read_to_string()
            .map_err(|e| AwError::Unreachable {
                url: self.shown.clone(),
                why: format!("the answer broke off: {e}"),
            })
    }

    fn transport(&self, e: ureq::Error) -> AwError {
        let why = match e {
            ureq::Error::HostNotFound => "host not found".to_string(),
            ureq::Error::ConnectionFailed => "connection refused".to_string(),
            ureq::Error::Timeout(t) => format!("timed out ({t})"),
            ureq::Error::Io(io) => match io.kind() {
                std::io::ErrorKind::ConnectionRefused => "connection refused".to_string(),
                std::io::ErrorKind::TimedOut => "timed out".to_string(),
                _ => io.to_string(),
            },
            other => href::redact_text(&other.to_string()),
        };
        AwError::Unreachable {
            url: self.shown.clone(),
            why,
        }
    }

    fn bad_answer(&self, why: String) -> AwError {
        AwError::BadAnswer {
            url: self.shown.clone(),
            why,
        }
    }
}

impl Source for Client {
    fn shown(&self) -> &str {
        &self.shown
    }

    fn buckets(&self) -> Result<Vec<Bucket>, AwError> {
        let text = self.get("/api/0/buckets/", &[])?;
        parse_buckets(&text).map_err(|e| self.bad_answer(format!("the bucket list: {e}")))
    }

    fn events(
        &self,
        bucket: &str,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Vec<Event>, AwError> {
        let path = format!("/api/0/buckets/{}/events", encode_segment(bucket));
        let stamp = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::AutoSi, true);
        page_back(bucket, start, end, |until| {
            let query = [
                ("start", stamp(start)),
                ("end", stamp(until)),
                ("limit", PAGE.to_string()),
            ];
            let text = self.get(&path, &query)?;
            parse_events(&text).map_err(|e| self.bad_answer(format!("bucket {bucket}: {e}")))
        })
    }
}

/// Reads a range newest page first: each page ends where the oldest event of the one before
/// began, until a page comes back short or brings nothing new.
fn page_back(
    bucket: &str,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    mut fetch: impl FnMut(DateTime<Utc>) -> Result<Vec<Event>, AwError>,
) -> Result<Vec<Event>, AwError> {
    let mut all = Vec::new();
    let mut seen = HashSet::new();
    let mut until = end;
    loop {
        let page = fetch(until)?;
        let full = page.len() >= PAGE;
        let mut oldest: Option<DateTime<Utc>> = None;
        let before = all.len();
        for event in page {
            // Without an id (no aw-server does that) the event's own text tells it apart.
            let key = match event.id {
                Some(id) => id.to_string(),
                None => format!("{}|{}|{:?}", event.timestamp, event.duration, event.data),
            };
            if seen.insert(key) {
                if let Some(t) = convert::instant(&event.timestamp) {
                    oldest = Some(oldest.map_or(t, |o| o.min(t)));
                }
                all.push(event);
            }
        }
        if all.len() > MAX_EVENTS {
            return Err(AwError::TooMany {
                bucket: bucket.to_string(),
                since: start.to_rfc3339_opts(SecondsFormat::Secs, true),
            });
        }
        match oldest {
            Some(t) if full && all.len() > before => until = t,
            _ => return Ok(all),
        }
    }
}

/// A bucket id as one path segment: everything but unreserved characters percent-encoded.
fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
#[path = "activitywatch/client_tests.rs"]
mod tests;
