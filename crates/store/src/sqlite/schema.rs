//! The SQLite schema as an ordered list of migrations, applied in one
//! transaction each and tracked in `PRAGMA user_version`.

use rusqlite::Connection;

use crate::StoreError;

/// Migration `i` moves the schema from version `i` to `i + 1`. Append only.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: events with their sources and actor links inline; the source-key table
    // that makes upserts idempotent; actors and their names; revisions. Then the
    // derived search tables (actor → events, full text), filled behind the
    // writes by `catch_up` up to `derived_state.indexed_through`, plus the
    // updated events they must re-read. An event's public id is
    // `dataset:record_id` of its first source; revision 1 is implied by `first_seen`.
    r#"
    CREATE TABLE events (
        seq                INTEGER PRIMARY KEY,
        id                 TEXT NOT NULL,
        event_type         INTEGER NOT NULL,
        sub_event_type     INTEGER,
        status             INTEGER NOT NULL,
        category           INTEGER NOT NULL,
        date_start         INTEGER NOT NULL,
        date_precision     INTEGER NOT NULL,
        date_end           INTEGER,
        location_name      TEXT NOT NULL,
        country            TEXT,
        admin1             TEXT,
        admin2             TEXT,
        lat                REAL NOT NULL,
        lon                REAL NOT NULL,
        location_precision INTEGER NOT NULL,
        fatalities         INTEGER,
        injuries           INTEGER,
        notes              TEXT NOT NULL,
        tags               TEXT NOT NULL,
        actors             TEXT NOT NULL,
        sources            TEXT NOT NULL,
        first_seen         INTEGER NOT NULL,
        updated            INTEGER NOT NULL,
        content_hash       BLOB NOT NULL,
        revision           INTEGER NOT NULL
    );
    CREATE TABLE source_keys (
        dataset   TEXT NOT NULL,
        record_id TEXT NOT NULL,
        event_seq INTEGER NOT NULL REFERENCES events(seq),
        PRIMARY KEY (dataset, record_id)
    ) WITHOUT ROWID;
    CREATE TABLE actors (
        id   INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        kind INTEGER NOT NULL
    );
    CREATE TABLE actor_names (
        name_key TEXT PRIMARY KEY,
        actor_id INTEGER NOT NULL REFERENCES actors(id),
        name     TEXT NOT NULL,
        is_alias INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX actor_names_by_actor ON actor_names(actor_id);
    CREATE TABLE event_revisions (
        event_seq INTEGER NOT NULL REFERENCES events(seq),
        revision  INTEGER NOT NULL,
        at        INTEGER NOT NULL,
        source    TEXT NOT NULL,
        changes   TEXT NOT NULL,
        PRIMARY KEY (event_seq, revision)
    ) WITHOUT ROWID;
    CREATE TABLE event_actors (
        event_seq INTEGER NOT NULL,
        actor_id  INTEGER NOT NULL,
        PRIMARY KEY (event_seq, actor_id)
    ) WITHOUT ROWID;
    CREATE INDEX event_actors_by_actor ON event_actors(actor_id);
    CREATE VIRTUAL TABLE events_fts USING fts5(body, content='', contentless_delete=1, detail=none);
    CREATE TABLE derived_state (
        id               INTEGER PRIMARY KEY CHECK (id = 1),
        indexed_through  INTEGER NOT NULL
    );
    INSERT INTO derived_state (id, indexed_through) VALUES (1, 0);
    CREATE TABLE derived_pending (event_seq INTEGER PRIMARY KEY);
    "#,
    // 2: analysts' overrides of risk ratings (area as `CC` or `CC/Admin1`,
    // category code or NULL for overall, level 1–5, expiry as a day number or
    // NULL) and the audit log of every create, expire and delete: who, when and
    // what. Log rows keep the override id after the override is deleted.
    r#"
    CREATE TABLE risk_overrides (
        id       INTEGER PRIMARY KEY,
        area     TEXT NOT NULL,
        category INTEGER,
        level    INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
        reason   TEXT NOT NULL,
        author   TEXT NOT NULL,
        created  INTEGER NOT NULL,
        expires  INTEGER
    );
    CREATE TABLE risk_override_log (
        seq         INTEGER PRIMARY KEY,
        override_id INTEGER NOT NULL,
        action      TEXT NOT NULL CHECK (action IN ('create', 'expire', 'delete')),
        by_whom     TEXT NOT NULL,
        at          INTEGER NOT NULL,
        detail      TEXT NOT NULL
    );
    CREATE INDEX risk_override_log_by_override ON risk_override_log(override_id);
    "#,
    // 3: reports read by the extractor (id = hash of the plain text, published
    // as a day number, retrieved_at as a timestamp) and the events each gave,
    // in the report's order (reports list newest first by rowid); `report_events_by_event` answers "which reports
    // mention this event".
    r#"
    CREATE TABLE reports (
        id           TEXT PRIMARY KEY,
        title        TEXT,
        published    INTEGER,
        url          TEXT,
        text         TEXT NOT NULL,
        retrieved_at INTEGER NOT NULL
    );
    CREATE TABLE report_events (
        report_id TEXT NOT NULL REFERENCES reports(id),
        ordinal   INTEGER NOT NULL,
        event_seq INTEGER NOT NULL REFERENCES events(seq),
        PRIMARY KEY (report_id, ordinal)
    ) WITHOUT ROWID;
    CREATE INDEX report_events_by_event ON report_events(event_seq);
    "#,
    // 4: feeds to poll (kind as text, interval in seconds, the validators of
    // the last response and a kind-specific cursor — GDELT's last export —
    // plus health: times as timestamps, consecutive failures, item counts);
    // the items already stored from each feed, by guid, with the report each
    // became and its point; and admin alerts (open while `cleared_at` is
    // NULL; a feed's alerts keep its id after the feed is removed).
    r#"
    CREATE TABLE feeds (
        id                   INTEGER PRIMARY KEY,
        url                  TEXT NOT NULL UNIQUE,
        name                 TEXT NOT NULL,
        kind                 TEXT NOT NULL,
        every_secs           INTEGER NOT NULL,
        added_at             INTEGER NOT NULL,
        etag                 TEXT,
        last_modified        TEXT,
        cursor               TEXT,
        last_attempt         INTEGER,
        last_success         INTEGER,
        last_error           TEXT,
        last_error_at        INTEGER,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        items_total          INTEGER NOT NULL DEFAULT 0,
        items_new_last_poll  INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE feed_items (
        feed_id    INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        guid       TEXT NOT NULL,
        report_id  TEXT,
        lat        REAL,
        lon        REAL,
        first_seen INTEGER NOT NULL,
        PRIMARY KEY (feed_id, guid)
    ) WITHOUT ROWID;
    CREATE TABLE admin_alerts (
        id         INTEGER PRIMARY KEY,
        kind       TEXT NOT NULL,
        feed_id    INTEGER,
        message    TEXT NOT NULL,
        raised_at  INTEGER NOT NULL,
        cleared_at INTEGER
    );
    CREATE INDEX admin_alerts_open ON admin_alerts(feed_id) WHERE cleared_at IS NULL;
    "#,
    // 5: source keys by a 64-bit hash (`source_keys::key_hash`, registered as
    // `sitrep_source_key_hash`): an integer B-tree instead of text compares on
    // every imported row. `source_keys` keeps only the keys whose hash slot
    // belongs to another key (see `sqlite/source_keys.rs`).
    r#"
    CREATE TABLE source_ids (
        key_hash  INTEGER PRIMARY KEY,
        event_seq INTEGER NOT NULL
    );
    INSERT OR IGNORE INTO source_ids (key_hash, event_seq)
        SELECT sitrep_source_key_hash(dataset, record_id), event_seq FROM source_keys;
    DELETE FROM source_keys WHERE event_seq =
        (SELECT event_seq FROM source_ids
         WHERE key_hash = sitrep_source_key_hash(source_keys.dataset, source_keys.record_id));
    "#,
    // 6: cross-source deduplication (`crate::merge`). `event_claims` keeps
    // each source's version of the fields sources disagree on, for events
    // with more than one source (`arrived` orders them; `content_hash` is the
    // source record's, so its re-import is recognised as unchanged);
    // `datasets` lists the datasets stored, so an import into a one-dataset
    // store skips the duplicate search.
    r#"
    CREATE TABLE event_claims (
        event_seq          INTEGER NOT NULL,
        source             TEXT NOT NULL,
        arrived            INTEGER NOT NULL,
        content_hash       BLOB NOT NULL,
        retrieved_at       INTEGER NOT NULL,
        event_type         INTEGER NOT NULL,
        sub_event_type     INTEGER,
        status             INTEGER NOT NULL,
        date_start         INTEGER NOT NULL,
        date_precision     INTEGER NOT NULL,
        date_end           INTEGER,
        location_name      TEXT NOT NULL,
        country            TEXT,
        admin1             TEXT,
        admin2             TEXT,
        lat                REAL NOT NULL,
        lon                REAL NOT NULL,
        location_precision INTEGER NOT NULL,
        fatalities         INTEGER,
        injuries           INTEGER,
        PRIMARY KEY (event_seq, source)
    ) WITHOUT ROWID;
    CREATE TABLE datasets (dataset TEXT PRIMARY KEY) WITHOUT ROWID;
    INSERT OR IGNORE INTO datasets (dataset)
        SELECT DISTINCT substr(id, 1, instr(id, ':') - 1) FROM events;
    "#,
    // 7: the write watermark (`Store::changes_since`). Every write of an
    // event row (insert, re-code, merge of another source) sets `changed` to
    // the next number, handed out under the writer lock, so readers see the
    // numbers in commit order; existing rows take their seq (insertion order).
    // The index answers "rows changed after N" and `MAX(changed)`.
    r#"
    ALTER TABLE events ADD COLUMN changed INTEGER NOT NULL DEFAULT 0;
    UPDATE events SET changed = seq;
    CREATE INDEX events_by_change ON events(changed);
    "#,
    // 8: who submitted each report (a key, or the command line).
    r#"
    ALTER TABLE reports ADD COLUMN submitted_by TEXT;
    "#,
];

pub const VERSION: i64 = MIGRATIONS.len() as i64;

pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    migrate_to(conn, VERSION)
}

/// Applies the migrations up to schema version `target`.
pub(crate) fn migrate_to(conn: &mut Connection, target: i64) -> Result<(), StoreError> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > VERSION {
        return Err(StoreError::SchemaTooNew {
            found,
            known: VERSION,
        });
    }
    let pending = MIGRATIONS.iter().enumerate().take(target as usize);
    for (i, sql) in pending.skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
        tracing::debug!(version = i + 1, "applied store migration");
    }
    Ok(())
}
