//! The sync engine run against `FakeDav`, an in-memory server, over a real SQLite file: a
//! harness for the unit tests (`unit`) and the property test (`props`).

mod kinds;
mod props;
mod unit;

use std::sync::OnceLock;

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::ops::calendar::stored_event;
use crate::store::Store;
use crate::sync::dav::fake::{CALENDAR, FakeDav, HOME, ORIGIN};
use crate::sync::{Report, sync_calendars};

/// A store with one account on the fake server.
struct World {
    _dir: tempfile::TempDir,
    store: Store,
    dav: FakeDav,
    tz: Tz,
    now: DateTime<Utc>,
}

/// An event's text with the two fields the tests change.
fn event(uid: &str, summary: &str, location: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:{uid}\r\n\
         DTSTAMP:20261120T090000Z\r\nDTSTART:20261201T100000Z\r\nDTEND:20261201T110000Z\r\n\
         SUMMARY:{summary}\r\nLOCATION:{location}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
}

/// A property's value in an event's text.
fn field(text: &str, name: &str) -> Option<String> {
    let prefix = format!("{name}:");
    text.lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .map(|v| v.trim_end().to_string())
}

/// The server path of a UID's item, as the fake names server-made items and Tempo names its own.
fn path_of(uid: &str) -> String {
    format!("{CALENDAR}{uid}.ics")
}

/// A database file with the account, in step with an empty server, made once: migrating a
/// new file and the first sync take about 15 ms in a debug build, which a thousand scenarios
/// cannot afford.
fn template() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("tempo.db");
        let mut store = Store::open(&path).expect("store");
        store
            .add_account("ann", &format!("{ORIGIN}{HOME}"), "ann", "env:PW", 15, HOME)
            .expect("account");
        let mut w = World::over(dir, store);
        w.sync().expect("first sync");
        // Closing checkpoints the write-ahead log into the file.
        drop(w.store);
        std::fs::read(&path).expect("read back")
    })
}

impl World {
    /// A new file in step with a new, empty server (the fake starts at the same token).
    fn new() -> World {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("tempo.db");
        std::fs::write(&path, template()).expect("copy");
        let store = Store::open(&path).expect("store");
        World::over(dir, store)
    }

    fn over(dir: tempfile::TempDir, store: Store) -> World {
        World {
            _dir: dir,
            store,
            dav: FakeDav::new(),
            tz: chrono_tz::Europe::Berlin,
            now: Utc
                .with_ymd_and_hms(2026, 11, 22, 9, 30, 0)
                .single()
                .expect("now"),
        }
    }

    fn sync(&mut self) -> Result<Report, String> {
        self.sync_result().map_err(|e| e.to_string())
    }

    /// A sync a minute later, its error kept whole.
    fn sync_result(&mut self) -> crate::sync::Result<Report> {
        let account = self.store.account("ann").expect("read").expect("account");
        let mut report = Report {
            account: "ann".into(),
            ..Report::default()
        };
        self.now += chrono::Duration::minutes(1);
        sync_calendars(
            &mut self.store,
            &self.dav,
            &account,
            self.tz,
            self.now,
            &mut report,
        )
        .map(|()| report)
    }

    /// The synced calendar's id.
    fn calendar_id(&self) -> i64 {
        self.store
            .remote_calendars(1)
            .expect("read")
            .first()
            .expect("a synced calendar")
            .calendar_id
    }

    fn local_put(&mut self, uid: &str, summary: &str, location: &str) {
        let object = crate::ical::object(&event(uid, summary, location)).expect("event");
        let stored = stored_event(&object, self.tz).expect("stored");
        let id = self.calendar_id();
        self.now += chrono::Duration::seconds(1);
        self.store
            .put_calendar_objects(id, &[stored], self.now.timestamp())
            .expect("write");
    }

    fn local_delete(&mut self, uid: &str) -> bool {
        let id = self.calendar_id();
        self.store.delete_calendar_object(id, uid).expect("delete")
    }

    /// Local events by UID with their text.
    fn local(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .store
            .local_objects(self.calendar_id())
            .expect("read")
            .into_iter()
            .map(|o| (o.uid, o.ics))
            .collect();
        out.sort();
        out
    }

    fn local_text(&self, uid: &str) -> Option<String> {
        self.local()
            .into_iter()
            .find(|(u, _)| u == uid)
            .map(|(_, t)| t)
    }

    /// Server items by UID with their text.
    fn remote(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .dav
            .items()
            .into_values()
            .map(|i| (field(&i.body, "UID").unwrap_or_default(), i.body))
            .collect();
        out.sort();
        out
    }

    fn remote_text(&self, uid: &str) -> Option<String> {
        self.remote()
            .into_iter()
            .find(|(u, _)| u == uid)
            .map(|(_, t)| t)
    }

    fn conflict_uids(&self) -> Vec<String> {
        self.store
            .conflicts()
            .expect("read")
            .into_iter()
            .map(|c| c.uid)
            .collect()
    }
}
