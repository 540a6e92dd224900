//! `tempo sync calendar NAME`: what a synced calendar syncs.

use std::process::ExitCode;

use clap::Args;

use super::Out;
use crate::cli::context::{Context, UsageError};
use crate::sync::TASKS_CALENDAR;

#[derive(Debug, Args)]
pub struct CalendarArgs {
    /// The local calendar's name
    name: String,
    /// Sync its events (on/off)
    #[arg(long)]
    events: Option<Toggle>,
    /// Sync its to-dos (on/off)
    #[arg(long)]
    tasks: Option<Toggle>,
    /// Sync it at all (on/off)
    #[arg(long)]
    sync: Option<Toggle>,
    /// Make it the calendar new tasks are uploaded to
    #[arg(long)]
    new_tasks: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum Toggle {
    On,
    Off,
}

pub(super) fn set(ctx: &mut Context, a: &CalendarArgs) -> Out {
    let name = &a.name;
    let rc = ctx
        .store
        .remote_calendar(name)?
        .ok_or_else(|| UsageError(format!("“{name}” is not a CalDAV calendar")))?;
    let is_on = |t: Option<Toggle>, current: bool| t.map_or(current, |t| t == Toggle::On);
    let (e, t, s) = (
        is_on(a.events, rc.events),
        is_on(a.tasks, rc.tasks),
        is_on(a.sync, rc.enabled),
    );
    ctx.store
        .set_remote_calendar_options(rc.calendar_id, e, t, s)?;
    if a.new_tasks {
        ctx.store.set_setting(TASKS_CALENDAR, name)?;
    }
    let yn = |b: bool| if b { "on" } else { "off" };
    println!(
        "“{name}”: sync {}, events {}, tasks {}{}",
        yn(s),
        yn(e),
        yn(t),
        if ctx.store.setting(TASKS_CALENDAR)?.as_deref() == Some(name.as_str()) {
            "; new tasks go here"
        } else {
            ""
        }
    );
    Ok(ExitCode::SUCCESS)
}
