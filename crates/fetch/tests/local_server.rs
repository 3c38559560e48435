//! The guarded GET against throwaway HTTP and HTTPS servers on 127.0.0.1:
//! the address guard, bodies (plain, chunked, gzip), the size cap, statuses,
//! redirects, conditional GETs and timeouts.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use sitrep_fetch::{
    Conditional, FetchError, FetchPolicy, Fetcher, Validators, get, get_conditional,
};

/// The request line and headers (names lowercased) of one request.
struct Request {
    path: String,
    headers: Vec<(String, String)>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn read_request(stream: &mut impl Read) -> Request {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    let _ = reader.read_line(&mut line);
    let path = line
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    let mut headers = Vec::new();
    loop {
        line.clear();
        if !reader.read_line(&mut line).is_ok_and(|n| n > 2) {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
        }
    }
    Request { path, headers }
}

/// Answers each of `n` connections with `respond(request)` (raw bytes, head included).
fn serve_with(n: usize, respond: impl Fn(&Request) -> Vec<u8> + Send + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    std::thread::spawn(move || {
        for stream in listener.incoming().take(n) {
            let Ok(mut stream) = stream else { continue };
            let request = read_request(&mut stream);
            let _ = stream.write_all(&respond(&request));
        }
    });
    format!("http://{addr}/file.txt")
}

/// Serves `response` to each of `n` connections.
fn serve(response: Vec<u8>, n: usize) -> String {
    serve_with(n, move |_| response.clone())
}

fn with_body(head: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "{head}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

fn ok(body: &[u8]) -> Vec<u8> {
    with_body("HTTP/1.1 200 OK", body)
}

fn private_ok() -> FetchPolicy {
    FetchPolicy {
        allow_private: true,
        timeout: Duration::from_secs(5),
        max_bytes: 1024,
    }
}

fn fails(result: Result<Vec<u8>, FetchError>) -> FetchError {
    match result {
        Ok(body) => panic!("the fetch succeeded: {}", String::from_utf8_lossy(&body)),
        Err(e) => e,
    }
}

#[test]
fn loopback_is_refused_by_default() {
    let url = serve(ok(b"hello"), 1);
    let err = fails(get(&url, &FetchPolicy::default()));
    assert!(matches!(err, FetchError::Refused { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("loopback"), "{msg}");
    assert!(msg.contains(&url), "{msg}");
    // A name resolving to loopback is refused too.
    let port = url
        .trim_end_matches("/file.txt")
        .rsplit(':')
        .next()
        .unwrap_or_default();
    let err = fails(get(
        &format!("http://localhost:{port}/"),
        &FetchPolicy::default(),
    ));
    assert!(matches!(err, FetchError::Refused { .. }), "{err:?}");
    // And over https, before any TLS is spoken.
    let err = fails(get(
        &format!("https://localhost:{port}/"),
        &FetchPolicy::default(),
    ));
    assert!(matches!(err, FetchError::Refused { .. }), "{err:?}");
}

#[test]
fn allowed_with_allow_private() {
    let url = serve(ok(b"hello, sitrep"), 1);
    assert_eq!(
        get(&url, &private_ok()).unwrap_or_else(|e| panic!("{e}")),
        b"hello, sitrep"
    );
}

#[test]
fn chunked_responses_are_read() {
    let url = serve(
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n\
          3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
            .to_vec(),
        1,
    );
    assert_eq!(
        get(&url, &private_ok()).unwrap_or_else(|e| panic!("{e}")),
        b"abcde"
    );
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).unwrap_or_else(|e| panic!("{e}"));
    encoder.finish().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn gzip_bodies_are_decoded_and_capped_after_decoding() {
    let url = serve_with(2, |request| {
        // ureq asks for gzip; a server that was not asked would send plain text.
        assert_eq!(request.header("accept-encoding"), Some("gzip"));
        let body = if request.path == "/big" {
            gzip(&[b'x'; 100_000])
        } else {
            gzip(b"<rss>compressed</rss>")
        };
        with_body("HTTP/1.1 200 OK\r\nContent-Encoding: gzip", &body)
    });
    assert_eq!(
        get(&url, &private_ok()).unwrap_or_else(|e| panic!("{e}")),
        b"<rss>compressed</rss>"
    );
    // 100 kB of 'x' compresses to well under the 1 kB cap; decoded, it is over.
    let big = url.replace("/file.txt", "/big");
    let err = fails(get(&big, &private_ok()));
    assert!(matches!(err, FetchError::TooLarge { .. }), "{err:?}");
}

#[test]
fn size_cap_is_enforced() {
    let big = vec![b'x'; 2048];
    // Announced by Content-Length.
    let url = serve(ok(&big), 1);
    let err = fails(get(&url, &private_ok()));
    assert!(matches!(err, FetchError::TooLarge { .. }), "{err:?}");
    // Without a Content-Length: read until the cap, then refused.
    let mut raw = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".to_vec();
    raw.extend_from_slice(&big);
    let url = serve(raw, 1);
    let err = fails(get(&url, &private_ok()));
    assert!(matches!(err, FetchError::TooLarge { .. }), "{err:?}");
    assert!(err.to_string().contains(&url));
}

#[test]
fn error_statuses_name_the_url() {
    let url = serve(with_body("HTTP/1.1 404 Not Found", b""), 1);
    let err = fails(get(&url, &private_ok()));
    assert!(
        matches!(err, FetchError::Status { status: 404, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains(&url));
    let url = serve(with_body("HTTP/1.1 500 Internal Server Error", b"oops"), 1);
    let err = fails(get(&url, &private_ok()));
    assert!(
        matches!(err, FetchError::Status { status: 500, .. }),
        "{err:?}"
    );
}

#[test]
fn redirects_are_followed_and_vetted_again() {
    let target = serve(ok(b"moved here"), 1);
    let url = serve(
        with_body(&format!("HTTP/1.1 302 Found\r\nLocation: {target}"), b""),
        1,
    );
    assert_eq!(
        get(&url, &private_ok()).unwrap_or_else(|e| panic!("{e}")),
        b"moved here"
    );
    // A relative Location stays on the same server.
    let url = serve_with(2, |request| match request.path.as_str() {
        "/file.txt" => with_body("HTTP/1.1 301 Moved\r\nLocation: /new.txt", b""),
        _ => ok(b"relative"),
    });
    assert_eq!(
        get(&url, &private_ok()).unwrap_or_else(|e| panic!("{e}")),
        b"relative"
    );
    // A redirect loop ends.
    let url = serve_with(10, |_| {
        with_body("HTTP/1.1 302 Found\r\nLocation: /file.txt", b"")
    });
    let err = fails(get(&url, &private_ok()));
    assert!(
        matches!(err, FetchError::TooManyRedirects { .. }),
        "{err:?}"
    );
}

#[test]
fn conditional_gets_answer_not_modified() {
    let url = serve_with(4, |request| {
        let fresh = request.header("if-none-match") == Some("\"v1\"")
            || request.header("if-modified-since") == Some("Wed, 08 Jul 2026 10:25:01 GMT");
        if fresh {
            b"HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nConnection: close\r\n\r\n".to_vec()
        } else {
            with_body(
                "HTTP/1.1 200 OK\r\nETag: \"v1\"\r\nLast-Modified: Wed, 08 Jul 2026 10:25:01 GMT\r\n\
                 Content-Type: application/rss+xml",
                b"<rss/>",
            )
        }
    });
    let first = get_conditional(&url, &private_ok(), &Validators::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let Conditional::Modified(fetched) = first else {
        panic!("the first GET was not answered with a body");
    };
    assert_eq!(fetched.body, b"<rss/>");
    assert_eq!(fetched.url, url);
    assert_eq!(fetched.content_type.as_deref(), Some("application/rss+xml"));
    assert_eq!(fetched.validators.etag.as_deref(), Some("\"v1\""));
    assert_eq!(
        fetched.validators.last_modified.as_deref(),
        Some("Wed, 08 Jul 2026 10:25:01 GMT")
    );
    // Both validators, then each alone, get a 304.
    let fetcher = Fetcher::new(private_ok());
    for validators in [
        fetched.validators.clone(),
        Validators {
            etag: fetched.validators.etag.clone(),
            last_modified: None,
        },
        Validators {
            etag: None,
            last_modified: fetched.validators.last_modified.clone(),
        },
    ] {
        let again = fetcher
            .get_conditional(&url, &validators)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(again, Conditional::NotModified), "{again:?}");
    }
}

#[test]
fn a_304_to_a_plain_get_is_an_error() {
    let url = serve(
        b"HTTP/1.1 304 Not Modified\r\nConnection: close\r\n\r\n".to_vec(),
        1,
    );
    let err = fails(get(&url, &private_ok()));
    assert!(
        matches!(err, FetchError::Status { status: 304, .. }),
        "{err:?}"
    );
}

#[test]
fn a_silent_server_times_out() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    let policy = FetchPolicy {
        timeout: Duration::from_millis(300),
        ..private_ok()
    };
    let started = std::time::Instant::now();
    let err = fails(get(&format!("http://{addr}/"), &policy));
    assert!(matches!(err, FetchError::Timeout { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
    drop(listener);
}

/// The test CA and the `localhost` certificate it signed (valid to 2126), in
/// `tests/tls/`.
fn tls_file(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/tls")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// An HTTPS server on 127.0.0.1 answering `n` connections with `body`.
fn serve_tls(body: &'static [u8], n: usize) -> u16 {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs = CertificateDer::pem_slice_iter(&tls_file("localhost.pem"))
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("{e}"));
    let key =
        PrivateKeyDer::from_pem_slice(&tls_file("localhost.key")).unwrap_or_else(|e| panic!("{e}"));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap_or_else(|e| panic!("{e}"))
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap_or_else(|e| panic!("{e}"));
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
    let port = listener
        .local_addr()
        .unwrap_or_else(|e| panic!("{e}"))
        .port();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(n) {
            let Ok(stream): Result<TcpStream, _> = stream else {
                continue;
            };
            let Ok(conn) = rustls::ServerConnection::new(Arc::clone(&config)) else {
                continue;
            };
            let mut tls = rustls::StreamOwned::new(conn, stream);
            let _ = read_request(&mut tls);
            let _ = tls.write_all(&ok(body));
            tls.conn.send_close_notify();
            let _ = tls.flush();
        }
    });
    port
}

#[test]
fn https_is_fetched_with_the_trusted_roots() {
    let port = serve_tls(b"over tls", 2);
    let url = format!("https://localhost:{port}/feed.xml");
    let fetcher = Fetcher::with_root_certificates(private_ok(), &tls_file("ca.pem"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        fetcher.get(&url).unwrap_or_else(|e| panic!("{e}")),
        b"over tls"
    );
    // Mozilla's roots do not include the test CA.
    let err = fails(Fetcher::new(private_ok()).get(&url));
    assert!(matches!(err, FetchError::Tls { .. }), "{err:?}");
    assert!(
        Fetcher::with_root_certificates(private_ok(), b"not pem").is_err(),
        "a PEM without certificates is refused"
    );
}

#[test]
fn a_body_that_stalls_times_out() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    std::thread::spawn(move || {
        if let Some(Ok(mut stream)) = listener.incoming().next() {
            let _ = read_request(&mut stream);
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nten bytes!");
            std::thread::sleep(Duration::from_secs(3));
        }
    });
    let policy = FetchPolicy {
        timeout: Duration::from_millis(500),
        ..private_ok()
    };
    let started = std::time::Instant::now();
    let err = fails(get(&format!("http://{addr}/"), &policy));
    assert!(matches!(err, FetchError::Timeout { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}
