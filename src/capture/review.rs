//! A suggestion as it is kept for review: its status and what the person changed.
//!
//! The engine makes [`Suggestion`]s; the store keeps them as [`Stored`] until a person
//! approves (it becomes a time entry), rejects (its span is never suggested again) or corrects
//! them. Pure: the status rules and the rule learned from a correction live here.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::engine::Suggestion;
use super::rules::{Classification, Condition, Pattern, Rule};
use super::score::{Evidence, Reason};
use super::signal::Span;
use crate::time::TimeError;
use crate::time::words::parse_attrs;

/// Where a suggestion stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pending,
    Approved,
    Rejected,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        match text.trim().to_ascii_lowercase().as_str() {
            "pending" => Some(Status::Pending),
            "approved" | "approve" => Some(Status::Approved),
            "rejected" | "reject" => Some(Status::Rejected),
            _ => None,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A suggestion in the review queue (or decided).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stored {
    /// The row id (what undo restores by); people use `uuid`'s first characters.
    #[serde(skip)]
    pub row: i64,
    #[serde(rename = "id")]
    pub uuid: Uuid,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub status: Status,
    pub confidence: f64,
    pub needs_verification: bool,
    #[serde(flatten)]
    pub classification: Classification,
    pub note: String,
    pub reasons: Vec<Reason>,
    pub evidence: Evidence,
    pub created_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<DateTime<Utc>>,
    /// The time entry an approval made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry_id: Option<i64>,
    /// A person moved or split it: the pass keeps it as it is.
    #[serde(default)]
    pub edited: bool,
}

impl Stored {
    /// A fresh suggestion from the engine, pending.
    pub fn pending(s: &Suggestion, now: DateTime<Utc>) -> Self {
        Stored {
            row: 0,
            uuid: s.id,
            start: s.span.start,
            end: s.span.end,
            status: Status::Pending,
            confidence: s.confidence,
            needs_verification: s.needs_verification,
            classification: s.classification.clone(),
            note: String::new(),
            reasons: s.reasons.clone(),
            evidence: s.evidence.clone(),
            created_at: now,
            decided_at: None,
            entry_id: None,
            edited: false,
        }
    }

    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }

    /// The id as people type it: the uuid's first eight characters.
    pub fn short_id(&self) -> String {
        self.uuid.simple().to_string()[..8].to_string()
    }

    /// The project, else the activity type, else "unclassified".
    pub fn label(&self) -> &str {
        self.classification.label()
    }

    /// The reasons in words, joined.
    pub fn reason_text(&self) -> String {
        self.reasons
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// What a person changes while approving.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Correction {
    pub project: Option<String>,
    pub client: Option<String>,
    pub activity_type: Option<String>,
    pub note: Option<String>,
}

impl Correction {
    pub fn is_empty(&self) -> bool {
        self.project.is_none()
            && self.client.is_none()
            && self.activity_type.is_none()
            && self.note.is_none()
    }

    /// Whether it changes how the time is classified (a note alone does not).
    pub fn reclassifies(&self) -> bool {
        self.project.is_some() || self.client.is_some() || self.activity_type.is_some()
    }

    /// Reads `project:web client:acme type:work note:…` out of `words`; the other words (ids,
    /// for the CLI) come back as they were. Tags, `billable:` and a word with a `:` that is not
    /// a correction are refused, as is a correction field left empty.
    pub fn parse(
        words: &[String],
        activities: &[String],
    ) -> Result<(Correction, Vec<String>), TimeError> {
        let (edit, rest) = parse_attrs(words, activities)?;
        if !edit.add_tags.is_empty() || !edit.remove_tags.is_empty() || edit.billable.is_some() {
            return Err(TimeError::Invalid(
                "a correction takes project: client: type: note:; change tags or billable \
                 afterwards with `tempo time edit`"
                    .into(),
            ));
        }
        let value = |field: &str, v: Option<Option<String>>| match v {
            Some(None) => Err(TimeError::Invalid(format!("`{field}:` needs a value"))),
            Some(Some(v)) => Ok(Some(v)),
            None => Ok(None),
        };
        let c = Correction {
            project: value("project", edit.project)?,
            client: value("client", edit.client)?,
            activity_type: value("type", edit.activity)?,
            note: edit.note,
        };
        if let Some(bad) = rest.iter().find(|w| w.contains(':')) {
            return Err(TimeError::Invalid(format!(
                "`{bad}` is not a correction; use project: client: type: note:"
            )));
        }
        Ok((c, rest))
    }

    /// The classification after the correction.
    pub fn apply(&self, class: &Classification) -> Classification {
        Classification {
            project: self.project.clone().or_else(|| class.project.clone()),
            client: self.client.clone().or_else(|| class.client.clone()),
            activity_type: self
                .activity_type
                .clone()
                .or_else(|| class.activity_type.clone()),
            task: class.task.clone(),
        }
    }
}

/// The rule that would have classified the suggestion as `class`: its main repository when
/// the evidence has one (the most specific thing a person works in), else its main app.
/// `None` when the evidence names neither.
pub fn learned_rule(evidence: &Evidence, class: &Classification) -> Option<Rule> {
    let when = if let Some(repo) = evidence.repositories.first() {
        Condition {
            repository: Pattern::new(repo).ok(),
            ..Condition::default()
        }
    } else {
        Condition {
            app: Pattern::new(&evidence.apps.first()?.app).ok(),
            ..Condition::default()
        }
    };
    (!when.is_empty()).then(|| Rule {
        when,
        then: class.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn a_correction_is_read_out_of_the_words_and_the_rest_kept() {
        let (c, rest) = Correction::parse(&words("a1b2 project:web client:acme type:work"), &[])
            .expect("a correction");
        assert_eq!(rest, ["a1b2"]);
        assert_eq!(c.project.as_deref(), Some("web"));
        assert_eq!(c.client.as_deref(), Some("acme"));
        assert_eq!(c.activity_type.as_deref(), Some("work"));
        assert_eq!(c.note, None);
    }

    #[test]
    fn tags_empty_fields_and_unknown_words_are_refused() {
        for (text, says) in [
            ("project:web +call", "tags or billable"),
            ("project:", "`project:` needs a value"),
            ("start:9:00", "`start:9:00` is not a correction"),
        ] {
            let e = Correction::parse(&words(text), &[]).expect_err(text);
            assert!(e.to_string().contains(says), "{text}: {e}");
        }
        let e = Correction::parse(&words("type:golf"), &["work".into()]).expect_err("type");
        assert!(e.to_string().contains("golf"), "{e}");
    }
}
