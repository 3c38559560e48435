//! The event endpoints: search (JSON page, GeoJSON or CSV), one event with its
//! history, and aggregates per map cell or time bucket. Each handler reads as
//! validate → negotiate the format → query and render on the blocking pool.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use sitrep_api::{
    AggregateDto, AggregateParams, ApiError, ErrorDto, EventDetailDto, EventFilterParams,
    EventPageDto, Format, GridAggregateDto, grid_geojson, write_events_csv, write_page_geojson,
};

use crate::AppState;
use crate::error::{ApiQuery, HttpError};
use crate::negotiate::negotiate;

/// Response header with the number of matching events over all pages.
const TOTAL_COUNT: HeaderName = HeaderName::from_static("x-total-count");
/// Response header with the cursor of the next page, absent on the last page.
const NEXT_CURSOR: HeaderName = HeaderName::from_static("x-next-cursor");

fn render_failed(e: std::io::Error) -> ApiError {
    ApiError::Internal(format!("rendering the response failed: {e}"))
}

/// Search events, newest first, one page at a time.
///
/// Answers JSON (`EventPageDto`), GeoJSON (a FeatureCollection of Point features whose
/// properties are the event minus its coordinates, with `total` and `next_cursor` members)
/// or CSV, chosen by `format` or else the `Accept` header. Every format also carries
/// `X-Total-Count` and, unless this is the last page, `X-Next-Cursor` headers.
#[utoipa::path(
    get,
    path = "/api/v1/events",
    tag = "events",
    params(EventFilterParams),
    responses(
        (status = 200, description = "A page of matching events", content(
            (EventPageDto = "application/json"),
            (serde_json::Value = "application/geo+json"),
            (String = "text/csv"),
        )),
        (status = 400, description = "A parameter is malformed or the query invalid", body = ErrorDto),
        (status = 406, description = "The Accept header allows none of the formats", body = ErrorDto),
        (status = 500, description = "Internal error", body = ErrorDto),
    )
)]
pub(crate) async fn list_events(
    State(app): State<AppState>,
    headers: HeaderMap,
    ApiQuery(params): ApiQuery<EventFilterParams>,
) -> Result<Response, HttpError> {
    let format = negotiate(
        params.format,
        &headers,
        &[Format::Json, Format::Geojson, Format::Csv],
    )?;
    let query = params.to_query()?;
    let (body, total, next_cursor) = app
        .run(move |store| {
            let page = store.events(&query)?;
            let mut body = Vec::new();
            match format {
                Format::Json => serde_json::to_writer(&mut body, &EventPageDto::from(&page))
                    .map_err(|e| render_failed(e.into()))?,
                Format::Geojson => write_page_geojson(&mut body, &page).map_err(render_failed)?,
                Format::Csv => write_events_csv(&mut body, &page.events).map_err(render_failed)?,
            }
            Ok((body, page.total, page.next_cursor.map(|c| c.encode())))
        })
        .await?;
    let mut response = ([(header::CONTENT_TYPE, format.content_type())], body).into_response();
    let h = response.headers_mut();
    h.insert(TOTAL_COUNT, HeaderValue::from(total));
    if let Some(value) = next_cursor.and_then(|c| HeaderValue::from_str(&c).ok()) {
        h.insert(NEXT_CURSOR, value);
    }
    Ok(response)
}

/// One event with its sources, actors and revision history.
#[utoipa::path(
    get,
    path = "/api/v1/events/{id}",
    tag = "events",
    params(("id" = String, Path, description = "Event id, `dataset:record_id`", example = "acled:RUS12345")),
    responses(
        (status = 200, description = "The event", body = EventDetailDto),
        (status = 404, description = "No event has this id", body = ErrorDto),
        (status = 500, description = "Internal error", body = ErrorDto),
    )
)]
pub(crate) async fn get_event(
    State(app): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<EventDetailDto>, HttpError> {
    let id = crate::path_param("id", id)?;
    let detail = app
        .run(move |store| {
            let event = store
                .event(&id)?
                .ok_or_else(|| ApiError::NotFound(format!("no event with id {id:?}")))?;
            let history = store.history(&id)?;
            let provenance = store.provenance(&id)?;
            Ok(EventDetailDto::new(&event, &history, &provenance))
        })
        .await?;
    Ok(Json(detail))
}

/// Count matching events and sum their known fatalities per map cell or time bucket.
///
/// `by=grid` groups by square cells of a Web-Mercator grid (`2^zoom` tiles across, `cells`
/// cells per tile side), each placed at the mean position of its events; it can also be had
/// as GeoJSON points. `by=day|week|month` groups by time. The filter parameters are those
/// of `/api/v1/events`; `limit` and `cursor` do not apply.
#[utoipa::path(
    get,
    path = "/api/v1/events/aggregate",
    tag = "events",
    params(EventFilterParams, AggregateParams),
    responses(
        (status = 200, description = "Buckets with events in them", content(
            (AggregateDto = "application/json"),
            (serde_json::Value = "application/geo+json"),
        )),
        (status = 400, description = "A parameter is malformed or the query invalid", body = ErrorDto),
        (status = 406, description = "The Accept header allows none of the formats", body = ErrorDto),
        (status = 500, description = "Internal error", body = ErrorDto),
    )
)]
pub(crate) async fn aggregate_events(
    State(app): State<AppState>,
    headers: HeaderMap,
    ApiQuery(filter): ApiQuery<EventFilterParams>,
    ApiQuery(grouping): ApiQuery<AggregateParams>,
) -> Result<Response, HttpError> {
    let aggregate = grouping.to_aggregate()?;
    let is_grid = matches!(aggregate, sitrep_store::Aggregate::Grid { .. });
    let offered: &[Format] = if is_grid {
        &[Format::Json, Format::Geojson]
    } else {
        &[Format::Json]
    };
    if let Some(f) = filter.format
        && !offered.contains(&f)
    {
        return Err(ApiError::BadRequest(format!(
            "format: {} is not available for this aggregate (geojson needs by=grid)",
            serde_json::to_value(f)
                .unwrap_or_default()
                .as_str()
                .unwrap_or("?")
        ))
        .into());
    }
    let format = negotiate(filter.format, &headers, offered)?;
    let query = filter.to_query()?;
    let dto = app
        .run(move |store| {
            let buckets = store.aggregate(&query, &aggregate)?;
            Ok(AggregateDto::new(&aggregate, &buckets))
        })
        .await?;
    Ok(match (format, dto) {
        (Format::Geojson, AggregateDto::Grid(grid)) => geojson_response(&grid),
        (_, dto) => Json(dto).into_response(),
    })
}

fn geojson_response(grid: &GridAggregateDto) -> Response {
    (
        [(header::CONTENT_TYPE, Format::Geojson.content_type())],
        Json(grid_geojson(grid)),
    )
        .into_response()
}
