//! Lexer and recursive-descent parser for the filter language.
//!
//! Grammar: `or := and ("or" and)*`, `and := unary (["and"] unary)*`,
//! `unary := "not" unary | "(" or ")" | term`. Errors carry the 1-based column of the offending
//! token and, for unknown attributes, the nearest known name.

use std::fmt;

use chrono::{DateTime, TimeZone, Utc};

use super::{DateCmp, DateField, Expr, Filter, Pred, uuid_prefix};
use crate::model::dates::{self, When, parse_when};
use crate::model::task::{Priority, Status, validate_tag};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError {
    pub message: String,
    /// A suggestion shown after the position, e.g. "did you mean `priority`?".
    pub hint: Option<String>,
    /// 1-based column (in characters) where the problem starts.
    pub column: usize,
    pub input: String,
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at column {}", self.message, self.column)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        writeln!(f)?;
        writeln!(f, "  {}", self.input)?;
        // The caret goes under the column's character: wide characters before it take two.
        let before: String = self
            .input
            .chars()
            .take(self.column.saturating_sub(1))
            .collect();
        write!(f, "  {}^", " ".repeat(crate::text::width(&before)))
    }
}

impl std::error::Error for FilterError {}

impl crate::error::Kinded for FilterError {
    fn kind(&self) -> crate::error::ErrorKind {
        crate::error::ErrorKind::BadInput
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Open,
    Close,
    /// A word; `quoted` when it starts with a quote (then never an operator or attribute).
    Word {
        text: String,
        quoted: bool,
    },
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    column: usize,
}

/// The date attribute a name (before any `.before`/`.after`) stands for.
fn date_field(name: &str) -> Option<DateField> {
    match name {
        "due" => Some(DateField::Due),
        "scheduled" | "sched" => Some(DateField::Scheduled),
        "wait" => Some(DateField::Wait),
        "created" => Some(DateField::Created),
        "modified" => Some(DateField::Modified),
        "done" => Some(DateField::Done),
        _ => None,
    }
}

/// Attribute names, for suggestions (aliases included).
const ATTRIBUTES: &[&str] = &[
    "project",
    "proj",
    "status",
    "priority",
    "pri",
    "due",
    "due.before",
    "due.after",
    "scheduled",
    "scheduled.before",
    "scheduled.after",
    "sched",
    "wait",
    "wait.before",
    "wait.after",
    "created",
    "created.before",
    "created.after",
    "modified",
    "modified.before",
    "modified.after",
    "done",
    "done.before",
    "done.after",
    "tag",
    "id",
    "uuid",
];
const KEYWORDS: &[&str] = &["overdue", "blocked", "active", "and", "or", "not"];

/// Parses `input`, resolving dates against `now` in `now`'s zone.
pub fn parse<Tz: TimeZone>(input: &str, now: &DateTime<Tz>) -> Result<Filter, FilterError> {
    let tokens = lex(input)?;
    let mut p = Parser {
        input,
        tokens,
        pos: 0,
        now,
        depth: 0,
    };
    let expr = if p.tokens.is_empty() {
        Expr::All
    } else {
        let e = p.or()?;
        if let Some(t) = p.peek() {
            let col = t.column;
            return Err(p.error("unexpected `)`: no matching `(`", col));
        }
        e
    };
    Ok(Filter {
        expr,
        now: now.with_timezone(&Utc),
    })
}

fn lex(input: &str) -> Result<Vec<Token>, FilterError> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' || c == ')' {
            let tok = if c == '(' { Tok::Open } else { Tok::Close };
            out.push(Token { tok, column: i + 1 });
            i += 1;
        } else {
            let start = i;
            let mut text = String::new();
            let quoted = chars[i] == '"' || chars[i] == '\'';
            while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '(' && chars[i] != ')'
            {
                if chars[i] == '"' || chars[i] == '\'' {
                    let q = chars[i];
                    let close = chars[i + 1..]
                        .iter()
                        .position(|&x| x == q)
                        .ok_or(FilterError {
                            message: format!("unclosed quote `{q}`"),
                            hint: None,
                            column: i + 1,
                            input: input.to_string(),
                        })?;
                    text.extend(&chars[i + 1..i + 1 + close]);
                    i += close + 2;
                } else {
                    text.push(chars[i]);
                    i += 1;
                }
            }
            out.push(Token {
                tok: Tok::Word { text, quoted },
                column: start + 1,
            });
        }
    }
    Ok(out)
}

/// How deep `(` and `not` may nest. The parser, the evaluator and SQLite (whose expression
/// depth limit is 1000) all recurse once per level; no real filter comes near this.
pub const MAX_NESTING: usize = 100;

struct Parser<'a, Tz: TimeZone> {
    input: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    now: &'a DateTime<Tz>,
    /// `(` and `not` open around the current token.
    depth: usize,
}

impl<Tz: TimeZone> Parser<'_, Tz> {
    fn error(&self, message: impl Into<String>, column: usize) -> FilterError {
        FilterError {
            message: message.into(),
            hint: None,
            column,
            input: self.input.to_string(),
        }
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn end_column(&self) -> usize {
        self.input.chars().count() + 1
    }

    fn is_keyword(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Token { tok: Tok::Word { text, quoted: false }, .. })
            if text.eq_ignore_ascii_case(word))
    }

    fn or(&mut self) -> Result<Expr, FilterError> {
        let mut terms = vec![self.and()?];
        while self.is_keyword("or") {
            self.pos += 1;
            terms.push(self.and()?);
        }
        Ok(balanced(terms, Expr::Or))
    }

    fn and(&mut self) -> Result<Expr, FilterError> {
        let mut terms = vec![self.unary()?];
        loop {
            if self.is_keyword("and") {
                self.pos += 1;
            } else if self.is_keyword("or")
                || matches!(
                    self.peek(),
                    None | Some(Token {
                        tok: Tok::Close,
                        ..
                    })
                )
            {
                return Ok(balanced(terms, Expr::And));
            }
            terms.push(self.unary()?);
        }
    }

    fn unary(&mut self) -> Result<Expr, FilterError> {
        if self.depth > MAX_NESTING {
            let col = self.peek().map_or(self.end_column(), |t| t.column);
            return Err(self.error(
                format!("the filter nests `(` and `not` more than {MAX_NESTING} levels deep"),
                col,
            ));
        }
        self.depth += 1;
        let e = self.nested();
        self.depth -= 1;
        e
    }

    /// A term, `not` a unary, or a parenthesised expression.
    fn nested(&mut self) -> Result<Expr, FilterError> {
        let Some(token) = self.peek().cloned() else {
            return Err(self.error("expected a filter term", self.end_column()));
        };
        match token.tok {
            Tok::Open => {
                self.pos += 1;
                let inner = self.or()?;
                match self.peek() {
                    Some(Token {
                        tok: Tok::Close, ..
                    }) => {
                        self.pos += 1;
                        Ok(inner)
                    }
                    _ => Err(self.error("missing `)` for this `(`", token.column)),
                }
            }
            Tok::Close => Err(self.error("expected a filter term before `)`", token.column)),
            Tok::Word {
                ref text,
                quoted: false,
            } if text.eq_ignore_ascii_case("not") => {
                self.pos += 1;
                Ok(Expr::Not(Box::new(self.unary()?)))
            }
            Tok::Word {
                ref text,
                quoted: false,
            } if text.eq_ignore_ascii_case("and") || text.eq_ignore_ascii_case("or") => Err(self
                .error(
                    format!("expected a filter term, found `{text}`"),
                    token.column,
                )),
            Tok::Word { text, quoted } => {
                self.pos += 1;
                self.term(&text, quoted, token.column)
            }
        }
    }

    fn term(&mut self, text: &str, quoted: bool, col: usize) -> Result<Expr, FilterError> {
        let pred = |p| Ok(Expr::Pred(p));
        if quoted {
            return pred(Pred::Word(text.to_lowercase()));
        }
        if let Some(tag) = text.strip_prefix('+') {
            return pred(Pred::Tag(self.tag(tag, col)?));
        }
        if let Some(tag) = text.strip_prefix('-').filter(|t| !t.is_empty()) {
            let tag = self.tag(tag, col)?;
            return Ok(Expr::Not(Box::new(Expr::Pred(Pred::Tag(tag)))));
        }
        match text.to_ascii_lowercase().as_str() {
            "overdue" => return pred(Pred::Overdue),
            "blocked" => return pred(Pred::Blocked),
            "active" => return pred(Pred::Active),
            _ => {}
        }
        match text.split_once(':') {
            Some((name, value)) if is_attribute_like(name) && !value.starts_with("//") => self
                .attribute(&name.to_ascii_lowercase(), value, col)
                .map(Expr::Pred),
            _ => pred(Pred::Word(text.to_lowercase())),
        }
    }

    /// `project:NAME`, or `project:` / `project:none` for tasks without one.
    fn project(&self, value: &str, col: usize) -> Result<Pred, FilterError> {
        if value.is_empty() || value.eq_ignore_ascii_case("none") {
            return Ok(Pred::Project(None));
        }
        crate::model::task::validate_project(value).map_err(|e| self.error(e, col))?;
        Ok(Pred::Project(Some(value.to_string())))
    }

    fn tag(&self, tag: &str, col: usize) -> Result<String, FilterError> {
        validate_tag(tag).map_err(|e| self.error(e, col))?;
        Ok(tag.to_string())
    }

    fn attribute(&mut self, name: &str, value: &str, col: usize) -> Result<Pred, FilterError> {
        let value_col = col + name.chars().count() + 1;
        let (base, modifier) = match name.split_once('.') {
            Some((b, m)) => (b, Some(m)),
            None => (name, None),
        };
        let date_field = date_field(base);
        if let Some(field) = date_field
            && matches!(modifier, None | Some("before") | Some("after"))
        {
            return self.date(field, modifier, value, value_col);
        }
        if modifier.is_none() && !ATTRIBUTES.contains(&name) && !KEYWORDS.contains(&name) {
            // A name far from every known one is a custom field (`client:acme`); a near miss
            // (`prio:H`) is still a typo.
            if nearest(name, ATTRIBUTES.iter().chain(KEYWORDS)).is_none() {
                let value = (!value.is_empty()).then(|| value.to_string());
                return Ok(Pred::Field(name.to_string(), value));
            }
        }
        if modifier.is_some() || !ATTRIBUTES.contains(&name) {
            return Err(self.unknown_attribute(name, col));
        }
        match base {
            "project" | "proj" => self.project(value, value_col),
            "status" => self.statuses(value, value_col).map(Pred::Status),
            "priority" | "pri" => {
                let list: Result<Vec<_>, _> = value.split(',').map(Priority::parse_opt).collect();
                list.map(Pred::Priority)
                    .map_err(|e| self.error(e, value_col))
            }
            "tag" => Ok(Pred::Tag(self.tag(value, value_col)?)),
            "id" => self.ids(value, value_col).map(Pred::Id),
            "uuid" => uuid_prefix(value).map(Pred::UuidPrefix).ok_or_else(|| {
                self.error(
                    format!("`{value}` is not a UUID or a prefix of one (4 or more hex digits)"),
                    value_col,
                )
            }),
            _ => Err(self.unknown_attribute(name, col)),
        }
    }

    fn date(
        &mut self,
        field: DateField,
        modifier: Option<&str>,
        value: &str,
        col: usize,
    ) -> Result<Pred, FilterError> {
        match value.to_ascii_lowercase().as_str() {
            "" | "none" if modifier.is_none() => return Ok(Pred::Date(field, DateCmp::Unset)),
            "any" if modifier.is_none() => return Ok(Pred::Date(field, DateCmp::Set)),
            _ => {}
        }
        let mut text = value.to_string();
        // `due.before:in 3d`, `due:next fri`: one date the shell split in two.
        if dates::needs_next_word(&text)
            && let Some(Token {
                tok: Tok::Word { text: next, .. },
                ..
            }) = self.peek()
        {
            text = format!("{text} {next}");
            self.pos += 1;
        }
        // `due.before:tomorrow 15:00`: a bare time after a day belongs to it.
        if let Some(Token {
            tok:
                Tok::Word {
                    text: next,
                    quoted: false,
                },
            ..
        }) = self.peek()
            && dates::parse_time(&next.to_lowercase()).is_some()
        {
            text = format!("{text} {next}");
            self.pos += 1;
        }
        let when: When = parse_when(&text, self.now).map_err(|e| self.error(e.to_string(), col))?;
        let tz = self.now.timezone();
        let (from, to) = when.span(&tz);
        Ok(Pred::Date(
            field,
            match modifier {
                Some("before") => DateCmp::Before(from),
                Some("after") => DateCmp::After(to),
                _ => DateCmp::Within(from, to),
            },
        ))
    }

    fn statuses(&self, value: &str, col: usize) -> Result<Vec<Status>, FilterError> {
        let mut out = Vec::new();
        for part in value.split(',') {
            match part.to_ascii_lowercase().as_str() {
                "open" => out.extend([Status::Pending, Status::Started, Status::Waiting]),
                "any" | "all" => out.extend(Status::ALL),
                other => out.push(
                    other
                        .parse()
                        .map_err(|e: String| self.error(format!("{e}, open or any"), col))?,
                ),
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    fn ids(&self, value: &str, col: usize) -> Result<Vec<i64>, FilterError> {
        parse_id_list(value).ok_or_else(|| {
            self.error(
                format!("`{value}` is not an id list (e.g. 12, 3,5,8 or 10-14)"),
                col,
            )
        })
    }

    fn unknown_attribute(&self, name: &str, col: usize) -> FilterError {
        let mut e = self.error(format!("unknown filter attribute `{name}`"), col);
        e.hint = nearest(name, ATTRIBUTES.iter().chain(KEYWORDS))
            .map(|s| format!("did you mean `{s}`?"));
        e
    }
}

/// Words shaped like `name:` or `name.modifier:` are attributes; anything else with a colon
/// (a URL, `10:30`) is a free word.
/// `a op b op c …` as a balanced tree: `and` and `or` are associative, and a chain of
/// thousands of terms then stays a few dozen levels deep (for recursion and for SQLite).
fn balanced(mut terms: Vec<Expr>, op: fn(Box<Expr>, Box<Expr>) -> Expr) -> Expr {
    if terms.len() == 1 {
        return terms.pop().unwrap_or(Expr::All);
    }
    let right = terms.split_off(terms.len() / 2);
    op(Box::new(balanced(terms, op)), Box::new(balanced(right, op)))
}

fn is_attribute_like(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '.' || c == '_')
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
}

/// `12`, `3,5,8`, `10-14` and mixes; at most 10,000 ids.
pub fn parse_id_list(value: &str) -> Option<Vec<i64>> {
    let mut ids = Vec::new();
    for part in value.split(',') {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b): (i64, i64) = (a.parse().ok()?, b.parse().ok()?);
                if a < 1 || b < a || b - a > 10_000 {
                    return None;
                }
                ids.extend(a..=b);
            }
            None => {
                let id: i64 = part.parse().ok()?;
                if id < 1 {
                    return None;
                }
                ids.push(id);
            }
        }
        if ids.len() > 10_000 {
            return None;
        }
    }
    Some(ids)
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a typo.
pub fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (levenshtein(word, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3) && *d < c.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Edit distance (insertions, deletions, substitutions) between two words.
pub(crate) fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}
