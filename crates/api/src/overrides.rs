//! Analysts' overrides on the wire: the list with each one's state and the
//! audit log (`GET /api/v1/overrides`), a new override
//! (`POST /api/v1/overrides`) and its end (`POST /api/v1/overrides/{id}/expire`).
//! The author is the key that made the request, never a name the client
//! claims, when the server knows one.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sitrep_store::OverrideAudit;
use utoipa::ToSchema;

use crate::ApiError;
use crate::risk::OverrideDto;

/// An override to create.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct NewOverrideDto {
    /// `CC` or `CC/Admin1`, as the events spell the admin1 (matched without regard to case).
    #[schema(example = "ML/Menaka")]
    pub area: String,
    /// A category's word, or `overall` (the default).
    #[schema(example = "terrorism")]
    #[serde(default)]
    pub category: Option<String>,
    /// 1 Negligible … 5 Extreme.
    #[schema(example = 5, minimum = 1, maximum = 5)]
    pub level: u8,
    /// The written justification.
    #[schema(example = "Jihadist expansion around Ménaka; road travel suspended")]
    pub reason: String,
    /// First day it no longer applies; none: until expired.
    #[serde(default)]
    pub expires: Option<NaiveDate>,
    /// Who sets it; ignored when the request carries a key (the key is the author).
    #[serde(default)]
    pub author: Option<String>,
}

/// The end of an override.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ExpireOverrideDto {
    /// The first day it no longer applies; default today.
    #[serde(default)]
    pub on: Option<NaiveDate>,
    /// Who ends it; ignored when the request carries a key.
    #[serde(default)]
    pub author: Option<String>,
}

/// An override with whether it applies today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ListedOverrideDto {
    #[serde(flatten)]
    pub item: OverrideDto,
    /// It applies to today's rating.
    pub active: bool,
}

/// One create, expire or delete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OverrideAuditDto {
    pub override_id: i64,
    /// `create`, `expire` or `delete`.
    #[schema(example = "create")]
    pub action: String,
    pub by: String,
    pub at: DateTime<Utc>,
    /// The override as created, the new expiry, or the override as it was when deleted.
    pub detail: String,
}

impl From<&OverrideAudit> for OverrideAuditDto {
    fn from(a: &OverrideAudit) -> Self {
        OverrideAuditDto {
            override_id: a.override_id,
            action: a.action.as_str().to_owned(),
            by: a.by.clone(),
            at: a.at,
            detail: a.detail.clone(),
        }
    }
}

/// Every override, newest first, and the audit log of all of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OverrideListDto {
    pub overrides: Vec<ListedOverrideDto>,
    /// Oldest first.
    pub audit: Vec<OverrideAuditDto>,
}

/// The author of a change: the key's description when the request carried
/// one, else the name the body gives, which is then required.
pub fn author(key: Option<String>, claimed: Option<&str>) -> Result<String, ApiError> {
    if let Some(key) = key {
        return Ok(key);
    }
    match claimed.map(str::trim) {
        Some(name) if !name.is_empty() => Ok(name.to_owned()),
        _ => Err(ApiError::BadRequest(
            "author: who makes the change is required".into(),
        )),
    }
}
