//! `sitrep orgs add|list` and `sitrep keys create|list|revoke`: the
//! organisations a deployment serves and their API keys. A key's token is
//! printed once, when it is created; the access store keeps only its hash.
//! Keys are for the organisation `--org` names.

use anyhow::bail;
use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Subcommand, ValueEnum};
use sitrep_api::access::{IssuedKeyDto, KeyDto, KeyListDto};
use sitrep_store::{NewKey, Role};

use crate::data::Data;

#[derive(Debug, Args)]
pub struct OrgsArgs {
    #[command(subcommand)]
    command: OrgsCommand,
}

#[derive(Debug, Subcommand)]
enum OrgsCommand {
    /// Create an organisation with a store of its own.
    Add(AddOrgArgs),
    /// List the organisations.
    List,
    /// Remove an organisation: its keys stop working and its store (events,
    /// reports, feeds, overrides) is deleted. Needs --yes.
    Remove(RemoveOrgArgs),
}

#[derive(Debug, Args)]
struct RemoveOrgArgs {
    slug: String,
    /// Really delete the organisation's keys and store.
    #[arg(long)]
    yes: bool,
}

#[derive(Debug, Args)]
struct AddOrgArgs {
    /// Lower-case letters, digits and `_`, starting with a letter (names its store).
    slug: String,
    /// The name shown in the UI (default: the slug).
    #[arg(long)]
    name: Option<String>,
}

#[derive(Debug, Args)]
pub struct KeysArgs {
    #[command(subcommand)]
    command: KeysCommand,
}

#[derive(Debug, Subcommand)]
enum KeysCommand {
    /// Issue an API key for `--org`; its token is printed this once.
    Create(CreateKeyArgs),
    /// List `--org`'s keys (`--all`: every organisation's), never their tokens.
    List(ListKeysArgs),
    /// Revoke a key by its id: it is refused from now on.
    Revoke(RevokeKeyArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum RoleArg {
    /// Reads events, ratings, reports, feeds and alerts.
    Viewer,
    /// Also submits reports.
    Analyst,
    /// Also manages the organisation's keys.
    Admin,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Viewer => Role::Viewer,
            RoleArg::Analyst => Role::Analyst,
            RoleArg::Admin => Role::Admin,
        }
    }
}

#[derive(Debug, Args)]
struct CreateKeyArgs {
    #[arg(long, value_enum)]
    role: RoleArg,
    /// What the key is for ("ops laptop", "CI").
    #[arg(long)]
    label: String,
    /// When the key stops working: a date (YYYY-MM-DD, at its start, UTC), an
    /// RFC 3339 time, or a span from now (30d, 12h). Default: until revoked.
    #[arg(long, value_parser = parse_expiry)]
    expires: Option<DateTime<Utc>>,
    /// Print the key as JSON (`{"key": {...}, "token": "..."}`).
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct ListKeysArgs {
    /// Every organisation's keys.
    #[arg(long)]
    all: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct RevokeKeyArgs {
    id: i64,
}

pub fn run_orgs(data: &Data, args: OrgsArgs) -> anyhow::Result<()> {
    let access = data.open_access()?;
    match args.command {
        OrgsCommand::Add(add) => {
            let name = add.name.as_deref().unwrap_or(&add.slug);
            let org = access.add_organisation(&add.slug, name)?;
            // Create its store now, so that a bad location fails here, not at first use.
            data.for_org(&org.slug).open_store()?;
            println!(
                "organisation {} ({}) created; its store: {}",
                org.slug,
                org.name,
                data.for_org(&org.slug)
            );
            println!(
                "next: sitrep --org {} keys create --role admin --label \"…\"",
                org.slug
            );
        }
        OrgsCommand::List => {
            for org in access.organisations()? {
                println!(
                    "{}\t{}\t{}",
                    org.slug,
                    org.name,
                    org.created.format("%Y-%m-%d")
                );
            }
        }
        OrgsCommand::Remove(remove) => {
            sitrep_store::access::validate_slug(&remove.slug)?;
            let store = data.for_org(&remove.slug);
            if access.organisation(&remove.slug)?.is_none() {
                bail!("no organisation {:?}", remove.slug);
            }
            if !remove.yes {
                bail!(
                    "this deletes organisation {} — its {} key(s) and its store {store} — \
                     for good; run again with --yes",
                    remove.slug,
                    access.keys(Some(&remove.slug))?.len()
                );
            }
            // Keys first: from now on nobody reaches the store being deleted.
            access.remove_organisation(&remove.slug)?;
            store.delete_store()?;
            println!(
                "organisation {} removed, its store deleted: {store}",
                remove.slug
            );
        }
    }
    Ok(())
}

pub fn run_keys(data: &Data, args: KeysArgs) -> anyhow::Result<()> {
    let access = data.open_access()?;
    let now = Utc::now();
    match args.command {
        KeysCommand::Create(create) => {
            if access.organisation(data.org())?.is_none() {
                bail!(
                    "no organisation {:?}: create it with `sitrep orgs add {}`",
                    data.org(),
                    data.org()
                );
            }
            if create.expires.is_some_and(|e| e <= now) {
                bail!("--expires: the time has passed");
            }
            let issued = access.issue_key(&NewKey {
                issued_by: cli_author(),
                org: data.org().to_owned(),
                role: create.role.into(),
                label: create.label,
                expires: create.expires,
            })?;
            if create.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&IssuedKeyDto::new(&issued, now))?
                );
            } else {
                let key = &issued.key;
                eprintln!(
                    "key {} for {} ({}, {:?}); the token is shown this once:",
                    key.id, key.org, key.role, key.label
                );
                println!("{}", issued.token);
            }
        }
        KeysCommand::List(list) => {
            let org = (!list.all).then(|| data.org());
            let keys: Vec<KeyDto> = access
                .keys(org)?
                .iter()
                .map(|k| KeyDto::new(k, now))
                .collect();
            if list.json {
                println!("{}", serde_json::to_string_pretty(&KeyListDto { keys })?);
            } else {
                println!("id\torg\trole\tstate\tprefix\tlast used\tissued by\tlabel");
                for k in keys {
                    let state = match (k.active, k.revoked) {
                        (true, _) => "active",
                        (false, Some(_)) => "revoked",
                        (false, None) => "expired",
                    };
                    let used = k.last_used.map_or_else(
                        || "never".to_owned(),
                        |t| t.format("%Y-%m-%d %H:%M").to_string(),
                    );
                    println!(
                        "{}\t{}\t{}\t{state}\t{}…\t{used}\t{}\t{}",
                        k.id, k.org, k.role, k.prefix, k.issued_by, k.label
                    );
                }
            }
        }
        KeysCommand::Revoke(revoke) => {
            let ours = access
                .keys(Some(data.org()))?
                .iter()
                .any(|k| k.id == revoke.id);
            if !(ours && access.revoke_key(revoke.id, &cli_author())?) {
                bail!("no active key {} in organisation {}", revoke.id, data.org());
            }
            println!("key {} revoked", revoke.id);
        }
    }
    Ok(())
}

/// How records name a change made with this command: `cli:USER`.
pub(crate) fn cli_author() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".into());
    format!("cli:{user}")
}

/// `YYYY-MM-DD` (midnight UTC), an RFC 3339 time, or `Nd`/`Nh` from now.
fn parse_expiry(s: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(day) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(day.and_time(chrono::NaiveTime::MIN).and_utc());
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    let span = |n: &str, unit: fn(i64) -> chrono::Duration| {
        n.parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .map(|n| Utc::now() + unit(n))
    };
    let parsed = match s.char_indices().last() {
        Some((i, 'd')) => span(&s[..i], chrono::Duration::days),
        Some((i, 'h')) => span(&s[..i], chrono::Duration::hours),
        _ => None,
    };
    parsed.ok_or_else(|| {
        format!("{s:?}: expected YYYY-MM-DD, an RFC 3339 time, or a span such as 30d or 12h")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiries_are_dates_times_or_spans() {
        assert_eq!(
            parse_expiry("2027-01-31").unwrap().to_rfc3339(),
            "2027-01-31T00:00:00+00:00"
        );
        assert_eq!(
            parse_expiry("2027-01-31T12:00:00+02:00")
                .unwrap()
                .to_rfc3339(),
            "2027-01-31T10:00:00+00:00"
        );
        let in_30d = parse_expiry("30d").unwrap() - Utc::now();
        assert!((29..=30).contains(&in_30d.num_days()));
        for bad in ["", "d", "0d", "-3d", "30x", "tomorrow"] {
            assert!(parse_expiry(bad).is_err(), "{bad}");
        }
    }
}
