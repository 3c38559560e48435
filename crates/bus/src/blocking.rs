//! Publishing from synchronous code (the feed poller runs on a plain
//! thread): a [`Publisher`] owns a small tokio runtime that drives the NATS
//! connection, and blocks on each publish until JetStream acknowledged it.
//! Never call it from inside an async runtime.

use crate::{Bus, BusConfig, BusError, Document, Published};

/// A blocking handle on a [`Bus`].
pub struct Publisher {
    runtime: tokio::runtime::Runtime,
    bus: Bus,
}

impl Publisher {
    /// Connects to `url` and sets up the queue of `schema` (see [`Bus::connect`]).
    pub fn connect(url: &str, schema: &str, config: BusConfig) -> Result<Publisher, BusError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("nats-client")
            .enable_all()
            .build()
            .map_err(BusError::Runtime)?;
        let bus = runtime.block_on(Bus::connect(url, schema, config))?;
        Ok(Publisher { runtime, bus })
    }

    /// Publishes `doc` and waits for JetStream's ack.
    pub fn publish_document(&self, doc: &Document) -> Result<Published, BusError> {
        self.runtime.block_on(self.bus.publish_document(doc))
    }

    pub fn bus(&self) -> &Bus {
        &self.bus
    }
}
