//! A scripted CalDAV server on 127.0.0.1 for what a real server will not do: name hrefs on
//! another origin, or forget a sync token with 412. One thread, one request per connection
//! (`Connection: close`), every request recorded.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// A request as received.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: String,
}

/// What the server says; tests change it between runs of tempo.
#[derive(Debug, Clone, Default)]
pub(crate) struct Script {
    pub(crate) principal: String,
    pub(crate) home: String,
    /// Calendar hrefs and display names in the home.
    pub(crate) calendars: Vec<(String, String)>,
    /// Members: href, ETag, text.
    pub(crate) items: Vec<(String, String, String)>,
    pub(crate) sync_token: String,
    /// Answers a sync-collection from any token but the current one with 412 and
    /// DAV:valid-sync-token, as Xandikos does for a token it no longer knows.
    pub(crate) forget_old_tokens: bool,
    /// Bytes of padding (an XML comment) added to the calendar listing, streamed in
    /// pieces so the test itself never holds it: an oversized multistatus.
    pub(crate) listing_padding: usize,
}

pub(crate) struct FakeDav {
    pub(crate) port: u16,
    pub(crate) script: Arc<Mutex<Script>>,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl FakeDav {
    pub(crate) fn start(script: Script) -> FakeDav {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let script = Arc::new(Mutex::new(script));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (s, r) = (script.clone(), requests.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let _ = serve(stream, &s, &r);
            }
        });
        FakeDav {
            port,
            script,
            requests,
        }
    }

    pub(crate) fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    pub(crate) fn requests(&self) -> Vec<Request> {
        self.requests.lock().expect("lock").clone()
    }
}

fn serve(
    stream: TcpStream,
    script: &Mutex<Script>,
    requests: &Mutex<Vec<Request>>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or_default().to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let length: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let req = Request {
        method,
        path,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    requests.lock().expect("lock").push(req.clone());
    let (status, etag, text, padding) = {
        let s = script.lock().expect("lock");
        let (status, etag, text) = answer(&req, &s);
        let listing = req.method == "PROPFIND" && text.contains("<c:calendar/>");
        (
            status,
            etag,
            text,
            if listing { s.listing_padding } else { 0 },
        )
    };
    let mut out = stream;
    if padding > 0 {
        return write_padded(&mut out, &text, padding);
    }
    write!(
        out,
        "HTTP/1.1 {status} X\r\nContent-Type: application/xml; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n{}\r\n{text}",
        text.len(),
        etag.map(|e| format!("ETag: {e}\r\n")).unwrap_or_default()
    )?;
    out.flush()
}

/// `text` with a comment of `padding` bytes after the XML declaration, written in 1 MiB
/// pieces; the client may hang up part way, which is what it should do.
fn write_padded(out: &mut TcpStream, text: &str, padding: usize) -> std::io::Result<()> {
    let (head, rest) = text.split_at(text.find("?>").map_or(0, |i| i + 2));
    write!(
        out,
        "HTTP/1.1 207 X\r\nContent-Type: application/xml; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{head}<!--",
        text.len() + padding + 7
    )?;
    let piece = vec![b'x'; 1 << 20];
    let mut left = padding;
    while left > 0 {
        let n = left.min(piece.len());
        out.write_all(&piece[..n])?;
        left -= n;
    }
    write!(out, "-->{rest}")?;
    out.flush()
}

fn multistatus(inner: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/">{inner}</d:multistatus>"#
    )
}

fn ok_props(href: &str, props: &str) -> String {
    format!(
        "<d:response><d:href>{href}</d:href><d:propstat><d:prop>{props}</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
    )
}

fn answer(req: &Request, s: &Script) -> (u16, Option<String>, String) {
    let b = &req.body;
    match req.method.as_str() {
        "PROPFIND" if b.contains("current-user-principal") => (
            207,
            None,
            multistatus(&ok_props(
                &req.path,
                &format!(
                    "<d:current-user-principal><d:href>{}</d:href></d:current-user-principal>",
                    s.principal
                ),
            )),
        ),
        "PROPFIND" if b.contains("calendar-home-set") => (
            207,
            None,
            multistatus(&ok_props(
                &req.path,
                &format!(
                    "<c:calendar-home-set><d:href>{}</d:href></c:calendar-home-set>",
                    s.home
                ),
            )),
        ),
        "PROPFIND" => {
            let mut inner = ok_props(
                &req.path,
                "<d:resourcetype><d:collection/></d:resourcetype>",
            );
            for (href, name) in &s.calendars {
                inner.push_str(&ok_props(
                    href,
                    &format!(
                        "<d:resourcetype><d:collection/><c:calendar/></d:resourcetype><d:displayname>{name}</d:displayname><d:sync-token>{}</d:sync-token><cs:getctag>{}</cs:getctag>",
                        s.sync_token, s.sync_token
                    ),
                ));
            }
            (207, None, multistatus(&inner))
        }
        "REPORT" if b.contains("sync-collection") => {
            let token = b
                .split("<d:sync-token>")
                .nth(1)
                .and_then(|t| t.split('<').next())
                .unwrap_or_default();
            if s.forget_old_tokens && !token.is_empty() && token != s.sync_token {
                return (
                    412,
                    None,
                    r#"<?xml version="1.0"?><d:error xmlns:d="DAV:"><d:valid-sync-token/></d:error>"#
                        .into(),
                );
            }
            let mut inner: String = s
                .items
                .iter()
                .map(|(href, etag, _)| ok_props(href, &format!("<d:getetag>{etag}</d:getetag>")))
                .collect();
            inner.push_str(&format!("<d:sync-token>{}</d:sync-token>", s.sync_token));
            (207, None, multistatus(&inner))
        }
        "REPORT" => {
            let inner: String = s
                .items
                .iter()
                .map(|(href, etag, ics)| {
                    ok_props(
                        href,
                        &format!(
                            "<d:getetag>{etag}</d:getetag><c:calendar-data>{}</c:calendar-data>",
                            ics.replace('&', "&amp;").replace('<', "&lt;")
                        ),
                    )
                })
                .collect();
            (207, None, multistatus(&inner))
        }
        "GET" => match s.items.iter().find(|(href, _, _)| *href == req.path) {
            Some((_, etag, ics)) => (200, Some(etag.clone()), ics.clone()),
            None => (404, None, String::new()),
        },
        // If-Match on nothing fails, as RFC 9110 says.
        "PUT"
            if req.headers.iter().any(|(k, _)| k == "if-match")
                && !s.items.iter().any(|(href, _, _)| *href == req.path) =>
        {
            (412, None, String::new())
        }
        "PUT" => (201, Some("\"put-1\"".into()), String::new()),
        "DELETE" => (204, None, String::new()),
        _ => (404, None, String::new()),
    }
}
