//! Android binary XML and the typed manifest on top of it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = sdklint::android::axml::parse(data);
    let _ = sdklint::android::manifest::parse(data);
    let _ = sdklint::android::text_xml::parse(data);
});
