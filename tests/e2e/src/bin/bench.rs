//! `scripts/bench`'s browser half: measures the release console in
//! headless Chromium against a server whose accounts hold many payments
//! (`E2E_URL`, signed in with `E2E_PASSWORD`), and prints the medians of
//! `BENCH_RUNS` runs (default 5) as a table.
//!
//! Each run is a new browser with an empty cache, signed in without
//! loading the console, so the first page is a cold load. It measures:
//! - cold load: from navigation to 25 rows of the first list in the page
//!   (the server's first screen shown, `pc-snapshot-rows`, else the
//!   console's `pc-list-rows` mark), and to the console interactive (its
//!   `pc-took-over` mark, else its rows);
//! - the big list, reached by its link in the header: from the click to
//!   its rows, from its answer to its rows, the longest main-thread task
//!   and the total blocking time (the time of each task beyond 50 ms) from
//!   the click until a second after the rows, DOM elements, the JS heap
//!   and the WebAssembly memory;
//! - scrolling that list to its end and finding one payment in it: the
//!   longest task of each, and whether the last row and the match showed.
//!
//! - first and repeat visits on three links (Chromium's network
//!   emulation through ChromeDriver): loopback, a desktop link (10 Mbit/s,
//!   40 ms, Lighthouse's desktop setting) and slow 4G (1.6 Mbit/s,
//!   150 ms): from navigation to 25 rows with an empty cache, then again
//!   with the cache the first visit left, and the bytes transferred; the
//!   same for the react-admin 5 app `scripts/bench` serves at
//!   `/react-admin/` (tests/bench/react-admin: react-admin's List and
//!   Datagrid over the same ReviewRover, 25 rows), and for the console
//!   without the server's first screen (as it was before it), visits of
//!   the three interleaved, and the ratios console ÷ react-admin.
//!
//! `BENCH_LINKS=0` leaves the visits on links out (`scripts/bench
//! --lists-only`), for many runs of the big list alone.
//!
//! It measures; it asserts nothing.

use std::time::Duration;

use payments_e2e::Journey;
use serde_json::{json, Value};

/// The header link of the list with the most payments.
const BIG_LIST: &str = "Billing Platform";

const COLD_LOAD: &str = r#"
const cb = arguments[arguments.length - 1];
const start = Date.now();
(function poll() {
  const rows = document.querySelectorAll('tbody tr.pc-row').length;
  const mark = performance.getEntriesByName('pc-list-rows')[0];
  // The server's first screen, where it drew one, and its take-over.
  const snapshot = performance.getEntriesByName('pc-snapshot-rows')[0];
  const took = performance.getEntriesByName('pc-took-over')[0];
  if (mark && rows >= 25 && (!snapshot || took)) cb({
    ms: (snapshot || mark).startTime,
    interactive: (took || mark).startTime,
    started: (performance.getEntriesByName('pc-started')[0] || {}).startTime,
    answer: (performance.getEntriesByName('pc-list-answer')[0] || {}).startTime,
    page_arrived: performance.getEntriesByType('navigation')[0].responseEnd,
    dom_content_loaded: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
    rows,
    // Where the time went: each request's start and end since navigation.
    requests: performance.getEntriesByType('resource').map((e) =>
      [e.name.replace(location.origin, '').slice(0, 48), Math.round(e.startTime), Math.round(e.responseEnd)]),
  });
  else if (Date.now() - start > 30000) cb({ error: 'no list rows after 30 s' });
  else setTimeout(poll, 10);
})();
"#;

/// The react-admin app's load: from navigation to 25 rows of its
/// Datagrid in the page (polled every 5 ms).
const REACT_ADMIN_LOAD: &str = r#"
const cb = arguments[arguments.length - 1];
const start = Date.now();
(function poll() {
  const rows = document.querySelectorAll('tr.RaDatagrid-row').length;
  if (rows >= 25) cb({ ms: performance.now(), rows });
  else if (Date.now() - start > 30000) cb({ error: 'no react-admin rows after 30 s' });
  else setTimeout(poll, 5);
})();
"#;

/// What a visit opens: the console's ReviewRover list, signed in (with
/// the server's first screen, or without it as before it: the page asks
/// in no language the server can draw in), or the react-admin app
/// listing the same payments.
#[derive(Clone, Copy, PartialEq)]
enum App {
    Console,
    ConsoleAlone,
    ReactAdmin,
}

/// A cookie naming no language: the server draws no first screen.
const NO_FIRST_SCREEN: &str = "document.cookie = 'pc-language=none; path=/'; return 1;";

const BIG_LIST_SCRIPT: &str = r#"
const [name, cb] = [arguments[0], arguments[arguments.length - 1]];
const tasks = [];
const spans = [];
const obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) { tasks.push(e.duration); spans.push([e.startTime, e.duration]); } });
obs.observe({ type: 'longtask' });
const link = [...document.querySelectorAll('nav a')].find((a) => a.textContent.trim() === name);
if (!link) { cb({ error: 'no link to ' + name }); return; }
const t0 = performance.now();
link.click();
const start = Date.now();
const after = (n) => performance.getEntriesByName(n).filter((e) => e.startTime > t0).pop();
(function poll() {
  const rows = after('pc-list-rows');
  const answer = after('pc-list-answer');
  if (rows && answer && document.querySelector('.pc-table-scroll')) {
    setTimeout(async () => {
      obs.disconnect();
      let wasm = null;
      try { wasm = (await (await import('/payments-console.js')).default()).memory.buffer.byteLength; } catch (e) {}
      cb({
        click_to_rows: rows.startTime - t0,
        answer_to_rows: rows.startTime - answer.startTime,
        longest: Math.max(0, ...tasks),
        tbt: tasks.reduce((s, d) => s + Math.max(0, d - 50), 0),
        dom: document.getElementsByTagName('*').length,
        heap: performance.memory ? performance.memory.usedJSHeapSize : null,
        wasm,
        payments: Number(document.querySelector('table.pc-table').getAttribute('aria-rowcount')) - 1,
        long_tasks_after_answer: spans.map(([s, d]) => [Math.round(s - answer.startTime), Math.round(d)]),
      });
    }, 1000);
  } else if (Date.now() - start > 60000) cb({ error: 'the big list did not show in 60 s' });
  else setTimeout(poll, 10);
})();
"#;

const SCROLL_SCRIPT: &str = r#"
const cb = arguments[arguments.length - 1];
const tasks = [];
const obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) tasks.push(e.duration); });
obs.observe({ type: 'longtask' });
const el = document.querySelector('.pc-table-scroll');
let i = 0;
(function step() {
  el.scrollTop = el.scrollHeight * (i / 40);
  if (++i <= 41) { requestAnimationFrame(step); return; }
  setTimeout(() => {
    obs.disconnect();
    const rows = [...el.querySelectorAll('tbody tr.pc-row')];
    const last = rows.length ? Number(rows[rows.length - 1].getAttribute('aria-rowindex')) : 0;
    const count = Number(el.querySelector('table').getAttribute('aria-rowcount'));
    cb({ longest: Math.max(0, ...tasks), reached_end: last >= count - 1 });
  }, 300);
})();
"#;

const FIND_SCRIPT: &str = r#"
const [text, cb] = [arguments[0], arguments[arguments.length - 1]];
const tasks = [];
const obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) tasks.push(e.duration); });
obs.observe({ type: 'longtask' });
const input = document.getElementById('pc-find');
if (!input) { cb({ error: 'no find box' }); return; }
const before = document.querySelector('.pc-pager__summary').textContent;
const t0 = performance.now();
input.value = text;
input.dispatchEvent(new Event('change', { bubbles: true }));
const start = Date.now();
(function poll() {
  const now = document.querySelector('.pc-pager__summary');
  if (now && now.textContent !== before) {
    const ms = performance.now() - t0;
    setTimeout(() => { obs.disconnect(); cb({ ms, longest: Math.max(0, ...tasks), summary: now.textContent }); }, 300);
  } else if (Date.now() - start > 30000) cb({ error: 'finding did not narrow the list' });
  else setTimeout(poll, 5);
})();
"#;

/// A link to emulate: name, added latency (ms), download and upload
/// throughput (bytes per second; 0 leaves it unthrottled).
const LINKS: [(&str, u32, u32, u32); 3] = [
    ("loopback", 0, 0, 0),
    ("10 Mbit/s, 40 ms", 40, 1_280_000, 1_280_000),
    ("1.6 Mbit/s, 150 ms (slow 4G)", 150, 204_800, 96_000),
];

/// What a visit transferred: every resource's bytes over the wire.
const TRANSFERRED: &str = r#"
const nav = performance.getEntriesByType('navigation')[0];
return performance.getEntriesByType('resource').reduce((n, e) => n + (e.transferSize || 0), nav ? nav.transferSize : 0);
"#;

/// A new browser signed in as the viewer without loading the console.
async fn signed_in(password: &str) -> Journey {
    let j = Journey::start_signed_out().await;
    j.open("/gateway/session").await;
    let sign_in = r#"
        const [name, password, cb] = arguments;
        fetch('/gateway/sign-in', { method: 'POST', headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ name, password }) }).then((r) => cb(r.status), (e) => cb(String(e)));
    "#;
    let status = script(&j, sign_in, vec![json!("viewer"), json!(password)]).await;
    if status != json!(200) {
        eprintln!("bench: signing in answered {status}");
        std::process::exit(1);
    }
    j
}

/// First and repeat visit to `app`'s ReviewRover list over `link`, in a
/// new browser: milliseconds to 25 rows and bytes transferred, each.
async fn visits(password: &str, app: App, link: (&str, u32, u32, u32)) -> Value {
    let j = match app {
        App::Console | App::ConsoleAlone => signed_in(password).await,
        App::ReactAdmin => Journey::start_signed_out().await,
    };
    let (_, latency, download, upload) = link;
    if latency > 0 {
        // ChromeDriver's command that sets the page's network conditions.
        let conditions = json!({ "network_conditions": {
            "offline": false,
            "latency": latency,
            "download_throughput": download,
            "upload_throughput": upload,
        }});
        if let Err(e) = j.driver("chromium/network_conditions", conditions).await {
            eprintln!("bench: ChromeDriver refused the network conditions: {e}");
            std::process::exit(1);
        }
    }
    let mut out = Vec::new();
    for _ in 0..2 {
        let load = match app {
            App::Console | App::ConsoleAlone => {
                if app == App::ConsoleAlone {
                    j.js(NO_FIRST_SCREEN).await;
                }
                j.open("/c/reviewrover").await;
                script(&j, COLD_LOAD, vec![]).await
            }
            App::ReactAdmin => {
                j.open("/react-admin/").await;
                script(&j, REACT_ADMIN_LOAD, vec![]).await
            }
        };
        let bytes = j.js(TRANSFERRED).await;
        let interactive = load.get("interactive").unwrap_or(&load["ms"]).clone();
        out.push(json!({ "ms": load["ms"], "interactive": interactive, "bytes": bytes }));
    }
    let _ = j.client.clone().close().await;
    json!({ "first": out[0], "repeat": out[1] })
}

async fn script(j: &Journey, js: &str, args: Vec<Value>) -> Value {
    let v = j
        .client
        .execute_async(js, args)
        .await
        .unwrap_or_else(|e| json!({ "error": e.to_string() }));
    if let Some(e) = v.get("error") {
        eprintln!("bench: {e}");
        std::process::exit(1);
    }
    v
}

async fn one_run(password: &str) -> Value {
    // Signed in without loading the console, so its first load is cold.
    let j = signed_in(password).await;
    j.open("/c/reviewrover").await;
    let cold = script(&j, COLD_LOAD, vec![]).await;
    let big = script(&j, BIG_LIST_SCRIPT, vec![json!(BIG_LIST)]).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let scroll = script(&j, SCROLL_SCRIPT, vec![]).await;
    let find = script(&j, FIND_SCRIPT, vec![json!("PAY-09999")]).await;
    let _ = j.client.clone().close().await;
    json!({ "cold": cold, "big": big, "scroll": scroll, "find": find })
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    match xs.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => xs[n / 2],
        n => (xs[n / 2 - 1] + xs[n / 2]) / 2.0,
    }
}

#[tokio::main]
async fn main() {
    let password = std::env::var("E2E_PASSWORD").unwrap_or_default();
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .filter(|r| *r >= 1)
        .unwrap_or(5);
    let mut all = Vec::new();
    for n in 1..=runs {
        let r = one_run(&password).await;
        eprintln!("run {n}: {r}");
        all.push(r);
    }
    let figure = |path: &[&str]| -> f64 {
        median(
            all.iter()
                .filter_map(|r| path.iter().try_fold(r, |v, k| v.get(*k))?.as_f64())
                .collect(),
        )
    };
    let payments = figure(&["big", "payments"]);
    let mb = |b: f64| b / 1_048_576.0;
    println!("Medians of {runs} runs in headless Chromium:");
    let rows: [(String, String); 12] = [
        (
            "cold load to 25 rows".into(),
            format!("{:.0} ms", figure(&["cold", "ms"])),
        ),
        (
            "  to the console interactive".into(),
            format!("{:.0} ms", figure(&["cold", "interactive"])),
        ),
        (
            format!("{BIG_LIST} list of {payments} payments: click to first rows"),
            format!("{:.0} ms", figure(&["big", "click_to_rows"])),
        ),
        (
            "  answer arrived to first rows".into(),
            format!("{:.0} ms", figure(&["big", "answer_to_rows"])),
        ),
        (
            "  longest main-thread task".into(),
            format!("{:.0} ms", figure(&["big", "longest"])),
        ),
        (
            "  total blocking time".into(),
            format!("{:.0} ms", figure(&["big", "tbt"])),
        ),
        (
            "  DOM elements".into(),
            format!("{:.0}", figure(&["big", "dom"])),
        ),
        (
            "  JS heap".into(),
            format!("{:.1} MB", mb(figure(&["big", "heap"]))),
        ),
        (
            "  WebAssembly memory".into(),
            format!("{:.1} MB", mb(figure(&["big", "wasm"]))),
        ),
        (
            "  scrolling to the end: longest task".into(),
            format!("{:.0} ms", figure(&["scroll", "longest"])),
        ),
        (
            "  finding one payment: until shown".into(),
            format!("{:.0} ms", figure(&["find", "ms"])),
        ),
        (
            "  finding one payment: longest task".into(),
            format!("{:.0} ms", figure(&["find", "longest"])),
        ),
    ];
    for (what, value) in rows {
        println!("  {what:<58} {value:>10}");
    }
    let reached = all
        .iter()
        .all(|r| r["scroll"]["reached_end"] == json!(true));
    println!("  scrolling reached the last row in every run: {reached}");
    let longest: Vec<f64> = all
        .iter()
        .filter_map(|r| r["big"]["longest"].as_f64())
        .collect();
    let over = longest.iter().filter(|ms| **ms > 50.0).count();
    let each: Vec<String> = longest.iter().map(|ms| format!("{ms:.0}")).collect();
    println!(
        "  {BIG_LIST} list: longest task in each run (ms): {}; the most {:.0} ms; runs with a task over 50 ms: {over} of {}",
        each.join(", "),
        longest.iter().copied().fold(0.0, f64::max),
        longest.len()
    );
    if std::env::var("BENCH_LINKS").is_ok_and(|v| v == "0") {
        return;
    }

    println!(
        "First and repeat visits to 25 rows (medians of {runs} runs, the apps interleaved; ratio: console ÷ react-admin):"
    );
    for link in LINKS {
        let mut visited = [Vec::new(), Vec::new(), Vec::new()];
        for _ in 0..runs {
            let apps = [App::Console, App::ReactAdmin, App::ConsoleAlone];
            for (i, app) in apps.into_iter().enumerate() {
                visited[i].push(visits(&password, app, link).await);
            }
        }
        let figure = |i: usize, visit: &str, what: &str| {
            median(
                visited[i]
                    .iter()
                    .filter_map(|v| v[visit][what].as_f64())
                    .collect(),
            )
        };
        println!("  {}", link.0);
        for (i, name) in ["console", "react-admin", "no 1st screen"]
            .into_iter()
            .enumerate()
        {
            println!(
                "    {:<12} first {:>6.0} ms {:>7.1} KB · repeat {:>6.0} ms {:>7.1} KB · interactive {:>6.0} ms, repeat {:>6.0} ms",
                name,
                figure(i, "first", "ms"),
                figure(i, "first", "bytes") / 1000.0,
                figure(i, "repeat", "ms"),
                figure(i, "repeat", "bytes") / 1000.0,
                figure(i, "first", "interactive"),
                figure(i, "repeat", "interactive")
            );
        }
        let ratio = |visit: &str, what: &str| figure(0, visit, what) / figure(1, visit, what);
        println!(
            "    {:<12} first {:>6.2} ×  {:>7.2} ×  · repeat {:>6.2} ×",
            "ratio",
            ratio("first", "ms"),
            ratio("first", "bytes"),
            ratio("repeat", "ms"),
        );
    }
}
