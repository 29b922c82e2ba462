//! Apple's list of commonly used third-party SDKs (`data/apple_required_frameworks.toml`): the
//! framework names whose embedded copies need a privacy manifest of their own (SL104), whether or
//! not an SDK of the database owns them (Alamofire, FMDB and the Flutter plugins belong to none).
//!
//! The database's `privacy_manifest_required` flag says the same per SDK; a test keeps the two in
//! step (an SDK with a listed framework sets the flag, an SDK with the flag has a listed framework).

use std::sync::LazyLock;

use serde::Deserialize;

const SOURCE: &str = include_str!("data/apple_required_frameworks.toml");

/// One entry of Apple's list: its name as the page writes it, and the framework names it ships as.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListedSdk {
    pub name: String,
    pub frameworks: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListFile {
    sdk: Vec<ListedSdk>,
}

static LIST: LazyLock<Vec<ListedSdk>> = LazyLock::new(|| {
    toml::from_str::<ListFile>(SOURCE)
        .map(|f| f.sdk)
        .unwrap_or_else(|e| panic!("apple_required_frameworks.toml: {e}"))
});

/// Every entry, in the page's order.
pub fn entries() -> &'static [ListedSdk] {
    &LIST
}

/// The entry of Apple's list whose frameworks include `framework` (a framework directory's name
/// without `.framework`), matched exactly: `Alamofire` → `Alamofire`, `absl` → `Abseil`.
pub fn listed(framework: &str) -> Option<&'static ListedSdk> {
    LIST.iter()
        .find(|e| e.frameworks.iter().any(|f| f == framework))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::SdkDb;

    #[test]
    fn the_list_loads_and_names_each_framework_once() {
        let list = entries();
        assert_eq!(list.len(), 86);
        let mut names: Vec<&str> = list
            .iter()
            .flat_map(|e| e.frameworks.iter().map(String::as_str))
            .collect();
        let total = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), total, "a framework is listed twice");
        for e in list {
            assert!(!e.frameworks.is_empty(), "{}", e.name);
            for f in &e.frameworks {
                let ok = f.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
                assert!(ok, "{}: `{f}` is not a framework name", e.name);
            }
        }
        assert_eq!(listed("absl").map(|e| e.name.as_str()), Some("Abseil"));
        assert_eq!(
            listed("Alamofire").map(|e| e.name.as_str()),
            Some("Alamofire")
        );
        assert!(listed("alamofire").is_none(), "names are case-sensitive");
        assert!(listed("FirebaseAnalytics").is_none());
        assert!(listed("GoogleMobileAds").is_none());
    }

    /// The database's `privacy_manifest_required` agrees with the list, both ways.
    #[test]
    fn the_database_flag_agrees_with_the_list() {
        for sdk in SdkDb::builtin().iter() {
            let frameworks = sdk.ios.as_ref().map_or(&[][..], |i| &i.frameworks[..]);
            let listed_fw: Vec<&String> =
                frameworks.iter().filter(|f| listed(f).is_some()).collect();
            assert_eq!(
                sdk.privacy_manifest_required,
                !listed_fw.is_empty(),
                "sdks/{}.toml: privacy_manifest_required = {}, frameworks on Apple's list: {listed_fw:?}",
                sdk.id,
                sdk.privacy_manifest_required
            );
        }
    }
}
