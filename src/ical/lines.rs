//! Content lines (RFC 5545 §3.1): unfolding, folding at 75 octets, splitting a line into name,
//! parameters and value, TEXT escaping, and editing the properties of one component while
//! leaving every other line (unknown properties, VALARMs) exactly as it was.

/// The logical lines of `text`: continuation lines joined, line ends dropped.
pub fn unfold(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for raw in text.split('\n') {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(rest) = line.strip_prefix(' ').or_else(|| line.strip_prefix('\t'))
            && let Some(last) = out.last_mut()
        {
            last.push_str(rest);
            continue;
        }
        if !line.is_empty() {
            out.push(line.to_string());
        }
    }
    out
}

/// Appends `line` folded so no physical line exceeds 75 octets, never splitting a UTF-8
/// character, each ending in CRLF.
pub fn push_folded(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        // The first line holds 75 octets; continuations hold 74 after their leading space.
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// A content line taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    /// Upper-cased property name.
    pub name: String,
    /// Raw parameter text after the name (`;TZID=Europe/Berlin`), possibly empty.
    pub params: &'a str,
    pub value: &'a str,
}

impl Line<'_> {
    /// A parameter's value, unquoted (`TZID`, `VALUE`, `RELATED`…).
    pub fn param(&self, name: &str) -> Option<String> {
        split_unquoted(self.params, ';')
            .into_iter()
            .filter(|p| !p.is_empty())
            .find_map(|p| {
                let (k, v) = p.split_once('=')?;
                k.eq_ignore_ascii_case(name)
                    .then(|| v.trim_matches('"').to_string())
            })
    }
}

/// Splits `line` at the first colon outside a quoted parameter value.
pub fn parse(line: &str) -> Option<Line<'_>> {
    let mut quoted = false;
    let colon = line.char_indices().find_map(|(i, c)| match c {
        '"' => {
            quoted = !quoted;
            None
        }
        ':' if !quoted => Some(i),
        _ => None,
    })?;
    let head = &line[..colon];
    let (name, params) = match head.find(';') {
        Some(i) => (&head[..i], &head[i..]),
        None => (head, ""),
    };
    Some(Line {
        name: name.to_ascii_uppercase(),
        params,
        value: &line[colon + 1..],
    })
}

fn split_unquoted(text: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == sep && !quoted {
            parts.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&text[start..]);
    parts
}

/// TEXT value escaping (§3.3.11).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// One component's logical lines, with the nested components (VALARM) kept apart so property
/// edits never touch them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Component {
    /// "VEVENT", "VTODO".
    pub kind: String,
    /// The component's own property lines, in order.
    pub props: Vec<String>,
    /// Nested components as their lines, BEGIN to END.
    pub nested: Vec<Vec<String>>,
}

impl Component {
    pub fn new(kind: &str) -> Self {
        Component {
            kind: kind.to_string(),
            props: Vec::new(),
            nested: Vec::new(),
        }
    }

    /// Reads a component from its text (BEGIN to END, folded or not).
    pub fn parse(text: &str) -> Option<Component> {
        let lines = unfold(text);
        let first = lines.first()?;
        let kind = first.strip_prefix("BEGIN:")?.to_ascii_uppercase();
        let mut c = Component::new(&kind);
        let mut depth = 0;
        for line in &lines[1..] {
            let upper = line.to_ascii_uppercase();
            if depth == 0 && upper == format!("END:{kind}") {
                return Some(c);
            }
            if upper.starts_with("BEGIN:") {
                if depth == 0 {
                    c.nested.push(Vec::new());
                }
                depth += 1;
            }
            if depth > 0 {
                if let Some(n) = c.nested.last_mut() {
                    n.push(line.clone());
                }
                if upper.starts_with("END:") {
                    depth -= 1;
                }
                continue;
            }
            c.props.push(line.clone());
        }
        None
    }

    /// The first property called `name`.
    pub fn get(&self, name: &str) -> Option<Line<'_>> {
        self.all(name).into_iter().next()
    }

    pub fn all(&self, name: &str) -> Vec<Line<'_>> {
        self.props
            .iter()
            .filter_map(|l| parse(l))
            .filter(|l| l.name.eq_ignore_ascii_case(name))
            .collect()
    }

    /// The unescaped TEXT value of `name`.
    pub fn text(&self, name: &str) -> Option<String> {
        self.get(name).map(|l| unescape(l.value))
    }

    /// Replaces every `name` property with `line` (or removes them for `None`), keeping the
    /// position of the first one so the text changes as little as possible.
    pub fn set(&mut self, name: &str, line: Option<String>) {
        let is = |l: &String| parse(l).is_some_and(|p| p.name.eq_ignore_ascii_case(name));
        let at = self.props.iter().position(is);
        self.props.retain(|l| !is(l));
        if let Some(line) = line {
            let at = at.unwrap_or(self.props.len()).min(self.props.len());
            self.props.insert(at, line);
        }
    }

    /// Sets a TEXT property (escaped), or removes it when `value` is `None` or empty.
    pub fn set_text(&mut self, name: &str, value: Option<&str>) {
        let line = value
            .filter(|v| !v.is_empty())
            .map(|v| format!("{name}:{}", escape(v)));
        self.set(name, line);
    }

    pub fn push(&mut self, line: String) {
        self.props.push(line);
    }

    /// The component as folded CRLF text.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        push_folded(&mut out, &format!("BEGIN:{}", self.kind));
        for l in self.props.iter().chain(self.nested.iter().flatten()) {
            push_folded(&mut out, l);
        }
        push_folded(&mut out, &format!("END:{}", self.kind));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let long = format!("SUMMARY:{}", "ä".repeat(60));
        let mut out = String::new();
        push_folded(&mut out, &long);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        assert_eq!(unfold(&out), vec![long]);
    }

    #[test]
    fn splits_lines_with_quoted_colons() {
        let l = parse("ATTENDEE;CN=\"Doe: Jane\";ROLE=CHAIR:mailto:j@x").expect("line");
        assert_eq!(l.name, "ATTENDEE");
        assert_eq!(l.value, "mailto:j@x");
        assert_eq!(l.param("cn").as_deref(), Some("Doe: Jane"));
    }

    #[test]
    fn escaping_round_trips() {
        let s = "a, b; c\\d\nnext";
        assert_eq!(unescape(&escape(s)), s);
    }

    #[test]
    fn editing_keeps_unknown_lines_and_alarms() {
        let text = "BEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Old\r\nX-FOO;BAR=1:keep\r\nBEGIN:VALARM\r\nTRIGGER:-PT5M\r\nSUMMARY:alarm\r\nEND:VALARM\r\nEND:VEVENT\r\n";
        let mut c = Component::parse(text).expect("component");
        c.set_text("SUMMARY", Some("New, better"));
        let out = c.to_text();
        assert!(out.contains("SUMMARY:New\\, better\r\n"), "{out}");
        assert!(out.contains("X-FOO;BAR=1:keep"));
        assert!(out.contains("BEGIN:VALARM\r\nTRIGGER:-PT5M\r\nSUMMARY:alarm\r\nEND:VALARM"));
        assert_eq!(
            out.find("SUMMARY:New")
                .map(|i| i < out.find("X-FOO").unwrap_or(0)),
            Some(true)
        );
    }
}
