//! An in-memory CalDAV server for testing the sync engine: one calendar collection of items
//! (href, ETag, text), a change history behind counter sync tokens that can be forgotten, ETag
//! preconditions, injected timeouts, and a record of every URL asked for.

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};

use super::href::{self, Origin};
use super::{Changes, Dav, DavError, Discovery, Expect, Fetched, RemoteCalendar, normalise};

type Result<T> = std::result::Result<T, DavError>;

pub const ORIGIN: &str = "http://dav.test:8080";
pub const HOME: &str = "/dav/ann/";
pub const CALENDAR: &str = "/dav/ann/work/";
const TOKEN: &str = "http://dav.test/ns/sync/";

/// When an injected timeout strikes: before the server acts, or after (the answer is lost).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lost {
    Request,
    Answer,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub etag: String,
    pub body: String,
}

/// Someone else's edit of an item's current text.
type Edit = Box<dyn FnOnce(&str) -> String>;

#[derive(Default)]
pub struct State {
    /// Members by path.
    pub items: BTreeMap<String, Item>,
    /// Which path changed at each version; the token names the version.
    log: Vec<(u64, String)>,
    version: u64,
    /// Tokens below this version are refused (the server forgot them).
    forgotten_below: u64,
    next_etag: u64,
    /// What happens to the next requests: `None` passes, a `Lost` times out.
    failures: VecDeque<Option<Lost>>,
    /// A change someone else makes just before our next PUT or DELETE arrives.
    before_write: Option<(String, Edit)>,
    /// Whether that queued edit was made (its item still existed when it struck).
    interfered: bool,
    /// PUTs and DELETEs refused for a stale ETag (412).
    pub refused: u32,
    /// Every URL asked for, with its method.
    pub requests: Vec<(String, String)>,
    /// Whether a PUT answers with the new ETag (some servers do not).
    pub no_etag_on_put: bool,
    /// Every request fails with this until healed (a wrong password, a broken server).
    refusal: Option<DavError>,
}

pub struct FakeDav {
    origin: Origin,
    pub state: RefCell<State>,
}

impl Default for FakeDav {
    fn default() -> Self {
        FakeDav::new()
    }
}

impl FakeDav {
    pub fn new() -> FakeDav {
        FakeDav {
            origin: Origin::of(ORIGIN).expect("origin"),
            state: RefCell::new(State::default()),
        }
    }

    /// A change made on the server by someone else.
    pub fn server_put(&self, path: &str, body: &str) {
        self.state.borrow_mut().write(path, body);
    }

    pub fn server_delete(&self, path: &str) -> bool {
        self.state.borrow_mut().remove(path)
    }

    /// The server forgets every token it handed out so far.
    pub fn forget_tokens(&self) {
        let mut s = self.state.borrow_mut();
        s.forgotten_below = s.version + 1;
    }

    /// Lets `n` requests through, then times out the one after.
    pub fn fail_after(&self, n: usize, lost: Lost) {
        let mut s = self.state.borrow_mut();
        s.failures.clear();
        s.failures.extend(std::iter::repeat_n(None, n));
        s.failures.push_back(Some(lost));
    }

    /// Every request from now on fails with `error`, until `heal`.
    pub fn refuse_with(&self, error: DavError) {
        self.state.borrow_mut().refusal = Some(error);
    }

    /// No more injected timeouts or refusals.
    pub fn heal(&self) {
        let mut s = self.state.borrow_mut();
        s.failures.clear();
        s.refusal = None;
    }

    pub fn before_next_write(&self, path: &str, edit: impl FnOnce(&str) -> String + 'static) {
        self.state.borrow_mut().before_write = Some((normalise(path), Box::new(edit)));
    }

    /// Whether the edit queued by `before_next_write` has struck since last asked.
    pub fn take_interfered(&self) -> bool {
        std::mem::take(&mut self.state.borrow_mut().interfered)
    }

    pub fn puts_refused(&self) -> u32 {
        self.state.borrow().refused
    }

    pub fn items(&self) -> BTreeMap<String, Item> {
        self.state.borrow().items.clone()
    }

    /// URLs asked for that are not on the account's origin.
    pub fn foreign_requests(&self) -> Vec<String> {
        let own = format!("{ORIGIN}/");
        let s = self.state.borrow();
        s.requests
            .iter()
            .filter(|(_, u)| !u.starts_with(&own))
            .map(|(m, u)| format!("{m} {u}"))
            .collect()
    }

    /// Records the request and resolves its href to a path; an injected timeout strikes here
    /// (`Lost::Answer` only after `act` ran).
    fn request<T>(
        &self,
        method: &str,
        href: &str,
        act: impl FnOnce(&mut State, &str) -> Result<T>,
    ) -> Result<T> {
        let mut s = self.state.borrow_mut();
        let path = href::resolve(&self.origin, &format!("{ORIGIN}/"), href);
        let url = match &path {
            Ok(p) => format!("{}{p}", self.origin),
            Err(_) => href.to_string(),
        };
        s.requests.push((method.to_string(), url));
        let path = path.map_err(|e| DavError::Foreign(e.to_string()))?;
        if let Some(e) = s.refusal.clone() {
            return Err(e);
        }
        let timeout = || DavError::Unreachable {
            host: "dav.test:8080".into(),
            why: "timed out".into(),
        };
        let lost = s.failures.pop_front().flatten();
        if lost == Some(Lost::Request) {
            return Err(timeout());
        }
        let out = act(&mut s, &normalise(&path));
        match lost {
            Some(_) => Err(timeout()),
            None => out,
        }
    }
}

impl State {
    fn token(&self) -> String {
        format!("{TOKEN}{}", self.version)
    }

    fn write(&mut self, path: &str, body: &str) -> String {
        self.next_etag += 1;
        let etag = format!("\"e{}\"", self.next_etag);
        let path = normalise(path);
        self.items.insert(
            path.clone(),
            Item {
                etag: etag.clone(),
                body: body.to_string(),
            },
        );
        self.bump(path);
        etag
    }

    fn remove(&mut self, path: &str) -> bool {
        let path = normalise(path);
        let had = self.items.remove(&path).is_some();
        if had {
            self.bump(path);
        }
        had
    }

    fn bump(&mut self, path: String) {
        self.version += 1;
        self.log.push((self.version, path));
    }

    /// Someone else's change queued for the moment our next write arrives.
    fn interfere(&mut self) -> &mut State {
        if let Some((p, edit)) = self.before_write.take()
            && let Some(body) = self.items.get(&p).map(|i| edit(&i.body))
        {
            self.write(&p, &body);
            self.interfered = true;
        }
        self
    }

    fn fetched(&self, path: &str) -> Option<Fetched> {
        self.items.get(path).map(|i| Fetched {
            href: path.to_string(),
            etag: i.etag.clone(),
            data: i.body.clone(),
        })
    }
}

impl Dav for FakeDav {
    fn discover(&self, url: &str) -> Result<Discovery> {
        self.request("PROPFIND", url, |_, _| {
            Ok(Discovery {
                principal: "/dav/ann/".into(),
                home: HOME.into(),
            })
        })
    }

    fn calendars(&self, home: &str) -> Result<Vec<RemoteCalendar>> {
        self.request("PROPFIND", home, |s, _| {
            Ok(vec![RemoteCalendar {
                href: CALENDAR.into(),
                name: "Work".into(),
                colour: None,
                ctag: Some(s.token()),
                sync_token: Some(s.token()),
                components: vec!["VEVENT".into()],
            }])
        })
    }

    fn sync_collection(&self, calendar: &str, token: &str) -> Result<Changes> {
        self.request("REPORT", calendar, |s, _| {
            let since = match token.strip_prefix(TOKEN).map(str::parse::<u64>) {
                _ if token.is_empty() => None,
                Some(Ok(n)) if n >= s.forgotten_below && n <= s.version => Some(n),
                _ => return Err(DavError::InvalidToken),
            };
            let mut out = Changes {
                token: Some(s.token()),
                ..Changes::default()
            };
            let Some(since) = since else {
                out.changed = s
                    .items
                    .iter()
                    .map(|(p, i)| (p.clone(), i.etag.clone()))
                    .collect();
                return Ok(out);
            };
            let mut touched: Vec<&String> = s
                .log
                .iter()
                .filter(|(v, _)| *v > since)
                .map(|(_, p)| p)
                .collect();
            touched.sort();
            touched.dedup();
            for p in touched {
                match s.items.get(p) {
                    Some(i) => out.changed.push((p.clone(), i.etag.clone())),
                    None => out.deleted.push(p.clone()),
                }
            }
            Ok(out)
        })
    }

    fn etags(&self, calendar: &str) -> Result<Vec<(String, String)>> {
        self.request("PROPFIND", calendar, |s, _| {
            Ok(s.items
                .iter()
                .map(|(p, i)| (p.clone(), i.etag.clone()))
                .collect())
        })
    }

    fn multiget(&self, calendar: &str, hrefs: &[String]) -> Result<Vec<Fetched>> {
        let own = format!("{ORIGIN}/");
        let wanted: Vec<String> = hrefs.iter().map(|h| normalise(h)).collect();
        self.request("REPORT", calendar, |s, _| {
            Ok(wanted.iter().filter_map(|p| s.fetched(p)).collect())
        })
        .inspect(|_| {
            // Each href in the body is a URL the client asked about.
            let mut s = self.state.borrow_mut();
            for h in hrefs {
                let url = if h.starts_with('/') {
                    format!("{ORIGIN}{h}")
                } else {
                    h.clone()
                };
                if !url.starts_with(&own) {
                    s.requests.push(("MULTIGET-HREF".into(), url));
                }
            }
        })
    }

    fn get(&self, href: &str) -> Result<Fetched> {
        self.request("GET", href, |s, path| {
            s.fetched(path)
                .ok_or_else(|| DavError::NotFound(path.to_string()))
        })
    }

    fn put(&self, href: &str, ics: &str, expect: Expect) -> Result<Option<String>> {
        self.request("PUT", href, |s, path| {
            s.interfere();
            let current = s.items.get(path).map(|i| i.etag.clone());
            match (expect, &current) {
                (Expect::New, None) => {}
                (Expect::Etag(e), Some(c)) if e == c => {}
                _ => {
                    s.refused += 1;
                    return Err(DavError::Changed);
                }
            }
            let etag = s.write(path, ics);
            Ok((!s.no_etag_on_put).then_some(etag))
        })
    }

    fn delete(&self, href: &str, etag: &str) -> Result<()> {
        self.request("DELETE", href, |s, path| {
            match s.interfere().items.get(path) {
                None => Ok(()),
                Some(i) if i.etag == etag => {
                    s.remove(path);
                    Ok(())
                }
                Some(_) => {
                    s.refused += 1;
                    Err(DavError::Changed)
                }
            }
        })
    }
}
