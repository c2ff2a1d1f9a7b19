//! Reading a long list answer in parts. A vendor that sends a whole list
//! at once (Billing Platform) may send ten thousand payments in one
//! answer; [`OpenList`] holds such an answer opened but not yet read, so
//! the app reads it a slice at a time and lets the browser draw and take
//! input between slices. Where the answer is a bare JSON array,
//! [`array_items`] finds each item's text without parsing it, so that
//! parsing is done in parts too.

use serde_json::Value;

use crate::query::{ListPage, PageInfo, UnreadableItem};
use crate::Payment;

/// A list answer opened but not all read: the page so far (its info, and
/// the items read) and the items still to read, so a long answer is read
/// in parts between which the browser can draw. The items are read in
/// the vendor's order, and each one that cannot be read keeps its place
/// in the answer.
#[derive(Debug, Default)]
pub struct OpenList {
    pub page: ListPage,
    unread: Unread,
    position: usize,
}

/// The items of an open list still to read: parsed already, or still the
/// text of each item in the answer's body (so that parsing, too, is done
/// in parts).
#[derive(Debug)]
enum Unread {
    Values(std::vec::IntoIter<Value>),
    Text {
        body: String,
        items: std::vec::IntoIter<std::ops::Range<usize>>,
    },
}

impl Default for Unread {
    fn default() -> Unread {
        Unread::Values(Vec::new().into_iter())
    }
}

impl Unread {
    fn len(&self) -> usize {
        match self {
            Unread::Values(v) => v.len(),
            Unread::Text { items, .. } => items.len(),
        }
    }

    /// The next item, parsed, or its text and why it is not JSON.
    fn next(&mut self) -> Option<Result<Value, (String, String)>> {
        match self {
            Unread::Values(v) => v.next().map(Ok),
            Unread::Text { body, items } => items.next().map(|r| {
                let text = body.get(r).unwrap_or_default();
                serde_json::from_str(text)
                    .map_err(|e| (format!("it is not JSON ({e})"), text.to_string()))
            }),
        }
    }
}

impl OpenList {
    /// A page whose `items` are still to read.
    pub fn new(info: PageInfo, items: Vec<Value>) -> OpenList {
        OpenList {
            page: ListPage {
                items: Vec::with_capacity(items.len()),
                unreadable: Vec::new(),
                info,
            },
            unread: Unread::Values(items.into_iter()),
            position: 0,
        }
    }

    /// A page whose items are the array that is the whole of `body`, not
    /// parsed yet; `None` when the body is not one JSON array (see
    /// [`array_items`]). `info` is given the number of items.
    pub fn from_array_text(body: String, info: impl FnOnce(usize) -> PageInfo) -> Option<OpenList> {
        let items = array_items(&body)?;
        Some(OpenList {
            page: ListPage {
                items: Vec::with_capacity(items.len()),
                unreadable: Vec::new(),
                info: info(items.len()),
            },
            unread: Unread::Text {
                body,
                items: items.into_iter(),
            },
            position: 0,
        })
    }

    /// A page read whole already.
    pub fn read(page: ListPage) -> OpenList {
        OpenList {
            page,
            ..OpenList::default()
        }
    }

    /// How many items are still to read.
    pub fn unread(&self) -> usize {
        self.unread.len()
    }

    /// Reads up to `n` more items with `read`.
    pub fn read_some(&mut self, n: usize, mut read: impl FnMut(&Value) -> Result<Payment, String>) {
        for _ in 0..n {
            let Some(next) = self.unread.next() else {
                return;
            };
            self.position += 1;
            let read = next.and_then(|v| {
                read(&v).map_err(|reason| {
                    (reason, serde_json::to_string_pretty(&v).unwrap_or_default())
                })
            });
            match read {
                Ok(p) => self.page.items.push(p),
                Err((reason, raw)) => self.page.unreadable.push(UnreadableItem {
                    position: self.position,
                    reason,
                    raw,
                }),
            }
        }
    }

    /// Reads every item left and gives the page.
    pub fn finish(mut self, read: impl FnMut(&Value) -> Result<Payment, String>) -> ListPage {
        self.read_some(usize::MAX, read);
        self.page
    }
}

/// The byte ranges of the items of the JSON array that is the whole of
/// `text` (white space aside), found without parsing them: brackets and
/// braces are counted outside strings. `None` when `text` is not one
/// array; an item that is not valid JSON inside a well-formed array is
/// left for its own parse to report.
pub fn array_items(text: &str) -> Option<Vec<std::ops::Range<usize>>> {
    let b = text.as_bytes();
    let skip = |mut i: usize| {
        while b.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    let mut i = skip(0);
    if b.get(i) != Some(&b'[') {
        return None;
    }
    let mut items = Vec::new();
    i = skip(i + 1);
    if b.get(i) == Some(&b']') {
        return (skip(i + 1) == b.len()).then_some(items);
    }
    loop {
        let start = i;
        let (mut depth, mut in_string) = (0usize, false);
        while let Some(&c) = b.get(i) {
            if in_string {
                match c {
                    b'\\' => i += 1,
                    b'"' => in_string = false,
                    _ => {}
                }
            } else {
                match c {
                    b'"' => in_string = true,
                    b'[' | b'{' => depth += 1,
                    b']' | b'}' if depth == 0 => break,
                    b']' | b'}' => depth -= 1,
                    b',' if depth == 0 => break,
                    _ => {}
                }
            }
            i += 1;
        }
        let mut end = i.min(b.len());
        while end > start && b[end - 1].is_ascii_whitespace() {
            end -= 1;
        }
        if end == start || i >= b.len() {
            return None;
        }
        items.push(start..end);
        match b[i] {
            b',' => i = skip(i + 1),
            b']' => return (skip(i + 1) == b.len()).then_some(items),
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Option<Vec<&str>> {
        array_items(body).map(|rs| rs.into_iter().map(|r| &body[r]).collect())
    }

    #[test]
    fn items_are_found_without_parsing() {
        assert_eq!(texts(" [ ] "), Some(vec![]));
        assert_eq!(
            texts(r#"[1, "a,]}", {"b": [2, {"c": "\\\"]"}]}, null ]"#),
            Some(vec![
                "1",
                r#""a,]}""#,
                r#"{"b": [2, {"c": "\\\"]"}]}"#,
                "null"
            ])
        );
        assert_eq!(
            texts("[{bad}, 2]"),
            Some(vec!["{bad}", "2"]),
            "left to its own parse"
        );
        assert_eq!(texts("[é, 😀]"), Some(vec!["é", "😀"]));
    }

    #[test]
    fn what_is_not_one_array_is_refused() {
        for body in [
            "", "{}", "[1,", "[1,,2]", "[1] x", "[1}", "[\"open]", "[,]", "x[1]",
        ] {
            assert_eq!(array_items(body), None, "{body:?}");
        }
    }

    #[test]
    fn an_item_that_is_not_json_is_unreadable_in_its_place() {
        let info = |n: usize| PageInfo {
            total_items: Some(n as u64),
            ..PageInfo::default()
        };
        let body = r#"[{"id": "a"}, {bad}, {"id": "c"}]"#.to_string();
        let open = OpenList::from_array_text(body, info).unwrap();
        assert_eq!(open.unread(), 3);
        let page = open.finish(|v| {
            let id = v.get("id").and_then(Value::as_str).ok_or("no id")?;
            Ok(Payment::new(
                crate::vendors::ALL[0],
                id.to_string(),
                &Default::default(),
            ))
        });
        let ids: Vec<&str> = page.items.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["a", "c"]);
        assert_eq!(page.unreadable.len(), 1);
        assert_eq!(page.unreadable[0].position, 2);
        assert_eq!(page.unreadable[0].raw, "{bad}");
        assert!(page.unreadable[0].reason.starts_with("it is not JSON"));
        assert_eq!(page.info.total_items, Some(3));
    }
}
