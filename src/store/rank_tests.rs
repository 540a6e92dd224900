//! The candidates always hold the whole top `n`, so ranking them gives what a full sort gives.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use proptest::prelude::*;

use crate::model::filter::parse;
use crate::model::urgency::{UrgencyCoefficients, urgency};
use crate::model::{Annotation, Change, Priority, Status, Task};
use crate::store::Store;

fn now() -> DateTime<Utc> {
    "2026-11-22T09:30:00Z".parse().expect("valid")
}

fn arb_task() -> impl Strategy<Value = Task> {
    let status = prop::sample::select(vec![
        Status::Pending,
        Status::Pending,
        Status::Started,
        Status::Waiting,
        Status::Done,
        Status::Cancelled,
    ]);
    let pri = prop::option::of(prop::sample::select(vec![
        Priority::H,
        Priority::M,
        Priority::L,
    ]));
    let tags = prop::sample::subsequence(vec!["next", "deep", "bug", "home"], 0..4);
    let hours = prop::option::of(-400i64..400);
    (
        (status, pri, tags, prop::bool::ANY, prop::bool::ANY),
        (hours.clone(), hours.clone(), hours, 0i64..800, 0usize..3),
    )
        .prop_map(
            |((status, pri, tags, project, note), (due, wait, sched, age, dep))| {
                let mut t = Task::new("t", now() - Duration::days(age));
                t.status = status;
                t.priority = pri;
                for tag in tags {
                    t.add_tag(tag);
                }
                t.project = project.then(|| "work".to_string());
                if note {
                    t.annotations.push(Annotation {
                        at: now(),
                        text: "n".into(),
                    });
                }
                t.due = due.map(|h| now() + Duration::hours(h));
                t.wait = wait.map(|h| now() + Duration::hours(h));
                t.scheduled = sched.map(|h| now() + Duration::hours(h));
                // Encoded for the test body: which earlier task (if any) this one depends on.
                t.estimate_minutes = Some(u32::try_from(dep).unwrap_or(0));
                t
            },
        )
}

fn arb_coefficients() -> impl Strategy<Value = UrgencyCoefficients> {
    (
        prop::sample::select(vec![1.0, -1.0, 0.0, 4.0]),
        prop::sample::select(vec![1.0, -2.0, 0.0, 6.0]),
        prop::sample::select(vec![15.0, 0.0, -3.0]),
        prop::sample::select(vec![8.0, 0.0, -8.0]),
    )
        .prop_map(|(tags, annotations, next, blocking)| UrgencyCoefficients {
            tags,
            annotations,
            blocking,
            tag: BTreeMap::from([("next".to_string(), next), ("deep".to_string(), 2.5)]),
            ..UrgencyCoefficients::default()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]
    #[test]
    fn candidates_hold_the_whole_top(
        tasks in prop::collection::vec(arb_task(), 1..40),
        c in arb_coefficients(),
        n in 1usize..8,
        input in prop::sample::select(vec!["", "+next", "project:work", "status:any", "-bug"]),
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(&dir.path().join("t.sqlite")).expect("open");
        let mut uuids = Vec::new();
        for mut t in tasks {
            let dep = t.estimate_minutes.take().unwrap_or(0) as usize;
            if dep > 0 && uuids.len() >= dep {
                t.depends = vec![uuids[uuids.len() - dep]];
            }
            uuids.push(t.uuid);
            store
                .edit("add", now(), |tx| tx.apply(Change::Put(Box::new(t))))
                .expect("put");
        }
        let local_now = Berlin.from_utc_datetime(&now().naive_utc());
        let filter = parse(input, &local_now).expect("filter").with_default_status();
        let score = |l: &crate::model::ListedTask| urgency(&l.task, l.links, now(), &c);
        let mut full: Vec<(f64, i64)> = store
            .list(&filter)
            .expect("list")
            .iter()
            .map(|l| (score(l), l.task.id))
            .collect();
        full.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        full.truncate(n);
        let ids = store.urgency_candidates(&filter, n, now(), &c).expect("candidates");
        let mut fast: Vec<(f64, i64)> = store
            .by_ids(&ids)
            .expect("by ids")
            .iter()
            .map(|l| (score(l), l.task.id))
            .collect();
        fast.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        fast.truncate(n);
        prop_assert_eq!(fast, full);
    }
}

#[test]
fn few_candidates_on_a_spread_out_list() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("t.sqlite")).expect("open");
    store
        .edit("add", now(), |tx| {
            for i in 0..300i64 {
                let mut t = Task::new("t", now() - Duration::days(i));
                t.due = Some(now() + Duration::hours(i * 7 - 300));
                if i % 3 == 0 {
                    t.add_tag("next");
                }
                tx.apply(Change::Put(Box::new(t)))?;
            }
            Ok::<_, crate::store::StoreError>(())
        })
        .expect("put");
    let local_now = Berlin.from_utc_datetime(&now().naive_utc());
    let filter = parse("", &local_now).expect("filter").with_default_status();
    let ids = store
        .urgency_candidates(&filter, 5, now(), &UrgencyCoefficients::default())
        .expect("candidates");
    assert!(ids.len() >= 5 && ids.len() < 60, "{} candidates", ids.len());
}
