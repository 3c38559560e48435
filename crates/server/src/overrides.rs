//! Analysts' overrides over HTTP: list them with the audit log, set one,
//! end one, delete one. Writing needs an analyst key (the organisations
//! router checks the role); the key that made the request is the author and
//! is what the audit log records. The risk endpoints read the overrides on
//! every request, so a new override shows at once.

use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use chrono::Utc;
use sitrep_api::overrides::{
    ExpireOverrideDto, ListedOverrideDto, NewOverrideDto, OverrideAuditDto, OverrideListDto, author,
};
use sitrep_api::risk::{OverrideDto, model_override, parse_area, parse_category};
use sitrep_api::{ApiError, ErrorDto};
use sitrep_store::{NewOverride, Principal};

use crate::AppState;
use crate::error::HttpError;

/// How the audit log names the key behind a change.
fn key_author(principal: Option<Extension<Principal>>) -> Option<String> {
    principal.map(|Extension(p)| sitrep_api::access::key_author(&p))
}

/// Every override, newest first, with whether it applies today, and the
/// audit log of every create, expire and delete.
#[utoipa::path(
    get,
    path = "/api/v1/overrides",
    tag = "risk",
    responses(
        (status = 200, description = "The overrides and their audit log", body = OverrideListDto),
        (status = 500, description = "Internal error", body = ErrorDto),
    )
)]
pub(crate) async fn list_overrides(
    State(app): State<AppState>,
) -> Result<Json<OverrideListDto>, HttpError> {
    let list = app
        .run(|store| {
            let today = Utc::now().date_naive();
            let mut overrides = store
                .overrides()?
                .iter()
                .map(model_override)
                .collect::<Result<Vec<_>, _>>()?;
            overrides.sort_by_key(|o| std::cmp::Reverse(o.id));
            let audit = store.override_audit(None)?;
            Ok(OverrideListDto {
                overrides: overrides
                    .iter()
                    .map(|o| ListedOverrideDto {
                        item: OverrideDto::from(o),
                        active: o.is_active_on(today),
                    })
                    .collect(),
                audit: audit.iter().map(OverrideAuditDto::from).collect(),
            })
        })
        .await?;
    Ok(Json(list))
}

/// Set an area's level by hand, with a written reason, until it expires.
///
/// A country is named by its code; a region or city as the events spell it
/// (matched without regard to case), and must be named by some event.
#[utoipa::path(
    post,
    path = "/api/v1/overrides",
    tag = "risk",
    request_body = NewOverrideDto,
    responses(
        (status = 201, description = "The override, now in force", body = OverrideDto),
        (status = 400, description = "A bad area, category, level, reason or expiry", body = ErrorDto),
        (status = 404, description = "No event names the region", body = ErrorDto),
        (status = 500, description = "Internal error", body = ErrorDto),
    )
)]
pub(crate) async fn create_override(
    State(app): State<AppState>,
    principal: Option<Extension<Principal>>,
    body: Bytes,
) -> Result<Response, HttpError> {
    let dto: NewOverrideDto = crate::json_body(&body)?;
    let author = author(key_author(principal), dto.author.as_deref())?;
    let area = parse_area(&dto.area)?;
    let category = parse_category(dto.category.as_deref())?;
    if !(1..=5).contains(&dto.level) {
        return Err(ApiError::BadRequest(
            "level: 1 (Negligible) to 5 (Extreme)".into(),
        ))?;
    }
    if dto.reason.trim().is_empty() {
        return Err(ApiError::BadRequest(
            "reason: a written justification is required".into(),
        ))?;
    }
    let today = Utc::now().date_naive();
    if dto.expires.is_some_and(|e| e <= today) {
        return Err(ApiError::BadRequest(
            "expires: the first day it no longer applies must be after today".into(),
        ))?;
    }
    let risk = std::sync::Arc::clone(&app.risk);
    let created = app
        .run(move |store| {
            let area = if area.admin1.is_none() && area.city.is_none() {
                if sitrep_geo::country(&area.country).is_none() {
                    return Err(ApiError::BadRequest(format!(
                        "area: no country {:?}",
                        area.country
                    )));
                }
                area
            } else {
                crate::risk::require_events(&*risk.model(store)?, &area)?
            };
            let created = store.add_override(&NewOverride {
                area: area.to_string(),
                category,
                level: dto.level,
                reason: dto.reason.trim().to_owned(),
                author,
                expires: dto.expires,
            })?;
            tracing::info!(id = created.id, area = %created.area, by = %created.author, "override set");
            Ok(OverrideDto::from(&model_override(&created)?))
        })
        .await?;
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

/// End an override from a day on (default today); the audit log records who.
#[utoipa::path(
    post,
    path = "/api/v1/overrides/{id}/expire",
    tag = "risk",
    params(("id" = i64, Path, description = "The override's id")),
    request_body = ExpireOverrideDto,
    responses(
        (status = 200, description = "The override with its new expiry", body = OverrideDto),
        (status = 400, description = "A bad id or body", body = ErrorDto),
        (status = 404, description = "No such override", body = ErrorDto),
    )
)]
pub(crate) async fn expire_override(
    State(app): State<AppState>,
    principal: Option<Extension<Principal>>,
    id: Result<Path<i64>, PathRejection>,
    body: Bytes,
) -> Result<Json<OverrideDto>, HttpError> {
    let id = crate::path_param("id", id)?;
    let dto: ExpireOverrideDto = if body.iter().all(u8::is_ascii_whitespace) {
        ExpireOverrideDto::default()
    } else {
        crate::json_body(&body)?
    };
    let by = author(key_author(principal), dto.author.as_deref())?;
    let on = dto.on.unwrap_or_else(|| Utc::now().date_naive());
    let ended = app
        .run(move |store| {
            let ended = store
                .expire_override(id, &by, on)?
                .ok_or_else(|| ApiError::NotFound(format!("no override {id}")))?;
            Ok(OverrideDto::from(&model_override(&ended)?))
        })
        .await?;
    Ok(Json(ended))
}

/// Delete an override; the audit log keeps what it was and who deleted it.
#[utoipa::path(
    delete,
    path = "/api/v1/overrides/{id}",
    tag = "risk",
    params(("id" = i64, Path, description = "The override's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "A bad id, or no author", body = ErrorDto),
        (status = 404, description = "No such override", body = ErrorDto),
    )
)]
pub(crate) async fn delete_override(
    State(app): State<AppState>,
    principal: Option<Extension<Principal>>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<StatusCode, HttpError> {
    let id = crate::path_param("id", id)?;
    // Without a key (a server over one store), the deleter is unknown: refused.
    let by = author(key_author(principal), None)?;
    app.run(move |store| {
        if store.delete_override(id, &by)? {
            Ok(StatusCode::NO_CONTENT)
        } else {
            Err(ApiError::NotFound(format!("no override {id}")))
        }
    })
    .await
    .map_err(HttpError)
}
