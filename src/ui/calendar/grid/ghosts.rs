//! The planner's proposal in the week and day views: ghost blocks in the right half of a
//! day's column, beside the events (which keep the left half), drawn dim with a dashed edge
//! so they do not read as written blocks.

use super::*;
use crate::planner::schedule::PlannedBlock;

impl CalendarView<'_> {
    /// The proposed blocks on day `d`, with their index in the proposal.
    fn ghosts_on(&self, d: NaiveDate, tz: &Tz) -> Vec<(usize, &PlannedBlock)> {
        let Some(p) = self.state.calendar.shown_proposal(self.state.today()) else {
            return Vec::new();
        };
        let (from, to) = day_bounds(d, tz);
        p.blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| b.start < to && b.end > from)
            .collect()
    }

    /// The width the events of day `d` may use: half the column when ghosts stand beside.
    pub(super) fn events_width(&self, g: &Grid, d: NaiveDate) -> u16 {
        if self.ghosts_on(d, &g.tz).is_empty() {
            g.col_w
        } else {
            g.col_w / 2 + 1
        }
    }

    /// Draws the proposed blocks of day `d` (column `i`).
    pub(super) fn ghost_blocks(&self, g: &Grid, buf: &mut Buffer, i: usize, d: NaiveDate) {
        let today = self.state.today();
        let selected = self
            .state
            .calendar
            .shown_proposal(today)
            .map(|p| p.selected);
        let left = g.col_x(i) + self.events_width(g, d);
        let width = (g.col_x(i) + g.col_w).saturating_sub(left + 1);
        if width < 2 {
            return;
        }
        let visible = i64::from(g.visible_rows);
        let mut bottom = 0;
        for (k, b) in self.ghosts_on(d, &g.tz) {
            let r0 = g.row_of(b.start, d).max(bottom).clamp(0, visible);
            let r1 = g.row_of(b.end, d).max(r0 + 1).clamp(0, visible);
            bottom = r1;
            if r0 >= visible {
                continue;
            }
            let rect = Rect {
                x: left,
                y: g.top + r0 as u16,
                width,
                height: (r1 - r0).max(1) as u16,
            };
            self.ghost(buf, rect, b, &g.tz, selected == Some(k));
        }
    }

    fn ghost(&self, buf: &mut Buffer, rect: Rect, b: &PlannedBlock, tz: &Tz, selected: bool) {
        let mut style = self.theme.muted.add_modifier(Modifier::DIM);
        if selected {
            style = style
                .add_modifier(Modifier::REVERSED)
                .remove_modifier(Modifier::DIM);
        }
        fill(buf, rect, style);
        for y in rect.top()..rect.bottom() {
            put(buf, rect.x, y, "┆", 1, style);
        }
        let inner = rect.width.saturating_sub(1);
        put(buf, rect.x + 1, rect.y, &b.title, inner, style);
        if rect.height > 1 {
            let at = format!(
                "{}–{}",
                b.start.with_timezone(tz).format("%H:%M"),
                b.end.with_timezone(tz).format("%H:%M")
            );
            put(buf, rect.x + 1, rect.y + 1, &at, inner, style);
        }
    }

    /// The footer while a proposal is shown: the selected block and the keys.
    pub(in crate::ui::calendar) fn proposal_footer(&self) -> Option<String> {
        let p = self.state.calendar.shown_proposal(self.state.today())?;
        if p.loading {
            return Some("Planning…".into());
        }
        let tz = self.tz();
        let unplaced = match p.unplaced.len() {
            0 => String::new(),
            n => format!(" · {n} not placed"),
        };
        let keys = "Enter accept · x drop · r re-plan · Esc hide";
        Some(match p.selected_block() {
            None => format!("Plan: nothing to place{unplaced} · r re-plan · Esc hide"),
            Some(b) => format!(
                "Plan {}/{}: {} {}–{}{unplaced} · {keys}",
                p.selected.min(p.blocks.len() - 1) + 1,
                p.blocks.len(),
                b.title,
                b.start.with_timezone(&tz).format("%a %H:%M"),
                b.end.with_timezone(&tz).format("%H:%M"),
            ),
        })
    }
}
