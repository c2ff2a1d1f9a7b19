//! `<payments-console>`: a custom element whose attributes are the mount
//! options (`vendor`, `base-url`, `token`, `username`, `secret`,
//! `device-id`, `api-key`, `scope`, `scope-id`, `currency`, `routing`,
//! `start`, `theme`; a `getToken` property for a token callback). It mounts
//! when connected, updates when an attribute changes, and unmounts when
//! removed.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export function define_payments_console(mount) {
  if (customElements.get("payments-console")) return;
  const ATTRS = ["vendor", "name", "base-url", "token", "username", "secret", "device-id",
                 "api-key", "scope", "scope-id", "currency", "routing", "start", "theme"];
  const camel = (a) => a.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  class PaymentsConsole extends HTMLElement {
    static get observedAttributes() { return ATTRS; }
    options() {
      const o = {};
      for (const a of ATTRS) { const v = this.getAttribute(a); if (v !== null) o[camel(a)] = v; }
      if (typeof this.getToken === "function") o.getToken = this.getToken;
      return o;
    }
    report(e) {
      this.dispatchEvent(new CustomEvent("payments-console:error",
        { detail: { kind: "options", message: String(e) }, bubbles: true, composed: true }));
    }
    connectedCallback() {
      if (this.handle) return;
      try { this.handle = mount(this, this.options()); } catch (e) { this.report(e); }
    }
    disconnectedCallback() {
      if (this.handle) { this.handle.unmount(); this.handle.free(); this.handle = null; }
    }
    attributeChangedCallback() {
      if (!this.handle) return;
      try { this.handle.update(this.options()); } catch (e) { this.report(e); }
    }
  }
  customElements.define("payments-console", PaymentsConsole);
}
"#)]
extern "C" {
    /// Registers `<payments-console>` with the function that mounts one.
    pub fn define_payments_console(mount: &js_sys::Function);
}
