//! The scale-out path end to end, against a real NATS server with JetStream
//! (127.0.0.1:4222, or `SITREP_TEST_NATS`): documents built from the real
//! feed captures in ../shared/data/feeds published to the queue and stored
//! by `sitrep worker --once` with their events; an item published twice
//! stored once; a malformed message dead-lettered; a document taken by a
//! worker that died read by the next after the ack wait, and stored once;
//! and `sitrep feeds poll --queue` publishing what `sitrep worker` stores.
//! Each test names its own queue (`--pg-schema`), deleted when it ends.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use sitrep_bus::testing::nats_url;
use sitrep_bus::{BodyFormat, Bus, BusConfig, Document};
use sitrep_feeds::ItemDocument;
use sitrep_store::{SqliteStore, Store};

mod common;
use common::*;

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

/// A queue of its own for one test, with a runtime to publish from.
struct Queue {
    url: String,
    schema: String,
    runtime: tokio::runtime::Runtime,
    bus: Bus,
}

impl Queue {
    fn new(test: &str, config: BusConfig) -> Queue {
        let url = nats_url();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        let schema = format!("cli_{test}_{}_{nanos}", std::process::id());
        let runtime = ok(tokio::runtime::Runtime::new());
        let bus = ok(runtime.block_on(Bus::connect(&url, &schema, config)));
        Queue {
            url,
            schema,
            runtime,
            bus,
        }
    }

    fn publish(&self, doc: &Document) -> sitrep_bus::Published {
        ok(self.runtime.block_on(self.bus.publish_document(doc)))
    }

    /// `sitrep` on the store in `data`, with this queue.
    fn sitrep(&self, data: &Path) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_sitrep"));
        cmd.arg("--data").arg(data).args([
            "--log",
            "warn",
            "--queue",
            &self.url,
            "--pg-schema",
            &self.schema,
        ]);
        for var in ["SITREP_DATA", "SITREP_STORE", "RUST_LOG", "SITREP_QUEUE"] {
            cmd.env_remove(var);
        }
        cmd
    }
}

/// The queue's streams are deleted when the test ends (pass or fail).
impl Drop for Queue {
    fn drop(&mut self) {
        if let Err(e) = self.runtime.block_on(self.bus.delete_streams()) {
            eprintln!("could not delete the queue {}: {e}", self.schema);
        }
    }
}

fn capture(name: &str) -> Vec<u8> {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/feeds")
        .join(name);
    ok(std::fs::read(path))
}

/// The queue documents of the ReliefWeb capture's items, as the poller
/// publishes them.
fn reliefweb_documents() -> Vec<Document> {
    let feed = ok(sitrep_feeds::parse(
        "reliefweb",
        &capture("reliefweb_disasters_rss_sample.xml"),
    ));
    feed.items
        .iter()
        .filter_map(|item| {
            ItemDocument::of_item(7, "https://reliefweb.int/disasters/rss.xml", item)
        })
        .map(|d| Document {
            feed_id: Some(d.feed_id),
            guid: Some(d.guid),
            title: d.title,
            url: d.url,
            published: d.published,
            retrieved: None,
            format: BodyFormat::Html,
            body: d.html,
        })
        .collect()
}

/// How many events `sitrep extract` finds in these documents, read as the
/// worker reads them (HTML, with the item's publication date): what the
/// worker must store.
fn extracted_events(docs: &[&Document]) -> u64 {
    let dir = ok(tempfile::tempdir());
    let mut total = 0;
    for (i, doc) in docs.iter().enumerate() {
        let file = dir.path().join(format!("{i}.html"));
        ok(std::fs::write(&file, &doc.body));
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_sitrep"));
        cmd.args(["--log", "warn", "extract", "--input-format", "html"]);
        if let Some(published) = doc.published {
            cmd.arg("--published")
                .arg(published.date_naive().to_string());
        }
        let out = json(&run_ok(cmd.arg(&file)));
        total += out["events"].as_array().map_or(0, |e| e.len() as u64);
    }
    total
}

fn store(data: &Path) -> SqliteStore {
    ok(SqliteStore::open(data.join("sitrep.db")))
}

#[test]
fn a_worker_stores_queued_documents_with_their_events() {
    let queue = Queue::new("store", BusConfig::default());
    let dir = ok(tempfile::tempdir());
    let docs = reliefweb_documents();
    assert_eq!(docs.len(), 7);
    // Three disaster reports: what matters here is that each is stored
    // with the events the extractor finds in it, whatever they are.
    for doc in [&docs[2], &docs[3], &docs[5]] {
        assert!(!queue.publish(doc).duplicate);
    }
    let out = run_ok(queue.sitrep(dir.path()).args(["worker", "--once"]));
    assert!(out.starts_with("3 documents stored"), "{out}");
    let store = store(dir.path());
    let reports = ok(store.reports(10));
    assert_eq!(reports.len(), 3);
    let mut titles: Vec<_> = reports.iter().filter_map(|r| r.title.clone()).collect();
    titles.sort();
    let mut expected: Vec<_> = [&docs[2], &docs[3], &docs[5]]
        .iter()
        .filter_map(|d| d.title.clone())
        .collect();
    expected.sort();
    assert_eq!(titles, expected);
    let events = ok(store.stats()).events;
    let expected = extracted_events(&[&docs[2], &docs[3], &docs[5]]);
    assert!(expected >= 1, "the documents give no event to store");
    assert_eq!(events, expected);
    // Nothing is left: a second worker finds the queue empty.
    let out = run_ok(queue.sitrep(dir.path()).args(["worker", "--once"]));
    assert!(out.starts_with("0 documents stored"), "{out}");
}

#[test]
fn an_item_published_twice_is_stored_once() {
    let queue = Queue::new("twice", BusConfig::default());
    let dir = ok(tempfile::tempdir());
    // An item that tells of an incident, so that its events are there to
    // be stored twice (most of the feed's disasters give none).
    let doc = reliefweb_documents()
        .into_iter()
        .find(|d| extracted_events(&[d]) >= 1)
        .unwrap_or_else(|| panic!("no item of the capture gives an event"));
    let expected = extracted_events(&[&doc]);
    let first = queue.publish(&doc);
    let again = queue.publish(&doc);
    assert!(
        again.duplicate,
        "the duplicate window dropped the re-publish"
    );
    assert_eq!(again.sequence, first.sequence);
    // Past the window (another message id), storing it again changes nothing.
    let payload = ok(serde_json::to_vec(&doc));
    ok(queue
        .runtime
        .block_on(queue.bus.publish_raw(payload, Some("another-id"))));
    let out = run_ok(queue.sitrep(dir.path()).args(["worker", "--once"]));
    assert!(out.starts_with("2 documents stored"), "{out}");
    let store = store(dir.path());
    assert_eq!(ok(store.reports(10)).len(), 1);
    assert_eq!(ok(store.stats()).events, expected);
}

#[test]
fn a_malformed_message_goes_to_the_dead_letter_subject() {
    let queue = Queue::new("dead", BusConfig::default());
    let dir = ok(tempfile::tempdir());
    ok(queue
        .runtime
        .block_on(queue.bus.publish_raw(b"<rss>not json</rss>".to_vec(), None)));
    queue.publish(&reliefweb_documents()[0]);
    let out = run_ok(queue.sitrep(dir.path()).args(["worker", "--once"]));
    assert!(
        out.contains("1 documents stored") && out.contains("1 dead-lettered"),
        "{out}"
    );
    let letters = ok(queue.runtime.block_on(queue.bus.dead_letters()));
    assert_eq!(letters.len(), 1);
    assert!(letters[0].error.contains("not a document"), "{letters:?}");
    assert_eq!(letters[0].payload, "<rss>not json</rss>");
    assert_eq!(ok(store(dir.path()).reports(10)).len(), 1);
}

#[test]
fn a_document_a_dead_worker_took_is_stored_by_the_next_once() {
    use futures_util::StreamExt;
    let config = BusConfig {
        ack_wait: Duration::from_secs(2),
        ..BusConfig::default()
    };
    let queue = Queue::new("redeliver", config);
    let dir = ok(tempfile::tempdir());
    queue.publish(&reliefweb_documents()[3]);
    // A worker takes it and dies before its ack.
    queue.runtime.block_on(async {
        let consumer = ok(queue.bus.consumer().await);
        let mut batch = ok(consumer.batch().max_messages(1).messages().await);
        assert!(batch.next().await.map(ok).is_some());
    });
    std::thread::sleep(Duration::from_millis(2500));
    let out = run_ok(queue.sitrep(dir.path()).args(["worker", "--once"]));
    assert!(out.starts_with("1 documents stored"), "{out}");
    let out = run_ok(queue.sitrep(dir.path()).args(["worker", "--once"]));
    assert!(out.starts_with("0 documents stored"), "{out}");
    let store = store(dir.path());
    assert_eq!(ok(store.reports(10)).len(), 1);
}

/// Serves `body` as RSS at every path, on a free loopback port.
fn serve_rss(body: Vec<u8>) -> String {
    let listener = ok(TcpListener::bind("127.0.0.1:0"));
    let base = format!("http://{}", ok(listener.local_addr()));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(ok(stream.try_clone()));
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    base
}

#[test]
fn feeds_poll_publishes_and_the_worker_stores() {
    let queue = Queue::new("poll", BusConfig::default());
    let dir = ok(tempfile::tempdir());
    let base = serve_rss(capture("reliefweb_disasters_rss_sample.xml"));
    run_ok(queue.sitrep(dir.path()).args([
        "feeds",
        "add",
        &format!("{base}/rss.xml"),
        "--kind",
        "rss",
    ]));
    let poll = || {
        run_ok(
            queue
                .sitrep(dir.path())
                .env("SITREP_ALLOW_PRIVATE_FETCH", "1")
                .args(["feeds", "poll", "--once"]),
        )
    };
    let out = poll();
    assert!(out.contains("7 items, 7 new (7 queued)"), "{out}");
    // Queued, not read: no report yet, but the items are seen.
    assert!(ok(store(dir.path()).reports(10)).is_empty());
    let out = poll();
    assert!(out.contains("7 items, 0 new"), "{out}");
    let list = json(&run_ok(
        queue
            .sitrep(dir.path())
            .args(["feeds", "list", "--format", "json"]),
    ));
    assert_eq!(list["feeds"][0]["health"]["items_total"], 7, "{list}");
    let out = run_ok(queue.sitrep(dir.path()).args(["worker", "--once"]));
    assert!(out.starts_with("7 documents stored"), "{out}");
    let store = store(dir.path());
    assert_eq!(ok(store.reports(10)).len(), 7);
    let docs = reliefweb_documents();
    let all: Vec<&Document> = docs.iter().collect();
    assert_eq!(ok(store.stats()).events, extracted_events(&all));
}

#[test]
fn a_worker_without_a_queue_or_nats_says_so() {
    let dir = ok(tempfile::tempdir());
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    cmd.arg("--data").arg(dir.path()).env_remove("SITREP_QUEUE");
    let err = run_fails(cmd.args(["worker", "--once"]));
    assert!(err.contains("needs --queue"), "{err}");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    cmd.arg("--data").arg(dir.path()).args([
        "--queue",
        "nats://127.0.0.1:1",
        "feeds",
        "poll",
        "--once",
    ]);
    let err = run_fails(&mut cmd);
    assert!(err.contains("connecting to NATS"), "{err}");
}

const POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// Drops the PostgreSQL schema `name` when the test ends (pass or fail).
struct DropSchema(String, String);

impl Drop for DropSchema {
    fn drop(&mut self) {
        let sql = format!("DROP SCHEMA IF EXISTS {} CASCADE", self.1);
        match postgres::Client::connect(&self.0, postgres::NoTls) {
            Ok(mut client) => {
                if let Err(e) = client.batch_execute(&sql) {
                    eprintln!("could not drop schema {}: {e}", self.1);
                }
            }
            Err(e) => eprintln!("could not drop schema {}: {e}", self.1),
        }
    }
}

#[test]
fn two_workers_share_the_queue_of_a_postgres_store() {
    let pg = std::env::var("SITREP_TEST_POSTGRES_URL").unwrap_or_else(|_| POSTGRES_URL.into());
    let queue = Queue::new("pg", BusConfig::default());
    let _drop = DropSchema(pg.clone(), queue.schema.clone());
    let dir = ok(tempfile::tempdir());
    let docs = reliefweb_documents();
    for doc in &docs {
        queue.publish(doc);
    }
    // One item again past the duplicate window: stored once all the same.
    let payload = ok(serde_json::to_vec(&docs[2]));
    ok(queue
        .runtime
        .block_on(queue.bus.publish_raw(payload, Some("another-id"))));
    // The store's schema is made before the workers race to migrate it.
    run_ok(queue.sitrep(dir.path()).args(["--store", &pg, "stats"]));
    let workers: Vec<_> = (0..2)
        .map(|_| {
            ok(queue
                .sitrep(dir.path())
                .args(["--store", &pg, "worker", "--once"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn())
        })
        .collect();
    let mut stored = 0;
    for worker in workers {
        let out = ok(worker.wait_with_output());
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let n: usize = stdout
            .split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{stdout}"));
        stored += n;
    }
    assert_eq!(stored, 8);
    let store = ok(sitrep_store::PgStore::connect(&pg, &queue.schema));
    assert_eq!(ok(store.reports(20)).len(), 7);
    let all: Vec<&Document> = docs.iter().collect();
    assert_eq!(ok(store.stats()).events, extracted_events(&all));
}

/// Kills the child process when the test ends (pass or fail).
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serve_publishes_polled_items_for_workers() {
    let queue = Queue::new("serve", BusConfig::default());
    let dir = ok(tempfile::tempdir());
    let base = serve_rss(capture("reliefweb_disasters_rss_sample.xml"));
    run_ok(queue.sitrep(dir.path()).args([
        "feeds",
        "add",
        &format!("{base}/rss.xml"),
        "--kind",
        "rss",
    ]));
    let port = ok(TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr())).port();
    let server = KillOnDrop(ok(queue
        .sitrep(dir.path())
        .env("SITREP_ALLOW_PRIVATE_FETCH", "1")
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()));
    // The background poller polls the due feed at start.
    let deadline = std::time::Instant::now() + Duration::from_secs(90);
    loop {
        let list = json(&run_ok(
            queue
                .sitrep(dir.path())
                .args(["feeds", "list", "--format", "json"]),
        ));
        if list["feeds"][0]["health"]["items_total"] == 7 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the feed was never polled: {list}"
        );
        std::thread::sleep(Duration::from_millis(300));
    }
    drop(server);
    assert!(ok(store(dir.path()).reports(10)).is_empty());
    let out = run_ok(queue.sitrep(dir.path()).args(["worker", "--once"]));
    assert!(out.starts_with("7 documents stored"), "{out}");
    assert_eq!(ok(store(dir.path()).reports(10)).len(), 7);
}
