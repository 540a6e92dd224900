//! `tempo focus …`.

use std::process::ExitCode;

use chrono::{DateTime, Local, Utc};

use super::args::FocusCommand;
use super::context::{Context, UsageError};
use super::output::{Columns, Role, Table, print_json};
use crate::model::dates::parse_since;
use crate::model::focus::summary::outcome;
use crate::model::focus::view::{line, session_json, state_json};
use crate::model::focus::{Cycle, Kind, Mode, clock};
use crate::model::selector::{SelectorError, TaskRef};
use crate::ops;
use crate::ops::focus::{self as focus_ops, Action, FocusState, StartArgs};

type Out = anyhow::Result<ExitCode>;

pub(super) fn run(ctx: &mut Context, cmd: FocusCommand) -> Out {
    let cycle = ctx.config.focus.cycle();
    let now = ctx.now_utc();
    let act =
        |ctx: &mut Context, action: Action| focus_ops::act(&mut ctx.store, &cycle, &action, now);
    let state = match cmd {
        FocusCommand::Status {
            watch: true,
            format,
        } => return super::focus_watch::watch(ctx, format.unwrap_or_default()),
        FocusCommand::Status { .. } => return status(ctx),
        FocusCommand::Log { since, task } => return log(ctx, since, task),
        FocusCommand::Stats { days } => return stats(ctx, days),
        FocusCommand::Start {
            task,
            minutes,
            flow,
            title,
            energy,
        } => start(
            ctx,
            &cycle,
            StartArgs::focus(task_ref(task.as_deref())?, minutes, flow, title),
            energy,
            now,
        )?,
        FocusCommand::Break {
            long,
            short,
            minutes,
        } => take_break(ctx, &cycle, (long, short), minutes, now)?,
        FocusCommand::Pause => act(ctx, Action::Pause)?,
        FocusCommand::Resume => act(ctx, Action::Resume)?,
        FocusCommand::Interrupt {
            external,
            end,
            note,
        } => act(
            ctx,
            Action::Interrupt {
                external,
                note: note.join(" "),
                end,
            },
        )?,
        FocusCommand::Stop { note, energy } => focus_ops::act_with_energy(
            &mut ctx.store,
            &cycle,
            &Action::Stop {
                note: note.join(" "),
            },
            energy,
            now,
        )?,
        FocusCommand::Abandon => act(ctx, Action::Abandon)?,
        FocusCommand::Skip => act(ctx, Action::Skip)?,
    };
    report(ctx, &state)
}

/// The task a `--task` or `focus start TASK` names, read here where it was typed.
fn task_ref(task: Option<&str>) -> Result<Option<TaskRef>, SelectorError> {
    task.map(TaskRef::parse).transpose()
}

/// `tempo focus start`. Started during a time block with no task or title, a session is for
/// the block's task, until its end (a flow session keeps no end).
fn start(
    ctx: &mut Context,
    cycle: &Cycle,
    mut args: StartArgs,
    energy: Option<u8>,
    now: DateTime<Utc>,
) -> ops::Result<FocusState> {
    let block = if args.task.is_none() && args.title.is_none() {
        crate::ops::calendar::block_now(&ctx.store, now, crate::config::local_zone())?
    } else {
        None
    };
    if let Some((uuid, left, text)) = block {
        if args.flow || args.minutes.is_some() {
            eprintln!("In a time block: focusing on its task");
        } else {
            eprintln!("In a time block: {text}");
        }
        args.task = Some(TaskRef::parse(&uuid)?);
        args.minutes = args.minutes.or((!args.flow).then_some(left));
    }
    focus_ops::start_with_energy(&mut ctx.store, cycle, &args, energy, now)
}

/// `tempo focus break [--long | --short]`: the break the cycle has due, unless one is named.
fn take_break(
    ctx: &mut Context,
    cycle: &Cycle,
    (long, short): (bool, bool),
    minutes: Option<u32>,
    now: DateTime<Utc>,
) -> ops::Result<FocusState> {
    let due = focus_ops::status(&mut ctx.store, cycle, now)?.next;
    let kind = match (long, short) {
        (true, _) => Kind::LongBreak,
        (_, true) => Kind::ShortBreak,
        _ if due.is_break() => due,
        _ => Kind::ShortBreak,
    };
    let args = StartArgs {
        minutes,
        kind: Some(kind),
        ..StartArgs::default()
    };
    focus_ops::start(&mut ctx.store, cycle, &args, now)
}

fn report(ctx: &Context, state: &FocusState) -> Out {
    let now = ctx.now_utc();
    if ctx.json {
        print_json(&state_json(state, now, ctx.config.focus.long_break_every))?;
        return Ok(ExitCode::SUCCESS);
    }
    for s in &state.ended {
        let at = s
            .ended
            .map(|e| e.with_timezone(&Local).format("%H:%M").to_string())
            .unwrap_or_default();
        println!(
            "{} “{}” {} at {at} ({})",
            s.kind.label(),
            s.title,
            s.status.as_str(),
            clock(s.elapsed(now))
        );
    }
    if let Some(a) = &state.acted {
        if !state.ended.iter().any(|e| e.uuid == a.uuid) {
            println!("{}", outcome(a, now));
        }
    }
    println!("{}", line(state, now, ctx.config.focus.long_break_every));
    Ok(ExitCode::SUCCESS)
}

fn status(ctx: &mut Context) -> Out {
    let now = ctx.now_utc();
    let state = focus_ops::status(&mut ctx.store, &ctx.config.focus.cycle(), now)?;
    if ctx.json {
        print_json(&state_json(&state, now, ctx.config.focus.long_break_every))?;
    } else {
        println!("{}", line(&state, now, ctx.config.focus.long_break_every));
    }
    Ok(ExitCode::SUCCESS)
}

fn since(ctx: &Context, text: Option<String>) -> anyhow::Result<Option<DateTime<Utc>>> {
    Ok(match text {
        Some(t) => Some(parse_since(&t, &ctx.now)?.start(&Local)),
        None => None,
    })
}

fn log(ctx: &mut Context, since_text: Option<String>, task: Option<String>) -> Out {
    let now = ctx.now_utc();
    focus_ops::status(&mut ctx.store, &ctx.config.focus.cycle(), now)?;
    let task = match task_ref(task.as_deref())? {
        Some(t) => Some(focus_ops::task_uuid(&ctx.store, &t)?),
        None => None,
    };
    let sessions = ctx.store.focus_sessions(since(ctx, since_text)?, task)?;
    if ctx.json {
        let items: Vec<_> = sessions.iter().map(|s| session_json(s, now)).collect();
        print_json(&items)?;
        return Ok(ExitCode::SUCCESS);
    }
    if sessions.is_empty() {
        println!("No focus sessions yet. Start one: tempo focus start [TASK]");
        return Ok(ExitCode::SUCCESS);
    }
    let rows = sessions
        .iter()
        .map(|s| {
            let planned = if s.mode == Mode::Flow {
                "flow".to_string()
            } else {
                format!("{}m", s.planned_minutes)
            };
            let cells = vec![
                s.started
                    .with_timezone(&Local)
                    .format("%Y-%m-%d %H:%M")
                    .to_string(),
                s.kind.label().to_string(),
                s.title.clone(),
                planned,
                clock(s.elapsed(now)),
                s.status.as_str().to_string(),
                s.interruptions.len().to_string(),
                if s.kind == Kind::Focus {
                    format!("{:.1}", s.score(now))
                } else {
                    String::new()
                },
            ];
            (Role::Plain, cells)
        })
        .collect();
    let columns = Columns::new(
        vec![
            "Started", "Kind", "Title", "Planned", "Actual", "Status", "Int", "Score",
        ],
        2,
        vec![4, 6, 7],
    );
    Table { columns, rows }.print(ctx.width, ctx.color)?;
    Ok(ExitCode::SUCCESS)
}

fn stats(ctx: &mut Context, days: u32) -> Out {
    if days == 0 || days > 3660 {
        return Err(UsageError(format!("--days must be 1 to 3660, not {days}")).into());
    }
    let s = focus_ops::stats(&mut ctx.store, &ctx.config.focus.cycle(), &ctx.now, days)?;
    if ctx.json {
        print_json(&s)?;
        return Ok(ExitCode::SUCCESS);
    }
    print!("{}", super::focus_stats::render(&s));
    Ok(ExitCode::SUCCESS)
}
