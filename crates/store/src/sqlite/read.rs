//! Reading full events back: the stored row, its inline sources and actor
//! links, and the actor records those links point at, for a page at a time.

use std::collections::HashMap;
use std::rc::Rc;

use rusqlite::Connection;
use rusqlite::types::Value;
use sitrep_model::{
    ActorKind, ActorRole, DatePrecision, Event, EventActor, EventDate, EventId, EventType,
    Location, LocationPrecision, Status, SubEventType,
};

use crate::StoreError;
use crate::codec::{self, ActorLink, date_from_day, from_timestamp};

pub fn corrupt(what: &str, value: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what} {value}"))
}

const EVENT_COLUMNS: &str = "seq, id, event_type, sub_event_type, status, date_start, \
    date_precision, date_end, location_name, country, admin1, admin2, lat, lon, \
    location_precision, fatalities, injuries, notes, tags, first_seen, updated, actors, sources";

fn rarray<T: Copy + Into<i64>>(ids: impl IntoIterator<Item = T>) -> Rc<Vec<Value>> {
    Rc::new(ids.into_iter().map(|i| Value::from(i.into())).collect())
}

/// Full events by seq, in the order given.
pub fn load_events(conn: &Connection, seqs: &[u32]) -> Result<Vec<Event>, StoreError> {
    if seqs.is_empty() {
        return Ok(vec![]);
    }
    let mut by_seq: HashMap<u32, (Event, Vec<ActorLink>)> = HashMap::with_capacity(seqs.len());
    {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE seq IN rarray(?1)"
        ))?;
        let mut rows = stmt.query([rarray(seqs.iter().copied())])?;
        while let Some(r) = rows.next()? {
            let seq: u32 = r.get(0)?;
            let links: String = r.get(21)?;
            by_seq.insert(seq, (event_from_row(r)?, codec::decode_actors(&links)?));
        }
    }
    let actor_ids: Vec<i64> = by_seq
        .values()
        .flat_map(|(_, links)| links.iter().map(|l| l.0))
        .collect();
    let mut actors: HashMap<i64, (String, ActorKind)> = HashMap::new();
    if !actor_ids.is_empty() {
        let mut stmt =
            conn.prepare_cached("SELECT id, name, kind FROM actors WHERE id IN rarray(?1)")?;
        let mut rows = stmt.query([rarray(actor_ids)])?;
        while let Some(r) = rows.next()? {
            let kind: u8 = r.get(2)?;
            let kind = ActorKind::from_code(kind).ok_or_else(|| corrupt("actor kind", kind))?;
            actors.insert(r.get(0)?, (r.get(1)?, kind));
        }
    }
    seqs.iter()
        .map(|seq| {
            let (mut event, links) = by_seq
                .remove(seq)
                .ok_or_else(|| corrupt("missing event seq", seq))?;
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

/// What an event row and an event claim row share, in columns 2–16 of both
/// queries: type, sub-type, status, date (start, precision, end), location
/// (name, country, admin1, admin2, lat, lon, precision), fatalities, injuries.
pub(super) struct Core {
    pub event_type: EventType,
    pub sub_event_type: Option<SubEventType>,
    pub status: Status,
    pub date: EventDate,
    pub location: Location,
    pub fatalities: Option<u32>,
    pub injuries: Option<u32>,
}

pub(super) fn core_from_row(r: &rusqlite::Row<'_>) -> Result<Core, StoreError> {
    let event_type: u8 = r.get(2)?;
    let sub: Option<u8> = r.get(3)?;
    let status: u8 = r.get(4)?;
    let precision: u8 = r.get(6)?;
    let date_end: Option<i32> = r.get(7)?;
    let loc_precision: u8 = r.get(14)?;
    Ok(Core {
        event_type: EventType::from_code(event_type)
            .ok_or_else(|| corrupt("event type", event_type))?,
        sub_event_type: sub
            .map(|c| SubEventType::from_code(c).ok_or_else(|| corrupt("sub-event type", c)))
            .transpose()?,
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
    })
}

fn event_from_row(r: &rusqlite::Row<'_>) -> Result<Event, StoreError> {
    let core = core_from_row(r)?;
    let tags: String = r.get(18)?;
    let sources: String = r.get(22)?;
    Ok(Event {
        id: EventId(r.get(1)?),
        event_type: core.event_type,
        sub_event_type: core.sub_event_type,
        status: core.status,
        date: core.date,
        location: core.location,
        fatalities: core.fatalities,
        injuries: core.injuries,
        actors: vec![],
        notes: r.get(17)?,
        tags: codec::split_tags(&tags),
        sources: codec::decode_sources(&sources)?,
        first_seen: from_timestamp(r.get(19)?)?,
        updated: from_timestamp(r.get(20)?)?,
    })
}
