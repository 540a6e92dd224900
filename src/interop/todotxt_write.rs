//! Tasks → todo.txt lines, and folding a re-imported line into the task it came from.
//!
//! Lines are canonical (priority, dates, title, `+project`, `@tags`, then `key:value`s), so
//! export → import → export gives the same bytes. Recurrence is written in the common `rec:`
//! forms (`rec:+1w`, `rec:+1m`, `rec:1b`; `+` because Tempo counts from the due date); only a
//! rule no other tool can express (`2w:mon,thu`) keeps Tempo's form. A cancelled task is not
//! done: it is written open with `cancelled:DATE` (todo.txt has no cancelled state), which Tempo
//! reads back as cancelled. Titles are written on one line (`task::one_line`).

use chrono::{DateTime, TimeZone, Utc};

use super::todotxt::{CREATED_FIELD, PRIORITY_FIELD};
use crate::model::recur::{Rule, Unit};
use crate::model::task::one_line;
use crate::model::{Priority, Status, Task};

/// Formats a task as one todo.txt line (with `uuid:` so a round trip updates in place).
pub fn format_line<Tz: TimeZone>(t: &Task, tz: &Tz) -> String {
    let mut line = body(t, tz);
    line.push_str(&format!(" uuid:{}", t.uuid));
    line
}

/// The line without `uuid:`: what todo.txt says about the task.
fn body<Tz: TimeZone>(t: &Task, tz: &Tz) -> String {
    let d = |at: DateTime<Utc>| {
        at.with_timezone(tz)
            .date_naive()
            .format("%Y-%m-%d")
            .to_string()
    };
    let letter = t.priority.map(|p| match (p, t.fields.get(PRIORITY_FIELD)) {
        (Priority::L, Some(kept)) => kept.clone(),
        (Priority::H, _) => "A".into(),
        (Priority::M, _) => "B".into(),
        (Priority::L, None) => "C".into(),
    });
    let mut parts: Vec<String> = Vec::new();
    let done = t.status == Status::Done;
    if done {
        parts.push("x".into());
        parts.push(d(t.done.unwrap_or(t.modified)));
    } else if let Some(l) = &letter {
        parts.push(format!("({l})"));
    }
    if !t.fields.contains_key(CREATED_FIELD) {
        parts.push(d(t.created));
    }
    parts.push(one_line(&t.title).into_owned());
    if let Some(p) = &t.project {
        parts.push(format!("+{}", one_line(p).replace(' ', "_")));
    }
    parts.extend(t.tags.iter().map(|tag| format!("@{tag}")));
    if let Some(due) = t.due {
        parts.push(format!("due:{}", d(due)));
    }
    if let Some(w) = t.wait {
        parts.push(format!("t:{}", d(w)));
    }
    if let Some(r) = &t.recur {
        parts.push(format!("rec:{}", rec(&r.rule)));
    }
    if t.status == Status::Cancelled {
        parts.push(format!("cancelled:{}", d(t.done.unwrap_or(t.modified))));
    }
    if let (true, Some(l)) = (done, letter) {
        parts.push(format!("pri:{l}"));
    }
    parts.join(" ")
}

/// `rec:` in the form other todo.txt tools read.
fn rec(rule: &Rule) -> String {
    if rule.weekdays.is_empty() {
        let unit = match rule.unit {
            Unit::Day => 'd',
            Unit::Week => 'w',
            Unit::Month => 'm',
            Unit::Year => 'y',
        };
        return format!("+{}{unit}", rule.every);
    }
    match Rule::parse("weekdays") {
        Ok(w) if w.weekdays == rule.weekdays && rule.every == 1 && rule.unit == Unit::Day => {
            "1b".into()
        }
        _ => rule.to_string(),
    }
}

/// The task to store for a line whose UUID is already taken by `existing`: `existing` itself
/// when the line says nothing new (a re-import of Tempo's own export), otherwise the line's
/// version keeping what todo.txt does not carry (notes, annotations, estimate, links, times of
/// day, other custom fields).
pub fn merge<Tz: TimeZone>(existing: &Task, parsed: Task, tz: &Tz) -> Task {
    if body(existing, tz) == body(&parsed, tz) {
        return existing.clone();
    }
    let same_day = |a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>| match (a, b) {
        (Some(a), Some(b)) => a.with_timezone(tz).date_naive() == b.with_timezone(tz).date_naive(),
        (None, None) => true,
        _ => false,
    };
    let mut t = parsed;
    t.id = existing.id;
    t.notes.clone_from(&existing.notes);
    t.annotations.clone_from(&existing.annotations);
    t.estimate_minutes = existing.estimate_minutes;
    t.scheduled = existing.scheduled;
    t.parent = existing.parent;
    t.depends.clone_from(&existing.depends);
    for (name, value) in &existing.fields {
        if name != PRIORITY_FIELD && name != CREATED_FIELD {
            t.fields
                .entry(name.clone())
                .or_insert_with(|| value.clone());
        }
    }
    if same_day(existing.due, t.due) {
        t.due = existing.due;
    }
    if same_day(existing.wait, t.wait) {
        t.wait = existing.wait;
    }
    if same_day(existing.done, t.done) {
        t.done = existing.done;
    }
    if same_day(Some(existing.created), Some(t.created)) || t.fields.contains_key(CREATED_FIELD) {
        t.created = existing.created;
    }
    if t.status == Status::Pending && existing.status == Status::Started {
        t.status = Status::Started;
        t.started = existing.started;
    }
    if let (Some(old), Some(new)) = (&existing.recur, &mut t.recur)
        && old.rule == new.rule
    {
        new.series = old.series;
        new.anchor = old.anchor;
    }
    t
}
