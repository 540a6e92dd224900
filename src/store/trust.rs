//! The CA file an account or a subscription trusts besides the platform's store: kept as a
//! path (the certificate stays in its file, where the person renews it).

use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError};

impl Store {
    pub fn set_account_ca_file(
        &mut self,
        account: &str,
        path: Option<&str>,
    ) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE accounts SET ca_file = ?2 WHERE name = ?1",
            params![account, path],
        )?;
        Ok(())
    }

    pub fn account_ca_file(&self, account: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT ca_file FROM accounts WHERE name = ?1",
                [account],
                |r| r.get::<_, Option<String>>(0),
            )
            .optional()?
            .flatten())
    }

    pub fn set_subscription_ca_file(
        &mut self,
        calendar: &str,
        path: Option<&str>,
    ) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE subscriptions SET ca_file = ?2
             WHERE calendar_id = (SELECT id FROM calendars WHERE name = ?1)",
            params![calendar, path],
        )?;
        Ok(())
    }

    pub fn subscription_ca_file(&self, calendar: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT s.ca_file FROM subscriptions s JOIN calendars c ON c.id = s.calendar_id
                 WHERE c.name = ?1",
                [calendar],
                |r| r.get::<_, Option<String>>(0),
            )
            .optional()?
            .flatten())
    }
}
