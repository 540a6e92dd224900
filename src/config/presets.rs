//! Checks of the `[[tui.presets]]` filters at load time: a preset whose filter does not parse
//! would otherwise fail silently in the app (filtering nothing), so the config is refused with
//! the preset's name and the word at fault.

use chrono::{DateTime, Utc};

use super::PresetConfig;
use crate::model::filter;

/// The first preset whose filter does not parse, as an error naming the preset and the word.
pub(super) fn check(presets: &[PresetConfig]) -> Result<(), String> {
    // Only the syntax is checked; relative dates resolve against any instant equally well.
    let now = DateTime::<Utc>::UNIX_EPOCH;
    for p in presets {
        if p.name.trim().is_empty() {
            return Err(format!(
                "`tui.presets`: the preset with filter {:?} has no name",
                p.filter
            ));
        }
        if let Err(e) = filter::parse(&p.filter, &now) {
            let word = offending_word(&p.filter, e.column);
            let hint = e.hint.map(|h| format!(" ({h})")).unwrap_or_default();
            return Err(format!(
                "`tui.presets`: preset {:?} has a bad filter at `{word}`: {}{hint}",
                p.name, e.message
            ));
        }
    }
    Ok(())
}

/// The whitespace-separated word of `text` containing the 1-based character `column`.
fn offending_word(text: &str, column: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = column.saturating_sub(1).min(chars.len().saturating_sub(1));
    let start = chars[..at]
        .iter()
        .rposition(|c| c.is_whitespace())
        .map_or(0, |i| i + 1);
    let end = chars[at..]
        .iter()
        .position(|c| c.is_whitespace())
        .map_or(chars.len(), |i| at + i);
    chars[start..end].iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn preset(name: &str, filter: &str) -> PresetConfig {
        PresetConfig {
            name: name.into(),
            filter: filter.into(),
        }
    }

    #[test]
    fn a_bad_filter_names_the_preset_and_the_word() {
        let err = check(&[
            preset("Today", "due.before:eod"),
            preset("x", "+next prio:H"),
        ])
        .expect_err("bad filter");
        assert!(err.contains("\"x\"") && err.contains("`prio:H`"), "{err}");
        assert!(check(&[preset("All", ""), preset("Next", "+next")]).is_ok());
    }

    #[test]
    fn the_word_is_found_by_column() {
        assert_eq!(offending_word("+next prio:H", 7), "prio:H");
        assert_eq!(offending_word("prio:H", 1), "prio:H");
        assert_eq!(offending_word("", 1), "");
    }
}
