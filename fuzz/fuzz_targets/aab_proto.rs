//! The protobufs of App Bundles and split sets: XmlNode manifests, resources.pb string values,
//! dependencies.pb and toc.pb.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sdklint::android::aab_proto;

fuzz_target!(|data: &[u8]| {
    let _ = aab_proto::parse_xml(data);
    let _ = aab_proto::string_resources(data);
    let _ = aab_proto::app_dependencies(data);
    let _ = aab_proto::build_apks_result(data);
});
