//! CalDAV sync cases that need one particular server: a refused password, TLS and the keyring
//! against Radicale (Xandikos runs without auth), and the lock a killed Xandikos leaves.

use crate::caldav::{add_account, json, ok, setup, summaries_on_server, sync, tempo};
use crate::common::Env;
use crate::common::radicale::{PASSWORD, Radicale, USER, add_account_args, event};
use crate::common::server::Server;
use crate::common::xandikos::Xandikos;

/// Xandikos runs without auth (tests/it/common/xandikos.rs), so only Radicale can refuse.
#[test]
fn a_wrong_password_is_named_and_changes_nothing() {
    let server = Radicale::start();
    let env = setup(&server);
    server.put("work", "a.ics", &event("ev-a", "A", "20261124T090000Z", ""));
    add_account(&env, &server);
    sync(&env);
    let before = env.snapshot_of_table("calendar_objects");
    let out = env
        .cmd()
        .env("DAV_PW", "wrong")
        .args(["sync", "--account", "home"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("refused the user name or password (401"),
        "{err}"
    );
    assert_eq!(env.snapshot_of_table("calendar_objects"), before);
    let log = json(&env, &["sync", "log"]);
    assert!(
        log[0]["error"].as_str().unwrap_or("").contains("401"),
        "{log}"
    );
}

/// The stale Git lock a Xandikos killed mid-write keeps (see the scenario above, where the kill
/// lands in a write only sometimes): every write answers 423 Locked until the lock is gone.
#[test]
fn a_calendar_xandikos_keeps_locked_is_named_and_the_sync_after_it_finishes() {
    let server = Xandikos::start();
    let env = setup(&server);
    add_account(&env, &server);
    sync(&env);
    ok(&env, &["add", "Waiting for the lock"]);
    server.leave_stale_lock("work");
    let before = env.snapshot_of_table("tasks");
    let out = tempo(&env, &["sync", "--account", "home"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("answered 423 Locked (local data unchanged)"),
        "{err}"
    );
    assert_eq!(env.snapshot_of_table("tasks"), before);
    assert!(summaries_on_server(&server, "work").is_empty());
    assert!(server.clear_stale_locks());
    assert_eq!(sync(&env)["pushed"], 1);
    assert_eq!(
        summaries_on_server(&server, "work"),
        vec!["Waiting for the lock"]
    );
}

#[test]
fn tls_failures_and_refusals_are_named_and_add_nothing() {
    let server = Radicale::start();
    let env = Env::new();
    ok(&env, &["add", "Existing task"]);
    let before = env.snapshot();
    let try_add = |url: &str, code: i32| {
        let out = tempo(&env, &add_account_args(url));
        assert_eq!(out.status.code(), Some(code), "{out:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    // Exit 1 for what is wrong around the command, 2 for what is wrong in it.
    // https to a plain-HTTP port: the TLS handshake fails.
    let err = try_add(&format!("https://127.0.0.1:{}/", server.port), 1);
    assert!(err.contains("TLS failure talking to 127.0.0.1"), "{err}");
    // Another user's collection: Radicale refuses (owner_only rights).
    let err = try_add(&format!("{}bob/", server.url()), 2);
    assert!(err.contains("(403 Forbidden)"), "{err}");
    // Nothing listening.
    let err = try_add("http://127.0.0.1:9/", 1);
    assert!(err.contains("cannot reach 127.0.0.1:9"), "{err}");
    assert_eq!(env.snapshot(), before);
}

/// `--keyring`: the password goes to the OS keyring (a real gnome-keyring on a private
/// D-Bus session), is read from it at each sync, and is nowhere in the database.
#[test]
fn a_password_in_the_keyring_is_used_and_never_stored() {
    let server = Radicale::start();
    server.mkcalendar("work", "Work");
    server.put(
        "work",
        "a.ics",
        &event("ev-a", "From the server", "20261124T090000Z", ""),
    );
    let env = Env::new();
    let bin = env!("CARGO_BIN_EXE_tempo");
    let script = format!(
        r#"set -e
eval "$(printf 'unlock' | gnome-keyring-daemon --unlock --components=secrets --daemonize 2>/dev/null)"
export GNOME_KEYRING_CONTROL
printf '%s\n' "$DAV_SECRET" | {bin} sync add-account home {url} --user {USER} --keyring
{bin} sync --account home
secret-tool lookup service tempo account home
"#,
        url = server.url()
    );
    let out = std::process::Command::new("dbus-run-session")
        .args(["--", "sh", "-c", &script])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.dir.path())
        .env("TEMPO_DB", &env.db)
        .env("TEMPO_NOW", crate::common::NOW)
        .env("TZ", "Europe/Berlin")
        .env("DAV_SECRET", PASSWORD)
        .output()
        .expect("dbus-run-session (dbus-daemon) must be installed: scripts/test installs it");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("1 added"), "{stdout}");
    assert!(
        stdout.trim_end().ends_with(PASSWORD),
        "the keyring holds it: {stdout}"
    );
    let db = std::fs::read(&env.db).expect("db");
    let needle = PASSWORD.as_bytes();
    assert!(
        !db.windows(needle.len()).any(|w| w == needle),
        "the password is not in the database"
    );
    let accounts = json(&env, &["sync", "list-accounts"]);
    assert_eq!(accounts[0]["account"]["password_from"], "keyring");
}
