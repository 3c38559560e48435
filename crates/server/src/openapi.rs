//! The OpenAPI document of the HTTP API, generated from the handlers'
//! `#[utoipa::path]` annotations and `sitrep-api`'s schemas, so it cannot
//! describe endpoints or fields that do not exist.

use sitrep_api::areas::{Admin1CollectionDto, Admin1FeatureDto, Admin1PropertiesDto};
use sitrep_api::risk::{
    ActorEventDto, ActorReachDto, AreaRiskDto, ContributionDto, EnteringDto, ExpansionSignalDto,
    ExplanationDto, LevelChangeDto, LevelDto, OverrideDto, PlaceCountDto, PooledAffiliateDto,
    QuarterDto, RatingDto, RiskChangeDto, RiskChangesDto, RiskDayDto, RiskHistoryDto, RiskListDto,
    SpillDto, TrendDto,
};
use sitrep_api::risk::{
    AdvantageDto, BacktestDto, IntervalDto, PlaceDto, PredictorScoresDto, RiskScoresDto,
    StreamScoresDto,
};
use sitrep_api::{
    ActorDto, AggregateDto, AlternativeDto, AreaCollectionDto, AreaFeatureDto, AreaPropertiesDto,
    ChangeDto, DateDto, ErrorBody, ErrorDto, EventDetailDto, EventDto, EventPageDto,
    FieldProvenanceDto, Format, GridAggregateDto, GridCellDto, HealthDto, LocationDto,
    MultiPolygonDto, RevisionDto, SourceDto, StatsDto, TimeAggregateDto, TimeBucketDto,
};
use utoipa::OpenApi;

use sitrep_api::feeds::{
    AdminAlertDto, AdminAlertListDto, FeedDto, FeedHealthDto, FeedListDto, NewFeedDto,
};
use sitrep_api::reports::{NewReportDto, ReportDto, ReportFormat, ReportListDto, ReportStoredDto};

use sitrep_api::access::{IssuedKeyDto, KeyDto, KeyListDto, NewKeyDto, NewSessionDto, SessionDto};

use sitrep_api::overrides::{
    ExpireOverrideDto, ListedOverrideDto, NewOverrideDto, OverrideAuditDto, OverrideListDto,
};

use crate::{access, areas, events, feeds, meta, overrides, reports, risk};

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
        risk::list_risk,
        risk::explain_risk,
        risk::history_risk,
        risk::risk_changes,
        risk::risk_scores,
        risk::actor_reach,
        overrides::list_overrides,
        overrides::create_override,
        overrides::expire_override,
        overrides::delete_override,
        reports::post_report,
        reports::get_report,
        reports::list_reports,
        feeds::list_feeds,
        feeds::add_feed,
        feeds::remove_feed,
        feeds::admin_alerts,
        meta::stats,
        meta::healthz,
        meta::openapi_json,
        access::session,
        access::sign_in,
        access::sign_out,
        access::list_keys,
        access::issue_key,
        access::revoke_key,
    ),
    components(schemas(
        EventDto, DateDto, LocationDto, ActorDto, SourceDto, EventPageDto, EventDetailDto,
        RevisionDto, ChangeDto, FieldProvenanceDto, AlternativeDto, AggregateDto, GridAggregateDto, GridCellDto, TimeAggregateDto,
        TimeBucketDto, StatsDto, HealthDto, ErrorDto, ErrorBody, Format, AreaCollectionDto,
        AreaFeatureDto, AreaPropertiesDto, MultiPolygonDto, RiskListDto, AreaRiskDto, RatingDto,
        OverrideDto, TrendDto, LevelDto, ExplanationDto, ContributionDto, SpillDto,
        RiskHistoryDto, RiskDayDto, LevelChangeDto, EnteringDto, RiskChangesDto, RiskChangeDto,
        ActorReachDto, QuarterDto, PlaceCountDto, ExpansionSignalDto, ActorEventDto,
        PooledAffiliateDto,
        NewReportDto, ReportFormat, ReportDto, ReportListDto, ReportStoredDto,
        FeedListDto, FeedDto, FeedHealthDto, NewFeedDto, AdminAlertListDto, AdminAlertDto,
        PlaceDto, RiskScoresDto, BacktestDto, StreamScoresDto, PredictorScoresDto, AdvantageDto,
        IntervalDto,
        Admin1CollectionDto, Admin1FeatureDto, Admin1PropertiesDto,
        NewOverrideDto, ExpireOverrideDto, ListedOverrideDto, OverrideAuditDto, OverrideListDto,
        SessionDto, NewSessionDto, KeyDto, KeyListDto, NewKeyDto, IssuedKeyDto,
    )),
    tags(
        (name = "events", description = "Search, read and aggregate security events"),
        (name = "areas", description = "Country and admin-1 polygons for maps"),
        (name = "risk", description = "Risk ratings per area and category: levels, explanations, \
                                       daily history, changes; analysts' overrides (set, listed with their audit log, ended) and shown as `override`; actors' reach abroad"),
        (name = "reports", description = "Analyst reports and news: events extracted from text, stored with their report"),
        (name = "feeds", description = "Polled feeds (RSS, Atom, GeoJSON, GDELT) with their health, added and removed by admins, and the admin alerts failing feeds raise"),
        (name = "access", description = "Who a request is from, signing a browser in with an API key, \
                                         and an organisation's keys (admins). Every other route but `/healthz` \
                                         and this document needs a key: `Authorization: Bearer <key>` or the session cookie"),
        (name = "meta", description = "Health, store figures and this document"),
    )
)]
pub struct ApiDoc;
