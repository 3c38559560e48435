//! Helpers every end-to-end test of the `sitrep` binary uses: run a command
//! and take its output, read JSON.

use std::process::Command;

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
