//! Reports as the store keeps them: an analyst report, news article or feed
//! item read by the extractor, with the events it gave, linked both ways.
//!
//! A report's id is a hash of its plain text (the caller computes it), so the
//! same text stored twice is one report. Its events are ordinary events whose
//! first source is `report` / `<report id>#<n>`; the link table keeps the
//! order in which the report gave them. The store knows nothing of extraction.

use chrono::{DateTime, NaiveDate, Utc};
use sitrep_model::EventId;

use crate::{StoreError, UpsertCounts};

/// A report to store with its events.
#[derive(Debug, Clone, PartialEq)]
pub struct NewReport {
    /// Lowercase hex, derived from the text; the key that makes storing idempotent.
    pub id: String,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    /// Where the report came from, when it came from the web.
    pub url: Option<String>,
    /// The plain text the events' evidence refers to.
    pub text: String,
    pub retrieved_at: DateTime<Utc>,
    /// Who submitted it: the key that posted it (`label (key N)`), `cli:USER`
    /// for `sitrep ingest`; `None` for feed items and older reports.
    pub submitted_by: Option<String>,
}

impl NewReport {
    /// Refuses reports without an id or with characters an event id cannot carry.
    pub fn validate(&self) -> Result<(), StoreError> {
        if self.id.is_empty() || !self.id.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(StoreError::InvalidQuery(format!(
                "report id {:?} must be non-empty and alphanumeric",
                self.id
            )));
        }
        Ok(())
    }
}

/// A stored report with the ids of its events, in the order the report gave them.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredReport {
    pub id: String,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub url: Option<String>,
    pub text: String,
    /// When it was first stored (storing it again keeps the first time).
    pub retrieved_at: DateTime<Utc>,
    /// Who first submitted it (storing it again keeps the first).
    pub submitted_by: Option<String>,
    pub events: Vec<EventId>,
}

/// What one [`crate::Store::put_report`] call did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ReportWrite {
    /// False when the report was already stored.
    pub report_inserted: bool,
    /// What happened to its events.
    pub events: UpsertCounts,
}
