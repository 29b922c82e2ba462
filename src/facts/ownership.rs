//! Ownership: whose code a class, string, string resource or call site belongs to — the app's, or
//! an SDK's of the database.
//!
//! Compact: a small list of owners (index 0 is always the app) and, per table of [`Facts`], an
//! owner index parallel to the table. Computed once after extraction ([`Ownership::compute`]);
//! a [`Facts`] value without it (hand-built, or before computing) counts everything as the app's.
//!
//! - A class is an SDK's when the SDK database's class signatures cover it, unless it lies in the
//!   app's own package (the manifest package), which is the app's even under an SDK prefix. Code
//!   of libraries the database does not know counts as the app's.
//! - A DEX string is owned by the class whose method code loads it (`const-string`, the first
//!   such class); a string no code loads is the app's.
//! - A Mach-O string is owned by the SDK whose `[ios] frameworks` name the framework it was read
//!   from (`Foo.framework/…`), else by the app. Native and JavaScript strings are the app's.
//! - String resources are the app's (merged library resources cannot be told apart).
//! - A call site is owned by its caller's class. On iOS the caller is an Objective-C method
//!   (`-[AppsFlyerLib start]`: the class's SDK, by `[ios]` signatures) or a function (the app's);
//!   the callee belongs to the SDK of the receiver's class, or with an unknown receiver or a
//!   function, to the SDK whose `[[ios.apis]]` list the selector or symbol.

use serde::Serialize;

use super::Facts;
use crate::inventory::SdkDb;

/// An index into [`Ownership::owners`]; [`APP`] is the app.
pub type OwnerId = u16;

/// The app's owner id.
pub const APP: OwnerId = 0;

/// Who owns an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "lowercase")]
pub enum Owner {
    App,
    /// An SDK of the database, by id.
    Sdk(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Ownership {
    /// `owners[0]` is [`Owner::App`] once computed.
    pub owners: Vec<Owner>,
    /// Parallel to `Facts::classes`.
    pub classes: Vec<OwnerId>,
    /// Parallel to `Facts::strings`.
    pub strings: Vec<OwnerId>,
    /// Parallel to `Facts::string_resources`.
    pub string_resources: Vec<OwnerId>,
    /// Parallel to `Facts::call_sites`: the owner of the caller's class.
    pub call_sites: Vec<OwnerId>,
    /// Parallel to `Facts::call_sites`: the owner of the callee's class.
    pub callees: Vec<OwnerId>,
    /// Indices into `Facts::call_sites`, sorted by caller, so that [`Facts::caller_is_app`] is a
    /// binary search (a linear scan per API call took minutes on an app with 100,000 calls).
    #[serde(skip)]
    pub callers_sorted: Vec<u32>,
}

impl Ownership {
    /// Owners of every item of `facts` by the SDK database `db`.
    pub fn compute(db: &SdkDb, facts: &Facts) -> Ownership {
        let mut out = Ownership {
            owners: vec![Owner::App],
            ..Default::default()
        };
        // A library (`.aar`, vendor framework) has no app: its manifest package is the SDK's.
        let app_package = facts
            .app
            .id
            .as_deref()
            .filter(|p| !p.is_empty() && facts.is_app());
        let class_owner = |out: &mut Ownership, name: &str| -> OwnerId {
            if app_package.is_some_and(|p| covers(p, name)) {
                return APP;
            }
            match db.iter().find(|sdk| sdk.android.matches_class(name)) {
                Some(sdk) => out.intern(&sdk.id),
                None => APP,
            }
        };
        let classes: Vec<OwnerId> = facts
            .classes
            .iter()
            .map(|c| class_owner(&mut out, &c.name))
            .collect();
        out.classes = classes;
        let loaders: Vec<OwnerId> = facts
            .loader_classes
            .iter()
            .map(|c| class_owner(&mut out, c))
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
        if facts.platform == super::Platform::Ios {
            out.ios_call_sites(db, facts);
            return out;
        }
        let calls: Vec<OwnerId> = facts
            .call_sites
            .iter()
            .map(|c| match caller_class(&c.caller) {
                Some(name) => class_owner(&mut out, &name),
                None => APP,
            })
            .collect();
        out.call_sites = calls;
        let callees: Vec<OwnerId> = facts
            .call_sites
            .iter()
            .map(|c| match caller_class(&c.callee) {
                Some(name) => class_owner(&mut out, &name),
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

    /// The owner `id` stands for; the app for an unknown id.
    pub fn owner(&self, id: OwnerId) -> &Owner {
        const APP_OWNER: &Owner = &Owner::App;
        self.owners.get(id as usize).unwrap_or(APP_OWNER)
    }

    /// The SDK id owning the item at `index` of `table`, or `None` when the app owns it.
    pub fn sdk_of(&self, table: &[OwnerId], index: usize) -> Option<&str> {
        match self.owner(table.get(index).copied().unwrap_or(APP)) {
            Owner::App => None,
            Owner::Sdk(id) => Some(id),
        }
    }

    pub fn string_is_app(&self, index: usize) -> bool {
        self.sdk_of(&self.strings, index).is_none()
    }

    pub fn call_site_is_app(&self, index: usize) -> bool {
        self.sdk_of(&self.call_sites, index).is_none()
    }
}

/// How the app's own code calls one SDK: the number of call sites and the first of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppCalls<'a> {
    pub count: usize,
    pub first: Option<&'a super::code::CallSite>,
}

impl Facts {
    /// The call sites in app-owned code that invoke SDK `sdk`'s classes (the calls into the APIs
    /// the database lists, which are the ones extracted). `None` where calls are not known: an
    /// iOS bundle none of whose binaries had its code walked (a vendor framework), or a bundle
    /// whose ownership was not computed.
    pub fn app_calls(&self, sdk: &str) -> Option<AppCalls<'_>> {
        // An Exodus tracker (`exodus:<id>`) owns no classes here: its calls are unknown, not none.
        if sdk.starts_with(crate::inventory::exodus::ID_PREFIX) {
            return None;
        }
        let walked = match self.platform {
            // A library (`.aar`, `.jar`) has no app: its calls are the library's, none the app's.
            super::Platform::Android => !matches!(
                self.format,
                super::BundleFormat::Aar | super::BundleFormat::Jar
            ),
            super::Platform::Ios => self.apple_binaries.iter().any(|b| b.calls_walked),
        };
        if !walked || self.ownership.callees.len() != self.call_sites.len() {
            return None;
        }
        let mut calls = self.call_sites.iter().enumerate().filter(|(i, _)| {
            self.ownership.call_site_is_app(*i)
                && self.ownership.sdk_of(&self.ownership.callees, *i) == Some(sdk)
        });
        let first = calls.next().map(|(_, c)| c);
        Some(AppCalls {
            count: first.map_or(0, |_| 1 + calls.count()),
            first,
        })
    }

    /// Whether the call site whose caller is `caller` (smali form, as in `CallSite::caller` and
    /// an API call's locator) is the app's code. Unknown callers are the app's.
    pub fn caller_is_app(&self, caller: &str) -> bool {
        // Every call site of one caller has the same owner: its caller's class.
        let sorted = &self.ownership.callers_sorted;
        let found = if sorted.len() == self.call_sites.len() {
            sorted
                .binary_search_by(|&i| self.call_sites[i as usize].caller.as_str().cmp(caller))
                .ok()
                .map(|k| sorted[k] as usize)
        } else {
            // Hand-built facts without computed ownership.
            self.call_sites.iter().position(|c| c.caller == caller)
        };
        found.is_none_or(|i| self.ownership.call_site_is_app(i))
    }
}

/// `com.example` covers `com.example` and `com.example.x.Y`, not `com.examples`.
fn covers(prefix: &str, name: &str) -> bool {
    name.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('$'))
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
    use crate::facts::code::CallSite;
    use crate::facts::{BundleFormat, ClassFact, Location, Platform, StringFact};

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
            args: vec![None],
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
}
