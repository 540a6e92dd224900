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

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use super::calendar::{Written, import_todo, stored_event};
pub use super::password::{keyring_store, password, password_from};
pub use super::sync_compare::field_values;
use super::sync_compare::{differing_fields, same_meaning};
pub use super::upload::fingerprint;
use super::upload::{FORCE_PUSH, ready_to_send};
use super::{Result, usage};
use crate::caldav::{Client, Dav, DavError, Expect, Fetched, RemoteCalendar, normalise};
use crate::ical::merge::{Merged, merge};
use crate::ical::{self, CalendarObject};
use crate::model::Change;
use crate::store::{Account, LocalObject, RemoteCalendarRow, RemoteObject, Store, StoredObject};

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

/// What adding an account found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Added {
    pub home: String,
    /// Local calendar name, what it holds.
    pub calendars: Vec<(String, String)>,
    /// What the server named on another origin and was not followed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub refused: Vec<String>,
}

/// Checks the account against the server (discovery), then records it and its calendars.
pub fn add_account(
    store: &mut Store,
    name: &str,
    (url, username, password_from): (&str, &str, &str),
    password: &str,
    (interval_minutes, ca_file): (u32, Option<&str>),
) -> Result<Added> {
    crate::caldav::href::refuse_userinfo(url).map_err(usage)?;
    if store.account(name)?.is_some() {
        return Err(usage(format!(
            "there is already an account called “{name}”"
        )));
    }
    let ca = ca_file.map(std::path::Path::new);
    let client = Client::with_ca_file(url, username, password, ca).map_err(|e| dav(name, e))?;
    let found = client.discover(url).map_err(|e| dav(name, e))?;
    let remote = client.calendars(&found.home).map_err(|e| dav(name, e))?;
    let id = store.add_account(
        name,
        url,
        username,
        password_from,
        interval_minutes,
        &found.home,
    )?;
    store.set_account_ca_file(name, ca_file)?;
    let mut out = Added {
        home: found.home,
        calendars: Vec::new(),
        refused: client.take_refused(),
    };
    for cal in &remote {
        let local = add_calendar(store, id, name, cal)?;
        out.calendars.push((local, cal.components.join(",")));
    }
    Ok(out)
}

/// A local calendar for a server calendar, named after it (with the account if taken).
fn add_calendar(
    store: &mut Store,
    account_id: i64,
    account: &str,
    cal: &RemoteCalendar,
) -> Result<String> {
    let mut name = cal.name.clone();
    if store.calendar(&name)?.is_some() {
        name = format!("{} ({account})", cal.name);
    }
    let mut n = 2;
    while store.calendar(&name)?.is_some() {
        name = format!("{} ({account} {n})", cal.name);
        n += 1;
    }
    let colour = cal.colour.clone().unwrap_or_default();
    let id = store.add_calendar(&name, &colour, &format!("caldav:{account}"), false)?;
    store.add_remote_calendar(
        account_id,
        id,
        &cal.href,
        cal.holds("VEVENT"),
        cal.holds("VTODO"),
    )?;
    if cal.holds("VTODO") && store.setting(TASKS_CALENDAR)?.is_none() {
        store.set_setting(TASKS_CALENDAR, &name)?;
    }
    Ok(name)
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

pub(crate) fn sync_calendars(
    store: &mut Store,
    client: &dyn Dav,
    account: &Account,
    tz: Tz,
    now: DateTime<Utc>,
    report: &mut Report,
) -> Result<()> {
    let name = &account.name;
    let mut home = account.home.clone();
    if home.is_empty() {
        home = client
            .discover(&account.url)
            .map_err(|e| dav(name, e))?
            .home;
        store.set_account_home(account.id, &home)?;
    }
    // One request lists every calendar with its sync token and ctag.
    let server = client.calendars(&home).map_err(|e| dav(name, e))?;
    let by_href: HashMap<String, &RemoteCalendar> =
        server.iter().map(|c| (normalise(&c.href), c)).collect();
    let known: HashSet<String> = store
        .remote_calendars(account.id)?
        .iter()
        .map(|r| normalise(&r.href))
        .collect();
    for cal in server
        .iter()
        .filter(|c| !known.contains(&normalise(&c.href)))
    {
        add_calendar(store, account.id, name, cal)?;
    }
    for rc in store.remote_calendars(account.id)? {
        // Items waiting for the person: never pushed nor overwritten.
        let mut held = store.conflict_uids(rc.calendar_id)?;
        if !rc.enabled {
            continue;
        }
        let Some(remote) = by_href.get(&normalise(&rc.href)) else {
            // Deleted on the server: the local copy stays, and syncing it stops.
            store.set_remote_calendar_options(rc.calendar_id, rc.events, rc.tasks, false)?;
            report.problems.push(format!(
                "calendar “{}” was deleted on the server; the local copy is kept and no longer synced",
                rc.calendar
            ));
            continue;
        };
        let mut job = Job {
            store: &mut *store,
            client,
            rc: &rc,
            tz,
            now,
            report: &mut *report,
            held: &mut held,
            relist: false,
        };
        match job.sync(remote) {
            Ok(()) => {}
            // A refusal of one calendar (read-only for us, say) leaves the others to sync.
            Err(SyncError::Dav(
                e @ (DavError::Forbidden(_) | DavError::NotFound(_) | DavError::Foreign(_)),
            )) => {
                report
                    .problems
                    .push(format!("calendar “{}”: {e}", rc.calendar));
            }
            Err(SyncError::Dav(e)) => return Err(dav(name, e)),
            Err(SyncError::Other(e)) => return Err(e),
        }
    }
    Ok(())
}

enum SyncError {
    Dav(DavError),
    Other(anyhow::Error),
}

impl From<DavError> for SyncError {
    fn from(e: DavError) -> Self {
        SyncError::Dav(e)
    }
}

impl From<anyhow::Error> for SyncError {
    fn from(e: anyhow::Error) -> Self {
        SyncError::Other(e)
    }
}

impl From<crate::store::StoreError> for SyncError {
    fn from(e: crate::store::StoreError) -> Self {
        SyncError::Other(e.into())
    }
}

type SyncResult<T> = std::result::Result<T, SyncError>;

/// One calendar's sync.
struct Job<'a> {
    store: &'a mut Store,
    client: &'a dyn Dav,
    rc: &'a RemoteCalendarRow,
    tz: Tz,
    now: DateTime<Utc>,
    report: &'a mut Report,
    /// UIDs in conflict.
    held: &'a mut HashSet<String>,
    /// List the whole collection, whatever token we hold.
    relist: bool,
}

/// A local item's state against what both sides last agreed on.
enum Local {
    /// Not here (never was, or deleted locally).
    Absent,
    /// Here and unchanged since the last sync.
    Clean,
    /// Changed locally: its current text.
    Changed(String),
}

impl Job<'_> {
    fn allowed(&self, kind: &str) -> bool {
        match kind {
            "VTODO" => self.rc.tasks,
            _ => self.rc.events,
        }
    }

    fn sync(&mut self, remote: &RemoteCalendar) -> SyncResult<()> {
        let moved = match (&remote.sync_token, &self.rc.sync_token) {
            (Some(server), Some(ours)) => server != ours,
            _ => match (&remote.ctag, &self.rc.ctag) {
                (Some(server), Some(ours)) => server != ours,
                _ => true,
            },
        };
        if let (Some(server), Some(ours)) = (&remote.sync_token, &self.rc.sync_token)
            && crate::caldav::lineage::broken(ours, server)
        {
            // Another collection at the same URL: our token's history is not its history.
            self.relist = true;
            self.report.resyncs += 1;
        }
        if moved {
            self.pull(remote)?;
        }
        match self.push() {
            // An item we know is gone though the listing did not say so: the collection was
            // replaced (deleted and made again at its URL). A full listing puts it right.
            Err(SyncError::Dav(DavError::NotFound(_))) if !self.relist => {
                self.relist = true;
                self.report.resyncs += 1;
                self.pull(remote)?;
                self.push()
            }
            other => other,
        }
    }

    fn pull(&mut self, remote: &RemoteCalendar) -> SyncResult<()> {
        let href = self.rc.href.clone();
        let known: HashMap<String, RemoteObject> = self
            .store
            .remote_objects(self.rc.calendar_id)?
            .into_iter()
            .map(|o| (normalise(&o.href), o))
            .collect();
        let mut token = match self.relist {
            true => String::new(),
            false => self.rc.sync_token.clone().unwrap_or_default(),
        };
        let listing = if remote.sync_token.is_some() {
            match self.client.sync_collection(&href, &token) {
                Ok(c) => Some(c),
                Err(DavError::InvalidToken) => {
                    self.report.resyncs += 1;
                    token.clear();
                    Some(self.client.sync_collection(&href, "")?)
                }
                // No sync-collection after all: compare ETags instead.
                Err(DavError::Status { status, .. }) if (400..500).contains(&status) => None,
                Err(e) => return Err(e.into()),
            }
        } else {
            None
        };
        // Listed from no token (first sync or a resync), or by ETags: the listing is complete.
        let (changed, mut deleted, new_token, full) = match listing {
            Some(c) => (c.changed, c.deleted, c.token, token.is_empty()),
            None => (self.client.etags(&href)?, Vec::new(), None, true),
        };
        if full {
            // A full listing: what we know and it lacks is gone from the server.
            let listed: HashSet<String> = changed.iter().map(|(h, _)| normalise(h)).collect();
            deleted.extend(
                known
                    .iter()
                    .filter(|(h, _)| !listed.contains(*h))
                    .map(|(_, o)| o.href.clone()),
            );
        }
        let wanted: Vec<String> = changed
            .iter()
            .filter(|(h, etag)| known.get(&normalise(h)).is_none_or(|o| &o.etag != etag))
            .map(|(h, _)| h.clone())
            .collect();
        for f in self.client.multiget(&href, &wanted)? {
            let k = known.get(&normalise(&f.href)).cloned();
            self.take_remote(&f, k.as_ref())?;
        }
        for h in deleted {
            if let Some(o) = known.get(&normalise(&h)) {
                self.take_remote_delete(o)?;
            }
        }
        self.store.set_remote_calendar_state(
            self.rc.calendar_id,
            new_token.as_deref().or(remote.sync_token.as_deref()),
            remote.ctag.as_deref(),
        )?;
        Ok(())
    }

    /// How the local copy of `uid` stands against `known` (what both last agreed on).
    fn local_state(&self, uid: &str, known: Option<&RemoteObject>) -> SyncResult<Local> {
        let Some(row) = self.store.calendar_object_in(self.rc.calendar_id, uid)? else {
            return Ok(Local::Absent);
        };
        let local = LocalObject {
            uid: row.uid,
            kind: row.kind,
            ics: row.ics.unwrap_or_default(),
            task_uuid: row.task_uuid,
        };
        Ok(classify(&*self.store, &local, known, (self.now, self.tz))?)
    }

    /// A server item new or changed: taken as is, merged with local changes, or recorded as
    /// a conflict.
    fn take_remote(&mut self, f: &Fetched, known: Option<&RemoteObject>) -> SyncResult<()> {
        let Some(object) = ical::object(&f.data) else {
            self.report
                .problems
                .push(format!("{}: not a readable calendar item; skipped", f.href));
            return Ok(());
        };
        if !self.allowed(&object.kind) {
            return Ok(());
        }
        let uid = object.uid.clone();
        let remote_text = object.to_calendar();
        if self.held.contains(&uid) {
            // Still waiting for the person: the newer server version replaces the older.
            let (key, at) = ((self.rc.calendar_id, uid.as_str()), self.now.timestamp());
            self.store
                .update_conflict_remote(key, &remote_text, &f.etag, at)?;
            return Ok(());
        }
        match self.local_state(&uid, known)? {
            // New, or deleted here and changed there: their change wins over our delete.
            Local::Absent => self.write_local(&object, f, true)?,
            Local::Clean => self.write_local(&object, f, false)?,
            // Both sides say the same: an upload that reached the server while its record
            // here did not (a kill mid-sync), or the same edit made on both.
            Local::Changed(local) if same_meaning(&local, &remote_text) => {
                if let Some(task_fingerprint) = self.write_object(&object)? {
                    self.agree(&uid, f, remote_text, task_fingerprint)?;
                }
            }
            Local::Changed(local) => {
                let merged = match known {
                    Some(k) => merge(&k.base, &local, &remote_text),
                    None => Merged::Conflict(differing_fields(&local, &remote_text)),
                };
                match merged {
                    Merged::Clean(text) => {
                        let Some(m) = ical::object(&text) else {
                            return Ok(());
                        };
                        // Written locally as merged; agreed base is the server's, so the
                        // merge is pushed next (If-Match the server's ETag).
                        if self.write_object(&m)?.is_none() {
                            return Ok(());
                        }
                        let task_fingerprint = (m.kind == "VTODO").then_some(FORCE_PUSH);
                        self.agree(&uid, f, remote_text, task_fingerprint)?;
                        self.report.merged += 1;
                    }
                    Merged::Conflict(fields) => {
                        self.store.add_conflict(
                            &uid,
                            self.rc.calendar_id,
                            self.now.timestamp(),
                            &fields.join(", "),
                            (&local, &remote_text, &f.etag),
                        )?;
                        self.held.insert(uid.clone());
                        // The href is remembered, so resolving can push to it.
                        if known.is_none() {
                            self.agree(&uid, f, remote_text, Some(FORCE_PUSH))?;
                        }
                        self.report.conflicts += 1;
                    }
                }
            }
        }
        Ok(())
    }

    /// Writes a server item locally and records it as agreed.
    fn write_local(&mut self, object: &CalendarObject, f: &Fetched, new: bool) -> SyncResult<()> {
        // Not readable here: not recorded either, so it is never taken for deleted here.
        let Some(task_fingerprint) = self.write_object(object)? else {
            return Ok(());
        };
        self.agree(&object.uid, f, object.to_calendar(), task_fingerprint)?;
        if new {
            self.report.added += 1;
        } else {
            self.report.updated += 1;
        }
        Ok(())
    }

    /// Records `base` at the server's href and ETag as what both sides now agree on.
    fn agree(
        &mut self,
        uid: &str,
        at: &Fetched,
        base: String,
        task_fingerprint: Option<i64>,
    ) -> SyncResult<()> {
        self.store.put_remote_object(&RemoteObject {
            uid: uid.to_string(),
            calendar_id: self.rc.calendar_id,
            href: at.href.clone(),
            etag: at.etag.clone(),
            base,
            task_fingerprint,
        })?;
        Ok(())
    }

    fn write_object(&mut self, object: &CalendarObject) -> SyncResult<Option<Option<i64>>> {
        let (store, problems) = (&mut *self.store, &mut self.report.problems);
        Ok(write_object(
            store,
            self.rc.calendar_id,
            object,
            (self.tz, self.now),
            problems,
        )?)
    }

    fn take_remote_delete(&mut self, known: &RemoteObject) -> SyncResult<()> {
        let uid = known.uid.clone();
        if self.held.contains(&uid) {
            return Ok(());
        }
        match self.local_state(&uid, Some(known))? {
            Local::Changed(_) => {
                // Changed here, deleted there: the change is kept and goes back up as new.
                self.store.delete_remote_object(self.rc.calendar_id, &uid)?;
                self.report.problems.push(format!(
                    "“{}” was deleted on the server but changed here; it is kept and uploaded again",
                    summary_of(&known.base)
                ));
            }
            Local::Clean => {
                let row = self.store.calendar_object_at(self.rc.calendar_id, &uid)?;
                if let Some(u) = row
                    .task_uuid
                    .as_deref()
                    .and_then(|u| Uuid::parse_str(u).ok())
                {
                    let title = summary_of(&known.base);
                    self.store.edit(
                        &format!("sync: delete \"{title}\" (deleted on the server)"),
                        self.now,
                        |tx| tx.apply(Change::Delete(u)),
                    )?;
                }
                self.store.delete_calendar_object(known.calendar_id, &uid)?;
                self.store.delete_remote_object(known.calendar_id, &uid)?;
                self.report.removed += 1;
            }
            Local::Absent => {
                self.store.delete_remote_object(self.rc.calendar_id, &uid)?;
            }
        }
        Ok(())
    }

    fn push(&mut self) -> SyncResult<()> {
        let cal = self.rc.calendar_id;
        let known: HashMap<String, RemoteObject> = self
            .store
            .remote_objects(cal)?
            .into_iter()
            .map(|o| (o.uid.clone(), o))
            .collect();
        if self.rc.tasks
            && self.store.setting(TASKS_CALENDAR)?.as_deref() == Some(&self.rc.calendar)
        {
            self.adopt_new_tasks()?;
        }
        let locals = self.store.local_objects(cal)?;
        let present: HashSet<&str> = locals.iter().map(|l| l.uid.as_str()).collect();
        for l in &locals {
            if self.held.contains(&l.uid) || !self.allowed(&l.kind) {
                continue;
            }
            let k = known.get(&l.uid);
            match self.local_state(&l.uid, k)? {
                Local::Clean => {}
                Local::Absent => {
                    // A to-do whose task was deleted here.
                    if let Some(k) = k {
                        self.client.delete(&k.href, &k.etag)?;
                        self.store.delete_remote_object(cal, &l.uid)?;
                        self.report.deleted += 1;
                    }
                    self.store.delete_calendar_object(cal, &l.uid)?;
                }
                Local::Changed(text) => {
                    let base = k.map(|k| k.base.as_str());
                    let text =
                        ready_to_send(self.store, cal, &l.kind, text, base, (self.tz, self.now))?;
                    self.upload(&l.uid, &l.kind, &text, k)?;
                }
            }
        }
        for (uid, k) in &known {
            if present.contains(uid.as_str()) || self.held.contains(uid) {
                continue;
            }
            // Deleted here.
            match self.client.delete(&k.href, &k.etag) {
                Ok(()) => {
                    self.store.delete_remote_object(self.rc.calendar_id, uid)?;
                    self.report.deleted += 1;
                }
                Err(DavError::Changed) => {
                    // Changed there since: their version comes back rather than vanish.
                    let f = self.client.get(&k.href)?;
                    if let Some(o) = ical::object(&f.data) {
                        self.write_local(&o, &f, false)?;
                    }
                }
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    /// Gives every open task not yet in any calendar a VTODO in this one.
    fn adopt_new_tasks(&mut self) -> SyncResult<()> {
        for uuid in self.store.open_tasks_without_calendar()? {
            let Some(t) = self.store.task_by_uuid(&uuid)? else {
                continue;
            };
            let uid = uuid.to_string();
            let text = todo_text(&t.task, &uid, "", (self.now, self.tz));
            let row = StoredObject {
                uid: uid.clone(),
                kind: "VTODO".into(),
                ics: text,
                summary: t.task.title.clone(),
                first_start: t.task.due.map_or(0, |d| d.timestamp()),
                last_end: Some(t.task.due.map_or(0, |d| d.timestamp())),
                task_uuid: Some(uid),
                ..StoredObject::default()
            };
            self.store
                .put_calendar_objects(self.rc.calendar_id, &[row], self.now.timestamp())?;
        }
        Ok(())
    }

    fn upload(
        &mut self,
        uid: &str,
        kind: &str,
        text: &str,
        known: Option<&RemoteObject>,
    ) -> SyncResult<()> {
        let href = match known {
            Some(k) => k.href.clone(),
            None => format!(
                "{}/{}.ics",
                self.rc.href.trim_end_matches('/'),
                href_safe(uid)
            ),
        };
        let expect = match known {
            Some(k) => Expect::Etag(&k.etag),
            None => Expect::New,
        };
        let etag = match self.client.put(&href, text, expect) {
            Ok(e) => e,
            Err(DavError::Changed) => {
                // Changed on the server too: merge as a pull would.
                let f = self.client.get(&href)?;
                let f = Fetched {
                    href: href.clone(),
                    ..f
                };
                return self.take_remote(&f, known);
            }
            Err(DavError::NotFound(_)) if known.is_some() => {
                // Deleted there, changed here: uploaded as new.
                self.store.delete_remote_object(self.rc.calendar_id, uid)?;
                return self.upload(uid, kind, text, None);
            }
            Err(e) => return Err(e.into()),
        };
        let etag = match etag {
            Some(e) => e,
            None => self.client.get(&href)?.etag,
        };
        let task_fingerprint = if kind == "VTODO" {
            // The VTODO kept locally is what was sent, so the next write starts from it.
            let row = self.store.calendar_object_at(self.rc.calendar_id, uid)?;
            let stored = StoredObject {
                uid: uid.to_string(),
                kind: "VTODO".into(),
                ics: text.to_string(),
                summary: row.summary.clone(),
                first_start: row.first_start,
                last_end: row.last_end,
                task_uuid: row.task_uuid.clone(),
                ..StoredObject::default()
            };
            self.store.put_calendar_objects(
                self.rc.calendar_id,
                &[stored],
                self.now.timestamp(),
            )?;
            linked_task(&*self.store, row.task_uuid.as_deref())?.map(|t| fingerprint(&t))
        } else {
            None
        };
        let sent = Fetched {
            href,
            etag,
            data: String::new(),
        };
        self.agree(uid, &sent, text.to_string(), task_fingerprint)?;
        self.report.pushed += 1;
        Ok(())
    }
}

/// How a local object stands against `known` (what both sides last agreed on). A to-do
/// whose task is gone is `Absent`.
fn classify(
    store: &Store,
    local: &LocalObject,
    known: Option<&RemoteObject>,
    (now, tz): (DateTime<Utc>, Tz),
) -> Result<Local> {
    if local.kind == "VTODO" {
        let Some(task) = linked_task(store, local.task_uuid.as_deref())? else {
            return Ok(Local::Absent);
        };
        let changed = known
            .and_then(|k| k.task_fingerprint)
            .is_none_or(|m| fingerprint(&task) != m);
        return Ok(if changed {
            Local::Changed(todo_text(&task, &local.uid, &local.ics, (now, tz)))
        } else {
            Local::Clean
        });
    }
    Ok(match known {
        Some(k) if k.base == local.ics => Local::Clean,
        _ => Local::Changed(local.ics.clone()),
    })
}

/// Stores an object in a calendar (an event row, or a task and its VTODO); for a to-do, the
/// task's fingerprint after the write. `None` when it could not be read (the reason goes to
/// `problems`) and nothing was stored.
fn write_object(
    store: &mut Store,
    calendar_id: i64,
    object: &CalendarObject,
    (tz, now): (Tz, DateTime<Utc>),
    problems: &mut Vec<String>,
) -> Result<Option<Option<i64>>> {
    if object.kind == "VTODO" {
        match import_todo(store, calendar_id, object, tz, now) {
            Ok(Written::Added | Written::Updated | Written::Unchanged) => {}
            Err(e) => {
                problems.push(format!("to-do {}: {e}", object.uid));
                return Ok(None);
            }
        }
        let row = store.calendar_object_at(calendar_id, &object.uid)?;
        let modified = linked_task(store, row.task_uuid.as_deref())?.map(|t| fingerprint(&t));
        return Ok(Some(modified));
    }
    match stored_event(object, tz) {
        Ok(o) => {
            store.put_calendar_objects(calendar_id, &[o], now.timestamp())?;
            Ok(Some(None))
        }
        Err(problem) => {
            problems.push(problem);
            Ok(None)
        }
    }
}

/// The task a VTODO object stands for, if it still exists.
fn linked_task(store: &Store, task_uuid: Option<&str>) -> Result<Option<crate::model::Task>> {
    let Some(uuid) = task_uuid.and_then(|u| Uuid::parse_str(u).ok()) else {
        return Ok(None);
    };
    Ok(store.task_by_uuid(&uuid)?.map(|l| l.task))
}

/// A task as the VTODO text to send: written over the one kept from the server (`original`,
/// a VCALENDAR; empty for none), so properties Tempo has no field for survive.
fn todo_text(
    task: &crate::model::Task,
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

/// The SUMMARY of an item's text.
pub fn summary_of(text: &str) -> String {
    ical::object(text)
        .and_then(|o| o.master())
        .and_then(|c| c.text("SUMMARY"))
        .unwrap_or_else(|| "(untitled)".into())
}

/// A UID as a file name: characters other than letters, digits, `-`, `_`, `.` and `@` are
/// percent-encoded.
fn href_safe(uid: &str) -> String {
    uid.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'@' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// How a conflict is settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    Local,
    Remote,
}

/// Settles a conflict: the kept version becomes the local one, and (for `Local`) is pushed
/// over the server's at the next sync.
pub fn resolve(
    store: &mut Store,
    id: i64,
    keep: Keep,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<String> {
    let c = store
        .conflicts()?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or_else(|| usage(format!("no conflict {id} (see tempo sync conflicts)")))?;
    let remote_object =
        ical::object(&c.remote).ok_or_else(|| usage("the server's version is unreadable"))?;
    let href = store
        .remote_object(c.calendar_id, &c.uid)?
        .map(|o| o.href)
        .ok_or_else(|| usage("the conflict's item is no longer synced"))?;
    let task_fingerprint = match keep {
        Keep::Remote => {
            let mut problems = Vec::new();
            let m = write_object(
                store,
                c.calendar_id,
                &remote_object,
                (tz, now),
                &mut problems,
            )?;
            match (m, problems.first()) {
                (Some(fingerprint), _) => fingerprint,
                (None, Some(p)) => return Err(usage(p.clone())),
                (None, None) => return Err(usage("the server's version is unreadable")),
            }
        }
        // Dirty on purpose: pushed at the next sync.
        Keep::Local => {
            if remote_object.kind == "VTODO" {
                Some(FORCE_PUSH)
            } else {
                None
            }
        }
    };
    let base = remote_object.to_calendar();
    store.put_remote_object(&RemoteObject {
        uid: c.uid.clone(),
        calendar_id: c.calendar_id,
        href,
        etag: c.remote_etag.clone(),
        base,
        task_fingerprint,
    })?;
    store.delete_conflict(id)?;
    Ok(summary_of(match keep {
        Keep::Local => &c.local,
        Keep::Remote => &c.remote,
    }))
}

/// Local changes not yet on the server, per calendar: the outbox.
pub fn pending(
    store: &Store,
    account: &Account,
    clock: (DateTime<Utc>, Tz),
) -> Result<Vec<(String, usize)>> {
    let mut out = Vec::new();
    for rc in store.remote_calendars(account.id)? {
        let known: HashMap<String, RemoteObject> = store
            .remote_objects(rc.calendar_id)?
            .into_iter()
            .map(|o| (o.uid.clone(), o))
            .collect();
        let locals = store.local_objects(rc.calendar_id)?;
        let present: HashSet<&str> = locals.iter().map(|l| l.uid.as_str()).collect();
        // Deleted here, then changed or new here.
        let mut n = known
            .keys()
            .filter(|u| !present.contains(u.as_str()))
            .count();
        for l in &locals {
            let k = known.get(&l.uid);
            n += match classify(store, l, k, clock)? {
                Local::Changed(_) => 1,
                Local::Absent => usize::from(k.is_some()),
                Local::Clean => 0,
            };
        }
        if rc.tasks && store.setting(TASKS_CALENDAR)?.as_deref() == Some(&rc.calendar) {
            n += store.open_tasks_without_calendar()?.len();
        }
        out.push((rc.calendar, n));
    }
    Ok(out)
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
