//! `--queue nats://HOST:PORT`: the NATS JetStream queue feed items go through
//! when extraction is scaled out. The poller publishes each new item's
//! document ([`QueueSink`]) instead of reading it; `sitrep worker` takes them
//! (`worker_cmd.rs`). The queue is named after the store's schema
//! (`--pg-schema`), so teams sharing a NATS server keep their own.

use chrono::{DateTime, Utc};
use sitrep_bus::blocking::Publisher;
use sitrep_bus::{BodyFormat, BusConfig, Document};
use sitrep_feeds::{DocumentSink, Handled, ItemDocument, PollError};

/// Where the queue is: the NATS URL and the schema naming its streams.
#[derive(Debug, Clone)]
pub struct Queue {
    pub url: String,
    pub schema: String,
}

/// Publishes feed documents to the queue; an item counts as seen once
/// JetStream acknowledged its publish.
pub struct QueueSink {
    publisher: Publisher,
}

impl QueueSink {
    /// Connects (outside any async runtime: it runs its own).
    pub fn connect(queue: &Queue) -> anyhow::Result<QueueSink> {
        let publisher = Publisher::connect(&queue.url, &queue.schema, BusConfig::default())?;
        tracing::info!(
            queue = %queue.url,
            subject = %publisher.bus().names().subject,
            "feed items are published for `sitrep worker`"
        );
        Ok(QueueSink { publisher })
    }
}

/// The queue's document for a feed item's document.
pub fn bus_document(doc: &ItemDocument, now: DateTime<Utc>) -> Document {
    Document {
        feed_id: Some(doc.feed_id),
        guid: Some(doc.guid.clone()),
        title: doc.title.clone(),
        url: doc.url.clone(),
        published: doc.published,
        retrieved: Some(now),
        format: BodyFormat::Html,
        body: doc.html.clone(),
    }
}

impl DocumentSink for QueueSink {
    fn accept(&self, doc: &ItemDocument, now: DateTime<Utc>) -> Result<Handled, PollError> {
        let published = self
            .publisher
            .publish_document(&bus_document(doc, now))
            .map_err(|e| PollError::Queue {
                feed: doc.feed_url.clone(),
                guid: doc.guid.clone(),
                error: e.to_string(),
            })?;
        tracing::debug!(
            feed_id = doc.feed_id,
            guid = %doc.guid,
            sequence = published.sequence,
            duplicate = published.duplicate,
            "queued"
        );
        Ok(Handled::Queued)
    }
}
