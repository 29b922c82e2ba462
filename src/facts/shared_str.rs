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

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Serialize, Serializer};

/// An immutable, cheaply cloned string (`Arc<str>`).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SharedStr(Arc<str>);

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
        Self(Arc::from(s))
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> Self {
        Self(Arc::from(s))
    }
}

impl From<&String> for SharedStr {
    fn from(s: &String) -> Self {
        Self(Arc::from(s.as_str()))
    }
}

impl From<std::borrow::Cow<'_, str>> for SharedStr {
    fn from(s: std::borrow::Cow<'_, str>) -> Self {
        Self(Arc::from(s))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_one_allocation_and_compare_as_text() {
        let a = SharedStr::from("classes2.dex");
        let b = a.clone();
        assert!(std::ptr::eq(a.as_ptr(), b.as_ptr()));
        assert_eq!(a, "classes2.dex");
        assert_eq!("classes2.dex", a);
        assert_eq!(a, String::from("classes2.dex"));
        assert!(a.ends_with(".dex"));
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"classes2.dex\"");
        assert_eq!(format!("{a}/{a:?}"), "classes2.dex/\"classes2.dex\"");
    }
}
