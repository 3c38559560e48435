//! Runs the shared store behaviour suite against the SQLite backend.

use sitrep_store::{SqliteStore, Store, testing};

#[test]
fn sqlite_backend_passes_the_store_suite() {
    let mut failures = Vec::new();
    for (name, case) in testing::CASES {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let store =
            SqliteStore::open(dir.path().join("sitrep.db")).unwrap_or_else(|e| panic!("{e}"));
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| case(&store as &dyn Store)));
        if let Err(panic) = outcome {
            let msg = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            failures.push(format!("{name}: {msg}"));
        }
    }
    assert!(
        failures.is_empty(),
        "failed cases:\n{}",
        failures.join("\n")
    );
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
