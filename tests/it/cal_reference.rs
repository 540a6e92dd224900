//! Tempo's occurrences agree with an independent expansion: Python's `icalendar` with
//! `recurring_ical_events` (tests/support/ical_occurrences.py; scripts/test installs both,
//! pinned). For each file of the corpus, the start instants of every occurrence in the file's
//! first year (from the Berlin day of its earliest DTSTART, 366 days) must be the same; the
//! files where they are not are listed, each with the reason, in
//! tests/fixtures/ical_differences.txt.
//!
//! The corpus is real-world test data that the project's pinned packages already ship, read
//! where the package managers put it (nothing is copied): tests/fixtures/ical, the calcard
//! crate's `resources/ical` (files it collected from many clients and servers; its
//! SOURCES.txt names them), the test calendars of the Python packages `icalendar` and
//! `recurring_ical_events` (files from their users' bug reports), and those of khal's sdist
//! and of Debian's golang-ical and Horde iCalendar packages, which scripts/test unpacks at
//! pinned versions into `TEMPO_TEST_ICAL_CORPUS`. Files over 200 KB, files
//! without a VEVENT and exact duplicates are left out. tests/fixtures/ical_corpus.md gives
//! each source's version, repository, licence and the figures.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

use crate::common::Env;

const MAX_BYTES: u64 = 200 * 1024;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn script() -> PathBuf {
    manifest_dir().join("tests/support/ical_occurrences.py")
}

/// One corpus file: its name in the differences list ("SOURCE/relative/path") and its path.
struct CorpusFile {
    name: String,
    path: PathBuf,
}

/// The corpus's sources, in the order in which duplicates are resolved (the first name wins).
fn sources() -> Vec<(String, PathBuf)> {
    let mut all = vec![(
        "fixtures".to_string(),
        manifest_dir().join("tests/fixtures/ical"),
    )];
    all.push(("calcard".to_string(), calcard_dir().join("resources/ical")));
    let out = Command::new("python3")
        .arg(script())
        .arg("--package-dirs")
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "the reference is missing (scripts/test installs it): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let (name, dir) = line.split_once('\t').expect("NAME<tab>DIR");
        all.push((name.to_string(), PathBuf::from(dir)));
    }
    assert_eq!(
        all.len(),
        4,
        "both Python packages ship their test calendars"
    );
    let unpacked = std::env::var_os("TEMPO_TEST_ICAL_CORPUS").map_or_else(
        || {
            PathBuf::from(std::env::var_os("HOME").expect("HOME"))
                .join(".cache/tempo-test/ical-corpus")
        },
        PathBuf::from,
    );
    for (name, sub) in UNPACKED {
        let dir = unpacked.join(sub);
        assert!(
            dir.is_dir(),
            "{} is missing (scripts/test unpacks it)",
            dir.display()
        );
        all.push((name.to_string(), dir));
    }
    all
}

/// The packages scripts/test unpacks (pinned) into `TEMPO_TEST_ICAL_CORPUS` for their test
/// calendars: the source's name, and the directory there.
const UNPACKED: [(&str, &str); 3] = [
    ("khal", "khal-0.13.0/tests/ics"),
    (
        "golang-ical",
        "golang-github-arran4-golang-ical-dev_0.0~git20220517.fd89fef-2/usr/share/gocode/src/github.com/arran4/golang-ical/testdata",
    ),
    (
        "horde",
        "php-horde-icalendar_2.1.8-7/usr/share/doc/php-horde-icalendar/examples",
    ),
];

/// The calcard crate's source as Cargo unpacked it, at the version Cargo.lock pins.
fn calcard_dir() -> PathBuf {
    let lock = std::fs::read_to_string(manifest_dir().join("Cargo.lock")).expect("Cargo.lock");
    let version = lock
        .split("[[package]]")
        .find(|p| p.contains("\nname = \"calcard\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = ")))
        .expect("calcard is locked")
        .trim_matches('"');
    let home = std::env::var_os("CARGO_HOME").map_or_else(
        || PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cargo"),
        PathBuf::from,
    );
    let crate_dir = format!("calcard-{version}");
    std::fs::read_dir(home.join("registry/src"))
        .expect("Cargo's registry sources")
        .map(|e| e.expect("entry").path().join(&crate_dir))
        .find(|p| p.is_dir())
        .expect("calcard's source in Cargo's registry")
}

fn ics_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a corpus directory") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            ics_files(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("ics"))
        {
            out.push(path);
        }
    }
}

fn contains_ignoring_case(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// The corpus, and how many files were left out (too big, no VEVENT, duplicate).
fn corpus() -> (Vec<CorpusFile>, [usize; 3]) {
    let mut files = Vec::new();
    let mut seen = HashSet::new();
    let mut left_out = [0; 3];
    for (source, dir) in sources() {
        let mut paths = Vec::new();
        ics_files(&dir, &mut paths);
        paths.sort();
        for path in paths {
            if std::fs::metadata(&path).expect("metadata").len() > MAX_BYTES {
                left_out[0] += 1;
                continue;
            }
            let bytes = std::fs::read(&path).expect("read");
            if !contains_ignoring_case(&bytes, b"BEGIN:VCALENDAR")
                || !contains_ignoring_case(&bytes, b"BEGIN:VEVENT")
            {
                left_out[1] += 1;
                continue;
            }
            if !seen.insert(bytes) {
                left_out[2] += 1;
                continue;
            }
            let rel = path.strip_prefix(&dir).expect("under its source");
            let name = format!("{source}/{}", rel.to_string_lossy());
            files.push(CorpusFile { name, path });
        }
    }
    (files, left_out)
}

/// What the reference says of a file.
enum Reference {
    /// It raised: the file is not counted.
    Unreadable(String),
    /// No VEVENT has a DTSTART it can read, so there is no first year: not counted either.
    Undated,
    /// The first day, and the start instants ("YYYYMMDDTHHMMSSZ"), sorted, duplicates kept.
    Starts(String, Vec<String>),
}

fn parse_reference(v: &serde_json::Value) -> Reference {
    if let Some(e) = v["error"].as_str() {
        return Reference::Unreadable(e.to_string());
    }
    let Some(from) = v["from"].as_str() else {
        return Reference::Undated;
    };
    let mut starts: Vec<String> = v["occurrences"]
        .as_array()
        .expect("occurrences")
        .iter()
        .filter_map(|o| o.as_str()?.rsplit('@').next().map(str::to_string))
        .collect();
    starts.sort();
    Reference::Starts(from.to_string(), starts)
}

type Tempo = Result<Vec<String>, String>;

/// The reference's answer and Tempo's (when the reference dated the file) for every file.
/// One Python process reads the whole corpus; as each answer arrives, a few threads run
/// Tempo on that file (each run is a process of its own), so both sides work at once.
fn run_both(files: &[CorpusFile]) -> Vec<(Reference, Option<Tempo>)> {
    let index: HashMap<&Path, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.path.as_path(), i))
        .collect();
    let mut child = Command::new("python3")
        .arg(script())
        // The reference guesses some unknown zones from sets: a fixed hash seed makes its
        // guess the same in every run (calcard/470.ics changed answers between runs).
        .env("PYTHONHASHSEED", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let answers: Mutex<Vec<Option<Reference>>> = Mutex::new(files.iter().map(|_| None).collect());
    let results: Mutex<Vec<Option<Tempo>>> = Mutex::new(files.iter().map(|_| None).collect());
    let (send, receive) = std::sync::mpsc::channel::<(usize, String)>();
    let receive = Mutex::new(receive);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 8));
    // Creating a database (its migrations, each synced to disk) costs more than an import:
    // it is done once and copied.
    let template = Env::new();
    template.run(&["cal", "calendars"]);
    std::thread::scope(|s| {
        s.spawn(move || {
            for f in files {
                writeln!(stdin, "{}", f.path.display()).expect("write a path");
            }
        });
        s.spawn(|| {
            for line in std::io::BufReader::new(stdout).lines() {
                let v: serde_json::Value =
                    serde_json::from_str(&line.expect("a line")).expect("JSON");
                let i = index[Path::new(v["file"].as_str().expect("file"))];
                let answer = parse_reference(&v);
                if let Reference::Starts(from, _) = &answer {
                    send.send((i, from.clone())).expect("workers listen");
                }
                answers.lock().expect("lock")[i] = Some(answer);
            }
            drop(send);
        });
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let job = receive.lock().expect("lock").recv();
                    let Ok((i, from)) = job else { break };
                    let got = tempo(&files[i].path, &from, &template.db);
                    results.lock().expect("lock")[i] = Some(got);
                }
            });
        }
    });
    assert!(
        child.wait().expect("python3 ends").success(),
        "the reference failed"
    );
    let answers = answers.into_inner().expect("lock");
    let results = results.into_inner().expect("lock");
    answers
        .into_iter()
        .zip(results)
        .map(|(a, t)| (a.expect("one answer per file"), t))
        .collect()
}

/// Tempo's start instants for one file: the real binary imports it into a database of its
/// own (a copy of `template`, made by the same binary), then prints the agenda. An import
/// that fails is an `Err` with its message.
fn tempo(file: &Path, from: &str, template: &Path) -> Result<Vec<String>, String> {
    let env = Env::new();
    std::fs::copy(template, &env.db).expect("copy the empty database");
    let out = env
        .cmd()
        .args(["cal", "import"])
        .arg(file)
        .output()
        .expect("runs");
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    let agenda = env.json(&[
        "cal",
        "agenda",
        "--no-tasks",
        "--from",
        from,
        "--days",
        "366",
    ]);
    let mut starts: Vec<String> = agenda
        .as_array()
        .expect("array")
        .iter()
        .map(|i| {
            chrono::DateTime::parse_from_rfc3339(i["start"].as_str().expect("start"))
                .expect("RFC 3339")
                .with_timezone(&chrono::Utc)
                .format("%Y%m%dT%H%M%SZ")
                .to_string()
        })
        .collect();
    starts.sort();
    Ok(starts)
}

/// The committed list: "NAME REASON" a line; `#` starts a comment.
fn differences() -> HashMap<String, String> {
    let path = manifest_dir().join("tests/fixtures/ical_differences.txt");
    let text = std::fs::read_to_string(path).expect("the differences list");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (name, reason) = l.split_once(' ').expect("NAME REASON");
            assert!(!reason.trim().is_empty(), "{name}: a reason");
            (name.to_string(), reason.trim().to_string())
        })
        .collect()
}

/// The distinct instants of a list.
fn distinct(v: &[String]) -> std::collections::BTreeSet<&String> {
    v.iter().collect()
}

/// What `a` has more of than `b`, at most five.
fn only(a: &[String], b: &[String]) -> Vec<String> {
    let mut rest = b.to_vec();
    let mut out = Vec::new();
    for s in a {
        match rest.iter().position(|r| r == s) {
            Some(i) => {
                rest.remove(i);
            }
            None if out.len() < 5 => out.push(s.clone()),
            None => {}
        }
    }
    out
}

/// The corpus is compared in this many parts (every n-th file), each a test of its own, so
/// that no test runs long (each well under 15 s) and the parts run side by side.
const PARTS: usize = 16;

/// Compares part `part` of the corpus and returns its figures: files, unreadable by the
/// reference, without a dated event, compared, agreeing, agreeing on the set of instants.
fn compare_part(part: usize) -> (usize, usize, usize, usize, usize, usize) {
    let (all, left_out) = corpus();
    let files: Vec<CorpusFile> = all
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % PARTS == part)
        .map(|(_, f)| f)
        .collect();
    let listed: HashMap<String, String> = differences()
        .into_iter()
        .filter(|(name, _)| files.iter().any(|f| &f.name == name))
        .collect();
    let mut unreadable = Vec::new();
    let mut undated = 0;
    let mut jobs = Vec::new();
    for (f, (answer, got)) in files.iter().zip(run_both(&files)) {
        match answer {
            Reference::Unreadable(e) => unreadable.push(format!("{}: {e}", f.name)),
            Reference::Undated => undated += 1,
            Reference::Starts(_, expected) => {
                jobs.push((f, expected, got.expect("Tempo ran on every dated file")));
            }
        }
    }

    let mut same = 0;
    let mut problems = Vec::new();
    for (f, expected, got) in &jobs {
        let is_listed = listed.contains_key(&f.name);
        match got {
            Ok(got) if got == expected => {
                same += 1;
                if is_listed {
                    problems.push(format!("{} agrees now: take it off the list", f.name));
                }
            }
            _ if is_listed => {}
            Ok(got) => problems.push(format!(
                "{}: Tempo {} / reference {}; only Tempo {:?}; only reference {:?}",
                f.name,
                got.len(),
                expected.len(),
                only(got, expected),
                only(expected, got)
            )),
            Err(e) => problems.push(format!(
                "{}: Tempo refused it ({e}); reference {} occurrences",
                f.name,
                expected.len()
            )),
        }
    }
    for name in listed.keys() {
        if !jobs.iter().any(|(f, _, _)| &f.name == name) {
            problems.push(format!("{name} is listed but not a compared corpus file"));
        }
    }
    let compared = jobs.len();
    // Agreement on the instants alone, however often each occurs (duplicates aside).
    let same_sets = jobs
        .iter()
        .filter(|(_, expected, got)| {
            got.as_ref()
                .is_ok_and(|got| distinct(got) == distinct(expected))
        })
        .count();
    eprintln!(
        "corpus part {part}: {} files (of the whole corpus, {} over 200 KB, {} without a \
         VEVENT, {} duplicates left out); the reference cannot read {}, {} have no dated \
         event; {same} of {compared} agree ({:.1}%), {same_sets} on the set of instants; \
         unreadable: {unreadable:#?}",
        files.len(),
        left_out[0],
        left_out[1],
        left_out[2],
        unreadable.len(),
        undated,
        100.0 * same as f64 / compared as f64
    );
    // Per source: the calcard crate's collection is mostly parser edge cases, the others are
    // files from real calendars and their users' bug reports.
    let mut by_source = std::collections::BTreeMap::<&str, (usize, usize)>::new();
    for (f, expected, got) in &jobs {
        let source = f.name.split('/').next().unwrap_or("");
        let tally = by_source.entry(source).or_default();
        tally.0 += 1;
        tally.1 += usize::from(got.as_ref().is_ok_and(|got| got == expected));
    }
    eprintln!("by source (compared, agreeing): {by_source:?}");
    problems.sort();
    assert!(problems.is_empty(), "{problems:#?}");
    (
        files.len(),
        unreadable.len(),
        undated,
        compared,
        same,
        same_sets,
    )
}

/// Each part's figures, as `compare_part` returns them. README.md states their sums.
const FIGURES: [(usize, usize, usize, usize, usize, usize); PARTS] = [
    (49, 2, 2, 45, 39, 39),
    (49, 3, 1, 45, 40, 40),
    (49, 6, 3, 40, 38, 38),
    (49, 3, 2, 44, 41, 42),
    (49, 4, 1, 44, 41, 41),
    (49, 1, 2, 46, 41, 41),
    (49, 2, 2, 45, 42, 42),
    (49, 2, 4, 43, 40, 41),
    (49, 2, 1, 46, 43, 43),
    (49, 5, 1, 43, 42, 42),
    (49, 2, 2, 45, 42, 42),
    (48, 5, 3, 40, 37, 38),
    (48, 4, 3, 41, 39, 39),
    (48, 4, 3, 41, 39, 39),
    (48, 4, 3, 41, 36, 36),
    (48, 2, 2, 44, 40, 40),
];

macro_rules! parts {
    ($($test:ident $part:literal),* $(,)?) => {$(
        #[test]
        fn $test() {
            assert_eq!(compare_part($part), FIGURES[$part]);
        }
    )*};
}

parts!(
    occurrences_agree_with_the_reference_part_1 0,
    occurrences_agree_with_the_reference_part_2 1,
    occurrences_agree_with_the_reference_part_3 2,
    occurrences_agree_with_the_reference_part_4 3,
    occurrences_agree_with_the_reference_part_5 4,
    occurrences_agree_with_the_reference_part_6 5,
    occurrences_agree_with_the_reference_part_7 6,
    occurrences_agree_with_the_reference_part_8 7,
    occurrences_agree_with_the_reference_part_9 8,
    occurrences_agree_with_the_reference_part_10 9,
    occurrences_agree_with_the_reference_part_11 10,
    occurrences_agree_with_the_reference_part_12 11,
    occurrences_agree_with_the_reference_part_13 12,
    occurrences_agree_with_the_reference_part_14 13,
    occurrences_agree_with_the_reference_part_15 14,
    occurrences_agree_with_the_reference_part_16 15,
);

/// Every file the differences list names is a file of the corpus.
#[test]
fn the_differences_list_names_only_corpus_files() {
    let (files, _) = corpus();
    let stale: Vec<String> = differences()
        .into_keys()
        .filter(|name| !files.iter().any(|f| &f.name == name))
        .collect();
    assert!(stale.is_empty(), "not corpus files: {stale:?}");
}
