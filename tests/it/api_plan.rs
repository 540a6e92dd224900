//! `/api/v1/plan` over real HTTP: the proposal is `tempo plan --json` and writes nothing, the
//! apply writes the blocks `tempo plan --apply` writes (undoably), a range the CLI refuses is
//! 400 and a read-only blocks calendar 409, each leaving the database as it was.

use serde_json::{Value, json};

use crate::api_http::Server;
use crate::common::{Env, NOW};

/// Sunday 22 Nov (NOW) with Monday's meeting and two tasks.
fn setup() -> Env {
    let env = Env::new();
    env.run(&["cal", "add", "Meeting", "tomorrow", "10:00", "60m"]);
    env.run(&["add", "Write report est:90m due:tomorrow pri:H"]);
    env.run(&["add", "Read paper est:2h +deep"]);
    env
}

fn blocks_in_calendar(env: &Env) -> usize {
    let agenda = env.json(&["cal", "agenda", "--from", "tomorrow", "--days", "1"]);
    agenda
        .as_array()
        .expect("an agenda")
        .iter()
        .filter(|i| i["calendar"] == "blocks")
        .count()
}

#[test]
fn the_plan_is_proposed_as_tempo_plan_and_applied_as_tempo_plan_apply() {
    let env = setup();
    let s = Server::start(&env, NOW, "");
    let before = env.snapshot();
    for (query, words) in [
        ("", vec!["plan"]),
        ("?range=tomorrow", vec!["plan", "tomorrow"]),
        ("?range=week", vec!["plan", "week"]),
        ("?range=mon..tue", vec!["plan", "mon..tue"]),
    ] {
        let a = s.api("GET", &format!("/api/v1/plan{query}"), None);
        assert_eq!(a.status, 200, "{query}: {a:?}");
        assert_eq!(a.body, env.json(&words), "{query}");
        assert!(a.body["applied"].is_null());
    }
    assert_eq!(env.snapshot(), before, "a proposal wrote something");
    let proposal = s.api("GET", "/api/v1/plan?range=tomorrow", None).body;
    let placed = proposal["blocks"].as_array().map_or(0, Vec::len);
    assert!(placed >= 2, "{proposal}");

    let applied = s.api("POST", "/api/v1/plan", Some(json!({"range": "tomorrow"})));
    assert_eq!(applied.status, 200, "{applied:?}");
    assert_eq!(applied.body["blocks"], proposal["blocks"]);
    assert_eq!(applied.body["applied"]["replaced"], 0);
    assert_eq!(
        applied.body["applied"]["written"].as_array().map(Vec::len),
        Some(placed)
    );
    assert_eq!(blocks_in_calendar(&env), placed);
    // Again: the unworked blocks are replaced, not doubled.
    let again = s.api("POST", "/api/v1/plan", Some(json!({"range": "tomorrow"})));
    assert_eq!(
        again.body["applied"]["replaced"],
        json!(placed),
        "{again:?}"
    );
    assert_eq!(blocks_in_calendar(&env), placed);
    // One undo step, as `tempo plan --apply` is.
    assert_eq!(s.api("POST", "/api/v1/undo", None).status, 200);
    assert_eq!(blocks_in_calendar(&env), placed);
    assert_eq!(s.api("POST", "/api/v1/undo", None).status, 200);
    assert_eq!(blocks_in_calendar(&env), 0);
    // No body: today, as `tempo plan --apply` alone.
    let today = s.api("POST", "/api/v1/plan", None);
    assert_eq!(today.status, 200, "{today:?}");
    assert_eq!(today.body["from"], env.json(&["plan"])["from"]);
}

#[test]
fn a_range_the_cli_refuses_is_400_and_a_read_only_blocks_calendar_409() {
    let env = setup();
    let s = Server::start(&env, NOW, "");
    let before = env.snapshot();
    let cases: Vec<(&str, &str, Option<Value>, u16, &str)> = vec![
        (
            "GET",
            "/api/v1/plan?range=someday-maybe",
            None,
            400,
            "cannot plan",
        ),
        ("GET", "/api/v1/plan?range=2026-11-01", None, 400, "is over"),
        (
            "GET",
            "/api/v1/plan?range=fri..mon",
            None,
            400,
            "before it starts",
        ),
        (
            "GET",
            "/api/v1/plan?range=2026-12-01..2027-02-01",
            None,
            400,
            "31 days",
        ),
        (
            "POST",
            "/api/v1/plan",
            Some(json!({"range": 5})),
            400,
            "range:",
        ),
        (
            "POST",
            "/api/v1/plan",
            Some(json!({"rnage": "today"})),
            400,
            "rnage:",
        ),
        (
            "POST",
            "/api/v1/plan",
            Some(json!({"range": "someday-maybe"})),
            400,
            "cannot plan",
        ),
    ];
    s.refuses_all(&env, &before, cases);
    // The CLI's message for the same range.
    let cli = env
        .cmd()
        .args(["plan", "someday-maybe"])
        .output()
        .expect("runs");
    assert_eq!(cli.status.code(), Some(2));
    let a = s.api("GET", "/api/v1/plan?range=someday-maybe", None);
    assert_eq!(
        format!(
            "error: {}",
            a.body["error"]["message"].as_str().unwrap_or_default()
        ),
        String::from_utf8_lossy(&cli.stderr).trim()
    );

    env.run(&["cal", "calendars", "add", "blocks", "--read-only"]);
    let before = env.snapshot();
    let a = s.api("POST", "/api/v1/plan", Some(json!({"range": "tomorrow"})));
    assert_eq!(a.status, 409, "{a:?}");
    assert!(
        a.body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("read-only")),
        "{a:?}"
    );
    assert_eq!(env.snapshot(), before);
}
