//! Time tracking use cases shared by `tempo track`/`tempo time`, `tempo start`/`stop` and the
//! app: each takes typed requests (parsed at the edge), plans with the pure rules in
//! `crate::time`, and writes through one `Store::edit` (one undo step).

pub mod clients;
pub mod import;
pub mod report;

use chrono::{DateTime, TimeZone, Utc};

use super::{Result, one, usage};
use crate::model::selector::TaskRef;
use crate::store::{Store, Tx};
use crate::time::overlap::{self, describe};
use crate::time::{AttrEdit, Attrs, Entry, Fix, Source};

/// What a new entry is about, as given: an optional task (its project and tags are taken
/// first) and the attribute words on top.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntrySpec {
    pub task: Option<TaskRef>,
    pub edit: AttrEdit,
}

/// A change to one entry: new times and attributes; `None` leaves a field alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntryChange {
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    /// `Some(None)` unlinks the task.
    pub task: Option<Option<TaskRef>>,
    pub edit: AttrEdit,
}

/// What `start` and `continue` did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Started {
    pub entry: Entry,
    /// The entry that was running and stopped.
    pub stopped: Option<Entry>,
}

/// Which entries `log` and reports take.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntryFilter {
    pub project: Option<String>,
    pub client: Option<String>,
    pub tags: Vec<String>,
    pub without_tags: Vec<String>,
    pub activity: Option<String>,
    pub billable: Option<bool>,
}

impl EntryFilter {
    /// The filter the attribute words describe (`project:web +call billable:yes`).
    pub fn from_edit(edit: &AttrEdit) -> EntryFilter {
        EntryFilter {
            project: edit.project.clone().flatten(),
            client: edit.client.clone().flatten(),
            tags: edit.add_tags.clone(),
            without_tags: edit.remove_tags.clone(),
            activity: edit.activity.clone().flatten(),
            billable: edit.billable,
        }
    }

    /// `project:web` takes `web.front` too; `client:` compares the resolved client.
    pub fn matches(&self, e: &Entry, client: Option<&str>) -> bool {
        let a = &e.attrs;
        let project_ok = self.project.as_ref().is_none_or(|p| {
            a.project
                .as_ref()
                .is_some_and(|q| q == p || q.starts_with(&format!("{p}.")))
        });
        let client_ok = self
            .client
            .as_ref()
            .is_none_or(|c| client.is_some_and(|k| k.eq_ignore_ascii_case(c)));
        project_ok
            && client_ok
            && self.tags.iter().all(|t| a.tags.contains(t))
            && !self.without_tags.iter().any(|t| a.tags.contains(t))
            && self
                .activity
                .as_ref()
                .is_none_or(|t| a.activity.as_ref() == Some(t))
            && self.billable.is_none_or(|b| a.billable == b)
    }
}

/// The attributes for a new entry: the task's project and tags, then the words.
fn attrs_for(tx: &Tx<'_>, spec: &EntrySpec) -> Result<Attrs> {
    let mut attrs = Attrs::default();
    if let Some(sel) = &spec.task {
        let task = one(tx.resolve_ref(sel)?, sel.text())?;
        attrs.task = Some(task.uuid);
        attrs.project = task.project.clone();
        attrs.tags = task.tags.to_vec();
    }
    spec.edit.apply(&mut attrs);
    Ok(attrs)
}

fn entry(tx: &Tx<'_>, id: i64) -> Result<Entry> {
    tx.time_entry(id)?
        .ok_or_else(|| usage(format!("no time entry {id}; `tempo time log` lists them")))
}

/// Starts tracking at `at`; the running entry, if any, stops there.
pub fn start<Tz: TimeZone>(
    store: &mut Store,
    spec: &EntrySpec,
    at: DateTime<Utc>,
    adjust: bool,
    tz: &Tz,
) -> Result<Started>
where
    Tz::Offset: std::fmt::Display,
{
    store.edit("track start", at, |tx| {
        let attrs = attrs_for(tx, spec)?;
        start_in(tx, attrs, at, adjust, tz)
    })
}

fn start_in<Tz: TimeZone>(
    tx: &mut Tx<'_>,
    attrs: Attrs,
    at: DateTime<Utc>,
    adjust: bool,
    tz: &Tz,
) -> Result<Started>
where
    Tz::Offset: std::fmt::Display,
{
    let stopped = tx.running_entry()?;
    let mut around = tx.time_entries_overlapping(at, None)?;
    if let Some(r) = &stopped
        && !around.iter().any(|e| e.id == r.id)
    {
        around.push(r.clone());
    }
    let fixes = overlap::start_at(&around, at, adjust, tz)?;
    tx.apply_time_fixes(&fixes)?;
    let mut e = Entry {
        id: 0,
        start: at,
        end: None,
        attrs,
        source: Source::Manual,
    };
    e.id = tx.put_time_entry(&e)?;
    let stopped = match stopped {
        Some(s) => tx.time_entry(s.id)?,
        None => None,
    };
    Ok(Started { entry: e, stopped })
}

/// Stops the running entry at `at`.
pub fn stop<Tz: TimeZone>(store: &mut Store, at: DateTime<Utc>, tz: &Tz) -> Result<Entry>
where
    Tz::Offset: std::fmt::Display,
{
    store.edit("track stop", at, |tx| {
        let mut e = tx
            .running_entry()?
            .ok_or_else(|| usage("nothing is being tracked; `tempo track start` starts"))?;
        if at <= e.start {
            return Err(usage(format!(
                "entry {} started at {}; it cannot stop at {} or before",
                e.id,
                describe(tz, e.start, None),
                at.with_timezone(tz).format("%Y-%m-%d %H:%M")
            )));
        }
        e.end = Some(at);
        tx.put_time_entry(&e)?;
        Ok(e)
    })
}

/// Stops the running entry if it tracks the task `task` (what `tempo stop` on a task does).
pub fn stop_task(store: &mut Store, task: uuid::Uuid, at: DateTime<Utc>) -> Result<Option<Entry>> {
    store.edit("track stop", at, |tx| {
        let Some(mut e) = tx.running_entry()?.filter(|e| e.attrs.task == Some(task)) else {
            return Ok(None);
        };
        if at <= e.start {
            return Ok(None);
        }
        e.end = Some(at);
        tx.put_time_entry(&e)?;
        Ok(Some(e))
    })
}

/// Starts a new entry like entry `id` (default: the most recent one).
pub fn resume<Tz: TimeZone>(
    store: &mut Store,
    id: Option<i64>,
    at: DateTime<Utc>,
    tz: &Tz,
) -> Result<Started>
where
    Tz::Offset: std::fmt::Display,
{
    store.edit("track continue", at, |tx| {
        let like = match id {
            Some(id) => entry(tx, id)?,
            None => tx
                .last_time_entry()?
                .ok_or_else(|| usage("nothing to continue: no time has been tracked yet"))?,
        };
        if like.is_running() {
            return Err(usage(format!("entry {} is already running", like.id)));
        }
        start_in(tx, like.attrs, at, false, tz)
    })
}

/// Adds a finished entry (a backfill); overlaps are refused, or trimmed with `adjust`.
pub fn add<Tz: TimeZone>(
    store: &mut Store,
    spec: &EntrySpec,
    span: (DateTime<Utc>, DateTime<Utc>),
    adjust: bool,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Result<Entry>
where
    Tz::Offset: std::fmt::Display,
{
    store.edit("track add", now, |tx| {
        let attrs = attrs_for(tx, spec)?;
        let (start, end) = span;
        let around = tx.time_entries_overlapping(start, Some(end))?;
        let fixes = overlap::fit(&around, start, Some(end), &[], adjust, tz)?;
        tx.apply_time_fixes(&fixes)?;
        let mut e = Entry {
            id: 0,
            start,
            end: Some(end),
            attrs,
            source: Source::Manual,
        };
        e.id = tx.put_time_entry(&e)?;
        Ok(e)
    })
}

/// Writes `e` over its new span, making room as `adjust` allows.
fn refit<Tz: TimeZone>(tx: &mut Tx<'_>, e: &Entry, adjust: bool, tz: &Tz) -> Result<()>
where
    Tz::Offset: std::fmt::Display,
{
    let around = tx.time_entries_overlapping(e.start, e.end)?;
    let fixes = overlap::fit(&around, e.start, e.end, &[e.id], adjust, tz)?;
    tx.apply_time_fixes(&fixes)?;
    tx.put_time_entry(e)?;
    Ok(())
}

/// Changes an entry's times and attributes.
pub fn edit<Tz: TimeZone>(
    store: &mut Store,
    id: i64,
    change: &EntryChange,
    adjust: bool,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Result<Entry>
where
    Tz::Offset: std::fmt::Display,
{
    if change.start.is_none()
        && change.end.is_none()
        && change.task.is_none()
        && change.edit.is_empty()
    {
        return Err(usage(
            "nothing to change: give start:, end:, project:, +tag, note: …",
        ));
    }
    store.edit(&format!("time edit {id}"), now, |tx| {
        let mut e = entry(tx, id)?;
        if let Some(s) = change.start {
            e.start = s;
        }
        if let Some(end) = change.end {
            e.end = Some(end);
        }
        if let Some(task) = &change.task {
            e.attrs.task = match task {
                Some(sel) => Some(one(tx.resolve_ref(sel)?, sel.text())?.uuid),
                None => None,
            };
        }
        change.edit.apply(&mut e.attrs);
        refit(tx, &e, adjust, tz)?;
        Ok(e)
    })
}

/// Splits entry `id` at `at` into two with the same attributes.
pub fn split<Tz: TimeZone>(
    store: &mut Store,
    id: i64,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Result<(Entry, Entry)>
where
    Tz::Offset: std::fmt::Display,
{
    store.edit(&format!("time split {id}"), now, |tx| {
        let e = entry(tx, id)?;
        if at <= e.start || e.end.is_some_and(|end| at >= end) || (e.end.is_none() && at >= now) {
            return Err(usage(format!(
                "{} is not inside entry {id} ({})",
                at.with_timezone(tz).format("%Y-%m-%d %H:%M"),
                describe(tz, e.start, e.end)
            )));
        }
        let made = tx.apply_time_fixes(&[
            Fix::Span {
                id,
                start: e.start,
                end: Some(at),
            },
            Fix::Copy {
                id,
                start: at,
                end: e.end,
            },
        ])?;
        let second = made.first().copied().unwrap_or_default();
        Ok((entry(tx, id)?, entry(tx, second)?))
    })
}

/// Joins two neighbouring entries into the first: it reaches to the second's end (the gap
/// between them, if any, is counted) and the second is deleted.
pub fn join(store: &mut Store, a: i64, b: i64, now: DateTime<Utc>) -> Result<Entry> {
    store.edit(&format!("time join {a} {b}"), now, |tx| {
        let (x, y) = (entry(tx, a)?, entry(tx, b)?);
        let (mut first, second) = if x.start <= y.start { (x, y) } else { (y, x) };
        if first.id == second.id {
            return Err(usage("give two different entries to join"));
        }
        let between =
            tx.time_entries_overlapping(first.end.unwrap_or(first.start), Some(second.start))?;
        if let Some(other) = between
            .iter()
            .find(|e| e.id != first.id && e.id != second.id)
        {
            return Err(usage(format!(
                "entries {} and {} are not neighbours: entry {} lies between them",
                first.id, second.id, other.id
            )));
        }
        tx.delete_time_entry(second.id)?;
        first.end = second.end;
        tx.put_time_entry(&first)?;
        Ok(first)
    })
}

/// Moves entry `id` to start at `at`, keeping its length.
pub fn move_to<Tz: TimeZone>(
    store: &mut Store,
    id: i64,
    at: DateTime<Utc>,
    adjust: bool,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Result<Entry>
where
    Tz::Offset: std::fmt::Display,
{
    store.edit(&format!("time move {id}"), now, |tx| {
        let mut e = entry(tx, id)?;
        let Some(end) = e.end else {
            return Err(usage(format!(
                "entry {id} is running; stop it before moving it"
            )));
        };
        e.end = Some(at + (end - e.start));
        e.start = at;
        refit(tx, &e, adjust, tz)?;
        Ok(e)
    })
}

pub fn delete(store: &mut Store, id: i64, now: DateTime<Utc>) -> Result<Entry> {
    store.edit(&format!("time delete {id}"), now, |tx| {
        let e = entry(tx, id)?;
        tx.delete_time_entry(id)?;
        Ok(e)
    })
}

/// Entries overlapping `[from, to)` that match `filter`, oldest first.
pub fn log(
    store: &Store,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    filter: &EntryFilter,
) -> Result<Vec<Entry>> {
    let entries = store.time_entries_overlapping(from.unwrap_or(DateTime::<Utc>::MIN_UTC), to)?;
    if *filter == EntryFilter::default() {
        return Ok(entries);
    }
    let billing = clients::billing(store)?;
    Ok(entries
        .into_iter()
        .filter(|e| filter.matches(e, billing.client_name(&e.attrs).as_deref()))
        .collect())
}

#[cfg(test)]
mod tests;
