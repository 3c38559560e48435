//! The PostgreSQL write path: upserting a batch of events inside one
//! transaction (the caller holds the schema's upsert advisory lock), with the
//! same outcomes as the SQLite backend — new, unchanged (content hash),
//! updated (a revision with its field diff), or merged into the stored event
//! describing the same incident ([`crate::merge`]). The actor links, the
//! search lexemes and the Mercator position are written with the row, so
//! every query sees a write as soon as it commits.

use std::collections::{HashMap, HashSet};

use ::postgres::GenericClient;
use chrono::{DateTime, Utc};
use sitrep_model::{ActorKind, Event, EventId, LocationPrecision, Status};

use super::db::{Db, corrupt, to_code, to_u32};
use super::filter::{filter, search_terms};
use super::read::{claim_hash, claims, load_one, save_claim};
use crate::codec::{self, actor_key, content_hash};
use crate::merge::{self, Candidate, REPORT_DATASET, SourceClaim, combine};
use crate::query::mercator;
use crate::query::{EventQuery, Near, admin1_key};
use crate::validate;
use crate::{StoreError, UpsertCounts};

/// Actor ids and canonical names by [`actor_key`], as read or created by
/// this store (actors are never renamed or deleted, so entries stay true),
/// and the keys the current batch created (forgotten if it rolls back).
#[derive(Default)]
pub(super) struct ActorCache {
    ids: HashMap<String, (i64, String)>,
    created: Vec<String>,
}

impl ActorCache {
    /// Starts a batch.
    pub fn begin(&mut self) {
        self.created.clear();
    }

    /// Forgets the actors of a batch that rolled back.
    pub fn rollback(&mut self) {
        for key in self.created.drain(..) {
            self.ids.remove(&key);
        }
    }

    /// The id and canonical name of the actor called `name` (by name or
    /// alias, case and spacing ignored), creating it on first sight.
    fn get<C: GenericClient>(
        &mut self,
        db: &mut Db<'_, C>,
        name: &str,
        kind: ActorKind,
    ) -> Result<(i64, String), StoreError> {
        let key = actor_key(name);
        if let Some(found) = self.ids.get(&key) {
            return Ok(found.clone());
        }
        let stored = db.query_opt(
            "SELECT a.id, a.name FROM actor_names n JOIN actors a ON a.id = n.actor_id \
             WHERE n.name_key = $1",
            &[&key],
        )?;
        let found = match stored {
            Some(r) => (r.try_get(0)?, r.try_get(1)?),
            None => {
                let canonical = name.split_whitespace().collect::<Vec<_>>().join(" ");
                let id: i64 = db
                    .query_one(
                        "INSERT INTO actors (name, kind) VALUES ($1, $2) RETURNING id",
                        &[&canonical, &i16::from(kind.code())],
                    )?
                    .try_get(0)?;
                db.execute(
                    "INSERT INTO actor_names (name_key, actor_id, name, is_alias) \
                     VALUES ($1, $2, $3, FALSE)",
                    &[&key, &id, &canonical],
                )?;
                self.created.push(key.clone());
                (id, canonical)
            }
        };
        self.ids.insert(key, found.clone());
        Ok(found)
    }
}

/// Hands out write numbers (column `changed`, migration 5): the next after
/// the highest stored. Read after the upsert lock is taken, so numbers grow
/// in commit order across processes.
struct Clock(i64);

impl Clock {
    fn load<C: GenericClient>(db: &mut Db<'_, C>) -> Result<Self, StoreError> {
        let last: i64 = db
            .query_one("SELECT COALESCE(MAX(changed), 0)::bigint FROM events", &[])?
            .try_get(0)?;
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
    fn load<C: GenericClient>(db: &mut Db<'_, C>) -> Result<Self, StoreError> {
        let names = db
            .query("SELECT dataset FROM datasets", &[])?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<Result<_, _>>()?;
        Ok(Datasets(names))
    }

    /// Whether a new record of `dataset` may duplicate a stored event: it is
    /// a report (each report is its own source), or another dataset is stored.
    fn may_duplicate(&self, dataset: &str) -> bool {
        dataset == REPORT_DATASET || self.0.iter().any(|d| d != dataset)
    }

    fn note<C: GenericClient>(
        &mut self,
        db: &mut Db<'_, C>,
        dataset: &str,
    ) -> Result<(), StoreError> {
        if !self.0.contains(dataset) {
            db.execute(
                "INSERT INTO datasets (dataset) VALUES ($1) ON CONFLICT DO NOTHING",
                &[&dataset],
            )?;
            self.0.insert(dataset.to_owned());
        }
        Ok(())
    }
}

/// Upserts a batch; see [`crate::Store::upsert_events`]. Runs inside the
/// caller's transaction, which holds the upsert lock.
///
/// Written for bulk imports: the stored state of every record of the batch
/// is read in one query ([`known_records`]), a record whose content hash is
/// unchanged costs nothing more, and new events are buffered and written
/// column-wise, many rows to a statement ([`Rows`]). Records that touch
/// stored events (updates, merges) take the row-by-row path; before a
/// record is looked up among the events, the buffered rows it might meet
/// (its own earlier copy in the batch, or a candidate for merging) are
/// written first, so the outcome is the same as writing one by one.
pub(super) fn upsert<C: GenericClient>(
    db: &mut Db<'_, C>,
    actors: &mut ActorCache,
    events: &[Event],
    counts: &mut UpsertCounts,
) -> Result<(), StoreError> {
    let now = Utc::now();
    let mut scratch = Vec::with_capacity(2048);
    let mut clock = Clock::load(db)?;
    let mut datasets = Datasets::load(db)?;
    let cleaned: Vec<std::borrow::Cow<'_, Event>> = events
        .iter()
        .map(|e| without_nul(e).map_or(std::borrow::Cow::Borrowed(e), std::borrow::Cow::Owned))
        .collect();
    let mut known = known_records(db, &cleaned)?;
    let mut fresh = Fresh::default();
    for e in &cleaned {
        let e: &Event = e;
        let key = validate(e)?;
        let hash = content_hash(e, &mut scratch);
        let record = (key.dataset.clone(), key.record_id.clone());
        if fresh.holds(&record) {
            // The same record earlier in the batch: write it before comparing.
            fresh.flush(db, actors, &mut clock, &mut known, now)?;
        }
        match known.get(&record) {
            Some(Known::Stored { hash: stored, .. }) if *stored == hash => {
                counts.unchanged += 1;
                continue;
            }
            Some(Known::Stored { seq, .. } | Known::Touched { seq }) => {
                let seq = *seq;
                if update(db, actors, &mut clock, seq, e, &hash, now)? {
                    counts.updated += 1;
                } else {
                    counts.unchanged += 1;
                }
                touched(&mut known, e, seq);
                continue;
            }
            None => {}
        }
        if datasets.may_duplicate(&key.dataset) {
            // Earlier new rows of the batch are candidates too.
            fresh.flush(db, actors, &mut clock, &mut known, now)?;
            if let Some(seq) = find_duplicate(db, e)? {
                merge_into(db, actors, &mut clock, seq, e, &hash, now)?;
                for s in &e.sources {
                    known.insert(
                        (s.dataset.clone(), s.record_id.clone()),
                        Known::Touched { seq },
                    );
                }
                counts.merged += 1;
                continue;
            }
        }
        fresh.push(e, hash);
        datasets.note(db, &key.dataset)?;
        counts.inserted += 1;
    }
    fresh.flush(db, actors, &mut clock, &mut known, now)
}

/// What the store holds for a record key, as this batch knows it.
enum Known {
    /// A stored event whose key maps to `seq`, with the row's content hash
    /// when the batch began (the event has no merged claims).
    Stored { seq: i64, hash: [u8; 16] },
    /// An event whose row was written (or may hold claims) since: compare
    /// against the row itself.
    Touched { seq: i64 },
}

/// Notes that every source key of `e` now belongs to the written event `seq`.
fn touched(known: &mut HashMap<(String, String), Known>, e: &Event, seq: i64) {
    for s in &e.sources {
        known.insert(
            (s.dataset.clone(), s.record_id.clone()),
            Known::Touched { seq },
        );
    }
}

/// Every record key of `events` the store already holds (from any source of
/// each event), in one query.
fn known_records<C: GenericClient>(
    db: &mut Db<'_, C>,
    events: &[std::borrow::Cow<'_, Event>],
) -> Result<HashMap<(String, String), Known>, StoreError> {
    let (datasets, records): (Vec<&str>, Vec<&str>) = events
        .iter()
        .flat_map(|e| e.sources.iter())
        .map(|s| (s.dataset.as_str(), s.record_id.as_str()))
        .unzip();
    let rows = db.query(
        "SELECT k.dataset, k.record_id, k.event_seq, e.content_hash, \
                EXISTS (SELECT 1 FROM event_claims c WHERE c.event_seq = k.event_seq) \
         FROM unnest($1::text[], $2::text[]) AS u(dataset, record_id) \
         JOIN source_keys k ON k.dataset = u.dataset AND k.record_id = u.record_id \
         JOIN events e ON e.seq = k.event_seq",
        &[&datasets, &records],
    )?;
    let mut known = HashMap::with_capacity(rows.len());
    for r in rows {
        let seq: i64 = r.try_get(2)?;
        let stored: Vec<u8> = r.try_get(3)?;
        let merged: bool = r.try_get(4)?;
        let state = match <[u8; 16]>::try_from(stored.as_slice()) {
            Ok(hash) if !merged => Known::Stored { seq, hash },
            _ => Known::Touched { seq },
        };
        known.insert((r.try_get(0)?, r.try_get(1)?), state);
    }
    Ok(known)
}

/// New events of the batch not yet written.
#[derive(Default)]
struct Fresh<'e> {
    events: Vec<(&'e Event, [u8; 16])>,
    keys: HashSet<(String, String)>,
}

impl<'e> Fresh<'e> {
    fn holds(&self, record: &(String, String)) -> bool {
        self.keys.contains(record)
    }

    fn push(&mut self, e: &'e Event, hash: [u8; 16]) {
        for s in &e.sources {
            self.keys.insert((s.dataset.clone(), s.record_id.clone()));
        }
        self.events.push((e, hash));
    }

    /// Writes the buffered events (one INSERT for all, one for their actor
    /// links, one for their source keys) and notes their keys as touched.
    fn flush<C: GenericClient>(
        &mut self,
        db: &mut Db<'_, C>,
        actors: &mut ActorCache,
        clock: &mut Clock,
        known: &mut HashMap<(String, String), Known>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if self.events.is_empty() {
            return Ok(());
        }
        let mut rows = Rows::default();
        let mut links = Vec::with_capacity(self.events.len());
        for (e, hash) in &self.events {
            let stamps = Stamps {
                id: &e.id,
                first_seen: now,
                updated: now,
            };
            links.push(rows.push(db, actors, clock.tick(), e, &stamps, hash, 1)?);
        }
        let seqs = rows.insert(db)?;
        let (mut link_seqs, mut link_actors) = (Vec::new(), Vec::new());
        let (mut key_datasets, mut key_records, mut key_seqs) =
            (Vec::new(), Vec::new(), Vec::new());
        for (((e, _), seq), ids) in self.events.iter().zip(&seqs).zip(&links) {
            for id in ids {
                link_seqs.push(*seq);
                link_actors.push(*id);
            }
            for s in &e.sources {
                key_datasets.push(s.dataset.as_str());
                key_records.push(s.record_id.as_str());
                key_seqs.push(*seq);
                known.insert(
                    (s.dataset.clone(), s.record_id.clone()),
                    Known::Touched { seq: *seq },
                );
            }
        }
        db.execute(
            "INSERT INTO event_actors (event_seq, actor_id) \
             SELECT * FROM unnest($1::bigint[], $2::bigint[]) ON CONFLICT DO NOTHING",
            &[&link_seqs, &link_actors],
        )?;
        db.execute(
            "INSERT INTO source_keys (dataset, record_id, event_seq) \
             SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) \
             ON CONFLICT (dataset, record_id) DO NOTHING",
            &[&key_datasets, &key_records, &key_seqs],
        )?;
        self.events.clear();
        self.keys.clear();
        Ok(())
    }
}

/// Text with every NUL character (which PostgreSQL text cannot hold)
/// replaced by U+FFFD.
pub(super) fn nul_free(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\0') {
        text.replace('\0', "\u{fffd}").into()
    } else {
        text.into()
    }
}

/// `e` with its NUL characters replaced (see [`nul_free`]), or `None` when
/// it has none: the event is then stored, hashed and compared as cleaned, so
/// importing it again is recognised as unchanged.
fn without_nul(e: &Event) -> Option<Event> {
    let texts = [e.id.0.as_str(), e.notes.as_str(), e.location.name.as_str()]
        .into_iter()
        .chain(
            [&e.location.country, &e.location.admin1, &e.location.admin2]
                .into_iter()
                .filter_map(|t| t.as_deref()),
        )
        .chain(e.tags.iter().map(String::as_str))
        .chain(e.actors.iter().map(|a| a.name.as_str()))
        .chain(e.sources.iter().flat_map(|s| {
            [
                Some(&s.dataset),
                Some(&s.record_id),
                s.url.as_ref(),
                s.name.as_ref(),
            ]
            .into_iter()
            .flatten()
            .map(String::as_str)
        }));
    let mut texts = texts;
    if !texts.any(|t| t.contains('\0')) {
        return None;
    }
    let clean = |t: &mut String| {
        if t.contains('\0') {
            *t = nul_free(t).into_owned();
        }
    };
    let mut e = e.clone();
    clean(&mut e.id.0);
    clean(&mut e.notes);
    clean(&mut e.location.name);
    for t in [
        &mut e.location.country,
        &mut e.location.admin1,
        &mut e.location.admin2,
    ]
    .into_iter()
    .flatten()
    {
        clean(t);
    }
    e.tags.iter_mut().for_each(clean);
    e.actors.iter_mut().for_each(|a| clean(&mut a.name));
    for s in &mut e.sources {
        clean(&mut s.dataset);
        clean(&mut s.record_id);
        s.url.iter_mut().chain(s.name.iter_mut()).for_each(clean);
    }
    Some(e)
}

/// Records that every source key of `e` belongs to event `seq`; a key that
/// already belongs to an event keeps it.
fn insert_source_keys<C: GenericClient>(
    db: &mut Db<'_, C>,
    e: &Event,
    seq: i64,
) -> Result<(), StoreError> {
    for s in &e.sources {
        db.execute(
            "INSERT INTO source_keys (dataset, record_id, event_seq) VALUES ($1, $2, $3) \
             ON CONFLICT (dataset, record_id) DO NOTHING",
            &[&s.dataset, &s.record_id, &seq],
        )?;
    }
    Ok(())
}

/// Most nearby events looked at for one new record.
const MAX_CANDIDATES: usize = 50;

/// The stored event `e` describes the same incident as, if any: the nearest
/// by [`merge::match_distance`] among the newest [`MAX_CANDIDATES`] events
/// of the same status within [`merge::MATCH_KM`] and its date window.
fn find_duplicate<C: GenericClient>(
    db: &mut Db<'_, C>,
    e: &Event,
) -> Result<Option<i64>, StoreError> {
    if !merge::placed_precisely(e.location.precision) {
        return Ok(None);
    }
    let Some((from, to)) = merge::match_window(&e.date) else {
        return Ok(None);
    };
    let query = EventQuery {
        near: Some(Near {
            lat: e.location.lat,
            lon: e.location.lon,
            km: merge::MATCH_KM,
        }),
        from: Some(from),
        to: Some(to),
        statuses: vec![e.status],
        limit: MAX_CANDIDATES,
        ..EventQuery::default()
    };
    let mut w = filter(&query);
    let limit = w.param(MAX_CANDIDATES as i64);
    let rows = db.query(
        &format!(
            "SELECT e.seq, e.event_type, e.status, e.category, e.date_start, e.lat, e.lon, \
             e.fatalities, e.location_precision, e.sources FROM events e WHERE {} \
             ORDER BY e.date_start DESC, e.seq DESC LIMIT {limit}",
            w.sql()
        ),
        &w.params(),
    )?;
    let mut best: Option<(f64, i64)> = None;
    for r in &rows {
        let seq: i64 = r.try_get(0)?;
        let event_type = to_code("event type", r.try_get(1)?)?;
        let category = to_code("category", r.try_get(3)?)?;
        // The cheap columns rule most candidates out before the sources are decoded.
        if event_type != e.event_type.code() && category != e.category().code() {
            continue;
        }
        let status = to_code("status", r.try_get(2)?)?;
        let precision = to_code("location precision", r.try_get(8)?)?;
        let fatalities: Option<i64> = r.try_get(7)?;
        let sources = codec::decode_sources(&r.try_get::<_, String>(9)?)?;
        let candidate = Candidate {
            event_type: sitrep_model::EventType::from_code(event_type)
                .ok_or_else(|| corrupt("event type", event_type))?,
            status: Status::from_code(status).ok_or_else(|| corrupt("status", status))?,
            category: sitrep_model::Category::from_code(category)
                .ok_or_else(|| corrupt("category", category))?,
            day: r.try_get(4)?,
            lat: r.try_get(5)?,
            lon: r.try_get(6)?,
            fatalities: fatalities.map(|f| to_u32("fatalities", f)).transpose()?,
            precision: LocationPrecision::from_code(precision)
                .ok_or_else(|| corrupt("location precision", precision))?,
            sources: &sources,
        };
        if let Some(distance) = merge::match_distance(e, &candidate)
            && best.is_none_or(|(d, s)| (distance, seq) < (d, s))
        {
            best = Some((distance, seq));
        }
    }
    Ok(best.map(|(_, seq)| seq))
}

/// The stored row's hash, revision and first-seen time.
fn row_state<C: GenericClient>(
    db: &mut Db<'_, C>,
    seq: i64,
) -> Result<(Vec<u8>, i32, DateTime<Utc>), StoreError> {
    let r = db.query_one(
        "SELECT content_hash, revision, first_seen FROM events WHERE seq = $1",
        &[&seq],
    )?;
    Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))
}

/// Adds record `e` as a further source of stored event `seq` (same
/// incident): keeps both sources' claims and shows the best-supported values.
fn merge_into<C: GenericClient>(
    db: &mut Db<'_, C>,
    actors: &mut ActorCache,
    clock: &mut Clock,
    seq: i64,
    e: &Event,
    hash: &[u8; 16],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let (row_hash, revision, first_seen) = row_state(db, seq)?;
    let current = load_one(db, seq)?;
    let mut known = claims(db, seq)?;
    if known.is_empty() {
        // Until now the row was its one source's record, hashed as imported.
        let own = SourceClaim::of(&current);
        save_claim(db, seq, &own, &row_hash)?;
        known.push(own);
    }
    let incoming = SourceClaim::of(e);
    save_claim(db, seq, &incoming, hash)?;
    known.push(incoming);
    insert_source_keys(db, e, seq)?;
    let merged = combine(&current, e, &known);
    rewrite(
        db,
        actors,
        clock,
        seq,
        (&current, &merged),
        (revision, first_seen),
        now,
        &e.id,
    )?;
    Ok(())
}

/// Brings stored event `seq` up to date with its source's record `e`, unless
/// the record is unchanged. True when the event counts as updated.
fn update<C: GenericClient>(
    db: &mut Db<'_, C>,
    actors: &mut ActorCache,
    clock: &mut Clock,
    seq: i64,
    e: &Event,
    hash: &[u8; 16],
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    // A merged event: compare with what this source said last time, and
    // re-decide the shown values with its new claims.
    if let Some(claim) = claim_hash(db, seq, &e.id.0)? {
        if claim == hash {
            return Ok(false);
        }
        save_claim(db, seq, &SourceClaim::of(e), hash)?;
        let (_, revision, first_seen) = row_state(db, seq)?;
        let current = load_one(db, seq)?;
        let merged = combine(&current, e, &claims(db, seq)?);
        rewrite(
            db,
            actors,
            clock,
            seq,
            (&current, &merged),
            (revision, first_seen),
            now,
            &e.id,
        )?;
        // The source's claim changed even when the values shown stay the same.
        return Ok(true);
    }
    let (old_hash, revision, first_seen) = row_state(db, seq)?;
    if old_hash == hash {
        return Ok(false);
    }
    let old = load_one(db, seq)?;
    let changed = rewrite(
        db,
        actors,
        clock,
        seq,
        (&old, e),
        (revision, first_seen),
        now,
        &e.id,
    )?;
    if !changed {
        // Same content under an older hash function: refresh the hash only.
        db.execute(
            "UPDATE events SET content_hash = $1 WHERE seq = $2",
            &[&&hash[..], &seq],
        )?;
    }
    insert_source_keys(db, e, seq)?;
    Ok(changed)
}

/// Rewrites stored event `seq` from `old` to `new` as the next revision,
/// caused by record `cause`; false (and nothing written) when no field differs.
#[allow(clippy::too_many_arguments)]
fn rewrite<C: GenericClient>(
    db: &mut Db<'_, C>,
    actors: &mut ActorCache,
    clock: &mut Clock,
    seq: i64,
    (old, new): (&Event, &Event),
    (revision, first_seen): (i32, DateTime<Utc>),
    now: DateTime<Utc>,
    cause: &EventId,
) -> Result<bool, StoreError> {
    let changes = codec::diff(old, new);
    if changes.is_empty() {
        return Ok(false);
    }
    let stamps = Stamps {
        id: &old.id,
        first_seen,
        updated: now,
    };
    let hash = content_hash(new, &mut Vec::new());
    let next = revision
        .checked_add(1)
        .ok_or_else(|| corrupt("revision", revision))?;
    write_row(db, actors, clock, seq, new, &stamps, &hash, next)?;
    db.execute(
        "INSERT INTO event_revisions (event_seq, revision, at, source, changes) \
         VALUES ($1, $2, $3, $4, $5)",
        &[
            &seq,
            &next,
            &now,
            &cause.0,
            &codec::encode_changes(&changes),
        ],
    )?;
    Ok(true)
}

/// The store-owned fields of a row: its id and timestamps.
struct Stamps<'a> {
    id: &'a EventId,
    first_seen: DateTime<Utc>,
    updated: DateTime<Utc>,
}

/// Rewrites row `seq` with event `e`, its actor links and search lexemes.
#[allow(clippy::too_many_arguments)]
fn write_row<C: GenericClient>(
    db: &mut Db<'_, C>,
    actors: &mut ActorCache,
    clock: &mut Clock,
    seq: i64,
    e: &Event,
    stamps: &Stamps<'_>,
    hash: &[u8; 16],
    revision: i32,
) -> Result<(), StoreError> {
    let mut rows = Rows::default();
    let links = rows.push(db, actors, clock.tick(), e, stamps, hash, revision)?;
    rows.update(db, seq)?;
    db.execute("DELETE FROM event_actors WHERE event_seq = $1", &[&seq])?;
    db.execute(
        "INSERT INTO event_actors (event_seq, actor_id) \
         SELECT $1, a FROM unnest($2::bigint[]) AS a ON CONFLICT DO NOTHING",
        &[&seq, &links],
    )?;
    Ok(())
}

/// Event rows column by column, each column one PostgreSQL array parameter,
/// so that any number of rows is one statement.
#[derive(Default)]
struct Rows {
    changed: Vec<i64>,
    id: Vec<String>,
    event_type: Vec<i16>,
    sub_event_type: Vec<Option<i16>>,
    status: Vec<i16>,
    category: Vec<i16>,
    date_start: Vec<chrono::NaiveDate>,
    date_precision: Vec<i16>,
    date_end: Vec<Option<chrono::NaiveDate>>,
    location_name: Vec<String>,
    country: Vec<Option<String>>,
    admin1: Vec<Option<String>>,
    admin1_key: Vec<Option<String>>,
    admin2: Vec<Option<String>>,
    lat: Vec<f64>,
    lon: Vec<f64>,
    merc_x: Vec<i64>,
    merc_y: Vec<i64>,
    location_precision: Vec<i16>,
    fatalities: Vec<Option<i64>>,
    injuries: Vec<Option<i64>>,
    notes: Vec<String>,
    tags: Vec<String>,
    actors: Vec<String>,
    sources: Vec<String>,
    first_seen: Vec<DateTime<Utc>>,
    updated: Vec<DateTime<Utc>>,
    content_hash: Vec<Vec<u8>>,
    revision: Vec<i32>,
    /// The search lexemes, space-separated (a lexeme never holds a space).
    search: Vec<String>,
}

/// The columns [`Rows`] writes, in its parameters' order.
const COLUMNS: &str = "changed, id, event_type, sub_event_type, status, category, date_start, \
    date_precision, date_end, location_name, country, admin1, admin1_key, admin2, lat, lon, \
    merc_x, merc_y, location_precision, fatalities, injuries, notes, tags, actors, sources, \
    first_seen, updated, content_hash, revision, search";

/// The rows of [`Rows`]' parameters, as values for [`COLUMNS`].
const ROWS: &str = "SELECT changed, id, event_type, sub_event_type, status, category, \
    date_start, date_precision, date_end, location_name, country, admin1, admin1_key, admin2, \
    lat, lon, merc_x, merc_y, location_precision, fatalities, injuries, notes, tags, actors, \
    sources, first_seen, updated, content_hash, revision, \
    array_to_tsvector(string_to_array(search, ' ')) \
    FROM unnest($1::bigint[], $2::text[], $3::smallint[], $4::smallint[], $5::smallint[], \
    $6::smallint[], $7::date[], $8::smallint[], $9::date[], $10::text[], $11::text[], \
    $12::text[], $13::text[], $14::text[], $15::float8[], $16::float8[], $17::bigint[], \
    $18::bigint[], $19::smallint[], $20::bigint[], $21::bigint[], $22::text[], $23::text[], \
    $24::text[], $25::text[], $26::timestamptz[], $27::timestamptz[], $28::bytea[], \
    $29::integer[], $30::text[]) WITH ORDINALITY AS u(changed, id, event_type, \
    sub_event_type, status, category, date_start, date_precision, date_end, location_name, \
    country, admin1, admin1_key, admin2, lat, lon, merc_x, merc_y, location_precision, \
    fatalities, injuries, notes, tags, actors, sources, first_seen, updated, content_hash, \
    revision, search, n) ORDER BY n";

impl Rows {
    /// Adds event `e` as write number `changed`; the ids of its actors
    /// (created on first sight).
    #[allow(clippy::too_many_arguments)]
    fn push<C: GenericClient>(
        &mut self,
        db: &mut Db<'_, C>,
        actors: &mut ActorCache,
        changed: i64,
        e: &Event,
        stamps: &Stamps<'_>,
        hash: &[u8; 16],
        revision: i32,
    ) -> Result<Vec<i64>, StoreError> {
        let mut links: Vec<codec::ActorLink> = Vec::with_capacity(e.actors.len());
        let mut names: Vec<String> = Vec::with_capacity(e.actors.len());
        for a in &e.actors {
            let (id, name) = actors.get(db, &a.name, a.kind)?;
            links.push((id, a.role.code(), a.claimed));
            names.push(name);
        }
        let terms = search_terms(
            [
                Some(e.notes.as_str()),
                Some(e.location.name.as_str()),
                e.location.admin1.as_deref(),
                e.location.admin2.as_deref(),
            ]
            .into_iter()
            .flatten()
            .chain(names.iter().map(String::as_str)),
        );
        let (merc_x, merc_y) = mercator(e.location.lat, e.location.lon);
        self.changed.push(changed);
        self.id.push(stamps.id.0.clone());
        self.event_type.push(i16::from(e.event_type.code()));
        self.sub_event_type
            .push(e.sub_event_type.map(|s| i16::from(s.code())));
        self.status.push(i16::from(e.status.code()));
        self.category.push(i16::from(e.category().code()));
        self.date_start.push(e.date.start);
        self.date_precision.push(i16::from(e.date.precision.code()));
        self.date_end.push(e.date.end);
        self.location_name.push(e.location.name.clone());
        self.country.push(e.location.country.clone());
        self.admin1.push(e.location.admin1.clone());
        self.admin1_key.push(
            e.location
                .admin1
                .as_deref()
                .map(admin1_key)
                .filter(|k| !k.is_empty()),
        );
        self.admin2.push(e.location.admin2.clone());
        self.lat.push(e.location.lat);
        self.lon.push(e.location.lon);
        self.merc_x.push(i64::from(merc_x));
        self.merc_y.push(i64::from(merc_y));
        self.location_precision
            .push(i16::from(e.location.precision.code()));
        self.fatalities.push(e.fatalities.map(i64::from));
        self.injuries.push(e.injuries.map(i64::from));
        self.notes.push(e.notes.clone());
        self.tags.push(codec::join_tags(&e.tags));
        self.actors.push(codec::encode_actors(&links));
        self.sources.push(codec::encode_sources(&e.sources));
        self.first_seen.push(stamps.first_seen);
        self.updated.push(stamps.updated);
        self.content_hash.push(hash.to_vec());
        self.revision.push(revision);
        self.search.push(terms.join(" "));
        Ok(links.into_iter().map(|(id, _, _)| id).collect())
    }

    fn params(&self) -> [&(dyn ::postgres::types::ToSql + Sync); 30] {
        [
            &self.changed,
            &self.id,
            &self.event_type,
            &self.sub_event_type,
            &self.status,
            &self.category,
            &self.date_start,
            &self.date_precision,
            &self.date_end,
            &self.location_name,
            &self.country,
            &self.admin1,
            &self.admin1_key,
            &self.admin2,
            &self.lat,
            &self.lon,
            &self.merc_x,
            &self.merc_y,
            &self.location_precision,
            &self.fatalities,
            &self.injuries,
            &self.notes,
            &self.tags,
            &self.actors,
            &self.sources,
            &self.first_seen,
            &self.updated,
            &self.content_hash,
            &self.revision,
            &self.search,
        ]
    }

    /// Inserts the rows; their seqs, in order.
    fn insert<C: GenericClient>(&self, db: &mut Db<'_, C>) -> Result<Vec<i64>, StoreError> {
        let returned = db.query(
            &format!("INSERT INTO events ({COLUMNS}) {ROWS} RETURNING seq, changed"),
            &self.params(),
        )?;
        // Write numbers are unique: they say which row got which seq.
        let mut by_changed = HashMap::with_capacity(returned.len());
        for r in returned {
            by_changed.insert(r.try_get::<_, i64>(1)?, r.try_get::<_, i64>(0)?);
        }
        self.changed
            .iter()
            .map(|c| {
                by_changed
                    .get(c)
                    .copied()
                    .ok_or_else(|| corrupt("inserted row without its seq, write number", *c))
            })
            .collect()
    }

    /// Rewrites row `seq` with the one row held.
    fn update<C: GenericClient>(&self, db: &mut Db<'_, C>, seq: i64) -> Result<(), StoreError> {
        let mut params = self.params().to_vec();
        params.push(&seq);
        let updated = db.execute(
            &format!("UPDATE events SET ({COLUMNS}) = ({ROWS}) WHERE seq = $31"),
            &params,
        )?;
        if updated != 1 {
            return Err(corrupt("missing event seq", seq));
        }
        Ok(())
    }
}
