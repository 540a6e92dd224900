//! A VTODO's fields applied to the task it stands for (on import and on sync).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::ical::todo::TodoFields;
use crate::model::recur::Recurrence;
use crate::model::{Status, Task};

/// Sets `task` to what the VTODO says. A task the server marks in progress needs a start
/// time, as every started task has one: the writer's last change (LAST-MODIFIED, else
/// DTSTAMP) is when it was marked so, as near as the object tells; without either (or one in
/// the future) it is `now`, the sync. An already started task keeps its own start.
pub(crate) fn apply(task: &mut Task, fields: &TodoFields, tz: Tz, now: DateTime<Utc>) {
    task.title = if fields.summary.trim().is_empty() {
        "(untitled to-do)".into()
    } else {
        fields.summary.clone()
    };
    task.notes = fields.description.clone().unwrap_or_default();
    task.due = fields.due;
    task.scheduled = fields.scheduled;
    task.priority = fields.priority;
    task.tags = fields.tags.clone();
    task.project = fields.project.clone();
    apply_rule(task, fields, tz);
    if let Some(s) = fields.status {
        task.status = s;
    }
    task.done = match task.status {
        Status::Done | Status::Cancelled => fields.completed.or(task.done).or(Some(now)),
        _ => None,
    };
    task.started = match task.status {
        Status::Started => task
            .started
            .or_else(|| fields.modified.filter(|m| *m <= now))
            .or(Some(now)),
        _ => None,
    };
}

/// The RRULE as the task's recurrence: an existing series keeps its identity and anchor; a
/// new one is anchored on the due (else scheduled) day, as `recur:` does. Without a date to
/// anchor on, the task stays as it was.
fn apply_rule(task: &mut Task, fields: &TodoFields, tz: Tz) {
    let Some(rule) = fields.rule.clone() else {
        task.recur = None;
        return;
    };
    task.recur = match task.recur.take() {
        Some(existing) => Some(Box::new(Recurrence { rule, ..*existing })),
        None => fields.due.or(fields.scheduled).map(|d| {
            Box::new(Recurrence::new_series(
                rule,
                d.with_timezone(&tz).date_naive(),
            ))
        }),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, h, 0, 0)
            .single()
            .expect("valid")
    }

    #[test]
    fn in_process_from_the_server_starts_the_task_when_it_was_marked() {
        let tz = chrono_tz::Europe::Berlin;
        let fields = TodoFields {
            summary: "Report".into(),
            status: Some(Status::Started),
            modified: Some(at(7)),
            project: Some("work".into()),
            ..TodoFields::default()
        };
        let mut task = Task::new("", at(1));
        apply(&mut task, &fields, tz, at(9));
        assert_eq!((task.status, task.started), (Status::Started, Some(at(7))));
        assert_eq!(task.project.as_deref(), Some("work"));
        // Already started here: its own start stays.
        apply(
            &mut task,
            &TodoFields {
                modified: Some(at(8)),
                ..fields.clone()
            },
            tz,
            at(9),
        );
        assert_eq!(task.started, Some(at(7)));
        // No stamp, or one ahead of the clock: the sync's time.
        let mut fresh = Task::new("", at(1));
        apply(
            &mut fresh,
            &TodoFields {
                modified: Some(at(10)),
                ..fields.clone()
            },
            tz,
            at(9),
        );
        assert_eq!(fresh.started, Some(at(9)));
        // Back to needs-action: no start.
        let pending = TodoFields {
            status: Some(Status::Pending),
            ..fields
        };
        apply(&mut task, &pending, tz, at(9));
        assert_eq!((task.status, task.started), (Status::Pending, None));
    }
}
