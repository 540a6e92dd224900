//! Property: on random weeks of events and tasks, whenever earliest-deadline-first meets every
//! deadline, so does the plan.

use chrono::Duration;
use chrono_tz::Europe::Berlin;
use proptest::prelude::*;

use super::tests::{local, task};
use super::*;

/// Preemptive earliest-deadline-first, minute by minute, over the same free time and daily
/// cap: whether every dated task is finished by its due time.
fn edf_meets_all(slots: &[Slot], cap: i64, tasks: &[PlanTask]) -> bool {
    let mut dated: Vec<&PlanTask> = tasks.iter().filter(|t| t.due.is_some()).collect();
    dated.sort_by_key(|t| t.due);
    let mut left: Vec<i64> = dated.iter().map(|t| i64::from(t.minutes)).collect();
    let mut used: std::collections::HashMap<_, i64> = Default::default();
    let mut k = 0;
    for s in slots {
        let mut t = s.start;
        while t < s.end && k < dated.len() {
            let day = used.entry(s.day).or_insert(0);
            if *day >= cap {
                break;
            }
            *day += 1;
            left[k] -= 1;
            t += Duration::minutes(1);
            if left[k] == 0 {
                if dated[k].due.is_some_and(|d| t > d) {
                    return false;
                }
                k += 1;
            }
        }
    }
    k == dated.len()
}

/// Events (day, start quarter, length), tasks (quarters, due quarter) and the cap.
type Instance = (Vec<(u32, u32, u32)>, Vec<(u32, Option<u32>)>, u32);

fn instance() -> impl Strategy<Value = Instance> {
    (
        // Events: day 0-4, start quarter from 08:00, length in quarters.
        prop::collection::vec((0u32..5, 0u32..40, 1u32..8), 0..12),
        // Tasks: length in quarters, due as a quarter of the week's working days.
        prop::collection::vec((1u32..16, prop::option::of(0u32..5 * 40)), 1..14),
        // Daily cap in quarters.
        8u32..40,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn the_plan_meets_every_deadline_edf_meets((events, specs, cap) in instance()) {
        let rules = WorkRules {
            buffer_minutes: 0,
            min_block_minutes: 15,
            daily_cap_minutes: cap * 15,
            ..WorkRules::default()
        };
        let monday = local(2026, 11, 23, 0, 0);
        let quarter = |day: u32, q: u32| {
            local(2026, 11, 23 + day, 8, 0) + Duration::minutes(i64::from(q) * 15)
        };
        let busy: Vec<Busy> = events
            .iter()
            .map(|&(d, q, len)| Busy {
                start: quarter(d, q),
                end: quarter(d, q + len),
                all_day: false,
                transparent: false,
            })
            .collect();
        let tasks: Vec<PlanTask> = specs
            .iter()
            .enumerate()
            .map(|(i, &(len, due))| {
                let mut t = task(i as i64 + 1, len * 15);
                t.due = due.map(|q| quarter(q / 40, q % 40));
                t.urgency = (i % 5) as f64;
                t
            })
            .collect();
        let to = monday + Duration::days(5);
        let slots = free_slots(&rules, monday, to, &busy, &[], &Berlin);
        let p = plan(&Request { from: monday, to, now: monday, tz: Berlin, rules: &rules, busy: &busy, kept: &[], tasks: &tasks });
        if edf_meets_all(&slots, i64::from(rules.daily_cap_minutes), &tasks) {
            for t in tasks.iter().filter(|t| t.due.is_some()) {
                let o = p.tasks.iter().find(|o| o.task == t.uuid).expect("an outcome");
                prop_assert!(o.unplaced.is_none(), "{:?}", o);
                let end = p.blocks.iter().filter(|b| b.task == t.uuid).map(|b| b.end).max();
                prop_assert!(end.is_some_and(|e| Some(e) <= t.due), "{:?} {:?}", t, end);
            }
        }
    }
}
