//! `tempo client …`: clients with their rate, currency, rounding and projects.

use std::process::ExitCode;

use super::args::{ClientCommand, ClientSettings};
use super::context::Context;
use super::output::{Columns, Role, Table, print_json};
use crate::ops::time::clients::{self, ClientSpec, ProjectRate};
use crate::time::billing::{format_cents, parse_currency, parse_rate};
use crate::time::{ClientInfo, Rounding};

type Out = anyhow::Result<ExitCode>;

pub(super) fn run(ctx: &mut Context, cmd: ClientCommand) -> Out {
    let now = ctx.now_utc();
    match cmd {
        ClientCommand::Add { name, settings } => {
            let spec = spec(&settings, None)?;
            let c = clients::add(&mut ctx.store, &name, &spec, now)?;
            print_client(ctx, "Added client", &c)
        }
        ClientCommand::Edit {
            name,
            rename,
            settings,
        } => {
            let spec = spec(&settings, rename)?;
            let c = clients::edit(&mut ctx.store, &name, &spec, now)?;
            print_client(ctx, "Changed client", &c)
        }
        ClientCommand::List => list(ctx),
    }
}

/// Every value is checked before anything is written.
fn spec(s: &ClientSettings, rename: Option<String>) -> anyhow::Result<ClientSpec> {
    let mut projects = Vec::new();
    for p in &s.projects {
        let (project, rate) = match p.split_once('=') {
            Some((name, rate)) => (name, Some(parse_rate(rate)?)),
            None => (p.as_str(), None),
        };
        if project.trim().is_empty() || project.contains(char::is_whitespace) {
            return Err(super::UsageError(format!("`{p}` is not a project name")).into());
        }
        projects.push(ProjectRate {
            project: project.to_string(),
            rate,
        });
    }
    Ok(ClientSpec {
        rate: s.rate.as_deref().map(parse_rate).transpose()?,
        currency: s.currency.as_deref().map(parse_currency).transpose()?,
        rounding: s.rounding.as_deref().map(Rounding::parse).transpose()?,
        rename,
        projects,
    })
}

fn describe(c: &ClientInfo) -> String {
    let rate = c.rate.map_or("no rate".to_string(), |r| {
        format!(
            "{}/h {}",
            format_cents(r),
            c.currency
                .as_deref()
                .unwrap_or(crate::time::billing::DEFAULT_CURRENCY)
        )
    });
    format!("{} ({rate}, rounding {})", c.name, c.rounding)
}

fn print_client(ctx: &Context, verb: &str, c: &ClientInfo) -> Out {
    if ctx.json {
        print_json(c)?;
    } else {
        println!("{verb} {}", describe(c));
    }
    Ok(ExitCode::SUCCESS)
}

fn list(ctx: &Context) -> Out {
    let (all, projects) = clients::list(&ctx.store)?;
    if ctx.json {
        print_json(&serde_json::json!({ "clients": all, "projects": projects }))?;
        return Ok(ExitCode::SUCCESS);
    }
    if all.is_empty() {
        println!("No clients yet. `tempo client add NAME --rate 85` adds one.");
        return Ok(ExitCode::SUCCESS);
    }
    let rows = all
        .iter()
        .map(|c| {
            let mine: Vec<String> = projects
                .iter()
                .filter(|p| {
                    p.client
                        .as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(&c.name))
                })
                .map(|p| match p.rate {
                    Some(r) => format!("{}={}", p.project, format_cents(r)),
                    None => p.project.clone(),
                })
                .collect();
            let cells = vec![
                c.name.clone(),
                c.rate.map(format_cents).unwrap_or_default(),
                c.currency.clone().unwrap_or_default(),
                c.rounding.to_string(),
                mine.join(" "),
            ];
            (Role::Plain, cells)
        })
        .collect();
    let columns = Columns::new(
        vec!["Client", "Rate", "Currency", "Rounding", "Projects"],
        4,
        vec![1],
    );
    Table { columns, rows }.print(ctx.width, ctx.color)?;
    Ok(ExitCode::SUCCESS)
}
