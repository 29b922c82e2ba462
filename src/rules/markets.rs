//! What consent the law of the app's markets (`sdklint.toml` `markets`) asks for before SDKs
//! track: opt-in consent, or a notice with a way to opt out. SL301 reads it; the mapping and its
//! sources are documented in SL301's explain text.
//!
//! The table is deliberately short: a market it does not name gets the strict (opt-in) reading,
//! and so does a run whose markets are unknown. A wrong "opt-out suffices" would tell an app it
//! needs no consent where the law asks for it; a wrong "opt-in" only asks for more than the law.

use crate::config::Config;

/// What a market's law asks for before tracking SDKs collect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Regime {
    /// Consent first (GDPR and the laws modelled on it).
    OptIn,
    /// Notice at collection and a way to opt out (US state privacy laws).
    NoticeAndOptOut,
}

/// The member states of the European Economic Area (EU 27 plus Iceland, Liechtenstein, Norway),
/// ISO 3166-1 alpha-2; `EU` is accepted for all of them. Greece is `GR` (ISO), not `EL`.
const EEA: &[&str] = &[
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IS",
    "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// The law sdklint reads for `market` and what it asks for; `None` for a market not in the table.
pub fn law(market: &str) -> Option<(Regime, &'static str)> {
    if market == "EU" || EEA.contains(&market) {
        return Some((Regime::OptIn, "EEA: GDPR and the ePrivacy Directive"));
    }
    match market {
        "GB" => Some((Regime::OptIn, "UK GDPR and PECR")),
        "CH" => Some((Regime::OptIn, "Switzerland: FADP")),
        "BR" => Some((Regime::OptIn, "Brazil: LGPD")),
        "US" => Some((
            Regime::NoticeAndOptOut,
            "US state privacy laws: CCPA/CPRA and the like",
        )),
        _ => None,
    }
}

/// How the consent rules read the configured markets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// Opt-in consent is needed; `why` says which market asked for it (or that none is known).
    OptIn { why: String },
    /// Every market accepts notice and opt-out; `law` names them.
    NoticeAndOptOut { law: String },
}

/// The reading for `config`: opt-in as soon as one market asks for it, when a market is not in the
/// table, or when no market is configured; notice and opt-out only when every market accepts it.
pub fn consent_reading(config: &Config) -> Reading {
    if config.markets.is_empty() {
        return Reading::OptIn {
            why:
                "markets unknown (`markets` in sdklint.toml), so the strict reading: opt-in consent"
                    .into(),
        };
    }
    let mut opt_out_laws: Vec<&str> = Vec::new();
    for market in &config.markets {
        match law(market) {
            Some((Regime::OptIn, law)) => {
                return Reading::OptIn {
                    why: format!("opt-in consent is required for {market} ({law})"),
                };
            }
            Some((Regime::NoticeAndOptOut, law)) => {
                if !opt_out_laws.contains(&law) {
                    opt_out_laws.push(law);
                }
            }
            None => {
                return Reading::OptIn {
                    why: format!(
                        "sdklint has no consent-law mapping for {market}, so the strict reading: \
                         opt-in consent"
                    ),
                };
            }
        }
    }
    Reading::NoticeAndOptOut {
        law: opt_out_laws.join("; "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(markets: &[&str]) -> Reading {
        consent_reading(&Config {
            markets: markets.iter().map(|m| m.to_string()).collect(),
            ..Config::default()
        })
    }

    #[test]
    fn the_first_opt_in_market_drives_the_reading() {
        assert_eq!(
            reading(&["US", "DE", "GB"]),
            Reading::OptIn {
                why: "opt-in consent is required for DE (EEA: GDPR and the ePrivacy Directive)"
                    .into()
            }
        );
        for market in ["EU", "NO", "GB", "CH", "BR"] {
            assert!(
                matches!(reading(&[market]), Reading::OptIn { .. }),
                "{market}"
            );
        }
    }

    #[test]
    fn us_alone_accepts_notice_and_opt_out() {
        assert_eq!(
            reading(&["US"]),
            Reading::NoticeAndOptOut {
                law: "US state privacy laws: CCPA/CPRA and the like".into()
            }
        );
    }

    #[test]
    fn unknown_and_unmapped_markets_read_strictly() {
        assert!(matches!(
            reading(&[]),
            Reading::OptIn { why } if why.starts_with("markets unknown")
        ));
        assert!(matches!(
            reading(&["US", "JP"]),
            Reading::OptIn { why } if why.contains("no consent-law mapping for JP")
        ));
        // `EL` is the EU's own code for Greece, not ISO's: no mapping, so strict.
        assert_eq!(law("EL"), None);
    }
}
