//! The composition root of the full-screen app: terminal, threads, the loop, and `Io`.
//!
//! One channel carries every message. The loop blocks on it, drains the burst, applies each
//! message with `app::update`, runs the effects, and draws once. It wakes by itself only for a
//! deadline the state names (a toast expiring) and, four times a second, to ask SQLite whether
//! another process changed the data (`PRAGMA data_version`, microseconds) — which draws nothing
//! unless it did, and loads every task again only if that process wrote tasks (`patch_io`).

mod error;
mod headless;
mod io;
mod patch_io;
mod plan_io;
mod review_io;
mod terminal;
mod time_io;

pub use error::Error;
pub use headless::Headless;

use std::collections::VecDeque;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use crate::app::keymap::Keymap;
use crate::app::{Settings, State, update};
use crate::config::Config;
use crate::msg::Msg;
use crate::store::Store;
use crate::ui::{self, theme::Theme};
use io::Io;

/// How often another process's writes are looked for: often enough that they show within a
/// second.
const DATA_POLL: Duration = Duration::from_millis(250);

/// What the app builds from the config beyond plain data (the keymap and the theme), checked
/// without starting it, so `tempo config check` and every command refuse what the app would.
pub fn check_config(config: &Config) -> Result<(), String> {
    Keymap::new(&config.keys)?;
    Theme::from_config(&config.theme, false, None)?;
    Ok(())
}

/// Runs the TUI on the database at `db` until the user quits.
pub fn run(db: &Path, config: &Config, clock: crate::clock::Clock) -> Result<(), Error> {
    let mut trace = Trace::from_env();
    trace.mark("run");
    let store = open_store(db, config)?;
    trace.mark("store-open");
    let (settings, theme) = settings_and_theme(config)?;
    let tz = crate::config::local_zone();

    let (tx, rx) = mpsc::channel::<Msg>();
    trace.mark("settings");
    let mut terminal = terminal::enter().map_err(Error::Terminal)?;
    trace.mark("terminal");
    let result = (|| -> Result<(), Error> {
        let input = terminal::Input::spawn(tx.clone());
        terminal::forward_signals(tx.clone())?;
        let mut io = Io::new(store, input, tz, config);
        open_log(db, config, &tx);
        let worker = spawn_worker(db, config, tz, &clock, &tx)?;
        io.sync = Some(worker.sync_trigger());
        let _worker = WorkerGuard(Some(worker));
        trace.mark("threads");
        let state = start_state(&mut io, &mut terminal, &clock, settings, &mut trace)?;
        trace.mark("state");
        let mut app = Running {
            state,
            io,
            terminal: &mut terminal,
            clock: &clock,
            theme: &theme,
            trace: &mut trace,
        };
        app.event_loop(&rx)
    })();
    terminal::leave();
    result
}

fn open_store(db: &Path, config: &Config) -> Result<Store, Error> {
    let mut store = Store::open(db).map_err(|source| Error::Open {
        path: db.to_path_buf(),
        source,
    })?;
    for notice in store.take_notices() {
        eprintln!("note: {notice}");
    }
    store.set_undo_levels(config.general.undo_levels);
    store.track_writes();
    Ok(store)
}

/// Starts the log beside the database; a log that cannot be written is said once, as a toast.
fn open_log(db: &Path, config: &Config, tx: &mpsc::Sender<Msg>) {
    let log_file = crate::config::log_path(db);
    if crate::log::init(&log_file, config.general.log_level).is_err() {
        let _ = tx.send(Msg::OpResult(Err(format!(
            "cannot write the log {}",
            log_file.display()
        ))));
    }
}

/// The app's first state: the saved view, every task and the focus timer loaded, and what
/// those start-up messages ask for done (a calendar pane shown first asks for its agenda).
fn start_state(
    io: &mut Io,
    terminal: &mut ratatui::DefaultTerminal,
    clock: &crate::clock::Clock,
    settings: Settings,
    trace: &mut Trace,
) -> Result<State, Error> {
    let size = terminal.size()?;
    let saved = io.load_ui_state();
    let mut state = State::new(
        settings,
        &saved,
        clock.now(),
        io.tz,
        (size.width, size.height),
    );
    let mut first = VecDeque::from([io.reload()]);
    trace.mark("loaded");
    let focus = crate::msg::Effect::Focus(crate::msg::FocusOp::Refresh);
    first.extend(io.run(focus, terminal, clock.now()));
    settle(&mut state, io, terminal, clock, first);
    Ok(state)
}

/// The keymap and theme the config asks for: a config that passed `check_config` builds.
fn settings_and_theme(config: &Config) -> Result<(Settings, Theme), Error> {
    let keymap = Keymap::new(&config.keys).map_err(Error::Settings)?;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = Theme::from_config(
        &config.theme,
        no_color,
        std::env::var("COLORTERM").ok().as_deref(),
    )
    .map_err(Error::Settings)?;
    Ok((Settings::from_config(config, keymap), theme))
}

/// The reminder and sync worker, whose reports come in as messages like everything else.
fn spawn_worker(
    db: &Path,
    config: &Config,
    tz: chrono_tz::Tz,
    clock: &crate::clock::Clock,
    tx: &mpsc::Sender<Msg>,
) -> Result<crate::worker::Worker, Error> {
    let reports = tx.clone();
    let results = tx.clone();
    Ok(crate::worker::Worker::spawn(
        db.to_path_buf(),
        Duration::from_secs(1),
        crate::ops::reminders::Settings::from_config(&config.notify, &config.calendar),
        tz,
        format!("tui {}", std::process::id()),
        clock.clone(),
        crate::notify::Delivery::new(config.notify.desktop),
        std::sync::Arc::new(move |r: crate::worker::Report| {
            let _ = reports.send(Msg::Reminder(reminder_note(r)));
        }),
        std::sync::Arc::new(move |e: crate::worker::SyncEvent| {
            let _ = results.send(match e {
                crate::worker::SyncEvent::Status(s) => Msg::SyncStatus(s),
                crate::worker::SyncEvent::Result(r) => Msg::OpResult(r),
            });
        }),
    )?)
}

/// A reminder the worker handled, as the app shows it.
fn reminder_note(r: crate::worker::Report) -> crate::msg::ReminderNote {
    use crate::model::reminder::{Outcome, Verdict};
    let how = match (&r.delivered, r.verdict) {
        (Some(d), _) if d.path == crate::notify::Path::Desktop => Outcome::Desktop,
        (Some(_), _) => Outcome::Bell,
        (None, Verdict::Missed) => Outcome::Missed,
        (None, _) => Outcome::Quiet,
    };
    let focus = r.reminder.is_phase_end();
    crate::msg::ReminderNote {
        at: r.reminder.at,
        summary: r.reminder.summary,
        body: r.reminder.body,
        how,
        focus,
    }
}

/// The loop's state once everything is up.
struct Running<'a> {
    state: State,
    io: Io,
    terminal: &'a mut ratatui::DefaultTerminal,
    clock: &'a crate::clock::Clock,
    theme: &'a Theme,
    trace: &'a mut Trace,
}

impl Running<'_> {
    /// Draws when something changed, then waits for messages (or a deadline, or another
    /// process's write) and applies them, until the app quits.
    fn event_loop(&mut self, rx: &mpsc::Receiver<Msg>) -> Result<(), Error> {
        let mut data_version = self.io.store.data_version()?;
        // A controlled clock (tests) can jump at any moment: look at it often.
        let poll = self.clock.recheck(DATA_POLL);
        let mut dirty = true;
        loop {
            if dirty {
                let started = Instant::now();
                let (state, theme) = (&self.state, self.theme);
                self.terminal.draw(|f| ui::render(f, state, theme))?;
                self.trace.frame(started.elapsed());
                dirty = false;
            }
            if self.state.quitting {
                return Ok(());
            }
            let wait = self
                .state
                .next_deadline()
                .map(|d| (d - self.clock.now()).to_std().unwrap_or(Duration::ZERO))
                .map_or(poll, |d| d.min(poll));
            let mut queue: VecDeque<Msg> = VecDeque::new();
            match rx.recv_timeout(wait) {
                Ok(m) => queue.push_back(m),
                Err(RecvTimeoutError::Timeout) => match self.idle_message(&mut data_version)? {
                    Some(m) => queue.push_back(m),
                    None => continue,
                },
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
            queue.extend(rx.try_iter());
            update(&mut self.state, Msg::Clock(self.clock.now()));
            settle(
                &mut self.state,
                &mut self.io,
                self.terminal,
                self.clock,
                queue,
            );
            dirty = true;
        }
    }

    /// After a quiet wait: another process's write, or a deadline that has come.
    fn idle_message(&self, data_version: &mut i64) -> Result<Option<Msg>, Error> {
        let v = self.io.store.data_version()?;
        if v != *data_version {
            *data_version = v;
            return Ok(Some(Msg::DataChanged));
        }
        let due = self
            .state
            .next_deadline()
            .is_some_and(|d| d <= self.clock.now());
        Ok(due.then(|| Msg::Clock(self.clock.now())))
    }
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
