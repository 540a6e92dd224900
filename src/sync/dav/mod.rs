//! A small blocking CalDAV client (RFC 4791, RFC 6578): discovery, calendar listing,
//! sync-collection, multiget, and conditional PUT and DELETE. Every failure is a `DavError`
//! that says what happened in words a person can act on.

mod api;
mod auth;
mod error;
#[cfg(test)]
pub mod fake;
pub mod href;
pub mod lineage;
pub mod tls;
pub mod xml;

use std::cell::{Cell, RefCell};
use std::time::Duration;

pub use api::Dav;
pub use auth::{Authorize, Basic, basic_auth};
pub use error::DavError;
use href::Origin;

use ureq::http::{Method, Request, StatusCode};

/// Larger answers are refused rather than read into memory: an answer is held whole, and
/// parsing a multistatus takes about twice its size again.
pub const MAX_MIB: u64 = 64;
const MAX_BYTES: u64 = MAX_MIB << 20;
/// Hrefs asked for in one calendar-multiget.
pub const MULTIGET_BATCH: usize = 200;

type Result<T> = std::result::Result<T, DavError>;

/// Where an account's calendars live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovery {
    pub principal: String,
    pub home: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteCalendar {
    pub href: String,
    pub name: String,
    pub colour: Option<String>,
    pub ctag: Option<String>,
    pub sync_token: Option<String>,
    /// What the calendar holds: `VEVENT`, `VTODO` (all when the server does not say).
    pub components: Vec<String>,
}

impl RemoteCalendar {
    pub fn holds(&self, kind: &str) -> bool {
        self.components.is_empty() || self.components.iter().any(|c| c == kind)
    }
}

/// What changed in a collection since a sync token.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Members added or changed, with their new ETag.
    pub changed: Vec<(String, String)>,
    pub deleted: Vec<String>,
    pub token: Option<String>,
}

/// A member's text and ETag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    pub href: String,
    pub etag: String,
    pub data: String,
}

/// The precondition of a PUT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect<'a> {
    /// Create only: nothing may be at the href yet.
    New,
    /// Update only what we last saw.
    Etag(&'a str),
}

struct Reply {
    /// The URL that answered (after redirects): what relative hrefs are relative to.
    url: String,
    etag: Option<String>,
    body: String,
}

pub struct Client {
    agent: ureq::Agent,
    /// The account's origin: the only one the credentials are sent to.
    origin: Origin,
    auth: Box<dyn Authorize>,
    /// Requests sent, for the benchmark and the log.
    pub requests: Cell<u32>,
    /// Hrefs the server named on another origin, left out of what it answered.
    refused: RefCell<Vec<String>>,
}

impl Client {
    pub fn new(url: &str, user: &str, password: &str) -> Result<Client> {
        Client::with_ca_file(url, user, password, None)
    }

    /// A client trusting the platform's certificate store and, besides it, `ca_file`.
    pub fn with_ca_file(
        url: &str,
        user: &str,
        password: &str,
        ca_file: Option<&std::path::Path>,
    ) -> Result<Client> {
        Client::with_auth(url, Box::new(Basic(basic_auth(user, password))), ca_file)
    }

    /// A client sending what `auth` gives (a bearer token, say) with each request.
    pub fn with_auth(
        url: &str,
        auth: Box<dyn Authorize>,
        ca_file: Option<&std::path::Path>,
    ) -> Result<Client> {
        let origin = Origin::of(url).ok_or_else(|| {
            DavError::BadUrl(format!("`{}` is not an http(s) URL", href::redact(url)))
        })?;
        let mut config = ureq::Agent::config_builder();
        if origin.is_https() {
            config = config.tls_config(tls::config(ca_file).map_err(DavError::CaFile)?);
        }
        let agent: ureq::Agent = config
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(120)))
            .http_status_as_error(false)
            .allow_non_standard_methods(true)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .build()
            .into();
        Ok(Client {
            agent,
            origin,
            auth,
            requests: Cell::new(0),
            refused: RefCell::new(Vec::new()),
        })
    }

    /// An href or URL as a full URL on the account's origin; another origin is refused.
    pub fn url(&self, href: &str) -> Result<String> {
        self.resolve(&format!("{}/", self.origin), href)
    }

    /// `href` resolved against the URL `base` it came from, as a full URL.
    fn resolve(&self, base: &str, href: &str) -> Result<String> {
        href::resolve(&self.origin, base, href)
            .map(|path| format!("{}{path}", self.origin))
            .map_err(|e| DavError::Foreign(e.to_string()))
    }

    /// What the server named on another origin since the last call (for the sync report).
    pub fn take_refused(&self) -> Vec<String> {
        self.refused.take()
    }

    fn host(&self) -> String {
        let o = self.origin.to_string();
        o.split_once("://")
            .map_or(o.clone(), |(_, h)| h.to_string())
    }

    fn send(
        &self,
        method: &str,
        href: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Result<Reply> {
        let mut url = self.url(href)?;
        // Redirects are followed here, on the same origin only, so the credentials never
        // travel to another host (`/.well-known/caldav` redirects, for one).
        let mut renewed = false;
        for _ in 0..6 {
            let mut resp = self.request(method, &url, headers, body)?;
            let status = resp.status();
            // A bearer token refused (revoked, expired early): renewed once, then sent again.
            if status == StatusCode::UNAUTHORIZED && !renewed && self.auth.refused()? {
                renewed = true;
                continue;
            }
            if status.is_redirection()
                && let Some(next) = self.redirect(&url, &resp)?
            {
                url = next;
                continue;
            }
            let etag = resp
                .headers()
                .get("ETag")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let retry_after = resp
                .headers()
                .get("Retry-After")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok());
            let text = resp
                .body_mut()
                .with_config()
                .limit(MAX_BYTES)
                .read_to_string()
                .map_err(|e| self.transport(e))?;
            if error::rate_limited(status.as_u16(), &text) {
                return Err(DavError::RateLimited { url, retry_after });
            }
            return check(status, &url, text).map(|body| Reply { url, etag, body });
        }
        Err(DavError::Protocol(format!("{url}: too many redirects")))
    }

    /// One HTTP request, with the account's credentials and the headers given.
    fn request(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Result<ureq::http::Response<ureq::Body>> {
        let method_value = Method::from_bytes(method.as_bytes())
            .map_err(|e| DavError::Protocol(format!("bad method {method}: {e}")))?;
        let mut req = Request::builder()
            .method(method_value)
            .uri(url)
            .header("Authorization", self.auth.authorization()?)
            .header("User-Agent", concat!("tempo/", env!("CARGO_PKG_VERSION")));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if body.is_some() && !headers.iter().any(|(k, _)| *k == "Content-Type") {
            req = req.header("Content-Type", "application/xml; charset=utf-8");
        }
        self.requests.set(self.requests.get() + 1);
        // Bodiless requests stay bodiless (no `Content-Length: 0` on a GET).
        let sent = match body {
            Some(b) => req.body(b.to_string()).map(|r| self.agent.run(r)),
            None => req.body(()).map(|r| self.agent.run(r)),
        };
        let resp = sent
            .map_err(|e| DavError::Protocol(e.to_string()))?
            .map_err(|e| self.transport(e));
        let answer = match &resp {
            Ok(r) => r.status().as_u16().to_string(),
            Err(e) => e.to_string(),
        };
        tracing::debug!("{method} {} → {answer}", href::redact(url));
        resp
    }

    /// Where a redirect from `url` leads, when it stays on the account's origin; `None` when
    /// it names no place.
    fn redirect(
        &self,
        url: &str,
        resp: &ureq::http::Response<ureq::Body>,
    ) -> Result<Option<String>> {
        let Some(location) = resp.headers().get("Location").and_then(|v| v.to_str().ok()) else {
            return Ok(None);
        };
        self.resolve(url, location).map(Some).map_err(|_| {
            DavError::Protocol(format!(
                "{url} redirects to another server ({}); use that address for the account",
                href::redact(location)
            ))
        })
    }

    fn transport(&self, e: ureq::Error) -> DavError {
        error::from_transport(self.host(), self.origin.is_https(), e)
    }

    fn propfind(&self, href: &str, depth: &str, props: &str) -> Result<xml::Multistatus> {
        let body = format!(
            r#"<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/" xmlns:i="http://apple.com/ns/ical/"><d:prop>{props}</d:prop></d:propfind>"#
        );
        let r = self.send("PROPFIND", href, &[("Depth", depth)], Some(&body))?;
        self.multistatus(&r)
    }

    /// A multistatus answer with every href resolved to a path on the account's origin.
    /// Members named on another origin are left out and remembered for the report; a
    /// principal or calendar home elsewhere fails the request (discovery cannot go on).
    fn multistatus(&self, r: &Reply) -> Result<xml::Multistatus> {
        let mut m = xml::parse(&r.body).map_err(DavError::Protocol)?;
        let path = |h: &str| href::resolve(&self.origin, &r.url, h);
        let mut kept = Vec::with_capacity(m.responses.len());
        for mut resp in m.responses {
            for slot in [&mut resp.props.principal, &mut resp.props.home] {
                if let Some(h) = slot.as_deref() {
                    *slot = Some(path(h).map_err(|e| DavError::Foreign(e.to_string()))?);
                }
            }
            match path(&resp.href) {
                Ok(p) => {
                    resp.href = p;
                    kept.push(resp);
                }
                Err(e) => self
                    .refused
                    .borrow_mut()
                    .push(DavError::Foreign(e.to_string()).to_string()),
            }
        }
        m.responses = kept;
        Ok(m)
    }

    /// Finds the principal and calendar home from a server or account URL: through
    /// `/.well-known/caldav` when given just a server, else from the URL itself.
    pub fn discover(&self, url: &str) -> Result<Discovery> {
        let path = self.url(url)?;
        let start = if path.trim_end_matches('/') == self.origin.to_string() {
            "/.well-known/caldav".to_string()
        } else {
            path.clone()
        };
        let principal = match self.propfind(&start, "0", "<d:current-user-principal/>") {
            Ok(m) => m.responses.into_iter().find_map(|r| r.props.principal),
            // Some servers answer nothing at the well-known path: try the root.
            Err(DavError::NotFound(_)) if start.ends_with("/.well-known/caldav") => self
                .propfind("/", "0", "<d:current-user-principal/>")?
                .responses
                .into_iter()
                .find_map(|r| r.props.principal),
            Err(e) => return Err(e),
        }
        .ok_or_else(|| {
            DavError::Protocol(format!(
                "{path} does not name a current-user-principal: is it a CalDAV server?"
            ))
        })?;
        let home = self
            .propfind(&principal, "0", "<c:calendar-home-set/>")?
            .responses
            .into_iter()
            .find_map(|r| r.props.home)
            .ok_or_else(|| {
                DavError::Protocol(format!(
                    "the principal {principal} has no calendar-home-set"
                ))
            })?;
        Ok(Discovery { principal, home })
    }

    /// The calendars in a home collection.
    pub fn calendars(&self, home: &str) -> Result<Vec<RemoteCalendar>> {
        let m = self.propfind(
            home,
            "1",
            "<d:resourcetype/><d:displayname/><cs:getctag/><d:sync-token/><c:supported-calendar-component-set/><i:calendar-color/>",
        )?;
        Ok(m.responses
            .into_iter()
            .filter(|r| r.props.is_calendar)
            .map(|r| {
                let name = r.props.displayname.clone().unwrap_or_else(|| {
                    r.href
                        .trim_end_matches('/')
                        .rsplit('/')
                        .next()
                        .unwrap_or("calendar")
                        .to_string()
                });
                RemoteCalendar {
                    href: r.href,
                    name,
                    colour: r.props.colour.map(|c| c.chars().take(7).collect()),
                    ctag: r.props.ctag,
                    sync_token: r.props.sync_token,
                    components: r.props.components,
                }
            })
            .collect())
    }

    /// The collection's ctag and sync token, in one request.
    pub fn state(&self, calendar: &str) -> Result<(Option<String>, Option<String>)> {
        let m = self.propfind(calendar, "0", "<cs:getctag/><d:sync-token/>")?;
        let p = m
            .responses
            .into_iter()
            .next()
            .map(|r| r.props)
            .unwrap_or_default();
        Ok((p.ctag, p.sync_token))
    }

    /// RFC 6578 sync-collection: what changed since `token` (empty: everything).
    pub fn sync_collection(&self, calendar: &str, token: &str) -> Result<Changes> {
        let body = format!(
            r#"<?xml version="1.0" encoding="utf-8"?><d:sync-collection xmlns:d="DAV:"><d:sync-token>{}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>"#,
            xml::escape(token)
        );
        let r = self.send("REPORT", calendar, &[("Depth", "1")], Some(&body));
        let r = match r {
            Err(DavError::Forbidden(_)) | Err(DavError::Status { status: 409, .. })
                if !token.is_empty() =>
            {
                return Err(DavError::InvalidToken);
            }
            other => other?,
        };
        let m = self.multistatus(&r)?;
        let mut out = Changes {
            token: m.sync_token,
            ..Changes::default()
        };
        let own = normalise(calendar);
        for resp in m.responses {
            if normalise(&resp.href) == own {
                continue;
            }
            match (resp.status, resp.props.etag) {
                (Some(404), _) => out.deleted.push(resp.href),
                (_, Some(etag)) => out.changed.push((resp.href, etag)),
                _ => {}
            }
        }
        Ok(out)
    }

    /// Every member's href and ETag (the fallback for servers without sync-collection).
    pub fn etags(&self, calendar: &str) -> Result<Vec<(String, String)>> {
        let own = normalise(calendar);
        Ok(self
            .propfind(calendar, "1", "<d:getetag/><d:resourcetype/>")?
            .responses
            .into_iter()
            .filter(|r| normalise(&r.href) != own)
            .filter_map(|r| r.props.etag.map(|e| (r.href, e)))
            .collect())
    }

    /// The text of members, many per request; hrefs the server no longer has are left out.
    pub fn multiget(&self, calendar: &str, hrefs: &[String]) -> Result<Vec<Fetched>> {
        let mut out = Vec::with_capacity(hrefs.len());
        for chunk in hrefs.chunks(MULTIGET_BATCH) {
            let list: String = chunk
                .iter()
                .map(|h| format!("<d:href>{}</d:href>", xml::escape(h)))
                .collect();
            let body = format!(
                r#"<?xml version="1.0" encoding="utf-8"?><c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><c:calendar-data/></d:prop>{list}</c:calendar-multiget>"#
            );
            let r = self.send("REPORT", calendar, &[("Depth", "1")], Some(&body))?;
            let m = self.multistatus(&r)?;
            out.extend(m.responses.into_iter().filter_map(|r| {
                Some(Fetched {
                    href: r.href,
                    etag: r.props.etag?,
                    data: r.props.calendar_data?,
                })
            }));
        }
        Ok(out)
    }

    pub fn get(&self, href: &str) -> Result<Fetched> {
        let r = self.send("GET", href, &[], None)?;
        Ok(Fetched {
            href: href.to_string(),
            etag: r.etag.unwrap_or_default(),
            data: r.body,
        })
    }

    /// Writes a member; the new ETag when the server tells it.
    pub fn put(&self, href: &str, ics: &str, expect: Expect) -> Result<Option<String>> {
        let condition = match expect {
            Expect::New => ("If-None-Match", "*"),
            Expect::Etag(e) => ("If-Match", e),
        };
        let headers = [("Content-Type", "text/calendar; charset=utf-8"), condition];
        Ok(self.send("PUT", href, &headers, Some(ics))?.etag)
    }

    /// Deletes a member if it is still what we last saw; one already gone counts as deleted.
    pub fn delete(&self, href: &str, etag: &str) -> Result<()> {
        match self.send("DELETE", href, &[("If-Match", etag)], None) {
            Ok(_) | Err(DavError::NotFound(_)) => Ok(()),
            Err(e) => Err(e),
        }
    }
}

fn check(status: StatusCode, url: &str, body: String) -> Result<String> {
    match status.as_u16() {
        200..=299 => Ok(body),
        401 => Err(DavError::Unauthorized),
        // RFC 6578 says 403, Xandikos says 412: either way the token is forgotten.
        403 | 412 if body.contains("valid-sync-token") => Err(DavError::InvalidToken),
        403 => Err(DavError::Forbidden(url.to_string())),
        404 | 410 => Err(DavError::NotFound(url.to_string())),
        412 => Err(DavError::Changed),
        s => Err(DavError::Status {
            url: url.to_string(),
            status: s,
            reason: status.canonical_reason().unwrap_or("").to_string(),
        }),
    }
}

/// An href's path without its origin, percent-escapes decoded and no trailing slash, so two
/// spellings of one resource compare equal.
pub fn normalise(href: &str) -> String {
    let path = match href.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => href,
    };
    percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .trim_end_matches('/')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_to_another_origin_is_refused_before_anything_is_sent() {
        let c = Client::new("http://127.0.0.1:5232/ann/", "ann", "pw").expect("client");
        for href in [
            "http://127.0.0.1:5233/ann/work/a.ics",
            "//evil.example/ann/work/a.ics",
        ] {
            let e = c.put(href, "x", Expect::New).expect_err(href);
            assert!(matches!(e, DavError::Foreign(_)), "{e}");
            assert!(!e.to_string().contains("pw"));
        }
        assert_eq!(c.requests.get(), 0);
        assert_eq!(
            c.url("/ann/work/../home/").as_deref(),
            Ok("http://127.0.0.1:5232/ann/home/")
        );
    }

    #[test]
    fn hrefs_compare_by_path() {
        assert_eq!(normalise("http://h:5232/ann/work/"), "/ann/work");
        assert_eq!(normalise("/ann/my%20cal/"), "/ann/my cal");
        assert_eq!(normalise("/ann/k%C3%A4se%2"), "/ann/käse%2");
        assert_eq!(normalise("/ann/%zz/"), "/ann/%zz");
    }
}
