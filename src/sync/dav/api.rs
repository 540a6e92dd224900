//! The server operations the sync engine uses, as a trait: the real `Client` implements it
//! by delegation, and tests run the engine against an in-memory server instead.

use super::{Changes, Client, DavError, Discovery, Expect, Fetched, RemoteCalendar};

type Result<T> = std::result::Result<T, DavError>;

/// What the sync engine asks of a CalDAV server; see `Client` for each operation's meaning.
pub trait Dav {
    /// The principal and calendar home from a server or account URL.
    fn discover(&self, url: &str) -> Result<Discovery>;
    /// The calendars in a home collection, with their sync tokens and ctags.
    fn calendars(&self, home: &str) -> Result<Vec<RemoteCalendar>>;
    /// What changed since `token` (empty: everything); `DavError::InvalidToken` if forgotten.
    fn sync_collection(&self, calendar: &str, token: &str) -> Result<Changes>;
    /// Every member's href and ETag.
    fn etags(&self, calendar: &str) -> Result<Vec<(String, String)>>;
    /// The text of members; hrefs the server no longer has are left out.
    fn multiget(&self, calendar: &str, hrefs: &[String]) -> Result<Vec<Fetched>>;
    fn get(&self, href: &str) -> Result<Fetched>;
    /// Writes a member under a precondition; the new ETag when the server tells it.
    fn put(&self, href: &str, ics: &str, expect: Expect) -> Result<Option<String>>;
    /// Deletes a member if its ETag is still `etag`; one already gone counts as deleted.
    fn delete(&self, href: &str, etag: &str) -> Result<()>;
}

impl Dav for Client {
    fn discover(&self, url: &str) -> Result<Discovery> {
        Client::discover(self, url)
    }
    fn calendars(&self, home: &str) -> Result<Vec<RemoteCalendar>> {
        Client::calendars(self, home)
    }
    fn sync_collection(&self, calendar: &str, token: &str) -> Result<Changes> {
        Client::sync_collection(self, calendar, token)
    }
    fn etags(&self, calendar: &str) -> Result<Vec<(String, String)>> {
        Client::etags(self, calendar)
    }
    fn multiget(&self, calendar: &str, hrefs: &[String]) -> Result<Vec<Fetched>> {
        Client::multiget(self, calendar, hrefs)
    }
    fn get(&self, href: &str) -> Result<Fetched> {
        Client::get(self, href)
    }
    fn put(&self, href: &str, ics: &str, expect: Expect) -> Result<Option<String>> {
        Client::put(self, href, ics, expect)
    }
    fn delete(&self, href: &str, etag: &str) -> Result<()> {
        Client::delete(self, href, etag)
    }
}
