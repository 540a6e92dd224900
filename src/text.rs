//! Small text helpers shared by the table printer and the TUI. Widths are display columns (a
//! CJK character or most emoji take two), so cut text lines up in a terminal.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Columns `s` takes on a terminal.
pub fn width(s: &str) -> usize {
    s.width()
}

/// Columns `s` takes, for layout arithmetic in terminal cells (saturating at `u16::MAX`).
pub fn width_u16(s: &str) -> u16 {
    u16::try_from(s.width()).unwrap_or(u16::MAX)
}

/// `s` followed by spaces up to `width` display columns. `format!("{:<w$}")` counts
/// characters, which leaves a row with CJK or emoji that many columns too wide.
pub fn pad(s: &str, width: usize) -> String {
    let mut out = s.to_string();
    out.push_str(&" ".repeat(width.saturating_sub(s.width())));
    out
}

/// `s` cut (with `…`) or padded to exactly `width` display columns.
pub fn fit(s: &str, width: usize) -> String {
    pad(&truncate(s, width), width)
}

/// Cuts `s` to `width` display columns, ending with `…` when cut.
pub fn truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let room = width - 1;
    let mut t = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        t.push(c);
        used += w;
    }
    t.push('…');
    t
}

/// Splits a command line into words, honouring "double" and 'single' quotes.
pub fn split_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if any || !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
                any = false;
            }
            (None, c) => cur.push(c),
        }
    }
    if quote.is_some() {
        return Err("unclosed quote in the command line".into());
    }
    if any || !cur.is_empty() {
        words.push(cur);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_a_shell() {
        assert_eq!(
            split_words(r#"modify 12 due:"fri 9am" 'a b' x"#).expect("valid"),
            vec!["modify", "12", "due:fri 9am", "a b", "x"]
        );
        assert!(split_words("add \"oops").is_err());
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
        assert_eq!(truncate("äöüßx", 3), "äö…");
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(truncate("abc", 1), "…");
    }

    #[test]
    fn wide_characters_count_twice() {
        assert_eq!(width("日本語"), 6);
        assert_eq!(truncate("日本語のメモ", 6), "日本…");
        assert_eq!(width(&truncate("日本語のメモ", 6)), 5);
        assert_eq!(truncate("日本語", 6), "日本語");
        assert_eq!(truncate("Plan 🎉 party", 7), "Plan …");
        assert_eq!(truncate("Plan 🎉 party", 8), "Plan 🎉…");
    }

    #[test]
    fn padding_counts_columns_not_characters() {
        assert_eq!(pad("日本", 6), "日本  ");
        assert_eq!(pad("🎉 go", 6), "🎉 go ");
        assert_eq!(pad("long text", 4), "long text");
        for s in ["日本語のメモ", "Plan 🎉 party", "plain", ""] {
            assert_eq!(width(&fit(s, 7)), 7, "{s}");
        }
        assert_eq!(width_u16("🎉🎉"), 4);
    }
}
