//! The bearer token of an OAuth account as the CalDAV client's `Authorize`: the access token
//! lives in memory only (shared by the sync passes of one process), is renewed a minute before
//! it expires and once after a 401, and a rotated refresh token is kept at once.

use std::cell::Cell;
use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

use super::grant::{self, OAuthClient, Tokens};
use super::vault;
use crate::store::OAuthAccount;
use crate::sync::dav::{Authorize, DavError};

/// Renewed this long before it expires (a quarter of a short lifetime), so a request seldom
/// goes out with a token that dies on the way.
const MARGIN: Duration = Duration::from_secs(60);

type Key = (PathBuf, String);

/// Access tokens of this process, by database and account: the background thread's passes
/// reuse one until it is close to expiry instead of refreshing each time.
static ACCESS: LazyLock<Mutex<HashMap<Key, (String, Instant)>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

pub struct Bearer {
    key: Key,
    settings: OAuthAccount,
    client: OAuthClient,
    agent: ureq::Agent,
    /// Set when a refresh was refused as `invalid_grant`, for the caller to record.
    signed_out: Rc<Cell<bool>>,
}

impl Bearer {
    pub fn new(
        account: &str,
        db: PathBuf,
        settings: OAuthAccount,
        client: OAuthClient,
    ) -> Result<Bearer, DavError> {
        Ok(Bearer {
            key: (db, account.to_string()),
            settings,
            client,
            agent: super::http::agent()?,
            signed_out: Rc::new(Cell::new(false)),
        })
    }

    /// Starts from tokens just obtained by signing in.
    pub fn remember(&self, tokens: &Tokens) {
        remember(&self.key, tokens);
    }

    /// Becomes true once the sign-in is found gone; nothing more is asked of the server then.
    pub fn signed_out(&self) -> Rc<Cell<bool>> {
        Rc::clone(&self.signed_out)
    }

    fn cached(&self) -> Option<String> {
        let map = ACCESS.lock().ok()?;
        let (token, until) = map.get(&self.key)?;
        (Instant::now() < *until).then(|| token.clone())
    }

    fn renew(&self) -> Result<String, DavError> {
        let (db, account) = &self.key;
        if self.signed_out.get() {
            return Err(DavError::SignIn(account.clone()));
        }
        let store = &self.settings.token_store;
        let Some(refresh) = vault::load(account, db, store) else {
            self.signed_out.set(true);
            return Err(DavError::SignIn(account.clone()));
        };
        let got = grant::refresh(
            &self.agent,
            &self.settings.token_endpoint,
            &self.client,
            &refresh,
            account,
        );
        let tokens = match got {
            Ok(t) => t,
            Err(e) => {
                if matches!(e, DavError::SignIn(_)) {
                    self.signed_out.set(true);
                    forget(&self.key);
                }
                return Err(e);
            }
        };
        if let Some(next) = tokens.refresh.as_deref().filter(|n| *n != refresh) {
            vault::replace(account, db, store, next).map_err(|e| {
                super::http::failed(
                    &self.settings.issuer,
                    format!("cannot keep the renewed sign-in: {e}"),
                    false,
                )
            })?;
        }
        tracing::debug!("{account}: access token renewed");
        remember(&self.key, &tokens);
        Ok(tokens.access)
    }
}

impl Authorize for Bearer {
    fn authorization(&self) -> Result<String, DavError> {
        let token = match self.cached() {
            Some(t) => t,
            None => self.renew()?,
        };
        Ok(format!("Bearer {token}"))
    }

    fn refused(&self) -> Result<bool, DavError> {
        forget(&self.key);
        self.renew().map(|_| true)
    }
}

fn remember(key: &Key, tokens: &Tokens) {
    if let Ok(mut map) = ACCESS.lock() {
        let life = Duration::from_secs(tokens.expires_in);
        let until = Instant::now() + life - MARGIN.min(life / 4);
        map.insert(key.clone(), (tokens.access.clone(), until));
    }
}

fn forget(key: &Key) {
    if let Ok(mut map) = ACCESS.lock() {
        map.remove(key);
    }
}
