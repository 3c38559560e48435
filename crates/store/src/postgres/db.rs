//! A connection (or transaction on it) with its cache of prepared statements:
//! every query of the backend goes through [`Db`], so each distinct SQL text
//! is parsed and planned once per connection, and every value travels as a
//! bound parameter.

use std::collections::HashMap;

use ::postgres::types::ToSql;
use ::postgres::{GenericClient, Row, Statement};

use crate::StoreError;

/// Most statements kept per connection; the cache starts over when full
/// (queries are built from a bounded set of filter shapes, so this is rare).
const MAX_STATEMENTS: usize = 512;

/// Prepared statements of one connection, by SQL text.
#[derive(Default)]
pub(super) struct Statements(HashMap<String, Statement>);

impl Statements {
    pub fn clear(&mut self) {
        self.0.clear();
    }
}

/// Parameters as passed to a query.
pub(super) type Params<'p> = [&'p (dyn ToSql + Sync)];

/// A client or transaction and its connection's statement cache.
pub(super) struct Db<'a, C> {
    pub client: &'a mut C,
    statements: &'a mut Statements,
}

impl<'a, C: GenericClient> Db<'a, C> {
    pub fn new(client: &'a mut C, statements: &'a mut Statements) -> Self {
        Db { client, statements }
    }

    fn prepare(&mut self, sql: &str) -> Result<Statement, StoreError> {
        if let Some(stmt) = self.statements.0.get(sql) {
            return Ok(stmt.clone());
        }
        let stmt = self.client.prepare(sql)?;
        if self.statements.0.len() >= MAX_STATEMENTS {
            self.statements.0.clear();
        }
        self.statements.0.insert(sql.to_owned(), stmt.clone());
        Ok(stmt)
    }

    pub fn query(&mut self, sql: &str, params: &Params<'_>) -> Result<Vec<Row>, StoreError> {
        let stmt = self.prepare(sql)?;
        Ok(self.client.query(&stmt, params)?)
    }

    pub fn query_opt(&mut self, sql: &str, params: &Params<'_>) -> Result<Option<Row>, StoreError> {
        let stmt = self.prepare(sql)?;
        Ok(self.client.query_opt(&stmt, params)?)
    }

    pub fn query_one(&mut self, sql: &str, params: &Params<'_>) -> Result<Row, StoreError> {
        let stmt = self.prepare(sql)?;
        Ok(self.client.query_one(&stmt, params)?)
    }

    pub fn execute(&mut self, sql: &str, params: &Params<'_>) -> Result<u64, StoreError> {
        let stmt = self.prepare(sql)?;
        Ok(self.client.execute(&stmt, params)?)
    }
}

/// A stored value that does not fit the model: `StoreError::Corrupt`.
pub(super) fn corrupt(what: &str, value: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what} {value}"))
}

/// A `u32` field stored as `bigint`.
pub(super) fn to_u32(what: &str, value: i64) -> Result<u32, StoreError> {
    u32::try_from(value).map_err(|_| corrupt(what, value))
}

/// A `u8` code stored as `smallint`.
pub(super) fn to_code(what: &str, value: i16) -> Result<u8, StoreError> {
    u8::try_from(value).map_err(|_| corrupt(what, value))
}
