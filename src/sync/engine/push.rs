//! Sending local changes: uploads under the ETag both sides agreed on, deletions, and new
//! tasks adopted into the tasks calendar.

use super::*;

impl Job<'_> {
    pub(super) fn push(&mut self) -> JobResult<()> {
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
            self.push_local(l, known.get(&l.uid))?;
        }
        for (uid, k) in &known {
            if !present.contains(uid.as_str()) && !self.held.contains(uid) {
                self.push_deletion(uid, k)?;
            }
        }
        Ok(())
    }

    /// A local item changed or gone since both sides last agreed.
    fn push_local(&mut self, l: &LocalObject, k: Option<&RemoteObject>) -> JobResult<()> {
        let cal = self.rc.calendar_id;
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
        Ok(())
    }

    /// An item deleted here: deleted there, unless it changed there since.
    fn push_deletion(&mut self, uid: &str, k: &RemoteObject) -> JobResult<()> {
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
        Ok(())
    }

    /// Gives every open task not yet in any calendar a VTODO in this one.
    pub(super) fn adopt_new_tasks(&mut self) -> JobResult<()> {
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

    pub(super) fn upload(
        &mut self,
        uid: &str,
        kind: &str,
        text: &str,
        known: Option<&RemoteObject>,
    ) -> JobResult<()> {
        let href = match known {
            Some(k) => k.href.clone(),
            None => self.new_href(uid),
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
        let task_fingerprint = match kind {
            "VTODO" => self.keep_sent_todo(uid, text)?,
            _ => None,
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

    /// Where a new item is uploaded: in this calendar, named after its UID.
    fn new_href(&self, uid: &str) -> String {
        let calendar = self.rc.href.trim_end_matches('/');
        format!("{calendar}/{}.ics", href_safe(uid))
    }

    /// Keeps the VTODO as sent, so the next write starts from it; the task's fingerprint.
    fn keep_sent_todo(&mut self, uid: &str, text: &str) -> JobResult<Option<i64>> {
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
        self.store
            .put_calendar_objects(self.rc.calendar_id, &[stored], self.now.timestamp())?;
        Ok(linked_task(&*self.store, row.task_uuid.as_deref())?.map(|t| fingerprint(&t)))
    }
}
