//! The `sitrep` command: one binary with a subcommand per job (import datasets,
//! query events, serve the HTTP API, run the first-run demo, benchmark).

mod access_cmd;
mod actor_cmd;
mod actors_cmd;
mod bench;
mod data;
mod events;
mod extract_cmd;
mod feeds_cmd;
mod gdelt;
mod geo;
mod geocode;
mod geoparse_cmd;
mod ingest;
mod queue;
mod report_cmd;
mod risk_cmd;
mod samples;
mod serve;
mod where_cmd;
mod worker_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// sitrep: security risk intelligence from open data — events, ratings, alerts.
///
/// The store is a directory (`--data`, default ./sitrep-data) holding an embedded
/// SQLite database and the rejects of past imports; `--store postgres://…` keeps
/// the events in a PostgreSQL database instead (the directory still holds rejects
/// and downloads).
#[derive(Debug, Parser)]
#[command(name = "sitrep", version, propagate_version = true)]
struct Cli {
    /// Directory of the embedded store (created when missing).
    #[arg(
        long,
        global = true,
        env = "SITREP_DATA",
        default_value = "sitrep-data"
    )]
    data: PathBuf,

    /// Where the events are stored: `sqlite` (the embedded store in `--data`) or a
    /// PostgreSQL URL, e.g. `postgres://sitrep@127.0.0.1/sitrep`.
    #[arg(long, global = true, env = "SITREP_STORE")]
    store: Option<String>,

    /// The PostgreSQL schema holding the store's tables (one per team or tenant).
    #[arg(
        long,
        global = true,
        env = "SITREP_PG_SCHEMA",
        default_value = "sitrep"
    )]
    pg_schema: String,

    /// The organisation whose store a command works on (`sitrep orgs add` creates
    /// others; each has a store of its own). `serve` and `up` serve every
    /// organisation, each to its own keys.
    #[arg(long, global = true, env = "SITREP_ORG", default_value = "default")]
    org: String,

    /// A NATS JetStream queue, e.g. `nats://127.0.0.1:4222`: the feed poller
    /// (`feeds poll`, `serve`, `up`) publishes new items there instead of reading
    /// them, and `sitrep worker` reads and stores them. Its streams are named
    /// after the organisation's store (`--pg-schema`, `--org`).
    #[arg(long, global = true, env = "SITREP_QUEUE")]
    queue: Option<String>,

    /// Log filter, e.g. `info`, `debug`, `sitrep_ingest=debug` (also RUST_LOG).
    #[arg(long, global = true, env = "SITREP_LOG", default_value = "info")]
    log: String,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run sitrep: fill an empty store with sample data, then serve the API.
    Up(serve::UpArgs),
    /// Import dataset files (ACLED, UCDP GED, GDELT 2.0, GTD; plain, .gz or .zip), or reports.
    Ingest(ingest::IngestArgs),
    /// Query events with spatial, temporal and faceted filters.
    Events(events::EventsArgs),
    /// Show one event with its sources, actors and revision history.
    Event(events::EventArgs),
    /// Serve the HTTP API.
    Serve(serve::ServeArgs),
    /// Print what the store holds, and this process's memory use.
    Stats(events::StatsArgs),
    /// Benchmark import and queries at scale, side by side with PostgreSQL/PostGIS.
    Bench(bench::BenchArgs),
    /// Risk ratings per area and category, with their explanation, history and trends.
    Risk(risk_cmd::RiskArgs),
    /// An actor's reach: footprint per quarter, home, share abroad, expansion signal.
    Actor(actor_cmd::ActorArgs),
    /// The actor registry: `grow` proposes aliases and entries from dataset actor names.
    Actors(actors_cmd::ActorsArgs),
    /// Replay history to score the ratings as forecasts against two baselines.
    Backtest(risk_cmd::BacktestArgs),
    /// Geocode a place name against the offline gazetteer (GeoNames).
    Geocode(geocode::GeocodeArgs),
    /// Reverse geocode LAT LON: the country by polygon, and the nearest place.
    Where(where_cmd::WhereArgs),
    /// Find and resolve the places a text mentions (plain, Markdown or HTML).
    Geoparse(geoparse_cmd::GeoparseArgs),
    /// Read a report (plain, Markdown or HTML) and print the events it describes.
    Extract(extract_cmd::ExtractArgs),
    /// Feeds to poll (RSS, Atom, GeoJSON, GDELT): add, list with health, poll, remove.
    Feeds(feeds_cmd::FeedsArgs),
    /// Read and store the feed documents queued on `--queue` (NATS JetStream).
    Worker(worker_cmd::WorkerArgs),
    /// Organisations, each with a store of its own: add, list.
    Orgs(access_cmd::OrgsArgs),
    /// API keys of `--org`: create (the token is shown once), list, revoke.
    Keys(access_cmd::KeysArgs),
    /// Measure quality on gold standards (`sitrep eval geoparse --corpus gwn|lgl|wiki`).
    Eval(geoparse_cmd::EvalArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(&cli.log);
    let data = match data::Data::new(cli.data, cli.store.as_deref(), &cli.pg_schema, &cli.org) {
        Ok(data) => data,
        Err(error) => {
            eprintln!("error: {error:#}");
            return ExitCode::FAILURE;
        }
    };
    let queue = cli.queue.as_ref().map(|url| queue::Queue {
        url: url.clone(),
        schema: data.schema(),
    });
    let queue = queue.as_ref();
    let result = match cli.command {
        Command::Up(args) => serve::up(&data, queue, args),
        Command::Ingest(args) => ingest::run(&data, args),
        Command::Events(args) => events::run(&data, args),
        Command::Event(args) => events::show(&data, args),
        Command::Serve(args) => serve::serve(&data, queue, args),
        Command::Stats(args) => events::stats(&data, args),
        Command::Bench(args) => bench::run(args),
        Command::Risk(args) => risk_cmd::run(&data, args),
        Command::Actor(args) => actor_cmd::run(&data, args),
        Command::Actors(args) => actors_cmd::run(args),
        Command::Backtest(args) => risk_cmd::run_backtest(&data, args),
        Command::Geocode(args) => geocode::run(args),
        Command::Where(args) => where_cmd::run(args),
        Command::Geoparse(args) => geoparse_cmd::run(args),
        Command::Extract(args) => extract_cmd::run(args),
        Command::Eval(args) => geoparse_cmd::eval(args),
        Command::Feeds(args) => feeds_cmd::run(&data, queue, args),
        Command::Worker(args) => worker_cmd::run(&data, queue, args),
        Command::Orgs(args) => access_cmd::run_orgs(&data, args),
        Command::Keys(args) => access_cmd::run_keys(&data, args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(filter: &str) {
    use tracing_subscriber::EnvFilter;
    let filter = std::env::var("RUST_LOG")
        .ok()
        .and_then(|f| EnvFilter::try_new(f).ok())
        .or_else(|| EnvFilter::try_new(filter).ok())
        .unwrap_or_else(|| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
}

/// Opens (creating if needed) the store `data` names.
fn open_store(data: &data::Data) -> anyhow::Result<std::sync::Arc<dyn sitrep_store::Store>> {
    data.open_store()
}
