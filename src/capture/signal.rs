//! One activity signal as sources report it, and the spans of time the engine reasons in.
//!
//! Field names follow the ingest format (`timestamp`, `app`, `type`, `source_type`, `title`,
//! `cwd`, `repository`, `url`, `duration`) so integrations written against it keep working.

use std::fmt;

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

/// What kind of activity a signal records. Types this version does not know are kept verbatim
/// in [`SignalType::Other`] rather than refused, so newer sources still ingest.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum SignalType {
    Keyboard,
    MouseClick,
    Window,
    Editor,
    Web,
    Command,
    Commit,
    /// The person was away for the signal's `duration` (ActivityWatch's AFK bucket): no
    /// activity, and a block never spans it.
    Afk,
    Other(String),
}

impl SignalType {
    /// The name as written in the ingest format.
    pub fn as_str(&self) -> &str {
        match self {
            SignalType::Keyboard => "keyboard",
            SignalType::MouseClick => "mouse_click",
            SignalType::Window => "window",
            SignalType::Editor => "editor",
            SignalType::Web => "web",
            SignalType::Command => "command",
            SignalType::Commit => "commit",
            SignalType::Afk => "afk",
            SignalType::Other(name) => name,
        }
    }
}

impl From<String> for SignalType {
    fn from(name: String) -> Self {
        match name.to_ascii_lowercase().as_str() {
            "keyboard" => SignalType::Keyboard,
            "mouse_click" => SignalType::MouseClick,
            "window" => SignalType::Window,
            "editor" => SignalType::Editor,
            "web" => SignalType::Web,
            "command" => SignalType::Command,
            "commit" => SignalType::Commit,
            "afk" => SignalType::Afk,
            _ => SignalType::Other(name),
        }
    }
}

impl From<SignalType> for String {
    fn from(kind: SignalType) -> Self {
        kind.as_str().to_string()
    }
}

impl fmt::Display for SignalType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One observation of activity. The derived order (timestamp first, then every field) is the
/// canonical order the engine sorts into, which makes its result independent of arrival order.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Signal {
    pub timestamp: DateTime<Utc>,
    pub app: String,
    #[serde(rename = "type")]
    pub kind: SignalType,
    pub source_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cwd: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// How long the activity lasted, where the source says (a window focused for 40 s); in the
    /// ingest format a number of seconds.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "seconds")]
    pub duration: Option<TimeDelta>,
}

impl Signal {
    /// A signal with only the required fields; the optional ones are set directly.
    pub fn new(timestamp: DateTime<Utc>, app: &str, kind: SignalType, source_type: &str) -> Self {
        Signal {
            timestamp,
            app: app.to_string(),
            kind,
            source_type: source_type.to_string(),
            title: None,
            cwd: None,
            repository: None,
            url: None,
            duration: None,
        }
    }

    /// When the activity ended: the timestamp plus the duration, or the timestamp itself.
    pub fn end(&self) -> DateTime<Utc> {
        self.timestamp + self.duration.unwrap_or(TimeDelta::zero())
    }
}

/// A stretch of time, `start <= end`, treated as half-open `[start, end)` when spans are
/// compared, so two spans that only touch do not overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Span {
    /// The span between two instants in whichever order they come.
    pub fn new(a: DateTime<Utc>, b: DateTime<Utc>) -> Self {
        Span {
            start: a.min(b),
            end: a.max(b),
        }
    }

    pub fn length(&self) -> TimeDelta {
        self.end - self.start
    }

    /// Whether the two spans share any time (touching ends do not count).
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// `duration` in the ingest format: seconds as a number, kept to the millisecond.
mod seconds {
    use chrono::TimeDelta;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(
        value: &Option<TimeDelta>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(d) => serializer.serialize_f64(d.num_milliseconds() as f64 / 1000.0),
            None => serializer.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<TimeDelta>, D::Error> {
        let secs: Option<f64> = Option::deserialize(deserializer)?;
        secs.map(|s| {
            super::super::ingest::duration_from_seconds(s).map_err(serde::de::Error::custom)
        })
        .transpose()
    }
}
