//! Helpers the end-to-end tests of the `sitrep` binary share: run a command
//! and take its output, read JSON, find the shared datasets, and talk HTTP
//! to a server the test started.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Runs the command; its stdout, or a panic with both streams on failure.
pub fn run_ok(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("spawning sitrep: {e}"));
    assert!(
        out.status.success(),
        "sitrep failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap_or_else(|e| panic!("stdout not UTF-8: {e}"))
}

/// Runs the command, which must fail; its stderr.
#[allow(dead_code)] // not every test file checks failures
pub fn run_fails(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("spawning sitrep: {e}"));
    assert!(!out.status.success(), "sitrep succeeded");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text:.300}"))
}

/// The real datasets in ../shared/data.
#[allow(dead_code)] // not every test file reads them
pub fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

/// A port free on 127.0.0.1 right now.
#[allow(dead_code)] // not every test file starts a server
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// GET `path` on 127.0.0.1:`port`, with a bearer token when given:
/// (status, body), or `None` while nothing answers.
#[allow(dead_code)] // not every test file starts a server
pub fn http_get(port: u16, path: &str, token: Option<&str>) -> Option<(u16, String)> {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .ok()?;
    let auth = token.map_or_else(String::new, |t| format!("Authorization: Bearer {t}\r\n"));
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\n{auth}Connection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.split_whitespace().nth(1)?.parse().ok()?;
    let body = response.split_once("\r\n\r\n")?.1.to_owned();
    Some((status, body))
}
