//! No module cycle: the library's modules, at the first and second level (`rules`,
//! `rules::sl301_no_consent_mechanism`, `apple::macho`), form a graph without cycles.
//!
//! Every file of the library under `src/` is parsed with syn; every path that names a module of
//! the crate (`use crate::…`, `use super::…`, `crate::x::y` in code) is an edge from the file's
//! module to the module it names. Two graphs are checked: one of the top-level modules, and,
//! inside each top-level module, one of its second-level modules. A module's own `mod.rs` and the
//! crate root are namespaces, not nodes: a child using what its parent re-exports is no edge.
//! `src/main.rs` and `src/cli/` are the binary, not the library, and are left out, as is
//! `#[cfg(test)]` code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// Edges that close a cycle and may stay for now, each with why. Empty: the last ones
/// (`inventory::db` naming the matching passes for their definition types) went when the schema
/// became its own leaf, `inventory::schema`. An edge listed here that no longer exists fails the
/// test, so the list only shrinks.
const ALLOWED: &[(&str, &str, &str)] = &[];

type Module = Vec<String>;

/// The module a file defines: `src/a/b.rs` and `src/a/b/mod.rs` are `a::b`.
fn module_of(file: &Path) -> Module {
    let rel = file.strip_prefix("src").unwrap();
    let mut parts: Module = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every path in a file that starts with `crate`, `super` or `self`, as segments.
#[derive(Default)]
struct Paths(Vec<Vec<String>>);

impl Paths {
    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => self.push_with(prefix, Some(n.ident.to_string())),
            syn::UseTree::Rename(r) => self.push_with(prefix, Some(r.ident.to_string())),
            syn::UseTree::Glob(_) => self.push_with(prefix, None),
            syn::UseTree::Group(g) => {
                for tree in &g.items {
                    self.use_tree(prefix, tree);
                }
            }
        }
    }

    fn push_with(&mut self, prefix: &[String], last: Option<String>) {
        let mut path = prefix.to_vec();
        // `use crate::x::{self}` names `x`.
        path.extend(last.filter(|l| l != "self"));
        self.0.push(path);
    }
}

/// `#[cfg(test)]`: test code may reach across layers (a unit test of the fingerprint renders
/// SARIF); only what the library is built from counts.
fn test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.parse_args::<syn::Ident>()
                .is_ok_and(|ident| ident == "test")
    })
}

impl<'ast> Visit<'ast> for Paths {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        if !test_only(&item.attrs) {
            self.use_tree(&mut Vec::new(), &item.tree);
        }
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if !test_only(&item.attrs) {
            syn::visit::visit_item_mod(self, item);
        }
    }

    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        if !test_only(&item.attrs) {
            syn::visit::visit_item_fn(self, item);
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        self.0
            .push(path.segments.iter().map(|s| s.ident.to_string()).collect());
        syn::visit::visit_path(self, path);
    }
}

/// The module of the crate a path starts in, resolved from the module `from`; `None` for paths
/// into other crates or local names.
fn resolve(from: &Module, is_mod_rs: bool, path: &[String]) -> Option<Module> {
    let mut base: Module = match path.first()?.as_str() {
        "crate" => Vec::new(),
        "self" | "super" => from.clone(),
        _ => return None,
    };
    let mut rest = path;
    if path[0] == "crate" {
        rest = &path[1..];
    }
    let _ = is_mod_rs;
    while let Some(first) = rest.first() {
        match first.as_str() {
            "self" => {}
            "super" => {
                base.pop()?;
            }
            _ => break,
        }
        rest = &rest[1..];
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

/// The longest prefix of `path`, two segments at most, that is a module of the crate.
fn node(modules: &BTreeSet<Module>, path: &Module) -> Module {
    (0..=path.len().min(2))
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|prefix| prefix.is_empty() || modules.contains(prefix))
        .unwrap_or_default()
}

struct Graph {
    /// `from -> to -> the files that make the edge`.
    edges: BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
}

fn graph() -> Graph {
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    // The binary: `main.rs` and its argument module `cli`.
    files.retain(|f| f != Path::new("src/main.rs") && !f.starts_with("src/cli"));
    files.sort();
    let modules: BTreeSet<Module> = files.iter().map(|f| module_of(f)).collect();
    let mut edges: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let ast = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let mut paths = Paths::default();
        paths.visit_file(&ast);
        let from = module_of(file);
        let is_mod_rs = file.ends_with("mod.rs") || file.ends_with("lib.rs");
        // `super` in `a/b.rs` is `a`; in `a/b/mod.rs` it is `a` too: the module, not the file,
        // is what `super` is relative to.
        let from_node = node(&modules, &from);
        for path in &paths.0 {
            let Some(target) = resolve(&from, is_mod_rs, path) else {
                continue;
            };
            let to_node = node(&modules, &target);
            if from_node.is_empty() || to_node.is_empty() {
                continue; // the crate root is the facade, not a layer
            }
            // Parent and child: a namespace and what it holds, never a layer violation.
            if from_node.starts_with(&to_node) || to_node.starts_with(&from_node) {
                continue;
            }
            edges
                .entry(from_node.join("::"))
                .or_default()
                .entry(to_node.join("::"))
                .or_default()
                .insert(file.display().to_string());
        }
    }
    Graph { edges }
}

/// Strongly connected components with more than one node (Tarjan), over the edges `keep` lets
/// through, each as its nodes in order.
fn cycles(
    edges: &BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
    keep: impl Fn(&str, &str) -> bool,
) -> Vec<Vec<String>> {
    struct State<'a> {
        adj: BTreeMap<&'a str, Vec<&'a str>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn connect<'a>(s: &mut State<'a>, v: &'a str) {
        let i = s.index.len();
        s.index.insert(v, i);
        s.low.insert(v, i);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.adj.get(v).cloned().unwrap_or_default() {
            if !s.index.contains_key(w) {
                connect(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut scc = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                scc.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if scc.len() > 1 {
                scc.sort();
                s.out.push(scc);
            }
        }
    }
    let mut adj: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, tos) in edges {
        for to in tos.keys() {
            if keep(from, to) {
                adj.entry(from.as_str()).or_default().push(to.as_str());
                adj.entry(to.as_str()).or_default();
            }
        }
    }
    let mut state = State {
        adj: adj.clone(),
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in adj.keys() {
        if !state.index.contains_key(v) {
            connect(&mut state, v);
        }
    }
    state.out
}

fn top(module: &str) -> &str {
    module.split("::").next().unwrap()
}

/// The edges of a component, with the files behind each, for the failure message.
fn describe(
    scc: &[String],
    edges: &BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
    level: impl Fn(&str) -> String,
) -> String {
    let mut lines = Vec::new();
    for (from, tos) in edges {
        for (to, files) in tos {
            let (f, t) = (level(from), level(to));
            if f != t && scc.contains(&f) && scc.contains(&t) {
                let files: Vec<&str> = files.iter().map(String::as_str).collect();
                lines.push(format!("  {from} -> {to}  ({})", files.join(", ")));
            }
        }
    }
    format!("cycle among {}:\n{}", scc.join(", "), lines.join("\n"))
}

#[test]
fn the_modules_form_no_cycle() {
    let graph = graph();
    let allowed = |from: &str, to: &str| ALLOWED.iter().any(|(f, t, _)| *f == from && *t == to);
    let mut problems = Vec::new();

    // Top level: `rules -> config` for any file of rules naming config.
    let mut top_edges: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (from, tos) in &graph.edges {
        for (to, files) in tos {
            if top(from) != top(to) {
                top_edges
                    .entry(top(from).to_string())
                    .or_default()
                    .entry(top(to).to_string())
                    .or_default()
                    .extend(files.iter().map(|f| format!("{from} -> {to}: {f}")));
            }
        }
    }
    for scc in cycles(&top_edges, |_, _| true) {
        problems.push(describe(&scc, &graph.edges, |m| top(m).to_string()));
    }

    // Second level, inside each top-level module.
    let inner = |from: &str, to: &str| top(from) == top(to) && !allowed(from, to);
    for scc in cycles(&graph.edges, inner) {
        problems.push(describe(&scc, &graph.edges, str::to_string));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// Arrows that point the wrong way (DESIGN.md: bundle → extractors → Facts → inventory → rules →
/// report): a lower layer must not name a higher one, and Facts, the plain data between
/// extraction and the rules, names no parser.
const WRONG_WAY: &[(&str, &str)] = &[
    ("bundle", "facts"),
    ("bundle", "extract"),
    ("bundle", "inventory"),
    ("bundle", "rules"),
    ("bundle", "report"),
    ("facts", "bundle"),
    ("facts", "extract"),
    ("facts", "inventory"),
    ("facts", "rules"),
    ("facts", "report"),
    ("facts", "android"),
    ("facts", "apple"),
    ("facts", "native"),
    ("rules", "bundle"),
    ("rules", "extract"),
    ("rules", "android"),
    ("rules", "apple"),
    ("rules", "native"),
    ("rules", "report"),
    ("report", "bundle"),
    ("report", "extract"),
];

/// Wrong-way edges that remain for now, each with why; the list only shrinks (an entry whose
/// edge is gone fails [`every_allowed_edge_still_exists`]).
const WRONG_WAY_ALLOWED: &[(&str, &str, &str)] = &[];

#[test]
fn arrows_point_one_way() {
    let graph = graph();
    let allowed = |from: &str, to: &str| {
        WRONG_WAY_ALLOWED
            .iter()
            .any(|(f, t, _)| (*f == from || *f == top(from)) && *t == to)
    };
    let mut wrong = Vec::new();
    for (from, tos) in &graph.edges {
        for (to, files) in tos {
            let forbidden = WRONG_WAY.contains(&(top(from), top(to)));
            if forbidden && !allowed(from, to) {
                let files: Vec<&str> = files.iter().map(String::as_str).collect();
                wrong.push(format!("  {from} -> {to}  ({})", files.join(", ")));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "edges against the flow:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_allowed_edge_still_exists() {
    let graph = graph();
    for (from, to, why) in ALLOWED {
        let exists = graph.edges.get(*from).is_some_and(|t| t.contains_key(*to));
        assert!(
            exists,
            "{from} -> {to} is gone: remove it from ALLOWED ({why})"
        );
    }
}

#[test]
fn the_graph_sees_real_edges() {
    // A parser that missed every path would find no cycle; these edges exist by design.
    let graph = graph();
    for (from, to) in [
        ("rules", "facts"),
        ("extract", "bundle"),
        ("report", "rules"),
    ] {
        let exists = graph
            .edges
            .iter()
            .any(|(f, t)| top(f) == from && t.keys().any(|t| top(t) == to));
        assert!(exists, "no edge {from} -> {to}");
    }
}
