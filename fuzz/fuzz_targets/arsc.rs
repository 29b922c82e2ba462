//! The resource table: parse, then walk every chunk and resolve every string entry.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(table) = sdklint::android::arsc::parse(data) else {
        return;
    };
    let _ = table.issues();
    for chunk in table.type_chunks() {
        let _ = chunk.type_name.len();
    }
    for entry in table.string_entries().take(10_000) {
        if let Ok(entry) = entry {
            let _ = entry.value().len();
        }
    }
    let _ = table.name(0x7f01_0000);
    let _ = table.resolve(0x7f01_0000);
});
