//! Screen geometry, shared by `update` (to map mouse clicks and page sizes) and `ui` (to draw).

use ratatui::layout::Rect;

/// Below this size Tempo says so instead of drawing a cramped screen.
pub const MIN_WIDTH: u16 = 50;
pub const MIN_HEIGHT: u16 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub tabs: Option<Rect>,
    pub pane: Rect,
    /// Two lines: the text input and its error or hint.
    pub prompt: Option<Rect>,
    pub status: Option<Rect>,
}

impl Areas {
    pub fn new(width: u16, height: u16, zoomed: bool, prompt: bool) -> Areas {
        let mut top = 0;
        let mut bottom = height;
        let line = |y| Rect::new(0, y, width, 1);
        let tabs = (!zoomed).then(|| {
            top += 1;
            line(0)
        });
        let status = (!zoomed).then(|| {
            bottom -= 1;
            line(bottom)
        });
        let prompt = prompt.then(|| {
            bottom -= 2;
            Rect::new(0, bottom, width, 2)
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
    let mut start = BRAND.chars().count() as u16;
    for pane in super::Pane::ALL {
        let width = tab_label(pane).chars().count() as u16;
        if (start..start + width).contains(&x) {
            return Some(pane);
        }
        start += width;
    }
    None
}
