//! [`SharedStr`]: an immutable string that many facts can hold at the cost of a pointer.
//!
//! A large app repeats the same few texts hundreds of thousands of times: the DEX file name of
//! every class and call site, the calling method of every call site (also its locator), the
//! called method of every call to `logEvent`. With a `String` each (and each call site copied
//! again into its event and its API call), `sdklint facts` on the generated 60 MB multidex
//! benchmark APK (138,240 call sites) peaked at 145 MiB; with one allocation per distinct text,
//! shared by reference count, at 103 MiB, and `check --format json` went from 291 MiB to 77 MiB
//! together with the streamed report (`cargo xtask bench`). Extractors intern what repeats (one
//! `SharedStr` per DEX file name, per resolved callee, per caller method, per constant argument)
//! and clone the handle.
//!
//! It reads like a `&str` (`Deref`, `as_str`, comparisons with `str` and `String`) so that rules
//! and reporters treat it as text; `Arc<str>` alone would not compare with a literal.
//!
//! The handle is [`SmolStr`]: a text of up to 23 bytes is held inline, a longer one in an
//! `Arc<str>`. Most locators are short and never repeat (`string #48213`, one per string of
//! every DEX file, 10^5 to 10^6 in a large app), so they take no allocation of their own; build
//! them with `shared_format!`, which formats without a `String` too.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

use smol_str::SmolStr;

use serde::{Serialize, Serializer};

/// An immutable, cheaply cloned string (inline up to 23 bytes, else an `Arc<str>`).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SharedStr(SmolStr);

impl SharedStr {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the text is held in the handle itself (up to 23 bytes) rather than shared on the
    /// heap: copying such a handle copies the text, which costs no allocation.
    pub fn is_inline(&self) -> bool {
        !self.0.is_heap_allocated()
    }
}

impl Deref for SharedStr {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl Serialize for SharedStr {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl SharedStr {
    /// Wrap an already built [`SmolStr`] (from `shared_format!`).
    pub fn from_smol(s: SmolStr) -> Self {
        Self(s)
    }
}

impl From<&str> for SharedStr {
    fn from(s: &str) -> Self {
        Self(SmolStr::from(s))
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> Self {
        Self(SmolStr::from(s))
    }
}

impl From<&String> for SharedStr {
    fn from(s: &String) -> Self {
        Self(SmolStr::from(s.as_str()))
    }
}

impl From<std::borrow::Cow<'_, str>> for SharedStr {
    fn from(s: std::borrow::Cow<'_, str>) -> Self {
        Self(SmolStr::from(s))
    }
}

impl From<&SharedStr> for SharedStr {
    fn from(s: &SharedStr) -> Self {
        s.clone()
    }
}

impl From<SharedStr> for String {
    fn from(s: SharedStr) -> Self {
        s.0.to_string()
    }
}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for SharedStr {
    fn eq(&self, other: &String) -> bool {
        &*self.0 == other.as_str()
    }
}

impl PartialEq<SharedStr> for str {
    fn eq(&self, other: &SharedStr) -> bool {
        self == &*other.0
    }
}

impl PartialEq<SharedStr> for &str {
    fn eq(&self, other: &SharedStr) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<SharedStr> for String {
    fn eq(&self, other: &SharedStr) -> bool {
        self.as_str() == &*other.0
    }
}

/// `format!` into a [`SharedStr`]: no allocation at all when the text fits inline.
macro_rules! shared_format {
    ($($arg:tt)*) => {
        $crate::facts::SharedStr::from_smol(::smol_str::format_smolstr!($($arg)*))
    };
}
pub(crate) use shared_format;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_share_one_allocation_short_ones_are_inline() {
        let long =
            SharedStr::from("Lcom/appsflyer/AppsFlyerLib;->logEvent(Landroid/content/Context;)V");
        assert!(std::ptr::eq(long.as_ptr(), long.clone().as_ptr()));
        assert!(long.0.is_heap_allocated());
        let short = shared_format!("string #{}", 123_456);
        assert_eq!(short, "string #123456");
        assert!(!short.0.is_heap_allocated());
    }

    #[test]
    fn compares_as_text() {
        let a = SharedStr::from("classes2.dex");
        assert_eq!(a, "classes2.dex");
        assert_eq!("classes2.dex", a);
        assert_eq!(a, String::from("classes2.dex"));
        assert!(a.ends_with(".dex"));
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"classes2.dex\"");
        assert_eq!(format!("{a}/{a:?}"), "classes2.dex/\"classes2.dex\"");
    }
}
