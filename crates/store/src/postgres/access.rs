//! The server access store: organisations and key hashes in a PostgreSQL
//! schema of their own, apart from every organisation's event store (so
//! copying or sharing an organisation's schema never carries the keys). Its
//! migrations are numbered in `access_migrations`, separate from the event
//! store's `schema_migrations`, and run under the schema's migration advisory
//! lock, so processes opening one schema at once apply each exactly once.
//! Every value travels as a bound parameter; only the validated schema name
//! is interpolated.

use std::sync::Mutex;

use ::postgres::{Client, Config, Row};
use chrono::{DateTime, Utc};

use super::db::{Db, Statements, corrupt};
use super::schema::{apply_migrations, valid_schema_name};
use super::write::nul_free;
use super::{lock, open_client};
use crate::StoreError;
use crate::access::{
    AccessStore, ApiKey, IssuedKey, LAST_USED_RESOLUTION_SECS, NewKey, Organisation, Principal,
    Role, check_removable, is_token_shaped, new_token, shown_prefix, token_hash, validate_new_key,
    validate_slug,
};

/// Migration `i` moves the access schema from version `i` to `i + 1`. Append only.
const MIGRATIONS: &[&str] = &[
    // 1: organisations by slug (checked as `validate_slug` does), and their
    // keys: the token's BLAKE3 hash (hex) to look it up by, never the token;
    // the shown prefix to recognise it by.
    r#"
    CREATE TABLE organisations (
        slug    text PRIMARY KEY CHECK (slug ~ '^[a-z][a-z0-9_]{0,31}$'),
        name    text NOT NULL,
        created timestamptz NOT NULL
    );
    CREATE TABLE api_keys (
        id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        org       text NOT NULL REFERENCES organisations (slug),
        role      text NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
        label     text NOT NULL,
        prefix    text NOT NULL,
        hash      text NOT NULL UNIQUE,
        created   timestamptz NOT NULL,
        expires   timestamptz,
        last_used timestamptz,
        revoked   timestamptz
    );
    CREATE INDEX api_keys_org ON api_keys (org, id);
    "#,
    // 2: who issued and who revoked each key.
    r#"
    ALTER TABLE api_keys ADD COLUMN issued_by text NOT NULL DEFAULT '';
    ALTER TABLE api_keys ADD COLUMN revoked_by text;
    "#,
];

const KEY_COLUMNS: &str =
    "id, org, role, label, prefix, created, expires, last_used, revoked, issued_by, revoked_by";

const ORG_COLUMNS: &str = "slug, name, created";

/// The PostgreSQL access store. Open with [`PgAccess::connect`].
///
/// One connection behind a mutex: each call is a single indexed statement.
pub struct PgAccess {
    config: Config,
    schema: String,
    conn: Mutex<Conn>,
}

struct Conn {
    client: Client,
    statements: Statements,
}

impl PgAccess {
    /// Connects to the database at `url` (a `postgresql://` URL or
    /// `host=… user=… dbname=…`), creating `schema` if it is missing and
    /// applying the access store's pending migrations. `schema` must match
    /// `[a-z_][a-z0-9_]*`.
    pub fn connect(url: &str, schema: &str) -> Result<Self, StoreError> {
        if !valid_schema_name(schema) {
            return Err(StoreError::InvalidQuery(format!(
                "schema name {schema:?} must match [a-z_][a-z0-9_]* (at most 63 bytes)"
            )));
        }
        let config: Config = url.parse()?;
        let mut client = open_client(&config, schema)?;
        let applied = migrate(&mut client, schema)?;
        tracing::debug!(schema, applied, "opened postgres access store");
        Ok(PgAccess {
            config,
            schema: schema.to_owned(),
            conn: Mutex::new(Conn {
                client,
                statements: Statements::default(),
            }),
        })
    }

    /// The schema holding the access store's tables.
    pub fn schema(&self) -> &str {
        &self.schema
    }

    /// Runs `f` on the connection, reconnecting first if it was lost.
    fn with_db<T>(
        &self,
        f: impl FnOnce(&mut Db<'_, Client>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = lock(&self.conn);
        if conn.client.is_closed() {
            conn.client = open_client(&self.config, &self.schema)?;
            conn.statements.clear();
        }
        let Conn { client, statements } = &mut *conn;
        f(&mut Db::new(client, statements))
    }
}

/// Creates `schema` if missing and applies the pending access migrations
/// (recorded in `access_migrations`, apart from the event store's). Returns
/// how many it applied. `client` must have its `search_path` set to `schema`.
fn migrate(client: &mut Client, schema: &str) -> Result<usize, StoreError> {
    apply_migrations(client, schema, "access_migrations", MIGRATIONS)
}

fn role_of(id: i64, role: &str) -> Result<Role, StoreError> {
    Role::parse(role).ok_or_else(|| corrupt(&format!("key {id}: role"), format!("{role:?}")))
}

fn key_from_row(r: &Row) -> Result<ApiKey, StoreError> {
    let id: i64 = r.try_get(0)?;
    Ok(ApiKey {
        id,
        org: r.try_get(1)?,
        role: role_of(id, r.try_get(2)?)?,
        label: r.try_get(3)?,
        prefix: r.try_get(4)?,
        created: r.try_get(5)?,
        expires: r.try_get(6)?,
        last_used: r.try_get(7)?,
        revoked: r.try_get(8)?,
        issued_by: r.try_get(9)?,
        revoked_by: r.try_get(10)?,
    })
}

fn org_from_row(r: &Row) -> Result<Organisation, StoreError> {
    Ok(Organisation {
        slug: r.try_get(0)?,
        name: r.try_get(1)?,
        created: r.try_get(2)?,
    })
}

impl AccessStore for PgAccess {
    fn add_organisation(&self, slug: &str, name: &str) -> Result<Organisation, StoreError> {
        validate_slug(slug)?;
        let name = if name.trim().is_empty() {
            slug
        } else {
            name.trim()
        };
        let name = nul_free(name);
        let created = Utc::now();
        let row = self.with_db(|db| {
            db.query_opt(
                &format!(
                    "INSERT INTO organisations (slug, name, created) VALUES ($1, $2, $3) \
                     ON CONFLICT (slug) DO NOTHING RETURNING {ORG_COLUMNS}"
                ),
                &[&slug, &name.as_ref(), &created],
            )
        })?;
        match row {
            Some(row) => org_from_row(&row),
            None => Err(StoreError::InvalidQuery(format!(
                "organisation {slug:?} already exists"
            ))),
        }
    }

    fn remove_organisation(&self, slug: &str) -> Result<bool, StoreError> {
        check_removable(slug)?;
        // One statement: the keys and the organisation go together.
        let removed = self.with_db(|db| {
            db.execute(
                "WITH keys AS (DELETE FROM api_keys WHERE org = $1) \
                 DELETE FROM organisations WHERE slug = $1",
                &[&slug],
            )
        })?;
        Ok(removed > 0)
    }

    fn organisations(&self) -> Result<Vec<Organisation>, StoreError> {
        self.with_db(|db| {
            db.query(
                &format!("SELECT {ORG_COLUMNS} FROM organisations ORDER BY slug COLLATE \"C\""),
                &[],
            )?
            .iter()
            .map(org_from_row)
            .collect()
        })
    }

    fn organisation(&self, slug: &str) -> Result<Option<Organisation>, StoreError> {
        self.with_db(|db| {
            db.query_opt(
                &format!("SELECT {ORG_COLUMNS} FROM organisations WHERE slug = $1"),
                &[&slug],
            )?
            .map(|r| org_from_row(&r))
            .transpose()
        })
    }

    fn issue_key(&self, new: &NewKey) -> Result<IssuedKey, StoreError> {
        validate_new_key(new)?;
        let token = new_token()?;
        let label = nul_free(new.label.trim());
        let issued_by = nul_free(new.issued_by.trim());
        let (prefix, hash) = (shown_prefix(&token), token_hash(&token));
        let created = Utc::now();
        // One statement: the key is inserted only if its organisation exists.
        let row = self.with_db(|db| {
            db.query_opt(
                &format!(
                    "INSERT INTO api_keys \
                     (org, role, label, prefix, hash, created, expires, issued_by) \
                     SELECT slug, $2, $3, $4, $5, $6, $7, $8 FROM organisations WHERE slug = $1 \
                     RETURNING {KEY_COLUMNS}"
                ),
                &[
                    &new.org,
                    &new.role.as_str(),
                    &label.as_ref(),
                    &prefix,
                    &hash,
                    &created,
                    &new.expires,
                    &issued_by.as_ref(),
                ],
            )
        })?;
        match row {
            Some(row) => Ok(IssuedKey {
                key: key_from_row(&row)?,
                token,
            }),
            None => Err(StoreError::InvalidQuery(format!(
                "no organisation {:?}",
                new.org
            ))),
        }
    }

    fn keys(&self, org: Option<&str>) -> Result<Vec<ApiKey>, StoreError> {
        self.with_db(|db| {
            let rows = match org {
                Some(org) => db.query(
                    &format!("SELECT {KEY_COLUMNS} FROM api_keys WHERE org = $1 ORDER BY id DESC"),
                    &[&org],
                )?,
                None => db.query(
                    &format!("SELECT {KEY_COLUMNS} FROM api_keys ORDER BY id DESC"),
                    &[],
                )?,
            };
            rows.iter().map(key_from_row).collect()
        })
    }

    fn revoke_key(&self, id: i64, by: &str) -> Result<bool, StoreError> {
        let now = Utc::now();
        let by = nul_free(by);
        let changed = self.with_db(|db| {
            db.execute(
                "UPDATE api_keys SET revoked = $2, revoked_by = $3 WHERE id = $1 AND revoked IS NULL",
                &[&id, &now, &by.as_ref()],
            )
        })?;
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
        let hash = token_hash(token);
        // Checked and recorded in one statement, so a key revoked meanwhile
        // is never accepted; the use is written only when the last one
        // recorded is LAST_USED_RESOLUTION_SECS old, so reads write rarely.
        let resolution = LAST_USED_RESOLUTION_SECS as f64;
        let row = self.with_db(|db| {
            db.query_opt(
                "WITH k AS ( \
                     SELECT id, org, role, label, last_used FROM api_keys \
                     WHERE hash = $1 AND revoked IS NULL AND (expires IS NULL OR expires > $2)), \
                 used AS ( \
                     UPDATE api_keys SET last_used = $2 FROM k \
                     WHERE api_keys.id = k.id AND api_keys.revoked IS NULL AND (k.last_used IS NULL \
                           OR k.last_used <= $2 - make_interval(secs => $3)) \
                     RETURNING api_keys.id) \
                 SELECT id, org, role, label FROM k",
                &[&hash, &now, &resolution],
            )
        })?;
        row.map(|r| {
            let key_id: i64 = r.try_get(0)?;
            Ok(Principal {
                key_id,
                org: r.try_get(1)?,
                role: role_of(key_id, r.try_get(2)?)?,
                label: r.try_get(3)?,
            })
        })
        .transpose()
    }

    fn active_keys(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let n: i64 = self.with_db(|db| {
            Ok(db
                .query_one(
                    "SELECT COUNT(*) FROM api_keys \
                     WHERE revoked IS NULL AND (expires IS NULL OR expires > $1)",
                    &[&now],
                )?
                .try_get(0)?)
        })?;
        u64::try_from(n).map_err(|_| corrupt("active key count", n))
    }
}
