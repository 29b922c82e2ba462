//! iOS metadata facts: Info.plist keys, usage descriptions per locale, privacy manifests,
//! entitlements, embedded frameworks and app extensions, each with its owner: the bundle
//! directory it belongs to (`Payload/Shop.app`, `Payload/Shop.app/Frameworks/AppsFlyerLib.framework`).

use serde::Serialize;

use super::Location;
pub use super::plist_value::PlistValue;

/// The bundle versions Xcode's framework template writes (`MARKETING_VERSION` `1.0`,
/// `CURRENT_PROJECT_VERSION` `1`) and vendors leave as they were: in a framework's Info.plist
/// they name no release (FBAudienceNetwork 4.26, Flurry 12.4.0 and VungleSDK 3.2.0 all say
/// `1.0`). Read by the extractor (which then reports no version) and by the inventory's iOS
/// version pass (which lets the binary's own version string replace one).
pub const TEMPLATE_VERSIONS: [&str; 2] = ["1.0", "1"];

/// Whether `version` is one of Xcode's [`TEMPLATE_VERSIONS`].
pub fn is_template_version(version: &str) -> bool {
    TEMPLATE_VERSIONS.contains(&version)
}

/// Everything the iOS metadata extractors found. Every list is sorted by owner, then file.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AppleMetadata {
    /// The bundles found: the app, its extensions, frameworks and resource bundles.
    pub bundles: Vec<AppleBundle>,
    /// Every top-level key of the Info.plist of the app, its extensions, and an
    /// `.xcarchive`'s own Info.plist, with its value.
    pub info_plist_keys: Vec<InfoPlistKey>,
    /// Every `*UsageDescription` key: from the Info.plist (locale `None`) and from each
    /// `<locale>.lproj/InfoPlist.strings`.
    pub usage_descriptions: Vec<UsageDescription>,
    /// Every `PrivacyInfo.xcprivacy`, readable or not.
    pub privacy_manifests: Vec<PrivacyManifestFact>,
    /// Entitlements from provisioning profiles and code signatures, one per key.
    pub entitlements: Vec<Entitlement>,
    /// Embedded frameworks and dylibs (`Frameworks/*.framework`, `Frameworks/*.dylib`), and the
    /// framework slices of an `.xcframework`.
    pub frameworks: Vec<EmbeddedFramework>,
    /// App extensions (`PlugIns/*.appex`).
    pub extensions: Vec<AppExtension>,
    /// The libraries an `.xcframework`'s Info.plist lists (`AvailableLibraries`).
    pub xcframework_libraries: Vec<XcframeworkLibrary>,
}

impl AppleMetadata {
    /// The value of `key` in the main bundle's Info.plist (the first bundle with kind
    /// [`AppleBundleKind::App`], else the first bundle).
    pub fn main_info_key(&self, key: &str) -> Option<&InfoPlistKey> {
        let main = self
            .bundles
            .iter()
            .find(|b| b.kind == AppleBundleKind::App)
            .or(self.bundles.first())?;
        self.info_plist_keys
            .iter()
            .find(|k| k.owner == main.path && k.key == key)
    }

    /// The signing team: the `com.apple.developer.team-identifier` entitlement of the code
    /// signature or provisioning profile, else the prefix of `application-identifier`
    /// (`TEAMID.com.example.app`).
    pub fn team_id(&self) -> Option<&str> {
        let value = |key: &str| {
            self.entitlements
                .iter()
                .filter(|e| e.key == key)
                .find_map(|e| e.value.as_str())
        };
        value("com.apple.developer.team-identifier").or_else(|| {
            value("application-identifier")
                .and_then(|id| id.split_once('.'))
                .map(|(team, _)| team)
        })
    }

    /// Usage descriptions for `key` in every locale.
    pub fn usage_description<'a>(
        &'a self,
        key: &'a str,
    ) -> impl Iterator<Item = &'a UsageDescription> + 'a {
        self.usage_descriptions.iter().filter(move |u| u.key == key)
    }
}

/// What kind of bundle directory a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AppleBundleKind {
    /// An `.app` (the main app, or a watch / App Clip app inside it).
    App,
    /// An app extension (`.appex`).
    Extension,
    /// A `.framework`.
    Framework,
    /// A resource bundle (`.bundle`).
    ResourceBundle,
    /// An `.xcarchive`.
    Archive,
    /// An `.xcframework`.
    Xcframework,
}

/// One bundle directory with the identity its Info.plist gives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppleBundle {
    /// The directory inside the bundle (`Payload/Shop.app/PlugIns/Widget.appex`).
    pub path: String,
    pub kind: AppleBundleKind,
    /// `CFBundleIdentifier`.
    pub bundle_id: Option<String>,
    /// `CFBundleShortVersionString`.
    pub version: Option<String>,
    /// `CFBundleVersion`.
    pub build: Option<String>,
    /// The executable (`CFBundleExecutable`) when the bundle holds it.
    pub executable: Option<String>,
    /// The Info.plist, when the bundle has one.
    pub location: Location,
}

/// A top-level Info.plist key and its value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InfoPlistKey {
    /// The bundle directory the Info.plist belongs to.
    pub owner: String,
    pub key: String,
    pub value: PlistValue,
    /// `file` the Info.plist, `locator` `key NAME`.
    pub location: Location,
}

impl InfoPlistKey {
    /// The value as a boolean, read as the platform reads it (see [`PlistValue::as_bool`]).
    pub fn as_bool(&self) -> Option<bool> {
        self.value.as_bool()
    }

    pub fn as_str(&self) -> Option<&str> {
        self.value.as_str()
    }
}

/// A usage description (`NSUserTrackingUsageDescription`, `NSCameraUsageDescription`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UsageDescription {
    pub owner: String,
    pub key: String,
    /// `None` for the Info.plist's own value, else the `.lproj` name without its extension
    /// (`fr`, `pt-BR`, `Base`).
    pub locale: Option<String>,
    pub value: String,
    pub location: Location,
}

/// A `PrivacyInfo.xcprivacy` and its owner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrivacyManifestFact {
    /// The bundle directory that holds the manifest (the app, a framework, a resource bundle).
    pub owner: String,
    pub owner_kind: AppleBundleKind,
    /// The typed manifest; `None` when it could not be read (the reason is in `facts.errors`
    /// and in `error`).
    pub manifest: Option<PrivacyManifest>,
    pub error: Option<String>,
    pub location: Location,
}

/// Where an entitlement was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntitlementSource {
    /// `embedded.mobileprovision`'s `Entitlements`.
    ProvisioningProfile,
    /// The executable's code signature (the XML entitlements blob).
    CodeSignature,
}

/// One entitlement key and its value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entitlement {
    /// The bundle the profile or executable belongs to.
    pub owner: String,
    pub source: EntitlementSource,
    pub key: String,
    pub value: PlistValue,
    /// `file` the profile or executable, `locator` `entitlement KEY`.
    pub location: Location,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FrameworkKind {
    Framework,
    Dylib,
}

/// An embedded framework or dylib.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EmbeddedFramework {
    /// The app, extension or `.xcframework` that embeds it.
    pub owner: String,
    /// `AppsFlyerLib` (the directory name without `.framework`, or the dylib's file name).
    pub name: String,
    /// `Payload/Shop.app/Frameworks/AppsFlyerLib.framework`.
    pub path: String,
    pub kind: FrameworkKind,
    pub bundle_id: Option<String>,
    /// `CFBundleShortVersionString` of its Info.plist.
    pub version: Option<String>,
    /// Whether a `PrivacyInfo.xcprivacy` lies anywhere inside it.
    pub has_privacy_manifest: bool,
    /// The framework's Info.plist (or the dylib itself).
    pub location: Location,
}

/// An app extension (`PlugIns/*.appex`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppExtension {
    pub owner: String,
    pub path: String,
    pub bundle_id: Option<String>,
    pub version: Option<String>,
    /// `NSExtension.NSExtensionPointIdentifier` (`com.apple.widgetkit-extension`).
    pub extension_point: Option<String>,
    pub location: Location,
}

/// One entry of an `.xcframework`'s `AvailableLibraries`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct XcframeworkLibrary {
    /// `LibraryIdentifier` (`ios-arm64_x86_64-simulator`).
    pub identifier: String,
    /// `LibraryPath` (`AppsFlyerLib.framework`, `libX.a`).
    pub library_path: String,
    /// `SupportedPlatform` (`ios`).
    pub platform: Option<String>,
    /// `SupportedPlatformVariant` (`simulator`, `maccatalyst`).
    pub variant: Option<String>,
    /// `SupportedArchitectures`.
    pub architectures: Vec<String>,
    pub location: Location,
}

/// A privacy manifest's keys, typed by `apple::privacy_manifest` (which produces this type).
/// A typed privacy manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PrivacyManifest {
    /// `NSPrivacyTracking`; `None` when the key is absent.
    pub tracking: Option<bool>,
    /// `NSPrivacyTrackingDomains`.
    pub tracking_domains: Vec<String>,
    /// `NSPrivacyCollectedDataTypes`.
    pub collected_data_types: Vec<CollectedDataType>,
    /// `NSPrivacyAccessedAPITypes`.
    pub accessed_api_types: Vec<AccessedApiType>,
    /// Known keys whose value had the wrong type and was skipped.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

/// One entry of `NSPrivacyCollectedDataTypes`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CollectedDataType {
    /// `NSPrivacyCollectedDataType` (`NSPrivacyCollectedDataTypeDeviceID`).
    pub data_type: String,
    /// `NSPrivacyCollectedDataTypeLinked`.
    pub linked: Option<bool>,
    /// `NSPrivacyCollectedDataTypeTracking`.
    pub tracking: Option<bool>,
    /// `NSPrivacyCollectedDataTypePurposes` (`NSPrivacyCollectedDataTypePurposeThirdPartyAdvertising`).
    pub purposes: Vec<String>,
}

/// One entry of `NSPrivacyAccessedAPITypes`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AccessedApiType {
    /// `NSPrivacyAccessedAPIType` (`NSPrivacyAccessedAPICategoryUserDefaults`).
    pub api_type: String,
    /// `NSPrivacyAccessedAPITypeReasons` (`CA92.1`).
    pub reasons: Vec<String>,
}
