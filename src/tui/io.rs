//! `Io` runs the effects `update` asks for (store writes, loads, `$EDITOR`, suspend) and answers
//! with messages. It is the only part of the TUI that touches the store.

use std::io::Write;

use crate::text::split_words;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ratatui::DefaultTerminal;

use super::terminal::{self, Input};
use crate::model::focus::Cycle;
use crate::msg::TaskCommand;
use crate::msg::{Effect, FocusOp, Msg, Op, UiState};
use crate::ops::focus as focus_ops;
use crate::ops::{self, UsageError};
use crate::store::Store;

pub(crate) struct Io {
    pub(crate) store: Store,
    pub(crate) input: Input,
    pub(crate) cycle: Cycle,
    /// The zone dates typed in the TUI are read in (the same as `State::tz`).
    pub(crate) tz: Tz,
    pub(crate) calendar: crate::config::Calendar,
    /// Asks the worker's sync thread for a refresh now.
    pub(crate) sync: Option<crate::worker::SyncTrigger>,
}

const UI_KEYS: [&str; 6] = [
    "tui.pane",
    "tui.filter",
    "tui.sort",
    "tui.group",
    "tui.cal_view",
    "tui.time_view",
];

impl Io {
    pub(crate) fn load_ui_state(&self) -> UiState {
        let get = |k: &str| self.store.setting(k).ok().flatten().unwrap_or_default();
        UiState {
            pane: get(UI_KEYS[0]),
            filter: get(UI_KEYS[1]),
            sort: get(UI_KEYS[2]),
            group: get(UI_KEYS[3]) == "true",
            cal_view: get(UI_KEYS[4]),
            time_view: get(UI_KEYS[5]),
        }
    }

    /// Runs one effect; the returned messages go back through `update`.
    pub(crate) fn run(
        &mut self,
        effect: Effect,
        terminal: &mut DefaultTerminal,
        now: DateTime<Utc>,
    ) -> Vec<Msg> {
        match effect {
            Effect::Quit => vec![],
            Effect::Reload => vec![self.reload()],
            Effect::Run(op) => {
                // The whole message: the prompt wraps it, and a suggestion often stands on
                // its second line.
                let result = self.op(op, now).map_err(|e| e.to_string());
                vec![Msg::Ran(result), self.reload()]
            }
            Effect::EditNotes { uuid, notes } => match self.edit_in_editor(&notes, terminal) {
                Ok(Some(new)) if new != notes => {
                    let r = ops::set_notes(&mut self.store, &uuid, &new, now)
                        .map(|t| format!("Saved the notes of task {}", t.id))
                        .map_err(|e| e.to_string());
                    vec![Msg::OpResult(r), self.reload()]
                }
                Ok(_) => vec![Msg::OpResult(Ok("Notes unchanged".into()))],
                Err(e) => vec![Msg::OpResult(Err(e))],
            },
            Effect::LoadHistory(uuid) => match self.store.task_history(&uuid) {
                Ok(h) => vec![Msg::History(
                    uuid,
                    h,
                    self.store.task_source(&uuid).ok().flatten(),
                )],
                Err(e) => vec![Msg::OpResult(Err(e.to_string()))],
            },
            Effect::SaveUiState(s) => {
                let values = [
                    s.pane,
                    s.filter,
                    s.sort,
                    s.group.to_string(),
                    s.cal_view,
                    s.time_view,
                ];
                for (k, v) in UI_KEYS.iter().zip(values) {
                    if let Err(e) = self.store.set_setting(k, &v) {
                        return vec![Msg::OpResult(Err(format!("could not save the view: {e}")))];
                    }
                }
                vec![]
            }
            Effect::Focus(op) => self.focus(op, now),
            Effect::SyncNow => match &self.sync {
                Some(s) => {
                    s.now();
                    vec![Msg::OpResult(Ok("Syncing subscriptions…".into()))]
                }
                None => vec![Msg::OpResult(Err("sync is not running".into()))],
            },
            Effect::LoadConflicts => match self.store.conflicts() {
                Ok(list) => vec![Msg::Conflicts(
                    list.into_iter()
                        .map(|c| crate::msg::ConflictNote {
                            id: c.id,
                            summary: ops::caldav::summary_of(&c.local),
                            local: ops::caldav::field_values(&c.local, &c.fields),
                            remote: ops::caldav::field_values(&c.remote, &c.fields),
                            calendar: c.calendar,
                            fields: c.fields,
                        })
                        .collect(),
                )],
                Err(e) => vec![Msg::OpResult(Err(format!("could not load conflicts: {e}")))],
            },
            Effect::LoadReminderHistory => match self.store.reminder_history(100) {
                Ok(rows) => vec![Msg::ReminderHistory(
                    rows.into_iter()
                        .map(|h| crate::msg::ReminderNote {
                            at: DateTime::from_timestamp(h.due, 0).unwrap_or_default(),
                            focus: h.kind == "focus_end" || h.kind == "break_end",
                            how: h.how().to_string(),
                            summary: h.summary,
                            body: h.body,
                        })
                        .collect(),
                )],
                Err(e) => vec![Msg::OpResult(Err(format!("could not load reminders: {e}")))],
            },
            Effect::LoadAgenda { from, to } => {
                let tz = self.tz;
                let at = |d: chrono::NaiveDate| {
                    crate::model::dates::local_instant(&tz, d.and_time(chrono::NaiveTime::MIN))
                };
                match ops::calendar::agenda(&self.store, at(from), at(to), tz, true) {
                    Ok((items, problems)) => {
                        let mut out = vec![Msg::Agenda { from, to, items }];
                        if let Some(p) = problems.first() {
                            out.push(Msg::OpResult(Err(format!("calendar: {p}"))));
                        }
                        out
                    }
                    Err(e) => vec![Msg::OpResult(Err(format!(
                        "could not load the calendar: {e}"
                    )))],
                }
            }
            Effect::LoadTime { from, to } => vec![self.load_time(from, to, now)],
            Effect::Bell => {
                let mut out = std::io::stdout();
                let _ = out.write_all(b"\x07").and_then(|()| out.flush());
                vec![]
            }
            Effect::Suspend => {
                self.input.pause();
                terminal::leave();
                let _ = signal_hook::low_level::raise(signal_hook::consts::SIGTSTP);
                // Execution continues here after `fg`.
                let result = terminal::reenter(terminal);
                self.input.resume();
                match result {
                    Ok(()) => vec![],
                    Err(e) => vec![Msg::OpResult(Err(format!(
                        "could not restore the terminal: {e}"
                    )))],
                }
            }
        }
    }

    fn focus(&mut self, op: FocusOp, now: DateTime<Utc>) -> Vec<Msg> {
        use focus_ops::Action;
        let cycle = self.cycle;
        let store = &mut self.store;
        let act = |store: &mut Store, a: Action| focus_ops::act(store, &cycle, &a, now);
        let result = match op {
            FocusOp::Refresh => focus_ops::status(store, &cycle, now),
            FocusOp::Start {
                task,
                kind,
                minutes,
            } => focus_ops::start_next(store, &cycle, task, kind, minutes, now),
            FocusOp::Pause => act(store, Action::Pause),
            FocusOp::Resume => act(store, Action::Resume),
            FocusOp::Interrupt { external, note } => act(
                store,
                Action::Interrupt {
                    external,
                    note,
                    end: false,
                },
            ),
            FocusOp::Stop => act(
                store,
                Action::Stop {
                    note: String::new(),
                },
            ),
            FocusOp::Abandon => act(store, Action::Abandon),
            FocusOp::Skip => act(store, Action::Skip),
            FocusOp::Stats { days } => {
                return match focus_ops::stats(store, &cycle, &now.with_timezone(&self.tz), days) {
                    Ok(s) => vec![Msg::FocusStats(Box::new(s))],
                    Err(e) => vec![Msg::OpResult(Err(e.to_string()))],
                };
            }
        };
        match result {
            Ok(state) => vec![Msg::Focus(Box::new(state))],
            Err(e) => vec![Msg::OpResult(Err(e
                .to_string()
                .lines()
                .next()
                .unwrap_or_default()
                .to_string()))],
        }
    }

    pub(crate) fn reload(&self) -> Msg {
        match self.store.load_all() {
            Ok(tasks) => Msg::Tasks(tasks),
            Err(e) => Msg::OpResult(Err(format!("could not load tasks: {e}"))),
        }
    }

    fn op(&mut self, op: Op, now: DateTime<Utc>) -> anyhow::Result<String> {
        let local = now.with_timezone(&self.tz);
        let store = &mut self.store;
        Ok(match op {
            Op::Add(text) => {
                let words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
                let (id, _) = ops::add(store, &words, &local)?;
                format!("Created task {id}")
            }
            Op::Modify {
                target,
                words,
                title,
            } => {
                let changed = ops::modify_with_title(store, &target, &words, title, true, &local)?;
                if changed.is_empty() {
                    "Nothing changed".to_string()
                } else {
                    format!("Modified task {}", ids(&changed))
                }
            }
            Op::Done(id) => {
                let (done, next) = ops::done(store, &[id.to_string()], true, &local)?;
                let mut text = format!("Completed task {}", ids(&done));
                if let Some(n) = next.first() {
                    text.push_str(&format!(" · next occurrence is task {}", n.id));
                }
                text
            }
            Op::StartStop { id, start } => {
                ops::start_stop(store, &[id.to_string()], start, now)?;
                format!("{} task {id}", if start { "Started" } else { "Stopped" })
            }
            Op::Delete(id) => {
                ops::delete(store, &[id.to_string()], false, now)?;
                format!("Deleted task {id} (u undoes)")
            }
            Op::Undo => match ops::undo(store)? {
                Some(g) => format!("Undid `{}`", g.description),
                None => "Nothing to undo".to_string(),
            },
            Op::Task(cmd) => self.task_command(cmd, now)?,
            Op::Track(op) => self.track(op, now)?,
            Op::CalAdd { text, day } => {
                let words = split_words(&text).map_err(UsageError)?;
                let defaults = ops::calendar::EventDefaults::events(&self.calendar);
                let w = ops::calendar::add_on(store, &words, Some(day), &defaults, self.tz, now)?;
                written("Added", &w, self.tz)
            }
            Op::CalEdit { id, scope, text } => {
                let words = split_words(&text).map_err(UsageError)?;
                let w = ops::calendar::edit(store, &id.to_string(), &words, scope, self.tz, now)?;
                written("Changed", &w, self.tz)
            }
            Op::Resolve { id, local } => {
                let keep = if local {
                    ops::caldav::Keep::Local
                } else {
                    ops::caldav::Keep::Remote
                };
                let title = ops::caldav::resolve(store, id, keep, self.tz, now)?;
                if local {
                    if let Some(s) = &self.sync {
                        s.now();
                    }
                    format!("Kept this machine's “{title}”; uploading it")
                } else {
                    format!("Kept the server's “{title}”")
                }
            }
            Op::CalDelete { id, scope } => {
                let d = ops::calendar::delete(store, &id.to_string(), scope, self.tz, now)?;
                match d.scope {
                    "one" => format!("Deleted one occurrence of “{}”", d.summary),
                    "following" => format!("Deleted “{}” from then on", d.summary),
                    _ => format!("Deleted “{}”", d.summary),
                }
            }
            Op::Block { task, text, day } => {
                let words = split_words(&text).map_err(UsageError)?;
                let defaults = ops::calendar::EventDefaults::blocks(&self.calendar);
                let w = ops::calendar::block_on(
                    store,
                    &task.to_string(),
                    &words,
                    Some(day),
                    &defaults,
                    self.tz,
                    now,
                )?;
                written("Blocked", &w, self.tz)
            }
        })
    }

    /// A task command from the `:` line, parsed by the app.
    fn task_command(&mut self, cmd: TaskCommand, now: DateTime<Utc>) -> anyhow::Result<String> {
        let local = now.with_timezone(&self.tz);
        let store = &mut self.store;
        let verb = cmd.verb();
        let touched = match cmd {
            TaskCommand::Add(words) => {
                let (id, _) = ops::add(store, &words, &local)?;
                return Ok(format!("Created task {id}"));
            }
            TaskCommand::Modify { target, mods, yes } => {
                let changed = ops::modify(store, &target, &mods, yes, &local)?;
                if changed.is_empty() {
                    return Ok("Nothing changed".into());
                }
                changed
            }
            TaskCommand::Done { ids, yes } => ops::done(store, &ids, yes, &local)?.0,
            TaskCommand::Start(ids) => ops::start_stop(store, &ids, true, now)?,
            TaskCommand::Stop(ids) => ops::start_stop(store, &ids, false, now)?,
            TaskCommand::Delete { ids, yes } => ops::delete(store, &ids, yes, now)?,
            TaskCommand::Annotate { id, text } => {
                vec![ops::annotate(store, &id, &text.join(" "), now)?]
            }
            TaskCommand::Undo => {
                return Ok(match ops::undo(store)? {
                    Some(g) => format!("Undid `{}`", g.description),
                    None => "Nothing to undo".into(),
                });
            }
        };
        Ok(format!("{verb} task {}", ids(&touched)))
    }

    /// Writes `notes` to a temp file, hands the terminal to `$VISUAL`/`$EDITOR` (or `vi`),
    /// and returns the edited text; `None` if the editor failed.
    fn edit_in_editor(
        &self,
        notes: &str,
        terminal: &mut DefaultTerminal,
    ) -> Result<Option<String>, String> {
        let path = std::env::temp_dir().join(format!("tempo-notes-{}.md", std::process::id()));
        std::fs::write(&path, notes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        let editor = std::env::var("VISUAL")
            .or_else(|_| std::env::var("EDITOR"))
            .unwrap_or_else(|_| "vi".to_string());
        self.input.pause();
        terminal::leave();
        let mut parts = editor.split_whitespace();
        let program = parts.next().unwrap_or("vi");
        let status = std::process::Command::new(program)
            .args(parts)
            .arg(&path)
            .status();
        let back = terminal::reenter(terminal);
        self.input.resume();
        back.map_err(|e| format!("could not restore the terminal: {e}"))?;
        let result = match status {
            Ok(s) if s.success() => std::fs::read_to_string(&path)
                .map(|t| Some(t.trim_end_matches('\n').to_string()))
                .map_err(|e| format!("cannot read {}: {e}", path.display())),
            Ok(s) => Err(format!("{editor} exited with {s}; notes unchanged")),
            Err(e) => Err(format!("cannot start {editor}: {e}")),
        };
        let _ = std::fs::remove_file(&path);
        result
    }
}

/// "Added “Lunch” Tue 24 Nov 12:30–13:15 · overlaps “Standup”".
fn written(verb: &str, w: &ops::calendar::EventWritten, tz: Tz) -> String {
    let start = w.start.with_timezone(&tz);
    let mut text = if w.all_day {
        format!(
            "{verb} “{}” {} (all day)",
            w.summary,
            start.format("%a %-d %b")
        )
    } else {
        format!(
            "{verb} “{}” {}–{}",
            w.summary,
            start.format("%a %-d %b %H:%M"),
            w.end.with_timezone(&tz).format("%H:%M")
        )
    };
    if let Some(c) = w.conflicts.first() {
        text.push_str(&format!(" · overlaps “{}”", c.summary));
        if w.conflicts.len() > 1 {
            text.push_str(&format!(" and {} more", w.conflicts.len() - 1));
        }
    }
    text
}

fn ids(t: &[ops::Touched]) -> String {
    t.iter()
        .map(|t| t.id.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
