//! Human output (aligned tables that fit the terminal, colour only when wanted) and the stable
//! JSON shape of a task.

use std::io::Write;

use chrono::{DateTime, Local, Utc};
use serde::Serialize;

use crate::model::urgency::{Links, UrgencyCoefficients, urgency};
use crate::model::{Status, Task};
use crate::store::ListedTask;

/// The JSON form of a task: every field of `Task` plus derived ones.
#[derive(Serialize)]
pub(super) struct TaskJson<'a> {
    #[serde(flatten)]
    pub task: &'a Task,
    pub urgency: f64,
    pub blocked: bool,
    pub blocking: bool,
}

impl<'a> TaskJson<'a> {
    pub(super) fn new(l: &'a ListedTask, now: DateTime<Utc>, c: &UrgencyCoefficients) -> Self {
        TaskJson {
            task: &l.task,
            urgency: round2(urgency(&l.task, l.links, now, c)),
            blocked: l.links.blocked,
            blocking: l.links.blocking,
        }
    }
}

pub(super) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

pub(super) fn print_json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    // Stdout is line-buffered and pretty JSON has a line per field: without a buffer of our
    // own, a year's agenda costs tens of thousands of write calls.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

pub(super) use crate::model::dates::relative;

/// "Imported 12 tasks: 3 new, 8 updated, 1 unchanged".
pub(super) fn import_counts(what: &str, added: usize, updated: usize, unchanged: usize) -> String {
    format!(
        "Imported {} {what}: {added} new, {updated} updated, {unchanged} unchanged",
        added + updated + unchanged
    )
}

/// Semantic colours for task rows, as ANSI SGR codes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Plain,
    Overdue,
    DueToday,
    Started,
    Blocked,
    Finished,
    Header,
}

impl Role {
    fn sgr(self) -> &'static str {
        match self {
            Role::Plain => "",
            Role::Overdue => "31",
            Role::DueToday => "33",
            Role::Started => "32;1",
            Role::Blocked => "2",
            Role::Finished => "2;9",
            Role::Header => "1;4",
        }
    }

    pub(super) fn of(task: &Task, links: Links, now: DateTime<Local>) -> Role {
        let utc = now.with_timezone(&Utc);
        if !task.status.is_open() {
            Role::Finished
        } else if task.is_overdue(utc) {
            Role::Overdue
        } else if task.status == Status::Started {
            Role::Started
        } else if links.blocked {
            Role::Blocked
        } else if task
            .due
            .is_some_and(|d| d.with_timezone(&Local).date_naive() == now.date_naive())
        {
            Role::DueToday
        } else {
            Role::Plain
        }
    }
}

/// Column layout: widths from the content, one column (`flex`) shrinking to fit the terminal.
pub(super) struct Columns {
    pub(super) headers: Vec<&'static str>,
    pub(super) widths: Vec<usize>,
    pub(super) flex: usize,
    /// Right-align these columns (numbers).
    pub(super) right: Vec<usize>,
}

impl Columns {
    pub(super) fn new(headers: Vec<&'static str>, flex: usize, right: Vec<usize>) -> Columns {
        let widths = headers.iter().map(|h| crate::text::width(h)).collect();
        Columns {
            headers,
            widths,
            flex,
            right,
        }
    }

    /// Widens columns to fit cells of these widths (in display columns).
    pub(super) fn measure(&mut self, lengths: impl IntoIterator<Item = usize>) {
        for (w, len) in self.widths.iter_mut().zip(lengths) {
            *w = (*w).max(len);
        }
    }

    /// Shrinks the flexible column so a line fits `total` columns.
    pub(super) fn fit(&mut self, total: Option<usize>) {
        if let Some(total) = total {
            let used: usize = self.widths.iter().sum::<usize>() + self.widths.len() - 1;
            if used > total {
                let others = used - self.widths[self.flex];
                self.widths[self.flex] = total.saturating_sub(others).max(10);
            }
        }
    }

    pub(super) fn header(&self, out: &mut impl Write, color: bool) -> std::io::Result<()> {
        let cells: Vec<String> = self.headers.iter().map(|h| h.to_string()).collect();
        self.line(out, &cells, Role::Header, color)
    }

    pub(super) fn line(
        &self,
        out: &mut impl Write,
        cells: &[String],
        role: Role,
        color: bool,
    ) -> std::io::Result<()> {
        let last = cells.len() - 1;
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let cell = truncate(cell, self.widths[i]);
            let pad = self.widths[i].saturating_sub(crate::text::width(&cell));
            if self.right.contains(&i) {
                text.push_str(&" ".repeat(pad));
                text.push_str(&cell);
            } else {
                text.push_str(&cell);
                if i != last {
                    text.push_str(&" ".repeat(pad));
                }
            }
            if i != last {
                text.push(' ');
            }
        }
        let text = text.trim_end();
        if color && role != Role::Plain {
            writeln!(out, "\x1b[{}m{text}\x1b[0m", role.sgr())
        } else {
            writeln!(out, "{text}")
        }
    }
}

/// A small table held in memory (projects, tags).
pub(super) struct Table {
    pub(super) columns: Columns,
    pub(super) rows: Vec<(Role, Vec<String>)>,
}

impl Table {
    pub(super) fn print(mut self, width: Option<usize>, color: bool) -> anyhow::Result<()> {
        for (_, row) in &self.rows {
            self.columns
                .measure(row.iter().map(|c| crate::text::width(c)));
        }
        self.columns.fit(width);
        let mut out = std::io::stdout().lock();
        self.columns.header(&mut out, color)?;
        for (role, row) in &self.rows {
            self.columns.line(&mut out, row, *role, color)?;
        }
        Ok(())
    }
}

use crate::text::truncate;
