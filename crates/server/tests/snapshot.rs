//! The first screen drawn by the server: a signed-in person's first
//! visit to a list the vendor pages gets the page's head at once, then the
//! list as the console draws it and the answer it was drawn from; every
//! other visit gets the page as it is.

mod common;

use common::{temp_dir, Front, Process};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// A built console as the server reads it: the page, the snapshot's
/// stylesheet and script, and German's catalog (as written in the source).
fn dist() -> std::path::PathBuf {
    let dir = temp_dir().join("dist");
    std::fs::create_dir_all(dir.join("locales")).unwrap();
    let page = "<!doctype html><html><head><title>page</title><script type=\"module\" src=\"/start.js\"></script></head><body><noscript>n</noscript></body></html>";
    std::fs::write(dir.join("index.html"), page).unwrap();
    std::fs::write(dir.join("snapshot-0123456789abcdef.css"), "a{}").unwrap();
    std::fs::write(dir.join("snapshot-0123456789abcdef.js"), "1").unwrap();
    let german = concat!(env!("CARGO_MANIFEST_DIR"), "/../../locales/de.json");
    std::fs::copy(german, dir.join("locales/de.json")).unwrap();
    dir
}

fn config(vendor: &str) -> payments_server::gateway::config::GatewayConfig {
    let rr = |id: &str, path: &str| {
        common::reviewrover(id, &format!("{vendor}{path}reviewrover/api/v1"))
    };
    common::parse(&format!(
        "{}{}{}{}",
        rr("rr", "/"),
        rr("slow", "/sandbox/faults/slow/1500/"),
        rr("broken", "/sandbox/faults/status/500/"),
        common::accounts(&[("ada", "viewer")])
    ))
}

/// The page at `path` for `cookie`, asked in `accept`'s languages.
async fn page(f: &Front, path: &str, cookie: &str, accept: &str) -> (StatusCode, String, String) {
    let r = f
        .req(reqwest::Method::GET, path)
        .header("Cookie", cookie)
        .header("Accept-Language", accept)
        .send()
        .await
        .unwrap();
    let (status, cache) = (
        r.status(),
        r.headers()["cache-control"].to_str().unwrap().to_string(),
    );
    (status, cache, r.text().await.unwrap())
}

/// The answers a page carries for the console.
fn carried(body: &str) -> Value {
    let start =
        body.find("id=\"pc-carried\">").expect("a block of answers") + "id=\"pc-carried\">".len();
    let end = start + body[start..].find("</script>").unwrap();
    serde_json::from_str(&body[start..end]).unwrap()
}

#[tokio::test]
async fn a_first_visit_gets_the_list_drawn_and_the_answer_it_was_drawn_from() {
    let f = Front::serving(config, Some(dist())).await;
    let ada = f.sign_in("ada").await;
    let (status, cache, body) = page(&f, "/c/rr", &ada.cookie, "en-GB,en").await;
    assert_eq!(
        (status, cache.as_str()),
        (StatusCode::OK, "private, no-cache")
    );
    assert!(
        body.starts_with("<!doctype html><html><head><title>page</title>"),
        "{body}"
    );
    assert!(body.contains("<link rel=\"stylesheet\" href=\"/snapshot-0123456789abcdef.css\""));
    assert!(body.contains("<script src=\"/snapshot-0123456789abcdef.js\"></script>"));
    // The console's loader runs as soon as it arrives (it compiles the
    // module while the vendor is asked).
    assert!(body.contains("<script type=\"module\" async src=\"/start.js\">"));
    assert!(body.contains("<div id=\"pc-snapshot\" hidden><div class=\"pc-root\" lang=\"en\">"));
    assert!(body.contains("ReviewRover payments"), "the catalog's words");
    // A viewer is told why there is no "New payment".
    assert!(!body.contains("/c/rr/new"));
    // The answer the rows were drawn from is the gateway's own, and every
    // payment in it is a row.
    // Where the log of changes stood when the server read: as the session
    // tells it (no change since), so the console follows from there.
    let block = carried(&body);
    let session: Value = ada
        .on(f.req(reqwest::Method::GET, "/gateway/session"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(block["changes_after"].is_i64(), "{block}");
    assert_eq!(block["changes_after"], session["changes_after"]);
    let answers = &block["answers"];
    assert_eq!(answers[0]["status"], json!(200));
    let url = answers[0]["url"].as_str().unwrap();
    assert!(url.starts_with("/gateway/rr/payments?"), "{url}");
    let direct = ada
        .on(f.req(reqwest::Method::GET, url))
        .send()
        .await
        .unwrap();
    let direct: Value = direct.json().await.unwrap();
    let sent: Value = serde_json::from_str(answers[0]["body"].as_str().unwrap()).unwrap();
    assert_eq!(sent, direct);
    // The list is the answer itself or its one array-valued field.
    let list = sent
        .as_array()
        .or_else(|| sent.as_object()?.values().find_map(Value::as_array));
    let ids: Vec<String> = list
        .expect("a list")
        .iter()
        .map(|p| p["id"].to_string().trim_matches('"').to_string())
        .collect();
    assert!(!ids.is_empty());
    for id in &ids {
        assert!(body.contains(&format!("data-payment=\"{id}\"")), "row {id}");
    }
    assert_eq!(answers[1]["url"], json!("/gateway/preferences"));
    no_omitted_class(&body);
    // The person's language, kept by the console in a cookie, wins over
    // the browser's.
    let cookie = format!("{}; pc-language=de", ada.cookie);
    let (_, _, body) = page(&f, "/", &cookie, "en").await;
    assert!(body.contains("lang=\"de\""), "German");
    assert!(body.contains("Zahlungen"), "German words");
}

/// The first screen's stylesheet leaves out the rules of the classes
/// `style/first-screen-omits.txt` names: a drawn page uses none of them.
fn no_omitted_class(body: &str) {
    let omits = include_str!("../../../style/first-screen-omits.txt");
    let omitted: Vec<&str> = omits
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
        .collect();
    assert!(omitted.len() > 50 && omitted.contains(&"pc-dialog"));
    let drawn = body[body.find("id=\"pc-snapshot\"").unwrap()..]
        .split("class=\"")
        .skip(1);
    for classes in drawn {
        for class in classes[..classes.find('"').unwrap()].split_whitespace() {
            assert!(
                !omitted.contains(&class),
                "{class} is drawn but its rules are left out"
            );
        }
    }
}

#[tokio::test]
async fn the_page_is_sent_as_brotli_where_the_browser_takes_it() {
    let f = Front::serving(config, Some(dist())).await;
    let ada = f.sign_in("ada").await;
    let r = f
        .req(reqwest::Method::GET, "/c/rr")
        .header("Cookie", ada.cookie.as_str())
        .header("Accept-Language", "en")
        .header("Accept-Encoding", "gzip, deflate, br")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-encoding"], "br");
    let vary = r.headers()["vary"].to_str().unwrap().to_string();
    assert!(
        vary.contains("cookie") && vary.contains("accept-encoding"),
        "{vary}"
    );
    let sent = r.bytes().await.unwrap();
    let mut page = String::new();
    std::io::Read::read_to_string(&mut brotli::Decompressor::new(&sent[..], 4096), &mut page)
        .unwrap();
    assert!(page.contains("id=\"pc-snapshot\""), "{page}");
    assert!(page.ends_with("</body></html>"));
    assert!(
        sent.len() * 4 < page.len(),
        "{} of {}",
        sent.len(),
        page.len()
    );
}

#[tokio::test]
async fn every_other_visit_gets_the_page_as_it_is() {
    let f = Front::serving(config, Some(dist())).await;
    let ada = f.sign_in("ada").await;
    let without = |body: &str| !body.contains("pc-snapshot") && !body.contains("pc-carried");
    // Signed out.
    let (_, _, body) = page(&f, "/c/rr", "", "en").await;
    assert!(without(&body), "signed out: {body}");
    assert!(
        body.contains("<script type=\"module\" src=\"/start.js\">"),
        "deferred"
    );
    // Filters or a page number in the address.
    let (_, _, body) = page(&f, "/c/rr?page=2", &ada.cookie, "en").await;
    assert!(without(&body), "a query");
    // A language the server cannot know.
    let (_, _, body) = page(&f, "/c/rr", &ada.cookie, "ja").await;
    assert!(without(&body), "no language");
    // Browser-only mode: no gateway, no session, the page as it is.
    let alone = common::browser_only(Some(dist())).await;
    let r = reqwest::Client::new()
        .get(alone.url("/c/reviewrover"))
        .header("Cookie", ada.cookie.as_str())
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let body = r.text().await.unwrap();
    assert!(without(&body), "browser-only: {body}");
    assert!(
        body.contains("<script type=\"module\" src=\"/start.js\">"),
        "deferred"
    );
    // A vendor that fails, or answers past the cap: the page still comes.
    for path in ["/c/broken", "/c/slow"] {
        let (status, _, body) = page(&f, path, &ada.cookie, "en").await;
        assert_eq!(status, StatusCode::OK);
        assert!(without(&body), "{path}");
        assert!(body.ends_with("</body></html>"), "{path}: {body}");
    }
}

#[tokio::test]
async fn a_vendor_answer_holding_markup_is_text_and_cannot_end_the_block() {
    let f = Front::serving(config, Some(dist())).await;
    let nasty =
        "</script><script>alert(1)</script><!-- <img src=x onerror=alert(2)> \u{202e}\u{2028}é";
    let r = reqwest::Client::new()
        .post(f.vendor.url("/reviewrover/api/v1/payments"))
        .bearer_auth("rr_demo_token")
        .json(&json!({"contact_id": nasty, "amount": "1.00", "status": "pending", "external_id": nasty}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let ada = f.sign_in("ada").await;
    let (_, _, body) = page(&f, "/c/rr", &ada.cookie, "en").await;
    // The page's only scripts are its own: the console's loader, the
    // snapshot's and the block.
    assert_eq!(body.matches("<script").count(), 3, "{body}");
    assert_eq!(body.matches("</script>").count(), 3);
    assert!(!body.contains("<img") && !body.contains("<!-- <"));
    assert!(body.contains("&lt;/script&gt;&lt;script&gt;alert(1)"));
    // The block reads back as the very answer.
    let sent = carried(&body)["answers"][0]["body"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(sent.contains(nasty), "{sent}");
}

/// The production binary drawing first screens for a burst of signed-in
/// visits at once (each one a vendor request and a store query of its
/// own): every page arrives whole, drawn or as it is, memory grows by a
/// bounded amount, and the next visit is drawn again.
#[tokio::test]
async fn a_burst_of_first_visits_is_served_whole_in_bounded_memory() {
    let vendor = common::vendor().await;
    let config = format!(
        "{}{}",
        common::reviewrover("rr", &format!("{}/reviewrover/api/v1", vendor.base)),
        common::accounts(&[("ada", "viewer")])
    );
    let dist = dist();
    let dist = dist.to_str().unwrap();
    let p = Process::start(&config, &[("RR", "rr_demo_token")], &["--dist", dist]).await;
    let ada = p.sign_in("ada").await;
    let client = reqwest::Client::new();
    let visit = |client: reqwest::Client| {
        let (url, cookie) = (p.url("/c/rr"), ada.cookie.clone());
        async move {
            let r = client
                .get(url)
                .header("Cookie", cookie)
                .header("Accept-Language", "en")
                .send()
                .await
                .unwrap();
            (r.status(), r.text().await.unwrap())
        }
    };
    let drawn = |body: &str| body.contains("id=\"pc-snapshot\"");
    let (_, body) = visit(client.clone()).await;
    assert!(drawn(&body), "warm: {body}");
    let before = p.resident_kib();
    let tasks: Vec<_> = (0..300)
        .map(|_| tokio::spawn(visit(client.clone())))
        .collect();
    let mut shown = 0;
    for t in tasks {
        let (status, body) = t.await.unwrap();
        assert_eq!(status, StatusCode::OK);
        assert!(body.ends_with("</body></html>"), "a whole page: {body}");
        shown += usize::from(drawn(&body));
    }
    let (after, peak) = (p.resident_kib(), p.peak_kib());
    let grown_mib = after.saturating_sub(before) / 1024;
    eprintln!(
        "300 first visits at once: {shown} drawn; resident memory {} MiB before, {} MiB after (+{grown_mib} MiB), peak {} MiB",
        before / 1024,
        after / 1024,
        peak / 1024
    );
    assert!(shown > 0, "none drawn");
    assert!(grown_mib < 150, "grew by {grown_mib} MiB");
    let (_, body) = visit(client).await;
    assert!(drawn(&body), "after the burst");
}
