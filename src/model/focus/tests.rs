use super::*;

fn t0() -> DateTime<Utc> {
    "2026-11-22T09:00:00Z".parse().expect("valid")
}

fn at(mins: i64, secs: i64) -> DateTime<Utc> {
    t0() + Duration::minutes(mins) + Duration::seconds(secs)
}

fn pomodoro(minutes: u32) -> FocusSession {
    FocusSession::start(
        "Write report".into(),
        None,
        Kind::Focus,
        Mode::Countdown,
        minutes,
        t0(),
    )
    .expect("valid")
}

fn cycle() -> Cycle {
    Cycle {
        focus_minutes: 25,
        short_break_minutes: 5,
        long_break_minutes: 15,
        long_break_every: 4,
        auto_start_breaks: false,
        auto_start_focus: false,
    }
}

#[test]
fn minutes_are_checked() {
    for bad in [0, 181, 500] {
        assert!(
            FocusSession::start("x".into(), None, Kind::Focus, Mode::Countdown, bad, t0()).is_err()
        );
    }
    assert!(check_minutes(1).is_ok() && check_minutes(180).is_ok());
}

#[test]
fn pause_resume_arithmetic() {
    let mut s = pomodoro(25);
    assert_eq!(s.remaining(at(10, 0)), Some(Duration::minutes(15)));
    s.pause(at(10, 0)).expect("pause");
    // Paused: the clock stands still and the planned end moves with it.
    assert_eq!(s.remaining(at(14, 0)), Some(Duration::minutes(15)));
    assert_eq!(s.planned_end(at(14, 0)), Some(at(29, 0)));
    s.resume(at(14, 0)).expect("resume");
    assert_eq!(s.elapsed(at(20, 0)), Duration::minutes(16));
    assert_eq!(s.remaining(at(20, 0)), Some(Duration::minutes(9)));
    assert_eq!(s.planned_end(at(20, 0)), Some(at(29, 0)));
    assert!(s.pause(at(20, 0)).is_ok() && s.pause(at(21, 0)).is_err());
    assert!(s.resume(at(22, 30)).is_ok() && s.resume(at(23, 0)).is_err());
}

#[test]
fn several_pauses_add_up() {
    let mut s = pomodoro(25);
    for (p, r) in [(5, 7), (10, 11), (20, 25)] {
        s.pause(at(p, 0)).expect("pause");
        s.resume(at(r, 0)).expect("resume");
    }
    assert_eq!(s.paused_for(at(30, 0)), Duration::minutes(8));
    assert_eq!(s.elapsed(at(30, 0)), Duration::minutes(22));
    assert_eq!(s.planned_end(at(30, 0)), Some(at(33, 0)));
    assert_eq!(
        {
            let mut done = s.clone();
            assert!(done.settle(at(40, 0)));
            done.running_intervals()
        },
        vec![
            (at(0, 0), at(5, 0)),
            (at(7, 0), at(10, 0)),
            (at(11, 0), at(20, 0)),
            (at(25, 0), at(33, 0))
        ]
    );
}

#[test]
fn interruptions_are_logged_and_lower_the_score() {
    let mut s = pomodoro(25);
    s.interrupt(at(3, 0), false, "").expect("internal");
    s.interrupt(at(8, 0), true, "phone").expect("external");
    assert_eq!(s.status, FocusStatus::Running);
    s.complete(at(25, 0)).expect("complete");
    assert_eq!(s.interruptions.len(), 2);
    assert!((s.score(at(25, 0)) - 8.0).abs() < 1e-9);
    assert!(s.interrupt(at(26, 0), false, "").is_err());
    // Half the planned time, no interruptions: 5.
    let mut half = pomodoro(20);
    half.complete(at(10, 0)).expect("complete");
    assert!((half.score(at(10, 0)) - 5.0).abs() < 1e-9);
    // Ended by an interruption.
    let mut cut = pomodoro(25);
    cut.interrupt(at(4, 0), true, "fire alarm").expect("log");
    cut.end_interrupted(at(4, 0)).expect("end");
    assert_eq!(
        (cut.status, cut.elapsed(at(9, 0))),
        (FocusStatus::Interrupted, Duration::minutes(4))
    );
}

#[test]
fn time_ran_out_while_closed_completes_at_the_planned_end() {
    let mut s = pomodoro(25);
    s.pause(at(5, 0)).expect("pause");
    s.resume(at(6, 0)).expect("resume");
    // Nobody looks until two hours later.
    assert!(s.settle(at(120, 0)));
    assert_eq!(s.status, FocusStatus::Completed);
    assert_eq!(s.ended, Some(at(26, 0)));
    assert_eq!(s.elapsed(at(120, 0)), Duration::minutes(25));
    // A paused session does not run out.
    let mut p = pomodoro(25);
    p.pause(at(1, 0)).expect("pause");
    assert!(!p.settle(at(300, 0)));
    // Completing late by hand also stops at the planned end.
    let mut late = pomodoro(25);
    late.complete(at(40, 0)).expect("complete");
    assert_eq!(late.ended, Some(at(25, 0)));
}

#[test]
fn flowtime_counts_up_until_stopped() {
    let mut s = FocusSession::start("Deep work".into(), None, Kind::Focus, Mode::Flow, 25, t0())
        .expect("valid");
    assert_eq!(s.remaining(at(90, 0)), None);
    assert_eq!(s.planned_end(at(90, 0)), None);
    assert!(!s.settle(at(600, 0)));
    s.pause(at(50, 0)).expect("pause");
    s.resume(at(60, 0)).expect("resume");
    s.complete(at(100, 0)).expect("stop");
    assert_eq!(s.elapsed(at(200, 0)), Duration::minutes(90));
    assert!((s.score(at(200, 0)) - 10.0).abs() < 1e-9);
}

#[test]
fn abandoned_sessions_have_no_time_entries_but_keep_elapsed() {
    let mut s = pomodoro(25);
    s.abandon(at(3, 0)).expect("abandon");
    assert_eq!(s.status, FocusStatus::Abandoned);
    assert!(!s.status.counts());
    assert!(s.abandon(at(4, 0)).is_err());
}

#[test]
fn cycle_order_with_long_breaks() {
    let c = cycle();
    let mut kinds = Vec::new();
    let mut kind = Kind::Focus;
    let mut done = 0;
    for _ in 0..10 {
        kinds.push(kind);
        if kind == Kind::Focus {
            done += 1;
        } else if kind == Kind::LongBreak {
            done = 0;
        }
        kind = c.next_kind(kind, done);
    }
    use Kind::*;
    assert_eq!(
        kinds,
        vec![
            Focus, ShortBreak, Focus, ShortBreak, Focus, ShortBreak, Focus, LongBreak, Focus,
            ShortBreak
        ]
    );
}

#[test]
fn auto_start_chains_phases_that_ran_out_while_closed() {
    let c = Cycle {
        auto_start_breaks: true,
        auto_start_focus: true,
        ..cycle()
    };
    let task = Some(Uuid::from_u128(7));
    let s = FocusSession {
        task,
        ..pomodoro(25)
    };
    // 25 focus + 5 break, then 12 minutes into the next focus.
    let (written, done) = advance(s, (task, "Write report".into()), 0, &c, at(42, 0));
    let kinds: Vec<(Kind, FocusStatus)> = written.iter().map(|w| (w.kind, w.status)).collect();
    assert_eq!(
        kinds,
        vec![
            (Kind::Focus, FocusStatus::Completed),
            (Kind::ShortBreak, FocusStatus::Completed),
            (Kind::Focus, FocusStatus::Running)
        ]
    );
    assert_eq!(written[1].started, at(25, 0));
    assert_eq!(written[2].started, at(30, 0));
    assert_eq!(written[2].task, task);
    assert_eq!(written[2].remaining(at(42, 0)), Some(Duration::minutes(13)));
    assert_eq!(done, 1);
    // Without auto-start the chain stops after the first session.
    let (written, _) = advance(pomodoro(25), (None, "x".into()), 0, &cycle(), at(42, 0));
    assert_eq!(written.len(), 1);
}

#[test]
fn never_off_by_more_than_the_tick_after_an_hour() {
    // A one-hour countdown checked every second (as the TUI ticks), with pauses: the remaining
    // time is computed from instants, so each reading is exact to the second.
    let mut s = FocusSession::start("long".into(), None, Kind::Focus, Mode::Countdown, 60, t0())
        .expect("valid");
    let mut paused = Duration::zero();
    let mut pause_started = None;
    for second in 0..=3900 {
        let now = t0() + Duration::seconds(second);
        if second == 600 {
            s.pause(now).expect("pause");
            pause_started = Some(now);
        }
        if second == 900 {
            s.resume(now).expect("resume");
            paused += now - pause_started.expect("started");
        }
        let expected = (Duration::minutes(60) - (now - t0() - paused)).max(Duration::zero());
        let expected = if (600..900).contains(&second) {
            Duration::minutes(50)
        } else {
            expected
        };
        assert_eq!(s.remaining(now), Some(expected), "at second {second}");
    }
    assert!(s.settle(t0() + Duration::seconds(3900)));
    assert_eq!(s.ended, Some(t0() + Duration::seconds(3600 + 300)));
    assert_eq!(s.elapsed(t0() + Duration::hours(5)), Duration::hours(1));
}
