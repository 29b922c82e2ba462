//! The `[[android.apis]]` entries of an SDK file and their rules: event, consent, opt-out,
//! child-directed and age entry points by Java class and method (see `inventory::apis` for how
//! call sites map to them).

use serde::{Deserialize, Serialize};

use super::{DbError, SdkDef};
use crate::inventory::signature::check_java_name;

/// What calling an API means for the policy rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApiKind {
    /// Logs a conversion / in-app event (its name is argument `event_arg`).
    Event,
    /// Passes the user's consent to the SDK (or asks the SDK to wait for it).
    Consent,
    /// Stops or limits tracking for a user who opted out.
    OptOut,
    /// Flags the app or the request as child-directed (COPPA, Families).
    ChildDirected,
    /// Passes an age or age signal.
    Age,
}

impl ApiKind {
    /// The name used in database files and reports (`opt-out`).
    pub fn as_str(self) -> &'static str {
        match self {
            ApiKind::Event => "event",
            ApiKind::Consent => "consent",
            ApiKind::OptOut => "opt-out",
            ApiKind::ChildDirected => "child-directed",
            ApiKind::Age => "age",
        }
    }
}

impl std::fmt::Display for ApiKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One `[[android.apis]]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiDef {
    pub kind: ApiKind,
    /// Java binary name of the declaring class: `com.appsflyer.AppsFlyerLib`,
    /// `com.google.android.gms.ads.RequestConfiguration$Builder`.
    pub class: String,
    /// Method name, or `<init>` for a constructor.
    pub method: String,
    /// `kind = "event"` only: index of the event-name argument among the declared parameters.
    #[serde(default)]
    pub event_arg: Option<usize>,
}

/// Rules for one file's `android.apis`.
pub(crate) fn validate(file: &str, def: &SdkDef) -> Result<(), DbError> {
    let apis = &def.android.apis;
    for (i, api) in apis.iter().enumerate() {
        let key = |field: &str| format!("android.apis[{i}].{field}");
        check_java_name(&api.class).map_err(|m| DbError::invalid(file, key("class"), m))?;
        if !is_method_name(&api.method) {
            let message = format!(
                "`{}` is not a method name (a Java identifier, or `<init>` for a constructor)",
                api.method
            );
            return Err(DbError::invalid(file, key("method"), message));
        }
        match (api.kind, api.event_arg) {
            (ApiKind::Event, _) | (_, None) => {}
            (kind, Some(_)) => {
                let message = format!("only `event` APIs take an event_arg, not `{kind}`");
                return Err(DbError::invalid(file, key("event_arg"), message));
            }
        }
        if let Some(j) = apis[..i]
            .iter()
            .position(|a| a.class == api.class && a.method == api.method)
        {
            let message = format!(
                "`{}.{}` is already listed (android.apis[{j}])",
                api.class, api.method
            );
            return Err(DbError::invalid(file, key("method"), message));
        }
    }
    Ok(())
}

/// Rules between two files: a method belongs to one SDK, so that a call maps to one SDK.
pub(crate) fn check_conflicts(
    file: &str,
    def: &SdkDef,
    other_file: &str,
    other: &SdkDef,
) -> Result<(), DbError> {
    for (i, api) in def.android.apis.iter().enumerate() {
        if other
            .android
            .apis
            .iter()
            .any(|o| o.class == api.class && o.method == api.method)
        {
            let message = format!(
                "`{}.{}` is already listed by `{}` ({other_file})",
                api.class, api.method, other.id
            );
            return Err(DbError::invalid(
                file,
                format!("android.apis[{i}].method"),
                message,
            ));
        }
    }
    Ok(())
}

fn is_method_name(name: &str) -> bool {
    if name == "<init>" {
        return true;
    }
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}
