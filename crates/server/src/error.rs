//! Turning errors into HTTP responses: [`HttpError`] answers an [`ApiError`]
//! with the status from `sitrep-api`'s table and a JSON body; [`ApiQuery`]
//! reports unparseable query strings the same way; and [`json_errors`] rewrites
//! the few plain-text errors raised outside the handlers (body limit, router)
//! so that clients only ever see JSON errors.

use axum::Json;
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use sitrep_api::{ApiError, ErrorCode};

/// An [`ApiError`] as a response. Internal details are logged, never sent.
#[derive(Debug)]
pub(crate) struct HttpError(pub ApiError);

impl From<ApiError> for HttpError {
    fn from(e: ApiError) -> Self {
        HttpError(e)
    }
}

impl From<sitrep_store::StoreError> for HttpError {
    fn from(e: sitrep_store::StoreError) -> Self {
        HttpError(e.into())
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if status.is_server_error() {
            tracing::error!(code = %self.0.code(), error = %self.0, "request failed");
        } else {
            tracing::debug!(code = %self.0.code(), error = %self.0, "request rejected");
        }
        (status, Json(self.0.to_dto())).into_response()
    }
}

/// Query parameters deserialised like axum's `Query`, but rejected as a JSON
/// `bad_request` whose message names the parameter.
pub(crate) struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => {
                let text = rejection.body_text();
                let message = text
                    .strip_prefix("Failed to deserialize query string: ")
                    .unwrap_or(&text);
                Err(HttpError(ApiError::BadRequest(message.to_owned())))
            }
        }
    }
}

pub(crate) async fn no_route(method: Method, uri: Uri) -> HttpError {
    HttpError(ApiError::NotFound(format!(
        "no route for {method} {}",
        uri.path()
    )))
}

pub(crate) async fn wrong_method(method: Method, uri: Uri) -> HttpError {
    HttpError(ApiError::MethodNotAllowed(format!(
        "{method} is not allowed on {}",
        uri.path()
    )))
}

/// Rewrites error responses that are not JSON (from middleware such as the
/// body limit) into the API's JSON error shape, keeping their status; and
/// marks every response `nosniff`.
pub(crate) async fn json_errors<B>(response: axum::http::Response<B>) -> Response
where
    B: axum::body::HttpBody<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    let mut response = response.map(axum::body::Body::new);
    response.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let code = ErrorCode::for_status(status.as_u16()).unwrap_or(if status.is_server_error() {
        ErrorCode::Internal
    } else {
        ErrorCode::BadRequest
    });
    let message = status
        .canonical_reason()
        .unwrap_or("request failed")
        .to_ascii_lowercase();
    let body = sitrep_api::ErrorDto {
        error: sitrep_api::ErrorBody {
            code: code.as_str().to_owned(),
            message,
        },
    };
    let mut rewritten = (status, Json(body)).into_response();
    for name in [header::ALLOW, header::X_CONTENT_TYPE_OPTIONS] {
        if let Some(value) = response.headers().get(&name) {
            rewritten.headers_mut().insert(name, value.clone());
        }
    }
    rewritten
}
