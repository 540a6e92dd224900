//! Each kind of failure over the in-memory server: what the sync records, and when the
//! schedule tries the account again (soon with backoff, at the next interval, or not until
//! the person acts).

use super::World;
use crate::error::{ErrorKind, Kinded};
use crate::store::Account;
use crate::sync::dav::DavError;
use crate::sync::dav::fake::Lost;
use crate::sync::schedule::{PAUSED, is_paused};
use crate::sync::{due, record_outcome};

/// A sync that fails as the server is set up to, recorded as the background sync does.
fn failed_sync(w: &mut World) -> (ErrorKind, Account) {
    let before = w.store.account("ann").expect("read").expect("account");
    let result = w.sync_result();
    let kind = result.as_ref().expect_err("the sync fails").kind();
    record_outcome(&mut w.store, &before, &result, w.now).expect("recorded");
    (
        kind,
        w.store.account("ann").expect("read").expect("account"),
    )
}

fn due_at(w: &World, minutes: i64) -> bool {
    let at = w.now + chrono::Duration::minutes(minutes);
    due(&w.store, at, false).expect("due") == ["ann"]
}

#[test]
fn a_refused_password_pauses_the_account_until_a_sync_is_asked_for() {
    let mut w = World::new();
    w.dav.refuse_with(DavError::Unauthorized);
    let (kind, account) = failed_sync(&mut w);
    assert_eq!(kind, ErrorKind::BadInput);
    assert!(is_paused(&account), "{account:?}");
    assert!(
        account.last_error.contains("paused"),
        "{}",
        account.last_error
    );
    assert!(
        !due_at(&w, 60 * 24 * 365),
        "a paused account waits for the person"
    );
    assert_eq!(due(&w.store, w.now, true).expect("due"), ["ann"]);
    let log = w.store.sync_log(1).expect("log");
    assert!(log[0].error.contains("401"), "{log:?}");
    // Fixed: the sync the person asks for succeeds and lifts the pause.
    w.dav.heal();
    let before = w.store.account("ann").expect("read").expect("account");
    let result = w.sync_result();
    record_outcome(&mut w.store, &before, &result, w.now).expect("recorded");
    let account = w.store.account("ann").expect("read").expect("account");
    assert_eq!((account.retry_at, account.failures), (None, 0));
}

#[test]
fn a_network_failure_is_retried_with_backoff() {
    let mut w = World::new();
    w.dav.fail_after(0, Lost::Request);
    let (kind, account) = failed_sync(&mut w);
    assert_eq!(kind, ErrorKind::Transient);
    let retry = account.retry_at.expect("a retry");
    let wait = retry - w.now.timestamp();
    assert!(
        (30..=90).contains(&wait),
        "first backoff 1 min ± jitter: {wait}"
    );
    assert!(!due_at(&w, 0));
    assert!(due_at(&w, 2));
    // Failing again waits longer.
    w.dav.refuse_with(DavError::Status {
        url: "u".into(),
        status: 503,
        reason: "Service Unavailable".into(),
    });
    let (kind, account) = failed_sync(&mut w);
    assert_eq!((kind, account.failures), (ErrorKind::Transient, 2));
    let wait = account.retry_at.expect("a retry") - w.now.timestamp();
    assert!(
        (60..=180).contains(&wait),
        "second backoff 2 min ± jitter: {wait}"
    );
}

#[test]
fn a_server_that_speaks_no_caldav_waits_for_the_next_regular_sync() {
    let mut w = World::new();
    w.dav
        .refuse_with(DavError::Protocol("not a multistatus".into()));
    let (kind, account) = failed_sync(&mut w);
    assert_eq!(kind, ErrorKind::System);
    assert_eq!(account.retry_at, Some(w.now.timestamp() + 15 * 60));
    assert_ne!(account.retry_at, Some(PAUSED));
    assert!(!due_at(&w, 14));
    assert!(due_at(&w, 15));
}

#[test]
fn the_errors_a_sync_stops_on_keep_their_kind() {
    for (error, kind) in [
        (DavError::Unauthorized, ErrorKind::BadInput),
        (DavError::Changed, ErrorKind::Transient),
        (
            DavError::Tls {
                host: "h".into(),
                why: "UnknownIssuer".into(),
            },
            ErrorKind::System,
        ),
    ] {
        assert_eq!(error.kind(), kind);
        let mut w = World::new();
        w.dav.refuse_with(error);
        assert_eq!(failed_sync(&mut w).0, kind);
    }
}
