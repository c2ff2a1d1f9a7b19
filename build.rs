//! Prepares the console's styles for the module to carry:
//! `style/console.css` without its comments and the spaces no rule
//! needs, so the first download carries rules, not prose; and the server's
//! first screen's stylesheet (`first-screen.css`, which `finish_dist`
//! copies to `dist/snapshot-<hash>.css`): the same without the rules that
//! only match classes it never draws (`style/first-screen-omits.txt`).
//! (English's words are the model's table, generated from
//! `locales/en.json`.)

use std::path::PathBuf;

fn main() {
    let styles = "style/console.css";
    let omits = "style/first-screen-omits.txt";
    println!("cargo::rerun-if-changed={styles}");
    println!("cargo::rerun-if-changed={omits}");
    let css = compact_css(&std::fs::read_to_string(styles).expect("style/console.css"));
    let omitted = std::fs::read_to_string(omits).expect("style/first-screen-omits.txt");
    let omitted: Vec<&str> = omitted
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
        .collect();
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out.join("first-screen.css"), without(&css, &omitted))
        .expect("the first screen's styles written");
    std::fs::write(out.join("console.css"), css).expect("the styles written");
}

/// The compact sheet `css` without the rules whose every selector names
/// one of the classes `omitted` (an at-rule's block is judged rule by
/// rule, and left out when nothing in it is left).
fn without(css: &str, omitted: &[&str]) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(open) = rest.find('{') {
        let prelude = &rest[..open];
        if prelude.trim_start().starts_with('@') {
            let end = block_end(rest, open);
            let inner = without(&rest[open + 1..end], omitted);
            if !inner.is_empty() {
                out.push_str(prelude);
                out.push('{');
                out.push_str(&inner);
                out.push('}');
            }
            rest = &rest[(end + 1).min(rest.len())..];
            continue;
        }
        let end = rest[open..].find('}').map_or(rest.len(), |e| open + e + 1);
        if !selectors(prelude).all(|s| names_any(s, omitted)) {
            out.push_str(&rest[..end]);
        }
        rest = &rest[end..];
    }
    out
}

/// Where the block opened at `open` closes (its nested blocks counted).
fn block_end(text: &str, open: usize) -> usize {
    let mut depth = 0;
    for (i, c) in text[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return open + i;
                }
            }
            _ => {}
        }
    }
    text.len()
}

/// A selector list's selectors (commas within brackets are not splits).
fn selectors(list: &str) -> impl Iterator<Item = &str> {
    let mut depth = 0i32;
    let mut start = 0;
    let mut parts = Vec::new();
    for (i, c) in list.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&list[start..]);
    parts.into_iter()
}

/// Whether `selector` names one of the classes `omitted`, whole.
fn names_any(selector: &str, omitted: &[&str]) -> bool {
    selector.split('.').skip(1).any(|part| {
        let name: String = part
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        omitted.contains(&name.as_str())
    })
}

/// The sheet without comments, with runs of white space made one space,
/// and none beside `{`, `}`, `;`, `,` or `>`. Quoted text is kept as
/// written (the sheet's strings are font names and attribute values).
fn compact_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut quote: Option<char> = None;
    let mut space = false;
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == q {
                quote = None;
            }
            continue;
        }
        if c == '/' && chars.peek() == Some(&'*') {
            chars.next();
            let mut last = ' ';
            for inside in chars.by_ref() {
                if last == '*' && inside == '/' {
                    break;
                }
                last = inside;
            }
            space = true;
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        let tight = |ch: char| matches!(ch, '{' | '}' | ';' | ',' | '>');
        if space && !out.is_empty() && !tight(c) && !out.ends_with(tight) {
            out.push(' ');
        }
        space = false;
        if c == '"' || c == '\'' {
            quote = Some(c);
        }
        out.push(c);
    }
    out
}
