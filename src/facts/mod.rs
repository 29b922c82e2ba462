//! Facts: everything the inventory and the rules may know about a bundle.
//!
//! Extractors fill a [`Facts`] value from bytes; nothing downstream touches bytes again. Every item
//! carries a [`Location`] so that every SDK hit and every finding can show its evidence.

pub mod ad;
pub mod apple_binary;
pub mod apple_metadata;
pub mod code;
pub mod dependencies;
pub mod integrity;
pub mod library;
pub mod native;
pub mod ownership;
pub mod plist_value;
pub mod resources;
pub mod shared_str;
pub mod versions;

use serde::Serialize;

pub use shared_str::SharedStr;

/// Where a fact was found: the entry inside the bundle and a locator inside that entry.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// Entry path inside the bundle (`classes2.dex`), or the bundle itself for bare files.
    pub file: SharedStr,
    /// What inside the entry: `class Lcom/appsflyer/AppsFlyerLib;`, `uses-permission android.permission.INTERNET`.
    pub locator: SharedStr,
}

impl Location {
    /// Pass a [`SharedStr`] (cloned, not copied) where the same file or locator repeats.
    pub fn new(file: impl Into<SharedStr>, locator: impl Into<SharedStr>) -> Self {
        Self {
            file: file.into(),
            locator: locator.into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Android,
    Ios,
}

/// The packaging form of the bundle as recognised by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BundleFormat {
    Apk,
    /// An Android App Bundle (`base/manifest/AndroidManifest.xml` in protobuf form).
    Aab,
    /// A bundletool split set (`toc.pb` and split APKs).
    Apks,
    /// An `.xapk` (split APKs plus `manifest.json`).
    Xapk,
    /// A directory of split APKs.
    ApkDir,
    /// An iOS `.ipa` (`Payload/*.app`).
    Ipa,
    /// An iOS `.app` directory.
    App,
    /// An `.xcarchive` directory.
    Xcarchive,
    /// A vendor `.framework` directory.
    Framework,
    /// A vendor `.xcframework` directory.
    Xcframework,
    /// A static library (`.a`), thin or fat.
    StaticLibrary,
    /// A bare Mach-O binary.
    MachO,
    /// A bare `AndroidManifest.xml`, binary or text.
    Manifest,
    /// A bare `.dex` file.
    Dex,
    /// An Android library (`.aar`).
    Aar,
    /// A Java archive (`.jar`).
    Jar,
}

impl BundleFormat {
    /// The name used in reports, as in JSON (`apk`, `xcframework`).
    pub fn as_str(self) -> &'static str {
        match self {
            BundleFormat::Apk => "apk",
            BundleFormat::Aab => "aab",
            BundleFormat::Apks => "apks",
            BundleFormat::Xapk => "xapk",
            BundleFormat::ApkDir => "apk-dir",
            BundleFormat::Ipa => "ipa",
            BundleFormat::App => "app",
            BundleFormat::Xcarchive => "xcarchive",
            BundleFormat::Framework => "framework",
            BundleFormat::Xcframework => "xcframework",
            BundleFormat::StaticLibrary => "static-library",
            BundleFormat::MachO => "mach-o",
            BundleFormat::Manifest => "manifest",
            BundleFormat::Dex => "dex",
            BundleFormat::Aar => "aar",
            BundleFormat::Jar => "jar",
        }
    }
}

/// App identity as the JSON contract's `app` object shows it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AppIdentity {
    pub id: Option<String>,
    /// The name the launcher shows: Android `<application android:label>` (a string resource
    /// resolved to its default value), iOS `CFBundleDisplayName` or `CFBundleName`.
    pub label: Option<String>,
    pub version: Option<String>,
    pub version_code: Option<String>,
    pub min_os: Option<String>,
    pub target_os: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Permission {
    pub name: String,
    pub max_sdk_version: Option<u32>,
    pub location: Location,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetaDataFact {
    pub name: String,
    /// The value as text; a resource reference resolved to its default-configuration value.
    pub value: Option<String>,
    pub location: Location,
    /// The reference as written (`@0x7f060006`) when the value is one; `value` then holds what
    /// it resolves to in the default configuration, or the same text if it could not be
    /// resolved (no `resources.arsc`, a framework resource).
    pub reference: Option<String>,
}

/// The kind of an Android manifest component, named as its element is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ComponentKind {
    Activity,
    ActivityAlias,
    Service,
    Receiver,
    Provider,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentFact {
    pub kind: ComponentKind,
    pub name: String,
    pub location: Location,
}

/// A class seen in code. `defined` classes have a class_def in the bundle; the others are only
/// referenced (named in type_ids by code that calls or extends them).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ClassFact {
    /// Java binary name with dots: `com.appsflyer.AppsFlyerLib`, inner classes keep `$`.
    pub name: String,
    pub defined: bool,
    pub location: Location,
}

/// A string constant from code or resources.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StringFact {
    pub value: String,
    pub location: Location,
}

/// A part of the bundle that could not be read, and why. The rest of the result stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadError {
    pub file: String,
    pub message: String,
}

/// The APK Signature Scheme that carried a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SigningScheme {
    V1,
    V2,
    V3,
}

impl SigningScheme {
    pub fn as_str(self) -> &'static str {
        match self {
            SigningScheme::V1 => "v1",
            SigningScheme::V2 => "v2",
            SigningScheme::V3 => "v3",
        }
    }
}

/// A certificate the bundle is signed with (APK v1, v2 or v3), read, not verified.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SigningCertificate {
    pub scheme: SigningScheme,
    /// RFC 4514 text: `CN=Example,O=Example Corp,C=US`.
    pub subject: String,
    /// SHA-256 of the certificate (DER), lowercase hex.
    pub sha256: String,
    /// The signature file (`META-INF/CERT.RSA`) or `APK Signing Block`.
    pub location: Location,
}

/// Everything extracted from one bundle.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Facts {
    /// The bundle path as given on the command line.
    pub path: String,
    pub platform: Platform,
    pub format: BundleFormat,
    pub app: AppIdentity,
    /// Where the app identity came from (the manifest entry), if anywhere.
    pub manifest_file: Option<String>,
    pub permissions: Vec<Permission>,
    pub meta_data: Vec<MetaDataFact>,
    pub components: Vec<ComponentFact>,
    /// Sorted by name, then defined before referenced; a class defined in one DEX and referenced
    /// from another appears once, as defined.
    pub classes: Vec<ClassFact>,
    /// String constants from DEX string tables.
    pub strings: Vec<StringFact>,
    pub errors: Vec<ReadError>,
    /// SHA-256 of the bundle file, lowercase hex; `None` for a directory.
    pub sha256: Option<String>,
    /// The certificates an APK or AAB is signed with, v1 then v2 then v3.
    pub signing: Vec<SigningCertificate>,
    /// Resolved string resources (Android `resources.arsc` / `resources.pb`), every locale.
    pub string_resources: Vec<resources::StringResource>,
    /// Calls into SDK APIs found in bytecode or scripts, with their constant arguments.
    pub call_sites: Vec<code::CallSite>,
    /// Libraries the build metadata declares (an AAB's `dependencies.pb`).
    pub dependencies: Vec<dependencies::DeclaredDependency>,
    /// The modules of an AAB or the split APKs of a split set, base first.
    pub modules: Vec<dependencies::BundleModule>,
    /// Packaging anomalies: what a strict reader rejects but the platform accepts.
    pub anomalies: Vec<integrity::Anomaly>,
    /// Native libraries (`lib/<abi>/*.so`).
    pub native_libraries: Vec<native::NativeLibrary>,
    /// Tracking-style calls in JavaScript bundles (React Native), with their string arguments.
    pub script_calls: Vec<native::ScriptCall>,
    /// iOS binaries: Mach-O images with their load commands, symbols and ObjC metadata.
    pub apple_binaries: Vec<apple_binary::AppleBinary>,
    /// iOS metadata: Info.plist keys, usage strings, privacy manifests, entitlements, frameworks.
    pub apple: apple_metadata::AppleMetadata,
    /// Library version stamps (`META-INF/<group>_<artifact>.version` of an APK).
    pub version_files: Vec<versions::LibraryVersionFile>,
    /// An Android library's (`.aar`) `R.txt` resources and `proguard.txt` keep rules.
    pub library: library::LibraryFiles,
    /// Classes whose methods load DEX strings (Java names, each once), see `string_loaders`.
    #[serde(skip)]
    pub loader_classes: Vec<String>,
    /// `(index in strings, index in loader_classes)` for DEX strings some method loads: the first
    /// loading class. Strings no code loads are not listed.
    #[serde(skip)]
    pub string_loaders: Vec<(u32, u32)>,
    /// `(class, invoking class)` (Java names, sorted, each pair once) for classes that DEX code
    /// invokes but no DEX file defines, the platform's own aside: who refers to a class whose
    /// code is not there. `None` where no DEX bytecode was walked (hand-built facts, iOS).
    #[serde(skip)]
    pub invoked_undefined: Option<Vec<(String, String)>>,
    /// `(callee, caller)` in smali form: calls into any method of an SDK's classes from code
    /// outside them (see `extract::code::DexCode::sdk_invokes`), for [`Facts::app_calls`].
    #[serde(skip)]
    pub sdk_invokes: Vec<(shared_str::SharedStr, shared_str::SharedStr)>,
    /// Who owns each class, string, string resource and call site: the app or an SDK. Filled from
    /// the SDK database after extraction; empty (everything the app's) until then.
    pub ownership: ownership::Ownership,
}

impl Facts {
    pub fn new(path: impl Into<String>, platform: Platform, format: BundleFormat) -> Self {
        Self {
            path: path.into(),
            platform,
            format,
            app: AppIdentity::default(),
            manifest_file: None,
            permissions: Vec::new(),
            meta_data: Vec::new(),
            components: Vec::new(),
            classes: Vec::new(),
            strings: Vec::new(),
            errors: Vec::new(),
            sha256: None,
            signing: Vec::new(),
            string_resources: Vec::new(),
            call_sites: Vec::new(),
            dependencies: Vec::new(),
            modules: Vec::new(),
            anomalies: Vec::new(),
            native_libraries: Vec::new(),
            script_calls: Vec::new(),
            apple_binaries: Vec::new(),
            apple: apple_metadata::AppleMetadata::default(),
            version_files: Vec::new(),
            library: library::LibraryFiles::default(),
            loader_classes: Vec::new(),
            string_loaders: Vec::new(),
            invoked_undefined: None,
            sdk_invokes: Vec::new(),
            ownership: ownership::Ownership::default(),
        }
    }

    /// Whether the bundle is a whole app (APK, AAB, split set, IPA, `.app`, `.xcarchive`) rather
    /// than a part of one (a bare manifest, DEX or Mach-O, a vendor framework or library). Rules
    /// that report something *missing* from an app only speak for whole apps.
    pub fn is_app(&self) -> bool {
        matches!(
            self.format,
            BundleFormat::Apk
                | BundleFormat::Aab
                | BundleFormat::Apks
                | BundleFormat::Xapk
                | BundleFormat::ApkDir
                | BundleFormat::Ipa
                | BundleFormat::App
                | BundleFormat::Xcarchive
        )
    }

    pub fn has_permission(&self, name: &str) -> bool {
        self.permissions.iter().any(|p| p.name == name)
    }
}
