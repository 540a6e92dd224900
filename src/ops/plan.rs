//! `tempo plan`: gathers what the scheduler needs from the store (open tasks, busy events,
//! time blocks) and writes an accepted plan back as time blocks.
//!
//! Planned blocks are ordinary time blocks (events in the blocks calendar linked to their
//! task) carrying `X-TEMPO-PLANNED:TRUE`, so a later plan knows which ones it may move. A
//! planned block that has started, or whose time was worked on, stays; one still ahead, or
//! past with no time recorded on its task, is replaced by the new plan.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use super::calendar::{ItemKind, agenda, stored_event};
use super::{Result, usage};
use crate::ical::CalendarObject;
use crate::ical::event::{self as ev, Draft, Start};
use crate::model::Task;
use crate::model::urgency::{UrgencyCoefficients, urgency};
use crate::planner::schedule::{
    self, Busy, Estimate, KeptBlock, Plan, PlanTask, PlannedBlock, Request, WorkRules,
};
use crate::store::Store;

/// The property that marks a time block as laid out by the planner.
pub const PLANNED_PROPERTY: &str = "X-TEMPO-PLANNED";

/// How far back unworked planned blocks are looked for, to be moved forward.
const LOOK_BACK_DAYS: i64 = 14;

/// What the store holds for a plan of `[from, to)`.
#[derive(Debug, Clone, Default)]
pub struct Gathered {
    pub tasks: Vec<PlanTask>,
    pub busy: Vec<Busy>,
    pub kept: Vec<KeptBlock>,
    /// Planned blocks a new plan replaces: (calendar id, UID).
    pub movable: Vec<(i64, String)>,
}

/// The window and the settings of one plan.
#[derive(Debug, Clone)]
pub struct Window<'a> {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub now: DateTime<Utc>,
    pub tz: Tz,
    pub rules: &'a WorkRules,
    pub urgency: &'a UrgencyCoefficients,
}

/// Reads the open tasks and the calendar around `w`; `estimate` gives each task's duration.
pub fn gather(
    store: &Store,
    w: &Window<'_>,
    estimate: &dyn Fn(&Task) -> Estimate,
) -> Result<Gathered> {
    let filter = crate::model::filter::parse("status:open", &w.now)
        .map_err(|e| super::Error::Internal(format!("open tasks filter: {}", e.message)))?;
    let mut listed = Vec::new();
    store.for_each(&filter, |l| {
        listed.push(l);
        Ok::<(), crate::store::StoreError>(())
    })?;
    let open: HashSet<Uuid> = listed.iter().map(|l| l.task.uuid).collect();
    let tasks = listed
        .iter()
        .map(|l| {
            let u = urgency(&l.task, l.links, w.now, w.urgency);
            PlanTask::from_task(&l.task, estimate, u, w.rules, &open)
        })
        .collect();
    let mut out = Gathered {
        tasks,
        ..Gathered::default()
    };
    calendar(store, w, &mut out)?;
    Ok(out)
}

/// Busy events, kept blocks and movable planned blocks.
fn calendar(store: &Store, w: &Window<'_>, out: &mut Gathered) -> Result<()> {
    let since = w.from - Duration::days(LOOK_BACK_DAYS);
    let (items, _) = agenda(store, since, w.to, w.tz, false)?;
    let mut marks: HashMap<i64, (bool, bool, i64)> = HashMap::new();
    let mut worked: Option<Vec<crate::time::Entry>> = None;
    for i in items.into_iter().filter(|i| i.kind == ItemKind::Event) {
        let o = &i.occurrence;
        let (transparent, planned, calendar_id) = match marks.get(&i.id) {
            Some(m) => *m,
            None => {
                let row = store.calendar_object(&i.id.to_string())?;
                let ics = row.ics.as_deref().unwrap_or_default();
                let m = (
                    has_line(ics, "TRANSP:TRANSPARENT"),
                    has_line(ics, &format!("{PLANNED_PROPERTY}:TRUE")),
                    row.calendar_id,
                );
                marks.insert(i.id, m);
                m
            }
        };
        let task = i.task.as_deref().and_then(|t| Uuid::parse_str(t).ok());
        if planned && !o.recurring {
            let started = o.start <= w.now;
            let was_worked = started && {
                let entries = match &mut worked {
                    Some(e) => e,
                    None => worked.insert(store.time_entries_overlapping(since, Some(w.now))?),
                };
                entries.iter().any(|e| {
                    e.attrs.task == task && e.start < o.end && e.end.is_none_or(|end| end > o.start)
                })
            };
            let running = started && w.now < o.end;
            if !(running || was_worked) {
                out.movable.push((calendar_id, o.uid.clone()));
                continue;
            }
        }
        if o.end <= w.from {
            continue;
        }
        match task {
            Some(t) if !o.all_day => out.kept.push(KeptBlock {
                start: o.start,
                end: o.end,
                task: Some(t),
            }),
            _ => out.busy.push(Busy {
                start: o.start,
                end: o.end,
                all_day: o.all_day,
                transparent,
            }),
        }
    }
    out.movable.sort();
    out.movable.dedup();
    Ok(())
}

/// Whether an unfolded content line of `ics` is exactly `line`.
fn has_line(ics: &str, line: &str) -> bool {
    ics.lines().any(|l| l.trim_end().eq_ignore_ascii_case(line))
}

/// The plan of `w` over what `gathered` holds.
pub fn propose(w: &Window<'_>, gathered: &Gathered) -> Plan {
    schedule::plan(&Request {
        from: w.from,
        to: w.to,
        now: w.now,
        tz: w.tz,
        rules: w.rules,
        busy: &gathered.busy,
        kept: &gathered.kept,
        tasks: &gathered.tasks,
    })
}

/// What `apply` did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Applied {
    /// Planned blocks taken away to be laid out again.
    pub replaced: usize,
    /// The new blocks: event id and UID.
    pub written: Vec<(i64, String)>,
}

/// Writes `plan`'s blocks into `calendar` as planned time blocks, replacing the movable ones,
/// in one undo step.
pub fn apply(
    store: &mut Store,
    plan: &Plan,
    movable: &[(i64, String)],
    calendar: &str,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<Applied> {
    if store.calendar(calendar)?.is_some_and(|c| c.read_only) {
        return Err(usage(format!(
            "calendar “{calendar}” is read-only; set calendar.blocks_calendar to a writable one"
        )));
    }
    store.undo_step("plan --apply", now, |s| {
        let mut replaced = 0;
        for (calendar_id, uid) in movable {
            replaced += usize::from(s.delete_calendar_object(*calendar_id, uid)?);
        }
        let id = s.calendar_id(calendar)?;
        let mut written = Vec::with_capacity(plan.blocks.len());
        for b in &plan.blocks {
            let uid = Uuid::new_v4().to_string();
            let object = planned_event(b, &uid, tz, now);
            let stored = stored_event(&object, tz).map_err(usage)?;
            s.put_calendar_objects(id, std::slice::from_ref(&stored), now.timestamp())?;
            written.push((s.calendar_object_at(id, &uid)?.id, uid));
        }
        Ok(Applied { replaced, written })
    })
}

/// A planned block as an event linked to its task.
fn planned_event(b: &PlannedBlock, uid: &str, tz: Tz, now: DateTime<Utc>) -> CalendarObject {
    let draft = Draft {
        summary: b.title.clone(),
        location: None,
        description: None,
        start: Start::At(b.start.with_timezone(&tz).naive_local()),
        minutes: (b.end - b.start).num_minutes().max(1) as u32,
        rrule: None,
        alarms: Vec::new(),
        task: Some(b.task.to_string()),
    };
    let mut component = ev::new_event(&draft, uid, tz.name(), now);
    component.push(format!("{PLANNED_PROPERTY}:TRUE"));
    CalendarObject {
        uid: uid.to_string(),
        kind: "VEVENT".into(),
        components: vec![component.to_text()],
        timezones: Vec::new(),
        line: 0,
    }
}
