//! Hand-made signal sequences through the whole pass, one heuristic at a time.

use chrono::{DateTime, TimeDelta, Utc};

use super::*;

/// 2024-01-24 at `hh:mm` or `hh:mm:ss`, UTC.
pub(super) fn at(time: &str) -> DateTime<Utc> {
    let time = if time.len() == 5 {
        format!("{time}:00")
    } else {
        time.to_string()
    };
    format!("2024-01-24T{time}Z").parse().expect("test time")
}

fn later() -> DateTime<Utc> {
    at("23:59")
}

pub(super) fn key(time: DateTime<Utc>, app: &str) -> Signal {
    Signal::new(time, app, SignalType::Keyboard, "keyboard")
}

/// One keyboard signal of `app` every `step` seconds from `from` to `to`, both included.
fn every(from: &str, to: &str, step: i64, app: &str) -> Vec<Signal> {
    let (mut t, end) = (at(from), at(to));
    let mut out = Vec::new();
    while t <= end {
        out.push(key(t, app));
        t += TimeDelta::seconds(step);
    }
    out
}

fn spans(outcome: &Outcome) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    outcome
        .suggestions
        .iter()
        .map(|s| (s.span.start, s.span.end))
        .collect()
}

fn no_merge() -> Settings {
    Settings {
        max_merge_gap: TimeDelta::zero(),
        ..Settings::default()
    }
}

fn rule(app: &str, project: &str) -> Rule {
    Rule {
        when: Condition {
            app: Some(Pattern::new(app).expect("pattern")),
            ..Condition::default()
        },
        then: Classification {
            project: Some(project.into()),
            ..Classification::default()
        },
    }
}

#[test]
fn a_gap_of_exactly_the_idle_threshold_keeps_the_block_whole() {
    let mut signals = every("09:00", "09:10", 30, "vscode");
    signals.extend(every("09:15", "09:25", 30, "vscode"));
    let out = suggest(&signals, &[], later(), &no_merge());
    assert_eq!(spans(&out), vec![(at("09:00"), at("09:25"))]);
}

#[test]
fn a_gap_one_second_over_the_idle_threshold_splits() {
    let mut signals = every("09:00", "09:10", 30, "vscode");
    signals.extend(every("09:15:01", "09:25", 30, "vscode"));
    let out = suggest(&signals, &[], later(), &no_merge());
    assert_eq!(
        spans(&out),
        vec![(at("09:00"), at("09:10")), (at("09:15:01"), at("09:24:31"))]
    );
}

#[test]
fn the_idle_threshold_comes_from_the_settings() {
    let mut signals = every("09:00", "09:10", 30, "vscode");
    signals.extend(every("09:13", "09:25", 30, "vscode"));
    let settings = Settings {
        idle_threshold: TimeDelta::minutes(2),
        ..no_merge()
    };
    assert_eq!(
        suggest(&signals, &[], later(), &settings).suggestions.len(),
        2
    );
    assert_eq!(
        suggest(&signals, &[], later(), &no_merge())
            .suggestions
            .len(),
        1
    );
}

#[test]
fn a_duration_bridges_what_would_be_an_idle_gap() {
    let mut window = Signal::new(at("09:00"), "vscode", SignalType::Window, "window");
    window.duration = Some(TimeDelta::minutes(20));
    let signals = vec![window, key(at("09:24"), "vscode")];
    let out = suggest(&signals, &[], later(), &no_merge());
    assert_eq!(spans(&out), vec![(at("09:00"), at("09:24"))]);
}

#[test]
fn blocks_of_the_same_app_exactly_the_merge_gap_apart_merge() {
    let mut signals = every("09:00", "09:20", 30, "vscode");
    signals.extend(every("09:30", "09:50", 30, "vscode"));
    let out = suggest(&signals, &[], later(), &Settings::default());
    assert_eq!(spans(&out), vec![(at("09:00"), at("09:50"))]);
    assert!(
        out.suggestions[0]
            .reasons
            .contains(&Reason::LongIdleInside { minutes: 10 })
    );
}

#[test]
fn blocks_a_second_over_the_merge_gap_stay_apart() {
    let mut signals = every("09:00", "09:20", 30, "vscode");
    signals.extend(every("09:30:01", "09:50", 30, "vscode"));
    let out = suggest(&signals, &[], later(), &Settings::default());
    assert_eq!(out.suggestions.len(), 2);
}

#[test]
fn blocks_of_different_activities_never_merge() {
    let mut signals = every("09:00", "09:20", 30, "vscode");
    signals.extend(every("09:26", "09:50", 30, "firefox"));
    let out = suggest(&signals, &[], later(), &Settings::default());
    assert_eq!(out.suggestions.len(), 2);
    let settings = Settings {
        rules: vec![rule("vscode", "tempo"), rule("firefox", "tempo")],
        ..Settings::default()
    };
    // Two rules, even with equal projects, are two activities; one rule for both apps is one.
    assert_eq!(
        suggest(&signals, &[], later(), &settings).suggestions.len(),
        2
    );
    let settings = Settings {
        rules: vec![rule("*o*", "tempo")],
        ..Settings::default()
    };
    assert_eq!(
        suggest(&signals, &[], later(), &settings).suggestions.len(),
        1
    );
}

#[test]
fn an_afk_span_ends_a_block_and_activity_inside_it_is_ignored() {
    let mut signals = every("09:00", "09:10", 30, "vscode");
    let mut away = Signal::new(at("09:10:30"), "aw-watcher-afk", SignalType::Afk, "afk");
    away.duration = Some(TimeDelta::minutes(2));
    signals.push(away);
    signals.push(key(at("09:11"), "vscode"));
    signals.extend(every("09:12:30", "09:20", 30, "vscode"));
    let out = suggest(&signals, &[], later(), &no_merge());
    assert_eq!(
        spans(&out),
        vec![(at("09:00"), at("09:10")), (at("09:12:30"), at("09:20"))]
    );
    assert_eq!(out.during_afk, 1);
}

#[test]
fn activity_running_into_an_afk_span_is_cut_where_it_begins() {
    let mut window = Signal::new(at("09:00"), "vscode", SignalType::Window, "window");
    window.duration = Some(TimeDelta::minutes(30));
    let mut away = Signal::new(at("09:10"), "afk", SignalType::Afk, "afk");
    away.duration = Some(TimeDelta::minutes(30));
    let out = suggest(&[window, away], &[], later(), &no_merge());
    assert_eq!(spans(&out), vec![(at("09:00"), at("09:10"))]);
}

#[test]
fn the_first_matching_rule_classifies_and_no_match_is_unclassified() {
    let mut signals = every("09:00", "09:20", 30, "Code");
    for s in &mut signals {
        s.cwd = Some("/home/ada/src/Tempo".into());
    }
    signals.extend(every("10:00", "10:20", 30, "slack"));
    let settings = Settings {
        rules: vec![
            Rule {
                when: Condition {
                    cwd: Some(Pattern::new("*/src/tempo").expect("glob")),
                    ..Condition::default()
                },
                then: Classification {
                    project: Some("tempo".into()),
                    client: Some("acme".into()),
                    ..Classification::default()
                },
            },
            rule("code", "other"),
        ],
        ..Settings::default()
    };
    let out = suggest(&signals, &[], later(), &settings);
    assert_eq!(out.suggestions[0].rule, Some(0));
    assert_eq!(out.suggestions[0].label(), "tempo");
    assert_eq!(
        out.suggestions[0].classification.client.as_deref(),
        Some("acme")
    );
    assert_eq!(out.suggestions[1].rule, None);
    assert_eq!(out.suggestions[1].label(), UNCLASSIFIED);
    assert!(out.suggestions[1].reasons.contains(&Reason::NoRuleMatched));
}

#[test]
fn confidence_orders_clear_work_above_mixed_and_idle_work() {
    let settings = Settings {
        rules: vec![rule("vscode", "tempo")],
        ..Settings::default()
    };
    let confidence = |signals: Vec<Signal>| {
        let out = suggest(&signals, &[], later(), &settings);
        assert_eq!(out.suggestions.len(), 1, "{signals:?}");
        out.suggestions[0].clone()
    };
    let ruled = confidence(every("09:00", "10:00", 6, "vscode"));
    let unruled = confidence(every("09:00", "10:00", 6, "terminal"));
    let mut mixed = every("09:00", "10:00", 12, "terminal");
    mixed.extend(every("09:00:06", "10:00", 12, "firefox"));
    let mixed = confidence(mixed);
    let sparse = confidence(every("09:00", "10:00", 300, "terminal"));
    assert_eq!(ruled.confidence, 1.0);
    assert!(ruled.reasons.is_empty() && !ruled.needs_verification);
    assert!(unruled.confidence < ruled.confidence);
    assert!(!unruled.needs_verification);
    assert!(mixed.confidence < unruled.confidence);
    assert!(sparse.confidence < unruled.confidence);
    assert!(mixed.needs_verification && sparse.needs_verification);
    assert!(
        sparse
            .reasons
            .contains(&Reason::SparseActivity { percent: 20 })
    );
    let words: Vec<String> = mixed.reasons.iter().map(ToString::to_string).collect();
    assert_eq!(
        words,
        vec!["mixed terminal and firefox usage", "no rule matched"]
    );
}

#[test]
fn tracked_time_is_cut_out_of_suggestions() {
    let signals = every("09:00", "10:00", 30, "vscode");
    let tracked = [Span::new(at("09:20"), at("09:40"))];
    let out = suggest(&signals, &tracked, later(), &Settings::default());
    assert_eq!(
        spans(&out),
        vec![(at("09:00"), at("09:20")), (at("09:40"), at("10:00"))]
    );
    let whole = [
        Span::new(at("08:00"), at("09:30")),
        Span::new(at("09:30"), at("11:00")),
    ];
    assert!(
        suggest(&signals, &whole, later(), &Settings::default())
            .suggestions
            .is_empty()
    );
}

#[test]
fn reingesting_the_same_signals_gives_the_same_suggestions() {
    let mut signals = every("09:00", "10:00", 30, "vscode");
    signals.extend(every("09:00:15", "09:30", 30, "firefox"));
    let first = suggest(&signals, &[], later(), &Settings::default());
    let mut twice = signals.clone();
    twice.extend(signals.iter().rev().cloned());
    let again = suggest(&twice, &[], later(), &Settings::default());
    assert_eq!(again.duplicates, signals.len());
    assert_eq!(again.suggestions, first.suggestions);
    assert_eq!(first.suggestions[0].id, again.suggestions[0].id);
}

#[test]
fn excluded_signals_are_dropped_at_the_door() {
    let mut signals = every("09:00", "09:30", 30, "vscode");
    let mut bank = every("09:00:10", "09:30", 30, "firefox");
    for s in &mut bank {
        s.title = Some("My Bank - Statement".into());
    }
    signals.extend(bank.iter().cloned());
    let settings = Settings {
        exclusions: vec![Condition {
            title: Some(Pattern::new("*BANK*").expect("glob")),
            ..Condition::default()
        }],
        ..Settings::default()
    };
    let out = suggest(&signals, &[], later(), &settings);
    assert_eq!(out.excluded, bank.len());
    let evidence = &out.suggestions[0].evidence;
    assert_eq!(evidence.apps.len(), 1);
    assert!(evidence.titles.is_empty());
}

#[test]
fn an_empty_exclusion_drops_nothing() {
    let signals = every("09:00", "09:30", 30, "vscode");
    let settings = Settings {
        exclusions: vec![Condition::default()],
        ..Settings::default()
    };
    assert_eq!(suggest(&signals, &[], later(), &settings).excluded, 0);
}

#[test]
fn activity_that_may_still_grow_is_held_back() {
    let signals = every("09:00", "09:30", 30, "vscode");
    let out = suggest(&signals, &[], at("09:35"), &Settings::default());
    assert!(out.suggestions.is_empty());
    assert_eq!(out.open, Some(Span::new(at("09:00"), at("09:30"))));
    let out = suggest(&signals, &[], at("09:40"), &Settings::default());
    assert_eq!(out.suggestions.len(), 1);
    assert_eq!(out.open, None);
}

#[test]
fn a_lone_signal_is_too_short_to_suggest() {
    let out = suggest(
        &[key(at("09:00"), "vscode")],
        &[],
        later(),
        &Settings::default(),
    );
    assert!(out.suggestions.is_empty());
}

#[test]
fn evidence_names_apps_titles_commands_and_repositories() {
    let mut signals = every("09:00", "09:20", 60, "vscode");
    for s in &mut signals {
        s.title = Some("engine.rs - tempo".into());
        s.repository = Some("github.com/ada/tempo".into());
    }
    for (i, cmd) in ["cargo test", "git status", "cargo test"]
        .iter()
        .enumerate()
    {
        let mut c = Signal::new(
            at("09:05") + TimeDelta::minutes(i as i64),
            "zsh",
            SignalType::Command,
            "shell",
        );
        c.title = Some(cmd.to_string());
        signals.push(c);
    }
    let out = suggest(&signals, &[], later(), &Settings::default());
    let evidence = &out.suggestions[0].evidence;
    assert_eq!(evidence.signals, 24);
    assert_eq!(evidence.apps[0].app, "vscode");
    assert_eq!(evidence.apps[0].signals, 21);
    assert!((evidence.apps[0].share - 21.0 / 24.0).abs() < 1e-9);
    assert_eq!(evidence.titles, vec!["engine.rs - tempo"]);
    assert_eq!(evidence.commands, vec!["cargo test", "git status"]);
    assert_eq!(evidence.repositories, vec!["github.com/ada/tempo"]);
}

#[test]
fn patterns_are_case_insensitive_globs_or_substrings() {
    let matches = |pattern: &str, text: &str| {
        let mut s = key(at("09:00"), "app");
        s.title = Some(text.into());
        Condition {
            title: Some(Pattern::new(pattern).expect("pattern")),
            ..Condition::default()
        }
        .matches(&s)
    };
    assert!(matches("tempo", "~/src/TEMPO/src"));
    assert!(!matches("tempo", "tmpo"));
    assert!(matches("*.RS", "main.rs"));
    assert!(!matches("*.rs", "main.rs.orig"));
    assert!(matches("m?in.*", "main.rs"));
    assert!(matches("*a*b*c", "xxaxxbxxbc"));
    assert!(!matches("a*b", "acbd"));
    assert!(Pattern::new("  ").is_err());
    let no_title = key(at("09:00"), "app");
    let cond = Condition {
        title: Some(Pattern::new("x").expect("pattern")),
        ..Condition::default()
    };
    assert!(!cond.matches(&no_title));
}

#[test]
fn a_sustained_change_of_activity_starts_a_new_suggestion() {
    let mut signals = every("09:00", "09:29:54", 6, "vscode");
    signals.extend(every("09:30", "10:00", 6, "firefox"));
    let out = suggest(&signals, &[], later(), &Settings::default());
    assert_eq!(
        spans(&out),
        vec![(at("09:00"), at("09:30")), (at("09:30"), at("10:00"))]
    );
    assert_eq!(out.suggestions[1].evidence.apps[0].app, "firefox");
}

#[test]
fn another_activity_for_exactly_the_switch_time_splits_and_shorter_does_not() {
    let interrupted = |slack_until: &str, back: &str| {
        let mut signals = every("09:00", "09:19:54", 6, "vscode");
        signals.extend(every("09:20", slack_until, 6, "slack"));
        signals.extend(every(back, "09:45", 6, "vscode"));
        spans(&suggest(&signals, &[], later(), &Settings::default()))
    };
    assert_eq!(
        interrupted("09:24:54", "09:25"),
        vec![
            (at("09:00"), at("09:20")),
            (at("09:20"), at("09:25")),
            (at("09:25"), at("09:45"))
        ]
    );
    assert_eq!(
        interrupted("09:24:48", "09:24:54"),
        vec![(at("09:00"), at("09:45"))]
    );
}

#[test]
fn stray_signals_from_other_apps_do_not_hide_a_switch() {
    let with_strays = |from: &str, to: &str, app: &str, stray: &str| {
        let mut signals = every(from, to, 6, app);
        for s in signals.iter_mut().skip(11).step_by(17) {
            s.app = stray.to_string();
        }
        signals
    };
    let mut signals = with_strays("09:00", "09:29:54", "vscode", "firefox");
    signals.extend(with_strays("09:30", "10:00", "firefox", "slack"));
    let out = suggest(&signals, &[], later(), &Settings::default());
    assert_eq!(
        spans(&out),
        vec![(at("09:00"), at("09:30")), (at("09:30"), at("10:00"))]
    );
}
