//! Reports in PostgreSQL: the `reports` table and the `report_events` links
//! (migration 3). A report is written in the same transaction as its events.

use ::postgres::GenericClient;
use ::postgres::types::ToSql;
use sitrep_model::{Event, EventId};

use super::db::Db;
use super::read::find_source;
use super::write::nul_free;
use crate::StoreError;
use crate::reports::{NewReport, StoredReport};

/// Inserts the report unless stored already, then replaces its links with
/// `events` (upserted in this transaction), found by the source key of their
/// first source. True when the report is new.
pub(super) fn put<C: GenericClient>(
    db: &mut Db<'_, C>,
    report: &NewReport,
    events: &[Event],
) -> Result<bool, StoreError> {
    let inserted = db.execute(
        "INSERT INTO reports (id, title, published, url, text, retrieved_at, submitted_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING",
        &[
            &report.id,
            &report.title.as_deref().map(nul_free),
            &report.published,
            &report.url.as_deref().map(nul_free),
            &nul_free(&report.text),
            &report.retrieved_at,
            &report.submitted_by.as_deref().map(nul_free),
        ],
    )? > 0;
    db.execute(
        "DELETE FROM report_events WHERE report_id = $1",
        &[&report.id],
    )?;
    for (ordinal, event) in events.iter().enumerate() {
        let Some(key) = event.sources.first() else {
            continue;
        };
        let Some(seq) = find_source(db, &key.dataset, &key.record_id)? else {
            continue;
        };
        let ordinal = i32::try_from(ordinal).map_err(|_| {
            StoreError::InvalidQuery("a report may give at most 2^31 events".into())
        })?;
        db.execute(
            "INSERT INTO report_events (report_id, ordinal, event_seq) VALUES ($1, $2, $3)",
            &[&report.id, &ordinal, &seq],
        )?;
    }
    Ok(inserted)
}

const COLUMNS: &str = "r.id, r.title, r.published, r.url, r.text, r.retrieved_at, r.submitted_by";

fn load<C: GenericClient>(
    db: &mut Db<'_, C>,
    sql: &str,
    key: &(dyn ToSql + Sync),
) -> Result<Vec<StoredReport>, StoreError> {
    let rows = db.query(sql, &[key])?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.push(StoredReport {
            id: r.try_get(0)?,
            title: r.try_get(1)?,
            published: r.try_get(2)?,
            url: r.try_get(3)?,
            text: r.try_get(4)?,
            retrieved_at: r.try_get(5)?,
            submitted_by: r.try_get(6)?,
            events: vec![],
        });
    }
    for report in &mut out {
        report.events = db
            .query(
                "SELECT e.id FROM report_events l JOIN events e ON e.seq = l.event_seq \
                 WHERE l.report_id = $1 ORDER BY l.ordinal",
                &[&report.id],
            )?
            .iter()
            .map(|r| r.try_get(0).map(EventId))
            .collect::<Result<_, _>>()?;
    }
    Ok(out)
}

pub(super) fn get<C: GenericClient>(
    db: &mut Db<'_, C>,
    id: &str,
) -> Result<Option<StoredReport>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM reports r WHERE r.id = $1");
    Ok(load(db, &sql, &id)?.pop())
}

pub(super) fn list<C: GenericClient>(
    db: &mut Db<'_, C>,
    limit: usize,
) -> Result<Vec<StoredReport>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM reports r ORDER BY r.seq DESC LIMIT $1");
    load(db, &sql, &(limit.min(i64::MAX as usize) as i64))
}

pub(super) fn of_event<C: GenericClient>(
    db: &mut Db<'_, C>,
    seq: i64,
) -> Result<Vec<StoredReport>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM reports r WHERE r.id IN \
         (SELECT report_id FROM report_events WHERE event_seq = $1) ORDER BY r.seq"
    );
    load(db, &sql, &seq)
}
