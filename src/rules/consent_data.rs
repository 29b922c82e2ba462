//! What the notice, consent, opt-out and children rules (SL205, SL301, SL401, SL501, SL502) look
//! for, and where: the data files under `src/rules/data/` and the text surfaces of an app.
//!
//! - `consent_phrases.toml`: notice, opt-out and age-prompt phrases per language, and the words that
//!   make a URL a privacy-policy link;
//! - `opt_out_urls.txt`: X's and the industry's opt-out pages;
//! - `consent_signals.toml`: the platform's signals: IAB consent keys, the App Tracking
//!   Transparency request, JavaScript consent calls, age entitlements. The SDKs' own consent /
//!   child-directed / age selectors are in their database files (`[[ios.apis]]` with
//!   `presence = true`) and are read from the database in use (`Context::db`, see
//!   [`selectors`]), so a user's SDK file adds its selectors too.
//!
//! The data is embedded at build time; `tests::data_files_load` fails the build of a file that does
//! not parse. The code here is the mechanism: one Aho-Corasick automaton per phrase list, run over
//! each text once, with word-boundary checks, so that a bundle with millions of strings costs one
//! pass per rule.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use serde::Deserialize;

use crate::facts::apple_binary::AppleBinary;
use crate::facts::plist_value::PlistValue;
use crate::facts::{Facts, Location};
use crate::inventory::{ApiCall, Inventory, IosSignatures, SdkDb, SdkHit};

const PHRASES: &str = include_str!("data/consent_phrases.toml");
const OPT_OUT_URLS: &str = include_str!("data/opt_out_urls.txt");
const SIGNALS: &str = include_str!("data/consent_signals.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PhraseFile {
    notice: BTreeMap<String, Vec<String>>,
    opt_out: BTreeMap<String, Vec<String>>,
    age_prompt: BTreeMap<String, Vec<String>>,
    privacy_url: PrivacyUrl,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PrivacyUrl {
    words: Vec<String>,
}

/// `consent_signals.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signals {
    pub iab_keys: Vec<String>,
    pub att_request_selectors: Vec<String>,
    pub script_consent_calls: Vec<String>,
    pub age_entitlements: Vec<String>,
}

/// A phrase list compiled for matching: lowercase patterns and, per pattern, its language.
pub struct PhraseSet {
    automaton: AhoCorasick,
    /// `(language, phrase)` per pattern id.
    patterns: Vec<(String, String)>,
    /// Whether a match must end at a word boundary too (phrases) or only start at one (URL prefixes).
    whole_words: bool,
}

/// Which phrase list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phrases {
    Notice,
    OptOut,
    AgePrompt,
}

struct Data {
    notice: PhraseSet,
    opt_out: PhraseSet,
    age_prompt: PhraseSet,
    opt_out_urls: PhraseSet,
    privacy_url_words: Vec<String>,
    signals: Signals,
}

static DATA: LazyLock<Data> = LazyLock::new(|| load().expect("embedded rule data parses"));

fn load() -> Result<Data, String> {
    let phrases: PhraseFile = toml::from_str(PHRASES).map_err(|e| format!("phrases: {e}"))?;
    let signals: Signals = toml::from_str(SIGNALS).map_err(|e| format!("signals: {e}"))?;
    let urls: Vec<(String, String)> = OPT_OUT_URLS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| ("url".to_string(), l.to_lowercase()))
        .collect();
    Ok(Data {
        notice: PhraseSet::new(by_language(phrases.notice), true)?,
        opt_out: PhraseSet::new(by_language(phrases.opt_out), true)?,
        age_prompt: PhraseSet::new(by_language(phrases.age_prompt), true)?,
        opt_out_urls: PhraseSet::new(urls, false)?,
        privacy_url_words: phrases
            .privacy_url
            .words
            .iter()
            .map(|w| w.to_lowercase())
            .collect(),
        signals,
    })
}

fn by_language(map: BTreeMap<String, Vec<String>>) -> Vec<(String, String)> {
    map.into_iter()
        .flat_map(|(lang, list)| {
            list.into_iter()
                .map(move |p| (lang.clone(), normalize(&p).into_owned()))
        })
        .collect()
}

impl PhraseSet {
    fn new(patterns: Vec<(String, String)>, whole_words: bool) -> Result<PhraseSet, String> {
        if let Some((lang, p)) = patterns.iter().find(|(_, p)| p.trim().is_empty()) {
            return Err(format!("empty phrase in {lang}: {p:?}"));
        }
        let automaton =
            AhoCorasick::new(patterns.iter().map(|(_, p)| p)).map_err(|e| e.to_string())?;
        Ok(PhraseSet {
            automaton,
            patterns,
            whole_words,
        })
    }

    /// The first pattern found in `text` (already normalized): `(language, phrase)`. Overlapping
    /// search, so that a match rejected for its boundaries does not hide a good one overlapping it.
    fn find_in(&self, text: &str) -> Option<(&str, &str)> {
        for m in self.automaton.find_overlapping_iter(text) {
            let (start, end) = (m.start(), m.end());
            let before = text[..start].chars().next_back();
            let after = text[end..].chars().next();
            let first = text[start..].chars().next();
            let last = text[..end].chars().next_back();
            // A boundary is needed only where the pattern itself starts or ends with a word character.
            let starts_ok = !first.is_some_and(is_word) || !before.is_some_and(is_word);
            let ends_ok =
                !self.whole_words || !last.is_some_and(is_word) || !after.is_some_and(is_word);
            if starts_ok && ends_ok {
                let (lang, phrase) = &self.patterns[m.pattern().as_usize()];
                return Some((lang, phrase));
            }
        }
        None
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Lowercase, typographic apostrophes as `'`, runs of whitespace as one space.
pub fn normalize(text: &str) -> Cow<'_, str> {
    if needs_normalizing(text) {
        Cow::Owned(normalized(text))
    } else {
        Cow::Borrowed(text)
    }
}

/// [`normalize`] into a new string, changed or not.
fn normalized(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
            continue;
        }
        space = false;
        if c == '’' {
            out.push('\'');
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Whether [`normalize`] would change `text`. One pass over the bytes for ASCII text (the
/// common case: most app strings are identifiers, keys and URLs); text with other characters
/// takes the exact check.
fn needs_normalizing(text: &str) -> bool {
    let mut space = false;
    for &b in text.as_bytes() {
        if b >= 0x80 {
            return needs_normalizing_unicode(text);
        }
        let is_space = b == b' ';
        if b.is_ascii_uppercase() || (b.is_ascii_whitespace() && !is_space) || b == 0x0b {
            return true;
        }
        if is_space && space {
            return true;
        }
        space = is_space;
    }
    false
}

fn needs_normalizing_unicode(text: &str) -> bool {
    let mut space = false;
    for c in text.chars() {
        if c.is_uppercase() || c == '’' || (c.is_whitespace() && c != ' ') {
            return true;
        }
        let is_space = c == ' ';
        if is_space && space {
            return true;
        }
        space = is_space;
    }
    false
}

/// Whether `text` holds "http" in any case: only such texts can hold a privacy URL.
fn mentions_http(text: &str) -> bool {
    text.as_bytes()
        .windows(4)
        .any(|w| w.eq_ignore_ascii_case(b"http"))
}

pub fn signals() -> &'static Signals {
    &DATA.signals
}

fn set(which: Phrases) -> &'static PhraseSet {
    match which {
        Phrases::Notice => &DATA.notice,
        Phrases::OptOut => &DATA.opt_out,
        Phrases::AgePrompt => &DATA.age_prompt,
    }
}

/// One text of the app, where it was found, and what kind of surface it is.
pub struct Text<'a> {
    pub value: &'a str,
    pub location: &'a Location,
}

/// Every text an app shows or carries: string resources (every locale), `<meta-data>` values,
/// strings of DEX, native, JavaScript and Mach-O code, Info.plist string values and localized
/// usage descriptions. Code strings count only when the app owns them (`facts::ownership`): a DEX
/// string loaded by an SDK's class, or a string of an SDK's framework, is left out.
pub fn texts(facts: &Facts) -> impl Iterator<Item = Text<'_>> {
    let resources = facts.string_resources.iter().map(|r| Text {
        value: &r.value,
        location: &r.location,
    });
    let meta = facts.meta_data.iter().filter_map(|m| {
        m.value.as_deref().map(|value| Text {
            value,
            location: &m.location,
        })
    });
    // Only the app's own code strings: an SDK's log line or privacy URL speaks for the SDK.
    let strings = facts
        .strings
        .iter()
        .enumerate()
        .filter(|(i, _)| facts.ownership.string_is_app(*i))
        .map(|(_, s)| Text {
            value: &s.value,
            location: &s.location,
        });
    let plist = facts
        .apple
        .info_plist_keys
        .iter()
        .filter_map(|k| match &k.value {
            PlistValue::String(value) => Some(Text {
                value,
                location: &k.location,
            }),
            _ => None,
        });
    let usage = facts.apple.usage_descriptions.iter().map(|u| Text {
        value: &u.value,
        location: &u.location,
    });
    resources
        .chain(meta)
        .chain(strings)
        .chain(plist)
        .chain(usage)
}

/// A match in the app's text: what matched, in which language (or `url`), and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextMatch {
    pub language: String,
    pub matched: String,
    pub location: Location,
}

/// The SDK API calls made from the app's own code: a call whose caller class is an SDK's (the SDK
/// calling itself, or one SDK calling another) neither satisfies nor triggers an app-level check.
pub fn app_api_calls<'a>(
    facts: &'a Facts,
    inventory: &'a Inventory,
) -> impl Iterator<Item = &'a ApiCall> + 'a {
    inventory
        .api_calls
        .iter()
        .filter(|c| facts.caller_is_app(&c.location.locator))
}

/// Whether the DEX or Mach-O string at `index` is the app's and is an IAB consent key.
pub fn app_iab_key(facts: &Facts, index: usize) -> bool {
    facts.ownership.string_is_app(index)
        && facts
            .strings
            .get(index)
            .is_some_and(|s| iab_key(&s.value).is_some())
}

/// Up to `limit` texts that contain a phrase of the list.
pub fn find_phrases(facts: &Facts, which: Phrases, limit: usize) -> Vec<TextMatch> {
    find_with(facts, limit, |text| {
        set(which)
            .find_in(text)
            .map(|(lang, phrase)| (lang.to_string(), phrase.to_string()))
    })
}

/// Up to `limit` texts that name one of the opt-out pages of `opt_out_urls.txt`.
pub fn find_opt_out_urls(facts: &Facts, limit: usize) -> Vec<TextMatch> {
    find_with(facts, limit, |text| {
        DATA.opt_out_urls
            .find_in(text)
            .map(|(lang, url)| (lang.to_string(), url.to_string()))
    })
}

/// Up to `limit` texts holding an `http(s)://` URL whose host or path says privacy or policy.
pub fn find_privacy_urls(facts: &Facts, limit: usize) -> Vec<TextMatch> {
    find_with_raw(facts, limit, |text| {
        if !mentions_http(text) {
            return None;
        }
        privacy_url(&normalize(text)).map(|url| ("url".to_string(), url.to_string()))
    })
}

/// [`find_with_raw`] on each text normalized.
fn find_with(
    facts: &Facts,
    limit: usize,
    mut found: impl FnMut(&str) -> Option<(String, String)>,
) -> Vec<TextMatch> {
    find_with_raw(facts, limit, |text| found(&normalize(text)))
}

/// Up to `limit` texts for which `found` (given the text as it is) finds something.
fn find_with_raw(
    facts: &Facts,
    limit: usize,
    mut found: impl FnMut(&str) -> Option<(String, String)>,
) -> Vec<TextMatch> {
    let mut out = Vec::new();
    if limit == 0 {
        return out;
    }
    for text in texts(facts) {
        if let Some((language, matched)) = found(text.value) {
            out.push(TextMatch {
                language,
                matched,
                location: text.location.clone(),
            });
            if out.len() >= limit {
                break;
            }
        }
    }
    out
}

/// The first URL in `text` (normalized) whose host or path contains a privacy word.
pub fn privacy_url(text: &str) -> Option<&str> {
    let mut rest = text;
    while let Some(at) = rest.find("http") {
        let candidate = &rest[at..];
        let after_scheme = candidate
            .strip_prefix("https://")
            .or_else(|| candidate.strip_prefix("http://"));
        if let Some(tail) = after_scheme {
            let end = tail
                .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | ')'))
                .unwrap_or(tail.len());
            let url = &tail[..end];
            let host_and_path = url.split(['?', '#']).next().unwrap_or(url);
            if DATA
                .privacy_url_words
                .iter()
                .any(|w| host_and_path.contains(w.as_str()))
            {
                let scheme = candidate.len() - tail.len();
                return Some(&candidate[..scheme + end]);
            }
        }
        rest = &candidate[4..];
    }
    None
}

/// Whether `s` is an IAB consent key or starts with one (`IABTCF_PurposeConsents`).
pub fn iab_key(s: &str) -> Option<&'static str> {
    DATA.signals
        .iab_keys
        .iter()
        .find(|k| s.starts_with(k.as_str()))
        .map(String::as_str)
}

/// The first evidence location of each hit.
pub fn first_evidence<'a>(hits: &'a [&'a SdkHit]) -> impl Iterator<Item = Location> + 'a {
    hits.iter().filter_map(|h| h.evidence.first().cloned())
}

/// The method name of an API call (`setTagForChildDirectedTreatment`).
pub fn method_name(call: &ApiCall) -> &str {
    crate::facts::code::api_method_name(&call.api)
}

/// The simple class name of an API call (`RequestConfiguration$Builder`).
pub fn class_name(call: &ApiCall) -> &str {
    crate::facts::code::api_class_name(&call.api)
}

/// Whether a binary lies outside every `*.framework/` directory: the app's own code.
pub fn outside_frameworks(path: &str) -> bool {
    !path.split('/').any(|seg| seg.ends_with(".framework"))
}

/// Whether `binary` defines an Objective-C class of one of the inventory's SDKs (by the
/// database's `[ios]` signatures): an SDK linked statically into it, whose own selectors are then
/// in the binary whether or not the app calls them.
fn links_sdk_statically(binary: &AppleBinary, inventory: &Inventory, db: &SdkDb) -> bool {
    let sdks: Vec<&IosSignatures> = inventory
        .sdks
        .iter()
        .filter_map(|h| db.get(&h.id)?.ios.as_ref())
        .collect();
    binary
        .objc_classes
        .iter()
        .any(|c| c.defined && sdks.iter().any(|s| s.matches_class(&c.name)))
}

/// Which binaries [`selectors`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binaries {
    /// The app's own code: binaries outside `*.framework/` directories that link no SDK statically.
    AppOwn,
    /// Binaries outside `*.framework/` directories (the main executable and app extensions), even
    /// with an SDK linked statically: for selectors an SDK's own code does not also send there.
    OutsideFrameworks,
}

/// The selectors of `list` that binaries send or implement, with where: `(selector, location)`.
/// A binary whose code was walked for call sites (`AppleBinary::calls_walked`) is not read for
/// the selectors an SDK API of the database lists: its call sites say whether and with what
/// value the app calls them (`tagForChildDirectedTreatment = @NO` is not a child-directed app).
///
/// The selectors the code walk records as call sites are those of the database's iOS APIs.
/// `list` is a platform list of `consent_signals.toml` or an SDK list of the database
/// ([`sdk_selectors`]).
pub fn selectors<'a>(
    cx: &'a super::Context<'a>,
    list: &'a [String],
    which: Binaries,
) -> impl Iterator<Item = (&'a str, Location)> + 'a {
    let walked = cx.db.ios_api_filter().selectors;
    let (facts, inventory, db) = (cx.facts, cx.inventory, cx.db);
    facts.apple_binaries.iter().flat_map(move |b| {
        let found: Vec<&String> = list
            .iter()
            .filter(|s| b.has_selector(s) && !(b.calls_walked && walked.contains(s.as_str())))
            .collect();
        let skip = !found.is_empty()
            && match which {
                Binaries::AppOwn => {
                    !outside_frameworks(&b.path) || links_sdk_statically(b, inventory, db)
                }
                Binaries::OutsideFrameworks => !outside_frameworks(&b.path),
            };
        found
            .into_iter()
            .filter(move |_| !skip)
            .map(move |s| (s.as_str(), b.locate(format!("selector {s}"))))
    })
}

/// The SDKs' `kind` selectors whose presence is the signal (`[[ios.apis]]` with `presence = true`)
/// in the database in use.
pub fn sdk_selectors(cx: &super::Context<'_>, kind: crate::inventory::ApiKind) -> Vec<String> {
    cx.db.ios_presence_selectors(kind)
}

/// Hand-built facts for the unit tests of the rules that use this module.
#[cfg(test)]
pub mod test_support {
    use crate::config::Config;
    use crate::facts::apple_binary::AppleBinary;
    use crate::facts::ownership::Ownership;
    use crate::facts::{BundleFormat, ClassFact, Facts, Location, Platform};
    use crate::inventory::{Inventory, SdkDb};
    use crate::rules::{Context, Finding, Rule};

    /// An app with the given classes defined in `classes.dex` (sorted, as the extractor leaves them).
    pub fn facts_with(platform: Platform, classes: &[&str]) -> Facts {
        let mut facts = Facts::new("app", platform, BundleFormat::Apk);
        let mut classes: Vec<&str> = classes.to_vec();
        classes.sort_unstable();
        facts.classes = classes
            .iter()
            .map(|name| ClassFact {
                name: name.to_string(),
                defined: true,
                location: Location::new("classes.dex", format!("class {name}")),
            })
            .collect();
        facts
    }

    /// Adds DEX string `value`, loaded by a method of class `loader` (Java name).
    pub fn push_loaded_string(facts: &mut Facts, value: &str, loader: &str) {
        let index = facts.strings.len() as u32;
        facts.strings.push(crate::facts::StringFact {
            value: value.into(),
            location: Location::new("classes.dex", format!("string #{index}")),
        });
        facts.loader_classes.push(loader.into());
        facts
            .string_loaders
            .push((index, (facts.loader_classes.len() - 1) as u32));
    }

    /// A Mach-O image at `path` that sends or implements `selectors`.
    pub fn binary(path: &str, selectors: &[&str]) -> AppleBinary {
        let mut selectors: Vec<String> = selectors.iter().map(|s| s.to_string()).collect();
        selectors.sort();
        AppleBinary {
            selectors,
            ..AppleBinary::arm64_executable(path)
        }
    }

    /// Run `rule` over `facts` with the built-in database and the default config, ownership
    /// computed as `lint` computes it.
    pub fn run(rule: &Rule, facts: &Facts) -> Vec<Finding> {
        run_with(rule, facts, &Config::default())
    }

    /// [`run`] with a configuration.
    pub fn run_with(rule: &Rule, facts: &Facts, config: &Config) -> Vec<Finding> {
        let mut facts = facts.clone();
        facts.ownership = Ownership::compute(SdkDb::builtin(), &facts);
        let facts = &facts;
        let inventory = Inventory::build(SdkDb::builtin(), facts);
        rule.check(&Context {
            facts,
            inventory: &inventory,
            db: SdkDb::builtin(),
            config,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_load() {
        let data = load().unwrap();
        assert!(data.notice.patterns.len() >= 20);
        assert!(data.opt_out_urls.patterns.len() >= 15);
        assert!(
            data.signals
                .iab_keys
                .contains(&"IABTCF_TCString".to_string())
        );
        for (lang, p) in data
            .notice
            .patterns
            .iter()
            .chain(&data.opt_out.patterns)
            .chain(&data.age_prompt.patterns)
        {
            assert_eq!(normalize(p), p.as_str(), "{lang}: phrases are lowercase");
        }
    }

    /// The SDK selectors that were lists of `consent_signals.toml` now come from the SDK files,
    /// with those the SDK files added since (AppLovin, Chartboost).
    #[test]
    fn sdk_selectors_come_from_the_database() {
        use crate::inventory::ApiKind;
        let db = SdkDb::builtin();
        assert_eq!(
            db.ios_presence_selectors(ApiKind::Consent),
            [
                "addDataUseConsent:",
                "enableTCFDataCollection:",
                "limitDataSharing:",
                "setAdvertiserIDCollectionEnabled:",
                "setAdvertiserTrackingEnabled:",
                "setAutoLogAppEventsEnabled:",
                "setConsent:",
                "setConsentData:",
                "setHasUserConsent:",
                "trackThirdPartySharing:",
            ]
        );
        assert_eq!(
            db.ios_presence_selectors(ApiKind::ChildDirected),
            [
                "setAppForKids:",
                "setCoppaCompliantEnabled:",
                "setIsAgeRestrictedUser:",
                "setTagForChildDirectedTreatment:",
                "tagForChildDirectedTreatment:",
            ]
        );
        assert_eq!(
            db.ios_presence_selectors(ApiKind::Age),
            ["setTagForUnderAgeOfConsent:"]
        );
    }

    #[test]
    fn phrases_match_whole_words_case_insensitively() {
        let m = |which, text: &str| {
            set(which)
                .find_in(&normalize(text))
                .map(|(l, p)| (l.to_string(), p.to_string()))
        };
        assert_eq!(
            m(Phrases::AgePrompt, "Enter your  Date of\nBirth:"),
            Some(("en".into(), "date of birth".into()))
        );
        assert_eq!(
            m(Phrases::AgePrompt, "Gib dein Geburtsdatum ein"),
            Some(("de".into(), "geburtsdatum".into()))
        );
        assert_eq!(m(Phrases::OptOut, "copt outer"), None);
        assert_eq!(
            m(Phrases::OptOut, "Pour empêcher X d’utiliser l’activité"),
            Some(("fr".into(), "empêcher x d'utiliser".into()))
        );
        assert_eq!(
            m(Phrases::Notice, "Read our PRIVACY POLICY."),
            Some(("en".into(), "privacy policy".into()))
        );
        assert_eq!(m(Phrases::Notice, "privacy policyholder"), None);
    }

    /// The fast check says "unchanged" exactly when normalizing changes nothing.
    #[test]
    fn needs_normalizing_agrees_with_normalize() {
        for text in [
            "opt out",
            "Opt out",
            "opt  out",
            "opt\tout",
            "opt\u{0b}out",
            "opt out ",
            " ",
            "",
            "über",
            "Über",
            "don’t",
            "don't",
            "a\u{a0}b",
            "日本語",
            "ÉCRIRE",
            "https://example.com/privacy",
        ] {
            let changed = normalized(text) != text;
            assert_eq!(needs_normalizing(text), changed, "{text:?}");
            assert_eq!(normalize(text), normalized(text), "{text:?}");
        }
    }

    #[test]
    fn urls() {
        assert_eq!(
            privacy_url("see https://recipes.example.com/privacy for more"),
            Some("https://recipes.example.com/privacy")
        );
        assert_eq!(
            privacy_url("https://example.de/datenschutz\""),
            Some("https://example.de/datenschutz")
        );
        assert_eq!(privacy_url("https://app.adjust.com"), None);
        assert_eq!(privacy_url("https://gdpr.adjust.com"), None);
        assert_eq!(privacy_url("privacy http"), None);
        let url = |t: &str| {
            DATA.opt_out_urls
                .find_in(&normalize(t))
                .map(|(_, u)| u.to_string())
        };
        assert_eq!(
            url("visit https://x.com/settings/ads_preferences."),
            Some("x.com/settings/ads_preferences".into())
        );
        assert_eq!(
            url("https://mobile.twitter.com/settings/off_twitter_activity"),
            Some("twitter.com/settings/off_twitter_activity".into())
        );
        assert_eq!(url("https://notx.com/settings/ads_preferences"), None);
        assert_eq!(
            url("HTTPS://OPTOUT.ABOUTADS.INFO/?c=2"),
            Some("optout.aboutads.info".into())
        );
    }

    #[test]
    fn iab_keys_and_paths() {
        assert_eq!(
            iab_key("IABTCF_PurposeConsents"),
            Some("IABTCF_PurposeConsents")
        );
        assert_eq!(iab_key("IABTCF_TCString"), Some("IABTCF_TCString"));
        assert_eq!(iab_key("IABTCF"), None);
        assert!(outside_frameworks("Payload/Shop.app/Shop"));
        assert!(!outside_frameworks(
            "Payload/Shop.app/Frameworks/AppsFlyerLib.framework/AppsFlyerLib"
        ));
    }
}
