//! Reading events back from PostgreSQL: the stored row with its inline
//! sources and actor links (the SQLite backend's codec), the actor records
//! those links point at, each source's claims on a merged event, and the
//! lookup of an event by any of its source keys.

use std::collections::HashMap;

use ::postgres::{GenericClient, Row};
use chrono::NaiveDate;
use sitrep_model::{
    ActorKind, ActorRole, DatePrecision, Event, EventActor, EventDate, EventId, EventType,
    Location, LocationPrecision, Status, SubEventType,
};

use super::db::{Db, corrupt, to_code, to_u32};
use crate::StoreError;
use crate::codec::{self, ActorLink};
use crate::merge::SourceClaim;

/// The columns an event and a claim share, in this order.
const CORE_COLUMNS: &str = "event_type, sub_event_type, status, date_start, date_precision, \
    date_end, location_name, country, admin1, admin2, lat, lon, location_precision, \
    fatalities, injuries";

/// Columns of a full event: seq and id, the core (2–16), then notes, tags,
/// first seen, updated, actor links and sources (17–22). Qualified by `e`.
pub(super) const EVENT_COLUMNS: &str = "e.seq, e.id, e.event_type, e.sub_event_type, e.status, \
    e.date_start, e.date_precision, e.date_end, e.location_name, e.country, e.admin1, \
    e.admin2, e.lat, e.lon, e.location_precision, e.fatalities, e.injuries, e.notes, e.tags, \
    e.first_seen, e.updated, e.actors, e.sources";

/// What an event row and a claim row share (see [`CORE_COLUMNS`]).
pub(super) struct Core {
    pub event_type: EventType,
    pub sub_event_type: Option<SubEventType>,
    pub status: Status,
    pub date: EventDate,
    pub location: Location,
    pub fatalities: Option<u32>,
    pub injuries: Option<u32>,
}

fn count(what: &str, value: Option<i64>) -> Result<Option<u32>, StoreError> {
    value.map(|v| to_u32(what, v)).transpose()
}

/// The core columns starting at column `at`.
fn core_from_row(r: &Row, at: usize) -> Result<Core, StoreError> {
    let event_type = to_code("event type", r.try_get(at)?)?;
    let sub: Option<i16> = r.try_get(at + 1)?;
    let status = to_code("status", r.try_get(at + 2)?)?;
    let precision = to_code("date precision", r.try_get(at + 4)?)?;
    let loc_precision = to_code("location precision", r.try_get(at + 12)?)?;
    Ok(Core {
        event_type: EventType::from_code(event_type)
            .ok_or_else(|| corrupt("event type", event_type))?,
        sub_event_type: sub
            .map(|c| {
                to_code("sub-event type", c).and_then(|c| {
                    SubEventType::from_code(c).ok_or_else(|| corrupt("sub-event type", c))
                })
            })
            .transpose()?,
        status: Status::from_code(status).ok_or_else(|| corrupt("status", status))?,
        date: EventDate {
            start: r.try_get::<_, NaiveDate>(at + 3)?,
            precision: DatePrecision::from_code(precision)
                .ok_or_else(|| corrupt("date precision", precision))?,
            end: r.try_get(at + 5)?,
        },
        location: Location {
            name: r.try_get(at + 6)?,
            country: r.try_get(at + 7)?,
            admin1: r.try_get(at + 8)?,
            admin2: r.try_get(at + 9)?,
            lat: r.try_get(at + 10)?,
            lon: r.try_get(at + 11)?,
            precision: LocationPrecision::from_code(loc_precision)
                .ok_or_else(|| corrupt("location precision", loc_precision))?,
        },
        fatalities: count("fatalities", r.try_get(at + 13)?)?,
        injuries: count("injuries", r.try_get(at + 14)?)?,
    })
}

/// An event row (see [`EVENT_COLUMNS`]) without its actors, with its seq
/// and actor links.
fn event_from_row(r: &Row) -> Result<(i64, Event, Vec<ActorLink>), StoreError> {
    let core = core_from_row(r, 2)?;
    let tags: String = r.try_get(18)?;
    let links: String = r.try_get(21)?;
    let sources: String = r.try_get(22)?;
    let event = Event {
        id: EventId(r.try_get(1)?),
        event_type: core.event_type,
        sub_event_type: core.sub_event_type,
        status: core.status,
        date: core.date,
        location: core.location,
        fatalities: core.fatalities,
        injuries: core.injuries,
        actors: vec![],
        notes: r.try_get(17)?,
        tags: codec::split_tags(&tags),
        sources: codec::decode_sources(&sources)?,
        first_seen: r.try_get(19)?,
        updated: r.try_get(20)?,
    };
    Ok((r.try_get(0)?, event, codec::decode_actors(&links)?))
}

/// Full events from rows of [`EVENT_COLUMNS`], in the rows' order, with
/// their actors read from `actors`.
pub(super) fn events_from_rows<C: GenericClient>(
    db: &mut Db<'_, C>,
    rows: &[Row],
) -> Result<Vec<Event>, StoreError> {
    let decoded = rows
        .iter()
        .map(event_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    let mut ids: Vec<i64> = decoded
        .iter()
        .flat_map(|(_, _, links)| links.iter().map(|l| l.0))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut actors: HashMap<i64, (String, ActorKind)> = HashMap::with_capacity(ids.len());
    if !ids.is_empty() {
        for r in db.query(
            "SELECT id, name, kind FROM actors WHERE id = ANY($1)",
            &[&ids],
        )? {
            let kind = to_code("actor kind", r.try_get(2)?)?;
            let kind = ActorKind::from_code(kind).ok_or_else(|| corrupt("actor kind", kind))?;
            actors.insert(r.try_get(0)?, (r.try_get(1)?, kind));
        }
    }
    decoded
        .into_iter()
        .map(|(_, mut event, links)| {
            for (id, role, claimed) in links {
                let (name, kind) = actors
                    .get(&id)
                    .cloned()
                    .ok_or_else(|| corrupt("missing actor", id))?;
                event.actors.push(EventActor {
                    actor_id: Some(id),
                    name,
                    kind,
                    role: ActorRole::from_code(role).ok_or_else(|| corrupt("actor role", role))?,
                    claimed,
                });
            }
            Ok(event)
        })
        .collect()
}

/// Full events by seq, in the order given.
pub(super) fn load_events<C: GenericClient>(
    db: &mut Db<'_, C>,
    seqs: &[i64],
) -> Result<Vec<Event>, StoreError> {
    if seqs.is_empty() {
        return Ok(vec![]);
    }
    let rows = db.query(
        &format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.seq = ANY($1)"),
        &[&seqs],
    )?;
    let mut by_seq: HashMap<i64, Event> = HashMap::with_capacity(rows.len());
    for (row, event) in rows.iter().zip(events_from_rows(db, &rows)?) {
        by_seq.insert(row.try_get(0)?, event);
    }
    seqs.iter()
        .map(|seq| {
            by_seq
                .remove(seq)
                .ok_or_else(|| corrupt("missing event seq", seq))
        })
        .collect()
}

pub(super) fn load_one<C: GenericClient>(
    db: &mut Db<'_, C>,
    seq: i64,
) -> Result<Event, StoreError> {
    load_events(db, &[seq])?
        .pop()
        .ok_or_else(|| corrupt("missing event seq", seq))
}

/// The seq of the event holding source key `(dataset, record_id)`.
pub(super) fn find_source<C: GenericClient>(
    db: &mut Db<'_, C>,
    dataset: &str,
    record_id: &str,
) -> Result<Option<i64>, StoreError> {
    db.query_opt(
        "SELECT event_seq FROM source_keys WHERE dataset = $1 AND record_id = $2",
        &[&dataset, &record_id],
    )?
    .map(|r| r.try_get(0))
    .transpose()
    .map_err(StoreError::from)
}

/// The seq of the event with public id (or any source key) `dataset:record_id`.
pub(super) fn seq_of<C: GenericClient>(
    db: &mut Db<'_, C>,
    id: &str,
) -> Result<Option<i64>, StoreError> {
    match id.split_once(':') {
        Some((dataset, record_id)) => find_source(db, dataset, record_id),
        None => Ok(None),
    }
}

/// Event `seq`'s claims, in the order they arrived.
pub(super) fn claims<C: GenericClient>(
    db: &mut Db<'_, C>,
    seq: i64,
) -> Result<Vec<SourceClaim>, StoreError> {
    let rows = db.query(
        &format!(
            "SELECT source, retrieved_at, {CORE_COLUMNS} FROM event_claims \
             WHERE event_seq = $1 ORDER BY arrived"
        ),
        &[&seq],
    )?;
    rows.iter()
        .map(|r| {
            let core = core_from_row(r, 2)?;
            Ok(SourceClaim {
                source: r.try_get(0)?,
                retrieved_at: r.try_get(1)?,
                event_type: core.event_type,
                sub_event_type: core.sub_event_type,
                status: core.status,
                date: core.date,
                location: core.location,
                fatalities: core.fatalities,
                injuries: core.injuries,
            })
        })
        .collect()
}

/// The content hash stored with `source`'s claim on event `seq`.
pub(super) fn claim_hash<C: GenericClient>(
    db: &mut Db<'_, C>,
    seq: i64,
    source: &str,
) -> Result<Option<Vec<u8>>, StoreError> {
    db.query_opt(
        "SELECT content_hash FROM event_claims WHERE event_seq = $1 AND source = $2",
        &[&seq, &source],
    )?
    .map(|r| r.try_get(0))
    .transpose()
    .map_err(StoreError::from)
}

/// Stores (or replaces) one source's claim on event `seq`.
pub(super) fn save_claim<C: GenericClient>(
    db: &mut Db<'_, C>,
    seq: i64,
    claim: &SourceClaim,
    hash: &[u8],
) -> Result<(), StoreError> {
    db.execute(
        "INSERT INTO event_claims (event_seq, source, arrived, content_hash, retrieved_at, \
         event_type, sub_event_type, status, date_start, date_precision, date_end, \
         location_name, country, admin1, admin2, lat, lon, location_precision, fatalities, \
         injuries) VALUES ($1, $2, \
         (SELECT COUNT(*) FROM event_claims WHERE event_seq = $1), $3, $4, $5, $6, $7, $8, $9, \
         $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) \
         ON CONFLICT (event_seq, source) DO UPDATE SET content_hash = excluded.content_hash, \
         retrieved_at = excluded.retrieved_at, event_type = excluded.event_type, \
         sub_event_type = excluded.sub_event_type, status = excluded.status, \
         date_start = excluded.date_start, date_precision = excluded.date_precision, \
         date_end = excluded.date_end, location_name = excluded.location_name, \
         country = excluded.country, admin1 = excluded.admin1, admin2 = excluded.admin2, \
         lat = excluded.lat, lon = excluded.lon, \
         location_precision = excluded.location_precision, fatalities = excluded.fatalities, \
         injuries = excluded.injuries",
        &[
            &seq,
            &claim.source,
            &hash,
            &claim.retrieved_at,
            &i16::from(claim.event_type.code()),
            &claim.sub_event_type.map(|s| i16::from(s.code())),
            &i16::from(claim.status.code()),
            &claim.date.start,
            &i16::from(claim.date.precision.code()),
            &claim.date.end,
            &claim.location.name,
            &claim.location.country,
            &claim.location.admin1,
            &claim.location.admin2,
            &claim.location.lat,
            &claim.location.lon,
            &i16::from(claim.location.precision.code()),
            &claim.fatalities.map(i64::from),
            &claim.injuries.map(i64::from),
        ],
    )?;
    Ok(())
}
