//! Keys as data: which key does which `Action` in which context. The same table drives key
//! handling, the help overlay and the README's key table (a test compares them), and
//! `[keys]` in the config rebinds any action.

use std::collections::BTreeMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding applies. Global bindings work everywhere outside text input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Context {
    Global,
    Tasks,
    Detail,
    Focus,
    Calendar,
    Time,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Tasks => "Task list",
            Context::Detail => "Task detail (the task-list keys for a task work here too)",
            Context::Focus => "Focus timer",
            Context::Calendar => "Calendar",
            Context::Time => "Time tracking",
        }
    }
}

macro_rules! actions {
    ($($variant:ident, $name:literal, $ctx:ident, $help:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action { $($variant),* }

        impl Action {
            pub const ALL: &[Action] = &[$(Action::$variant),*];

            /// The name used in `[keys]` in the config.
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name),* }
            }

            pub fn context(self) -> Context {
                match self { $(Action::$variant => Context::$ctx),* }
            }

            pub fn help(self) -> &'static str {
                match self { $(Action::$variant => $help),* }
            }

            /// From the config's table of defaults (a test checks every action has a row).
            pub fn default_keys(self) -> &'static [&'static str] {
                crate::config::keys::DEFAULT_KEYS
                    .iter()
                    .find(|(name, _)| *name == self.name())
                    .map_or(&[], |(_, keys)| keys)
            }
        }
    };
}

actions! {
    Quit, "quit", Global, "quit Tempo";
    Help, "help", Global, "show or hide this help";
    NextPane, "next_pane", Global, "next pane";
    PrevPane, "prev_pane", Global, "previous pane";
    PaneTasks, "pane_tasks", Global, "go to the task pane";
    PaneFocus, "pane_focus", Global, "go to the focus timer";
    PaneCalendar, "pane_calendar", Global, "go to the calendar";
    PaneTime, "pane_time", Global, "go to time tracking";
    Zoom, "zoom", Global, "zoom the current pane (hide bars)";
    SyncNow, "sync_now", Global, "sync CalDAV accounts and subscriptions now";
    Conflicts, "sync_conflicts", Global, "sync conflicts: keep this machine's or the server's version";
    Notifications, "notifications", Global, "reminders lately: fired, missed, held by quiet hours";
    CommandLine, "command_line", Global, "command line: :modify 12 due:fri, :done 3, :list +next";
    Suspend, "suspend", Global, "suspend to the shell (fg to return)";
    Down, "down", Tasks, "next task";
    Up, "up", Tasks, "previous task";
    PageDown, "page_down", Tasks, "page down";
    PageUp, "page_up", Tasks, "page up";
    Top, "top", Tasks, "first task";
    Bottom, "bottom", Tasks, "last task";
    Filter, "filter", Tasks, "filter as you type (Tab: fuzzy search)";
    ClearFilter, "clear_filter", Tasks, "clear the filter";
    Presets, "presets", Tasks, "saved filters (Today, Overdue, Next, Waiting…)";
    Add, "add", Tasks, "add a task (same syntax as tempo add)";
    Edit, "edit", Tasks, "edit the task in a form";
    EditNotes, "edit_notes", Tasks, "edit the notes in $EDITOR";
    Done, "done", Tasks, "mark done";
    Delete, "delete", Tasks, "delete (asks first)";
    StartStop, "start_stop", Tasks, "start / stop";
    Undo, "undo", Tasks, "undo the last change";
    CyclePriority, "cycle_priority", Tasks, "cycle priority H → M → L → none";
    EditTags, "edit_tags", Tasks, "edit tags";
    Detail, "detail", Tasks, "open the task's detail view";
    CycleSort, "cycle_sort", Tasks, "cycle the sort order";
    GroupByProject, "group_by_project", Tasks, "group by project";
    FocusTask, "focus_task", Tasks, "start a focus session on the task";
    Back, "back", Detail, "back to the list";
    ScrollDown, "scroll_down", Detail, "scroll down";
    ScrollUp, "scroll_up", Detail, "scroll up";
    FocusToggle, "focus_toggle", Focus, "start the next phase / pause / resume";
    FocusInterrupt, "focus_interrupt", Focus, "log an internal interruption (with a note)";
    FocusInterruptExternal, "focus_interrupt_external", Focus, "log an external interruption";
    FocusComplete, "focus_complete", Focus, "complete the session now";
    FocusAbandon, "focus_abandon", Focus, "abandon the session (asks first)";
    FocusLonger, "focus_longer", Focus, "5 minutes longer (before starting)";
    FocusShorter, "focus_shorter", Focus, "5 minutes shorter (before starting)";
    FocusSkipBreak, "focus_skip_break", Focus, "skip the break";
    FocusStats, "focus_stats", Focus, "switch between the timer and statistics";
    FocusInsights, "focus_insights", Focus, "switch between the timer and insights (best hours, patterns)";
    CalPrevDay, "cal_prev_day", Calendar, "previous day";
    CalNextDay, "cal_next_day", Calendar, "next day";
    CalDown, "cal_down", Calendar, "month: next week · other views: next event";
    CalUp, "cal_up", Calendar, "month: previous week · other views: previous event";
    CalPrevPage, "cal_prev_page", Calendar, "previous month / week / day";
    CalNextPage, "cal_next_page", Calendar, "next month / week / day";
    CalToday, "cal_today", Calendar, "go to today";
    CalView, "cal_view", Calendar, "cycle views: month → week → day → agenda";
    CalOpen, "cal_open", Calendar, "open the day · on a time block: focus on its task";
    CalBack, "cal_back", Calendar, "back to the month";
    CalAdd, "cal_add", Calendar, "add an event (Lunch 12:30 45m, on the selected day)";
    CalEdit, "cal_edit", Calendar, "change the event (10:00 · 45m · New title · loc:…)";
    CalDelete, "cal_delete", Calendar, "delete the event (asks which occurrences)";
    CalBlock, "cal_block", Calendar, "block time for the task selected in the task list";
    CalPlan, "cal_plan", Calendar, "day/week: show the planner's proposal as ghost blocks (again: hide)";
    CalPlanDrop, "cal_plan_drop", Calendar, "drop the selected proposed block (j/k select, Enter accepts, Esc hides)";
    CalPlanReplan, "cal_plan_replan", Calendar, "plan the shown days again";
    TimeStart, "time_start", Time, "start tracking (12 project:web +call Reviewing)";
    TimeToggle, "time_toggle", Time, "stop the running entry · else continue the selected one";
    TimeContinue, "time_continue", Time, "continue the selected entry (else the latest)";
    TimeAdd, "time_add", Time, "backfill (9:00-10:30 project:web · yesterday 14:00 for 45m)";
    TimeEdit, "time_edit", Time, "change the entry (start:9:15 end:10:00 project:web +tag)";
    TimeSplit, "time_split", Time, "split the entry (or, reviewing, the suggestion) in two at a time (12:30)";
    TimeDelete, "time_delete", Time, "delete the entry (asks first)";
    TimeUndo, "time_undo", Time, "undo the last change";
    TimeDown, "time_down", Time, "next entry of the day";
    TimeUp, "time_up", Time, "previous entry of the day";
    TimePrev, "time_prev", Time, "previous day / week / month";
    TimeNext, "time_next", Time, "next day / week / month";
    TimeToday, "time_today", Time, "back to today";
    TimeView, "time_view", Time, "cycle periods: day → week → month";
    TimeReport, "time_report", Time, "the period's report by project (billable hours, amounts)";
    TimeReview, "time_review", Time, "review: the selection moves between the day's entries and its captured suggestions";
    ReviewApprove, "review_approve", Time, "approve the selected suggestion as a time entry";
    ReviewReject, "review_reject", Time, "reject the selected suggestion (its time is not suggested again)";
    ReviewCorrect, "review_correct", Time, "correct the selected suggestion (project:web client:acme type:work note:…), then approve it";
    ReviewConfident, "review_confident", Time, "approve every confident pending suggestion of the day (asks first)";
}

/// The editing keys of text prompts (filter, add, command line, forms): fixed, listed in help.
pub const PROMPT_KEYS: &[(&str, &str)] = &[
    ("enter", "apply / save"),
    ("esc", "cancel"),
    (
        "tab / shift-tab",
        "next / previous field (filter: fuzzy on/off)",
    ),
    ("left / right, home / end", "move the cursor"),
    ("backspace / delete", "delete a character"),
    ("ctrl-u / ctrl-w", "delete to the start / the previous word"),
];

/// A key with modifiers, as written in the config (`ctrl-d`, `shift-tab`, `G`, `pgdn`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    /// Normalises an event: shifted letters arrive as upper-case characters.
    pub fn from_event(ev: &KeyEvent) -> Key {
        let mut mods =
            ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match ev.code {
            KeyCode::BackTab => {
                mods |= KeyModifiers::SHIFT;
                KeyCode::Tab
            }
            KeyCode::Char(c) => {
                if c.is_ascii_alphabetic()
                    || !c.is_ascii()
                    || c.is_ascii_punctuation()
                    || c.is_ascii_digit()
                {
                    mods.remove(KeyModifiers::SHIFT);
                }
                KeyCode::Char(if mods.contains(KeyModifiers::CONTROL) {
                    c.to_ascii_lowercase()
                } else {
                    c
                })
            }
            other => other,
        };
        Key { code, mods }
    }

    pub fn parse(text: &str) -> Result<Key, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            if let Some(r) = lower.strip_prefix("ctrl-").filter(|r| !r.is_empty()) {
                mods |= KeyModifiers::CONTROL;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower.strip_prefix("alt-").filter(|r| !r.is_empty()) {
                mods |= KeyModifiers::ALT;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower.strip_prefix("shift-").filter(|r| !r.is_empty()) {
                mods |= KeyModifiers::SHIFT;
                rest = &rest[rest.len() - r.len()..];
            } else {
                break;
            }
        }
        let lower = rest.to_ascii_lowercase();
        let code = match named(&lower) {
            Some(code) => code,
            None => match lower.as_str() {
                f if f.starts_with('f')
                    && f.len() > 1
                    && f[1..].chars().all(|c| c.is_ascii_digit()) =>
                {
                    KeyCode::F(
                        f[1..]
                            .parse()
                            .map_err(|_| format!("unknown key `{text}`"))?,
                    )
                }
                _ => {
                    let mut chars = rest.chars();
                    match (chars.next(), chars.next()) {
                        (Some(c), None) => KeyCode::Char(if mods.contains(KeyModifiers::CONTROL) {
                            c.to_ascii_lowercase()
                        } else {
                            c
                        }),
                        _ => {
                            return Err(format!(
                                "unknown key `{text}` (use e.g. j, G, ctrl-d, shift-tab, enter, esc, pgdn, f5)"
                            ));
                        }
                    }
                }
            },
        };
        Ok(Key { code, mods })
    }
}

/// Named keys: the first name is how a key is written out, the others are accepted too.
const NAMED_KEYS: &[(&[&str], KeyCode)] = &[
    (&["enter", "return"], KeyCode::Enter),
    (&["esc", "escape"], KeyCode::Esc),
    (&["tab"], KeyCode::Tab),
    (&["backspace"], KeyCode::Backspace),
    (&["delete", "del"], KeyCode::Delete),
    (&["up"], KeyCode::Up),
    (&["down"], KeyCode::Down),
    (&["left"], KeyCode::Left),
    (&["right"], KeyCode::Right),
    (&["home"], KeyCode::Home),
    (&["end"], KeyCode::End),
    (&["pgup", "pageup"], KeyCode::PageUp),
    (&["pgdn", "pagedown"], KeyCode::PageDown),
    (&["space"], KeyCode::Char(' ')),
];

fn named(name: &str) -> Option<KeyCode> {
    NAMED_KEYS
        .iter()
        .find(|(names, _)| names.contains(&name))
        .map(|(_, code)| *code)
}

fn name_of(code: KeyCode) -> Option<&'static str> {
    NAMED_KEYS
        .iter()
        .find(|(_, c)| *c == code)
        .map(|(names, _)| names[0])
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("shift-")?;
        }
        if let Some(name) = name_of(self.code) {
            return f.write_str(name);
        }
        match self.code {
            KeyCode::F(n) => write!(f, "f{n}"),
            KeyCode::Char(c) => write!(f, "{c}"),
            _ => f.write_str("?"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    bindings: Vec<(Key, Action)>,
}

impl Keymap {
    /// The defaults with `overrides` (action name → keys) applied; errors name the action or key.
    pub fn new(overrides: &BTreeMap<String, Vec<String>>) -> Result<Keymap, String> {
        let mut keys: BTreeMap<Action, Vec<Key>> = BTreeMap::new();
        for a in Action::ALL {
            let parsed: Result<Vec<Key>, String> =
                a.default_keys().iter().map(|k| Key::parse(k)).collect();
            keys.insert(*a, parsed?);
        }
        for (name, list) in overrides {
            let action = Action::ALL
                .iter()
                .find(|a| a.name() == name)
                .ok_or_else(|| {
                    let names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
                    let hint = crate::model::filter::nearest(name, names.iter())
                        .map(|n| format!(" (did you mean `{n}`?)"))
                        .unwrap_or_default();
                    format!("unknown action `{name}` in [keys]{hint}")
                })?;
            let parsed: Result<Vec<Key>, String> = list.iter().map(|k| Key::parse(k)).collect();
            keys.insert(*action, parsed.map_err(|e| format!("[keys] {name}: {e}"))?);
        }
        let bindings: Vec<(Key, Action)> = keys
            .iter()
            .flat_map(|(a, ks)| ks.iter().map(move |k| (*k, *a)))
            .collect();
        for (i, (k, a)) in bindings.iter().enumerate() {
            for (k2, a2) in &bindings[i + 1..] {
                let overlap = a.context() == a2.context()
                    || a.context() == Context::Global
                    || a2.context() == Context::Global;
                if k == k2 && overlap && a != a2 {
                    return Err(format!(
                        "[keys]: `{k}` is bound to both `{}` and `{}`",
                        a.name(),
                        a2.name()
                    ));
                }
            }
        }
        Ok(Keymap { bindings })
    }

    /// The action for `key` in `context`; context bindings win over global ones.
    pub fn action(&self, context: Context, key: Key) -> Option<Action> {
        let find = |ctx| {
            self.bindings
                .iter()
                .find(|(k, a)| *k == key && a.context() == ctx)
                .map(|(_, a)| *a)
        };
        find(context).or_else(|| find(Context::Global))
    }

    pub fn keys(&self, action: Action) -> Vec<Key> {
        self.bindings
            .iter()
            .filter(|(_, a)| *a == action)
            .map(|(k, _)| *k)
            .collect()
    }

    /// The first key of `action`, for hints.
    pub fn hint(&self, action: Action) -> String {
        self.keys(action)
            .first()
            .map(ToString::to_string)
            .unwrap_or_default()
    }

    /// (context, keys, description) for every action, in help order.
    pub fn help_rows(&self) -> Vec<(Context, String, &'static str)> {
        let mut rows: Vec<(Context, String, &'static str)> = Action::ALL
            .iter()
            .map(|a| {
                let keys: Vec<String> = self.keys(*a).iter().map(ToString::to_string).collect();
                (a.context(), keys.join(", "), a.help())
            })
            .collect();
        rows.sort_by_key(|(c, _, _)| *c);
        rows
    }

    /// The README's key table.
    pub fn markdown(&self) -> String {
        let mut out = String::from("| where | keys | action |\n|---|---|---|\n");
        for (ctx, keys, help) in self.help_rows() {
            let keys: Vec<String> = keys.split(", ").map(|k| format!("`{k}`")).collect();
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                ctx.title(),
                keys.join(" "),
                help
            ));
        }
        out.push_str("| Text input | ");
        let prompt: Vec<String> = PROMPT_KEYS
            .iter()
            .map(|(k, h)| format!("`{k}` {h}"))
            .collect();
        out.push_str(&prompt.join("; "));
        out.push_str(" | editing |\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn the_config_has_one_row_of_default_keys_per_action_in_order() {
        let names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
        let rows: Vec<&str> = crate::config::keys::DEFAULT_KEYS
            .iter()
            .map(|(name, _)| *name)
            .collect();
        assert_eq!(rows, names);
        assert!(Action::ALL.iter().all(|a| !a.default_keys().is_empty()));
        let defaults = Keymap::new(&crate::config::keys::default_keys()).expect("defaults bind");
        assert_eq!(
            defaults,
            Keymap::new(&BTreeMap::new()).expect("no overrides")
        );
    }

    #[test]
    fn keys_round_trip_through_text() {
        for text in [
            "j",
            "G",
            "ctrl-d",
            "shift-tab",
            "enter",
            "esc",
            "pgdn",
            "f5",
            "?",
            ":",
            "space",
            "alt-x",
        ] {
            let k = Key::parse(text).expect(text);
            assert_eq!(k.to_string(), text);
        }
        assert!(Key::parse("hyper-q").is_err());
        assert!(Key::parse("").is_err());
    }

    #[test]
    fn events_normalise() {
        assert_eq!(
            Key::from_event(&ev(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Key::parse("G").expect("G")
        );
        assert_eq!(
            Key::from_event(&ev(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Key::parse("shift-tab").expect("bt")
        );
        assert_eq!(
            Key::from_event(&ev(KeyCode::Char('?'), KeyModifiers::SHIFT)),
            Key::parse("?").expect("?")
        );
        assert_eq!(
            Key::from_event(&ev(KeyCode::Char('d'), KeyModifiers::CONTROL)),
            Key::parse("ctrl-d").expect("cd")
        );
    }

    #[test]
    fn context_beats_global_and_overrides_apply() {
        let km = Keymap::new(&BTreeMap::new()).expect("defaults are valid");
        let esc = Key::parse("esc").expect("esc");
        assert_eq!(km.action(Context::Tasks, esc), Some(Action::ClearFilter));
        assert_eq!(km.action(Context::Detail, esc), Some(Action::Back));
        assert_eq!(
            km.action(Context::Detail, Key::parse("q").expect("q")),
            Some(Action::Quit)
        );
        let over = BTreeMap::from([("done".to_string(), vec!["D".to_string()])]);
        let km = Keymap::new(&over).expect("valid");
        assert_eq!(
            km.action(Context::Tasks, Key::parse("D").expect("D")),
            Some(Action::Done)
        );
        assert_eq!(km.action(Context::Tasks, Key::parse("d").expect("d")), None);
    }

    #[test]
    fn bad_overrides_are_named() {
        let e = Keymap::new(&BTreeMap::from([(
            "dne".to_string(),
            vec!["x".to_string()],
        )]))
        .expect_err("unknown");
        assert!(
            e.contains("unknown action `dne`") && e.contains("`done`"),
            "{e}"
        );
        let e = Keymap::new(&BTreeMap::from([(
            "done".to_string(),
            vec!["hyper-d".to_string()],
        )]))
        .expect_err("bad key");
        assert!(e.contains("[keys] done"), "{e}");
        let e = Keymap::new(&BTreeMap::from([(
            "done".to_string(),
            vec!["x".to_string()],
        )]))
        .expect_err("conflict");
        assert!(e.contains("bound to both"), "{e}");
    }
}

#[cfg(test)]
mod readme {
    use super::*;

    /// The README's key table is the keymap's own rendering. Set `TEMPO_UPDATE_README=1` to
    /// rewrite it after changing bindings.
    #[test]
    fn readme_key_table_matches_the_keymap() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
        let readme = std::fs::read_to_string(path).expect("README.md");
        let (start, end) = ("<!-- keys:start -->\n", "<!-- keys:end -->");
        let a = readme.find(start).expect("README has a keys:start marker") + start.len();
        let b = readme.find(end).expect("README has a keys:end marker");
        let table = Keymap::new(&BTreeMap::new()).expect("defaults").markdown();
        if std::env::var_os("TEMPO_UPDATE_README").is_some() {
            let updated = format!("{}{table}{}", &readme[..a], &readme[b..]);
            std::fs::write(path, updated).expect("write README.md");
            return;
        }
        assert_eq!(
            &readme[a..b],
            table,
            "README key table is stale: run with TEMPO_UPDATE_README=1"
        );
    }
}
