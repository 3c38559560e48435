//! The queue against a real NATS server with JetStream (127.0.0.1:4222, or
//! `SITREP_TEST_NATS`): duplicates dropped, malformed and failing messages
//! dead-lettered, a document taken by a worker that dies delivered to the
//! next one after the ack wait. Each test has its own schema (streams),
//! deleted when it ends.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use sitrep_bus::testing::nats_url;
use sitrep_bus::{BodyFormat, Bus, BusConfig, Document, WorkMode};

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

fn schema(test: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!("test_{test}_{}_{nanos}", std::process::id())
}

/// Deletes a test's streams when it ends (pass or fail), over a connection
/// of its own (the test's runtime is busy dropping the test).
struct Cleanup(String);

impl Drop for Cleanup {
    fn drop(&mut self) {
        let schema = self.0.clone();
        let done = std::thread::spawn(move || {
            let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
            runtime
                .block_on(async {
                    let bus = Bus::connect(&nats_url(), &schema, BusConfig::default()).await?;
                    bus.delete_streams().await
                })
                .map_err(|e| e.to_string())
        })
        .join();
        if let Ok(Err(e)) = done {
            eprintln!("could not delete the queue {}: {e}", self.0);
        }
    }
}

/// A queue of the test's own, and the guard deleting it.
async fn bus(test: &str, config: BusConfig) -> (Bus, Cleanup) {
    let schema = schema(test);
    let bus = ok(Bus::connect(&nats_url(), &schema, config).await);
    (bus, Cleanup(schema))
}

fn doc(guid: &str, body: &str) -> Document {
    Document {
        feed_id: Some(1),
        guid: Some(guid.into()),
        title: None,
        url: None,
        published: None,
        retrieved: None,
        format: BodyFormat::Html,
        body: body.into(),
    }
}

type Seen = Arc<Mutex<Vec<String>>>;

/// A handler recording the bodies it was given.
fn recorder() -> (
    Seen,
    impl Fn(Document) -> Result<String, String> + Send + Sync + 'static,
) {
    let seen: Seen = Arc::default();
    let shared = Arc::clone(&seen);
    let handler = move |d: Document| {
        shared
            .lock()
            .map_err(|e| e.to_string())?
            .push(d.body.clone());
        Ok("recorded".to_owned())
    };
    (seen, handler)
}

fn seen(seen: &Seen) -> Vec<String> {
    seen.lock().map(|v| v.clone()).unwrap_or_default()
}

#[tokio::test]
async fn documents_are_published_once_and_handled() {
    let (bus, _cleanup) = bus("publish", BusConfig::default()).await;
    let first = ok(bus.publish_document(&doc("a", "<p>one</p>")).await);
    assert!(!first.duplicate);
    // The same item again: dropped by the duplicate window.
    let again = ok(bus.publish_document(&doc("a", "<p>one</p>")).await);
    assert!(again.duplicate);
    assert_eq!(again.sequence, first.sequence);
    ok(bus.publish_document(&doc("b", "<p>two</p>")).await);
    // An invalid document is refused before it is published.
    assert!(bus.publish_document(&doc("c", " ")).await.is_err());
    let (record, handler) = recorder();
    let stats = ok(bus.work(handler, WorkMode::Drain).await);
    assert_eq!(stats.handled, 2);
    assert_eq!(stats.dead, 0);
    assert_eq!(seen(&record), ["<p>one</p>", "<p>two</p>"]);
    // Acknowledged documents are gone (work-queue retention).
    let (record, handler) = recorder();
    assert_eq!(ok(bus.work(handler, WorkMode::Drain).await).handled, 0);
    assert!(seen(&record).is_empty());
}

#[tokio::test]
async fn malformed_and_failing_messages_are_dead_lettered() {
    let config = BusConfig {
        max_deliver: 2,
        ..BusConfig::default()
    };
    let (bus, _cleanup) = bus("dead", config).await;
    ok(bus.publish_raw(b"{not json".to_vec(), None).await);
    ok(bus
        .publish_raw(
            br#"{"format":"html","body":"x","feed_id":4}"#.to_vec(),
            None,
        )
        .await);
    ok(bus
        .publish_document(&doc("fails", "<p>store down</p>"))
        .await);
    ok(bus.publish_document(&doc("works", "<p>fine</p>")).await);
    let (record, recording) = recorder();
    let handler = move |d: Document| {
        if d.body.contains("store down") {
            Err("the store is down".to_owned())
        } else {
            recording(d)
        }
    };
    let stats = ok(bus.work(handler, WorkMode::Drain).await);
    assert_eq!(seen(&record), ["<p>fine</p>"]);
    assert_eq!(stats.handled, 1);
    assert_eq!(stats.retried, 1, "{stats:?}");
    assert_eq!(stats.dead, 3, "{stats:?}");
    let letters = ok(bus.dead_letters().await);
    assert_eq!(letters.len(), 3, "{letters:?}");
    assert!(letters[0].error.contains("not a document"), "{letters:?}");
    assert_eq!(letters[0].payload, "{not json");
    assert!(letters[1].error.contains("guid"), "{letters:?}");
    assert_eq!(letters[2].error, "the store is down");
    assert_eq!(letters[2].delivered, 2);
    // Nothing is left to take.
    let (_, handler) = recorder();
    assert_eq!(
        ok(bus.work(handler, WorkMode::Drain).await),
        Default::default()
    );
}

#[tokio::test]
async fn a_document_taken_by_a_dead_worker_goes_to_the_next() {
    use futures_util::StreamExt;
    let config = BusConfig {
        ack_wait: Duration::from_secs(1),
        ..BusConfig::default()
    };
    let (bus, _cleanup) = bus("redeliver", config).await;
    ok(bus.publish_document(&doc("a", "<p>taken</p>")).await);
    // A worker takes it and dies before its ack.
    {
        let consumer = ok(bus.consumer().await);
        let mut batch = ok(consumer.batch().max_messages(1).messages().await);
        let taken = batch.next().await.map(ok);
        assert!(taken.is_some());
    }
    // While its ack wait runs, nobody else gets it.
    let (record, handler) = recorder();
    assert_eq!(ok(bus.work(handler, WorkMode::Drain).await).handled, 0);
    assert!(seen(&record).is_empty());
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let (record, handler) = recorder();
    assert_eq!(ok(bus.work(handler, WorkMode::Drain).await).handled, 1);
    assert_eq!(seen(&record), ["<p>taken</p>"]);
}

#[tokio::test]
async fn a_document_no_worker_answered_on_its_last_delivery_is_dead_lettered() {
    use futures_util::StreamExt;
    let config = BusConfig {
        ack_wait: Duration::from_secs(1),
        max_deliver: 2,
        ..BusConfig::default()
    };
    let (bus, _cleanup) = bus("giveup", config).await;
    ok(bus
        .publish_document(&doc("a", "<p>never answered</p>"))
        .await);
    // Two workers in turn take it and die before their ack: JetStream stops
    // delivering it after the second.
    let consumer = ok(bus.consumer().await);
    for _ in 0..2 {
        let mut batch = ok(consumer
            .batch()
            .max_messages(1)
            .expires(Duration::from_secs(3))
            .messages()
            .await);
        let taken = batch.next().await.map(ok);
        assert!(taken.is_some(), "the document was not delivered");
    }
    // The next worker moves it to the dead letters once the last ack wait ran out.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let mut moved = 0;
    while moved == 0 && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let (record, handler) = recorder();
        moved = ok(bus.work(handler, WorkMode::Drain).await).dead;
        assert!(seen(&record).is_empty(), "it was delivered a third time");
    }
    assert_eq!(moved, 1, "the document was never dead-lettered");
    let letters = ok(bus.dead_letters().await);
    assert_eq!(letters.len(), 1);
    assert!(
        letters[0].error.contains("no worker answered"),
        "{letters:?}"
    );
    assert_eq!(letters[0].delivered, 2);
    assert!(letters[0].payload.contains("never answered"));
    // The work queue holds nothing any more, and a later sweep adds nothing.
    let mut stream = ok(bus.jetstream().get_stream(&bus.names().stream).await);
    assert_eq!(ok(stream.info().await).state.messages, 0);
    let (_, handler) = recorder();
    assert_eq!(ok(bus.work(handler, WorkMode::Drain).await).dead, 0);
    assert_eq!(ok(bus.dead_letters().await).len(), 1);
}
