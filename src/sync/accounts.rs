//! Adding an account: discovery on the server, then the account and its calendars recorded.

use super::*;

/// What adding an account found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Added {
    pub home: String,
    /// Local calendar name, what it holds.
    pub calendars: Vec<(String, String)>,
    /// What the server named on another origin and was not followed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub refused: Vec<String>,
}

/// Checks the account against the server (discovery), then records it and its calendars.
pub fn add_account(
    store: &mut Store,
    name: &str,
    (url, username, password_from): (&str, &str, &str),
    password: &str,
    (interval_minutes, ca_file): (u32, Option<&str>),
) -> Result<Added> {
    crate::sync::dav::href::refuse_userinfo(url).map_err(usage)?;
    if store.account(name)?.is_some() {
        return Err(usage(format!(
            "there is already an account called “{name}”"
        )));
    }
    let ca = ca_file.map(std::path::Path::new);
    let client = Client::with_ca_file(url, username, password, ca).map_err(|e| dav(name, e))?;
    record(
        store,
        name,
        (url, username, password_from),
        &client,
        (interval_minutes, ca_file),
    )
}

/// Adds an OAuth account just signed in (`o` says where its refresh token went): discovery
/// on the server with the bearer token, then the account, its settings and its calendars.
pub fn add_oauth_account(
    store: &mut Store,
    name: &str,
    url: &str,
    (o, tokens): (&crate::store::OAuthAccount, &oauth::Tokens),
    (interval_minutes, ca_file): (u32, Option<&str>),
) -> Result<Added> {
    crate::sync::dav::href::refuse_userinfo(url).map_err(usage)?;
    if store.account(name)?.is_some() {
        return Err(usage(format!(
            "there is already an account called “{name}”"
        )));
    }
    let db = oauth::db_path(store)?;
    let bearer = oauth::Bearer::new(name, db, o.clone(), oauth::client(name, o)?)
        .map_err(|e| dav(name, e))?;
    bearer.remember(tokens);
    let ca = ca_file.map(std::path::Path::new);
    let client = Client::with_auth(url, Box::new(bearer), ca).map_err(|e| dav(name, e))?;
    let added = record(
        store,
        name,
        (url, "", "oauth"),
        &client,
        (interval_minutes, ca_file),
    )?;
    store.set_account_oauth(name, o)?;
    Ok(added)
}

/// Discovery through `client`, then the account and its calendars recorded.
fn record(
    store: &mut Store,
    name: &str,
    (url, username, password_from): (&str, &str, &str),
    client: &Client,
    (interval_minutes, ca_file): (u32, Option<&str>),
) -> Result<Added> {
    let found = client.discover(url).map_err(|e| dav(name, e))?;
    let remote = client.calendars(&found.home).map_err(|e| dav(name, e))?;
    let id = store.add_account(
        name,
        url,
        username,
        password_from,
        interval_minutes,
        &found.home,
    )?;
    store.set_account_ca_file(name, ca_file)?;
    let mut out = Added {
        home: found.home,
        calendars: Vec::new(),
        refused: client.take_refused(),
    };
    for cal in &remote {
        let local = add_calendar(store, id, name, cal)?;
        out.calendars.push((local, cal.components.join(",")));
    }
    Ok(out)
}

/// A local calendar for a server calendar, named after it (with the account if taken).
pub(super) fn add_calendar(
    store: &mut Store,
    account_id: i64,
    account: &str,
    cal: &RemoteCalendar,
) -> Result<String> {
    let mut name = cal.name.clone();
    if store.calendar(&name)?.is_some() {
        name = format!("{} ({account})", cal.name);
    }
    let mut n = 2;
    while store.calendar(&name)?.is_some() {
        name = format!("{} ({account} {n})", cal.name);
        n += 1;
    }
    let colour = cal.colour.clone().unwrap_or_default();
    let id = store.add_calendar(&name, &colour, &format!("caldav:{account}"), false)?;
    store.add_remote_calendar(
        account_id,
        id,
        &cal.href,
        cal.holds("VEVENT"),
        cal.holds("VTODO"),
    )?;
    if cal.holds("VTODO") && store.setting(TASKS_CALENDAR)?.is_none() {
        store.set_setting(TASKS_CALENDAR, &name)?;
    }
    Ok(name)
}
