//! iOS extraction: Info.plists, localized `InfoPlist.strings`, privacy manifests, entitlements
//! (provisioning profiles and code signatures), embedded frameworks, app extensions and
//! `.xcframework` slices. Mach-O contents are [`read_binary`]'s.
//!
//! Every file belongs to the innermost bundle directory around it (`.app`, `.appex`,
//! `.framework`, `.bundle`, or the `.xcarchive` / `.xcframework` at the top): that directory is
//! the fact's owner. Info.plists are read first (they name the executables); the other metadata
//! files are then read and parsed in parallel; results are merged in name order, so the facts do
//! not depend on thread scheduling. A file that cannot be read or parsed is a `facts.errors`
//! entry (a privacy manifest also stays listed, as unreadable); only a bundle limit, or an app
//! whose own Info.plist is unreadable, ends the analysis.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;

use super::{ExtractError, ExtractOptions};
use crate::apple::plist::{self, PlistValue};
use crate::apple::{entitlements, privacy_manifest, strings_file};
use crate::bundle::{BundleError, IosBundle, IosKind};
use crate::facts::apple_metadata::{
    AppExtension, AppleBundle, AppleBundleKind, EmbeddedFramework, Entitlement, EntitlementSource,
    FrameworkKind, InfoPlistKey, PrivacyManifestFact, UsageDescription, XcframeworkLibrary,
    is_template_version,
};
use crate::facts::{BundleFormat, Facts, Location, Platform, ReadError};

const PRIVACY_MANIFEST: &str = "PrivacyInfo.xcprivacy";

/// Read a Mach-O file of the bundle: an app's binaries by their arm64 slice (what an iPhone
/// runs), a vendor artifact's (`.framework`, `.xcframework`) every slice. The app's own binaries
/// (outside every `*.framework/`: the main executable and app extensions) have their code walked
/// for the calls `options` asks for; frameworks are the SDKs' own code.
fn read_binary(facts: &mut Facts, file: &str, bytes: &[u8], options: &ExtractOptions) {
    let all_slices = matches!(
        facts.format,
        BundleFormat::Framework | BundleFormat::Xcframework
    );
    let app_own = !all_slices && !file.split('/').any(|seg| seg.ends_with(".framework"));
    let calls = app_own.then_some(&options.ios_call_filter);
    super::macho::extract_binary(facts, file, bytes, all_slices, calls);
}

fn kind_of_dir(component: &str) -> Option<AppleBundleKind> {
    let ext = component.rsplit_once('.')?.1;
    Some(match ext {
        "app" => AppleBundleKind::App,
        "appex" => AppleBundleKind::Extension,
        "framework" => AppleBundleKind::Framework,
        "bundle" => AppleBundleKind::ResourceBundle,
        "xcarchive" => AppleBundleKind::Archive,
        "xcframework" => AppleBundleKind::Xcframework,
        _ => return None,
    })
}

/// The bundle directories of an iOS bundle and which one owns each file.
struct Layout {
    /// Directory → kind.
    dirs: BTreeMap<String, AppleBundleKind>,
}

impl Layout {
    fn new(bundle: &IosBundle) -> Self {
        let mut dirs = BTreeMap::new();
        let root_kind = match format_of(bundle) {
            BundleFormat::Xcarchive => AppleBundleKind::Archive,
            BundleFormat::Xcframework => AppleBundleKind::Xcframework,
            BundleFormat::Framework => AppleBundleKind::Framework,
            _ => AppleBundleKind::App,
        };
        dirs.insert(bundle.root().to_string(), root_kind);
        for name in bundle.names() {
            let Some(inner) = name.strip_prefix(bundle.root()) else {
                continue;
            };
            let mut end = bundle.root().len();
            // Walk the directories of `name` below the root (not its file name).
            let parts: Vec<&str> = inner.split('/').collect();
            for part in &parts[..parts.len().saturating_sub(1)] {
                if !part.is_empty() {
                    end += 1;
                }
                end += part.len();
                if let Some(kind) = kind_of_dir(part) {
                    dirs.entry(name[..end].to_string()).or_insert(kind);
                }
            }
        }
        Self { dirs }
    }

    /// The innermost bundle directory holding `name`.
    fn owner(&self, name: &str) -> Option<(&str, AppleBundleKind)> {
        let mut best: Option<(&str, AppleBundleKind)> = None;
        for (dir, kind) in &self.dirs {
            if name.len() > dir.len()
                && name.starts_with(dir.as_str())
                && name.as_bytes()[dir.len()] == b'/'
                && best.is_none_or(|(b, _)| dir.len() > b.len())
            {
                best = Some((dir, *kind));
            }
        }
        best
    }

    /// The Info.plist of the bundle directory `dir`, if present.
    fn info_plist<'a>(&self, dir: &str, names: &'a [String]) -> Option<&'a str> {
        [
            format!("{dir}/Info.plist"),
            format!("{dir}/Resources/Info.plist"),
        ]
        .into_iter()
        .find_map(|n| names.binary_search(&n).ok().map(|i| names[i].as_str()))
    }
}

/// An Info.plist's dictionary, or why it could not be read.
type InfoResult = Result<BTreeMap<String, PlistValue>, String>;

/// What one metadata file turned out to hold.
enum Parsed {
    Strings(strings_file::StringsFile),
    Privacy(Result<privacy_manifest::PrivacyManifest, String>),
    Profile(entitlements::ProvisioningProfile),
    Failed(String),
}

/// Read one entry: its bytes, or the error to record (fatal errors are returned).
fn read(
    bundle: &IosBundle,
    name: &str,
) -> Result<Result<crate::bundle::ios::EntryBytes, String>, BundleError> {
    match bundle.read(name) {
        Ok(b) => Ok(Ok(b)),
        Err(err) if err.is_fatal() => Err(err),
        Err(BundleError::Entry { message, .. }) => Ok(Err(message)),
        Err(err) => Err(err),
    }
}

pub(super) fn extract(
    path: &Path,
    bundle: &IosBundle,
    options: &ExtractOptions,
) -> Result<Facts, ExtractError> {
    let mut facts = Facts::new(path.display().to_string(), Platform::Ios, format_of(bundle));
    for (file, why) in bundle.skipped() {
        facts.errors.push(ReadError {
            file: file.clone(),
            message: why.clone(),
        });
    }
    let names = bundle.names();
    let layout = Layout::new(bundle);

    // 1. Info.plists, in parallel: they name the executables and give the bundles' identity.
    let infos: Vec<(String, AppleBundleKind, Option<String>)> = layout
        .dirs
        .iter()
        .map(|(dir, kind)| {
            (
                dir.clone(),
                *kind,
                layout.info_plist(dir, names).map(str::to_owned),
            )
        })
        .collect();
    let parsed_infos: Vec<Result<Option<InfoResult>, BundleError>> = infos
        .par_iter()
        .map(|(_, _, info)| {
            let Some(info) = info else { return Ok(None) };
            Ok(Some(match read(bundle, info)? {
                Ok(bytes) => plist::parse_dict(bytes.as_ref()).map_err(|e| e.to_string()),
                Err(message) => Err(message),
            }))
        })
        .collect();
    let main_app = main_app(bundle, &layout);
    let mut plists: BTreeMap<String, BTreeMap<String, PlistValue>> = BTreeMap::new();
    for ((dir, kind, info), parsed) in infos.iter().zip(parsed_infos) {
        let info_file = info.clone().unwrap_or_else(|| dir.clone());
        let dict = match parsed? {
            Some(Ok(dict)) => dict,
            Some(Err(message)) => {
                if main_app.as_deref() == Some(dir.as_str()) {
                    return Err(ExtractError::Unreadable {
                        path: path.to_path_buf(),
                        entry: info_file,
                        message,
                    });
                }
                facts.errors.push(ReadError {
                    file: info_file.clone(),
                    message,
                });
                BTreeMap::new()
            }
            None => BTreeMap::new(),
        };
        let text = |k: &str| dict.get(k).and_then(PlistValue::as_str).map(str::to_owned);
        // A framework without an Info.plist (common in vendor static frameworks) names its
        // binary after itself: `X.framework/X`.
        let executable = text("CFBundleExecutable")
            .or_else(|| {
                (*kind == AppleBundleKind::Framework)
                    .then(|| dir_name(dir).trim_end_matches(".framework").to_owned())
            })
            .map(|e| format!("{dir}/{e}"));
        facts.apple.bundles.push(AppleBundle {
            path: dir.clone(),
            kind: *kind,
            bundle_id: text("CFBundleIdentifier"),
            version: text("CFBundleShortVersionString"),
            build: text("CFBundleVersion"),
            executable: executable.filter(|e| names.binary_search(e).is_ok()),
            location: Location::new(info_file.clone(), "Info.plist"),
        });
        let top = dir == bundle.root();
        if matches!(
            kind,
            AppleBundleKind::App | AppleBundleKind::Extension | AppleBundleKind::Archive
        ) || top
        {
            for (key, value) in &dict {
                facts.apple.info_plist_keys.push(InfoPlistKey {
                    owner: dir.clone(),
                    key: key.clone(),
                    value: value.clone(),
                    location: Location::new(info_file.clone(), format!("key {key}")),
                });
                if key.ends_with("UsageDescription")
                    && let Some(v) = value.as_str()
                {
                    facts.apple.usage_descriptions.push(UsageDescription {
                        owner: dir.clone(),
                        key: key.clone(),
                        locale: None,
                        value: v.to_owned(),
                        location: Location::new(info_file.clone(), format!("key {key}")),
                    });
                }
            }
        }
        if main_app.as_deref() == Some(dir.as_str()) {
            facts.app.id = text("CFBundleIdentifier");
            facts.app.label = text("CFBundleDisplayName").or_else(|| text("CFBundleName"));
            facts.app.version = text("CFBundleShortVersionString");
            facts.app.version_code = text("CFBundleVersion");
            facts.app.min_os = text("MinimumOSVersion").or_else(|| text("LSMinimumSystemVersion"));
            facts.app.target_os = text("DTPlatformVersion");
            facts.manifest_file = info.clone();
        }
        if *kind == AppleBundleKind::Xcframework && top {
            add_xcframework_libraries(&mut facts, &dict, &info_file);
        }
        if *kind == AppleBundleKind::Extension {
            facts.apple.extensions.push(AppExtension {
                owner: layout
                    .owner(dir)
                    .map(|(o, _)| o.to_owned())
                    .unwrap_or_default(),
                path: dir.clone(),
                bundle_id: text("CFBundleIdentifier"),
                version: text("CFBundleShortVersionString"),
                extension_point: dict
                    .get("NSExtension")
                    .and_then(|n| n.get("NSExtensionPointIdentifier"))
                    .and_then(PlistValue::as_str)
                    .map(str::to_owned),
                location: Location::new(info_file.clone(), "key NSExtension"),
            });
        }
        plists.insert(dir.clone(), dict);
    }

    // 2. Strings tables, privacy manifests and provisioning profiles, in parallel.
    let metadata: Vec<&String> = names
        .iter()
        .filter(|n| {
            let file = n.rsplit('/').next().unwrap_or(n);
            file == PRIVACY_MANIFEST
                || (file == "embedded.mobileprovision" && layout.owner(n).is_some())
                || (file == "InfoPlist.strings" && lproj_of(n, &layout).is_some())
        })
        .collect();
    let parsed: Vec<Result<Parsed, BundleError>> = metadata
        .par_iter()
        .map(|name| {
            let bytes = match read(bundle, name)? {
                Ok(b) => b,
                Err(message) => return Ok(Parsed::Failed(message)),
            };
            let bytes = bytes.as_ref();
            Ok(if name.ends_with(PRIVACY_MANIFEST) {
                Parsed::Privacy(privacy_manifest::parse(bytes).map_err(|e| e.to_string()))
            } else if name.ends_with(".mobileprovision") {
                match entitlements::parse_provisioning_profile(bytes) {
                    Ok(p) => Parsed::Profile(p),
                    Err(e) => Parsed::Failed(e.to_string()),
                }
            } else {
                match strings_file::parse(bytes) {
                    Ok(s) => Parsed::Strings(s),
                    Err(e) => Parsed::Failed(e.to_string()),
                }
            })
        })
        .collect();
    for (name, parsed) in metadata.into_iter().zip(parsed) {
        let (owner, owner_kind) = layout
            .owner(name)
            .map(|(o, k)| (o.to_owned(), k))
            .unwrap_or_else(|| (bundle.root().to_owned(), AppleBundleKind::App));
        let parsed = parsed?;
        if name.ends_with(PRIVACY_MANIFEST) {
            let (manifest, error) = match parsed {
                Parsed::Privacy(Ok(m)) => {
                    for p in &m.problems {
                        facts.errors.push(ReadError {
                            file: name.clone(),
                            message: p.clone(),
                        });
                    }
                    (Some(m), None)
                }
                Parsed::Privacy(Err(e)) | Parsed::Failed(e) => (None, Some(e)),
                _ => (None, None),
            };
            if let Some(e) = &error {
                facts.errors.push(ReadError {
                    file: name.clone(),
                    message: e.clone(),
                });
            }
            facts.apple.privacy_manifests.push(PrivacyManifestFact {
                owner,
                owner_kind,
                manifest,
                error,
                location: Location::new(name.clone(), PRIVACY_MANIFEST),
            });
            continue;
        }
        match parsed {
            Parsed::Failed(message) => facts.errors.push(ReadError {
                file: name.clone(),
                message,
            }),
            Parsed::Profile(profile) => {
                for (key, value) in profile.entitlements {
                    facts.apple.entitlements.push(Entitlement {
                        owner: owner.clone(),
                        source: EntitlementSource::ProvisioningProfile,
                        location: Location::new(name.clone(), format!("entitlement {key}")),
                        key,
                        value,
                    });
                }
            }
            Parsed::Strings(table) => {
                let locale = lproj_of(name, &layout).unwrap_or_default();
                for entry in table.entries {
                    if !entry.key.ends_with("UsageDescription") {
                        continue;
                    }
                    let locator = match entry.line {
                        Some(line) => format!("key {} (line {line})", entry.key),
                        None => format!("key {}", entry.key),
                    };
                    facts.apple.usage_descriptions.push(UsageDescription {
                        owner: owner.clone(),
                        key: entry.key,
                        locale: Some(locale.clone()),
                        value: entry.value,
                        location: Location::new(name.clone(), locator),
                    });
                }
            }
            Parsed::Privacy(_) => {}
        }
    }

    // 3. Frameworks and dylibs.
    let manifest_dirs: BTreeSet<&str> = facts
        .apple
        .privacy_manifests
        .iter()
        .map(|m| m.location.file.as_str())
        .collect();
    for (dir, kind) in &layout.dirs {
        if *kind != AppleBundleKind::Framework {
            continue;
        }
        let dict = plists.get(dir);
        let text = |k: &str| {
            dict.and_then(|d| d.get(k))
                .and_then(PlistValue::as_str)
                .map(str::to_owned)
        };
        let prefix = format!("{dir}/");
        let (version, version_key) =
            framework_version(text("CFBundleShortVersionString"), text("CFBundleVersion"));
        facts.apple.frameworks.push(EmbeddedFramework {
            owner: layout
                .owner(dir)
                .map(|(o, _)| o.to_owned())
                .unwrap_or_else(|| dir.clone()),
            name: dir_name(dir).trim_end_matches(".framework").to_owned(),
            path: dir.clone(),
            kind: FrameworkKind::Framework,
            bundle_id: text("CFBundleIdentifier"),
            version,
            has_privacy_manifest: manifest_dirs.iter().any(|m| m.starts_with(&prefix)),
            location: match layout.info_plist(dir, names) {
                Some(info) => Location::new(info.to_owned(), format!("key {version_key}")),
                None => Location::new(dir.clone(), "framework directory (no Info.plist)"),
            },
        });
    }
    for name in names {
        let Some((owner, AppleBundleKind::App | AppleBundleKind::Extension)) = layout.owner(name)
        else {
            continue;
        };
        if name.ends_with(".dylib") && name[owner.len()..].starts_with("/Frameworks/") {
            facts.apple.frameworks.push(EmbeddedFramework {
                owner: owner.to_owned(),
                name: dir_name(name).to_owned(),
                path: name.clone(),
                kind: FrameworkKind::Dylib,
                bundle_id: None,
                version: None,
                has_privacy_manifest: false,
                location: Location::new(name.clone(), "dylib"),
            });
        }
    }

    // 4. Binaries: executables of every bundle, dylibs, static libraries of xcframework slices.
    let mut binaries: BTreeSet<(String, bool)> = BTreeSet::new();
    for b in &facts.apple.bundles {
        if let Some(exe) = &b.executable {
            let signed = matches!(b.kind, AppleBundleKind::App | AppleBundleKind::Extension);
            binaries.insert((exe.clone(), signed));
        }
    }
    for f in &facts.apple.frameworks {
        if f.kind == FrameworkKind::Dylib {
            binaries.insert((f.path.clone(), false));
        }
    }
    if format_of(bundle) == BundleFormat::Xcframework {
        for name in names {
            if name.ends_with(".a") {
                binaries.insert((name.clone(), false));
            }
        }
    }
    for (file, signed) in binaries {
        let bytes = match read(bundle, &file)? {
            Ok(b) => b,
            Err(message) => {
                facts.errors.push(ReadError { file, message });
                continue;
            }
        };
        if signed {
            add_signature_entitlements(&mut facts, &layout, &file, bytes.as_ref());
        }
        read_binary(&mut facts, &file, bytes.as_ref(), options);
    }

    sort(&mut facts);
    Ok(facts)
}

/// The app whose identity is the bundle's: the IPA's or `.app`'s root, the first app of an
/// archive's `Products/Applications/`, or a `.framework` itself.
fn main_app(bundle: &IosBundle, layout: &Layout) -> Option<String> {
    match format_of(bundle) {
        BundleFormat::Xcarchive => {
            let apps = format!("{}/Products/Applications/", bundle.root());
            layout
                .dirs
                .iter()
                .find(|(d, k)| {
                    **k == AppleBundleKind::App
                        && d.strip_prefix(&apps).is_some_and(|r| !r.contains('/'))
                })
                .map(|(d, _)| d.clone())
        }
        BundleFormat::Xcframework => None,
        _ => Some(bundle.root().to_owned()),
    }
}

/// `fr` for `…/Shop.app/fr.lproj/InfoPlist.strings` directly inside an app or extension.
fn lproj_of(name: &str, layout: &Layout) -> Option<String> {
    let (owner, kind) = layout.owner(name)?;
    if !matches!(kind, AppleBundleKind::App | AppleBundleKind::Extension) {
        return None;
    }
    let rest = name[owner.len()..].strip_prefix('/')?;
    let (dir, file) = rest.split_once('/')?;
    (file == "InfoPlist.strings")
        .then(|| dir.strip_suffix(".lproj").map(str::to_owned))
        .flatten()
}

fn dir_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn add_xcframework_libraries(
    facts: &mut Facts,
    dict: &BTreeMap<String, PlistValue>,
    info_file: &str,
) {
    let Some(libs) = dict
        .get("AvailableLibraries")
        .and_then(PlistValue::as_array)
    else {
        facts.errors.push(ReadError {
            file: info_file.to_owned(),
            message: "an .xcframework Info.plist without an AvailableLibraries array".into(),
        });
        return;
    };
    for (i, lib) in libs.iter().enumerate() {
        let text = |k: &str| lib.get(k).and_then(PlistValue::as_str).map(str::to_owned);
        let (Some(identifier), Some(library_path)) =
            (text("LibraryIdentifier"), text("LibraryPath"))
        else {
            facts.errors.push(ReadError {
                file: info_file.to_owned(),
                message: format!("AvailableLibraries[{i}] lacks LibraryIdentifier or LibraryPath"),
            });
            continue;
        };
        facts.apple.xcframework_libraries.push(XcframeworkLibrary {
            location: Location::new(info_file, format!("AvailableLibraries {identifier}")),
            identifier,
            library_path,
            platform: text("SupportedPlatform"),
            variant: text("SupportedPlatformVariant"),
            architectures: lib
                .get("SupportedArchitectures")
                .and_then(PlistValue::as_array)
                .unwrap_or_default()
                .iter()
                .filter_map(PlistValue::as_str)
                .map(str::to_owned)
                .collect(),
        });
    }
}

/// Entitlements from the executable's code signature, if it is signed with any.
fn add_signature_entitlements(facts: &mut Facts, layout: &Layout, file: &str, bytes: &[u8]) {
    let owner = layout
        .owner(file)
        .map(|(o, _)| o.to_owned())
        .unwrap_or_default();
    let xml = entitlements::code_signature(bytes)
        .map_err(|e| e.to_string())
        .and_then(|sig| match sig {
            None => Ok(None),
            Some(sig) => entitlements::parse_superblob(sig)
                .map(|sb| sb.entitlements_xml())
                .map_err(|e| format!("code signature: {e}")),
        });
    let dict = match xml {
        Ok(None) => return,
        Ok(Some(xml)) => plist::parse_dict(xml).map_err(|e| format!("entitlements blob: {e}")),
        Err(e) => Err(e),
    };
    match dict {
        Ok(dict) => {
            for (key, value) in dict {
                facts.apple.entitlements.push(Entitlement {
                    owner: owner.clone(),
                    source: EntitlementSource::CodeSignature,
                    location: Location::new(file, format!("entitlement {key}")),
                    key,
                    value,
                });
            }
        }
        Err(message) => facts.errors.push(ReadError {
            file: file.to_owned(),
            message,
        }),
    }
}

fn sort(facts: &mut Facts) {
    let a = &mut facts.apple;
    a.bundles.sort_by(|x, y| x.path.cmp(&y.path));
    a.info_plist_keys
        .sort_by(|x, y| (&x.owner, &x.key).cmp(&(&y.owner, &y.key)));
    a.usage_descriptions.sort_by(|x, y| {
        (&x.owner, &x.key, &x.locale, &x.location).cmp(&(&y.owner, &y.key, &y.locale, &y.location))
    });
    a.privacy_manifests
        .sort_by(|x, y| x.location.file.cmp(&y.location.file));
    a.entitlements.sort_by(|x, y| {
        (&x.owner, x.source, &x.key, &x.location).cmp(&(&y.owner, y.source, &y.key, &y.location))
    });
    a.frameworks.sort_by(|x, y| x.path.cmp(&y.path));
    a.extensions.sort_by(|x, y| x.path.cmp(&y.path));
    facts.apple_binaries.sort_by(|x, y| x.path.cmp(&y.path));
}

/// The facts' name for the kind of iOS bundle the reader opened.
fn format_of(bundle: &IosBundle) -> BundleFormat {
    match bundle.kind() {
        IosKind::Ipa => BundleFormat::Ipa,
        IosKind::App => BundleFormat::App,
        IosKind::Xcarchive => BundleFormat::Xcarchive,
        IosKind::Framework => BundleFormat::Framework,
        IosKind::Xcframework => BundleFormat::Xcframework,
    }
}

/// A framework's version: its `CFBundleShortVersionString`, unless that is Xcode's template
/// default `1.0` while `CFBundleVersion` is a dotted release number, as in Facebook's pre-5
/// frameworks (FBSDKCoreKit.framework of cordova-plugin-facebook4@1.9.1: short version `1.0`,
/// bundle version `4.22.1`, and `4.22.1` is the SDK's own version string in its binary). Returns
/// the version and the key it came from. `1.0` in both keys, or `1.0` and no (or an empty)
/// `CFBundleVersion`, is the template left as it was, not a release: FBAudienceNetwork.framework
/// of cordova-facebook-audnet-sdk@4.26.2 says `1.0` / `1.0` while its binary says `4.26.0`
/// everywhere, and FBSDKCoreKit.framework of react-native-facebook-login@1.6.2 says `1.0` / `""`
/// while its binary says `4.7.0`; that gives no version. So does `1.0` / `1`, the values of Xcode's
/// framework template (`MARKETING_VERSION` / `CURRENT_PROJECT_VERSION`): Flurry_iOS_SDK.xcframework
/// 12.4.0 (github.com/flurry/flurry-ios-sdk@da049b6, its CHANGELOG "Version 12.4.0") and
/// VungleSDK.framework 3.2.0 (github.com/Vungle/iOS-SDK@8a046a0, its binary "3.2.0") both say
/// `1.0` / `1`. A `CFBundleVersion` that is the short version plus one patch number (one or two
/// digits) is the same release, said more precisely: Snap Kit 1.1.5's SCSDKCoreKit and
/// SCSDKCreativeKit frameworks say `1.1` / `1.1.5` (the app's Podfile.lock: `SnapSDK (1.1.5)`,
/// EmilyMattlin/SnapCreativeKitSDK@70d4cb9); a longer build number (`6.14.1234`) is a build counter
/// and keeps the short version.
fn framework_version(
    short: Option<String>,
    build: Option<String>,
) -> (Option<String>, &'static str) {
    let dotted = |v: &str| {
        v.split('.').count() >= 3
            && v.split('.')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    };
    match (short, build) {
        (Some(s), b)
            if is_template_version(&s)
                && b.as_deref()
                    .is_none_or(|b| b.is_empty() || is_template_version(b)) =>
        {
            (None, "CFBundleShortVersionString")
        }
        (Some(s), Some(b)) if is_template_version(&s) && dotted(&b) => (Some(b), "CFBundleVersion"),
        (Some(s), Some(b)) if patch_of(&s, &b) => (Some(b), "CFBundleVersion"),
        (short, _) => (short, "CFBundleShortVersionString"),
    }
}

/// `build` is `short` (two or three numbers) plus one patch number of one or two digits.
fn patch_of(short: &str, build: &str) -> bool {
    let numeric = |v: &str| {
        v.split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    };
    let parts = short.split('.').count();
    build
        .strip_prefix(short)
        .and_then(|rest| rest.strip_prefix('.'))
        .is_some_and(|patch| {
            (2..=3).contains(&parts)
                && numeric(short)
                && (1..=2).contains(&patch.len())
                && patch.bytes().all(|b| b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::framework_version;

    #[test]
    fn a_bundle_version_one_patch_past_the_short_version_is_the_release() {
        let v = |s: &str| Some(s.to_owned());
        // Snap Kit 1.1.5's frameworks: `1.1` / `1.1.5`.
        assert_eq!(
            framework_version(v("1.1"), v("1.1.5")),
            (v("1.1.5"), "CFBundleVersion")
        );
        assert_eq!(
            framework_version(v("2.3.1"), v("2.3.1.12")),
            (v("2.3.1.12"), "CFBundleVersion")
        );
        // Build counters, other releases and non-numbers keep the short version.
        for build in ["6.14.1234", "6.15.1", "6.14", "6.14.x", "6.14.", "6.141"] {
            assert_eq!(
                framework_version(v("6.14"), v(build)),
                (v("6.14"), "CFBundleShortVersionString"),
                "{build}"
            );
        }
        assert_eq!(
            framework_version(v("beta"), v("beta.1")),
            (v("beta"), "CFBundleShortVersionString")
        );
    }

    #[test]
    fn template_short_version_gives_way_to_a_dotted_bundle_version() {
        let v = |s: &str| Some(s.to_owned());
        assert_eq!(
            framework_version(v("1.0"), v("4.22.1")),
            (v("4.22.1"), "CFBundleVersion")
        );
        // A build number other than the template's keeps the short version.
        assert_eq!(
            framework_version(v("1.0"), v("7")),
            (v("1.0"), "CFBundleShortVersionString")
        );
        // Both keys at the template's values (`1.0` / `1.0` or `1.0` / `1`, as real Flurry 12.4
        // and Vungle 3.2 frameworks say), or `1.0` and no build: no version.
        for build in ["1.0", "1"] {
            assert_eq!(
                framework_version(v("1.0"), v(build)),
                (None, "CFBundleShortVersionString")
            );
        }
        for build in [None, v("")] {
            assert_eq!(
                framework_version(v("1.0"), build),
                (None, "CFBundleShortVersionString")
            );
        }
        assert_eq!(
            framework_version(v("1.0"), v("20190101.1")),
            (v("1.0"), "CFBundleShortVersionString")
        );
        assert_eq!(
            framework_version(v("6.14.3"), v("4.22.1")),
            (v("6.14.3"), "CFBundleShortVersionString")
        );
        assert_eq!(
            framework_version(None, v("4.22.1")),
            (None, "CFBundleShortVersionString")
        );
    }
}
