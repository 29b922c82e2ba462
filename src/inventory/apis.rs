//! SDK APIs: the event-logging, consent, opt-out, child-directed and age entry points each SDK
//! file lists under `[[android.apis]]`, their validation, and the mapping of call sites
//! ([`Facts::call_sites`]) to tracking [`TrackingEvent`]s and [`ApiCall`]s.
//!
//! An API is named by class (Java binary name) and method name; every overload of that name
//! counts. For `kind = "event"`, `event_arg` is the index of the event name among the method's
//! *declared* parameters (the receiver is not counted): AppsFlyer's
//! `logEvent(Context, String, Map)` has `event_arg = 1`. Constructors are `method = "<init>"`
//! (Adjust's `AdjustEvent(String token)`).
//!
//! [`Facts::call_sites`]: crate::facts::Facts::call_sites

use serde::Serialize;

use super::db::{SdkDb, SdkDef};
pub use super::schema::{ApiDef, ApiKind};
use crate::facts::code::ArgValue;
use crate::facts::{Facts, Location, SharedStr};

/// A conversion event the app logs with a literal name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrackingEvent {
    /// SDK id (`appsflyer`).
    pub sdk: SharedStr,
    /// The literal event name (`af_purchase`), or the event token for Adjust.
    pub name: SharedStr,
    /// The called method, smali form.
    pub api: SharedStr,
    /// The calling method: `{file: "classes.dex", locator: "Lcom/example/Shop;->buy()V"}`.
    pub location: Location,
}

/// A call to one of an SDK's listed APIs (events included, whether or not their name is known).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiCall {
    pub sdk: SharedStr,
    pub kind: ApiKind,
    /// The called method, smali form: `Lcom/google/android/gms/ads/RequestConfiguration$Builder;->setTagForChildDirectedTreatment(I)…`.
    pub api: SharedStr,
    /// Constant arguments by declared parameter (`setTagForChildDirectedTreatment(1)` → `[Int(1)]`).
    pub args: std::sync::Arc<[Option<ArgValue>]>,
    pub location: Location,
}

impl SdkDb {
    /// Every `(class, method)` that some SDK lists as an API: what the extractor's call filter
    /// needs (`CallFilter::from_methods`).
    pub fn api_methods(&self) -> impl Iterator<Item = (&str, &str)> {
        self.iter().flat_map(|sdk| {
            sdk.android
                .apis
                .iter()
                .map(|api| (api.class.as_str(), api.method.as_str()))
        })
    }

    /// The SDKs and API entries listing a call to `method` on the class with descriptor `class`.
    fn apis_for<'a>(
        &'a self,
        class: &'a str,
        method: &'a str,
    ) -> impl Iterator<Item = (&'a SdkDef, &'a ApiDef)> + 'a {
        self.iter().flat_map(move |sdk| {
            sdk.android
                .apis
                .iter()
                .filter(move |api| api.method == method && descriptor_is(class, &api.class))
                .map(move |api| (sdk, api))
        })
    }
}

/// Whether the descriptor `Lcom/a/B$C;` names the Java class `com.a.B$C`.
fn descriptor_is(descriptor: &str, java: &str) -> bool {
    let Some(inner) = descriptor
        .strip_prefix('L')
        .and_then(|d| d.strip_suffix(';'))
    else {
        return false;
    };
    inner.len() == java.len()
        && inner
            .bytes()
            .zip(java.bytes())
            .all(|(d, j)| d == j || (d == b'/' && j == b'.'))
}

/// Maps the Android call sites of `facts` to events (literal names only) and API calls, in
/// call-site order (iOS call sites are `ios_apis::map_call_sites`'). Calls made from inside the SDK's own classes (its public `logEvent(String)` forwarding to
/// `logEvent(String, Bundle)`, events it logs itself) are the SDK's business, not the app's, and
/// are left out; so are calls from code that another SDK or a shared library owns (`Facts`
/// ownership: Facebook core's `BoltsMeasurementEventListener` forwarding Bolts events to
/// `AppEventsLogger.logEvent`, seen in real Facebook SDK 4.x builds).
pub fn map_call_sites(db: &SdkDb, facts: &Facts) -> (Vec<TrackingEvent>, Vec<ApiCall>) {
    // A call site maps to at most one API of most SDKs, and in an app that logs events from
    // every method nearly each one is an event: sized once rather than grown by doubling.
    let mut events = Vec::with_capacity(facts.call_sites.len());
    let mut calls = Vec::with_capacity(facts.call_sites.len());
    // One shared id per SDK, however many calls it gets (a game logs events from every level).
    let mut ids: std::collections::HashMap<&str, SharedStr> = Default::default();
    for site in &facts.call_sites {
        let Some((class, method)) = site.callee_class_and_name() else {
            continue;
        };
        let caller_class = site
            .caller
            .split_once("->")
            .and_then(|(class, _)| crate::android::dex::descriptor_to_java_name(class));
        if !facts.caller_is_app(&site.caller) {
            continue;
        }
        for (sdk, api) in db.apis_for(class, method) {
            if caller_class
                .as_deref()
                .is_some_and(|c| sdk.android.matches_class(c))
            {
                continue;
            }
            let id = ids
                .entry(sdk.id.as_str())
                .or_insert_with(|| sdk.id.as_str().into());
            if api.kind == ApiKind::Event
                && let Some(name) = api.event_arg.and_then(|i| site.string_arg_shared(i))
            {
                events.push(TrackingEvent {
                    sdk: id.clone(),
                    name: name.clone(),
                    api: site.callee.clone(),
                    location: site.location.clone(),
                });
            }
            calls.push(ApiCall {
                sdk: id.clone(),
                kind: api.kind,
                api: site.callee.clone(),
                args: site.args.clone(),
                location: site.location.clone(),
            });
        }
    }
    events.shrink_to_fit();
    calls.shrink_to_fit();
    (events, calls)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::code::CallSite;
    use crate::facts::{BundleFormat, Platform};

    const GOOD: &str = r#"id = "flyer"
name = "Flyer"
vendor = "Flyer Inc."
categories = ["attribution"]
conversion_tracking = true
[android]
class_prefixes = ["com.flyer"]

[[android.apis]]
kind = "event"
class = "com.flyer.Flyer"
method = "logEvent"
event_arg = 1

[[android.apis]]
kind = "child-directed"
class = "com.flyer.Config$Builder"
method = "setChildDirected"
"#;

    fn error_for(from: &str, to: &str) -> String {
        assert!(GOOD.contains(from), "{from}");
        SdkDb::from_sources(&[("sdks/flyer.toml", GOOD.replace(from, to))])
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn loads_apis() {
        let db = SdkDb::from_sources(&[("flyer.toml", GOOD)]).unwrap();
        let apis = &db.get("flyer").unwrap().android.apis;
        assert_eq!(apis.len(), 2);
        assert_eq!(apis[0].kind, ApiKind::Event);
        assert_eq!(apis[0].event_arg, Some(1));
        assert_eq!(apis[1].kind, ApiKind::ChildDirected);
        assert_eq!(apis[1].event_arg, None);
        assert_eq!(
            db.api_methods().collect::<Vec<_>>(),
            [
                ("com.flyer.Flyer", "logEvent"),
                ("com.flyer.Config$Builder", "setChildDirected")
            ]
        );
    }

    #[test]
    fn api_rules() {
        assert_eq!(
            error_for("kind = \"event\"", "kind = \"tracking\""),
            "sdks/flyer.toml:10:8: unknown variant `tracking`, expected one of `event`, `consent`, \
             `opt-out`, `child-directed`, `age`"
        );
        assert_eq!(
            error_for("event_arg = 1", "event_arg = 1\nargs = 2"),
            "sdks/flyer.toml:14:1: unknown field `args`, expected one of `kind`, `class`, `method`, \
             `event_arg`"
        );
        assert_eq!(
            error_for("event_arg = 1", "event_arg = -1"),
            "sdks/flyer.toml:13:13: invalid value: integer `-1`, expected usize"
        );
        assert_eq!(
            error_for("class = \"com.flyer.Flyer\"", "class = \"com.flyer.\""),
            "sdks/flyer.toml: android.apis[0].class: `com.flyer.` ends with a dot; write the \
             package without it"
        );
        assert_eq!(
            error_for("class = \"com.flyer.Flyer\"", "class = \"Flyer\""),
            "sdks/flyer.toml: android.apis[0].class: `Flyer` is too generic: a signature needs at least \
             two segments"
        );
        assert_eq!(
            error_for("method = \"logEvent\"", "method = \"log Event\""),
            "sdks/flyer.toml: android.apis[0].method: `log Event` is not a method name (a Java \
             identifier, or `<init>` for a constructor)"
        );
        assert_eq!(
            error_for(
                "method = \"setChildDirected\"",
                "method = \"setChildDirected\"\nevent_arg = 0"
            ),
            "sdks/flyer.toml: android.apis[1].event_arg: only `event` APIs take an event_arg, not \
             `child-directed`"
        );
        assert_eq!(
            error_for(
                "class = \"com.flyer.Config$Builder\"\nmethod = \"setChildDirected\"",
                "class = \"com.flyer.Flyer\"\nmethod = \"logEvent\""
            ),
            "sdks/flyer.toml: android.apis[1].method: `com.flyer.Flyer.logEvent` is already listed \
             (android.apis[0])"
        );
        assert!(
            SdkDb::from_sources(&[(
                "flyer.toml",
                GOOD.replace("method = \"logEvent\"", "method = \"<init>\"")
            )])
            .is_ok()
        );
    }

    #[test]
    fn an_api_belongs_to_one_sdk() {
        let other = GOOD
            .replace("\"flyer\"", "\"other\"")
            .replace("\"com.flyer\"", "\"com.other\"");
        let error = SdkDb::from_sources(&[("flyer.toml", GOOD.to_string()), ("other.toml", other)])
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "other.toml: android.apis[0].method: `com.flyer.Flyer.logEvent` is already listed by \
             `flyer` (flyer.toml)"
        );
    }

    #[test]
    fn call_sites_become_events_and_calls() {
        let db = SdkDb::from_sources(&[("flyer.toml", GOOD)]).unwrap();
        let mut facts = Facts::new("app.apk", Platform::Android, BundleFormat::Apk);
        let site = |callee: &str, args: Vec<Option<ArgValue>>| CallSite {
            callee: callee.into(),
            caller: "Lcom/example/Shop;->buy()V".into(),
            args: args.into(),
            location: Location::new("classes.dex", "Lcom/example/Shop;->buy()V"),
        };
        facts.call_sites = vec![
            site(
                "Lcom/flyer/Flyer;->logEvent(Landroid/content/Context;Ljava/lang/String;)V",
                vec![None, Some(ArgValue::String("buy".into()))],
            ),
            // A name that is not a constant: a call, no event.
            site(
                "Lcom/flyer/Flyer;->logEvent(Landroid/content/Context;Ljava/lang/String;)V",
                vec![None, None],
            ),
            site(
                "Lcom/flyer/Config$Builder;->setChildDirected(Z)Lcom/flyer/Config$Builder;",
                vec![Some(ArgValue::Int(1))],
            ),
            // Same name on another class; a class that only looks alike.
            site(
                "Lcom/flyer/Other;->logEvent(Ljava/lang/String;)V",
                vec![None],
            ),
            site("Lcom/flyer/Flyer/x;->logEvent()V", vec![]),
            // The SDK calling itself.
            CallSite {
                caller: "Lcom/flyer/Flyer;->logEvent(Ljava/lang/String;)V".into(),
                ..site(
                    "Lcom/flyer/Flyer;->logEvent(Landroid/content/Context;Ljava/lang/String;)V",
                    vec![None, Some(ArgValue::String("internal".into()))],
                )
            },
        ];
        let (events, calls) = map_call_sites(&db, &facts);
        assert_eq!(
            events,
            [TrackingEvent {
                sdk: "flyer".into(),
                name: "buy".into(),
                api: facts.call_sites[0].callee.clone(),
                location: facts.call_sites[0].location.clone(),
            }]
        );
        let kinds: Vec<(ApiKind, &[Option<ArgValue>])> =
            calls.iter().map(|c| (c.kind, &*c.args)).collect();
        assert_eq!(
            kinds,
            [
                (
                    ApiKind::Event,
                    &[None, Some(ArgValue::String("buy".into()))][..]
                ),
                (ApiKind::Event, &[None, None][..]),
                (ApiKind::ChildDirected, &[Some(ArgValue::Int(1))][..]),
            ]
        );
    }

    #[test]
    fn descriptors_match_java_names() {
        assert!(descriptor_is("Lcom/a/B$C;", "com.a.B$C"));
        assert!(!descriptor_is("Lcom/a/B;", "com.a.B$C"));
        assert!(!descriptor_is("com/a/B;", "com.a.B"));
        assert!(!descriptor_is("Lcom/a/B", "com.a.B"));
    }
}
