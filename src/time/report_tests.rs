//! Report totals against a hand-computed fixture (Berlin, DST end on 2026-10-25).

use std::collections::HashMap;

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Europe::Berlin;

use super::*;
use crate::time::billing::{ClientInfo, ProjectInfo};
use crate::time::entry::{Attrs, Source};
use crate::time::rounding::Rounding;

fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Berlin
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .earliest()
        .expect("valid local time")
        .with_timezone(&Utc)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn e(id: i64, start: DateTime<Utc>, end: DateTime<Utc>, project: &str, tags: &[&str]) -> Entry {
    Entry {
        id,
        start,
        end: Some(end),
        attrs: Attrs {
            project: Some(project.into()),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            ..Attrs::default()
        },
        source: Source::Manual,
    }
}

fn billing(rounding: &str) -> Billing {
    Billing::new(
        vec![ClientInfo {
            id: 1,
            name: "Acme".into(),
            rate: Some(10000),
            currency: Some("EUR".into()),
            rounding: Rounding::parse(rounding).expect("rule"),
        }],
        vec![ProjectInfo {
            id: 1,
            project: "web".into(),
            client: Some("Acme".into()),
            rate: None,
            currency: None,
        }],
    )
}

fn report(
    entries: &[Entry],
    from: NaiveDate,
    to: NaiveDate,
    b: &Billing,
    by: &[GroupBy],
) -> Report {
    let tasks = HashMap::new();
    compute(&ReportInput {
        entries,
        from,
        to,
        now: local(2026, 11, 22, 10, 30),
        tz: &Berlin,
        billing: b,
        by,
        tasks: &tasks,
        work: WorkWeek::default(),
    })
    .expect("report")
}

#[test]
fn a_25_hour_day_reports_25_hours() {
    let entries = [e(
        1,
        local(2026, 10, 25, 0, 0),
        local(2026, 10, 26, 0, 0),
        "web",
        &[],
    )];
    let r = report(
        &entries,
        day(2026, 10, 24),
        day(2026, 10, 26),
        &billing("none"),
        &[],
    );
    assert_eq!(r.seconds, 25 * 3600);
    let days: Vec<i64> = r.days.iter().map(|d| d.seconds).collect();
    assert_eq!(days, vec![0, 25 * 3600, 0]);
}

#[test]
fn an_entry_over_midnight_is_cut_into_its_days_and_the_range() {
    let entries = [e(
        1,
        local(2026, 11, 2, 22, 0),
        local(2026, 11, 3, 2, 0),
        "web",
        &[],
    )];
    let r = report(
        &entries,
        day(2026, 11, 3),
        day(2026, 11, 3),
        &billing("none"),
        &[],
    );
    assert_eq!(r.seconds, 2 * 3600);
    assert_eq!(r.lines.len(), 1);
    assert_eq!(r.lines[0].start, local(2026, 11, 3, 0, 0));
}

/// Mon 2 Nov: web 09:00–09:50 (+a), web 10:00–10:07 (+a +b), home 11:00–12:00 not billable.
fn fixture() -> Vec<Entry> {
    let mut home = e(
        3,
        local(2026, 11, 2, 11, 0),
        local(2026, 11, 2, 12, 0),
        "home",
        &[],
    );
    home.attrs.billable = false;
    vec![
        e(
            1,
            local(2026, 11, 2, 9, 0),
            local(2026, 11, 2, 9, 50),
            "web",
            &["a"],
        ),
        e(
            2,
            local(2026, 11, 2, 10, 0),
            local(2026, 11, 2, 10, 7),
            "web",
            &["a", "b"],
        ),
        home,
    ]
}

#[test]
fn totals_by_project_and_tag_with_rounding_per_entry() {
    let entries = fixture();
    let r = report(
        &entries,
        day(2026, 11, 2),
        day(2026, 11, 2),
        &billing("15m"),
        &[GroupBy::Project, GroupBy::Tag],
    );
    assert_eq!(r.seconds, (50 + 7 + 60) * 60);
    assert_eq!(r.billable_seconds, 57 * 60);
    // 50 → 60 and 7 → 15 minutes.
    assert_eq!(r.billed_seconds, 75 * 60);
    assert_eq!(r.amounts.get("EUR"), Some(&12500));
    assert_eq!(r.groups[0].key, "home");
    assert_eq!(r.groups[1].key, "web");
    let tags: Vec<(&str, i64)> = r.groups[1]
        .groups
        .iter()
        .map(|g| (g.key.as_str(), g.seconds))
        .collect();
    assert_eq!(tags, vec![("a", 57 * 60), ("b", 7 * 60)]);
}

#[test]
fn rounding_per_day_rounds_the_days_total_once() {
    let entries = fixture();
    let r = report(
        &entries,
        day(2026, 11, 2),
        day(2026, 11, 2),
        &billing("15m/day"),
        &[],
    );
    // 57 minutes billable that day → 60.
    assert_eq!(r.billed_seconds, 60 * 60);
    assert_eq!(r.amounts.get("EUR"), Some(&10000));
    assert_eq!(r.lines.iter().map(|l| l.amount).sum::<i64>(), 10000);
}

#[test]
fn gaps_are_the_uncovered_working_hours() {
    let entries = fixture();
    let r = report(
        &entries,
        day(2026, 11, 2),
        day(2026, 11, 2),
        &billing("none"),
        &[],
    );
    let gaps: Vec<(DateTime<Utc>, i64)> =
        r.gaps.iter().map(|g| (g.start, g.seconds / 60)).collect();
    // 09:50–10:00 is too short to count; 10:07–11:00 and 12:00–17:00 are gaps.
    assert_eq!(
        gaps,
        vec![
            (local(2026, 11, 2, 10, 7), 53),
            (local(2026, 11, 2, 12, 0), 300)
        ]
    );
}

#[test]
fn estimates_compare_with_the_time_tracked() {
    let task = Uuid::from_u128(7);
    let mut entries = fixture();
    entries[0].attrs.task = Some(task);
    entries[1].attrs.task = Some(task);
    let tasks = HashMap::from([(
        task,
        TaskInfo {
            label: "3 Write".into(),
            estimate_minutes: Some(45),
        },
    )]);
    let b = billing("none");
    let r = compute(&ReportInput {
        entries: &entries,
        from: day(2026, 11, 2),
        to: day(2026, 11, 2),
        now: local(2026, 11, 22, 10, 30),
        tz: &Berlin,
        billing: &b,
        by: &[GroupBy::Task],
        tasks: &tasks,
        work: WorkWeek::default(),
    })
    .expect("report");
    assert_eq!(
        r.estimates,
        vec![Estimate {
            task: "3 Write".into(),
            estimate_seconds: 2700,
            actual_seconds: 57 * 60
        }]
    );
    assert_eq!(r.groups[1].key, "3 Write");
}

#[test]
fn a_running_entry_counts_up_to_now() {
    let mut running = e(
        1,
        local(2026, 11, 22, 9, 0),
        local(2026, 11, 22, 9, 0),
        "web",
        &[],
    );
    running.end = None;
    let r = report(
        &[running],
        day(2026, 11, 22),
        day(2026, 11, 22),
        &billing("none"),
        &[],
    );
    assert_eq!(r.seconds, 90 * 60);
    assert!(r.lines[0].running);
}
