//! What keys cost: the same API request (`GET /api/v1/events?country=NG&limit=20`
//! over a store of the real ACLED sample `../shared/data/acled/world-2022-dev.csv.gz`)
//! through the single-store router without keys and through the
//! organisations router with a bearer key, side by side; and the access
//! store's `authenticate` alone, on SQLite and on PostgreSQL (when one answers
//! on `SITREP_TEST_POSTGRES`, default `host=127.0.0.1 user=postgres`).
//!
//! `cargo run --release -p sitrep-server --example access_bench [-- N]`

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, header};
use sitrep_ingest::{Context, Format, parse_file};
use sitrep_server::access::{Organisations, organisations_router};
use sitrep_server::{RouterOptions, router};
use sitrep_store::{AccessStore, PgAccess, Role, SqliteAccess, SqliteStore, Store};
use tower::ServiceExt;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort_unstable();
    times[times.len() / 2]
}

async fn requests(app: &Router, token: Option<&str>, n: usize, times: &mut Vec<Duration>) {
    for _ in 0..n {
        let mut request = Request::get("/api/v1/events?country=NG&limit=20");
        if let Some(t) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let request = request.body(Body::empty()).unwrap_or_default();
        let start = Instant::now();
        let response = app.clone().oneshot(request).await;
        let ok = response.is_ok_and(|r| r.status().is_success());
        times.push(start.elapsed());
        assert!(ok, "the request failed");
    }
}

/// A viewer key of the organisation `bench`.
fn bench_key(access: &dyn AccessStore) -> Result<String, sitrep_store::StoreError> {
    let new = sitrep_store::testing::new_key("bench", Role::Viewer, "bench");
    Ok(access.issue_key(&new)?.token)
}

fn authentications(access: &dyn AccessStore, n: usize) -> Duration {
    let token = bench_key(access).unwrap_or_default();
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let start = Instant::now();
        let who = access.authenticate(&token, chrono::Utc::now());
        times.push(start.elapsed());
        assert!(matches!(who, Ok(Some(_))), "the key was refused");
    }
    median(times)
}

fn main() -> anyhow::Result<()> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2_000);
    let dir = tempfile::tempdir()?;
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/acled/world-2022-dev.csv.gz");
    let ctx = Context {
        now: chrono::Utc::now(),
        include_all_cameo: false,
    };
    let parsed = parse_file(Format::Acled, &file, &ctx)?;
    let store = Arc::new(SqliteStore::open(dir.path().join("sitrep.db"))?);
    store.upsert_events(&parsed.events)?;
    println!(
        "{} events; {n} requests each, median latency",
        parsed.events.len()
    );

    let access = Arc::new(SqliteAccess::open(dir.path().join("access.db"))?);
    access.add_organisation("bench", "Bench")?;
    let token = bench_key(access.as_ref())?;
    let plain = router(Arc::clone(&store) as Arc<dyn Store>);
    let shared: Arc<dyn Store> = store;
    let keyed = organisations_router(Organisations {
        access: Arc::clone(&access) as Arc<dyn AccessStore>,
        stores: Arc::new(move |_org: &str| Ok(Arc::clone(&shared))),
        open_org: None,
        options: RouterOptions::default(),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let (without, with) = runtime.block_on(async {
        // Warm both (the organisation's API is built on its first request),
        // then alternate rounds so that both see the same machine load.
        let (mut without, mut with) = (Vec::new(), Vec::new());
        requests(&plain, None, 50, &mut Vec::new()).await;
        requests(&keyed, Some(&token), 50, &mut Vec::new()).await;
        for _ in 0..10 {
            requests(&plain, None, n / 10, &mut without).await;
            requests(&keyed, Some(&token), n / 10, &mut with).await;
        }
        (median(without), median(with))
    });
    println!(
        "GET /api/v1/events  single-store router, no key   {:>9.1} µs",
        without.as_secs_f64() * 1e6
    );
    println!(
        "GET /api/v1/events  organisations router, bearer   {:>9.1} µs  ({:.2}× the single-store router)",
        with.as_secs_f64() * 1e6,
        with.as_secs_f64() / without.as_secs_f64()
    );

    let sqlite = authentications(access.as_ref(), n);
    println!(
        "authenticate        SQLite access store            {:>9.1} µs",
        sqlite.as_secs_f64() * 1e6
    );
    let pg_url = std::env::var("SITREP_TEST_POSTGRES")
        .unwrap_or_else(|_| "host=127.0.0.1 user=postgres".into());
    let schema = format!("bench_access_{}", std::process::id());
    match PgAccess::connect(&pg_url, &schema) {
        Ok(pg) => {
            pg.add_organisation("bench", "Bench")?;
            let time = authentications(&pg, n);
            println!(
                "authenticate        PostgreSQL access store        {:>9.1} µs  ({:.1}× SQLite)",
                time.as_secs_f64() * 1e6,
                time.as_secs_f64() / sqlite.as_secs_f64()
            );
            let mut client = postgres::Client::connect(&pg_url, postgres::NoTls)?;
            client.batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))?;
        }
        Err(e) => println!("authenticate        PostgreSQL: not measured ({e})"),
    }
    Ok(())
}
