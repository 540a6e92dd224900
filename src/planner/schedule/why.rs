//! The readable reasons a plan gives: durations, times and why a task came where it did.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use super::input::PlanTask;

/// `6h`, `1h 30m`, `45m`.
pub(super) fn minutes(m: i64) -> String {
    match (m / 60, m % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h {m}m"),
    }
}

/// `Fri 27 Nov 17:00`, in the person's zone.
pub(super) fn when(t: DateTime<Utc>, tz: &Tz) -> String {
    t.with_timezone(tz).format("%a %-d %b %H:%M").to_string()
}

/// Why `t` came where it did in the order.
pub(super) fn order(
    t: &PlanTask,
    deadline: Option<DateTime<Utc>>,
    ids: &HashMap<Uuid, i64>,
    tasks: &[PlanTask],
    tz: &Tz,
) -> Vec<String> {
    let mut why = Vec::new();
    match (t.due, deadline) {
        (Some(d), Some(e)) if d == e => {
            why.push(format!("due {}: earliest deadline first", when(d, tz)));
        }
        (_, Some(e)) => {
            let by = tasks
                .iter()
                .filter(|o| o.due == Some(e) && o.depends.contains(&t.uuid))
                .map(|o| o.id)
                .next();
            why.push(match by {
                Some(id) => format!("task {id} waits for it and is due {}", when(e, tz)),
                None => format!("a task waiting for it is due {}", when(e, tz)),
            });
        }
        (_, None) => why.push(format!("no due date; urgency {:.1}", t.urgency)),
    }
    why.push(format!(
        "planned for {} (P80; median {})",
        minutes(i64::from(t.minutes)),
        minutes(i64::from(t.estimate.p50))
    ));
    if let Some(n) = t.not_before {
        why.push(format!("not before {} (scheduled/wait)", when(n, tz)));
    }
    for d in &t.depends {
        if let Some(id) = ids.get(d) {
            why.push(format!("after task {id}, which it depends on"));
        }
    }
    why
}
