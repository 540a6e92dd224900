//! The ActivityWatch puller of `tempo daemon`: with `[capture] activitywatch_pull_minutes = N`
//! (N > 0) a thread of its own pulls at start and then every N minutes by the injected clock,
//! so a slow or absent aw-server never holds up a reminder. A failed pull is logged (once
//! until the reason changes) and tried again at the next turn; it never ends the daemon.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration as StdDuration;

use chrono::{DateTime, TimeDelta, Utc};

use crate::clock::Clock;
use crate::config::CaptureConfig;
use crate::interop::activitywatch::Client;
use crate::ops::capture::{AwPull, pull_activitywatch};
use crate::store::Store;

/// What a turn did, for the daemon to show.
#[derive(Debug)]
pub enum PullEvent {
    Pulled(Box<AwPull>),
    /// A pull failed, for a reason other than the last failure's.
    Failed(String),
}

pub type OnPull = Arc<dyn Fn(PullEvent) + Send + Sync>;

pub struct Puller {
    stop: Sender<()>,
    thread: JoinHandle<()>,
}

impl Puller {
    /// Starts pulling, or does nothing (`None`) when the config leaves background pulls off.
    pub fn spawn(
        db: PathBuf,
        cfg: CaptureConfig,
        clock: Clock,
        report: OnPull,
    ) -> std::io::Result<Option<Puller>> {
        if cfg.activitywatch_pull_minutes == 0 {
            return Ok(None);
        }
        let (stop, inbox) = mpsc::channel();
        let turns = Turns {
            db,
            store: None,
            every: TimeDelta::minutes(i64::from(cfg.activitywatch_pull_minutes)),
            cfg,
            last_error: String::new(),
            report,
        };
        let thread = std::thread::Builder::new()
            .name("tempo-activitywatch".into())
            .spawn(move || turns.run(&clock, &inbox))?;
        Ok(Some(Puller { stop, thread }))
    }

    /// Ends the thread after the pull under way, if any.
    pub fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.thread.join();
    }
}

/// What the thread owns.
struct Turns {
    db: PathBuf,
    /// Opened at the first turn, and again after a turn that failed to open it.
    store: Option<Store>,
    cfg: CaptureConfig,
    every: TimeDelta,
    last_error: String,
    report: OnPull,
}

impl Turns {
    fn run(mut self, clock: &Clock, inbox: &Receiver<()>) {
        let mut next = clock.now();
        loop {
            let now = clock.now();
            if now >= next {
                self.turn(now);
                next = now + self.every;
            }
            let wait = (next - clock.now()).to_std().unwrap_or(StdDuration::ZERO);
            match inbox.recv_timeout(clock.recheck(wait)) {
                Ok(()) | Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => {}
            }
        }
    }

    fn turn(&mut self, now: DateTime<Utc>) {
        match self.pull(now) {
            Ok(pull) => {
                self.last_error.clear();
                if pull.signals > 0 || pull.suggested > 0 {
                    tracing::info!(
                        "activitywatch: {} events, {} signals, {} new suggestions",
                        pull.events,
                        pull.signals,
                        pull.suggested
                    );
                }
                (self.report)(PullEvent::Pulled(Box::new(pull)));
            }
            Err(e) if e != self.last_error => {
                tracing::error!("activitywatch: {e}");
                self.last_error.clone_from(&e);
                (self.report)(PullEvent::Failed(e));
            }
            Err(_) => {}
        }
    }

    fn pull(&mut self, now: DateTime<Utc>) -> Result<AwPull, String> {
        let client = Client::new(&self.cfg.activitywatch_url)
            .map_err(|e| format!("capture.activitywatch_url: {e}"))?;
        if self.store.is_none() {
            let store = Store::open(&self.db)
                .map_err(|e| format!("cannot open {}: {e}", self.db.display()))?;
            self.store = Some(store);
        }
        let Some(store) = self.store.as_mut() else {
            return Err("no database".into());
        };
        pull_activitywatch(store, &self.cfg, &client, None, now).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    fn closed_port_url() -> String {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        format!("http://127.0.0.1:{}", l.local_addr().expect("addr").port())
    }

    #[test]
    fn off_by_default() {
        let dir = tempfile::tempdir().expect("dir");
        let report: OnPull = Arc::new(|_| {});
        let at = DateTime::parse_from_rfc3339("2026-11-22T09:30:00Z").expect("instant");
        let clock = Clock::fixed(at.with_timezone(&Utc));
        let p = Puller::spawn(
            dir.path().join("t.sqlite"),
            CaptureConfig::default(),
            clock,
            report,
        );
        assert!(p.expect("spawn").is_none());
    }

    #[test]
    fn a_failing_pull_is_reported_and_the_thread_runs_until_stopped() {
        let dir = tempfile::tempdir().expect("dir");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        let report: OnPull = Arc::new(move |e| {
            if let Ok(mut s) = sink.lock() {
                s.push(format!("{e:?}"));
            }
        });
        let cfg = CaptureConfig {
            activitywatch_url: closed_port_url(),
            activitywatch_pull_minutes: 5,
            ..CaptureConfig::default()
        };
        let at = DateTime::parse_from_rfc3339("2026-11-22T09:30:00Z").expect("instant");
        let clock = Clock::fixed(at.with_timezone(&Utc));
        let puller = Puller::spawn(dir.path().join("t.sqlite"), cfg, clock, report)
            .expect("spawn")
            .expect("on");
        let deadline = std::time::Instant::now() + StdDuration::from_secs(10);
        while seen.lock().map(|s| s.is_empty()).unwrap_or(false)
            && std::time::Instant::now() < deadline
        {
            std::thread::sleep(StdDuration::from_millis(20));
        }
        puller.stop();
        let seen = seen.lock().expect("lock");
        assert_eq!(seen.len(), 1, "{seen:?}");
        assert!(
            seen[0].contains("cannot reach ActivityWatch at"),
            "{seen:?}"
        );
    }
}
