//! The app's effects run against its real store without a terminal or worker threads: what
//! the TUI benchmark uses to measure a key's whole cost (`update`, the store work its effects
//! ask for, the messages they answer with) as the app pays it.

use std::collections::VecDeque;
use std::path::Path;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::Error;
use super::io::Io;
use super::terminal::Input;
use crate::app::{State, update};
use crate::config::Config;
use crate::msg::{Effect, FocusOp, Msg};

pub struct Headless {
    io: Io,
}

impl Headless {
    /// Opens the database as the app does.
    pub fn open(db: &Path, config: &Config, tz: Tz) -> Result<Headless, Error> {
        let store = super::open_store(db, config)?;
        Ok(Headless {
            io: Io::new(store, Input::detached(), tz, config),
        })
    }

    /// What the app loads before its first frame.
    pub fn start(&mut self, now: DateTime<Utc>) -> VecDeque<Msg> {
        let mut first = VecDeque::from([self.io.reload()]);
        first.extend(self.io.run_plain(Effect::Focus(FocusOp::Refresh), now));
        first
    }

    /// Applies `queue`'s messages and runs every effect they ask for, as the app's loop does
    /// between two frames (an editor and a suspend do nothing here).
    pub fn settle(&mut self, state: &mut State, mut queue: VecDeque<Msg>, now: DateTime<Utc>) {
        while let Some(msg) = queue.pop_front() {
            for effect in update(state, msg) {
                queue.extend(self.io.run_plain(effect, now));
            }
        }
    }
}
