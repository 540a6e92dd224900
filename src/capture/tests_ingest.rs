//! The ingest format: the documented example, field-precise errors, unknown types kept.

use chrono::TimeDelta;

use super::tests::at;
use super::*;
use crate::error::{ErrorKind, Kinded};

const EXAMPLE: &str = r#"{"activity_signals": [
  {"timestamp": "2024-01-24T09:00:00Z", "app": "vscode", "type": "keyboard", "source_type": "keyboard"},
  {"timestamp": "2024-01-24T10:00:00+01:00", "app": "firefox", "type": "window", "source_type": "window",
   "title": "Docs", "cwd": null, "url": "https://docs.rs", "duration": 42.5, "extra": true},
  {"timestamp": "2024-01-24T09:02:00Z", "app": "editor", "type": "cursor_moved", "source_type": "plugin"}
 ], "idle_threshold_minutes": 5, "max_merge_idle_minutes": 10}"#;

#[test]
fn the_documented_format_reads() {
    let ingest = parse_ingest(EXAMPLE).expect("example");
    let s = &ingest.activity_signals;
    assert_eq!(s.len(), 3);
    assert_eq!(s[0].timestamp, at("09:00"));
    assert_eq!(s[0].kind, SignalType::Keyboard);
    assert_eq!(s[1].timestamp, at("09:00"));
    assert_eq!(s[1].kind, SignalType::Window);
    assert_eq!(s[1].title.as_deref(), Some("Docs"));
    assert_eq!(s[1].cwd, None);
    assert_eq!(s[1].duration, Some(TimeDelta::milliseconds(42_500)));
    assert_eq!(s[2].kind, SignalType::Other("cursor_moved".into()));
    assert_eq!(ingest.idle_threshold_minutes, Some(5.0));
    assert_eq!(ingest.max_merge_idle_minutes, Some(10.0));
}

#[test]
fn serialising_keeps_the_field_names_and_reads_back() {
    let ingest = parse_ingest(EXAMPLE).expect("example");
    let json = serde_json::to_string(&ingest).expect("serialise");
    assert!(json.contains(r#""type":"cursor_moved""#), "{json}");
    assert!(json.contains(r#""duration":42.5"#), "{json}");
    assert_eq!(parse_ingest(&json).expect("reread"), ingest);
    let derived: IngestRequest = serde_json::from_str(&json).expect("serde");
    assert_eq!(derived, ingest);
}

#[test]
fn the_minute_settings_are_optional_and_override_the_configured_ones() {
    let ingest = parse_ingest(r#"{"activity_signals": []}"#).expect("minimal");
    assert_eq!(ingest.idle_threshold_minutes, None);
    assert_eq!(
        Settings::default().with_ingest(&ingest),
        Settings::default()
    );
    let ingest = parse_ingest(r#"{"activity_signals": [], "idle_threshold_minutes": 2.5}"#)
        .expect("fraction");
    let settings = Settings::default().with_ingest(&ingest);
    assert_eq!(settings.idle_threshold, TimeDelta::seconds(150));
    assert_eq!(settings.max_merge_gap, TimeDelta::minutes(10));
}

fn error(text: &str) -> String {
    let err = parse_ingest(text).expect_err(text);
    assert_eq!(err.kind(), ErrorKind::BadInput);
    err.to_string()
}

fn with_second(signal: &str) -> String {
    format!(
        r#"{{"activity_signals": [{{"timestamp": "2024-01-24T09:00:00Z", "app": "a", "type": "keyboard", "source_type": "keyboard"}}, {signal}]}}"#
    )
}

#[test]
fn a_bad_signal_is_named_by_index_and_field() {
    let ok = r#""app": "a", "type": "keyboard", "source_type": "keyboard""#;
    let cases = [
        (
            format!(r#"{{"timestamp": "yesterday", {ok}}}"#),
            "activity_signals[1].timestamp: `yesterday` is not an RFC 3339 time",
        ),
        (
            format!(r#"{{"timestamp": "2024-01-24T09:00:00", {ok}}}"#),
            "activity_signals[1].timestamp: ",
        ),
        (
            r#"{"timestamp": "2024-01-24T09:00:00Z", "type": "keyboard", "source_type": "k"}"#
                .into(),
            "activity_signals[1].app: is missing",
        ),
        (
            r#"{"timestamp": "2024-01-24T09:00:00Z", "app": " ", "type": "k", "source_type": "k"}"#
                .into(),
            "activity_signals[1].app: must not be empty",
        ),
        (
            r#"{"timestamp": "2024-01-24T09:00:00Z", "app": "a", "type": 3, "source_type": "k"}"#
                .into(),
            "activity_signals[1].type: must be a string",
        ),
        (
            format!(r#"{{"timestamp": "2024-01-24T09:00:00Z", {ok}, "title": 7}}"#),
            "activity_signals[1].title: must be a string or null",
        ),
        (
            format!(r#"{{"timestamp": "2024-01-24T09:00:00Z", {ok}, "duration": -1}}"#),
            "activity_signals[1].duration: must be a non-negative number of seconds",
        ),
        (
            format!(r#"{{"timestamp": "2024-01-24T09:00:00Z", {ok}, "duration": "5s"}}"#),
            "activity_signals[1].duration: must be a number of seconds",
        ),
        (
            format!(r#"{{"timestamp": "2024-01-24T09:00:00Z", {ok}, "duration": 1e9}}"#),
            "activity_signals[1].duration: is longer than 31 days",
        ),
        ("[1]".into(), "activity_signals[1] must be an object"),
    ];
    for (signal, expected) in cases {
        let message = error(&with_second(&signal));
        assert!(message.starts_with(expected), "{message} / {expected}");
    }
}

#[test]
fn a_bad_document_or_setting_is_refused_clearly() {
    let cases = [
        ("{", "the ingest is not valid JSON: "),
        ("[]", "the ingest must be a JSON object"),
        ("{}", "the ingest has no \"activity_signals\" list"),
        (
            r#"{"activity_signals": {}}"#,
            "activity_signals: must be a list",
        ),
        (
            r#"{"activity_signals": [], "idle_threshold_minutes": -1}"#,
            "idle_threshold_minutes: must be between 0 and 1440 minutes",
        ),
        (
            r#"{"activity_signals": [], "max_merge_idle_minutes": "10"}"#,
            "max_merge_idle_minutes: must be a number of minutes",
        ),
    ];
    for (text, expected) in cases {
        let message = error(text);
        assert!(message.starts_with(expected), "{message} / {expected}");
    }
}

#[test]
fn a_parsed_ingest_runs_through_the_engine() {
    let ingest = parse_ingest(EXAMPLE).expect("example");
    let settings = Settings::default().with_ingest(&ingest);
    let out = suggest(&ingest.activity_signals, &[], at("12:00"), &settings);
    assert_eq!(out.suggestions.len(), 1);
    let s = &out.suggestions[0];
    assert_eq!(s.span, Span::new(at("09:00"), at("09:02")));
    assert_eq!(s.evidence.apps.len(), 3);
}

#[test]
fn the_fast_reading_agrees_with_the_careful_one() {
    let doc = r#"{"activity_signals": [
        {"timestamp": "2024-01-24T09:00:00+01:00", "app": "vscode", "type": "Keyboard",
         "source_type": "keyboard", "title": "a\"b", "cwd": null, "repository": "r",
         "url": "https://x", "duration": 12.5, "extra": [1, 2]},
        {"timestamp": "2024-01-24T09:00:06Z", "app": "x", "type": "afk", "source_type": "aw",
         "title": "", "duration": 0}],
        "idle_threshold_minutes": 5, "max_merge_idle_minutes": null, "client": "me"}"#;
    let fast = super::ingest::fast::parse(doc).expect("the fast path reads it");
    let slow = super::ingest::parse_slowly(doc).expect("the careful path reads it");
    assert_eq!(fast, slow);
    for bad in [
        r#"{"activity_signals": [{"timestamp": "2024-01-24T09:00:00Z", "app": " ", "type": "k", "source_type": "k"}]}"#,
        r#"{"activity_signals": [{"timestamp": "2024-01-24T09:00:00Z", "app": "a", "type": "k", "source_type": "k", "duration": -1}]}"#,
        r#"{"activity_signals": [], "idle_threshold_minutes": 2000}"#,
        r#"{"activity_signals": [{"timestamp": "2024-01-24 09:00", "app": "a", "type": "k", "source_type": "k"}]}"#,
    ] {
        assert!(super::ingest::fast::parse(bad).is_none(), "{bad}");
        assert!(super::ingest::parse_slowly(bad).is_err(), "{bad}");
    }
}
