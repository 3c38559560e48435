//! The PostgreSQL backend: every table of the store in one schema of a
//! PostgreSQL database (PostGIS not needed), so several sitrep processes can
//! share one store. One writer connection behind a mutex and a small pool of
//! reader connections, each with its `search_path` set to the schema and its
//! own prepared statements; reads never wait for an import. Event batches
//! are written in one transaction holding the schema's upsert advisory lock
//! (`pg_advisory_xact_lock`), so writers in other processes take turns and
//! never both insert one `(dataset, record_id)`; filters, pages and
//! aggregates run in SQL on indexed columns ([`filter`]).

mod access;
mod db;
mod feeds;
mod filter;
mod overrides;
mod read;
mod reports;
mod schema;
mod write;

use std::sync::{Mutex, MutexGuard};

use ::postgres::{Client, Config, IsolationLevel, NoTls, Transaction};
use sitrep_model::{Actor, ActorKind, Event};

use crate::codec::{actor_key, day_number};
use crate::overrides::{NewOverride, OverrideAudit, RiskOverride};
use crate::query::cell_bbox;
use crate::query::{
    Aggregate, AggregateBucket, Cursor, EventPage, EventQuery, GridCell, Interval, TimeBucket,
};
use crate::reports::{NewReport, ReportWrite, StoredReport};
use crate::{ChangePage, Revision, Store, StoreError, StoreStats, UpsertCounts};
use db::{Db, Statements, corrupt, to_code};
use read::{EVENT_COLUMNS, events_from_rows, load_events, load_one, seq_of};
use write::ActorCache;

pub use access::PgAccess;

/// Reader connections kept open between queries.
const MAX_IDLE_READERS: usize = 8;

/// The PostgreSQL store. Open with [`PgStore::connect`]; cheap to share behind an `Arc`.
pub struct PgStore {
    config: Config,
    schema: String,
    /// Key of the advisory lock every event write holds.
    upsert_lock: i64,
    writer: Mutex<Writer>,
    readers: Mutex<Vec<Reader>>,
}

struct Writer {
    client: Client,
    statements: Statements,
    actors: ActorCache,
}

struct Reader {
    client: Client,
    statements: Statements,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave the database inconsistent
    // (an unfinished transaction rolls back on drop), so a poisoned lock is
    // still safe to use.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl PgStore {
    /// Connects to the database at `url` (a `postgresql://` URL or
    /// `host=… user=… dbname=…`), creating `schema` if it is missing and
    /// applying the pending migrations. `schema` must match `[a-z_][a-z0-9_]*`.
    pub fn connect(url: &str, schema: &str) -> Result<Self, StoreError> {
        if !schema::valid_schema_name(schema) {
            return Err(StoreError::InvalidQuery(format!(
                "schema name {schema:?} must match [a-z_][a-z0-9_]* (at most 63 bytes)"
            )));
        }
        let config: Config = url.parse()?;
        let mut client = open_client(&config, schema)?;
        let applied = schema::migrate(&mut client, schema)?;
        tracing::debug!(schema, applied, "opened postgres store");
        Ok(PgStore {
            config,
            schema: schema.to_owned(),
            upsert_lock: schema::lock_key("upsert", schema),
            writer: Mutex::new(Writer {
                client,
                statements: Statements::default(),
                actors: ActorCache::default(),
            }),
            readers: Mutex::new(Vec::new()),
        })
    }

    /// Deletes the store in `schema` of the database at `url`, tables and all
    /// (`DROP SCHEMA … CASCADE`); false when there was no such schema.
    pub fn drop_schema(url: &str, schema: &str) -> Result<bool, StoreError> {
        if !schema::valid_schema_name(schema) {
            return Err(StoreError::InvalidQuery(format!(
                "schema name {schema:?} must match [a-z_][a-z0-9_]* (at most 63 bytes)"
            )));
        }
        let config: Config = url.parse()?;
        let mut client = config.connect(NoTls)?;
        let existed = client
            .query_opt("SELECT 1 FROM pg_namespace WHERE nspname = $1", &[&schema])?
            .is_some();
        client.batch_execute(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"))?;
        Ok(existed)
    }

    /// The schema holding the store's tables.
    pub fn schema(&self) -> &str {
        &self.schema
    }

    /// The writer, reconnected first if its connection was lost.
    fn writer(&self) -> Result<MutexGuard<'_, Writer>, StoreError> {
        let mut writer = lock(&self.writer);
        if writer.client.is_closed() {
            writer.client = open_client(&self.config, &self.schema)?;
            writer.statements.clear();
        }
        Ok(writer)
    }

    /// Runs `f` in a transaction on the writer connection, committing when it succeeds.
    fn in_transaction<T>(
        &self,
        f: impl FnOnce(&mut Db<'_, Transaction<'_>>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut writer = self.writer()?;
        let Writer {
            client, statements, ..
        } = &mut *writer;
        let mut tx = read_committed(client)?;
        let value = f(&mut Db::new(&mut tx, statements))?;
        tx.commit()?;
        Ok(value)
    }

    /// Upserts `events` and runs `more` in the same transaction, holding the
    /// schema's upsert lock.
    fn write_events<T>(
        &self,
        events: &[Event],
        more: impl FnOnce(&mut Db<'_, Transaction<'_>>) -> Result<T, StoreError>,
    ) -> Result<(UpsertCounts, T), StoreError> {
        let mut writer = self.writer()?;
        let Writer {
            client,
            statements,
            actors,
        } = &mut *writer;
        actors.begin();
        let mut counts = UpsertCounts::default();
        let result = read_committed(client).and_then(|mut tx| {
            let extra = {
                let mut db = Db::new(&mut tx, statements);
                db.execute("SELECT pg_advisory_xact_lock($1)", &[&self.upsert_lock])?;
                write::upsert(&mut db, actors, events, &mut counts)?;
                more(&mut db)?
            };
            tx.commit()?;
            Ok(extra)
        });
        match result {
            Ok(extra) => Ok((counts, extra)),
            Err(e) => {
                actors.rollback();
                Err(e)
            }
        }
    }

    /// Runs `f` on a pooled reader connection.
    fn with_reader<T>(
        &self,
        f: impl FnOnce(&mut Db<'_, Client>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut reader = match lock(&self.readers).pop() {
            Some(r) if !r.client.is_closed() => r,
            _ => Reader {
                client: open_client(&self.config, &self.schema)?,
                statements: Statements::default(),
            },
        };
        let result = f(&mut Db::new(&mut reader.client, &mut reader.statements));
        if !reader.client.is_closed() {
            let mut pool = lock(&self.readers);
            if pool.len() < MAX_IDLE_READERS {
                pool.push(reader);
            }
        }
        result
    }

    /// Runs `f` in a read-only snapshot on a reader, so a page and its total agree.
    fn with_snapshot<T>(
        &self,
        f: impl FnOnce(&mut Db<'_, Transaction<'_>>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut reader = match lock(&self.readers).pop() {
            Some(r) if !r.client.is_closed() => r,
            _ => Reader {
                client: open_client(&self.config, &self.schema)?,
                statements: Statements::default(),
            },
        };
        let result = reader
            .client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(StoreError::from)
            .and_then(|mut tx| {
                let value = f(&mut Db::new(&mut tx, &mut reader.statements))?;
                tx.commit()?;
                Ok(value)
            });
        if !reader.client.is_closed() {
            let mut pool = lock(&self.readers);
            if pool.len() < MAX_IDLE_READERS {
                pool.push(reader);
            }
        }
        result
    }
}

/// A write transaction. Read committed whatever the server's default: each
/// statement after the upsert lock is taken must see what the previous
/// holder committed.
fn read_committed(client: &mut Client) -> Result<Transaction<'_>, StoreError> {
    Ok(client
        .build_transaction()
        .isolation_level(IsolationLevel::ReadCommitted)
        .start()?)
}

/// A new connection with its `search_path` set to `schema` (a validated name).
fn open_client(config: &Config, schema: &str) -> Result<Client, StoreError> {
    let mut client = config.connect(NoTls)?;
    client.batch_execute(&format!("SET search_path TO \"{schema}\""))?;
    Ok(client)
}

/// The time bucket expression of an interval over `e.date_start`.
fn bucket_sql(interval: Interval) -> &'static str {
    match interval {
        Interval::Day => "e.date_start",
        // ISO weeks start on Monday, as `date_trunc('week')`.
        Interval::Week => "date_trunc('week', e.date_start::timestamp)::date",
        Interval::Month => "date_trunc('month', e.date_start::timestamp)::date",
    }
}

fn non_negative(what: &str, value: i64) -> Result<u64, StoreError> {
    u64::try_from(value).map_err(|_| corrupt(what, value))
}

impl Store for PgStore {
    fn upsert_events(&self, events: &[Event]) -> Result<UpsertCounts, StoreError> {
        self.write_events(events, |_| Ok(()))
            .map(|(counts, ())| counts)
    }

    fn event(&self, id: &str) -> Result<Option<Event>, StoreError> {
        self.with_reader(|db| match seq_of(db, id)? {
            Some(seq) => Ok(load_events(db, &[seq])?.pop()),
            None => Ok(None),
        })
    }

    fn events(&self, query: &EventQuery) -> Result<EventPage, StoreError> {
        query.validate()?;
        let mut w = filter::filter(query);
        let total_sql = format!("SELECT COUNT(*) FROM events e WHERE {}", w.sql());
        let total_params = w.params().len();
        if let Some(cursor) = &query.cursor {
            filter::after_cursor(&mut w, cursor)?;
        }
        let limit = w.param(query.limit as i64 + 1);
        let page_sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events e WHERE {} \
             ORDER BY e.date_start DESC, e.seq DESC LIMIT {limit}",
            w.sql()
        );
        let params = w.params();
        self.with_snapshot(|db| {
            let total: i64 = db
                .query_one(&total_sql, &params[..total_params])?
                .try_get(0)?;
            let mut rows = db.query(&page_sql, &params)?;
            let more = rows.len() > query.limit;
            rows.truncate(query.limit);
            let next_cursor = match rows.last() {
                Some(last) if more => {
                    let seq: i64 = last.try_get(0)?;
                    Some(Cursor {
                        day: day_number(last.try_get(5)?),
                        seq: u32::try_from(seq).map_err(|_| corrupt("event seq", seq))?,
                    })
                }
                _ => None,
            };
            Ok(EventPage {
                events: events_from_rows(db, &rows)?,
                total: non_negative("event count", total)?,
                next_cursor,
            })
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
        query.validate()?;
        let mut w = filter::filter(query);
        match *aggregate {
            Aggregate::Grid {
                zoom,
                cells_per_tile,
            } => {
                // The SQLite index's cells: the fixed-point Mercator position
                // (stored with the row) times the cells across, over 2^32.
                let n = (1i64 << zoom.min(24)) * i64::from(cells_per_tile.max(1));
                let p = w.param(n);
                let sql = format!(
                    "SELECT (e.merc_x * {p}) >> 32 AS x, (e.merc_y * {p}) >> 32 AS y, \
                     COUNT(*), COALESCE(SUM(e.fatalities), 0)::bigint, AVG(e.lat), AVG(e.lon) \
                     FROM events e WHERE {} GROUP BY 1, 2 ORDER BY 2, 1",
                    w.sql()
                );
                self.with_reader(|db| {
                    db.query(&sql, &w.params())?
                        .iter()
                        .map(|r| {
                            let cell = |i: usize| -> Result<u32, StoreError> {
                                let v: i64 = r.try_get(i)?;
                                u32::try_from(v).map_err(|_| corrupt("grid cell", v))
                            };
                            let (x, y) = (cell(0)?, cell(1)?);
                            Ok(AggregateBucket {
                                cell: Some(GridCell {
                                    x,
                                    y,
                                    lat: r.try_get(4)?,
                                    lon: r.try_get(5)?,
                                    bbox: cell_bbox(x, y, n as f64),
                                }),
                                time: None,
                                events: non_negative("event count", r.try_get(2)?)?,
                                fatalities: non_negative("fatalities", r.try_get(3)?)?,
                            })
                        })
                        .collect()
                })
            }
            Aggregate::Time(interval) => {
                let sql = format!(
                    "SELECT {} AS bucket, COUNT(*), COALESCE(SUM(e.fatalities), 0)::bigint \
                     FROM events e WHERE {} GROUP BY 1 ORDER BY 1",
                    bucket_sql(interval),
                    w.sql()
                );
                self.with_reader(|db| {
                    db.query(&sql, &w.params())?
                        .iter()
                        .map(|r| {
                            Ok(AggregateBucket {
                                cell: None,
                                time: Some(TimeBucket {
                                    start: r.try_get(0)?,
                                }),
                                events: non_negative("event count", r.try_get(1)?)?,
                                fatalities: non_negative("fatalities", r.try_get(2)?)?,
                            })
                        })
                        .collect()
                })
            }
        }
    }

    fn history(&self, id: &str) -> Result<Vec<Revision>, StoreError> {
        self.with_reader(|db| {
            let Some(seq) = seq_of(db, id)? else {
                return Ok(vec![]);
            };
            let first_seen = db
                .query_one("SELECT first_seen FROM events WHERE seq = $1", &[&seq])?
                .try_get(0)?;
            let mut out = vec![Revision {
                revision: 1,
                at: first_seen,
                source: id.to_owned(),
                changes: vec![],
            }];
            for r in db.query(
                "SELECT revision, at, source, changes FROM event_revisions \
                 WHERE event_seq = $1 ORDER BY revision",
                &[&seq],
            )? {
                let revision: i32 = r.try_get(0)?;
                let changes: String = r.try_get(3)?;
                out.push(Revision {
                    revision: u32::try_from(revision).map_err(|_| corrupt("revision", revision))?,
                    at: r.try_get(1)?,
                    source: r.try_get(2)?,
                    changes: crate::codec::decode_changes(&changes)?,
                });
            }
            Ok(out)
        })
    }

    fn provenance(&self, id: &str) -> Result<Vec<crate::merge::FieldProvenance>, StoreError> {
        self.with_reader(|db| {
            let Some(seq) = seq_of(db, id)? else {
                return Ok(vec![]);
            };
            let claims = read::claims(db, seq)?;
            if claims.is_empty() {
                return Ok(vec![]);
            }
            let mut event = load_one(db, seq)?;
            Ok(crate::merge::resolve(&mut event, &claims))
        })
    }

    fn actor(&self, name: &str) -> Result<Option<Actor>, StoreError> {
        self.with_reader(|db| {
            let Some(row) = db.query_opt(
                "SELECT a.id, a.name, a.kind FROM actor_names n \
                 JOIN actors a ON a.id = n.actor_id WHERE n.name_key = $1",
                &[&actor_key(name)],
            )?
            else {
                return Ok(None);
            };
            let id: i64 = row.try_get(0)?;
            let kind = to_code("actor kind", row.try_get(2)?)?;
            let aliases = db
                .query(
                    "SELECT name FROM actor_names WHERE actor_id = $1 AND is_alias \
                     ORDER BY name COLLATE \"C\"",
                    &[&id],
                )?
                .iter()
                .map(|r| r.try_get(0))
                .collect::<Result<_, _>>()?;
            Ok(Some(Actor {
                id,
                name: row.try_get(1)?,
                kind: ActorKind::from_code(kind).ok_or_else(|| corrupt("actor kind", kind))?,
                aliases,
            }))
        })
    }

    fn stats(&self) -> Result<StoreStats, StoreError> {
        self.with_reader(|db| {
            let r = db.query_one(
                "SELECT (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM actors), \
                 (SELECT COUNT(*) FROM source_keys), (SELECT MIN(date_start) FROM events), \
                 (SELECT MAX(date_start) FROM events)",
                &[],
            )?;
            Ok(StoreStats {
                events: non_negative("event count", r.try_get(0)?)?,
                actors: non_negative("actor count", r.try_get(1)?)?,
                sources: non_negative("source count", r.try_get(2)?)?,
                first_date: r.try_get(3)?,
                last_date: r.try_get(4)?,
            })
        })
    }

    fn watermark(&self) -> Result<u64, StoreError> {
        self.with_reader(|db| {
            let last: i64 = db
                .query_one("SELECT COALESCE(MAX(changed), 0)::bigint FROM events", &[])?
                .try_get(0)?;
            non_negative("write watermark", last)
        })
    }

    fn changes_since(&self, after: u64, limit: usize) -> Result<ChangePage, StoreError> {
        crate::check_change_limit(limit)?;
        let after = i64::try_from(after).unwrap_or(i64::MAX);
        let sql = format!(
            "SELECT {EVENT_COLUMNS}, e.changed FROM events e WHERE e.changed > $1 \
             ORDER BY e.changed LIMIT $2"
        );
        self.with_snapshot(|db| {
            let mut rows = db.query(&sql, &[&after, &(limit as i64 + 1)])?;
            let more = rows.len() > limit;
            rows.truncate(limit);
            let last = match rows.last() {
                Some(r) => r.try_get(23)?,
                None => after,
            };
            Ok(ChangePage {
                events: events_from_rows(db, &rows)?,
                watermark: non_negative("write watermark", last)?,
                more,
            })
        })
    }

    fn add_override(&self, new: &NewOverride) -> Result<RiskOverride, StoreError> {
        new.validate()?;
        self.in_transaction(|db| overrides::add(db, new))
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
        self.in_transaction(|db| overrides::expire(db, id, by, on))
    }

    fn delete_override(&self, id: i64, by: &str) -> Result<bool, StoreError> {
        self.in_transaction(|db| overrides::delete(db, id, by))
    }

    fn override_audit(&self, id: Option<i64>) -> Result<Vec<OverrideAudit>, StoreError> {
        self.with_reader(|db| overrides::audit(db, id))
    }

    fn put_report(&self, report: &NewReport, events: &[Event]) -> Result<ReportWrite, StoreError> {
        report.validate()?;
        let (counts, report_inserted) =
            self.write_events(events, |db| reports::put(db, report, events))?;
        Ok(ReportWrite {
            report_inserted,
            events: counts,
        })
    }

    fn report(&self, id: &str) -> Result<Option<StoredReport>, StoreError> {
        self.with_reader(|db| reports::get(db, id))
    }

    fn reports(&self, limit: usize) -> Result<Vec<StoredReport>, StoreError> {
        self.with_reader(|db| reports::list(db, limit))
    }

    fn reports_of_event(&self, event_id: &str) -> Result<Vec<StoredReport>, StoreError> {
        self.with_reader(|db| match seq_of(db, event_id)? {
            Some(seq) => reports::of_event(db, seq),
            None => Ok(vec![]),
        })
    }
}
