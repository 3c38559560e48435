//! sitrep's event store. [`Store`] is the one interface every backend implements
//! (the embedded SQLite backend and the PostgreSQL backend); [`query`] holds the
//! filters, pages and aggregates it answers; [`testing`] is the behaviour suite
//! every backend must pass.

pub mod access;
mod codec;
pub mod feeds;
pub mod merge;
pub mod overrides;
mod postgres;
pub mod query;
pub mod reports;
mod sqlite;
pub mod testing;

use sitrep_model::{Actor, Event, EventId, Source};

pub use access::{
    AccessStore, ApiKey, DEFAULT_ORG, IssuedKey, NewKey, Organisation, Principal, Role,
};
pub use feeds::{
    AdminAlert, FEED_FAILING, Feed, FeedFailure, FeedHealth, FeedKind, FeedStore, FeedSuccess,
    NewFeed, SeenItem,
};
pub use overrides::{NewOverride, OverrideAction, OverrideAudit, RiskOverride};
pub use postgres::{PgAccess, PgStore};
pub use query::{
    Aggregate, AggregateBucket, BBox, Cursor, EventPage, EventQuery, GridCell, Interval, Near,
    TimeBucket,
};
pub use reports::{NewReport, ReportWrite, StoredReport};
pub use sqlite::{SqliteAccess, SqliteStore};

/// Everything a store can fail with. Bad queries are the caller's fault
/// ([`StoreError::InvalidQuery`]); the rest are the backend's.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("invalid query: {0}")]
    InvalidQuery(String),
    #[error("store is newer than this program (schema version {found}, this build knows {known})")]
    SchemaTooNew { found: i64, known: i64 },
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("postgres error: {}", postgres_detail(.0))]
    Postgres(#[from] ::postgres::Error),
    #[error("corrupt row in store: {0}")]
    Corrupt(String),
    #[error("io error on {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// What PostgreSQL said: its severity, SQLSTATE and message (the client's own
/// display of a server error is only "db error").
fn postgres_detail(e: &::postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} {}: {}", db.severity(), db.code().code(), db.message()),
        None => e.to_string(),
    }
}

/// Refuses a [`Store::changes_since`] page size outside 1..=[`query::MAX_LIMIT`].
pub(crate) fn check_change_limit(limit: usize) -> Result<(), StoreError> {
    if limit == 0 || limit > query::MAX_LIMIT {
        return Err(StoreError::InvalidQuery(format!(
            "limit must be between 1 and {}",
            query::MAX_LIMIT
        )));
    }
    Ok(())
}

/// Refuses an event the store cannot key or place (both backends check every event of a batch with it).
pub(crate) fn validate(e: &Event) -> Result<&Source, StoreError> {
    let invalid = |why: &str| StoreError::InvalidQuery(format!("event {}: {why}", e.id));
    let key = e.sources.first().ok_or_else(|| invalid("has no source"))?;
    if e.id != EventId::for_source(&key.dataset, &key.record_id) || key.dataset.contains(':') {
        return Err(invalid(
            "id must be `dataset:record_id` of its first source",
        ));
    }
    if !(-90.0..=90.0).contains(&e.location.lat) || !(-180.0..=180.0).contains(&e.location.lon) {
        return Err(invalid("coordinates out of range"));
    }
    if e.actors.iter().any(|a| a.name.trim().is_empty()) {
        return Err(invalid("actor with an empty name"));
    }
    Ok(key)
}

/// What one [`Store::upsert_events`] call did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct UpsertCounts {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// New records added as a further source of a stored event describing
    /// the same incident (see [`merge`]).
    pub merged: u64,
}

impl std::ops::AddAssign for UpsertCounts {
    fn add_assign(&mut self, other: Self) {
        self.inserted += other.inserted;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.merged += other.merged;
    }
}

/// One change to an event's fields, recorded when a source re-codes it.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub field: String,
    pub old: String,
    pub new: String,
}

/// One revision in an event's history (revision 1 is its creation, with no changes).
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub revision: u32,
    pub at: chrono::DateTime<chrono::Utc>,
    /// `dataset:record_id` of the source whose record caused the revision.
    pub source: String,
    pub changes: Vec<FieldChange>,
}

/// One page of [`Store::changes_since`]: the events written after a watermark.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChangePage {
    /// The events inserted, updated or merged into after the watermark asked
    /// for, each once in its current version (as [`Store::event`] gives it),
    /// in the order of their latest write.
    pub events: Vec<Event>,
    /// The watermark to ask from next: the latest write among `events`, or the
    /// one asked for when there are none.
    pub watermark: u64,
    /// Whether writes after `watermark` remain (the page was cut at its limit).
    pub more: bool,
}

/// Summary figures about the store.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoreStats {
    pub events: u64,
    pub actors: u64,
    pub sources: u64,
    pub first_date: Option<chrono::NaiveDate>,
    pub last_date: Option<chrono::NaiveDate>,
}

/// The event store. All methods take `&self`: implementations synchronise
/// internally so that one store serves many readers and one writer at a time.
/// Feeds and admin alerts ([`FeedStore`]) are part of every store.
pub trait Store: FeedStore + Send + Sync {
    /// Inserts or updates events atomically (all or none), keyed by the
    /// `(dataset, record_id)` of each event's first source. An event whose content
    /// is unchanged is left alone; a changed one gets a new [`Revision`].
    /// Actors are matched by canonical name (case-insensitive) or alias.
    fn upsert_events(&self, events: &[Event]) -> Result<UpsertCounts, StoreError>;

    /// An event by its public id, with sources and actors.
    fn event(&self, id: &str) -> Result<Option<Event>, StoreError>;

    /// Events matching the query, newest first (date, then id), one page at a time.
    fn events(&self, query: &EventQuery) -> Result<EventPage, StoreError>;

    /// Counts and fatalities of matching events per grid cell or per time bucket.
    fn aggregate(
        &self,
        query: &EventQuery,
        aggregate: &Aggregate,
    ) -> Result<Vec<AggregateBucket>, StoreError>;

    /// The revisions of one event, oldest first.
    fn history(&self, id: &str) -> Result<Vec<Revision>, StoreError>;

    /// How the fields of an event merged from several sources were decided:
    /// per field, the value shown with the sources stating it and the other
    /// values with theirs ([`merge::resolve`]). Empty for a one-source event.
    fn provenance(&self, id: &str) -> Result<Vec<merge::FieldProvenance>, StoreError>;

    /// An actor by canonical name or alias, case-insensitive.
    fn actor(&self, name: &str) -> Result<Option<Actor>, StoreError>;

    fn stats(&self) -> Result<StoreStats, StoreError>;

    /// The store's write watermark: every write of an event (insert, update
    /// or merge of another source into it) takes the next number, so the
    /// watermark moves exactly when some event changed. 0 for an empty store.
    /// Cheap (one index lookup).
    fn watermark(&self) -> Result<u64, StoreError>;

    /// The events written after watermark `after`, oldest write first, at
    /// most `limit` (1..=10,000) per page; an event written several times
    /// since appears once, at its latest write. Ask again from the page's
    /// [`ChangePage::watermark`] while [`ChangePage::more`]. Re-importing an
    /// unchanged record writes nothing and moves nothing.
    fn changes_since(&self, after: u64, limit: usize) -> Result<ChangePage, StoreError>;

    /// Stores an analyst's override of a risk rating (validated first) and logs
    /// its creation by its author, in one transaction.
    fn add_override(&self, new: &NewOverride) -> Result<RiskOverride, StoreError>;

    /// Every stored override, expired or not, oldest first.
    fn overrides(&self) -> Result<Vec<RiskOverride>, StoreError>;

    /// Sets the day override `id` stops applying, logging who did it;
    /// `None` when there is no such override.
    fn expire_override(
        &self,
        id: i64,
        by: &str,
        on: chrono::NaiveDate,
    ) -> Result<Option<RiskOverride>, StoreError>;

    /// Deletes override `id`, logging who did it and what it was; false when
    /// there is no such override.
    fn delete_override(&self, id: i64, by: &str) -> Result<bool, StoreError>;

    /// The override audit log (of one override, or all), oldest first.
    fn override_audit(&self, id: Option<i64>) -> Result<Vec<OverrideAudit>, StoreError>;

    /// Stores a report and upserts its events (as [`Store::upsert_events`]) in
    /// one transaction, linking them both ways. Storing the same report again
    /// keeps its first row and replaces its links with `events`.
    fn put_report(&self, report: &NewReport, events: &[Event]) -> Result<ReportWrite, StoreError>;

    /// A report by id, with the ids of its events.
    fn report(&self, id: &str) -> Result<Option<StoredReport>, StoreError>;

    /// The most recently stored reports, newest first, at most `limit`.
    fn reports(&self, limit: usize) -> Result<Vec<StoredReport>, StoreError>;

    /// The reports an event was read from (by public event id), oldest first.
    fn reports_of_event(&self, event_id: &str) -> Result<Vec<StoredReport>, StoreError>;

    /// Brings derived search tables (actors, full text) up to date with every
    /// write so far, returning how many events were indexed. Queries catch up
    /// on demand; an import calls this to pay the cost up front. Backends that
    /// index as they write have nothing to do.
    fn build_search_indexes(&self) -> Result<u64, StoreError> {
        Ok(0)
    }
}
