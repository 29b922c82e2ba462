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

/// Which calls to record: methods named by class and method name (every overload of a listed
/// name matches), and, in DEX code, calls into the classes of an SDK's class signatures.
///
/// The second kind answers "does the app's own code call this SDK at all", which the listed APIs
/// alone cannot (an app calling `GoogleSignIn.getClient` calls no event, consent or opt-out
/// API). A call into an SDK class from a class the same signature does not cover is kept once
/// per calling class and called class: a list that grows with the number of classes that
/// call an SDK, not with the number of calls, and that leaves out an SDK's calls into itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallFilter {
    /// Class descriptor (`Lcom/appsflyer/AppsFlyerLib;`) → method names.
    methods: HashMap<String, HashSet<String>>,
    /// Every method name of `methods`: a cheap first test for the JVM walker, which sees
    /// internal class names (`com/appsflyer/AppsFlyerLib`) and would build a descriptor per call.
    names: HashSet<String>,
    /// SDK class signatures as descriptor prefixes without the `;` (`Lcom/appsflyer`) → the
    /// signature's owner (an SDK's index).
    classes: HashMap<String, u32>,
}

/// What to record of the calls to one `method_ids` entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wanted {
    No,
    /// A listed API: every call.
    Api,
    /// A method of a class covered by this owner's signature: the first call from each class of
    /// another owner.
    Class(u32),
}

impl CallFilter {
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

    /// Adds an SDK class signature (`class_prefixes` or `classes`, Java form: `com.appsflyer`)
    /// owned by `owner`: calls into the classes it covers are recorded once per calling class.
    pub fn insert_class(&mut self, signature: &str, owner: u32) {
        let descriptor = format!("L{}", signature.replace('.', "/"));
        self.classes.entry(descriptor).or_insert(owner);
    }

    pub fn is_empty(&self) -> bool {
        self.methods.is_empty() && self.classes.is_empty()
    }

    /// The owner of the longest class signature covering the class with descriptor `class`
    /// (`Lcom/appsflyer/internal/AFa1b;`): a signature covers the class it names, its `$` inner
    /// classes and, as a package, everything under it.
    fn class_owner(&self, class: &str) -> Option<u32> {
        if self.classes.is_empty() {
            return None;
        }
        let bytes = class.as_bytes();
        (1..bytes.len())
            .rev()
            .filter(|&i| matches!(bytes[i], b'/' | b'$' | b';'))
            .find_map(|i| self.classes.get(&class[..i]).copied())
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
    /// Calls that matched the filter, in class_defs order, then method order, then code order:
    /// every call to a listed API, and the first call from each class into each class of
    /// another owner's signature.
    pub call_sites: Vec<CallSite>,
    /// Methods and classes that could not be (fully) walked, at most [`MAX_CODE_ERRORS`] of
    /// them and then one line counting the rest.
    pub errors: Vec<String>,
    pub stats: WalkStats,
    /// `(string_ids index, class_idx)`: for each string some method loads with `const-string`, the
    /// class whose method loads it first (class_defs order), so that a string can be owned by the
    /// code that uses it rather than by the DEX file.
    pub string_loaders: Vec<(u32, u32)>,
}

/// Walks every method of `dex` (named `file` in the bundle) and keeps the calls `filter` wants.
pub fn scan_dex(file: &str, dex: &Dex<'_>, filter: &CallFilter) -> DexCode {
    // One copy of the file name for all the call sites of this file.
    let file = &SharedStr::from(file);
    let mut out = DexCode::default();
    if filter.is_empty() {
        return out;
    }
    let wanted = wanted_methods(dex, filter);
    let mut interned = Interned::default();
    let mut walker = Walker::new();
    let mut error_count = 0usize;
    let mut loaded: HashSet<u32> = HashSet::new();
    // (calling class, called class) pairs already recorded for a `Wanted::Class` callee.
    let mut class_calls: HashSet<(u32, u16)> = HashSet::new();
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
        let caller = Caller {
            class_idx: def.class_idx,
            owner: dex
                .type_descriptor(def.class_idx)
                .ok()
                .and_then(|d| filter.class_owner(&d)),
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
                kind != InvokeKind::Custom
                    && match wanted.get(index as usize) {
                        Some(Wanted::Api) => true,
                        Some(&Wanted::Class(owner)) => caller.owner != Some(owner),
                        _ => false,
                    }
            });
            for &(_, string_idx) in &walker.strings {
                if loaded.insert(string_idx) {
                    out.string_loaders.push((string_idx, def.class_idx));
                }
            }
            // Calls recorded before an invalid instruction are kept.
            add_call_sites(
                &mut out,
                dex,
                file,
                (&caller, method.method_idx),
                &walker,
                &wanted,
                (&mut interned, &mut class_calls),
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

/// Per `method_ids` index: which calls to it the filter wants. Unresolvable ids are not wanted.
///
/// Each class is looked up once (method_ids of one class share its `class_idx`), and the
/// lookups go through a [`StringBudget`]: a crafted file whose types overlap one long string
/// stops being matched once the budget is spent, rather than scanning it 65,536 times.
fn wanted_methods(dex: &Dex<'_>, filter: &CallFilter) -> Vec<Wanted> {
    // Bounded: Dex::parse checked method_ids_size * 8 against the file.
    let mut wanted = vec![Wanted::No; dex.method_count() as usize];
    // class_idx is a u16: at most 65,536 entries.
    let mut classes: HashMap<u16, (Option<&HashSet<String>>, Option<u32>)> = HashMap::new();
    let mut budget = StringBudget::new(dex, "method_ids");
    for (idx, slot) in wanted.iter_mut().enumerate() {
        let Ok(id) = dex.method_id(idx as u32) else {
            continue;
        };
        let (names, owner) = match classes.get(&id.class_idx) {
            Some(class) => *class,
            None => {
                let class = match dex.type_descriptor(u32::from(id.class_idx)) {
                    Ok(class) => match budget.charge(class) {
                        Ok(class) => class,
                        Err(_) => break,
                    },
                    Err(_) => continue,
                };
                let entry = (
                    filter.methods.get(class.as_ref()),
                    filter.class_owner(class.as_ref()),
                );
                classes.insert(id.class_idx, entry);
                entry
            }
        };
        let api = names.is_some_and(|names| {
            dex.string(id.name_idx)
                .is_ok_and(|name| names.contains(name.as_ref()))
        });
        *slot = match owner {
            _ if api => Wanted::Api,
            Some(owner) => Wanted::Class(owner),
            None => Wanted::No,
        };
    }
    wanted
}

/// The class whose methods are being walked: its `class_idx` and the owner of the signature
/// that covers it, if any.
struct Caller {
    class_idx: u32,
    owner: Option<u32>,
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
    (class, caller_idx): (&Caller, u32),
    walker: &Walker,
    wanted: &[Wanted],
    (interned, class_calls): (&mut Interned, &mut HashSet<(u32, u16)>),
) {
    let Interned {
        callees,
        arg_strings,
        arg_lists,
    } = interned;
    let mut caller: Option<SharedStr> = None;
    for invoke in &walker.invokes {
        if invoke.kind == InvokeKind::Custom {
            continue;
        }
        match wanted.get(invoke.index as usize) {
            Some(Wanted::Api) => {}
            Some(&Wanted::Class(owner)) if class.owner != Some(owner) => {
                let Ok(id) = dex.method_id(invoke.index) else {
                    continue;
                };
                if !class_calls.insert((class.class_idx, id.class_idx)) {
                    continue;
                }
            }
            _ => continue,
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
