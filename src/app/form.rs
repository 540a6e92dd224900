//! The edit form (`e`): one line per field, prefilled from the task. Saving turns the fields
//! that changed into `tempo modify` attribute words, checked with the same parser before they
//! leave the app, so a bad date keeps the form open with the error shown.

use chrono::{DateTime, Timelike, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use super::input::LineInput;
use crate::model::Task;
use crate::model::duration::format_minutes;
use crate::model::mods::parse_mods;
use crate::msg::Op;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Project,
    Tags,
    Priority,
    Due,
    Scheduled,
    Wait,
    Estimate,
    Recur,
}

impl Field {
    pub const ALL: [Field; 9] = [
        Field::Title,
        Field::Project,
        Field::Tags,
        Field::Priority,
        Field::Due,
        Field::Scheduled,
        Field::Wait,
        Field::Estimate,
        Field::Recur,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Field::Title => "Title",
            Field::Project => "Project",
            Field::Tags => "Tags",
            Field::Priority => "Priority",
            Field::Due => "Due",
            Field::Scheduled => "Scheduled",
            Field::Wait => "Wait until",
            Field::Estimate => "Estimate",
            Field::Recur => "Recurrence",
        }
    }

    fn attribute(self) -> &'static str {
        match self {
            Field::Project => "project",
            Field::Priority => "pri",
            Field::Due => "due",
            Field::Scheduled => "scheduled",
            Field::Wait => "wait",
            Field::Estimate => "est",
            Field::Recur => "recur",
            Field::Title | Field::Tags => "",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EditForm {
    pub id: i64,
    pub uuid: Uuid,
    pub fields: Vec<(Field, LineInput, String)>,
    pub focus: usize,
    pub error: Option<String>,
}

impl EditForm {
    pub fn new(t: &Task, tz: &Tz) -> EditForm {
        let date = |d: Option<DateTime<Utc>>, day_time: (u32, u32, u32)| {
            d.map(|d| {
                let local = d.with_timezone(tz);
                let t = (local.hour(), local.minute(), local.second());
                if t == day_time {
                    local.format("%Y-%m-%d").to_string()
                } else {
                    local.format("%Y-%m-%d %H:%M").to_string()
                }
            })
            .unwrap_or_default()
        };
        let value = |f: Field| match f {
            Field::Title => t.title.clone(),
            Field::Project => t.project.clone().unwrap_or_default(),
            Field::Tags => t.tags.join(" "),
            Field::Priority => t
                .priority
                .map(|p| p.as_str().to_string())
                .unwrap_or_default(),
            Field::Due => date(t.due, (23, 59, 59)),
            Field::Scheduled => date(t.scheduled, (0, 0, 0)),
            Field::Wait => date(t.wait, (0, 0, 0)),
            Field::Estimate => t.estimate_minutes.map(format_minutes).unwrap_or_default(),
            Field::Recur => t
                .recur
                .as_ref()
                .map(|r| r.rule.to_string())
                .unwrap_or_default(),
        };
        EditForm {
            id: t.id,
            uuid: t.uuid,
            fields: Field::ALL
                .iter()
                .map(|f| (*f, LineInput::new(&value(*f)), value(*f)))
                .collect(),
            focus: 0,
            error: None,
        }
    }

    pub fn focused(&mut self) -> &mut LineInput {
        &mut self.fields[self.focus].1
    }

    pub fn move_focus(&mut self, delta: isize) {
        let n = self.fields.len() as isize;
        self.focus = (self.focus as isize + delta).rem_euclid(n) as usize;
    }

    /// The operation that saves the changed fields, or why they cannot be saved.
    pub fn to_op(&self, now: &DateTime<Tz>) -> Result<Option<Op>, String> {
        let mut words = Vec::new();
        let mut title = None;
        for (field, input, initial) in &self.fields {
            let value = input.text().trim();
            if value == initial.trim() {
                continue;
            }
            match field {
                Field::Title if value.is_empty() => return Err("the title cannot be empty".into()),
                Field::Title => title = Some(value.to_string()),
                Field::Tags => {
                    let old: Vec<&str> = initial.split_whitespace().collect();
                    let new: Vec<&str> = value.split_whitespace().collect();
                    words.extend(
                        new.iter()
                            .filter(|t| !old.contains(t))
                            .map(|t| format!("+{t}")),
                    );
                    words.extend(
                        old.iter()
                            .filter(|t| !new.contains(t))
                            .map(|t| format!("-{t}")),
                    );
                }
                Field::Priority | Field::Recur | Field::Estimate if value.is_empty() => {
                    words.push(format!("{}:none", field.attribute()));
                }
                f => words.push(format!("{}:{value}", f.attribute())),
            }
        }
        if words.is_empty() && title.is_none() {
            return Ok(None);
        }
        // Read once, with the CLI's parser, so mistakes are shown here, next to the field.
        let mut edit = parse_mods(&words, now, false).map_err(|e| e.to_string())?;
        if let Some(t) = title {
            edit.title = vec![t];
        }
        Ok(Some(Op::Modify {
            id: self.id,
            edit: Box::new(edit),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Europe::Berlin;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn now() -> DateTime<Tz> {
        Berlin
            .with_ymd_and_hms(2026, 11, 22, 10, 30, 0)
            .single()
            .expect("valid")
    }

    fn task() -> Task {
        let mut t = Task::new("Call Ann", now().with_timezone(&Utc));
        t.id = 4;
        t.add_tag("phone");
        t.due = Some("2026-11-27T22:59:59Z".parse().expect("valid"));
        t
    }

    fn type_into(form: &mut EditForm, field: Field, text: &str) {
        form.focus = Field::ALL.iter().position(|f| *f == field).expect("field");
        let input = form.focused();
        input.handle(&KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        input.insert(text);
    }

    #[test]
    fn prefills_in_the_local_zone() {
        let f = EditForm::new(&task(), &Berlin);
        assert_eq!(f.fields[4].1.text(), "2026-11-27");
        assert_eq!(f.fields[2].1.text(), "phone");
    }

    #[test]
    fn only_changed_fields_become_words() {
        let mut f = EditForm::new(&task(), &Berlin);
        assert_eq!(f.to_op(&now()), Ok(None));
        type_into(&mut f, Field::Tags, "phone work");
        type_into(&mut f, Field::Priority, "H");
        type_into(&mut f, Field::Title, "Call Ann back");
        let op = f.to_op(&now()).expect("valid").expect("changes");
        let words = ["+work".to_string(), "pri:H".to_string()];
        let mut edit = parse_mods(&words, &now(), false).expect("valid");
        edit.title = vec!["Call Ann back".into()];
        assert_eq!(
            op,
            Op::Modify {
                id: 4,
                edit: Box::new(edit)
            }
        );
    }

    #[test]
    fn bad_values_are_reported_in_the_form() {
        let mut f = EditForm::new(&task(), &Berlin);
        type_into(&mut f, Field::Due, "someday");
        assert!(
            f.to_op(&now())
                .expect_err("bad date")
                .contains("cannot read `someday`")
        );
        type_into(&mut f, Field::Due, "");
        type_into(&mut f, Field::Title, " ");
        assert!(f.to_op(&now()).is_err());
    }
}
