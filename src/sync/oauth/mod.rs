//! OAuth 2.0 accounts: the issuer's endpoints by discovery (`discovery`), signing in with the
//! device grant (`grant`), the refresh token kept in the keyring or a private file (`vault`)
//! and the access token in memory, renewed as needed (`bearer`). The database holds only
//! where to sign in and whether the account is signed in (`store::OAuthAccount`).

mod bearer;
pub mod browser;
pub mod discovery;
pub mod google;
pub mod grant;
mod http;
pub mod vault;

use std::path::PathBuf;
use std::time::Duration;

pub use bearer::Bearer;
pub use grant::{DeviceCode, OAuthClient, Tokens};

use crate::store::{OAuthAccount, Store};
use crate::sync::dav::DavError;
use crate::sync::{Result, SyncError, usage};

/// What the person asked for when adding an OAuth account.
#[derive(Debug, Clone)]
pub struct Request {
    pub issuer: String,
    pub client_id: String,
    pub client_secret_command: Option<String>,
    pub scopes: String,
}

/// The client, its secret read from the person's command now (never stored).
pub fn client(account: &str, o: &OAuthAccount) -> Result<OAuthClient> {
    let secret = match &o.client_secret_command {
        Some(cmd) => Some(crate::sync::password_from(
            account,
            &format!("command:{cmd}"),
        )?),
        None => None,
    };
    Ok(OAuthClient {
        id: o.client_id.clone(),
        secret,
    })
}

/// The settings to record for `req`, its endpoints found by discovery (not signed in yet).
pub fn settings(account: &str, req: &Request) -> Result<OAuthAccount> {
    let agent = http::agent().map_err(|e| SyncError::dav(account, e))?;
    let found = discovery::discover(&agent, &req.issuer).map_err(|e| SyncError::dav(account, e))?;
    Ok(OAuthAccount {
        issuer: req.issuer.clone(),
        client_id: req.client_id.clone(),
        client_secret_command: req.client_secret_command.clone(),
        scopes: req.scopes.clone(),
        token_endpoint: found.token,
        device_endpoint: found.device,
        authorization_endpoint: found.authorization,
        token_store: String::new(),
        signed_in: false,
    })
}

/// Signs in with the device grant: `show` tells the person where to go and what to type,
/// then the token endpoint is polled (`sleep` waits between polls) until they approve.
pub fn sign_in_device(
    account: &str,
    o: &OAuthAccount,
    show: &mut dyn FnMut(&DeviceCode),
    sleep: &mut dyn FnMut(Duration),
) -> Result<Tokens> {
    let endpoint = o.device_endpoint.as_deref().ok_or_else(|| {
        usage(format!(
            "{} offers no device sign-in (no device_authorization_endpoint)",
            o.issuer
        ))
    })?;
    let c = client(account, o)?;
    let agent = http::agent().map_err(|e| SyncError::dav(account, e))?;
    let code = grant::start_device(&agent, endpoint, &c, &o.scopes)
        .map_err(|e| SyncError::dav(account, e))?;
    show(&code);
    grant::poll_device(&agent, &o.token_endpoint, &c, &code, sleep)
        .map_err(|e| SyncError::dav(account, e))
}

/// Signs in through a browser: a loopback redirect with PKCE and `state`; `show` gets the URL.
pub fn sign_in_browser(
    account: &str,
    o: &OAuthAccount,
    show: &mut dyn FnMut(&str),
) -> Result<Tokens> {
    let endpoint = o.authorization_endpoint.as_deref().ok_or_else(|| {
        usage(format!(
            "{} offers no browser sign-in (no authorization_endpoint)",
            o.issuer
        ))
    })?;
    let c = client(account, o)?;
    let agent = http::agent().map_err(|e| SyncError::dav(account, e))?;
    browser::sign_in(&agent, (endpoint, &o.token_endpoint), &c, &o.scopes, show)
        .map_err(|e| SyncError::dav(account, e))
}

/// Keeps the refresh token of a sign-in; the settings then say where it is and that the
/// account is signed in. The warning (a file, not a keyring) is for the person, once.
pub fn keep(
    account: &str,
    db: &std::path::Path,
    o: &mut OAuthAccount,
    tokens: &Tokens,
) -> Result<Option<String>> {
    let refresh = tokens.refresh.as_deref().ok_or_else(|| {
        SyncError::dav(
            account,
            http::failed(
                &o.issuer,
                "it gave no refresh token (is the offline_access scope or the refresh_token grant allowed for this client?)",
                false,
            ),
        )
    })?;
    let saved = vault::save(account, db, refresh)?;
    o.token_store = saved.store.to_string();
    o.signed_in = true;
    Ok(saved.warning)
}

/// The bearer for a stored OAuth account; a signed-out account fails at once, without asking
/// the server anything.
pub fn bearer(store: &Store, account: &str, o: &OAuthAccount) -> Result<Bearer> {
    if !o.signed_in {
        return Err(SyncError::dav(
            account,
            DavError::SignIn(account.to_string()),
        ));
    }
    let db = db_path(store)?;
    Bearer::new(account, db, o.clone(), client(account, o)?).map_err(|e| SyncError::dav(account, e))
}

/// The database's path: an OAuth account's tokens are kept beside it or named after it.
pub fn db_path(store: &Store) -> Result<PathBuf> {
    store
        .path()
        .ok_or_else(|| usage("OAuth accounts need a database file"))
}

#[cfg(test)]
mod grant_tests;
