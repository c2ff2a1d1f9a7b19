//! The first screen before the console's code: for a signed-in person
//! opening `/` or `/c/<id>` with no filters, on a vendor that pages its
//! list, the server streams the page's head at once (so the module starts
//! downloading), asks the vendor for the first page through the gateway's
//! own forwarding (every check a browser's request meets), and, when it
//! answers within [`CAP`], sends the screen the console would draw
//! ([`draw`]), the answers it used as a JSON block (`#pc-carried`: the
//! console decodes the same bytes and asks nobody again), the console's
//! stylesheet and `snapshot.js`, which writes money, times and counts in
//! the browser's locale and zone and only then shows the screen (or never,
//! where the person's language is not the one drawn). Anything else gets
//! the page as it is, with the first list preloaded
//! ([`crate::gateway::first_list`]).
//!
//! The console mounts out of sight and takes the screen over once it has
//! drawn its own rows (`src/snapshot.rs`).

pub mod draw;
pub mod html;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use payments_model::columns::ColumnChoice;
use payments_model::http::HttpResponse;
use payments_model::language::{Catalog, Language};
use payments_model::query::Pagination;
use payments_model::Connection;
use serde_json::{json, Map, Value};
use tower::ServiceExt;

use crate::gateway::extract::cookie;
use crate::gateway::first_list::{connection_for, first_request};
use crate::gateway::sessions::Session;
use crate::gateway::{as_shown, Gateway};

/// How long the vendor may take before the page is sent without a
/// snapshot (its head has long gone).
pub const CAP: Duration = Duration::from_millis(800);

/// The cookie the console keeps in step with the person's language.
pub const LANGUAGE_COOKIE: &str = "pc-language";

/// The id of the block of answers the page carries.
const CARRIED_ID: &str = "pc-carried";

/// What a snapshot is drawn for: who, which list, in which language.
struct Visit {
    session: Session,
    /// The connection as the console knows it (through the gateway).
    shown: Connection,
    language: &'static Language,
}

/// The page for `path` with a snapshot streamed into it, or `None` when
/// this visit gets today's page.
pub async fn page(
    gw: &Arc<Gateway>,
    dist: &Path,
    headers: &HeaderMap,
    path: &str,
    query: Option<&str>,
) -> Option<Response> {
    if query.is_some_and(|q| !q.is_empty()) {
        return None;
    }
    let shown = as_shown(connection_for(&gw.config.connections, path)?);
    if shown.vendor.list_spec().pagination == Pagination::Unpaged {
        return None;
    }
    let language = language_of(headers)?;
    // The files before the store: a server without them asks it nothing.
    let files = Files::in_dist(dist)?;
    let page = tokio::fs::read_to_string(dist.join("index.html"))
        .await
        .ok()?;
    let (head, rest) = split_page(&page, &files)?;
    let session = gw.sessions.find(headers).await.ok()??;
    let visit = Visit {
        session,
        shown,
        language,
    };
    let (gw, dist, cookies) = (gw.clone(), dist.to_path_buf(), forwarded(headers));
    let second = tokio::spawn(async move {
        let drawn = tokio::time::timeout(CAP, snapshot(&gw, &dist, &visit, cookies)).await;
        let snapshot = drawn.ok().flatten().unwrap_or_default();
        format!("{snapshot}{rest}")
    });
    let compressed = accepts_brotli(headers);
    let mut brotli = compressed.then(Brotli::new);
    let head = match brotli.as_mut() {
        Some(g) => g.part(&head),
        None => head.into_bytes(),
    };
    let body = futures_util::stream::iter([Ok::<_, std::convert::Infallible>(head)]).chain(
        futures_util::stream::once(async move {
            let rest = second.await.unwrap_or_default();
            Ok(match brotli {
                Some(g) => g.end(&rest),
                None => rest.into_bytes(),
            })
        }),
    );
    let mut resp = (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "private, no-cache"),
            (header::VARY, "cookie, accept-language, accept-encoding"),
        ],
        Body::from_stream(body),
    )
        .into_response();
    if compressed {
        resp.headers_mut().insert(
            header::CONTENT_ENCODING,
            header::HeaderValue::from_static("br"),
        );
    }
    Some(resp)
}

use futures_util::StreamExt;

/// Whether the browser takes brotli (every browser the console runs in).
fn accepts_brotli(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|e| e.split(';').next().is_some_and(|n| n.trim() == "br"))
}

/// One brotli stream sent in parts: each part flushed so the browser reads
/// it at once (the head before the vendor has answered).
struct Brotli(brotli::CompressorWriter<Vec<u8>>);

impl Brotli {
    /// Quality 9 of 11: within a few per cent of the best for a page
    /// this size, in a fraction of the time.
    fn new() -> Brotli {
        Brotli(brotli::CompressorWriter::new(Vec::new(), 4096, 9, 22))
    }

    /// `text` compressed and flushed: the bytes to send now.
    fn part(&mut self, text: &str) -> Vec<u8> {
        use std::io::Write;
        let _ = self.0.write_all(text.as_bytes());
        let _ = self.0.flush();
        std::mem::take(self.0.get_mut())
    }

    /// `text` and the stream's end.
    fn end(mut self, text: &str) -> Vec<u8> {
        let mut out = self.part(text);
        out.extend(self.0.into_inner());
        out
    }
}

/// The language to draw in: the console's cookie, else the browser's
/// `Accept-Language`; `None` when neither names one.
fn language_of(headers: &HeaderMap) -> Option<&'static Language> {
    if let Some(tag) = cookie(headers, LANGUAGE_COOKIE) {
        return Language::find(tag);
    }
    let accept = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
    let tags: Vec<&str> = accept
        .split(',')
        .map(|t| t.split(';').next().unwrap_or_default().trim())
        .filter(|t| !t.is_empty() && *t != "*")
        .collect();
    let spoken = tags.iter().any(|t| Language::find(t).is_some());
    spoken.then(|| Language::negotiate(tags.iter().copied()))
}

/// The snapshot's own files in `dist` (content-hashed by the build).
struct Files {
    stylesheet: String,
    script: String,
}

impl Files {
    fn in_dist(dist: &Path) -> Option<Files> {
        let mut stylesheet = None;
        let mut script = None;
        for entry in std::fs::read_dir(dist).ok()?.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with("snapshot-") && name.ends_with(".css") {
                stylesheet = Some(name);
            } else if name.starts_with("snapshot-") && name.ends_with(".js") {
                script = Some(name);
            }
        }
        Some(Files {
            stylesheet: stylesheet?,
            script: script?,
        })
    }
}

/// The page's head up to and including `<body>`, and the rest of the
/// page, which starts with the snapshot's script. The head asks for the
/// snapshot's stylesheet and script at once, and runs the console's
/// loader as soon as it has arrived (`async`) rather than after the
/// page's end: the module downloads and compiles while the vendor is
/// asked, and starts once the page has arrived (`web/start.js`).
fn split_page(page: &str, files: &Files) -> Option<(String, String)> {
    let head_end = page.find("</head>")?;
    let body_at = page[head_end..].find("<body>")? + head_end + "<body>".len();
    let links = format!(
        "<link rel=\"stylesheet\" href=\"/{}\" />\n    <link rel=\"preload\" href=\"/{}\" as=\"script\" />\n  ",
        files.stylesheet, files.script
    );
    let early = page[..head_end].replacen(
        "<script type=\"module\" ",
        "<script type=\"module\" async ",
        1,
    );
    let head = format!("{early}{links}{}", &page[head_end..body_at]);
    let rest = format!(
        "<script src=\"/{}\"></script>{}",
        files.script,
        &page[body_at..]
    );
    Some((head, rest))
}

/// The cookies a request of the page's own would carry.
fn forwarded(headers: &HeaderMap) -> HeaderMap {
    let mut out = HeaderMap::new();
    for name in [header::COOKIE, header::USER_AGENT, header::HOST] {
        for v in headers.get_all(&name) {
            out.append(name.clone(), v.clone());
        }
    }
    out
}

/// The snapshot and the answers it was drawn from, or `None` when the
/// vendor or the store did not answer well.
async fn snapshot(gw: &Arc<Gateway>, dist: &Path, v: &Visit, cookies: HeaderMap) -> Option<String> {
    let (defaults, req) = first_request(&v.shown);
    let url = req.url_with_query();
    let prefs_url = "/gateway/preferences";
    let routes = axum::Router::new().nest("/gateway", crate::gateway::routes(gw.clone()));
    // Where the log of changes stands before the vendor is asked: the
    // console follows colleagues' changes from here, so none made after
    // this read is missed (its own `/gateway/me` is read later).
    let changes_after = crate::gateway::events::newest(&gw.store).await.ok()?;
    let (list, prefs) = tokio::join!(
        ask(&routes, &url, &cookies),
        ask(&routes, prefs_url, &cookies)
    );
    let (list, prefs) = (list?, prefs?);
    if !(200..300).contains(&list.status) || prefs.status != 200 {
        return None;
    }
    let page = v
        .shown
        .vendor
        .decode_list(&v.shown, &defaults, &list)
        .ok()?;
    let values: Map<String, Value> = serde_json::from_str(&prefs.body).ok()?;
    let catalog = catalog(dist, v.language)?;
    let key = ColumnChoice::preference_key(&v.shown.id);
    let keys: Vec<String> = values
        .get(&key)
        .and_then(|k| serde_json::from_value(k.clone()).ok())
        .unwrap_or_default();
    let screen = draw::Screen {
        words: html::Words {
            catalog: &catalog,
            language: v.language,
        },
        name: &v.session.name,
        role: v.session.role.name(),
        may_write: v.session.role.may(payments_model::Method::Post),
        approvals: !gw.config.approval_rules.is_empty(),
        connections: &crate::gateway::handlers::connections::shown(gw),
        connection: &v.shown,
        page: &page,
        columns: ColumnChoice::from_keys(v.shown.vendor.profile(), &keys),
        comfortable: values.get("layout:density").and_then(Value::as_str) == Some("comfortable"),
        chart_open: values.get("layout:chart").and_then(Value::as_bool) == Some(true),
    };
    let drawn = draw::screen(&screen)?;
    let carried = json!({
        "changes_after": changes_after,
        "answers": [carried(&url, &list), carried(prefs_url, &prefs)],
    });
    Some(format!(
        "<div id=\"pc-snapshot\" hidden>{drawn}</div><script type=\"application/json\" id=\"{CARRIED_ID}\">{}</script>",
        html::json_block(&carried.to_string())
    ))
}

/// An answer as the page carries it to the console.
fn carried(url: &str, resp: &HttpResponse) -> Value {
    json!({ "url": url, "status": resp.status, "headers": resp.headers, "body": resp.body })
}

/// Asks the gateway's own routes for `url` as the page would, with its
/// cookies: the same session, role, scope and vendor signing.
async fn ask(routes: &axum::Router, url: &str, cookies: &HeaderMap) -> Option<HttpResponse> {
    let mut req = Request::get(url).body(Body::empty()).ok()?;
    *req.headers_mut() = cookies.clone();
    req.headers_mut().insert(
        header::ACCEPT,
        header::HeaderValue::from_static("application/json"),
    );
    let resp = routes.clone().oneshot(req).await.ok()?;
    let status = resp.status().as_u16();
    let headers = resp
        .headers()
        .iter()
        .filter(|(n, _)| *n != header::SET_COOKIE)
        .filter_map(|(n, v)| Some((n.as_str().to_string(), v.to_str().ok()?.to_string())))
        .collect();
    let bytes = axum::body::to_bytes(resp.into_body(), 4 * 1024 * 1024)
        .await
        .ok()?;
    let body = String::from_utf8(bytes.to_vec()).ok()?;
    Some(HttpResponse {
        status,
        headers,
        body,
    })
}

/// The catalogs read so far, by the folder and the language's tag.
type Catalogs = std::sync::Mutex<Vec<(std::path::PathBuf, &'static str, Arc<Catalog>)>>;
static CATALOGS: std::sync::OnceLock<Catalogs> = std::sync::OnceLock::new();

/// The catalog of `language`, read once per folder.
fn catalog(dist: &Path, language: &'static Language) -> Option<Arc<Catalog>> {
    let all = CATALOGS.get_or_init(Default::default);
    let known = all
        .lock()
        .ok()?
        .iter()
        .find(|(d, t, _)| d == dist && *t == language.tag)
        .map(|(_, _, c)| c.clone());
    if let Some(c) = known {
        return Some(c);
    }
    let read = Arc::new(read_catalog(dist, language)?);
    all.lock()
        .ok()?
        .push((dist.to_path_buf(), language.tag, read.clone()));
    Some(read)
}

/// The catalog of `language`: English's is compiled in; another's is read
/// from the built console's `locales/`.
fn read_catalog(dist: &Path, language: &Language) -> Option<Catalog> {
    if language == Language::english() {
        return Some(Catalog::english());
    }
    let text = std::fs::read_to_string(dist.join("locales").join(format!("{}.json", language.tag)))
        .ok()?;
    // The build ships catalogs as arrays by key; a catalog as written
    // (`locales/` of the source) is read too.
    Catalog::from_array(&text)
        .or_else(|_| Catalog::parse(&text))
        .ok()
}
