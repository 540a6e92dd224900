//! A hand-computed fixture. Berlin is UTC+1 in November; "now" is Sun 2026-11-22 18:00 local.
//!
//! | session | task | local time | what happened | counted minutes |
//! |---|---|---|---|---|
//! | A | T1 | Fri 20th 09:50–10:15 | completed, 1 internal interruption | 25 (10 in hour 9, 15 in hour 10) |
//! | B | T1 | Sat 21st 14:00–14:35 | paused 14:10–14:20, completed, 2 external | 25 (hour 14) |
//! | C | – | Sun 22nd 08:00–08:10 | ended by an interruption | 10 (hour 8) |
//! | D | T2 | Sun 22nd 10:00–10:05 | abandoned | 0 |
//! | E | – | Sat 21st 14:35–14:40 | a short break | not a focus session |
//! | F | T1 | Wed 18th 11:00–11:25 | completed, outside a 3-day window | streak and estimate only |
//!
//! Scores: A 10×1×0.9 = 9, B 10×1×0.8 = 8, C 10×(10/25)×1 = 4 → average 7.

use std::collections::HashMap;

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use uuid::Uuid;

use super::*;
use crate::model::focus::{FocusSession, Kind, Mode};

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().expect("valid")
}

fn t1() -> Uuid {
    Uuid::from_u128(1)
}

fn t2() -> Uuid {
    Uuid::from_u128(2)
}

fn session(task: Option<Uuid>, kind: Kind, start: &str) -> FocusSession {
    FocusSession::start("s".into(), task, kind, Mode::Countdown, 25, utc(start)).expect("valid")
}

fn fixture() -> Vec<FocusSession> {
    let mut a = session(Some(t1()), Kind::Focus, "2026-11-20T08:50:00Z");
    a.interrupt(utc("2026-11-20T09:00:00Z"), false, "")
        .expect("log");
    assert!(a.settle(utc("2026-11-20T12:00:00Z")));
    let mut b = session(Some(t1()), Kind::Focus, "2026-11-21T13:00:00Z");
    b.pause(utc("2026-11-21T13:10:00Z")).expect("pause");
    b.resume(utc("2026-11-21T13:20:00Z")).expect("resume");
    b.interrupt(utc("2026-11-21T13:25:00Z"), true, "phone")
        .expect("log");
    b.interrupt(utc("2026-11-21T13:30:00Z"), true, "door")
        .expect("log");
    b.complete(utc("2026-11-21T13:35:00Z")).expect("complete");
    let mut c = session(None, Kind::Focus, "2026-11-22T07:00:00Z");
    c.end_interrupted(utc("2026-11-22T07:10:00Z")).expect("end");
    let mut d = session(Some(t2()), Kind::Focus, "2026-11-22T09:00:00Z");
    d.abandon(utc("2026-11-22T09:05:00Z")).expect("abandon");
    let mut e = session(None, Kind::ShortBreak, "2026-11-21T13:35:00Z");
    e.complete(utc("2026-11-21T13:40:00Z")).expect("complete");
    let mut f = session(Some(t1()), Kind::Focus, "2026-11-18T10:00:00Z");
    assert!(f.settle(utc("2026-11-18T11:00:00Z")));
    vec![a, b, c, d, e, f]
}

fn tasks() -> HashMap<Uuid, TaskInfo> {
    HashMap::from([
        (
            t1(),
            TaskInfo {
                id: 1,
                title: "Write report".into(),
                project: Some("work.api".into()),
                estimate_minutes: Some(60),
            },
        ),
        (
            t2(),
            TaskInfo {
                id: 2,
                title: "Tidy garage".into(),
                project: Some("home".into()),
                estimate_minutes: None,
            },
        ),
    ])
}

fn now() -> DateTime<chrono_tz::Tz> {
    Berlin
        .with_ymd_and_hms(2026, 11, 22, 18, 0, 0)
        .single()
        .expect("valid")
}

#[test]
fn hand_computed_fixture() {
    let s = compute(&fixture(), &tasks(), &now(), 3);
    assert_eq!(
        (s.total_sessions, s.completed, s.interrupted, s.abandoned),
        (4, 2, 1, 1)
    );
    assert_eq!(s.completion_rate, 0.5);
    assert_eq!(s.total_focus_minutes, 60.0);
    assert_eq!(s.average_focus_minutes, 20.0);
    assert_eq!(s.average_score, 7.0);
    assert_eq!(
        s.interruptions,
        Interruptions {
            internal: 1,
            external: 2
        }
    );
    assert_eq!((s.current_streak_days, s.longest_streak_days), (2, 2));
    let days: Vec<(String, f64)> = s
        .per_day
        .iter()
        .map(|d| (d.date.to_string(), d.minutes))
        .collect();
    assert_eq!(
        days,
        vec![
            ("2026-11-20".into(), 25.0),
            ("2026-11-21".into(), 25.0),
            ("2026-11-22".into(), 10.0)
        ]
    );
    let mut hours = vec![0.0; 24];
    hours[8] = 10.0;
    hours[9] = 10.0;
    hours[10] = 15.0;
    hours[14] = 25.0;
    assert_eq!(s.per_hour, hours);
    let projects: Vec<(&str, f64)> = s
        .per_project
        .iter()
        .map(|p| (p.name.as_str(), p.minutes))
        .collect();
    assert_eq!(projects, vec![("work.api", 50.0), ("(no project)", 10.0)]);
    assert_eq!(s.per_task.len(), 1);
    assert_eq!(
        (
            s.per_task[0].id,
            s.per_task[0].sessions,
            s.per_task[0].minutes
        ),
        (1, 2, 50.0)
    );
    assert_eq!(s.estimates.len(), 1);
    let e = &s.estimates[0];
    assert_eq!(
        (e.estimate_minutes, e.actual_minutes, e.ratio),
        (60, 75.0, 1.25)
    );
}

#[test]
fn empty_history_is_all_zeros() {
    let s = compute(&[], &HashMap::new(), &now(), 7);
    assert_eq!(
        (s.total_sessions, s.completed, s.completion_rate),
        (0, 0, 0.0)
    );
    assert_eq!(
        (
            s.total_focus_minutes,
            s.average_focus_minutes,
            s.average_score
        ),
        (0.0, 0.0, 0.0)
    );
    // A true zero, not -0.0 (which prints as "-0").
    assert!(s.total_focus_minutes.is_sign_positive() && s.average_score.is_sign_positive());
    assert_eq!((s.current_streak_days, s.longest_streak_days), (0, 0));
    assert_eq!(s.per_day.len(), 7);
    assert!(s.per_day.iter().all(|d| d.minutes == 0.0));
    assert!(s.per_hour.iter().all(|m| *m == 0.0));
    assert!(s.per_project.is_empty() && s.per_task.is_empty() && s.estimates.is_empty());
    // Zero days is read as one, never a panic.
    assert_eq!(compute(&[], &HashMap::new(), &now(), 0).per_day.len(), 1);
}

#[test]
fn a_completion_today_extends_the_streak() {
    let mut sessions = fixture();
    let mut g = session(None, Kind::Focus, "2026-11-22T15:00:00Z");
    g.complete(utc("2026-11-22T15:00:00Z") + Duration::minutes(30))
        .expect("complete");
    sessions.push(g);
    let s = compute(&sessions, &tasks(), &now(), 3);
    assert_eq!((s.current_streak_days, s.longest_streak_days), (3, 3));
}
