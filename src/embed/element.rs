//! `<payments-console>`: a custom element whose attributes are the mount
//! options that are not secret (`vendor`, `name`, `base-url`, `username`,
//! `device-id`, `scope`, `scope-id`, `currency`, `routing`, `start`,
//! `theme`, `locale`). Secrets never sit in the DOM: they come from a `getToken`
//! property (a callback asked before every request) or a `credentials`
//! property (`{token}`, `{apiKey, token}`, `{secret}`); a secret given as
//! an attribute is refused with an error event. It mounts when connected,
//! updates when an attribute or one of those properties changes, and
//! unmounts when removed.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export function define_payments_console(mount) {
  if (customElements.get("payments-console")) return;
  const ATTRS = ["vendor", "name", "base-url", "username", "device-id", "scope", "scope-id",
                 "currency", "routing", "start", "theme", "locale"];
  const SECRET_ATTRS = ["token", "secret", "api-key"];
  const camel = (a) => a.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  class PaymentsConsole extends HTMLElement {
    static get observedAttributes() { return ATTRS.concat(SECRET_ATTRS); }
    get credentials() { return this._credentials; }
    set credentials(v) { this._credentials = v; this.changed(); }
    get getToken() { return this._getToken; }
    set getToken(f) { this._getToken = f; this.changed(); }
    options() {
      const o = {};
      for (const a of ATTRS) { const v = this.getAttribute(a); if (v !== null) o[camel(a)] = v; }
      const c = this._credentials;
      if (c && typeof c === "object") {
        for (const k of ["token", "secret", "apiKey", "username", "deviceId"]) {
          if (typeof c[k] === "string") o[k] = c[k];
        }
      }
      if (typeof this._getToken === "function") o.getToken = this._getToken;
      return o;
    }
    refuseSecretAttributes() {
      const found = SECRET_ATTRS.filter((a) => this.hasAttribute(a));
      if (found.length === 0) return false;
      this.report(`Payments Console: ${found.join(", ")} must not be an attribute, where any script ` +
        "or a copy of the page can read it; set the credentials property or getToken instead.");
      return true;
    }
    // A property set before the element was defined shadows the accessor:
    // take it over.
    upgrade(name) {
      if (Object.prototype.hasOwnProperty.call(this, name)) {
        const v = this[name]; delete this[name]; this[name] = v;
      }
    }
    changed() {
      if (!this.handle) return;
      try { this.handle.update(this.options()); } catch (e) { this.report(e); }
    }
    report(e) {
      this.dispatchEvent(new CustomEvent("payments-console:error",
        { detail: { kind: "options", message: String(e) }, bubbles: true, composed: true }));
    }
    connectedCallback() {
      if (this.handle) return;
      this.upgrade("credentials");
      this.upgrade("getToken");
      if (this.refuseSecretAttributes()) return;
      try { this.handle = mount(this, this.options()); } catch (e) { this.report(e); }
    }
    disconnectedCallback() {
      if (this.handle) { this.handle.unmount(); this.handle.free(); this.handle = null; }
    }
    attributeChangedCallback(name) {
      if (SECRET_ATTRS.includes(name)) { this.refuseSecretAttributes(); return; }
      this.changed();
    }
  }
  customElements.define("payments-console", PaymentsConsole);
}
"#)]
extern "C" {
    /// Registers `<payments-console>` with the function that mounts one.
    pub fn define_payments_console(mount: &js_sys::Function);
}
