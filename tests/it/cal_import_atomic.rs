//! `cal import` is one transaction: a write that fails part-way (here a later to-do's task,
//! refused by the database) leaves the database exactly as it was — no new calendar, none of
//! the events or tasks written before the failure.

use crate::common::Env;

const FILE: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n\
BEGIN:VEVENT\r\nUID:ev-1\r\nSUMMARY:Standup\r\nDTSTART:20261124T090000Z\r\nDURATION:PT15M\r\nEND:VEVENT\r\n\
BEGIN:VTODO\r\nUID:todo-1\r\nSUMMARY:First\r\nEND:VTODO\r\n\
BEGIN:VTODO\r\nUID:todo-2\r\nSUMMARY:Second\r\nEND:VTODO\r\n\
END:VCALENDAR\r\n";

#[test]
fn an_import_that_fails_part_way_changes_nothing() {
    let env = Env::new();
    env.run(&["add", "already here"]);
    // The database refuses the second to-do's task, as a full disk would refuse a page.
    let conn = rusqlite::Connection::open(&env.db).expect("open");
    conn.execute_batch(
        "CREATE TRIGGER refuse_second BEFORE INSERT ON tasks WHEN NEW.title = 'Second'
         BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;",
    )
    .expect("trigger");
    drop(conn);
    let path = env.dir.path().join("work.ics");
    std::fs::write(&path, FILE).expect("write");

    let before = env.snapshot();
    let out = env
        .cmd()
        .args([
            "cal",
            "import",
            path.to_str().expect("utf-8"),
            "--calendar",
            "work",
        ])
        .output()
        .expect("runs");
    assert!(
        !out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("database or disk is full"), "{err}");
    // The undo log included: no step of the import is left to take back.
    assert_eq!(env.snapshot(), before);
}
