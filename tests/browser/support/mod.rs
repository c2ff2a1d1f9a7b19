//! Helpers the browser test files share: the sandbox's address, waiting
//! in the page's event loop, and the document.

use wasm_bindgen_futures::JsFuture;

pub mod page;

/// The sandbox `scripts/test` started, read at build time: a test page has
/// no environment. Missing means the tests were not started by
/// scripts/test, and they fail saying so.
pub fn sandbox_url() -> &'static str {
    match option_env!("SANDBOX_URL") {
        Some(url) => url,
        None => panic!("SANDBOX_URL is not set: run the browser tests through scripts/test"),
    }
}

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    let _ = JsFuture::from(promise).await;
}

/// Waits (up to ten seconds) until `cond` holds.
pub async fn wait_for(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..200 {
        if cond() {
            return;
        }
        sleep(50).await;
    }
    panic!("timed out waiting for {what}");
}

/// Keeps each file the console hands to the browser (its `Blob`), for
/// [`last_file`] to read.
#[allow(dead_code)] // not every test file exports
pub fn keep_files() {
    js_sys::eval(
        "(() => { if (window.__kept) return; window.__kept = true; const make = URL.createObjectURL; \
         URL.createObjectURL = b => { window.__lastFile = b; return make.call(URL, b); }; })()",
    )
    .unwrap();
}

/// The text of the last file the console saved since [`keep_files`].
#[allow(dead_code)]
pub async fn last_file() -> String {
    use wasm_bindgen::JsCast;
    let file = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__lastFile".into()).unwrap();
    let text_of: js_sys::Function = js_sys::Reflect::get(&file, &"text".into())
        .unwrap()
        .unchecked_into();
    let promise: js_sys::Promise = text_of.call0(&file).unwrap().unchecked_into();
    JsFuture::from(promise).await.unwrap().as_string().unwrap()
}
