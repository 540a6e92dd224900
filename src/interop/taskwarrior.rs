//! Taskwarrior's `task export` JSON → tasks. UUIDs are kept, so importing again updates.
//!
//! Mapping: completed → done, deleted → cancelled, a pending task with `start` → started, with a
//! future `wait` → waiting. Recurring instances (`recur` + `parent`) become instances of a series
//! named by the template's UUID; the templates themselves (status `recurring`) are not tasks and
//! are skipped. `estimate` (a duration) becomes the estimate; every other attribute Tempo has no
//! column for (UDAs, `until` on a task that does not recur) is kept as a custom field
//! (`tw_fields`); `urgency` and a template's `mask` are recomputed by Taskwarrior and dropped.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use serde::Deserialize;
use uuid::Uuid;

use super::tw_fields::{self, UNTIL_FIELD};
use crate::model::recur::{Recurrence, Rule};
use crate::model::task::validate_tag;
use crate::model::{Annotation, Priority, Status, Task};

#[derive(Debug, Deserialize)]
struct TwTask<'a> {
    uuid: &'a str,
    #[serde(default)]
    description: String,
    status: &'a str,
    entry: Option<&'a str>,
    modified: Option<&'a str>,
    end: Option<&'a str>,
    due: Option<&'a str>,
    scheduled: Option<&'a str>,
    wait: Option<&'a str>,
    until: Option<&'a str>,
    start: Option<&'a str>,
    project: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    priority: Option<&'a str>,
    #[serde(default)]
    annotations: Vec<TwAnnotation>,
    depends: Option<Depends>,
    recur: Option<&'a str>,
    parent: Option<&'a str>,
    estimate: Option<serde_json::Value>,
    /// Everything else: user-defined attributes and Taskwarrior's bookkeeping.
    #[serde(flatten)]
    extra: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Deserialize)]
struct TwAnnotation {
    entry: Option<String>,
    description: String,
}

/// 2.6 writes `"depends":"uuid,uuid"`, 3.x an array.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Depends {
    Joined(String),
    List(Vec<String>),
}

#[derive(Debug, Default, PartialEq)]
pub struct ImportReport {
    pub tasks: Vec<Task>,
    /// Recurrence templates skipped (their instances are imported).
    pub templates: usize,
    /// Things that could not be mapped, one line each ("task UUID: recur `x` not understood").
    pub warnings: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("not Taskwarrior export JSON: {0}")]
pub struct TwError(String);

impl crate::error::Kinded for TwError {
    fn kind(&self) -> crate::error::ErrorKind {
        crate::error::ErrorKind::BadInput
    }
}

/// Parses a whole `task export` (a JSON array; one object per line also accepted).
pub fn parse_export<Tz: TimeZone>(
    text: &str,
    tz: &Tz,
    now: DateTime<Utc>,
) -> Result<ImportReport, TwError> {
    let trimmed = text.trim_start();
    let items: Vec<TwTask<'_>> = if trimmed.starts_with('[') {
        serde_json::from_str(trimmed).map_err(|e| TwError(e.to_string()))?
    } else {
        let mut v = Vec::new();
        for (n, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            v.push(
                serde_json::from_str(line.trim().trim_end_matches(','))
                    .map_err(|e| TwError(format!("line {}: {e}", n + 1)))?,
            );
        }
        v
    };
    let mut report = ImportReport::default();
    for item in items {
        if item.status == "recurring" {
            report.templates += 1;
            continue;
        }
        match convert(&item, tz, now, &mut report.warnings) {
            Ok(task) => report.tasks.push(task),
            Err(e) => report
                .warnings
                .push(format!("task {}: skipped: {e}", item.uuid)),
        }
    }
    Ok(report)
}

fn date(s: Option<&str>) -> Result<Option<DateTime<Utc>>, String> {
    let Some(s) = s else { return Ok(None) };
    NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M%SZ")
        .map(|n| Some(Utc.from_utc_datetime(&n)))
        .or_else(|_| DateTime::parse_from_rfc3339(s).map(|d| Some(d.with_timezone(&Utc))))
        .map_err(|_| format!("date `{s}` is not in Taskwarrior's format (20261116T120000Z)"))
}

fn convert<Tz: TimeZone>(
    tw: &TwTask<'_>,
    tz: &Tz,
    now: DateTime<Utc>,
    warnings: &mut Vec<String>,
) -> Result<Task, String> {
    let uuid = Uuid::parse_str(tw.uuid).map_err(|e| format!("uuid: {e}"))?;
    let created = date(tw.entry)?.unwrap_or(now);
    let mut t = Task::new(tw.description.clone(), created);
    t.uuid = uuid;
    if t.title.trim().is_empty() {
        t.title = "(no description)".into();
    }
    t.modified = date(tw.modified)?.unwrap_or(created);
    t.due = date(tw.due)?;
    t.scheduled = date(tw.scheduled)?;
    t.wait = date(tw.wait)?;
    t.started = date(tw.start)?;
    // Taskwarrior allows any project name (`Home Stuff`); only line breaks would break output.
    match tw.project.as_deref() {
        Some(p) if p.chars().any(char::is_control) || p.trim().is_empty() => {
            return Err(format!("project `{}` is not a name", p.escape_debug()));
        }
        Some(p) => t.project = Some(p.to_string()),
        None => {}
    }
    t.fields = tw_fields::custom_fields(&tw.extra, warnings, tw.uuid);
    set_estimate(&mut t, tw.estimate.as_ref());
    set_tags(&mut t, &tw.tags, warnings);
    t.priority = match tw.priority {
        Some(p) => Priority::parse_opt(p).map_err(|e| format!("priority: {e}"))?,
        None => None,
    };
    t.annotations = annotations(tw, created)?;
    t.depends = depends(tw)?;
    set_status(&mut t, tw, now)?;
    if let (Some(recur), Some(parent)) = (tw.recur, tw.parent) {
        map_recurrence(&mut t, recur, parent, tw.until, tz, warnings)?;
    }
    if t.recur.is_none()
        && let Some(until) = date(tw.until)?
    {
        t.fields.insert(UNTIL_FIELD.into(), until.to_rfc3339());
    }
    Ok(t)
}

/// A duration estimate (`PT2H`) is the task's estimate; any other value is kept as a field.
fn set_estimate(t: &mut Task, estimate: Option<&serde_json::Value>) {
    match estimate {
        Some(serde_json::Value::String(e)) if tw_fields::duration_minutes(e).is_some() => {
            t.estimate_minutes = tw_fields::duration_minutes(e);
        }
        Some(other) => {
            if let Some(v) = tw_fields::field_value(other) {
                t.fields.insert("estimate".into(), v);
            }
        }
        None => {}
    }
}

/// Tags that are single words; the others are dropped with a warning.
fn set_tags(t: &mut Task, tags: &[String], warnings: &mut Vec<String>) {
    for tag in tags {
        if validate_tag(tag).is_ok() {
            t.add_tag(tag);
        } else {
            warnings.push(format!(
                "task {}: tag `{tag}` dropped (not a single word)",
                t.uuid
            ));
        }
    }
}

/// Annotations without a time get the task's creation time.
fn annotations(tw: &TwTask<'_>, created: DateTime<Utc>) -> Result<Vec<Annotation>, String> {
    tw.annotations
        .iter()
        .map(|a| {
            Ok(Annotation {
                at: date(a.entry.as_deref())?.unwrap_or(created),
                text: a.description.clone(),
            })
        })
        .collect()
}

/// `depends`, comma-joined (2.x) or a list (3.x), sorted.
fn depends(tw: &TwTask<'_>) -> Result<Vec<Uuid>, String> {
    let mut depends = match &tw.depends {
        Some(Depends::Joined(s)) => s
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        Some(Depends::List(v)) => v.clone(),
        None => vec![],
    }
    .iter()
    .map(|d| Uuid::parse_str(d.trim()).map_err(|e| format!("depends: {e}")))
    .collect::<Result<Vec<_>, _>>()?;
    depends.sort();
    Ok(depends)
}

/// Completed → done, deleted → cancelled (both with their end time), a started pending task
/// started, a pending one waiting until a future `wait` waiting.
fn set_status(t: &mut Task, tw: &TwTask<'_>, now: DateTime<Utc>) -> Result<(), String> {
    t.status = match tw.status {
        "completed" => Status::Done,
        "deleted" => Status::Cancelled,
        "pending" | "waiting" if t.started.is_some() => Status::Started,
        "waiting" => Status::Waiting,
        "pending" if t.wait.is_some_and(|w| w > now) => Status::Waiting,
        "pending" => Status::Pending,
        other => return Err(format!("unknown status `{other}`")),
    };
    if !t.status.is_open() {
        t.done = date(tw.end)?.or(Some(t.modified));
        t.started = None;
    }
    Ok(())
}

fn map_recurrence<Tz: TimeZone>(
    t: &mut Task,
    recur: &str,
    parent: &str,
    until: Option<&str>,
    tz: &Tz,
    warnings: &mut Vec<String>,
) -> Result<(), String> {
    let series = Uuid::parse_str(parent).map_err(|e| format!("parent: {e}"))?;
    let Some(anchor) = t.due.or(t.scheduled) else {
        warnings.push(format!(
            "task {}: recur `{recur}` without a due date; imported as a one-off",
            t.uuid
        ));
        return Ok(());
    };
    let mut rule = match Rule::parse(recur) {
        Ok(r) => r,
        Err(why) => {
            warnings.push(format!("task {}: {why}; imported as a one-off", t.uuid));
            return Ok(());
        }
    };
    rule.until = date(until)?.map(|u| u.with_timezone(tz).date_naive());
    t.recur = Some(Box::new(Recurrence {
        series,
        anchor: anchor.with_timezone(tz).date_naive(),
        rule,
    }));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-11-22T09:30:00Z".parse().expect("valid")
    }

    #[test]
    fn maps_fields() {
        let json = r#"[
{"id":1,"description":"Pay rent","due":"20261201T000000Z","entry":"20261101T100000Z","modified":"20261102T100000Z","priority":"H","project":"home","status":"pending","tags":["money","next"],"uuid":"8c3c1a37-6d6a-4f3e-9b1a-0a6c8d1f2e01","urgency":12.3,"annotations":[{"entry":"20261101T110000Z","description":"ask landlord"}],"depends":"0b6e1f0a-1111-4222-8333-444455556666"},
{"id":0,"description":"Old thing","end":"20261105T100000Z","entry":"20261001T100000Z","modified":"20261105T100000Z","status":"completed","uuid":"0b6e1f0a-1111-4222-8333-444455556666"},
{"id":0,"description":"Template","entry":"20261001T100000Z","recur":"weekly","status":"recurring","uuid":"aaaaaaaa-1111-4222-8333-444455556666","due":"20261102T090000Z"},
{"id":2,"description":"Weekly review","entry":"20261001T100000Z","recur":"weekly","parent":"aaaaaaaa-1111-4222-8333-444455556666","status":"pending","uuid":"bbbbbbbb-1111-4222-8333-444455556666","due":"20261123T090000Z","start":"20261122T080000Z"}
]"#;
        let r = parse_export(json, &Utc, now()).expect("parses");
        assert_eq!(r.templates, 1);
        assert_eq!(r.tasks.len(), 3);
        let rent = &r.tasks[0];
        assert_eq!(rent.title, "Pay rent");
        assert_eq!(rent.tags, vec!["money", "next"]);
        assert_eq!(rent.priority, Some(Priority::H));
        assert_eq!(rent.annotations[0].text, "ask landlord");
        assert_eq!(rent.depends.len(), 1);
        assert_eq!(r.tasks[1].status, Status::Done);
        assert_eq!(
            r.tasks[1].done,
            Some("2026-11-05T10:00:00Z".parse().expect("valid"))
        );
        let weekly = &r.tasks[2];
        assert_eq!(weekly.status, Status::Started);
        assert_eq!(weekly.recur.as_ref().expect("recur").rule.to_string(), "1w");
    }

    #[test]
    fn garbage_is_a_clear_error() {
        let err = parse_export("{not json", &Utc, now()).expect_err("garbage");
        assert!(
            err.to_string().starts_with("not Taskwarrior export JSON"),
            "{err}"
        );
        let r = parse_export(
            r#"[{"uuid":"nope","status":"pending","description":"x"}]"#,
            &Utc,
            now(),
        )
        .expect("parses");
        assert!(r.tasks.is_empty());
        assert!(r.warnings[0].contains("skipped"), "{:?}", r.warnings);
    }
}
