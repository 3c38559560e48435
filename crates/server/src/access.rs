//! Serving several organisations from one server: every API request is
//! authenticated by an API key (an `Authorization: Bearer` header, or the
//! HttpOnly cookie `POST /api/v1/session` sets for the browser), and handed to
//! the API of that key's organisation, over that organisation's own store.
//! One organisation's data is never in another's store, so no handler can
//! leak it by forgetting a filter.
//!
//! Roles: a viewer key may read (`GET`, `HEAD`), an analyst key may also
//! write (post reports), an admin key may also manage the organisation's keys
//! (`/api/v1/keys`). Without any active key, a server bound to a loopback
//! address serves one organisation (`open_org`) to whoever can reach it — the
//! single-user laptop of the quick start — and the first key issued ends that.
//! The health check, the OpenAPI document and the UI's static files need no key.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::Utc;
use sitrep_api::ApiError;
use sitrep_api::access::{
    IssuedKeyDto, KeyDto, KeyListDto, NewKeyDto, NewSessionDto, SessionDto, key_author,
};
use sitrep_store::{AccessStore, NewKey, Principal, Role, Store};
use tower::ServiceExt;
use tower_http::limit::RequestBodyLimitLayer;

use crate::error::HttpError;
use crate::{MAX_BODY_BYTES, RouterOptions, meta, ui, with_layers};

/// Opens (creating if needed) the store of the organisation with this slug.
pub type OpenStore = Arc<
    dyn Fn(&str) -> Result<Arc<dyn Store>, Box<dyn std::error::Error + Send + Sync>> + Send + Sync,
>;

/// The cookie the browser's key travels in.
pub const SESSION_COOKIE: &str = "sitrep_key";

/// What [`organisations_router`] serves with.
pub struct Organisations {
    pub access: Arc<dyn AccessStore>,
    /// Each organisation's store, opened the first time one of its keys is used.
    pub stores: OpenStore,
    /// The organisation served without a key while no key is active; only
    /// for a server that listens on a loopback address.
    pub open_org: Option<String>,
    /// The data every organisation's API serves with (boundaries, populations, the extractor).
    pub options: RouterOptions,
}

#[derive(Clone)]
pub(crate) struct Tenancy {
    shared: Arc<Organisations>,
    /// Each organisation's API, built on first use.
    apis: Arc<Mutex<HashMap<String, Router>>>,
}

/// The API for every organisation of `orgs.access`, with the UI, the
/// session and key routes, and the same layers and JSON errors as [`crate::router`].
pub fn organisations_router(orgs: Organisations) -> Router {
    let tenancy = Tenancy {
        shared: Arc::new(orgs),
        apis: Arc::default(),
    };
    let public = Router::new()
        .route("/healthz", get(meta::healthz))
        .route("/api/v1/openapi.json", get(meta::openapi_json))
        .route(
            "/api/v1/session",
            get(session).post(sign_in).delete(sign_out),
        )
        .route("/api/v1/keys", get(list_keys).post(issue_key))
        .route("/api/v1/keys/{id}", axum::routing::delete(revoke_key))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        // Sessions and keys (a new key's token above all) are never cached.
        .layer(axum::middleware::map_response(no_store))
        .merge(ui::routes())
        .fallback(dispatch)
        .with_state(tenancy);
    with_layers(public)
}

async fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

impl Tenancy {
    /// The principal of a request: its key's, or the open organisation's
    /// admin when no key is sent and none is active on a loopback server.
    async fn principal(&self, headers: &HeaderMap) -> Result<Principal, ApiError> {
        self.principal_of(bearer(headers).or_else(|| cookie(headers)))
            .await
    }

    /// The principal of `token`, or of no token (see [`Self::principal`]).
    async fn principal_of(&self, token: Option<String>) -> Result<Principal, ApiError> {
        let shared = Arc::clone(&self.shared);
        blocking(move || {
            let now = Utc::now();
            if let Some(token) = token {
                return shared.access.authenticate(&token, now)?.ok_or_else(|| {
                    ApiError::Unauthorized("the API key is unknown, revoked or expired".into())
                });
            }
            match &shared.open_org {
                Some(org) if shared.access.active_keys(now)? == 0 => Ok(Principal {
                    key_id: 0,
                    org: org.clone(),
                    role: Role::Admin,
                    label: "local".into(),
                }),
                _ => Err(ApiError::Unauthorized(
                    "an API key is required: send `Authorization: Bearer <key>` \
                     (an admin issues keys with `sitrep keys create`)"
                        .into(),
                )),
            }
        })
        .await
    }

    /// The principal, refused unless its role is at least `needed`.
    async fn require(&self, headers: &HeaderMap, needed: Role) -> Result<Principal, ApiError> {
        let principal = self.principal(headers).await?;
        allows(&principal, needed)?;
        Ok(principal)
    }

    /// The API of one organisation, opening its store the first time. The
    /// lock is not held while a store opens (a large one takes seconds), so
    /// other organisations are served meanwhile.
    async fn api(&self, org: &str) -> Result<Router, ApiError> {
        if let Some(api) = self.apis().get(org) {
            return Ok(api.clone());
        }
        let (shared, slug) = (Arc::clone(&self.shared), org.to_owned());
        let api = blocking(move || {
            let store = (shared.stores)(&slug).map_err(|e| {
                ApiError::Internal(format!("opening the store of organisation {slug}: {e}"))
            })?;
            Ok(crate::store_routes(store, shared.options.clone()).fallback(crate::error::no_route))
        })
        .await?;
        // Two first requests may both have built one: the first kept wins.
        Ok(self.apis().entry(org.to_owned()).or_insert(api).clone())
    }

    /// The built APIs; held only to look up or insert, never across an await.
    fn apis(&self) -> MutexGuard<'_, HashMap<String, Router>> {
        self.apis.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Refuses a request whose key's role is below `needed`, for the few routes
/// of an organisation's API that need more than the method implies (managing
/// feeds needs an admin). A request without a principal comes from a router
/// over one store, without keys, and is let through.
pub(crate) fn require_role(
    principal: Option<&axum::Extension<Principal>>,
    needed: Role,
) -> Result<(), ApiError> {
    principal.map_or(Ok(()), |axum::Extension(p)| allows(p, needed))
}

/// Refuses a principal whose role is below `needed`, naming both.
fn allows(principal: &Principal, needed: Role) -> Result<(), ApiError> {
    if principal.role < needed {
        return Err(ApiError::Forbidden(format!(
            "this needs an {needed} key; the key {:?} is a {} key",
            principal.label, principal.role
        )));
    }
    Ok(())
}

/// Runs blocking access-store or store work off the async workers.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ApiError::Internal(format!("access task failed: {e}")))?
}

/// The token of an `Authorization: Bearer` header.
fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

/// The token of the session cookie.
fn cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == SESSION_COOKIE).then(|| value.to_owned())
        })
}

/// An error answer; a 401 says how to authenticate.
fn refuse(error: ApiError) -> Response {
    let unauthorized = matches!(error, ApiError::Unauthorized(_));
    let mut response = HttpError(error).into_response();
    if unauthorized {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"sitrep\""),
        );
    }
    response
}

/// Every route of an organisation's API: authenticated, checked against the
/// key's role (reading needs a viewer, anything else an analyst) and handed
/// to that organisation's API with the principal in the request's extensions.
async fn dispatch(State(tenancy): State<Tenancy>, mut request: Request) -> Response {
    let needed = match *request.method() {
        Method::GET | Method::HEAD => Role::Viewer,
        _ => Role::Analyst,
    };
    let principal = match tenancy.require(request.headers(), needed).await {
        Ok(p) => p,
        Err(e) => return refuse(e),
    };
    let api = match tenancy.api(&principal.org).await {
        Ok(api) => api,
        Err(e) => return refuse(e),
    };
    request.extensions_mut().insert(principal);
    match api.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// Who the request is from.
#[utoipa::path(
    get,
    path = "/api/v1/session",
    tag = "access",
    responses(
        (status = 200, description = "The key's organisation and role", body = SessionDto),
        (status = 401, description = "No key, or an unknown, revoked or expired one", body = sitrep_api::ErrorDto),
    )
)]
pub(crate) async fn session(State(tenancy): State<Tenancy>, headers: HeaderMap) -> Response {
    match tenancy.principal(&headers).await {
        Ok(principal) => describe(&tenancy, principal).await,
        Err(e) => refuse(e),
    }
}

async fn describe(tenancy: &Tenancy, principal: Principal) -> Response {
    let shared = Arc::clone(&tenancy.shared);
    match blocking(move || {
        let org = shared.access.organisation(&principal.org)?;
        Ok(SessionDto::new(&principal, org.as_ref()))
    })
    .await
    {
        Ok(dto) => Json(dto).into_response(),
        Err(e) => refuse(e),
    }
}

/// Sign the browser in with a key: the answer sets it as an HttpOnly,
/// SameSite=Strict cookie for the browser's session, so scripts never see it
/// and other sites cannot send it.
#[utoipa::path(
    post,
    path = "/api/v1/session",
    tag = "access",
    request_body = NewSessionDto,
    responses(
        (status = 200, description = "Signed in; the cookie is set", body = SessionDto),
        (status = 400, description = "The body is not `{\"key\": …}`", body = sitrep_api::ErrorDto),
        (status = 401, description = "The key is unknown, revoked or expired", body = sitrep_api::ErrorDto),
    )
)]
pub(crate) async fn sign_in(
    State(tenancy): State<Tenancy>,
    request_headers: HeaderMap,
    body: Bytes,
) -> Response {
    let dto: NewSessionDto = match crate::json_body(&body) {
        Ok(dto) => dto,
        Err(e) => return refuse(e),
    };
    let key = dto.key.trim().to_owned();
    let principal = match tenancy.principal_of(Some(key.clone())).await {
        Ok(p) => p,
        Err(e) => return refuse(e),
    };
    let mut response = describe(&tenancy, principal).await;
    // Behind a proxy that terminates TLS, the cookie is only ever sent over it.
    let secure = request_headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"));
    // The key was accepted, so it is a token: hex digits and `_` only.
    if let Ok(cookie) = HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={key}; Path=/; HttpOnly; SameSite=Strict{}",
        if secure { "; Secure" } else { "" }
    )) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

/// Sign the browser out: the cookie is cleared.
#[utoipa::path(
    delete,
    path = "/api/v1/session",
    tag = "access",
    responses((status = 204, description = "Signed out"))
)]
pub(crate) async fn sign_out() -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("sitrep_key=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"),
    );
    response
}

/// The keys of the caller's organisation, newest first (admins only). Tokens
/// are never shown, only their first characters.
#[utoipa::path(
    get,
    path = "/api/v1/keys",
    tag = "access",
    responses(
        (status = 200, description = "The organisation's keys", body = KeyListDto),
        (status = 401, description = "No valid key", body = sitrep_api::ErrorDto),
        (status = 403, description = "Not an admin key", body = sitrep_api::ErrorDto),
    )
)]
pub(crate) async fn list_keys(State(tenancy): State<Tenancy>, headers: HeaderMap) -> Response {
    let principal = match tenancy.require(&headers, Role::Admin).await {
        Ok(p) => p,
        Err(e) => return refuse(e),
    };
    let shared = Arc::clone(&tenancy.shared);
    match blocking(move || {
        let now = Utc::now();
        let keys = shared.access.keys(Some(&principal.org))?;
        Ok(KeyListDto {
            keys: keys.iter().map(|k| KeyDto::new(k, now)).collect(),
        })
    })
    .await
    {
        Ok(dto) => Json(dto).into_response(),
        Err(e) => refuse(e),
    }
}

/// Issue a key for the caller's organisation (admins only). The token is in
/// this answer and nowhere else, ever.
#[utoipa::path(
    post,
    path = "/api/v1/keys",
    tag = "access",
    request_body = NewKeyDto,
    responses(
        (status = 201, description = "The key, with its token shown this once", body = IssuedKeyDto),
        (status = 400, description = "A bad role, label or expiry", body = sitrep_api::ErrorDto),
        (status = 401, description = "No valid key", body = sitrep_api::ErrorDto),
        (status = 403, description = "Not an admin key", body = sitrep_api::ErrorDto),
    )
)]
pub(crate) async fn issue_key(
    State(tenancy): State<Tenancy>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let principal = match tenancy.require(&headers, Role::Admin).await {
        Ok(p) => p,
        Err(e) => return refuse(e),
    };
    let dto: NewKeyDto = match crate::json_body(&body) {
        Ok(dto) => dto,
        Err(e) => return refuse(e),
    };
    let role = match dto.role() {
        Ok(role) => role,
        Err(e) => return refuse(e),
    };
    let now = Utc::now();
    if dto.expires.is_some_and(|e| e <= now) {
        return refuse(ApiError::BadRequest("expires: the time has passed".into()));
    }
    let new = NewKey {
        issued_by: key_author(&principal),
        org: principal.org,
        role,
        label: dto.label,
        expires: dto.expires,
    };
    let shared = Arc::clone(&tenancy.shared);
    match blocking(move || Ok(shared.access.issue_key(&new)?)).await {
        Ok(issued) => {
            tracing::info!(org = %issued.key.org, key = issued.key.id, role = %issued.key.role, "key issued");
            (StatusCode::CREATED, Json(IssuedKeyDto::new(&issued, now))).into_response()
        }
        Err(e) => refuse(e),
    }
}

/// Revoke one of the organisation's keys (admins only); another
/// organisation's key is answered as not found.
#[utoipa::path(
    delete,
    path = "/api/v1/keys/{id}",
    tag = "access",
    params(("id" = i64, Path, description = "The key's id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "No valid key", body = sitrep_api::ErrorDto),
        (status = 403, description = "Not an admin key", body = sitrep_api::ErrorDto),
        (status = 404, description = "No such active key in this organisation", body = sitrep_api::ErrorDto),
    )
)]
pub(crate) async fn revoke_key(
    State(tenancy): State<Tenancy>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let principal = match tenancy.require(&headers, Role::Admin).await {
        Ok(p) => p,
        Err(e) => return refuse(e),
    };
    let Ok(id) = id.parse::<i64>() else {
        return refuse(ApiError::BadRequest(format!("id: {id:?} is not a key id")));
    };
    let shared = Arc::clone(&tenancy.shared);
    match blocking(move || {
        let ours = shared
            .access
            .keys(Some(&principal.org))?
            .iter()
            .any(|k| k.id == id);
        if !(ours && shared.access.revoke_key(id, &key_author(&principal))?) {
            return Err(ApiError::NotFound(format!("no active key {id}")));
        }
        tracing::info!(org = %principal.org, key = id, by = principal.key_id, "key revoked");
        Ok(())
    })
    .await
    {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => refuse(e),
    }
}
