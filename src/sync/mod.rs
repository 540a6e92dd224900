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
//! Everything sync lives in this module; here are the report and the entry points. `dav` is
//! the CalDAV client behind `trait Dav`, `error` the `SyncError` and its kind, `credentials`
//! where passwords come from, `accounts` adds accounts and calendars, `schedule` decides when
//! an account is due and what a failure does to it, `background` is the sync thread, `state`
//! holds fingerprints and what goes up, `compare` compares versions by meaning, `engine` is
//! the reconciliation over `dyn Dav` and the store, `conflicts` settles recorded conflicts,
//! `outbox` counts what waits to go up, `subscriptions` refreshes read-only .ics calendars and
//! `trust` checks CA files and plain http.

mod accounts;
pub mod background;
pub mod compare;
mod conflicts;
pub mod credentials;
pub mod dav;
mod engine;
mod error;
pub mod oauth;
mod outbox;
pub mod schedule;
mod state;
pub mod subscriptions;
pub mod trust;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use crate::error::{ErrorKind, Kinded};
use crate::ical::merge::{Merged, merge};
use crate::ical::{self, CalendarObject};
use crate::model::Change;
use crate::ops::calendar::{Written, import_todo, stored_event};
use crate::store::{Account, LocalObject, RemoteCalendarRow, RemoteObject, Store, StoredObject};
use crate::sync::dav::{
    Changes, Client, Dav, DavError, Expect, Fetched, RemoteCalendar, normalise,
};
use accounts::add_calendar;
pub use accounts::{Added, add_account, add_oauth_account};
pub use compare::field_values;
use compare::{differing_fields, same_meaning};
pub use conflicts::{Keep, resolve};
pub use credentials::{keyring_store, password, password_from};
use engine::objects::*;
pub(crate) use engine::sync_calendars;
pub use error::SyncError;
pub use outbox::pending;
pub use schedule::{backoff_seconds, due};
pub use state::fingerprint;
use state::{FORCE_PUSH, Local, href_safe, ready_to_send, todo_text};

/// The sync code's result: a `SyncError`, its kind decided where it was made.
pub type Result<T> = std::result::Result<T, SyncError>;

/// A mistake in what the person gave (an account name, a password source): bad input.
pub(crate) fn usage(msg: impl Into<String>) -> SyncError {
    SyncError::BadInput(msg.into())
}

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

fn dav(account: &str, error: DavError) -> SyncError {
    SyncError::dav(account, error)
}

/// Syncs one account; the outcome (and when to retry after a failure) is recorded.
pub fn sync_account(store: &mut Store, name: &str, tz: Tz, now: DateTime<Utc>) -> Result<Report> {
    let account = store
        .account(name)?
        .ok_or_else(|| usage(format!("no account called “{name}”")))?;
    let span = tracing::info_span!("sync", pass = next_pass(), account = %name);
    let _in_pass = span.enter();
    let started = std::time::Instant::now();
    let result = run(store, &account, tz, now);
    if let Ok(r) = &result {
        let ms = started.elapsed().as_millis();
        tracing::info!("done in {ms} ms: {}", r.describe());
    }
    record_outcome(store, &account, &result, now)?;
    result
}

/// A number for each sync pass in this process, so its log lines can be told apart.
fn next_pass() -> u64 {
    static PASS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    PASS.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1
}

/// Records how a sync of `account` ended, in the account (for the schedule and
/// `list-accounts`) and in the sync log; a failure's kind decides when it is tried again.
pub(crate) fn record_outcome(
    store: &mut Store,
    account: &Account,
    result: &Result<Report>,
    now: DateTime<Utc>,
) -> Result<()> {
    let (name, at) = (&account.name, now.timestamp());
    match result {
        Ok(r) => {
            store.set_account_outcome(account.id, at, "", 0, None)?;
            let error = r.problems.first().cloned().unwrap_or_default();
            store.record_sync(name, at, (r.added, r.updated, r.removed), &error)?;
        }
        Err(e) => {
            let kind = e.kind();
            let mut retry = schedule::after_failure(kind, account, at);
            if e.needs_sign_in() {
                // Retrying cannot help; nothing runs for this account until the person signs in.
                store.set_oauth_signed_in(name, false)?;
                retry.note = "background sync paused".into();
            }
            if let Some(wait) = e.retry_after() {
                schedule::respect_retry_after(&mut retry, at, wait);
            }
            let text = format!("{e} ({})", retry.note);
            let level = match kind {
                ErrorKind::Transient => tracing::Level::WARN,
                _ => tracing::Level::ERROR,
            };
            crate::log::at(level, &format!("sync {name}: {text}"));
            store.set_account_outcome(account.id, at, &text, retry.failures, Some(retry.at))?;
            store.record_sync(name, at, (0, 0, 0), &text)?;
        }
    }
    Ok(())
}

fn run(store: &mut Store, account: &Account, tz: Tz, now: DateTime<Utc>) -> Result<Report> {
    let name = &account.name;
    let mut report = Report {
        account: name.clone(),
        ..Report::default()
    };
    let ca = store.account_ca_file(name)?;
    let ca = trust::path(ca.as_ref());
    let mut signed_out = None;
    let client = match store.account_oauth(name)? {
        Some(o) => {
            let bearer = oauth::bearer(store, name, &o)?;
            signed_out = Some(bearer.signed_out());
            Client::with_auth(&account.url, Box::new(bearer), ca)
        }
        None => Client::with_ca_file(&account.url, &account.username, &password(account)?, ca),
    }
    .map_err(|e| dav(name, e))?;
    let outcome = sync_calendars(store, &client, account, tz, now, &mut report);
    // A sign-in found gone part way stops the whole pass, whatever single item it hit.
    if signed_out.is_some_and(|s| s.get()) {
        return Err(dav(name, DavError::SignIn(name.clone())));
    }
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
