//! Compiles English's own words into the module: `locales/en.json` less
//! its `en:` entries, which only repeat the model's English (a word or
//! sentence without an entry is shown as written), so they cost the
//! first visit nothing. Other languages keep theirs and are fetched.

use std::path::PathBuf;

fn main() {
    let source = "locales/en.json";
    println!("cargo::rerun-if-changed={source}");
    let text = std::fs::read_to_string(source).expect("locales/en.json");
    let all: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text).expect("locales/en.json is a JSON object");
    let own: serde_json::Map<String, serde_json::Value> = all
        .into_iter()
        .filter(|(key, _)| !key.starts_with("en:"))
        .collect();
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("en.json");
    let json = serde_json::to_string(&own).expect("the English words as JSON");
    std::fs::write(out, json).expect("the English words written");
}
