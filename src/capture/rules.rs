//! Patterns over a signal's fields, the rules that classify signals, and exclusions.
//!
//! A pattern is case-insensitive. With a `*` (any run of characters) or `?` (one character)
//! it is a glob that must match the whole field (`*.rs`, `github.com/acme/*`); without either
//! it matches anywhere inside the field (`tempo` matches `~/src/tempo/src`). A condition names
//! patterns for some of app, title, cwd, repository and URL; all of them must match, and a
//! field the signal lacks matches nothing. A condition naming no pattern matches nothing, so an
//! empty exclusion can never drop every signal.

use serde::{Deserialize, Serialize};

use super::signal::Signal;

/// A case-insensitive glob or substring pattern (see the module doc).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Pattern {
    source: String,
    lower: Vec<char>,
    glob: bool,
}

impl Pattern {
    /// A pattern from its text; empty text is refused (it would match everything).
    pub fn new(text: &str) -> Result<Self, String> {
        if text.trim().is_empty() {
            return Err("a capture pattern must not be empty".into());
        }
        Ok(Pattern {
            source: text.to_string(),
            lower: text.to_lowercase().chars().collect(),
            glob: text.contains(['*', '?']),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether the already lowercased `field` matches.
    fn matches_lower(&self, field: &[char]) -> bool {
        if self.glob {
            glob_match(&self.lower, field)
        } else {
            field
                .windows(self.lower.len())
                .any(|w| w == self.lower.as_slice())
        }
    }
}

impl TryFrom<String> for Pattern {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        Pattern::new(&text)
    }
}

impl From<Pattern> for String {
    fn from(p: Pattern) -> Self {
        p.source
    }
}

/// Whole-string wildcard match; on a mismatch after a `*` it retries with the star taking one
/// more character, which keeps it linear for the patterns people write.
fn glob_match(pattern: &[char], text: &[char]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(&c) if c == '?' || c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

/// A signal's matchable fields, lowercased once so every pattern can reuse them.
pub(crate) struct Lowered {
    fields: [Option<Vec<char>>; 5],
}

impl Lowered {
    pub(crate) fn of(signal: &Signal) -> Self {
        let low = |s: Option<&String>| s.map(|s| s.to_lowercase().chars().collect());
        Lowered {
            fields: [
                low(Some(&signal.app)),
                low(signal.title.as_ref()),
                low(signal.cwd.as_ref()),
                low(signal.repository.as_ref()),
                low(signal.url.as_ref()),
            ],
        }
    }
}

/// Patterns over a signal's fields; all that are given must match (see the module doc).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app: Option<Pattern>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Pattern>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cwd: Option<Pattern>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<Pattern>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Pattern>,
}

impl Condition {
    fn patterns(&self) -> [Option<&Pattern>; 5] {
        [
            self.app.as_ref(),
            self.title.as_ref(),
            self.cwd.as_ref(),
            self.repository.as_ref(),
            self.url.as_ref(),
        ]
    }

    pub fn is_empty(&self) -> bool {
        self.patterns().iter().all(Option::is_none)
    }

    pub fn matches(&self, signal: &Signal) -> bool {
        self.matches_lowered(&Lowered::of(signal))
    }

    pub(crate) fn matches_lowered(&self, signal: &Lowered) -> bool {
        !self.is_empty()
            && self
                .patterns()
                .iter()
                .zip(&signal.fields)
                .all(|(pattern, field)| match (pattern, field) {
                    (None, _) => true,
                    (Some(p), Some(f)) => p.matches_lower(f),
                    (Some(_), None) => false,
                })
    }
}

/// What a matching rule says the time was: any of project, client, activity type and task.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Classification {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
}

/// The label for time no rule classified.
pub const UNCLASSIFIED: &str = "unclassified";

impl Classification {
    /// The project, else the activity type, else "unclassified".
    pub fn label(&self) -> &str {
        self.project
            .as_deref()
            .or(self.activity_type.as_deref())
            .unwrap_or(UNCLASSIFIED)
    }
}

/// A classification rule: when `when` matches a signal, the signal's time is `then`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub when: Condition,
    pub then: Classification,
}

/// The index of the first rule matching the signal: first match wins.
pub(crate) fn first_match(rules: &[Rule], signal: &Lowered) -> Option<usize> {
    rules.iter().position(|r| r.when.matches_lowered(signal))
}

/// Whether any exclusion drops the signal.
pub(crate) fn excluded(exclusions: &[Condition], signal: &Lowered) -> bool {
    exclusions.iter().any(|c| c.matches_lowered(signal))
}
