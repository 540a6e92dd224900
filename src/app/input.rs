//! A one-line text input with a cursor: the filter, add and command prompts and form fields.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    /// Cursor position in characters.
    cursor: usize,
}

/// What a key did to an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Changed,
    Moved,
    Ignored,
}

impl LineInput {
    pub fn new(text: &str) -> LineInput {
        LineInput {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Display columns before the cursor, where the terminal cursor goes (wide characters
    /// take two).
    pub fn cursor_column(&self) -> u16 {
        crate::text::width_u16(&self.text[..self.byte(self.cursor)])
    }

    fn byte(&self, char_pos: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_pos)
            .map_or(self.text.len(), |(b, _)| b)
    }

    pub fn insert(&mut self, s: &str) {
        let at = self.byte(self.cursor);
        let clean: String = s.chars().filter(|c| !c.is_control()).collect();
        self.text.insert_str(at, &clean);
        self.cursor += clean.chars().count();
    }

    pub fn handle(&mut self, key: &KeyEvent) -> Edit {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('u') if ctrl => {
                let at = self.byte(self.cursor);
                self.text.replace_range(..at, "");
                self.cursor = 0;
                Edit::Changed
            }
            KeyCode::Char('w') if ctrl => {
                let chars: Vec<char> = self.text.chars().collect();
                let mut start = self.cursor;
                while start > 0 && chars[start - 1].is_whitespace() {
                    start -= 1;
                }
                while start > 0 && !chars[start - 1].is_whitespace() {
                    start -= 1;
                }
                let (a, b) = (self.byte(start), self.byte(self.cursor));
                self.text.replace_range(a..b, "");
                self.cursor = start;
                Edit::Changed
            }
            KeyCode::Char('a') if ctrl => self.move_to(0),
            KeyCode::Char('e') if ctrl => self.move_to(self.text.chars().count()),
            KeyCode::Char(c) if !ctrl => {
                self.insert(&c.to_string());
                Edit::Changed
            }
            KeyCode::Backspace if self.cursor > 0 => {
                let at = self.byte(self.cursor - 1);
                self.text.remove(at);
                self.cursor -= 1;
                Edit::Changed
            }
            KeyCode::Delete if self.cursor < self.text.chars().count() => {
                let at = self.byte(self.cursor);
                self.text.remove(at);
                Edit::Changed
            }
            KeyCode::Left => self.move_to(self.cursor.saturating_sub(1)),
            KeyCode::Right => self.move_to((self.cursor + 1).min(self.text.chars().count())),
            KeyCode::Home => self.move_to(0),
            KeyCode::End => self.move_to(self.text.chars().count()),
            _ => Edit::Ignored,
        }
    }

    fn move_to(&mut self, pos: usize) -> Edit {
        self.cursor = pos;
        Edit::Moved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn edits_at_the_cursor() {
        let mut i = LineInput::new("héllo");
        i.handle(&key(KeyCode::Left));
        i.handle(&key(KeyCode::Backspace));
        assert_eq!(i.text(), "hélo");
        i.handle(&key(KeyCode::Home));
        i.handle(&key(KeyCode::Char('>')));
        assert_eq!((i.text(), i.cursor()), (">hélo", 1));
        i.handle(&key(KeyCode::Delete));
        assert_eq!(i.text(), ">élo");
    }

    #[test]
    fn ctrl_w_and_ctrl_u() {
        let mut i = LineInput::new("project:work +next  ");
        i.handle(&KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL));
        assert_eq!(i.text(), "project:work ");
        i.handle(&KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert_eq!((i.text(), i.cursor()), ("", 0));
        assert_eq!(i.handle(&key(KeyCode::Backspace)), Edit::Ignored);
    }
}
