//! React Native bundles: Hermes bytecode string tables and the JavaScript tokenizer.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(hbc) = sdklint::native::hermes::parse(data) {
        let _ = hbc.strings().take(100_000).count();
    }
    let _ = sdklint::native::js::scan_bytes(data);
});
