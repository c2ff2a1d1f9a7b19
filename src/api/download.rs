//! Saving a file the console made (a CSV export, a chart) to the person's
//! computer: a `Blob` behind a temporary object URL, opened by a
//! `download` link. Nothing leaves the browser.

use payments_model::keys as k;
use payments_model::Message;
use wasm_bindgen::JsCast;

/// Offers `text` as a file named `name` of type `mime`; an error says
/// why the browser refused.
pub fn save(name: &str, mime: &str, text: &str) -> Result<(), Message> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| Message::Text(k::export::NO_FILE))?;
    save_blob(name, &blob)
}

/// Offers `blob` as a file named `name`; an error says why the browser
/// refused.
pub fn save_blob(name: &str, blob: &web_sys::Blob) -> Result<(), Message> {
    let url = web_sys::Url::create_object_url_with_blob(blob)
        .map_err(|_| Message::Text(k::export::NO_FILE))?;
    let link = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        .ok_or(Message::Text(k::export::NOT_OFFERED))?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // The download reads the blob after this call returns: the URL goes a
    // minute later.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    }
    Ok(())
}
