//! Ordered schema migrations tracked in `PRAGMA user_version`.
//!
//! Migration N (1-based) upgrades a database at version N-1 to N, each in its own transaction.
//! A database newer than the last migration this binary knows is refused rather than touched.
//! Never edit a released migration: add a new one.

use rusqlite::Connection;

use super::StoreError;

pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: tasks and what hangs off them. Dependencies and parents are by UUID so an import may
    // name tasks that arrive later. AUTOINCREMENT: a deleted task's id is never handed out
    // again, so an id in a script or a note keeps meaning one task.
    "CREATE TABLE tasks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        uuid TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        project TEXT,
        priority TEXT CHECK (priority IN ('H', 'M', 'L')),
        status TEXT NOT NULL
            CHECK (status IN ('pending', 'started', 'waiting', 'done', 'cancelled')),
        due INTEGER,
        scheduled INTEGER,
        wait INTEGER,
        estimate_minutes INTEGER,
        parent TEXT,
        recur TEXT,
        created INTEGER NOT NULL,
        modified INTEGER NOT NULL,
        started INTEGER,
        done INTEGER
    );
    CREATE TABLE task_tags (
        task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (task_id, tag)
    ) WITHOUT ROWID;
    CREATE INDEX task_tags_by_tag ON task_tags(tag, task_id);
    CREATE TABLE task_deps (
        task_uuid TEXT NOT NULL,
        depends_on TEXT NOT NULL,
        PRIMARY KEY (task_uuid, depends_on)
    ) WITHOUT ROWID;
    CREATE INDEX task_deps_by_target ON task_deps(depends_on);
    CREATE TABLE annotations (
        task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX annotations_by_task ON annotations(task_id);",
    // 2: the undo log. A group is one user command; each entry holds one task's before-image.
    "CREATE TABLE undo_groups (
        grp INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        description TEXT NOT NULL
    );
    CREATE TABLE undo_entries (
        seq INTEGER PRIMARY KEY,
        grp INTEGER NOT NULL REFERENCES undo_groups(grp) ON DELETE CASCADE,
        uuid TEXT NOT NULL,
        before TEXT
    );
    CREATE INDEX undo_entries_by_group ON undo_entries(grp);",
    // 3: indexes the filter compiler relies on for large databases.
    "CREATE INDEX tasks_by_status ON tasks(status, due);
    CREATE INDEX tasks_by_project ON tasks(project);
    CREATE INDEX tasks_by_due ON tasks(due) WHERE due IS NOT NULL;
    CREATE INDEX tasks_by_parent ON tasks(parent) WHERE parent IS NOT NULL;",
    // 4: small key/value settings kept across runs (the TUI's last pane, filter and sort).
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;",
    // 5: focus sessions (pauses and interruptions as JSON: always read and written whole) and
    // the time entries that completed or interrupted sessions leave, for reports. At most one
    // session is running or paused at a time, enforced by the partial unique index.
    "CREATE TABLE focus_sessions (
        uuid TEXT PRIMARY KEY,
        task_uuid TEXT,
        title TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('focus', 'short_break', 'long_break')),
        mode TEXT NOT NULL CHECK (mode IN ('countdown', 'flow')),
        planned_minutes INTEGER NOT NULL,
        status TEXT NOT NULL
            CHECK (status IN ('running', 'paused', 'completed', 'interrupted', 'abandoned')),
        started INTEGER NOT NULL,
        ended INTEGER,
        pauses TEXT NOT NULL DEFAULT '[]',
        interruptions TEXT NOT NULL DEFAULT '[]',
        notes TEXT NOT NULL DEFAULT ''
    ) WITHOUT ROWID;
    CREATE INDEX focus_sessions_by_start ON focus_sessions(started);
    CREATE INDEX focus_sessions_by_task ON focus_sessions(task_uuid) WHERE task_uuid IS NOT NULL;
    CREATE UNIQUE INDEX focus_sessions_one_active ON focus_sessions(status IS NOT NULL)
        WHERE status IN ('running', 'paused');
    CREATE TABLE time_entries (
        id INTEGER PRIMARY KEY,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL CHECK (end >= start),
        task_uuid TEXT,
        source TEXT NOT NULL,
        session_uuid TEXT,
        UNIQUE (session_uuid, start)
    );
    CREATE INDEX time_entries_by_start ON time_entries(start);",
    // 6: calendars and their objects. An object is everything sharing one UID (a series and its
    // overridden occurrences) as the original iCalendar text, so nothing is lost on a round
    // trip; `first_start`/`last_end` (NULL: open-ended) let a window skip what cannot overlap.
    "CREATE TABLE calendars (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        colour TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT 'local',
        read_only INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE calendar_objects (
        uid TEXT PRIMARY KEY,
        calendar_id INTEGER NOT NULL REFERENCES calendars(id) ON DELETE CASCADE,
        ics TEXT NOT NULL,
        summary TEXT NOT NULL DEFAULT '',
        first_start INTEGER NOT NULL,
        last_end INTEGER,
        recurring INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;
    CREATE INDEX calendar_objects_by_start ON calendar_objects(first_start);",
    // 7: objects get a short stable id people can type, their kind (VTODOs are kept for round
    // trips, linked to the task they became), and the fields a non-recurring event's only
    // occurrence needs, so a window over single events reads rows instead of parsing text.
    // `all_day` NULL marks rows from version 6 whose fields are not known yet: they are
    // parsed until the next write of the object.
    "CREATE TABLE calendar_objects_v7 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        uid TEXT NOT NULL UNIQUE,
        calendar_id INTEGER NOT NULL REFERENCES calendars(id) ON DELETE CASCADE,
        kind TEXT NOT NULL DEFAULT 'VEVENT',
        ics TEXT NOT NULL,
        summary TEXT NOT NULL DEFAULT '',
        location TEXT,
        first_start INTEGER NOT NULL,
        last_end INTEGER,
        all_day INTEGER,
        recurring INTEGER NOT NULL DEFAULT 0,
        alarms TEXT NOT NULL DEFAULT '',
        task_uuid TEXT,
        modified INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO calendar_objects_v7 (uid, calendar_id, ics, summary, first_start, last_end, recurring)
        SELECT uid, calendar_id, ics, summary, first_start, last_end, recurring
        FROM calendar_objects ORDER BY first_start, uid;
    DROP TABLE calendar_objects;
    ALTER TABLE calendar_objects_v7 RENAME TO calendar_objects;
    CREATE INDEX calendar_objects_by_start ON calendar_objects(kind, first_start, last_end);
    CREATE INDEX calendar_objects_by_task ON calendar_objects(task_uuid) WHERE task_uuid IS NOT NULL;",
    // 8: every reminder handled (fired, missed or held by quiet hours), by its stable key. A
    // process claims a reminder by inserting its row before delivering it, so the TUI and a
    // daemon running together, or a restart, never deliver one twice.
    "CREATE TABLE reminders (
        key TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        due INTEGER NOT NULL,
        handled INTEGER NOT NULL,
        verdict TEXT NOT NULL,
        delivered_by TEXT NOT NULL DEFAULT '',
        holder TEXT NOT NULL DEFAULT '',
        summary TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT ''
    ) WITHOUT ROWID;
    CREATE INDEX reminders_by_due ON reminders(due);",
    // 9: read-only calendar subscriptions (an .ics URL or file) and a log of every sync.
    "CREATE TABLE subscriptions (
        calendar_id INTEGER PRIMARY KEY REFERENCES calendars(id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        refresh_minutes INTEGER NOT NULL DEFAULT 60,
        last_sync INTEGER,
        last_error TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE sync_log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        target TEXT NOT NULL,
        added INTEGER NOT NULL DEFAULT 0,
        updated INTEGER NOT NULL DEFAULT 0,
        removed INTEGER NOT NULL DEFAULT 0,
        error TEXT NOT NULL DEFAULT ''
    );",
    // 10: CalDAV accounts and their calendars. `remote_objects` maps a UID to the server's
    // href and ETag and keeps `base`, the text both sides last agreed on: local changes are
    // what differs from it (the outbox needs no queue that could get lost), and a three-way
    // merge starts from it. For to-dos, `task_fingerprint` is what the task said then.
    // The password is never stored: `password_from` says where to get it.
    "CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        url TEXT NOT NULL,
        username TEXT NOT NULL,
        password_from TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1,
        home TEXT NOT NULL DEFAULT '',
        interval_minutes INTEGER NOT NULL DEFAULT 15,
        last_sync INTEGER,
        last_error TEXT NOT NULL DEFAULT '',
        failures INTEGER NOT NULL DEFAULT 0,
        retry_at INTEGER
    );
    CREATE TABLE remote_calendars (
        calendar_id INTEGER PRIMARY KEY REFERENCES calendars(id) ON DELETE CASCADE,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        href TEXT NOT NULL,
        events INTEGER NOT NULL DEFAULT 1,
        tasks INTEGER NOT NULL DEFAULT 1,
        enabled INTEGER NOT NULL DEFAULT 1,
        sync_token TEXT,
        ctag TEXT,
        UNIQUE (account_id, href)
    );
    CREATE TABLE remote_objects (
        uid TEXT PRIMARY KEY,
        calendar_id INTEGER NOT NULL REFERENCES calendars(id) ON DELETE CASCADE,
        href TEXT NOT NULL,
        etag TEXT NOT NULL,
        base TEXT NOT NULL,
        task_fingerprint INTEGER
    ) WITHOUT ROWID;
    CREATE INDEX remote_objects_by_calendar ON remote_objects(calendar_id, href);
    CREATE TABLE sync_conflicts (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        calendar_id INTEGER NOT NULL REFERENCES calendars(id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        fields TEXT NOT NULL,
        local TEXT NOT NULL,
        remote TEXT NOT NULL,
        remote_etag TEXT NOT NULL
    );",
    // 11: a CA file (its path, not the certificate) per account and per subscription, for a
    // server with a private certificate authority.
    "ALTER TABLE accounts ADD COLUMN ca_file TEXT;
    ALTER TABLE subscriptions ADD COLUMN ca_file TEXT;",
    // 12: an object is known by its calendar and UID, not by its UID alone (RFC 4791 scopes
    // a UID to one collection): the same UID in a subscription, an import and a CalDAV
    // calendar is three objects, and writing one never moves another out of its calendar.
    // Ids and the id sequence are kept, so undo steps and typed ids keep naming the same rows.
    "CREATE TABLE calendar_objects_v12 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        uid TEXT NOT NULL,
        calendar_id INTEGER NOT NULL REFERENCES calendars(id) ON DELETE CASCADE,
        kind TEXT NOT NULL DEFAULT 'VEVENT',
        ics TEXT NOT NULL,
        summary TEXT NOT NULL DEFAULT '',
        location TEXT,
        first_start INTEGER NOT NULL,
        last_end INTEGER,
        all_day INTEGER,
        recurring INTEGER NOT NULL DEFAULT 0,
        alarms TEXT NOT NULL DEFAULT '',
        task_uuid TEXT,
        modified INTEGER NOT NULL DEFAULT 0,
        UNIQUE (calendar_id, uid)
    );
    INSERT INTO calendar_objects_v12 SELECT id, uid, calendar_id, kind, ics, summary, location,
        first_start, last_end, all_day, recurring, alarms, task_uuid, modified
        FROM calendar_objects;
    DELETE FROM sqlite_sequence WHERE name = 'calendar_objects_v12';
    UPDATE sqlite_sequence SET name = 'calendar_objects_v12' WHERE name = 'calendar_objects';
    DROP TABLE calendar_objects;
    ALTER TABLE calendar_objects_v12 RENAME TO calendar_objects;
    CREATE INDEX calendar_objects_by_start ON calendar_objects(kind, first_start, last_end);
    CREATE INDEX calendar_objects_by_task ON calendar_objects(task_uuid) WHERE task_uuid IS NOT NULL;
    CREATE INDEX calendar_objects_by_uid ON calendar_objects(uid);
    CREATE TABLE remote_objects_v12 (
        uid TEXT NOT NULL,
        calendar_id INTEGER NOT NULL REFERENCES calendars(id) ON DELETE CASCADE,
        href TEXT NOT NULL,
        etag TEXT NOT NULL,
        base TEXT NOT NULL,
        task_fingerprint INTEGER,
        PRIMARY KEY (calendar_id, uid)
    ) WITHOUT ROWID;
    INSERT INTO remote_objects_v12 SELECT uid, calendar_id, href, etag, base, task_fingerprint
        FROM remote_objects;
    DROP TABLE remote_objects;
    ALTER TABLE remote_objects_v12 RENAME TO remote_objects;
    CREATE INDEX remote_objects_by_calendar ON remote_objects(calendar_id, href);
    CREATE TABLE sync_conflicts_v12 (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL,
        calendar_id INTEGER NOT NULL REFERENCES calendars(id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        fields TEXT NOT NULL,
        local TEXT NOT NULL,
        remote TEXT NOT NULL,
        remote_etag TEXT NOT NULL,
        UNIQUE (calendar_id, uid)
    );
    INSERT INTO sync_conflicts_v12 SELECT id, uid, calendar_id, at, fields, local, remote,
        remote_etag FROM sync_conflicts;
    DROP TABLE sync_conflicts;
    ALTER TABLE sync_conflicts_v12 RENAME TO sync_conflicts;",
    // 13: custom fields of a task (Taskwarrior UDAs such as `client` or `size`), a table of
    // their own so a filter `client:acme` is an indexed lookup.
    "CREATE TABLE task_fields (
        task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (task_id, name)
    ) WITHOUT ROWID;
    CREATE INDEX task_fields_by_value ON task_fields(name, value, task_id);",
    // 14: time tracking. Entries gain what they are about (project, client, tags, activity
    // type, billable, note) and may be open: `end` NULL while running, at most one at a time
    // (the partial unique index). `import_key` makes a re-import find what it brought before.
    // The table is rebuilt because `end` was NOT NULL; ids are kept so undo steps still match.
    // Clients carry a rate (cents per hour), currency and rounding rule; a project may belong
    // to a client and set its own rate.
    "CREATE TABLE time_entries_v14 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        start INTEGER NOT NULL,
        end INTEGER CHECK (end IS NULL OR end >= start),
        task_uuid TEXT,
        source TEXT NOT NULL DEFAULT 'manual',
        session_uuid TEXT,
        project TEXT,
        client TEXT,
        tags TEXT NOT NULL DEFAULT '',
        activity TEXT,
        billable INTEGER NOT NULL DEFAULT 1,
        note TEXT NOT NULL DEFAULT '',
        import_key TEXT UNIQUE,
        UNIQUE (session_uuid, start)
    );
    INSERT INTO time_entries_v14 (id, start, end, task_uuid, source, session_uuid)
        SELECT id, start, end, task_uuid, source, session_uuid FROM time_entries ORDER BY id;
    DROP TABLE time_entries;
    ALTER TABLE time_entries_v14 RENAME TO time_entries;
    CREATE INDEX time_entries_by_start ON time_entries(start);
    CREATE INDEX time_entries_by_task ON time_entries(task_uuid) WHERE task_uuid IS NOT NULL;
    CREATE UNIQUE INDEX time_entries_one_running ON time_entries((end IS NULL)) WHERE end IS NULL;
    CREATE TABLE clients (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        rate INTEGER,
        currency TEXT,
        rounding TEXT NOT NULL DEFAULT 'none'
    );
    CREATE TABLE project_billing (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        project TEXT NOT NULL UNIQUE,
        client TEXT,
        rate INTEGER,
        currency TEXT
    );",
    // 15: automatic capture. Raw signals (deduplicated by a 64-bit content key, so re-sending
    // changes nothing; `ts`/`end_ts` in milliseconds, indexed by end and key: equal signals end
    // together, so one index range finds a batch's duplicates; the pass reads what reaches past
    // a time, and retention deletes what ended before one), the suggestions made from them
    // (pending until a person approves or rejects them; decided ones stay so the same span is
    // not suggested again; `edited` ones a person reshaped are never re-made), each ingest's result for the endpoint's status query, and small
    // key/value state: sources' cursors, the pause, the earliest time still to re-examine.
    // Learned rules sit before the configured ones (a person's correction wins).
    "CREATE TABLE capture_signals (
        id INTEGER PRIMARY KEY,
        key INTEGER NOT NULL,
        ts INTEGER NOT NULL,
        end_ts INTEGER NOT NULL,
        source TEXT NOT NULL,
        app TEXT NOT NULL,
        kind TEXT NOT NULL,
        source_type TEXT NOT NULL,
        title TEXT,
        cwd TEXT,
        repository TEXT,
        url TEXT,
        duration_ms INTEGER
    );
    CREATE INDEX capture_signals_by_end ON capture_signals(end_ts, key);
    CREATE TABLE capture_suggestions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        uuid TEXT NOT NULL UNIQUE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL CHECK (end > start),
        status TEXT NOT NULL DEFAULT 'pending'
            CHECK (status IN ('pending', 'approved', 'rejected')),
        confidence REAL NOT NULL,
        needs_verification INTEGER NOT NULL,
        project TEXT,
        client TEXT,
        activity TEXT,
        task TEXT,
        note TEXT NOT NULL DEFAULT '',
        reasons TEXT NOT NULL,
        evidence TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        decided_at INTEGER,
        entry_id INTEGER,
        edited INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX capture_suggestions_by_start ON capture_suggestions(start);
    CREATE TABLE capture_ingests (
        id TEXT PRIMARY KEY,
        at INTEGER NOT NULL,
        source TEXT NOT NULL,
        result TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE capture_rules (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        rule TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );
    CREATE TABLE capture_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;",
    // Energy check-ins (1-5) at a focus session's start and end, for the insights. A table of
    // its own: sessions are written whole, and a check-in is optional and added apart.
    "CREATE TABLE IF NOT EXISTS focus_energy (
        session_uuid TEXT PRIMARY KEY,
        at_start INTEGER CHECK (at_start BETWEEN 1 AND 5),
        at_end INTEGER CHECK (at_end BETWEEN 1 AND 5)
    ) WITHOUT ROWID;",
    // OAuth 2.0 accounts: where to sign in and whether the account is signed in. No token is
    // kept here: the refresh token lives in the OS keyring or a 0600 file, the access token
    // in memory.
    "CREATE TABLE IF NOT EXISTS account_oauth (
        account_id INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
        issuer TEXT NOT NULL,
        client_id TEXT NOT NULL,
        client_secret_command TEXT,
        scopes TEXT NOT NULL,
        token_endpoint TEXT NOT NULL,
        device_endpoint TEXT,
        authorization_endpoint TEXT,
        token_store TEXT NOT NULL DEFAULT '',
        signed_in INTEGER NOT NULL DEFAULT 0
    );",
    // The trained estimator, kept so an estimate does not re-read the whole history: one row,
    // valid while `fingerprint` matches what it was trained on; `learning` and `rows` (what it
    // learned, and from which tasks) let a newly completed task be added instead of retraining
    // (see store::estimator).
    "CREATE TABLE IF NOT EXISTS estimator_model (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        fingerprint INTEGER NOT NULL,
        model BLOB NOT NULL,
        learning BLOB NOT NULL,
        rows BLOB NOT NULL
    );",
    // A counter every command that writes tasks raises: a reader keeping every task in memory
    // (the app) learns from it whether another process changed tasks, or only other tables.
    "CREATE TABLE IF NOT EXISTS task_epoch (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        n INTEGER NOT NULL
    );
    INSERT OR IGNORE INTO task_epoch (one, n) VALUES (1, 0);",
    // Each event's occurrences for a horizon, so an agenda reads a range instead of parsing and
    // expanding every series again. A cache: a row is valid for one local zone and one build's
    // expansion rules, and the triggers drop an object's rows whenever its text changes or the
    // object goes (every write path, undo and redo included, passes through them). A migration
    // that rebuilds calendar_objects must create these triggers again.
    "CREATE TABLE IF NOT EXISTS event_expansions (
        object_id INTEGER PRIMARY KEY,
        zone TEXT NOT NULL,
        expander TEXT NOT NULL,
        covers_from INTEGER NOT NULL,
        covers_to INTEGER NOT NULL,
        longest INTEGER NOT NULL,
        problems TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX IF NOT EXISTS event_expansions_by_longest ON event_expansions(longest);
    CREATE TABLE IF NOT EXISTS event_expansion_parts (
        object_id INTEGER NOT NULL,
        part INTEGER NOT NULL,
        uid TEXT NOT NULL,
        summary TEXT NOT NULL,
        location TEXT,
        PRIMARY KEY (object_id, part)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS event_instances (
        starts INTEGER NOT NULL,
        object_id INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        ends INTEGER NOT NULL,
        part INTEGER NOT NULL,
        flags INTEGER NOT NULL,
        PRIMARY KEY (starts, object_id, seq)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS event_instances_by_object ON event_instances(object_id);
    CREATE TRIGGER IF NOT EXISTS event_expansions_on_update AFTER UPDATE OF ics ON calendar_objects
    WHEN old.ics IS NOT new.ics BEGIN
        DELETE FROM event_instances WHERE object_id = old.id;
        DELETE FROM event_expansion_parts WHERE object_id = old.id;
        DELETE FROM event_expansions WHERE object_id = old.id;
    END;
    CREATE TRIGGER IF NOT EXISTS event_expansions_on_delete AFTER DELETE ON calendar_objects BEGIN
        DELETE FROM event_instances WHERE object_id = old.id;
        DELETE FROM event_expansion_parts WHERE object_id = old.id;
        DELETE FROM event_expansions WHERE object_id = old.id;
    END;
    CREATE TRIGGER IF NOT EXISTS event_expansions_on_insert AFTER INSERT ON calendar_objects BEGIN
        DELETE FROM event_instances WHERE object_id = new.id;
        DELETE FROM event_expansion_parts WHERE object_id = new.id;
        DELETE FROM event_expansions WHERE object_id = new.id;
    END;",
    // The status index grows to hold every column urgency reads from `tasks`, so the planner
    // can answer the scan that ranks open tasks (store::rank) from the index alone. And
    // statistics for the query planner: without them SQLite guesses, and for a filter such
    // as `project:work.api +next due.before:…` it walks every pending task by due date
    // instead of the few tagged ones. Sampled (analysis_limit), so large files upgrade fast;
    // an import refreshes them (Store::refresh_statistics).
    "DROP INDEX IF EXISTS tasks_by_status;
    CREATE INDEX tasks_by_status ON tasks(status, due, priority, created, scheduled, wait, project);
    PRAGMA analysis_limit = 1000;
    ANALYZE;",
];

/// The schema version this binary writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

pub(crate) fn version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings the database up to `target` (normally `LATEST`).
pub(crate) fn migrate_to(conn: &mut Connection, target: i64) -> Result<(), StoreError> {
    let found = version(conn)?;
    if found > LATEST {
        return Err(StoreError::NewerSchema {
            found,
            known: LATEST,
        });
    }
    for (index, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .take(target as usize)
        .skip(found as usize)
    {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
