//! Risk overrides in SQLite: the `risk_overrides` table and its audit log
//! `risk_override_log` (migration 2). Each change and its log line are written
//! in one transaction on the writer connection.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, Row, params};
use sitrep_model::Category;

use super::read::corrupt;
use crate::StoreError;
use crate::codec::{date_from_day, day_number, from_timestamp, timestamp};
use crate::overrides::{NewOverride, OverrideAction, OverrideAudit, RiskOverride};

const COLUMNS: &str = "id, area, category, level, reason, author, created, expires";

fn from_row(r: &Row<'_>) -> Result<RiskOverride, StoreError> {
    let category = match r.get::<_, Option<u8>>(2)? {
        Some(code) => Some(Category::from_code(code).ok_or_else(|| corrupt("category", code))?),
        None => None,
    };
    Ok(RiskOverride {
        id: r.get(0)?,
        area: r.get(1)?,
        category,
        level: r.get(3)?,
        reason: r.get(4)?,
        author: r.get(5)?,
        created: from_timestamp(r.get(6)?)?,
        expires: r.get::<_, Option<i32>>(7)?.map(date_from_day).transpose()?,
    })
}

/// The override in words, for the audit log.
fn describe(o: &RiskOverride) -> String {
    format!(
        "{} {} level {} by {}{}: {}",
        o.area,
        o.category.map_or("overall", Category::as_str),
        o.level,
        o.author,
        o.expires
            .map_or(String::new(), |e| format!(", expires {e}")),
        o.reason
    )
}

fn get(conn: &Connection, id: i64) -> Result<Option<RiskOverride>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM risk_overrides WHERE id = ?1"
    ))?;
    let mut rows = stmt.query([id])?;
    match rows.next()? {
        Some(r) => Ok(Some(from_row(r)?)),
        None => Ok(None),
    }
}

fn log(
    conn: &Connection,
    id: i64,
    action: OverrideAction,
    by: &str,
    at: DateTime<Utc>,
    detail: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO risk_override_log (override_id, action, by_whom, at, detail) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, action.as_str(), by, timestamp(at), detail])?;
    Ok(())
}

pub fn add(conn: &mut Connection, new: &NewOverride) -> Result<RiskOverride, StoreError> {
    new.validate()?;
    let now = Utc::now();
    let tx = conn.transaction()?;
    tx.prepare_cached(
        // Ids are never reused, not even the newest after its deletion: the
        // audit log keeps the deleted override's entries under its id.
        "INSERT INTO risk_overrides \
         (id, area, category, level, reason, author, created, expires) \
         VALUES ((SELECT 1 + MAX(m) FROM (SELECT COALESCE(MAX(id), 0) AS m FROM risk_overrides \
         UNION ALL SELECT COALESCE(MAX(override_id), 0) FROM risk_override_log)), \
         ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        new.area.trim(),
        new.category.map(Category::code),
        new.level,
        new.reason.trim(),
        new.author.trim(),
        timestamp(now),
        new.expires.map(day_number),
    ])?;
    let id = tx.last_insert_rowid();
    let created = get(&tx, id)?.ok_or_else(|| corrupt("override just written", id))?;
    log(
        &tx,
        id,
        OverrideAction::Create,
        &created.author,
        now,
        &describe(&created),
    )?;
    tx.commit()?;
    Ok(created)
}

pub fn list(conn: &Connection) -> Result<Vec<RiskOverride>, StoreError> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM risk_overrides ORDER BY id"))?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(from_row(r)?);
    }
    Ok(out)
}

pub fn expire(
    conn: &mut Connection,
    id: i64,
    by: &str,
    on: NaiveDate,
) -> Result<Option<RiskOverride>, StoreError> {
    if by.trim().is_empty() {
        return Err(StoreError::InvalidQuery(
            "override: who expires it is required".into(),
        ));
    }
    let tx = conn.transaction()?;
    let Some(before) = get(&tx, id)? else {
        return Ok(None);
    };
    tx.prepare_cached("UPDATE risk_overrides SET expires = ?2 WHERE id = ?1")?
        .execute(params![id, day_number(on)])?;
    let detail = format!(
        "expires {on} (was {})",
        before
            .expires
            .map_or("no expiry".to_string(), |e| e.to_string())
    );
    log(
        &tx,
        id,
        OverrideAction::Expire,
        by.trim(),
        Utc::now(),
        &detail,
    )?;
    let after = get(&tx, id)?;
    tx.commit()?;
    Ok(after)
}

pub fn delete(conn: &mut Connection, id: i64, by: &str) -> Result<bool, StoreError> {
    if by.trim().is_empty() {
        return Err(StoreError::InvalidQuery(
            "override: who deletes it is required".into(),
        ));
    }
    let tx = conn.transaction()?;
    let Some(before) = get(&tx, id)? else {
        return Ok(false);
    };
    tx.prepare_cached("DELETE FROM risk_overrides WHERE id = ?1")?
        .execute([id])?;
    log(
        &tx,
        id,
        OverrideAction::Delete,
        by.trim(),
        Utc::now(),
        &describe(&before),
    )?;
    tx.commit()?;
    Ok(true)
}

pub fn audit(conn: &Connection, id: Option<i64>) -> Result<Vec<OverrideAudit>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, override_id, action, by_whom, at, detail FROM risk_override_log \
         WHERE ?1 IS NULL OR override_id = ?1 ORDER BY seq",
    )?;
    let mut rows = stmt.query([id])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let action: String = r.get(2)?;
        out.push(OverrideAudit {
            seq: r.get(0)?,
            override_id: r.get(1)?,
            action: OverrideAction::parse(&action)
                .ok_or_else(|| corrupt("override action", &action))?,
            by: r.get(3)?,
            at: from_timestamp(r.get(4)?)?,
            detail: r.get(5)?,
        });
    }
    Ok(out)
}
