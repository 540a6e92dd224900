//! The app's text prompts read once, where they were typed, with the parsers the CLI uses for
//! the same syntax: what leaves the app is a typed `Op`, and a mistake stays at the prompt.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::PromptKind;
use crate::model::event_text::{self, EventText};
use crate::model::mods::parse_mods;
use crate::msg::Op;

/// The operation `text` asks for at a prompt of `kind`, or why it cannot be read. `None` for
/// the prompts that are not operations on the store.
pub(super) fn parse(
    kind: &PromptKind,
    text: &str,
    now: DateTime<Utc>,
    tz: Tz,
) -> Option<Result<Op, String>> {
    let local = now.with_timezone(&tz);
    let words = || crate::text::split_words(text);
    Some(match *kind {
        PromptKind::Add => {
            let words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
            parse_mods(&words, &local, true)
                .map(|m| Op::Add(Box::new(m)))
                .map_err(|e| e.to_string())
        }
        PromptKind::CalAdd(day) => words().and_then(|w| {
            let mut event = event_text::parse(&w, &local).map_err(|e| e.0)?;
            event.fall_on(day, &tz);
            Ok(Op::CalAdd(Box::new(event)))
        }),
        PromptKind::CalEdit { id, scope } => words().and_then(|w| {
            let edit: EventText = event_text::parse_changes(&w, &local).map_err(|e| e.0)?;
            Ok(Op::CalEdit {
                id,
                scope,
                edit: Box::new(edit),
            })
        }),
        PromptKind::Block { task, day } => words().and_then(|w| {
            let block = event_text::parse_block(&w, Some(day), &local).map_err(|e| e.0)?;
            Ok(Op::Block {
                task,
                block: Box::new(block),
            })
        }),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone};
    use chrono_tz::Europe::Berlin;

    use super::*;
    use crate::calendar::Scope;
    use crate::model::Priority;
    use crate::model::dates::When;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 9, 30, 0)
            .single()
            .expect("valid")
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).expect("valid")
    }

    #[test]
    fn a_task_is_read_into_its_attributes() {
        let Some(Ok(Op::Add(m))) = parse(&PromptKind::Add, "Call Ann pri:H +phone", now(), Berlin)
        else {
            panic!("an add");
        };
        assert_eq!(m.title, ["Call", "Ann"]);
        assert_eq!(m.priority, Some(Some(Priority::H)));
        assert_eq!(m.add_tags, ["phone"]);
        let bad = parse(&PromptKind::Add, "Call Ann due:someday", now(), Berlin);
        assert!(matches!(bad, Some(Err(e)) if e.contains("someday")));
    }

    #[test]
    fn an_event_with_a_time_alone_falls_on_the_selected_day() {
        let Some(Ok(Op::CalAdd(e))) =
            parse(&PromptKind::CalAdd(day()), "Lunch 12:30 45m", now(), Berlin)
        else {
            panic!("an event");
        };
        assert_eq!(e.title, "Lunch");
        let noon = Utc.with_ymd_and_hms(2026, 11, 25, 11, 30, 0).single();
        assert_eq!(e.when, noon.map(When::At));
        assert_eq!(e.minutes, Some(45));
        let quote = parse(&PromptKind::CalAdd(day()), "Lunch \"at noon", now(), Berlin);
        assert!(matches!(quote, Some(Err(e)) if e.contains("quote")));
    }

    #[test]
    fn edits_and_blocks_are_read_with_the_cli_syntax() {
        let edit = PromptKind::CalEdit {
            id: 3,
            scope: Scope::All,
        };
        let Some(Ok(Op::CalEdit { id: 3, edit, .. })) = parse(&edit, "loc:Café 30m", now(), Berlin)
        else {
            panic!("an edit");
        };
        assert_eq!(edit.location.as_deref(), Some("Café"));
        assert_eq!(edit.minutes, Some(30));
        let block = PromptKind::Block {
            task: 2,
            day: day(),
        };
        let Some(Ok(Op::Block { task: 2, block: b })) = parse(&block, "14:00 90m", now(), Berlin)
        else {
            panic!("a block");
        };
        assert_eq!(b.minutes, Some(90));
        assert!(b.title.is_empty());
        let words = parse(&block, "lunch with Ann", now(), Berlin);
        assert!(matches!(words, Some(Err(e)) if e.contains("as a time")));
        assert_eq!(parse(&PromptKind::Filter, "+next", now(), Berlin), None);
    }
}
