//! `sitrep feeds` end to end with the built binary against a local HTTP
//! server serving the GDACS RSS capture from ../shared/data/feeds: add, list,
//! poll (refused on loopback without SITREP_ALLOW_PRIVATE_FETCH=1, then
//! stored, then 304), a feed failing into an admin alert, remove — and
//! `sitrep serve` polling due feeds in the background.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod common;
use common::*;

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

fn capture(name: &str) -> Vec<u8> {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/feeds")
        .join(name);
    ok(std::fs::read(path))
}

fn sitrep(data: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    cmd.arg("--data").arg(data).args(["--log", "warn"]);
    cmd.env_remove("SITREP_DATA")
        .env_remove("RUST_LOG")
        .env_remove("SITREP_ALLOW_PRIVATE_FETCH");
    cmd
}

/// Serves `/gdacs.xml` (the capture, ETag "v1", 304 to a matching
/// If-None-Match) and `/down.xml` (always 500); logs (path, If-None-Match, status).
/// What the server saw: path, If-None-Match, status answered.
type Log = Arc<Mutex<Vec<(String, Option<String>, u16)>>>;

fn serve() -> (String, Log) {
    let listener = ok(TcpListener::bind("127.0.0.1:0"));
    let base = format!("http://{}", ok(listener.local_addr()));
    let log = Arc::new(Mutex::new(Vec::new()));
    let shared = Arc::clone(&log);
    let rss = capture("gdacs_rss_sample.xml");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(ok(stream.try_clone()));
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let path = line
                .split_whitespace()
                .nth(1)
                .unwrap_or_default()
                .to_owned();
            let mut inm = None;
            loop {
                line.clear();
                if !reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    break;
                }
                if let Some((k, v)) = line.split_once(':')
                    && k.trim().eq_ignore_ascii_case("if-none-match")
                {
                    inm = Some(v.trim().to_owned());
                }
            }
            let (status, head, body): (u16, &str, &[u8]) = match path.as_str() {
                "/gdacs.xml" if inm.as_deref() == Some("\"v1\"") => {
                    (304, "304 Not Modified\r\nETag: \"v1\"", b"")
                }
                "/gdacs.xml" => (200, "200 OK\r\nETag: \"v1\"", &rss),
                "/down.xml" => (500, "500 Internal Server Error", b"oops"),
                _ => (404, "404 Not Found", b""),
            };
            shared
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push((path, inm, status));
            let _ = write!(
                stream,
                "HTTP/1.1 {head}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(body);
        }
    });
    (base, log)
}

#[test]
fn feeds_are_added_polled_listed_and_removed() {
    let (base, log) = serve();
    let dir = ok(tempfile::tempdir());
    let data = dir.path();

    let added = run_ok(
        sitrep(data)
            .args(["feeds", "add"])
            .arg(format!("{base}/gdacs.xml"))
            .args(["--name", "GDACS", "--every", "15m"]),
    );
    assert!(
        added.starts_with("feed 1: GDACS (rss, every 15m)"),
        "{added}"
    );
    let added = run_ok(
        sitrep(data)
            .args(["feeds", "add"])
            .arg(format!("{base}/down.xml")),
    );
    assert!(added.starts_with("feed 2: 127.0.0.1:"), "{added}");
    // Refused before anything is stored.
    let err = run_fails(sitrep(data).args(["feeds", "add", "ftp://example.org/feed"]));
    assert!(err.contains("http:// or https://"), "{err}");
    let err =
        run_fails(sitrep(data).args(["feeds", "add", "https://example.org/x", "--every", "10s"]));
    assert!(err.contains("at most once a minute"), "{err}");
    let err = run_fails(
        sitrep(data)
            .args(["feeds", "add"])
            .arg(format!("{base}/gdacs.xml")),
    );
    assert!(err.contains("already stored"), "{err}");

    let list = json(&run_ok(
        sitrep(data).args(["feeds", "list", "--format", "json"]),
    ));
    assert_eq!(list["feeds"].as_array().map(Vec::len), Some(2), "{list}");
    assert_eq!(list["feeds"][0]["health"]["status"], "pending");

    // Loopback is refused unless SITREP_ALLOW_PRIVATE_FETCH=1: the server sees nothing.
    let refused = run_ok(sitrep(data).args(["feeds", "poll", "--once"]));
    assert!(
        refused.contains("feed 1 (GDACS): failed (1 in a row)"),
        "{refused}"
    );
    assert!(refused.contains("loopback"), "{refused}");
    assert!(ok(log.lock()).is_empty());

    let first = run_ok(
        sitrep(data)
            .args(["feeds", "poll", "--once"])
            .env("SITREP_ALLOW_PRIVATE_FETCH", "1"),
    );
    assert!(first.contains("feed 1 (GDACS): 5 items, 5 new"), "{first}");
    assert!(
        first.contains("feed 2 ") && first.contains("failed (2 in a row)"),
        "{first}"
    );
    assert!(first.contains("HTTP status 500"), "{first}");

    let second = run_ok(
        sitrep(data)
            .args(["feeds", "poll", "--once"])
            .env("SITREP_ALLOW_PRIVATE_FETCH", "1"),
    );
    assert!(second.contains("feed 1 (GDACS): not modified"), "{second}");
    assert!(second.contains("failed (3 in a row)"), "{second}");
    assert!(second.contains("ADMIN ALERT 1: feed "), "{second}");
    {
        let log = ok(log.lock());
        let gdacs: Vec<_> = log.iter().filter(|(p, _, _)| p == "/gdacs.xml").collect();
        assert_eq!(gdacs.len(), 2, "{log:?}");
        assert_eq!((gdacs[0].1.as_deref(), gdacs[0].2), (None, 200));
        assert_eq!((gdacs[1].1.as_deref(), gdacs[1].2), (Some("\"v1\""), 304));
    }

    let list = json(&run_ok(
        sitrep(data).args(["feeds", "list", "--format", "json"]),
    ));
    let gdacs = &list["feeds"][0]["health"];
    assert_eq!(gdacs["status"], "ok", "{list}");
    assert_eq!(gdacs["items_total"], 5);
    assert_eq!(gdacs["items_new_last_poll"], 0);
    let down = &list["feeds"][1]["health"];
    assert_eq!(down["status"], "failing", "{list}");
    assert_eq!(down["consecutive_failures"], 3);
    let text = run_ok(sitrep(data).args(["feeds", "list"]));
    assert!(text.contains("3 failed polls in a row"), "{text}");
    assert!(text.contains("ALERT 1 (feed_failing"), "{text}");

    // Removing the failing feed clears its alert.
    let removed = run_ok(sitrep(data).args(["feeds", "remove", "2"]));
    assert_eq!(removed.trim(), "feed 2 removed");
    let text = run_ok(sitrep(data).args(["feeds", "list"]));
    assert!(!text.contains("ALERT"), "{text}");
    let err = run_fails(sitrep(data).args(["feeds", "remove", "2"]));
    assert!(err.contains("no feed with id 2"), "{err}");
}

#[test]
fn serve_polls_due_feeds_in_the_background() {
    let (base, _log) = serve();
    let dir = ok(tempfile::tempdir());
    let data = dir.path();
    run_ok(
        sitrep(data)
            .args(["feeds", "add"])
            .arg(format!("{base}/gdacs.xml")),
    );
    let port = free_port();
    let mut child = ok(sitrep(data)
        .args(["serve", "--addr"])
        .arg(format!("127.0.0.1:{port}"))
        .env("SITREP_ALLOW_PRIVATE_FETCH", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn());
    let deadline = Instant::now() + Duration::from_secs(300);
    let mut last = None;
    while Instant::now() < deadline {
        if let Some((200, body)) = http_get(port, "/api/v1/feeds", None) {
            let list = json(&body);
            if list["feeds"][0]["health"]["status"] != "pending" {
                last = Some(list);
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    let result = std::panic::catch_unwind(|| {
        let list = last.unwrap_or_else(|| panic!("the feed was never polled"));
        let health = &list["feeds"][0]["health"];
        assert_eq!(health["status"], "ok", "{list}");
        assert_eq!(health["items_total"], 5, "{list}");
        let (status, body) =
            http_get(port, "/api/v1/alerts/admin", None).unwrap_or_else(|| panic!("no answer"));
        assert_eq!(status, 200);
        assert_eq!(json(&body)["alerts"], serde_json::json!([]));
    });
    let _ = child.kill();
    let _ = child.wait();
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}
