//! The embedded access store: organisations and key hashes in a SQLite file
//! of their own (`access.db` beside the default organisation's store), so
//! copying or sharing an organisation's store never carries the keys.

use std::path::Path;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::lock;
use crate::StoreError;
use crate::access::{
    AccessStore, ApiKey, IssuedKey, LAST_USED_RESOLUTION_SECS, NewKey, Organisation, Principal,
    Role, check_removable, is_token_shaped, new_token, shown_prefix, token_hash, validate_new_key,
    validate_slug,
};
use crate::codec::{from_timestamp, timestamp};

/// Migration `i` moves the access schema from version `i` to `i + 1`. Append only.
const MIGRATIONS: &[&str] = &[
    r#"
    CREATE TABLE organisations (
        slug    TEXT PRIMARY KEY,
        name    TEXT NOT NULL,
        created INTEGER NOT NULL
    );
    CREATE TABLE api_keys (
        id        INTEGER PRIMARY KEY,
        org       TEXT NOT NULL REFERENCES organisations(slug),
        role      TEXT NOT NULL,
        label     TEXT NOT NULL,
        prefix    TEXT NOT NULL,
        hash      TEXT NOT NULL UNIQUE,
        created   INTEGER NOT NULL,
        expires   INTEGER,
        last_used INTEGER,
        revoked   INTEGER
    );
    CREATE INDEX api_keys_org ON api_keys(org);
"#,
    // 2: who issued and who revoked each key.
    r#"
    ALTER TABLE api_keys ADD COLUMN issued_by TEXT NOT NULL DEFAULT '';
    ALTER TABLE api_keys ADD COLUMN revoked_by TEXT;
"#,
];

/// The SQLite access store. Open with [`SqliteAccess::open`].
pub struct SqliteAccess {
    conn: Mutex<Connection>,
}

impl SqliteAccess {
    /// Opens (creating and migrating if needed) the access store at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                path: dir.display().to_string(),
                source,
            })?;
        }
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&mut conn)?;
        Ok(SqliteAccess {
            conn: Mutex::new(conn),
        })
    }
}

fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if version > known {
        return Err(StoreError::SchemaTooNew {
            found: version,
            known,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

const KEY_COLUMNS: &str =
    "id, org, role, label, prefix, created, expires, last_used, revoked, issued_by, revoked_by";

fn key_row(row: &Row<'_>) -> rusqlite::Result<(ApiKeyRow, String)> {
    Ok((
        ApiKeyRow {
            id: row.get(0)?,
            org: row.get(1)?,
            label: row.get(3)?,
            prefix: row.get(4)?,
            created: row.get(5)?,
            expires: row.get(6)?,
            last_used: row.get(7)?,
            revoked: row.get(8)?,
            issued_by: row.get(9)?,
            revoked_by: row.get(10)?,
        },
        row.get(2)?,
    ))
}

/// A key row before its role and timestamps are decoded.
struct ApiKeyRow {
    id: i64,
    org: String,
    label: String,
    prefix: String,
    created: i64,
    expires: Option<i64>,
    last_used: Option<i64>,
    revoked: Option<i64>,
    issued_by: String,
    revoked_by: Option<String>,
}

fn decode_key((row, role): (ApiKeyRow, String)) -> Result<ApiKey, StoreError> {
    let time = |t: Option<i64>| t.map(from_timestamp).transpose();
    Ok(ApiKey {
        id: row.id,
        role: Role::parse(&role)
            .ok_or_else(|| StoreError::Corrupt(format!("key {}: role {role:?}", row.id)))?,
        org: row.org,
        label: row.label,
        prefix: row.prefix,
        created: from_timestamp(row.created)?,
        expires: time(row.expires)?,
        last_used: time(row.last_used)?,
        revoked: time(row.revoked)?,
        issued_by: row.issued_by,
        revoked_by: row.revoked_by,
    })
}

fn decode_org(row: &Row<'_>) -> rusqlite::Result<(String, String, i64)> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?))
}

fn organisation((slug, name, created): (String, String, i64)) -> Result<Organisation, StoreError> {
    Ok(Organisation {
        slug,
        name,
        created: from_timestamp(created)?,
    })
}

impl AccessStore for SqliteAccess {
    fn add_organisation(&self, slug: &str, name: &str) -> Result<Organisation, StoreError> {
        validate_slug(slug)?;
        let name = if name.trim().is_empty() {
            slug
        } else {
            name.trim()
        };
        let created = Utc::now();
        let conn = lock(&self.conn);
        let inserted = conn.execute(
            "INSERT INTO organisations (slug, name, created) VALUES (?1, ?2, ?3)
             ON CONFLICT (slug) DO NOTHING",
            params![slug, name, timestamp(created)],
        )?;
        if inserted == 0 {
            return Err(StoreError::InvalidQuery(format!(
                "organisation {slug:?} already exists"
            )));
        }
        organisation((slug.to_owned(), name.to_owned(), timestamp(created)))
    }

    fn organisations(&self) -> Result<Vec<Organisation>, StoreError> {
        let conn = lock(&self.conn);
        let mut stmt =
            conn.prepare("SELECT slug, name, created FROM organisations ORDER BY slug")?;
        let rows = stmt.query_map([], decode_org)?;
        rows.map(|r| organisation(r?)).collect()
    }

    fn organisation(&self, slug: &str) -> Result<Option<Organisation>, StoreError> {
        let conn = lock(&self.conn);
        conn.query_row(
            "SELECT slug, name, created FROM organisations WHERE slug = ?1",
            [slug],
            decode_org,
        )
        .optional()?
        .map(organisation)
        .transpose()
    }

    fn remove_organisation(&self, slug: &str) -> Result<bool, StoreError> {
        check_removable(slug)?;
        let mut conn = lock(&self.conn);
        let tx = conn.transaction()?;
        tx.execute("DELETE FROM api_keys WHERE org = ?1", [slug])?;
        let removed = tx.execute("DELETE FROM organisations WHERE slug = ?1", [slug])?;
        tx.commit()?;
        Ok(removed > 0)
    }

    fn issue_key(&self, new: &NewKey) -> Result<IssuedKey, StoreError> {
        validate_new_key(new)?;
        let token = new_token()?;
        let created = Utc::now();
        let conn = lock(&self.conn);
        let exists: bool = conn
            .query_row(
                "SELECT 1 FROM organisations WHERE slug = ?1",
                [&new.org],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if !exists {
            return Err(StoreError::InvalidQuery(format!(
                "no organisation {:?}",
                new.org
            )));
        }
        conn.execute(
            "INSERT INTO api_keys (org, role, label, prefix, hash, created, expires, issued_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                new.org,
                new.role.as_str(),
                new.label.trim(),
                shown_prefix(&token),
                token_hash(&token),
                timestamp(created),
                new.expires.map(timestamp),
                new.issued_by.trim(),
            ],
        )?;
        let id = conn.last_insert_rowid();
        let key = ApiKey {
            id,
            org: new.org.clone(),
            role: new.role,
            label: new.label.trim().to_owned(),
            prefix: shown_prefix(&token),
            created: from_timestamp(timestamp(created))?,
            expires: new.expires.map(timestamp).map(from_timestamp).transpose()?,
            last_used: None,
            revoked: None,
            issued_by: new.issued_by.trim().to_owned(),
            revoked_by: None,
        };
        Ok(IssuedKey { key, token })
    }

    fn keys(&self, org: Option<&str>) -> Result<Vec<ApiKey>, StoreError> {
        let conn = lock(&self.conn);
        let mut stmt = conn.prepare(&format!(
            "SELECT {KEY_COLUMNS} FROM api_keys WHERE ?1 IS NULL OR org = ?1 ORDER BY id DESC"
        ))?;
        let rows = stmt.query_map([org], key_row)?;
        rows.map(|r| decode_key(r?)).collect()
    }

    fn revoke_key(&self, id: i64, by: &str) -> Result<bool, StoreError> {
        let conn = lock(&self.conn);
        let changed = conn.execute(
            "UPDATE api_keys SET revoked = ?2, revoked_by = ?3 WHERE id = ?1 AND revoked IS NULL",
            params![id, timestamp(Utc::now()), by],
        )?;
        Ok(changed > 0)
    }

    fn authenticate(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Principal>, StoreError> {
        if !is_token_shaped(token) {
            return Ok(None);
        }
        let conn = lock(&self.conn);
        let found = conn
            .query_row(
                &format!(
                    "SELECT {KEY_COLUMNS} FROM api_keys
                     WHERE hash = ?1 AND revoked IS NULL AND (expires IS NULL OR expires > ?2)"
                ),
                params![token_hash(token), timestamp(now)],
                key_row,
            )
            .optional()?
            .map(decode_key)
            .transpose()?;
        let Some(key) = found else {
            return Ok(None);
        };
        let stale = key
            .last_used
            .is_none_or(|t| (now - t).num_seconds() >= LAST_USED_RESOLUTION_SECS);
        if stale {
            conn.execute(
                "UPDATE api_keys SET last_used = ?2 WHERE id = ?1",
                params![key.id, timestamp(now)],
            )?;
        }
        Ok(Some(Principal {
            key_id: key.id,
            org: key.org,
            role: key.role,
            label: key.label,
        }))
    }

    fn active_keys(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let conn = lock(&self.conn);
        let n: i64 = conn.query_row(
            "SELECT count(*) FROM api_keys WHERE revoked IS NULL AND (expires IS NULL OR expires > ?1)",
            [timestamp(now)],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }
}
