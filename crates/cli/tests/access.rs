//! Organisations and API keys end to end through the `sitrep` binary: each
//! organisation's imports land in its own store, keys are printed once and
//! listed by prefix, a server that accepts other machines refuses to start
//! without keys, and a running server answers each key with its own
//! organisation's data and refuses revoked keys.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{free_port, http_get, json, run_fails, run_ok, samples};

fn sitrep(data: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    cmd.arg("--data").arg(data).args(["--log", "warn"]);
    for var in ["SITREP_DATA", "SITREP_ORG", "SITREP_STORE", "RUST_LOG"] {
        cmd.env_remove(var);
    }
    cmd
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(data: &Path, port: u16) -> Server {
    let child = sitrep(data)
        .args(["serve", "--addr"])
        .arg(format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline {
        if http_get(port, "/healthz", None).is_some() {
            return server;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the server never answered");
}

fn create_key(data: &Path, org: &str, role: &str) -> String {
    let out = run_ok(
        sitrep(data)
            .args(["--org", org, "keys", "create", "--role", role, "--label"])
            .arg(format!("{org} {role}")),
    );
    out.trim().to_owned()
}

#[test]
fn organisations_keep_their_own_stores_and_keys() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let data = dir.path();
    // An organisation that does not exist is refused, with the fix.
    let refused = run_fails(sitrep(data).args(["--org", "acme", "stats"]));
    assert!(refused.contains("sitrep orgs add acme"), "{refused}");
    let refused = run_fails(sitrep(data).args(["--org", "Bad-Slug", "stats"]));
    assert!(refused.contains("--org"), "{refused}");

    run_ok(sitrep(data).args(["orgs", "add", "acme", "--name", "Acme Security"]));
    let again = run_fails(sitrep(data).args(["orgs", "add", "acme"]));
    assert!(again.contains("already exists"), "{again}");
    let orgs = run_ok(sitrep(data).args(["orgs", "list"]));
    assert!(
        orgs.contains("acme\tAcme Security") && orgs.contains("default"),
        "{orgs}"
    );

    // Acme's import goes to acme's store only.
    run_ok(
        sitrep(data)
            .args(["--org", "acme", "ingest", "--format", "acled"])
            .arg(samples().join("acled/argentina-2022.csv")),
    );
    let stats = |org: &str| {
        let out = run_ok(sitrep(data).args(["--org", org, "stats", "--format", "json"]));
        json(&out)["store"]["events"].as_u64().unwrap_or(u64::MAX)
    };
    assert!(stats("acme") > 100);
    assert_eq!(stats("default"), 0);

    // A token is printed once; lists show its prefix only.
    let token = create_key(data, "acme", "viewer");
    assert!(token.starts_with("sitrep_") && token.len() == 71, "{token}");
    let issued = json(&run_ok(sitrep(data).args([
        "--org",
        "acme",
        "keys",
        "create",
        "--role",
        "admin",
        "--label",
        "ops",
        "--json",
        "--expires",
        "30d",
    ])));
    assert_eq!(issued["key"]["role"], "admin");
    assert!(issued["key"]["expires"].is_string(), "{issued}");
    let listed = run_ok(sitrep(data).args(["--org", "acme", "keys", "list"]));
    assert!(!listed.contains(&token), "{listed}");
    assert!(listed.contains(&token[..13]), "{listed}");
    assert_eq!(listed.lines().count(), 3, "{listed}");
    assert!(
        listed.contains("\tcli:"),
        "the issuer is recorded: {listed}"
    );
    let default_keys = run_ok(sitrep(data).args(["keys", "list"]));
    assert_eq!(default_keys.lines().count(), 1, "{default_keys}");
    // The access store holds no token.
    let bytes = std::fs::read(data.join("access.db")).unwrap_or_default();
    let hidden = &token.as_bytes()[13..];
    assert!(!bytes.windows(hidden.len()).any(|w| w == hidden));

    // Removing an organisation needs --yes, then takes its keys and store.
    let asked = run_fails(sitrep(data).args(["orgs", "remove", "acme"]));
    assert!(
        asked.contains("--yes") && asked.contains("2 key(s)"),
        "{asked}"
    );
    assert!(data.join("orgs/acme/sitrep.db").exists());
    run_ok(sitrep(data).args(["orgs", "remove", "acme", "--yes"]));
    assert!(!data.join("orgs/acme").exists());
    let orgs = run_ok(sitrep(data).args(["orgs", "list"]));
    assert!(!orgs.contains("acme"), "{orgs}");
    let gone = run_fails(sitrep(data).args(["--org", "acme", "stats"]));
    assert!(gone.contains("sitrep orgs add acme"), "{gone}");
    let listed = run_ok(sitrep(data).args(["keys", "list", "--all"]));
    assert!(!listed.contains("acme"), "{listed}");
    let kept = run_fails(sitrep(data).args(["orgs", "remove", "default", "--yes"]));
    assert!(kept.contains("default"), "{kept}");
    assert_eq!(stats("default"), 0);
}

#[test]
fn a_server_open_to_other_machines_needs_keys() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let refused = run_fails(
        sitrep(dir.path())
            .args(["serve", "--addr"])
            .arg(format!("0.0.0.0:{}", free_port())),
    );
    assert!(refused.contains("keys create"), "{refused}");
}

#[test]
fn a_running_server_answers_each_key_with_its_organisations_data() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let data = dir.path();
    run_ok(sitrep(data).args(["orgs", "add", "acme"]));
    run_ok(
        sitrep(data)
            .args(["--org", "acme", "ingest", "--format", "acled"])
            .arg(samples().join("acled/argentina-2022.csv")),
    );
    run_ok(
        sitrep(data)
            .args(["ingest", "--format", "acled"])
            .arg(samples().join("acled/mideast-2022-variant.csv")),
    );
    let acme = create_key(data, "acme", "viewer");
    let ours = create_key(data, "default", "viewer");
    let port = free_port();
    let _server = serve(data, port);

    let countries = |token: Option<&str>| {
        let (status, body) = http_get(port, "/api/v1/events?limit=200", token)
            .unwrap_or_else(|| panic!("no answer"));
        if status != 200 {
            return (status, Vec::new());
        }
        let mut countries: Vec<String> = json(&body)["events"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e["location"]["country"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        countries.sort();
        countries.dedup();
        (status, countries)
    };
    // Keys exist: nothing is served without one, even on loopback.
    assert_eq!(countries(None).0, 401);
    let (status, acme_countries) = countries(Some(&acme));
    assert_eq!(status, 200);
    assert_eq!(acme_countries, vec!["AR".to_owned()]);
    let (_, our_countries) = countries(Some(&ours));
    assert!(!our_countries.is_empty());
    assert!(
        !our_countries.contains(&"AR".to_owned()),
        "{our_countries:?}"
    );

    let listed = json(&run_ok(
        sitrep(data).args(["--org", "acme", "keys", "list", "--json"]),
    ));
    let id = listed["keys"][0]["id"].as_i64().unwrap_or_default();
    assert!(listed["keys"][0]["last_used"].is_string(), "{listed}");
    // Another organisation cannot revoke it; its own can.
    run_fails(sitrep(data).args(["keys", "revoke", &id.to_string()]));
    run_ok(sitrep(data).args(["--org", "acme", "keys", "revoke", &id.to_string()]));
    assert_eq!(countries(Some(&acme)).0, 401);
    let after = json(&run_ok(
        sitrep(data).args(["--org", "acme", "keys", "list", "--json"]),
    ));
    let revoked_by = after["keys"][0]["revoked_by"].as_str().unwrap_or_default();
    assert!(revoked_by.starts_with("cli:"), "{after}");
}
