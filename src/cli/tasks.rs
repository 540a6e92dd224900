//! Task commands: add, list, show, modify, start, stop, done, delete, annotate, undo, projects,
//! tags.

use std::process::ExitCode;

use chrono::{DateTime, Local, Utc};
use serde_json::json;

use super::context::{Context, UsageError};
use super::output::{Columns, Role, Table, TaskJson, print_json, relative};
use crate::model::duration::format_minutes;
use crate::model::filter::{Filter, parse_id_list, uuid_prefix};
use crate::model::mods::{Mods, next_instance, parse_mods};
use crate::model::urgency::urgency;
use crate::model::{Annotation, Change, Status, Task};
use crate::store::{ListedTask, StoreError, Tx};

type Out = anyhow::Result<ExitCode>;

pub(super) fn add(ctx: &mut Context, words: &[String]) -> Out {
    let mods = parse_mods(words, &ctx.now, true)?;
    let now = ctx.now;
    let mut task = Task::new("", ctx.now_utc());
    mods.apply_to(&mut task, &now)?;
    if let Some(rec) = &task.recur {
        task.uuid = rec.instance_uuid(rec.anchor);
    }
    let title = task.title.clone();
    let uuid = task.uuid;
    let id = ctx
        .store
        .edit(&format!("add \"{title}\""), ctx.now_utc(), |tx| {
            resolve_links(tx, &mut task, &mods)?;
            tx.apply(Change::Put(Box::new(task)))
        })?;
    if ctx.json {
        let listed = ctx
            .store
            .task_by_uuid(&uuid)?
            .ok_or_else(|| StoreError::NotFound(uuid.to_string()))?;
        print_json(&TaskJson::new(&listed, ctx.now_utc(), &ctx.config.urgency))?;
    } else {
        println!("Created task {id}: {title}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Resolves `depends:` and `parent:` selectors to UUIDs, inside the write transaction.
fn resolve_links(tx: &Tx<'_>, task: &mut Task, mods: &Mods) -> Result<(), StoreError> {
    if let Some(deps) = &mods.depends {
        let mut uuids = Vec::new();
        for sel in deps {
            uuids.extend(tx.resolve(sel)?.into_iter().map(|l| l.task.uuid));
        }
        uuids.sort();
        uuids.dedup();
        task.depends = uuids;
    }
    if let Some(parent) = &mods.parent {
        task.parent = match parent {
            Some(sel) => Some(one(tx.resolve(sel)?, sel)?.uuid),
            None => None,
        };
    }
    Ok(())
}

fn one(mut found: Vec<ListedTask>, sel: &str) -> Result<Task, StoreError> {
    match found.len() {
        1 => Ok(found.remove(0).task),
        _ => Err(StoreError::Invalid(format!(
            "`{sel}` must name exactly one task"
        ))),
    }
}

pub(super) fn show(ctx: &Context, selector: &str) -> Out {
    let listed = one(ctx.store.resolve(selector)?, selector)?;
    let l = ctx
        .store
        .task_by_uuid(&listed.uuid)?
        .ok_or_else(|| StoreError::NotFound(selector.to_string()))?;
    if ctx.json {
        print_json(&TaskJson::new(&l, ctx.now_utc(), &ctx.config.urgency))?;
        return Ok(ExitCode::SUCCESS);
    }
    let t = &l.task;
    let fmt = |d: DateTime<Utc>| {
        let local = d.with_timezone(&Local);
        format!(
            "{} {} ({})",
            local.format(&ctx.config.display.date_format),
            local.format(&ctx.config.display.time_format),
            relative(d, ctx.now_utc())
        )
    };
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
    if let Some(p) = t.parent {
        let name = ctx
            .store
            .task_by_uuid(&p)?
            .map(|l| format!("{} {}", l.task.id, l.task.title));
        push(
            "Parent",
            Some(name.unwrap_or_else(|| format!("{p} (missing)"))),
        );
    }
    for d in &t.depends {
        let name = ctx
            .store
            .task_by_uuid(d)?
            .map(|l| format!("{} {} [{}]", l.task.id, l.task.title, l.task.status));
        push(
            "Depends on",
            Some(name.unwrap_or_else(|| format!("{d} (missing)"))),
        );
    }
    for c in ctx.store.children(&t.uuid)? {
        push(
            "Subtask",
            Some(format!(
                "{} {} [{}]",
                c.task.id, c.task.title, c.task.status
            )),
        );
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
            println!("{}  {}", fmt(a.at), a.text);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn modify(ctx: &mut Context, target: &str, words: &[String]) -> Out {
    let mods = parse_mods(words, &ctx.now, false)?;
    if mods.is_empty() {
        return Err(UsageError(
            "nothing to change: give attributes (due:fri +tag) or a new title".into(),
        )
        .into());
    }
    let now = ctx.now;
    let store = &mut ctx.store;
    let changed: Vec<(i64, String)> =
        store.edit(&format!("modify {target}"), now.with_timezone(&Utc), |tx| {
            let tasks = targets(&now, tx, target)?;
            let mut changed = Vec::new();
            for mut t in tasks {
                mods.apply_to(&mut t, &now)?;
                resolve_links(tx, &mut t, &mods)?;
                changed.push((t.id, t.title.clone()));
                tx.apply(Change::Put(Box::new(t)))?;
            }
            Ok::<_, anyhow::Error>(changed)
        })?;
    report(ctx, "Modified", &changed)
}

/// A modify target is ids or a UUID prefix if it reads as one, otherwise a filter.
fn targets(now: &DateTime<Local>, tx: &Tx<'_>, target: &str) -> anyhow::Result<Vec<Task>> {
    let looks_like_ids = parse_id_list(target).is_some()
        || uuid_prefix(target)
            .is_some_and(|p| p.chars().any(|c| c.is_ascii_alphabetic() || c == '-'));
    let found = if looks_like_ids {
        tx.resolve(target)?
    } else {
        let filter: Filter = crate::model::filter::parse(target, now)?.with_default_status();
        tx.list(&filter)?
    };
    if found.is_empty() {
        return Err(StoreError::NotFound(target.to_string()).into());
    }
    Ok(found.into_iter().map(|l| l.task).collect())
}

fn report(ctx: &Context, verb: &str, changed: &[(i64, String)]) -> Out {
    if ctx.json {
        let items: Vec<_> = changed
            .iter()
            .map(|(id, title)| json!({"id": id, "title": title}))
            .collect();
        print_json(&json!({ "action": verb.to_lowercase(), "tasks": items }))?;
    } else {
        for (id, title) in changed {
            println!("{verb} task {id}: {title}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Resolves every selector first, so one bad id changes nothing.
fn resolve_all(tx: &Tx<'_>, selectors: &[String]) -> Result<Vec<Task>, StoreError> {
    let mut tasks: Vec<Task> = Vec::new();
    for sel in selectors {
        for l in tx.resolve(sel)? {
            if !tasks.iter().any(|t| t.uuid == l.task.uuid) {
                tasks.push(l.task);
            }
        }
    }
    Ok(tasks)
}

pub(super) fn start_stop(ctx: &mut Context, ids: &[String], start: bool) -> Out {
    let now = ctx.now_utc();
    let verb = if start { "Started" } else { "Stopped" };
    let changed = ctx.store.edit(
        &format!("{} {}", if start { "start" } else { "stop" }, ids.join(" ")),
        now,
        |tx| {
            let mut changed = Vec::new();
            for mut t in resolve_all(tx, ids)? {
                match (start, t.status) {
                    (_, s) if !s.is_open() => {
                        return Err(UsageError(format!(
                            "task {} is {s}; reopen it with `tempo modify {} status:pending`",
                            t.id, t.id
                        ))
                        .into());
                    }
                    (true, Status::Started) => {
                        return Err(UsageError(format!("task {} is already started", t.id)).into());
                    }
                    (false, s) if s != Status::Started => {
                        return Err(UsageError(format!("task {} is not started", t.id)).into());
                    }
                    (true, _) => t.start(now),
                    (false, _) => t.stop(now),
                }
                changed.push((t.id, t.title.clone()));
                tx.apply(Change::Put(Box::new(t)))?;
            }
            Ok::<_, anyhow::Error>(changed)
        },
    )?;
    report(ctx, verb, &changed)
}

pub(super) fn done(ctx: &mut Context, ids: &[String]) -> Out {
    let local = ctx.now;
    let now = ctx.now_utc();
    let mut next_ids = Vec::new();
    let changed = ctx
        .store
        .edit(&format!("done {}", ids.join(" ")), now, |tx| {
            let mut changed = Vec::new();
            for mut t in resolve_all(tx, ids)? {
                if !t.status.is_open() {
                    return Err(UsageError(format!("task {} is already {}", t.id, t.status)).into());
                }
                t.complete(now);
                changed.push((t.id, t.title.clone()));
                let next = next_instance(&t, &local);
                tx.apply(Change::Put(Box::new(t)))?;
                if let Some(next) = next {
                    // The instance's UUID is derived from its date: if it exists, it was already made.
                    if tx.task_by_uuid(&next.uuid)?.is_none() {
                        let due = next.due;
                        let id = tx.apply(Change::Put(Box::new(next)))?;
                        next_ids.push((id, due));
                    }
                }
            }
            Ok::<_, anyhow::Error>(changed)
        })?;
    if !ctx.json {
        for (id, due) in &next_ids {
            let when = due
                .map(|d| format!(", due {}", relative(d, now)))
                .unwrap_or_default();
            println!("Next occurrence: task {id}{when}");
        }
    }
    report(ctx, "Completed", &changed)
}

pub(super) fn delete(ctx: &mut Context, ids: &[String], yes: bool) -> Out {
    let now = ctx.now_utc();
    let changed = ctx
        .store
        .edit(&format!("delete {}", ids.join(" ")), now, |tx| {
            let tasks = resolve_all(tx, ids)?;
            if tasks.len() > 1 && !yes {
                return Err(UsageError(format!(
                "this would delete {} tasks; add --yes to confirm (tempo undo brings them back)",
                tasks.len()
            ))
            .into());
            }
            let mut changed = Vec::new();
            for t in tasks {
                changed.push((t.id, t.title.clone()));
                tx.apply(Change::Delete(t.uuid))?;
            }
            Ok::<_, anyhow::Error>(changed)
        })?;
    report(ctx, "Deleted", &changed)
}

pub(super) fn annotate(ctx: &mut Context, selector: &str, text: &[String]) -> Out {
    let now = ctx.now_utc();
    let note = text.join(" ");
    if note.trim().is_empty() {
        return Err(UsageError("an annotation needs some text".into()).into());
    }
    let changed = ctx.store.edit(&format!("annotate {selector}"), now, |tx| {
        let mut t = one(tx.resolve(selector)?, selector)?;
        t.annotations.push(Annotation {
            at: now,
            text: note.clone(),
        });
        t.modified = now;
        let changed = vec![(t.id, t.title.clone())];
        tx.apply(Change::Put(Box::new(t)))?;
        Ok::<_, anyhow::Error>(changed)
    })?;
    report(ctx, "Annotated", &changed)
}

pub(super) fn undo(ctx: &mut Context) -> Out {
    match ctx.store.undo()? {
        Some(g) => {
            if ctx.json {
                print_json(&json!({"undone": g.description, "at": g.at, "tasks": g.tasks}))?;
            } else {
                let n = g.tasks;
                println!(
                    "Undid `{}` ({n} task{})",
                    g.description,
                    if n == 1 { "" } else { "s" }
                );
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
