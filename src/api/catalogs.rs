//! Fetches a language's message catalog (`locales/de.json`), which sits
//! beside the console's module wherever the module is served from: the
//! standalone page or a host that loads the module from another origin.
//! English is compiled in; the other languages are fetched when chosen.

use gloo_net::http::Request;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export function catalog_url(tag) {
  return new URL("../../locales/" + tag + ".json", import.meta.url).href;
}
"#)]
extern "C" {
    /// Where the catalog `tag` sits, beside the module (this snippet is
    /// two folders under it, in `snippets/<crate>/`).
    fn catalog_url(tag: &str) -> String;
}

/// The text of the catalog for `tag`, or why it could not be fetched.
pub async fn fetch_catalog(tag: &str) -> Result<String, String> {
    let url = catalog_url(tag);
    let response = Request::get(&url).send().await.map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {} for {url}", response.status()));
    }
    response.text().await.map_err(|e| e.to_string())
}
