//! Adjectives and demonyms that refer to a place: "Afghan territory", "Russian
//! forces", "two Nigerians". News names countries far more often this way than
//! by their names, so the recogniser reads them as country mentions.
//!
//! Three tables: one row per country of `sitrep_geo::countries` (keyed by ISO
//! alpha-2), sub-national adjectives that point at a named region ("Scottish",
//! "Texan"), and continents (which the gazetteer does not hold, so their
//! centres are given here). Plurals ("Afghans", "Pakistanis") are derived.

use std::collections::HashMap;
use std::sync::LazyLock;

/// Demonyms and adjectives per country, ISO 3166-1 alpha-2.
pub static COUNTRY_DEMONYMS: &[(&str, &[&str])] = &[
    ("AD", &["Andorran"]),
    ("AE", &["Emirati", "Emirian"]),
    ("AF", &["Afghan"]),
    ("AG", &["Antiguan", "Barbudan"]),
    ("AI", &["Anguillan"]),
    ("AL", &["Albanian"]),
    ("AM", &["Armenian"]),
    ("AO", &["Angolan"]),
    ("AQ", &["Antarctic"]),
    ("AR", &["Argentine", "Argentinian", "Argentinean"]),
    ("AS", &["American Samoan"]),
    ("AT", &["Austrian"]),
    ("AU", &["Australian", "Aussie"]),
    ("AW", &["Aruban"]),
    ("AX", &["Ålander", "Alandish"]),
    ("AZ", &["Azerbaijani", "Azeri"]),
    ("BA", &["Bosnian", "Herzegovinian", "Bosniak"]),
    ("BB", &["Barbadian", "Bajan"]),
    ("BD", &["Bangladeshi"]),
    ("BE", &["Belgian"]),
    ("BF", &["Burkinabe", "Burkinabè"]),
    ("BG", &["Bulgarian"]),
    ("BH", &["Bahraini"]),
    ("BI", &["Burundian"]),
    ("BJ", &["Beninese"]),
    ("BL", &["Barthélemois"]),
    ("BM", &["Bermudian", "Bermudan"]),
    ("BN", &["Bruneian"]),
    ("BO", &["Bolivian"]),
    ("BQ", &["Bonairean"]),
    ("BR", &["Brazilian"]),
    ("BS", &["Bahamian"]),
    ("BT", &["Bhutanese"]),
    ("BV", &[]),
    ("BW", &["Botswanan", "Motswana", "Batswana"]),
    ("BY", &["Belarusian", "Belarussian", "Byelorussian"]),
    ("BZ", &["Belizean"]),
    ("CA", &["Canadian"]),
    ("CC", &["Cocos Islander"]),
    ("CD", &["Congolese"]),
    ("CF", &["Central African"]),
    ("CG", &[]),
    ("CH", &["Swiss"]),
    ("CI", &["Ivorian"]),
    ("CK", &["Cook Islander"]),
    ("CL", &["Chilean"]),
    ("CM", &["Cameroonian"]),
    ("CN", &["Chinese"]),
    ("CO", &["Colombian"]),
    ("CR", &["Costa Rican"]),
    ("CU", &["Cuban"]),
    ("CV", &["Cape Verdean", "Cabo Verdean"]),
    ("CW", &["Curaçaoan"]),
    ("CX", &["Christmas Islander"]),
    ("CY", &["Cypriot"]),
    ("CZ", &["Czech"]),
    ("DE", &["German"]),
    ("DJ", &["Djiboutian"]),
    ("DK", &["Danish", "Dane"]),
    ("DM", &["Dominican"]),
    ("DO", &[]),
    ("DZ", &["Algerian"]),
    ("EC", &["Ecuadorian", "Ecuadorean"]),
    ("EE", &["Estonian"]),
    ("EG", &["Egyptian"]),
    ("EH", &["Sahrawi", "Western Saharan"]),
    ("ER", &["Eritrean"]),
    ("ES", &["Spanish", "Spaniard"]),
    ("ET", &["Ethiopian"]),
    ("FI", &["Finnish", "Finn"]),
    ("FJ", &["Fijian"]),
    ("FK", &["Falkland Islander"]),
    ("FM", &["Micronesian"]),
    ("FO", &["Faroese"]),
    ("FR", &["French", "Frenchman", "Frenchmen", "Frenchwoman"]),
    ("GA", &["Gabonese"]),
    ("GB", &["British", "Briton", "Brit"]),
    ("GD", &["Grenadian"]),
    ("GE", &["Georgian"]),
    ("GF", &["French Guianese"]),
    ("GG", &["Guernseyman"]),
    ("GH", &["Ghanaian"]),
    ("GI", &["Gibraltarian"]),
    ("GL", &["Greenlandic", "Greenlander"]),
    ("GM", &["Gambian"]),
    ("GN", &["Guinean"]),
    ("GP", &["Guadeloupean"]),
    ("GQ", &["Equatorial Guinean", "Equatoguinean"]),
    ("GR", &["Greek"]),
    ("GS", &[]),
    ("GT", &["Guatemalan"]),
    ("GU", &["Guamanian"]),
    ("GW", &["Bissau-Guinean"]),
    ("GY", &["Guyanese"]),
    ("HK", &["Hongkonger", "Hong Konger"]),
    ("HM", &[]),
    ("HN", &["Honduran"]),
    ("HR", &["Croatian", "Croat"]),
    ("HT", &["Haitian"]),
    ("HU", &["Hungarian"]),
    ("ID", &["Indonesian"]),
    ("IE", &["Irish", "Irishman", "Irishmen"]),
    ("IL", &["Israeli"]),
    ("IM", &["Manx"]),
    ("IN", &["Indian"]),
    ("IO", &[]),
    ("IQ", &["Iraqi"]),
    ("IR", &["Iranian", "Persian"]),
    ("IS", &["Icelandic", "Icelander"]),
    ("IT", &["Italian"]),
    ("JE", &["Jerseyman"]),
    ("JM", &["Jamaican"]),
    ("JO", &["Jordanian"]),
    ("JP", &["Japanese"]),
    ("KE", &["Kenyan"]),
    ("KG", &["Kyrgyz", "Kyrgyzstani", "Kirghiz"]),
    ("KH", &["Cambodian", "Khmer"]),
    ("KI", &["I-Kiribati"]),
    ("KM", &["Comoran", "Comorian"]),
    ("KN", &["Kittitian", "Nevisian"]),
    ("KP", &["North Korean"]),
    ("KR", &["South Korean", "Korean"]),
    ("KW", &["Kuwaiti"]),
    ("KY", &["Caymanian"]),
    ("KZ", &["Kazakh", "Kazakhstani"]),
    ("LA", &["Lao", "Laotian"]),
    ("LB", &["Lebanese"]),
    ("LC", &["Saint Lucian", "St Lucian"]),
    ("LI", &["Liechtensteiner"]),
    ("LK", &["Sri Lankan"]),
    ("LR", &["Liberian"]),
    ("LS", &["Basotho", "Mosotho"]),
    ("LT", &["Lithuanian"]),
    ("LU", &["Luxembourgish", "Luxembourger"]),
    ("LV", &["Latvian"]),
    ("LY", &["Libyan"]),
    ("MA", &["Moroccan"]),
    ("MC", &["Monegasque", "Monacan"]),
    ("MD", &["Moldovan"]),
    ("ME", &["Montenegrin"]),
    ("MF", &["Saint-Martinoise"]),
    ("MG", &["Malagasy"]),
    ("MH", &["Marshallese"]),
    ("MK", &["Macedonian", "North Macedonian"]),
    ("ML", &["Malian"]),
    ("MM", &["Burmese", "Myanmarese"]),
    ("MN", &["Mongolian"]),
    ("MO", &["Macanese"]),
    ("MP", &["Northern Marianan"]),
    ("MQ", &["Martinican", "Martiniquais"]),
    ("MR", &["Mauritanian"]),
    ("MS", &["Montserratian"]),
    ("MT", &["Maltese"]),
    ("MU", &["Mauritian"]),
    ("MV", &["Maldivian"]),
    ("MW", &["Malawian"]),
    ("MX", &["Mexican"]),
    ("MY", &["Malaysian"]),
    ("MZ", &["Mozambican"]),
    ("NA", &["Namibian"]),
    ("NC", &["New Caledonian"]),
    ("NE", &["Nigerien"]),
    ("NF", &["Norfolk Islander"]),
    ("NG", &["Nigerian"]),
    ("NI", &["Nicaraguan"]),
    ("NL", &["Dutch", "Dutchman", "Netherlander"]),
    ("NO", &["Norwegian"]),
    ("NP", &["Nepalese", "Nepali"]),
    ("NR", &["Nauruan"]),
    ("NU", &["Niuean"]),
    ("NZ", &["New Zealander", "Kiwi"]),
    ("OM", &["Omani"]),
    ("PA", &["Panamanian"]),
    ("PE", &["Peruvian"]),
    ("PF", &["French Polynesian"]),
    ("PG", &["Papua New Guinean"]),
    ("PH", &["Filipino", "Filipina", "Philippine"]),
    ("PK", &["Pakistani"]),
    ("PL", &["Polish", "Pole"]),
    ("PM", &[]),
    ("PN", &["Pitcairn Islander"]),
    ("PR", &["Puerto Rican"]),
    ("PS", &["Palestinian"]),
    ("PT", &["Portuguese"]),
    ("PW", &["Palauan"]),
    ("PY", &["Paraguayan"]),
    ("QA", &["Qatari"]),
    ("RE", &["Réunionese"]),
    ("RO", &["Romanian"]),
    ("RS", &["Serbian", "Serb"]),
    ("RU", &["Russian"]),
    ("RW", &["Rwandan"]),
    ("SA", &["Saudi", "Saudi Arabian"]),
    ("SB", &["Solomon Islander"]),
    ("SC", &["Seychellois"]),
    ("SD", &["Sudanese"]),
    ("SE", &["Swedish", "Swede"]),
    ("SG", &["Singaporean"]),
    ("SH", &["Saint Helenian"]),
    ("SI", &["Slovenian", "Slovene"]),
    ("SJ", &[]),
    ("SK", &["Slovak", "Slovakian"]),
    ("SL", &["Sierra Leonean"]),
    ("SM", &["Sammarinese"]),
    ("SN", &["Senegalese"]),
    ("SO", &["Somali", "Somalian"]),
    ("SR", &["Surinamese"]),
    ("SS", &["South Sudanese"]),
    ("ST", &["Santomean"]),
    ("SV", &["Salvadoran", "Salvadorean"]),
    ("SX", &[]),
    ("SY", &["Syrian"]),
    ("SZ", &["Swazi", "Emaswati"]),
    ("TC", &[]),
    ("TD", &["Chadian"]),
    ("TF", &[]),
    ("TG", &["Togolese"]),
    ("TH", &["Thai"]),
    ("TJ", &["Tajik", "Tajikistani", "Tadjik"]),
    ("TK", &["Tokelauan"]),
    ("TL", &["Timorese", "East Timorese"]),
    ("TM", &["Turkmen", "Turkmenistani"]),
    ("TN", &["Tunisian"]),
    ("TO", &["Tongan"]),
    ("TR", &["Turkish", "Turk"]),
    ("TT", &["Trinidadian", "Tobagonian"]),
    ("TV", &["Tuvaluan"]),
    ("TW", &["Taiwanese"]),
    ("TZ", &["Tanzanian"]),
    ("UA", &["Ukrainian"]),
    ("UG", &["Ugandan"]),
    ("UM", &[]),
    ("US", &["American"]),
    ("UY", &["Uruguayan"]),
    ("UZ", &["Uzbek", "Uzbekistani"]),
    ("VA", &[]),
    ("VC", &["Vincentian"]),
    ("VE", &["Venezuelan"]),
    ("VG", &[]),
    ("VI", &[]),
    ("VN", &["Vietnamese"]),
    ("VU", &["Ni-Vanuatu"]),
    ("WF", &["Wallisian", "Futunan"]),
    ("WS", &["Samoan"]),
    ("XK", &["Kosovar", "Kosovan"]),
    ("YE", &["Yemeni", "Yemenite"]),
    ("YT", &["Mahoran"]),
    ("ZA", &["South African"]),
    ("ZM", &["Zambian"]),
    ("ZW", &["Zimbabwean"]),
    ("CS", &[]),
    ("AN", &[]),
];

/// Adjectives for regions inside a country: the form and the region's name as
/// the gazetteer knows it, with its country.
pub static REGION_DEMONYMS: &[(&str, &str, &str)] = &[
    ("Scottish", "Scotland", "GB"),
    ("Scot", "Scotland", "GB"),
    ("Welsh", "Wales", "GB"),
    ("Texan", "Texas", "US"),
    ("Californian", "California", "US"),
    ("Floridian", "Florida", "US"),
    ("Hawaiian", "Hawaii", "US"),
    ("Alaskan", "Alaska", "US"),
    ("Catalan", "Catalonia", "ES"),
    ("Crimean", "Crimea", "UA"),
    ("Chechen", "Chechnya", "RU"),
    ("Tibetan", "Tibet", "CN"),
    ("Bavarian", "Bavaria", "DE"),
    ("Sicilian", "Sicily", "IT"),
    ("Quebecer", "Quebec", "CA"),
    ("Québécois", "Quebec", "CA"),
    ("Punjabi", "Punjab", "PK"),
    ("Sindhi", "Sindh", "PK"),
    ("Kashmiri", "Kashmir", "IN"),
    ("Iowan", "Iowa", "US"),
    ("Ohioan", "Ohio", "US"),
    ("New Yorker", "New York", "US"),
    ("Virginian", "Virginia", "US"),
    ("Oregonian", "Oregon", "US"),
    ("Arizonan", "Arizona", "US"),
    ("Coloradan", "Colorado", "US"),
    ("Manitoban", "Manitoba", "CA"),
    ("Albertan", "Alberta", "CA"),
    ("Ontarian", "Ontario", "CA"),
];

/// A continent or world region: names, adjectives and a centre.
#[derive(Debug, Clone, Copy)]
pub struct Region {
    pub name: &'static str,
    pub names: &'static [&'static str],
    pub adjectives: &'static [&'static str],
    pub lat: f64,
    pub lon: f64,
}

/// Continents and the world regions news names like continents. Their centres
/// are the conventional ones (GeoNames' continent points where it has them).
pub static REGIONS: &[Region] = &[
    Region {
        name: "Africa",
        names: &["Africa"],
        adjectives: &["African"],
        lat: 7.19,
        lon: 21.09,
    },
    Region {
        name: "Europe",
        names: &["Europe", "European Union", "EU", "E.U."],
        adjectives: &["European"],
        lat: 48.69,
        lon: 9.14,
    },
    Region {
        name: "Asia",
        names: &["Asia"],
        adjectives: &["Asian"],
        lat: 29.84,
        lon: 89.30,
    },
    Region {
        name: "North America",
        names: &["North America"],
        adjectives: &["North American"],
        lat: 46.07,
        lon: -100.55,
    },
    Region {
        name: "South America",
        names: &["South America"],
        adjectives: &["South American"],
        lat: -14.60,
        lon: -57.66,
    },
    Region {
        name: "Latin America",
        names: &["Latin America"],
        adjectives: &["Latin American"],
        lat: -4.4,
        lon: -61.3,
    },
    Region {
        name: "Oceania",
        names: &["Oceania"],
        adjectives: &["Oceanian"],
        lat: -18.31,
        lon: 138.52,
    },
    Region {
        name: "Middle East",
        names: &["Middle East", "Mideast"],
        adjectives: &["Middle Eastern"],
        lat: 29.3,
        lon: 42.5,
    },
    Region {
        name: "Central Asia",
        names: &["Central Asia"],
        adjectives: &["Central Asian"],
        lat: 45.0,
        lon: 68.0,
    },
    Region {
        name: "Southeast Asia",
        names: &["Southeast Asia", "South-East Asia", "South East Asia"],
        adjectives: &["Southeast Asian"],
        lat: 6.0,
        lon: 112.0,
    },
    Region {
        name: "Sahel",
        names: &["Sahel"],
        adjectives: &["Sahelian"],
        lat: 15.0,
        lon: 5.0,
    },
    Region {
        name: "Caribbean",
        names: &["Caribbean"],
        adjectives: &[],
        lat: 15.0,
        lon: -73.0,
    },
    Region {
        name: "Atlantic Ocean",
        names: &["Atlantic", "Atlantic Ocean"],
        adjectives: &["transatlantic"],
        lat: 10.0,
        lon: -30.0,
    },
    Region {
        name: "Pacific Ocean",
        names: &["Pacific", "Pacific Ocean"],
        adjectives: &[],
        lat: 0.0,
        lon: -160.0,
    },
    Region {
        name: "Indian Ocean",
        names: &["Indian Ocean"],
        adjectives: &[],
        lat: -20.0,
        lon: 80.0,
    },
    Region {
        name: "Mediterranean Sea",
        names: &["Mediterranean", "Mediterranean Sea"],
        adjectives: &[],
        lat: 35.0,
        lon: 18.0,
    },
    Region {
        name: "Red Sea",
        names: &["Red Sea"],
        adjectives: &[],
        lat: 20.0,
        lon: 38.5,
    },
    Region {
        name: "Black Sea",
        names: &["Black Sea"],
        adjectives: &[],
        lat: 43.0,
        lon: 34.0,
    },
    Region {
        name: "Caspian Sea",
        names: &["Caspian", "Caspian Sea"],
        adjectives: &[],
        lat: 41.7,
        lon: 50.5,
    },
    Region {
        name: "Persian Gulf",
        // "the situation in the Gulf": news means this one.
        names: &["Persian Gulf", "Arabian Gulf", "Gulf"],
        adjectives: &[],
        lat: 27.0,
        lon: 51.0,
    },
    Region {
        name: "South China Sea",
        names: &["South China Sea"],
        adjectives: &[],
        lat: 12.0,
        lon: 113.0,
    },
    Region {
        name: "Gulf of Aden",
        names: &["Gulf of Aden"],
        adjectives: &[],
        lat: 12.5,
        lon: 48.0,
    },
    Region {
        name: "Gulf of Mexico",
        names: &["Gulf of Mexico"],
        adjectives: &[],
        lat: 25.0,
        lon: -90.0,
    },
    // Seas named after a country or region: "the Gulf of Guinea" is no
    // incident in Guinea.
    Region {
        name: "Gulf of Guinea",
        names: &["Gulf of Guinea"],
        adjectives: &[],
        lat: 2.0,
        lon: 3.0,
    },
    Region {
        name: "Gulf of Oman",
        names: &["Gulf of Oman"],
        adjectives: &[],
        lat: 24.5,
        lon: 58.5,
    },
    Region {
        name: "Gulf of Thailand",
        names: &["Gulf of Thailand"],
        adjectives: &[],
        lat: 9.5,
        lon: 102.0,
    },
    Region {
        name: "Gulf of Finland",
        names: &["Gulf of Finland"],
        adjectives: &[],
        lat: 59.8,
        lon: 26.0,
    },
    Region {
        name: "Gulf of Panama",
        names: &["Gulf of Panama"],
        adjectives: &[],
        lat: 8.0,
        lon: -79.0,
    },
    Region {
        name: "Sea of Japan",
        names: &["Sea of Japan"],
        adjectives: &[],
        lat: 40.0,
        lon: 135.0,
    },
    Region {
        name: "Bay of Bengal",
        names: &["Bay of Bengal"],
        adjectives: &[],
        lat: 15.0,
        lon: 88.0,
    },
    Region {
        name: "Arabian Sea",
        names: &["Arabian Sea"],
        adjectives: &[],
        lat: 15.0,
        lon: 65.0,
    },
    Region {
        name: "Sahara",
        names: &["Sahara", "Sahara Desert"],
        adjectives: &["Saharan"],
        lat: 23.0,
        lon: 13.0,
    },
    Region {
        name: "Korean Peninsula",
        names: &["Korean Peninsula"],
        adjectives: &[],
        lat: 38.0,
        lon: 127.5,
    },
    Region {
        name: "Balkans",
        names: &["Balkans"],
        adjectives: &["Balkan"],
        lat: 43.0,
        lon: 21.0,
    },
    // Divided between India, Pakistan and China: no country's region, and
    // no "Cashmere, Washington" for "the Kashmir valley".
    Region {
        name: "Kashmir",
        names: &["Kashmir", "Kashmir valley"],
        adjectives: &[],
        lat: 34.1,
        lon: 74.8,
    },
    Region {
        name: "Siberia",
        names: &["Siberia"],
        adjectives: &["Siberian"],
        lat: 60.0,
        lon: 100.0,
    },
    Region {
        name: "Arabian Peninsula",
        names: &["Arabian Peninsula"],
        adjectives: &[],
        lat: 25.0,
        lon: 45.0,
    },
];

/// What a demonym or region word points at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    Country(&'static str),
    /// A region inside a country, by its gazetteer name.
    Subregion {
        name: &'static str,
        country: &'static str,
    },
    /// A continent or world region of [`REGIONS`] (by index).
    Region(usize),
}

/// A looked-up word: the target, and whether the word was the place's name
/// rather than an adjective or demonym.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub target: Target,
    pub is_name: bool,
}

fn plural(form: &str) -> Option<String> {
    let lower = form.to_lowercase();
    let keep = ["ese", "sh", "ch", "ss", "s", "x", "men", "i", "swiss"];
    if lower.ends_with("i") {
        return Some(format!("{form}s"));
    }
    if keep.iter().any(|k| lower.ends_with(k)) {
        return None;
    }
    Some(format!("{form}s"))
}

static INDEX: LazyLock<HashMap<String, Hit>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    let mut add = |form: &str, hit: Hit| {
        map.entry(sitrep_geo::countries::normalise(form))
            .or_insert(hit);
        if let Some(p) = plural(form).filter(|_| !hit.is_name) {
            map.entry(sitrep_geo::countries::normalise(&p))
                .or_insert(hit);
        }
    };
    for (i, region) in REGIONS.iter().enumerate() {
        for n in region.names {
            add(
                n,
                Hit {
                    target: Target::Region(i),
                    is_name: true,
                },
            );
        }
        for a in region.adjectives {
            add(
                a,
                Hit {
                    target: Target::Region(i),
                    is_name: false,
                },
            );
        }
    }
    for (code, forms) in COUNTRY_DEMONYMS {
        for f in *forms {
            add(
                f,
                Hit {
                    target: Target::Country(code),
                    is_name: false,
                },
            );
        }
    }
    for (form, name, country) in REGION_DEMONYMS {
        add(
            form,
            Hit {
                target: Target::Subregion { name, country },
                is_name: false,
            },
        );
    }
    map
});

/// The demonym, adjective or region name `word` stands for (case-insensitive).
pub fn lookup(word: &str) -> Option<Hit> {
    INDEX.get(&sitrep_geo::countries::normalise(word)).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_country_has_a_row_and_forms_resolve() {
        for c in sitrep_geo::countries::COUNTRIES {
            assert!(
                COUNTRY_DEMONYMS.iter().any(|(code, _)| *code == c.alpha2),
                "{} has no demonym row",
                c.alpha2
            );
        }
        let country = |w: &str| match lookup(w).map(|h| h.target) {
            Some(Target::Country(c)) => Some(c),
            _ => None,
        };
        assert_eq!(country("Afghan"), Some("AF"));
        assert_eq!(country("Afghans"), Some("AF"));
        assert_eq!(country("Pakistanis"), Some("PK"));
        assert_eq!(country("Tajik"), Some("TJ"));
        assert_eq!(country("North Korean"), Some("KP"));
        assert_eq!(country("Nigerians"), Some("NG"));
        assert_eq!(country("Swiss"), Some("CH"));
        assert_eq!(country("Chineses"), None);
        assert!(matches!(
            lookup("Africa"),
            Some(Hit {
                target: Target::Region(_),
                is_name: true
            })
        ));
    }

    #[test]
    fn kashmir_and_siberia_are_regions_not_namesake_towns() {
        for (word, name) in [
            ("Kashmir", "Kashmir"),
            ("Kashmir valley", "Kashmir"),
            ("Siberian", "Siberia"),
        ] {
            match lookup(word).map(|h| h.target) {
                Some(Target::Region(i)) => assert_eq!(REGIONS[i].name, name, "{word}"),
                other => panic!("{word}: {other:?}"),
            }
        }
    }
}
