//! The inline syntax of `tempo add` and `tempo modify`:
//! `Call Ann project:work +phone due:fri 9am pri:H est:30m recur:weekly until:2027-06-01`.
//!
//! Words that are not attributes form the title. Parsing is pure; attributes that name other
//! tasks (`depends:`, `parent:`) are kept as selectors for the caller to resolve.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use super::dates::{self, When, parse_when};
use super::duration::parse_minutes;
use super::filter::nearest;
use super::recur::{Recurrence, Rule};
use super::selector::TaskRef;
use super::task::{Priority, Status, Task, validate_project, validate_tag};

/// A field assignment: `None` leaves it alone, `Some(None)` clears it.
type Set<T> = Option<Option<T>>;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mods {
    pub title: Vec<String>,
    pub notes: Option<String>,
    pub project: Set<String>,
    pub add_tags: Vec<String>,
    pub remove_tags: Vec<String>,
    pub priority: Set<Priority>,
    pub status: Option<Status>,
    pub due: Set<When>,
    pub scheduled: Set<When>,
    pub wait: Set<When>,
    pub estimate: Set<u32>,
    pub recur: Set<Rule>,
    pub until: Set<NaiveDate>,
    /// The tasks (ids or UUID prefixes) this one depends on; `Some(vec![])` clears.
    pub depends: Option<Vec<TaskRef>>,
    pub parent: Set<TaskRef>,
}

/// The attribute names this syntax knows, with aliases.
const ATTRS: &[&str] = &[
    "project",
    "proj",
    "priority",
    "pri",
    "due",
    "scheduled",
    "sched",
    "wait",
    "estimate",
    "est",
    "recur",
    "until",
    "depends",
    "dep",
    "parent",
    "status",
    "notes",
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ModError(pub String);

impl crate::error::Kinded for ModError {
    fn kind(&self) -> crate::error::ErrorKind {
        crate::error::ErrorKind::BadInput
    }
}

/// Parses the words after `add` (`for_add`: a leading `-` is part of the title) or after
/// `modify ID` (a leading `-` removes a tag).
pub fn parse_mods<Tz: TimeZone>(
    words: &[String],
    now: &DateTime<Tz>,
    for_add: bool,
) -> Result<Mods, ModError> {
    let mut m = Mods::default();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        if let Some(tag) = word.strip_prefix('+').filter(|t| !t.is_empty()) {
            validate_tag(tag).map_err(ModError)?;
            m.add_tags.push(tag.to_string());
            continue;
        }
        if let Some(tag) = word.strip_prefix('-').filter(|t| !t.is_empty() && !for_add) {
            validate_tag(tag).map_err(ModError)?;
            m.remove_tags.push(tag.to_string());
            continue;
        }
        let Some((name, value)) = word.split_once(':') else {
            m.title.push(word.clone());
            continue;
        };
        let lname = name.to_ascii_lowercase();
        if !ATTRS.contains(&lname.as_str()) {
            let looks_like_attr = name.len() >= 3
                && !value.is_empty()
                && name.chars().all(|c| c.is_ascii_alphabetic() || c == '.');
            if let Some(s) = nearest(&lname, ATTRS.iter())
                .filter(|_| looks_like_attr && !value.starts_with("//"))
            {
                return Err(ModError(format!(
                    "unknown attribute `{name}:` (did you mean `{s}:`?)"
                )));
            }
            m.title.push(word.clone());
            continue;
        }
        let is_date = matches!(lname.as_str(), "due" | "scheduled" | "sched" | "wait");
        let mut value = value.to_string();
        if is_date {
            // `due:in 3d`, `due:next fri`, `due:fri 9am`: the shell split one date in two.
            if dates::needs_next_word(&value) && i < words.len() {
                value = format!("{value} {}", words[i]);
                i += 1;
            }
            if i < words.len() && dates::parse_time(&words[i].to_lowercase()).is_some() {
                value = format!("{value} {}", words[i]);
                i += 1;
            }
        }
        set_attr(&mut m, &lname, &value, now)?;
    }
    Ok(m)
}

fn clear(value: &str) -> bool {
    value.is_empty() || value.eq_ignore_ascii_case("none")
}

/// `None` for a cleared value (empty or `none`), else the value parsed.
fn unless_cleared<T>(
    value: &str,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<Option<T>, ModError> {
    if clear(value) {
        Ok(None)
    } else {
        parse(value).map(Some).map_err(ModError)
    }
}

/// A task named in `depends:` or `parent:`, read here so a bad one changes nothing.
fn task_ref(word: &str) -> Result<TaskRef, String> {
    TaskRef::parse(word).map_err(|e| e.to_string())
}

/// `depends:3,5,ab12`: every task named (none clears the list).
fn task_refs(value: &str) -> Result<Vec<TaskRef>, ModError> {
    value
        .split(',')
        .filter(|s| !s.is_empty() && !clear(s))
        .map(|w| task_ref(w).map_err(ModError))
        .collect()
}

fn set_attr<Tz: TimeZone>(
    m: &mut Mods,
    name: &str,
    value: &str,
    now: &DateTime<Tz>,
) -> Result<(), ModError> {
    let date = |v: &str| -> Result<Option<When>, ModError> {
        if clear(v) {
            Ok(None)
        } else {
            parse_when(v, now)
                .map(Some)
                .map_err(|e| ModError(format!("{name}: {e}")))
        }
    };
    match name {
        "project" | "proj" => {
            m.project = Some(unless_cleared(value, |v| {
                validate_project(v).map(|()| v.to_string())
            })?);
        }
        "priority" | "pri" => m.priority = Some(Priority::parse_opt(value).map_err(ModError)?),
        "status" => m.status = Some(value.parse().map_err(ModError)?),
        "due" => m.due = Some(date(value)?),
        "scheduled" | "sched" => m.scheduled = Some(date(value)?),
        "wait" => m.wait = Some(date(value)?),
        "estimate" | "est" => m.estimate = Some(unless_cleared(value, parse_minutes)?),
        "recur" => m.recur = Some(unless_cleared(value, Rule::parse)?),
        "until" => {
            m.until = Some(match date(value)? {
                None => None,
                Some(When::Day(d)) => Some(d),
                Some(When::At(t)) => Some(t.with_timezone(&now.timezone()).date_naive()),
            });
        }
        "depends" | "dep" => m.depends = Some(task_refs(value)?),
        "parent" => m.parent = Some(unless_cleared(value, task_ref)?),
        "notes" => m.notes = Some(value.to_string()),
        _ => return Err(ModError(format!("unknown attribute `{name}:`"))),
    }
    Ok(())
}

impl Mods {
    pub fn is_empty(&self) -> bool {
        *self == Mods::default()
    }

    /// Applies everything except `depends` and `parent` (which need the store) to `task`.
    /// Due days end at 23:59:59 local; scheduled and wait days start at 00:00.
    pub fn apply_to<Tz: TimeZone>(
        &self,
        task: &mut Task,
        now: &DateTime<Tz>,
    ) -> Result<(), ModError> {
        let tz = now.timezone();
        let utc_now = now.with_timezone(&Utc);
        if !self.title.is_empty() {
            task.title = self.title.join(" ");
        }
        if let Some(n) = &self.notes {
            task.notes = n.clone();
        }
        if let Some(p) = &self.project {
            task.project = p.clone();
        }
        for t in &self.add_tags {
            task.add_tag(t);
        }
        for t in &self.remove_tags {
            task.remove_tag(t);
        }
        if let Some(p) = self.priority {
            task.priority = p;
        }
        if let Some(d) = self.due {
            task.due = d.map(|w| w.end(&tz));
        }
        if let Some(s) = self.scheduled {
            task.scheduled = s.map(|w| w.start(&tz));
        }
        if let Some(e) = self.estimate {
            task.estimate_minutes = e;
        }
        if let Some(w) = self.wait {
            task.wait = w.map(|w| w.start(&tz));
            match task.wait {
                Some(at) if at > utc_now && task.status == Status::Pending => {
                    task.status = Status::Waiting
                }
                None if task.status == Status::Waiting => task.status = Status::Pending,
                _ => {}
            }
        }
        if let Some(s) = self.status {
            set_status(task, s, utc_now);
        }
        self.apply_recurrence(task, &tz)?;
        if task.title.trim().is_empty() {
            return Err(ModError(
                "a task needs a title: add some words that are not attributes".into(),
            ));
        }
        task.modified = utc_now;
        Ok(())
    }

    fn apply_recurrence<Tz: TimeZone>(&self, task: &mut Task, tz: &Tz) -> Result<(), ModError> {
        match &self.recur {
            Some(None) => task.recur = None,
            Some(Some(rule)) => {
                let anchor = task.due.or(task.scheduled).ok_or_else(|| {
                    ModError(
                        "recur: a recurring task needs a due or scheduled date (e.g. due:mon)"
                            .into(),
                    )
                })?;
                let mut rule = rule.clone();
                rule.until = task.recur.as_ref().and_then(|r| r.rule.until);
                let anchor = anchor.with_timezone(tz).date_naive();
                task.recur = Some(Box::new(match task.recur.take() {
                    Some(existing) => Recurrence { rule, ..*existing },
                    None => Recurrence::new_series(rule, anchor),
                }));
            }
            None => {}
        }
        if let Some(until) = self.until {
            let rec = task.recur.as_mut().ok_or_else(|| {
                ModError("until: only recurring tasks have an end date (add recur:…)".into())
            })?;
            rec.rule.until = until;
        }
        Ok(())
    }
}

fn set_status(task: &mut Task, status: Status, now: DateTime<Utc>) {
    match status {
        Status::Done => task.complete(now),
        Status::Started => task.start(now),
        Status::Pending => task.stop(now),
        Status::Waiting | Status::Cancelled => {
            task.status = status;
            task.started = None;
            if status == Status::Cancelled {
                task.done = Some(now);
            }
        }
    }
}

/// The instance that follows a completed recurring task, or `None` when the series has ended.
/// Its UUID comes from the series and its date, so completing twice cannot create it twice.
pub fn next_instance<Tz: TimeZone>(done: &Task, now: &DateTime<Tz>) -> Option<Task> {
    let tz = now.timezone();
    let rec = done.recur.as_ref()?;
    let reference = done.due.or(done.scheduled)?;
    let local = reference.with_timezone(&tz);
    let next_date = rec.rule.next_after(rec.anchor, local.date_naive())?;
    let next_at = dates::local_instant(&tz, next_date.and_time(local.time()));
    let shift = next_at - reference;
    let utc_now = now.with_timezone(&Utc);
    let mut next = done.clone();
    next.id = 0;
    next.uuid = rec.instance_uuid(next_date);
    next.status = Status::Pending;
    next.due = done.due.map(|d| d + shift);
    next.scheduled = done.scheduled.map(|s| s + shift);
    next.wait = done.wait.map(|w| w + shift);
    if next.wait.is_some_and(|w| w > utc_now) {
        next.status = Status::Waiting;
    }
    next.annotations.clear();
    next.depends.clear();
    // Taskwarrior's index of an instance in its series belongs to that instance alone.
    next.fields.remove("imask");
    next.created = utc_now;
    next.modified = utc_now;
    next.started = None;
    next.done = None;
    Some(next)
}

#[cfg(test)]
mod tests;
