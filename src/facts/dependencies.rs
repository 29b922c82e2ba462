//! Build metadata of multi-part bundles: the libraries an AAB declares (`dependencies.pb`) and the
//! modules or split APKs a bundle is made of.

use serde::Serialize;

use super::Location;

/// A library declared by build metadata (an AAB's
/// `BUNDLE-METADATA/com.android.tools.build.libraries/dependencies.pb`), direct or transitive.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeclaredDependency {
    /// Maven group id (`com.appsflyer`).
    pub group: String,
    /// Maven artifact id (`af-android-sdk`).
    pub artifact: String,
    /// The resolved version the build used.
    pub version: Option<String>,
    /// Modules that depend on the library directly (`base`, `feature_shop`); empty when it is
    /// only pulled in by other libraries.
    pub direct_in: Vec<String>,
    /// `file` the `dependencies.pb` entry, `locator` `library #3 com.appsflyer:af-android-sdk:6.14.0`.
    pub location: Location,
}

impl DeclaredDependency {
    /// `group:artifact`, as the SDK database's `maven` lists write it.
    pub fn coordinates(&self) -> String {
        format!("{}:{}", self.group, self.artifact)
    }
}

/// One part of a multi-part bundle: a module of an AAB (`base`, a feature module) or one APK of a
/// split set (the base split, a configuration split, a feature split).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BundleModule {
    /// Module name: `base`, `feature_shop`.
    pub name: String,
    /// For split APKs, the manifest's `split` id (`config.fr`, `feature_shop`); `None` for AAB
    /// modules and for the base split.
    pub split: Option<String>,
    /// `<dist:module>` delivery for feature modules: `install-time`, `on-demand`, `fast-follow` or
    /// `conditional`; `None` when the manifest declares no `<dist:module>`.
    pub delivery: Option<String>,
    /// DEX entries of the part, in load order, as Locations name them.
    pub dex_files: Vec<String>,
    /// Native libraries of the part (`base/lib/arm64-v8a/libshop.so`).
    pub native_libraries: Vec<String>,
    /// The part's manifest (or the split APK) and `module <name>`.
    pub location: Location,
}
