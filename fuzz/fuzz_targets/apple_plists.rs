//! Property lists (XML and binary), `.strings` files, privacy manifests and provisioning
//! profiles (CMS).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sdklint::apple::{entitlements, plist, privacy_manifest, strings_file};

fuzz_target!(|data: &[u8]| {
    let _ = plist::parse(data);
    let _ = strings_file::parse(data);
    let _ = privacy_manifest::parse(data);
    let _ = entitlements::cms_content(data);
    let _ = entitlements::parse_provisioning_profile(data);
});
