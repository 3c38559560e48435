//! The report endpoints: post a document to have its events extracted and
//! stored with it, read one stored report with its events' ids, and list
//! reports (newest first, or those an event was read from). Extraction is CPU
//! work, so it runs on the blocking pool with the store write.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sitrep_api::reports::{
    NewReportDto, ReportDto, ReportListDto, ReportMeta, ReportReader, ReportStoredDto,
};
use sitrep_api::{ApiError, ErrorDto};
use utoipa::IntoParams;

use crate::AppState;
use crate::error::{ApiQuery, HttpError};

/// Largest report body accepted by `POST /api/v1/reports`.
pub const MAX_REPORT_BYTES: usize = 2 * 1024 * 1024;

/// The extractor a server reads posted reports with.
pub type SharedReader = Arc<ReportReader<'static>>;

/// Read a document (plain text, Markdown or HTML), extract its events and store
/// the report with them, linked both ways.
///
/// The report's id is a hash of its plain text: posting the same text again
/// changes nothing (`created: false`, its events `unchanged`). Events whose date
/// the text does not give carry the report's publication year at year precision
/// and the tag `date:from-report`. Bodies up to 2 MiB.
#[utoipa::path(
    post,
    path = "/api/v1/reports",
    tag = "reports",
    request_body = NewReportDto,
    responses(
        (status = 201, description = "A new report, stored with its events", body = ReportStoredDto),
        (status = 200, description = "The report was stored before", body = ReportStoredDto),
        (status = 400, description = "The body is not a valid report", body = ErrorDto),
        (status = 413, description = "The body is larger than 2 MiB", body = ErrorDto),
        (status = 503, description = "The geodata the extractor needs is not installed", body = ErrorDto),
        (status = 500, description = "Internal error", body = ErrorDto),
    )
)]
pub(crate) async fn post_report(
    State(app): State<AppState>,
    principal: Option<axum::Extension<sitrep_store::Principal>>,
    body: Bytes,
) -> Result<Response, HttpError> {
    let submitted_by = principal.map(|axum::Extension(p)| sitrep_api::access::key_author(&p));
    let dto: NewReportDto = crate::json_body(&body)?;
    if dto.text.trim().is_empty() {
        return Err(ApiError::BadRequest("text: the report is empty".into()).into());
    }
    let reader = app.reader.clone().ok_or_else(|| {
        ApiError::Unavailable(
            "report extraction needs the geodata (run `sitrep up` or `sitrep geocode` once)".into(),
        )
    })?;
    let stored = app
        .run(move |store| {
            let meta = ReportMeta {
                title: dto.title,
                published: dto.published,
                url: dto.url,
            };
            let mut read = reader.read(&dto.text, dto.format.into(), &meta, chrono::Utc::now());
            read.report.submitted_by = submitted_by;
            let write = store.put_report(&read.report, &read.events)?;
            let stored = store
                .report(&read.report.id)?
                .ok_or_else(|| ApiError::Internal("report vanished after storing".into()))?;
            Ok(ReportStoredDto::new(&stored, &read, &write))
        })
        .await?;
    let status = if stored.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(stored)).into_response())
}

/// One stored report with its plain text and the ids of its events.
#[utoipa::path(
    get,
    path = "/api/v1/reports/{id}",
    tag = "reports",
    params(("id" = String, Path, description = "Report id (32 hex digits)")),
    responses(
        (status = 200, description = "The report", body = ReportDto),
        (status = 404, description = "No report has this id", body = ErrorDto),
        (status = 500, description = "Internal error", body = ErrorDto),
    )
)]
pub(crate) async fn get_report(
    State(app): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<ReportDto>, HttpError> {
    let id = crate::path_param("id", id)?;
    let dto = app
        .run(move |store| {
            let report = store
                .report(&id)?
                .ok_or_else(|| ApiError::NotFound(format!("no report with id {id:?}")))?;
            Ok(ReportDto::new(&report, true))
        })
        .await?;
    Ok(Json(dto))
}

/// Parameters of `GET /api/v1/reports`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct ReportListParams {
    /// Only the reports this event (`dataset:record_id`) was read from.
    event: Option<String>,
    /// At most this many reports (default 50, at most 1000).
    limit: Option<usize>,
}

/// Stored reports without their text, newest first; with `event`, the reports
/// that event was read from.
#[utoipa::path(
    get,
    path = "/api/v1/reports",
    tag = "reports",
    params(ReportListParams),
    responses(
        (status = 200, description = "Reports", body = ReportListDto),
        (status = 400, description = "A parameter is malformed", body = ErrorDto),
        (status = 500, description = "Internal error", body = ErrorDto),
    )
)]
pub(crate) async fn list_reports(
    State(app): State<AppState>,
    ApiQuery(params): ApiQuery<ReportListParams>,
) -> Result<Json<ReportListDto>, HttpError> {
    let limit = params.limit.unwrap_or(50);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError::BadRequest("limit: must be 1 to 1000".into()).into());
    }
    let dto = app
        .run(move |store| {
            let reports = match &params.event {
                Some(event) => store.reports_of_event(event)?,
                None => store.reports(limit)?,
            };
            Ok(ReportListDto {
                reports: reports
                    .iter()
                    .take(limit)
                    .map(|r| ReportDto::new(r, false))
                    .collect(),
            })
        })
        .await?;
    Ok(Json(dto))
}
