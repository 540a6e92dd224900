//! An in-memory stand-in for aw-server, answering ranges as its memory storage does (an event
//! overlapping or touching the range is in it, uncut).

use std::cell::RefCell;
use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::Value;

use super::{AwError, Bucket, Event, Source, convert};

/// A range asked for: `(bucket, start, end)`.
pub type Asked = (String, DateTime<Utc>, DateTime<Utc>);

#[derive(Default)]
pub struct FakeAw {
    pub buckets: Vec<Bucket>,
    pub events: BTreeMap<String, Vec<Event>>,
    /// When set, every request fails as an unreachable server does.
    pub down: bool,
    pub asked: RefCell<Vec<Asked>>,
}

impl FakeAw {
    pub fn bucket(&mut self, id: &str, kind: &str, client: &str) {
        self.buckets.push(Bucket {
            id: id.into(),
            kind: kind.into(),
            client: client.into(),
            hostname: "host".into(),
        });
    }

    /// Adds an event: `at` RFC 3339, `secs` long, with `data`.
    pub fn event(&mut self, bucket: &str, at: &str, secs: f64, data: Value) {
        let list = self.events.entry(bucket.to_string()).or_default();
        let Value::Object(data) = data else {
            panic!("event data is an object")
        };
        list.push(Event {
            id: Some(list.len() as i64),
            timestamp: at.into(),
            duration: secs,
            data,
        });
    }

    fn down(&self) -> Result<(), AwError> {
        if self.down {
            return Err(AwError::Unreachable {
                url: self.shown().into(),
                why: "connection refused".into(),
            });
        }
        Ok(())
    }
}

impl Source for FakeAw {
    fn shown(&self) -> &str {
        "http://127.0.0.1:5600"
    }

    fn buckets(&self) -> Result<Vec<Bucket>, AwError> {
        self.down()?;
        Ok(self.buckets.clone())
    }

    fn events(
        &self,
        bucket: &str,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Vec<Event>, AwError> {
        self.down()?;
        self.asked.borrow_mut().push((bucket.into(), start, end));
        let inside = |e: &&Event| {
            let t = convert::instant(&e.timestamp).expect("fake events have good times");
            let stop = t + TimeDelta::milliseconds((e.duration * 1000.0) as i64);
            stop >= start && t <= end
        };
        let list = self.events.get(bucket).map(Vec::as_slice).unwrap_or(&[]);
        Ok(list.iter().filter(inside).cloned().collect())
    }
}
