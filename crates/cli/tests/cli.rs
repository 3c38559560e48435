//! End-to-end tests of the `sitrep` binary on the real datasets in ../shared/data:
//! import, idempotent re-import, refusal of wrong files, queries in every output
//! format, a SIGKILL in the middle of an import, and `sitrep up` serving HTTP.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::*;

fn sitrep(data: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    cmd.arg("--data").arg(data).args(["--log", "warn"]);
    cmd.env_remove("SITREP_DATA").env_remove("RUST_LOG");
    cmd
}

fn summary_count(summary: &str, word: &str) -> u64 {
    // The summary reads like "4500 inserted, 0 updated, …": take the number before the word.
    let tokens: Vec<&str> = summary.split_whitespace().collect();
    tokens
        .windows(2)
        .find(|w| w[1].trim_end_matches(',') == word)
        .and_then(|w| w[0].replace(',', "").parse().ok())
        .unwrap_or_else(|| panic!("no count for {word:?} in summary: {summary}"))
}

#[test]
fn help_explains_every_subcommand() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let help = run_ok(sitrep(dir.path()).arg("--help"));
    for sub in [
        "up", "ingest", "events", "event", "serve", "stats", "bench", "feeds", "worker",
    ] {
        assert!(help.contains(sub), "{sub} missing from --help:\n{help}");
        let sub_help = run_ok(sitrep(dir.path()).args([sub, "--help"]));
        assert!(sub_help.contains("Usage"), "{sub} --help:\n{sub_help}");
    }
}

#[test]
fn import_is_idempotent_and_queries_print_every_format() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = samples().join("acled/world-2022-dev.csv.gz");
    let first = run_ok(
        sitrep(dir.path())
            .args(["ingest", "--format", "acled"])
            .arg(&file),
    );
    assert_eq!(summary_count(&first, "inserted"), 4500, "{first}");
    let again = run_ok(
        sitrep(dir.path())
            .args(["ingest", "--format", "acled"])
            .arg(&file),
    );
    assert_eq!(summary_count(&again, "inserted"), 0, "{again}");
    assert_eq!(summary_count(&again, "unchanged"), 4500, "{again}");

    // The first row of the file: a mob killing in Oyam, Uganda, 23 February 2022.
    let page = json(&run_ok(sitrep(dir.path()).args([
        "events",
        "--country",
        "UG",
        "--from",
        "2022-02-23",
        "--to",
        "2022-02-23",
        "--text",
        "cattle thief",
        "--format",
        "json",
    ])));
    let events = page["events"]
        .as_array()
        .unwrap_or_else(|| panic!("no events: {page}"));
    let e = events
        .iter()
        .find(|e| e["id"] == "acled:UGA7752")
        .unwrap_or_else(|| panic!("UGA7752 not found: {page}"));
    assert_eq!(e["event_type"], "Riots");
    assert_eq!(e["sub_event_type"], "Mob violence");
    assert_eq!(e["fatalities"], 1);
    assert_eq!(e["location"]["name"], "Minakulu");
    assert_eq!(e["sources"][0]["record_id"], "UGA7752");
    assert_eq!(e["actors"][0]["name"], "Rioters (Uganda)");
    assert_eq!(e["actors"][0]["role"], "perpetrator");

    let csv = run_ok(sitrep(dir.path()).args([
        "events",
        "--country",
        "UG",
        "--limit",
        "5",
        "--format",
        "csv",
    ]));
    assert_eq!(csv.lines().count(), 6, "{csv}");
    let geojson = json(&run_ok(sitrep(dir.path()).args([
        "events",
        "--bbox",
        "30,-2,35,5",
        "--limit",
        "20",
        "--format",
        "geojson",
    ])));
    assert_eq!(geojson["type"], "FeatureCollection");
    let features = geojson["features"]
        .as_array()
        .unwrap_or_else(|| panic!("{geojson}"));
    assert!(!features.is_empty() && features.len() <= 20);
    for f in features {
        let lon = f["geometry"]["coordinates"][0].as_f64().unwrap_or(999.0);
        let lat = f["geometry"]["coordinates"][1].as_f64().unwrap_or(999.0);
        assert!(
            (30.0..=35.0).contains(&lon) && (-2.0..=5.0).contains(&lat),
            "{f}"
        );
    }

    let detail = json(&run_ok(sitrep(dir.path()).args(["event", "acled:UGA7752"])));
    assert_eq!(detail["id"], "acled:UGA7752", "{detail}");
    assert_eq!(
        detail["history"].as_array().map(Vec::len),
        Some(1),
        "{detail}"
    );

    // Bad filters are errors that name the flag, not panics.
    let out = sitrep(dir.path())
        .args(["events", "--bbox", "1,2,3"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("bbox"));
}

#[test]
fn a_wrong_file_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let good = samples().join("acled/argentina-2022.csv");
    let wrong = samples().join("gdelt/20191024143000.export.CSV");
    let out: Output = sitrep(dir.path())
        .args(["ingest", "--format", "acled"])
        .arg(&good)
        .arg(&wrong)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !out.status.success(),
        "a GDELT file given as ACLED must fail"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("20191024143000.export.CSV"), "{stderr}");
    let stats = json(&run_ok(
        sitrep(dir.path()).args(["stats", "--format", "json"]),
    ));
    assert_eq!(stats["store"]["events"], 0, "{stats}");
}

/// Kills an import with SIGKILL part-way, re-runs it, and checks the store ends
/// exactly as a clean import leaves it.
#[test]
fn an_import_killed_midway_completes_on_rerun() {
    let files = [
        samples().join("acled/africa-2016-legacy.csv"),
        samples().join("acled/world-2022-dev.csv.gz"),
    ];
    let clean = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    run_ok(
        sitrep(clean.path())
            .args(["ingest", "--format", "acled"])
            .args(&files),
    );

    let killed = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut child = sitrep(killed.path())
        .args([
            "ingest",
            "--quiet",
            "--batch-size",
            "200",
            "--format",
            "acled",
        ])
        .args(&files)
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    // Wait until some batches are committed, then kill without warning.
    let deadline = Instant::now() + Duration::from_secs(60);
    let db = killed.path().join("sitrep.db-wal");
    while Instant::now() < deadline && std::fs::metadata(&db).map_or(0, |m| m.len()) < 2_000_000 {
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap_or_else(|e| panic!("{e}"));
    let _ = child.wait();

    let partial = json(&run_ok(
        sitrep(killed.path()).args(["stats", "--format", "json"]),
    ));
    let partial_events = partial["store"]["events"].as_u64().unwrap_or(u64::MAX);
    assert!(
        partial_events < 11_331,
        "the import finished before the kill: {partial}"
    );
    run_ok(
        sitrep(killed.path())
            .args(["ingest", "--format", "acled"])
            .args(&files),
    );

    let dump =
        |dir: &Path| run_ok(sitrep(dir).args(["events", "--limit", "20000", "--format", "csv"]));
    let (a, b) = (dump(clean.path()), dump(killed.path()));
    assert_eq!(a.lines().count(), b.lines().count());
    assert!(a == b, "the re-run store differs from a clean import");
}

/// The README's main command: an empty store is filled from the samples folder
/// and the API answers on localhost.
#[test]
fn up_fills_an_empty_store_and_serves_the_api() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let port = free_port();
    let mut child = sitrep(dir.path())
        .arg("up")
        // Samples only: a loopback base is refused by the guarded fetcher.
        .env("SITREP_GDELT_BASE", "http://127.0.0.1:9/gdeltv2")
        .env_remove("SITREP_ALLOW_PRIVATE_FETCH")
        .arg("--addr")
        .arg(format!("127.0.0.1:{port}"))
        .arg("--samples")
        .arg(samples())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let deadline = Instant::now() + Duration::from_secs(300);
    let mut health = None;
    while Instant::now() < deadline {
        if let Some(answer) = http_get(port, "/healthz", None) {
            health = Some(answer);
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let result = std::panic::catch_unwind(|| {
        assert_eq!(health.map(|h| h.0), Some(200), "server never answered");
        let (status, body) = http_get(port, "/api/v1/events?country=NG&limit=5", None)
            .unwrap_or_else(|| panic!("no answer"));
        assert_eq!(status, 200, "{body}");
        let page = json(&body);
        assert_eq!(page["events"].as_array().map(Vec::len), Some(5), "{page}");
        let (_, body) =
            http_get(port, "/api/v1/stats", None).unwrap_or_else(|| panic!("no answer"));
        let stats = json(&body);
        // ACLED (4 files), UCDP and GDELT samples, minus rejects and skipped GDELT rows.
        assert!(stats["events"].as_u64().unwrap_or(0) > 12_000, "{stats}");
    });
    let _ = child.kill();
    let _ = child.wait();
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

#[test]
fn report_ingest_stores_events_once() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let report = Path::new(env!("CARGO_MANIFEST_DIR")).join("../extract/test_data/iskp_report.txt");
    let ingest = |dir: &Path| {
        run_ok(
            sitrep(dir)
                .args(["ingest", "--format", "report", "--published", "2024-04-15"])
                .arg(&report),
        )
    };
    let first = ingest(dir.path());
    assert!(first.contains("), new:"), "{first}");
    assert!(summary_count(&first, "inserted") >= 5, "{first}");
    let second = ingest(dir.path());
    assert!(second.contains("), already stored:"), "{second}");
    assert_eq!(summary_count(&second, "inserted"), 0, "{second}");
    assert_eq!(summary_count(&second, "updated"), 0, "{second}");
    assert_eq!(
        summary_count(&second, "unchanged"),
        summary_count(&first, "inserted")
    );
    let page = json(&run_ok(sitrep(dir.path()).args([
        "events",
        "--text",
        "Krasnogorsk",
        "--format",
        "json",
    ])));
    let event = &page["events"][0];
    assert_eq!(event["location"]["country"], "RU", "{page}");
    assert_eq!(event["sources"][0]["dataset"], "report");
    assert!(
        event["notes"]
            .as_str()
            .is_some_and(|n| n.contains("Crocus City Hall")),
        "{page}"
    );
}

/// Serves `body` as text/html to every request on a local port until dropped.
fn serve_page(body: Vec<u8>) -> (String, std::thread::JoinHandle<()>) {
    let listener =
        std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("binding: {e}"));
    let url = format!(
        "http://{}/beyond-borders.html",
        listener.local_addr().unwrap_or_else(|e| panic!("{e}"))
    );
    let server = std::thread::spawn(move || {
        // One request: the refused attempt never connects.
        for stream in listener.incoming().take(1) {
            let Ok(mut stream) = stream else { continue };
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    (url, server)
}

#[test]
fn report_ingest_reads_a_url_through_the_guarded_fetcher() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let page = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../extract/test_data/iskp_report.html"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (url, server) = serve_page(page);
    // A loopback address is refused by default, and nothing is stored.
    let refused = sitrep(dir.path())
        .args(["ingest", "--format", "report", &url])
        .env_remove("SITREP_ALLOW_PRIVATE_FETCH")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("127.0.0.1"), "{stderr}");
    // Allowed by the switch, the page is fetched, read as HTML and stored with its URL.
    let out = run_ok(
        sitrep(dir.path())
            .args([
                "ingest",
                "--format",
                "report",
                "--published",
                "2024-04-15",
                &url,
            ])
            .env("SITREP_ALLOW_PRIVATE_FETCH", "1"),
    );
    assert!(summary_count(&out, "inserted") >= 5, "{out}");
    let _ = server.join();
    let page = json(&run_ok(sitrep(dir.path()).args([
        "events",
        "--text",
        "Krasnogorsk",
        "--format",
        "json",
    ])));
    let event = &page["events"][0];
    assert_eq!(event["location"]["country"], "RU", "{page}");
    assert_eq!(event["sources"][0]["url"], url.as_str(), "{page}");
}
