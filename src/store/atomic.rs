//! All-or-nothing writes that span several store calls (a calendar import: its calendar, its
//! events, and the tasks its to-dos become). Inside such a write each call's own transaction
//! becomes a savepoint, so a failure anywhere rolls the whole of it back.

use std::ops::Deref;

use rusqlite::{Connection, Savepoint, Transaction, TransactionBehavior};

use super::{Store, StoreError};

/// The transaction of one store call: its own, or a savepoint in an enclosing one.
pub(crate) enum Write<'c> {
    Own(Transaction<'c>),
    Nested(Savepoint<'c>),
}

impl Deref for Write<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        match self {
            Write::Own(t) => t,
            Write::Nested(s) => s,
        }
    }
}

impl Write<'_> {
    pub(crate) fn commit(self) -> rusqlite::Result<()> {
        match self {
            Write::Own(t) => t.commit(),
            Write::Nested(s) => s.commit(),
        }
    }
}

/// Starts a store call's write: an immediate transaction (taking the write lock at once, so
/// it never fails half-way on a busy database), or a savepoint when one is open already.
pub(crate) fn begin(conn: &mut Connection) -> rusqlite::Result<Write<'_>> {
    if conn.is_autocommit() {
        Ok(Write::Own(conn.transaction_with_behavior(
            TransactionBehavior::Immediate,
        )?))
    } else {
        Ok(Write::Nested(conn.savepoint()?))
    }
}

impl Store {
    /// Runs `f` as one transaction: everything it writes is committed together, or nothing
    /// is when it fails. Inside another such write, `f` simply joins it.
    pub fn atomic<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&mut Store) -> Result<T, E>,
    ) -> Result<T, E> {
        if !self.conn.is_autocommit() {
            return f(self);
        }
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(StoreError::from)?;
        match f(self) {
            Ok(value) => {
                if let Err(e) = self.conn.execute_batch("COMMIT") {
                    let _ = self.conn.execute_batch("ROLLBACK");
                    return Err(StoreError::from(e).into());
                }
                Ok(value)
            }
            Err(e) => {
                // Nothing of `f` may stay; the rollback's own failure would hide the cause.
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }
}
