//! The shape ARCHITECTURE.md describes, checked over the source tree: a
//! vendor is one unit (outside its own modules only the registries name
//! it), views never call the network layer, the network layer knows no
//! view framework, and no source file grows past 500 lines of code.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

/// The most lines of non-test code a file may hold.
const MAX_CODE_LINES: usize = 500;
/// The crates under `crates/`; a missing one fails the checks rather than
/// being skipped.
const CRATES: &[&str] = &["model", "sandbox", "server"];
/// Where each vendor has a module of its own: the model and the sandbox.
const VENDOR_DIRS: &[&str] = &["crates/model/src/vendors/", "crates/sandbox/src/"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source files of the app and of every crate under `crates/`.
fn workspace_sources() -> Vec<PathBuf> {
    let mut files = Vec::new();
    sources(&root().join("src"), &mut files);
    let mut found: Vec<String> = std::fs::read_dir(root().join("crates"))
        .expect("crates/")
        .flatten()
        .filter(|e| e.path().join("Cargo.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    assert_eq!(found, CRATES, "the crates this check knows");
    for krate in &found {
        let before = files.len();
        sources(&root().join("crates").join(krate).join("src"), &mut files);
        assert!(files.len() > before, "crates/{krate}/src holds no source");
    }
    assert!(files.len() > 30, "the source tree was not found");
    files
}

/// The lines of code of a file before its test module: no blank lines,
/// no comments.
fn code_lines(text: &str) -> Vec<&str> {
    text.lines()
        .take_while(|l| !l.starts_with("#[cfg(test)]"))
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .collect()
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// The ways a vendor is named in code: its slug and its name, in any case.
fn vendor_words() -> Vec<String> {
    payments_model::vendors::ALL
        .iter()
        .flat_map(|v| [v.slug().to_lowercase(), v.display_name().to_lowercase()])
        .collect()
}

/// Whether `path` is one of a vendor's own modules, in the model or the
/// server (`…/<slug>.rs` or `…/<slug>/…`).
fn is_vendor_module(path: &Path) -> bool {
    let rel = relative(path);
    payments_model::vendors::ALL.iter().any(|v| {
        let slug = v.slug();
        VENDOR_DIRS.iter().any(|dir| {
            rel == format!("{dir}{slug}.rs") || rel.starts_with(&format!("{dir}{slug}/"))
        })
    })
}

#[test]
fn only_the_registries_name_a_vendor_outside_its_own_modules() {
    let words = vendor_words();
    let mut found = Vec::new();
    for path in workspace_sources() {
        if is_vendor_module(&path) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for line in code_lines(&text) {
            // `mod reviewrover;` declares a vendor's module: part of the
            // registry it sits beside.
            let declaration = line.starts_with("mod ") || line.starts_with("pub mod ");
            let lower = line.to_lowercase();
            if !declaration && words.iter().any(|w| lower.contains(w.as_str())) {
                found.push(format!("{}: {line}", relative(&path)));
            }
        }
    }
    // One line in each registry per vendor: `ALL` in the model,
    // `SIMULATORS` in the sandbox.
    assert_eq!(
        found.len(),
        VENDOR_DIRS.len() * payments_model::vendors::ALL.len(),
        "only the registries may name a vendor outside its modules:\n{}",
        found.join("\n")
    );
}

#[test]
fn views_do_not_call_the_network_and_the_network_knows_no_views() {
    let mut problems = Vec::new();
    for path in workspace_sources() {
        let rel = relative(&path);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let code = code_lines(&text);
        if rel.starts_with("src/ui/") {
            for line in &code {
                let calls_api = line.contains("api::") || line.contains("crate::api");
                let builds = line.contains("_request(");
                if calls_api || builds {
                    problems.push(format!("{rel}: {line}"));
                }
            }
        }
        if rel.starts_with("src/api/") {
            for line in &code {
                if line.contains("leptos") || line.contains("crate::state") {
                    problems.push(format!("{rel}: {line}"));
                }
            }
        }
        if rel.starts_with("src/") && !rel.starts_with("src/routing/") {
            for line in &code {
                if line.contains("format!(\"/c/") {
                    problems.push(format!("{rel}: a link built by hand: {line}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_source_file_passes_five_hundred_lines_of_code() {
    let mut long = Vec::new();
    for path in workspace_sources() {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let n = code_lines(&text).len();
        if n > MAX_CODE_LINES {
            long.push(format!("{}: {n} lines", relative(&path)));
        }
    }
    assert!(long.is_empty(), "{}", long.join("\n"));
}

/// The model's primitives are leaves: money, time and JSON reading (and
/// the HTTP descriptions) import no vendor, JSON reading nothing of the
/// model; and no vendor's module imports another vendor's.
#[test]
fn the_model_s_primitives_are_leaves_and_vendors_stand_alone() {
    let model = root().join("crates/model/src");
    let mut problems = Vec::new();
    for (file, forbidden) in [
        (
            "money.rs",
            &["vendors", "crate::time", "crate::payment"][..],
        ),
        (
            "time.rs",
            &["vendors", "crate::money", "crate::payment"][..],
        ),
        ("http.rs", &["vendors", "crate::money", "crate::time"][..]),
        ("json.rs", &["crate::"][..]),
    ] {
        let text = std::fs::read_to_string(model.join(file)).expect(file);
        for line in code_lines(&text) {
            if forbidden.iter().any(|f| line.contains(f)) {
                problems.push(format!("{file}: {line}"));
            }
        }
    }
    let slugs: Vec<&str> = payments_model::vendors::ALL
        .iter()
        .map(|v| v.slug())
        .collect();
    for path in workspace_sources() {
        let rel = relative(&path);
        let Some(own) = slugs.iter().find(|s| {
            VENDOR_DIRS
                .iter()
                .any(|d| rel == format!("{d}{s}.rs") || rel.starts_with(&format!("{d}{s}/")))
        }) else {
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for line in code_lines(&text) {
            for other in slugs.iter().filter(|s| *s != own) {
                if line.contains(&format!("super::{other}::"))
                    || line.contains(&format!("vendors::{other}::"))
                    || line.contains(&format!("crate::{other}::"))
                {
                    problems.push(format!("{rel}: {line}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
