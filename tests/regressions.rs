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
