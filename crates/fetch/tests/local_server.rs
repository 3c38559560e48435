//! The guarded GET against a throwaway HTTP server on 127.0.0.1.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::time::Duration;

use sitrep_fetch::{FetchError, FetchPolicy, get};

/// Serves `response` (raw bytes, head included) to each of `n` connections.
fn serve(response: Vec<u8>, n: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    std::thread::spawn(move || {
        for stream in listener.incoming().take(n) {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap_or_else(|e| panic!("{e}")));
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let _ = stream.write_all(&response);
        }
    });
    format!("http://{addr}/file.txt")
}

fn ok(body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

fn private_ok() -> FetchPolicy {
    FetchPolicy {
        allow_private: true,
        timeout: Duration::from_secs(5),
        max_bytes: 1024,
    }
}

#[test]
fn loopback_is_refused_by_default() {
    let url = serve(ok(b"hello"), 1);
    let err = get(&url, &FetchPolicy::default())
        .err()
        .unwrap_or_else(|| panic!("the fetch succeeded"));
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
    let err = get(
        &format!("http://localhost:{port}/"),
        &FetchPolicy::default(),
    )
    .err()
    .unwrap_or_else(|| panic!("the fetch succeeded"));
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
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
            .to_vec(),
        1,
    );
    assert_eq!(
        get(&url, &private_ok()).unwrap_or_else(|e| panic!("{e}")),
        b"abcde"
    );
}

#[test]
fn size_cap_is_enforced() {
    let big = vec![b'x'; 2048];
    // Announced by Content-Length.
    let url = serve(ok(&big), 1);
    let err = get(&url, &private_ok())
        .err()
        .unwrap_or_else(|| panic!("the fetch succeeded"));
    assert!(matches!(err, FetchError::TooLarge { .. }), "{err:?}");
    // Without a Content-Length: read until the cap, then refused.
    let mut raw = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".to_vec();
    raw.extend_from_slice(&big);
    let url = serve(raw, 1);
    let err = get(&url, &private_ok())
        .err()
        .unwrap_or_else(|| panic!("the fetch succeeded"));
    assert!(matches!(err, FetchError::TooLarge { .. }), "{err:?}");
    assert!(err.to_string().contains(&url));
}

#[test]
fn error_statuses_name_the_url() {
    let url = serve(
        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".to_vec(),
        1,
    );
    let err = get(&url, &private_ok())
        .err()
        .unwrap_or_else(|| panic!("the fetch succeeded"));
    assert!(
        matches!(err, FetchError::Status { status: 404, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains(&url));
}

#[test]
fn redirects_are_vetted_again() {
    let target = serve(ok(b"moved here"), 1);
    let url = serve(
        format!("HTTP/1.1 302 Found\r\nLocation: {target}\r\nContent-Length: 0\r\n\r\n")
            .into_bytes(),
        1,
    );
    assert_eq!(
        get(&url, &private_ok()).unwrap_or_else(|e| panic!("{e}")),
        b"moved here"
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
    let err = get(&format!("http://{addr}/"), &policy)
        .err()
        .unwrap_or_else(|| panic!("the fetch succeeded"));
    assert!(matches!(err, FetchError::Timeout { .. }), "{err:?}");
    drop(listener);
}
