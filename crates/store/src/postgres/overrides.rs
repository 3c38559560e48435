//! Risk overrides in PostgreSQL: the `risk_overrides` table and its audit
//! log `risk_override_log` (migration 2). Each change and its log line are
//! written in one transaction; the override's row is locked while it changes.

use ::postgres::{GenericClient, Row};
use chrono::{DateTime, NaiveDate, Utc};
use sitrep_model::Category;

use super::db::{Db, corrupt, to_code};
use crate::StoreError;
use crate::overrides::{NewOverride, OverrideAction, OverrideAudit, RiskOverride};

const COLUMNS: &str = "id, area, category, level, reason, author, created, expires";

fn from_row(r: &Row) -> Result<RiskOverride, StoreError> {
    let category = match r.try_get::<_, Option<i16>>(2)? {
        Some(code) => {
            let code = to_code("category", code)?;
            Some(Category::from_code(code).ok_or_else(|| corrupt("category", code))?)
        }
        None => None,
    };
    Ok(RiskOverride {
        id: r.try_get(0)?,
        area: r.try_get(1)?,
        category,
        level: to_code("override level", r.try_get(3)?)?,
        reason: r.try_get(4)?,
        author: r.try_get(5)?,
        created: r.try_get(6)?,
        expires: r.try_get(7)?,
    })
}

/// The override in words, for the audit log (as the SQLite backend writes it).
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

fn get<C: GenericClient>(
    db: &mut Db<'_, C>,
    id: i64,
    lock: bool,
) -> Result<Option<RiskOverride>, StoreError> {
    let lock = if lock { " FOR UPDATE" } else { "" };
    db.query_opt(
        &format!("SELECT {COLUMNS} FROM risk_overrides WHERE id = $1{lock}"),
        &[&id],
    )?
    .map(|r| from_row(&r))
    .transpose()
}

fn log<C: GenericClient>(
    db: &mut Db<'_, C>,
    id: i64,
    action: OverrideAction,
    by: &str,
    at: DateTime<Utc>,
    detail: &str,
) -> Result<(), StoreError> {
    db.execute(
        "INSERT INTO risk_override_log (override_id, action, by_whom, at, detail) \
         VALUES ($1, $2, $3, $4, $5)",
        &[&id, &action.as_str(), &by, &at, &detail],
    )?;
    Ok(())
}

/// Stores `new` and logs its creation; `db` is a transaction.
pub(super) fn add<C: GenericClient>(
    db: &mut Db<'_, C>,
    new: &NewOverride,
) -> Result<RiskOverride, StoreError> {
    let now = Utc::now();
    let row = db.query_one(
        &format!(
            "INSERT INTO risk_overrides (area, category, level, reason, author, created, expires) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {COLUMNS}"
        ),
        &[
            &new.area.trim(),
            &new.category.map(|c| i16::from(c.code())),
            &i16::from(new.level),
            &new.reason.trim(),
            &new.author.trim(),
            &now,
            &new.expires,
        ],
    )?;
    let created = from_row(&row)?;
    log(
        db,
        created.id,
        OverrideAction::Create,
        &created.author,
        now,
        &describe(&created),
    )?;
    Ok(created)
}

pub(super) fn list<C: GenericClient>(db: &mut Db<'_, C>) -> Result<Vec<RiskOverride>, StoreError> {
    db.query(
        &format!("SELECT {COLUMNS} FROM risk_overrides ORDER BY id"),
        &[],
    )?
    .iter()
    .map(from_row)
    .collect()
}

/// Sets override `id`'s expiry and logs it; `db` is a transaction.
pub(super) fn expire<C: GenericClient>(
    db: &mut Db<'_, C>,
    id: i64,
    by: &str,
    on: NaiveDate,
) -> Result<Option<RiskOverride>, StoreError> {
    if by.trim().is_empty() {
        return Err(StoreError::InvalidQuery(
            "override: who expires it is required".into(),
        ));
    }
    let Some(before) = get(db, id, true)? else {
        return Ok(None);
    };
    let row = db.query_one(
        &format!("UPDATE risk_overrides SET expires = $2 WHERE id = $1 RETURNING {COLUMNS}"),
        &[&id, &on],
    )?;
    let detail = format!(
        "expires {on} (was {})",
        before
            .expires
            .map_or("no expiry".to_string(), |e| e.to_string())
    );
    log(
        db,
        id,
        OverrideAction::Expire,
        by.trim(),
        Utc::now(),
        &detail,
    )?;
    Ok(Some(from_row(&row)?))
}

/// Deletes override `id` and logs what it was; `db` is a transaction.
pub(super) fn delete<C: GenericClient>(
    db: &mut Db<'_, C>,
    id: i64,
    by: &str,
) -> Result<bool, StoreError> {
    if by.trim().is_empty() {
        return Err(StoreError::InvalidQuery(
            "override: who deletes it is required".into(),
        ));
    }
    let Some(before) = get(db, id, true)? else {
        return Ok(false);
    };
    db.execute("DELETE FROM risk_overrides WHERE id = $1", &[&id])?;
    log(
        db,
        id,
        OverrideAction::Delete,
        by.trim(),
        Utc::now(),
        &describe(&before),
    )?;
    Ok(true)
}

pub(super) fn audit<C: GenericClient>(
    db: &mut Db<'_, C>,
    id: Option<i64>,
) -> Result<Vec<OverrideAudit>, StoreError> {
    let rows = db.query(
        "SELECT seq, override_id, action, by_whom, at, detail FROM risk_override_log \
         WHERE $1::bigint IS NULL OR override_id = $1 ORDER BY seq",
        &[&id],
    )?;
    rows.iter()
        .map(|r| {
            let action: String = r.try_get(2)?;
            Ok(OverrideAudit {
                seq: r.try_get(0)?,
                override_id: r.try_get(1)?,
                action: OverrideAction::parse(&action)
                    .ok_or_else(|| corrupt("override action", &action))?,
                by: r.try_get(3)?,
                at: r.try_get(4)?,
                detail: r.try_get(5)?,
            })
        })
        .collect()
}
