//! `/api/v1/events` over real HTTP: the agenda window, create, edit and delete (one occurrence,
//! this and following, the whole series) answering what `tempo cal … --json` prints; an event
//! in a read-only calendar is 409; bad input is 400 and an unknown event 404, each leaving the
//! database as it was.

use serde_json::{Value, json};

use crate::api_http::Server;
use crate::common::{Env, NOW};

/// The agenda's event summaries with their local start, from `cal agenda --json`.
fn starts(agenda: &Value) -> Vec<String> {
    agenda
        .as_array()
        .expect("an agenda")
        .iter()
        .filter(|i| i["kind"] == "event")
        .map(|i| {
            let t: chrono::DateTime<chrono::Utc> = i["start"]
                .as_str()
                .expect("start")
                .parse()
                .expect("RFC 3339");
            let local = t.with_timezone(&chrono_tz::Europe::Berlin);
            format!(
                "{} {}",
                local.format("%a %H:%M"),
                i["summary"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn events_through_every_route_as_the_command_line_makes_them() {
    let env = Env::new();
    env.run(&["add", "Pay rent due:tomorrow"]);
    let s = Server::start(&env, NOW, "");

    let a = s.api(
        "POST",
        "/api/v1/events",
        Some(json!({"text": "Standup tomorrow 9:30 15m every weekday"})),
    );
    assert_eq!(a.status, 201, "{a:?}");
    assert_eq!(a.body["summary"], "Standup");
    assert_eq!(a.body["start"], "2026-11-23T08:30:00Z");
    assert_eq!(a.body["rrule"], "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR");
    let id = a.body["id"].as_i64().expect("an id");
    let b = s.api(
        "POST",
        "/api/v1/events",
        Some(json!({"text": "Review tomorrow 9:00-10:00"})),
    );
    assert_eq!(b.status, 201, "{b:?}");
    assert_eq!(b.body["conflicts"][0]["summary"], "Standup", "{b:?}");

    for (query, words) in [
        ("", vec!["cal", "agenda"]),
        (
            "?from=tomorrow&days=3",
            vec!["cal", "agenda", "--from", "tomorrow", "--days", "3"],
        ),
        (
            "?from=2026-11-23&to=2026-11-27&tasks=false",
            vec![
                "cal",
                "agenda",
                "--from",
                "2026-11-23",
                "--to",
                "2026-11-27",
                "--no-tasks",
            ],
        ),
    ] {
        let agenda = s.api("GET", &format!("/api/v1/events{query}"), None);
        assert_eq!(agenda.status, 200, "{query}: {agenda:?}");
        assert_eq!(agenda.body, env.json(&words), "{query}");
    }

    // One occurrence moved, then one deleted, then the rest cut off, then the whole series.
    let path = format!("/api/v1/events/{id}");
    let moved = s.api(
        "PATCH",
        &path,
        Some(json!({"text": "11:00", "at": "2026-11-24"})),
    );
    assert_eq!(moved.status, 200, "{moved:?}");
    let one = s.api("DELETE", &format!("{path}?at=2026-11-25"), None);
    assert_eq!(one.status, 200, "{one:?}");
    assert_eq!(
        one.body,
        json!({"id": id, "summary": "Standup", "scope": "one"})
    );
    let rest = s.api("DELETE", &format!("{path}?from=2026-11-27"), None);
    assert_eq!(rest.status, 200, "{rest:?}");
    assert_eq!(rest.body["scope"], "following");
    let week = s.api("GET", "/api/v1/events?from=2026-11-23&to=2026-11-29", None);
    assert_eq!(
        starts(&week.body),
        vec![
            "Mon 09:00 Review",
            "Mon 09:30 Standup",
            "Tue 11:00 Standup",
            "Thu 09:30 Standup",
        ]
    );
    let renamed = s.api(
        "PATCH",
        &path,
        Some(json!({"text": "Team standup 9:45", "from": "2026-11-23"})),
    );
    assert_eq!(renamed.status, 200, "{renamed:?}");
    assert_eq!(renamed.body["summary"], "Team standup");
    let all = s.api("DELETE", &path, None);
    assert_eq!(all.status, 200, "{all:?}");
    assert_eq!(all.body["scope"], "all");
    let week = s.api("GET", "/api/v1/events?from=2026-11-23&to=2026-11-29", None);
    assert_eq!(starts(&week.body), vec!["Mon 09:00 Review"]);
    assert_eq!(
        week.body,
        env.json(&[
            "cal",
            "agenda",
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-29"
        ])
    );
}

#[test]
fn bad_input_is_400_unknown_events_404_and_nothing_changes() {
    let env = Env::new();
    env.run(&[
        "cal", "add", "Standup", "tomorrow", "9:30", "15m", "every", "weekday",
    ]);
    let s = Server::start(&env, NOW, "");
    let before = env.snapshot();
    let cases: Vec<(&str, &str, Option<Value>, u16, &str)> = vec![
        (
            "GET",
            "/api/v1/events?from=someday-maybe",
            None,
            400,
            "from:",
        ),
        (
            "GET",
            "/api/v1/events?to=2026-11-01",
            None,
            400,
            "before it starts",
        ),
        ("GET", "/api/v1/events?to=fri&days=2", None, 400, "not both"),
        ("GET", "/api/v1/events?days=0", None, 400, "days=0"),
        (
            "GET",
            "/api/v1/events?tasks=maybe",
            None,
            400,
            "tasks=maybe",
        ),
        (
            "POST",
            "/api/v1/events",
            Some(json!({"text": "Lunch"})),
            400,
            "needs a start",
        ),
        (
            "POST",
            "/api/v1/events",
            Some(json!({})),
            400,
            "text: missing",
        ),
        (
            "POST",
            "/api/v1/events",
            Some(json!({"text": "Lunch fri 12:00", "calendar": "work"})),
            400,
            "calendar:",
        ),
        (
            "POST",
            "/api/v1/events",
            Some(json!({"text": "Lunch fri 13:00-12:00"})),
            400,
            "before it starts",
        ),
        (
            "PATCH",
            "/api/v1/events/1",
            Some(json!({"text": "10:00", "at": "mon", "from": "tue"})),
            400,
            "not both",
        ),
        (
            "PATCH",
            "/api/v1/events/1",
            Some(json!({"text": "10:00", "at": "2026-11-28"})),
            400,
            "no occurrence",
        ),
        (
            "PATCH",
            "/api/v1/events/1",
            Some(json!({"at": "mon"})),
            400,
            "text: missing",
        ),
        (
            "DELETE",
            "/api/v1/events/1?at=someday-maybe",
            None,
            400,
            "at:",
        ),
        (
            "PATCH",
            "/api/v1/events/99",
            Some(json!({"text": "10:00"})),
            404,
            "`99`",
        ),
        ("DELETE", "/api/v1/events/99", None, 404, "`99`"),
    ];
    s.refuses_all(&env, &before, cases);
}

#[test]
fn events_of_a_read_only_calendar_are_a_conflict() {
    let env = Env::new();
    env.run(&["cal", "calendars", "add", "public"]);
    env.run(&["cal", "add", "Holiday", "2026-12-24", "cal:public"]);
    env.run(&["cal", "calendars", "read-only", "public"]);
    let s = Server::start(&env, NOW, "");
    let before = env.snapshot();
    let a = s.api(
        "PATCH",
        "/api/v1/events/1",
        Some(json!({"text": "2026-12-25"})),
    );
    a.assert_refused(409, "read-only");
    assert_eq!(a.body["error"]["code"], "conflict");
    s.api("DELETE", "/api/v1/events/1", None)
        .assert_refused(409, "read-only");
    let a = s.api(
        "POST",
        "/api/v1/events",
        Some(json!({"text": "Party 2026-12-31 cal:public"})),
    );
    a.assert_refused(409, "read-only");
    assert_eq!(env.snapshot(), before);
}
