//! Totals and sub-totals: lines summed by one key, then by the next key inside each group.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Line;
use crate::time::TimeError;

/// What a report may be grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupBy {
    Project,
    Client,
    Tag,
    Task,
    Day,
    Type,
}

impl GroupBy {
    pub fn parse(text: &str) -> Result<GroupBy, TimeError> {
        Ok(match text.to_ascii_lowercase().as_str() {
            "project" | "projects" => GroupBy::Project,
            "client" | "clients" => GroupBy::Client,
            "tag" | "tags" => GroupBy::Tag,
            "task" | "tasks" => GroupBy::Task,
            "day" | "days" | "date" => GroupBy::Day,
            "type" | "activity" => GroupBy::Type,
            _ => {
                return Err(TimeError::Invalid(format!(
                    "cannot group by `{text}`; use project, client, tag, task, day or type"
                )));
            }
        })
    }

    /// The keys a line counts under: one, except for tags (a line counts under each tag).
    fn keys(self, l: &Line) -> Vec<String> {
        let or = |v: &Option<String>, none: &str| v.clone().unwrap_or_else(|| none.to_string());
        match self {
            GroupBy::Project => vec![or(&l.project, "(no project)")],
            GroupBy::Client => vec![or(&l.client, "(no client)")],
            GroupBy::Task => vec![or(&l.task, "(no task)")],
            GroupBy::Type => vec![or(&l.activity, "(no type)")],
            GroupBy::Day => vec![l.date.to_string()],
            GroupBy::Tag if l.tags.is_empty() => vec!["(no tag)".to_string()],
            GroupBy::Tag => l.tags.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    pub by: GroupBy,
    pub key: String,
    pub seconds: i64,
    pub billed_seconds: i64,
    /// Cents by currency.
    pub amounts: BTreeMap<String, i64>,
    pub groups: Vec<Group>,
}

/// Groups `lines` by the first key of `by`, each group by the rest; largest first.
pub(super) fn group(lines: &[Line], by: &[GroupBy]) -> Vec<Group> {
    let Some((&first, rest)) = by.split_first() else {
        return Vec::new();
    };
    let mut buckets: BTreeMap<String, Vec<&Line>> = BTreeMap::new();
    for l in lines {
        for k in first.keys(l) {
            buckets.entry(k).or_default().push(l);
        }
    }
    let mut groups: Vec<Group> = buckets
        .into_iter()
        .map(|(key, members)| {
            let mut amounts = BTreeMap::new();
            for l in &members {
                if let Some(r) = &l.rate {
                    *amounts.entry(r.currency.clone()).or_insert(0) += l.amount;
                }
            }
            let owned: Vec<Line> = if rest.is_empty() {
                Vec::new()
            } else {
                members.iter().map(|l| (*l).clone()).collect()
            };
            Group {
                by: first,
                key,
                seconds: members.iter().map(|l| l.seconds).sum(),
                billed_seconds: members.iter().map(|l| l.billed_seconds).sum(),
                amounts,
                groups: group(&owned, rest),
            }
        })
        .collect();
    if first != GroupBy::Day {
        groups.sort_by(|a, b| b.seconds.cmp(&a.seconds).then_with(|| a.key.cmp(&b.key)));
    }
    groups
}
