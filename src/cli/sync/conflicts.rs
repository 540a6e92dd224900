//! `tempo sync conflicts` and `tempo sync resolve ID --keep local|remote`.

use std::process::ExitCode;

use clap::Args;

use super::{Out, when};
use crate::cli::context::Context;
use crate::cli::output::print_json;
use crate::config::local_zone;
use crate::sync::{Keep, field_values, summary_of};

#[derive(Debug, Args)]
pub struct ResolveArgs {
    /// The conflict's number (tempo sync conflicts)
    id: i64,
    #[arg(long, value_enum)]
    keep: KeepSide,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum KeepSide {
    /// This machine's version (uploaded at the next sync)
    Local,
    /// The server's version
    Remote,
}

pub(super) fn list(ctx: &mut Context) -> Out {
    let list = ctx.store.conflicts()?;
    if ctx.json {
        print_json(&list)?;
    } else if list.is_empty() {
        println!("No conflicts.");
    } else {
        for c in &list {
            println!(
                "{}  {}  in {} ({}): both sides changed {}",
                c.id,
                summary_of(&c.local),
                c.calendar,
                when(Some(c.at)),
                c.fields
            );
            println!("    here:   {}", field_values(&c.local, &c.fields));
            println!("    server: {}", field_values(&c.remote, &c.fields));
        }
        println!("Keep one: tempo sync resolve ID --keep local|remote");
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn resolve(ctx: &mut Context, a: &ResolveArgs) -> Out {
    let k = match a.keep {
        KeepSide::Local => Keep::Local,
        KeepSide::Remote => Keep::Remote,
    };
    let now = ctx.now_utc();
    let title = crate::sync::resolve(&mut ctx.store, a.id, k, local_zone(), now)?;
    if k == Keep::Local {
        println!("Kept the local version of “{title}”; it is uploaded at the next sync");
    } else {
        println!("Kept the server's version of “{title}”");
    }
    Ok(ExitCode::SUCCESS)
}
