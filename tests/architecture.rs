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

/// The functions of a file's code before its tests: name, first line
/// and length in lines (from `fn` to the brace that closes it at the
/// same indentation).
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text
        .lines()
        .take_while(|l| !l.starts_with("#[cfg(test)]"))
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let head = [
            "pub ",
            "pub(crate) ",
            "pub(super) ",
            "async ",
            "const ",
            "unsafe ",
        ]
        .iter()
        .fold(trimmed, |t, p| t.strip_prefix(p).unwrap_or(t));
        let head = head.strip_prefix("async ").unwrap_or(head);
        let Some(rest) = head.strip_prefix("fn ") else {
            i += 1;
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let mut open = i;
        while open < lines.len() && !lines[open].trim_end().ends_with('{') {
            if lines[open].trim_end().ends_with(';') {
                break;
            }
            open += 1;
        }
        let close = (open + 1..lines.len())
            .find(|&k| lines[k] == format!("{indent}}}"))
            .unwrap_or(lines.len() - 1);
        out.push((name, i + 1, close - i + 1));
        i = close + 1;
    }
    out
}

/// The server's handlers and everything they call stay short: no
/// function over 80 lines, and none needs an `#[allow]` for its number
/// of arguments anywhere.
#[test]
fn server_functions_stay_short_and_arguments_few() {
    let mut long = Vec::new();
    let mut counted = 0;
    for path in workspace_sources() {
        let rel = relative(&path);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        if text.contains("clippy::too_many_arguments") {
            long.push(format!("{rel}: allows too many arguments"));
        }
        if !rel.starts_with("crates/server/") {
            continue;
        }
        for (name, line, len) in functions(&text) {
            counted += 1;
            if len > 80 {
                long.push(format!("{rel}:{line}: {name} is {len} lines"));
            }
        }
    }
    assert!(
        counted > 100,
        "only {counted} functions found: the scan is broken"
    );
    assert!(long.is_empty(), "{}", long.join("\n"));
    let sample = "fn a() {\n    x;\n}\n\npub async fn b(\n    y: u8,\n) -> u8 {\n    y\n}\n";
    assert_eq!(
        functions(sample),
        [("a".to_string(), 1, 3), ("b".to_string(), 5, 5)]
    );
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

/// The browser suite is one target: every file of `tests/browser/` is a
/// module its `main.rs` lists, so none compiles and never runs.
#[test]
fn every_browser_test_file_is_listed() {
    let dir = root().join("tests/browser");
    let main = std::fs::read_to_string(dir.join("main.rs")).expect("tests/browser/main.rs");
    let listed: Vec<String> = code_lines(&main)
        .iter()
        .filter_map(|l| l.strip_prefix("mod "))
        .map(|m| m.trim_end_matches(';').to_string())
        .collect();
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/browser")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n != "main.rs"))
        .filter_map(|p| {
            let name = p.file_stem()?.to_string_lossy().into_owned();
            (p.is_dir() || p.extension().is_some_and(|e| e == "rs")).then_some(name)
        })
        .collect();
    files.sort();
    assert!(files.len() > 10, "only {files:?}");
    let missing: Vec<&String> = files.iter().filter(|f| !listed.contains(f)).collect();
    assert!(
        missing.is_empty(),
        "tests/browser/main.rs does not list {missing:?}"
    );
    // No other browser test file: a wasm test outside the suite would run
    // only if someone remembered to name it.
    for entry in std::fs::read_dir(root().join("tests"))
        .expect("tests")
        .flatten()
    {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                !text.contains(concat!("use wasm_bindgen", "_test")),
                "{} is a browser test outside tests/browser",
                relative(&path)
            );
        }
    }
}

/// The sixth-vendor recipe names every file to touch: each file of
/// ARCHITECTURE.md's "Adding a sixth vendor" named with the made-up slug
/// (`acme`) exists for every registered vendor, and every file it names
/// without one exists.
#[test]
fn the_sixth_vendor_recipe_names_files_every_vendor_has() {
    let doc = std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let start = doc.find("## Adding a sixth vendor").expect("the recipe");
    let recipe = &doc[start..];
    let recipe = &recipe[..recipe[3..].find("\n## ").map_or(recipe.len(), |e| e + 3)];
    let files: Vec<&str> = recipe
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| s.contains('/') && !s.contains(' ') && s.rsplit('.').next() != Some(s))
        .collect();
    let per_vendor: Vec<&&str> = files.iter().filter(|f| f.contains("acme")).collect();
    assert!(per_vendor.len() >= 4, "the recipe names {per_vendor:?}");
    for f in &files {
        if f.contains("acme") {
            continue;
        }
        assert!(
            root().join(f).exists(),
            "the recipe names {f}, which does not exist"
        );
    }
    for catalog in [
        "locales/en.json",
        "locales/de.json",
        "locales/fr.json",
        "locales/es.json",
    ] {
        assert!(
            files.contains(&catalog),
            "the recipe does not name {catalog}"
        );
    }
    for vendor in payments_model::vendors::ALL {
        let slug = vendor.slug();
        // A file and its "(or …/mod.rs)" twin: one of them is enough.
        let mut missing = Vec::new();
        let mut i = 0;
        while i < per_vendor.len() {
            let path = per_vendor[i].replace("acme", slug);
            let twin = per_vendor
                .get(i + 1)
                .filter(|t| t.ends_with("/mod.rs"))
                .map(|t| t.replace("acme", slug));
            let found = root().join(&path).exists()
                || twin.as_ref().is_some_and(|t| root().join(t).exists());
            if !found {
                missing.push(path);
            }
            i += if twin.is_some() { 2 } else { 1 };
        }
        assert!(missing.is_empty(), "{slug} lacks {missing:?}");
    }
}
