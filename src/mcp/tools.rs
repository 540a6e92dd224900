//! The tools: their names, descriptions and input schemas, and the command line each call
//! becomes. Free text (a task's words, a filter) goes after `--`, so it can never be read as a
//! flag; option values are written `--flag=value` for the same reason.

use std::sync::Arc;

use rmcp::model::{JsonObject, Tool};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Input the server refuses before running anything.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub(super) enum InputError {
    #[error("no tool named {0:?}")]
    UnknownTool(String),
    #[error("{tool}: {why}")]
    Arguments { tool: String, why: String },
}

/// Every tool the server offers, as `tools/list` shows them.
pub(super) fn catalogue() -> Vec<Tool> {
    let text = |what: &str| json!({"type": "string", "description": what});
    vec![
        tool(
            "list_tasks",
            "Tasks matching a filter (default: pending and started, by urgency), as `tempo list --json`",
            json!({
                "filter": text("Filter: project:work +tag -tag status:done pri:H due.before:fri overdue blocked active, words, and/or/not"),
                "sort": text("Sort keys, comma-separated, - for descending: urgency, due, priority, created, modified, id, project, title"),
                "limit": {"type": "integer", "minimum": 1, "description": "At most this many tasks"},
            }),
            &[],
        ),
        tool(
            "add_task",
            "Add a task, as `tempo add`: the title words and attributes, e.g. \"Call Ann project:work +phone due:fri 9am pri:H est:30m\"",
            json!({"text": text("Title words and attributes (project: +tag due: scheduled: wait: pri: est: recur: until: depends: parent: notes:)")}),
            &["text"],
        ),
        tool(
            "complete_task",
            "Mark a task done, as `tempo done` (a recurring task creates its next instance)",
            json!({"task": text("Task id (12) or UUID prefix")}),
            &["task"],
        ),
        tool(
            "agenda",
            "Events and due or scheduled tasks by day, as `tempo cal agenda --json`",
            json!({
                "from": text("First day (today, mon, 2026-12-01); default today"),
                "to": text("Last day, included"),
                "days": {"type": "integer", "minimum": 1, "description": "Number of days from `from` (instead of `to`)"},
            }),
            &[],
        ),
        tool(
            "add_event",
            "Add a calendar event, as `tempo cal add`, e.g. \"Standup tomorrow 9:30 15m every weekday loc:Room4\"",
            json!({"text": text("Title, start (tomorrow 9:30, fri 14:00-15:30, 2026-12-24 for all day), length (45m), repetition, loc: cal: remind: notes:")}),
            &["text"],
        ),
        tool(
            "start_focus",
            "Start a focus session, optionally on a task, as `tempo focus start`",
            json!({
                "task": text("Task id or UUID prefix (the session takes its title)"),
                "minutes": {"type": "integer", "description": "Planned length, 1-180 (default: the configured focus length)"},
                "flow": {"type": "boolean", "description": "Open-ended stopwatch instead of a countdown"},
                "title": text("Title (default: the task's title, or \"Focus\")"),
            }),
            &[],
        ),
        tool(
            "stop_focus",
            "Complete the running focus session now, as `tempo focus stop`",
            json!({"note": text("A note on the session")}),
            &[],
        ),
        tool(
            "focus_status",
            "The running focus session or break, and today's count, as `tempo focus status --json`",
            json!({}),
            &[],
        ),
        tool(
            "log_time",
            "Record time already spent, as `tempo track add`, e.g. \"9:00-10:30 project:web\" or \"yesterday 14:00 for 45m 12\"",
            json!({"text": text("The span (9:00-10:30, yesterday 14:00 for 45m), then a task id, attributes (project: client: +tag type: billable:no note:) and note words")}),
            &["text"],
        ),
        tool(
            "report",
            "Tracked time summed by project (or other groups), as `tempo report --json`",
            json!({
                "range": text("A range word (today, yesterday, week, last-week, month, last-month, year, all), then a filter (project: client: +tag -tag type: billable:)"),
                "from": text("First day"),
                "to": text("Last day, included"),
                "by": text("Group by project, client, tag, task, day or type (comma-separated for sub-totals)"),
            }),
            &[],
        ),
        tool(
            "plan_day",
            "Propose a plan: open tasks placed in the free time around the calendar, as `tempo plan --json`; with `apply`, write it as time blocks (`tempo plan --apply`)",
            json!({
                "range": text("What to plan: today (default), tomorrow, week, a day (fri, 2026-12-01) or FROM..TO (mon..fri)"),
                "apply": {"type": "boolean", "description": "Write the plan as time blocks, replacing planned blocks not yet worked (undoable)"},
            }),
            &[],
        ),
        tool(
            "review_pending",
            "Suggested time entries from automatic capture waiting for review, as `tempo review --json`",
            json!({"all": {"type": "boolean", "description": "Also list decided suggestions"}}),
            &[],
        ),
    ]
}

fn tool(
    name: &'static str,
    description: &'static str,
    properties: Value,
    required: &[&str],
) -> Tool {
    let schema = json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    });
    let object = match schema {
        Value::Object(map) => map,
        _ => JsonObject::new(),
    };
    Tool::new(name, description, Arc::new(object))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListTasks {
    filter: Option<String>,
    sort: Option<String>,
    limit: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Text {
    text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OneTask {
    task: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Agenda {
    from: Option<String>,
    to: Option<String>,
    days: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StartFocus {
    task: Option<String>,
    minutes: Option<i64>,
    #[serde(default)]
    flow: bool,
    title: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Note {
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoArguments {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Report {
    range: Option<String>,
    from: Option<String>,
    to: Option<String>,
    by: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanDay {
    range: Option<String>,
    #[serde(default)]
    apply: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewPending {
    #[serde(default)]
    all: bool,
}

/// A command line under construction.
#[derive(Default)]
struct Line(Vec<String>);

impl Line {
    fn new(command: &[&str]) -> Line {
        Line(command.iter().map(|w| (*w).to_string()).collect())
    }

    fn option(mut self, flag: &str, value: Option<impl ToString>) -> Line {
        if let Some(v) = value {
            self.0.push(format!("--{flag}={}", v.to_string()));
        }
        self
    }

    fn switch(mut self, flag: &str, on: bool) -> Line {
        if on {
            self.0.push(format!("--{flag}"));
        }
        self
    }

    /// Free words after `--`; none leaves the line as it is.
    fn words(mut self, words: Vec<String>) -> Line {
        if !words.is_empty() {
            self.0.push("--".into());
            self.0.extend(words);
        }
        self
    }
}

/// The command line (after `tempo --json`) a call of tool `name` with `arguments` runs.
pub(super) fn command_line(name: &str, arguments: JsonObject) -> Result<Vec<String>, InputError> {
    let line = match name {
        "list_tasks" => {
            let a: ListTasks = parse(name, arguments)?;
            Line::new(&["list"])
                .option("sort", a.sort)
                .option("limit", a.limit)
                .words(a.filter.into_iter().collect())
        }
        "add_task" => Line::new(&["add"]).words(words(name, parse::<Text>(name, arguments)?)?),
        "complete_task" => {
            let a: OneTask = parse(name, arguments)?;
            Line::new(&["done"]).words(vec![a.task])
        }
        "agenda" => {
            let a: Agenda = parse(name, arguments)?;
            Line::new(&["cal", "agenda"])
                .option("from", a.from)
                .option("to", a.to)
                .option("days", a.days)
        }
        "add_event" => {
            Line::new(&["cal", "add"]).words(words(name, parse::<Text>(name, arguments)?)?)
        }
        "start_focus" => {
            let a: StartFocus = parse(name, arguments)?;
            Line::new(&["focus", "start"])
                .option("minutes", a.minutes)
                .switch("flow", a.flow)
                .option("title", a.title)
                .words(a.task.into_iter().collect())
        }
        "stop_focus" => {
            let a: Note = parse(name, arguments)?;
            Line::new(&["focus", "stop"]).words(a.note.into_iter().collect())
        }
        "focus_status" => {
            parse::<NoArguments>(name, arguments)?;
            Line::new(&["focus", "status"])
        }
        "log_time" => {
            Line::new(&["track", "add"]).words(words(name, parse::<Text>(name, arguments)?)?)
        }
        "report" => {
            let a: Report = parse(name, arguments)?;
            let range = match a.range {
                Some(r) => split(name, &r)?,
                None => Vec::new(),
            };
            Line::new(&["report"])
                .option("from", a.from)
                .option("to", a.to)
                .option("by", a.by)
                .words(range)
        }
        "plan_day" => {
            let a: PlanDay = parse(name, arguments)?;
            // After `--` the range is never taken for a subcommand (`why`, `estimate`).
            Line::new(&["plan"])
                .switch("apply", a.apply)
                .words(a.range.into_iter().collect())
        }
        "review_pending" => {
            let a: ReviewPending = parse(name, arguments)?;
            Line::new(&["review"]).switch("all", a.all)
        }
        _ => return Err(InputError::UnknownTool(name.to_string())),
    };
    Ok(line.0)
}

fn parse<T: DeserializeOwned>(tool: &str, arguments: JsonObject) -> Result<T, InputError> {
    serde_json::from_value(Value::Object(arguments)).map_err(|e| InputError::Arguments {
        tool: tool.to_string(),
        why: e.to_string(),
    })
}

/// The words of a `text` argument, split as the app's prompt splits a line (quotes group).
fn words(tool: &str, a: Text) -> Result<Vec<String>, InputError> {
    split(tool, &a.text)
}

fn split(tool: &str, text: &str) -> Result<Vec<String>, InputError> {
    crate::text::split_words(text).map_err(|why| InputError::Arguments {
        tool: tool.to_string(),
        why,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: Value) -> JsonObject {
        match v {
            Value::Object(m) => m,
            _ => panic!("an object"),
        }
    }

    #[test]
    fn free_text_goes_after_a_double_dash_and_values_inside_their_flag() {
        let line = command_line(
            "add_task",
            args(json!({"text": "--db=/tmp/x Call \"Ann Lee\" due:fri"})),
        );
        assert_eq!(
            line,
            Ok(vec![
                "add".into(),
                "--".into(),
                "--db=/tmp/x".into(),
                "Call".into(),
                "Ann Lee".into(),
                "due:fri".into(),
            ])
        );
        let line = command_line("start_focus", args(json!({"task": "-3", "minutes": 25})));
        assert_eq!(
            line,
            Ok(vec![
                "focus".into(),
                "start".into(),
                "--minutes=25".into(),
                "--".into(),
                "-3".into()
            ])
        );
    }

    #[test]
    fn a_plan_range_is_never_read_as_a_subcommand() {
        let line = command_line("plan_day", args(json!({"range": "why", "apply": true})));
        assert_eq!(
            line,
            Ok(vec![
                "plan".into(),
                "--apply".into(),
                "--".into(),
                "why".into()
            ])
        );
        assert_eq!(
            command_line("plan_day", JsonObject::new()),
            Ok(vec!["plan".into()])
        );
    }

    #[test]
    fn unknown_tools_and_arguments_are_refused_before_anything_runs() {
        assert_eq!(
            command_line("drop_tables", JsonObject::new()),
            Err(InputError::UnknownTool("drop_tables".into()))
        );
        let err = command_line("focus_status", args(json!({"verbose": true})));
        assert!(matches!(err, Err(InputError::Arguments { .. })), "{err:?}");
        let err = command_line("add_task", JsonObject::new());
        assert!(matches!(err, Err(InputError::Arguments { .. })), "{err:?}");
    }

    #[test]
    fn every_listed_tool_has_a_command_line() {
        for tool in catalogue() {
            let err = command_line(&tool.name, JsonObject::new());
            assert!(
                !matches!(err, Err(InputError::UnknownTool(_))),
                "{} is listed but not run",
                tool.name
            );
        }
    }
}
