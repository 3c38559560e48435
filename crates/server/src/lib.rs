//! sitrep's HTTP API: an axum [`router`] over any [`Store`], and [`serve`] to
//! run it with graceful shutdown.
//!
//! The server owns no wire format: parameters, DTOs, GeoJSON/CSV rendering and
//! the error table all come from `sitrep-api`, which the CLI shares, so the two
//! cannot drift apart. Store calls are synchronous (SQLite), so every handler
//! runs its store work, and the rendering of the answer, on tokio's blocking
//! pool and never on the async workers.
//!
//! Every error, including unknown routes, wrong methods and oversized bodies,
//! is answered as JSON `{"error":{"code","message"}}`. CORS is deliberately not
//! enabled: a deployment that serves a browser UI from another origin must opt in.

pub mod access;
mod areas;
mod error;
mod events;
mod feeds;
mod meta;
mod negotiate;
pub mod openapi;
mod overrides;
mod reports;
mod risk;
mod ui;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use sitrep_api::ApiError;
use sitrep_geo::boundaries::CountryBoundaries;
use sitrep_risk::Populations;
use sitrep_store::Store;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

pub use openapi::ApiDoc;
pub use reports::{MAX_REPORT_BYTES, SharedReader};

/// Largest request body accepted, except by `POST /api/v1/reports`
/// ([`MAX_REPORT_BYTES`]).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("server failed: {0}")]
    Serve(std::io::Error),
}

/// What every handler shares: the store, the country boundaries when the
/// geodata is installed, and the risk endpoints' populations and cached model.
#[derive(Clone)]
pub(crate) struct AppState {
    store: Arc<dyn Store>,
    areas: Arc<areas::Areas>,
    risk: Arc<risk::RiskState>,
    reader: Option<SharedReader>,
}

/// Optional data the router serves with; each is `None` when the geodata is
/// not installed.
#[derive(Clone, Default)]
pub struct RouterOptions {
    /// Country polygons for `/api/v1/areas` (503 without).
    pub boundaries: Option<Arc<CountryBoundaries>>,
    /// Admin-1 polygons for `/api/v1/areas?level=admin1` (503 without).
    pub admin1: Option<Arc<sitrep_geo::admin1::Admin1Boundaries>>,
    /// Country and admin1 populations for the risk model's exposure factor
    /// (ratings are not normalised for population without).
    pub populations: Option<Arc<Populations>>,
    /// The extractor `POST /api/v1/reports` reads documents with (503 without).
    pub reader: Option<SharedReader>,
}

impl AppState {
    /// Runs `work` with the store on the blocking pool.
    pub(crate) async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Store) -> Result<T, ApiError> + Send + 'static,
    {
        let store = Arc::clone(&self.store);
        tokio::task::spawn_blocking(move || work(store.as_ref()))
            .await
            .map_err(|e| ApiError::Internal(format!("store task failed: {e}")))?
    }
}

/// The API's routes with tracing, gzip compression, a body limit and JSON
/// errors. Without boundaries: `/api/v1/areas` answers 503.
pub fn router(store: Arc<dyn Store>) -> Router {
    router_with(store, None)
}

/// [`router`], with the country boundaries `/api/v1/areas` serves.
pub fn router_with(store: Arc<dyn Store>, boundaries: Option<Arc<CountryBoundaries>>) -> Router {
    router_with_options(
        store,
        RouterOptions {
            boundaries,
            ..RouterOptions::default()
        },
    )
}

/// [`router`], with the optional data of [`RouterOptions`].
pub fn router_with_options(store: Arc<dyn Store>, options: RouterOptions) -> Router {
    with_layers(
        store_routes(store, options)
            .merge(ui::routes())
            .fallback(error::no_route),
    )
}

/// A path parameter, or a 400 naming it (`id: …`).
pub(crate) fn path_param<T>(
    name: &str,
    value: Result<axum::extract::Path<T>, axum::extract::rejection::PathRejection>,
) -> Result<T, ApiError> {
    value
        .map(|axum::extract::Path(v)| v)
        .map_err(|e| ApiError::BadRequest(format!("{name}: {}", e.body_text())))
}

/// A JSON request body, or a 400 saying what is wrong with it.
pub(crate) fn json_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::BadRequest(format!("body: {e}")))
}

/// The API's routes over one store, without the UI, the fallback or the
/// layers: the whole of [`router_with_options`]'s API, and what
/// [`access::organisations_router`] serves each organisation.
fn store_routes(store: Arc<dyn Store>, options: RouterOptions) -> Router {
    let state = AppState {
        store,
        areas: Arc::new(areas::Areas::new(options.boundaries, options.admin1)),
        risk: Arc::new(risk::RiskState::new(options.populations)),
        reader: options.reader,
    };
    // The backtest scores are computed in the background from the start, on
    // a thread of their own: the router may be built on an async runtime's
    // thread, where a blocking store client (PostgreSQL's) must not run.
    let (risk, store) = (Arc::clone(&state.risk), Arc::clone(&state.store));
    std::thread::spawn(move || risk.refresh_scores(&store));
    // Documents are larger than any other body: the report route has its own limit.
    let reports = Router::new()
        .route(
            "/api/v1/reports",
            get(reports::list_reports).post(reports::post_report),
        )
        .layer(RequestBodyLimitLayer::new(MAX_REPORT_BYTES));
    let limited = Router::new()
        .route("/healthz", get(meta::healthz))
        .route("/api/v1/areas", get(areas::list_areas))
        .route("/api/v1/events", get(events::list_events))
        .route("/api/v1/events/aggregate", get(events::aggregate_events))
        .route("/api/v1/events/{id}", get(events::get_event))
        .route("/api/v1/actors/{name}", get(risk::actor_reach))
        .route("/api/v1/risk", get(risk::list_risk))
        .route("/api/v1/risk/changes", get(risk::risk_changes))
        .route("/api/v1/risk/scores", get(risk::risk_scores))
        .route("/api/v1/risk/{area}/explain", get(risk::explain_risk))
        .route("/api/v1/risk/{area}/history", get(risk::history_risk))
        .route(
            "/api/v1/overrides",
            get(overrides::list_overrides).post(overrides::create_override),
        )
        .route(
            "/api/v1/overrides/{id}",
            axum::routing::delete(overrides::delete_override),
        )
        .route(
            "/api/v1/overrides/{id}/expire",
            axum::routing::post(overrides::expire_override),
        )
        .route("/api/v1/stats", get(meta::stats))
        .route("/api/v1/openapi.json", get(meta::openapi_json))
        .route("/api/v1/reports/{id}", get(reports::get_report))
        .route(
            "/api/v1/feeds",
            get(feeds::list_feeds).post(feeds::add_feed),
        )
        .route(
            "/api/v1/feeds/{id}",
            axum::routing::delete(feeds::remove_feed),
        )
        .route("/api/v1/alerts/admin", get(feeds::admin_alerts))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES));
    limited
        .merge(reports)
        .method_not_allowed_fallback(error::wrong_method)
        .with_state(state)
}

/// Tracing, gzip compression and JSON errors around a whole router.
fn with_layers(router: Router) -> Router {
    router.layer(
        ServiceBuilder::new()
            .layer(TraceLayer::new_for_http())
            .layer(CompressionLayer::new())
            .layer(axum::middleware::map_response(error::json_errors)),
    )
}

/// Binds `addr` and serves the API until `shutdown` completes, then finishes
/// the requests in flight.
pub async fn serve(
    store: Arc<dyn Store>,
    addr: SocketAddr,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServerError::Bind { addr, source })?;
    serve_router(router(store), listener, shutdown).await
}

/// Serves the API on a listener the caller bound (e.g. to port 0, to learn
/// the port with `local_addr` first).
pub async fn serve_listener(
    store: Arc<dyn Store>,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    serve_router(router(store), listener, shutdown).await
}

/// Serves a router made by [`router`] or [`router_with`] on a bound listener.
pub async fn serve_router(
    app: Router,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    match listener.local_addr() {
        Ok(addr) => tracing::info!(%addr, "sitrep api listening"),
        Err(e) => tracing::warn!(error = %e, "sitrep api listening on an unknown address"),
    }
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(ServerError::Serve)?;
    tracing::info!("sitrep api stopped");
    Ok(())
}
