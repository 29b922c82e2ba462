//! Call sites from DEX bytecode: walk every method of a DEX file and keep the calls that a
//! [`CallFilter`] asks for, with their constant arguments.
//!
//! The filter is a set of `(class, method name)` pairs, built by the caller (`lib.rs` builds it
//! from the SDK database's API tables), so that extraction knows nothing of SDKs or rules. Before
//! walking, each of the file's `method_ids` is checked against the filter once; the walk then
//! tests an invoke's method index against that table, and resolves names and arguments only for
//! the calls that match. With an empty filter no bytecode is walked.
//!
//! A method whose bytecode is invalid (unused opcode, instruction past the end, `code_item` past
//! the end of the file) or a class whose `class_data_item` is damaged is reported in
//! [`DexCode::errors`] and skipped; every other method and class is still walked.

use std::collections::{HashMap, HashSet};

use crate::android::dex::bytecode::{InvokeKind, Value, WalkStats, Walker};
use crate::android::dex::{Dex, StringBudget};
use crate::facts::code::{ArgValue, CallSite};
use crate::facts::{Location, SharedStr};

/// At most this many unreadable methods or classes are named per DEX file; the rest are counted.
pub const MAX_CODE_ERRORS: usize = 20;

/// Which calls to record: methods named by class and method name. Every overload of a listed
/// name matches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallFilter {
    /// Class descriptor (`Lcom/appsflyer/AppsFlyerLib;`) → method names.
    methods: HashMap<String, HashSet<String>>,
    /// Every method name of `methods`: a cheap first test for the JVM walker, which sees
    /// internal class names (`com/appsflyer/AppsFlyerLib`) and would build a descriptor per call.
    names: HashSet<String>,
    /// SDK class signatures as descriptor prefixes (`Lcom/appsflyer/`, `Lcom/appsflyer$`,
    /// `Lcom/appsflyer;`; an exact class as `Lcom/x/Y;` and `Lcom/x/Y$`), with the index of their
    /// SDK: calls into any method of an SDK's classes from outside them are recorded as
    /// [`DexCode::sdk_invokes`], so that the app's calls into an SDK are known beyond the APIs
    /// `methods` lists.
    sdk_classes: Vec<(String, u32)>,
}

impl CallFilter {
    /// Adds the class signatures of the SDKs: `(Java name, whether a package prefix, SDK index)`.
    pub fn with_sdk_classes(
        mut self,
        signatures: impl IntoIterator<Item = (String, bool, u32)>,
    ) -> Self {
        for (name, prefix, sdk) in signatures {
            let base = format!("L{}", name.replace('.', "/"));
            if prefix {
                self.sdk_classes.push((format!("{base}/"), sdk));
            }
            self.sdk_classes.push((format!("{base};"), sdk));
            self.sdk_classes.push((format!("{base}$"), sdk));
        }
        self
    }

    /// The SDK index whose class signature covers type `descriptor`.
    fn sdk_of_descriptor(&self, descriptor: &str) -> Option<u32> {
        self.sdk_classes
            .iter()
            .find(|(prefix, _)| descriptor.starts_with(prefix.as_str()))
            .map(|&(_, sdk)| sdk)
    }
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `class.method`; `class` is a Java binary name (`com.google.android.gms.ads.RequestConfiguration$Builder`),
    /// `method` a method name (`<init>` for constructors).
    pub fn insert(&mut self, class: &str, method: &str) {
        let descriptor = format!("L{};", class.replace('.', "/"));
        self.methods
            .entry(descriptor)
            .or_default()
            .insert(method.to_string());
        self.names.insert(method.to_string());
    }

    /// A filter of every `(class, method)` pair given.
    pub fn from_methods<'a>(methods: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut filter = Self::new();
        for (class, method) in methods {
            filter.insert(class, method);
        }
        filter
    }

    pub fn is_empty(&self) -> bool {
        self.methods.is_empty()
    }

    /// Whether a call to `name` on the class with JVM internal name `class`
    /// (`com/appsflyer/AppsFlyerLib`) is wanted.
    pub fn matches_internal(&self, class: &str, name: &str) -> bool {
        self.names.contains(name) && self.matches(&format!("L{class};"), name)
    }

    /// Whether a call to `name` on the class with descriptor `class` is wanted.
    pub fn matches(&self, class: &str, name: &str) -> bool {
        self.methods
            .get(class)
            .is_some_and(|names| names.contains(name))
    }
}

/// What walking one DEX file's bytecode gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DexCode {
    /// Calls that matched the filter, in class_defs order, then method order, then code order.
    pub call_sites: Vec<CallSite>,
    /// Methods and classes that could not be (fully) walked, at most [`MAX_CODE_ERRORS`] of
    /// them and then one line counting the rest.
    pub errors: Vec<String>,
    pub stats: WalkStats,
    /// `(string_ids index, class_idx)`: for each string some method loads with `const-string`, the
    /// class whose method loads it first (class_defs order), so that a string can be owned by the
    /// code that uses it rather than by the DEX file.
    pub string_loaders: Vec<(u32, u32)>,
    /// `(callee type_ids index, caller class_idx)`, each pair once: for every type that some
    /// method invokes but that this file does not define (the platform's own `java.`, `javax.`,
    /// `android.`, `dalvik.`, `kotlin.`, `org.json.`, `org.w3c.`, `org.xml.` types aside), the
    /// classes whose methods invoke it, so that a class only referred to can be told referred
    /// to by whom (the app, an SDK, a library).
    pub invoked_undefined: Vec<(u32, u32)>,
    /// Whether the bytecode was walked at all (not with an empty call filter).
    pub walked: bool,
    /// `(callee, caller)` in smali form, each pair once: calls into a method of an SDK's classes
    /// (by the filter's SDK class signatures) from a class outside that SDK's signatures — the
    /// app's, a library's or another SDK's; ownership tells which later.
    pub sdk_invokes: Vec<(SharedStr, SharedStr)>,
}

impl DexCode {
    pub fn is_walked(&self) -> bool {
        self.walked
    }
}

/// Type descriptors of the platform and language runtime: invoked everywhere, never an SDK.
const PLATFORM_TYPES: &[&str] = &[
    "Ljava/",
    "Ljavax/",
    "Landroid/",
    "Ldalvik/",
    "Lkotlin/",
    "Lorg/json/",
    "Lorg/w3c/",
    "Lorg/xml/",
    "Lsun/",
    "Llibcore/",
    "[",
];

/// Walks every method of `dex` (named `file` in the bundle) and keeps the calls `filter` wants.
pub fn scan_dex(file: &str, dex: &Dex<'_>, filter: &CallFilter) -> DexCode {
    // One copy of the file name for all the call sites of this file.
    let file = &SharedStr::from(file);
    let mut out = DexCode::default();
    if filter.is_empty() {
        return out;
    }
    out.walked = true;
    let wanted = wanted_methods(dex, filter);
    let mut interned = Interned::default();
    let mut walker = Walker::new();
    let mut error_count = 0usize;
    let mut loaded: HashSet<u32> = HashSet::new();
    // Types this file defines; and per type, whether it is one to list invokers of.
    let defined: HashSet<u32> = (0..dex.class_def_count())
        .filter_map(|i| dex.class_def(i).ok().map(|d| d.class_idx))
        .collect();
    let mut listed: HashMap<u32, bool> = HashMap::new();
    let mut invoked: HashSet<(u32, u32)> = HashSet::new();
    // Per type: the SDK whose signature covers it; per (callee, caller) method pair: seen.
    let mut type_sdk: HashMap<u32, Option<u32>> = HashMap::new();
    let mut sdk_pairs: HashSet<(u32, u32)> = HashSet::new();
    let mut method_names: HashMap<u32, SharedStr> = HashMap::new();
    let mut error = |out: &mut DexCode, message: String| {
        error_count += 1;
        if out.errors.len() < MAX_CODE_ERRORS {
            out.errors.push(message);
        }
    };
    for idx in 0..dex.class_def_count() {
        let def = match dex.class_def(idx) {
            Ok(def) => def,
            Err(e) => {
                error(&mut out, format!("class_def #{idx}: {e}"));
                continue;
            }
        };
        for method in dex.class_methods(&def) {
            let method = match method {
                Ok(method) => method,
                Err(e) => {
                    let class = dex
                        .type_descriptor(def.class_idx)
                        .map_or_else(|_| format!("class_def #{idx}"), |d| d.into_owned());
                    error(&mut out, format!("{class}: class_data_item: {e}"));
                    break;
                }
            };
            if method.code_off == 0 {
                continue;
            }
            let code = match dex.code_item(method.code_off) {
                Ok(code) => code,
                Err(e) => {
                    error(
                        &mut out,
                        format!("{}: {e}", method_name(dex, method.method_idx)),
                    );
                    continue;
                }
            };
            let result = walker.walk(&code, |kind, index| {
                kind != InvokeKind::Custom && wanted.get(index as usize).copied() == Some(true)
            });
            for &(_, string_idx) in &walker.strings {
                if loaded.insert(string_idx) {
                    out.string_loaders.push((string_idx, def.class_idx));
                }
            }
            for invoke in &walker.invokes {
                if invoke.kind == InvokeKind::Custom {
                    continue;
                }
                let Ok(id) = dex.method_id(invoke.index) else {
                    continue;
                };
                let callee = u32::from(id.class_idx);
                if !filter.sdk_classes.is_empty() && callee != def.class_idx {
                    let mut sdk_of = |t: u32| {
                        *type_sdk.entry(t).or_insert_with(|| {
                            dex.type_descriptor(t)
                                .ok()
                                .and_then(|d| filter.sdk_of_descriptor(&d))
                        })
                    };
                    if let Some(sdk) = sdk_of(callee)
                        && sdk_of(def.class_idx) != Some(sdk)
                        && sdk_pairs.insert((invoke.index, method.method_idx))
                    {
                        let mut name = |idx: u32| {
                            method_names
                                .entry(idx)
                                .or_insert_with(|| method_name(dex, idx).into())
                                .clone()
                        };
                        let pair = (name(invoke.index), name(method.method_idx));
                        out.sdk_invokes.push(pair);
                    }
                }
                if callee == def.class_idx || defined.contains(&callee) {
                    continue;
                }
                let wanted = *listed.entry(callee).or_insert_with(|| {
                    dex.type_descriptor(callee).is_ok_and(|d| {
                        d.starts_with('L') && !PLATFORM_TYPES.iter().any(|p| d.starts_with(p))
                    })
                });
                if wanted && invoked.insert((callee, def.class_idx)) {
                    out.invoked_undefined.push((callee, def.class_idx));
                }
            }
            // Calls recorded before an invalid instruction are kept.
            add_call_sites(
                &mut out,
                dex,
                file,
                method.method_idx,
                &walker,
                &wanted,
                &mut interned,
            );
            if let Err(e) = result {
                error(
                    &mut out,
                    format!("{}: {e}", method_name(dex, method.method_idx)),
                );
            }
        }
    }
    if error_count > MAX_CODE_ERRORS {
        out.errors.push(format!(
            "… and {} more methods or classes not fully read",
            error_count - MAX_CODE_ERRORS
        ));
    }
    out.stats = walker.stats;
    out
}

/// Per `method_ids` index: whether the filter wants calls to it. Unresolvable ids are not wanted.
///
/// Each class is looked up once (method_ids of one class share its `class_idx`), and the
/// lookups go through a [`StringBudget`]: a crafted file whose types overlap one long string
/// stops being matched once the budget is spent, rather than scanning it 65,536 times.
fn wanted_methods(dex: &Dex<'_>, filter: &CallFilter) -> Vec<bool> {
    // Bounded: Dex::parse checked method_ids_size * 8 against the file.
    let mut wanted = vec![false; dex.method_count() as usize];
    // class_idx is a u16: at most 65,536 entries.
    let mut classes: HashMap<u16, Option<&HashSet<String>>> = HashMap::new();
    let mut budget = StringBudget::new(dex, "method_ids");
    for (idx, slot) in wanted.iter_mut().enumerate() {
        let Ok(id) = dex.method_id(idx as u32) else {
            continue;
        };
        let names = match classes.get(&id.class_idx) {
            Some(names) => *names,
            None => {
                let class = match dex.type_descriptor(u32::from(id.class_idx)) {
                    Ok(class) => match budget.charge(class) {
                        Ok(class) => class,
                        Err(_) => break,
                    },
                    Err(_) => continue,
                };
                let names = filter.methods.get(class.as_ref());
                classes.insert(id.class_idx, names);
                names
            }
        };
        let Some(names) = names else {
            continue;
        };
        *slot = dex
            .string(id.name_idx)
            .is_ok_and(|name| names.contains(name.as_ref()));
    }
    wanted
}

fn method_name(dex: &Dex<'_>, idx: u32) -> String {
    dex.method(idx)
        .map_or_else(|_| format!("method #{idx}"), |m| m.to_string())
}

/// A called method, resolved once per DEX file however often it is called.
struct Callee {
    /// Smali form, shared by all its call sites.
    name: SharedStr,
    /// Per declared parameter: whether it is a reference (`L…;`, `[…`) and how many registers it
    /// takes (2 for `J` and `D`).
    params: Vec<(bool, usize)>,
}

/// What a DEX file's call sites share: each callee resolved once, each constant string argument
/// copied once (a game passes the same event name from hundreds of methods).
#[derive(Default)]
struct Interned {
    callees: HashMap<u32, Option<Callee>>,
    arg_strings: HashMap<u32, Option<SharedStr>>,
    /// Argument lists: most calls of an API pass one of a few constant combinations.
    arg_lists: HashSet<std::sync::Arc<[Option<ArgValue>]>>,
}

fn add_call_sites(
    out: &mut DexCode,
    dex: &Dex<'_>,
    file: &SharedStr,
    caller_idx: u32,
    walker: &Walker,
    wanted: &[bool],
    interned: &mut Interned,
) {
    let Interned {
        callees,
        arg_strings,
        arg_lists,
    } = interned;
    let mut caller: Option<SharedStr> = None;
    for invoke in &walker.invokes {
        if invoke.kind == InvokeKind::Custom || wanted.get(invoke.index as usize) != Some(&true) {
            continue;
        }
        let callee = callees.entry(invoke.index).or_insert_with(|| {
            dex.method(invoke.index).ok().map(|m| Callee {
                name: m.to_string().into(),
                params: m
                    .proto
                    .parameters
                    .iter()
                    .map(|p| {
                        let p = p.as_ref();
                        let reference = p.starts_with('L') || p.starts_with('[');
                        (reference, if matches!(p, "J" | "D") { 2 } else { 1 })
                    })
                    .collect(),
            })
        });
        let Some(callee) = callee else {
            continue;
        };
        let caller = caller
            .get_or_insert_with(|| method_name(dex, caller_idx).into())
            .clone();
        let regs = walker.args.get(invoke.args.clone()).unwrap_or_default();
        let args = if invoke.kind == InvokeKind::Polymorphic {
            Vec::new()
        } else {
            declared_args(dex, &callee.params, invoke.kind, regs, arg_strings)
        };
        out.call_sites.push(CallSite {
            callee: callee.name.clone(),
            location: Location::new(file, &caller),
            caller,
            args: match arg_lists.get(args.as_slice()) {
                Some(shared) => shared.clone(),
                None => {
                    let shared: std::sync::Arc<[Option<ArgValue>]> = args.into();
                    arg_lists.insert(shared.clone());
                    shared
                }
            },
        });
    }
}

/// Maps argument registers to declared parameters: the receiver comes first unless the call is
/// static, and `J`/`D` parameters take two registers.
fn declared_args(
    dex: &Dex<'_>,
    params: &[(bool, usize)],
    kind: InvokeKind,
    regs: &[Value],
    arg_strings: &mut HashMap<u32, Option<SharedStr>>,
) -> Vec<Option<ArgValue>> {
    let mut pos = usize::from(kind.has_receiver());
    let mut args = Vec::with_capacity(params.len());
    for &(reference, width) in params {
        let value = match regs.get(pos) {
            Some(Value::String(idx)) if reference => arg_strings
                .entry(*idx)
                .or_insert_with(|| dex.string(*idx).ok().map(|s| s.into()))
                .clone()
                .map(ArgValue::String),
            // `const/4 vX, 0` into a reference parameter is `null`.
            Some(Value::Int(v)) if !reference => Some(ArgValue::Int(*v)),
            _ => None,
        };
        args.push(value);
        pos += width;
    }
    args
}
