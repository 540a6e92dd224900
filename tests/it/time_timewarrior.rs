//! `tempo import timewarrior` against the real `timew`: intervals tracked there, exported,
//! imported here (twice: the second import changes nothing), and `tempo report` totals equal
//! `timew summary`'s for the same ranges, a DST day and intervals over midnight included.

use crate::common::Env;
use crate::common::timewarrior::{summary_total, timew};

fn tracked(env: &Env) -> std::path::PathBuf {
    let dir = env.dir.path();
    // Local (Berlin) times, as a person types them into timew.
    timew(
        dir,
        &[
            "track",
            "2026-11-20T09:00",
            "-",
            "2026-11-20T10:30",
            "web",
            "call",
        ],
    );
    timew(
        dir,
        &[
            "track",
            "2026-11-19T23:00",
            "-",
            "2026-11-20T01:15",
            "project:home",
            "night",
        ],
    );
    timew(
        dir,
        &[
            "track",
            "2026-11-18T23:00",
            "-",
            "2026-11-19T01:15",
            "client:Acme",
            "two words",
        ],
    );
    // 00:30–03:30 on the day the clocks go back: four hours.
    timew(
        dir,
        &["track", "2026-10-25T00:30", "-", "2026-10-25T03:30", "web"],
    );
    timew(
        dir,
        &[
            "track",
            "2026-11-17T14:00",
            "-",
            "2026-11-17T14:45",
            "admin",
        ],
    );
    timew(dir, &["annotate", "@1", "fix, \"quoted\""]);
    let path = dir.join("export.json");
    std::fs::write(&path, timew(dir, &["export"])).expect("write export");
    path
}

/// A timew range, tempo's --from and (inclusive) --to, a timew tag, the same as a tempo filter.
type Case<'a> = (
    &'a [&'a str],
    &'a str,
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
);

#[test]
fn imported_timewarrior_intervals_report_the_same_totals_as_timew() {
    let env = Env::new();
    env.run(&["add", "Site", "project:web"]);
    let export = tracked(&env);
    let first = env.json(&["import", "timewarrior", export.to_str().expect("path")]);
    assert_eq!(first["added"], 5);
    let before = env.snapshot();
    let again = env.json(&["import", "timewarrior", export.to_str().expect("path")]);
    assert_eq!(
        (again["added"].as_i64(), again["unchanged"].as_i64()),
        (Some(0), Some(5))
    );
    assert_eq!(
        env.snapshot(),
        before,
        "a re-import writes nothing, not even an undo step"
    );

    let dir = env.dir.path();
    // (timew range, tempo --from, tempo --to (inclusive), timew tag filter, tempo filter)
    let cases: &[Case] = &[
        (
            &["2026-10-19", "-", "2026-11-23"],
            "2026-10-19",
            "2026-11-22",
            None,
            None,
        ),
        (
            &["2026-10-25", "-", "2026-10-26"],
            "2026-10-25",
            "2026-10-25",
            None,
            None,
        ),
        (
            &["2026-11-20", "-", "2026-11-21"],
            "2026-11-20",
            "2026-11-20",
            None,
            None,
        ),
        (
            &["2026-10-19", "-", "2026-11-23"],
            "2026-10-19",
            "2026-11-22",
            Some("web"),
            Some("project:web"),
        ),
        (
            &["2026-10-19", "-", "2026-11-23"],
            "2026-10-19",
            "2026-11-22",
            Some("night"),
            Some("+night"),
        ),
    ];
    for (range, from, to, tag, filter) in cases {
        let mut args: Vec<&str> = vec!["summary"];
        args.extend_from_slice(range);
        args.extend(tag.iter());
        let theirs = summary_total(&timew(dir, &args));
        let mut ours_args = vec!["report", "--from", from, "--to", to];
        ours_args.extend(filter.iter());
        let ours = env.json(&ours_args)["seconds"].as_i64().unwrap_or(-1);
        assert!(theirs > 0, "timew {args:?} found nothing");
        assert_eq!(ours, theirs, "tempo {ours_args:?} vs timew {args:?}");
    }
    let log = env.json(&["time", "log"]);
    let web = log
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["note"] == "fix, \"quoted\"")
        .expect("annotated");
    assert_eq!(
        (web["project"].as_str(), web["tags"].clone()),
        (Some("web"), serde_json::json!(["call"]))
    );
    let acme = log
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["client"] == "Acme")
        .expect("Acme");
    assert_eq!(
        (acme["client"].as_str(), acme["tags"].clone()),
        (Some("Acme"), serde_json::json!(["two-words"]))
    );
}

#[test]
fn a_bad_or_clashing_export_imports_nothing() {
    let env = Env::new();
    let bad = env.dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"[{"start":"20261120T080000Z","end":"20261120T070000Z","tags":["x"]}]"#,
    )
    .expect("write");
    env.run(&["track", "add", "fri", "9:30-9:45", "project:mine"]);
    let export = tracked(&env);
    for (file, says) in [(&bad, "interval 1"), (&export, "overlaps entry 1")] {
        let before = env.snapshot();
        let out = env
            .cmd()
            .args(["import", "timewarrior"])
            .arg(file)
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(says), "{stderr}");
        assert_eq!(env.snapshot(), before);
    }
}
