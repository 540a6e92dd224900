//! The checks that come before the token: the `Host` header must name this machine (a page
//! on another site that rebinds its name to 127.0.0.1 still sends its own name, so it is
//! refused before it can learn anything), and a browser origin gets CORS headers only when
//! the config lists it.

use super::reply::ApiError;

/// The names a request may give in `Host`: loopback ones, with or without a port.
pub(super) fn check_host(host: Option<&str>) -> Result<(), ApiError> {
    let Some(host) = host.map(str::trim).filter(|h| !h.is_empty()) else {
        return Err(ApiError::bad_input(
            "the request has no Host header (HTTP/1.1 needs one)",
        ));
    };
    if is_loopback_name(host) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "the Host header names another machine; the API answers only to localhost, \
             127.0.0.1 or [::1]",
        ))
    }
}

fn is_loopback_name(host: &str) -> bool {
    // `[::1]:5611`, `[::1]`, `127.0.0.1:5611`, `localhost`.
    let name = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((inner, port)) if port.is_empty() || is_port(port) => inner,
            _ => return false,
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if is_port(port) => name,
            Some(_) => return false,
            None => host,
        }
    };
    let name = name.to_ascii_lowercase();
    if name == "localhost" || name.ends_with(".localhost") {
        return true;
    }
    name.parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback())
}

fn is_port(p: &str) -> bool {
    p.strip_prefix(':').unwrap_or(p).parse::<u16>().is_ok() && !p.is_empty()
}

/// The CORS header for `origin` when the config allows it.
pub(super) fn cors_header(
    allowed: &[String],
    origin: Option<&str>,
) -> Option<(&'static str, String)> {
    let origin = origin?.trim();
    allowed
        .iter()
        .any(|a| a.trim_end_matches('/') == origin)
        .then(|| ("Access-Control-Allow-Origin", origin.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_pass_others_are_refused() {
        for ok in [
            "127.0.0.1:5611",
            "127.0.0.1",
            "localhost:80",
            "LOCALHOST",
            "[::1]:5611",
            "[::1]",
            "app.localhost:1",
            "127.1.2.3:9",
        ] {
            assert!(check_host(Some(ok)).is_ok(), "{ok}");
        }
        for bad in [
            "evil.example:5611",
            "192.168.1.2",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "[::2]:1",
            "localhost:http",
        ] {
            assert_eq!(
                check_host(Some(bad)).map_err(|e| e.status),
                Err(403),
                "{bad}"
            );
        }
        assert_eq!(check_host(None).map_err(|e| e.status), Err(400));
        assert_eq!(check_host(Some(" ")).map_err(|e| e.status), Err(400));
    }

    #[test]
    fn cors_only_for_listed_origins() {
        let allowed = vec!["http://localhost:3000".to_string()];
        assert!(cors_header(&allowed, Some("http://localhost:3000")).is_some());
        assert!(cors_header(&allowed, Some("http://evil.example")).is_none());
        assert!(cors_header(&[], Some("http://localhost:3000")).is_none());
        assert!(cors_header(&allowed, None).is_none());
    }
}
