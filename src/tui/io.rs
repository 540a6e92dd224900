//! `Io` runs the effects `update` asks for (store writes, loads, `$EDITOR`, suspend) and answers
//! with messages. It is the only part of the TUI that touches the store.

use std::io::Write;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ratatui::DefaultTerminal;

use super::terminal::{self, Input};
use crate::calendar::Extent;
use crate::model::focus::Cycle;
use crate::model::reminder::Kind;
use crate::model::selector::{Selector, TaskRef};
use crate::msg::TaskCommand;
use crate::msg::{Effect, FocusOp, Msg, Op, UiState};
use crate::ops;
use crate::ops::focus as focus_ops;
use crate::store::Store;

pub(crate) struct Io {
    pub(crate) store: Store,
    pub(crate) input: Input,
    pub(crate) cycle: Cycle,
    /// The zone dates typed in the TUI are read in (the same as `State::tz`).
    pub(crate) tz: Tz,
    pub(crate) calendar: crate::config::Calendar,
    /// How captured signals become suggestions (the pane re-makes them before showing a day).
    pub(crate) capture: crate::config::CaptureConfig,
    /// The daily goal and minimum sample of the insights view.
    pub(crate) insights: crate::config::InsightsConfig,
    /// Working hours and rules of the planner (`P` in the calendar).
    pub(crate) planner: crate::config::PlannerConfig,
    pub(crate) urgency: crate::model::urgency::UrgencyCoefficients,
    /// Asks the worker's sync thread for a refresh now.
    pub(crate) sync: Option<crate::worker::SyncTrigger>,
}

impl Io {
    pub(crate) fn load_ui_state(&self) -> UiState {
        UiState::from_stored(|k| self.store.setting(k).ok().flatten().unwrap_or_default())
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
            Effect::EditNotes { uuid, notes } => self.edit_notes(uuid, &notes, terminal, now),
            Effect::LoadHistory(uuid) => self.load_detail(uuid, now),
            Effect::SaveUiState(s) => self.save_ui_state(&s),
            Effect::Focus(op) => self.focus(op, now),
            Effect::SyncNow => match &self.sync {
                Some(s) => {
                    s.now();
                    vec![Msg::OpResult(Ok("Syncing subscriptions…".into()))]
                }
                None => vec![Msg::OpResult(Err("sync is not running".into()))],
            },
            Effect::LoadConflicts => self.conflicts(),
            Effect::LoadReminderHistory => self.reminder_history(),
            Effect::LoadAgenda { from, to } => self.agenda(from, to),
            Effect::LoadTime { from, to } => vec![self.load_time(from, to, now)],
            Effect::Plan { first, last } => self.plan(first, last, now),
            Effect::ApplyPlan {
                first,
                last,
                blocks,
            } => self.apply_plan((first, last), blocks, now),
            Effect::Bell => {
                let mut out = std::io::stdout();
                let _ = out.write_all(b"\x07").and_then(|()| out.flush());
                vec![]
            }
            Effect::Suspend => self.suspend(terminal),
        }
    }

    /// What the detail view shows beyond the task itself: its history, where it syncs, and
    /// for an open task the learned estimate (from the kept model, so opening is quick).
    fn load_detail(&self, uuid: uuid::Uuid, now: DateTime<Utc>) -> Vec<Msg> {
        let mut out = match self.store.task_history(&uuid) {
            Ok(h) => vec![Msg::History(
                uuid,
                h,
                self.store.task_source(&uuid).ok().flatten(),
            )],
            Err(e) => return vec![Msg::OpResult(Err(e.to_string()))],
        };
        let task = self
            .store
            .task_by_uuid(&uuid)
            .ok()
            .flatten()
            .map(|l| l.task);
        if let Some(t) = task.filter(|t| t.status.is_open()) {
            let min = self.planner.min_data_points;
            match ops::plan_estimate::estimate(&self.store, &t, min, now) {
                Ok(e) => out.push(Msg::Estimate(uuid, Box::new(e))),
                Err(e) => tracing::warn!("no estimate for task {}: {e}", t.id),
            }
        }
        out
    }

    /// Hands the terminal to `$EDITOR` on the notes and saves what comes back changed.
    fn edit_notes(
        &mut self,
        uuid: uuid::Uuid,
        notes: &str,
        terminal: &mut DefaultTerminal,
        now: DateTime<Utc>,
    ) -> Vec<Msg> {
        match self.edit_in_editor(notes, terminal) {
            Ok(Some(new)) if new != notes => {
                let r = ops::set_notes(&mut self.store, &uuid, &new, now)
                    .map(|t| format!("Saved the notes of task {}", t.id))
                    .map_err(|e| e.to_string());
                vec![Msg::OpResult(r), self.reload()]
            }
            Ok(_) => vec![Msg::OpResult(Ok("Notes unchanged".into()))],
            Err(e) => vec![Msg::OpResult(Err(e))],
        }
    }

    fn save_ui_state(&mut self, s: &UiState) -> Vec<Msg> {
        for (k, v) in s.to_stored() {
            if let Err(e) = self.store.set_setting(k, &v) {
                return vec![Msg::OpResult(Err(format!("could not save the view: {e}")))];
            }
        }
        vec![]
    }

    fn conflicts(&self) -> Vec<Msg> {
        match self.store.conflicts() {
            Ok(list) => vec![Msg::Conflicts(
                list.into_iter()
                    .map(|c| crate::msg::ConflictNote {
                        id: c.id,
                        summary: crate::sync::summary_of(&c.local),
                        local: crate::sync::field_values(&c.local, &c.fields),
                        remote: crate::sync::field_values(&c.remote, &c.fields),
                        calendar: c.calendar,
                        fields: c.fields,
                    })
                    .collect(),
            )],
            Err(e) => vec![Msg::OpResult(Err(format!("could not load conflicts: {e}")))],
        }
    }

    fn reminder_history(&self) -> Vec<Msg> {
        match self.store.reminder_history(100) {
            Ok(rows) => vec![Msg::ReminderHistory(
                rows.into_iter()
                    .map(|h| crate::msg::ReminderNote {
                        at: DateTime::from_timestamp(h.due, 0).unwrap_or_default(),
                        focus: Kind::parse(&h.kind).is_some_and(Kind::ends_a_phase),
                        how: h.how(),
                        summary: h.summary,
                        body: h.body,
                    })
                    .collect(),
            )],
            Err(e) => vec![Msg::OpResult(Err(format!("could not load reminders: {e}")))],
        }
    }

    /// The agenda of the local days `[from, to)`; the first problem reading it is a toast.
    fn agenda(&self, from: chrono::NaiveDate, to: chrono::NaiveDate) -> Vec<Msg> {
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

    /// Stops to the shell (`ctrl-z`) and takes the terminal back after `fg`.
    fn suspend(&mut self, terminal: &mut DefaultTerminal) -> Vec<Msg> {
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
            FocusOp::Energy {
                session,
                at_start,
                level,
            } => {
                let at = if at_start {
                    crate::store::EnergyAt::Start
                } else {
                    crate::store::EnergyAt::End
                };
                return match focus_ops::record_energy(store, session, at, level, now) {
                    Ok(()) => vec![Msg::OpResult(Ok(format!("Energy {level} recorded")))],
                    Err(e) => vec![Msg::OpResult(Err(e.to_string()))],
                };
            }
            FocusOp::Skip => act(store, Action::Skip),
            FocusOp::Stats { days } => {
                return match focus_ops::stats(store, &cycle, &now.with_timezone(&self.tz), days) {
                    Ok(s) => vec![Msg::FocusStats(Box::new(s))],
                    Err(e) => vec![Msg::OpResult(Err(e.to_string()))],
                };
            }
            FocusOp::Insights => {
                let c = &self.insights;
                return match ops::insights::insights(store, c, c.days, now, self.tz) {
                    Ok(i) => vec![Msg::Insights(Box::new(i))],
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

    fn op(&mut self, op: Op, now: DateTime<Utc>) -> ops::Result<String> {
        let local = now.with_timezone(&self.tz);
        let store = &mut self.store;
        Ok(match op {
            Op::Add(mods) => format!("Created task {}", ops::add_task(store, *mods, &local)?.0),
            Op::Modify { id, edit } => {
                let changed = ops::modify_task(store, &Selector::id(id), *edit, true, &local)?;
                if changed.is_empty() {
                    "Nothing changed".to_string()
                } else {
                    format!("Modified task {}", ids(&changed))
                }
            }
            Op::Done(id) => self.done(id, now)?,
            Op::StartStop { id, start } => {
                ops::start_stop(store, &[TaskRef::id(id)], start, now)?;
                format!("{} task {id}", if start { "Started" } else { "Stopped" })
            }
            Op::Delete(id) => {
                ops::delete(store, &Selector::id(id), false, now)?;
                format!("Deleted task {id} (u undoes)")
            }
            Op::Undo => match ops::undo(store)? {
                Some(g) => format!("Undid `{}`", g.description),
                None => "Nothing to undo".to_string(),
            },
            Op::Task(cmd) => self.task_command(cmd, now)?,
            Op::Track(op) => self.track(op, now)?,
            Op::Review(op) => self.review(op, now)?,
            Op::Resolve { id, local } => self.resolve(id, local, now)?,
            op => self.calendar_op(op, now)?,
        })
    }

    fn done(&mut self, id: i64, now: DateTime<Utc>) -> ops::Result<String> {
        let local = now.with_timezone(&self.tz);
        let (done, next) = ops::done(&mut self.store, &Selector::id(id), true, &local)?;
        let mut text = format!("Completed task {}", ids(&done));
        if let Some(n) = next.first() {
            text.push_str(&format!(" · next occurrence is task {}", n.id));
        }
        Ok(text)
    }

    /// Settles a sync conflict; keeping this machine's version uploads it right away.
    fn resolve(&mut self, id: i64, local: bool, now: DateTime<Utc>) -> ops::Result<String> {
        let keep = if local {
            crate::sync::Keep::Local
        } else {
            crate::sync::Keep::Remote
        };
        let title = crate::sync::resolve(&mut self.store, id, keep, self.tz, now)
            .map_err(ops::Error::sync)?;
        if !local {
            return Ok(format!("Kept the server's “{title}”"));
        }
        if let Some(s) = &self.sync {
            s.now();
        }
        Ok(format!("Kept this machine's “{title}”; uploading it"))
    }

    /// The calendar's operations (the task ones are handled by `op`, which sends the rest here).
    fn calendar_op(&mut self, op: Op, now: DateTime<Utc>) -> ops::Result<String> {
        let (store, tz) = (&mut self.store, self.tz);
        let events = ops::calendar::EventDefaults::events(&self.calendar);
        Ok(match op {
            Op::CalAdd(text) => written(
                "Added",
                &ops::calendar::add_event(store, *text, &events, tz, now)?,
                tz,
            ),
            Op::CalEdit { id, scope, edit } => {
                let key = id.to_string();
                let w = ops::calendar::edit_event(store, &key, *edit, scope, tz, now)?;
                written("Changed", &w, tz)
            }
            Op::CalDelete { id, scope } => {
                let d = ops::calendar::delete(store, &id.to_string(), scope, tz, now)?;
                match d.scope {
                    Extent::One => format!("Deleted one occurrence of “{}”", d.summary),
                    Extent::Following => format!("Deleted “{}” from then on", d.summary),
                    Extent::All => format!("Deleted “{}”", d.summary),
                }
            }
            Op::Block { task, block } => {
                let defaults = ops::calendar::EventDefaults::blocks(&self.calendar);
                let w = ops::calendar::block_event(
                    store,
                    &TaskRef::id(task),
                    *block,
                    &defaults,
                    tz,
                    now,
                )?;
                written("Blocked", &w, tz)
            }
            // `op` handles every other operation itself.
            other => {
                return Err(ops::Error::Internal(format!(
                    "not a calendar operation: {other:?}"
                )));
            }
        })
    }

    /// A task command from the `:` line, parsed by the app.
    fn task_command(&mut self, cmd: TaskCommand, now: DateTime<Utc>) -> ops::Result<String> {
        let local = now.with_timezone(&self.tz);
        let store = &mut self.store;
        let verb = cmd.verb();
        let touched = match cmd {
            TaskCommand::Add(mods) => {
                let (id, _) = ops::add_task(store, *mods, &local)?;
                return Ok(format!("Created task {id}"));
            }
            TaskCommand::Modify { target, mods, yes } => {
                let changed = ops::modify_task(store, &target, *mods, yes, &local)?;
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
