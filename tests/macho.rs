//! Mach-O extraction on the real fixtures under `fixtures/ios/bin/` (built by clang, ld64.lld-14,
//! llvm-ar and llvm-lipo: see fixtures/README.md): exact facts, SDK hits, and bad input derived
//! from them by mutation. Opt-in corpus tests: `SDKLINT_CORPUS=/work/corpus cargo test --test
//! macho -- --ignored`.

use std::path::{Path, PathBuf};

use sdklint::apple::macho::{self, Image, MachError};
use sdklint::extract::macho::extract_binary;
use sdklint::facts::apple_binary::{AppleBinary, BinaryKind, ClassSource, LinkKind};
use sdklint::facts::{BundleFormat, Facts, Location, Platform};
use sdklint::inventory::{Confidence, Inventory, SdkDb};
use sdklint::{Options, bundle};

const APP: &str = "fixtures/ios/bin/App";
const APP_STRIPPED: &str = "fixtures/ios/bin/App-stripped";
const FRAMEWORK: &str = "fixtures/ios/bin/AppsFlyerLib.framework/AppsFlyerLib";
const ARCHIVE: &str = "fixtures/ios/bin/libAdjustSdk.a";

fn read(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn facts_of(path: &str) -> Facts {
    sdklint::facts(Path::new(path), &Options::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// Facts of `bytes` through the contract the bundle walker uses.
fn extract(file: &str, bytes: &[u8], all_slices: bool) -> Facts {
    let mut facts = Facts::new("test", Platform::Ios, BundleFormat::MachO);
    extract_binary(&mut facts, file, bytes, all_slices, None);
    facts
}

fn classes(binary: &AppleBinary) -> Vec<(&str, bool, ClassSource)> {
    binary
        .objc_classes
        .iter()
        .map(|c| (c.name.as_str(), c.defined, c.source))
        .collect()
}

fn libs(binary: &AppleBinary) -> Vec<(&str, LinkKind, &str)> {
    binary
        .linked_libraries
        .iter()
        .map(|l| (l.install_name.as_str(), l.kind, l.current_version.as_str()))
        .collect()
}

fn string_at<'f>(facts: &'f Facts, value: &str) -> &'f Location {
    &facts
        .strings
        .iter()
        .find(|s| s.value == value)
        .unwrap_or_else(|| panic!("no string {value:?}"))
        .location
}

fn hits(facts: &Facts) -> Vec<(String, Confidence)> {
    Inventory::build(SdkDb::builtin(), facts)
        .sdks
        .into_iter()
        .map(|h| (h.id, h.confidence))
        .collect()
}

const LIBSYSTEM: &str = "/usr/lib/libSystem.B.dylib";
const LIBOBJC: &str = "/usr/lib/libobjc.A.dylib";
const FOUNDATION: &str = "/System/Library/Frameworks/Foundation.framework/Foundation";
const CORE_FOUNDATION: &str = "/System/Library/Frameworks/CoreFoundation.framework/CoreFoundation";
const APPSFLYER: &str = "@rpath/AppsFlyerLib.framework/AppsFlyerLib";

#[test]
fn app_executable() {
    let facts = facts_of(APP);
    assert_eq!(facts.format, BundleFormat::MachO);
    assert_eq!(facts.platform, Platform::Ios);
    assert_eq!(facts.errors, []);
    assert_eq!(facts.apple_binaries.len(), 1);
    let app = &facts.apple_binaries[0];
    assert_eq!(app.path, "App");
    assert_eq!(app.member, None);
    assert_eq!(app.arch, "arm64");
    assert_eq!(app.kind, BinaryKind::Executable);
    assert_eq!((app.image.offset, app.image.size), (0, 70152));
    assert_eq!(app.platform.as_deref(), Some("ios"));
    assert_eq!(app.min_os.as_deref(), Some("14.0"));
    assert_eq!(app.sdk.as_deref(), Some("16.0"));
    assert_eq!(app.id, None);
    assert_eq!(app.code_signature, None, "ld64.lld does not sign");
    assert_eq!(app.rpaths, ["@executable_path/Frameworks"]);
    assert_eq!(
        libs(app),
        [
            (LIBSYSTEM, LinkKind::Normal, "1311.0.0"),
            (LIBOBJC, LinkKind::Normal, "228.0.0"),
            (APPSFLYER, LinkKind::Normal, "6.9.0"),
            (FOUNDATION, LinkKind::Normal, "1953.0.0"),
            (CORE_FOUNDATION, LinkKind::Normal, "1953.0.0"),
            (
                "/System/Library/Frameworks/AppTrackingTransparency.framework/AppTrackingTransparency",
                LinkKind::Normal,
                "1.0.0"
            ),
        ]
    );
    assert_eq!(
        app.linked_libraries[2].location,
        Location::new("App", format!("arm64: LC_LOAD_DYLIB {APPSFLYER}"))
    );
    assert_eq!(app.linked_libraries[2].framework(), Some("AppsFlyerLib"));
    // Adjust's objects were force-loaded from the archive: defined here. AppsFlyer and ATT are
    // imported from their frameworks.
    assert_eq!(
        classes(app),
        [
            ("ADJConfig", true, ClassSource::Symbol),
            ("ADJEvent", true, ClassSource::Symbol),
            ("ATTrackingManager", false, ClassSource::Symbol),
            ("Adjust", true, ClassSource::Symbol),
            ("AppDelegate", true, ClassSource::Symbol),
            ("AppsFlyerLib", false, ClassSource::Symbol),
            ("NSObject", false, ClassSource::Symbol),
        ]
    );
    assert_eq!(
        app.selectors,
        [
            "appDidLaunch:",
            "applicationDidFinishLaunching",
            "configWithAppToken:environment:",
            "eventWithEventToken:",
            "gdprForgetMe",
            "logEvent:withValues:",
            "purchaseCompleted",
            "requestTrackingAuthorizationWithCompletionHandler:",
            "sdkVersion",
            "setAppleAppID:",
            "setAppsFlyerDevKey:",
            "setCoppaCompliantEnabled:",
            "setRevenue:currency:",
            "shared",
            "start",
            "trackEvent:",
            "waitForATTUserAuthorizationWithTimeoutInterval:",
        ]
    );
    assert!(app.has_selector("requestTrackingAuthorizationWithCompletionHandler:"));
    assert!(!app.has_selector("setConsentData:"));
    assert_eq!(app.swift_types, []);
    assert_eq!(
        (app.symbols.imported_count, app.symbols.exported_count),
        (11, 12)
    );
    assert!(
        app.symbols
            .imported
            .contains(&"_OBJC_CLASS_$_ATTrackingManager".to_string())
    );
    assert!(
        app.symbols
            .exported
            .contains(&"_ADJEnvironmentProduction".to_string())
    );
    // CFString literals (with their record index) and C strings.
    assert_eq!(
        string_at(&facts, "2fm9gkqubvpc"),
        &Location::new("App", "arm64: __cfstring #2")
    );
    assert_eq!(
        string_at(&facts, "abc123"),
        &Location::new("App", "arm64: __cfstring #3")
    );
    assert_eq!(
        string_at(&facts, "https://app.adjust.com"),
        &Location::new("App", "arm64: __cstring+0x195")
    );
    assert_eq!(
        hits(&facts),
        [
            ("adjust".to_string(), Confidence::Defined),
            ("appsflyer".to_string(), Confidence::Referenced),
        ]
    );
}

#[test]
fn stripped_app_finds_classes_through_the_class_list() {
    let facts = facts_of(APP_STRIPPED);
    assert_eq!(facts.errors, []);
    let app = &facts.apple_binaries[0];
    assert_eq!(
        classes(app),
        [
            ("ADJConfig", true, ClassSource::ClassList),
            ("ADJEvent", true, ClassSource::ClassList),
            // Imports survive stripping in the bind opcodes.
            ("ATTrackingManager", false, ClassSource::Symbol),
            ("Adjust", true, ClassSource::ClassList),
            ("AppDelegate", true, ClassSource::ClassList),
            ("AppsFlyerLib", false, ClassSource::Symbol),
            ("NSObject", false, ClassSource::Symbol),
        ]
    );
    assert_eq!(
        app.objc_classes[0].location,
        Location::new("App-stripped", "arm64: objc class ADJConfig")
    );
    // The same selectors as the unstripped image: class method lists plus selector references.
    assert_eq!(app.selectors, facts_of(APP).apple_binaries[0].selectors);
    assert_eq!(
        (app.symbols.imported_count, app.symbols.exported_count),
        (11, 1)
    );
    assert_eq!(
        hits(&facts),
        [
            ("adjust".to_string(), Confidence::Defined),
            ("appsflyer".to_string(), Confidence::Referenced),
        ]
    );
}

#[test]
fn fat_framework_every_slice() {
    let facts = facts_of(FRAMEWORK);
    assert_eq!(facts.format, BundleFormat::MachO);
    assert_eq!(facts.errors, []);
    let slices: Vec<(&str, Option<&str>, u64)> = facts
        .apple_binaries
        .iter()
        .map(|b| (b.arch.as_str(), b.platform.as_deref(), b.image.offset))
        .collect();
    assert_eq!(
        slices,
        [
            ("x86_64", Some("ios-simulator"), 4096),
            ("arm64", Some("ios"), 32768)
        ]
    );
    for fw in &facts.apple_binaries {
        assert_eq!(fw.kind, BinaryKind::Dylib);
        assert_eq!(fw.min_os.as_deref(), Some("14.0"));
        let id = fw.id.as_ref().unwrap();
        assert_eq!(
            (
                id.install_name.as_str(),
                id.current_version.as_str(),
                id.compatibility_version.as_str()
            ),
            (APPSFLYER, "6.9.0", "1.0.0")
        );
        assert_eq!(
            libs(fw),
            [
                (LIBSYSTEM, LinkKind::Normal, "1311.0.0"),
                (LIBOBJC, LinkKind::Normal, "228.0.0"),
                (FOUNDATION, LinkKind::Normal, "1953.0.0"),
                (CORE_FOUNDATION, LinkKind::Normal, "1953.0.0"),
                (
                    "/System/Library/Frameworks/AdSupport.framework/AdSupport",
                    LinkKind::Weak,
                    "1.0.0"
                ),
            ]
        );
        assert!(fw.linked_libraries[4].weak());
        assert_eq!(
            classes(fw),
            [
                ("AFSDKDeviceInfo", true, ClassSource::Symbol),
                ("ASIdentifierManager", false, ClassSource::Symbol),
                ("AppsFlyerLib", true, ClassSource::Symbol),
                ("NSObject", false, ClassSource::Symbol),
            ]
        );
        assert_eq!(
            fw.selectors,
            [
                "UUIDString",
                "advertisingIdentifier",
                "appleAppID",
                "appsFlyerDevKey",
                "getSDKVersion",
                "logEvent:withValues:",
                "setAppleAppID:",
                "setAppsFlyerDevKey:",
                "shared",
                "sharedManager",
                "start",
                "waitForATTUserAuthorizationWithTimeoutInterval:",
            ]
        );
        assert_eq!(
            fw.symbols.exported,
            [
                "_AFEventAddToCart",
                "_AFEventPurchase",
                "_AppsFlyerLibVersionNumber",
                "_AppsFlyerLibVersionString",
                "_OBJC_CLASS_$_AppsFlyerLib",
                "_OBJC_METACLASS_$_AppsFlyerLib",
            ]
        );
    }
    // A value is recorded once per file, from the first slice that holds it.
    assert_eq!(
        string_at(&facts, "af_purchase"),
        &Location::new("AppsFlyerLib", "x86_64: __cfstring #0")
    );
    assert_eq!(
        string_at(
            &facts,
            "https://launches.appsflyersdk.com/api/v6.9/iosevent"
        ),
        &Location::new("AppsFlyerLib", "x86_64: __cstring+0x1b")
    );
    assert_eq!(
        facts
            .strings
            .iter()
            .filter(|s| s.value == "af_purchase")
            .count(),
        1
    );
    assert_eq!(
        hits(&facts),
        [("appsflyer".to_string(), Confidence::Defined)]
    );
    let hit = Inventory::build(SdkDb::builtin(), &facts).sdks.remove(0);
    assert_eq!(
        hit.evidence[0],
        Location::new("AppsFlyerLib", format!("x86_64: LC_ID_DYLIB {APPSFLYER}"))
    );
}

#[test]
fn app_binaries_take_the_arm64_slice_only() {
    let facts = extract(
        "Payload/Shop.app/Frameworks/AppsFlyerLib.framework/AppsFlyerLib",
        &read(FRAMEWORK),
        false,
    );
    assert_eq!(facts.errors, []);
    assert_eq!(facts.apple_binaries.len(), 1);
    let fw = &facts.apple_binaries[0];
    assert_eq!(fw.arch, "arm64");
    assert_eq!(
        fw.location,
        Location::new(
            "Payload/Shop.app/Frameworks/AppsFlyerLib.framework/AppsFlyerLib",
            "arm64"
        )
    );
    assert_eq!(
        string_at(&facts, "af_purchase"),
        &Location::new(
            "Payload/Shop.app/Frameworks/AppsFlyerLib.framework/AppsFlyerLib",
            "arm64: __cfstring #0"
        )
    );
}

#[test]
fn fat_static_archive() {
    let facts = facts_of(ARCHIVE);
    assert_eq!(facts.format, BundleFormat::StaticLibrary);
    assert_eq!(facts.errors, []);
    let members: Vec<(&str, &str, BinaryKind)> = facts
        .apple_binaries
        .iter()
        .map(|b| (b.arch.as_str(), b.member.as_deref().unwrap(), b.kind))
        .collect();
    let object = BinaryKind::Object;
    assert_eq!(
        members,
        [
            ("x86_64", "Adjust.o", object),
            ("x86_64", "ADJConfig.o", object),
            ("x86_64", "ADJEvent.o", object),
            ("arm64", "Adjust.o", object),
            ("arm64", "ADJConfig.o", object),
            ("arm64", "ADJEvent.o", object),
        ]
    );
    let config = &facts.apple_binaries[4];
    assert_eq!(
        config.location,
        Location::new("libAdjustSdk.a", "arm64 ADJConfig.o")
    );
    assert_eq!(config.platform.as_deref(), Some("ios"));
    assert_eq!(config.min_os.as_deref(), Some("14.0"));
    assert_eq!(config.sdk, None, "clang records no SDK in objects");
    assert_eq!(
        classes(config),
        [
            ("ADJConfig", true, ClassSource::Symbol),
            ("NSObject", false, ClassSource::Symbol)
        ]
    );
    // Objects keep __objc_methname, which also holds ivar names.
    assert_eq!(
        config.selectors,
        [
            "_appToken",
            "_coppaCompliantEnabled",
            "_environment",
            "configWithAppToken:environment:",
            "setCoppaCompliantEnabled:",
        ]
    );
    assert_eq!(
        config.symbols.exported,
        [
            "_ADJEnvironmentProduction",
            "_ADJEnvironmentSandbox",
            "_OBJC_CLASS_$_ADJConfig",
            "_OBJC_METACLASS_$_ADJConfig",
        ]
    );
    assert_eq!(
        string_at(&facts, "https://app.adjust.com"),
        &Location::new("libAdjustSdk.a", "x86_64 Adjust.o: __cstring+0x0")
    );
    let values: Vec<&str> = facts.strings.iter().map(|s| s.value.as_str()).collect();
    assert_eq!(
        values,
        // CFString literals first, then the C strings not seen yet.
        [
            "ios4.38.0",
            "https://app.adjust.com",
            "sandbox",
            "production"
        ]
    );
    let inventory = Inventory::build(SdkDb::builtin(), &facts);
    assert_eq!(hits(&facts), [("adjust".to_string(), Confidence::Defined)]);
    // One piece of evidence per name, whichever slice shows it first.
    let adjust = inventory.get("adjust").unwrap();
    assert_eq!(adjust.evidence_total, 5);
    assert_eq!(
        adjust.evidence,
        [
            Location::new(
                "libAdjustSdk.a",
                "x86_64 Adjust.o: symbol _OBJC_CLASS_$_Adjust"
            ),
            Location::new(
                "libAdjustSdk.a",
                "x86_64 ADJConfig.o: symbol _OBJC_CLASS_$_ADJConfig"
            ),
            Location::new(
                "libAdjustSdk.a",
                "x86_64 ADJConfig.o: symbol _ADJEnvironmentSandbox"
            ),
            Location::new(
                "libAdjustSdk.a",
                "x86_64 ADJConfig.o: symbol _ADJEnvironmentProduction"
            ),
            Location::new(
                "libAdjustSdk.a",
                "x86_64 ADJEvent.o: symbol _OBJC_CLASS_$_ADJEvent"
            ),
        ]
    );
}

#[test]
fn bundle_recognises_mach_o_and_archives() {
    let limits = bundle::Limits::default();
    for (path, archive) in [(APP, false), (FRAMEWORK, false), (ARCHIVE, true)] {
        let opened = bundle::open(Path::new(path), &limits).unwrap();
        match opened {
            bundle::Bundle::MachO(_) => assert!(!archive, "{path}"),
            bundle::Bundle::StaticLibrary(_) => assert!(archive, "{path}"),
            _ => panic!("{path}: not recognised as Mach-O"),
        }
    }
}

// ---- bad input ---------------------------------------------------------------------------------

fn be32(bytes: &[u8], at: usize) -> u32 {
    u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap())
}

fn put_be32(bytes: &mut [u8], at: usize, v: u32) {
    bytes[at..at + 4].copy_from_slice(&v.to_be_bytes());
}

fn put_le32(bytes: &mut [u8], at: usize, v: u32) {
    bytes[at..at + 4].copy_from_slice(&v.to_le_bytes());
}

/// The arm64 slice of a fat fixture (offset, size), read from its fat header.
fn arm64_slice(fat: &[u8]) -> (usize, usize) {
    (0..be32(fat, 4) as usize)
        .map(|i| 8 + i * 20)
        .find(|&at| be32(fat, at) == 0x0100_000c)
        .map(|at| (be32(fat, at + 8) as usize, be32(fat, at + 12) as usize))
        .unwrap()
}

#[test]
fn truncated_mach_o() {
    let app = read(APP);
    assert_eq!(
        Image::parse(&app[..20]).unwrap_err(),
        MachError::Truncated {
            what: "Mach-O header",
            offset: 0,
            len: 20
        }
    );
    assert!(matches!(
        Image::parse(&app[..200]).unwrap_err(),
        MachError::LoadCommandsPastEnd {
            offset: 32,
            len: 200,
            ..
        }
    ));
    // Cut inside __LINKEDIT: headers and sections read, the symbol table is lost.
    let cut = &app[..app.len() - 2000];
    let image = Image::parse(cut).unwrap();
    assert!(!image.problems.is_empty());
    assert!(!image.dylibs.is_empty());
    // Through the extractor: a partial result with errors, or an error, never a panic.
    let facts = extract("App", cut, true);
    assert_eq!(facts.apple_binaries.len(), 1);
    assert!(
        facts.errors[0].message.starts_with("arm64: "),
        "{:?}",
        facts.errors
    );
    let facts = extract("App", &app[..100], true);
    assert_eq!(facts.apple_binaries.len(), 0);
    assert_eq!(facts.errors.len(), 1);
}

#[test]
fn absurd_fat_arch_count() {
    let mut fat = read(FRAMEWORK);
    put_be32(&mut fat, 4, 0xFFFF_FFFF);
    assert_eq!(
        macho::images(&fat, true).unwrap_err(),
        MachError::TooManyArchs {
            count: 0xFFFF_FFFF,
            limit: macho::MAX_ARCHS
        }
    );
    let facts = extract("AppsFlyerLib", &fat, true);
    assert_eq!(facts.apple_binaries, []);
    assert_eq!(
        facts.errors[0].message,
        "fat header claims 4294967295 architectures, more than the limit of 16"
    );
    // Within the limit but past the end of the file.
    put_be32(&mut fat, 4, 16);
    assert!(matches!(
        macho::images(&fat[..100], true).unwrap_err(),
        MachError::Truncated {
            what: "fat header",
            ..
        }
    ));
}

#[test]
fn overlapping_and_runaway_slices() {
    let good = read(FRAMEWORK);
    // Slice 1 (arm64) made to start where slice 0 (x86_64) does.
    let mut fat = good.clone();
    let first_offset = be32(&fat, 8 + 8);
    put_be32(&mut fat, 8 + 20 + 8, first_offset);
    let units = macho::images(&fat, true).unwrap();
    assert!(units[0].bytes.is_ok());
    assert_eq!(
        units[1].bytes.as_ref().unwrap_err(),
        &MachError::SliceOverlap {
            index: 1,
            arch: "arm64".to_string(),
            offset: u64::from(first_offset),
            other: 0
        }
    );
    let facts = extract("AppsFlyerLib", &fat, true);
    assert_eq!(facts.apple_binaries.len(), 1, "partial: the x86_64 slice");
    assert_eq!(
        facts.errors[0].message,
        "arm64: fat slice 1 (arm64) at offset 0x1000 overlaps slice 0"
    );

    // Slice 1 claims to run far past the end of the file.
    let mut fat = good.clone();
    put_be32(&mut fat, 8 + 20 + 12, 0x7FFF_FFFF);
    let units = macho::images(&fat, false).unwrap();
    assert_eq!(units.len(), 1);
    assert!(matches!(
        units[0].bytes,
        Err(MachError::SlicePastEnd { index: 1, .. })
    ));
}

#[test]
fn load_commands_past_the_end() {
    let mut app = read(APP);
    put_le32(&mut app, 20, 0x00FF_0000); // sizeofcmds
    assert_eq!(
        Image::parse(&app).unwrap_err(),
        MachError::LoadCommandsPastEnd {
            offset: 32,
            size: 0x00FF_0000,
            len: 70152
        }
    );
    let mut app = read(APP);
    put_le32(&mut app, 16, 0xFFFF_FFFF); // ncmds
    assert_eq!(
        Image::parse(&app).unwrap_err(),
        MachError::TooManyLoadCommands {
            count: 0xFFFF_FFFF,
            limit: macho::MAX_LOAD_COMMANDS
        }
    );
    // A plausible count whose commands run past sizeofcmds: goblin's typed error, no panic.
    let mut app = read(APP);
    put_le32(&mut app, 16, 4000);
    assert!(matches!(
        Image::parse(&app).unwrap_err(),
        MachError::Malformed {
            what: "load commands",
            ..
        }
    ));
    let facts = extract("App", &app, true);
    assert_eq!(facts.apple_binaries, []);
    assert!(
        facts.errors[0]
            .message
            .starts_with("load commands at offset 0x20: ")
    );
}

#[test]
fn archive_member_past_the_end() {
    let fat = read(ARCHIVE);
    let (offset, size) = arm64_slice(&fat);
    let mut thin = fat[offset..offset + size].to_vec();
    assert!(thin.starts_with(b"!<arch>\n"));
    // The thin archive (one slice of the fat one) reads on its own.
    let facts = extract("libAdjustSdk.a", &thin, true);
    assert_eq!(facts.errors, []);
    let members: Vec<&str> = facts
        .apple_binaries
        .iter()
        .map(|b| b.member.as_deref().unwrap())
        .collect();
    assert_eq!(members, ["Adjust.o", "ADJConfig.o", "ADJEvent.o"]);
    // The last member's header claims more bytes than the archive holds.
    let last = thin
        .windows(16)
        .rposition(|w| w.starts_with(b"#1/"))
        .unwrap();
    thin[last + 48..last + 58].copy_from_slice(b"99999     ");
    let units = macho::images(&thin, true).unwrap();
    assert_eq!(units.len(), 3);
    assert!(units[0].bytes.is_ok() && units[1].bytes.is_ok());
    assert!(matches!(
        &units[2].bytes,
        Err(MachError::MemberPastEnd { name, size: 99987, .. }) if name == "ADJEvent.o"
    ));
    let facts = extract("libAdjustSdk.a", &thin, true);
    assert_eq!(facts.apple_binaries.len(), 2, "partial result");
    assert_eq!(facts.errors.len(), 1);
    assert!(
        facts.errors[0]
            .message
            .starts_with("ADJEvent.o: archive member ADJEvent.o at offset"),
        "{}",
        facts.errors[0].message
    );
}

/// Truncations (every 97th length) and random byte patches (half in the headers and load
/// commands, half anywhere) of each fixture: the extractor returns, whatever it finds. (Run with
/// 20 000 patches per fixture in release and 8 000 in debug, under a 3 GB address-space limit,
/// before committing.)
#[test]
fn mutations_never_panic() {
    for path in [APP, APP_STRIPPED, FRAMEWORK, ARCHIVE] {
        let good = read(path);
        for len in (0..good.len()).step_by(97) {
            let _ = extract(path, &good[..len], true);
        }
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..500 {
            let mut bytes = good.clone();
            for _ in 0..4 {
                // xorshift: deterministic, no dependency.
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                // Half in the headers and load commands, half anywhere.
                let at = if state & 1 == 0 {
                    (state as usize) % bytes.len().min(4096)
                } else {
                    (state as usize >> 3) % bytes.len()
                };
                bytes[at] = (state >> 32) as u8;
            }
            let _ = extract(path, &bytes, true);
        }
    }
}

// ---- opt-in corpus -------------------------------------------------------------------------------

fn corpus(rel: &str) -> PathBuf {
    let dir = std::env::var_os("SDKLINT_CORPUS").expect("set SDKLINT_CORPUS to the corpus dir");
    PathBuf::from(dir).join(rel)
}

#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn corpus_appsflyer_fat_static_library() {
    let path = corpus("ios/appsflyer-4.4.14/libAppsFlyerLib.a");
    let facts = sdklint::facts(&path, &Options::default()).unwrap();
    assert_eq!(facts.format, BundleFormat::StaticLibrary);
    assert_eq!(facts.errors, []);
    let mut archs: Vec<&str> = facts
        .apple_binaries
        .iter()
        .map(|b| b.arch.as_str())
        .collect();
    archs.dedup();
    assert_eq!(archs, ["armv7", "i386", "x86_64", "arm64"]);
    assert!(facts.apple_binaries.iter().any(|b| {
        b.objc_classes
            .iter()
            .any(|c| c.name == "AppsFlyerTracker" && c.defined)
    }));
    assert!(
        facts
            .strings
            .iter()
            .any(|s| s.value == "https://app.appsflyer.com")
    );
    assert_eq!(
        hits(&facts),
        [("appsflyer".to_string(), Confidence::Defined)]
    );
}

#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn corpus_adjust_framework_binary() {
    let path = corpus("vendor/adjust-4.23.0/ios/AdjustSdk.framework/AdjustSdk");
    let facts = sdklint::facts(&path, &Options::default()).unwrap();
    assert_eq!(facts.errors, []);
    assert!(!facts.apple_binaries.is_empty());
    assert!(facts.apple_binaries.iter().any(|b| {
        b.arch == "arm64"
            && b.objc_classes
                .iter()
                .any(|c| c.name == "ADJConfig" && c.defined)
    }));
    assert_eq!(hits(&facts), [("adjust".to_string(), Confidence::Defined)]);
}

/// A CFString in a relocatable arm64 object points at its characters only through a relocation
/// (`ARM64_RELOC_UNSIGNED` to the local `l_.str`; the stored pointer is 0): the reader follows it
/// to the symbol's address. clang's real `GAI.o` (fixtures/src/ios/macho/GoogleAnalytics/GAI.m).
#[test]
fn object_file_cfstrings_follow_their_relocations() {
    let facts = facts_of("fixtures/ios/bin/GAI-arm64.o");
    assert_eq!(
        string_at(&facts, "3.14").locator.as_ref(),
        "arm64: __cfstring #0"
    );
    // The x86_64 slice of the same library stores a section-relative address instead: the same
    // string, from its own slice's record.
    let fat = facts_of("fixtures/ios/bin/libGoogleAnalyticsServices.a");
    assert_eq!(
        string_at(&fat, "3.14").locator.as_ref(),
        "x86_64 GAI.o: __cfstring #0"
    );
}
