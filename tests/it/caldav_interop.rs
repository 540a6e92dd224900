//! Interop with CalDAV clients nobody here wrote, on one real Radicale: what Tempo syncs is
//! read by khal and todoman through vdirsyncer, and what those tools create arrives in Tempo.
//! All three come from Debian's packages (installed by scripts/test).

use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::Env;
use crate::common::radicale::{PASSWORD, Radicale, USER, add_account_args};

/// Runs a peer tool with HOME and the zone pinned; its stdout, or a panic with its stderr.
fn peer(home: &Path, program: &str, args: &[&str], stdin: &str) -> String {
    use std::io::Write;
    let mut child = Command::new(program)
        .args(args)
        .env("HOME", home)
        .env("TZ", "Europe/Berlin")
        .env("LANG", "C.UTF-8")
        .env("LC_ALL", "C.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{program} must be installed (scripts/test installs it): {e}"));
    if let Some(mut i) = child.stdin.take() {
        let _ = i.write_all(stdin.as_bytes());
    }
    let out = child.wait_with_output().expect("runs");
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn tempo(env: &Env, args: &[&str]) -> String {
    let out = env
        .cmd()
        .env("DAV_PW", PASSWORD)
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "tempo {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn khal_and_todoman_read_what_tempo_syncs_and_tempo_reads_what_they_create() {
    let server = Radicale::start();
    server.mkcalendar("work", "Work");
    let env = Env::new();
    tempo(&env, &add_account_args(&server.url()));
    tempo(&env, &["add", "Pay rent", "due:2026-11-27", "priority:H"]);
    tempo(
        &env,
        &[
            "cal",
            "add",
            "Review with Ann 2026-11-24 14:00 45m loc:\"Room 4\" cal:Work",
        ],
    );
    tempo(&env, &["sync"]);

    // The peers' side: vdirsyncer between Radicale and a vdir; khal and todoman on the vdir.
    let home = tempfile::tempdir().expect("home");
    let h = home.path();
    let vdir = h.join("vdir");
    let conf = h.join("vdirsyncer.conf");
    std::fs::write(
        &conf,
        format!(
            "[general]\nstatus_path = \"{status}/\"\n\n[pair cal]\na = \"local\"\nb = \"remote\"\ncollections = [\"work\"]\nconflict_resolution = \"b wins\"\n\n[storage local]\ntype = \"filesystem\"\npath = \"{vdir}/\"\nfileext = \".ics\"\n\n[storage remote]\ntype = \"caldav\"\nurl = \"{url}\"\nusername = \"{USER}\"\npassword = \"{PASSWORD}\"\n",
            status = h.join("status").display(),
            vdir = vdir.display(),
            url = server.url(),
        ),
    )
    .expect("vdirsyncer config");
    let conf = conf.to_str().expect("utf-8 path");
    peer(h, "vdirsyncer", &["-c", conf, "discover", "cal"], "y\ny\n");
    peer(h, "vdirsyncer", &["-c", conf, "sync"], "");

    let khal_conf = h.join("khal.conf");
    std::fs::write(
        &khal_conf,
        format!(
            "[calendars]\n[[work]]\npath = {}/work/\ntype = calendar\n\n[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\ndefault_timezone = Europe/Berlin\nlocal_timezone = Europe/Berlin\n\n[default]\ndefault_calendar = work\n",
            vdir.display()
        ),
    )
    .expect("khal config");
    let khal_conf = khal_conf.to_str().expect("utf-8 path");
    let listed = peer(
        h,
        "khal",
        &[
            "-c",
            khal_conf,
            "list",
            "--format",
            "{start} {end} {title} @ {location}",
            "2026-11-23",
            "7d",
        ],
        "",
    );
    assert!(
        listed.contains("2026-11-24 14:00 2026-11-24 14:45 Review with Ann @ Room 4"),
        "{listed}"
    );

    let todo_conf = h.join("todoman.py");
    std::fs::write(
        &todo_conf,
        format!(
            "path = \"{}/*\"\ndate_format = \"%Y-%m-%d\"\ntime_format = \"%H:%M\"\ndefault_list = \"work\"\n",
            vdir.display()
        ),
    )
    .expect("todoman config");
    let todo_conf = todo_conf.to_str().expect("utf-8 path");
    let todos: serde_json::Value = serde_json::from_str(&peer(
        h,
        "todoman",
        &["--config", todo_conf, "--porcelain", "list"],
        "",
    ))
    .expect("todoman JSON");
    let rent = todos
        .as_array()
        .expect("array")
        .iter()
        .find(|t| t["summary"] == "Pay rent")
        .unwrap_or_else(|| panic!("Pay rent in {todos}"));
    assert_eq!(rent["priority"], 1, "priority H is PRIORITY:1");
    assert_eq!(rent["completed"], false);
    // A whole due day is a day for todoman too, not 23:59 of it.
    let shown = peer(h, "todoman", &["--config", todo_conf, "list"], "");
    let line = shown
        .lines()
        .find(|l| l.contains("Pay rent"))
        .unwrap_or_else(|| panic!("Pay rent in {shown}"));
    assert!(line.contains("2026-11-27") && !line.contains(':'), "{line}");

    // The peers create and complete; Tempo picks it all up.
    peer(
        h,
        "khal",
        &[
            "-c",
            khal_conf,
            "new",
            "-a",
            "work",
            "2026-11-26",
            "10:00",
            "11:30",
            "Planning from khal",
        ],
        "",
    );
    peer(
        h,
        "todoman",
        &[
            "--config",
            todo_conf,
            "new",
            "-l",
            "work",
            "--due",
            "2026-11-28",
            "Call the bank",
        ],
        "",
    );
    let id = rent["id"].to_string();
    peer(h, "todoman", &["--config", todo_conf, "done", &id], "");
    peer(h, "vdirsyncer", &["-c", conf, "sync"], "");
    tempo(&env, &["sync"]);

    let agenda = tempo(
        &env,
        &[
            "cal",
            "agenda",
            "--from",
            "2026-11-23",
            "--days",
            "7",
            "--no-tasks",
        ],
    );
    assert!(
        agenda.contains("10:00–11:30  Planning from khal"),
        "{agenda}"
    );
    let tasks: serde_json::Value =
        serde_json::from_str(&tempo(&env, &["--json", "list", "status:any"])).expect("JSON");
    let by_title = |t: &str| {
        tasks
            .as_array()
            .expect("array")
            .iter()
            .find(|x| x["title"] == t)
            .cloned()
            .unwrap_or_else(|| panic!("{t} in {tasks}"))
    };
    assert_eq!(by_title("Pay rent")["status"], "done");
    let bank = by_title("Call the bank");
    assert!(
        bank["due"].as_str().unwrap_or("").starts_with("2026-11-2"),
        "{bank}"
    );
    // Nothing doubled on either side.
    assert_eq!(tasks.as_array().map(Vec::len), Some(2), "{tasks}");
    assert_eq!(server.members("work").len(), 4);
}
