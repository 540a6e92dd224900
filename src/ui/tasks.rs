//! The task list. Virtualised: only the rows inside the scroll window are built, so a list of
//! 100,000 tasks costs the same to draw as one of 30.

use chrono::Utc;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget, Wrap};

use super::theme::Theme;
use crate::app::State;
use crate::app::keymap::Action;
use crate::app::tasks::{Item, RowRef};
use crate::model::Status;
use crate::model::dates::relative;
use crate::text::truncate;

pub(super) struct TasksView<'a> {
    pub(super) state: &'a State,
    pub(super) theme: &'a Theme,
}

impl Widget for &TasksView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = &self.state.tasks;
        if !t.loaded {
            Paragraph::new("Loading tasks…")
                .alignment(Alignment::Center)
                .render(area, buf);
            return;
        }
        if t.is_empty() {
            self.empty(area, buf);
            return;
        }
        if t.rows.is_empty() {
            let km = &self.state.settings.keymap;
            let text = format!(
                "\nNo tasks match `{}`.\n\n{} clears the filter · {} edits it · {} picks a preset",
                t.filter_text,
                km.hint(Action::ClearFilter),
                km.hint(Action::Filter),
                km.hint(Action::Presets)
            );
            Paragraph::new(text)
                .alignment(Alignment::Center)
                .style(self.theme.muted)
                .render(area, buf);
            return;
        }
        self.table(area, buf);
    }
}

impl TasksView<'_> {
    fn empty(&self, area: Rect, buf: &mut Buffer) {
        let km = &self.state.settings.keymap;
        let lines = vec![
            Line::raw(""),
            Line::styled("No tasks yet.", self.theme.accent),
            Line::raw(""),
            Line::raw(format!(
                "Press {} to add your first task, for example:",
                km.hint(Action::Add)
            )),
            Line::styled("Buy milk due:tomorrow +errand", self.theme.info),
            Line::styled("Call Ann project:work due:fri 9am pri:H", self.theme.info),
            Line::raw(""),
            Line::raw(format!(
                "{} shows every key · {} quits",
                km.hint(Action::Help),
                km.hint(Action::Quit)
            )),
        ];
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: false })
            .render(area, buf);
    }

    fn table(&self, area: Rect, buf: &mut Buffer) {
        let t = &self.state.tasks;
        let height = usize::from(area.height.saturating_sub(1));
        let window = &t.rows[t.offset.min(t.rows.len())..(t.offset + height).min(t.rows.len())];
        let cols = self.columns(window, area.width);
        let widths = [
            Constraint::Length(cols.id),
            Constraint::Length(1),
            Constraint::Length(cols.project),
            Constraint::Fill(1),
            Constraint::Length(cols.tags),
            Constraint::Length(8),
            Constraint::Length(5),
        ];
        let header = Row::new(["ID", "P", "Project", "Title", "Tags", "Due", "Urg"])
            .style(self.theme.header);
        let rows = window.iter().enumerate().map(|(n, r)| match r {
            RowRef::Heading(i) => self.heading_row(t.item(*i)),
            RowRef::Task(i) => self.task_row(t.item(*i), &cols, t.offset + n == t.selected),
        });
        Widget::render(
            Table::new(rows, widths).header(header).column_spacing(1),
            area,
            buf,
        );
    }

    /// Column widths fitted to the tasks on screen.
    fn columns(&self, window: &[RowRef], width: u16) -> Columns {
        let t = &self.state.tasks;
        let tasks_in_window = || {
            window.iter().filter_map(|r| match r {
                RowRef::Task(i) => Some(t.item(*i)),
                RowRef::Heading(_) => None,
            })
        };
        let width_of = |f: &dyn Fn(Item<'_>) -> usize, cap: usize, min: usize| {
            tasks_in_window().map(f).max().unwrap_or(0).clamp(min, cap) as u16
        };
        let id = width_of(&|i| i.listed.task.id.to_string().len(), 7, 2);
        let project = width_of(
            &|i| {
                i.listed
                    .task
                    .project
                    .as_deref()
                    .map_or(0, crate::text::width)
            },
            18,
            7,
        );
        let tags = width_of(
            &|i| {
                let tags = &i.listed.task.tags;
                tags.iter()
                    .map(|t| crate::text::width(t) + 1)
                    .sum::<usize>()
            },
            18,
            4,
        );
        // What the Fill column gets: the rest after the fixed columns and the 6 gaps; the
        // title is cut to it with a "…" rather than clipped silently by the table.
        let title =
            usize::from(width).saturating_sub(usize::from(id + 1 + project + tags + 8 + 5) + 6);
        Columns {
            id,
            project,
            tags,
            title,
        }
    }

    fn heading_row(&self, item: Item<'_>) -> Row<'static> {
        let project = item
            .listed
            .task
            .project
            .clone()
            .unwrap_or_else(|| "(no project)".into());
        let heading = Span::styled(format!("▸ {project}"), self.theme.accent);
        Row::new([
            Cell::from(""),
            Cell::from(""),
            Cell::from(""),
            Cell::from(heading),
        ])
    }

    fn task_row(&self, it: Item<'_>, cols: &Columns, selected: bool) -> Row<'static> {
        let now = self.state.now;
        let task = &it.listed.task;
        let role = self.role(it);
        let mut title = task.title.clone();
        if !task.annotations.is_empty() {
            title.push_str(&format!(" [{}]", task.annotations.len()));
        }
        let cells = [
            format!("{:>w$}", task.id, w = usize::from(cols.id)),
            task.priority
                .map(|p| p.as_str().to_string())
                .unwrap_or_default(),
            truncate(
                task.project.as_deref().unwrap_or(""),
                usize::from(cols.project),
            ),
            truncate(&title, cols.title),
            truncate(&task.tags.join(" "), usize::from(cols.tags)),
            task.due
                .map(|d| relative(d, now.with_timezone(&Utc)))
                .unwrap_or_default(),
            format!("{:>5.1}", it.urgency),
        ];
        let row = Row::new(cells).style(role);
        if selected {
            row.style(role.patch(self.theme.selection))
        } else {
            row
        }
    }

    /// The theme role of a task's row: done, overdue, started, blocked, due today or plain.
    fn role(&self, it: Item<'_>) -> Style {
        let (now, tz) = (self.state.now, self.state.tz);
        let task = &it.listed.task;
        let today = now.with_timezone(&tz).date_naive();
        if !task.status.is_open() {
            self.theme.done
        } else if task.is_overdue(now) {
            self.theme.overdue
        } else if task.status == Status::Started {
            self.theme.started
        } else if it.listed.links.blocked {
            self.theme.blocked
        } else if task
            .due
            .is_some_and(|d| d.with_timezone(&tz).date_naive() == today)
        {
            self.theme.due_today
        } else {
            Style::default()
        }
    }
}

/// The widths of the table's sized columns (the title's is what is left).
struct Columns {
    id: u16,
    project: u16,
    tags: u16,
    title: usize,
}
