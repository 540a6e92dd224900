//! `tempo import` and `tempo export`.

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use chrono::Local;

use super::args::{ExportFormat, ImportFormat};
use super::context::{Context, UsageError};
use super::output::{import_counts, print_json};
use crate::interop::{taskwarrior, todotxt, tw_export};

type Out = anyhow::Result<ExitCode>;

pub(super) fn read_input(path: &Path) -> anyhow::Result<String> {
    let mut text = String::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading standard input")?;
    } else {
        text = std::fs::read_to_string(path)
            .map_err(|e| UsageError(format!("cannot read {}: {e}", path.display())))?;
    }
    Ok(text)
}

/// The raw bytes of a file, or of standard input for `-` (a calendar decodes them itself).
pub(super) fn read_bytes(path: &Path) -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
    } else {
        bytes = std::fs::read(path)
            .map_err(|e| UsageError(format!("cannot read {}: {e}", path.display())))?;
    }
    Ok(bytes)
}

pub(super) fn import(ctx: &mut Context, format: &ImportFormat) -> Out {
    let now = ctx.now_utc();

    let (name, path, tasks, skipped, warnings) = match format {
        ImportFormat::Taskwarrior { file } => {
            let text = read_input(file)?;
            let r = taskwarrior::parse_export(&text, &Local, now)?;
            ("taskwarrior", file, r.tasks, r.templates, r.warnings)
        }
        ImportFormat::Todotxt { file } => {
            let text = read_input(file)?;
            let mut tasks = Vec::new();
            let mut warnings = Vec::new();
            for (n, line) in text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
            {
                match todotxt::parse_line(line, &Local, now) {
                    Ok(t) => match ctx.store.task_by_uuid(&t.uuid)? {
                        Some(existing) => tasks.push(todotxt::merge(&existing.task, t, &Local)),
                        None => tasks.push(t),
                    },
                    Err(e) => warnings.push(format!("line {}: skipped: {e}", n + 1)),
                }
            }
            ("todo.txt", file, tasks, 0, warnings)
        }
        ImportFormat::Timewarrior { file } => return import_timewarrior(ctx, file),
    };
    let description = format!("import {name} {}", path.display());
    let report = ctx
        .store
        .edit(&description, now, |tx| tx.apply_bulk(tasks))?;
    if report.added + report.updated > 0 {
        ctx.store.refresh_statistics()?;
    }
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    if ctx.json {
        print_json(&serde_json::json!({
            "added": report.added, "updated": report.updated, "unchanged": report.unchanged,
            "skipped_templates": skipped, "warnings": warnings,
        }))?;
    } else {
        let mut line = import_counts("tasks", report.added, report.updated, report.unchanged);
        if skipped > 0 {
            line.push_str(&format!(
                "; {skipped} recurrence templates skipped (their instances were imported)"
            ));
        }
        if !warnings.is_empty() {
            line.push_str(&format!("; {} warnings", warnings.len()));
        }
        println!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn export(ctx: &Context, format: &ExportFormat) -> Out {
    let words = match format {
        ExportFormat::Json { filter }
        | ExportFormat::Todotxt { filter }
        | ExportFormat::Taskwarrior { filter } => filter,
    };
    let filter = ctx.filter(words)?;
    match format {
        ExportFormat::Json { .. } => {
            let mut ids = Vec::new();
            ctx.store.for_each(&filter, |l| {
                ids.push(l.task.id);
                Ok::<_, crate::store::StoreError>(())
            })?;
            super::list::print_json_stream(ctx, &ids)?;
        }
        ExportFormat::Todotxt { .. } => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            ctx.store.for_each(&filter, |l| {
                writeln!(out, "{}", todotxt::format_line(&l.task, &Local))?;
                Ok::<_, anyhow::Error>(())
            })?;
            out.flush()?;
        }
        ExportFormat::Taskwarrior { .. } => {
            let mut tasks = Vec::new();
            ctx.store.for_each(&filter, |l| {
                tasks.push(l.task.clone());
                Ok::<_, crate::store::StoreError>(())
            })?;
            let mut warnings = Vec::new();
            let items = tw_export::export(&tasks, &mut warnings);
            for w in &warnings {
                eprintln!("warning: {w}");
            }
            print_json(&items)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `tempo import timewarrior FILE`: intervals become time entries by the `[time]` tag rule.
fn import_timewarrior(ctx: &mut Context, file: &Path) -> Out {
    use crate::interop::timewarrior::{TagRule, parse_export};
    let text = read_input(file)?;
    let cfg = &ctx.config.time;
    let rule = TagRule {
        project_prefix: cfg.timew_project_prefix.clone(),
        known: if cfg.timew_known_projects {
            ctx.store.known_projects()?
        } else {
            Vec::new()
        },
        use_known: cfg.timew_known_projects,
    };
    let items = parse_export(&text, &rule)?;
    let description = format!("import timewarrior {}", file.display());
    let now = ctx.now_utc();
    let counts =
        crate::ops::time::import::entries(&mut ctx.store, &items, &description, now, &Local)?;
    if ctx.json {
        print_json(&counts)?;
    } else {
        println!(
            "{}",
            import_counts("intervals", counts.added, counts.updated, counts.unchanged)
        );
    }
    Ok(ExitCode::SUCCESS)
}
