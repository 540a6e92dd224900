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
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// "in 2d", "3h ago", "now": the coarsest unit that keeps two significant steps.
pub(super) fn relative(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (at - now).num_seconds();
    let abs = secs.unsigned_abs();
    let text = match abs {
        0..60 => return "now".into(),
        60..3600 => format!("{}m", abs / 60),
        3600..172_800 => format!("{}h", abs / 3600),
        172_800..1_209_600 => format!("{}d", abs / 86_400),
        1_209_600..5_184_000 => format!("{}w", abs / 604_800),
        5_184_000..63_072_000 => format!("{}mo", abs / 2_592_000),
        _ => format!("{}y", abs / 31_536_000),
    };
    if secs >= 0 {
        format!("in {text}")
    } else {
        format!("{text} ago")
    }
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
        let widths = headers.iter().map(|h| h.chars().count()).collect();
        Columns {
            headers,
            widths,
            flex,
            right,
        }
    }

    /// Widens columns to fit cells of these lengths (in characters).
    pub(super) fn measure(&mut self, lengths: impl IntoIterator<Item = usize>) {
        for (w, len) in self.widths.iter_mut().zip(lengths) {
            *w = (*w).max(len);
        }
    }

    /// Shrinks the flexible column so a line fits `total` characters.
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
            let pad = self.widths[i].saturating_sub(cell.chars().count());
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
            self.columns.measure(row.iter().map(|c| c.chars().count()));
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

/// Cuts `s` to `width` characters, ending with `…` when cut.
pub(super) fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let mut t: String = s.chars().take(width.saturating_sub(1)).collect();
    t.push('…');
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_times() {
        let now: DateTime<Utc> = "2026-11-22T12:00:00Z".parse().expect("valid");
        let cases = [
            (30, "now"),
            (600, "in 10m"),
            (-3 * 3600, "3h ago"),
            (47 * 3600, "in 47h"),
            (2 * 86_400, "in 2d"),
            (-20 * 86_400, "2w ago"),
            (90 * 86_400, "in 3mo"),
            (800 * 86_400, "in 2y"),
        ];
        for (secs, want) in cases {
            assert_eq!(relative(now + chrono::Duration::seconds(secs), now), want);
        }
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
        assert_eq!(truncate("äöüßx", 3), "äö…");
    }
}
