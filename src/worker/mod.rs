//! Background threads: a scheduler with its own SQLite connection works out which reminder is
//! due next and sleeps until then (a Stop command ends the sleep), a separate delivery thread
//! shows them, so a slow notification server never delays the schedule, and a sync thread
//! refreshes subscriptions. They report through callbacks (the TUI turns reports into `Msg`s;
//! the daemon prints and logs them).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::log;
use crate::model::reminder::{Reminder, Verdict};
use crate::msg::SyncStatus;
use crate::notify::{Delivered, Delivery};
use crate::ops::reminders::{self, Settings};
use crate::store::Store;

/// The longest the scheduler sleeps: other processes may start a focus session or add an
/// event meanwhile, and this is how soon it notices.
const POLL: StdDuration = StdDuration::from_secs(5);

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

/// Syncs the accounts and refreshes the subscriptions that are due (all when `force`), telling
/// `on_sync` the progress and the outcomes worth saying: background syncs speak only of
/// changes, conflicts and errors.
fn sync_pass(
    store: &mut Store,
    now: DateTime<Utc>,
    tz: Tz,
    force: bool,
    on_sync: &(dyn Fn(SyncEvent) + Send + Sync),
) {
    let accounts = crate::ops::caldav::due(store, now, force).unwrap_or_default();
    let names = crate::ops::sync::due(store, now, force).unwrap_or_default();
    if force && names.is_empty() && accounts.is_empty() {
        on_sync(SyncEvent::Result(Err(
            "nothing to sync (tempo sync add-account … or add-subscription …)".into(),
        )));
    }
    let say = |result: Result<String, String>, worth: bool| {
        match &result {
            Ok(t) | Err(t) => log::line(t),
        }
        if force || worth {
            on_sync(SyncEvent::Result(result));
        }
    };
    for name in accounts {
        on_sync(SyncEvent::Status(SyncStatus::Syncing {
            account: name.clone(),
        }));
        match crate::ops::caldav::sync_account(store, &name, tz, now) {
            Ok(r) => {
                on_sync(SyncEvent::Status(if r.conflicts > 0 {
                    SyncStatus::Conflicts {
                        account: name.clone(),
                        count: r.conflicts,
                    }
                } else {
                    SyncStatus::Synced {
                        account: name.clone(),
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
                    account: name.clone(),
                    reason: short_reason(&e.to_string()),
                }));
                say(Err(format!("sync {name}: {e}")), true);
            }
        }
    }
    for name in names {
        match crate::ops::sync::refresh(store, &name, tz, now) {
            Ok(r) => say(
                Ok(format!(
                    "Synced {name}: {} added, {} updated, {} removed",
                    r.added, r.updated, r.removed
                )),
                r.added + r.updated + r.removed > 0,
            ),
            Err(e) => say(Err(format!("sync {name}: {e}")), true),
        }
    }
}

/// The gist of a sync error for a status line: what comes after the account's name.
fn short_reason(e: &str) -> String {
    let e = e.split_once("”: ").map_or(e, |(_, r)| r);
    e.chars().take(60).collect()
}

/// Asks the sync thread to refresh every subscription now.
#[derive(Clone)]
pub struct SyncTrigger(Sender<SyncCommand>);

impl SyncTrigger {
    pub fn now(&self) {
        let _ = self.0.send(SyncCommand::Now);
    }
}

pub enum Command {
    Stop,
}

/// What happened to a reminder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub reminder: Reminder,
    pub verdict: Verdict,
    /// For fired ones: how it was delivered.
    pub delivered: Option<Delivered>,
}

pub use crate::clock::Clock;

pub struct Worker {
    commands: Sender<Command>,
    sync: Sender<SyncCommand>,
    threads: Vec<JoinHandle<()>>,
}

impl Worker {
    /// Starts the threads on the database at `db`. `holder` names this process in the
    /// reminders table ("tui 1234"); the first pass waits `start_after` (the TUI lets its own
    /// start-up have both cores first).
    #[expect(
        clippy::too_many_arguments,
        reason = "the threads own everything they are given: the database, the clock, the settings and the three callbacks"
    )]
    pub fn spawn(
        db: PathBuf,
        start_after: StdDuration,
        settings: Settings,
        tz: Tz,
        holder: String,
        clock: Clock,
        delivery: Delivery,
        report: Arc<dyn Fn(Report) + Send + Sync>,
        on_sync: Arc<dyn Fn(SyncEvent) + Send + Sync>,
    ) -> std::io::Result<Worker> {
        let (commands, inbox) = mpsc::channel::<Command>();
        let (to_deliver, deliveries) = mpsc::channel::<Reminder>();
        let report2 = report.clone();
        let db2 = db.clone();
        let db_sync = db.clone();
        let sync_clock = clock.clone();
        let scheduler = std::thread::Builder::new()
            .name("tempo-scheduler".into())
            .spawn(move || {
                let mut store = match Store::open(&db) {
                    Ok(s) => s,
                    Err(e) => {
                        log::line(&format!("scheduler: cannot open {}: {e}", db.display()));
                        return;
                    }
                };
                let mut last_error = String::new();
                if let Ok(Command::Stop) | Err(RecvTimeoutError::Disconnected) =
                    inbox.recv_timeout(start_after)
                {
                    return;
                }
                loop {
                    let now = clock.now();
                    let next = match pass(
                        &mut store,
                        &settings,
                        now,
                        tz,
                        &holder,
                        &to_deliver,
                        &report,
                    ) {
                        Ok(next) => {
                            last_error.clear();
                            next
                        }
                        Err(e) => {
                            let e = e.to_string();
                            if e != last_error {
                                log::line(&format!("scheduler: {e}"));
                                last_error = e;
                            }
                            None
                        }
                    };
                    let wait = next
                        .and_then(|n| (n - clock.now()).to_std().ok())
                        .unwrap_or(StdDuration::ZERO);
                    let poll = clock.recheck(POLL);
                    let wait = if next.is_some() { wait.min(poll) } else { poll };
                    match inbox.recv_timeout(wait) {
                        Ok(Command::Stop) | Err(RecvTimeoutError::Disconnected) => break,
                        Err(RecvTimeoutError::Timeout) => {}
                    }
                }
            })?;
        let deliverer = std::thread::Builder::new()
            .name("tempo-delivery".into())
            .spawn(move || {
                let mut delivery = delivery;
                let mut store = Store::open(&db2).ok();
                for r in deliveries {
                    let d = delivery.deliver(&r);
                    if let Some(why) = &d.fallback_reason {
                        log::line(&format!(
                            "no desktop notifications ({why}); falling back to the terminal bell"
                        ));
                    }
                    log::line(&format!(
                        "delivered {} by {}: {}",
                        r.key,
                        d.path.as_str(),
                        r.summary
                    ));
                    if let Some(s) = store.as_mut() {
                        let _ = s.set_reminder_delivery(&r.key, d.path.as_str());
                    }
                    report2(Report {
                        reminder: r,
                        verdict: Verdict::Fire,
                        delivered: Some(d),
                    });
                }
            })?;
        // Accounts and subscriptions sync on a thread of their own: a slow server never
        // holds up a reminder.
        let (sync_commands, sync_inbox) = mpsc::channel::<SyncCommand>();
        let db3 = db_sync;
        let syncer = std::thread::Builder::new()
            .name("tempo-sync".into())
            .spawn(move || {
                let mut force = match sync_inbox.recv_timeout(start_after) {
                    Ok(SyncCommand::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                    Ok(SyncCommand::Now) => true,
                    Err(RecvTimeoutError::Timeout) => false,
                };
                let Ok(mut store) = Store::open(&db3) else {
                    return;
                };
                loop {
                    sync_pass(&mut store, sync_clock.now(), tz, force, &*on_sync);
                    // A controlled clock may jump past an account's next sync at any time.
                    let poll = if sync_clock.is_controlled() {
                        StdDuration::from_secs(1)
                    } else {
                        SYNC_POLL
                    };
                    force = match sync_inbox.recv_timeout(poll) {
                        Err(RecvTimeoutError::Timeout) => false,
                        Ok(SyncCommand::Now) => true,
                        _ => break,
                    };
                }
            })?;
        Ok(Worker {
            commands,
            sync: sync_commands,
            threads: vec![scheduler, deliverer, syncer],
        })
    }

    /// A handle that asks for every subscription to be refreshed now.
    pub fn sync_trigger(&self) -> SyncTrigger {
        SyncTrigger(self.sync.clone())
    }

    /// Stops the scheduler, lets the delivery thread finish what it holds, and waits.
    pub fn stop(self) {
        let _ = self.commands.send(Command::Stop);
        let _ = self.sync.send(SyncCommand::Stop);
        for t in self.threads {
            let _ = t.join();
        }
    }
}

/// One scheduling pass: claims what is due (exactly one process wins each claim), hands the
/// ones to fire to delivery, reports the rest; returns when to look next.
fn pass(
    store: &mut Store,
    settings: &Settings,
    now: DateTime<Utc>,
    tz: Tz,
    holder: &str,
    to_deliver: &Sender<Reminder>,
    report: &Arc<dyn Fn(Report) + Send + Sync>,
) -> anyhow::Result<Option<DateTime<Utc>>> {
    let plan = reminders::due_now(store, settings, now, tz)?;
    for (r, verdict) in plan.due {
        let v = match verdict {
            Verdict::Fire => "fire",
            Verdict::Missed => "missed",
            Verdict::Quiet => "quiet",
        };
        let ours = store.claim_reminder(
            &r.key,
            r.kind.as_str(),
            r.at.timestamp(),
            now.timestamp(),
            v,
            holder,
            &r.summary,
            &r.body,
        )?;
        if !ours {
            continue;
        }
        if verdict == Verdict::Fire {
            let _ = to_deliver.send(r);
        } else {
            log::line(&format!("{v}: {} ({})", r.summary, r.key));
            report(Report {
                reminder: r,
                verdict,
                delivered: None,
            });
        }
    }
    Ok(plan.next)
}
