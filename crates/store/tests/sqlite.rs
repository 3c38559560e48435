//! Runs the shared store and access store behaviour suites against the SQLite backend.

use sitrep_store::{AccessStore, Role, SqliteAccess, SqliteStore, Store, testing};

#[test]
fn sqlite_backend_passes_the_store_suite() {
    testing::run_cases(testing::CASES, |case| {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let store =
            SqliteStore::open(dir.path().join("sitrep.db")).unwrap_or_else(|e| panic!("{e}"));
        case(&store);
    });
}

#[test]
fn reopening_keeps_events_and_index() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("sitrep.db");
    let event = testing::sample_event(
        7,
        chrono::NaiveDate::from_ymd_opt(2024, 3, 22).unwrap_or_default(),
        55.82,
        37.33,
        "RU",
    );
    {
        let store = SqliteStore::open(&path).unwrap_or_else(|e| panic!("{e}"));
        store
            .upsert_events(&[event])
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let store = SqliteStore::open(&path).unwrap_or_else(|e| panic!("{e}"));
    let page = store
        .events(&sitrep_store::EventQuery {
            countries: vec!["RU".into()],
            ..Default::default()
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(page.total, 1);
    // The admin1 region is part of the index rebuilt at open.
    let in_region = store
        .events(&sitrep_store::EventQuery {
            countries: vec!["RU".into()],
            admin1: Some("region".into()),
            ..Default::default()
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(in_region.total, 1);
    let again = store
        .upsert_events(&page.events)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.unchanged, 1);
}

#[test]
fn sqlite_access_passes_the_access_suite() {
    testing::run_cases(testing::ACCESS_CASES, |case| {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let access =
            SqliteAccess::open(dir.path().join("access.db")).unwrap_or_else(|e| panic!("{e}"));
        case(&access);
    });
}

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

fn user_version(path: &std::path::Path) -> i64 {
    let conn = ok(rusqlite::Connection::open(path));
    ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0)))
}

#[test]
fn reopening_access_keeps_organisations_and_keys() {
    let dir = ok(tempfile::tempdir());
    // In a folder not made yet, as `--data` may be.
    let path = dir.path().join("data").join("access.db");
    let now = chrono::Utc::now();
    let issued = {
        let access = ok(SqliteAccess::open(&path));
        ok(access.add_organisation("acme", "Acme"));
        let issued = ok(access.issue_key(&testing::new_key("acme", Role::Analyst, "ops")));
        ok(access.authenticate(&issued.token, now));
        issued
    };
    let version = user_version(&path);
    assert!(version >= 1);
    let access = ok(SqliteAccess::open(&path));
    assert_eq!(user_version(&path), version, "migrations ran again");
    assert_eq!(
        ok(access.organisations())
            .iter()
            .map(|o| o.slug.as_str())
            .collect::<Vec<_>>(),
        ["acme"]
    );
    let keys = ok(access.keys(Some("acme")));
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].prefix, issued.key.prefix);
    assert!(keys[0].last_used.is_some());
    let who = ok(access.authenticate(&issued.token, chrono::Utc::now()));
    assert_eq!(
        who.map(|p| (p.key_id, p.role)),
        Some((issued.key.id, Role::Analyst))
    );
    let next = ok(access.issue_key(&testing::new_key("acme", Role::Viewer, "ci")));
    assert!(next.key.id > issued.key.id);
}

#[test]
fn access_file_holds_hashes_not_tokens() {
    let dir = ok(tempfile::tempdir());
    let path = dir.path().join("access.db");
    let issued = {
        let access = ok(SqliteAccess::open(&path));
        ok(access.add_organisation("acme", "Acme"));
        ok(access.issue_key(&testing::new_key("acme", Role::Admin, "ops")))
    };
    let bytes = ok(std::fs::read(&path));
    let hidden = &issued.token.as_bytes()[issued.key.prefix.len()..];
    for part in [hidden, &hidden[..16]] {
        assert!(
            !bytes.windows(part.len()).any(|w| w == part),
            "token part stored in the file"
        );
    }
    // The shown prefix is stored; the scan would see a token.
    let prefix = issued.key.prefix.as_bytes();
    assert!(bytes.windows(prefix.len()).any(|w| w == prefix));
}

#[test]
fn newer_access_file_is_refused() {
    let dir = ok(tempfile::tempdir());
    let path = dir.path().join("access.db");
    drop(ok(SqliteAccess::open(&path)));
    ok(ok(rusqlite::Connection::open(&path)).pragma_update(None, "user_version", 999));
    assert!(matches!(
        SqliteAccess::open(&path),
        Err(sitrep_store::StoreError::SchemaTooNew { found: 999, .. })
    ));
}
