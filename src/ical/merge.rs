//! Three-way merge of one calendar object: what both sides changed since the version they
//! last agreed on. A property (or an overridden occurrence, or the alarms) changed on one side
//! only takes that side's value; changed on both to different values is a conflict, and then
//! nothing is merged: the caller keeps both versions.
//!
//! Pure: three texts in, one text or the names of the clashing fields out.

use std::collections::{BTreeMap, BTreeSet};

use super::lines::{self, Component};
use super::split::{CalendarObject, object};

/// Bookkeeping properties every write changes; they never make a conflict.
const STAMPS: [&str; 3] = ["DTSTAMP", "LAST-MODIFIED", "SEQUENCE"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Merged {
    /// The merged text (one VCALENDAR).
    Clean(String),
    /// The fields both sides changed differently: `SUMMARY`, `DTSTART`, `VALARM`, or
    /// `occurrence 20261124T090000Z` for a whole overridden occurrence.
    Conflict(Vec<String>),
}

/// A component's fields: property name → its lines (sorted, so order alone is no change),
/// with the nested components as one field `VALARM` (etc.).
type Fields = BTreeMap<String, Vec<String>>;

fn fields(c: &Component) -> Fields {
    let mut out: Fields = BTreeMap::new();
    for l in &c.props {
        if let Some(p) = lines::parse(l) {
            let name = p.name.to_ascii_uppercase();
            if !STAMPS.contains(&name.as_str()) {
                out.entry(name).or_default().push(l.clone());
            }
        }
    }
    for n in &c.nested {
        let kind = n
            .first()
            .and_then(|b| b.strip_prefix("BEGIN:"))
            .unwrap_or("NESTED")
            .to_ascii_uppercase();
        out.entry(kind).or_default().push(n.join("\r\n"));
    }
    for v in out.values_mut() {
        v.sort();
    }
    out
}

/// Components of one object keyed by RECURRENCE-ID ("" for the master).
fn components(text: &str) -> Option<(CalendarObject, BTreeMap<String, Component>)> {
    let object = object(text)?;
    let mut map = BTreeMap::new();
    for c in object.components.iter().filter_map(|c| Component::parse(c)) {
        let key = c
            .get("RECURRENCE-ID")
            .map(|l| l.value.to_string())
            .unwrap_or_default();
        map.insert(key, c);
    }
    Some((object, map))
}

fn sequence(c: Option<&Component>) -> i64 {
    c.and_then(|c| c.get("SEQUENCE"))
        .and_then(|l| l.value.trim().parse().ok())
        .unwrap_or(0)
}

/// Merges `local` and `remote`, both descended from `base`.
pub fn merge(base: &str, local: &str, remote: &str) -> Merged {
    let (Some((_, b)), Some((lo, l)), Some((ro, r))) =
        (components(base), components(local), components(remote))
    else {
        return Merged::Conflict(vec!["unreadable".into()]);
    };
    let keys: BTreeSet<&String> = b.keys().chain(l.keys()).chain(r.keys()).collect();
    let mut conflicts = Vec::new();
    let mut out = Vec::new();
    for key in keys {
        let (bc, lc, rc) = (b.get(key), l.get(key), r.get(key));
        let (bf, lf, rf) = (bc.map(fields), lc.map(fields), rc.map(fields));
        let chosen = if lf == rf || lf == bf {
            rc.cloned()
        } else if rf == bf {
            lc.cloned()
        } else {
            match (bc, lc, rc) {
                (Some(bc), Some(lc), Some(rc)) => match merge_component(bc, lc, rc) {
                    Ok(c) => Some(c),
                    Err(names) => {
                        conflicts.extend(names.into_iter().map(|n| match key.as_str() {
                            "" => n,
                            k => format!("{n} of occurrence {k}"),
                        }));
                        None
                    }
                },
                // Added on both sides differently, or changed on one and removed on the other.
                _ => {
                    conflicts.push(match key.as_str() {
                        "" => "the whole item".to_string(),
                        k => format!("occurrence {k}"),
                    });
                    None
                }
            }
        };
        if let Some(mut c) = chosen {
            // Whoever reads it next must see a newer revision than either side's.
            let seq = sequence(lc).max(sequence(rc));
            if seq > 0 {
                c.set("SEQUENCE", Some(format!("SEQUENCE:{seq}")));
            }
            out.push(c);
        }
    }
    if !conflicts.is_empty() {
        return Merged::Conflict(conflicts);
    }
    let mut timezones = lo.timezones.clone();
    for tz in ro.timezones {
        if !timezones.contains(&tz) {
            timezones.push(tz);
        }
    }
    // The master first, as most readers expect.
    out.sort_by_key(|c| c.get("RECURRENCE-ID").is_some());
    Merged::Clean(
        CalendarObject {
            uid: lo.uid,
            kind: lo.kind,
            components: out.iter().map(Component::to_text).collect(),
            timezones,
            line: 0,
        }
        .to_calendar(),
    )
}

/// Field-by-field within one component changed on both sides.
fn merge_component(b: &Component, l: &Component, r: &Component) -> Result<Component, Vec<String>> {
    let (bf, lf, rf) = (fields(b), fields(l), fields(r));
    let names: BTreeSet<&String> = bf.keys().chain(lf.keys()).chain(rf.keys()).collect();
    let mut take: BTreeMap<String, Option<&Vec<String>>> = BTreeMap::new();
    let mut clashes = Vec::new();
    for name in names {
        let (bv, lv, rv) = (bf.get(name), lf.get(name), rf.get(name));
        let v = if lv == rv || lv == bv {
            rv
        } else if rv == bv {
            lv
        } else {
            clashes.push(name.clone());
            continue;
        };
        take.insert(name.clone(), v);
    }
    if !clashes.is_empty() {
        return Err(clashes);
    }
    // Rebuilt in the local order, fields new from the remote side after it.
    let mut c = Component::new(&l.kind);
    let mut done = BTreeSet::new();
    let order = l
        .props
        .iter()
        .chain(&r.props)
        .filter_map(|p| lines::parse(p).map(|p| p.name.to_ascii_uppercase()))
        .chain(take.keys().cloned());
    for name in order {
        if !done.insert(name.clone()) {
            continue;
        }
        if STAMPS.contains(&name.as_str()) {
            if let Some(line) = l
                .props
                .iter()
                .find(|p| lines::parse(p).is_some_and(|x| x.name.eq_ignore_ascii_case(&name)))
            {
                c.props.push(line.clone());
            }
            continue;
        }
        let Some(Some(values)) = take.get(&name) else {
            continue;
        };
        if name.starts_with('V') && values.iter().all(|v| v.starts_with("BEGIN:")) {
            c.nested.extend(
                values
                    .iter()
                    .map(|v| v.split("\r\n").map(str::to_string).collect()),
            );
        } else {
            c.props.extend(values.iter().cloned());
        }
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cal(body: &str) -> String {
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n{}END:VCALENDAR\r\n",
            body.replace('\n', "\r\n")
        )
    }

    fn event(summary: &str, location: &str, start: &str, stamp: &str) -> String {
        cal(&format!(
            "BEGIN:VEVENT\nUID:u1\nDTSTAMP:{stamp}\nSUMMARY:{summary}\nLOCATION:{location}\nDTSTART:{start}\nX-CUSTOM:kept\nEND:VEVENT\n"
        ))
    }

    fn text_of(m: Merged) -> String {
        match m {
            Merged::Clean(t) => t,
            Merged::Conflict(f) => panic!("conflict in {f:?}"),
        }
    }

    #[test]
    fn changes_to_different_fields_merge() {
        let base = event("Lunch", "Café", "20261124T120000Z", "20261101T000000Z");
        let local = event(
            "Lunch with Ann",
            "Café",
            "20261124T120000Z",
            "20261102T000000Z",
        );
        let remote = event("Lunch", "Diner", "20261124T123000Z", "20261103T000000Z");
        let m = text_of(merge(&base, &local, &remote));
        assert!(m.contains("SUMMARY:Lunch with Ann"), "{m}");
        assert!(m.contains("LOCATION:Diner"));
        assert!(m.contains("DTSTART:20261124T123000Z"));
        assert!(m.contains("X-CUSTOM:kept"), "unknown properties survive");
    }

    #[test]
    fn the_same_field_changed_differently_is_a_conflict() {
        let base = event("Lunch", "Café", "20261124T120000Z", "1");
        let local = event("Lunch A", "Café", "20261124T120000Z", "2");
        let remote = event("Lunch B", "Bar", "20261124T120000Z", "3");
        assert_eq!(
            merge(&base, &local, &remote),
            Merged::Conflict(vec!["SUMMARY".into()])
        );
        // The same change on both sides is no conflict; stamps never are.
        let remote = event("Lunch A", "Café", "20261124T120000Z", "4");
        assert!(matches!(merge(&base, &local, &remote), Merged::Clean(_)));
    }

    #[test]
    fn an_override_added_on_one_side_and_an_edit_on_the_other_merge() {
        let master = |summary: &str| {
            format!(
                "BEGIN:VEVENT\nUID:u1\nSUMMARY:{summary}\nDTSTART:20261123T090000Z\nRRULE:FREQ=DAILY\nEND:VEVENT\n"
            )
        };
        let over = "BEGIN:VEVENT\nUID:u1\nRECURRENCE-ID:20261125T090000Z\nSUMMARY:Moved\nDTSTART:20261125T100000Z\nEND:VEVENT\n";
        let base = cal(&master("Standup"));
        let local = cal(&master("Daily standup"));
        let remote = cal(&format!("{}{over}", master("Standup")));
        let m = text_of(merge(&base, &local, &remote));
        assert!(m.contains("SUMMARY:Daily standup"));
        assert!(m.contains("RECURRENCE-ID:20261125T090000Z"));
        assert!(m.find("RRULE").expect("master") < m.find("RECURRENCE-ID").expect("override"));
    }

    #[test]
    fn alarms_are_one_field() {
        let with = |alarm: &str| {
            cal(&format!(
                "BEGIN:VEVENT\nUID:u1\nSUMMARY:S\nDTSTART:20261123T090000Z\n{alarm}END:VEVENT\n"
            ))
        };
        let a10 = "BEGIN:VALARM\nACTION:DISPLAY\nTRIGGER:-PT10M\nEND:VALARM\n";
        let a30 = "BEGIN:VALARM\nACTION:DISPLAY\nTRIGGER:-PT30M\nEND:VALARM\n";
        let base = with(a10);
        let local = with(a30).replace("SUMMARY:S", "SUMMARY:Local");
        let m = text_of(merge(&base, &local, &with(a10)));
        assert!(m.contains("TRIGGER:-PT30M") && m.contains("SUMMARY:Local"));
        assert_eq!(
            merge(&base, &with(a30), &with("")),
            Merged::Conflict(vec!["VALARM".into()])
        );
    }

    #[test]
    fn a_merged_time_change_goes_up_above_the_servers_sequence() {
        let with = |summary: &str, start: &str, seq: u32| {
            cal(&format!(
                "BEGIN:VEVENT\nUID:u1\nSEQUENCE:{seq}\nSUMMARY:{summary}\nDTSTART:{start}\nEND:VEVENT\n"
            ))
        };
        let base = with("Lunch", "20261124T120000Z", 2);
        let local = with("Lunch", "20261124T130000Z", 2);
        let remote = with("Lunch with Ann", "20261124T120000Z", 3);
        let m = text_of(merge(&base, &local, &remote));
        assert!(m.contains("SEQUENCE:3\r\n") && m.contains("DTSTART:20261124T130000Z"));
        // The merge goes up over the server's version: its new time is a new revision.
        let sent = super::super::outgoing::prepare(&m, Some(&remote)).expect("raised");
        assert!(sent.contains("SEQUENCE:4\r\n"), "{sent}");
        assert!(sent.contains("SUMMARY:Lunch with Ann"), "{sent}");
    }
}
