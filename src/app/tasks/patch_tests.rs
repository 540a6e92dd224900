//! A patched list equals a full load: random tasks, random edits, every sort, grouping and
//! filter, the selection too.

use chrono::Duration;
use chrono_tz::Europe::Berlin;
use proptest::prelude::*;

use super::*;
use crate::model::urgency::Links;
use crate::model::{Priority, Task};
use crate::msg::TaskPatch;

fn now() -> DateTime<Utc> {
    "2026-11-22T09:30:00Z".parse().expect("valid")
}

#[derive(Debug, Clone)]
enum Edit {
    Priority(usize, Option<Priority>),
    Done(usize),
    Start(usize),
    Delete(usize),
    Add(String, Option<String>),
    Depend(usize, usize),
    Undepend(usize),
    Project(usize, Option<String>),
    Title(usize, String),
    Due(usize, Option<i64>),
}

fn arb_priority() -> impl Strategy<Value = Option<Priority>> {
    prop_oneof![
        Just(None),
        Just(Some(Priority::H)),
        Just(Some(Priority::M)),
        Just(Some(Priority::L))
    ]
}

fn arb_project() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some("work".to_string())),
        Just(Some("work.api".to_string())),
        Just(Some("home".to_string())),
        Just(Some("zeta".to_string())),
    ]
}

fn arb_title() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Write report".to_string()),
        Just("buy milk".to_string()),
        Just("Deploy api".to_string()),
        Just("call Ann".to_string()),
        Just("Zebra".to_string()),
    ]
}

fn arb_edit() -> impl Strategy<Value = Edit> {
    let i = 0..1000usize;
    prop_oneof![
        (i.clone(), arb_priority()).prop_map(|(i, p)| Edit::Priority(i, p)),
        i.clone().prop_map(Edit::Done),
        i.clone().prop_map(Edit::Start),
        i.clone().prop_map(Edit::Delete),
        (arb_title(), arb_project()).prop_map(|(t, p)| Edit::Add(t, p)),
        (i.clone(), i.clone()).prop_map(|(a, b)| Edit::Depend(a, b)),
        i.clone().prop_map(Edit::Undepend),
        (i.clone(), arb_project()).prop_map(|(i, p)| Edit::Project(i, p)),
        (i.clone(), arb_title()).prop_map(|(i, t)| Edit::Title(i, t)),
        (i, prop::option::of(-48i64..400)).prop_map(|(i, h)| Edit::Due(i, h)),
    ]
}

/// The store's tasks, in id order; `next` is the next id.
struct Truth {
    tasks: Vec<Task>,
    next: i64,
}

impl Truth {
    fn new(n: usize) -> Truth {
        let mut t = Truth {
            tasks: Vec::new(),
            next: 1,
        };
        for k in 0..n {
            let title = ["Write report", "buy milk", "Deploy api", "call Ann"][k % 4];
            let project = [None, Some("work"), Some("home"), Some("work.api")][k % 4 / 2 + k % 2];
            t.add(title, project.map(str::to_string));
        }
        t
    }

    fn add(&mut self, title: &str, project: Option<String>) -> Uuid {
        let id = self.next;
        self.next += 1;
        let mut task = Task::new(title, now() - Duration::days(id % 9));
        task.id = id;
        task.uuid = Uuid::from_u128(0x7e3a_0000_0000_4000_8000_0000_0000_0000 + id as u128);
        task.project = project;
        if id % 3 == 0 {
            task.add_tag("next");
        }
        self.tasks.push(task);
        self.tasks[self.tasks.len() - 1].uuid
    }

    /// Applies an edit; the UUIDs it wrote.
    fn apply(&mut self, edit: &Edit) -> Vec<Uuid> {
        let n = self.tasks.len();
        if n == 0 && !matches!(edit, Edit::Add(..)) {
            return vec![];
        }
        let k = i_of(edit) % n.max(1);
        match edit {
            Edit::Add(title, project) => return vec![self.add(title, project.clone())],
            Edit::Delete(_) => return vec![self.tasks.remove(k).uuid],
            Edit::Depend(_, j) => {
                let dep = self.tasks[j % n].uuid;
                let t = &mut self.tasks[k];
                if t.uuid != dep && !t.depends.contains(&dep) {
                    t.depends.push(dep);
                    t.depends.sort();
                }
            }
            _ => {}
        }
        let t = &mut self.tasks[k];
        match edit {
            Edit::Priority(_, p) => t.priority = *p,
            Edit::Done(_) => t.complete(now()),
            Edit::Start(_) => t.start(now()),
            Edit::Undepend(_) => t.depends.clear(),
            Edit::Project(_, p) => t.project = p.clone(),
            Edit::Title(_, title) => t.title = title.clone(),
            Edit::Due(_, h) => t.due = h.map(|h| now() + Duration::hours(h)),
            Edit::Add(..) | Edit::Delete(_) | Edit::Depend(..) => {}
        }
        vec![self.tasks[k].uuid]
    }

    /// What the store's full load gives.
    fn load(&self) -> Vec<ListedTask> {
        let open = |u: &Uuid| {
            self.tasks
                .iter()
                .any(|t| t.uuid == *u && t.status.is_open())
        };
        self.tasks
            .iter()
            .map(|t| ListedTask {
                task: t.clone(),
                links: Links {
                    blocked: t.depends.iter().any(open),
                    blocking: self
                        .tasks
                        .iter()
                        .any(|o| o.status.is_open() && o.depends.contains(&t.uuid)),
                },
            })
            .collect()
    }

    /// The tasks as the store reads them back after an operation wrote `uuids`.
    fn patch(&self, uuids: &[Uuid]) -> TaskPatch {
        let all = self.load();
        let mut patch = TaskPatch::default();
        for u in uuids {
            match all.iter().find(|l| l.task.uuid == *u) {
                Some(l) => patch.put.push(l.clone()),
                None => patch.gone.push(*u),
            }
        }
        patch
    }
}

fn i_of(edit: &Edit) -> usize {
    match edit {
        Edit::Priority(i, _)
        | Edit::Done(i)
        | Edit::Start(i)
        | Edit::Delete(i)
        | Edit::Depend(i, _)
        | Edit::Undepend(i)
        | Edit::Project(i, _)
        | Edit::Title(i, _)
        | Edit::Due(i, _) => *i,
        Edit::Add(..) => 0,
    }
}

/// What shows and what the list holds, by task rather than by slot.
fn seen(p: &TasksPane) -> Vec<String> {
    let name = |r: &RowRef| match r {
        RowRef::Heading(i) => format!("# {:?}", p.item(*i).listed.task.project),
        RowRef::Task(i) => format!("task {}", p.item(*i).listed.task.id),
    };
    let mut out: Vec<String> = p.rows.iter().map(name).collect();
    out.push(format!(
        "selected {:?}, matching {}, of {}, error {:?}",
        p.rows.get(p.selected).map(name),
        p.matching,
        p.len(),
        p.filter_error
    ));
    out.extend(
        p.items()
            .map(|i| format!("{:?} {:?} {}", i.listed.task, i.listed.links, i.urgency)),
    );
    out
}

const FILTERS: [&str; 6] = ["", "+next", "project:work", "pri:H", "report", "status:any"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_patched_list_equals_a_full_load(
        n in 0usize..30,
        steps in prop::collection::vec(
            (prop::collection::vec(arb_edit(), 1..4), 0usize..40, 0u32..90),
            1..12,
        ),
        sort in 0usize..6,
        group in any::<bool>(),
        filter in 0usize..7,
    ) {
        let c = UrgencyCoefficients::default();
        let tz = Berlin;
        let mut truth = Truth::new(n);
        let mut pane = TasksPane {
            sort: [
                SortMode::Urgency,
                SortMode::Due,
                SortMode::Priority,
                SortMode::Created,
                SortMode::Project,
                SortMode::Title,
            ][sort],
            group,
            fuzzy: filter == 6,
            filter_text: if filter == 6 { "rep".into() } else { FILTERS[filter].into() },
            ..TasksPane::default()
        };
        let mut at = now();
        pane.load(truth.load(), at, &tz, &c);
        for (edits, select, seconds) in steps {
            // Sometimes the clock moves on far enough for a full rescore.
            at += Duration::seconds(i64::from(seconds));
            pane.selected = select.min(pane.rows.len().saturating_sub(1));
            pane.snap_to_task(true);
            let mut written = Vec::new();
            for e in &edits {
                for u in truth.apply(e) {
                    if !written.contains(&u) {
                        written.push(u);
                    }
                }
            }
            let mut full = pane.clone();
            full.load(truth.load(), at, &tz, &c);
            pane.apply_patch(truth.patch(&written), at, &tz, &c);
            if pane.scored_at != full.scored_at {
                // The patch kept the last scores: compare with a load scored then.
                let mut then = pane.clone();
                then.load(truth.load(), pane.scored_at.unwrap_or(at), &tz, &c);
                prop_assert_eq!(seen(&pane), seen(&then));
            } else {
                prop_assert_eq!(seen(&pane), seen(&full));
            }
        }
    }
}

#[test]
fn a_done_task_moves_without_a_full_sort_and_its_dependent_is_unblocked() {
    let c = UrgencyCoefficients::default();
    let mut truth = Truth::new(6);
    truth.apply(&Edit::Depend(0, 1));
    let mut pane = TasksPane::default();
    pane.load(truth.load(), now(), &Berlin, &c);
    let blocked = |p: &TasksPane| {
        p.items()
            .find(|i| i.listed.task.id == 1)
            .map(|i| i.listed.links)
    };
    assert_eq!(
        blocked(&pane),
        Some(Links {
            blocked: true,
            blocking: false
        })
    );
    let written = truth.apply(&Edit::Done(1));
    pane.apply_patch(truth.patch(&written), now(), &Berlin, &c);
    assert_eq!(blocked(&pane), Some(Links::default()));
    assert_eq!(pane.matching, 5);
}
