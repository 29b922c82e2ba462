//! Native libraries and React Native bundles, on the real fixtures built by `cargo xtask fixtures`
//! (clang/lld for `libtracker.so`, hermesc for the Hermes bundles) and on damaged copies of them.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sdklint::Options;
use sdklint::facts::native::{NativeLibrary, ScriptCall};
use sdklint::facts::{Facts, Location};
use sdklint::native::{elf, hermes, js};
use tempfile::TempDir;

const PLAIN_JS_APK: &str = "fixtures/react-native-tracker.apk";
const HERMES_APK: &str = "fixtures/react-native-hermes.apk";
const ARM64: &str = "lib/arm64-v8a/libtracker.so";
const ARMV7: &str = "lib/armeabi-v7a/libtracker.so";
const BUNDLE: &str = "assets/index.android.bundle";
const HBC_96: &str = "fixtures/native/index.android.hermes-0.14.0.hbc";
const HBC_98: &str = "fixtures/native/index.android.hermes-250829098.0.17.hbc";

fn read_facts(path: impl AsRef<Path>) -> Facts {
    sdklint::facts(path.as_ref(), &Options::default()).expect("the bundle is readable")
}

/// `(locator, value)` of the strings found in `file`.
fn strings_of<'a>(facts: &'a Facts, file: &str) -> Vec<(&'a str, &'a str)> {
    facts
        .strings
        .iter()
        .filter(|s| s.location.file == file)
        .map(|s| (s.location.locator.as_str(), s.value.as_str()))
        .collect()
}

fn errors_of(facts: &Facts) -> Vec<(&str, &str)> {
    facts
        .errors
        .iter()
        .map(|e| (e.file.as_str(), e.message.as_str()))
        .collect()
}

fn library(path: &str, abi: &str, bits: u8, machine: &str) -> NativeLibrary {
    let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    NativeLibrary {
        path: path.into(),
        abi: abi.into(),
        bits,
        machine: machine.into(),
        soname: Some("libtracker.so".into()),
        needed: s(&["liblog.so", "libc.so"]),
        exported: s(&[
            "Java_com_example_rn_TrackerModule_nativeEndpoint",
            "tracker_endpoint",
            "tracker_event_names",
            "tracker_log_event",
        ]),
        exported_count: 4,
        imported: s(&["__android_log_print", "strlen"]),
        imported_count: 2,
        string_count: 6,
        truncated: false,
        location: Location::new(path, "ELF header"),
    }
}

#[test]
fn native_libraries_per_abi() {
    let facts = read_facts(PLAIN_JS_APK);
    assert_eq!(errors_of(&facts), []);
    assert_eq!(
        facts.native_libraries,
        [
            library(ARM64, "arm64-v8a", 64, "aarch64"),
            library(ARMV7, "armeabi-v7a", 32, "arm"),
        ]
    );
    // The addresses are those `llvm-readelf -S` gives for .rodata plus the offset in it.
    assert_eq!(
        strings_of(&facts, ARM64),
        [
            (".rodata 0x480", "af_purchase"),
            (".rodata 0x48c", "https://launches.appsflyer.com/api/"),
            (".rodata 0x4b0", "AFNative/6.14.0"),
            (".rodata 0x4c0", "af_add_to_cart"),
            (".rodata 0x4cf", "logEvent %s (%zu bytes, sum %d)"),
            (".rodata 0x4ef", "af_complete_registration"),
        ]
    );
    assert_eq!(
        strings_of(&facts, ARMV7),
        [
            (".rodata 0x33c", "af_purchase"),
            (".rodata 0x348", "https://launches.appsflyer.com/api/"),
            (".rodata 0x36c", "AFNative/6.14.0"),
            (".rodata 0x37c", "af_add_to_cart"),
            (".rodata 0x38b", "logEvent %s (%zu bytes, sum %d)"),
            (".rodata 0x3ab", "af_complete_registration"),
        ]
    );
    // The DEX side is untouched by the native extractor.
    assert!(
        facts
            .classes
            .iter()
            .any(|c| c.name == "com.example.rn.TrackerModule")
    );
    assert!(
        facts
            .strings
            .iter()
            .any(|s| s.location.file == "classes.dex" && s.value == "tracker")
    );
}

#[test]
fn elf_parser_on_the_built_libraries() {
    let bytes = std::fs::read("fixtures/native/arm64-v8a/libtracker.so").unwrap();
    let lib = elf::parse(&bytes).unwrap();
    assert_eq!((lib.bits, lib.machine.as_str()), (64, "aarch64"));
    assert_eq!(lib.soname, Some("libtracker.so"));
    assert_eq!(lib.needed, ["liblog.so", "libc.so"]);
    assert_eq!(lib.imported, ["__android_log_print", "strlen"]);
    // Hidden: compiled with -fvisibility=hidden and no EXPORT.
    assert!(!lib.exported.contains(&"tracker_internal_checksum"));
    assert_eq!(lib.problems, []);
    let strings: Vec<_> = lib.strings().map(|s| (s.region, s.addr, s.text)).collect();
    assert_eq!(strings[0], (".rodata", 0x480, "af_purchase"));

    let bytes = std::fs::read("fixtures/native/armeabi-v7a/libtracker.so").unwrap();
    let lib = elf::parse(&bytes).unwrap();
    assert_eq!((lib.bits, lib.machine.as_str()), (32, "arm"));
    assert_eq!(lib.exported_count, 4);
}

#[test]
fn javascript_strings_and_calls() {
    let facts = read_facts(PLAIN_JS_APK);
    let call = |callee: &str, args: &[&str], line: u32| ScriptCall {
        callee: callee.into(),
        string_args: args.iter().map(|s| s.to_string()).collect(),
        location: Location::new(BUNDLE, format!("line {line}")),
    };
    assert_eq!(
        facts.script_calls,
        [
            // The SDK wrappers' own calls into their native modules.
            call("RNAppsFlyer.logEvent", &[], 32),
            call("module_.trackEvent", &[], 51),
            call("native.logEvent", &[], 64),
            call("g.nativeModuleProxy.FBAppEventsLogger.logEvent", &[], 80),
            // The app's calls.
            call("appsFlyer.logEvent", &["af_purchase", "USD"], 98),
            call("Adjust.trackEvent", &[], 101),
            call("Adjust.trackEvent", &["def456"], 102),
            call("analytics().logEvent", &["purchase", "USD", "sku-"], 103),
            call(
                "AppEventsLogger.logEvent",
                &["fb_mobile_purchase", "USD"],
                104
            ),
            call("_analytics.default().logEvent", &["add_to_cart"], 105),
            call("appsFlyer.logEvent", &["af_complete_registration"], 108),
        ]
    );
    let strings = strings_of(&facts, BUNDLE);
    assert_eq!(strings.len(), 24);
    for expected in [
        ("line 1", "production"),
        ("line 34", "https://launches.appsflyer.com/api/"),
        ("line 54", "react-native4.38.0"),
        ("line 77", "fb_mobile_complete_registration"),
        ("line 99", "abc123"),
        ("line 112", "' — déjà vu A"),
        ("line 114", "template "),
    ] {
        assert!(
            strings.contains(&expected),
            "{expected:?} not in {strings:?}"
        );
    }
    // Comments and regexes are not strings; each value is listed once.
    assert!(!strings.iter().any(|(_, v)| v.contains("don't round")));
    assert!(!strings.iter().any(|(_, v)| v.contains("a-z0-9_")));
    assert_eq!(strings.iter().filter(|(_, v)| *v == "USD").count(), 1);
}

#[test]
fn hermes_bundle_strings() {
    let facts = read_facts(HERMES_APK);
    assert_eq!(errors_of(&facts), []);
    assert_eq!(facts.script_calls, []);
    assert_eq!(facts.native_libraries.len(), 2);
    let strings = strings_of(&facts, BUNDLE);
    // 92 strings in the table; #0 is the empty string, which is not reported.
    assert_eq!(strings.len(), 91);
    for expected in [
        ("string #5", "def456"),
        ("string #12", "abc123"),
        ("string #17", "af_purchase"),
        ("string #25", "fb_mobile_purchase"),
        ("string #27", "https://launches.appsflyer.com/api/"),
        ("string #31", "' \u{2014} d\u{e9}j\u{e0} vu A"),
        ("string #32", "RNFBAnalyticsModule"),
    ] {
        assert!(
            strings.contains(&expected),
            "{expected:?} not in {strings:?}"
        );
    }
}

/// Both bytecode versions, checked against hermesc's own `-dump-bytecode` string table.
#[test]
fn hermes_versions_96_and_98() {
    let bytes = std::fs::read(HBC_96).unwrap();
    let hbc = hermes::parse(&bytes).unwrap();
    assert_eq!((hbc.version, hbc.string_count), (96, 92));
    let strings: Vec<String> = hbc.strings().map(|s| s.unwrap().into_owned()).collect();
    assert_eq!(&strings[..4], ["", "eventName must match ", " ", " done"]);
    assert_eq!(strings[27], "https://launches.appsflyer.com/api/");
    assert_eq!(strings[62], "__DEV__");

    let bytes = std::fs::read(HBC_98).unwrap();
    let hbc = hermes::parse(&bytes).unwrap();
    assert_eq!((hbc.version, hbc.string_count), (98, 90));
    let strings: Vec<String> = hbc.strings().map(|s| s.unwrap().into_owned()).collect();
    assert_eq!(
        &strings[..4],
        [
            "",
            "af_complete_registration",
            "define",
            "eventName must match "
        ]
    );
    assert!(strings.contains(&"https://launches.appsflyer.com/api/".to_string()));
    assert!(strings.contains(&"' \u{2014} d\u{e9}j\u{e0} vu A".to_string()));
}

// ---------------------------------------------------------------------------------------------
// Bad input: damaged copies of the real fixtures.

fn entries(apk: &str) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(apk).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().unwrap().to_string(), bytes)
        })
        .collect()
}

/// A copy of `apk` with entry `name` replaced by `f(bytes)`.
fn derive(dir: &TempDir, apk: &str, name: &str, f: impl Fn(&[u8]) -> Vec<u8>) -> PathBuf {
    let path = dir.path().join("derived.apk");
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut replaced = false;
    for (n, bytes) in entries(apk) {
        let bytes = if n == name {
            replaced = true;
            f(&bytes)
        } else {
            bytes
        };
        writer.start_file(n.as_str(), options).unwrap();
        writer.write_all(&bytes).unwrap();
    }
    writer.finish().unwrap();
    assert!(replaced, "{name} not in {apk}");
    path
}

fn patch(bytes: &[u8], at: usize, with: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    out[at..at + with.len()].copy_from_slice(with);
    out
}

/// The rest of the APK still reads: manifest, DEX, the other ABI's library and the bundle.
fn assert_rest_intact(facts: &Facts, damaged: &str) {
    assert_eq!(facts.app.id.as_deref(), Some("com.example.rn"));
    assert!(
        facts
            .classes
            .iter()
            .any(|c| c.name == "com.example.rn.MainActivity")
    );
    let other = if damaged == ARM64 { ARMV7 } else { ARM64 };
    assert!(facts.native_libraries.iter().any(|l| l.path == other));
    assert_eq!(strings_of(facts, other).len(), 6);
    if damaged != BUNDLE {
        assert_eq!(facts.script_calls.len(), 11);
    }
}

#[test]
fn truncated_elf() {
    let dir = TempDir::new().unwrap();
    let path = derive(&dir, PLAIN_JS_APK, ARM64, |b| b[..40].to_vec());
    let facts = read_facts(&path);
    assert_eq!(
        errors_of(&facts),
        [(
            ARM64,
            "truncated ELF header: the file has 40 bytes, the header needs 64"
        )]
    );
    assert!(!facts.native_libraries.iter().any(|l| l.path == ARM64));
    assert_rest_intact(&facts, ARM64);

    // Cut after the loaded segments, before .comment, the symbol table and the section headers:
    // the dynamic section still reads, and the read-only segment is scanned instead of .rodata.
    let path = derive(&dir, PLAIN_JS_APK, ARM64, |b| b[..0x870].to_vec());
    let facts = read_facts(&path);
    assert_eq!(
        errors_of(&facts),
        [(
            ARM64,
            "section headers end past the end of the file (offset 0xc10, count 20, entry size 64, file size 0x870)"
        )]
    );
    let lib = facts
        .native_libraries
        .iter()
        .find(|l| l.path == ARM64)
        .unwrap();
    assert_eq!(lib.needed, ["liblog.so", "libc.so"]);
    assert_eq!(lib.exported_count, 4);
    assert_eq!(strings_of(&facts, ARM64), SEGMENT_STRINGS);
    assert_rest_intact(&facts, ARM64);

    // Cut inside the read-only segment, before .rodata (0x480) and the dynamic section (0x708):
    // what the segment still holds is scanned; nothing else is left.
    let path = derive(&dir, PLAIN_JS_APK, ARM64, |b| b[..0x470].to_vec());
    let facts = read_facts(&path);
    assert_eq!(
        errors_of(&facts),
        [
            (
                ARM64,
                "section headers end past the end of the file (offset 0xc10, count 20, entry size 64, file size 0x470)"
            ),
            (
                ARM64,
                "a PT_DYNAMIC segment ends past the end of the file (offset 0x708, size 0x140)"
            ),
            (
                ARM64,
                "a PT_LOAD segment ends past the end of the file (offset 0x0, size 0x5c4)"
            )
        ]
    );
    let lib = facts
        .native_libraries
        .iter()
        .find(|l| l.path == ARM64)
        .unwrap();
    assert_eq!((lib.needed.len(), lib.exported_count), (0, 0));
    assert_eq!(strings_of(&facts, ARM64), SEGMENT_STRINGS[..9]);
    assert_rest_intact(&facts, ARM64);
}

/// The strings of arm64 libtracker.so's read-only segment: `.dynstr`, then `.rodata`.
const SEGMENT_STRINGS: [(&str, &str); 15] = [
    ("segment 0x365", "tracker_endpoint"),
    ("segment 0x376", "tracker_log_event"),
    ("segment 0x388", "strlen"),
    ("segment 0x38f", "__android_log_print"),
    (
        "segment 0x3a3",
        "Java_com_example_rn_TrackerModule_nativeEndpoint",
    ),
    ("segment 0x3d4", "tracker_event_names"),
    ("segment 0x3e8", "liblog.so"),
    ("segment 0x3f2", "libc.so"),
    ("segment 0x3fa", "libtracker.so"),
    ("segment 0x480", "af_purchase"),
    ("segment 0x48c", "https://launches.appsflyer.com/api/"),
    ("segment 0x4b0", "AFNative/6.14.0"),
    ("segment 0x4c0", "af_add_to_cart"),
    ("segment 0x4cf", "logEvent %s (%zu bytes, sum %d)"),
    ("segment 0x4ef", "af_complete_registration"),
];

#[test]
fn section_headers_past_the_end() {
    let dir = TempDir::new().unwrap();
    // ELF32 e_shoff (offset 0x20) pointed 16 bytes before the end of the file.
    let path = derive(&dir, PLAIN_JS_APK, ARMV7, |b| {
        patch(b, 0x20, &((b.len() - 16) as u32).to_le_bytes())
    });
    let facts = read_facts(&path);
    assert_eq!(
        errors_of(&facts),
        [(
            ARMV7,
            "section headers end past the end of the file (offset 0xca4, count 20, entry size 40, file size 0xcb4)"
        )]
    );
    // Without sections, the read-only segment is scanned: the same strings, and the dynamic
    // symbol names that share the segment.
    let lib = facts
        .native_libraries
        .iter()
        .find(|l| l.path == ARMV7)
        .unwrap();
    assert_eq!(lib.soname.as_deref(), Some("libtracker.so"));
    assert_eq!(lib.exported_count, 4);
    let strings = strings_of(&facts, ARMV7);
    assert!(strings.contains(&("segment 0x348", "https://launches.appsflyer.com/api/")));
    assert!(strings.contains(&("segment 0x3ab", "af_complete_registration")));
    assert_rest_intact(&facts, ARMV7);
}

#[test]
fn absurd_counts() {
    let dir = TempDir::new().unwrap();
    // ELF64 e_phnum (0x38) = 0xFFFF: without program headers nothing can be said.
    let path = derive(&dir, PLAIN_JS_APK, ARM64, |b| patch(b, 0x38, &[0xFF, 0xFF]));
    let facts = read_facts(&path);
    assert_eq!(
        errors_of(&facts),
        [(
            ARM64,
            "program headers end past the end of the file (offset 0x40, count 65535, entry size 56, file size 0x1110)"
        )]
    );
    assert_rest_intact(&facts, ARM64);

    // ELF64 e_shnum (0x3C) = 0xFFFF and e_shoff (0x28) = u64::MAX: reported, then ignored.
    let path = derive(&dir, PLAIN_JS_APK, ARM64, |b| {
        let b = patch(b, 0x3C, &[0xFF, 0xFF]);
        patch(&b, 0x28, &u64::MAX.to_le_bytes())
    });
    let facts = read_facts(&path);
    assert_eq!(
        errors_of(&facts),
        [(
            ARM64,
            "section headers end past the end of the file (offset 0xffffffffffffffff, count 65535, entry size 64, file size 0x1110)"
        )]
    );
    assert_eq!(strings_of(&facts, ARM64), SEGMENT_STRINGS);
    assert_rest_intact(&facts, ARM64);

    // The dynamic string table's size (DT_STRSZ, the 17th entry of .dynamic at 0x708) made huge.
    let bytes = std::fs::read("fixtures/native/arm64-v8a/libtracker.so").unwrap();
    let strsz = 0x708 + 16 * 16;
    assert_eq!(
        &bytes[strsz..strsz + 16],
        &[&10u64.to_le_bytes()[..], &164u64.to_le_bytes()[..]].concat()
    );
    let path = derive(&dir, PLAIN_JS_APK, ARM64, |b| {
        patch(b, strsz + 8, &u64::MAX.to_le_bytes())
    });
    let facts = read_facts(&path);
    let errors = errors_of(&facts);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, ARM64);
    assert!(
        errors[0].1.starts_with("malformed ELF: "),
        "{}",
        errors[0].1
    );
    assert_rest_intact(&facts, ARM64);
}

#[test]
fn garbage_bundle() {
    let dir = TempDir::new().unwrap();
    // Bytes of the ELF library are not JavaScript.
    let elf = std::fs::read("fixtures/native/arm64-v8a/libtracker.so").unwrap();
    let path = derive(&dir, PLAIN_JS_APK, BUNDLE, |_| elf.clone());
    let facts = read_facts(&path);
    assert_eq!(
        errors_of(&facts),
        [(
            BUNDLE,
            "JavaScript bundle: not JavaScript text: a NUL byte at offset 0x7"
        )]
    );
    assert_eq!(strings_of(&facts, BUNDLE), []);
    assert_eq!(facts.script_calls, []);
    assert_rest_intact(&facts, BUNDLE);

    // JavaScript cut inside a string literal: what came before stands.
    let path = derive(&dir, PLAIN_JS_APK, BUNDLE, |b| {
        let cut = memchr_str(b, b"'af_purchase").unwrap() + 4;
        b[..cut].to_vec()
    });
    let facts = read_facts(&path);
    assert_eq!(
        errors_of(&facts),
        [(
            BUNDLE,
            "JavaScript bundle: unterminated string literal starting on line 98"
        )]
    );
    assert_eq!(facts.script_calls.len(), 4);
    assert_eq!(strings_of(&facts, BUNDLE).len(), 9);

    // Hermes bytecode cut short, and with its string storage size patched past the end.
    let path = derive(&dir, HERMES_APK, BUNDLE, |b| b[..2000].to_vec());
    let facts = read_facts(&path);
    assert_eq!(
        errors_of(&facts),
        [(
            BUNDLE,
            "Hermes bytecode: the header says the file has 5577 bytes, it has 2000 (offset 0x20)"
        )]
    );
    let path = derive(&dir, HERMES_APK, BUNDLE, |b| {
        patch(b, 60, &u32::MAX.to_le_bytes())
    });
    let facts = read_facts(&path);
    assert_eq!(
        errors_of(&facts),
        [(
            BUNDLE,
            "Hermes bytecode: the string storage runs past the end of the file (offset 0x468, count 4294967295)"
        )]
    );
    assert_eq!(facts.native_libraries.len(), 2);
}

fn memchr_str(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Every byte of the fixtures' headers and tables overwritten in turn: always a value or a
/// typed error, never a panic.
#[test]
fn mutations_never_panic() {
    for file in [
        "fixtures/native/arm64-v8a/libtracker.so",
        "fixtures/native/armeabi-v7a/libtracker.so",
    ] {
        let bytes = std::fs::read(file).unwrap();
        for at in 0..bytes.len() {
            let value = [0x00, 0x7F, 0xFF][at % 3];
            if let Ok(lib) = elf::parse(&patch(&bytes, at, &[value])) {
                let _ = lib.strings().count();
            }
        }
        for len in (0..bytes.len()).step_by(7) {
            if let Ok(lib) = elf::parse(&bytes[..len]) {
                let _ = lib.strings().count();
            }
        }
    }
    for file in [HBC_96, HBC_98] {
        let bytes = std::fs::read(file).unwrap();
        for at in 0..bytes.len() {
            let value = [0x00, 0x7F, 0xFF][at % 3];
            if let Ok(hbc) = hermes::parse(&patch(&bytes, at, &[value])) {
                let _ = hbc.strings().count();
            }
        }
    }
    let js_bytes = std::fs::read("fixtures/src/native/index.android.js").unwrap();
    let values = [b'\'', b'`', b'/', b'\\', b'(', b'}', 0xC3];
    for at in (0..js_bytes.len()).step_by(5) {
        let _ = js::scan_bytes(&patch(&js_bytes, at, &[values[at % values.len()]]));
    }
}

/// Opt-in: the real Android libraries of the hermes-engine AARs (`jni/<abi>/*.so`) under
/// `$SDKLINT_CORPUS/elf/`. `SDKLINT_CORPUS=/work/corpus cargo test --test native -- --ignored`.
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn corpus_android_libraries() {
    let root = PathBuf::from(std::env::var_os("SDKLINT_CORPUS").expect("set SDKLINT_CORPUS"))
        .join("elf/hermes-engine");
    let mut aars: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "aar"))
        .collect();
    aars.sort();
    assert!(!aars.is_empty(), "no .aar under {}", root.display());
    let mut seen = 0;
    for aar in &aars {
        for (name, bytes) in entries(aar.to_str().unwrap()) {
            if !(name.starts_with("jni/") && name.ends_with(".so")) {
                continue;
            }
            seen += 1;
            let lib = elf::parse(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(lib.problems, [], "{}: {name}", aar.display());
            let abi = name.split('/').nth(1).unwrap();
            let (bits, machine) = match abi {
                "arm64-v8a" => (64, "aarch64"),
                "armeabi-v7a" => (32, "arm"),
                "x86" => (32, "x86"),
                "x86_64" => (64, "x86_64"),
                other => panic!("unexpected ABI {other}"),
            };
            assert_eq!((lib.bits, lib.machine.as_str()), (bits, machine), "{name}");
            let file = name.rsplit('/').next().unwrap();
            assert_eq!(lib.soname, Some(file), "{name}");
            assert!(lib.needed.contains(&"libc.so"), "{name}: {:?}", lib.needed);
            assert!(lib.exported_count > 50, "{name}: {}", lib.exported_count);
            let strings = lib.strings().take(elf::MAX_STRINGS).count();
            assert!(strings > 100, "{name}: {strings} strings");
            println!(
                "{} {name}: needed {:?}, {} exported, {} imported, {strings} strings",
                aar.file_name().unwrap().to_string_lossy(),
                lib.needed,
                lib.exported_count,
                lib.imported_count
            );
        }
    }
    assert_eq!(seen, 16);
}
