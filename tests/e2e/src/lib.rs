//! The harness for end-to-end journeys: starts ChromeDriver, opens a
//! headless Chromium session on the console that `scripts/test` serves
//! (its address in `E2E_URL`), and offers the few waits a journey needs.
//!
//! Journeys look only at what a person sees: text, labels, the address bar.

use std::process::Stdio;
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use tokio::process::{Child, Command};

/// A browser session on the console; dropping it stops ChromeDriver.
pub struct Journey {
    pub client: Client,
    pub base: String,
    _driver: Child,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Journey {
    /// Starts a browser signed in to the gateway as the demo editor.
    pub async fn start() -> Journey {
        Journey::start_as("editor").await
    }

    /// Starts a browser and signs in to the gateway as `name` (the demo
    /// accounts' password is in `E2E_PASSWORD`).
    pub async fn start_as(name: &str) -> Journey {
        let j = Journey::start_signed_out().await;
        j.sign_in(name).await;
        j
    }

    /// Signs in on the sign-in page the console shows at its root.
    pub async fn sign_in(&self, name: &str) {
        let password = std::env::var("E2E_PASSWORD")
            .expect("E2E_PASSWORD is not set: run the journeys through scripts/test");
        self.open("/").await;
        self.find("#pc-sign-in-name").await;
        self.fill("Name", name).await;
        self.fill("Password", &password).await;
        self.button("Sign in").await.click().await.expect("sign in");
        let words = format!("Signed in as {name}");
        // Read from the page, not as drawn: on a phone it is behind "Menu".
        self.until(&format!("{words:?} in the header"), || async {
            self.js("const w = document.querySelector('.pc-who'); return w ? w.textContent : '';")
                .await
                .as_str()
                .is_some_and(|t| t.contains(&words))
        })
        .await;
    }

    /// Signs on at `base` (the production server with single sign-on,
    /// `E2E_SSO_URL`) as `who`: its sign-in page's one button, then the
    /// provider's login form (which takes any password).
    pub async fn sign_on(&self, base: &str, who: &str) {
        self.open_on(base, "/").await;
        let button = self.find("a.pc-button").await;
        assert_eq!(button.text().await.unwrap(), "Sign in with Company SSO");
        button.click().await.expect("the sign-on button");
        let login = self.find("input[name=login]").await;
        login.send_keys(who).await.expect("the provider's login");
        self.find("input[name=password]")
            .await
            .send_keys("anything")
            .await
            .expect("the provider's password");
        self.find("button[type=submit]")
            .await
            .click()
            .await
            .expect("the provider's submit");
    }

    /// Starts ChromeDriver and a headless Chromium, signed in nowhere.
    pub async fn start_signed_out() -> Journey {
        Journey::start_signed_out_speaking("en-US,en").await
    }

    /// A browser the size of a phone (390 × 844, touch), signed in to
    /// the gateway as the demo editor.
    pub async fn start_on_phone() -> Journey {
        let phone = serde_json::json!({
            "deviceMetrics": { "width": 390, "height": 844, "pixelRatio": 1.0, "touch": true }
        });
        let j = Journey::launch("en-US,en", Some(phone)).await;
        j.sign_in("editor").await;
        j
    }

    /// A browser whose languages are `accept` (`de-DE,de`), at no page yet
    /// and signed in nowhere.
    pub async fn start_signed_out_speaking(accept: &str) -> Journey {
        Journey::launch(accept, None).await
    }

    /// Starts ChromeDriver and a headless Chromium speaking `accept`,
    /// emulating `device` (Chromium's `mobileEmulation`) where given.
    async fn launch(accept: &str, device: Option<serde_json::Value>) -> Journey {
        let base = std::env::var("E2E_URL")
            .expect("E2E_URL is not set: run the journeys through scripts/test");
        let driver_path =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let port = free_port();
        let driver = Command::new(driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("chromedriver starts");
        let caps = serde_json::json!({
            "goog:chromeOptions": {
                "binary": std::env::var("CHROME").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--window-size=1280,900"
                ],
                "prefs": { "intl.accept_languages": accept }
            }
        });
        let mut caps = caps.as_object().cloned().unwrap_or_default();
        if let (Some(device), Some(options)) = (device, caps.get_mut("goog:chromeOptions")) {
            options["mobileEmulation"] = device;
        }
        let mut last_err = String::new();
        for _ in 0..100 {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => {
                    return Journey {
                        client,
                        base,
                        _driver: driver,
                    }
                }
                Err(e) => last_err = e.to_string(),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("could not start a browser session: {last_err}");
    }

    /// On the Connections page: opens the form for a browser-only
    /// connection and chooses `vendor` (its slug).
    pub async fn start_browser_only_connection(&self, vendor: &str) {
        self.button("Add a browser-only connection")
            .await
            .click()
            .await
            .expect("the add button");
        self.labelled("Vendor")
            .await
            .select_by_value(vendor)
            .await
            .expect("the vendor");
    }

    /// Opens a path of the console.
    pub async fn open(&self, path: &str) {
        self.client
            .goto(&format!("{}{}", self.base, path))
            .await
            .expect("navigation");
    }

    /// Opens a path of the console another server serves (`base`).
    pub async fn open_on(&self, base: &str, path: &str) {
        self.client
            .goto(&format!("{base}{path}"))
            .await
            .expect("navigation");
    }

    /// Waits up to 15 s for an element matching `css`.
    pub async fn find(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
    }

    /// All elements matching `css` now.
    pub async fn all(&self, css: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_default()
    }

    /// The visible text of every element matching `css`.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut out = Vec::new();
        for e in self.all(css).await {
            out.push(e.text().await.unwrap_or_default());
        }
        out
    }

    /// The button (or link) whose visible text is exactly `label`.
    pub async fn button(&self, label: &str) -> Element {
        // Buttons in closed dialogs are not on screen.
        let xpath = format!(
            "//dialog[@open]//button[normalize-space(.)='{label}'] | \
             //button[not(ancestor::dialog)][normalize-space(.)='{label}' or @aria-label='{label}'] | \
             //a[normalize-space(.)='{label}']"
        );
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|e| panic!("no button {label:?}: {e}"))
    }

    /// The form control whose label reads `label` (a "(required)" mark
    /// after it is allowed).
    pub async fn labelled(&self, label: &str) -> Element {
        let xpath = format!(
            "//label[normalize-space(.)='{label}' or normalize-space(.)='{label} (required)']"
        );
        let l = self
            .client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|e| panic!("no label {label:?}: {e}"));
        let id = l
            .attr("for")
            .await
            .ok()
            .flatten()
            .unwrap_or_else(|| panic!("label {label:?} has no for"));
        // A control behind "More filters" (or any closed disclosure) is
        // opened to, as a person would.
        self.client
            .execute(
                "let d = document.getElementById(arguments[0]);
                 while (d && (d = d.closest('details:not([open])'))) { d.open = true; }",
                vec![serde_json::json!(id)],
            )
            .await
            .expect("open what holds the control");
        self.find(&format!("#{id}")).await
    }

    /// Types into the control labelled `label`, replacing what was there.
    pub async fn fill(&self, label: &str, text: &str) {
        let e = self.labelled(label).await;
        e.clear().await.expect("clear");
        e.send_keys(text).await.expect("type");
    }

    /// Sets a control's value as a date picker would (typing into date
    /// inputs depends on the locale), firing its events.
    pub async fn pick(&self, label: &str, value: &str) {
        let e = self.labelled(label).await;
        let id = e
            .attr("id")
            .await
            .ok()
            .flatten()
            .expect("the control has an id");
        self.client
            .execute(
                "const el = document.getElementById(arguments[0]); el.value = arguments[1]; \
                 el.dispatchEvent(new Event('input', {bubbles: true})); \
                 el.dispatchEvent(new Event('change', {bubbles: true}));",
                vec![serde_json::json!(id), serde_json::json!(value)],
            )
            .await
            .expect("set the value");
    }

    /// How many requests the page has sent with `fetch` so far, not
    /// counting the console's own code (its split-off screens are fetched
    /// too, when the browser is idle).
    pub async fn fetches(&self) -> u64 {
        self.client
            .execute(
                "return performance.getEntriesByType('resource').filter(e => e.initiatorType === 'fetch' && !new URL(e.name).pathname.endsWith('.wasm')).length;",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_u64())
            .unwrap_or(0)
    }

    /// The id of the element that has the focus.
    pub async fn focused_id(&self) -> String {
        self.client
            .execute(
                "return document.activeElement ? document.activeElement.id : '';",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// The visible text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.unwrap_or_default()
    }

    /// Opens the chart above a list (closed by default; the choice is
    /// the person's and stays) and waits for it.
    pub async fn show_chart(&self) {
        self.until("the chart line", || async {
            !self.all(".pc-chartline__toggle").await.is_empty()
        })
        .await;
        self.js("const b = document.querySelector('.pc-chartline__toggle');
                 if (b && b.getAttribute('aria-expanded') === 'false') b.click();
                 return 1;")
            .await;
        self.until("the chart", || async {
            !self.all(".pc-charts").await.is_empty()
        })
        .await;
    }

    /// Waits until what a list draws above its rows after them is there:
    /// its line of totals, and the chart where the person keeps it open.
    pub async fn charts_settled(&self) {
        self.until("the chart line", || async {
            !self.all(".pc-chartline__toggle").await.is_empty()
        })
        .await;
        let open = self
            .js("return document.querySelector('.pc-chartline__toggle').getAttribute('aria-expanded') === 'true';")
            .await;
        if open == serde_json::json!(true) {
            self.until("the chart", || async {
                !self.all(".pc-charts").await.is_empty()
            })
            .await;
        }
    }

    /// Waits until the page shows `text` somewhere in its main area.
    pub async fn sees(&self, text: &str) {
        self.until(&format!("{text:?} on the page"), || async {
            self.texts("main").await.iter().any(|t| t.contains(text))
        })
        .await;
    }

    /// Waits up to 15 s until `check` returns true, re-evaluating it.
    pub async fn until<F, Fut>(&self, what: &str, check: F)
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        for _ in 0..150 {
            if check().await {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // What the person would have seen instead, to tell why.
        let url = self.url().await;
        let main = self.texts("main").await.join(" | ");
        panic!("timed out waiting for {what}; at {url} the page said: {main}");
    }

    /// Evaluates `script` in the page (`null` when it fails).
    pub async fn js(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or(serde_json::Value::Null)
    }

    /// How many table rows the console in the shadow root of the element
    /// matching `host_css` shows.
    pub async fn shadow_rows(&self, host_css: &str) -> u64 {
        self.js(&format!(
            "const e = document.querySelector('{host_css}'); return e && e.shadowRoot ? e.shadowRoot.querySelectorAll('tbody tr').length : 0;"
        ))
        .await
        .as_u64()
        .unwrap_or(0)
    }

    /// What axe-core (the accessibility checker, `tests/axe`) finds wrong
    /// within the element matching `css` against WCAG 2.1 A and AA: one
    /// line per violation, naming the rule and the elements.
    pub async fn axe(&self, css: &str) -> Vec<String> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../axe/node_modules/axe-core/axe.min.js"
        );
        let source = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("{path}: {e}; scripts/test installs axe-core"));
        self.client
            .execute(&format!("{source}; return true;"), vec![])
            .await
            .expect("axe-core loads in the page");
        let found = self
            .client
            .execute_async(
                "const [css, done] = arguments;                  axe.run(document.querySelector(css), {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})                    .then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))))                    .catch(e => done(['axe failed: ' + e]));",
                vec![serde_json::json!(css)],
            )
            .await
            .expect("axe-core runs");
        found
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_else(|| vec![format!("axe answered {found}")])
    }

    /// Sends the Chrome DevTools command `cmd` with `params` to the page
    /// (ChromeDriver's `goog/cdp/execute`): what WebDriver cannot do, such
    /// as a script that runs before any of the page's own.
    pub async fn cdp(&self, cmd: &str, params: serde_json::Value) -> serde_json::Value {
        let body = serde_json::json!({ "cmd": cmd, "params": params });
        self.driver("goog/cdp/execute", body)
            .await
            .unwrap_or_else(|e| panic!("ChromeDriver refused {cmd}: {e}"))
    }

    /// POSTs `body` to ChromeDriver's own command `path` (after the
    /// session's address), such as `chromium/network_conditions`.
    pub async fn driver(
        &self,
        path: &str,
        body: serde_json::Value,
    ) -> Result<serde_json::Value, fantoccini::error::CmdError> {
        self.client
            .issue_cmd(DriverCommand {
                path: path.to_string(),
                body,
            })
            .await
    }

    /// The current address.
    pub async fn url(&self) -> String {
        self.client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default()
    }

    /// Closes the browser.
    pub async fn finish(self) {
        let _ = self.client.close().await;
    }
}

/// A command of ChromeDriver's own, POSTed under the session.
#[derive(Debug)]
struct DriverCommand {
    path: String,
    body: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for DriverCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}
