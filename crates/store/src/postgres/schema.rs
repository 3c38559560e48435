//! The PostgreSQL schema as an ordered, append-only list of migrations,
//! recorded one row per applied migration in `schema_migrations`. They run in
//! one transaction under an advisory lock, so processes opening the same
//! schema at once apply each migration exactly once.

use ::postgres::Client;

use crate::StoreError;

/// Migration `i` moves the schema from version `i` to `i + 1`. Append only.
pub(super) const MIGRATIONS: &[&str] = &[
    // 1: events (plain columns for every filter; sources, tags and actor links
    // inline in the SQLite backend's codec; `merc_x`/`merc_y` the fixed-point
    // Web-Mercator position of the grid aggregates; `admin1_key` the trimmed,
    // lower-cased admin1; `search` the lexemes of notes, place names and actor
    // names), the source keys that make upserts idempotent, actors and their
    // names, the actor → event links of the actor filter, revisions with
    // their field diffs, each source's claims on a merged event, and the
    // datasets stored. An event's public id is `dataset:record_id` of its
    // first source; revision 1 is implied by `first_seen`.
    r#"
    CREATE TABLE events (
        seq                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY
                           CHECK (seq < 4294967296),
        id                 text NOT NULL,
        event_type         smallint NOT NULL,
        sub_event_type     smallint,
        status             smallint NOT NULL,
        category           smallint NOT NULL,
        date_start         date NOT NULL,
        date_precision     smallint NOT NULL,
        date_end           date,
        location_name      text NOT NULL,
        country            text,
        admin1             text,
        admin1_key         text,
        admin2             text,
        lat                double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
        lon                double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
        merc_x             bigint NOT NULL,
        merc_y             bigint NOT NULL,
        location_precision smallint NOT NULL,
        fatalities         bigint,
        injuries           bigint,
        notes              text NOT NULL,
        tags               text NOT NULL,
        actors             text NOT NULL,
        sources            text NOT NULL,
        first_seen         timestamptz NOT NULL,
        updated            timestamptz NOT NULL,
        content_hash       bytea NOT NULL,
        revision           integer NOT NULL,
        search             tsvector NOT NULL
    );
    CREATE INDEX events_newest ON events (date_start DESC, seq DESC);
    CREATE INDEX events_position ON events USING gist (point(lon, lat));
    CREATE INDEX events_lat_lon ON events (lat, lon);
    CREATE INDEX events_country ON events (country, date_start);
    CREATE INDEX events_admin1 ON events (admin1_key);
    CREATE INDEX events_type ON events (event_type, sub_event_type);
    CREATE INDEX events_category ON events (category);
    CREATE INDEX events_fatalities ON events (fatalities);
    CREATE INDEX events_search ON events USING gin (search);

    CREATE TABLE source_keys (
        dataset   text NOT NULL,
        record_id text NOT NULL,
        event_seq bigint NOT NULL REFERENCES events (seq),
        PRIMARY KEY (dataset, record_id)
    );
    CREATE INDEX source_keys_by_event ON source_keys (event_seq);

    CREATE TABLE actors (
        id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name text NOT NULL,
        kind smallint NOT NULL
    );
    CREATE TABLE actor_names (
        name_key text PRIMARY KEY,
        actor_id bigint NOT NULL REFERENCES actors (id),
        name     text NOT NULL,
        is_alias boolean NOT NULL
    );
    CREATE INDEX actor_names_by_actor ON actor_names (actor_id);
    CREATE TABLE event_actors (
        event_seq bigint NOT NULL REFERENCES events (seq),
        actor_id  bigint NOT NULL REFERENCES actors (id),
        PRIMARY KEY (event_seq, actor_id)
    );
    CREATE INDEX event_actors_by_actor ON event_actors (actor_id, event_seq);

    CREATE TABLE event_revisions (
        event_seq bigint NOT NULL REFERENCES events (seq),
        revision  integer NOT NULL,
        at        timestamptz NOT NULL,
        source    text NOT NULL,
        changes   text NOT NULL,
        PRIMARY KEY (event_seq, revision)
    );

    CREATE TABLE event_claims (
        event_seq          bigint NOT NULL REFERENCES events (seq),
        source             text NOT NULL,
        arrived            integer NOT NULL,
        content_hash       bytea NOT NULL,
        retrieved_at       timestamptz NOT NULL,
        event_type         smallint NOT NULL,
        sub_event_type     smallint,
        status             smallint NOT NULL,
        date_start         date NOT NULL,
        date_precision     smallint NOT NULL,
        date_end           date,
        location_name      text NOT NULL,
        country            text,
        admin1             text,
        admin2             text,
        lat                double precision NOT NULL,
        lon                double precision NOT NULL,
        location_precision smallint NOT NULL,
        fatalities         bigint,
        injuries           bigint,
        PRIMARY KEY (event_seq, source)
    );
    CREATE TABLE datasets (dataset text PRIMARY KEY);
    "#,
    // 2: analysts' overrides of risk ratings (area as `CC` or `CC/Admin1`,
    // category code or NULL for overall, level 1–5, expiry day or NULL) and
    // the audit log of every create, expire and delete. Log rows keep the
    // override id after the override is deleted.
    r#"
    CREATE TABLE risk_overrides (
        id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        area     text NOT NULL,
        category smallint,
        level    smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
        reason   text NOT NULL,
        author   text NOT NULL,
        created  timestamptz NOT NULL,
        expires  date
    );
    CREATE TABLE risk_override_log (
        seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        override_id bigint NOT NULL,
        action      text NOT NULL CHECK (action IN ('create', 'expire', 'delete')),
        by_whom     text NOT NULL,
        at          timestamptz NOT NULL,
        detail      text NOT NULL
    );
    CREATE INDEX risk_override_log_by_override ON risk_override_log (override_id);
    "#,
    // 3: reports read by the extractor (id = hash of the plain text; `seq`
    // orders them, newest last) and the events each gave, in the report's order.
    r#"
    CREATE TABLE reports (
        id           text PRIMARY KEY,
        seq          bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        title        text,
        published    date,
        url          text,
        text         text NOT NULL,
        retrieved_at timestamptz NOT NULL
    );
    CREATE TABLE report_events (
        report_id text NOT NULL REFERENCES reports (id),
        ordinal   integer NOT NULL,
        event_seq bigint NOT NULL REFERENCES events (seq),
        PRIMARY KEY (report_id, ordinal)
    );
    CREATE INDEX report_events_by_event ON report_events (event_seq);
    "#,
    // 4: feeds to poll with their validators, cursor and health; the items
    // already stored from each feed, by guid; and admin alerts (open while
    // `cleared_at` is NULL; a feed's alerts keep its id after it is removed).
    r#"
    CREATE TABLE feeds (
        id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        url                  text NOT NULL UNIQUE,
        name                 text NOT NULL,
        kind                 text NOT NULL,
        every_secs           bigint NOT NULL,
        added_at             timestamptz NOT NULL,
        etag                 text,
        last_modified        text,
        cursor               text,
        last_attempt         timestamptz,
        last_success         timestamptz,
        last_error           text,
        last_error_at        timestamptz,
        consecutive_failures bigint NOT NULL DEFAULT 0,
        items_total          bigint NOT NULL DEFAULT 0,
        items_new_last_poll  bigint NOT NULL DEFAULT 0
    );
    CREATE TABLE feed_items (
        feed_id    bigint NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
        guid       text NOT NULL,
        report_id  text,
        lat        double precision,
        lon        double precision,
        first_seen timestamptz NOT NULL,
        PRIMARY KEY (feed_id, guid)
    );
    CREATE TABLE admin_alerts (
        id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind       text NOT NULL,
        feed_id    bigint,
        message    text NOT NULL,
        raised_at  timestamptz NOT NULL,
        cleared_at timestamptz
    );
    CREATE INDEX admin_alerts_open ON admin_alerts (feed_id) WHERE cleared_at IS NULL;
    "#,
    // 5: the write watermark (`Store::changes_since`). Every write of an
    // event row (insert, re-code, merge of another source) sets `changed` to
    // the next number, handed out under the upsert lock, so numbers grow in
    // commit order; existing rows take their seq (insertion order). The index
    // answers "rows changed after N" and `MAX(changed)`.
    r#"
    ALTER TABLE events ADD COLUMN changed bigint;
    UPDATE events SET changed = seq;
    ALTER TABLE events ALTER COLUMN changed SET NOT NULL;
    CREATE INDEX events_by_change ON events (changed);
    "#,
    // 6: who submitted each report (a key, or the command line).
    r#"
    ALTER TABLE reports ADD COLUMN submitted_by text;
    "#,
];

/// Whether `name` may be used as the store's schema: `[a-z_][a-z0-9_]*`, at
/// most 63 bytes (PostgreSQL's identifier limit). Only such names are ever
/// interpolated into SQL.
pub(super) fn valid_schema_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'_'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_'))
        && name.len() <= 63
}

/// The advisory lock key of one purpose (`migrate`, `upsert`) in one schema.
pub(super) fn lock_key(purpose: &str, schema: &str) -> i64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::with_seed(0x7369_7472_6570_0002);
    hasher.update(b"sitrep\x1f");
    hasher.update(purpose.as_bytes());
    hasher.update(b"\x1f");
    hasher.update(schema.as_bytes());
    hasher.digest() as i64
}

/// Creates `schema` if missing and applies the pending event-store
/// migrations, in one transaction holding the schema's migration lock.
/// Returns how many it applied. `client` must have its `search_path` set to
/// `schema`.
pub(super) fn migrate(client: &mut Client, schema: &str) -> Result<usize, StoreError> {
    apply_migrations(client, schema, "schema_migrations", MIGRATIONS)
}

/// Creates `schema` if missing and applies `migrations` from the first one
/// `table` (created when missing) has not recorded, in one transaction
/// holding the schema's migration lock — one lock per schema whatever the
/// list, so the event store and the access store never race to create one
/// schema. Refuses a schema newer than the list. `client` must have its
/// `search_path` set to `schema`.
pub(super) fn apply_migrations(
    client: &mut Client,
    schema: &str,
    table: &str,
    migrations: &[&str],
) -> Result<usize, StoreError> {
    if !valid_schema_name(schema) {
        return Err(StoreError::InvalidQuery(format!(
            "schema name {schema:?} must match [a-z_][a-z0-9_]* (at most 63 bytes)"
        )));
    }
    let known = migrations.len() as i64;
    let mut tx = client.transaction()?;
    tx.execute(
        "SELECT pg_advisory_xact_lock($1)",
        &[&lock_key("migrate", schema)],
    )?;
    // Looked up before creating: `CREATE … IF NOT EXISTS` needs the CREATE
    // privilege even when there is nothing to create.
    let schema_exists: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1)",
            &[&schema],
        )?
        .try_get(0)?;
    if !schema_exists {
        tx.batch_execute(&format!("CREATE SCHEMA \"{schema}\""))?;
    }
    let table_exists: bool = tx
        .query_one(
            "SELECT pg_catalog.to_regclass($1) IS NOT NULL",
            &[&format!("\"{schema}\".{table}")],
        )?
        .try_get(0)?;
    if !table_exists {
        tx.batch_execute(&format!(
            "CREATE TABLE \"{schema}\".{table} (
                 version    integer PRIMARY KEY,
                 applied_at timestamptz NOT NULL DEFAULT now()
             )"
        ))?;
    }
    let found: i64 = tx
        .query_one(
            &format!("SELECT COALESCE(MAX(version), 0)::bigint FROM {table}"),
            &[],
        )?
        .try_get(0)?;
    if found > known {
        return Err(StoreError::SchemaTooNew { found, known });
    }
    let mut applied = 0;
    for (i, sql) in migrations.iter().enumerate().skip(found as usize) {
        tx.batch_execute(sql)?;
        let version = i as i32 + 1;
        tx.execute(
            &format!("INSERT INTO {table} (version) VALUES ($1)"),
            &[&version],
        )?;
        tracing::debug!(version, schema, table, "applied postgres migration");
        applied += 1;
    }
    tx.commit()?;
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_names_are_plain_identifiers() {
        for good in ["sitrep", "_x", "sitrep_test_12_3", "a"] {
            assert!(valid_schema_name(good), "{good}");
        }
        for bad in [
            "",
            "1abc",
            "Sitrep",
            "a-b",
            "a\"b",
            "a; DROP TABLE x",
            "ä",
            &"a".repeat(64),
        ] {
            assert!(!valid_schema_name(bad), "{bad}");
        }
    }

    #[test]
    fn lock_keys_differ_by_purpose_and_schema() {
        assert_ne!(lock_key("upsert", "a"), lock_key("migrate", "a"));
        assert_ne!(lock_key("upsert", "a"), lock_key("upsert", "b"));
        assert_eq!(lock_key("upsert", "a"), lock_key("upsert", "a"));
    }
}
