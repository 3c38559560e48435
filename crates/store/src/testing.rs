//! The behaviour every [`Store`] backend must show, as plain functions over a
//! fresh store. Each backend's test file runs [`CASES`] against itself, so the
//! SQLite and PostgreSQL backends are held to one suite; [`ACCESS_CASES`] does
//! the same for the [`AccessStore`] backends.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use sitrep_model::{
    ActorKind, ActorRole, Category, DatePrecision, Event, EventActor, EventDate, EventId,
    EventType, Location, LocationPrecision, Source, Status, SubEventType,
};

use crate::access::{AccessStore, ApiKey, NewKey, Role, TOKEN_PREFIX, is_token_shaped, token_hash};
use crate::overrides::{NewOverride, OverrideAction};
use crate::query::{Aggregate, BBox, EventQuery, Interval, Near};
use crate::reports::NewReport;
use crate::{Store, StoreError};

/// A named check of a backend `T` (a store, an access store).
pub type Named<T> = (&'static str, fn(&T));

/// Runs every case of a suite on a fresh backend: `with_fresh` makes one
/// (a store in a new file or schema), hands it to the case and cleans up.
/// A failing case does not stop the others; the test fails at the end
/// naming every failed case and its message.
pub fn run_cases<T: ?Sized>(cases: &[Named<T>], with_fresh: impl Fn(&mut dyn FnMut(&T))) {
    let mut failures = Vec::new();
    for (name, case) in cases {
        let mut outcome = Ok(());
        with_fresh(&mut |backend| {
            outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| case(backend)));
        });
        if let Err(panic) = outcome {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            failures.push(format!("{name}: {message}"));
        }
    }
    assert!(
        failures.is_empty(),
        "failed cases:\n{}",
        failures.join("\n")
    );
}

/// One behaviour check, run on a fresh, empty store.
pub type Case = fn(&dyn Store);

/// Named behaviour checks.
pub const CASES: &[(&str, Case)] = &[
    (
        "same_incident_from_two_sources_is_one_event",
        same_incident_from_two_sources_is_one_event,
    ),
    (
        "unrelated_or_same_source_records_stay_apart",
        unrelated_or_same_source_records_stay_apart,
    ),
    (
        "insert_then_reimport_is_unchanged",
        insert_then_reimport_is_unchanged,
    ),
    (
        "recoded_record_updates_and_keeps_history",
        recoded_record_updates_and_keeps_history,
    ),
    (
        "event_round_trips_every_field",
        event_round_trips_every_field,
    ),
    ("same_actor_name_is_one_actor", same_actor_name_is_one_actor),
    (
        "filters_select_the_right_events",
        filters_select_the_right_events,
    ),
    (
        "admin1_filter_matches_the_region_however_spelt",
        admin1_filter_matches_the_region_however_spelt,
    ),
    (
        "cursor_pages_cover_everything_once",
        cursor_pages_cover_everything_once,
    ),
    ("aggregates_count_and_sum", aggregates_count_and_sum),
    ("failed_batch_writes_nothing", failed_batch_writes_nothing),
    (
        "text_search_ignores_diacritics",
        text_search_ignores_diacritics,
    ),
    (
        "a_record_twice_in_one_batch_is_one_event",
        a_record_twice_in_one_batch_is_one_event,
    ),
    (
        "search_follows_recoded_events",
        search_follows_recoded_events,
    ),
    (
        "override_wins_until_it_expires_and_is_audited",
        override_wins_until_it_expires_and_is_audited,
    ),
    (
        "invalid_overrides_are_refused",
        invalid_overrides_are_refused,
    ),
    (
        "report_round_trips_and_restoring_is_unchanged",
        report_round_trips_and_restoring_is_unchanged,
    ),
    (
        "changes_since_follows_inserts_recodes_and_merges",
        changes_since_follows_inserts_recodes_and_merges,
    ),
    (
        "change_pages_cover_everything_once",
        change_pages_cover_everything_once,
    ),
];

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| panic!("bad date {y}-{m}-{d}"))
}

/// A test event from dataset `test` with record id `n`.
pub fn sample_event(n: u32, date: NaiveDate, lat: f64, lon: f64, country: &str) -> Event {
    let t = Utc
        .with_ymd_and_hms(2024, 4, 1, 12, 0, 0)
        .single()
        .unwrap_or_default();
    Event {
        id: EventId::for_source("test", &n.to_string()),
        event_type: EventType::ViolenceAgainstCivilians,
        sub_event_type: Some(SubEventType::Attack),
        status: Status::Occurred,
        date: EventDate::day(date),
        location: Location {
            name: format!("Place {n}"),
            country: Some(country.to_owned()),
            admin1: Some("Region".into()),
            admin2: None,
            lat,
            lon,
            precision: LocationPrecision::City,
        },
        fatalities: Some(n % 7),
        injuries: None,
        actors: vec![EventActor {
            actor_id: None,
            name: "Islamic State Khorasan Province".into(),
            kind: ActorKind::Rebel,
            role: ActorRole::Perpetrator,
            claimed: true,
        }],
        notes: format!("Gunmen attacked a concert hall, event number {n}."),
        tags: vec!["target:civilians".into()],
        sources: vec![Source {
            dataset: "test".into(),
            record_id: n.to_string(),
            url: Some(format!("https://example.org/{n}")),
            name: Some("Example Wire".into()),
            retrieved_at: t,
        }],
        first_seen: t,
        updated: t,
    }
}

fn insert_then_reimport_is_unchanged(store: &dyn Store) {
    let events: Vec<Event> = (1..=50)
        .map(|n| sample_event(n, day(2024, 1, 1 + n % 28), 10.0, 20.0, "RU"))
        .collect();
    let first = ok(store.upsert_events(&events));
    assert_eq!((first.inserted, first.updated, first.unchanged), (50, 0, 0));
    let again = ok(store.upsert_events(&events));
    assert_eq!((again.inserted, again.updated, again.unchanged), (0, 0, 50));
    assert_eq!(ok(store.stats()).events, 50);
}

fn a_record_twice_in_one_batch_is_one_event(store: &dyn Store) {
    // A batch may hold a record and, later, its re-coded version (a dataset
    // file with a correction appended): one event, the later values.
    let first = sample_event(1, day(2024, 3, 22), 55.82, 37.33, "RU");
    let mut recoded = first.clone();
    recoded.fatalities = Some(145);
    let other = sample_event(2, day(2024, 3, 23), 50.0, 30.0, "UA");
    let counts = ok(store.upsert_events(&[first.clone(), other, recoded.clone(), first.clone()]));
    assert_eq!(
        (counts.inserted, counts.updated, counts.unchanged),
        (2, 2, 0),
        "{counts:?}"
    );
    assert_eq!(ok(store.stats()).events, 2);
    let stored = ok(store.event(&first.id.0)).unwrap_or_else(|| panic!("event missing"));
    assert_eq!(stored.fatalities, first.fatalities);
    assert_eq!(ok(store.history(&first.id.0)).len(), 3);
    // The same batch again: the first copy updates the stored last one.
    let again = ok(store.upsert_events(&[recoded.clone()]));
    assert_eq!((again.updated, again.unchanged), (1, 0), "{again:?}");
    assert_eq!(
        ok(store.event(&first.id.0))
            .unwrap_or_else(|| panic!("event missing"))
            .fatalities,
        Some(145)
    );
}

fn recoded_record_updates_and_keeps_history(store: &dyn Store) {
    let original = sample_event(1, day(2024, 3, 22), 55.82, 37.33, "RU");
    ok(store.upsert_events(std::slice::from_ref(&original)));
    let mut recoded = original.clone();
    recoded.fatalities = Some(145);
    let counts = ok(store.upsert_events(&[recoded]));
    assert_eq!(counts.updated, 1);
    let stored = ok(store.event("test:1")).unwrap_or_else(|| panic!("event missing"));
    assert_eq!(stored.fatalities, Some(145));
    assert!(stored.updated >= stored.first_seen);
    let history = ok(store.history("test:1"));
    assert_eq!(history.len(), 2, "{history:?}");
    assert!(history[0].changes.is_empty());
    assert_eq!(history[1].source, "test:1");
    let change = &history[1].changes;
    assert_eq!(change.len(), 1, "{change:?}");
    assert_eq!(change[0].field, "fatalities");
    assert_eq!(change[0].old, "1");
    assert_eq!(change[0].new, "145");
}

fn event_round_trips_every_field(store: &dyn Store) {
    let mut e = sample_event(3, day(2024, 1, 3), 30.28, 57.08, "IR");
    e.sub_event_type = None;
    e.event_type = EventType::ExplosionsRemoteViolence;
    e.status = Status::Foiled;
    e.date = EventDate {
        start: day(2024, 1, 1),
        precision: DatePrecision::Month,
        end: Some(day(2024, 1, 31)),
    };
    e.location.admin2 = Some("Kerman County".into());
    e.location.precision = LocationPrecision::Point;
    e.fatalities = None;
    e.injuries = Some(284);
    e.tags = vec!["suicide".into(), "weapon:explosives".into()];
    e.notes = "Twin bombings \"near\" a memorial; ünïcödé\ttab\nnewline".into();
    e.actors.push(EventActor {
        actor_id: None,
        name: "Civilians (Iran)".into(),
        kind: ActorKind::Civilians,
        role: ActorRole::Target,
        claimed: false,
    });
    ok(store.upsert_events(std::slice::from_ref(&e)));
    let got = ok(store.event("test:3")).unwrap_or_else(|| panic!("event missing"));
    assert!(got.actors.iter().all(|a| a.actor_id.is_some()));
    let mut expected = e.clone();
    for (a, b) in expected.actors.iter_mut().zip(&got.actors) {
        a.actor_id = b.actor_id;
    }
    expected.first_seen = got.first_seen;
    expected.updated = got.updated;
    assert_eq!(got, expected);
    assert_eq!(got.category(), Category::Terrorism);
    assert!(ok(store.event("test:404")).is_none());
}

fn same_actor_name_is_one_actor(store: &dyn Store) {
    let mut a = sample_event(1, day(2024, 1, 1), 0.0, 0.0, "AF");
    let mut b = sample_event(2, day(2024, 1, 2), 0.0, 0.0, "AF");
    b.actors[0].name = "  islamic state   KHORASAN Province ".into();
    a.actors[0].name = "Islamic State Khorasan Province".into();
    ok(store.upsert_events(&[a, b]));
    let ea = ok(store.event("test:1")).unwrap_or_else(|| panic!("missing"));
    let eb = ok(store.event("test:2")).unwrap_or_else(|| panic!("missing"));
    assert_eq!(ea.actors[0].actor_id, eb.actors[0].actor_id);
    let actor =
        ok(store.actor("ISLAMIC STATE KHORASAN PROVINCE")).unwrap_or_else(|| panic!("no actor"));
    assert_eq!(actor.name, "Islamic State Khorasan Province");
    assert_eq!(ok(store.stats()).actors, 1);
}

fn filters_select_the_right_events(store: &dyn Store) {
    let mut events = vec![
        sample_event(1, day(2024, 3, 22), 55.82, 37.33, "RU"), // Krasnogorsk
        sample_event(2, day(2024, 1, 3), 30.28, 57.08, "IR"),  // Kerman
        sample_event(3, day(2022, 7, 31), 34.53, 69.17, "AF"), // Kabul
        sample_event(4, day(2024, 3, 23), 55.75, 37.62, "RU"), // Moscow
    ];
    events[1].event_type = EventType::ExplosionsRemoteViolence;
    events[1].sub_event_type = Some(SubEventType::SuicideBomb);
    events[1].fatalities = Some(96);
    events[2].event_type = EventType::ExplosionsRemoteViolence;
    events[2].sub_event_type = Some(SubEventType::AirDroneStrike);
    events[2].actors[0].name = "Military Forces of the United States".into();
    events[2].actors[0].kind = ActorKind::External;
    events[2].notes = "A drone strike in Kabul killed Ayman al-Zawahiri.".into();
    events[3].event_type = EventType::Protests;
    events[3].sub_event_type = Some(SubEventType::PeacefulProtest);
    events[3].fatalities = None;
    events[3].actors.clear();
    ok(store.upsert_events(&events));

    let ids = |q: EventQuery| -> Vec<String> {
        ok(store.events(&q))
            .events
            .into_iter()
            .map(|e| e.id.0)
            .collect()
    };
    assert_eq!(
        ids(EventQuery::default()),
        ["test:4", "test:1", "test:2", "test:3"]
    );
    assert_eq!(
        ids(EventQuery {
            bbox: Some(ok(BBox::parse("37,55,38,56"))),
            ..Default::default()
        }),
        ["test:4", "test:1"]
    );
    assert_eq!(
        ids(EventQuery {
            near: Some(Near {
                lat: 55.82,
                lon: 37.33,
                km: 10.0
            }),
            ..Default::default()
        }),
        ["test:1"]
    );
    assert_eq!(
        ids(EventQuery {
            from: Some(day(2024, 1, 1)),
            to: Some(day(2024, 3, 22)),
            ..Default::default()
        }),
        ["test:1", "test:2"]
    );
    assert_eq!(
        ids(EventQuery {
            event_types: vec![EventType::ExplosionsRemoteViolence],
            ..Default::default()
        }),
        ["test:2", "test:3"]
    );
    assert_eq!(
        ids(EventQuery {
            sub_event_types: vec![SubEventType::SuicideBomb],
            ..Default::default()
        }),
        ["test:2"]
    );
    assert_eq!(
        ids(EventQuery {
            categories: vec![Category::Terrorism],
            ..Default::default()
        }),
        ["test:1", "test:2"]
    );
    assert_eq!(
        ids(EventQuery {
            countries: vec!["AF".into()],
            ..Default::default()
        }),
        ["test:3"]
    );
    assert_eq!(
        ids(EventQuery {
            actor: Some("military forces of the united states".into()),
            ..Default::default()
        }),
        ["test:3"]
    );
    assert_eq!(
        ids(EventQuery {
            text: Some("zawahiri drone".into()),
            ..Default::default()
        }),
        ["test:3"]
    );
    assert_eq!(
        ids(EventQuery {
            text: Some("zawahiri moscow".into()),
            ..Default::default()
        }),
        Vec::<String>::new()
    );
    // Unknown fatalities never satisfy a minimum, not even 0.
    assert_eq!(
        ids(EventQuery {
            min_fatalities: Some(0),
            countries: vec!["RU".into()],
            ..Default::default()
        }),
        ["test:1"]
    );
    assert_eq!(
        ids(EventQuery {
            min_fatalities: Some(50),
            ..Default::default()
        }),
        ["test:2"]
    );
    assert!(
        store
            .events(&EventQuery {
                limit: 0,
                ..Default::default()
            })
            .is_err()
    );
}

/// `admin1` selects the events of one region as the events spell it, ignoring
/// case and surrounding spaces; combined with other filters, counted by
/// aggregates, re-coded events move between regions, and events naming no
/// region never match.
fn admin1_filter_matches_the_region_however_spelt(store: &dyn Store) {
    let mut events: Vec<Event> = (1..=6)
        .map(|n| sample_event(n, day(2024, 2, n), 11.8 + f64::from(n) * 0.1, 13.1, "NG"))
        .collect();
    events[0].location.admin1 = Some("Borno".into());
    events[1].location.admin1 = Some("BORNO ".into());
    events[2].location.admin1 = Some("Yobe".into());
    events[3].location.admin1 = None;
    events[4].location.admin1 = Some("Borno".into());
    events[4].location.country = Some("CM".into());
    events[5].location.admin1 = Some("Borno".into());
    events[5].fatalities = Some(40);
    ok(store.upsert_events(&events));
    let ids = |q: EventQuery| -> Vec<String> {
        ok(store.events(&q))
            .events
            .into_iter()
            .map(|e| e.id.0)
            .collect()
    };
    let borno = |countries: &[&str]| EventQuery {
        admin1: Some("borno".into()),
        countries: countries.iter().map(|c| (*c).to_owned()).collect(),
        ..Default::default()
    };
    assert_eq!(ids(borno(&["NG"])), ["test:6", "test:2", "test:1"]);
    assert_eq!(ids(borno(&[])), ["test:6", "test:5", "test:2", "test:1"]);
    assert_eq!(
        ids(EventQuery {
            admin1: Some("  Yobe ".into()),
            ..Default::default()
        }),
        ["test:3"]
    );
    assert_eq!(
        ids(EventQuery {
            min_fatalities: Some(10),
            ..borno(&["NG"])
        }),
        ["test:6"]
    );
    assert_eq!(
        ids(EventQuery {
            admin1: Some("Region".into()),
            ..Default::default()
        }),
        Vec::<String>::new()
    );
    let counted = ok(store.aggregate(&borno(&["NG"]), &Aggregate::Time(Interval::Month)));
    assert_eq!(counted.iter().map(|b| b.events).sum::<u64>(), 3);
    // A re-coded event moves to its new region.
    events[2].location.admin1 = Some("Borno".into());
    ok(store.upsert_events(&events[2..3]));
    assert_eq!(
        ids(borno(&["NG"])),
        ["test:6", "test:3", "test:2", "test:1"]
    );
    assert!(
        store
            .events(&EventQuery {
                admin1: Some(" ".into()),
                ..Default::default()
            })
            .is_err()
    );
}

fn cursor_pages_cover_everything_once(store: &dyn Store) {
    let events: Vec<Event> = (1..=95)
        .map(|n| {
            sample_event(
                n,
                day(2024, 1 + n % 3, 1 + n % 5),
                f64::from(n) / 10.0,
                0.0,
                "NG",
            )
        })
        .collect();
    ok(store.upsert_events(&events));
    let mut seen = Vec::new();
    let mut query = EventQuery {
        limit: 10,
        ..Default::default()
    };
    loop {
        let page = ok(store.events(&query));
        assert_eq!(page.total, 95);
        seen.extend(page.events.iter().map(|e| (e.date.start, e.id.0.clone())));
        match page.next_cursor {
            Some(c) => query.cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(seen.len(), 95);
    let mut dedup = seen.clone();
    dedup.sort();
    dedup.dedup();
    assert_eq!(dedup.len(), 95, "a page repeated an event");
    assert!(
        seen.windows(2).all(|w| w[0].0 >= w[1].0),
        "not newest first"
    );
}

fn aggregates_count_and_sum(store: &dyn Store) {
    let mut events = vec![
        sample_event(1, day(2024, 3, 22), 55.82, 37.33, "RU"),
        sample_event(2, day(2024, 3, 23), 55.75, 37.62, "RU"),
        sample_event(3, day(2024, 1, 3), 30.28, 57.08, "IR"),
    ];
    events[0].fatalities = Some(145);
    events[1].fatalities = None;
    events[2].fatalities = Some(96);
    ok(store.upsert_events(&events));
    let cells = ok(store.aggregate(
        &EventQuery::default(),
        &Aggregate::Grid {
            zoom: 3,
            cells_per_tile: 1,
        },
    ));
    assert_eq!(cells.len(), 2, "{cells:?}");
    let moscow = cells
        .iter()
        .find(|c| c.events == 2)
        .unwrap_or_else(|| panic!("no Moscow cell in {cells:?}"));
    assert_eq!(moscow.fatalities, 145);
    let cell = moscow.cell.as_ref().unwrap_or_else(|| panic!("no cell"));
    assert!((cell.lat - 55.785).abs() < 0.01 && cell.bbox.contains(cell.lat, cell.lon));
    let months = ok(store.aggregate(&EventQuery::default(), &Aggregate::Time(Interval::Month)));
    let got: Vec<(String, u64, u64)> = months
        .iter()
        .map(|b| {
            (
                b.time
                    .as_ref()
                    .map(|t| t.start.to_string())
                    .unwrap_or_default(),
                b.events,
                b.fatalities,
            )
        })
        .collect();
    assert_eq!(
        got,
        [("2024-01-01".into(), 1, 96), ("2024-03-01".into(), 2, 145)]
    );
    let weeks = ok(store.aggregate(
        &EventQuery {
            countries: vec!["RU".into()],
            ..Default::default()
        },
        &Aggregate::Time(Interval::Week),
    ));
    // 22 March 2024 was a Friday, 23 a Saturday: one ISO week starting Monday 18 March.
    assert_eq!(weeks.len(), 1);
    assert_eq!(
        weeks[0].time.as_ref().map(|t| t.start),
        Some(day(2024, 3, 18))
    );
}

fn failed_batch_writes_nothing(store: &dyn Store) {
    let good = sample_event(1, day(2024, 1, 1), 0.0, 0.0, "ML");
    let mut bad = sample_event(2, day(2024, 1, 1), 0.0, 0.0, "ML");
    bad.location.lat = 123.0;
    bad.actors[0].name = "A brand new actor".into();
    assert!(store.upsert_events(&[good.clone(), bad]).is_err());
    assert_eq!(ok(store.stats()).events, 0);
    assert!(ok(store.event("test:1")).is_none());
    assert!(ok(store.actor("Islamic State Khorasan Province")).is_none());
    assert_eq!(ok(store.upsert_events(&[good])).inserted, 1);
}

fn search_follows_recoded_events(store: &dyn Store) {
    let mut e = sample_event(1, day(2024, 1, 5), 34.53, 69.17, "AF");
    e.notes = "Rockets were fired across the border.".into();
    ok(store.upsert_events(std::slice::from_ref(&e)));
    let find = |words: &str| {
        ok(store.events(&EventQuery {
            text: Some(words.into()),
            ..Default::default()
        }))
        .total
    };
    let by_actor = |name: &str| {
        ok(store.events(&EventQuery {
            actor: Some(name.into()),
            ..Default::default()
        }))
        .total
    };
    assert_eq!(find("rockets border"), 1);
    assert_eq!(by_actor("Islamic State Khorasan Province"), 1);
    // Re-coded: new notes, new perpetrator. The old words and actor no longer match.
    e.notes = "A drone strike hit a compound.".into();
    e.actors[0].name = "Taliban".into();
    ok(store.upsert_events(std::slice::from_ref(&e)));
    assert_eq!(find("rockets"), 0);
    assert_eq!(find("drone compound"), 1);
    assert_eq!(by_actor("Islamic State Khorasan Province"), 0);
    assert_eq!(by_actor("taliban"), 1);
    // New events after a search are found too.
    ok(store.upsert_events(&[sample_event(2, day(2024, 1, 6), 0.0, 0.0, "AF")]));
    assert_eq!(find("concert hall"), 1);
}

fn text_search_ignores_diacritics(store: &dyn Store) {
    let mut e = sample_event(1, day(2024, 5, 2), 15.9, 2.4, "ML");
    e.notes = "Gunmen attacked a market near Ménaka, killing four.".into();
    ok(store.upsert_events(&[e]));
    for text in ["Ménaka", "menaka", "MENAKA"] {
        let q = EventQuery {
            text: Some(text.into()),
            ..EventQuery::default()
        };
        assert_eq!(ok(store.events(&q)).total, 1, "{text}");
    }
}
fn override_wins_until_it_expires_and_is_audited(store: &dyn Store) {
    assert!(ok(store.overrides()).is_empty());
    let new = NewOverride {
        area: "NG/Borno".into(),
        category: Some(Category::Terrorism),
        level: 5,
        reason: "Credible reporting of an imminent campaign".into(),
        author: "a.analyst".into(),
        expires: Some(day(2024, 7, 1)),
    };
    let created = ok(store.add_override(&new));
    assert!(created.id > 0);
    assert_eq!(
        (created.area.as_str(), created.category, created.level),
        ("NG/Borno", Some(Category::Terrorism), 5)
    );
    let overall = ok(store.add_override(&NewOverride {
        area: "UA".into(),
        category: None,
        level: 4,
        expires: None,
        ..new.clone()
    }));
    let listed = ok(store.overrides());
    assert_eq!(listed, vec![created.clone(), overall.clone()]);
    // Active until (not on) its expiry day.
    assert!(listed[0].is_active_on(day(2024, 6, 30)));
    assert!(!listed[0].is_active_on(day(2024, 7, 1)));
    assert!(listed[1].is_active_on(day(2099, 1, 1)));

    // Expiring early ends it from that day on.
    let expired = ok(store.expire_override(created.id, "b.lead", day(2024, 6, 1)))
        .unwrap_or_else(|| panic!("override {} missing", created.id));
    assert_eq!(expired.expires, Some(day(2024, 6, 1)));
    assert!(expired.is_active_on(day(2024, 5, 31)));
    assert!(!expired.is_active_on(day(2024, 6, 1)));
    assert_eq!(ok(store.overrides())[0], expired);
    assert!(ok(store.expire_override(9_999, "b.lead", day(2024, 6, 1))).is_none());

    assert!(ok(store.delete_override(overall.id, "b.lead")));
    assert!(!ok(store.delete_override(overall.id, "b.lead")));
    assert_eq!(ok(store.overrides()), vec![expired]);

    // The log has every change with who did it, in order; a deleted
    // override's lines stay.
    let log = ok(store.override_audit(None));
    let lines: Vec<(i64, OverrideAction, &str)> = log
        .iter()
        .map(|l| (l.override_id, l.action, l.by.as_str()))
        .collect();
    assert_eq!(
        lines,
        vec![
            (created.id, OverrideAction::Create, "a.analyst"),
            (overall.id, OverrideAction::Create, "a.analyst"),
            (created.id, OverrideAction::Expire, "b.lead"),
            (overall.id, OverrideAction::Delete, "b.lead"),
        ]
    );
    assert!(
        log[0].detail.contains("imminent campaign"),
        "{}",
        log[0].detail
    );
    assert!(log[2].detail.contains("2024-06-01"), "{}", log[2].detail);
    assert!(log.windows(2).all(|w| w[0].at <= w[1].at));
    assert_eq!(ok(store.override_audit(Some(created.id))).len(), 2);

    // The deleted override was the newest; the next one does not take its id,
    // so its audit lines stay its own.
    let next = ok(store.add_override(&new));
    assert!(next.id > overall.id, "{} reuses {}", next.id, overall.id);
    assert_eq!(ok(store.override_audit(Some(next.id))).len(), 1);
    assert_eq!(ok(store.override_audit(Some(overall.id))).len(), 2);
}

fn invalid_overrides_are_refused(store: &dyn Store) {
    let good = NewOverride {
        area: "NG".into(),
        category: None,
        level: 3,
        reason: "why".into(),
        author: "me".into(),
        expires: None,
    };
    for bad in [
        NewOverride {
            level: 0,
            ..good.clone()
        },
        NewOverride {
            level: 6,
            ..good.clone()
        },
        NewOverride {
            reason: "  ".into(),
            ..good.clone()
        },
        NewOverride {
            author: String::new(),
            ..good.clone()
        },
    ] {
        assert!(
            matches!(
                store.add_override(&bad),
                Err(crate::StoreError::InvalidQuery(_))
            ),
            "{bad:?}"
        );
    }
    assert!(ok(store.overrides()).is_empty());
    assert!(ok(store.override_audit(None)).is_empty());
}

/// An event of report `report`, the `n`th it gave.
fn report_event(report: &str, n: u32) -> Event {
    let mut e = sample_event(n, day(2024, 3, 22), 55.82, 37.33, "RU");
    let record_id = format!("{report}#{n}");
    e.id = EventId::for_source("report", &record_id);
    e.sources[0].dataset = "report".into();
    e.sources[0].record_id = record_id;
    e.tags = vec!["extracted".into()];
    e
}

fn report_round_trips_and_restoring_is_unchanged(store: &dyn Store) {
    let t = Utc
        .with_ymd_and_hms(2024, 4, 15, 9, 30, 0)
        .single()
        .unwrap_or_default();
    let report = NewReport {
        id: "abc123".into(),
        title: Some("Beyond Borders".into()),
        published: Some(day(2024, 4, 15)),
        url: Some("https://example.org/beyond-borders".into()),
        text: "Gunmen attacked Crocus City Hall in Krasnogorsk.".into(),
        retrieved_at: t,
        submitted_by: Some("ops analyst (key 7)".into()),
    };
    let events = vec![report_event("abc123", 0), report_event("abc123", 1)];
    let first = ok(store.put_report(&report, &events));
    assert!(first.report_inserted);
    assert_eq!(first.events.inserted, 2);

    let stored = ok(store.report("abc123")).unwrap_or_else(|| panic!("report not stored"));
    assert_eq!(stored.title, report.title);
    assert_eq!(stored.published, report.published);
    assert_eq!(stored.url, report.url);
    assert_eq!(stored.text, report.text);
    assert_eq!(stored.retrieved_at, t);
    assert_eq!(stored.submitted_by.as_deref(), Some("ops analyst (key 7)"));
    let ids: Vec<EventId> = events.iter().map(|e| e.id.clone()).collect();
    assert_eq!(stored.events, ids);
    assert!(ok(store.event(&ids[1].0)).is_some());

    let back = ok(store.reports_of_event(&ids[0].0));
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].id, "abc123");
    assert!(ok(store.reports_of_event("test:nothing")).is_empty());
    assert!(ok(store.report("nope")).is_none());

    // The same report again, read later by someone else: nothing changes,
    // the first retrieval time and submitter stay.
    let later = NewReport {
        retrieved_at: t + chrono::Duration::days(1),
        submitted_by: Some("cli:someone".into()),
        ..report.clone()
    };
    let again = ok(store.put_report(&later, &events));
    assert!(!again.report_inserted);
    assert_eq!(
        (
            again.events.inserted,
            again.events.updated,
            again.events.unchanged
        ),
        (0, 0, 2)
    );
    let listed = ok(store.reports(10));
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].retrieved_at, t);
    assert_eq!(
        listed[0].submitted_by.as_deref(),
        Some("ops analyst (key 7)")
    );
    assert_eq!(listed[0].events, ids);
    assert_eq!(ok(store.stats()).events, 2);

    // A second report lists first; a bad id is refused before anything is written.
    let other = NewReport {
        id: "def456".into(),
        ..report.clone()
    };
    ok(store.put_report(&other, &[report_event("def456", 0)]));
    let listed = ok(store.reports(1));
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, "def456");
    let bad = NewReport {
        id: "has space".into(),
        ..report
    };
    assert!(store.put_report(&bad, &[]).is_err());
    assert_eq!(ok(store.reports(10)).len(), 2);
}

/// `sample_event` `n` re-sourced as record `record_id` of `dataset`, placed
/// `km_east` of Kabul on `date`, with `fatalities`.
fn sourced(
    n: u32,
    dataset: &str,
    record_id: &str,
    km_east: f64,
    date: NaiveDate,
    fatalities: Option<u32>,
) -> Event {
    let mut e = sample_event(n, date, 34.5553, 69.2075 + km_east / 91.7, "AF");
    e.id = EventId::for_source(dataset, record_id);
    e.sources[0].dataset = dataset.to_owned();
    e.sources[0].record_id = record_id.to_owned();
    e.event_type = EventType::ExplosionsRemoteViolence;
    e.sub_event_type = Some(SubEventType::SuicideBomb);
    e.fatalities = fatalities;
    e
}

fn same_incident_from_two_sources_is_one_event(store: &dyn Store) {
    let (d, next) = (day(2024, 3, 22), day(2024, 3, 23));
    let acled = sourced(1, "acled", "AFG1", 0.0, d, Some(137));
    ok(store.upsert_events(std::slice::from_ref(&acled)));
    // A report a day later, 3 km away, with a higher toll: the same incident.
    let report = sourced(2, "report", "r1#0", 3.0, next, Some(145));
    let counts = ok(store.upsert_events(std::slice::from_ref(&report)));
    assert_eq!((counts.inserted, counts.merged), (0, 1));
    assert_eq!(ok(store.stats()).events, 1);
    let merged = ok(store.event(&acled.id.0)).unwrap_or_else(|| panic!("merged event missing"));
    assert_eq!(merged.sources.len(), 2);
    // One source each: the curated dataset's count is shown, the other kept.
    assert_eq!(merged.fatalities, Some(137));
    let provenance = ok(store.provenance(&acled.id.0));
    let fatalities = provenance
        .iter()
        .find(|p| p.field == "fatalities")
        .unwrap_or_else(|| panic!("no fatalities provenance: {provenance:?}"));
    assert_eq!(fatalities.shown, "137");
    assert_eq!(fatalities.sources, vec!["acled:AFG1".to_owned()]);
    assert_eq!(
        fatalities.alternatives,
        vec![("145".to_owned(), vec!["report:r1#0".to_owned()])]
    );
    // The report's own id finds the merged event.
    let by_report = ok(store.event(&report.id.0)).map(|e| e.id);
    assert_eq!(by_report, Some(acled.id.clone()));
    // A second report agreeing with the first: 145 is now the best supported.
    let second = sourced(3, "report", "r2#0", 1.0, d, Some(145));
    assert_eq!(
        ok(store.upsert_events(std::slice::from_ref(&second))).merged,
        1
    );
    let merged = ok(store.event(&acled.id.0)).unwrap_or_else(|| panic!("merged event missing"));
    assert_eq!((merged.fatalities, merged.sources.len()), (Some(145), 3));
    // Re-importing every source changes nothing.
    let again = ok(store.upsert_events(&[acled.clone(), report, second]));
    assert_eq!(
        (again.inserted, again.merged, again.updated, again.unchanged),
        (0, 0, 0, 3)
    );
    // The dataset re-codes its record: its claim is replaced (an update) and
    // the shown values decided again (150 vs 145 × 2: 145 still wins).
    let mut recoded = acled.clone();
    recoded.fatalities = Some(150);
    let counts = ok(store.upsert_events(std::slice::from_ref(&recoded)));
    assert_eq!(counts.updated, 1);
    let provenance = ok(store.provenance(&acled.id.0));
    let fatalities = provenance.iter().find(|p| p.field == "fatalities");
    assert_eq!(fatalities.map(|p| p.shown.as_str()), Some("145"));
    assert!(
        fatalities.is_some_and(
            |p| p.alternatives == vec![("150".to_owned(), vec!["acled:AFG1".to_owned()])]
        ),
        "{provenance:?}"
    );
    assert!(ok(store.history(&acled.id.0)).len() >= 3);
}

fn unrelated_or_same_source_records_stay_apart(store: &dyn Store) {
    let d = day(2024, 3, 22);
    let first = sourced(1, "acled", "AFG1", 0.0, d, Some(3));
    // Same dataset, same place and day: ACLED coded two events.
    let twin = sourced(2, "acled", "AFG2", 0.0, d, Some(3));
    ok(store.upsert_events(&[first, twin]));
    let far = sourced(3, "report", "r1#0", 40.0, d, Some(3));
    let late = sourced(4, "report", "r1#1", 0.0, day(2024, 3, 26), Some(3));
    let mut foiled = sourced(5, "report", "r1#2", 0.0, d, None);
    foiled.status = Status::Foiled;
    foiled.event_type = EventType::StrategicDevelopments;
    foiled.sub_event_type = None;
    let toll = sourced(6, "report", "r1#3", 0.0, d, Some(60));
    let counts = ok(store.upsert_events(&[far, late, foiled, toll]));
    assert_eq!((counts.inserted, counts.merged), (4, 0));
    assert_eq!(ok(store.stats()).events, 6);
}

/// Every change after `after`, paging `limit` at a time: the ids in order
/// and the final watermark.
fn all_changes(store: &dyn Store, after: u64, limit: usize) -> (Vec<Event>, u64) {
    let (mut events, mut at) = (Vec::new(), after);
    loop {
        let page = ok(store.changes_since(at, limit));
        assert!(page.events.len() <= limit);
        assert!(page.watermark >= at, "watermark went back");
        events.extend(page.events);
        at = page.watermark;
        if !page.more {
            return (events, at);
        }
    }
}

fn ids(events: &[Event]) -> Vec<String> {
    events.iter().map(|e| e.id.0.clone()).collect()
}

fn changes_since_follows_inserts_recodes_and_merges(store: &dyn Store) {
    assert_eq!(ok(store.watermark()), 0);
    assert!(ok(store.changes_since(0, 10)).events.is_empty());
    assert!(store.changes_since(0, 0).is_err());
    // Insert: every new event appears, in write order, as `event()` gives it.
    let first: Vec<Event> = (1..=3)
        .map(|n| sample_event(n, day(2024, 1, n), 10.0, 20.0 + f64::from(n), "RU"))
        .collect();
    ok(store.upsert_events(&first));
    let w1 = ok(store.watermark());
    assert!(w1 > 0);
    let page = ok(store.changes_since(0, 100));
    assert_eq!(ids(&page.events), ids(&first));
    assert_eq!((page.watermark, page.more), (w1, false));
    for e in &page.events {
        assert_eq!(Some(e), ok(store.event(&e.id.0)).as_ref());
        assert_eq!(e.actors.len(), 1, "actors are read back");
        assert_eq!(e.sources.len(), 1, "sources are read back");
    }
    // Re-importing unchanged records writes nothing.
    ok(store.upsert_events(&first));
    assert_eq!(ok(store.watermark()), w1);
    let page = ok(store.changes_since(w1, 100));
    assert!(page.events.is_empty());
    assert_eq!((page.watermark, page.more), (w1, false));
    // A re-code reappears once, with the new values.
    let mut recoded = first[1].clone();
    recoded.fatalities = Some(40);
    recoded.location.country = Some("UA".into());
    ok(store.upsert_events(std::slice::from_ref(&recoded)));
    ok(store.upsert_events(std::slice::from_ref(&recoded)));
    let w2 = ok(store.watermark());
    assert!(w2 > w1);
    let page = ok(store.changes_since(w1, 100));
    assert_eq!(ids(&page.events), vec![recoded.id.0.clone()]);
    assert_eq!(page.events[0].fatalities, Some(40));
    assert_eq!(page.events[0].location.country.as_deref(), Some("UA"));
    assert_eq!(page.watermark, w2);
    // From the start, every event still appears once, the re-coded one last.
    let (all, _) = all_changes(store, 0, 100);
    assert_eq!(
        ids(&all),
        vec![
            first[0].id.0.clone(),
            first[2].id.0.clone(),
            recoded.id.0.clone()
        ]
    );
    // A second source merged into an event: it reappears with both sources.
    let d = day(2024, 3, 22);
    ok(store.upsert_events(&[sourced(10, "acled", "AFG1", 0.0, d, Some(12))]));
    let w3 = ok(store.watermark());
    let report = sourced(11, "report", "r1#0", 2.0, d, Some(15));
    assert_eq!(
        ok(store.upsert_events(std::slice::from_ref(&report))).merged,
        1
    );
    let page = ok(store.changes_since(w3, 100));
    assert_eq!(ids(&page.events), vec!["acled:AFG1".to_owned()]);
    assert_eq!(page.events[0].sources.len(), 2);
    assert_eq!(page.watermark, ok(store.watermark()));
    // Through a report too: its events appear.
    let w4 = ok(store.watermark());
    let write = ok(store.put_report(
        &NewReport {
            id: "changesreport".into(),
            title: None,
            published: None,
            url: None,
            text: "text".into(),
            retrieved_at: Utc::now(),
            submitted_by: None,
        },
        &[report_event("changesreport", 0)],
    ));
    assert_eq!(write.events.inserted, 1);
    assert_eq!(ok(store.changes_since(w4, 100)).events.len(), 1);
}

fn change_pages_cover_everything_once(store: &dyn Store) {
    let events: Vec<Event> = (1..=57)
        .map(|n| {
            sample_event(
                n,
                day(2024, 2, 1 + n % 28),
                5.0,
                5.0 + f64::from(n) / 10.0,
                "ML",
            )
        })
        .collect();
    for chunk in events.chunks(10) {
        ok(store.upsert_events(chunk));
    }
    // Re-code every fifth event: it moves to the end, once.
    let recoded: Vec<Event> = events
        .iter()
        .step_by(5)
        .map(|e| {
            let mut e = e.clone();
            e.fatalities = Some(99);
            e
        })
        .collect();
    ok(store.upsert_events(&recoded));
    let want: Vec<String> = events
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 5 != 0)
        .map(|(_, e)| e.id.0.clone())
        .chain(recoded.iter().map(|e| e.id.0.clone()))
        .collect();
    for limit in [1, 7, 10, 57, 1000] {
        let (got, watermark) = all_changes(store, 0, limit);
        assert_eq!(ids(&got), want, "limit {limit}");
        assert_eq!(watermark, ok(store.watermark()), "limit {limit}");
    }
    // From a watermark in the middle: only the later writes.
    let page = ok(store.changes_since(0, 30));
    assert!(page.more);
    let (rest, _) = all_changes(store, page.watermark, 9);
    assert_eq!(ids(&rest), want[30..].to_vec());
}

/// One access store behaviour check, run on a fresh, empty access store.
pub type AccessCase = fn(&dyn AccessStore);

/// Named access store behaviour checks.
pub const ACCESS_CASES: &[(&str, AccessCase)] = &[
    (
        "organisations_are_created_listed_and_found",
        organisations_are_created_listed_and_found,
    ),
    (
        "taken_or_invalid_slugs_are_refused",
        taken_or_invalid_slugs_are_refused,
    ),
    (
        "issued_key_authenticates_to_its_org_role_and_label",
        issued_key_authenticates_to_its_org_role_and_label,
    ),
    ("tokens_are_shown_only_once", tokens_are_shown_only_once),
    (
        "wrong_or_malformed_tokens_are_refused",
        wrong_or_malformed_tokens_are_refused,
    ),
    ("revoked_keys_are_refused", revoked_keys_are_refused),
    (
        "expired_keys_are_refused_until_then_accepted",
        expired_keys_are_refused_until_then_accepted,
    ),
    (
        "authenticating_records_last_use",
        authenticating_records_last_use,
    ),
    (
        "keys_are_listed_per_organisation_newest_first",
        keys_are_listed_per_organisation_newest_first,
    ),
    (
        "keys_need_a_label_and_an_existing_organisation",
        keys_need_a_label_and_an_existing_organisation,
    ),
    (
        "active_keys_count_unrevoked_unexpired",
        active_keys_count_unrevoked_unexpired,
    ),
    (
        "organisations_keys_never_cross",
        organisations_keys_never_cross,
    ),
    (
        "hostile_text_is_stored_as_text",
        hostile_text_is_stored_as_text,
    ),
    (
        "removing_an_organisation_removes_its_keys",
        removing_an_organisation_removes_its_keys,
    ),
];

fn removing_an_organisation_removes_its_keys(access: &dyn AccessStore) {
    ok(access.add_organisation("default", "Default"));
    ok(access.add_organisation("acme", "Acme"));
    ok(access.add_organisation("beta", "Beta"));
    let gone = ok(access.issue_key(&new_key("acme", Role::Admin, "a")));
    let kept = ok(access.issue_key(&new_key("beta", Role::Admin, "b")));
    assert!(ok(access.remove_organisation("acme")));
    assert!(!ok(access.remove_organisation("acme")));
    assert!(ok(access.organisation("acme")).is_none());
    let now = access_now();
    assert_eq!(ok(access.authenticate(&gone.token, now)), None);
    assert!(ok(access.keys(Some("acme"))).is_empty());
    assert!(ok(access.authenticate(&kept.token, now)).is_some());
    assert_eq!(ok(access.active_keys(now)), 1);
    assert_invalid(
        access.remove_organisation("default"),
        "default",
        "removing the default",
    );
    assert!(ok(access.organisation("default")).is_some());
    // The slug can be used again, with no key of the old one.
    ok(access.add_organisation("acme", "Acme again"));
    assert!(ok(access.keys(Some("acme"))).is_empty());
}

/// An instant both backends store exactly (whole milliseconds).
fn access_now() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now)
}

/// A key to issue, for tests: no expiry, issued by "suite".
pub fn new_key(org: &str, role: Role, label: &str) -> NewKey {
    NewKey {
        org: org.into(),
        role,
        label: label.into(),
        expires: None,
        issued_by: "suite".into(),
    }
}

fn assert_invalid<T: std::fmt::Debug>(r: Result<T, StoreError>, says: &str, what: &str) {
    match r {
        Err(StoreError::InvalidQuery(m)) => assert!(m.contains(says), "{what}: {m:?}"),
        other => panic!("{what}: want InvalidQuery saying {says:?}, got {other:?}"),
    }
}

fn organisations_are_created_listed_and_found(access: &dyn AccessStore) {
    assert!(ok(access.organisations()).is_empty());
    assert_eq!(ok(access.organisation("acme")), None);
    let before = Utc::now() - Duration::seconds(1);
    let acme = ok(access.add_organisation("acme", "  Acme Relief  "));
    assert_eq!(
        (acme.slug.as_str(), acme.name.as_str()),
        ("acme", "Acme Relief")
    );
    assert!(acme.created >= before && acme.created <= Utc::now() + Duration::seconds(1));
    // A blank name falls back to the slug.
    let ngo = ok(access.add_organisation("ngo_1", " "));
    assert_eq!(ngo.name, "ngo_1");
    let news = ok(access.add_organisation("a_news", "News"));
    assert_eq!(ok(access.organisations()), vec![news, acme.clone(), ngo]);
    assert_eq!(ok(access.organisation("acme")), Some(acme));
    assert_eq!(ok(access.organisation("ACME")), None);
    assert_eq!(ok(access.organisation("nobody")), None);
}

fn taken_or_invalid_slugs_are_refused(access: &dyn AccessStore) {
    let acme = ok(access.add_organisation("acme", "Acme"));
    assert_invalid(
        access.add_organisation("acme", "Impostor"),
        "already exists",
        "taken slug",
    );
    assert_eq!(ok(access.organisation("acme")), Some(acme));
    let long = "a".repeat(33);
    for bad in [
        "",
        "Acme",
        "1org",
        "ngo-1",
        "_x",
        "../x",
        "a b",
        "x;drop",
        "é",
        long.as_str(),
    ] {
        assert_invalid(access.add_organisation(bad, "Bad"), "slug", bad);
    }
    assert_eq!(ok(access.organisations()).len(), 1);
}

fn issued_key_authenticates_to_its_org_role_and_label(access: &dyn AccessStore) {
    ok(access.add_organisation("acme", "Acme"));
    let now = access_now();
    for role in Role::ALL {
        let label = format!("  {role} laptop ");
        let issued = ok(access.issue_key(&new_key("acme", role, &label)));
        assert!(is_token_shaped(&issued.token), "{}", issued.token);
        assert_eq!(issued.key.org, "acme");
        assert_eq!(issued.key.role, role);
        assert_eq!(issued.key.label, label.trim());
        assert_eq!(
            (issued.key.expires, issued.key.last_used, issued.key.revoked),
            (None, None, None)
        );
        assert!(issued.key.is_active_at(now));
        let who = ok(access.authenticate(&issued.token, now))
            .unwrap_or_else(|| panic!("{role} key refused"));
        assert_eq!(who.key_id, issued.key.id);
        assert_eq!(who.org, "acme");
        assert_eq!(who.role, role);
        assert_eq!(who.label, label.trim());
        // Again: a key is not used up.
        assert_eq!(ok(access.authenticate(&issued.token, now)), Some(who));
    }
    let keys = ok(access.keys(None));
    assert_eq!(keys.len(), 3);
    let mut ids: Vec<i64> = keys.iter().map(|k| k.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 3, "key ids must differ");
}

fn tokens_are_shown_only_once(access: &dyn AccessStore) {
    ok(access.add_organisation("acme", "Acme"));
    let issued = ok(access.issue_key(&new_key("acme", Role::Admin, "ops")));
    let other = ok(access.issue_key(&new_key("acme", Role::Viewer, "ci")));
    assert_ne!(issued.token, other.token);
    let token = &issued.token;
    let key = &issued.key;
    // The prefix recognises the token without giving it away.
    assert!(token.starts_with(&key.prefix), "{} / {token}", key.prefix);
    assert!(key.prefix.starts_with(TOKEN_PREFIX));
    assert!(
        key.prefix.len() - TOKEN_PREFIX.len() <= 8 && key.prefix.len() * 4 <= token.len(),
        "prefix {:?} shows too much",
        key.prefix
    );
    // Lists show the key as issued, without the token.
    let listed = ok(access.keys(Some("acme")));
    assert!(listed.contains(key), "{listed:?}");
    let hidden = &token[key.prefix.len()..];
    let everything = format!(
        "{:?}{:?}{:?}",
        listed,
        ok(access.keys(None)),
        ok(access.organisations())
    );
    for part in [hidden, &hidden[..16], &hidden[hidden.len() - 16..]] {
        assert!(!everything.contains(part), "token part {part} is readable");
    }
    // The token is not its own hash's preimage under another name: the hash
    // with a token's prefix is refused.
    let hash_as_token = format!("{TOKEN_PREFIX}{}", token_hash(token));
    assert!(is_token_shaped(&hash_as_token));
    assert_eq!(ok(access.authenticate(&hash_as_token, access_now())), None);
    assert!(ok(access.authenticate(token, access_now())).is_some());
}

fn wrong_or_malformed_tokens_are_refused(access: &dyn AccessStore) {
    ok(access.add_organisation("acme", "Acme"));
    let issued = ok(access.issue_key(&new_key("acme", Role::Admin, "ops")));
    let token = issued.token.as_str();
    let now = access_now();
    let hex = &token[TOKEN_PREFIX.len()..];
    let mut changed = Vec::new();
    // One character changed, at the start, middle and end of the random part.
    for at in [TOKEN_PREFIX.len(), TOKEN_PREFIX.len() + 30, token.len() - 1] {
        let c = token.as_bytes()[at];
        let swapped = if c == b'0' { '1' } else { '0' };
        let mut t = token.to_owned();
        t.replace_range(at..=at, &swapped.to_string());
        changed.push(t);
    }
    let unknown = format!("{TOKEN_PREFIX}{}", "ab".repeat(32));
    let long = format!("{token}0");
    let short = &token[..token.len() - 1];
    let upper = format!("{TOKEN_PREFIX}{}", hex.to_ascii_uppercase());
    let other_prefix = format!("sitrop_{hex}");
    let padded = format!(" {token}");
    let newline = format!("{token}\n");
    let bearer = format!("Bearer {token}");
    let nul = format!("{short}\0");
    let mut wrong: Vec<&str> = vec![
        "",
        " ",
        TOKEN_PREFIX,
        hex,
        &unknown,
        &long,
        short,
        &upper,
        &other_prefix,
        &padded,
        &newline,
        &bearer,
        &nul,
        &issued.key.prefix,
        "' OR '1'='1",
        "sitrep_' OR 1=1 --",
        "'; DROP TABLE api_keys; --",
        "\"; DELETE FROM organisations; --",
        "sitrep_%",
        "%",
        "_",
        "*",
        "\\",
        "sitrep_ä",
    ];
    wrong.extend(changed.iter().map(String::as_str));
    for w in &wrong {
        assert_eq!(ok(access.authenticate(w, now)), None, "{w:?} accepted");
    }
    // Nothing was recorded as a use, and the real token still works.
    assert_eq!(ok(access.keys(None))[0].last_used, None);
    assert!(ok(access.authenticate(token, now)).is_some());
    assert_eq!(ok(access.organisations()).len(), 1);
    assert_eq!(ok(access.keys(None)).len(), 1);
}

fn revoked_keys_are_refused(access: &dyn AccessStore) {
    ok(access.add_organisation("acme", "Acme"));
    let gone = ok(access.issue_key(&new_key("acme", Role::Admin, "stolen laptop")));
    let kept = ok(access.issue_key(&new_key("acme", Role::Admin, "desk")));
    let now = access_now();
    assert!(ok(access.authenticate(&gone.token, now)).is_some());
    let before = Utc::now() - Duration::seconds(1);
    assert!(ok(access.revoke_key(gone.key.id, "suite admin")));
    assert_eq!(ok(access.authenticate(&gone.token, now)), None);
    assert_eq!(
        ok(access.authenticate(&gone.token, now + Duration::days(1))),
        None
    );
    assert!(
        !ok(access.revoke_key(gone.key.id, "suite admin")),
        "revoked twice"
    );
    assert!(!ok(
        access.revoke_key(gone.key.id + kept.key.id + 1000, "suite admin")
    ));
    assert!(!ok(access.revoke_key(-1, "suite admin")));
    // The revoked key is still listed, with when it was revoked and by whom
    // (the first revocation's author, not a later attempt's); the other key
    // is untouched.
    let keys = ok(access.keys(Some("acme")));
    let revoked = keys.iter().find(|k| k.id == gone.key.id);
    assert_eq!(
        revoked.map(|k| (k.issued_by.as_str(), k.revoked_by.as_deref())),
        Some(("suite", Some("suite admin")))
    );
    assert_eq!(
        keys.iter()
            .find(|k| k.id == kept.key.id)
            .map(|k| k.revoked_by.clone()),
        Some(None)
    );
    let listed = |id: i64| {
        keys.iter()
            .find(|k| k.id == id)
            .unwrap_or_else(|| panic!("key {id} not listed"))
    };
    let revoked = listed(gone.key.id).revoked;
    assert!(
        revoked.is_some_and(|r| r >= before && r <= Utc::now() + Duration::seconds(1)),
        "{revoked:?}"
    );
    assert!(!listed(gone.key.id).is_active_at(now));
    assert_eq!(listed(kept.key.id).revoked, None);
    assert!(ok(access.authenticate(&kept.token, now)).is_some());
}

fn expired_keys_are_refused_until_then_accepted(access: &dyn AccessStore) {
    ok(access.add_organisation("acme", "Acme"));
    let now = access_now();
    let expires = |d: Duration| NewKey {
        expires: Some(now + d),
        issued_by: "suite".into(),
        ..new_key("acme", Role::Analyst, "temporary")
    };
    let past = ok(access.issue_key(&expires(-Duration::hours(1))));
    let future = ok(access.issue_key(&expires(Duration::hours(1))));
    assert_eq!(future.key.expires, Some(now + Duration::hours(1)));
    assert_eq!(ok(access.authenticate(&past.token, now)), None);
    assert_eq!(
        ok(access.authenticate(&past.token, now - Duration::hours(2))).map(|p| p.key_id),
        Some(past.key.id),
        "accepted before it expired"
    );
    assert_eq!(
        ok(access.authenticate(&future.token, now)).map(|p| p.key_id),
        Some(future.key.id)
    );
    // The instant it expires, and after, it is refused.
    let at = now + Duration::hours(1);
    assert_eq!(
        ok(access.authenticate(&future.token, at - Duration::milliseconds(1))).map(|p| p.key_id),
        Some(future.key.id)
    );
    assert_eq!(ok(access.authenticate(&future.token, at)), None);
    assert_eq!(
        ok(access.authenticate(&future.token, at + Duration::days(1))),
        None
    );
    listed_as_issued(&ok(access.keys(None)), &future.key);
    listed_as_issued(&ok(access.keys(None)), &past.key);
}

/// The listed key with `issued`'s id, checked to equal it in every field
/// but `last_used` (which authenticating moves on).
fn listed_as_issued(listed: &[ApiKey], issued: &ApiKey) -> ApiKey {
    let got = listed
        .iter()
        .find(|k| k.id == issued.id)
        .unwrap_or_else(|| panic!("key {} not listed", issued.id));
    let want = ApiKey {
        last_used: got.last_used,
        ..issued.clone()
    };
    assert_eq!(got, &want);
    got.clone()
}

fn authenticating_records_last_use(access: &dyn AccessStore) {
    ok(access.add_organisation("acme", "Acme"));
    let used = ok(access.issue_key(&new_key("acme", Role::Viewer, "dashboard")));
    let idle = ok(access.issue_key(&new_key("acme", Role::Viewer, "spare")));
    let last_used = |id: i64| {
        ok(access.keys(None))
            .into_iter()
            .find(|k| k.id == id)
            .unwrap_or_else(|| panic!("key {id} not listed"))
            .last_used
    };
    assert_eq!(last_used(used.key.id), None);
    let first = access_now();
    ok(access.authenticate(&used.token, first)).unwrap_or_else(|| panic!("refused"));
    assert_eq!(last_used(used.key.id), Some(first));
    let later = first + Duration::minutes(5);
    ok(access.authenticate(&used.token, later)).unwrap_or_else(|| panic!("refused"));
    assert_eq!(last_used(used.key.id), Some(later));
    // Uses within a minute of the last one recorded write nothing.
    ok(access.authenticate(&used.token, later + Duration::seconds(30)))
        .unwrap_or_else(|| panic!("refused"));
    assert_eq!(last_used(used.key.id), Some(later));
    assert_eq!(last_used(idle.key.id), None);
    // A refused attempt is not a use.
    ok(access.revoke_key(used.key.id, "suite admin"));
    assert_eq!(
        ok(access.authenticate(&used.token, later + Duration::minutes(5))),
        None
    );
    assert_eq!(last_used(used.key.id), Some(later));
}

fn keys_are_listed_per_organisation_newest_first(access: &dyn AccessStore) {
    assert!(ok(access.keys(None)).is_empty());
    ok(access.add_organisation("acme", "Acme"));
    ok(access.add_organisation("beta", "Beta"));
    let a1 = ok(access.issue_key(&new_key("acme", Role::Admin, "a1")));
    let b1 = ok(access.issue_key(&new_key("beta", Role::Admin, "b1")));
    let a2 = ok(access.issue_key(&new_key("acme", Role::Viewer, "a2")));
    ok(access.revoke_key(a1.key.id, "suite admin"));
    let labels = |org: Option<&str>| -> Vec<String> {
        ok(access.keys(org)).into_iter().map(|k| k.label).collect()
    };
    assert_eq!(labels(Some("acme")), ["a2", "a1"]);
    assert_eq!(labels(Some("beta")), ["b1"]);
    assert_eq!(labels(None), ["a2", "b1", "a1"]);
    assert!(labels(Some("gamma")).is_empty());
    assert!(labels(Some("ACME")).is_empty());
    assert!(labels(Some("' OR '1'='1")).is_empty());
    assert!(labels(Some("")).is_empty());
    for k in ok(access.keys(Some("acme"))) {
        assert_eq!(k.org, "acme");
    }
    let listed = ok(access.keys(None));
    listed_as_issued(&listed, &a2.key);
    listed_as_issued(&listed, &b1.key);
}

fn keys_need_a_label_and_an_existing_organisation(access: &dyn AccessStore) {
    ok(access.add_organisation("acme", "Acme"));
    assert_invalid(
        access.issue_key(&new_key("nobody", Role::Admin, "ops")),
        "nobody",
        "unknown organisation",
    );
    for label in ["", "   ", "\t\n"] {
        assert_invalid(
            access.issue_key(&new_key("acme", Role::Admin, label)),
            "label",
            &format!("label {label:?}"),
        );
    }
    let anonymous = NewKey {
        issued_by: " ".into(),
        ..new_key("acme", Role::Admin, "ops")
    };
    assert_invalid(access.issue_key(&anonymous), "who issues", "no issuer");
    for org in ["", "ACME", "../acme", "acme'; --"] {
        assert!(
            matches!(
                access.issue_key(&new_key(org, Role::Admin, "ops")),
                Err(StoreError::InvalidQuery(_))
            ),
            "organisation {org:?}"
        );
    }
    assert!(ok(access.keys(None)).is_empty());
    assert_eq!(ok(access.active_keys(access_now())), 0);
    // Creating the organisation afterwards does not bring refused keys back.
    ok(access.add_organisation("nobody", "Nobody"));
    assert!(ok(access.keys(None)).is_empty());
}

fn active_keys_count_unrevoked_unexpired(access: &dyn AccessStore) {
    let now = access_now();
    assert_eq!(ok(access.active_keys(now)), 0);
    ok(access.add_organisation("acme", "Acme"));
    ok(access.add_organisation("beta", "Beta"));
    let issue = |org: &str, expires: Option<DateTime<Utc>>| {
        ok(access.issue_key(&NewKey {
            expires,
            issued_by: "suite".into(),
            ..new_key(org, Role::Admin, "k")
        }))
    };
    let forever = issue("acme", None);
    let _day = issue("beta", Some(now + Duration::days(1)));
    let _expired = issue("acme", Some(now - Duration::seconds(1)));
    let revoked = issue("beta", None);
    assert_eq!(ok(access.active_keys(now)), 4 - 1);
    ok(access.revoke_key(revoked.key.id, "suite admin"));
    assert_eq!(ok(access.active_keys(now)), 2);
    assert_eq!(ok(access.active_keys(now + Duration::days(2))), 1);
    assert_eq!(ok(access.active_keys(now - Duration::days(1))), 3);
    ok(access.revoke_key(forever.key.id, "suite admin"));
    assert_eq!(ok(access.active_keys(now)), 1);
    assert_eq!(ok(access.active_keys(now + Duration::days(2))), 0);
    // Counting is not authenticating: nothing is recorded as used.
    assert!(ok(access.keys(None)).iter().all(|k| k.last_used.is_none()));
}

fn organisations_keys_never_cross(access: &dyn AccessStore) {
    ok(access.add_organisation("acme", "Acme"));
    ok(access.add_organisation("beta", "Beta"));
    let now = access_now();
    let mut issued = Vec::new();
    for org in ["acme", "beta"] {
        for role in Role::ALL {
            issued.push(ok(access.issue_key(&new_key(
                org,
                role,
                &format!("{org} {role}"),
            ))));
        }
    }
    for key in &issued {
        let who = ok(access.authenticate(&key.token, now))
            .unwrap_or_else(|| panic!("{} refused", key.key.label));
        assert_eq!(
            (who.key_id, who.org.as_str(), who.role, who.label.as_str()),
            (
                key.key.id,
                key.key.org.as_str(),
                key.key.role,
                key.key.label.as_str()
            )
        );
    }
    // Revoking one organisation's admin key leaves the other's alone.
    let (acme_admin, beta_admin) = (&issued[2], &issued[5]);
    assert_eq!(
        (acme_admin.key.role, beta_admin.key.role),
        (Role::Admin, Role::Admin)
    );
    ok(access.revoke_key(acme_admin.key.id, "suite admin"));
    assert_eq!(ok(access.authenticate(&acme_admin.token, now)), None);
    assert_eq!(
        ok(access.authenticate(&beta_admin.token, now)).map(|p| p.org),
        Some("beta".to_owned())
    );
    assert_eq!(ok(access.keys(Some("acme"))).len(), 3);
    assert_eq!(ok(access.keys(Some("beta"))).len(), 3);
}

fn hostile_text_is_stored_as_text(access: &dyn AccessStore) {
    let name = "Acme'); DROP TABLE api_keys; -- \"x\" \\ % _ ☃";
    let acme = ok(access.add_organisation("acme", name));
    assert_eq!(acme.name, name);
    let label = "robert'); DELETE FROM organisations; --";
    let issued = ok(access.issue_key(&new_key("acme", Role::Analyst, label)));
    assert_eq!(issued.key.label, label);
    let who =
        ok(access.authenticate(&issued.token, access_now())).unwrap_or_else(|| panic!("refused"));
    assert_eq!(who.label, label);
    assert_eq!(
        ok(access.organisation("acme")).map(|o| o.name),
        Some(name.to_owned())
    );
    for slug in ["acme' OR '1'='1", "%", "_", "acme%", "acm_"] {
        assert_eq!(ok(access.organisation(slug)), None, "{slug}");
    }
    // A NUL (which PostgreSQL text cannot hold) is not fatal; the key is
    // listed and authenticates as it was issued.
    let nul = ok(access.issue_key(&new_key("acme", Role::Viewer, "before\0after")));
    assert!(nul.key.label.starts_with("before") && nul.key.label.ends_with("after"));
    let who =
        ok(access.authenticate(&nul.token, access_now())).unwrap_or_else(|| panic!("refused"));
    assert_eq!(who.label, nul.key.label);
    listed_as_issued(&ok(access.keys(Some("acme"))), &nul.key);
    assert_eq!(ok(access.organisations()).len(), 1);
    assert_eq!(ok(access.keys(None)).len(), 2);
}
