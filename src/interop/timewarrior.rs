//! Timewarrior's `timew export` JSON → time entries (pure: text in, entries out).
//!
//! The tag rule (documented in the README, configured under `[time]`):
//! 1. a tag with the project prefix (`project:web`) names the project, and `client:NAME` the
//!    client;
//! 2. otherwise the first tag that names a project Tempo already knows is the project;
//! 3. every other tag stays a tag (spaces inside a tag become `-`: Tempo's tags are words);
//! 4. the annotation is the note.
//!
//! An interval is known by its start and its tags, so importing the same export again
//! finds what it brought the first time.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Deserialize;

use crate::time::{Attrs, Entry, Source, TimeError};

#[derive(Debug, Deserialize)]
struct Interval {
    start: String,
    end: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    annotation: Option<String>,
}

/// How tags become a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagRule {
    pub project_prefix: String,
    /// Projects Tempo knows (used when `use_known` is on).
    pub known: Vec<String>,
    pub use_known: bool,
}

/// An entry to import (id 0) and its identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub entry: Entry,
    pub key: String,
}

fn instant(text: &str) -> Result<DateTime<Utc>, TimeError> {
    NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%SZ")
        .map(|n| n.and_utc())
        .map_err(|_| {
            TimeError::Invalid(format!(
                "`{text}` is not a Timewarrior time (expected 20261122T093000Z)"
            ))
        })
}

/// Parses a whole export; any bad interval fails the whole import.
pub fn parse_export(text: &str, rule: &TagRule) -> Result<Vec<Imported>, TimeError> {
    let intervals: Vec<Interval> = serde_json::from_str(text)
        .map_err(|e| TimeError::Invalid(format!("not a `timew export` JSON array: {e}")))?;
    intervals
        .iter()
        .enumerate()
        .map(|(n, i)| {
            convert(i, rule).map_err(|e| TimeError::Invalid(format!("interval {}: {e}", n + 1)))
        })
        .collect()
}

fn convert(i: &Interval, rule: &TagRule) -> Result<Imported, TimeError> {
    let start = instant(&i.start)?;
    let end = i.end.as_deref().map(instant).transpose()?;
    if end.is_some_and(|e| e <= start) {
        return Err(TimeError::Invalid(format!(
            "it ends ({}) before it starts ({})",
            i.end.as_deref().unwrap_or(""),
            i.start
        )));
    }
    let attrs = attrs(&i.tags, i.annotation.as_deref(), rule);
    let mut sorted = i.tags.clone();
    sorted.sort();
    let key = format!("timew:{}:{}", i.start, sorted.join("\u{1f}"));
    Ok(Imported {
        entry: Entry {
            id: 0,
            start,
            end,
            attrs,
            source: Source::Import,
        },
        key,
    })
}

fn attrs(tags: &[String], annotation: Option<&str>, rule: &TagRule) -> Attrs {
    let mut a = Attrs {
        note: annotation.unwrap_or_default().to_string(),
        ..Attrs::default()
    };
    let prefix = rule.project_prefix.as_str();
    let mut rest = Vec::new();
    for tag in tags {
        if let Some(p) = tag
            .strip_prefix(prefix)
            .filter(|p| !prefix.is_empty() && !p.is_empty())
        {
            a.project.get_or_insert_with(|| p.to_string());
        } else if let Some(c) = tag.strip_prefix("client:").filter(|c| !c.is_empty()) {
            a.client.get_or_insert_with(|| c.to_string());
        } else {
            rest.push(tag.clone());
        }
    }
    if a.project.is_none()
        && rule.use_known
        && let Some(pos) = rest.iter().position(|t| rule.known.contains(t))
    {
        a.project = Some(rest.remove(pos));
    }
    a.tags = rest
        .into_iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join("-"))
        .filter(|t| !t.is_empty())
        .collect();
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> TagRule {
        TagRule {
            project_prefix: "project:".into(),
            known: vec!["web".into()],
            use_known: true,
        }
    }

    #[test]
    fn tags_become_project_client_and_tags_by_the_rule() {
        let text = r#"[
            {"id":2,"start":"20261120T080000Z","end":"20261120T093000Z","tags":["call","web","two words"],"annotation":"kick-off"},
            {"id":1,"start":"20261121T080000Z","tags":["project:home","client:Acme","web"]}
        ]"#;
        let got = parse_export(text, &rule()).expect("parses");
        let a = &got[0].entry.attrs;
        assert_eq!(
            (a.project.as_deref(), a.tags.clone(), a.note.as_str()),
            (
                Some("web"),
                vec!["call".to_string(), "two-words".to_string()],
                "kick-off"
            )
        );
        let b = &got[1].entry;
        assert_eq!(
            (b.attrs.project.as_deref(), b.attrs.client.as_deref(), b.end),
            (Some("home"), Some("Acme"), None)
        );
        assert_eq!(b.attrs.tags, vec!["web"]);
        assert_eq!(b.source, Source::Import);
    }

    #[test]
    fn the_identity_ignores_tag_order_and_bad_input_is_named() {
        let a = parse_export(
            r#"[{"start":"20261120T080000Z","tags":["a","b"]}]"#,
            &rule(),
        )
        .expect("a");
        let b = parse_export(
            r#"[{"start":"20261120T080000Z","tags":["b","a"]}]"#,
            &rule(),
        )
        .expect("b");
        assert_eq!(a[0].key, b[0].key);
        let err = parse_export(r#"[{"start":"yesterday"}]"#, &rule()).expect_err("bad time");
        assert!(err.to_string().contains("interval 1"), "{err}");
        assert!(parse_export("{}", &rule()).is_err());
    }
}
