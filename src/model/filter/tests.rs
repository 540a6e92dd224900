use super::*;
use chrono::TimeZone;
use chrono_tz::Europe::Berlin;
use proptest::prelude::*;

fn now() -> DateTime<chrono_tz::Tz> {
    Berlin
        .with_ymd_and_hms(2026, 11, 22, 10, 30, 0)
        .single()
        .expect("valid")
}

fn p(input: &str) -> Expr {
    parse(input, &now()).expect(input).expr
}

fn pred(p: Pred) -> Expr {
    Expr::Pred(p)
}

fn and(a: Expr, b: Expr) -> Expr {
    Expr::And(Box::new(a), Box::new(b))
}

fn or(a: Expr, b: Expr) -> Expr {
    Expr::Or(Box::new(a), Box::new(b))
}

fn err(input: &str) -> FilterError {
    parse(input, &now()).expect_err(input)
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().expect("valid instant")
}

#[test]
fn terms() {
    assert_eq!(p(""), Expr::All);
    assert_eq!(p("project:work"), pred(Pred::Project(Some("work".into()))));
    assert_eq!(p("project:"), pred(Pred::Project(None)));
    assert_eq!(p("+next"), pred(Pred::Tag("next".into())));
    assert_eq!(
        p("-next"),
        Expr::Not(Box::new(pred(Pred::Tag("next".into()))))
    );
    assert_eq!(p("pri:h"), pred(Pred::Priority(vec![Some(Priority::H)])));
    assert_eq!(p("priority:none"), pred(Pred::Priority(vec![None])));
    assert_eq!(
        p("status:done,cancelled"),
        pred(Pred::Status(vec![Status::Done, Status::Cancelled]))
    );
    assert_eq!(p("OVERDUE"), pred(Pred::Overdue));
    assert_eq!(p("blocked"), pred(Pred::Blocked));
    assert_eq!(p("active"), pred(Pred::Active));
    assert_eq!(p("Invoice"), pred(Pred::Word("invoice".into())));
    assert_eq!(p("\"status:x\""), pred(Pred::Word("status:x".into())));
    assert_eq!(p("id:3,5-6"), pred(Pred::Id(vec![3, 5, 6])));
    assert_eq!(
        p("http://example.org"),
        pred(Pred::Word("http://example.org".into()))
    );
}

#[test]
fn dates_resolve_in_the_local_zone() {
    // Berlin is UTC+1 in November: 2026-12-01 starts at 2026-11-30T23:00Z.
    assert_eq!(
        p("due.before:2026-12-01"),
        pred(Pred::Date(
            DateField::Due,
            DateCmp::Before(utc("2026-11-30T23:00:00Z"))
        ))
    );
    assert_eq!(
        p("due.after:2026-12-01"),
        pred(Pred::Date(
            DateField::Due,
            DateCmp::After(utc("2026-12-01T23:00:00Z"))
        ))
    );
    assert_eq!(
        p("due:tomorrow"),
        pred(Pred::Date(
            DateField::Due,
            DateCmp::Within(utc("2026-11-22T23:00:00Z"), utc("2026-11-23T23:00:00Z"))
        ))
    );
    assert_eq!(
        p("due:none"),
        pred(Pred::Date(DateField::Due, DateCmp::Unset))
    );
    // A time after a day belongs to the date, quoted or not.
    let want = pred(Pred::Date(
        DateField::Due,
        DateCmp::Before(utc("2026-11-23T14:00:00Z")),
    ));
    assert_eq!(p("due.before:tomorrow 15:00"), want);
    assert_eq!(p("due.before:\"tomorrow 15:00\""), want);
    assert_eq!(p("due.before:in 2d"), p("due.before:2026-11-24"));
    assert_eq!(
        p("due:next mon +x"),
        and(p("due:2026-11-23"), pred(Pred::Tag("x".into())))
    );
}

#[test]
fn operators_and_precedence() {
    let a = pred(Pred::Tag("a".into()));
    let b = pred(Pred::Tag("b".into()));
    let c = pred(Pred::Tag("c".into()));
    assert_eq!(p("+a +b"), and(a.clone(), b.clone()));
    assert_eq!(p("+a and +b"), and(a.clone(), b.clone()));
    // `and` binds tighter than `or`.
    assert_eq!(p("+a or +b +c"), or(a.clone(), and(b.clone(), c.clone())));
    assert_eq!(p("(+a or +b) +c"), and(or(a.clone(), b.clone()), c.clone()));
    assert_eq!(p("(+a or +b)+c"), and(or(a.clone(), b.clone()), c.clone()));
    assert_eq!(
        p("not +a or +b"),
        or(Expr::Not(Box::new(a.clone())), b.clone())
    );
    assert_eq!(p("NOT (+a OR +b)"), Expr::Not(Box::new(or(a, b))));
}

#[test]
fn errors_point_at_the_column_and_suggest() {
    let e = err("+next prio:H");
    assert_eq!(e.column, 7);
    assert!(
        e.message.contains("unknown filter attribute `prio`"),
        "{}",
        e.message
    );
    assert_eq!(e.hint.as_deref(), Some("did you mean `pri`?"));
    let e = err("due.befor:fri");
    assert_eq!(e.hint.as_deref(), Some("did you mean `due.before`?"));
    let e = err("due.before:someday");
    assert_eq!(e.column, 12);
    assert!(e.message.contains("accepted forms"));
    let e = err("(+a or +b");
    assert_eq!(
        (e.column, e.message.as_str()),
        (1, "missing `)` for this `(`")
    );
    assert_eq!(err("+a)").column, 3);
    assert_eq!(err("+a or").column, 6);
    assert_eq!(err("and +a").column, 1);
    assert!(err("status:finished").message.contains("unknown status"));
    assert!(err("pri:X").message.contains("unknown priority"));
    assert!(err("\"open").message.contains("unclosed quote"));
    assert!(err("id:0").message.contains("not an id list"));
    assert!(err("project:a..b").message.contains("invalid project"));
    let shown = err("+next prio:H").to_string();
    assert!(
        shown.starts_with("unknown filter attribute `prio` at column 7 (did you mean `pri`?)\n"),
        "{shown}"
    );
    assert!(
        shown.starts_with("unknown filter attribute `prio` at column 7 (did you mean `pri`?)\n"),
        "{shown}"
    );
    assert!(shown.ends_with("\n  +next prio:H\n        ^"), "{shown}");
}

#[test]
fn evaluation() {
    let n = utc("2026-11-22T09:30:00Z");
    let mut t = Task::new("Write the Invoice", n - chrono::Duration::days(2));
    t.id = 7;
    t.project = Some("work.api".into());
    t.add_tag("next");
    t.due = Some(utc("2026-11-21T12:00:00Z"));
    let never = |_: &Task| false;
    let yes = |input: &str| parse(input, &now()).expect(input).matches(&t, &never);
    assert!(yes("project:work"));
    assert!(yes("project:work.api"));
    assert!(!yes("project:work.ap"));
    assert!(!yes("project:wor"));
    assert!(yes("+next -someday invoice"));
    assert!(yes("overdue"));
    assert!(yes("due.before:today"));
    assert!(yes("due:yesterday"));
    assert!(!yes("due.after:yesterday"));
    assert!(yes("status:pending id:7"));
    assert!(!yes("blocked"));
    assert!(!yes("pri:H or active"));
    assert!(yes("not (pri:H or active)"));
    assert!(yes("client:"));
    assert!(!yes("client:acme"));
    t.fields.insert("client".into(), "acme".into());
    let yes = |input: &str| parse(input, &now()).expect(input).matches(&t, &never);
    assert!(yes("client:acme") && !yes("client:") && !yes("client:beta"));
    // A near miss of a built-in attribute is still a typo, not a custom field.
    assert!(parse("prio:H", &now()).is_err());
}

#[test]
fn default_status_applies_only_when_none_was_named() {
    let f = parse("+next", &now()).expect("valid").with_default_status();
    assert!(f.selects_status());
    assert!(matches!(f.expr, Expr::And(..)));
    let g = parse("status:done", &now()).expect("valid");
    assert_eq!(g.clone().with_default_status(), g);
}

proptest! {
    #[test]
    fn never_panics(input in "\\PC{0,60}") {
        let _ = parse(&input, &now());
    }

    #[test]
    fn never_panics_on_filter_like_input(
        input in "[ ()+\\-:.,\"a-z0-9]{0,40}|(project|due\\.before|pri|status|not|or|and|[+-]x|\\(|\\)| )*"
    ) {
        let _ = parse(&input, &now());
    }
}

fn depth(e: &Expr) -> usize {
    match e {
        Expr::And(a, b) | Expr::Or(a, b) => 1 + depth(a).max(depth(b)),
        Expr::Not(a) => 1 + depth(a),
        _ => 1,
    }
}

#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    let parens = format!("{}x", "(".repeat(10_000));
    let e = err(&parens);
    assert!(e.message.contains("more than 100 levels deep"), "{e:?}");
    let nots = format!("{}x", "not ".repeat(24_000));
    assert!(err(&nots).message.contains("levels deep"));
    let ok = format!("{}x{}", "(".repeat(MAX_NESTING), ")".repeat(MAX_NESTING));
    assert_eq!(p(&ok), pred(Pred::Word("x".into())));
    let e = err(&format!("{}x", "not ".repeat(MAX_NESTING + 1)));
    assert!(e.message.contains("levels deep"), "{e:?}");
}

#[test]
fn long_flat_chains_stay_shallow() {
    let ors = vec!["x"; 20_000].join(" or ");
    assert!(depth(&p(&ors)) <= 16, "{}", depth(&p(&ors)));
    let ands = vec!["x"; 20_000].join(" ");
    assert!(depth(&p(&ands)) <= 16);
    let a = pred(Pred::Tag("a".into()));
    let b = pred(Pred::Tag("b".into()));
    let c = pred(Pred::Tag("c".into()));
    assert_eq!(p("+a or +b or +c"), or(a.clone(), or(b.clone(), c.clone())));
    assert_eq!(p("+a +b +c"), and(a, and(b, c)));
}

#[test]
fn the_caret_sits_under_the_column_after_wide_characters() {
    let e = FilterError {
        message: "bad".into(),
        hint: None,
        column: 4,
        input: "日本 x".into(),
    };
    let shown = e.to_string();
    let last = shown.lines().last().expect("caret line");
    assert_eq!(last, format!("  {}^", " ".repeat(5)), "{shown}");
}
