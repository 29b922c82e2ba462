//! Computing [`Ownership`] from the SDK database once a bundle's facts are extracted. Here, not in
//! `facts`, because it reads the database: facts are plain data that the inventory reads, and
//! must not depend on it in turn. What the owners mean is documented in [`crate::facts::ownership`].

use crate::facts::Facts;
use crate::facts::ownership::{APP, Owner, OwnerId, Ownership};
use crate::inventory::exodus::ExodusList;
use crate::inventory::{AndroidSignatures, SdkDb, SdkDef, covers_package};

impl Ownership {
    /// Owners of every item of `facts` by the SDK database `db`.
    pub fn compute(db: &SdkDb, facts: &Facts) -> Ownership {
        Self::compute_with(db, None, facts)
    }

    /// [`Ownership::compute`], with the trackers of an `--exodus-trackers` list: a class no
    /// database SDK owns but a tracker's code signature covers is that tracker's
    /// ([`ExodusList::class_owners`]: `exodus:<id>`, or the database SDK whose `exodus_id` it is),
    /// so its call sites and the strings it loads are not the app's. The app's own package stays
    /// the app's. Only for facts whose classes are sorted (extracted facts always are).
    pub fn compute_with(db: &SdkDb, exodus: Option<&ExodusList>, facts: &Facts) -> Ownership {
        let mut out = Ownership {
            owners: vec![Owner::App],
            ..Default::default()
        };
        // A library (`.aar`, vendor framework) has no app: its manifest package is the SDK's.
        let class_sdks = sorted_class_sdks(db, facts);
        let sorted = class_sdks.len() == facts.classes.len();
        let trackers: Vec<Option<String>> = match exodus {
            Some(list) if sorted => {
                let mut owners = list.class_owners(db, facts);
                let app = AndroidSignatures::default();
                for ((slot, sdk), class) in owners.iter_mut().zip(&class_sdks).zip(&facts.classes) {
                    if sdk.is_some() || app.app_owns(facts, &class.name) {
                        *slot = None;
                    }
                }
                owners
            }
            _ => Vec::new(),
        };
        let owner_at = |i: usize| -> Option<ClassOwner<'_>> {
            class_sdks[i]
                .map(|sdk| ClassOwner::Sdk(sdk.id.as_str()))
                .or_else(|| {
                    trackers
                        .get(i)
                        .and_then(|t| t.as_deref().map(ClassOwner::Sdk))
                })
                .or_else(|| library_of(facts, &facts.classes[i].name).map(ClassOwner::Library))
        };
        let sdk_of_class = |name: &str| -> Option<ClassOwner<'_>> {
            match facts
                .classes
                .binary_search_by(|c| c.name.as_str().cmp(name))
            {
                Ok(i) if sorted => owner_at(i),
                _ => class_sdk(db, facts, name)
                    .map(|sdk| ClassOwner::Sdk(sdk.id.as_str()))
                    .or_else(|| library_of(facts, name).map(ClassOwner::Library)),
            }
        };
        let class_owner = |out: &mut Ownership, owner: Option<ClassOwner<'_>>| -> OwnerId {
            match owner {
                None => APP,
                Some(ClassOwner::Sdk(id)) => out.intern(id),
                Some(ClassOwner::Library(ns)) => out.intern_library(ns),
            }
        };
        let classes: Vec<OwnerId> = match sorted {
            true => (0..facts.classes.len())
                .map(|i| class_owner(&mut out, owner_at(i)))
                .collect(),
            false => facts
                .classes
                .iter()
                .map(|c| {
                    let owner = class_sdk(db, facts, &c.name)
                        .map(|sdk| ClassOwner::Sdk(sdk.id.as_str()))
                        .or_else(|| library_of(facts, &c.name).map(ClassOwner::Library));
                    class_owner(&mut out, owner)
                })
                .collect(),
        };
        out.classes = classes;
        let loaders: Vec<OwnerId> = facts
            .loader_classes
            .iter()
            .map(|c| class_owner(&mut out, sdk_of_class(c)))
            .collect();
        let mut strings = vec![APP; facts.strings.len()];
        for &(string, loader) in &facts.string_loaders {
            if let (Some(slot), Some(&owner)) = (
                strings.get_mut(string as usize),
                loaders.get(loader as usize),
            ) {
                *slot = owner;
            }
        }
        for (slot, s) in strings.iter_mut().zip(&facts.strings) {
            if let Some(framework) = framework_of(&s.location.file) {
                let sdk = db.iter().find(|sdk| {
                    sdk.ios
                        .as_ref()
                        .is_some_and(|ios| ios.frameworks.iter().any(|f| f == framework))
                });
                if let Some(sdk) = sdk {
                    *slot = out.intern(&sdk.id);
                }
            }
        }
        out.strings = strings;
        out.string_resources = vec![APP; facts.string_resources.len()];
        if facts.platform == crate::facts::Platform::Ios {
            out.ios_call_sites(db, facts);
            return out;
        }
        let calls: Vec<OwnerId> = facts
            .call_sites
            .iter()
            .map(|c| match caller_class(&c.caller) {
                Some(name) => class_owner(&mut out, sdk_of_class(&name)),
                None => APP,
            })
            .collect();
        out.call_sites = calls;
        let callees: Vec<OwnerId> = facts
            .call_sites
            .iter()
            .map(|c| match caller_class(&c.callee) {
                Some(name) => class_owner(&mut out, sdk_of_class(&name)),
                None => APP,
            })
            .collect();
        out.callees = callees;
        let mut sorted: Vec<u32> = (0..facts.call_sites.len() as u32).collect();
        sorted.sort_by(|&a, &b| {
            facts.call_sites[a as usize]
                .caller
                .cmp(&facts.call_sites[b as usize].caller)
        });
        out.callers_sorted = sorted;
        out
    }

    fn ios_call_sites(&mut self, db: &SdkDb, facts: &Facts) {
        use crate::inventory::ios_apis::{caller_class, parse_callee};
        let class_sdk = |name: &str| {
            db.iter()
                .find(|sdk| sdk.ios.as_ref().is_some_and(|i| i.matches_class(name)))
                .map(|sdk| sdk.id.as_str())
        };
        let api_sdk = |selector: Option<&str>, function: Option<&str>| {
            db.iter()
                .find(|sdk| {
                    sdk.ios.as_ref().is_some_and(|i| {
                        i.apis.iter().any(|a| {
                            (selector.is_some() && a.selector.as_deref() == selector)
                                || (function.is_some() && a.function.as_deref() == function)
                        })
                    })
                })
                .map(|sdk| sdk.id.as_str())
        };
        for site in &facts.call_sites {
            let caller = caller_class(&site.caller).and_then(class_sdk);
            let callee = match parse_callee(&site.callee) {
                Ok((Some(class), _)) => class_sdk(class),
                Ok((None, selector)) => api_sdk(Some(selector), None),
                Err(symbol) => api_sdk(None, Some(symbol)),
            };
            let caller = caller.map_or(APP, |id| self.intern(id));
            let callee = callee.map_or(APP, |id| self.intern(id));
            self.call_sites.push(caller);
            self.callees.push(callee);
        }
    }

    fn intern_library(&mut self, namespace: &str) -> OwnerId {
        if let Some(i) = self
            .owners
            .iter()
            .position(|o| matches!(o, Owner::Library(ns) if ns == namespace))
        {
            return i as OwnerId;
        }
        self.owners.push(Owner::Library(namespace.to_string()));
        (self.owners.len() - 1) as OwnerId
    }

    fn intern(&mut self, sdk: &str) -> OwnerId {
        if let Some(i) = self
            .owners
            .iter()
            .position(|o| matches!(o, Owner::Sdk(id) if id == sdk))
        {
            return i as OwnerId;
        }
        self.owners.push(Owner::Sdk(sdk.to_string()));
        (self.owners.len() - 1) as OwnerId
    }
}

/// Who owns a class that is not the app's: an SDK of the database (or an Exodus tracker), by id,
/// or a shared library, by namespace.
#[derive(Clone, Copy)]
enum ClassOwner<'a> {
    Sdk(&'a str),
    Library(&'a str),
}

/// The namespaces of shared third-party libraries (see the file's header).
const LIBRARY_NAMESPACES: &str = include_str!("data/library_namespaces.txt");

/// The namespace of `extract/data/library_namespaces.txt` that covers class `name` (Java form),
/// unless the class lies in the app's own package. Only for Android apps: a library bundle
/// (`.aar`, `.jar`) or an iOS app has no such code.
fn library_of(facts: &Facts, name: &str) -> Option<&'static str> {
    if facts.platform != crate::facts::Platform::Android || !facts.is_app() {
        return None;
    }
    let app = facts.app.id.as_deref().filter(|p| !p.is_empty());
    if app.is_some_and(|p| covers_package(p, name)) {
        return None;
    }
    library_namespaces()
        .iter()
        .copied()
        .find(|ns| covers_package(ns, name))
}

/// The namespaces of [`LIBRARY_NAMESPACES`], read once (ownership asks for every class).
fn library_namespaces() -> &'static [&'static str] {
    static LIST: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        LIBRARY_NAMESPACES
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// The SDK that owns the class `name`: the first of `db` whose signature covers it, unless the
/// app's own package does.
fn class_sdk<'a>(db: &'a SdkDb, facts: &Facts, name: &str) -> Option<&'a SdkDef> {
    db.iter()
        .find(|sdk| sdk.android.matches_class(name) && !sdk.android.app_owns(facts, name))
}

/// [`class_sdk`] of every class of `facts`, found by binary search over the sorted classes: one
/// range per signature instead of every SDK per class (a 70-DEX app has 10^5 classes). Empty if
/// the classes are not sorted (facts built by hand).
fn sorted_class_sdks<'a>(db: &'a SdkDb, facts: &Facts) -> Vec<Option<&'a SdkDef>> {
    let classes = &facts.classes;
    if !classes.is_sorted_by(|a, b| a.name <= b.name) {
        return Vec::new();
    }
    let mut owners: Vec<Option<&SdkDef>> = vec![None; classes.len()];
    // In the database's order, so that the first SDK to cover a class owns it, as in `class_sdk`.
    for sdk in db.iter() {
        let android = &sdk.android;
        for signature in android.class_prefixes.iter().chain(&android.classes) {
            let start = classes.partition_point(|c| c.name.as_str() < signature.as_str());
            for (i, class) in classes.iter().enumerate().skip(start) {
                if !class.name.starts_with(signature.as_str()) {
                    break;
                }
                if owners[i].is_none()
                    && android.matches_class(&class.name)
                    && !android.app_owns(facts, &class.name)
                {
                    owners[i] = Some(sdk);
                }
            }
        }
    }
    owners
}

/// `Lcom/a/B;->m()V` → `com.a.B`.
fn caller_class(caller: &str) -> Option<String> {
    let class = caller.split_once("->").map_or(caller, |(c, _)| c);
    crate::android::dex::descriptor_to_java_name(class)
}

/// The framework directory name (`AppsFlyerLib`) of a path inside `AppsFlyerLib.framework/`.
fn framework_of(path: &str) -> Option<&str> {
    path.split('/')
        .rev()
        .find_map(|part| part.strip_suffix(".framework"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line of `data/library_namespaces.txt` is a Java package name, listed once, and no
    /// namespace lies inside another (the inner one would never be the first to match).
    #[test]
    fn library_namespaces_are_distinct_package_names() {
        let list = library_namespaces();
        assert!(list.len() > 20, "{list:?}");
        for (i, ns) in list.iter().enumerate() {
            // One-segment namespaces (`android`, `kotlin`, `bolts`) are allowed here, unlike an
            // SDK signature: these name whole runtimes.
            let well_formed = ns.split('.').all(|part| {
                !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            });
            assert!(well_formed, "{ns}");
            for other in &list[..i] {
                assert!(
                    !covers_package(other, ns) && !covers_package(ns, other),
                    "{ns} and {other} overlap"
                );
            }
        }
    }
    use crate::facts::code::CallSite;
    use crate::facts::{BundleFormat, ClassFact, Location, Platform, StringFact};

    /// The binary search over sorted classes gives every class of real fixtures the owner the
    /// per-class scan gives: shared prefixes (`com.appsflyer.sampleapp`, the app's own package
    /// under AppsFlyer's), several SDKs, and the Play-services-only APK.
    #[test]
    fn sorted_owners_agree_with_the_per_class_scan() {
        let db = SdkDb::builtin();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut owned = 0;
        for fixture in [
            "appsflyer-sampleapp.apk",
            "appsflyer-adjust.apk",
            "facebook-firebase.apk",
            "play-services-only.apk",
        ] {
            let facts =
                crate::facts(&root.join("fixtures").join(fixture), &Default::default()).unwrap();
            let sorted = sorted_class_sdks(db, &facts);
            assert_eq!(sorted.len(), facts.classes.len(), "{fixture}");
            owned += sorted.iter().filter(|s| s.is_some()).count();
            for (class, sdk) in facts.classes.iter().zip(&sorted) {
                let scanned = class_sdk(db, &facts, &class.name).map(|s| &s.id);
                assert_eq!(sdk.map(|s| &s.id), scanned, "{fixture}: {}", class.name);
            }
        }
        assert!(
            owned > 10,
            "SDK classes were compared, not only the app's: {owned}"
        );
    }

    fn class(name: &str) -> ClassFact {
        ClassFact {
            name: name.into(),
            defined: true,
            location: Location::new("classes.dex", format!("class {name}")),
        }
    }

    fn sdk<'a>(own: &'a Ownership, table: &[OwnerId], i: usize) -> Option<&'a str> {
        own.sdk_of(table, i)
    }

    #[test]
    fn app_package_unknown_libraries_and_sdk_classes() {
        let mut f = Facts::new("app.apk", Platform::Android, BundleFormat::Apk);
        // The app's own package lies under AppsFlyer's prefix: still the app's.
        f.app.id = Some("com.appsflyer.demo".into());
        f.classes = vec![
            class("com.appsflyer.AppsFlyerLib"),
            class("com.appsflyer.demo.MainActivity"),
            class("org.unknown.lib.Helper"),
        ];
        f.call_sites.push(CallSite {
            callee: "Lcom/appsflyer/AppsFlyerLib;->start(Landroid/content/Context;)V".into(),
            caller: "Lcom/appsflyer/demo/MainActivity;->onCreate()V".into(),
            args: vec![None].into(),
            location: Location::new(
                "classes.dex",
                "Lcom/appsflyer/demo/MainActivity;->onCreate()V",
            ),
        });
        let own = Ownership::compute(SdkDb::builtin(), &f);
        assert_eq!(sdk(&own, &own.classes, 0), Some("appsflyer"));
        assert_eq!(sdk(&own, &own.classes, 1), None);
        assert_eq!(sdk(&own, &own.classes, 2), None);
        assert!(own.call_site_is_app(0));
        assert_eq!(sdk(&own, &own.callees, 0), Some("appsflyer"));
        f.ownership = own;
        assert_eq!(f.app_calls("appsflyer").map(|c| c.count), Some(1));
        assert_eq!(f.app_calls("adjust").map(|c| c.count), Some(0));
        // On iOS the calls are known once an app binary's code was walked.
        f.platform = Platform::Ios;
        assert_eq!(f.app_calls("appsflyer"), None, "no binary walked");
        let mut exe = crate::facts::apple_binary::AppleBinary::arm64_executable("Payload/A.app/A");
        exe.calls_walked = true;
        f.apple_binaries.push(exe);
        f.ownership = Ownership::compute(SdkDb::builtin(), &f);
        assert_eq!(
            f.app_calls("appsflyer").map(|c| c.count),
            Some(0),
            "no iOS call site"
        );
    }

    #[test]
    fn strings_by_loading_class_and_framework() {
        let mut f = Facts::new("app.ipa", Platform::Ios, BundleFormat::Ipa);
        for file in [
            "Payload/A.app/Frameworks/AppsFlyerLib.framework/AppsFlyerLib",
            "Payload/A.app/A",
        ] {
            f.strings.push(StringFact {
                value: "opt out".into(),
                location: Location::new(file, "__cstring+0x0"),
            });
        }
        let own = Ownership::compute(SdkDb::builtin(), &f);
        assert_eq!(sdk(&own, &own.strings, 0), Some("appsflyer"));
        assert_eq!(sdk(&own, &own.strings, 1), None);

        let mut f = Facts::new("app.apk", Platform::Android, BundleFormat::Apk);
        for _ in 0..3 {
            f.strings.push(StringFact {
                value: "IABTCF_TCString".into(),
                location: Location::new("classes.dex", "string #0"),
            });
        }
        f.loader_classes = vec![
            "com.appsflyer.internal.AFa1".into(),
            "com.example.Main".into(),
        ];
        // A bad index is ignored, not a panic.
        f.string_loaders = vec![(0, 0), (1, 1), (9, 0), (2, 7)];
        let own = Ownership::compute(SdkDb::builtin(), &f);
        assert_eq!(sdk(&own, &own.strings, 0), Some("appsflyer"));
        assert_eq!(sdk(&own, &own.strings, 1), None);
        assert_eq!(sdk(&own, &own.strings, 2), None, "no loader: the app's");
    }

    /// Shared libraries' code (the Facebook SDK's core, Play services' common code) is neither
    /// the app's nor an SDK's; the app's own package stays the app's even inside a library
    /// namespace, and an SDK's signature still wins. Real case: Facebook SDK 4.x's
    /// `BoltsMeasurementEventListener` calling `AppEventsLogger.logEvent` (1-creator/achat).
    #[test]
    fn shared_library_code_is_not_the_apps() {
        let mut f = Facts::new("app.apk", Platform::Android, BundleFormat::Apk);
        f.app.id = Some("com.facebook.katana".into());
        f.classes = vec![
            class("com.facebook.appevents.AppEventsLogger"),
            class("com.facebook.internal.BoltsMeasurementEventListener"),
            class("com.facebook.katana.MainActivity"),
            class("com.facebookx.Main"),
            class("com.google.android.gms.common.internal.Helper"),
        ];
        let log = "Lcom/facebook/appevents/AppEventsLogger;->logEvent(Ljava/lang/String;Landroid/os/Bundle;)V";
        for caller in [
            "Lcom/facebook/internal/BoltsMeasurementEventListener;->onReceive(Landroid/content/Context;Landroid/content/Intent;)V",
            "Lcom/facebook/katana/MainActivity;->onCreate()V",
        ] {
            f.call_sites.push(CallSite {
                callee: log.into(),
                caller: caller.into(),
                args: vec![None, None].into(),
                location: Location::new("classes.dex", caller),
            });
        }
        f.strings = vec![
            StringFact {
                value: "health_monitor".into(),
                location: Location::new("classes.dex", "string #0"),
            },
            StringFact {
                value: "https://pagead2.googlesyndication.com/pagead/gen_204?id=gmob-apps".into(),
                location: Location::new("classes.dex", "string #1"),
            },
        ];
        f.loader_classes = vec![
            "com.facebook.internal.BoltsMeasurementEventListener".into(),
            "com.google.android.gms.common.internal.Helper".into(),
        ];
        f.string_loaders = vec![(0, 0), (1, 1)];
        let own = Ownership::compute(SdkDb::builtin(), &f);
        assert_eq!(sdk(&own, &own.classes, 0), Some("facebook-app-events"));
        assert!(own.is_library(&own.classes, 1), "Facebook core");
        assert!(own.is_app(&own.classes, 2), "the app's own package");
        assert!(own.is_app(&own.classes, 3), "not inside com.facebook");
        assert!(own.is_library(&own.classes, 4), "Play services");
        assert_eq!(sdk(&own, &own.classes, 1), None, "a library is no SDK");
        assert!(!own.call_site_is_app(0));
        assert!(own.call_site_is_app(1));
        assert!(!own.string_is_app(0) && !own.string_is_app(1));
        f.ownership = own;
        assert_eq!(f.app_calls("facebook-app-events").map(|c| c.count), Some(1));
        // Only the app's call becomes an API call of the inventory.
        let inventory = crate::inventory::Inventory::build(SdkDb::builtin(), &f);
        let callers: Vec<&str> = inventory
            .api_calls
            .iter()
            .map(|c| c.location.locator.as_str())
            .collect();
        assert_eq!(callers, ["Lcom/facebook/katana/MainActivity;->onCreate()V"]);
        // Nor does a library's string make a mention.
        assert!(
            inventory
                .mentions
                .iter()
                .all(|m| m.id != "google-mobile-ads")
        );
        // A library bundle (`.aar`) has no app, so no library code either.
        f.format = BundleFormat::Aar;
        let own = Ownership::compute(SdkDb::builtin(), &f);
        assert!(own.is_app(&own.classes, 1));
    }
}
