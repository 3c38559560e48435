//! Feeds in SQLite: `feeds` (definition, validators, cursor, health),
//! `feed_items` (guids already stored, per feed) and `admin_alerts`
//! (migration 4). Each poll outcome — health, items, alert raised or cleared —
//! is one transaction on the writer connection.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::read::corrupt;
use super::{SqliteStore, lock};
use crate::StoreError;
use crate::codec::{from_timestamp, timestamp};
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

fn time(ms: Option<i64>) -> Result<Option<DateTime<Utc>>, StoreError> {
    ms.map(from_timestamp).transpose()
}

fn feed_from_row(r: &Row<'_>) -> Result<Feed, StoreError> {
    let kind: String = r.get(3)?;
    Ok(Feed {
        id: r.get(0)?,
        url: r.get(1)?,
        name: r.get(2)?,
        kind: kind
            .parse::<FeedKind>()
            .map_err(|_| corrupt("feed kind", &kind))?,
        every_secs: r.get(4)?,
        added_at: from_timestamp(r.get(5)?)?,
        etag: r.get(6)?,
        last_modified: r.get(7)?,
        cursor: r.get(8)?,
        health: FeedHealth {
            last_attempt: time(r.get(9)?)?,
            last_success: time(r.get(10)?)?,
            last_error: r.get(11)?,
            last_error_at: time(r.get(12)?)?,
            consecutive_failures: r.get(13)?,
            items_total: r.get::<_, i64>(14)?.max(0) as u64,
            items_new_last_poll: r.get::<_, i64>(15)?.max(0) as u64,
        },
    })
}

fn alert_from_row(r: &Row<'_>) -> Result<AdminAlert, StoreError> {
    Ok(AdminAlert {
        id: r.get(0)?,
        kind: r.get(1)?,
        feed_id: r.get(2)?,
        message: r.get(3)?,
        raised_at: from_timestamp(r.get(4)?)?,
        cleared_at: time(r.get(5)?)?,
    })
}

fn get_feed(conn: &Connection, id: i64) -> Result<Option<Feed>, StoreError> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {FEED_COLUMNS} FROM feeds WHERE id = ?1"))?;
    let mut rows = stmt.query([id])?;
    match rows.next()? {
        Some(r) => Ok(Some(feed_from_row(r)?)),
        None => Ok(None),
    }
}

fn list_feeds(conn: &Connection) -> Result<Vec<Feed>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {FEED_COLUMNS} FROM feeds ORDER BY id"))?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(feed_from_row(r)?);
    }
    Ok(out)
}

fn open_alerts_of(conn: &Connection, feed_id: i64) -> Result<Vec<AdminAlert>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ALERT_COLUMNS} FROM admin_alerts \
         WHERE feed_id = ?1 AND cleared_at IS NULL ORDER BY id"
    ))?;
    let mut rows = stmt.query([feed_id])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(alert_from_row(r)?);
    }
    Ok(out)
}

/// Clears the open alerts of a feed at `at` and returns them as cleared.
fn clear_alerts(
    conn: &Connection,
    feed_id: i64,
    at: DateTime<Utc>,
) -> Result<Vec<AdminAlert>, StoreError> {
    let mut open = open_alerts_of(conn, feed_id)?;
    if !open.is_empty() {
        conn.prepare_cached(
            "UPDATE admin_alerts SET cleared_at = ?2 WHERE feed_id = ?1 AND cleared_at IS NULL",
        )?
        .execute(params![feed_id, timestamp(at)])?;
        for alert in &mut open {
            alert.cleared_at = Some(at);
        }
    }
    Ok(open)
}

fn no_feed(id: i64) -> StoreError {
    StoreError::InvalidQuery(format!("no feed with id {id}"))
}

impl FeedStore for SqliteStore {
    fn add_feed(&self, new: &NewFeed) -> Result<Feed, StoreError> {
        new.validate()?;
        let mut writer = lock(&self.writer);
        let tx = writer.conn.transaction()?;
        let url = new.url.trim();
        let existing: Option<i64> = tx
            .prepare_cached("SELECT id FROM feeds WHERE url = ?1")?
            .query_row([url], |r| r.get(0))
            .optional()?;
        if let Some(id) = existing {
            return Err(StoreError::InvalidQuery(format!(
                "feed {url} is already stored (id {id})"
            )));
        }
        tx.prepare_cached(
            "INSERT INTO feeds (url, name, kind, every_secs, added_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            url,
            new.name.trim(),
            new.kind.as_str(),
            new.every_secs,
            timestamp(Utc::now()),
        ])?;
        let id = tx.last_insert_rowid();
        let feed = get_feed(&tx, id)?.ok_or_else(|| corrupt("feed just written", id))?;
        tx.commit()?;
        Ok(feed)
    }

    fn feeds(&self) -> Result<Vec<Feed>, StoreError> {
        self.with_reader(list_feeds)
    }

    fn feed(&self, id: i64) -> Result<Option<Feed>, StoreError> {
        self.with_reader(|conn| get_feed(conn, id))
    }

    fn remove_feed(&self, id: i64) -> Result<bool, StoreError> {
        let mut writer = lock(&self.writer);
        let tx = writer.conn.transaction()?;
        let removed = tx
            .prepare_cached("DELETE FROM feeds WHERE id = ?1")?
            .execute([id])?
            > 0;
        if removed {
            clear_alerts(&tx, id, Utc::now())?;
        }
        tx.commit()?;
        Ok(removed)
    }

    fn seen_items(&self, id: i64, guids: &[String]) -> Result<HashSet<String>, StoreError> {
        self.with_reader(|conn| {
            let mut stmt =
                conn.prepare_cached("SELECT 1 FROM feed_items WHERE feed_id = ?1 AND guid = ?2")?;
            let mut seen = HashSet::new();
            for guid in guids {
                if stmt.exists(params![id, guid])? {
                    seen.insert(guid.clone());
                }
            }
            Ok(seen)
        })
    }

    fn record_feed_success(
        &self,
        id: i64,
        success: &FeedSuccess,
    ) -> Result<Vec<AdminAlert>, StoreError> {
        let mut writer = lock(&self.writer);
        let tx = writer.conn.transaction()?;
        if !tx
            .prepare_cached("SELECT 1 FROM feeds WHERE id = ?1")?
            .exists([id])?
        {
            return Err(no_feed(id));
        }
        let at = timestamp(success.at);
        let mut inserted = 0i64;
        {
            let mut insert = tx.prepare_cached(
                "INSERT OR IGNORE INTO feed_items (feed_id, guid, report_id, lat, lon, first_seen) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for item in &success.new_items {
                inserted += insert.execute(params![
                    id,
                    item.guid,
                    item.report_id,
                    item.point.map(|p| p.0),
                    item.point.map(|p| p.1),
                    at,
                ])? as i64;
            }
        }
        tx.prepare_cached(
            "UPDATE feeds SET last_attempt = ?2, last_success = ?2, consecutive_failures = 0, \
                 items_total = items_total + ?3, items_new_last_poll = ?3, \
                 etag = CASE WHEN ?4 THEN etag ELSE ?5 END, \
                 last_modified = CASE WHEN ?4 THEN last_modified ELSE ?6 END, \
                 cursor = COALESCE(?7, cursor) WHERE id = ?1",
        )?
        .execute(params![
            id,
            at,
            inserted,
            success.not_modified,
            success.etag,
            success.last_modified,
            success.cursor,
        ])?;
        let cleared = clear_alerts(&tx, id, success.at)?;
        tx.commit()?;
        Ok(cleared)
    }

    fn record_feed_failure(
        &self,
        id: i64,
        at: DateTime<Utc>,
        error: &str,
        alert_after: u32,
    ) -> Result<FeedFailure, StoreError> {
        let error: String = error.chars().take(MAX_ERROR_CHARS).collect();
        let mut writer = lock(&self.writer);
        let tx = writer.conn.transaction()?;
        let updated = tx
            .prepare_cached(
                "UPDATE feeds SET last_attempt = ?2, last_error = ?3, last_error_at = ?2, \
                 consecutive_failures = consecutive_failures + 1 WHERE id = ?1",
            )?
            .execute(params![id, timestamp(at), error])?;
        if updated == 0 {
            return Err(no_feed(id));
        }
        let feed = get_feed(&tx, id)?.ok_or_else(|| no_feed(id))?;
        let failures = feed.health.consecutive_failures;
        let mut raised = None;
        if alert_after > 0 && failures >= alert_after && open_alerts_of(&tx, id)?.is_empty() {
            let message = format!(
                "feed {:?} ({}) failed {failures} polls in a row; last error: {error}",
                feed.name, feed.url
            );
            tx.prepare_cached(
                "INSERT INTO admin_alerts (kind, feed_id, message, raised_at) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![FEED_FAILING, id, message, timestamp(at)])?;
            raised = Some(AdminAlert {
                id: tx.last_insert_rowid(),
                kind: FEED_FAILING.to_owned(),
                feed_id: Some(id),
                message,
                raised_at: at,
                cleared_at: None,
            });
        }
        tx.commit()?;
        Ok(FeedFailure {
            consecutive_failures: failures,
            raised,
        })
    }

    fn admin_alerts(&self, open_only: bool) -> Result<Vec<AdminAlert>, StoreError> {
        self.with_reader(|conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {ALERT_COLUMNS} FROM admin_alerts \
                 WHERE NOT ?1 OR cleared_at IS NULL ORDER BY id DESC"
            ))?;
            let mut rows = stmt.query([open_only])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                out.push(alert_from_row(r)?);
            }
            Ok(out)
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::feeds::SeenItem;

    fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
        r.unwrap_or_else(|e| panic!("{e}"))
    }

    fn store() -> (tempfile::TempDir, SqliteStore) {
        let dir = ok(tempfile::tempdir());
        let store = ok(SqliteStore::open(dir.path().join("sitrep.db")));
        (dir, store)
    }

    fn new_feed(url: &str) -> NewFeed {
        NewFeed {
            url: url.into(),
            name: "GDACS".into(),
            kind: FeedKind::Rss,
            every_secs: 900,
        }
    }

    fn t(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 7, 8, 10, minute, 0)
            .single()
            .unwrap_or_else(|| panic!("bad time"))
    }

    fn item(guid: &str) -> SeenItem {
        SeenItem {
            guid: guid.into(),
            report_id: Some(format!("r{guid}")),
            point: Some((-20.25, 168.83)),
        }
    }

    #[test]
    fn feeds_are_added_listed_and_removed() {
        let (_dir, store) = store();
        let feed = ok(store.add_feed(&new_feed("https://www.gdacs.org/xml/rss.xml")));
        assert_eq!(feed.kind, FeedKind::Rss);
        assert_eq!(feed.health, FeedHealth::default());
        assert_eq!(feed.health.status(), "pending");
        assert!(feed.is_due(t(0)));
        // The same URL twice is refused; bad definitions too.
        let again = store.add_feed(&new_feed("https://www.gdacs.org/xml/rss.xml"));
        assert!(matches!(again, Err(StoreError::InvalidQuery(_))));
        for bad in [
            new_feed("ftp://example.org/feed"),
            NewFeed {
                name: " ".into(),
                ..new_feed("https://example.org/a")
            },
            NewFeed {
                every_secs: 5,
                ..new_feed("https://example.org/b")
            },
        ] {
            assert!(matches!(
                store.add_feed(&bad),
                Err(StoreError::InvalidQuery(_))
            ));
        }
        let other = ok(store.add_feed(&NewFeed {
            kind: FeedKind::Gdelt,
            ..new_feed("http://data.gdeltproject.org/gdeltv2/lastupdate.txt")
        }));
        let all = ok(store.feeds());
        assert_eq!(
            all.iter().map(|f| f.id).collect::<Vec<_>>(),
            [feed.id, other.id]
        );
        assert_eq!(
            ok(store.feed(other.id)).map(|f| f.kind),
            Some(FeedKind::Gdelt)
        );
        assert!(ok(store.remove_feed(feed.id)));
        assert!(!ok(store.remove_feed(feed.id)));
        assert_eq!(ok(store.feeds()).len(), 1);
        assert!(ok(store.feed(feed.id)).is_none());
    }

    #[test]
    fn successes_record_items_validators_and_health() {
        let (_dir, store) = store();
        let feed = ok(store.add_feed(&new_feed("https://example.org/rss")));
        let first = FeedSuccess {
            at: t(0),
            etag: Some("\"v1\"".into()),
            last_modified: Some("Wed, 08 Jul 2026 10:00:00 GMT".into()),
            new_items: vec![item("a"), item("b")],
            ..FeedSuccess::default()
        };
        assert!(ok(store.record_feed_success(feed.id, &first)).is_empty());
        let guids = vec!["a".to_owned(), "c".to_owned()];
        assert_eq!(
            ok(store.seen_items(feed.id, &guids)),
            HashSet::from(["a".to_owned()])
        );
        let after = ok(store.feed(feed.id)).unwrap_or_else(|| panic!("feed gone"));
        assert_eq!(after.etag.as_deref(), Some("\"v1\""));
        assert_eq!(after.health.items_total, 2);
        assert_eq!(after.health.items_new_last_poll, 2);
        assert_eq!(after.health.last_success, Some(t(0)));
        assert_eq!(after.health.status(), "ok");
        assert!(!after.is_due(t(10)));
        assert!(after.is_due(t(15)));
        // A 304 keeps the validators; an item already seen is not counted again.
        let not_modified = FeedSuccess {
            at: t(15),
            not_modified: true,
            new_items: vec![item("a")],
            ..FeedSuccess::default()
        };
        ok(store.record_feed_success(feed.id, &not_modified));
        let after = ok(store.feed(feed.id)).unwrap_or_else(|| panic!("feed gone"));
        assert_eq!(after.etag.as_deref(), Some("\"v1\""));
        assert_eq!(
            after.last_modified.as_deref(),
            Some("Wed, 08 Jul 2026 10:00:00 GMT")
        );
        assert_eq!(after.health.items_total, 2);
        assert_eq!(after.health.items_new_last_poll, 0);
        assert_eq!(after.health.last_attempt, Some(t(15)));
        // The cursor is kept unless a new one is given.
        ok(store.record_feed_success(
            feed.id,
            &FeedSuccess {
                at: t(30),
                cursor: Some("20260708100000.export.CSV.zip".into()),
                ..FeedSuccess::default()
            },
        ));
        ok(store.record_feed_success(
            feed.id,
            &FeedSuccess {
                at: t(45),
                ..FeedSuccess::default()
            },
        ));
        let after = ok(store.feed(feed.id)).unwrap_or_else(|| panic!("feed gone"));
        assert_eq!(
            after.cursor.as_deref(),
            Some("20260708100000.export.CSV.zip")
        );
        assert!(matches!(
            store.record_feed_success(999, &first),
            Err(StoreError::InvalidQuery(_))
        ));
    }

    #[test]
    fn failures_raise_one_alert_and_a_success_clears_it() {
        let (_dir, store) = store();
        let feed = ok(store.add_feed(&new_feed("https://example.org/rss")));
        for n in 1..=2u32 {
            let f = ok(store.record_feed_failure(feed.id, t(n), "HTTP status 500", 3));
            assert_eq!(f.consecutive_failures, n);
            assert!(f.raised.is_none());
        }
        let third = ok(store.record_feed_failure(feed.id, t(3), "HTTP status 500", 3));
        let alert = third.raised.unwrap_or_else(|| panic!("no alert"));
        assert_eq!(alert.kind, FEED_FAILING);
        assert_eq!(alert.feed_id, Some(feed.id));
        assert!(
            alert.message.contains("failed 3 polls"),
            "{}",
            alert.message
        );
        assert!(
            alert.message.contains("HTTP status 500"),
            "{}",
            alert.message
        );
        // A fourth failure keeps the one alert open.
        let fourth = ok(store.record_feed_failure(feed.id, t(4), "timed out", 3));
        assert!(fourth.raised.is_none());
        assert_eq!(ok(store.admin_alerts(true)), vec![alert.clone()]);
        let failing = ok(store.feed(feed.id)).unwrap_or_else(|| panic!("feed gone"));
        assert_eq!(failing.health.status(), "failing");
        assert_eq!(failing.health.consecutive_failures, 4);
        assert_eq!(failing.health.last_error.as_deref(), Some("timed out"));
        assert_eq!(failing.health.last_error_at, Some(t(4)));

        let cleared = ok(store.record_feed_success(
            feed.id,
            &FeedSuccess {
                at: t(5),
                ..FeedSuccess::default()
            },
        ));
        assert_eq!(cleared.len(), 1);
        assert_eq!(cleared[0].cleared_at, Some(t(5)));
        assert!(ok(store.admin_alerts(true)).is_empty());
        assert_eq!(ok(store.admin_alerts(false)), cleared);
        let healthy = ok(store.feed(feed.id)).unwrap_or_else(|| panic!("feed gone"));
        assert_eq!(healthy.health.consecutive_failures, 0);
        // The last error stays visible with its time.
        assert_eq!(healthy.health.last_error.as_deref(), Some("timed out"));

        // Removing a failing feed clears its alert; 0 never alerts.
        for n in 0..3 {
            ok(store.record_feed_failure(feed.id, t(10 + n), "down", 3));
        }
        assert_eq!(ok(store.admin_alerts(true)).len(), 1);
        ok(store.remove_feed(feed.id));
        assert!(ok(store.admin_alerts(true)).is_empty());
        let quiet = ok(store.add_feed(&new_feed("https://example.org/quiet")));
        for n in 0..5 {
            assert!(
                ok(store.record_feed_failure(quiet.id, t(20 + n), "down", 0))
                    .raised
                    .is_none()
            );
        }
    }

    #[test]
    fn long_errors_are_cut() {
        let (_dir, store) = store();
        let feed = ok(store.add_feed(&new_feed("https://example.org/rss")));
        ok(store.record_feed_failure(feed.id, t(0), &"x".repeat(10_000), 3));
        let f = ok(store.feed(feed.id)).unwrap_or_else(|| panic!("feed gone"));
        assert_eq!(
            f.health.last_error.map(|e| e.chars().count()),
            Some(MAX_ERROR_CHARS)
        );
    }
}
