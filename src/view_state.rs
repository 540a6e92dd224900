//! What of the app's view survives a restart: the pane, the task filter, sort and grouping, and
//! the calendar view, the Time pane's period. The closed sets are enums; they are read from the stored settings once,
//! where they are loaded, and a value this version does not know falls back to the default.

/// The settings keys the view is stored under.
pub const KEYS: [&str; 6] = [
    "tui.pane",
    "tui.filter",
    "tui.sort",
    "tui.group",
    "tui.cal_view",
    "tui.time_view",
];

/// What survives a restart of the TUI.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UiState {
    pub pane: Pane,
    pub filter: String,
    pub sort: SortMode,
    pub group: bool,
    pub cal_view: View,
    /// The Time pane's period.
    pub time_view: Period,
}

impl UiState {
    /// From the stored settings, `get` giving a key's value (empty when unset).
    pub fn from_stored(get: impl Fn(&str) -> String) -> UiState {
        let [pane, filter, sort, group, cal_view, time_view] = KEYS.map(get);
        UiState {
            pane: Pane::parse(&pane).unwrap_or_default(),
            filter,
            sort: SortMode::parse(&sort).unwrap_or_default(),
            group: group == "true",
            cal_view: View::parse(&cal_view).unwrap_or_default(),
            time_view: Period::parse(&time_view).unwrap_or_default(),
        }
    }

    /// The (key, value) pairs to store, in the words `from_stored` reads.
    pub fn to_stored(&self) -> [(&'static str, String); 6] {
        let [pane, filter, sort, group, cal_view, time_view] = KEYS;
        [
            (pane, self.pane.title().to_lowercase()),
            (filter, self.filter.clone()),
            (sort, self.sort.name().to_string()),
            (group, self.group.to_string()),
            (cal_view, self.cal_view.name().to_lowercase()),
            (time_view, self.time_view.name().to_lowercase()),
        ]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Tasks,
    Focus,
    Calendar,
    Time,
}

impl Pane {
    pub const ALL: [Pane; 4] = [Pane::Tasks, Pane::Focus, Pane::Calendar, Pane::Time];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Tasks => "Tasks",
            Pane::Focus => "Focus",
            Pane::Calendar => "Calendar",
            Pane::Time => "Time",
        }
    }

    pub fn parse(s: &str) -> Option<Pane> {
        Pane::ALL
            .into_iter()
            .find(|p| p.title().eq_ignore_ascii_case(s))
    }

    pub(crate) fn step(self, delta: isize) -> Pane {
        let i = Pane::ALL.iter().position(|p| *p == self).unwrap_or(0) as isize;
        Pane::ALL[(i + delta).rem_euclid(Pane::ALL.len() as isize) as usize]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortMode {
    #[default]
    Urgency,
    Due,
    Priority,
    Created,
    Project,
    Title,
}

impl SortMode {
    pub const ALL: [SortMode; 6] = [
        SortMode::Urgency,
        SortMode::Due,
        SortMode::Priority,
        SortMode::Created,
        SortMode::Project,
        SortMode::Title,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SortMode::Urgency => "urgency",
            SortMode::Due => "due",
            SortMode::Priority => "priority",
            SortMode::Created => "created",
            SortMode::Project => "project",
            SortMode::Title => "title",
        }
    }

    pub fn parse(s: &str) -> Option<SortMode> {
        SortMode::ALL.into_iter().find(|m| m.name() == s)
    }

    pub fn next(self) -> SortMode {
        let i = SortMode::ALL.iter().position(|m| *m == self).unwrap_or(0);
        SortMode::ALL[(i + 1) % SortMode::ALL.len()]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Month,
    Week,
    Day,
    Agenda,
}

impl View {
    pub const ALL: [View; 4] = [View::Month, View::Week, View::Day, View::Agenda];

    pub fn name(self) -> &'static str {
        match self {
            View::Month => "Month",
            View::Week => "Week",
            View::Day => "Day",
            View::Agenda => "Agenda",
        }
    }

    pub fn next(self) -> View {
        let i = View::ALL.iter().position(|v| *v == self).unwrap_or(0);
        View::ALL[(i + 1) % View::ALL.len()]
    }

    pub fn parse(s: &str) -> Option<View> {
        View::ALL
            .into_iter()
            .find(|v| v.name().eq_ignore_ascii_case(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_view_round_trips_through_the_stored_words() {
        let view = UiState {
            pane: Pane::Calendar,
            filter: "+next".into(),
            sort: SortMode::Due,
            group: true,
            cal_view: View::Agenda,
            time_view: Period::Month,
        };
        let stored = view.to_stored();
        assert_eq!(stored[0], ("tui.pane", "calendar".to_string()));
        assert_eq!(stored[4], ("tui.cal_view", "agenda".to_string()));
        let back = UiState::from_stored(|k| {
            stored
                .iter()
                .find(|(key, _)| *key == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        });
        assert_eq!(back, view);
    }

    #[test]
    fn unknown_or_missing_values_fall_back_to_the_defaults() {
        let odd = UiState::from_stored(|k| match k {
            "tui.pane" => "timeline".into(),
            "tui.sort" => "mood".into(),
            "tui.cal_view" => "year".into(),
            "tui.group" => "yes".into(),
            _ => String::new(),
        });
        assert_eq!(odd, UiState::default());
        assert_eq!(odd.pane, Pane::Tasks);
        assert_eq!(odd.sort, SortMode::Urgency);
        assert_eq!(odd.cal_view, View::Month);
    }
}

/// The period the pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    #[default]
    Day,
    Week,
    Month,
}

impl Period {
    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "Day",
            Period::Week => "Week",
            Period::Month => "Month",
        }
    }

    pub fn parse(text: &str) -> Option<Period> {
        match text.to_ascii_lowercase().as_str() {
            "day" => Some(Period::Day),
            "week" => Some(Period::Week),
            "month" => Some(Period::Month),
            _ => None,
        }
    }

    pub fn next(self) -> Period {
        match self {
            Period::Day => Period::Week,
            Period::Week => Period::Month,
            Period::Month => Period::Day,
        }
    }
}
