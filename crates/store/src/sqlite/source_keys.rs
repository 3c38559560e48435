//! Which stored event a source record — `(dataset, record_id)` — belongs to.
//!
//! Every import looks each row's key up, so the lookup must be cheap at
//! millions of rows: `source_ids` maps a stable 64-bit hash of the key to the
//! event's seq (an integer B-tree, no text compares). A hit is confirmed
//! against the event's own sources, so a hash collision can never merge two
//! records: a key whose hash slot already belongs to another key is kept by
//! its text in `source_keys` instead. Slots are never freed, so an empty slot
//! proves the key is unknown and the text table is read only after a
//! confirmed collision.

use std::cell::Cell;

use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, OptionalExtension, params};

use crate::StoreError;
use crate::codec;

/// The SQL name of [`key_hash`], which migration 4 uses to fill `source_ids`.
const HASH_FUNCTION: &str = "sitrep_source_key_hash";

/// Seed of the key hash. Part of the on-disk format: never change it.
const SEED: u64 = 0x7369_7472_6570_0001;

thread_local! {
    /// Tests narrow the hash to a few bits to force collisions.
    static HASH_MASK: Cell<u64> = const { Cell::new(u64::MAX) };
}

/// The stored hash of a source key (xxh3-64 of `dataset \x1f record_id`).
pub fn key_hash(dataset: &str, record_id: &str) -> i64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::with_seed(SEED);
    hasher.update(dataset.as_bytes());
    hasher.update(b"\x1f");
    hasher.update(record_id.as_bytes());
    (hasher.digest() & HASH_MASK.with(Cell::get)) as i64
}

/// Makes [`key_hash`] callable from SQL on this connection.
pub fn register(conn: &Connection) -> Result<(), StoreError> {
    conn.create_scalar_function(
        HASH_FUNCTION,
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| Ok(key_hash(&ctx.get::<String>(0)?, &ctx.get::<String>(1)?)),
    )?;
    Ok(())
}

/// Whether an imported record is new or which event holds it.
pub enum Claim {
    /// No event holds the key; `recorded` when [`claim`] already stored it
    /// for the new event (otherwise [`insert`] must, once the event exists).
    New {
        recorded: bool,
    },
    Existing(u32),
}

/// Looks the key up and, when it is unknown, records it for event `new_seq`
/// in the same step: one B-tree descent for the common case of a new record.
pub fn claim(
    conn: &Connection,
    dataset: &str,
    record_id: &str,
    new_seq: u32,
) -> Result<Claim, StoreError> {
    let hash = key_hash(dataset, record_id);
    let recorded = conn
        .prepare_cached(
            "INSERT INTO source_ids (key_hash, event_seq) VALUES (?1, ?2) \
             ON CONFLICT (key_hash) DO NOTHING",
        )?
        .execute(params![hash, new_seq])?
        == 1;
    if recorded {
        return Ok(Claim::New { recorded });
    }
    let owner: u32 = conn
        .prepare_cached("SELECT event_seq FROM source_ids WHERE key_hash = ?1")?
        .query_row([hash], |r| r.get(0))?;
    if has_source(conn, owner, dataset, record_id)? {
        return Ok(Claim::Existing(owner));
    }
    Ok(match find_collided(conn, dataset, record_id)? {
        Some(seq) => Claim::Existing(seq),
        None => Claim::New { recorded: false },
    })
}

/// The seq of the event holding this source key, if any.
pub fn find(conn: &Connection, dataset: &str, record_id: &str) -> Result<Option<u32>, StoreError> {
    let slot: Option<u32> = conn
        .prepare_cached("SELECT event_seq FROM source_ids WHERE key_hash = ?1")?
        .query_row([key_hash(dataset, record_id)], |r| r.get(0))
        .optional()?;
    match slot {
        None => Ok(None),
        Some(seq) if has_source(conn, seq, dataset, record_id)? => Ok(Some(seq)),
        Some(_) => find_collided(conn, dataset, record_id),
    }
}

/// Records that the source key belongs to event `seq`. A key that already
/// belongs to an event keeps it.
pub fn insert(
    conn: &Connection,
    dataset: &str,
    record_id: &str,
    seq: u32,
) -> Result<(), StoreError> {
    let hash = key_hash(dataset, record_id);
    let taken = conn
        .prepare_cached(
            "INSERT INTO source_ids (key_hash, event_seq) VALUES (?1, ?2) \
             ON CONFLICT (key_hash) DO NOTHING",
        )?
        .execute(params![hash, seq])?
        == 0;
    if taken {
        let owner: u32 = conn
            .prepare_cached("SELECT event_seq FROM source_ids WHERE key_hash = ?1")?
            .query_row([hash], |r| r.get(0))?;
        if !has_source(conn, owner, dataset, record_id)? {
            conn.prepare_cached(
                "INSERT INTO source_keys (dataset, record_id, event_seq) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (dataset, record_id) DO NOTHING",
            )?
            .execute(params![dataset, record_id, seq])?;
        }
    }
    Ok(())
}

/// How many source keys the store holds.
pub fn count(conn: &Connection) -> Result<u64, StoreError> {
    Ok(conn.query_row(
        "SELECT (SELECT COUNT(*) FROM source_ids) + (SELECT COUNT(*) FROM source_keys)",
        [],
        |r| r.get::<_, i64>(0),
    )? as u64)
}

fn find_collided(
    conn: &Connection,
    dataset: &str,
    record_id: &str,
) -> Result<Option<u32>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT event_seq FROM source_keys WHERE dataset = ?1 AND record_id = ?2")?
        .query_row(params![dataset, record_id], |r| r.get(0))
        .optional()?)
}

/// Whether event `seq` lists this source: its id (the first source's key)
/// answers most calls without decoding the source list.
fn has_source(
    conn: &Connection,
    seq: u32,
    dataset: &str,
    record_id: &str,
) -> Result<bool, StoreError> {
    let (id, sources): (String, String) = conn
        .prepare_cached("SELECT id, sources FROM events WHERE seq = ?1")?
        .query_row([seq], |r| Ok((r.get(0)?, r.get(1)?)))?;
    if id.split_once(':') == Some((dataset, record_id)) {
        return Ok(true);
    }
    Ok(codec::decode_sources(&sources)?
        .iter()
        .any(|s| s.dataset == dataset && s.record_id == record_id))
}

#[cfg(test)]
pub(crate) fn with_narrow_hash<T>(bits: u32, test: impl FnOnce() -> T) -> T {
    HASH_MASK.with(|m| m.set(u64::MAX >> 64u32.saturating_sub(bits)));
    let result = test();
    HASH_MASK.with(|m| m.set(u64::MAX));
    result
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::with_narrow_hash;
    use crate::sqlite::{SqliteStore, schema};
    use crate::{Store, testing};

    fn open(dir: &tempfile::TempDir) -> SqliteStore {
        SqliteStore::open(dir.path().join("sitrep.db")).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The tables the migrations after the first `version` create.
    fn tables_since(version: usize) -> Vec<String> {
        let tables = |upto: usize| {
            let mut conn = Connection::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
            super::register(&conn).unwrap_or_else(|e| panic!("{e}"));
            schema::migrate_to(&mut conn, upto as i64).unwrap_or_else(|e| panic!("{e}"));
            let mut stmt = conn
                .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL")
                .unwrap_or_else(|e| panic!("{e}"));
            stmt.query_map([], |r| r.get::<_, String>(0))
                .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
                .unwrap_or_else(|e| panic!("{e}"))
        };
        let old = tables(version);
        let mut newer: Vec<String> = tables(schema::MIGRATIONS.len())
            .into_iter()
            .filter(|t| !old.contains(t) && !t.starts_with("events_fts"))
            .collect();
        newer.sort();
        newer
    }

    fn events(n: u32) -> Vec<sitrep_model::Event> {
        let day = chrono::NaiveDate::from_ymd_opt(2024, 3, 22).unwrap_or_default();
        (1..=n)
            .map(|i| testing::sample_event(i, day, 55.0, 37.0, "RU"))
            .collect()
    }

    /// With a 2-bit hash nearly every key collides: the whole store suite must
    /// still pass, as collisions may never merge or lose records.
    #[test]
    fn store_suite_passes_when_every_hash_collides() {
        with_narrow_hash(2, || {
            testing::run_cases(testing::CASES, |case| {
                let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
                case(&open(&dir));
            });
        });
    }

    #[test]
    fn colliding_keys_keep_their_own_events() {
        with_narrow_hash(2, || {
            let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
            let store = open(&dir);
            let batch = events(40);
            let counts = store
                .upsert_events(&batch)
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(counts.inserted, 40);
            for e in &batch {
                let found = store.event(&e.id.0).unwrap_or_else(|e| panic!("{e}"));
                assert_eq!(
                    found.map(|f| f.location.name),
                    Some(e.location.name.clone())
                );
            }
            let again = store
                .upsert_events(&batch)
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!((again.inserted, again.unchanged), (0, 40));
            assert_eq!(store.stats().map(|s| s.sources).ok(), Some(40));
        });
    }

    /// A store written before the hashed source keys (text keys, 32-byte
    /// content hashes) opens with its keys moved to the hash table, and
    /// re-importing the same events changes nothing — also when the migrated
    /// hashes collide.
    #[test]
    fn stores_from_before_hashed_keys_migrate_and_reimport_unchanged() {
        for bits in [64, 2] {
            let run = || {
                let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
                let batch = events(20);
                let path = dir.path().join("sitrep.db");
                // Write the rows, then turn the file back into what the schema
                // before `source_ids` held.
                {
                    let store = open(&dir);
                    store
                        .upsert_events(&batch)
                        .unwrap_or_else(|e| panic!("{e}"));
                }
                let conn = Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
                let before = schema::MIGRATIONS
                    .iter()
                    .position(|m| m.contains("CREATE TABLE source_ids"))
                    .unwrap_or_default();
                // The tables of every later migration go too, the write
                // watermark column of migration 7 and the submitter of 8.
                for table in tables_since(before) {
                    conn.execute_batch(&format!("DROP TABLE {table}"))
                        .unwrap_or_else(|e| panic!("{e}"));
                }
                conn.execute_batch(
                    "DROP INDEX events_by_change; ALTER TABLE events DROP COLUMN changed; \
                     ALTER TABLE reports DROP COLUMN submitted_by;",
                )
                .unwrap_or_else(|e| panic!("{e}"));
                conn.execute_batch(&format!(
                    "INSERT INTO source_keys (dataset, record_id, event_seq) \
                     SELECT substr(id, 1, instr(id, ':') - 1), substr(id, instr(id, ':') + 1), seq \
                     FROM events WHERE seq NOT IN (SELECT event_seq FROM source_keys); \
                     UPDATE events SET content_hash = zeroblob(32); \
                     PRAGMA user_version = {before};"
                ))
                .unwrap_or_else(|e| panic!("{e}"));
                drop(conn);
                let store = open(&dir);
                let again = store
                    .upsert_events(&batch)
                    .unwrap_or_else(|e| panic!("{e}"));
                assert_eq!((again.inserted, again.updated, again.unchanged), (0, 0, 20));
                assert_eq!(store.stats().map(|s| s.sources).ok(), Some(20));
                for e in &batch {
                    assert!(
                        store.event(&e.id.0).ok().flatten().is_some(),
                        "{} lost",
                        e.id
                    );
                    assert!(store.history(&e.id.0).is_ok_and(|h| h.len() == 1));
                }
            };
            with_narrow_hash(bits, run);
        }
    }
}
