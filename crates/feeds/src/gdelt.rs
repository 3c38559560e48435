//! GDELT 2.0 as a feed: every 15 minutes GDELT rewrites `lastupdate.txt`
//! (lines of `size hash url`) to list its newest exports. A GDELT feed's URL
//! is that file (or the folder holding it); a poll reads it with a
//! conditional GET and, when the events export it lists has a new name,
//! downloads the zip and imports it with `sitrep-ingest`'s GDELT importer
//! (the one `sitrep ingest --format gdelt` and `sitrep up` use). The name of
//! the last export imported is the feed's cursor.

/// GDELT's own list of the latest exports.
pub const DEFAULT_URL: &str = "http://data.gdeltproject.org/gdeltv2/lastupdate.txt";

/// The `lastupdate.txt` URL of a GDELT feed given as the file or its folder.
pub fn lastupdate_url(feed_url: &str) -> String {
    let trimmed = feed_url.trim();
    if trimmed.to_ascii_lowercase().ends_with(".txt") {
        trimmed.to_owned()
    } else {
        format!("{}/lastupdate.txt", trimmed.trim_end_matches('/'))
    }
}

/// The events export URL listed in a `lastupdate.txt`.
pub fn export_url(lastupdate: &str) -> Option<&str> {
    lastupdate
        .lines()
        .filter_map(|line| line.split_whitespace().nth(2))
        .find(|url| url.ends_with(".export.CSV.zip"))
}

/// A safe local file name for the export at `url` (no path separators, no
/// leading dot).
pub fn export_file_name(url: &str) -> Result<String, String> {
    let name = url.rsplit('/').next().unwrap_or_default();
    let safe = !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if safe {
        Ok(name.to_owned())
    } else {
        Err(format!("unexpected GDELT export file name in {url}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_export_is_found_in_lastupdate() {
        let list = "\
150383 297a16b493de7cf6ca809a7cc31d0b93 http://data.gdeltproject.org/gdeltv2/20191024143000.export.CSV.zip
318084 bb27f78ba45f69a17ea6ed7755e9f8ff http://data.gdeltproject.org/gdeltv2/20191024143000.mentions.CSV.zip
10768507 ea8dde0beb0ba98810a92db068c0ce99 http://data.gdeltproject.org/gdeltv2/20191024143000.gkg.csv.zip
";
        assert_eq!(
            export_url(list),
            Some("http://data.gdeltproject.org/gdeltv2/20191024143000.export.CSV.zip")
        );
        assert_eq!(export_url("nothing here\n"), None);
        assert_eq!(
            export_file_name("http://x/a/20191024143000.export.CSV.zip").as_deref(),
            Ok("20191024143000.export.CSV.zip")
        );
        assert!(export_file_name("http://x/a/..").is_err());
        assert!(export_file_name("http://x/a/").is_err());
        assert_eq!(lastupdate_url(DEFAULT_URL), DEFAULT_URL);
        assert_eq!(
            lastupdate_url("http://data.gdeltproject.org/gdeltv2/"),
            DEFAULT_URL
        );
    }
}
