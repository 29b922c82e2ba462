//! Call sites: calls from bytecode into the APIs the SDK database lists, with constant arguments.

use serde::Serialize;

use super::Location;

/// A call from app (or SDK) code into an API that the SDK database lists.
///
/// Only calls whose callee passes the extractor's call filter are recorded, so that a large app
/// keeps a small list. One call site per invoke instruction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallSite {
    /// The called method, smali form:
    /// `Lcom/appsflyer/AppsFlyerLib;->logEvent(Landroid/content/Context;Ljava/lang/String;Ljava/util/Map;)V`.
    pub callee: String,
    /// The calling method, smali form: `Lcom/example/shop/MainActivity;->onAddToCart(Ljava/lang/String;)V`.
    pub caller: String,
    /// One entry per *declared* parameter of the callee (the receiver is not counted): the
    /// constant the straight-line code before the call loaded into that argument, if any.
    pub args: Vec<Option<ArgValue>>,
    /// `{file: "classes.dex", locator: <caller>}`.
    pub location: Location,
}

/// A constant argument value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ArgValue {
    /// A `const-string` literal.
    String(String),
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
        match self.args.get(index)? {
            Some(ArgValue::String(s)) => Some(s),
            _ => None,
        }
    }
}
