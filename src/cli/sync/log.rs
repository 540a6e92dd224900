//! `tempo sync log`: what each sync did.

use std::process::ExitCode;

use clap::Args;

use super::{Out, when};
use crate::cli::context::Context;
use crate::cli::output::{Columns, Role, Table, print_json};
use crate::sync::dav::href;

#[derive(Debug, Args)]
pub struct LogArgs {
    #[arg(long, default_value_t = 20)]
    limit: usize,
}

pub(super) fn show(ctx: &mut Context, a: &LogArgs) -> Out {
    let log: Vec<_> = ctx
        .store
        .sync_log(a.limit)?
        .into_iter()
        .map(|l| crate::store::SyncLogEntry {
            error: href::redact_text(&l.error),
            ..l
        })
        .collect();
    if ctx.json {
        print_json(&log)?;
        return Ok(ExitCode::SUCCESS);
    }
    if log.is_empty() {
        println!("No syncs yet.");
        return Ok(ExitCode::SUCCESS);
    }
    let rows = log
        .iter()
        .map(|l| {
            (
                if l.error.is_empty() {
                    Role::Plain
                } else {
                    Role::Overdue
                },
                vec![
                    when(Some(l.at)),
                    l.target.clone(),
                    l.added.to_string(),
                    l.updated.to_string(),
                    l.removed.to_string(),
                    l.error.clone(),
                ],
            )
        })
        .collect();
    Table {
        columns: Columns::new(
            vec!["When", "Calendar", "Added", "Updated", "Removed", "Error"],
            5,
            vec![2, 3, 4],
        ),
        rows,
    }
    .print(ctx.width, ctx.color)?;
    Ok(ExitCode::SUCCESS)
}
