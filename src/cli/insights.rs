//! `tempo insights` and `tempo insights week`: the patterns as text (or `--json`).

use std::fmt::Write as _;
use std::process::ExitCode;

use super::context::{Context, UsageError};
use super::insights_args::{InsightsArgs, InsightsCommand};
use super::output::print_json;
use crate::config::insights::check_days;
use crate::ops::insights as ops;
use crate::planner::insights::week::{hm, text as week_text};
use crate::planner::insights::{Insights, Slot};
use crate::text::fit;

pub(super) fn run(ctx: &Context, args: &InsightsArgs) -> anyhow::Result<ExitCode> {
    let tz = crate::config::local_zone();
    let now = ctx.now_utc();
    if let Some(InsightsCommand::Week) = args.action {
        if args.days.is_some() {
            return Err(UsageError(
                "`insights week` always covers one week; leave out --days".into(),
            )
            .into());
        }
        let w = ops::week_review(&ctx.store, &ctx.config.insights, now, tz)?;
        if ctx.json {
            print_json(&w)?;
        } else {
            print!("{}", week_text(&w));
        }
        return Ok(ExitCode::SUCCESS);
    }
    let days = match args.days {
        Some(d) => check_days(d).map_err(|e| UsageError(format!("--days: {e}")))?,
        None => ctx.config.insights.days,
    };
    let i = ops::insights(&ctx.store, &ctx.config.insights, days, now, tz)?;
    if ctx.json {
        print_json(&i)?;
    } else {
        print!("{}", render(&i));
    }
    Ok(ExitCode::SUCCESS)
}

fn slots(out: &mut String, title: &str, slots: &[Slot]) {
    if slots.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n  {title}");
    for s in slots {
        let _ = writeln!(
            out,
            "    {} completed {}  score {:.1}",
            fit(&s.label, 10),
            s.completion.text(),
            s.mean_score
        );
    }
}

pub(crate) fn render(i: &Insights) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Insights from {} to {}: {} focus sessions, {} completed",
        i.from, i.to, i.sessions, i.completion.k
    );
    for f in &i.findings {
        let _ = writeln!(out, "  • {f}");
    }
    slots(
        &mut out,
        &format!(
            "Best hours of the week (at least {} sessions)",
            i.min_sessions
        ),
        &i.best_hours_of_week,
    );
    slots(&mut out, "Best hours of the day", &i.best_hours_of_day);
    if !i.session_lengths.is_empty() {
        out.push_str("\n  Session length   completed\n");
        for l in &i.session_lengths {
            let _ = writeln!(
                out,
                "    {:>4} min      {}",
                l.planned_minutes,
                l.completion.text()
            );
        }
    }
    let _ = writeln!(
        out,
        "\n  Interruptions: {} internal, {} external",
        i.interruptions.internal, i.interruptions.external
    );
    for p in i
        .interruptions
        .prone_hours
        .iter()
        .chain(&i.interruptions.prone_days)
    {
        let _ = writeln!(
            out,
            "    {} {:.1} per focus hour ({} internal, {} external)",
            fit(&p.label, 6),
            p.per_hour,
            p.internal,
            p.external
        );
    }
    if i.energy.checked_in > 0 {
        let _ = writeln!(
            out,
            "\n  Energy at the start ({} check-ins)",
            i.energy.checked_in
        );
        for b in i.energy.by_start.iter().filter(|b| b.completion.n > 0) {
            let _ = writeln!(out, "    {:<4} completed {}", b.band, b.completion.text());
        }
    }
    if !i.estimate_accuracy.is_empty() {
        out.push_str("\n  Estimates               tasks  actual/estimate  within ±25%\n");
        for a in &i.estimate_accuracy {
            let _ = writeln!(
                out,
                "    {} {:>5} {:>15.2}× {:>11.0}%",
                fit(&a.group, 20),
                a.tasks,
                a.median_ratio,
                a.within_25 * 100.0
            );
        }
    }
    out.push_str("\n  Day          planned  tracked    focus  done\n");
    for d in i.days.iter().rev().take(7).rev() {
        let _ = writeln!(
            out,
            "    {} {:>8} {:>8} {:>8} {:>5}{}",
            d.date.format("%a %m-%d"),
            hm(d.planned_minutes),
            hm(d.tracked_minutes),
            hm(d.focus_minutes),
            d.tasks_done,
            if d.goal_met { "  ✓" } else { "" }
        );
    }
    let s = &i.streaks;
    if s.daily_goal_minutes > 0 {
        let _ = writeln!(
            out,
            "\n  Daily goal {} min: today {:.0} min; streak {} days (longest {})",
            s.daily_goal_minutes, s.today_minutes, s.current_days, s.longest_days
        );
    }
    out
}
