//! DEX: the id tables, the class lists and the bytecode walk with a filter that matches calls.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sdklint::android::dex::Dex;
use sdklint::extract::code::{CallFilter, scan_dex};

fuzz_target!(|data: &[u8]| {
    let Ok(dex) = Dex::parse(data) else {
        return;
    };
    let _ = dex.strings().count();
    let _ = dex.defined_classes();
    let _ = dex.referenced_classes();
    let filter = CallFilter::from_methods([
        ("com.appsflyer.AppsFlyerLib", "logEvent"),
        ("java.lang.Object", "<init>"),
    ]);
    let _ = scan_dex("classes.dex", &dex, &filter);
});
