//! Feeds and admin alerts on the wire: a feed with its health for
//! `GET /api/v1/feeds` and `sitrep feeds list --format json` (one shape for
//! both), a feed to add (`POST /api/v1/feeds`), and the open admin alerts for
//! `GET /api/v1/alerts/admin`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sitrep_store::feeds::MIN_EVERY_SECS;
use sitrep_store::{AdminAlert, Feed, FeedHealth, FeedKind, NewFeed};
use utoipa::ToSchema;

/// A polled feed with its health.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FeedDto {
    pub id: i64,
    #[schema(example = "https://www.gdacs.org/xml/rss.xml")]
    pub url: String,
    #[schema(example = "GDACS")]
    pub name: String,
    /// `rss`, `atom`, `geojson` or `gdelt`.
    #[schema(example = "rss")]
    pub kind: String,
    /// Seconds between polls.
    #[schema(example = 900)]
    pub every_secs: u32,
    pub added_at: DateTime<Utc>,
    /// GDELT feeds: the last export imported.
    pub cursor: Option<String>,
    pub health: FeedHealthDto,
}

/// How a feed has been doing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FeedHealthDto {
    /// `ok` (the last poll succeeded), `failing` (it failed) or `pending` (never polled).
    #[schema(example = "ok")]
    pub status: String,
    pub last_attempt: Option<DateTime<Utc>>,
    pub last_success: Option<DateTime<Utc>>,
    /// The error of the last failed poll, kept after later successes (see `last_error_at`).
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
    /// Failed polls since the last success.
    pub consecutive_failures: u32,
    /// Items (GDELT: exports) stored from the feed, ever.
    pub items_total: u64,
    /// Items new in the last successful poll.
    pub items_new_last_poll: u64,
}

impl FeedHealthDto {
    pub fn new(h: &FeedHealth) -> Self {
        FeedHealthDto {
            status: h.status().to_owned(),
            last_attempt: h.last_attempt,
            last_success: h.last_success,
            last_error: h.last_error.clone(),
            last_error_at: h.last_error_at,
            consecutive_failures: h.consecutive_failures,
            items_total: h.items_total,
            items_new_last_poll: h.items_new_last_poll,
        }
    }
}

impl FeedDto {
    pub fn new(f: &Feed) -> Self {
        FeedDto {
            id: f.id,
            url: f.url.clone(),
            name: f.name.clone(),
            kind: f.kind.as_str().to_owned(),
            every_secs: f.every_secs,
            added_at: f.added_at,
            cursor: f.cursor.clone(),
            health: FeedHealthDto::new(&f.health),
        }
    }
}

/// A feed to poll.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct NewFeedDto {
    /// An http:// or https:// URL (for GDELT, its lastupdate.txt).
    #[schema(example = "https://www.gdacs.org/xml/rss.xml")]
    pub url: String,
    /// `rss`, `atom`, `geojson` or `gdelt`; guessed from the URL when absent.
    #[serde(default)]
    pub kind: Option<String>,
    /// Seconds between polls, at least 60 (default 900).
    #[serde(default)]
    #[schema(example = 900)]
    pub every_secs: Option<u32>,
    /// A name for lists and alerts (default: the URL's host).
    #[serde(default)]
    pub name: Option<String>,
}

impl NewFeedDto {
    /// The feed to store, with the defaults filled in; a bad kind is refused
    /// here, a bad URL or interval by the store.
    pub fn to_new_feed(&self) -> Result<NewFeed, crate::ApiError> {
        let url = self.url.trim().to_owned();
        let kind = match self.kind.as_deref().map(str::trim) {
            None | Some("") => FeedKind::guess(&url),
            Some(k) => k
                .parse()
                .map_err(|e: String| crate::ApiError::BadRequest(format!("kind: {e}")))?,
        };
        let name = match self.name.as_deref().map(str::trim) {
            Some(n) if !n.is_empty() => n.to_owned(),
            _ => NewFeed::default_name(&url, kind),
        };
        Ok(NewFeed {
            url,
            name,
            kind,
            every_secs: self.every_secs.unwrap_or(15 * MIN_EVERY_SECS),
        })
    }
}

/// Every feed, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FeedListDto {
    pub feeds: Vec<FeedDto>,
}

/// A problem for an administrator, e.g. a feed failing poll after poll.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AdminAlertDto {
    pub id: i64,
    /// What kind of problem: `feed_failing`.
    #[schema(example = "feed_failing")]
    pub kind: String,
    /// The feed concerned, for feed alerts.
    pub feed_id: Option<i64>,
    pub message: String,
    pub raised_at: DateTime<Utc>,
    /// When it was resolved; null while open.
    pub cleared_at: Option<DateTime<Utc>>,
}

impl AdminAlertDto {
    pub fn new(a: &AdminAlert) -> Self {
        AdminAlertDto {
            id: a.id,
            kind: a.kind.clone(),
            feed_id: a.feed_id,
            message: a.message.clone(),
            raised_at: a.raised_at,
            cleared_at: a.cleared_at,
        }
    }
}

/// Admin alerts, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AdminAlertListDto {
    pub alerts: Vec<AdminAlertDto>,
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use sitrep_store::FeedKind;

    use super::*;

    #[test]
    fn a_feed_renders_with_its_health() {
        let at = Utc
            .with_ymd_and_hms(2026, 7, 8, 10, 0, 0)
            .single()
            .unwrap_or_else(|| panic!("bad time"));
        let feed = Feed {
            id: 3,
            url: "https://www.gdacs.org/xml/rss.xml".into(),
            name: "GDACS".into(),
            kind: FeedKind::Rss,
            every_secs: 900,
            added_at: at,
            etag: Some("\"v1\"".into()),
            last_modified: None,
            cursor: None,
            health: FeedHealth {
                last_attempt: Some(at),
                last_success: Some(at),
                items_total: 5,
                items_new_last_poll: 5,
                ..FeedHealth::default()
            },
        };
        let json = serde_json::to_value(FeedDto::new(&feed)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(json["kind"], "rss");
        assert_eq!(json["health"]["status"], "ok");
        assert_eq!(json["health"]["items_total"], 5);
        assert_eq!(json["health"]["last_success"], "2026-07-08T10:00:00Z");
        assert!(json["health"]["last_error"].is_null());
        // Validators are internal.
        assert!(json.get("etag").is_none());
    }
}
