//! The engine's behaviour case by case against the in-memory server.

use super::{World, event, field, path_of};
use crate::sync::dav::fake::Lost;

/// A world in step with a server holding one event.
fn synced_with_one() -> World {
    let mut w = World::new();
    w.dav
        .server_put(&path_of("a"), &event("a", "Standup", "Room 1"));
    w.sync().expect("first sync");
    w
}

#[test]
fn new_server_items_are_pulled() {
    let mut w = synced_with_one();
    let text = w.local_text("a").expect("pulled");
    assert_eq!(field(&text, "SUMMARY").as_deref(), Some("Standup"));
    w.dav
        .server_put(&path_of("b"), &event("b", "Review", "Room 2"));
    let r = w.sync().expect("sync");
    assert_eq!((r.added, r.pushed), (1, 0));
    assert!(w.local_text("b").is_some());
    assert!(w.dav.foreign_requests().is_empty());
}

#[test]
fn a_local_edit_is_pushed_under_the_known_etag() {
    let mut w = synced_with_one();
    w.local_put("a", "Standup moved", "Room 1");
    let r = w.sync().expect("sync");
    assert_eq!(r.pushed, 1);
    let remote = w.remote_text("a").expect("on the server");
    assert_eq!(field(&remote, "SUMMARY").as_deref(), Some("Standup moved"));
    // Nothing left to do: a second sync sends nothing.
    let r = w.sync().expect("again");
    assert_eq!((r.pushed, r.added, r.updated), (0, 0, 0));
}

#[test]
fn edits_of_different_fields_on_both_sides_merge() {
    let mut w = synced_with_one();
    w.local_put("a", "Standup moved", "Room 1");
    w.dav
        .server_put(&path_of("a"), &event("a", "Standup", "Room 9"));
    let r = w.sync().expect("sync");
    assert_eq!((r.merged, r.conflicts), (1, 0));
    for text in [w.local_text("a"), w.remote_text("a")] {
        let text = text.expect("on both sides");
        assert_eq!(field(&text, "SUMMARY").as_deref(), Some("Standup moved"));
        assert_eq!(field(&text, "LOCATION").as_deref(), Some("Room 9"));
    }
}

#[test]
fn a_local_deletion_is_deleted_on_the_server() {
    let mut w = synced_with_one();
    assert!(w.local_delete("a"));
    let r = w.sync().expect("sync");
    assert_eq!(r.deleted, 1);
    assert!(w.remote().is_empty());
}

#[test]
fn an_item_deleted_on_the_server_is_deleted_here() {
    let mut w = synced_with_one();
    assert!(w.dav.server_delete(&path_of("a")));
    let r = w.sync().expect("sync");
    assert_eq!(r.removed, 1);
    assert!(w.local().is_empty());
}

#[test]
fn a_forgotten_token_moves_to_a_full_listing_that_finds_deletions() {
    let mut w = synced_with_one();
    w.dav
        .server_put(&path_of("b"), &event("b", "Review", "Room 2"));
    w.dav.server_delete(&path_of("a"));
    w.dav.forget_tokens();
    let r = w.sync().expect("sync");
    assert_eq!((r.resyncs, r.added, r.removed), (1, 1, 1));
    let uids: Vec<String> = w.local().into_iter().map(|(u, _)| u).collect();
    assert_eq!(uids, ["b"]);
}

#[test]
fn a_412_on_put_merges_the_servers_version_and_pushes_the_result() {
    let mut w = synced_with_one();
    w.local_put("a", "Standup moved", "Room 1");
    // The server's copy changes between our listing and our PUT: the PUT meets a 412.
    w.dav
        .before_next_write(&path_of("a"), |_| event("a", "Standup", "Room 9"));
    w.sync().expect("sync");
    assert_eq!(w.dav.puts_refused(), 1);
    w.sync().expect("again");
    for text in [w.local_text("a"), w.remote_text("a")] {
        let text = text.expect("on both sides");
        assert_eq!(field(&text, "SUMMARY").as_deref(), Some("Standup moved"));
        assert_eq!(field(&text, "LOCATION").as_deref(), Some("Room 9"));
    }
    assert!(w.conflict_uids().is_empty());
}

#[test]
fn a_timeout_after_the_put_landed_neither_loses_nor_duplicates() {
    let mut w = synced_with_one();
    w.local_put("n", "New", "Here");
    // The home listing passes (nothing changed there, so no pull); the PUT lands but its
    // answer is lost.
    w.dav.fail_after(1, Lost::Answer);
    assert!(w.sync().is_err());
    assert!(w.remote_text("n").is_some());
    w.sync().expect("next sync");
    w.sync().expect("settled");
    assert_eq!(w.remote().len(), 2);
    assert_eq!(w.local().len(), 2);
    assert!(w.conflict_uids().is_empty());
}
