//! An OAuth 2.0 account's sign-in settings: the issuer, the client, the endpoints found by
//! discovery and whether the person is signed in. Tokens never come here.

use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OAuthAccount {
    pub issuer: String,
    pub client_id: String,
    /// A shell command printing the client secret (a confidential client); never the secret.
    pub client_secret_command: Option<String>,
    /// Space-separated, as sent.
    pub scopes: String,
    pub token_endpoint: String,
    pub device_endpoint: Option<String>,
    pub authorization_endpoint: Option<String>,
    /// Where the refresh token is: `keyring` or `file`.
    pub token_store: String,
    pub signed_in: bool,
}

impl Store {
    /// Records (or replaces) the OAuth settings of the account `name`.
    pub fn set_account_oauth(&mut self, name: &str, o: &OAuthAccount) -> Result<(), StoreError> {
        let n = self.conn().execute(
            "INSERT OR REPLACE INTO account_oauth (account_id, issuer, client_id,
                 client_secret_command, scopes, token_endpoint, device_endpoint,
                 authorization_endpoint, token_store, signed_in)
             SELECT id, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10 FROM accounts WHERE name = ?1",
            params![
                name,
                o.issuer,
                o.client_id,
                o.client_secret_command,
                o.scopes,
                o.token_endpoint,
                o.device_endpoint,
                o.authorization_endpoint,
                o.token_store,
                o.signed_in
            ],
        )?;
        if n == 0 {
            return Err(StoreError::Invalid(format!("no account called “{name}”")));
        }
        Ok(())
    }

    /// The OAuth settings of the account `name`; `None` for a password account.
    pub fn account_oauth(&self, name: &str) -> Result<Option<OAuthAccount>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT o.issuer, o.client_id, o.client_secret_command, o.scopes,
                        o.token_endpoint, o.device_endpoint, o.authorization_endpoint,
                        o.token_store, o.signed_in
                 FROM account_oauth o JOIN accounts a ON a.id = o.account_id
                 WHERE a.name = ?1",
                [name],
                |r| {
                    Ok(OAuthAccount {
                        issuer: r.get(0)?,
                        client_id: r.get(1)?,
                        client_secret_command: r.get(2)?,
                        scopes: r.get(3)?,
                        token_endpoint: r.get(4)?,
                        device_endpoint: r.get(5)?,
                        authorization_endpoint: r.get(6)?,
                        token_store: r.get(7)?,
                        signed_in: r.get(8)?,
                    })
                },
            )
            .optional()?)
    }

    /// Marks the OAuth account `name` signed in or out (a refused refresh signs it out).
    pub fn set_oauth_signed_in(&mut self, name: &str, signed_in: bool) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE account_oauth SET signed_in = ?2
             WHERE account_id = (SELECT id FROM accounts WHERE name = ?1)",
            params![name, signed_in],
        )?;
        Ok(())
    }

    /// The database file, for files kept beside it (a refresh token without a keyring).
    pub fn path(&self) -> Option<std::path::PathBuf> {
        self.conn()
            .path()
            .filter(|p| !p.is_empty())
            .map(std::path::PathBuf::from)
    }
}
