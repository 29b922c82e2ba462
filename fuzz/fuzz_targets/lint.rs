//! The whole pipeline from bytes: the input is written as an `.apk` and as an `.ipa` and linted.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let mut options = sdklint::Options::default();
    options.limits.max_entry_bytes = 16 << 20;
    options.limits.max_total_bytes = 64 << 20;
    options.limits.max_memory = 32 << 20;
    for name in ["fuzz.apk", "fuzz.ipa"] {
        let path = dir.path().join(name);
        if std::fs::write(&path, data).is_ok() {
            let _ = sdklint::lint(&path, &options);
        }
    }
});
