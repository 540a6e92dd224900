//! The JSON ingest format, read strictly enough that a bad signal is named by its index and
//! field instead of a line and column.
//!
//! ```json
//! {"activity_signals": [{"timestamp": "2024-01-24T09:00:00Z", "app": "vscode",
//!   "type": "keyboard", "source_type": "keyboard"}],
//!  "idle_threshold_minutes": 5, "max_merge_idle_minutes": 10}
//! ```
//!
//! Fields the format does not name are ignored (integrations add their own); the two minute
//! settings are optional and override the configured ones for this ingest only.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::signal::{Signal, SignalType};
use crate::error::{ErrorKind, Kinded};

/// The longest `duration` a signal may claim; longer is a broken source, not activity.
pub const MAX_SIGNAL_DURATION_SECS: f64 = 31.0 * 24.0 * 3600.0;
/// The largest idle or merge setting accepted, in minutes (one day).
pub const MAX_SETTING_MINUTES: f64 = 1440.0;

/// One ingest as the format gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IngestRequest {
    pub activity_signals: Vec<Signal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idle_threshold_minutes: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_merge_idle_minutes: Option<f64>,
}

/// Why an ingest was refused. Every variant is bad input: nothing of the ingest is kept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IngestError {
    #[error("the ingest is not valid JSON: {0}")]
    Json(String),
    #[error("the ingest must be a JSON object with an \"activity_signals\" list")]
    NotAnObject,
    #[error("the ingest has no \"activity_signals\" list")]
    MissingSignals,
    #[error("{field}: {problem}")]
    Setting {
        field: &'static str,
        problem: String,
    },
    #[error("activity_signals[{index}] must be an object")]
    NotASignal { index: usize },
    #[error("activity_signals[{index}].{field}: {problem}")]
    Signal {
        index: usize,
        field: &'static str,
        problem: String,
    },
}

impl Kinded for IngestError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::BadInput
    }
}

/// Reads an ingest document.
pub fn parse_ingest(text: &str) -> Result<IngestRequest, IngestError> {
    fast::parse(text).map_or_else(|| parse_slowly(text), Ok)
}

/// Reads the document through a `Value`, which can name the bad signal's index and field.
pub(crate) fn parse_slowly(text: &str) -> Result<IngestRequest, IngestError> {
    let value: Value = serde_json::from_str(text).map_err(|e| IngestError::Json(e.to_string()))?;
    let Value::Object(top) = value else {
        return Err(IngestError::NotAnObject);
    };
    let items = match top.get("activity_signals") {
        Some(Value::Array(items)) => items,
        Some(_) => {
            return Err(IngestError::Setting {
                field: "activity_signals",
                problem: "must be a list of signals".into(),
            });
        }
        None => return Err(IngestError::MissingSignals),
    };
    let activity_signals = items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            parse_signal(item).map_err(|(field, problem)| signal_error(index, field, problem))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(IngestRequest {
        activity_signals,
        idle_threshold_minutes: setting_minutes(&top, "idle_threshold_minutes")?,
        max_merge_idle_minutes: setting_minutes(&top, "max_merge_idle_minutes")?,
    })
}

/// The common case, a valid document, read straight into signals (about twice as fast as
/// through a `Value`). Anything it does not accept, for whatever reason, is read again by
/// [`parse_slowly`], which finds and names the problem: both apply the same checks.
pub(crate) mod fast {
    use std::borrow::Cow;

    use serde::Deserialize;

    use super::{
        IngestRequest, MAX_SETTING_MINUTES, Signal, SignalType, duration_from_seconds,
        parse_timestamp,
    };

    #[derive(Deserialize)]
    struct Doc<'a> {
        #[serde(borrow)]
        activity_signals: Vec<Raw<'a>>,
        idle_threshold_minutes: Option<f64>,
        max_merge_idle_minutes: Option<f64>,
    }

    #[derive(Deserialize)]
    struct Raw<'a> {
        #[serde(borrow)]
        timestamp: Cow<'a, str>,
        #[serde(borrow)]
        app: Cow<'a, str>,
        #[serde(borrow, rename = "type")]
        kind: Cow<'a, str>,
        #[serde(borrow)]
        source_type: Cow<'a, str>,
        #[serde(borrow, default)]
        title: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        cwd: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        repository: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        url: Option<Cow<'a, str>>,
        #[serde(default)]
        duration: Option<f64>,
    }

    fn text(s: &str) -> Option<String> {
        (!s.trim().is_empty()).then(|| s.to_string())
    }

    fn signal(raw: Raw<'_>) -> Option<Signal> {
        let mut s = Signal::new(
            parse_timestamp(&raw.timestamp).ok()?,
            &text(&raw.app)?,
            SignalType::from(text(&raw.kind)?),
            &text(&raw.source_type)?,
        );
        s.title = raw.title.map(Cow::into_owned);
        s.cwd = raw.cwd.map(Cow::into_owned);
        s.repository = raw.repository.map(Cow::into_owned);
        s.url = raw.url.map(Cow::into_owned);
        s.duration = match raw.duration {
            None => None,
            Some(secs) => Some(duration_from_seconds(secs).ok()?),
        };
        Some(s)
    }

    fn setting(m: Option<f64>) -> Result<Option<f64>, ()> {
        match m {
            Some(m) if !(0.0..=MAX_SETTING_MINUTES).contains(&m) => Err(()),
            m => Ok(m),
        }
    }

    pub(crate) fn parse(text: &str) -> Option<IngestRequest> {
        let doc: Doc<'_> = serde_json::from_str(text).ok()?;
        Some(IngestRequest {
            idle_threshold_minutes: setting(doc.idle_threshold_minutes).ok()?,
            max_merge_idle_minutes: setting(doc.max_merge_idle_minutes).ok()?,
            activity_signals: doc
                .activity_signals
                .into_iter()
                .map(signal)
                .collect::<Option<Vec<_>>>()?,
        })
    }
}

fn signal_error(index: usize, field: &'static str, problem: String) -> IngestError {
    if field.is_empty() {
        return IngestError::NotASignal { index };
    }
    IngestError::Signal {
        index,
        field,
        problem,
    }
}

type FieldError = (&'static str, String);

fn parse_signal(item: &Value) -> Result<Signal, FieldError> {
    let Value::Object(fields) = item else {
        return Err(("", "must be an object".into()));
    };
    let stamp = required_text(fields, "timestamp")?;
    let mut signal = Signal::new(
        parse_timestamp(stamp).map_err(|p| ("timestamp", p))?,
        required_text(fields, "app")?,
        SignalType::from(required_text(fields, "type")?.to_string()),
        required_text(fields, "source_type")?,
    );
    signal.title = optional_text(fields, "title")?;
    signal.cwd = optional_text(fields, "cwd")?;
    signal.repository = optional_text(fields, "repository")?;
    signal.url = optional_text(fields, "url")?;
    signal.duration = match fields.get("duration") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => {
            let secs = n.as_f64().unwrap_or(f64::NAN);
            Some(duration_from_seconds(secs).map_err(|p| ("duration", p))?)
        }
        Some(_) => return Err(("duration", "must be a number of seconds".into())),
    };
    Ok(signal)
}

fn required_text<'a>(
    fields: &'a Map<String, Value>,
    field: &'static str,
) -> Result<&'a str, FieldError> {
    match fields.get(field) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s),
        Some(Value::String(_)) => Err((field, "must not be empty".into())),
        None | Some(Value::Null) => Err((field, "is missing".into())),
        Some(_) => Err((field, "must be a string".into())),
    }
}

fn optional_text(
    fields: &Map<String, Value>,
    field: &'static str,
) -> Result<Option<String>, FieldError> {
    match fields.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err((field, "must be a string or null".into())),
    }
}

fn parse_timestamp(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            let shown: String = text.chars().take(40).collect();
            format!("`{shown}` is not an RFC 3339 time with an offset (e.g. 2024-01-24T09:00:00Z)")
        })
}

/// A `duration` in seconds as a time delta, refused when negative, not finite or over
/// [`MAX_SIGNAL_DURATION_SECS`].
pub(crate) fn duration_from_seconds(secs: f64) -> Result<TimeDelta, String> {
    if !secs.is_finite() || secs < 0.0 {
        return Err("must be a non-negative number of seconds".into());
    }
    if secs > MAX_SIGNAL_DURATION_SECS {
        return Err("is longer than 31 days".into());
    }
    Ok(TimeDelta::milliseconds((secs * 1000.0).round() as i64))
}

fn setting_minutes(
    top: &Map<String, Value>,
    field: &'static str,
) -> Result<Option<f64>, IngestError> {
    let problem = match top.get(field) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Number(n)) => match n.as_f64() {
            Some(m) if (0.0..=MAX_SETTING_MINUTES).contains(&m) => return Ok(Some(m)),
            _ => "must be between 0 and 1440 minutes",
        },
        Some(_) => "must be a number of minutes",
    };
    Err(IngestError::Setting {
        field,
        problem: problem.into(),
    })
}

/// Minutes from the format as a time delta, to the millisecond.
pub fn minutes(m: f64) -> TimeDelta {
    TimeDelta::milliseconds((m * 60_000.0).round() as i64)
}
