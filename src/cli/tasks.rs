//! Task commands: add, show, modify, start, stop, done, delete, annotate, undo, projects, tags.
//! The work is done by `crate::ops`; this module reports it.

use std::process::ExitCode;

use chrono::{DateTime, Local, Utc};
use serde_json::json;

use super::confirm::confirmed;
use super::context::Context;
use super::output::{Columns, Role, Table, TaskJson, print_json, relative};
use crate::model::duration::format_minutes;
use crate::model::mods::parse_mods;
use crate::model::selector::{Selector, TaskRef};
use crate::model::urgency::urgency;
use crate::model::{ListedTask, Task};
use crate::ops::{self, Touched, one};
use crate::store::StoreError;

type Out = anyhow::Result<ExitCode>;

pub(super) fn add(ctx: &mut Context, words: &[String]) -> Out {
    let mods = parse_mods(words, &ctx.now, true)?;
    let (id, uuid) = ops::add_task(&mut ctx.store, mods, &ctx.now)?;
    let listed = ctx
        .store
        .task_by_uuid(&uuid)?
        .ok_or_else(|| StoreError::NotFound(uuid.to_string()))?;
    if ctx.json {
        print_json(&TaskJson::new(&listed, ctx.now_utc(), &ctx.config.urgency))?;
    } else {
        println!("Created task {id}: {}", listed.task.title);
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn show(ctx: &Context, selector: &str) -> Out {
    let task = TaskRef::parse(selector)?;
    let listed = one(ctx.store.resolve_ref(&task)?, selector)?;
    let l = ctx
        .store
        .task_by_uuid(&listed.uuid)?
        .ok_or_else(|| StoreError::NotFound(selector.to_string()))?;
    if ctx.json {
        print_json(&TaskJson::new(&l, ctx.now_utc(), &ctx.config.urgency))?;
        return Ok(ExitCode::SUCCESS);
    }
    let t = &l.task;
    let mut lines = attribute_lines(ctx, &l)?;
    lines.extend(link_lines(ctx, t)?);
    if t.status.is_open() {
        let min = ctx.config.planner.min_data_points;
        let e = ops::plan_estimate::estimate(&ctx.store, t, min, ctx.now_utc())?;
        lines.push(("Learned estimate", e.summary()));
    }
    let key_width = lines.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (k, v) in &lines {
        println!("{k:<key_width$}  {v}");
    }
    if !t.notes.is_empty() {
        println!("\n{}", t.notes);
    }
    if !t.annotations.is_empty() {
        println!();
        for a in &t.annotations {
            println!("{}  {}", when(ctx, a.at), a.text);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A time in the configured formats, with how far it is from now.
fn when(ctx: &Context, d: DateTime<Utc>) -> String {
    let local = d.with_timezone(&Local);
    format!(
        "{} {} ({})",
        local.format(&ctx.config.display.date_format),
        local.format(&ctx.config.display.time_format),
        relative(d, ctx.now_utc())
    )
}

/// `show`'s lines for the task's own attributes, the ones it has.
fn attribute_lines<'a>(ctx: &Context, l: &'a ListedTask) -> anyhow::Result<Vec<(&'a str, String)>> {
    let t = &l.task;
    let fmt = |d| when(ctx, d);
    let mut lines: Vec<(&str, String)> = vec![
        ("ID", t.id.to_string()),
        ("UUID", t.uuid.to_string()),
        ("Title", t.title.clone()),
        ("Status", t.status.to_string()),
    ];
    let mut push = |k, v: Option<String>| {
        if let Some(v) = v {
            lines.push((k, v));
        }
    };
    push("Project", t.project.clone());
    push("Calendar", ctx.store.task_source(&t.uuid)?);
    push("Tags", (!t.tags.is_empty()).then(|| t.tags.join(" ")));
    push("Priority", t.priority.map(|p| p.as_str().to_string()));
    push("Due", t.due.map(fmt));
    push("Scheduled", t.scheduled.map(fmt));
    push("Wait until", t.wait.map(fmt));
    push("Estimate", t.estimate_minutes.map(format_minutes));
    push(
        "Recurrence",
        t.recur.as_ref().map(|r| match r.rule.until {
            Some(u) => format!("{} until {u}", r.rule),
            None => r.rule.to_string(),
        }),
    );
    for (name, value) in &t.fields {
        push(name.as_str(), Some(value.clone()));
    }
    push("Created", Some(fmt(t.created)));
    push("Modified", Some(fmt(t.modified)));
    push("Started", t.started.map(fmt));
    push("Finished", t.done.map(fmt));
    push(
        "Urgency",
        Some(format!(
            "{:.2}",
            urgency(t, l.links, ctx.now_utc(), &ctx.config.urgency)
        )),
    );
    Ok(lines)
}

/// `show`'s lines for the tasks this one is linked to: its parent, what it depends on, its
/// subtasks (a link to a task no longer there says so).
fn link_lines(ctx: &Context, t: &Task) -> anyhow::Result<Vec<(&'static str, String)>> {
    let mut lines = Vec::new();
    if let Some(p) = t.parent {
        let name = ctx
            .store
            .task_by_uuid(&p)?
            .map(|l| format!("{} {}", l.task.id, l.task.title));
        lines.push(("Parent", name.unwrap_or_else(|| format!("{p} (missing)"))));
    }
    for d in &t.depends {
        let name = ctx
            .store
            .task_by_uuid(d)?
            .map(|l| format!("{} {} [{}]", l.task.id, l.task.title, l.task.status));
        lines.push((
            "Depends on",
            name.unwrap_or_else(|| format!("{d} (missing)")),
        ));
    }
    for c in ctx.store.children(&t.uuid)? {
        let line = format!("{} {} [{}]", c.task.id, c.task.title, c.task.status);
        lines.push(("Subtask", line));
    }
    Ok(lines)
}

pub(super) fn modify(ctx: &mut Context, target: &str, words: &[String], yes: bool) -> Out {
    let target = Selector::parse(&[target.to_string()], &ctx.now)?;
    let mods = parse_mods(words, &ctx.now, false)?;
    let changed = confirmed(ctx, yes, |ctx, ok| {
        ops::modify_task(&mut ctx.store, &target, mods.clone(), ok, &ctx.now)
    })?;
    match changed {
        Some(changed) if changed.is_empty() && !ctx.json => {
            println!("Nothing changed: the tasks already have those values");
            Ok(ExitCode::SUCCESS)
        }
        Some(changed) => report(ctx, "Modified", &changed),
        None => Ok(ExitCode::from(1)),
    }
}

fn report(ctx: &Context, verb: &str, changed: &[Touched]) -> Out {
    if ctx.json {
        print_json(&json!({ "action": verb.to_lowercase(), "tasks": changed }))?;
    } else {
        for t in changed {
            println!("{verb} task {}: {}", t.id, t.title);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn start_stop(ctx: &mut Context, words: &[String], start: bool) -> Out {
    let ids = &TaskRef::parse_all(words)?;
    let now = ctx.now_utc();
    let command = format!(
        "{} {}",
        if start { "start" } else { "stop" },
        words.join(" ")
    );
    let track = ctx.config.time.track_task_start;
    // One undo step: undoing `tempo start` also takes back the tracking it began.
    let changed = ctx.store.undo_step(&command, now, |store| {
        let changed = ops::start_stop(store, ids, start, now)?;
        if track {
            track_tasks(store, &changed, start, now);
        }
        anyhow::Ok(changed)
    })?;
    report(ctx, if start { "Started" } else { "Stopped" }, &changed)
}

/// `tempo start`/`stop` also start/stop tracking the task (`[time] track_task_start`). A
/// tracking clash is reported but does not take back the task's new status.
fn track_tasks(
    store: &mut crate::store::Store,
    changed: &[ops::Touched],
    start: bool,
    now: chrono::DateTime<chrono::Utc>,
) {
    use crate::ops::time as time_ops;
    let result = if start {
        changed.last().map_or(Ok(()), |t| {
            let spec = time_ops::EntrySpec {
                task: Some(TaskRef::id(t.id)),
                ..Default::default()
            };
            time_ops::start(store, &spec, now, false, &chrono::Local).map(|_| ())
        })
    } else {
        changed.iter().try_for_each(|t| {
            let uuid = ops::one(store.resolve_ref(&TaskRef::id(t.id))?, &t.id.to_string())?.uuid;
            time_ops::stop_task(store, uuid, now).map(|_| ())
        })
    };
    if let Err(e) = result {
        eprintln!("note: time tracking not changed: {e}");
    }
}

pub(super) fn done(ctx: &mut Context, words: &[String], yes: bool) -> Out {
    let ids = Selector::parse(words, &ctx.now)?;
    let outcome = confirmed(ctx, yes, |ctx, ok| {
        ops::done(&mut ctx.store, &ids, ok, &ctx.now)
    })?;
    let Some((changed, created)) = outcome else {
        return Ok(ExitCode::from(1));
    };
    if !ctx.json {
        for next in &created {
            let when = next
                .due
                .map(|d| format!(", due {}", relative(d, ctx.now_utc())))
                .unwrap_or_default();
            println!("Next occurrence: task {}{when}", next.id);
        }
    }
    report(ctx, "Completed", &changed)
}

pub(super) fn delete(ctx: &mut Context, words: &[String], yes: bool) -> Out {
    let ids = Selector::parse(words, &ctx.now)?;
    let now = ctx.now_utc();
    let changed = confirmed(ctx, yes, |ctx, ok| {
        ops::delete(&mut ctx.store, &ids, ok, now)
    })?;
    match changed {
        Some(changed) => report(ctx, "Deleted", &changed),
        None => Ok(ExitCode::from(1)),
    }
}

pub(super) fn annotate(ctx: &mut Context, selector: &str, text: &[String]) -> Out {
    let now = ctx.now_utc();
    let task = TaskRef::parse(selector)?;
    let touched = ops::annotate(&mut ctx.store, &task, &text.join(" "), now)?;
    report(ctx, "Annotated", &[touched])
}

pub(super) fn undo(ctx: &mut Context) -> Out {
    match ops::undo(&mut ctx.store)? {
        Some(g) => {
            if ctx.json {
                print_json(&json!({
                    "undone": g.description,
                    "at": g.at,
                    "tasks": g.tasks,
                    "calendar_rows": g.calendar_rows,
                    "time_rows": g.time_rows
                }))?;
            } else {
                let plural =
                    |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
                let mut counts = Vec::new();
                if g.tasks > 0 || g.calendar_rows + g.time_rows == 0 {
                    counts.push(plural(g.tasks, "task"));
                }
                if g.calendar_rows > 0 {
                    counts.push(plural(g.calendar_rows, "calendar item"));
                }
                if g.time_rows > 0 {
                    counts.push(plural(g.time_rows, "time record"));
                }
                println!("Undid `{}` ({})", g.description, counts.join(", "));
            }
            Ok(ExitCode::SUCCESS)
        }
        None => {
            if ctx.json {
                print_json(&json!({"undone": null}))?;
            } else {
                println!("Nothing to undo.");
            }
            Ok(ExitCode::from(1))
        }
    }
}

pub(super) fn projects(ctx: &Context) -> Out {
    let counts = ctx.store.projects()?;
    counted(ctx, "Project", counts)
}

pub(super) fn tags(ctx: &Context) -> Out {
    let counts = ctx.store.tags()?;
    counted(ctx, "Tag", counts)
}

fn counted(ctx: &Context, what: &'static str, counts: Vec<crate::store::Counted>) -> Out {
    if ctx.json {
        print_json(&counts)?;
        return Ok(ExitCode::SUCCESS);
    }
    if counts.is_empty() {
        println!("No {}s yet.", what.to_lowercase());
        return Ok(ExitCode::SUCCESS);
    }
    let rows = counts
        .iter()
        .map(|c| {
            (
                Role::Plain,
                vec![c.name.clone(), c.open.to_string(), c.total.to_string()],
            )
        })
        .collect();
    let columns = Columns::new(vec![what, "Open", "Total"], 0, vec![1, 2]);
    Table { columns, rows }.print(ctx.width, ctx.color)?;
    Ok(ExitCode::SUCCESS)
}
