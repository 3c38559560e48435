//! Analyst overrides of risk ratings as the store keeps them: a level set by
//! hand for one area and category (or the overall rating), with a written
//! justification, its author, when it was made and the day it stops applying.
//! Every create, expire and delete is written to an audit log with who did it
//! and when, in the same transaction as the change.
//!
//! The store knows nothing of the risk model: areas are kept as text
//! (`NG`, `NG/Borno`) and levels as their number 1–5; `sitrep-risk` applies them.

use chrono::{DateTime, NaiveDate, Utc};
use sitrep_model::Category;

use crate::StoreError;

/// An override to create.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOverride {
    /// `CC` or `CC/Admin1`, as the events spell the admin1.
    pub area: String,
    /// `None` overrides the overall rating.
    pub category: Option<Category>,
    /// 1 Negligible … 5 Extreme.
    pub level: u8,
    /// The analyst's written justification.
    pub reason: String,
    pub author: String,
    /// First day on which the override no longer applies; `None`: until expired.
    pub expires: Option<NaiveDate>,
}

impl NewOverride {
    /// Refuses overrides without an area, author or reason, or with a level outside 1–5.
    pub fn validate(&self) -> Result<(), StoreError> {
        let invalid = |why: &str| Err(StoreError::InvalidQuery(format!("override: {why}")));
        if self.area.trim().is_empty() {
            return invalid("the area is empty");
        }
        if !(1..=5).contains(&self.level) {
            return invalid("the level must be 1 (Negligible) to 5 (Extreme)");
        }
        if self.reason.trim().is_empty() {
            return invalid("a written justification is required");
        }
        if self.author.trim().is_empty() {
            return invalid("the author is required");
        }
        Ok(())
    }
}

/// A stored override.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskOverride {
    pub id: i64,
    pub area: String,
    pub category: Option<Category>,
    pub level: u8,
    pub reason: String,
    pub author: String,
    pub created: DateTime<Utc>,
    pub expires: Option<NaiveDate>,
}

impl RiskOverride {
    /// Whether it applies to a rating on `day`: until the day it expires.
    pub fn is_active_on(&self, day: NaiveDate) -> bool {
        self.expires.is_none_or(|e| day < e)
    }
}

/// What happened to an override.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverrideAction {
    Create,
    Expire,
    Delete,
}

impl OverrideAction {
    pub fn as_str(self) -> &'static str {
        match self {
            OverrideAction::Create => "create",
            OverrideAction::Expire => "expire",
            OverrideAction::Delete => "delete",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "create" => Some(OverrideAction::Create),
            "expire" => Some(OverrideAction::Expire),
            "delete" => Some(OverrideAction::Delete),
            _ => None,
        }
    }
}

/// One line of the override audit log.
#[derive(Debug, Clone, PartialEq)]
pub struct OverrideAudit {
    pub seq: i64,
    pub override_id: i64,
    pub action: OverrideAction,
    /// Who did it.
    pub by: String,
    /// When (wall clock).
    pub at: DateTime<Utc>,
    /// What changed, in words: the override as created, the new expiry, or the
    /// override as it was when deleted.
    pub detail: String,
}
