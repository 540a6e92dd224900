use super::*;
use chrono::TimeZone;
use chrono_tz::Europe::Berlin;

fn now() -> DateTime<chrono_tz::Tz> {
    Berlin
        .with_ymd_and_hms(2026, 11, 22, 10, 30, 0)
        .single()
        .expect("valid")
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_string).collect()
}

fn new_task(s: &str) -> Result<Task, ModError> {
    let m = parse_mods(&words(s), &now(), true)?;
    let mut t = Task::new("", now().with_timezone(&Utc));
    m.apply_to(&mut t, &now())?;
    Ok(t)
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().expect("valid")
}

#[test]
fn add_syntax() {
    let t =
        new_task("Call Ann project:work.api +phone due:fri 9am pri:h est:1h30m").expect("valid");
    assert_eq!(t.title, "Call Ann");
    assert_eq!(t.project.as_deref(), Some("work.api"));
    assert_eq!(t.tags, vec!["phone"]);
    assert_eq!(t.priority, Some(Priority::H));
    assert_eq!(t.due, Some(utc("2026-11-27T08:00:00Z")));
    assert_eq!(t.estimate_minutes, Some(90));
}

#[test]
fn a_due_day_ends_at_midnight_and_a_wait_day_starts_at_it() {
    let t = new_task("x due:tomorrow wait:fri").expect("valid");
    assert_eq!(t.due, Some(utc("2026-11-23T22:59:59Z")));
    assert_eq!(t.wait, Some(utc("2026-11-26T23:00:00Z")));
    assert_eq!(t.status, Status::Waiting);
}

#[test]
fn words_that_only_look_like_attributes_are_title() {
    let t = new_task("Read https://example.org -v re: budget 10:30").expect("valid");
    assert_eq!(t.title, "Read https://example.org -v re: budget 10:30");
}

#[test]
fn errors_are_specific() {
    let e = new_task("x prio:H").expect_err("typo");
    assert!(e.0.contains("did you mean `pri:`"), "{e}");
    let e = new_task("x due:someday").expect_err("bad date");
    assert!(e.0.starts_with("due: cannot read `someday`"), "{e}");
    assert!(new_task("x pri:Z").is_err());
    assert!(new_task("x est:forever").is_err());
    assert!(new_task("x project:a..b").is_err());
    let e = new_task("+tag only").map(|_| ()).and(new_task("+tag"));
    assert!(e.expect_err("no title").0.contains("needs a title"));
    let e = new_task("x recur:weekly").expect_err("no due");
    assert!(e.0.contains("needs a due"), "{e}");
    let e = new_task("x until:2027-01-01").expect_err("no recur");
    assert!(e.0.contains("only recurring"), "{e}");
}

#[test]
fn linked_tasks_are_read_with_the_attributes() {
    let m = parse_mods(&words("depends:3,ab12cd parent:7"), &now(), false).expect("valid");
    let parsed = |w| crate::model::selector::TaskRef::parse(w).expect("a reference");
    assert_eq!(m.depends, Some(vec![parsed("3"), parsed("ab12cd")]));
    assert_eq!(m.parent, Some(Some(parsed("7"))));
    let m = parse_mods(&words("depends: parent:none"), &now(), false).expect("valid");
    assert_eq!((m.depends, m.parent), (Some(vec![]), Some(None)));
    let e = parse_mods(&words("depends:3,zz"), &now(), false).expect_err("not a task");
    assert!(
        e.0.starts_with("`zz` is not a task id or UUID prefix"),
        "{e}"
    );
    let e = parse_mods(&words("parent:5-3"), &now(), false).expect_err("not a task");
    assert!(e.0.contains("is not a task id or id list"), "{e}");
}

#[test]
fn modify_removes_tags_and_clears_fields() {
    let mut t = new_task("x +a +b due:fri pri:H").expect("valid");
    let m = parse_mods(&words("-a due: pri:none New title"), &now(), false).expect("valid");
    m.apply_to(&mut t, &now()).expect("apply");
    assert_eq!(t.tags, vec!["b"]);
    assert_eq!(t.due, None);
    assert_eq!(t.priority, None);
    assert_eq!(t.title, "New title");
}

#[test]
fn recurring_instances_follow_the_rule_and_keep_the_time() {
    let t = new_task("Standup due:mon 9:30 recur:weekdays").expect("valid");
    let rec = t.recur.clone().expect("recurring");
    assert_eq!(
        rec.anchor,
        NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
    );
    let mut done = t.clone();
    done.complete(now().with_timezone(&Utc));
    let next = next_instance(&done, &now()).expect("next");
    assert_eq!(next.due, Some(utc("2026-11-24T08:30:00Z")));
    assert_eq!(next.status, Status::Pending);
    assert_eq!(
        next.uuid,
        rec.instance_uuid(NaiveDate::from_ymd_opt(2026, 11, 24).expect("date"))
    );
    // The same completion computed twice names the same instance.
    assert_eq!(next_instance(&done, &now()).expect("again").uuid, next.uuid);
}

#[test]
fn recurrence_keeps_local_time_across_dst() {
    // Weekly at 09:00 Berlin across the end of summer time (2026-10-25).
    let summer = Berlin
        .with_ymd_and_hms(2026, 10, 20, 12, 0, 0)
        .single()
        .expect("valid");
    let m =
        parse_mods(&words("x due:2026-10-21 09:00 recur:weekly"), &summer, true).expect("valid");
    let mut t = Task::new("", summer.with_timezone(&Utc));
    m.apply_to(&mut t, &summer).expect("apply");
    assert_eq!(t.due, Some(utc("2026-10-21T07:00:00Z")));
    let next = next_instance(&t, &summer).expect("next");
    assert_eq!(next.due, Some(utc("2026-10-28T08:00:00Z")));
}

#[test]
fn until_ends_the_series() {
    let t = new_task("x due:mon recur:weekly until:2026-11-29").expect("valid");
    assert!(next_instance(&t, &now()).is_none());
}

#[test]
fn the_next_instance_does_not_take_taskwarriors_index() {
    let mut t = Task::new("Standup", now().with_timezone(&Utc));
    t.due = Some(now().with_timezone(&Utc));
    t.recur = Some(Box::new(Recurrence::new_series(
        Rule::parse("weekly").expect("rule"),
        now().date_naive(),
    )));
    t.fields.insert("imask".into(), "0".into());
    t.fields.insert("client".into(), "acme".into());
    let next = next_instance(&t, &now()).expect("next");
    assert_eq!(next.fields.get("imask"), None);
    assert_eq!(next.fields.get("client").map(String::as_str), Some("acme"));
}
