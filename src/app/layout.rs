//! Screen geometry, shared by `update` (to map mouse clicks and page sizes) and `ui` (to draw).

use ratatui::layout::Rect;

/// Columns kept for the running timer at the right of the status bar ("⏸ Long break 24:13").
pub const STATUS_TIMER_ROOM: u16 = 20;

/// Columns kept for the running tracker beside it ("⏱ 10:42 client-web").
pub const STATUS_TRACKER_ROOM: u16 = 22;

/// Below this size Tempo says so instead of drawing a cramped screen.
pub const MIN_WIDTH: u16 = 50;
pub const MIN_HEIGHT: u16 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub tabs: Option<Rect>,
    pub pane: Rect,
    /// The text input and, below it, its error (wrapped, as many lines as it takes) or hint.
    pub prompt: Option<Rect>,
    pub status: Option<Rect>,
}

impl Areas {
    /// `prompt`: the prompt's lines (0: no prompt); `status`: the status bar's lines (a long
    /// message wraps rather than being cut at the screen's edge).
    pub fn new(width: u16, height: u16, zoomed: bool, prompt: u16, status: u16) -> Areas {
        let mut top = 0;
        let mut bottom = height;
        let line = |y| Rect::new(0, y, width, 1);
        let tabs = (!zoomed).then(|| {
            top += 1;
            line(0)
        });
        // Never so many message lines that the pane disappears.
        let room = |lines: u16, bottom: u16, top: u16| lines.min(bottom.saturating_sub(top + 3));
        let status = (!zoomed).then(|| {
            let lines = room(status.max(1), bottom, top).max(1);
            bottom -= lines;
            Rect::new(0, bottom, width, lines)
        });
        let prompt = (prompt > 0).then(|| {
            let lines = room(prompt, bottom, top).max(2);
            bottom = bottom.saturating_sub(lines);
            Rect::new(0, bottom, width, lines)
        });
        Areas {
            tabs,
            pane: Rect::new(0, top, width, bottom.saturating_sub(top)),
            prompt,
            status,
        }
    }

    /// Rows of tasks the list shows (the pane less its header line).
    pub fn list_height(&self) -> usize {
        usize::from(self.pane.height.saturating_sub(1))
    }
}

/// Lines `text` takes wrapped at `width` columns (by display width: emoji take two).
pub fn wrapped_lines(text: &str, width: u16) -> u16 {
    let width = usize::from(width.max(1));
    text.lines()
        .map(|l| {
            unicode_width::UnicodeWidthStr::width(l)
                .div_ceil(width)
                .max(1)
        })
        .sum::<usize>()
        .try_into()
        .unwrap_or(u16::MAX)
}

pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}

/// What the tab bar shows before the tabs.
pub const BRAND: &str = " Tempo │";

/// The label of a pane's tab: its number key and title.
pub fn tab_label(pane: super::Pane) -> String {
    let n = super::Pane::ALL
        .iter()
        .position(|p| *p == pane)
        .unwrap_or(0)
        + 1;
    format!(" {n} {} ", pane.title())
}

/// The pane whose tab is drawn at column `x` of the tab bar.
pub fn tab_at(x: u16) -> Option<super::Pane> {
    let mut start = crate::text::width_u16(BRAND);
    for pane in super::Pane::ALL {
        let width = crate::text::width_u16(&tab_label(pane));
        if (start..start + width).contains(&x) {
            return Some(pane);
        }
        start += width;
    }
    None
}
