//! Countries and territories: ISO 3166-1 codes (plus Kosovo, `XK`, and the two
//! withdrawn codes GeoNames still lists), FIPS 10-4 codes (GDELT), Gleditsch–Ward
//! numbers (UCDP, legacy ACLED), English names and the variants datasets use.
//!
//! Every lookup answers with the alpha-2 code, sitrep's one country key. Names
//! are compared after [`normalise`]: case, diacritics, punctuation, spacing and a
//! leading "the" do not matter, so `Côte d'Ivoire`, `COTE D IVOIRE` and
//! `cote-divoire` are the same key.

use std::collections::HashMap;
use std::sync::LazyLock;

/// One country or territory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2 (`XK` for Kosovo).
    pub alpha2: &'static str,
    /// ISO 3166-1 alpha-3 (`XKX` for Kosovo).
    pub alpha3: &'static str,
    /// ISO 3166-1 numeric; Kosovo has none.
    pub numeric: Option<u16>,
    /// FIPS 10-4 code, as GDELT writes it; a few ISO territories have none.
    pub fips: Option<&'static str>,
    /// Gleditsch–Ward state number, for independent states.
    pub gw: Option<u16>,
    /// Short English name.
    pub name: &'static str,
    /// Other names datasets use for it.
    pub aliases: &'static [&'static str],
}

/// Builds a row; `0` and `""` stand for "none" so the table stays one line a row.
const fn c(
    alpha2: &'static str,
    alpha3: &'static str,
    numeric: u16,
    fips: &'static str,
    gw: u16,
    name: &'static str,
    aliases: &'static [&'static str],
) -> Country {
    Country {
        alpha2,
        alpha3,
        numeric: if numeric == 0 { None } else { Some(numeric) },
        fips: if fips.is_empty() { None } else { Some(fips) },
        gw: if gw == 0 { None } else { Some(gw) },
        name,
        aliases,
    }
}

/// The table, in alpha-2 order (withdrawn codes last).
pub static COUNTRIES: &[Country] = &[
    c("AD", "AND", 20, "AN", 232, "Andorra", &[]),
    c(
        "AE",
        "ARE",
        784,
        "AE",
        696,
        "United Arab Emirates",
        &["UAE", "Emirates"],
    ),
    c(
        "AF",
        "AFG",
        4,
        "AF",
        700,
        "Afghanistan",
        &["Islamic Republic of Afghanistan"],
    ),
    c(
        "AG",
        "ATG",
        28,
        "AC",
        58,
        "Antigua and Barbuda",
        &["Antigua"],
    ),
    c("AI", "AIA", 660, "AV", 0, "Anguilla", &[]),
    c("AL", "ALB", 8, "AL", 339, "Albania", &[]),
    c("AM", "ARM", 51, "AM", 371, "Armenia", &[]),
    c("AO", "AGO", 24, "AO", 540, "Angola", &[]),
    c("AQ", "ATA", 10, "AY", 0, "Antarctica", &[]),
    c("AR", "ARG", 32, "AR", 160, "Argentina", &[]),
    c("AS", "ASM", 16, "AQ", 0, "American Samoa", &[]),
    c("AT", "AUT", 40, "AU", 305, "Austria", &[]),
    c("AU", "AUS", 36, "AS", 900, "Australia", &[]),
    c("AW", "ABW", 533, "AA", 0, "Aruba", &[]),
    c(
        "AX",
        "ALA",
        248,
        "",
        0,
        "Åland Islands",
        &["Aland", "Aland Islands"],
    ),
    c("AZ", "AZE", 31, "AJ", 373, "Azerbaijan", &[]),
    c(
        "BA",
        "BIH",
        70,
        "BK",
        346,
        "Bosnia and Herzegovina",
        &["Bosnia-Herzegovina", "Bosnia"],
    ),
    c("BB", "BRB", 52, "BB", 53, "Barbados", &[]),
    c("BD", "BGD", 50, "BG", 771, "Bangladesh", &[]),
    c("BE", "BEL", 56, "BE", 211, "Belgium", &[]),
    c(
        "BF",
        "BFA",
        854,
        "UV",
        439,
        "Burkina Faso",
        &["Upper Volta", "Burkina Faso (Upper Volta)"],
    ),
    c("BG", "BGR", 100, "BU", 355, "Bulgaria", &[]),
    c("BH", "BHR", 48, "BA", 692, "Bahrain", &[]),
    c("BI", "BDI", 108, "BY", 516, "Burundi", &[]),
    c(
        "BJ",
        "BEN",
        204,
        "BN",
        434,
        "Benin",
        &["Dahomey", "Benin (Dahomey)"],
    ),
    c(
        "BL",
        "BLM",
        652,
        "TB",
        0,
        "Saint Barthélemy",
        &["Saint Barthelemy", "St Barts"],
    ),
    c("BM", "BMU", 60, "BD", 0, "Bermuda", &[]),
    c("BN", "BRN", 96, "BX", 835, "Brunei", &["Brunei Darussalam"]),
    c(
        "BO",
        "BOL",
        68,
        "BL",
        145,
        "Bolivia",
        &[
            "Plurinational State of Bolivia",
            "Bolivia, Plurinational State of",
        ],
    ),
    c(
        "BQ",
        "BES",
        535,
        "",
        0,
        "Caribbean Netherlands",
        &[
            "Bonaire, Saint Eustatius and Saba",
            "Bonaire, Sint Eustatius and Saba",
            "Bonaire",
        ],
    ),
    c("BR", "BRA", 76, "BR", 140, "Brazil", &["Brasil"]),
    c(
        "BS",
        "BHS",
        44,
        "BF",
        31,
        "Bahamas",
        &["The Bahamas", "Bahamas, The"],
    ),
    c("BT", "BTN", 64, "BT", 760, "Bhutan", &[]),
    c("BV", "BVT", 74, "BV", 0, "Bouvet Island", &[]),
    c("BW", "BWA", 72, "BC", 571, "Botswana", &[]),
    c(
        "BY",
        "BLR",
        112,
        "BO",
        370,
        "Belarus",
        &["Byelorussia", "Belorussia"],
    ),
    c("BZ", "BLZ", 84, "BH", 80, "Belize", &[]),
    c("CA", "CAN", 124, "CA", 20, "Canada", &[]),
    c(
        "CC",
        "CCK",
        166,
        "CK",
        0,
        "Cocos (Keeling) Islands",
        &["Cocos Islands", "Keeling Islands"],
    ),
    c(
        "CD",
        "COD",
        180,
        "CG",
        490,
        "Democratic Republic of the Congo",
        &[
            "Democratic Republic of Congo",
            "DRC",
            "DR Congo",
            "D.R. Congo",
            "Congo, Dem. Rep.",
            "Congo, The Democratic Republic of the",
            "Congo, Democratic Republic of the",
            "DR Congo (Zaire)",
            "Zaire",
            "Congo-Kinshasa",
            "Congo (Kinshasa)",
        ],
    ),
    c(
        "CF",
        "CAF",
        140,
        "CT",
        482,
        "Central African Republic",
        &["CAR"],
    ),
    c(
        "CG",
        "COG",
        178,
        "CF",
        484,
        "Republic of the Congo",
        &[
            "Republic of Congo",
            "Congo",
            "Congo, Rep.",
            "Congo-Brazzaville",
            "Congo (Brazzaville)",
            "Congo, Republic of the",
        ],
    ),
    c("CH", "CHE", 756, "SZ", 225, "Switzerland", &[]),
    c(
        "CI",
        "CIV",
        384,
        "IV",
        437,
        "Côte d'Ivoire",
        &["Ivory Coast", "Cote d'Ivoire"],
    ),
    c("CK", "COK", 184, "CW", 0, "Cook Islands", &[]),
    c("CL", "CHL", 152, "CI", 155, "Chile", &[]),
    c("CM", "CMR", 120, "CM", 471, "Cameroon", &[]),
    c(
        "CN",
        "CHN",
        156,
        "CH",
        710,
        "China",
        &["People's Republic of China", "PRC"],
    ),
    c("CO", "COL", 170, "CO", 100, "Colombia", &[]),
    c("CR", "CRI", 188, "CS", 94, "Costa Rica", &[]),
    c("CU", "CUB", 192, "CU", 40, "Cuba", &[]),
    c("CV", "CPV", 132, "CV", 402, "Cabo Verde", &["Cape Verde"]),
    c("CW", "CUW", 531, "UC", 0, "Curaçao", &["Curacao"]),
    c("CX", "CXR", 162, "KT", 0, "Christmas Island", &[]),
    c("CY", "CYP", 196, "CY", 352, "Cyprus", &["Northern Cyprus"]),
    c("CZ", "CZE", 203, "EZ", 316, "Czechia", &["Czech Republic"]),
    c(
        "DE",
        "DEU",
        276,
        "GM",
        260,
        "Germany",
        &["Federal Republic of Germany", "West Germany"],
    ),
    c("DJ", "DJI", 262, "DJ", 522, "Djibouti", &[]),
    c("DK", "DNK", 208, "DA", 390, "Denmark", &[]),
    c("DM", "DMA", 212, "DO", 54, "Dominica", &[]),
    c("DO", "DOM", 214, "DR", 42, "Dominican Republic", &[]),
    c("DZ", "DZA", 12, "AG", 615, "Algeria", &[]),
    c("EC", "ECU", 218, "EC", 130, "Ecuador", &[]),
    c("EE", "EST", 233, "EN", 366, "Estonia", &[]),
    c("EG", "EGY", 818, "EG", 651, "Egypt", &["Egypt, Arab Rep."]),
    c("EH", "ESH", 732, "WI", 0, "Western Sahara", &[]),
    c("ER", "ERI", 232, "ER", 531, "Eritrea", &[]),
    c("ES", "ESP", 724, "SP", 230, "Spain", &[]),
    c("ET", "ETH", 231, "ET", 530, "Ethiopia", &[]),
    c("FI", "FIN", 246, "FI", 375, "Finland", &[]),
    c("FJ", "FJI", 242, "FJ", 950, "Fiji", &[]),
    c(
        "FK",
        "FLK",
        238,
        "FK",
        0,
        "Falkland Islands",
        &["Falkland Islands (Malvinas)", "Malvinas", "Falklands"],
    ),
    c(
        "FM",
        "FSM",
        583,
        "FM",
        987,
        "Micronesia",
        &[
            "Federated States of Micronesia",
            "Micronesia, Federated States of",
            "Micronesia, Fed. Sts.",
        ],
    ),
    c(
        "FO",
        "FRO",
        234,
        "FO",
        0,
        "Faroe Islands",
        &["Faeroe Islands"],
    ),
    c("FR", "FRA", 250, "FR", 220, "France", &[]),
    c("GA", "GAB", 266, "GB", 481, "Gabon", &[]),
    c(
        "GB",
        "GBR",
        826,
        "UK",
        200,
        "United Kingdom",
        &[
            "UK",
            "Britain",
            "Great Britain",
            "United Kingdom of Great Britain and Northern Ireland",
            "England",
            "Scotland",
            "Wales",
            "Northern Ireland",
        ],
    ),
    c("GD", "GRD", 308, "GJ", 55, "Grenada", &[]),
    c("GE", "GEO", 268, "GG", 372, "Georgia", &[]),
    c("GF", "GUF", 254, "FG", 0, "French Guiana", &[]),
    c(
        "GG",
        "GGY",
        831,
        "GK",
        0,
        "Guernsey",
        &["Bailiwick of Guernsey"],
    ),
    c("GH", "GHA", 288, "GH", 452, "Ghana", &[]),
    c("GI", "GIB", 292, "GI", 0, "Gibraltar", &[]),
    c("GL", "GRL", 304, "GL", 0, "Greenland", &[]),
    c(
        "GM",
        "GMB",
        270,
        "GA",
        420,
        "Gambia",
        &["The Gambia", "Gambia, The"],
    ),
    c("GN", "GIN", 324, "GV", 438, "Guinea", &["Guinea-Conakry"]),
    c("GP", "GLP", 312, "GP", 0, "Guadeloupe", &[]),
    c("GQ", "GNQ", 226, "EK", 411, "Equatorial Guinea", &[]),
    c("GR", "GRC", 300, "GR", 350, "Greece", &[]),
    c(
        "GS",
        "SGS",
        239,
        "SX",
        0,
        "South Georgia and the South Sandwich Islands",
        &["South Georgia"],
    ),
    c("GT", "GTM", 320, "GT", 90, "Guatemala", &[]),
    c("GU", "GUM", 316, "GQ", 0, "Guam", &[]),
    c("GW", "GNB", 624, "PU", 404, "Guinea-Bissau", &[]),
    c("GY", "GUY", 328, "GY", 110, "Guyana", &[]),
    c(
        "HK",
        "HKG",
        344,
        "HK",
        0,
        "Hong Kong",
        &["Hong Kong SAR", "Hong Kong, China"],
    ),
    c(
        "HM",
        "HMD",
        334,
        "HM",
        0,
        "Heard Island and McDonald Islands",
        &[],
    ),
    c("HN", "HND", 340, "HO", 91, "Honduras", &[]),
    c("HR", "HRV", 191, "HR", 344, "Croatia", &[]),
    c("HT", "HTI", 332, "HA", 41, "Haiti", &[]),
    c("HU", "HUN", 348, "HU", 310, "Hungary", &[]),
    c("ID", "IDN", 360, "ID", 850, "Indonesia", &[]),
    c(
        "IE",
        "IRL",
        372,
        "EI",
        205,
        "Ireland",
        &["Republic of Ireland", "Eire"],
    ),
    c("IL", "ISR", 376, "IS", 666, "Israel", &[]),
    c("IM", "IMN", 833, "IM", 0, "Isle of Man", &[]),
    c("IN", "IND", 356, "IN", 750, "India", &[]),
    c(
        "IO",
        "IOT",
        86,
        "IO",
        0,
        "British Indian Ocean Territory",
        &["Chagos Islands"],
    ),
    c("IQ", "IRQ", 368, "IZ", 645, "Iraq", &[]),
    c(
        "IR",
        "IRN",
        364,
        "IR",
        630,
        "Iran",
        &[
            "Iran, Islamic Republic of",
            "Islamic Republic of Iran",
            "Iran, Islamic Rep.",
            "Persia",
        ],
    ),
    c("IS", "ISL", 352, "IC", 395, "Iceland", &[]),
    c("IT", "ITA", 380, "IT", 325, "Italy", &[]),
    c(
        "JE",
        "JEY",
        832,
        "JE",
        0,
        "Jersey",
        &["Bailiwick of Jersey"],
    ),
    c("JM", "JAM", 388, "JM", 51, "Jamaica", &[]),
    c("JO", "JOR", 400, "JO", 663, "Jordan", &[]),
    c("JP", "JPN", 392, "JA", 740, "Japan", &[]),
    c("KE", "KEN", 404, "KE", 501, "Kenya", &[]),
    c(
        "KG",
        "KGZ",
        417,
        "KG",
        703,
        "Kyrgyzstan",
        &["Kyrgyz Republic", "Kirghizia"],
    ),
    c(
        "KH",
        "KHM",
        116,
        "CB",
        811,
        "Cambodia",
        &["Cambodia (Kampuchea)", "Kampuchea"],
    ),
    c("KI", "KIR", 296, "KR", 946, "Kiribati", &[]),
    c(
        "KM",
        "COM",
        174,
        "CN",
        581,
        "Comoros",
        &["Union of the Comoros"],
    ),
    c(
        "KN",
        "KNA",
        659,
        "SC",
        60,
        "Saint Kitts and Nevis",
        &["St Kitts and Nevis", "Saint Christopher and Nevis"],
    ),
    c(
        "KP",
        "PRK",
        408,
        "KN",
        731,
        "North Korea",
        &[
            "Korea, Democratic People's Republic of",
            "Democratic People's Republic of Korea",
            "Korea, Dem. People's Rep.",
            "DPRK",
        ],
    ),
    c(
        "KR",
        "KOR",
        410,
        "KS",
        732,
        "South Korea",
        &[
            "Korea, Republic of",
            "Republic of Korea",
            "Korea, Rep.",
            "Korea",
        ],
    ),
    c("KW", "KWT", 414, "KU", 690, "Kuwait", &[]),
    c("KY", "CYM", 136, "CJ", 0, "Cayman Islands", &[]),
    c("KZ", "KAZ", 398, "KZ", 705, "Kazakhstan", &[]),
    c(
        "LA",
        "LAO",
        418,
        "LA",
        812,
        "Laos",
        &["Lao People's Democratic Republic", "Lao PDR", "Lao"],
    ),
    c("LB", "LBN", 422, "LE", 660, "Lebanon", &[]),
    c("LC", "LCA", 662, "ST", 56, "Saint Lucia", &["St Lucia"]),
    c("LI", "LIE", 438, "LS", 223, "Liechtenstein", &[]),
    c("LK", "LKA", 144, "CE", 780, "Sri Lanka", &["Ceylon"]),
    c("LR", "LBR", 430, "LI", 450, "Liberia", &[]),
    c("LS", "LSO", 426, "LT", 570, "Lesotho", &[]),
    c("LT", "LTU", 440, "LH", 368, "Lithuania", &[]),
    c("LU", "LUX", 442, "LU", 212, "Luxembourg", &[]),
    c("LV", "LVA", 428, "LG", 367, "Latvia", &[]),
    c(
        "LY",
        "LBY",
        434,
        "LY",
        620,
        "Libya",
        &["Libyan Arab Jamahiriya"],
    ),
    c("MA", "MAR", 504, "MO", 600, "Morocco", &[]),
    c("MC", "MCO", 492, "MN", 221, "Monaco", &[]),
    c(
        "MD",
        "MDA",
        498,
        "MD",
        359,
        "Moldova",
        &["Moldova, Republic of", "Republic of Moldova"],
    ),
    c("ME", "MNE", 499, "MJ", 341, "Montenegro", &[]),
    c(
        "MF",
        "MAF",
        663,
        "RN",
        0,
        "Saint Martin",
        &["Saint Martin (French part)", "St Martin"],
    ),
    c(
        "MG",
        "MDG",
        450,
        "MA",
        580,
        "Madagascar",
        &["Madagascar (Malagasy)", "Malagasy Republic"],
    ),
    c("MH", "MHL", 584, "RM", 983, "Marshall Islands", &[]),
    c(
        "MK",
        "MKD",
        807,
        "MK",
        343,
        "North Macedonia",
        &[
            "Macedonia",
            "Macedonia, FYR",
            "FYR Macedonia",
            "Former Yugoslav Republic of Macedonia",
            "Macedonia, the former Yugoslav Republic of",
        ],
    ),
    c("ML", "MLI", 466, "ML", 432, "Mali", &[]),
    c(
        "MM",
        "MMR",
        104,
        "BM",
        775,
        "Myanmar",
        &["Burma", "Myanmar (Burma)"],
    ),
    c("MN", "MNG", 496, "MG", 712, "Mongolia", &[]),
    c("MO", "MAC", 446, "MC", 0, "Macao", &["Macau", "Macao SAR"]),
    c("MP", "MNP", 580, "CQ", 0, "Northern Mariana Islands", &[]),
    c("MQ", "MTQ", 474, "MB", 0, "Martinique", &[]),
    c("MR", "MRT", 478, "MR", 435, "Mauritania", &[]),
    c("MS", "MSR", 500, "MH", 0, "Montserrat", &[]),
    c("MT", "MLT", 470, "MT", 338, "Malta", &[]),
    c("MU", "MUS", 480, "MP", 590, "Mauritius", &[]),
    c("MV", "MDV", 462, "MV", 781, "Maldives", &[]),
    c("MW", "MWI", 454, "MI", 553, "Malawi", &[]),
    c("MX", "MEX", 484, "MX", 70, "Mexico", &[]),
    c("MY", "MYS", 458, "MY", 820, "Malaysia", &[]),
    c("MZ", "MOZ", 508, "MZ", 541, "Mozambique", &[]),
    c("NA", "NAM", 516, "WA", 565, "Namibia", &[]),
    c("NC", "NCL", 540, "NC", 0, "New Caledonia", &[]),
    c("NE", "NER", 562, "NG", 436, "Niger", &[]),
    c("NF", "NFK", 574, "NF", 0, "Norfolk Island", &[]),
    c("NG", "NGA", 566, "NI", 475, "Nigeria", &[]),
    c("NI", "NIC", 558, "NU", 93, "Nicaragua", &[]),
    c(
        "NL",
        "NLD",
        528,
        "NL",
        210,
        "Netherlands",
        &["Holland", "Netherlands, The"],
    ),
    c("NO", "NOR", 578, "NO", 385, "Norway", &[]),
    c("NP", "NPL", 524, "NP", 790, "Nepal", &[]),
    c("NR", "NRU", 520, "NR", 970, "Nauru", &[]),
    c("NU", "NIU", 570, "NE", 0, "Niue", &[]),
    c("NZ", "NZL", 554, "NZ", 920, "New Zealand", &[]),
    c("OM", "OMN", 512, "MU", 698, "Oman", &[]),
    c("PA", "PAN", 591, "PM", 95, "Panama", &[]),
    c("PE", "PER", 604, "PE", 135, "Peru", &[]),
    c("PF", "PYF", 258, "FP", 0, "French Polynesia", &["Tahiti"]),
    c("PG", "PNG", 598, "PP", 910, "Papua New Guinea", &[]),
    c(
        "PH",
        "PHL",
        608,
        "RP",
        840,
        "Philippines",
        &["The Philippines"],
    ),
    c("PK", "PAK", 586, "PK", 770, "Pakistan", &[]),
    c("PL", "POL", 616, "PL", 290, "Poland", &[]),
    c(
        "PM",
        "SPM",
        666,
        "SB",
        0,
        "Saint Pierre and Miquelon",
        &["St Pierre and Miquelon"],
    ),
    c("PN", "PCN", 612, "PC", 0, "Pitcairn", &["Pitcairn Islands"]),
    c("PR", "PRI", 630, "RQ", 0, "Puerto Rico", &[]),
    c(
        "PS",
        "PSE",
        275,
        "WE",
        0,
        "Palestine",
        &[
            "State of Palestine",
            "Palestinian Territory",
            "Palestinian Territories",
            "Occupied Palestinian Territory",
            "Palestine, State of",
            "West Bank",
            "Gaza Strip",
            "Gaza",
            "West Bank and Gaza",
        ],
    ),
    c("PT", "PRT", 620, "PO", 235, "Portugal", &[]),
    c("PW", "PLW", 585, "PS", 986, "Palau", &[]),
    c("PY", "PRY", 600, "PA", 150, "Paraguay", &[]),
    c("QA", "QAT", 634, "QA", 694, "Qatar", &[]),
    c("RE", "REU", 638, "RE", 0, "Réunion", &["Reunion"]),
    c("RO", "ROU", 642, "RO", 360, "Romania", &["Rumania"]),
    c(
        "RS",
        "SRB",
        688,
        "RI",
        345,
        "Serbia",
        &["Serbia (Yugoslavia)", "Yugoslavia", "Republic of Serbia"],
    ),
    c(
        "RU",
        "RUS",
        643,
        "RS",
        365,
        "Russia",
        &[
            "Russian Federation",
            "Russia (Soviet Union)",
            "Soviet Union",
            "USSR",
        ],
    ),
    c("RW", "RWA", 646, "RW", 517, "Rwanda", &[]),
    c("SA", "SAU", 682, "SA", 670, "Saudi Arabia", &[]),
    c("SB", "SLB", 90, "BP", 940, "Solomon Islands", &[]),
    c("SC", "SYC", 690, "SE", 591, "Seychelles", &[]),
    c("SD", "SDN", 729, "SU", 625, "Sudan", &[]),
    c("SE", "SWE", 752, "SW", 380, "Sweden", &[]),
    c("SG", "SGP", 702, "SN", 830, "Singapore", &[]),
    c(
        "SH",
        "SHN",
        654,
        "SH",
        0,
        "Saint Helena",
        &["Saint Helena, Ascension and Tristan da Cunha", "St Helena"],
    ),
    c("SI", "SVN", 705, "SI", 349, "Slovenia", &[]),
    c(
        "SJ",
        "SJM",
        744,
        "SV",
        0,
        "Svalbard and Jan Mayen",
        &["Svalbard"],
    ),
    c(
        "SK",
        "SVK",
        703,
        "LO",
        317,
        "Slovakia",
        &["Slovak Republic"],
    ),
    c("SL", "SLE", 694, "SL", 451, "Sierra Leone", &[]),
    c("SM", "SMR", 674, "SM", 331, "San Marino", &[]),
    c("SN", "SEN", 686, "SG", 433, "Senegal", &[]),
    c("SO", "SOM", 706, "SO", 520, "Somalia", &["Somaliland"]),
    c("SR", "SUR", 740, "NS", 115, "Suriname", &["Surinam"]),
    c("SS", "SSD", 728, "OD", 626, "South Sudan", &[]),
    c(
        "ST",
        "STP",
        678,
        "TP",
        403,
        "São Tomé and Príncipe",
        &["Sao Tome and Principe", "Sao Tome"],
    ),
    c("SV", "SLV", 222, "ES", 92, "El Salvador", &[]),
    c(
        "SX",
        "SXM",
        534,
        "NN",
        0,
        "Sint Maarten",
        &["Sint Maarten (Dutch part)"],
    ),
    c(
        "SY",
        "SYR",
        760,
        "SY",
        652,
        "Syria",
        &["Syrian Arab Republic"],
    ),
    c(
        "SZ",
        "SWZ",
        748,
        "WZ",
        572,
        "Eswatini",
        &[
            "eSwatini",
            "Swaziland",
            "Kingdom of eSwatini",
            "Kingdom of eSwatini (Swaziland)",
        ],
    ),
    c("TC", "TCA", 796, "TK", 0, "Turks and Caicos Islands", &[]),
    c("TD", "TCD", 148, "CD", 483, "Chad", &[]),
    c(
        "TF",
        "ATF",
        260,
        "FS",
        0,
        "French Southern Territories",
        &["French Southern and Antarctic Lands"],
    ),
    c("TG", "TGO", 768, "TO", 461, "Togo", &[]),
    c("TH", "THA", 764, "TH", 800, "Thailand", &["Siam"]),
    c("TJ", "TJK", 762, "TI", 702, "Tajikistan", &[]),
    c("TK", "TKL", 772, "TL", 0, "Tokelau", &[]),
    c(
        "TL",
        "TLS",
        626,
        "TT",
        860,
        "Timor-Leste",
        &["East Timor", "Timor Leste"],
    ),
    c("TM", "TKM", 795, "TX", 701, "Turkmenistan", &[]),
    c("TN", "TUN", 788, "TS", 616, "Tunisia", &[]),
    c("TO", "TON", 776, "TN", 955, "Tonga", &[]),
    c(
        "TR",
        "TUR",
        792,
        "TU",
        640,
        "Türkiye",
        &["Turkey", "Turkiye"],
    ),
    c(
        "TT",
        "TTO",
        780,
        "TD",
        52,
        "Trinidad and Tobago",
        &["Trinidad"],
    ),
    c("TV", "TUV", 798, "TV", 947, "Tuvalu", &[]),
    c(
        "TW",
        "TWN",
        158,
        "TW",
        713,
        "Taiwan",
        &[
            "Republic of China",
            "Taiwan, Province of China",
            "Chinese Taipei",
        ],
    ),
    c(
        "TZ",
        "TZA",
        834,
        "TZ",
        510,
        "Tanzania",
        &[
            "United Republic of Tanzania",
            "Tanzania, United Republic of",
        ],
    ),
    c("UA", "UKR", 804, "UP", 369, "Ukraine", &[]),
    c("UG", "UGA", 800, "UG", 500, "Uganda", &[]),
    c(
        "UM",
        "UMI",
        581,
        "",
        0,
        "United States Minor Outlying Islands",
        &[],
    ),
    c(
        "US",
        "USA",
        840,
        "US",
        2,
        "United States",
        &[
            "United States of America",
            "US",
            "U.S.",
            "U.S.A.",
            "America",
        ],
    ),
    c("UY", "URY", 858, "UY", 165, "Uruguay", &[]),
    c("UZ", "UZB", 860, "UZ", 704, "Uzbekistan", &[]),
    c(
        "VA",
        "VAT",
        336,
        "VT",
        0,
        "Vatican",
        &["Vatican City", "Holy See", "Holy See (Vatican City State)"],
    ),
    c(
        "VC",
        "VCT",
        670,
        "VC",
        57,
        "Saint Vincent and the Grenadines",
        &["St Vincent and the Grenadines", "Saint Vincent"],
    ),
    c(
        "VE",
        "VEN",
        862,
        "VE",
        101,
        "Venezuela",
        &[
            "Venezuela, Bolivarian Republic of",
            "Bolivarian Republic of Venezuela",
            "Venezuela, RB",
        ],
    ),
    c(
        "VG",
        "VGB",
        92,
        "VI",
        0,
        "British Virgin Islands",
        &["Virgin Islands, British"],
    ),
    c(
        "VI",
        "VIR",
        850,
        "VQ",
        0,
        "United States Virgin Islands",
        &[
            "U.S. Virgin Islands",
            "US Virgin Islands",
            "Virgin Islands, U.S.",
        ],
    ),
    c(
        "VN",
        "VNM",
        704,
        "VM",
        816,
        "Vietnam",
        &["Viet Nam", "Vietnam (North Vietnam)"],
    ),
    c("VU", "VUT", 548, "NH", 935, "Vanuatu", &[]),
    c("WF", "WLF", 876, "WF", 0, "Wallis and Futuna", &[]),
    c("WS", "WSM", 882, "WS", 990, "Samoa", &["Western Samoa"]),
    c("XK", "XKX", 0, "KV", 347, "Kosovo", &[]),
    c(
        "YE",
        "YEM",
        887,
        "YM",
        678,
        "Yemen",
        &[
            "Yemen (North Yemen)",
            "North Yemen",
            "Republic of Yemen",
            "Yemen, Rep.",
        ],
    ),
    c("YT", "MYT", 175, "MF", 0, "Mayotte", &[]),
    c("ZA", "ZAF", 710, "SF", 560, "South Africa", &[]),
    c("ZM", "ZMB", 894, "ZA", 551, "Zambia", &[]),
    c(
        "ZW",
        "ZWE",
        716,
        "ZI",
        552,
        "Zimbabwe",
        &["Zimbabwe (Rhodesia)", "Rhodesia"],
    ),
    // Withdrawn codes that older datasets (and GeoNames) still carry.
    c("CS", "SCG", 891, "YI", 0, "Serbia and Montenegro", &[]),
    c("AN", "ANT", 530, "NT", 0, "Netherlands Antilles", &[]),
];

/// Gleditsch–Ward numbers of predecessor states, mapped to today's country.
const GW_EXTRA: &[(u16, &str)] = &[
    (255, "DE"), // Germany (Prussia) before 1945
    (265, "DE"), // German Democratic Republic
    (315, "CZ"), // Czechoslovakia
    (340, "RS"), // Serbia before 1918 and after 2006 in some lists
    (511, "TZ"), // Zanzibar
    (680, "YE"), // Yemen People's Republic (South Yemen)
    (711, "CN"), // Tibet
    (730, "KR"), // Korea before division
    (817, "VN"), // Republic of Vietnam (South Vietnam)
];

/// Turns a name into its lookup key: lower case, Latin diacritics folded to
/// ASCII, `&` read as "and", `st` as "saint", a leading "the" dropped, and every
/// other non-alphanumeric character removed.
pub fn normalise(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for ch in text.chars() {
        for lower in ch.to_lowercase() {
            match fold(lower) {
                Some(s) => folded.push_str(s),
                None if lower.is_alphanumeric() => folded.push(lower),
                None if lower == '&' => folded.push_str(" and "),
                // Apostrophes join ("d'Ivoire" ~ "dIvoire"); all else separates.
                None if matches!(lower, '\'' | '’' | '`' | '.') => {}
                None => folded.push(' '),
            }
        }
    }
    let mut key = String::with_capacity(folded.len());
    for (i, word) in folded.split_whitespace().enumerate() {
        if i == 0 && word == "the" {
            continue;
        }
        key.push_str(if word == "st" { "saint" } else { word });
    }
    key
}

/// ASCII spelling of the common Latin letters with diacritics (lower case).
fn fold(ch: char) -> Option<&'static str> {
    Some(match ch {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
        'ł' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

struct Index {
    names: HashMap<String, &'static str>,
    alpha2: HashMap<&'static str, &'static Country>,
    alpha3: HashMap<&'static str, &'static str>,
    numeric: HashMap<u16, &'static str>,
    fips: HashMap<&'static str, &'static str>,
    gw: HashMap<u16, &'static str>,
}

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let mut index = Index {
        names: HashMap::new(),
        alpha2: HashMap::new(),
        alpha3: HashMap::new(),
        numeric: HashMap::new(),
        fips: HashMap::new(),
        gw: HashMap::new(),
    };
    for country in COUNTRIES {
        index.alpha2.insert(country.alpha2, country);
        index.alpha3.insert(country.alpha3, country.alpha2);
        if let Some(n) = country.numeric {
            index.numeric.insert(n, country.alpha2);
        }
        if let Some(f) = country.fips {
            index.fips.insert(f, country.alpha2);
        }
        if let Some(g) = country.gw {
            index.gw.insert(g, country.alpha2);
        }
        // The first claim on a name wins, so a main name is never shadowed by a
        // later country's alias.
        for name in std::iter::once(&country.name).chain(country.aliases) {
            index.names.entry(normalise(name)).or_insert(country.alpha2);
        }
    }
    for (gw, alpha2) in GW_EXTRA {
        index.gw.entry(*gw).or_insert(alpha2);
    }
    index
});

/// The table row of an alpha-2 code (upper case, as the other lookups return it).
pub fn country(alpha2: &str) -> Option<&'static Country> {
    let upper = alpha2.trim().to_ascii_uppercase();
    INDEX.alpha2.get(upper.as_str()).copied()
}

/// The alpha-2 code of a FIPS 10-4 code (`RS` → `RU`, `UP` → `UA`).
pub fn from_fips(code: &str) -> Option<&'static str> {
    let upper = code.trim().to_ascii_uppercase();
    INDEX.fips.get(upper.as_str()).copied()
}

/// The alpha-2 code of a Gleditsch–Ward number (`365` → `RU`), including the
/// numbers of a few predecessor states.
pub fn from_gw(n: u32) -> Option<&'static str> {
    let n = u16::try_from(n).ok()?;
    INDEX.gw.get(&n).copied()
}

/// The alpha-2 code of an ISO 3166-1 numeric code (`4` → `AF`).
pub fn from_numeric(n: u16) -> Option<&'static str> {
    INDEX.numeric.get(&n).copied()
}

/// The alpha-2 code for any way of writing a country: an alpha-2 or alpha-3
/// code, a numeric code (`"004"`, `"4"`), the name or a known variant. A name
/// with a parenthesis that is not known whole is tried without it and then by
/// what is inside (`Kingdom of eSwatini (Swaziland)`).
pub fn country_code(text: &str) -> Option<&'static str> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<u16>().ok().and_then(from_numeric);
    }
    if text.bytes().all(|b| b.is_ascii_alphabetic()) {
        let upper = text.to_ascii_uppercase();
        match upper.len() {
            2 => {
                if let Some(c) = INDEX.alpha2.get(upper.as_str()) {
                    return Some(c.alpha2);
                }
            }
            3 => {
                if let Some(code) = INDEX.alpha3.get(upper.as_str()) {
                    return Some(code);
                }
            }
            _ => {}
        }
    }
    if let Some(code) = INDEX.names.get(&normalise(text)) {
        return Some(code);
    }
    let (outer, rest) = text.split_once('(')?;
    let inner = rest.split(')').next().unwrap_or_default();
    [outer, inner]
        .into_iter()
        .filter(|part| !part.trim().is_empty())
        .find_map(|part| INDEX.names.get(&normalise(part)).copied())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    fn shared(path: &str) -> String {
        let full = format!("{}/../../../shared/data/{path}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("cannot read {full}: {e}"))
    }

    #[test]
    fn lookups_by_every_kind_of_code() {
        assert_eq!(country_code("AF"), Some("AF"));
        assert_eq!(country_code("afg"), Some("AF"));
        assert_eq!(country_code("004"), Some("AF"));
        assert_eq!(country_code("4"), Some("AF"));
        assert_eq!(country_code("0"), None);
        assert_eq!(country_code(""), None);
        assert_eq!(from_fips("RS"), Some("RU"));
        assert_eq!(from_fips("IR"), Some("IR"));
        assert_eq!(from_fips("UP"), Some("UA"));
        assert_eq!(from_fips("TI"), Some("TJ"));
        assert_eq!(from_fips("UZ"), Some("UZ"));
        assert_eq!(from_fips("GM"), Some("DE"));
        assert_eq!(from_fips("AU"), Some("AT"));
        assert_eq!(from_fips("TU"), Some("TR"));
        assert_eq!(from_fips("MV"), Some("MV"));
        assert_eq!(from_fips("kv"), Some("XK"));
        assert_eq!(from_fips("OS"), None);
        assert_eq!(from_gw(365), Some("RU"));
        assert_eq!(from_gw(490), Some("CD"));
        assert_eq!(from_gw(484), Some("CG"));
        assert_eq!(from_gw(817), Some("VN"));
        assert_eq!(from_gw(70_000), None);
        assert_eq!(from_numeric(840), Some("US"));
        assert_eq!(country("gb").map(|c| c.name), Some("United Kingdom"));
    }

    #[test]
    fn names_and_variants_are_found_whatever_their_spelling() {
        let cases = [
            ("Iran, Islamic Republic of", "IR"),
            ("Türkiye", "TR"),
            ("turkey", "TR"),
            ("Côte d'Ivoire", "CI"),
            ("COTE D IVOIRE", "CI"),
            ("Ivory Coast", "CI"),
            ("DRC", "CD"),
            ("Democratic Republic of Congo", "CD"),
            ("Congo, Dem. Rep.", "CD"),
            ("DR Congo (Zaire)", "CD"),
            ("Republic of Congo", "CG"),
            ("Burma", "MM"),
            ("Myanmar (Burma)", "MM"),
            ("eSwatini", "SZ"),
            ("Swaziland", "SZ"),
            ("Kingdom of eSwatini (Swaziland)", "SZ"),
            ("Palestine", "PS"),
            ("State of Palestine", "PS"),
            ("West Bank", "PS"),
            ("Gaza Strip", "PS"),
            ("Russia (Soviet Union)", "RU"),
            ("Yemen (North Yemen)", "YE"),
            ("Serbia (Yugoslavia)", "RS"),
            ("Cambodia (Kampuchea)", "KH"),
            ("Zimbabwe (Rhodesia)", "ZW"),
            ("Madagascar (Malagasy)", "MG"),
            ("Bosnia-Herzegovina", "BA"),
            ("Czechia", "CZ"),
            ("Czech Republic", "CZ"),
            ("North Macedonia", "MK"),
            ("Macedonia, FYR", "MK"),
            ("Cape Verde", "CV"),
            ("Cabo Verde", "CV"),
            ("East Timor", "TL"),
            ("Laos", "LA"),
            ("Syria", "SY"),
            ("South Korea", "KR"),
            ("North Korea", "KP"),
            ("Vietnam", "VN"),
            ("Micronesia", "FM"),
            ("United States", "US"),
            ("USA", "US"),
            ("US", "US"),
            ("United Kingdom", "GB"),
            ("UK", "GB"),
            ("Britain", "GB"),
            ("Vatican", "VA"),
            ("Brunei", "BN"),
            ("Bolivia", "BO"),
            ("Venezuela", "VE"),
            ("Tanzania", "TZ"),
            ("Moldova", "MD"),
            ("Gambia", "GM"),
            ("The Gambia", "GM"),
            ("the Bahamas", "BS"),
            ("Bahamas", "BS"),
            ("Guinea Bissau", "GW"),
            ("St. Lucia", "LC"),
            ("Bosnia & Herzegovina", "BA"),
            ("  Kosovo ", "XK"),
            ("Curaçao", "CW"),
        ];
        let wrong: Vec<String> = cases
            .iter()
            .filter(|(name, code)| country_code(name) != Some(*code))
            .map(|(name, code)| format!("{name:?} → {:?}, want {code}", country_code(name)))
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        assert_eq!(country_code("Atlantis"), None);
        assert_eq!(country_code("Atlantis (Mu)"), None);
    }

    #[test]
    fn no_two_countries_share_a_name_or_code() {
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        let mut clashes = vec![];
        for c in COUNTRIES {
            for key in std::iter::once(&c.name)
                .chain(c.aliases)
                .map(|n| normalise(n))
                .collect::<BTreeSet<_>>()
            {
                if let Some(other) = seen.insert(key.clone(), c.alpha2) {
                    clashes.push(format!("{key}: {other} and {}", c.alpha2));
                }
            }
        }
        let mut codes = BTreeSet::new();
        for c in COUNTRIES {
            for code in [c.alpha2, c.alpha3] {
                if !codes.insert(code) {
                    clashes.push(format!("code {code} twice"));
                }
            }
        }
        assert!(clashes.is_empty(), "{}", clashes.join("\n"));
    }

    #[test]
    fn table_agrees_with_geonames_country_info() {
        let text = shared("geonames/countryInfo.txt");
        let mut problems = vec![];
        let mut rows = 0;
        // Comments start with '#'; the column header line starts with "ISO\t".
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("ISO\t") && !l.is_empty())
        {
            let cols: Vec<&str> = line.split('\t').collect();
            let [iso, iso3, numeric, fips, ..] = cols.as_slice() else {
                problems.push(format!("short line {line:?}"));
                continue;
            };
            rows += 1;
            let Some(c) = country(iso) else {
                problems.push(format!("{iso} ({iso3}) missing from the table"));
                continue;
            };
            let numeric = numeric.parse::<u16>().ok().filter(|n| *n != 0);
            let fips = Some(*fips).filter(|f| !f.is_empty());
            if c.alpha3 != *iso3 || c.numeric != numeric || c.fips != fips {
                problems.push(format!(
                    "{iso}: table has {} {:?} {:?}, GeoNames {iso3} {numeric:?} {fips:?}",
                    c.alpha3, c.numeric, c.fips
                ));
            }
        }
        assert!(rows > 250, "only {rows} rows read");
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// Every country name in a CSV column of a shared dataset must normalise.
    fn names_in_column(path: &str, column: &str, latin1: bool) -> Vec<String> {
        let full = format!("{}/../../../shared/data/{path}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("cannot read {full}: {e}"));
        let text: String = if latin1 {
            bytes.iter().map(|&b| char::from(b)).collect()
        } else {
            String::from_utf8_lossy(&bytes).into_owned()
        };
        let mut lines = text.lines();
        let header = parse_csv_line(lines.next().unwrap_or_default());
        let Some(at) = header.iter().position(|h| h == column) else {
            panic!("{path}: no column {column}");
        };
        // Lines of multi-line notes split into the wrong number of fields: skip them.
        let names: BTreeSet<String> = lines
            .map(parse_csv_line)
            .filter(|fields| fields.len() == header.len())
            .filter_map(|fields| fields.get(at).cloned())
            .collect();
        names.into_iter().collect()
    }

    /// A tiny CSV splitter for the tests: one physical line at a time.
    fn parse_csv_line(line: &str) -> Vec<String> {
        let mut out = vec![String::new()];
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(ch) = chars.next() {
            match ch {
                '"' if quoted && chars.peek() == Some(&'"') => {
                    chars.next();
                    out.last_mut().into_iter().for_each(|s| s.push('"'));
                }
                '"' => quoted = !quoted,
                ',' if !quoted => out.push(String::new()),
                _ => out.last_mut().into_iter().for_each(|s| s.push(ch)),
            }
        }
        out
    }

    #[test]
    fn every_country_name_in_the_shared_datasets_normalises() {
        let mut names = vec![];
        names.extend(names_in_column(
            "acled/argentina-2022.csv",
            "country",
            false,
        ));
        names.extend(names_in_column(
            "acled/africa-2016-legacy.csv",
            "COUNTRY",
            true,
        ));
        names.extend(names_in_column(
            "acled/mideast-2022-variant.csv",
            "COUNTRY",
            false,
        ));
        names.extend(names_in_column("ucdp/ged-sample.csv", "country", false));
        names.extend(names_in_column(
            "acled/reference/acled_countries.csv",
            "country",
            false,
        ));
        let unknown: Vec<&String> = names
            .iter()
            .filter(|n| !n.is_empty() && country_code(n).is_none())
            .collect();
        assert!(names.len() > 60, "only {} names read", names.len());
        assert!(unknown.is_empty(), "unknown country names: {unknown:?}");
    }
}
