//! Attribute words typed after `track start`, `track add` and `time edit`:
//! `project:NAME client:NAME +tag -tag type:ACTIVITY billable:yes|no note:TEXT`.
//! Parsed once here into an `AttrEdit`; what is left (task ids, times, description words) is
//! returned in order for the caller.

use super::TimeError;
use super::entry::AttrEdit;

/// Splits `words` into attribute edits and the remaining words. `activities` is the configured
/// list of activity types (empty: any word is accepted).
pub fn parse_attrs(
    words: &[String],
    activities: &[String],
) -> Result<(AttrEdit, Vec<String>), TimeError> {
    let mut edit = AttrEdit::default();
    let mut rest = Vec::new();
    for word in words {
        if !apply_word(&mut edit, word, activities)? {
            rest.push(word.clone());
        }
    }
    Ok((edit, rest))
}

/// Applies one word; false when it is not an attribute word.
fn apply_word(edit: &mut AttrEdit, word: &str, activities: &[String]) -> Result<bool, TimeError> {
    if let Some(tag) = word.strip_prefix('+') {
        edit.add_tags.push(check_tag(tag)?);
        return Ok(true);
    }
    if let Some(tag) = word.strip_prefix('-').filter(|t| is_tag_like(t)) {
        edit.remove_tags.push(tag.to_string());
        return Ok(true);
    }
    let Some((key, value)) = word.split_once(':') else {
        return Ok(false);
    };
    let opt = || (!value.is_empty()).then(|| value.to_string());
    match key.to_ascii_lowercase().as_str() {
        "project" | "pro" | "proj" => edit.project = Some(opt()),
        "client" => edit.client = Some(opt()),
        "type" | "activity" => edit.activity = Some(check_activity(value, activities)?),
        "billable" => edit.billable = Some(parse_bool(value)?),
        "note" => edit.note = Some(value.to_string()),
        _ => return Ok(false),
    }
    Ok(true)
}

fn is_tag_like(t: &str) -> bool {
    !t.is_empty() && t.chars().next().is_some_and(char::is_alphabetic) && !t.contains(':')
}

fn check_tag(tag: &str) -> Result<String, TimeError> {
    if tag.is_empty() || tag.chars().any(char::is_whitespace) {
        return Err(TimeError::Invalid(format!(
            "`+{tag}` is not a tag: a tag is one word after the +"
        )));
    }
    Ok(tag.to_string())
}

fn check_activity(value: &str, activities: &[String]) -> Result<Option<String>, TimeError> {
    if value.is_empty() {
        return Ok(None);
    }
    if activities.is_empty() || activities.iter().any(|a| a.eq_ignore_ascii_case(value)) {
        return Ok(Some(value.to_ascii_lowercase()));
    }
    Err(TimeError::Invalid(format!(
        "unknown activity type `{value}`; the configured types are: {}",
        activities.join(", ")
    )))
}

pub fn parse_bool(value: &str) -> Result<bool, TimeError> {
    match value.to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "on" => Ok(true),
        "no" | "n" | "false" | "0" | "off" => Ok(false),
        _ => Err(TimeError::Invalid(format!(
            "cannot read `{value}` as yes or no (billable:yes, billable:no)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn attribute_words_are_taken_and_the_rest_kept_in_order() {
        let (edit, rest) = parse_attrs(
            &w("12 project:acme +call type:meeting billable:no write it"),
            &[],
        )
        .expect("valid");
        assert_eq!(edit.project, Some(Some("acme".into())));
        assert_eq!(edit.add_tags, vec!["call"]);
        assert_eq!(edit.activity, Some(Some("meeting".into())));
        assert_eq!(edit.billable, Some(false));
        assert_eq!(rest, w("12 write it"));
    }

    #[test]
    fn bad_values_are_refused_by_name() {
        let types = vec!["meeting".to_string()];
        let err = parse_attrs(&w("type:nap"), &types).expect_err("unknown type");
        assert!(err.to_string().contains("`nap`"), "{err}");
        assert!(parse_attrs(&w("billable:maybe"), &[]).is_err());
        assert!(parse_attrs(&w("+"), &[]).is_err());
    }

    #[test]
    fn a_minus_before_a_number_is_not_a_tag() {
        let (edit, rest) = parse_attrs(&w("-work -5"), &[]).expect("valid");
        assert_eq!(edit.remove_tags, vec!["work"]);
        assert_eq!(rest, w("-5"));
    }
}
