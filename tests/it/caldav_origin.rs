//! The account's password only goes to the account's origin: hrefs a server names on another
//! origin (a principal, a calendar home, a calendar, an item) are refused and reported, and a
//! second listener standing for the other host must receive nothing. Also a server that
//! forgot a sync token and says so with 412 (as Xandikos does). Both need a scripted server:
//! a real one never names foreign hrefs.

use crate::common::Env;
use crate::common::fake_dav::{FakeDav, Script};
use crate::common::radicale::add_account_args;

const PASSWORD: &str = "hunter2-secret";

fn tempo(env: &Env, args: &[&str]) -> std::process::Output {
    env.cmd()
        .env("DAV_PW", PASSWORD)
        .args(args)
        .output()
        .expect("runs")
}

fn add_account(env: &Env, server: &FakeDav) -> std::process::Output {
    let url = format!("{}ann/", server.url());
    tempo(env, &add_account_args(&url))
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn sync(env: &Env) -> serde_json::Value {
    let out = tempo(env, &["--json", "sync", "--account", "home"]);
    assert!(out.status.success(), "sync failed: {}", text(&out));
    assert!(!text(&out).contains(PASSWORD));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    v[0]["result"].clone()
}

fn todo(uid: &str, summary: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//other//EN\r\nBEGIN:VTODO\r\nUID:{uid}\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:{summary}\r\nSTATUS:NEEDS-ACTION\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
    )
}

fn titles(env: &Env) -> Vec<String> {
    let mut v: Vec<String> = env
        .json(&["list", "status:any"])
        .as_array()
        .expect("array")
        .iter()
        .map(|t| t["title"].as_str().unwrap_or("").to_string())
        .collect();
    v.sort();
    v
}

fn server(principal: &str, home: &str) -> Script {
    Script {
        principal: principal.into(),
        home: home.into(),
        sync_token: "tok-1".into(),
        ..Script::default()
    }
}

#[test]
fn a_principal_or_calendar_home_on_another_origin_is_refused_and_gets_nothing() {
    let elsewhere = FakeDav::start(Script::default());
    let other = elsewhere.url();
    let other_host = other.trim_start_matches("http:");
    for (principal, home) in [
        (format!("{other}ann/"), "/ann/cals/".to_string()),
        ("/ann/".to_string(), format!("{other}ann/cals/")),
        (format!("{other_host}ann/"), "/ann/cals/".to_string()),
    ] {
        let dav = FakeDav::start(server(&principal, &home));
        let env = Env::new();
        env.run(&["add", "Existing task"]);
        let before = env.snapshot();
        let out = add_account(&env, &dav);
        assert!(!out.status.success(), "{}", text(&out));
        let said = text(&out);
        assert!(said.contains("on another server"), "{said}");
        assert!(!said.contains(PASSWORD), "{said}");
        assert_eq!(env.snapshot(), before, "nothing added");
    }
    assert!(
        elsewhere.requests().is_empty(),
        "the other origin was asked: {:?}",
        elsewhere.requests()
    );
}

#[test]
fn calendars_and_items_on_another_origin_are_skipped_reported_and_get_nothing() {
    let elsewhere = FakeDav::start(Script::default());
    let other = elsewhere.url();
    let dav = FakeDav::start(Script {
        calendars: vec![
            ("/ann/cals/work/".into(), "Work".into()),
            (format!("{other}ann/cals/stolen/"), "Stolen".into()),
        ],
        items: vec![
            (
                "/ann/cals/work/a.ics".into(),
                "\"a1\"".into(),
                todo("todo-a", "Good task"),
            ),
            (
                // A relative href with dot segments stays on the origin: taken.
                "../work/./b.ics".into(),
                "\"b1\"".into(),
                todo("todo-b", "Relative task"),
            ),
            (
                format!("{other}stolen/item1.ics"),
                "\"s1\"".into(),
                todo("todo-s", "Stolen task"),
            ),
        ],
        ..server("/ann/", "/ann/cals/")
    });
    let env = Env::new();
    let out = add_account(&env, &dav);
    assert!(out.status.success(), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("Work") && !said.contains("Stolen"), "{said}");
    assert!(
        said.contains("ann/cals/stolen/ is on another server"),
        "{said}"
    );

    let r = sync(&env);
    let problems = r["problems"].to_string();
    assert!(
        problems.contains("stolen/item1.ics is on another server"),
        "{r}"
    );
    assert_eq!(titles(&env), vec!["Good task", "Relative task"]);

    // Local changes go up to the account's server only.
    let done = env.json(&["list", "Good"])[0]["id"].to_string();
    env.run(&["done", &done]);
    env.run(&["add", "New here"]);
    let r = sync(&env);
    assert_eq!(r["pushed"], 2, "{r}");
    let puts: Vec<String> = dav
        .requests()
        .into_iter()
        .filter(|q| q.method == "PUT")
        .map(|q| q.path)
        .collect();
    assert!(
        puts.contains(&"/ann/cals/work/a.ics".to_string()),
        "{puts:?}"
    );
    assert!(
        dav.requests()
            .iter()
            .all(|q| q.path.starts_with("/ann/") && !q.path.contains("stolen")),
        "{:?}",
        dav.requests()
    );
    assert!(
        elsewhere.requests().is_empty(),
        "the other origin was asked: {:?}",
        elsewhere.requests()
    );
}

#[test]
fn a_password_in_a_url_is_refused_and_never_shown() {
    let dav = FakeDav::start(Script {
        calendars: vec![("/ann/cals/work/".into(), "Work".into())],
        ..server("/ann/", "/ann/cals/")
    });
    let env = Env::new();
    env.run(&["add", "Existing task"]);
    let before = env.snapshot();
    let with_password = format!("http://ann:secret@127.0.0.1:{}/ann/", dav.port);
    let out = tempo(&env, &add_account_args(&with_password));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("--password-env"), "{said}");
    assert!(!said.contains("secret"), "{said}");
    let out = tempo(
        &env,
        &[
            "sync",
            "add-subscription",
            "Feed",
            "https://ann:secret@127.0.0.1:9/feed.ics",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(!text(&out).contains("secret"), "{}", text(&out));
    assert_eq!(env.snapshot(), before, "nothing stored");
    assert!(dav.requests().is_empty(), "not even asked");

    // A database from before the check, with passwords in its URLs: never shown.
    assert!(add_account(&env, &dav).status.success());
    let feed = env.dir.path().join("feed.ics");
    std::fs::write(
        &feed,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//feed//EN\r\nBEGIN:VEVENT\r\nUID:f-1\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:Feed item\r\nDTSTART:20261124T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .expect("write");
    env.run(&[
        "sync",
        "add-subscription",
        "Feed",
        &feed.display().to_string(),
    ]);
    let conn = rusqlite::Connection::open(&env.db).expect("db");
    conn.execute_batch(
        "UPDATE accounts SET url = 'http://ann:secret@127.0.0.1:9/ann/', home = '';
         UPDATE subscriptions SET source = 'http://ann:secret@127.0.0.1:9/feed.ics';
         UPDATE calendars SET source = 'subscription:http://ann:secret@127.0.0.1:9/feed.ics'
         WHERE name = 'Feed';",
    )
    .expect("update");
    drop(conn);
    let out = tempo(&env, &["sync"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let mut said = text(&out);
    for args in [
        &["sync", "list-accounts"][..],
        &["--json", "sync", "list-accounts"],
        &["sync", "list"],
        &["--json", "sync", "list"],
        &["sync", "log"],
        &["--json", "sync", "log"],
        &["cal", "calendars"],
        &["--json", "cal", "calendars"],
    ] {
        let out = tempo(&env, args);
        assert!(out.status.success(), "{args:?}: {}", text(&out));
        said.push_str(&text(&out));
    }
    assert!(said.contains("127.0.0.1:9"), "{said}");
    assert!(!said.contains("secret"), "{said}");
}

#[test]
fn a_sync_token_the_server_forgot_with_412_means_a_full_resync() {
    let item = |uid: &str, title: &str| {
        (
            format!("/ann/cals/work/{uid}.ics"),
            format!("\"{uid}\""),
            todo(uid, title),
        )
    };
    let dav = FakeDav::start(Script {
        calendars: vec![("/ann/cals/work/".into(), "Work".into())],
        items: vec![item("a", "A"), item("b", "B")],
        forget_old_tokens: true,
        ..server("/ann/", "/ann/cals/")
    });
    let env = Env::new();
    assert!(add_account(&env, &dav).status.success());
    sync(&env);
    assert_eq!(titles(&env), vec!["A", "B"]);
    {
        // The server lost its change history: a new token, B gone and C new.
        let mut s = dav.script.lock().expect("lock");
        s.sync_token = "tok-2".into();
        s.items = vec![item("a", "A"), item("c", "C")];
    }
    let r = sync(&env);
    assert_eq!(r["resyncs"], 1, "{r}");
    assert_eq!(titles(&env), vec!["A", "C"]);
    let r = sync(&env);
    assert_eq!(r["resyncs"], 0, "recovered: {r}");
}
