//! Answers the page carried: a server that drew the first screen
//! (`crates/server`'s `snapshot`) puts the answers it drew it from in a
//! JSON block (`#pc-carried`), so the console decodes the very same bytes
//! and asks nobody again. Each is taken once, by the first `GET` of its
//! address; the block is read and removed on first use. It also says
//! where the log of colleagues' changes stood before the server read the
//! answers ([`changes_after`]): the console follows changes from there.

use std::cell::RefCell;

use payments_model::http::{HttpRequest, HttpResponse, Method};
use serde_json::Value;

/// The block's id (the server writes it).
const BLOCK_ID: &str = "pc-carried";

/// What a page carried: its answers by address, and where the log of
/// changes stood before they were read.
#[derive(Debug, Default)]
pub struct Carried {
    pub answers: Vec<(String, HttpResponse)>,
    pub changes_after: Option<i64>,
}

thread_local! {
    /// What the page carried, less the answers taken (`None`: the page
    /// not read yet).
    static CARRIED: RefCell<Option<Carried>> = const { RefCell::new(None) };
}

/// Where the log of changes stood before the server read the answers the
/// page carried, if it carried any; told once (a later sign-in follows
/// from its own session).
pub fn take_changes_after() -> Option<i64> {
    CARRIED.with_borrow_mut(|c| c.get_or_insert_with(read_page).changes_after.take())
}

/// Where to follow colleagues' changes from: the earlier of where the
/// log stood when the page's answers were read (`carried`) and when the
/// session was (`session`), so that no change after either read is missed.
pub fn follow_from(carried: Option<i64>, session: Option<i64>) -> Option<i64> {
    carried.into_iter().chain(session).min()
}

/// The answer the page carried for `req`, if any, taken once.
pub fn take(req: &HttpRequest) -> Option<HttpResponse> {
    if req.method != Method::Get {
        return None;
    }
    let url = req.url_with_query();
    CARRIED.with_borrow_mut(|carried| {
        let answers = &mut carried.get_or_insert_with(read_page).answers;
        let at = answers.iter().position(|(u, _)| *u == url)?;
        Some(answers.swap_remove(at).1)
    })
}

/// The page's block, read and removed (none: nothing carried).
fn read_page() -> Carried {
    let Some(block) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(BLOCK_ID))
    else {
        return Carried::default();
    };
    let text = block.text_content().unwrap_or_default();
    block.remove();
    parse(&text)
}

/// What a block's text holds; an answer that cannot be read is left out.
pub fn parse(text: &str) -> Carried {
    let Ok(block) = serde_json::from_str::<Value>(text) else {
        return Carried::default();
    };
    let answers = block["answers"].as_array().map_or(&[][..], Vec::as_slice);
    Carried {
        answers: answers.iter().filter_map(answer).collect(),
        changes_after: block["changes_after"].as_i64(),
    }
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
        let text = r#"{"changes_after":41,"answers":[{"url":"/gateway/rr/payments?page=1","status":200,"headers":[["x-total-count","240"]],"body":"[{\"id\":\"<\/script>\"}]"},{"url":"/x","status":"two"}]}"#;
        let carried = parse(text);
        assert_eq!(carried.changes_after, Some(41));
        let answers = carried.answers;
        assert_eq!(answers.len(), 1);
        let (url, resp) = &answers[0];
        assert_eq!(url, "/gateway/rr/payments?page=1");
        assert_eq!(resp.status, 200);
        assert_eq!(resp.header("X-Total-Count"), Some("240"));
        assert_eq!(resp.body, r#"[{"id":"</script>"}]"#);
        let nothing = parse("not json");
        assert!(nothing.answers.is_empty() && nothing.changes_after.is_none());
    }

    #[test]
    fn changes_are_followed_from_the_earlier_read() {
        assert_eq!(follow_from(Some(7), Some(9)), Some(7));
        assert_eq!(follow_from(Some(9), Some(7)), Some(7));
        assert_eq!(follow_from(None, Some(9)), Some(9));
        assert_eq!(follow_from(Some(7), None), Some(7));
        assert_eq!(follow_from(None, None), None);
    }
}
