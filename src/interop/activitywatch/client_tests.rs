//! The reader's own logic: addresses, paging and how failures read.

use chrono::{DateTime, TimeDelta, Utc};

use super::*;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("instant")
        .with_timezone(&Utc)
}

fn event(id: i64, timestamp: DateTime<Utc>) -> Event {
    Event {
        id: Some(id),
        timestamp: timestamp.to_rfc3339(),
        duration: 1.0,
        data: serde_json::Map::new(),
    }
}

#[test]
fn only_http_addresses_are_servers() {
    for bad in [
        "",
        "127.0.0.1:5600",
        "ftp://127.0.0.1:5600",
        "http://",
        "http://127.0.0.1:notaport",
        "http://127.0.0.1:5600/?x=1",
    ] {
        let e = Client::new(bad).err().expect(bad);
        assert_eq!(e.kind(), ErrorKind::BadInput, "{bad}: {e}");
        assert!(e.to_string().contains("is not the http(s) address"), "{e}");
    }
    let e = Client::new("http://ann:secret@127.0.0.1:x")
        .err()
        .expect("bad");
    assert!(!e.to_string().contains("secret"), "{e}");
    let c = Client::new("http://127.0.0.1:5600/").expect("good");
    assert_eq!(c.shown(), "http://127.0.0.1:5600");
    let c = Client::new("https://ann:secret@aw.example/aw/").expect("good");
    assert_eq!(c.shown(), "https://***@aw.example/aw");
}

#[test]
fn a_server_that_is_not_there_is_named_and_transient() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let url = format!("http://127.0.0.1:{port}");
    let e = Client::new(&url)
        .expect("client")
        .buckets()
        .expect_err("nobody");
    assert_eq!(e.kind(), ErrorKind::Transient);
    assert!(
        e.to_string().starts_with(&format!(
            "cannot reach ActivityWatch at {url}: connection refused"
        )),
        "{e}"
    );
}

#[test]
fn failures_have_the_kinds_a_retry_needs() {
    let status = |status| AwError::Status {
        url: "u".into(),
        status,
        reason: String::new(),
    };
    assert_eq!(status(503).kind(), ErrorKind::Transient);
    assert_eq!(status(429).kind(), ErrorKind::Transient);
    assert_eq!(status(404).kind(), ErrorKind::System);
    let bad = AwError::BadAnswer {
        url: "u".into(),
        why: "x".into(),
    };
    assert_eq!(bad.kind(), ErrorKind::System);
}

#[test]
fn a_long_range_is_read_in_pages_backwards_without_repeats() {
    let t0 = at("2026-11-22T00:00:00Z");
    // Three events per second: 2.5 pages, with events sharing the boundary instants.
    let stored: Vec<Event> = (0..(PAGE as i64 * 5 / 2))
        .map(|i| event(i, t0 + TimeDelta::seconds(i / 3)))
        .collect();
    let mut asked = Vec::new();
    let got = page_back("b", t0, at("2026-11-23T00:00:00Z"), |until| {
        asked.push(until);
        let mut hits: Vec<Event> = stored
            .iter()
            .filter(|e| convert::instant(&e.timestamp).expect("t") <= until)
            .cloned()
            .collect();
        hits.reverse();
        hits.truncate(PAGE);
        Ok(hits)
    })
    .expect("paged");
    assert_eq!(got.len(), stored.len());
    let ids: HashSet<i64> = got.iter().filter_map(|e| e.id).collect();
    assert_eq!(ids.len(), stored.len());
    assert_eq!(asked.len(), 3);
}

#[test]
fn a_page_of_nothing_new_ends_the_read() {
    let t0 = at("2026-11-22T00:00:00Z");
    let same: Vec<Event> = (0..PAGE as i64).map(|i| event(i, t0)).collect();
    let mut calls = 0;
    let got = page_back("b", t0, t0, |_| {
        calls += 1;
        Ok(same.clone())
    })
    .expect("read");
    assert_eq!((got.len(), calls), (PAGE, 2));
}

#[test]
fn bucket_ids_are_one_path_segment() {
    assert_eq!(
        encode_segment("aw-watcher-window_my.host"),
        "aw-watcher-window_my.host"
    );
    assert_eq!(encode_segment("a/b c?é"), "a%2Fb%20c%3F%C3%A9");
}
