//! `tempo plan [today|tomorrow|week|RANGE] [--apply]` and `tempo plan why TASK`: the day (or
//! days) laid out around the calendar, as a proposal or written as time blocks.

use std::process::ExitCode;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use clap::{Args, Subcommand};

use super::context::{Context, UsageError};
use super::output::print_json;
use crate::config::local_zone;
use crate::model::selector::TaskRef;
use crate::ops::plan::{self as ops, Applied, Gathered};
use crate::ops::plan_days::{Settings, plan_days, plan_json, planned_minutes};
use crate::planner::schedule::{Outcome, Plan};

type Out = anyhow::Result<ExitCode>;

/// `tempo plan`: the subcommands leave room for more (estimates, backtests).
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct PlanArgs {
    #[command(subcommand)]
    pub action: Option<PlanCommand>,
    /// What to plan: today (default), tomorrow, week (today and the next 6 days), a day (fri,
    /// 2026-12-01) or days FROM..TO (mon..fri)
    pub range: Option<String>,
    /// Write the plan as time blocks (replacing earlier planned blocks not yet worked)
    #[arg(long)]
    pub apply: bool,
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Where a task went in the plan and why
    Why {
        /// Task id or UUID prefix
        task: String,
        /// The window, as for `tempo plan` (default: today)
        range: Option<String>,
    },
    /// How long a task will take, learned from your history (as `tempo estimate TASK`)
    Estimate(super::plan_estimate::EstimateArgs),
    /// How good the estimates have been, replayed over your history (as `tempo estimate
    /// backtest`)
    Backtest(super::plan_estimate::BacktestArgs),
}

pub(super) fn run(ctx: &mut Context, args: PlanArgs) -> Out {
    let tz = local_zone();
    match args.action {
        Some(PlanCommand::Why { task, range }) => why(ctx, &task, range.as_deref(), tz),
        Some(PlanCommand::Estimate(a)) => super::plan_estimate::estimate(ctx, &a),
        Some(PlanCommand::Backtest(a)) => super::plan_estimate::backtest(ctx, &a),
        None => plan(ctx, args.range.as_deref(), args.apply, tz),
    }
}

/// The window a range word names, from local midnight to local midnight.
fn window(ctx: &Context, range: Option<&str>, tz: Tz) -> anyhow::Result<(NaiveDate, NaiveDate)> {
    Ok(crate::ops::plan_days::window(
        range,
        ctx.now.with_timezone(&tz),
    )?)
}

/// The plan of a window, with what it was made from.
fn make(ctx: &Context, range: Option<&str>, tz: Tz) -> anyhow::Result<(Plan, Gathered)> {
    let days = window(ctx, range, tz)?;
    let settings = Settings {
        planner: &ctx.config.planner,
        insights: &ctx.config.insights,
        urgency: &ctx.config.urgency,
    };
    Ok(plan_days(&ctx.store, settings, days, ctx.now_utc(), tz)?)
}

fn plan(ctx: &mut Context, range: Option<&str>, apply: bool, tz: Tz) -> Out {
    let (plan, gathered) = make(ctx, range, tz)?;
    let applied = if apply {
        let calendar = ctx.config.calendar.blocks_calendar.clone();
        let now = ctx.now_utc();
        Some(ops::apply(
            &mut ctx.store,
            &plan,
            &gathered.movable,
            &calendar,
            tz,
            now,
        )?)
    } else {
        None
    };
    if ctx.json {
        print_json(&plan_json(&plan, applied.as_ref()))?;
        return Ok(ExitCode::SUCCESS);
    }
    print_plan(&plan, applied.as_ref(), gathered.movable.len(), tz);
    Ok(ExitCode::SUCCESS)
}

fn hm(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%H:%M").to_string()
}

fn duration(m: i64) -> String {
    match (m / 60, m % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h {m}m"),
    }
}

fn print_plan(plan: &Plan, applied: Option<&Applied>, movable: usize, tz: Tz) {
    println!(
        "Plan {} – {}: {} free, {} planned in {} blocks",
        plan.from.with_timezone(&tz).format("%a %-d %b %H:%M"),
        plan.to.with_timezone(&tz).format("%a %-d %b %H:%M"),
        duration(plan.free_minutes),
        duration(planned_minutes(plan)),
        plan.blocks.len()
    );
    let mut day = None;
    for b in &plan.blocks {
        let d = b.start.with_timezone(&tz).date_naive();
        if day != Some(d) {
            println!("{}", d.format("%a %-d %b"));
            day = Some(d);
        }
        let part = if b.parts > 1 {
            format!(" ({}/{})", b.part, b.parts)
        } else {
            String::new()
        };
        println!(
            "  {}–{}  {:>4}  {}{part}",
            hm(b.start, tz),
            hm(b.end, tz),
            b.id,
            crate::model::task::one_line(&b.title)
        );
    }
    let unplaced: Vec<&Outcome> = plan.unplaced().collect();
    if !unplaced.is_empty() {
        println!("Not planned:");
        for o in unplaced {
            println!(
                "  {:>4}  {}: {}",
                o.id,
                crate::model::task::one_line(&o.title),
                o.unplaced.as_deref().unwrap_or_default()
            );
        }
    }
    match applied {
        Some(a) => println!(
            "Wrote {} time blocks (replaced {} planned earlier)",
            a.written.len(),
            a.replaced
        ),
        None if !plan.blocks.is_empty() || movable > 0 => {
            println!("Nothing written: `tempo plan --apply` writes these as time blocks")
        }
        None => {}
    }
}

fn why(ctx: &Context, task: &str, range: Option<&str>, tz: Tz) -> Out {
    let found = ctx.store.resolve_ref(&TaskRef::parse(task)?)?;
    let [listed] = found.as_slice() else {
        return Err(UsageError(if found.is_empty() {
            format!("no task matches `{task}`")
        } else {
            format!("`{task}` matches {} tasks; name one", found.len())
        })
        .into());
    };
    let t = &listed.task;
    if !t.status.is_open() {
        return Err(UsageError(format!(
            "task {} is {}; only open tasks are planned",
            t.id,
            t.status.as_str()
        ))
        .into());
    }
    let (plan, _) = make(ctx, range, tz)?;
    let outcome = plan.tasks.iter().find(|o| o.task == t.uuid);
    let blocks: Vec<_> = plan.blocks.iter().filter(|b| b.task == t.uuid).collect();
    if ctx.json {
        print_json(&serde_json::json!({ "task": outcome, "blocks": blocks }))?;
        return Ok(ExitCode::SUCCESS);
    }
    let Some(o) = outcome else {
        println!("Task {} is not in the plan", t.id);
        return Ok(ExitCode::SUCCESS);
    };
    println!(
        "Task {} “{}”: placed {} of {} tasks",
        o.id,
        crate::model::task::one_line(&o.title),
        o.rank,
        plan.tasks.len()
    );
    for b in &blocks {
        println!(
            "  {} {}–{}",
            b.start.with_timezone(&tz).format("%a %-d %b"),
            hm(b.start, tz),
            hm(b.end, tz)
        );
    }
    for w in &o.why {
        println!("  - {w}");
    }
    if let Some(u) = &o.unplaced {
        println!("  Not planned: {u}");
    }
    Ok(ExitCode::SUCCESS)
}
