//! sitrep's work queue on NATS JetStream: the scale-out path for reading feed
//! items. Pollers publish each new item's [`Document`]; any number of
//! workers, on any machines, take documents from one durable pull consumer,
//! extract and store them, and acknowledge each only after the store
//! committed it.
//!
//! Per store schema `S` there are two streams, created idempotently by
//! [`Bus::connect`]:
//!
//! - `SITREP_<S>` on `sitrep.<S>.documents`: work-queue retention (a
//!   document is deleted once a worker acknowledged it), file storage, and a
//!   duplicate window: every publish carries a `Nats-Msg-Id` (the feed and
//!   the item's guid, or the hash of the text), so an item published twice
//!   within the window is stored in the stream once. The durable pull
//!   consumer `extractors` has explicit acks, an ack wait (a document taken
//!   by a worker that dies is delivered again when it runs out) and
//!   `max_deliver`.
//! - `SITREP_<S>_DEAD` on `sitrep.<S>.dead`: documents that failed
//!   `max_deliver` times, and messages that are not documents at all, as a
//!   [`DeadLetter`] naming the error (kept 30 days, for an admin to inspect:
//!   `nats stream view SITREP_<S>_DEAD`).
//! - `SITREP_<S>_GIVEUP`: JetStream's advisories of documents it stopped
//!   delivering after `max_deliver` deliveries that no worker answered (the
//!   worker taking the last one died or ran out of its ack wait). Such a
//!   document would otherwise sit in the work queue forever; every worker
//!   moves it to the dead letters on its next pull ([`Bus::work`]).
//!
//! The crate knows nothing of the store or the extractor: [`Bus::work`]
//! runs a handler the caller gives on tokio's blocking pool (store clients
//! block), and [`blocking::Publisher`] lets the synchronous feed poller
//! publish from a plain thread.

pub mod blocking;
pub mod testing;

use std::sync::Arc;
use std::time::Duration;

use async_nats::HeaderMap;
use async_nats::jetstream::{self, AckKind, consumer, stream};
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};

/// The durable consumer every worker shares.
pub const CONSUMER: &str = "extractors";

/// Largest document body accepted (bytes).
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// Why the queue could not be used.
#[derive(Debug, thiserror::Error)]
pub enum BusError {
    #[error("{0:?} cannot name a queue: use ASCII letters, digits, '_' and '-'")]
    Name(String),
    #[error(
        "connecting to NATS at {url}: {error} (is nats-server running with JetStream, \
         e.g. `nats-server -js`?)"
    )]
    Connect { url: String, error: String },
    #[error("setting up JetStream {what}: {error}")]
    Setup { what: String, error: String },
    #[error("publishing to {subject}: {error}")]
    Publish { subject: String, error: String },
    #[error("taking documents from {stream}: {error}")]
    Consume { stream: String, error: String },
    #[error("invalid document: {0}")]
    Invalid(String),
    #[error("starting the NATS client's runtime: {0}")]
    Runtime(std::io::Error),
}

/// How a document's body is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyFormat {
    Html,
    Text,
}

/// One document to read: a feed item's HTML (its title as a heading, then its
/// body) or a plain text, with what is known about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The feed it came from (absent for documents not from a feed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feed_id: Option<i64>,
    /// The item's guid in that feed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<DateTime<Utc>>,
    /// When the poller fetched it (the extractor's reference for dates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrieved: Option<DateTime<Utc>>,
    pub format: BodyFormat,
    pub body: String,
}

impl Document {
    /// Checks what serde cannot: a body that is not blank and not too long, a
    /// guid with every feed id.
    pub fn validate(&self) -> Result<(), BusError> {
        if self.body.trim().is_empty() {
            return Err(BusError::Invalid("the body is empty".into()));
        }
        if self.body.len() > MAX_BODY_BYTES {
            return Err(BusError::Invalid(format!(
                "the body has {} bytes, more than {MAX_BODY_BYTES}",
                self.body.len()
            )));
        }
        if self.feed_id.is_some() && self.guid.as_deref().is_none_or(|g| g.trim().is_empty()) {
            return Err(BusError::Invalid(
                "a feed document needs its item's guid".into(),
            ));
        }
        Ok(())
    }

    /// Reads and validates a message payload.
    pub fn from_json(payload: &[u8]) -> Result<Document, BusError> {
        let doc: Document = serde_json::from_slice(payload)
            .map_err(|e| BusError::Invalid(format!("not a document: {e}")))?;
        doc.validate()?;
        Ok(doc)
    }

    /// The `Nats-Msg-Id` JetStream deduplicates on: the feed and a hash of
    /// the guid for a feed item, else a hash of the body.
    pub fn message_id(&self) -> String {
        let hex = |s: &str| blake3::hash(s.as_bytes()).to_hex()[..32].to_owned();
        match (self.feed_id, &self.guid) {
            (Some(feed), Some(guid)) => format!("feed-{feed}-{}", hex(guid)),
            _ => format!("text-{}", hex(&self.body)),
        }
    }

    /// A short label for logs.
    pub fn label(&self) -> String {
        match (self.feed_id, &self.guid) {
            (Some(feed), Some(guid)) => format!("feed {feed} item {guid}"),
            _ => self
                .url
                .clone()
                .or_else(|| self.title.clone())
                .unwrap_or_else(|| self.message_id()),
        }
    }
}

/// What the dead-letter subject holds for each message given up on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeadLetter {
    /// Why it was given up on.
    pub error: String,
    /// Deliveries it had.
    pub delivered: i64,
    /// Its sequence in the documents stream.
    pub stream_sequence: u64,
    pub at: DateTime<Utc>,
    /// The message as it was (invalid UTF-8 replaced).
    pub payload: String,
}

/// JetStream's advisory that it stopped delivering a message (the fields read of it).
#[derive(Debug, Deserialize)]
struct MaxDeliveries {
    stream_seq: u64,
    deliveries: i64,
}

/// Queue settings. The consumer's are fixed when it is first created.
#[derive(Debug, Clone)]
pub struct BusConfig {
    /// How long a taken document waits for its ack before it is delivered again.
    pub ack_wait: Duration,
    /// Deliveries before a failing document is dead-lettered.
    pub max_deliver: i64,
    /// How long JetStream remembers message ids to drop re-publishes.
    pub duplicate_window: Duration,
    /// Documents taken per pull.
    pub batch: usize,
}

impl Default for BusConfig {
    fn default() -> Self {
        BusConfig {
            ack_wait: Duration::from_secs(60),
            max_deliver: 5,
            duplicate_window: Duration::from_secs(2 * 3600),
            batch: 16,
        }
    }
}

/// The subjects and streams of one store schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    pub stream: String,
    pub subject: String,
    pub dead_stream: String,
    pub dead_subject: String,
    /// The stream keeping JetStream's max-deliveries advisories of the consumer.
    pub giveup_stream: String,
    pub giveup_subject: String,
}

impl Names {
    /// The names for schema `schema` (letters, digits, `_`, `-`).
    pub fn new(schema: &str) -> Result<Names, BusError> {
        let valid = !schema.is_empty()
            && schema.len() <= 64
            && schema
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !valid {
            return Err(BusError::Name(schema.to_owned()));
        }
        let upper = schema.to_ascii_uppercase();
        Ok(Names {
            stream: format!("SITREP_{upper}"),
            subject: format!("sitrep.{schema}.documents"),
            dead_stream: format!("SITREP_{upper}_DEAD"),
            dead_subject: format!("sitrep.{schema}.dead"),
            giveup_stream: format!("SITREP_{upper}_GIVEUP"),
            giveup_subject: format!(
                "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.SITREP_{upper}.{CONSUMER}"
            ),
        })
    }
}

/// What a publish did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Published {
    pub sequence: u64,
    /// JetStream had the message id already (within the duplicate window).
    pub duplicate: bool,
}

/// Whether [`Bus::work`] returns when the queue is empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkMode {
    /// Until a pull finds nothing (`sitrep worker --once`).
    Drain,
    /// Until the task is dropped.
    Forever,
}

/// What [`Bus::work`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WorkStats {
    /// Documents handled and acknowledged.
    pub handled: u64,
    /// Failed attempts handed back for another delivery.
    pub retried: u64,
    /// Messages moved to the dead-letter subject.
    pub dead: u64,
}

/// A connection to the queue of one store schema.
#[derive(Clone)]
pub struct Bus {
    client: async_nats::Client,
    js: jetstream::Context,
    names: Names,
    config: BusConfig,
}

impl Bus {
    /// Connects to `url` (`nats://HOST:PORT`) and creates the schema's
    /// streams when missing (existing ones are used as they are).
    pub async fn connect(url: &str, schema: &str, config: BusConfig) -> Result<Bus, BusError> {
        let names = Names::new(schema)?;
        let client = async_nats::ConnectOptions::new()
            .name("sitrep")
            .connection_timeout(Duration::from_secs(5))
            .connect(url)
            .await
            .map_err(|e| BusError::Connect {
                url: url.to_owned(),
                error: e.to_string(),
            })?;
        let js = jetstream::new(client.clone());
        let setup = |what: &str| {
            let what = what.to_owned();
            move |e: jetstream::context::CreateStreamError| BusError::Setup {
                what,
                error: e.to_string(),
            }
        };
        js.get_or_create_stream(stream::Config {
            name: names.stream.clone(),
            subjects: vec![names.subject.clone()],
            retention: stream::RetentionPolicy::WorkQueue,
            storage: stream::StorageType::File,
            duplicate_window: config.duplicate_window,
            ..Default::default()
        })
        .await
        .map_err(setup(&format!("stream {}", names.stream)))?;
        js.get_or_create_stream(stream::Config {
            name: names.dead_stream.clone(),
            subjects: vec![names.dead_subject.clone()],
            retention: stream::RetentionPolicy::Limits,
            storage: stream::StorageType::File,
            max_age: Duration::from_secs(30 * 86_400),
            ..Default::default()
        })
        .await
        .map_err(setup(&format!("stream {}", names.dead_stream)))?;
        js.get_or_create_stream(stream::Config {
            name: names.giveup_stream.clone(),
            subjects: vec![names.giveup_subject.clone()],
            retention: stream::RetentionPolicy::Limits,
            storage: stream::StorageType::File,
            max_age: Duration::from_secs(30 * 86_400),
            ..Default::default()
        })
        .await
        .map_err(setup(&format!("stream {}", names.giveup_stream)))?;
        Ok(Bus {
            client,
            js,
            names,
            config,
        })
    }

    pub fn names(&self) -> &Names {
        &self.names
    }

    /// The JetStream context (for admin tools and tests).
    pub fn jetstream(&self) -> &jetstream::Context {
        &self.js
    }

    /// Publishes a document and waits for JetStream's ack: once this
    /// returns `Ok` the document is stored in the stream.
    pub async fn publish_document(&self, doc: &Document) -> Result<Published, BusError> {
        doc.validate()?;
        let payload = serde_json::to_vec(doc).map_err(|e| BusError::Invalid(e.to_string()))?;
        self.publish_raw(payload, Some(&doc.message_id())).await
    }

    /// Publishes any payload on the documents subject (tests of what workers
    /// do with malformed messages use it).
    pub async fn publish_raw(
        &self,
        payload: Vec<u8>,
        message_id: Option<&str>,
    ) -> Result<Published, BusError> {
        let mut headers = HeaderMap::new();
        if let Some(id) = message_id {
            headers.insert("Nats-Msg-Id", id);
        }
        let err = |e: String| BusError::Publish {
            subject: self.names.subject.clone(),
            error: e,
        };
        let ack = self
            .js
            .publish_with_headers(self.names.subject.clone(), headers, payload.into())
            .await
            .map_err(|e| err(e.to_string()))?
            .await
            .map_err(|e| err(e.to_string()))?;
        Ok(Published {
            sequence: ack.sequence,
            duplicate: ack.duplicate,
        })
    }

    /// The shared durable pull consumer, created when missing.
    pub async fn consumer(&self) -> Result<consumer::PullConsumer, BusError> {
        let setup = |e: String| BusError::Setup {
            what: format!("consumer {CONSUMER} of {}", self.names.stream),
            error: e,
        };
        let stream = self
            .js
            .get_stream(&self.names.stream)
            .await
            .map_err(|e| setup(e.to_string()))?;
        stream
            .get_or_create_consumer(
                CONSUMER,
                consumer::pull::Config {
                    durable_name: Some(CONSUMER.to_owned()),
                    ack_policy: consumer::AckPolicy::Explicit,
                    ack_wait: self.config.ack_wait,
                    max_deliver: self.config.max_deliver,
                    filter_subject: self.names.subject.clone(),
                    ..Default::default()
                },
            )
            .await
            .map_err(|e| setup(e.to_string()))
    }

    /// Takes documents and hands each to `handler` on the blocking pool; a
    /// document is acknowledged only after `handler` returned `Ok` (its
    /// summary is logged). A failure is handed back for another delivery,
    /// and dead-lettered on the last; a message that is not a valid
    /// document is dead-lettered at once. Never panics on a message.
    pub async fn work<F>(&self, handler: F, mode: WorkMode) -> Result<WorkStats, BusError>
    where
        F: Fn(Document) -> Result<String, String> + Send + Sync + 'static,
    {
        let handler = Arc::new(handler);
        let consumer = self.consumer().await?;
        let mut stats = WorkStats::default();
        let expires = match mode {
            WorkMode::Drain => Duration::from_millis(500),
            WorkMode::Forever => Duration::from_secs(10),
        };
        let consume_err = |e: String| BusError::Consume {
            stream: self.names.stream.clone(),
            error: e,
        };
        loop {
            if let Err(e) = self.sweep_given_up(&mut stats).await {
                tracing::warn!("queue: moving given-up documents to the dead letters: {e}");
            }
            let pulled = consumer
                .batch()
                .max_messages(self.config.batch.max(1))
                .expires(expires)
                .messages()
                .await;
            let mut batch = match (pulled, mode) {
                (Ok(batch), _) => batch,
                (Err(e), WorkMode::Drain) => return Err(consume_err(e.to_string())),
                // The client reconnects on its own: wait and pull again.
                (Err(e), WorkMode::Forever) => {
                    tracing::warn!("queue: pulling documents: {e}; retrying in 2 s");
                    tokio::time::sleep(Duration::from_secs(2)).await;
                    continue;
                }
            };
            let mut got = 0usize;
            while let Some(message) = batch.next().await {
                let message = match message {
                    Ok(m) => m,
                    Err(e) => {
                        tracing::warn!("queue: pulling a document: {e}");
                        continue;
                    }
                };
                got += 1;
                self.handle(&message, &handler, mode, &mut stats).await;
            }
            if got == 0 && mode == WorkMode::Drain {
                return Ok(stats);
            }
        }
    }

    async fn handle<F>(
        &self,
        message: &jetstream::Message,
        handler: &Arc<F>,
        mode: WorkMode,
        stats: &mut WorkStats,
    ) where
        F: Fn(Document) -> Result<String, String> + Send + Sync + 'static,
    {
        let (delivered, sequence) = match message.info() {
            Ok(info) => (info.delivered, info.stream_sequence),
            Err(e) => {
                tracing::warn!("queue: a message without JetStream metadata: {e}");
                (1, 0)
            }
        };
        let doc = match Document::from_json(&message.payload) {
            Ok(doc) => doc,
            Err(error) => {
                tracing::warn!(sequence, "queue: dead-lettering message: {error}");
                self.give_up(message, error.to_string(), delivered, sequence, stats)
                    .await;
                return;
            }
        };
        let label = doc.label();
        let h = Arc::clone(handler);
        let outcome = match tokio::task::spawn_blocking(move || h(doc)).await {
            Ok(outcome) => outcome,
            Err(e) => Err(format!("the handler failed: {e}")),
        };
        match outcome {
            Ok(summary) => {
                if let Err(e) = message.double_ack().await {
                    // Delivered again after the ack wait; storing is idempotent.
                    tracing::warn!(sequence, "queue: acknowledging {label}: {e}");
                } else {
                    stats.handled += 1;
                    tracing::info!(sequence, delivered, "{label}: {summary}");
                }
            }
            Err(error) if delivered >= self.config.max_deliver => {
                tracing::warn!(sequence, delivered, "{label}: {error}; dead-lettered");
                self.give_up(message, error, delivered, sequence, stats)
                    .await;
            }
            Err(error) => {
                tracing::warn!(sequence, delivered, "{label}: {error}; will retry");
                let delay = match mode {
                    WorkMode::Drain => None,
                    WorkMode::Forever => Some(Duration::from_secs(5 * delivered.max(1) as u64)),
                };
                if let Err(e) = message.ack_with(AckKind::Nak(delay)).await {
                    tracing::warn!(sequence, "queue: handing back {label}: {e}");
                }
                stats.retried += 1;
            }
        }
    }

    /// Publishes the message to the dead-letter subject with `error`, then
    /// acknowledges it. If the dead letter cannot be published the message
    /// is left unacknowledged, to be delivered again.
    async fn give_up(
        &self,
        message: &jetstream::Message,
        error: String,
        delivered: i64,
        sequence: u64,
        stats: &mut WorkStats,
    ) {
        let letter = DeadLetter {
            error,
            delivered,
            stream_sequence: sequence,
            at: Utc::now(),
            payload: String::from_utf8_lossy(&message.payload).into_owned(),
        };
        if let Err(e) = self.publish_dead(&letter).await {
            tracing::warn!(sequence, "queue: publishing the dead letter: {e}");
            return;
        }
        if let Err(e) = message.double_ack().await {
            tracing::warn!(
                sequence,
                "queue: acknowledging a dead-lettered message: {e}"
            );
        }
        stats.dead += 1;
    }

    /// Publishes a dead letter and waits for JetStream's ack. Its message id
    /// is the document's sequence, so two workers moving one document leave
    /// one letter.
    async fn publish_dead(&self, letter: &DeadLetter) -> Result<(), String> {
        let body = serde_json::to_vec(letter).map_err(|e| e.to_string())?;
        let mut headers = HeaderMap::new();
        let one_line: String = letter
            .error
            .chars()
            .filter(|c| !c.is_control())
            .take(500)
            .collect();
        headers.insert("Sitrep-Error", one_line.as_str());
        if letter.stream_sequence > 0 {
            let id = format!("dead-{}", letter.stream_sequence);
            headers.insert("Nats-Msg-Id", id.as_str());
        }
        self.js
            .publish_with_headers(self.names.dead_subject.clone(), headers, body.into())
            .await
            .map_err(|e| e.to_string())?
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    /// Moves every document JetStream gave up delivering without an answer
    /// (see the giveup stream in the crate docs) from the work queue to the
    /// dead letters, and forgets the advisory.
    async fn sweep_given_up(&self, stats: &mut WorkStats) -> Result<(), BusError> {
        let err = |e: String| BusError::Consume {
            stream: self.names.giveup_stream.clone(),
            error: e,
        };
        let (advisories, state) = self.stream_state(&self.names.giveup_stream).await?;
        if state.messages == 0 {
            return Ok(());
        }
        let (documents, _) = self.stream_state(&self.names.stream).await?;
        for seq in state.first_sequence..=state.last_sequence {
            let Ok(raw) = advisories.get_raw_message(seq).await else {
                continue;
            };
            if let Ok(advisory) = serde_json::from_slice::<MaxDeliveries>(&raw.payload) {
                // Gone when a worker answered after all, or another swept it.
                if let Ok(document) = documents.get_raw_message(advisory.stream_seq).await {
                    let letter = DeadLetter {
                        error: format!(
                            "no worker answered in {} deliveries (each stopped or ran out \
                             of its ack wait before acknowledging)",
                            advisory.deliveries
                        ),
                        delivered: advisory.deliveries,
                        stream_sequence: advisory.stream_seq,
                        at: Utc::now(),
                        payload: String::from_utf8_lossy(&document.payload).into_owned(),
                    };
                    self.publish_dead(&letter).await.map_err(&err)?;
                    tracing::warn!(
                        sequence = advisory.stream_seq,
                        deliveries = advisory.deliveries,
                        "queue: a document no worker answered was dead-lettered"
                    );
                    // Deleted after the letter is safe; a failure leaves it for the next sweep.
                    documents
                        .delete_message(advisory.stream_seq)
                        .await
                        .map_err(|e| err(e.to_string()))?;
                    stats.dead += 1;
                }
            }
            advisories
                .delete_message(seq)
                .await
                .map_err(|e| err(e.to_string()))?;
        }
        Ok(())
    }

    /// The stream `name` and what it holds now.
    async fn stream_state(
        &self,
        name: &str,
    ) -> Result<(jetstream::stream::Stream, stream::State), BusError> {
        let err = |e: String| BusError::Consume {
            stream: name.to_owned(),
            error: e,
        };
        let mut found = self
            .js
            .get_stream(name)
            .await
            .map_err(|e| err(e.to_string()))?;
        let state = found
            .info()
            .await
            .map_err(|e| err(e.to_string()))?
            .state
            .clone();
        Ok((found, state))
    }

    /// The dead letters held, oldest first (for admins and tests).
    pub async fn dead_letters(&self) -> Result<Vec<DeadLetter>, BusError> {
        let (stream, state) = self.stream_state(&self.names.dead_stream).await?;
        let mut letters = Vec::new();
        if state.messages == 0 {
            return Ok(letters);
        }
        for seq in state.first_sequence..=state.last_sequence {
            let Ok(raw) = stream.get_raw_message(seq).await else {
                continue;
            };
            if let Ok(letter) = serde_json::from_slice::<DeadLetter>(&raw.payload) {
                letters.push(letter);
            }
        }
        Ok(letters)
    }

    /// Deletes the schema's streams and their messages (tests clean up with it).
    pub async fn delete_streams(&self) -> Result<(), BusError> {
        for name in [
            &self.names.stream,
            &self.names.dead_stream,
            &self.names.giveup_stream,
        ] {
            self.js
                .delete_stream(name)
                .await
                .map_err(|e| BusError::Setup {
                    what: format!("stream {name}"),
                    error: e.to_string(),
                })?;
        }
        Ok(())
    }

    /// Waits until what was published has reached the server.
    pub async fn flush(&self) -> Result<(), BusError> {
        self.client.flush().await.map_err(|e| BusError::Publish {
            subject: self.names.subject.clone(),
            error: e.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Document {
        Document {
            feed_id: Some(3),
            guid: Some("https://example.org/a".into()),
            title: Some("A".into()),
            url: None,
            published: None,
            retrieved: None,
            format: BodyFormat::Html,
            body: "<p>Gunmen attacked Maiduguri.</p>".into(),
        }
    }

    #[test]
    fn names_and_ids() {
        let n = Names::new("team_a").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(n.stream, "SITREP_TEAM_A");
        assert_eq!(n.subject, "sitrep.team_a.documents");
        assert_eq!(n.dead_subject, "sitrep.team_a.dead");
        assert_eq!(n.giveup_stream, "SITREP_TEAM_A_GIVEUP");
        assert_eq!(
            n.giveup_subject,
            "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.SITREP_TEAM_A.extractors"
        );
        assert!(Names::new("a.b").is_err());
        assert!(Names::new("").is_err());
        assert!(Names::new("a b").is_err());
        let d = doc();
        assert!(d.message_id().starts_with("feed-3-"));
        assert_eq!(d.message_id(), doc().message_id());
        let text = Document {
            feed_id: None,
            guid: None,
            ..doc()
        };
        assert!(text.message_id().starts_with("text-"));
    }

    #[test]
    fn validation() {
        let json = serde_json::to_vec(&doc()).unwrap_or_default();
        assert_eq!(Document::from_json(&json).ok(), Some(doc()));
        for bad in [
            &b"not json"[..],
            br#"{"format":"html"}"#,
            br#"{"format":"pdf","body":"x"}"#,
            br#"{"format":"html","body":"  "}"#,
            br#"{"format":"html","body":"x","feed_id":1}"#,
        ] {
            assert!(
                matches!(Document::from_json(bad), Err(BusError::Invalid(_))),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}
