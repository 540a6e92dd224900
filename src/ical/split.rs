//! Splits an iCalendar text into its objects, one per UID, keeping each component's text as it
//! was (folded lines, unknown properties and all), so storing and exporting it loses nothing.

use std::collections::BTreeMap;

use super::lines;

/// The components sharing one UID (a series and its overridden occurrences) and the time
/// zones they name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarObject {
    pub uid: String,
    /// "VEVENT" or "VTODO".
    pub kind: String,
    /// The components, each from BEGIN to END with CRLF line ends.
    pub components: Vec<String>,
    /// The VTIMEZONE blocks of the file that these components' TZIDs name, after the file's
    /// `X-WR-TIMEZONE` line if it has one (the zone of its floating times, which the object
    /// must keep to mean the same times on its own).
    pub timezones: Vec<String>,
    /// The line (from 1) where the first component starts, for messages.
    pub line: usize,
}

impl CalendarObject {
    /// A standalone VCALENDAR holding just this object.
    pub fn to_calendar(&self) -> String {
        let mut out = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tempo//EN\r\n");
        for block in self.timezones.iter().chain(&self.components) {
            out.push_str(block);
        }
        out.push_str("END:VCALENDAR\r\n");
        out
    }
}

impl CalendarObject {
    /// The first component parsed: the master of a series, or the only one.
    pub fn master(&self) -> Option<lines::Component> {
        self.components
            .first()
            .and_then(|c| lines::Component::parse(c))
    }
}

/// The object of a text that holds one (as each stored or synced item does).
pub fn object(text: &str) -> Option<CalendarObject> {
    split(text).objects.into_iter().next()
}

/// What `split` found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Split {
    pub objects: Vec<CalendarObject>,
    /// Malformed components, each with the line it starts on and why it was skipped.
    pub problems: Vec<String>,
}

/// Top-level VEVENT/VTODO components grouped by UID, in file order.
pub fn split(text: &str) -> Split {
    let mut out = Split::default();
    let mut timezones: BTreeMap<String, String> = BTreeMap::new();
    let mut by_uid: BTreeMap<String, usize> = BTreeMap::new();
    let mut calendar_zone: Option<String> = None;
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_end_matches('\r');
        let upper = line.to_ascii_uppercase();
        if upper.starts_with("X-WR-TIMEZONE") {
            calendar_zone =
                lines::parse(line).map(|p| format!("X-WR-TIMEZONE:{}\r\n", p.value.trim()));
        }
        let kind = match upper.as_str() {
            "BEGIN:VEVENT" => "VEVENT",
            "BEGIN:VTODO" => "VTODO",
            "BEGIN:VTIMEZONE" => "VTIMEZONE",
            _ => {
                i += 1;
                continue;
            }
        };
        let start_line = i + 1;
        let Some(end) = find_end(&lines, i, kind) else {
            out.problems.push(format!(
                "line {start_line}: {kind} has no END:{kind}; skipped"
            ));
            i += 1;
            continue;
        };
        let block: String = lines[i..=end]
            .iter()
            .map(|l| format!("{}\r\n", l.trim_end_matches('\r')))
            .collect();
        i = end + 1;
        if kind == "VTIMEZONE" {
            // Keyed as a TZID parameter names it: the property escapes a comma
            // (`Pacific Time (US & Canada)\, Tijuana`) where the parameter quotes it.
            if let Some(tzid) = property(&block, "TZID") {
                timezones.insert(lines::unescape(&tzid), block);
            }
            continue;
        }
        let (uid, block) = match property(&block, "UID") {
            Some(uid) => (uid, block),
            None => {
                // RFC 5545 requires a UID, yet some exporters (Outlook's MIMEDIR) leave it
                // out. One derived from the content keeps re-imports idempotent.
                let uid = derived_uid(&block);
                let at = block.find("\r\n").map_or(0, |i| i + 2);
                let mut with = block.clone();
                with.insert_str(at, &format!("UID:{uid}\r\n"));
                (uid, with)
            }
        };
        if property(&block, "DTSTART").is_none() && kind == "VEVENT" {
            out.problems.push(format!(
                "line {start_line}: event {uid} has no DTSTART; skipped"
            ));
            continue;
        }
        match by_uid.get(&uid) {
            Some(&n) => out.objects[n].components.push(block),
            None => {
                by_uid.insert(uid.clone(), out.objects.len());
                out.objects.push(CalendarObject {
                    uid,
                    kind: kind.into(),
                    components: vec![block],
                    timezones: Vec::new(),
                    line: start_line,
                });
            }
        }
    }
    for object in &mut out.objects {
        let mut names: Vec<String> = object.components.iter().flat_map(|c| tzids(c)).collect();
        names.sort();
        names.dedup();
        object.timezones = calendar_zone
            .iter()
            .cloned()
            .chain(names.iter().filter_map(|n| timezones.get(n).cloned()))
            .collect();
    }
    out
}

/// A stable UID for a component that has none: a hash of its text (FNV-1a, so it never
/// changes between versions the way std's hasher may).
fn derived_uid(block: &str) -> String {
    let h = crate::fnv::fnv1a(block.as_bytes());
    format!("tempo-derived-{h:016x}")
}

/// The index of the `END:kind` closing the component opened at `begin` (nesting counted).
fn find_end(lines: &[&str], begin: usize, kind: &str) -> Option<usize> {
    let (open, close) = (format!("BEGIN:{kind}"), format!("END:{kind}"));
    let mut depth = 0;
    for (j, l) in lines.iter().enumerate().skip(begin) {
        let l = l.trim_end_matches('\r').to_ascii_uppercase();
        if l == open {
            depth += 1;
        } else if l == close {
            depth -= 1;
            if depth == 0 {
                return Some(j);
            }
        } else if j > begin
            && depth == 1
            && (l == "BEGIN:VEVENT" || l == "BEGIN:VTODO" || l == "END:VCALENDAR")
        {
            // The next component started before this one ended.
            return None;
        }
    }
    None
}

/// The unfolded value of the first `name` property of a component. The split is at the first
/// colon, quotes or not: a malformed `DTSTART;TZID="Zone:2020…"` still counts as a DTSTART
/// here, and the parser later says what is wrong with it.
fn property(block: &str, name: &str) -> Option<String> {
    lines::unfold(block).iter().find_map(|l| {
        let (head, value) = l.split_once(':')?;
        let prop = head.split(';').next()?;
        prop.eq_ignore_ascii_case(name)
            .then(|| value.trim().to_string())
    })
}

/// Every TZID parameter used in a component.
fn tzids(block: &str) -> Vec<String> {
    lines::unfold(block)
        .iter()
        .filter_map(|l| {
            let head = l.split_once(':')?.0;
            head.split(';').find_map(|p| {
                let (k, v) = p.split_once('=')?;
                k.eq_ignore_ascii_case("TZID")
                    .then(|| v.trim_matches('"').to_string())
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:A very long summary that is folded over two lines because it is longer th\r\n an seventy-five octets\r\nDTSTART;TZID=Europe/Berlin:20261014T090000\r\nRRULE:FREQ=WEEKLY\r\nX-CUSTOM;X-PARAM=1:kept\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT10M\r\nEND:VALARM\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:a\r\nRECURRENCE-ID;TZID=Europe/Berlin:20261021T090000\r\nDTSTART;TZID=Europe/Berlin:20261022T090000\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:no uid\r\nDTSTART:20261101T100000Z\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:broken\r\nDTSTART:20261101T100000Z\r\nBEGIN:VTODO\r\nUID:t\r\nSUMMARY:Pay rent\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";

    #[test]
    fn groups_by_uid_and_keeps_text() {
        let s = split(FILE);
        let uids: Vec<(&str, &str, usize)> = s
            .objects
            .iter()
            .map(|o| (o.uid.as_str(), o.kind.as_str(), o.components.len()))
            .collect();
        // The event without a UID gets one derived from its text, stable across imports.
        let derived = s.objects[1].uid.clone();
        assert!(derived.starts_with("tempo-derived-"), "{derived}");
        assert_eq!(split(FILE).objects[1].uid, derived);
        assert!(s.objects[1].components[0].contains(&format!("UID:{derived}\r\n")));
        assert_eq!(
            uids,
            vec![
                ("a", "VEVENT", 2),
                (derived.as_str(), "VEVENT", 1),
                ("t", "VTODO", 1)
            ]
        );
        let a = &s.objects[0];
        assert!(a.components[0].contains("X-CUSTOM;X-PARAM=1:kept\r\n"));
        assert!(a.components[0].contains("BEGIN:VALARM"));
        assert!(a.components[0].contains("longer th\r\n an seventy"));
        assert_eq!(a.timezones.len(), 1);
        assert!(s.objects[2].timezones.is_empty());
    }

    #[test]
    fn malformed_components_are_reported_with_their_line() {
        let s = split(FILE);
        assert_eq!(s.problems.len(), 1, "{:?}", s.problems);
        assert!(
            s.problems[0].starts_with("line 32: VEVENT has no END:VEVENT"),
            "{:?}",
            s.problems
        );
    }

    #[test]
    fn an_object_is_a_calendar_of_its_own() {
        let s = split(FILE);
        let cal = s.objects[0].to_calendar();
        assert!(cal.starts_with("BEGIN:VCALENDAR\r\n") && cal.ends_with("END:VCALENDAR\r\n"));
        let again = split(&cal).objects;
        assert_eq!(again.len(), 1);
        assert_eq!(
            (&again[0].uid, &again[0].components, &again[0].timezones),
            (
                &s.objects[0].uid,
                &s.objects[0].components,
                &s.objects[0].timezones
            )
        );
    }
}
