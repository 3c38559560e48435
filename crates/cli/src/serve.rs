//! `sitrep serve` (the HTTP API) and `sitrep up` (first-run import into an
//! empty store — the latest GDELT export when reachable, else the sample data —
//! then serve): sitrep's main job. Both serve every organisation, each to
//! its own API keys, and poll each one's feeds.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use std::collections::HashMap;
use std::sync::Mutex;

use anyhow::{Context, bail};
use chrono::Utc;
use clap::Args;
use sitrep_server::access::{Organisations, organisations_router};
use sitrep_store::Store;

use crate::data::Data;
use crate::queue::Queue;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on. Use 0.0.0.0:PORT to accept other machines (every
    /// request then needs an API key: `sitrep keys create`). On a loopback
    /// address, `--org`'s data is served without a key until the first key exists.
    #[arg(long, env = "SITREP_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
}

#[derive(Debug, Args)]
pub struct UpArgs {
    #[command(flatten)]
    serve: ServeArgs,
    /// Folder of sample dataset files imported into an empty store.
    #[arg(long, env = "SITREP_SAMPLES", default_value = "../shared/data")]
    samples: PathBuf,
    /// Do not import anything, even into an empty store.
    #[arg(long)]
    no_import: bool,
}

pub fn serve(data: &Data, queue: Option<&Queue>, args: ServeArgs) -> anyhow::Result<()> {
    let store: Arc<dyn Store> = crate::open_store(data)?;
    run_server(data, store, queue, args.addr)
}

pub fn up(data: &Data, queue: Option<&Queue>, args: UpArgs) -> anyhow::Result<()> {
    let store = crate::open_store(data)?;
    let stats = store.stats()?;
    if stats.events == 0 && !args.no_import {
        let locator = crate::geo::GeoLocator::load_or_warn();
        // The latest GDELT export when the internet is reachable, else the samples.
        let base = crate::gdelt::base_from_env();
        let list_policy = crate::gdelt::policy_from_env(Duration::from_secs(3));
        let download_policy = crate::gdelt::policy_from_env(Duration::from_secs(60));
        let pulled = crate::gdelt::pull_latest(
            &*store,
            data,
            &base,
            &list_policy,
            &download_policy,
            locator.clone(),
        );
        match pulled {
            Ok(summary) if summary.inserted > 0 => {
                tracing::info!(store = %data, "empty store: imported the latest GDELT export: {summary}");
            }
            outcome => {
                let why = match outcome {
                    Ok(summary) => format!("no events in it ({summary})"),
                    Err(error) => format!("{error:#}"),
                };
                tracing::info!(store = %data, "no GDELT pull ({why}); importing sample datasets");
                crate::samples::import_samples(&*store, data, &args.samples, locator)?;
            }
        }
        store.build_search_indexes()?;
    } else {
        tracing::info!(
            events = stats.events,
            "store already filled; skipping the sample import"
        );
    }
    run_server(data, store, queue, args.serve.addr)
}

/// Each organisation's store, opened once and shared by its API and its feed poller.
struct OrgStores {
    data: Data,
    open: Mutex<HashMap<String, Arc<dyn Store>>>,
}

impl OrgStores {
    fn get(&self, org: &str) -> anyhow::Result<Arc<dyn Store>> {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(store) = open.get(org) {
            return Ok(Arc::clone(store));
        }
        let store = self.data.for_org(org).open_store()?;
        open.insert(org.to_owned(), Arc::clone(&store));
        Ok(store)
    }
}

/// Serves every organisation of the access store, `data`'s own (whose store
/// is `store`) without keys while none exists if `addr` is a loopback
/// address, and polls each organisation's due feeds in the background.
fn run_server(
    data: &Data,
    store: Arc<dyn Store>,
    queue: Option<&Queue>,
    addr: SocketAddr,
) -> anyhow::Result<()> {
    let access = data.open_access()?;
    let no_keys = access.active_keys(Utc::now())? == 0;
    let open_org = match (addr.ip().is_loopback(), no_keys) {
        (true, true) => {
            tracing::warn!(
                "no API key exists: organisation {:?} is served without keys to whoever reaches \
                 {addr} (a reverse proxy in front makes that everyone); the first key issued \
                 (`sitrep keys create --role admin --label \"…\"` or the UI's Access view) ends that",
                data.org()
            );
            Some(data.org().to_owned())
        }
        (true, false) => Some(data.org().to_owned()),
        (false, true) => bail!(
            "{addr} accepts other machines, and no API key exists yet: issue one first \
             (`sitrep keys create --role admin --label \"…\"`), or listen on 127.0.0.1"
        ),
        (false, false) => None,
    };
    let stores = Arc::new(OrgStores {
        data: data.clone(),
        open: Mutex::new(HashMap::from([(data.org().to_owned(), store)])),
    });
    // Due feeds are polled in the background while the API serves.
    let mut _pollers = Vec::new();
    for org in access.organisations()? {
        let org_data = data.for_org(&org.slug);
        let queue = queue.map(|q| Queue {
            url: q.url.clone(),
            schema: org_data.schema(),
        });
        let store = stores.get(&org.slug)?;
        _pollers.push(crate::feeds_cmd::spawn_poller(
            store,
            &org_data,
            queue.as_ref(),
        )?);
    }
    // Everything that reads files or the store is loaded before the async
    // runtime starts: a blocking store client (PostgreSQL's) must not run on
    // one of its threads.
    // Country boundaries for /api/v1/areas; the API runs without them.
    let boundaries = match crate::geo::boundaries() {
        Ok(b) => Some(Arc::new(b)),
        Err(error) => {
            tracing::warn!("serving without country boundaries: {error:#}");
            None
        }
    };
    // Admin-1 polygons for /api/v1/areas?level=admin1; served without them otherwise.
    let admin1 = match crate::geo::geodata_dir()
        .and_then(|dir| Ok(sitrep_geodata::load_admin1_boundaries(&dir)?))
    {
        Ok(b) => Some(Arc::new(b)),
        Err(error) => {
            tracing::warn!("serving without admin-1 boundaries: {error:#}");
            None
        }
    };
    // Populations for the risk ratings' exposure factor; rated without them otherwise.
    let populations = crate::risk_cmd::load_populations().map(Arc::new);
    // The extractor for POST /api/v1/reports (503 without the geodata).
    let reader = match crate::report_cmd::load_reader(None) {
        Ok(r) => Some(Arc::new(r)),
        Err(error) => {
            tracing::warn!("serving without report extraction: {error:#}");
            None
        }
    };
    let options = sitrep_server::RouterOptions {
        boundaries,
        admin1,
        populations,
        reader,
    };
    let router = organisations_router(Organisations {
        access,
        stores: Arc::new(move |org: &str| stores.get(org).map_err(|e| format!("{e:#}").into())),
        open_org,
        options,
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async move {
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
            tracing::info!("shutting down");
        };
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("listening on {addr}"))?;
        sitrep_server::serve_router(router, listener, shutdown)
            .await
            .with_context(|| format!("serving on {addr}"))
    })
}
