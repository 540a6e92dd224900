//! The scheduler over a real database with a fake clock: what is due when, lead times, no
//! second delivery after a restart or from a second process, and reminders following an event
//! that is edited or deleted after they were first computed.

use chrono::{DateTime, Utc};
use chrono_tz::Europe::Berlin;
use tempo::config::{Calendar, Notify};
use tempo::model::reminder::Verdict;
use tempo::ops::calendar::{self, EventDefaults, Scope};
use tempo::ops::reminders::{Settings, due_now};
use tempo::store::Store;

fn t(s: &str) -> DateTime<Utc> {
    s.parse().expect("valid")
}

fn settings(lead: u32) -> Settings {
    Settings::from_config(
        &Notify {
            task_lead_minutes: lead,
            ..Notify::default()
        },
        &Calendar::default(),
    )
}

fn open(dir: &tempfile::TempDir) -> Store {
    Store::open(&dir.path().join("db.sqlite")).expect("open")
}

fn add_task(store: &mut Store, words: &str, now: DateTime<Utc>) {
    let words: Vec<String> = words.split(' ').map(str::to_string).collect();
    {
        let now = now.with_timezone(&Berlin);
        let mods = tempo::model::mods::parse_mods(&words, &now, true).expect("words");
        tempo::ops::add_task(store, mods, &now).expect("task");
    }
}

fn add_event(store: &mut Store, words: &str, now: DateTime<Utc>) -> i64 {
    let words: Vec<String> = words.split(' ').map(str::to_string).collect();
    let d = EventDefaults {
        calendar: "personal".into(),
        minutes: 60,
    };
    calendar::add(store, &words, &d, Berlin, now)
        .expect("event")
        .id
}

/// Claims and returns the summaries due at `now`, as the worker does.
fn fire(store: &mut Store, s: &Settings, now: DateTime<Utc>) -> Vec<(String, Verdict)> {
    let plan = due_now(store, s, now, Berlin).expect("plan");
    let mut out = Vec::new();
    for (r, v) in plan.due {
        let ours = store
            .claim_reminder(
                &r.key,
                r.kind.as_str(),
                r.at.timestamp(),
                now.timestamp(),
                "fire",
                "test",
                &r.summary,
                &r.body,
            )
            .expect("claim");
        if ours {
            out.push((r.summary, v));
        }
    }
    out
}

#[test]
fn tasks_remind_at_their_lead_time_and_when_due_in_order() {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = open(&dir);
    let now = t("2026-11-22T08:00:00Z");
    add_task(&mut store, "Pay rent due:2026-11-22T09:00:00Z", now);
    add_task(&mut store, "Call Ann due:2026-11-22T08:30:00Z", now);
    let s = settings(15);
    let plan = due_now(&store, &s, now, Berlin).expect("plan");
    assert!(plan.due.is_empty());
    assert_eq!(
        plan.next,
        Some(t("2026-11-22T08:15:00Z")),
        "Call Ann's lead time"
    );
    assert_eq!(
        fire(&mut store, &s, t("2026-11-22T08:45:00Z")),
        vec![
            ("Due soon: Call Ann".to_string(), Verdict::Fire),
            ("Due: Call Ann".to_string(), Verdict::Fire),
            ("Due soon: Pay rent".to_string(), Verdict::Fire),
        ]
    );
    assert_eq!(
        due_now(&store, &s, t("2026-11-22T08:45:00Z"), Berlin)
            .expect("plan")
            .next,
        Some(t("2026-11-22T09:00:00Z"))
    );
}

#[test]
fn nothing_fires_twice_across_a_restart_or_from_a_second_process() {
    let dir = tempfile::tempdir().expect("dir");
    let now = t("2026-11-22T09:00:00Z");
    let s = settings(0);
    {
        let mut store = open(&dir);
        add_task(&mut store, "Pay rent due:2026-11-22T09:00:00Z", now);
        assert_eq!(fire(&mut store, &s, now).len(), 1);
    }
    // A restart a minute later: the same reminder is computed again, and not delivered again.
    let mut again = open(&dir);
    assert!(fire(&mut again, &s, t("2026-11-22T09:01:00Z")).is_empty());
    // Two processes racing for one reminder: one claim wins.
    add_task(&mut again, "Call Ann due:2026-11-22T09:02:00Z", now);
    let mut other = open(&dir);
    let at = t("2026-11-22T09:02:00Z");
    let a = fire(&mut again, &s, at);
    let b = fire(&mut other, &s, at);
    assert_eq!(a.len() + b.len(), 1, "{a:?} {b:?}");
}

#[test]
fn missed_while_closed_fires_within_grace_and_is_listed_after() {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = open(&dir);
    let now = t("2026-11-22T06:00:00Z");
    add_task(&mut store, "Seen due:2026-11-22T06:00:00Z", now);
    add_task(&mut store, "Early due:2026-11-22T07:00:00Z", now);
    add_task(&mut store, "Later due:2026-11-22T08:50:00Z", now);
    assert_eq!(fire(&mut store, &settings(0), now).len(), 1);
    // Tempo was closed from 06:00 to 09:00; the grace window is 30 minutes.
    assert_eq!(
        fire(&mut store, &settings(0), t("2026-11-22T09:00:00Z")),
        vec![
            ("Due: Early".to_string(), Verdict::Missed),
            ("Due: Later".to_string(), Verdict::Fire)
        ]
    );
}

#[test]
fn reminders_follow_events_edited_or_deleted_after_scheduling() {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = open(&dir);
    let now = t("2026-11-22T08:00:00Z");
    let s = settings(0);
    // 10:00 Berlin = 09:00 UTC, reminded 10 minutes before (calendar.reminder_minutes).
    let dentist = add_event(&mut store, "Dentist today 10:00", now);
    let review = add_event(&mut store, "Review today 11:00 remind:30m", now);
    let plan = due_now(&store, &s, now, Berlin).expect("plan");
    assert_eq!(plan.next, Some(t("2026-11-22T08:50:00Z")));
    // The dentist moves to 12:00 and the review is cancelled before either reminder fires.
    let words = vec!["12:00".to_string()];
    calendar::edit(
        &mut store,
        &dentist.to_string(),
        &words,
        Scope::All,
        Berlin,
        now,
    )
    .expect("edit");
    calendar::delete(&mut store, &review.to_string(), Scope::All, Berlin, now).expect("delete");
    assert!(fire(&mut store, &s, t("2026-11-22T09:30:00Z")).is_empty());
    let plan = due_now(&store, &s, t("2026-11-22T09:30:00Z"), Berlin).expect("plan");
    assert_eq!(plan.next, Some(t("2026-11-22T10:50:00Z")));
    assert_eq!(
        fire(&mut store, &s, t("2026-11-22T10:50:00Z")),
        vec![("Dentist".to_string(), Verdict::Fire)]
    );
}

#[test]
fn quiet_hours_hold_events_but_not_focus_ends() {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = open(&dir);
    let now = t("2026-11-22T21:00:00Z");
    add_event(&mut store, "Late call today 23:30", now);
    let cycle = tempo::config::Focus::default().cycle();
    let args = tempo::ops::focus::StartArgs {
        task: None,
        minutes: Some(25),
        flow: false,
        title: Some("Night writing".into()),
        kind: None,
    };
    tempo::ops::focus::start(&mut store, &cycle, &args, t("2026-11-22T22:00:00Z")).expect("focus");
    let s = Settings::from_config(
        &Notify {
            quiet_hours: "22:00-07:00".into(),
            ..Notify::default()
        },
        &Calendar::default(),
    );
    assert_eq!(
        fire(&mut store, &s, t("2026-11-22T22:25:00Z")),
        vec![
            ("Late call".to_string(), Verdict::Quiet),
            ("Focus session done".to_string(), Verdict::Fire)
        ]
    );
}

#[test]
fn the_morning_agenda_lists_the_day() {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = open(&dir);
    let now = t("2026-11-22T06:00:00Z");
    add_event(&mut store, "Standup today 9:30 15m", now);
    add_event(&mut store, "Holiday today", now);
    add_task(&mut store, "Pay rent due:2026-11-22T16:00:00Z", now);
    let s = Settings::from_config(
        &Notify {
            agenda_time: "08:00".into(),
            events: false,
            tasks_due: false,
            ..Notify::default()
        },
        &Calendar::default(),
    );
    let plan = due_now(&store, &s, now, Berlin).expect("plan");
    assert_eq!(
        plan.next,
        Some(t("2026-11-22T07:00:00Z")),
        "08:00 in Berlin"
    );
    let plan = due_now(&store, &s, t("2026-11-22T07:00:00Z"), Berlin).expect("plan");
    let (r, v) = &plan.due[0];
    assert_eq!(
        (r.summary.as_str(), *v),
        ("Today: 3 on the agenda", Verdict::Fire)
    );
    assert_eq!(
        r.body,
        "all day  Holiday\n09:30  Standup\ndue 17:00  Pay rent"
    );
}

/// A reminder said late (the event was added after its reminder time, or Tempo was closed)
/// tells how things stand when it is said, not how they would have stood on time.
#[test]
fn a_late_reminder_says_when_the_event_starts_from_now() {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = open(&dir);
    let s = settings(0);
    let bodies = |store: &Store, now: &str| -> Vec<String> {
        due_now(store, &s, t(now), Berlin)
            .expect("plan")
            .due
            .into_iter()
            .map(|(r, _)| r.body)
            .collect()
    };
    // 09:30 and 09:50 Berlin; the default reminder is ten minutes before.
    add_event(
        &mut store,
        "Standup 2026-11-22 9:30 15m",
        t("2026-11-22T08:35:00Z"),
    );
    add_event(
        &mut store,
        "Review 2026-11-22 9:50 30m",
        t("2026-11-22T08:35:00Z"),
    );
    assert_eq!(
        bodies(&store, "2026-11-22T08:35:00Z"),
        vec!["started 5 min ago · 09:30–09:45".to_string()]
    );
    assert_eq!(
        bodies(&store, "2026-11-22T08:42:00Z"),
        vec![
            "started 12 min ago · 09:30–09:45".to_string(),
            "in 8 min · 09:50–10:20".to_string()
        ]
    );
}

fn start_focus(store: &mut Store, minutes: u32, flow: bool, at: DateTime<Utc>) {
    let args = tempo::ops::focus::StartArgs {
        task: None,
        minutes: Some(minutes),
        flow,
        title: Some("Deep work".into()),
        kind: None,
    };
    let cycle = tempo::config::Focus::default().cycle();
    tempo::ops::focus::start(store, &cycle, &args, at).expect("focus");
}

#[test]
fn a_session_stopped_early_is_announced_with_the_time_focused() {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = open(&dir);
    start_focus(&mut store, 35, false, t("2026-11-22T10:00:00Z"));
    let cycle = tempo::config::Focus::default().cycle();
    let stop = tempo::ops::focus::Action::Stop {
        note: String::new(),
    };
    tempo::ops::focus::act(&mut store, &cycle, &stop, t("2026-11-22T10:00:07Z")).expect("stop");
    let plan = due_now(&store, &settings(0), t("2026-11-22T10:00:08Z"), Berlin).expect("plan");
    let (r, _) = &plan.due[0];
    assert_eq!(r.summary, "Focus session done");
    assert_eq!(r.body, "Deep work · 7 s · time for a break");
}

#[test]
fn a_flow_session_reminds_at_its_target_and_goes_on() {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = open(&dir);
    start_focus(&mut store, 30, true, t("2026-11-22T10:00:00Z"));
    let s = settings(0);
    assert_eq!(fire(&mut store, &s, t("2026-11-22T10:29:00Z")), vec![]);
    let plan = due_now(&store, &s, t("2026-11-22T10:30:00Z"), Berlin).expect("plan");
    let (r, v) = &plan.due[0];
    assert_eq!(
        (r.summary.as_str(), *v),
        ("Flow target reached", Verdict::Fire)
    );
    assert!(r.body.contains("Deep work · 30 min"), "{}", r.body);
    let cycle = tempo::config::Focus::default().cycle();
    let state =
        tempo::ops::focus::status(&mut store, &cycle, t("2026-11-22T10:45:00Z")).expect("status");
    assert!(
        state.active.is_some(),
        "the stopwatch goes on past its target"
    );
}
