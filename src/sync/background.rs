//! The background sync: a thread with its own SQLite connection that syncs the accounts and
//! refreshes the subscriptions when they are due (all of them when asked), reporting through
//! a callback (the TUI turns reports into `Msg`s; the daemon prints and logs them). When an
//! account is due, and whether a failure is retried, is `schedule`'s decision.

use crate::msg::SyncStatus;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::clock::Clock;
use crate::store::Store;

/// How often subscriptions are checked for a due refresh.
const SYNC_POLL: StdDuration = StdDuration::from_secs(60);

pub enum SyncCommand {
    Now,
    Stop,
}

/// What the sync thread tells whoever shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncEvent {
    /// What it is doing or how the last sync ended, for a status line.
    Status(SyncStatus),
    /// An outcome worth saying: a change, an error, or any result of a sync asked for.
    Result(Result<String, String>),
}

/// Where the sync thread reports.
pub type OnSync = Arc<dyn Fn(SyncEvent) + Send + Sync>;

/// Asks the sync thread to refresh every subscription now.
#[derive(Clone)]
pub struct SyncTrigger(pub(crate) Sender<SyncCommand>);

impl SyncTrigger {
    pub fn now(&self) {
        let _ = self.0.send(SyncCommand::Now);
    }
}

/// Starts the sync thread on the database at `db`; its first pass waits `start_after`.
pub fn spawn(
    db: PathBuf,
    start_after: StdDuration,
    tz: Tz,
    clock: Clock,
    on_sync: OnSync,
) -> std::io::Result<(Sender<SyncCommand>, JoinHandle<()>)> {
    let (commands, inbox) = mpsc::channel::<SyncCommand>();
    let thread = std::thread::Builder::new()
        .name("tempo-sync".into())
        .spawn(move || run(&db, start_after, tz, &clock, &inbox, &*on_sync))?;
    Ok((commands, thread))
}

fn run(
    db: &Path,
    start_after: StdDuration,
    tz: Tz,
    clock: &Clock,
    inbox: &Receiver<SyncCommand>,
    on_sync: &(dyn Fn(SyncEvent) + Send + Sync),
) {
    let mut force = match inbox.recv_timeout(start_after) {
        Ok(SyncCommand::Stop) | Err(RecvTimeoutError::Disconnected) => return,
        Ok(SyncCommand::Now) => true,
        Err(RecvTimeoutError::Timeout) => false,
    };
    let Some(mut store) = open(db, on_sync) else {
        return;
    };
    loop {
        sync_pass(&mut store, clock.now(), tz, force, on_sync);
        // A controlled clock may jump past an account's next sync at any time.
        let poll = if clock.is_controlled() {
            StdDuration::from_secs(1)
        } else {
            SYNC_POLL
        };
        force = match inbox.recv_timeout(poll) {
            Err(RecvTimeoutError::Timeout) => false,
            Ok(SyncCommand::Now) => true,
            _ => break,
        };
    }
}

/// The sync thread's own connection; a database that will not open is said (in the log and
/// to whoever shows the sync) rather than the sync stopping unnoticed.
fn open(db: &Path, on_sync: &(dyn Fn(SyncEvent) + Send + Sync)) -> Option<Store> {
    match Store::open(db) {
        Ok(s) => Some(s),
        Err(e) => {
            let text = format!(
                "background sync stopped: cannot open the database {}: {e}",
                db.display()
            );
            tracing::error!("{text}");
            on_sync(SyncEvent::Status(SyncStatus::Off {
                reason: "database unavailable".into(),
            }));
            on_sync(SyncEvent::Result(Err(text)));
            None
        }
    }
}

/// Syncs the accounts and refreshes the subscriptions that are due (all when `force`),
/// telling `on_sync` the progress and the outcomes worth saying: background syncs speak only
/// of changes, conflicts and errors.
fn sync_pass(
    store: &mut Store,
    now: DateTime<Utc>,
    tz: Tz,
    force: bool,
    on_sync: &(dyn Fn(SyncEvent) + Send + Sync),
) {
    let accounts = super::due(store, now, force).unwrap_or_default();
    let names = super::subscriptions::due(store, now, force).unwrap_or_default();
    if force && names.is_empty() && accounts.is_empty() {
        on_sync(SyncEvent::Result(Err(
            "nothing to sync (tempo sync add-account … or add-subscription …)".into(),
        )));
    }
    let say = |result: Result<String, String>, worth: bool| {
        if force || worth {
            on_sync(SyncEvent::Result(result));
        }
    };
    for name in accounts {
        sync_account(store, &name, (now, tz), &say, on_sync);
    }
    for name in names {
        match super::subscriptions::refresh(store, &name, tz, now) {
            Ok(r) => {
                let text = format!(
                    "Synced {name}: {} added, {} updated, {} removed",
                    r.added, r.updated, r.removed
                );
                tracing::info!("{text}");
                say(Ok(text), r.added + r.updated + r.removed > 0);
            }
            Err(e) => {
                tracing::warn!("sync {name}: {e}");
                say(Err(format!("sync {name}: {e}")), true);
            }
        }
    }
}

/// One account's sync, with its status line and outcome (`say`); the log has the pass.
fn sync_account(
    store: &mut Store,
    name: &str,
    (now, tz): (DateTime<Utc>, Tz),
    say: &dyn Fn(Result<String, String>, bool),
    on_sync: &(dyn Fn(SyncEvent) + Send + Sync),
) {
    let account = name.to_string();
    on_sync(SyncEvent::Status(SyncStatus::Syncing {
        account: account.clone(),
    }));
    match super::sync_account(store, name, tz, now) {
        Ok(r) => {
            on_sync(SyncEvent::Status(if r.conflicts > 0 {
                SyncStatus::Conflicts {
                    account,
                    count: r.conflicts,
                }
            } else {
                SyncStatus::Synced {
                    account,
                    at: now.with_timezone(&tz).time(),
                }
            }));
            let changed = r.added + r.updated + r.removed + r.pushed + r.deleted;
            say(
                Ok(r.describe()),
                changed + r.conflicts > 0 || !r.problems.is_empty(),
            );
        }
        Err(e) => {
            on_sync(SyncEvent::Status(SyncStatus::Failed {
                account,
                reason: short_reason(&e.to_string()),
            }));
            say(Err(format!("sync {name}: {e}")), true);
        }
    }
}

/// The gist of a sync error for a status line: what comes after the account's name.
fn short_reason(e: &str) -> String {
    let e = e.split_once("”: ").map_or(e, |(_, r)| r);
    e.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    #[test]
    fn a_gone_sign_in_tells_the_top_bar_what_to_run() {
        let e = crate::sync::SyncError::dav(
            "cloud",
            crate::sync::dav::DavError::SignIn("cloud".into()),
        );
        assert_eq!(
            short_reason(&e.to_string()),
            "sign in again: tempo sync login cloud"
        );
    }

    #[test]
    fn a_database_that_will_not_open_is_reported_not_silent() {
        let tmp = tempfile::tempdir().expect("tmp");
        // A file where the database's directory should be: nothing can be opened there.
        let blocker = tmp.path().join("not-a-dir");
        std::fs::write(&blocker, "").expect("write");
        let events = Arc::new(Mutex::new(Vec::new()));
        let seen = events.clone();
        let on_sync: OnSync = Arc::new(move |e| seen.lock().expect("lock").push(e));
        let (_commands, inbox) = mpsc::channel();
        let clock = Clock::fixed(
            chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 11, 22, 9, 30, 0)
                .single()
                .expect("now"),
        );
        let db = blocker.join("tempo.db");
        run(
            &db,
            StdDuration::ZERO,
            chrono_tz::Europe::Berlin,
            &clock,
            &inbox,
            &*on_sync,
        );
        let events = events.lock().expect("lock");
        assert!(
            events.iter().any(|e| matches!(
                e,
                SyncEvent::Result(Err(t)) if t.contains("cannot open the database")
            )),
            "{events:?}"
        );
        assert!(
            events
                .iter()
                .any(|e| matches!(e, SyncEvent::Status(SyncStatus::Off { reason }) if reason.contains("database"))),
            "{events:?}"
        );
    }
}
