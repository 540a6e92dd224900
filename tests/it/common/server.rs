//! What the two-way scenario suite needs from a real CalDAV server, so the same scenarios run
//! against Radicale and Xandikos. "Another client" reaches the server through raw WebDAV.

use tempo::sync::dav::{Client, Expect};

/// Each scenario named is a fn in the calling test file taking `&mut dyn Server`; it runs once
/// against a fresh Radicale (test `radicale::NAME`) and once against a fresh Xandikos
/// (`xandikos::NAME`).
macro_rules! against_each_server {
    ($($name:ident),* $(,)?) => {
        mod radicale {
            $(#[test]
            fn $name() {
                super::$name(&mut $crate::common::radicale::Radicale::start());
            })*
        }
        mod xandikos {
            $(#[test]
            fn $name() {
                super::$name(&mut $crate::common::xandikos::Xandikos::start());
            })*
        }
    };
}
pub(crate) use against_each_server;

pub(crate) trait Server {
    /// The server's URL, as a user types it into `add-account`.
    fn url(&self) -> String;

    /// A WebDAV client for the test's own user.
    fn client(&self) -> Client;

    /// The calendar home `add-account` discovers from `url()`: each server picks its own.
    fn home(&self) -> String;

    /// A sync token of this server's own form that it never issued.
    fn bogus_token(&self) -> String;

    /// The status of a sync-collection REPORT with a token the server does not know (RFC 6578
    /// says 403; servers differ), and its body.
    fn sync_from(&self, calendar: &str, token: &str) -> (u16, String);

    /// What `sync_from` answers with a token the server never issued.
    fn forgotten_token_status(&self) -> u16;

    /// A new calendar `{home}{name}/` shown as `display`, holding events and to-dos.
    fn mkcalendar(&self, name: &str, display: &str);

    /// Stops it as a crash would (SIGKILL), mid-request if one is under way.
    fn stop(&mut self);

    /// Removes what a crash left behind that keeps the server from writing, as its admin
    /// would; whether there was any.
    fn clear_stale_locks(&self) -> bool {
        false
    }

    /// Starts it again on the same port and folder.
    fn restart(&mut self);

    /// A calendar's collection path.
    fn calendar(&self, name: &str) -> String {
        format!("{}{name}/", self.home())
    }

    fn href(&self, calendar: &str, file: &str) -> String {
        format!("{}{file}", self.calendar(calendar))
    }

    /// Writes a member as another client would (no precondition); its ETag.
    fn put(&self, calendar: &str, file: &str, ics: &str) -> String {
        put(&self.client(), &self.href(calendar, file), ics)
    }

    fn get(&self, href: &str) -> String {
        self.client().get(href).expect("GET").data
    }

    fn delete(&self, href: &str) {
        delete(&self.client(), href);
    }

    /// The members of a calendar: href and text, sorted by href.
    fn members(&self, calendar: &str) -> Vec<(String, String)> {
        members(&self.client(), &self.calendar(calendar))
    }
}

pub(crate) fn put(c: &Client, href: &str, ics: &str) -> String {
    let etag = match c.get(href) {
        Ok(f) => c.put(href, ics, Expect::Etag(&f.etag)),
        Err(_) => c.put(href, ics, Expect::New),
    }
    .expect("PUT");
    etag.unwrap_or_default()
}

pub(crate) fn delete(c: &Client, href: &str) {
    let etag = c.get(href).expect("GET").etag;
    c.delete(href, &etag).expect("DELETE");
}

pub(crate) fn members(c: &Client, cal: &str) -> Vec<(String, String)> {
    let hrefs: Vec<String> = c
        .etags(cal)
        .unwrap_or_else(|e| panic!("listing {cal}: {e}"))
        .into_iter()
        .map(|(h, _)| h)
        .collect();
    let mut out: Vec<(String, String)> = c
        .multiget(cal, &hrefs)
        .unwrap_or_else(|e| panic!("multiget {cal}: {e}"))
        .into_iter()
        .map(|f| (f.href, f.data))
        .collect();
    out.sort();
    out
}

/// MKCALENDAR `url` (a collection URL) as another client would; `auth` is a Basic header.
pub(crate) fn mkcalendar(url: &str, display: &str, auth: &str, ca: Option<&std::path::Path>) {
    let body = format!(
        r#"<?xml version="1.0"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><D:displayname>{display}</D:displayname><C:supported-calendar-component-set><C:comp name="VEVENT"/><C:comp name="VTODO"/></C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>"#
    );
    let (status, text) = request("MKCALENDAR", url, &body, auth, ca);
    assert_eq!(status, 201, "MKCALENDAR {url}: {text}");
}

/// A sync-collection REPORT on `url` from `token`, as is: the status and the body.
pub(crate) fn sync_collection(
    url: &str,
    token: &str,
    auth: &str,
    ca: Option<&std::path::Path>,
) -> (u16, String) {
    let body = format!(
        r#"<?xml version="1.0"?><D:sync-collection xmlns:D="DAV:"><D:sync-token>{token}</D:sync-token><D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>"#
    );
    request("REPORT", url, &body, auth, ca)
}

fn request(
    method: &str,
    url: &str,
    body: &str,
    auth: &str,
    ca: Option<&std::path::Path>,
) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .allow_non_standard_methods(true)
        .tls_config(tempo::sync::dav::tls::config(ca).expect("TLS settings"))
        .build()
        .into();
    let req = ureq::http::Request::builder()
        .method(ureq::http::Method::from_bytes(method.as_bytes()).expect("method"))
        .uri(url)
        .header("Authorization", auth)
        .header("Content-Type", "application/xml")
        .header("Depth", "1")
        .body(body.to_string())
        .expect("request");
    let mut resp = agent
        .run(req)
        .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let text = resp.body_mut().read_to_string().unwrap_or_default();
    (resp.status().as_u16(), text)
}

/// Waits until a server just spawned as `child` answers WebDAV at `url`; panics with `name`
/// when it exits or stays silent for 20 s.
pub(crate) fn wait_until_answering(
    name: &str,
    child: &mut std::process::Child,
    port: u16,
    client: &Client,
    url: &str,
) {
    use std::time::{Duration, Instant};
    let deadline = Instant::now() + Duration::from_secs(20);
    let exited = |child: &mut std::process::Child| {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{name} exited at start: {status}");
        }
    };
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        exited(child);
        assert!(Instant::now() < deadline, "{name} did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Listening is not yet answering: wait for a real WebDAV answer.
    while let Err(e) = client.discover(url) {
        exited(child);
        assert!(Instant::now() < deadline, "{name} does not answer: {e}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}
