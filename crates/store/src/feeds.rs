//! Feeds as the store keeps them: what to poll and how often, the validators
//! of the last response (for conditional GETs), the items already seen (by
//! guid, so a re-poll stores nothing twice), the feed's health, and the admin
//! alerts raised when a feed keeps failing.
//!
//! The store records; it does not poll. The poller (`sitrep-feeds`) tells it
//! each outcome with [`FeedStore::record_feed_success`] or
//! [`FeedStore::record_feed_failure`]; the failure call raises an alert in the
//! same transaction once the consecutive failures reach the caller's
//! threshold, and the success call clears it, so the count and the alert
//! never disagree.

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};

use crate::StoreError;

/// What a feed's URL serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedKind {
    /// RSS 2.0 (or RSS 1.0/RDF).
    Rss,
    Atom,
    /// A GeoJSON FeatureCollection of items (USGS, GDACS) or a JSON Feed.
    GeoJson,
    /// GDELT 2.0's `lastupdate.txt`: each new 15-minute events export is imported.
    Gdelt,
}

impl FeedKind {
    pub const ALL: [FeedKind; 4] = [
        FeedKind::Rss,
        FeedKind::Atom,
        FeedKind::GeoJson,
        FeedKind::Gdelt,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FeedKind::Rss => "rss",
            FeedKind::Atom => "atom",
            FeedKind::GeoJson => "geojson",
            FeedKind::Gdelt => "gdelt",
        }
    }
}

impl fmt::Display for FeedKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for FeedKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "rss" => Ok(FeedKind::Rss),
            "atom" => Ok(FeedKind::Atom),
            "geojson" | "json" => Ok(FeedKind::GeoJson),
            "gdelt" => Ok(FeedKind::Gdelt),
            other => Err(format!(
                "unknown feed kind {other:?} (expected rss, atom, geojson or gdelt)"
            )),
        }
    }
}

impl FeedKind {
    /// The kind a URL most likely serves: GDELT's `lastupdate.txt` (or a
    /// `gdeltv2` folder), `.json`/`.geojson` GeoJSON, `.atom` Atom, else RSS.
    pub fn guess(url: &str) -> FeedKind {
        let lower = url.to_ascii_lowercase();
        let path = lower.split(['?', '#']).next().unwrap_or_default();
        if path.ends_with("lastupdate.txt") || path.contains("/gdeltv2") {
            FeedKind::Gdelt
        } else if path.ends_with(".json") || path.ends_with(".geojson") {
            FeedKind::GeoJson
        } else if path.ends_with(".atom") {
            FeedKind::Atom
        } else {
            FeedKind::Rss
        }
    }
}

/// The shortest polling interval accepted, in seconds.
pub const MIN_EVERY_SECS: u32 = 60;

/// A feed to add.
#[derive(Debug, Clone, PartialEq)]
pub struct NewFeed {
    pub url: String,
    pub name: String,
    pub kind: FeedKind,
    /// Seconds between polls, at least [`MIN_EVERY_SECS`].
    pub every_secs: u32,
}

impl NewFeed {
    /// A feed's name when none is given: the URL's host, or "GDELT 2.0 events".
    pub fn default_name(url: &str, kind: FeedKind) -> String {
        if kind == FeedKind::Gdelt {
            return "GDELT 2.0 events".to_owned();
        }
        url.split_once("://")
            .map(|(_, rest)| rest)
            .and_then(|rest| rest.split(['/', '?', '#']).next())
            .filter(|host| !host.is_empty())
            .unwrap_or(url)
            .to_owned()
    }

    pub fn validate(&self) -> Result<(), StoreError> {
        let invalid = |m: String| Err(StoreError::InvalidQuery(m));
        let url = self.url.trim();
        let lower = url.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) || url.len() < 10 {
            return invalid(format!(
                "feed url {url:?} must be an http:// or https:// URL"
            ));
        }
        if self.name.trim().is_empty() {
            return invalid("feed name must not be empty".into());
        }
        if self.every_secs < MIN_EVERY_SECS {
            return invalid(format!(
                "feed interval {}s is shorter than the minimum of {MIN_EVERY_SECS}s",
                self.every_secs
            ));
        }
        Ok(())
    }
}

/// How a feed has been doing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedHealth {
    pub last_attempt: Option<DateTime<Utc>>,
    pub last_success: Option<DateTime<Utc>>,
    /// The error of the last failed poll (kept after a later success, with its time).
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
    /// Failed polls since the last success.
    pub consecutive_failures: u32,
    /// Items (or GDELT exports) stored from this feed, ever.
    pub items_total: u64,
    /// Items new in the last successful poll (0 after a 304).
    pub items_new_last_poll: u64,
}

impl FeedHealth {
    /// `ok` (last poll succeeded), `failing` (the last poll failed), or
    /// `pending` (never polled).
    pub fn status(&self) -> &'static str {
        match (self.last_attempt, self.consecutive_failures) {
            (None, _) => "pending",
            (Some(_), 0) => "ok",
            (Some(_), _) => "failing",
        }
    }
}

/// A stored feed with its polling state and health.
#[derive(Debug, Clone, PartialEq)]
pub struct Feed {
    pub id: i64,
    pub url: String,
    pub name: String,
    pub kind: FeedKind,
    pub every_secs: u32,
    pub added_at: DateTime<Utc>,
    /// `ETag` of the last 200 response, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// `Last-Modified` of the last 200 response, sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
    /// Kind-specific position: for GDELT, the name of the last export imported.
    pub cursor: Option<String>,
    pub health: FeedHealth,
}

impl Feed {
    /// Whether the feed should be polled at `now`: never polled, or its
    /// interval has passed since the last attempt.
    pub fn is_due(&self, now: DateTime<Utc>) -> bool {
        match self.health.last_attempt {
            None => true,
            Some(at) => now.signed_duration_since(at).num_seconds() >= i64::from(self.every_secs),
        }
    }
}

/// One new item stored from a feed.
#[derive(Debug, Clone, PartialEq)]
pub struct SeenItem {
    /// The item's guid (RSS `guid`, Atom `id`, GeoJSON feature id, GDELT export name).
    pub guid: String,
    /// The report the item was stored as (none for GDELT exports).
    pub report_id: Option<String>,
    /// The item's point, when the feed gave one (georss, geo:lat/long, GeoJSON).
    pub point: Option<(f64, f64)>,
}

/// What a successful poll found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedSuccess {
    pub at: DateTime<Utc>,
    /// The server answered 304: nothing changed, validators and cursor stay.
    pub not_modified: bool,
    /// New validators (ignored when `not_modified`).
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// New cursor; `None` keeps the old one.
    pub cursor: Option<String>,
    /// Items stored by this poll, to remember as seen.
    pub new_items: Vec<SeenItem>,
}

/// What recording a failed poll did.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedFailure {
    pub consecutive_failures: u32,
    /// The alert this failure raised (only the failure that reaches the
    /// threshold raises one; later failures keep it open).
    pub raised: Option<AdminAlert>,
}

/// A problem an administrator must look at, e.g. a feed failing poll after poll.
#[derive(Debug, Clone, PartialEq)]
pub struct AdminAlert {
    pub id: i64,
    /// What kind of problem: `feed_failing`.
    pub kind: String,
    /// The feed concerned, for feed alerts.
    pub feed_id: Option<i64>,
    pub message: String,
    pub raised_at: DateTime<Utc>,
    /// When it was resolved; `None` while open.
    pub cleared_at: Option<DateTime<Utc>>,
}

/// The kind of alert a failing feed raises.
pub const FEED_FAILING: &str = "feed_failing";

/// Feeds, their seen items and health, and admin alerts.
pub trait FeedStore {
    /// Stores a new feed (validated first). A URL already stored is refused.
    fn add_feed(&self, new: &NewFeed) -> Result<Feed, StoreError>;

    /// Every feed, oldest first.
    fn feeds(&self) -> Result<Vec<Feed>, StoreError>;

    fn feed(&self, id: i64) -> Result<Option<Feed>, StoreError>;

    /// Deletes a feed and its seen items (its reports and events stay) and
    /// clears its open alerts; false when there is no such feed.
    fn remove_feed(&self, id: i64) -> Result<bool, StoreError>;

    /// Which of `guids` were already stored from feed `id`.
    fn seen_items(&self, id: i64, guids: &[String]) -> Result<HashSet<String>, StoreError>;

    /// Records a successful poll: health, validators, cursor and new items;
    /// clears the feed's open alerts and returns them.
    fn record_feed_success(
        &self,
        id: i64,
        success: &FeedSuccess,
    ) -> Result<Vec<AdminAlert>, StoreError>;

    /// Records a failed poll; when the consecutive failures reach
    /// `alert_after` (and no alert is open for the feed) raises a
    /// [`FEED_FAILING`] alert.
    fn record_feed_failure(
        &self,
        id: i64,
        at: DateTime<Utc>,
        error: &str,
        alert_after: u32,
    ) -> Result<FeedFailure, StoreError>;

    /// Admin alerts, newest first: only the open ones, or all.
    fn admin_alerts(&self, open_only: bool) -> Result<Vec<AdminAlert>, StoreError>;
}
