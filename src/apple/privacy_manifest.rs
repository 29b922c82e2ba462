//! Privacy manifests (`PrivacyInfo.xcprivacy`): the XML property list an app and each SDK ship to
//! declare tracking, tracking domains, collected data and "required reason" API use.
//!
//! Specified in Apple's developer documentation, "Privacy manifest files" (keys
//! `NSPrivacyTracking`, `NSPrivacyTrackingDomains`, `NSPrivacyCollectedDataTypes` with
//! `NSPrivacyCollectedDataType`, `…Linked`, `…Tracking`, `…Purposes`, and
//! `NSPrivacyAccessedAPITypes` with `NSPrivacyAccessedAPIType`, `…Reasons`). Decoding is
//! [`super::plist`]'s; this module only types the keys. Tolerated as Xcode tolerates them: binary
//! encoding, booleans written as `YES`/`NO` strings, unknown keys (ignored). A known key with the
//! wrong type (a string where an array belongs) is not fatal: it is skipped and described in
//! [`PrivacyManifest::problems`], so the rest of the manifest still counts.

use super::plist::{self, PlistError, PlistValue};

pub use crate::facts::apple_metadata::{AccessedApiType, CollectedDataType, PrivacyManifest};

/// Decode and type a privacy manifest. Only an undecodable plist, or one whose top level is not a
/// dictionary, is an error.
pub fn parse(bytes: &[u8]) -> Result<PrivacyManifest, PlistError> {
    let dict = plist::parse_dict(bytes)?;
    let mut m = PrivacyManifest::default();
    let mut problems = Vec::new();
    if let Some(v) = dict.get("NSPrivacyTracking") {
        m.tracking = boolean(v, "NSPrivacyTracking", &mut problems);
    }
    if let Some(v) = dict.get("NSPrivacyTrackingDomains") {
        m.tracking_domains = strings(v, "NSPrivacyTrackingDomains", &mut problems);
    }
    if let Some(v) = dict.get("NSPrivacyCollectedDataTypes") {
        for (i, item) in array(v, "NSPrivacyCollectedDataTypes", &mut problems)
            .iter()
            .enumerate()
        {
            let at = format!("NSPrivacyCollectedDataTypes[{i}]");
            let Some(d) = dict_of(item, &at, &mut problems) else {
                continue;
            };
            let Some(data_type) = string(d.get("NSPrivacyCollectedDataType"), &at, &mut problems)
            else {
                continue;
            };
            m.collected_data_types.push(CollectedDataType {
                data_type,
                linked: d
                    .get("NSPrivacyCollectedDataTypeLinked")
                    .and_then(|v| boolean(v, &format!("{at}.Linked"), &mut problems)),
                tracking: d
                    .get("NSPrivacyCollectedDataTypeTracking")
                    .and_then(|v| boolean(v, &format!("{at}.Tracking"), &mut problems)),
                purposes: d
                    .get("NSPrivacyCollectedDataTypePurposes")
                    .map(|v| strings(v, &format!("{at}.Purposes"), &mut problems))
                    .unwrap_or_default(),
            });
        }
    }
    if let Some(v) = dict.get("NSPrivacyAccessedAPITypes") {
        for (i, item) in array(v, "NSPrivacyAccessedAPITypes", &mut problems)
            .iter()
            .enumerate()
        {
            let at = format!("NSPrivacyAccessedAPITypes[{i}]");
            let Some(d) = dict_of(item, &at, &mut problems) else {
                continue;
            };
            let Some(api_type) = string(d.get("NSPrivacyAccessedAPIType"), &at, &mut problems)
            else {
                continue;
            };
            m.accessed_api_types.push(AccessedApiType {
                api_type,
                reasons: d
                    .get("NSPrivacyAccessedAPITypeReasons")
                    .map(|v| strings(v, &format!("{at}.Reasons"), &mut problems))
                    .unwrap_or_default(),
            });
        }
    }
    m.problems = problems;
    Ok(m)
}

fn boolean(v: &PlistValue, key: &str, problems: &mut Vec<String>) -> Option<bool> {
    let b = v.as_bool();
    if b.is_none() {
        problems.push(format!(
            "{key}: expected a boolean, found {}",
            v.type_name()
        ));
    }
    b
}

fn array<'a>(v: &'a PlistValue, key: &str, problems: &mut Vec<String>) -> &'a [PlistValue] {
    match v.as_array() {
        Some(a) => a,
        None => {
            problems.push(format!("{key}: expected an array, found {}", v.type_name()));
            &[]
        }
    }
}

fn dict_of<'a>(
    v: &'a PlistValue,
    at: &str,
    problems: &mut Vec<String>,
) -> Option<&'a std::collections::BTreeMap<String, PlistValue>> {
    let d = v.as_dict();
    if d.is_none() {
        problems.push(format!(
            "{at}: expected a dictionary, found {}",
            v.type_name()
        ));
    }
    d
}

fn string(v: Option<&PlistValue>, at: &str, problems: &mut Vec<String>) -> Option<String> {
    match v {
        Some(PlistValue::String(s)) => Some(s.clone()),
        Some(other) => {
            problems.push(format!(
                "{at}: expected a type string, found {}",
                other.type_name()
            ));
            None
        }
        None => {
            problems.push(format!("{at}: no type key"));
            None
        }
    }
}

fn strings(v: &PlistValue, key: &str, problems: &mut Vec<String>) -> Vec<String> {
    let mut out = Vec::new();
    for (i, item) in array(v, key, problems).iter().enumerate() {
        match item.as_str() {
            Some(s) => out.push(s.to_owned()),
            None => problems.push(format!(
                "{key}[{i}]: expected a string, found {}",
                item.type_name()
            )),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_types_are_problems_not_errors() {
        let xml = br#"<plist version="1.0"><dict>
<key>NSPrivacyTracking</key><string>YES</string>
<key>NSPrivacyTrackingDomains</key><string>a.example</string>
<key>NSPrivacyCollectedDataTypes</key><array><string>x</string><dict>
<key>NSPrivacyCollectedDataType</key><string>NSPrivacyCollectedDataTypeDeviceID</string>
<key>NSPrivacyCollectedDataTypeTracking</key><integer>7</integer></dict></array>
</dict></plist>"#;
        let m = parse(xml).unwrap();
        assert_eq!(m.tracking, Some(true));
        assert!(m.tracking_domains.is_empty());
        assert_eq!(
            m.collected_data_types,
            vec![CollectedDataType {
                data_type: "NSPrivacyCollectedDataTypeDeviceID".into(),
                ..Default::default()
            }]
        );
        assert_eq!(
            m.problems,
            vec![
                "NSPrivacyTrackingDomains: expected an array, found string",
                "NSPrivacyCollectedDataTypes[0]: expected a dictionary, found string",
                "NSPrivacyCollectedDataTypes[1].Tracking: expected a boolean, found integer",
            ]
        );
    }
}
