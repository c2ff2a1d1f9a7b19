//! A chart saved as a file. The drawn SVG is copied with the colours and
//! fonts the stylesheet gave it written into each shape (the stylesheet
//! does not travel with the file), a background in the theme's surface
//! colour and the chart's title; as PNG that SVG is drawn on a canvas at
//! twice its size. The image is read from a `data:` address, which a
//! strict CSP allows for images. Nothing leaves the browser.

use payments_model::keys::Key;
use payments_model::Message;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Element;

use crate::api::download;
use crate::language::k;

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// The styles copied from each drawn shape onto the file's copy.
const COPIED: [&str; 6] = [
    "fill",
    "stroke",
    "stroke-width",
    "font-family",
    "font-size",
    "opacity",
];

fn failed(key: Key) -> Message {
    Message::Text(key)
}

/// The chart `svg` as a standalone SVG document titled `title`.
fn svg_text(svg: &Element, title: &str) -> Result<String, Message> {
    let make = || failed(k::chart::FILE_IMAGE_FAILED);
    let window = web_sys::window().ok_or_else(make)?;
    let document = window.document().ok_or_else(make)?;
    let copy: Element = svg
        .clone_node_with_deep(true)
        .map_err(|_| make())?
        .dyn_into()
        .map_err(|_| make())?;
    let shapes = "rect, line, text"; // a selector, not words
    let (originals, copies) = (
        svg.query_selector_all(shapes).map_err(|_| make())?,
        copy.query_selector_all(shapes).map_err(|_| make())?,
    );
    for i in 0..originals.length() {
        let (Some(o), Some(c)) = (originals.item(i), copies.item(i)) else {
            continue;
        };
        let (o, c): (Element, Element) = (o.unchecked_into(), c.unchecked_into());
        if let Ok(Some(style)) = window.get_computed_style(&o) {
            for prop in COPIED {
                if let Ok(v) = style.get_property_value(prop) {
                    if !v.is_empty() {
                        let _ = c.set_attribute(prop, &v);
                    }
                }
            }
        }
    }
    // What only the page needs: classes, focus, event targets.
    let page_only = "[class], [tabindex], [data-bar]"; // a selector, not words
    if let Ok(marked) = copy.query_selector_all(page_only) {
        for i in 0..marked.length() {
            if let Some(el) = marked.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                for attr in ["class", "tabindex", "data-bar"] {
                    let _ = el.remove_attribute(attr);
                }
            }
        }
    }
    let background = window
        .get_computed_style(svg)
        .ok()
        .flatten()
        .and_then(|s| s.get_property_value("background-color").ok())
        .unwrap_or_default();
    let back = document
        .create_element_ns(Some(SVG_NS), "rect")
        .map_err(|_| make())?;
    for (k, v) in [("width", "100%"), ("height", "100%")] {
        let _ = back.set_attribute(k, v);
    }
    let _ = back.set_attribute(
        "fill",
        if background.is_empty() {
            "#ffffff"
        } else {
            &background
        },
    );
    let name = document
        .create_element_ns(Some(SVG_NS), "title")
        .map_err(|_| make())?;
    name.set_text_content(Some(title));
    let _ = copy.prepend_with_node_2(&name, &back);
    let _ = copy.remove_attribute("class");
    web_sys::XmlSerializer::new()
        .and_then(|x| x.serialize_to_string(&copy))
        .map_err(|_| make())
}

/// Saves the chart `svg` as an SVG file named `name`.
pub fn save_svg(svg: &Element, title: &str, name: &str) -> Result<(), Message> {
    download::save(name, "image/svg+xml", &svg_text(svg, title)?)
}

/// Saves the chart `svg` as a PNG file named `name`, at twice its size.
pub async fn save_png(svg: &Element, title: &str, name: &str) -> Result<(), Message> {
    let text = svg_text(svg, title)?;
    let make = || failed(k::chart::FILE_PICTURE_FAILED);
    let (w, h) = (
        f64::from(svg.client_width()),
        f64::from(svg.client_height()),
    );
    if w <= 0.0 || h <= 0.0 {
        return Err(make());
    }
    let image = web_sys::HtmlImageElement::new().map_err(|_| make())?;
    let source: String = js_sys::encode_uri_component(&text).into();
    image.set_src(&format!("data:image/svg+xml;charset=utf-8,{source}"));
    JsFuture::from(image.decode()).await.map_err(|_| make())?;
    let canvas: web_sys::HtmlCanvasElement = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("canvas").ok())
        .and_then(|c| c.dyn_into().ok())
        .ok_or_else(make)?;
    canvas.set_width((w * 2.0) as u32);
    canvas.set_height((h * 2.0) as u32);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or_else(make)?;
    context
        .draw_image_with_html_image_element_and_dw_and_dh(&image, 0.0, 0.0, w * 2.0, h * 2.0)
        .map_err(|_| make())?;
    let made = js_sys::Promise::new(&mut |done, _| {
        let call = wasm_bindgen::closure::Closure::once_into_js(move |blob: JsValue| {
            let _ = done.call1(&JsValue::NULL, &blob);
        });
        let _ = canvas.to_blob(call.unchecked_ref());
    });
    let blob: web_sys::Blob = JsFuture::from(made)
        .await
        .ok()
        .and_then(|b| b.dyn_into().ok())
        .ok_or_else(make)?;
    download::save_blob(name, &blob)
}
