//! Java class-name signatures: package-boundary matching and the well-formedness rules the database
//! enforces on them.

/// Package roots that unrelated products share: a signature naming only one of them would match
/// many SDKs at once (Exodus Privacy's most common source of false positives).
pub(crate) const SHARED_ROOTS: &[&str] = &[
    "com.amazon",
    "com.android",
    "com.bytedance",
    "com.facebook",
    "com.google",
    "com.google.android",
    "com.google.android.gms",
    "com.google.firebase",
    "com.huawei",
    "com.microsoft",
    "com.samsung",
    "com.snap",
    "com.tiktok",
    "com.twitter",
    "com.unity3d",
    "com.yandex",
    "io.github",
    "org.apache",
];

/// Whether the class `name` is the package or class `prefix` or lies inside it: `prefix` followed
/// by `.` (a sub-package or class) or `$` (an inner class). `com.appsflyer` covers
/// `com.appsflyer.AppsFlyerLib`, never `com.appsflyerx.Y`.
pub(crate) fn covers_prefix(prefix: &str, name: &str) -> bool {
    match name.strip_prefix(prefix) {
        Some(rest) => rest.is_empty() || rest.starts_with('.') || rest.starts_with('$'),
        None => false,
    }
}

/// `com.example` covers `com.example` and `com.example.x.Y`, not `com.examples` nor
/// `com.example$1` (a package, not a class: see [`covers_prefix`] for signatures).
pub(crate) fn covers_package(prefix: &str, name: &str) -> bool {
    name.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

/// Whether `name` is the exact class `class` or one of its inner classes (`class$…`).
pub(crate) fn covers_class(class: &str, name: &str) -> bool {
    match name.strip_prefix(class) {
        Some(rest) => rest.is_empty() || rest.starts_with('$'),
        None => false,
    }
}

/// Checks that `sig` is a dotted Java name (`com.example.sdk`, inner classes with `$`) of at least
/// two segments. The error says what is wrong, naming `sig`.
pub(crate) fn check_java_name(sig: &str) -> Result<(), String> {
    if sig.is_empty() {
        return Err("empty name".to_string());
    }
    if sig.ends_with('.') {
        return Err(format!(
            "`{sig}` ends with a dot; write the package without it"
        ));
    }
    for segment in sig.split('.') {
        let mut chars = segment.chars();
        let valid = match chars.next() {
            None => return Err(format!("`{sig}` has an empty segment")),
            Some(first) => {
                (first.is_alphabetic() || first == '_' || first == '$')
                    && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
            }
        };
        if !valid {
            return Err(format!(
                "`{sig}` is not a Java package or class name (segment `{segment}`)"
            ));
        }
    }
    if !sig.contains('.') {
        return Err(format!(
            "`{sig}` is too generic: a signature needs at least two segments"
        ));
    }
    Ok(())
}

/// Rejects a signature that is only a namespace shared by unrelated SDKs.
pub(crate) fn check_specific(sig: &str) -> Result<(), String> {
    if SHARED_ROOTS.contains(&sig) {
        return Err(format!(
            "`{sig}` is too generic: unrelated SDKs share it; name the SDK's own package"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_match_at_package_boundaries_only() {
        assert!(covers_prefix("com.appsflyer", "com.appsflyer"));
        assert!(covers_prefix("com.appsflyer", "com.appsflyer.AppsFlyerLib"));
        assert!(covers_prefix("com.appsflyer", "com.appsflyer.a.B"));
        assert!(covers_prefix("com.appsflyer", "com.appsflyer$1"));
        assert!(!covers_prefix("com.appsflyer", "com.appsflyerx.Foo"));
        assert!(!covers_prefix("com.appsflyer", "com.apps"));
    }

    #[test]
    fn classes_match_themselves_and_inner_classes() {
        let class = "com.tiktok.TikTokBusinessSdk";
        assert!(covers_class(class, "com.tiktok.TikTokBusinessSdk"));
        assert!(covers_class(class, "com.tiktok.TikTokBusinessSdk$Config"));
        assert!(!covers_class(class, "com.tiktok.TikTokBusinessSdkX"));
        assert!(!covers_class(class, "com.tiktok.TikTokBusinessSdk.x"));
    }

    #[test]
    fn java_names() {
        assert_eq!(check_java_name("com.example.sdk"), Ok(()));
        assert_eq!(check_java_name("com.example.Sdk$Inner"), Ok(()));
        assert_eq!(check_java_name("co.ab180.airbridge"), Ok(()));
        assert!(check_java_name("com.1example").is_err());
        assert!(check_java_name("com..example").is_err());
        assert!(check_java_name("com.exa-mple").is_err());
        assert!(check_java_name("com.example.").is_err());
        assert!(check_java_name("com").is_err());
        assert!(check_java_name("").is_err());
    }
}
