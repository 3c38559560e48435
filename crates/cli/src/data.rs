//! Where sitrep keeps its data: the data directory (import rejects, downloads
//! and, by default, the embedded SQLite store) and, when `--store` names a
//! PostgreSQL database, the store there instead — the scale-out path where
//! several sitrep processes share one store.

use std::fmt;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use sitrep_store::{PgStore, SqliteStore, Store};

/// The data directory and the store it goes with. Dereferences to the
/// directory, so `data.join("rejects")` is a path in it.
#[derive(Debug, Clone)]
pub struct Data {
    dir: PathBuf,
    store: Location,
}

#[derive(Debug, Clone, PartialEq)]
enum Location {
    /// `<dir>/sitrep.db`.
    Embedded,
    /// A schema of a PostgreSQL database.
    Postgres { url: String, schema: String },
}

impl Data {
    /// The embedded store in `dir`.
    #[cfg(test)]
    pub fn embedded(dir: impl Into<PathBuf>) -> Self {
        Data {
            dir: dir.into(),
            store: Location::Embedded,
        }
    }

    /// `dir` with the store `url` names: `sqlite` (or nothing) for the
    /// embedded store, a `postgres://` or `postgresql://` URL for a schema
    /// (`schema`) of that database.
    pub fn new(dir: PathBuf, url: Option<&str>, schema: &str) -> anyhow::Result<Self> {
        let store = match url.map(str::trim) {
            None | Some("") | Some("sqlite") => Location::Embedded,
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Location::Postgres {
                    url: url.to_owned(),
                    schema: schema.to_owned(),
                }
            }
            Some(other) => anyhow::bail!(
                "--store {other:?}: expected `sqlite` or a postgres:// (postgresql://) URL"
            ),
        };
        Ok(Data { dir, store })
    }

    /// Opens (creating and migrating if needed) the store.
    pub fn open_store(&self) -> anyhow::Result<Arc<dyn Store>> {
        match &self.store {
            Location::Embedded => {
                let path = self.dir.join("sitrep.db");
                let store = SqliteStore::open(&path)
                    .with_context(|| format!("opening the store at {}", path.display()))?;
                Ok(Arc::new(store))
            }
            Location::Postgres { url, schema } => {
                let store = PgStore::connect(url, schema)
                    .with_context(|| format!("opening the store in {self}"))?;
                Ok(Arc::new(store))
            }
        }
    }
}

impl Deref for Data {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.dir
    }
}

/// Names the store for messages, without any password the URL holds.
impl fmt::Display for Data {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.store {
            Location::Embedded => write!(f, "{}", self.dir.join("sitrep.db").display()),
            Location::Postgres { url, schema } => {
                write!(f, "schema {schema} of {}", without_password(url))
            }
        }
    }
}

/// `url` with the password of its user part (`user:password@`) masked.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => {
            let user_part = &rest[..at];
            let user = user_part.split_once(':').map_or(user_part, |(u, _)| u);
            let masked = if user_part.contains(':') {
                format!("{user}:***")
            } else {
                user.to_owned()
            };
            format!("{scheme}://{masked}{}", &rest[at..])
        }
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_urls_are_parsed_and_passwords_never_shown() {
        let embedded = Data::new("d".into(), None, "sitrep").unwrap();
        assert_eq!(embedded.store, Location::Embedded);
        assert_eq!(
            Data::new("d".into(), Some("sqlite"), "s").unwrap().store,
            Location::Embedded
        );
        let pg = Data::new(
            "d".into(),
            Some("postgres://ana:s3cret@db.example:5432/risk"),
            "team_a",
        )
        .unwrap();
        let shown = pg.to_string();
        assert_eq!(
            shown,
            "schema team_a of postgres://ana:***@db.example:5432/risk"
        );
        assert!(!shown.contains("s3cret"));
        assert_eq!(
            without_password("postgresql://ana@h/db"),
            "postgresql://ana@h/db"
        );
        let refused = Data::new("d".into(), Some("mysql://h/db"), "s").unwrap_err();
        assert!(refused.to_string().contains("postgres://"), "{refused}");
        // The directory is still where rejects and downloads go.
        assert_eq!(pg.join("rejects"), Path::new("d/rejects"));
    }
}
