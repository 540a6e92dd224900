//! TUI state and `update`, the only place it changes. `update` reads no clock and does no I/O:
//! time arrives as `Msg::Clock`, and what should happen outside comes back as `Effect`s.

pub mod calendar;
pub mod command_line;
pub mod focus;
pub mod form;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod tasks;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};

use crate::model::Priority;
use crate::model::Status;
use crate::model::focus::{Cycle, Kind};
use crate::model::urgency::UrgencyCoefficients;
use crate::msg::{Effect, FocusOp, Msg, Op, UiState};
use calendar::{CalendarPane, View};
use focus::FocusPane;
use form::EditForm;
use input::{Edit, LineInput};
use keymap::{Action, Context, Key, Keymap};
use layout::Areas;
use tasks::{Detail, SortMode, TasksPane};

/// How long a toast stays up.
const TOAST_SECONDS: i64 = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Tasks,
    Focus,
    Calendar,
}

impl Pane {
    pub const ALL: [Pane; 3] = [Pane::Tasks, Pane::Focus, Pane::Calendar];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Tasks => "Tasks",
            Pane::Focus => "Focus",
            Pane::Calendar => "Calendar",
        }
    }

    fn step(self, delta: isize) -> Pane {
        let i = Pane::ALL.iter().position(|p| *p == self).unwrap_or(0) as isize;
        Pane::ALL[(i + delta).rem_euclid(Pane::ALL.len() as isize) as usize]
    }
}

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
    pub toasts: Vec<Toast>,
    pub settings: Settings,
    pub quitting: bool,
    /// The sync thread's last word, for the top bar.
    pub sync_status: Option<String>,
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
        tasks.sort = SortMode::parse(&saved.sort).unwrap_or_default();
        tasks.group = saved.group;
        State {
            sync_status: None,
            in_flight: None,
            now,
            tz,
            size,
            pane: match saved.pane.as_str() {
                "focus" => Pane::Focus,
                "calendar" => Pane::Calendar,
                _ => Pane::Tasks,
            },
            focus: FocusPane::default(),
            calendar: CalendarPane {
                view: View::parse(&saved.cal_view).unwrap_or_default(),
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
        // A running timer takes the right end of the status bar.
        let timer = self
            .focus
            .state
            .as_ref()
            .is_some_and(|f| f.active.is_some());
        let room = if timer {
            width.saturating_sub(layout::STATUS_TIMER_ROOM)
        } else {
            width
        };
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
            Pane::Tasks if self.tasks.detail.is_some() => Context::Detail,
            Pane::Tasks => Context::Tasks,
        }
    }

    pub fn ui_state(&self) -> UiState {
        UiState {
            pane: self.pane.title().to_lowercase(),
            filter: self.tasks.filter_text.clone(),
            sort: self.tasks.sort.name().to_string(),
            group: self.tasks.group,
            cal_view: self.calendar.view.name().to_lowercase(),
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
        self.toasts.iter().map(|t| t.until).chain(tick).min()
    }

    fn toast(&mut self, text: impl Into<String>, kind: ToastKind) {
        self.toasts.push(Toast {
            text: text.into(),
            kind,
            until: self.now + Duration::seconds(TOAST_SECONDS),
        });
    }

    fn page(&self) -> isize {
        self.areas().list_height().max(1) as isize
    }

    fn fit(&mut self) {
        let h = self.areas().list_height();
        self.tasks.scroll_into_view(h);
    }
}

/// Applies one message. The returned effects are run by `tui::Io` in order.
pub fn update(state: &mut State, msg: Msg) -> Vec<Effect> {
    let effects = match msg {
        Msg::Key(key) if key.kind != KeyEventKind::Release => on_key(state, key),
        Msg::Key(_) => vec![],
        Msg::Mouse(m) => on_mouse(state, m),
        Msg::Paste(text) => {
            let clean = text.replace(['\n', '\r'], " ");
            match &mut state.mode {
                Mode::Prompt(p) => {
                    p.input.insert(&clean);
                    if p.kind == PromptKind::Filter {
                        return live_filter(state);
                    }
                }
                Mode::Form(f) => f.focused().insert(&clean),
                _ => {}
            }
            vec![]
        }
        Msg::Resize(w, h) => {
            state.size = (w, h);
            vec![]
        }
        Msg::Clock(now) => {
            state.now = now;
            state.toasts.retain(|t| t.until > now);
            if state.focus.due(now) {
                vec![Effect::Focus(FocusOp::Refresh)]
            } else {
                vec![]
            }
        }
        Msg::Focus(focus) => on_focus_state(state, *focus),
        Msg::FocusStats(stats) => {
            state.focus.stats = Some(*stats);
            vec![]
        }
        Msg::DataChanged => vec![Effect::Reload],
        Msg::Tasks(list) => {
            let (now, tz) = (state.now, state.tz);
            state.tasks.load(list, now, &tz, &state.settings.urgency);
            if let Some(d) = &state.tasks.detail {
                if state.tasks.item_by_uuid(&d.uuid).is_none() {
                    state.tasks.detail = None;
                }
            }
            // Tasks arrive after every change: the agenda (events, due tasks) follows — now if
            // it is on screen, else when the pane is next shown.
            match state.calendar.loaded {
                Some((from, to)) if state.pane == Pane::Calendar => {
                    state.calendar.requested = Some((from, to));
                    vec![Effect::LoadAgenda { from, to }]
                }
                Some(_) => {
                    state.calendar.loaded = None;
                    vec![]
                }
                None if state.pane == Pane::Calendar => load_agenda(state),
                None => vec![],
            }
        }
        Msg::Agenda { from, to, items } => {
            let c = &mut state.calendar;
            c.items = items;
            c.loaded = Some((from, to));
            if c.requested == Some((from, to)) {
                c.requested = None;
            }
            // The cursor may have moved on while this loaded.
            load_agenda(state)
        }
        Msg::History(uuid, history, source) => {
            if let Some(d) = state.tasks.detail.as_mut().filter(|d| d.uuid == uuid) {
                d.history = Some(history);
                d.source = source;
            }
            vec![]
        }
        Msg::OpResult(Ok(text)) => {
            state.toast(text, ToastKind::Info);
            vec![]
        }
        Msg::OpResult(Err(text)) => {
            state.toast(text, ToastKind::Error);
            vec![Effect::Bell]
        }
        Msg::Ran(Ok(text)) => {
            state.in_flight = None;
            state.toast(text, ToastKind::Info);
            vec![]
        }
        Msg::Ran(Err(text)) => match state.in_flight.take() {
            Some(mut p) if matches!(state.mode, Mode::Normal) => {
                p.error = Some(text);
                state.mode = Mode::Prompt(p);
                vec![Effect::Bell]
            }
            _ => {
                state.toast(text, ToastKind::Error);
                vec![Effect::Bell]
            }
        },
        // The focus pane already shows and rings a phase end; the desktop notification went
        // out all the same.
        Msg::Reminder(note) if note.focus && note.how != "missed" => vec![],
        Msg::Reminder(note) => {
            let first = note.body.lines().next().unwrap_or_default();
            let (text, kind) = match note.how.as_str() {
                "missed" => (
                    format!("Missed: {} — {first}", note.summary),
                    ToastKind::Error,
                ),
                "quiet" => (
                    format!("Held (quiet hours): {}", note.summary),
                    ToastKind::Info,
                ),
                _ => (format!("🔔 {} — {first}", note.summary), ToastKind::Info),
            };
            state.toast(text, kind);
            if note.how == "bell" {
                vec![Effect::Bell]
            } else {
                vec![]
            }
        }
        Msg::ReminderHistory(items) => {
            state.mode = Mode::Notifications { items, scroll: 0 };
            vec![]
        }
        Msg::SyncStatus(text) => {
            state.sync_status = Some(text);
            vec![]
        }
        Msg::Conflicts(items) => {
            // The top bar's count of conflicts is stale once none are left.
            if items.is_empty()
                && state
                    .sync_status
                    .as_deref()
                    .is_some_and(|s| s.starts_with('⚠'))
            {
                state.sync_status = None;
            }
            let selected = match &state.mode {
                Mode::Conflicts { selected, .. } => *selected,
                _ => 0,
            };
            state.mode = Mode::Conflicts {
                selected: selected.min(items.len().saturating_sub(1)),
                items,
            };
            vec![]
        }
        Msg::Quit => quit(state),
    };
    state.fit();
    effects
}

fn quit(state: &mut State) -> Vec<Effect> {
    state.quitting = true;
    vec![Effect::SaveUiState(state.ui_state()), Effect::Quit]
}

fn on_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    match std::mem::replace(&mut state.mode, Mode::Normal) {
        Mode::Normal => on_action(state, key),
        Mode::Prompt(p) => on_prompt(state, p, key),
        Mode::Form(f) => on_form(state, f, key),
        Mode::Confirm { question, effect } => match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => vec![effect],
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => vec![],
            _ => {
                state.mode = Mode::Confirm { question, effect };
                vec![]
            }
        },
        Mode::Help { scroll } => {
            let k = Key::from_event(&key);
            let close = matches!(key.code, KeyCode::Esc | KeyCode::Char('q'))
                || state.settings.keymap.action(Context::Global, k) == Some(Action::Help);
            if !close {
                let scroll = match key.code {
                    KeyCode::Char('j') | KeyCode::Down => scroll.saturating_add(1),
                    KeyCode::Char('k') | KeyCode::Up => scroll.saturating_sub(1),
                    KeyCode::PageDown => scroll.saturating_add(10),
                    KeyCode::PageUp => scroll.saturating_sub(10),
                    _ => scroll,
                };
                state.mode = Mode::Help { scroll };
            }
            vec![]
        }
        Mode::Scope {
            delete,
            id,
            at,
            summary,
        } => {
            use crate::calendar::Scope;
            use crate::model::dates::When;
            let scope = match key.code {
                KeyCode::Char('o') | KeyCode::Char('1') => Scope::One(When::At(at)),
                KeyCode::Char('f') | KeyCode::Char('2') => Scope::Following(When::At(at)),
                KeyCode::Char('a') | KeyCode::Char('3') => Scope::All,
                KeyCode::Esc | KeyCode::Char('q') => return vec![],
                _ => {
                    state.mode = Mode::Scope {
                        delete,
                        id,
                        at,
                        summary,
                    };
                    return vec![];
                }
            };
            if delete {
                vec![Effect::Run(Op::CalDelete { id, scope })]
            } else {
                prompt(state, PromptKind::CalEdit { id, scope }, "");
                vec![]
            }
        }
        Mode::Notifications { items, scroll } => {
            let k = Key::from_event(&key);
            let close = matches!(key.code, KeyCode::Esc | KeyCode::Char('q'))
                || state.settings.keymap.action(Context::Global, k) == Some(Action::Notifications);
            if !close {
                let scroll = match key.code {
                    KeyCode::Char('j') | KeyCode::Down => scroll.saturating_add(1),
                    KeyCode::Char('k') | KeyCode::Up => scroll.saturating_sub(1),
                    _ => scroll,
                };
                state.mode = Mode::Notifications { items, scroll };
            }
            vec![]
        }
        Mode::Conflicts { items, selected } => {
            let k = Key::from_event(&key);
            let close = matches!(key.code, KeyCode::Esc | KeyCode::Char('q'))
                || state.settings.keymap.action(Context::Global, k) == Some(Action::Conflicts);
            if close {
                return vec![];
            }
            let last = items.len().saturating_sub(1);
            let chosen = items.get(selected).map(|c| c.id);
            let (selected, effects) = match (key.code, chosen) {
                (KeyCode::Char(c @ ('l' | 'r')), Some(id)) => (
                    selected,
                    vec![
                        Effect::Run(Op::Resolve {
                            id,
                            local: c == 'l',
                        }),
                        Effect::LoadConflicts,
                    ],
                ),
                (KeyCode::Char('j') | KeyCode::Down, _) => ((selected + 1).min(last), vec![]),
                (KeyCode::Char('k') | KeyCode::Up, _) => (selected.saturating_sub(1), vec![]),
                _ => (selected, vec![]),
            };
            state.mode = Mode::Conflicts { items, selected };
            effects
        }
        Mode::Presets { selected } => {
            let n = state.settings.presets.len();
            match key.code {
                KeyCode::Char('j') | KeyCode::Down if n > 0 => {
                    state.mode = Mode::Presets {
                        selected: (selected + 1) % n,
                    }
                }
                KeyCode::Char('k') | KeyCode::Up if n > 0 => {
                    state.mode = Mode::Presets {
                        selected: (selected + n - 1) % n,
                    }
                }
                KeyCode::Enter => {
                    if let Some(p) = state.settings.presets.get(selected).cloned() {
                        return apply_filter(state, p.filter, false);
                    }
                }
                KeyCode::Char(c) if c.is_ascii_digit() => {
                    let i = c.to_digit(10).unwrap_or(0) as usize;
                    if let Some(p) = i
                        .checked_sub(1)
                        .and_then(|i| state.settings.presets.get(i))
                        .cloned()
                    {
                        return apply_filter(state, p.filter, false);
                    }
                    state.mode = Mode::Presets { selected };
                }
                KeyCode::Esc | KeyCode::Char('q') => {}
                _ => state.mode = Mode::Presets { selected },
            }
            vec![]
        }
    }
}

fn apply_filter(state: &mut State, filter: String, fuzzy: bool) -> Vec<Effect> {
    state.tasks.filter_text = filter;
    state.tasks.fuzzy = fuzzy;
    let (now, tz) = (state.now, state.tz);
    state.tasks.refilter(now, &tz);
    vec![Effect::SaveUiState(state.ui_state())]
}

fn selected_task(state: &State) -> Option<crate::model::Task> {
    match &state.tasks.detail {
        Some(d) => state
            .tasks
            .item_by_uuid(&d.uuid)
            .map(|i| i.listed.task.clone()),
        None => state.tasks.selected_item().map(|i| i.listed.task.clone()),
    }
}

fn prompt(state: &mut State, kind: PromptKind, text: &str) {
    state.mode = Mode::Prompt(Prompt {
        kind,
        input: LineInput::new(text),
        error: None,
        previous: state.tasks.filter_text.clone(),
    });
}

fn on_action(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let km = &state.settings.keymap;
    let key = Key::from_event(&key);
    // In the detail view, the list's task keys (d, e, E, s, p, t, x, u) act on the task shown.
    let action = km.action(state.context(), key).or_else(|| {
        km.action(Context::Tasks, key).filter(|a| {
            state.context() == Context::Detail
                && matches!(
                    a,
                    Action::Edit
                        | Action::EditNotes
                        | Action::Done
                        | Action::Delete
                        | Action::StartStop
                        | Action::CyclePriority
                        | Action::EditTags
                        | Action::Undo
                )
        })
    });
    let Some(action) = action else {
        return vec![];
    };
    let task = selected_task(state);
    let need_task = |state: &mut State| {
        state.toast("No task selected", ToastKind::Error);
        vec![]
    };
    match action {
        Action::Quit => return quit(state),
        Action::Help => state.mode = Mode::Help { scroll: 0 },
        Action::NextPane => return switch_pane(state, state.pane.step(1)),
        Action::PrevPane => return switch_pane(state, state.pane.step(-1)),
        Action::PaneTasks => return switch_pane(state, Pane::Tasks),
        Action::PaneFocus => return switch_pane(state, Pane::Focus),
        Action::PaneCalendar => return switch_pane(state, Pane::Calendar),
        Action::CalPrevDay
        | Action::CalNextDay
        | Action::CalDown
        | Action::CalUp
        | Action::CalPrevPage
        | Action::CalNextPage
        | Action::CalToday
        | Action::CalView
        | Action::CalOpen
        | Action::CalBack
        | Action::CalAdd
        | Action::CalEdit
        | Action::CalDelete
        | Action::CalBlock => return on_calendar_action(state, action),
        Action::FocusToggle
        | Action::FocusInterrupt
        | Action::FocusInterruptExternal
        | Action::FocusComplete
        | Action::FocusAbandon
        | Action::FocusLonger
        | Action::FocusShorter
        | Action::FocusSkipBreak
        | Action::FocusStats => return on_focus_action(state, action),
        Action::Zoom => state.zoomed = !state.zoomed,
        Action::Notifications => return vec![Effect::LoadReminderHistory],
        Action::Conflicts => return vec![Effect::LoadConflicts],
        Action::SyncNow => return vec![Effect::SyncNow],
        Action::CommandLine => prompt(state, PromptKind::Command, ""),
        Action::Suspend => return vec![Effect::Suspend],
        Action::Down => state.tasks.move_by(1),
        Action::Up => state.tasks.move_by(-1),
        Action::PageDown => state.tasks.move_by(state.page()),
        Action::PageUp => state.tasks.move_by(-state.page()),
        Action::Top => state.tasks.move_to_end(false),
        Action::Bottom => state.tasks.move_to_end(true),
        Action::Filter => {
            let text = state.tasks.filter_text.clone();
            prompt(state, PromptKind::Filter, &text);
        }
        Action::ClearFilter if !state.tasks.filter_text.is_empty() || state.tasks.fuzzy => {
            return apply_filter(state, String::new(), false);
        }
        Action::ClearFilter => {}
        Action::Presets => state.mode = Mode::Presets { selected: 0 },
        Action::Add => prompt(state, PromptKind::Add, ""),
        Action::CycleSort => {
            state.tasks.sort = state.tasks.sort.next();
            let (now, tz) = (state.now, state.tz);
            state.tasks.resort(now, &tz);
            state.toast(
                format!("Sorted by {}", state.tasks.sort.name()),
                ToastKind::Info,
            );
            return vec![Effect::SaveUiState(state.ui_state())];
        }
        Action::GroupByProject => {
            state.tasks.group = !state.tasks.group;
            let (now, tz) = (state.now, state.tz);
            state.tasks.resort(now, &tz);
            return vec![Effect::SaveUiState(state.ui_state())];
        }
        Action::Back => state.tasks.detail = None,
        Action::ScrollDown => {
            if let Some(d) = &mut state.tasks.detail {
                d.scroll = d.scroll.saturating_add(1);
            }
        }
        Action::ScrollUp => {
            if let Some(d) = &mut state.tasks.detail {
                d.scroll = d.scroll.saturating_sub(1);
            }
        }
        Action::Undo => return vec![Effect::Run(Op::Undo)],
        // The rest act on the selected task.
        _ => {
            let Some(t) = task else {
                return need_task(state);
            };
            return on_task_action(state, action, t);
        }
    }
    vec![]
}

fn on_task_action(state: &mut State, action: Action, t: crate::model::Task) -> Vec<Effect> {
    match action {
        Action::Edit => state.mode = Mode::Form(EditForm::new(&t, &state.tz)),
        Action::EditNotes => {
            return vec![Effect::EditNotes {
                uuid: t.uuid,
                notes: t.notes,
            }];
        }
        Action::Done => return vec![Effect::Run(Op::Done(t.id))],
        Action::Delete => {
            state.mode = Mode::Confirm {
                question: format!(
                    "Delete task {} “{}”? (y/n — undo brings it back)",
                    t.id, t.title
                ),
                effect: Effect::Run(Op::Delete(t.id)),
            };
        }
        Action::StartStop => {
            return vec![Effect::Run(Op::StartStop {
                id: t.id,
                start: t.status != Status::Started,
            })];
        }
        Action::CyclePriority => {
            let next = Priority::cycle(t.priority).map_or("none", Priority::as_str);
            return vec![Effect::Run(Op::Modify {
                target: t.id.to_string(),
                words: vec![format!("pri:{next}")],
                title: None,
            })];
        }
        Action::EditTags => prompt(state, PromptKind::Tags, &t.tags.join(" ")),
        Action::Detail => {
            state.tasks.detail = Some(Detail {
                uuid: t.uuid,
                scroll: 0,
                history: None,
                source: None,
            });
            return vec![Effect::LoadHistory(t.uuid)];
        }
        Action::FocusTask => {
            let minutes = state
                .focus
                .adjusted_minutes
                .take()
                .unwrap_or(state.settings.cycle.focus_minutes);
            state.pane = Pane::Focus;
            return vec![
                Effect::Focus(FocusOp::Start {
                    task: Some(t.id),
                    kind: Kind::Focus,
                    minutes,
                }),
                Effect::SaveUiState(state.ui_state()),
            ];
        }
        _ => {}
    }
    vec![]
}

fn on_prompt(state: &mut State, mut p: Prompt, key: KeyEvent) -> Vec<Effect> {
    match key.code {
        KeyCode::Esc => {
            if p.kind == PromptKind::Filter {
                apply_filter(state, p.previous, false);
            }
            vec![]
        }
        KeyCode::Enter => {
            let typed = p.clone();
            let effects = submit_prompt(state, p);
            if effects.iter().any(|e| matches!(e, Effect::Run(_))) {
                state.in_flight = Some(Prompt {
                    error: None,
                    ..typed
                });
            }
            effects
        }
        KeyCode::Tab if p.kind == PromptKind::Filter => {
            state.tasks.fuzzy = !state.tasks.fuzzy;
            state.mode = Mode::Prompt(p);
            live_filter(state)
        }
        _ => {
            let edit = p.input.handle(&key);
            let is_filter = p.kind == PromptKind::Filter;
            state.mode = Mode::Prompt(p);
            if edit == Edit::Changed && is_filter {
                live_filter(state)
            } else {
                vec![]
            }
        }
    }
}

/// Re-applies the filter prompt's text as it is typed; a parse error shows under the input and
/// leaves the last good result on screen.
fn live_filter(state: &mut State) -> Vec<Effect> {
    let Mode::Prompt(p) = &mut state.mode else {
        return vec![];
    };
    state.tasks.filter_text = p.input.text().to_string();
    let (now, tz) = (state.now, state.tz);
    state.tasks.refilter(now, &tz);
    if let Mode::Prompt(p) = &mut state.mode {
        p.error = state.tasks.filter_error.clone();
    }
    vec![]
}

fn submit_prompt(state: &mut State, mut p: Prompt) -> Vec<Effect> {
    let text = p.input.text().trim().to_string();
    match p.kind {
        PromptKind::Filter => {
            if let Some(e) = &state.tasks.filter_error {
                p.error = Some(e.clone());
                state.mode = Mode::Prompt(p);
                return vec![];
            }
            vec![Effect::SaveUiState(state.ui_state())]
        }
        PromptKind::Add if text.is_empty() => vec![],
        PromptKind::Add => vec![Effect::Run(Op::Add(text))],
        PromptKind::CalAdd(_) | PromptKind::CalEdit { .. } | PromptKind::Block { .. }
            if text.is_empty() =>
        {
            vec![]
        }
        PromptKind::CalAdd(day) => vec![Effect::Run(Op::CalAdd { text, day })],
        PromptKind::CalEdit { id, scope } => vec![Effect::Run(Op::CalEdit { id, scope, text })],
        PromptKind::Block { task, day } => vec![Effect::Run(Op::Block { task, text, day })],
        PromptKind::Command if text.is_empty() => vec![],
        PromptKind::Command => command_line::run(state, text),
        PromptKind::Tags => {
            let Some(t) = selected_task(state) else {
                return vec![];
            };
            let new: Vec<&str> = text.split_whitespace().collect();
            if let Some(bad) = new
                .iter()
                .find_map(|t| crate::model::task::validate_tag(t).err())
            {
                p.error = Some(bad);
                state.mode = Mode::Prompt(p);
                return vec![];
            }
            let mut words: Vec<String> = new
                .iter()
                .filter(|n| !t.has_tag(n))
                .map(|n| format!("+{n}"))
                .collect();
            words.extend(
                t.tags
                    .iter()
                    .filter(|o| !new.contains(&o.as_str()))
                    .map(|o| format!("-{o}")),
            );
            if words.is_empty() {
                return vec![];
            }
            vec![Effect::Run(Op::Modify {
                target: t.id.to_string(),
                words,
                title: None,
            })]
        }
        PromptKind::Interruption(external) => vec![Effect::Focus(FocusOp::Interrupt {
            external,
            note: text,
        })],
    }
}

fn switch_pane(state: &mut State, pane: Pane) -> Vec<Effect> {
    if state.pane != pane {
        // What the last pane said ("Week view") means nothing on the next one; errors stay
        // until they expire so they can still be read.
        state.toasts.retain(|t| t.kind == ToastKind::Error);
    }
    state.pane = pane;
    let mut effects = vec![Effect::SaveUiState(state.ui_state())];
    if pane == Pane::Calendar {
        effects.extend(load_agenda(state));
    }
    if pane == Pane::Focus && state.focus.show_stats {
        effects.push(Effect::Focus(FocusOp::Stats {
            days: focus::STATS_DAYS,
        }));
    }
    effects
}

/// Asks for the agenda around the selected day when it is not loaded yet.
fn load_agenda(state: &mut State) -> Vec<Effect> {
    let cursor = state.calendar.cursor(state.today());
    match state.calendar.needs(cursor) {
        Some((from, to)) => {
            state.calendar.requested = Some((from, to));
            vec![Effect::LoadAgenda { from, to }]
        }
        None => vec![],
    }
}

fn on_calendar_action(state: &mut State, action: Action) -> Vec<Effect> {
    let (today, tz) = (state.today(), state.tz);
    let cal = &mut state.calendar;
    let cursor = cal.cursor(today);
    match action {
        Action::CalPrevDay => cal.move_days(today, -1),
        Action::CalNextDay => cal.move_days(today, 1),
        Action::CalDown if cal.view == View::Month => cal.move_days(today, 7),
        Action::CalUp if cal.view == View::Month => cal.move_days(today, -7),
        Action::CalDown => cal.move_item(today, &tz, 1),
        Action::CalUp => cal.move_item(today, &tz, -1),
        Action::CalPrevPage | Action::CalNextPage => {
            let sign = if action == Action::CalNextPage { 1 } else { -1 };
            match cal.view {
                View::Month => cal.move_months(today, sign),
                View::Week | View::Agenda => cal.move_days(today, 7 * i64::from(sign)),
                View::Day => cal.move_days(today, i64::from(sign)),
            }
        }
        Action::CalToday => {
            cal.cursor = Some(today);
            cal.selected = 0;
        }
        Action::CalView => {
            cal.view = cal.view.next();
            state.toast(
                format!("{} view", state.calendar.view.name()),
                ToastKind::Info,
            );
            let mut effects = vec![Effect::SaveUiState(state.ui_state())];
            effects.extend(load_agenda(state));
            return effects;
        }
        Action::CalBack if cal.view != View::Month => {
            cal.view = View::Month;
            return vec![Effect::SaveUiState(state.ui_state())];
        }
        Action::CalBack => {}
        Action::CalOpen if cal.view != View::Day => {
            cal.view = View::Day;
            return vec![Effect::SaveUiState(state.ui_state())];
        }
        Action::CalOpen => return open_item(state),
        Action::CalAdd => {
            prompt(state, PromptKind::CalAdd(cursor), "");
        }
        Action::CalEdit | Action::CalDelete => {
            let Some(item) = cal.selected_item(today, &tz).cloned() else {
                state.toast("No event on this day", ToastKind::Error);
                return vec![];
            };
            if item.kind != crate::calendar::ItemKind::Event {
                state.toast(
                    "That is a task; change it in the task list",
                    ToastKind::Error,
                );
                return vec![];
            }
            if item.read_only {
                state.toast(
                    format!(
                        "“{}” is read-only ({})",
                        item.occurrence.summary, item.calendar
                    ),
                    ToastKind::Error,
                );
                return vec![];
            }
            let delete = action == Action::CalDelete;
            let (id, summary) = (item.id, item.occurrence.summary.clone());
            if item.occurrence.recurring {
                state.mode = Mode::Scope {
                    delete,
                    id,
                    at: item.occurrence.start,
                    summary,
                };
            } else if delete {
                state.mode = Mode::Confirm {
                    question: format!("Delete “{summary}”?"),
                    effect: Effect::Run(Op::CalDelete {
                        id,
                        scope: crate::calendar::Scope::All,
                    }),
                };
            } else {
                prompt(
                    state,
                    PromptKind::CalEdit {
                        id,
                        scope: crate::calendar::Scope::All,
                    },
                    "",
                );
            }
        }
        Action::CalBlock => {
            let Some(t) = state.tasks.selected_item().map(|i| i.listed.task.clone()) else {
                state.toast("Select a task in the task list first", ToastKind::Error);
                return vec![];
            };
            prompt(
                state,
                PromptKind::Block {
                    task: t.id,
                    day: cursor,
                },
                "",
            );
        }
        _ => {}
    }
    load_agenda(state)
}

/// Enter on an item in the day view: a time block starts a focus session on its task (see
/// `ops::calendar::block_session`); other items show what they are.
fn open_item(state: &mut State) -> Vec<Effect> {
    let (today, tz) = (state.today(), state.tz);
    let Some(item) = state.calendar.selected_item(today, &tz).cloned() else {
        return vec![];
    };
    let task = item
        .task
        .as_deref()
        .and_then(|u| uuid::Uuid::parse_str(u).ok())
        .and_then(|u| state.tasks.item_by_uuid(&u).map(|i| i.listed.task.id));
    if let (Some(id), crate::calendar::ItemKind::Event) = (task, item.kind) {
        let o = &item.occurrence;
        let (minutes, text) = crate::ops::calendar::block_session(o.start, o.end, state.now, &tz);
        state.toast(text, ToastKind::Info);
        state.pane = Pane::Focus;
        return vec![
            Effect::Focus(FocusOp::Start {
                task: Some(id),
                kind: Kind::Focus,
                minutes,
            }),
            Effect::SaveUiState(state.ui_state()),
        ];
    }
    let o = &item.occurrence;
    let place = o
        .location
        .as_deref()
        .map(|l| format!(" @ {l}"))
        .unwrap_or_default();
    let text = format!("{}{place} · {}", o.summary, item.calendar);
    state.toast(text, ToastKind::Info);
    vec![]
}

fn on_focus_action(state: &mut State, action: Action) -> Vec<Effect> {
    let cycle = state.settings.cycle;
    let active = state.focus.state.as_ref().and_then(|s| s.active.clone());
    let need_active = |state: &mut State| {
        state.toast(
            "No focus session is running (space starts one)",
            ToastKind::Error,
        );
        vec![]
    };
    match action {
        Action::FocusToggle => return vec![Effect::Focus(state.focus.toggle(&cycle))],
        Action::FocusInterrupt | Action::FocusInterruptExternal => {
            if active.is_none() {
                return need_active(state);
            }
            prompt(
                state,
                PromptKind::Interruption(action == Action::FocusInterruptExternal),
                "",
            );
        }
        Action::FocusComplete if active.is_some() => return vec![Effect::Focus(FocusOp::Stop)],
        Action::FocusComplete => return need_active(state),
        Action::FocusAbandon => match active {
            Some(a) => {
                state.mode = Mode::Confirm {
                    question: format!("Abandon “{}”? Its time will not count. (y/n)", a.title),
                    effect: Effect::Focus(FocusOp::Abandon),
                };
            }
            None => return need_active(state),
        },
        Action::FocusLonger | Action::FocusShorter if active.is_some() => {
            state.toast(
                "The length is set before starting; this session is under way",
                ToastKind::Error,
            );
        }
        Action::FocusLonger => state.focus.adjust(&cycle, 5),
        Action::FocusShorter => state.focus.adjust(&cycle, -5),
        Action::FocusSkipBreak => return vec![Effect::Focus(FocusOp::Skip)],
        Action::FocusStats => {
            state.focus.show_stats = !state.focus.show_stats;
            if state.focus.show_stats {
                return vec![Effect::Focus(FocusOp::Stats {
                    days: focus::STATS_DAYS,
                })];
            }
        }
        _ => {}
    }
    vec![]
}

/// A fresh report from `Io`: phases that just ended are announced with a toast (and the bell).
fn on_focus_state(state: &mut State, report: crate::model::focus::FocusState) -> Vec<Effect> {
    let mut effects = Vec::new();
    for ended in report
        .ended
        .iter()
        .filter(|e| e.status == crate::model::focus::FocusStatus::Completed)
    {
        let next = match &report.active {
            Some(a) => format!("{} started", a.kind.label().to_lowercase()),
            None => format!("next: {}", report.next.label().to_lowercase()),
        };
        state.toast(
            format!("{} “{}” done · {next}", ended.kind.label(), ended.title),
            ToastKind::Info,
        );
        if state.settings.bell {
            effects.push(Effect::Bell);
        }
    }
    if let Some(text) = focus::FocusPane::ended_toast(&report) {
        state.toast(text, ToastKind::Info);
    }
    let changed = state.focus.state.as_ref().map(|s| &s.active) != Some(&report.active);
    state.focus.state = Some(report);
    if changed && state.focus.show_stats {
        effects.push(Effect::Focus(FocusOp::Stats {
            days: focus::STATS_DAYS,
        }));
    }
    effects
}

fn on_form(state: &mut State, mut f: EditForm, key: KeyEvent) -> Vec<Effect> {
    match key.code {
        KeyCode::Esc => return vec![],
        KeyCode::Tab | KeyCode::Down => f.move_focus(1),
        KeyCode::BackTab | KeyCode::Up => f.move_focus(-1),
        KeyCode::Enter => {
            let now = state.now.with_timezone(&state.tz);
            match f.to_op(&now) {
                Ok(Some(op)) => return vec![Effect::Run(op)],
                Ok(None) => return vec![],
                Err(e) => f.error = Some(e),
            }
        }
        _ => {
            if f.focused().handle(&key) == Edit::Changed {
                f.error = None;
            }
        }
    }
    state.mode = Mode::Form(f);
    vec![]
}

fn on_mouse(state: &mut State, m: MouseEvent) -> Vec<Effect> {
    if !matches!(state.mode, Mode::Normal) || state.tasks.detail.is_some() {
        return vec![];
    }
    let areas = state.areas();
    match m.kind {
        MouseEventKind::ScrollDown => state.tasks.move_by(3),
        MouseEventKind::ScrollUp => state.tasks.move_by(-3),
        MouseEventKind::Down(MouseButton::Left) => {
            if areas.tabs.is_some_and(|t| m.row == t.y) {
                if let Some(pane) = layout::tab_at(m.column) {
                    return switch_pane(state, pane);
                }
                return vec![];
            }
            if state.pane != Pane::Tasks {
                return vec![];
            }
            let body_top = areas.pane.y + 1;
            if m.row >= body_top && m.row < areas.pane.y + areas.pane.height {
                let row = state.tasks.offset + usize::from(m.row - body_top);
                if matches!(state.tasks.rows.get(row), Some(tasks::RowRef::Task(_))) {
                    state.tasks.selected = row;
                }
            }
        }
        _ => {}
    }
    vec![]
}

#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod tests_prompt;
