//! Two-way CalDAV sync of events and to-dos.
//!
//! One sync of an account: list the calendar home once (every calendar's sync token in one
//! request), pull what changed in the calendars whose token moved (sync-collection, else an
//! ETag listing), then push what changed locally. Local changes are whatever differs from
//! `remote_objects.base`, the text both sides last agreed on — so edits made offline are
//! simply found at the next sync, and a sync that breaks off part way loses nothing: every
//! item is committed on its own and the sync token only moves after a complete pull.
//!
//! Both sides changed: a three-way merge field by field (`ical::merge`); if the same field
//! changed differently, both versions are kept in `sync_conflicts`, the local one stays in
//! use and is not pushed until the person picks one (`tempo sync resolve`).
//!
//! Here: the report, scheduling (what is due, backoff) and the entry points; `accounts` adds
//! accounts, `engine` is the reconciliation over `dyn Dav`, `objects` reads and writes single
//! items, `conflicts` settles recorded conflicts.

mod accounts;
mod conflicts;
mod engine;
mod objects;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use super::calendar::{Written, import_todo, stored_event};
pub use super::password::{keyring_store, password, password_from};
pub use super::sync_compare::field_values;
use super::sync_compare::{differing_fields, same_meaning};
use super::sync_edge::{Result, usage};
pub use super::upload::fingerprint;
use super::upload::{FORCE_PUSH, ready_to_send};
use crate::caldav::{Client, Dav, DavError, Expect, Fetched, RemoteCalendar, normalise};
use crate::ical::merge::{Merged, merge};
use crate::ical::{self, CalendarObject};
use crate::model::Change;
use crate::store::{Account, LocalObject, RemoteCalendarRow, RemoteObject, Store, StoredObject};
use accounts::add_calendar;
pub use accounts::{Added, add_account};
pub use conflicts::{Keep, pending, resolve};
pub(crate) use engine::sync_calendars;
use engine::*;
use objects::*;

/// The setting naming the calendar new local tasks are pushed to.
pub const TASKS_CALENDAR: &str = "sync.tasks_calendar";

/// What one account's sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    pub account: String,
    /// From the server: new, changed and deleted items written locally.
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
    /// To the server: items created or changed, and deleted.
    pub pushed: usize,
    pub deleted: usize,
    /// Merged field by field (both sides changed different fields).
    pub merged: usize,
    /// New conflicts left for the person.
    pub conflicts: usize,
    /// Calendars that moved to a full resync (the server refused the token).
    pub resyncs: usize,
    pub requests: u32,
    /// Things that went wrong with single items or calendars; the rest synced.
    pub problems: Vec<String>,
}

impl Report {
    /// One line for what the sync did.
    pub fn describe(&self) -> String {
        let r = self;
        let mut parts = vec![format!(
            "{}: {} added, {} updated, {} removed here; {} uploaded, {} deleted there",
            r.account, r.added, r.updated, r.removed, r.pushed, r.deleted
        )];
        if r.merged > 0 {
            parts.push(format!("{} merged", r.merged));
        }
        if r.conflicts > 0 {
            parts.push(format!("{} conflicts (tempo sync conflicts)", r.conflicts));
        }
        if r.resyncs > 0 {
            parts.push(format!("{} full resyncs", r.resyncs));
        }
        parts.push(format!("{} requests", r.requests));
        parts.join(", ")
    }
}

fn dav(account: &str, error: DavError) -> anyhow::Error {
    crate::caldav::AccountError {
        account: account.to_string(),
        error,
    }
    .into()
}

/// Syncs one account; the outcome (and when to retry after a failure) is recorded.
pub fn sync_account(store: &mut Store, name: &str, tz: Tz, now: DateTime<Utc>) -> Result<Report> {
    let account = store
        .account(name)?
        .ok_or_else(|| usage(format!("no account called “{name}”")))?;
    let result = run(store, &account, tz, now);
    let at = now.timestamp();
    match &result {
        Ok(r) => {
            store.set_account_outcome(account.id, at, "", 0, None)?;
            let error = r.problems.first().cloned().unwrap_or_default();
            store.record_sync(name, at, (r.added, r.updated, r.removed), &error)?;
        }
        Err(e) => {
            let failures = account.failures + 1;
            let retry = at + backoff_seconds(failures, jitter(at, &account.name));
            let text = e.to_string();
            store.set_account_outcome(account.id, at, &text, failures, Some(retry))?;
            store.record_sync(name, at, (0, 0, 0), &text)?;
        }
    }
    result
}

/// Seconds to wait after `failures` failures in a row: 1, 2, 4… minutes up to an hour,
/// stretched by `jitter` (0.5–1.5) so many clients do not retry in step.
pub fn backoff_seconds(failures: i64, jitter: f64) -> i64 {
    let base = 60_i64.saturating_mul(1 << failures.clamp(1, 7).saturating_sub(1));
    ((base.min(3600) as f64) * jitter) as i64
}

/// A spread in 0.5–1.5 from the time and account, without a random source.
fn jitter(at: i64, account: &str) -> f64 {
    let h = account.bytes().fold(at as u64, |h, b| {
        h.wrapping_mul(1_099_511_628_211).wrapping_add(u64::from(b))
    });
    0.5 + (h % 1000) as f64 / 1000.0
}

/// Accounts due for a background sync: enabled, their interval passed, not backing off.
pub fn due(store: &Store, now: DateTime<Utc>, force: bool) -> Result<Vec<String>> {
    let t = now.timestamp();
    Ok(store
        .accounts()?
        .into_iter()
        .filter(|a| a.enabled)
        .filter(|a| {
            force
                || match a.retry_at {
                    Some(r) => t >= r,
                    None => a.last_sync.is_none_or(|l| t - l >= a.interval_minutes * 60),
                }
        })
        .map(|a| a.name)
        .collect())
}

fn run(store: &mut Store, account: &Account, tz: Tz, now: DateTime<Utc>) -> Result<Report> {
    let name = &account.name;
    let mut report = Report {
        account: name.clone(),
        ..Report::default()
    };
    let secret = password(account)?;
    let ca = store.account_ca_file(name)?;
    let ca = super::trust::path(ca.as_ref());
    let client = Client::with_ca_file(&account.url, &account.username, &secret, ca)
        .map_err(|e| dav(name, e))?;
    let outcome = sync_calendars(store, &client, account, tz, now, &mut report);
    report.requests = client.requests.get();
    report.problems.extend(client.take_refused());
    outcome.map(|()| report)
}

/// The SUMMARY of an item's text.
pub fn summary_of(text: &str) -> String {
    ical::object(text)
        .and_then(|o| o.master())
        .and_then(|c| c.text("SUMMARY"))
        .unwrap_or_else(|| "(untitled)".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour_with_jitter() {
        assert_eq!(backoff_seconds(1, 1.0), 60);
        assert_eq!(backoff_seconds(2, 1.0), 120);
        assert_eq!(backoff_seconds(5, 1.0), 960);
        assert_eq!(backoff_seconds(30, 1.0), 3600);
        assert_eq!(backoff_seconds(1, 0.5), 30);
        let spread: HashSet<i64> = (0..50)
            .map(|i| backoff_seconds(3, jitter(1_000_000 + i, "a")))
            .collect();
        assert!(spread.len() > 10, "{spread:?}");
        assert!(spread.iter().all(|s| (120..=360).contains(s)));
    }

    #[test]
    fn uids_become_safe_file_names() {
        assert_eq!(href_safe("abc-1@x.org"), "abc-1@x.org");
        assert_eq!(href_safe("a/b c"), "a%2Fb%20c");
    }
}
