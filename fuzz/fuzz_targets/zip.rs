//! The tolerant zip reader: open an archive from bytes and read every entry under small limits.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sdklint::bundle::{FileBytes, Limits, ZipBundle};

fuzz_target!(|data: &[u8]| {
    let Ok(bytes) = FileBytes::from_bytes(data) else {
        return;
    };
    let limits = Limits {
        max_entries: 1_000,
        max_entry_bytes: 8 << 20,
        max_total_bytes: 32 << 20,
        max_memory: 16 << 20,
        ..Limits::default()
    };
    let Ok(zip) = ZipBundle::open(std::path::Path::new("fuzz.apk"), bytes, &limits) else {
        return;
    };
    let _ = zip.anomalies();
    for name in zip.names().to_vec() {
        let _ = zip.read_shared(&name).map(|b| b.len());
    }
});
