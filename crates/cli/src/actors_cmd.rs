//! `sitrep actors grow FILE…`: grows the actor registry from the actor names
//! in ACLED files. Reads the files, counts each actor name's events, ACLED
//! interaction codes and countries, and prints the changes
//! `sitrep_extract::grow` proposes against the registry — aliases for
//! dataset spellings of known actors, new entries for frequent armed groups —
//! as lines to review; `--write FILE` merges them into that registry file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Args, Subcommand};
use sitrep_extract::actors::{BUILTIN, Registry};
use sitrep_extract::grow::{self, Observed, Proposal};
use sitrep_ingest::{Context, Format, parse_file};
use sitrep_model::{ActorKind, Event, EventType};

#[derive(Debug, Args)]
pub struct ActorsArgs {
    #[command(subcommand)]
    command: ActorsCommand,
}

#[derive(Debug, Subcommand)]
enum ActorsCommand {
    /// Propose registry aliases and entries from the actor names of ACLED files.
    Grow(GrowArgs),
}

#[derive(Debug, Args)]
pub struct GrowArgs {
    /// ACLED files (CSV, plain, .gz or .zip).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Fewest events for an unknown armed group to become an entry.
    #[arg(long, default_value_t = 3)]
    min_events: u64,
    /// The registry to grow (default: the one shipped with sitrep); with
    /// `--write` and no `--registry`, the file written.
    #[arg(long)]
    registry: Option<PathBuf>,
    /// Merge the proposals into this registry file instead of printing them.
    #[arg(long)]
    write: Option<PathBuf>,
}

pub fn run(args: ActorsArgs) -> anyhow::Result<()> {
    match args.command {
        ActorsCommand::Grow(args) => grow_cmd(args),
    }
}

fn grow_cmd(args: GrowArgs) -> anyhow::Result<()> {
    let source = args.registry.as_ref().or(args.write.as_ref());
    let text = match source {
        Some(path) if path.exists() => {
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?
        }
        _ => BUILTIN.to_owned(),
    };
    let registry = Registry::from_tsv(&text)?;
    let mut events = Vec::new();
    for path in &args.files {
        events.extend(read_events(path)?);
    }
    let observed = observe(&events);
    let proposals = grow::propose(&registry, &observed, args.min_events);
    let aliases = proposals
        .iter()
        .filter(|p| matches!(p, Proposal::Alias { .. }))
        .count();
    let entries = proposals.len() - aliases;
    match &args.write {
        Some(path) => {
            std::fs::write(path, grow::apply(&text, &proposals))
                .with_context(|| format!("writing {}", path.display()))?;
            eprintln!(
                "{}: {aliases} aliases and {entries} entries merged from {} events, {} actor names",
                path.display(),
                events.len(),
                observed.len()
            );
        }
        None => {
            println!(
                "# {aliases} aliases and {entries} entries proposed from {} events, {} actor names",
                events.len(),
                observed.len()
            );
            println!("# +alias\tentry\talias\t# why");
            println!("# +entry\tname\tkind\thome\tparent\taliases\t# events");
            for p in &proposals {
                println!("{}", grow::render(p));
            }
        }
    }
    Ok(())
}

fn read_events(path: &Path) -> anyhow::Result<Vec<Event>> {
    let ctx = Context {
        now: chrono::Utc::now(),
        include_all_cameo: false,
    };
    let parsed = parse_file(Format::Acled, path, &ctx)
        .with_context(|| format!("reading {} as ACLED", path.display()))?;
    Ok(parsed.events)
}

/// Each actor name's events, interaction codes and countries.
pub fn observe(events: &[Event]) -> Vec<Observed> {
    let mut by_name: BTreeMap<&str, Observed> = BTreeMap::new();
    for event in events {
        let mut seen: Vec<&str> = Vec::new();
        for actor in &event.actors {
            if seen.contains(&actor.name.as_str()) {
                continue;
            }
            seen.push(&actor.name);
            let o = by_name.entry(&actor.name).or_insert_with(|| Observed {
                name: actor.name.clone(),
                ..Observed::default()
            });
            o.events += 1;
            // Associated actors carry no code: at a protest or riot they
            // are among the protesters or rioters.
            let code = match (inter_code(actor.kind), event.event_type) {
                (0, EventType::Protests) => 6,
                (0, EventType::Riots) => 5,
                (code, _) => code,
            };
            *o.inter.entry(code).or_default() += 1;
            if let Some(c) = &event.location.country {
                *o.countries.entry(c.clone()).or_default() += 1;
            }
        }
    }
    by_name.into_values().collect()
}

/// The ACLED interaction code of a kind read from one (0 for the others).
fn inter_code(kind: ActorKind) -> u8 {
    match kind {
        ActorKind::State => 1,
        ActorKind::Rebel => 2,
        ActorKind::PoliticalMilitia => 3,
        ActorKind::IdentityMilitia => 4,
        ActorKind::Rioters => 5,
        ActorKind::Protesters => 6,
        ActorKind::Civilians => 7,
        ActorKind::External => 8,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use sitrep_api::risk::actor_reach;
    use sitrep_risk::ReachConfig;

    const WORLD: &str = "../../../shared/data/acled/world-2022-dev.csv.gz";

    /// The ACLED sample's IS provinces are found by the names the press
    /// uses, through the registry's ACLED spellings.
    #[test]
    fn registry_finds_acled_spellings_of_is_provinces() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(WORLD);
        assert!(
            path.exists(),
            "{} is missing: the tests read the real datasets in ../shared/data",
            path.display()
        );
        let events = read_events(&path).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let store = crate::open_store(&crate::data::Data::embedded(dir.path())).unwrap();
        store.upsert_events(&events).unwrap();
        let reach = |name: &str, pooled: bool| {
            actor_reach(
                &*store,
                name,
                None,
                None,
                &ReachConfig::default(),
                &HashMap::new(),
                pooled,
            )
        };
        let count = |dto: &sitrep_api::risk::ActorReachDto| dto.events;
        let iswap = reach("ISWAP", false).unwrap();
        assert_eq!(iswap.home.as_deref(), Some("NG"));
        assert!(count(&iswap) > 0);
        let iskp = reach("ISKP", false).unwrap();
        assert_eq!(iskp.home.as_deref(), Some("AF"));
        assert!(count(&iskp) > 0);
        let core = reach("Islamic State", false).map_or(0, |d| count(&d));
        let pooled = reach("Islamic State", true).unwrap();
        eprintln!(
            "ISWAP {} (home {:?}), ISKP {} (home {:?}), Islamic State {core}, pooled {}: {:?}",
            count(&iswap),
            iswap.home,
            count(&iskp),
            iskp.home,
            count(&pooled),
            pooled.pooled
        );
        assert!(count(&pooled) >= core + count(&iswap).max(count(&iskp)));
        for province in [
            "Islamic State West Africa Province",
            "Islamic State Khorasan Province",
        ] {
            assert!(
                pooled
                    .pooled
                    .iter()
                    .any(|p| p.name == province && p.events > 0),
                "{province} pooled: {:?}",
                pooled.pooled
            );
        }
    }
}
