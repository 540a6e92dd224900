//! Taking the server's changes: listing what moved (sync-collection, else ETags), fetching
//! it, and writing each item here, merged with local edits or recorded as a conflict.

use super::*;

impl Job<'_> {
    pub(super) fn pull(&mut self, remote: &RemoteCalendar) -> JobResult<()> {
        let known: HashMap<String, RemoteObject> = self
            .store
            .remote_objects(self.rc.calendar_id)?
            .into_iter()
            .map(|o| (normalise(&o.href), o))
            .collect();
        let listing = self.listing(remote, &known)?;
        let wanted: Vec<String> = listing
            .changed
            .iter()
            .filter(|(h, etag)| known.get(&normalise(h)).is_none_or(|o| &o.etag != etag))
            .map(|(h, _)| h.clone())
            .collect();
        for f in self.client.multiget(&self.rc.href, &wanted)? {
            let k = known.get(&normalise(&f.href)).cloned();
            self.take_remote(&f, k.as_ref())?;
        }
        for h in &listing.deleted {
            if let Some(o) = known.get(&normalise(h)) {
                self.take_remote_delete(o)?;
            }
        }
        self.store.set_remote_calendar_state(
            self.rc.calendar_id,
            listing.token.as_deref().or(remote.sync_token.as_deref()),
            remote.ctag.as_deref(),
        )?;
        Ok(())
    }

    /// What moved on the server since our token (everything when there is none), with the
    /// deletions a full listing implies against `known`.
    fn listing(
        &mut self,
        remote: &RemoteCalendar,
        known: &HashMap<String, RemoteObject>,
    ) -> JobResult<Changes> {
        let href = self.rc.href.clone();
        let mut token = match self.relist {
            true => String::new(),
            false => self.rc.sync_token.clone().unwrap_or_default(),
        };
        let listing = match remote.sync_token {
            Some(_) => self.sync_collection(&href, &mut token)?,
            None => None,
        };
        // Listed from no token (first sync or a resync), or by ETags: the listing is complete.
        let (mut changes, full) = match listing {
            Some(c) => (c, token.is_empty()),
            None => {
                let changed = self.client.etags(&href)?;
                (
                    Changes {
                        changed,
                        ..Changes::default()
                    },
                    true,
                )
            }
        };
        if full {
            // A full listing: what we know and it lacks is gone from the server.
            let listed: HashSet<String> =
                changes.changed.iter().map(|(h, _)| normalise(h)).collect();
            changes.deleted.extend(
                known
                    .iter()
                    .filter(|(h, _)| !listed.contains(*h))
                    .map(|(_, o)| o.href.clone()),
            );
        }
        Ok(changes)
    }

    /// sync-collection from `token`, from none when the server forgot it (`token` is then
    /// cleared); `None` when the server has no sync-collection after all.
    fn sync_collection(&mut self, href: &str, token: &mut String) -> JobResult<Option<Changes>> {
        match self.client.sync_collection(href, token) {
            Ok(c) => Ok(Some(c)),
            Err(DavError::InvalidToken) => {
                self.report.resyncs += 1;
                token.clear();
                Ok(Some(self.client.sync_collection(href, "")?))
            }
            // No sync-collection after all: compare ETags instead.
            Err(DavError::Status { status, .. }) if (400..500).contains(&status) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// How the local copy of `uid` stands against `known` (what both last agreed on).
    pub(super) fn local_state(&self, uid: &str, known: Option<&RemoteObject>) -> JobResult<Local> {
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
    pub(super) fn take_remote(
        &mut self,
        f: &Fetched,
        known: Option<&RemoteObject>,
    ) -> JobResult<()> {
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
            Local::Changed(local) => self.reconcile(&uid, f, known, &local, remote_text)?,
        }
        Ok(())
    }

    /// Both sides changed `uid`: a field-by-field merge, else a conflict for the person.
    fn reconcile(
        &mut self,
        uid: &str,
        f: &Fetched,
        known: Option<&RemoteObject>,
        local: &str,
        remote_text: String,
    ) -> JobResult<()> {
        let merged = match known {
            Some(k) => merge(&k.base, local, &remote_text),
            None => Merged::Conflict(differing_fields(local, &remote_text)),
        };
        match merged {
            Merged::Clean(text) => {
                let Some(m) = ical::object(&text) else {
                    return Ok(());
                };
                // Written locally as merged; agreed base is the server's, so the merge is
                // pushed next (If-Match the server's ETag).
                if self.write_object(&m)?.is_none() {
                    return Ok(());
                }
                let task_fingerprint = (m.kind == "VTODO").then_some(FORCE_PUSH);
                self.agree(uid, f, remote_text, task_fingerprint)?;
                self.report.merged += 1;
            }
            Merged::Conflict(fields) => {
                self.store.add_conflict(
                    uid,
                    self.rc.calendar_id,
                    self.now.timestamp(),
                    &fields.join(", "),
                    (local, &remote_text, &f.etag),
                )?;
                self.held.insert(uid.to_string());
                // The href is remembered, so resolving can push to it.
                if known.is_none() {
                    self.agree(uid, f, remote_text, Some(FORCE_PUSH))?;
                }
                self.report.conflicts += 1;
            }
        }
        Ok(())
    }

    /// Writes a server item locally and records it as agreed.
    pub(super) fn write_local(
        &mut self,
        object: &CalendarObject,
        f: &Fetched,
        new: bool,
    ) -> JobResult<()> {
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
    pub(super) fn agree(
        &mut self,
        uid: &str,
        at: &Fetched,
        base: String,
        task_fingerprint: Option<i64>,
    ) -> JobResult<()> {
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

    pub(super) fn write_object(
        &mut self,
        object: &CalendarObject,
    ) -> JobResult<Option<Option<i64>>> {
        let (store, problems) = (&mut *self.store, &mut self.report.problems);
        Ok(write_object(
            store,
            self.rc.calendar_id,
            object,
            (self.tz, self.now),
            problems,
        )?)
    }

    pub(super) fn take_remote_delete(&mut self, known: &RemoteObject) -> JobResult<()> {
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
}
