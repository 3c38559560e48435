//! sitrep's wire format, shared by the HTTP server and the CLI so that
//! `sitrep events --format geojson` and `GET /api/v1/events?format=geojson`
//! print the same thing.
//!
//! The domain model (`sitrep-model`) knows no serialisation; this crate is the
//! edge that converts it by hand into serde DTOs ([`dto`]), GeoJSON
//! ([`geojson`]) and CSV ([`table`]). [`params`] parses the query parameters
//! (or CLI flags) into a store [`EventQuery`](sitrep_store::EventQuery), and
//! [`ApiError`] is the one error type with its code → HTTP status table.
//! Nothing here knows about HTTP frameworks or async runtimes.

pub mod access;
pub mod areas;
pub mod dto;
mod error;
pub mod feeds;
pub mod geojson;
pub mod overrides;
pub mod params;
pub mod reports;
pub mod risk;
pub mod table;

pub use areas::{
    AreaCollectionDto, AreaFeatureDto, AreaLevel, AreaPropertiesDto, MultiPolygonDto, country_areas,
};
pub use dto::{
    ActorDto, AggregateDto, AlternativeDto, ChangeDto, DateDto, ErrorBody, ErrorDto,
    EventDetailDto, EventDto, EventPageDto, FieldProvenanceDto, GridAggregateDto, GridCellDto,
    HealthDto, LocationDto, RevisionDto, SourceDto, StatsDto, TimeAggregateDto, TimeBucketDto,
};
pub use error::{ApiError, ErrorCode};
pub use geojson::{GeoJsonWriter, event_feature, grid_geojson, write_page_geojson};
pub use params::{AggregateParams, EventFilterParams, Format};
pub use table::{CSV_COLUMNS, CsvEventWriter, write_events_csv};
