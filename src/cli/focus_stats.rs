//! `tempo focus stats` as text: the summary lines, then small bar charts (minutes per day and
//! per hour of the day) and tables (per project, per task, estimate vs actual), all within 80
//! columns. `--json` prints the same figures as data.

use std::fmt::Write as _;

use crate::model::focus_stats::FocusStats;
use crate::text::fit;

/// The widest bar, in cells.
const BAR: f64 = 40.0;

pub(super) fn render(s: &FocusStats) -> String {
    let mut out = String::new();
    summary(&mut out, s);
    per_day(&mut out, s);
    per_hour(&mut out, s);
    if !s.per_project.is_empty() {
        out.push_str("\n  per project              min\n");
        for p in &s.per_project {
            let _ = writeln!(out, "  {} {:>5.0}", fit(&p.name, 22), p.minutes);
        }
    }
    if !s.per_task.is_empty() {
        out.push_str("\n  per task                                      sessions    min\n");
        for t in &s.per_task {
            let _ = writeln!(
                out,
                "  {:>5} {} {:>8} {:>6.0}",
                t.id,
                fit(&t.title, 38),
                t.sessions,
                t.minutes
            );
        }
    }
    if !s.estimates.is_empty() {
        out.push_str(
            "\n  estimate vs actual                          est. min  spent min  ratio\n",
        );
        for e in &s.estimates {
            let _ = writeln!(
                out,
                "  {:>5} {} {:>8} {:>10.0} {:>5.0}%",
                e.id,
                fit(&e.title, 36),
                e.estimate_minutes,
                e.actual_minutes,
                e.ratio * 100.0
            );
        }
    }
    out
}

fn summary(out: &mut String, s: &FocusStats) {
    let days = |n: u32| {
        if n == 1 {
            "1 day".to_string()
        } else {
            format!("{n} days")
        }
    };
    let _ = writeln!(out, "Focus, last {} days ({} – {})", s.days, s.from, s.to);
    let _ = writeln!(
        out,
        "  sessions {} · completed {} · interrupted {} · abandoned {} · completion {:.0}%",
        s.total_sessions,
        s.completed,
        s.interrupted,
        s.abandoned,
        s.completion_rate * 100.0
    );
    let _ = writeln!(
        out,
        "  focus {:.0} min · average {:.1} min · score {:.1}/10",
        s.total_focus_minutes, s.average_focus_minutes, s.average_score,
    );
    let _ = writeln!(
        out,
        "  interruptions {} internal, {} external · streak {} (longest {})",
        s.interruptions.internal,
        s.interruptions.external,
        days(s.current_streak_days),
        days(s.longest_streak_days)
    );
}

fn bar(minutes: f64, max: f64) -> String {
    "█".repeat(((minutes / max.max(1.0)) * BAR).round() as usize)
}

fn per_day(out: &mut String, s: &FocusStats) {
    let max = s.per_day.iter().map(|d| d.minutes).fold(0.0, f64::max);
    out.push_str("\n  per day          min\n");
    for d in &s.per_day {
        let _ = writeln!(
            out,
            "  {}    {:>5.0} {}",
            d.date.format("%a %m-%d"),
            d.minutes,
            bar(d.minutes, max)
        );
    }
}

/// Only the span of hours that saw focus (the night is usually empty), so the chart stays short.
fn per_hour(out: &mut String, s: &FocusStats) {
    let used: Vec<usize> = (0..s.per_hour.len())
        .filter(|&h| s.per_hour[h] > 0.0)
        .collect();
    let (Some(&first), Some(&last)) = (used.first(), used.last()) else {
        return;
    };
    let max = s.per_hour.iter().copied().fold(0.0, f64::max);
    out.push_str("\n  per hour of the day   min\n");
    for h in first..=last {
        let m = s.per_hour[h];
        let _ = writeln!(
            out,
            "  {h:02}:00–{:02}:00   {m:>5.0} {}",
            (h + 1) % 24,
            bar(m, max)
        );
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use uuid::Uuid;

    use super::*;
    use crate::model::focus_stats::{
        DayMinutes, EstimateVsActual, Interruptions, NamedMinutes, TaskMinutes,
    };

    fn stats() -> FocusStats {
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).expect("day");
        let mut per_hour = vec![0.0; 24];
        per_hour[9] = 50.0;
        per_hour[10] = 25.0;
        per_hour[14] = 10.0;
        FocusStats {
            days: 2,
            from: day(21),
            to: day(22),
            total_sessions: 4,
            completed: 3,
            interrupted: 1,
            abandoned: 0,
            completion_rate: 0.75,
            total_focus_minutes: 85.0,
            average_focus_minutes: 21.25,
            average_score: 8.4,
            interruptions: Interruptions {
                internal: 2,
                external: 1,
            },
            current_streak_days: 2,
            longest_streak_days: 5,
            per_day: vec![
                DayMinutes {
                    date: day(21),
                    minutes: 35.0,
                },
                DayMinutes {
                    date: day(22),
                    minutes: 50.0,
                },
            ],
            per_hour,
            per_project: vec![NamedMinutes {
                name: "work.api".into(),
                minutes: 85.0,
            }],
            per_task: vec![TaskMinutes {
                task: Uuid::nil(),
                id: 12,
                title: "A title far too long to fit in the column it is given here".into(),
                sessions: 3,
                minutes: 75.0,
            }],
            estimates: vec![EstimateVsActual {
                task: Uuid::nil(),
                id: 12,
                title: "Write report".into(),
                estimate_minutes: 60,
                actual_minutes: 75.0,
                ratio: 1.25,
            }],
        }
    }

    #[test]
    fn every_figure_the_readme_lists_is_shown_within_80_columns() {
        let text = render(&stats());
        for want in [
            "completion 75%",
            "interruptions 2 internal, 1 external",
            "streak 2 days (longest 5 days)",
            "Sun 11-22       50 ████████████████████████████████████████",
            "09:00–10:00      50 ████████████████████████████████████████",
            "10:00–11:00      25 ████████████████████",
            "13:00–14:00       0 \n",
            "work.api                  85",
            "A title far too long to fit in the co…        3     75",
            "Write report                               60         75   125%",
        ] {
            assert!(text.contains(want), "missing {want:?} in\n{text}");
        }
        assert!(
            !text.contains("08:00"),
            "hours before the first focus are left out"
        );
        let widest = text
            .lines()
            .map(unicode_width::UnicodeWidthStr::width)
            .max();
        assert!(widest <= Some(80), "{text}");
    }

    #[test]
    fn wide_titles_keep_the_columns_aligned() {
        let mut s = stats();
        let row = s.per_task[0].clone();
        s.per_task = ["日本語のメモを書く", "🎉 Plan the party", "Plain title"]
            .iter()
            .map(|t| TaskMinutes {
                title: (*t).into(),
                ..row.clone()
            })
            .collect();
        let text = render(&s);
        let columns: Vec<usize> = text
            .lines()
            .filter(|l| l.ends_with("     75"))
            .map(crate::text::width)
            .collect();
        assert_eq!(columns.len(), 3, "{text}");
        assert!(columns.iter().all(|w| *w == columns[0]), "{text}");
    }
}
