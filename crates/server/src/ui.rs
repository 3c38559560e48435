//! The web UI: static HTML, CSS and JavaScript modules from `crates/server/ui/`,
//! compiled into the binary with `include_bytes!` and served at `/` and
//! `/ui/*`. Nothing is fetched at run time (no CDN, no tile server, no fonts):
//! the map is drawn in the browser from `/api/v1/areas`, so sitrep's UI works
//! air-gapped like the rest of it.
//!
//! Every answer carries a strict Content-Security-Policy: scripts, styles,
//! images and requests only from this origin, no inline script or style, no
//! framing, and Trusted Types required, so a string can never reach
//! `innerHTML` or another HTML sink even by mistake — the UI builds its DOM
//! with `createElement` and `textContent` only. File names carry no content
//! hash, so assets are `no-cache` with an `ETag`: the browser revalidates each
//! one (a 304 costs a round trip, not a download) and never mixes the modules
//! of two versions of the binary.

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sitrep_api::ApiError;

use crate::error::HttpError;

/// The policy of every UI response.
pub(crate) const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'; \
     require-trusted-types-for 'script'; trusted-types 'none'";

/// One embedded file.
struct Asset {
    /// Path under `/ui/`.
    path: &'static str,
    body: &'static [u8],
    content_type: &'static str,
    /// Weak validator (`W/"…"`, since the compression layer may re-encode the
    /// body) from the FNV-1a hash of the body.
    etag: &'static str,
}

/// FNV-1a, 64 bits: enough to tell two versions of a file apart.
const fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    hash
}

/// `W/"` + 16 hex digits + `"`.
const fn etag_of(bytes: &[u8]) -> [u8; 20] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let hash = fnv1a(bytes);
    let mut out = [b'"'; 20];
    out[0] = b'W';
    out[1] = b'/';
    let mut i = 0;
    while i < 16 {
        out[3 + i] = HEX[((hash >> (60 - 4 * i)) & 0xf) as usize];
        i += 1;
    }
    out
}

/// Embeds `ui/<path>` with its content type and ETag.
macro_rules! asset {
    ($path:literal, $content_type:expr) => {{
        const BODY: &[u8] = include_bytes!(concat!("../ui/", $path));
        const TAG: [u8; 20] = etag_of(BODY);
        Asset {
            path: $path,
            body: BODY,
            content_type: $content_type,
            etag: match std::str::from_utf8(&TAG) {
                Ok(tag) => tag,
                Err(_) => "\"0\"",
            },
        }
    }};
}

const JS: &str = "text/javascript; charset=utf-8";

static ASSETS: &[Asset] = &[
    asset!("index.html", "text/html; charset=utf-8"),
    asset!("app.css", "text/css; charset=utf-8"),
    asset!("favicon.svg", "image/svg+xml"),
    asset!("js/main.js", JS),
    asset!("js/api.js", JS),
    asset!("js/dom.js", JS),
    asset!("js/taxonomy.js", JS),
    asset!("js/map.js", JS),
    asset!("js/events.js", JS),
    asset!("js/detail.js", JS),
    asset!("js/risk.js", JS),
    asset!("js/reports.js", JS),
    asset!("js/feeds.js", JS),
    asset!("js/actors.js", JS),
    asset!("js/access.js", JS),
];

/// The UI's routes: the page at `/` (and `/index.html`), its files under `/ui/`.
pub(crate) fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/", get(index))
        .route("/index.html", get(index))
        .route("/ui/{*path}", get(file))
}

async fn index(headers: HeaderMap) -> Result<Response, HttpError> {
    serve("index.html", &headers)
}

async fn file(Path(path): Path<String>, headers: HeaderMap) -> Result<Response, HttpError> {
    serve(&path, &headers)
}

fn serve(path: &str, request: &HeaderMap) -> Result<Response, HttpError> {
    let Some(asset) = ASSETS.iter().find(|a| a.path == path) else {
        return Err(HttpError(ApiError::NotFound(format!(
            "no UI file {path:?}"
        ))));
    };
    // If-None-Match compares weakly: `W/` prefixes do not count.
    let opaque = |tag: &'static str| tag.trim_start_matches("W/");
    let fresh = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .map(str::trim)
                .any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == opaque(asset.etag))
        });
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        asset.body.into_response()
    };
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.content_type),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(header::ETAG, HeaderValue::from_static(asset.etag));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;

    use super::*;

    async fn get_uri(uri: &str, if_none_match: Option<&str>) -> (StatusCode, HeaderMap, Vec<u8>) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let store = sitrep_store::SqliteStore::open(dir.path().join("sitrep.db"))
            .unwrap_or_else(|e| panic!("{e}"));
        let app = crate::router(Arc::new(store));
        let mut request = Request::get(uri);
        if let Some(tag) = if_none_match {
            request = request.header(header::IF_NONE_MATCH, tag);
        }
        let request = request
            .body(Body::empty())
            .unwrap_or_else(|e| panic!("{e}"));
        let response = app.oneshot(request).await.unwrap_or_else(|e| panic!("{e}"));
        let status = response.status();
        let headers = response.headers().clone();
        let body = axum::body::to_bytes(response.into_body(), 1 << 24)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        (status, headers, body.to_vec())
    }

    fn header_of(headers: &HeaderMap, name: header::HeaderName) -> &str {
        headers
            .get(&name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("no {name} header"))
    }

    /// ` onclick=` and the like.
    fn has_inline_handler(html: &str) -> bool {
        html.match_indices(" on").any(|(i, _)| {
            let rest = &html[i + 3..];
            let name = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
            name > 0 && rest[name..].starts_with('=')
        })
    }

    #[test]
    fn every_embedded_file_is_listed_with_a_distinct_etag() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/ui");
        let mut on_disk = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(dir)];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{e}")) {
                let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
                if path.is_dir() {
                    stack.push(path);
                } else if let Ok(rel) = path.strip_prefix(dir) {
                    on_disk.push(rel.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        on_disk.sort();
        let mut listed: Vec<String> = ASSETS.iter().map(|a| a.path.to_owned()).collect();
        listed.sort();
        assert_eq!(listed, on_disk, "ui/ and ASSETS disagree");
        let mut tags: Vec<&str> = ASSETS.iter().map(|a| a.etag).collect();
        tags.sort_unstable();
        tags.dedup();
        assert_eq!(tags.len(), ASSETS.len());
        assert!(
            ASSETS
                .iter()
                .all(|a| a.etag.len() == 20 && a.etag.starts_with("W/\""))
        );
    }

    #[tokio::test]
    async fn the_page_and_its_files_have_their_content_types_and_headers() {
        for (uri, content_type) in [
            ("/", "text/html; charset=utf-8"),
            ("/index.html", "text/html; charset=utf-8"),
            ("/ui/app.css", "text/css; charset=utf-8"),
            ("/ui/js/main.js", JS),
            ("/ui/js/map.js", JS),
            ("/ui/favicon.svg", "image/svg+xml"),
        ] {
            let (status, headers, body) = get_uri(uri, None).await;
            assert_eq!(status, StatusCode::OK, "{uri}");
            assert_eq!(header_of(&headers, header::CONTENT_TYPE), content_type);
            assert_eq!(header_of(&headers, header::CACHE_CONTROL), "no-cache");
            assert_eq!(
                header_of(&headers, header::X_CONTENT_TYPE_OPTIONS),
                "nosniff"
            );
            let csp = header_of(&headers, header::CONTENT_SECURITY_POLICY);
            assert!(csp.starts_with("default-src 'self';"), "{csp}");
            assert!(!body.is_empty(), "{uri}");
        }
        let (_, _, page) = get_uri("/", None).await;
        let page = String::from_utf8_lossy(&page);
        assert!(page.contains("<script type=\"module\" src=\"/ui/js/main.js\">"));
    }

    #[tokio::test]
    async fn the_policy_forbids_inline_script_foreign_origins_and_html_sinks() {
        let (_, headers, _) = get_uri("/", None).await;
        let csp = header_of(&headers, header::CONTENT_SECURITY_POLICY);
        let directives: Vec<&str> = csp.split(';').map(str::trim).collect();
        for want in [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "frame-ancestors 'none'",
            "require-trusted-types-for 'script'",
        ] {
            assert!(directives.contains(&want), "{want} missing from {csp}");
        }
        assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
        assert!(!csp.contains("http:") && !csp.contains("https:") && !csp.contains('*'));
        // No file may carry an inline script or style the policy would block.
        for asset in ASSETS.iter().filter(|a| a.path.ends_with(".html")) {
            let text = String::from_utf8_lossy(asset.body);
            assert!(!text.contains("<script>"), "{}", asset.path);
            assert!(!text.contains("style="), "{}", asset.path);
            assert!(
                !has_inline_handler(&text),
                "{}: inline event handler",
                asset.path
            );
        }
        for asset in ASSETS.iter().filter(|a| a.path.ends_with(".js")) {
            let text = String::from_utf8_lossy(asset.body);
            for sink in [
                "innerHTML",
                "outerHTML",
                "insertAdjacentHTML",
                "document.write",
            ] {
                assert!(!text.contains(sink), "{} uses {sink}", asset.path);
            }
            assert!(!text.contains("eval("), "{}", asset.path);
        }
    }

    #[tokio::test]
    async fn a_matching_etag_is_not_modified() {
        let (_, headers, _) = get_uri("/ui/app.css", None).await;
        let tag = header_of(&headers, header::ETAG).to_owned();
        let (status, again, body) = get_uri("/ui/app.css", Some(&tag)).await;
        assert_eq!(status, StatusCode::NOT_MODIFIED);
        assert!(body.is_empty());
        assert_eq!(header_of(&again, header::ETAG), tag);
        let strong = tag.trim_start_matches("W/").to_owned();
        let (status, _, _) = get_uri("/ui/app.css", Some(&format!("\"x\", {strong}"))).await;
        assert_eq!(status, StatusCode::NOT_MODIFIED, "weak comparison");
        let (status, _, _) = get_uri("/ui/app.css", Some("\"stale\"")).await;
        assert_eq!(status, StatusCode::OK);
    }

    #[tokio::test]
    async fn unknown_files_and_api_paths_are_json_404s() {
        for uri in [
            "/api/v1/nope",
            "/ui/nope.js",
            "/ui/../Cargo.toml",
            "/api/nope",
        ] {
            let (status, headers, body) = get_uri(uri, None).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
            assert!(
                header_of(&headers, header::CONTENT_TYPE).starts_with("application/json"),
                "{uri}"
            );
            let v: serde_json::Value =
                serde_json::from_slice(&body).unwrap_or_else(|e| panic!("{uri}: {e}"));
            assert_eq!(v["error"]["code"], "not_found", "{uri}: {v}");
        }
    }
}
