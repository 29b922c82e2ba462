//! ELF shared libraries: headers, dynamic symbols and read-only strings.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(lib) = sdklint::native::elf::parse(data) {
        let _ = lib
            .strings()
            .take(sdklint::native::elf::MAX_STRINGS)
            .count();
    }
});
