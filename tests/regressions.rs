//! Inputs that once crashed or hung a parser (from the fuzzing campaign of issue 12), each run
//! through the parser it broke: it must end, quickly, with a value or a typed error.

use std::time::{Duration, Instant};

fn input(name: &str) -> Vec<u8> {
    std::fs::read(format!("tests/regressions/{name}")).unwrap()
}

/// `cafebabe ffffffff`: a fat header claiming 4 billion slices. The code-signature reader walked
/// them all (18 s); it must refuse the count as `macho` does.
#[test]
fn entitlements_refuse_an_uncapped_fat_count() {
    for name in ["macho-1.bin", "macho-1.fuzzer.bin"] {
        let bytes = input(name);
        let start = Instant::now();
        let result = sdklint::apple::entitlements::code_signature(&bytes);
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "{name}: took {:?}",
            start.elapsed()
        );
        let err = result.expect_err(name).to_string();
        assert!(
            err.contains("architectures, more than the limit"),
            "{name}: {err}"
        );
    }
}

/// `fixtures/shop.ipa` with its main binary replaced by the fuzzer's fat header: the whole lint
/// ends quickly with a result, the binary reported unreadable.
#[test]
fn lint_of_an_ipa_with_a_hostile_main_binary_ends() {
    let start = Instant::now();
    let report = sdklint::lint(
        std::path::Path::new("tests/regressions/lint-macho-1.ipa"),
        &sdklint::Options::default(),
    )
    .expect("the rest of the IPA reads");
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "took {:?}",
        start.elapsed()
    );
    assert!(
        report
            .facts
            .errors
            .iter()
            .any(|e| e.message.contains("architectures")),
        "{:?}",
        report.facts.errors
    );
}

/// A package chunk whose `typeIdOffset` is 0xffffffff: `1 + offset` overflowed (a panic with
/// overflow checks). It parses, or fails with a typed error, without panicking.
#[test]
fn arsc_type_id_offset_does_not_overflow() {
    for name in ["arsc-1.bin", "arsc-1.hand.bin"] {
        let bytes = input(name);
        let _ = sdklint::android::arsc::parse(&bytes).map(|table| format!("{table:?}"));
    }
}

/// A DEX whose 2,000 string_ids and one whose 2,000 class_defs all name one 100 KB string:
/// reading them stops at the string budget (4 × the file) with a typed error, not 200 MB of copies.
#[test]
fn dex_tables_sharing_one_string_stop_at_the_budget() {
    let bytes = input("amp-dex-strings.bin");
    let dex = sdklint::android::dex::Dex::parse(&bytes).unwrap();
    let err = dex
        .strings()
        .collect::<Result<Vec<_>, _>>()
        .expect_err("shared string data");
    assert!(
        err.to_string()
            .starts_with("string_ids: its strings add up to more than"),
        "{err}"
    );

    let bytes = input("amp-dex-defs.bin");
    let dex = sdklint::android::dex::Dex::parse(&bytes).unwrap();
    let err = dex.defined_classes().expect_err("shared class name");
    assert!(err.to_string().starts_with("class_defs:"), "{err}");
}

/// 2,000 ARSC type chunks naming one 64 K-character type: the table parses with one shared name.
#[test]
fn arsc_type_chunks_share_one_type_name() {
    let bytes = input("amp-arsc-typename.bin");
    let table = sdklint::android::arsc::parse(&bytes).expect("a valid table");
    let names: Vec<*const u8> = table.type_chunks().map(|t| t.type_name.as_ptr()).collect();
    assert_eq!(names.len(), 2000);
    assert!(names.iter().all(|&p| p == names[0]), "one copy of the name");
}

/// 1,000 ELF program headers over one 400 KB segment: its strings are read once.
#[test]
fn elf_segments_over_the_same_bytes_are_read_once() {
    let bytes = input("amp-elf-segments.bin");
    let lib = sdklint::native::elf::parse(&bytes).expect("a library");
    assert_eq!(lib.strings().count(), 100);
}

/// A thin Mach-O with `LC_MAIN` and a `__TEXT` whose file offset exceeds its address (from the
/// `macho` fuzz target): goblin's full parse computed `vmaddr - fileoff` and panicked with overflow
/// checks. The code-signature reader no longer parses the image with goblin, and the image
/// reader's segment precheck refuses it; both end with a value or a typed error.
#[test]
fn macho_lc_main_with_text_past_its_address_does_not_panic() {
    let bytes = input("macho-2.fuzzer.bin");
    let _ = sdklint::apple::entitlements::code_signature(&bytes);
    let _ = sdklint::apple::macho::images(&bytes, true).map(|units| units.len());
}
