//! Feeds in PostgreSQL: `feeds` (definition, validators, cursor, health),
//! `feed_items` (guids already stored, per feed) and `admin_alerts`
//! (migration 4). Each poll outcome — health, items, alert raised or cleared —
//! is one transaction that locks the feed's row first, so two processes
//! recording outcomes of one feed never both raise an alert.

use std::collections::HashSet;

use ::postgres::{GenericClient, Row};
use chrono::{DateTime, Utc};

use super::PgStore;
use super::db::{Db, corrupt, to_u32};
use super::write::nul_free;
use crate::StoreError;
use crate::feeds::{
    AdminAlert, FEED_FAILING, Feed, FeedFailure, FeedHealth, FeedKind, FeedStore, FeedSuccess,
    NewFeed,
};

/// Longest error message kept per feed (a server's error page can be long).
const MAX_ERROR_CHARS: usize = 2000;

const FEED_COLUMNS: &str = "id, url, name, kind, every_secs, added_at, etag, last_modified, \
    cursor, last_attempt, last_success, last_error, last_error_at, consecutive_failures, \
    items_total, items_new_last_poll";

const ALERT_COLUMNS: &str = "id, kind, feed_id, message, raised_at, cleared_at";

fn feed_from_row(r: &Row) -> Result<Feed, StoreError> {
    let kind: String = r.try_get(3)?;
    let count = |i: usize| -> Result<u64, StoreError> { Ok(r.try_get::<_, i64>(i)?.max(0) as u64) };
    Ok(Feed {
        id: r.try_get(0)?,
        url: r.try_get(1)?,
        name: r.try_get(2)?,
        kind: kind
            .parse::<FeedKind>()
            .map_err(|_| corrupt("feed kind", &kind))?,
        every_secs: to_u32("feed interval", r.try_get(4)?)?,
        added_at: r.try_get(5)?,
        etag: r.try_get(6)?,
        last_modified: r.try_get(7)?,
        cursor: r.try_get(8)?,
        health: FeedHealth {
            last_attempt: r.try_get(9)?,
            last_success: r.try_get(10)?,
            last_error: r.try_get(11)?,
            last_error_at: r.try_get(12)?,
            consecutive_failures: to_u32("consecutive failures", r.try_get(13)?)?,
            items_total: count(14)?,
            items_new_last_poll: count(15)?,
        },
    })
}

fn alert_from_row(r: &Row) -> Result<AdminAlert, StoreError> {
    Ok(AdminAlert {
        id: r.try_get(0)?,
        kind: r.try_get(1)?,
        feed_id: r.try_get(2)?,
        message: r.try_get(3)?,
        raised_at: r.try_get(4)?,
        cleared_at: r.try_get(5)?,
    })
}

fn get_feed<C: GenericClient>(
    db: &mut Db<'_, C>,
    id: i64,
    lock: bool,
) -> Result<Option<Feed>, StoreError> {
    let lock = if lock { " FOR UPDATE" } else { "" };
    db.query_opt(
        &format!("SELECT {FEED_COLUMNS} FROM feeds WHERE id = $1{lock}"),
        &[&id],
    )?
    .map(|r| feed_from_row(&r))
    .transpose()
}

fn open_alerts_of<C: GenericClient>(
    db: &mut Db<'_, C>,
    feed_id: i64,
) -> Result<Vec<AdminAlert>, StoreError> {
    db.query(
        &format!(
            "SELECT {ALERT_COLUMNS} FROM admin_alerts \
             WHERE feed_id = $1 AND cleared_at IS NULL ORDER BY id"
        ),
        &[&feed_id],
    )?
    .iter()
    .map(alert_from_row)
    .collect()
}

/// Clears the open alerts of a feed at `at` and returns them as cleared.
fn clear_alerts<C: GenericClient>(
    db: &mut Db<'_, C>,
    feed_id: i64,
    at: DateTime<Utc>,
) -> Result<Vec<AdminAlert>, StoreError> {
    let mut open = open_alerts_of(db, feed_id)?;
    if !open.is_empty() {
        db.execute(
            "UPDATE admin_alerts SET cleared_at = $2 WHERE feed_id = $1 AND cleared_at IS NULL",
            &[&feed_id, &at],
        )?;
        for alert in &mut open {
            alert.cleared_at = Some(at);
        }
    }
    Ok(open)
}

fn no_feed(id: i64) -> StoreError {
    StoreError::InvalidQuery(format!("no feed with id {id}"))
}

impl FeedStore for PgStore {
    fn add_feed(&self, new: &NewFeed) -> Result<Feed, StoreError> {
        new.validate()?;
        self.in_transaction(|db| {
            let url = new.url.trim();
            let inserted = db.query_opt(
                &format!(
                    "INSERT INTO feeds (url, name, kind, every_secs, added_at) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (url) DO NOTHING \
                     RETURNING {FEED_COLUMNS}"
                ),
                &[
                    &url,
                    &new.name.trim(),
                    &new.kind.as_str(),
                    &i64::from(new.every_secs),
                    &Utc::now(),
                ],
            )?;
            match inserted {
                Some(row) => feed_from_row(&row),
                None => {
                    let id: i64 = db
                        .query_one("SELECT id FROM feeds WHERE url = $1", &[&url])?
                        .try_get(0)?;
                    Err(StoreError::InvalidQuery(format!(
                        "feed {url} is already stored (id {id})"
                    )))
                }
            }
        })
    }

    fn feeds(&self) -> Result<Vec<Feed>, StoreError> {
        self.with_reader(|db| {
            db.query(
                &format!("SELECT {FEED_COLUMNS} FROM feeds ORDER BY id"),
                &[],
            )?
            .iter()
            .map(feed_from_row)
            .collect()
        })
    }

    fn feed(&self, id: i64) -> Result<Option<Feed>, StoreError> {
        self.with_reader(|db| get_feed(db, id, false))
    }

    fn remove_feed(&self, id: i64) -> Result<bool, StoreError> {
        self.in_transaction(|db| {
            let removed = db.execute("DELETE FROM feeds WHERE id = $1", &[&id])? > 0;
            if removed {
                clear_alerts(db, id, Utc::now())?;
            }
            Ok(removed)
        })
    }

    fn seen_items(&self, id: i64, guids: &[String]) -> Result<HashSet<String>, StoreError> {
        if guids.is_empty() {
            return Ok(HashSet::new());
        }
        self.with_reader(|db| {
            db.query(
                "SELECT guid FROM feed_items WHERE feed_id = $1 AND guid = ANY($2)",
                &[&id, &guids],
            )?
            .iter()
            .map(|r| r.try_get(0).map_err(StoreError::from))
            .collect()
        })
    }

    fn record_feed_success(
        &self,
        id: i64,
        success: &FeedSuccess,
    ) -> Result<Vec<AdminAlert>, StoreError> {
        self.in_transaction(|db| {
            if get_feed(db, id, true)?.is_none() {
                return Err(no_feed(id));
            }
            let mut inserted = 0i64;
            for item in &success.new_items {
                inserted += db.execute(
                    "INSERT INTO feed_items (feed_id, guid, report_id, lat, lon, first_seen) \
                     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                    &[
                        &id,
                        &item.guid,
                        &item.report_id,
                        &item.point.map(|p| p.0),
                        &item.point.map(|p| p.1),
                        &success.at,
                    ],
                )? as i64;
            }
            db.execute(
                "UPDATE feeds SET last_attempt = $2, last_success = $2, consecutive_failures = 0, \
                 items_total = items_total + $3, items_new_last_poll = $3, \
                 etag = CASE WHEN $4 THEN etag ELSE $5 END, \
                 last_modified = CASE WHEN $4 THEN last_modified ELSE $6 END, \
                 cursor = COALESCE($7, cursor) WHERE id = $1",
                &[
                    &id,
                    &success.at,
                    &inserted,
                    &success.not_modified,
                    &success.etag,
                    &success.last_modified,
                    &success.cursor,
                ],
            )?;
            clear_alerts(db, id, success.at)
        })
    }

    fn record_feed_failure(
        &self,
        id: i64,
        at: DateTime<Utc>,
        error: &str,
        alert_after: u32,
    ) -> Result<FeedFailure, StoreError> {
        let error: String = nul_free(error).chars().take(MAX_ERROR_CHARS).collect();
        self.in_transaction(|db| {
            // The update locks the feed's row until commit.
            let updated = db.query_opt(
                &format!(
                    "UPDATE feeds SET last_attempt = $2, last_error = $3, last_error_at = $2, \
                     consecutive_failures = consecutive_failures + 1 WHERE id = $1 \
                     RETURNING {FEED_COLUMNS}"
                ),
                &[&id, &at, &error],
            )?;
            let feed = match updated {
                Some(row) => feed_from_row(&row)?,
                None => return Err(no_feed(id)),
            };
            let failures = feed.health.consecutive_failures;
            let mut raised = None;
            if alert_after > 0 && failures >= alert_after && open_alerts_of(db, id)?.is_empty() {
                let message = format!(
                    "feed {:?} ({}) failed {failures} polls in a row; last error: {error}",
                    feed.name, feed.url
                );
                let alert_id: i64 = db
                    .query_one(
                        "INSERT INTO admin_alerts (kind, feed_id, message, raised_at) \
                         VALUES ($1, $2, $3, $4) RETURNING id",
                        &[&FEED_FAILING, &id, &message, &at],
                    )?
                    .try_get(0)?;
                raised = Some(AdminAlert {
                    id: alert_id,
                    kind: FEED_FAILING.to_owned(),
                    feed_id: Some(id),
                    message,
                    raised_at: at,
                    cleared_at: None,
                });
            }
            Ok(FeedFailure {
                consecutive_failures: failures,
                raised,
            })
        })
    }

    fn admin_alerts(&self, open_only: bool) -> Result<Vec<AdminAlert>, StoreError> {
        self.with_reader(|db| {
            db.query(
                &format!(
                    "SELECT {ALERT_COLUMNS} FROM admin_alerts \
                     WHERE NOT $1 OR cleared_at IS NULL ORDER BY id DESC"
                ),
                &[&open_only],
            )?
            .iter()
            .map(alert_from_row)
            .collect()
        })
    }
}
