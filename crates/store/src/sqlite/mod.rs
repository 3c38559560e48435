//! The embedded backend: one SQLite database in WAL mode holding the records,
//! plus the in-memory [`index::EventIndex`] rebuilt at open and kept current on
//! every write. One writer connection behind a mutex; readers borrow
//! connections from a small pool, so queries run while an import writes.
//! Actor and full-text lookups use derived tables that trail the writes and
//! are caught up before any query that needs them ([`write::catch_up`]).

mod access;
mod feeds;
mod index;
mod merge;
mod overrides;
mod read;
mod reports;
mod schema;
mod source_keys;
mod write;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, RwLock};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use sitrep_model::{Actor, ActorKind, Event};

use crate::codec::{actor_key, date_from_day, from_timestamp};
use crate::overrides::{NewOverride, OverrideAudit, RiskOverride};
use crate::query::{Aggregate, AggregateBucket, EventPage, EventQuery};
use crate::reports::{NewReport, ReportWrite, StoredReport};
use crate::{ChangePage, Revision, Store, StoreError, StoreStats, UpsertCounts};
use index::{EventIndex, Filter, IndexRow, cursor_of};
use read::{corrupt, load_events};
use write::{ActorIds, Written};

pub use access::SqliteAccess;

/// The SQLite store. Open with [`SqliteStore::open`]; cheap to share behind an `Arc`.
pub struct SqliteStore {
    path: PathBuf,
    writer: Mutex<Writer>,
    readers: Mutex<Vec<Connection>>,
    index: RwLock<EventIndex>,
    /// False when events were written since the derived tables were last caught up.
    derived_current: AtomicBool,
}

struct Writer {
    conn: Connection,
    /// Loaded at open, extended as actors are created.
    actors: ActorIds,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave SQLite inconsistent (transactions
    // roll back on drop), so a poisoned lock is still safe to use.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

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
        let actors = ActorIds::load(&conn)?;
        let index = load_index(&conn)?;
        tracing::debug!(events = index.len(), path = %path.display(), "opened store");
        Ok(SqliteStore {
            path,
            writer: Mutex::new(Writer { conn, actors }),
            readers: Mutex::new(Vec::new()),
            index: RwLock::new(index),
            derived_current: AtomicBool::new(false),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Upserts `events` and runs `more` in the same transaction, then brings
    /// the in-memory index up to date.
    fn write_events<T>(
        &self,
        events: &[Event],
        more: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<(UpsertCounts, T), StoreError> {
        let mut counts = UpsertCounts::default();
        let mut written = Vec::with_capacity(events.len());
        let mut writer = lock(&self.writer);
        let Writer { conn, actors } = &mut *writer;
        actors.created.clear();
        // Immediate: take the write lock before reading, as the upsert hands
        // out seqs from what it reads.
        let result = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(StoreError::from)
            .and_then(|tx| {
                let nearby = |query: &EventQuery| {
                    let filter = Filter::new(query);
                    self.with_index(|index| index.page(&filter).0)
                };
                write::upsert(&tx, actors, events, &nearby, &mut counts, &mut written)?;
                let extra = more(&tx)?;
                tx.commit()?;
                Ok(extra)
            });
        let extra = match result {
            Ok(extra) => extra,
            Err(e) => {
                actors.rollback();
                return Err(e);
            }
        };
        if !written.is_empty() {
            self.derived_current.store(false, Ordering::Release);
            let mut index = self.index.write().unwrap_or_else(|p| p.into_inner());
            for w in written {
                match w {
                    Written::Inserted(row) => index.push(row),
                    Written::Updated(row) => index.replace(row),
                }
            }
        }
        drop(writer);
        Ok((counts, extra))
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
        self.build_search_indexes()?;
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
                let set = match crate::codec::fts_query(text) {
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

    /// The seq of the event with public id `dataset:record_id`.
    fn seq_of(conn: &Connection, id: &str) -> Result<Option<u32>, StoreError> {
        let Some((dataset, record_id)) = id.split_once(':') else {
            return Ok(None);
        };
        // Any of an event's source keys finds it (a merged event has several).
        source_keys::find(conn, dataset, record_id)
    }
}

fn configure(conn: &Connection) -> Result<(), StoreError> {
    // 16 KiB pages for new stores: a quarter of the B-tree cells, WAL frames
    // and page splits per imported row compared with 4 KiB (measured ~15 %
    // less CPU per imported row). Ignored once the database has pages.
    conn.pragma_update(None, "page_size", 16_384)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // Up to 128 MiB of page cache for the writer: imports touch index pages all over.
    conn.pragma_update(None, "cache_size", -131_072)?;
    // Checkpoint every 64 MiB of WAL rather than every 4 MiB: far fewer page
    // copies and fsyncs while importing.
    conn.pragma_update(None, "wal_autocheckpoint", 16_384)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    // Every statement of an upsert stays prepared (the default of 16 thrashes).
    conn.set_prepared_statement_cache_capacity(64);
    rusqlite::vtab::array::load_module(conn)?;
    source_keys::register(conn)?;
    Ok(())
}

fn load_index(conn: &Connection) -> Result<EventIndex, StoreError> {
    let mut index = EventIndex::default();
    let mut stmt = conn.prepare(
        "SELECT seq, date_start, lat, lon, fatalities, country, event_type, \
         COALESCE(sub_event_type, 0), category, status, admin1 FROM events",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let country: Option<String> = r.get(5)?;
        let admin1: Option<String> = r.get(10)?;
        index.push(
            IndexRow::new(
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                country.as_deref(),
                [r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?],
            )
            .with_admin1(admin1.as_deref()),
        );
    }
    index.ensure_sorted();
    Ok(index)
}

impl Store for SqliteStore {
    /// Brings the actor and full-text indexes up to date with every write so
    /// far (queries do this on demand; call it after an import to pay the cost
    /// up front). Returns the number of events indexed.
    fn build_search_indexes(&self) -> Result<u64, StoreError> {
        if self.derived_current.load(Ordering::Acquire) {
            return Ok(0);
        }
        let mut writer = lock(&self.writer);
        let indexed = write::catch_up(&mut writer.conn)?;
        // Writes wait for the writer lock, so nothing was written meanwhile.
        self.derived_current.store(true, Ordering::Release);
        Ok(indexed)
    }

    fn upsert_events(&self, events: &[Event]) -> Result<UpsertCounts, StoreError> {
        self.write_events(events, |_| Ok(()))
            .map(|(counts, ())| counts)
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
            events: self.with_reader(|conn| load_events(conn, &seqs))?,
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

    fn provenance(&self, id: &str) -> Result<Vec<crate::merge::FieldProvenance>, StoreError> {
        self.with_reader(|conn| {
            let Some(seq) = Self::seq_of(conn, id)? else {
                return Ok(vec![]);
            };
            let claims = merge::claims(conn, seq)?;
            if claims.is_empty() {
                return Ok(vec![]);
            }
            let mut event = load_events(conn, &[seq])?
                .pop()
                .ok_or_else(|| corrupt("missing event seq", seq))?;
            Ok(crate::merge::resolve(&mut event, &claims))
        })
    }

    fn history(&self, id: &str) -> Result<Vec<Revision>, StoreError> {
        self.with_reader(|conn| {
            let Some(seq) = Self::seq_of(conn, id)? else {
                return Ok(vec![]);
            };
            let first_seen: i64 = conn
                .prepare_cached("SELECT first_seen FROM events WHERE seq = ?1")?
                .query_row([seq], |r| r.get(0))?;
            let mut out = vec![Revision {
                revision: 1,
                at: from_timestamp(first_seen)?,
                source: id.to_owned(),
                changes: vec![],
            }];
            let mut stmt = conn.prepare_cached(
                "SELECT revision, at, source, changes FROM event_revisions \
                 WHERE event_seq = ?1 ORDER BY revision",
            )?;
            let mut rows = stmt.query([seq])?;
            while let Some(r) = rows.next()? {
                let changes: String = r.get(3)?;
                out.push(Revision {
                    revision: r.get(0)?,
                    at: from_timestamp(r.get(1)?)?,
                    source: r.get(2)?,
                    changes: crate::codec::decode_changes(&changes)?,
                });
            }
            Ok(out)
        })
    }

    fn actor(&self, name: &str) -> Result<Option<Actor>, StoreError> {
        self.with_reader(|conn| {
            let found = conn
                .prepare_cached(
                    "SELECT a.id, a.name, a.kind FROM actor_names n \
                     JOIN actors a ON a.id = n.actor_id WHERE n.name_key = ?1",
                )?
                .query_row([actor_key(name)], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, u8>(2)?,
                    ))
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
            let actors: i64 = conn.query_row("SELECT COUNT(*) FROM actors", [], |r| r.get(0))?;
            Ok((actors as u64, source_keys::count(conn)?))
        })?;
        Ok(StoreStats {
            events,
            actors,
            sources,
            first_date: range.map(|(a, _)| date_from_day(a)).transpose()?,
            last_date: range.map(|(_, b)| date_from_day(b)).transpose()?,
        })
    }

    fn watermark(&self) -> Result<u64, StoreError> {
        self.with_reader(|conn| {
            let last: i64 = conn
                .prepare_cached("SELECT COALESCE(MAX(changed), 0) FROM events")?
                .query_row([], |r| r.get(0))?;
            u64::try_from(last).map_err(|_| corrupt("write watermark", last))
        })
    }

    fn changes_since(&self, after: u64, limit: usize) -> Result<ChangePage, StoreError> {
        crate::check_change_limit(limit)?;
        let after = i64::try_from(after).unwrap_or(i64::MAX);
        self.with_reader(|conn| {
            // One snapshot: the rows picked and the versions read agree.
            let tx = conn.unchecked_transaction()?;
            let mut picked: Vec<(u32, i64)> = tx
                .prepare_cached(
                    "SELECT seq, changed FROM events WHERE changed > ?1 ORDER BY changed LIMIT ?2",
                )?
                .query_map(params![after, limit as i64 + 1], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?
                .collect::<Result<_, _>>()?;
            let more = picked.len() > limit;
            picked.truncate(limit);
            let seqs: Vec<u32> = picked.iter().map(|p| p.0).collect();
            let events = load_events(&tx, &seqs)?;
            tx.finish()?;
            let last = picked.last().map_or(after, |p| p.1);
            Ok(ChangePage {
                events,
                watermark: u64::try_from(last).map_err(|_| corrupt("write watermark", last))?,
                more,
            })
        })
    }

    fn add_override(&self, new: &NewOverride) -> Result<RiskOverride, StoreError> {
        overrides::add(&mut lock(&self.writer).conn, new)
    }

    fn overrides(&self) -> Result<Vec<RiskOverride>, StoreError> {
        self.with_reader(overrides::list)
    }

    fn expire_override(
        &self,
        id: i64,
        by: &str,
        on: chrono::NaiveDate,
    ) -> Result<Option<RiskOverride>, StoreError> {
        overrides::expire(&mut lock(&self.writer).conn, id, by, on)
    }

    fn delete_override(&self, id: i64, by: &str) -> Result<bool, StoreError> {
        overrides::delete(&mut lock(&self.writer).conn, id, by)
    }

    fn override_audit(&self, id: Option<i64>) -> Result<Vec<OverrideAudit>, StoreError> {
        self.with_reader(|conn| overrides::audit(conn, id))
    }

    fn put_report(&self, report: &NewReport, events: &[Event]) -> Result<ReportWrite, StoreError> {
        report.validate()?;
        let (counts, report_inserted) =
            self.write_events(events, |tx| reports::put(tx, report, events))?;
        Ok(ReportWrite {
            report_inserted,
            events: counts,
        })
    }

    fn report(&self, id: &str) -> Result<Option<StoredReport>, StoreError> {
        self.with_reader(|conn| reports::get(conn, id))
    }

    fn reports(&self, limit: usize) -> Result<Vec<StoredReport>, StoreError> {
        self.with_reader(|conn| reports::list(conn, limit))
    }

    fn reports_of_event(&self, event_id: &str) -> Result<Vec<StoredReport>, StoreError> {
        self.with_reader(|conn| match Self::seq_of(conn, event_id)? {
            Some(seq) => reports::of_event(conn, seq),
            None => Ok(vec![]),
        })
    }
}
