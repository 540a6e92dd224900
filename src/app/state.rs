//! The app's state: panes, prompts, toasts and settings, and the geometry derived from them.

use super::*;
pub use crate::view_state::Pane;

/// How long a toast stays up.
pub(super) const TOAST_SECONDS: i64 = 4;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preset {
    pub name: String,
    pub filter: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Filter,
    Add,
    Command,
    Tags,
    /// A note for an interruption (`true`: external).
    Interruption(bool),
    /// An energy check-in, 1–5, on a session that just started (`at_start`) or ended.
    Energy {
        session: uuid::Uuid,
        at_start: bool,
    },
    /// A new event; a time alone falls on this day.
    CalAdd(NaiveDate),
    /// Changes to an event's occurrences.
    CalEdit {
        id: i64,
        scope: crate::calendar::Scope,
    },
    /// A time block for a task on this day.
    Block {
        task: i64,
        day: NaiveDate,
    },
    /// Start tracking: `track start` words.
    TimeStart,
    /// A backfill: `track add` words.
    TimeAdd,
    /// Changes to entry `id` (on `day`): `time edit` words.
    TimeEdit {
        id: i64,
        day: NaiveDate,
    },
    /// Where to split entry `id` (on `day`).
    TimeSplit {
        id: i64,
        day: NaiveDate,
    },
    /// What to correct in suggestion `id` before approving it.
    ReviewCorrect {
        id: uuid::Uuid,
    },
    /// Where to split suggestion `id` (on `day`).
    ReviewSplit {
        id: uuid::Uuid,
        day: NaiveDate,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: LineInput,
    pub error: Option<String>,
    /// For the filter prompt: what to go back to on Esc.
    pub previous: String,
}

impl Prompt {
    /// The error as shown under the input: all of it, except a filter error's caret line
    /// (which would repeat the input shown just above).
    pub fn shown_error(&self) -> Option<&str> {
        let e = self.error.as_deref()?;
        Some(match self.kind {
            PromptKind::Filter => e.lines().next().unwrap_or_default(),
            _ => e,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Normal,
    Prompt(Prompt),
    Form(EditForm),
    Confirm {
        question: String,
        effect: Effect,
    },
    Help {
        scroll: u16,
    },
    Presets {
        selected: usize,
    },
    /// The reminder history.
    Notifications {
        items: Vec<crate::msg::ReminderNote>,
        scroll: u16,
    },
    Conflicts {
        items: Vec<crate::msg::ConflictNote>,
        selected: usize,
    },
    /// Which occurrences of a repeating event an edit or a delete applies to.
    Scope {
        delete: bool,
        id: i64,
        at: DateTime<Utc>,
        summary: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    pub text: String,
    pub kind: ToastKind,
    pub until: DateTime<Utc>,
}

/// Settings fixed for the session.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub keymap: Keymap,
    pub urgency: UrgencyCoefficients,
    pub presets: Vec<Preset>,
    pub cycle: Cycle,
    /// Ring the terminal bell when a focus phase ends.
    pub bell: bool,
    /// Ask for an energy check-in when a focus session starts and ends.
    pub energy_checkin: bool,
    /// The activity types `type:` accepts (empty: any word).
    pub activities: Vec<String>,
}

impl Settings {
    /// The session's settings from the config; the keymap is built (and checked) by the caller.
    pub fn from_config(config: &crate::config::Config, keymap: Keymap) -> Settings {
        Settings {
            keymap,
            urgency: config.urgency.clone(),
            presets: config
                .tui
                .presets
                .iter()
                .map(|p| Preset {
                    name: p.name.clone(),
                    filter: p.filter.clone(),
                })
                .collect(),
            cycle: config.focus.cycle(),
            bell: config.focus.bell,
            energy_checkin: config.focus.energy_checkin,
            activities: config.time.activities.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub now: DateTime<Utc>,
    pub tz: Tz,
    pub size: (u16, u16),
    pub pane: Pane,
    pub zoomed: bool,
    pub mode: Mode,
    pub tasks: TasksPane,
    pub focus: FocusPane,
    pub calendar: CalendarPane,
    pub time: TimePane,
    pub toasts: Vec<Toast>,
    pub settings: Settings,
    pub quitting: bool,
    /// The sync thread's last word, for the top bar.
    pub sync_status: Option<crate::msg::SyncStatus>,
    /// The prompt whose operation is running: if it fails, the prompt comes back with its
    /// text and the error, so nothing typed is lost.
    pub in_flight: Option<Prompt>,
}

impl State {
    pub fn new(
        settings: Settings,
        saved: &UiState,
        now: DateTime<Utc>,
        tz: Tz,
        size: (u16, u16),
    ) -> State {
        let mut tasks = TasksPane::default();
        tasks.filter_text = saved.filter.clone();
        tasks.sort = saved.sort;
        tasks.group = saved.group;
        State {
            sync_status: None,
            in_flight: None,
            now,
            tz,
            size,
            pane: saved.pane,
            time: TimePane {
                period: saved.time_view,
                ..TimePane::default()
            },
            focus: FocusPane::default(),
            calendar: CalendarPane {
                view: saved.cal_view,
                ..CalendarPane::default()
            },
            zoomed: false,
            mode: Mode::Normal,
            tasks,
            toasts: Vec::new(),
            settings,
            quitting: false,
        }
    }

    pub fn areas(&self) -> Areas {
        let width = self.size.0;
        let prompt = match &self.mode {
            Mode::Prompt(p) => {
                1 + p
                    .shown_error()
                    .map_or(1, |e| layout::wrapped_lines(e, width))
            }
            _ => 0,
        };
        // A running timer and the running tracker take the right end of the status bar.
        let timer = self
            .focus
            .state
            .as_ref()
            .is_some_and(|f| f.active.is_some());
        let mut room = width;
        if timer {
            room = room.saturating_sub(layout::STATUS_TIMER_ROOM);
        }
        if self.time.ticking() {
            room = room.saturating_sub(layout::STATUS_TRACKER_ROOM);
        }
        let status = self
            .toasts
            .last()
            .map_or(1, |t| layout::wrapped_lines(&format!(" {}", t.text), room));
        Areas::new(self.size.0, self.size.1, self.zoomed, prompt, status)
    }

    pub fn context(&self) -> Context {
        match self.pane {
            Pane::Focus => Context::Focus,
            Pane::Calendar => Context::Calendar,
            Pane::Time => Context::Time,
            Pane::Tasks if self.tasks.detail.is_some() => Context::Detail,
            Pane::Tasks => Context::Tasks,
        }
    }

    pub fn ui_state(&self) -> UiState {
        UiState {
            pane: self.pane,
            filter: self.tasks.filter_text.clone(),
            sort: self.tasks.sort,
            group: self.tasks.group,
            cal_view: self.calendar.view,
            time_view: self.time.period,
        }
    }

    /// Today in the local zone.
    pub fn today(&self) -> NaiveDate {
        self.now.with_timezone(&self.tz).date_naive()
    }

    /// When the screen next changes on its own (a toast expiring, the running timer's next
    /// second), if ever. Nothing moving means no wake-ups.
    pub fn next_deadline(&self) -> Option<DateTime<Utc>> {
        let tick = self
            .focus
            .running()
            .then(|| self.now + Duration::seconds(1));
        // The running tracker shows minutes: its next minute.
        let minute = self
            .time
            .running_seconds(self.now)
            .map(|s| self.now + Duration::seconds(60 - s.rem_euclid(60)));
        self.toasts
            .iter()
            .map(|t| t.until)
            .chain(tick)
            .chain(minute)
            .min()
    }

    pub(super) fn toast(&mut self, text: impl Into<String>, kind: ToastKind) {
        self.toasts.push(Toast {
            text: text.into(),
            kind,
            until: self.now + Duration::seconds(TOAST_SECONDS),
        });
    }

    pub(super) fn page(&self) -> isize {
        self.areas().list_height().max(1) as isize
    }

    pub(super) fn fit(&mut self) {
        let h = self.areas().list_height();
        self.tasks.scroll_into_view(h);
    }
}
