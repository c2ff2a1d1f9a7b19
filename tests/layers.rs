//! The layers ARCHITECTURE.md states, held against the imports: every
//! line of its "Rules the checks hold" that says what a module imports
//! (nothing of its crate, only some modules, not some module, or the one
//! cycle a crate has) is read and checked over the source, so the
//! document and the code cannot part. A rule written in a shape this
//! test does not read fails it too.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Where each crate a rule may speak of keeps its sources.
const CRATES: &[(&str, &str)] = &[
    ("model", "crates/model/src"),
    ("console", "src"),
    ("server", "crates/server/src"),
    ("sandbox", "crates/sandbox/src"),
];

/// The outside crates a rule may name.
const OUTSIDE: &[&str] = &[
    "leptos",
    "web_sys",
    "payments_sandbox",
    "payments_server",
    "sqlx",
    "axum",
];

/// A module: its crate and its path inside it (`gateway::store`).
type Module = (String, Vec<String>);

/// The modules each module's code refers to (`crate::x::y`,
/// `super::y`), before its tests, and the outside crates it names.
struct Imports {
    inner: BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
    outside: BTreeMap<Vec<String>, BTreeSet<String>>,
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A file's module path: `gateway/store.rs` is `gateway::store`,
/// `gateway/mod.rs` is `gateway`; a file of tests only belongs to none.
fn module_of(relative: &Path) -> Option<Vec<String>> {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    let last = parts.last()?.clone();
    if last == "tests" || last.ends_with("_tests") {
        return None;
    }
    if matches!(last.as_str(), "mod" | "lib" | "main") {
        parts.pop();
    }
    Some(parts)
}

/// The code of a file before its tests, without comments.
fn code(text: &str) -> String {
    text.lines()
        .take_while(|l| !l.starts_with("#[cfg(test)]"))
        .map(str::trim)
        .filter(|l| !l.starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The path segments after `prefix` at each place it occurs in `code`.
fn paths_after<'a>(code: &'a str, prefix: &str) -> Vec<Vec<&'a str>> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find(prefix) {
        let before = rest[..at].chars().last();
        rest = &rest[at + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let path: Vec<&str> = rest
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .next()
            .unwrap_or("")
            .split("::")
            .filter(|s| !s.is_empty())
            .take_while(|s| s.chars().next().is_some_and(|c| c.is_lowercase()))
            .collect();
        out.push(path);
    }
    out
}

fn imports(dir: &str) -> Imports {
    let base = root().join(dir);
    let mut files = Vec::new();
    sources(&base, &mut files);
    assert!(!files.is_empty(), "{dir} holds no source");
    let mut found = Imports {
        inner: BTreeMap::new(),
        outside: BTreeMap::new(),
    };
    for path in files {
        let rel = path.strip_prefix(&base).unwrap_or(&path);
        let Some(module) = module_of(rel) else {
            continue;
        };
        let is_dir_module = rel.file_name().is_some_and(|f| f == "mod.rs");
        let text = code(&std::fs::read_to_string(&path).unwrap_or_default());
        let inner = found.inner.entry(module.clone()).or_default();
        for p in paths_after(&text, "crate::") {
            inner.insert(p.iter().map(|s| s.to_string()).collect());
        }
        // `super::` is the parent of this file's module, and
        // `super::super::` its parent's.
        let mut parent = module.clone();
        if !is_dir_module {
            parent.pop();
        }
        for p in paths_after(&text, "super::") {
            let mut target = if is_dir_module {
                let mut m = module.clone();
                m.pop();
                m
            } else {
                parent.clone()
            };
            let mut rest = p.as_slice();
            while rest.first() == Some(&"super") {
                target.pop();
                rest = &rest[1..];
            }
            target.extend(rest.iter().map(|s| s.to_string()));
            inner.insert(target);
        }
        let outside = found.outside.entry(module).or_default();
        for name in OUTSIDE {
            if !paths_after(&text, &format!("{name}::")).is_empty()
                || text.contains(&format!("use {name}"))
            {
                outside.insert(name.to_string());
            }
        }
    }
    found
}

/// Whether `path` lies in `module` (`gateway::audit::chain` in
/// `gateway::audit`).
fn within(path: &[String], module: &[String]) -> bool {
    !module.is_empty() && path.len() >= module.len() && path[..module.len()] == *module
}

/// One claim of the rules.
#[derive(Debug)]
enum Claim {
    /// These import nothing of their crate but themselves.
    Nothing(Vec<Module>),
    /// These import only themselves and these.
    Only(Vec<Module>, Vec<Module>),
    /// These do not import those (modules or outside crates).
    Not(Vec<Module>, Vec<Module>),
    /// These form the crate's one cycle of imports.
    Cycle(Vec<Module>),
}

/// The code spans of a line (`` `gateway::store` ``).
fn spans(line: &str) -> Vec<String> {
    line.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

fn module(krate: &str, span: &str) -> Module {
    (
        krate.to_string(),
        span.split("::").map(str::to_string).collect(),
    )
}

/// The claims of ARCHITECTURE.md's rules: after a line "In `<crate>`:",
/// each line "- `a`, `b` import(s) nothing of it", "- `a` imports only
/// `b` and `c`", "- `a` does not import `b`" or "- `a`, `b` … form its
/// one cycle".
fn claims() -> Vec<Claim> {
    let doc = std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let start = doc
        .find("## Rules the checks hold")
        .expect("ARCHITECTURE.md states its rules");
    let section = &doc[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |e| e + 3)];
    let mut krate = String::new();
    let mut out = Vec::new();
    for line in section.lines() {
        if let Some(rest) = line.strip_prefix("In `") {
            krate = rest.split('`').next().unwrap_or("").to_string();
            assert!(
                CRATES.iter().any(|(k, _)| *k == krate),
                "a rule names crate {krate}"
            );
            continue;
        }
        let Some(rule) = line.strip_prefix("- ") else {
            continue;
        };
        let (who, rest) = match rule.split_once(" import") {
            Some(split) => split,
            None if rule.contains("form its one cycle") => (rule, ""),
            None => panic!("a rule this test does not read: {rule}"),
        };
        let who: Vec<Module> = spans(who).iter().map(|s| module(&krate, s)).collect();
        let them: Vec<Module> = spans(rest).iter().map(|s| module(&krate, s)).collect();
        assert!(!who.is_empty(), "a rule names no module: {rule}");
        let claim = if rule.contains("form its one cycle") {
            Claim::Cycle(who)
        } else if rest.contains("nothing of it") {
            Claim::Nothing(who)
        } else if rest.contains(" only ") {
            Claim::Only(who, them)
        } else if rule.contains("does not import") || rule.contains("do not import") {
            Claim::Not(who, them)
        } else {
            panic!("a rule this test does not read: {rule}")
        };
        out.push(claim);
    }
    out
}

/// What `who` imports of its crate, by the top of each path (the model's
/// modules) or the whole path (nested ones).
fn imported(all: &Imports, who: &Module) -> BTreeSet<Vec<String>> {
    all.inner
        .iter()
        .filter(|(m, _)| within(m, &who.1))
        .flat_map(|(_, to)| to.iter().cloned())
        .filter(|p| !within(p, &who.1))
        .collect()
}

/// Whether `m` is a module of its crate (or an outside crate a rule
/// may name).
fn exists(m: &Module, all: &BTreeMap<String, Imports>) -> bool {
    (m.1.len() == 1 && OUTSIDE.contains(&m.1[0].as_str()))
        || all[&m.0].inner.keys().any(|k| within(k, &m.1))
}

fn check(claim: &Claim, all: &BTreeMap<String, Imports>) -> Vec<String> {
    let mut problems = Vec::new();
    let named = match claim {
        Claim::Nothing(a) | Claim::Cycle(a) => a.iter().collect::<Vec<_>>(),
        Claim::Only(a, b) | Claim::Not(a, b) => a.iter().chain(b).collect(),
    };
    for m in named.into_iter().filter(|m| !exists(m, all)) {
        problems.push(format!("{} has no module {}", m.0, m.1.join("::")));
    }
    let crate_of = |m: &Module| &all[&m.0];
    match claim {
        Claim::Nothing(who) => {
            for w in who {
                for p in imported(crate_of(w), w) {
                    problems.push(format!("{} imports {}", w.1.join("::"), p.join("::")));
                }
            }
        }
        Claim::Only(who, allowed) => {
            for w in who {
                for p in imported(crate_of(w), w) {
                    if !allowed.iter().any(|a| within(&p, &a.1)) {
                        problems.push(format!("{} imports {}", w.1.join("::"), p.join("::")));
                    }
                }
            }
        }
        Claim::Not(who, not) => {
            for w in who {
                let inner = imported(crate_of(w), w);
                let outside: BTreeSet<String> = crate_of(w)
                    .outside
                    .iter()
                    .filter(|(m, _)| within(m, &w.1))
                    .flat_map(|(_, o)| o.iter().cloned())
                    .collect();
                for n in not {
                    let named = n.1.join("::");
                    if inner.iter().any(|p| within(p, &n.1)) || outside.contains(&named) {
                        problems.push(format!("{} imports {named}", w.1.join("::")));
                    }
                }
            }
        }
        Claim::Cycle(members) => {
            let krate = &members[0].0;
            let cycles = cycles(&all[krate]);
            let named: BTreeSet<String> = members.iter().map(|m| m.1.join("::")).collect();
            let found: Vec<BTreeSet<String>> = cycles.into_iter().filter(|c| c.len() > 1).collect();
            if found != vec![named.clone()] {
                problems.push(format!(
                    "{krate}'s cycles are {found:?}, not only {named:?}"
                ));
            }
        }
    }
    problems
}

/// The crate's strongly connected groups of top-level modules.
fn cycles(imports: &Imports) -> Vec<BTreeSet<String>> {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (m, to) in &imports.inner {
        let Some(top) = m.first() else { continue };
        let entry = edges.entry(top.clone()).or_default();
        for p in to {
            if let Some(t) = p.first().filter(|t| *t != top) {
                entry.insert(t.clone());
            }
        }
    }
    let reach = |from: &String| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(n) = todo.pop() {
            for next in edges.get(&n).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let reached: BTreeMap<&String, BTreeSet<String>> =
        edges.keys().map(|m| (m, reach(m))).collect();
    let mut groups: Vec<BTreeSet<String>> = Vec::new();
    for (m, r) in &reached {
        let group: BTreeSet<String> = reached
            .iter()
            .filter(|(o, ro)| r.contains(**o) && ro.contains(*m))
            .map(|(o, _)| (*o).clone())
            .chain(std::iter::once((*m).clone()))
            .collect();
        if !groups.contains(&group) {
            groups.push(group);
        }
    }
    groups
}

#[test]
fn the_layers_are_what_the_architecture_says() {
    let all: BTreeMap<String, Imports> = CRATES
        .iter()
        .map(|(k, dir)| (k.to_string(), imports(dir)))
        .collect();
    let claims = claims();
    assert!(claims.len() >= 10, "only {} rules read", claims.len());
    assert!(claims.iter().any(|c| matches!(c, Claim::Cycle(_))));
    let problems: Vec<String> = claims.iter().flat_map(|c| check(c, &all)).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_broken_rule_is_found() {
    let all: BTreeMap<String, Imports> = CRATES
        .iter()
        .map(|(k, dir)| (k.to_string(), imports(dir)))
        .collect();
    // Rules that are false today must fail, or the check checks nothing.
    let wrong = [
        Claim::Nothing(vec![module("model", "vendors")]),
        Claim::Only(vec![module("model", "money")], vec![]),
        Claim::Not(
            vec![module("console", "ui")],
            vec![module("console", "state")],
        ),
        Claim::Not(
            vec![module("console", "api")],
            vec![module("console", "web_sys")],
        ),
        Claim::Not(
            vec![module("server", "gateway::handlers::forward")],
            vec![module("server", "gateway::audit")],
        ),
        Claim::Cycle(vec![module("model", "payment"), module("model", "vendors")]),
        Claim::Not(vec![module("model", "state")], vec![module("model", "api")]),
    ];
    for claim in &wrong {
        assert!(
            !check(claim, &all).is_empty(),
            "{claim:?} was not found false"
        );
    }
}
