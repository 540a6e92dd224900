//! Which reminders fire now: pure rules over candidates, what already fired, the clock, quiet
//! hours and a grace window for reminders missed while nothing ran.

use std::collections::HashSet;

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    FocusEnd,
    BreakEnd,
    Event,
    TaskDue,
    Agenda,
}

impl Kind {
    const ALL: [Kind; 5] = [
        Kind::FocusEnd,
        Kind::BreakEnd,
        Kind::Event,
        Kind::TaskDue,
        Kind::Agenda,
    ];

    /// The kind a stored word names (`as_str`'s inverse).
    pub fn parse(word: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == word)
    }

    /// A focus session's or a break's end, which the focus pane announces itself.
    pub fn ends_a_phase(self) -> bool {
        matches!(self, Kind::FocusEnd | Kind::BreakEnd)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::FocusEnd => "focus_end",
            Kind::BreakEnd => "break_end",
            Kind::Event => "event",
            Kind::TaskDue => "task_due",
            Kind::Agenda => "agenda",
        }
    }

    /// Focus and break ends get through quiet hours: the person started the timer.
    fn ignores_quiet_hours(self) -> bool {
        self.ends_a_phase()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Urgency {
    Low,
    Normal,
    Critical,
}

/// Something that should be said at `at`. `key` names it for good: the same reminder always
/// has the same key, so it fires once however often it is computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reminder {
    pub key: String,
    pub kind: Kind,
    pub at: DateTime<Utc>,
    pub summary: String,
    pub body: String,
    pub urgency: Urgency,
}

/// Keys of the reminder a flow session gives at its soft target.
pub const FLOW_TARGET_PREFIX: &str = "flow:";

impl Reminder {
    /// A phase end the app's focus pane announces itself (with its own toast and bell). A flow
    /// session reaching its target is not a phase end: the pane says nothing about it, so the
    /// reminder is shown like any other.
    pub fn is_phase_end(&self) -> bool {
        matches!(self.kind, Kind::FocusEnd | Kind::BreakEnd)
            && !self.key.starts_with(FLOW_TARGET_PREFIX)
    }
}

/// Quiet hours in local time; `from > to` wraps midnight (22:00–07:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietHours {
    pub from: NaiveTime,
    pub to: NaiveTime,
}

impl QuietHours {
    /// `22:00-07:00`.
    pub fn parse(text: &str) -> Result<QuietHours, String> {
        let err = || format!("`{text}` is not a time range (write it like 22:00-07:00)");
        let (a, b) = text.split_once('-').ok_or_else(err)?;
        let t = |s: &str| NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| err());
        let q = QuietHours {
            from: t(a)?,
            to: t(b)?,
        };
        if q.from == q.to {
            return Err(format!("`{text}` is empty: start and end are the same"));
        }
        Ok(q)
    }

    pub fn contains(&self, t: NaiveTime) -> bool {
        if self.from < self.to {
            self.from <= t && t < self.to
        } else {
            t >= self.from || t < self.to
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub disabled: HashSet<Kind>,
    pub quiet: Option<QuietHours>,
    /// A reminder up to this late still fires (after sleep or with Tempo closed); older ones
    /// are recorded as missed.
    pub grace: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Fire,
    /// Too late: past the grace window.
    Missed,
    /// Due during quiet hours.
    Quiet,
}

/// How a handled reminder went, as the history and the app's toasts say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Shown as a desktop notification.
    Desktop,
    /// Rung on the terminal bell (no desktop, or the desktop failed).
    Bell,
    /// Claimed by a process, not delivered yet.
    Firing,
    Missed,
    /// Held by quiet hours.
    Quiet,
}

impl Outcome {
    /// The word the history shows.
    pub fn word(self) -> &'static str {
        match self {
            Outcome::Desktop => "desktop",
            Outcome::Bell => "bell",
            Outcome::Firing => "firing",
            Outcome::Missed => "missed",
            Outcome::Quiet => "quiet",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    /// Due now (and not handled before), in order of time.
    pub due: Vec<(Reminder, Verdict)>,
    /// When the next one falls due, if any.
    pub next: Option<DateTime<Utc>>,
}

/// Decides what is due at `now` among `candidates`, leaving out those in `handled`.
pub fn plan<Tz: TimeZone>(
    candidates: &[Reminder],
    handled: &HashSet<String>,
    now: DateTime<Utc>,
    tz: &Tz,
    policy: &Policy,
) -> Plan {
    let mut out = Plan::default();
    let mut live: Vec<&Reminder> = candidates
        .iter()
        .filter(|r| !policy.disabled.contains(&r.kind) && !handled.contains(&r.key))
        .collect();
    live.sort_by(|a, b| (a.at, &a.key).cmp(&(b.at, &b.key)));
    live.dedup_by(|a, b| a.key == b.key);
    for r in live {
        if r.at > now {
            out.next = Some(out.next.map_or(r.at, |n| n.min(r.at)));
            continue;
        }
        let local = now.with_timezone(tz).time();
        let verdict = if now - r.at > policy.grace {
            Verdict::Missed
        } else if !r.kind.ignores_quiet_hours() && policy.quiet.is_some_and(|q| q.contains(local)) {
            Verdict::Quiet
        } else {
            Verdict::Fire
        };
        out.due.push((r.clone(), verdict));
    }
    out
}

#[cfg(test)]
mod phase_end_tests {
    use super::*;

    #[test]
    fn a_flow_target_is_not_a_phase_end() {
        let r = |key: &str, kind| Reminder {
            key: key.into(),
            kind,
            at: DateTime::<Utc>::UNIX_EPOCH,
            summary: String::new(),
            body: String::new(),
            urgency: Urgency::Normal,
        };
        assert!(r("focus:1", Kind::FocusEnd).is_phase_end());
        assert!(r("focus:1", Kind::BreakEnd).is_phase_end());
        assert!(!r("flow:1", Kind::FocusEnd).is_phase_end());
        assert!(!r("event:1", Kind::Event).is_phase_end());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_read_back_from_their_stored_words() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        assert_eq!(Kind::parse("focus"), None);
        assert!(Kind::parse("break_end").is_some_and(Kind::ends_a_phase));
        assert!(!Kind::Event.ends_a_phase());
    }
    use chrono_tz::Europe::Berlin;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().expect("valid")
    }

    fn r(key: &str, kind: Kind, at: &str) -> Reminder {
        Reminder {
            key: key.into(),
            kind,
            at: t(at),
            summary: key.into(),
            body: String::new(),
            urgency: Urgency::Normal,
        }
    }

    fn policy() -> Policy {
        Policy {
            disabled: HashSet::new(),
            quiet: None,
            grace: Duration::minutes(30),
        }
    }

    fn keys(p: &Plan) -> Vec<(&str, Verdict)> {
        p.due.iter().map(|(r, v)| (r.key.as_str(), *v)).collect()
    }

    #[test]
    fn due_ones_fire_in_order_and_the_next_is_known() {
        let c = [
            r("b", Kind::Event, "2026-11-22T09:00:00Z"),
            r("a", Kind::TaskDue, "2026-11-22T08:59:00Z"),
            r("later", Kind::Event, "2026-11-22T10:00:00Z"),
            r("soon", Kind::Event, "2026-11-22T09:05:00Z"),
        ];
        let p = plan(
            &c,
            &HashSet::new(),
            t("2026-11-22T09:00:00Z"),
            &Berlin,
            &policy(),
        );
        assert_eq!(keys(&p), vec![("a", Verdict::Fire), ("b", Verdict::Fire)]);
        assert_eq!(p.next, Some(t("2026-11-22T09:05:00Z")));
    }

    #[test]
    fn what_was_handled_never_fires_again() {
        // The same reminder computed again after a restart: its key was recorded.
        let c = [r("a", Kind::Event, "2026-11-22T09:00:00Z")];
        let handled: HashSet<String> = ["a".to_string()].into();
        let p = plan(&c, &handled, t("2026-11-22T09:00:30Z"), &Berlin, &policy());
        assert!(p.due.is_empty() && p.next.is_none());
        // Duplicates among the candidates count once.
        let twice = [c[0].clone(), c[0].clone()];
        let p = plan(
            &twice,
            &HashSet::new(),
            t("2026-11-22T09:00:30Z"),
            &Berlin,
            &policy(),
        );
        assert_eq!(p.due.len(), 1);
    }

    #[test]
    fn late_ones_fire_within_the_grace_window_and_are_missed_after() {
        let c = [
            r("slept-20m", Kind::Event, "2026-11-22T08:40:00Z"),
            r("slept-2h", Kind::Event, "2026-11-22T07:00:00Z"),
        ];
        let p = plan(
            &c,
            &HashSet::new(),
            t("2026-11-22T09:00:00Z"),
            &Berlin,
            &policy(),
        );
        assert_eq!(
            keys(&p),
            vec![("slept-2h", Verdict::Missed), ("slept-20m", Verdict::Fire)]
        );
    }

    #[test]
    fn quiet_hours_hold_all_but_focus_ends() {
        let mut pol = policy();
        pol.quiet = Some(QuietHours::parse("22:00-07:00").expect("valid"));
        // 23:30 in Berlin.
        let now = t("2026-11-22T22:30:00Z");
        let c = [
            r("meeting", Kind::Event, "2026-11-22T22:30:00Z"),
            r("focus", Kind::FocusEnd, "2026-11-22T22:30:00Z"),
            r("break", Kind::BreakEnd, "2026-11-22T22:29:00Z"),
        ];
        let p = plan(&c, &HashSet::new(), now, &Berlin, &pol);
        assert_eq!(
            keys(&p),
            vec![
                ("break", Verdict::Fire),
                ("focus", Verdict::Fire),
                ("meeting", Verdict::Quiet)
            ]
        );
        // 07:00 local is outside again.
        let morning = [r("m", Kind::Event, "2026-11-23T06:00:00Z")];
        let p = plan(
            &morning,
            &HashSet::new(),
            t("2026-11-23T06:00:00Z"),
            &Berlin,
            &pol,
        );
        assert_eq!(keys(&p), vec![("m", Verdict::Fire)]);
    }

    #[test]
    fn switched_off_kinds_never_fire() {
        let mut pol = policy();
        pol.disabled.insert(Kind::TaskDue);
        let c = [
            r("due", Kind::TaskDue, "2026-11-22T09:00:00Z"),
            r("due-later", Kind::TaskDue, "2026-11-22T10:00:00Z"),
        ];
        let p = plan(
            &c,
            &HashSet::new(),
            t("2026-11-22T09:00:00Z"),
            &Berlin,
            &pol,
        );
        assert!(p.due.is_empty() && p.next.is_none());
    }

    #[test]
    fn quiet_hour_ranges() {
        let q = QuietHours::parse("13:00-14:00").expect("valid");
        let at = |h, m| NaiveTime::from_hms_opt(h, m, 0).expect("valid");
        assert!(q.contains(at(13, 0)) && !q.contains(at(14, 0)) && !q.contains(at(9, 0)));
        assert!(QuietHours::parse("22:00").is_err());
        assert!(QuietHours::parse("25:00-07:00").is_err());
        assert!(QuietHours::parse("07:00-07:00").is_err());
    }
}
