//! The embedded backend: one SQLite database in WAL mode holding the records,
//! plus the in-memory [`index::EventIndex`] rebuilt at open and kept current on
//! every write. One writer connection behind a mutex; readers borrow
//! connections from a small pool, so queries run while an import writes.

pub(crate) mod codec;
mod index;
mod schema;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::{Mutex, MutexGuard, RwLock};

use chrono::Utc;
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, params};
use sitrep_model::{
    Actor, ActorKind, ActorRole, DatePrecision, Event, EventActor, EventDate, EventId, EventType,
    Location, LocationPrecision, Source, Status, SubEventType,
};

use crate::query::{Aggregate, AggregateBucket, EventPage, EventQuery};
use crate::{FieldChange, Revision, Store, StoreError, StoreStats, UpsertCounts};
use codec::{actor_key, content_hash, date_from_day, day_number, parse_timestamp, timestamp};
use index::{EventIndex, Filter, IndexRow, cursor_of};

/// The SQLite store. Open with [`SqliteStore::open`]; cheap to share behind an `Arc`.
pub struct SqliteStore {
    path: PathBuf,
    writer: Mutex<Writer>,
    readers: Mutex<Vec<Connection>>,
    index: RwLock<EventIndex>,
}

struct Writer {
    conn: Connection,
    /// Loaded at open, extended as actors are created.
    actor_ids: ActorIds,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave SQLite inconsistent (transactions
    // roll back on drop), so a poisoned lock is still safe to use.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

const EVENT_COLUMNS: &str = "seq, id, event_type, sub_event_type, status, date_start, \
    date_precision, date_end, location_name, country, admin1, admin2, lat, lon, \
    location_precision, fatalities, injuries, notes, tags, first_seen, updated";

impl SqliteStore {
    /// Opens (creating if needed) the store at `path`, migrating its schema and
    /// loading the in-memory index.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref().to_path_buf();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                path: dir.display().to_string(),
                source,
            })?;
        }
        let mut conn = Connection::open(&path)?;
        configure(&conn)?;
        schema::migrate(&mut conn)?;
        let actor_ids = load_actor_ids(&conn)?;
        let index = load_index(&conn)?;
        tracing::debug!(events = index.len(), path = %path.display(), "opened store");
        Ok(SqliteStore {
            path,
            writer: Mutex::new(Writer { conn, actor_ids }),
            readers: Mutex::new(Vec::new()),
            index: RwLock::new(index),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn with_reader<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let conn = match lock(&self.readers).pop() {
            Some(c) => c,
            None => {
                let c = Connection::open_with_flags(
                    &self.path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                c.busy_timeout(std::time::Duration::from_secs(10))?;
                rusqlite::vtab::array::load_module(&c)?;
                c
            }
        };
        let result = f(&conn);
        let mut pool = lock(&self.readers);
        if pool.len() < 8 {
            pool.push(conn);
        }
        result
    }

    /// Runs `f` with the index sorted and read-locked.
    fn with_index<T>(&self, f: impl FnOnce(&EventIndex) -> T) -> T {
        {
            let read = self.index.read().unwrap_or_else(|p| p.into_inner());
            if read.is_sorted() {
                return f(&read);
            }
        }
        let mut write = self.index.write().unwrap_or_else(|p| p.into_inner());
        write.ensure_sorted();
        f(&write)
    }

    /// Compiles a query's actor and text filters into the set of allowed seqs.
    fn filter<'q>(&self, query: &'q EventQuery) -> Result<Filter<'q>, StoreError> {
        query.validate()?;
        let mut filter = Filter::new(query);
        if query.actor.is_none() && query.text.is_none() {
            return Ok(filter);
        }
        self.with_reader(|conn| {
            let mut allowed: Option<HashSet<u32>> = None;
            let mut intersect = |set: HashSet<u32>| {
                allowed = Some(match allowed.take() {
                    Some(prev) => prev.intersection(&set).copied().collect(),
                    None => set,
                });
            };
            if let Some(actor) = &query.actor {
                let mut stmt = conn.prepare_cached(
                    "SELECT ea.event_seq FROM actor_names n \
                     JOIN event_actors ea ON ea.actor_id = n.actor_id WHERE n.name_key = ?1",
                )?;
                let set = stmt
                    .query_map([actor_key(actor)], |r| r.get::<_, u32>(0))?
                    .collect::<Result<_, _>>()?;
                intersect(set);
            }
            if let Some(text) = &query.text {
                let set = match codec::fts_query(text) {
                    Some(q) => {
                        let mut stmt = conn.prepare_cached(
                            "SELECT rowid FROM events_fts WHERE events_fts MATCH ?1",
                        )?;
                        stmt.query_map([q], |r| r.get::<_, u32>(0))?
                            .collect::<Result<_, _>>()?
                    }
                    None => HashSet::new(),
                };
                intersect(set);
            }
            filter.allowed = allowed;
            Ok(())
        })?;
        Ok(filter)
    }

    /// Loads full events by seq, in the order given.
    fn load_events(&self, seqs: &[u32]) -> Result<Vec<Event>, StoreError> {
        if seqs.is_empty() {
            return Ok(vec![]);
        }
        self.with_reader(|conn| load_events(conn, seqs))
    }

    /// The seq of the event with public id `dataset:record_id`.
    fn seq_of(conn: &Connection, id: &str) -> Result<Option<u32>, StoreError> {
        let Some((dataset, record_id)) = id.split_once(':') else {
            return Ok(None);
        };
        Ok(conn
            .prepare_cached(
                "SELECT s.event_seq FROM event_sources s JOIN events e ON e.seq = s.event_seq \
                 WHERE s.dataset = ?1 AND s.record_id = ?2 AND e.id = ?3",
            )?
            .query_row(params![dataset, record_id, id], |r| r.get(0))
            .optional()?)
    }
}

fn configure(conn: &Connection) -> Result<(), StoreError> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // Up to 128 MiB of page cache for the writer: imports touch index pages all over.
    conn.pragma_update(None, "cache_size", -131_072)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    // Every statement of an upsert stays prepared (the default of 16 thrashes).
    conn.set_prepared_statement_cache_capacity(64);
    rusqlite::vtab::array::load_module(conn)?;
    Ok(())
}

fn load_actor_ids(conn: &Connection) -> Result<ActorIds, StoreError> {
    let mut stmt = conn.prepare("SELECT name_key, actor_id FROM actor_names")?;
    let ids = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    Ok(ActorIds {
        ids,
        created: vec![],
    })
}

fn load_index(conn: &Connection) -> Result<EventIndex, StoreError> {
    let mut index = EventIndex::default();
    let mut stmt = conn.prepare(
        "SELECT seq, date_start, lat, lon, fatalities, country, event_type, \
         COALESCE(sub_event_type, 0), category, status FROM events",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let country: Option<String> = r.get(5)?;
        index.push(IndexRow::new(
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            country.as_deref(),
            [r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?],
        ));
    }
    index.ensure_sorted();
    Ok(index)
}

fn corrupt(what: &str, value: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what} {value}"))
}

fn load_events(conn: &Connection, seqs: &[u32]) -> Result<Vec<Event>, StoreError> {
    let ids: Rc<Vec<Value>> = Rc::new(seqs.iter().map(|&s| Value::from(i64::from(s))).collect());
    let mut by_seq: HashMap<u32, Event> = HashMap::with_capacity(seqs.len());
    {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE seq IN rarray(?1)"
        ))?;
        let mut rows = stmt.query([ids.clone()])?;
        while let Some(r) = rows.next()? {
            let seq: u32 = r.get(0)?;
            by_seq.insert(seq, event_from_row(r)?);
        }
    }
    {
        let mut stmt = conn.prepare_cached(
            "SELECT event_seq, dataset, record_id, url, name, retrieved_at FROM event_sources \
             WHERE event_seq IN rarray(?1) ORDER BY event_seq, retrieved_at, dataset, record_id",
        )?;
        let mut rows = stmt.query([ids.clone()])?;
        while let Some(r) = rows.next()? {
            let seq: u32 = r.get(0)?;
            let retrieved: String = r.get(5)?;
            if let Some(e) = by_seq.get_mut(&seq) {
                e.sources.push(Source {
                    dataset: r.get(1)?,
                    record_id: r.get(2)?,
                    url: r.get(3)?,
                    name: r.get(4)?,
                    retrieved_at: parse_timestamp(&retrieved)?,
                });
            }
        }
    }
    {
        let mut stmt = conn.prepare_cached(
            "SELECT ea.event_seq, ea.actor_id, a.name, a.kind, ea.role, ea.claimed \
             FROM event_actors ea JOIN actors a ON a.id = ea.actor_id \
             WHERE ea.event_seq IN rarray(?1) ORDER BY ea.event_seq, ea.position",
        )?;
        let mut rows = stmt.query([ids])?;
        while let Some(r) = rows.next()? {
            let seq: u32 = r.get(0)?;
            let kind: u8 = r.get(3)?;
            let role: u8 = r.get(4)?;
            if let Some(e) = by_seq.get_mut(&seq) {
                e.actors.push(EventActor {
                    actor_id: Some(r.get(1)?),
                    name: r.get(2)?,
                    kind: ActorKind::from_code(kind).ok_or_else(|| corrupt("actor kind", kind))?,
                    role: ActorRole::from_code(role).ok_or_else(|| corrupt("actor role", role))?,
                    claimed: r.get(5)?,
                });
            }
        }
    }
    seqs.iter()
        .map(|s| {
            by_seq
                .remove(s)
                .ok_or_else(|| corrupt("missing event seq", s))
        })
        .collect()
}

fn event_from_row(r: &rusqlite::Row<'_>) -> Result<Event, StoreError> {
    let event_type: u8 = r.get(2)?;
    let sub: Option<u8> = r.get(3)?;
    let status: u8 = r.get(4)?;
    let precision: u8 = r.get(6)?;
    let loc_precision: u8 = r.get(14)?;
    let date_end: Option<i32> = r.get(7)?;
    let first_seen: String = r.get(19)?;
    let updated: String = r.get(20)?;
    let tags: String = r.get(18)?;
    Ok(Event {
        id: EventId(r.get(1)?),
        event_type: EventType::from_code(event_type)
            .ok_or_else(|| corrupt("event type", event_type))?,
        sub_event_type: match sub {
            Some(c) => {
                Some(SubEventType::from_code(c).ok_or_else(|| corrupt("sub-event type", c))?)
            }
            None => None,
        },
        status: Status::from_code(status).ok_or_else(|| corrupt("status", status))?,
        date: EventDate {
            start: date_from_day(r.get(5)?)?,
            precision: DatePrecision::from_code(precision)
                .ok_or_else(|| corrupt("date precision", precision))?,
            end: date_end.map(date_from_day).transpose()?,
        },
        location: Location {
            name: r.get(8)?,
            country: r.get(9)?,
            admin1: r.get(10)?,
            admin2: r.get(11)?,
            lat: r.get(12)?,
            lon: r.get(13)?,
            precision: LocationPrecision::from_code(loc_precision)
                .ok_or_else(|| corrupt("location precision", loc_precision))?,
        },
        fatalities: r.get(15)?,
        injuries: r.get(16)?,
        actors: vec![],
        notes: r.get(17)?,
        tags: codec::split_tags(&tags),
        sources: vec![],
        first_seen: parse_timestamp(&first_seen)?,
        updated: parse_timestamp(&updated)?,
    })
}

/// Actor ids by [`actor_key`] of every name and alias, and the keys the
/// current batch created (forgotten again if it rolls back).
#[derive(Default)]
struct ActorIds {
    ids: HashMap<String, i64>,
    created: Vec<String>,
}

/// The actor id for a name, creating the actor on first sight.
fn actor_id(
    tx: &Transaction<'_>,
    actor_ids: &mut ActorIds,
    name: &str,
    kind: ActorKind,
) -> Result<i64, StoreError> {
    let key = actor_key(name);
    if let Some(&id) = actor_ids.ids.get(&key) {
        return Ok(id);
    }
    tx.prepare_cached("INSERT INTO actors (name, kind) VALUES (?1, ?2)")?
        .execute(params![name.trim(), kind.code()])?;
    let id = tx.last_insert_rowid();
    tx.prepare_cached(
        "INSERT INTO actor_names (name_key, actor_id, name, is_alias) VALUES (?1, ?2, ?3, 0)",
    )?
    .execute(params![key, id, name.trim()])?;
    actor_ids.created.push(key.clone());
    actor_ids.ids.insert(key, id);
    Ok(id)
}

fn write_event_rows(
    tx: &Transaction<'_>,
    actor_ids: &mut ActorIds,
    seq: Option<u32>,
    e: &Event,
    hash: &[u8; 32],
    revision: u32,
) -> Result<u32, StoreError> {
    let values = params![
        e.id.0,
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
        timestamp(e.first_seen),
        timestamp(e.updated),
        &hash[..],
        revision,
    ];
    let seq = match seq {
        None => {
            tx.prepare_cached(
                "INSERT INTO events (id, event_type, sub_event_type, status, category, \
                     date_start, date_precision, date_end, location_name, country, admin1, admin2, \
                     lat, lon, location_precision, fatalities, injuries, notes, tags, first_seen, \
                     updated, content_hash, revision) VALUES \
                     (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, \
                     ?18, ?19, ?20, ?21, ?22, ?23)",
            )?
            .execute(values)?;
            u32::try_from(tx.last_insert_rowid())
                .map_err(|_| StoreError::Corrupt("more than 4 billion events".into()))?
        }
        Some(seq) => {
            tx.prepare_cached(
                "UPDATE events SET id = ?1, event_type = ?2, sub_event_type = ?3, status = ?4, \
                     category = ?5, date_start = ?6, date_precision = ?7, date_end = ?8, \
                     location_name = ?9, country = ?10, admin1 = ?11, admin2 = ?12, lat = ?13, \
                     lon = ?14, location_precision = ?15, fatalities = ?16, injuries = ?17, \
                     notes = ?18, tags = ?19, first_seen = ?20, updated = ?21, content_hash = ?22, \
                     revision = ?23 WHERE seq = ?24",
            )?
            .execute(rusqlite::params_from_iter(
                values
                    .iter()
                    .copied()
                    .chain(std::iter::once(&seq as &dyn rusqlite::ToSql)),
            ))?;
            tx.prepare_cached("DELETE FROM event_actors WHERE event_seq = ?1")?
                .execute([seq])?;
            tx.prepare_cached("DELETE FROM events_fts WHERE rowid = ?1")?
                .execute([seq])?;
            seq
        }
    };
    for s in &e.sources {
        tx.prepare_cached(
            "INSERT INTO event_sources (dataset, record_id, event_seq, url, name, retrieved_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (dataset, record_id) DO UPDATE SET \
                 url = excluded.url, name = excluded.name",
        )?
        .execute(params![
            s.dataset,
            s.record_id,
            seq,
            s.url,
            s.name,
            timestamp(s.retrieved_at)
        ])?;
    }
    for (position, a) in e.actors.iter().enumerate() {
        let actor_id = actor_id(tx, actor_ids, &a.name, a.kind)?;
        tx.prepare_cached(
            "INSERT INTO event_actors (event_seq, position, actor_id, role, claimed) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            seq,
            position as i64,
            actor_id,
            a.role.code(),
            a.claimed
        ])?;
    }
    tx.prepare_cached("INSERT INTO events_fts (rowid, body) VALUES (?1, ?2)")?
        .execute(params![seq, codec::search_body(e)])?;
    Ok(seq)
}

fn validate_event(e: &Event) -> Result<&Source, StoreError> {
    let invalid = |why: &str| StoreError::InvalidQuery(format!("event {}: {why}", e.id));
    let key = e.sources.first().ok_or_else(|| invalid("has no source"))?;
    if e.id != EventId::for_source(&key.dataset, &key.record_id) || key.dataset.contains(':') {
        return Err(invalid(
            "id must be `dataset:record_id` of its first source",
        ));
    }
    if !(-90.0..=90.0).contains(&e.location.lat) || !(-180.0..=180.0).contains(&e.location.lon) {
        return Err(invalid("coordinates out of range"));
    }
    if e.actors.iter().any(|a| a.name.trim().is_empty()) {
        return Err(invalid("actor with an empty name"));
    }
    Ok(key)
}

impl Store for SqliteStore {
    fn upsert_events(&self, events: &[Event]) -> Result<UpsertCounts, StoreError> {
        let mut counts = UpsertCounts::default();
        let mut index_rows = Vec::with_capacity(events.len());
        let mut writer = lock(&self.writer);
        let Writer { conn, actor_ids } = &mut *writer;
        actor_ids.created.clear();
        let written = conn.transaction().map_err(StoreError::from).and_then(|tx| {
            upsert_in(&tx, actor_ids, events, &mut counts, &mut index_rows)?;
            Ok(tx.commit()?)
        });
        if let Err(e) = written {
            // The batch rolled back: forget the actors it created.
            for key in actor_ids.created.drain(..) {
                actor_ids.ids.remove(&key);
            }
            return Err(e);
        }
        drop(writer);
        if !index_rows.is_empty() {
            let mut index = self.index.write().unwrap_or_else(|p| p.into_inner());
            for (row, is_new) in index_rows {
                if is_new {
                    index.push(row);
                } else {
                    index.replace(row);
                }
            }
        }
        Ok(counts)
    }

    fn event(&self, id: &str) -> Result<Option<Event>, StoreError> {
        self.with_reader(|conn| match Self::seq_of(conn, id)? {
            Some(seq) => Ok(load_events(conn, &[seq])?.pop()),
            None => Ok(None),
        })
    }

    fn events(&self, query: &EventQuery) -> Result<EventPage, StoreError> {
        let filter = self.filter(query)?;
        let (rows, more, total) = self.with_index(|index| index.page(&filter));
        let seqs: Vec<u32> = rows.iter().map(|r| r.seq).collect();
        Ok(EventPage {
            events: self.load_events(&seqs)?,
            total,
            next_cursor: if more {
                rows.last().map(cursor_of)
            } else {
                None
            },
        })
    }

    fn aggregate(
        &self,
        query: &EventQuery,
        aggregate: &Aggregate,
    ) -> Result<Vec<AggregateBucket>, StoreError> {
        if let Aggregate::Grid {
            zoom,
            cells_per_tile,
        } = aggregate
            && (*zoom > 20 || *cells_per_tile == 0 || *cells_per_tile > 64)
        {
            return Err(StoreError::InvalidQuery(
                "grid: zoom must be 0..=20 and cells per tile 1..=64".into(),
            ));
        }
        let filter = self.filter(query)?;
        self.with_index(|index| index.aggregate(&filter, aggregate))
    }

    fn history(&self, id: &str) -> Result<Vec<Revision>, StoreError> {
        self.with_reader(|conn| {
            let Some(seq) = Self::seq_of(conn, id)? else {
                return Ok(vec![]);
            };
            let first_seen: String = conn
                .prepare_cached("SELECT first_seen FROM events WHERE seq = ?1")?
                .query_row([seq], |r| r.get(0))?;
            let mut out = vec![Revision {
                revision: 1,
                at: parse_timestamp(&first_seen)?,
                source: id.to_owned(),
                changes: vec![],
            }];
            let mut stmt = conn.prepare_cached(
                "SELECT revision, at, source, changes FROM event_revisions \
                 WHERE event_seq = ?1 ORDER BY revision",
            )?;
            let mut rows = stmt.query([seq])?;
            while let Some(r) = rows.next()? {
                let at: String = r.get(1)?;
                let changes: String = r.get(3)?;
                out.push(Revision {
                    revision: r.get(0)?,
                    at: parse_timestamp(&at)?,
                    source: r.get(2)?,
                    changes: codec::decode_changes(&changes)?,
                });
            }
            Ok(out)
        })
    }

    fn actor(&self, name: &str) -> Result<Option<Actor>, StoreError> {
        self.with_reader(|conn| {
            let found = conn
                .prepare_cached(
                    "SELECT a.id, a.name, a.kind FROM actor_names n JOIN actors a ON a.id = n.actor_id \
                     WHERE n.name_key = ?1",
                )?
                .query_row([actor_key(name)], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, u8>(2)?))
                })
                .optional()?;
            let Some((id, name, kind)) = found else {
                return Ok(None);
            };
            let aliases = conn
                .prepare_cached(
                    "SELECT name FROM actor_names WHERE actor_id = ?1 AND is_alias = 1 ORDER BY name",
                )?
                .query_map([id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            Ok(Some(Actor {
                id,
                name,
                kind: ActorKind::from_code(kind).ok_or_else(|| corrupt("actor kind", kind))?,
                aliases,
            }))
        })
    }

    fn stats(&self) -> Result<StoreStats, StoreError> {
        let (events, range) = self.with_index(|i| (i.len() as u64, i.date_range()));
        let (actors, sources) = self.with_reader(|conn| {
            Ok(conn.query_row(
                "SELECT (SELECT COUNT(*) FROM actors), (SELECT COUNT(*) FROM event_sources)",
                [],
                |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
            )?)
        })?;
        Ok(StoreStats {
            events,
            actors,
            sources,
            first_date: range.map(|(a, _)| date_from_day(a)).transpose()?,
            last_date: range.map(|(_, b)| date_from_day(b)).transpose()?,
        })
    }
}

fn upsert_in(
    tx: &Transaction<'_>,
    actor_ids: &mut ActorIds,
    events: &[Event],
    counts: &mut UpsertCounts,
    index_rows: &mut Vec<(IndexRow, bool)>,
) -> Result<(), StoreError> {
    let now = Utc::now();
    for e in events {
        let key = validate_event(e)?;
        let hash = content_hash(e);
        let existing: Option<(u32, Vec<u8>, u32, String)> = tx
            .prepare_cached(
                "SELECT e.seq, e.content_hash, e.revision, e.first_seen FROM event_sources s \
                 JOIN events e ON e.seq = s.event_seq WHERE s.dataset = ?1 AND s.record_id = ?2",
            )?
            .query_row(params![key.dataset, key.record_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        let source_label = format!("{}:{}", key.dataset, key.record_id);
        match existing {
            Some((_, old_hash, _, _)) if old_hash == hash => counts.unchanged += 1,
            Some((seq, _, revision, first_seen)) => {
                let old = load_events(tx, &[seq])?
                    .pop()
                    .ok_or_else(|| corrupt("missing event seq", seq))?;
                let changes: Vec<FieldChange> = codec::diff(&old, e);
                let mut stored = e.clone();
                stored.id = old.id.clone();
                stored.first_seen = parse_timestamp(&first_seen)?;
                stored.updated = now;
                write_event_rows(tx, actor_ids, Some(seq), &stored, &hash, revision + 1)?;
                write_revision(tx, seq, revision + 1, &source_label, &changes, now)?;
                index_rows.push((IndexRow::from_event(seq, &stored), false));
                counts.updated += 1;
            }
            None => {
                let mut stored = e.clone();
                stored.first_seen = now;
                stored.updated = now;
                let seq = write_event_rows(tx, actor_ids, None, &stored, &hash, 1)?;
                index_rows.push((IndexRow::from_event(seq, &stored), true));
                counts.inserted += 1;
            }
        }
    }
    Ok(())
}

fn write_revision(
    tx: &Transaction<'_>,
    seq: u32,
    revision: u32,
    source: &str,
    changes: &[FieldChange],
    at: chrono::DateTime<Utc>,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO event_revisions (event_seq, revision, at, source, changes) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![seq, revision, timestamp(at), source, codec::encode_changes(changes)])?;
    Ok(())
}
