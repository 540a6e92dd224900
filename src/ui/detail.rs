//! The detail view of one task: fields, notes, annotations, subtasks as a tree, dependencies in
//! both directions, and recent history from the undo log.

use chrono::Utc;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use super::theme::Theme;
use crate::app::State;
use crate::app::tasks::Detail;
use crate::model::Task;
use crate::model::dates::relative;
use crate::model::duration::format_minutes;

pub(super) struct DetailView<'a> {
    pub(super) state: &'a State,
    pub(super) detail: &'a Detail,
    pub(super) theme: &'a Theme,
}

impl Widget for &DetailView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(item) = self.state.tasks.item_by_uuid(&self.detail.uuid) else {
            Paragraph::new("This task is gone (deleted elsewhere?).").render(area, buf);
            return;
        };
        let t = &item.listed.task;
        let block = Block::default().borders(Borders::TOP).title(Span::styled(
            format!(" {} · {} ", t.id, t.title),
            self.theme.accent,
        ));
        let lines = self.lines(t, item.urgency);
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((self.detail.scroll, 0))
            .render(area, buf);
    }
}

impl DetailView<'_> {
    fn lines(&self, t: &Task, urgency: f64) -> Vec<Line<'static>> {
        let mut out = self.fields(t, urgency);
        self.sections(t, &mut out);
        out
    }

    /// The task's attributes, one per line.
    fn fields(&self, t: &Task, urgency: f64) -> Vec<Line<'static>> {
        let tz = self.state.tz;
        let now = self.state.now;
        let when = |d: chrono::DateTime<Utc>| {
            format!(
                "{} ({})",
                d.with_timezone(&tz).format("%a %Y-%m-%d %H:%M"),
                relative(d, now)
            )
        };
        let mut out: Vec<Line<'static>> = Vec::new();
        let mut field = |k: &str, v: String| {
            out.push(Line::from(vec![
                Span::styled(format!("{k:<11}"), self.theme.muted),
                Span::raw(v),
            ]));
        };
        field("Status", t.status.to_string());
        if let Some(p) = &t.project {
            field("Project", p.clone());
        }
        if !t.tags.is_empty() {
            field("Tags", t.tags.join(" "));
        }
        if let Some(p) = t.priority {
            field("Priority", p.as_str().to_string());
        }
        for (k, v) in [
            ("Due", t.due),
            ("Scheduled", t.scheduled),
            ("Wait until", t.wait),
        ] {
            if let Some(v) = v {
                field(k, when(v));
            }
        }
        if let Some(e) = t.estimate_minutes {
            field("Estimate", format_minutes(e));
        }
        if let Some(e) = &self.detail.estimate {
            field("Learned", e.summary());
            if !e.factors.is_empty() {
                let why: Vec<String> = e.factors.iter().take(3).map(|f| f.to_string()).collect();
                field("", why.join(", "));
            }
        }
        if let Some(r) = &t.recur {
            field(
                "Recurs",
                r.rule
                    .until
                    .map_or(r.rule.to_string(), |u| format!("{} until {u}", r.rule)),
            );
        }
        for (name, value) in &t.fields {
            field(name, crate::model::task::one_line(value).into_owned());
        }
        field("Urgency", format!("{urgency:.2}"));
        field("Created", when(t.created));
        field("Modified", when(t.modified));
        if let Some(d) = t.done {
            field("Finished", when(d));
        }
        field("UUID", t.uuid.to_string());
        if let Some(s) = &self.detail.source {
            field("Calendar", s.clone());
        }
        out
    }

    /// Notes, annotations, subtasks, dependencies and history, each under a heading when it
    /// has anything to show.
    fn sections(&self, t: &Task, out: &mut Vec<Line<'static>>) {
        let tz = self.state.tz;
        self.section(
            out,
            "Notes",
            t.notes.lines().map(|l| Line::raw(l.to_string())).collect(),
        );
        let notes = t
            .annotations
            .iter()
            .map(|a| {
                Line::from(vec![
                    Span::styled(
                        format!("{}  ", a.at.with_timezone(&tz).format("%Y-%m-%d %H:%M")),
                        self.theme.muted,
                    ),
                    Span::raw(a.text.clone()),
                ])
            })
            .collect();
        self.section(out, "Annotations", notes);
        let mut tree = Vec::new();
        self.subtasks(&t.uuid, 0, &mut tree);
        self.section(out, "Subtasks", tree);
        let deps = t.depends.iter().map(|d| self.task_line(d, "")).collect();
        self.section(out, "Depends on", deps);
        let blocks = self
            .state
            .tasks
            .items()
            .filter(|i| i.listed.task.depends.contains(&t.uuid))
            .map(|i| self.task_line(&i.listed.task.uuid, ""))
            .collect();
        self.section(out, "Blocks", blocks);
        let history = match &self.detail.history {
            None => vec![Line::styled("loading…", self.theme.muted)],
            Some(h) => h
                .iter()
                .map(|(at, what)| {
                    Line::from(vec![
                        Span::styled(
                            format!("{}  ", at.with_timezone(&tz).format("%Y-%m-%d %H:%M")),
                            self.theme.muted,
                        ),
                        Span::raw(what.clone()),
                    ])
                })
                .collect(),
        };
        self.section(out, "History", history);
    }

    fn section(&self, out: &mut Vec<Line<'static>>, title: &str, body: Vec<Line<'static>>) {
        if body.is_empty() {
            return;
        }
        out.push(Line::raw(""));
        out.push(Line::styled(title.to_string(), self.theme.header));
        out.extend(body);
    }

    fn task_line(&self, uuid: &uuid::Uuid, indent: &str) -> Line<'static> {
        match self.state.tasks.item_by_uuid(uuid) {
            Some(i) => {
                let t = &i.listed.task;
                let style = if t.status.is_open() {
                    ratatui::style::Style::default()
                } else {
                    self.theme.done
                };
                Line::styled(
                    format!("{indent}{} {} [{}]", t.id, t.title, t.status),
                    style,
                )
            }
            None => Line::styled(format!("{indent}{uuid} (missing)"), self.theme.muted),
        }
    }

    /// Children of `parent`, depth first, indented; bounded so a corrupt cycle cannot hang.
    fn subtasks(&self, parent: &uuid::Uuid, depth: usize, out: &mut Vec<Line<'static>>) {
        if depth > 16 {
            return;
        }
        for child in self
            .state
            .tasks
            .items()
            .filter(|i| i.listed.task.parent.as_ref() == Some(parent))
        {
            let indent = format!("{}└ ", "  ".repeat(depth));
            out.push(self.task_line(&child.listed.task.uuid, &indent));
            self.subtasks(&child.listed.task.uuid, depth + 1, out);
        }
    }
}
