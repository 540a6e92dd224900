//! Reports: the entries of a range of days, the tasks they name and the clients' rates, put
//! through `time::report::compute`.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use super::super::Result;
use super::{EntryFilter, clients};
use crate::store::Store;
use crate::time::report::{self, GroupBy, Report, ReportInput, TaskInfo, WorkWeek};

/// What to report on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRequest {
    /// First and last day, both included.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub by: Vec<GroupBy>,
    pub filter: EntryFilter,
    pub work: WorkWeek,
}

pub fn run<Tz: TimeZone>(
    store: &Store,
    req: &ReportRequest,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Result<Report> {
    let (from, to) = report::range_bounds(tz, req.from, req.to);
    let billing = clients::billing(store)?;
    let mut entries = store.time_entries_overlapping(from, Some(to))?;
    if req.filter != EntryFilter::default() {
        entries.retain(|e| {
            req.filter
                .matches(e, billing.client_name(&e.attrs).as_deref())
        });
    }
    let tasks = task_infos(store, &entries)?;
    Ok(report::compute(&ReportInput {
        entries: &entries,
        from: req.from,
        to: req.to,
        now,
        tz,
        billing: &billing,
        by: &req.by,
        tasks: &tasks,
        work: req.work,
    })?)
}

/// `12 Write the report` for each task the entries name.
fn task_infos(
    store: &Store,
    entries: &[crate::time::Entry],
) -> Result<HashMap<uuid::Uuid, TaskInfo>> {
    let mut tasks = HashMap::new();
    for uuid in entries.iter().filter_map(|e| e.attrs.task) {
        if tasks.contains_key(&uuid) {
            continue;
        }
        if let Some(l) = store.task_by_uuid(&uuid)? {
            tasks.insert(
                uuid,
                TaskInfo {
                    label: format!("{} {}", l.task.id, l.task.title),
                    estimate_minutes: l.task.estimate_minutes,
                },
            );
        }
    }
    Ok(tasks)
}
