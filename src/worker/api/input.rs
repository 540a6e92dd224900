//! Reading a request: query values (percent-decoded, `+` as a space, as forms send them) and
//! JSON object bodies whose unknown fields are refused by name, so a typo is a 400 and never
//! a silent default.

use serde_json::{Map, Value};

use crate::worker::endpoint::ApiError;

/// The decoded value of `key` in `query`, if given.
pub(super) fn query(query: &str, key: &str) -> Result<Option<String>, ApiError> {
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        if k == key {
            let v = v.replace('+', " ");
            return percent_encoding::percent_decode_str(&v)
                .decode_utf8()
                .map(|v| Some(v.into_owned()))
                .map_err(|_| ApiError::bad_input(format!("{key}: not UTF-8 text")));
        }
    }
    Ok(None)
}

/// A whole number from the query, within `range`.
pub(super) fn query_number(
    q: &str,
    key: &str,
    range: std::ops::RangeInclusive<u32>,
) -> Result<Option<u32>, ApiError> {
    let Some(text) = query(q, key)? else {
        return Ok(None);
    };
    match text.parse::<u32>() {
        Ok(n) if range.contains(&n) => Ok(Some(n)),
        _ => Err(ApiError::bad_input(format!(
            "{key}={text}: give a whole number from {} to {}",
            range.start(),
            range.end()
        ))),
    }
}

/// The body as a JSON object with only the `allowed` fields.
pub(super) fn object(body: &[u8], allowed: &[&str]) -> Result<Map<String, Value>, ApiError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_input(format!("the body is not valid JSON: {e}")))?;
    let Value::Object(fields) = value else {
        return Err(ApiError::bad_input("the body must be a JSON object"));
    };
    if let Some(key) = fields.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(ApiError::bad_input(format!(
            "{key}: not a field here ({})",
            allowed.join(", ")
        )));
    }
    Ok(fields)
}

pub(super) fn string(fields: &Map<String, Value>, key: &str) -> Result<Option<String>, ApiError> {
    match fields.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ApiError::bad_input(format!("{key}: must be a string"))),
    }
}

pub(super) fn boolean(fields: &Map<String, Value>, key: &str) -> Result<Option<bool>, ApiError> {
    match fields.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(ApiError::bad_input(format!("{key}: must be true or false"))),
    }
}

pub(super) fn number(fields: &Map<String, Value>, key: &str) -> Result<Option<u32>, ApiError> {
    match fields.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| ApiError::bad_input(format!("{key}: must be a whole number"))),
    }
}

/// The task's words (`"Buy milk due:fri +errand"`), split as a shell would not need to: on
/// white space, like words typed after `tempo add`.
pub(super) fn words(fields: &Map<String, Value>, key: &str) -> Result<Vec<String>, ApiError> {
    words_like(fields, key, "`tempo add`, like \"Buy milk due:fri\"")
}

/// The same for another command's words; `like` names it and gives an example.
pub(super) fn words_like(
    fields: &Map<String, Value>,
    key: &str,
    like: &str,
) -> Result<Vec<String>, ApiError> {
    let text = string(fields, key)?.unwrap_or_default();
    let words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    if words.is_empty() {
        return Err(ApiError::bad_input(format!(
            "{key}: missing (the words you would give {like})"
        )));
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_decoded_and_checked() {
        assert_eq!(
            query("filter=project%3Awork+%2Bnext&x=1", "filter").ok(),
            Some(Some("project:work +next".into()))
        );
        assert_eq!(query("x=1", "filter").ok(), Some(None));
        assert_eq!(query_number("days=7", "days", 1..=3660).ok(), Some(Some(7)));
        assert!(query_number("days=0", "days", 1..=3660).is_err());
        assert!(query_number("days=x", "days", 1..=3660).is_err());
    }

    #[test]
    fn bodies_name_the_field_that_is_wrong() {
        let err = |b: &str| object(b.as_bytes(), &["text"]).expect_err(b).message;
        assert!(err("{").contains("not valid JSON"));
        assert!(err("[]").contains("JSON object"));
        assert!(err(r#"{"titel": "x"}"#).starts_with("titel:"));
        let f = object(br#"{"text": 3}"#, &["text"]).expect("object");
        assert!(string(&f, "text").is_err());
        assert!(words(&f, "text").is_err());
    }
}
