//! CycloneDX 1.5 JSON SBOM of the SDKs found in a bundle (`sdklint inventory --format cyclonedx`).
//!
//! One `library` component per detected SDK, with sdklint's confidence, categories and evidence as
//! `properties` (namespace `sdklint:`), and on Android a `pkg:maven/…` purl from the SDK's
//! primary Maven coordinates in the database (with the version when the bundle reveals it). The document is deterministic (no serial number, no timestamp) so that two runs on
//! the same bundle give the same bytes and SBOMs can be diffed.

use serde_json::{Value, json};

use crate::BundleReport;
use crate::facts::Platform;
use crate::inventory::SdkDb;

/// The CycloneDX version written.
pub const SPEC_VERSION: &str = "1.5";

/// Render one bundle's SDK inventory as a CycloneDX 1.5 JSON document.
pub fn render(report: &BundleReport, db: &SdkDb) -> String {
    let facts = &report.facts;
    let mut app = json!({
        "type": "application",
        "bom-ref": "app",
        "name": facts.app.id.clone().unwrap_or_else(|| facts.path.clone()),
    });
    if let Some(version) = &facts.app.version {
        app["version"] = json!(version);
    }
    let components: Vec<Value> = report
        .inventory
        .sdks
        .iter()
        .map(|hit| {
            let def = db.get(&hit.id);
            let mut properties = vec![
                property("sdklint:id", &hit.id),
                property("sdklint:confidence", hit.confidence.as_str()),
                property(
                    "sdklint:conversion-tracking",
                    if hit.conversion_tracking {
                        "true"
                    } else {
                        "false"
                    },
                ),
            ];
            properties.extend(
                hit.categories
                    .iter()
                    .map(|c| property("sdklint:category", c.as_str())),
            );
            properties.extend(
                hit.evidence
                    .iter()
                    .map(|e| property("sdklint:evidence", &format!("{}: {}", e.file, e.locator))),
            );
            properties.push(property(
                "sdklint:evidence-total",
                &hit.evidence_total.to_string(),
            ));
            let mut component = json!({
                "type": "library",
                "bom-ref": format!("sdk:{}", hit.id),
                "name": hit.name,
                "properties": properties,
            });
            if let Some(version) = &hit.version {
                component["version"] = json!(version);
            }
            if let Some(def) = def {
                component["publisher"] = json!(def.vendor);
                // The SDK's primary Maven artifact names the package on Android; iOS bundles get
                // no purl until the database knows CocoaPods names.
                if facts.platform == Platform::Android
                    && let Some((group, artifact)) =
                        def.android.maven.first().and_then(|c| c.split_once(':'))
                {
                    let mut purl = format!("pkg:maven/{group}/{artifact}");
                    if let Some(version) = &hit.version {
                        purl.push('@');
                        purl.push_str(version);
                    }
                    component["purl"] = json!(purl);
                }
                if let Some(docs) = &def.docs {
                    component["externalReferences"] =
                        json!([{ "type": "documentation", "url": docs }]);
                }
            }
            component
        })
        .collect();
    let doc = json!({
        "$schema": "http://cyclonedx.org/schema/bom-1.5.schema.json",
        "bomFormat": "CycloneDX",
        "specVersion": SPEC_VERSION,
        "version": 1,
        "metadata": {
            "tools": {
                "components": [{
                    "type": "application",
                    "name": "sdklint",
                    "version": env!("CARGO_PKG_VERSION"),
                }]
            },
            "component": app,
            "properties": [ property("sdklint:bundle", &facts.path) ],
        },
        "components": components,
        "dependencies": [{
            "ref": "app",
            "dependsOn": report.inventory.sdks.iter().map(|h| format!("sdk:{}", h.id)).collect::<Vec<_>>(),
        }],
    });
    let mut out = serde_json::to_string_pretty(&doc).expect("JSON values always serialize");
    out.push('\n');
    out
}

fn property(name: &str, value: &str) -> Value {
    json!({ "name": name, "value": value })
}
