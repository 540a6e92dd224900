//! Taskwarrior attributes Tempo has no column for: durations (`estimate`), expiry (`until` on a
//! task that does not recur) and user-defined attributes, kept as custom fields so that an
//! export back to Taskwarrior gives them back unchanged.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::Value;

/// Attributes of `task export` that Taskwarrior recomputes. (A recurring instance's `imask` and
/// `rtype` are kept: the export rebuilds the series' template from them.)
const COMPUTED: &[&str] = &["id", "urgency", "mask", "template", "last"];

/// The custom field holding a non-recurring task's expiry (an RFC 3339 instant).
pub const UNTIL_FIELD: &str = "until";

/// A user-defined attribute as a custom field value: strings as they are, numbers in their
/// JSON spelling. `None` for values that are not scalars (Taskwarrior never writes those).
pub fn field_value(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Custom fields from the attributes no named field consumed.
pub fn custom_fields(
    extra: &BTreeMap<String, Value>,
    warnings: &mut Vec<String>,
    uuid: &str,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (name, value) in extra {
        if COMPUTED.contains(&name.as_str()) {
            continue;
        }
        match field_value(value) {
            Some(v) => {
                out.insert(name.clone(), v);
            }
            None => warnings.push(format!(
                "task {uuid}: attribute `{name}` dropped (not a single value)"
            )),
        }
    }
    out
}

/// A custom field value back as JSON. Always a string: `task import` stores a JSON number as
/// a float (`3` comes back as `3.0`) but reads a numeric UDA's string as written.
pub fn field_json(value: &str) -> Value {
    Value::String(value.to_string())
}

/// Minutes of an ISO 8601 duration as Taskwarrior writes it (`PT2H`, `PT1H30M`, `P1D`,
/// `P1DT2H`); `None` unless it is a whole number of minutes without months or years.
pub fn duration_minutes(text: &str) -> Option<u32> {
    let body = text.strip_prefix('P')?;
    let (date, time) = body.split_once('T').unwrap_or((body, ""));
    let mut seconds: u64 = 0;
    let mut add = |part: &str, units: &[(char, u64)]| -> Option<()> {
        let mut digits = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
                continue;
            }
            let (_, mult) = units.iter().find(|(u, _)| *u == c)?;
            let n: u64 = digits.parse().ok()?;
            seconds = seconds.checked_add(n.checked_mul(*mult)?)?;
            digits.clear();
        }
        digits.is_empty().then_some(())
    };
    add(date, &[('W', 604_800), ('D', 86_400)])?;
    add(time, &[('H', 3_600), ('M', 60), ('S', 1)])?;
    if body.is_empty() || body.ends_with('T') || !seconds.is_multiple_of(60) {
        return None;
    }
    u32::try_from(seconds / 60).ok()
}

/// Minutes as Taskwarrior writes a duration: `P1D` for whole days, else `PT1H30M`.
pub fn format_duration(minutes: u32) -> String {
    if minutes > 0 && minutes.is_multiple_of(1440) {
        return format!("P{}D", minutes / 1440);
    }
    let (days, rest) = (minutes / 1440, minutes % 1440);
    let mut out = String::from("P");
    if days > 0 {
        out.push_str(&format!("{days}D"));
    }
    out.push('T');
    if rest / 60 > 0 {
        out.push_str(&format!("{}H", rest / 60));
    }
    if rest % 60 > 0 || rest == 0 {
        out.push_str(&format!("{}M", rest % 60));
    }
    out
}

/// Taskwarrior's date format.
pub fn tw_date(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration_minutes("PT2H"), Some(120));
        assert_eq!(duration_minutes("PT1H30M"), Some(90));
        assert_eq!(duration_minutes("P1DT2H"), Some(1560));
        assert_eq!(duration_minutes("PT30S"), None);
        assert_eq!(duration_minutes("P1M"), None);
        assert_eq!(duration_minutes("2h"), None);
        for m in [120, 90, 1440, 1560, 5] {
            assert_eq!(duration_minutes(&format_duration(m)), Some(m), "{m}");
        }
        assert_eq!(format_duration(120), "PT2H");
        assert_eq!(format_duration(1440), "P1D");
    }
}
