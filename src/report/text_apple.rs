//! The iOS part of `sdklint facts` in text form: bundles, usage strings per locale, privacy
//! manifests with their owners, entitlements, frameworks, extensions and xcframework slices.

use std::fmt::Write;

use crate::facts::Facts;

/// Append the iOS metadata sections (nothing for a bundle without any).
pub fn render(out: &mut String, facts: &Facts) {
    let a = &facts.apple;
    if a.bundles.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n  bundles ({})", a.bundles.len());
    for b in &a.bundles {
        let _ = writeln!(
            out,
            "    {:16} {}  {} {}",
            name(&b.kind),
            b.path,
            b.bundle_id.as_deref().unwrap_or("-"),
            b.version.as_deref().unwrap_or("-")
        );
    }
    let _ = writeln!(
        out,
        "\n  usage descriptions ({})",
        a.usage_descriptions.len()
    );
    for u in &a.usage_descriptions {
        let _ = writeln!(
            out,
            "    {} [{}] {:?}  ({})",
            u.key,
            u.locale.as_deref().unwrap_or("Info.plist"),
            u.value,
            u.location.file
        );
    }
    let _ = writeln!(out, "\n  privacy manifests ({})", a.privacy_manifests.len());
    for m in &a.privacy_manifests {
        match (&m.manifest, &m.error) {
            (Some(p), _) => {
                let _ = writeln!(
                    out,
                    "    {}: tracking {}, {} tracking domains, {} collected data types, {} API types",
                    m.owner,
                    p.tracking.map_or("-".to_string(), |t| t.to_string()),
                    p.tracking_domains.len(),
                    p.collected_data_types.len(),
                    p.accessed_api_types.len()
                );
                for d in &p.tracking_domains {
                    let _ = writeln!(out, "        tracking domain {d}");
                }
            }
            (None, error) => {
                let _ = writeln!(
                    out,
                    "    {}: unreadable ({})",
                    m.owner,
                    error.as_deref().unwrap_or("?")
                );
            }
        }
    }
    let _ = writeln!(out, "\n  entitlements ({})", a.entitlements.len());
    for e in &a.entitlements {
        let value = serde_json::to_string(&e.value).unwrap_or_default();
        let _ = writeln!(
            out,
            "    {} = {}  ({}, {})",
            e.key,
            value,
            name(&e.source),
            e.location.file
        );
    }
    let _ = writeln!(out, "\n  frameworks ({})", a.frameworks.len());
    for f in &a.frameworks {
        let _ = writeln!(
            out,
            "    {} {}  {}{}",
            f.name,
            f.version.as_deref().unwrap_or("-"),
            f.path,
            if f.has_privacy_manifest {
                "  (privacy manifest)"
            } else {
                ""
            }
        );
    }
    if !a.extensions.is_empty() {
        let _ = writeln!(out, "\n  app extensions ({})", a.extensions.len());
        for e in &a.extensions {
            let _ = writeln!(
                out,
                "    {}  {}  {}",
                e.path,
                e.bundle_id.as_deref().unwrap_or("-"),
                e.extension_point.as_deref().unwrap_or("-")
            );
        }
    }
    if !a.xcframework_libraries.is_empty() {
        let _ = writeln!(
            out,
            "\n  xcframework libraries ({})",
            a.xcframework_libraries.len()
        );
        for l in &a.xcframework_libraries {
            let _ = writeln!(
                out,
                "    {}  {}  {}",
                l.identifier,
                l.library_path,
                l.architectures.join(",")
            );
        }
    }
}

/// The name a value has in JSON (`resource-bundle`, `provisioning-profile`).
fn name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
