//! The `[[ios.apis]]` entries of an SDK file and their rules: entry points by Objective-C class
//! and selector or by function symbol (see `inventory::ios_apis` for how call sites map to them).

use serde::{Deserialize, Serialize};

use super::{ApiKind, DbError, SdkDef};

/// One `[[ios.apis]]` entry: `class` + `selector`, or `function`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IosApiDef {
    pub kind: ApiKind,
    /// The Objective-C class declaring the selector (`AppsFlyerLib`).
    #[serde(default)]
    pub class: Option<String>,
    /// The selector (`logEvent:withValues:`), instance or class method alike.
    #[serde(default)]
    pub selector: Option<String>,
    /// A C or Swift function symbol as the symbol table spells it, instead of a selector.
    #[serde(default)]
    pub function: Option<String>,
    /// `kind = "event"` only: which argument is the event name (0 = the first).
    #[serde(default)]
    pub event_arg: Option<usize>,
    /// The selector's mere presence in an app binary whose code was not walked is the signal
    /// (SL301 consent, SL501 child-directed, SL502 age): for `consent`, `child-directed` and
    /// `age` selectors specific enough to the SDK that no unrelated code sends them
    /// (`setTagForChildDirectedTreatment:`, never `optIn` or `disable`).
    #[serde(default)]
    pub presence: bool,
}

/// `logEvent:withValues:` and `stop` are selectors; `log Event`, `logEvent:with`, `:x:` are not.
fn is_selector(s: &str) -> bool {
    let ident = |p: &str| {
        p.bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
            && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    };
    match s.strip_suffix(':') {
        None => ident(s),
        Some(rest) => rest.split(':').all(ident),
    }
}

/// Rules for one file's `ios.apis`.
pub(crate) fn validate(file: &str, def: &SdkDef) -> Result<(), DbError> {
    let Some(ios) = &def.ios else { return Ok(()) };
    for (i, api) in ios.apis.iter().enumerate() {
        let key = |field: &str| format!("ios.apis[{i}].{field}");
        let arity = match (&api.class, &api.selector, &api.function) {
            (Some(class), Some(selector), None) => {
                if !is_selector(selector) {
                    return Err(DbError::invalid(
                        file,
                        key("selector"),
                        format!("`{selector}` is not an Objective-C selector"),
                    ));
                }
                if class.is_empty() || !is_selector(class) || class.contains(':') {
                    return Err(DbError::invalid(
                        file,
                        key("class"),
                        format!("`{class}` is not an Objective-C class name"),
                    ));
                }
                selector.matches(':').count()
            }
            (None, None, Some(function)) => {
                if !function.starts_with('_') || function.contains(char::is_whitespace) {
                    return Err(DbError::invalid(
                        file,
                        key("function"),
                        format!("`{function}` is not a symbol name (symbols start with `_`)"),
                    ));
                }
                8
            }
            _ => {
                return Err(DbError::invalid(
                    file,
                    format!("ios.apis[{i}]"),
                    "give `class` and `selector`, or `function`".to_string(),
                ));
            }
        };
        match (api.kind, api.event_arg) {
            (_, None) => {}
            (ApiKind::Event, Some(n)) if n < arity => {}
            (ApiKind::Event, Some(n)) => {
                let message = format!("the API takes {arity} arguments; there is no argument {n}");
                return Err(DbError::invalid(file, key("event_arg"), message));
            }
            (kind, Some(_)) => {
                let message = format!("only `event` APIs take an event_arg, not `{kind}`");
                return Err(DbError::invalid(file, key("event_arg"), message));
            }
        }
        if api.presence {
            let problem = if api.selector.is_none() {
                Some("only a selector can be a presence signal, not a function".to_string())
            } else if matches!(api.kind, ApiKind::Event | ApiKind::OptOut) {
                Some(format!(
                    "only `consent`, `child-directed` and `age` APIs are presence signals, not `{}`",
                    api.kind
                ))
            } else {
                None
            };
            if let Some(message) = problem {
                return Err(DbError::invalid(file, key("presence"), message));
            }
        }
        if let Some(j) = ios.apis[..i].iter().position(|a| {
            a.class == api.class && a.selector == api.selector && a.function == api.function
        }) {
            return Err(DbError::invalid(
                file,
                key("selector"),
                format!("already listed (ios.apis[{j}])"),
            ));
        }
    }
    Ok(())
}

/// Rules between two files: a class's selector or a function belongs to one SDK.
pub(crate) fn check_conflicts(
    file: &str,
    def: &SdkDef,
    other_file: &str,
    other: &SdkDef,
) -> Result<(), DbError> {
    let (Some(mine), Some(theirs)) = (&def.ios, &other.ios) else {
        return Ok(());
    };
    for (i, api) in mine.apis.iter().enumerate() {
        if theirs.apis.iter().any(|o| {
            o.class == api.class && o.selector == api.selector && o.function == api.function
        }) {
            let message = format!("already listed by `{}` ({other_file})", other.id);
            return Err(DbError::invalid(file, format!("ios.apis[{i}]"), message));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors() {
        assert!(is_selector("logEvent:withValues:"));
        assert!(is_selector("stop"));
        assert!(!is_selector("logEvent:with"));
        assert!(!is_selector(":x:"));
        assert!(!is_selector("log Event"));
    }
}
