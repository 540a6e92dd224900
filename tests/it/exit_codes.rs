//! The README's rule for exit codes, one test per kind of failure: bad input exits 2 and
//! changes nothing; a failing disk or database exits 1; so does a network failure (transient:
//! the background sync would retry it).

use std::path::Path;

use predicates::prelude::*;

use crate::common::Env;
use crate::read_only::{chmod, tempo_as_reader};

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8")
}

#[test]
fn bad_input_exits_2_and_changes_nothing() {
    let env = Env::new();
    env.run(&["add", "Read me"]);
    let dir = env.dir.path();
    let config = dir.join("config.toml");
    std::fs::write(&config, "[display]\ncolor = 3\n").expect("write");
    let tw = dir.join("export.json");
    std::fs::write(&tw, "garbage").expect("write");
    let ics = dir.join("notes.ics");
    std::fs::write(&ics, "just text").expect("write");
    let before = env.snapshot();
    let cases: [(&[&str], &str); 7] = [
        (
            &["modify", "1", "due:notadate"],
            "cannot read `notadate` as a date",
        ),
        (&["list", "("], "expected a filter term at column 2"),
        (&["done", "99"], "no task matches `99`"),
        (&["show", "zz"], "`zz` is not a task id"),
        (
            &["--config", path(&config), "add", "x"],
            "invalid config file",
        ),
        (
            &["import", "taskwarrior", path(&tw)],
            "not Taskwarrior export JSON",
        ),
        (&["cal", "import", path(&ics)], "is not an iCalendar file"),
    ];
    for (args, message) in cases {
        env.cmd()
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
        assert_eq!(env.snapshot(), before, "{args:?} changed the database");
    }
}

#[test]
fn a_corrupt_database_exits_1() {
    let env = Env::new();
    std::fs::write(
        &env.db,
        "not a database, only some text that is long enough",
    )
    .expect("write");
    env.cmd()
        .arg("list")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot open the database at"))
        .stderr(predicate::str::contains("file is not a database"));
}

#[test]
fn a_directory_where_the_database_should_be_exits_1() {
    let env = Env::new();
    std::fs::create_dir(&env.db).expect("mkdir");
    env.cmd()
        .args(["add", "x"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "it is a directory, not a database file",
        ));
}

#[test]
fn an_unwritable_database_exits_1_on_a_write() {
    let env = Env::new();
    env.run(&["add", "Read me"]);
    let before = env.snapshot();
    chmod(&env.db, 0o444);
    chmod(env.dir.path(), 0o777);
    let out = tempo_as_reader(&env, &["add", "Written"]);
    chmod(env.dir.path(), 0o700);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("readonly database"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn an_unreachable_caldav_server_exits_1_and_changes_nothing() {
    // A port just freed: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let env = Env::new();
    env.run(&["add", "Read me"]);
    let before = env.snapshot();
    let url = format!("http://127.0.0.1:{port}/");
    env.cmd()
        .args(["sync", "add-account", "home", &url, "--user", "u"])
        .args(["--password-env", "DAV_PW"])
        .env("DAV_PW", "secret")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot reach 127.0.0.1"))
        .stderr(predicate::str::contains("secret").not());
    assert_eq!(env.snapshot(), before);
}
