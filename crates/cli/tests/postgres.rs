//! The `sitrep` binary on the PostgreSQL store (`--store postgres://…`): the
//! same import, re-import, queries and ratings as on the embedded store, in a
//! fresh schema of the server in `SITREP_TEST_POSTGRES_URL` (default the local
//! server, `postgres://postgres@127.0.0.1:5432/postgres`; `.ci/run` starts it).

use std::path::Path;
use std::process::Command;

mod common;
use common::*;

const DEFAULT_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

fn url() -> String {
    std::env::var("SITREP_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_URL.to_owned())
}

/// A schema of its own, dropped when the test ends (pass or fail).
struct Schema {
    name: String,
    client: postgres::Client,
}

impl Schema {
    fn new(tag: &str) -> Schema {
        let client = postgres::Client::connect(&url(), postgres::NoTls).unwrap_or_else(|e| {
            panic!(
                "cannot reach PostgreSQL at {} ({e}): start it (`.ci/run` does, or \
                 `sudo service postgresql start`) or set SITREP_TEST_POSTGRES_URL",
                url()
            )
        });
        let name = format!("sitrep_cli_{tag}_{}", std::process::id());
        Schema { name, client }
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        let sql = format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name);
        if let Err(e) = self.client.batch_execute(&sql) {
            eprintln!("could not drop schema {}: {e}", self.name);
        }
    }
}

fn sitrep(data: &Path, schema: &Schema) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    cmd.arg("--data").arg(data).args([
        "--log",
        "warn",
        "--store",
        &url(),
        "--pg-schema",
        &schema.name,
    ]);
    for var in [
        "SITREP_DATA",
        "SITREP_STORE",
        "SITREP_PG_SCHEMA",
        "RUST_LOG",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

#[test]
fn import_query_and_rate_on_postgres() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let schema = Schema::new("import");
    let file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/acled/argentina-2022.csv");
    let first = run_ok(
        sitrep(dir.path(), &schema)
            .args(["ingest", "--format", "acled"])
            .arg(&file),
    );
    assert!(first.contains("326 inserted"), "{first}");
    let again = run_ok(
        sitrep(dir.path(), &schema)
            .args(["ingest", "--format", "acled"])
            .arg(&file),
    );
    assert!(
        again.contains("0 inserted") && again.contains("326 unchanged"),
        "{again}"
    );
    // Nothing went to the embedded store.
    assert!(!dir.path().join("sitrep.db").exists());

    // The file's first row: a protest in Comodoro Rivadavia, Chubut, 30 June 2022.
    let page = json(&run_ok(sitrep(dir.path(), &schema).args([
        "events",
        "--country",
        "AR",
        "--from",
        "2022-06-30",
        "--to",
        "2022-06-30",
        "--format",
        "json",
        "--limit",
        "500",
    ])));
    let events = page["events"]
        .as_array()
        .unwrap_or_else(|| panic!("no events: {page}"));
    let e = events
        .iter()
        .find(|e| e["id"] == "acled:ARG10607")
        .unwrap_or_else(|| panic!("ARG10607 not found: {page}"));
    assert_eq!(e["event_type"], "Protests");
    assert_eq!(e["location"]["admin1"], "Chubut");

    let one = run_ok(sitrep(dir.path(), &schema).args(["event", "acled:ARG10607"]));
    assert!(one.contains("Comodoro Rivadavia"), "{one}");

    let stats = run_ok(sitrep(dir.path(), &schema).args(["stats"]));
    assert!(stats.contains("326"), "{stats}");

    let ratings = json(&run_ok(sitrep(dir.path(), &schema).args([
        "risk",
        "--level",
        "country",
        "--at",
        "2022-12-31",
        "--format",
        "json",
    ])));
    let text = ratings.to_string();
    assert!(text.contains("\"AR\""), "{text:.500}");

    // The schema holds the rows, where another process (psql) can see them.
    let mut client = postgres::Client::connect(&url(), postgres::NoTls).unwrap();
    let row = client
        .query_one(&format!("SELECT count(*) FROM {}.events", schema.name), &[])
        .unwrap();
    assert_eq!(row.get::<_, i64>(0), 326);
}

#[test]
fn a_store_that_is_neither_sqlite_nor_postgres_is_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .arg("--data")
        .arg(dir.path())
        .args(["--store", "mysql://localhost/x", "stats"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("postgres://"), "{err}");
}
