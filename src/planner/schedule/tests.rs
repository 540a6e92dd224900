//! Scheduler examples: overlaps, working hours, dependencies, `scheduled:`, clock changes,
//! reasons for what does not fit, splitting and deep work.

use chrono::{DateTime, Datelike, Duration, TimeZone, Timelike, Utc, Weekday};
use chrono_tz::Europe::Berlin;
use uuid::Uuid;

use super::*;

pub(super) fn local(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Berlin
        .with_ymd_and_hms(y, mo, d, h, mi, 0)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .expect("a local time")
}

pub(super) fn task(id: i64, minutes: u32) -> PlanTask {
    PlanTask {
        uuid: Uuid::from_u128(id as u128),
        id,
        title: format!("task {id}"),
        due: None,
        not_before: None,
        depends: Vec::new(),
        minutes,
        estimate: Estimate {
            p50: minutes,
            p80: minutes,
        },
        urgency: 1.0,
        deep: false,
    }
}

fn busy(start: DateTime<Utc>, minutes: i64) -> Busy {
    Busy {
        start,
        end: start + Duration::minutes(minutes),
        all_day: false,
        transparent: false,
    }
}

/// Monday 23 Nov 2026, 08:00 in Berlin, planning that day.
fn run(
    rules: &WorkRules,
    busy: &[Busy],
    kept: &[KeptBlock],
    tasks: &[PlanTask],
    days: i64,
) -> Plan {
    let from = local(2026, 11, 23, 8, 0);
    plan(&Request {
        from,
        to: local(2026, 11, 23, 0, 0) + Duration::days(days),
        now: from,
        tz: Berlin,
        rules,
        busy,
        kept,
        tasks,
    })
}

fn overlaps(a: (DateTime<Utc>, DateTime<Utc>), b: (DateTime<Utc>, DateTime<Utc>)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

#[test]
fn no_block_overlaps_an_event_a_kept_block_or_another_block_and_all_are_in_working_hours() {
    let rules = WorkRules::default();
    let events = [
        busy(local(2026, 11, 23, 10, 0), 60),
        busy(local(2026, 11, 24, 15, 30), 90),
    ];
    let kept = [KeptBlock {
        start: local(2026, 11, 23, 14, 0),
        end: local(2026, 11, 23, 15, 0),
        task: None,
    }];
    let tasks: Vec<PlanTask> = (1..=12)
        .map(|i| task(i, 30 + (i as u32 % 4) * 45))
        .collect();
    let p = run(&rules, &events, &kept, &tasks, 3);
    assert!(p.blocks.len() >= 8, "{:#?}", p.blocks);
    let taken: Vec<_> = events
        .iter()
        .map(|b| (b.start, b.end))
        .chain(kept.iter().map(|k| (k.start, k.end)))
        .collect();
    let buffer = Duration::minutes(i64::from(rules.buffer_minutes));
    for (n, b) in p.blocks.iter().enumerate() {
        for t in &taken {
            assert!(
                !overlaps((b.start - buffer, b.end + buffer), *t),
                "{b:?} against {t:?}"
            );
        }
        for other in &p.blocks[n + 1..] {
            assert!(!overlaps(
                (b.start, b.end + buffer),
                (other.start, other.end)
            ));
        }
        let (s, e) = (b.start.with_timezone(&Berlin), b.end.with_timezone(&Berlin));
        assert_eq!(s.date_naive(), e.date_naive());
        assert!(!matches!(s.weekday(), Weekday::Sat | Weekday::Sun));
        let (sm, em) = (s.hour() * 60 + s.minute(), e.hour() * 60 + e.minute());
        assert!(sm >= 9 * 60 && em <= 17 * 60, "{b:?}");
        assert!(em <= 12 * 60 || sm >= 13 * 60, "lunch: {b:?}");
    }
    let per_day = |d: u32| -> i64 {
        p.blocks
            .iter()
            .filter(|b| b.start.with_timezone(&Berlin).day() == d)
            .map(|b| (b.end - b.start).num_minutes())
            .sum()
    };
    assert!(per_day(23) + 60 <= i64::from(rules.daily_cap_minutes));
}

#[test]
fn all_day_and_free_events_do_not_block_time() {
    let rules = WorkRules {
        lunch: None,
        ..WorkRules::default()
    };
    let mut all_day = busy(local(2026, 11, 23, 0, 0), 1440);
    all_day.all_day = true;
    let mut free = busy(local(2026, 11, 23, 9, 0), 480);
    free.transparent = true;
    let p = run(&rules, &[all_day, free], &[], &[task(1, 60)], 1);
    assert_eq!(p.free_minutes, 8 * 60);
    assert_eq!(p.blocks[0].start, local(2026, 11, 23, 9, 0));
}

#[test]
fn a_task_never_comes_before_what_blocks_it() {
    let rules = WorkRules::default();
    let mut blocked = task(1, 60);
    blocked.urgency = 20.0;
    blocked.depends = vec![Uuid::from_u128(2)];
    let blocker = task(2, 120);
    let p = run(&rules, &[], &[], &[blocked, blocker], 2);
    let end_of = |id| p.blocks.iter().filter(|b| b.id == id).map(|b| b.end).max();
    let start_of = |id| {
        p.blocks
            .iter()
            .filter(|b| b.id == id)
            .map(|b| b.start)
            .min()
    };
    assert!(end_of(2).expect("blocker placed") <= start_of(1).expect("placed"));
    assert_eq!(
        p.tasks[0].id, 2,
        "the blocker inherits the urgency and goes first"
    );
}

#[test]
fn a_dependency_on_an_unplaced_task_leaves_the_task_out_with_the_reason() {
    let rules = WorkRules::default();
    let mut a = task(1, 60);
    a.depends = vec![Uuid::from_u128(2)];
    let mut b = task(2, 60);
    b.not_before = Some(local(2026, 12, 1, 9, 0));
    let p = run(&rules, &[], &[], &[a, b], 1);
    assert!(p.blocks.is_empty());
    let a = p.tasks.iter().find(|t| t.id == 1).expect("task 1");
    assert_eq!(
        a.unplaced.as_deref(),
        Some("waits for task 2, which is not finished in this plan")
    );
}

#[test]
fn scheduled_tasks_start_no_earlier_than_scheduled() {
    let rules = WorkRules::default();
    let mut t = task(1, 60);
    t.not_before = Some(local(2026, 11, 24, 14, 20));
    let p = run(&rules, &[], &[], &[t, task(2, 30)], 3);
    let b = p.blocks.iter().find(|b| b.id == 1).expect("placed");
    assert_eq!(b.start, local(2026, 11, 24, 14, 20));
}

#[test]
fn a_day_with_a_clock_change_has_its_true_number_of_hours() {
    let rules = WorkRules {
        day_start: 60,
        day_end: 5 * 60,
        lunch: None,
        days: [true; 7],
        ..WorkRules::default()
    };
    let hours = |y, m, d| -> i64 {
        let from = local(y, m, d, 0, 0);
        working_time(&rules, from, from + Duration::hours(23), &Berlin)
            .iter()
            .map(Slot::minutes)
            .sum::<i64>()
            / 60
    };
    assert_eq!(hours(2026, 3, 29), 3, "clocks go forward at 02:00");
    assert_eq!(hours(2026, 10, 25), 5, "02:00-03:00 happens twice");
    assert_eq!(hours(2026, 10, 26), 4);
    let default = WorkRules::default();
    let day = local(2026, 3, 29, 0, 0);
    let slots = working_time(
        &WorkRules {
            days: [true; 7],
            ..default
        },
        day,
        day + Duration::hours(23),
        &Berlin,
    );
    assert_eq!(
        slots[0].start,
        Utc.with_ymd_and_hms(2026, 3, 29, 7, 0, 0).unwrap()
    );
}

#[test]
fn a_task_that_cannot_make_its_due_time_says_how_much_time_there_is() {
    let rules = WorkRules::default();
    let mut t = task(1, 6 * 60);
    t.due = Some(local(2026, 11, 23, 13, 0));
    let p = run(&rules, &[], &[], &[t, task(2, 60)], 1);
    assert_eq!(
        p.tasks[0].unplaced.as_deref(),
        Some("needs 6h before Mon 23 Nov 13:00, 3h free")
    );
    assert_eq!(
        p.blocks.len(),
        1,
        "the other task still goes in: {:?}",
        p.blocks
    );
    assert_eq!(p.blocks[0].start, local(2026, 11, 23, 9, 0));
}

#[test]
fn long_tasks_are_split_and_a_rest_is_never_shorter_than_a_block() {
    let rules = WorkRules {
        buffer_minutes: 0,
        min_block_minutes: 30,
        ..WorkRules::default()
    };
    let events = [busy(local(2026, 11, 23, 10, 40), 60)];
    let p = run(&rules, &events, &[], &[task(1, 5 * 60)], 2);
    let parts: Vec<i64> = p
        .blocks
        .iter()
        .map(|b| (b.end - b.start).num_minutes())
        .collect();
    assert_eq!(parts.iter().sum::<i64>(), 300);
    assert!(parts.iter().all(|m| *m >= 30), "{parts:?}");
    assert_eq!(
        p.blocks.last().map(|b| (b.part, b.parts)),
        Some((parts.len() as u32, parts.len() as u32))
    );
}

#[test]
fn a_dependency_cycle_is_reported_not_planned() {
    let rules = WorkRules::default();
    let mut a = task(1, 30);
    a.depends = vec![Uuid::from_u128(2)];
    let mut b = task(2, 30);
    b.depends = vec![Uuid::from_u128(1)];
    let p = run(&rules, &[], &[], &[a, b, task(3, 30)], 1);
    assert_eq!(p.blocks.len(), 1);
    assert_eq!(p.unplaced().count(), 2);
}

#[test]
fn deep_work_goes_to_the_best_focus_hours() {
    let rules = WorkRules {
        best_hours: vec![(Weekday::Mon, 15), (Weekday::Mon, 16)],
        ..WorkRules::default()
    };
    let mut deep = task(1, 90);
    deep.deep = true;
    deep.urgency = 9.0;
    let p = run(&rules, &[], &[], &[deep, task(2, 60)], 1);
    let b = p.blocks.iter().find(|b| b.id == 1).expect("placed");
    assert_eq!(b.start, local(2026, 11, 23, 15, 0));
    assert_eq!(b.end, local(2026, 11, 23, 16, 30));
    assert_eq!(p.blocks[0].id, 2, "the morning stays for other work");
}

#[test]
fn kept_blocks_count_towards_their_task() {
    let rules = WorkRules::default();
    let kept = [KeptBlock {
        start: local(2026, 11, 23, 9, 0),
        end: local(2026, 11, 23, 10, 0),
        task: Some(Uuid::from_u128(1)),
    }];
    let p = run(&rules, &[], &kept, &[task(1, 90)], 1);
    assert_eq!(p.blocks.len(), 1);
    assert_eq!((p.blocks[0].end - p.blocks[0].start).num_minutes(), 30);
    assert_eq!(p.blocks[0].start, local(2026, 11, 23, 10, 10));
}
