//! The OpenAPI document of the HTTP API, generated from the handlers'
//! `#[utoipa::path]` annotations and `sitrep-api`'s schemas, so it cannot
//! describe endpoints or fields that do not exist.

use sitrep_api::{
    ActorDto, AggregateDto, AreaCollectionDto, AreaFeatureDto, AreaPropertiesDto, ChangeDto,
    DateDto, ErrorBody, ErrorDto, EventDetailDto, EventDto, EventPageDto, Format, GridAggregateDto,
    GridCellDto, HealthDto, LocationDto, MultiPolygonDto, RevisionDto, SourceDto, StatsDto,
    TimeAggregateDto, TimeBucketDto,
};
use utoipa::OpenApi;

use crate::{areas, events, meta};

/// The API description served at `/api/v1/openapi.json`.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "sitrep API",
        description = "Security events (ACLED taxonomy) with filters, pages, aggregates, GeoJSON and CSV. \
                       Every error is `{\"error\": {\"code\", \"message\"}}`."
    ),
    paths(
        events::list_events,
        events::get_event,
        events::aggregate_events,
        areas::list_areas,
        meta::stats,
        meta::healthz,
        meta::openapi_json,
    ),
    components(schemas(
        EventDto, DateDto, LocationDto, ActorDto, SourceDto, EventPageDto, EventDetailDto,
        RevisionDto, ChangeDto, AggregateDto, GridAggregateDto, GridCellDto, TimeAggregateDto,
        TimeBucketDto, StatsDto, HealthDto, ErrorDto, ErrorBody, Format, AreaCollectionDto,
        AreaFeatureDto, AreaPropertiesDto, MultiPolygonDto,
    )),
    tags(
        (name = "events", description = "Search, read and aggregate security events"),
        (name = "areas", description = "Country polygons for maps"),
        (name = "meta", description = "Health, store figures and this document"),
    )
)]
pub struct ApiDoc;
