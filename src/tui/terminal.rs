//! Entering and leaving the full-screen terminal mode, and the input thread that can be paused
//! while another program (`$EDITOR`, the shell after Ctrl-Z) owns the terminal.

use std::io::{Write, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use crossterm::execute;
use ratatui::DefaultTerminal;

use crate::msg::Msg;

/// Raw mode, alternate screen, mouse and bracketed paste; restored on panic as well.
pub(crate) fn enter() -> std::io::Result<DefaultTerminal> {
    let terminal = ratatui::try_init()?;
    execute!(stdout(), EnableMouseCapture, EnableBracketedPaste)?;
    // ratatui's hook restores raw mode and the screen; mouse capture must go first.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableBracketedPaste, DisableMouseCapture);
        previous(info);
    }));
    Ok(terminal)
}

pub(crate) fn leave() {
    let _ = execute!(stdout(), DisableBracketedPaste, DisableMouseCapture);
    ratatui::restore();
    let _ = stdout().flush();
}

/// Re-enters the screen after a pause (editor, suspend) and forces a full redraw.
pub(crate) fn reenter(terminal: &mut DefaultTerminal) -> std::io::Result<()> {
    crossterm::terminal::enable_raw_mode()?;
    execute!(
        stdout(),
        crossterm::terminal::EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )?;
    terminal.clear()
}

/// Control over the input thread.
#[derive(Clone)]
pub(crate) struct Input {
    paused: Arc<AtomicBool>,
    idle: Arc<AtomicBool>,
}

impl Input {
    /// Starts reading terminal events into `tx`.
    pub(crate) fn spawn(tx: Sender<Msg>) -> Input {
        let input = Input {
            paused: Arc::new(AtomicBool::new(false)),
            idle: Arc::new(AtomicBool::new(false)),
        };
        let control = input.clone();
        std::thread::Builder::new()
            .name("input".into())
            .spawn(move || control.run(&tx))
            .ok();
        input
    }

    /// Control over no thread at all: for running effects without a terminal.
    pub(crate) fn detached() -> Input {
        Input {
            paused: Arc::new(AtomicBool::new(true)),
            idle: Arc::new(AtomicBool::new(true)),
        }
    }

    fn run(&self, tx: &Sender<Msg>) {
        loop {
            if self.paused.load(Ordering::Acquire) {
                self.idle.store(true, Ordering::Release);
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
            self.idle.store(false, Ordering::Release);
            // A bounded poll so a pause request is noticed; no message is sent while idle.
            match event::poll(Duration::from_millis(250)) {
                Ok(true) => {}
                Ok(false) => continue,
                Err(_) => return,
            }
            if self.paused.load(Ordering::Acquire) {
                continue;
            }
            let msg = match event::read() {
                Ok(Event::Key(k)) => Msg::Key(k),
                Ok(Event::Mouse(m)) => Msg::Mouse(m),
                Ok(Event::Paste(p)) => Msg::Paste(p),
                Ok(Event::Resize(w, h)) => Msg::Resize(w, h),
                Ok(_) => continue,
                Err(_) => return,
            };
            if tx.send(msg).is_err() {
                return;
            }
        }
    }

    /// Stops reading and waits until the thread has let go of the terminal.
    pub(crate) fn pause(&self) {
        self.paused.store(true, Ordering::Release);
        let deadline = Instant::now() + Duration::from_millis(600);
        while !self.idle.load(Ordering::Acquire) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    pub(crate) fn resume(&self) {
        self.paused.store(false, Ordering::Release);
    }
}

/// SIGTERM, SIGINT and SIGHUP become `Msg::Quit`, so the terminal is restored on the way out.
pub(crate) fn forward_signals(tx: Sender<Msg>) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if signals.forever().next().is_some() {
                let _ = tx.send(Msg::Quit);
            }
        })?;
    Ok(())
}
