//! The poller: one poll of one feed is fetch → parse → skip the items seen →
//! hand each new item's document to the [`DocumentSink`] (by default
//! [`ExtractSink`]: extract and store it; or publish it to a queue for
//! workers) → record the outcome. Every step that can
//! fail for reasons outside sitrep (network, server, a malformed document)
//! becomes the poll's error, recorded in the feed's health; only a store that
//! cannot record the outcome is the caller's error.
//!
//! Storing is idempotent at every level, so a poll cut short (a crash, a
//! store error half-way) is simply redone by the next one: a report is keyed
//! by a hash of its text, its events by the report id and position, and the
//! items are marked seen only with the successful outcome. The validators
//! (ETag, Last-Modified) are saved only with a complete poll too, so an
//! unfinished feed is fetched whole again rather than answered 304.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use sitrep_api::reports::{ReportMeta, ReportReader};
use sitrep_fetch::{Conditional, FetchError, FetchPolicy, Fetcher, Validators};
use sitrep_store::{
    AdminAlert, Feed, FeedKind, FeedSuccess, SeenItem, Store, StoreError, UpsertCounts,
};

use crate::item::{FeedItem, ParseError};
use crate::{gdelt, parse};

/// Largest feed document accepted (GDELT export zips have the policy's own cap).
const MAX_FEED_BYTES: u64 = 32 * 1024 * 1024;

/// How the poller works beyond what it fetches with.
#[derive(Clone)]
pub struct PollerOptions {
    /// Consecutive failed polls that raise an admin alert (0: never).
    pub alert_after: u32,
    /// New items stored per poll at most; the rest wait for the next poll.
    pub max_new_items: usize,
    /// Where GDELT exports are downloaded (`<data>/downloads`).
    pub downloads_dir: PathBuf,
    /// Where the GDELT importer writes rejected rows (`<data>/rejects`).
    pub rejects_dir: PathBuf,
    /// Reverse geocoding for imported GDELT events that lack a country or admin1.
    pub locator: Option<Arc<dyn sitrep_ingest::Locator>>,
}

impl PollerOptions {
    /// Defaults under a data directory: alert after 3 failures, 500 items per poll.
    pub fn new(data: &Path) -> PollerOptions {
        PollerOptions {
            alert_after: 3,
            max_new_items: 500,
            downloads_dir: data.join("downloads"),
            rejects_dir: data.join("rejects"),
            locator: None,
        }
    }
}

/// Why a poll failed.
#[derive(Debug, thiserror::Error)]
pub enum PollError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error(transparent)]
    Parse(#[from] ParseError),
    #[error(
        "{feed}: reading feed items needs the report extractor, which needs the geodata \
         (run `sitrep geocode` once to install it)"
    )]
    NoReader { feed: String },
    #[error("{feed}: {reason}")]
    Gdelt { feed: String, reason: String },
    #[error("{feed}: importing {file}: {error}")]
    Import {
        feed: String,
        file: String,
        error: String,
    },
    #[error("{feed}: writing {path}: {error}")]
    Io {
        feed: String,
        path: String,
        error: std::io::Error,
    },
    #[error("{feed}: storing: {error}")]
    Store { feed: String, error: StoreError },
    #[error("{feed}: queueing item {guid}: {error}")]
    Queue {
        feed: String,
        guid: String,
        error: String,
    },
}

/// What a successful poll did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Polled {
    /// The server answered 304 Not Modified.
    pub not_modified: bool,
    /// Items in the document (GDELT: exports listed, 1).
    pub items: usize,
    /// Items (GDELT: exports) new to this feed and stored.
    pub new_items: usize,
    /// New items left for the next poll (over [`PollerOptions::max_new_items`]).
    pub deferred: usize,
    /// New items handed to a queue, to be read and stored by workers.
    pub queued: usize,
    /// Events the extractor found in the new items.
    pub extracted: usize,
    /// What storing their events (or importing the export) did.
    pub events: UpsertCounts,
}

impl std::fmt::Display for Polled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.not_modified {
            return f.write_str("not modified");
        }
        write!(
            f,
            "{} items, {} new{}{}; events {} inserted, {} merged, {} updated, {} unchanged",
            self.items,
            self.new_items,
            if self.queued > 0 {
                format!(" ({} queued)", self.queued)
            } else {
                String::new()
            },
            if self.deferred > 0 {
                format!(" ({} left for the next poll)", self.deferred)
            } else {
                String::new()
            },
            self.events.inserted,
            self.events.merged,
            self.events.updated,
            self.events.unchanged
        )
    }
}

/// The outcome of polling one feed, as recorded.
#[derive(Debug)]
pub struct PollResult {
    pub feed_id: i64,
    pub name: String,
    pub url: String,
    pub outcome: Result<Polled, PollError>,
    /// Failed polls in a row after this one (0 after a success).
    pub consecutive_failures: u32,
    /// The admin alert this poll raised.
    pub alert_raised: Option<AdminAlert>,
    /// The admin alerts this poll's success cleared.
    pub alerts_cleared: Vec<AdminAlert>,
}

/// Where the poller gets the extractor, asked only when a feed has new
/// items: a loaded [`ReportReader`], or a source that loads one on first use
/// (the gazetteer takes seconds to load; a poll answered 304 needs none).
pub trait ReaderSource<'g> {
    /// The extractor, or `None` when it cannot be had (no geodata).
    fn reader(&self) -> Option<&ReportReader<'g>>;
}

impl<'g> ReaderSource<'g> for ReportReader<'g> {
    fn reader(&self) -> Option<&ReportReader<'g>> {
        Some(self)
    }
}

/// A new feed item's document: what the poller hands a [`DocumentSink`].
#[derive(Debug, Clone, PartialEq)]
pub struct ItemDocument {
    pub feed_id: i64,
    /// The feed's URL (errors name it).
    pub feed_url: String,
    pub guid: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published: Option<DateTime<Utc>>,
    /// The HTML the extractor reads: the title as a heading, then the body.
    pub html: String,
}

impl ItemDocument {
    /// The document of `item` of feed `feed_id` at `feed_url`; `None` when
    /// the item has neither a title nor a body.
    pub fn of_item(feed_id: i64, feed_url: &str, item: &FeedItem) -> Option<ItemDocument> {
        Some(ItemDocument {
            feed_id,
            feed_url: feed_url.to_owned(),
            guid: item.guid.clone(),
            title: item.title.clone(),
            url: item.link.clone(),
            published: item.published,
            html: item_document(item)?,
        })
    }
}

/// What a [`DocumentSink`] did with a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Handled {
    /// Read and stored: the report, the events found, what storing them did.
    Stored {
        report_id: String,
        extracted: usize,
        events: UpsertCounts,
    },
    /// Accepted durably by a queue, to be read and stored elsewhere.
    Queued,
}

/// Where the poller hands each new item's document. Feed health, validators
/// and seen items are the poller's: an item counts as seen once its sink
/// returned `Ok`. [`ExtractSink`] reads and stores inline (the default);
/// the CLI's queue sink publishes to NATS JetStream for workers.
pub trait DocumentSink {
    /// Called once per poll that has new items, before the first document:
    /// fails the poll when the sink cannot take documents.
    fn ready(&self, _feed: &Feed) -> Result<(), PollError> {
        Ok(())
    }

    /// Takes one document. `now` is the poll's time.
    fn accept(&self, document: &ItemDocument, now: DateTime<Utc>) -> Result<Handled, PollError>;
}

/// Reads each document with the extractor and stores it with
/// [`Store::put_report`], in the polling thread.
pub struct ExtractSink<'a, 'g> {
    store: &'a dyn Store,
    reader: Option<&'a dyn ReaderSource<'g>>,
}

impl<'a, 'g> ExtractSink<'a, 'g> {
    pub fn new(store: &'a dyn Store, reader: Option<&'a dyn ReaderSource<'g>>) -> Self {
        ExtractSink { store, reader }
    }

    fn reader(&self, feed: &str) -> Result<&ReportReader<'g>, PollError> {
        self.reader
            .and_then(|source| source.reader())
            .ok_or_else(|| PollError::NoReader {
                feed: feed.to_owned(),
            })
    }
}

impl DocumentSink for ExtractSink<'_, '_> {
    fn ready(&self, feed: &Feed) -> Result<(), PollError> {
        self.reader(&feed.url).map(|_| ())
    }

    fn accept(&self, document: &ItemDocument, now: DateTime<Utc>) -> Result<Handled, PollError> {
        let feed = document.feed_url.clone();
        let reader = self.reader(&feed)?;
        let meta = ReportMeta {
            title: document.title.clone(),
            published: document.published.map(|p| p.date_naive()),
            url: document.url.clone(),
        };
        let read = reader.read(&document.html, sitrep_geoparse::Format::Html, &meta, now);
        let write = self
            .store
            .put_report(&read.report, &read.events)
            .map_err(|error| PollError::Store { feed, error })?;
        Ok(Handled::Stored {
            report_id: read.report.id,
            extracted: read.extracted,
            events: write.events,
        })
    }
}

/// Polls feeds into a store. Borrowing its store and extractor, it is cheap
/// to make where they live (a CLI command, the server's background thread).
pub struct Poller<'a, 'g> {
    store: &'a dyn Store,
    inline: ExtractSink<'a, 'g>,
    sink: Option<&'a dyn DocumentSink>,
    documents: Fetcher,
    downloads: Fetcher,
    options: PollerOptions,
}

impl<'a, 'g> Poller<'a, 'g> {
    /// A poller fetching under `policy` (documents capped at 32 MiB or the
    /// policy's cap if lower; GDELT exports at the policy's cap). Without a
    /// `reader`, RSS/Atom/GeoJSON polls fail (GDELT feeds need none).
    pub fn new(
        store: &'a dyn Store,
        reader: Option<&'a dyn ReaderSource<'g>>,
        policy: FetchPolicy,
        options: PollerOptions,
    ) -> Self {
        let documents = Fetcher::new(FetchPolicy {
            max_bytes: policy.max_bytes.min(MAX_FEED_BYTES),
            ..policy.clone()
        });
        Poller::with_fetchers(store, reader, documents, Fetcher::new(policy), options)
    }

    /// A poller with its own clients (e.g. trusting a private CA).
    pub fn with_fetchers(
        store: &'a dyn Store,
        reader: Option<&'a dyn ReaderSource<'g>>,
        documents: Fetcher,
        downloads: Fetcher,
        options: PollerOptions,
    ) -> Self {
        Poller {
            store,
            inline: ExtractSink::new(store, reader),
            sink: None,
            documents,
            downloads,
            options,
        }
    }

    /// Hands new items' documents to `sink` instead of reading and storing
    /// them inline (e.g. publishing them to a queue for workers).
    pub fn with_sink(mut self, sink: &'a dyn DocumentSink) -> Self {
        self.sink = Some(sink);
        self
    }

    fn sink(&self) -> &dyn DocumentSink {
        self.sink.unwrap_or(&self.inline)
    }

    /// Polls every feed whose interval has passed at `now`, oldest feed first.
    pub fn poll_due(&self, now: DateTime<Utc>) -> Result<Vec<PollResult>, StoreError> {
        let feeds = self.store.feeds()?;
        feeds
            .iter()
            .filter(|f| f.is_due(now))
            .map(|f| self.poll(f, now))
            .collect()
    }

    /// Polls every feed now, due or not.
    pub fn poll_all(&self, now: DateTime<Utc>) -> Result<Vec<PollResult>, StoreError> {
        let feeds = self.store.feeds()?;
        feeds.iter().map(|f| self.poll(f, now)).collect()
    }

    /// Polls one feed and records the outcome (health, items, alerts).
    pub fn poll(&self, feed: &Feed, now: DateTime<Utc>) -> Result<PollResult, StoreError> {
        let outcome = match feed.kind {
            FeedKind::Gdelt => self.poll_gdelt(feed, now),
            FeedKind::Rss | FeedKind::Atom | FeedKind::GeoJson => self.poll_items(feed, now),
        };
        let mut result = PollResult {
            feed_id: feed.id,
            name: feed.name.clone(),
            url: feed.url.clone(),
            outcome: Ok(Polled::default()),
            consecutive_failures: 0,
            alert_raised: None,
            alerts_cleared: Vec::new(),
        };
        match outcome {
            Ok((polled, success)) => {
                result.alerts_cleared = self.store.record_feed_success(feed.id, &success)?;
                tracing::info!(feed_id = feed.id, feed = %feed.name, "polled: {polled}");
                for alert in &result.alerts_cleared {
                    tracing::info!(feed_id = feed.id, alert_id = alert.id, feed = %feed.name,
                        "feed recovered: admin alert cleared");
                }
                result.outcome = Ok(polled);
            }
            Err(error) => {
                let message = error.to_string();
                let failure = self.store.record_feed_failure(
                    feed.id,
                    now,
                    &message,
                    self.options.alert_after,
                )?;
                tracing::warn!(feed_id = feed.id, feed = %feed.name,
                    failures = failure.consecutive_failures, "poll failed: {message}");
                if let Some(alert) = &failure.raised {
                    tracing::warn!(feed_id = feed.id, alert_id = alert.id, feed = %feed.name,
                        "admin alert raised: {}", alert.message);
                }
                result.consecutive_failures = failure.consecutive_failures;
                result.alert_raised = failure.raised;
                result.outcome = Err(error);
            }
        }
        Ok(result)
    }

    fn validators(feed: &Feed) -> Validators {
        Validators {
            etag: feed.etag.clone(),
            last_modified: feed.last_modified.clone(),
        }
    }

    fn poll_items(
        &self,
        feed: &Feed,
        now: DateTime<Utc>,
    ) -> Result<(Polled, FeedSuccess), PollError> {
        let fetched = match self
            .documents
            .get_conditional(&feed.url, &Self::validators(feed))?
        {
            Conditional::NotModified => return Ok(not_modified(now)),
            Conditional::Modified(fetched) => fetched,
        };
        let parsed = parse(&feed.url, &fetched.body)?;
        let store_err = |error| PollError::Store {
            feed: feed.url.clone(),
            error,
        };
        let guids: Vec<String> = parsed.items.iter().map(|i| i.guid.clone()).collect();
        let seen = self.store.seen_items(feed.id, &guids).map_err(store_err)?;
        let mut taken = HashSet::new();
        let fresh: Vec<&FeedItem> = parsed
            .items
            .iter()
            .filter(|i| !seen.contains(&i.guid) && taken.insert(i.guid.as_str()))
            .collect();
        let mut polled = Polled {
            items: parsed.items.len(),
            deferred: fresh.len().saturating_sub(self.options.max_new_items),
            ..Polled::default()
        };
        let mut new_items = Vec::new();
        if !fresh.is_empty() {
            let sink = self.sink();
            sink.ready(feed)?;
            for item in fresh.iter().take(self.options.max_new_items) {
                let report_id = match ItemDocument::of_item(feed.id, &feed.url, item) {
                    Some(document) => match sink.accept(&document, now)? {
                        Handled::Stored {
                            report_id,
                            extracted,
                            events,
                        } => {
                            polled.extracted += extracted;
                            polled.events += events;
                            Some(report_id)
                        }
                        // The report id is the hash of the text the worker reads.
                        Handled::Queued => {
                            polled.queued += 1;
                            None
                        }
                    },
                    // Nothing to read: remembered, so it is not looked at again.
                    None => None,
                };
                new_items.push(SeenItem {
                    guid: item.guid.clone(),
                    report_id,
                    point: item.point,
                });
            }
        }
        polled.new_items = new_items.len();
        // Items left over: no validators, so the next poll fetches the feed whole.
        let complete = polled.deferred == 0;
        let success = FeedSuccess {
            at: now,
            not_modified: false,
            etag: fetched.validators.etag.filter(|_| complete),
            last_modified: fetched.validators.last_modified.filter(|_| complete),
            cursor: None,
            new_items,
        };
        Ok((polled, success))
    }

    fn poll_gdelt(
        &self,
        feed: &Feed,
        now: DateTime<Utc>,
    ) -> Result<(Polled, FeedSuccess), PollError> {
        let list_url = gdelt::lastupdate_url(&feed.url);
        let fetched = match self
            .documents
            .get_conditional(&list_url, &Self::validators(feed))?
        {
            Conditional::NotModified => return Ok(not_modified(now)),
            Conditional::Modified(fetched) => fetched,
        };
        let gdelt_err = |reason: String| PollError::Gdelt {
            feed: list_url.clone(),
            reason,
        };
        let list = String::from_utf8_lossy(&fetched.body);
        let export = gdelt::export_url(&list)
            .ok_or_else(|| gdelt_err("no .export.CSV.zip listed".into()))?
            .to_owned();
        let name = gdelt::export_file_name(&export).map_err(gdelt_err)?;
        let mut polled = Polled {
            items: 1,
            ..Polled::default()
        };
        let mut success = FeedSuccess {
            at: now,
            not_modified: false,
            etag: fetched.validators.etag,
            last_modified: fetched.validators.last_modified,
            cursor: None,
            new_items: Vec::new(),
        };
        if feed.cursor.as_deref() == Some(name.as_str()) {
            return Ok((polled, success));
        }
        let body = self.downloads.get(&export)?;
        let dir = &self.options.downloads_dir;
        let io_err = |path: &Path, error| PollError::Io {
            feed: list_url.clone(),
            path: path.display().to_string(),
            error,
        };
        std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
        let path = dir.join(&name);
        let partial = dir.join(format!("{name}.part"));
        std::fs::write(&partial, &body).map_err(|e| io_err(&partial, e))?;
        std::fs::rename(&partial, &path).map_err(|e| io_err(&path, e))?;
        let options = sitrep_ingest::ImportOptions {
            locator: self.options.locator.clone(),
            ..sitrep_ingest::ImportOptions::new(&self.options.rejects_dir)
        };
        let summary = sitrep_ingest::import_files(
            self.store,
            sitrep_ingest::Format::Gdelt,
            std::slice::from_ref(&path),
            &options,
        )
        .map_err(|e| PollError::Import {
            feed: list_url.clone(),
            file: path.display().to_string(),
            error: e.to_string(),
        })?;
        polled.new_items = 1;
        polled.extracted = summary.read as usize;
        polled.events = UpsertCounts {
            inserted: summary.inserted,
            updated: summary.updated,
            unchanged: summary.unchanged,
            merged: summary.merged,
        };
        success.cursor = Some(name.clone());
        success.new_items.push(SeenItem {
            guid: name,
            report_id: None,
            point: None,
        });
        Ok((polled, success))
    }
}

fn not_modified(now: DateTime<Utc>) -> (Polled, FeedSuccess) {
    (
        Polled {
            not_modified: true,
            ..Polled::default()
        },
        FeedSuccess {
            at: now,
            not_modified: true,
            ..FeedSuccess::default()
        },
    )
}

/// The HTML the extractor reads for an item: its title as a heading, then its
/// body (HTML as given, plain text escaped). `None` when it has neither.
fn item_document(item: &FeedItem) -> Option<String> {
    if item.title.is_none() && item.body.is_none() {
        return None;
    }
    let mut html = String::from("<article>\n");
    if let Some(title) = &item.title {
        html.push_str(&format!("<h1>{}</h1>\n", escape(title)));
    }
    if let Some(body) = &item.body {
        if item.body_is_html {
            html.push_str(body);
        } else {
            html.push_str(&format!("<p>{}</p>", escape(body)));
        }
        html.push('\n');
    }
    html.push_str("</article>\n");
    Some(html)
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_documents() {
        let mut item = FeedItem {
            guid: "g".into(),
            title: Some("Gunmen <kill> 12 & more".into()),
            link: None,
            published: None,
            body: Some("<p>In Maiduguri.</p>".into()),
            body_is_html: true,
            point: None,
        };
        assert_eq!(
            item_document(&item).as_deref(),
            Some(
                "<article>\n<h1>Gunmen &lt;kill&gt; 12 &amp; more</h1>\n<p>In Maiduguri.</p>\n</article>\n"
            )
        );
        item.body_is_html = false;
        item.body = Some("a < b".into());
        assert!(
            item_document(&item)
                .unwrap_or_default()
                .contains("<p>a &lt; b</p>")
        );
        item.title = None;
        item.body = None;
        assert_eq!(item_document(&item), None);
    }
}
