// The example host page's own script: its routing, its log of the
// consoles' events, and the second console mounted with mount(). A file,
// not an inline script, so the page runs under a strict CSP too.
import init, { mount } from "/payments-console.js";

// Host routing: the host owns the hash.
const show = () => {
  const page = (location.hash.replace("#/", "") || "payments");
  for (const id of ["orders", "settings", "payments"]) {
    document.getElementById(`page-${id}`).hidden = id !== page;
  }
};
addEventListener("hashchange", show);
show();

// Events from both consoles bubble to the document.
const log = document.getElementById("log");
for (const name of ["created", "updated", "deleted", "error"]) {
  document.addEventListener(`payments-console:${name}`, (e) => {
    const li = document.createElement("li");
    li.textContent = `${name}: ${JSON.stringify(e.detail)}`;
    log.prepend(li);
  });
}

// Credentials are a property, never an attribute: no secret in the DOM.
document.querySelector("payments-console").credentials = { token: "rr_demo_token" };

await init();
window.secondConsole = mount(document.getElementById("second"), {
  vendor: "builton",
  baseUrl: "/builton",
  apiKey: "builton_demo_key",
  getToken: async () => "builton_demo_admin_token",
  theme: "dark",
  start: "list",
});
