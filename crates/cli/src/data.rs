//! Where sitrep keeps its data: the data directory (import rejects, downloads
//! and, by default, the embedded SQLite store) and, when `--store` names a
//! PostgreSQL database, the store there instead — the scale-out path where
//! several sitrep processes share one store.
//!
//! Each organisation (`--org`) has a store of its own: the default one the
//! store named above, any other `orgs/<slug>/sitrep.db` in the directory or
//! the schema `<schema>_org_<slug>`. Organisations and their API keys live in
//! the access store beside them (`access.db`, or the schema `<schema>_access`).

use std::fmt;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use sitrep_store::{AccessStore, DEFAULT_ORG, PgAccess, PgStore, SqliteAccess, SqliteStore, Store};

/// The data directory and the store it goes with. Dereferences to the
/// directory, so `data.join("rejects")` is a path in it.
#[derive(Debug, Clone)]
pub struct Data {
    dir: PathBuf,
    store: Location,
    /// `--pg-schema`: the default organisation's PostgreSQL schema, and the
    /// base of every schema and queue name.
    schema: String,
    /// The organisation whose store this is.
    org: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Location {
    /// `<dir>/sitrep.db`.
    Embedded,
    /// A schema of a PostgreSQL database.
    Postgres { url: String },
}

impl Data {
    /// The embedded store in `dir`.
    #[cfg(test)]
    pub fn embedded(dir: impl Into<PathBuf>) -> Self {
        Data {
            dir: dir.into(),
            store: Location::Embedded,
            schema: "sitrep".to_owned(),
            org: DEFAULT_ORG.to_owned(),
        }
    }

    /// `dir` with the store `url` names: `sqlite` (or nothing) for the
    /// embedded store, a `postgres://` or `postgresql://` URL for a schema
    /// (`schema`) of that database; the store of the organisation `org`.
    pub fn new(dir: PathBuf, url: Option<&str>, schema: &str, org: &str) -> anyhow::Result<Self> {
        sitrep_store::access::validate_slug(org).context("--org")?;
        let store = match url.map(str::trim) {
            None | Some("") | Some("sqlite") => Location::Embedded,
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Location::Postgres {
                    url: url.to_owned(),
                }
            }
            Some(other) => anyhow::bail!(
                "--store {other:?}: expected `sqlite` or a postgres:// (postgresql://) URL"
            ),
        };
        Ok(Data {
            dir,
            store,
            schema: schema.to_owned(),
            org: org.to_owned(),
        })
    }

    /// The organisation whose store this is.
    pub fn org(&self) -> &str {
        &self.org
    }

    /// The same data directory and database, for the organisation `org`.
    pub fn for_org(&self, org: &str) -> Data {
        Data {
            org: org.to_owned(),
            ..self.clone()
        }
    }

    fn is_default_org(&self) -> bool {
        self.org == DEFAULT_ORG
    }

    /// The SQLite file of the organisation's embedded store.
    fn embedded_path(&self) -> PathBuf {
        if self.is_default_org() {
            self.dir.join("sitrep.db")
        } else {
            self.dir.join("orgs").join(&self.org).join("sitrep.db")
        }
    }

    /// The name of the organisation's store schema (PostgreSQL) and of its
    /// queue's streams: `<schema>` for the default organisation,
    /// `<schema>_org_<slug>` for the others.
    pub fn schema(&self) -> String {
        if self.is_default_org() {
            self.schema.clone()
        } else {
            format!("{}_org_{}", self.schema, self.org)
        }
    }

    /// Opens (creating and migrating if needed) the organisation's store;
    /// refuses an organisation the access store does not know.
    pub fn open_store(&self) -> anyhow::Result<Arc<dyn Store>> {
        if !self.is_default_org() && self.open_access()?.organisation(&self.org)?.is_none() {
            anyhow::bail!(
                "no organisation {:?}: create it with `sitrep orgs add {}`",
                self.org,
                self.org
            );
        }
        match &self.store {
            Location::Embedded => {
                let path = self.embedded_path();
                let store = SqliteStore::open(&path)
                    .with_context(|| format!("opening the store at {}", path.display()))?;
                Ok(Arc::new(store))
            }
            Location::Postgres { url } => {
                let store = PgStore::connect(url, &self.schema())
                    .with_context(|| format!("opening the store in {self}"))?;
                Ok(Arc::new(store))
            }
        }
    }

    /// Deletes a non-default organisation's store: its SQLite folder, or its
    /// PostgreSQL schema. A store that is not there is not an error.
    pub fn delete_store(&self) -> anyhow::Result<()> {
        anyhow::ensure!(
            !self.is_default_org(),
            "the default organisation's store is not deleted"
        );
        match &self.store {
            Location::Embedded => {
                let dir = self.dir.join("orgs").join(&self.org);
                match std::fs::remove_dir_all(&dir) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                        Err(e).with_context(|| format!("deleting {}", dir.display()))
                    }
                    _ => Ok(()),
                }
            }
            Location::Postgres { url } => {
                PgStore::drop_schema(url, &self.schema())
                    .with_context(|| format!("dropping {self}"))?;
                Ok(())
            }
        }
    }

    /// Opens (creating if needed) the access store: organisations and API
    /// keys. The default organisation always exists.
    pub fn open_access(&self) -> anyhow::Result<Arc<dyn AccessStore>> {
        let access: Arc<dyn AccessStore> =
            match &self.store {
                Location::Embedded => {
                    let path = self.dir.join("access.db");
                    Arc::new(SqliteAccess::open(&path).with_context(|| {
                        format!("opening the access store at {}", path.display())
                    })?)
                }
                Location::Postgres { url } => {
                    let schema = format!("{}_access", self.schema);
                    Arc::new(PgAccess::connect(url, &schema).with_context(|| {
                        format!(
                            "opening the access store in schema {schema} of {}",
                            without_password(url)
                        )
                    })?)
                }
            };
        if access.organisation(DEFAULT_ORG)?.is_none() {
            match access.add_organisation(DEFAULT_ORG, "Default organisation") {
                // Another process may have created it in the meantime.
                Ok(_) | Err(sitrep_store::StoreError::InvalidQuery(_)) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(access)
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
            Location::Embedded => write!(f, "{}", self.embedded_path().display()),
            Location::Postgres { url } => {
                write!(f, "schema {} of {}", self.schema(), without_password(url))
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
        let embedded = Data::new("d".into(), None, "sitrep", "default").unwrap();
        assert_eq!(embedded.store, Location::Embedded);
        // The embedded store's queue is still named after --pg-schema.
        let named = Data::new("d".into(), None, "team_q", "default").unwrap();
        assert_eq!(named.schema(), "team_q");
        assert_eq!(
            Data::new("d".into(), Some("sqlite"), "s", "default")
                .unwrap()
                .store,
            Location::Embedded
        );
        let pg = Data::new(
            "d".into(),
            Some("postgres://ana:s3cret@db.example:5432/risk"),
            "team_a",
            "default",
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
        let refused = Data::new("d".into(), Some("mysql://h/db"), "s", "default").unwrap_err();
        assert!(refused.to_string().contains("postgres://"), "{refused}");
        // The directory is still where rejects and downloads go.
        assert_eq!(pg.join("rejects"), Path::new("d/rejects"));
    }

    #[test]
    fn each_organisation_has_a_store_of_its_own() {
        let embedded = Data::new("d".into(), None, "sitrep", "default").unwrap();
        assert_eq!(embedded.embedded_path(), Path::new("d/sitrep.db"));
        let acme = embedded.for_org("acme");
        assert_eq!(acme.embedded_path(), Path::new("d/orgs/acme/sitrep.db"));
        assert_eq!(acme.join("rejects"), Path::new("d/rejects"));
        let pg = Data::new("d".into(), Some("postgres://h/db"), "team", "news_room").unwrap();
        assert_eq!(pg.schema(), "team_org_news_room");
        assert_eq!(pg.for_org("default").schema(), "team");
        assert!(pg.to_string().contains("team_org_news_room"));
        for bad in ["../etc", "Acme", "", "news-room"] {
            assert!(Data::new("d".into(), None, "sitrep", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn another_organisations_store_needs_the_organisation() {
        let dir = tempfile::tempdir().unwrap();
        let data = Data::new(dir.path().into(), None, "sitrep", "default").unwrap();
        let refused = data.for_org("acme").open_store().err().unwrap();
        assert!(
            refused.to_string().contains("sitrep orgs add acme"),
            "{refused}"
        );
        assert!(!dir.path().join("orgs").exists());
        data.open_access()
            .unwrap()
            .add_organisation("acme", "Acme")
            .unwrap();
        data.for_org("acme").open_store().unwrap();
        assert!(dir.path().join("orgs/acme/sitrep.db").exists());
    }
}
