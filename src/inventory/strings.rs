//! `string` evidence: SDKs that the bundle names only by one of their `domains`.
//!
//! An SDK whose classes, symbols or build metadata were not found, but one of whose domains
//! (`appsflyer.com`, `app-measurement.com`) occurs in a string of the bundle — a DEX string
//! constant, a native library's or a Mach-O image's strings, a JavaScript bundle's strings, or an
//! Android string resource — is reported with [`Confidence::String`], the weakest confidence
//! (a DEX string that a shared library's code loads does not count: see `facts::ownership`). It
//! typically means a wrapper (React Native, Flutter, Unity) or a hand-written integration that
//! calls the SDK's servers directly, or a shrinker that renamed the SDK's classes. An SDK that is
//! already a hit keeps its confidence and evidence: a string never downgrades, nor adds to, a
//! stronger hit.
//!
//! # Matching
//! A domain matches as a host name, case-insensitively: `appsflyer.com` matches
//! `https://launches.AppsFlyer.com/api/`, `appsflyer.com` and `x@appsflyer.com`, never
//! `notappsflyer.com`, `appsflyer.community` or `appsflyer.com.example.net`. The character before
//! the domain must not be a host character (letter, digit, `-`, `_`) — a `.` is fine, that is a
//! subdomain — and the domain must not continue after it (a letter, digit, `-` or `_`, or a `.`
//! followed by one).
//!
//! # Cost
//! One Aho-Corasick automaton over every candidate domain (a few dozen patterns), built per call
//! and run once over each string: linear in the bytes of the bundle's strings, whatever the size
//! of the database. Matches are checked for host boundaries as they are found.
//!
//! The evidence locator is the string's own locator followed by the string, shortened to
//! [`MAX_SHOWN`] characters: `string #57 "https://launches.appsflyer.com/api/"`.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::hit::{MAX_EVIDENCE, SdkHit};
use super::{Confidence, SdkDb, SdkDef};
use crate::facts::{Facts, Location};

/// At most this many characters of a string are shown in its evidence locator.
pub const MAX_SHOWN: usize = 120;

/// Add a `string` hit for every SDK of `db` that is not in `hits` and one of whose domains a
/// string of `facts` names. `hits` and the result are sorted by id.
pub(super) fn add_string_hits(db: &SdkDb, facts: &Facts, mut hits: Vec<SdkHit>) -> Vec<SdkHit> {
    // Candidates: SDKs not hit yet, with the domains to look for.
    let candidates: Vec<&SdkDef> = db
        .iter()
        .filter(|sdk| !sdk.domains.is_empty())
        .filter(|sdk| {
            hits.binary_search_by(|h| h.id.as_str().cmp(&sdk.id))
                .is_err()
        })
        .collect();
    let mut patterns: Vec<&str> = Vec::new();
    let mut owner: Vec<usize> = Vec::new();
    for (i, sdk) in candidates.iter().enumerate() {
        for domain in &sdk.domains {
            patterns.push(domain);
            owner.push(i);
        }
    }
    if patterns.is_empty() {
        return hits;
    }
    let Ok(automaton) = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(&patterns)
    else {
        // A few dozen short literal patterns never exceed the automaton's size limits.
        return hits;
    };

    let mut found: Vec<Found> = (0..candidates.len()).map(|_| Found::default()).collect();
    let strings = facts
        .strings
        .iter()
        .map(|s| (s.value.as_str(), &s.location));
    let resources = facts
        .string_resources
        .iter()
        .map(|r| (r.value.as_str(), &r.location));
    let all: Vec<(&str, &Location)> = strings.chain(resources).collect();
    // A resource value is shared by every entry that names it (one SharedStr per distinct value):
    // each value is scanned once, its first holder standing for the others. Code strings are
    // distinct per file and scanned as they are, with no table of their own.
    let code_strings = facts.strings.len();
    let mut first_holder: HashMap<(*const u8, usize), usize> = HashMap::new();
    let resource_holder: Vec<usize> = all[code_strings..]
        .iter()
        .enumerate()
        .map(|(k, (value, _))| {
            *first_holder
                .entry((value.as_ptr(), value.len()))
                .or_insert(code_strings + k)
        })
        .collect();
    let holder = |i: usize| {
        i.checked_sub(code_strings)
            .map_or(i, |k| resource_holder[k])
    };
    // Scanned on every core; matches are rare, so they are collected (in string order) and
    // counted afterwards.
    let scanned: HashMap<usize, Vec<usize>> = {
        use rayon::prelude::*;
        all.par_iter()
            .enumerate()
            .filter(|(i, _)| holder(*i) == *i)
            // A shared library's code strings (Play services' own ad-measurement URL) do not
            // name an SDK the bundle uses: they are the library's business.
            .filter(|(i, _)| {
                *i >= code_strings || !facts.ownership.is_library(&facts.ownership.strings, *i)
            })
            .filter_map(|(i, (value, _))| {
                let mut sdks: Vec<usize> = matching_sdks(&automaton, &owner, value).collect();
                // One piece of evidence per string and SDK.
                sdks.dedup();
                (!sdks.is_empty()).then_some((i, sdks))
            })
            .collect()
    };
    let matches = (0..all.len()).flat_map(|i| {
        scanned
            .get(&holder(i))
            .into_iter()
            .flatten()
            .map(move |&sdk| (i, sdk))
    });
    for (i, sdk) in matches {
        let (value, location) = all[i];
        let f = &mut found[sdk];
        f.total += 1;
        if f.evidence.len() < MAX_EVIDENCE {
            f.evidence.push(Location::new(
                &location.file,
                format!("{} \"{}\"", location.locator, shorten(value)),
            ));
        }
    }

    for (sdk, f) in candidates.iter().zip(found) {
        if f.total == 0 {
            continue;
        }
        let Err(i) = hits.binary_search_by(|h| h.id.as_str().cmp(&sdk.id)) else {
            continue;
        };
        hits.insert(i, SdkHit::new(sdk, Confidence::String, f.evidence, f.total));
    }
    hits
}

#[derive(Default)]
struct Found {
    evidence: Vec<Location>,
    total: usize,
}

/// The candidate indices (through `owner`) whose domain occurs in `value` at host boundaries.
fn matching_sdks<'a>(
    automaton: &'a AhoCorasick,
    owner: &'a [usize],
    value: &'a str,
) -> impl Iterator<Item = usize> + 'a {
    let bytes = value.as_bytes();
    automaton
        .find_overlapping_iter(value)
        .filter(move |m| at_host_boundaries(bytes, m.start(), m.end()))
        .map(move |m| owner[m.pattern().as_usize()])
}

fn is_host_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Whether `bytes[start..end]` is a whole host name or its registrable tail.
fn at_host_boundaries(bytes: &[u8], start: usize, end: usize) -> bool {
    let before_ok = start == 0 || !is_host_byte(bytes[start - 1]);
    let after_ok = match bytes.get(end) {
        None => true,
        Some(b'.') => !bytes.get(end + 1).is_some_and(|&b| is_host_byte(b)),
        Some(&b) => !is_host_byte(b),
    };
    before_ok && after_ok
}

fn shorten(value: &str) -> String {
    match value.char_indices().nth(MAX_SHOWN) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::resources::StringResource;
    use crate::facts::{BundleFormat, ClassFact, Platform, StringFact};
    use crate::inventory::Inventory;

    const FLYER: &str = r#"
        id = "flyer"
        name = "Flyer"
        vendor = "Flyer Inc."
        categories = ["attribution"]
        conversion_tracking = true
        domains = ["flyer.com", "fly.er"]
        [android]
        class_prefixes = ["com.flyer"]
    "#;

    fn db() -> SdkDb {
        SdkDb::from_sources(&[("flyer.toml", FLYER)]).unwrap()
    }

    fn facts(strings: &[&str]) -> Facts {
        let mut facts = Facts::new("app.apk", Platform::Android, BundleFormat::Apk);
        facts.strings = strings
            .iter()
            .enumerate()
            .map(|(i, s)| StringFact {
                value: s.to_string(),
                location: Location::new("classes.dex", format!("string #{i}")),
            })
            .collect();
        facts
    }

    #[test]
    fn host_boundaries() {
        let db = db();
        for hit in [
            "https://launches.flyer.com/api/",
            "FLYER.COM",
            "x@flyer.com",
            "flyer.com.",
            "see flyer.com, then",
            "https://fly.er:443/",
        ] {
            let inventory = Inventory::build(&db, &facts(&[hit]));
            assert_eq!(inventory.mentions.len(), 1, "{hit}");
        }
        for miss in [
            "notflyer.com",
            "flyer.community",
            "flyer.com.example.net",
            "my-flyer.com",
            "flyer_com",
            "flyer.co",
            "fly.erx",
        ] {
            let inventory = Inventory::build(&db, &facts(&[miss]));
            assert!(inventory.mentions.is_empty(), "{miss}");
        }
    }

    #[test]
    fn a_domain_gives_a_string_hit_with_the_string_as_evidence() {
        let db = db();
        let mut f = facts(&[
            "hello",
            "https://t.flyer.com/e https://fly.er/x",
            "flyer.com",
        ]);
        f.string_resources.push(StringResource {
            name: "endpoint".into(),
            locale: String::new(),
            value: "api.flyer.com".into(),
            location: Location::new("resources.arsc", "string/endpoint"),
        });
        let inventory = Inventory::build(&db, &f);
        assert!(inventory.sdks.is_empty(), "a string alone embeds nothing");
        let hit = &inventory.mentions[0];
        assert_eq!(hit.id, "flyer");
        assert_eq!(hit.confidence, Confidence::String);
        assert_eq!(hit.version, None);
        assert_eq!(hit.evidence_total, 3);
        assert_eq!(
            hit.evidence,
            [
                Location::new(
                    "classes.dex",
                    "string #1 \"https://t.flyer.com/e https://fly.er/x\""
                ),
                Location::new("classes.dex", "string #2 \"flyer.com\""),
                Location::new("resources.arsc", "string/endpoint \"api.flyer.com\""),
            ]
        );
    }

    #[test]
    fn a_string_never_changes_a_stronger_hit() {
        let db = db();
        let mut f = facts(&["https://flyer.com"]);
        f.classes.push(ClassFact {
            name: "com.flyer.Lib".into(),
            defined: false,
            location: Location::new("classes.dex", "class Lcom/flyer/Lib;"),
        });
        let hit = &Inventory::build(&db, &f).sdks[0];
        assert_eq!(hit.confidence, Confidence::Referenced);
        assert_eq!(hit.evidence_total, 1);
        assert_eq!(
            hit.evidence,
            [Location::new("classes.dex", "class Lcom/flyer/Lib;")]
        );
    }

    #[test]
    fn long_strings_are_shortened_in_the_locator() {
        let long = format!("https://flyer.com/{}", "é".repeat(200));
        let hit = &Inventory::build(&db(), &facts(&[&long])).mentions[0];
        let locator = &hit.evidence[0].locator;
        assert!(locator.ends_with("…\""), "{locator}");
        assert_eq!(
            locator.chars().count(),
            "string #0 \"".len() + MAX_SHOWN + 2
        );
    }
}
