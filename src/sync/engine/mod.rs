//! One sync of an account's calendars over `dyn Dav`: per calendar a `Job` pulls what changed
//! on the server (merging or recording a conflict where both sides changed), then pushes what
//! changed here.

pub(in crate::sync) mod objects;
mod pull;
mod push;
#[cfg(test)]
mod tests;

use super::*;

pub(crate) fn sync_calendars(
    store: &mut Store,
    client: &dyn Dav,
    account: &Account,
    tz: Tz,
    now: DateTime<Utc>,
    report: &mut Report,
) -> Result<()> {
    let server = server_calendars(store, client, account)?;
    let by_href: HashMap<String, &RemoteCalendar> =
        server.iter().map(|c| (normalise(&c.href), c)).collect();
    for rc in store.remote_calendars(account.id)? {
        if !rc.enabled {
            continue;
        }
        let Some(remote) = by_href.get(&normalise(&rc.href)) else {
            stop_syncing(store, &rc, report)?;
            continue;
        };
        // Items waiting for the person: never pushed nor overwritten.
        let mut held = store.conflict_uids(rc.calendar_id)?;
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
        let before = Counts::of(job.report);
        let started = std::time::Instant::now();
        let outcome = job.sync(remote);
        Counts::of(report)
            .since(&before)
            .log(&rc.calendar, started.elapsed());
        if let Err(e) = outcome {
            settle(e, &rc.calendar, account, report)?;
        }
    }
    Ok(())
}

/// A calendar's sync failed: a refusal of that one calendar (read-only for us, say) leaves
/// the others to sync; anything else stops the account's sync.
fn settle(e: JobError, calendar: &str, account: &Account, report: &mut Report) -> Result<()> {
    match e {
        JobError::Dav(
            e @ (DavError::Forbidden(_) | DavError::NotFound(_) | DavError::Foreign(_)),
        ) => {
            report.problems.push(format!("calendar “{calendar}”: {e}"));
            Ok(())
        }
        JobError::Dav(e) => Err(dav(&account.name, e)),
        JobError::Other(e) => Err(e),
    }
}

/// What one calendar's sync did, for the log.
struct Counts {
    pulled: usize,
    pushed: usize,
    conflicts: usize,
}

impl Counts {
    fn of(r: &Report) -> Counts {
        Counts {
            pulled: r.added + r.updated + r.removed,
            pushed: r.pushed + r.deleted,
            conflicts: r.conflicts,
        }
    }

    fn since(self, before: &Counts) -> Counts {
        Counts {
            pulled: self.pulled - before.pulled,
            pushed: self.pushed - before.pushed,
            conflicts: self.conflicts - before.conflicts,
        }
    }

    fn log(&self, calendar: &str, took: std::time::Duration) {
        tracing::info!(
            "calendar “{calendar}”: {} pulled, {} pushed, {} conflicts in {} ms",
            self.pulled,
            self.pushed,
            self.conflicts,
            took.as_millis()
        );
    }
}

/// A calendar deleted on the server: the local copy stays, and syncing it stops.
fn stop_syncing(store: &mut Store, rc: &RemoteCalendarRow, report: &mut Report) -> Result<()> {
    store.set_remote_calendar_options(rc.calendar_id, rc.events, rc.tasks, false)?;
    report.problems.push(format!(
        "calendar “{}” was deleted on the server; the local copy is kept and no longer synced",
        rc.calendar
    ));
    Ok(())
}

/// The account's calendars on the server, in one request (each with its sync token and
/// ctag); the calendar home is found first if not yet known, and new calendars are added.
fn server_calendars(
    store: &mut Store,
    client: &dyn Dav,
    account: &Account,
) -> Result<Vec<RemoteCalendar>> {
    let name = &account.name;
    let mut home = account.home.clone();
    if home.is_empty() {
        home = client
            .discover(&account.url)
            .map_err(|e| dav(name, e))?
            .home;
        store.set_account_home(account.id, &home)?;
    }
    let server = client.calendars(&home).map_err(|e| dav(name, e))?;
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
    Ok(server)
}

pub(in crate::sync) enum JobError {
    /// The server's answer, judged by `settle` (one calendar's refusal, or the account's).
    Dav(DavError),
    Other(SyncError),
}

impl From<DavError> for JobError {
    fn from(e: DavError) -> Self {
        JobError::Dav(e)
    }
}

impl From<SyncError> for JobError {
    fn from(e: SyncError) -> Self {
        JobError::Other(e)
    }
}

impl From<crate::store::StoreError> for JobError {
    fn from(e: crate::store::StoreError) -> Self {
        JobError::Other(e.into())
    }
}

pub(in crate::sync) type JobResult<T> = std::result::Result<T, JobError>;

/// One calendar's sync.
pub(in crate::sync) struct Job<'a> {
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

impl Job<'_> {
    fn allowed(&self, kind: &str) -> bool {
        match kind {
            "VTODO" => self.rc.tasks,
            _ => self.rc.events,
        }
    }

    fn sync(&mut self, remote: &RemoteCalendar) -> JobResult<()> {
        let moved = match (&remote.sync_token, &self.rc.sync_token) {
            (Some(server), Some(ours)) => server != ours,
            _ => match (&remote.ctag, &self.rc.ctag) {
                (Some(server), Some(ours)) => server != ours,
                _ => true,
            },
        };
        if let (Some(server), Some(ours)) = (&remote.sync_token, &self.rc.sync_token)
            && crate::sync::dav::lineage::broken(ours, server)
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
            Err(JobError::Dav(DavError::NotFound(_))) if !self.relist => {
                self.relist = true;
                self.report.resyncs += 1;
                self.pull(remote)?;
                self.push()
            }
            other => other,
        }
    }
}
