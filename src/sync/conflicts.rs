//! Recorded conflicts: settling one by keeping a version.

use super::*;

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
        Keep::Remote => write_server_version(store, c.calendar_id, &remote_object, tz, now)?,
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

/// Writes the server's version of a conflict's item here; the to-do fingerprint after it.
fn write_server_version(
    store: &mut Store,
    calendar_id: i64,
    object: &CalendarObject,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    let mut problems = Vec::new();
    match (
        write_object(store, calendar_id, object, (tz, now), &mut problems)?,
        problems.first(),
    ) {
        (Some(fingerprint), _) => Ok(fingerprint),
        (None, Some(p)) => Err(usage(p.clone())),
        (None, None) => Err(usage("the server's version is unreadable")),
    }
}
