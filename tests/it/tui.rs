//! The real binary in tmux (installed by scripts/test): keys in, screen out, then the database
//! checked through the CLI.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::tmux::Tmux;
use crate::common::{ClockFile, Env};

fn task_titles(env: &Env) -> Vec<(String, String)> {
    let all = env.json(&["list", "status:any", "--sort", "id"]);
    all.as_array()
        .expect("array")
        .iter()
        .map(|t| {
            (
                t["title"].as_str().unwrap_or_default().to_string(),
                t["status"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn add_filter_done_undo_quit_by_keys() {
    let env = Env::new();
    let t = Tmux::start(&env, 100, 30);
    t.wait_for("the empty state", |s| {
        s.contains("No tasks yet") && s.contains("Press a to add")
    });

    t.keys(&["a"]);
    t.wait_for("the add prompt", |s| s.contains("add "));
    t.type_text("Buy milk due:tomorrow +errand");
    t.keys(&["Enter"]);
    t.wait_for("the first task", |s| {
        s.contains("Buy milk") && s.contains("errand")
    });
    t.keys(&["a"]);
    t.type_text("Call Ann project:work +phone pri:H");
    t.keys(&["Enter"]);
    t.wait_for("the second task", |s| {
        s.contains("Call Ann") && s.contains("2 of 2 tasks")
    });

    t.keys(&["/"]);
    t.type_text("+errand");
    let screen = t.wait_for("the filtered list", |s| s.contains("1 of 2 tasks"));
    assert!(
        screen.contains("Buy milk") && !screen.contains("Call Ann"),
        "{screen}"
    );
    t.keys(&["Enter"]);

    t.keys(&["d"]);
    t.wait_for("the completion", |s| s.contains("Completed task 1"));
    assert_eq!(task_titles(&env)[0], ("Buy milk".into(), "done".into()));
    t.keys(&["u"]);
    t.wait_for("the undo", |s| s.contains("Undid `done 1`"));

    t.keys(&["q"]);
    let deadline = Instant::now() + Duration::from_secs(5);
    while t.alive() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!t.alive(), "tempo did not quit");
    assert_eq!(
        task_titles(&env),
        vec![
            ("Buy milk".into(), "pending".into()),
            ("Call Ann".into(), "pending".into())
        ]
    );

    // The filter was kept: a restart shows the same view.
    let t = Tmux::start(&env, 100, 30);
    t.wait_for("the kept filter", |s| {
        s.contains("filter: +errand") && s.contains("Buy milk")
    });
}

#[test]
fn another_process_adding_shows_up_in_the_running_tui() {
    let env = Env::new();
    env.cmd().args(["add", "Existing task"]).assert().success();
    let t = Tmux::start(&env, 100, 30);
    t.wait_for("the list", |s| s.contains("Existing task"));
    let started = Instant::now();
    env.cmd()
        .args(["add", "Added from another terminal"])
        .assert()
        .success();
    t.wait_for("the new task", |s| {
        s.contains("Added from another terminal") && s.contains("2 of 2 tasks")
    });
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn edit_form_and_detail_view() {
    let env = Env::new();
    env.cmd()
        .args(["add", "Write report", "project:work", "+next"])
        .assert()
        .success();
    let t = Tmux::start(&env, 100, 30);
    t.wait_for("the list", |s| s.contains("Write report"));
    t.keys(&["e"]);
    t.wait_for("the form", |s| s.contains("Edit task 1"));
    t.keys(&["Tab", "Tab", "Tab"]);
    t.type_text("H");
    t.keys(&["Tab"]);
    t.type_text("2026-12-24 9am");
    t.keys(&["Enter"]);
    t.wait_for("the saved edit", |s| s.contains("Modified task 1"));
    let task = env.json(&["show", "1"]);
    assert_eq!(task["priority"], "H");
    assert_eq!(task["due"], "2026-12-24T08:00:00Z");
    t.keys(&["Enter"]);
    let screen = t.wait_for("the detail view with history", |s| {
        s.contains("History") && s.contains("modify 1")
    });
    assert!(screen.contains("Thu 2026-12-24 09:00"), "{screen}");
    // Separately: ESC followed at once by a key is how terminals send alt-key.
    t.keys(&["Escape"]);
    t.wait_for("the list again", |s| s.contains("ID P Project"));
    t.keys(&["?"]);
    t.wait_for("the help", |s| {
        s.contains("Keys") && s.contains("filter as you type")
    });
}

#[test]
fn small_terminal_and_sigterm_restore() {
    let env = Env::new();
    let t = Tmux::start(&env, 40, 8);
    t.wait_for("the too-small message", |s| {
        s.contains("Terminal too small (40×8)")
    });
    t.run(&["resize-window", "-t", "t", "-x", "90", "-y", "25"]);
    t.wait_for("the normal screen after a resize", |s| {
        s.contains("No tasks yet")
    });
    // SIGTERM: the app leaves the alternate screen and exits cleanly.
    let pid = t.run(&["display-message", "-p", "-t", "t", "#{pane_pid}"]);
    let pid = pid.trim();
    let children = Command::new("pgrep")
        .args(["-P", pid])
        .output()
        .expect("pgrep");
    let target = String::from_utf8_lossy(&children.stdout)
        .lines()
        .next()
        .map(str::to_string)
        .unwrap_or_else(|| pid.to_string());
    Command::new("kill")
        .args(["-TERM", &target])
        .status()
        .expect("kill");
    let deadline = Instant::now() + Duration::from_secs(5);
    while t.alive() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!t.alive(), "tempo did not exit on SIGTERM");
}

#[test]
fn notes_in_editor_and_suspend_resume() {
    let env = Env::new();
    env.cmd().args(["add", "Plan trip"]).assert().success();
    // A non-interactive "editor" that rewrites the file it is given.
    let editor = env.dir.path().join("fake-editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf 'Book the train\\nPack boots\\n' > \"$1\"\n",
    )
    .expect("write editor");
    Command::new("chmod")
        .args(["+x", editor.to_str().expect("utf-8")])
        .status()
        .expect("chmod");
    // Run inside a shell so that Ctrl-Z has a job-control shell to return to.
    let socket = format!("tempo-test-ed-{}", std::process::id());
    let t = Tmux { socket };
    t.run(&[
        "new-session",
        "-d",
        "-s",
        "t",
        "-x",
        "100",
        "-y",
        "30",
        "bash --norc --noprofile",
    ]);
    let command = format!(
        "HOME={} TEMPO_NOW={} TEMPO_DB={} EDITOR={} TERM=xterm-256color {}",
        env.dir.path().display(),
        crate::common::NOW,
        env.db.display(),
        editor.display(),
        env!("CARGO_BIN_EXE_tempo")
    );
    t.type_text(&command);
    t.keys(&["Enter"]);
    t.wait_for("the list", |s| s.contains("Plan trip"));
    t.keys(&["E"]);
    t.wait_for("the saved notes", |s| {
        s.contains("Saved the notes of task 1")
    });
    assert_eq!(
        env.json(&["show", "1"])["notes"],
        "Book the train\nPack boots"
    );

    t.keys(&["C-z"]);
    t.wait_for("the shell after ctrl-z", |s| s.contains("Stopped"));
    t.type_text("fg");
    t.keys(&["Enter"]);
    t.wait_for("the list after fg", |s| {
        s.contains("Plan trip") && s.contains("1 of 1 tasks")
    });
    t.keys(&["j"]);
    t.keys(&["q"]);
    t.wait_for("the shell after quitting", |s| !s.contains("1 of 1 tasks"));
}

/// Reads "mm:ss" after `marker` on the screen, in seconds.
fn clock_after(screen: &str, marker: &str) -> Option<i64> {
    let at = screen.find(marker)? + marker.len();
    let text: String = screen[at..].trim_start().chars().take(5).collect();
    let (m, s) = text.split_once(':')?;
    Some(m.parse::<i64>().ok()? * 60 + s.parse::<i64>().ok()?)
}

/// The focus pane on a controlled clock: pause and resume, a restart, and the phase end, each
/// checked to the second (time moves when the test says, never by sleeping).
#[test]
fn one_minute_focus_session_survives_a_restart_and_records_its_time() {
    let env = Env::new();
    let clock = ClockFile::new(&env);
    let at_clock = |args: &[&str]| -> serde_json::Value {
        let out = env
            .cmd()
            .env("TEMPO_NOW", clock.env_value())
            .arg("--json")
            .args(args)
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON")
    };
    env.run(&["add", "Write report", "project:work"]);
    let cfg = env.dir.path().join("config.toml");
    std::fs::write(&cfg, "[focus]\nfocus_minutes = 1\n").expect("write config");
    let extra = [
        ("TEMPO_CONFIG", cfg.display().to_string()),
        ("TEMPO_NOW", clock.env_value()),
    ];
    let start = |env: &Env| Tmux::start_with(env, &extra, 100, 30, "-focus");
    let t = start(&env);
    t.wait_for("the task", |s| s.contains("Write report"));
    t.keys(&["f"]);
    t.wait_for("the running session", |s| {
        s.contains("● Focus 01:00") && s.contains("Task 1 · Write report")
    });
    clock.advance(2);
    t.wait_for("two seconds gone", |s| s.contains("● Focus 00:58"));
    t.keys(&["Space"]);
    let paused = t.wait_for("the pause", |s| s.contains("⏸ Focus"));
    assert_eq!(clock_after(&paused, "⏸ Focus"), Some(58), "{paused}");
    // Paused time does not count.
    clock.advance(30);
    assert_eq!(
        at_clock(&["focus", "status"])["active"]["remaining_seconds"],
        58
    );
    t.keys(&["Space"]);
    t.wait_for("the resume", |s| s.contains("● Focus 00:58"));
    clock.advance(2);
    t.wait_for("the clock running again", |s| s.contains("● Focus 00:56"));
    t.keys(&["q"]);
    let deadline = Instant::now() + Duration::from_secs(5);
    while t.alive() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(t);

    // Ten seconds later, reopened: the focus pane is back with the time left computed from
    // the store, not counted by the closed app.
    clock.advance(10);
    let t = start(&env);
    t.wait_for("the focus pane again", |s| {
        s.contains("● Focus 00:46") && s.contains("Task 1 · Write report")
    });
    assert_eq!(
        at_clock(&["focus", "status"])["active"]["remaining_seconds"],
        46
    );

    // At the end: a toast, and a time entry for each running stretch.
    clock.advance(46);
    t.wait_for("the phase end", |s| s.contains("Focus “Write report” done"));
    let entries = at_clock(&["time", "log"]);
    let entries = entries.as_array().expect("array");
    assert_eq!(
        entries.len(),
        2,
        "one entry per running stretch: {entries:?}"
    );
    let task_uuid = env.json(&["show", "1"])["uuid"].clone();
    assert!(entries.iter().all(|e| e["task"] == task_uuid));
    let total: i64 = entries
        .iter()
        .map(|e| {
            let t = |k: &str| {
                chrono::DateTime::parse_from_rfc3339(e[k].as_str().expect("instant"))
                    .expect("valid")
            };
            (t("end") - t("start")).num_seconds()
        })
        .sum();
    assert_eq!(total, 60, "a one-minute session records one minute");
}

/// The calendar pane: an event added by keys lands on the selected day (found by
/// `tempo cal agenda --json`), an event added from another process shows up, and deleting one
/// occurrence of a repeating event by keys removes just that one.
#[test]
fn calendar_add_and_delete_by_keys() {
    let env = Env::new();
    let today = crate::common::NOW
        .parse::<chrono::DateTime<chrono::Utc>>()
        .expect("NOW")
        .with_timezone(&chrono_tz::Europe::Berlin)
        .date_naive();
    let agenda = |from: chrono::NaiveDate| -> Vec<(String, String)> {
        let out = env
            .cmd()
            .args([
                "--json",
                "cal",
                "agenda",
                "--no-tasks",
                "--days",
                "1",
                "--from",
            ])
            .arg(from.to_string())
            .output()
            .expect("runs");
        assert!(out.status.success());
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        v.as_array()
            .expect("array")
            .iter()
            .map(|i| {
                let start: chrono::DateTime<chrono::Utc> =
                    i["start"].as_str().unwrap_or("").parse().expect("instant");
                (
                    i["summary"].as_str().unwrap_or("").to_string(),
                    start
                        .with_timezone(&chrono_tz::Europe::Berlin)
                        .format("%H:%M")
                        .to_string(),
                )
            })
            .collect()
    };
    let t = Tmux::start(&env, 120, 40);
    t.wait_for("the TUI", |s| s.contains("3 Calendar"));
    t.keys(&["3"]);
    t.wait_for("the month grid", |s| {
        s.contains("[Month]") && s.contains("today")
    });
    t.keys(&["a"]);
    t.wait_for("the add prompt", |s| s.contains("add on "));
    t.type_text("Dentist 15:00 45m loc:\"Main St\"");
    t.keys(&["Enter"]);
    t.wait_for("the confirmation", |s| s.contains("Added “Dentist”"));
    assert_eq!(
        agenda(today),
        vec![("Dentist".to_string(), "15:00".to_string())]
    );

    // Another process adds a repeating event; the pane picks it up by itself.
    env.cmd()
        .args(["cal", "add", "Standup 9:30 15m every day"])
        .assert()
        .success();
    t.keys(&["v", "v"]);
    t.wait_for("the day view with both", |s| {
        // In the day grid, not just in a reminder's toast.
        s.contains("[Day]") && s.contains("│09:30–09:45") && s.contains("Dentist @ Main St")
    });
    // The standup comes first: delete only today's.
    t.keys(&["d"]);
    t.wait_for("the scope question", |s| s.contains("only this occurrence"));
    t.keys(&["o"]);
    t.wait_for("the deletion", |s| s.contains("Deleted one occurrence"));
    assert_eq!(
        agenda(today),
        vec![("Dentist".to_string(), "15:00".to_string())]
    );
    assert_eq!(
        agenda(today + chrono::Days::new(1)),
        vec![("Standup".to_string(), "09:30".to_string())]
    );
    t.keys(&["q"]);
}

/// `S` refreshes the calendar subscriptions in the background and says what changed.
#[test]
fn sync_now_refreshes_subscriptions() {
    let env = Env::new();
    let file = env.dir.path().join("team.ics");
    let ics = |events: &[(&str, &str)]| {
        let mut out = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n");
        for (uid, summary) in events {
            out.push_str(&format!(
                "BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:{summary}\r\nDTSTART:20261124T100000Z\r\nDURATION:PT1H\r\nEND:VEVENT\r\n"
            ));
        }
        out + "END:VCALENDAR\r\n"
    };
    std::fs::write(&file, ics(&[("a", "Planning")])).expect("write");
    env.run(&[
        "sync",
        "add-subscription",
        "team",
        file.to_str().expect("utf-8"),
    ]);
    std::fs::write(&file, ics(&[("a", "Planning"), ("b", "Retro")])).expect("write");
    let t = Tmux::start(&env, 100, 30);
    t.wait_for("the TUI", |s| s.contains("1 Tasks"));
    t.keys(&["S"]);
    t.wait_for("the sync result", |s| {
        s.contains("Synced team: 1 added, 0 updated, 0 removed")
    });
    let items = env.json(&["cal", "agenda", "--from", "2026-11-24", "--days", "1"]);
    assert_eq!(items.as_array().map(Vec::len), Some(2), "{items}");
    t.keys(&["q"]);
}

/// CalDAV in the app: the background sync's result in the top bar, `C` lists a conflict with
/// both versions, and `r` keeps the server's.
#[test]
fn caldav_status_and_conflicts_in_the_app() {
    use crate::common::radicale::{PASSWORD, Radicale, add_account_args, event};
    let server = Radicale::start();
    server.mkcalendar("work", "Work");
    server.put(
        "work",
        "lunch.ics",
        &event("ev-lunch", "Lunch", "20261124T110000Z", ""),
    );
    let env = Env::new();
    let dav = |args: &[&str]| {
        let out = env
            .cmd()
            .env("DAV_PW", PASSWORD)
            .args(args)
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let url = server.url();
    dav(&add_account_args(&url));
    dav(&["sync"]);
    dav(&["cal", "edit", "ev-lunch", "Lunch here"]);
    server.put(
        "work",
        "lunch.ics",
        &event("ev-lunch", "Lunch there", "20261124T110000Z", ""),
    );
    let t = Tmux::start_with(
        &env,
        &[("DAV_PW", format!("'{PASSWORD}'"))],
        110,
        30,
        "-dav",
    );
    // (The CLI's pinned clock put the last sync in this run's future: it is not due by itself.)
    t.wait_for("the TUI", |s| s.contains("1 Tasks"));
    t.keys(&["S"]);
    t.wait_up_to(20, "the sync status", |s| {
        s.lines()
            .next()
            .is_some_and(|l| l.contains("⚠ home: 1 conflicts (C)"))
    });
    t.keys(&["C"]);
    let screen = t.wait_for("the conflict list", |s| s.contains("Sync conflicts"));
    assert!(screen.contains("here:   SUMMARY=Lunch here"), "{screen}");
    assert!(screen.contains("server: SUMMARY=Lunch there"), "{screen}");
    t.keys(&["r"]);
    t.wait_for("the resolution", |s| {
        s.contains("Kept the server's “Lunch there”") && s.contains("No conflicts")
    });
    t.keys(&["Escape"]);
    t.wait_for("the list closed", |s| !s.contains("Sync conflicts"));
    t.keys(&["S"]);
    t.wait_for("a clean sync", |s| {
        s.lines().next().is_some_and(|l| l.contains("✓ home"))
    });
    let agenda = env.json(&["cal", "agenda", "--from", "2026-11-24", "--days", "1"]);
    assert_eq!(agenda[0]["summary"], "Lunch there");
    t.keys(&["q"]);
}

/// Reopened on the calendar pane (the last pane shown), the app loads the agenda at once.
#[test]
fn the_calendar_pane_loads_when_the_app_opens_on_it() {
    let env = Env::new();
    env.run(&["cal", "add", "Dentist today 16:00"]);
    let t = Tmux::start(&env, 100, 30);
    t.wait_for("the app", |s| s.contains("3 Calendar"));
    t.keys(&["3"]);
    t.wait_for("the month grid", |s| s.contains("[Month]"));
    t.keys(&["q"]);
    let deadline = Instant::now() + Duration::from_secs(5);
    while t.alive() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(t);
    let t = Tmux::start_with(&env, &[], 100, 30, "-again");
    let screen = t.wait_for("the agenda of the selected day", |s| {
        s.contains("16:00–17:00  Dentist")
    });
    assert!(!screen.contains("Loading…"), "{screen}");
    assert!(
        !screen.contains("tasks · sort"),
        "the list's header is the task pane's: {screen}"
    );
}

/// At 80×24: a mistyped add comes back with what was typed and the whole error; fixed, it adds.
#[test]
fn a_failed_add_keeps_the_text_and_shows_the_whole_error() {
    let env = Env::new();
    let t = Tmux::start(&env, 80, 24);
    t.wait_for("the empty list", |s| s.contains("No tasks yet"));
    t.keys(&["a"]);
    t.wait_for("the add prompt", |s| s.contains("add "));
    t.type_text("Call Ann about the quarterly numbers project:work due:tomorow");
    t.keys(&["Enter"]);
    let screen = t.wait_for("the error under the kept text", |s| {
        s.contains("add Call Ann about the quarterly numbers project:work due:tomorow")
            && s.contains("tomorrow")
    });
    assert!(
        env.json(&["list"]).as_array().is_some_and(Vec::is_empty),
        "{screen}"
    );
    t.keys(&["BSpace"; 7]);
    t.type_text("tomorrow");
    t.keys(&["Enter"]);
    t.wait_for("the added task", |s| s.contains("Created task 1"));
    assert_eq!(env.json(&["show", "1"])["due"], "2026-11-23T22:59:59Z");
}
