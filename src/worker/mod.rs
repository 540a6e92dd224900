//! Background threads: a scheduler with its own SQLite connection works out which reminder is
//! due next and sleeps until then (a Stop command ends the sleep), a separate delivery thread
//! shows them, so a slow notification server never delays the schedule, and the sync thread
//! (`sync::background`) syncs accounts and subscriptions. They report through callbacks (the
//! TUI turns reports into `Msg`s; the daemon prints and logs them). The daemon also runs the
//! ActivityWatch puller ([`activitywatch`]) when the config asks for it.

pub mod activitywatch;
pub mod api;

pub mod endpoint;
pub mod live;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::log;
use crate::model::reminder::{Reminder, Verdict};
use crate::notify::{Delivered, Delivery};
use crate::ops::reminders::{self, Settings};
use crate::store::Store;

/// The longest the scheduler sleeps: other processes may start a focus session or add an
/// event meanwhile, and this is how soon it notices.
const POLL: StdDuration = StdDuration::from_secs(5);

pub use crate::sync::background::{SyncCommand, SyncEvent, SyncTrigger};

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
        let deliverer = spawn_delivery(db.clone(), delivery, deliveries, report.clone())?;
        // Accounts and subscriptions sync on a thread of their own: a slow server never
        // holds up a reminder.
        let (sync, syncer) =
            crate::sync::background::spawn(db.clone(), start_after, tz, clock.clone(), on_sync)?;
        let scheduler = Scheduler {
            settings,
            tz,
            holder,
            clock,
            to_deliver,
            report,
        };
        let scheduler = std::thread::Builder::new()
            .name("tempo-scheduler".into())
            .spawn(move || scheduler.run(&db, start_after, &inbox))?;
        Ok(Worker {
            commands,
            sync,
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
) -> crate::ops::Result<Option<DateTime<Utc>>> {
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

/// What the scheduler thread owns.
struct Scheduler {
    settings: Settings,
    tz: Tz,
    holder: String,
    clock: Clock,
    to_deliver: Sender<Reminder>,
    report: Arc<dyn Fn(Report) + Send + Sync>,
}

impl Scheduler {
    /// Passes until stopped, each sleeping until the next reminder or the next poll.
    fn run(self, db: &std::path::Path, start_after: StdDuration, inbox: &Receiver<Command>) {
        let mut store = match Store::open(db) {
            Ok(s) => s,
            Err(e) => {
                tracing::error!("scheduler: cannot open {}: {e}", db.display());
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
            let next = self.pass(&mut store, &mut last_error);
            let wait = next
                .and_then(|n| (n - self.clock.now()).to_std().ok())
                .unwrap_or(StdDuration::ZERO);
            let poll = self.clock.recheck(POLL);
            let wait = if next.is_some() { wait.min(poll) } else { poll };
            match inbox.recv_timeout(wait) {
                Ok(Command::Stop) | Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => {}
            }
        }
    }

    /// One pass; an error is logged once until it changes.
    fn pass(&self, store: &mut Store, last_error: &mut String) -> Option<DateTime<Utc>> {
        let now = self.clock.now();
        let (tz, holder) = (self.tz, &self.holder);
        match pass(
            store,
            &self.settings,
            now,
            tz,
            holder,
            &self.to_deliver,
            &self.report,
        ) {
            Ok(next) => {
                last_error.clear();
                next
            }
            Err(e) => {
                let e = e.to_string();
                if e != *last_error {
                    tracing::error!("scheduler: {e}");
                    *last_error = e;
                }
                None
            }
        }
    }
}

/// The delivery thread: shows each reminder handed to it, and records how.
fn spawn_delivery(
    db: PathBuf,
    mut delivery: Delivery,
    deliveries: Receiver<Reminder>,
    report: Arc<dyn Fn(Report) + Send + Sync>,
) -> std::io::Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name("tempo-delivery".into())
        .spawn(move || {
            let mut store = Store::open(&db).ok();
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
                report(Report {
                    reminder: r,
                    verdict: Verdict::Fire,
                    delivered: Some(d),
                });
            }
        })
}
