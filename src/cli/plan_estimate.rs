//! `tempo estimate TASK` and `tempo estimate backtest [--history FILE]` (also reachable as
//! `tempo plan estimate` / `tempo plan backtest`): the learned estimate for a task with its
//! range, confidence and factors, and the replay of the history that shows how good it is.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use super::context::Context;
use super::output::print_json;
use crate::model::selector::TaskRef;
use crate::ops::{UsageError, one, plan_estimate};
use crate::planner::estimate::{Backtest, Errors, Estimate, Group, backtest as replay};

type Out = anyhow::Result<ExitCode>;

/// `tempo estimate`: one task's estimate, or a subcommand.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct EstimateCommand {
    #[command(subcommand)]
    pub action: Option<EstimateAction>,
    #[command(flatten)]
    pub task: EstimateArgs,
}

#[derive(Debug, Subcommand)]
pub enum EstimateAction {
    /// Replay the history in time order, each task estimated from the ones before it, and
    /// score your own estimates, the rules and the model
    Backtest(BacktestArgs),
}

#[derive(Debug, Args)]
pub struct EstimateArgs {
    /// Task id or UUID prefix
    pub task: Option<String>,
}

#[derive(Debug, Args)]
pub struct BacktestArgs {
    /// Replay this history file (a JSON array like tests/fixtures/planner_history.json)
    /// instead of the database's
    #[arg(long, value_name = "FILE")]
    pub history: Option<PathBuf>,
}

pub(super) fn run(ctx: &Context, cmd: EstimateCommand) -> Out {
    match cmd.action {
        Some(EstimateAction::Backtest(a)) => backtest(ctx, &a),
        None => estimate(ctx, &cmd.task),
    }
}

pub(super) fn estimate(ctx: &Context, args: &EstimateArgs) -> Out {
    let Some(selector) = args.task.as_deref() else {
        return Err(UsageError(
            "name a task: `tempo estimate 12`, or `tempo estimate backtest`".into(),
        )
        .into());
    };
    let task = one(ctx.store.resolve_ref(&TaskRef::parse(selector)?)?, selector)?;
    let min = ctx.config.planner.min_data_points;
    let e = plan_estimate::estimate(&ctx.store, &task, min, ctx.now_utc())?;
    if ctx.json {
        let mut value = serde_json::to_value(&e)?;
        if let Some(o) = value.as_object_mut() {
            o.insert("id".into(), task.id.into());
            o.insert("uuid".into(), task.uuid.to_string().into());
            o.insert("title".into(), task.title.clone().into());
        }
        print_json(&value)?;
    } else {
        print!("Task {}: {}\n{}", task.id, task.title, render(&e));
    }
    Ok(ExitCode::SUCCESS)
}

use crate::planner::estimate::rounded_minutes as minutes;

fn render(e: &Estimate) -> String {
    let mut out = format!("Estimate  {}\n", e.summary());
    let basis = match e.history {
        0 => "the rules alone: no completed task has recorded time yet".to_string(),
        n => format!(
            "{n} completed task{} (model {:.0}%, rules {:.0}%)",
            if n == 1 { "" } else { "s" },
            e.learned_weight * 100.0,
            (1.0 - e.learned_weight) * 100.0
        ),
    };
    let _ = writeln!(out, "From      {basis}");
    if let Some(t) = e.typical_minutes {
        let _ = writeln!(out, "Typical   {} for a task in your history", minutes(t));
    }
    for (i, f) in e.factors.iter().enumerate() {
        let key = if i == 0 { "Factors" } else { "" };
        let _ = writeln!(out, "{key:<9} {f}");
    }
    out
}

pub(super) fn backtest(ctx: &Context, args: &BacktestArgs) -> Out {
    let min = ctx.config.planner.min_data_points;
    let b = match &args.history {
        Some(path) => replay(&plan_estimate::read_history(path)?, min),
        None => plan_estimate::backtest_store(&ctx.store, min, ctx.now_utc())?,
    };
    if ctx.json {
        print_json(&b)?;
    } else {
        print!("{}", render_backtest(&b));
    }
    Ok(ExitCode::SUCCESS)
}

fn errors(e: Option<Errors>) -> String {
    e.map_or("–".into(), |e| {
        format!("{:>4.0} / {:<4.0}", e.median, e.mean)
    })
}

fn group_line(out: &mut String, name: &str, g: &Group) {
    let inside = g
        .inside_p10_p90
        .map_or("–".into(), |s| format!("{:.0}%", s * 100.0));
    let _ = writeln!(
        out,
        "{name:<20} {:>5}  {:>11}  {:>11}  {:>11}  {inside:>7}",
        g.tasks,
        errors(g.person),
        errors(g.rules),
        errors(g.model)
    );
}

fn render_backtest(b: &Backtest) -> String {
    let mut out = format!(
        "Backtest over {} completed tasks, each estimated from the ones completed before it\n\
         (min_data_points {}). Absolute error in minutes, median / mean:\n\n",
        b.tasks, b.min_data_points
    );
    let _ = writeln!(
        out,
        "{:<20} {:>5}  {:>11}  {:>11}  {:>11}  {:>7}",
        "", "tasks", "yours", "rules", "model", "in P10–P90"
    );
    group_line(&mut out, "with your estimate", &b.with_estimate);
    group_line(&mut out, "without", &b.without_estimate);
    out
}
