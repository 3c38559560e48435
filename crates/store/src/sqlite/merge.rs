//! Cross-source deduplication in SQLite (the rules are `crate::merge`):
//! finding the stored event a new record duplicates, through the in-memory
//! index, and keeping each source's claims in `event_claims` (migration 6).
//! An event gets claims when its second source arrives: first a snapshot of
//! what its own record said, then the newcomer's; single-source events have
//! none, so plain imports pay nothing for this.

use rusqlite::{Connection, OptionalExtension, params};
use sitrep_model::{Category, Event, EventType, LocationPrecision, Status, SubEventType};

use super::index::IndexRow;
use super::read::{core_from_row, corrupt};
use crate::StoreError;
use crate::codec::{date_from_day, day_number, from_timestamp, timestamp};
use crate::merge::{self, Candidate, SourceClaim};
use crate::query::{EventQuery, Near};

/// Most nearby events looked at for one new record.
const MAX_CANDIDATES: usize = 50;

/// The stored event `e` describes the same incident as, if any. `nearby`
/// answers an [`EventQuery`] from the in-memory index.
pub fn find_duplicate(
    conn: &Connection,
    e: &Event,
    nearby: &dyn Fn(&EventQuery) -> Vec<IndexRow>,
) -> Result<Option<u32>, StoreError> {
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
    let (event_type, category) = (e.event_type.code(), e.category().code());
    let mut best: Option<(f64, u32)> = None;
    for row in nearby(&query) {
        // The index row rules most candidates out before their record is read.
        if row.event_type != event_type && row.category != category {
            continue;
        }
        let (sources, precision, fatalities): (String, u8, Option<u32>) = conn
            .prepare_cached(
                "SELECT sources, location_precision, fatalities FROM events WHERE seq = ?1",
            )?
            .query_row([row.seq], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        let sources = crate::codec::decode_sources(&sources)?;
        let candidate = Candidate {
            event_type: EventType::from_code(row.event_type)
                .ok_or_else(|| corrupt("event type", row.event_type))?,
            status: Status::from_code(row.status).ok_or_else(|| corrupt("status", row.status))?,
            category: Category::from_code(row.category)
                .ok_or_else(|| corrupt("category", row.category))?,
            day: date_from_day(row.day)?,
            lat: f64::from(row.lat),
            lon: f64::from(row.lon),
            fatalities,
            precision: LocationPrecision::from_code(precision)
                .ok_or_else(|| corrupt("location precision", precision))?,
            sources: &sources,
        };
        if let Some(distance) = merge::match_distance(e, &candidate)
            && best.is_none_or(|(d, seq)| (distance, row.seq) < (d, seq))
        {
            best = Some((distance, row.seq));
        }
    }
    Ok(best.map(|(_, seq)| seq))
}

/// Event `seq`'s claims, in the order they arrived.
pub fn claims(conn: &Connection, seq: u32) -> Result<Vec<SourceClaim>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT source, retrieved_at, event_type, sub_event_type, status, date_start, \
         date_precision, date_end, location_name, country, admin1, admin2, lat, lon, \
         location_precision, fatalities, injuries FROM event_claims WHERE event_seq = ?1 \
         ORDER BY arrived",
    )?;
    let mut rows = stmt.query([seq])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(claim_from_row(r)?);
    }
    Ok(out)
}

fn claim_from_row(r: &rusqlite::Row<'_>) -> Result<SourceClaim, StoreError> {
    let core = core_from_row(r)?;
    Ok(SourceClaim {
        source: r.get(0)?,
        retrieved_at: from_timestamp(r.get(1)?)?,
        event_type: core.event_type,
        sub_event_type: core.sub_event_type,
        status: core.status,
        date: core.date,
        location: core.location,
        fatalities: core.fatalities,
        injuries: core.injuries,
    })
}

/// The content hash stored with `source`'s claim on event `seq`; `None` when
/// the event keeps no claims from that source.
pub fn claim_hash(
    conn: &Connection,
    seq: u32,
    source: &str,
) -> Result<Option<Vec<u8>>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT content_hash FROM event_claims WHERE event_seq = ?1 AND source = ?2",
        )?
        .query_row(params![seq, source], |r| r.get(0))
        .optional()?)
}

/// Stores (or replaces) one source's claim on event `seq`.
pub fn save_claim(
    conn: &Connection,
    seq: u32,
    claim: &SourceClaim,
    hash: &[u8],
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO event_claims (event_seq, source, arrived, content_hash, retrieved_at, \
         event_type, sub_event_type, status, date_start, date_precision, date_end, \
         location_name, country, admin1, admin2, lat, lon, location_precision, fatalities, \
         injuries) VALUES (?1, ?2, \
         (SELECT COUNT(*) FROM event_claims WHERE event_seq = ?1), ?3, ?4, ?5, ?6, ?7, ?8, ?9, \
         ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19) \
         ON CONFLICT (event_seq, source) DO UPDATE SET content_hash = excluded.content_hash, \
         retrieved_at = excluded.retrieved_at, event_type = excluded.event_type, \
         sub_event_type = excluded.sub_event_type, status = excluded.status, \
         date_start = excluded.date_start, date_precision = excluded.date_precision, \
         date_end = excluded.date_end, location_name = excluded.location_name, \
         country = excluded.country, admin1 = excluded.admin1, admin2 = excluded.admin2, \
         lat = excluded.lat, lon = excluded.lon, \
         location_precision = excluded.location_precision, fatalities = excluded.fatalities, \
         injuries = excluded.injuries",
    )?
    .execute(params![
        seq,
        claim.source,
        hash,
        timestamp(claim.retrieved_at),
        claim.event_type.code(),
        claim.sub_event_type.map(SubEventType::code),
        claim.status.code(),
        day_number(claim.date.start),
        claim.date.precision.code(),
        claim.date.end.map(day_number),
        claim.location.name,
        claim.location.country,
        claim.location.admin1,
        claim.location.admin2,
        claim.location.lat,
        claim.location.lon,
        claim.location.precision.code(),
        claim.fatalities,
        claim.injuries,
    ])?;
    Ok(())
}
