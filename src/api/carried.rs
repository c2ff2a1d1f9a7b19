//! Answers the page carried: a server that drew the first screen
//! (`crates/server`'s `snapshot`) puts the answers it drew it from in a
//! JSON block (`#pc-carried`), so the console decodes the very same bytes
//! and asks nobody again. Each is taken once, by the first `GET` of its
//! address; the block is read and removed on first use.

use std::cell::RefCell;

use payments_model::http::{HttpRequest, HttpResponse, Method};
use serde_json::Value;

/// The block's id (the server writes it).
const BLOCK_ID: &str = "pc-carried";

thread_local! {
    /// The answers not taken yet (`None`: the page not read yet).
    static CARRIED: RefCell<Option<Vec<(String, HttpResponse)>>> = const { RefCell::new(None) };
}

/// The answer the page carried for `req`, if any, taken once.
pub fn take(req: &HttpRequest) -> Option<HttpResponse> {
    if req.method != Method::Get {
        return None;
    }
    let url = req.url_with_query();
    CARRIED.with_borrow_mut(|carried| {
        let answers = carried.get_or_insert_with(read_page);
        let at = answers.iter().position(|(u, _)| *u == url)?;
        Some(answers.swap_remove(at).1)
    })
}

/// The page's block, read and removed (none: no answers).
fn read_page() -> Vec<(String, HttpResponse)> {
    let Some(block) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(BLOCK_ID))
    else {
        return Vec::new();
    };
    let text = block.text_content().unwrap_or_default();
    block.remove();
    parse(&text)
}

/// The answers a block's text holds; what cannot be read is left out.
pub fn parse(text: &str) -> Vec<(String, HttpResponse)> {
    let Ok(Value::Array(items)) = serde_json::from_str::<Value>(text) else {
        return Vec::new();
    };
    items.iter().filter_map(answer).collect()
}

fn answer(item: &Value) -> Option<(String, HttpResponse)> {
    let url = item.get("url")?.as_str()?.to_string();
    let status = u16::try_from(item.get("status")?.as_u64()?).ok()?;
    let headers = item
        .get("headers")?
        .as_array()?
        .iter()
        .filter_map(|pair| {
            let pair = pair.as_array()?;
            Some((
                pair.first()?.as_str()?.into(),
                pair.get(1)?.as_str()?.into(),
            ))
        })
        .collect();
    let body = item.get("body")?.as_str()?.to_string();
    Some((
        url,
        HttpResponse {
            status,
            headers,
            body,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_gives_each_answer_as_sent_and_skips_what_it_cannot_read() {
        let text = r#"[{"url":"/gateway/rr/payments?page=1","status":200,"headers":[["x-total-count","240"]],"body":"[{\"id\":\"<\/script>\"}]"},{"url":"/x","status":"two"}]"#;
        let answers = parse(text);
        assert_eq!(answers.len(), 1);
        let (url, resp) = &answers[0];
        assert_eq!(url, "/gateway/rr/payments?page=1");
        assert_eq!(resp.status, 200);
        assert_eq!(resp.header("X-Total-Count"), Some("240"));
        assert_eq!(resp.body, r#"[{"id":"</script>"}]"#);
        assert!(parse("not json").is_empty());
    }
}
