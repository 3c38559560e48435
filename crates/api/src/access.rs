//! Sessions and API keys on the wire: who a request is from
//! (`GET /api/v1/session`), signing the browser in with a key
//! (`POST /api/v1/session`), and an organisation's keys for its admins
//! (`/api/v1/keys`). A token appears in exactly one answer: the one that issues it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sitrep_store::{ApiKey, IssuedKey, Organisation, Principal, Role};
use utoipa::ToSchema;

use crate::ApiError;

/// Who the request is from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SessionDto {
    /// The organisation's slug.
    #[schema(example = "acme")]
    pub org: String,
    #[schema(example = "Acme Security")]
    pub org_name: String,
    /// `viewer`, `analyst` or `admin`.
    #[schema(example = "analyst")]
    pub role: String,
    /// The key's label; `local` when the server runs without keys on a loopback address.
    #[schema(example = "ops laptop")]
    pub key: String,
    /// True when no key was needed: a loopback server with no keys yet.
    pub open: bool,
}

/// How records name the key behind a change: `label (key N)`, or
/// `label (no keys)` for the local user of a server without keys.
pub fn key_author(principal: &Principal) -> String {
    if principal.key_id == 0 {
        format!("{} (no keys)", principal.label)
    } else {
        format!("{} (key {})", principal.label, principal.key_id)
    }
}

impl SessionDto {
    pub fn new(principal: &Principal, org: Option<&Organisation>) -> Self {
        SessionDto {
            org: principal.org.clone(),
            org_name: org.map_or_else(|| principal.org.clone(), |o| o.name.clone()),
            role: principal.role.as_str().to_owned(),
            key: principal.label.clone(),
            open: principal.key_id == 0,
        }
    }
}

/// Signs a browser in: the key is kept in an HttpOnly, SameSite=Strict cookie.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct NewSessionDto {
    #[schema(example = "sitrep_3f0c…")]
    pub key: String,
}

/// A key as lists show it: never the token, only its first characters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct KeyDto {
    pub id: i64,
    pub org: String,
    #[schema(example = "viewer")]
    pub role: String,
    #[schema(example = "ops laptop")]
    pub label: String,
    #[schema(example = "sitrep_3f0c1a")]
    pub prefix: String,
    pub created: DateTime<Utc>,
    pub expires: Option<DateTime<Utc>>,
    pub last_used: Option<DateTime<Utc>>,
    pub revoked: Option<DateTime<Utc>>,
    /// Who issued it: a key (`label (key N)`) or a command line (`cli:USER`).
    pub issued_by: String,
    pub revoked_by: Option<String>,
    /// Neither revoked nor expired.
    pub active: bool,
}

impl KeyDto {
    pub fn new(key: &ApiKey, now: DateTime<Utc>) -> Self {
        KeyDto {
            id: key.id,
            org: key.org.clone(),
            role: key.role.as_str().to_owned(),
            label: key.label.clone(),
            prefix: key.prefix.clone(),
            created: key.created,
            expires: key.expires,
            last_used: key.last_used,
            revoked: key.revoked,
            issued_by: key.issued_by.clone(),
            revoked_by: key.revoked_by.clone(),
            active: key.is_active_at(now),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct KeyListDto {
    pub keys: Vec<KeyDto>,
}

/// A key to issue for the caller's organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct NewKeyDto {
    /// `viewer`, `analyst` or `admin`.
    #[schema(example = "viewer")]
    pub role: String,
    /// What the key is for.
    #[schema(example = "wall screen in the ops room")]
    pub label: String,
    /// When the key stops working; none: until revoked.
    #[serde(default)]
    pub expires: Option<DateTime<Utc>>,
}

impl NewKeyDto {
    /// The role, refused when it is not one of the three.
    pub fn role(&self) -> Result<Role, ApiError> {
        Role::parse(&self.role).ok_or_else(|| {
            ApiError::BadRequest(format!(
                "role: {:?} is not one of viewer, analyst, admin",
                self.role
            ))
        })
    }
}

/// A key just issued: the token is shown this once and never again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct IssuedKeyDto {
    pub key: KeyDto,
    pub token: String,
}

impl IssuedKeyDto {
    pub fn new(issued: &IssuedKey, now: DateTime<Utc>) -> Self {
        IssuedKeyDto {
            key: KeyDto::new(&issued.key, now),
            token: issued.token.clone(),
        }
    }
}
