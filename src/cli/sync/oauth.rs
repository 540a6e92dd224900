//! The OAuth 2.0 side of `tempo sync add-account` (`--oauth --issuer --client-id …`) and
//! `tempo sync login NAME`: the device sign-in shown to the person, the refresh token kept.

use std::process::ExitCode;

use clap::Args;

use super::Out;
use crate::cli::context::{Context, UsageError};
use crate::store::OAuthAccount;
use crate::sync::oauth::{self, DeviceCode, Request, Tokens, google};

#[derive(Debug, Args)]
pub(super) struct OAuthArgs {
    /// Sign in with OAuth 2.0 (device sign-in: a URL and a code to enter in a browser)
    #[arg(long, group = "oauth_kind", requires_all = ["issuer", "client_id"], conflicts_with_all = ["user", "password_env", "password_command", "keyring"])]
    pub(super) oauth: bool,
    /// Google Calendar: give your Google address as the URL and your own OAuth client id
    /// (see the README); signs in through the browser
    #[arg(long, group = "oauth_kind", requires = "client_id", conflicts_with_all = ["issuer", "user", "password_env", "password_command", "keyring"])]
    pub(super) google: bool,
    /// The authorization server (its endpoints are found by discovery)
    #[arg(long, value_name = "URL", requires = "oauth_kind")]
    pub(super) issuer: Option<String>,
    /// The OAuth client id registered for Tempo at that server
    #[arg(long, value_name = "ID", requires = "oauth_kind")]
    pub(super) client_id: Option<String>,
    /// A shell command printing the client secret, for a confidential client
    #[arg(long, value_name = "CMD", requires = "oauth_kind")]
    pub(super) client_secret_command: Option<String>,
    /// Sign in through a browser on this machine (a redirect to 127.0.0.1, with PKCE)
    /// instead of the device code
    #[arg(long, requires = "oauth_kind")]
    pub(super) browser: bool,
    /// A scope to ask for (repeat for several)
    #[arg(long = "scope", value_name = "SCOPE", requires = "oauth_kind")]
    pub(super) scopes: Vec<String>,
}

#[derive(Debug, Args)]
pub struct Login {
    /// The OAuth account to sign in again
    name: String,
    /// Sign in through a browser on this machine instead of the device code
    #[arg(long)]
    browser: bool,
}

impl OAuthArgs {
    /// Whether the account signs in with OAuth (`--oauth` or `--google`).
    pub(super) fn any(&self) -> bool {
        self.oauth || self.google
    }

    pub(super) fn request(&self) -> Result<Request, UsageError> {
        if self.google {
            return Ok(Request {
                issuer: google::ISSUER.to_string(),
                client_id: self.client_id.clone().unwrap_or_default(),
                client_secret_command: self.client_secret_command.clone(),
                scopes: google::scopes(&self.scopes),
            });
        }
        let issuer = self.issuer.clone().unwrap_or_default();
        crate::sync::dav::href::refuse_userinfo(&issuer).map_err(UsageError)?;
        if !(issuer.starts_with("https://") || is_loopback_http(&issuer)) {
            return Err(UsageError(format!(
                "--issuer must be an https:// URL (plain http only on this machine), not `{}`",
                crate::sync::dav::href::redact(&issuer)
            )));
        }
        Ok(Request {
            issuer,
            client_id: self.client_id.clone().unwrap_or_default(),
            client_secret_command: self.client_secret_command.clone(),
            scopes: self.scopes.join(" "),
        })
    }
}

fn is_loopback_http(url: &str) -> bool {
    crate::sync::dav::href::Origin::of(url)
        .is_some_and(|o| !o.is_https() && crate::sync::dav::tls::is_loopback(o.host()))
}

/// Tells the person where to sign in (on standard error: standard output stays for results).
fn show(code: &DeviceCode) {
    match &code.verification_uri_complete {
        Some(full) => eprintln!(
            "To sign in, open {full}\n(or open {} and enter the code {})",
            code.verification_uri, code.user_code
        ),
        None => eprintln!(
            "To sign in, open {} and enter the code {}",
            code.verification_uri, code.user_code
        ),
    }
    eprintln!("Waiting for the sign-in…");
}

/// Signs in by browser when asked (or when the server offers no device sign-in), else by
/// device code.
fn sign_in(name: &str, settings: &OAuthAccount, browser: bool) -> anyhow::Result<Tokens> {
    if browser || settings.device_endpoint.is_none() {
        let mut show = |url: &str| {
            eprintln!("To sign in, open this address in a browser on this machine:\n{url}");
            eprintln!("Waiting for the sign-in…");
        };
        return Ok(oauth::sign_in_browser(name, settings, &mut show)?);
    }
    Ok(oauth::sign_in_device(
        name,
        settings,
        &mut show,
        &mut std::thread::sleep,
    )?)
}

/// Adds an OAuth account: discovery at the issuer, device sign-in, then the CalDAV server.
pub(super) fn add(
    ctx: &mut Context,
    (name, url): (&str, &str),
    args: &OAuthArgs,
    (every, ca_file): (u32, Option<&str>),
) -> anyhow::Result<crate::sync::Added> {
    let req = args.request()?;
    let url = if args.google {
        google::caldav_url(url).map_err(UsageError)?
    } else {
        url.to_string()
    };
    if ctx.store.account(name)?.is_some() {
        return Err(UsageError(format!("there is already an account called “{name}”")).into());
    }
    let mut settings = oauth::settings(name, &req)?;
    // Google's device sign-in does not cover the calendar scope: the browser it is.
    let tokens = sign_in(name, &settings, args.browser || args.google)?;
    let db = oauth::db_path(&ctx.store)?;
    if let Some(w) = oauth::keep(name, &db, &mut settings, &tokens)? {
        eprintln!("warning: {w}");
    }
    let added = crate::sync::add_oauth_account(
        &mut ctx.store,
        name,
        &url,
        (&settings, &tokens),
        (every, ca_file),
    );
    if added.is_err() {
        oauth::vault::forget(name, &db);
    }
    if args.google {
        eprintln!("note: {}", google::NO_TASKS);
    }
    Ok(added?)
}

/// An account's way of signing in and whether it is signed in, for `list-accounts`.
pub(super) fn auth_state(
    ctx: &Context,
    name: &str,
) -> anyhow::Result<(serde_json::Value, Option<String>)> {
    Ok(match ctx.store.account_oauth(name)? {
        None => (serde_json::json!({"kind": "basic"}), None),
        Some(o) => {
            let note = (!o.signed_in).then(|| format!("sign in again: tempo sync login {name}"));
            let json = serde_json::json!({
                "kind": "oauth",
                "issuer": o.issuer,
                "signed_in": o.signed_in,
                "token_store": o.token_store,
            });
            (json, note)
        }
    })
}

/// `tempo sync login NAME`: signs in again; the account syncs again at once in the background.
pub(super) fn login(ctx: &mut Context, a: &Login) -> Out {
    let name = &a.name;
    if ctx.store.account(name)?.is_none() {
        return Err(UsageError(format!("no account called “{name}”")).into());
    }
    let Some(old) = ctx.store.account_oauth(name)? else {
        return Err(UsageError(format!(
            "“{name}” signs in with a password, not OAuth; nothing to log in to"
        ))
        .into());
    };
    let req = Request {
        issuer: old.issuer.clone(),
        client_id: old.client_id.clone(),
        client_secret_command: old.client_secret_command.clone(),
        scopes: old.scopes.clone(),
    };
    let mut settings = oauth::settings(name, &req)?;
    let google = settings.issuer == google::ISSUER;
    let tokens = sign_in(name, &settings, a.browser || google)?;
    let db = oauth::db_path(&ctx.store)?;
    if let Some(w) = oauth::keep(name, &db, &mut settings, &tokens)? {
        eprintln!("warning: {w}");
    }
    let bearer = oauth::bearer(&ctx.store, name, &settings)?;
    bearer.remember(&tokens);
    ctx.store.set_account_oauth(name, &settings)?;
    ctx.store.set_account_enabled(name, true)?;
    println!("Signed in “{name}”. Sync now: tempo sync --account {name}");
    Ok(ExitCode::SUCCESS)
}
