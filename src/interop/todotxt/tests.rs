use super::*;

fn now() -> DateTime<Utc> {
    "2026-11-22T09:30:00Z".parse().expect("valid")
}

#[test]
fn parses_the_standard_forms() {
    let t = parse_line(
        "(A) 2026-11-01 Call Mom +family @phone due:2026-11-30 note:x",
        &Utc,
        now(),
    )
    .expect("valid");
    assert_eq!(t.priority, Some(Priority::H));
    assert_eq!(t.title, "Call Mom note:x");
    assert_eq!(t.project.as_deref(), Some("family"));
    assert_eq!(t.tags, vec!["phone"]);
    assert_eq!(t.due, Some("2026-11-30T23:59:59Z".parse().expect("valid")));
    assert_eq!(
        t.created.date_naive(),
        NaiveDate::from_ymd_opt(2026, 11, 1).expect("d")
    );
    let done = parse_line("x 2026-11-20 2026-11-01 File taxes pri:B", &Utc, now()).expect("valid");
    assert_eq!(done.status, Status::Done);
    assert_eq!(done.priority, Some(Priority::M));
    assert_eq!(
        done.done.map(|d| d.date_naive()),
        NaiveDate::from_ymd_opt(2026, 11, 20)
    );
}

#[test]
fn round_trips() {
    let t = parse_line(
        "(B) 2026-11-01 Water plants +home @garden due:2026-11-30 rec:1w",
        &Utc,
        now(),
    )
    .expect("valid");
    let line = format_line(&t, &Utc);
    let back = parse_line(&line, &Utc, now()).expect("valid");
    assert_eq!(back.uuid, t.uuid);
    assert_eq!(
        (back.title.as_str(), back.priority, back.due, &back.tags),
        (t.title.as_str(), t.priority, t.due, &t.tags)
    );
    assert_eq!(back.recur.map(|r| r.rule), t.recur.map(|r| r.rule));
}

#[test]
fn identity_is_the_whole_line_not_the_title() {
    let a = parse_line("(A) Call Mom +Family @phone", &Utc, now()).expect("valid");
    let b = parse_line("x 2011-03-03 Call Mom", &Utc, now()).expect("valid");
    assert_ne!(a.uuid, b.uuid);
    let again = parse_line("(A) Call Mom +Family @phone", &Utc, now()).expect("valid");
    assert_eq!(a.uuid, again.uuid);
}

#[test]
fn priorities_d_to_z_keep_their_letter() {
    let t = parse_line("(D) Someday thing", &Utc, now()).expect("valid");
    assert_eq!(t.priority, Some(Priority::L));
    assert!(format_line(&t, &Utc).starts_with("(D) Someday thing "));
    let done = parse_line("x 2026-11-20 Old pri:Q", &Utc, now()).expect("valid");
    assert!(
        format_line(&done, &Utc).contains(" pri:Q "),
        "{}",
        format_line(&done, &Utc)
    );
    let c = parse_line("(C) Plain", &Utc, now()).expect("valid");
    assert!(format_line(&c, &Utc).starts_with("(C) Plain "));
}

#[test]
fn rec_before_due_months_and_relative_dates_are_read() {
    let t = parse_line("Pay rent rec:1m due:2026-12-01", &Utc, now()).expect("rec first");
    let r = t.recur.expect("recurs");
    assert_eq!((r.rule.every, r.rule.unit), (1, Unit::Month));
    let tod = parse_line("Call due:tod", &Utc, now()).expect("topydo's today");
    assert_eq!(
        tod.due.map(|d| d.date_naive()),
        NaiveDate::from_ymd_opt(2026, 11, 22)
    );
    let tom = parse_line("Call due:tom t:3d", &Utc, now()).expect("relative");
    assert_eq!(
        tom.due.map(|d| d.date_naive()),
        NaiveDate::from_ymd_opt(2026, 11, 23)
    );
    assert_eq!(
        tom.wait.map(|d| d.date_naive()),
        NaiveDate::from_ymd_opt(2026, 11, 25)
    );
    let month = parse_line("Bill due:1m", &Utc, now()).expect("a month ahead");
    assert_eq!(
        month.due.map(|d| d.date_naive()),
        NaiveDate::from_ymd_opt(2026, 12, 22)
    );
}

#[test]
fn writes_the_common_rec_forms() {
    for (input, written) in [
        ("rec:+1w", "rec:+1w"),
        ("rec:1m", "rec:+1m"),
        ("rec:2d", "rec:+2d"),
        ("rec:1y", "rec:+1y"),
        ("rec:1b", "rec:1b"),
        ("rec:1mo", "rec:+1m"),
    ] {
        let t = parse_line(&format!("Thing due:2026-11-30 {input}"), &Utc, now()).expect(input);
        let line = format_line(&t, &Utc);
        assert!(line.contains(&format!(" {written} ")), "{input}: {line}");
    }
    assert!(parse_line("Thing due:2026-11-30 rec:2b", &Utc, now()).is_err());
}

#[test]
fn no_invented_creation_date() {
    let t = parse_line("x 2011-03-03 Call Mom", &Utc, now()).expect("valid");
    let line = format_line(&t, &Utc);
    assert!(line.starts_with("x 2011-03-03 Call Mom uuid:"), "{line}");
}

#[test]
fn cancelled_is_not_done() {
    let mut t = parse_line("2026-11-01 Drop it", &Utc, now()).expect("valid");
    t.status = Status::Cancelled;
    t.done = Some(now());
    let line = format_line(&t, &Utc);
    assert!(
        line.starts_with("2026-11-01 Drop it cancelled:2026-11-22 uuid:"),
        "{line}"
    );
    let back = parse_line(&line, &Utc, now()).expect("valid");
    assert_eq!(back.status, Status::Cancelled);
    assert_eq!(format_line(&back, &Utc), line);
}

#[test]
fn a_title_with_line_breaks_stays_one_line() {
    let mut t = parse_line("2026-11-01 First", &Utc, now()).expect("valid");
    t.title = "First\nsecond\u{7}".into();
    let line = format_line(&t, &Utc);
    assert!(!line.contains('\n') && !line.contains('\u{7}'), "{line:?}");
    assert!(
        line.starts_with("2026-11-01 First↵second\u{fffd} "),
        "{line:?}"
    );
}

#[test]
fn reimporting_an_export_is_unchanged() {
    let t = parse_line(
        "(B) 2026-11-01 Water +home due:2026-11-30 rec:+1w",
        &Utc,
        now(),
    )
    .expect("valid");
    let mut stored = t.clone();
    stored.notes = "kept".into();
    stored.due = stored.due.map(|d| d - chrono::Duration::hours(14));
    let line = format_line(&stored, &Utc);
    let later = now() + chrono::Duration::days(3);
    let again = parse_line(&line, &Utc, later).expect("valid");
    assert_eq!(merge(&stored, again, &Utc), stored);
}

#[test]
fn errors() {
    assert!(parse_line("x 2026-11-20", &Utc, now()).is_err());
    assert!(
        parse_line("Pay due:someday", &Utc, now())
            .expect_err("bad")
            .contains("due:someday")
    );
    assert!(
        parse_line("Pay rec:1w", &Utc, now())
            .expect_err("bad")
            .contains("needs a due")
    );
}
