//! The web UI in a real browser: a store with the real ACLED world sample and
//! one hostile event, the real router with country boundaries and the report
//! extractor on 127.0.0.1 — the organisations router `sitrep serve` runs, so
//! the browser signs in with an analyst key first — and
//! `crates/server/ui-tests/run.mjs` driving Debian's chromium through
//! playwright-core over every view.
//!
//! The test fails — it never skips — when chromium, node or npm is missing,
//! with the command that installs it. `npm ci` runs in `ui-tests/` when its
//! `node_modules` is missing. `SITREP_UI_SHOTS=DIR` keeps screenshots.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use sitrep_api::reports::ReportReader;
use sitrep_extract::Registry;
use sitrep_geoparse::{Admin2Index, Geoparser};
use sitrep_model::EventId;
use sitrep_server::access::{Organisations, organisations_router};
use sitrep_server::{RouterOptions, serve_router};
use sitrep_store::{
    AccessStore, FeedStore, NewKey, NewOverride, Role, SqliteAccess, SqliteStore, Store,
};

/// What the hostile event says in its notes, place and actor name.
const PAYLOAD: &str = "<img src=x onerror=alert(1)>";
/// How long the browser run may take.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(300);

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Debian's chromium, or `$CHROMIUM`; a clear failure when there is none.
fn chromium() -> PathBuf {
    let path = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    assert!(
        path.exists(),
        "the UI tests need a browser at {}: install Debian's chromium: apt-get install chromium",
        path.display()
    );
    path
}

fn require_tool(name: &str) {
    let found = Command::new(name)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        found,
        "the UI tests need `{name}`: install Debian's nodejs and npm: apt-get install nodejs npm"
    );
}

/// `npm ci` in `ui-tests/` unless playwright-core is installed there.
fn install_driver(dir: &Path) {
    if dir
        .join("node_modules/playwright-core/package.json")
        .exists()
    {
        return;
    }
    let output = ok(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(dir)
        .output());
    assert!(
        output.status.success(),
        "npm ci in {} failed:\n{}\n{}",
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The store: the ACLED world sample (about 4,500 events, January–June 2022),
/// one event whose every free-text field is an HTML injection, and an
/// analyst's override of Mali's overall rating.
fn store(dir: &Path) -> Arc<SqliteStore> {
    let store = Arc::new(ok(SqliteStore::open(dir.join("sitrep.db"))));
    let file = manifest_dir().join("../../../shared/data/acled/world-2022-dev.csv.gz");
    assert!(
        file.exists(),
        "{} is missing: the tests read the real datasets in ../shared/data",
        file.display()
    );
    let options = sitrep_ingest::ImportOptions {
        rejects_dir: dir.join("rejects"),
        batch_size: 10_000,
        include_all_cameo: false,
        progress: sitrep_ingest::Progress::Quiet,
        locator: None,
    };
    ok(sitrep_ingest::import_files(
        store.as_ref(),
        sitrep_ingest::Format::Acled,
        &[file],
        &options,
    ));
    let day = NaiveDate::from_ymd_opt(2022, 6, 15).unwrap_or_default();
    let mut hostile = sitrep_store::testing::sample_event(1, day, 50.45, 30.52, "UA");
    hostile.id = EventId::for_source("uitest", "xss-1");
    hostile.location.name = format!("Kyiv {PAYLOAD}");
    hostile.notes = format!("Hostile notes {PAYLOAD} must show as text.");
    hostile.actors[0].name = format!("Actor {PAYLOAD}");
    hostile.sources[0].dataset = "uitest".into();
    hostile.sources[0].record_id = "xss-1".into();
    hostile.sources[0].url = Some("javascript:alert(1)".into());
    hostile.sources[0].name = Some(format!("Wire {PAYLOAD}"));
    ok(store.upsert_events(&[hostile]));
    // A second source for a real ACLED event, with another toll: stored as
    // one event whose detail shows the provenance of each field.
    let fatal = ok(store.events(&sitrep_store::EventQuery {
        min_fatalities: Some(3),
        limit: 50,
        ..Default::default()
    }));
    let mut second = fatal
        .events
        .into_iter()
        .find(|e| {
            matches!(
                e.location.precision,
                sitrep_model::LocationPrecision::Point | sitrep_model::LocationPrecision::City
            )
        })
        .unwrap_or_else(|| panic!("no precisely placed fatal ACLED event"));
    second.id = EventId::for_source("ucdp-ged", "ui-merge-1");
    second.sources.truncate(1);
    second.sources[0].dataset = "ucdp-ged".into();
    second.sources[0].record_id = "ui-merge-1".into();
    second.fatalities = second.fatalities.map(|f| f + 2);
    assert_eq!(ok(store.upsert_events(&[second])).merged, 1);
    // A feed that failed three polls in a row, with a hostile name and error.
    let feed = ok(store.add_feed(&sitrep_store::NewFeed {
        url: "https://feeds.example.org/alerts.xml".into(),
        name: format!("Wire {PAYLOAD}"),
        kind: sitrep_store::FeedKind::Rss,
        every_secs: 900,
    }));
    for _ in 0..3 {
        ok(store.record_feed_failure(
            feed.id,
            chrono::Utc::now(),
            &format!("HTTP 500 {PAYLOAD}"),
            3,
        ));
    }
    ok(store.add_override(&NewOverride {
        area: "ML".into(),
        category: None,
        level: 5,
        reason: format!("Coup and jihadist expansion {PAYLOAD}"),
        author: "ui-test analyst".into(),
        expires: None,
    }));
    ok(store.build_search_indexes());
    store
}

/// The router as `sitrep serve` builds it: country and admin-1 boundaries
/// for the map and the extractor for posted reports, from the installed geodata.
fn options() -> RouterOptions {
    let dir = ok(sitrep_geodata::ensure_installed(
        &sitrep_geodata::default_dir(),
    ));
    let boundaries = ok(sitrep_geodata::load_country_boundaries(
        &dir,
        sitrep_geodata::Resolution::Fine,
    ));
    let gazetteer: &'static _ = Box::leak(Box::new(ok(sitrep_geodata::load_gazetteer(&dir))));
    let names = ok(sitrep_geodata::places::read_admin2_names(&dir));
    let admin2: &'static _ = Box::leak(Box::new(Admin2Index::build(gazetteer, &names)));
    let reader = ReportReader::new(
        Geoparser::new(gazetteer).with_admin2(admin2),
        ok(Registry::builtin()),
    );
    let admin1 = ok(sitrep_geodata::load_admin1_boundaries(&dir));
    RouterOptions {
        boundaries: Some(Arc::new(boundaries)),
        admin1: Some(Arc::new(admin1)),
        populations: None,
        reader: Some(Arc::new(reader)),
    }
}

/// Runs `node run.mjs BASE`, returning its exit success and its output.
fn run_browser(
    driver: &Path,
    base: &str,
    chromium: &Path,
    (key, admin_key): (&str, &str),
) -> (bool, String) {
    let mut child = ok(Command::new("node")
        .arg("run.mjs")
        .arg(base)
        .current_dir(driver)
        .env("CHROMIUM", chromium)
        .env("SITREP_UI_KEY", key)
        .env("SITREP_UI_ADMIN_KEY", admin_key)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn());
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_string(&mut text);
            }
            text
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let started = Instant::now();
    let status = loop {
        if let Some(status) = ok(child.try_wait()) {
            break Some(status);
        }
        if started.elapsed() > BROWSER_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let output = format!(
        "{}{}",
        out.join().unwrap_or_default(),
        err.join().unwrap_or_default()
    );
    match status {
        Some(status) => (status.success(), output),
        None => (
            false,
            format!("{output}\nthe browser run took longer than {BROWSER_TIMEOUT:?}"),
        ),
    }
}

#[test]
fn every_view_works_in_debian_chromium() {
    let chromium = chromium();
    require_tool("node");
    require_tool("npm");
    let driver = manifest_dir().join("ui-tests");
    install_driver(&driver);

    let dir = ok(tempfile::tempdir());
    let store = store(dir.path());
    assert!(ok(store.stats()).events > 4000);
    // One organisation, named with the payload, with an analyst's and an admin's key.
    let access = Arc::new(ok(SqliteAccess::open(dir.path().join("access.db"))));
    ok(access.add_organisation("default", &format!("Acme {PAYLOAD}")));
    let issue = |role: Role, label: &str| {
        ok(access.issue_key(&NewKey {
            org: "default".into(),
            role,
            label: label.into(),
            expires: None,
            issued_by: "ui test".into(),
        }))
        .token
    };
    let keys = (
        issue(Role::Analyst, "ui-test analyst"),
        issue(Role::Admin, "ui-test admin"),
    );
    let store: Arc<dyn Store> = store;
    let app = organisations_router(Organisations {
        access,
        stores: Arc::new(move |_org: &str| Ok(Arc::clone(&store))),
        open_org: None,
        options: options(),
    });

    let runtime = ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build());
    let listener = ok(runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")));
    let addr = ok(listener.local_addr());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = runtime.spawn(serve_router(app, listener, async {
        let _ = stopped.await;
    }));

    let (passed, output) = run_browser(
        &driver,
        &format!("http://{addr}"),
        &chromium,
        (&keys.0, &keys.1),
    );
    let _ = stop.send(());
    ok(ok(runtime.block_on(server)));
    println!("{output}");
    assert!(passed, "the browser tests failed:\n{output}");
}
