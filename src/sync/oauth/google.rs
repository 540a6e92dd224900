//! Google Calendar's presets: its issuer, the calendar scope, and where its CalDAV principal
//! is for an account (Google names it by the account's address). Google's CalDAV holds events
//! only: tasks stay local or go to another account.

/// Google's OpenID Connect issuer (its metadata names the endpoints).
pub const ISSUER: &str = "https://accounts.google.com";
/// Read and write access to the person's calendars.
pub const SCOPE: &str = "https://www.googleapis.com/auth/calendar";
/// Google's CalDAV API.
pub const CALDAV_BASE: &str = "https://apidata.googleusercontent.com/caldav/v2/";
/// What to tell the person after adding a Google account.
pub const NO_TASKS: &str = "Google Calendar's CalDAV holds events only (no VTODO): tasks stay \
     in Tempo, or sync them through another account (tempo sync calendar … to choose)";

/// The CalDAV URL for `account`: a Google address (`ann@gmail.com`) becomes its principal
/// URL; a URL given whole must be on Google's CalDAV host.
pub fn caldav_url(account: &str) -> Result<String, String> {
    let account = account.trim();
    if account.starts_with("https://") {
        return if account.starts_with(CALDAV_BASE) {
            Ok(account.to_string())
        } else {
            Err(format!(
                "with --google, give the Google address (you@gmail.com) or a URL under {CALDAV_BASE}"
            ))
        };
    }
    let valid = account.split_once('@').is_some_and(|(user, host)| {
        !user.is_empty() && host.contains('.') && !account.contains(['/', ' ', '?', '#'])
    });
    if !valid {
        return Err(format!(
            "with --google, give the Google address (you@gmail.com), not `{account}`"
        ));
    }
    let id = percent_encoding::utf8_percent_encode(account, percent_encoding::NON_ALPHANUMERIC);
    Ok(format!("{CALDAV_BASE}{id}/user"))
}

/// The scopes to ask Google for: the calendar scope, plus any the person added.
pub fn scopes(extra: &[String]) -> String {
    let mut all = vec![SCOPE.to_string()];
    all.extend(extra.iter().filter(|s| s.as_str() != SCOPE).cloned());
    all.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_google_address_becomes_its_caldav_principal() {
        assert_eq!(
            caldav_url("ann.smith@gmail.com").as_deref(),
            Ok("https://apidata.googleusercontent.com/caldav/v2/ann%2Esmith%40gmail%2Ecom/user")
        );
        let whole = "https://apidata.googleusercontent.com/caldav/v2/x%40example.org/user";
        assert_eq!(caldav_url(whole).as_deref(), Ok(whole));
    }

    #[test]
    fn anything_else_is_refused_with_what_to_give() {
        for bad in [
            "ann",
            "https://dav.example/ann/",
            "a@b",
            "@gmail.com",
            "a/b@gmail.com",
        ] {
            let e = caldav_url(bad).expect_err(bad);
            assert!(e.contains("you@gmail.com"), "{bad}: {e}");
        }
    }

    #[test]
    fn the_calendar_scope_is_always_asked_for_once() {
        assert_eq!(scopes(&[]), SCOPE);
        assert_eq!(
            scopes(&["openid".into(), SCOPE.into()]),
            format!("{SCOPE} openid")
        );
    }

    #[test]
    fn the_issuer_is_discovered_where_google_publishes_it() {
        assert_eq!(
            super::super::discovery::metadata_urls(ISSUER)[1],
            "https://accounts.google.com/.well-known/openid-configuration"
        );
    }
}
