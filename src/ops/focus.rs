//! Focus operations shared by `tempo focus …` and the TUI. Each one first brings the active
//! session up to now (a countdown that ran out completes at its planned end, auto-started
//! phases follow), then acts, all in one IMMEDIATE transaction so two Tempo processes never
//! both start a session.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Result, UsageError, one};
pub use crate::model::focus::FocusState;
use crate::model::focus::{Cycle, FocusSession, FocusStatus, Kind, Mode, advance};
use crate::model::selector::TaskRef;
use crate::store::{CyclePosition, EnergyAt, Store, StoreError, Tx};

/// What to start.
#[derive(Debug, Clone, Default)]
pub struct StartArgs {
    pub task: Option<TaskRef>,
    pub minutes: Option<u32>,
    pub flow: bool,
    pub title: Option<String>,
    /// A break instead of focus (`None`: focus).
    pub kind: Option<Kind>,
}

impl StartArgs {
    /// A focus session (not a break).
    pub fn focus(
        task: Option<TaskRef>,
        minutes: Option<u32>,
        flow: bool,
        title: Option<String>,
    ) -> StartArgs {
        StartArgs {
            task,
            minutes,
            flow,
            title,
            kind: None,
        }
    }
}

/// The state without writing anything, unless a session ran out and must be settled.
pub fn status(store: &mut Store, cycle: &Cycle, now: DateTime<Utc>) -> Result<FocusState> {
    let active = store.active_focus()?;
    if active.clone().is_some_and(|mut a| a.settle(now)) {
        return store.edit("focus", now, |tx| {
            state_after(tx, cycle, now, |_, _| Ok(()))
        });
    }
    let position = store.focus_cycle_position()?;
    let task = match active.as_ref().and_then(|a| a.task) {
        Some(t) => task_info(store.task_by_uuid(&t)?.map(|l| l.task)),
        None => None,
    };
    Ok(FocusState {
        next: next_kind(cycle, &position),
        done_in_cycle: position.done_in_cycle,
        active,
        ended: Vec::new(),
        task,
        acted: None,
    })
}

pub fn start(
    store: &mut Store,
    cycle: &Cycle,
    args: &StartArgs,
    now: DateTime<Utc>,
) -> Result<FocusState> {
    start_with_energy(store, cycle, args, None, now)
}

/// `start`, recording an energy check-in (1–5) in the same transaction
/// (`focus start --energy 3`).
pub fn start_with_energy(
    store: &mut Store,
    cycle: &Cycle,
    args: &StartArgs,
    energy: Option<u8>,
    now: DateTime<Utc>,
) -> Result<FocusState> {
    store.edit("focus start", now, |tx| {
        state_after(tx, cycle, now, |tx, state| {
            if let Some(a) = &state.active {
                return Err(UsageError(format!(
                    "a {} session is already {} (“{}”); stop, abandon or skip it first",
                    a.kind.label().to_lowercase(),
                    a.status.as_str(),
                    a.title
                ))
                .into());
            }
            let kind = args.kind.unwrap_or(Kind::Focus);
            let task = match &args.task {
                Some(sel) => Some(one(tx.resolve_ref(sel)?, sel.text())?),
                None => None,
            };
            let title = args
                .title
                .clone()
                .or_else(|| task.as_ref().map(|t| t.title.clone()))
                .unwrap_or_else(|| kind.label().to_string());
            let mode = if args.flow {
                Mode::Flow
            } else {
                Mode::Countdown
            };
            let minutes = args.minutes.unwrap_or_else(|| cycle.minutes(kind));
            let session =
                FocusSession::start(title, task.map(|t| t.uuid), kind, mode, minutes, now)?;
            tx.save_focus(&session)?;
            if let Some(level) = energy {
                tx.set_focus_energy(session.uuid, EnergyAt::Start, level)?;
            }
            Ok(())
        })
    })
}

/// What can be done to the running session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Pause,
    Resume,
    Interrupt {
        external: bool,
        note: String,
        end: bool,
    },
    /// Complete now, adding `note` (if any) to the session's notes.
    Stop {
        note: String,
    },
    Abandon,
    /// End a running break, or skip the break that is due.
    Skip,
}

pub fn act(
    store: &mut Store,
    cycle: &Cycle,
    action: &Action,
    now: DateTime<Utc>,
) -> Result<FocusState> {
    act_with_energy(store, cycle, action, None, now)
}

/// `act`, recording an energy check-in (1–5) for the session acted on, in the same
/// transaction (`focus stop --energy 2`).
pub fn act_with_energy(
    store: &mut Store,
    cycle: &Cycle,
    action: &Action,
    energy: Option<u8>,
    now: DateTime<Utc>,
) -> Result<FocusState> {
    let mut acted: Option<FocusSession> = None;
    let mut state = store.edit("focus", now, |tx| {
        state_after(tx, cycle, now, |tx, state| {
            let Some(mut s) = state.active.clone() else {
                acted = act_after_the_end(tx, cycle, state, action, now)?;
                return check_in(tx, acted.as_ref(), energy);
            };
            apply(&mut s, action, now)?;
            tx.save_focus(&s)?;
            check_in(tx, Some(&s), energy)?;
            acted = Some(s);
            Ok(())
        })
    })?;
    state.acted = acted;
    Ok(state)
}

/// A check-in (1–5) on a session after the fact: the app asks once a session has started or
/// ended, so its timer never waits on the answer.
pub fn record_energy(
    store: &mut Store,
    session: uuid::Uuid,
    at: EnergyAt,
    level: u8,
    now: DateTime<Utc>,
) -> Result<()> {
    if !(1..=5).contains(&level) {
        return Err(UsageError(format!("energy is 1 to 5, not {level}")).into());
    }
    store.edit("focus energy", now, |tx| {
        if !tx.has_focus_session(session)? {
            return Err(UsageError("that focus session is gone".into()).into());
        }
        Ok(tx.set_focus_energy(session, at, level)?)
    })
}

/// Records the end-of-session energy on the session acted on; with none, there is nothing to
/// record it on, which is an error rather than a check-in silently dropped.
fn check_in(tx: &mut Tx<'_>, session: Option<&FocusSession>, energy: Option<u8>) -> Result<()> {
    match (session, energy) {
        (_, None) => Ok(()),
        (Some(s), Some(level)) => Ok(tx.set_focus_energy(s.uuid, EnergyAt::End, level)?),
        (None, Some(_)) => {
            Err(UsageError("no focus session to record the energy on".into()).into())
        }
    }
}

/// With no session running: a stop of the session that ran out just now adds its note; a
/// skip of a break that just ended is done; a skip of the break that is due records it as
/// skipped, so the cycle moves on to focus. Anything else has nothing to act on.
fn act_after_the_end(
    tx: &mut Tx<'_>,
    cycle: &Cycle,
    state: &FocusState,
    action: &Action,
    now: DateTime<Utc>,
) -> Result<Option<FocusSession>> {
    let just_ended = state.ended.last();
    if let (Action::Stop { note }, Some(ended)) = (action, just_ended) {
        let mut ended = ended.clone();
        if !note.trim().is_empty() {
            add_note(&mut ended.notes, note);
            tx.save_focus(&ended)?;
        }
        return Ok(Some(ended));
    }
    if matches!(action, Action::Skip) && just_ended.is_some_and(|e| e.kind.is_break()) {
        return Ok(None);
    }
    if *action == Action::Skip && state.next.is_break() {
        let mut skipped = FocusSession::start(
            state.next.label().into(),
            None,
            state.next,
            Mode::Countdown,
            cycle.minutes(state.next),
            now,
        )?;
        skipped.abandon(now)?;
        tx.save_focus(&skipped)?;
        return Ok(None);
    }
    Err(
        UsageError("no focus session is running (start one with `tempo focus start`)".into())
            .into(),
    )
}

/// `action` on the running session.
fn apply(s: &mut FocusSession, action: &Action, now: DateTime<Utc>) -> Result<()> {
    match action {
        Action::Pause => s.pause(now)?,
        Action::Resume => s.resume(now)?,
        Action::Interrupt {
            external,
            note,
            end,
        } => {
            s.interrupt(now, *external, note)?;
            if *end {
                s.end_interrupted(now)?;
            }
        }
        Action::Stop { note } => {
            s.complete(now)?;
            if !note.trim().is_empty() {
                add_note(&mut s.notes, note);
            }
        }
        Action::Abandon => s.abandon(now)?,
        Action::Skip if s.kind.is_break() => s.abandon(now)?,
        Action::Skip => {
            return Err(UsageError(
                "a focus session is running, not a break: stop or abandon it".into(),
            )
            .into());
        }
    }
    Ok(())
}

/// A stop note goes on a line of its own after any notes there are.
fn add_note(notes: &mut String, note: &str) {
    *notes = if notes.is_empty() {
        note.to_string()
    } else {
        format!("{notes}\n{note}")
    };
}

/// Settles, runs `f` on the settled state, and reads the state again.
fn state_after(
    tx: &mut Tx<'_>,
    cycle: &Cycle,
    now: DateTime<Utc>,
    f: impl FnOnce(&mut Tx<'_>, &FocusState) -> Result<()>,
) -> Result<FocusState> {
    let ended = settle(tx, cycle, now)?;
    let before = read(tx, cycle, ended.clone())?;
    f(tx, &before)?;
    read(tx, cycle, ended)
}

/// Completes what ran out and starts what auto-starts; returns the sessions that ended.
fn settle(tx: &mut Tx<'_>, cycle: &Cycle, now: DateTime<Utc>) -> Result<Vec<FocusSession>> {
    let Some(active) = tx.active_focus()? else {
        return Ok(Vec::new());
    };
    let position = tx.focus_cycle_position()?;
    let last_focus = position
        .last_focus
        .clone()
        .unwrap_or((active.task, active.title.clone()));
    let (written, _) = advance(active, last_focus, position.done_in_cycle, cycle, now);
    let mut ended = Vec::new();
    for s in written {
        tx.save_focus(&s)?;
        if !s.status.is_active() {
            ended.push(s);
        }
    }
    Ok(ended)
}

fn read(tx: &Tx<'_>, cycle: &Cycle, ended: Vec<FocusSession>) -> Result<FocusState> {
    let active = tx.active_focus()?;
    let position = tx.focus_cycle_position()?;
    let task = match active.as_ref().and_then(|a| a.task) {
        Some(t) => task_info(tx.task_by_uuid(&t)?.map(|l| l.task)),
        None => None,
    };
    Ok(FocusState {
        next: next_kind(cycle, &position),
        done_in_cycle: position.done_in_cycle,
        active,
        ended,
        task,
        acted: None,
    })
}

fn task_info(t: Option<crate::model::Task>) -> Option<(i64, String, Option<String>)> {
    t.map(|t| (t.id, t.title, t.project))
}

/// After a completed focus session a break is due; after anything else, focus.
fn next_kind(cycle: &Cycle, position: &CyclePosition) -> Kind {
    match position.last_ended {
        Some((Kind::Focus, FocusStatus::Completed)) => {
            cycle.next_kind(Kind::Focus, position.done_in_cycle)
        }
        _ => Kind::Focus,
    }
}

/// The task a reference names, for `log --task`.
pub fn task_uuid(store: &Store, task: &TaskRef) -> std::result::Result<Uuid, StoreError> {
    Ok(one(store.resolve_ref(task)?, task.text())?.uuid)
}

/// Statistics over the `days` days ending today (settling first, so a session that just ran
/// out counts).
pub fn stats<Tz: chrono::TimeZone>(
    store: &mut Store,
    cycle: &Cycle,
    now: &DateTime<Tz>,
    days: u32,
) -> Result<crate::model::focus_stats::FocusStats> {
    use std::collections::HashMap;

    use crate::model::focus_stats::{TaskInfo, compute};
    status(store, cycle, now.with_timezone(&Utc))?;
    let sessions = store.focus_sessions(None, None)?;
    let mut tasks: HashMap<Uuid, TaskInfo> = HashMap::new();
    for uuid in sessions.iter().filter_map(|s| s.task) {
        if tasks.contains_key(&uuid) {
            continue;
        }
        if let Some(l) = store.task_by_uuid(&uuid)? {
            let t = l.task;
            tasks.insert(
                uuid,
                TaskInfo {
                    id: t.id,
                    title: t.title,
                    project: t.project,
                    estimate_minutes: t.estimate_minutes,
                },
            );
        }
    }
    Ok(compute(&sessions, &tasks, now, days))
}

/// Starts the next phase from the TUI: a focus session continues the last focus session's task
/// unless a task is given.
pub fn start_next(
    store: &mut Store,
    cycle: &Cycle,
    task_id: Option<i64>,
    kind: Kind,
    minutes: u32,
    now: DateTime<Utc>,
) -> Result<FocusState> {
    let (task, title) = match (task_id, kind) {
        (Some(id), _) => (Some(TaskRef::id(id)), None),
        (None, Kind::Focus) => match store.focus_cycle_position()?.last_focus {
            Some((Some(uuid), title)) if store.task_by_uuid(&uuid)?.is_some() => {
                (Some(TaskRef::uuid(uuid)), Some(title))
            }
            Some((_, title)) => (None, Some(title)),
            None => (None, None),
        },
        (None, _) => (None, None),
    };
    let args = StartArgs {
        task,
        minutes: Some(minutes),
        flow: false,
        title,
        kind: Some(kind),
    };
    start(store, cycle, &args, now)
}
