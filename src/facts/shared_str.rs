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
//! The handle is an [`ArcStr`]: one pointer (8 bytes, the length lives with the text), so the
//! facts that hold several (a call site, an event, every [`Location`](super::Location)) stay
//! small. The most numerous locators, `string #N` (one per string of every DEX file and Hermes
//! bundle, 10^5 to 10^6 in a large app), repeat across files: [`string_locator`] hands out one
//! shared copy per index.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

use std::sync::OnceLock;

use arcstr::ArcStr;

use serde::{Serialize, Serializer};

/// An immutable, cheaply cloned string (a reference-counted, thin [`ArcStr`]).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SharedStr(ArcStr);

impl SharedStr {
    pub fn as_str(&self) -> &str {
        &self.0
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

impl From<&str> for SharedStr {
    fn from(s: &str) -> Self {
        Self(ArcStr::from(s))
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> Self {
        Self(ArcStr::from(s))
    }
}

impl From<&String> for SharedStr {
    fn from(s: &String) -> Self {
        Self(ArcStr::from(s.as_str()))
    }
}

impl From<std::borrow::Cow<'_, str>> for SharedStr {
    fn from(s: std::borrow::Cow<'_, str>) -> Self {
        Self(ArcStr::from(s))
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

/// Indices [`string_locator`] shares: 32 blocks of 4,096, built when first asked for.
const SHARED_LOCATORS: usize = 32 * LOCATOR_BLOCK;
const LOCATOR_BLOCK: usize = 4096;

/// `string #index`, the locator of a string in a DEX file's or a Hermes bundle's string table:
/// one shared copy per index below 131,072 (a block of 4,096 is made the first time one of its
/// indices is asked for), a new one above.
pub fn string_locator(index: usize) -> SharedStr {
    static BLOCKS: [OnceLock<Box<[SharedStr]>>; SHARED_LOCATORS / LOCATOR_BLOCK] =
        [const { OnceLock::new() }; SHARED_LOCATORS / LOCATOR_BLOCK];
    if index >= SHARED_LOCATORS {
        return SharedStr::from(format!("string #{index}"));
    }
    let block = BLOCKS[index / LOCATOR_BLOCK].get_or_init(|| {
        let start = index / LOCATOR_BLOCK * LOCATOR_BLOCK;
        (start..start + LOCATOR_BLOCK)
            .map(|i| SharedStr::from(format!("string #{i}")))
            .collect()
    });
    block[index % LOCATOR_BLOCK].clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_one_allocation() {
        let a = SharedStr::from("classes2.dex");
        assert!(std::ptr::eq(a.as_ptr(), a.clone().as_ptr()));
        assert_eq!(std::mem::size_of::<SharedStr>(), 8);
    }

    #[test]
    fn string_locators_are_shared_per_index() {
        assert_eq!(string_locator(0), "string #0");
        assert_eq!(string_locator(4097), "string #4097");
        assert!(std::ptr::eq(
            string_locator(4097).as_ptr(),
            string_locator(4097).as_ptr()
        ));
        let past = SHARED_LOCATORS + 5;
        assert_eq!(string_locator(past), format!("string #{past}"));
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
