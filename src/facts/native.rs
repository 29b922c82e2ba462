//! Facts from native and cross-platform code: shared libraries (`lib/<abi>/*.so`) and calls in
//! React Native JavaScript bundles. The strings found in both go to [`Facts::strings`](super::Facts)
//! with a locator saying where (`.rodata 0x4f0`, `line 123`, `string #42`).

use serde::Serialize;

use super::Location;

/// One native library (`lib/<abi>/*.so`): what it links, exports and imports.
///
/// Symbol lists are sorted and capped at [`crate::native::elf::MAX_SYMBOLS`] names each; the
/// counts are exact. `truncated` says that a cap (symbols or strings) was reached.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NativeLibrary {
    /// Entry path (`lib/arm64-v8a/libfoo.so`).
    pub path: String,
    /// ABI directory (`arm64-v8a`).
    pub abi: String,
    /// 32 or 64.
    pub bits: u8,
    /// `aarch64`, `arm`, `x86`, `x86_64`, …
    pub machine: String,
    /// `DT_SONAME`, if any.
    pub soname: Option<String>,
    /// `DT_NEEDED` libraries, in order (`liblog.so`, `libc.so`).
    pub needed: Vec<String>,
    /// Exported dynamic symbols (`Java_com_example_Foo_bar`, `tracker_log_event`).
    pub exported: Vec<String>,
    pub exported_count: usize,
    /// Undefined dynamic symbols the library imports (`__android_log_print`).
    pub imported: Vec<String>,
    pub imported_count: usize,
    /// Strings from read-only data added to `Facts::strings` for this library.
    pub string_count: usize,
    pub truncated: bool,
    /// `{ file: path, locator: "ELF header" }`.
    pub location: Location,
}

/// A tracking-style call in JavaScript (`appsFlyer.logEvent('af_purchase', …)`), with the string
/// literals in its arguments. Lower confidence than a bytecode call site: JavaScript names are not
/// bound to classes, so the callee is only the text of the member chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScriptCall {
    /// The member chain called: `appsFlyer.logEvent`, `analytics().logEvent`.
    pub callee: String,
    /// String literals in the argument list, in order (at most 8).
    pub string_args: Vec<String>,
    /// `{ file: "assets/index.android.bundle", locator: "line 123" }`.
    pub location: Location,
}
