//! The composition root of the full-screen app: terminal, threads, the loop, and `Io`.
//!
//! One channel carries every message. The loop blocks on it, drains the burst, applies each
//! message with `app::update`, runs the effects, and draws once. It wakes by itself only for a
//! deadline the state names (a toast expiring) and, once a second, to ask SQLite whether another
//! process changed the data (`PRAGMA data_version`) — which draws nothing unless it did.

mod io;
mod terminal;
mod time_io;

use std::collections::VecDeque;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::Context as _;

use crate::app::keymap::Keymap;
use crate::app::{Settings, State, update};
use crate::config::Config;
use crate::msg::Msg;
use crate::store::Store;
use crate::ui::{self, theme::Theme};
use io::Io;

/// How often another process's writes are looked for.
const DATA_POLL: Duration = Duration::from_secs(1);

/// Runs the TUI on the database at `db` until the user quits.
pub fn run(db: &Path, config: &Config, clock: crate::clock::Clock) -> anyhow::Result<()> {
    let mut trace = Trace::from_env();
    trace.mark("run");
    let mut store = Store::open(db).with_context(|| format!("opening {}", db.display()))?;
    trace.mark("store-open");
    for notice in store.take_notices() {
        eprintln!("note: {notice}");
    }
    store.set_undo_levels(config.general.undo_levels);
    let keymap = Keymap::new(&config.keys).map_err(crate::ops::UsageError)?;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = Theme::from_config(
        &config.theme,
        no_color,
        std::env::var("COLORTERM").ok().as_deref(),
    )
    .map_err(crate::ops::UsageError)?;
    let settings = Settings::from_config(config, keymap);
    let tz = crate::config::local_zone();

    let (tx, rx) = mpsc::channel::<Msg>();
    trace.mark("settings");
    let mut terminal = terminal::enter().context("starting the full-screen terminal")?;
    trace.mark("terminal");
    let result = (|| -> anyhow::Result<()> {
        let size = terminal.size()?;
        let input = terminal::Input::spawn(tx.clone());
        terminal::forward_signals(tx.clone())?;
        let mut io = Io {
            store,
            input,
            tz,
            cycle: config.focus.cycle(),
            calendar: config.calendar.clone(),
            sync: None,
        };
        let log_file = crate::config::log_path(db);
        let log_ok = crate::log::init(&log_file).is_ok();
        // Reminders: the worker's reports come in as messages like everything else.
        let reports = tx.clone();
        let worker = crate::worker::Worker::spawn(
            db.to_path_buf(),
            Duration::from_secs(1),
            crate::ops::reminders::Settings::from_config(&config.notify, &config.calendar),
            tz,
            format!("tui {}", std::process::id()),
            clock.clone(),
            crate::notify::Delivery::new(config.notify.desktop),
            std::sync::Arc::new(move |r: crate::worker::Report| {
                let how = match (&r.delivered, r.verdict) {
                    (Some(d), _) => d.path.as_str(),
                    (None, crate::model::reminder::Verdict::Missed) => "missed",
                    (None, _) => "quiet",
                };
                let focus = r.reminder.is_phase_end();
                let _ = reports.send(Msg::Reminder(crate::msg::ReminderNote {
                    at: r.reminder.at,
                    summary: r.reminder.summary,
                    body: r.reminder.body,
                    how: how.to_string(),
                    focus,
                }));
            }),
            {
                let results = tx.clone();
                std::sync::Arc::new(move |e: crate::worker::SyncEvent| {
                    let _ = results.send(match e {
                        crate::worker::SyncEvent::Status(s) => Msg::SyncStatus(s),
                        crate::worker::SyncEvent::Result(r) => Msg::OpResult(r),
                    });
                })
            },
        )?;
        io.sync = Some(worker.sync_trigger());
        let _worker = WorkerGuard(Some(worker));
        if !log_ok {
            let _ = tx.send(Msg::OpResult(Err(format!(
                "cannot write the log {}",
                log_file.display()
            ))));
        }
        trace.mark("threads");
        let saved = io.load_ui_state();
        let mut state = State::new(settings, &saved, clock.now(), tz, (size.width, size.height));
        let mut first = VecDeque::from([io.reload()]);
        trace.mark("loaded");
        first.extend(io.run(
            crate::msg::Effect::Focus(crate::msg::FocusOp::Refresh),
            &mut terminal,
            clock.now(),
        ));
        // The start-up messages' effects run too: a calendar pane shown first asks for its
        // agenda here.
        settle(&mut state, &mut io, &mut terminal, &clock, first);
        trace.mark("state");
        let mut data_version = io.store.data_version()?;
        // A controlled clock (tests) can jump at any moment: look at it often.
        let poll = clock.recheck(DATA_POLL);
        let mut dirty = true;
        loop {
            if dirty {
                let started = Instant::now();
                terminal.draw(|f| ui::render(f, &state, &theme))?;
                trace.frame(started.elapsed());
                dirty = false;
            }
            if state.quitting {
                return Ok(());
            }
            let wait = state
                .next_deadline()
                .map(|d| (d - clock.now()).to_std().unwrap_or(Duration::ZERO))
                .map_or(poll, |d| d.min(poll));
            let mut queue: VecDeque<Msg> = VecDeque::new();
            match rx.recv_timeout(wait) {
                Ok(m) => queue.push_back(m),
                Err(RecvTimeoutError::Timeout) => {
                    let v = io.store.data_version()?;
                    if v != data_version {
                        data_version = v;
                        queue.push_back(Msg::DataChanged);
                    } else if state.next_deadline().is_some_and(|d| d <= clock.now()) {
                        queue.push_back(Msg::Clock(clock.now()));
                    } else {
                        continue;
                    }
                }
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
            queue.extend(rx.try_iter());
            update(&mut state, Msg::Clock(clock.now()));
            settle(&mut state, &mut io, &mut terminal, &clock, queue);
            dirty = true;
        }
    })();
    terminal::leave();
    result
}

/// Applies `queue`'s messages in order, running each effect and queueing what it answers,
/// until nothing is left.
fn settle(
    state: &mut State,
    io: &mut Io,
    terminal: &mut ratatui::DefaultTerminal,
    clock: &crate::clock::Clock,
    mut queue: VecDeque<Msg>,
) {
    while let Some(msg) = queue.pop_front() {
        for effect in update(state, msg) {
            queue.extend(io.run(effect, terminal, clock.now()));
        }
    }
}

/// Stops the worker threads when the loop ends, however it ends.
struct WorkerGuard(Option<crate::worker::Worker>);

impl Drop for WorkerGuard {
    fn drop(&mut self) {
        if let Some(w) = self.0.take() {
            w.stop();
        }
    }
}

static PROCESS_START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

/// Called first thing in `main`, so traced start-up times include argument parsing and config.
pub fn mark_process_start() {
    PROCESS_START.get_or_init(Instant::now);
}

/// `TEMPO_TRACE=FILE` appends one line per drawn frame (milliseconds since start, draw time),
/// which the TUI benchmark reads to measure start-up and to count idle redraws.
struct Trace {
    file: Option<std::fs::File>,
    start: Instant,
}

impl Trace {
    fn from_env() -> Trace {
        let file = std::env::var_os("TEMPO_TRACE")
            .map(PathBuf::from)
            .and_then(|p| {
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(p)
                    .ok()
            });
        Trace {
            file,
            start: Instant::now(),
        }
    }

    /// A start-up phase boundary, so the benchmark can say where the time goes.
    fn mark(&mut self, phase: &str) {
        if let Some(f) = &mut self.file {
            let _ = writeln!(
                f,
                "phase {phase} {:.3}",
                self.start.elapsed().as_secs_f64() * 1e3
            );
        }
    }

    fn frame(&mut self, took: Duration) {
        if let Some(f) = &mut self.file {
            let _ = writeln!(
                f,
                "frame {:.3} {:.3}",
                self.start.elapsed().as_secs_f64() * 1e3,
                took.as_secs_f64() * 1e3
            );
        }
    }
}
