//! The exit code and the background schedule follow what kind of failure stopped a sync: a
//! refused password is the person's to fix (exit 2, the background sync pauses), an
//! unreachable server is transient (exit 1, retried with backoff), a server that answers
//! but speaks no CalDAV is the system's (exit 1). Each sync pass is traced in the log.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

use crate::common::Env;
use crate::common::radicale::{PASSWORD, Radicale, add_account_args, event};

fn tempo(env: &Env, password: &str, args: &[&str]) -> std::process::Output {
    env.cmd()
        .env("DAV_PW", password)
        .args(args)
        .output()
        .expect("runs")
}

/// An account on a Radicale with one event, synced once.
fn synced(server: &Radicale) -> Env {
    let env = Env::new();
    server.mkcalendar("work", "Work");
    server.put("work", "a.ics", &event("ev-a", "A", "20261124T090000Z", ""));
    let out = tempo(&env, PASSWORD, &add_account_args(&server.url()));
    assert!(out.status.success(), "{out:?}");
    let out = tempo(&env, PASSWORD, &["sync", "--account", "home"]);
    assert!(out.status.success(), "{out:?}");
    env
}

fn list_accounts(env: &Env) -> String {
    let out = tempo(env, PASSWORD, &["sync", "list-accounts"]);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_refused_password_exits_2_and_pauses_the_background_sync() {
    let server = Radicale::start();
    let env = synced(&server);
    let before = env.snapshot_of_table("calendar_objects");
    let out = tempo(&env, "wrong", &["sync", "--account", "home"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("(401 Unauthorized)"), "{err}");
    assert_eq!(env.snapshot_of_table("calendar_objects"), before);
    let listed = list_accounts(&env);
    assert!(listed.contains("(paused;"), "{listed}");
    assert!(
        listed.contains("paused until this is fixed; then tempo sync --account home"),
        "{listed}"
    );
    let log = env.run(&["sync", "log"]);
    assert!(log.contains("401"), "{log}");
    // With the right password the sync the person asks for lifts the pause.
    let out = tempo(&env, PASSWORD, &["sync", "--account", "home"]);
    assert!(out.status.success(), "{out:?}");
    assert!(list_accounts(&env).contains("(on;"));
}

#[test]
fn an_unreachable_server_exits_1_and_is_retried_with_backoff() {
    let mut server = Radicale::start();
    let env = synced(&server);
    server.stop();
    let out = tempo(&env, PASSWORD, &["sync", "--account", "home"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot reach 127.0.0.1"), "{err}");
    let listed = list_accounts(&env);
    assert!(listed.contains("(on;"), "{listed}");
    assert!(listed.contains("retrying in"), "{listed}");
}

/// A web server that answers every request with a page, as a site that is no CalDAV server.
fn web_page_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut line = String::new();
            let mut length = 0;
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
                line.clear();
            }
            let mut body = vec![0; length];
            let _ = std::io::Read::read_exact(&mut reader, &mut body);
            let page = "<html><body>Welcome</body></html>";
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
                page.len()
            );
        }
    });
    port
}

#[test]
fn a_server_that_speaks_no_caldav_exits_1_and_adds_nothing() {
    let port = web_page_server();
    let env = Env::new();
    env.run(&["add", "Existing task"]);
    let before = env.snapshot();
    let url = format!("http://127.0.0.1:{port}/");
    let out = tempo(&env, PASSWORD, &add_account_args(&url));
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.is_empty(), "{out:?}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn the_log_traces_each_sync_pass_with_its_counts_and_requests() {
    let server = Radicale::start();
    let env = synced(&server);
    server.put("work", "b.ics", &event("ev-b", "B", "20261125T090000Z", ""));
    server.put("work", "c.ics", &event("ev-c", "C", "20261126T090000Z", ""));
    let out = env
        .cmd()
        .env("DAV_PW", PASSWORD)
        .env("TEMPO_LOG_LEVEL", "debug")
        .args(["sync", "--account", "home"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{out:?}");
    let log = std::fs::read_to_string(env.db.with_file_name("tempo.log")).expect("a log");
    // The pass (each process numbers its own): the calendar's counts, then the account's.
    assert!(
        log.lines().any(|l| l.contains(
            " INFO  sync{pass=1 account=home}: calendar “Work”: 2 pulled, 0 pushed, 0 conflicts in "
        )),
        "{log}"
    );
    assert!(
        log.lines()
            .any(|l| l.contains("sync{pass=1 account=home}: done in ") && l.contains("2 added")),
        "{log}"
    );
    // At debug level its requests too, with the URL and the answer, and no password.
    let requests: Vec<&str> = log
        .lines()
        .filter(|l| l.contains(" DEBUG sync{pass=1 account=home}: REPORT http://127.0.0.1:"))
        .collect();
    assert!(requests.iter().any(|l| l.ends_with("→ 207")), "{log}");
    assert!(!log.contains(PASSWORD), "{log}");
}
