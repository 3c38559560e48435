//! Who may use a sitrep deployment: organisations and their API keys.
//!
//! Each organisation has a store of its own (a SQLite file or a PostgreSQL
//! schema), so one organisation's reports, feeds, overrides and alerts are
//! never in another's queries: isolation by construction, not by a filter
//! every query must remember. Datasets are imported per organisation too
//! (their licences, ACLED's among them, are granted per organisation).
//!
//! A key is a 256-bit random token shown once when issued; the access store
//! keeps only its BLAKE3 hash and a short prefix to recognise it by in lists.
//! A token this long cannot be guessed, so a fast hash is the right one (a
//! slow password hash protects low-entropy secrets; it adds nothing here).
//! [`AccessStore`] is implemented by both backends ([`crate::SqliteAccess`],
//! [`crate::PgAccess`]) and held to [`crate::testing::ACCESS_CASES`].

use chrono::{DateTime, Utc};

use crate::StoreError;

/// The organisation a store without an access store belongs to, and the one
/// `sitrep up` serves without keys on a loopback address.
pub const DEFAULT_ORG: &str = "default";

/// What a key may do. Ordered: each role may do what the ones before it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Reads events, ratings, reports, feeds and alerts.
    Viewer,
    /// Also submits reports and sets overrides.
    Analyst,
    /// Also manages the organisation's feeds and keys.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Viewer, Role::Analyst, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Analyst => "analyst",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An organisation: a slug that names it in URLs, commands and store names,
/// and a display name.
#[derive(Debug, Clone, PartialEq)]
pub struct Organisation {
    pub slug: String,
    pub name: String,
    pub created: DateTime<Utc>,
}

/// A key as lists show it: everything but the token.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiKey {
    pub id: i64,
    pub org: String,
    pub role: Role,
    /// What the key is for ("ops laptop", "CI").
    pub label: String,
    /// The token's first characters, to recognise it by.
    pub prefix: String,
    pub created: DateTime<Utc>,
    /// After this instant the key is refused; `None`: until revoked.
    pub expires: Option<DateTime<Utc>>,
    pub last_used: Option<DateTime<Utc>>,
    pub revoked: Option<DateTime<Utc>>,
    /// Who issued it: a key ("label (key N)") or a command line ("cli:USER").
    pub issued_by: String,
    /// Who revoked it, when it is revoked.
    pub revoked_by: Option<String>,
}

impl ApiKey {
    /// Whether the key is accepted at `now`.
    pub fn is_active_at(&self, now: DateTime<Utc>) -> bool {
        self.revoked.is_none() && self.expires.is_none_or(|e| now < e)
    }
}

/// A key just issued, with the token: the only time the token is known.
#[derive(Debug, Clone, PartialEq)]
pub struct IssuedKey {
    pub key: ApiKey,
    pub token: String,
}

/// Who a request comes from, once its token is accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub key_id: i64,
    pub org: String,
    pub role: Role,
    pub label: String,
}

/// A key to issue.
#[derive(Debug, Clone, PartialEq)]
pub struct NewKey {
    pub org: String,
    pub role: Role,
    pub label: String,
    pub expires: Option<DateTime<Utc>>,
    /// Who issues it, for the record.
    pub issued_by: String,
}

/// Organisations and keys, kept apart from every organisation's store.
pub trait AccessStore: Send + Sync {
    /// Creates an organisation; refuses an invalid slug or one already taken.
    fn add_organisation(&self, slug: &str, name: &str) -> Result<Organisation, StoreError>;

    /// Every organisation, by slug.
    fn organisations(&self) -> Result<Vec<Organisation>, StoreError>;

    fn organisation(&self, slug: &str) -> Result<Option<Organisation>, StoreError>;

    /// Removes an organisation and every key of it, at once; false when there
    /// is none. The default organisation cannot be removed. Its store is the
    /// caller's to delete.
    fn remove_organisation(&self, slug: &str) -> Result<bool, StoreError>;

    /// Issues a key for an existing organisation; the token is returned once
    /// and only its hash is kept.
    fn issue_key(&self, new: &NewKey) -> Result<IssuedKey, StoreError>;

    /// The keys of one organisation (or all), newest first, revoked ones included.
    fn keys(&self, org: Option<&str>) -> Result<Vec<ApiKey>, StoreError>;

    /// Revokes a key from now on, recording who did; false when there is no
    /// such key or it was already revoked.
    fn revoke_key(&self, id: i64, by: &str) -> Result<bool, StoreError>;

    /// The principal of an active key with this token at `now` (recording
    /// its use when the last one recorded is [`LAST_USED_RESOLUTION_SECS`]
    /// old or more), or `None` for an unknown, revoked or expired one.
    fn authenticate(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Principal>, StoreError>;

    /// How many keys are active at `now`: with none, a server protects
    /// itself by answering only on a loopback address.
    fn active_keys(&self, now: DateTime<Utc>) -> Result<u64, StoreError>;
}

/// A key's last use is recorded at most this often (seconds), so that
/// reading the API does not write to the access store on every request.
pub const LAST_USED_RESOLUTION_SECS: i64 = 60;

/// Every token starts with this, so leaked ones can be found by scanners.
pub const TOKEN_PREFIX: &str = "sitrep_";

/// Characters of a token kept to recognise it by in lists.
const SHOWN_PREFIX_CHARS: usize = TOKEN_PREFIX.len() + 6;

/// A fresh token: the prefix and 32 random bytes in hex.
pub(crate) fn new_token() -> Result<String, StoreError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| StoreError::Corrupt(format!("no randomness for a key: {e}")))?;
    let mut token = String::with_capacity(TOKEN_PREFIX.len() + 64);
    token.push_str(TOKEN_PREFIX);
    for b in bytes {
        token.push_str(&format!("{b:02x}"));
    }
    Ok(token)
}

/// The hash a token is kept and looked up by.
pub(crate) fn token_hash(token: &str) -> String {
    blake3::hash(token.as_bytes()).to_hex().to_string()
}

/// The part of a token shown in lists.
pub(crate) fn shown_prefix(token: &str) -> String {
    token.chars().take(SHOWN_PREFIX_CHARS).collect()
}

/// Refuses a slug that is not 1–32 lower-case ASCII letters, digits and
/// `_`, starting with a letter: slugs name files and PostgreSQL schemas
/// as they are, so two organisations can never map to one store.
pub fn validate_slug(slug: &str) -> Result<(), StoreError> {
    let ok = (1..=32).contains(&slug.len())
        && slug.starts_with(|c: char| c.is_ascii_lowercase())
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(StoreError::InvalidQuery(format!(
            "organisation {slug:?}: a slug is 1-32 lower-case letters, digits or '_', starting with a letter"
        )))
    }
}

/// Refuses removing the default organisation.
pub(crate) fn check_removable(slug: &str) -> Result<(), StoreError> {
    if slug == DEFAULT_ORG {
        return Err(StoreError::InvalidQuery(
            "the default organisation cannot be removed".into(),
        ));
    }
    Ok(())
}

/// Refuses a key without a label or for a malformed organisation slug.
pub(crate) fn validate_new_key(new: &NewKey) -> Result<(), StoreError> {
    validate_slug(&new.org)?;
    if new.label.trim().is_empty() {
        return Err(StoreError::InvalidQuery(
            "key: a label saying what the key is for is required".into(),
        ));
    }
    if new.issued_by.trim().is_empty() {
        return Err(StoreError::InvalidQuery(
            "key: who issues it is required".into(),
        ));
    }
    Ok(())
}

/// Whether a string has a token's shape; anything else is refused before
/// it is hashed or looked up.
pub(crate) fn is_token_shaped(token: &str) -> bool {
    token.len() == TOKEN_PREFIX.len() + 64
        && token.starts_with(TOKEN_PREFIX)
        && token[TOKEN_PREFIX.len()..]
            .bytes()
            .all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_shaped_and_hashed() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert_ne!(a, b);
        assert!(is_token_shaped(&a) && is_token_shaped(&b));
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_ne!(token_hash(&a), token_hash(&b));
        assert!(!token_hash(&a).contains(&a[TOKEN_PREFIX.len()..]));
        assert_eq!(shown_prefix(&a).len(), TOKEN_PREFIX.len() + 6);
        assert!(!is_token_shaped("sitrep_xyz"));
        assert!(!is_token_shaped(&a.replace("sitrep_", "sitrop_")));
    }

    #[test]
    fn slugs_name_files_and_schemas_safely() {
        for good in ["acme", "ngo1", "news_room", "a"] {
            assert!(validate_slug(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "Acme",
            "1org",
            "ngo-1",
            "../x",
            "a b",
            "x;drop",
            &"a".repeat(33),
        ] {
            assert!(validate_slug(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn roles_are_ordered_and_named() {
        assert!(Role::Viewer < Role::Analyst && Role::Analyst < Role::Admin);
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
