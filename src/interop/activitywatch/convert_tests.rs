//! The conversion of ActivityWatch events, one bucket type at a time.

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::json;

use super::*;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("instant")
        .with_timezone(&Utc)
}

fn bucket(id: &str, kind: &str, client: &str) -> Bucket {
    Bucket {
        id: id.into(),
        kind: kind.into(),
        client: client.into(),
        hostname: "host".into(),
    }
}

fn event(timestamp: &str, duration: f64, data: Value) -> Event {
    let Value::Object(data) = data else {
        panic!("data is an object")
    };
    Event {
        id: None,
        timestamp: timestamp.into(),
        duration,
        data,
    }
}

#[test]
fn window_events_become_window_signals_with_app_title_and_duration() {
    let b = bucket(
        "aw-watcher-window_host",
        "currentwindow",
        "aw-watcher-window",
    );
    let events = [
        event(
            "2026-11-22T08:00:00+00:00",
            30.5,
            json!({"app": "code", "title": "main.rs"}),
        ),
        event("2026-11-22T08:01:00Z", 0.0, json!({"app": "firefox"})),
    ];
    let c = convert(&b, &events, None);
    assert_eq!((c.events, c.unreadable), (2, 0));
    let s = &c.signals[0];
    assert_eq!(s.timestamp, at("2026-11-22T08:00:00Z"));
    assert_eq!(
        (s.app.as_str(), s.kind.clone()),
        ("code", SignalType::Window)
    );
    assert_eq!(s.source_type, "activitywatch");
    assert_eq!(s.title.as_deref(), Some("main.rs"));
    assert_eq!(s.duration, Some(TimeDelta::milliseconds(30_500)));
    assert_eq!(c.signals[1].duration, Some(TimeDelta::zero()));
    assert_eq!(c.signals[1].title, None);
    assert_eq!(c.last_end, Some(at("2026-11-22T08:01:00Z")));
}

#[test]
fn afk_events_give_afk_spans_and_not_afk_events_nothing() {
    let b = bucket("aw-watcher-afk_host", "afkstatus", "aw-watcher-afk");
    let events = [
        event("2026-11-22T08:00:00Z", 600.0, json!({"status": "not-afk"})),
        event("2026-11-22T08:10:00Z", 900.0, json!({"status": "afk"})),
    ];
    let c = convert(&b, &events, None);
    assert_eq!(c.events, 2);
    assert_eq!(c.signals.len(), 1);
    assert_eq!(c.signals[0].kind, SignalType::Afk);
    assert_eq!(c.signals[0].timestamp, at("2026-11-22T08:10:00Z"));
    assert_eq!(c.signals[0].duration, Some(TimeDelta::minutes(15)));
    assert_eq!(c.last_end, Some(at("2026-11-22T08:25:00Z")));
}

#[test]
fn editor_events_name_the_editor_file_and_project() {
    let data = json!({"file": "/src/lib.rs", "project": "/src", "language": "rust"});
    let vim = bucket(
        "aw-watcher-vim_host",
        "app.editor.activity",
        "aw-watcher-vim",
    );
    let c = convert(
        &vim,
        &[event("2026-11-22T08:00:00Z", 5.0, data.clone())],
        None,
    );
    let s = &c.signals[0];
    assert_eq!(
        (s.app.as_str(), s.kind.clone()),
        ("vim", SignalType::Editor)
    );
    assert_eq!(s.title.as_deref(), Some("/src/lib.rs"));
    assert_eq!(s.cwd.as_deref(), Some("/src"));
    let nameless = bucket("editor-x", "app.editor.activity", "");
    let c = convert(&nameless, &[event("2026-11-22T08:00:00Z", 5.0, data)], None);
    assert_eq!(c.signals[0].app, "editor");
}

#[test]
fn web_events_keep_url_and_title_and_drop_incognito_tabs() {
    let b = bucket(
        "aw-watcher-web-firefox_host",
        "web.tab.current",
        "aw-client-web",
    );
    let events = [
        event(
            "2026-11-22T08:00:00Z",
            12.0,
            json!({"url": "https://docs.rs/", "title": "Docs.rs", "incognito": false}),
        ),
        event(
            "2026-11-22T08:01:00Z",
            12.0,
            json!({"url": "https://secret.example/", "title": "Secret", "incognito": true}),
        ),
    ];
    let c = convert(&b, &events, None);
    assert_eq!(c.signals.len(), 1);
    let s = &c.signals[0];
    assert_eq!(
        (s.app.as_str(), s.kind.clone()),
        ("firefox", SignalType::Web)
    );
    assert_eq!(s.url.as_deref(), Some("https://docs.rs/"));
    assert_eq!(s.title.as_deref(), Some("Docs.rs"));
    let other = bucket("my-web", "web.tab.current", "");
    let c = convert(&other, &events[..1], None);
    assert_eq!(c.signals[0].app, "browser");
}

#[test]
fn unknown_bucket_types_give_nothing() {
    let b = bucket("aw-watcher-input_host", "os.hid.input", "aw-watcher-input");
    let c = convert(
        &b,
        &[event("2026-11-22T08:00:00Z", 5.0, json!({"presses": 3}))],
        None,
    );
    assert_eq!(c, Converted::default());
    assert_eq!(BucketKind::of("os.hid.input"), None);
}

#[test]
fn events_before_the_cursor_are_left_out_and_straddling_ones_cut() {
    let b = bucket("w", "currentwindow", "");
    let events = [
        event("2026-11-22T08:00:00Z", 60.0, json!({"app": "old"})),
        event("2026-11-22T08:01:00Z", 120.0, json!({"app": "straddles"})),
        event("2026-11-22T08:05:00Z", 10.0, json!({"app": "new"})),
    ];
    let c = convert(&b, &events, Some(at("2026-11-22T08:02:00Z")));
    let apps: Vec<_> = c.signals.iter().map(|s| s.app.as_str()).collect();
    assert_eq!(apps, ["straddles", "new"]);
    assert_eq!(c.signals[0].timestamp, at("2026-11-22T08:02:00Z"));
    assert_eq!(c.signals[0].duration, Some(TimeDelta::minutes(1)));
    assert_eq!(c.events, 2);
    assert_eq!(c.last_end, Some(at("2026-11-22T08:05:10Z")));
    // Read again from the new cursor: nothing new.
    let again = convert(&b, &events, c.last_end);
    assert_eq!((again.events, again.signals.len()), (0, 0));
}

#[test]
fn broken_events_are_counted_not_guessed() {
    let b = bucket("w", "currentwindow", "");
    let events = [
        event("yesterday", 5.0, json!({"app": "a"})),
        event("2026-11-22T08:00:00Z", -1.0, json!({"app": "a"})),
        event("2026-11-22T08:00:00Z", f64::NAN, json!({"app": "a"})),
        event("2026-11-22T08:00:00Z", 5.0, json!({"title": "no app"})),
        event("2026-11-22T08:00:00.250", 5.0, json!({"app": "naive utc"})),
    ];
    let c = convert(&b, &events, None);
    assert_eq!(c.unreadable, 4);
    assert_eq!(c.signals.len(), 1);
    assert_eq!(c.signals[0].timestamp, at("2026-11-22T08:00:00.250Z"));
    let afk = bucket("a", "afkstatus", "");
    let c = convert(&afk, &[event("2026-11-22T08:00:00Z", 5.0, json!({}))], None);
    assert_eq!((c.unreadable, c.signals.len()), (1, 0));
}

#[test]
fn the_listing_and_event_answers_parse() {
    let listing = r#"{"w1": {"id": "w1", "type": "currentwindow", "client": "c",
        "hostname": "h", "created": "2026-11-29T20:24:50.876080", "data": {}},
        "a1": {"type": "afkstatus"}}"#;
    let buckets = parse_buckets(listing).expect("listing");
    assert_eq!(buckets.len(), 2);
    assert_eq!(
        (buckets[0].id.as_str(), buckets[0].kind.as_str()),
        ("a1", "afkstatus")
    );
    assert_eq!(buckets[1].client, "c");
    let events = parse_events(
        r#"[{"id": 1, "timestamp": "2026-11-22T08:01:00+00:00", "duration": 0.0,
            "data": {"app": "firefox", "title": "y"}}]"#,
    )
    .expect("events");
    assert_eq!(events[0].id, Some(1));
    assert!(parse_buckets("[]").is_err());
    assert!(parse_events("{}").is_err());
}
