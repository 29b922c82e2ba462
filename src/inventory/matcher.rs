//! The inventory matcher: [`Inventory::build`] turns [`Facts`] and an [`SdkDb`] into [`SdkHit`]s.
//! How it matches and what it costs is described in the [module docs](super).

use std::ops::Range;

use serde::Serialize;

use super::hit::{MAX_EVIDENCE, SdkHit};
use super::{Category, Confidence, SdkDb, SdkDef};
use crate::facts::{ClassFact, Facts, Location};

/// The SDKs a bundle shows, sorted by id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Inventory {
    /// The SDKs the bundle embeds: their code (defined), build metadata (declared) or the app's
    /// references to them (referenced). The rules read only these.
    pub sdks: Vec<SdkHit>,
    /// SDKs only named by a string (a domain, a key): mentions, never embedded, never the basis of
    /// a finding. `app-measurement.com` in FirebaseCore is no Firebase Analytics.
    pub mentions: Vec<SdkHit>,
    /// Conversion events logged with a literal name, in call-site order.
    pub events: Vec<super::apis::TrackingEvent>,
    /// Calls to the SDKs' event, consent, opt-out, child-directed and age APIs.
    pub api_calls: Vec<super::apis::ApiCall>,
}

impl Inventory {
    /// Matches every SDK of `db` against `facts` (whose `classes` must be sorted by name).
    pub fn build(db: &SdkDb, facts: &Facts) -> Inventory {
        debug_assert!(
            facts.classes.is_sorted_by(|a, b| a.name <= b.name),
            "Facts::classes must be sorted by name"
        );
        // `db` iterates by id, so the hits come out sorted by id.
        let sdks = db.iter().filter_map(|sdk| match_sdk(sdk, facts)).collect();
        let sdks = super::maven::add_declared(db, facts, sdks);
        let sdks = super::ios::add_frameworks(db, facts, sdks);
        let sdks = super::ios_version::add_versions(db, facts, sdks);
        let sdks = super::version::add_versions(db, facts, sdks);
        let sdks = super::strings::add_string_hits(db, facts, sdks);
        let (mentions, sdks) = sdks
            .into_iter()
            .partition(|hit| hit.confidence == Confidence::String);
        let (events, api_calls) = if facts.platform == crate::facts::Platform::Ios {
            super::ios_apis::map_call_sites(db, facts)
        } else {
            super::apis::map_call_sites(db, facts)
        };
        Inventory {
            sdks,
            mentions,
            events,
            api_calls,
        }
    }

    pub fn get(&self, id: &str) -> Option<&SdkHit> {
        self.sdks
            .binary_search_by(|hit| hit.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.sdks[i])
    }

    pub fn has_category(&self, category: Category) -> bool {
        self.sdks
            .iter()
            .any(|hit| hit.categories.contains(&category))
    }

    /// The hits whose SDK does conversion tracking.
    pub fn conversion_tracking(&self) -> impl Iterator<Item = &SdkHit> {
        self.sdks.iter().filter(|hit| hit.conversion_tracking)
    }

    /// The SDKs that track for the consent, children and privacy-manifest rules: the
    /// conversion-tracking ones first, then advertising SDKs (which collect the ad id to target
    /// ads without recording conversions).
    pub fn tracking(&self) -> Vec<&SdkHit> {
        let mut hits: Vec<&SdkHit> = self.conversion_tracking().collect();
        hits.extend(self.sdks.iter().filter(|h| {
            !h.conversion_tracking && h.categories.contains(&super::Category::Advertising)
        }));
        hits
    }
}

/// Whether app-owned code invokes class `name` (Java form), by `Facts::invoked_undefined`;
/// `true` where that is not known (no bytecode walked, or no whole app). A class that walked code never invokes
/// (named only in signatures or as a supertype) is no reference of the app's.
fn app_invokes(facts: &Facts, name: &str) -> bool {
    // A part of an app (a vendor `.aar` or `.jar`, a bare DEX) has no app code to tell apart:
    // its references are the bundle's, as before.
    if !facts.is_app() {
        return true;
    }
    let Some(invoked) = facts.invoked_undefined.as_deref() else {
        return true;
    };
    let start = invoked.partition_point(|(callee, _)| callee.as_str() < name);
    let mut callers = invoked[start..]
        .iter()
        .take_while(|(callee, _)| callee == name)
        .map(|(_, caller)| caller)
        .peekable();
    if callers.peek().is_none() {
        return false;
    }
    callers.any(|caller| {
        facts
            .classes
            .binary_search_by(|c| c.name.as_str().cmp(caller))
            .map_or(true, |i| {
                facts.ownership.is_app(&facts.ownership.classes, i)
            })
    })
}

fn match_sdk(sdk: &SdkDef, facts: &Facts) -> Option<SdkHit> {
    let android = &sdk.android;
    let classes = &facts.classes;

    let mut matched: Vec<usize> = Vec::new();
    for prefix in &android.class_prefixes {
        matched.extend(run(classes, prefix, |name| name == prefix));
        matched.extend(run(classes, &format!("{prefix}."), |_| true));
        matched.extend(run(classes, &format!("{prefix}$"), |_| true));
    }
    for class in &android.classes {
        matched.extend(run(classes, class, |name| name == class));
        matched.extend(run(classes, &format!("{class}$"), |_| true));
    }
    // The app's own package is the app's even under an SDK prefix (`com.appsflyer.sampleapp`):
    // its classes neither show the SDK nor make it `defined` (`facts::ownership`).
    matched.retain(|&i| {
        !android.excludes(&classes[i].name) && !android.app_owns(facts, &classes[i].name)
    });
    // Signatures of one SDK never overlap, but keep the evidence in class order and unique anyway.
    matched.sort_unstable();
    matched.dedup();
    let (mut defined, referenced): (Vec<&ClassFact>, Vec<&ClassFact>) = matched
        .iter()
        .map(|&i| &classes[i])
        .partition(|class| class.defined);
    // A class whose code is not there counts as the app's reference only if the app's own code
    // invokes it (where the bytecode was walked): FirebaseUI Auth invoking Twitter Kit, Branch's
    // Answers shim invoking Crashlytics Answers, a mediation adapter invoking its network are
    // a library's or an SDK's references, not the app's (real builds:
    // AlbVal97/FirebaseFunctionalities, MishaVernik/Facebook-DeepLink).
    let app_refs = referenced
        .iter()
        .filter(|class| app_invokes(facts, &class.name))
        .count();
    // Entry classes first (those of the SDK's `[[android.apis]]` and its exact `classes`:
    // `AppsFlyerLib`, not `AFInAppEventParameterName`): they say best which SDK this is. The
    // sort is stable, so the rest stay in class order.
    defined.sort_by_key(|class| !is_entry_class(android, &class.name));

    let components: Vec<&Location> = facts
        .components
        .iter()
        .filter(|c| android.matches_class(&c.name) && !android.app_owns(facts, &c.name))
        .map(|c| &c.location)
        .collect();
    let meta_data = facts
        .meta_data
        .iter()
        .filter(|m| android.meta_data_keys.contains(&m.name));
    let manifest: Vec<&Location> = components
        .iter()
        .copied()
        .chain(meta_data.map(|m| &m.location))
        .collect();

    let ios = super::ios::evidence(sdk.ios.as_ref(), facts);
    let evidence_total = defined.len() + manifest.len() + referenced.len() + ios.len();
    if evidence_total == 0 {
        return None;
    }
    let confidence = if defined.is_empty() && ios.defined.is_empty() {
        // Neither a class of the SDK that the app's code invokes nor a component: only
        // `<meta-data>` keys (a library's merged manifest declares them for an optional
        // integration: FirebaseUI Auth 4.3.1 declares com.facebook.sdk.ApplicationId in apps
        // without the Facebook SDK, AlbVal97/FirebaseFunctionalities) or other code's
        // references were seen, not the SDK. A mention, never the basis of a finding.
        if app_refs == 0 && components.is_empty() && ios.referenced.is_empty() {
            Confidence::String
        } else {
            Confidence::Referenced
        }
    } else {
        Confidence::Defined
    };
    let evidence = defined
        .iter()
        .map(|c| &c.location)
        .chain(&ios.defined)
        .chain(manifest)
        .chain(referenced.iter().map(|c| &c.location))
        .chain(&ios.referenced)
        .take(MAX_EVIDENCE)
        .cloned()
        .collect();
    Some(SdkHit::new(sdk, confidence, evidence, evidence_total))
}

/// A class the database names as an entry point of the SDK: the class of one of its APIs, or
/// one of its exact `classes`.
fn is_entry_class(android: &super::AndroidSignatures, name: &str) -> bool {
    android.apis.iter().any(|api| api.class == name) || android.classes.iter().any(|c| c == name)
}

/// Indices of the classes whose name starts with `needle` and satisfies `keep`: one binary search
/// for the start of the contiguous run, one for its end.
fn run(classes: &[ClassFact], needle: &str, keep: impl Fn(&str) -> bool) -> Range<usize> {
    let start = classes.partition_point(|c| c.name.as_str() < needle);
    let len = classes[start..].partition_point(|c| c.name.starts_with(needle) && keep(&c.name));
    start..start + len
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::ComponentKind;
    use crate::facts::{BundleFormat, ComponentFact, MetaDataFact, Platform};

    const FLYER: &str = r#"
        id = "flyer"
        name = "Flyer"
        vendor = "Flyer Inc."
        categories = ["attribution"]
        conversion_tracking = true
        [android]
        class_prefixes = ["com.flyer"]
        meta_data_keys = ["com.flyer.KEY"]
    "#;
    const ADS: &str = r#"
        id = "ads"
        name = "Ads"
        vendor = "Ads Inc."
        categories = ["advertising"]
        conversion_tracking = false
        [android]
        class_prefixes = ["com.big.ads", "org.ads.legacy"]
        classes = ["com.big.AdsEntry"]
        exclude_prefixes = ["com.big.ads.identifier"]
    "#;

    fn db() -> SdkDb {
        SdkDb::from_sources(&[("flyer.toml", FLYER), ("ads.toml", ADS)]).unwrap()
    }

    fn facts(classes: &[(&str, bool)]) -> Facts {
        let mut facts = Facts::new("app.apk", Platform::Android, BundleFormat::Apk);
        facts.classes = classes
            .iter()
            .map(|&(name, defined)| ClassFact {
                name: name.to_string(),
                defined,
                location: class_location(name),
            })
            .collect();
        facts.classes.sort();
        facts
    }

    fn class_location(name: &str) -> Location {
        Location::new("classes.dex", format!("class L{};", name.replace('.', "/")))
    }

    fn ids(inventory: &Inventory) -> Vec<&str> {
        inventory.sdks.iter().map(|hit| hit.id.as_str()).collect()
    }

    #[test]
    fn prefixes_match_at_package_boundaries() {
        let db = db();
        let no_hit = facts(&[
            ("com.flyerx.Foo", true),
            ("com.fly.Bar", true),
            ("com.flye", true),
        ]);
        assert!(Inventory::build(&db, &no_hit).sdks.is_empty());

        let hit = facts(&[("com.flyer.FlyerLib", true), ("com.flyerx.Foo", true)]);
        let inventory = Inventory::build(&db, &hit);
        assert_eq!(ids(&inventory), ["flyer"]);
        assert_eq!(
            inventory.sdks[0].evidence,
            [class_location("com.flyer.FlyerLib")]
        );

        let exact = facts(&[
            ("com.flyer", false),
            ("com.flyer$1", false),
            ("com.flyer0", false),
        ]);
        let hit = &Inventory::build(&db, &exact).sdks[0];
        assert_eq!(
            hit.evidence,
            [class_location("com.flyer"), class_location("com.flyer$1")]
        );
    }

    #[test]
    fn builtin_appsflyer_is_package_anchored() {
        let db = SdkDb::builtin();
        let none = facts(&[("com.appsflyerx.Foo", true)]);
        assert!(Inventory::build(db, &none).get("appsflyer").is_none());
        for name in ["com.appsflyer.AppsFlyerLib", "com.appsflyer"] {
            let inventory = Inventory::build(db, &facts(&[(name, true)]));
            assert_eq!(ids(&inventory), ["appsflyer"], "{name}");
        }
    }

    #[test]
    fn exact_classes_match_themselves_and_inner_classes() {
        let db = db();
        let f = facts(&[
            ("com.big.AdsEntry", false),
            ("com.big.AdsEntry$Builder", false),
            ("com.big.AdsEntryPoint", true),
            ("com.big.Other", true),
        ]);
        let hit = &Inventory::build(&db, &f).sdks[0];
        assert_eq!(hit.id, "ads");
        assert_eq!(hit.evidence_total, 2);
        assert_eq!(hit.confidence, Confidence::Referenced);
    }

    #[test]
    fn excluded_packages_do_not_count() {
        let db = db();
        let f = facts(&[("com.big.ads.identifier.AdvertisingIdClient", true)]);
        assert!(Inventory::build(&db, &f).sdks.is_empty());
        let f = facts(&[
            ("com.big.ads.AdView", false),
            ("com.big.ads.identifier.AdvertisingIdClient", true),
        ]);
        let hit = &Inventory::build(&db, &f).sdks[0];
        assert_eq!(hit.confidence, Confidence::Referenced);
        assert_eq!(hit.evidence, [class_location("com.big.ads.AdView")]);
    }

    #[test]
    fn defined_beats_referenced_and_comes_first() {
        let db = db();
        let referenced = facts(&[("com.flyer.A", false), ("com.flyer.B", false)]);
        assert_eq!(
            Inventory::build(&db, &referenced).sdks[0].confidence,
            Confidence::Referenced
        );

        let mixed = facts(&[("com.flyer.A", false), ("com.flyer.B", true)]);
        let hit = &Inventory::build(&db, &mixed).sdks[0];
        assert_eq!(hit.confidence, Confidence::Defined);
        assert_eq!(
            hit.evidence,
            [class_location("com.flyer.B"), class_location("com.flyer.A")]
        );
    }

    #[test]
    fn evidence_is_capped_and_counted() {
        let db = db();
        let names: Vec<String> = (0..12).map(|i| format!("com.flyer.C{i:02}")).collect();
        let classes: Vec<(&str, bool)> = names
            .iter()
            .map(|n| (n.as_str(), n.ends_with('7')))
            .collect();
        let hit = &Inventory::build(&db, &facts(&classes)).sdks[0];
        assert_eq!(hit.evidence_total, 12);
        assert_eq!(hit.evidence.len(), MAX_EVIDENCE);
        assert_eq!(hit.evidence[0], class_location("com.flyer.C07"));
        assert_eq!(hit.evidence[1], class_location("com.flyer.C00"));
    }

    #[test]
    fn manifest_evidence_counts_as_referenced() {
        let db = db();
        let mut f = facts(&[]);
        f.meta_data.push(MetaDataFact {
            name: "com.flyer.KEY".to_string(),
            value: Some("abc".to_string()),
            location: Location::new("AndroidManifest.xml", "meta-data com.flyer.KEY"),
            reference: None,
        });
        f.meta_data.push(MetaDataFact {
            name: "com.flyer.OTHER".to_string(),
            value: None,
            location: Location::new("AndroidManifest.xml", "meta-data com.flyer.OTHER"),
            reference: None,
        });
        f.components.push(ComponentFact {
            kind: ComponentKind::Receiver,
            name: "com.flyer.InstallReceiver".to_string(),
            location: Location::new("AndroidManifest.xml", "receiver com.flyer.InstallReceiver"),
        });
        let hit = &Inventory::build(&db, &f).sdks[0];
        assert_eq!(hit.id, "flyer");
        assert_eq!(hit.confidence, Confidence::Referenced);
        assert_eq!(
            hit.evidence,
            [
                Location::new("AndroidManifest.xml", "receiver com.flyer.InstallReceiver"),
                Location::new("AndroidManifest.xml", "meta-data com.flyer.KEY"),
            ]
        );

        // With a defined class the hit is `defined`, and the class is the first evidence.
        f.classes.push(ClassFact {
            name: "com.flyer.FlyerLib".to_string(),
            defined: true,
            location: class_location("com.flyer.FlyerLib"),
        });
        let hit = &Inventory::build(&db, &f).sdks[0];
        assert_eq!(hit.confidence, Confidence::Defined);
        assert_eq!(hit.evidence_total, 3);
        assert_eq!(hit.evidence[0], class_location("com.flyer.FlyerLib"));
    }

    /// Where bytecode was walked, a class of an SDK whose code is not there is the app's
    /// reference only if app-owned code invokes it; another library's or SDK's invocation, or no
    /// invocation at all, makes the SDK a mention. Real case: FirebaseUI Auth invoking Twitter
    /// Kit (absent) in AlbVal97/FirebaseFunctionalities raised SL102 for Twitter Kit.
    #[test]
    fn a_reference_counts_only_from_the_apps_code() {
        let db = db();
        let mut f = facts(&[]);
        f.app.id = Some("com.example".into());
        f.classes.push(ClassFact {
            name: "com.flyer.FlyerLib".to_string(),
            defined: false,
            location: class_location("com.flyer.FlyerLib"),
        });
        for name in ["com.example.Main", "com.google.android.gms.internal.Helper"] {
            f.classes.push(ClassFact {
                name: name.to_string(),
                defined: true,
                location: class_location(name),
            });
        }
        f.classes.sort_by(|a, b| a.name.cmp(&b.name));
        // Not walked: as before, referenced.
        let hit = &Inventory::build(&db, &f).sdks[0];
        assert_eq!(hit.confidence, Confidence::Referenced);
        // Walked, invoked by nobody, or by a library only: a mention.
        for invokers in [vec![], vec!["com.google.android.gms.internal.Helper"]] {
            f.invoked_undefined = Some(
                invokers
                    .iter()
                    .map(|c| ("com.flyer.FlyerLib".to_string(), c.to_string()))
                    .collect(),
            );
            f.ownership = crate::facts::ownership::Ownership::compute(&db, &f);
            let inventory = Inventory::build(&db, &f);
            assert!(inventory.sdks.is_empty(), "{invokers:?}");
            assert_eq!(inventory.mentions[0].confidence, Confidence::String);
        }
        // Invoked by the app's own code: referenced.
        f.invoked_undefined.as_mut().unwrap().push((
            "com.flyer.FlyerLib".to_string(),
            "com.example.Main".to_string(),
        ));
        f.ownership = crate::facts::ownership::Ownership::compute(&db, &f);
        let hit = &Inventory::build(&db, &f).sdks[0];
        assert_eq!(hit.confidence, Confidence::Referenced);
    }

    /// `<meta-data>` keys alone are a mention (`string`), not a reference: a library's merged
    /// manifest declares them for an optional integration whose SDK the app lacks.
    #[test]
    fn meta_data_keys_alone_are_a_mention() {
        let db = db();
        let mut f = facts(&[]);
        f.meta_data.push(MetaDataFact {
            name: "com.flyer.KEY".to_string(),
            value: Some("CHANGE-ME".to_string()),
            location: Location::new("AndroidManifest.xml", "meta-data com.flyer.KEY"),
            reference: None,
        });
        let inventory = Inventory::build(&db, &f);
        assert!(inventory.sdks.is_empty(), "{:?}", inventory.sdks);
        assert_eq!(inventory.mentions.len(), 1);
        assert_eq!(inventory.mentions[0].confidence, Confidence::String);
        // With a referenced class too, the hit is `referenced` again.
        f.classes.push(ClassFact {
            name: "com.flyer.FlyerLib".to_string(),
            defined: false,
            location: class_location("com.flyer.FlyerLib"),
        });
        let hit = &Inventory::build(&db, &f).sdks[0];
        assert_eq!(hit.confidence, Confidence::Referenced);
    }

    #[test]
    fn several_sdks_sorted_by_id() {
        let db = db();
        let f = facts(&[
            ("com.app.Main", true),
            ("com.big.ads.AdView", true),
            ("com.flyer.FlyerLib", true),
            ("org.ads.legacy.Banner", false),
        ]);
        let inventory = Inventory::build(&db, &f);
        assert_eq!(ids(&inventory), ["ads", "flyer"]);
        assert_eq!(inventory.get("ads").unwrap().evidence_total, 2);
        assert!(inventory.get("nope").is_none());
        assert!(inventory.has_category(Category::Attribution));
        assert!(!inventory.has_category(Category::Consent));
        let tracking: Vec<&str> = inventory
            .conversion_tracking()
            .map(|h| h.id.as_str())
            .collect();
        assert_eq!(tracking, ["flyer"]);
    }

    #[test]
    fn builtin_database_on_a_typical_app() {
        let db = SdkDb::builtin();
        let f = facts(&[
            ("com.adjust.sdk.Adjust", true),
            ("com.facebook.appevents.AppEventsLogger", true),
            ("com.facebook.login.widget.LoginButton", true),
            (
                "com.google.android.gms.ads.identifier.AdvertisingIdClient",
                true,
            ),
            (
                "com.google.android.gms.measurement.api.AppMeasurementSdk",
                true,
            ),
            ("com.google.ads.interactivemedia.v3.api.ImaSdkFactory", true),
            ("com.kochava.base.Tracker", false),
        ]);
        let inventory = Inventory::build(db, &f);
        // Facebook Login is reported as its own SDK, apart from app events; the ad-id client,
        // the measurement API shim and the IMA SDK claim nothing.
        assert_eq!(
            ids(&inventory),
            ["adjust", "facebook-app-events", "facebook-login", "kochava"]
        );
        assert_eq!(
            inventory.get("kochava").unwrap().confidence,
            Confidence::Referenced
        );
    }

    #[test]
    fn hits_serialize_for_the_json_report() {
        let db = db();
        let inventory = Inventory::build(&db, &facts(&[("com.flyer.FlyerLib", true)]));
        let json = serde_json::to_value(&inventory.sdks[0]).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "id": "flyer", "name": "Flyer", "categories": ["attribution"],
                "conversion_tracking": true, "version": null, "confidence": "defined", "x_partner": false,
                "evidence": [{ "file": "classes.dex", "locator": "class Lcom/flyer/FlyerLib;" }],
                "evidence_total": 1
            })
        );
    }
}
