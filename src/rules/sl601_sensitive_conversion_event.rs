use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::sensitive::{Lexicon, LexiconMatch, SensitiveCategory, looks_like_event_name};
use super::{Clause, Context, Finding, Rule, Severity, declare_rule};
use crate::facts::Location;
use crate::inventory::{ApiCall, ApiKind, SdkDb};

declare_rule! {
    /// ## What it checks
    /// A conversion event whose name is about a sensitive category — crime, health, genetic or
    /// biometric data, negative financial status, political views, racial or ethnic origin,
    /// religion or philosophy, sex life, trade-union membership — logged through a
    /// conversion-tracking SDK. One finding per event name, naming the SDK, the category and the
    /// term matched.
    ///
    /// Where the names come from, strongest first (each name is reported once, from the strongest
    /// source that has it; the message says which and how sure it is):
    /// - **high**: the literal name passed to an SDK's event API in bytecode (AppsFlyer
    ///   `logEvent(ctx, "af_…", …)`, Firebase and Meta `logEvent("…")`, as the SDK database lists
    ///   them);
    /// - **medium**: the first string literal passed to a JavaScript tracking call of a React
    ///   Native bundle (`appsFlyer.logEvent('…')`), attributed to an SDK by the names in
    ///   `src/rules/data/sensitive/script_sdks.toml`, or to every conversion-tracking SDK embedded
    ///   when the call names none;
    /// - **low** (reported as a warning): a string of a DEX file that also holds an event API call
    ///   whose name is *not* a literal (a helper `track(name)` forwarding to `logEvent`, or names
    ///   kept in a constants class). Only snake_case or kebab-case strings count (3–64 lower-case
    ///   ASCII letters, digits, `_` or `-`, with at least one `_` or `-`): a DEX string table also
    ///   holds every method and field name, and without this a method `onUnionSignup` would read
    ///   as an event. camelCase event names are therefore found only as literals at a call site.
    ///
    /// Names are cut into words (`af_purchase_pregnancy_test`, `viewedDebtReliefOffer`,
    /// `union-membership.signup`) and matched against curated per-category lexicons in
    /// `src/rules/data/sensitive/` (words and multi-word phrases, plurals with `s`/`es`). Each
    /// lexicon has an `allow` list of everyday phrases that cancel a term inside them:
    /// `health_potion_bought`, `credit_union_linked`, `true_crime_episode_played` do not fire.
    /// Words with an everyday meaning (`party`, `vote`, `credit`, `race`, `sex`) are not terms on
    /// their own: `party_mode_unlocked` and `credit_card_added` do not fire.
    ///
    /// Market exceptions (`sdklint.toml`): with `markets = ["US"]` (US-only data), trade-union
    /// events are reported as info; with US-only data and `political_certified = true`, so are
    /// political events. The message says why.
    ///
    /// Blind spots: names built at run time (concatenated, from the server) and Adjust event
    /// tokens (opaque ids mapped to names in Adjust's dashboard) cannot be read; event
    /// *parameters* (an innocuous `af_purchase` with `af_content_type = "pregnancy test"`) are not
    /// read; on iOS only literals the app's arm64 code passes straight to the call are seen
    /// (`@"…"` and C strings; not names read from memory, built at run time or Swift string
    /// literals other than C strings, see `src/apple/calls.rs`); the lexicons are English with
    /// Spanish, German and French terms (written for ad copy, SL701), so names in other languages
    /// are missed.
    ///
    /// ## Why
    /// X's conversion tracking and custom audiences policy (sdklint's summary):
    /// > 4. No sensitive categories — no conversion events or audiences built on crime, health,
    /// > genetic or biometric data, negative financial status, political views, racial or ethnic
    /// > origin, religion or philosophy, sex life, trade-union membership (US-only data is an
    /// > exception for trade-union membership, and for political views where the advertiser is
    /// > certified for US political ads).
    ///
    /// An event name is what the measurement partner forwards to X and what audiences are built
    /// from: an event called `pregnancy_test_purchase` tells X who is pregnant.
    ///
    /// ## How to fix
    /// Stop sending the event to conversion-tracking SDKs, or rename it to something that does not
    /// reveal the category and keep the detail out of its parameters (`af_purchase` with a product
    /// id, not `pregnancy_test_purchase`), and exclude such events from forwarding to X in the
    /// measurement partner's dashboard. If a match is wrong (a game's `health_potion`), add the
    /// everyday phrase to the category's `allow` list, or suppress the finding in `sdklint.toml`
    /// with the reason. If the data is US-only, say so with `markets = ["US"]` (and
    /// `political_certified = true` for a certified political advertiser).
    ///
    /// ## Example
    /// ```text
    /// error    SL601  sensitive-conversion-event  AppsFlyer event "af_pregnancy_test_purchase" is about health ("pregnancy test"): literal name passed to logEvent (confidence high)
    ///          classes.dex: Lcom/example/wellness/MainActivity;->onTestKitBought()V
    /// ```
    pub static SL601 = {
        code: "SL601",
        name: "sensitive-conversion-event",
        clause: Clause::Sensitive,
        severity: Severity::Error,
        check: check,
    };
}

/// Evidence locations kept per finding.
const MAX_LOCATIONS: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// One event name found, before it becomes a finding.
struct Candidate {
    name: String,
    confidence: Confidence,
    sdks: Vec<String>,
    /// How the name was found: `literal name passed to logEvent`.
    how: String,
    evidence: Vec<Location>,
    matches: Vec<LexiconMatch>,
}

fn check(rule: &Rule, cx: &Context<'_>) -> Vec<Finding> {
    if cx.inventory.conversion_tracking().next().is_none() {
        return Vec::new();
    }
    let lexicon = Lexicon::builtin();
    let mut found: Vec<Candidate> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let mut add = |c: Candidate| match by_name.get(&c.name) {
        // A stronger source already has this name: the same source adds its evidence and SDKs.
        Some(&i) => {
            let kept = &mut found[i];
            if kept.confidence == c.confidence {
                for sdk in c.sdks {
                    if !kept.sdks.contains(&sdk) {
                        kept.sdks.push(sdk);
                    }
                }
                for loc in c.evidence {
                    if kept.evidence.len() < MAX_LOCATIONS && !kept.evidence.contains(&loc) {
                        kept.evidence.push(loc);
                    }
                }
            }
        }
        None => {
            by_name.insert(c.name.clone(), found.len());
            found.push(c);
        }
    };

    // High: literal names at call sites of the SDKs' event APIs.
    for event in &cx.inventory.events {
        let matches = lexicon.find(&event.name);
        if matches.is_empty() {
            continue;
        }
        add(Candidate {
            name: event.name.to_string(),
            confidence: Confidence::High,
            sdks: vec![event.sdk.to_string()],
            how: format!("literal name passed to {}", method_name(&event.api)),
            evidence: vec![event.location.clone()],
            matches,
        });
    }

    // Medium: the first string literal of a JavaScript tracking call.
    for call in &cx.facts.script_calls {
        let Some(name) = call.string_args.first() else {
            continue;
        };
        let matches = lexicon.find(name);
        if matches.is_empty() {
            continue;
        }
        add(Candidate {
            name: name.clone(),
            confidence: Confidence::Medium,
            sdks: script_sdks(cx, &call.callee),
            how: format!("first string passed to the JavaScript call {}", call.callee),
            evidence: vec![call.location.clone()],
            matches,
        });
    }

    // Low: event-shaped strings of a DEX file that calls an event API with a non-literal name.
    let dynamic = dynamic_event_calls(&cx.inventory.api_calls, cx.db);
    if !dynamic.is_empty() {
        for (index, string) in cx.facts.strings.iter().enumerate() {
            // The app's own strings only: an SDK's or a library's strings are their business.
            if !cx.facts.ownership.string_is_app(index) {
                continue;
            }
            let Some(calls) = dynamic.get(string.location.file.as_str()) else {
                continue;
            };
            if !looks_like_event_name(&string.value) {
                continue;
            }
            let matches = lexicon.find(&string.value);
            if matches.is_empty() {
                continue;
            }
            let mut sdks: Vec<String> = Vec::new();
            for call in calls {
                if !sdks.iter().any(|s| *s == call.sdk) {
                    sdks.push(call.sdk.to_string());
                }
            }
            add(Candidate {
                name: string.value.clone(),
                confidence: Confidence::Low,
                sdks,
                how: format!(
                    "string in {}, which calls {} with a name that is not a literal",
                    string.location.file,
                    method_name(&calls[0].api)
                ),
                evidence: vec![string.location.clone(), calls[0].location.clone()],
                matches,
            });
        }
    }

    found.into_iter().map(|c| finding(rule, cx, c)).collect()
}

fn finding(rule: &Rule, cx: &Context<'_>, c: Candidate) -> Finding {
    let sdk_names: Vec<&str> = c
        .sdks
        .iter()
        .map(|id| {
            cx.inventory
                .get(id)
                .map_or(id.as_str(), |hit| hit.name.as_str())
        })
        .collect();
    let first = &c.matches[0];
    let mut message = format!(
        "{} event \"{}\" is about {} (\"{}\")",
        sdk_names.join(", "),
        c.name,
        first.label,
        first.term
    );
    for other in &c.matches[1..] {
        message.push_str(&format!(" and {} (\"{}\")", other.label, other.term));
    }
    message.push_str(&format!(
        ": {} (confidence {})",
        c.how,
        c.confidence.as_str()
    ));
    let mut severity = match c.confidence {
        Confidence::High | Confidence::Medium => rule.default_severity,
        Confidence::Low => Severity::Warning,
    };
    if let Some(why) = market_exception(cx, &c.matches) {
        severity = Severity::Info;
        message.push_str("; info only: ");
        message.push_str(why);
    }
    let mut f = rule.finding(message, c.sdks, c.evidence);
    f.severity = f.severity.min(severity);
    f
}

/// Why the policy's market exception covers every category matched, if it does.
fn market_exception(cx: &Context<'_>, matches: &[LexiconMatch]) -> Option<&'static str> {
    if !cx.config.us_only() {
        return None;
    }
    let categories: Vec<SensitiveCategory> = matches.iter().map(|m| m.category).collect();
    let exempt = |c: &SensitiveCategory| {
        *c == SensitiveCategory::TradeUnion
            || (*c == SensitiveCategory::Political && cx.config.political_certified)
    };
    if !categories.iter().all(exempt) {
        return None;
    }
    Some(if categories.contains(&SensitiveCategory::Political) {
        "the app's data is US-only (markets = [\"US\"]) and the advertiser is certified for US \
         political ads (political_certified = true), an exception the policy makes for political \
         views"
    } else {
        "the app's data is US-only (markets = [\"US\"]), an exception the policy makes for \
         trade-union membership"
    })
}

/// `logEvent` from `Lcom/appsflyer/AppsFlyerLib;->logEvent(…)V`.
fn method_name(api: &str) -> &str {
    crate::facts::code::api_method_name(api)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScriptSdks {
    sdk: Vec<ScriptSdk>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScriptSdk {
    id: String,
    names: Vec<String>,
}

fn script_sdk_table() -> &'static [ScriptSdk] {
    static TABLE: OnceLock<Vec<ScriptSdk>> = OnceLock::new();
    TABLE.get_or_init(|| {
        toml::from_str::<ScriptSdks>(include_str!("data/sensitive/script_sdks.toml"))
            .unwrap_or_else(|e| panic!("script_sdks.toml is invalid: {e}"))
            .sdk
    })
}

/// The SDK(s) a JavaScript call belongs to: the embedded SDK its callee names, else every
/// embedded conversion-tracking SDK.
fn script_sdks(cx: &Context<'_>, callee: &str) -> Vec<String> {
    let names: Vec<String> = callee
        .split('.')
        .map(|part| {
            part.trim_end_matches("()")
                .trim_matches(['_', '$'])
                .to_ascii_lowercase()
        })
        .collect();
    let named: Vec<String> = script_sdk_table()
        .iter()
        .filter(|sdk| sdk.names.iter().any(|n| names.contains(n)))
        .filter(|sdk| cx.inventory.get(&sdk.id).is_some())
        .map(|sdk| sdk.id.clone())
        .collect();
    if !named.is_empty() {
        return named;
    }
    cx.inventory
        .conversion_tracking()
        .map(|hit| hit.id.clone())
        .collect()
}

/// Event API calls whose event-name argument is not a literal, by DEX file. The argument index
/// comes from the SDK database in use.
fn dynamic_event_calls<'a>(calls: &'a [ApiCall], db: &SdkDb) -> HashMap<&'a str, Vec<&'a ApiCall>> {
    let mut out: HashMap<&str, Vec<&ApiCall>> = HashMap::new();
    for call in calls.iter().filter(|c| c.kind == ApiKind::Event) {
        let method = method_name(&call.api);
        let ios = crate::inventory::ios_apis::parse_callee(&call.api).is_ok();
        let Some(index) = db.get(&call.sdk).and_then(|sdk| {
            if ios {
                return crate::inventory::ios_apis::event_arg(sdk, &call.api);
            }
            sdk.android
                .apis
                .iter()
                .find(|api| api.kind == ApiKind::Event && api.method == method)
                .and_then(|api| api.event_arg)
        }) else {
            continue;
        };
        let literal = matches!(
            call.args.get(index),
            Some(Some(crate::facts::code::ArgValue::String(_)))
        );
        if !literal {
            out.entry(call.location.file.as_str())
                .or_default()
                .push(call);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::facts::code::{ArgValue, CallSite};
    use crate::facts::native::ScriptCall;
    use crate::facts::{BundleFormat, ClassFact, Facts, Platform, StringFact};
    use crate::inventory::Inventory;

    const LOG_EVENT: &str = "Lcom/appsflyer/AppsFlyerLib;->logEvent(Landroid/content/Context;Ljava/lang/String;Ljava/util/Map;)V";

    fn facts() -> Facts {
        let mut facts = Facts::new("a.apk", Platform::Android, BundleFormat::Apk);
        facts.classes.push(ClassFact {
            name: "com.appsflyer.AppsFlyerLib".into(),
            defined: true,
            location: Location::new("classes2.dex", "class Lcom/appsflyer/AppsFlyerLib;"),
        });
        facts
    }

    fn log_event(caller: &str, name: Option<&str>) -> CallSite {
        CallSite {
            callee: LOG_EVENT.into(),
            caller: caller.into(),
            args: vec![None, name.map(|n| ArgValue::String(n.into())), None].into(),
            location: Location::new("classes.dex", caller),
        }
    }

    fn run(facts: &Facts, config: &Config) -> Vec<(Severity, String, Vec<String>)> {
        let inventory = Inventory::build(SdkDb::builtin(), facts);
        let cx = Context {
            facts,
            inventory: &inventory,
            db: SdkDb::builtin(),
            config,
        };
        SL601
            .check(&cx)
            .into_iter()
            .map(|f| (f.severity, f.message, f.sdks))
            .collect()
    }

    fn us(political_certified: bool) -> Config {
        Config {
            markets: vec!["US".into()],
            political_certified,
            ..Config::default()
        }
    }

    #[test]
    fn literal_events_fire_once_per_name() {
        let mut facts = facts();
        facts.call_sites = vec![
            log_event("Lcom/example/A;->a()V", Some("af_pregnancy_test_purchase")),
            log_event("Lcom/example/B;->b()V", Some("af_pregnancy_test_purchase")),
            log_event("Lcom/example/A;->c()V", Some("af_purchase")),
        ];
        let inventory = Inventory::build(SdkDb::builtin(), &facts);
        let config = Config::default();
        let cx = Context {
            facts: &facts,
            inventory: &inventory,
            db: SdkDb::builtin(),
            config: &config,
        };
        let findings = SL601.check(&cx);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message,
            "AppsFlyer event \"af_pregnancy_test_purchase\" is about health (\"pregnancy test\"): \
             literal name passed to logEvent (confidence high)"
        );
        assert_eq!(findings[0].severity, Severity::Error);
        assert_eq!(findings[0].sdks, ["appsflyer"]);
        let evidence: Vec<&str> = findings[0]
            .evidence
            .iter()
            .map(|l| l.locator.as_str())
            .collect();
        assert_eq!(evidence, ["Lcom/example/A;->a()V", "Lcom/example/B;->b()V"]);
    }

    #[test]
    fn market_exceptions() {
        let mut facts = facts();
        facts.call_sites = vec![
            log_event("Lcom/example/A;->a()V", Some("union_membership_signup")),
            log_event("Lcom/example/A;->b()V", Some("political_donation")),
            log_event("Lcom/example/A;->c()V", Some("debt_consolidation_lead")),
        ];
        let severities = |config: &Config| -> Vec<Severity> {
            run(&facts, config).into_iter().map(|f| f.0).collect()
        };
        use Severity::*;
        assert_eq!(severities(&Config::default()), [Error, Error, Error]);
        assert_eq!(severities(&us(false)), [Info, Error, Error]);
        assert_eq!(severities(&us(true)), [Info, Info, Error]);
        // Certified, but not US-only: no exception.
        let certified_eu = Config {
            markets: vec!["US".into(), "EU".into()],
            political_certified: true,
            ..Config::default()
        };
        assert_eq!(severities(&certified_eu), [Error, Error, Error]);
        let messages: Vec<String> = run(&facts, &us(true)).into_iter().map(|f| f.1).collect();
        assert!(messages[0].ends_with(
            "; info only: the app's data is US-only (markets = [\"US\"]), an exception the policy \
             makes for trade-union membership"
        ));
        assert!(messages[1].ends_with(
            "(political_certified = true), an exception the policy makes for political views"
        ));
    }

    #[test]
    fn an_exception_needs_every_category_exempt() {
        let mut facts = facts();
        facts.call_sites = vec![log_event(
            "Lcom/example/A;->a()V",
            Some("union_member_hiv_test"),
        )];
        let findings = run(&facts, &us(true));
        assert_eq!(findings[0].0, Severity::Error);
        assert!(
            findings[0].1.contains(
                "is about health (\"hiv\") and trade-union membership (\"union member\")"
            ),
            "{}",
            findings[0].1
        );
    }

    #[test]
    fn script_calls_are_medium() {
        let mut facts = facts();
        let call = |callee: &str, args: &[&str]| ScriptCall {
            callee: callee.into(),
            string_args: args.iter().map(|s| s.to_string()).collect(),
            location: Location::new("assets/index.android.bundle", "line 7"),
        };
        facts.script_calls = vec![
            call("appsFlyer.logEvent", &["bible_study_joined"]),
            // Unknown callee: every conversion-tracking SDK embedded.
            call("tracker.logEvent", &["ethnicity_selected"]),
            // Only the first string is the name.
            call("appsFlyer.logEvent", &["af_purchase", "hiv_test"]),
            // Names Firebase, which is not embedded: falls back too.
            call("_analytics.default().logEvent", &["mugshot_viewed"]),
        ];
        let findings = run(&facts, &Config::default());
        let got: Vec<(&str, &[String])> = findings
            .iter()
            .map(|f| (f.1.as_str(), f.2.as_slice()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "AppsFlyer event \"bible_study_joined\" is about religion or philosophy \
                     (\"bible study\"): first string passed to the JavaScript call \
                     appsFlyer.logEvent (confidence medium)",
                    &["appsflyer".to_string()][..]
                ),
                (
                    "AppsFlyer event \"ethnicity_selected\" is about racial or ethnic origin \
                     (\"ethnicity\"): first string passed to the JavaScript call \
                     tracker.logEvent (confidence medium)",
                    &["appsflyer".to_string()][..]
                ),
                (
                    "AppsFlyer event \"mugshot_viewed\" is about crime (\"mugshot\"): first \
                     string passed to the JavaScript call _analytics.default().logEvent \
                     (confidence medium)",
                    &["appsflyer".to_string()][..]
                ),
            ]
        );
        assert!(findings.iter().all(|f| f.0 == Severity::Error));
    }

    #[test]
    fn strings_near_a_dynamic_event_call_are_low() {
        let mut facts = facts();
        let string = |file: &str, i: usize, value: &str| StringFact {
            value: value.into(),
            location: Location::new(file, format!("string #{i}")),
        };
        facts.strings = vec![
            string("classes.dex", 3, "viewed_hiv_test_kit"),
            string("classes.dex", 7, "onUnionSignup"),
            string("classes.dex", 4, "Order an HIV test"),
            string("classes.dex", 5, "hiv"),
            string("classes.dex", 6, "af_pregnancy_test_purchase"),
            // Another DEX file, without a dynamic call.
            string("classes3.dex", 1, "debt_relief_offer"),
        ];
        facts.call_sites = vec![
            log_event("Lcom/example/Tracker;->track(Ljava/lang/String;)V", None),
            log_event("Lcom/example/A;->a()V", Some("af_pregnancy_test_purchase")),
        ];
        let findings = run(&facts, &Config::default());
        let got: Vec<(Severity, &str)> = findings.iter().map(|f| (f.0, f.1.as_str())).collect();
        assert_eq!(
            got,
            [
                (
                    Severity::Error,
                    "AppsFlyer event \"af_pregnancy_test_purchase\" is about health (\"pregnancy \
                     test\"): literal name passed to logEvent (confidence high)"
                ),
                (
                    Severity::Warning,
                    "AppsFlyer event \"viewed_hiv_test_kit\" is about health (\"hiv\"): string in \
                     classes.dex, which calls logEvent with a name that is not a literal \
                     (confidence low)"
                ),
            ]
        );
        // Without the dynamic call, no string is read.
        facts.call_sites.remove(0);
        assert_eq!(run(&facts, &Config::default()).len(), 1);
    }

    /// Strings and dynamic event calls of code an SDK or a shared library owns are not the app's
    /// events. Real case: Facebook SDK 4.x's `BoltsMeasurementEventListener` (Facebook core)
    /// calls `AppEventsLogger.logEvent` with a non-literal name, and the SDKs' own strings
    /// "health_monitor" and "metadata_fingerprint" were reported as the app's health and
    /// biometric events (1-creator/achat, tests/corpus/fetch-apps.sh).
    #[test]
    fn sdk_and_library_code_makes_no_low_candidates() {
        let mut facts = facts();
        facts.app.id = Some("com.example".into());
        facts.strings = vec![
            StringFact {
                value: "health_monitor".into(),
                location: Location::new("classes.dex", "string #1"),
            },
            StringFact {
                value: "viewed_hiv_test_kit".into(),
                location: Location::new("classes.dex", "string #2"),
            },
        ];
        facts.loader_classes = vec![
            "com.facebook.internal.BoltsMeasurementEventListener".into(),
            "com.example.Tracker".into(),
        ];
        facts.string_loaders = vec![(0, 0), (1, 1)];
        facts.call_sites = vec![log_event(
            "Lcom/facebook/internal/BoltsMeasurementEventListener;->onReceive()V",
            None,
        )];
        facts.ownership = crate::facts::ownership::Ownership::compute(SdkDb::builtin(), &facts);
        assert!(
            run(&facts, &Config::default()).is_empty(),
            "the library's dynamic call reads no string"
        );
        // The app's own dynamic call reads the app's strings only.
        facts.call_sites.push(log_event(
            "Lcom/example/Tracker;->track(Ljava/lang/String;)V",
            None,
        ));
        facts.ownership = crate::facts::ownership::Ownership::compute(SdkDb::builtin(), &facts);
        let got: Vec<String> = run(&facts, &Config::default())
            .into_iter()
            .map(|f| f.1)
            .collect();
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].contains("viewed_hiv_test_kit"), "{got:?}");
    }

    #[test]
    fn nothing_without_a_conversion_tracking_sdk() {
        let mut facts = facts();
        facts.classes.clear();
        facts.script_calls = vec![ScriptCall {
            callee: "appsFlyer.logEvent".into(),
            string_args: vec!["political_donation".into()],
            location: Location::new("assets/index.android.bundle", "line 1"),
        }];
        assert!(run(&facts, &Config::default()).is_empty());
    }

    #[test]
    fn method_names() {
        assert_eq!(method_name(LOG_EVENT), "logEvent");
        assert_eq!(
            method_name("Lcom/adjust/sdk/AdjustEvent;-><init>(Ljava/lang/String;)V"),
            "<init>"
        );
        assert_eq!(method_name("odd"), "odd");
    }
}
