//! The weekly review: what was planned, what got done, what was tracked and where the time
//! went, for the week (Monday to Sunday) holding a given day.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use super::{Input, Options, days};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectTime {
    /// The project, or "(no project)".
    pub project: String,
    pub minutes: f64,
    pub share: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekReview {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub planned_minutes: f64,
    /// `12 Write the report` for each task with a time block this week.
    pub planned_tasks: Vec<String>,
    pub done_tasks: Vec<String>,
    /// Of the tasks planned, how many are done (by now).
    pub planned_done: u32,
    pub tracked_minutes: f64,
    pub focus_minutes: f64,
    pub sessions: u32,
    pub by_project: Vec<ProjectTime>,
    pub daily_goal_minutes: u32,
    pub goal_days: u32,
}

pub fn review(input: &Input, today: NaiveDate, daily_goal_minutes: u32) -> WeekReview {
    let from = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    let to = from + Days::new(6);
    let opts = Options {
        today: to,
        days: 7,
        min_sessions: 1,
        daily_goal_minutes,
    };
    let in_week = |d: NaiveDate| (from..=to).contains(&d);
    let tasks: HashMap<_, _> = input.tasks.iter().map(|t| (t.uuid, t)).collect();
    let name = |t: &super::TaskFact| format!("{} {}", t.id, t.title);
    let mut planned: Vec<uuid::Uuid> = Vec::new();
    for b in input.blocks.iter().filter(|b| in_week(b.start.date())) {
        if let Some(t) = b.task.filter(|t| !planned.contains(t)) {
            planned.push(t);
        }
    }
    let planned_tasks: Vec<&super::TaskFact> = planned
        .iter()
        .filter_map(|u| tasks.get(u).copied())
        .collect();
    let mut by: BTreeMap<String, f64> = BTreeMap::new();
    for e in input.entries.iter().filter(|e| in_week(e.start.date())) {
        let project = e.project.clone().unwrap_or_else(|| "(no project)".into());
        *by.entry(project).or_default() += e.minutes;
    }
    let per_day = days::per_day(input, &opts);
    let tracked: f64 = by.values().sum();
    let mut by_project: Vec<ProjectTime> = by
        .into_iter()
        .map(|(project, minutes)| ProjectTime {
            project,
            minutes,
            share: if tracked > 0.0 {
                minutes / tracked
            } else {
                0.0
            },
        })
        .collect();
    by_project.sort_by(|a, b| b.minutes.total_cmp(&a.minutes));
    WeekReview {
        from,
        to,
        planned_minutes: per_day.iter().map(|d| d.planned_minutes).sum(),
        planned_done: planned_tasks.iter().filter(|t| t.done.is_some()).count() as u32,
        planned_tasks: planned_tasks.iter().map(|t| name(t)).collect(),
        done_tasks: input
            .tasks
            .iter()
            .filter(|t| t.done.is_some_and(|d| in_week(d.date())))
            .map(name)
            .collect(),
        tracked_minutes: tracked,
        focus_minutes: per_day.iter().map(|d| d.focus_minutes).sum(),
        sessions: input
            .sessions
            .iter()
            .filter(|s| in_week(s.start.date()))
            .count() as u32,
        by_project,
        daily_goal_minutes,
        goal_days: per_day.iter().filter(|d| d.goal_met).count() as u32,
    }
}

/// `2h 05m`.
pub fn hm(minutes: f64) -> String {
    let m = minutes.round().max(0.0) as i64;
    format!("{}h {:02}m", m / 60, m % 60)
}

pub fn text(w: &WeekReview) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Week of {} to {}",
        w.from.format("%a %Y-%m-%d"),
        w.to.format("%a %Y-%m-%d")
    );
    let _ = writeln!(
        out,
        "\nPlanned: {} in time blocks for {} tasks ({} of them done)",
        hm(w.planned_minutes),
        w.planned_tasks.len(),
        w.planned_done
    );
    for t in &w.planned_tasks {
        let _ = writeln!(out, "  {t}");
    }
    let _ = writeln!(out, "\nDone: {} tasks", w.done_tasks.len());
    for t in &w.done_tasks {
        let _ = writeln!(out, "  {t}");
    }
    let _ = writeln!(
        out,
        "\nTracked: {}; focus {} in {} sessions; daily goal ({} min) met on {} of 7 days",
        hm(w.tracked_minutes),
        hm(w.focus_minutes),
        w.sessions,
        w.daily_goal_minutes,
        w.goal_days
    );
    if !w.by_project.is_empty() {
        out.push_str("\nWhere the time went:\n");
        for p in &w.by_project {
            let _ = writeln!(
                out,
                "  {} {:>8} {:>4.0}%",
                crate::text::fit(&p.project, 24),
                hm(p.minutes),
                p.share * 100.0
            );
        }
    }
    out
}
