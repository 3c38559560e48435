//! `sitrep feeds add|list|poll|remove`: the feeds sitrep polls (RSS, Atom,
//! GeoJSON, GDELT 2.0's 15-minute exports), their health and admin alerts,
//! and the poller — once (`poll --once`), as a foreground loop (`poll`), or in
//! the background of `sitrep serve`/`up` ([`spawn_poller`]).
//!
//! This is the edge where the environment is read: private and loopback
//! targets are fetched only with `SITREP_ALLOW_PRIVATE_FETCH=1`. The
//! extractor (the gazetteer) and the reverse geocoder (the boundaries) take
//! seconds to load, so they are loaded only when a poll has new items or a
//! GDELT export to import.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use anyhow::{Context, bail};
use chrono::Utc;
use clap::{Args, Subcommand, ValueEnum};
use sitrep_api::feeds::{AdminAlertDto, FeedDto, FeedListDto};
use sitrep_api::reports::ReportReader;
use sitrep_feeds::{PollResult, Poller, PollerOptions, ReaderSource};
use sitrep_ingest::Locator;
use sitrep_store::{FeedKind, NewFeed, Store};

use crate::queue::{Queue, QueueSink};

/// How often the background poller looks for due feeds.
const TICK: Duration = Duration::from_secs(30);

#[derive(Debug, Args)]
pub struct FeedsArgs {
    #[command(subcommand)]
    command: FeedsCommand,
}

#[derive(Debug, Subcommand)]
enum FeedsCommand {
    /// Add a feed to poll: RSS, Atom, GeoJSON (or JSON Feed), or GDELT's lastupdate.txt.
    Add(AddArgs),
    /// List the feeds with their health, and the open admin alerts.
    List(ListArgs),
    /// Poll the feeds that are due, every 30 seconds until interrupted; `--once`
    /// polls every feed now and exits.
    Poll(PollArgs),
    /// Stop polling a feed (its stored reports and events stay).
    Remove(RemoveArgs),
}

#[derive(Debug, Args)]
struct AddArgs {
    /// The feed's http:// or https:// URL (for GDELT, its lastupdate.txt or the folder holding it).
    url: String,
    /// What the URL serves; guessed from the URL when omitted (lastupdate.txt or
    /// gdeltv2 → gdelt, .json/.geojson → geojson, .atom → atom, else rss).
    #[arg(long, value_enum)]
    kind: Option<KindArg>,
    /// How often to poll: 90s, 15m, 2h, 1d (at least 1m).
    #[arg(long, default_value = "15m", value_parser = parse_every)]
    every: u32,
    /// A name for lists and alerts (default: the URL's host).
    #[arg(long)]
    name: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum KindArg {
    Rss,
    Atom,
    Geojson,
    Gdelt,
}

impl From<KindArg> for FeedKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Rss => FeedKind::Rss,
            KindArg::Atom => FeedKind::Atom,
            KindArg::Geojson => FeedKind::GeoJson,
            KindArg::Gdelt => FeedKind::Gdelt,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
struct ListArgs {
    #[arg(long, value_enum, default_value = "text")]
    format: ListFormat,
}

#[derive(Debug, Args)]
struct PollArgs {
    /// Poll every feed now, due or not, print what each poll did, and exit.
    #[arg(long)]
    once: bool,
}

#[derive(Debug, Args)]
struct RemoveArgs {
    /// The feed's id (see `sitrep feeds list`).
    id: i64,
}

pub fn run(data: &crate::data::Data, queue: Option<&Queue>, args: FeedsArgs) -> anyhow::Result<()> {
    match args.command {
        FeedsCommand::Add(a) => add(data, a),
        FeedsCommand::List(a) => list(data, a),
        FeedsCommand::Poll(a) => poll(data, queue, a),
        FeedsCommand::Remove(a) => remove(data, a),
    }
}

/// Seconds in `90s`, `15m`, `2h`, `1d` or a bare number of seconds.
fn parse_every(text: &str) -> Result<u32, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let n: u64 = number
        .parse()
        .map_err(|_| format!("{text:?}: expected a duration like 90s, 15m, 2h or 1d"))?;
    let scale = match unit.trim() {
        "" | "s" => 1,
        "m" | "min" => 60,
        "h" => 3600,
        "d" => 86_400,
        other => return Err(format!("{text:?}: unknown unit {other:?} (s, m, h or d)")),
    };
    let secs = n.saturating_mul(scale);
    if secs < u64::from(sitrep_store::feeds::MIN_EVERY_SECS) {
        return Err(format!("{text:?}: feeds are polled at most once a minute"));
    }
    u32::try_from(secs).map_err(|_| format!("{text:?}: too long"))
}

fn add(data: &crate::data::Data, args: AddArgs) -> anyhow::Result<()> {
    let store = crate::open_store(data)?;
    let kind = args
        .kind
        .map_or_else(|| FeedKind::guess(&args.url), FeedKind::from);
    let name = args
        .name
        .unwrap_or_else(|| NewFeed::default_name(&args.url, kind));
    let feed = store.add_feed(&NewFeed {
        url: args.url.trim().to_owned(),
        name,
        kind,
        every_secs: args.every,
    })?;
    println!(
        "feed {}: {} ({}, every {}), {}",
        feed.id,
        feed.name,
        feed.kind,
        every_text(feed.every_secs),
        feed.url
    );
    Ok(())
}

fn every_text(secs: u32) -> String {
    match secs {
        s if s % 86_400 == 0 => format!("{}d", s / 86_400),
        s if s % 3600 == 0 => format!("{}h", s / 3600),
        s if s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

fn list(data: &crate::data::Data, args: ListArgs) -> anyhow::Result<()> {
    let store = crate::open_store(data)?;
    let feeds = store.feeds()?;
    if args.format == ListFormat::Json {
        let dto = FeedListDto {
            feeds: feeds.iter().map(FeedDto::new).collect(),
        };
        println!("{}", serde_json::to_string_pretty(&dto)?);
        return Ok(());
    }
    if feeds.is_empty() {
        println!("no feeds (add one with `sitrep feeds add URL`)");
    }
    let time = |t: Option<chrono::DateTime<Utc>>| {
        t.map_or("never".to_owned(), |t| {
            t.format("%Y-%m-%d %H:%M").to_string()
        })
    };
    for f in &feeds {
        let h = &f.health;
        println!(
            "{:>4}  {:<7} {:<4} {:<7} last success {:<16}  items {} ({} new)  {}  {}",
            f.id,
            f.kind.as_str(),
            every_text(f.every_secs),
            h.status(),
            time(h.last_success),
            h.items_total,
            h.items_new_last_poll,
            f.name,
            f.url
        );
        if h.consecutive_failures > 0
            && let Some(error) = &h.last_error
        {
            println!(
                "      {} failed polls in a row; last error at {}: {error}",
                h.consecutive_failures,
                time(h.last_error_at)
            );
        }
    }
    let alerts = store.admin_alerts(true)?;
    for a in alerts.iter().map(AdminAlertDto::new) {
        println!(
            "ALERT {} ({}, since {}): {}",
            a.id,
            a.kind,
            a.raised_at.format("%Y-%m-%d %H:%M"),
            a.message
        );
    }
    Ok(())
}

fn remove(data: &crate::data::Data, args: RemoveArgs) -> anyhow::Result<()> {
    let store = crate::open_store(data)?;
    if !store.remove_feed(args.id)? {
        bail!("no feed with id {}", args.id);
    }
    println!("feed {} removed", args.id);
    Ok(())
}

/// The fetch policy of the poller: `SITREP_ALLOW_PRIVATE_FETCH=1` allows
/// private targets; a minute per fetch, 200 MiB per GDELT export.
fn policy() -> sitrep_fetch::FetchPolicy {
    crate::gdelt::policy_from_env(Duration::from_secs(60))
}

/// The extractor, loaded on first use (once per process: the gazetteer is shared).
#[derive(Default)]
struct LazyReader(OnceLock<Option<ReportReader<'static>>>);

impl ReaderSource<'static> for LazyReader {
    fn reader(&self) -> Option<&ReportReader<'static>> {
        self.0
            .get_or_init(|| match crate::report_cmd::load_reader(None) {
                Ok(r) => Some(r),
                Err(error) => {
                    tracing::warn!("feed items cannot be read: {error:#}");
                    None
                }
            })
            .as_ref()
    }
}

/// Reverse geocoding for GDELT imports, loaded on first use.
#[derive(Default)]
struct LazyLocator(OnceLock<Option<Arc<dyn Locator>>>);

impl Locator for LazyLocator {
    fn locate(&self, lat: f64, lon: f64) -> (Option<String>, Option<String>) {
        match self.0.get_or_init(crate::geo::GeoLocator::load_or_warn) {
            Some(locator) => locator.locate(lat, lon),
            None => (None, None),
        }
    }
}

fn options(data: &Path) -> PollerOptions {
    PollerOptions {
        locator: Some(Arc::new(LazyLocator::default())),
        ..PollerOptions::new(data)
    }
}

fn poll(data: &crate::data::Data, queue: Option<&Queue>, args: PollArgs) -> anyhow::Result<()> {
    let store: Arc<dyn Store> = crate::open_store(data)?;
    let sink = queue.map(QueueSink::connect).transpose()?;
    if !args.once {
        tracing::info!(tick = ?TICK, "polling due feeds until interrupted");
        // Never sent: the loop ends with the process.
        let (_keep, stop) = std::sync::mpsc::channel();
        poll_until(store, data.to_path_buf(), sink, &stop);
        return Ok(());
    }
    let reader = LazyReader::default();
    let mut poller = Poller::new(store.as_ref(), Some(&reader), policy(), options(data));
    if let Some(sink) = &sink {
        poller = poller.with_sink(sink);
    }
    let results = poller
        .poll_all(Utc::now())
        .context("recording poll outcomes")?;
    if results.is_empty() {
        println!("no feeds (add one with `sitrep feeds add URL`)");
    }
    for r in &results {
        println!("{}", describe(r));
    }
    Ok(())
}

/// One line about one poll.
fn describe(r: &PollResult) -> String {
    let head = format!("feed {} ({})", r.feed_id, r.name);
    match &r.outcome {
        Ok(polled) => {
            let mut line = format!("{head}: {polled}");
            if !r.alerts_cleared.is_empty() {
                line.push_str("; admin alert cleared");
            }
            line
        }
        Err(error) => {
            let mut line = format!(
                "{head}: failed ({} in a row): {error}",
                r.consecutive_failures
            );
            if let Some(alert) = &r.alert_raised {
                line.push_str(&format!("\n  ADMIN ALERT {}: {}", alert.id, alert.message));
            }
            line
        }
    }
}

/// Polls due feeds every [`TICK`] until `stop` gets a message or its sender is
/// dropped. The extractor and geocoder are loaded the first time a poll needs
/// them; with a queue `sink`, new items are published to it instead.
fn poll_until(store: Arc<dyn Store>, data: PathBuf, sink: Option<QueueSink>, stop: &Receiver<()>) {
    let reader = LazyReader::default();
    let mut poller = Poller::new(store.as_ref(), Some(&reader), policy(), options(&data));
    if let Some(sink) = &sink {
        poller = poller.with_sink(sink);
    }
    loop {
        if let Err(error) = poller.poll_due(Utc::now()) {
            tracing::warn!("feed poller: {error}");
        }
        match stop.recv_timeout(TICK) {
            Err(RecvTimeoutError::Timeout) => continue,
            Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// The background poller of `sitrep serve` and `sitrep up`; it stops when
/// this handle is dropped.
pub struct PollerThread {
    _stop: Sender<()>,
}

/// Starts polling due feeds on a background thread (logged; nothing printed),
/// publishing new items to `queue` when one is given (connected here, before
/// any async runtime starts, so an unreachable queue is an error at once).
pub fn spawn_poller(
    store: Arc<dyn Store>,
    data: &Path,
    queue: Option<&Queue>,
) -> anyhow::Result<PollerThread> {
    let (stop_tx, stop_rx) = std::sync::mpsc::channel();
    let data = data.to_path_buf();
    let sink = queue.map(QueueSink::connect).transpose()?;
    std::thread::Builder::new()
        .name("feed-poller".into())
        .spawn(move || poll_until(store, data, sink, &stop_rx))
        .context("starting the feed poller")?;
    Ok(PollerThread { _stop: stop_tx })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_and_kinds() {
        assert_eq!(parse_every("15m"), Ok(900));
        assert_eq!(parse_every("90s"), Ok(90));
        assert_eq!(parse_every("2h"), Ok(7200));
        assert_eq!(parse_every("1d"), Ok(86_400));
        assert_eq!(parse_every("600"), Ok(600));
        assert!(parse_every("30s").is_err());
        assert!(parse_every("5x").is_err());
        assert!(parse_every("m").is_err());
        assert_eq!(every_text(900), "15m");
        assert_eq!(every_text(90), "90s");
        assert_eq!(every_text(7200), "2h");
        assert_eq!(
            FeedKind::guess("http://data.gdeltproject.org/gdeltv2/lastupdate.txt"),
            FeedKind::Gdelt
        );
        assert_eq!(
            FeedKind::guess(
                "https://earthquake.usgs.gov/earthquakes/feed/v1.0/summary/all_hour.geojson"
            ),
            FeedKind::GeoJson
        );
        assert_eq!(
            FeedKind::guess("https://example.org/feed.atom"),
            FeedKind::Atom
        );
        assert_eq!(
            FeedKind::guess("https://www.gdacs.org/xml/rss.xml"),
            FeedKind::Rss
        );
        assert_eq!(
            NewFeed::default_name("https://www.gdacs.org/xml/rss.xml", FeedKind::Rss),
            "www.gdacs.org"
        );
    }
}
