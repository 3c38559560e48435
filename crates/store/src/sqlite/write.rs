//! The write path. Upserts store each event as one row (sources and actor links
//! inline) plus its source keys, in one transaction per batch; the derived
//! search tables (actor → events, full text) are brought up to date afterwards
//! by [`catch_up`], which any actor or text query runs first.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction, params};
use sitrep_model::{ActorKind, Event, EventId, SubEventType};

use super::index::IndexRow;
use super::merge;
use super::read::{corrupt, load_events};
use super::source_keys::{self, Claim};
use crate::codec::{self, actor_key, content_hash, day_number, from_timestamp, timestamp};
use crate::merge::{REPORT_DATASET, SourceClaim};
use crate::query::EventQuery;
use crate::validate;
use crate::{StoreError, UpsertCounts};

/// Actor ids by [`actor_key`] of every name and alias, the same by exact
/// spelling as seen (a fast path: most names recur spelled the same), and the
/// keys the current batch created (forgotten again if it rolls back).
#[derive(Default)]
pub struct ActorIds {
    pub ids: HashMap<String, i64>,
    exact: HashMap<String, i64>,
    pub created: Vec<String>,
}

impl ActorIds {
    pub fn load(conn: &Connection) -> Result<Self, StoreError> {
        let mut stmt = conn.prepare("SELECT name_key, actor_id FROM actor_names")?;
        let ids = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(ActorIds {
            ids,
            exact: HashMap::new(),
            created: vec![],
        })
    }

    /// Forgets the actors of a batch that rolled back.
    pub fn rollback(&mut self) {
        for key in self.created.drain(..) {
            self.ids.remove(&key);
        }
        self.exact.clear();
    }

    /// The actor id for a name, creating the actor on first sight.
    fn id(&mut self, tx: &Transaction<'_>, name: &str, kind: ActorKind) -> Result<i64, StoreError> {
        if let Some(&id) = self.exact.get(name) {
            return Ok(id);
        }
        let key = actor_key(name);
        if let Some(&id) = self.ids.get(&key) {
            self.exact.insert(name.to_owned(), id);
            return Ok(id);
        }
        let canonical = name.split_whitespace().collect::<Vec<_>>().join(" ");
        tx.prepare_cached("INSERT INTO actors (name, kind) VALUES (?1, ?2)")?
            .execute(params![canonical, kind.code()])?;
        let id = tx.last_insert_rowid();
        tx.prepare_cached(
            "INSERT INTO actor_names (name_key, actor_id, name, is_alias) VALUES (?1, ?2, ?3, 0)",
        )?
        .execute(params![key, id, canonical])?;
        self.created.push(key.clone());
        self.ids.insert(key, id);
        self.exact.insert(name.to_owned(), id);
        Ok(id)
    }
}

/// What an upsert did to one event, for the in-memory index.
pub enum Written {
    Inserted(IndexRow),
    Updated(IndexRow),
}

/// Upserts a batch inside `tx`; see [`crate::Store::upsert_events`].
/// `nearby` answers queries from the in-memory index, to find the stored
/// event a record from another source duplicates ([`merge::find_duplicate`]).
pub fn upsert(
    tx: &Transaction<'_>,
    actors: &mut ActorIds,
    events: &[Event],
    nearby: &dyn Fn(&EventQuery) -> Vec<IndexRow>,
    counts: &mut UpsertCounts,
    written: &mut Vec<Written>,
) -> Result<(), StoreError> {
    let now = Utc::now();
    let mut scratch = Vec::with_capacity(2048);
    // Seqs are handed out here (the transaction holds the write lock), so a
    // new record's key is stored in the same step that finds it unknown.
    let mut next_seq: u32 =
        tx.query_row("SELECT COALESCE(MAX(seq), 0) + 1 FROM events", [], |r| {
            r.get(0)
        })?;
    let mut clock = Clock::load(tx)?;
    let mut datasets = Datasets::load(tx)?;
    for e in events {
        let key = validate(e)?;
        let hash = content_hash(e, &mut scratch);
        // Only a record from another source than every stored one can be a
        // duplicate: a plain import into a one-dataset store never looks.
        let claim = if datasets.may_duplicate(&key.dataset) {
            match source_keys::find(tx, &key.dataset, &key.record_id)? {
                Some(seq) => Claim::Existing(seq),
                None => match merge::find_duplicate(tx, e, nearby)? {
                    Some(seq) => {
                        if let Some(row) = merge_into(tx, actors, &mut clock, seq, e, &hash, now)? {
                            written.push(Written::Updated(row));
                        }
                        counts.merged += 1;
                        continue;
                    }
                    None => source_keys::claim(tx, &key.dataset, &key.record_id, next_seq)?,
                },
            }
        } else {
            source_keys::claim(tx, &key.dataset, &key.record_id, next_seq)?
        };
        match claim {
            Claim::New { recorded } => {
                let seq = next_seq;
                next_seq = seq
                    .checked_add(1)
                    .ok_or_else(|| StoreError::Corrupt("more than 4 billion events".into()))?;
                let stamps = Stamps {
                    id: &e.id,
                    first_seen: now,
                    updated: now,
                };
                let row = Row::New(seq);
                write_row(tx, actors, &mut clock, row, e, &stamps, &hash, 1)?;
                // The first key is stored already when the claim recorded it.
                for s in &e.sources[usize::from(recorded)..] {
                    source_keys::insert(tx, &s.dataset, &s.record_id, seq)?;
                }
                datasets.note(tx, &key.dataset)?;
                written.push(Written::Inserted(IndexRow::from_event(seq, e)));
                counts.inserted += 1;
            }
            Claim::Existing(seq) => match update(tx, actors, &mut clock, seq, e, &hash, now)? {
                Some(row) => {
                    written.push(Written::Updated(row));
                    counts.updated += 1;
                }
                None => counts.unchanged += 1,
            },
        }
    }
    Ok(())
}

/// Hands out write numbers (column `changed`, migration 7): the next after
/// the highest stored. Read inside the write transaction, which holds the
/// write lock, so numbers grow in commit order.
struct Clock(i64);

impl Clock {
    fn load(conn: &Connection) -> Result<Self, StoreError> {
        let last: i64 = conn
            .prepare_cached("SELECT COALESCE(MAX(changed), 0) FROM events")?
            .query_row([], |r| r.get(0))?;
        Ok(Clock(last))
    }

    fn tick(&mut self) -> i64 {
        self.0 += 1;
        self.0
    }
}

/// The datasets the store holds events from (table `datasets`).
struct Datasets(HashSet<String>);

impl Datasets {
    fn load(conn: &Connection) -> Result<Self, StoreError> {
        let mut stmt = conn.prepare_cached("SELECT dataset FROM datasets")?;
        let names = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(Datasets(names))
    }

    /// Whether a new record of `dataset` may duplicate a stored event: it is
    /// a report (each report is its own source), or another dataset is stored.
    fn may_duplicate(&self, dataset: &str) -> bool {
        dataset == REPORT_DATASET || self.0.iter().any(|d| d != dataset)
    }

    fn note(&mut self, conn: &Connection, dataset: &str) -> Result<(), StoreError> {
        if !self.0.contains(dataset) {
            conn.prepare_cached("INSERT OR IGNORE INTO datasets (dataset) VALUES (?1)")?
                .execute([dataset])?;
            self.0.insert(dataset.to_owned());
        }
        Ok(())
    }
}

/// The stored row's hash, revision and first-seen time.
fn row_state(conn: &Connection, seq: u32) -> Result<(Vec<u8>, u32, i64), StoreError> {
    Ok(conn
        .prepare_cached("SELECT content_hash, revision, first_seen FROM events WHERE seq = ?1")?
        .query_row([seq], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?)
}

fn load_one(conn: &Connection, seq: u32) -> Result<Event, StoreError> {
    load_events(conn, &[seq])?
        .pop()
        .ok_or_else(|| corrupt("missing event seq", seq))
}

/// Adds record `e` as a further source of stored event `seq` (same
/// incident): keeps both sources' claims and shows the best-supported values.
/// Returns the event's new index row when it changed.
fn merge_into(
    tx: &Transaction<'_>,
    actors: &mut ActorIds,
    clock: &mut Clock,
    seq: u32,
    e: &Event,
    hash: &[u8; 16],
    now: DateTime<Utc>,
) -> Result<Option<IndexRow>, StoreError> {
    let (row_hash, revision, first_seen) = row_state(tx, seq)?;
    let current = load_one(tx, seq)?;
    let mut claims = merge::claims(tx, seq)?;
    if claims.is_empty() {
        // Until now the row was its one source's record, hashed as imported.
        let own = SourceClaim::of(&current);
        merge::save_claim(tx, seq, &own, &row_hash)?;
        claims.push(own);
    }
    let incoming = SourceClaim::of(e);
    merge::save_claim(tx, seq, &incoming, hash)?;
    claims.push(incoming);
    for s in &e.sources {
        source_keys::insert(tx, &s.dataset, &s.record_id, seq)?;
    }
    let merged = crate::merge::combine(&current, e, &claims);
    rewrite(
        tx,
        actors,
        clock,
        seq,
        (&current, &merged),
        (revision, first_seen),
        now,
        &e.id,
    )
}

/// Brings stored event `seq` up to date with its source's record `e`, unless
/// the record is unchanged. Returns the event's new index row when it changed.
fn update(
    tx: &Transaction<'_>,
    actors: &mut ActorIds,
    clock: &mut Clock,
    seq: u32,
    e: &Event,
    hash: &[u8; 16],
    now: DateTime<Utc>,
) -> Result<Option<IndexRow>, StoreError> {
    // A merged event: compare with what this source said last time, and
    // re-decide the shown values with its new claims.
    if let Some(claim_hash) = merge::claim_hash(tx, seq, &e.id.0)? {
        if claim_hash == hash {
            return Ok(None);
        }
        merge::save_claim(tx, seq, &SourceClaim::of(e), hash)?;
        let (_, revision, first_seen) = row_state(tx, seq)?;
        let current = load_one(tx, seq)?;
        let merged = crate::merge::combine(&current, e, &merge::claims(tx, seq)?);
        // The source's claim changed even when the values shown stay the same.
        let row = rewrite(
            tx,
            actors,
            clock,
            seq,
            (&current, &merged),
            (revision, first_seen),
            now,
            &e.id,
        )?;
        return Ok(Some(
            row.unwrap_or_else(|| IndexRow::from_event(seq, &current)),
        ));
    }
    let (old_hash, revision, first_seen) = row_state(tx, seq)?;
    if old_hash == hash {
        return Ok(None);
    }
    let old = load_one(tx, seq)?;
    let row = rewrite(
        tx,
        actors,
        clock,
        seq,
        (&old, e),
        (revision, first_seen),
        now,
        &e.id,
    )?;
    if row.is_none() {
        // Same content under an older hash function: refresh the hash only.
        tx.prepare_cached("UPDATE events SET content_hash = ?1 WHERE seq = ?2")?
            .execute(params![&hash[..], seq])?;
    }
    for s in &e.sources {
        source_keys::insert(tx, &s.dataset, &s.record_id, seq)?;
    }
    Ok(row)
}

/// Rewrites stored event `seq` from `old` to `new` as the next revision,
/// caused by record `cause`; `None` (and nothing written) when no field differs.
#[allow(clippy::too_many_arguments)]
fn rewrite(
    tx: &Transaction<'_>,
    actors: &mut ActorIds,
    clock: &mut Clock,
    seq: u32,
    (old, new): (&Event, &Event),
    (revision, first_seen): (u32, i64),
    now: DateTime<Utc>,
    cause: &EventId,
) -> Result<Option<IndexRow>, StoreError> {
    let changes = codec::diff(old, new);
    if changes.is_empty() {
        return Ok(None);
    }
    let stamps = Stamps {
        id: &old.id,
        first_seen: from_timestamp(first_seen)?,
        updated: now,
    };
    let hash = content_hash(new, &mut Vec::new());
    write_row(
        tx,
        actors,
        clock,
        Row::Existing(seq),
        new,
        &stamps,
        &hash,
        revision + 1,
    )?;
    tx.prepare_cached(
        "INSERT INTO event_revisions (event_seq, revision, at, source, changes) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        seq,
        revision + 1,
        timestamp(now),
        cause.0,
        codec::encode_changes(&changes)
    ])?;
    tx.prepare_cached("INSERT OR IGNORE INTO derived_pending (event_seq) VALUES (?1)")?
        .execute([seq])?;
    Ok(Some(IndexRow::from_event(seq, new)))
}

/// Whether [`write_row`] inserts a new row or rewrites an existing one.
enum Row {
    New(u32),
    Existing(u32),
}

/// The store-owned fields of a row: its id and timestamps.
struct Stamps<'a> {
    id: &'a EventId,
    first_seen: DateTime<Utc>,
    updated: DateTime<Utc>,
}

#[allow(clippy::too_many_arguments)]
fn write_row(
    tx: &Transaction<'_>,
    actors: &mut ActorIds,
    clock: &mut Clock,
    row: Row,
    e: &Event,
    stamps: &Stamps<'_>,
    hash: &[u8; 16],
    revision: u32,
) -> Result<(), StoreError> {
    let links: Vec<codec::ActorLink> = e
        .actors
        .iter()
        .map(|a| Ok((actors.id(tx, &a.name, a.kind)?, a.role.code(), a.claimed)))
        .collect::<Result<_, StoreError>>()?;
    let (Row::New(seq) | Row::Existing(seq)) = row;
    let values = params![
        stamps.id.0,
        e.event_type.code(),
        e.sub_event_type.map(SubEventType::code),
        e.status.code(),
        e.category().code(),
        day_number(e.date.start),
        e.date.precision.code(),
        e.date.end.map(day_number),
        e.location.name,
        e.location.country,
        e.location.admin1,
        e.location.admin2,
        e.location.lat,
        e.location.lon,
        e.location.precision.code(),
        e.fatalities,
        e.injuries,
        e.notes,
        codec::join_tags(&e.tags),
        codec::encode_actors(&links),
        codec::encode_sources(&e.sources),
        timestamp(stamps.first_seen),
        timestamp(stamps.updated),
        &hash[..],
        revision,
        seq,
        clock.tick(),
    ];
    match row {
        Row::New(_) => {
            tx.prepare_cached(
                "INSERT INTO events (id, event_type, sub_event_type, status, category, \
                 date_start, date_precision, date_end, location_name, country, admin1, admin2, \
                 lat, lon, location_precision, fatalities, injuries, notes, tags, actors, sources, \
                 first_seen, updated, content_hash, revision, seq, changed) VALUES \
                 (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, \
                 ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)",
            )?
            .execute(values)?;
        }
        Row::Existing(_) => {
            tx.prepare_cached(
                "UPDATE events SET id = ?1, event_type = ?2, sub_event_type = ?3, status = ?4, \
                 category = ?5, date_start = ?6, date_precision = ?7, date_end = ?8, \
                 location_name = ?9, country = ?10, admin1 = ?11, admin2 = ?12, lat = ?13, \
                 lon = ?14, location_precision = ?15, fatalities = ?16, injuries = ?17, \
                 notes = ?18, tags = ?19, actors = ?20, sources = ?21, first_seen = ?22, \
                 updated = ?23, content_hash = ?24, revision = ?25, changed = ?27 \
                 WHERE seq = ?26",
            )?
            .execute(values)?;
        }
    }
    Ok(())
}

/// Events indexed per transaction while catching up.
const CATCH_UP_CHUNK: i64 = 50_000;

/// Brings the derived tables (actor → events, full text) up to date with the
/// events: re-indexes updated events, then indexes every event past the
/// watermark, in chunks of [`CATCH_UP_CHUNK`] events per transaction.
/// Returns how many events it indexed.
pub fn catch_up(conn: &mut Connection) -> Result<u64, StoreError> {
    let mut indexed = 0;
    loop {
        let tx = conn.transaction()?;
        let through: i64 = tx.query_row("SELECT indexed_through FROM derived_state", [], |r| {
            r.get(0)
        })?;
        let pending: Vec<i64> = tx
            .prepare_cached("SELECT event_seq FROM derived_pending WHERE event_seq <= ?1")?
            .query_map([through], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for &seq in &pending {
            tx.prepare_cached("DELETE FROM events_fts WHERE rowid = ?1")?
                .execute([seq])?;
            tx.prepare_cached("DELETE FROM event_actors WHERE event_seq = ?1")?
                .execute([seq])?;
            index_events(&tx, "seq = ?1", [seq])?;
        }
        tx.execute("DELETE FROM derived_pending", [])?;
        let next_through: i64 = tx.query_row(
            "SELECT COALESCE(MAX(seq), ?1) FROM (SELECT seq FROM events WHERE seq > ?1 \
             ORDER BY seq LIMIT ?2)",
            params![through, CATCH_UP_CHUNK],
            |r| r.get(0),
        )?;
        let n = if next_through > through {
            index_events(&tx, "seq > ?1 AND seq <= ?2", (through, next_through))?
        } else {
            0
        };
        tx.execute(
            "UPDATE derived_state SET indexed_through = ?1",
            [next_through],
        )?;
        tx.commit()?;
        indexed += n + pending.len() as u64;
        if n == 0 {
            return Ok(indexed);
        }
        tracing::info!(indexed, "building the actor and text indexes");
    }
}

/// Indexes the events selected by `condition` into the derived tables.
fn index_events(
    tx: &Transaction<'_>,
    condition: &str,
    args: impl rusqlite::Params,
) -> Result<u64, StoreError> {
    let mut names: HashMap<i64, String> = HashMap::new();
    let mut stmt = tx.prepare(&format!(
        "SELECT seq, notes, location_name, admin1, admin2, actors FROM events WHERE {condition}"
    ))?;
    let mut rows = stmt.query(args)?;
    let mut count = 0;
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let notes: String = r.get(1)?;
        let place: String = r.get(2)?;
        let admin1: Option<String> = r.get(3)?;
        let admin2: Option<String> = r.get(4)?;
        let links = codec::decode_actors(&r.get::<_, String>(5)?)?;
        for &(actor_id, _, _) in &links {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO event_actors (event_seq, actor_id) VALUES (?1, ?2)",
            )?
            .execute([seq, actor_id])?;
            if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(actor_id) {
                let name: String = tx
                    .prepare_cached("SELECT name FROM actors WHERE id = ?1")?
                    .query_row([actor_id], |r| r.get(0))?;
                slot.insert(name);
            }
        }
        let body = codec::search_body(
            [
                Some(notes.as_str()),
                Some(place.as_str()),
                admin1.as_deref(),
                admin2.as_deref(),
            ]
            .into_iter()
            .flatten()
            .chain(
                links
                    .iter()
                    .filter_map(|l| names.get(&l.0).map(String::as_str)),
            ),
        );
        tx.prepare_cached("INSERT INTO events_fts (rowid, body) VALUES (?1, ?2)")?
            .execute(params![seq, body])?;
        count += 1;
    }
    Ok(count)
}
