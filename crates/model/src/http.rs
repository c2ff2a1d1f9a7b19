//! Plain descriptions of an HTTP request and response.
//!
//! Adapters build an [`HttpRequest`] without sending it; the browser app
//! sends it with the Fetch API and hands the answer back as an
//! [`HttpResponse`] for the vendor to decode. Keeping both as data lets
//! every request shape be asserted in native tests.

use std::fmt;

/// The HTTP methods the vendors' payment endpoints use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Whether repeating the request cannot change anything on the server,
    /// so that it may be retried after a 429 or a 5xx.
    pub fn is_safe_to_retry(self) -> bool {
        matches!(self, Method::Get)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A request to send: everything the transport needs, nothing it decides.
/// Its `Debug` output names the headers but never shows their values,
/// which carry the credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: Method,
    /// The full URL without the query string: the connection's base URL
    /// followed by the endpoint's path.
    pub url: String,
    /// Query parameters in the order they are sent; values are not encoded.
    pub query: Vec<(String, String)>,
    /// Header names and values. Secrets live only here, never in the URL.
    pub headers: Vec<(String, String)>,
    /// A JSON body, already serialized.
    pub body: Option<String>,
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<String> = self
            .headers
            .iter()
            .map(|(name, _)| format!("{name}: <redacted>"))
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("query", &self.query)
            .field("headers", &headers)
            .field("body", &self.body.as_ref().map(String::len))
            .finish()
    }
}

impl HttpRequest {
    /// A request with no query, headers or body.
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        HttpRequest {
            method,
            url: url.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
        }
    }

    /// The URL with its query string, percent-encoded.
    pub fn url_with_query(&self) -> String {
        if self.query.is_empty() {
            return self.url.clone();
        }
        format!("{}?{}", self.url, encode_query(&self.query))
    }

    /// The value of a header, matched without regard to case.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// An answer from a server, as the transport received it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    /// The value of a header, matched without regard to case.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// Whether the status is in the 2xx range.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// The host name of an authority, `host`, `host:port`, `[v6]` or
/// `[v6]:port` (the address without its brackets); `None` where what
/// follows the host is not a port number.
pub fn host_name(authority: &str) -> Option<&str> {
    let (name, port) = match authority.strip_prefix('[') {
        Some(v6) => {
            let (addr, rest) = v6.split_once(']')?;
            let port = if rest.is_empty() {
                None
            } else {
                Some(rest.strip_prefix(':')?)
            };
            (addr, port)
        }
        None => match authority.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (authority, None),
        },
    };
    match port {
        Some(p) if p.parse::<u16>().is_err() => None,
        _ => Some(name),
    }
}

/// Whether a host name is this machine's loopback: `localhost`,
/// `127.0.0.1` or `::1`.
pub fn is_loopback(name: &str) -> bool {
    name.eq_ignore_ascii_case("localhost") || name == "127.0.0.1" || name == "::1"
}

/// The value of header `name` among `headers`, matched without regard to
/// case.
pub fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Joins pairs into a query string (without the `?`), percent-encoded; a
/// pair with an empty value is written as a bare key (a presence flag).
pub fn encode_query(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| match v.is_empty() {
            true => percent_encode(k),
            false => format!("{}={}", percent_encode(k), percent_encode(v)),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decodes `%XX` escapes and `+` as a space; invalid escapes are kept as
/// they are, and invalid UTF-8 is replaced, so this never fails.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Decodes one path segment as a server reads it: `%XX` escapes only, a
/// `+` stays a `+` (only query strings use `+` for a space).
pub fn percent_decode_path(s: &str) -> String {
    percent_decode(&s.replace('+', "%2B"))
}

/// Splits a query string (without the `?`) into decoded pairs.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => (percent_decode(k), percent_decode(v)),
            None => (percent_decode(pair), String::new()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_are_read_strictly_and_loopback_is_this_machine() {
        assert_eq!(host_name("127.0.0.1:8080"), Some("127.0.0.1"));
        assert_eq!(host_name("[::1]:9000"), Some("::1"));
        assert_eq!(host_name("[::1]"), Some("::1"));
        assert_eq!(host_name("example.com"), Some("example.com"));
        for bad in [
            "localhost:",
            "localhost:99999",
            "127.0.0.1:80:80",
            "[::1]x",
            "[::1",
            "h:abc",
        ] {
            assert_eq!(host_name(bad), None, "{bad}");
        }
        assert!(is_loopback("localhost") && is_loopback("LOCALHOST"));
        assert!(is_loopback("127.0.0.1") && is_loopback("::1"));
        assert!(!is_loopback("127.0.0.1.evil.test") && !is_loopback("localhost.evil.test"));
    }

    #[test]
    fn query_is_encoded_in_order() {
        let mut r = HttpRequest::new(Method::Get, "https://x.test/api/v1/payments");
        r.query.push(("status".into(), "completed".into()));
        r.query.push(("q".into(), "a b&c=d/é".into()));
        assert_eq!(
            r.url_with_query(),
            "https://x.test/api/v1/payments?status=completed&q=a%20b%26c%3Dd%2F%C3%A9"
        );
    }

    #[test]
    fn query_round_trips_through_parse() {
        let pairs = vec![
            ("page".to_string(), "2".to_string()),
            ("note".to_string(), "50% off & more".to_string()),
        ];
        let mut r = HttpRequest::new(Method::Get, "u");
        r.query = pairs.clone();
        let url = r.url_with_query();
        let qs = url.split_once('?').unwrap().1;
        assert_eq!(parse_query(qs), pairs);
    }

    #[test]
    fn decode_keeps_broken_escapes() {
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz1"), "%zz1");
        assert_eq!(percent_decode("a+b%20c"), "a b c");
        assert_eq!(percent_decode("%"), "%");
        assert_eq!(percent_decode("%4"), "%4");
    }

    #[test]
    fn headers_match_without_case() {
        let resp = HttpResponse {
            status: 200,
            headers: vec![("X-Pagination-Total".into(), "12".into())],
            body: String::new(),
        };
        assert_eq!(resp.header("x-pagination-total"), Some("12"));
        assert!(resp.is_success());
    }

    #[test]
    fn only_get_is_retried() {
        assert!(Method::Get.is_safe_to_retry());
        assert!(!Method::Post.is_safe_to_retry());
        assert!(!Method::Delete.is_safe_to_retry());
    }
}
