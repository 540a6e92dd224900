//! `tempo list`: in two passes so memory stays small on large databases. The first pass streams
//! every match once, keeping only what sorting and column widths need; the second fetches the
//! rows that survive the limit in chunks and prints them.

use std::cmp::Ordering;
use std::io::Write;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use serde::ser::{SerializeSeq, Serializer};

use super::args::ListArgs;
use super::context::{Context, UsageError};
use super::output::{Columns, Role, TaskJson, relative};
use crate::model::Priority;
use crate::model::task::one_line;
use crate::model::urgency::urgency;
use crate::store::{ListedTask, StoreError};

/// Rows fetched per query in the second pass.
const CHUNK: usize = 500;

pub(super) fn list(ctx: &Context, args: &ListArgs) -> anyhow::Result<ExitCode> {
    let rows = sorted_rows(ctx, args)?;
    if ctx.json {
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        return print_json_stream(ctx, &ids).map(|()| ExitCode::SUCCESS);
    }
    if rows.is_empty() {
        if ctx.store.task_count()? == 0 {
            println!("No tasks yet. Add one: tempo add Buy milk due:tomorrow +errand");
        } else {
            println!("No matching tasks.");
        }
        return Ok(ExitCode::SUCCESS);
    }
    print_table(ctx, &rows)?;
    Ok(ExitCode::SUCCESS)
}

/// The first pass: every matching task's sort keys and widths, sorted and cut to the limit.
fn sorted_rows(ctx: &Context, args: &ListArgs) -> anyhow::Result<Vec<Row>> {
    let filter = ctx.filter(&args.filter)?.with_default_status();
    let sort = args
        .sort
        .clone()
        .unwrap_or_else(|| ctx.config.list.sort.clone());
    let keys = parse_sort(&sort)?;
    let keep_text = keys
        .iter()
        .any(|(k, _)| matches!(k, SortKey::Project | SortKey::Title));
    let now = ctx.now_utc();
    let limit = args.limit.unwrap_or(ctx.config.list.limit);
    let row = |l: ListedTask| {
        let u = urgency(&l.task, l.links, now, &ctx.config.urgency);
        Row::new(&l, u, now, keep_text)
    };
    let mut rows: Vec<Row> = Vec::new();
    if limit > 0 && keys.first() == Some(&(SortKey::Urgency, true)) {
        // Only tasks that can reach the top are loaded and scored (see store::rank).
        let ids = ctx
            .store
            .urgency_candidates(&filter, limit, now, &ctx.config.urgency)?;
        for chunk in ids.chunks(CHUNK) {
            rows.extend(ctx.store.by_ids(chunk)?.into_iter().map(row));
        }
    } else {
        ctx.store.for_each(&filter, |l| {
            rows.push(row(l));
            Ok::<_, StoreError>(())
        })?;
    }
    rows.sort_by(|a, b| compare(&keys, a, b));
    if limit > 0 {
        rows.truncate(limit);
    }
    Ok(rows)
}

/// The second pass: the table, its columns fitted to every row, the tasks fetched in chunks.
fn print_table(ctx: &Context, rows: &[Row]) -> anyhow::Result<()> {
    let now = ctx.now_utc();
    let mut columns = Columns::new(
        vec!["ID", "P", "Project", "Title", "Tags", "Due", "Urg"],
        3,
        vec![0, 6],
    );
    for r in rows {
        columns.measure(r.widths.iter().map(|w| usize::from(*w)));
    }
    columns.fit(ctx.width);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    columns.header(&mut out, ctx.color)?;
    for chunk in rows.chunks(CHUNK) {
        let ids: Vec<i64> = chunk.iter().map(|r| r.id).collect();
        for (row, l) in chunk.iter().zip(ctx.store.by_ids(&ids)?) {
            let cells = cells(&l, row.urgency, now);
            columns.line(
                &mut out,
                &cells,
                Role::of(&l.task, l.links, ctx.now),
                ctx.color,
            )?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Prints the tasks with these ids as one pretty JSON array, fetched in chunks.
pub(super) fn print_json_stream(ctx: &Context, ids: &[i64]) -> anyhow::Result<()> {
    let now = ctx.now_utc();
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut ser = serde_json::Serializer::pretty(out);
    let mut seq = ser.serialize_seq(Some(ids.len()))?;
    for chunk in ids.chunks(CHUNK) {
        for l in ctx.store.by_ids(chunk)? {
            seq.serialize_element(&TaskJson::new(&l, now, &ctx.config.urgency))?;
        }
    }
    seq.end()?;
    let mut out = ser.into_inner();
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

/// What the first pass keeps of each task.
struct Row {
    id: i64,
    urgency: f64,
    due: Option<DateTime<Utc>>,
    priority: Option<Priority>,
    created: DateTime<Utc>,
    modified: DateTime<Utc>,
    /// Only kept when sorting by them.
    project: Option<Box<str>>,
    title: Option<Box<str>>,
    /// Display widths of the seven cells.
    widths: [u16; 7],
}

impl Row {
    fn new(l: &ListedTask, urgency: f64, now: DateTime<Utc>, keep_text: bool) -> Row {
        let t = &l.task;
        let cells = cells(l, urgency, now);
        let mut widths = [0u16; 7];
        for (w, c) in widths.iter_mut().zip(&cells) {
            *w = u16::try_from(crate::text::width(c)).unwrap_or(u16::MAX);
        }
        Row {
            id: t.id,
            urgency,
            due: t.due,
            priority: t.priority,
            created: t.created,
            modified: t.modified,
            project: keep_text.then(|| t.project.clone().unwrap_or_default().into()),
            title: keep_text.then(|| t.title.to_lowercase().into()),
            widths,
        }
    }
}

fn cells(l: &ListedTask, urgency: f64, now: DateTime<Utc>) -> Vec<String> {
    let t = &l.task;
    let mut title = one_line(&t.title).into_owned();
    if !t.annotations.is_empty() {
        title.push_str(&format!(" [{}]", t.annotations.len()));
    }
    vec![
        t.id.to_string(),
        t.priority
            .map(|p| p.as_str().to_string())
            .unwrap_or_default(),
        t.project
            .as_deref()
            .map(|p| one_line(p).into_owned())
            .unwrap_or_default(),
        title,
        t.tags.join(" "),
        t.due.map(|d| relative(d, now)).unwrap_or_default(),
        format!("{urgency:.1}"),
    ]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortKey {
    Urgency,
    Due,
    Priority,
    Created,
    Modified,
    Id,
    Project,
    Title,
}

fn parse_sort(spec: &str) -> Result<Vec<(SortKey, bool)>, UsageError> {
    spec.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|raw| {
            // A bare key takes its natural order; `-`/`+` force descending/ascending.
            let (desc, name) = match (raw.strip_prefix('-'), raw.strip_prefix('+')) {
                (Some(n), _) => (Some(true), n),
                (_, Some(n)) => (Some(false), n),
                _ => (None, raw),
            };
            let key = match name {
                "urgency" | "urg" => SortKey::Urgency,
                "due" => SortKey::Due,
                "priority" | "pri" => SortKey::Priority,
                "created" | "entry" => SortKey::Created,
                "modified" => SortKey::Modified,
                "id" => SortKey::Id,
                "project" => SortKey::Project,
                "title" => SortKey::Title,
                _ => {
                    return Err(UsageError(format!(
                        "unknown sort key `{name}` (use urgency, due, priority, created, modified, \
                         id, project or title; `-` for descending, `+` for ascending)"
                    )));
                }
            };
            Ok((key, desc.unwrap_or(key.natural_desc())))
        })
        .collect()
}

impl SortKey {
    /// As the app's sort orders: most urgent, highest priority and newest (created, modified)
    /// first; due soonest first; ids, projects and titles ascending.
    fn natural_desc(self) -> bool {
        matches!(
            self,
            SortKey::Urgency | SortKey::Priority | SortKey::Created | SortKey::Modified
        )
    }
}

/// Compares by each key in turn; missing values sort last in either direction; ties by id.
fn compare(keys: &[(SortKey, bool)], a: &Row, b: &Row) -> Ordering {
    fn opt<T: Ord>(x: Option<T>, y: Option<T>, desc: bool) -> Ordering {
        match (x, y) {
            (Some(x), Some(y)) if desc => y.cmp(&x),
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    for &(key, desc) in keys {
        let ord = match key {
            SortKey::Urgency if desc => b.urgency.total_cmp(&a.urgency),
            SortKey::Urgency => a.urgency.total_cmp(&b.urgency),
            SortKey::Due => opt(a.due, b.due, desc),
            SortKey::Priority => opt(a.priority, b.priority, desc),
            SortKey::Created => opt(Some(a.created), Some(b.created), desc),
            SortKey::Modified => opt(Some(a.modified), Some(b.modified), desc),
            SortKey::Id => opt(Some(a.id), Some(b.id), desc),
            SortKey::Project => opt(nonempty(&a.project), nonempty(&b.project), desc),
            SortKey::Title => opt(a.title.as_deref(), b.title.as_deref(), desc),
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    a.id.cmp(&b.id)
}

fn nonempty(s: &Option<Box<str>>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}
