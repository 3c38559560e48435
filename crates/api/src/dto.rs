//! The JSON shapes of the API and their conversions from the domain and store
//! types. Each DTO mirrors its model type field for field, with enums written
//! as the words the model defines (`occurred`, `city`, `armed_conflict`) and
//! event types as ACLED writes them (`Explosions/Remote violence`).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sitrep_model::{Event, EventActor, Source};
use sitrep_store::merge::FieldProvenance;
use sitrep_store::{Aggregate, AggregateBucket, EventPage, Interval, Revision, StoreStats};
use utoipa::ToSchema;

/// A security event with everything sitrep knows about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EventDto {
    /// Stable public id: `{dataset}:{record_id}` of the source that created the event.
    #[schema(example = "acled:RUS12345")]
    pub id: String,
    /// ACLED event type label.
    #[schema(example = "Violence against civilians")]
    pub event_type: String,
    /// ACLED sub-event type label, null when the source gave none.
    #[schema(example = "Attack")]
    pub sub_event_type: Option<String>,
    /// `occurred`, `foiled` or `threatened`.
    #[schema(example = "occurred")]
    pub status: String,
    /// Derived risk category: `terrorism`, `armed_conflict`, `civil_unrest`, `crime`,
    /// `kidnap` or `political`.
    #[schema(example = "terrorism")]
    pub category: String,
    pub date: DateDto,
    pub location: LocationDto,
    /// Reported deaths; null when unknown (not zero).
    pub fatalities: Option<u32>,
    /// Reported injuries; null when unknown (not zero).
    pub injuries: Option<u32>,
    pub actors: Vec<ActorDto>,
    pub notes: String,
    /// Free tags, `word` or `key:value`.
    pub tags: Vec<String>,
    pub sources: Vec<SourceDto>,
    /// When sitrep first stored the event.
    pub first_seen: DateTime<Utc>,
    /// When sitrep last changed the event.
    pub updated: DateTime<Utc>,
}

/// When an event happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DateDto {
    /// First day (YYYY-MM-DD); the first of the month or year for coarser precisions.
    pub start: NaiveDate,
    /// `day`, `week`, `month` or `year`.
    #[schema(example = "day")]
    pub precision: String,
    /// Last day of a span, null for a single date.
    pub end: Option<NaiveDate>,
}

/// Where an event happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LocationDto {
    pub name: String,
    /// ISO 3166-1 alpha-2 code (`XK` for Kosovo).
    #[schema(example = "RU")]
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    pub lat: f64,
    pub lon: f64,
    /// `point`, `city`, `admin2`, `admin1` or `country`.
    #[schema(example = "city")]
    pub precision: String,
}

/// An actor's part in an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ActorDto {
    /// The store's actor id; null only for events not yet stored.
    pub actor_id: Option<i64>,
    pub name: String,
    /// `state`, `rebel`, `political_militia`, `identity_militia`, `rioters`, `protesters`,
    /// `civilians`, `external`, `terrorist`, `criminal` or `unknown`.
    #[schema(example = "rebel")]
    pub kind: String,
    /// `perpetrator`, `target` or `other`.
    #[schema(example = "perpetrator")]
    pub role: String,
    /// The actor claimed responsibility.
    pub claimed: bool,
}

/// A record an event was learned from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SourceDto {
    #[schema(example = "acled")]
    pub dataset: String,
    pub record_id: String,
    pub url: Option<String>,
    /// Who reported it.
    pub name: Option<String>,
    pub retrieved_at: DateTime<Utc>,
}

/// One page of events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EventPageDto {
    pub events: Vec<EventDto>,
    /// Number of events matching the filters, over all pages.
    pub total: u64,
    /// Pass as `cursor` to get the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// An event with its revision history and, when merged from several
/// sources, the provenance of its fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EventDetailDto {
    #[serde(flatten)]
    pub event: EventDto,
    /// Revisions, oldest first; revision 1 is the event's creation.
    pub history: Vec<RevisionDto>,
    /// For an event merged from several sources (the same incident from a
    /// dataset, a feed, a report): per field, the value shown and the sources
    /// stating it, and the other values sources gave. Empty for an event with
    /// one source, whose every field comes from that source.
    pub provenance: Vec<FieldProvenanceDto>,
}

/// Who states a merged event's field, and what the other sources say.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FieldProvenanceDto {
    /// `event_type`, `status`, `date`, `location`, `fatalities` or `injuries`.
    pub field: String,
    /// The value shown, as text.
    #[schema(example = "145")]
    pub shown: String,
    /// `dataset:record_id` of each source stating the shown value.
    pub sources: Vec<String>,
    /// The other values given, most supported first.
    pub alternatives: Vec<AlternativeDto>,
}

/// A value some sources gave for a field that the event does not show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AlternativeDto {
    #[schema(example = "137")]
    pub value: String,
    pub sources: Vec<String>,
}

/// One revision of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RevisionDto {
    pub revision: u32,
    pub at: DateTime<Utc>,
    /// `dataset:record_id` of the source record that caused the revision.
    pub source: String,
    pub changes: Vec<ChangeDto>,
}

/// One field's change in a revision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ChangeDto {
    pub field: String,
    pub old: String,
    pub new: String,
}

/// Events grouped per map cell or per time bucket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum AggregateDto {
    Grid(GridAggregateDto),
    Time(TimeAggregateDto),
}

/// Events per cell of a Web-Mercator grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct GridAggregateDto {
    /// Always `grid`.
    #[schema(example = "grid")]
    pub by: String,
    pub zoom: u8,
    pub cells_per_tile: u16,
    pub cells: Vec<GridCellDto>,
}

/// One grid cell with events in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct GridCellDto {
    /// Column and row at the grid's resolution (`2^zoom × cells_per_tile` across).
    pub x: u32,
    pub y: u32,
    /// Mean position of the cell's events.
    pub lat: f64,
    pub lon: f64,
    /// The cell's extent: west, south, east, north.
    pub bbox: [f64; 4],
    pub events: u64,
    /// Sum of known fatalities.
    pub fatalities: u64,
}

/// Events per day, ISO week or month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TimeAggregateDto {
    /// `day`, `week` or `month`.
    #[schema(example = "month")]
    pub by: String,
    pub buckets: Vec<TimeBucketDto>,
}

/// One time bucket with events in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TimeBucketDto {
    /// First day of the bucket (a Monday for weeks, the 1st for months).
    pub start: NaiveDate,
    pub events: u64,
    /// Sum of known fatalities.
    pub fatalities: u64,
}

/// Summary figures about the store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct StatsDto {
    pub events: u64,
    pub actors: u64,
    pub sources: u64,
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
}

/// Liveness answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct HealthDto {
    #[schema(example = "ok")]
    pub status: String,
}

/// Every error response: `{"error": {"code", "message"}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ErrorDto {
    pub error: ErrorBody,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    /// Stable machine code: `bad_request`, `invalid_query`, `not_found`, `method_not_allowed`,
    /// `not_acceptable`, `payload_too_large`, `internal` or `unavailable`.
    #[schema(example = "invalid_query")]
    pub code: String,
    /// What went wrong, naming the parameter at fault.
    #[schema(example = "bbox: expected W,S,E,N, got \"1,2\"")]
    pub message: String,
}

impl From<&Event> for EventDto {
    fn from(e: &Event) -> Self {
        EventDto {
            id: e.id.0.clone(),
            event_type: e.event_type.label().to_owned(),
            sub_event_type: e.sub_event_type.map(|s| s.label().to_owned()),
            status: e.status.as_str().to_owned(),
            category: e.category().as_str().to_owned(),
            date: DateDto {
                start: e.date.start,
                precision: e.date.precision.as_str().to_owned(),
                end: e.date.end,
            },
            location: LocationDto {
                name: e.location.name.clone(),
                country: e.location.country.clone(),
                admin1: e.location.admin1.clone(),
                admin2: e.location.admin2.clone(),
                lat: e.location.lat,
                lon: e.location.lon,
                precision: e.location.precision.as_str().to_owned(),
            },
            fatalities: e.fatalities,
            injuries: e.injuries,
            actors: e.actors.iter().map(ActorDto::from).collect(),
            notes: e.notes.clone(),
            tags: e.tags.clone(),
            sources: e.sources.iter().map(SourceDto::from).collect(),
            first_seen: e.first_seen,
            updated: e.updated,
        }
    }
}

impl From<&EventActor> for ActorDto {
    fn from(a: &EventActor) -> Self {
        ActorDto {
            actor_id: a.actor_id,
            name: a.name.clone(),
            kind: a.kind.as_str().to_owned(),
            role: a.role.as_str().to_owned(),
            claimed: a.claimed,
        }
    }
}

impl From<&Source> for SourceDto {
    fn from(s: &Source) -> Self {
        SourceDto {
            dataset: s.dataset.clone(),
            record_id: s.record_id.clone(),
            url: s.url.clone(),
            name: s.name.clone(),
            retrieved_at: s.retrieved_at,
        }
    }
}

impl From<&EventPage> for EventPageDto {
    fn from(page: &EventPage) -> Self {
        EventPageDto {
            events: page.events.iter().map(EventDto::from).collect(),
            total: page.total,
            next_cursor: page.next_cursor.map(|c| c.encode()),
        }
    }
}

impl From<&Revision> for RevisionDto {
    fn from(r: &Revision) -> Self {
        RevisionDto {
            revision: r.revision,
            at: r.at,
            source: r.source.clone(),
            changes: r
                .changes
                .iter()
                .map(|c| ChangeDto {
                    field: c.field.clone(),
                    old: c.old.clone(),
                    new: c.new.clone(),
                })
                .collect(),
        }
    }
}

impl From<&StoreStats> for StatsDto {
    fn from(s: &StoreStats) -> Self {
        StatsDto {
            events: s.events,
            actors: s.actors,
            sources: s.sources,
            first_date: s.first_date,
            last_date: s.last_date,
        }
    }
}

impl EventDetailDto {
    pub fn new(event: &Event, history: &[Revision], provenance: &[FieldProvenance]) -> Self {
        EventDetailDto {
            event: EventDto::from(event),
            history: history.iter().map(RevisionDto::from).collect(),
            provenance: provenance
                .iter()
                .map(|p| FieldProvenanceDto {
                    field: p.field.to_owned(),
                    shown: p.shown.clone(),
                    sources: p.sources.clone(),
                    alternatives: p
                        .alternatives
                        .iter()
                        .map(|(value, sources)| AlternativeDto {
                            value: value.clone(),
                            sources: sources.clone(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// The word for a time interval, as `by=` takes it.
pub fn interval_word(interval: Interval) -> &'static str {
    match interval {
        Interval::Day => "day",
        Interval::Week => "week",
        Interval::Month => "month",
    }
}

impl AggregateDto {
    /// The buckets a store returned for `aggregate`. Buckets lacking the part
    /// the aggregate asks for (a cell for grids, a start for times) are skipped.
    pub fn new(aggregate: &Aggregate, buckets: &[AggregateBucket]) -> Self {
        match *aggregate {
            Aggregate::Grid {
                zoom,
                cells_per_tile,
            } => AggregateDto::Grid(GridAggregateDto {
                by: "grid".to_owned(),
                zoom,
                cells_per_tile,
                cells: buckets
                    .iter()
                    .filter_map(|b| {
                        let c = b.cell.as_ref()?;
                        Some(GridCellDto {
                            x: c.x,
                            y: c.y,
                            lat: c.lat,
                            lon: c.lon,
                            bbox: [c.bbox.west, c.bbox.south, c.bbox.east, c.bbox.north],
                            events: b.events,
                            fatalities: b.fatalities,
                        })
                    })
                    .collect(),
            }),
            Aggregate::Time(interval) => AggregateDto::Time(TimeAggregateDto {
                by: interval_word(interval).to_owned(),
                buckets: buckets
                    .iter()
                    .filter_map(|b| {
                        Some(TimeBucketDto {
                            start: b.time.as_ref()?.start,
                            events: b.events,
                            fatalities: b.fatalities,
                        })
                    })
                    .collect(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_model::{DatePrecision, SubEventType};
    use sitrep_store::testing::sample_event;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| panic!("bad date"))
    }

    #[test]
    fn event_dto_carries_every_field_in_wire_words() {
        let mut e = sample_event(7, day(2024, 3, 22), 55.82, 37.33, "RU");
        e.sub_event_type = None;
        e.event_type = sitrep_model::EventType::ExplosionsRemoteViolence;
        e.date.precision = DatePrecision::Month;
        e.date.end = Some(day(2024, 3, 31));
        e.injuries = Some(3);
        let json = serde_json::to_value(EventDto::from(&e)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(json["id"], "test:7");
        assert_eq!(json["event_type"], "Explosions/Remote violence");
        assert!(json["sub_event_type"].is_null());
        assert_eq!(json["status"], "occurred");
        assert_eq!(json["category"], "armed_conflict");
        assert_eq!(json["date"]["start"], "2024-03-22");
        assert_eq!(json["date"]["precision"], "month");
        assert_eq!(json["date"]["end"], "2024-03-31");
        assert_eq!(json["location"]["country"], "RU");
        assert_eq!(json["location"]["precision"], "city");
        assert_eq!(json["location"]["lat"], 55.82);
        assert_eq!(json["fatalities"], 0);
        assert_eq!(json["injuries"], 3);
        assert_eq!(json["actors"][0]["kind"], "rebel");
        assert_eq!(json["actors"][0]["role"], "perpetrator");
        assert_eq!(json["actors"][0]["claimed"], true);
        assert_eq!(json["sources"][0]["record_id"], "7");
        assert_eq!(json["tags"][0], "target:civilians");
        assert_eq!(json["first_seen"], "2024-04-01T12:00:00Z");
        let back: EventDto = serde_json::from_value(json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, EventDto::from(&e));
        let mut attack = e.clone();
        attack.sub_event_type = Some(SubEventType::Attack);
        assert_eq!(
            EventDto::from(&attack).sub_event_type.as_deref(),
            Some("Attack")
        );
    }

    #[test]
    fn detail_flattens_the_event_beside_its_history() {
        let e = sample_event(1, day(2024, 1, 1), 0.0, 0.0, "ML");
        let json = serde_json::to_value(EventDetailDto::new(&e, &[], &[]))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(json["id"], "test:1");
        assert!(json["history"].as_array().is_some_and(Vec::is_empty));
    }
}
