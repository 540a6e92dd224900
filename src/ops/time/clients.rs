//! Clients (rate, currency, rounding) and the projects that belong to them.

use chrono::{DateTime, Utc};

use super::super::{Result, usage};
use crate::store::{Store, Tx};
use crate::time::{Billing, ClientInfo, ProjectInfo, Rounding};

/// A project given to a client, optionally with its own rate (cents per hour).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectRate {
    pub project: String,
    pub rate: Option<i64>,
}

/// A client's settings as given; `None` leaves a field alone (on add: unset).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientSpec {
    pub rate: Option<i64>,
    pub currency: Option<String>,
    pub rounding: Option<Rounding>,
    /// A new name (edit only).
    pub rename: Option<String>,
    pub projects: Vec<ProjectRate>,
}

/// Everything reports need to price time.
pub fn billing(store: &Store) -> Result<Billing> {
    Ok(Billing::new(store.clients()?, store.project_billing()?))
}

pub fn list(store: &Store) -> Result<(Vec<ClientInfo>, Vec<ProjectInfo>)> {
    Ok((store.clients()?, store.project_billing()?))
}

fn check_name(name: &str) -> Result<()> {
    if name.trim().is_empty() || name.contains(':') {
        return Err(usage(format!(
            "`{name}` cannot be a client name: give a name without colons"
        )));
    }
    Ok(())
}

pub fn add(
    store: &mut Store,
    name: &str,
    spec: &ClientSpec,
    now: DateTime<Utc>,
) -> Result<ClientInfo> {
    check_name(name)?;
    store.edit(&format!("client add {name}"), now, |tx| {
        let mut c = ClientInfo {
            id: 0,
            name: name.trim().to_string(),
            rate: spec.rate,
            currency: spec.currency.clone(),
            rounding: spec.rounding.unwrap_or(Rounding::NONE),
        };
        c.id = tx.put_client(&c)?;
        put_projects(tx, &c.name, &spec.projects)?;
        Ok(c)
    })
}

pub fn edit(
    store: &mut Store,
    name: &str,
    spec: &ClientSpec,
    now: DateTime<Utc>,
) -> Result<ClientInfo> {
    if *spec == ClientSpec::default() {
        return Err(usage(
            "nothing to change: give --rate, --currency, --rounding, --rename or --project",
        ));
    }
    store.edit(&format!("client edit {name}"), now, |tx| {
        let mut c = find(tx, name)?;
        if let Some(new) = &spec.rename {
            check_name(new)?;
            let old = std::mem::replace(&mut c.name, new.trim().to_string());
            rename_links(tx, &old, &c.name)?;
        }
        c.rate = spec.rate.or(c.rate);
        c.currency = spec.currency.clone().or(c.currency);
        c.rounding = spec.rounding.unwrap_or(c.rounding);
        tx.put_client(&c)?;
        put_projects(tx, &c.name, &spec.projects)?;
        Ok(c)
    })
}

fn find(tx: &Tx<'_>, name: &str) -> Result<ClientInfo> {
    let all = tx.clients()?;
    let names: Vec<&str> = all.iter().map(|c| c.name.as_str()).collect();
    let listed = if names.is_empty() {
        "none yet".to_string()
    } else {
        names.join(", ")
    };
    all.iter()
        .find(|c| c.name.eq_ignore_ascii_case(name))
        .cloned()
        .ok_or_else(|| usage(format!("no client named `{name}` (clients: {listed})")))
}

fn put_projects(tx: &mut Tx<'_>, client: &str, projects: &[ProjectRate]) -> Result<()> {
    let existing = tx.project_billing()?;
    for p in projects {
        let mut row = existing
            .iter()
            .find(|e| e.project == p.project)
            .cloned()
            .unwrap_or(ProjectInfo {
                id: 0,
                project: p.project.clone(),
                client: None,
                rate: None,
                currency: None,
            });
        row.client = Some(client.to_string());
        row.rate = p.rate.or(row.rate);
        tx.put_project_billing(&row)?;
    }
    Ok(())
}

/// A renamed client keeps its projects and its tracked time: the projects billed to it and the
/// entries naming it follow the new name (in the same undo step).
fn rename_links(tx: &mut Tx<'_>, old: &str, new: &str) -> Result<()> {
    for mut p in tx.project_billing()? {
        if p.client.as_deref() == Some(old) {
            p.client = Some(new.to_string());
            tx.put_project_billing(&p)?;
        }
    }
    for mut e in tx.time_entries_of_client(old)? {
        e.attrs.client = Some(new.to_string());
        tx.put_time_entry(&e)?;
    }
    Ok(())
}
