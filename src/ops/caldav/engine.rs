//! One sync of an account's calendars over `dyn Dav`: per calendar a `Job` pulls what changed
//! on the server (merging or recording a conflict where both sides changed), then pushes what
//! changed here.

use super::*;

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

pub(super) enum SyncError {
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

pub(super) type SyncResult<T> = std::result::Result<T, SyncError>;

/// One calendar's sync.
pub(super) struct Job<'a> {
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
pub(super) enum Local {
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
                        ready_to_send(self.store, cal, &l.kind, text, base, (self.tz, self.now))
                            .map_err(anyhow::Error::from)?;
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
