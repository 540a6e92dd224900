//! The reminders the store implies around `now`: focus and break ends, event alarms, tasks
//! falling due, the morning agenda. Computed afresh on every pass, so an event edited or
//! deleted after a reminder was first seen simply stops (or moves) with it.

use std::collections::HashSet;

use chrono::{DateTime, Duration, NaiveTime, Utc};
use chrono_tz::Tz;

use super::Result;
use crate::calendar::ItemKind;
use crate::config::{Calendar as CalendarConfig, Notify};
use crate::model::Status;
use crate::model::focus::summary::span;
use crate::model::focus::{FocusStatus, Kind as FocusKind, Mode};
use crate::model::reminder::{
    FLOW_TARGET_PREFIX, Kind, Plan, Policy, QuietHours, Reminder, Urgency, plan,
};
use crate::store::Store;

/// How far ahead candidates are looked for (the scheduler wakes at least this often).
const HORIZON_HOURS: i64 = 36;

/// How far back missed reminders are looked for.
const MISSED_DAYS: i64 = 7;

/// The settings the scheduler needs, taken from the config once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub notify: Notify,
    /// Reminders for events without alarms of their own (calendar.reminder_minutes).
    pub default_minutes: Vec<u32>,
}

impl Settings {
    pub fn from_config(notify: &Notify, calendar: &CalendarConfig) -> Settings {
        Settings {
            notify: notify.clone(),
            default_minutes: calendar.reminder_minutes.clone(),
        }
    }

    pub fn policy(&self) -> Policy {
        let n = &self.notify;
        let mut disabled = HashSet::new();
        if !n.focus {
            disabled.insert(Kind::FocusEnd);
            disabled.insert(Kind::BreakEnd);
        }
        if !n.events {
            disabled.insert(Kind::Event);
        }
        if !n.tasks_due {
            disabled.insert(Kind::TaskDue);
        }
        if n.agenda_time.is_empty() {
            disabled.insert(Kind::Agenda);
        }
        Policy {
            disabled,
            quiet: QuietHours::parse(&n.quiet_hours).ok(),
            grace: Duration::minutes(i64::from(n.grace_minutes)),
        }
    }
}

fn hm(t: DateTime<Utc>, tz: &Tz) -> String {
    t.with_timezone(tz).format("%H:%M").to_string()
}

/// "in 10 min", "now", "1 h 30 min ago": how far `minutes` from now something is.
fn lead(minutes: i64) -> String {
    let span = |m: i64| match m {
        m if m % 60 == 0 => format!("{} h", m / 60),
        m if m > 60 => format!("{} h {} min", m / 60, m % 60),
        m => format!("{m} min"),
    };
    match minutes {
        0 => "now".into(),
        m if m > 0 => format!("in {}", span(m)),
        m => format!("{} ago", span(-m)),
    }
}

/// Minutes from when a reminder is said (`at`, or `now` if that is later: it fires late) to
/// `to`, to the nearest minute.
fn minutes_until(to: DateTime<Utc>, at: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    let secs = (to - at.max(now)).num_seconds();
    (secs + 30).div_euclid(60)
}

/// Every reminder due from `now - grace` to `now + HORIZON_HOURS`.
pub fn candidates(
    store: &Store,
    settings: &Settings,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<Vec<Reminder>> {
    let grace = Duration::minutes(i64::from(settings.notify.grace_minutes));
    // Back to the last reminder anyone handled (at most a week), so what fell due while
    // nothing ran is found and listed as missed; a new database starts at the grace window.
    let last = store
        .last_reminder_handled()?
        .and_then(|t| DateTime::from_timestamp(t, 0))
        .map(|t| t.max(now - Duration::days(MISSED_DAYS)));
    let from = last.map_or(now - grace, |l| l.min(now - grace));
    let to = now + Duration::hours(HORIZON_HOURS);
    let mut out = Vec::new();
    focus(store, from, now, &mut out)?;
    events(store, settings, (from, to, now), tz, &mut out)?;
    tasks(store, settings, (from, to, now), tz, &mut out)?;
    agenda(store, settings, from, to, tz, &mut out)?;
    out.retain(|r| r.at >= from && r.at < to);
    Ok(out)
}

fn focus(
    store: &Store,
    from: DateTime<Utc>,
    now: DateTime<Utc>,
    out: &mut Vec<Reminder>,
) -> Result<()> {
    // A session that ran out may already be settled (completed) by whoever looked first, so
    // recent sessions count as well as the running one.
    let mut sessions = store.focus_sessions(Some(from - Duration::hours(4)), None)?;
    if let Some(a) = store.active_focus()? {
        sessions.retain(|s| s.uuid != a.uuid);
        sessions.push(a);
    }
    for s in sessions {
        if s.mode == Mode::Flow {
            out.extend(flow_target(&s, now));
            continue;
        }
        let at = match s.status {
            FocusStatus::Running => s.planned_end(now),
            FocusStatus::Completed => s.ended,
            _ => None,
        };
        let Some(at) = at else { continue };
        let (kind, summary, body) = match s.kind {
            FocusKind::Focus => (Kind::FocusEnd, "Focus session done".to_string(), {
                // The time actually focused: a session stopped early says so.
                let focused = span(s.elapsed(at));
                if s.title.is_empty() {
                    format!("{focused} of focus · time for a break")
                } else {
                    format!("{} · {focused} · time for a break", s.title)
                }
            }),
            FocusKind::ShortBreak | FocusKind::LongBreak => (
                Kind::BreakEnd,
                "Break over".to_string(),
                "Ready for the next focus session".to_string(),
            ),
        };
        out.push(Reminder {
            key: format!("focus:{}", s.uuid),
            kind,
            at,
            summary,
            body,
            urgency: Urgency::Critical,
        });
    }
    Ok(())
}

/// A running flow session reaching its soft target (`--minutes`, else the focus length): a
/// nudge, not an end; the stopwatch goes on. A paused session has no instant to name yet.
fn flow_target(s: &crate::model::focus::FocusSession, now: DateTime<Utc>) -> Option<Reminder> {
    if s.status != FocusStatus::Running || s.kind != FocusKind::Focus {
        return None;
    }
    let at = s.started + s.planned() + s.paused_for(now);
    Some(Reminder {
        key: format!("{FLOW_TARGET_PREFIX}{}", s.uuid),
        kind: Kind::FocusEnd,
        at,
        summary: "Flow target reached".to_string(),
        body: format!(
            "{} · {} min · keep going, or stop when you are done",
            s.title, s.planned_minutes
        ),
        urgency: Urgency::Normal,
    })
}

/// `(from, to, now)`: the window reminders are looked for in, and the clock.
type Span = (DateTime<Utc>, DateTime<Utc>, DateTime<Utc>);

fn events(
    store: &Store,
    settings: &Settings,
    (from, to, now): Span,
    tz: Tz,
    out: &mut Vec<Reminder>,
) -> Result<()> {
    // An event starting up to a day after the horizon may remind within it.
    let (items, _) = super::calendar::agenda(store, from, to + Duration::days(1), tz, false)?;
    for item in items.iter().filter(|i| i.kind == ItemKind::Event) {
        let o = &item.occurrence;
        let offsets: Vec<i64> = if item.reminders.is_empty() {
            settings
                .notify
                .calendar_reminders
                .get(&item.calendar)
                .unwrap_or(&settings.default_minutes)
                .iter()
                .map(|m| i64::from(*m) * 60)
                .collect()
        } else {
            item.reminders.clone()
        };
        for secs in offsets {
            let at = o.start - Duration::seconds(secs);
            let when = if o.all_day {
                "all day".to_string()
            } else {
                format!("{}–{}", hm(o.start, &tz), hm(o.end, &tz))
            };
            let place = o
                .location
                .as_deref()
                .map(|l| format!(" @ {l}"))
                .unwrap_or_default();
            out.push(Reminder {
                key: format!("event:{}:{secs}", o.key()),
                kind: Kind::Event,
                at,
                summary: o.summary.clone(),
                body: match minutes_until(o.start, at, now) {
                    m if m < 0 => format!("started {} · {when}{place}", lead(m)),
                    m => format!("{} · {when}{place}", lead(m)),
                },
                urgency: Urgency::Normal,
            });
        }
    }
    Ok(())
}

fn tasks(
    store: &Store,
    settings: &Settings,
    (from, to, now): Span,
    tz: Tz,
    out: &mut Vec<Reminder>,
) -> Result<()> {
    let lead_minutes = i64::from(settings.notify.task_lead_minutes);
    let until = to + Duration::minutes(lead_minutes) + Duration::seconds(1);
    for t in super::calendar::open_tasks_between(store, &["due"], from, until)? {
        if !matches!(
            t.status,
            Status::Pending | Status::Started | Status::Waiting
        ) {
            continue;
        }
        let Some(due) = t.due else { continue };
        if due < from || due - Duration::minutes(lead_minutes) >= to {
            continue;
        }
        let project = t
            .project
            .as_deref()
            .map(|p| format!(" · {p}"))
            .unwrap_or_default();
        out.push(Reminder {
            key: format!("due:{}:{}", t.uuid, due.timestamp()),
            kind: Kind::TaskDue,
            at: due,
            summary: format!("Due: {}", t.title),
            body: format!("task {} · due {}{project}", t.id, hm(due, &tz)),
            urgency: Urgency::Critical,
        });
        if lead_minutes > 0 {
            let at = due - Duration::minutes(lead_minutes);
            out.push(Reminder {
                key: format!("due-lead:{}:{}:{lead_minutes}", t.uuid, due.timestamp()),
                kind: Kind::TaskDue,
                at,
                summary: format!("Due soon: {}", t.title),
                body: format!(
                    "task {} · due {} ({}){project}",
                    t.id,
                    hm(due, &tz),
                    lead(minutes_until(due, at, now))
                ),
                urgency: Urgency::Normal,
            });
        }
    }
    Ok(())
}

fn agenda(
    store: &Store,
    settings: &Settings,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    tz: Tz,
    out: &mut Vec<Reminder>,
) -> Result<()> {
    let Ok(time) = NaiveTime::parse_from_str(&settings.notify.agenda_time, "%H:%M") else {
        return Ok(());
    };
    let first = from.with_timezone(&tz).date_naive();
    let last = to.with_timezone(&tz).date_naive();
    for day in first.iter_days().take_while(|d| *d <= last) {
        let at = crate::model::dates::local_instant(&tz, day.and_time(time));
        if at < from || at >= to {
            continue;
        }
        let end = crate::model::dates::local_instant(
            &tz,
            day.succ_opt().unwrap_or(day).and_time(NaiveTime::MIN),
        );
        let (items, _) = super::calendar::agenda(store, at, end, tz, true)?;
        let lines: Vec<String> = items
            .iter()
            .take(6)
            .map(|i| {
                let o = &i.occurrence;
                match i.kind {
                    ItemKind::Event if o.all_day => format!("all day  {}", o.summary),
                    ItemKind::Event => format!("{}  {}", hm(o.start, &tz), o.summary),
                    _ => format!("due {}  {}", hm(o.start, &tz), o.summary),
                }
            })
            .collect();
        let mut body = if lines.is_empty() {
            "Nothing on the calendar".to_string()
        } else {
            lines.join("\n")
        };
        if items.len() > 6 {
            body.push_str(&format!("\n… and {} more", items.len() - 6));
        }
        out.push(Reminder {
            key: format!("agenda:{day}"),
            kind: Kind::Agenda,
            at,
            summary: format!("Today: {} on the agenda", items.len()),
            body,
            urgency: Urgency::Low,
        });
    }
    Ok(())
}

/// One scheduling pass: what is due now (not handled by anyone yet) and when to look again.
pub fn due_now(store: &Store, settings: &Settings, now: DateTime<Utc>, tz: Tz) -> Result<Plan> {
    let cands = candidates(store, settings, now, tz)?;
    let since = cands.iter().map(|r| r.at).min().unwrap_or(now);
    let handled = store.handled_reminders_since(since.timestamp())?;
    Ok(plan(&cands, &handled, now, &tz, &settings.policy()))
}
