//! iOS bundles: exact facts on every iOS fixture (IPAs, `.app`, `.xcarchive`, `.framework`,
//! `.xcframework`), the real ld64.lld code signature, and bad input derived from the fixtures by
//! mutation (never a panic: a partial result with `errors`, or exit 2).

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use sdklint::apple::entitlements::{self, CmsError, ProfileError};
use sdklint::apple::plist::PlistError;
use sdklint::facts::Facts;
use sdklint::facts::apple_metadata::{AppleBundleKind, EntitlementSource, FrameworkKind};
use sdklint::{Options, facts};

fn read(path: &str) -> Facts {
    facts(Path::new(path), &Options::default()).unwrap()
}

fn usage(f: &Facts) -> Vec<(String, Option<String>, String)> {
    f.apple
        .usage_descriptions
        .iter()
        .map(|u| (u.key.clone(), u.locale.clone(), u.value.clone()))
        .collect()
}

fn tracking_usage(f: &Facts) -> Vec<(Option<&str>, &str)> {
    f.apple
        .usage_description("NSUserTrackingUsageDescription")
        .map(|u| (u.locale.as_deref(), u.value.as_str()))
        .collect()
}

const ATT_EN: &str = "Your data will be used to measure which ads brought you to Shop.";
const ATT_FR: &str = "Vos données servent à mesurer quelles \"publicités\" vous ont amené à Shop.";
const ATT_DE: &str =
    "Deine Daten werden verwendet, um zu messen, welche Werbung dich zu Shop gebracht hat.";

#[test]
fn shop_ipa_identity_usage_strings_per_locale() {
    let f = read("fixtures/shop.ipa");
    assert!(f.errors.is_empty(), "{:?}", f.errors);
    assert_eq!(f.format.as_str(), "ipa");
    assert_eq!(f.app.id.as_deref(), Some("com.example.shop"));
    assert_eq!(f.app.version.as_deref(), Some("2.3.0"));
    assert_eq!(f.app.version_code.as_deref(), Some("42"));
    assert_eq!(f.app.min_os.as_deref(), Some("14.0"));
    assert_eq!(f.app.target_os.as_deref(), Some("16.0"));
    assert_eq!(
        f.manifest_file.as_deref(),
        Some("Payload/Shop.app/Info.plist")
    );
    assert_eq!(
        tracking_usage(&f),
        vec![
            (None, ATT_EN),
            (Some("de"), ATT_DE),
            (Some("en"), ATT_EN),
            (Some("fr"), ATT_FR),
        ]
    );
    // Binary plist (de), UTF-8 text (en, with line numbers), UTF-16 text (fr).
    let locators: Vec<(&str, &str)> = f
        .apple
        .usage_description("NSUserTrackingUsageDescription")
        .map(|u| (u.location.file.as_str(), u.location.locator.as_str()))
        .collect();
    assert_eq!(
        locators,
        vec![
            (
                "Payload/Shop.app/Info.plist",
                "key NSUserTrackingUsageDescription"
            ),
            (
                "Payload/Shop.app/de.lproj/InfoPlist.strings",
                "key NSUserTrackingUsageDescription"
            ),
            (
                "Payload/Shop.app/en.lproj/InfoPlist.strings",
                "key NSUserTrackingUsageDescription (line 6)"
            ),
            (
                "Payload/Shop.app/fr.lproj/InfoPlist.strings",
                "key NSUserTrackingUsageDescription (line 3)"
            ),
        ]
    );
    assert_eq!(
        f.apple
            .usage_description("NSCameraUsageDescription")
            .filter_map(|u| u.locale.as_deref())
            .collect::<Vec<_>>(),
        vec!["de", "en", "fr"]
    );
    // Typed Info.plist values the rules need.
    let key = |k: &str| f.apple.main_info_key(k).map(|k| k.value.clone());
    assert_eq!(
        f.apple
            .main_info_key("NSAdvertisingAttributionReportEndpoint")
            .and_then(|k| k.as_str()),
        Some("https://appsflyer-skadnetwork.com/")
    );
    let skan: Vec<&str> = f
        .apple
        .main_info_key("SKAdNetworkItems")
        .and_then(|k| k.value.as_array())
        .unwrap()
        .iter()
        .filter_map(|i| i.get("SKAdNetworkIdentifier")?.as_str())
        .collect();
    assert_eq!(skan, ["cstr6suwn9.skadnetwork", "v9wttpbfk9.skadnetwork"]);
    assert_eq!(
        f.apple
            .main_info_key("LSRequiresIPhoneOS")
            .and_then(|k| k.as_bool()),
        Some(true)
    );
    assert_eq!(key("GADApplicationIdentifier"), None);
    assert_eq!(f.apple.info_plist_keys.len(), 19);
    assert!(
        f.apple
            .info_plist_keys
            .iter()
            .all(|k| k.owner == "Payload/Shop.app"
                && k.location.file == "Payload/Shop.app/Info.plist"
                && k.location.locator == format!("key {}", k.key))
    );
}

#[test]
fn shop_ipa_privacy_manifests_with_owners() {
    let f = read("fixtures/shop.ipa");
    let m: Vec<(&str, AppleBundleKind, Option<bool>, &[String])> = f
        .apple
        .privacy_manifests
        .iter()
        .map(|p| {
            let manifest = p.manifest.as_ref().unwrap();
            (
                p.owner.as_str(),
                p.owner_kind,
                manifest.tracking,
                manifest.tracking_domains.as_slice(),
            )
        })
        .collect();
    assert_eq!(
        m,
        vec![
            (
                "Payload/Shop.app/Frameworks/AppsFlyerLib.framework",
                AppleBundleKind::Framework,
                Some(true),
                &[
                    "https://att-launches.appsflyersdk.com".to_string(),
                    "https://att-conversions.appsflyersdk.com".to_string()
                ][..]
            ),
            (
                "Payload/Shop.app",
                AppleBundleKind::App,
                Some(true),
                &[][..]
            ),
            (
                "Payload/Shop.app/ShopKit_Privacy.bundle",
                AppleBundleKind::ResourceBundle,
                Some(false),
                &[][..]
            ),
        ]
    );
    let af = f.apple.privacy_manifests[0].manifest.as_ref().unwrap();
    assert_eq!(
        f.apple.privacy_manifests[0].location.file,
        "Payload/Shop.app/Frameworks/AppsFlyerLib.framework/PrivacyInfo.xcprivacy"
    );
    let device_id = &af.collected_data_types[0];
    assert_eq!(device_id.data_type, "NSPrivacyCollectedDataTypeDeviceID");
    assert_eq!(
        (device_id.linked, device_id.tracking),
        (Some(false), Some(true))
    );
    assert_eq!(
        device_id.purposes,
        [
            "NSPrivacyCollectedDataTypePurposeThirdPartyAdvertising",
            "NSPrivacyCollectedDataTypePurposeAnalytics"
        ]
    );
    assert_eq!(
        af.accessed_api_types[0].api_type,
        "NSPrivacyAccessedAPICategoryUserDefaults"
    );
    assert_eq!(af.accessed_api_types[0].reasons, ["CA92.1"]);
    let kit = f.apple.privacy_manifests[2].manifest.as_ref().unwrap();
    assert_eq!(kit.accessed_api_types[0].reasons, ["C617.1", "3B52.1"]);
}

#[test]
fn shop_ipa_frameworks_entitlements_binaries() {
    let f = read("fixtures/shop.ipa");
    assert_eq!(f.apple.frameworks.len(), 1);
    let fw = &f.apple.frameworks[0];
    assert_eq!(
        (
            fw.owner.as_str(),
            fw.name.as_str(),
            fw.path.as_str(),
            fw.kind,
            fw.bundle_id.as_deref(),
            fw.version.as_deref(),
            fw.has_privacy_manifest
        ),
        (
            "Payload/Shop.app",
            "AppsFlyerLib",
            "Payload/Shop.app/Frameworks/AppsFlyerLib.framework",
            FrameworkKind::Framework,
            Some("com.appsflyer.AppsFlyerLib"),
            Some("6.14.3"),
            true
        )
    );
    let ents: Vec<(&str, EntitlementSource, &str)> = f
        .apple
        .entitlements
        .iter()
        .map(|e| (e.owner.as_str(), e.source, e.key.as_str()))
        .collect();
    let profile = EntitlementSource::ProvisioningProfile;
    assert_eq!(
        ents,
        vec![
            ("Payload/Shop.app", profile, "application-identifier"),
            ("Payload/Shop.app", profile, "aps-environment"),
            (
                "Payload/Shop.app",
                profile,
                "com.apple.developer.team-identifier"
            ),
            ("Payload/Shop.app", profile, "get-task-allow"),
            ("Payload/Shop.app", profile, "keychain-access-groups"),
        ]
    );
    assert_eq!(
        f.apple.entitlements[0].location.file,
        "Payload/Shop.app/embedded.mobileprovision"
    );
    let bins: Vec<&str> = f.apple_binaries.iter().map(|b| b.path.as_str()).collect();
    assert_eq!(
        bins,
        [
            "Payload/Shop.app/Frameworks/AppsFlyerLib.framework/AppsFlyerLib",
            "Payload/Shop.app/Shop"
        ]
    );
}

#[test]
fn variants_without_att_untracked_and_healthkit() {
    let f = read("fixtures/shop-no-att.ipa");
    assert!(f.errors.is_empty());
    assert_eq!(tracking_usage(&f), vec![]);
    assert_eq!(
        usage(&f).iter().map(|u| u.0.as_str()).collect::<Vec<_>>(),
        vec!["NSCameraUsageDescription"; 4]
    );

    let f = read("fixtures/shop-untracked.ipa");
    let app = f
        .apple
        .privacy_manifests
        .iter()
        .find(|m| m.owner == "Payload/Shop.app")
        .unwrap();
    let app = app.manifest.as_ref().unwrap();
    assert_eq!(app.tracking, Some(false));
    assert_eq!(app.collected_data_types[0].tracking, Some(false));

    let f = read("fixtures/shop-health.ipa");
    assert!(f.errors.is_empty());
    let health: Vec<(&str, EntitlementSource, String)> = f
        .apple
        .entitlements
        .iter()
        .filter(|e| e.key.starts_with("com.apple.developer.healthkit"))
        .map(|e| (e.key.as_str(), e.source, format!("{:?}", e.value)))
        .collect();
    assert_eq!(
        health,
        vec![
            (
                "com.apple.developer.healthkit",
                EntitlementSource::ProvisioningProfile,
                "Bool(true)".into()
            ),
            (
                "com.apple.developer.healthkit.access",
                EntitlementSource::ProvisioningProfile,
                "Array([])".into()
            ),
        ]
    );
    assert_eq!(
        f.apple
            .usage_description("NSHealthShareUsageDescription")
            .map(|u| u.value.as_str())
            .collect::<Vec<_>>(),
        ["Shop reads your step count to suggest running shoes."]
    );
    // A boolean written as the string "NO" reads as false.
    assert_eq!(
        f.apple
            .main_info_key("FIREBASE_ANALYTICS_COLLECTION_ENABLED")
            .and_then(|k| k.as_bool()),
        Some(false)
    );
}

#[test]
fn app_directory_with_widget_extension() {
    let f = read("fixtures/ios/Shop.app");
    assert!(f.errors.is_empty(), "{:?}", f.errors);
    assert_eq!(f.format.as_str(), "app");
    assert_eq!(f.app.id.as_deref(), Some("com.example.shop"));
    assert_eq!(f.apple.extensions.len(), 1);
    let ext = &f.apple.extensions[0];
    assert_eq!(
        (
            ext.owner.as_str(),
            ext.path.as_str(),
            ext.bundle_id.as_deref(),
            ext.extension_point.as_deref()
        ),
        (
            "Shop.app",
            "Shop.app/PlugIns/Widget.appex",
            Some("com.example.shop.Widget"),
            Some("com.apple.widgetkit-extension")
        )
    );
    let bins: Vec<&str> = f.apple_binaries.iter().map(|b| b.path.as_str()).collect();
    assert_eq!(
        bins,
        [
            "Shop.app/Frameworks/AppsFlyerLib.framework/AppsFlyerLib",
            "Shop.app/PlugIns/Widget.appex/Widget",
            "Shop.app/Shop"
        ]
    );
    // The same usage strings as the IPA.
    assert_eq!(usage(&f), usage(&read("fixtures/shop.ipa")));
}

#[test]
fn xcarchive_reads_its_app_and_its_own_info_plist() {
    let f = read("fixtures/ios/Shop.xcarchive");
    assert!(f.errors.is_empty(), "{:?}", f.errors);
    assert_eq!(f.format.as_str(), "xcarchive");
    assert_eq!(f.app.id.as_deref(), Some("com.example.shop"));
    assert_eq!(
        f.manifest_file.as_deref(),
        Some("Shop.xcarchive/Products/Applications/Shop.app/Info.plist")
    );
    let archive_keys: Vec<&str> = f
        .apple
        .info_plist_keys
        .iter()
        .filter(|k| k.owner == "Shop.xcarchive")
        .map(|k| k.key.as_str())
        .collect();
    assert_eq!(
        archive_keys,
        [
            "ApplicationProperties",
            "ArchiveVersion",
            "CreationDate",
            "Name",
            "SchemeName"
        ]
    );
    assert_eq!(
        f.apple.frameworks[0].owner,
        "Shop.xcarchive/Products/Applications/Shop.app"
    );
    assert_eq!(f.apple.extensions.len(), 1);
}

#[test]
fn xcframework_reports_each_slice() {
    let f = read("fixtures/ios/AppsFlyerLib.xcframework");
    assert!(f.errors.is_empty(), "{:?}", f.errors);
    assert_eq!(f.format.as_str(), "xcframework");
    let libs: Vec<(&str, &str, Option<&str>, &[String])> = f
        .apple
        .xcframework_libraries
        .iter()
        .map(|l| {
            (
                l.identifier.as_str(),
                l.library_path.as_str(),
                l.variant.as_deref(),
                l.architectures.as_slice(),
            )
        })
        .collect();
    assert_eq!(
        libs,
        vec![
            (
                "ios-arm64",
                "AppsFlyerLib.framework",
                None,
                &["arm64".to_string()][..]
            ),
            (
                "ios-x86_64-simulator",
                "AppsFlyerLib.framework",
                Some("simulator"),
                &["x86_64".to_string()][..]
            ),
        ]
    );
    let fws: Vec<(&str, &str, Option<&str>, bool)> = f
        .apple
        .frameworks
        .iter()
        .map(|fw| {
            (
                fw.path.as_str(),
                fw.owner.as_str(),
                fw.version.as_deref(),
                fw.has_privacy_manifest,
            )
        })
        .collect();
    assert_eq!(
        fws,
        vec![
            (
                "AppsFlyerLib.xcframework/ios-arm64/AppsFlyerLib.framework",
                "AppsFlyerLib.xcframework",
                Some("6.14.3"),
                true
            ),
            (
                "AppsFlyerLib.xcframework/ios-x86_64-simulator/AppsFlyerLib.framework",
                "AppsFlyerLib.xcframework",
                Some("6.14.3"),
                true
            ),
        ]
    );
    assert_eq!(f.apple.privacy_manifests.len(), 2);
    assert_eq!(f.apple_binaries.len(), 2);

    let f = read("fixtures/ios/AppsFlyerLib.framework");
    assert_eq!(f.format.as_str(), "framework");
    assert_eq!(f.app.id.as_deref(), Some("com.appsflyer.AppsFlyerLib"));
    assert_eq!(f.app.version.as_deref(), Some("6.14.3"));
    assert_eq!(f.apple.frameworks[0].path, "AppsFlyerLib.framework");
}

#[test]
fn real_ld64_lld_ad_hoc_signature() {
    let exe = std::fs::read("fixtures/ios/Shop.app/Shop").unwrap();
    let sig = entitlements::code_signature(&exe).unwrap().unwrap();
    let sb = entitlements::parse_superblob(sig).unwrap();
    assert_eq!(sb.identifier().as_deref(), Some("Shop"));
    assert_eq!(sb.entitlements_xml(), None);
    assert!(!sb.has_der_entitlements());
    // The fat framework: the arm64 slice's signature.
    let fw = std::fs::read("fixtures/ios/AppsFlyerLib.framework/AppsFlyerLib").unwrap();
    let sig = entitlements::code_signature(&fw).unwrap().unwrap();
    assert_eq!(
        entitlements::parse_superblob(sig)
            .unwrap()
            .identifier()
            .as_deref(),
        Some("AppsFlyerLib-arm64")
    );
    // Every truncation and every single-byte corruption of the header ends in a value or an
    // error, never a panic.
    let sig = entitlements::code_signature(&exe).unwrap().unwrap();
    for n in 0..sig.len() {
        let _ = entitlements::parse_superblob(&sig[..n]);
    }
    for i in 0..64.min(sig.len()) {
        let mut m = sig.to_vec();
        m[i] ^= 0xff;
        if let Ok(sb) = entitlements::parse_superblob(&m) {
            let _ = sb.identifier();
        }
    }
    for n in (0..exe.len()).step_by(997) {
        let _ = entitlements::code_signature(&exe[..n]);
    }
}

fn zip_entry(ipa: &str, name: &str) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(ipa).unwrap()).unwrap();
    let mut out = Vec::new();
    z.by_name(name).unwrap().read_to_end(&mut out).unwrap();
    out
}

#[test]
fn real_profiles_ber_and_der() {
    // shop: BER with indefinite lengths (openssl -stream); shop-health: definite DER.
    for ipa in ["fixtures/shop.ipa", "fixtures/shop-health.ipa"] {
        let der = zip_entry(ipa, "Payload/Shop.app/embedded.mobileprovision");
        let p = entitlements::parse_provisioning_profile(&der).unwrap();
        assert_eq!(p.team_identifier.as_deref(), Some("ABCDE12345"), "{ipa}");
        assert_eq!(p.app_id_name.as_deref(), Some("Shop"));
        for n in 0..der.len() {
            assert!(entitlements::parse_provisioning_profile(&der[..n]).is_err());
        }
    }
    let der = zip_entry(
        "fixtures/shop-health.ipa",
        "Payload/Shop.app/embedded.mobileprovision",
    );
    assert_eq!(der[1], 0x82, "definite DER");
    // A CMS envelope whose content is not a plist.
    let at = der.windows(5).position(|w| w == b"<?xml").unwrap();
    let mut bad = der.clone();
    bad[at..at + 5].copy_from_slice(b"\x00\x01\x02\x03\x04");
    assert!(matches!(
        entitlements::parse_provisioning_profile(&bad),
        Err(ProfileError::Plist(PlistError::Malformed { .. }))
    ));
    // Not a CMS at all.
    assert!(matches!(
        entitlements::parse_provisioning_profile(b"<?xml version=\"1.0\"?><plist/>"),
        Err(ProfileError::Cms(CmsError::UnexpectedTag { offset: 0, .. }))
    ));
}

/// Copy `ipa` entry by entry, letting `edit` drop (`None`), keep or replace each entry.
fn rewrite_ipa(
    ipa: &str,
    edit: impl Fn(&str, Vec<u8>) -> Option<(String, Vec<u8>)>,
) -> tempfile::NamedTempFile {
    let mut z = zip::ZipArchive::new(std::fs::File::open(ipa).unwrap()).unwrap();
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..z.len() {
        let mut e = z.by_index(i).unwrap();
        let name = e.name().unwrap().to_string();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        if name.ends_with('/') {
            continue;
        }
        if let Some((name, bytes)) = edit(&name, bytes) {
            w.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(&bytes).unwrap();
        }
    }
    let bytes = w.finish().unwrap().into_inner();
    let mut tmp = tempfile::Builder::new().suffix(".ipa").tempfile().unwrap();
    tmp.write_all(&bytes).unwrap();
    tmp
}

fn sdklint(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("sdklint")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn facts_command_works_on_every_ios_fixture() {
    for path in [
        "fixtures/shop.ipa",
        "fixtures/shop-no-att.ipa",
        "fixtures/shop-untracked.ipa",
        "fixtures/shop-health.ipa",
        "fixtures/ios/Shop.app",
        "fixtures/ios/Shop.xcarchive",
        "fixtures/ios/AppsFlyerLib.framework",
        "fixtures/ios/AppsFlyerLib.xcframework",
    ] {
        for format in ["text", "json"] {
            let (code, stdout, stderr) = sdklint(&["facts", "--format", format, path]);
            assert_eq!(code, 0, "{path}: {stderr}");
            assert!(!stdout.is_empty());
        }
        let (_, stdout, _) = sdklint(&["facts", "--format", "json", path]);
        let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(v["platform"], "ios", "{path}");
    }
}

#[test]
fn ipa_without_an_app_exits_2() {
    let tmp = rewrite_ipa("fixtures/shop.ipa", |name, bytes| {
        Some((name.replace("Shop.app/", "Shop/"), bytes))
    });
    let (code, _, stderr) = sdklint(&["facts", tmp.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("a zip with Payload/ but no Payload/*.app/Info.plist: not an IPA"),
        "{stderr}"
    );
}

#[test]
fn app_info_plist_that_is_not_a_plist_exits_2() {
    let tmp = rewrite_ipa("fixtures/shop.ipa", |name, bytes| {
        Some((
            name.to_string(),
            if name == "Payload/Shop.app/Info.plist" {
                b"\x7fELF not a plist".to_vec()
            } else {
                bytes
            },
        ))
    });
    let (code, _, stderr) = sdklint(&["facts", tmp.path().to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("Payload/Shop.app/Info.plist: not a property list"),
        "{stderr}"
    );
}

#[test]
fn broken_metadata_files_are_partial_results() {
    let deep = format!(
        "<plist><dict><key>NSPrivacyTracking</key>{}{}</dict></plist>",
        "<array>".repeat(5000),
        "</array>".repeat(5000)
    );
    let tmp = rewrite_ipa("fixtures/shop.ipa", move |name, bytes| {
        let bytes = match name {
            // Truncated privacy manifest (malformed XML).
            "Payload/Shop.app/Frameworks/AppsFlyerLib.framework/PrivacyInfo.xcprivacy" => {
                bytes[..bytes.len() / 2].to_vec()
            }
            // Nested past the plist depth limit.
            "Payload/Shop.app/PrivacyInfo.xcprivacy" => deep.clone().into_bytes(),
            // A framework Info.plist that is not a plist.
            "Payload/Shop.app/Frameworks/AppsFlyerLib.framework/Info.plist" => b"garbage".to_vec(),
            // A CMS envelope cut short.
            "Payload/Shop.app/embedded.mobileprovision" => bytes[..100].to_vec(),
            // A strings file with a syntax error.
            "Payload/Shop.app/en.lproj/InfoPlist.strings" => b"\"a\" = ;".to_vec(),
            _ => bytes,
        };
        Some((name.to_string(), bytes))
    });
    let f = facts(tmp.path(), &Options::default()).unwrap();
    let errors: Vec<(&str, &str)> = f
        .errors
        .iter()
        .map(|e| (e.file.as_str(), e.message.as_str()))
        .collect();
    assert_eq!(errors.len(), 5, "{errors:#?}");
    let has = |file: &str, text: &str| {
        assert!(
            errors.iter().any(|(f, m)| *f == file && m.contains(text)),
            "{file}: {text} not in {errors:#?}"
        )
    };
    has(
        "Payload/Shop.app/Frameworks/AppsFlyerLib.framework/Info.plist",
        "not a property list",
    );
    has(
        "Payload/Shop.app/Frameworks/AppsFlyerLib.framework/PrivacyInfo.xcprivacy",
        "not a property list",
    );
    has(
        "Payload/Shop.app/PrivacyInfo.xcprivacy",
        "nested deeper than the limit of 64 levels",
    );
    has(
        "Payload/Shop.app/embedded.mobileprovision",
        "ends past the end of the data",
    );
    has(
        "Payload/Shop.app/en.lproj/InfoPlist.strings",
        "line 1: expected a value",
    );
    // The manifests stay listed, as unreadable; the rest of the bundle is read.
    assert_eq!(f.apple.privacy_manifests.len(), 3);
    assert!(f.apple.privacy_manifests[0].manifest.is_none());
    assert!(f.apple.privacy_manifests[0].error.is_some());
    assert!(f.apple.privacy_manifests[1].manifest.is_none());
    assert!(f.apple.privacy_manifests[2].manifest.is_some());
    assert_eq!(f.apple.frameworks[0].version, None);
    assert!(f.apple.entitlements.is_empty());
    assert_eq!(f.app.id.as_deref(), Some("com.example.shop"));
    assert_eq!(tracking_usage(&f).len(), 3);
    // The CLI still exits 0 for `facts` and prints the errors.
    let (code, stdout, _) = sdklint(&["facts", tmp.path().to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(stdout.contains("could not read (5)"), "{stdout}");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

#[test]
fn directory_symlinks_do_not_leave_the_bundle() {
    let tmp = tempfile::tempdir().unwrap();
    let app: PathBuf = tmp.path().join("Shop.app");
    copy_dir(Path::new("fixtures/ios/Shop.app"), &app);
    let outside = tmp.path().join("secret.xcprivacy");
    std::fs::write(&outside, "<plist><dict/></plist>").unwrap();
    std::os::unix::fs::symlink(&outside, app.join("PrivacyInfo2.xcprivacy")).unwrap();
    std::os::unix::fs::symlink(&outside, app.join("Frameworks/PrivacyInfo.xcprivacy")).unwrap();
    // A link back up (a cycle) and a link inside the bundle.
    std::os::unix::fs::symlink("..", app.join("PlugIns/loop")).unwrap();
    std::os::unix::fs::symlink(
        "../../PrivacyInfo.xcprivacy",
        app.join("PlugIns/Widget.appex/PrivacyInfo.xcprivacy"),
    )
    .unwrap();
    let f = facts(&app, &Options::default()).unwrap();
    let errors: Vec<&str> = f.errors.iter().map(|e| e.file.as_str()).collect();
    assert_eq!(
        errors,
        [
            "Shop.app/Frameworks/PrivacyInfo.xcprivacy",
            "Shop.app/PrivacyInfo2.xcprivacy"
        ]
    );
    assert!(
        f.errors[0]
            .message
            .contains("a symbolic link out of the bundle")
    );
    // The in-bundle link is read, owned by the widget.
    let owners: Vec<&str> = f
        .apple
        .privacy_manifests
        .iter()
        .map(|m| m.owner.as_str())
        .collect();
    assert_eq!(
        owners,
        [
            "Shop.app/Frameworks/AppsFlyerLib.framework",
            "Shop.app/PlugIns/Widget.appex",
            "Shop.app",
            "Shop.app/ShopKit_Privacy.bundle"
        ]
    );
}

#[test]
fn directory_entry_limit() {
    let options = Options {
        limits: sdklint::bundle::Limits {
            max_entries: 5,
            ..Default::default()
        },
        ..Default::default()
    };
    let err = facts(Path::new("fixtures/ios/Shop.app"), &options).unwrap_err();
    assert!(
        err.to_string().contains("more than the limit of 5"),
        "{err}"
    );
}
