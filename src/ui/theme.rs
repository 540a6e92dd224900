//! Semantic colour roles. Views ask for `theme.overdue`, never for `Color::Red`, so a palette
//! change or `NO_COLOR` applies everywhere.

use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};

use crate::config::{Palette, ThemeConfig};

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub overdue: Style,
    pub due_today: Style,
    pub started: Style,
    pub blocked: Style,
    pub done: Style,
    pub header: Style,
    pub selection: Style,
    pub accent: Style,
    pub muted: Style,
    pub error: Style,
    pub info: Style,
}

/// The roles a config may recolour.
pub const ROLES: &[&str] = &[
    "overdue",
    "due_today",
    "started",
    "blocked",
    "done",
    "accent",
    "selection",
    "muted",
    "error",
    "info",
];

impl Theme {
    /// No colour at all: roles are told apart by bold, dim, underline and reverse video.
    pub fn plain() -> Theme {
        let m = |m: Modifier| Style::default().add_modifier(m);
        Theme {
            overdue: m(Modifier::BOLD),
            due_today: m(Modifier::UNDERLINED),
            started: m(Modifier::BOLD | Modifier::ITALIC),
            blocked: m(Modifier::DIM),
            done: m(Modifier::DIM | Modifier::CROSSED_OUT),
            header: m(Modifier::BOLD | Modifier::UNDERLINED),
            selection: m(Modifier::REVERSED),
            accent: m(Modifier::BOLD),
            muted: m(Modifier::DIM),
            error: m(Modifier::BOLD),
            info: Style::default(),
        }
    }

    /// The 16 ANSI colours: readable on any terminal, following its own colour scheme.
    pub fn ansi16() -> Theme {
        let fg = |c: Color| Style::default().fg(c);
        Theme {
            overdue: fg(Color::Red),
            due_today: fg(Color::Yellow),
            started: fg(Color::Green).add_modifier(Modifier::BOLD),
            blocked: fg(Color::DarkGray),
            done: fg(Color::DarkGray).add_modifier(Modifier::CROSSED_OUT),
            header: Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            selection: Style::default().bg(Color::Blue).fg(Color::White),
            accent: fg(Color::Cyan).add_modifier(Modifier::BOLD),
            muted: fg(Color::DarkGray),
            error: fg(Color::Red).add_modifier(Modifier::BOLD),
            info: fg(Color::Green),
        }
    }

    pub fn truecolor() -> Theme {
        let fg = |r, g, b| Style::default().fg(Color::Rgb(r, g, b));
        Theme {
            overdue: fg(0xf2, 0x6d, 0x6d),
            due_today: fg(0xe8, 0xc2, 0x5a),
            started: fg(0x7f, 0xd1, 0x8b).add_modifier(Modifier::BOLD),
            blocked: fg(0x80, 0x80, 0x8a),
            done: fg(0x6c, 0x6c, 0x74).add_modifier(Modifier::CROSSED_OUT),
            header: Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            selection: Style::default()
                .bg(Color::Rgb(0x2d, 0x4f, 0x7c))
                .fg(Color::Rgb(0xf0, 0xf0, 0xf0)),
            accent: fg(0x6c, 0xc4, 0xe8).add_modifier(Modifier::BOLD),
            muted: fg(0x8a, 0x8a, 0x94),
            error: fg(0xff, 0x5f, 0x5f).add_modifier(Modifier::BOLD),
            info: fg(0x7f, 0xd1, 0x8b),
        }
    }

    /// Picks the palette from the config and the environment, then applies colour overrides.
    /// `no_color` (from `NO_COLOR`) wins over everything.
    pub fn from_config(
        cfg: &ThemeConfig,
        no_color: bool,
        colorterm: Option<&str>,
    ) -> Result<Theme, String> {
        if no_color {
            return Ok(Theme::plain());
        }
        let truecolor = matches!(colorterm, Some("truecolor" | "24bit"));
        let mut theme = match cfg.palette {
            Palette::Ansi16 => Theme::ansi16(),
            Palette::Truecolor => Theme::truecolor(),
            Palette::Auto if truecolor => Theme::truecolor(),
            Palette::Auto => Theme::ansi16(),
        };
        for (role, colour) in &cfg.colors {
            let c = Color::from_str(colour).map_err(|_| {
                format!("[theme.colors] {role} = {colour:?} is not a colour (use a name like \"red\" or \"#ff8800\")")
            })?;
            let slot = match role.as_str() {
                "overdue" => &mut theme.overdue,
                "due_today" => &mut theme.due_today,
                "started" => &mut theme.started,
                "blocked" => &mut theme.blocked,
                "done" => &mut theme.done,
                "accent" => &mut theme.accent,
                "muted" => &mut theme.muted,
                "error" => &mut theme.error,
                "info" => &mut theme.info,
                "selection" => {
                    theme.selection = theme.selection.bg(c);
                    continue;
                }
                other => {
                    return Err(format!(
                        "[theme.colors]: unknown role `{other}` (roles: {})",
                        ROLES.join(", ")
                    ));
                }
            };
            *slot = slot.fg(c);
        }
        Ok(theme)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palette_choice_and_overrides() {
        let mut cfg = ThemeConfig::default();
        assert_eq!(
            Theme::from_config(&cfg, false, Some("truecolor")),
            Ok(Theme::truecolor())
        );
        assert_eq!(Theme::from_config(&cfg, false, None), Ok(Theme::ansi16()));
        assert_eq!(
            Theme::from_config(&cfg, true, Some("truecolor")),
            Ok(Theme::plain())
        );
        cfg.colors.insert("overdue".into(), "#ff8800".into());
        let t = Theme::from_config(&cfg, false, None).expect("valid");
        assert_eq!(t.overdue.fg, Some(Color::Rgb(0xff, 0x88, 0x00)));
        cfg.colors.insert("shiny".into(), "red".into());
        assert!(
            Theme::from_config(&cfg, false, None)
                .expect_err("role")
                .contains("unknown role `shiny`")
        );
        cfg.colors.clear();
        cfg.colors.insert("done".into(), "blurple".into());
        assert!(
            Theme::from_config(&cfg, false, None)
                .expect_err("colour")
                .contains("not a colour")
        );
    }
}
