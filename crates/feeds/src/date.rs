//! Dates as feeds write them: RFC 822/2822 in RSS (`Wed, 08 Jul 2026 10:25:01
//! GMT`), RFC 3339 in Atom and JSON Feed, and the looser forms seen in the
//! wild (GDACS's `2026-07-01T00:00:00` without a zone, plain days, a
//! two-digit year). A date without a zone is taken as UTC; one that cannot be
//! read is left out rather than guessed.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// Parses a feed date; `None` when it is in no form known here.
pub fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return Some(t.with_timezone(&Utc));
    }
    // RFC 822 without the weekday or with a full weekday name.
    if let Some((_, rest)) = s.split_once(", ")
        && let Ok(t) = DateTime::parse_from_rfc2822(rest)
    {
        return Some(t.with_timezone(&Utc));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%d %b %Y %H:%M:%S",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, format) {
            return Some(t.and_utc());
        }
    }
    // `2026-07-08T10:25:01Z`-like forms with a zone the RFC 3339 parser refuses.
    if let Ok(t) = DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%z") {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return d.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
    }
    None
}

/// Milliseconds since the Unix epoch (USGS `time`), when plausible.
pub fn from_millis(ms: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_millis(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> String {
        parse_date(s)
            .map(|t| t.to_rfc3339())
            .unwrap_or_else(|| "none".into())
    }

    #[test]
    fn feed_dates() {
        assert_eq!(
            iso("Wed, 08 Jul 2026 10:25:01 GMT"),
            "2026-07-08T10:25:01+00:00"
        );
        assert_eq!(
            iso("Sat, 27 Jun 2026 00:00:00 +0000"),
            "2026-06-27T00:00:00+00:00"
        );
        assert_eq!(
            iso("Wed, 8 Jul 2026 10:25:01 EST"),
            "2026-07-08T15:25:01+00:00"
        );
        assert_eq!(
            iso("Wednesday, 08 Jul 2026 10:25:01 GMT"),
            "2026-07-08T10:25:01+00:00"
        );
        assert_eq!(iso("2026-07-08T10:25:01Z"), "2026-07-08T10:25:01+00:00");
        assert_eq!(
            iso("2026-07-08T12:25:01+02:00"),
            "2026-07-08T10:25:01+00:00"
        );
        assert_eq!(iso("2026-07-01T00:00:00"), "2026-07-01T00:00:00+00:00");
        assert_eq!(iso("2026-07-08 10:20:11"), "2026-07-08T10:20:11+00:00");
        assert_eq!(iso("2026-07-08"), "2026-07-08T00:00:00+00:00");
        assert_eq!(iso("yesterday"), "none");
        assert_eq!(iso(""), "none");
        assert_eq!(iso("2026-13-45"), "none");
        assert_eq!(
            from_millis(1_783_494_320_752).map(|t| t.to_rfc3339()),
            Some("2026-07-08T07:05:20.752+00:00".into())
        );
    }
}
