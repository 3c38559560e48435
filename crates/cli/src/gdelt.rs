//! Pulls the latest GDELT 2.0 events export: reads `lastupdate.txt` (lines of
//! `size hash url`), downloads the `.export.CSV.zip` it lists into
//! `<data>/downloads/` through the guarded fetcher, and imports it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use sitrep_feeds::gdelt::{export_file_name, export_url};
use sitrep_fetch::FetchPolicy;
use sitrep_ingest::{Format, ImportOptions, ImportSummary, Progress};
use sitrep_store::Store;

/// Where GDELT publishes its 15-minute exports.
pub const DEFAULT_BASE: &str = "http://data.gdeltproject.org/gdeltv2";

/// The base URL: `$SITREP_GDELT_BASE` or [`DEFAULT_BASE`].
pub fn base_from_env() -> String {
    std::env::var("SITREP_GDELT_BASE")
        .ok()
        .filter(|b| !b.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_BASE.to_owned())
}

/// The fetch policy for `sitrep up`: a short timeout so that a machine without
/// internet falls back to the samples quickly; private targets only with
/// `SITREP_ALLOW_PRIVATE_FETCH=1`.
pub fn policy_from_env(timeout: Duration) -> FetchPolicy {
    FetchPolicy {
        allow_private: std::env::var("SITREP_ALLOW_PRIVATE_FETCH").is_ok_and(|v| v.trim() == "1"),
        timeout,
        max_bytes: 200 * 1024 * 1024,
    }
}

/// Downloads the latest export under `base` into `<data>/downloads/` and
/// returns its path. `lastupdate.txt` is fetched under `list_policy` (short
/// timeout), the zip under `download_policy`.
pub fn download_latest(
    data: &Path,
    base: &str,
    list_policy: &FetchPolicy,
    download_policy: &FetchPolicy,
) -> anyhow::Result<PathBuf> {
    let list_url = format!("{}/lastupdate.txt", base.trim_end_matches('/'));
    let list = sitrep_fetch::get(&list_url, list_policy)?;
    let list = String::from_utf8_lossy(&list);
    let url =
        export_url(&list).with_context(|| format!("{list_url}: no .export.CSV.zip listed"))?;
    let name = export_file_name(url).map_err(anyhow::Error::msg)?;
    let body = sitrep_fetch::get(url, download_policy)?;
    let dir = data.join("downloads");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join(&name);
    let partial = dir.join(format!("{name}.part"));
    std::fs::write(&partial, &body).with_context(|| format!("writing {}", partial.display()))?;
    std::fs::rename(&partial, &path).with_context(|| format!("writing {}", path.display()))?;
    tracing::info!(url, file = %path.display(), bytes = body.len(), "downloaded the latest GDELT export");
    Ok(path)
}

/// Downloads and imports the latest GDELT export.
pub fn pull_latest(
    store: &dyn Store,
    data: &Path,
    base: &str,
    list_policy: &FetchPolicy,
    download_policy: &FetchPolicy,
    locator: Option<Arc<dyn sitrep_ingest::Locator>>,
) -> anyhow::Result<ImportSummary> {
    let path = download_latest(data, base, list_policy, download_policy)?;
    let options = ImportOptions {
        progress: Progress::Log,
        locator,
        ..ImportOptions::new(data.join("rejects"))
    };
    let summary =
        sitrep_ingest::import_files(store, Format::Gdelt, std::slice::from_ref(&path), &options)
            .with_context(|| format!("importing {}", path.display()))?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;

    use super::*;

    /// Serves `routes` (path → body) on 127.0.0.1 until the test ends.
    fn serve(routes: Vec<(String, Vec<u8>)>) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request = String::new();
                let _ = reader.read_line(&mut request);
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let path = request.split_whitespace().nth(1).unwrap_or_default();
                let response = match routes.iter().find(|(p, _)| p == path) {
                    Some((_, body)) => {
                        let mut r = format!(
                            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                            body.len()
                        )
                        .into_bytes();
                        r.extend_from_slice(body);
                        r
                    }
                    None => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".to_vec(),
                };
                let _ = stream.write_all(&response);
            }
        });
        format!("http://{addr}")
    }

    fn export_zip() -> Vec<u8> {
        let csv = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/gdelt/20191024143000.export.CSV");
        let csv = std::fs::read(&csv).unwrap();
        let mut out = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        zip.start_file(
            "20191024143000.export.CSV",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(&csv).unwrap();
        zip.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn the_latest_export_is_downloaded_and_imported() {
        let zip = export_zip();
        // The server's own address is only known once it listens: serve the
        // zip first, then a lastupdate.txt that points at it.
        let files = serve(vec![(
            "/gdeltv2/20191024143000.export.CSV.zip".into(),
            zip.clone(),
        )]);
        let list = format!(
            "{} 0123456789abcdef {files}/gdeltv2/20191024143000.export.CSV.zip\n\
             1 0123 {files}/gdeltv2/20191024143000.mentions.CSV.zip\n",
            zip.len()
        );
        let base = serve(vec![("/gdeltv2/lastupdate.txt".into(), list.into_bytes())]);
        let base = format!("{base}/gdeltv2");

        let dir = tempfile::tempdir().unwrap();
        let store = crate::open_store(&crate::data::Data::embedded(dir.path())).unwrap();
        let strict = FetchPolicy {
            timeout: Duration::from_secs(3),
            ..FetchPolicy::default()
        };
        // Loopback is refused unless private targets are allowed.
        let err = pull_latest(&*store, dir.path(), &base, &strict, &strict, None).unwrap_err();
        assert!(format!("{err:#}").contains("loopback"), "{err:#}");

        let allowed = FetchPolicy {
            allow_private: true,
            ..strict
        };
        let summary = pull_latest(&*store, dir.path(), &base, &allowed, &allowed, None).unwrap();
        assert!(summary.inserted > 300, "{summary}");
        assert!(store.stats().unwrap().events > 300);
        assert!(
            dir.path()
                .join("downloads/20191024143000.export.CSV.zip")
                .is_file()
        );
    }

    #[test]
    fn an_unreachable_base_fails_quickly() {
        // Bound, then closed: nothing listens there.
        let addr = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let policy = FetchPolicy {
            allow_private: true,
            timeout: Duration::from_secs(3),
            max_bytes: 1024,
        };
        let dir = tempfile::tempdir().unwrap();
        let started = std::time::Instant::now();
        let err =
            download_latest(dir.path(), &format!("http://{addr}"), &policy, &policy).unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(4), "{err:#}");
        assert!(format!("{err:#}").contains(&addr.to_string()), "{err:#}");
    }
}
