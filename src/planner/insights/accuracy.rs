//! How estimates compare with the time completed tasks really took, by project and by tag.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use uuid::Uuid;

use super::rate::median;
use super::{Input, Options};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Accuracy {
    /// `project:api` or `+bug`.
    pub group: String,
    pub tasks: u32,
    /// Median of actual ÷ estimate: 2.0 means tasks take twice the estimate.
    pub median_ratio: f64,
    /// Share of tasks that took within ±25% of their estimate.
    pub within_25: f64,
}

/// Completed tasks (done in the window) with an estimate and tracked time. The actual is all
/// the time ever tracked on the task, not only the window's.
pub(super) fn by_group(input: &Input, opts: &Options) -> Vec<Accuracy> {
    let mut actual: HashMap<Uuid, f64> = HashMap::new();
    for e in &input.entries {
        if let Some(t) = e.task {
            *actual.entry(t).or_default() += e.minutes;
        }
    }
    let mut groups: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for t in &input.tasks {
        let (Some(done), Some(est)) = (t.done, t.estimate_minutes) else {
            continue;
        };
        let spent = actual.get(&t.uuid).copied().unwrap_or(0.0);
        if !opts.contains(done) || est == 0 || spent <= 0.0 {
            continue;
        }
        let ratio = spent / f64::from(est);
        if let Some(p) = &t.project {
            groups
                .entry(format!("project:{p}"))
                .or_default()
                .push(ratio);
        }
        for tag in &t.tags {
            groups.entry(format!("+{tag}")).or_default().push(ratio);
        }
    }
    let mut out: Vec<Accuracy> = groups
        .into_iter()
        .map(|(group, ratios)| Accuracy {
            group,
            tasks: ratios.len() as u32,
            within_25: ratios.iter().filter(|r| (0.75..=1.25).contains(*r)).count() as f64
                / ratios.len() as f64,
            median_ratio: median(ratios),
        })
        .collect();
    // The groups that say the most come first: the most tasks, then the furthest off.
    out.sort_by(|a, b| {
        b.tasks
            .cmp(&a.tasks)
            .then((b.median_ratio.ln().abs()).total_cmp(&a.median_ratio.ln().abs()))
    });
    out
}
