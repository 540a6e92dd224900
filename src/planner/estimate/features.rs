//! A task as a short sparse vector: a bias, the person's own estimate (log scale), the notes'
//! length, and hashed indicators for the project, tags, priority, title words and custom fields.
//! Hashing keeps the model a fixed size whatever the vocabulary, so training is a small dense
//! solve; a collision only makes two rare features share a weight.

use super::TaskInfo;

/// Length of a feature vector.
pub(super) const DIM: usize = 256;
pub(super) const BIAS: usize = 0;
pub(super) const HAS_ESTIMATE: usize = 1;
pub(super) const LOG_ESTIMATE: usize = 2;
pub(super) const NOTES: usize = 3;
const HASHED_FROM: usize = 4;

/// Title words shorter than this, or in this list, say nothing about the work.
const MIN_WORD: usize = 3;
const STOP_WORDS: &[&str] = &[
    "the", "and", "for", "with", "from", "into", "our", "new", "this", "that", "about",
];
/// At most this many title words count, so a long title does not outweigh the project.
const MAX_WORDS: usize = 8;
/// A title word's value: below 1, its weight pays a larger penalty, so when a word and a tag
/// or project explain the same thing ("fix" and +bug) the tag, which reads better, gets it.
const WORD_VALUE: f64 = 0.5;

/// One non-zero entry: index and value.
pub(super) type Entry = (usize, f64);

/// A feature vector and, for the hashed entries, the names a person reads in an explanation.
#[derive(Debug, Clone, Default)]
pub(super) struct Features {
    pub(super) entries: Vec<Entry>,
    pub(super) names: Vec<(usize, String)>,
}

impl Features {
    fn hashed(&mut self, key: &str, name: String, value: f64) {
        let i = HASHED_FROM + (fnv1a(key) % (DIM - HASHED_FROM) as u64) as usize;
        if let Some(e) = self.entries.iter_mut().find(|e| e.0 == i) {
            e.1 += value;
        } else {
            self.entries.push((i, value));
            self.names.push((i, name));
        }
    }
}

/// The person's estimate, centred on an hour so that its weight reads as "×N per doubling".
pub(super) fn log_estimate(minutes: f64) -> f64 {
    (minutes.max(1.0) / 60.0).ln()
}

pub(super) fn features(t: &TaskInfo) -> Features {
    let mut f = Features::default();
    f.entries.push((BIAS, 1.0));
    let estimated = t.estimate_minutes.filter(|m| *m > 0.0);
    if let Some(m) = estimated {
        f.entries.push((HAS_ESTIMATE, 1.0));
        f.entries.push((LOG_ESTIMATE, log_estimate(m)));
    }
    if t.notes_len > 0 {
        f.entries
            .push((NOTES, (1.0 + t.notes_len as f64 / 200.0).ln()));
    }
    if let Some(p) = &t.project {
        f.hashed(&format!("p:{p}"), format!("project {p}"), 1.0);
    }
    for tag in &t.tags {
        // With an estimate, a tag's weight says how far the person's estimates for it are off;
        // without one, how long such tasks take.
        if estimated.is_some() {
            f.hashed(
                &format!("te:{tag}"),
                format!("your estimates on +{tag}"),
                1.0,
            );
        } else {
            f.hashed(&format!("t:{tag}"), format!("+{tag}"), 1.0);
        }
    }
    if let Some(p) = &t.priority {
        f.hashed(&format!("pri:{p}"), format!("pri:{p}"), 1.0);
    }
    for w in title_words(&t.title).into_iter().take(MAX_WORDS) {
        f.hashed(&format!("w:{w}"), format!("“{w}” in the title"), WORD_VALUE);
    }
    for (k, v) in &t.fields {
        f.hashed(&format!("f:{k}={v}"), format!("{k}:{v}"), 1.0);
    }
    f
}

/// Lowercased title words worth a feature, each once, in order.
pub(super) fn title_words(title: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for w in title.split(|c: char| !c.is_alphanumeric()) {
        let w = w.to_lowercase();
        if w.chars().count() >= MIN_WORD
            && !STOP_WORDS.contains(&w.as_str())
            && !w.chars().all(|c| c.is_ascii_digit())
            && !words.contains(&w)
        {
            words.push(w);
        }
    }
    words
}

/// Stable across runs and platforms, unlike the standard library's hasher.
fn fnv1a(s: &str) -> u64 {
    crate::fnv::fnv1a(s.as_bytes())
}
