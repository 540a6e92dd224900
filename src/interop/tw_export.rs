//! Tasks → JSON that `task import` reads (Taskwarrior 2.6 and 3.x): the inverse of
//! `taskwarrior::parse_export`, so a task that came from Taskwarrior goes back unchanged.
//!
//! Custom fields become attributes again (UDAs; the `until` field is the expiry). A recurring
//! task becomes an instance of its series (`parent` is the series UUID, which for an imported
//! task is Taskwarrior's template) with `recur` in Taskwarrior's words. Instances imported from
//! Taskwarrior keep its `imask` (their place in the series), from which the template is written
//! again (status `recurring`, its `mask` from the instances' statuses), so Taskwarrior goes on
//! generating the series. A rule Taskwarrior cannot express (every other Monday and Thursday) is
//! left out with a warning.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::tw_fields::{UNTIL_FIELD, field_json, format_duration, tw_date};
use crate::model::recur::{Rule, Unit};
use crate::model::{Status, Task};

/// The tasks as a `task import` array: each series' template first, then the tasks.
pub fn export(tasks: &[Task], warnings: &mut Vec<String>) -> Vec<Value> {
    let mut series: BTreeMap<Uuid, Vec<(u64, &Task)>> = BTreeMap::new();
    for t in tasks {
        let index = t.fields.get("imask").and_then(|m| m.parse::<u64>().ok());
        if let (Some(r), Some(i)) = (&t.recur, index) {
            series.entry(r.series).or_default().push((i, t));
        }
    }
    let mut out: Vec<Value> = series
        .into_iter()
        .filter_map(|(uuid, mut instances)| {
            instances.sort_by_key(|(i, _)| *i);
            template(uuid, &instances)
        })
        .collect();
    out.extend(tasks.iter().map(|t| task_json(t, warnings)));
    out
}

/// A series' template, rebuilt from its instances (the first one gives its attributes).
fn template(uuid: Uuid, instances: &[(u64, &Task)]) -> Option<Value> {
    let (_, first) = instances.first()?;
    let rec = first.recur.as_ref()?;
    let word = tw_recur(&rec.rule)?;
    let mut o = match task_json(first, &mut Vec::new()) {
        Value::Object(o) => o,
        _ => return None,
    };
    for name in ["parent", "imask", "start", "end", "annotations", "depends"] {
        o.remove(name);
    }
    let len = instances.last().map_or(0, |(i, _)| *i + 1);
    let mut mask = vec!['-'; usize::try_from(len).ok()?];
    for (i, t) in instances {
        mask[usize::try_from(*i).ok()?] = match t.status {
            Status::Done => '+',
            Status::Cancelled => 'X',
            Status::Waiting => 'W',
            Status::Pending | Status::Started => '-',
        };
    }
    let entry = instances.iter().map(|(_, t)| t.created).min()?;
    let modified = instances.iter().map(|(_, t)| t.modified).max()?;
    o.insert("uuid".into(), json!(uuid.to_string()));
    o.insert("status".into(), json!("recurring"));
    o.insert("recur".into(), json!(word));
    o.insert("mask".into(), json!(mask.into_iter().collect::<String>()));
    o.insert("entry".into(), json!(tw_date(entry)));
    o.insert("modified".into(), json!(tw_date(modified)));
    Some(Value::Object(o))
}

/// One task as a `task import` object; warnings (what could not be written) go to `warnings`.
pub fn task_json(t: &Task, warnings: &mut Vec<String>) -> Value {
    let mut o = Map::new();
    o.insert("uuid".into(), json!(t.uuid.to_string()));
    o.insert("description".into(), json!(t.title));
    let status = match t.status {
        Status::Pending | Status::Started => "pending",
        Status::Waiting => "waiting",
        Status::Done => "completed",
        Status::Cancelled => "deleted",
    };
    o.insert("status".into(), json!(status));
    insert_dates(&mut o, t);
    insert_attributes(&mut o, t);
    if !t.notes.is_empty() {
        warnings.push(format!(
            "task {}: notes have no Taskwarrior attribute; left out",
            t.uuid
        ));
    }
    for (name, value) in &t.fields {
        let v = match name.as_str() {
            UNTIL_FIELD => DateTime::parse_from_rfc3339(value)
                .map(|d| tw_date_value(d.with_timezone(&Utc)))
                .unwrap_or_else(|_| field_json(value)),
            _ => field_json(value),
        };
        o.insert(name.clone(), v);
    }
    if let Some(r) = &t.recur {
        insert_recurrence(&mut o, t, r, warnings);
    }
    Value::Object(o)
}

fn tw_date_value(at: DateTime<Utc>) -> Value {
    Value::String(tw_date(at))
}

/// `entry`, `modified` and the dates the task has (`start` only while started, `end` only
/// once closed).
fn insert_dates(o: &mut Map<String, Value>, t: &Task) {
    o.insert("entry".into(), tw_date_value(t.created));
    o.insert("modified".into(), tw_date_value(t.modified));
    let dates = [
        ("due", t.due),
        ("scheduled", t.scheduled),
        ("wait", t.wait),
        ("start", t.started.filter(|_| t.status == Status::Started)),
        ("end", t.done.filter(|_| !t.status.is_open())),
    ];
    for (name, at) in dates {
        if let Some(at) = at {
            o.insert(name.into(), tw_date_value(at));
        }
    }
}

/// Project, tags, priority, estimate, annotations and dependencies, the ones the task has.
fn insert_attributes(o: &mut Map<String, Value>, t: &Task) {
    if let Some(p) = &t.project {
        o.insert("project".into(), json!(p));
    }
    if !t.tags.is_empty() {
        o.insert("tags".into(), json!(t.tags));
    }
    if let Some(p) = t.priority {
        o.insert("priority".into(), json!(p.as_str()));
    }
    if let Some(m) = t.estimate_minutes {
        o.insert("estimate".into(), json!(format_duration(m)));
    }
    if !t.annotations.is_empty() {
        let notes: Vec<Value> = t
            .annotations
            .iter()
            .map(|a| json!({"entry": tw_date(a.at), "description": a.text}))
            .collect();
        o.insert("annotations".into(), Value::Array(notes));
    }
    if !t.depends.is_empty() {
        // 2.6 reads the joined string; 3.x reads both.
        let list: Vec<String> = t.depends.iter().map(ToString::to_string).collect();
        o.insert("depends".into(), json!(list.join(",")));
    }
}

/// A series instance: its rule in Taskwarrior's words and the series as its parent, or a
/// warning when the rule has no such words.
fn insert_recurrence(
    o: &mut Map<String, Value>,
    t: &Task,
    r: &crate::model::recur::Recurrence,
    warnings: &mut Vec<String>,
) {
    match tw_recur(&r.rule) {
        Some(word) => {
            o.insert("recur".into(), json!(word));
            o.insert("parent".into(), json!(r.series.to_string()));
            if let Some(u) = r.rule.until {
                let end = u.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
                o.insert("until".into(), tw_date_value(end));
            }
        }
        None => warnings.push(format!(
            "task {}: recurrence `{}` has no Taskwarrior form; exported as a one-off",
            t.uuid, r.rule
        )),
    }
}

/// The rule in Taskwarrior's recurrence words.
fn tw_recur(rule: &Rule) -> Option<String> {
    if !rule.weekdays.is_empty() {
        let weekdays = Rule::parse("weekdays").ok()?;
        return (rule.weekdays == weekdays.weekdays && rule.every == 1 && rule.unit == Unit::Day)
            .then(|| "weekdays".to_string());
    }
    let named = match (rule.every, rule.unit) {
        (1, Unit::Day) => "daily",
        (1, Unit::Week) => "weekly",
        (2, Unit::Week) => "biweekly",
        (1, Unit::Month) => "monthly",
        (3, Unit::Month) => "quarterly",
        (1, Unit::Year) => "yearly",
        (n, Unit::Day) => return Some(format!("{n}d")),
        (n, Unit::Week) => return Some(format!("{n}w")),
        (n, Unit::Month) => return Some(format!("{n}mo")),
        (n, Unit::Year) => return Some(format!("{n}y")),
    };
    Some(named.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recurrence_words_read_back_the_same() {
        for word in [
            "daily",
            "weekly",
            "monthly",
            "quarterly",
            "yearly",
            "weekdays",
            "3d",
            "2mo",
        ] {
            let rule = Rule::parse(word).expect("valid");
            let back = tw_recur(&rule).expect("has a form");
            assert_eq!(Rule::parse(&back).expect("valid"), rule, "{word}");
        }
        assert_eq!(tw_recur(&Rule::parse("2w:mon,thu").expect("valid")), None);
    }
}
