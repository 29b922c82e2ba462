//! Call sites: calls from bytecode into the APIs the SDK database lists, with constant arguments.

use serde::Serialize;

use super::{Location, SharedStr};

/// A call from app (or SDK) code into an API that the SDK database lists.
///
/// Only calls whose callee passes the extractor's call filter are recorded, so that a large app
/// keeps a small list. One call site per invoke instruction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallSite {
    /// The called method, smali form:
    /// `Lcom/appsflyer/AppsFlyerLib;->logEvent(Landroid/content/Context;Ljava/lang/String;Ljava/util/Map;)V`.
    pub callee: SharedStr,
    /// The calling method, smali form: `Lcom/example/shop/MainActivity;->onAddToCart(Ljava/lang/String;)V`.
    pub caller: SharedStr,
    /// One entry per *declared* parameter of the callee (the receiver is not counted): the
    /// constant the straight-line code before the call loaded into that argument, if any.
    /// Shared with the API calls the inventory maps this site to.
    pub args: std::sync::Arc<[Option<ArgValue>]>,
    /// `{file: "classes.dex", locator: <caller>}`.
    pub location: Location,
}

/// A constant argument value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ArgValue {
    /// A `const-string` literal.
    String(SharedStr),
    /// An integer or boolean constant (`const/4 v0, 0x1` passes `true` or `1`). For a parameter of
    /// reference type, `const/4 v0, 0x0` is `null` and is not reported.
    Int(i64),
}

impl CallSite {
    /// The callee's class descriptor (`Lcom/appsflyer/AppsFlyerLib;`) and method name.
    pub fn callee_class_and_name(&self) -> Option<(&str, &str)> {
        let (class, rest) = self.callee.split_once("->")?;
        let name = rest.split_once('(').map_or(rest, |(name, _)| name);
        Some((class, name))
    }

    /// The string constant passed as declared parameter `index`, if any.
    pub fn string_arg(&self, index: usize) -> Option<&str> {
        self.string_arg_shared(index).map(SharedStr::as_str)
    }

    /// [`Self::string_arg`] as the shared string, to keep without copying.
    pub fn string_arg_shared(&self, index: usize) -> Option<&SharedStr> {
        match self.args.get(index)? {
            Some(ArgValue::String(s)) => Some(s),
            _ => None,
        }
    }
}

/// The method name of an API, smali form (`Lcom/a/B;->logEvent(…)V` → `logEvent`) or Objective-C
/// form (`-[AppsFlyerLib logEvent:withValues:]` → `logEvent`, the selector up to its first colon;
/// a function symbol stays as it is).
pub fn api_method_name(api: &str) -> &str {
    if let Some(selector) = objc_parts(api).map(|(_, s)| s) {
        return selector.split(':').next().unwrap_or(selector);
    }
    let rest = api.split_once("->").map_or(api, |(_, rest)| rest);
    rest.split_once('(').map_or(rest, |(name, _)| name)
}

/// The simple class name of an API: `RequestConfiguration$Builder` of a smali
/// `Lcom/google/android/gms/ads/RequestConfiguration$Builder;->…`, `GADRequestConfiguration` of
/// `-[GADRequestConfiguration …]`; empty when unknown.
pub fn api_class_name(api: &str) -> &str {
    if let Some((class, _)) = objc_parts(api) {
        return if class == "?" { "" } else { class };
    }
    let class = api.split_once("->").map_or("", |(c, _)| c);
    let class = class.trim_start_matches('L').trim_end_matches(';');
    class.rsplit('/').next().unwrap_or(class)
}

/// `(class, selector)` of `-[Class selector]` / `+[Class selector]`.
fn objc_parts(api: &str) -> Option<(&str, &str)> {
    api.strip_prefix("-[")
        .or_else(|| api.strip_prefix("+["))?
        .strip_suffix(']')?
        .split_once(' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_and_class_names_of_both_forms() {
        let smali = "Lcom/google/android/gms/ads/RequestConfiguration$Builder;->setTagForChildDirectedTreatment(I)V";
        assert_eq!(api_method_name(smali), "setTagForChildDirectedTreatment");
        assert_eq!(api_class_name(smali), "RequestConfiguration$Builder");
        let objc = "-[GADRequestConfiguration setTagForChildDirectedTreatment:]";
        assert_eq!(api_method_name(objc), "setTagForChildDirectedTreatment");
        assert_eq!(api_class_name(objc), "GADRequestConfiguration");
        assert_eq!(api_method_name("+[Adjust gdprForgetMe]"), "gdprForgetMe");
        assert_eq!(api_class_name("-[? stop]"), "");
        assert_eq!(api_method_name("_FIRLogEvent"), "_FIRLogEvent");
    }
}
