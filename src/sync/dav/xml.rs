//! WebDAV multistatus answers, read into the few properties CalDAV sync needs. Namespaces
//! are matched by URI, never by prefix: servers choose their own prefixes.

use roxmltree::{Document, Node};

const DAV: &str = "DAV:";
const CALDAV: &str = "urn:ietf:params:xml:ns:caldav";
const CS: &str = "http://calendarserver.org/ns/";
const APPLE: &str = "http://apple.com/ns/ical/";

/// The properties of one resource that a `2xx` propstat carried.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Props {
    pub etag: Option<String>,
    pub calendar_data: Option<String>,
    pub displayname: Option<String>,
    pub is_calendar: bool,
    pub ctag: Option<String>,
    pub sync_token: Option<String>,
    /// `VEVENT`, `VTODO`… from supported-calendar-component-set (empty: not said).
    pub components: Vec<String>,
    pub principal: Option<String>,
    pub home: Option<String>,
    pub colour: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub href: String,
    /// A status for the whole response (sync-collection reports deletions as 404 here).
    pub status: Option<u16>,
    pub props: Props,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Multistatus {
    pub responses: Vec<Response>,
    /// The new token of a sync-collection report.
    pub sync_token: Option<String>,
}

fn is(node: &Node, ns: &str, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && node.tag_name().namespace() == Some(ns)
}

fn child<'a>(node: &Node<'a, 'a>, ns: &str, name: &str) -> Option<Node<'a, 'a>> {
    node.children().find(|c| is(c, ns, name))
}

fn text(node: &Node) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<String>()
}

/// `HTTP/1.1 404 Not Found` → 404.
fn status_code(text: &str) -> Option<u16> {
    text.split_whitespace().nth(1)?.parse().ok()
}

fn href_in(node: &Node) -> Option<String> {
    child(node, DAV, "href").map(|h| text(&h).trim().to_string())
}

pub fn parse(body: &str) -> Result<Multistatus, String> {
    let doc = Document::parse(body).map_err(|e| format!("the server's XML is malformed: {e}"))?;
    let root = doc.root_element();
    if !is(&root, DAV, "multistatus") {
        return Err(format!(
            "the server answered <{}>, not a WebDAV multistatus",
            root.tag_name().name()
        ));
    }
    let mut out = Multistatus {
        sync_token: child(&root, DAV, "sync-token").map(|t| text(&t).trim().to_string()),
        ..Multistatus::default()
    };
    for r in root.children().filter(|c| is(c, DAV, "response")) {
        let Some(href) = href_in(&r) else { continue };
        let status = child(&r, DAV, "status").and_then(|s| status_code(&text(&s)));
        let mut props = Props::default();
        for ps in r.children().filter(|c| is(c, DAV, "propstat")) {
            let ok = child(&ps, DAV, "status")
                .and_then(|s| status_code(&text(&s)))
                .is_some_and(|c| (200..300).contains(&c));
            let Some(prop) = child(&ps, DAV, "prop").filter(|_| ok) else {
                continue;
            };
            read_props(&prop, &mut props);
        }
        out.responses.push(Response {
            href,
            status,
            props,
        });
    }
    Ok(out)
}

fn read_props(prop: &Node, p: &mut Props) {
    for n in prop.children().filter(Node::is_element) {
        let (ns, name) = (n.tag_name().namespace().unwrap_or(""), n.tag_name().name());
        let value = || Some(text(&n).trim().to_string()).filter(|s| !s.is_empty());
        match (ns, name) {
            (DAV, "getetag") => p.etag = value(),
            (DAV, "displayname") => p.displayname = value(),
            (DAV, "sync-token") => p.sync_token = value(),
            (DAV, "resourcetype") => p.is_calendar = child(&n, CALDAV, "calendar").is_some(),
            (DAV, "current-user-principal") => p.principal = href_in(&n),
            (CALDAV, "calendar-home-set") => p.home = href_in(&n),
            // Calendar data is text whose line ends matter: not trimmed.
            (CALDAV, "calendar-data") => p.calendar_data = Some(text(&n)),
            (CALDAV, "supported-calendar-component-set") => {
                p.components = n
                    .children()
                    .filter(|c| is(c, CALDAV, "comp"))
                    .filter_map(|c| c.attribute("name").map(str::to_ascii_uppercase))
                    .collect();
            }
            (CS, "getctag") => p.ctag = value(),
            (APPLE, "calendar-color") => p.colour = value(),
            _ => {}
        }
    }
}

/// Escapes text for an XML body.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_home_listing_with_any_prefixes() {
        let body = r#"<?xml version="1.0"?>
<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:x="http://calendarserver.org/ns/" xmlns:I="http://apple.com/ns/ical/">
 <response><href>/ann/</href><propstat><prop><resourcetype><collection/></resourcetype></prop><status>HTTP/1.1 200 OK</status></propstat></response>
 <response><href>/ann/work/</href>
  <propstat><prop><resourcetype><collection/><C:calendar/></resourcetype><displayname>Work</displayname>
   <x:getctag>"c1"</x:getctag><sync-token>http://radicale.org/ns/sync/abc</sync-token>
   <C:supported-calendar-component-set><C:comp name="VEVENT"/><C:comp name="vtodo"/></C:supported-calendar-component-set>
   <I:calendar-color>#ff0000ff</I:calendar-color></prop><status>HTTP/1.1 200 OK</status></propstat>
  <propstat><prop><getetag/></prop><status>HTTP/1.1 404 Not Found</status></propstat>
 </response>
</multistatus>"#;
        let m = parse(body).expect("valid");
        assert_eq!(m.responses.len(), 2);
        assert!(!m.responses[0].props.is_calendar);
        let p = &m.responses[1].props;
        assert!(p.is_calendar);
        assert_eq!(p.displayname.as_deref(), Some("Work"));
        assert_eq!(p.ctag.as_deref(), Some("\"c1\""));
        assert_eq!(p.components, vec!["VEVENT", "VTODO"]);
        assert_eq!(p.colour.as_deref(), Some("#ff0000ff"));
        assert_eq!(p.etag, None, "a 404 propstat is not a value");
    }

    #[test]
    fn reads_sync_collection_changes_and_deletions() {
        let body = r#"<D:multistatus xmlns:D="DAV:" xmlns:cal="urn:ietf:params:xml:ns:caldav">
<D:response><D:href>/ann/work/a.ics</D:href><D:propstat><D:prop><D:getetag>"e1"</D:getetag>
<cal:calendar-data>BEGIN:VCALENDAR&#13;
END:VCALENDAR&#13;
</cal:calendar-data></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>
<D:response><D:href>/ann/work/gone.ics</D:href><D:status>HTTP/1.1 404 Not Found</D:status></D:response>
<D:sync-token>tok-2</D:sync-token></D:multistatus>"#;
        let m = parse(body).expect("valid");
        assert_eq!(m.sync_token.as_deref(), Some("tok-2"));
        assert_eq!(m.responses[0].props.etag.as_deref(), Some("\"e1\""));
        assert_eq!(
            m.responses[0].props.calendar_data.as_deref(),
            Some("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
        );
        assert_eq!(m.responses[1].status, Some(404));
    }

    #[test]
    fn refuses_what_is_not_a_multistatus() {
        assert!(parse("<html><body>Login</body></html>").is_err());
        assert!(parse("not xml").is_err());
    }
}
