//! Key → frame latency of the TUI on a real database: `update`, the store work its effects ask
//! for (`tempo::tui::Headless`, the app's own effect runner) and a full draw into a 200×60
//! buffer, as the loop does for every key; and start-up to the first full frame in-process.
//! Run by `benches/tui.sh`, or directly: `cargo bench --bench tui -- PATH/TO/tempo.sqlite`.
//! The edits (`d` then an untimed `u`, `s`, `p`) change the database.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::{SubsecRound, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tempo::app::keymap::Keymap;
use tempo::app::{Settings, State, update};
use tempo::config::Config;
use tempo::msg::{Msg, UiState};
use tempo::store::Store;
use tempo::tui::Headless;
use tempo::ui::{render, theme::Theme};

fn main() {
    let Some(db) = std::env::args().skip(1).find(|a| !a.starts_with("--")) else {
        eprintln!("usage: cargo bench --bench tui -- PATH/TO/tempo.sqlite");
        std::process::exit(2);
    };
    let db = std::path::Path::new(&db);
    let store = Store::open(db).expect("open the database");
    let t0 = Instant::now();
    let tasks = store.load_all().expect("load");
    let load = t0.elapsed();
    let n = tasks.len();
    drop(store);
    let config = Config::default();
    let settings =
        || Settings::from_config(&config, Keymap::new(&BTreeMap::new()).expect("keymap"));
    let now = "2026-11-16T12:00:00Z"
        .parse()
        .unwrap_or_else(|_| Utc::now().trunc_subsecs(0));
    let fresh = || {
        State::new(
            settings(),
            &UiState::default(),
            now,
            chrono_tz::UTC,
            (200, 60),
        )
    };
    let mut state = fresh();
    let t1 = Instant::now();
    update(&mut state, Msg::Tasks(tasks));
    let sort = t1.elapsed();
    let theme = Theme::ansi16();
    let mut starts = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let mut app = Headless::open(db, &config, chrono_tz::UTC).expect("open");
        let mut state = fresh();
        let first = app.start(now);
        app.settle(&mut state, first, now);
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
        terminal.draw(|f| render(f, &state, &theme)).expect("draw");
        starts.push(t.elapsed());
    }
    let mut app = Headless::open(db, &config, chrono_tz::UTC).expect("open");
    let first = app.start(now);
    app.settle(&mut state, first, now);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    let mut frame = |state: &State| {
        terminal
            .draw(|f| render(f, state, &theme))
            .map(|_| ())
            .expect("draw")
    };
    frame(&state);

    let key = |c: KeyCode| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let mut nav = Vec::new();
    for i in 0..2000 {
        let k = match i % 50 {
            0..25 => key(KeyCode::Char('j')),
            25..30 => key(KeyCode::PageDown),
            30..35 => key(KeyCode::PageUp),
            _ => key(KeyCode::Char('k')),
        };
        let t = Instant::now();
        update(&mut state, k);
        frame(&state);
        nav.push(t.elapsed());
    }

    let filter = "project:work.api +next due.before:2026-12-01";
    let mut typing = Vec::new();
    update(&mut state, key(KeyCode::Char('/')));
    for _ in 0..5 {
        for c in filter.chars() {
            let t = Instant::now();
            update(&mut state, key(KeyCode::Char(c)));
            frame(&state);
            typing.push(t.elapsed());
        }
        for _ in filter.chars() {
            let t = Instant::now();
            update(&mut state, key(KeyCode::Backspace));
            frame(&state);
            typing.push(t.elapsed());
        }
    }
    let mut fuzzy = Vec::new();
    let mut edits: Vec<(char, Vec<Duration>)> = vec![('d', vec![]), ('s', vec![]), ('p', vec![])];
    update(&mut state, key(KeyCode::Tab));
    for _ in 0..5 {
        for c in "deploy roadmap".chars() {
            let t = Instant::now();
            update(&mut state, key(KeyCode::Char(c)));
            frame(&state);
            fuzzy.push(t.elapsed());
        }
        for _ in "deploy roadmap".chars() {
            update(&mut state, key(KeyCode::Backspace));
        }
    }
    // Back to the whole list, then edits spread over its first screens.
    update(&mut state, key(KeyCode::Esc));
    update(&mut state, key(KeyCode::Esc));
    for round in 0..EDITS {
        for (c, samples) in &mut edits {
            update(&mut state, key(KeyCode::Char('g')));
            for _ in 0..(round * 7) % 90 {
                update(&mut state, key(KeyCode::Char('j')));
            }
            let t = Instant::now();
            app.settle(&mut state, [key(KeyCode::Char(*c))].into(), now);
            frame(&state);
            samples.push(t.elapsed());
            if *c == 'd' {
                app.settle(&mut state, [key(KeyCode::Char('u'))].into(), now);
            }
        }
    }

    println!(
        "tasks loaded: {n} (load {} ms, urgency+sort+filter {} ms)",
        ms(load),
        ms(sort)
    );
    report("navigation key → frame (j/k/PgDn/PgUp)", &mut nav);
    report("filter character → frame (filter language)", &mut typing);
    report("filter character → frame (fuzzy)", &mut fuzzy);
    for (c, samples) in &mut edits {
        report(
            &format!("edit `{c}` → next frame (store write included)"),
            samples,
        );
    }
    report(
        "in-process start → first full frame (open, load, sort, draw)",
        &mut starts,
    );
}

/// Edits measured per key.
const EDITS: usize = 60;

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn report(name: &str, samples: &mut [Duration]) {
    samples.sort();
    let pick = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    println!(
        "{name}: n={} p50 {} ms, p99 {} ms, max {} ms",
        samples.len(),
        ms(pick(0.5)),
        ms(pick(0.99)),
        ms(pick(1.0))
    );
}
