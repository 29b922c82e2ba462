//! iOS SDK APIs: the `[[ios.apis]]` entries of the SDK files (event, consent, opt-out,
//! child-directed and age entry points, by Objective-C class and selector or by function symbol),
//! their validation, and the mapping of iOS call sites (walked from arm64 code, see
//! `apple::calls`) to the same [`TrackingEvent`]s and [`ApiCall`]s as Android's.
//!
//! # How a call site matches an API
//! An iOS call site's callee is `+[Class selector]` (a class method on a class reference),
//! `-[Class selector]` (a message to an object the code obtained from that class, such as
//! `[AppsFlyerLib shared]`), `-[? selector]` (a receiver the walk could not follow), or a function
//! symbol. A message matches an API with the same selector when the receiver's class is the
//! API's class or another class of the same SDK (`[[GADMobileAds sharedInstance]
//! requestConfiguration]` is an object of Google Mobile Ads, not of `GADRequestConfiguration` as
//! the walk can tell). An unknown receiver matches only a selector with arguments (`logEvent:…`,
//! never a bare `stop`), and only in a binary that references a class of that SDK. A function
//! matches by symbol.
//!
//! `event_arg` counts the selector's arguments from 0 (`logEvent:withValues:` has the event name
//! at 0: `x2`) or a function's parameters from 0 (`x0`). For the other kinds, argument 0 carries
//! the value the rules read (`setTagForChildDirectedTreatment:@YES` → `1`).

use super::apis::{ApiCall, ApiKind, TrackingEvent};
use super::db::{SdkDb, SdkDef};
pub use super::schema::IosApiDef;
use crate::facts::Facts;
use crate::facts::code::CallSite;

/// An iOS callee: `(class or None, selector)` of `±[Class sel]`, or `Err(symbol)` of a function.
pub fn parse_callee(callee: &str) -> Result<(Option<&str>, &str), &str> {
    let Some(inner) = callee
        .strip_prefix("-[")
        .or_else(|| callee.strip_prefix("+["))
        .and_then(|r| r.strip_suffix(']'))
    else {
        return Err(callee);
    };
    let Some((class, selector)) = inner.split_once(' ') else {
        return Err(callee);
    };
    Ok(((class != "?").then_some(class), selector))
}

/// The class of a caller in Objective-C notation (`-[AppsFlyerLib start]` → `AppsFlyerLib`,
/// `-[AppsFlyerLib(Private) start]` → `AppsFlyerLib`).
pub fn caller_class(caller: &str) -> Option<&str> {
    let (class, _) = parse_callee(caller).ok()?;
    class.map(|c| c.split_once('(').map_or(c, |(c, _)| c))
}

impl SdkDb {
    /// The selectors of the `kind` APIs marked `presence`, sorted, each once: what the iOS
    /// consent and children rules look for in binaries whose code was not walked.
    pub fn ios_presence_selectors(&self, kind: ApiKind) -> Vec<String> {
        let mut out: Vec<String> = self
            .iter()
            .filter_map(|s| s.ios.as_ref())
            .flat_map(|i| &i.apis)
            .filter(|a| a.presence && a.kind == kind)
            .filter_map(|a| a.selector.clone())
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Every selector and function the iOS APIs list: what the code walk's filter needs.
    pub fn ios_api_filter(&self) -> crate::apple::calls::CallFilter {
        let mut filter = crate::apple::calls::CallFilter::default();
        for api in self
            .iter()
            .filter_map(|s| s.ios.as_ref())
            .flat_map(|i| &i.apis)
        {
            if let Some(s) = &api.selector {
                filter.selectors.insert(s.clone());
            }
            if let Some(f) = &api.function {
                filter.functions.insert(f.clone());
            }
        }
        filter
    }
}

/// Whether the binary `file` references (or defines) an Objective-C class of `sdk`.
fn binary_uses_sdk(facts: &Facts, file: &str, sdk: &SdkDef) -> bool {
    let Some(ios) = &sdk.ios else { return false };
    facts
        .apple_binaries
        .iter()
        .filter(|b| b.path == file)
        .any(|b| b.objc_classes.iter().any(|c| ios.matches_class(&c.name)))
}

/// The SDKs and API entries that the iOS call site `site` is a call to.
fn apis_for<'a>(db: &'a SdkDb, facts: &Facts, site: &CallSite) -> Vec<(&'a SdkDef, &'a IosApiDef)> {
    let callee = parse_callee(&site.callee);
    let mut out = Vec::new();
    for sdk in db.iter() {
        let Some(ios) = &sdk.ios else { continue };
        for api in &ios.apis {
            let hit = match (callee, &api.selector, &api.function) {
                (Ok((class, selector)), Some(wanted), _) if selector == wanted => match class {
                    Some(class) => api.class.as_deref() == Some(class) || ios.matches_class(class),
                    None => {
                        selector.contains(':') && binary_uses_sdk(facts, &site.location.file, sdk)
                    }
                },
                (Err(symbol), _, Some(wanted)) => symbol == wanted,
                _ => false,
            };
            if hit {
                out.push((sdk, api));
            }
        }
        if !out.is_empty() {
            break;
        }
    }
    out
}

/// Maps the iOS call sites of `facts` to events and API calls, in call-site order.
pub(super) fn map_call_sites(db: &SdkDb, facts: &Facts) -> (Vec<TrackingEvent>, Vec<ApiCall>) {
    let (mut events, mut calls) = (Vec::new(), Vec::new());
    for site in &facts.call_sites {
        map_call_site(db, facts, site, &mut events, &mut calls);
    }
    (events, calls)
}

/// Maps one iOS call site to events and API calls (see the module docs); calls made from the
/// SDK's own classes (a static SDK linked into the app) are left out.
fn map_call_site(
    db: &SdkDb,
    facts: &Facts,
    site: &CallSite,
    events: &mut Vec<TrackingEvent>,
    calls: &mut Vec<ApiCall>,
) {
    let caller = caller_class(&site.caller);
    for (sdk, api) in apis_for(db, facts, site) {
        if caller.is_some_and(|c| sdk.ios.as_ref().is_some_and(|i| i.matches_class(c))) {
            continue;
        }
        if api.kind == ApiKind::Event
            && let Some(name) = api.event_arg.and_then(|i| site.string_arg(i))
        {
            events.push(TrackingEvent {
                sdk: sdk.id.as_str().into(),
                name: name.into(),
                api: site.callee.clone(),
                location: site.location.clone(),
            });
        }
        calls.push(ApiCall {
            sdk: sdk.id.as_str().into(),
            kind: api.kind,
            api: site.callee.clone(),
            args: site.args.clone(),
            location: site.location.clone(),
        });
    }
}

/// The `event_arg` of the iOS event API that `api` (an iOS callee) calls, for SDK `sdk`.
pub fn event_arg(def: &SdkDef, api: &str) -> Option<usize> {
    let selector = match parse_callee(api) {
        Ok((_, selector)) => Some(selector),
        Err(_) => None,
    };
    def.ios.as_ref()?.apis.iter().find_map(|a| {
        let same = match (selector, &a.selector, &a.function) {
            (Some(s), Some(w), _) => s == w,
            (None, _, Some(f)) => f == api,
            _ => false,
        };
        (same && a.kind == ApiKind::Event)
            .then_some(a.event_arg)
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::apple_binary::{AppleBinary, ClassSource, ObjcClass};
    use crate::facts::code::ArgValue;
    use crate::facts::{BundleFormat, Location, Platform};

    const GOOD: &str = r#"id = "flyer"
name = "Flyer"
vendor = "Flyer Inc."
categories = ["attribution"]
conversion_tracking = true
[ios]
objc_class_prefixes = ["FLY"]

[[ios.apis]]
kind = "event"
class = "FLYTracker"
selector = "logEvent:withValues:"
event_arg = 0

[[ios.apis]]
kind = "opt-out"
class = "FLYTracker"
selector = "stop"

[[ios.apis]]
kind = "child-directed"
function = "_FLYSetChildDirected"

[[ios.apis]]
kind = "consent"
class = "FLYTracker"
selector = "setConsent:"
presence = true
"#;

    fn error_for(from: &str, to: &str) -> String {
        assert!(GOOD.contains(from), "{from}");
        SdkDb::from_sources(&[("sdks/flyer.toml", GOOD.replace(from, to))])
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn selectors_and_validation() {
        let db = SdkDb::from_sources(&[("flyer.toml", GOOD)]).unwrap();
        let filter = db.ios_api_filter();
        assert!(filter.selectors.contains("logEvent:withValues:"));
        assert!(filter.functions.contains("_FLYSetChildDirected"));
        assert_eq!(
            error_for("event_arg = 0", "event_arg = 2"),
            "sdks/flyer.toml: ios.apis[0].event_arg: the API takes 2 arguments; there is no argument 2"
        );
        assert_eq!(
            error_for("selector = \"stop\"", "selector = \"st op\""),
            "sdks/flyer.toml: ios.apis[1].selector: `st op` is not an Objective-C selector"
        );
        assert_eq!(
            error_for(
                "function = \"_FLYSetChildDirected\"",
                "function = \"FLYSet\""
            ),
            "sdks/flyer.toml: ios.apis[2].function: `FLYSet` is not a symbol name (symbols start with `_`)"
        );
        assert_eq!(
            error_for(
                "class = \"FLYTracker\"\nselector = \"stop\"",
                "selector = \"stop\""
            ),
            "sdks/flyer.toml: ios.apis[1]: give `class` and `selector`, or `function`"
        );
        assert_eq!(
            error_for("selector = \"stop\"", "selector = \"stop\"\nevent_arg = 0"),
            "sdks/flyer.toml: ios.apis[1].event_arg: only `event` APIs take an event_arg, not `opt-out`"
        );
        assert_eq!(db.ios_presence_selectors(ApiKind::Consent), ["setConsent:"]);
        assert!(db.ios_presence_selectors(ApiKind::ChildDirected).is_empty());
        assert_eq!(
            error_for(
                "selector = \"stop\"",
                "selector = \"stop\"\npresence = true"
            ),
            "sdks/flyer.toml: ios.apis[1].presence: only `consent`, `child-directed` and `age` APIs \
             are presence signals, not `opt-out`"
        );
        assert_eq!(
            error_for(
                "function = \"_FLYSetChildDirected\"",
                "function = \"_FLYSetChildDirected\"\npresence = true"
            ),
            "sdks/flyer.toml: ios.apis[2].presence: only a selector can be a presence signal, not a \
             function"
        );
    }

    fn site(callee: &str, caller: &str, args: Vec<Option<ArgValue>>) -> CallSite {
        CallSite {
            callee: callee.into(),
            caller: caller.into(),
            args: args.into(),
            location: Location::new("Payload/Shop.app/Shop", caller),
        }
    }

    #[test]
    fn call_sites_match_by_selector_and_receiver() {
        let db = SdkDb::from_sources(&[("flyer.toml", GOOD)]).unwrap();
        let mut facts = Facts::new("Shop.ipa", Platform::Ios, BundleFormat::Ipa);
        let mut binary = AppleBinary::arm64_executable("Payload/Shop.app/Shop");
        let map = |sites: &[CallSite], facts: &Facts| {
            let (mut events, mut calls) = (Vec::new(), Vec::new());
            for s in sites {
                map_call_site(&db, facts, s, &mut events, &mut calls);
            }
            (events, calls)
        };
        let name = || vec![Some(ArgValue::String("buy".into())), None];
        let sites = [
            site("-[FLYTracker logEvent:withValues:]", "-[Shop buy]", name()),
            // Another class of the SDK (an object obtained through it).
            site("-[FLYShared logEvent:withValues:]", "sub_100004000", name()),
            // The app's own class with the same selector, and the SDK calling itself.
            site("-[ShopLogger logEvent:withValues:]", "-[Shop buy]", name()),
            site(
                "-[FLYTracker logEvent:withValues:]",
                "-[FLYTracker start]",
                name(),
            ),
            site("-[? stop]", "-[Shop quit]", vec![]),
            site("-[FLYTracker stop]", "-[Shop quit]", vec![]),
            site(
                "_FLYSetChildDirected",
                "_main",
                vec![Some(ArgValue::Int(1))],
            ),
            // An unknown receiver: only in a binary that uses the SDK's classes.
            site("-[? logEvent:withValues:]", "-[Shop buy]", name()),
        ];
        let (events, calls) = map(&sites, &facts);
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].name, "buy");
        assert_eq!(events[0].location.locator, "-[Shop buy]");
        let kinds: Vec<(ApiKind, &str)> = calls.iter().map(|c| (c.kind, c.api.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (ApiKind::Event, "-[FLYTracker logEvent:withValues:]"),
                (ApiKind::Event, "-[FLYShared logEvent:withValues:]"),
                (ApiKind::OptOut, "-[FLYTracker stop]"),
                (ApiKind::ChildDirected, "_FLYSetChildDirected"),
            ]
        );
        binary.objc_classes.push(ObjcClass {
            name: "FLYTracker".into(),
            defined: false,
            source: ClassSource::Symbol,
            location: Location::new("Payload/Shop.app/Shop", "class"),
        });
        facts.apple_binaries.push(binary);
        let (events, _) = map(&sites[7..], &facts);
        assert_eq!(events.len(), 1);
        let (_, calls) = map(&sites[4..5], &facts);
        assert!(calls.is_empty(), "a bare selector needs a known receiver");
    }

    #[test]
    fn callee_and_caller_forms() {
        assert_eq!(
            parse_callee("+[FIRAnalytics logEventWithName:parameters:]"),
            Ok((Some("FIRAnalytics"), "logEventWithName:parameters:"))
        );
        assert_eq!(parse_callee("-[? stop]"), Ok((None, "stop")));
        assert_eq!(parse_callee("_FLYLog"), Err("_FLYLog"));
        assert_eq!(
            caller_class("-[AppsFlyerLib(Private) start]"),
            Some("AppsFlyerLib")
        );
        assert_eq!(caller_class("sub_100004000"), None);
    }
}
