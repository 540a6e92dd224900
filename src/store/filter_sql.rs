//! Compiles a parsed `Filter` to an SQL condition over `tasks t`, with bound parameters.
//!
//! The meaning must equal `Filter::matches` exactly; a property test in `store::tests` checks
//! the two against each other on random tasks and filters.

use rusqlite::types::Value;

use super::rows::ts;
use crate::model::filter::{DateCmp, DateField, Expr, Filter, Pred};
use crate::model::{Priority, Status};

pub(crate) struct Sql {
    pub(crate) condition: String,
    pub(crate) params: Vec<Value>,
}

pub(crate) fn compile(filter: &Filter) -> Sql {
    let mut c = Compiler {
        params: Vec::new(),
        now: ts(filter.now),
    };
    let condition = c.expr(&filter.expr);
    Sql {
        condition,
        params: c.params,
    }
}

struct Compiler {
    params: Vec<Value>,
    now: i64,
}

impl Compiler {
    fn bind(&mut self, v: impl Into<Value>) -> String {
        self.params.push(v.into());
        format!("?{}", self.params.len())
    }

    fn expr(&mut self, e: &Expr) -> String {
        match e {
            Expr::All => "1".to_string(),
            Expr::And(a, b) => format!("({} AND {})", self.expr(a), self.expr(b)),
            Expr::Or(a, b) => format!("({} OR {})", self.expr(a), self.expr(b)),
            // A predicate on a NULL column yields NULL, which WHERE treats as false but NOT
            // keeps as NULL; coalescing here makes `not` mean what it says.
            Expr::Not(a) => format!("NOT coalesce({}, 0)", self.expr(a)),
            Expr::Pred(p) => self.pred(p),
        }
    }

    fn pred(&mut self, p: &Pred) -> String {
        match p {
            Pred::Project(None) => "(t.project IS NULL)".into(),
            Pred::Project(Some(name)) => self.project(name),
            Pred::Tag(tag) => {
                let p = self.bind(tag.clone());
                format!("(t.id IN (SELECT task_id FROM task_tags WHERE tag = {p}))")
            }
            Pred::Status(set) => self.status(set),
            Pred::Priority(set) => priority(set),
            Pred::Date(field, cmp) => self.date(*field, *cmp),
            Pred::Overdue => {
                let now = self.bind(self.now);
                format!("(t.status IN ('pending', 'started', 'waiting') AND t.due < {now})")
            }
            Pred::Blocked => "EXISTS (SELECT 1 FROM task_deps d JOIN tasks b ON b.uuid = \
                d.depends_on WHERE d.task_uuid = t.uuid AND b.status IN ('pending', 'started', \
                'waiting'))"
                .into(),
            Pred::Active => "(t.status = 'started')".into(),
            Pred::Id(ids) => {
                let list: Vec<String> = ids.iter().map(i64::to_string).collect();
                format!("(t.id IN ({}))", list.join(", "))
            }
            Pred::UuidPrefix(prefix) => {
                let len = prefix.len();
                let p = self.bind(prefix.clone());
                format!("(substr(t.uuid, 1, {len}) = {p})")
            }
            Pred::Field(name, value) => self.field(name, value.as_deref()),
            Pred::Word(w) => {
                let p = self.bind(w.clone());
                format!("(tempo_contains(t.title, {p}) OR tempo_contains(t.notes, {p}))")
            }
        }
    }

    /// The project or one of its sub-projects (`work` matches `work.web`).
    fn project(&mut self, name: &str) -> String {
        let (exact, lo, hi) = (
            self.bind(name.to_string()),
            self.bind(format!("{name}.")),
            self.bind(format!("{name}/")),
        );
        // '/' sorts right after '.', so [name., name/) is exactly the sub-projects.
        format!("(t.project = {exact} OR (t.project >= {lo} AND t.project < {hi}))")
    }

    /// A custom field with this value, or (`None`) a task without the field.
    fn field(&mut self, name: &str, value: Option<&str>) -> String {
        let n = self.bind(name.to_string());
        match value {
            None => format!("(t.id NOT IN (SELECT task_id FROM task_fields WHERE name = {n}))"),
            Some(value) => {
                let v = self.bind(value.to_string());
                format!(
                    "(t.id IN (SELECT task_id FROM task_fields WHERE name = {n} AND value = {v}))"
                )
            }
        }
    }

    /// Status is compared as of now (a waiting task whose wait date passed is pending), written
    /// so that the common cases can use the status index.
    fn status(&mut self, set: &[Status]) -> String {
        let plain: Vec<String> = set
            .iter()
            .filter(|s| **s != Status::Waiting || set.contains(&Status::Pending))
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        let mut parts = vec![];
        if !plain.is_empty() {
            parts.push(format!("t.status IN ({})", plain.join(", ")));
        }
        let has_pending = set.contains(&Status::Pending);
        let has_waiting = set.contains(&Status::Waiting);
        if has_pending && !has_waiting {
            let now = self.bind(self.now);
            parts.push(format!("(t.status = 'waiting' AND t.wait <= {now})"));
        } else if has_waiting && !has_pending {
            let now = self.bind(self.now);
            parts.push(format!(
                "(t.status = 'waiting' AND (t.wait IS NULL OR t.wait > {now}))"
            ));
        }
        or_all(parts)
    }

    fn date(&mut self, field: DateField, cmp: DateCmp) -> String {
        let col = match field {
            DateField::Due => "t.due",
            DateField::Scheduled => "t.scheduled",
            DateField::Wait => "t.wait",
            DateField::Created => "t.created",
            DateField::Modified => "t.modified",
            DateField::Done => "t.done",
        };
        match cmp {
            DateCmp::Unset => format!("({col} IS NULL)"),
            DateCmp::Set => format!("({col} IS NOT NULL)"),
            DateCmp::Before(b) => format!("({col} < {})", self.bind(ts(b))),
            DateCmp::After(a) => format!("({col} >= {})", self.bind(ts(a))),
            DateCmp::Within(from, to) => {
                let (f, t) = (self.bind(ts(from)), self.bind(ts(to)));
                format!("({col} >= {f} AND {col} < {t})")
            }
        }
    }
}

fn or_all(parts: Vec<String>) -> String {
    if parts.is_empty() {
        "0".into()
    } else {
        format!("({})", parts.join(" OR "))
    }
}

/// Any of these priorities (`None`: no priority).
fn priority(set: &[Option<Priority>]) -> String {
    let names: Vec<String> = set
        .iter()
        .flatten()
        .map(|p| format!("'{}'", Priority::as_str(*p)))
        .collect();
    let mut parts = vec![];
    if !names.is_empty() {
        parts.push(format!("t.priority IN ({})", names.join(", ")));
    }
    if set.contains(&None) {
        parts.push("t.priority IS NULL".into());
    }
    or_all(parts)
}
