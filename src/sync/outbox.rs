//! The outbox: local changes not yet on the server, counted per calendar for `list-accounts`
//! and before an account is removed.

use super::*;

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
