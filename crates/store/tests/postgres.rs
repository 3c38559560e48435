//! Runs the shared store behaviour suite against the PostgreSQL backend, each
//! case in a fresh schema that is dropped afterwards, plus checks of what only
//! a server store has: reopening, hostile filter values, writers in several
//! processes, feeds, and agreement with the SQLite backend. The access store
//! suite runs the same way, with checks of the access schema beside an event
//! store's.
//!
//! The server comes from `SITREP_TEST_POSTGRES` (default
//! `host=127.0.0.1 port=5432 user=postgres dbname=postgres`); when it cannot
//! be reached the tests fail and say so.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use sitrep_store::{
    AccessStore, Aggregate, BBox, EventQuery, FEED_FAILING, FeedKind, FeedStore, FeedSuccess,
    Interval, Near, NewFeed, PgAccess, PgStore, Role, SqliteStore, Store, StoreError, testing,
};

const DEFAULT_URL: &str = "host=127.0.0.1 port=5432 user=postgres dbname=postgres";

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

fn url() -> String {
    std::env::var("SITREP_TEST_POSTGRES").unwrap_or_else(|_| DEFAULT_URL.to_owned())
}

fn admin_client() -> postgres::Client {
    let url = url();
    postgres::Client::connect(&url, postgres::NoTls).unwrap_or_else(|e| {
        panic!(
            "cannot reach PostgreSQL at {url:?}: {e}\n\
             The PostgreSQL backend tests need a server: start one (e.g. \
             `pg_ctlcluster 15 main start`, or `docker run -e POSTGRES_HOST_AUTH_METHOD=trust \
             -p 5432:5432 postgres:15`) or point SITREP_TEST_POSTGRES at one \
             (e.g. `host=db user=sitrep password=… dbname=sitrep`)."
        )
    })
}

/// A schema name no other test (or test process) uses; dropped with the value.
struct Schema {
    name: String,
}

impl Schema {
    /// Fails the test, saying how to get a server, when none answers.
    fn new() -> Self {
        drop(admin_client());
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "sitrep_test_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        Schema { name }
    }

    fn open(&self) -> PgStore {
        ok(PgStore::connect(&url(), &self.name))
    }

    fn open_access(&self) -> PgAccess {
        ok(PgAccess::connect(&url(), &self.name))
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        let dropped = postgres::Client::connect(&url(), postgres::NoTls).and_then(|mut c| {
            c.batch_execute(&format!("DROP SCHEMA IF EXISTS \"{}\" CASCADE", self.name))
        });
        if let Err(e) = dropped {
            eprintln!("could not drop test schema {}: {e}", self.name);
        }
    }
}

#[test]
fn postgres_backend_passes_the_store_suite() {
    testing::run_cases(testing::CASES, |case| {
        let schema = Schema::new();
        case(&schema.open());
    });
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| panic!("bad date"))
}

#[test]
fn reopening_keeps_data_and_does_not_rerun_migrations() {
    let schema = Schema::new();
    let event = testing::sample_event(7, day(2024, 3, 22), 55.82, 37.33, "RU");
    {
        let store = schema.open();
        ok(store.upsert_events(std::slice::from_ref(&event)));
    }
    let mut admin = admin_client();
    let migrations = |admin: &mut postgres::Client| -> Vec<(i32, DateTime<Utc>)> {
        ok(admin.query(
            &format!(
                "SELECT version, applied_at FROM \"{}\".schema_migrations ORDER BY version",
                schema.name
            ),
            &[],
        ))
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect()
    };
    let before = migrations(&mut admin);
    assert!(!before.is_empty());
    assert_eq!(
        before.iter().map(|m| m.0).collect::<Vec<_>>(),
        (1..=before.len() as i32).collect::<Vec<_>>()
    );
    let store = schema.open();
    assert_eq!(migrations(&mut admin), before, "migrations ran again");
    let page = ok(store.events(&EventQuery {
        countries: vec!["RU".into()],
        admin1: Some("region".into()),
        ..Default::default()
    }));
    assert_eq!(page.total, 1);
    assert_eq!(page.events[0].id, event.id);
    assert_eq!(ok(store.upsert_events(&[event])).unchanged, 1);
    assert_eq!(ok(store.stats()).events, 1);
}

#[test]
fn newer_schema_is_refused() {
    let schema = Schema::new();
    drop(schema.open());
    let mut admin = admin_client();
    ok(admin.execute(
        &format!(
            "INSERT INTO \"{}\".schema_migrations (version) VALUES (999)",
            schema.name
        ),
        &[],
    ));
    assert!(matches!(
        PgStore::connect(&url(), &schema.name),
        Err(StoreError::SchemaTooNew { found: 999, .. })
    ));
}

#[test]
fn bad_schema_names_are_refused_before_connecting() {
    for bad in ["", "Public", "x; DROP SCHEMA public", "a\"b", "9lives"] {
        assert!(
            matches!(
                PgStore::connect("host=unreachable.invalid", bad),
                Err(StoreError::InvalidQuery(_))
            ),
            "{bad:?}"
        );
    }
}

#[test]
fn sql_metacharacters_in_filters_are_harmless() {
    let schema = Schema::new();
    let store = schema.open();
    let mut e = testing::sample_event(1, day(2024, 1, 5), 34.53, 69.17, "AF");
    e.notes = "O'Brien said \"; DROP TABLE events; --\" \\ 100% _done_ & !not | (x):*".into();
    e.actors[0].name = "Robert'); DROP TABLE actors;--".into();
    ok(store.upsert_events(std::slice::from_ref(&e)));
    let count = |q: EventQuery| ok(store.events(&q)).total;
    for hostile in [
        "'; DROP TABLE events; --",
        "\" OR 1=1 --",
        "a & !b | (c:*)",
        "\\",
        "%_",
        "' || pg_sleep(5) || '",
        "$1",
        "",
        "!!!",
    ] {
        assert_eq!(
            count(EventQuery {
                actor: Some(hostile.into()),
                ..Default::default()
            }),
            0,
            "actor {hostile:?}"
        );
        let text = count(EventQuery {
            text: Some(hostile.into()),
            ..Default::default()
        });
        assert!(text <= 1, "text {hostile:?}");
        ok(store.aggregate(
            &EventQuery {
                text: Some(hostile.into()),
                actor: Some(hostile.into()),
                ..Default::default()
            },
            &Aggregate::Time(Interval::Day),
        ));
        assert!(ok(store.event(hostile)).is_none());
        assert!(ok(store.actor(hostile)).is_none());
    }
    // The hostile words are data: they are found as words.
    assert_eq!(
        count(EventQuery {
            text: Some("'; DROP TABLE events; --".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        count(EventQuery {
            actor: Some("robert'); drop table actors;--".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(ok(store.stats()).events, 1);
    assert_eq!(ok(store.stats()).actors, 1);
    let got = ok(store.event("test:1")).unwrap_or_else(|| panic!("event gone"));
    assert_eq!(got.notes, e.notes);
}

/// Two stores on one schema stand for two processes: importing the same
/// records at once stores each once.
#[test]
fn concurrent_writers_never_store_a_record_twice() {
    let schema = Schema::new();
    let stores = [schema.open(), schema.open()];
    let events: Vec<_> = (1..=40)
        .map(|n| testing::sample_event(n, day(2024, 2, 1 + n % 28), 10.0, f64::from(n), "ML"))
        .collect();
    let counts: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = stores
            .iter()
            .map(|store| {
                let events = &events;
                s.spawn(move || {
                    let mut total = sitrep_store::UpsertCounts::default();
                    for chunk in events.chunks(5) {
                        total += ok(store.upsert_events(chunk));
                    }
                    total
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| panic!("writer panicked")))
            .collect()
    });
    assert_eq!(counts.iter().map(|c| c.inserted).sum::<u64>(), 40);
    assert_eq!(counts.iter().map(|c| c.unchanged).sum::<u64>(), 40);
    assert_eq!(ok(stores[0].stats()).events, 40);
    assert_eq!(ok(stores[1].stats()).actors, 1);
}

/// The same events in both backends answer the same queries the same way.
#[test]
fn postgres_answers_like_sqlite() {
    let dir = ok(tempfile::tempdir());
    let sqlite = ok(SqliteStore::open(dir.path().join("sitrep.db")));
    let schema = Schema::new();
    let pg = schema.open();
    let mut events = Vec::new();
    for n in 1..=300u32 {
        // Spread over the world, including both sides of the antimeridian.
        let lat = -70.0 + f64::from((n * 37) % 140) + f64::from(n % 10) * 0.01;
        let mut lon = -179.95 + f64::from((n * 53) % 360) * 0.9997;
        let mut lat = lat;
        if n % 7 == 0 {
            (lat, lon) = (f64::from(n % 9) - 4.0, [179.9, -179.8][(n % 2) as usize]);
        }
        let mut e = testing::sample_event(
            n,
            day(2023 + (n % 2) as i32, 1 + n % 12, 1 + n % 28),
            lat,
            lon,
            ["NG", "RU", "AF", "FJ"][(n % 4) as usize],
        );
        if n % 3 == 0 {
            e.fatalities = None;
        }
        if n % 5 == 0 {
            e.event_type = sitrep_model::EventType::Protests;
            e.sub_event_type = Some(sitrep_model::SubEventType::PeacefulProtest);
            e.actors[0].name = format!("Group {}", n % 4);
        }
        e.location.admin1 = Some(["Borno", " borno", "Yobe", "Lagos"][(n % 4) as usize].into());
        e.notes = format!(
            "{} near the river {}",
            ["Shelling", "Raid"][(n % 2) as usize],
            n % 7
        );
        events.push(e);
    }
    ok(sqlite.upsert_events(&events));
    ok(pg.upsert_events(&events));
    let queries = vec![
        EventQuery::default(),
        EventQuery {
            bbox: Some(ok(BBox::parse("170,-30,-170,30"))),
            ..Default::default()
        },
        EventQuery {
            bbox: Some(ok(BBox::parse("-20,-10,40,60"))),
            countries: vec!["NG".into(), "RU".into()],
            ..Default::default()
        },
        EventQuery {
            near: Some(Near {
                lat: 0.0,
                lon: 179.9,
                km: 900.0,
            }),
            ..Default::default()
        },
        EventQuery {
            near: Some(ok(Near::parse("20,10,2500"))),
            min_fatalities: Some(2),
            ..Default::default()
        },
        EventQuery {
            from: Some(day(2023, 6, 1)),
            to: Some(day(2024, 2, 10)),
            event_types: vec![sitrep_model::EventType::Protests],
            ..Default::default()
        },
        EventQuery {
            admin1: Some("BORNO".into()),
            text: Some("river shelling".into()),
            ..Default::default()
        },
        EventQuery {
            actor: Some("group 2".into()),
            ..Default::default()
        },
        EventQuery {
            categories: vec![sitrep_model::Category::Terrorism],
            statuses: vec![sitrep_model::Status::Occurred],
            sub_event_types: vec![sitrep_model::SubEventType::Attack],
            ..Default::default()
        },
    ];
    for query in &queries {
        let ids = |store: &dyn Store| -> (u64, Vec<String>) {
            let mut q = EventQuery {
                limit: 17,
                ..query.clone()
            };
            let mut ids = Vec::new();
            loop {
                let page = ok(store.events(&q));
                ids.extend(page.events.into_iter().map(|e| e.id.0));
                match page.next_cursor {
                    Some(c) => q.cursor = Some(c),
                    None => return (page.total, ids),
                }
            }
        };
        let (lite, post) = (ids(&sqlite), ids(&pg));
        assert_eq!(lite, post, "{query:?}");
        assert_eq!(lite.0 as usize, lite.1.len(), "{query:?}");
        assert!(lite.0 > 0, "the sample misses {query:?}");
        for aggregate in [
            Aggregate::Grid {
                zoom: 0,
                cells_per_tile: 1,
            },
            Aggregate::Grid {
                zoom: 3,
                cells_per_tile: 4,
            },
            Aggregate::Grid {
                zoom: 9,
                cells_per_tile: 64,
            },
            Aggregate::Time(Interval::Day),
            Aggregate::Time(Interval::Week),
            Aggregate::Time(Interval::Month),
        ] {
            let a = ok(sqlite.aggregate(query, &aggregate));
            let b = ok(pg.aggregate(query, &aggregate));
            assert_eq!(a.len(), b.len(), "{query:?} {aggregate:?}");
            for (a, b) in a.iter().zip(&b) {
                assert_eq!(
                    (a.events, a.fatalities, &a.time),
                    (b.events, b.fatalities, &b.time),
                    "{query:?} {aggregate:?}"
                );
                match (&a.cell, &b.cell) {
                    (Some(a), Some(b)) => {
                        assert_eq!((a.x, a.y, a.bbox), (b.x, b.y, b.bbox));
                        // SQLite averages single-precision positions.
                        assert!((a.lat - b.lat).abs() < 1e-4 && (a.lon - b.lon).abs() < 1e-4);
                    }
                    (None, None) => {}
                    other => panic!("cells differ: {other:?}"),
                }
            }
        }
    }
    assert_eq!(
        ok(sqlite.stats()),
        ok(pg.stats()),
        "stats differ between backends"
    );
}

fn new_feed(url: &str) -> NewFeed {
    NewFeed {
        url: url.into(),
        name: "GDACS".into(),
        kind: FeedKind::Rss,
        every_secs: 900,
    }
}

fn t(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 7, 8, 10, minute, 0)
        .single()
        .unwrap_or_else(|| panic!("bad time"))
}

#[test]
fn feeds_record_items_health_and_alerts() {
    let schema = Schema::new();
    let store = schema.open();
    let feed = ok(store.add_feed(&new_feed("https://www.gdacs.org/xml/rss.xml")));
    assert_eq!(feed.health.status(), "pending");
    assert!(matches!(
        store.add_feed(&new_feed("https://www.gdacs.org/xml/rss.xml")),
        Err(StoreError::InvalidQuery(_))
    ));
    assert!(matches!(
        store.add_feed(&new_feed("ftp://example.org/feed")),
        Err(StoreError::InvalidQuery(_))
    ));
    let item = |guid: &str| sitrep_store::SeenItem {
        guid: guid.into(),
        report_id: Some(format!("r{guid}")),
        point: Some((-20.25, 168.83)),
    };
    let first = FeedSuccess {
        at: t(0),
        etag: Some("\"v1\"".into()),
        last_modified: Some("Wed, 08 Jul 2026 10:00:00 GMT".into()),
        new_items: vec![item("a"), item("b")],
        ..FeedSuccess::default()
    };
    assert!(ok(store.record_feed_success(feed.id, &first)).is_empty());
    assert_eq!(
        ok(store.seen_items(feed.id, &["a".to_owned(), "c".to_owned()])),
        HashSet::from(["a".to_owned()])
    );
    let after = ok(store.feed(feed.id)).unwrap_or_else(|| panic!("feed gone"));
    assert_eq!(after.etag.as_deref(), Some("\"v1\""));
    assert_eq!(
        (after.health.items_total, after.health.items_new_last_poll),
        (2, 2)
    );
    assert_eq!(after.health.last_success, Some(t(0)));
    // A 304 keeps the validators; an item already seen is not counted again.
    ok(store.record_feed_success(
        feed.id,
        &FeedSuccess {
            at: t(15),
            not_modified: true,
            new_items: vec![item("a")],
            cursor: Some("cursor-1".into()),
            ..FeedSuccess::default()
        },
    ));
    let after = ok(store.feed(feed.id)).unwrap_or_else(|| panic!("feed gone"));
    assert_eq!(after.etag.as_deref(), Some("\"v1\""));
    assert_eq!(
        (after.health.items_total, after.health.items_new_last_poll),
        (2, 0)
    );
    assert_eq!(after.cursor.as_deref(), Some("cursor-1"));
    assert!(matches!(
        store.record_feed_success(999_999, &first),
        Err(StoreError::InvalidQuery(_))
    ));

    for n in 1..=2u32 {
        let f = ok(store.record_feed_failure(feed.id, t(20 + n), "HTTP status 500", 3));
        assert_eq!(f.consecutive_failures, n);
        assert!(f.raised.is_none());
    }
    let third = ok(store.record_feed_failure(feed.id, t(23), &"x".repeat(5000), 3));
    let alert = third.raised.unwrap_or_else(|| panic!("no alert"));
    assert_eq!(alert.kind, FEED_FAILING);
    assert!(
        alert.message.contains("failed 3 polls"),
        "{}",
        alert.message
    );
    assert!(
        ok(store.record_feed_failure(feed.id, t(24), "timed out", 3))
            .raised
            .is_none()
    );
    assert_eq!(ok(store.admin_alerts(true)), vec![alert.clone()]);
    let failing = ok(store.feed(feed.id)).unwrap_or_else(|| panic!("feed gone"));
    assert_eq!(failing.health.status(), "failing");
    assert_eq!(failing.health.last_error.as_deref(), Some("timed out"));
    let cleared = ok(store.record_feed_success(
        feed.id,
        &FeedSuccess {
            at: t(30),
            ..FeedSuccess::default()
        },
    ));
    assert_eq!(cleared.len(), 1);
    assert_eq!(cleared[0].cleared_at, Some(t(30)));
    assert!(ok(store.admin_alerts(true)).is_empty());
    assert_eq!(ok(store.admin_alerts(false)), cleared);

    for n in 0..3 {
        ok(store.record_feed_failure(feed.id, t(40 + n), "down", 3));
    }
    assert_eq!(ok(store.admin_alerts(true)).len(), 1);
    assert!(ok(store.remove_feed(feed.id)));
    assert!(!ok(store.remove_feed(feed.id)));
    assert!(ok(store.admin_alerts(true)).is_empty());
    assert!(ok(store.feeds()).is_empty());
}

/// PostgreSQL text cannot hold NUL: such characters are stored as U+FFFD,
/// and the record re-imported is unchanged.
#[test]
fn nul_characters_are_replaced_not_fatal() {
    let schema = Schema::new();
    let store = schema.open();
    let mut e = testing::sample_event(1, day(2024, 1, 5), 34.53, 69.17, "AF");
    e.notes = "before\0after".into();
    e.actors[0].name = "Nul\0Actor".into();
    let good = testing::sample_event(2, day(2024, 1, 5), 34.53, 69.17, "AF");
    assert_eq!(ok(store.upsert_events(&[e.clone(), good])).inserted, 2);
    let got = ok(store.event("test:1")).unwrap_or_else(|| panic!("event missing"));
    assert_eq!(got.notes, "before\u{fffd}after");
    assert_eq!(got.actors[0].name, "Nul\u{fffd}Actor");
    assert_eq!(ok(store.upsert_events(&[e])).unchanged, 1);
    let failure = ok(store.add_feed(&new_feed("https://example.org/nul")));
    let f = ok(store.record_feed_failure(failure.id, t(1), "bad\0body", 1));
    assert!(
        f.raised
            .is_some_and(|a| a.message.contains("bad\u{fffd}body"))
    );
}

#[test]
fn postgres_access_passes_the_access_suite() {
    testing::run_cases(testing::ACCESS_CASES, |case| {
        let schema = Schema::new();
        case(&schema.open_access());
    });
}

/// The tables of `schema`, by name.
fn tables(admin: &mut postgres::Client, schema: &str) -> Vec<String> {
    ok(admin.query(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = $1 ORDER BY 1",
        &[&schema],
    ))
    .iter()
    .map(|r| r.get(0))
    .collect()
}

fn versions(admin: &mut postgres::Client, schema: &str, table: &str) -> Vec<(i32, DateTime<Utc>)> {
    ok(admin.query(
        &format!("SELECT version, applied_at FROM \"{schema}\".{table} ORDER BY version"),
        &[],
    ))
    .iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect()
}

/// An access store and an event store in two schemas of one database each
/// keep to their own.
#[test]
fn access_and_event_store_in_different_schemas_do_not_interfere() {
    let (store_schema, access_schema) = (Schema::new(), Schema::new());
    let store = store_schema.open();
    let access = access_schema.open_access();
    let event = testing::sample_event(3, day(2024, 5, 1), 9.05, 7.49, "NG");
    ok(store.upsert_events(std::slice::from_ref(&event)));
    ok(access.add_organisation("acme", "Acme"));
    let issued = ok(access.issue_key(&testing::new_key("acme", Role::Admin, "ops")));
    // Opening each again, the other way round, changes nothing.
    let access_again = access_schema.open_access();
    let store_again = store_schema.open();
    let mut admin = admin_client();
    let in_store = tables(&mut admin, &store_schema.name);
    let in_access = tables(&mut admin, &access_schema.name);
    assert_eq!(
        in_access,
        ["access_migrations", "api_keys", "organisations"]
    );
    assert!(in_store.contains(&"events".to_owned()), "{in_store:?}");
    for t in &in_access {
        assert!(!in_store.contains(t), "{t} in the event store's schema");
    }
    assert_eq!(
        versions(&mut admin, &store_schema.name, "schema_migrations")
            .iter()
            .map(|v| v.0)
            .collect::<Vec<_>>(),
        (1..=versions(&mut admin, &store_schema.name, "schema_migrations").len() as i32)
            .collect::<Vec<_>>()
    );
    assert_eq!(
        versions(&mut admin, &access_schema.name, "access_migrations")
            .iter()
            .map(|v| v.0)
            .collect::<Vec<_>>(),
        [1, 2]
    );
    assert_eq!(ok(store_again.stats()).events, 1);
    assert_eq!(
        ok(store_again.event(&event.id.0)).map(|e| e.id),
        Some(event.id)
    );
    let who = ok(access_again.authenticate(&issued.token, Utc::now()));
    assert_eq!(who.map(|p| p.org), Some("acme".to_owned()));
    // An access store opened on the event store's schema starts empty: the
    // keys live where they were put.
    let beside = store_schema.open_access();
    assert!(ok(beside.organisations()).is_empty());
    assert_eq!(ok(beside.authenticate(&issued.token, Utc::now())), None);
    assert_eq!(ok(store.stats()).events, 1);
}

#[test]
fn reopening_access_keeps_keys_and_does_not_rerun_migrations() {
    let schema = Schema::new();
    let now = Utc::now();
    let issued = {
        let access = schema.open_access();
        ok(access.add_organisation("acme", "Acme"));
        let issued = ok(access.issue_key(&testing::new_key("acme", Role::Analyst, "ops")));
        ok(access.authenticate(&issued.token, now));
        issued
    };
    let mut admin = admin_client();
    let before = versions(&mut admin, &schema.name, "access_migrations");
    assert_eq!(before.iter().map(|v| v.0).collect::<Vec<_>>(), [1, 2]);
    let access = schema.open_access();
    assert_eq!(
        versions(&mut admin, &schema.name, "access_migrations"),
        before,
        "migrations ran again"
    );
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
    let who = ok(access.authenticate(&issued.token, Utc::now()));
    assert_eq!(
        who.map(|p| (p.key_id, p.role)),
        Some((issued.key.id, Role::Analyst))
    );
    // New keys after reopening get new ids.
    let next = ok(access.issue_key(&testing::new_key("acme", Role::Viewer, "ci")));
    assert!(next.key.id > issued.key.id);
}

#[test]
fn access_rows_hold_hashes_not_tokens() {
    let schema = Schema::new();
    let access = schema.open_access();
    ok(access.add_organisation("acme", "Acme"));
    let issued = ok(access.issue_key(&testing::new_key("acme", Role::Admin, "ops")));
    let mut admin = admin_client();
    let rows: Vec<String> = ok(admin.query(
        &format!(
            "SELECT k::text FROM \"{0}\".api_keys k UNION ALL \
             SELECT o::text FROM \"{0}\".organisations o",
            schema.name
        ),
        &[],
    ))
    .iter()
    .map(|r| r.get(0))
    .collect();
    assert_eq!(rows.len(), 2);
    let hidden = &issued.token[issued.key.prefix.len()..];
    for row in &rows {
        assert!(!row.contains(hidden), "token stored: {row}");
        assert!(!row.contains(&hidden[..16]), "token part stored: {row}");
    }
}

#[test]
fn newer_access_schema_is_refused() {
    let schema = Schema::new();
    drop(schema.open_access());
    let mut admin = admin_client();
    ok(admin.execute(
        &format!(
            "INSERT INTO \"{}\".access_migrations (version) VALUES (999)",
            schema.name
        ),
        &[],
    ));
    assert!(matches!(
        PgAccess::connect(&url(), &schema.name),
        Err(StoreError::SchemaTooNew { found: 999, .. })
    ));
}

#[test]
fn bad_access_schema_names_are_refused_before_connecting() {
    for bad in ["", "Public", "x; DROP SCHEMA public", "a\"b", "9lives"] {
        assert!(
            matches!(
                PgAccess::connect("host=unreachable.invalid", bad),
                Err(StoreError::InvalidQuery(_))
            ),
            "{bad:?}"
        );
    }
}

/// Processes opening one new schema at once — access stores and an event
/// store — each migrate it once, without racing to create it.
#[test]
fn concurrent_opens_migrate_once() {
    let schema = Schema::new();
    std::thread::scope(|s| {
        let accesses: Vec<_> = (0..4).map(|_| s.spawn(|| schema.open_access())).collect();
        let stores: Vec<_> = (0..2).map(|_| s.spawn(|| schema.open())).collect();
        for h in accesses {
            drop(h.join().unwrap_or_else(|_| panic!("access open panicked")));
        }
        for h in stores {
            drop(h.join().unwrap_or_else(|_| panic!("store open panicked")));
        }
    });
    let mut admin = admin_client();
    assert_eq!(
        versions(&mut admin, &schema.name, "access_migrations")
            .iter()
            .map(|v| v.0)
            .collect::<Vec<_>>(),
        [1, 2]
    );
}

#[test]
fn a_dropped_schema_takes_the_store_with_it() {
    let schema = Schema::new();
    let store = schema.open();
    ok(store.upsert_events(&[testing::sample_event(
        1,
        chrono::NaiveDate::from_ymd_opt(2024, 3, 22).unwrap_or_default(),
        55.82,
        37.33,
        "RU",
    )]));
    drop(store);
    assert!(ok(PgStore::drop_schema(&url(), &schema.name)));
    assert!(!ok(PgStore::drop_schema(&url(), &schema.name)));
    // Opened again, it is a new, empty store.
    assert_eq!(ok(schema.open().stats()).events, 0);
    for bad in ["", "Bad", "x; DROP TABLE y", "a\"b"] {
        assert!(PgStore::drop_schema(&url(), bad).is_err(), "{bad}");
    }
}
