//! Mach-O: thin, fat and static-archive containers, images with their ObjC metadata, and the
//! code signature (entitlements) reader.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = sdklint::apple::macho::sniff(data);
    let _ = sdklint::apple::macho::images(data, true).map(|units| format!("{units:?}").len());
    if let Ok(Some(signature)) = sdklint::apple::entitlements::code_signature(data) {
        let _ = sdklint::apple::entitlements::parse_superblob(signature);
    }
});
