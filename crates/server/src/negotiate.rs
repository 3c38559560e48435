//! Choosing a response format: an explicit `format=` parameter wins, else the
//! `Accept` header's most preferred media type this endpoint can produce.
//! A missing `Accept` header, or `*/*`, means JSON.

use axum::http::{HeaderMap, header};
use sitrep_api::{ApiError, Format};

/// The format to answer in, among `offered` (JSON first).
pub(crate) fn negotiate(
    explicit: Option<Format>,
    headers: &HeaderMap,
    offered: &[Format],
) -> Result<Format, ApiError> {
    if let Some(format) = explicit {
        return Ok(format);
    }
    let accept: Vec<&str> = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    if accept.iter().all(|a| a.trim().is_empty()) {
        return Ok(Format::Json);
    }
    let mut ranges: Vec<(f32, usize, &str)> = accept
        .iter()
        .flat_map(|a| a.split(','))
        .enumerate()
        .filter_map(|(i, range)| {
            let mut parts = range.split(';');
            let media = parts.next()?.trim();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (q > 0.0 && !media.is_empty()).then_some((q, i, media))
        })
        .collect();
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, _, media) in ranges {
        let candidates: &[Format] = match media.to_ascii_lowercase().as_str() {
            "application/geo+json" => &[Format::Geojson],
            "text/csv" => &[Format::Csv],
            "application/json" | "application/*" | "*/*" => &[Format::Json],
            "text/*" => &[Format::Csv],
            _ => &[],
        };
        if let Some(f) = candidates.iter().find(|f| offered.contains(f)) {
            return Ok(*f);
        }
    }
    let offered: Vec<&str> = offered.iter().map(|f| f.content_type()).collect();
    Err(ApiError::NotAcceptable(format!(
        "accept: this endpoint can answer with {}",
        offered.join(", ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with_accept(value: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT, HeaderValue::from_static(value));
        h
    }

    const ALL: &[Format] = &[Format::Json, Format::Geojson, Format::Csv];

    #[test]
    fn accept_header_picks_the_preferred_offered_format() {
        let pick = |h: &HeaderMap, offered| negotiate(None, h, offered).ok();
        assert_eq!(pick(&HeaderMap::new(), ALL), Some(Format::Json));
        assert_eq!(
            pick(&with_accept("application/geo+json"), ALL),
            Some(Format::Geojson)
        );
        assert_eq!(
            pick(&with_accept("text/csv;q=0.5, application/json"), ALL),
            Some(Format::Json)
        );
        assert_eq!(
            pick(
                &with_accept("text/html,application/xml;q=0.9,*/*;q=0.8"),
                ALL
            ),
            Some(Format::Json)
        );
        assert_eq!(
            pick(
                &with_accept("application/geo+json, */*;q=0.1"),
                &[Format::Json]
            ),
            Some(Format::Json)
        );
        assert_eq!(pick(&with_accept("image/png"), ALL), None);
        assert_eq!(pick(&with_accept("*/*;q=0"), ALL), None);
        assert_eq!(
            negotiate(Some(Format::Csv), &with_accept("image/png"), ALL).ok(),
            Some(Format::Csv)
        );
    }
}
