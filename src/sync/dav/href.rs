//! Hrefs and URLs as a server or a person gives them, made safe to follow and to show.
//!
//! A multistatus names resources by href: an absolute path, a path relative to the request,
//! or a full URL that may point anywhere. The credentials of an account must only ever go to
//! that account's origin, so every href is resolved against the URL it came from (RFC 3986
//! §5.2, dot segments removed) and refused when it leaves the origin. URLs shown to a person
//! (and stored) never carry a user name or password.

use std::fmt;

/// Scheme, host and port: what a browser calls an origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    scheme: String,
    host: String,
    port: u16,
}

impl Origin {
    /// The origin of an `http(s)://` URL, ignoring any user name and password in it.
    pub fn of(url: &str) -> Option<Origin> {
        let (scheme, rest) = split_scheme(url)?;
        let scheme = scheme.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "http" => 80,
            "https" => 443,
            _ => return None,
        };
        let rest = rest.strip_prefix("//")?;
        let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
        let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let (host, port) = if let Some(v6) = host_port.strip_prefix('[') {
            let (inside, after) = v6.split_once(']')?;
            (format!("[{}]", inside.to_ascii_lowercase()), after)
        } else {
            match host_port.rsplit_once(':') {
                Some((h, _)) => (h.to_ascii_lowercase(), &host_port[h.len()..]),
                None => (host_port.to_ascii_lowercase(), ""),
            }
        };
        if host.is_empty() {
            return None;
        }
        let port = match port.strip_prefix(':') {
            None if port.is_empty() => default_port,
            Some("") => default_port,
            Some(p) => p.parse().ok()?,
            None => return None,
        };
        Some(Origin { scheme, host, port })
    }
}

impl Origin {
    pub fn is_https(&self) -> bool {
        self.scheme == "https"
    }

    pub fn host(&self) -> &str {
        &self.host
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let default = matches!(
            (self.scheme.as_str(), self.port),
            ("http", 80) | ("https", 443)
        );
        if default {
            write!(f, "{}://{}", self.scheme, self.host)
        } else {
            write!(f, "{}://{}:{}", self.scheme, self.host, self.port)
        }
    }
}

/// Why an href is not followed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HrefError {
    #[error("{href} is on another server than the account ({origin})")]
    Foreign { href: String, origin: String },
    #[error("`{0}` is not a usable address")]
    Malformed(String),
}

impl crate::error::Kinded for HrefError {
    fn kind(&self) -> crate::error::ErrorKind {
        match self {
            HrefError::Malformed(_) => crate::error::ErrorKind::BadInput,
            // The server named a resource elsewhere: nothing the person typed.
            HrefError::Foreign { .. } => crate::error::ErrorKind::System,
        }
    }
}

/// `href` resolved against `base` (the full URL it was received from): its absolute path
/// (and query), dot segments removed, when it stays on `origin`.
pub fn resolve(origin: &Origin, base: &str, href: &str) -> Result<String, HrefError> {
    let href = href.trim();
    let foreign = || HrefError::Foreign {
        href: redact(href),
        origin: origin.to_string(),
    };
    let base_path = path_of(base).unwrap_or("/");
    let (target_origin, path) = if split_scheme(href).is_some() {
        let o = Origin::of(href).ok_or_else(foreign)?;
        (o, path_of(href).unwrap_or("/").to_string())
    } else if href.starts_with("//") {
        // Scheme-relative: names a host of its own.
        let full = format!("{}:{href}", origin.scheme);
        let o = Origin::of(&full).ok_or_else(foreign)?;
        (o, path_of(&full).unwrap_or("/").to_string())
    } else if href.starts_with('/') {
        (origin.clone(), href.to_string())
    } else if href.is_empty() {
        (origin.clone(), base_path.to_string())
    } else {
        let dir = &base_path[..base_path.rfind('/').map_or(0, |i| i + 1)];
        (origin.clone(), format!("{dir}{href}"))
    };
    if &target_origin != origin {
        return Err(foreign());
    }
    if path.contains(['\\', '\r', '\n']) {
        return Err(HrefError::Malformed(redact(href)));
    }
    let path = path.split('#').next().unwrap_or_default();
    let (path, query) = match path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path, None),
    };
    let mut out = remove_dot_segments(path);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    Ok(out)
}

/// `scheme` and the rest when `s` starts with `scheme:` (RFC 3986 §3.1).
fn split_scheme(s: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = s.split_once(':')?;
    let mut chars = scheme.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    ok.then_some((scheme, rest))
}

/// The path (and query) of a full URL, `/` when it has none.
fn path_of(url: &str) -> Option<&str> {
    let (_, rest) = split_scheme(url)?;
    let rest = rest.strip_prefix("//")?;
    Some(rest.find(['/', '?']).map_or("/", |i| &rest[i..]))
}

/// RFC 3986 §5.2.4, with `%2e` read as the dot it stands for.
fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len().saturating_sub(1);
    // A path ending in `.` or `..` names a directory: it keeps its trailing slash.
    let mut trailing = false;
    for (i, seg) in segments.iter().enumerate() {
        let plain = seg.to_ascii_lowercase().replace("%2e", ".");
        match plain.as_str() {
            "." => trailing = i == last,
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                trailing = i == last;
            }
            _ => {
                out.push(seg);
                trailing = false;
            }
        }
    }
    let mut joined = out.join("/");
    if !joined.starts_with('/') {
        joined.insert(0, '/');
    }
    if trailing && !joined.ends_with('/') {
        joined.push('/');
    }
    joined
}

/// True when a URL carries a user name or password (`https://ann:secret@host/`).
pub fn has_userinfo(url: &str) -> bool {
    userinfo_span(url).is_some()
}

/// Where the `user:password@` part of a URL is (byte range, `@` included).
fn userinfo_span(url: &str) -> Option<(usize, usize)> {
    let (scheme, rest) = split_scheme(url)?;
    let after = rest.strip_prefix("//")?;
    let start = scheme.len() + 3;
    let authority = &after[..after.find(['/', '?', '#']).unwrap_or(after.len())];
    let at = authority.rfind('@')?;
    Some((start, start + at + 1))
}

/// A URL as it may be shown: any user name and password replaced by `***`.
pub fn redact(url: &str) -> String {
    match userinfo_span(url) {
        Some((from, to)) => format!("{}***@{}", &url[..from], &url[to..]),
        None => url.to_string(),
    }
}

/// Free text (an error, a log line) with the userinfo of every URL in it replaced by `***`.
pub fn redact_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        // The scheme is the run of letters right before `://`.
        let scheme_start = rest[..i]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
            .map_or(0, |j| j + 1);
        out.push_str(&rest[..scheme_start]);
        let url_part = &rest[scheme_start..];
        let end = url_part[i - scheme_start + 3..]
            .find(|c: char| c.is_whitespace() || matches!(c, '/' | '?' | '#' | '"' | '>' | '`'))
            .map_or(url_part.len(), |j| j + i - scheme_start + 3);
        out.push_str(&redact(&url_part[..end]));
        rest = &url_part[end..];
    }
    out.push_str(rest);
    out
}

/// Refuses a URL with a user name or password in it: it would be stored and shown.
pub fn refuse_userinfo(url: &str) -> Result<(), String> {
    if has_userinfo(url) {
        return Err(format!(
            "the address {} carries a user name or password; give it without them (the user \
             with --user, the password with --password-env, --password-command or --keyring)",
            redact(url)
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(s: &str) -> Origin {
        Origin::of(s).expect("origin")
    }

    #[test]
    fn origins_compare_scheme_host_and_port() {
        assert_eq!(origin("http://H:80/x"), origin("http://h/"));
        assert_eq!(
            origin("https://ann:pw@dav.example/"),
            origin("https://dav.example")
        );
        assert_ne!(origin("http://h/"), origin("https://h/"));
        assert_ne!(
            origin("http://127.0.0.1:5232/"),
            origin("http://127.0.0.1:5233/")
        );
        assert_eq!(
            origin("http://[::1]:8080/").to_string(),
            "http://[::1]:8080"
        );
        assert_eq!(origin("https://h:443").to_string(), "https://h");
        assert!(Origin::of("ftp://h/").is_none());
        assert!(Origin::of("http://h:99999/").is_none());
    }

    #[test]
    fn hrefs_resolve_against_the_request_and_stay_on_the_origin() {
        let o = origin("http://127.0.0.1:5232/");
        let base = "http://127.0.0.1:5232/ann/work/";
        let ok = |h: &str| resolve(&o, base, h);
        assert_eq!(ok("/ann/work/a.ics"), Ok("/ann/work/a.ics".into()));
        assert_eq!(ok("a.ics"), Ok("/ann/work/a.ics".into()));
        assert_eq!(
            ok("http://127.0.0.1:5232/ann/b.ics"),
            Ok("/ann/b.ics".into())
        );
        assert_eq!(ok("HTTP://127.0.0.1:5232/x"), Ok("/x".into()));
        assert_eq!(ok("/ann/work/../../bob/x.ics"), Ok("/bob/x.ics".into()));
        assert_eq!(ok("/ann/%2e%2e/bob/"), Ok("/bob/".into()));
        assert_eq!(ok("/../../etc"), Ok("/etc".into()));
        assert_eq!(ok("/ann/work/.."), Ok("/ann/".into()));
        assert_eq!(ok("../home/"), Ok("/ann/home/".into()));
        for foreign in [
            "http://other-host/stolen/item1.ics",
            "http://127.0.0.1:5233/ann/work/a.ics",
            "https://127.0.0.1:5232/ann/",
            "//evil.example/ann/",
            "http://127.0.0.1:5232@evil.example/",
            "mailto:ann@example.com",
            "file:///etc/passwd",
        ] {
            assert!(
                matches!(ok(foreign), Err(HrefError::Foreign { .. })),
                "{foreign}: {:?}",
                ok(foreign)
            );
        }
        let err = ok("http://u:secret@evil.example/").expect_err("foreign");
        assert!(!err.to_string().contains("secret"), "{err}");
    }

    #[test]
    fn userinfo_is_found_and_redacted() {
        assert!(has_userinfo("https://ann:secret@host/"));
        assert!(has_userinfo("https://ann@host/"));
        assert!(!has_userinfo("https://host/a@b"));
        assert!(!has_userinfo("/path"));
        assert_eq!(redact("https://ann:secret@host/x"), "https://***@host/x");
        assert_eq!(redact("https://host/x@y"), "https://host/x@y");
        assert_eq!(
            redact_text("cannot reach https://ann:secret@host/cal.ics: refused (http://h/)"),
            "cannot reach https://***@host/cal.ics: refused (http://h/)"
        );
        assert!(refuse_userinfo("https://ann:secret@host/").is_err());
        assert!(refuse_userinfo("https://host/").is_ok());
    }
}
