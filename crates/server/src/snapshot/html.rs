//! Writing the snapshot's HTML: text and attribute values escaped (a
//! vendor's words are only ever text), and the console's sentences from
//! its catalogs, with the values the browser formats (counts, money,
//! zone names) left as marked places in them.

use payments_model::keys::{Counted, Key};
use payments_model::language::{Catalog, Language};

/// `text` escaped for an element's content or a quoted attribute value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// JSON for a `<script type="application/json">` block: no `<`, `>` or
/// `&` (so no `</script>` or `<!--` can end or change the block), each
/// written as its `\u` escape, which reads back as the same text.
pub fn json_block(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// A value a sentence holds: text as it is, or a place the browser fills
/// in (its HTML, written by the caller).
pub enum Arg<'a> {
    Text(&'a str),
    Html(String),
}

/// The console's words in one language, as the snapshot writes them.
pub struct Words<'a> {
    pub catalog: &'a Catalog,
    pub language: &'static Language,
}

/// Placeholder marks no catalog text holds (private-use characters).
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

impl Words<'_> {
    /// The message `key`, escaped.
    pub fn t(&self, key: Key) -> String {
        escape(&self.catalog.text(key, &[]))
    }

    /// The message `key`, unescaped (for an attribute the caller escapes).
    pub fn plain(&self, key: Key, args: &[(&str, &str)]) -> String {
        self.catalog.text(key, args)
    }

    /// The message `key` with `args` in, as HTML.
    pub fn with(&self, key: Key, args: &[(&str, Arg)]) -> String {
        let marked = marks(args);
        let text = self.catalog.text(key, &as_pairs(&marked));
        fill_marks(&escape(&text), args)
    }

    /// The form of `key` for `n`, `{n}` a count the browser writes.
    pub fn count(&self, key: Counted, n: u64, args: &[(&str, Arg)]) -> String {
        let mut all: Vec<(&str, Arg)> = vec![("n", Arg::Html(count_place(n)))];
        for (name, arg) in args {
            all.push((
                name,
                match arg {
                    Arg::Text(t) => Arg::Text(t),
                    Arg::Html(h) => Arg::Html(h.clone()),
                },
            ));
        }
        let marked = marks(&all);
        let text = self
            .catalog
            .counted(key, (self.language.plural)(n), &as_pairs(&marked));
        fill_marks(&escape(&text), &all)
    }
}

/// A count the browser writes in its locale's digits and grouping.
pub fn count_place(n: u64) -> String {
    format!("<span data-pc-count=\"{n}\">{n}</span>")
}

fn marks(args: &[(&str, Arg)]) -> Vec<(String, String)> {
    args.iter()
        .enumerate()
        .map(|(i, (name, _))| (name.to_string(), format!("{OPEN}{i}{CLOSE}")))
        .collect()
}

fn as_pairs(marked: &[(String, String)]) -> Vec<(&str, &str)> {
    marked
        .iter()
        .map(|(n, m)| (n.as_str(), m.as_str()))
        .collect()
}

/// `escaped` with each mark replaced by its argument's HTML.
fn fill_marks(escaped: &str, args: &[(&str, Arg)]) -> String {
    let mut out = escaped.to_string();
    for (i, (_, arg)) in args.iter().enumerate() {
        let mark = format!("{OPEN}{i}{CLOSE}");
        let html = match arg {
            Arg::Text(t) => escape(t),
            Arg::Html(h) => h.clone(),
        };
        out = out.replace(&mark, &html);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use payments_model::keys as k;

    #[test]
    fn text_and_attributes_cannot_open_markup() {
        assert_eq!(
            escape("<script>\"a\" & 'b'</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn a_json_block_holds_no_closing_tag_and_reads_back_the_same() {
        let value = serde_json::json!({"body": "</script><!-- & \u{2028}"});
        let block = json_block(&value.to_string());
        assert!(!block.contains('<') && !block.contains('>') && !block.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&block).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn a_sentence_escapes_its_text_and_keeps_its_places() {
        let catalog = Catalog::english();
        let words = Words {
            catalog: &catalog,
            language: Language::english(),
        };
        let html = words.with(k::list::TITLE, &[("connection", Arg::Text("<b>Shop</b>"))]);
        assert!(html.contains("&lt;b&gt;Shop&lt;/b&gt;"), "{html}");
        let counted = words.count(k::list::COUNT, 1200, &[]);
        assert!(
            counted.contains("<span data-pc-count=\"1200\">1200</span>"),
            "{counted}"
        );
    }
}
