//! Prepares the console's styles for the module to carry:
//! `style/console.css` without its comments and the spaces no rule
//! needs, so the first download carries rules, not prose. (English's
//! words are the model's table, generated from `locales/en.json`.)

use std::path::PathBuf;

fn main() {
    let styles = "style/console.css";
    println!("cargo::rerun-if-changed={styles}");
    let css = std::fs::read_to_string(styles).expect("style/console.css");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("console.css");
    std::fs::write(out, compact_css(&css)).expect("the styles written");
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
