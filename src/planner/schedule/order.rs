//! The order tasks are placed in: earliest (inherited) deadline first, then by (inherited)
//! urgency, blockers before what they block.
//!
//! A task's deadline is the earliest of its own and those of everything that waits for it
//! (a blocker must be done before its dependant's due date), and its urgency the highest of
//! its own and theirs. With ties broken by depth in the dependency graph, this order is
//! consistent with the dependencies, so a blocker is always placed first.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::input::PlanTask;

/// Indices of tasks, in placing order, and the tasks caught in a dependency cycle.
pub(super) struct Order {
    pub order: Vec<usize>,
    pub deadline: Vec<Option<DateTime<Utc>>>,
    pub in_cycle: Vec<bool>,
}

pub(super) fn order(tasks: &[PlanTask]) -> Order {
    let index: HashMap<Uuid, usize> = tasks.iter().enumerate().map(|(i, t)| (t.uuid, i)).collect();
    let n = tasks.len();
    // Blocker → its dependants.
    let mut dependants: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, t) in tasks.iter().enumerate() {
        for d in &t.depends {
            if let Some(&b) = index.get(d) {
                dependants[b].push(i);
            }
        }
    }
    let mut depth = vec![0usize; n];
    let mut state = vec![0u8; n]; // 0 new, 1 on the stack, 2 finished
    let mut in_cycle = vec![false; n];
    for i in 0..n {
        depth_of(i, tasks, &index, &mut depth, &mut state, &mut in_cycle);
    }
    // Deadlines and urgency flow from dependants to blockers: visit deepest first.
    let mut by_depth: Vec<usize> = (0..n).collect();
    by_depth.sort_by_key(|&i| std::cmp::Reverse(depth[i]));
    let mut deadline: Vec<Option<DateTime<Utc>>> = tasks.iter().map(|t| t.due).collect();
    let mut urgency: Vec<f64> = tasks.iter().map(|t| t.urgency).collect();
    for &i in &by_depth {
        for &d in &dependants[i] {
            if in_cycle[d] || depth[d] <= depth[i] {
                continue;
            }
            deadline[i] = match (deadline[i], deadline[d]) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            urgency[i] = urgency[i].max(urgency[d]);
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        let key = |i: usize| (deadline[i].is_none(), deadline[i]);
        key(a)
            .cmp(&key(b))
            .then_with(|| {
                if deadline[a].is_some() {
                    depth[a].cmp(&depth[b])
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .then_with(|| urgency[b].total_cmp(&urgency[a]))
            .then_with(|| depth[a].cmp(&depth[b]))
            .then_with(|| tasks[a].id.cmp(&tasks[b].id))
    });
    Order {
        order,
        deadline,
        in_cycle,
    }
}

/// The length of the longest chain of blockers under `i`, marking cycles.
fn depth_of(
    i: usize,
    tasks: &[PlanTask],
    index: &HashMap<Uuid, usize>,
    depth: &mut [usize],
    state: &mut [u8],
    in_cycle: &mut [bool],
) {
    // Iterative depth-first search: a long chain of dependencies must not overflow the stack.
    if state[i] != 0 {
        return;
    }
    let mut stack: Vec<(usize, usize)> = vec![(i, 0)];
    state[i] = 1;
    while let Some(top) = stack.last_mut() {
        let (node, next) = *top;
        let blockers = &tasks[node].depends;
        if next < blockers.len() {
            let b = blockers[next];
            top.1 += 1;
            let Some(&bi) = index.get(&b) else { continue };
            match state[bi] {
                0 => {
                    state[bi] = 1;
                    stack.push((bi, 0));
                }
                1 => {
                    // Everything on the stack from `bi` up is in the cycle.
                    let from = stack.iter().position(|&(s, _)| s == bi).unwrap_or(0);
                    for &(s, _) in &stack[from..] {
                        in_cycle[s] = true;
                    }
                }
                _ => {
                    if in_cycle[bi] {
                        in_cycle[node] = true;
                    }
                }
            }
        } else {
            stack.pop();
            state[node] = 2;
            let d = tasks[node]
                .depends
                .iter()
                .filter_map(|b| index.get(b))
                .map(|&b| depth[b] + 1)
                .max()
                .unwrap_or(0);
            depth[node] = d;
            if tasks[node]
                .depends
                .iter()
                .filter_map(|b| index.get(b))
                .any(|&b| in_cycle[b])
            {
                in_cycle[node] = true;
            }
        }
    }
}
