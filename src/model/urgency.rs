//! Urgency: one number that orders the task list. Each term is a coefficient (configurable under
//! `[urgency]`) times a factor between 0 and 1:
//!
//! | term | factor |
//! |---|---|
//! | `due` | 0.2 when due 14 or more days ahead, rising linearly to 1.0 at 7 days overdue |
//! | `priority_high` / `_medium` / `_low` | 1 for that priority |
//! | `age` | days since creation / `age_max_days`, capped at 1 |
//! | `started` | 1 while the task is started |
//! | `scheduled` | 1 once the scheduled date has come |
//! | `blocking` | 1 when an open task depends on this one |
//! | `blocked` | 1 when this task depends on an open task (negative coefficient) |
//! | `waiting` | 1 while the task waits (negative coefficient) |
//! | `tags` | 0.8 for one tag, 0.9 for two, 1.0 for three or more |
//! | `project` | 1 when the task has a project |
//! | `annotations` | 1 when the task has annotations |
//! | `tag.NAME` | 1 when the task has that tag (e.g. `tag.next = 15.0`) |
//!
//! The defaults follow Taskwarrior's, so people moving over see a familiar order.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::task::{Priority, Status, Task};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct UrgencyCoefficients {
    pub due: f64,
    pub priority_high: f64,
    pub priority_medium: f64,
    pub priority_low: f64,
    pub age: f64,
    pub age_max_days: f64,
    pub started: f64,
    pub scheduled: f64,
    pub blocking: f64,
    pub blocked: f64,
    pub waiting: f64,
    pub tags: f64,
    pub project: f64,
    pub annotations: f64,
    pub tag: BTreeMap<String, f64>,
}

impl Default for UrgencyCoefficients {
    fn default() -> Self {
        UrgencyCoefficients {
            due: 12.0,
            priority_high: 6.0,
            priority_medium: 3.9,
            priority_low: 1.8,
            age: 2.0,
            age_max_days: 365.0,
            started: 4.0,
            scheduled: 5.0,
            blocking: 8.0,
            blocked: -5.0,
            waiting: -3.0,
            tags: 1.0,
            project: 1.0,
            annotations: 1.0,
            tag: BTreeMap::from([("next".to_string(), 15.0)]),
        }
    }
}

/// Facts about a task that live in other rows (its dependents and dependencies).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Links {
    pub blocking: bool,
    pub blocked: bool,
}

/// The urgency of `task` at `now`. Finished tasks score 0.
pub fn urgency(task: &Task, links: Links, now: DateTime<Utc>, c: &UrgencyCoefficients) -> f64 {
    let status = task.effective_status(now);
    if !status.is_open() {
        return 0.0;
    }
    let flag = |b: bool| if b { 1.0 } else { 0.0 };
    let mut score = 0.0;
    if let Some(due) = task.due {
        score += c.due * due_factor(due, now);
    }
    score += match task.priority {
        Some(Priority::H) => c.priority_high,
        Some(Priority::M) => c.priority_medium,
        Some(Priority::L) => c.priority_low,
        None => 0.0,
    };
    if c.age_max_days > 0.0 {
        let age_days = (now - task.created).num_seconds().max(0) as f64 / 86_400.0;
        score += c.age * (age_days / c.age_max_days).min(1.0);
    }
    score += c.started * flag(status == Status::Started);
    score += c.scheduled * flag(task.scheduled.is_some_and(|s| s <= now));
    score += c.blocking * flag(links.blocking);
    score += c.blocked * flag(links.blocked);
    score += c.waiting * flag(status == Status::Waiting);
    score += c.tags * tags_factor(task.tags.len());
    score += c.project * flag(task.project.is_some());
    score += c.annotations * flag(!task.annotations.is_empty());
    for (tag, coefficient) in &c.tag {
        if task.has_tag(tag) {
            score += coefficient;
        }
    }
    score
}

/// 0.2 at ≥ 14 days ahead, 1.0 at ≥ 7 days overdue, linear in between.
pub fn due_factor(due: DateTime<Utc>, now: DateTime<Utc>) -> f64 {
    let days_overdue = (now - due).num_seconds() as f64 / 86_400.0;
    if days_overdue >= 7.0 {
        1.0
    } else if days_overdue >= -14.0 {
        (days_overdue + 14.0) * 0.8 / 21.0 + 0.2
    } else {
        0.2
    }
}

fn tags_factor(n: usize) -> f64 {
    match n {
        0 => 0.0,
        1 => 0.8,
        2 => 0.9,
        _ => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-11-22T12:00:00Z".parse().expect("valid")
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn due_factor_is_linear_between_the_bounds() {
        let n = now();
        assert!(close(due_factor(n + chrono::Duration::days(30), n), 0.2));
        assert!(close(due_factor(n + chrono::Duration::days(14), n), 0.2));
        assert!(close(due_factor(n, n), 14.0 * 0.8 / 21.0 + 0.2));
        assert!(close(due_factor(n - chrono::Duration::days(7), n), 1.0));
        assert!(close(due_factor(n - chrono::Duration::days(70), n), 1.0));
    }

    #[test]
    fn terms_add_up() {
        let c = UrgencyCoefficients::default();
        let mut t = Task::new("x", now());
        assert!(close(urgency(&t, Links::default(), now(), &c), 0.0));
        t.priority = Some(Priority::H);
        t.project = Some("work".into());
        t.add_tag("next");
        let u = urgency(&t, Links::default(), now(), &c);
        assert!(close(u, 6.0 + 1.0 + 0.8 + 15.0), "{u}");
        let blocked = urgency(
            &t,
            Links {
                blocked: true,
                blocking: false,
            },
            now(),
            &c,
        );
        assert!(close(blocked, u - 5.0));
        t.start(now());
        assert!(close(urgency(&t, Links::default(), now(), &c), u + 4.0));
        t.complete(now());
        assert!(close(urgency(&t, Links::default(), now(), &c), 0.0));
    }

    #[test]
    fn age_is_capped() {
        let c = UrgencyCoefficients::default();
        let old = Task::new("x", now() - chrono::Duration::days(1000));
        assert!(close(urgency(&old, Links::default(), now(), &c), 2.0));
        let half = Task::new("x", now() - chrono::Duration::hours(365 * 12));
        assert!(close(urgency(&half, Links::default(), now(), &c), 1.0));
    }

    #[test]
    fn coefficients_are_configurable() {
        let c = UrgencyCoefficients {
            priority_high: 100.0,
            ..UrgencyCoefficients::default()
        };
        let mut t = Task::new("x", now());
        t.priority = Some(Priority::H);
        assert!(close(urgency(&t, Links::default(), now(), &c), 100.0));
    }
}
