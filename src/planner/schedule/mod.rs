//! Laying open tasks into free time. Pure: the clock, the zone, the calendar and the tasks
//! are all given.
//!
//! Tasks are placed one at a time in the order `order` gives (earliest deadline first, then
//! urgency), each as early as it can go. Placing tasks with due dates first, by deadline,
//! each as early as possible, is earliest-deadline-first itself: whenever EDF could meet every
//! deadline in the free time, this plan does. A task due inside the window is placed whole
//! before its due time or not at all (with the reason); one due later, or not due, may be
//! planned in part. Deep-work tasks without a due date go to the best focus hours first.

mod input;
mod order;
mod place;
mod slots;
mod why;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_props;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

pub use input::{
    Busy, DEFAULT_ESTIMATE_MINUTES, Estimate, KeptBlock, PlanTask, WorkRules, own_estimate,
    parse_clock,
};
pub use slots::{Slot, free_slots, working_time};

use place::{Bounds, Free};

/// What to plan: the window, the calendar around it and the tasks.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub now: DateTime<Utc>,
    pub tz: Tz,
    pub rules: &'a WorkRules,
    pub busy: &'a [Busy],
    pub kept: &'a [KeptBlock],
    pub tasks: &'a [PlanTask],
}

/// One proposed block of work on a task.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PlannedBlock {
    pub task: Uuid,
    pub id: i64,
    pub title: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// 1-based part of a task split over several blocks, and how many parts it has.
    pub part: u32,
    pub parts: u32,
}

/// What happened to one task, and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Outcome {
    pub task: Uuid,
    pub id: i64,
    pub title: String,
    /// 1-based place in the order tasks were placed in.
    pub rank: usize,
    /// Minutes planned for (the P80), the median, those covered by kept blocks, and those
    /// placed now.
    pub minutes: u32,
    pub p50_minutes: u32,
    pub kept_minutes: i64,
    pub planned_minutes: i64,
    pub deep: bool,
    /// Readable reasons for where it went.
    pub why: Vec<String>,
    /// Why it (or its rest) is not in the plan.
    pub unplaced: Option<String>,
}

/// The proposal.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Plan {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// Free working minutes in the window before anything was placed.
    pub free_minutes: i64,
    pub blocks: Vec<PlannedBlock>,
    pub tasks: Vec<Outcome>,
}

impl Plan {
    pub fn unplaced(&self) -> impl Iterator<Item = &Outcome> {
        self.tasks.iter().filter(|t| t.unplaced.is_some())
    }
}

/// When a task's last minute is planned, or why it is not finished in this plan.
enum Finish {
    At(DateTime<Utc>),
    Not,
}

/// Lays `req.tasks` into the free time of `[req.from, req.to)`.
pub fn plan(req: &Request<'_>) -> Plan {
    let from = req.from.max(req.now);
    let slots = free_slots(req.rules, from, req.to, req.busy, req.kept, &req.tz);
    let free_minutes = slots.iter().map(Slot::minutes).sum();
    let mut free = Free::new(slots, req.rules, req.kept, &req.tz);
    let kept = kept_by_task(req.kept);
    let ord = order::order(req.tasks);
    let ids: HashMap<Uuid, i64> = req.tasks.iter().map(|t| (t.uuid, t.id)).collect();
    let mut finish: HashMap<Uuid, Finish> = HashMap::new();
    let mut blocks = Vec::new();
    let mut outcomes = Vec::with_capacity(req.tasks.len());
    for (rank, &i) in ord.order.iter().enumerate() {
        let t = &req.tasks[i];
        let (kept_minutes, kept_end) = kept.get(&t.uuid).copied().unwrap_or((0, from));
        let mut out = Outcome {
            task: t.uuid,
            id: t.id,
            title: t.title.clone(),
            rank: rank + 1,
            minutes: t.minutes,
            p50_minutes: t.estimate.p50,
            kept_minutes,
            planned_minutes: 0,
            deep: t.deep,
            why: why::order(t, ord.deadline[i], &ids, req.tasks, &req.tz),
            unplaced: None,
        };
        let placed = place_one(
            req,
            t,
            &mut free,
            &finish,
            &ids,
            ord.in_cycle[i],
            &mut out,
            from,
            kept_end,
        );
        finish.insert(t.uuid, placed.0);
        push_blocks(&mut blocks, t, placed.1);
        outcomes.push(out);
    }
    blocks.sort_by_key(|b| (b.start, b.id));
    outcomes.sort_by_key(|o| o.rank);
    Plan {
        from,
        to: req.to,
        free_minutes,
        blocks,
        tasks: outcomes,
    }
}

type Pieces = Vec<(DateTime<Utc>, DateTime<Utc>)>;

/// Minutes of kept blocks per task, and when the last of them ends.
fn kept_by_task(kept: &[KeptBlock]) -> HashMap<Uuid, (i64, DateTime<Utc>)> {
    let mut out: HashMap<Uuid, (i64, DateTime<Utc>)> = HashMap::new();
    for k in kept {
        if let Some(t) = k.task {
            let e = out.entry(t).or_insert((0, k.end));
            e.0 += (k.end - k.start).num_minutes();
            e.1 = e.1.max(k.end);
        }
    }
    out
}

/// The pieces of one task as numbered blocks.
fn push_blocks(blocks: &mut Vec<PlannedBlock>, t: &PlanTask, pieces: Pieces) {
    let parts = pieces.len() as u32;
    for (n, (start, end)) in pieces.into_iter().enumerate() {
        blocks.push(PlannedBlock {
            task: t.uuid,
            id: t.id,
            title: t.title.clone(),
            start,
            end,
            part: n as u32 + 1,
            parts,
        });
    }
}

/// Places one task; fills in `out`'s reasons.
#[allow(clippy::too_many_arguments)]
fn place_one(
    req: &Request<'_>,
    t: &PlanTask,
    free: &mut Free,
    finish: &HashMap<Uuid, Finish>,
    ids: &HashMap<Uuid, i64>,
    in_cycle: bool,
    out: &mut Outcome,
    from: DateTime<Utc>,
    kept_end: DateTime<Utc>,
) -> (Finish, Pieces) {
    let need = (i64::from(t.minutes) - out.kept_minutes).max(0);
    let earliest = match earliest_start(req, t, finish, ids, in_cycle, from) {
        Ok(e) => e,
        Err(reason) => {
            out.unplaced = Some(reason);
            return (Finish::Not, Vec::new());
        }
    };
    if need == 0 {
        out.why.push(format!(
            "kept blocks cover its {}",
            why::minutes(i64::from(t.minutes))
        ));
        return (Finish::At(kept_end), Vec::new());
    }
    let due_inside = t.due.filter(|d| *d <= req.to);
    let bounds = Bounds {
        earliest,
        until: due_inside,
    };
    match due_inside {
        Some(due) => place_by(req, free, need, bounds, due, out),
        None => place_any(req, t, free, need, bounds, out),
    }
}

/// When `t` may start: after `from`, its `scheduled:`/`wait:` and its blockers; or why it
/// cannot go in this plan.
fn earliest_start(
    req: &Request<'_>,
    t: &PlanTask,
    finish: &HashMap<Uuid, Finish>,
    ids: &HashMap<Uuid, i64>,
    in_cycle: bool,
    from: DateTime<Utc>,
) -> Result<DateTime<Utc>, String> {
    if in_cycle {
        return Err("its dependencies form a cycle".into());
    }
    let mut earliest = from.max(t.not_before.unwrap_or(from));
    if earliest >= req.to {
        return Err(format!(
            "not before {}, after the window",
            why::when(earliest, &req.tz)
        ));
    }
    for d in &t.depends {
        match finish.get(d) {
            Some(Finish::At(end)) => earliest = earliest.max(*end),
            Some(Finish::Not) => {
                let id = ids.get(d).copied().unwrap_or_default();
                return Err(format!(
                    "waits for task {id}, which is not finished in this plan"
                ));
            }
            None => {}
        }
    }
    Ok(earliest)
}

fn minutes_of(pieces: &Pieces) -> i64 {
    pieces.iter().map(|(a, b)| (*b - *a).num_minutes()).sum()
}

/// A task due inside the window: all of it before `due`, or none of it.
fn place_by(
    req: &Request<'_>,
    free: &mut Free,
    need: i64,
    bounds: Bounds,
    due: DateTime<Utc>,
    out: &mut Outcome,
) -> (Finish, Pieces) {
    let before = free.clone();
    let pieces = free.take(need, bounds, None);
    if minutes_of(&pieces) < need {
        *free = before;
        out.unplaced = Some(format!(
            "needs {} before {}, {} free",
            why::minutes(need),
            why::when(due, &req.tz),
            why::minutes(free.room(bounds))
        ));
        return (Finish::Not, Vec::new());
    }
    done(out, pieces)
}

/// A task due later or not at all: as much as fits, deep work in the best hours first.
fn place_any(
    req: &Request<'_>,
    t: &PlanTask,
    free: &mut Free,
    need: i64,
    bounds: Bounds,
    out: &mut Outcome,
) -> (Finish, Pieces) {
    let mut pieces = Vec::new();
    if t.deep && t.due.is_none() && !req.rules.best_hours.is_empty() {
        let best = |s: &Slot| place::best_windows(s, req.rules, &req.tz);
        pieces = free.take(need, bounds, Some(&best));
        if !pieces.is_empty() {
            out.why
                .push("deep work: placed in your best focus hours first".into());
        }
    }
    let got = minutes_of(&pieces);
    if got < need {
        pieces.extend(free.take(need - got, bounds, None));
        pieces.sort();
    }
    let got = minutes_of(&pieces);
    if got < need {
        out.planned_minutes = got;
        out.unplaced = Some(if got == 0 {
            format!(
                "needs {}, no free time left in the window",
                why::minutes(need)
            )
        } else {
            format!(
                "{} of {} planned; the rest does not fit in the window",
                why::minutes(got),
                why::minutes(need)
            )
        });
        return (Finish::Not, pieces);
    }
    done(out, pieces)
}

fn done(out: &mut Outcome, pieces: Pieces) -> (Finish, Pieces) {
    out.planned_minutes = minutes_of(&pieces);
    if pieces.len() > 1 {
        out.why.push(format!("split into {} blocks", pieces.len()));
    }
    let end = pieces.iter().map(|p| p.1).max();
    (end.map_or(Finish::Not, Finish::At), pieces)
}
