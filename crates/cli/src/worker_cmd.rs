//! `sitrep worker --queue nats://HOST:PORT`: takes the documents pollers
//! published to the queue, reads each with the extractor (`ReportReader`,
//! as `sitrep extract` and the inline poller do) and stores it with
//! `Store::put_report`, acknowledging it only after the store committed.
//! A worker that dies before its ack leaves the document to be delivered
//! again after the ack wait; storing is idempotent (the report id is the
//! hash of its text), so a redelivery changes nothing. Any number of
//! workers, on any machines, share the queue of one store schema.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use chrono::Utc;
use clap::Args;
use sitrep_api::reports::ReportMeta;
use sitrep_bus::{BodyFormat, Bus, BusConfig, Document, WorkMode};
use sitrep_geoparse::Format;

#[derive(Debug, Args)]
pub struct WorkerArgs {
    /// Take what is queued, then exit (for cron and tests).
    #[arg(long)]
    once: bool,
    /// Seconds a taken document waits for its ack before another worker gets
    /// it (fixed when the queue's consumer is first created).
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    ack_wait: u64,
    /// Deliveries of a failing document before it goes to the dead-letter
    /// subject (fixed when the queue's consumer is first created).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(i64).range(1..))]
    max_deliver: i64,
}

pub fn run(
    data: &crate::data::Data,
    queue: Option<&crate::queue::Queue>,
    args: WorkerArgs,
) -> anyhow::Result<()> {
    let queue =
        queue.context("`sitrep worker` needs --queue nats://HOST:PORT (or SITREP_QUEUE)")?;
    // The store and the extractor are made before the runtime starts; the
    // store is only called on the blocking pool.
    let store = crate::open_store(data)?;
    // Declared before the runtime, so dropped after it: the handler (and its
    // store) ends inside the runtime's `block_on`, and a PostgreSQL client
    // dropped there would block a runtime thread (and panic).
    let _last_store = Arc::clone(&store);
    let reader = Arc::new(crate::report_cmd::load_reader(None)?);
    let handler = move |doc: Document| -> Result<String, String> {
        let meta = ReportMeta {
            title: doc.title.clone(),
            published: doc.published.map(|p| p.date_naive()),
            url: doc.url.clone(),
        };
        let format = match doc.format {
            BodyFormat::Html => Format::Html,
            BodyFormat::Text => Format::Plain,
        };
        let retrieved = doc.retrieved.unwrap_or_else(Utc::now);
        let read = reader.read(&doc.body, format, &meta, retrieved);
        let write = store
            .put_report(&read.report, &read.events)
            .map_err(|e| format!("storing report {}: {e}", read.report.id))?;
        let e = write.events;
        Ok(format!(
            "report {} {}: {} events; {} inserted, {} merged, {} updated, {} unchanged",
            read.report.id,
            if write.report_inserted {
                "stored"
            } else {
                "already stored"
            },
            read.extracted,
            e.inserted,
            e.merged,
            e.updated,
            e.unchanged
        ))
    };
    let config = BusConfig {
        ack_wait: Duration::from_secs(args.ack_wait),
        max_deliver: args.max_deliver,
        ..BusConfig::default()
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        let bus = Bus::connect(&queue.url, &queue.schema, config).await?;
        let names = bus.names();
        tracing::info!(queue = %queue.url, stream = %names.stream, consumer = sitrep_bus::CONSUMER,
            dead = %names.dead_subject, "worker taking documents");
        let stats = if args.once {
            bus.work(handler, WorkMode::Drain).await?
        } else {
            tokio::select! {
                stats = bus.work(handler, WorkMode::Forever) => stats?,
                _ = tokio::signal::ctrl_c() => {
                    tracing::info!("worker stopped");
                    return Ok(());
                }
            }
        };
        println!(
            "{} documents stored, {} attempts failed and retried, {} dead-lettered to {}",
            stats.handled, stats.retried, stats.dead, names.dead_subject
        );
        anyhow::Ok(())
    })
}
