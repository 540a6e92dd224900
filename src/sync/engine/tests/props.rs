//! Random scenarios: local and server edits, deletions, forgotten tokens, lost requests and
//! answers (a sync that breaks off is a crash as far as the store is concerned), interleaved
//! with syncs. After each sync: nothing lost, nothing duplicated, nothing deleted that was not
//! deleted somewhere, every request on the account's origin — and after a sync that finished,
//! both sides hold the same events with the same meaning, each field as a three-way merge
//! against the agreed base has it (no edit lost), unless a conflict is recorded.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use super::{World, event, field, path_of};
use crate::sync::compare::same_meaning;
use crate::sync::dav::fake::Lost;

#[derive(Debug, Clone)]
enum Step {
    LocalAdd,
    LocalEdit {
        pick: usize,
        location: bool,
        value: u8,
    },
    LocalDelete {
        pick: usize,
    },
    ServerAdd,
    ServerEdit {
        pick: usize,
        location: bool,
        value: u8,
    },
    ServerDelete {
        pick: usize,
    },
    /// A server edit that lands between our listing and our next write (a 412 for us).
    ServerEditBeforeWrite {
        pick: usize,
        location: bool,
        value: u8,
    },
    ForgetTokens,
    /// Lets `after` requests through, then times out the next one.
    Fail {
        after: usize,
        answer: bool,
    },
    Sync,
}

fn step() -> impl Strategy<Value = Step> {
    let edit = || (any::<usize>(), any::<bool>(), 0..3_u8);
    prop_oneof![
        2 => Just(Step::LocalAdd),
        3 => edit().prop_map(|(pick, location, value)| Step::LocalEdit { pick, location, value }),
        1 => any::<usize>().prop_map(|pick| Step::LocalDelete { pick }),
        2 => Just(Step::ServerAdd),
        3 => edit().prop_map(|(pick, location, value)| Step::ServerEdit { pick, location, value }),
        1 => any::<usize>().prop_map(|pick| Step::ServerDelete { pick }),
        2 => edit().prop_map(|(pick, location, value)| Step::ServerEditBeforeWrite { pick, location, value }),
        1 => Just(Step::ForgetTokens),
        2 => (0..6_usize, any::<bool>()).prop_map(|(after, answer)| Step::Fail { after, answer }),
        4 => Just(Step::Sync),
    ]
}

/// What the scenario did, to judge the outcome by.
#[derive(Default)]
struct Model {
    made: usize,
    created: BTreeSet<String>,
    /// Deleted on one side or the other at some point.
    deleted: BTreeSet<String>,
}

fn pick(uids: &[(String, String)], n: usize) -> Option<(String, String)> {
    (!uids.is_empty()).then(|| uids[n % uids.len()].clone())
}

/// The event's text with one field set to a new value.
fn edited(uid: &str, text: &str, location: bool, value: u8) -> (String, String) {
    let mut summary = field(text, "SUMMARY").unwrap_or_default();
    let mut place = field(text, "LOCATION").unwrap_or_default();
    let target = if location { &mut place } else { &mut summary };
    *target = format!("{}-{value}", target.split('-').next().unwrap_or(uid));
    (summary, place)
}

fn apply(w: &mut World, m: &mut Model, step: &Step) -> Result<(), TestCaseError> {
    match *step {
        Step::LocalAdd | Step::LocalEdit { .. } | Step::LocalDelete { .. } => {
            apply_local(w, m, step)
        }
        Step::ServerAdd
        | Step::ServerEdit { .. }
        | Step::ServerEditBeforeWrite { .. }
        | Step::ServerDelete { .. } => apply_server(w, m, step),
        Step::ForgetTokens => w.dav.forget_tokens(),
        Step::Fail { after, answer } => {
            let lost = if answer { Lost::Answer } else { Lost::Request };
            w.dav.fail_after(after, lost);
        }
        Step::Sync => {
            let finished = sync(w);
            check(w, m, finished.as_ref())?;
        }
    }
    Ok(())
}

/// An edit made here, as the person would make it.
fn apply_local(w: &mut World, m: &mut Model, step: &Step) {
    match *step {
        Step::LocalAdd => {
            m.made += 1;
            let uid = format!("local{}", m.made);
            w.local_put(&uid, &uid, "home");
            m.created.insert(uid);
        }
        Step::LocalEdit {
            pick: n,
            location,
            value,
        } => {
            if let Some((uid, text)) = pick(&w.local(), n) {
                let (summary, place) = edited(&uid, &text, location, value);
                w.local_put(&uid, &summary, &place);
            }
        }
        Step::LocalDelete { pick: n } => {
            if let Some((uid, _)) = pick(&w.local(), n) {
                w.local_delete(&uid);
                m.deleted.insert(uid);
            }
        }
        _ => {}
    }
}

/// An edit another client makes on the server.
fn apply_server(w: &mut World, m: &mut Model, step: &Step) {
    match *step {
        Step::ServerAdd => {
            m.made += 1;
            let uid = format!("server{}", m.made);
            let text = event(&uid, &uid, "office");
            w.dav.server_put(&path_of(&uid), &text);
            m.created.insert(uid);
        }
        Step::ServerEdit {
            pick: n,
            location,
            value,
        } => {
            if let Some((path, item)) = pick_item(w, n) {
                let uid = field(&item, "UID").unwrap_or_default();
                let (summary, place) = edited(&uid, &item, location, value);
                let text = event(&uid, &summary, &place);
                w.dav.server_put(&path, &text);
            }
        }
        Step::ServerEditBeforeWrite {
            pick: n,
            location,
            value,
        } => {
            if let Some((path, item)) = pick_item(w, n) {
                let uid = field(&item, "UID").unwrap_or_default();
                w.dav.before_next_write(&path, move |now| {
                    let (summary, place) = edited(&uid, now, location, value);
                    event(&uid, &summary, &place)
                });
            }
        }
        Step::ServerDelete { pick: n } => {
            if let Some((path, item)) = pick_item(w, n) {
                w.dav.server_delete(&path);
                m.deleted.insert(field(&item, "UID").unwrap_or_default());
            }
        }
        _ => {}
    }
}

/// Both sides and the agreed base (by UID) just before a sync.
struct Before {
    local: BTreeMap<String, String>,
    remote: BTreeMap<String, String>,
    base: BTreeMap<String, String>,
}

/// Syncs; what both sides held before, if the sync finished with the server unchanged by
/// others meanwhile (only then can both sides be expected to agree).
fn sync(w: &mut World) -> Option<Before> {
    let before = Before {
        local: w.local().into_iter().collect(),
        remote: w.remote().into_iter().collect(),
        base: w
            .store
            .remote_objects(w.calendar_id())
            .expect("read")
            .into_iter()
            .map(|o| (o.uid, o.base))
            .collect(),
    };
    let finished = w.sync().is_ok();
    (finished && !w.dav.take_interfered()).then_some(before)
}

/// A field's value after a sync, by three-way merge against the agreed base: the side that
/// changed it wins; `None` when both changed it differently (a conflict).
fn merged(before: &Before, uid: &str, name: &str) -> Option<Option<String>> {
    let get = |side: &BTreeMap<String, String>| side.get(uid).and_then(|t| field(t, name));
    let (base, here, there) = (get(&before.base), get(&before.local), get(&before.remote));
    match (here, there) {
        (Some(h), Some(t)) if h == t => Some(Some(h)),
        (Some(h), Some(t)) if base.as_ref() == Some(&h) => Some(Some(t)),
        (Some(h), Some(t)) if base.as_ref() == Some(&t) => Some(Some(h)),
        (Some(_), Some(_)) => None,
        (h, t) => Some(h.or(t)),
    }
}

fn pick_item(w: &World, n: usize) -> Option<(String, String)> {
    let items: Vec<(String, String)> = w
        .dav
        .items()
        .into_iter()
        .map(|(p, i)| (p, i.body))
        .collect();
    pick(&items, n)
}

fn by_uid(
    list: Vec<(String, String)>,
    side: &str,
) -> Result<BTreeMap<String, String>, TestCaseError> {
    let mut out = BTreeMap::new();
    for (uid, text) in list {
        prop_assert!(
            out.insert(uid.clone(), text).is_none(),
            "{uid} twice {side}"
        );
    }
    Ok(out)
}

fn check(w: &World, m: &Model, finished: Option<&Before>) -> Result<(), TestCaseError> {
    prop_assert_eq!(w.dav.foreign_requests(), Vec::<String>::new());
    let local = by_uid(w.local(), "here")?;
    let remote = by_uid(w.remote(), "on the server")?;
    let held: BTreeSet<String> = w.conflict_uids().into_iter().collect();
    for uid in local.keys().chain(remote.keys()) {
        prop_assert!(m.created.contains(uid), "{uid} came from nowhere");
    }
    for uid in &m.created {
        let (here, there) = (local.get(uid), remote.get(uid));
        if !m.deleted.contains(uid) {
            // Never deleted anywhere: kept on one side at least, on both once a sync finished.
            prop_assert!(here.is_some() || there.is_some(), "{uid} lost");
            if finished.is_some() && !held.contains(uid) {
                prop_assert!(here.is_some() && there.is_some(), "{uid} on one side only");
            }
        }
        let Some(before) = finished.filter(|_| !held.contains(uid)) else {
            continue;
        };
        match (here, there) {
            (Some(a), Some(b)) => {
                prop_assert!(same_meaning(a, b), "{uid}: {a}\n---\n{b}");
                // No edit lost: each field as the three-way merge has it.
                for name in ["SUMMARY", "LOCATION"] {
                    let want = merged(before, uid, name);
                    prop_assert!(
                        want.is_some(),
                        "{} of {} changed on both sides, no conflict",
                        name,
                        uid
                    );
                    prop_assert_eq!(field(a, name), want.flatten(), "{} of {}", name, uid);
                }
            }
            (None, None) => {}
            _ => prop_assert!(false, "{uid} on one side only after a finished sync"),
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn random_interleavings_lose_and_duplicate_nothing(steps in prop::collection::vec(step(), 1..24)) {
        let mut w = World::new();
        let mut m = Model::default();
        for s in &steps {
            apply(&mut w, &mut m, s)?;
        }
        // Whatever happened, a sync with a well-behaved server settles everything.
        w.dav.heal();
        // A change that lands during the first of these is seen by the second.
        let finished = sync(&mut w).or_else(|| sync(&mut w));
        prop_assert!(finished.is_some(), "the closing sync failed");
        check(&w, &m, finished.as_ref())?;
    }
}
