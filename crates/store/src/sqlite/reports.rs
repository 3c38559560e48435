//! Reports in SQLite: the `reports` table and the `report_events` links
//! (migration 3). A report is written in the same transaction as its events.

use rusqlite::{Connection, Transaction, params};
use sitrep_model::{Event, EventId};

use super::source_keys;
use crate::StoreError;
use crate::codec::{date_from_day, day_number, from_timestamp, timestamp};
use crate::reports::{NewReport, StoredReport};

/// Inserts the report unless stored already, then replaces its links with
/// `events` (upserted, so validated, in this transaction), found by the
/// source key of their first source. True when the report is new.
pub fn put(tx: &Transaction<'_>, report: &NewReport, events: &[Event]) -> Result<bool, StoreError> {
    let inserted =
        tx.prepare_cached(
            "INSERT OR IGNORE INTO reports \
             (id, title, published, url, text, retrieved_at, submitted_by) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            report.id,
            report.title,
            report.published.map(day_number),
            report.url,
            report.text,
            timestamp(report.retrieved_at),
            report.submitted_by,
        ])? > 0;
    tx.prepare_cached("DELETE FROM report_events WHERE report_id = ?1")?
        .execute([&report.id])?;
    for (ordinal, event) in events.iter().enumerate() {
        let Some(key) = event.sources.first() else {
            continue;
        };
        let Some(seq) = source_keys::find(tx, &key.dataset, &key.record_id)? else {
            continue;
        };
        tx.prepare_cached(
            "INSERT INTO report_events (report_id, ordinal, event_seq) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![report.id, ordinal as i64, seq])?;
    }
    Ok(inserted)
}

const COLUMNS: &str = "r.id, r.title, r.published, r.url, r.text, r.retrieved_at, r.submitted_by";

fn load(
    conn: &Connection,
    sql: &str,
    key: &dyn rusqlite::ToSql,
) -> Result<Vec<StoredReport>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query([key])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(StoredReport {
            id: r.get(0)?,
            title: r.get(1)?,
            published: r.get::<_, Option<i32>>(2)?.map(date_from_day).transpose()?,
            url: r.get(3)?,
            text: r.get(4)?,
            retrieved_at: from_timestamp(r.get(5)?)?,
            submitted_by: r.get(6)?,
            events: vec![],
        });
    }
    let mut events = conn.prepare_cached(
        "SELECT e.id FROM report_events l JOIN events e ON e.seq = l.event_seq \
         WHERE l.report_id = ?1 ORDER BY l.ordinal",
    )?;
    for report in &mut out {
        report.events = events
            .query_map([&report.id], |r| Ok(EventId(r.get(0)?)))?
            .collect::<Result<_, _>>()?;
    }
    Ok(out)
}

pub fn get(conn: &Connection, id: &str) -> Result<Option<StoredReport>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM reports r WHERE r.id = ?1");
    Ok(load(conn, &sql, &id)?.pop())
}

pub fn list(conn: &Connection, limit: usize) -> Result<Vec<StoredReport>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM reports r ORDER BY r.rowid DESC LIMIT ?1");
    load(conn, &sql, &(limit.min(i64::MAX as usize) as i64))
}

pub fn of_event(conn: &Connection, seq: u32) -> Result<Vec<StoredReport>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM reports r WHERE r.id IN \
         (SELECT report_id FROM report_events WHERE event_seq = ?1) ORDER BY r.rowid"
    );
    load(conn, &sql, &seq)
}
